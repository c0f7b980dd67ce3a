/*
 * output_crafted.c - records that carry every element, written to a file
 * for the comparisons with the installed nfdump (check_output_crafted.c).
 */
#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "file/nffile.h"
#include "output/output.h"
#include "record/v1.h"
#include "testutil.h"
#include "util/alloc.h"
#include "output_util.h"

/* --- crafted records: every element, compared with nfdump 1.7.1 --- */

static const uint8_t text_payload[] = "GET /index.html HTTP/1.1\r\nHost: example.org\r\n\r\n";
static const uint8_t bin16[16] = { 0x16, 0x03, 0x01, 0x00, 0xa5, 0x01, 0x00, 0x00,
				   0xa1, 0x03, 0x03, 0x7e, 0x41, 0x20, 0x7f, 0x80 };
static const uint8_t nbar_pen[] = { 20, 0x00, 0x00, 0x0d, 0x9a, 0x00, 0x01, 0x02 };
static const uint8_t nbar_plain[] = { 13, 0x00, 0x50 };
static const uint8_t nbar_long[20] = { 3, 1, 2, 3 };
static const uint8_t pf_em0[] = "em0\0\0\0\0";
static const uint8_t pf_long[] = "averyveryverylongifname";
static const uint8_t label_txt[] = "mylabel!";
static uint8_t bin37[37];


static struct flow_ip6 ip6(uint64_t hi, uint64_t lo)
{
	return (struct flow_ip6){ hi, lo };
}

static void base(struct flow_record *r, uint8_t proto, uint8_t nfversion)
{
	flow_record_clear(r);
	SET(r, EX_GENERIC);
	r->nfversion = nfversion;
	r->engine_type = 3;
	r->engine_id = 4;
	r->exporter_sysid = 7;
	r->generic.msec_first = 1700000000123ULL;
	r->generic.msec_last = 1700000005456ULL;
	r->generic.msec_received = 1795713670766ULL;
	r->generic.in_packets = 42;
	r->generic.in_bytes = 4242;
	r->generic.proto = proto;
}

/* IPv4 TCP with every element that goes with it. */
static void rec_ipv4_all(struct flow_record *r)
{
	base(r, 6, 10);
	r->generic.in_packets = 12345678901ULL;
	r->generic.in_bytes = 9876543210ULL;
	r->generic.src_port = 443;
	r->generic.dst_port = 51000;
	r->generic.tcp_flags = 0x3f;
	r->generic.fwd_status = 64;
	r->generic.src_tos = 0x20;
	SET(r, EX_IPV4);
	r->ipv4 = (struct ex_ipv4){ 0xc0a8010a, 0x0a000001 };
	SET(r, EX_MISC);
	r->misc = (struct ex_misc){ .input = 70000, .output = 3, .src_mask = 24, .dst_mask = 16,
				    .dir = 1, .dst_tos = 8, .biflow_dir = 2, .end_reason = 3 };
	SET(r, EX_CNT);
	r->cnt = (struct ex_cnt){ 0, 5, 700 };
	SET(r, EX_VLAN);
	r->vlan = (struct ex_vlan){ 100, 70000 };
	SET(r, EX_AS);
	r->as = (struct ex_as){ 65001, 4200000000U };
	SET(r, EX_BGP_NH4);
	r->bgp_nh4.addr = 0x0a0000fe;
	SET(r, EX_IP_NH4);
	r->ip_nh4.addr = 0x0a0000fd;
	SET(r, EX_RECV4);
	r->recv4.addr = 0x7f000001;
	SET(r, EX_MPLS);
	r->mpls.label[0] = 1000 << 4 | 3 << 1;
	r->mpls.label[2] = 20 << 4 | 1;
	SET(r, EX_MAC);
	r->mac = (struct ex_mac){ 0x001122334455ULL, 0x0affeeddccbbULL, 0x020000000001ULL, 0 };
	SET(r, EX_AS_ADJ);
	r->as_adj = (struct ex_as_adj){ 1, 123456 };
	SET(r, EX_LATENCY);
	r->latency = (struct ex_latency){ 1500, 250000, 3 };
	SET(r, EX_SAMPLER);
	r->sampler.v178.selector_id = 9;
	SET(r, EX_NSEL_COMMON);
	r->nsel_common = (struct ex_nsel_common){ 1700000000999ULL, 12345, 1002, 3, 0 };
	SET(r, EX_NAT_XLATE4);
	r->nat_xlate4 = (struct ex_nat_xlate4){ 0x01020304, 0x05060708 };
	SET(r, EX_NAT_XLATE_PORT);
	r->nat_xlate_port = (struct ex_nat_xlate_port){ 1024, 2048 };
	SET(r, EX_NSEL_ACL);
	r->nsel_acl = (struct ex_nsel_acl){ { htonl(0x11223344), htonl(1), htonl(2) },
					    { htonl(0xdead), 0, htonl(0xffffffff) } };
	SET(r, EX_NSEL_USER);
	snprintf(r->nsel_user.username, sizeof(r->nsel_user.username), "alice");
	SET(r, EX_NAT_PORT_BLOCK);
	r->nat_port_block = (struct ex_nat_port_block){ 1000, 2000, 1, 1000 };
	SET(r, EX_NBAR);
	r->nbar = BYTES(nbar_pen);
	SET(r, EX_LABEL);
	r->label = BYTES(label_txt);
	SET(r, EX_IN_PAYLOAD);
	r->in_payload = (struct flow_bytes){ text_payload, (uint16_t)(sizeof(text_payload) - 1) };
	SET(r, EX_OUT_PAYLOAD);
	for (size_t i = 0; i < sizeof(bin37); i++)
		bin37[i] = (uint8_t)(i * 7 + 30);
	r->out_payload = BYTES(bin37);
	SET(r, EX_TUN4);
	r->tun4 = (struct ex_tun4){ 0x0a0a0a01, 0x0a0a0a02, 47 };
	SET(r, EX_OBSERVATION);
	r->observation = (struct ex_observation){ 0x123456789aULL, 0x42, 0 };
	SET(r, EX_VRF);
	r->vrf = (struct ex_vrf){ 5, 6 };
	SET(r, EX_PFINFO);
	r->pfinfo = (struct ex_pfinfo){ 1, 5, 1, 0, 42, 0, 0, 0 };
	r->pf_ifname = BYTES(pf_em0);
}

