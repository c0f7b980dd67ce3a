/*
 * smtp.c - the SMTP dialogue for alert e-mail (smtp.h).
 */
#include <errno.h>
#include <netdb.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "alert/smtp.h"
#include "util/banned.h"

struct conn {
	int fd;
	unsigned timeout;
	char buf[1024];		/* unread reply bytes */
	size_t len;
	char last[256];		/* last reply line, for messages */
};

static int split_server(const char *server, char *host, size_t hcap, char *port, size_t pcap)
{
	const char *colon;

	snprintf(port, pcap, "25");
	if (server[0] == '[') {
		const char *end = strchr(server, ']');

		if (!end || (size_t)(end - server) >= hcap)
			return -1;
		snprintf(host, hcap, "%.*s", (int)(end - server - 1), server + 1);
		if (end[1] == ':')
			snprintf(port, pcap, "%s", end + 2);
		return 0;
	}
	colon = strchr(server, ':');
	/* one colon: host:port; more: a bare IPv6 address */
	if (colon && !strchr(colon + 1, ':')) {
		snprintf(host, hcap, "%.*s", (int)(colon - server), server);
		snprintf(port, pcap, "%s", colon + 1);
	} else {
		snprintf(host, hcap, "%s", server);
	}
	return host[0] ? 0 : -1;
}

static int wait_fd(int fd, short ev, unsigned timeout)
{
	struct pollfd p = { fd, ev, 0 };
	int n;

	do
		n = poll(&p, 1, (int)timeout * 1000);
	while (n < 0 && errno == EINTR);
	return n > 0 ? 0 : -1;
}

static int connect_to(struct conn *c, const char *server, struct flow_err *err)
{
	struct addrinfo hints, *res, *ai;
	char host[256], port[16];
	int rc, e = 0;

	if (split_server(server, host, sizeof(host), port, sizeof(port)) < 0)
		return flow_errorf(err, FLOW_EINVAL, "SMTP server '%s' not usable", server);
	memset(&hints, 0, sizeof(hints));
	hints.ai_socktype = SOCK_STREAM;
	rc = getaddrinfo(host, port, &hints, &res);
	if (rc != 0)
		return flow_errorf(err, FLOW_EIO, "SMTP server '%s': %s", server, gai_strerror(rc));
	c->fd = -1;
	for (ai = res; ai && c->fd < 0; ai = ai->ai_next) {
		int fd = socket(ai->ai_family, ai->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC,
				ai->ai_protocol);
		socklen_t l = sizeof(e);

		if (fd < 0)
			continue;
		if (connect(fd, ai->ai_addr, ai->ai_addrlen) == 0 ||
		    (errno == EINPROGRESS && wait_fd(fd, POLLOUT, c->timeout) == 0 &&
		     getsockopt(fd, SOL_SOCKET, SO_ERROR, &e, &l) == 0 && e == 0)) {
			c->fd = fd;
			break;
		}
		e = e ? e : errno;
		close(fd);
	}
	freeaddrinfo(res);
	if (c->fd < 0) {
		errno = e ? e : ETIMEDOUT;
		return flow_errorf_errno(err, FLOW_EIO, "SMTP server '%s': connect", server);
	}
	return 0;
}

