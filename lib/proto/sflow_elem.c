/*
 * sflow_elem.c - read the sFlow structures that feed a flow record:
 * sampled header, sampled Ethernet/IPv4/IPv6, extended switch, router and
 * gateway (sFlow v5 §5.2-5.3; the v2/v4 forms differ only where noted).
 *
 * Each reader fills the sample state the way sfcapd 1.7.1 does, with two
 * corrections:
 *  - a sampled IPv4/IPv6 element sets the flow's addresses (sfcapd 1.7.1
 *    takes them from the header decode only, so such flows were stored
 *    as 0.0.0.0 -> 0.0.0.0, and IPv6 ones as IPv4; fixed upstream in
 *    1.7.2+);
 *  - address type 0 ("unknown", no address bytes, sFlow v5 §4 "address")
 *    is read as no address instead of aborting the datagram.
 */
#include <string.h>

#include "proto/sflow_int.h"
#include "util/banned.h"

int sflow_sub(struct flow_berd *r, uint32_t n, struct flow_berd *sub)
{
	size_t padded = ((size_t)n + 3) & ~(size_t)3;

	if (r->short_read || flow_berd_left(r) < padded) {
		r->short_read = 1;
		return -1;
	}
	sub->buf = r->buf;
	sub->off = r->off;
	sub->len = r->off + padded;
	sub->short_read = 0;
	r->off += padded;
	return 0;
}

/* Opaque bytes of length n followed by XDR padding; NULL when short. */
static const uint8_t *opaque(struct flow_berd *r, uint32_t n)
{
	const uint8_t *p = flow_berd_take(r, n);

	if (p && flow_berd_skip(r, (4 - (n & 3)) & 3))
		return NULL;
	return p;
}

int sflow_skip_string(struct flow_berd *r)
{
	uint32_t n;

	if (flow_berd_u32(r, &n))
		return -1;
	return opaque(r, n) ? 0 : -1;
}

static int address(struct sflow_ctx *c, struct flow_berd *r, uint8_t *ver, uint8_t a[16])
{
	uint32_t type;
	const uint8_t *p;

	if (flow_berd_u32(r, &type))
		return -1;
	memset(a, 0, 16);
	switch (type) {
	case 0:
		*ver = 0;
		return 0;
	case 1:
		if (!(p = flow_berd_take(r, 4)))
			return -1;
		memcpy(a, p, 4);
		*ver = 4;
		return 0;
	case 2:
		if (!(p = flow_berd_take(r, 16)))
			return -1;
		memcpy(a, p, 16);
		*ver = 6;
		return 0;
	}
	c->why = "unknown address type";
	return -1;
}

int sflow_el_header(struct sflow_ctx *c, struct flow_berd *r, struct sflow_sample *s,
		    int has_stripped)
{
	uint32_t proto, frame, stripped, hlen;
	const uint8_t *h;

	if (flow_berd_u32(r, &proto) || flow_berd_u32(r, &frame) ||
	    (has_stripped && flow_berd_u32(r, &stripped)) || flow_berd_u32(r, &hlen))
		return -1;
	if (!(h = opaque(r, hlen)))
		return -1;
	/*
	 * sfcapd drops the whole datagram here; only this sample is
	 * unreadable (its length says where the next one starts).
	 */
	if (proto == 0 || proto > SFLOW_HDR_LAST) {
		c->why = "unknown header protocol";
		return -1;
	}
	s->frame_len = frame;
	sflow_hdr_decode(s, proto, h, hlen);
	return 0;
}

int sflow_el_ethernet(struct flow_berd *r, struct sflow_sample *s)
{
	uint32_t len, type;
	const uint8_t *src, *dst;

	/* MACs are opaque[6], padded to 8 bytes each */
	if (flow_berd_u32(r, &len) || !(src = opaque(r, 6)) || !(dst = opaque(r, 6)) ||
	    flow_berd_u32(r, &type))
		return -1;
	memcpy(s->src_mac, src, 6);
	memcpy(s->dst_mac, dst, 6);
	return 0;
}

/* The fields sampled_ipv4 and sampled_ipv6 share after the addresses. */
static int ip_tail(struct flow_berd *r, struct sflow_sample *s, uint32_t proto,
		   uint32_t *tos_or_prio)
{
	uint32_t sport, dport, flags;

	if (flow_berd_u32(r, &sport) || flow_berd_u32(r, &dport) ||
	    flow_berd_u32(r, &flags) || flow_berd_u32(r, tos_or_prio))
		return -1;
	s->proto = (uint8_t)proto;
	s->sport = (uint16_t)sport;
	s->dport = (uint16_t)dport;
	if (proto == 6)
		s->tcp_flags = (uint8_t)flags;
	return 0;
}

