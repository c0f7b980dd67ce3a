/*
 * server.h - the nfsend UNIX socket server (reference/nfsen.md §5.1).
 *
 * One thread accepts; each connection gets its own thread, as nfsend
 * forked one child per connection, so a slow command (run-nfdump, a
 * graph) never holds up the dashboard's other requests.  At most
 * max_conn connections are served; the next one gets nfsend's "550 ERR
 * too many open connections." and is closed.  A connection silent for
 * its timeout (10 s, or .timeout=) is answered and closed as nfsend does.
 */
#ifndef FLOW_COMM_SERVER_H
#define FLOW_COMM_SERVER_H

#include <signal.h>
#include <sys/types.h>

#include "comm/proto.h"
#include "util/err.h"

struct comm_session;

/*
 * A command handler: writes data lines and one status through
 * comm_session_out(); for binary commands it writes raw bytes.  Long
 * handlers call comm_session_keepalive() at least once a second (the PHP
 * frontend gives up after 2 s of silence).
 */
typedef void (*comm_handler_fn)(struct comm_session *s, const struct comm_request *req,
				void *ctx);

struct comm_handler {
	const char *name;	/* "get-profile"; plugin commands "plugin::cmd" */
	comm_handler_fn fn;
};

struct comm_server_config {
	const char *path;		/* $COMMSOCKET */
	uid_t uid;			/* socket owner; (uid_t)-1 = leave */
	gid_t gid;
	unsigned max_conn;		/* 0 = 20, nfsend's limit */
	const struct comm_handler *handlers;
	size_t nhandlers;
	void *ctx;			/* passed to every handler */
};

struct comm_server;

/* Bind (a stale socket file is removed first), chmod 0660, chown, listen. */
int comm_server_open(struct comm_server **out, const struct comm_server_config *cfg,
		     struct flow_err *err);
/* Accept until *stop is set; returns 0, or a negative code on a fatal error. */
int comm_server_run(struct comm_server *srv, volatile sig_atomic_t *stop, struct flow_err *err);
/* Close the socket, remove its file, wait for running sessions. */
void comm_server_close(struct comm_server *srv);

/* Handler side. */
struct comm_out *comm_session_out(struct comm_session *s);
/* Send what is buffered now (for long replies and keep-alives); -1 when the peer is gone. */
int comm_session_flush(struct comm_session *s);
/* A ".wait" debug line, which every client skips, sent and flushed. */
int comm_session_keepalive(struct comm_session *s);
/* Raw bytes for binary commands. */
int comm_session_write(struct comm_session *s, const void *buf, size_t len);

#endif
