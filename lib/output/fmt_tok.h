/*
 * fmt_tok.h - the fmt token table: the one place a flow field is turned
 * into text for the fmt-based modes (line, long, extended, biline,
 * bilong, nsel, nat, gline, glong, "fmt:", and 1.7.8's csv/"csv:").
 *
 * Internal to lib/output.  A token is a row: name, header per dialect,
 * 1.7.8 csv column name, a value function and its argument (a record
 * offset and size for the plain numeric fields, a selector otherwise).
 * Value functions write straight into the printer's obuf: no printf on
 * the common fields, no per-record allocation.
 */
#ifndef FLOW_OUTPUT_FMT_TOK_H
#define FLOW_OUTPUT_FMT_TOK_H

#include "output/output_int.h"

struct fmt_tok;

/* How a value is wanted: a fixed-width text column or a csv field. */
struct fmt_out {
	struct flow_printer *p;
	struct obuf *ob;
	int csv;		/* 1.7.8 csv: plain numbers, no padding */
	int dialect;		/* enum flow_dialect */
	int plain;		/* -N */
	int long6;		/* -6 or a "6" mode: 39-wide addresses */
	int tag;		/* -T */
};

typedef void fmt_val_fn(const struct fmt_out *o, const struct flow_record *r,
			const struct fmt_tok *t);

enum fmt_tok_flags {
	TOK_ADDR = 1 << 0,	/* -6 widens its header by 23; -T tags it */
	TOK_ONLY178 = 1 << 1,	/* unknown to 1.7.1 */
	TOK_ONLY171 = 1 << 2,	/* unknown to 1.7.8 (%nevt, %sgt) */
	TOK_NOCSV = 1 << 3,	/* composite: 1.7.8 csv refuses it */
	TOK_NOLIST = 1 << 4,	/* not in 1.7.8's token list (newer than v1.7.8, or %n) */
};

struct fmt_tok {
	const char *name;	/* without the '%' */
	const char *hdr;	/* 1.7.8 header */
	const char *hdr171;	/* 1.7.1 header when it differs, else NULL */
	const char *csv;	/* 1.7.8 csv column name */
	fmt_val_fn *fn;
	uint16_t arg;		/* field offset or selector */
	uint8_t size;		/* field size for the numeric fields */
	uint8_t width;		/* text column width */
	uint8_t flags;		/* enum fmt_tok_flags */
	uint8_t width171;	/* text width in 1.7.1 when it differs, else 0 */
};

/* The longest token named at s (after '%') known in the dialect, or NULL. */
const struct fmt_tok *fmt_tok_find(const char *s, size_t *len, int dialect);
/* Header text of t in the dialect. */
const char *fmt_tok_header(const struct fmt_tok *t, int dialect);
/* The token list 1.7.8 prints after a parse error. */
void fmt_tok_list(FILE *fp, int dialect);

/* Value functions (fmt_val.c, fmt_val_addr.c, fmt_val_ext.c). */
fmt_val_fn v_uint, v_time, v_time_raw, v_time_gmt, v_dur, v_dur_s, v_scaled;
fmt_val_fn v_rate, v_bpp, v_flows, v_proto, v_flags, v_tos, v_dp, v_icmp;
fmt_val_fn v_dir, v_nfv, v_cnt, v_ident, v_eng, v_newline, v_none;
fmt_val_fn v_addr, v_addr_port, v_net, v_geo_addr, v_geo_addr_port, v_ifname;
fmt_val_fn v_mpls, v_mpls_all, v_mac, v_latency, v_evt_time, v_evt, v_xevt;
fmt_val_fn v_nat_evt, v_acl, v_user, v_nbar_id, v_text, v_ttl, v_frag;
fmt_val_fn v_eth, v_label, v_payload, v_uint_sp, v_hex, v_evt_msec, v_flow_id, v_pf;

/* Selectors for the tokens whose arg is not a field offset. */
enum fmt_sel {
	SEL_FIRST, SEL_LAST, SEL_RECV, SEL_NSEL_EVT, SEL_NAT_EVT,
	SEL_IN_PKT, SEL_IN_BYT, SEL_OUT_PKT, SEL_OUT_BYT, SEL_BPS, SEL_PPS,
	SEL_SRC, SEL_DST, SEL_NH, SEL_NHB, SEL_RA, SEL_XSRC, SEL_XDST,
	SEL_IN, SEL_OUT, SEL_TYPE, SEL_CODE,
};

/* What v_text prints (nothing we decode carries these values). */
enum fmt_txt {
	TXT_EMPTY,	/* blanks at the token's width */
	TXT_DOTS,	/* "..": no geo database */
	TXT_NOINFO,	/* "<no info>" */
	TXT_JA3,	/* blank, or "ja3 error" with a payload */
	TXT_SNI,	/* six blanks, as 1.7.1 */
	TXT_BARE,	/* nothing at all */
	TXT_LOC,	/* 1.7.8 "<no location info>"; 1.7.1 nothing */
	TXT_UNKNOWN,	/* "<unknown>" */
	TXT_JA4,	/* "no ja4" */
	TXT_ZERO,	/* "   0": 1.7.8's %tls without TLS data */
};

/* Shared by the value functions: s (n bytes) padded to w (not in csv). */
static inline __attribute__((always_inline)) void fmt_pad(const struct fmt_out *o, const char *s,
							  size_t n, unsigned w, int left)
{
	if (o->csv)
		w = 0;
	if (!left && n < w)
		ob_spaces(o->ob, (unsigned)(w - n));
	ob_write(o->ob, s, n);
	if (left && n < w)
		ob_spaces(o->ob, (unsigned)(w - n));
}
void fmt_put_u(const struct fmt_out *o, uint64_t v, unsigned w);

#endif
