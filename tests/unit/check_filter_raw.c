/*
 * Unit tests for filters planned per record shape (lib/filter/raw.c):
 * the plan reads the record where it lies, folds the tests of elements
 * the shape lacks, refuses what it cannot read in place, and follows a
 * shape slot that is learnt again; a shape's check knows its records.  filter_util.h checks every filter
 * row of check_filter(_ext) against decoding as well.
 */
#include <string.h>

#include "filter/filter.h"
#include "record/v3_shape.h"
#include "testutil.h"
#include "util/alloc.h"

#define BIT(x) (1ULL << (x))

static uint8_t rec[4096];

/* r encoded into rec, decoded once (the shape is learnt): its size. */
static size_t put(const struct flow_record *r)
{
	struct flow_record d;
	struct flow_err err = { 0 };
	int n = flow_record_encode_v3(r, rec, sizeof(rec), &err);

	ck_assert_msg(n > 0, "encode: %s", err.msg);
	memset(&d, 0, sizeof(d));
	ck_assert_int_eq(flow_record_decode_v3(&d, rec, (size_t)n, &err), n);
	return (size_t)n;
}

static void rec_tcp4(struct flow_record *r, uint32_t src, uint16_t dport)
{
	memset(r, 0, sizeof(*r));
	r->present = BIT(EX_GENERIC) | BIT(EX_IPV4) | BIT(EX_MISC);
	r->generic.msec_first = 1000;
	r->generic.msec_last = 3000;
	r->generic.in_packets = 10;
	r->generic.in_bytes = 15000;
	r->generic.src_port = 40000;
	r->generic.dst_port = dport;
	r->generic.proto = 6;
	r->ipv4.src = src;
	r->ipv4.dst = 0x08080808;
	r->misc.input = 3;
}

static struct flow_filter *compile(const char *expr)
{
	struct flow_filter *f;
	struct flow_err err = { 0 };

	ck_assert_msg(flow_filter_compile(&f, expr, &err) == 0, "'%s': %s", expr, err.msg);
	return f;
}

/* The plan for the shape of rec (size n), or NULL. */
static struct flow_filter_raw *plan(const struct flow_filter *f, size_t n)
{
	struct flow_shape_view v;
	uint32_t gen;
	int slot = flow_record_v3_shape_find(rec, n, &gen);

	ck_assert_int_ge(slot, 0);
	flow_record_v3_shape_view((unsigned)slot, &v);
	return flow_filter_raw_new(f, &v);
}

/* Offset of the first 4 bytes equal to v in rec (a field to change in place). */
static size_t find32(size_t n, uint32_t v)
{
	for (size_t i = 12; i + 4 <= n; i++)
		if (memcmp(rec + i, &v, 4) == 0)
			return i;
	ck_abort_msg("value not in the record");
	return 0;
}

START_TEST(test_reads_in_place)
{
	struct flow_filter *f = compile("src net 10.0.0.0/16 and dst port 443 and proto tcp");
	struct flow_filter_raw *rf;
	struct flow_record r;
	size_t n, at;

	rec_tcp4(&r, 0x0a000105, 443);
	n = put(&r);
	rf = plan(f, n);
	ck_assert_ptr_nonnull(rf);
	ck_assert_int_eq(flow_filter_raw_possible(f), 1);
	ck_assert_int_eq(flow_filter_raw_possible(NULL), 0);
	ck_assert_int_eq(flow_filter_raw_match(rf, rec), 1);
	/* the same shape, other values: the plan reads them, nothing decoded */
	at = find32(n, 0x0a000105);
	rec[at + 2] = 0x02;	/* 10.2.1.5 */
	ck_assert_int_eq(flow_filter_raw_match(rf, rec), 0);
	rec[at + 2] = 0x00;
	ck_assert_int_eq(flow_filter_raw_match(rf, rec), 1);
	rec_tcp4(&r, 0x0a000105, 80);
	ck_assert_int_eq(put(&r), n);
	ck_assert_int_eq(flow_filter_raw_match(rf, rec), 0);
	flow_filter_raw_free(rf);
	flow_filter_free(f);
}
END_TEST

