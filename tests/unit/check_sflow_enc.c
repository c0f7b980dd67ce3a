/*
 * Unit tests for lib/proto/sflow_enc.c: the bytes of an sFlow v5 datagram
 * built from one known record (header, flow sample, raw packet header,
 * extended switch/router/gateway), packet sizes, counter samples, and
 * datagram limits.  Offsets follow sflow.org's "sFlow Version 5".
 */
#include <string.h>

#include "proto/encode.h"
#include "testutil.h"
#include "util/endian.h"
#include "util/err.h"

#define NOW 1700000000123ull	/* 2023-11-14 22:13:20.123 UTC */
#define BOOT (NOW - 3600000)
#define HDR 28			/* datagram header with an IPv4 agent */

static void known_record(struct flow_record *r)
{
	flow_record_clear(r);
	r->present = (1ull << EX_GENERIC) | (1ull << EX_IPV4) | (1ull << EX_MISC) |
		     (1ull << EX_AS) | (1ull << EX_IP_NH4) | (1ull << EX_VLAN);
	r->generic.msec_first = NOW - 1500;
	r->generic.msec_last = NOW - 500;
	r->generic.in_packets = 10;
	r->generic.in_bytes = 4000;	/* 400-byte packets */
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
	r->vlan.src_vlan = 30;
	r->vlan.dst_vlan = 70;
}

static void enc_init(struct flow_enc *e)
{
	memset(e, 0, sizeof(*e));
	e->ops = flow_encoder_find(FLOW_ENC_SFLOW5);
	ck_assert_ptr_nonnull(e->ops);
	ck_assert_str_eq(e->ops->name, "sflow");
	e->source_id = 42;
	e->boot_msec = BOOT;
}

/* One's complement sum of an IPv4 header with its checksum: 0xffff. */
static uint16_t sum16(const uint8_t *p, size_t n)
{
	uint32_t s = 0;

	for (size_t i = 0; i < n; i += 2)
		s += ld_be16(p + i);
	while (s >> 16)
		s = (s & 0xffff) + (s >> 16);
	return (uint16_t)s;
}

/*
 * Walk the samples of datagram b (len bytes) by their lengths: they must
 * end exactly at len.  Returns the number of samples of type `type`.
 */
static unsigned walk(const uint8_t *b, size_t len, uint32_t type)
{
	size_t off = HDR;
	unsigned n = 0, all = 0;

	while (off < len) {
		ck_assert_uint_le(off + 8, len);
		if (ld_be32(b + off) == type)
			n++;
		off += 8 + ld_be32(b + off + 4);
		all++;
	}
	ck_assert_uint_eq(off, len);
	ck_assert_uint_eq(ld_be32(b + 24), all);
	return n;
}

