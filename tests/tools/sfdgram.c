/* sfdgram.c - see sfdgram.h.  Field order: sFlow v5 spec §5, v4 sflow_v2v4. */
#include <string.h>

#include "sfdgram.h"

void sfd_raw(struct sfd *d, const void *p, size_t n)
{
	if (d->overflow || n > SFD_MAX - d->len) {
		d->overflow = 1;
		return;
	}
	memcpy(d->b + d->len, p, n);
	d->len += n;
}

void sfd_u32(struct sfd *d, uint32_t v)
{
	uint8_t b[4] = { (uint8_t)(v >> 24), (uint8_t)(v >> 16), (uint8_t)(v >> 8), (uint8_t)v };

	sfd_raw(d, b, 4);
}

void sfd_opaque(struct sfd *d, const void *p, size_t n)
{
	static const uint8_t zero[4];

	sfd_raw(d, p, n);
	sfd_raw(d, zero, (4 - (n & 3)) & 3);
}

size_t sfd_hole(struct sfd *d)
{
	size_t at = d->len;

	sfd_u32(d, 0);
	return at;
}

void sfd_put(struct sfd *d, size_t at, uint32_t v)
{
	if (at + 4 > d->len)
		return;
	d->b[at] = (uint8_t)(v >> 24);
	d->b[at + 1] = (uint8_t)(v >> 16);
	d->b[at + 2] = (uint8_t)(v >> 8);
	d->b[at + 3] = (uint8_t)v;
}

void sfd_address(struct sfd *d, const uint8_t *a, size_t alen)
{
	sfd_u32(d, alen == 4 ? 1 : alen == 16 ? 2 : 0);
	if (alen)
		sfd_raw(d, a, alen);
}

void sfd_dgram(struct sfd *d, uint32_t version, const uint8_t *agent, size_t alen,
	       uint32_t sub_id, uint32_t seq)
{
	memset(d, 0, sizeof(*d));
	d->version = version;
	sfd_u32(d, version);
	sfd_address(d, agent, alen);
	if (version >= 5)
		sfd_u32(d, sub_id);
	sfd_u32(d, seq);
	sfd_u32(d, 123456);	/* uptime, ms */
	d->nsamples_at = sfd_hole(d);
}

void sfd_finish(struct sfd *d)
{
	sfd_put(d, d->nsamples_at, d->nsamples);
}

void sfd_flow5(struct sfd *d, struct sfd_mark *m, int expanded, uint32_t rate,
	       uint32_t input, uint32_t output)
{
	sfd_u32(d, expanded ? 3 : 1);
	m->len_at = sfd_hole(d);
	sfd_u32(d, 42);			/* sequence number */
	if (expanded) {
		sfd_u32(d, 0);		/* source id type: ifIndex */
		sfd_u32(d, input);	/* source id index */
	} else {
		sfd_u32(d, input & 0xffffff);
	}
	sfd_u32(d, rate);
	sfd_u32(d, rate * 10);		/* sample pool */
	sfd_u32(d, 0);			/* drops */
	if (expanded) {
		sfd_u32(d, 0);
		sfd_u32(d, input);
		sfd_u32(d, 0);
		sfd_u32(d, output);
	} else {
		sfd_u32(d, input);
		sfd_u32(d, output);
	}
	m->count_at = sfd_hole(d);
	m->count = 0;
	d->nsamples++;
}

void sfd_end(struct sfd *d, struct sfd_mark *m)
{
	sfd_put(d, m->count_at, m->count);
	sfd_put(d, m->len_at, (uint32_t)(d->len - m->len_at - 4));
}

size_t sfd_el(struct sfd *d, struct sfd_mark *m, uint32_t tag)
{
	sfd_u32(d, tag);
	m->count++;
	return sfd_hole(d);
}

void sfd_el_end(struct sfd *d, size_t at)
{
	sfd_put(d, at, (uint32_t)(d->len - at - 4));
}

void sfd_header(struct sfd *d, uint32_t proto, uint32_t frame_len, const struct sfd_pkt *p)
{
	sfd_u32(d, proto);
	sfd_u32(d, frame_len);
	if (d->version >= 5)
		sfd_u32(d, 4);		/* stripped: the FCS */
	sfd_u32(d, (uint32_t)p->len);
	sfd_opaque(d, p->b, p->len);
}

void sfd_ipv4(struct sfd *d, uint32_t len, uint32_t proto, const uint8_t src[4],
	      const uint8_t dst[4], uint32_t sport, uint32_t dport, uint32_t flags,
	      uint32_t tos)
{
	sfd_u32(d, len);
	sfd_u32(d, proto);
	sfd_raw(d, src, 4);
	sfd_raw(d, dst, 4);
	sfd_u32(d, sport);
	sfd_u32(d, dport);
	sfd_u32(d, flags);
	sfd_u32(d, tos);
}

