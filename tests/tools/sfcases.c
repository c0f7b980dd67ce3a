/* sfcases.c - see sfcases.h.  Addresses are from the documentation ranges. */
#include <string.h>

#include "sfcases_int.h"

static void dgram5(struct sfd *d)
{
	sfd_dgram(d, 5, AGENT4, 4, 0, 1000);
}

/* A v5 flow sample holding one sampled header. */
static void sample_hdr(struct sfd *d, uint32_t id, int expanded, uint32_t rate,
		       uint32_t proto, uint32_t frame, const struct sfd_pkt *p)
{
	struct sfd_mark m;
	size_t el;

	sfd_flow5(d, &m, expanded, rate, id, 2);
	el = sfd_el(d, &m, 1);
	sfd_header(d, proto, frame, p);
	sfd_el_end(d, el);
	sfd_end(d, &m);
}

static void one_hdr(struct sfd *d, uint32_t id, uint32_t proto, const struct sfd_pkt *p)
{
	dgram5(d);
	sample_hdr(d, id, 0, 512, proto, 1514, p);
	sfd_finish(d);
}

static void c_ipv4_tcp(struct sfd *d, uint32_t id)
{
	struct sfd_pkt p;

	eth(&p, 0x0800);
	sfd_pkt_ipv4(&p, SRC4, DST4, 6, 0x28, 0x4000);
	sfd_pkt_tcp(&p, 44321, 443, 0x12);
	one_hdr(d, id, 1, &p);
}

static void c_ipv4_udp_expanded(struct sfd *d, uint32_t id)
{
	struct sfd_pkt p;

	eth(&p, 0x0800);
	sfd_pkt_ipv4(&p, SRC4, DST4, 17, 0, 0);
	sfd_pkt_udp(&p, 5353, 53);
	dgram5(d);
	sample_hdr(d, id, 1, 1000, 1, 90, &p);
	sfd_finish(d);
}

static void c_ipv4_icmp(struct sfd *d, uint32_t id)
{
	struct sfd_pkt p;

	eth(&p, 0x0800);
	sfd_pkt_ipv4(&p, SRC4, DST4, 1, 0, 0);
	sfd_pkt_icmp(&p, 8, 0);
	one_hdr(d, id, 1, &p);
}

static void c_icmp_unreach(struct sfd *d, uint32_t id)
{
	struct sfd_pkt p;

	eth(&p, 0x0800);
	sfd_pkt_ipv4(&p, SRC4, DST4, 1, 0, 0);
	sfd_pkt_icmp(&p, 3, 3);
	one_hdr(d, id, 1, &p);
}

static void c_vlan_ipv6_tcp(struct sfd *d, uint32_t id)
{
	struct sfd_pkt p;

	eth(&p, 0x8100);
	sfd_pkt_type(&p, 100 | 3 << 13);	/* TCI: priority 3, vlan 100 */
	sfd_pkt_type(&p, 0x86dd);
	sfd_pkt_ipv6(&p, SRC6, DST6, 6, 0xb8);
	sfd_pkt_tcp(&p, 33000, 22, 0x18);
	one_hdr(d, id, 1, &p);
}

static void c_qinq_ipv4_udp(struct sfd *d, uint32_t id)
{
	struct sfd_pkt p;

	eth(&p, 0x88a8);
	sfd_pkt_type(&p, 200);
	sfd_pkt_tag(&p, 0x8100, 300);
	sfd_pkt_type(&p, 0x0800);
	sfd_pkt_ipv4(&p, SRC4, DST4, 17, 0, 0);
	sfd_pkt_udp(&p, 123, 123);
	one_hdr(d, id, 1, &p);
}

static void c_ipv6_ext_udp(struct sfd *d, uint32_t id)
{
	struct sfd_pkt p;

	eth(&p, 0x86dd);
	sfd_pkt_ipv6(&p, SRC6, DST6, 0, 0);
	sfd_pkt_ext6(&p, 0, 60, 0);		/* hop-by-hop -> dest options */
	sfd_pkt_ext6(&p, 60, 17, 1);		/* dest options (16 bytes) -> UDP */
	sfd_pkt_udp(&p, 546, 547);
	one_hdr(d, id, 1, &p);
}

