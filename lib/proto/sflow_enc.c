/*
 * sflow_enc.c - sFlow version 5 (sflow.org, "sFlow Version 5", 2004):
 * XDR (big-endian, 4-byte aligned) datagrams of flow samples.
 *
 * A switch or router running sFlow does not export flows: it samples one
 * packet in `rate` and sends that packet's first bytes.  So each record
 * becomes one flow sample standing for `rate` packets of the record's
 * average size: a raw packet header record (Ethernet, an 802.1Q tag when
 * the record has a source VLAN, IPv4 or IPv6, TCP/UDP/ICMP) built from the
 * record's fields, plus the extended switch, router and gateway records
 * when the record carries VLANs, a next hop or AS numbers.  sfcapd turns
 * a sample into a flow of `rate` packets and rate * frame_length bytes,
 * stamped with its arrival time.  Every template_every datagrams (default
 * 20) also carries a counter sample (generic interface counters) for one
 * of the data sources seen, round robin.
 *
 * Each exporter is one sub-agent (id = source_id) of an agent whose
 * address is 198.18.0.0 + source_id (RFC 2544 benchmarking space).
 */
#include <string.h>

#include "proto/encode.h"
#include "util/err.h"

#define SF_VERSION 5
#define SF_DGRAM_HEADER 28		/* with an IPv4 agent address */
#define SF_HEADER_MAX 128		/* bytes of a sampled packet kept */
#define SF_FCS 4			/* Ethernet FCS: counted, stripped */
#define SF_ETH_MIN 64			/* shortest Ethernet frame, FCS included */
#define SF_IP_MTU 1500
#define SF_AGENT_BASE 0xc6120000u	/* 198.18.0.0 */
#define SF_LOCAL_AS 64496		/* RFC 5398 documentation AS */

/* Sample and record formats (enterprise 0). */
enum sf_format {
	SF_FLOW_SAMPLE = 1, SF_COUNTER_SAMPLE = 2,
	SF_REC_HEADER = 1, SF_REC_SWITCH = 1001, SF_REC_ROUTER = 1002, SF_REC_GATEWAY = 1003,
	SF_CTR_GENERIC = 1,
};

enum { SF_ADDR_IP4 = 1, SF_ADDR_IP6 = 2, SF_PROTO_ETHERNET = 1 };

#define SF_COUNTER_SAMPLE_LEN (8 + 12 + 8 + 88)
/* The largest flow sample: IPv6 next hop, full header, gateway with a path. */
#define SF_FLOW_SAMPLE_MAX (8 + 32 + 8 + 16 + SF_HEADER_MAX + 24 + 8 + 20 + 8 + 8 + 48)

/* What one sample says about the sampled packet. */
struct sf_packet {
	int ipv6, vlan;
	uint16_t l3_len;	/* IP packet length */
	uint32_t frame_len;	/* on the wire: Ethernet header, tag, FCS */
	uint32_t hdr_len;	/* captured bytes: frame minus FCS, at most 128 */
	uint8_t bytes[SF_HEADER_MAX];
};

static unsigned sf_every(const struct flow_enc *e)
{
	return e->template_every ? e->template_every : 20;
}

static uint32_t sf_rate(const struct flow_enc *e)
{
	return e->sampling_rate ? e->sampling_rate : FLOW_ENC_SFLOW_RATE;
}

static int sf_begin(struct flow_enc *e, uint8_t *buf, size_t cap, uint64_t now_msec)
{
	struct flow_bew *w = &e->w;
	unsigned every = sf_every(e);

	flow_bew_init(w, buf, cap);
	e->now_msec = now_msec;
	e->count = e->flows = 0;
	e->sf_ctr_due = e->pkt_seq % every == every - 1;
	flow_bew_u32(w, SF_VERSION);
	flow_bew_u32(w, SF_ADDR_IP4);
	flow_bew_u32(w, SF_AGENT_BASE + e->source_id);
	flow_bew_u32(w, e->source_id);		/* sub-agent id */
	flow_bew_u32(w, e->pkt_seq + 1);
	flow_bew_u32(w, (uint32_t)(now_msec - e->boot_msec));
	flow_bew_u32(w, 0);			/* samples: patched by finish */
	return w->overflow ? FLOW_EINVAL : 0;
}

/* The data source slot of ifIndex i; a new index takes over the slot. */
static struct flow_enc_sflow_if *sf_source(struct flow_enc *e, uint32_t i)
{
	struct flow_enc_sflow_if *s = &e->sf_if[i % FLOW_ENC_SFLOW_IFS];

