/*
 * proc.h - running the external programs of alerts and plugins: an argv
 * exec'd directly (never a shell), extra environment, a time limit after
 * which the program's whole process group is killed, and optionally its
 * standard output collected.
 *
 * The child gets /dev/null as stdin, its own process group, and no file
 * descriptor of ours beyond 0-2 (the daemon's socket must not leak into a
 * plugin).  Nothing here logs; the caller reports.
 */
#ifndef FLOW_ALERT_PROC_H
#define FLOW_ALERT_PROC_H

#include <stddef.h>
#include <sys/types.h>

#include "util/err.h"

#define PROC_OUT_MAX 65536	/* stdout kept per program; the rest is read and dropped */

struct proc {
	pid_t pid;
	int out_fd;		/* -1: stdout not captured */
	char *out;		/* captured stdout, NUL-terminated (owned) */
	size_t out_len;
	int status;		/* waitpid status once done */
	int done, timed_out;
};

/*
 * Start argv[0] (a path) with env added to ours ("K=V" strings, NULL
 * terminated, may be NULL).  capture: collect stdout into p->out.
 */
int proc_start(struct proc *p, char *const argv[], char *const env[], int capture,
	       struct flow_err *err);
/* As proc_start, with input (len bytes) as the program's standard input. */
int proc_start_input(struct proc *p, char *const argv[], char *const env[], int capture,
		     const char *input, size_t len, struct flow_err *err);
/* Collect output and reap for up to ms; 1 when p has ended (then proc_wait reaps nothing). */
int proc_poll(struct proc *p, unsigned ms);
/*
 * Wait for all n started programs, at most timeout_ms in total; the ones
 * still running then are killed (TERM, then KILL after a grace) and get
 * timed_out = 1.  Always reaps every child.
 */
void proc_wait(struct proc *p, size_t n, unsigned timeout_ms);
void proc_free(struct proc *p);

/* Start argv and forget it (nfsend's alert system command): no zombie, no wait. */
int proc_detach(char *const argv[], char *const env[], struct flow_err *err);

#endif