static void c_icmpv6(struct sfd *d, uint32_t id)
{
	struct sfd_pkt p;

	eth(&p, 0x86dd);
	sfd_pkt_ipv6(&p, SRC6, DST6, 58, 0);
	sfd_pkt_icmp(&p, 128, 0);
	one_hdr(d, id, 1, &p);
}

static void c_mpls_ipv4(struct sfd *d, uint32_t id)
{
	struct sfd_pkt p;

	eth(&p, 0x8847);
	sfd_pkt_mpls(&p, 16001, 5, 0, 64);
	sfd_pkt_mpls(&p, 24005, 0, 1, 63);
	sfd_pkt_ipv4(&p, SRC4, DST4, 6, 0, 0);
	sfd_pkt_tcp(&p, 179, 50000, 0x10);
	one_hdr(d, id, 1, &p);
}

static void c_arp(struct sfd *d, uint32_t id)
{
	static const uint8_t arp[28] = { 0, 1, 8, 0, 6, 4, 0, 1 };
	struct sfd_pkt p;

	eth(&p, 0x0806);
	sfd_pkt_bytes(&p, arp, sizeof(arp));
	one_hdr(d, id, 1, &p);
}

static void c_ipv4_gre(struct sfd *d, uint32_t id)
{
	static const uint8_t gre[4] = { 0, 0, 0x08, 0x00 };	/* GRE carrying IPv4 */
	struct sfd_pkt p;

	eth(&p, 0x0800);
	sfd_pkt_ipv4(&p, SRC4, DST4, 47, 0x10, 0);
	sfd_pkt_bytes(&p, gre, sizeof(gre));
	sfd_pkt_ipv4(&p, DST4, SRC4, 6, 0, 0);	/* the inner packet stays opaque */
	one_hdr(d, id, 1, &p);
}

static void c_ipv4_fragment(struct sfd *d, uint32_t id)
{
	struct sfd_pkt p;

	eth(&p, 0x0800);
	sfd_pkt_ipv4(&p, SRC4, DST4, 17, 0, 185);	/* offset 185 * 8 */
	sfd_pkt_udp(&p, 1111, 2222);			/* payload, not a header */
	one_hdr(d, id, 1, &p);
}

static void c_raw_ipv4(struct sfd *d, uint32_t id)
{
	struct sfd_pkt p = { .len = 0 };

	sfd_pkt_ipv4(&p, SRC4, DST4, 17, 0x04, 0);
	sfd_pkt_udp(&p, 514, 514);
	one_hdr(d, id, 11, &p);
}

static void c_raw_ipv6(struct sfd *d, uint32_t id)
{
	struct sfd_pkt p = { .len = 0 };

	sfd_pkt_ipv6(&p, SRC6, DST6, 6, 0x20);
	sfd_pkt_tcp(&p, 8080, 60000, 0x11);
	one_hdr(d, id, 12, &p);
}

static void c_switch_router_gateway4(struct sfd *d, uint32_t id)
{
	static const uint32_t path[] = { 65002, 65003, 65004 };
	struct sfd_pkt p;
	struct sfd_mark m;
	size_t el;

	eth(&p, 0x0800);
	sfd_pkt_ipv4(&p, SRC4, DST4, 6, 0, 0);
	sfd_pkt_tcp(&p, 1024, 80, 0x02);
	dgram5(d);
	sfd_flow5(d, &m, 0, 2048, id, 77);
	el = sfd_el(d, &m, 1);
	sfd_header(d, 1, 64, &p);
	sfd_el_end(d, el);
	el = sfd_el(d, &m, 1001);
	sfd_switch(d, 10, 0, 20, 0);
	sfd_el_end(d, el);
	el = sfd_el(d, &m, 1002);
	sfd_router(d, NH4, 4, 24, 16);
	sfd_el_end(d, el);
	el = sfd_el(d, &m, 1003);
	sfd_gateway(d, BGP4, 4, 65000, 65001, 65010, path, 3);
	sfd_el_end(d, el);
	sfd_end(d, &m);
	sfd_finish(d);
}

