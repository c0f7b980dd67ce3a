/*
 * Unit tests for lib/proto: the bytes of v5, v9 and IPFIX datagrams built
 * from one known record, datagram limits, and the big-endian writer.
 */
#include <string.h>

#include "proto/enc_int.h"
#include "proto/encode.h"
#include "testutil.h"
#include "util/endian.h"
#include "util/err.h"

#define NOW 1700000000123ull	/* 2023-11-14 22:13:20.123 UTC */
#define BOOT (NOW - 3600000)

static void known_record(struct flow_record *r)
{
	flow_record_clear(r);
	r->present = (1ull << EX_GENERIC) | (1ull << EX_IPV4) | (1ull << EX_MISC) |
		     (1ull << EX_AS) | (1ull << EX_IP_NH4);
	r->generic.msec_first = NOW - 1500;
	r->generic.msec_last = NOW - 500;
	r->generic.in_packets = 10;
	r->generic.in_bytes = 4000;
	r->generic.src_port = 51000;
	r->generic.dst_port = 443;
	r->generic.proto = 6;
	r->generic.tcp_flags = 0x1b;
	r->generic.src_tos = 0x28;
	r->ipv4.src = 0x0a000001;	/* 10.0.0.1 */
	r->ipv4.dst = 0xac100002;	/* 172.16.0.2 */
	r->ip_nh4.addr = 0xc0a80001;
	r->misc.input = 3;
	r->misc.output = 7;
	r->misc.src_mask = 8;
	r->misc.dst_mask = 12;
	r->as.src_as = 64512;
	r->as.dst_as = 65001;
}

static void enc_init(struct flow_enc *e, int version)
{
	memset(e, 0, sizeof(*e));
	e->ops = flow_encoder_find(version);
	ck_assert_ptr_nonnull(e->ops);
	e->source_id = 42;
	e->engine_type = 1;
	e->engine_id = 2;
	e->boot_msec = BOOT;
}

START_TEST(v5_layout)
{
	struct flow_record r;
	struct flow_enc e;
	uint8_t b[FLOW_ENC_MTU];

	known_record(&r);
	enc_init(&e, 5);
	ck_assert_int_eq(e.ops->begin(&e, b, sizeof(b), NOW), 0);
	ck_assert_int_eq(e.ops->add(&e, &r), 0);
	ck_assert_uint_eq(e.ops->finish(&e), 24 + 48);
	ck_assert_uint_eq(ld_be16(b), 5);
	ck_assert_uint_eq(ld_be16(b + 2), 1);
	ck_assert_uint_eq(ld_be32(b + 4), 3600000);		/* sysUptime */
	ck_assert_uint_eq(ld_be32(b + 8), 1700000000);
	ck_assert_uint_eq(ld_be32(b + 12), 123000000);
	ck_assert_uint_eq(ld_be32(b + 16), 0);			/* flow_sequence */
	ck_assert_uint_eq(b[20], 1);
	ck_assert_uint_eq(b[21], 2);
	ck_assert_uint_eq(ld_be16(b + 22), 0);
	const uint8_t *p = b + 24;

	ck_assert_uint_eq(ld_be32(p), 0x0a000001);
	ck_assert_uint_eq(ld_be32(p + 4), 0xac100002);
	ck_assert_uint_eq(ld_be32(p + 8), 0xc0a80001);
	ck_assert_uint_eq(ld_be16(p + 12), 3);
	ck_assert_uint_eq(ld_be16(p + 14), 7);
	ck_assert_uint_eq(ld_be32(p + 16), 10);
	ck_assert_uint_eq(ld_be32(p + 20), 4000);
	ck_assert_uint_eq(ld_be32(p + 24), 3600000 - 1500);	/* First */
	ck_assert_uint_eq(ld_be32(p + 28), 3600000 - 500);	/* Last */
	ck_assert_uint_eq(ld_be16(p + 32), 51000);
	ck_assert_uint_eq(ld_be16(p + 34), 443);
	ck_assert_uint_eq(p[36], 0);
	ck_assert_uint_eq(p[37], 0x1b);
	ck_assert_uint_eq(p[38], 6);
	ck_assert_uint_eq(p[39], 0x28);
	ck_assert_uint_eq(ld_be16(p + 40), 64512);
	ck_assert_uint_eq(ld_be16(p + 42), 65001);
	ck_assert_uint_eq(p[44], 8);
	ck_assert_uint_eq(p[45], 12);
	ck_assert_uint_eq(ld_be16(p + 46), 0);
	/* the next datagram's sequence counts the flows already sent */
	ck_assert_int_eq(e.ops->begin(&e, b, sizeof(b), NOW), 0);
	ck_assert_uint_eq(ld_be32(b + 16), 1);
}
END_TEST

