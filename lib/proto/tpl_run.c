/*
 * tpl_run.c - decode the records of a v9/IPFIX data set with a compiled
 * template and finish each record the way nfcapd 1.7.1 does: times from
 * their many encodings, sampling, ICMP type/code, NSEL/NAT event times,
 * and the receive stamp.  Option records only feed samplers and the
 * exporter boot time.
 */
#include <string.h>

#include "proto/tpl_int.h"
#include "util/endian.h"
#include "util/banned.h"

static inline uint64_t rd_be(const uint8_t *p, unsigned n)
{
	uint64_t v = 0;

	switch (n) {
	case 1: return p[0];
	case 2: return ld_be16(p);
	case 4: return ld_be32(p);
	case 8: return ld_be64(p);
	}
	for (unsigned i = 0; i < n && i < 8; i++)
		v = v << 8 | p[i];
	return v;
}

static inline void store_num(uint8_t *d, unsigned size, uint64_t v)
{
	switch (size) {
	case 1: *d = (uint8_t)v; break;
	case 2: { uint16_t x = (uint16_t)v; memcpy(d, &x, 2); break; }
	case 4: { uint32_t x = (uint32_t)v; memcpy(d, &x, 4); break; }
	case 8: memcpy(d, &v, 8); break;
	case 16: { struct flow_ip6 a = { v, 0 }; memcpy(d, &a, 16); break; }
	}
}

/* One field of op at f (n bytes) into r / stack. */
static inline void apply_op(const struct tpl_op *op, const uint8_t *f, size_t n,
			    struct flow_record *r, uint64_t *stack)
{
	uint8_t *base = (uint8_t *)r;

	switch (op->kind) {
	case OP_NUM:
		if (n == 16 && op->size == 16) {
			struct flow_ip6 a = { ld_be64(f), ld_be64(f + 8) };

			memcpy(base + op->off, &a, 16);
			return;
		}
		{
			uint64_t v = rd_be(f, (unsigned)n);

			if (op->size)
				store_num(base + op->off, op->size, v);
			stack[op->stack] = v;	/* slot 0 is a scratch slot */
		}
		return;
	case OP_RAW:
		memcpy(base + op->off, f, n < op->size ? n : op->size);
		return;
	case OP_BYTES: {
		struct flow_bytes b = { f, (uint16_t)n };

		memcpy(base + op->off, &b, sizeof(b));
		return;
	}
	}
}

/* Fixed-length template: the caller checked len >= reclen. */
static size_t run_fixed(const struct tpl *t, const uint8_t *p, struct flow_record *r,
			uint64_t *stack)
{
	size_t off = 0;

	for (unsigned i = 0; i < t->nops; i++) {
		const struct tpl_op *op = &t->ops[i];

		if (op->kind != OP_SKIP)
			apply_op(op, p + off, op->in_len, r, stack);
		off += op->in_len;
	}
	return off;
}

static size_t run_var(const struct tpl_ctx *c, unsigned depth, const struct tpl *t,
		      const uint8_t *p, size_t len, struct flow_record *r, uint64_t *stack);

/* nfcapd's limit for lists inside lists */
#define MAX_SUBLIST_DEPTH 16

/* The first record of sub-template sid at p adds its fields to r. */
static int run_sub(const struct tpl_ctx *c, unsigned depth, uint16_t sid, const uint8_t *p,
		   size_t len, struct flow_record *r, uint64_t *stack)
{
	struct tpl_store *s = dec_exp(c->e)->tpl;
	const struct tpl *sub = s ? tpl_store_get(s, sid) : NULL;

	if (!sub || sub->kind != TPL_DATA || !sub->mapped || !len)
		return 0;	/* unknown or useless: skipped, as nfcapd */
	if (depth >= MAX_SUBLIST_DEPTH || !run_var(c, depth + 1, sub, p, len, r, stack))
		return -1;
	r->present |= sub->present;
	return 0;
}

/* RFC 6313 §4.5.2/§4.5.3: semantic byte, then one list or many (id, length) blocks. */
static int run_sublist(const struct tpl_ctx *c, unsigned depth, int multi, const uint8_t *p,
		       size_t n, struct flow_record *r, uint64_t *stack)
{
	size_t off = 1;

	if (n == 0)
		return 0;	/* an empty list (RFC 6313 §5.2): nothing to add */
	if (!multi)
		return n < 3 ? -1 : run_sub(c, depth, ld_be16(p + 1), p + 3, n - 3, r, stack);
	while (n - off > 4) {
		uint16_t sid = ld_be16(p + off), blen = ld_be16(p + off + 2);

		if (blen < 4 || blen > n - off)
			return -1;
		if (run_sub(c, depth, sid, p + off + 4, blen - 4u, r, stack))
			return -1;
		off += blen;
	}
	return 0;
}

/*
 * Template with IPFIX variable-length fields (RFC 7011 §7) or lists:
 * bounds-checked per field.  Returns the bytes used, 0 = does not fit.
 */
