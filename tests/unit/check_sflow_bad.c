/*
 * sFlow decoder on bad input, and the sampled-header parser alone.
 *
 * Bad input must never crash, never emit a partial record (what comes
 * out is always a record the intact datagram also gives), be counted,
 * and name the exporter and the byte offset in err.  Datagrams are
 * copied into buffers of exactly their length so a sanitizer build
 * catches any over-read.
 */
#include <string.h>

#include "proto/sflow_int.h"
#include "sflow_util.h"
#include "testutil.h"
#include "util/alloc.h"

/* Decode len bytes of p (copied to a buffer of exactly that size). */
static int feed(struct flow_decoder *dec, const uint8_t *p, size_t len, struct du_sink *s,
		struct flow_err *err)
{
	struct sockaddr_in sa;
	uint8_t *copy = malloc(len ? len : 1);
	int rc;

	ck_assert_ptr_nonnull(copy);
	memcpy(copy, p, len);
	du_addr4(&sa, 0);
	rc = du_feed(dec, &sa, copy, len, s, err);
	free(copy);
	return rc;
}

/* The record fields a decoder sets; memcmp-safe (no padding inside). */
static void same_record(const struct flow_record *a, const struct flow_record *b)
{
	ck_assert_uint_eq(a->present, b->present);
	ck_assert_uint_eq(a->nfversion, b->nfversion);
	ck_assert_uint_eq(a->flags, b->flags);
	ck_assert_uint_eq(a->generic.in_bytes, b->generic.in_bytes);
	ck_assert_uint_eq(a->generic.in_packets, b->generic.in_packets);
	ck_assert_uint_eq(a->generic.src_port, b->generic.src_port);
	ck_assert_uint_eq(a->generic.dst_port, b->generic.dst_port);
	ck_assert_uint_eq(a->generic.proto, b->generic.proto);
	ck_assert(memcmp(&a->ipv6, &b->ipv6, sizeof(a->ipv6)) == 0);
	ck_assert(memcmp(&a->ipv4, &b->ipv4, sizeof(a->ipv4)) == 0);
	ck_assert(memcmp(&a->mac, &b->mac, sizeof(a->mac)) == 0);
	ck_assert(memcmp(&a->mpls, &b->mpls, sizeof(a->mpls)) == 0);
	ck_assert(memcmp(&a->vlan, &b->vlan, sizeof(a->vlan)) == 0);
	ck_assert(memcmp(&a->as, &b->as, sizeof(a->as)) == 0);
	ck_assert_uint_eq(a->misc.input, b->misc.input);
	ck_assert_uint_eq(a->misc.output, b->misc.output);
}

/* err names the sender and an offset. */
static void names_where(const struct flow_err *err)
{
	ck_assert_msg(err->code != 0, "no error reported");
	ck_assert_msg(strstr(err->msg, "127.0.0.1") && strstr(err->msg, "offset"),
		      "message without exporter/offset: %s", err->msg);
}

/* Every truncation of every case: a prefix of the good records, and an error. */
START_TEST(truncations)
{
	static struct sfd d;

	for (unsigned i = 0; i < sfcases_n; i++) {
		struct du_sink full;
		struct flow_err err;

		run_case(sfcases[i].name, &full, &err, NULL);
		build_case(sfcases[i].name, &d);
		for (size_t len = 0; len < d.len; len++) {
			struct flow_decoder *dec = new_dec();
			struct du_sink s;
			int rc;

			du_sink_init(&s);
			rc = feed(dec, d.b, len, &s, &err);
			ck_assert_msg(rc < 0 || (unsigned)rc == s.nrecs, "%s/%zu", sfcases[i].name, len);
			ck_assert_uint_le(s.nrecs, full.nrecs);
			for (unsigned k = 0; k < s.nrecs; k++)
				same_record(&s.recs[k], &full.recs[k]);
			names_where(&err);
			flow_decoder_free(dec);
			du_sink_free(&s);
		}
		du_sink_free(&full);
	}
}
END_TEST

