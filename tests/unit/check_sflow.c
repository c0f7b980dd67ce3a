/*
 * sFlow decoder tests: the shared datagram cases (tests/tools/sfcases.c)
 * with the values sfcapd 1.7.1 stores for them (or the corrected value,
 * where the decoder documents a correction).  Malformed input and the
 * header parser alone: check_sflow_bad.c.
 */
#include <string.h>

#include "sflow_util.h"
#include "testutil.h"


static uint32_t ip4(uint8_t a, uint8_t b, uint8_t c, uint8_t d)
{
	return (uint32_t)a << 24 | (uint32_t)b << 16 | (uint32_t)c << 8 | d;
}

#define SRC4 ip4(198, 51, 100, 7)
#define DST4 ip4(203, 0, 113, 9)

/* Every case stores the number of records it promises, without error. */
START_TEST(all_cases)
{
	for (unsigned i = 0; i < sfcases_n; i++) {
		struct du_sink s;
		struct flow_err err;
		int rc = run_case(sfcases[i].name, &s, &err, NULL);

		ck_assert_msg(rc == (int)sfcases[i].flows, "%s: %d (%s)", sfcases[i].name, rc,
			      err.msg);
		ck_assert_uint_eq(s.nrecs, sfcases[i].flows);
		for (unsigned k = 0; k < s.nrecs; k++)
			ck_assert_uint_eq(s.recs[k].misc.input, i + 1);
		if (strcmp(sfcases[i].name, "unknown_proto_then_good") != 0)
			ck_assert_msg(err.code == 0, "%s: %s", sfcases[i].name, err.msg);
		du_sink_free(&s);
	}
}
END_TEST

START_TEST(ipv4_tcp)
{
	struct du_sink s;
	struct flow_err err;

	ck_assert_int_eq(run_case("ipv4_tcp", &s, &err, NULL), 1);
	/* exporter: the sender, version 9999, sub agent 0; then the sampler */
	ck_assert_uint_eq(s.nexporters, 1);
	ck_assert_uint_eq(s.exporters[0].version, 9999);
	ck_assert_uint_eq(s.exporters[0].id, 0);
	ck_assert_uint_eq(s.exporters[0].ip.lo, 0x7f000001);
	ck_assert_uint_eq(s.nsamplers, 1);
	ck_assert_int_eq(s.samplers[0].id, -1);
	ck_assert_uint_eq(s.samplers[0].algorithm, 0);
	ck_assert_uint_eq(s.samplers[0].packet_interval, 1);
	ck_assert_uint_eq(s.samplers[0].space_interval, 511);
	ck_assert_uint_eq(s.samplers[0].sysid, 1);

	const struct flow_record *r = &s.recs[0];
	ck_assert_uint_eq(r->present, BASE | BIT(EX_IPV4));
	ck_assert_uint_eq(r->flags, V3_FLAG_SAMPLED);
	ck_assert_uint_eq(r->nfversion, 0x85);
	ck_assert_uint_eq(r->exporter_sysid, 1);
	ck_assert_uint_eq(r->generic.msec_first, DU_RECV_MSEC);
	ck_assert_uint_eq(r->generic.msec_last, DU_RECV_MSEC);
	ck_assert_uint_eq(r->generic.msec_received, DU_RECV_MSEC);
	ck_assert_uint_eq(r->generic.proto, 6);
	ck_assert_uint_eq(r->generic.src_port, 44321);
	ck_assert_uint_eq(r->generic.dst_port, 443);
	ck_assert_uint_eq(r->generic.tcp_flags, 0x12);
	ck_assert_uint_eq(r->generic.src_tos, 0x28);
	ck_assert_uint_eq(r->generic.in_packets, 512);
	ck_assert_uint_eq(r->generic.in_bytes, 512 * 1514);
	ck_assert_uint_eq(r->ipv4.src, SRC4);
	ck_assert_uint_eq(r->ipv4.dst, DST4);
	ck_assert_uint_eq(r->misc.input, 1);
	ck_assert_uint_eq(r->misc.output, 2);
	ck_assert_uint_eq(r->mac.in_src, 0x001122334455ull);
	ck_assert_uint_eq(r->mac.out_dst, 0x66778899aabbull);
	ck_assert_uint_eq(r->mac.in_dst, 0);
	ck_assert_uint_eq(r->recv4.addr, 0x7f000001);
	du_sink_free(&s);
}
END_TEST

