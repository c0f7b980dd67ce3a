/*
 * table.h - the hash table under every statistic and aggregation.
 *
 * Keys are fixed-size byte strings built by the caller (zero padding
 * included, so equal keys are equal bytes).  An entry holds, inline and
 * packed (counters unaligned, read with memcpy): the key, optional meta
 * bytes, the counters, optionally one u64 the caller owns (the offset of
 * a stored record).  No allocation per entry: entries live in
 * chunks of STAT_CHUNK, so growing never copies them.  Chunks after the
 * first come from one reserved region on huge pages: a million-key table
 * is probed at random, and on 4 KB pages nearly every probe also missed
 * the TLB (bench_dump.sh -s: 0.42 s -> 0.35 s).  The first chunk is
 * heap memory, so that the many small tables stay small.
 *
 * Out counters (bidirectional or NSEL data) are rare, so a table starts
 * without them and widens every entry once, on the first record that has
 * them (stat_table_widen): v5 data costs 40 bytes of counters a key, not 56.
 * Likewise first and last are kept as 32-bit ms from a base (the first
 * time counted, less 2^31 ms: 24 days either side) until a time falls
 * outside, and then widened to 64 bits: 32 bytes of counters, which
 * brought -s srcip from 0.33 to 0.30 of nfdump's peak RSS.  Flows and
 * packets are 32-bit until one entry's sum would not fit, and then every
 * entry widens to 64 (stat_entry_add): 24 bytes of counters, 11 MB less
 * for a million keys (-s srcip: 0.31 -> 0.27 of nfdump's peak RSS).
 *
 * The probe array holds 64-bit slots: the top 32 bits of the hash (so a
 * probe that cannot match costs no entry fetch) and the entry number + 1;
 * linear probing, load at most 0.7.  The home slot is the hash's top
 * bits, which the slot itself holds: doubling the array moves slots in
 * one sequential pass, without touching an entry or hashing a key again.
 *
 * Out of memory: put/widen return NULL/-1 and the table stays as it was
 * (usable, releasable).  Not thread-safe; one table per thread.
 */
#ifndef FLOW_STAT_TABLE_H
#define FLOW_STAT_TABLE_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "util/alloc.h"

/* The counters nfdump keeps per key; first/last in ms. */
struct stat_cnt {
	uint64_t flows, in_pkts, in_bytes, out_pkts, out_bytes;
	uint64_t first, last;
};

#define STAT_CHUNK_BITS 14
#define STAT_CHUNK ((size_t)1 << STAT_CHUNK_BITS)

struct stat_table {
	size_t key_bytes;	/* compared and hashed */
	size_t meta_bytes;
	size_t esize;		/* bytes per entry */
	size_t meta_off, cnt_off, out_off, extra_off;	/* out/extra 0 = none */
	int extra;
	uint64_t last_mask;	/* the key bytes of the last compared word */
	size_t n;		/* entries */
	uint64_t *slots;	/* 0 = empty, else hash >> 32 << 32 | entry + 1 */
	size_t nslots;		/* power of two (0 before the first put) */
	unsigned shift;		/* 64 - log2(nslots): home slot = hash >> shift */
	uint8_t **chunks;
	size_t nchunks, chunks_cap;
	struct flow_region region;	/* chunks after the first (see new_chunk) */
	int no_region;			/* the reservation was refused: heap only */
	int wide_time;			/* first/last as u64 ms, not u32 from time_base */
	uint64_t time_base;
	int wide_cnt;			/* flows, packets as u64, not u32 */
	size_t time_off;		/* first/last, from cnt_off */
};

/* key_bytes >= 1; meta_bytes <= 8; extra: reserve the caller's u64. */
void stat_table_init(struct stat_table *t, size_t key_bytes, size_t meta_bytes, int extra);
void stat_table_release(struct stat_table *t);

uint64_t stat_hash(const uint8_t *key, size_t len);

/* A key that fits one word, hashed inline (murmur3's finaliser). */
static inline uint64_t stat_hash_word(uint64_t w)
{
	w ^= w >> 33;
	w *= 0xff51afd7ed558ccdULL;
	w ^= w >> 33;
	w *= 0xc4ceb9fe1a85ec53ULL;
	w ^= w >> 33;
	return w;
}

/*
 * The entry for key (hash = stat_hash(key, key_bytes)); a new one has
 * its key copied and everything else zero, and *is_new set.  NULL when
 * memory runs out.  Pointers stay valid until stat_table_widen,
 * stat_table_admit or a stat_entry_add that returns another.
 */
uint8_t *stat_table_put(struct stat_table *t, const uint8_t *key, uint64_t hash,
			int *is_new);
/* The entry for key, or NULL. */
uint8_t *stat_table_get(const struct stat_table *t, const uint8_t *key, uint64_t hash);
/* Give every entry out counters (zero); a no-op when they exist. */
int stat_table_widen(struct stat_table *t);
/* Make room for first and last: on an empty table by moving the base of
 * the 32-bit times, else by widening them to 64 bits.  -1 when memory
 * runs out (the table stays as it was). */
int stat_table_fit_time(struct stat_table *t, uint64_t first, uint64_t last);

/*
 * Make t able to count d (out counters, times); call before the put of
 * the entry d goes to.  -1 when memory runs out.
 */
static inline int stat_table_admit(struct stat_table *t, const struct stat_cnt *d)
{
	if ((d->out_pkts || d->out_bytes) && !t->out_off && stat_table_widen(t) < 0)
		return -1;
	if (!t->wide_time && (d->first - t->time_base > UINT32_MAX ||
			      d->last - t->time_base > UINT32_MAX))
		return stat_table_fit_time(t, d->first, d->last);
	return 0;
}

