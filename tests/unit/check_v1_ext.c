/*
 * check_v1_ext.c - every v1 extension id on a hand-made record, one id
 * (or one pair) at a time.
 */
#include <stdint.h>
#include <string.h>

#include "record/v1.h"
#include "util/endian.h"
#include "testutil.h"
#include "v1_build.h"

/* ------------------------------------------------------- every extension */

static const uint16_t all_ids[] = {
	4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22,
	23, 24, 25, 26, 27, 37, 38, 39, 40, 41, 42, 43, 45, 46, 48,
};

/* What id with pattern data must produce (fixed part from v1t_mk_rec). */
static void check_routing(const struct flow_record *r, unsigned id)
{
	switch (id) {
	case 4: case 5: {
		int w = id == 4 ? 2 : 4;

		ck_assert_uint_eq(r->present, BASE | BIT(EX_MISC));
		ck_assert_uint_eq(r->misc.input, w == 2 ? v1t_pat16(0) : v1t_pat32(0));
		ck_assert_uint_eq(r->misc.output, w == 2 ? v1t_pat16(2) : v1t_pat32(4));
		/* biflow/end reason come along only with ext 8 (as 1.7) */
		ck_assert_uint_eq(r->misc.biflow_dir, 0);
		ck_assert_uint_eq(r->misc.src_mask, 0);
		break;
	}
	case 6: case 7:
		ck_assert_uint_eq(r->present, BASE | BIT(EX_AS));
		ck_assert_uint_eq(r->as.src_as, id == 6 ? v1t_pat16(0) : v1t_pat32(0));
		ck_assert_uint_eq(r->as.dst_as, id == 6 ? v1t_pat16(2) : v1t_pat32(4));
		break;
	case 8:
		ck_assert_uint_eq(r->present, BASE | BIT(EX_MISC));
		ck_assert_uint_eq(r->misc.dst_tos, 0x10);
		ck_assert_uint_eq(r->misc.dir, 0x11);
		ck_assert_uint_eq(r->misc.src_mask, 0x12);
		ck_assert_uint_eq(r->misc.dst_mask, 0x13);
		ck_assert_uint_eq(r->misc.biflow_dir, 1);
		ck_assert_uint_eq(r->misc.end_reason, 2);
		ck_assert_uint_eq(r->misc.input, 0);
		break;
	case 9:
		ck_assert_uint_eq(r->present, BASE | BIT(EX_IP_NH4));
		ck_assert_uint_eq(r->ip_nh4.addr, v1t_pat32(0));
		break;
	case 10:
		ck_assert_uint_eq(r->present, BASE | BIT(EX_IP_NH6));
		ck_assert_uint_eq(r->ip_nh6.addr.hi, v1t_pat64(0));
		ck_assert_uint_eq(r->ip_nh6.addr.lo, v1t_pat64(8));
		break;
	case 11:
		ck_assert_uint_eq(r->present, BASE | BIT(EX_BGP_NH4));
		ck_assert_uint_eq(r->bgp_nh4.addr, v1t_pat32(0));
		break;
	case 12:
		ck_assert_uint_eq(r->present, BASE | BIT(EX_BGP_NH6));
		ck_assert_uint_eq(r->bgp_nh6.addr.hi, v1t_pat64(0));
		ck_assert_uint_eq(r->bgp_nh6.addr.lo, v1t_pat64(8));
		break;
	case 13:
		ck_assert_uint_eq(r->present, BASE | BIT(EX_VLAN));
		ck_assert_uint_eq(r->vlan.src_vlan, v1t_pat16(0));
		ck_assert_uint_eq(r->vlan.dst_vlan, v1t_pat16(2));
		break;
	}
}

