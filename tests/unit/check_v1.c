/*
 * check_v1.c - nfdump 1.6 (layout 1) extension maps and common records.
 *
 * The two uncompressed 1.6.25 sample files are walked block by block and
 * every flow is checked against samples/README.md and the Debian 1.7.1
 * text output of the same files.  Each v1 extension id is then
 * checked on a hand-made record (check_v1_ext.c, check_v1_maps.c),
 * followed by every malformed input we can think of and an
 * allocation-failure loop (check_v1_bad.c).  Builders: v1_build.c.
 */
#include <stdint.h>
#include <string.h>

#include "record/v1.h"
#include "util/endian.h"
#include "testutil.h"
#include "v1_build.h"

/* ------------------------------------------------------------ sample files */

#define MAX_FLOWS 8

/*
 * Walk a layout-1 file: 140-byte header, 136-byte stat record, then
 * NumBlocks blocks of {u32 NumRecords, u32 size, u16 type 2, u16 flags}.
 * Every flow is decoded into one reused record and copied out.
 */
static size_t walk_file(const char *name, struct flow_record *out)
{
	char path[4096];
	size_t len, n = 0;
	struct flow_err err = { 0 };
	struct flow_record r;

	snprintf(path, sizeof(path), "%s/ref/%s", SAMPLES_DIR, name);
	unsigned char *buf = tu_slurp(path, &len);
	struct flow_v1_maps *m = v1t_new_maps();

	ck_assert_uint_ge(len, 276);
	ck_assert_uint_eq(ld_le16(buf), 0xA50C);
	ck_assert_uint_eq(ld_le16(buf + 2), 1);
	ck_assert_uint_eq(ld_le32(buf + 4), 0);	/* uncompressed */
	flow_record_clear(&r);

	size_t off = 276;
	unsigned nblocks = ld_le32(buf + 8);

	for (unsigned b = 0; b < nblocks; b++) {
		ck_assert_uint_le(off + 12, len);
		unsigned nrec = ld_le32(buf + off);
		size_t p = off + 12, end = p + ld_le32(buf + off + 4);

		ck_assert_uint_eq(ld_le16(buf + off + 8), 2);
		ck_assert_uint_le(end, len);
		for (unsigned i = 0; i < nrec; i++) {
			ck_assert_uint_le(p + 4, end);
			unsigned type = ld_le16(buf + p), size = ld_le16(buf + p + 2);

			ck_assert_uint_ge(size, 4);
			ck_assert_uint_le(p + size, end);
			if (type == 2) {
				ck_assert_msg(flow_v1_map_add(m, buf + p, size, &err) == 0,
					      "%s: %s", name, err.msg);
			} else if (type == 10) {
				ck_assert_uint_lt(n, MAX_FLOWS);
				ck_assert_msg(flow_record_decode_v1(&r, m, buf + p, size, &err) ==
					      (int)size, "%s: %s", name, err.msg);
				out[n++] = r;
			}
			p += size;
		}
		ck_assert_uint_eq(p, end);
		off = end;
	}
	ck_assert_uint_eq(off, len);
	flow_v1_maps_free(m);
	free(buf);
	return n;
}

/* Set A as samples/README.md and out/v1_1625_nfcapd_A_none.raw.txt give it. */
static const struct {
	uint64_t first, last;
	uint8_t proto, tcp_flags, tos;
	uint16_t sport, dport;
	uint64_t pkts, bytes;
	uint32_t src, dst;
	uint32_t in_if, out_if, src_as, dst_as, nh;
	uint8_t mask;
} set_a[5] = {
	{ 1699999990500, 1699999995500, 6, 0x1b, 0, 12345, 80, 10, 1500,
	  IP4(10, 0, 0, 1), IP4(192, 168, 1, 10), 1, 2, 65001, 65002, IP4(10, 0, 0, 254), 24 },
	{ 1699999991500, 1699999992000, 17, 0, 0, 5353, 5353, 3, 300,
	  IP4(10, 0, 0, 2), IP4(224, 0, 0, 251), 0, 0, 0, 0, 0, 0 },
	{ 1699999992500, 1699999995623, 1, 0, 0, 0, 2048, 4, 336,
	  IP4(10, 0, 0, 3), IP4(8, 8, 8, 8), 0, 0, 0, 0, 0, 0 },
	{ 1699999993500, 1700000000499, 6, 0x12, 0x20, 443, 51000, 20, 20000,
	  IP4(172, 16, 0, 5), IP4(10, 1, 2, 3), 0, 0, 0, 0, 0, 0 },
	{ 1699999994500, 1699999994500, 47, 0, 0, 0, 0, 1, 100,
	  IP4(10, 9, 8, 7), IP4(10, 7, 8, 9), 0, 0, 0, 0, 0, 0 },
};

