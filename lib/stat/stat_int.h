/*
 * stat_int.h - what the files of lib/stat share: element definitions,
 * print orders, top-N selection.  bin/ never includes it.
 */
#ifndef FLOW_STAT_STAT_INT_H
#define FLOW_STAT_STAT_INT_H

#include <stddef.h>
#include <stdint.h>

#include "record/record.h"
#include "stat/stat.h"
#include "stat/table.h"

/* Record fields an element statistic or aggregation key reads. */
enum elem_field {
	EF_NONE, EF_SRCIP, EF_DSTIP, EF_NHIP, EF_NHBIP, EF_ROUTER, EF_XSRCIP, EF_XDSTIP,
	EF_SRCPORT, EF_DSTPORT, EF_PROTO, EF_TOS, EF_DSTTOS, EF_DIR,
	EF_SRCAS, EF_DSTAS, EF_PREVAS, EF_NEXTAS, EF_INIF, EF_OUTIF,
	EF_SRCMASK, EF_DSTMASK, EF_SRCVLAN, EF_DSTVLAN,
	EF_INSRCMAC, EF_OUTDSTMAC, EF_INDSTMAC, EF_OUTSRCMAC,
	EF_MPLS1, EF_MPLS10 = EF_MPLS1 + 9,
	EF_CL, EF_SL, EF_AL, EF_ODID, EF_OPID, EF_EVENT, EF_XEVENT,
	EF_XSRCPORT, EF_XDSTPORT, EF_IACL, EF_IACE, EF_IXACE, EF_EACL, EF_EACE, EF_EXACE,
	EF_IVRF, EF_EVRF, EF_NBAR,
	/* what only 1.7.8 counts: each address element on its own, the raw label */
	EF_NH4, EF_NH6, EF_BGPNH4, EF_BGPNH6, EF_ROUTER4, EF_ROUTER6,
	EF_XSRC4, EF_XSRC6, EF_XDST4, EF_XDST6,
	EF_FLAGS, EF_TUN4PROTO, EF_TUN6PROTO, EF_ETHERTYPE, EF_MINTTL, EF_MAXTTL, EF_NATEVENT,
	EF_MPLSRAW1, EF_MPLSRAW10 = EF_MPLSRAW1 + 9,
	EF_ACLRAW1, EF_ACLRAW6 = EF_ACLRAW1 + 5,	/* ingress[0..2], egress[0..2] as stored */
	EF_NBARID,
	EF_PAYLOAD,		/* a JA3/JA4 hash: dump parses no TLS, so never present */
};

uint64_t elem_field_elements(enum elem_field f);
/* The elements one of which r must hold for f to have a value (1.7.8's rule). */
uint64_t elem_field_presence(enum elem_field f);

/* How a value prints (nfdump's IS_NUMBER, IS_IPADDR ...). */
enum elem_kind { EK_NUMBER, EK_HEXNUMBER, EK_IP, EK_MAC, EK_MPLS, EK_LATENCY, EK_EVENT, EK_HEX,
		 EK_NBAR, EK_GEO, EK_JA3, EK_FLAGS, EK_ASORG };

/* A value as nfdump keys it: addresses hi/lo, everything else in v1. */
struct elem_value {
	uint64_t v0, v1;
};

enum elem_def_flags {
	/*
	 * Counted by nfdump 1.7.8's rules: a record without the element
	 * adds no value, unless the value is a number (then it adds 0).
	 */
	ED_178 = 1 << 0,
	ED_PROTO_VALUE = 1 << 1,	/* the text's proto column names the value (tunproto) */
};

#define ELEM_FIELDS_MAX 4

struct elem_def {
	const char *name, *header;
	enum elem_kind kind;
	unsigned char flags;		/* enum elem_def_flags */
	unsigned char nelem;		/* 2: counted once for src, once for dst ... */
	enum elem_field field[ELEM_FIELDS_MAX];
};

/* name in the dialect's statistics (v178), else in the other one's; NULL if neither. */
const struct elem_def *elem_def_find(const char *name, int v178);
void elem_field(const struct flow_record *r, enum elem_field f, struct elem_value *v);

/* How elem_value_string writes: the table's rules, else csv's. */
enum elem_style {
	ES_TEXT = 1 << 0,
	ES_LONG_IPV6 = 1 << 1,	/* addresses not condensed */
	ES_PLAIN = 1 << 2,	/* -N: TCP flags as a number */
};
void elem_value_string(char *s, size_t len, enum elem_kind k, uint64_t v0, uint64_t v1,
		       unsigned style);

/* Print orders (cli.md §4.2, §4.7); the index is nfdump's order number. */
enum stat_inout { IO_IN, IO_OUT, IO_INOUT };
enum order_val { OV_FLOWS, OV_PACKETS, OV_BYTES, OV_PPS, OV_BPS, OV_BPP,
		 OV_TSTART, OV_TEND, OV_DURATION };
struct stat_order {
	const char *name;
	enum stat_inout inout;
	enum order_val val;
	int ascending;		/* default direction of -O */
};
#define ORDER_ELEM_MAX 17	/* orders 1..16 apply to element statistics */
#define ORDER_MAX 20
extern const struct stat_order stat_orders[ORDER_MAX];
/* Index of name (case-insensitive) below limit, or -1. */
int stat_order_find(const char *name, int limit);

uint64_t stat_cnt_packets(const struct stat_cnt *c, enum stat_inout io);
uint64_t stat_cnt_bytes(const struct stat_cnt *c, enum stat_inout io);
/* The sort value of order o; record: the flow table's rules (bps is 0). */
uint64_t stat_order_value(const struct stat_cnt *c, int o, int record, int swap);

/* One row to sort: the value, a tie-breaker, the entry. */
struct stat_sortel {
	uint64_t value;
	uint64_t seq;
	uint8_t *entry;
};
/*
 * Sort v (n rows) so that the rows to print come first: descending by
 * value, or ascending; ties by seq.  topn > 0 only orders the first
 * topn (the rest is left in any order).
 */
void stat_sort(struct stat_sortel *v, size_t n, size_t topn, int ascending);
/*
 * Streaming top N: offer rows one by one to h (room for topn); h keeps
 * the best topn seen, in heap order (stat_sort(h, n, 0, asc) orders them).
 * Memory stays O(topn) however many keys there are.
 */
void stat_topn_offer(struct stat_sortel *h, size_t *n, size_t topn,
		     const struct stat_sortel *el, int ascending);

#endif
