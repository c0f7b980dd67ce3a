/*
 * Decoder tests for NetFlow v1/v5/v7: vendor datagrams with the values
 * nfcapd 1.7.1 stores for them, crafted headers (sampling, uptime wrap,
 * v1/v7 layouts), and malformed datagrams.
 */
#include <string.h>

#include "dec_util.h"
#include "proto/dec_int.h"
#include "testutil.h"
#include "util/endian.h"

static struct flow_decoder *new_dec(int sampling)
{
	struct flow_decoder_config cfg = { .kind = FLOW_DEC_NETFLOW,
					   .sampling_override = sampling };
	struct flow_err err;
	struct flow_decoder *dec = flow_decoder_new(&cfg, &err);

	ck_assert_ptr_nonnull(dec);
	return dec;
}

/* Juniper MX80: 29 records, header sampling 1:1000 (nfcapd -o raw). */
START_TEST(juniper_mx80)
{
	struct flow_decoder *dec = new_dec(0);
	struct sockaddr_in sa;
	struct du_sink s;
	struct flow_err err;

	du_sink_init(&s);
	du_addr4(&sa, 0);
	ck_assert_int_eq(du_feed_file(dec, &sa, "netflow5_test_juniper_mx80.dat", &s, &err), 29);
	ck_assert_uint_eq(s.nrecs, 29);
	ck_assert_uint_eq(s.nexporters, 1);
	ck_assert_uint_eq(s.exporters[0].sysid, 1);
	ck_assert_uint_eq(s.exporters[0].version, 5);
	ck_assert_uint_eq(s.exporters[0].id, 0);
	ck_assert_uint_eq(s.exporters[0].ip.lo, 0x7f000001);
	ck_assert_uint_eq(s.nsamplers, 1);
	ck_assert_int_eq(s.samplers[0].id, -1);
	ck_assert_uint_eq(s.samplers[0].packet_interval, 1);
	ck_assert_uint_eq(s.samplers[0].space_interval, 999);
	ck_assert_uint_eq(s.samplers[0].sysid, 1);

	const struct flow_record *r = &s.recs[0];
	ck_assert_uint_eq(r->present, 1ull << EX_GENERIC | 1ull << EX_IPV4 | 1ull << EX_MISC |
			  1ull << EX_AS | 1ull << EX_IP_NH4 | 1ull << EX_RECV4);
	ck_assert_uint_eq(r->flags, V3_FLAG_SAMPLED);
	ck_assert_uint_eq(r->nfversion, 5);
	ck_assert_uint_eq(r->exporter_sysid, 1);
	ck_assert_uint_eq(r->generic.msec_first, 1469109154936ull);
	ck_assert_uint_eq(r->generic.msec_last, 1469109154936ull);
	ck_assert_uint_eq(r->generic.msec_received, DU_RECV_MSEC);
	ck_assert_uint_eq(r->generic.proto, 6);
	ck_assert_uint_eq(r->generic.tcp_flags, 0x10);
	ck_assert_uint_eq(r->generic.src_port, 443);
	ck_assert_uint_eq(r->generic.dst_port, 61608);
	ck_assert_uint_eq(r->generic.in_packets, 1000);
	ck_assert_uint_eq(r->generic.in_bytes, 1500000);
	ck_assert_uint_eq(r->ipv4.src, 0x0a000001);
	ck_assert_uint_eq(r->ipv4.dst, 0xc0a80002);
	ck_assert_uint_eq(r->misc.input, 542);
	ck_assert_uint_eq(r->misc.output, 536);
	ck_assert_uint_eq(r->misc.src_mask, 0);	/* nfcapd 1.7 drops v5 masks */
	ck_assert_uint_eq(r->as.src_as, 64497);
	ck_assert_uint_eq(r->as.dst_as, 64496);
	ck_assert_uint_eq(r->ip_nh4.addr, 0xc0a80002);
	ck_assert_uint_eq(r->recv4.addr, 0x7f000001);
	ck_assert_uint_eq(s.recs[1].generic.src_tos, 2);
	ck_assert_uint_eq(s.recs[1].generic.tcp_flags, 0xc2);

	const struct flow_decoder_counters *c = flow_decoder_counters(dec);
	ck_assert_uint_eq(c->datagrams, 1);
	ck_assert_uint_eq(c->flows, 29);
	du_sink_free(&s);
	flow_decoder_free(dec);
}
END_TEST

