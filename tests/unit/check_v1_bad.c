/*
 * check_v1_bad.c - malformed maps and records, truncations, single-byte
 * mutations, and the allocation-failure loop.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "record/v1.h"
#include "util/alloc.h"
#include "util/endian.h"
#include "testutil.h"
#include "v1_build.h"

/* ------------------------------------------------------------ bad input */

static void expect_map_error(const uint8_t *buf, size_t len, const char *needle)
{
	struct flow_v1_maps *m = v1t_new_maps();
	struct flow_err err = { 0 };
	uint8_t *copy = malloc(len ? len : 1);	/* exact size: ASan sees over-reads */

	ck_assert_ptr_nonnull(copy);
	memcpy(copy, buf, len);
	ck_assert_int_eq(flow_v1_map_add(m, copy, len, &err), FLOW_EFORMAT);
	ck_assert_int_eq(err.code, FLOW_EFORMAT);
	ck_assert_msg(strstr(err.msg, needle) != NULL, "'%s' lacks '%s'", err.msg, needle);
	free(copy);
	flow_v1_maps_free(m);
}

START_TEST(test_bad_maps)
{
	static const uint16_t ok[] = { 4, 6 };
	uint8_t b[512];
	size_t len = v1t_mk_map(b, 3, ok, 2);	/* 8 + 4 + 2 + pad 2 = 16 */

	ck_assert_uint_eq(len, 16);
	expect_map_error(b, 6, "header needs 8");
	st_le16(b, 3);
	expect_map_error(b, len, "not an extension map");
	st_le16(b, 2);
	expect_map_error(b, len - 4, "size 16, only 12");
	st_le16(b + 2, 14);
	expect_map_error(b, len, "multiple of 4");
	st_le16(b + 2, 8);
	expect_map_error(b, len, "multiple of 4");

	/* unterminated: size 12 holds ids 4, 6 and no 0 */
	st_le16(b + 2, 12);
	expect_map_error(b, len, "map 3: id list not terminated within 12");

	/* more than one padding slot after the 0 */
	uint16_t one = 4;

	len = v1t_mk_map(b, 3, &one, 1);
	ck_assert_uint_eq(len, 12);
	st_le16(b + 2, 16);
	memset(b + 12, 0, 4);
	expect_map_error(b, 16, "after the terminating 0");

	/* unknown ids, named with their offset */
	static const uint16_t unknown[] = { 4, 50 }, obsolete[] = { 47 }, huge[] = { 9, 0xffff };

	len = v1t_mk_map(b, 3, unknown, 2);
	expect_map_error(b, len, "unknown extension id 50 at record offset 10");
	len = v1t_mk_map(b, 3, obsolete, 1);
	expect_map_error(b, len, "unknown extension id 47 at record offset 8");
	len = v1t_mk_map(b, 3, huge, 2);
	expect_map_error(b, len, "unknown extension id 65535 at record offset 10");

	/* extension_size disagrees with the ids */
	len = v1t_mk_map(b, 3, ok, 2);
	st_le16(b + 6, 12);
	expect_map_error(b, len, "take 8 bytes, map says 12");

	/* too many ids (reserved ones take no bytes, so the sizes still add up) */
	uint16_t many[65];

	for (size_t i = 0; i < 65; i++)
		many[i] = 28;
	len = v1t_mk_map(b, 3, many, 65);
	expect_map_error(b, len, "more than 64 extensions at record offset 136");
	len = v1t_mk_map(b, 3, many, 64);
	struct flow_v1_maps *m = v1t_new_maps();
	struct flow_err err = { 0 };

	ck_assert_int_eq(flow_v1_map_add(m, b, len, &err), 0);
	flow_v1_maps_free(m);
}
END_TEST

