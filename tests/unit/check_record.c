/*
 * Unit tests for lib/record: element table, V3 decode/encode, the stat
 * record and exporter/sampler records.
 */
#include <string.h>
#include <sys/socket.h>

#include "record/record.h"
#include "record/stat.h"
#include "record/v3_shape.h"
#include "testutil.h"
#include "util/alloc.h"

/* First record of samples/v2_171_nfcapd_A_none.nf (format.md §3.3). */
static size_t sample_a_record(uint8_t *out)
{
	size_t len;
	unsigned char *f = tu_slurp(SAMPLES_DIR "/v2_171_nfcapd_A_none.nf", &len);

	/* header 40, block header 12, exporter info 32: the V3 record is at 0x54 */
	ck_assert_uint_eq(f[0x54], 11);
	memcpy(out, f + 0x54, 124);
	free(f);
	return 124;
}

START_TEST(table_is_consistent)
{
	for (unsigned id = 1; id < EX_MAX; id++) {
		const struct flow_ext_info *e = flow_ext_info(id);

		ck_assert_msg(e != NULL, "id %u missing", id);
		ck_assert_uint_le(e->data_len, e->size);
		unsigned sum = 0;

		for (const char *l = e->layout; *l; l++)
			sum += *l == ' ' ? 0 : (unsigned)(*l - '0');
		if (e->size && e->layout[0])
			ck_assert_msg(sum == e->data_len, "id %u layout %u != %u", id, sum,
				      e->data_len);
	}
	ck_assert_ptr_null(flow_ext_info(0));
	ck_assert_ptr_null(flow_ext_info(EX_MAX));
}
END_TEST

START_TEST(decodes_sample_record)
{
	uint8_t buf[256];
	struct flow_record r;
	struct flow_err err = { 0 };
	size_t n = sample_a_record(buf);

	flow_record_clear(&r);
	ck_assert_int_eq(flow_record_decode_v3(&r, buf, n, &err), 124);
	ck_assert_uint_eq(r.present, (1u << 1) | (1u << 2) | (1u << 4) | (1u << 7) |
			  (1u << 10) | (1u << 12));
	ck_assert_uint_eq(r.engine_type, 1);
	ck_assert_uint_eq(r.engine_id, 2);
	ck_assert_uint_eq(r.exporter_sysid, 1);
	ck_assert_uint_eq(r.nfversion, 5);
	ck_assert_uint_eq(r.generic.msec_first, 1699999990500ULL);
	ck_assert_uint_eq(r.generic.msec_last, 1699999995500ULL);
	ck_assert_uint_eq(r.generic.in_packets, 10);
	ck_assert_uint_eq(r.generic.in_bytes, 1500);
	ck_assert_uint_eq(r.generic.src_port, 12345);
	ck_assert_uint_eq(r.generic.dst_port, 80);
	ck_assert_uint_eq(r.generic.proto, 6);
	ck_assert_uint_eq(r.generic.tcp_flags, 0x1b);
	ck_assert_uint_eq(r.ipv4.src, 0x0A000001);
	ck_assert_uint_eq(r.ipv4.dst, 0xC0A8010A);
	ck_assert_uint_eq(r.misc.input, 1);
	ck_assert_uint_eq(r.misc.output, 2);
	ck_assert_uint_eq(r.as.src_as, 65001);
	ck_assert_uint_eq(r.as.dst_as, 65002);
	ck_assert_uint_eq(r.ip_nh4.addr, 0x0A0000FE);
	ck_assert_uint_eq(r.recv4.addr, 0x7F000001);

	/* re-encoding gives the same bytes: v5 records are in id order */
	uint8_t out[256];

	ck_assert_int_eq(flow_record_encode_v3(&r, out, sizeof(out), &err), 124);
	ck_assert_mem_eq(out, buf, 124);
}
END_TEST

START_TEST(reuse_clears_previous_fields)
{
	uint8_t buf[256];
	struct flow_record r;
	size_t n = sample_a_record(buf);
	struct flow_record small;
	uint8_t out[64];

	flow_record_clear(&r);
	ck_assert_int_eq(flow_record_decode_v3(&r, buf, n, NULL), 124);
	flow_record_clear(&small);
	small.present = 1u << EX_GENERIC;
	small.generic.proto = 17;
	int len = flow_record_encode_v3(&small, out, sizeof(out), NULL);

	ck_assert_int_eq(len, 12 + 52);
	ck_assert_int_eq(flow_record_decode_v3(&r, out, (size_t)len, NULL), len);
	ck_assert_uint_eq(r.present, 1u << EX_GENERIC);
	ck_assert_uint_eq(r.as.src_as, 0);
	ck_assert_uint_eq(r.ipv4.src, 0);
	ck_assert_uint_eq(r.misc.input, 0);
	ck_assert_uint_eq(r.recv4.addr, 0);
	ck_assert_uint_eq(r.generic.proto, 17);
}
END_TEST