START_TEST(test_sample_a)
{
	struct flow_record f[MAX_FLOWS];
	size_t n = walk_file("v1_1625_nfcapd_A_none.nf", f);

	ck_assert_uint_eq(n, 5);
	for (size_t i = 0; i < n; i++) {
		const struct flow_record *r = &f[i];

		/* "Elements = 6: 1 2 4 7 10 12" for every record */
		ck_assert_uint_eq(r->present, BIT(1) | BIT(2) | BIT(4) | BIT(7) | BIT(10) | BIT(12));
		ck_assert_uint_eq(r->engine_type, 1);
		ck_assert_uint_eq(r->engine_id, 2);
		ck_assert_uint_eq(r->exporter_sysid, 1);
		ck_assert_uint_eq(r->nfversion, 0);
		ck_assert_uint_eq(r->flags, 0);
		ck_assert_uint_eq(r->generic.msec_first, set_a[i].first);
		ck_assert_uint_eq(r->generic.msec_last, set_a[i].last);
		ck_assert_uint_eq(r->generic.msec_received, 1795714098369ULL);
		ck_assert_uint_eq(r->generic.proto, set_a[i].proto);
		ck_assert_uint_eq(r->generic.tcp_flags, set_a[i].tcp_flags);
		ck_assert_uint_eq(r->generic.src_port, set_a[i].sport);
		ck_assert_uint_eq(r->generic.dst_port, set_a[i].dport);
		ck_assert_uint_eq(r->generic.src_tos, set_a[i].tos);
		ck_assert_uint_eq(r->generic.fwd_status, 0);
		ck_assert_uint_eq(r->generic.in_packets, set_a[i].pkts);
		ck_assert_uint_eq(r->generic.in_bytes, set_a[i].bytes);
		ck_assert_uint_eq(r->ipv4.src, set_a[i].src);
		ck_assert_uint_eq(r->ipv4.dst, set_a[i].dst);
		ck_assert_uint_eq(r->misc.input, set_a[i].in_if);
		ck_assert_uint_eq(r->misc.output, set_a[i].out_if);
		ck_assert_uint_eq(r->misc.src_mask, set_a[i].mask);
		ck_assert_uint_eq(r->misc.dst_mask, set_a[i].mask);
		/*
		 * 1.7.1's raw output prints "dst tos = 32" for flow 4: its
		 * printer shows the src tos there.  The v1 ext-8 byte is 0.
		 */
		ck_assert_uint_eq(r->misc.dst_tos, 0);
		ck_assert_uint_eq(r->misc.dir, 0);
		ck_assert_uint_eq(r->misc.biflow_dir, 0);
		ck_assert_uint_eq(r->misc.end_reason, 0);
		ck_assert_uint_eq(r->as.src_as, set_a[i].src_as);
		ck_assert_uint_eq(r->as.dst_as, set_a[i].dst_as);
		ck_assert_uint_eq(r->ip_nh4.addr, set_a[i].nh);
		ck_assert_uint_eq(r->recv4.addr, IP4(127, 0, 0, 1));
		ck_assert_uint_eq(r->cnt.flows, 0);
	}
}
END_TEST

