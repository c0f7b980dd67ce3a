/*
 * listing.c - `nfsen -l` text (listing.h).
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "profile/listing.h"
#include "util/alloc.h"

void listing_ctime(time_t t, char *buf, size_t cap)
{
	struct tm tm;

	localtime_r(&t, &tm);
	strftime(buf, cap, "%a %b %e %H:%M:%S %Y", &tm);
}

void listing_expire(uint64_t hours, char *buf, size_t cap)
{
	uint64_t d = hours / 24, h = hours % 24;
	int n = 0;

	if (d > 0)
		n = snprintf(buf, cap, "%" PRIu64 " day%s ", d, d > 1 ? "s" : "");
	if (n < 0 || (size_t)n >= cap)
		n = 0;
	snprintf(buf + n, cap - (size_t)n, "%" PRIu64 " hour%s", h, h == 1 ? "" : "s");
}

void listing_size(uint64_t bytes, char *buf, size_t cap)
{
	static const struct {
		double div;
		const char *unit;
	} units[] = {
		{ 1024.0 * 1024 * 1024 * 1024, "TB" },
		{ 1024.0 * 1024 * 1024, "GB" },
		{ 1024.0 * 1024, "MB" },
		{ 1024.0, "KB" },
	};
	size_t i;

	for (i = 0; i < sizeof(units) / sizeof(units[0]); i++) {
		if ((double)bytes >= units[i].div) {
			snprintf(buf, cap, "%.1f %s", (double)bytes / units[i].div, units[i].unit);
			return;
		}
	}
	snprintf(buf, cap, "%" PRIu64, bytes);
}

const char *listing_type(unsigned type)
{
	static const char *const names[] = {
		"live", "history", "continuous", "continuous",
		"live / shadow", "history / shadow", "continuous / shadow", "continuous / shadow",
	};

	if (type == 0)
		return names[0];
	return names[(type & 3) == 1 ? 1 + (type & 4) : 2 + (type & 4)];
}

/* Append three strings to a malloc'd text (NULL on failure, freed). */
static void lb_cat(char **text, size_t *len, const char *a, const char *b, const char *c)
{
	size_t n = strlen(a) + strlen(b) + strlen(c);
	char *p;

	if (!*text && *len)
		return;		/* an earlier append failed */
	p = flow_realloc(*text, *len + n + 1);
	if (!p) {
		flow_free(*text);
		*text = NULL;
		*len = 1;
		return;
	}
	sprintf(p + *len, "%s%s%s", a, b, c);
	*text = p;
	*len += n;
}

struct lbuf {
	char *s;
	size_t len, cap;
	int oom;
};

