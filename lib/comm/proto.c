/*
 * proto.c - the nfsend request framing and argument rules (proto.h).
 */
#include <ctype.h>
#include <errno.h>
#include <sys/socket.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "comm/proto.h"
#include "util/alloc.h"

void comm_out_add(struct comm_out *o, const char *s, size_t n)
{
	if (o->oom)
		return;
	if (o->len + n + 1 > o->cap) {
		size_t cap = o->cap ? o->cap : 4096;
		char *p;

		while (cap < o->len + n + 1)
			cap *= 2;
		p = flow_realloc(o->buf, cap);
		if (!p) {
			o->oom = 1;
			return;
		}
		o->buf = p;
		o->cap = cap;
	}
	memcpy(o->buf + o->len, s, n);
	o->len += n;
	o->buf[o->len] = '\0';
}

void comm_out_printf(struct comm_out *o, const char *fmt, ...)
{
	char small[512], *big;
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(small, sizeof(small), fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n < sizeof(small)) {
		comm_out_add(o, small, (size_t)n);
		return;
	}
	big = flow_malloc((size_t)n + 1);
	if (!big) {
		o->oom = 1;
		return;
	}
	va_start(ap, fmt);
	vsnprintf(big, (size_t)n + 1, fmt, ap);
	va_end(ap);
	comm_out_add(o, big, (size_t)n);
	flow_free(big);
}

void comm_out_free(struct comm_out *o)
{
	flow_free(o->buf);
	memset(o, 0, sizeof(*o));
}

void comm_conn_init(struct comm_conn *c)
{
	memset(c, 0, sizeof(*c));
	c->timeout = COMM_DEFAULT_TIMEOUT;
}

static void drop_lines(struct comm_conn *c)
{
	size_t i;

	for (i = 0; i < c->nlines; i++)
		flow_free(c->lines[i]);
	c->nlines = 0;
	c->bytes = 0;
}

void comm_conn_free(struct comm_conn *c)
{
	drop_lines(c);
	flow_free(c->lines);
	comm_out_free(&c->out);
	memset(c, 0, sizeof(*c));
}

/* A digits-only value after prefix, as /^name=(\d+)$/. */
static int internal_num(const char *s, const char *prefix, unsigned long *v)
{
	size_t n = strlen(prefix);

	if (strncmp(s, prefix, n) != 0 || !s[n] || strspn(s + n, "0123456789") != strlen(s + n))
		return 0;
	*v = strtoul(s + n, NULL, 10);
	return 1;
}

/* .timeout=N, .silent=N, .debug=N and anything else that looks internal. */
static void internal_line(struct comm_conn *c, const char *s)
{
	unsigned long v;

	if (internal_num(s, "timeout=", &v)) {
		c->timeout = v > 86400 ? 86400 : (unsigned)v;
		if (!c->silent)
			comm_out_printf(&c->out, "INFO Set timeout to %lu\n", v);
	} else if (internal_num(s, "silent=", &v)) {
		c->silent = v != 0;
	} else if (internal_num(s, "debug=", &v)) {
		c->debug = v == 1;
		if (!c->silent)
			comm_out_printf(&c->out, "INFO Set debug to %d\n", c->debug);
	} else if (!c->silent) {
		comm_out_printf(&c->out, "INFO Unknown internal: '%s'\n", s);
	}
}

enum comm_line_result comm_conn_line(struct comm_conn *c, const char *line, size_t len)
{
	char *copy;

	if (len > 0 && line[len - 1] == '\r')
		len--;
	if (len > COMM_LINE_MAX || c->bytes + len > COMM_REQUEST_MAX) {
		c->too_long = 1;
		return COMM_ERROR;
	}
	copy = flow_malloc(len + 1);
	if (!copy)
		return COMM_ERROR;
	memcpy(copy, line, len);
	copy[len] = '\0';
	/* nfsend: /^\.(\w.+)$/ is internal, wherever it comes */
	if (len >= 3 && copy[0] == '.' && (isalnum((unsigned char)copy[1]) || copy[1] == '_')) {
		internal_line(c, copy + 1);
		flow_free(copy);
		return c->out.oom ? COMM_ERROR : COMM_MORE;
	}
	if (strcmp(copy, ".") == 0) {
		flow_free(copy);
		return COMM_REQUEST;
	}
	if (strcmp(copy, "..") == 0)
		copy[1] = '\0';
	if (c->nlines == c->caplines) {
		size_t cap = c->caplines ? c->caplines * 2 : 16;
		char **p = flow_realloc(c->lines, cap * sizeof(*p));

		if (!p) {
			flow_free(copy);
			return COMM_ERROR;
		}
		c->lines = p;
		c->caplines = cap;
	}
	c->lines[c->nlines++] = copy;
	c->bytes += len;
	return COMM_MORE;
}

