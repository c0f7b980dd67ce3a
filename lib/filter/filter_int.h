/*
 * filter_int.h - lexer, parser and node list shared by the lib/filter sources.
 *
 * The parser builds nodes straight into one array (struct flow_filter);
 * inner nodes refer to children by index.  Lists (ip in, port in) live in
 * side arrays referenced by offset and count, so matching reads only
 * const memory.
 */
#ifndef FLOW_FILTER_INT_H
#define FLOW_FILTER_INT_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "filter/filter.h"
#include "record/record.h"
#include "util/endian.h"
#include "util/err.h"

/* ---- lexer ---- */
enum ftok_kind {
	TK_END, TK_WORD, TK_LPAREN, TK_RPAREN, TK_LBRACK, TK_RBRACK,
	TK_COMMA, TK_SLASH, TK_CMP, TK_NOT, TK_AND, TK_OR,
	TK_PCT,		/* '%': flow label, 1.7.1's `%name ( expr )` */
};

enum fcmp { CMP_EQ, CMP_GT, CMP_LT, CMP_GE, CMP_LE };

struct ftok {
	enum ftok_kind kind;
	enum fcmp cmp;		/* TK_CMP */
	unsigned quoted;	/* TK_WORD came in quotes: never a keyword */
	const char *s;		/* into the expression (quotes stripped) */
	size_t len;
	unsigned line, col;
};

struct ftoks {
	struct ftok *v;
	size_t n, cap;
	char **files;		/* contents of @include files the tokens point into */
	size_t n_files;
	unsigned end_line, end_col;	/* where the expression ends */
};

/* Tokenise expr, reading `@include FILE` in place (nested up to 10 deep).
 * On success free with flt_toks_free; on failure nothing is left. */
int flt_lex(struct ftoks *out, const char *expr, struct flow_err *err);
void flt_toks_free(struct ftoks *t);

/* ---- nodes ---- */
enum fnode_kind {
	FN_TRUE, FN_FALSE, FN_AND, FN_OR, FN_NOT,
	FN_FIELD,	/* (field >> shift) & vmask  cmp  val */
	FN_FLAGS,	/* (field & val) == val */
	FN_LIST,	/* field in u64 list */
	FN_ADDR,	/* address & mask == net */
	FN_ALIST,	/* address in net list */
	FN_V6,		/* record is IPv6 */
	FN_FUNC,	/* computed value cmp val */
	FN_PROTO2,	/* u8 at off (proto) == val or == val2 (ICMP / ICMPv6) */
	/* made by flt_optimize from the ones above: the common cases without
	 * the size, shift, mask and comparison switches */
	FN_EQ8, FN_EQ16, FN_EQ32, FN_EQ64,	/* field == val */
	FN_EQ16_2,	/* u16 at off == val or u16 at val2 == val (port N) */
	FN_FIELD_BE32,	/* u32 stored in network order at off  cmp  val (NSEL ACL ids) */
	FN_PBLOCK,	/* u16 at off within the NAT port block [start, end] */
	FN_STR,		/* string test, see enum fstr; bytes in strs[a .. a+b) */
	/* only in plans for records read in place (raw.c): off is into the
	 * record, and the element the node reads is known to be there */
	FN_ADDR4, FN_ADDR6,	/* address at off in net */
	FN_ALIST4, FN_ALIST6,	/* address at off in nets[a .. a+b) */
	FN_FUNC_G,	/* duration/pps/bps/bpp (a) of the generic element at off  cmp  val */
};

/* What an FN_STR node compares its word with. */
enum fstr { FS_IDENT, FS_LABEL, FS_USER, FS_PAYLOAD };

enum faddr {
	FA_SRC, FA_DST, FA_NEXTHOP, FA_BGPNH, FA_ROUTER,
	FA_XSRC, FA_XDST,	/* NAT translated (NSEL xlate) */
	FA_TUNSRC, FA_TUNDST,	/* tunnel outer addresses */
};
enum ffunc {
	FF_DURATION, FF_PPS, FF_BPS, FF_BPP, FF_FLOWS,
	FF_COUNT,	/* the caller's record number (struct flow_filter_ctx) */
	FF_EVENT,	/* NAT event, else NSEL firewall event (one field in 1.7.1) */
	FF_MPLS_EOS,	/* label of the bottom-of-stack entry */
	FF_TUNPROTO,	/* tunnel protocol */
};

struct fnet {
	struct flow_ip6 addr, mask;
};

struct fnode {
	enum fnode_kind kind;
	enum fcmp cmp;
	uint16_t off;		/* FN_FIELD/FN_FLAGS/FN_LIST: offsetof flow_record */
	uint8_t size;		/* 1, 2, 4 or 8 bytes */
	uint8_t shift;
	uint32_t a, b;		/* children; list offset and count; faddr/ffunc in a */
	uint64_t vmask, val, val2;
	struct fnet net;
};

