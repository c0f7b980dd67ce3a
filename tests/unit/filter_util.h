/*
 * filter_util.h - match a filter the way dump's workers do: on a record
 * decoded with only the elements the filter reads, over another record.
 */
#ifndef TESTS_FILTER_UTIL_H
#define TESTS_FILTER_UTIL_H

#include <check.h>

#include "filter/filter.h"
#include "record/record.h"

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
	return flow_filter_match(f, &d);
}

#endif
