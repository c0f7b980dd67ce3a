/*
 * bew.c - the out-of-line parts of the big-endian writer (encode.h) and
 * the encoder table.
 */
#include <string.h>

#include "proto/encode.h"
#include "util/endian.h"

int flow_bew_zero(struct flow_bew *w, size_t n)
{
	uint8_t *p = flow_bew_reserve(w, n);

	if (!p)
		return -1;
	memset(p, 0, n);
	return 0;
}

int flow_bew_put16_at(struct flow_bew *w, size_t off, uint16_t v)
{
	if (off > w->len || w->len - off < 2)
		return -1;
	st_be16(w->buf + off, v);
	return 0;
}

int flow_bew_put32_at(struct flow_bew *w, size_t off, uint32_t v)
{
	if (off > w->len || w->len - off < 4)
		return -1;
	st_be32(w->buf + off, v);
	return 0;
}

const struct flow_encoder *flow_encoder_find(int version)
{
	switch (version) {
	case 5:
		return &flow_enc_v5;
	case 9:
		return &flow_enc_v9;
	case 10:
		return &flow_enc_ipfix;
	case FLOW_ENC_SFLOW5:
		return &flow_enc_sflow;
	default:
		return NULL;
	}
}
