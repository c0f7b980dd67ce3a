/*
 * The -x launcher: nfcapd 1.7.1's placeholders, expanded per finished
 * file, the command split on blanks and executed directly (no shell,
 * cli.md §1.1.1).  %f is the path relative to the flow directory, as 1.6
 * and 1.7.1 pass it (1.7.8's absolute %f is the documented exception).
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "collect/collect.h"
#include "util/banned.h"

static const char *token(char c, const struct collect_launch_args *a, char *num, size_t nlen)
{
	switch (c) {
	case 'f': return a->rel;
	case 'd': return a->dir;
	case 't': return a->stamp;
	case 'i': return a->ident;
	case 'u':
		snprintf(num, nlen, "%lld", (long long)a->slot);
		return num;
	case '%': return "%";
	}
	return NULL;
}

/* Expand the placeholders of cmd into buf; 0 or -1 when it does not fit. */
static int expand(const char *cmd, const struct collect_launch_args *a, char *buf, size_t len,
		  const struct collect_log *log)
{
	size_t o = 0;
	char num[32];

	for (const char *p = cmd; *p; p++) {
		const char *v = NULL;
		char one[3] = { *p, 0, 0 };

		if (*p == '%' && p[1]) {
			v = token(p[1], a, num, sizeof(num));
			if (!v) {
				collect_logf(log, COLLECT_ERR, "Unknown format token '%%%c'", p[1]);
				one[1] = p[1];
				v = one;
			}
			p++;
		} else {
			v = one;
		}
		size_t n = strlen(v);

		if (o + n >= len)
			return -1;
		memcpy(buf + o, v, n);
		o += n;
	}
	buf[o] = '\0';
	return 0;
}

int collect_launch_expand(const char *cmd, const struct collect_launch_args *a,
			  char *buf, size_t len, char **argv, int maxargs,
			  const struct collect_log *log, struct flow_err *err)
{
	int argc = 0;

	if (expand(cmd, a, buf, len, log) < 0)
		return flow_errorf(err, FLOW_EINVAL, "launcher command too long: %s", cmd);
	for (char *p = buf; *p;) {
		while (*p == ' ' || *p == '\t')
			*p++ = '\0';
		if (!*p)
			break;
		if (argc >= maxargs - 1)
			return flow_errorf(err, FLOW_EINVAL, "launcher command: too many words");
		argv[argc++] = p;
		while (*p && *p != ' ' && *p != '\t')
			p++;
	}
	argv[argc] = NULL;
	if (argc == 0)
		return flow_errorf(err, FLOW_EINVAL, "launcher command is empty");
	return argc;
}

int collect_launch_spawn(char **argv, struct flow_err *err)
{
	pid_t pid = fork();

	if (pid < 0)
		return flow_errorf_errno(err, FLOW_EIO, "fork() for '%s'", argv[0]);
	if (pid == 0) {
		/* the collector's threads block signals and ignore SIGPIPE: undo both */
		sigset_t none;
		int fd = open("/dev/null", O_RDWR);

		sigemptyset(&none);
		sigprocmask(SIG_SETMASK, &none, NULL);
		signal(SIGPIPE, SIG_DFL);

		if (fd >= 0) {
			dup2(fd, STDIN_FILENO);
			if (fd > STDERR_FILENO)
				close(fd);
		}
		execvp(argv[0], argv);
		_exit(255);
	}
	return (int)pid;
}