/* Every element, fixed and variable, survives encode -> decode. */
START_TEST(roundtrip_all_elements)
{
	static const uint8_t payload[] = "GET / HTTP/1.1";
	static const uint8_t nbar[] = { 3, 0, 0, 80 };
	struct flow_record a, b;
	uint8_t buf[2048];
	struct flow_err err = { 0 };

	flow_record_clear(&a);
	for (unsigned id = 1; id < EX_MAX; id++) {
		const struct flow_ext_info *e = flow_ext_info(id);

		a.present |= 1ULL << id;
		for (unsigned i = 0; i < e->data_len; i++)
			((uint8_t *)&a)[e->offset + i] = (uint8_t)(id * 7 + i);
	}
	a.nbar = (struct flow_bytes){ nbar, sizeof(nbar) };
	a.in_payload = (struct flow_bytes){ payload, sizeof(payload) };
	a.out_payload = (struct flow_bytes){ payload, 3 };
	a.label = (struct flow_bytes){ (const uint8_t *)"lbl", 4 };
	a.pf_ifname = (struct flow_bytes){ (const uint8_t *)"em0", 4 };
	a.inmon_frame = (struct flow_bytes){ payload, 5 };
	a.nokia_nat_string = (struct flow_bytes){ (const uint8_t *)"sub\0\0\0\0", 8 };
	a.flags = V3_FLAG_SAMPLED;
	a.nfversion = 10;
	a.exporter_sysid = 513;

	int n = flow_record_encode_v3(&a, buf, sizeof(buf), &err);

	ck_assert_int_gt(n, 0);
	ck_assert_uint_eq((size_t)n, flow_record_v3_size(&a));
	ck_assert_uint_eq(buf[4], EX_MAX - 1);	/* element count */
	flow_record_clear(&b);
	ck_assert_int_eq(flow_record_decode_v3(&b, buf, (size_t)n, &err), n);
	ck_assert_uint_eq(a.present, b.present);
	for (unsigned id = 1; id < EX_MAX; id++) {
		const struct flow_ext_info *e = flow_ext_info(id);

		ck_assert_msg(memcmp((uint8_t *)&a + e->offset, (uint8_t *)&b + e->offset,
				     e->data_len) == 0, "element %u differs", id);
	}
	ck_assert_uint_eq(b.in_payload.len, sizeof(payload));
	ck_assert_mem_eq(b.in_payload.ptr, payload, sizeof(payload));
	ck_assert_uint_eq(b.pf_ifname.len, 4);
	ck_assert_str_eq((const char *)b.pf_ifname.ptr, "em0");
	ck_assert_uint_eq(b.nokia_nat_string.len, 8);
	ck_assert_uint_eq(b.exporter_sysid, 513);
}
END_TEST

static int decode_bytes(const uint8_t *p, size_t n, struct flow_err *err)
{
	struct flow_record r;

	flow_record_clear(&r);
	return flow_record_decode_v3(&r, p, n, err);
}

START_TEST(rejects_malformed_records)
{
	uint8_t buf[256], bad[256];
	struct flow_err err = { 0 };
	size_t n = sample_a_record(buf);

	/* every truncation of the buffer is an error, never a crash */
	for (size_t cut = 0; cut < n; cut++)
		ck_assert_int_lt(decode_bytes(buf, cut, &err), 0);

	memcpy(bad, buf, n);
	bad[12 + 2] = 0;	/* first element length 0 */
	bad[12 + 3] = 0;
	ck_assert_int_eq(decode_bytes(bad, n, &err), FLOW_EFORMAT);
	ck_assert_ptr_nonnull(strstr(err.msg, "offset 12"));

	memcpy(bad, buf, n);
	bad[4] = 5;		/* one element fewer than stored */
	ck_assert_int_eq(decode_bytes(bad, n, &err), FLOW_EFORMAT);
	ck_assert_ptr_nonnull(strstr(err.msg, "cover"));

	memcpy(bad, buf, n);
	bad[4] = 7;		/* one more than stored */
	ck_assert_int_eq(decode_bytes(bad, n, &err), FLOW_EFORMAT);

	memcpy(bad, buf, n);
	bad[12 + 2] = 40;	/* EXgenericFlow shorter than its 52 bytes */
	ck_assert_int_eq(decode_bytes(bad, n, &err), FLOW_EFORMAT);

	memcpy(bad, buf, n);
	bad[0] = 10;		/* not a V3 record */
	ck_assert_int_eq(decode_bytes(bad, n, &err), FLOW_EFORMAT);
}
END_TEST

