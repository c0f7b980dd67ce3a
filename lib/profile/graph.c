/*
 * graph.c - the overview PNGs (graph.h), the equivalent of nfsen's
 * "rrdtool graph" calls: DEF/CDEF per channel (traffic in bits: x8; a
 * negative sign draws below the axis), positive channels stacked in
 * ascending order, then negative ones, 576x200 pixels.
 */
#include <limits.h>
#include <stdarg.h>
#include <rrd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "profile/detail.h"
#include "profile/graph.h"
#include "profile/listing.h"
#include "util/alloc.h"

static const struct {
	const char *type, *label;
	int scale;
} kinds[] = {
	{ "flows", "Flows/s", 1 },
	{ "packets", "Packets/s", 1 },
	{ "traffic", "Bits/s", 8 },
};

static const struct {
	const char *name;
	time_t span;
} periods[] = {
	{ "day", 86400 }, { "week", 604800 }, { "month", 2592000 }, { "year", 31536000 },
};

#define MAX_ARGS 512

struct argv_buf {
	char *argv[MAX_ARGS];
	int argc;
	char store[65536];
	size_t used;
};

static int add(struct argv_buf *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static int add(struct argv_buf *a, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (a->argc + 1 >= MAX_ARGS)
		return -1;
	va_start(ap, fmt);
	n = vsnprintf(a->store + a->used, sizeof(a->store) - a->used, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= sizeof(a->store) - a->used)
		return -1;
	a->argv[a->argc++] = a->store + a->used;
	a->argv[a->argc] = NULL;
	a->used += (size_t)n + 1;
	return 0;
}

static int one_graph(const struct pstore *ps, const struct pname *pn, const struct profile *p,
		     const size_t *idx, size_t k, size_t per, time_t end, struct flow_err *err)
{
	struct argv_buf *a = flow_calloc(1, sizeof(*a));
	char png[PATH_MAX], leaf[64], from[64], to[64], rrd[PATH_MAX];
	time_t start = end - periods[per].span;
	size_t i;
	int rc = 0, first_neg = 1;
	rrd_info_t *info;

	if (!a)
		return flow_errorf(err, FLOW_ENOMEM, "graph: out of memory");
	snprintf(leaf, sizeof(leaf), "%s-%s.png", kinds[k].type, periods[per].name);
	pstore_path(ps, 0, pn, leaf, png, sizeof(png));
	listing_ctime(start, from, sizeof(from));
	listing_ctime(end, to, sizeof(to));
	rc |= add(a, "graph");
	rc |= add(a, "%s", png);
	for (i = 0; i < p->nchannels; i++) {
		const struct profile_channel *c = &p->channels[i];
		char rl[PROFILE_NAME_MAX + 8];

		snprintf(rl, sizeof(rl), "%s.rrd", c->name);
		pstore_path(ps, 0, pn, rl, rrd, sizeof(rrd));
		rc |= add(a, "DEF:data%s=%s:%s:AVERAGE", c->name, rrd, kinds[k].type);
		rc |= add(a, "CDEF:%s=data%s,%d,*", c->name, c->name,
			  (c->sign == '-' ? -1 : 1) * kinds[k].scale);
	}
	rc |= add(a, "--imgformat");
	rc |= add(a, "PNG");
	rc |= add(a, "--title");
	rc |= add(a, "%s: %s - %s", kinds[k].label, from, to);
	rc |= add(a, "--vertical-label");
	rc |= add(a, "%s", kinds[k].label);
	rc |= add(a, "--start");
	rc |= add(a, "%lld", (long long)start);
	rc |= add(a, "--end");
	rc |= add(a, "%lld", (long long)end);
	rc |= add(a, "-w");
	rc |= add(a, "576");
	rc |= add(a, "-h");
	rc |= add(a, "200");
	/* idx is listing order: positive by order, then negative by order */
	for (i = 0; i < p->nchannels; i++) {
		const struct profile_channel *c = &p->channels[idx[i]];
		int area = i == 0 || (c->sign == '-' && first_neg);

		if (c->sign == '-')
			first_neg = 0;
		rc |= add(a, "%s:%s%s:%s", area ? "AREA" : "STACK", c->name, c->colour, c->name);
	}
	if (rc == 0) {
		profile_rrd_lock();
		rrd_clear_error();
		info = rrd_graph_v(a->argc, a->argv);
		if (!info)
			rc = flow_errorf(err, FLOW_EIO, "graph %s: %s", png, rrd_get_error());
		else
			rrd_info_free(info);
		profile_rrd_unlock();
	} else {
		rc = flow_errorf(err, FLOW_EINVAL, "graph %s: too many channels", png);
	}
	flow_free(a);
	return rc;
}

unsigned graph_schedule(const struct pstore *ps, const struct pname *pn, time_t end)
{
	struct tm tm;
	unsigned mask = GRAPH_DAY;
	size_t k, per;

	localtime_r(&end, &tm);
	if (tm.tm_min % 30 == 0)
		mask |= GRAPH_WEEK;
	if (tm.tm_min == 0 && tm.tm_hour % 2 == 0)
		mask |= GRAPH_MONTH;
	if (tm.tm_min == 0 && tm.tm_hour == 0)
		mask |= GRAPH_YEAR;
	for (k = 0; k < sizeof(kinds) / sizeof(kinds[0]); k++)
		for (per = 0; per < sizeof(periods) / sizeof(periods[0]); per++) {
			char leaf[64], path[PATH_MAX];

			snprintf(leaf, sizeof(leaf), "%s-%s.png", kinds[k].type, periods[per].name);
			pstore_path(ps, 0, pn, leaf, path, sizeof(path));
			if (access(path, F_OK) != 0)
				mask |= 1u << per;
		}
	return mask;
}

int profile_graphs(const struct pstore *ps, const struct pname *pn, const struct profile *p,
		   time_t end, unsigned mask, struct flow_err *err)
{
	size_t k, per, *idx;
	int rc = 0;

	if (p->nchannels == 0)
		return 0;
	idx = flow_calloc(p->nchannels, sizeof(*idx));
	if (!idx)
		return flow_errorf(err, FLOW_ENOMEM, "graph: out of memory");
	profile_channel_order(p, idx);
	for (k = 0; k < sizeof(kinds) / sizeof(kinds[0]) && rc == 0; k++)
		for (per = 0; per < sizeof(periods) / sizeof(periods[0]) && rc == 0; per++)
			if (mask & (1u << per))
				rc = one_graph(ps, pn, p, idx, k, per, end, err);
	flow_free(idx);
	return rc;
}