START_TEST(test_v6_and_functions)
{
	struct flow_filter *f = compile("src net 2001:db8::/32 and bpp > 1000 and duration < 5000");
	struct flow_filter_raw *rf;
	struct flow_record r;
	size_t n;

	rec_tcp4(&r, 0, 443);
	r.present = (r.present & ~BIT(EX_IPV4)) | BIT(EX_IPV6);
	r.ipv6.src.hi = 0x20010db800000000ULL;
	r.ipv6.src.lo = 1;
	n = put(&r);
	rf = plan(f, n);
	ck_assert_ptr_nonnull(rf);
	ck_assert_int_eq(flow_filter_raw_match(rf, rec), 1);
	flow_filter_raw_free(rf);
	r.generic.in_bytes = 5000;	/* bpp 500 */
	n = put(&r);
	rf = plan(f, n);
	ck_assert_int_eq(flow_filter_raw_match(rf, rec), 0);
	flow_filter_raw_free(rf);
	flow_filter_free(f);
}
END_TEST

/* A test of an element the shape lacks sees 0, as on the decoded record. */
START_TEST(test_absent_elements_fold)
{
	static const struct {
		const char *expr;
		int want;
	} rows[] = {
		{ "next ip 0.0.0.0", 1 },
		{ "next ip 1.2.3.4 or proto tcp", 1 },
		{ "src vlan 0 and dst port 443", 1 },
		{ "src vlan 5 or dst port 80", 0 },
		{ "not src as 0", 0 },
		{ "ipv6", 0 },
		{ "ipv4 and src as 0 and in if 3", 1 },
	};
	struct flow_record r;
	size_t n;

	rec_tcp4(&r, 0x0a000105, 443);
	n = put(&r);
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		struct flow_filter *f = compile(rows[i].expr);
		struct flow_filter_raw *rf = plan(f, n);

		ck_assert_msg(rf != NULL, "'%s' not planned", rows[i].expr);
		ck_assert_msg(flow_filter_raw_match(rf, rec) == rows[i].want, "'%s'", rows[i].expr);
		flow_filter_raw_free(rf);
		flow_filter_free(f);
	}
}
END_TEST

/* What is not a plain member read where it lies: the caller decodes. */
START_TEST(test_refused)
{
	static const char *const rows[] = {
		"engine-type 1",	/* the V3 header */
		"ident foo",
		"count > 3",
		"flows > 1",		/* computed values other than duration, pps, bps, bpp */
	};
	struct flow_record r;
	size_t n;

	rec_tcp4(&r, 0x0a000105, 443);
	n = put(&r);
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		struct flow_filter *f = compile(rows[i]);
		struct flow_filter_raw *rf = plan(f, n);

		ck_assert_msg(rf == NULL, "'%s' planned", rows[i]);
		ck_assert_msg(!flow_filter_raw_possible(f), "'%s' possible", rows[i]);
		flow_filter_free(f);
	}
}
END_TEST

/* A slot learnt again says so: a plan is per shape, not per slot. */
START_TEST(test_slot_learnt_again)
{
	struct flow_record r;
	uint32_t g1, g2;
	size_t n;
	int s1, s2;

	rec_tcp4(&r, 0x0a000105, 443);
	n = put(&r);
	s1 = flow_record_v3_shape_find(rec, n, &g1);
	ck_assert_int_ge(s1, 0);
	v3_shape_forget();
	ck_assert_int_lt(flow_record_v3_shape_find(rec, n, &g2), 0);
	ck_assert_int_eq(put(&r), n);
	s2 = flow_record_v3_shape_find(rec, n, &g2);
	ck_assert_int_eq(s1, s2);
	ck_assert_uint_ne(g1, g2);
	/* short, or not V3: no shape */
	ck_assert_int_lt(flow_record_v3_shape_find(rec, 8, &g2), 0);
	ck_assert_int_lt(flow_record_v3_shape_find(rec, n - 4, &g2), 0);
}
END_TEST

