/*
 * text.c - the growing text buffer alert.dat and alert.status are
 * formatted into, and the log lines of an alert cycle.
 */
#include <stdarg.h>
#include <stdio.h>

#include "alert/alert_int.h"
#include "alert/run.h"
#include "util/alloc.h"
#include "util/banned.h"

void alert_text_add(struct text *t, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (t->oom)
		return;
	for (;;) {
		va_start(ap, fmt);
		n = vsnprintf(t->buf ? t->buf + t->len : NULL, t->buf ? t->cap - t->len : 0, fmt, ap);
		va_end(ap);
		if (n < 0) {
			t->oom = 1;
			return;
		}
		if (t->buf && t->len + (size_t)n < t->cap) {
			t->len += (size_t)n;
			return;
		}
		{
			size_t cap = (t->cap ? t->cap * 2 : 1024) + (size_t)n;
			char *nb = flow_realloc(t->buf, cap);

			if (!nb) {
				t->oom = 1;
				return;
			}
			t->buf = nb;
			t->cap = cap;
		}
	}
}

char *alert_text_done(struct text *t)
{
	if (t->oom || !t->buf) {
		flow_free(t->buf);
		return NULL;
	}
	return t->buf;
}


void alert_say(const struct alert_ctx *c, int prio, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;

	if (!c->log)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	c->log(c->log_ctx, prio, msg);
}