START_TEST(l2_cases)
{
	struct du_sink s;
	struct flow_err err;

	ck_assert_int_eq(run_case("qinq_ipv4_udp", &s, &err, NULL), 1);
	ck_assert_uint_eq(s.recs[0].vlan.src_vlan, 300);	/* the inner tag */
	ck_assert_uint_eq(s.recs[0].generic.dst_port, 123);
	du_sink_free(&s);

	ck_assert_int_eq(run_case("vlan_ipv6_tcp", &s, &err, NULL), 1);
	ck_assert_uint_eq(s.recs[0].present, BASE | BIT(EX_IPV6));
	ck_assert_uint_eq(s.recs[0].flags, V3_FLAG_SAMPLED);	/* no "event" bit */
	ck_assert_uint_eq(s.recs[0].vlan.src_vlan, 100);
	ck_assert_uint_eq(s.recs[0].generic.src_tos, 0xb8);
	ck_assert_uint_eq(s.recs[0].ipv6.src.hi, 0x20010db800010000ull);
	ck_assert_uint_eq(s.recs[0].ipv6.src.lo, 7);
	ck_assert_uint_eq(s.recs[0].ipv6.dst.lo, 0xbeef);
	du_sink_free(&s);

	ck_assert_int_eq(run_case("mpls_ipv4_tcp", &s, &err, NULL), 1);
	ck_assert_uint_eq(s.recs[0].present, BASE | BIT(EX_IPV4) | BIT(EX_MPLS));
	ck_assert_uint_eq(s.recs[0].mpls.label[0], 16001u << 4 | 5 << 1);
	ck_assert_uint_eq(s.recs[0].mpls.label[1], 24005u << 4 | 1);
	ck_assert_uint_eq(s.recs[0].mpls.label[2], 0);
	ck_assert_uint_eq(s.recs[0].generic.src_port, 179);
	du_sink_free(&s);

	ck_assert_int_eq(run_case("switch_then_tag", &s, &err, NULL), 1);
	ck_assert_uint_eq(s.recs[0].vlan.src_vlan, 42);	/* header after switch */
	ck_assert_uint_eq(s.recs[0].vlan.dst_vlan, 8);
	du_sink_free(&s);

	ck_assert_int_eq(run_case("arp", &s, &err, NULL), 1);
	ck_assert_uint_eq(s.recs[0].present, BASE | BIT(EX_IPV4));
	ck_assert_uint_eq(s.recs[0].ipv4.src, 0);
	ck_assert_uint_eq(s.recs[0].generic.proto, 0);
	du_sink_free(&s);

	ck_assert_int_eq(run_case("wifi_header", &s, &err, NULL), 1);
	ck_assert_uint_eq(s.recs[0].mac.in_src, 0x001122334455ull);
	ck_assert_uint_eq(s.recs[0].mac.out_dst, 0x66778899aabbull);
	du_sink_free(&s);
}
END_TEST

