/*
 * Decoder tests for NetFlow v9 and IPFIX with crafted datagrams: element
 * conversions, every time encoding, ICMP, sampling options, enterprise
 * and variable-length fields, template refresh/withdrawal/reuse, the
 * bounded template store, sequence counting.
 */
#include <string.h>

#include "dec_util.h"
#include "proto/dec_int.h"
#include "testutil.h"

#define SECS 1700000000u
#define UPTIME 3600000u		/* exporter up one hour */
#define BOOT ((uint64_t)SECS * 1000 - UPTIME)

struct fld {
	uint16_t id, len;
	uint32_t pen;
};

static struct flow_decoder *new_dec(unsigned max_templates)
{
	struct flow_decoder_config cfg = { .kind = FLOW_DEC_NETFLOW,
					   .max_templates = max_templates };
	struct flow_decoder *dec = flow_decoder_new(&cfg, NULL);

	ck_assert_ptr_nonnull(dec);
	return dec;
}

static void put_template(struct du_pkt *p, uint16_t id, const struct fld *f, unsigned n)
{
	du_put(p, id, 2);
	du_put(p, n, 2);
	for (unsigned i = 0; i < n; i++) {
		du_put(p, f[i].id | (f[i].pen ? 0x8000 : 0), 2);
		du_put(p, f[i].len, 2);
		if (f[i].pen)
			du_put(p, f[i].pen, 4);
	}
}

static int feed(struct flow_decoder *dec, struct du_pkt *p, struct du_sink *s,
		struct flow_err *err)
{
	struct sockaddr_in sa;

	du_finish(p);
	du_addr4(&sa, 0);
	return du_feed(dec, &sa, p->b, p->len, s, err);
}

static const struct fld v9_fields[] = {
	{ 8, 4, 0 }, { 12, 4, 0 }, { 7, 2, 0 }, { 11, 2, 0 }, { 4, 1, 0 }, { 6, 1, 0 }, { 5, 1, 0 },
	{ 1, 4, 0 }, { 2, 8, 0 }, { 22, 4, 0 }, { 21, 4, 0 }, { 10, 2, 0 }, { 14, 2, 0 },
	{ 16, 2, 0 }, { 17, 4, 0 }, { 15, 4, 0 }, { 56, 6, 0 }, { 58, 2, 0 }, { 70, 3, 0 },
	{ 61, 1, 0 }, { 89, 1, 0 }, { 9, 1, 0 }, { 13, 1, 0 }, { 999, 3, 0 },
};

