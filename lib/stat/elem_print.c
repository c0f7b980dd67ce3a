/*
 * elem_print.c - the element statistic tables as Debian nfdump 1.7.1
 * prints them (cli.md §4.3): text, csv and pipe rows, titles, the blank
 * line after each table.  Rows are picked and ordered as nfdump does:
 * -l/-L first, then the top N by the order's value.
 */
#include <inttypes.h>
#include <pthread.h>
#include <string.h>

#include "output/fmtutil.h"
#include "util/conv.h"
#include "stat/elem_int.h"
#include "util/alloc.h"
#include "util/banned.h"

struct row {
	const struct flow_stat_print *o;
	const struct flow_stat *sum;
	const struct elem_req *q;
	enum stat_inout io;
	uint64_t v0, v1;
	uint8_t proto;
	struct stat_cnt cnt;
	const struct stat_cnt *c;
	struct fmt_tcache tc1, tc2;
};

static double percent(uint64_t v, uint64_t total)
{
	/* 1.7.1 multiplies by 100 in 64 bits before dividing */
	return total ? (double)(v * 100) / (double)total : 0;
}

static const char *proto_name(char buf[16], uint8_t proto, int plain)
{
	if (plain) {
		snprintf(buf, 16, "%-5u", proto);
		return buf;
	}
	return fmt_proto(buf, proto);
}

/* text: the table's proto column, where 1.7.8 names -s tunproto's value. */
static const char *proto_str(char buf[16], const struct row *w, int text)
{
	if (w->q->def->flags & ED_PROTO_VALUE)	/* the key has no protocol: csv says 0 */
		return proto_name(buf, text ? (uint8_t)w->v1 : 0, w->o->plain);
	if (!w->q->proto)
		return "any";
	return proto_name(buf, w->proto, w->o->plain);
}

/* How a row's value prints: the table's rules, or csv's. */
static void value_str(char *s, size_t len, const struct row *w, int text)
{
	unsigned style = text ? ES_TEXT : 0;

	if (!text || w->o->long_ipv6)
		style |= ES_LONG_IPV6;
	if (w->o->plain)
		style |= ES_PLAIN;
	elem_value_string(s, len, w->q->def->kind, w->v0, w->v1, style);
}

/* nfdump's DurationString(): days, then hh:mm:ss.mmm from the double. */
static void duration_str(char *s, size_t len, double d)
{
	int32_t days = conv_i32(d / 86400);
	int32_t sum = (int32_t)(86400u * (uint32_t)days);
	int32_t hours = conv_i32((d - sum) / 3600);
	int32_t min;
	double sec;

	sum = (int32_t)((uint32_t)sum + 3600u * (uint32_t)hours);
	min = conv_i32((d - sum) / 60);
	sec = d - sum - 60 * min;
	if (days == 0)
		snprintf(s, len, "    %02d:%02d:%06.3f", hours, min, sec);
	else
		snprintf(s, len, "%2dd %02d:%02d:%06.3f", days, hours, min, sec);
}

/* A row's packets and bytes in its direction, duration and rates, as nfdump. */
struct rates {
	uint64_t pk, by, pps, bps;
	double dur;
	uint32_t bpp;
};

static void row_rates(const struct row *w, struct rates *r)
{
	const struct stat_cnt *c = w->c;

	r->pk = stat_cnt_packets(c, w->io);
	r->by = stat_cnt_bytes(c, w->io);
	r->dur = (double)(c->last - c->first) / 1000.0;
	r->pps = r->dur != 0 ? conv_u64((double)r->pk / r->dur) : 0;
	r->bps = r->dur != 0 ? conv_u64((double)(8 * r->by) / r->dur) : 0;
	r->bpp = r->pk ? (uint32_t)(r->by / r->pk) : 0;
}