int sflow_el_ipv4(struct flow_berd *r, struct sflow_sample *s)
{
	uint32_t len, proto, tos;
	const uint8_t *a;

	if (flow_berd_u32(r, &len) || flow_berd_u32(r, &proto) || !(a = flow_berd_take(r, 8)) ||
	    ip_tail(r, s, proto, &tos))
		return -1;
	s->frame_len = len;
	s->ip_ver = 4;
	memset(s->src, 0, sizeof(s->src));
	memset(s->dst, 0, sizeof(s->dst));
	memcpy(s->src, a, 4);
	memcpy(s->dst, a + 4, 4);
	s->tos = (uint8_t)tos;
	return 0;
}

int sflow_el_ipv6(struct flow_berd *r, struct sflow_sample *s)
{
	uint32_t len, proto, prio;
	const uint8_t *a;

	if (flow_berd_u32(r, &len) || flow_berd_u32(r, &proto) || !(a = flow_berd_take(r, 32)) ||
	    ip_tail(r, s, proto, &prio))
		return -1;
	/* sfcapd keeps no ToS from the priority field */
	s->frame_len = len;
	s->ip_ver = 6;
	memcpy(s->src, a, 16);
	memcpy(s->dst, a + 16, 16);
	return 0;
}

int sflow_el_switch(struct flow_berd *r, struct sflow_sample *s)
{
	uint32_t in_vlan, in_prio, out_vlan, out_prio;

	if (flow_berd_u32(r, &in_vlan) || flow_berd_u32(r, &in_prio) ||
	    flow_berd_u32(r, &out_vlan) || flow_berd_u32(r, &out_prio))
		return -1;
	s->in_vlan = in_vlan;
	s->out_vlan = out_vlan;
	return 0;
}

int sflow_el_router(struct sflow_ctx *c, struct flow_berd *r, struct sflow_sample *s)
{
	if (address(c, r, &s->nh_ver, s->nh) || flow_berd_u32(r, &s->src_mask) ||
	    flow_berd_u32(r, &s->dst_mask))
		return -1;
	return 0;
}

/*
 * The destination AS path: dst_as is the last AS of the last segment
 * (0 when that segment is empty), as sfcapd takes it.  Counts are checked
 * against the bytes left before looping, so an absurd count costs nothing.
 */
static int as_path(struct flow_berd *r, struct sflow_sample *s)
{
	uint32_t nseg, type, n, as = 0;

	if (flow_berd_u32(r, &nseg))
		return -1;
	s->dst_as = 0;
	for (uint32_t i = 0; i < nseg; i++) {
		if (flow_berd_u32(r, &type) || flow_berd_u32(r, &n) ||
		    n > flow_berd_left(r) / 4)
			return -1;
		as = 0;
		for (uint32_t k = 0; k < n; k++)
			flow_berd_u32(r, &as);
		if (i == nseg - 1 && n > 0)
			s->dst_as = as;
	}
	return 0;
}

int sflow_el_gateway(struct sflow_ctx *c, struct flow_berd *r, struct sflow_sample *s)
{
	uint32_t my_as, peer_as, ncomm, localpref;

	if (c->version >= 5 && address(c, r, &s->bgp_nh_ver, s->bgp_nh))
		return -1;
	if (flow_berd_u32(r, &my_as) || flow_berd_u32(r, &s->src_as) ||
	    flow_berd_u32(r, &peer_as) || as_path(r, s) || flow_berd_u32(r, &ncomm) ||
	    ncomm > flow_berd_left(r) / 4 || flow_berd_skip(r, (size_t)ncomm * 4) ||
	    flow_berd_u32(r, &localpref))
		return -1;
	return 0;
}

int sflow_el_gateway_v2(struct flow_berd *r, struct sflow_sample *s)
{
	uint32_t my_as, peer_as, n, as = 0;

	if (flow_berd_u32(r, &my_as) || flow_berd_u32(r, &s->src_as) ||
	    flow_berd_u32(r, &peer_as) || flow_berd_u32(r, &n) || n > flow_berd_left(r) / 4)
		return -1;
	for (uint32_t k = 0; k < n; k++)
		flow_berd_u32(r, &as);
	s->dst_as = n ? as : 0;
	return 0;
}