START_TEST(v9_elements)
{
	struct flow_decoder *dec = new_dec(0);
	struct du_pkt p;
	struct du_sink s;
	struct flow_err err;

	du_sink_init(&s);
	du_v9_begin(&p, UPTIME, SECS, 1, 0x0102);
	du_set_begin(&p, 0);
	put_template(&p, 300, v9_fields, sizeof(v9_fields) / sizeof(v9_fields[0]));
	du_set_end(&p);
	du_set_begin(&p, 300);
	du_put(&p, 0x0a000001, 4);
	du_put(&p, 0x0a000002, 4);
	du_put(&p, 1234, 2);
	du_put(&p, 80, 2);
	du_put(&p, 6, 1);
	du_put(&p, 0x12, 1);
	du_put(&p, 0x20, 1);
	du_put(&p, 5000, 4);
	du_put(&p, 7, 8);
	du_put(&p, UPTIME - 2000, 4);
	du_put(&p, UPTIME - 1000, 4);
	du_put(&p, 3, 2);
	du_put(&p, 4, 2);
	du_put(&p, 65000, 2);
	du_put(&p, 4200000000u, 4);
	du_put(&p, 0xc0a80001, 4);
	du_put(&p, 0x001122334455ull, 6);
	du_put(&p, 42, 2);
	du_put(&p, 0x123456, 3);
	du_put(&p, 1, 1);
	du_put(&p, 64, 1);
	du_put(&p, 24, 1);
	du_put(&p, 16, 1);
	du_put(&p, 0xffffff, 3);	/* unknown element 999 */
	du_put(&p, 0, 2);		/* padding */
	du_set_end(&p);
	ck_assert_int_eq(feed(dec, &p, &s, &err), 1);

	const struct flow_record *r = &s.recs[0];
	ck_assert_uint_eq(r->nfversion, 9);
	ck_assert_uint_eq(r->engine_type, 1);	/* source id 0x0102, as nfcapd */
	ck_assert_uint_eq(r->engine_id, 2);
	ck_assert_uint_eq(r->ipv4.src, 0x0a000001);
	ck_assert_uint_eq(r->ipv4.dst, 0x0a000002);
	ck_assert_uint_eq(r->generic.src_port, 1234);
	ck_assert_uint_eq(r->generic.dst_port, 80);
	ck_assert_uint_eq(r->generic.proto, 6);
	ck_assert_uint_eq(r->generic.tcp_flags, 0x12);
	ck_assert_uint_eq(r->generic.src_tos, 0x20);
	ck_assert_uint_eq(r->generic.in_bytes, 5000);
	ck_assert_uint_eq(r->generic.in_packets, 7);
	ck_assert_uint_eq(r->generic.msec_first, BOOT + UPTIME - 2000);
	ck_assert_uint_eq(r->generic.msec_last, BOOT + UPTIME - 1000);
	ck_assert_uint_eq(r->misc.input, 3);
	ck_assert_uint_eq(r->misc.output, 4);
	ck_assert_uint_eq(r->misc.src_mask, 24);
	ck_assert_uint_eq(r->misc.dst_mask, 16);
	ck_assert_uint_eq(r->misc.dir, 1);
	ck_assert_uint_eq(r->generic.fwd_status, 64);
	ck_assert_uint_eq(r->as.src_as, 65000);
	ck_assert_uint_eq(r->as.dst_as, 4200000000u);
	ck_assert_uint_eq(r->ip_nh4.addr, 0xc0a80001);
	ck_assert_uint_eq(r->mac.in_src, 0x001122334455ull);
	ck_assert_uint_eq(r->vlan.src_vlan, 42);
	ck_assert_uint_eq(r->mpls.label[0], 0x123456);
	ck_assert_uint_eq(r->present, 1ull << EX_GENERIC | 1ull << EX_IPV4 | 1ull << EX_MISC |
			  1ull << EX_AS | 1ull << EX_IP_NH4 | 1ull << EX_MAC | 1ull << EX_VLAN |
			  1ull << EX_MPLS | 1ull << EX_RECV4);
	du_sink_free(&s);
	flow_decoder_free(dec);
}
END_TEST

/* v9 ICMP: #32, then #176/#177, else nothing (nfcapd 1.7.1 zeroes the port). */
START_TEST(v9_icmp)
{
	static const struct fld f1[] = { { 4, 1, 0 }, { 7, 2, 0 }, { 11, 2, 0 }, { 32, 2, 0 } };
	static const struct fld f2[] = { { 4, 1, 0 }, { 176, 1, 0 }, { 177, 1, 0 } };
	static const struct fld f3[] = { { 4, 1, 0 }, { 7, 2, 0 }, { 11, 2, 0 } };
	struct flow_decoder *dec = new_dec(0);
	struct du_pkt p;
	struct du_sink s;
	struct flow_err err;

	du_sink_init(&s);
	du_v9_begin(&p, UPTIME, SECS, 1, 0);
	du_set_begin(&p, 0);
	put_template(&p, 256, f1, 4);
	put_template(&p, 257, f2, 3);
	put_template(&p, 258, f3, 3);
	du_set_end(&p);
	du_set_begin(&p, 256);
	du_put(&p, 1, 1); du_put(&p, 0, 2); du_put(&p, 0, 2); du_put(&p, 0x0303, 2);
	du_set_end(&p);
	du_set_begin(&p, 257);
	du_put(&p, 1, 1); du_put(&p, 11, 1); du_put(&p, 1, 1);
	du_set_end(&p);
	du_set_begin(&p, 258);
	du_put(&p, 58, 1); du_put(&p, 0x8000, 2); du_put(&p, 0x0800, 2);
	du_set_end(&p);
	ck_assert_int_eq(feed(dec, &p, &s, &err), 3);
	ck_assert_uint_eq(s.recs[0].generic.dst_port, 0x0303);
	ck_assert_uint_eq(s.recs[1].generic.dst_port, 11 * 256 + 1);
	ck_assert_uint_eq(s.recs[2].generic.src_port, 0);
	ck_assert_uint_eq(s.recs[2].generic.dst_port, 0);
	du_sink_free(&s);
	flow_decoder_free(dec);
}
END_TEST