void sfd_ipv6(struct sfd *d, uint32_t len, uint32_t proto, const uint8_t src[16],
	      const uint8_t dst[16], uint32_t sport, uint32_t dport, uint32_t flags,
	      uint32_t prio)
{
	sfd_u32(d, len);
	sfd_u32(d, proto);
	sfd_raw(d, src, 16);
	sfd_raw(d, dst, 16);
	sfd_u32(d, sport);
	sfd_u32(d, dport);
	sfd_u32(d, flags);
	sfd_u32(d, prio);
}

void sfd_ethernet(struct sfd *d, uint32_t len, const uint8_t src[6], const uint8_t dst[6],
		  uint32_t type)
{
	sfd_u32(d, len);
	sfd_opaque(d, src, 6);
	sfd_opaque(d, dst, 6);
	sfd_u32(d, type);
}

void sfd_switch(struct sfd *d, uint32_t in_vlan, uint32_t in_prio, uint32_t out_vlan,
		uint32_t out_prio)
{
	sfd_u32(d, in_vlan);
	sfd_u32(d, in_prio);
	sfd_u32(d, out_vlan);
	sfd_u32(d, out_prio);
}

void sfd_router(struct sfd *d, const uint8_t *nh, size_t alen, uint32_t src_mask,
		uint32_t dst_mask)
{
	sfd_address(d, nh, alen);
	sfd_u32(d, src_mask);
	sfd_u32(d, dst_mask);
}

void sfd_gateway(struct sfd *d, const uint8_t *nh, size_t alen, uint32_t as,
		 uint32_t src_as, uint32_t peer_as, const uint32_t *path, uint32_t npath)
{
	if (d->version >= 5)
		sfd_address(d, nh, alen);
	sfd_u32(d, as);
	sfd_u32(d, src_as);
	sfd_u32(d, peer_as);
	if (d->version == 2) {		/* flat path */
		sfd_u32(d, npath);
		for (uint32_t i = 0; i < npath; i++)
			sfd_u32(d, path[i]);
		return;
	}
	sfd_u32(d, npath ? 1 : 0);	/* segments */
	if (npath) {
		sfd_u32(d, 2);		/* AS_SEQUENCE */
		sfd_u32(d, npath);
		for (uint32_t i = 0; i < npath; i++)
			sfd_u32(d, path[i]);
	}
	sfd_u32(d, 2);			/* communities */
	sfd_u32(d, 65000u << 16 | 1);
	sfd_u32(d, 65000u << 16 | 2);
	sfd_u32(d, 100);		/* localpref */
}

/* if_counters (v5 counters record 1, v2/v4 generic block): 88 bytes. */
static void if_counters(struct sfd *d, uint32_t ifindex)
{
	sfd_u32(d, ifindex);
	sfd_u32(d, 6);			/* ethernetCsmacd */
	sfd_u32(d, 0);
	sfd_u32(d, 1000000000);		/* speed, u64 */
	sfd_u32(d, 1);			/* full duplex */
	sfd_u32(d, 3);			/* up/up */
	for (int i = 0; i < 16; i++)	/* in octets u64, 6 u32, out octets u64, 5 u32 + promisc */
		sfd_u32(d, (uint32_t)(1000 + i));
}

void sfd_counters5(struct sfd *d, int expanded, uint32_t ifindex)
{
	size_t len_at, el_at;

	sfd_u32(d, expanded ? 4 : 2);
	len_at = sfd_hole(d);
	sfd_u32(d, 7);			/* sequence */
	if (expanded) {
		sfd_u32(d, 0);
		sfd_u32(d, ifindex);
	} else {
		sfd_u32(d, ifindex);
	}
	sfd_u32(d, 1);			/* one counters record */
	sfd_u32(d, 1);			/* generic interface counters */
	el_at = sfd_hole(d);
	if_counters(d, ifindex);
	sfd_el_end(d, el_at);
	sfd_put(d, len_at, (uint32_t)(d->len - len_at - 4));
	d->nsamples++;
}

void sfd_flow24(struct sfd *d, struct sfd_mark *m, uint32_t rate, uint32_t input,
		uint32_t output, uint32_t packet_tag)
{
	sfd_u32(d, 1);			/* FLOWSAMPLE */
	sfd_u32(d, 42);
	sfd_u32(d, input & 0xffffff);
	sfd_u32(d, rate);
	sfd_u32(d, rate * 10);
	sfd_u32(d, 0);
	sfd_u32(d, input);
	sfd_u32(d, output);
	sfd_u32(d, packet_tag);
	m->count = 0;
	d->nsamples++;
}

void sfd_ext24(struct sfd *d, struct sfd_mark *m)
{
	m->count_at = sfd_hole(d);
	m->count = 0;
}

void sfd_ext24_tag(struct sfd *d, struct sfd_mark *m, uint32_t tag)
{
	sfd_u32(d, tag);
	m->count++;
}

void sfd_end24(struct sfd *d, struct sfd_mark *m)
{
	sfd_put(d, m->count_at, m->count);
}