START_TEST(l4_cases)
{
	struct du_sink s;
	struct flow_err err;

	/* ICMP type/code in dst_port as nfcapd does it (sfcapd: 8 and 0 in the ports) */
	ck_assert_int_eq(run_case("ipv4_icmp_echo", &s, &err, NULL), 1);
	ck_assert_uint_eq(s.recs[0].generic.src_port, 0);
	ck_assert_uint_eq(s.recs[0].generic.dst_port, 8 << 8);
	du_sink_free(&s);
	ck_assert_int_eq(run_case("icmpv6_echo", &s, &err, NULL), 1);
	ck_assert_uint_eq(s.recs[0].generic.proto, 58);
	ck_assert_uint_eq(s.recs[0].generic.dst_port, 128 << 8);
	du_sink_free(&s);

	ck_assert_int_eq(run_case("ipv4_fragment", &s, &err, NULL), 1);
	ck_assert_uint_eq(s.recs[0].generic.proto, 17);
	ck_assert_uint_eq(s.recs[0].generic.src_port, 0);
	ck_assert_uint_eq(s.recs[0].generic.dst_port, 0);
	du_sink_free(&s);

	ck_assert_int_eq(run_case("ipv6_ext_udp", &s, &err, NULL), 1);
	ck_assert_uint_eq(s.recs[0].generic.proto, 17);
	ck_assert_uint_eq(s.recs[0].generic.src_port, 546);
	ck_assert_uint_eq(s.recs[0].generic.dst_port, 547);
	du_sink_free(&s);

	ck_assert_int_eq(run_case("raw_ipv6_tcp", &s, &err, NULL), 1);
	ck_assert_uint_eq(s.recs[0].generic.tcp_flags, 0x11);
	ck_assert_uint_eq(s.recs[0].generic.src_tos, 0x20);
	ck_assert_uint_eq(s.recs[0].mac.in_src, 0);
	du_sink_free(&s);

	/* an 802.11 payload record carries a sampled header like format 1 */
	ck_assert_int_eq(run_case("wifi_payload", &s, &err, NULL), 1);
	ck_assert_uint_eq(s.recs[0].generic.src_port, 5060);
	ck_assert_uint_eq(s.recs[0].generic.src_tos, 0x08);
	ck_assert_uint_eq(s.recs[0].generic.in_bytes, 50 * 400);
	du_sink_free(&s);

	/* header protocol 13 (MPLS) is not decoded, as in sfcapd */
	ck_assert_int_eq(run_case("mpls_header_proto", &s, &err, NULL), 1);
	ck_assert_uint_eq(s.recs[0].present, BASE | BIT(EX_IPV4));
	ck_assert_uint_eq(s.recs[0].generic.proto, 0);
	du_sink_free(&s);

	ck_assert_int_eq(run_case("ipv4_gre", &s, &err, NULL), 1);
	ck_assert_uint_eq(s.recs[0].generic.proto, 47);
	ck_assert_uint_eq(s.recs[0].generic.dst_port, 0);
	du_sink_free(&s);
}
END_TEST