START_TEST(test_sample_b)
{
	struct flow_record f[MAX_FLOWS];
	size_t n = walk_file("v1_1625_nfcapd_B_v9_ipv6.nf", f);
	const uint64_t db8 = 0x20010db800000000ULL;

	ck_assert_uint_eq(n, 3);
	for (size_t i = 0; i < n; i++) {
		const struct flow_record *r = &f[i];
		uint64_t addr = i < 2 ? BIT(3) : BIT(2);

		/* v1 map 5 8 23 25 27: interfaces 0 -> only ext 8 makes EXflowMisc */
		ck_assert_uint_eq(r->present, BIT(1) | addr | BIT(4) | BIT(12));
		ck_assert_uint_eq(r->engine_type, 0);
		ck_assert_uint_eq(r->engine_id, 0);
		ck_assert_uint_eq(r->exporter_sysid, 1);
		ck_assert_uint_eq(r->nfversion, 0);
		ck_assert_uint_eq(r->flags, 0);
		ck_assert_uint_eq(r->generic.msec_received, 1795714345831ULL);
		ck_assert_uint_eq(r->recv4.addr, IP4(127, 0, 0, 1));
		ck_assert_uint_eq(r->misc.input, 0);
		ck_assert_uint_eq(r->misc.src_mask, 0);
	}
	/* UDP 2001:db8:1::10.5000 -> 2001:db8:2::20.5353, 2 pkts 196 bytes */
	ck_assert_uint_eq(f[0].ipv6.src.hi, db8 | 0x10000);
	ck_assert_uint_eq(f[0].ipv6.src.lo, 0x10);
	ck_assert_uint_eq(f[0].ipv6.dst.hi, db8 | 0x20000);
	ck_assert_uint_eq(f[0].ipv6.dst.lo, 0x20);
	ck_assert_uint_eq(f[0].generic.proto, 17);
	ck_assert_uint_eq(f[0].generic.src_port, 5000);
	ck_assert_uint_eq(f[0].generic.dst_port, 5353);
	ck_assert_uint_eq(f[0].generic.in_packets, 2);
	ck_assert_uint_eq(f[0].generic.in_bytes, 196);
	ck_assert_uint_eq(f[0].generic.msec_first, 1700000000800ULL);
	ck_assert_uint_eq(f[0].generic.msec_last, 1700000001300ULL);
	ck_assert_uint_eq(f[0].generic.tcp_flags, 0);
	/* TCP 2001:db8::1.40000 -> 2001:db8::2.443, 4 pkts 640 bytes, ...AP.S. */
	ck_assert_uint_eq(f[1].ipv6.src.hi, db8);
	ck_assert_uint_eq(f[1].ipv6.src.lo, 1);
	ck_assert_uint_eq(f[1].ipv6.dst.hi, db8);
	ck_assert_uint_eq(f[1].ipv6.dst.lo, 2);
	ck_assert_uint_eq(f[1].generic.proto, 6);
	ck_assert_uint_eq(f[1].generic.src_port, 40000);
	ck_assert_uint_eq(f[1].generic.dst_port, 443);
	ck_assert_uint_eq(f[1].generic.in_packets, 4);
	ck_assert_uint_eq(f[1].generic.in_bytes, 640);
	ck_assert_uint_eq(f[1].generic.msec_first, 1699999999800ULL);
	ck_assert_uint_eq(f[1].generic.msec_last, 1700000000550ULL);
	ck_assert_uint_eq(f[1].generic.tcp_flags, 0x1a);
	/* TCP 192.0.2.1:1025 -> 198.51.100.2:22, 3 pkts 150 bytes, ...AP... */
	ck_assert_uint_eq(f[2].ipv4.src, IP4(192, 0, 2, 1));
	ck_assert_uint_eq(f[2].ipv4.dst, IP4(198, 51, 100, 2));
	ck_assert_uint_eq(f[2].ipv6.src.hi, 0);	/* reused record: cleared */
	ck_assert_uint_eq(f[2].generic.proto, 6);
	ck_assert_uint_eq(f[2].generic.src_port, 1025);
	ck_assert_uint_eq(f[2].generic.dst_port, 22);
	ck_assert_uint_eq(f[2].generic.in_packets, 3);
	ck_assert_uint_eq(f[2].generic.in_bytes, 150);
	ck_assert_uint_eq(f[2].generic.msec_first, 1700000001800ULL);
	ck_assert_uint_eq(f[2].generic.msec_last, 1700000002000ULL);
	ck_assert_uint_eq(f[2].generic.tcp_flags, 0x18);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("v1");
	TCase *samples = tcase_create("samples");
	TCase *ext = tcase_create("extensions");

	tcase_add_test(samples, test_sample_a);
	tcase_add_test(samples, test_sample_b);
	suite_add_tcase(s, samples);

	v1t_add_ext_tests(ext);
	v1t_add_map_tests(ext);
	suite_add_tcase(s, ext);

	suite_add_tcase(s, v1t_bad_tcase());
	return tu_run(s) ? 1 : 0;
}
