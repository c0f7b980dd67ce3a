/*
 * v1_build.c - record and map builders shared by the check_v1*.c files.
 */
#include <string.h>

#include "util/endian.h"
#include "testutil.h"
#include "v1_build.h"

/* Test's own copy of format.md §6.6; -1 = not accepted. */
const int v1t_tsize[50] = {
	[4] = 4, [5] = 8, [6] = 4, [7] = 8, [8] = 4, [9] = 4, [10] = 16,
	[11] = 4, [12] = 16, [13] = 4, [14] = 4, [15] = 8, [16] = 4, [17] = 8,
	[18] = 4, [19] = 8, [20] = 16, [21] = 16, [22] = 40, [23] = 4,
	[24] = 16, [25] = 4, [26] = 8, [27] = 8, [37] = 20, [38] = 4, [39] = 8,
	[40] = 32, [41] = 24, [42] = 24, [43] = 72, [45] = 24, [46] = 12,
	[47] = -1, [48] = 8,
};

/* ---------------------------------------------------------------- builders */

/* Map record with the given ids; returns its size. */
size_t v1t_mk_map(uint8_t *out, unsigned map_id, const uint16_t *ids, size_t n)
{
	size_t off = 8;
	unsigned sum = 0;

	for (size_t i = 0; i < n; i++) {
		st_le16(out + off, ids[i]);
		off += 2;
		if (ids[i] < 50 && v1t_tsize[ids[i]] > 0)
			sum += (unsigned)v1t_tsize[ids[i]];
	}
	st_le16(out + off, 0);
	off += 2;
	if (off % 4) {
		st_le16(out + off, 0);
		off += 2;
	}
	st_le16(out, 2);
	st_le16(out + 2, (uint16_t)off);
	st_le16(out + 4, (uint16_t)map_id);
	st_le16(out + 6, (uint16_t)sum);
	return off;
}

/*
 * Common record: fixed part with known values, 10.0.0.1 -> 10.0.0.2 (or
 * 2001:db8::1 -> 2001:db8::2), 5 packets, 500 bytes, then ext bytes.
 */
size_t v1t_mk_rec(uint8_t *out, unsigned flags, unsigned map_id,
		     const uint8_t *ext, size_t ext_len)
{
	memset(out, 0, 32);
	st_le16(out, 10);
	out[4] = (uint8_t)flags;
	out[5] = 9;
	st_le16(out + 6, (uint16_t)map_id);
	st_le16(out + 8, 123);
	st_le16(out + 10, 456);
	st_le32(out + 12, 1700000000);
	st_le32(out + 16, 1700000005);
	out[20] = 1;		/* fwd status */
	out[21] = 0x12;		/* tcp flags */
	out[22] = 6;
	out[23] = 0x20;
	st_le16(out + 24, 1000);
	st_le16(out + 26, 2000);
	st_le16(out + 28, 7);	/* sysid */
	out[30] = 1;		/* biflow dir */
	out[31] = 2;		/* end reason */

	size_t off = 32;

	if (flags & 1) {
		st_le64(out + off, 0x20010db800000000ULL);
		st_le64(out + off + 8, 1);
		st_le64(out + off + 16, 0x20010db800000000ULL);
		st_le64(out + off + 24, 2);
		off += 32;
	} else {
		st_le32(out + off, IP4(10, 0, 0, 1));
		st_le32(out + off + 4, IP4(10, 0, 0, 2));
		off += 8;
	}
	if (flags & 2) {
		st_le64(out + off, 5);
		off += 8;
	} else {
		st_le32(out + off, 5);
		off += 4;
	}
	if (flags & 4) {
		st_le64(out + off, 500);
		off += 8;
	} else {
		st_le32(out + off, 500);
		off += 4;
	}
	if (ext_len)
		memcpy(out + off, ext, ext_len);
	off += ext_len;
	st_le16(out + 2, (uint16_t)off);
	return off;
}

/* Pattern data: byte i = 0x10 + i (never 0 for 72 bytes). */
void v1t_fill_pattern(uint8_t *d, size_t n)
{
	for (size_t i = 0; i < n; i++)
		d[i] = (uint8_t)(0x10 + i);
}

uint16_t v1t_pat16(size_t off)
{
	uint8_t d[80];

	v1t_fill_pattern(d, sizeof(d));
	return ld_le16(d + off);
}

uint32_t v1t_pat32(size_t off)
{
	uint8_t d[80];

	v1t_fill_pattern(d, sizeof(d));
	return ld_le32(d + off);
}

uint64_t v1t_pat64(size_t off)
{
	uint8_t d[80];

	v1t_fill_pattern(d, sizeof(d));
	return ld_le64(d + off);
}

struct flow_v1_maps *v1t_new_maps(void)
{
	struct flow_v1_maps *m = NULL;
	struct flow_err err = { 0 };

	ck_assert_int_eq(flow_v1_maps_new(&m, &err), 0);
	ck_assert_ptr_nonnull(m);
	return m;
}

void v1t_add_map(struct flow_v1_maps *m, unsigned map_id, const uint16_t *ids, size_t n)
{
	uint8_t buf[512];
	struct flow_err err = { 0 };
	size_t len = v1t_mk_map(buf, map_id, ids, n);

	ck_assert_msg(flow_v1_map_add(m, buf, len, &err) == 0, "map add: %s", err.msg);
}

/* Decode one record made with v1t_mk_rec over a single-id map; fails the test on error. */
void v1t_decode_one(struct flow_record *r, uint16_t id, const uint8_t *ext, unsigned flags)
{
	struct flow_v1_maps *m = v1t_new_maps();
	uint8_t rec[256];
	struct flow_err err = { 0 };

	v1t_add_map(m, 3, &id, 1);
	size_t len = v1t_mk_rec(rec, flags, 3, ext, (size_t)v1t_tsize[id]);

	flow_record_clear(r);
	ck_assert_msg(flow_record_decode_v1(r, m, rec, len, &err) == (int)len,
		      "id %u: %s", id, err.msg);
	flow_v1_maps_free(m);
}

/* Every id in one map, each ext's bytes = its id: checks the offsets add up. */
const uint16_t v1t_big_ids[V1T_NBIG] = {
	1, 5, 7, 8, 9, 10, 11, 12, 13, 15, 17, 19, 20, 21, 22, 23, 24, 25, 26,
	27, 28, 36, 37, 38, 39, 40, 41, 43, 44, 45, 46, 48, 49,
};

size_t v1t_mk_big(uint8_t *rec, unsigned flags)
{
	uint8_t ext[1024];
	size_t n = 0;

	for (size_t i = 0; i < sizeof(v1t_big_ids) / sizeof(v1t_big_ids[0]); i++) {
		int sz = v1t_tsize[v1t_big_ids[i]];

		memset(ext + n, v1t_big_ids[i], (size_t)sz);
		n += (size_t)sz;
	}
	return v1t_mk_rec(rec, flags, 77, ext, n);
}
