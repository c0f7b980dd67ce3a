/*
 * Unit tests for element statistics counted from reader threads
 * (lib/stat/elem_batch.c, elem_raw.c): batches count as the records
 * added one by one, records read in place batch what decoding them
 * gives, and memory running out in either half is FLOW_ENOMEM.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "stat/elem_int.h"
#include "stat/stat.h"
#include "stat_util.h"
#include "testutil.h"
#include "util/alloc.h"

static void mixed_flow(struct flow_record *r, uint32_t i)
{
	uint32_t h = i * 2654435761u;

	/* odd records bring new keys: ties print in order of first sight */
	flow(r, i & 1 ? 100000 + i : h % 997, h % 31, (uint16_t)(h % 5), (uint16_t)(h % 7), h % 3 ? 6 : 17,
	     1 + h % 11, 100 + h % 1000, 1000 + i, 2000 + i);
	if (h % 5 == 0) {
		r->present |= 1ULL << EX_IPV6;
		r->ipv6.src.hi = 0x20010db800000000ULL;
		r->ipv6.src.lo = h % 13;
	}
	if (h % 17 == 0) {
		r->present |= 1ULL << EX_CNT;
		r->cnt.out_bytes = h % 100;
	}
}

static char *stats_csv(struct flow_stats *s, const struct flow_stat *sum)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);
	struct flow_stat_print o = { .fp = fp, .mode = STAT_OUT_CSV };
	struct flow_err err = { 0 };

	ck_assert_int_eq(flow_stats_print(s, sum, &o, &err), 0);
	fclose(fp);
	return buf;
}

/* Batches, mixed with records added one by one, count as flow_stats_add. */
START_TEST(test_stats_batch_same_tables)
{
	static const char *const args[] = { "srcip/bytes", "ip", "dstport/packets", "proto" };
	struct flow_stats *one, *two;
	struct flow_stats_batch *b = flow_stats_batch_new();
	struct flow_err err = { 0 };
	struct flow_record r;
	struct flow_stat sum;
	uint32_t rec = 0;
	int asc = 0;

	setenv("TZ", "UTC", 1);
	ck_assert_ptr_nonnull(b);
	flow_stat_init(&sum);
	ck_assert_int_eq(flow_stats_new(&one, &err), 0);
	ck_assert_int_eq(flow_stats_new(&two, &err), 0);
	for (size_t i = 0; i < sizeof(args) / sizeof(args[0]); i++) {
		ck_assert_int_eq(flow_stats_parse(one, args[i], &rec, &asc, &err), 0);
		ck_assert_int_eq(flow_stats_parse(two, args[i], &rec, &asc, &err), 0);
	}
	for (uint32_t i = 0; i < 30000; i++) {
		mixed_flow(&r, i);
		flow_stat_add(&sum, &r);
		ck_assert_int_eq(flow_stats_add(one, &r, &err), 0);
		if (i % 1000 < 700 && r.cnt.out_bytes) {
			/* out counters are not batched: count what is, then the record */
			ck_assert_int_eq(flow_stats_batch_add(two, b, &r, &err), FLOW_EINVAL);
			ck_assert_int_eq(flow_stats_add_batch(two, b, &err), 0);
			flow_stats_batch_clear(b);
			ck_assert_int_eq(flow_stats_add(two, &r, &err), 0);
		} else if (i % 1000 < 700) {	/* batches of 1..97, runs of single adds */
			ck_assert_int_eq(flow_stats_batch_add(two, b, &r, &err), 0);
			if (i % 97 == 0) {
				ck_assert_int_eq(flow_stats_add_batch(two, b, &err), 0);
				flow_stats_batch_clear(b);
			}
		} else {
			ck_assert_int_eq(flow_stats_add_batch(two, b, &err), 0);
			flow_stats_batch_clear(b);
			ck_assert_int_eq(flow_stats_add(two, &r, &err), 0);
		}
	}
	ck_assert_int_eq(flow_stats_add_batch(two, b, &err), 0);

	char *a = stats_csv(one, &sum), *c = stats_csv(two, &sum);

	ck_assert_uint_gt(strlen(a), 1000);
	ck_assert_str_eq(a, c);
	free(a);
	free(c);
	flow_stats_batch_free(b);
	flow_stats_free(one);
	flow_stats_free(two);
}
END_TEST

