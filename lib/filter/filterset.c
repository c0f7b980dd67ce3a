/*
 * filterset.c - many compiled filters matched against one record at once
 * (filter.h, flow_filter_set).
 *
 * Profile channels are mostly "port N", "proto X", "port in [...]" or ORs
 * of such tests: equality of one 8- or 16-bit field.  Such a filter is
 * folded into a lookup table per field (its offsets and width; "port N"
 * probes one table at the src and the dst offset) whose entry for a value
 * names the filters that value selects.  Per record that is a few table
 * loads instead of one tree walk per filter.  Every other filter is
 * evaluated with flow_filter_match_ctx, so the result is exactly that of
 * matching each filter on its own.
 */
#include <stdlib.h>
#include <string.h>

#include "filter/filter_int.h"
#include "util/alloc.h"

/*
 * One table: a field (1 or 2 offsets, 1 or 2 bytes wide) -> filter mask.
 * any has a bit per value that some filter selects, rank the number of
 * such values below each 64-value word; the masks of the table's values
 * are consecutive from base, in value order.  For a port that is 8 KiB of
 * bits and 4 KiB of ranks: every lookup stays in L1, where a plain array
 * of 65536 mask indexes (256 KiB) missed the cache on most records.
 */
struct fset_table {
	uint16_t off[2];
	uint8_t noff, size;
	uint64_t *any;
	uint32_t *rank;
	uint32_t base;
	uint32_t *direct;	/* 1-byte fields: value -> mask index, 1 KiB */
	/* while building: (value, filter) pairs */
	struct fset_pair { uint32_t value, filter; } *pairs;
	size_t npairs, cap;
};

struct flow_filter_set {
	size_t n, words;
	struct fset_table *tab;
	size_t ntab;
	uint64_t *masks;		/* nmasks * words; mask 0 is empty */
	size_t nmasks;
	uint64_t *always;		/* words: filters that select every record */
	const struct flow_filter **rest;	/* evaluated one by one */
	uint32_t *rest_idx;
	size_t nrest;
};

/* One table test found in a filter's OR tree. */
struct fset_leaf {
	uint16_t off[2];
	uint8_t noff, size;
	const uint64_t *vals;	/* values; or the two below */
	uint64_t v[2];
	uint32_t nvals;
};

/*
 * Collect the leaves of the OR tree under node i.  Returns 1 when the
 * whole subtree is an OR of table tests (or FN_FALSE), 2 when it contains
 * FN_TRUE (the filter selects everything), 0 when it needs evaluation.
 */
static int leaves(const struct flow_filter *f, uint32_t i, struct fset_leaf *out, size_t *n,
		  size_t cap)
{
	const struct fnode *nd = &f->nodes[i];
	struct fset_leaf l = { { nd->off, 0 }, 1, 0, NULL, { nd->val, 0 }, 1 };
	int a, b;

	switch (nd->kind) {
	case FN_OR:
		a = leaves(f, nd->a, out, n, cap);
		b = leaves(f, nd->b, out, n, cap);
		return a == 2 || b == 2 ? 2 : a && b;
	case FN_TRUE:
		return 2;
	case FN_FALSE:
		return 1;
	case FN_EQ8:
		l.size = 1;
		break;
	case FN_EQ16:
		l.size = 2;
		break;
	case FN_EQ16_2:
		l.size = 2;
		l.noff = 2;
		l.off[1] = (uint16_t)nd->val2;
		break;
	case FN_PROTO2:
		l.size = 1;
		l.v[1] = nd->val2;
		l.nvals = 2;
		break;
	case FN_LIST:
		if (nd->size != 1 && nd->size != 2)
			return 0;
		l.size = nd->size;
		l.vals = f->u64 + nd->a;
		l.nvals = nd->b;
		break;
	default:
		return 0;
	}
	if (*n == cap)
		return 0;
	out[(*n)++] = l;
	return 1;
}

static struct fset_table *table_for(struct flow_filter_set *s, const struct fset_leaf *l)
{
	struct fset_table *t;

	for (size_t i = 0; i < s->ntab; i++) {
		t = &s->tab[i];
		if (t->size == l->size && t->noff == l->noff && t->off[0] == l->off[0] &&
		    t->off[1] == l->off[1])
			return t;
	}
	t = flow_realloc(s->tab, (s->ntab + 1) * sizeof(*t));
	if (!t)
		return NULL;
	s->tab = t;
	t = &s->tab[s->ntab++];
	memset(t, 0, sizeof(*t));
	t->off[0] = l->off[0];
	t->off[1] = l->off[1];
	t->noff = l->noff;
	t->size = l->size;
	return t;
}

