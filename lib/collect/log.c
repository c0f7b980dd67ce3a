/*
 * The log callback and the two sinks nfcapd has: stderr in the
 * foreground, syslog (facility daemon) once daemonized.
 */
#include <stdio.h>
#include <syslog.h>

#include "collect/collect.h"
#include "util/banned.h"

void collect_logf(const struct collect_log *l, int prio, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;

	if (!l || !l->fn || (prio >= COLLECT_DEBUG && l->verbose <= 0))
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	l->fn(l->ctx, prio, msg);
}

void collect_log_stderr(void *ctx, int prio, const char *msg)
{
	(void)ctx;
	(void)prio;
	fprintf(stderr, "%s\n", msg);
}

void collect_log_syslog(void *ctx, int prio, const char *msg)
{
	(void)ctx;
	syslog(prio, "%s", msg);
}
