/*
 * stat_util.h - records for the statistics tests (check_stat*.c).
 */
#ifndef TESTS_STAT_UTIL_H
#define TESTS_STAT_UTIL_H

#include "record/record.h"

/* An IPv4 flow with its generic element only. */
static inline void flow(struct flow_record *r, uint32_t src, uint32_t dst, uint16_t sp,
			uint16_t dp, uint8_t proto, uint64_t pkts, uint64_t bytes,
			uint64_t first, uint64_t last)
{
	flow_record_clear(r);
	r->present = 1ULL << EX_GENERIC | 1ULL << EX_IPV4;
	r->ipv4.src = src;
	r->ipv4.dst = dst;
	r->generic.src_port = sp;
	r->generic.dst_port = dp;
	r->generic.proto = proto;
	r->generic.in_packets = pkts;
	r->generic.in_bytes = bytes;
	r->generic.msec_first = first;
	r->generic.msec_last = last;
}

#endif