/* A rejected map leaves the earlier map of that id in place. */
START_TEST(test_bad_map_keeps_old)
{
	struct flow_v1_maps *m = v1t_new_maps();
	uint16_t as = 6, bad = 50;
	uint8_t b[64], d[4] = { 0 }, rec[128];
	struct flow_record r;
	struct flow_err err = { 0 };

	v1t_add_map(m, 4, &as, 1);
	size_t len = v1t_mk_map(b, 4, &bad, 1);

	ck_assert_int_eq(flow_v1_map_add(m, b, len, &err), FLOW_EFORMAT);
	len = v1t_mk_rec(rec, 0, 4, d, 4);
	flow_record_clear(&r);
	ck_assert_int_eq(flow_record_decode_v1(&r, m, rec, len, &err), (int)len);
	ck_assert_uint_eq(r.present, BASE | BIT(EX_AS));
	flow_v1_maps_free(m);
}
END_TEST

static int decode_copy(const struct flow_v1_maps *m, const uint8_t *rec, size_t len,
		       struct flow_err *err)
{
	struct flow_record r;
	uint8_t *copy = malloc(len ? len : 1);
	int rc;

	ck_assert_ptr_nonnull(copy);
	memcpy(copy, rec, len);
	flow_record_clear(&r);
	rc = flow_record_decode_v1(&r, m, copy, len, err);
	free(copy);
	return rc;
}

static void expect_rec_error(const struct flow_v1_maps *m, const uint8_t *rec, size_t len,
			     const char *needle)
{
	struct flow_err err = { 0 };

	ck_assert_int_eq(decode_copy(m, rec, len, &err), FLOW_EFORMAT);
	ck_assert_msg(strstr(err.msg, needle) != NULL, "'%s' lacks '%s'", err.msg, needle);
}

START_TEST(test_bad_records)
{
	struct flow_v1_maps *m = v1t_new_maps();
	uint16_t as = 7;
	uint8_t d[8] = { 0 }, rec[256] = { 0 };

	v1t_add_map(m, 1, &as, 1);
	size_t len = v1t_mk_rec(rec, 0, 1, d, 8);	/* 32 + 16 + 8 = 56 */

	ck_assert_uint_eq(len, 56);
	expect_rec_error(m, rec, 31, "fixed part needs 32");
	st_le16(rec, 11);
	expect_rec_error(m, rec, len, "not a v1 common record");
	st_le16(rec, 10);
	expect_rec_error(m, rec, len - 1, "size 56 outside 32..55");
	st_le16(rec + 2, 20);
	expect_rec_error(m, rec, len, "size 20 outside");
	st_le16(rec + 2, 52);
	expect_rec_error(m, rec, len, "size 52, map 1 with flags 0x00 needs 56");
	st_le16(rec + 2, 56);
	rec[4] = 0x02;		/* 64-bit packets: 4 more bytes needed */
	expect_rec_error(m, rec, len, "size 56, map 1 with flags 0x02 needs 60");
	rec[4] = 0;
	st_le16(rec + 6, 2);
	expect_rec_error(m, rec, len, "extension map 2 unknown");
	st_le16(rec + 6, 1);

	/* 4 bytes too many */
	size_t big = v1t_mk_rec(rec, 0, 1, d, 8) + 4;

	st_le16(rec + 2, (uint16_t)big);
	expect_rec_error(m, rec, big, "needs 56");
	flow_v1_maps_free(m);

	/* no maps object at all */
	len = v1t_mk_rec(rec, 0, 1, d, 8);
	expect_rec_error(NULL, rec, len, "extension map 1 unknown");
}
END_TEST

/* Every truncation of a sample record fails, with or without a fixed-up size. */
START_TEST(test_truncations)
{
	struct flow_v1_maps *m = v1t_new_maps();
	uint8_t rec[1024];
	struct flow_err err = { 0 };

	v1t_add_map(m, 77, v1t_big_ids, sizeof(v1t_big_ids) / sizeof(v1t_big_ids[0]));
	size_t len = v1t_mk_big(rec, 0x07);

	ck_assert_int_eq(decode_copy(m, rec, len, &err), (int)len);
	for (size_t n = 0; n < len; n++) {
		ck_assert_int_eq(decode_copy(m, rec, n, &err), FLOW_EFORMAT);
		if (n >= 4) {
			uint8_t cut[1024];

			memcpy(cut, rec, n);
			st_le16(cut + 2, (uint16_t)n);
			ck_assert_int_eq(decode_copy(m, cut, n, &err), FLOW_EFORMAT);
		}
	}
	flow_v1_maps_free(m);
}
END_TEST