/* A v9 options template with sampler id/mode/interval, records that name it. */
START_TEST(v9_sampler_option)
{
	static const struct fld f[] = { { 8, 4, 0 }, { 1, 4, 0 }, { 2, 4, 0 }, { 48, 1, 0 } };
	struct flow_decoder *dec = new_dec(0);
	struct du_pkt p;
	struct du_sink s;
	struct flow_err err;

	du_sink_init(&s);
	du_v9_begin(&p, UPTIME, SECS, 1, 7);
	du_set_begin(&p, 1);
	du_put(&p, 400, 2);	/* options template 400 */
	du_put(&p, 4, 2);	/* scope: system, 4 bytes */
	du_put(&p, 12, 2);	/* 3 options */
	du_put(&p, 1, 2); du_put(&p, 4, 2);
	du_put(&p, 48, 2); du_put(&p, 1, 2);
	du_put(&p, 49, 2); du_put(&p, 1, 2);
	du_put(&p, 50, 2); du_put(&p, 4, 2);
	du_put(&p, 0, 2);	/* padding */
	du_set_end(&p);
	du_set_begin(&p, 400);
	du_put(&p, 0, 4); du_put(&p, 5, 1); du_put(&p, 2, 1); du_put(&p, 100, 4);
	du_put(&p, 0, 2);
	du_set_end(&p);
	du_set_begin(&p, 0);
	put_template(&p, 256, f, 4);
	du_set_end(&p);
	du_set_begin(&p, 256);
	du_put(&p, 1, 4); du_put(&p, 10, 4); du_put(&p, 1000, 4); du_put(&p, 5, 1);
	du_put(&p, 2, 4); du_put(&p, 10, 4); du_put(&p, 1000, 4); du_put(&p, 9, 1);
	du_set_end(&p);
	ck_assert_int_eq(feed(dec, &p, &s, &err), 2);
	ck_assert_uint_eq(s.nsamplers, 1);
	ck_assert_int_eq(s.samplers[0].id, 5);
	ck_assert_uint_eq(s.samplers[0].algorithm, 2);
	ck_assert_uint_eq(s.samplers[0].packet_interval, 1);
	ck_assert_uint_eq(s.samplers[0].space_interval, 99);
	ck_assert_uint_eq(s.samplers[0].sysid, 1);
	ck_assert_uint_eq(s.recs[0].generic.in_bytes, 1000);
	ck_assert_uint_eq(s.recs[0].generic.in_packets, 100000);
	ck_assert_uint_eq(s.recs[0].flags, V3_FLAG_SAMPLED);
	/* sampler 9 was never announced: unsampled */
	ck_assert_uint_eq(s.recs[1].generic.in_bytes, 10);
	ck_assert_uint_eq(s.recs[1].flags, 0);
	/* the same announcement again is no new sampler record */
	ck_assert_int_eq(feed(dec, &p, &s, &err), 2);
	ck_assert_uint_eq(s.nsamplers, 1);
	du_sink_free(&s);
	flow_decoder_free(dec);
}
END_TEST

