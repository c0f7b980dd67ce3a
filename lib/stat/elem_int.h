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

struct flow_stats {
	unsigned n;
	struct elem_req req[FLOW_STATS_MAX];
};

void elem_entry_key(const struct stat_table *t, const uint8_t *e, uint64_t *v0,
		    uint64_t *v1, uint8_t *proto);

#endif