START_TEST(extended_cases)
{
	struct du_sink s;
	struct flow_err err;
	const struct flow_record *r;

	ck_assert_int_eq(run_case("switch_router_gateway4", &s, &err, NULL), 1);
	r = &s.recs[0];
	ck_assert_uint_eq(r->present, BASE | BIT(EX_IPV4) | BIT(EX_IP_NH4) | BIT(EX_BGP_NH4));
	ck_assert_uint_eq(r->vlan.src_vlan, 10);
	ck_assert_uint_eq(r->vlan.dst_vlan, 20);
	ck_assert_uint_eq(r->ip_nh4.addr, ip4(192, 0, 2, 254));
	ck_assert_uint_eq(r->bgp_nh4.addr, ip4(192, 0, 2, 253));
	ck_assert_uint_eq(r->misc.src_mask, 24);
	ck_assert_uint_eq(r->misc.dst_mask, 16);
	ck_assert_uint_eq(r->as.src_as, 65001);
	ck_assert_uint_eq(r->as.dst_as, 65004);
	ck_assert_uint_eq(r->misc.output, 77);
	du_sink_free(&s);

	/* an IPv6 BGP next hop is EX_BGP_NH6 (sfcapd 1.7.1: a second EX_RECV6) */
	ck_assert_int_eq(run_case("router_gateway6", &s, &err, NULL), 1);
	r = &s.recs[0];
	ck_assert_uint_eq(r->present, BASE | BIT(EX_IPV6) | BIT(EX_IP_NH6) | BIT(EX_BGP_NH6));
	ck_assert_uint_eq(r->ip_nh6.addr.hi, 0xfe80000000000000ull);
	ck_assert_uint_eq(r->ip_nh6.addr.lo, 1);
	ck_assert_uint_eq(r->bgp_nh6.addr.hi, 0x20010db8ff000000ull);
	ck_assert_uint_eq(r->bgp_nh6.addr.lo, 2);
	ck_assert_uint_eq(r->as.dst_as, 64512);
	ck_assert_uint_eq(r->misc.src_mask, 48);
	du_sink_free(&s);

	ck_assert_int_eq(run_case("v2_gateway", &s, &err, NULL), 1);
	ck_assert_uint_eq(s.recs[0].nfversion, 0x82);
	ck_assert_uint_eq(s.recs[0].as.src_as, 702);
	ck_assert_uint_eq(s.recs[0].as.dst_as, 3356);
	ck_assert_uint_eq(s.recs[0].misc.output, 6);
	du_sink_free(&s);

	ck_assert_int_eq(run_case("v4_header_ext", &s, &err, NULL), 1);
	r = &s.recs[0];
	ck_assert_uint_eq(r->nfversion, 0x84);
	ck_assert_uint_eq(r->present, BASE | BIT(EX_IPV4) | BIT(EX_IP_NH4));
	ck_assert_uint_eq(r->as.dst_as, 65200);
	ck_assert_uint_eq(r->vlan.dst_vlan, 12);
	ck_assert_uint_eq(r->misc.dst_mask, 30);
	du_sink_free(&s);

	/* a tunnel record describes the encapsulation, not the sampled packet */
	ck_assert_int_eq(run_case("tunnel_ipv4_out", &s, &err, NULL), 1);
	ck_assert_uint_eq(s.recs[0].generic.proto, 6);
	ck_assert_uint_eq(s.recs[0].generic.dst_port, 2000);
	ck_assert_uint_eq(s.recs[0].generic.in_bytes, 100 * 700);
	du_sink_free(&s);

	ck_assert_int_eq(run_case("output_multiple", &s, &err, NULL), 1);
	ck_assert_uint_eq(s.recs[0].misc.output, 3);	/* format bits masked off */
	du_sink_free(&s);
}
END_TEST

/* Sampled IPv4/IPv6 records carry the addresses (sfcapd 1.7.1 drops them). */
START_TEST(sampled_records)
{
	struct du_sink s;
	struct flow_err err;

	ck_assert_int_eq(run_case("sampled_ipv4", &s, &err, NULL), 1);
	ck_assert_uint_eq(s.recs[0].ipv4.src, SRC4);
	ck_assert_uint_eq(s.recs[0].generic.in_bytes, 400 * 576);
	ck_assert_uint_eq(s.recs[0].generic.tcp_flags, 0x1b);
	ck_assert_uint_eq(s.recs[0].generic.src_tos, 0x48);
	du_sink_free(&s);

	ck_assert_int_eq(run_case("sampled_ipv6", &s, &err, NULL), 1);
	ck_assert_uint_eq(s.recs[0].present, BASE | BIT(EX_IPV6));
	ck_assert_uint_eq(s.recs[0].ipv6.dst.lo, 0xbeef);
	ck_assert_uint_eq(s.recs[0].generic.src_port, 53);
	du_sink_free(&s);

	ck_assert_int_eq(run_case("sampled_eth_ipv4", &s, &err, NULL), 1);
	ck_assert_uint_eq(s.recs[0].mac.in_src, 0x001122334455ull);
	ck_assert_uint_eq(s.recs[0].generic.in_bytes, 64 * 1500);
	du_sink_free(&s);

	ck_assert_int_eq(run_case("v4_sampled_ipv4", &s, &err, NULL), 1);
	ck_assert_uint_eq(s.recs[0].ipv4.dst, DST4);
	ck_assert_uint_eq(s.recs[0].generic.in_bytes, 50 * 999);
	du_sink_free(&s);
}
END_TEST

