/*
 * shell.c - nfsen -S / --shell: a raw session on the daemon's socket for
 * debugging.  Lines typed go to the daemon as they are; what it sends
 * comes back as it is, after a newline, as nfsen's shell shows it.  Ends
 * at end of input, when the daemon closes, or after its "OK Bye Bye".
 */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "comm/client.h"
#include "sen.h"

static int write_all(int fd, const char *buf, size_t len)
{
	while (len > 0) {
		ssize_t n = write(fd, buf, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		buf += n;
		len -= (size_t)n;
	}
	return 0;
}

/* Copy one read of from to to; 1 when the session is over. */
static int relay(int from, int to, int from_daemon)
{
	char buf[1024];
	ssize_t n = read(from, buf, sizeof(buf));

	if (n < 0 && errno == EINTR)
		return 0;
	if (n <= 0)
		return 1;
	if (from_daemon)
		fputs("\n", stdout);
	fflush(stdout);
	if (write_all(to, buf, (size_t)n) < 0)
		return 1;
	/* the reply to quit, with or without its newline */
	if (n > 0 && buf[n - 1] == '\n')
		n--;
	return from_daemon && n >= 10 && memcmp(buf + n - 10, "OK Bye Bye", 10) == 0;
}

int sen_shell(struct sen *s)
{
	struct comm_client cl;
	struct flow_err err = { 0 };
	int done = 0;

	if (comm_client_connect(&cl, s->conf.commsocket, 120, &err) < 0) {
		printf("%s\n", err.msg);
		return 255;
	}
	printf("NfSen Shell - connection ready.\n");
	while (!done) {
		struct pollfd p[2] = { { cl.fd, POLLIN, 0 }, { 0, POLLIN, 0 } };

		printf("> ");
		fflush(stdout);
		if (poll(p, 2, -1) < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		if (p[0].revents)
			done = relay(cl.fd, 1, 1);
		if (!done && p[1].revents)
			done = relay(0, cl.fd, 0);
	}
	close(cl.fd);
	return 0;
}
