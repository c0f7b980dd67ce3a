/*
 * v9_enc.c - NetFlow v9 (RFC 3954): a 20-byte header, a template flowset
 * (id 0) with the IPv4 and IPv6 templates in the first datagram and every
 * template_every datagrams, then data flowsets.  Times are sysUptime
 * milliseconds (FIRST_SWITCHED/LAST_SWITCHED) as most v9 exporters send.
 */
#include "proto/enc_int.h"
#include "util/err.h"

#define V9_HEADER 20

static int v9_begin(struct flow_enc *e, uint8_t *buf, size_t cap, uint64_t now_msec)
{
	unsigned every = e->template_every ? e->template_every : 20;
	struct flow_bew *w = &e->w;

	flow_bew_init(w, buf, cap);
	e->now_msec = now_msec;
	e->count = e->flows = 0;
	e->set_off = 0;
	flow_bew_u16(w, 9);
	flow_bew_u16(w, 0);	/* count: patched by finish */
	flow_bew_u32(w, (uint32_t)(now_msec - e->boot_msec));
	flow_bew_u32(w, (uint32_t)(now_msec / 1000));
	flow_bew_u32(w, e->pkt_seq);	/* RFC 3954 §5.1: counts export packets */
	flow_bew_u32(w, e->source_id);
	if (e->pkt_seq % every == 0)
		e->count += enc_put_template_set(w, 0);	/* templates count as records */
	return w->overflow ? FLOW_EINVAL : 0;
}

static int v9_add(struct flow_enc *e, const struct flow_record *r)
{
	return enc_add_data(e, r, 0);
}

static size_t v9_finish(struct flow_enc *e)
{
	if (!e->flows)
		return 0;
	enc_close_set(e);
	if (e->w.overflow)
		return 0;
	flow_bew_put16_at(&e->w, 2, (uint16_t)e->count);
	e->flow_seq += e->flows;
	e->pkt_seq++;
	return e->w.len;
}

const struct flow_encoder flow_enc_v9 = {
	.name = "v9",
	.version = 9,
	.begin = v9_begin,
	.add = v9_add,
	.finish = v9_finish,
};