static void c_router_gateway6(struct sfd *d, uint32_t id)
{
	static const uint32_t path[] = { 64512 };
	struct sfd_pkt p;
	struct sfd_mark m;
	size_t el;

	eth(&p, 0x86dd);
	sfd_pkt_ipv6(&p, SRC6, DST6, 17, 0);
	sfd_pkt_udp(&p, 4500, 4500);
	dgram5(d);
	sfd_flow5(d, &m, 1, 100, id, 5);
	el = sfd_el(d, &m, 1);
	sfd_header(d, 1, 200, &p);
	sfd_el_end(d, el);
	el = sfd_el(d, &m, 1002);
	sfd_router(d, NH6, 16, 48, 64);
	sfd_el_end(d, el);
	el = sfd_el(d, &m, 1003);
	sfd_gateway(d, BGP6, 16, 65000, 0, 0, path, 1);
	sfd_el_end(d, el);
	sfd_end(d, &m);
	sfd_finish(d);
}

/* The extended switch element first, then a tagged header: the tag wins. */
static void c_switch_then_tag(struct sfd *d, uint32_t id)
{
	struct sfd_pkt p;
	struct sfd_mark m;
	size_t el;

	eth(&p, 0x8100);
	sfd_pkt_type(&p, 42);
	sfd_pkt_type(&p, 0x0800);
	sfd_pkt_ipv4(&p, SRC4, DST4, 17, 0, 0);
	sfd_pkt_udp(&p, 10000, 20000);
	dgram5(d);
	sfd_flow5(d, &m, 0, 256, id, 9);
	el = sfd_el(d, &m, 1001);
	sfd_switch(d, 7, 1, 8, 2);
	sfd_el_end(d, el);
	el = sfd_el(d, &m, 1);
	sfd_header(d, 1, 1000, &p);
	sfd_el_end(d, el);
	sfd_end(d, &m);
	sfd_finish(d);
}

static void c_sampled_ipv4(struct sfd *d, uint32_t id)
{
	struct sfd_mark m;
	size_t el;

	dgram5(d);
	sfd_flow5(d, &m, 0, 400, id, 3);
	el = sfd_el(d, &m, 3);
	sfd_ipv4(d, 576, 6, SRC4, DST4, 25, 40000, 0x1b, 0x48);
	sfd_el_end(d, el);
	sfd_end(d, &m);
	sfd_finish(d);
}

static void c_sampled_ipv6(struct sfd *d, uint32_t id)
{
	struct sfd_mark m;
	size_t el;

	dgram5(d);
	sfd_flow5(d, &m, 1, 400, id, 3);
	el = sfd_el(d, &m, 4);
	sfd_ipv6(d, 1280, 17, SRC6, DST6, 53, 33333, 0, 0);
	sfd_el_end(d, el);
	sfd_end(d, &m);
	sfd_finish(d);
}

/* Sampled Ethernet + sampled IPv4 records, ports of UDP. */
static void c_sampled_eth_ipv4(struct sfd *d, uint32_t id)
{
	struct sfd_mark m;
	size_t el;

	dgram5(d);
	sfd_flow5(d, &m, 0, 64, id, 4);
	el = sfd_el(d, &m, 2);
	sfd_ethernet(d, 1518, MAC_A, MAC_B, 0x0800);
	sfd_el_end(d, el);
	el = sfd_el(d, &m, 3);
	sfd_ipv4(d, 1500, 17, SRC4, DST4, 1000, 2000, 0, 0);
	sfd_el_end(d, el);
	sfd_end(d, &m);
	sfd_finish(d);
}

/* Counter samples (compact and expanded) around a flow sample. */
static void c_counters_and_flow(struct sfd *d, uint32_t id)
{
	struct sfd_pkt p;

	eth(&p, 0x0800);
	sfd_pkt_ipv4(&p, SRC4, DST4, 6, 0, 0);
	sfd_pkt_tcp(&p, 5000, 6000, 0x01);
	dgram5(d);
	sfd_counters5(d, 0, 3);
	sample_hdr(d, id, 0, 128, 1, 60, &p);
	sfd_counters5(d, 1, 4);
	sfd_finish(d);
}