START_TEST(skips_unknown_and_null_elements)
{
	uint8_t rec[12 + 8 + 4 + 12];
	struct flow_record r;

	memset(rec, 0, sizeof(rec));
	rec[0] = 11;
	rec[2] = sizeof(rec);
	rec[4] = 3;
	rec[12] = 99;		/* unknown id, 8 bytes */
	rec[14] = 8;
	rec[20] = 0;		/* EXnull, 4 bytes */
	rec[22] = 4;
	rec[24] = EX_IPV4;
	rec[26] = 12;
	rec[28] = 1;
	flow_record_clear(&r);
	ck_assert_int_eq(flow_record_decode_v3(&r, rec, sizeof(rec), NULL), (int)sizeof(rec));
	ck_assert_uint_eq(r.present, 1u << EX_IPV4);
	ck_assert_uint_eq(r.ipv4.src, 1);
}
END_TEST

START_TEST(historic_element_variants)
{
	uint8_t rec[12 + 16 + 28];
	struct flow_record r;

	memset(rec, 0, sizeof(rec));
	rec[0] = 11;
	rec[2] = sizeof(rec);
	rec[4] = 2;
	rec[12] = EX_SAMPLER;	/* 1.7.1 layout: 12 data bytes */
	rec[14] = 16;
	rec[16] = 0xff; rec[17] = 0xff; rec[18] = 0xff; rec[19] = 0xff;	/* id -1 */
	rec[20] = 10;		/* interval */
	rec[26] = 3;		/* sysid */
	rec[28] = EX_NAT_COMMON;	/* 1.7.0 layout: 24 data bytes */
	rec[30] = 28;
	rec[32] = 1;		/* msec event */
	rec[40] = 7;		/* egress vrf */
	rec[48] = 9;		/* pool id */
	rec[52] = 2;		/* event */
	flow_record_clear(&r);
	ck_assert_int_eq(flow_record_decode_v3(&r, rec, sizeof(rec), NULL), (int)sizeof(rec));
	ck_assert(r.sampler_is_171);
	ck_assert_int_eq(r.sampler.v171.id, -1);
	ck_assert_uint_eq(r.sampler.v171.interval, 10);
	ck_assert_uint_eq(r.sampler.v171.sysid, 3);
	ck_assert_uint_eq(r.nat_common.pool_id, 9);
	ck_assert_uint_eq(r.nat_common.event, 2);
	ck_assert_uint_eq(r.vrf.egress_vrf, 7);
	ck_assert(flow_has(&r, EX_VRF));

	/* the 1.7.1 sampler re-encodes in its own layout */
	uint8_t out[128];
	int n = flow_record_encode_v3(&r, out, sizeof(out), NULL);

	ck_assert_int_gt(n, 0);
	ck_assert_uint_eq(out[12], EX_SAMPLER);
	ck_assert_uint_eq(out[14], 16);
}
END_TEST

START_TEST(encode_checks_room)
{
	struct flow_record r;
	uint8_t out[40];
	struct flow_err err = { 0 };

	flow_record_clear(&r);
	r.present = (1u << EX_GENERIC) | (1u << EX_IPV4);
	ck_assert_int_eq(flow_record_encode_v3(&r, out, sizeof(out), &err), FLOW_EINVAL);
	ck_assert_ptr_nonnull(strstr(err.msg, "room"));
}
END_TEST

