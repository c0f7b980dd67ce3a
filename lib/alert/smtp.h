/*
 * smtp.h - a minimal SMTP client (RFC 5321) for alert e-mail: one
 * connection to $SMTP_SERVER, EHLO (HELO if refused), MAIL FROM, one RCPT
 * TO per recipient, DATA with dot-stuffing, QUIT.  Every read and write
 * has a time limit, so a silent server cannot hold up the cycle.
 *
 * server is "host", "host:port" or "[v6addr]:port" (Perl's Net::SMTP,
 * which nfsen used, takes the same); the port defaults to 25.
 */
#ifndef FLOW_ALERT_SMTP_H
#define FLOW_ALERT_SMTP_H

#include <stddef.h>

#include "util/err.h"

struct smtp_mail {
	const char *server;
	const char *helo;		/* name given in EHLO/HELO */
	const char *from;		/* envelope and From: */
	const char *const *rcpt;	/* envelope recipients */
	size_t nrcpt;
	const char *message;		/* headers, blank line, body; "\n" line ends */
	unsigned timeout;		/* seconds per server reply */
};

/*
 * Send one message.  accepted[i] tells which recipients the server took
 * (may be NULL).  Returns 0 when the message was accepted for at least
 * one recipient, else a negative code with the server's reply in err.
 */
int smtp_send(const struct smtp_mail *m, int *accepted, struct flow_err *err);

#endif
