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

struct flow_stats_batch {
	struct elem_pending *v;
	size_t n, cap;
};

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

/* Room for k more values. */
static int reserve(struct flow_stats_batch *b, size_t k)
{
	size_t cap = b->cap ? b->cap : 4096;
	struct elem_pending *v;

	if (b->n + k <= b->cap)
		return 0;
	while (cap < b->n + k)
		cap *= 2;
	v = flow_realloc(b->v, cap * sizeof(*v));
	if (!v)
		return -1;
	b->v = v;
	b->cap = cap;
	return 0;
}

int flow_stats_batch_add(struct flow_stats *s, struct flow_stats_batch *b,
			 const struct flow_record *r, struct flow_err *err)
{
	struct stat_cnt d;

	if (reserve(b, 2 * (size_t)s->n) < 0)
		return flow_errorf(err, FLOW_ENOMEM, "statistics: out of memory after %zu values",
				   b->n);
	elem_delta(&d, r);
	for (unsigned i = 0; i < s->n; i++) {
		struct elem_req *q = &s->req[i];

		for (unsigned k = 0; k < q->def->nelem; k++) {
			struct elem_value v;

			elem_field(r, q->def->field[k], &v);
			elem_pending_set(&b->v[b->n++], q, r, &v, &d);
		}
	}
	return FLOW_OK;
}

int flow_stats_add_batch(struct flow_stats *s, const struct flow_stats_batch *b,
			 struct flow_err *err)
{
	const struct elem_pending *v = b->v;
	size_t n = b->n;

	/* values added one by one before this batch count first */
	if (elem_flush(s) < 0)
		goto nomem;
	for (size_t i = 0; i < n && i < BATCH_PF_SLOT; i++)
		stat_table_prefetch(v[i].t, v[i].hash);
	for (size_t i = 0; i < n; i++) {
		if (i + BATCH_PF_SLOT < n)
			stat_table_prefetch(v[i + BATCH_PF_SLOT].t, v[i + BATCH_PF_SLOT].hash);
		if (i + BATCH_PF_ENTRY < n)
			stat_table_prefetch_entry(v[i + BATCH_PF_ENTRY].t, v[i + BATCH_PF_ENTRY].hash);
		if (elem_count(&v[i]) < 0)
			goto nomem;
	}
	return FLOW_OK;
nomem:
	return flow_errorf(err, FLOW_ENOMEM, "statistics: out of memory");
}
