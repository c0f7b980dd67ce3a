/*
 * elem_raw.c - element statistics batched from records read in place
 * (see flow_stats_shapes_add in stat.h).
 *
 * A worker decoded every record into struct flow_record, then read three
 * or four of its fields to key and count it: for -s srcip the decode and
 * the layers around it cost more than the values.  Within one record
 * shape each element's bytes are its member's bytes at a fixed offset
 * (v3_shape.c), so a value of a plain field is a load from the record,
 * and a field of an element the shape lacks is 0 - or, where the
 * statistic needs the element (1.7.8's rule), no value at all.  Both are
 * decided once per shape.
 */
#include <stddef.h>

#include "stat/elem_int.h"
#include "util/alloc.h"
#include "util/banned.h"

#define M(m) offsetof(struct flow_record, m)
#define SZ(m) sizeof(((struct flow_record *)0)->m)

/* The fields read in place: an address (IPv4 or IPv6 member) or a number. */
struct raw_field {
	enum elem_field f;
	uint8_t id, id6;	/* id6: the IPv6 element, for addresses */
	uint8_t size;
	uint16_t off, off6;	/* member offsets */
};

static const struct raw_field raw_fields[] = {
	{ EF_SRCIP, EX_IPV4, EX_IPV6, SZ(ipv4.src), M(ipv4.src), M(ipv6.src) },
	{ EF_DSTIP, EX_IPV4, EX_IPV6, SZ(ipv4.dst), M(ipv4.dst), M(ipv6.dst) },
	{ EF_SRCPORT, EX_GENERIC, 0, SZ(generic.src_port), M(generic.src_port), 0 },
	{ EF_DSTPORT, EX_GENERIC, 0, SZ(generic.dst_port), M(generic.dst_port), 0 },
	{ EF_PROTO, EX_GENERIC, 0, SZ(generic.proto), M(generic.proto), 0 },
	{ EF_SRCAS, EX_AS, 0, SZ(as.src_as), M(as.src_as), 0 },
	{ EF_DSTAS, EX_AS, 0, SZ(as.dst_as), M(as.dst_as), 0 },
	{ EF_INIF, EX_MISC, 0, SZ(misc.input), M(misc.input), 0 },
	{ EF_OUTIF, EX_MISC, 0, SZ(misc.output), M(misc.output), 0 },
};

static const struct raw_field *raw_field_of(enum elem_field f)
{
	for (size_t i = 0; i < sizeof(raw_fields) / sizeof(raw_fields[0]); i++)
		if (raw_fields[i].f == f)
			return &raw_fields[i];
	return NULL;
}

enum raw_kind { RK_ZERO, RK_UINT, RK_IP6 };

/* One value of a record of the shape: where it lies and how wide it is. */
struct raw_value {
	uint8_t req, kind, size;
	uint16_t at;
};

/* Counter members absent from a shape read as 0: RAW_NONE. */
#define RAW_NONE UINT16_MAX

struct stat_plan {
	struct flow_shape_check check;	/* the records it is for */
	uint32_t gen;			/* of the shape slot it was made from */
	int usable;			/* 0: decode this shape's records */
	uint16_t first, last, pkts, bytes, proto;
	uint16_t flows, out_pkts, out_bytes;
	unsigned nvalues;
	struct raw_value v[FLOW_STATS_MAX * ELEM_FIELDS_MAX];
};

struct flow_stats_shapes {
	struct stat_plan plan[FLOW_V3_SHAPE_SLOTS];
};

struct flow_stats_shapes *flow_stats_shapes_new(const struct flow_stats *s)
{
	for (unsigned i = 0; i < s->n; i++)
		for (unsigned k = 0; k < s->req[i].def->nelem; k++)
			if (!raw_field_of(s->req[i].def->field[k]))
				return NULL;
	return flow_calloc(1, sizeof(struct flow_stats_shapes));
}

void flow_stats_shapes_free(struct flow_stats_shapes *c)
{
	flow_free(c);
}

/* Record offset of member bytes [off, off + size) of element id, or RAW_NONE. */
static uint16_t at(const struct flow_shape_view *v, unsigned id, unsigned off, unsigned size)
{
	const struct flow_ext_info *info = flow_ext_info(id);

	if (!((v->present >> id) & 1) || !info || off < info->offset ||
	    off + size > (unsigned)info->offset + info->data_len)
		return RAW_NONE;
	return (uint16_t)(v->data_off[id] + (off - info->offset));
}

static int plan_value(struct raw_value *rv, const struct flow_shape_view *v,
		      const struct raw_field *rf)
{
	/* as elem_field: the IPv6 member when the record has it */
	int v6 = rf->id6 && ((v->present >> rf->id6) & 1);
	unsigned id = v6 ? rf->id6 : rf->id;
	uint16_t a = v6 ? at(v, rf->id6, rf->off6, 16) : at(v, rf->id, rf->off, rf->size);

	if (((v->present >> id) & 1) && a == RAW_NONE)
		return -1;	/* there, but not where its member says: decode it */
	rv->kind = v6 ? RK_IP6 : a == RAW_NONE ? RK_ZERO : RK_UINT;
	rv->size = rf->size;
	rv->at = a;
	return 0;
}