struct exp_count {
	unsigned n;
	struct flow_decoder_exporter e;
};

static int count_exp(void *ctx, const struct flow_decoder_exporter *e)
{
	struct exp_count *c = ctx;

	c->n++;
	c->e = *e;
	return 0;
}

/* 15 v5 units back to back in one buffer: 30 flows, no sequence gap. */
START_TEST(concatenated_units)
{
	struct flow_decoder *dec = new_dec(0);
	struct sockaddr_in sa;
	struct du_sink s;
	struct flow_err err;
	struct exp_count c = { 0 };

	du_sink_init(&s);
	du_addr4(&sa, 0);
	ck_assert_int_eq(du_feed_file(dec, &sa, "netflow5.dat", &s, &err), 30);
	ck_assert_int_eq(du_feed_file(dec, &sa, "netflow5_test_microtik.dat", &s, &err), 30);
	flow_decoder_foreach_exporter(dec, count_exp, &c);
	ck_assert_uint_eq(c.n, 1);
	ck_assert_uint_eq(c.e.flows, 60);
	ck_assert_uint_eq(c.e.packets, 2);
	/* the microtik datagram does not continue netflow5.dat's sequence */
	ck_assert_uint_eq(c.e.sequence_failures, 1);
	flow_decoder_reset_interval(dec);
	c.n = 0;
	flow_decoder_foreach_exporter(dec, count_exp, &c);
	ck_assert_uint_eq(c.e.flows, 0);
	ck_assert_uint_eq(c.e.total_flows, 60);
	du_sink_free(&s);
	flow_decoder_free(dec);
}
END_TEST

/* A v5 header: version, count, uptime, secs, nsecs, seq, engine tag, sampling. */
static size_t v5_header(uint8_t *b, unsigned version, unsigned count, uint32_t uptime,
			uint32_t secs, uint32_t seq, uint16_t tag, uint16_t sampling)
{
	memset(b, 0, 24);
	st_be16(b, (uint16_t)version);
	st_be16(b + 2, (uint16_t)count);
	st_be32(b + 4, uptime);
	st_be32(b + 8, secs);
	st_be32(b + 12, 5000000);	/* 5 ms */
	if (version == 1)
		return 16;
	st_be32(b + 16, seq);
	st_be16(b + 20, tag);
	st_be16(b + 22, sampling);
	return 24;
}

static void v5_rec(uint8_t *p, unsigned version, uint32_t first, uint32_t last, uint8_t proto,
		   uint16_t sport)
{
	memset(p, 0, version == 7 ? 52 : 48);
	st_be32(p, 0x0a000001);
	st_be32(p + 4, 0x0a000002);
	st_be32(p + 16, 3);	/* packets */
	st_be32(p + 20, 300);	/* bytes */
	st_be32(p + 24, first);
	st_be32(p + 28, last);
	st_be16(p + 32, sport);
	st_be16(p + 34, 80);
	if (version == 1) {
		p[38] = proto;
		p[39] = 0x10;	/* tos */
		p[40] = 0x12;	/* flags */
	} else {
		p[37] = 0x12;
		p[38] = proto;
		p[39] = 0x10;
	}
}

