/*
 * proc.c - start external programs with a time limit (proc.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "alert/proc.h"
#include "util/alloc.h"
#include "util/banned.h"

extern char **environ;

/* Our environment plus env, built before fork (the child may only exec). */
static char **env_merge(char *const env[])
{
	size_t n = 0, m = 0, i, j = 0;
	char **out;

	while (environ && environ[n])
		n++;
	while (env && env[m])
		m++;
	out = flow_calloc(n + m + 1, sizeof(*out));
	if (!out)
		return NULL;
	for (i = 0; i < m; i++)
		out[j++] = env[i];
	for (i = 0; i < n; i++) {
		const char *eq = strchr(environ[i], '=');
		size_t k, klen = eq ? (size_t)(eq - environ[i]) + 1 : 0;

		/* a variable we set replaces the inherited one */
		for (k = 0; k < m && klen; k++)
			if (strncmp(env[k], environ[i], klen) == 0)
				break;
		if (k == m || !klen)
			out[j++] = environ[i];
	}
	return out;
}

/* In the child: only async-signal-safe calls until exec. */
static void child(char *const argv[], char **envp, int out_w, int in_fd)
{
	int null = in_fd >= 0 ? in_fd : open("/dev/null", O_RDWR);

	setpgid(0, 0);
	if (null >= 0)
		dup2(null, 0);
	if (out_w >= 0)
		dup2(out_w, 1);
#ifdef SYS_close_range
	syscall(SYS_close_range, 3U, ~0U, 0U);
#else
	for (int fd = 3; fd < 4096; fd++)
		close(fd);
#endif
	signal(SIGPIPE, SIG_DFL);
	execve(argv[0], argv, envp);
	_exit(127);
}

/* input in an anonymous file: the child may read it at its pace, we never block */
static int input_fd(const char *input, size_t len)
{
	int fd = memfd_create("sen-input", MFD_CLOEXEC);
	size_t off = 0;

	while (fd >= 0 && off < len) {
		ssize_t n = write(fd, input + off, len - off);

		if (n <= 0) {
			close(fd);
			return -1;
		}
		off += (size_t)n;
	}
	if (fd >= 0 && lseek(fd, 0, SEEK_SET) < 0) {
		close(fd);
		return -1;
	}
	return fd;
}

int proc_start(struct proc *p, char *const argv[], char *const env[], int capture,
	       struct flow_err *err)
{
	return proc_start_input(p, argv, env, capture, NULL, 0, err);
}

int proc_start_input(struct proc *p, char *const argv[], char *const env[], int capture,
		     const char *input, size_t len, struct flow_err *err)
{
	int fds[2] = { -1, -1 }, in = input ? input_fd(input, len) : -1;
	char **envp = env_merge(env);

	memset(p, 0, sizeof(*p));
	p->out_fd = -1;
	p->pid = -1;
	if (!envp || (input && in < 0)) {
		flow_free(envp);
		if (in >= 0)
			close(in);
		return flow_errorf(err, FLOW_ENOMEM, "%s: no memory for its input", argv[0]);
	}
	if (capture) {
		p->out = flow_malloc(PROC_OUT_MAX + 1);
		if (!p->out || pipe2(fds, O_CLOEXEC) < 0) {
			flow_free(envp);
			if (in >= 0)
				close(in);
			proc_free(p);
			return flow_errorf_errno(err, FLOW_EIO, "%s: pipe", argv[0]);
		}
		p->out[0] = '\0';
	}
	p->pid = fork();
	if (p->pid == 0)
		child(argv, envp, fds[1], in);
	flow_free(envp);
	if (in >= 0)
		close(in);
	if (fds[1] >= 0)
		close(fds[1]);
	if (p->pid < 0) {
		if (fds[0] >= 0)
			close(fds[0]);
		proc_free(p);
		return flow_errorf_errno(err, FLOW_EIO, "%s: fork", argv[0]);
	}
	/* both sides set the group, so a kill right after start reaches it */
	setpgid(p->pid, p->pid);
	p->out_fd = fds[0];
	return 0;
}

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void drain(struct proc *p)
{
	char sink[4096];
	ssize_t n;

	if (p->out_fd < 0)
		return;
	if (p->out_len < PROC_OUT_MAX)
		n = read(p->out_fd, p->out + p->out_len, PROC_OUT_MAX - p->out_len);
	else
		n = read(p->out_fd, sink, sizeof(sink));
	if (n > 0 && p->out_len < PROC_OUT_MAX) {
		p->out_len += (size_t)n;
		p->out[p->out_len] = '\0';
	}
	if (n == 0 || (n < 0 && errno != EINTR && errno != EAGAIN)) {
		close(p->out_fd);
		p->out_fd = -1;
	}
}

