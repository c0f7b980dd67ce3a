/*
 * filter.h - the nfdump filter language (cli.md §2), compiled once and
 * matched against many records.
 *
 * flow_filter_compile() is a pure parser: it reads only its arguments,
 * keeps no global state, never prints and never exits.  The result is
 * immutable, so one compiled filter may be matched from several threads
 * at once; flow_filter_match() allocates nothing.
 *
 * Semantics follow nfdump 1.6/1.7.1: a field of an element the record
 * lacks reads as 0 (0.0.0.0 for addresses), except `flows`, which reads
 * as 1.  Unqualified address/port/AS/mask/VLAN/interface/MAC primitives
 * match either side; `src and dst` requires both.  An IPv4 value never
 * matches an IPv6 record and vice versa.
 *
 * Supported: any; not ! and && or || ( ); # comments; numbers (decimal,
 * 0x hex, k/m/g/t = powers of 1000); case-insensitive keywords; quoted
 * words; ipv4/inet, ipv6/inet6; proto NAME|N; [dir] ip|host ADDR;
 * [dir] ip in [ ADDR|CIDR ... ]; [dir] net A/len, A M.M.M.M, short IPv4
 * forms (10/8, 10.0/16), IPv6/len; [dir] port [comp] N, port in [ N ... ];
 * [dir] as [comp] N, as in [ ... ]; [in|out] if N; [dir] mask N;
 * [dir] vlan N; [in|out] [src|dst] mac M; flags LETTERS (F S R P A U X;
 * all given flags set); flags comp N; [src|dst] tos [comp] N;
 * [in|out] packets|bytes [comp] N; flows, pps, bps, bpp, duration (ms)
 * [comp] N; next ip, bgpnext ip (also `bgp next ip`), router ip ADDR;
 * next ip in [ ... ]; icmp-type/icmp-code [comp] N (imply ICMP/ICMPv6);
 * engine-type, engine-id, nfversion [comp] N; sysid N (also `exporter
 * sysid`); flowdir/dir ingress|egress|0|1; fwdstat [comp] N;
 * client|server|app latency [comp] N; mpls labelN|expN|eos|any [comp] N.
 * dir is src, dst, src or dst, dst or src, src and dst, dst and src.
 *
 * Not supported (each gives FLOW_EINVAL naming the token, never a silent
 * match): host names (no DNS at compile time), @include, ident, count,
 * prev/next as, port in pblock, NSEL/NEL (asa, nat, xip, xport, acl, vrf),
 * tunnel and geo primitives, observation ids, payload/ja3, ttl, 1.7.8's
 * `flags =S`, `first/last seen`, named fwdstat values and port ranges.
 */
#ifndef FLOW_FILTER_FILTER_H
#define FLOW_FILTER_FILTER_H

#include <stdio.h>

#include "record/record.h"
#include "util/err.h"

struct flow_filter;

/*
 * Compile expr into *out (free with flow_filter_free).  NULL or an empty
 * (blank / comment-only) expr gives a filter that matches every record.
 * A syntax error returns FLOW_EINVAL with err naming line, column and the
 * offending token; an allocation failure returns FLOW_ENOMEM.  *out is
 * NULL on any failure.
 */
int flow_filter_compile(struct flow_filter **out, const char *expr, struct flow_err *err);

/* 1 when r is selected, else 0.  f is not modified. */
int flow_filter_match(const struct flow_filter *f, const struct flow_record *r);

/* Print the compiled node list, one node a line (nfdump -X). */
void flow_filter_dump(const struct flow_filter *f, FILE *fp);

void flow_filter_free(struct flow_filter *f);

/*
 * A set of compiled filters matched against a record in one call
 * (filterset.c): filters that test one 8/16-bit field for equality (port,
 * proto, lists of them, ORs of those) share lookup tables; the others are
 * matched one by one.  Results equal flow_filter_match() of each filter.
 * The filters must outlive the set; the set is immutable after building
 * and may be matched from several threads.
 */
struct flow_filter_set;

/* Build a set of n filters (a NULL filter selects everything). */
int flow_filter_set_build(struct flow_filter_set **out, const struct flow_filter *const *f,
			  size_t n, struct flow_err *err);
/* Words of the hits bitmap: (n + 63) / 64, at least 1. */
size_t flow_filter_set_words(const struct flow_filter_set *s);
/* How many of the filters are matched one by one (not by table). */
size_t flow_filter_set_slow(const struct flow_filter_set *s);
/* Set bit i of hits (flow_filter_set_words words) iff filter i selects r. */
void flow_filter_set_match(const struct flow_filter_set *s, const struct flow_record *r,
			   uint64_t *hits);
void flow_filter_set_free(struct flow_filter_set *s);

#endif