START_TEST(times_and_wrap)
{
	struct flow_decoder *dec = new_dec(0);
	struct sockaddr_in sa;
	struct du_sink s;
	struct flow_err err;
	uint8_t b[24 + 3 * 48];
	uint64_t boot = 1700000000005ull - 10000;

	du_sink_init(&s);
	du_addr4(&sa, 0);
	v5_header(b, 5, 3, 10000, 1700000000, 7, 0x0102, 0);
	v5_rec(b + 24, 5, 2000, 3000, 6, 1000);
	v5_rec(b + 72, 5, 0xfffff000u, 500, 6, 1000);		/* wrapped during */
	v5_rec(b + 120, 5, 0xfff00000u, 0xfff10000u, 6, 1000);	/* wrapped since */
	ck_assert_int_eq(du_feed(dec, &sa, b, sizeof(b), &s, &err), 3);
	ck_assert_uint_eq(s.recs[0].generic.msec_first, boot + 2000);
	ck_assert_uint_eq(s.recs[0].generic.msec_last, boot + 3000);
	ck_assert_uint_eq(s.recs[0].engine_type, 1);
	ck_assert_uint_eq(s.recs[0].engine_id, 2);
	ck_assert_uint_eq(s.exporters[0].id, 0x0102);
	ck_assert_uint_eq(s.recs[1].generic.msec_first, boot + 0xfffff000u - 0x100000000ull);
	ck_assert_uint_eq(s.recs[1].generic.msec_last, boot + 500);
	ck_assert_uint_eq(s.recs[2].generic.msec_first, boot + 0xfff00000u - 0x100000000ull);
	ck_assert_uint_eq(s.recs[2].generic.msec_last, boot + 0xfff10000u - 0x100000000ull);
	ck_assert_uint_eq(s.recs[0].flags, 0);
	ck_assert_uint_eq(s.nsamplers, 0);
	du_sink_free(&s);
	flow_decoder_free(dec);
}
END_TEST

START_TEST(v1_and_v7)
{
	struct flow_decoder *dec = new_dec(0);
	struct sockaddr_in sa;
	struct du_sink s;
	struct flow_err err;
	uint8_t b[24 + 2 * 52];

	du_sink_init(&s);
	du_addr4(&sa, 0);
	size_t h = v5_header(b, 1, 2, 10000, 1700000000, 0, 0, 0);
	v5_rec(b + h, 1, 100, 200, 1, 0x0803);	/* ICMP in the source port */
	v5_rec(b + h + 48, 1, 100, 200, 17, 53);
	ck_assert_int_eq(du_feed(dec, &sa, b, h + 96, &s, &err), 2);
	ck_assert_uint_eq(s.recs[0].nfversion, 1);
	ck_assert_uint_eq(s.recs[0].generic.src_port, 0);
	ck_assert_uint_eq(s.recs[0].generic.dst_port, 0x0308);	/* byte-swapped as nfcapd */
	ck_assert_uint_eq(s.recs[1].generic.src_tos, 0x10);
	ck_assert_uint_eq(s.recs[1].generic.tcp_flags, 0x12);
	ck_assert(!flow_has(&s.recs[1], EX_AS));

	h = v5_header(b, 7, 2, 10000, 1700000000, 0, 0, 0);
	v5_rec(b + h, 7, 100, 200, 6, 1);
	v5_rec(b + h + 52, 7, 100, 200, 6, 2);
	ck_assert_int_eq(du_feed(dec, &sa, b, h + 104, &s, &err), 2);
	ck_assert_uint_eq(s.nexporters, 2);
	ck_assert_uint_eq(s.exporters[1].version, 7);
	ck_assert_uint_eq(s.exporters[1].sysid, 2);
	ck_assert_uint_eq(s.recs[3].nfversion, 5);
	ck_assert_uint_eq(s.recs[3].generic.src_port, 2);
	ck_assert_uint_eq(s.recs[3].exporter_sysid, 2);
	du_sink_free(&s);
	flow_decoder_free(dec);
}
END_TEST