static void text_row(struct row *w)
{
	const struct flow_stat_print *o = w->o;
	const struct stat_cnt *c = w->c;
	struct rates r;
	int ip = w->q->def->kind == EK_IP;
	char val[64], fl[FMT_NUM_LEN], pks[FMT_NUM_LEN], bys[FMT_NUM_LEN];
	char ppss[FMT_NUM_LEN], bpss[FMT_NUM_LEN], ds[64], pb[16];
	const char *tag = ip && o->tag ? "\x01" : "";

	row_rates(w, &r);
	value_str(val, sizeof(val), w, 1);
	fmt_number(fl, c->flows, o->plain, 1);
	fmt_number(pks, r.pk, o->plain, 1);
	fmt_number(bys, r.by, o->plain, 1);
	fmt_number(ppss, r.pps, o->plain, 1);
	fmt_number(bpss, r.bps, o->plain, 1);
	fprintf(o->fp, "%s.%03u ", fmt_localtime(&w->tc1, (time_t)(c->first / 1000)),
		(unsigned)(c->first % 1000));
	if (o->long_ipv6 && ip && !o->v178) {
		fprintf(o->fp, "%9.3f %-5s %s%39s", r.dur, proto_str(pb, w, 1), tag, val);
	} else {
		if (o->plain)
			snprintf(ds, sizeof(ds), "%16.3f", r.dur);
		else
			duration_str(ds, sizeof(ds), r.dur);
		fprintf(o->fp, "%9s %-5s %s%*s", ds, proto_str(pb, w, 1), tag,
			o->long_ipv6 && ip ? 43 : 17, val);
	}
	fprintf(o->fp, " %8s(%4.1f) %8s(%4.1f) %8s(%4.1f) %8s %8s %5u\n",
		fl, percent(c->flows, w->sum->numflows), pks, percent(r.pk, w->sum->numpackets),
		bys, percent(r.by, w->sum->numbytes), ppss, bpss, r.bpp);
}

static void csv_row(struct row *w)
{
	const struct stat_cnt *c = w->c;
	struct rates r;
	char val[64], pb[16];

	row_rates(w, &r);
	value_str(val, sizeof(val), w, 0);
	fprintf(w->o->fp, "%s,", fmt_localtime(&w->tc1, (time_t)(c->first / 1000)));
	fprintf(w->o->fp, "%s,%.3f,%s,%s,%" PRIu64 ",%.1f,%" PRIu64 ",%.1f,%" PRIu64 ",%.1f,%"
		PRIu64 ",%" PRIu64 ",%u\n",
		fmt_localtime(&w->tc2, (time_t)(c->last / 1000)), r.dur, proto_str(pb, w, 0), val,
		c->flows, percent(c->flows, w->sum->numflows), r.pk,
		percent(r.pk, w->sum->numpackets), r.by, percent(r.by, w->sum->numbytes),
		r.pps, r.bps, r.bpp);
}

/* "YYYY-mm-ddTHH:MM:SS.mmm", local time: 1.7.8's json times. */
static const char *iso_time(char buf[32], struct fmt_tcache *tc, uint64_t ms)
{
	snprintf(buf, 32, "%s.%03u", fmt_localtime(tc, (time_t)(ms / 1000)),
		 (unsigned)(ms % 1000));
	buf[10] = 'T';
	return buf;
}

/*
 * 1.7.8's json and ndjson statistics: one object per line (nfsen-ng's
 * Statistics tab reads them), the value under the statistic's name as
 * a string, written as in the table but with the full IPv6 address;
 * for -s proto the "proto" key comes twice, as in 1.7.8.
 */
static void json_row(struct row *w)
{
	const struct stat_cnt *c = w->c;
	struct rates r;
	char val[64], t1[32], t2[32];

	row_rates(w, &r);
	elem_value_string(val, sizeof(val), w->q->def->kind, w->v0, w->v1, ES_TEXT | ES_LONG_IPV6);
	fprintf(w->o->fp, "{ \"first\" : \"%s\", \"last\" : \"%s\", \"proto\" : %u, "
		"\"%s\" : \"%s\", \"flows\" : %" PRIu64 ", \"packets\" : %" PRIu64
		", \"bytes\" : %" PRIu64 ", \"pps\" : %" PRIu64 ", \"bps\" : %" PRIu64
		", \"bpp\" : %u}\n", iso_time(t1, &w->tc1, c->first),
		iso_time(t2, &w->tc2, c->last), w->q->proto ? w->proto : 0u,
		w->q->def->name, val, c->flows, r.pk, r.by, r.pps, r.bps, r.bpp);
}

static uint64_t bswap64(uint64_t v)
{
	return __builtin_bswap64(v);
}

