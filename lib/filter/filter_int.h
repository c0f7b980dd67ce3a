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

#include "filter/filter.h"
#include "record/record.h"
#include "util/err.h"

/* ---- lexer ---- */
enum ftok_kind {
	TK_END, TK_WORD, TK_LPAREN, TK_RPAREN, TK_LBRACK, TK_RBRACK,
	TK_COMMA, TK_SLASH, TK_CMP, TK_NOT, TK_AND, TK_OR,
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
	size_t n;
};

int flt_lex(struct ftoks *out, const char *expr, struct flow_err *err);

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
	FN_PROTO2,	/* proto == val or proto == val2 (ICMP / ICMPv6) */
	/* made by flt_optimize from the ones above: the common cases without
	 * the size, shift, mask and comparison switches */
	FN_EQ8, FN_EQ16, FN_EQ32, FN_EQ64,	/* field == val */
	FN_EQ16_2,	/* u16 at off == val or u16 at val2 == val (port N) */
};

enum faddr { FA_SRC, FA_DST, FA_NEXTHOP, FA_BGPNH, FA_ROUTER };
enum ffunc { FF_DURATION, FF_PPS, FF_BPS, FF_BPP, FF_FLOWS };

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

struct flow_filter {
	struct fnode *nodes;
	size_t n, cap;
	uint32_t root;
	uint64_t *u64;
	size_t n_u64, cap_u64;
	struct fnet *nets;
	size_t n_nets, cap_nets;
};

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

/* Parse a number token: decimal, 0x hex, k/m/g/t suffix.  0 on success. */
int flt_number(const char *s, size_t len, uint64_t *out);

/* Address parsing: 1 = IPv6.  allow_short: 10, 10.0 ... (net). -1 bad. */
int flt_addr(const char *s, size_t len, int allow_short, struct flow_ip6 *out, int *is_short);
void flt_prefix_mask(int v6, unsigned len, struct flow_ip6 *mask);

#endif
