/*
 * raw171.h - the pieces of nfdump 1.7.1's raw printer shared by raw171.c
 * (record header, flow elements) and raw171_ext.c (NSEL/NAT, payload,
 * pflog and the 1.7.8-only elements).
 *
 * Every raw line is "  <label padded to 12> = <value>", the value right-
 * aligned in 17 columns by a fixed number of spaces before a printf
 * conversion of a minimum width (1.7.1 writes each line as a literal
 * format).  The helpers reproduce that: a value wider than its conversion
 * pushes the line right, exactly as nfdump's does.
 */
#ifndef FLOW_OUTPUT_RAW171_H
#define FLOW_OUTPUT_RAW171_H

#include "output/output_int.h"

#define RAW171_WIDTH 17

struct raw_ctx {
	struct obuf *ob;
	const struct flow_record *r;
	struct flow_printer *p;
};

typedef void raw_elem_fn(struct raw_ctx *c);

/* "  label        = " */
void raw_label(struct obuf *ob, const char *label);
/* A line with value v in a conversion of width w ("%5u" etc.). */
void raw_num(struct obuf *ob, const char *label, uint64_t v, unsigned w);
/* A line with s as "%16s" after one space (addresses, names). */
void raw_text(struct obuf *ob, const char *label, const char *s);
/*
 * A line "<msec> [date.mmm]"; date "<unknown>" when the second is 0.  tc:
 * the printer's time cache for this column.
 */
void raw_stamp(struct raw_ctx *c, const char *label, uint64_t msec, struct fmt_tcache *tc);

/* The DNS lines before a port-53 payload (dns171.c). */
void dns171_print(struct obuf *ob, uint8_t proto, const uint8_t *payload, size_t len);

/* Elements in raw171_ext.c. */
raw_elem_fn raw_mpls, raw_mac, raw_as_adj, raw_latency, raw_observation, raw_vrf;
raw_elem_fn raw_nsel_common, raw_nat_xlate4, raw_nat_xlate6, raw_nat_xlate_port;
raw_elem_fn raw_nsel_acl, raw_nsel_user, raw_nat_common, raw_nat_port_block;
raw_elem_fn raw_nbar, raw_in_payload, raw_out_payload, raw_pfinfo;
raw_elem_fn raw_layer2, raw_flow_id, raw_nokia_nat, raw_nokia_nat_string, raw_ipinfo;

#endif
