/*
 * client.h - talking to nfsend (or sen) over its socket, as the nfsen
 * CLI does (Nfcomm.pm's nfsend_connect/nfsend_comm/nfsend_disconnect).
 */
#ifndef FLOW_COMM_CLIENT_H
#define FLOW_COMM_CLIENT_H

#include "conf/value.h"
#include "util/err.h"

struct comm_client {
	int fd;
	char buf[8192];
	size_t len;
};

/* A reply: data keys (scalars; arrays for _key lines) and the status line. */
struct comm_reply {
	struct conf_value *data;	/* hash */
	char *status;			/* "OK ...", "ERR ..." without the newline */
	char **info;			/* ".info ..." progress lines, without ".info " */
	size_t ninfo;
};

/*
 * Connect and read the greeting; with timeout > 0 also send .timeout=N
 * and expect "INFO Set timeout".  Errors carry nfsen's texts ("Can not
 * connect to nfsend: ...", "Communication nfsend failed: ...").
 */
int comm_client_connect(struct comm_client *c, const char *path, unsigned timeout,
			struct flow_err *err);

/*
 * Send cmd with args (a hash of scalars and arrays, may be NULL) and read
 * the reply within timeout seconds.
 */
int comm_client_request(struct comm_client *c, const char *cmd, const struct conf_value *args,
			unsigned timeout, struct comm_reply *reply, struct flow_err *err);

/* Send quit and close. */
void comm_client_close(struct comm_client *c);
void comm_reply_free(struct comm_reply *r);

#endif
