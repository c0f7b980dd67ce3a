/*
 * Round trips: records encoded by our own v5, v9 and IPFIX encoders
 * (lib/proto/v5_enc.c, v9_enc.c, ipfix_enc.c) decode back to the same values, for IPv4 and IPv6
 * flows, over many datagrams (templates repeated, sequence numbers
 * continuous: no sequence failures).
 */
#include <string.h>

#include "dec_util.h"
#include "proto/decode.h"
#include "proto/encode.h"
#include "testutil.h"

#define NOW 1700000000000ull	/* whole seconds: v9 headers carry no milliseconds */
#define BOOT (NOW - 7200000)

static void make_record(struct flow_record *r, unsigned i, int v6)
{
	flow_record_clear(r);
	r->present = 1ull << EX_GENERIC | 1ull << EX_MISC | 1ull << EX_AS | 1ull << EX_IP_NH4 |
		     (v6 ? 1ull << EX_IPV6 : 1ull << EX_IPV4);
	r->generic.msec_first = NOW - 5000 + i;
	r->generic.msec_last = NOW - 1000 + i;
	r->generic.in_packets = 10 + i;
	r->generic.in_bytes = 4000 + 7 * i;
	r->generic.src_port = (uint16_t)(1024 + i);
	r->generic.dst_port = 443;
	r->generic.proto = i % 2 ? 17 : 6;
	r->generic.tcp_flags = 0x1b;
	r->generic.src_tos = 0x28;
	if (v6) {
		r->ipv6.src = (struct flow_ip6){ 0x20010db800000000ull, i };
		r->ipv6.dst = (struct flow_ip6){ 0x20010db800000001ull, 2 };
		r->present &= ~(1ull << EX_IP_NH4);
	} else {
		r->ipv4.src = 0x0a000000 + i;
		r->ipv4.dst = 0xac100002;
		r->ip_nh4.addr = 0xc0a80001;
	}
	r->misc.input = 3;
	r->misc.output = 7;
	r->misc.src_mask = 8;
	r->misc.dst_mask = 12;
	r->as.src_as = 64512;
	r->as.dst_as = 65001;
}

static void check_same(const struct flow_record *a, const struct flow_record *b, int version)
{
	ck_assert_uint_eq(a->generic.msec_first, b->generic.msec_first);
	ck_assert_uint_eq(a->generic.msec_last, b->generic.msec_last);
	ck_assert_uint_eq(a->generic.in_packets, b->generic.in_packets);
	ck_assert_uint_eq(a->generic.in_bytes, b->generic.in_bytes);
	ck_assert_uint_eq(a->generic.src_port, b->generic.src_port);
	ck_assert_uint_eq(a->generic.dst_port, b->generic.dst_port);
	ck_assert_uint_eq(a->generic.proto, b->generic.proto);
	ck_assert_uint_eq(a->generic.tcp_flags, b->generic.tcp_flags);
	ck_assert_uint_eq(a->generic.src_tos, b->generic.src_tos);
	ck_assert_uint_eq(flow_has(a, EX_IPV6), flow_has(b, EX_IPV6));
	if (flow_has(a, EX_IPV6)) {
		ck_assert_uint_eq(a->ipv6.src.hi, b->ipv6.src.hi);
		ck_assert_uint_eq(a->ipv6.src.lo, b->ipv6.src.lo);
		ck_assert_uint_eq(a->ipv6.dst.lo, b->ipv6.dst.lo);
	} else {
		ck_assert_uint_eq(a->ipv4.src, b->ipv4.src);
		ck_assert_uint_eq(a->ipv4.dst, b->ipv4.dst);
		ck_assert_uint_eq(a->ip_nh4.addr, b->ip_nh4.addr);
	}
	ck_assert_uint_eq(a->misc.input, b->misc.input);
	ck_assert_uint_eq(a->misc.output, b->misc.output);
	ck_assert_uint_eq(a->as.src_as, b->as.src_as);
	ck_assert_uint_eq(a->as.dst_as, b->as.dst_as);
	if (version != 5) {	/* nfcapd 1.7 drops v5 masks */
		ck_assert_uint_eq(a->misc.src_mask, b->misc.src_mask);
		ck_assert_uint_eq(a->misc.dst_mask, b->misc.dst_mask);
	}
	ck_assert_uint_eq(b->nfversion, version == 10 ? 10 : version);
	ck_assert_uint_eq(b->exporter_sysid, 1);
}

struct seqs {
	uint32_t failures;
	uint64_t flows;
};

static int get_seq(void *ctx, const struct flow_decoder_exporter *e)
{
	struct seqs *s = ctx;

	s->failures += e->sequence_failures;
	s->flows += e->flows;
	return 0;
}

static void round_trip(int version, int v6)
{
	struct flow_decoder_config cfg = { .kind = FLOW_DEC_NETFLOW };
	struct flow_decoder *dec = flow_decoder_new(&cfg, NULL);
	struct flow_enc e;
	struct du_sink s;
	struct sockaddr_in sa;
	struct flow_err err;
	struct flow_record in[100];
	uint8_t buf[FLOW_ENC_MTU];
	unsigned sent = 0;

	memset(&e, 0, sizeof(e));
	e.ops = flow_encoder_find(version);
	e.boot_msec = BOOT;
	e.source_id = 5;
	e.template_every = 3;
	du_sink_init(&s);
	du_addr4(&sa, 0);
	for (unsigned i = 0; i < 100; i++)
		make_record(&in[i], i, v6);
	while (sent < 100) {
		ck_assert_int_eq(e.ops->begin(&e, buf, sizeof(buf), NOW), 0);
		while (sent < 100 && e.ops->add(&e, &in[sent]) == 0)
			sent++;
		size_t len = e.ops->finish(&e);
		ck_assert_uint_gt(len, 0);
		ck_assert_int_ge(du_feed(dec, &sa, buf, len, &s, &err), 1);
	}
	ck_assert_uint_eq(s.nrecs, 100);
	for (unsigned i = 0; i < 100; i++)
		check_same(&in[i], &s.recs[i], version);
	struct seqs q = { 0, 0 };
	flow_decoder_foreach_exporter(dec, get_seq, &q);
	ck_assert_uint_eq(q.failures, 0);
	ck_assert_uint_eq(q.flows, 100);
	du_sink_free(&s);
	flow_decoder_free(dec);
}

START_TEST(rt_v5) { round_trip(5, 0); }
END_TEST
START_TEST(rt_v9_v4) { round_trip(9, 0); }
END_TEST
START_TEST(rt_v9_v6) { round_trip(9, 1); }
END_TEST
START_TEST(rt_ipfix_v4) { round_trip(10, 0); }
END_TEST
START_TEST(rt_ipfix_v6) { round_trip(10, 1); }
END_TEST

int main(void)
{
	Suite *s = suite_create("decode_rt");
	TCase *tc = tcase_create("round_trip");

	tcase_add_test(tc, rt_v5);
	tcase_add_test(tc, rt_v9_v4);
	tcase_add_test(tc, rt_v9_v6);
	tcase_add_test(tc, rt_ipfix_v4);
	tcase_add_test(tc, rt_ipfix_v6);
	suite_add_tcase(s, tc);
	return tu_run(s) ? 1 : 0;
}
