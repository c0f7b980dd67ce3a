/*
 * server.c - the nfsend UNIX socket server (server.h).
 */
#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "comm/server.h"
#include "util/alloc.h"

struct comm_server {
	struct comm_server_config cfg;
	int fd;
	pthread_mutex_t lock;
	pthread_cond_t idle;
	unsigned active;
};

struct comm_session {
	struct comm_server *srv;
	int fd;
	int dead;		/* write failed: stop talking */
	struct comm_conn conn;
	char inbuf[8192];
	size_t inlen;
	char *line;		/* a line longer than inbuf is assembled here */
	size_t linelen;
};

int comm_server_open(struct comm_server **out, const struct comm_server_config *cfg,
		     struct flow_err *err)
{
	struct sockaddr_un sa;
	struct comm_server *srv;
	int fd;

	if (strlen(cfg->path) >= sizeof(sa.sun_path))
		return flow_errorf(err, FLOW_EINVAL, "socket path too long: %s", cfg->path);
	srv = flow_calloc(1, sizeof(*srv));
	if (!srv)
		return flow_errorf(err, FLOW_ENOMEM, "out of memory");
	srv->cfg = *cfg;
	if (!srv->cfg.max_conn)
		srv->cfg.max_conn = 20;
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0) {
		flow_free(srv);
		return flow_errorf_errno(err, FLOW_EIO, "Can not create socket");
	}
	memset(&sa, 0, sizeof(sa));
	sa.sun_family = AF_UNIX;
	strcpy(sa.sun_path, cfg->path);
	unlink(cfg->path);
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0 || chmod(cfg->path, 0660) < 0 ||
	    (cfg->uid != (uid_t)-1 && chown(cfg->path, cfg->uid, cfg->gid) < 0) ||
	    listen(fd, SOMAXCONN) < 0) {
		int rc = flow_errorf_errno(err, FLOW_EIO, "socket %s", cfg->path);

		close(fd);
		flow_free(srv);
		return rc;
	}
	srv->fd = fd;
	pthread_mutex_init(&srv->lock, NULL);
	pthread_cond_init(&srv->idle, NULL);
	*out = srv;
	return 0;
}

struct comm_out *comm_session_out(struct comm_session *s)
{
	return &s->conn.out;
}

int comm_session_flush(struct comm_session *s)
{
	struct comm_out *o = &s->conn.out;

	if (!s->dead && o->len && comm_send_all(s->fd, o->buf, o->len) < 0)
		s->dead = 1;
	o->len = 0;
	return s->dead ? -1 : 0;
}

int comm_session_keepalive(struct comm_session *s)
{
	comm_out_add(&s->conn.out, ".wait\n", 6);
	return comm_session_flush(s);
}

int comm_session_write(struct comm_session *s, const void *buf, size_t len)
{
	if (comm_session_flush(s) < 0 || comm_send_all(s->fd, buf, len) < 0)
		s->dead = 1;
	return s->dead ? -1 : 0;
}

static int known(const char *name, void *ctx)
{
	const struct comm_server *srv = ctx;
	size_t i, n = strlen(name);

	for (i = 0; i < srv->cfg.nhandlers; i++) {
		const char *h = srv->cfg.handlers[i].name;

		/* "plugin::" asks whether any command of that plugin exists */
		if (n > 2 && name[n - 1] == ':' && strncmp(h, name, n) == 0)
			return 1;
		if (strcmp(h, name) == 0)
			return 1;
	}
	return 0;
}

static void dispatch(struct comm_session *s, const struct comm_request *req)
{
	size_t i;

	for (i = 0; i < s->srv->cfg.nhandlers; i++) {
		if (strcmp(s->srv->cfg.handlers[i].name, req->command) == 0) {
			s->srv->cfg.handlers[i].fn(s, req, s->srv->cfg.ctx);
			return;
		}
	}
}

/* One complete line: feed it, run a finished request.  1 = close now. */
static int session_line(struct comm_session *s, const char *line, size_t len)
{
	struct comm_request req;
	enum comm_line_result r = comm_conn_line(&s->conn, line, len);
	int binary;

	if (r == COMM_ERROR)
		return 1;
	if (r == COMM_MORE)
		return comm_session_flush(s) < 0;
	switch (comm_conn_decode(&s->conn, &req, known, s->srv)) {
	case COMM_DISPATCH:
		binary = req.binary;	/* comm_request_free clears req */
		dispatch(s, &req);
		comm_request_free(&req);
		/* binary replies end with the connection, as in nfsend */
		return comm_session_flush(s) < 0 || binary;
	case COMM_QUIT:
	case COMM_FAILED:
		comm_session_flush(s);
		return 1;
	default:
		return comm_session_flush(s) < 0;
	}
}

