/*
 * elem.c - element statistics: parsing -s, counting records.
 *
 * Each statistic keeps two tables: values that fit 32 bits (IPv4
 * addresses, ports, AS numbers: almost everything) in 5-byte keys, and
 * the rest (IPv6 addresses, MACs, 64-bit ids) in 17-byte keys, so a
 * million IPv4 sources cost 64 bytes each.  nfdump compares the same
 * (hi, lo, proto) triple, so the classes of equal values are the same.
 */
#include <string.h>

#include "stat/elem_int.h"
#include "util/alloc.h"
#include "util/banned.h"

int flow_stats_new(struct flow_stats **out, struct flow_err *err)
{
	*out = flow_calloc(1, sizeof(**out));
	if (!*out)
		return flow_errorf(err, FLOW_ENOMEM, "statistics: out of memory");
	return FLOW_OK;
}

void flow_stats_free(struct flow_stats *s)
{
	if (!s)
		return;
	for (unsigned i = 0; i < s->n; i++) {
		stat_table_release(&s->req[i].narrow);
		stat_table_release(&s->req[i].wide);
	}
	flow_free(s);
}

unsigned flow_stats_count(const struct flow_stats *s)
{
	return s->n;
}

void flow_stats_set_v178(struct flow_stats *s, int v178)
{
	s->v178 = v178;
}

/* 1.7.8 counts a missing number as 0 and leaves out any other missing value. */
static void set_need(struct elem_req *q)
{
	const struct elem_def *d = q->def;
	int may_lack = (d->flags & ED_178) && d->kind != EK_NUMBER && d->kind != EK_FLAGS &&
		       d->kind != EK_ASORG && d->kind != EK_GEO;

	for (unsigned k = 0; k < ELEM_FIELDS_MAX; k++)
		q->need[k] = may_lack && k < d->nelem ? elem_field_presence(d->field[k]) : ~0ULL;
}

/* "order[:a|:d]/order..." as 1.7.1's ParseListOrder; the last direction wins. */
static int parse_orders(char *s, int limit, uint32_t *bits, int *asc)
{
	*bits = 0;
	while (s) {
		char *next = strchr(s, '/');
		char *dir;
		int o;

		if (next)
			*next++ = '\0';
		dir = strchr(s, ':');
		*asc = 0;
		if (dir) {
			*dir++ = '\0';
			if (*dir != 'a' && *dir != 'd')
				return -1;
			*asc = *dir == 'a';
		}
		o = stat_order_find(s, limit);
		if (o < 0)
			return -1;
		*bits |= 1u << o;
		s = next;
	}
	return 0;
}

int flow_stats_parse(struct flow_stats *s, const char *arg, uint32_t *rec_orders,
		     int *rec_asc, struct flow_err *err)
{
	char buf[256];
	char *orders, *colon;
	const struct elem_def *def = NULL;
	int is_record, proto = 0, asc = 0;
	uint32_t bits;

	if (s->n == FLOW_STATS_MAX)
		return flow_errorf(err, FLOW_EINVAL, "Too many stat options! Stats are limited to "
				   "%d stats per single run!", FLOW_STATS_MAX);
	snprintf(buf, sizeof(buf), "%s", arg);
	orders = strchr(buf, '/');
	if (orders)
		*orders++ = '\0';
	colon = strchr(buf, ':');
	if (colon) {
		*colon = '\0';
		proto = 1;
	}
	is_record = strcasecmp(buf, "record") == 0;
	if (!is_record) {
		def = elem_def_find(buf, s->v178);
		if (!def)
			return flow_errorf(err, FLOW_EINVAL, "Unknown stat: '%s'!", arg);
		if (def->field[0] == EF_PROTO)
			proto = 1;
		if (def->flags & ED_PROTO_VALUE)	/* 1.7.8 ignores :p there */
			proto = 0;
	}
	if (parse_orders(orders ? orders : (char[]){ "flows" },
			 is_record ? ORDER_MAX : ORDER_ELEM_MAX, &bits, &asc) < 0)
		return flow_errorf(err, FLOW_EINVAL, "Unknown stat: '%s'!", arg);
	if (is_record) {
		*rec_orders |= bits;
		*rec_asc = asc;
		return 1;
	}
	struct elem_req *q = &s->req[s->n++];

	q->def = def;
	q->order_bits = bits;
	q->proto = proto;
	q->asc = asc;
	set_need(q);
	stat_table_init(&q->narrow, ELEM_NARROW_KEY, 0, 0);
	stat_table_init(&q->wide, ELEM_WIDE_KEY, 0, 0);
	return 0;
}