/*
 * Prefetch hints for batched callers: a million random keys miss the
 * cache twice per lookup (slot, entry); touching them some records ahead
 * overlaps the misses (measured: bench/bench_dump.sh).  always_inline:
 * GCC 12 split them into functions of their own, found those free of
 * side effects, and dropped every call - no prefetch was left in dump.
 */
static inline __attribute__((always_inline)) void stat_table_prefetch(const struct stat_table *t, uint64_t hash)
{
	if (t->nslots)
		__builtin_prefetch(&t->slots[hash >> t->shift]);
}

static inline uint8_t *stat_table_entry(const struct stat_table *t, size_t i);

/*
 * Follow the probe run from the key's home slot (in cache after
 * stat_table_prefetch) to the slot with its tag, and prefetch that
 * entry: the key at its start and the counters at its end may be two
 * cache lines.  At load 0.7 the home slot often holds another key, so
 * stopping there left most repeated keys to miss.
 */
static inline __attribute__((always_inline)) void stat_table_prefetch_entry(const struct stat_table *t, uint64_t hash)
{
	size_t mask = t->nslots - 1, i = (size_t)(hash >> t->shift);

	if (!t->nslots)
		return;
	for (unsigned n = 0; n < 8; n++, i = (i + 1) & mask) {
		uint64_t s = t->slots[i];

		if (!s)
			return;
		if ((s >> 32) == (hash >> 32)) {
			const uint8_t *e = stat_table_entry(t, (s & 0xffffffffu) - 1);

			__builtin_prefetch(e, 1);
			__builtin_prefetch(e + t->esize - 1, 1);
			return;
		}
	}
}

static inline uint8_t *stat_table_entry(const struct stat_table *t, size_t i)
{
	return t->chunks[i >> STAT_CHUNK_BITS] + (i & (STAT_CHUNK - 1)) * t->esize;
}

/* Counter i of those at p (entries are not 8-aligned: see layout()). */
static inline uint64_t stat_ld64(const uint8_t *p, size_t i)
{
	uint64_t v;

	memcpy(&v, p + 8 * i, 8);
	return v;
}

static inline void stat_st64(uint8_t *p, size_t i, uint64_t v)
{
	memcpy(p + 8 * i, &v, 8);
}

/* All counters of an entry (out ones 0 when the table has none). */
void stat_entry_get(const struct stat_table *t, const uint8_t *e, struct stat_cnt *c);

static inline uint32_t stat_ld32(const uint8_t *p)
{
	uint32_t v;

	memcpy(&v, p, 4);
	return v;
}

static inline void stat_st32(uint8_t *p, uint32_t v)
{
	memcpy(p, &v, 4);
}

/* Count d into e after widening the counters of every entry (table.c). */
uint8_t *stat_entry_add_wide(struct stat_table *t, uint8_t *e, int is_new,
			     const struct stat_cnt *d);

/*
 * Count one flow: in/out packets and bytes, its flows, first and last.
 * The caller admitted d first (stat_table_admit).  Returns the entry:
 * e, or its new place when 32-bit flows or packets could not hold the
 * sum and the table widened them; NULL when memory runs out for that
 * (nothing counted, the table as it was).
 */
static inline uint8_t *stat_entry_add(struct stat_table *t, uint8_t *e, int is_new,
				      const struct stat_cnt *d)
{
	uint8_t *c = e + t->cnt_off;	/* flows, ipkt, ibyt, first, last */
	uint8_t *tm = c + t->time_off;

	if (t->wide_cnt) {
		stat_st64(c, 0, stat_ld64(c, 0) + d->flows);
		stat_st64(c, 1, stat_ld64(c, 1) + d->in_pkts);
		stat_st64(c, 2, stat_ld64(c, 2) + d->in_bytes);
	} else {
		uint64_t fl = stat_ld32(c) + d->flows, pk = stat_ld32(c + 4) + d->in_pkts;

		if (((d->flows | d->in_pkts | fl | pk) >> 32) != 0)
			return stat_entry_add_wide(t, e, is_new, d);
		stat_st32(c, (uint32_t)fl);
		stat_st32(c + 4, (uint32_t)pk);
		stat_st64(c + 8, 0, stat_ld64(c + 8, 0) + d->in_bytes);
	}
	if (t->wide_time) {
		if (is_new || d->first < stat_ld64(tm, 0))
			stat_st64(tm, 0, d->first);
		if (is_new || d->last > stat_ld64(tm, 1))
			stat_st64(tm, 1, d->last);
	} else {
		uint32_t f = (uint32_t)(d->first - t->time_base);
		uint32_t l = (uint32_t)(d->last - t->time_base);

		if (is_new || f < stat_ld32(tm))
			stat_st32(tm, f);
		if (is_new || l > stat_ld32(tm + 4))
			stat_st32(tm + 4, l);
	}
	if (t->out_off) {
		uint8_t *o = e + t->out_off;

		stat_st64(o, 0, stat_ld64(o, 0) + d->out_pkts);
		stat_st64(o, 1, stat_ld64(o, 1) + d->out_bytes);
	}
	return e;
}

/* Count d into key's entry (admitted, put, added); NULL when memory runs out. */
static inline uint8_t *stat_table_count(struct stat_table *t, const uint8_t *key, uint64_t hash,
					const struct stat_cnt *d)
{
	int is_new;
	uint8_t *e;

	if (stat_table_admit(t, d) < 0)
		return NULL;
	e = stat_table_put(t, key, hash, &is_new);
	return e ? stat_entry_add(t, e, is_new, d) : NULL;
}

#endif
