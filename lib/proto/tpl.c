/*
 * tpl.c - templates and record values shared by v9_enc.c and ipfix_enc.c.
 */
#include "proto/enc_int.h"
#include "util/err.h"

/* Counters are 8 bytes and interfaces/AS 4: nfcapd 1.7.1 takes 2, 4 or 8. */
#define COMMON_TAIL(first, last, tlen) \
	{ IE_INPUT, 4 }, { IE_OUTPUT, 4 }, { IE_PKTS, 8 }, { IE_BYTES, 8 }, \
	{ first, tlen }, { last, tlen }, { IE_SRC_PORT, 2 }, { IE_DST_PORT, 2 }, \
	{ IE_TCP_FLAGS, 1 }, { IE_PROTO, 1 }, { IE_TOS, 1 }, \
	{ IE_SRC_AS, 4 }, { IE_DST_AS, 4 }

static const struct enc_field v9_v4[] = {
	{ IE_SRC_V4, 4 }, { IE_DST_V4, 4 }, { IE_NH_V4, 4 },
	COMMON_TAIL(IE_FIRST_SWITCHED, IE_LAST_SWITCHED, 4),
	{ IE_SRC_MASK, 1 }, { IE_DST_MASK, 1 },
};
static const struct enc_field v9_v6[] = {
	{ IE_SRC_V6, 16 }, { IE_DST_V6, 16 },
	COMMON_TAIL(IE_FIRST_SWITCHED, IE_LAST_SWITCHED, 4),
	{ IE_SRC_MASK6, 1 }, { IE_DST_MASK6, 1 },
};
static const struct enc_field ipfix_v4[] = {
	{ IE_SRC_V4, 4 }, { IE_DST_V4, 4 }, { IE_NH_V4, 4 },
	COMMON_TAIL(IE_START_MS, IE_END_MS, 8),
	{ IE_SRC_MASK, 1 }, { IE_DST_MASK, 1 },
};
static const struct enc_field ipfix_v6[] = {
	{ IE_SRC_V6, 16 }, { IE_DST_V6, 16 },
	COMMON_TAIL(IE_START_MS, IE_END_MS, 8),
	{ IE_SRC_MASK6, 1 }, { IE_DST_MASK6, 1 },
};

#define N(a) (uint16_t)(sizeof(a) / sizeof((a)[0]))
/* reclen: addresses 12 or 32, COMMON_TAIL 47 (55 with IPFIX's 8-byte times), masks 2;
 * check_proto checks these sums against the field lists. */
static const struct enc_template templates[2][2] = {
	{ { FLOW_TPL_IPV4, N(v9_v4), 61, v9_v4 }, { FLOW_TPL_IPV6, N(v9_v6), 81, v9_v6 } },
	{ { FLOW_TPL_IPV4, N(ipfix_v4), 69, ipfix_v4 },
	  { FLOW_TPL_IPV6, N(ipfix_v6), 89, ipfix_v6 } },
};

const struct enc_template *enc_template(int ipfix, int ipv6)
{
	return &templates[!!ipfix][!!ipv6];
}

int enc_put_template(struct flow_bew *w, const struct enc_template *t)
{
	flow_bew_u16(w, t->id);
	flow_bew_u16(w, t->nfields);
	for (unsigned i = 0; i < t->nfields; i++) {
		flow_bew_u16(w, t->fields[i].id);
		flow_bew_u16(w, t->fields[i].len);
	}
	return w->overflow ? -1 : 0;
}


static uint32_t uptime(const struct flow_enc *e, uint64_t msec)
{
	return msec > e->boot_msec ? (uint32_t)(msec - e->boot_msec) : 0;
}

static void put_ip6(struct flow_bew *w, const struct flow_ip6 *a)
{
	flow_bew_u64(w, a->hi);
	flow_bew_u64(w, a->lo);
}