/* IPFIX: enterprise and variable-length fields skipped, reverse counters, zero length. */
START_TEST(ipfix_fields)
{
	static const struct fld f[] = {
		{ 8, 4, 0 }, { 1, 4, 9 }, { 12, 4, 0 }, { 1, 8, 0 }, { 1, 8, 29305 },
		{ 2, 4, 29305 }, { 999, 0xffff, 0 }, { 82, 0xffff, 0 }, { 61, 0, 0 }, { 152, 8, 0 },
		{ 153, 8, 0 }, { 18, 0xffff, 6871 }, { 4, 1, 0 },
	};
	struct flow_decoder *dec = new_dec(0);
	struct du_pkt p;
	struct du_sink s;
	struct flow_err err;

	du_sink_init(&s);
	du_ipfix_begin(&p, SECS, 0, 77);
	du_set_begin(&p, 2);
	put_template(&p, 256, f, sizeof(f) / sizeof(f[0]));
	du_set_end(&p);
	du_set_begin(&p, 256);
	du_put(&p, 0x0a000001, 4);
	du_put(&p, 0xdeadbeef, 4);		/* enterprise 9: skipped */
	du_put(&p, 0x0a000002, 4);
	du_put(&p, 123456789012ull, 8);
	du_put(&p, 500, 8);			/* reverse octets -> out bytes */
	du_put(&p, 5, 4);			/* reverse packets -> out packets */
	du_put(&p, 3, 1); du_put(&p, 0xaabbcc, 3);	/* var length, unknown */
	du_put(&p, 255, 1); du_put(&p, 2, 2); du_put(&p, 0x4142, 2);	/* 3-byte length form */
	du_put(&p, 1700000000123ull, 8);
	du_put(&p, 1700000000456ull, 8);
	du_put(&p, 4, 1); du_put(&p, 0x47455420, 4);	/* YAF payload "GET " */
	du_put(&p, 17, 1);
	du_put(&p, 0, 3);			/* padding */
	du_set_end(&p);
	ck_assert_int_eq(feed(dec, &p, &s, &err), 1);

	const struct flow_record *r = &s.recs[0];
	ck_assert_uint_eq(r->nfversion, 10);
	ck_assert_uint_eq(r->ipv4.src, 0x0a000001);
	ck_assert_uint_eq(r->ipv4.dst, 0x0a000002);
	ck_assert_uint_eq(r->generic.in_bytes, 123456789012ull);
	ck_assert_uint_eq(r->cnt.out_bytes, 500);
	ck_assert_uint_eq(r->cnt.out_packets, 5);
	ck_assert_uint_eq(r->cnt.flows, 1);
	ck_assert_uint_eq(r->generic.msec_first, 1700000000123ull);
	ck_assert_uint_eq(r->generic.msec_last, 1700000000456ull);
	ck_assert_uint_eq(r->generic.proto, 17);
	ck_assert(flow_has(r, EX_MISC));	/* zero-length #61 still makes it present */
	ck_assert_uint_eq(r->misc.dir, 0);
	ck_assert(flow_has(r, EX_IN_PAYLOAD));
	ck_assert_uint_eq(r->in_payload.len, 4);
	ck_assert_mem_eq(r->in_payload.ptr, "GET ", 4);
	ck_assert_uint_eq(s.exporters[0].id, 77);
	ck_assert_uint_eq(s.exporters[0].version, 10);
	du_sink_free(&s);
	flow_decoder_free(dec);
}
END_TEST