static size_t run_var(const struct tpl_ctx *c, unsigned depth, const struct tpl *t,
		      const uint8_t *p, size_t len, struct flow_record *r, uint64_t *stack)
{
	size_t off = 0;

	for (unsigned i = 0; i < t->nops; i++) {
		const struct tpl_op *op = &t->ops[i];
		size_t n = op->in_len;

		if (op->var) {
			if (off >= len)
				return 0;
			n = p[off++];
			if (n == 255) {
				if (len - off < 2)
					return 0;
				n = ld_be16(p + off);
				off += 2;
			}
		}
		if (len - off < n)
			return 0;
		if (op->kind == OP_SUBLIST) {
			if (run_sublist(c, depth, op->size, p + off, n, r, stack))
				return 0;
		} else if (op->kind != OP_SKIP) {
			apply_op(op, p + off, n, r, stack);
		}
		off += n;
	}
	return off;
}

/* NTP timestamp (RFC 5905: seconds since 1900, 2^-32 fraction) to UNIX ms. */
static uint64_t ntp_msec(uint64_t ntp)
{
	uint64_t sec = ntp >> 32, frac = ntp & 0xffffffffu;

	if (sec < 2208988800u)
		return 0;
	return (sec - 2208988800u) * 1000 + ((frac * 1000) >> 32);
}

static void finish_times(const struct tpl_ctx *c, const struct tpl *t, struct flow_record *r,
			 const uint64_t *st)
{
	struct ex_generic *g = &r->generic;
	const struct dec_exporter *x = (const struct dec_exporter *)c->e;

	if (c->version == 9) {
		/* sysUptime ms; First > Last: the counter wrapped during the flow */
		if (st[ST_UP_LAST]) {
			uint64_t f = st[ST_UP_FIRST], l = st[ST_UP_LAST];

			g->msec_first = c->boot_msec + f - (f > l ? 0x100000000ull : 0);
			g->msec_last = c->boot_msec + l;
		}
	} else if ((t->stacks & (1ull << ST_UP_FIRST | 1ull << ST_UP_LAST)) &&
		   (st[ST_SYSINIT] || x->sysinit_msec)) {
		/*
		 * IPFIX #22/#21 are relative to systemInitTime (#160, in the record
		 * or announced in option data).  nfcapd 1.7.1 has start and end
		 * swapped in its table; we keep start as start.
		 */
		uint64_t base = st[ST_SYSINIT] ? st[ST_SYSINIT] : x->sysinit_msec;

		g->msec_first = base + st[ST_UP_FIRST];
		g->msec_last = base + st[ST_UP_LAST];
	}
	/* encodings nfcapd 1.7.1 ignores (leaving the flow without times) */
	if (st[ST_START_S])
		g->msec_first = st[ST_START_S] * 1000;
	if (st[ST_END_S])
		g->msec_last = st[ST_END_S] * 1000;
	if (st[ST_START_US] || st[ST_START_NS])
		g->msec_first = ntp_msec(st[ST_START_US] ? st[ST_START_US] : st[ST_START_NS]);
	if (st[ST_END_US] || st[ST_END_NS])
		g->msec_last = ntp_msec(st[ST_END_US] ? st[ST_END_US] : st[ST_END_NS]);
	if (st[ST_START_DUS])
		g->msec_first = c->export_msec - st[ST_START_DUS] / 1000;
	if (st[ST_END_DUS])
		g->msec_last = c->export_msec - st[ST_END_DUS] / 1000;
	if (g->msec_first && !g->msec_last && st[ST_DURATION])
		g->msec_last = g->msec_first + st[ST_DURATION];
}

/* ICMP type/code: nfcapd moves a byte-swapped source port, then prefers the elements. */
static void finish_icmp(const struct tpl_ctx *c, struct ex_generic *g, const uint64_t *st)
{
	if (g->src_port) {
		g->dst_port = flow_bswap16(g->src_port);
		g->src_port = 0;
	}
	if (st[ST_ICMP])
		g->dst_port = (uint16_t)st[ST_ICMP];
	else if (st[ST_ICMP_TYPE] || st[ST_ICMP_CODE])
		g->dst_port = (uint16_t)(st[ST_ICMP_TYPE] * 256 + st[ST_ICMP_CODE]);
	else if (c->version == 9)
		g->dst_port = 0;	/* nfcapd 1.7.1 v9: no ICMP element, no type/code */
}

