/*
 * daemon.h - process plumbing of the collectors: the pidfile (-P),
 * detaching (-D) and dropping privileges after the socket is bound
 * (-u/-g), as nfcapd 1.7.1 does them.  Errors come back in err; the
 * binary decides the exit status (nfcapd: 255 for a held pidfile).
 */
#ifndef FLOW_COLLECT_DAEMON_H
#define FLOW_COLLECT_DAEMON_H

#include "util/err.h"

/* 0 when no live process holds path; FLOW_EINVAL with nfcapd's message. */
int collect_pidfile_check(const char *path, struct flow_err *err);
/* Write "<pid>\n" (temporary name, then rename). */
int collect_pidfile_write(const char *path, struct flow_err *err);
/* Remove it if it still names this process. */
void collect_pidfile_remove(const char *path);

/* fork, parent exits 0, child: setsid, chdir /, stdio to /dev/null. */
int collect_daemonize(struct flow_err *err);

/* Do user and group exist?  Asked before -D, so the caller sees the error. */
int collect_privileges_check(const char *user, const char *group, struct flow_err *err);
/* setgid/setuid to group and user (either may be NULL). */
int collect_drop_privileges(const char *user, const char *group, struct flow_err *err);

#endif
