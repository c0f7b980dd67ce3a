/*
 * check_v1_maps.c - every id in one map, record flags and counter widths,
 * record reuse, map replacement, every map id, the empty map.
 */
#include <stdint.h>
#include <string.h>

#include "record/v1.h"
#include "util/endian.h"
#include "testutil.h"
#include "v1_build.h"

#define REP32(b) (0x01010101U * (uint32_t)(b))
#define REP64(b) (0x0101010101010101ULL * (uint64_t)(b))

START_TEST(test_all_in_one)
{
	struct flow_v1_maps *m = v1t_new_maps();
	uint8_t rec[1024];
	struct flow_record r;
	struct flow_err err = { 0 };

	v1t_add_map(m, 77, v1t_big_ids, sizeof(v1t_big_ids) / sizeof(v1t_big_ids[0]));
	size_t len = v1t_mk_big(rec, 0x07);	/* IPv6, 64-bit counters */

	flow_record_clear(&r);
	ck_assert_msg(flow_record_decode_v1(&r, m, rec, len, &err) == (int)len, "%s", err.msg);
	ck_assert_uint_eq(r.present, BIT(1) | BIT(3) | BIT(4) | BIT(5) | BIT(6) | BIT(7) | BIT(8) |
			  BIT(9) | BIT(10) | BIT(11) | BIT(12) | BIT(13) | BIT(14) | BIT(15) |
			  BIT(16) | BIT(17) | BIT(19) | BIT(20) | BIT(21) | BIT(22) | BIT(23) |
			  BIT(24) | BIT(25) | BIT(26) | BIT(36));
	ck_assert_uint_eq(r.ipv6.dst.lo, 2);
	ck_assert_uint_eq(r.generic.in_packets, 5);
	ck_assert_uint_eq(r.generic.in_bytes, 500);
	ck_assert_uint_eq(r.misc.input, REP32(5));
	ck_assert_uint_eq(r.as.dst_as, REP32(7));
	ck_assert_uint_eq(r.misc.dst_mask, 8);
	ck_assert_uint_eq(r.ip_nh4.addr, REP32(9));
	ck_assert_uint_eq(r.ip_nh6.addr.lo, REP64(10));
	ck_assert_uint_eq(r.bgp_nh4.addr, REP32(11));
	ck_assert_uint_eq(r.bgp_nh6.addr.lo, REP64(12));
	ck_assert_uint_eq(r.vlan.dst_vlan, 0x0d0d);
	ck_assert_uint_eq(r.cnt.out_packets, REP64(15));
	ck_assert_uint_eq(r.cnt.out_bytes, REP64(17));
	ck_assert_uint_eq(r.cnt.flows, REP64(19));
	ck_assert_uint_eq(r.mac.out_dst, REP64(20));
	ck_assert_uint_eq(r.mac.out_src, REP64(21));
	ck_assert_uint_eq(r.mpls.label[9], REP32(22));
	ck_assert_uint_eq(r.recv4.addr, REP32(23));
	ck_assert_uint_eq(r.recv6.addr.lo, REP64(24));
	ck_assert_uint_eq(r.engine_id, 25);
	ck_assert_uint_eq(r.as_adj.prev_as, REP32(26));
	ck_assert_uint_eq(r.generic.msec_received, REP64(27));
	ck_assert_uint_eq(r.nsel_common.conn_id, REP32(37));
	ck_assert_uint_eq(r.nat_xlate_port.dst, 0x2626);
	ck_assert_uint_eq(r.nat_xlate4.dst, REP32(39));
	ck_assert_uint_eq(r.nat_xlate6.dst.lo, REP64(40));
	ck_assert_uint_eq(r.nsel_acl.egress[2], REP32(41));
	ck_assert_uint_eq(strlen(r.nsel_user.username), 65);
	ck_assert_uint_eq(r.latency.appl_usec, REP64(45));
	ck_assert_uint_eq(r.vrf.ingress_vrf, REP32(46));
	ck_assert_uint_eq(r.nat_port_block.size, 0x3030);
	ck_assert_uint_eq(r.flags, V3_FLAG_EVENT);
	flow_v1_maps_free(m);
}
END_TEST

START_TEST(test_record_flags)
{
	struct flow_v1_maps *m = v1t_new_maps();
	uint16_t id = 28;	/* reserved, 0 bytes: an effectively empty map */
	uint8_t rec[128];
	struct flow_record r;
	struct flow_err err = { 0 };
	static const struct { unsigned in, out; } cases[] = {
		{ 0x40, V3_FLAG_EVENT }, { 0x80, V3_FLAG_SAMPLED },
		{ 0xc0, V3_FLAG_EVENT | V3_FLAG_SAMPLED },
		{ 0x38, 0 },	/* v6 next hop / bgp / exporter: the map decides */
	};

	v1t_add_map(m, 1, &id, 1);
	flow_record_clear(&r);
	for (size_t i = 0; i < 4; i++) {
		size_t len = v1t_mk_rec(rec, cases[i].in, 1, NULL, 0);

		ck_assert_int_eq(flow_record_decode_v1(&r, m, rec, len, &err), (int)len);
		ck_assert_uint_eq(r.flags, cases[i].out);
		ck_assert_uint_eq(r.present, BASE);
	}
	/* each counter width on its own */
	for (unsigned f = 0; f < 8; f++) {
		size_t len = v1t_mk_rec(rec, f, 1, NULL, 0);

		ck_assert_int_eq(flow_record_decode_v1(&r, m, rec, len, &err), (int)len);
		ck_assert_uint_eq(len, 32 + (f & 1 ? 32 : 8) + (f & 2 ? 8 : 4) + (f & 4 ? 8 : 4));
		ck_assert_uint_eq(r.generic.in_packets, 5);
		ck_assert_uint_eq(r.generic.in_bytes, 500);
		ck_assert_uint_eq(r.present, BIT(EX_GENERIC) | BIT(f & 1 ? EX_IPV6 : EX_IPV4));
	}
	flow_v1_maps_free(m);
}
END_TEST