/* Every time encoding: seconds, NTP µs/ns, delta µs, duration, uptime + #160. */
START_TEST(ipfix_times)
{
	static const struct fld f1[] = { { 150, 4, 0 }, { 151, 4, 0 } };
	static const struct fld f2[] = { { 154, 8, 0 }, { 157, 8, 0 } };
	static const struct fld f3[] = { { 158, 4, 0 }, { 159, 4, 0 } };
	static const struct fld f4[] = { { 152, 8, 0 }, { 161, 4, 0 } };
	static const struct fld f5[] = { { 160, 8, 0 }, { 22, 4, 0 }, { 21, 4, 0 }, { 4, 1, 0 } };
	static const struct fld *fl[] = { f1, f2, f3, f4, f5 };
	static const unsigned nf[] = { 2, 2, 2, 2, 4 };
	struct flow_decoder *dec = new_dec(0);
	struct du_pkt p;
	struct du_sink s;
	struct flow_err err;
	const uint64_t ntp = (uint64_t)(SECS + 2208988800u) << 32;

	du_sink_init(&s);
	du_ipfix_begin(&p, SECS, 0, 1);
	du_set_begin(&p, 2);
	for (unsigned i = 0; i < 5; i++)
		put_template(&p, (uint16_t)(256 + i), fl[i], nf[i]);
	du_set_end(&p);
	du_set_begin(&p, 256);
	du_put(&p, SECS - 10, 4); du_put(&p, SECS - 5, 4);
	du_set_end(&p);
	du_set_begin(&p, 257);
	du_put(&p, ntp | 0x80000000u, 8); du_put(&p, ntp + (1ull << 32), 8);
	du_set_end(&p);
	du_set_begin(&p, 258);
	du_put(&p, 3000000, 4); du_put(&p, 1500, 4);
	du_set_end(&p);
	du_set_begin(&p, 259);
	du_put(&p, 1700000000100ull, 8); du_put(&p, 250, 4);
	du_set_end(&p);
	du_set_begin(&p, 260);
	du_put(&p, BOOT, 8); du_put(&p, 0, 4); du_put(&p, 4000, 4); du_put(&p, 6, 1);
	du_set_end(&p);
	ck_assert_int_eq(feed(dec, &p, &s, &err), 5);
	ck_assert_uint_eq(s.recs[0].generic.msec_first, (SECS - 10) * 1000ull);
	ck_assert_uint_eq(s.recs[0].generic.msec_last, (SECS - 5) * 1000ull);
	ck_assert_uint_eq(s.recs[1].generic.msec_first, SECS * 1000ull + 500);
	ck_assert_uint_eq(s.recs[1].generic.msec_last, SECS * 1000ull + 1000);
	ck_assert_uint_eq(s.recs[2].generic.msec_first, SECS * 1000ull - 3000);
	ck_assert_uint_eq(s.recs[2].generic.msec_last, SECS * 1000ull - 1);
	ck_assert_uint_eq(s.recs[3].generic.msec_last, 1700000000350ull);
	/* start uptime 0 is a valid start (nfcapd 1.7.1 also swaps #22/#21) */
	ck_assert_uint_eq(s.recs[4].generic.msec_first, BOOT);
	ck_assert_uint_eq(s.recs[4].generic.msec_last, BOOT + 4000);
	du_sink_free(&s);
	flow_decoder_free(dec);
}
END_TEST

static void data256(struct du_pkt *p, uint32_t v)
{
	du_set_begin(p, 256);
	du_put(p, v, 4);
	du_set_end(p);
}

/* Withdrawal of one template, of all; reuse of an id with another layout. */
START_TEST(ipfix_withdraw_reuse)
{
	static const struct fld a[] = { { 8, 4, 0 } };
	static const struct fld b[] = { { 12, 4, 0 } };
	struct flow_decoder *dec = new_dec(0);
	struct du_pkt p;
	struct du_sink s;
	struct flow_err err;

	du_sink_init(&s);
	du_ipfix_begin(&p, SECS, 0, 1);
	du_set_begin(&p, 2);
	put_template(&p, 256, a, 1);
	du_set_end(&p);
	data256(&p, 1);
	du_set_begin(&p, 2);
	put_template(&p, 256, b, 1);	/* same id, new layout */
	du_set_end(&p);
	data256(&p, 2);
	du_set_begin(&p, 2);
	du_put(&p, 256, 2); du_put(&p, 0, 2);	/* withdraw 256 */
	du_set_end(&p);
	data256(&p, 3);
	ck_assert_int_eq(feed(dec, &p, &s, &err), 2);
	ck_assert_uint_eq(s.recs[0].ipv4.src, 1);
	ck_assert_uint_eq(s.recs[1].ipv4.dst, 2);
	ck_assert_uint_eq(s.recs[1].ipv4.src, 0);
	ck_assert_uint_eq(flow_decoder_counters(dec)->no_template, 1);

	du_ipfix_begin(&p, SECS, 2, 1);
	du_set_begin(&p, 2);
	put_template(&p, 256, a, 1);
	du_set_end(&p);
	du_set_begin(&p, 2);
	du_put(&p, 2, 2); du_put(&p, 0, 2);	/* withdraw all */
	du_set_end(&p);
	data256(&p, 4);
	ck_assert_int_eq(feed(dec, &p, &s, &err), 0);
	ck_assert_uint_eq(flow_decoder_counters(dec)->no_template, 2);
	du_sink_free(&s);
	flow_decoder_free(dec);
}
END_TEST