START_TEST(stat_counts_like_nfdump)
{
	struct flow_stat s;
	struct flow_record r;

	flow_stat_init(&s);
	flow_record_clear(&r);
	r.generic.proto = 58;	/* ICMPv6 counts as icmp */
	r.generic.in_packets = 2;
	r.generic.in_bytes = 100;
	r.generic.msec_first = 2000;
	r.generic.msec_last = 3000;
	flow_stat_add(&s, &r);
	r.generic.proto = 47;
	r.cnt.flows = 3;	/* aggregated: counts 3 flows */
	r.cnt.out_packets = 1;
	r.cnt.out_bytes = 10;
	r.generic.msec_first = 1000;
	flow_stat_add(&s, &r);
	ck_assert_uint_eq(s.numflows, 4);
	ck_assert_uint_eq(s.flows_icmp, 1);
	ck_assert_uint_eq(s.flows_other, 3);
	ck_assert_uint_eq(s.numpackets, 5);
	ck_assert_uint_eq(s.numbytes, 210);
	ck_assert_uint_eq(s.bytes_other, 110);
	ck_assert_uint_eq(s.msec_first, 1000);
	ck_assert_uint_eq(s.msec_last, 3000);

	uint8_t buf[FLOW_STAT_SIZE];
	struct flow_stat t;

	flow_stat_encode(&s, buf);
	flow_stat_decode(&t, buf);
	ck_assert_mem_eq(&s, &t, sizeof(s));
	flow_stat_merge(&t, &s);
	ck_assert_uint_eq(t.numflows, 8);
	ck_assert_uint_eq(t.msec_first, 1000);
}
END_TEST

START_TEST(exporter_both_ip_encodings)
{
	size_t len;
	unsigned char *f = tu_slurp(SAMPLES_DIR "/v2_171_nfcapd_A_none.nf", &len);
	struct flow_exporter_info e;

	/* 1.7.1 record at 40 + 12: old encoding with family */
	ck_assert_int_eq(flow_exporter_info_decode(&e, f + 52, 32, NULL), 0);
	ck_assert_uint_eq(e.version, 5);
	ck_assert_uint_eq(e.family, AF_INET);
	ck_assert_uint_eq(e.ip.lo, 0x7F000001);
	ck_assert_uint_eq(e.sysid, 1);
	ck_assert_uint_eq(e.id, 258);

	uint8_t out[32];

	flow_exporter_info_encode(&e, out);
	ck_assert_mem_eq(out, f + 52, 32);
	free(f);

	f = tu_slurp(SAMPLES_DIR "/ref/v2_178_nfcapd_A_none.nf", &len);
	ck_assert_int_eq(flow_exporter_info_decode(&e, f + 52, 32, NULL), 0);
	ck_assert_uint_eq(e.family, AF_INET);
	ck_assert_uint_eq(e.ip.hi, 0);
	ck_assert_uint_eq(e.ip.lo, 0x7F000001);
	free(f);
	ck_assert_int_lt(flow_exporter_info_decode(&e, out, 20, NULL), 0);
}
END_TEST

START_TEST(sampler_records)
{
	/* sample S: 0f00 1800 0100 0100 ffffffffffffffff 01000000 09000000 */
	static const uint8_t s15[] = { 0x0f, 0, 0x18, 0, 1, 0, 1, 0, 0xff, 0xff, 0xff, 0xff,
				       0xff, 0xff, 0xff, 0xff, 1, 0, 0, 0, 9, 0, 0, 0 };
	static const uint8_t s9[] = { 9, 0, 16, 0, 0xff, 0xff, 0xff, 0xff, 10, 0, 0, 0, 1, 0, 2, 0 };
	struct flow_sampler s;
	uint8_t out[24];

	ck_assert_int_eq(flow_sampler_decode(&s, s15, sizeof(s15), NULL), 0);
	ck_assert_int_eq(s.id, -1);
	ck_assert_uint_eq(s.packet_interval, 1);
	ck_assert_uint_eq(s.space_interval, 9);
	flow_sampler_encode(&s, out);
	ck_assert_mem_eq(out, s15, 24);
	ck_assert_int_eq(flow_sampler_decode(&s, s9, sizeof(s9), NULL), 0);
	ck_assert_int_eq(s.id, -1);
	ck_assert_uint_eq(s.space_interval, 9);
	ck_assert_uint_eq(s.sysid, 2);
	ck_assert_int_lt(flow_sampler_decode(&s, s15, 20, NULL), 0);
}
END_TEST


/* ---- decoding by shape (v3_shape.c) against the element loop ---- */

/* Append element id with len data bytes of content seeded by seed. */
static size_t put_el(uint8_t *rec, size_t off, unsigned id, unsigned len, unsigned seed)
{
	rec[off] = (uint8_t)id;
	rec[off + 1] = (uint8_t)(id >> 8);
	rec[off + 2] = (uint8_t)((len + 4) & 0xff);
	rec[off + 3] = (uint8_t)((len + 4) >> 8);
	for (unsigned i = 0; i < len; i++)
		rec[off + 4 + i] = (uint8_t)(seed * 131 + i * 7 + id);
	return off + 4 + len;
}