static void pipe_row(struct row *w)
{
	const struct stat_cnt *c = w->c;
	uint64_t pk = stat_cnt_packets(c, w->io), by = stat_cnt_bytes(c, w->io);
	double dur = (double)(c->last - c->first) / 1000.0;
	uint32_t pps = dur != 0 ? conv_u32((double)pk / dur) : 0;
	uint32_t bps = dur != 0 ? conv_u32((double)(8 * by) / dur) : 0;
	uint32_t bpp = pk ? (uint32_t)(by / pk) : 0;
	unsigned proto = w->q->proto ? w->proto : 0;

	if (w->q->def->kind != EK_IP) {
		fprintf(w->o->fp, "0|%" PRIu64 "|%" PRIu64 "|%u|%" PRIu64 "|%" PRIu64 "|%" PRIu64
			"|%" PRIu64 "|%u|%u|%u\n", c->first, c->last, proto, w->v1, c->flows,
			pk, by, pps, bps, bpp);
		return;
	}
	/* nfdump prints the v6 words byte-swapped, v4 as is */
	uint64_t k0 = w->v0 ? bswap64(w->v0) : 0, k1 = w->v0 ? bswap64(w->v1) : w->v1;

	fprintf(w->o->fp, "%d|%" PRIu64 "|%" PRIu64 "|%u|%u|%u|%u|%u|%" PRIu64 "|%" PRIu64 "|%"
		PRIu64 "|%u|%u|%u\n", w->v0 ? 10 : 2, c->first, c->last, proto,
		(uint32_t)(k0 >> 32), (uint32_t)k0, (uint32_t)(k1 >> 32), (uint32_t)k1,
		c->flows, pk, by, pps, bps, bpp);
}

static int limited(const struct flow_limits *l, const struct stat_cnt *c, enum stat_inout io)
{
	if (!l)
		return 0;
	if (l->bytes) {
		uint64_t v = stat_cnt_bytes(c, io);

		if ((l->byte_mode == LIMIT_LESS && v >= l->bytes) ||
		    (l->byte_mode == LIMIT_MORE && v <= l->bytes))
			return 1;
	}
	if (l->pkt) {
		uint64_t v = stat_cnt_packets(c, io);

		if ((l->pkt_mode == LIMIT_LESS && v >= l->pkt) ||
		    (l->pkt_mode == LIMIT_MORE && v <= l->pkt))
			return 1;
	}
	return 0;
}

/* Entries [from, to) of table t of a statistic, offered to a top-N heap or listed. */
struct collect_part {
	const struct elem_req *q;
	int order, t, asc;
	const struct flow_limits *l;
	struct stat_sortel *v;
	size_t topn, from, to, n;
};

static void *collect_range(void *arg)
{
	struct collect_part *c = arg;
	const struct stat_table *tab = c->t ? &c->q->wide : &c->q->narrow;

	for (size_t i = c->from; i < c->to; i++) {
		uint8_t *e = stat_table_entry(tab, i);
		struct stat_cnt cnt;
		struct stat_sortel el;

		stat_entry_get(tab, e, &cnt);
		if (limited(c->l, &cnt, stat_orders[c->order].inout))
			continue;
		el.value = stat_order_value(&cnt, c->order, 0, 0);
		el.seq = ((uint64_t)c->t << 32) | i;
		el.entry = e;
		if (c->topn)
			stat_topn_offer(c->v, &c->n, c->topn, &el, c->asc);
		else
			c->v[c->n++] = el;
	}
	return NULL;
}

/*
 * The top N of a large table in two halves at once, one in a thread of
 * its own: the readers have ended and the other core is idle, and the
 * pass over a million entries was the last tenth of -s srcip.  The heaps
 * are merged by the same order (value, then entry number), so the rows
 * are those of one pass.  0 when it could not start the thread.
 */
#define COLLECT_SPLIT ((size_t)1 << 16)

static int collect_split(struct collect_part *c)
{
	struct collect_part hi = *c;
	pthread_t th;
	size_t mid = c->from + (c->to - c->from) / 2;

	hi.v = flow_malloc(c->topn * sizeof(*hi.v));
	hi.n = 0;
	hi.from = mid;
	if (!hi.v || pthread_create(&th, NULL, collect_range, &hi) != 0) {
		flow_free(hi.v);
		return 0;
	}
	c->to = mid;
	collect_range(c);
	pthread_join(th, NULL);
	for (size_t k = 0; k < hi.n; k++)
		stat_topn_offer(c->v, &c->n, c->topn, &hi.v[k], c->asc);
	flow_free(hi.v);
	return 1;
}

/* Rows that pass -l/-L; with topn, the best topn of them (all when 0). */
static size_t collect(const struct elem_req *q, int order, const struct flow_limits *l,
		      struct stat_sortel *v, size_t topn, int asc)
{
	struct collect_part c = { .q = q, .order = order, .asc = asc, .l = l, .v = v,
				  .topn = topn };

	for (c.t = 0; c.t < 2; c.t++) {
		c.from = 0;
		c.to = c.t ? q->wide.n : q->narrow.n;
		if (!(topn && c.to >= COLLECT_SPLIT && collect_split(&c)))
			collect_range(&c);
	}
	return c.n;
}