START_TEST(v5_limits)
{
	struct flow_record r;
	struct flow_enc e;
	uint8_t b[FLOW_ENC_MTU];

	known_record(&r);
	enc_init(&e, 5);
	e.ops->begin(&e, b, sizeof(b), NOW);
	for (int i = 0; i < 30; i++)
		ck_assert_int_eq(e.ops->add(&e, &r), 0);
	ck_assert_int_eq(e.ops->add(&e, &r), FLOW_ENC_FULL);
	ck_assert_uint_eq(e.ops->finish(&e), 24 + 30 * 48);
	ck_assert_uint_eq(ld_be16(b + 2), 30);
	/* an empty datagram is not sent; v5 cannot carry IPv6 */
	e.ops->begin(&e, b, sizeof(b), NOW);
	ck_assert_uint_eq(e.ops->finish(&e), 0);
	r.present = (1ull << EX_GENERIC) | (1ull << EX_IPV6);
	e.ops->begin(&e, b, sizeof(b), NOW);
	ck_assert_int_lt(e.ops->add(&e, &r), 0);
	/* a buffer too small for the header fails, never writes past cap */
	ck_assert_int_lt(e.ops->begin(&e, b, 10, NOW), 0);
	/* room for the header and one record: the second does not fit */
	known_record(&r);
	ck_assert_int_eq(e.ops->begin(&e, b, 24 + 48 + 47, NOW), 0);
	ck_assert_int_eq(e.ops->add(&e, &r), 0);
	ck_assert_int_eq(e.ops->add(&e, &r), FLOW_ENC_FULL);
}
END_TEST

/* Check a template at p (id, count, fields); returns the bytes it takes. */
static size_t check_template(const uint8_t *p, uint16_t id, int ipfix, int v6)
{
	const struct enc_template *t = enc_template(ipfix, v6);
	unsigned sum = 0;

	ck_assert_uint_eq(ld_be16(p), id);
	ck_assert_uint_eq(ld_be16(p + 2), t->nfields);
	for (unsigned i = 0; i < t->nfields; i++) {
		ck_assert_uint_eq(ld_be16(p + 4 + 4 * i), t->fields[i].id);
		ck_assert_uint_eq(ld_be16(p + 6 + 4 * i), t->fields[i].len);
		sum += t->fields[i].len;
	}
	ck_assert_uint_eq(sum, t->reclen);
	return 4 + 4u * t->nfields;
}

