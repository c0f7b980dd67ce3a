/*
 * table.c - open addressing over chunked entries (see table.h).
 */
#include <stdint.h>
#include <string.h>

#include "stat/table.h"
#include "util/alloc.h"
#include "util/banned.h"

/* flows, in packets (u32 or u64), in bytes (u64), first, last (u32 or u64) */
#define CNT_HEAD(t) ((t)->wide_cnt ? 24 : 16)
#define CNT_BYTES(t) (CNT_HEAD(t) + ((t)->wide_time ? 16 : 8))

static void layout(struct stat_table *t)
{
	/*
	 * Counters follow the key unaligned (read with memcpy): a 5-byte key
	 * (-s srcip) then costs 45 bytes an entry, not 48 - 3.7 MB of a
	 * million-key table.
	 */
	t->meta_off = t->key_bytes;
	t->cnt_off = t->key_bytes + t->meta_bytes;
	t->time_off = CNT_HEAD(t);
	t->esize = t->cnt_off + CNT_BYTES(t);
	if (t->out_off) {
		t->out_off = t->esize;
		t->esize += 16;
	}
	if (t->extra) {
		t->extra_off = t->esize;
		t->esize += 8;
	}
}

void stat_table_init(struct stat_table *t, size_t key_bytes, size_t meta_bytes, int extra)
{
	memset(t, 0, sizeof(*t));
	t->key_bytes = key_bytes;
	t->meta_bytes = meta_bytes;
	t->extra = extra;
	t->last_mask = key_bytes % 8 ? (1ULL << (8 * (key_bytes % 8))) - 1 : ~0ULL;
	layout(t);
}

/* Free chunks (those of the region go with it). */
static void free_chunks(uint8_t **chunks, size_t n, struct flow_region *region)
{
	for (size_t i = 0; i < n; i++)
		if (!flow_region_owns(region, chunks[i]))
			flow_free(chunks[i]);
	flow_free(chunks);
	flow_region_release(region);
}

void stat_table_release(struct stat_table *t)
{
	free_chunks(t->chunks, t->nchunks, &t->region);
	flow_free_big(t->slots, t->nslots * sizeof(*t->slots));
	t->chunks = NULL;
	t->slots = NULL;
	t->n = t->nslots = t->nchunks = t->chunks_cap = 0;
}

uint64_t stat_hash(const uint8_t *key, size_t len)
{
	uint64_t h = 0x9e3779b97f4a7c15ULL ^ len;
	uint64_t w;

	for (; len >= 8; key += 8, len -= 8) {
		memcpy(&w, key, 8);
		h = (h ^ w) * 0x9fb21c651e98df25ULL;
		h ^= h >> 29;
	}
	if (len) {
		w = 0;
		memcpy(&w, key, len);
		h = (h ^ w) * 0x9fb21c651e98df25ULL;
	}
	return stat_hash_word(h);
}

/* Keys are compared a word at a time; meta bytes in the last are masked. */
static int key_equal(const struct stat_table *t, const uint8_t *e, const uint8_t *key)
{
	size_t full = t->key_bytes / 8;
	uint64_t a, b;

	if (t->key_bytes == 5) {	/* -s: an IPv4 address or a number, and proto */
		uint32_t x, y;

		memcpy(&x, e, 4);
		memcpy(&y, key, 4);
		return x == y && e[4] == key[4];
	}

	for (size_t i = 0; i < full; i++) {
		memcpy(&a, e + 8 * i, 8);
		memcpy(&b, key + 8 * i, 8);
		if (a != b)
			return 0;
	}
	if (t->key_bytes % 8 == 0)
		return 1;
	memcpy(&a, e + 8 * full, 8);
	b = 0;
	memcpy(&b, key + 8 * full, t->key_bytes % 8);
	return ((a ^ b) & t->last_mask) == 0;
}

static size_t find_slot(const struct stat_table *t, const uint8_t *key, uint64_t hash,
			int *found)
{
	size_t mask = t->nslots - 1;
	size_t i = (size_t)(hash >> t->shift);
	uint64_t tag = hash >> 32 << 32;

	for (;; i = (i + 1) & mask) {
		uint64_t s = t->slots[i];

		if (s == 0) {
			*found = 0;
			return i;
		}
		if ((s & ~0xffffffffULL) == tag &&
		    key_equal(t, stat_table_entry(t, (s & 0xffffffffu) - 1), key)) {
			*found = 1;
			return i;
		}
	}
}