static void add(struct lbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void add(struct lbuf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (b->oom)
		return;
	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0 || b->len + (size_t)n + 1 > b->cap) {
		size_t cap = (b->cap ? b->cap * 2 : 1024) + (size_t)(n < 0 ? 0 : n);
		char *p = flow_realloc(b->s, cap);

		if (!p || n < 0) {
			b->oom = 1;
			if (p)
				b->s = p;
			return;
		}
		b->s = p;
		b->cap = cap;
	}
	va_start(ap, fmt);
	vsnprintf(b->s + b->len, b->cap - b->len, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
}

static void add_channel(struct lbuf *b, const struct profile *p, const struct profile_channel *c,
			const struct listing_chstat *st)
{
	add(b, "channel %s\tsign: %c\tcolour: %s\torder: %u\tsourcelist: %s\t", c->name, c->sign,
	    c->colour, c->order, c->sourcelist);
	if (p->type & PROFILE_SHADOW) {
		add(b, "\n");
		return;
	}
	if (strcmp(p->status, "new") == 0 || !st) {
		add(b, "Files: 0\tSize: 0\t\n");
		return;
	}
	if (st->err_line) {
		/* nfsen prints the daemon's status line, newline and all, then zeros */
		add(b, "%s\n\tFiles: 0\tSize: 0\t\n", st->err_line);
		return;
	}
	add(b, "Files: %" PRIu64 "\tSize: %" PRIu64 "\t\n", st->numfiles, st->size);
}

int profile_listing(const struct profile *p, const struct listing_chstat *stats,
		    char **out, size_t *len, struct flow_err *err)
{
	struct lbuf b = { 0 };
	char t[64];
	size_t i, *idx;

	idx = flow_calloc(p->nchannels ? p->nchannels : 1, sizeof(*idx));
	if (!idx)
		return flow_errorf(err, FLOW_ENOMEM, "profile '%s': out of memory", p->name);
	for (i = 0; i < p->ndescription; i++)
		add(&b, "# %s\n", p->description[i]);
	add(&b, "name\t%s\n", p->name);
	add(&b, "group\t%s\n", strcmp(p->group, ".") == 0 ? "(nogroup)" : p->group);
	listing_ctime((time_t)p->tcreate, t, sizeof(t));
	add(&b, "tcreate\t%s\n", t);
	listing_ctime((time_t)p->tstart, t, sizeof(t));
	add(&b, "tstart\t%s\n", t);
	listing_ctime((time_t)p->tend, t, sizeof(t));
	add(&b, "tend\t%s\n", t);
	listing_ctime((time_t)p->updated, t, sizeof(t));
	add(&b, "updated\t%s\n", t);
	listing_expire(p->expire, t, sizeof(t));
	add(&b, "expire\t%s\n", t);
	listing_size(p->size, t, sizeof(t));
	add(&b, "size\t%s\n", t);
	listing_size(p->maxsize, t, sizeof(t));
	add(&b, "maxsize\t%s\n", t);
	add(&b, "type\t%s\n", listing_type(p->type));
	add(&b, "locked\t%d\nstatus\t%s\nversion\t%u\n", p->locked, p->status, p->version);
	profile_channel_order(p, idx);
	for (i = 0; i < p->nchannels; i++)
		add_channel(&b, p, &p->channels[idx[i]], stats ? &stats[idx[i]] : NULL);
	add(&b, "\n");
	flow_free(idx);
	if (b.oom) {
		flow_free(b.s);
		return flow_errorf(err, FLOW_ENOMEM, "profile '%s': out of memory", p->name);
	}
	*out = b.s;
	*len = b.len;
	return 0;
}

static int64_t num(const struct conf_value *d, const char *key)
{
	const char *v = conf_hash_str(d, key);

	return v ? strtoll(v, NULL, 10) : 0;
}

int profile_from_reply(struct profile *p, const struct conf_value *data, struct flow_err *err)
{
	const struct conf_value *v;
	const char *name = conf_hash_str(data, "name"), *group = conf_hash_str(data, "group");
	const char *status = conf_hash_str(data, "status");
	char *text = NULL;
	size_t i, len = 0;
	int rc;

	/* rebuild profile.dat text and parse it: one parser for both */
	for (v = conf_hash_get(data, "description"), i = 0; v && v->type == CONF_ARRAY && i < v->n; i++)
		lb_cat(&text, &len, "# ", v->items[i]->str, "\n");
	lb_cat(&text, &len, "name = ", name ? name : "", "\n");
	lb_cat(&text, &len, "group = ", group ? group : ".", "\n");
	lb_cat(&text, &len, "status = ", status ? status : "", "\n");
	for (v = conf_hash_get(data, "channel"), i = 0; v && v->type == CONF_ARRAY && i < v->n; i++)
		lb_cat(&text, &len, "channel = ", v->items[i]->str, "\n");
	if (!text)
		return flow_errorf(err, FLOW_ENOMEM, "out of memory");
	rc = profile_parse(p, "get-profile reply", text, len, err);
	flow_free(text);
	if (rc < 0)
		return rc;
	p->tbegin = num(data, "tbegin");
	p->tcreate = num(data, "tcreate");
	p->tstart = num(data, "tstart");
	p->tend = num(data, "tend");
	p->updated = num(data, "updated");
	p->expire = (uint64_t)num(data, "expire");
	p->maxsize = (uint64_t)num(data, "maxsize");
	p->size = (uint64_t)num(data, "size");
	p->type = (unsigned)num(data, "type");
	p->locked = num(data, "locked") != 0;
	p->version = (unsigned)num(data, "version");
	return 0;
}