START_TEST(sampling_modes)
{
	struct sockaddr_in sa;
	struct du_sink s;
	struct flow_err err;
	uint8_t b[24 + 48];

	du_addr4(&sa, 0);
	/* header 1:10, algorithm 1 (format.md sample S) */
	struct flow_decoder *dec = new_dec(0);
	du_sink_init(&s);
	v5_header(b, 5, 1, 10000, 1700000000, 0, 0, 0x400a);
	v5_rec(b + 24, 5, 100, 200, 6, 1);
	ck_assert_int_eq(du_feed(dec, &sa, b, sizeof(b), &s, &err), 1);
	ck_assert_uint_eq(s.samplers[0].algorithm, 1);
	ck_assert_uint_eq(s.samplers[0].space_interval, 9);
	ck_assert_uint_eq(s.recs[0].generic.in_packets, 30);
	ck_assert_uint_eq(s.recs[0].generic.in_bytes, 3000);
	du_sink_free(&s);
	flow_decoder_free(dec);

	/* -s -5 overwrites the header's rate */
	dec = new_dec(-5);
	du_sink_init(&s);
	ck_assert_int_eq(du_feed(dec, &sa, b, sizeof(b), &s, &err), 1);
	ck_assert_uint_eq(s.nsamplers, 1);
	ck_assert_int_eq(s.samplers[0].id, FLOW_SAMPLER_OVERWRITE);
	ck_assert_uint_eq(s.recs[0].generic.in_packets, 15);
	du_sink_free(&s);
	flow_decoder_free(dec);

	/* -s 4 only where the header has none; rate 2 is applied (nfcapd 1.7.1 does not) */
	dec = new_dec(4);
	du_sink_init(&s);
	v5_header(b, 5, 1, 10000, 1700000000, 0, 0, 0);
	ck_assert_int_eq(du_feed(dec, &sa, b, sizeof(b), &s, &err), 1);
	ck_assert_int_eq(s.samplers[0].id, FLOW_SAMPLER_DEFAULT);
	ck_assert_uint_eq(s.recs[0].generic.in_packets, 12);
	struct sockaddr_in sa2;
	du_addr4(&sa2, 0x0a000009);
	v5_header(b, 5, 1, 10000, 1700000000, 0, 0, 2);
	ck_assert_int_eq(du_feed(dec, &sa2, b, sizeof(b), &s, &err), 1);
	ck_assert_int_eq(s.samplers[1].id, FLOW_SAMPLER_GENERIC);
	ck_assert_uint_eq(s.recs[1].generic.in_packets, 6);
	ck_assert_uint_eq(s.recs[1].exporter_sysid, 2);
	du_sink_free(&s);
	flow_decoder_free(dec);
}
END_TEST

START_TEST(malformed)
{
	struct flow_decoder *dec = new_dec(0);
	struct sockaddr_in sa;
	struct du_sink s;
	struct flow_err err;
	uint8_t b[24 + 2 * 48];

	du_sink_init(&s);
	du_addr4(&sa, 0);
	/* vendor datagrams with absurd counts: nothing stored, as nfcapd */
	ck_assert_int_lt(du_feed_file(dec, &sa, "netflow5_test_invalid01.dat", &s, &err), 0);
	ck_assert_ptr_nonnull(strstr(err.msg, "127.0.0.1 v5: offset 2: record count 55582"));
	ck_assert_int_lt(du_feed_file(dec, &sa, "netflow5_test_invalid02.dat", &s, &err), 0);
	ck_assert_uint_eq(s.nrecs, 0);
	/* short header, records cut short */
	ck_assert_int_lt(du_feed(dec, &sa, b, 3, &s, &err), 0);
	v5_header(b, 5, 2, 10000, 1700000000, 0, 0, 0);
	v5_rec(b + 24, 5, 1, 2, 6, 1);
	v5_rec(b + 72, 5, 1, 2, 6, 1);
	ck_assert_int_lt(du_feed(dec, &sa, b, 23, &s, &err), 0);
	for (size_t n = 24; n < sizeof(b); n++)
		ck_assert_int_lt(du_feed(dec, &sa, b, n, &s, &err), 0);
	ck_assert_uint_eq(s.nrecs, 0);
	/* unknown version */
	st_be16(b, 6);
	ck_assert_int_eq(du_feed(dec, &sa, b, sizeof(b), &s, &err), FLOW_EUNSUPPORTED);
	ck_assert_ptr_nonnull(strstr(err.msg, "unknown NetFlow version 6"));
	/* trailing garbage after a good unit: the records count, the error is kept */
	st_be16(b, 5);
	st_be16(b + 2, 1);
	ck_assert_int_eq(du_feed(dec, &sa, b, sizeof(b) - 10, &s, &err), 1);
	ck_assert_int_eq(err.code, FLOW_EFORMAT);
	ck_assert_ptr_nonnull(strstr(err.msg, "offset 72"));
	const struct flow_decoder_counters *c = flow_decoder_counters(dec);
	ck_assert_uint_eq(c->unknown_version, 1);
	ck_assert_uint_ge(c->malformed, 4);
	/* a sink that stops: negative, and the datagram is abandoned */
	st_be16(b + 2, 2);
	s.stop_after = 2;
	ck_assert_int_lt(du_feed(dec, &sa, b, sizeof(b), &s, &err), 0);
	du_sink_free(&s);
	flow_decoder_free(dec);
}
END_TEST