/*
 * Double the probe array (or make the first).  A slot's home is the top
 * bits of its tag, so the old array is walked in order and its slots land
 * in ascending order in the new one: sequential, no key hashed again.
 */
static int grow_slots(struct stat_table *t)
{
	size_t n = t->nslots ? t->nslots * 2 : 1024;
	unsigned shift = t->nslots ? t->shift - 1 : 64 - 10;
	uint64_t *s = n <= SIZE_MAX / sizeof(*s) ? flow_calloc_big(n * sizeof(*s)) : NULL;

	if (!s)
		return -1;
	for (size_t o = 0; o < t->nslots; o++) {
		uint64_t v = t->slots[o];
		size_t i;

		if (!v)
			continue;
		i = (size_t)(v >> shift);	/* the tag's top bits: the hash's */
		while (s[i])
			i = (i + 1) & (n - 1);
		s[i] = v;
	}
	flow_free_big(t->slots, t->nslots * sizeof(*t->slots));
	t->slots = s;
	t->nslots = n;
	t->shift = shift;
	return 0;
}

#define STAT_REGION_BYTES ((size_t)16 << 30)	/* address space, not memory */

/*
 * Chunk number c of t's layout, zeroed: entries are never removed, so a
 * new one needs no clearing (the region's pages come zeroed from the
 * kernel; a memset a new key was 2% of -s).
 */
static uint8_t *new_chunk(struct stat_table *t, size_t c)
{
	size_t bytes = STAT_CHUNK * t->esize;
	uint8_t *p;

	if (c == 0 || t->no_region)
		return flow_calloc(1, bytes);
	if (!t->region.base && flow_region_init(&t->region, STAT_REGION_BYTES) < 0) {
		t->no_region = 1;
		return flow_calloc(1, bytes);
	}
	p = flow_region_take(&t->region, bytes);
	return p ? p : flow_calloc(1, bytes);
}

/* Room for entry number t->n. */
static int reserve_entry(struct stat_table *t)
{
	size_t c = t->n >> STAT_CHUNK_BITS;

	if (c < t->nchunks)
		return 0;
	if (c == t->chunks_cap) {
		size_t cap = t->chunks_cap ? t->chunks_cap * 2 : 16;
		uint8_t **p = flow_realloc(t->chunks, cap * sizeof(*p));

		if (!p)
			return -1;
		t->chunks = p;
		t->chunks_cap = cap;
	}
	t->chunks[c] = new_chunk(t, c);
	if (!t->chunks[c])
		return -1;
	t->nchunks++;
	return 0;
}

uint8_t *stat_table_get(const struct stat_table *t, const uint8_t *key, uint64_t hash)
{
	int found;
	size_t i;

	if (!t->nslots)
		return NULL;
	i = find_slot(t, key, hash, &found);
	return found ? stat_table_entry(t, (t->slots[i] & 0xffffffffu) - 1) : NULL;
}

uint8_t *stat_table_put(struct stat_table *t, const uint8_t *key, uint64_t hash,
			int *is_new)
{
	int found;
	size_t i;
	uint8_t *e;

	*is_new = 0;
	/* keep the load at or below 0.7: short probe runs */
	if ((t->n + 1) * 10 > t->nslots * 7 && grow_slots(t) < 0)
		return NULL;
	i = find_slot(t, key, hash, &found);
	if (found)
		return stat_table_entry(t, (t->slots[i] & 0xffffffffu) - 1);
	if (t->n >= UINT32_MAX - 1 || reserve_entry(t) < 0)
		return NULL;
	e = stat_table_entry(t, t->n);
	/* chunks start zeroed (new_chunk): only the key to write; the -s keys as constants */
	if (t->key_bytes == 5)
		memcpy(e, key, 5);
	else if (t->key_bytes == 17)
		memcpy(e, key, 17);
	else
		memcpy(e, key, t->key_bytes);
	t->slots[i] = (hash >> 32 << 32) | ++t->n;
	return *is_new = 1, e;
}

void stat_entry_get(const struct stat_table *t, const uint8_t *e, struct stat_cnt *c)
{
	const uint8_t *v = e + t->cnt_off, *tm = v + t->time_off;

	if (t->wide_cnt) {
		c->flows = stat_ld64(v, 0);
		c->in_pkts = stat_ld64(v, 1);
		c->in_bytes = stat_ld64(v, 2);
	} else {
		c->flows = stat_ld32(v);
		c->in_pkts = stat_ld32(v + 4);
		c->in_bytes = stat_ld64(v + 8, 0);
	}
	if (t->wide_time) {
		c->first = stat_ld64(tm, 0);
		c->last = stat_ld64(tm, 1);
	} else {
		c->first = t->time_base + stat_ld32(tm);
		c->last = t->time_base + stat_ld32(tm + 4);
	}
	c->out_pkts = c->out_bytes = 0;
	if (t->out_off) {
		c->out_pkts = stat_ld64(e + t->out_off, 0);
		c->out_bytes = stat_ld64(e + t->out_off, 1);
	}
}

