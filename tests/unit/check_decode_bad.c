/*
 * Decoder tests with malformed datagrams: short headers, lying lengths,
 * bad template sets, sub-template lists that refer to themselves,
 * zero-length templates, unknown versions.  Each must be counted and
 * described (exporter and offset in the message), must not crash, and
 * must not emit a partial record.
 */
#include <string.h>

#include "dec_util.h"
#include "proto/dec_int.h"
#include "testutil.h"

#define SECS 1700000000u

static struct flow_decoder *new_dec(void)
{
	struct flow_decoder_config cfg = { .kind = FLOW_DEC_NETFLOW };
	struct flow_decoder *dec = flow_decoder_new(&cfg, NULL);

	ck_assert_ptr_nonnull(dec);
	return dec;
}

static int feed(struct flow_decoder *dec, struct du_pkt *p, struct du_sink *s,
		struct flow_err *err)
{
	struct sockaddr_in sa;

	du_finish(p);
	du_addr4(&sa, 0);
	return du_feed(dec, &sa, p->b, p->len, s, err);
}

static void has(const struct flow_err *err, const char *text)
{
	ck_assert_msg(strstr(err->msg, text) != NULL, "'%s' not in '%s'", text, err->msg);
}

START_TEST(short_headers)
{
	struct flow_decoder *dec = new_dec();
	struct du_sink s;
	struct flow_err err;
	struct sockaddr_in sa;
	static const unsigned versions[] = { 1, 5, 7, 9, 10 };
	uint8_t b[24] = { 0 };

	du_sink_init(&s);
	du_addr4(&sa, 0x0a010203);
	for (unsigned v = 0; v < 5; v++) {
		b[1] = (uint8_t)versions[v];
		for (size_t n = 0; n < 16; n++) {
			ck_assert_int_lt(du_feed(dec, &sa, b, n, &s, &err), 0);
			ck_assert_int_eq(err.code, FLOW_EFORMAT);
			ck_assert_ptr_nonnull(strstr(err.msg, "exporter 10.1.2.3 v"));
			ck_assert_ptr_nonnull(strstr(err.msg, "offset 0"));
		}
	}
	ck_assert_uint_eq(s.nrecs, 0);
	ck_assert_uint_eq(flow_decoder_counters(dec)->malformed, 5 * 16);
	du_sink_free(&s);
	flow_decoder_free(dec);
}
END_TEST

START_TEST(unknown_versions)
{
	struct flow_decoder *dec = new_dec();
	struct du_sink s;
	struct flow_err err;
	struct sockaddr_in sa;
	static const unsigned versions[] = { 0, 2, 6, 8, 11, 0xffff };
	uint8_t b[64] = { 0 };

	du_sink_init(&s);
	du_addr4(&sa, 0);
	for (unsigned v = 0; v < 6; v++) {
		b[0] = (uint8_t)(versions[v] >> 8);
		b[1] = (uint8_t)versions[v];
		ck_assert_int_eq(du_feed(dec, &sa, b, sizeof(b), &s, &err), FLOW_EUNSUPPORTED);
		has(&err, "unknown NetFlow version");
	}
	ck_assert_uint_eq(flow_decoder_counters(dec)->unknown_version, 6);
	ck_assert_uint_eq(flow_decoder_counters(dec)->datagrams, 6);
	/* no exporter is made for garbage */
	ck_assert_uint_eq(s.nexporters, 0);
	du_sink_free(&s);
	flow_decoder_free(dec);
}
END_TEST

static void v9_template(struct du_pkt *p, uint16_t id)
{
	du_set_begin(p, 0);
	du_put(p, id, 2);
	du_put(p, 2, 2);
	du_put(p, 8, 2); du_put(p, 4, 2);
	du_put(p, 1, 2); du_put(p, 4, 2);
	du_set_end(p);
}

static void v9_data(struct du_pkt *p, uint16_t id, unsigned n)
{
	du_set_begin(p, id);
	for (unsigned i = 0; i < n; i++) {
		du_put(p, 0x0a000000 + i, 4);
		du_put(p, 100, 4);
	}
	du_set_end(p);
}

START_TEST(v9_set_lengths)
{
	struct flow_decoder *dec = new_dec();
	struct du_pkt p;
	struct du_sink s;
	struct flow_err err;
	static const uint16_t lens[] = { 0, 3, 2000 };

	du_sink_init(&s);
	for (unsigned i = 0; i < 3; i++) {
		du_v9_begin(&p, 1000, SECS, i, 0);
		v9_template(&p, 256);
		v9_data(&p, 256, 2);
		size_t at = p.len;
		v9_data(&p, 256, 1);
		p.b[at + 2] = (uint8_t)(lens[i] >> 8);
		p.b[at + 3] = (uint8_t)lens[i];
		v9_data(&p, 256, 1);	/* never reached */
		ck_assert_int_eq(feed(dec, &p, &s, &err), 2);
		ck_assert_int_eq(err.code, FLOW_EFORMAT);
		char want[64];
		snprintf(want, sizeof(want), "127.0.0.1 v9: offset %zu: flowset length", at);
		has(&err, want);
	}
	ck_assert_uint_eq(s.nrecs, 6);
	ck_assert_uint_eq(flow_decoder_counters(dec)->bad_sets, 3);
	du_sink_free(&s);
	flow_decoder_free(dec);
}
END_TEST

