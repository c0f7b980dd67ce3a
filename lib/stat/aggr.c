/*
 * aggr.c - the flow table (see aggr.h): entries, the record arena, print
 * order and the records handed back for printing or writing.
 */
#include <string.h>

#include "stat/aggr_int.h"
#include "util/alloc.h"
#include "util/banned.h"

static void init_tables(struct flow_aggr *a)
{
	if (a->kind == AGGR_LIST) {
		stat_table_init(&a->tab[0], 8, AGGR_META_BYTES, 1);
	} else {
		stat_table_init(&a->tab[0], a->key.narrow_bytes, AGGR_META_BYTES, a->keep);
		stat_table_init(&a->tab[1], a->key.wide_bytes, AGGR_META_BYTES, a->keep);
	}
	/* -b moves in counters to out: every entry needs them (empty: no copy) */
	if (a->kind == AGGR_BIDIR) {
		stat_table_widen(&a->tab[0]);
		stat_table_widen(&a->tab[1]);
	}
}

int flow_aggr_new(struct flow_aggr **out, enum flow_aggr_kind kind, const char *mask,
		  struct flow_err *err)
{
	struct flow_aggr *a = flow_calloc(1, sizeof(*a));

	*out = NULL;
	if (!a)
		return flow_errorf(err, FLOW_ENOMEM, "aggregation: out of memory");
	a->kind = kind;
	if (kind == AGGR_MASK) {
		if (aggr_key_parse(&a->key, mask, err) < 0) {
			flow_free(a);
			return FLOW_EINVAL;
		}
	} else {
		aggr_key_5tuple(&a->key);
	}
	a->keep = kind != AGGR_MASK;
	init_tables(a);
	*out = a;
	return FLOW_OK;
}

void flow_aggr_free(struct flow_aggr *a)
{
	if (!a)
		return;
	stat_table_release(&a->tab[0]);
	stat_table_release(&a->tab[1]);
	for (size_t i = 0; i < a->arena.n; i++)
		flow_free(a->arena.blocks[i]);
	flow_free(a->arena.blocks);
	flow_free(a->sorted);
	flow_free(a);
}

void flow_aggr_keep_records(struct flow_aggr *a)
{
	if (a->keep || flow_aggr_count(a))
		return;
	a->keep = 1;
	init_tables(a);
}

const char *flow_aggr_fmt(const struct flow_aggr *a)
{
	return a->key.fmt;
}

size_t flow_aggr_count(const struct flow_aggr *a)
{
	return a->tab[0].n + a->tab[1].n;
}

/* Copy len bytes into the arena; *off gets block << 32 | offset. */
static int arena_put(struct arena *ar, const uint8_t *p, size_t len, uint64_t *off)
{
	if (ar->n == 0 || ar->used + len > ARENA_BLOCK) {
		if (ar->n == ar->cap) {
			size_t cap = ar->cap ? ar->cap * 2 : 16;
			uint8_t **b = flow_realloc(ar->blocks, cap * sizeof(*b));

			if (!b)
				return -1;
			ar->blocks = b;
			ar->cap = cap;
		}
		ar->blocks[ar->n] = flow_malloc(ARENA_BLOCK);
		if (!ar->blocks[ar->n])
			return -1;
		ar->n++;
		ar->used = 0;
	}
	memcpy(ar->blocks[ar->n - 1] + ar->used, p, len);
	*off = ((uint64_t)(ar->n - 1) << 32) | ar->used;
	ar->used += (len + 7) & ~(size_t)7;
	return 0;
}

/* nfdump's guess of the client side: TCP/UDP from a low to a high port. */
static int need_swap(const struct flow_record *r)
{
	unsigned sp = r->generic.src_port, dp = r->generic.dst_port;

	if (r->generic.proto != 6 && r->generic.proto != 17)
		return 0;
	return (sp < 1024 && dp >= 1024) || (sp < 32768 && dp >= 32768) ||
	       (sp < 49152 && dp >= 49152);
}

static unsigned v6_bits(const struct flow_record *r)
{
	return (unsigned)flow_has(r, EX_IPV6) | (unsigned)flow_has(r, EX_IP_NH6) << 1 |
	       (unsigned)flow_has(r, EX_BGP_NH6) << 2 | (unsigned)flow_has(r, EX_RECV6) << 3 |
	       (unsigned)flow_has(r, EX_NAT_XLATE6) << 4;
}

