/*
 * filter_util.h - match a filter the way dump's workers do: on a record
 * decoded with only the elements the filter reads, over another record,
 * and on the record in place where the filter can be planned for it.
 */
#ifndef TESTS_FILTER_UTIL_H
#define TESTS_FILTER_UTIL_H

#include <check.h>

#include "filter/filter.h"
#include "record/record.h"

/* How many matches a raw plan (flow_filter_raw_new) also gave. */
static unsigned raw_planned;

/*
 * When f can be planned for the shape of rec (encoded, and decoded once
 * in this thread), the plan gives match m too.
 */
static inline int raw_agrees(const struct flow_filter *f, const uint8_t *rec, size_t n, int m)
{
	struct flow_shape_view v;
	struct flow_filter_raw *rf;
	uint32_t gen;
	int slot = flow_record_v3_shape_find(rec, n, &gen);

	if (slot < 0)
		return 0;
	flow_record_v3_shape_view((unsigned)slot, &v);
	ck_assert(flow_shape_is(&v.check, rec, (unsigned)n));
	rf = flow_filter_raw_new(f, &v);
	if (!rf)
		return 0;
	ck_assert_int_eq(flow_filter_raw_match(rf, rec), m);
	flow_filter_raw_free(rf);
	return 1;
}

/*
 * r encoded, then decoded in part (flow_filter_elements) over a copy of
 * over (a record as decoded: its members are its elements), and matched.
 */
static inline int part_match(const struct flow_filter *f, const struct flow_record *r,
			     const struct flow_record *over)
{
	static uint8_t buf[8192];
	struct flow_record d = *over;
	struct flow_err err = { 0 };
	int n = flow_record_encode_v3(r, buf, sizeof(buf), &err);

	ck_assert_msg(n > 0, "encode: %s", err.msg);
	ck_assert_int_eq(flow_record_decode_v3_part(&d, buf, (size_t)n, flow_filter_elements(f),
						    &err), n);

	int m = flow_filter_match(f, &d);

	raw_planned += raw_agrees(f, buf, (size_t)n, m);
	return m;
}

#endif