START_TEST(ipv6_exporter)
{
	struct flow_decoder *dec = new_dec(0);
	struct sockaddr_in6 sa6;
	struct du_sink s;
	struct flow_err err;
	uint8_t b[24 + 48];

	du_sink_init(&s);
	memset(&sa6, 0, sizeof(sa6));
	sa6.sin6_family = AF_INET6;
	sa6.sin6_addr.s6_addr[0] = 0x20;
	sa6.sin6_addr.s6_addr[1] = 0x01;
	sa6.sin6_addr.s6_addr[15] = 0x07;
	v5_header(b, 5, 1, 10000, 1700000000, 0, 0, 0);
	v5_rec(b + 24, 5, 1, 2, 6, 1);
	ck_assert_int_eq(flow_decoder_input(dec, (struct sockaddr *)&sa6, sizeof(sa6), b,
					    sizeof(b), 1, &s.sink, &err), 1);
	ck_assert(flow_has(&s.recs[0], EX_RECV6));
	ck_assert(!flow_has(&s.recs[0], EX_RECV4));
	ck_assert_uint_eq(s.recs[0].recv6.addr.hi, 0x2001000000000000ull);
	ck_assert_uint_eq(s.recs[0].recv6.addr.lo, 7);
	ck_assert_uint_eq(s.exporters[0].family, AF_INET6);
	/* an unknown address family is refused */
	sa6.sin6_family = AF_UNIX;
	ck_assert_int_lt(flow_decoder_input(dec, (struct sockaddr *)&sa6, sizeof(sa6), b,
					    sizeof(b), 1, &s.sink, &err), 0);
	du_sink_free(&s);
	flow_decoder_free(dec);
}
END_TEST

/* cfg.max_exporters: the next exporter is refused, counted, named in err. */
START_TEST(exporter_limit)
{
	struct flow_decoder_config cfg = { .kind = FLOW_DEC_NETFLOW, .max_exporters = 2 };
	struct flow_decoder *dec = flow_decoder_new(&cfg, NULL);
	struct sockaddr_in sa;
	struct du_sink s;
	struct flow_err err;
	uint8_t b[24 + 48];

	du_sink_init(&s);
	v5_header(b, 5, 1, 10000, 1700000000, 0, 0, 0);
	v5_rec(b + 24, 5, 1, 2, 6, 1);
	for (uint32_t ip = 1; ip <= 3; ip++) {
		du_addr4(&sa, 0x0a000000 + ip);
		int rc = du_feed(dec, &sa, b, sizeof(b), &s, &err);

		ck_assert_int_eq(rc, ip <= 2 ? 1 : FLOW_EUNSUPPORTED);
	}
	ck_assert_ptr_nonnull(strstr(err.msg, "exporter table full"));
	ck_assert_uint_eq(flow_decoder_counters(dec)->exporters_refused, 1);
	/* a known exporter still decodes */
	du_addr4(&sa, 0x0a000001);
	ck_assert_int_eq(du_feed(dec, &sa, b, sizeof(b), &s, &err), 1);
	ck_assert_uint_eq(s.nexporters, 2);
	du_sink_free(&s);
	flow_decoder_free(dec);
}
END_TEST

/* A sink that cannot take the exporter info: no records until it can. */
START_TEST(exporter_sink_failure)
{
	struct flow_decoder_config cfg = { .kind = FLOW_DEC_NETFLOW };
	struct flow_decoder *dec = flow_decoder_new(&cfg, NULL);
	struct sockaddr_in sa;
	struct du_sink s;
	struct flow_err err;
	uint8_t b[24 + 48];

	du_sink_init(&s);
	du_addr4(&sa, 0);
	s.fail_exporters = 1;
	v5_header(b, 5, 1, 10000, 1700000000, 0, 0, 0);
	v5_rec(b + 24, 5, 1, 2, 6, 1);
	ck_assert_int_eq(du_feed(dec, &sa, b, sizeof(b), &s, &err), FLOW_EIO);
	ck_assert_ptr_nonnull(strstr(err.msg, "exporter 1"));
	ck_assert_uint_eq(s.nrecs, 0);
	ck_assert_int_eq(du_feed(dec, &sa, b, sizeof(b), &s, &err), 1);
	ck_assert_uint_eq(s.nexporters, 1);
	ck_assert_uint_eq(s.exporters[0].sysid, 1);
	ck_assert_uint_eq(s.recs[0].exporter_sysid, 1);
	du_sink_free(&s);
	flow_decoder_free(dec);
}
END_TEST

