/*
 * stat.h - nfdump's statistics (-s), aggregation (-a, -A, -b, -B) and
 * print order (-O), over struct flow_record.
 *
 * Two engines, both on the hash table of table.h (compact fixed-size
 * keys, counters inline, no allocation per key):
 *
 *  - struct flow_stats: up to 8 element statistics (-s srcip/bytes ...);
 *    each record passed in is counted once per element (twice for ip,
 *    port, as ...), and flow_stats_print() writes the top-N tables in
 *    Debian nfdump 1.7.1's text, csv or pipe layout.
 *  - struct flow_aggr (aggr.h): the flow table of -a/-A/-b/-B, -s record
 *    and -O, which hands back aggregated records for the printers and
 *    the file writer.
 *
 * Nothing here prints unless asked or exits; errors come back as a
 * negative enum flow_status with text in struct flow_err.  When memory
 * runs out the add functions return FLOW_ENOMEM and the tables stay
 * consistent (they can still be freed), so no partial result is printed
 * by a caller that stops there.
 */
#ifndef FLOW_STAT_STAT_H
#define FLOW_STAT_STAT_H

#include <stdint.h>
#include <stdio.h>

#include "record/record.h"
#include "record/stat.h"
#include "util/err.h"

#define FLOW_STATS_MAX 8	/* nfdump's limit of -s options per run */

/* -l / -L: drop rows at or below (+, the default) or at or above (-) n. */
enum flow_limit_mode { LIMIT_NONE, LIMIT_LESS, LIMIT_MORE };
struct flow_limits {
	enum flow_limit_mode pkt_mode, byte_mode;
	uint64_t pkt, bytes;
};
/* "[+|-]N[b|k|m|g]"; FLOW_EINVAL with nfdump's message otherwise. */
int flow_limit_parse(const char *arg, enum flow_limit_mode *mode, uint64_t *val,
		     struct flow_err *err);

enum flow_stat_out { STAT_OUT_TEXT, STAT_OUT_CSV, STAT_OUT_PIPE, STAT_OUT_JSON };

struct flow_stat_print {
	FILE *fp;
	enum flow_stat_out mode;
	int quiet, plain, long_ipv6, tag;
	int v178;			/* nfdump 1.7.8's layout (default dialect) */
	long topn;			/* 0 = all */
	const struct flow_limits *limits;	/* may be NULL */
};

struct flow_stats;

int flow_stats_new(struct flow_stats **out, struct flow_err *err);
void flow_stats_free(struct flow_stats *s);
/*
 * Names and counting of nfdump 1.7.8 (v178) or Debian 1.7.1 (the
 * default), for the -s arguments parsed after it: which flows a
 * statistic counts, and the other version's spellings (xsrcip, natsrcip).
 */
void flow_stats_set_v178(struct flow_stats *s, int v178);

/*
 * One -s argument.  Returns 0 when an element statistic was added, 1 when
 * it is "record" (its order bits and direction are stored in *rec_orders
 * and *rec_asc, for the flow table), negative on an unknown statistic or
 * order, or the ninth -s.
 */
int flow_stats_parse(struct flow_stats *s, const char *arg, uint32_t *rec_orders,
		     int *rec_asc, struct flow_err *err);
unsigned flow_stats_count(const struct flow_stats *s);

int flow_stats_add(struct flow_stats *s, const struct flow_record *r, struct flow_err *err);

/*
 * The same counting split in two for reader threads: flow_stats_batch_add
 * keys and hashes a record's values into a batch, and may run in any
 * thread while s counts (it reads only what flow_stats_parse set);
 * flow_stats_add_batch then counts a batch's values in the order they
 * were added, exactly as flow_stats_add of each record would have.  The
 * table work that is left is a stream of lookups whose cache misses
 * overlap.
 */
struct flow_stats_batch;
struct flow_stats_batch *flow_stats_batch_new(void);
void flow_stats_batch_free(struct flow_stats_batch *b);
void flow_stats_batch_clear(struct flow_stats_batch *b);
/*
 * The record elements flow_stats_batch_add reads for s's statistics
 * (bit n = element id n; all bits for a statistic without its own list):
 * always EXgenericFlow and EXcntFlow, the counters,
 * for a reader that decodes only those (flow_record_decode_v3_part).
 */
uint64_t flow_stats_elements(const struct flow_stats *s);
int flow_stats_batch_add(struct flow_stats *s, struct flow_stats_batch *b,
			 const struct flow_record *r, struct flow_err *err);
int flow_stats_add_batch(struct flow_stats *s, const struct flow_stats_batch *b,
			 struct flow_err *err);

/*
 * Batching from records read in place, for reader threads: where every
 * value of s's statistics is a plain field (addresses, ports, protocol,
 * AS, interfaces), a V3 record of a shape this thread has decoded before
 * adds its values to b and its counters to pass without being decoded -
 * the same as flow_stats_batch_add and flow_stat_add of it decoded.
 * flow_stats_shapes_new gives NULL when some value is not such a field
 * (or memory runs out); then decode every record.  One per thread.
 */
struct flow_stats_shapes;
struct flow_stats_shapes *flow_stats_shapes_new(const struct flow_stats *s);
void flow_stats_shapes_free(struct flow_stats_shapes *c);
/* 1: added; 0: decode rec (size bytes, type checked) instead; FLOW_ENOMEM. */
int flow_stats_shapes_add(struct flow_stats_shapes *c, struct flow_stats *s,
			  struct flow_stats_batch *b, const uint8_t *rec, unsigned size,
			  struct flow_stat *pass, struct flow_err *err);

/*
 * Every table of every statistic, in the order given; sum is the stat of
 * all passed flows (the percentages).  FLOW_ENOMEM if the sort list does
 * not fit (nothing of that table printed).
 */
int flow_stats_print(struct flow_stats *s, const struct flow_stat *sum,
		     const struct flow_stat_print *o, struct flow_err *err);

#endif