/* At most max_templates per exporter; the least recently used goes. */
START_TEST(template_lru)
{
	static const struct fld a[] = { { 8, 4, 0 } };
	struct flow_decoder *dec = new_dec(4);
	struct du_pkt p;
	struct du_sink s;
	struct flow_err err;

	du_sink_init(&s);
	du_v9_begin(&p, UPTIME, SECS, 1, 0);
	du_set_begin(&p, 0);
	for (unsigned i = 0; i < 4; i++)
		put_template(&p, (uint16_t)(256 + i), a, 1);
	du_set_end(&p);
	data256(&p, 1);	/* 256 is now the most recently used */
	du_set_begin(&p, 0);
	put_template(&p, 300, a, 1);	/* evicts 257 */
	put_template(&p, 301, a, 1);	/* evicts 258 */
	du_set_end(&p);
	data256(&p, 2);
	du_set_begin(&p, 257);
	du_put(&p, 3, 4);
	du_set_end(&p);
	ck_assert_int_eq(feed(dec, &p, &s, &err), 2);
	ck_assert_uint_eq(flow_decoder_counters(dec)->templates_evicted, 2);
	ck_assert_uint_eq(flow_decoder_counters(dec)->no_template, 1);
	du_sink_free(&s);
	flow_decoder_free(dec);
}
END_TEST

struct one {
	struct flow_decoder_exporter e;
};

static int grab(void *ctx, const struct flow_decoder_exporter *e)
{
	((struct one *)ctx)->e = *e;
	return 0;
}

/* v9 counts datagrams; IPFIX counts data records, checked once data was seen. */
START_TEST(sequences)
{
	static const struct fld a[] = { { 8, 4, 0 } };
	struct flow_decoder *dec = new_dec(0);
	struct du_pkt p;
	struct du_sink s;
	struct flow_err err;
	struct one o;
	static const uint32_t v9seq[] = { 10, 11, 13, 14 };

	du_sink_init(&s);
	for (unsigned i = 0; i < 4; i++) {
		du_v9_begin(&p, UPTIME, SECS, v9seq[i], 0);
		feed(dec, &p, &s, &err);
	}
	flow_decoder_foreach_exporter(dec, grab, &o);
	ck_assert_uint_eq(o.e.sequence_failures, 1);
	flow_decoder_free(dec);

	dec = new_dec(0);
	static const uint32_t ipseq[] = { 0, 0, 2, 5 };
	for (unsigned i = 0; i < 4; i++) {
		du_ipfix_begin(&p, SECS, ipseq[i], 3);
		du_set_begin(&p, 2);
		put_template(&p, 256, a, 1);
		du_set_end(&p);
		if (i) {
			du_set_begin(&p, 256);
			du_put(&p, 1, 4);
			du_put(&p, 2, 4);
			du_set_end(&p);
		}
		feed(dec, &p, &s, &err);
	}
	flow_decoder_foreach_exporter(dec, grab, &o);
	ck_assert_uint_eq(o.e.sequence_failures, 1);	/* 5 where 4 was due */
	ck_assert_uint_eq(o.e.packets, 4);
	ck_assert_uint_eq(o.e.flows, 6);
	du_sink_free(&s);
	flow_decoder_free(dec);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("decode_tpl");
	TCase *tc = tcase_create("tpl");

	tcase_add_test(tc, v9_elements);
	tcase_add_test(tc, v9_icmp);
	tcase_add_test(tc, v9_sampler_option);
	tcase_add_test(tc, ipfix_fields);
	tcase_add_test(tc, ipfix_times);
	tcase_add_test(tc, ipfix_withdraw_reuse);
	tcase_add_test(tc, template_lru);
	tcase_add_test(tc, sequences);
	suite_add_tcase(s, tc);
	return tu_run(s) ? 1 : 0;
}