static void c_counters_only(struct sfd *d, uint32_t id)
{
	dgram5(d);
	sfd_counters5(d, 0, id);
	sfd_counters5(d, 1, id);
	sfd_finish(d);
}

/* A user record (1004) and an enterprise record, both skipped. */
static void c_skipped_records(struct sfd *d, uint32_t id)
{
	struct sfd_pkt p;
	struct sfd_mark m;
	size_t el;

	eth(&p, 0x0800);
	sfd_pkt_ipv4(&p, SRC4, DST4, 17, 0, 0);
	sfd_pkt_udp(&p, 1812, 1813);
	dgram5(d);
	sfd_flow5(d, &m, 0, 32, id, 1);
	el = sfd_el(d, &m, 1004);
	sfd_u32(d, 106);		/* charset utf-8 */
	sfd_u32(d, 5);
	sfd_opaque(d, "alice", 5);
	sfd_u32(d, 106);
	sfd_u32(d, 3);
	sfd_opaque(d, "bob", 3);
	sfd_el_end(d, el);
	el = sfd_el(d, &m, 4413u << 12 | 7);
	sfd_u32(d, 0xdeadbeef);
	sfd_u32(d, 0xfeedface);
	sfd_el_end(d, el);
	el = sfd_el(d, &m, 1);
	sfd_header(d, 1, 300, &p);
	sfd_el_end(d, el);
	sfd_end(d, &m);
	sfd_finish(d);
}

/* Two samples with different rates: the sampler keeps the first. */
static void c_two_samples(struct sfd *d, uint32_t id)
{
	struct sfd_pkt p, q;

	eth(&p, 0x0800);
	sfd_pkt_ipv4(&p, SRC4, DST4, 6, 0, 0);
	sfd_pkt_tcp(&p, 1, 2, 0x04);
	eth(&q, 0x0800);
	sfd_pkt_ipv4(&q, DST4, SRC4, 17, 0, 0);
	sfd_pkt_udp(&q, 3, 4);
	dgram5(d);
	sample_hdr(d, id, 0, 10, 1, 100, &p);
	sample_hdr(d, id, 1, 20, 1, 200, &q);
	sfd_finish(d);
}

/* Another sub-agent of the same sender: a second exporter. */
static void c_sub_agent(struct sfd *d, uint32_t id)
{
	struct sfd_pkt p;

	eth(&p, 0x0800);
	sfd_pkt_ipv4(&p, SRC4, DST4, 6, 0, 0);
	sfd_pkt_tcp(&p, 7, 8, 0x02);
	sfd_dgram(d, 5, AGENT4, 4, 7, 5);
	sample_hdr(d, id, 0, 300, 1, 400, &p);
	sfd_finish(d);
}

/* An IPv6 agent address: not used for the exporter (the sender is). */
static void c_agent6(struct sfd *d, uint32_t id)
{
	struct sfd_pkt p;

	eth(&p, 0x0800);
	sfd_pkt_ipv4(&p, SRC4, DST4, 17, 0, 0);
	sfd_pkt_udp(&p, 9, 9);
	sfd_dgram(d, 5, AGENT6, 16, 0, 77);
	sample_hdr(d, id, 0, 512, 1, 128, &p);
	sfd_finish(d);
}

static void c_ppp_header(struct sfd *d, uint32_t id)
{
	static const uint8_t ppp[24] = { 0xff, 0x03, 0x00, 0x21, 0x45 };
	struct sfd_pkt p = { .len = 0 };

	sfd_pkt_bytes(&p, ppp, sizeof(ppp));
	one_hdr(d, id, 7, &p);
}

