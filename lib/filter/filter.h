/*
 * filter.h - the nfdump filter language (cli.md §2), compiled once and
 * matched against many records.
 *
 * flow_filter_compile() keeps no global state, never prints and never
 * exits; it reads only its arguments, the files named by @include and,
 * for host names, the resolver.  The result is
 * immutable, so one compiled filter may be matched from several threads
 * at once; flow_filter_match() allocates nothing.
 *
 * Semantics follow nfdump 1.6/1.7.1: a field of an element the record
 * lacks reads as 0 (0.0.0.0 for addresses), except `flows`, which reads
 * as 1.  Unqualified address/port/AS/mask/VLAN/interface/MAC primitives
 * match either side; `src and dst` requires both.  An IPv4 value never
 * matches an IPv6 record and vice versa.
 *
 * Supported (the union of the 1.6/1.7.1 and 1.7.8 spellings, cli.md §2;
 * man/dump.1 FILTER lists them): any; not ! and && or || ( ); # comments;
 * @include FILE; flow labels %name ( expr ) and ( expr ) %name (checked,
 * not attached); numbers (decimal, 0x hex, k/m/g/t = powers of 1000);
 * case-insensitive keywords; quoted words; ipv4/inet, ipv6/inet6;
 * ident NAME; count/cnt; proto NAME|N; [dir] ip|host ADDR|HOSTNAME;
 * [dir] ip in [ ... ]; [dir] net A/len, A M.M.M.M, short IPv4 forms;
 * [dir] port [comp] N, port in [ ... ], port in [nat] pblock; [dir] as,
 * prev/next as; [in|out] if; [dir] mask; [dir] vlan; [in|out] [src|dst]
 * mac; flags LETTERS|comp N|= LETTERS; [src|dst] tos; [in|out] packets,
 * bytes; flows, pps, bps, bpp, duration; next ip, bgpnext ip, bgp next ip,
 * router ip, exporter ip; icmp-type/icmp-code (also `icmp type`);
 * engine-type/engine-id (also `engine type`); nfversion; sysid, exporter
 * sysid|id; flowdir/dir; fwdstat N|NAME|comp N; client/server/app latency;
 * mpls labelN|expN|eos|any; observation domain|point id; NSEL: asa event
 * NAME|comp N|denied WHY, asa xevent, asa user, ingress|egress acl|ace|xace,
 * ingress|egress vrf; NEL: nat event, [nat] pblock start|end|step|size,
 * [dir] xip|nip|nat ip, xnet|nat net, xport|nport|nat port; tun proto,
 * [dir] tunip|tun ip|tun net; flowlabel W; payload content W; first|last
 * seen comp TIME; min|max ttl; ethertype.
 * dir is src, dst, src or dst, dst or src, src and dst, dst and src.
 *
 * Refused with a message naming the token, never a silent match: geo (no
 * geo database), payload regex/ja3/ja4/dns/ssl/tls, pf ..., ttl equal.
 */
#ifndef FLOW_FILTER_FILTER_H
#define FLOW_FILTER_FILTER_H

#include <stdint.h>
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

/*
 * Compile options.  Host names in `ip`/`host` and `ip in [ ]` are resolved
 * with getaddrinfo at compile time (every address OR-ed, as nfdump 1.7.1);
 * no_lookup makes them an error instead (fuzzing, no DNS).  note, when
 * set, receives each line nfdump prints meanwhile ("Resolving h ...",
 * "IPv4 address: a (name)"), without newline, for the caller to print on
 * stdout.  flow_filter_compile is flow_filter_compile_opts with NULL opts
 * (lookups on, silent).
 */
struct flow_filter_opts {
	int no_lookup;
	void (*note)(void *ctx, const char *line);
	void *note_ctx;
};

int flow_filter_compile_opts(struct flow_filter **out, const char *expr,
			     const struct flow_filter_opts *opts, struct flow_err *err);

/* 1 when r is selected, else 0.  f is not modified.  Same as
 * flow_filter_match_ctx with ctx NULL: `ident` never matches, `count` sees 0. */
int flow_filter_match(const struct flow_filter *f, const struct flow_record *r);

/*
 * What a record's filter needs besides the record: the ident of the file
 * it came from (`ident NAME`) and its number in read order (`count`), as
 * nfdump 1.7.1 keeps them in its filter engine.  ident may be NULL (no
 * ident: `ident X` is false); count is 1 for the first flow record read,
 * counting every flow record of every file before the time window.
 */
struct flow_filter_ctx {
	const char *ident;
	uint64_t count;
};

enum flow_filter_needs {
	FLOW_FILTER_NEEDS_IDENT = 1 << 0,	/* uses `ident` */
	FLOW_FILTER_NEEDS_COUNT = 1 << 1,	/* uses `count`: keep read order */
};

int flow_filter_match_ctx(const struct flow_filter *f, const struct flow_record *r,
			  const struct flow_filter_ctx *ctx);

/* Bit set of enum flow_filter_needs for f (0 for NULL). */
unsigned flow_filter_needs(const struct flow_filter *f);

/*
 * The record elements f reads (bit n = element id n), for a caller that
 * decodes only those before matching (flow_record_decode_v3_part); a
 * match over such a record is the match over the whole one.  0 for NULL
 * or a filter that reads no element.
 */
uint64_t flow_filter_elements(const struct flow_filter *f);

/*
 * f planned for the records of one shape (flow_record_v3_shape_find):
 * matched on the record's bytes where they lie, with nothing decoded.
 * NULL when f reads what the shape does not hold as plain members (the V3
 * header, computed values other than duration/pps/bps/bpp, strings, port
 * blocks) or memory runs out: then decode and use flow_filter_match.
 * Matches equal flow_filter_match_ctx with ctx NULL on the decoded record.
 */
struct flow_filter_raw;

struct flow_filter_raw *flow_filter_raw_new(const struct flow_filter *f,
					    const struct flow_shape_view *v);
int flow_filter_raw_match(const struct flow_filter_raw *rf, const uint8_t *rec);
/* 0 when no shape can have a plan for f (it reads strings, counts ...). */
int flow_filter_raw_possible(const struct flow_filter *f);
void flow_filter_raw_free(struct flow_filter_raw *rf);

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
/*
 * Set bit i of hits (flow_filter_set_words words) iff filter i selects r;
 * ctx (may be NULL) as for flow_filter_match_ctx.
 */
void flow_filter_set_match(const struct flow_filter_set *s, const struct flow_record *r,
			   const struct flow_filter_ctx *ctx, uint64_t *hits);
void flow_filter_set_free(struct flow_filter_set *s);

#endif