/* IPv6 UDP: the v6 elements, a NAT event on its own, a v6 tunnel. */
static void rec_ipv6_all(struct flow_record *r)
{
	base(r, 17, 9);
	r->generic.src_port = 5000;
	r->generic.dst_port = 5353;
	r->generic.src_tos = 7;
	SET(r, EX_IPV6);
	r->ipv6.src = ip6(0x20010db800010000ULL, 0x10);
	r->ipv6.dst = ip6(0x20010db800020000ULL, 0x0000000100000020ULL);
	SET(r, EX_MISC);
	r->misc = (struct ex_misc){ .input = 1, .output = 2, .src_mask = 48, .dst_mask = 100,
				    .biflow_dir = 9, .end_reason = 77 };
	SET(r, EX_CNT);
	r->cnt = (struct ex_cnt){ 3, 1, 99 };
	SET(r, EX_BGP_NH6);
	r->bgp_nh6.addr = ip6(0xfe80000000000000ULL, 1);
	SET(r, EX_IP_NH6);
	r->ip_nh6.addr = ip6(0xfe80000000000000ULL, 2);
	SET(r, EX_RECV6);
	r->recv6.addr = ip6(0, 1);
	SET(r, EX_NAT_XLATE6);
	r->nat_xlate6 = (struct ex_nat_xlate6){ ip6(0x2001000000000000ULL, 5), ip6(0, 0) };
	SET(r, EX_NAT_COMMON);
	r->nat_common = (struct ex_nat_common){ 1700000001000ULL, 17, 1, 0, 0 };
	SET(r, EX_TUN6);
	r->tun6 = (struct ex_tun6){ ip6(0x20010db8ULL << 32, 1), ip6(0x20010db8ULL << 32, 2), 41, 0 };
	SET(r, EX_INMON_META);
	r->inmon_meta = (struct ex_inmon_meta){ 1500, 1 };
}

/* ICMP type 3 code 3, and NSEL plus NAT events sharing one slot. */
static void rec_icmp_events(struct flow_record *r)
{
	base(r, 1, 5);
	r->generic.dst_port = 3 << 8 | 3;
	r->generic.tcp_flags = 0x12;
	SET(r, EX_IPV4);
	r->ipv4 = (struct ex_ipv4){ 0x0a000003, 0x08080808 };
	SET(r, EX_RECV4);
	r->recv4.addr = 0x7f000001;
	SET(r, EX_NSEL_COMMON);
	r->nsel_common = (struct ex_nsel_common){ 1700000000999ULL, 1, 77, 9, 0 };
	SET(r, EX_NAT_COMMON);
	r->nat_common = (struct ex_nat_common){ 400, 1, 2, 0, 0 };
}

