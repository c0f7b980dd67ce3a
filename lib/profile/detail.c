/*
 * detail.c - the Details tab graphs (detail.h), drawn as nfsen 1.3.11's
 * GenDetailsGraph draws them: channels sorted by signed order, values
 * shifted by one step (PREV, because a slot's value is stored at its
 * start), traffic in bits, time before the profile start greyed out on
 * the large graph, positive channels stacked upwards and negative ones
 * downwards, legends padded to the longest channel name.  The marker
 * arguments are accepted and not drawn: nfsend 1.3.11 draws none either
 * (the frontend marks the cursor in HTML).
 */
#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <rrd.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "profile/detail.h"
#include "profile/listing.h"
#include "util/alloc.h"

static pthread_mutex_t rrd_mutex = PTHREAD_MUTEX_INITIALIZER;

void profile_rrd_lock(void)
{
	pthread_mutex_lock(&rrd_mutex);
}

void profile_rrd_unlock(void)
{
	pthread_mutex_unlock(&rrd_mutex);
}

#define MAX_ARGS 256
#define DETAIL_MAX_CHANNELS 64		/* a graph of more is unreadable anyway */

struct rrd_argv {
	char *argv[MAX_ARGS];
	int argc;
	char store[32768];
	size_t used;
};

static int add(struct rrd_argv *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static int add(struct rrd_argv *a, const char *fmt, ...)
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
	a->used += (size_t)n + 1;
	return 0;
}

/* The frontend's numbers: decimal, no sign games; range-checked. */
static int num(const char *s, long long lo, long long hi, long long *out)
{
	char *end;
	long long v;

	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno || end == s || *end || v < lo || v > hi)
		return -1;
	*out = v;
	return 0;
}

struct detail {
	const char *proto, *type;
	long long pstart, tstart, tend, tleft, tright, width, height, light, logscale, linegraph;
	const struct profile_channel *ch[DETAIL_MAX_CHANNELS];
	size_t nch;
	size_t maxlabel;
};

static int signed_order(const struct profile_channel *c)
{
	return (c->sign == '-' ? -1 : 1) * (int)c->order;
}

static int parse_sources(struct detail *d, const struct profile *p, const char *src,
			 struct flow_err *err)
{
	char buf[4096], *save = NULL, *tok;
	size_t j;

	if (strlen(src) >= sizeof(buf))
		return flow_errorf(err, FLOW_EINVAL, "channel list too long");
	memcpy(buf, src, strlen(src) + 1);
	for (tok = strtok_r(buf, ":", &save); tok; tok = strtok_r(NULL, ":", &save)) {
		const struct profile_channel *c = profile_channel_find(p, tok);

		if (!c)
			return flow_errorf(err, FLOW_EINVAL, "no channel '%s'", tok);
		if (d->nch == DETAIL_MAX_CHANNELS)
			return flow_errorf(err, FLOW_EINVAL, "too many channels");
		/* stable insertion, descending signed order: nfsen's sort */
		for (j = d->nch; j > 0 && signed_order(d->ch[j - 1]) < signed_order(c); j--)
			d->ch[j] = d->ch[j - 1];
		d->ch[j] = c;
		d->nch++;
		if (strlen(tok) > d->maxlabel)
			d->maxlabel = strlen(tok);
	}
	return 0;
}

static int parse_args(struct detail *d, const struct profile *p, char *const *a,
		      struct flow_err *err)
{
	static const char *const protos[] = { "any", "TCP", "UDP", "ICMP", "other" };
	static const char *const types[] = { "flows", "packets", "traffic" };
	size_t i;

	memset(d, 0, sizeof(*d));
	for (i = 0; i < 5 && strcmp(a[1], protos[i]); i++)
		;
	if (i == 5)
		return flow_errorf(err, FLOW_EINVAL, "unknown protocol '%s'", a[1]);
	d->proto = protos[i];
	for (i = 0; i < 3 && strcmp(a[2], types[i]); i++)
		;
	if (i == 3)
		return flow_errorf(err, FLOW_EINVAL, "unknown type '%s'", a[2]);
	d->type = types[i];
	if (num(a[3], 0, INT_MAX, &d->pstart) || num(a[4], 0, INT_MAX, &d->tstart) ||
	    num(a[5], 0, INT_MAX, &d->tend) || num(a[6], 0, INT_MAX, &d->tleft) ||
	    num(a[7], 0, INT_MAX, &d->tright) ||
	    num(a[8], 10, 4096, &d->width) || num(a[9], 10, 2048, &d->height) ||
	    num(a[10], 0, 1, &d->light) || num(a[11], 0, 1, &d->logscale) ||
	    num(a[12], 0, 1, &d->linegraph))
		return flow_errorf(err, FLOW_EINVAL, "bad graph arguments");
	if (d->tend <= d->tstart)
		return flow_errorf(err, FLOW_EINVAL, "graph end before start");
	return parse_sources(d, p, a[0], err);
}