static void finish_record(const struct tpl_ctx *c, const struct tpl *t, struct flow_record *r,
			  const uint64_t *st)
{
	const struct flow_decoder_exporter *e = c->e;

	if (c->version == 9) {
		r->engine_type = (uint8_t)(e->info.id >> 8);
		r->engine_id = (uint8_t)e->info.id;
	}
	if (st[ST_ENGINE_TYPE] || c->version == 10)
		r->engine_type = (uint8_t)st[ST_ENGINE_TYPE];
	if (st[ST_ENGINE_ID] || c->version == 10)
		r->engine_id = (uint8_t)st[ST_ENGINE_ID];
	if (flow_has(r, EX_GENERIC)) {
		finish_times(c, t, r, st);
		if (r->generic.proto == 1 || r->generic.proto == 58)
			finish_icmp(c, &r->generic, st);
		else if (c->version == 10 && (r->generic.proto == 6 || r->generic.proto == 17))
			r->generic.dst_port = (uint16_t)st[ST_DSTPORT];	/* not an ICMP #32 */
	}
	flow_dec_apply_sampling(c->dec, r, flow_dec_find_sampler(e, (int64_t)st[ST_SAMPLER]));
	if (flow_has(r, EX_CNT) && r->cnt.flows == 0)
		r->cnt.flows = 1;
	if (flow_has(r, EX_NSEL_COMMON)) {
		r->nsel_common.msec_event = st[ST_EVENT_MS];
		r->flags |= V3_FLAG_EVENT;
	}
	if (flow_has(r, EX_NAT_COMMON) && c->version == 9) {
		r->nat_common.msec_event = st[ST_EVENT_MS];
		r->flags |= V3_FLAG_EVENT;
	}
	if (flow_has(r, EX_LATENCY)) {
		r->latency.client_usec += 1000000ull * st[ST_LAT_CLIENT_S];
		r->latency.server_usec += 1000000ull * st[ST_LAT_SERVER_S];
		r->latency.appl_usec += 1000000ull * st[ST_LAT_APPL_S];
	}
	if (flow_has(r, EX_OBSERVATION) && r->observation.domain_id == 0)
		r->observation.domain_id = e->info.id;
}

int tpl_run_set(struct tpl_ctx *c, const struct tpl *t, const uint8_t *p, size_t len,
		int *flows, struct flow_err *err)
{
	struct flow_record *r = &c->dec->rec;
	uint64_t stack[ST_MAX];
	size_t off = 0, min = t->reclen ? t->reclen : 1;
	int n = 0;

	/* a template of nothing but zero-length fields has no records to walk */
	if (!t->has_var && t->reclen == 0)
		return 0;
	/*
	 * Padding is shorter than a record (RFC 7011 §3.3.1).  nfcapd treats
	 * any 1-3 byte tail as padding, losing records of under 4 bytes.
	 */
	while (len - off >= min) {
		size_t used;

		flow_record_reset(r);
		r->flags = 0;
		r->engine_type = r->engine_id = 0;
		r->present = t->present;
		memset(stack, 0, sizeof(stack));
		if (t->has_var) {
			used = run_var(c, 0, t, p + off, len - off, r, stack);
			if (!used)
				return flow_errorf(err, FLOW_EFORMAT,
						   "record at set offset %zu overruns the set", off);
		} else {
			used = run_fixed(t, p + off, r, stack);
		}
		off += used;
		n++;
		if (!t->mapped)
			continue;
		finish_record(c, t, r, stack);
		flow_dec_stamp(c->e, r, c->recv_msec);
		int rc = flow_dec_emit(c->dec, c->e, r, c->sink, err);
		if (rc < 0)
			return rc;
		(*flows)++;
	}
	return n;
}

static uint64_t opt_val(const uint8_t *p, const struct opt_field *f)
{
	return f->len ? rd_be(p + f->off, f->len > 8 ? 8 : f->len) : 0;
}

/* A sampler from one option record, as nfcapd 1.7.2+ reads it. */
static int opt_sampler(struct tpl_ctx *c, const struct tpl_options *o, const uint8_t *p,
		       struct flow_err *err)
{
	struct flow_sampler s = { 0 };
	uint64_t space = opt_val(p, &o->space_interval);

	s.algorithm = (uint16_t)opt_val(p, &o->algorithm);
	if (o->sampler == 1) {
		s.id = (int64_t)opt_val(p, &o->sel_id);
		if (s.id == 0)
			s.id = FLOW_SAMPLER_GENERIC;
		s.packet_interval = (uint32_t)opt_val(p, &o->packet_interval);
	} else {
		s.id = FLOW_SAMPLER_GENERIC;
	}
	s.space_interval = (uint32_t)space;
	if (s.packet_interval == 0) {
		/* a plain "1 out of N" interval */
		s.packet_interval = 1;
		s.space_interval = space ? (uint32_t)space - 1 : 0;
	}
	return flow_dec_sampler_set(c->dec, c->e, &s, c->sink, err);
}

int tpl_run_options(struct tpl_ctx *c, const struct tpl *t, const uint8_t *p, size_t len,
		    struct flow_err *err)
{
	const struct tpl_options *o = &t->opt;
	struct dec_exporter *x = dec_exp(c->e);
	int n = 0;

	if (!o->reclen)
		return 0;
	if (opt_names(c, o, p, len, err) < 0)
		return FLOW_EIO;
	for (size_t off = 0; len - off >= o->reclen; off += o->reclen, n++) {
		if (o->sysinit.len)
			x->sysinit_msec = opt_val(p + off, &o->sysinit);
		if (o->sampler) {
			int rc = opt_sampler(c, o, p + off, err);

			if (rc < 0)
				return rc;
		}
	}
	return n;
}
