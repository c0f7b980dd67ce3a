/*
 * client.c - the nfsend client side (client.h).
 */
#include <errno.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "comm/client.h"
#include "comm/proto.h"
#include "util/alloc.h"

/* One line (without "\n") into a malloc'd string; 0, -1 error/EOF, -2 timeout. */
static int read_line(struct comm_client *c, char **line, time_t deadline)
{
	for (;;) {
		char *nl = memchr(c->buf, '\n', c->len);
		struct pollfd pfd = { c->fd, POLLIN, 0 };
		time_t now = time(NULL);
		ssize_t got;
		int pr;

		if (nl) {
			size_t n = (size_t)(nl - c->buf);

			*line = flow_malloc(n + 1);
			if (!*line)
				return -1;
			memcpy(*line, c->buf, n);
			(*line)[n] = '\0';
			c->len -= n + 1;
			memmove(c->buf, nl + 1, c->len);
			return 0;
		}
		if (c->len == sizeof(c->buf))
			return -1;	/* a line this long is not nfsend talking */
		if (now >= deadline)
			return -2;
		pr = poll(&pfd, 1, (int)(deadline - now) * 1000);
		if (pr < 0 && errno == EINTR)
			continue;
		if (pr == 0)
			return -2;
		got = recv(c->fd, c->buf + c->len, sizeof(c->buf) - c->len, 0);
		if (got <= 0)
			return -1;
		c->len += (size_t)got;
	}
}

int comm_client_connect(struct comm_client *c, const char *path, unsigned timeout,
			struct flow_err *err)
{
	struct sockaddr_un sa;
	char *line = NULL, req[64];
	int rc;