static void put32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

static uint32_t get32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/*
 * Offsets in a v5 datagram from an IPv4 agent: the sample count at 24,
 * the first sample at 28 (tag, length), its element count at 64 and its
 * first element at 68 (tag, length).
 */
enum { NSAMPLES = 24, S1_LEN = 32, S1_NEL = 64, E1_LEN = 72 };

/* Decode d with one word changed; returns rc, the sink and err. */
static int feed_patched(struct sfd *d, size_t at, uint32_t v, struct du_sink *s,
			struct flow_err *err, struct flow_decoder **keep)
{
	struct flow_decoder *dec = new_dec();
	uint8_t save[4];
	int rc;

	memcpy(save, d->b + at, 4);
	put32(d->b + at, v);
	du_sink_init(s);
	rc = feed(dec, d->b, d->len, s, err);
	memcpy(d->b + at, save, 4);
	if (keep)
		*keep = dec;
	else
		flow_decoder_free(dec);
	return rc;
}

/* A lying length rejects its sample only; the next sample is decoded. */
START_TEST(wrong_lengths)
{
	static struct sfd d;
	struct du_sink full, s;
	struct flow_err err;
	struct flow_decoder *dec;

	run_case("two_samples", &full, &err, NULL);
	build_case("two_samples", &d);
	ck_assert_uint_eq(get32(d.b + E1_LEN - 4), 1);	/* header element tag */
	uint32_t elen = get32(d.b + E1_LEN);

	for (int delta = -8; delta <= 8; delta += 4) {
		if (delta == 0)
			continue;
		ck_assert_int_eq(feed_patched(&d, E1_LEN, elen + (uint32_t)delta, &s, &err, &dec), 1);
		same_record(&s.recs[0], &full.recs[1]);
		names_where(&err);
		/* and the agent the datagram speaks for */
		ck_assert_ptr_nonnull(strstr(err.msg, "agent 192.0.2.1 sub-agent 0"));
		ck_assert_uint_eq(flow_decoder_counters(dec)->bad_sets, 1);
		flow_decoder_free(dec);
		du_sink_free(&s);
	}
	/* the sample claims 4 more bytes than its records: rejected, then garbage */
	uint32_t slen = get32(d.b + S1_LEN);

	ck_assert_int_ge(feed_patched(&d, S1_LEN, slen + 4, &s, &err, NULL), 0);
	names_where(&err);
	for (unsigned k = 0; k < s.nrecs; k++)
		same_record(&s.recs[k], &full.recs[1]);
	du_sink_free(&s);
	/* past the end of the datagram */
	ck_assert_int_lt(feed_patched(&d, S1_LEN, 0xfffffff0u, &s, &err, NULL), 0);
	ck_assert_uint_eq(s.nrecs, 0);
	names_where(&err);
	du_sink_free(&s);
	du_sink_free(&full);
}
END_TEST

START_TEST(absurd_counts)
{
	static struct sfd d;
	struct du_sink s;
	struct flow_err err;

	build_case("ipv4_tcp", &d);
	/* more samples than there are: the one present is kept */
	ck_assert_int_eq(feed_patched(&d, NSAMPLES, 0xffffffffu, &s, &err, NULL), 1);
	names_where(&err);
	du_sink_free(&s);
	/* 4 billion elements in one sample */
	ck_assert_int_eq(feed_patched(&d, S1_NEL, 0xffffffffu, &s, &err, NULL), 0);
	ck_assert_uint_eq(s.nrecs, 0);
	names_where(&err);
	du_sink_free(&s);
	/* a header length beyond everything */
	ck_assert_int_eq(feed_patched(&d, E1_LEN + 16, 0xfffffffcu, &s, &err, NULL), 0);
	names_where(&err);
	du_sink_free(&s);

	/* AS path: 4 billion segments, then 4 billion ASes, then communities */
	static const uint32_t tail[][3] = {
		{ 0xffffffffu, 0, 0 }, { 1, 2, 0x7fffffffu }, { 0, 0x40000000u, 0 },
	};
	for (unsigned t = 0; t < 3; t++) {
		struct sfd_mark m;
		size_t el;

		sfd_dgram(&d, 5, (const uint8_t *)"\xc0\0\2\1", 4, 0, 1);
		sfd_flow5(&d, &m, 0, 10, 1, 2);
		el = sfd_el(&d, &m, 1003);
		sfd_address(&d, NULL, 0);
		sfd_u32(&d, 1);
		sfd_u32(&d, 2);
		sfd_u32(&d, 3);
		for (unsigned w = 0; w < 3; w++)
			sfd_u32(&d, tail[t][w]);
		sfd_el_end(&d, el);
		sfd_end(&d, &m);
		sfd_finish(&d);
		struct flow_decoder *dec = new_dec();

		du_sink_init(&s);
		ck_assert_int_eq(feed(dec, d.b, d.len, &s, &err), 0);
		names_where(&err);
		flow_decoder_free(dec);
		du_sink_free(&s);
	}
}
END_TEST