/* ICMPv6 with both v4 and v6 of every address kind (shared slots). */
static void rec_overlays(struct flow_record *r)
{
	base(r, 58, 10);
	r->generic.dst_port = 128 << 8;
	SET(r, EX_IPV4);
	r->ipv4 = (struct ex_ipv4){ 0x01010101, 0x02020202 };
	SET(r, EX_IPV6);
	r->ipv6.src = ip6(0x20010db800000000ULL, 0xc0a80001);
	r->ipv6.dst = ip6(0, 0);
	SET(r, EX_MISC);
	r->misc.src_mask = 65;
	r->misc.dst_mask = 128;
	SET(r, EX_BGP_NH4);
	r->bgp_nh4.addr = 0x0b0b0b0b;
	SET(r, EX_BGP_NH6);
	r->bgp_nh6.addr = ip6(0x20010db8ULL << 32, 0xa0b0c0d);
	SET(r, EX_IP_NH4);
	r->ip_nh4.addr = 0x0c0c0c0c;
	SET(r, EX_IP_NH6);
	r->ip_nh6.addr = ip6(0x20010db8ULL << 32, 0xffff0a0b0c0dULL);
	SET(r, EX_RECV4);
	r->recv4.addr = 0x0d0d0d0d;
	SET(r, EX_RECV6);
	r->recv6.addr = ip6(0, 0xffff7f000001ULL);
	SET(r, EX_NAT_XLATE4);
	r->nat_xlate4 = (struct ex_nat_xlate4){ 0x0e0e0e0e, 0x0f0f0f0f };
	SET(r, EX_NAT_XLATE6);
	r->nat_xlate6 = (struct ex_nat_xlate6){ ip6(1, 2), ip6(3, 4) };
	SET(r, EX_TUN4);
	r->tun4 = (struct ex_tun4){ 1, 2, 4 };
	SET(r, EX_TUN6);
	r->tun6 = (struct ex_tun6){ ip6(0, 5), ip6(0, 6), 300, 0 };
}

/* Odd values: all flags, sFlow, unknown protocol, masks past 32, times 0. */
static void rec_odd(struct flow_record *r)
{
	base(r, 200, 0x85);
	r->flags = V3_FLAG_EVENT | V3_FLAG_SAMPLED | V3_FLAG_ANON;
	r->generic.msec_first = 500;
	r->generic.msec_last = 0;
	r->generic.msec_received = 999;
	r->generic.tcp_flags = 0xff;
	r->generic.src_port = 65535;
	SET(r, EX_IPV4);
	r->ipv4 = (struct ex_ipv4){ 0xffffffff, 0x80808080 };
	SET(r, EX_MISC);
	r->misc.src_mask = 65;
	r->misc.dst_mask = 33;
	SET(r, EX_NBAR);
	r->nbar = BYTES(nbar_long);
	SET(r, EX_IN_PAYLOAD);
	r->in_payload = (struct flow_bytes){ NULL, 0 };
}

/* No generic element; legacy version 0; anonymised; a plain NBAR id. */
static void rec_no_generic(struct flow_record *r)
{
	flow_record_clear(r);
	r->flags = V3_FLAG_ANON;
	SET(r, EX_IPV4);
	r->ipv4 = (struct ex_ipv4){ 0x0a000001, 0x0a000002 };
	SET(r, EX_AS);
	r->as = (struct ex_as){ 1, 2 };
	SET(r, EX_NBAR);
	r->nbar = BYTES(nbar_plain);
}

/* nfpcapd: payloads of 16 and 8 bytes, every MPLS label, long names. */
static void rec_pcap(struct flow_record *r)
{
	base(r, 6, 0x41);
	r->generic.tcp_flags = 0x02;
	SET(r, EX_IPV4);
	SET(r, EX_MPLS);
	for (int i = 0; i < 10; i++)
		r->mpls.label[i] = (uint32_t)(i * 100000 + i) << 4 | (uint32_t)i;
	SET(r, EX_IN_PAYLOAD);
	r->in_payload = BYTES(bin16);
	SET(r, EX_OUT_PAYLOAD);
	r->out_payload = (struct flow_bytes){ bin16, 8 };
	SET(r, EX_NSEL_USER);
	memset(r->nsel_user.username, 'u', sizeof(r->nsel_user.username));
	SET(r, EX_PFINFO);
	r->pfinfo = (struct ex_pfinfo){ 0, 20, 0, 0, 70000, 0, 0, 0 };
	r->pf_ifname = BYTES(pf_long);
	SET(r, EX_CNT);
	r->cnt.flows = 7;
}

/* csv's BGP next hop column: v6 BGP next hop with v4, none, v6 IP next hop. */
static void rec_bgp6(struct flow_record *r, int ip_nh)
{
	base(r, 6, 9);
	SET(r, EX_IPV4);
	r->ipv4 = (struct ex_ipv4){ 0x0a000001, 0x0a000002 };
	SET(r, EX_BGP_NH6);
	r->bgp_nh6.addr = ip6(0x20010db8ULL << 32, 9);
	if (ip_nh == 4) {
		SET(r, EX_IP_NH4);
		r->ip_nh4.addr = 0x0a0000fe;
	} else if (ip_nh == 6) {
		SET(r, EX_IP_NH6);
		r->ip_nh6.addr = ip6(0x20010db8ULL << 32, 0xfe);
	}
}