/* Store c as e's counters (t's layout). */
static void entry_set(const struct stat_table *t, uint8_t *e, const struct stat_cnt *c)
{
	uint8_t *v = e + t->cnt_off, *tm = v + t->time_off;

	if (t->wide_cnt) {
		stat_st64(v, 0, c->flows);
		stat_st64(v, 1, c->in_pkts);
		stat_st64(v, 2, c->in_bytes);
	} else {
		stat_st32(v, (uint32_t)c->flows);
		stat_st32(v + 4, (uint32_t)c->in_pkts);
		stat_st64(v + 8, 0, c->in_bytes);
	}
	if (t->wide_time) {
		stat_st64(tm, 0, c->first);
		stat_st64(tm, 1, c->last);
	} else {
		stat_st32(tm, (uint32_t)(c->first - t->time_base));
		stat_st32(tm + 4, (uint32_t)(c->last - t->time_base));
	}
	if (t->out_off) {
		stat_st64(e + t->out_off, 0, c->out_pkts);
		stat_st64(e + t->out_off, 1, c->out_bytes);
	}
}

/* Copy every entry into chunks of layout w (t widened); all or nothing. */
static int relayout(struct stat_table *t, struct stat_table w)
{
	uint8_t **chunks;

	w.region = (struct flow_region){ 0 };
	w.no_region = 0;
	layout(&w);
	chunks = flow_calloc(t->chunks_cap ? t->chunks_cap : 1, sizeof(*chunks));
	if (!chunks)
		return -1;
	for (size_t c = 0; c < t->nchunks; c++) {
		chunks[c] = new_chunk(&w, c);
		if (!chunks[c]) {
			free_chunks(chunks, c, &w.region);
			return -1;
		}
	}
	w.chunks = chunks;
	for (size_t i = 0; i < t->n; i++) {
		uint8_t *from = stat_table_entry(t, i), *to = stat_table_entry(&w, i);
		struct stat_cnt c;

		memcpy(to, from, t->cnt_off);	/* key and meta */
		stat_entry_get(t, from, &c);
		entry_set(&w, to, &c);
		if (t->extra)
			memcpy(to + w.extra_off, from + t->extra_off, 8);
	}
	free_chunks(t->chunks, t->nchunks, &t->region);
	*t = w;
	return 0;
}

int stat_table_widen(struct stat_table *t)
{
	struct stat_table w = *t;

	if (t->out_off)
		return 0;
	w.out_off = 1;
	return relayout(t, w);
}

int stat_table_fit_time(struct stat_table *t, uint64_t first, uint64_t last)
{
	struct stat_table w = *t;

	if (t->wide_time)
		return 0;
	if (t->n == 0 && first > (1ULL << 31) && first < UINT64_MAX - UINT32_MAX &&
	    last >= first && last - first <= (1ULL << 31)) {
		/* a window of 2^32 ms with first in its middle */
		t->time_base = first - (1ULL << 31);
		return 0;
	}
	w.wide_time = 1;
	return relayout(t, w);
}

/* The number of entry e (a pointer into one of t's chunks). */
static size_t entry_index(const struct stat_table *t, const uint8_t *e)
{
	uintptr_t a = (uintptr_t)e;

	for (size_t c = 0; c < t->nchunks; c++) {
		uintptr_t b = (uintptr_t)t->chunks[c];

		if (a >= b && a < b + STAT_CHUNK * t->esize)
			return (c << STAT_CHUNK_BITS) + (a - b) / t->esize;
	}
	return SIZE_MAX;
}

uint8_t *stat_entry_add_wide(struct stat_table *t, uint8_t *e, int is_new,
			     const struct stat_cnt *d)
{
	struct stat_table w = *t;
	size_t i = entry_index(t, e);

	if (i == SIZE_MAX || t->wide_cnt)
		return NULL;	/* not ours; or wide already, which never comes here */
	w.wide_cnt = 1;
	if (relayout(t, w) < 0)
		return NULL;
	return stat_entry_add(t, stat_table_entry(t, i), is_new, d);
}