/* Split the bytes read into lines.  1 = close. */
static int session_input(struct comm_session *s)
{
	char *start = s->inbuf, *nl, *end = s->inbuf + s->inlen;

	while ((nl = memchr(start, '\n', (size_t)(end - start))) != NULL) {
		int rc;

		if (s->line) {
			char *p = flow_realloc(s->line, s->linelen + (size_t)(nl - start) + 1);

			if (!p)
				return 1;
			memcpy(p + s->linelen, start, (size_t)(nl - start));
			rc = session_line(s, p, s->linelen + (size_t)(nl - start));
			flow_free(p);
			s->line = NULL;
			s->linelen = 0;
		} else {
			rc = session_line(s, start, (size_t)(nl - start));
		}
		if (rc)
			return 1;
		start = nl + 1;
	}
	/* keep the partial line; a full buffer moves to the long-line store */
	s->inlen = (size_t)(end - start);
	memmove(s->inbuf, start, s->inlen);
	if (s->inlen == sizeof(s->inbuf)) {
		char *p;

		if (s->linelen + s->inlen > COMM_LINE_MAX)
			return 1;
		p = flow_realloc(s->line, s->linelen + s->inlen);
		if (!p)
			return 1;
		memcpy(p + s->linelen, s->inbuf, s->inlen);
		s->line = p;
		s->linelen += s->inlen;
		s->inlen = 0;
	}
	return 0;
}

static void session_run(struct comm_session *s)
{
	char greet[64];
	int n = snprintf(greet, sizeof(greet), "220 %lld nfsend v0.1 ready \n",
			 (long long)time(NULL));

	if (comm_send_all(s->fd, greet, (size_t)n) < 0)
		return;
	for (;;) {
		struct pollfd pfd = { s->fd, POLLIN, 0 };
		int pr = poll(&pfd, 1, (int)s->conn.timeout * 1000);
		ssize_t got;

		if (pr < 0 && errno == EINTR)
			continue;
		if (pr == 0) {
			comm_reply_status(&s->conn.out, "OK", "Timeout reading from socket!");
			comm_session_flush(s);
			return;
		}
		got = recv(s->fd, s->inbuf + s->inlen, sizeof(s->inbuf) - s->inlen, 0);
		if (got <= 0)
			return;
		s->inlen += (size_t)got;
		if (session_input(s))
			return;
	}
}

static void *session_thread(void *arg)
{
	struct comm_session *s = arg;
	struct comm_server *srv = s->srv;

	session_run(s);
	close(s->fd);
	comm_conn_free(&s->conn);
	flow_free(s->line);
	flow_free(s);
	pthread_mutex_lock(&srv->lock);
	if (--srv->active == 0)
		pthread_cond_broadcast(&srv->idle);
	pthread_mutex_unlock(&srv->lock);
	return NULL;
}

static void start_session(struct comm_server *srv, int fd)
{
	static const char busy[] = "550 ERR too many open connections.\n";
	struct comm_session *s;
	pthread_attr_t attr;
	pthread_t tid;
	int full;

	pthread_mutex_lock(&srv->lock);
	/* nfsend counts the new one first: at most max_conn - 1 are served */
	full = srv->active + 1 >= srv->cfg.max_conn;
	if (!full)
		srv->active++;
	pthread_mutex_unlock(&srv->lock);
	if (full) {
		comm_send_all(fd, busy, sizeof(busy) - 1);
		close(fd);
		return;
	}
	s = flow_calloc(1, sizeof(*s));
	if (s) {
		s->srv = srv;
		s->fd = fd;
		comm_conn_init(&s->conn);
		pthread_attr_init(&attr);
		pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
		if (pthread_create(&tid, &attr, session_thread, s) == 0) {
			pthread_attr_destroy(&attr);
			return;
		}
		pthread_attr_destroy(&attr);
		flow_free(s);
	}
	close(fd);
	pthread_mutex_lock(&srv->lock);
	srv->active--;
	pthread_mutex_unlock(&srv->lock);
}

int comm_server_run(struct comm_server *srv, volatile sig_atomic_t *stop, struct flow_err *err)
{
	while (!*stop) {
		struct pollfd pfd = { srv->fd, POLLIN, 0 };
		int pr = poll(&pfd, 1, 500), fd;

		if (pr <= 0) {
			if (pr < 0 && errno != EINTR)
				return flow_errorf_errno(err, FLOW_EIO, "poll on %s", srv->cfg.path);
			continue;
		}
		fd = accept4(srv->fd, NULL, NULL, SOCK_CLOEXEC);
		if (fd < 0) {
			if (errno == EINTR || errno == ECONNABORTED || errno == EAGAIN)
				continue;
			return flow_errorf_errno(err, FLOW_EIO, "accept on %s", srv->cfg.path);
		}
		start_session(srv, fd);
	}
	return 0;
}

void comm_server_close(struct comm_server *srv)
{
	if (!srv)
		return;
	close(srv->fd);
	unlink(srv->cfg.path);
	pthread_mutex_lock(&srv->lock);
	while (srv->active > 0)
		pthread_cond_wait(&srv->idle, &srv->lock);
	pthread_mutex_unlock(&srv->lock);
	pthread_mutex_destroy(&srv->lock);
	pthread_cond_destroy(&srv->idle);
	flow_free(srv);
}