	if (s->ifindex != i) {
		memset(s, 0, sizeof(*s));
		s->ifindex = i;
	}
	return s;
}

static void put_be64(uint8_t *p, uint64_t v)
{
	st_be32(p, (uint32_t)(v >> 32));
	st_be32(p + 4, (uint32_t)v);
}

static uint16_t ip_checksum(const uint8_t *p, size_t n)
{
	uint32_t sum = 0;

	for (size_t i = 0; i + 1 < n; i += 2)
		sum += ld_be16(p + i);
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)~sum;
}

/* A locally administered MAC: 02:<exporter>:<dir>:<ifIndex>. */
static uint64_t sf_mac(const struct flow_enc *e, unsigned dir, uint32_t ifindex)
{
	return 0x020000000000ull | ((uint64_t)(e->source_id & 0xffff) << 24) |
	       ((uint64_t)dir << 16) | (ifindex & 0xffff);
}

static void put_mac(uint8_t *p, uint64_t mac)
{
	st_be16(p, (uint16_t)(mac >> 32));
	st_be32(p + 2, (uint32_t)mac);
}

/* TCP flags of the one sampled packet: a one-packet flow's own, else mid-flow. */
static uint8_t sf_tcp_flags(const struct flow_record *r)
{
	uint8_t f = r->generic.tcp_flags;

	if (r->generic.in_packets <= 1 || !(f & 0x10))
		return f;
	return f & 0x18;	/* ACK, and PSH if the flow pushed */
}

/* Unreachable, time exceeded, parameter problem: they quote a packet. */
static int icmp_error(const struct flow_record *r)
{
	uint8_t type = (uint8_t)(r->generic.dst_port >> 8);

	return r->generic.proto == 1 && (type == 3 || type == 11 || type == 12);
}

static int sf_is_ipv6(const struct flow_record *r)
{
	return !flow_has(r, EX_IPV4) && flow_has(r, EX_IPV6);
}

/* The quoted packet: its IP header and first 8 bytes (RFC 792). */
static unsigned icmp_inner_len(const struct flow_record *r)
{
	return (sf_is_ipv6(r) ? 40 : 20) + 8;
}

/*
 * The packet an ICMP error quotes went the other way: from the flow's
 * destination (the host told off) to its source, a UDP probe.
 */
static void put_icmp_inner(uint8_t *p, const struct flow_record *r)
{
	unsigned ip = icmp_inner_len(r) - 8;

	if (sf_is_ipv6(r)) {
		st_be32(p, 0x60000000u);
		st_be16(p + 4, 8 + 32);
		p[6] = 17;
		p[7] = 1;
		put_be64(p + 8, r->ipv6.dst.hi);
		put_be64(p + 16, r->ipv6.dst.lo);
		put_be64(p + 24, r->ipv6.src.hi);
		put_be64(p + 32, r->ipv6.src.lo);
	} else {
		p[0] = 0x45;
		st_be16(p + 2, 20 + 8 + 32);
		p[8] = 1;
		p[9] = 17;
		st_be32(p + 12, r->ipv4.dst);
		st_be32(p + 16, r->ipv4.src);
		st_be16(p + 10, ip_checksum(p, 20));
	}
	st_be16(p + ip, 33434);		/* traceroute's first probe port */
	st_be16(p + ip + 2, 33435);
	st_be16(p + ip + 4, 8 + 32);
}

/* The layer-4 header at p (room for 8 + 48 bytes); returns its length. */
static unsigned put_l4(uint8_t *p, const struct flow_record *r, uint16_t l4_len, uint32_t seq)
{
	const struct ex_generic *g = &r->generic;

	switch (g->proto) {
	case 6:
		st_be16(p, g->src_port);
		st_be16(p + 2, g->dst_port);
		st_be32(p + 4, seq * 1460u);
		st_be32(p + 8, (g->tcp_flags & 0x10) ? seq * 977u + 1 : 0);
		p[12] = 5 << 4;
		p[13] = sf_tcp_flags(r);
		st_be16(p + 14, 65535);
		st_be16(p + 16, (uint16_t)(0x5a5a ^ seq));	/* unverifiable: header cut */
		return 20;
	case 17:
		st_be16(p, g->src_port);
		st_be16(p + 2, g->dst_port);
		st_be16(p + 4, l4_len);
		st_be16(p + 6, (uint16_t)(0xa5a5 ^ seq));	/* never 0: IPv6 forbids it */
		return 8;
	case 1:
	case 58:
		p[0] = (uint8_t)(g->dst_port >> 8);	/* type */
		p[1] = (uint8_t)g->dst_port;		/* code */
		if (icmp_error(r))
			put_icmp_inner(p + 8, r);
		else {
			st_be16(p + 4, (uint16_t)(seq >> 16));
			st_be16(p + 6, (uint16_t)seq);
		}
		/* the rest of the message is zero: 8 + inner bytes cover it */
		st_be16(p + 2, ip_checksum(p, icmp_error(r) ? 8 + icmp_inner_len(r) : 8));
		return 8;
	default:
		return 0;
	}
}

