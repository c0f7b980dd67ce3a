/*
 * agraph.c - @get-alertgraph: one alert's value and its six averages over
 * a time range, one line each, with a vertical rule at every trigger
 * event in the range (NfSenRRD.pm GenAlertGraph), rendered by librrd into
 * memory.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alert/agraph.h"
#include "profile/detail.h"
#include "util/alloc.h"
#include "util/banned.h"

static const char *const ds_name[7] = { "last", "avg10m", "avg30m", "avg1h",
					"avg6h", "avg12h", "avg24h" };
static const char *const colour[7] = { "#ff0000", "#800000", "#008080", "#00ffff",
				       "#ffff00", "#808000", "#0000ff" };

static int num_arg(const char *s, long long *v)
{
	char *end;

	if (!s || !*s)
		return -1;
	*v = strtoll(s, &end, 10);
	return *end ? -1 : 0;
}

/* The rrd_graph argument strings, in one block. */
struct gargs {
	char s[40][320];
	char *argv[40];
	int argc;
};

static void push(struct gargs *g, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void push(struct gargs *g, const char *fmt, ...)
{
	va_list ap;

	if (g->argc >= 40)
		return;
	va_start(ap, fmt);
	vsnprintf(g->s[g->argc], sizeof(g->s[0]), fmt, ap);
	va_end(ap);
	g->argv[g->argc] = g->s[g->argc];
	g->argc++;
}

static void date_str(time_t t, char *buf, size_t cap)
{
	struct tm tm;

	localtime_r(&t, &tm);
	strftime(buf, cap, "%a %b %e %H:%M:%S %Y", &tm);
}

int alert_graph(const char *dir, char *const *args, size_t nargs, const time_t *events,
		size_t nevents, unsigned char **png, size_t *len, struct flow_err *err)
{
	static const char *const type_name[3] = { "flows", "packets", "bytes" };
	static const char *const title[3] = { "Flows/s", "Packets/s", "Bits/s" };
	long long type, start, end;
	struct gargs *g;
	char d1[64], d2[64];
	size_t i;
	int rc;

	if (nargs < 3 || num_arg(args[0], &type) < 0 || num_arg(args[1], &start) < 0 ||
	    num_arg(args[2], &end) < 0)
		return flow_errorf(err, FLOW_EINVAL, "alert graph: three numbers required");
	if (type < 0 || type > 2)
		return flow_errorf(err, FLOW_EINVAL, "Unknown type '%lld'", type);
	if (start <= 0 || end <= start)
		return flow_errorf(err, FLOW_EINVAL, "alert graph: bad time range");
	g = flow_calloc(1, sizeof(*g));
	if (!g)
		return flow_errorf(err, FLOW_ENOMEM, "out of memory");
	push(g, "graph");
	push(g, "-");
	for (i = 0; i < 7; i++) {
		push(g, "DEF:data%s=%s/avg-%s.rrd:%s:AVERAGE", ds_name[i], dir, type_name[type],
		     ds_name[i]);
		push(g, "CDEF:%s=PREV(data%s),%d,*", ds_name[i], ds_name[i], type == 2 ? 8 : 1);
	}
	date_str((time_t)start, d1, sizeof(d1));
	date_str((time_t)end, d2, sizeof(d2));
	push(g, "--imgformat=PNG");
	push(g, "--title=%s - %s %s", d1, d2, title[type]);
	push(g, "--vertical-label=%s", title[type]);
	push(g, "--start=%lld", start);
	push(g, "--end=%lld", end);
	push(g, "--width=576");
	push(g, "--height=200");
	for (i = 0; i < nevents && i < 10; i++)
		if (events[i] > start && events[i] < end)
			push(g, "VRULE:%lld#000080", (long long)events[i]);
	for (i = 0; i < 7; i++)
		push(g, "LINE1:%s%s:%s", ds_name[i], colour[i], ds_name[i]);
	rc = profile_rrd_render(g->argc, g->argv, png, len, err);
	flow_free(g);
	return rc;
}