/* mixed_flow with the other elements a value read in place can come from. */
static void shaped_flow(struct flow_record *r, uint32_t i)
{
	uint32_t h = i * 2246822519u;

	mixed_flow(r, i);
	if (h % 3 == 0) {
		r->present |= 1ULL << EX_AS | 1ULL << EX_MISC;
		r->as.src_as = h % 7;
		r->as.dst_as = 64512 + h % 5;
		r->misc.input = h % 4;
		r->misc.output = h % 9;
	}
	if (h % 11 == 0) {		/* aggregated, no out counters */
		r->present |= 1ULL << EX_CNT;
		r->cnt.flows = 1 + h % 4;
		r->cnt.out_bytes = r->cnt.out_packets = 0;
	}
	if (h % 13 == 0) {		/* IPv6 only, a narrow one among them */
		r->present &= ~(1ULL << EX_IPV4);
		r->present |= 1ULL << EX_IPV6;
		r->ipv6.src.hi = h % 2 ? 0 : 0x20010db800000000ULL;
		r->ipv6.src.lo = h % 29;
	}
	if (h % 19 == 0)		/* no address at all */
		r->present &= ~(1ULL << EX_IPV4 | 1ULL << EX_IPV6);
}

/* Batched value k of b and of c alike (the key only as long as it is). */
static void same_value(const struct flow_stats_batch *b, const struct flow_stats_batch *c,
		       size_t k)
{
	const struct batch_value *x = &b->v[k], *y = &c->v[k];

	ck_assert_uint_eq(x->hash_hi, y->hash_hi);
	ck_assert_uint_eq(x->req, y->req);
	ck_assert_uint_eq(x->wide, y->wide);
	ck_assert_mem_eq(x->key, y->key, x->wide ? ELEM_WIDE_KEY : ELEM_NARROW_KEY);
	ck_assert_uint_eq(x->flows, y->flows);
	ck_assert_uint_eq(x->in_pkts, y->in_pkts);
	ck_assert_uint_eq(x->in_bytes, y->in_bytes);
	ck_assert_uint_eq(x->first, y->first);
	ck_assert_uint_eq(x->last, y->last);
}

/*
 * Records read in place (flow_stats_shapes_add) batch the values and
 * count the stat that decoding them gives, in both dialects; what cannot
 * be read in place has no plan.
 */
