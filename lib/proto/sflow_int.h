/*
 * sflow_int.h - what the sFlow decoder files share: the state one flow
 * sample accumulates while its elements are read, and the sampled packet
 * header parser (sflow_hdr.c).
 *
 * sfcapd reads the elements of a flow sample in order into one state and
 * stores that state as a record at the end of the sample: a later element
 * overwrites what an earlier one set (an extended switch element after a
 * tagged header replaces the VLAN the header gave, and the other way
 * round).  struct sflow_sample is that state; it starts zeroed for every
 * sample, as sfcapd clears its per-sample data.
 */
#ifndef FLOW_PROTO_SFLOW_INT_H
#define FLOW_PROTO_SFLOW_INT_H

#include <stddef.h>
#include <stdint.h>

#include "proto/dec_int.h"
#include "util/berd.h"

#define SFLOW_MAX_MPLS 10	/* labels EX_MPLS holds */

/* sampled_header header_protocol values (sFlow v5 §5.2, v4 the first 12). */
enum sflow_header_proto {
	SFLOW_HDR_ETHERNET = 1,
	SFLOW_HDR_IPV4 = 11,
	SFLOW_HDR_IPV6 = 12,
	SFLOW_HDR_80211 = 15,
	SFLOW_HDR_LAST = 17,	/* highest value sfcapd 1.7.1 knows */
};

struct sflow_sample {
	/* flow sample header */
	uint32_t rate;			/* sampling_rate (meanSkipCount) */
	uint32_t input, output;		/* ifIndex as sfcapd keeps them */
	/* the sampled packet, from header/IPv4/IPv6/ethernet elements */
	uint32_t frame_len;		/* original packet length */
	uint8_t ip_ver;			/* 0 (none), 4 or 6: which address element */
	uint8_t src[16], dst[16];	/* IPv4 in the first 4 bytes */
	uint8_t proto, tos, tcp_flags;
	uint16_t sport, dport;		/* ICMP: dport = type << 8 | code */
	uint16_t frag_off;		/* IPv4/IPv6 fragment offset (8-byte units) */
	uint8_t src_mac[6], dst_mac[6];
	unsigned nmpls;
	uint32_t mpls[SFLOW_MAX_MPLS];	/* label stack entry >> 8, as nfdump keeps it */
	/* extended switch, router, gateway */
	uint32_t in_vlan, out_vlan;
	uint8_t nh_ver, bgp_nh_ver;	/* 0, 4 or 6 */
	uint8_t nh[16], bgp_nh[16];
	uint32_t src_mask, dst_mask;
	uint32_t src_as, dst_as;
};

/* One datagram being decoded: where errors go and what was learnt. */
struct sflow_ctx {
	struct flow_decoder *dec;
	const struct sockaddr *from;
	socklen_t fromlen;
	const struct flow_decode_sink *sink;
	struct flow_err *err;
	uint64_t recv_msec;
	uint32_t version;		/* datagram version: 2, 4 or 5 */
	uint32_t sub_id;		/* v5 sub_agent_id, else 0 */
	char agent[48];			/* agent address, for messages */
	struct flow_decoder_exporter *exp;	/* set at the first stored sample */
	int stored;			/* records emitted */
	int bad;			/* samples rejected */
	const char *why;		/* what an element reader found wrong */
	int fatal;			/* the sink or the exporter table failed */
};

/*
 * Count a rejected sample and describe it in c->err (exporter, version,
 * byte offset in the datagram).  Returns FLOW_EFORMAT.
 */
int sflow_bad(struct sflow_ctx *c, size_t off, const char *what);

/*
 * A cursor over the next n bytes of r, rounded up to the 4-byte XDR
 * boundary, with offsets still counted from the datagram start; r moves
 * past them.  -1 when they are not all there.
 */
int sflow_sub(struct flow_berd *r, uint32_t n, struct flow_berd *sub);

/*
 * Element readers, shared by v5 flow records and v2/v4 flow samples.  r
 * holds exactly the element (v5) or the rest of the sample (v2/v4); each
 * reads its fields into s and returns 0, or -1 on a short read or a value
 * that makes the rest unreadable (err set).  has_stripped: the v5 header
 * element carries the stripped byte count.
 */
int sflow_el_header(struct sflow_ctx *c, struct flow_berd *r, struct sflow_sample *s,
		    int has_stripped);
int sflow_el_ethernet(struct flow_berd *r, struct sflow_sample *s);
int sflow_el_ipv4(struct flow_berd *r, struct sflow_sample *s);
int sflow_el_ipv6(struct flow_berd *r, struct sflow_sample *s);
int sflow_el_switch(struct flow_berd *r, struct sflow_sample *s);
int sflow_el_router(struct sflow_ctx *c, struct flow_berd *r, struct sflow_sample *s);
int sflow_el_gateway(struct sflow_ctx *c, struct flow_berd *r, struct sflow_sample *s);
/* v2's gateway: a flat AS path instead of segments, no communities. */
int sflow_el_gateway_v2(struct flow_berd *r, struct sflow_sample *s);
/* A string (u32 length + bytes, padded): skipped. */
int sflow_skip_string(struct flow_berd *r);

/*
 * Turn a finished sample into a record and hand it to the sink; < 0 (and
 * c->fatal) when the exporter table or the sink failed.
 */
int sflow_store(struct sflow_ctx *c, const struct sflow_sample *s);

/* The v2/v4 samples (sflow_v24.c); -1 = stop decoding the datagram. */
int sflow_v24_samples(struct sflow_ctx *c, struct flow_berd *r, uint32_t nsamples);

/*
 * Decode a sampled packet header of the given header_protocol into s:
 * Ethernet (802.1Q/QinQ tags, 802.3 LLC/SNAP, MPLS), raw IPv4 or IPv6,
 * 802.11 MAC addresses.  Never reads outside h[0..len); whatever is cut
 * off is simply not decoded.  Other protocols leave s unchanged.
 */
void sflow_hdr_decode(struct sflow_sample *s, uint32_t header_protocol,
		      const uint8_t *h, size_t len);

#endif