/* ---- what matching a node reads, on decoded and on raw records ---- */
static inline uint64_t flt_field(const uint8_t *p, unsigned off, unsigned size)
{
	uint8_t u8;
	uint16_t u16;
	uint32_t u32;
	uint64_t u64;

	p += off;
	switch (size) {
	case 1: memcpy(&u8, p, 1); return u8;
	case 2: memcpy(&u16, p, 2); return u16;
	case 4: memcpy(&u32, p, 4); return u32;
	default: memcpy(&u64, p, 8); return u64;
	}
}

static inline int flt_compare(uint64_t v, enum fcmp c, uint64_t want)
{
	switch (c) {
	case CMP_GT: return v > want;
	case CMP_LT: return v < want;
	case CMP_GE: return v >= want;
	case CMP_LE: return v <= want;
	default: return v == want;
	}
}

/* Where nfdump 1.7.1 keeps IPv4 in its 128-bit slots: high 96 bits zero. */
static inline struct flow_ip6 flt_v4(uint32_t a)
{
	struct flow_ip6 x = { 0, a };

	return x;
}

static inline int flt_in_net(struct flow_ip6 a, const struct fnet *n)
{
	return (a.hi & n->mask.hi) == n->addr.hi && (a.lo & n->mask.lo) == n->addr.lo;
}

/* FF_DURATION, FF_PPS, FF_BPS, FF_BPP: what the generic element gives. */
static inline uint64_t flt_func_generic(const struct ex_generic *g, enum ffunc fn)
{
	uint64_t dur = g->msec_last > g->msec_first ? g->msec_last - g->msec_first : 0;

	switch (fn) {
	case FF_PPS: return dur ? g->in_packets * 1000 / dur : 0;
	case FF_BPS: return dur ? 8000 * g->in_bytes / dur : 0;
	case FF_BPP: return g->in_packets ? g->in_bytes / g->in_packets : 0;
	default: return dur;
	}
}

/*
 * The tree flattened for matching (flt_optimize): only the tests, each
 * with where to go on true and on false; and/or/not became those jumps.
 * Matching walks it in a loop: no recursion, one dispatch a test.
 */
#define FSTEP_TRUE (-1)
#define FSTEP_FALSE (-2)
struct fstep {
	struct fnode n;
	int32_t jt, jf;		/* next step, or FSTEP_TRUE / FSTEP_FALSE */
};

struct flow_filter {
	struct fstep *steps;	/* NULL: match by the tree (out of memory) */
	size_t nsteps;
	int32_t entry;		/* first step, or FSTEP_TRUE / FSTEP_FALSE */
	struct fnode *nodes;
	size_t n, cap;
	uint32_t root;
	uint64_t *u64;
	size_t n_u64, cap_u64;
	struct fnet *nets;
	size_t n_nets, cap_nets;
	char *strs;		/* words of FN_STR nodes, not NUL-terminated */
	size_t n_strs, cap_strs;
	unsigned needs;		/* enum flow_filter_needs */
};

/*
 * The tests that read fields at offsets: of a decoded record in match.c,
 * of a record in place in raw.c.  Any other kind: 0.
 */
static inline __attribute__((always_inline)) int
flt_test_at(const struct flow_filter *f, const struct fnode *n, const uint8_t *p)
{
	uint64_t v;

	switch (n->kind) {
	case FN_TRUE: return 1;
	case FN_FIELD:
		v = (flt_field(p, n->off, n->size) >> n->shift) & n->vmask;
		return flt_compare(v, n->cmp, n->val);
	case FN_FLAGS:
		return (flt_field(p, n->off, n->size) & n->val) == n->val;
	case FN_LIST:
		v = flt_field(p, n->off, n->size);
		for (uint32_t k = 0; k < n->b; k++)
			if (f->u64[n->a + k] == v)
				return 1;
		return 0;
	case FN_FIELD_BE32:
		return flt_compare(ld_be32(p + n->off), n->cmp, n->val);
	case FN_PROTO2: return p[n->off] == n->val || p[n->off] == n->val2;
	case FN_EQ8: return p[n->off] == n->val;
	case FN_EQ16: return flt_field(p, n->off, 2) == n->val;
	case FN_EQ32: return flt_field(p, n->off, 4) == n->val;
	case FN_EQ64: return flt_field(p, n->off, 8) == n->val;
	case FN_EQ16_2:
		return flt_field(p, n->off, 2) == n->val ||
		       flt_field(p, (unsigned)n->val2, 2) == n->val;
	default: return 0;
	}
}

