/*
 * Decoder tests over every vendor datagram (shared/vendor/netflow): the
 * flow counts nfcapd 1.7.1 stores for each set (templates sent first),
 * every truncation of every datagram (an error or a prefix of the full
 * datagram's records, never a partial record), and every allocation
 * failing in turn (curl's torture test: clean errors, no crash; leaks
 * show in the sanitizer build).
 */
#include <stdlib.h>
#include <string.h>

#include "dec_util.h"
#include "proto/decode.h"
#include "testutil.h"
#include "util/alloc.h"

struct vset {
	const char *name;
	unsigned flows;
	const char *files[8];
};

static const struct vset sets[] = {
#include "dec_sets.inc"
};
#define NSETS (sizeof(sets) / sizeof(sets[0]))

struct blob {
	unsigned char *buf;
	size_t len;
};

static struct blob load(const char *name)
{
	char path[1024];
	struct blob b;

	snprintf(path, sizeof(path), "%s/%s", VENDOR_DIR, name);
	b.buf = tu_slurp(path, &b.len);
	return b;
}

static struct flow_decoder *new_dec(void)
{
	struct flow_decoder_config cfg = { .kind = FLOW_DEC_NETFLOW };

	return flow_decoder_new(&cfg, NULL);
}

START_TEST(vendor_counts)
{
	const struct vset *v = &sets[_i];
	struct flow_decoder *dec = new_dec();
	struct sockaddr_in sa;
	struct du_sink s;
	struct flow_err err;

	du_sink_init(&s);
	du_addr4(&sa, 0);
	for (unsigned f = 0; v->files[f]; f++)
		du_feed_file(dec, &sa, v->files[f], &s, &err);
	ck_assert_msg(s.nrecs == v->flows, "%s: %u flows, nfcapd stores %u", v->name, s.nrecs,
		      v->flows);
	/* every record is complete: stamped, and its exporter was announced first */
	for (unsigned i = 0; i < s.nrecs; i++) {
		ck_assert_uint_ge(s.recs[i].exporter_sysid, 1);
		ck_assert_uint_le(s.recs[i].exporter_sysid, s.nexporters);
		ck_assert(flow_has(&s.recs[i], EX_RECV4));
		ck_assert_uint_eq(s.recs[i].generic.msec_received, DU_RECV_MSEC);
	}
	du_sink_free(&s);
	flow_decoder_free(dec);
}
END_TEST

/* V3 bytes of a record: compares the variable parts by content, not pointer. */
static size_t v3(const struct flow_record *r, uint8_t *out, size_t cap)
{
	struct flow_err err;
	int n = flow_record_encode_v3(r, out, cap, &err);

	ck_assert_msg(n > 0, "%s", err.msg);
	return (size_t)n;
}

static void same_record(const struct flow_record *a, const struct flow_record *b,
			const char *what, size_t n)
{
	uint8_t x[4096], y[4096];
	size_t lx = v3(a, x, sizeof(x)), ly = v3(b, y, sizeof(y));

	ck_assert_msg(lx == ly && memcmp(x, y, lx) == 0,
		      "%s cut at %zu: a record differs from the full decode", what, n);
}

/* Files before `upto` in full, then each prefix of file `upto`. */
static void truncate_file(const struct vset *v, unsigned upto, struct blob *b)
{
	struct sockaddr_in sa;
	struct du_sink full, s;
	struct flow_err err;
	struct flow_decoder *dec = new_dec();

	du_addr4(&sa, 0);
	du_sink_init(&full);
	for (unsigned f = 0; f < upto; f++)
		du_feed(dec, &sa, b[f].buf, b[f].len, &full, &err);
	unsigned before = full.nrecs;
	du_feed(dec, &sa, b[upto].buf, b[upto].len, &full, &err);
	flow_decoder_free(dec);

	du_sink_init(&s);
	for (size_t n = 0; n < b[upto].len; n++) {
		unsigned char *cut = malloc(n ? n : 1);

		memcpy(cut, b[upto].buf, n);
		dec = new_dec();
		s.nrecs = 0;
		for (unsigned f = 0; f < upto; f++)
			du_feed(dec, &sa, b[f].buf, b[f].len, &s, &err);
		ck_assert_uint_eq(s.nrecs, before);
		int rc = du_feed(dec, &sa, cut, n, &s, &err);
		unsigned got = s.nrecs - before;

		ck_assert_msg(rc < 0 || (unsigned)rc == got, "%s: return %d, %u records", v->name,
			      rc, got);
		ck_assert_uint_le(got, full.nrecs - before);
		for (unsigned i = before; i < s.nrecs; i++)
			same_record(&s.recs[i], &full.recs[i], v->files[upto], n);
		flow_decoder_free(dec);
		free(cut);
	}
	du_sink_free(&s);
	du_sink_free(&full);
}

START_TEST(vendor_truncations)
{
	const struct vset *v = &sets[_i];
	struct blob b[8];
	unsigned n = 0;

	for (; v->files[n]; n++)
		b[n] = load(v->files[n]);
	for (unsigned f = 0; f < n; f++)
		truncate_file(v, f, b);
	for (unsigned f = 0; f < n; f++)
		free(b[f].buf);
}
END_TEST

/* One run of a whole set; returns the flows decoded or -1 if the decoder could not be made. */
static int run_set(const struct vset *v, struct blob *b, unsigned n, struct du_sink *s)
{
	struct sockaddr_in sa;
	struct flow_err err;
	struct flow_decoder *dec = new_dec();

	if (!dec)
		return -1;
	du_addr4(&sa, 0);
	s->nrecs = 0;
	for (unsigned f = 0; f < n; f++) {
		int rc = du_feed(dec, &sa, b[f].buf, b[f].len, s, &err);

		if (rc < 0)
			ck_assert_msg(err.code != 0 && err.msg[0], "%s: error without a message",
				      v->name);
	}
	flow_decoder_free(dec);
	return (int)s->nrecs;
}

START_TEST(vendor_alloc_failures)
{
	const struct vset *v = &sets[_i];
	struct blob b[8];
	struct du_sink s;
	unsigned n = 0;

	for (; v->files[n]; n++)
		b[n] = load(v->files[n]);
	du_sink_init(&s);
	for (long k = 1;; k++) {
		flow_alloc_fail_at(k, 0);
		int got = run_set(v, b, n, &s);
		long made = flow_alloc_fail_at(0, 0);

		ck_assert_int_le(got, (int)v->flows);
		if (made < k) {	/* the k-th allocation never happened: a clean run */
			ck_assert_int_eq(got, (int)v->flows);
			break;
		}
	}
	du_sink_free(&s);
	for (unsigned f = 0; f < n; f++)
		free(b[f].buf);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("decode_vendor");
	TCase *tc = tcase_create("vendor");

	tcase_set_timeout(tc, 120);
	tcase_add_loop_test(tc, vendor_counts, 0, NSETS);
	tcase_add_loop_test(tc, vendor_truncations, 0, NSETS);
	tcase_add_loop_test(tc, vendor_alloc_failures, 0, NSETS);
	suite_add_tcase(s, tc);
	return tu_run(s) ? 1 : 0;
}