static int title(const struct detail *d, char *buf, size_t cap)
{
	const char *t = strcmp(d->type, "traffic") == 0 ? "Bits/s" :
			strcmp(d->type, "flows") == 0 ? "Flows/s" : "Packets/s";
	int n;

	if (strcmp(d->proto, "any") == 0)
		n = snprintf(buf, cap, "%s any protocol", t);
	else
		n = snprintf(buf, cap, "%s proto %s", t, d->proto);
	return n < 0 || (size_t)n >= cap ? -1 : 0;
}

static int lower_ext(const struct detail *d, char *buf, size_t cap)
{
	size_t i;

	if (strcmp(d->proto, "any") == 0) {
		buf[0] = '\0';
		return 0;
	}
	if (strlen(d->proto) + 2 > cap)
		return -1;
	buf[0] = '_';
	for (i = 0; d->proto[i]; i++)
		buf[i + 1] = (char)(d->proto[i] >= 'A' && d->proto[i] <= 'Z' ? d->proto[i] + 32 :
				    d->proto[i]);
	buf[i + 1] = '\0';
	return 0;
}

/* One AREA/STACK/LINE1 element, legend padded as nfsen pads it. */
static int draw(struct rrd_argv *a, const struct detail *d, const char *what,
		const struct profile_channel *c)
{
	if (d->light)
		return add(a, "%s:%s%s", what, c->name, c->colour);
	return add(a, "%s:%s%s:%s%*s", what, c->name, c->colour, c->name,
		   (int)(d->maxlabel - strlen(c->name)), "");
}

static int build(struct rrd_argv *a, const struct pstore *ps, const struct pname *pn,
		 const struct detail *d)
{
	char rrd[PATH_MAX], leaf[PROFILE_NAME_MAX + 8], ext[16], tt[64], from[64], to[64];
	const struct profile_channel *pos[DETAIL_MAX_CHANNELS], *neg[DETAIL_MAX_CHANNELS];
	size_t i, npos = 0, nneg = 0;
	int rc = 0;

	if (lower_ext(d, ext, sizeof(ext)) < 0 || title(d, tt, sizeof(tt)) < 0)
		return -1;
	/* nfsen: positive channels in reverse sort order (ascending), negative as sorted */
	for (i = d->nch; i-- > 0;)
		if (d->ch[i]->sign != '-')
			pos[npos++] = d->ch[i];
	for (i = 0; i < d->nch; i++)
		if (d->ch[i]->sign == '-')
			neg[nneg++] = d->ch[i];
	rc |= add(a, "graph");
	rc |= add(a, "-");
	for (i = 0; i < d->nch; i++) {
		const struct profile_channel *c = d->ch[i];
		int k = (c->sign == '-' ? -1 : 1) * (strcmp(d->type, "traffic") == 0 ? 8 : 1);

		snprintf(leaf, sizeof(leaf), "%s.rrd", c->name);
		if (pstore_path(ps, 0, pn, leaf, rrd, sizeof(rrd)) < 0)
			return -1;
		rc |= add(a, "DEF:data%s=%s:%s%s:AVERAGE", c->name, rrd, d->type, ext);
		rc |= add(a, "CDEF:%s=PREV(data%s),%d,*", c->name, c->name, k);
	}
	rc |= add(a, "--imgformat");
	rc |= add(a, "PNG");
	if (d->logscale)
		rc |= add(a, "--logarithmic");
	if (!d->light) {
		if (d->tleft) {
			listing_ctime((time_t)d->tleft, from, sizeof(from));
			rc |= add(a, "--title");
			rc |= add(a, "%s %s", from, tt);
		} else {
			listing_ctime((time_t)d->tstart, from, sizeof(from));
			listing_ctime((time_t)d->tend, to, sizeof(to));
			rc |= add(a, "--title");
			rc |= add(a, "%s - %s %s", from, to, tt);
		}
		rc |= add(a, "--vertical-label");
		rc |= add(a, "%s", tt);
	} else {
		rc |= add(a, "--no-minor");
		rc |= add(a, "--no-legend");
	}
	rc |= add(a, "--start");
	rc |= add(a, "%lld", d->tstart);
	rc |= add(a, "--end");
	rc |= add(a, "%lld", d->tend);
	rc |= add(a, "-w");
	rc |= add(a, "%lld", d->width);
	rc |= add(a, "-h");
	rc |= add(a, "%lld", d->height);
	if (!d->light && d->tstart < d->pstart) {
		if (npos) {
			rc |= add(a, "CDEF:outofdata1=%s,POP,TIME,%lld,LE,INF,UNKN,IF",
				  d->ch[0]->name, d->pstart);
			rc |= add(a, "AREA:outofdata1#DDDDDD");
		}
		if (nneg) {
			rc |= add(a, "CDEF:outofdata2=%s,POP,TIME,%lld,LE,NEGINF,UNKN,IF",
				  d->ch[0]->name, d->pstart);
			rc |= add(a, "AREA:outofdata2#DDDDDD");
		}
	}
	if (d->linegraph) {
		for (i = 0; i < d->nch; i++)
			rc |= draw(a, d, "LINE1", d->ch[i]);
	} else {
		for (i = 0; i < npos; i++)
			rc |= draw(a, d, i ? "STACK" : "AREA", pos[i]);
		for (i = 0; i < nneg; i++)
			rc |= draw(a, d, i ? "STACK" : "AREA", neg[i]);
	}
	return rc;
}