/*
 * Shape number s (of 24): mostly the plain elements of v5/v9/IPFIX
 * records, some with the odd ones the loop alone takes (variants,
 * variable parts, a fixed element longer than itself, unknown and null
 * ids), several of the same size and count.
 */
static size_t shaped_record(uint8_t *rec, unsigned s, unsigned seed)
{
	static const unsigned plain[] = { EX_MISC, EX_CNT, EX_VLAN, EX_AS, EX_IP_NH4, EX_RECV4,
					  EX_MAC, EX_MPLS, EX_BGP_NH4, EX_LATENCY };
	size_t off = V3_HEADER_SIZE;
	unsigned n = 0;

	memset(rec, 0, V3_HEADER_SIZE);
	off = put_el(rec, off, EX_GENERIC, 48, seed), n++;
	if (s & 1)
		off = put_el(rec, off, EX_IPV6, 32, seed), n++;
	else
		off = put_el(rec, off, EX_IPV4, 8, seed), n++;
	for (unsigned k = 0; k < 10; k++)
		if ((s * 2654435761u >> (k + 3)) & 1) {
			unsigned id = plain[(k + s) % 10];

			off = put_el(rec, off, id, flow_ext_info(id)->data_len, seed), n++;
		}
	switch (s % 8) {
	case 2: off = put_el(rec, off, EX_SAMPLER, 12, seed), n++; break;	/* 1.7.1 */
	case 3: off = put_el(rec, off, EX_NAT_COMMON, 24, seed), n++; break;	/* 1.7.0 */
	case 4: off = put_el(rec, off, EX_NBAR, 4 + seed % 3 * 4, seed), n++; break;
	case 5: off = put_el(rec, off, 50, 8, seed), n++;	/* unknown */
		off = put_el(rec, off, EX_NULL, 0, seed), n++; break;
	case 6: off = put_el(rec, off, EX_AS, 12, seed), n++; break;	/* longer */
	case 7: off = put_el(rec, off, EX_SAMPLER, 16, seed), n++; break;
	}
	rec[0] = REC_V3;
	rec[2] = (uint8_t)off;
	rec[3] = (uint8_t)(off >> 8);
	rec[4] = (uint8_t)n;
	rec[6] = (uint8_t)seed;
	rec[10] = (uint8_t)(seed & 3);
	rec[11] = 9;
	return off;
}

START_TEST(shape_decode_matches_loop)
{
	enum { N = 4000 };
	static uint8_t recs[N][1024];
	static struct flow_record ref[N];
	size_t len[N];
	struct flow_record r;
	struct flow_err err = { 0 };
	uint64_t want = (1ULL << EX_GENERIC) | (1ULL << EX_IPV4) | (1ULL << EX_IPV6);

	for (unsigned i = 0; i < N; i++) {
		len[i] = shaped_record(recs[i], (i * 7919u) % 24, i);
		v3_shape_forget();	/* the loop, with nothing learnt */
		flow_record_clear(&ref[i]);
		ck_assert_int_eq(flow_record_decode_v3(&ref[i], recs[i], len[i], &err), (int)len[i]);
	}
	/* records decoded over each other, shapes learnt and used, in full and in part */
	v3_shape_forget();
	flow_record_clear(&r);
	for (unsigned pass = 0; pass < 3; pass++)
		for (unsigned i = 0; i < N; i++) {
			if (pass == 1) {
				struct flow_record p;

				flow_record_clear(&p);
				ck_assert_int_eq(flow_record_decode_v3_part(&r, recs[i], len[i], want, &err),
						 (int)len[i]);
				p.present = ref[i].present & want;
				ck_assert_uint_eq(r.present & want, p.present);
				/* and nothing else but a short variant the loop must see */
				ck_assert_uint_eq(r.present & ~want & ~(1ULL << EX_SAMPLER), 0);
				ck_assert_mem_eq(&r.generic, &ref[i].generic, sizeof(r.generic));
				ck_assert_mem_eq(&r.ipv4, &ref[i].ipv4, sizeof(r.ipv4));
				ck_assert_mem_eq(&r.ipv6, &ref[i].ipv6, sizeof(r.ipv6));
				ck_assert_uint_eq(r.engine_type, ref[i].engine_type);
				continue;
			}
			ck_assert_int_eq(flow_record_decode_v3(&r, recs[i], len[i], &err), (int)len[i]);
			ck_assert_msg(memcmp(&r, &ref[i], sizeof(r)) == 0,
				      "record %u (shape %u) differs from the loop's", i, (i * 7919u) % 24);
		}
}
END_TEST