START_TEST(v9_bad_templates)
{
	struct flow_decoder *dec = new_dec();
	struct du_pkt p;
	struct du_sink s;
	struct flow_err err;

	du_sink_init(&s);
	/* field count beyond the flowset */
	du_v9_begin(&p, 1000, SECS, 0, 0);
	du_set_begin(&p, 0);
	du_put(&p, 256, 2); du_put(&p, 1000, 2); du_put(&p, 8, 2); du_put(&p, 4, 2);
	du_set_end(&p);
	v9_data(&p, 256, 1);
	ck_assert_int_eq(feed(dec, &p, &s, &err), 0);
	has(&err, "v9: offset 24: template field count exceeds");
	/* template id below 256, a reserved flowset id */
	du_v9_begin(&p, 1000, SECS, 1, 0);
	v9_template(&p, 5);
	du_set_begin(&p, 7);
	du_put(&p, 0, 4);
	du_set_end(&p);
	ck_assert_int_eq(feed(dec, &p, &s, &err), 0);
	has(&err, "id below 256");
	/* options template with a scope length that is no multiple of 4 */
	du_v9_begin(&p, 1000, SECS, 2, 0);
	du_set_begin(&p, 1);
	du_put(&p, 300, 2); du_put(&p, 3, 2); du_put(&p, 4, 2);
	du_put(&p, 0, 8);
	du_set_end(&p);
	ck_assert_int_eq(feed(dec, &p, &s, &err), 0);
	has(&err, "scope/option length");
	ck_assert_uint_eq(s.nrecs, 0);
	ck_assert_uint_ge(flow_decoder_counters(dec)->bad_sets, 4);
	du_sink_free(&s);
	flow_decoder_free(dec);
}
END_TEST

START_TEST(ipfix_lengths)
{
	struct flow_decoder *dec = new_dec();
	struct du_pkt p;
	struct du_sink s;
	struct flow_err err;

	du_sink_init(&s);
	du_ipfix_begin(&p, SECS, 0, 1);
	du_finish(&p);
	p.b[2] = 0x40;	/* message length 16384 > datagram */
	struct sockaddr_in sa;
	du_addr4(&sa, 0);
	ck_assert_int_lt(du_feed(dec, &sa, p.b, p.len, &s, &err), 0);
	has(&err, "v10: offset 2: message length 16400");
	p.b[2] = 0;
	p.b[3] = 8;	/* shorter than its header */
	ck_assert_int_lt(du_feed(dec, &sa, p.b, p.len, &s, &err), 0);
	/* options template without scope fields */
	du_ipfix_begin(&p, SECS, 0, 1);
	du_set_begin(&p, 3);
	du_put(&p, 256, 2); du_put(&p, 1, 2); du_put(&p, 0, 2);
	du_put(&p, 34, 2); du_put(&p, 4, 2);
	du_set_end(&p);
	ck_assert_int_eq(feed(dec, &p, &s, &err), 0);
	has(&err, "scope field count");
	/* template fields cut off by the set end (enterprise number missing) */
	du_ipfix_begin(&p, SECS, 0, 1);
	du_set_begin(&p, 2);
	du_put(&p, 256, 2); du_put(&p, 1, 2); du_put(&p, 0x8001, 2); du_put(&p, 4, 2);
	du_set_end(&p);
	ck_assert_int_eq(feed(dec, &p, &s, &err), 0);
	has(&err, "exceed the set");
	ck_assert_uint_eq(s.nrecs, 0);
	du_sink_free(&s);
	flow_decoder_free(dec);
}
END_TEST

/* A variable-length field that claims more than the set holds: records before it stand. */
START_TEST(ipfix_varlen_overrun)
{
	struct flow_decoder *dec = new_dec();
	struct du_pkt p;
	struct du_sink s;
	struct flow_err err;

	du_sink_init(&s);
	du_ipfix_begin(&p, SECS, 0, 1);
	du_set_begin(&p, 2);
	du_put(&p, 256, 2); du_put(&p, 2, 2);
	du_put(&p, 8, 2); du_put(&p, 4, 2);
	du_put(&p, 82, 2); du_put(&p, 0xffff, 2);
	du_set_end(&p);
	du_set_begin(&p, 256);
	du_put(&p, 1, 4); du_put(&p, 2, 1); du_put(&p, 0x4142, 2);
	du_put(&p, 2, 4); du_put(&p, 255, 1); du_put(&p, 60000, 2);
	du_set_end(&p);
	ck_assert_int_eq(feed(dec, &p, &s, &err), 1);
	ck_assert_uint_eq(s.nrecs, 1);
	ck_assert_uint_eq(s.recs[0].ipv4.src, 1);
	has(&err, "overruns the set");
	du_sink_free(&s);
	flow_decoder_free(dec);
}
END_TEST

