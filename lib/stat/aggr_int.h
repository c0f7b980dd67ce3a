/*
 * aggr_int.h - the flow table's parts: key layout (aggr_key.c) and
 * table, arena and records (aggr.c).
 */
#ifndef FLOW_STAT_AGGR_INT_H
#define FLOW_STAT_AGGR_INT_H

#include "stat/aggr.h"
#include "stat/stat_int.h"

#define AGGR_MAX_FIELDS 64
#define AGGR_KEY_MAX 512

/* One field of an -A key. */
struct aggr_field {
	enum elem_field f;
	uint8_t size;		/* bytes in the key; addresses: 4 or 16 by table */
	uint8_t is_ip;
	uint8_t netbits;	/* srcnet/dstnet: the record's own mask */
	uint64_t m0, m1;	/* address mask (hi, lo words) */
};

struct aggr_key {
	unsigned n;
	struct aggr_field fld[AGGR_MAX_FIELDS];
	size_t narrow_bytes, wide_bytes;
	char fmt[512];		/* the tokens of the automatic fmt */
};

int aggr_key_parse(struct aggr_key *k, const char *arg, struct flow_err *err);
/* The 5-tuple key nfdump uses without -A. */
void aggr_key_5tuple(struct aggr_key *k);
/*
 * Build r's key into buf (zeroed first); swap: source and destination
 * exchanged (the bidir lookup).  Returns 0 for the narrow table, 1 wide.
 */
int aggr_key_build(const struct aggr_key *k, const struct flow_record *r, int swap,
		   uint8_t *buf);
/* nfdump's -w of -A: the record's addresses masked as the key masks them. */
void aggr_key_mask_addrs(const struct aggr_key *k, struct flow_record *r);
/* Write the key's fields back into out (AGGR_MASK's printed record). */
void aggr_key_apply(const struct aggr_key *k, const uint8_t *key, int wide, int v6,
		    struct flow_record *out);

#define ARENA_BLOCK ((size_t)1 << 20)

/* Meta bytes of an entry (table.h gives each entry four). */
enum { AGGR_META_IN_FLAGS, AGGR_META_OUT_FLAGS, AGGR_META_V6 };
#define AGGR_META_BYTES 3
#define AGGR_V6_SWAP 0x80	/* in the V6 byte: -B would swap this flow */

/* Stored records: V3 bytes in 1 MiB blocks, 8-aligned. */
struct arena {
	uint8_t **blocks;
	size_t n, cap, used;	/* used: bytes of the last block */
};

struct flow_aggr {
	enum flow_aggr_kind kind;
	struct aggr_key key;
	struct stat_table tab[2];	/* narrow, wide */
	int keep;			/* store each entry's first record */
	struct arena arena;
	uint64_t seq;
	struct stat_sortel *sorted;
	size_t nsorted;
	uint8_t keybuf[AGGR_KEY_MAX];
	uint8_t enc[65536 + 16];	/* a layout-1 record re-encoded as V3 */
};

#endif