	memset(c, 0, sizeof(*c));
	c->fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (c->fd < 0)
		return flow_errorf_errno(err, FLOW_EIO, "Can not create socket");
	memset(&sa, 0, sizeof(sa));
	sa.sun_family = AF_UNIX;
	snprintf(sa.sun_path, sizeof(sa.sun_path), "%s", path);
	if (connect(c->fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		rc = flow_errorf(err, FLOW_EIO, "Can not connect to nfsend: %s", strerror(errno));
		close(c->fd);
		return rc;
	}
	rc = read_line(c, &line, time(NULL) + 30);
	if (rc < 0 || strncmp(line, "220", 3) != 0) {
		rc = flow_errorf(err, FLOW_EIO, "Communication nfsend failed: %s",
				 rc == -2 ? "Timeout nfsend_connect" : line ? line : "");
		goto fail;
	}
	flow_free(line);
	line = NULL;
	if (timeout > 0) {
		snprintf(req, sizeof(req), ".timeout=%u\n", timeout);
		if (comm_send_all(c->fd, req, strlen(req)) < 0 || read_line(c, &line, time(NULL) + 30) < 0 ||
		    !strstr(line, "INFO Set timeout")) {
			rc = flow_errorf(err, FLOW_EIO, "Failed to set timeout to %u: %s", timeout,
					 line ? line : "");
			goto fail;
		}
		flow_free(line);
	}
	return 0;
fail:
	flow_free(line);
	close(c->fd);
	c->fd = -1;
	return rc;
}

/* Append the pieces (NULL-terminated) to the request text. */
static int append(char **buf, size_t *len, ...)
{
	const char *piece;
	va_list ap;

	va_start(ap, len);
	while ((piece = va_arg(ap, const char *)) != NULL) {
		size_t n = strlen(piece);
		char *p = flow_realloc(*buf, *len + n + 1);

		if (!p) {
			va_end(ap);
			return -1;
		}
		memcpy(p + *len, piece, n + 1);
		*buf = p;
		*len += n;
	}
	va_end(ap);
	return 0;
}

/* cmd, one line per argument (arrays as _key lines), and the closing ".". */
static int build_request(const char *cmd, const struct conf_value *args, char **out, size_t *len)
{
	size_t i, j;
	int rc;

	*out = NULL;
	*len = 0;
	rc = append(out, len, cmd, "\n", (char *)NULL);
	for (i = 0; rc == 0 && args && i < args->n; i++) {
		const struct conf_pair *p = &args->pairs[i];

		if (p->val->type != CONF_ARRAY) {
			rc = append(out, len, p->key, "=", p->val->str ? p->val->str : "", "\n",
				    (char *)NULL);
			continue;
		}
		for (j = 0; rc == 0 && j < p->val->n; j++)
			rc = append(out, len, "_", p->key, "=", p->val->items[j]->str, "\n",
				    (char *)NULL);
	}
	if (rc == 0)
		rc = append(out, len, ".\n", (char *)NULL);
	if (rc < 0) {
		flow_free(*out);
		*out = NULL;
	}
	return rc;
}

static int store_data(struct comm_reply *r, const char *line)
{
	const char *eq = strchr(line, '=');
	char key[1024];
	size_t n;
	struct conf_value *cur;

	if (!eq)
		return 0;	/* nfsen's client skips what it cannot split */
	while (*line == ' ' || *line == '\t')
		line++;
	n = (size_t)(eq - line);
	if (n == 0 || n >= sizeof(key))
		return 0;
	memcpy(key, line, n);
	key[n] = '\0';
	if (key[0] != '_')
		return conf_hash_set(r->data, key, conf_scalar(eq + 1));
	cur = conf_hash_get(r->data, key + 1);
	if (!cur || cur->type != CONF_ARRAY) {
		if (conf_hash_set(r->data, key + 1, conf_array()))
			return -1;
		cur = conf_hash_get(r->data, key + 1);
	}
	return conf_array_push(cur, conf_scalar(eq + 1));
}

static int store_info(struct comm_reply *r, const char *text)
{
	char **p = flow_realloc(r->info, (r->ninfo + 1) * sizeof(*p));

	if (!p)
		return -1;
	r->info = p;
	r->info[r->ninfo] = flow_strdup(text);
	return r->info[r->ninfo++] ? 0 : -1;
}

int comm_client_request(struct comm_client *c, const char *cmd, const struct conf_value *args,
			unsigned timeout, struct comm_reply *reply, struct flow_err *err)
{
	time_t deadline = time(NULL) + (timeout ? timeout : 30);
	char *req, *line = NULL;
	size_t len;
	int rc;

	memset(reply, 0, sizeof(*reply));
	reply->data = conf_hash();
	if (!reply->data || build_request(cmd, args, &req, &len) < 0)
		return flow_errorf(err, FLOW_ENOMEM, "out of memory");
	rc = comm_send_all(c->fd, req, len);
	flow_free(req);
	if (rc < 0)
		return flow_errorf(err, FLOW_EIO, "ERR Communication nfsend failed. Broken Pipe");
	for (;;) {
		rc = read_line(c, &line, deadline);
		if (rc < 0)
			return flow_errorf(err, FLOW_EIO, "ERR Communication nfsend failed. %s",
					   rc == -2 ? "Timeout on socket" : "Connection closed");
		if (strcmp(line, ".") == 0) {
			flow_free(line);
			rc = read_line(c, &line, deadline);
			if (rc < 0)
				return flow_errorf(err, FLOW_EIO, "ERR Communication nfsend failed.");
			reply->status = line;
			return 0;
		}
		/* the daemon can extend a long command with .info progress lines */
		if (line[0] == '.' && line[1]) {
			if (strncmp(line, ".info ", 6) == 0 && store_info(reply, line + 6) < 0)
				rc = -1;
			if (line[1] == '.' || line[1] == 'w')
				deadline = time(NULL) + (timeout ? timeout : 30);
		} else if (store_data(reply, line) < 0) {
			rc = -1;
		}
		flow_free(line);
		if (rc < 0)
			return flow_errorf(err, FLOW_ENOMEM, "out of memory");
	}
}

void comm_client_close(struct comm_client *c)
{
	char *line = NULL;
	time_t deadline = time(NULL) + 5;

	if (c->fd < 0)
		return;
	if (comm_send_all(c->fd, "quit\n.\n", 7) == 0) {
		/* read to the status line, as nfsend_disconnect does */
		while (read_line(c, &line, deadline) == 0) {
			int last = strcmp(line, ".") != 0 && line[0] != '.';

			flow_free(line);
			line = NULL;
			if (last)
				break;
		}
	}
	close(c->fd);
	c->fd = -1;
}

void comm_reply_free(struct comm_reply *r)
{
	size_t i;

	conf_value_free(r->data);
	flow_free(r->status);
	for (i = 0; i < r->ninfo; i++)
		flow_free(r->info[i]);
	flow_free(r->info);
	memset(r, 0, sizeof(*r));
}
