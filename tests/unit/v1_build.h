/*
 * v1_build.h - shared builders for the v1 (layout 1) unit tests: map and
 * common records made by hand, pattern data, and the suite's TCase parts.
 */
#ifndef TESTS_UNIT_V1_BUILD_H
#define TESTS_UNIT_V1_BUILD_H

#include <check.h>
#include <stddef.h>
#include <stdint.h>

#include "record/v1.h"

#define BIT(id) (1ULL << (id))
#define IP4(a, b, c, d) (((uint32_t)(a) << 24) | ((b) << 16) | ((c) << 8) | (d))
#define BASE (BIT(EX_GENERIC) | BIT(EX_IPV4))

/* Test's own copy of format.md §6.6; -1 = not accepted. */
extern const int v1t_tsize[50];

/* Every id in one map (map id 77), each ext's bytes = its id. */
#define V1T_NBIG 33
extern const uint16_t v1t_big_ids[V1T_NBIG];

size_t v1t_mk_map(uint8_t *out, unsigned map_id, const uint16_t *ids, size_t n);
size_t v1t_mk_rec(uint8_t *out, unsigned flags, unsigned map_id,
		  const uint8_t *ext, size_t ext_len);
size_t v1t_mk_big(uint8_t *rec, unsigned flags);
void v1t_fill_pattern(uint8_t *d, size_t n);
uint16_t v1t_pat16(size_t off);
uint32_t v1t_pat32(size_t off);
uint64_t v1t_pat64(size_t off);
struct flow_v1_maps *v1t_new_maps(void);
void v1t_add_map(struct flow_v1_maps *m, unsigned map_id, const uint16_t *ids, size_t n);
void v1t_decode_one(struct flow_record *r, uint16_t id, const uint8_t *ext, unsigned flags);

/* Suite parts, in the order main() adds them. */
void v1t_add_ext_tests(TCase *tc);	/* check_v1_ext.c: one id at a time */
void v1t_add_map_tests(TCase *tc);	/* check_v1_maps.c: many ids, map handling */
TCase *v1t_bad_tcase(void);		/* check_v1_bad.c: bad input, allocation failures */

#endif