/* How many rows pass the limits (the :a rule depends on it). */
static size_t count_rows(const struct elem_req *q, int order, const struct flow_limits *l)
{
	const struct stat_table *tabs[2] = { &q->narrow, &q->wide };
	size_t n = 0;

	for (int t = 0; t < 2; t++) {
		for (size_t i = 0; i < tabs[t]->n; i++) {
			struct stat_cnt c;

			stat_entry_get(tabs[t], stat_table_entry(tabs[t], i), &c);
			n += !limited(l, &c, stat_orders[order].inout);
		}
	}
	return n;
}

static void title(const struct flow_stat_print *o, const struct elem_req *q, int order)
{
	const char *h = q->def->header;
	int w = o->long_ipv6 && q->def->kind == EK_IP ? 39 : 17;

	if (o->topn)
		fprintf(o->fp, "Top %ld %s ordered by %s:\n", o->topn, h, stat_orders[order].name);
	else
		fprintf(o->fp, "Top %s ordered by %s:\n", h, stat_orders[order].name);
	if (o->v178)
		fprintf(o->fp, "Date first seen             Duration     Proto %*s    Flows(%%)     "
			"Packets(%%)       Bytes(%%)         pps      bps   bpp\n",
			w == 39 ? 43 : w, h);
	else
		fprintf(o->fp, "Date first seen                 Duration Proto %*s    Flows(%%)     "
			"Packets(%%)       Bytes(%%)         pps      bps   bpp\n", w, h);
}

static void csv_header(FILE *fp, enum stat_inout io)
{
	static const char *const h[] = {
		[IO_IN] = "ts,te,td,pr,val,fl,flP,ipkt,ipktP,ibyt,ibytP,ipps,ibps,ibpp\n",
		[IO_OUT] = "ts,te,td,pr,val,fl,flP,opkt,opktP,obyt,obytP,opps,obps,obpp\n",
		[IO_INOUT] = "ts,te,td,pr,val,fl,flP,pkt,pktP,byt,bytP,pps,bps,bpp\n",
	};

	fputs(h[io], fp);
}

static void print_rows(struct row *w, const struct stat_sortel *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		const struct stat_table *t = (v[i].seq >> 32) ? &w->q->wide : &w->q->narrow;

		elem_entry_key(t, v[i].entry, &w->v0, &w->v1, &w->proto);
		stat_entry_get(t, v[i].entry, &w->cnt);
		w->c = &w->cnt;
		switch (w->o->mode) {
		case STAT_OUT_TEXT: text_row(w); break;
		case STAT_OUT_CSV: csv_row(w); break;
		case STAT_OUT_PIPE: pipe_row(w); break;
		case STAT_OUT_JSON:
			if (w->o->v178)
				json_row(w);
			else	/* 1.7.1 */
				fputs("Not yet implemented output format\n", w->o->fp);
			break;
		}
	}
}

static void one_table(struct row *w, int order, struct stat_sortel *v)
{
	const struct flow_stat_print *o = w->o;
	size_t topn = o->topn > 0 ? (size_t)o->topn : 0;
	/* 1.7.1 honours :a only in the small heap sort, below 100 rows */
	int asc = w->q->asc && count_rows(w->q, order, o->limits) < 100;
	size_t n = collect(w->q, order, o->limits, v, topn, asc);

	stat_sort(v, n, 0, asc);
	w->io = stat_orders[order].inout;
	if (o->mode == STAT_OUT_TEXT && !o->quiet)
		title(o, w->q, order);
	if (o->mode == STAT_OUT_CSV)
		csv_header(o->fp, w->io);
	print_rows(w, v, n);
	/* 1.6 and 1.7.1 end each table so; pipe is theirs alone */
	if (!o->v178 || o->mode == STAT_OUT_PIPE)
		fputc('\n', o->fp);
}

int flow_stats_print(struct flow_stats *s, const struct flow_stat *sum,
		     const struct flow_stat_print *o, struct flow_err *err)
{
	if (elem_flush(s) < 0)
		return flow_errorf(err, FLOW_ENOMEM, "statistics: out of memory");
	tzset();
	for (unsigned i = 0; i < s->n; i++) {
		const struct elem_req *q = &s->req[i];
		size_t cap = q->narrow.n + q->wide.n;

		if (o->topn > 0 && (size_t)o->topn < cap)
			cap = (size_t)o->topn;
		struct stat_sortel *v = flow_malloc((cap ? cap : 1) * sizeof(*v));
		struct row w = { .o = o, .sum = sum, .q = q };

		if (!v)
			return flow_errorf(err, FLOW_ENOMEM, "statistics: out of memory sorting %zu rows", cap);
		for (int order = 1; order < ORDER_ELEM_MAX; order++) {
			if (q->order_bits & (1u << order))
				one_table(&w, order, v);
		}
		flow_free(v);
	}
	return FLOW_OK;
}
