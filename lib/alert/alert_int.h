/*
 * alert_int.h - what the files of lib/alert share and bin/ does not see.
 */
#ifndef FLOW_ALERT_ALERT_INT_H
#define FLOW_ALERT_ALERT_INT_H

#include <stddef.h>

/* A growing NUL-terminated text; oom sticks after a failed allocation. */
struct text {
	char *buf;
	size_t len, cap;
	int oom;
};

void alert_text_add(struct text *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* The text (caller frees), or NULL after an allocation failure. */
char *alert_text_done(struct text *t);

struct alert_ctx;

/* One log line through ctx->log (nothing when there is none). */
void alert_say(const struct alert_ctx *c, int prio, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#endif
