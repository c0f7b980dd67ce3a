/*
 * ipfix_enc.c - IPFIX (RFC 7011): a 16-byte message header whose length
 * field is the message size, a template set (id 2) in the first message
 * and every template_every messages, then data sets.  Times are absolute
 * flowStartMilliseconds/flowEndMilliseconds (ids 152/153), so no uptime
 * arithmetic is needed at the collector.
 */
#include "proto/enc_int.h"
#include "util/err.h"

static int ipfix_begin(struct flow_enc *e, uint8_t *buf, size_t cap, uint64_t now_msec)
{
	unsigned every = e->template_every ? e->template_every : 20;
	struct flow_bew *w = &e->w;

	flow_bew_init(w, buf, cap);
	e->now_msec = now_msec;
	e->count = e->flows = 0;
	e->set_off = 0;
	flow_bew_u16(w, 10);
	flow_bew_u16(w, 0);	/* length: patched by finish */
	flow_bew_u32(w, (uint32_t)(now_msec / 1000));
	flow_bew_u32(w, e->flow_seq);	/* RFC 7011 §3.1: data records sent before */
	flow_bew_u32(w, e->source_id);
	if (e->pkt_seq % every == 0)
		enc_put_template_set(w, 1);
	return w->overflow ? FLOW_EINVAL : 0;
}

static int ipfix_add(struct flow_enc *e, const struct flow_record *r)
{
	return enc_add_data(e, r, 1);
}

static size_t ipfix_finish(struct flow_enc *e)
{
	if (!e->flows)
		return 0;
	enc_close_set(e);
	if (e->w.overflow)
		return 0;
	flow_bew_put16_at(&e->w, 2, (uint16_t)e->w.len);
	e->flow_seq += e->flows;
	e->pkt_seq++;
	return e->w.len;
}

const struct flow_encoder flow_enc_ipfix = {
	.name = "ipfix",
	.version = 10,
	.begin = ipfix_begin,
	.add = ipfix_add,
	.finish = ipfix_finish,
};
