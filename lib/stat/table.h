/*
 * table.h - the hash table under every statistic and aggregation.
 *
 * Keys are fixed-size byte strings built by the caller (zero padding
 * included, so equal keys are equal bytes).  An entry is the key, four
 * meta bytes, the counters (struct stat_cnt) and optionally one u64 the
 * caller owns (the offset of a stored record), all inline: no allocation
 * per entry.  Entries live in chunks of STAT_CHUNK entries, so growing
 * never copies them and an entry's address is stable; the probe array
 * holds 32-bit entry numbers (open addressing, linear probing, load <=
 * 0.7), so a key costs its entry plus about 8 bytes of index.
 *
 * Out of memory: put returns NULL and the table stays as it was (usable,
 * releasable).  Not thread-safe; one table per thread.
 */
#ifndef FLOW_STAT_TABLE_H
#define FLOW_STAT_TABLE_H

#include <stddef.h>
#include <stdint.h>

/* The counters nfdump keeps per key; first/last in ms. */
struct stat_cnt {
	uint64_t flows, in_pkts, in_bytes, out_pkts, out_bytes;
	uint64_t first, last;
};

#define STAT_CHUNK_BITS 14
#define STAT_CHUNK ((size_t)1 << STAT_CHUNK_BITS)

struct stat_table {
	size_t key_bytes;	/* compared and hashed */
	size_t esize;		/* bytes per entry, a multiple of 8 */
	size_t meta_off, cnt_off, extra_off;	/* extra_off 0 = none */
	size_t n;		/* entries */
	uint32_t *slots;	/* 0 = empty, else entry number + 1 */
	size_t nslots;		/* power of two (0 before the first put) */
	uint8_t **chunks;
	size_t nchunks, chunks_cap;
};

/* key_bytes >= 1; extra: reserve the caller's u64. */
void stat_table_init(struct stat_table *t, size_t key_bytes, int extra);
void stat_table_release(struct stat_table *t);

uint64_t stat_hash(const uint8_t *key, size_t len);

/*
 * The entry for key (hash = stat_hash(key, key_bytes)); a new one has
 * its key copied and everything else zero, and *is_new set.  NULL when
 * memory runs out.
 */
uint8_t *stat_table_put(struct stat_table *t, const uint8_t *key, uint64_t hash,
			int *is_new);
/* The entry for key, or NULL. */
uint8_t *stat_table_get(const struct stat_table *t, const uint8_t *key, uint64_t hash);

static inline uint8_t *stat_table_entry(const struct stat_table *t, size_t i)
{
	return t->chunks[i >> STAT_CHUNK_BITS] + (i & (STAT_CHUNK - 1)) * t->esize;
}

static inline struct stat_cnt *stat_entry_cnt(const struct stat_table *t, uint8_t *e)
{
	return (struct stat_cnt *)(void *)(e + t->cnt_off);
}

#endif
