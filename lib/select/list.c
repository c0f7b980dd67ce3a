/*
 * The selection object: two owned string lists (paths, warnings) and
 * their accessors.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "select/select_int.h"
#include "util/alloc.h"
#include "util/banned.h"

int sel_strlist_take(struct sel_strlist *l, char *s)
{
	if (s == NULL)
		return FLOW_ENOMEM;
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 16;
		char **v = flow_realloc(l->v, cap * sizeof(*v));

		if (v == NULL) {
			flow_free(s);
			return FLOW_ENOMEM;
		}
		l->v = v;
		l->cap = cap;
	}
	l->v[l->n++] = s;
	return 0;
}

int sel_strlist_push(struct sel_strlist *l, const char *s)
{
	return sel_strlist_take(l, flow_strdup(s));
}

void sel_strlist_clear(struct sel_strlist *l)
{
	for (size_t i = 0; i < l->n; i++)
		flow_free(l->v[i]);
	flow_free(l->v);
	l->v = NULL;
	l->n = l->cap = 0;
}

int sel_warnf(struct flow_selection *s, struct flow_err *err, const char *fmt, ...)
{
	char line[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	if (sel_strlist_push(&s->warnings, line) < 0)
		return flow_errorf(err, FLOW_ENOMEM, "out of memory listing files");
	return 0;
}

size_t flow_selection_count(const struct flow_selection *s)
{
	return s ? s->paths.n : 0;
}

const char *flow_selection_path(const struct flow_selection *s, size_t i)
{
	return s && i < s->paths.n ? s->paths.v[i] : NULL;
}

size_t flow_selection_warning_count(const struct flow_selection *s)
{
	return s ? s->warnings.n : 0;
}

const char *flow_selection_warning(const struct flow_selection *s, size_t i)
{
	return s && i < s->warnings.n ? s->warnings.v[i] : NULL;
}

void flow_selection_free(struct flow_selection *s)
{
	if (s == NULL)
		return;
	sel_strlist_clear(&s->paths);
	sel_strlist_clear(&s->warnings);
	flow_free(s);
}