/* Record of template 300 holding `depth` nested lists of template 300 records. */
static size_t nested(uint8_t *rec, int depth)
{
	size_t n = 0;

	for (int d = 0; d < depth; d++) {
		size_t inner = (size_t)(depth - 1 - d) * 8 + 5;	/* what follows this level */

		rec[n++] = 0x0a; rec[n++] = 0; rec[n++] = 0; rec[n++] = (uint8_t)d;
		rec[n++] = (uint8_t)(inner + 3);	/* list length: semantic, id, record */
		rec[n++] = 3;				/* semantic: all of */
		rec[n++] = 300 >> 8; rec[n++] = 300 & 0xff;
	}
	rec[n++] = 0x0a; rec[n++] = 0; rec[n++] = 0; rec[n++] = 99;
	rec[n++] = 0;	/* an empty list ends it */
	return n;
}

/* A sub-template list naming its own template, and templates of zero-length fields. */
START_TEST(template_loops)
{
	struct flow_decoder *dec = new_dec();
	struct du_pkt p;
	struct du_sink s;
	struct flow_err err;
	uint8_t rec[40 * 8 + 8];

	du_sink_init(&s);
	for (int depth = 5; depth <= 30; depth += 25) {
		du_ipfix_begin(&p, SECS, 0, 1);
		du_set_begin(&p, 2);
		du_put(&p, 300, 2); du_put(&p, 2, 2);
		du_put(&p, 8, 2); du_put(&p, 4, 2);
		du_put(&p, 292, 2); du_put(&p, 0xffff, 2);
		du_put(&p, 301, 2); du_put(&p, 2, 2);	/* only zero-length fields */
		du_put(&p, 8, 2); du_put(&p, 0, 2);
		du_put(&p, 12, 2); du_put(&p, 0, 2);
		du_set_end(&p);
		size_t n = nested(rec, depth);
		du_set_begin(&p, 300);
		for (size_t i = 0; i < n; i++)
			du_put(&p, rec[i], 1);
		du_set_end(&p);
		du_set_begin(&p, 301);
		du_put(&p, 0, 4);
		du_set_end(&p);
		s.nrecs = 0;
		int rc = feed(dec, &p, &s, &err);
		if (depth == 5) {
			/* the innermost list's source address wins, as nfcapd fills one record */
			ck_assert_int_eq(rc, 1);
			ck_assert_uint_eq(s.recs[0].ipv4.src, 0x0a000063);
		} else {
			/* too deep (nfcapd's limit is 16): refused, not decoded half */
			ck_assert_int_eq(rc, 0);
			has(&err, "overruns the set");
		}
	}
	du_sink_free(&s);
	flow_decoder_free(dec);
}
END_TEST

/* Garbage after a valid header: no crash, no records from noise. */
START_TEST(oversized_noise)
{
	struct flow_decoder *dec = new_dec();
	struct du_sink s;
	struct flow_err err;
	struct sockaddr_in sa;
	static uint8_t b[65535];
	uint32_t x = 12345;

	du_sink_init(&s);
	du_addr4(&sa, 0);
	for (unsigned v = 0; v < 3; v++) {
		for (size_t i = 0; i < sizeof(b); i++) {
			x = x * 1103515245u + 12345u;
			b[i] = (uint8_t)(x >> 16);
		}
		b[0] = 0;
		b[1] = v == 0 ? 5 : v == 1 ? 9 : 10;
		du_feed(dec, &sa, b, sizeof(b), &s, &err);
	}
	ck_assert_uint_eq(s.nrecs, 0);
	du_sink_free(&s);
	flow_decoder_free(dec);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("decode_bad");
	TCase *tc = tcase_create("bad");

	tcase_add_test(tc, short_headers);
	tcase_add_test(tc, unknown_versions);
	tcase_add_test(tc, v9_set_lengths);
	tcase_add_test(tc, v9_bad_templates);
	tcase_add_test(tc, ipfix_lengths);
	tcase_add_test(tc, ipfix_varlen_overrun);
	tcase_add_test(tc, template_loops);
	tcase_add_test(tc, oversized_noise);
	suite_add_tcase(s, tc);
	return tu_run(s) ? 1 : 0;
}
