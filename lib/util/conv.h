/*
 * conv.h - double to integer the way nfdump 1.7.1's x86-64 build does it.
 *
 * C leaves an out-of-range conversion undefined; gcc on x86-64 emits
 * cvttsd2si, which yields 0x8000000000000000 for values beyond int64, and
 * for uint64 subtracts 2^63 first.  Rates of random test data overflow,
 * so the printed numbers depend on it; spelling it out keeps gcc and
 * clang builds alike.
 */
#ifndef FLOW_UTIL_CONV_H
#define FLOW_UTIL_CONV_H

#include <stdint.h>

static inline uint64_t conv_i64(double d)
{
	if (!(d > -9223372036854775808.0 && d < 9223372036854775808.0))
		return 0x8000000000000000ULL;
	return (uint64_t)(int64_t)d;
}

/* (uint64_t)d as gcc's x86-64 code computes it. */
static inline uint64_t conv_u64(double d)
{
	if (d < 9223372036854775808.0)
		return conv_i64(d);
	return conv_i64(d - 9223372036854775808.0) ^ 0x8000000000000000ULL;
}

/* (uint32_t)d: the low half of the 64-bit conversion. */
static inline uint32_t conv_u32(double d)
{
	return (uint32_t)conv_i64(d);
}

/* (int)d: cvttsd2si with a 32-bit result. */
static inline int32_t conv_i32(double d)
{
	if (!(d > -2147483649.0 && d < 2147483648.0))
		return INT32_MIN;
	return (int32_t)d;
}

#endif
