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
	struct stat_table narrow, wide;
};

/* A value waiting in the prefetch pipeline (elem.c). */
struct elem_pending {
	struct stat_table *t;
	uint64_t hash;
	struct stat_cnt d;
	uint8_t key[17];
};

#define ELEM_PIPE 32		/* values in flight; a power of two */
#define ELEM_PF_ENTRY 16		/* the entry is prefetched this many values before */

struct flow_stats {
	unsigned n;
	struct elem_req req[FLOW_STATS_MAX];
	struct elem_pending pipe[ELEM_PIPE];
	size_t head, tail;	/* values added, values counted */
};

/* Count every value still in the pipeline; -1 when memory runs out. */
int elem_flush(struct flow_stats *s);

void elem_entry_key(const struct stat_table *t, const uint8_t *e, uint64_t *v0,
		    uint64_t *v1, uint8_t *proto);

#endif
