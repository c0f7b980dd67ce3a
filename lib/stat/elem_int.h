/*
 * elem_int.h - the element statistics' state, shared by elem.c (counting)
 * and elem_print.c (tables).
 */
#ifndef FLOW_STAT_ELEM_INT_H
#define FLOW_STAT_ELEM_INT_H

#include <strings.h>

#include "stat/stat_int.h"

struct elem_req {
	const struct elem_def *def;
	uint32_t order_bits;		/* bit n: print order n */
	int proto;			/* :p, or the proto statistic */
	int asc;			/* the last order's :a */
	/*
	 * Value k is counted only if the record holds one of the elements
	 * need[k] (1.7.8's rule); set at parse time, all ones for a value
	 * that is always there, so the test costs an AND for every value.
	 */
	uint64_t need[ELEM_FIELDS_MAX];
	struct stat_table narrow, wide;
};

/*
 * A record's elements as elem_absent takes them: bit 0 (EXnull, never an
 * element) set, so that a value that is always there is there even in a
 * record without elements.
 */
static inline uint64_t elem_present(const struct flow_record *r)
{
	return r->present | 1;
}

static inline int elem_absent(const struct elem_req *q, uint64_t present, unsigned k)
{
	return !(present & q->need[k]);
}

/* A value waiting in the prefetch pipeline (elem.c). */
struct elem_pending {
	struct stat_table *t;
	uint64_t hash;
	struct stat_cnt d;
	uint8_t key[17];
};

/*
 * Values in flight (a power of two) and how many values before it is
 * counted an entry is prefetched: a slot then has ELEM_PIPE -
 * ELEM_PF_ENTRY values to arrive before its entry is looked up through
 * it.  32/16 left most entry misses uncovered on a 1M-key table
 * (bench_dump.sh -s: 0.64 s, 64/32: 0.45 s).
 */
#define ELEM_PIPE 64
#define ELEM_PF_ENTRY 32

#define ELEM_NARROW_KEY 5	/* 32-bit value, proto */
#define ELEM_WIDE_KEY 17	/* 128-bit value, proto */

struct flow_stats {
	int v178;		/* names and counting of nfdump 1.7.8 */
	unsigned n;
	struct elem_req req[FLOW_STATS_MAX];
	struct elem_pending pipe[ELEM_PIPE];
	size_t head, tail;	/* values added, values counted */
};

/* What one record adds to an entry. */
void elem_delta(struct stat_cnt *d, const struct flow_record *r);
/*
 * The key of value v for statistic q of a record of protocol rec_proto
 * into key (ELEM_NARROW_KEY bytes, or ELEM_WIDE_KEY when *wide), and its
 * hash's top half.
 */
static inline uint64_t elem_key(const struct elem_req *q, uint8_t rec_proto,
				 const struct elem_value *v, uint8_t key[ELEM_WIDE_KEY], int *wide)
{
	uint8_t proto = q->proto ? rec_proto : 0;
	uint64_t hash;

	*wide = !(v->v0 == 0 && v->v1 <= UINT32_MAX);
	if (!*wide) {
		uint32_t lo = (uint32_t)v->v1;

		memcpy(key, &lo, 4);
		key[4] = proto;
		/* the 5 key bytes as one word: a third of the cost of stat_hash */
		hash = stat_hash_word(lo | (uint64_t)proto << 32);
	} else {
		memcpy(key, &v->v0, 8);
		memcpy(key + 8, &v->v1, 8);
		key[16] = proto;
		hash = stat_hash(key, ELEM_WIDE_KEY);
	}
	/*
	 * The table reads only the top half (home slot, tag); batches keep
	 * only that half, so both ways of adding must hash alike.
	 */
	return hash & ~0xffffffffULL;
}

/*
 * One value of a batch (elem_batch.c, elem_raw.c), in one cache line: the
 * table needs only the top half of the hash (home slot and tag), and
 * values with out counters (bidirectional and NSEL records) are not
 * batched at all, so in counters suffice.
 */
struct batch_value {
	uint32_t hash_hi;
	uint8_t req, wide;
	uint8_t key[ELEM_WIDE_KEY];
	uint64_t flows, in_pkts, in_bytes, first, last;
};

struct flow_stats_batch {
	struct batch_value *v;
	size_t n, cap;
};

/* Room for k more values in b; -1 when memory runs out. */
int batch_grow(struct flow_stats_batch *b, size_t k);

static inline int batch_reserve(struct flow_stats_batch *b, size_t k)
{
	return b->n + k <= b->cap ? 0 : batch_grow(b, k);
}
/* p = value v of r for statistic q, keyed and hashed (reads q's definition only). */
void elem_pending_set(struct elem_pending *p, struct elem_req *q, const struct flow_record *r,
		      const struct elem_value *v, const struct stat_cnt *d);
/* Count p into its table; -1 when memory runs out. */
int elem_count(const struct elem_pending *p);
/* Count every value still in the pipeline; -1 when memory runs out. */
int elem_flush(struct flow_stats *s);

void elem_entry_key(const struct stat_table *t, const uint8_t *e, uint64_t *v0,
		    uint64_t *v1, uint8_t *proto);

#endif