static unsigned l4_min(const struct flow_record *r)
{
	uint8_t proto = r->generic.proto;

	if (icmp_error(r))
		return 8 + icmp_inner_len(r);
	return proto == 6 ? 20 : proto == 17 || proto == 1 || proto == 58 ? 8 : 0;
}

/* IPv4 or IPv6 header at p; returns its length. */
static unsigned put_l3(uint8_t *p, const struct flow_record *r, const struct sf_packet *k,
		       uint32_t seq)
{
	const struct ex_generic *g = &r->generic;

	if (k->ipv6) {
		st_be32(p, 0x60000000u | ((uint32_t)g->src_tos << 20));
		st_be16(p + 4, (uint16_t)(k->l3_len - 40));
		p[6] = g->proto;
		p[7] = 64;
		put_be64(p + 8, r->ipv6.src.hi);
		put_be64(p + 16, r->ipv6.src.lo);
		put_be64(p + 24, r->ipv6.dst.hi);
		put_be64(p + 32, r->ipv6.dst.lo);
		return 40;
	}
	p[0] = 0x45;
	p[1] = g->src_tos;
	st_be16(p + 2, k->l3_len);
	st_be16(p + 4, (uint16_t)seq);		/* identification */
	st_be16(p + 6, 0x4000);			/* don't fragment */
	p[8] = 64;
	p[9] = g->proto;
	st_be32(p + 12, r->ipv4.src);
	st_be32(p + 16, r->ipv4.dst);
	st_be16(p + 10, ip_checksum(p, 20));
	return 20;
}

/* Sizes of the packet the record stands for: its average packet. */
static void sf_sizes(struct sf_packet *k, const struct flow_record *r)
{
	const struct ex_generic *g = &r->generic;
	unsigned hdrs = (k->ipv6 ? 40u : 20u) + l4_min(r);
	uint64_t avg = g->in_packets ? g->in_bytes / g->in_packets : 0;

	k->l3_len = (uint16_t)(avg < hdrs ? hdrs : avg > SF_IP_MTU ? SF_IP_MTU : avg);
	k->frame_len = 14u + (k->vlan ? 4u : 0u) + k->l3_len + SF_FCS;
	if (k->frame_len < SF_ETH_MIN)
		k->frame_len = SF_ETH_MIN;	/* the rest is Ethernet padding */
	k->hdr_len = k->frame_len - SF_FCS;
	if (k->hdr_len > SF_HEADER_MAX)
		k->hdr_len = SF_HEADER_MAX;
}

/* Build the sampled packet's first bytes from r into k. */
static void sf_packet(struct sf_packet *k, const struct flow_enc *e,
		      const struct flow_record *r, uint32_t seq)
{
	uint8_t *p = k->bytes;
	uint64_t src = flow_has(r, EX_MAC) && r->mac.in_src ? r->mac.in_src
			: sf_mac(e, 1, r->misc.input);
	uint64_t dst = flow_has(r, EX_MAC) && r->mac.out_dst ? r->mac.out_dst
			: sf_mac(e, 2, r->misc.output);

	k->ipv6 = sf_is_ipv6(r);
	k->vlan = flow_has(r, EX_VLAN) && r->vlan.src_vlan;
	sf_sizes(k, r);
	memset(k->bytes, 0, sizeof(k->bytes));
	put_mac(p, dst);
	put_mac(p + 6, src);
	p += 12;
	if (k->vlan) {
		st_be16(p, 0x8100);
		st_be16(p + 2, (uint16_t)(r->vlan.src_vlan & 0xfff));
		p += 4;
	}
	st_be16(p, k->ipv6 ? 0x86dd : 0x0800);
	p += 2;
	unsigned l3 = put_l3(p, r, k, seq);

	put_l4(p + l3, r, (uint16_t)(k->l3_len - l3), seq);
}

