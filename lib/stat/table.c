/*
 * table.c - open addressing over chunked entries (see table.h).
 */
#include <string.h>

#include "stat/table.h"
#include "util/alloc.h"
#include "util/banned.h"

void stat_table_init(struct stat_table *t, size_t key_bytes, int extra)
{
	memset(t, 0, sizeof(*t));
	t->key_bytes = key_bytes;
	/* meta right after the key; counters 8-aligned after it */
	t->meta_off = key_bytes;
	t->cnt_off = (key_bytes + 4 + 7) & ~(size_t)7;
	t->esize = t->cnt_off + sizeof(struct stat_cnt);
	if (extra) {
		t->extra_off = t->esize;
		t->esize += 8;
	}
}

void stat_table_release(struct stat_table *t)
{
	for (size_t i = 0; i < t->nchunks; i++)
		flow_free(t->chunks[i]);
	flow_free(t->chunks);
	flow_free(t->slots);
	memset(t, 0, sizeof(*t));
}

static uint64_t mix(uint64_t h)
{
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdULL;
	h ^= h >> 33;
	h *= 0xc4ceb9fe1a85ec53ULL;
	h ^= h >> 33;
	return h;
}

uint64_t stat_hash(const uint8_t *key, size_t len)
{
	uint64_t h = 0x9e3779b97f4a7c15ULL ^ len;
	uint64_t w;

	for (; len >= 8; key += 8, len -= 8) {
		memcpy(&w, key, 8);
		h = (h ^ mix(w)) * 0x100000001b3ULL;
	}
	if (len) {
		w = 0;
		memcpy(&w, key, len);
		h = (h ^ mix(w)) * 0x100000001b3ULL;
	}
	return mix(h);
}

static size_t find_slot(const struct stat_table *t, const uint8_t *key, uint64_t hash,
			int *found)
{
	size_t mask = t->nslots - 1;
	size_t i = (size_t)hash & mask;

	for (;; i = (i + 1) & mask) {
		uint32_t s = t->slots[i];

		if (s == 0) {
			*found = 0;
			return i;
		}
		if (memcmp(stat_table_entry(t, s - 1), key, t->key_bytes) == 0) {
			*found = 1;
			return i;
		}
	}
}

/* Double the probe array (or make the first); entries do not move. */
static int grow_slots(struct stat_table *t)
{
	size_t n = t->nslots ? t->nslots * 2 : 1024;
	uint32_t *s = flow_calloc(n, sizeof(*s));

	if (!s)
		return -1;
	for (size_t e = 0; e < t->n; e++) {
		const uint8_t *key = stat_table_entry(t, e);
		size_t i = (size_t)stat_hash(key, t->key_bytes) & (n - 1);

		while (s[i])
			i = (i + 1) & (n - 1);
		s[i] = (uint32_t)(e + 1);
	}
	flow_free(t->slots);
	t->slots = s;
	t->nslots = n;
	return 0;
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
	t->chunks[c] = flow_malloc(STAT_CHUNK * t->esize);
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
	return found ? stat_table_entry(t, t->slots[i] - 1) : NULL;
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
		return stat_table_entry(t, t->slots[i] - 1);
	if (t->n >= UINT32_MAX - 1 || reserve_entry(t) < 0)
		return NULL;
	e = stat_table_entry(t, t->n);
	memset(e, 0, t->esize);
	memcpy(e, key, t->key_bytes);
	t->slots[i] = (uint32_t)(++t->n);
	*is_new = 1;
	return e;
}