/* Every truncation of a map fails and every single-byte change is handled. */
START_TEST(test_map_mutations)
{
	uint8_t b[512], rec[1024];
	size_t len = v1t_mk_map(b, 77, v1t_big_ids, sizeof(v1t_big_ids) / sizeof(v1t_big_ids[0]));
	static const uint8_t vals[] = { 0x00, 0x01, 0x2f, 0x80, 0xff };

	for (size_t n = 0; n < len; n++) {
		struct flow_v1_maps *m = v1t_new_maps();
		uint8_t *copy = malloc(n ? n : 1);
		struct flow_err err = { 0 };

		ck_assert_ptr_nonnull(copy);
		memcpy(copy, b, n);
		ck_assert_int_eq(flow_v1_map_add(m, copy, n, &err), FLOW_EFORMAT);
		free(copy);
		flow_v1_maps_free(m);
	}
	/* flip each byte of map and record; decode must succeed or fail cleanly */
	size_t rlen = v1t_mk_big(rec, 0x07);

	for (size_t pos = 0; pos < len + rlen; pos++) {
		for (size_t v = 0; v < sizeof(vals); v++) {
			struct flow_v1_maps *m = v1t_new_maps();
			uint8_t mb[512], rb[1024];
			struct flow_err err = { 0 };

			memcpy(mb, b, len);
			memcpy(rb, rec, rlen);
			if (pos < len)
				mb[pos] = vals[v];
			else
				rb[pos - len] = vals[v];
			int rc = flow_v1_map_add(m, mb, len, &err);

			ck_assert(rc == 0 || rc == FLOW_EFORMAT);
			rc = decode_copy(m, rb, rlen, &err);
			ck_assert(rc == (int)rlen || rc == FLOW_EFORMAT);
			flow_v1_maps_free(m);
		}
	}
}
END_TEST

/* --------------------------------------------------- allocation failures */

static int alloc_run(void)
{
	struct flow_v1_maps *m = NULL;
	struct flow_err err = { 0 };
	uint16_t id = 6;
	uint8_t b[64], d[4] = { 0 }, rec[128];
	struct flow_record r;
	int rc = flow_v1_maps_new(&m, &err);

	if (rc == 0) {
		size_t len = v1t_mk_map(b, 3, &id, 1);

		rc = flow_v1_map_add(m, b, len, &err);
		if (rc == 0) {
			len = v1t_mk_map(b, 0x4000, &id, 1);	/* another page */
			rc = flow_v1_map_add(m, b, len, &err);
		}
		if (rc == 0) {
			len = v1t_mk_rec(rec, 0, 0x4000, d, 4);
			flow_record_clear(&r);
			rc = flow_record_decode_v1(&r, m, rec, len, &err);
			ck_assert_int_eq(rc, (int)len);
			rc = 0;
		}
	} else {
		ck_assert_ptr_null(m);
	}
	flow_v1_maps_free(m);
	if (rc)
		ck_assert_int_eq(rc, FLOW_ENOMEM);
	return rc;
}

START_TEST(test_alloc_failures)
{
	long n;

	for (n = 1; n < 100; n++) {
		flow_alloc_fail_at(n, 1);
		int rc = alloc_run();

		flow_alloc_fail_at(0, 0);
		if (rc == 0)
			break;
	}
	ck_assert_int_eq(n, 4);	/* maps, two pages: three allocations */
	flow_v1_maps_free(NULL);
}
END_TEST

TCase *v1t_bad_tcase(void)
{
	TCase *bad = tcase_create("bad input");

	tcase_add_test(bad, test_bad_maps);
	tcase_add_test(bad, test_bad_map_keeps_old);
	tcase_add_test(bad, test_bad_records);
	tcase_add_test(bad, test_truncations);
	tcase_add_test(bad, test_map_mutations);
	tcase_add_test(bad, test_alloc_failures);
	tcase_set_timeout(bad, 60);
	return bad;
}
