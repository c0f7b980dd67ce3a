/*
 * tpl_compile.c - turn a v9/IPFIX template's field list into the flat op
 * list tpl_run.c executes, and an options template into the positions of
 * the sampling fields.
 *
 * Conversions follow nfcapd 1.7.1's sequencer: a field of 1..8 bytes
 * (or 16) is a big-endian number stored into the member's width
 * (truncating, as reduced-size encoding of RFC 7011 §6.2 implies the
 * reverse); other widths are copied as bytes.  A zero-length field only
 * makes its element present.
 */
#include <string.h>

#include "proto/tpl_int.h"
#include "util/alloc.h"
#include "util/banned.h"

static int is_number_width(unsigned size)
{
	return size == 0 || size == 1 || size == 2 || size == 4 || size == 8 || size == 16;
}

/* The op for one mapped field; returns 0 when the field consumes nothing. */
static int map_op(struct tpl_op *op, const struct ie_map *m, uint16_t len)
{
	memset(op, 0, sizeof(*op));
	op->in_len = len;
	op->off = m->off;
	op->size = m->size;
	op->stack = m->stack;
	if (len == TPL_VARLEN) {
		op->var = 1;
		op->in_len = 0;
		op->stack = ST_NONE;
		op->kind = m->bytes ? OP_BYTES : m->size ? OP_RAW : OP_SKIP;
		return 1;
	}
	if (len == 0)
		return 0;
	if (m->bytes)
		op->kind = OP_BYTES;
	else if (is_number_width(m->size) && (len <= 8 || len == 16))
		op->kind = OP_NUM;
	else if (m->size && !is_number_width(m->size))
		op->kind = OP_RAW;
	else if (m->size)
		op->kind = OP_RAW;	/* 9..15 or > 16 bytes into a number: as nfcapd, bytes */
	else
		op->kind = OP_SKIP;
	if (op->kind != OP_NUM)
		op->stack = ST_NONE;
	return 1;
}

/* Append op, merging runs of fixed skips into one. */
static void push_op(struct tpl *t, const struct tpl_op *op)
{
	if (op->kind == OP_SKIP && !op->var && t->nops) {
		struct tpl_op *prev = &t->ops[t->nops - 1];

		if (prev->kind == OP_SKIP && !prev->var &&
		    (uint32_t)prev->in_len + op->in_len <= 0xfffe) {
			prev->in_len = (uint16_t)(prev->in_len + op->in_len);
			return;
		}
	}
	t->ops[t->nops++] = *op;
}

static struct tpl *tpl_alloc(uint16_t id, unsigned kind, unsigned nops, struct flow_err *err)
{
	struct tpl *t = flow_calloc(1, sizeof(*t));

	if (t && nops && !(t->ops = flow_calloc(nops, sizeof(*t->ops)))) {
		flow_free(t);
		t = NULL;
	}
	if (!t) {
		flow_errorf(err, FLOW_ENOMEM, "no memory for template %u", id);
		return NULL;
	}
	t->id = id;
	t->kind = (uint8_t)kind;
	return t;
}

struct tpl *tpl_compile_data(uint16_t id, const struct tpl_field *f, unsigned n,
			     enum ie_proto proto, struct flow_err *err)
{
	struct tpl *t = tpl_alloc(id, TPL_DATA, n, err);
	unsigned mapped = 0;

	if (!t)
		return NULL;
	for (unsigned i = 0; i < n; i++) {
		const struct ie_map *m = ie_lookup(f[i].id, f[i].pen, proto);
		struct tpl_op op;

		if (f[i].len == TPL_VARLEN) {
			t->has_var = 1;
			t->reclen += 1;
		} else {
			t->reclen += f[i].len;
		}
		if (!m && proto == IE_IPFIX && !f[i].pen && (f[i].id == 292 || f[i].id == 293)) {
			/* RFC 6313 lists: their records fill the same flow, as nfcapd */
			memset(&op, 0, sizeof(op));
			op.kind = OP_SUBLIST;
			op.size = f[i].id == 293;
			op.var = f[i].len == TPL_VARLEN;
			op.in_len = op.var ? 0 : f[i].len;
			t->has_var = 1;
			mapped++;
			push_op(t, &op);
			continue;
		}
		if (!m) {
			memset(&op, 0, sizeof(op));
			op.kind = OP_SKIP;
			op.var = f[i].len == TPL_VARLEN;
			op.in_len = op.var ? 0 : f[i].len;
			if (op.var || op.in_len)
				push_op(t, &op);
			continue;
		}
		mapped++;
		if (m->ext != EX_NULL)
			t->present |= 1ull << m->ext;
		if (map_op(&op, m, f[i].len))
			push_op(t, &op);
		if (op.stack)
			t->stacks |= 1ull << op.stack;
	}
	/* nfcapd drops templates that map nothing; v9 always stores the receive time */
	if (!mapped)
		t->present = 0;
	else if (proto == IE_V9)
		t->present |= 1ull << EX_GENERIC;
	t->mapped = mapped;
	return t;
}