void sfd_counters24(struct sfd *d, uint32_t version, uint32_t ifindex)
{
	static const unsigned extra[] = { 0, 0, 13, 18, 0, 20, 0, 0 };	/* u32 words */

	sfd_u32(d, 2);			/* COUNTERSSAMPLE */
	sfd_u32(d, 7);
	sfd_u32(d, ifindex);
	sfd_u32(d, 30);			/* interval */
	sfd_u32(d, version);
	if (version == 7) {		/* VLAN: id, octets u64, 4 x u32 */
		for (int i = 0; i < 7; i++)
			sfd_u32(d, (uint32_t)(10 + i));
	} else {
		if_counters(d, ifindex);
		for (unsigned i = 0; version < 8 && i < extra[version]; i++)
			sfd_u32(d, i);
	}
	d->nsamples++;
}

/* ---- packet headers ---- */

void sfd_pkt_bytes(struct sfd_pkt *p, const void *b, size_t n)
{
	if (n > sizeof(p->b) - p->len)
		n = sizeof(p->b) - p->len;
	memcpy(p->b + p->len, b, n);
	p->len += n;
}

static void pkt16(struct sfd_pkt *p, uint16_t v)
{
	uint8_t b[2] = { (uint8_t)(v >> 8), (uint8_t)v };

	sfd_pkt_bytes(p, b, 2);
}

void sfd_pkt_eth(struct sfd_pkt *p, const uint8_t dst[6], const uint8_t src[6])
{
	sfd_pkt_bytes(p, dst, 6);
	sfd_pkt_bytes(p, src, 6);
}

void sfd_pkt_tag(struct sfd_pkt *p, uint16_t tpid, uint16_t tci)
{
	pkt16(p, tpid);
	pkt16(p, tci);
}

void sfd_pkt_type(struct sfd_pkt *p, uint16_t type)
{
	pkt16(p, type);
}

void sfd_pkt_mpls(struct sfd_pkt *p, uint32_t label, unsigned exp, int bottom, unsigned ttl)
{
	uint32_t e = label << 12 | (exp & 7) << 9 | (bottom ? 1u : 0u) << 8 | (ttl & 0xff);

	pkt16(p, (uint16_t)(e >> 16));
	pkt16(p, (uint16_t)e);
}

void sfd_pkt_ipv4(struct sfd_pkt *p, const uint8_t src[4], const uint8_t dst[4],
		  uint8_t proto, uint8_t tos, uint16_t frag)
{
	uint8_t h[20] = { 0x45, tos, 0, 60, 0x12, 0x34, (uint8_t)(frag >> 8), (uint8_t)frag,
			  64, proto, 0, 0 };

	memcpy(h + 12, src, 4);
	memcpy(h + 16, dst, 4);
	sfd_pkt_bytes(p, h, sizeof(h));
}

void sfd_pkt_ipv6(struct sfd_pkt *p, const uint8_t src[16], const uint8_t dst[16],
		  uint8_t nh, uint8_t tclass)
{
	uint8_t h[8] = { (uint8_t)(0x60 | tclass >> 4), (uint8_t)(tclass << 4), 0, 0, 0, 40, nh, 64 };

	sfd_pkt_bytes(p, h, sizeof(h));
	sfd_pkt_bytes(p, src, 16);
	sfd_pkt_bytes(p, dst, 16);
}

void sfd_pkt_ext6(struct sfd_pkt *p, uint8_t type, uint8_t nh, uint8_t units)
{
	size_t n = type == 51 ? 4 * ((size_t)units + 2) : 8 * ((size_t)units + 1);
	uint8_t h[2048] = { nh, units };

	sfd_pkt_bytes(p, h, n);
}

void sfd_pkt_frag6(struct sfd_pkt *p, uint8_t nh, uint16_t offset)
{
	uint8_t h[8] = { nh, 0, (uint8_t)(offset >> 5), (uint8_t)(offset << 3 | 1), 0, 0, 0, 9 };

	sfd_pkt_bytes(p, h, sizeof(h));
}

void sfd_pkt_tcp(struct sfd_pkt *p, uint16_t sport, uint16_t dport, uint8_t flags)
{
	uint8_t h[20] = { 0 };

	h[0] = (uint8_t)(sport >> 8);
	h[1] = (uint8_t)sport;
	h[2] = (uint8_t)(dport >> 8);
	h[3] = (uint8_t)dport;
	h[12] = 0x50;
	h[13] = flags;
	h[14] = 0xff;
	sfd_pkt_bytes(p, h, sizeof(h));
}

void sfd_pkt_udp(struct sfd_pkt *p, uint16_t sport, uint16_t dport)
{
	uint8_t h[8] = { (uint8_t)(sport >> 8), (uint8_t)sport, (uint8_t)(dport >> 8),
			 (uint8_t)dport, 0, 8 };

	sfd_pkt_bytes(p, h, sizeof(h));
}

void sfd_pkt_icmp(struct sfd_pkt *p, uint8_t type, uint8_t code)
{
	uint8_t h[8] = { type, code, 0, 0, 0, 1, 0, 1 };

	sfd_pkt_bytes(p, h, sizeof(h));
}