static int send_all(struct conn *c, const char *p, size_t n, struct flow_err *err)
{
	while (n > 0) {
		ssize_t w;

		if (wait_fd(c->fd, POLLOUT, c->timeout) < 0)
			return flow_errorf(err, FLOW_EIO, "SMTP: timeout writing to server");
		w = send(c->fd, p, n, MSG_NOSIGNAL);
		if (w < 0 && (errno == EINTR || errno == EAGAIN))
			continue;
		if (w <= 0)
			return flow_errorf_errno(err, FLOW_EIO, "SMTP: write");
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

/* One reply line (without CRLF) into line. */
static int read_line(struct conn *c, char *line, size_t cap, struct flow_err *err)
{
	for (;;) {
		char *nl = memchr(c->buf, '\n', c->len);
		ssize_t r;

		if (nl) {
			size_t n = (size_t)(nl - c->buf);

			if (n > 0 && c->buf[n - 1] == '\r')
				n--;
			snprintf(line, cap, "%.*s", (int)n, c->buf);
			c->len -= (size_t)(nl + 1 - c->buf);
			memmove(c->buf, nl + 1, c->len);
			return 0;
		}
		if (c->len == sizeof(c->buf))
			c->len = 0;	/* an over-long line: keep only its end */
		if (wait_fd(c->fd, POLLIN, c->timeout) < 0)
			return flow_errorf(err, FLOW_EIO, "SMTP: timeout waiting for the server");
		r = recv(c->fd, c->buf + c->len, sizeof(c->buf) - c->len, 0);
		if (r < 0 && (errno == EINTR || errno == EAGAIN))
			continue;
		if (r <= 0)
			return flow_errorf(err, FLOW_EIO, "SMTP: connection closed by the server");
		c->len += (size_t)r;
	}
}

/* A whole (multi-line) reply; returns its code, or a negative error. */
static int reply(struct conn *c, struct flow_err *err)
{
	char line[512];

	do {
		int rc = read_line(c, line, sizeof(line), err);

		if (rc < 0)
			return rc;
		if (strlen(line) < 3 || line[0] < '1' || line[0] > '5')
			return flow_errorf(err, FLOW_EFORMAT, "SMTP: bad reply '%.100s'", line);
	} while (line[3] == '-');
	snprintf(c->last, sizeof(c->last), "%.255s", line);
	return (line[0] - '0') * 100 + (line[1] - '0') * 10 + (line[2] - '0');
}

/* Send the command line pre + arg + post + CRLF and read the reply code. */
static int command(struct conn *c, struct flow_err *err, const char *pre, const char *arg,
		   const char *post)
{
	char line[1024];
	int n = snprintf(line, sizeof(line), "%s%s%s\r\n", pre, arg, post);

	if (n < 0 || (size_t)n >= sizeof(line))
		return flow_errorf(err, FLOW_EINVAL, "SMTP: argument too long");
	if (send_all(c, line, (size_t)n, err) < 0)
		return FLOW_EIO;
	return reply(c, err);
}

/* The message with CRLF line ends and dot-stuffing, then the end mark. */
static int send_data(struct conn *c, const char *msg, struct flow_err *err)
{
	while (*msg) {
		size_t n = strcspn(msg, "\r\n");

		if (msg[0] == '.' && send_all(c, ".", 1, err) < 0)
			return FLOW_EIO;
		if (send_all(c, msg, n, err) < 0 || send_all(c, "\r\n", 2, err) < 0)
			return FLOW_EIO;
		msg += n;
		if (*msg == '\r')
			msg++;
		if (*msg == '\n')
			msg++;
	}
	return send_all(c, ".\r\n", 3, err);
}

static int fail(struct conn *c, int code, const char *what, struct flow_err *err)
{
	if (code < 0)
		return code;
	return flow_errorf(err, FLOW_EIO, "SMTP %s refused: %s", what, c->last);
}

static int dialogue(struct conn *c, const struct smtp_mail *m, int *accepted,
		    struct flow_err *err)
{
	size_t i, ok = 0;
	int code = reply(c, err);

	if (code != 220)
		return fail(c, code, "greeting", err);
	code = command(c, err, "EHLO ", m->helo, "");
	if (code >= 500 && code < 600)
		code = command(c, err, "HELO ", m->helo, "");
	if (code != 250)
		return fail(c, code, "HELO", err);
	code = command(c, err, "MAIL FROM:<", m->from, ">");
	if (code != 250)
		return fail(c, code, "MAIL FROM", err);
	for (i = 0; i < m->nrcpt; i++) {
		code = command(c, err, "RCPT TO:<", m->rcpt[i], ">");
		if (code < 0)
			return code;
		if (accepted)
			accepted[i] = code == 250 || code == 251;
		ok += code == 250 || code == 251;
	}
	if (ok == 0)
		return flow_errorf(err, FLOW_EIO, "SMTP: no recipient accepted: %s", c->last);
	code = command(c, err, "DATA", "", "");
	if (code != 354)
		return fail(c, code, "DATA", err);
	if (send_data(c, m->message, err) < 0)
		return FLOW_EIO;
	code = reply(c, err);
	if (code != 250)
		return fail(c, code, "message", err);
	command(c, NULL, "QUIT", "", "");
	return 0;
}

int smtp_send(const struct smtp_mail *m, int *accepted, struct flow_err *err)
{
	struct conn c;
	size_t i;
	int rc;

	memset(&c, 0, sizeof(c));
	c.timeout = m->timeout ? m->timeout : 30;
	for (i = 0; accepted && i < m->nrcpt; i++)
		accepted[i] = 0;
	/* no CR or LF may reach a command line from a configured value */
	if (strpbrk(m->from, "\r\n<>") || strpbrk(m->helo, "\r\n"))
		return flow_errorf(err, FLOW_EINVAL, "SMTP: bad sender or HELO name");
	for (i = 0; i < m->nrcpt; i++)
		if (strpbrk(m->rcpt[i], "\r\n<>"))
			return flow_errorf(err, FLOW_EINVAL, "SMTP: bad recipient '%s'", m->rcpt[i]);
	rc = connect_to(&c, m->server, err);
	if (rc < 0)
		return rc;
	rc = dialogue(&c, m, accepted, err);
	close(c.fd);
	return rc;
}