/*
 * nfsend splits an argument line with /\s*([^\s]+)\s*=\s*(.*)\s*\/: the key
 * is the longest start of the first blank-free run that an '=' follows
 * (so "a=b=c" is key "a=b", value "c"), the value what comes after the
 * '=' and its blanks.  Returns 0, or -1 when there is no such '='.
 */
static int split_arg(const char *line, const char **key, size_t *keylen, const char **val)
{
	const char *s = line, *run_end, *k;

	while (isspace((unsigned char)*s))
		s++;
	run_end = s;
	while (*run_end && !isspace((unsigned char)*run_end))
		run_end++;
	/* greedy: try the longest key first */
	for (k = run_end; k > s; k--) {
		const char *p = k;

		while (isspace((unsigned char)*p))
			p++;
		if (*p == '=') {
			p++;
			while (isspace((unsigned char)*p))
				p++;
			*key = s;
			*keylen = (size_t)(k - s);
			*val = p;
			return 0;
		}
	}
	return -1;
}

/* /^[\._\w]\w[\w\-_]+/ on the key's start */
static int key_ok(const char *k, size_t n)
{
#define W(c) (isalnum((unsigned char)(c)) || (c) == '_')
	return n >= 3 && (W(k[0]) || k[0] == '.') && W(k[1]) && (W(k[2]) || k[2] == '-');
#undef W
}

static const char *store_arg(struct conf_value *args, const char *key, const char *v,
			     int is_array, int *oom);

/* Apply one argument line to args; returns NULL or nfsend's error text. */
static const char *decode_arg(struct conf_value *args, const char *line, int *oom)
{
	const char *k, *v, *bad;
	char *key;
	size_t kn;
	int is_array;

	if (split_arg(line, &k, &kn, &v) < 0 || !key_ok(k, kn))
		return "key format error";
	if (strlen(v) > COMM_VALUE_MAX)
		return "value too long.";
	is_array = k[0] == '_' && kn > 1;
	key = flow_malloc(kn + 1);
	if (!key) {
		*oom = 1;
		return "out of memory";
	}
	memcpy(key, k + is_array, kn - (size_t)is_array);
	key[kn - (size_t)is_array] = '\0';
	bad = store_arg(args, key, v, is_array, oom);
	flow_free(key);
	return bad;
}

static const char *store_arg(struct conf_value *args, const char *key, const char *v,
			     int is_array, int *oom)
{
	struct conf_value *cur = conf_hash_get(args, key);

	if (is_array) {
		if (cur && cur->type != CONF_ARRAY)
			return "tried to assign an array entry to a scalar element";
		if (!cur) {
			if (conf_hash_set(args, key, conf_array()))
				goto oom;
			cur = conf_hash_get(args, key);
		}
		if (conf_array_push(cur, conf_scalar(v)))
			goto oom;
		return NULL;
	}
	if (cur && cur->type == CONF_ARRAY)
		return "tried to assign a scalar entry to an array entry";
	if (conf_hash_set(args, key, conf_scalar(v)) == 0)
		return NULL;
oom:
	*oom = 1;
	return "out of memory";
}

static void echo_args(struct comm_out *o, const struct conf_value *args)
{
	size_t i, j;

	for (i = 0; i < args->n; i++) {
		const struct conf_pair *p = &args->pairs[i];

		if (p->val->type == CONF_ARRAY) {
			for (j = 0; j < p->val->n; j++)
				comm_out_printf(o, ".Key: '%s', value: '%s'\n", p->key,
						p->val->items[j]->str);
		} else {
			comm_out_printf(o, ".Key: '%s', value: '%s'\n", p->key, p->val->str);
		}
	}
}