/*
 * DNS payloads (port 53): a UDP response with one answer of each kind
 * 1.7.1 names (SOA last: 1.7.1 does not skip its rdata); a TCP one with
 * the length prefix, A6 and RRSIG; a short one; undecodable names.
 */
static const uint8_t dns_udp[] = {
	0x12, 0x34, 0x81, 0x80, 0, 1, 0, 7, 0, 0, 0, 0,
	3, 'w', 'w', 'w', 7, 'e', 'x', 'a', 'm', 'p', 'l', 'e', 3, 'o', 'r', 'g', 0, 0, 1, 0, 1,
	0xc0, 0x0c, 0, 1, 0, 1, 0, 0, 1, 44, 0, 4, 93, 184, 216, 34,
	0xc0, 0x0c, 0, 28, 0, 1, 0, 0, 1, 44, 0, 16,
	0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1,
	0xc0, 0x0c, 0, 5, 0, 1, 0, 0, 0, 60, 0, 6, 3, 'c', 'd', 'n', 0xc0, 0x10,
	0xc0, 0x10, 0, 2, 0, 1, 0, 0, 14, 16, 0, 6, 3, 'n', 's', '1', 0xc0, 0x10,
	0xc0, 0x0c, 0, 16, 0, 1, 0, 0, 0, 1, 0, 6, 5, 'h', 'e', 'l', 'l', 'o',
	0xc0, 0x0c, 0, 15, 0, 1, 0, 0, 0, 1, 0, 4, 0, 10, 0xc0, 0x10,
	0xc0, 0x10, 0, 6, 0, 1, 0, 0, 0, 1, 0, 35, 0xc0, 0x10,
	10, 'h', 'o', 's', 't', 'm', 'a', 's', 't', 'e', 'r', 0xc0, 0x10,
	0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0, 3, 0, 0, 0, 4, 0, 0, 0, 5,
};
static const uint8_t dns_tcp[] = {
	0, 53, 0xab, 0xcd, 0x81, 0x80, 0, 1, 0, 2, 0, 0, 0, 0,
	1, 'a', 1, 'b', 0, 0, 28, 0, 1,
	0xc0, 0x0c, 0, 38, 0, 1, 0, 0, 0, 9, 0, 16,
	0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 9,
	0xc0, 0x0c, 0, 46, 0, 1, 0, 0, 0, 9, 0, 4, 1, 2, 3, 4,
};
static const uint8_t dns_short[] = { 1, 2, 3, 4, 5, 6, 7, 8 };
static const uint8_t dns_bad_query[] = { 0, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0x3f, 'A' };
static const uint8_t dns_bad_answer[] = { 0, 1, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0xc0, 0xff };

static void rec_dns(struct flow_record *r, uint8_t proto, const uint8_t *p, size_t n)
{
	base(r, proto, 9);
	r->generic.src_port = 53;
	r->generic.dst_port = 40000;
	SET(r, EX_IPV4);
	SET(r, EX_IN_PAYLOAD);
	r->in_payload = (struct flow_bytes){ p, (uint16_t)n };
}

#define NCRAFTED 15

static void crafted(struct flow_record r[NCRAFTED])
{
	rec_ipv4_all(&r[0]);
	rec_ipv6_all(&r[1]);
	rec_icmp_events(&r[2]);
	rec_overlays(&r[3]);
	rec_odd(&r[4]);
	rec_no_generic(&r[5]);
	rec_pcap(&r[6]);
	rec_bgp6(&r[7], 4);
	rec_bgp6(&r[8], 0);
	rec_bgp6(&r[9], 6);
	rec_dns(&r[10], 17, dns_udp, sizeof(dns_udp));
	rec_dns(&r[11], 6, dns_tcp, sizeof(dns_tcp));
	rec_dns(&r[12], 17, dns_short, sizeof(dns_short));
	rec_dns(&r[13], 17, dns_bad_query, sizeof(dns_bad_query));
	rec_dns(&r[14], 17, dns_bad_answer, sizeof(dns_bad_answer));
}

void ot_write_crafted(const char *path)
{
	static struct flow_record recs[NCRAFTED];
	struct nffile_opts o = { .compression = CODEC_NONE, .ident = "crafted" };
	struct flow_err err = { 0 };
	struct nfwriter *w;

	crafted(recs);
	ck_assert_msg(nffile_create(&w, path, &o, &err) == 0, "%s", err.msg);
	for (int i = 0; i < NCRAFTED; i++)
		ck_assert_msg(nfwriter_put_flow(w, &recs[i], &err) == 0, "%s", err.msg);
	ck_assert_msg(nffile_finish(w, &err) == 0, "%s", err.msg);
}