/* librrd hands the image back in the info list when the file name is "-". */
int profile_rrd_render(int argc, char **argv, unsigned char **png, size_t *len,
		       struct flow_err *err)
{
	rrd_info_t *info, *i;
	int rc = flow_errorf(err, FLOW_EIO, "librrd returned no image");

	profile_rrd_lock();
	rrd_clear_error();
	info = rrd_graph_v(argc, argv);
	if (!info) {
		rc = flow_errorf(err, FLOW_EIO, "graph: %s", rrd_get_error());
		profile_rrd_unlock();
		return rc;
	}
	for (i = info; i; i = i->next) {
		if (strcmp(i->key, "image") || i->type != RD_I_BLO)
			continue;
		*png = flow_malloc(i->value.u_blo.size ? i->value.u_blo.size : 1);
		if (!*png) {
			rc = flow_errorf(err, FLOW_ENOMEM, "graph: out of memory");
			break;
		}
		memcpy(*png, i->value.u_blo.ptr, i->value.u_blo.size);
		*len = i->value.u_blo.size;
		rc = 0;
		break;
	}
	rrd_info_free(info);
	profile_rrd_unlock();
	return rc;
}

enum detail_result detail_graph(const struct pstore *ps, const struct pname *pn,
				const struct profile *p, char *const *args, size_t nargs,
				unsigned char **png, size_t *len, struct flow_err *err)
{
	struct detail d;
	struct rrd_argv *a;
	int rc;

	*png = NULL;
	*len = 0;
	if (nargs < 1 || args[0][0] == '\0' || strcmp(args[0], "@EMPTY") == 0)
		return DETAIL_EMPTY;
	if (nargs < DETAIL_NARGS) {
		flow_errorf(err, FLOW_EINVAL, "%zu graph arguments, want %d", nargs, DETAIL_NARGS);
		return DETAIL_ERROR;
	}
	if (parse_args(&d, p, args, err) < 0)
		return DETAIL_ERROR;
	if (d.nch == 0)
		return DETAIL_EMPTY;
	a = flow_calloc(1, sizeof(*a));
	if (!a) {
		flow_errorf(err, FLOW_ENOMEM, "graph: out of memory");
		return DETAIL_ERROR;
	}
	if (build(a, ps, pn, &d) != 0) {
		flow_free(a);
		flow_errorf(err, FLOW_EINVAL, "graph: arguments too long");
		return DETAIL_ERROR;
	}
	rc = profile_rrd_render(a->argc, a->argv, png, len, err);
	flow_free(a);
	return rc < 0 ? DETAIL_ERROR : DETAIL_PNG;
}