static int add_pair(struct fset_table *t, uint64_t value, uint32_t filter)
{
	if (value >= (1u << (8 * t->size)))
		return 0;	/* wider than the field: never equal */
	if (t->npairs == t->cap) {
		size_t ncap = t->cap ? t->cap * 2 : 16;
		struct fset_pair *p = flow_realloc(t->pairs, ncap * sizeof(*p));

		if (!p)
			return -1;
		t->pairs = p;
		t->cap = ncap;
	}
	t->pairs[t->npairs].value = (uint32_t)value;
	t->pairs[t->npairs++].filter = filter;
	return 0;
}

static int add_leaf(struct flow_filter_set *s, const struct fset_leaf *l, uint32_t filter)
{
	struct fset_table *t = table_for(s, l);

	if (!t)
		return -1;
	for (uint32_t k = 0; k < l->nvals; k++)
		if (add_pair(t, l->vals ? l->vals[k] : l->v[k], filter) < 0)
			return -1;
	return 0;
}

/* Sort by value, then filter, so that equal values are adjacent. */
static int pair_cmp(const void *a, const void *b)
{
	const struct fset_pair *x = a, *y = b;

	if (x->value != y->value)
		return x->value < y->value ? -1 : 1;
	return x->filter < y->filter ? -1 : x->filter > y->filter;
}

/* Turn a table's pairs into its bits, ranks and masks. */
static int seal(struct flow_filter_set *s, struct fset_table *t)
{
	size_t i = 0, nvals = 0, w = s->words, nwords = ((size_t)1 << (8 * t->size)) / 64;
	uint64_t *m;
	uint32_t below = 0;

	qsort(t->pairs, t->npairs, sizeof(*t->pairs), pair_cmp);
	for (size_t k = 0; k < t->npairs; k++)
		nvals += k == 0 || t->pairs[k].value != t->pairs[k - 1].value;
	t->any = flow_calloc(nwords, sizeof(*t->any));
	t->rank = flow_calloc(nwords, sizeof(*t->rank));
	if (t->size == 1)
		t->direct = flow_calloc(256, sizeof(*t->direct));
	m = t->any && t->rank && (t->size != 1 || t->direct) ? flow_realloc(s->masks, (s->nmasks + nvals) * w * sizeof(*m)) : NULL;
	if (!m)
		return -1;
	s->masks = m;
	memset(m + s->nmasks * w, 0, nvals * w * sizeof(*m));
	t->base = (uint32_t)s->nmasks;
	while (i < t->npairs) {
		uint32_t v = t->pairs[i].value;
		uint64_t *mask = m + s->nmasks++ * w;

		t->any[v / 64] |= 1ULL << (v % 64);
		if (t->direct)
			t->direct[v] = (uint32_t)(s->nmasks - 1);
		for (; i < t->npairs && t->pairs[i].value == v; i++)
			mask[t->pairs[i].filter / 64] |= 1ULL << (t->pairs[i].filter % 64);
	}
	for (size_t k = 0; k < nwords; k++) {
		t->rank[k] = below;
		below += (uint32_t)__builtin_popcountll(t->any[k]);
	}
	flow_free(t->pairs);
	t->pairs = NULL;
	return 0;
}

/* File filter i under tables, always or rest. */
static int classify(struct flow_filter_set *s, const struct flow_filter *f, uint32_t i)
{
	struct fset_leaf l[64];
	size_t n = 0;
	int kind = !f || !f->n ? 2 : leaves(f, f->root, l, &n, sizeof(l) / sizeof(l[0]));

	if (kind == 2) {
		s->always[i / 64] |= 1ULL << (i % 64);
		return 0;
	}
	if (kind == 0) {
		s->rest[s->nrest] = f;
		s->rest_idx[s->nrest++] = i;
		return 0;
	}
	for (size_t k = 0; k < n; k++)
		if (add_leaf(s, &l[k], i) < 0)
			return -1;
	return 0;
}