/* Offset of the n-th element header (0: the first) of V3 record rec. */
static size_t header_at(unsigned n)
{
	size_t off = 12;

	for (unsigned k = 0; k < n; k++)
		off += (size_t)(rec[off + 2] | rec[off + 3] << 8);
	return off;
}

/*
 * A shape's check (the view's) passes its records and only those: the
 * values are free, every element header, the size and the count are not.
 */
static void check_passes_only_its_shape(const struct flow_record *r)
{
	struct flow_shape_view v;
	uint32_t gen;
	size_t n = put(r);
	int slot = flow_record_v3_shape_find(rec, n, &gen);
	unsigned count = rec[4];

	ck_assert_int_ge(slot, 0);
	ck_assert_uint_eq((unsigned)slot, flow_record_v3_shape_slot((unsigned)n, count));
	flow_record_v3_shape_view((unsigned)slot, &v);
	ck_assert_int_eq(flow_shape_is(&v.check, rec, (unsigned)n), 1);
	rec[header_at(0) + 4 + 20] ^= 0xff;	/* a value (generic: the source port) */
	ck_assert_int_eq(flow_shape_is(&v.check, rec, (unsigned)n), 1);
	for (unsigned k = 0; k < count; k++) {
		size_t at = header_at(k);

		rec[at] ^= 0x40;		/* another element id */
		ck_assert_msg(!flow_shape_is(&v.check, rec, (unsigned)n), "id of element %u", k);
		rec[at] ^= 0x40;
		rec[at + 2] ^= 0x04;		/* another length */
		ck_assert_msg(!flow_shape_is(&v.check, rec, (unsigned)n), "length of element %u", k);
		rec[at + 2] ^= 0x04;
	}
	ck_assert_int_eq(flow_shape_is(&v.check, rec, (unsigned)n), 1);
	ck_assert_int_eq(flow_shape_is(&v.check, rec, (unsigned)n - 4), 0);
	rec[4]++;
	ck_assert_int_eq(flow_shape_is(&v.check, rec, (unsigned)n), 0);
	rec[4]--;
	/* a check is a copy: the slot learning another shape leaves it right */
	v3_shape_forget();
	ck_assert_int_eq(flow_shape_is(&v.check, rec, (unsigned)n), 1);
	/* an empty check passes nothing */
	memset(&v.check, 0, sizeof(v.check));
	ck_assert_int_eq(flow_shape_is(&v.check, rec, (unsigned)n), 0);
}

START_TEST(test_shape_check)
{
	struct flow_record r;

	rec_tcp4(&r, 0x0a000105, 443);
	check_passes_only_its_shape(&r);
	/* more elements than one fixed compare covers: the loop */
	r.present |= BIT(EX_CNT) | BIT(EX_VLAN) | BIT(EX_AS) | BIT(EX_BGP_NH4) |
		     BIT(EX_IP_NH4) | BIT(EX_RECV4) | BIT(EX_MAC);
	check_passes_only_its_shape(&r);
}
END_TEST

START_TEST(test_out_of_memory)
{
	struct flow_filter *f = compile("src net 10.0.0.0/16 or dst port 443");
	struct flow_record r;
	size_t n;

	rec_tcp4(&r, 0x0a000105, 443);
	n = put(&r);
	for (long k = 1; k <= 3; k++) {
		flow_alloc_fail_at(k, 0);
		ck_assert_ptr_null(plan(f, n));
		flow_alloc_fail_at(0, 0);
	}
	flow_filter_free(f);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("filter_raw");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_reads_in_place);
	tcase_add_test(tc, test_v6_and_functions);
	tcase_add_test(tc, test_absent_elements_fold);
	tcase_add_test(tc, test_refused);
	tcase_add_test(tc, test_slot_learnt_again);
	tcase_add_test(tc, test_shape_check);
	tcase_add_test(tc, test_out_of_memory);
	suite_add_tcase(s, tc);
	return tu_run(s) ? EXIT_FAILURE : EXIT_SUCCESS;
}