static void check_meta(const struct flow_record *r, unsigned id)
{
	switch (id) {
	case 14: case 15: case 16: case 17: case 18: case 19: {
		uint64_t v = (id % 2) ? v1t_pat64(0) : v1t_pat32(0);

		ck_assert_uint_eq(r->present, BASE | BIT(EX_CNT));
		ck_assert_uint_eq(r->cnt.out_packets, id <= 15 ? v : 0);
		ck_assert_uint_eq(r->cnt.out_bytes, id == 16 || id == 17 ? v : 0);
		ck_assert_uint_eq(r->cnt.flows, id >= 18 ? v : 0);
		break;
	}
	case 20: case 21:
		ck_assert_uint_eq(r->present, BASE | BIT(EX_MAC));
		ck_assert_uint_eq(id == 20 ? r->mac.in_src : r->mac.in_dst, v1t_pat64(0));
		ck_assert_uint_eq(id == 20 ? r->mac.out_dst : r->mac.out_src, v1t_pat64(8));
		ck_assert_uint_eq(id == 20 ? r->mac.in_dst : r->mac.in_src, 0);
		break;
	case 22:
		ck_assert_uint_eq(r->present, BASE | BIT(EX_MPLS));
		for (unsigned i = 0; i < 10; i++)
			ck_assert_uint_eq(r->mpls.label[i], v1t_pat32(4 * i));
		break;
	case 23:
		ck_assert_uint_eq(r->present, BASE | BIT(EX_RECV4));
		ck_assert_uint_eq(r->recv4.addr, v1t_pat32(0));
		break;
	case 24:
		ck_assert_uint_eq(r->present, BASE | BIT(EX_RECV6));
		ck_assert_uint_eq(r->recv6.addr.hi, v1t_pat64(0));
		ck_assert_uint_eq(r->recv6.addr.lo, v1t_pat64(8));
		break;
	case 25:
		ck_assert_uint_eq(r->present, BASE);
		ck_assert_uint_eq(r->engine_type, 0x12);
		ck_assert_uint_eq(r->engine_id, 0x13);
		break;
	case 26:
		ck_assert_uint_eq(r->present, BASE | BIT(EX_AS_ADJ));
		ck_assert_uint_eq(r->as_adj.next_as, v1t_pat32(0));
		ck_assert_uint_eq(r->as_adj.prev_as, v1t_pat32(4));
		break;
	case 27:
		ck_assert_uint_eq(r->present, BASE);
		ck_assert_uint_eq(r->generic.msec_received, v1t_pat64(0));
		break;
	}
}