START_TEST(exporters_and_counters)
{
	struct du_sink s;
	struct flow_err err;
	struct flow_decoder *dec;

	/* counter samples: counted; no record, no exporter */
	ck_assert_int_eq(run_case("counters_only", &s, &err, &dec), 0);
	ck_assert_uint_eq(s.nexporters, 0);
	ck_assert_uint_eq(flow_decoder_counters(dec)->counter_samples, 2);
	flow_decoder_free(dec);
	du_sink_free(&s);

	ck_assert_int_eq(run_case("v4_counters_then_flow", &s, &err, &dec), 1);
	ck_assert_uint_eq(flow_decoder_counters(dec)->counter_samples, 1);
	ck_assert_uint_eq(s.recs[0].generic.dst_port, 162);
	flow_decoder_free(dec);
	du_sink_free(&s);

	/* counter samples of all seven v2/v4 versions are sized and skipped */
	ck_assert_int_eq(run_case("v4_all_counters", &s, &err, &dec), 1);
	ck_assert_uint_eq(flow_decoder_counters(dec)->counter_samples, 7);
	ck_assert_uint_eq(s.recs[0].generic.src_port, 3389);
	flow_decoder_free(dec);
	du_sink_free(&s);

	/* two rates: one sampler, of the first */
	ck_assert_int_eq(run_case("two_samples", &s, &err, NULL), 2);
	ck_assert_uint_eq(s.nsamplers, 1);
	ck_assert_uint_eq(s.samplers[0].space_interval, 9);
	ck_assert_uint_eq(s.recs[1].generic.in_packets, 20);
	ck_assert_uint_eq(s.recs[1].generic.in_bytes, 4000);
	du_sink_free(&s);

	ck_assert_int_eq(run_case("sub_agent", &s, &err, NULL), 1);
	ck_assert_uint_eq(s.exporters[0].id, 7);
	du_sink_free(&s);

	ck_assert_int_eq(run_case("big_rate", &s, &err, NULL), 1);
	ck_assert_uint_eq(s.recs[0].generic.in_bytes, 6000000000ull);
	du_sink_free(&s);
}
END_TEST

/* Two datagrams from one sender and sub agent share the exporter. */
START_TEST(exporter_reuse)
{
	static struct sfd d;
	struct flow_decoder *dec = new_dec();
	struct sockaddr_in sa;
	struct du_sink s;
	struct flow_err err;
	unsigned i = case_index("ipv4_tcp"), k = case_index("sub_agent");

	du_sink_init(&s);
	du_addr4(&sa, 0);
	sfcases[i].build(&d, 1);
	ck_assert_int_eq(du_feed(dec, &sa, d.b, d.len, &s, &err), 1);
	ck_assert_int_eq(du_feed(dec, &sa, d.b, d.len, &s, &err), 1);
	sfcases[k].build(&d, 2);
	ck_assert_int_eq(du_feed(dec, &sa, d.b, d.len, &s, &err), 1);
	ck_assert_uint_eq(s.nexporters, 2);
	ck_assert_uint_eq(s.nsamplers, 2);
	ck_assert_uint_eq(s.recs[1].exporter_sysid, 1);
	ck_assert_uint_eq(s.recs[2].exporter_sysid, 2);
	flow_decoder_free(dec);
	du_sink_free(&s);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("sflow");
	TCase *tc = tcase_create("sflow");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, all_cases);
	tcase_add_test(tc, ipv4_tcp);
	tcase_add_test(tc, l2_cases);
	tcase_add_test(tc, l4_cases);
	tcase_add_test(tc, extended_cases);
	tcase_add_test(tc, sampled_records);
	tcase_add_test(tc, exporters_and_counters);
	tcase_add_test(tc, exporter_reuse);
	suite_add_tcase(s, tc);
	return tu_run(s) ? 1 : 0;
}