START_TEST(sflow_layout)
{
	struct flow_record r;
	struct flow_enc e;
	uint8_t b[FLOW_ENC_MTU];

	known_record(&r);
	enc_init(&e);
	ck_assert_int_eq(e.ops->begin(&e, b, sizeof(b), NOW), 0);
	ck_assert_int_eq(e.ops->add(&e, &r), 0);
	size_t len = e.ops->finish(&e);

	ck_assert_uint_eq(walk(b, len, 1), 1);
	ck_assert_uint_eq(ld_be32(b), 5);
	ck_assert_uint_eq(ld_be32(b + 4), 1);			/* agent: IPv4 */
	ck_assert_uint_eq(ld_be32(b + 8), 0xc612002a);		/* 198.18.0.42 */
	ck_assert_uint_eq(ld_be32(b + 12), 42);			/* sub-agent */
	ck_assert_uint_eq(ld_be32(b + 16), 1);			/* sequence */
	ck_assert_uint_eq(ld_be32(b + 20), 3600000);		/* uptime */
	const uint8_t *s = b + HDR;

	ck_assert_uint_eq(ld_be32(s), 1);			/* flow sample */
	ck_assert_uint_eq(ld_be32(s + 8), 1);			/* its sequence */
	ck_assert_uint_eq(ld_be32(s + 12), 3);			/* source ifIndex 3 */
	ck_assert_uint_eq(ld_be32(s + 16), FLOW_ENC_SFLOW_RATE);
	ck_assert_uint_eq(ld_be32(s + 20), FLOW_ENC_SFLOW_RATE);	/* pool */
	ck_assert_uint_eq(ld_be32(s + 24), 0);			/* drops */
	ck_assert_uint_eq(ld_be32(s + 28), 3);
	ck_assert_uint_eq(ld_be32(s + 32), 7);
	ck_assert_uint_eq(ld_be32(s + 36), 4);			/* records */
	const uint8_t *h = s + 40;

	/* raw header: 14 + 4 (802.1Q) + 400 + 4 (FCS) bytes, 128 kept */
	ck_assert_uint_eq(ld_be32(h), 1);
	ck_assert_uint_eq(ld_be32(h + 4), 16 + 128);
	ck_assert_uint_eq(ld_be32(h + 8), 1);			/* Ethernet */
	ck_assert_uint_eq(ld_be32(h + 12), 422);
	ck_assert_uint_eq(ld_be32(h + 16), 422 - 128);		/* stripped */
	ck_assert_uint_eq(ld_be32(h + 20), 128);
	const uint8_t *p = h + 24;
	ck_assert_uint_eq(ld_be16(p), 0x0200);			/* dst 02:00:2a:02:00:07 */
	ck_assert_uint_eq(ld_be32(p + 2), 0x2a020007);
	ck_assert_uint_eq(ld_be16(p + 6), 0x0200);		/* src 02:00:2a:01:00:03 */
	ck_assert_uint_eq(ld_be32(p + 8), 0x2a010003);
	ck_assert_uint_eq(ld_be16(p + 12), 0x8100);
	ck_assert_uint_eq(ld_be16(p + 14), 30);
	ck_assert_uint_eq(ld_be16(p + 16), 0x0800);
	const uint8_t *ip = p + 18;

	ck_assert_uint_eq(ip[0], 0x45);
	ck_assert_uint_eq(ip[1], 0x28);
	ck_assert_uint_eq(ld_be16(ip + 2), 400);
	ck_assert_uint_eq(ip[9], 6);
	ck_assert_uint_eq(sum16(ip, 20), 0xffff);
	ck_assert_uint_eq(ld_be32(ip + 12), 0x0a000001);
	ck_assert_uint_eq(ld_be32(ip + 16), 0xac100002);
	ck_assert_uint_eq(ld_be16(ip + 20), 51000);
	ck_assert_uint_eq(ld_be16(ip + 22), 443);
	ck_assert_uint_eq(ip[32], 5 << 4);			/* TCP data offset */
	ck_assert_uint_eq(ip[33], 0x18);	/* mid-flow packet: ACK PSH */
	const uint8_t *x = h + 24 + 128;

	ck_assert_uint_eq(ld_be32(x), 1001);			/* switch */
	ck_assert_uint_eq(ld_be32(x + 8), 30);
	ck_assert_uint_eq(ld_be32(x + 16), 70);
	x += 24;
	ck_assert_uint_eq(ld_be32(x), 1002);			/* router */
	ck_assert_uint_eq(ld_be32(x + 8), 1);
	ck_assert_uint_eq(ld_be32(x + 12), 0xc0a80001);
	ck_assert_uint_eq(ld_be32(x + 16), 8);
	ck_assert_uint_eq(ld_be32(x + 20), 12);
	x += 24;
	ck_assert_uint_eq(ld_be32(x), 1003);			/* gateway */
	ck_assert_uint_eq(ld_be32(x + 12), 0xc0a80001);		/* BGP next hop */
	ck_assert_uint_eq(ld_be32(x + 20), 64512);		/* src_as */
	ck_assert_uint_eq(ld_be32(x + 28), 1);			/* one segment */
	ck_assert_uint_eq(ld_be32(x + 40), 65001);		/* dst_as */
	ck_assert_ptr_eq(x + 8 + ld_be32(x + 4), b + len);
	/* the next datagram and the next sample from ifIndex 3 count on */
	e.ops->begin(&e, b, sizeof(b), NOW);
	e.ops->add(&e, &r);
	ck_assert_uint_eq(ld_be32(b + 16), 2);
	ck_assert_uint_eq(ld_be32(b + HDR + 8), 2);
	ck_assert_uint_eq(ld_be32(b + HDR + 20), 2 * FLOW_ENC_SFLOW_RATE);
}
END_TEST

