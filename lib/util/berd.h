/*
 * berd.h - a bounds-checked big-endian read cursor over wire data.
 *
 * Every NetFlow/IPFIX/sFlow decoder walks datagrams through it, so a short
 * or lying datagram cannot be over-read: a get that does not fit returns
 * -1, reads nothing, and sets `short_read`, which stays set (like OpenBSD's
 * ibuf_get_n16 family); callers may chain gets and test once.  `off` is the
 * offset from the start of the buffer, which error messages quote.
 */
#ifndef FLOW_UTIL_BERD_H
#define FLOW_UTIL_BERD_H

#include <stddef.h>
#include <stdint.h>

#include "util/endian.h"

struct flow_berd {
	const uint8_t *buf;
	size_t len, off;
	int short_read;
};

static inline void flow_berd_init(struct flow_berd *r, const uint8_t *buf, size_t len)
{
	r->buf = buf;
	r->len = len;
	r->off = 0;
	r->short_read = 0;
}

static inline size_t flow_berd_left(const struct flow_berd *r)
{
	return r->len - r->off;
}

/* Pointer to the next n bytes and advance, or NULL when fewer remain. */
static inline const uint8_t *flow_berd_take(struct flow_berd *r, size_t n)
{
	const uint8_t *p;

	if (r->short_read || r->len - r->off < n) {
		r->short_read = 1;
		return NULL;
	}
	p = r->buf + r->off;
	r->off += n;
	return p;
}

static inline int flow_berd_skip(struct flow_berd *r, size_t n)
{
	return flow_berd_take(r, n) ? 0 : -1;
}

static inline int flow_berd_u8(struct flow_berd *r, uint8_t *v)
{
	const uint8_t *p = flow_berd_take(r, 1);

	if (!p)
		return -1;
	*v = *p;
	return 0;
}

static inline int flow_berd_u16(struct flow_berd *r, uint16_t *v)
{
	const uint8_t *p = flow_berd_take(r, 2);

	if (!p)
		return -1;
	*v = ld_be16(p);
	return 0;
}

static inline int flow_berd_u32(struct flow_berd *r, uint32_t *v)
{
	const uint8_t *p = flow_berd_take(r, 4);

	if (!p)
		return -1;
	*v = ld_be32(p);
	return 0;
}

#endif