START_TEST(v9_layout)
{
	struct flow_record r;
	struct flow_enc e;
	uint8_t b[FLOW_ENC_MTU];
	size_t len, off;

	known_record(&r);
	enc_init(&e, 9);
	e.template_every = 2;
	ck_assert_int_eq(e.ops->begin(&e, b, sizeof(b), NOW), 0);
	ck_assert_int_eq(e.ops->add(&e, &r), 0);
	len = e.ops->finish(&e);
	ck_assert_uint_eq(ld_be16(b), 9);
	ck_assert_uint_eq(ld_be16(b + 2), 3);		/* 2 templates + 1 record */
	ck_assert_uint_eq(ld_be32(b + 4), 3600000);
	ck_assert_uint_eq(ld_be32(b + 8), 1700000000);
	ck_assert_uint_eq(ld_be32(b + 12), 0);		/* packet sequence */
	ck_assert_uint_eq(ld_be32(b + 16), 42);		/* source id */
	ck_assert_uint_eq(ld_be16(b + 20), 0);		/* template flowset */
	off = 24;
	off += check_template(b + off, 256, 0, 0);
	ck_assert_uint_eq(enc_template(0, 0)->nfields, 18);
	off += check_template(b + off, 257, 0, 1);
	ck_assert_uint_eq(ld_be16(b + 22), off - 20);
	/* data flowset: 61-byte record padded to 4 */
	ck_assert_uint_eq(enc_template(0, 0)->reclen, 61);
	ck_assert_uint_eq(ld_be16(b + off), 256);
	ck_assert_uint_eq(ld_be16(b + off + 2), 4 + 64);
	ck_assert_uint_eq(len, off + 68);
	const uint8_t *p = b + off + 4;

	ck_assert_uint_eq(ld_be32(p), 0x0a000001);
	ck_assert_uint_eq(ld_be32(p + 4), 0xac100002);
	ck_assert_uint_eq(ld_be32(p + 8), 0xc0a80001);
	ck_assert_uint_eq(ld_be32(p + 12), 3);
	ck_assert_uint_eq(ld_be32(p + 16), 7);
	ck_assert_uint_eq(ld_be64(p + 20), 10);
	ck_assert_uint_eq(ld_be64(p + 28), 4000);
	ck_assert_uint_eq(ld_be32(p + 36), 3600000 - 1500);	/* FIRST_SWITCHED */
	ck_assert_uint_eq(ld_be32(p + 40), 3600000 - 500);
	ck_assert_uint_eq(ld_be16(p + 44), 51000);
	ck_assert_uint_eq(ld_be16(p + 46), 443);
	ck_assert_uint_eq(p[48], 0x1b);
	ck_assert_uint_eq(p[49], 6);
	ck_assert_uint_eq(p[50], 0x28);
	ck_assert_uint_eq(ld_be32(p + 51), 64512);
	ck_assert_uint_eq(ld_be32(p + 55), 65001);
	ck_assert_uint_eq(p[59], 8);
	ck_assert_uint_eq(p[60], 12);
	/* second datagram: no templates; third: templates again */
	e.ops->begin(&e, b, sizeof(b), NOW);
	e.ops->add(&e, &r);
	e.ops->finish(&e);
	ck_assert_uint_eq(ld_be32(b + 12), 1);
	ck_assert_uint_eq(ld_be16(b + 20), 256);
	ck_assert_uint_eq(ld_be16(b + 2), 1);
	e.ops->begin(&e, b, sizeof(b), NOW);
	ck_assert_uint_eq(ld_be16(b + 20), 0);
}
END_TEST

START_TEST(v9_mixed_families)
{
	struct flow_record r4, r6;
	struct flow_enc e;
	uint8_t b[FLOW_ENC_MTU];
	size_t len, off;

	known_record(&r4);
	known_record(&r6);
	r6.present = (r6.present & ~(1ull << EX_IPV4)) | (1ull << EX_IPV6);
	r6.ipv6.src = (struct flow_ip6){ 0x20010db800000000ull, 1 };
	enc_init(&e, 9);
	e.ops->begin(&e, b, sizeof(b), NOW);
	off = 20 + ld_be16(b + 22);
	ck_assert_int_eq(e.ops->add(&e, &r4), 0);
	ck_assert_int_eq(e.ops->add(&e, &r6), 0);
	len = e.ops->finish(&e);
	ck_assert_uint_eq(ld_be16(b + off), 256);
	off += ld_be16(b + off + 2);
	ck_assert_uint_eq(ld_be16(b + off), 257);
	ck_assert_uint_eq(ld_be16(b + off + 2), 4 + 84);	/* 81 padded */
	ck_assert_uint_eq(ld_be64(b + off + 4), 0x20010db800000000ull);
	ck_assert_uint_eq(len, off + 88);
	ck_assert_uint_eq(ld_be16(b + 2), 4);
	/* datagrams fill up and report it instead of overrunning */
	int rc, n = 0;

	e.ops->begin(&e, b, sizeof(b), NOW);
	while ((rc = e.ops->add(&e, &r6)) == 0)
		n++;
	ck_assert_int_eq(rc, FLOW_ENC_FULL);
	ck_assert_uint_le(e.ops->finish(&e), FLOW_ENC_MTU);
	/* 1464 - 20 header - 4 set header = 1440; 17 records of 81 fit, 3 left for padding */
	ck_assert_int_eq(n, 17);
}
END_TEST