/* Small, IPv6, UDP, ICMP: sizes, padding and which records appear. */
START_TEST(sflow_packets)
{
	struct flow_record r;
	struct flow_enc e;
	uint8_t b[FLOW_ENC_MTU];

	enc_init(&e);
	e.sampling_rate = 64;
	/* a 1-packet ICMP echo of 28 bytes: a 64-byte frame, 60 captured */
	known_record(&r);
	r.present &= ~(1ull << EX_VLAN);
	r.generic.proto = 1;
	r.generic.dst_port = 0x0800;
	r.generic.in_packets = 1;
	r.generic.in_bytes = 28;
	e.ops->begin(&e, b, sizeof(b), NOW);
	ck_assert_int_eq(e.ops->add(&e, &r), 0);
	size_t len = e.ops->finish(&e);
	const uint8_t *s = b + HDR, *h = s + 40;

	ck_assert_uint_eq(walk(b, len, 1), 1);
	ck_assert_uint_eq(ld_be32(s + 16), 64);
	ck_assert_uint_eq(ld_be32(s + 36), 3);	/* header, router, gateway */
	ck_assert_uint_eq(ld_be32(h + 12), 64);
	ck_assert_uint_eq(ld_be32(h + 20), 60);
	ck_assert_uint_eq(ld_be16(h + 24 + 12), 0x0800);
	ck_assert_uint_eq(h[24 + 14 + 20], 8);	/* echo request */
	ck_assert_uint_eq(sum16(h + 24 + 14 + 20, 8), 0xffff);

	/* IPv6 UDP, IPv6 next hop: no gateway record (see sflow_enc.c) */
	known_record(&r);
	r.present = (1ull << EX_GENERIC) | (1ull << EX_IPV6) | (1ull << EX_MISC) |
		    (1ull << EX_AS) | (1ull << EX_IP_NH6);
	r.ipv6.src = (struct flow_ip6){ 0x20010db800000000ull, 1 };
	r.ipv6.dst = (struct flow_ip6){ 0x20010db8ffff0000ull, 2 };
	r.ip_nh6.addr = (struct flow_ip6){ 0xfe80000000000000ull, 9 };
	r.generic.proto = 17;
	r.generic.in_bytes = 10 * 90;
	e.ops->begin(&e, b, sizeof(b), NOW);
	ck_assert_int_eq(e.ops->add(&e, &r), 0);
	len = e.ops->finish(&e);
	ck_assert_uint_eq(walk(b, len, 1), 1);
	ck_assert_uint_eq(ld_be32(s + 36), 2);	/* header, router */
	ck_assert_uint_eq(ld_be32(h + 12), 14 + 90 + 4);
	ck_assert_uint_eq(ld_be32(h + 20), 14 + 90);
	const uint8_t *ip = h + 24 + 14;

	ck_assert_uint_eq(ld_be16(h + 24 + 12), 0x86dd);
	ck_assert_uint_eq(ip[0] >> 4, 6);
	ck_assert_uint_eq(ld_be16(ip + 4), 90 - 40);
	ck_assert_uint_eq(ip[6], 17);
	ck_assert_uint_eq(ld_be64(ip + 8), 0x20010db800000000ull);
	ck_assert_uint_eq(ld_be64(ip + 16), 1);
	ck_assert_uint_eq(ld_be16(ip + 40 + 4), 90 - 40);	/* UDP length */
	ck_assert_uint_ne(ld_be16(ip + 40 + 6), 0);	/* IPv6 UDP: checksum set */
	const uint8_t *x = h + 24 + ((14 + 90 + 3) & ~3u);

	ck_assert_uint_eq(ld_be32(x), 1002);
	ck_assert_uint_eq(ld_be32(x + 8), 2);			/* IPv6 next hop */
	ck_assert_uint_eq(ld_be64(x + 12), 0xfe80000000000000ull);

	/* an ICMP unreachable quotes the offending packet: 20 + 8 + 28 */
	known_record(&r);
	r.generic.proto = 1;
	r.generic.dst_port = 0x0303;
	r.generic.in_bytes = 10 * 30;
	e.ops->begin(&e, b, sizeof(b), NOW);
	ck_assert_int_eq(e.ops->add(&e, &r), 0);
	e.ops->finish(&e);
	ip = h + 24 + 18;
	ck_assert_uint_eq(ld_be16(ip + 2), 56);
	ck_assert_uint_eq(ip[28], 0x45);
	ck_assert_uint_eq(ld_be32(ip + 28 + 12), 0xac100002);	/* from the dst */
	ck_assert_uint_eq(sum16(ip + 20, 36), 0xffff);
}
END_TEST