static void check_nsel(const struct flow_record *r, unsigned id)
{
	switch (id) {
	case 37:
		ck_assert_uint_eq(r->present, BASE | BIT(EX_NSEL_COMMON));
		ck_assert_uint_eq(r->nsel_common.msec_event, v1t_pat64(0));
		ck_assert_uint_eq(r->nsel_common.conn_id, v1t_pat32(8));
		ck_assert_uint_eq(r->generic.dst_port, v1t_pat16(12));	/* ICMP field */
		ck_assert_uint_eq(r->nsel_common.fw_event, 0x1e);
		ck_assert_uint_eq(r->nsel_common.fw_xevent, v1t_pat16(16));
		ck_assert_uint_eq(r->flags, V3_FLAG_EVENT);
		ck_assert_uint_eq(r->generic.msec_first, 1700000000123ULL);
		break;
	case 38:
		ck_assert_uint_eq(r->present, BASE | BIT(EX_NAT_XLATE_PORT));
		ck_assert_uint_eq(r->nat_xlate_port.src, v1t_pat16(0));
		ck_assert_uint_eq(r->nat_xlate_port.dst, v1t_pat16(2));
		break;
	case 39:
		ck_assert_uint_eq(r->present, BASE | BIT(EX_NAT_XLATE4));
		ck_assert_uint_eq(r->nat_xlate4.src, v1t_pat32(0));
		ck_assert_uint_eq(r->nat_xlate4.dst, v1t_pat32(4));
		break;
	case 40:
		ck_assert_uint_eq(r->present, BASE | BIT(EX_NAT_XLATE6));
		ck_assert_uint_eq(r->nat_xlate6.src.hi, v1t_pat64(0));
		ck_assert_uint_eq(r->nat_xlate6.src.lo, v1t_pat64(8));
		ck_assert_uint_eq(r->nat_xlate6.dst.hi, v1t_pat64(16));
		ck_assert_uint_eq(r->nat_xlate6.dst.lo, v1t_pat64(24));
		break;
	case 41: {
		uint8_t d[24];

		v1t_fill_pattern(d, sizeof(d));
		ck_assert_uint_eq(r->present, BASE | BIT(EX_NSEL_ACL));
		ck_assert_mem_eq(&r->nsel_acl, d, 24);	/* raw, network order */
		break;
	}
	case 42: case 43: {
		uint8_t d[72];
		size_t n = id == 42 ? 24 : 65;

		v1t_fill_pattern(d, sizeof(d));
		ck_assert_uint_eq(r->present, BASE | BIT(EX_NSEL_USER));
		ck_assert_mem_eq(r->nsel_user.username, d, n);
		ck_assert_uint_eq((uint8_t)r->nsel_user.username[n], 0);
		break;
	}
	case 45:
		ck_assert_uint_eq(r->present, BASE | BIT(EX_LATENCY));
		ck_assert_uint_eq(r->latency.client_usec, v1t_pat64(0));
		ck_assert_uint_eq(r->latency.server_usec, v1t_pat64(8));
		ck_assert_uint_eq(r->latency.appl_usec, v1t_pat64(16));
		break;
	case 46:
		ck_assert_uint_eq(r->present, BASE | BIT(EX_NAT_COMMON) | BIT(EX_VRF));
		ck_assert_uint_eq(r->nat_common.event, 0x10);
		ck_assert_uint_eq(r->nat_common.msec_event, 0);
		ck_assert_uint_eq(r->vrf.egress_vrf, v1t_pat32(4));
		ck_assert_uint_eq(r->vrf.ingress_vrf, v1t_pat32(8));
		ck_assert_uint_eq(r->flags, V3_FLAG_EVENT);
		break;
	case 48:
		ck_assert_uint_eq(r->present, BASE | BIT(EX_NAT_PORT_BLOCK));
		ck_assert_uint_eq(r->nat_port_block.start, v1t_pat16(0));
		ck_assert_uint_eq(r->nat_port_block.end, v1t_pat16(2));
		ck_assert_uint_eq(r->nat_port_block.step, v1t_pat16(4));
		ck_assert_uint_eq(r->nat_port_block.size, v1t_pat16(6));
		break;
	}
}

/* One loop test per v1 extension id: map {id}, pattern data. */
START_TEST(test_each_ext)
{
	unsigned id = all_ids[_i];
	uint8_t d[72];
	struct flow_record r;

	v1t_fill_pattern(d, sizeof(d));
	v1t_decode_one(&r, (uint16_t)id, d, 0);
	/* the fixed part survives every extension but 37's dstPort */
	ck_assert_uint_eq(r.generic.msec_first, 1700000000123ULL);
	ck_assert_uint_eq(r.generic.msec_last, 1700000005456ULL);
	ck_assert_uint_eq(r.generic.in_packets, 5);
	ck_assert_uint_eq(r.generic.in_bytes, 500);
	ck_assert_uint_eq(r.generic.src_port, 1000);
	ck_assert_uint_eq(r.generic.tcp_flags, 0x12);
	ck_assert_uint_eq(r.generic.fwd_status, 1);
	ck_assert_uint_eq(r.generic.src_tos, 0x20);
	ck_assert_uint_eq(r.exporter_sysid, 7);
	ck_assert_uint_eq(r.nfversion, 0);
	ck_assert_uint_eq(r.ipv4.src, IP4(10, 0, 0, 1));
	if (id != 37)
		ck_assert_uint_eq(r.generic.dst_port, 2000);
	if (id != 37 && id != 46)
		ck_assert_uint_eq(r.flags, 0);
	if (id != 25)
		ck_assert_uint_eq(r.engine_type, 0);
	if (id <= 13)
		check_routing(&r, id);
	else if (id <= 27)
		check_meta(&r, id);
	else
		check_nsel(&r, id);
}
END_TEST