/*
 * The element id whose member in struct flow_record holds byte off; 0
 * for the V3 header's fields, -1 for none.
 */
int flt_element_of(unsigned off);

/* Append a node; returns its index or -1 (FLOW_ENOMEM). */
long flt_node(struct flow_filter *f, const struct fnode *n);
long flt_bin(struct flow_filter *f, enum fnode_kind k, long a, long b);

/* Rewrite the tree into the fast node kinds; called once after parsing. */
void flt_optimize(struct flow_filter *f);

/* ---- primitives ---- */
/* How a primitive takes its direction qualifier. */
enum fdir_kind {
	DK_NONE,	/* no qualifier */
	DK_SRCDST,	/* src/dst; plain = either */
	DK_SRCDST_PS,	/* src/dst; plain = src (tos) */
	DK_INOUT,	/* in/out; plain = in (packets, bytes) */
	DK_INOUT_E,	/* in/out; plain = either (if) */
};

enum fprim_flags {
	PF_COMP = 1 << 0,	/* takes a comparison operator */
	PF_LIST = 1 << 1,	/* takes `in [ ... ]` */
	PF_ICMP = 1 << 2,	/* also requires proto ICMP or ICMPv6 */
};

struct fprim {
	const char *kw;
	enum fdir_kind dk;
	unsigned flags;
	uint16_t off1, off2;	/* src/in side, dst/out side */
	uint8_t size, shift;
	uint64_t vmask, max;
	int func;		/* >= 0: computed (enum ffunc) */
};

const struct fprim *flt_prim_find(const char *s, size_t len);
int flt_proto_num(const char *s, size_t len);
int flt_fwdstat_num(const char *s, size_t len);	/* "Forw", "Drop" ...; -1 unknown */

/* Parse a number token: decimal, 0x hex, k/m/g/t suffix.  0 on success. */
int flt_number(const char *s, size_t len, uint64_t *out);

/* Address parsing: 1 = IPv6.  allow_short: 10, 10.0 ... (net). -1 bad. */
int flt_addr(const char *s, size_t len, int allow_short, struct flow_ip6 *out, int *is_short);
void flt_prefix_mask(int v6, unsigned len, struct flow_ip6 *mask);

/* ---- parser internals (parser.c), shared with prim_ext.c ---- */
enum fdir {
	D_NONE, D_SRC, D_DST, D_EITHER, D_BOTH, D_IN, D_OUT,
	D_IN_SRC, D_IN_DST, D_OUT_SRC, D_OUT_DST,
};

/* How the two sides of a primitive combine. */
enum fsides { S_ONE = 1, S_TWO = 2, S_OR = 3, S_AND = 4 };

struct pstate {
	const struct ftoks *t;
	size_t i;
	struct flow_filter *f;
	struct flow_err *err;
	int depth;
	int rc;
	const struct flow_filter_opts *opts;	/* may be NULL */
};

const struct ftok *ps_peek(const struct pstate *ps, size_t k);
const struct ftok *ps_next(struct pstate *ps);
int ps_is_kw(const struct ftok *t, const char *kw);
long ps_fail(struct pstate *ps, const struct ftok *t, const char *msg);
long ps_nomem(struct pstate *ps);
long ps_add(struct pstate *ps, const struct fnode *n);
long ps_bin(struct pstate *ps, enum fnode_kind k, long a, long b);
long ps_expect(struct pstate *ps, enum ftok_kind k, const char *what);
long ps_expect_kw(struct pstate *ps, const char *kw);
enum fcmp ps_comp(struct pstate *ps);
int ps_number(struct pstate *ps, uint64_t max, const char *range_msg, uint64_t *v);
int ps_push_u64(struct pstate *ps, uint64_t v);
int ps_push_net(struct pstate *ps, const struct fnet *n);
int ps_address(struct pstate *ps, int is_net, int prefix_ok, struct fnet *out);
int ps_sides(struct pstate *ps, enum fdir_kind dk, enum fdir d, const struct ftok *at);
long ps_combine(struct pstate *ps, int s, const struct fnode *n1, const struct fnode *n2);
long ps_prim_addr(struct pstate *ps, int s, enum faddr a1, enum faddr a2, int is_net);
long ps_prim_table(struct pstate *ps, const struct fprim *p, enum fdir d, const struct ftok *kw);

/* resolve.c: is t a host name; resolve it and push its addresses as host
 * nets (0, or -1 with the error set). */
int flt_is_hostname(const struct ftok *t);
int ps_host(struct pstate *ps);

/* Primitives of prim_ext.c: NSEL/NEL, tunnels, strings, counters and the
 * 1.7.8 two-word spellings.  -2 when kw is none of them. */
long ps_prim_ext(struct pstate *ps, const struct ftok *kw, enum fdir d);

#endif