/* A reused record equals a freshly cleared one after the next decode. */
START_TEST(test_reuse)
{
	struct flow_v1_maps *m = v1t_new_maps();
	uint16_t id = 25;
	uint8_t big[1024], small[128], d[4] = { 0 };
	struct flow_record reused, fresh;
	struct flow_err err = { 0 };

	v1t_add_map(m, 77, v1t_big_ids, sizeof(v1t_big_ids) / sizeof(v1t_big_ids[0]));
	v1t_add_map(m, 2, &id, 1);
	size_t blen = v1t_mk_big(big, 0x07), slen = v1t_mk_rec(small, 0, 2, d, 4);

	flow_record_clear(&reused);
	flow_record_clear(&fresh);
	ck_assert_int_eq(flow_record_decode_v1(&reused, m, big, blen, &err), (int)blen);
	ck_assert_int_eq(flow_record_decode_v1(&reused, m, small, slen, &err), (int)slen);
	ck_assert_int_eq(flow_record_decode_v1(&fresh, m, small, slen, &err), (int)slen);
	ck_assert_mem_eq(&reused, &fresh, sizeof(fresh));
	flow_v1_maps_free(m);
}
END_TEST

/* A later map with the same id replaces the earlier one. */
START_TEST(test_map_replacement)
{
	struct flow_v1_maps *m = v1t_new_maps();
	uint16_t snmp = 4, as = 7;
	uint8_t d[8], rec_a[128], rec_b[128];
	struct flow_record r;
	struct flow_err err = { 0 };

	v1t_fill_pattern(d, sizeof(d));
	size_t la = v1t_mk_rec(rec_a, 0, 5, d, 4), lb = v1t_mk_rec(rec_b, 0, 5, d, 8);

	flow_record_clear(&r);
	v1t_add_map(m, 5, &snmp, 1);
	ck_assert_int_eq(flow_record_decode_v1(&r, m, rec_a, la, &err), (int)la);
	ck_assert_uint_eq(r.present, BASE | BIT(EX_MISC));
	ck_assert_int_eq(flow_record_decode_v1(&r, m, rec_b, lb, &err), FLOW_EFORMAT);

	v1t_add_map(m, 5, &as, 1);
	ck_assert_int_eq(flow_record_decode_v1(&r, m, rec_a, la, &err), FLOW_EFORMAT);
	ck_assert_ptr_nonnull(strstr(err.msg, "map 5"));
	ck_assert_int_eq(flow_record_decode_v1(&r, m, rec_b, lb, &err), (int)lb);
	ck_assert_uint_eq(r.present, BASE | BIT(EX_AS));
	ck_assert_uint_eq(r.as.src_as, v1t_pat32(0));
	/* the same map again is fine, too */
	v1t_add_map(m, 5, &as, 1);
	ck_assert_int_eq(flow_record_decode_v1(&r, m, rec_b, lb, &err), (int)lb);
	flow_v1_maps_free(m);
}
END_TEST

/* Every map id can be defined; memory stays bounded by the page table. */
START_TEST(test_all_map_ids)
{
	struct flow_v1_maps *m = v1t_new_maps();
	uint16_t id = 6;
	uint8_t d[4] = { 1, 0, 2, 0 }, rec[128];
	struct flow_record r;
	struct flow_err err = { 0 };

	for (unsigned i = 0; i <= 0xffff; i++)
		v1t_add_map(m, i, &id, 1);
	flow_record_clear(&r);
	for (unsigned i = 0; i <= 0xffff; i += 0x3fff) {
		size_t len = v1t_mk_rec(rec, 0, i, d, 4);

		ck_assert_int_eq(flow_record_decode_v1(&r, m, rec, len, &err), (int)len);
		ck_assert_uint_eq(r.as.dst_as, 2);
	}
	flow_v1_maps_free(m);
}
END_TEST

/* An empty map (just the 0 and the padding) is valid, as in nfdump. */
START_TEST(test_empty_map)
{
	struct flow_v1_maps *m = v1t_new_maps();
	uint8_t b[16], rec[128];
	struct flow_record r;
	struct flow_err err = { 0 };
	size_t len = v1t_mk_map(b, 0, NULL, 0);

	ck_assert_uint_eq(len, 12);
	ck_assert_int_eq(flow_v1_map_add(m, b, len, &err), 0);
	len = v1t_mk_rec(rec, 0, 0, NULL, 0);
	flow_record_clear(&r);
	ck_assert_int_eq(flow_record_decode_v1(&r, m, rec, len, &err), (int)len);
	ck_assert_uint_eq(r.present, BASE);
	flow_v1_maps_free(m);
}
END_TEST

void v1t_add_map_tests(TCase *ext)
{
	tcase_add_test(ext, test_all_in_one);
	tcase_add_test(ext, test_record_flags);
	tcase_add_test(ext, test_reuse);
	tcase_add_test(ext, test_map_replacement);
	tcase_add_test(ext, test_all_map_ids);
	tcase_add_test(ext, test_empty_map);
}
