/*
 * aggr_out.c - the flow table's way out: -O parsing, print order, and
 * each entry rebuilt as a record for the printers and the file writer.
 */
#include <string.h>

#include "stat/aggr_int.h"
#include "util/alloc.h"
#include "util/banned.h"

int flow_aggr_order_parse(const char *arg, int *order, int *asc)
{
	char buf[64];
	char *dir;

	snprintf(buf, sizeof(buf), "%s", arg);
	dir = strchr(buf, ':');
	if (dir) {
		*dir++ = '\0';
		if (*dir != 'a' && *dir != 'd')
			return -1;
	}
	*order = stat_order_find(buf, ORDER_MAX);
	if (*order < 0)
		return -1;
	*asc = dir ? *dir == 'a' : stat_orders[*order].ascending;
	return 0;
}

const char *flow_aggr_order_name(int order)
{
	return order > 0 && order < ORDER_MAX ? stat_orders[order].name : "-";
}

int flow_aggr_sort(struct flow_aggr *a, int order, int asc, int guess, size_t topn,
		   struct flow_err *err)
{
	size_t n = flow_aggr_count(a), k = 0;

	flow_free(a->sorted);
	a->sorted = NULL;
	if (!order) {
		/* table order needs no list: 24 bytes a key saved */
		a->nsorted = topn && topn < n ? topn : n;
		return FLOW_OK;
	}
	a->sorted = flow_malloc((n ? n : 1) * sizeof(*a->sorted));
	a->nsorted = 0;
	if (!a->sorted)
		return flow_errorf(err, FLOW_ENOMEM, "aggregation: out of memory sorting %zu flows", n);
	for (int w = 0; w < 2; w++) {
		struct stat_table *t = &a->tab[w];

		for (size_t i = 0; i < t->n; i++, k++) {
			uint8_t *e = stat_table_entry(t, i);
			int swap = guess && (e[t->meta_off + AGGR_META_V6] & AGGR_V6_SWAP);
			struct stat_cnt c;

			stat_entry_get(t, e, &c);
			a->sorted[k].entry = e;
			/* ties: first seen first when ascending, last first when not */
			a->sorted[k].seq = asc ? k : ~(uint64_t)k;
			a->sorted[k].value = stat_order_value(&c, order, 1, swap);
		}
	}
	stat_sort(a->sorted, n, topn, asc);
	a->nsorted = topn && topn < n ? topn : n;
	return FLOW_OK;
}

size_t flow_aggr_sorted(const struct flow_aggr *a)
{
	return a->nsorted;
}

/* Which table an entry lives in: its address is inside one of t's chunks. */
static const struct stat_table *table_of(const struct flow_aggr *a, const uint8_t *e)
{
	const struct stat_table *t = &a->tab[1];

	for (size_t c = 0; c < t->nchunks; c++) {
		if (e >= t->chunks[c] && e < t->chunks[c] + STAT_CHUNK * t->esize)
			return t;
	}
	return &a->tab[0];
}

static void swap_flow(struct flow_record *r)
{
	struct flow_ip6 t6 = r->ipv6.src;
	uint32_t t4 = r->ipv4.src;
	uint64_t t;
	uint16_t p = r->generic.src_port;

	r->ipv6.src = r->ipv6.dst;
	r->ipv6.dst = t6;
	r->ipv4.src = r->ipv4.dst;
	r->ipv4.dst = t4;
	r->generic.src_port = r->generic.dst_port;
	r->generic.dst_port = p;
	t4 = r->as.src_as;
	r->as.src_as = r->as.dst_as;
	r->as.dst_as = t4;
	t4 = r->misc.input;
	r->misc.input = r->misc.output;
	r->misc.output = t4;
	t = r->generic.in_packets;
	r->generic.in_packets = r->cnt.out_packets;
	r->cnt.out_packets = t;
	t = r->generic.in_bytes;
	r->generic.in_bytes = r->cnt.out_bytes;
	r->cnt.out_bytes = t;
}

static int stored_record(const struct flow_aggr *a, const struct stat_table *t,
			 const uint8_t *e, struct flow_record *out, struct flow_err *err)
{
	uint64_t off;
	const uint8_t *blk;
	size_t pos;

	memcpy(&off, e + t->extra_off, 8);
	blk = a->arena.blocks[off >> 32];
	pos = (size_t)(off & 0xffffffffu);
	flow_record_clear(out);
	return flow_record_decode_v3(out, blk + pos, ARENA_BLOCK - pos, err) < 0 ? -1 : 0;
}

/* -A: only the key's fields survive nfdump's aggregation mask. */
static void masked_record(const struct flow_aggr *a, const struct stat_table *t,
			  const uint8_t *e, struct flow_record *out)
{
	unsigned v6 = e[t->meta_off + AGGR_META_V6] & ~AGGR_V6_SWAP;

	flow_record_clear(out);
	out->present = 1ULL << EX_GENERIC | 1ULL << ((v6 & 1) ? EX_IPV6 : EX_IPV4);
	if (v6 & 2)
		out->present |= 1ULL << EX_IP_NH6;
	if (v6 & 4)
		out->present |= 1ULL << EX_BGP_NH6;
	aggr_key_apply(&a->key, e, t == &a->tab[1], (int)v6, out);
	/*
	 * 1.7.1 prints an ICMP type.code from a word its mask clears, so an
	 * aggregated ICMP flow shows 0.0 whatever the port in the key.
	 */
	if (out->generic.proto == 1 || out->generic.proto == 58)
		out->generic.dst_port = 0;
}

int flow_aggr_record(const struct flow_aggr *a, size_t i, int guess, struct flow_record *out,
		     struct flow_err *err)
{
	const uint8_t *e;
	const struct stat_table *t;

	if (a->sorted) {
		e = a->sorted[i].entry;
		t = table_of(a, e);
	} else {
		t = i < a->tab[0].n ? &a->tab[0] : &a->tab[1];
		e = stat_table_entry(t, i < a->tab[0].n ? i : i - a->tab[0].n);
	}
	struct stat_cnt cnt, *c = &cnt;

	stat_entry_get(t, e, c);
	if (a->keep) {
		if (stored_record(a, t, e, out, err) < 0)
			return FLOW_EFORMAT;
		out->generic.tcp_flags = e[t->meta_off + AGGR_META_IN_FLAGS];
		out->misc.rev_tcp_flags = e[t->meta_off + AGGR_META_OUT_FLAGS];
		if (a->kind == AGGR_MASK)
			aggr_key_mask_addrs(&a->key, out);
	} else {
		masked_record(a, t, e, out);
	}
	out->generic.in_packets = c->in_pkts;
	out->generic.in_bytes = c->in_bytes;
	out->cnt.out_packets = c->out_pkts;
	out->cnt.out_bytes = c->out_bytes;
	out->cnt.flows = c->flows;
	out->generic.msec_first = c->first;
	out->generic.msec_last = c->last;
	if (guess && (e[t->meta_off + AGGR_META_V6] & AGGR_V6_SWAP))
		swap_flow(out);
	return FLOW_OK;
}
