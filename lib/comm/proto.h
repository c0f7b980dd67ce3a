/*
 * proto.h - the nfsend socket protocol, server side, without the socket
 * (reference/nfsen.md §5.1; the exact rules are nfsen 1.3.11's
 * Nfcomm.pm, checked against the recorded conversations in
 * nfsend-transcripts.md).
 *
 * A connection feeds complete lines (without the newline) to
 * comm_conn_line().  Internal lines (.timeout=, .silent=, .debug=) are
 * answered at once; everything else is collected until a line "."; then
 * comm_conn_decode() turns the request into a command name and an
 * argument hash (conf_value: scalars and `_key` arrays), writing the
 * `.Command is ...` and `.Key: ...` echo, or the error reply, into the
 * connection's output buffer.  The daemon then runs the handler, which
 * appends its data lines and status with comm_reply_*().
 *
 * Invariants: nothing here blocks, allocates without checking, or trusts
 * a length; a line longer than COMM_LINE_MAX or a request longer than
 * COMM_REQUEST_MAX ends the connection.
 */
#ifndef FLOW_COMM_PROTO_H
#define FLOW_COMM_PROTO_H

#include <stddef.h>

#include "conf/value.h"

#define COMM_LINE_MAX 65536		/* nfsen has none; we must bound memory */
#define COMM_REQUEST_MAX (4 << 20)	/* bytes of one request, all lines */
#define COMM_VALUE_MAX 10240		/* nfsen: "value too long." */
#define COMM_DEFAULT_TIMEOUT 10		/* seconds of read silence before nfsend gives up */

/* Growing output buffer of one connection. */
struct comm_out {
	char *buf;
	size_t len, cap;
	int oom;
};

void comm_out_add(struct comm_out *o, const char *s, size_t n);
void comm_out_printf(struct comm_out *o, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void comm_out_free(struct comm_out *o);

struct comm_conn {
	struct comm_out out;
	unsigned timeout;		/* seconds, from .timeout= */
	int silent, debug;
	char **lines;			/* the request collected so far */
	size_t nlines, caplines;
	size_t bytes;			/* of the lines collected */
	int too_long;			/* a line or request was over its limit */
};

struct comm_request {
	char *command;			/* without a leading '@' (owned) */
	int binary;			/* the command had '@' */
	int silent;			/* no echo for this one (binary or .silent) */
	struct conf_value *args;	/* hash: key -> scalar, or array for _key */
};

enum comm_line_result {
	COMM_MORE = 0,			/* keep reading */
	COMM_REQUEST = 1,		/* a request is complete: call comm_conn_decode */
	COMM_ERROR = -1,		/* out of memory or line too long: close */
};

void comm_conn_init(struct comm_conn *c);
void comm_conn_free(struct comm_conn *c);

/* One line, without its "\n" (a trailing "\r" is also dropped). */
enum comm_line_result comm_conn_line(struct comm_conn *c, const char *line, size_t len);

enum comm_decode_result {
	COMM_DISPATCH,		/* req is ready for its handler */
	COMM_REPLIED,		/* the reply (an error) is in c->out already */
	COMM_QUIT,		/* "OK Bye Bye" is in c->out: close after sending */
	COMM_NOTHING,		/* an empty request: nfsend sends nothing */
	COMM_FAILED,		/* out of memory: close */
};

/*
 * Decode the collected request.  known(name, ctx) says whether a command
 * (or plugin::command) exists; unknown names get nfsen's error replies.
 */
enum comm_decode_result comm_conn_decode(struct comm_conn *c, struct comm_request *req,
					 int (*known)(const char *name, void *ctx), void *ctx);
void comm_request_free(struct comm_request *req);

/* send() all of p (EINTR retried, no SIGPIPE); 0 or -1. */
int comm_send_all(int fd, const char *p, size_t n);

/* Reply helpers for handlers: data lines, then "." and one status line. */
void comm_reply_kv(struct comm_out *o, const char *key, const char *value);
void comm_reply_array(struct comm_out *o, const char *key, const char *value);
void comm_reply_status(struct comm_out *o, const char *status, const char *text);
/* "." + "ERR <text>" */
void comm_reply_err(struct comm_out *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