/* A record whose headers differ from a learnt shape of its size and count is not vouched for. */
START_TEST(shape_needs_every_header)
{
	uint8_t rec[1024], bad[1024];
	size_t n = shaped_record(rec, 0, 1);
	struct flow_record r;
	struct flow_err err = { 0 };

	flow_record_clear(&r);
	ck_assert_int_eq(flow_record_decode_v3(&r, rec, n, &err), (int)n);
	ck_assert_int_eq(flow_record_decode_v3(&r, rec, n, &err), (int)n);
	for (size_t at = V3_HEADER_SIZE; at < n;) {
		unsigned el = (unsigned)rec[at + 2] | (unsigned)rec[at + 3] << 8;

		memcpy(bad, rec, n);
		bad[at + 2] = 2;	/* element length 2: below its header */
		ck_assert_int_eq(flow_record_decode_v3(&r, bad, n, &err), FLOW_EFORMAT);
		ck_assert_uint_eq(r.present, 0);
		memcpy(bad, rec, n);
		bad[at] = EX_MAC;	/* another element of the same length */
		flow_record_decode_v3(&r, bad, n, &err);
		ck_assert(!flow_has(&r, EX_GENERIC) || at != V3_HEADER_SIZE);
		at += el;
	}
}
END_TEST

/* The plan itself: used once learnt, refused for other headers, not made for variants. */
START_TEST(shape_plan_is_used)
{
	uint8_t rec[1024], var[1024];
	size_t n = shaped_record(rec, 0, 1), nv = shaped_record(var, 2, 1);	/* 2: 1.7.1 sampler */
	struct flow_record r, ref;
	uint64_t present = 0;

	v3_shape_forget();
	flow_record_clear(&r);
	ck_assert_int_eq(v3_shape_copy(&r, rec, (unsigned)n, ~0ULL, &present), 0);
	v3_shape_learn(rec, (unsigned)n);
	ck_assert_int_eq(v3_shape_copy(&r, rec, (unsigned)n, ~0ULL, &present), 1);
	flow_record_clear(&ref);
	ck_assert_int_eq(flow_record_decode_v3(&ref, rec, n, NULL), (int)n);
	ck_assert_uint_eq(present, ref.present);
	ck_assert_mem_eq(&r.generic, &ref.generic, sizeof(r.generic));
	ck_assert_mem_eq(&r.ipv4, &ref.ipv4, sizeof(r.ipv4));
	/* in part: only the wanted elements */
	ck_assert_int_eq(v3_shape_copy(&r, rec, (unsigned)n, 1ULL << EX_IPV4, &present), 1);
	ck_assert_uint_eq(present, 1ULL << EX_IPV4);
	rec[12] = EX_MAC;	/* first header changed: not this shape */
	ck_assert_int_eq(v3_shape_copy(&r, rec, (unsigned)n, ~0ULL, &present), 0);
	v3_shape_learn(var, (unsigned)nv);
	ck_assert_int_eq(v3_shape_copy(&r, var, (unsigned)nv, ~0ULL, &present), -1);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("record");
	TCase *tc = tcase_create("v3");

	tcase_add_test(tc, table_is_consistent);
	tcase_add_test(tc, decodes_sample_record);
	tcase_add_test(tc, reuse_clears_previous_fields);
	tcase_add_test(tc, roundtrip_all_elements);
	tcase_add_test(tc, rejects_malformed_records);
	tcase_add_test(tc, skips_unknown_and_null_elements);
	tcase_add_test(tc, historic_element_variants);
	tcase_add_test(tc, encode_checks_room);
	tcase_add_test(tc, shape_decode_matches_loop);
	tcase_add_test(tc, shape_needs_every_header);
	tcase_add_test(tc, shape_plan_is_used);
	suite_add_tcase(s, tc);
	tc = tcase_create("stat");
	tcase_add_test(tc, stat_counts_like_nfdump);
	tcase_add_test(tc, exporter_both_ip_encodings);
	tcase_add_test(tc, sampler_records);
	suite_add_tcase(s, tc);
	return tu_run(s) ? 1 : 0;
}