/* nfsend's answer for a name no handler has. */
static void unknown_command(struct comm_out *o, const char *name,
			    int (*known)(const char *name, void *ctx), void *ctx)
{
	const char *sep = strstr(name, "::");
	char plugin[256];
	size_t n;

	if (!sep) {
		comm_reply_err(o, "Command unknown: '%s'", name);
		return;
	}
	n = (size_t)(sep - name);
	if (n >= sizeof(plugin) - 2)
		n = sizeof(plugin) - 3;
	memcpy(plugin, name, n);
	memcpy(plugin + n, "::", 3);
	if (!known(plugin, ctx)) {
		plugin[n] = '\0';
		comm_reply_err(o, "Plugin '%s' unknown", plugin);
		return;
	}
	plugin[n] = '\0';
	comm_reply_err(o, "Plugin '%s' command unknown: '%s'", plugin, sep + 2);
}

enum comm_decode_result comm_conn_decode(struct comm_conn *c, struct comm_request *req,
					 int (*known)(const char *name, void *ctx), void *ctx)
{
	const char *line, *s, *e;
	enum comm_decode_result rc = COMM_REPLIED;
	const char *bad;
	size_t i;
	int oom = 0;

	memset(req, 0, sizeof(*req));
	if (c->nlines == 0)
		return COMM_NOTHING;	/* a lone "." gets no answer at all */
	line = c->lines[0];
	if (line[0] == '\0') {
		comm_reply_status(&c->out, "OK", "I'm here");
		goto out;
	}
	for (s = line; isspace((unsigned char)*s); s++)
		;
	for (e = s; *e && !isspace((unsigned char)*e); e++)
		;
	if (e == s) {
		comm_reply_err(&c->out, "Failed to decode line '%s'", line);
		rc = COMM_QUIT;
		goto out;
	}
	req->binary = *s == '@';
	req->command = flow_malloc((size_t)(e - s) + 1);
	req->args = conf_hash();
	if (!req->command || !req->args) {
		rc = COMM_FAILED;
		goto out;
	}
	memcpy(req->command, s + req->binary, (size_t)(e - s) - (size_t)req->binary);
	req->command[(size_t)(e - s) - (size_t)req->binary] = '\0';
	req->silent = c->silent || req->binary;
	if (!req->silent)
		comm_out_printf(&c->out, ".Command is '%s' binary mode: %d\n", req->command,
				req->binary);
	if (strcmp(line, "quit") == 0) {
		comm_reply_status(&c->out, "OK", "Bye Bye");
		rc = COMM_QUIT;
		goto out;
	}
	if (!known(req->command, ctx)) {
		unknown_command(&c->out, req->command, known, ctx);
		goto out;
	}
	while (isspace((unsigned char)*e))
		e++;
	/* an argument on the command line counts as the first argument line */
	bad = *e ? decode_arg(req->args, e, &oom) : NULL;
	for (i = 1; i < c->nlines && !bad; i++)
		bad = decode_arg(req->args, c->lines[i], &oom);
	if (oom) {
		rc = COMM_FAILED;
		goto out;
	}
	if (bad) {
		comm_reply_err(&c->out, "%s", bad);
		goto out;
	}
	if (!req->silent)
		echo_args(&c->out, req->args);
	rc = COMM_DISPATCH;
out:
	drop_lines(c);
	if (c->out.oom)
		rc = COMM_FAILED;
	if (rc != COMM_DISPATCH)
		comm_request_free(req);
	return rc;
}

void comm_request_free(struct comm_request *req)
{
	flow_free(req->command);
	conf_value_free(req->args);
	memset(req, 0, sizeof(*req));
}

void comm_reply_kv(struct comm_out *o, const char *key, const char *value)
{
	comm_out_printf(o, "%s=%s\n", key, value);
}

void comm_reply_array(struct comm_out *o, const char *key, const char *value)
{
	comm_out_printf(o, "_%s=%s\n", key, value);
}

void comm_reply_status(struct comm_out *o, const char *status, const char *text)
{
	comm_out_printf(o, ".\n%s %s\n", status, text);
}

void comm_reply_err(struct comm_out *o, const char *fmt, ...)
{
	char msg[COMM_VALUE_MAX + 512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	comm_reply_status(o, "ERR", msg);
}

int comm_send_all(int fd, const char *p, size_t n)
{
	while (n > 0) {
		ssize_t w = send(fd, p, n, MSG_NOSIGNAL);

		if (w < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += w;
		n -= (size_t)w;
	}
	return 0;
}