int flow_filter_set_build(struct flow_filter_set **out, const struct flow_filter *const *f,
			  size_t n, struct flow_err *err)
{
	struct flow_filter_set *s = flow_calloc(1, sizeof(*s));
	size_t i;

	*out = NULL;
	if (!s)
		return flow_errorf(err, FLOW_ENOMEM, "filter set: out of memory");
	s->n = n;
	s->words = n ? (n + 63) / 64 : 1;
	s->nmasks = 1;	/* mask 0: no filter */
	s->masks = flow_calloc(s->words, sizeof(*s->masks));
	s->always = flow_calloc(s->words, sizeof(*s->always));
	s->rest = flow_calloc(n ? n : 1, sizeof(*s->rest));
	s->rest_idx = flow_calloc(n ? n : 1, sizeof(*s->rest_idx));
	if (!s->masks || !s->always || !s->rest || !s->rest_idx)
		goto nomem;
	for (i = 0; i < n; i++)
		if (classify(s, f[i], (uint32_t)i) < 0)
			goto nomem;
	for (i = 0; i < s->ntab; i++)
		if (seal(s, &s->tab[i]) < 0)
			goto nomem;
	*out = s;
	return 0;
nomem:
	flow_filter_set_free(s);
	return flow_errorf(err, FLOW_ENOMEM, "filter set: out of memory");
}

size_t flow_filter_set_words(const struct flow_filter_set *s)
{
	return s->words;
}

size_t flow_filter_set_slow(const struct flow_filter_set *s)
{
	return s->nrest;
}

static inline unsigned field_at(const struct flow_record *r, unsigned off, unsigned size)
{
	const unsigned char *p = (const unsigned char *)r + off;
	uint16_t v;

	if (size == 1)
		return *p;
	memcpy(&v, p, 2);
	return v;
}

/* Bits set in x (without relying on a POPCNT instruction). */
static inline unsigned popcount64(uint64_t x)
{
	x = x - ((x >> 1) & 0x5555555555555555ULL);
	x = (x & 0x3333333333333333ULL) + ((x >> 2) & 0x3333333333333333ULL);
	x = (x + (x >> 4)) & 0x0f0f0f0f0f0f0f0fULL;
	return (unsigned)((x * 0x0101010101010101ULL) >> 56);
}

/*
 * The mask index of value v in table t, or 0 (the empty mask).  No branch
 * on whether v has filters: that is data the CPU cannot predict.
 */
static inline size_t mask_of(const struct fset_table *t, unsigned v)
{
	if (t->direct)
		return t->direct[v];
	uint64_t bits = t->any[v / 64];
	uint64_t below = bits & ((1ULL << (v % 64)) - 1);
	size_t m = t->base + t->rank[v / 64] + popcount64(below);

	return (bits >> (v % 64) & 1) ? m : 0;
}

void flow_filter_set_match(const struct flow_filter_set *s, const struct flow_record *r,
			   const struct flow_filter_ctx *ctx, uint64_t *hits)
{
	const struct fset_table *tab = s->tab, *end = tab ? tab + s->ntab : tab;
	const uint64_t *masks = s->masks;
	size_t w = s->words;

	if (w == 1) {	/* up to 64 filters: accumulate in a register */
		uint64_t h = s->always[0];

		for (const struct fset_table *t = tab; t < end; t++) {
			h |= masks[mask_of(t, field_at(r, t->off[0], t->size))];
			if (t->noff > 1)
				h |= masks[mask_of(t, field_at(r, t->off[1], t->size))];
		}
		hits[0] = h;
	} else {
		memcpy(hits, s->always, w * sizeof(*hits));
		for (const struct fset_table *t = tab; t < end; t++)
			for (unsigned k = 0; k < t->noff; k++) {
				const uint64_t *m = masks + mask_of(t, field_at(r, t->off[k], t->size)) * w;

				for (size_t j = 0; j < w; j++)
					hits[j] |= m[j];
			}
	}
	for (size_t k = 0; k < s->nrest; k++)
		if (flow_filter_match_ctx(s->rest[k], r, ctx))
			hits[s->rest_idx[k] / 64] |= 1ULL << (s->rest_idx[k] % 64);
}

void flow_filter_set_free(struct flow_filter_set *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->ntab; i++) {
		flow_free(s->tab[i].any);
		flow_free(s->tab[i].rank);
		flow_free(s->tab[i].direct);
		flow_free(s->tab[i].pairs);
	}
	flow_free(s->tab);
	flow_free(s->masks);
	flow_free(s->always);
	flow_free(s->rest);
	flow_free(s->rest_idx);
	flow_free(s);
}