static void c_wifi_header(struct sfd *d, uint32_t id)
{
	/* data frame, toDS: addr1 BSSID, addr2 SA, addr3 DA */
	static const uint8_t w[32] = { 0x08, 0x01, 0, 0, 1, 1, 1, 1, 1, 1,
				       0x00, 0x11, 0x22, 0x33, 0x44, 0x55,
				       0x66, 0x77, 0x88, 0x99, 0xaa, 0xbb };
	struct sfd_pkt p = { .len = 0 };

	sfd_pkt_bytes(&p, w, sizeof(w));
	one_hdr(d, id, 15, &p);
}

/* rate x length above 2^32 (sfcapd 1.7.1 truncates it to 32 bits). */
static void c_big_rate(struct sfd *d, uint32_t id)
{
	struct sfd_pkt p;

	eth(&p, 0x0800);
	sfd_pkt_ipv4(&p, SRC4, DST4, 17, 0, 0);
	sfd_pkt_udp(&p, 4789, 4789);
	dgram5(d);
	sample_hdr(d, id, 0, 4000000, 1, 1500, &p);
	sfd_finish(d);
}

static void c_llc_snap(struct sfd *d, uint32_t id)
{
	static const uint8_t snap[8] = { 0xaa, 0xaa, 0x03, 0, 0, 0, 0x08, 0x00 };
	struct sfd_pkt p;

	eth(&p, 100);				/* an 802.3 length */
	sfd_pkt_bytes(&p, snap, sizeof(snap));
	sfd_pkt_ipv4(&p, SRC4, DST4, 6, 0, 0);
	sfd_pkt_tcp(&p, 139, 1025, 0x10);
	one_hdr(d, id, 1, &p);
}

/* A sample with an unknown header protocol, then a good one. */
static void c_unknown_proto_then_good(struct sfd *d, uint32_t id)
{
	struct sfd_pkt p;

	eth(&p, 0x0800);
	sfd_pkt_ipv4(&p, SRC4, DST4, 17, 0, 0);
	sfd_pkt_udp(&p, 67, 68);
	dgram5(d);
	sample_hdr(d, id, 0, 16, 99, 100, &p);
	sample_hdr(d, id, 0, 16, 1, 342, &p);
	sfd_finish(d);
}

static void c_output_multiple(struct sfd *d, uint32_t id)
{
	struct sfd_pkt p;
	struct sfd_mark m;
	size_t el;

	eth(&p, 0x0800);
	sfd_pkt_ipv4(&p, SRC4, DST4, 17, 0, 0);
	sfd_pkt_udp(&p, 5000, 5001);
	dgram5(d);
	sfd_flow5(d, &m, 0, 8, id, 0x80000003);	/* format 2: 3 interfaces */
	el = sfd_el(d, &m, 1);
	sfd_header(d, 1, 70, &p);
	sfd_el_end(d, el);
	sfd_end(d, &m);
	sfd_finish(d);
}

/* An MPLS-labelled packet sampled with header protocol 13: not decoded. */
static void c_mpls_header_proto(struct sfd *d, uint32_t id)
{
	struct sfd_pkt p = { .len = 0 };

	sfd_pkt_mpls(&p, 3000, 0, 1, 64);
	sfd_pkt_ipv4(&p, SRC4, DST4, 6, 0, 0);
	sfd_pkt_tcp(&p, 80, 8080, 0x10);
	one_hdr(d, id, 13, &p);
}

/* 802.11 payload record (1013): cipher suite, then a sampled header. */
static void c_wifi_payload(struct sfd *d, uint32_t id)
{
	struct sfd_pkt p;
	struct sfd_mark m;
	size_t el;

	eth(&p, 0x0800);
	sfd_pkt_ipv4(&p, SRC4, DST4, 17, 0x08, 0);
	sfd_pkt_udp(&p, 5060, 5060);
	dgram5(d);
	sfd_flow5(d, &m, 0, 50, id, 1);
	el = sfd_el(d, &m, 1013);
	sfd_u32(d, 0x000fac04);		/* CCMP */
	sfd_header(d, 1, 400, &p);
	sfd_el_end(d, el);
	sfd_end(d, &m);
	sfd_finish(d);
}

