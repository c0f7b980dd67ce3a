/*
 * enc_int.h - what the v9 and IPFIX encoders share: the two templates
 * (IPv4 and IPv6 flows) as lists of (element id, length) and the writer
 * of one element's value.  Element ids are the IANA IPFIX ids, which for
 * ids < 128 are the v9 field types of RFC 3954 §8.
 */
#ifndef FLOW_PROTO_ENC_INT_H
#define FLOW_PROTO_ENC_INT_H

#include "proto/encode.h"

struct enc_field {
	uint16_t id, len;
};

struct enc_template {
	uint16_t id;		/* enum flow_enc_template */
	uint16_t nfields;
	uint16_t reclen;	/* sum of the field lengths */
	const struct enc_field *fields;
};

/* Element ids used (RFC 3954 §8, IANA IPFIX registry). */
enum enc_ie {
	IE_BYTES = 1, IE_PKTS = 2, IE_PROTO = 4, IE_TOS = 5, IE_TCP_FLAGS = 6,
	IE_SRC_PORT = 7, IE_SRC_V4 = 8, IE_SRC_MASK = 9, IE_INPUT = 10,
	IE_DST_PORT = 11, IE_DST_V4 = 12, IE_DST_MASK = 13, IE_OUTPUT = 14,
	IE_NH_V4 = 15, IE_SRC_AS = 16, IE_DST_AS = 17, IE_LAST_SWITCHED = 21,
	IE_FIRST_SWITCHED = 22, IE_SRC_V6 = 27, IE_DST_V6 = 28,
	IE_SRC_MASK6 = 29, IE_DST_MASK6 = 30,
	IE_START_MS = 152, IE_END_MS = 153,
};

/* ipfix != 0: absolute millisecond times (152/153) instead of sysUptime (22/21). */
const struct enc_template *enc_template(int ipfix, int ipv6);

/* Write the template set body entries (id, count, fields) of t. */
int enc_put_template(struct flow_bew *w, const struct enc_template *t);
/*
 * A template set with the IPv4 and IPv6 templates: set id 0 for v9, 2 for
 * IPFIX, length patched in.  Returns the number of templates written.
 */
unsigned enc_put_template_set(struct flow_bew *w, int ipfix);

/* Write r's values for t's fields; e supplies the uptime base. */
int enc_put_record(struct flow_bew *w, const struct enc_template *t,
		   const struct flow_enc *e, const struct flow_record *r);

/* Which template r needs: IPv6 when it has EX_IPV6 and no EX_IPV4. */
static inline int enc_is_ipv6(const struct flow_record *r)
{
	return flow_has(r, EX_IPV6) && !flow_has(r, EX_IPV4);
}

/* Close the open data set: pad to 4 bytes (RFC 3954 §5.3), fix its length. */
void enc_close_set(struct flow_enc *e);

/*
 * Append r to the datagram, opening a data set for its template (closing
 * the previous one) as needed.  Returns 0, FLOW_ENC_FULL or a negative status.
 */
int enc_add_data(struct flow_enc *e, const struct flow_record *r, int ipfix);

#endif