START_TEST(test_stats_shapes_same_values)
{
	static const char *const args[][3] = {
		{ "srcip/bytes" }, { "ip", "dstport/packets" }, { "proto", "srcas", "dstip:p" },
		{ "inif", "outif/flows", "as" }, { "port:p", "dstas" },
	};
	static uint8_t buf[4096];
	struct flow_err err = { 0 };
	struct flow_record r, d;
	uint32_t rec = 0;
	int asc = 0;

	for (int v178 = 0; v178 < 2; v178++) {
		for (size_t a = 0; a < sizeof(args) / sizeof(args[0]); a++) {
			struct flow_stats *s;
			struct flow_stats_batch *b = flow_stats_batch_new(), *c = flow_stats_batch_new();
			struct flow_stats_shapes *sh;
			struct flow_stat pb, pc;
			size_t raw = 0, n = 0;

			ck_assert_int_eq(flow_stats_new(&s, &err), 0);
			flow_stats_set_v178(s, v178);
			for (size_t k = 0; k < 3 && args[a][k]; k++)
				ck_assert_int_eq(flow_stats_parse(s, args[a][k], &rec, &asc, &err), 0);
			sh = flow_stats_shapes_new(s);
			ck_assert_ptr_nonnull(sh);
			flow_stat_init(&pb);
			flow_stat_init(&pc);
			memset(&d, 0, sizeof(d));
			for (uint32_t i = 0; i < 5000; i++) {
				shaped_flow(&r, i);
				int len = flow_record_encode_v3(&r, buf, sizeof(buf), &err);

				ck_assert_int_gt(len, 0);
				ck_assert_int_eq(flow_record_decode_v3(&d, buf, (size_t)len, &err), len);
				size_t before = b->n;
				int rb = flow_stats_batch_add(s, b, &d, &err);
				int rc = flow_stats_shapes_add(sh, s, c, buf, (unsigned)len, &pc, &err);

				if (rb < 0) {	/* out counters: decoded, the batch refuses them */
					ck_assert_int_eq(rb, FLOW_EINVAL);
					ck_assert_int_eq(rc, 0);
					continue;
				}
				ck_assert_int_eq(rc, 1);
				flow_stat_add(&pb, &d);
				raw++;
				ck_assert_uint_eq(b->n, c->n);
				for (size_t k = before; k < b->n; k++)
					same_value(b, c, k);
				n += b->n - before;
			}
			ck_assert_uint_gt(raw, 4000);
			ck_assert_uint_gt(n, raw / 2);
			ck_assert_mem_eq(&pb, &pc, sizeof(pb));
			flow_stats_shapes_free(sh);
			flow_stats_batch_free(b);
			flow_stats_batch_free(c);
			flow_stats_free(s);
		}
	}
	/* values that are no plain field: decoded, no plan at all */
	static const char *const refused[] = { "nhip", "tos", "flags", "srcmac", "router" };

	for (size_t a = 0; a < sizeof(refused) / sizeof(refused[0]); a++) {
		struct flow_stats *s;

		ck_assert_int_eq(flow_stats_new(&s, &err), 0);
		ck_assert_int_eq(flow_stats_parse(s, refused[a], &rec, &asc, &err), 0);
		ck_assert_msg(flow_stats_shapes_new(s) == NULL, "%s planned", refused[a]);
		flow_stats_free(s);
	}
}
END_TEST

/* Out of memory in either half: FLOW_ENOMEM, and everything still frees. */
START_TEST(test_stats_batch_alloc_failure)
{
	for (long n = 1; n < 100; n++) {
		struct flow_stats *s = NULL;
		struct flow_stats_batch *b = NULL;
		struct flow_err err = { 0 };
		struct flow_record r;
		uint32_t rec = 0;
		int asc = 0, failed = 0;

		flow_alloc_fail_at(n, 1);
		b = flow_stats_batch_new();
		if (!b || flow_stats_new(&s, &err) < 0) {
			failed = 2;
		} else {
			flow_stats_parse(s, "ip", &rec, &asc, &err);
			for (uint32_t i = 0; i < 20000 && !failed; i++) {
				mixed_flow(&r, i);
				r.present &= ~(1ULL << EX_CNT);
				r.cnt.out_bytes = 0;
				if (flow_stats_batch_add(s, b, &r, &err) < 0 ||
				    (i % 5000 == 4999 && flow_stats_add_batch(s, b, &err) < 0))
					failed = 1;
				if (i % 5000 == 4999)
					flow_stats_batch_clear(b);
			}
		}
		long made = flow_alloc_fail_at(0, 0);

		if (failed == 1)
			ck_assert_int_eq(err.code, FLOW_ENOMEM);
		flow_stats_batch_free(b);
		flow_stats_free(s);
		if (!failed && made < n)
			break;
	}
}
END_TEST

int main(void)
{
	Suite *s = suite_create("stat_batch");
	TCase *tc = tcase_create("core");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_stats_batch_same_tables);
	tcase_add_test(tc, test_stats_shapes_same_values);
	tcase_add_test(tc, test_stats_batch_alloc_failure);
	suite_add_tcase(s, tc);
	return tu_run(s) ? EXIT_FAILURE : EXIT_SUCCESS;
}