START_TEST(bad_headers)
{
	static const uint8_t v3[] = { 0, 0, 0, 3, 0, 0, 0, 1, 192, 0, 2, 1 };
	static struct sfd d;
	struct flow_decoder *dec = new_dec();
	struct du_sink s;
	struct flow_err err;

	du_sink_init(&s);
	ck_assert_int_eq(feed(dec, v3, sizeof(v3), &s, &err), FLOW_EUNSUPPORTED);
	names_where(&err);
	ck_assert_uint_eq(flow_decoder_counters(dec)->unknown_version, 1);
	build_case("ipv4_tcp", &d);
	d.b[7] = 9;	/* agent address type */
	ck_assert_int_eq(feed(dec, d.b, d.len, &s, &err), FLOW_EFORMAT);
	names_where(&err);
	ck_assert_uint_eq(flow_decoder_counters(dec)->malformed, 1);
	ck_assert_uint_eq(s.nrecs, 0);
	ck_assert_uint_eq(s.nexporters, 0);
	flow_decoder_free(dec);
	du_sink_free(&s);
}
END_TEST

/* A v5 flow sample with one element of the given tag holding words w[0..n). */
static void one_element(struct sfd *d, uint32_t tag, const uint32_t *w, unsigned n)
{
	struct sfd_mark m;
	size_t el;

	sfd_dgram(d, 5, (const uint8_t *)"\xc0\0\2\1", 4, 0, 1);
	sfd_flow5(d, &m, 0, 10, 1, 2);
	el = sfd_el(d, &m, tag);
	for (unsigned i = 0; i < n; i++)
		sfd_u32(d, w[i]);
	sfd_el_end(d, el);
	sfd_end(d, &m);
}

START_TEST(unknown_formats)
{
	static const uint32_t router0[] = { 0, 24, 16 };	/* address type 0 */
	static const uint32_t router9[] = { 9, 1, 2, 3, 4 };
	static struct sfd d;
	struct flow_decoder *dec;
	struct du_sink s;
	struct flow_err err;

	one_element(&d, 1002, router0, 3);
	sfd_finish(&d);
	dec = new_dec();
	du_sink_init(&s);
	ck_assert_int_eq(feed(dec, d.b, d.len, &s, &err), 1);
	ck_assert_uint_eq(s.recs[0].present, BASE | BIT(EX_IPV4));
	ck_assert_uint_eq(s.recs[0].misc.src_mask, 24);
	flow_decoder_free(dec);
	du_sink_free(&s);

	one_element(&d, 1002, router9, 5);
	sfd_finish(&d);
	dec = new_dec();
	du_sink_init(&s);
	ck_assert_int_eq(feed(dec, d.b, d.len, &s, &err), 0);
	ck_assert_ptr_nonnull(strstr(err.msg, "unknown address type"));
	flow_decoder_free(dec);
	du_sink_free(&s);

	/* an enterprise sample type: skipped by length, nothing else happens */
	sfd_dgram(&d, 5, (const uint8_t *)"\xc0\0\2\1", 4, 0, 1);
	sfd_u32(&d, 4413u << 12 | 5);
	sfd_u32(&d, 8);
	sfd_u32(&d, 1);
	sfd_u32(&d, 2);
	d.nsamples = 1;
	sfd_finish(&d);
	dec = new_dec();
	du_sink_init(&s);
	ck_assert_int_eq(feed(dec, d.b, d.len, &s, &err), 0);
	ck_assert_int_eq(err.code, 0);
	flow_decoder_free(dec);
	du_sink_free(&s);
}
END_TEST