static int sf_has_router(const struct flow_record *r)
{
	return flow_has(r, EX_IP_NH4) || flow_has(r, EX_IP_NH6);
}

/*
 * The gateway record only for IPv4 flows: sfcapd 1.7.1 files an IPv6 BGP
 * next hop under the wrong element, so IPv6 samples carry no AS numbers.
 */
static int sf_has_gateway(const struct flow_record *r, int ipv6)
{
	return !ipv6 && flow_has(r, EX_AS) && (r->as.src_as || r->as.dst_as);
}

static size_t sf_sample_len(const struct flow_record *r, const struct sf_packet *k)
{
	size_t n = 8 + 32 + 8 + 16 + ((k->hdr_len + 3) & ~3u);

	if (flow_has(r, EX_VLAN))
		n += 8 + 16;
	if (sf_has_router(r))
		n += 8 + (flow_has(r, EX_IP_NH4) ? 8 : 20) + 8;
	if (sf_has_gateway(r, k->ipv6))
		n += 8 + 8 + 12 + 4 + (r->as.dst_as ? 12 : 0) + 8;
	return n;
}

static void put_records(struct flow_bew *w, const struct flow_record *r,
			const struct sf_packet *k)
{
	flow_bew_u32(w, SF_REC_HEADER);
	flow_bew_u32(w, 16 + ((k->hdr_len + 3) & ~3u));
	flow_bew_u32(w, SF_PROTO_ETHERNET);
	flow_bew_u32(w, k->frame_len);
	flow_bew_u32(w, k->frame_len - k->hdr_len);	/* stripped: FCS, tail */
	flow_bew_u32(w, k->hdr_len);
	uint8_t *p = flow_bew_reserve(w, (k->hdr_len + 3) & ~3u);

	if (p) {
		memcpy(p, k->bytes, k->hdr_len);
		memset(p + k->hdr_len, 0, ((k->hdr_len + 3) & ~3u) - k->hdr_len);
	}
	if (flow_has(r, EX_VLAN)) {
		flow_bew_u32(w, SF_REC_SWITCH);
		flow_bew_u32(w, 16);
		flow_bew_u32(w, r->vlan.src_vlan);
		flow_bew_u32(w, 0);			/* 802.1p priority */
		flow_bew_u32(w, r->vlan.dst_vlan);
		flow_bew_u32(w, 0);
	}
	if (sf_has_router(r)) {
		int v4 = flow_has(r, EX_IP_NH4);

		flow_bew_u32(w, SF_REC_ROUTER);
		flow_bew_u32(w, v4 ? 16 : 28);
		flow_bew_u32(w, v4 ? SF_ADDR_IP4 : SF_ADDR_IP6);
		if (v4) {
			flow_bew_u32(w, r->ip_nh4.addr);
		} else {
			flow_bew_u64(w, r->ip_nh6.addr.hi);
			flow_bew_u64(w, r->ip_nh6.addr.lo);
		}
		flow_bew_u32(w, r->misc.src_mask);
		flow_bew_u32(w, r->misc.dst_mask);
	}
	if (sf_has_gateway(r, k->ipv6)) {
		uint32_t nh = flow_has(r, EX_BGP_NH4) ? r->bgp_nh4.addr
			      : flow_has(r, EX_IP_NH4) ? r->ip_nh4.addr : 0;

		flow_bew_u32(w, SF_REC_GATEWAY);
		flow_bew_u32(w, 8 + 12 + 4 + (r->as.dst_as ? 12 : 0) + 8);
		flow_bew_u32(w, SF_ADDR_IP4);
		flow_bew_u32(w, nh);
		flow_bew_u32(w, SF_LOCAL_AS);
		flow_bew_u32(w, r->as.src_as);
		flow_bew_u32(w, r->as.src_as);		/* src_peer_as */
		flow_bew_u32(w, r->as.dst_as ? 1 : 0);	/* path segments */
		if (r->as.dst_as) {
			flow_bew_u32(w, 2);		/* AS_SEQUENCE */
			flow_bew_u32(w, 1);
			flow_bew_u32(w, r->as.dst_as);
		}
		flow_bew_u32(w, 0);			/* communities */
		flow_bew_u32(w, 100);			/* local preference */
	}
}