/*
 * A tunnel record (1023, the outer IPv4 header of the tunnel the packet
 * leaves by) after the sampled header: it describes the encapsulation,
 * not the sampled packet.
 */
static void c_tunnel_ipv4_out(struct sfd *d, uint32_t id)
{
	struct sfd_pkt p;
	struct sfd_mark m;
	size_t el;

	eth(&p, 0x0800);
	sfd_pkt_ipv4(&p, SRC4, DST4, 6, 0, 0);
	sfd_pkt_tcp(&p, 1000, 2000, 0x10);
	dgram5(d);
	sfd_flow5(d, &m, 0, 100, id, 1);
	el = sfd_el(d, &m, 1);
	sfd_header(d, 1, 700, &p);
	sfd_el_end(d, el);
	el = sfd_el(d, &m, 1023);
	sfd_ipv4(d, 724, 47, NH4, BGP4, 0, 0, 0, 0);
	sfd_el_end(d, el);
	sfd_end(d, &m);
	sfd_finish(d);
}

const struct sfcase sfcases[] = {
	{ "ipv4_tcp", c_ipv4_tcp, 1 },
	{ "ipv4_udp_expanded", c_ipv4_udp_expanded, 1 },
	{ "ipv4_icmp_echo", c_ipv4_icmp, 1 },
	{ "ipv4_icmp_unreach", c_icmp_unreach, 1 },
	{ "vlan_ipv6_tcp", c_vlan_ipv6_tcp, 1 },
	{ "qinq_ipv4_udp", c_qinq_ipv4_udp, 1 },
	{ "ipv6_ext_udp", c_ipv6_ext_udp, 1 },
	{ "icmpv6_echo", c_icmpv6, 1 },
	{ "mpls_ipv4_tcp", c_mpls_ipv4, 1 },
	{ "arp", c_arp, 1 },
	{ "ipv4_gre", c_ipv4_gre, 1 },
	{ "ipv4_fragment", c_ipv4_fragment, 1 },
	{ "raw_ipv4_udp", c_raw_ipv4, 1 },
	{ "raw_ipv6_tcp", c_raw_ipv6, 1 },
	{ "switch_router_gateway4", c_switch_router_gateway4, 1 },
	{ "router_gateway6", c_router_gateway6, 1 },
	{ "switch_then_tag", c_switch_then_tag, 1 },
	{ "sampled_ipv4", c_sampled_ipv4, 1 },
	{ "sampled_ipv6", c_sampled_ipv6, 1 },
	{ "sampled_eth_ipv4", c_sampled_eth_ipv4, 1 },
	{ "counters_and_flow", c_counters_and_flow, 1 },
	{ "counters_only", c_counters_only, 0 },
	{ "skipped_records", c_skipped_records, 1 },
	{ "two_samples", c_two_samples, 2 },
	{ "sub_agent", c_sub_agent, 1 },
	{ "agent_ipv6", c_agent6, 1 },
	{ "ppp_header", c_ppp_header, 1 },
	{ "wifi_header", c_wifi_header, 1 },
	{ "big_rate", c_big_rate, 1 },
	{ "llc_snap", c_llc_snap, 1 },
	{ "unknown_proto_then_good", c_unknown_proto_then_good, 1 },
	{ "output_multiple", c_output_multiple, 1 },
	{ "mpls_header_proto", c_mpls_header_proto, 1 },
	{ "wifi_payload", c_wifi_payload, 1 },
	{ "tunnel_ipv4_out", c_tunnel_ipv4_out, 1 },
	{ "v4_header_ext", c_v4_header_ext, 1 },
	{ "v4_sampled_ipv4", c_v4_sampled_ipv4, 1 },
	{ "v4_counters_then_flow", c_v4_counters_then_flow, 1 },
	{ "v4_user_url", c_v4_user_url, 1 },
	{ "v4_all_counters", c_v4_all_counters, 1 },
	{ "v2_gateway", c_v2_gateway, 1 },
};
const unsigned sfcases_n = sizeof(sfcases) / sizeof(sfcases[0]);