static int nomem(const struct flow_aggr *a, struct flow_err *err)
{
	return flow_errorf(err, FLOW_ENOMEM, "aggregation: out of memory after %zu flows",
			   flow_aggr_count(a));
}

static int first_seen(struct flow_aggr *a, struct stat_table *t, uint8_t *e,
		      const struct flow_record *r, const uint8_t *raw, size_t raw_size,
		      struct flow_err *err)
{
	uint64_t off;

	e[t->meta_off + AGGR_META_V6] = (uint8_t)(v6_bits(r) | (need_swap(r) ? AGGR_V6_SWAP : 0));
	if (!a->keep)
		return 0;
	if (!raw) {
		int n = flow_record_encode_v3(r, a->enc, sizeof(a->enc), err);

		if (n < 0)
			return n;
		raw = a->enc;
		raw_size = (size_t)n;
	}
	if (arena_put(&a->arena, raw, raw_size, &off) < 0)
		return nomem(a, err);
	memcpy(e + t->extra_off, &off, 8);
	return 0;
}

/* Count r into an entry; rev: r is the reverse direction of the entry.
 * -1 when memory runs out. */
static int count(struct stat_table *t, uint8_t *e, const struct flow_record *r, int rev,
		 int is_new)
{
	const struct ex_generic *g = &r->generic;
	struct stat_cnt d = {
		.flows = r->cnt.flows ? r->cnt.flows : 1,
		.in_pkts = rev ? r->cnt.out_packets : g->in_packets,
		.in_bytes = rev ? r->cnt.out_bytes : g->in_bytes,
		.out_pkts = rev ? g->in_packets : r->cnt.out_packets,
		.out_bytes = rev ? g->in_bytes : r->cnt.out_bytes,
		.first = g->msec_first, .last = g->msec_last,
	};

	e = stat_entry_add(t, e, is_new, &d);	/* may move it: see table.h */
	if (!e)
		return -1;
	e[t->meta_off + (rev ? AGGR_META_OUT_FLAGS : AGGR_META_IN_FLAGS)] |= g->tcp_flags;
	return 0;
}

/* Tables get out counters and wider times before the first record that needs them. */
static int widen_for(struct flow_aggr *a, const struct flow_record *r)
{
	const struct stat_cnt d = {
		.out_pkts = r->cnt.out_packets, .out_bytes = r->cnt.out_bytes,
		.first = r->generic.msec_first, .last = r->generic.msec_last,
	};

	/* (-b tables have out counters from the start) */
	if (stat_table_admit(&a->tab[0], &d) < 0)
		return -1;
	return a->kind != AGGR_LIST && stat_table_admit(&a->tab[1], &d) < 0 ? -1 : 0;
}

/* -b: a TCP/UDP flow joins the entry of its reverse direction if there is one. */
static uint8_t *bidir_reverse(struct flow_aggr *a, const struct flow_record *r,
			      struct stat_table **tp)
{
	uint8_t rkey[AGGR_KEY_MAX];
	int w;

	if (r->generic.proto != 6 && r->generic.proto != 17)
		return NULL;
	w = aggr_key_build(&a->key, r, 1, rkey);
	*tp = &a->tab[w];
	return stat_table_get(*tp, rkey, stat_hash(rkey, (*tp)->key_bytes));
}

int flow_aggr_add(struct flow_aggr *a, const struct flow_record *r, const uint8_t *raw,
		  size_t raw_size, struct flow_err *err)
{
	struct stat_table *t = &a->tab[0];
	uint8_t *e;
	int is_new = 0;

	if (widen_for(a, r) < 0)
		return nomem(a, err);
	if (a->kind == AGGR_LIST) {
		uint64_t s = a->seq++;

		memcpy(a->keybuf, &s, 8);
	} else {
		t = &a->tab[aggr_key_build(&a->key, r, 0, a->keybuf)];
	}
	uint64_t h = stat_hash(a->keybuf, t->key_bytes);

	if (a->kind == AGGR_BIDIR && !stat_table_get(t, a->keybuf, h)) {
		struct stat_table *rt;

		e = bidir_reverse(a, r, &rt);
		if (e)
			return count(rt, e, r, 1, 0) < 0 ? nomem(a, err) : FLOW_OK;
	}
	e = stat_table_put(t, a->keybuf, h, &is_new);
	if (!e)
		return nomem(a, err);
	if (is_new && first_seen(a, t, e, r, raw, raw_size, err) < 0)
		return err ? err->code : FLOW_ENOMEM;
	return count(t, e, r, 0, is_new) < 0 ? nomem(a, err) : FLOW_OK;
}