/* Plan pl for the shape of view v: pl->usable says whether it could. */
static void plan_make(struct stat_plan *pl, const struct flow_stats *s,
		      const struct flow_shape_view *v)
{
	uint64_t present = v->present | 1;	/* as elem_present */

	pl->check = v->check;
	pl->usable = 0;
	pl->nvalues = 0;
	pl->first = at(v, EX_GENERIC, M(generic.msec_first), 8);
	pl->last = at(v, EX_GENERIC, M(generic.msec_last), 8);
	pl->pkts = at(v, EX_GENERIC, M(generic.in_packets), 8);
	pl->bytes = at(v, EX_GENERIC, M(generic.in_bytes), 8);
	pl->proto = at(v, EX_GENERIC, M(generic.proto), 1);
	pl->flows = at(v, EX_CNT, M(cnt.flows), 8);
	pl->out_pkts = at(v, EX_CNT, M(cnt.out_packets), 8);
	pl->out_bytes = at(v, EX_CNT, M(cnt.out_bytes), 8);
	/* a record without counters is rare: decoding it is simpler than planning it */
	if (pl->first == RAW_NONE || pl->last == RAW_NONE || pl->pkts == RAW_NONE ||
	    pl->bytes == RAW_NONE || pl->proto == RAW_NONE)
		return;
	if (((v->present >> EX_CNT) & 1) &&
	    (pl->flows == RAW_NONE || pl->out_pkts == RAW_NONE || pl->out_bytes == RAW_NONE))
		return;
	for (unsigned i = 0; i < s->n; i++) {
		const struct elem_req *q = &s->req[i];

		for (unsigned k = 0; k < q->def->nelem; k++) {
			struct raw_value *rv = &pl->v[pl->nvalues];

			if (elem_absent(q, present, k))
				continue;
			rv->req = (uint8_t)i;
			if (plan_value(rv, v, raw_field_of(q->def->field[k])) < 0)
				return;
			pl->nvalues++;
		}
	}
	pl->usable = 1;
}

/* size bytes at rec + at as a number (shapes exist on little-endian hosts only). */
static inline uint64_t ld(const uint8_t *rec, unsigned at, unsigned size)
{
	uint64_t v = 0;

	if (at == RAW_NONE)
		return 0;
	switch (size) {	/* constant sizes: one move each */
	case 1: return rec[at];
	case 2: memcpy(&v, rec + at, 2); return v;
	case 4: memcpy(&v, rec + at, 4); return v;
	default: memcpy(&v, rec + at, 8); return v;
	}
}

/* The plan for rec's shape, made if need be; NULL when rec must be decoded. */
static const struct stat_plan *plan_for(struct flow_stats_shapes *c, const struct flow_stats *s,
				       const uint8_t *rec, unsigned size)
{
	struct stat_plan *pl = &c->plan[flow_record_v3_shape_slot(size, ld_le16(rec + 4))];
	struct flow_shape_view v;
	uint32_t gen;
	int slot;

	if (flow_shape_is(&pl->check, rec, size))
		return pl->usable ? pl : NULL;
	slot = flow_record_v3_shape_find(rec, size, &gen);
	if (slot < 0)
		return NULL;	/* not learnt yet: decoding it teaches the shape */
	pl = &c->plan[slot];
	if (pl->gen != gen || !flow_shape_is(&pl->check, rec, size)) {
		flow_record_v3_shape_view((unsigned)slot, &v);
		plan_make(pl, s, &v);
		pl->gen = gen;
	}
	return pl->usable ? pl : NULL;
}

int flow_stats_shapes_add(struct flow_stats_shapes *c, struct flow_stats *s,
			  struct flow_stats_batch *b, const uint8_t *rec, unsigned size,
			  struct flow_stat *pass, struct flow_err *err)
{
	const struct stat_plan *pl = plan_for(c, s, rec, size);
	uint64_t flows, pkts, bytes, first, last;
	uint8_t proto;

	if (!pl)
		return 0;
	/* out counters are not batched (flow_stats_batch_add): decoded, it fails alike */
	if (ld(rec, pl->out_pkts, 8) | ld(rec, pl->out_bytes, 8))
		return 0;
	if (batch_reserve(b, pl->nvalues) < 0)
		return flow_errorf(err, FLOW_ENOMEM, "statistics: out of memory after %zu values",
				   b->n);
	flows = ld(rec, pl->flows, 8);
	flows = flows ? flows : 1;
	pkts = ld(rec, pl->pkts, 8);
	bytes = ld(rec, pl->bytes, 8);
	first = ld(rec, pl->first, 8);
	last = ld(rec, pl->last, 8);
	proto = rec[pl->proto];
	for (unsigned k = 0; k < pl->nvalues; k++) {
		const struct raw_value *rv = &pl->v[k];
		const struct elem_req *q = &s->req[rv->req];
		struct batch_value *bv = &b->v[b->n++];
		struct elem_value v = { 0, 0 };
		int wide;

		if (rv->kind == RK_IP6) {
			v.v0 = ld(rec, rv->at + offsetof(struct flow_ip6, hi), 8);
			v.v1 = ld(rec, rv->at + offsetof(struct flow_ip6, lo), 8);
		} else if (rv->kind == RK_UINT) {
			v.v1 = ld(rec, rv->at, rv->size);
		}
		bv->hash_hi = (uint32_t)(elem_key(q, proto, &v, bv->key, &wide) >> 32);
		bv->req = rv->req;
		bv->wide = (uint8_t)wide;
		bv->flows = flows;
		bv->in_pkts = pkts;
		bv->in_bytes = bytes;
		bv->first = first;
		bv->last = last;
	}
	flow_stat_count(pass, flows, pkts, bytes, proto, first, last);
	return 1;
}
