/*
 * aggr.h - nfdump's flow table: -a (5-tuple), -A field list with masks,
 * -b/-B (bidirectional), -s record, and -O of plain records (a list).
 *
 * Keys are built compactly: a record whose address fields all fit 32
 * bits goes to a table with 4-byte addresses, others to one with 16-byte
 * ones (the same equality nfdump uses, on its (hi, lo) words).  With -A
 * an entry is its key and counters only: the record printed is rebuilt
 * from the key, fields outside it zero, as nfdump's aggregation mask
 * does.  Without -A (and for -O lists) the first record of each key is
 * kept in an arena, in its V3 encoding, and printed with the summed
 * counters, OR-ed flags and the time span.
 */
#ifndef FLOW_STAT_AGGR_H
#define FLOW_STAT_AGGR_H

#include <stddef.h>
#include <stdint.h>

#include "record/record.h"
#include "util/err.h"

enum flow_aggr_kind {
	AGGR_LIST,		/* -O alone: every record is its own entry */
	AGGR_5TUPLE,		/* -a, -s record */
	AGGR_BIDIR,		/* -b, -B */
	AGGR_MASK,		/* -A list */
};

struct flow_aggr;

/*
 * mask: the -A argument (AGGR_MASK only).  Errors carry nfdump's
 * messages ("Unknown aggregation field 'x'", ...).
 */
int flow_aggr_new(struct flow_aggr **out, enum flow_aggr_kind kind, const char *mask,
		  struct flow_err *err);
void flow_aggr_free(struct flow_aggr *a);
/*
 * -A with -w: keep each entry's first record, as nfdump writes it (with
 * the key's address masks applied).  Call before the first add.
 */
void flow_aggr_keep_records(struct flow_aggr *a);

/* -A's tokens for the automatic fmt ("%sa %pr "), "" for other kinds. */
const char *flow_aggr_fmt(const struct flow_aggr *a);

/*
 * Count r.  raw/raw_size: the record's V3 bytes when the caller has them
 * (kept as the entry's record), else NULL (r is encoded).
 */
int flow_aggr_add(struct flow_aggr *a, const struct flow_record *r, const uint8_t *raw,
		  size_t raw_size, struct flow_err *err);
size_t flow_aggr_count(const struct flow_aggr *a);

/* -O name[:a|:d] -> order index and direction; -1 if unknown. */
int flow_aggr_order_parse(const char *arg, int *order, int *asc);
/* The name nfdump prints for an order index ("bytes"). */
const char *flow_aggr_order_name(int order);

/*
 * Put the entries in print order: order 0 = table order (nfdump: hash
 * order, undefined), else by the order's value.  guess: -B (values of
 * swapped flows use the other direction).  Keeps the first topn (0 = all).
 */
int flow_aggr_sort(struct flow_aggr *a, int order, int asc, int guess, size_t topn,
		   struct flow_err *err);
size_t flow_aggr_sorted(const struct flow_aggr *a);

/*
 * The i-th sorted entry as a record to print or write; guess: swap
 * client and server as -B does.  Pointers in out stay valid until the
 * table is freed.
 */
int flow_aggr_record(const struct flow_aggr *a, size_t i, int guess, struct flow_record *out,
		     struct flow_err *err);

#endif