struct smp_list {
	struct flow_sampler s[8];
	unsigned n;
};

static int list_sampler(void *ctx, const struct flow_sampler *smp)
{
	struct smp_list *l = ctx;

	if (l->n < 8)
		l->s[l->n++] = *smp;
	return 0;
}

/* -s 8 reaches v9 exporters as a default sampler; keep_sampling_raw keeps counters. */
START_TEST(static_sampler_v9_and_raw)
{
	struct flow_decoder_config cfg = { .kind = FLOW_DEC_NETFLOW, .sampling_override = 8,
					   .keep_sampling_raw = 1 };
	struct flow_decoder *dec = flow_decoder_new(&cfg, NULL);
	struct du_pkt p;
	struct du_sink s;
	struct flow_err err;
	struct sockaddr_in sa;
	struct smp_list l = { .n = 0 };

	du_sink_init(&s);
	du_addr4(&sa, 0);
	du_v9_begin(&p, 1000, 1700000000, 0, 3);
	du_set_begin(&p, 0);
	du_put(&p, 256, 2); du_put(&p, 1, 2); du_put(&p, 2, 2); du_put(&p, 4, 2);
	du_set_end(&p);
	du_set_begin(&p, 256);
	du_put(&p, 5, 4);
	du_set_end(&p);
	ck_assert_int_eq(du_feed(dec, &sa, p.b, p.len, &s, &err), 1);
	ck_assert_uint_eq(s.nsamplers, 1);
	ck_assert_int_eq(s.samplers[0].id, FLOW_SAMPLER_DEFAULT);
	ck_assert_uint_eq(s.samplers[0].space_interval, 7);
	ck_assert_uint_eq(s.recs[0].generic.in_packets, 5);	/* raw: not scaled */
	ck_assert_uint_eq(s.recs[0].flags, V3_FLAG_SAMPLED);
	flow_decoder_foreach_sampler(dec, list_sampler, &l);
	ck_assert_uint_eq(l.n, 1);
	ck_assert_uint_eq(l.s[0].sysid, 1);
	flow_decoder_free(dec);

	/* -s -5 on IPFIX: x5 (nfcapd 1.7.1 gets the sign wrong and scales by ~2^32) */
	cfg.sampling_override = -5;
	cfg.keep_sampling_raw = 0;
	dec = flow_decoder_new(&cfg, NULL);
	s.nrecs = s.nsamplers = 0;
	du_ipfix_begin(&p, 1700000000, 0, 3);
	du_set_begin(&p, 2);
	du_put(&p, 256, 2); du_put(&p, 1, 2); du_put(&p, 2, 2); du_put(&p, 4, 2);
	du_set_end(&p);
	du_set_begin(&p, 256);
	du_put(&p, 2, 4);
	du_set_end(&p);
	du_finish(&p);
	ck_assert_int_eq(du_feed(dec, &sa, p.b, p.len, &s, &err), 1);
	ck_assert_int_eq(s.samplers[0].id, FLOW_SAMPLER_OVERWRITE);
	ck_assert_uint_eq(s.samplers[0].space_interval, 4);
	ck_assert_uint_eq(s.recs[0].generic.in_packets, 10);
	du_sink_free(&s);
	flow_decoder_free(dec);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("decode_v5");
	TCase *tc = tcase_create("v5");

	tcase_add_test(tc, juniper_mx80);
	tcase_add_test(tc, concatenated_units);
	tcase_add_test(tc, times_and_wrap);
	tcase_add_test(tc, v1_and_v7);
	tcase_add_test(tc, sampling_modes);
	tcase_add_test(tc, malformed);
	tcase_add_test(tc, ipv6_exporter);
	tcase_add_test(tc, exporter_limit);
	tcase_add_test(tc, exporter_sink_failure);
	tcase_add_test(tc, static_sampler_v9_and_raw);
	suite_add_tcase(s, tc);
	return tu_run(s) ? 1 : 0;
}