static void opt_set(struct opt_field *o, uint16_t off, uint16_t len)
{
	o->off = off;
	o->len = len;
}

/* Remember where an options field that nfcapd uses sits. */
static void opt_field(struct tpl_options *o, uint16_t id, uint16_t off, uint16_t len,
		      unsigned *flags)
{
	switch (id) {
	case 34:	/* samplingInterval */
		opt_set(&o->space_interval, off, len);
		*flags |= 1;
		break;
	case 35:	/* samplingAlgorithm */
	case 49:	/* samplerMode */
	case 304:	/* selectorAlgorithm */
		opt_set(&o->algorithm, off, len);
		break;
	case 48:	/* samplerId */
	case 302:	/* selectorId */
		opt_set(&o->sel_id, off, len);
		*flags |= 2;
		break;
	case 305:	/* samplingPacketInterval */
		opt_set(&o->packet_interval, off, len);
		*flags |= 4;
		break;
	case 50:	/* samplerRandomInterval */
	case 306:	/* samplingPacketSpace */
		opt_set(&o->space_interval, off, len);
		*flags |= 4;
		break;
	case 160:	/* systemInitTimeMilliseconds */
		opt_set(&o->sysinit, off, len);
		break;
	case 95: opt_set(&o->nbar_id, off, len); break;
	case 96: opt_set(&o->nbar_name, off, len); break;
	case 94: opt_set(&o->nbar_desc, off, len); break;
	case 10: opt_set(&o->if_index, off, len); break;
	case 83: opt_set(&o->if_name, off, len); break;
	case 234: opt_set(&o->vrf_id, off, len); break;
	case 236: opt_set(&o->vrf_name, off, len); break;
	}
}

/*
 * nscope: the number of leading scope fields.  v9 scope field types are
 * not element ids (RFC 3954 §6.1), IPFIX scope fields are (RFC 7011 §3.4.2.2,
 * and RFC 5476 puts selectorId there), so only IPFIX looks at them.
 */
struct tpl *tpl_compile_options(uint16_t id, const struct tpl_field *f, unsigned n,
				unsigned nscope, enum ie_proto proto, struct flow_err *err)
{
	struct tpl *t = tpl_alloc(id, TPL_OPTIONS, 0, err);
	unsigned flags = 0;
	uint32_t off = 0;

	if (!t)
		return NULL;
	for (unsigned i = 0; i < n; i++) {
		if (f[i].len == TPL_VARLEN) {
			t->has_var = 1;	/* offsets unknown: nothing usable */
			break;
		}
		if (off + f[i].len > 0xffff)
			break;
		if (!f[i].pen && (i >= nscope || proto == IE_IPFIX))
			opt_field(&t->opt, f[i].id, (uint16_t)off, f[i].len, &flags);
		off += f[i].len;
	}
	t->reclen = off;
	t->opt.reclen = (uint16_t)off;
	/*
	 * nfcapd 1.7.1 recognises a sampler template only when #306 comes
	 * without #302/#304, or #34 without #35 (an inverted mask test, fixed
	 * in 1.7.2+): we take a selector id with an interval, or #34.
	 */
	if (t->has_var || !off)
		t->opt.sampler = 0;
	else if ((flags & 2) && (flags & 4))
		t->opt.sampler = 1;
	else if (flags & 1)
		t->opt.sampler = 2;
	return t;
}

void tpl_free(struct tpl *t)
{
	if (!t)
		return;
	flow_free(t->ops);
	flow_free(t);
}
