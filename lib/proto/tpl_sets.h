/*
 * tpl_sets.h - set handling shared by dec_v9.c and dec_ipfix.c
 * (tpl_sets.c).  Errors are reported with the offset of the set inside
 * the datagram by the caller, which knows it.
 */
#ifndef FLOW_PROTO_TPL_SETS_H
#define FLOW_PROTO_TPL_SETS_H

#include "proto/tpl_int.h"

/*
 * count template fields from r: (id, length) pairs, and for IPFIX an
 * enterprise number after ids with the top bit set.  Returns a flow_malloc'd
 * array (free with flow_free), or NULL when r runs short or no memory
 * (r->short_read tells which).
 */
struct tpl_field *tpl_read_fields(struct flow_berd *r, unsigned count, int ipfix);

/* Store t (taken) for the exporter of c, counting it and any eviction. */
int tpl_add(struct tpl_ctx *c, struct tpl *t, struct flow_err *err);
void tpl_withdraw(struct tpl_ctx *c, uint16_t id);
void tpl_withdraw_kind(struct tpl_ctx *c, unsigned kind);

/*
 * Decode data set `id` (body p, len bytes).  Returns the records it held
 * (data or option records; 0 for an unknown template) and adds the flows
 * emitted to *flows; < 0 with err set: FLOW_EIO when the sink stopped,
 * FLOW_EFORMAT for a record that overruns the set (records before it
 * were emitted and counted).
 */
int tpl_data_set(struct tpl_ctx *c, uint16_t id, const uint8_t *p, size_t len,
		 int *flows, struct flow_err *err);

#endif