START_TEST(sflow_counters)
{
	struct flow_record r;
	struct flow_enc e;
	uint8_t b[FLOW_ENC_MTU];

	known_record(&r);
	enc_init(&e);
	e.template_every = 2;
	e.ops->begin(&e, b, sizeof(b), NOW);
	e.ops->add(&e, &r);
	ck_assert_uint_eq(walk(b, e.ops->finish(&e), 2), 0);
	e.ops->begin(&e, b, sizeof(b), NOW);
	e.ops->add(&e, &r);
	size_t len = e.ops->finish(&e);

	/* every 2nd datagram ends with one: ifIndex 3 saw 2 samples * 1000 */
	ck_assert_uint_eq(walk(b, len, 2), 1);
	const uint8_t *c = b + len - 116;

	ck_assert_uint_eq(ld_be32(c), 2);
	ck_assert_uint_eq(ld_be32(c + 4), 108);
	ck_assert_uint_eq(ld_be32(c + 8), 1);			/* its sequence */
	ck_assert_uint_eq(ld_be32(c + 12), 3);
	ck_assert_uint_eq(ld_be32(c + 20), 1);			/* generic */
	ck_assert_uint_eq(ld_be32(c + 24), 88);
	ck_assert_uint_eq(ld_be32(c + 28), 3);			/* ifIndex */
	ck_assert_uint_eq(ld_be64(c + 52), 2ull * 1000 * 422);	/* ifInOctets */
	ck_assert_uint_eq(ld_be32(c + 60), 2000);		/* ifInUcastPkts */
	ck_assert_uint_eq(ld_be64(c + 84), 0);			/* ifOutOctets */
	/* the next one reports the output interface 7 */
	for (int i = 0; i < 2; i++) {
		e.ops->begin(&e, b, sizeof(b), NOW);
		e.ops->add(&e, &r);
		len = e.ops->finish(&e);
	}
	c = b + len - 116;
	ck_assert_uint_eq(ld_be32(c + 28), 7);
	ck_assert_uint_eq(ld_be64(c + 84), 4ull * 1000 * 422);
}
END_TEST

START_TEST(sflow_limits)
{
	struct flow_record r;
	struct flow_enc e;
	uint8_t b[FLOW_ENC_MTU];
	unsigned n = 0;

	known_record(&r);
	enc_init(&e);
	e.ops->begin(&e, b, sizeof(b), NOW);
	while (e.ops->add(&e, &r) == 0)
		n++;
	ck_assert_uint_ge(n, 4);
	size_t len = e.ops->finish(&e);

	ck_assert_uint_le(len, FLOW_ENC_MTU);
	ck_assert_uint_eq(walk(b, len, 1), n);
	/* an empty datagram is not sent; a record without addresses is refused */
	e.ops->begin(&e, b, sizeof(b), NOW);
	ck_assert_uint_eq(e.ops->finish(&e), 0);
	r.present = 1ull << EX_GENERIC;
	e.ops->begin(&e, b, sizeof(b), NOW);
	ck_assert_int_lt(e.ops->add(&e, &r), 0);
	/* too small for the header: fails, never writes past cap */
	ck_assert_int_lt(e.ops->begin(&e, b, 20, NOW), 0);
	known_record(&r);
	ck_assert_int_eq(e.ops->begin(&e, b, 100, NOW), 0);
	ck_assert_int_eq(e.ops->add(&e, &r), FLOW_ENC_FULL);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("proto_sflow");
	TCase *tc = tcase_create("encode");

	tcase_add_test(tc, sflow_layout);
	tcase_add_test(tc, sflow_packets);
	tcase_add_test(tc, sflow_counters);
	tcase_add_test(tc, sflow_limits);
	suite_add_tcase(s, tc);
	return tu_run(s) ? 1 : 0;
}