START_TEST(ipfix_layout)
{
	struct flow_record r;
	struct flow_enc e;
	uint8_t b[FLOW_ENC_MTU];
	size_t len, off;

	known_record(&r);
	enc_init(&e, 10);
	e.ops->begin(&e, b, sizeof(b), NOW);
	ck_assert_int_eq(e.ops->add(&e, &r), 0);
	ck_assert_int_eq(e.ops->add(&e, &r), 0);
	len = e.ops->finish(&e);
	ck_assert_uint_eq(ld_be16(b), 10);
	ck_assert_uint_eq(ld_be16(b + 2), len);		/* message length */
	ck_assert_uint_eq(ld_be32(b + 4), 1700000000);
	ck_assert_uint_eq(ld_be32(b + 8), 0);
	ck_assert_uint_eq(ld_be32(b + 12), 42);		/* observation domain */
	ck_assert_uint_eq(ld_be16(b + 16), 2);		/* template set */
	off = 20;
	off += check_template(b + off, 256, 1, 0);
	off += check_template(b + off, 257, 1, 1);
	ck_assert_uint_eq(ld_be16(b + 18), off - 16);
	ck_assert_uint_eq(ld_be16(b + off), 256);
	ck_assert_uint_eq(ld_be16(b + off + 2), 4 + 2 * 69 + 2);
	ck_assert_uint_eq(len, off + 144);
	/* absolute times: flowStartMilliseconds, flowEndMilliseconds */
	const uint8_t *p = b + off + 4;

	ck_assert_uint_eq(ld_be64(p + 36), NOW - 1500);
	ck_assert_uint_eq(ld_be64(p + 44), NOW - 500);
	ck_assert_uint_eq(ld_be32(p + 69), 0x0a000001);	/* second record */
	/* sequence: data records sent before this message */
	e.ops->begin(&e, b, sizeof(b), NOW);
	ck_assert_uint_eq(ld_be32(b + 8), 2);
}
END_TEST

START_TEST(writer_bounds)
{
	uint8_t b[8];
	struct flow_bew w;

	flow_bew_init(&w, b, sizeof(b));
	ck_assert_int_eq(flow_bew_u32(&w, 0x01020304), 0);
	ck_assert_int_eq(flow_bew_u16(&w, 0x0506), 0);
	ck_assert_int_eq(flow_bew_u32(&w, 0xffffffff), -1);
	ck_assert(w.overflow);
	ck_assert_uint_eq(w.len, 6);
	ck_assert_int_eq(flow_bew_u8(&w, 7), -1);	/* sticky */
	ck_assert_int_eq(flow_bew_put16_at(&w, 4, 0xa0b0), 0);
	ck_assert_int_eq(flow_bew_put32_at(&w, 4, 0), -1);
	static const uint8_t want[] = { 1, 2, 3, 4, 0xa0, 0xb0 };

	ck_assert_mem_eq(b, want, 6);
	flow_bew_init(&w, b, sizeof(b));
	ck_assert_int_eq(flow_bew_u64(&w, 0x0102030405060708ull), 0);
	ck_assert_uint_eq(ld_be64(b), 0x0102030405060708ull);
	ck_assert_ptr_null(flow_encoder_find(7));
	ck_assert_str_eq(flow_encoder_find(10)->name, "ipfix");
}
END_TEST

int main(void)
{
	Suite *s = suite_create("proto");
	TCase *tc = tcase_create("encode");

	tcase_add_test(tc, v5_layout);
	tcase_add_test(tc, v5_limits);
	tcase_add_test(tc, v9_layout);
	tcase_add_test(tc, v9_mixed_families);
	tcase_add_test(tc, ipfix_layout);
	tcase_add_test(tc, writer_bounds);
	suite_add_tcase(s, tc);
	return tu_run(s) ? 1 : 0;
}