/* Zero interfaces/counters create no element, as in 1.7. */
START_TEST(test_zero_values)
{
	static const uint16_t ids[] = { 5, 15, 17, 19 };
	uint8_t zero[72] = { 0 };
	struct flow_record r;

	for (size_t i = 0; i < 4; i++) {
		v1t_decode_one(&r, ids[i], zero, 0);
		ck_assert_uint_eq(r.present, BASE);
	}
}
END_TEST

START_TEST(test_port_block_end)
{
	uint8_t d[8] = { 0 };
	struct flow_record r;

	st_le16(d, 1000);
	st_le16(d + 6, 100);
	v1t_decode_one(&r, 48, d, 0);
	ck_assert_uint_eq(r.nat_port_block.end, 1099);
	st_le16(d, 0xfff0);
	st_le16(d + 6, 0x20);
	v1t_decode_one(&r, 48, d, 0);
	ck_assert_uint_eq(r.nat_port_block.end, 0x000f);	/* u16 wrap as 1.7 */
}
END_TEST

START_TEST(test_user_names)
{
	uint8_t d[72] = "alice";
	struct flow_record r;

	v1t_decode_one(&r, 42, d, 0);
	ck_assert_str_eq(r.nsel_user.username, "alice");
	memcpy(d, "bob", 4);
	v1t_decode_one(&r, 43, d, 0);
	ck_assert_str_eq(r.nsel_user.username, "bob");
}
END_TEST

/* An NSEL event with first == 0 is dated by its event time (1.7.8). */
START_TEST(test_nsel_event_time)
{
	struct flow_v1_maps *m = v1t_new_maps();
	uint16_t id = 37;
	uint8_t d[20] = { 0 }, rec[128];
	struct flow_record r;
	struct flow_err err = { 0 };

	v1t_add_map(m, 0, &id, 1);
	st_le64(d, 1700000000777ULL);
	size_t len = v1t_mk_rec(rec, 0, 0, d, sizeof(d));

	memset(rec + 8, 0, 4);		/* msec_first, msec_last */
	memset(rec + 12, 0, 8);		/* first, last */
	flow_record_clear(&r);
	ck_assert_int_eq(flow_record_decode_v1(&r, m, rec, len, &err), (int)len);
	ck_assert_uint_eq(r.generic.msec_first, 1700000000777ULL);
	ck_assert_uint_eq(r.generic.msec_last, 0);
	flow_v1_maps_free(m);
}
END_TEST

START_TEST(test_mac_both_halves)
{
	struct flow_v1_maps *m = v1t_new_maps();
	static const uint16_t ids[] = { 21, 20 };
	uint8_t d[32], rec[128];
	struct flow_record r;
	struct flow_err err = { 0 };

	v1t_add_map(m, 9, ids, 2);
	for (int i = 0; i < 4; i++)
		st_le64(d + 8 * i, 0x021122334400ULL + (uint64_t)i);
	size_t len = v1t_mk_rec(rec, 0, 9, d, sizeof(d));

	flow_record_clear(&r);
	ck_assert_int_eq(flow_record_decode_v1(&r, m, rec, len, &err), (int)len);
	ck_assert_uint_eq(r.present, BASE | BIT(EX_MAC));
	ck_assert_uint_eq(r.mac.in_dst, 0x021122334400ULL);
	ck_assert_uint_eq(r.mac.out_src, 0x021122334401ULL);
	ck_assert_uint_eq(r.mac.in_src, 0x021122334402ULL);
	ck_assert_uint_eq(r.mac.out_dst, 0x021122334403ULL);
	flow_v1_maps_free(m);
}
END_TEST

void v1t_add_ext_tests(TCase *ext)
{
	tcase_add_loop_test(ext, test_each_ext, 0, (int)(sizeof(all_ids) / sizeof(all_ids[0])));
	tcase_add_test(ext, test_zero_values);
	tcase_add_test(ext, test_port_block_end);
	tcase_add_test(ext, test_user_names);
	tcase_add_test(ext, test_nsel_event_time);
	tcase_add_test(ext, test_mac_both_halves);
}