/* What one record adds to an entry. */
void elem_delta(struct stat_cnt *d, const struct flow_record *r)
{
	d->flows = r->cnt.flows ? r->cnt.flows : 1;
	d->in_pkts = r->generic.in_packets;
	d->in_bytes = r->generic.in_bytes;
	d->out_pkts = r->cnt.out_packets;
	d->out_bytes = r->cnt.out_bytes;
	d->first = r->generic.msec_first;
	d->last = r->generic.msec_last;
}

int elem_count(const struct elem_pending *p)
{
	return stat_table_count(p->t, p->key, p->hash, &p->d) ? 0 : -1;
}

/* Count the oldest pending value into its table. */
static int settle(struct flow_stats *s)
{
	return elem_count(&s->pipe[s->tail++ % ELEM_PIPE]);
}

int elem_flush(struct flow_stats *s)
{
	while (s->tail < s->head) {
		if (settle(s) < 0)
			return -1;
	}
	return 0;
}

void elem_pending_set(struct elem_pending *p, struct elem_req *q, const struct flow_record *r,
		      const struct elem_value *v, const struct stat_cnt *d)
{
	int wide;

	p->hash = elem_key(q, r->generic.proto, v, p->key, &wide);
	p->t = wide ? &q->wide : &q->narrow;
	p->d = *d;
}

/*
 * Queue one value: its key and hash now (slot prefetched), the entry
 * prefetched ELEM_PF_ENTRY values later, counted ELEM_PIPE values later.
 */
static int add_value(struct flow_stats *s, struct elem_req *q, const struct flow_record *r,
		     const struct elem_value *v, const struct stat_cnt *d)
{
	struct elem_pending *p;

	if (s->head - s->tail == ELEM_PIPE && settle(s) < 0)
		return -1;
	p = &s->pipe[s->head++ % ELEM_PIPE];
	elem_pending_set(p, q, r, v, d);
	stat_table_prefetch(p->t, p->hash);
	if (s->head - s->tail > ELEM_PF_ENTRY) {
		const struct elem_pending *o = &s->pipe[(s->head - 1 - ELEM_PF_ENTRY) % ELEM_PIPE];

		stat_table_prefetch_entry(o->t, o->hash);
	}
	return 0;
}

int flow_stats_add(struct flow_stats *s, const struct flow_record *r, struct flow_err *err)
{
	uint64_t present = elem_present(r);
	struct stat_cnt d;

	elem_delta(&d, r);
	for (unsigned i = 0; i < s->n; i++) {
		struct elem_req *q = &s->req[i];

		for (unsigned k = 0; k < q->def->nelem; k++) {
			struct elem_value v;

			if (elem_absent(q, present, k))
				continue;
			elem_field(r, q->def->field[k], &v);
			if (add_value(s, q, r, &v, &d) < 0)
				return flow_errorf(err, FLOW_ENOMEM,
						   "statistics: out of memory after %zu values",
						   q->narrow.n + q->wide.n);
			/* keep going after a bad value would count it twice */
		}
	}
	return FLOW_OK;
}

/* The key of an entry back as (v0, v1, proto). */
void elem_entry_key(const struct stat_table *t, const uint8_t *e, uint64_t *v0,
		    uint64_t *v1, uint8_t *proto)
{
	if (t->key_bytes == 5) {
		uint32_t lo;

		memcpy(&lo, e, 4);
		*v0 = 0;
		*v1 = lo;
		*proto = e[4];
	} else {
		memcpy(v0, e, 8);
		memcpy(v1, e + 8, 8);
		*proto = e[16];
	}
}
