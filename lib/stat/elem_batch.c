/*
 * elem_batch.c - element statistics counted from reader threads (see
 * flow_stats_batch_add in stat.h).
 *
 * A worker turns a block's records into values ready to count - key,
 * hash, counters - and the thread that owns the tables only walks the
 * array.  With the whole block in hand it can prefetch far ahead and
 * follow each probe run before the lookup, which per-record adding
 * cannot.
 */
#include <string.h>

#include "stat/elem_int.h"
#include "util/alloc.h"
#include "util/banned.h"

/* Distances ahead of the value being counted: its slot, then its entry. */
#define BATCH_PF_SLOT 64
#define BATCH_PF_ENTRY 32

struct flow_stats_batch *flow_stats_batch_new(void)
{
	return flow_calloc(1, sizeof(struct flow_stats_batch));
}

void flow_stats_batch_free(struct flow_stats_batch *b)
{
	if (!b)
		return;
	flow_free(b->v);
	flow_free(b);
}

void flow_stats_batch_clear(struct flow_stats_batch *b)
{
	b->n = 0;
}

int batch_grow(struct flow_stats_batch *b, size_t k)
{
	size_t cap = b->cap ? b->cap : 4096;
	struct batch_value *v;

	while (cap < b->n + k)
		cap *= 2;
	v = flow_realloc(b->v, cap * sizeof(*v));
	if (!v)
		return -1;
	b->v = v;
	b->cap = cap;
	return 0;
}

uint64_t flow_stats_elements(const struct flow_stats *s)
{
	/* the counters (elem_delta), the protocol of every key */
	uint64_t m = (1ULL << EX_GENERIC) | (1ULL << EX_CNT);

	for (unsigned i = 0; i < s->n; i++)
		for (unsigned k = 0; k < s->req[i].def->nelem; k++)
			m |= elem_field_elements(s->req[i].def->field[k]);
	return m;
}

int flow_stats_batch_add(struct flow_stats *s, struct flow_stats_batch *b,
			 const struct flow_record *r, struct flow_err *err)
{
	uint64_t present = elem_present(r);
	struct stat_cnt d;

	elem_delta(&d, r);
	if (d.out_pkts || d.out_bytes)
		return flow_errorf(err, FLOW_EINVAL, "statistics: out counters are not batched");
	if (batch_reserve(b, ELEM_FIELDS_MAX * (size_t)s->n) < 0)
		return flow_errorf(err, FLOW_ENOMEM, "statistics: out of memory after %zu values",
				   b->n);
	for (unsigned i = 0; i < s->n; i++) {
		struct elem_req *q = &s->req[i];

		for (unsigned k = 0; k < q->def->nelem; k++) {
			struct batch_value *bv;
			struct elem_value v;
			int wide;

			if (elem_absent(q, present, k))
				continue;
			bv = &b->v[b->n++];
			elem_field(r, q->def->field[k], &v);
			/* keyed in place: the value is written once, in its cache line */
			bv->hash_hi = (uint32_t)(elem_key(q, r->generic.proto, &v, bv->key,
							  &wide) >> 32);
			bv->req = (uint8_t)i;
			bv->wide = (uint8_t)wide;
			bv->flows = d.flows;
			bv->in_pkts = d.in_pkts;
			bv->in_bytes = d.in_bytes;
			bv->first = d.first;
			bv->last = d.last;
		}
	}
	return FLOW_OK;
}

static struct stat_table *value_table(struct flow_stats *s, const struct batch_value *v)
{
	return v->wide ? &s->req[v->req].wide : &s->req[v->req].narrow;
}

static int count_value(struct flow_stats *s, const struct batch_value *v)
{
	struct stat_table *t = value_table(s, v);
	struct stat_cnt d = { .flows = v->flows, .in_pkts = v->in_pkts, .in_bytes = v->in_bytes,
			      .first = v->first, .last = v->last };
	return stat_table_count(t, v->key, (uint64_t)v->hash_hi << 32, &d) ? 0 : -1;
}

int flow_stats_add_batch(struct flow_stats *s, const struct flow_stats_batch *b,
			 struct flow_err *err)
{
	const struct batch_value *v = b->v;
	size_t n = b->n;

	/* values added one by one before this batch count first */
	if (elem_flush(s) < 0)
		goto nomem;
	for (size_t i = 0; i < n && i < BATCH_PF_SLOT; i++)
		stat_table_prefetch(value_table(s, &v[i]), (uint64_t)v[i].hash_hi << 32);
	for (size_t i = 0; i < n; i++) {
		if (i + BATCH_PF_SLOT < n)
			stat_table_prefetch(value_table(s, &v[i + BATCH_PF_SLOT]),
					    (uint64_t)v[i + BATCH_PF_SLOT].hash_hi << 32);
		if (i + BATCH_PF_ENTRY < n)
			stat_table_prefetch_entry(value_table(s, &v[i + BATCH_PF_ENTRY]),
						  (uint64_t)v[i + BATCH_PF_ENTRY].hash_hi << 32);
		if (count_value(s, &v[i]) < 0)
			goto nomem;
	}
	return FLOW_OK;
nomem:
	return flow_errorf(err, FLOW_ENOMEM, "statistics: out of memory");
}