/* A flat switch: one case per element the templates use. */
static void put_field(struct flow_bew *w, const struct enc_field *f,
		      const struct flow_enc *e, const struct flow_record *r)
{
	const struct ex_generic *g = &r->generic;

	switch (f->id) {
	case IE_SRC_V4: flow_bew_u32(w, r->ipv4.src); break;
	case IE_DST_V4: flow_bew_u32(w, r->ipv4.dst); break;
	case IE_NH_V4: flow_bew_u32(w, flow_has(r, EX_IP_NH4) ? r->ip_nh4.addr : 0); break;
	case IE_SRC_V6: put_ip6(w, &r->ipv6.src); break;
	case IE_DST_V6: put_ip6(w, &r->ipv6.dst); break;
	case IE_INPUT: flow_bew_u32(w, r->misc.input); break;
	case IE_OUTPUT: flow_bew_u32(w, r->misc.output); break;
	case IE_PKTS: flow_bew_u64(w, g->in_packets); break;
	case IE_BYTES: flow_bew_u64(w, g->in_bytes); break;
	case IE_FIRST_SWITCHED: flow_bew_u32(w, uptime(e, g->msec_first)); break;
	case IE_LAST_SWITCHED: flow_bew_u32(w, uptime(e, g->msec_last)); break;
	case IE_START_MS: flow_bew_u64(w, g->msec_first); break;
	case IE_END_MS: flow_bew_u64(w, g->msec_last); break;
	case IE_SRC_PORT: flow_bew_u16(w, g->src_port); break;
	case IE_DST_PORT: flow_bew_u16(w, g->dst_port); break;
	case IE_TCP_FLAGS: flow_bew_u8(w, g->tcp_flags); break;
	case IE_PROTO: flow_bew_u8(w, g->proto); break;
	case IE_TOS: flow_bew_u8(w, g->src_tos); break;
	case IE_SRC_AS: flow_bew_u32(w, r->as.src_as); break;
	case IE_DST_AS: flow_bew_u32(w, r->as.dst_as); break;
	case IE_SRC_MASK: case IE_SRC_MASK6: flow_bew_u8(w, r->misc.src_mask); break;
	case IE_DST_MASK: case IE_DST_MASK6: flow_bew_u8(w, r->misc.dst_mask); break;
	default: flow_bew_zero(w, f->len); break;
	}
}

int enc_put_record(struct flow_bew *w, const struct enc_template *t,
		   const struct flow_enc *e, const struct flow_record *r)
{
	for (unsigned i = 0; i < t->nfields; i++)
		put_field(w, &t->fields[i], e, r);
	return w->overflow ? -1 : 0;
}

void enc_close_set(struct flow_enc *e)
{
	struct flow_bew *w = &e->w;

	if (!e->set_off)
		return;
	while ((w->len - e->set_off) % 4)
		flow_bew_u8(w, 0);
	flow_bew_put16_at(w, e->set_off + 2, (uint16_t)(w->len - e->set_off));
	e->set_off = 0;
}

int enc_add_data(struct flow_enc *e, const struct flow_record *r, int ipfix)
{
	int v6 = enc_is_ipv6(r);
	const struct enc_template *t = enc_template(ipfix, v6);
	int change = !e->set_off || e->set_tpl != t->id;

	if (!v6 && !flow_has(r, EX_IPV4))
		return FLOW_EINVAL;
	/* room for: closing padding, a set header, the record, final padding */
	if (flow_bew_room(&e->w) < (size_t)t->reclen + (change ? 7 : 0) + 3)
		return FLOW_ENC_FULL;
	if (change) {
		enc_close_set(e);
		e->set_off = e->w.len;
		e->set_tpl = t->id;
		flow_bew_u16(&e->w, t->id);
		flow_bew_u16(&e->w, 0);
	}
	if (enc_put_record(&e->w, t, e, r))
		return FLOW_EINVAL;
	e->count++;
	e->flows++;
	return 0;
}

unsigned enc_put_template_set(struct flow_bew *w, int ipfix)
{
	size_t off = w->len;
	unsigned n = 0;

	flow_bew_u16(w, ipfix ? 2 : 0);
	flow_bew_u16(w, 0);
	for (int v6 = 0; v6 <= 1; v6++, n++)
		enc_put_template(w, enc_template(ipfix, v6));
	flow_bew_put16_at(w, off + 2, (uint16_t)(w->len - off));
	return n;
}