static int sf_add(struct flow_enc *e, const struct flow_record *r)
{
	struct flow_bew *w = &e->w;
	struct flow_enc_sflow_if *in, *out;
	struct sf_packet k;
	uint32_t rate = sf_rate(e);
	size_t reserve = e->sf_ctr_due ? SF_COUNTER_SAMPLE_LEN : 0;

	if (!flow_has(r, EX_IPV4) && !flow_has(r, EX_IPV6))
		return FLOW_EUNSUPPORTED;
	if (flow_bew_room(w) < SF_FLOW_SAMPLE_MAX + reserve)
		return FLOW_ENC_FULL;
	in = sf_source(e, r->misc.input);
	sf_packet(&k, e, r, in->sample_seq + 1);
	size_t len = sf_sample_len(r, &k);

	flow_bew_u32(w, SF_FLOW_SAMPLE);
	flow_bew_u32(w, (uint32_t)len - 8);
	flow_bew_u32(w, ++in->sample_seq);
	flow_bew_u32(w, in->ifindex & 0xffffff);	/* source: ifIndex */
	flow_bew_u32(w, rate);
	in->pool += rate;
	flow_bew_u32(w, in->pool);
	flow_bew_u32(w, 0);				/* drops */
	flow_bew_u32(w, r->misc.input & 0x3fffffff);
	flow_bew_u32(w, r->misc.output & 0x3fffffff);
	flow_bew_u32(w, 1 + flow_has(r, EX_VLAN) + sf_has_router(r) +
			sf_has_gateway(r, k.ipv6));
	put_records(w, r, &k);
	if (w->overflow)
		return FLOW_EINVAL;
	in->in_pkts += rate;
	in->in_octets += (uint64_t)rate * k.frame_len;
	out = sf_source(e, r->misc.output);
	out->out_pkts += rate;
	out->out_octets += (uint64_t)rate * k.frame_len;
	e->count++;
	e->flows++;
	return 0;
}

/* Generic interface counters (format 1) of the next data source seen. */
static void sf_put_counters(struct flow_enc *e)
{
	struct flow_bew *w = &e->w;
	struct flow_enc_sflow_if *s = NULL;

	for (unsigned i = 0; i < FLOW_ENC_SFLOW_IFS && !s; i++) {
		struct flow_enc_sflow_if *c = &e->sf_if[(e->sf_next_ctr + i) % FLOW_ENC_SFLOW_IFS];

		if (c->ifindex) {
			s = c;
			e->sf_next_ctr = (unsigned)(c - e->sf_if) + 1;
		}
	}
	if (!s)
		return;
	flow_bew_u32(w, SF_COUNTER_SAMPLE);
	flow_bew_u32(w, SF_COUNTER_SAMPLE_LEN - 8);
	flow_bew_u32(w, ++s->counter_seq);
	flow_bew_u32(w, s->ifindex & 0xffffff);
	flow_bew_u32(w, 1);				/* records */
	flow_bew_u32(w, SF_CTR_GENERIC);
	flow_bew_u32(w, 88);
	flow_bew_u32(w, s->ifindex);
	flow_bew_u32(w, 6);				/* ethernetCsmacd */
	flow_bew_u64(w, 10000000000ull);		/* 10 Gbit/s */
	flow_bew_u32(w, 1);				/* full duplex */
	flow_bew_u32(w, 3);				/* admin and oper up */
	flow_bew_u64(w, s->in_octets);
	flow_bew_u32(w, s->in_pkts);
	flow_bew_zero(w, 5 * 4);	/* multicast, broadcast, discards, errors, unknown */
	flow_bew_u64(w, s->out_octets);
	flow_bew_u32(w, s->out_pkts);
	flow_bew_zero(w, 5 * 4);	/* multicast, broadcast, discards, errors, promiscuous */
	e->count++;
}

static size_t sf_finish(struct flow_enc *e)
{
	if (!e->flows || e->w.overflow)
		return 0;
	if (e->sf_ctr_due)
		sf_put_counters(e);
	if (e->w.overflow)
		return 0;
	flow_bew_put32_at(&e->w, SF_DGRAM_HEADER - 4, e->count);
	e->flow_seq += e->flows;
	e->pkt_seq++;
	return e->w.len;
}

const struct flow_encoder flow_enc_sflow = {
	.name = "sflow",
	.version = FLOW_ENC_SFLOW5,
	.begin = sf_begin,
	.add = sf_add,
	.finish = sf_finish,
};