/* v2/v4: an unknown tag ends the datagram; what came before is kept. */
START_TEST(v4_unknown_tags)
{
	static struct sfd d;
	struct du_sink s;
	struct flow_err err;

	/* v4 (no sub agent id): the first sample at 24, its counters version at 40 */
	build_case("v4_counters_then_flow", &d);
	ck_assert_uint_eq(get32(d.b + 40), 2);
	ck_assert_int_lt(feed_patched(&d, 40, 99, &s, &err, NULL), 0);
	ck_assert_ptr_nonnull(strstr(err.msg, "unknown counters version"));
	du_sink_free(&s);
	/* the sample type */
	ck_assert_int_lt(feed_patched(&d, 24, 3, &s, &err, NULL), 0);
	ck_assert_ptr_nonnull(strstr(err.msg, "unknown sample type"));
	du_sink_free(&s);

	/* v4_sampled_ipv4: packet data tag at 56, the extended count after 32 bytes */
	build_case("v4_sampled_ipv4", &d);
	ck_assert_uint_eq(get32(d.b + 56), 2);
	ck_assert_int_lt(feed_patched(&d, 56, 7, &s, &err, NULL), 0);
	ck_assert_ptr_nonnull(strstr(err.msg, "unknown packet data type"));
	du_sink_free(&s);
	ck_assert_uint_eq(get32(d.b + 92), 0);
	ck_assert_int_lt(feed_patched(&d, 92, 1, &s, &err, NULL), 0);	/* tag missing */
	names_where(&err);
	du_sink_free(&s);
}
END_TEST

START_TEST(sink_fails)
{
	static struct sfd d;
	struct flow_decoder *dec = new_dec();
	struct du_sink s;
	struct flow_err err;

	build_case("two_samples", &d);
	du_sink_init(&s);
	s.stop_after = 1;
	ck_assert_int_lt(feed(dec, d.b, d.len, &s, &err), 0);
	ck_assert_uint_eq(s.nrecs, 1);
	flow_decoder_free(dec);
	du_sink_free(&s);
}
END_TEST

/* Fail each allocation in turn: a clean error and no record, or success. */
START_TEST(alloc_failures)
{
	static struct sfd d;

	build_case("two_samples", &d);
	for (long n = 1; n < 100; n++) {
		struct flow_decoder *dec = new_dec();
		struct du_sink s;
		struct flow_err err;
		int rc;

		du_sink_init(&s);
		flow_alloc_fail_at(n, 1);
		rc = feed(dec, d.b, d.len, &s, &err);
		flow_alloc_fail_at(0, 0);
		flow_decoder_free(dec);
		du_sink_free(&s);
		if (rc == 2)
			return;
		ck_assert_int_lt(rc, 0);
		ck_assert_uint_eq(s.nrecs, 0);
	}
	ck_abort_msg("never succeeded");
}
END_TEST

/* ---- the header parser alone ---- */

static const uint8_t A6[16] = { 0x20, 0x01, 0x0d, 0xb8, [15] = 1 };

static struct sflow_sample hdr(uint32_t proto, const struct sfd_pkt *p, size_t cut)
{
	struct sflow_sample s;
	uint8_t *copy = malloc(p->len);