/* One round: read what is there (up to 50 ms), reap who ended. */
static size_t step(struct proc *p, size_t n)
{
	struct pollfd pfd[64];
	size_t i, k = 0, running = 0;

	for (i = 0; i < n && k < 64; i++)
		if (p[i].out_fd >= 0) {
			pfd[k].fd = p[i].out_fd;
			pfd[k].events = POLLIN;
			k++;
		}
	if (k == 0 || poll(pfd, (nfds_t)k, 50) < 0)
		poll(NULL, 0, k ? 0 : 50);
	for (i = 0, k = 0; i < n; i++) {
		if (p[i].out_fd >= 0 && k < 64 && (pfd[k++].revents & (POLLIN | POLLHUP | POLLERR)))
			drain(&p[i]);
		if (!p[i].done && p[i].pid > 0 && waitpid(p[i].pid, &p[i].status, WNOHANG) == p[i].pid)
			p[i].done = 1;
		if (!p[i].done || p[i].out_fd >= 0)
			running++;
	}
	return running;
}

static void stop_all(struct proc *p, size_t n, int sig)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!p[i].done && p[i].pid > 0) {
			p[i].timed_out = 1;
			kill(-p[i].pid, sig);
		}
}

int proc_poll(struct proc *p, unsigned ms)
{
	long long deadline = now_ms() + ms;

	while (step(p, 1) > 0)
		if (now_ms() >= deadline)
			return 0;
	return 1;
}

void proc_wait(struct proc *p, size_t n, unsigned timeout_ms)
{
	long long deadline = now_ms() + timeout_ms;
	size_t i;

	while (step(p, n) > 0) {
		if (now_ms() < deadline)
			continue;
		stop_all(p, n, SIGTERM);
		deadline = now_ms() + 500;
		while (step(p, n) > 0 && now_ms() < deadline)
			;
		stop_all(p, n, SIGKILL);
		break;
	}
	for (i = 0; i < n; i++) {
		if (!p[i].done && p[i].pid > 0) {
			while (waitpid(p[i].pid, &p[i].status, 0) < 0 && errno == EINTR)
				;
			p[i].done = 1;
		}
		if (p[i].out_fd >= 0) {
			close(p[i].out_fd);
			p[i].out_fd = -1;
		}
	}
}

void proc_free(struct proc *p)
{
	if (p->out_fd >= 0)
		close(p->out_fd);
	flow_free(p->out);
	p->out = NULL;
	p->out_fd = -1;
}

int proc_detach(char *const argv[], char *const env[], struct flow_err *err)
{
	char **envp = env_merge(env);
	pid_t pid;
	int st;

	if (!envp)
		return flow_errorf(err, FLOW_ENOMEM, "out of memory");
	pid = fork();
	if (pid == 0) {
		/* the middle child exits at once: the program is init's to reap */
		if (fork() == 0)
			child(argv, envp, -1, -1);
		_exit(0);
	}
	flow_free(envp);
	if (pid < 0)
		return flow_errorf_errno(err, FLOW_EIO, "%s: fork", argv[0]);
	while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
		;
	return 0;
}