	ck_assert_ptr_nonnull(copy);
	memcpy(copy, p->b, p->len);
	memset(&s, 0, sizeof(s));
	sflow_hdr_decode(&s, proto, copy, p->len - cut);
	free(copy);
	return s;
}

START_TEST(hdr_ipv6)
{
	struct sfd_pkt p = { .len = 0 };
	struct sflow_sample s;

	/* AH counts 4-byte units: (1 + 2) * 4 = 12 bytes, then TCP */
	sfd_pkt_ipv6(&p, A6, A6, 51, 0);
	sfd_pkt_ext6(&p, 51, 6, 1);
	sfd_pkt_tcp(&p, 1000, 2000, 0x02);
	s = hdr(12, &p, 0);
	ck_assert_uint_eq(s.proto, 6);
	ck_assert_uint_eq(s.sport, 1000);
	ck_assert_uint_eq(s.tcp_flags, 0x02);
	/* TCP cut after 10 bytes: ports, no flags */
	s = hdr(12, &p, 10);
	ck_assert_uint_eq(s.dport, 2000);
	ck_assert_uint_eq(s.tcp_flags, 0);
	/* cut inside the extension header: no protocol */
	s = hdr(12, &p, 20 + 11);
	ck_assert_uint_eq(s.proto, 0);
	ck_assert_uint_eq(s.ip_ver, 6);

	/* a later fragment has no transport header; the first one has */
	p.len = 0;
	sfd_pkt_ipv6(&p, A6, A6, 44, 0);
	sfd_pkt_frag6(&p, 17, 100);
	sfd_pkt_udp(&p, 53, 53);
	s = hdr(12, &p, 0);
	ck_assert_uint_eq(s.proto, 17);
	ck_assert_uint_eq(s.frag_off, 100);
	ck_assert_uint_eq(s.sport, 0);
	p.len = 0;
	sfd_pkt_ipv6(&p, A6, A6, 44, 0);
	sfd_pkt_frag6(&p, 17, 0);
	sfd_pkt_udp(&p, 53, 54);
	s = hdr(12, &p, 0);
	ck_assert_uint_eq(s.dport, 54);

	/* not version 6: IPv6 claimed, nothing decoded */
	p.b[0] = 0x40;
	s = hdr(12, &p, 0);
	ck_assert_uint_eq(s.ip_ver, 6);
	ck_assert_uint_eq(s.proto, 0);
}
END_TEST

START_TEST(hdr_ethernet)
{
	static const uint8_t mac[6] = { 1, 2, 3, 4, 5, 6 };
	static const uint8_t a4[4] = { 10, 0, 0, 1 };
	struct sfd_pkt p = { .len = 0 };
	struct sflow_sample s;

	/* 12 labels, none at the bottom until the last: 10 kept, IP found */
	sfd_pkt_eth(&p, mac, mac);
	sfd_pkt_type(&p, 0x8847);
	for (unsigned i = 0; i < 12; i++)
		sfd_pkt_mpls(&p, 100 + i, 0, i == 11, 1);
	sfd_pkt_ipv4(&p, a4, a4, 17, 0, 0);
	sfd_pkt_udp(&p, 1, 2);
	s = hdr(1, &p, 0);
	ck_assert_uint_eq(s.nmpls, 10);
	ck_assert_uint_eq(s.mpls[9], 109u << 4);
	ck_assert_uint_eq(s.ip_ver, 4);
	ck_assert_uint_eq(s.dport, 2);
	/* the stack runs out before its bottom: labels kept, no IP */
	s = hdr(1, &p, 20 + 8 + 4);
	ck_assert_uint_eq(s.nmpls, 10);
	ck_assert_uint_eq(s.ip_ver, 0);

	/* a VLAN tag cut in half: MACs only */
	p.len = 0;
	sfd_pkt_eth(&p, mac, mac);
	sfd_pkt_tag(&p, 0x8100, 5);
	sfd_pkt_type(&p, 0x0800);
	sfd_pkt_ipv4(&p, a4, a4, 6, 0, 0);
	s = hdr(1, &p, 20 + 2);
	ck_assert_uint_eq(s.src_mac[5], 6);
	ck_assert_uint_eq(s.in_vlan, 0);
	s = hdr(1, &p, 0);
	ck_assert_uint_eq(s.in_vlan, 5);
	ck_assert_uint_eq(s.ip_ver, 4);
	/* IHL below 5 is not IPv4 */
	p.b[18] = 0x44;
	s = hdr(1, &p, 0);
	ck_assert_uint_eq(s.ip_ver, 0);
	/* shorter than an Ethernet header: nothing */
	s = hdr(1, &p, p.len - 13);
	ck_assert_uint_eq(s.src_mac[5], 0);

	/* IP over 802.2 (SAP 6) and SNAP with a vendor OUI */
	static const uint8_t llc6[3] = { 0x06, 0x06, 0x03 };
	static const uint8_t snapv[8] = { 0xaa, 0xaa, 0x03, 0, 0, 0x0c, 0x08, 0x00 };
	p.len = 0;
	sfd_pkt_eth(&p, mac, mac);
	sfd_pkt_type(&p, 60);
	sfd_pkt_bytes(&p, llc6, 3);
	sfd_pkt_ipv4(&p, a4, a4, 1, 0, 0);
	sfd_pkt_icmp(&p, 0, 0);
	s = hdr(1, &p, 0);
	ck_assert_uint_eq(s.ip_ver, 4);
	ck_assert_uint_eq(s.proto, 1);
	p.len = 14;
	sfd_pkt_bytes(&p, snapv, 8);
	sfd_pkt_ipv4(&p, a4, a4, 6, 0, 0);
	s = hdr(1, &p, 0);
	ck_assert_uint_eq(s.ip_ver, 0);
}
END_TEST

START_TEST(hdr_wifi_and_short_l4)
{
	static const uint8_t a4[4] = { 10, 0, 0, 1 };
	struct sfd_pkt p = { .len = 0 };
	struct sflow_sample s;
	uint8_t w[30] = { 0x08, 0x03 };	/* data, toDS + fromDS: source is address 4 */

	memset(w + 4, 0x11, 6);
	memset(w + 10, 0x22, 6);
	memset(w + 16, 0x33, 6);
	memset(w + 24, 0x44, 6);
	sfd_pkt_bytes(&p, w, sizeof(w));
	s = hdr(15, &p, 0);
	ck_assert_uint_eq(s.src_mac[0], 0x44);
	ck_assert_uint_eq(s.dst_mac[0], 0x33);
	s = hdr(15, &p, 6);	/* address 4 missing */
	ck_assert_uint_eq(s.src_mac[0], 0);
	ck_assert_uint_eq(s.dst_mac[0], 0x33);

	/* fewer than 8 transport bytes: no ports */
	p.len = 0;
	sfd_pkt_ipv4(&p, a4, a4, 17, 0, 0);
	sfd_pkt_udp(&p, 7, 7);
	s = hdr(11, &p, 1);
	ck_assert_uint_eq(s.sport, 0);
	ck_assert_uint_eq(s.proto, 17);
	/* an undecoded header protocol changes nothing */
	s = hdr(3, &p, 0);
	ck_assert_uint_eq(s.ip_ver, 0);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("sflow_bad");
	TCase *tc = tcase_create("sflow_bad");

	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, truncations);
	tcase_add_test(tc, wrong_lengths);
	tcase_add_test(tc, absurd_counts);
	tcase_add_test(tc, bad_headers);
	tcase_add_test(tc, unknown_formats);
	tcase_add_test(tc, v4_unknown_tags);
	tcase_add_test(tc, sink_fails);
	tcase_add_test(tc, alloc_failures);
	tcase_add_test(tc, hdr_ipv6);
	tcase_add_test(tc, hdr_ethernet);
	tcase_add_test(tc, hdr_wifi_and_short_l4);
	suite_add_tcase(s, tc);
	return tu_run(s) ? 1 : 0;
}
