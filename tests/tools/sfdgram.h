/*
 * sfdgram.h - build sFlow v2/v4/v5 datagrams for tests, field by field,
 * straight from the sFlow v5 specification and InMon's v2/v4 layout.  It
 * is test data only: independent of lib/proto (neither its decoder nor
 * the flowgen encoder), so a shared misreading of the spec cannot hide.
 *
 * A datagram is appended to a fixed buffer; structures whose length or
 * count precedes them are opened (a placeholder word is written, its
 * offset kept) and closed when their content is complete.  Overflowing
 * the buffer sets `overflow` and stops writing; builders check it.
 */
#ifndef TESTS_TOOLS_SFDGRAM_H
#define TESTS_TOOLS_SFDGRAM_H

#include <stddef.h>
#include <stdint.h>

#define SFD_MAX 4096

struct sfd {
	uint8_t b[SFD_MAX];
	size_t len;
	int overflow;
	size_t nsamples_at;	/* the datagram's sample count word */
	uint32_t nsamples;
	uint32_t version;
};

/* An open v5 sample, flow record list or v2/v4 extended list. */
struct sfd_mark {
	size_t len_at, count_at;
	uint32_t count;
};

/* A packet header being built (Ethernet, IP, transport). */
struct sfd_pkt {
	uint8_t b[512];
	size_t len;
};

void sfd_u32(struct sfd *d, uint32_t v);
void sfd_raw(struct sfd *d, const void *p, size_t n);	/* no padding */
void sfd_opaque(struct sfd *d, const void *p, size_t n);	/* padded to 4 */
size_t sfd_hole(struct sfd *d);				/* placeholder word */
void sfd_put(struct sfd *d, size_t at, uint32_t v);

/* Datagram header; agent is 4 or 16 bytes (alen).  v2/v4 have no sub id. */
void sfd_dgram(struct sfd *d, uint32_t version, const uint8_t *agent, size_t alen,
	       uint32_t sub_id, uint32_t seq);
/* Write the sample count; call after the last sample. */
void sfd_finish(struct sfd *d);

/* v5 flow sample (compact or expanded); elements follow, then sfd_end. */
void sfd_flow5(struct sfd *d, struct sfd_mark *m, int expanded, uint32_t rate,
	       uint32_t input, uint32_t output);
void sfd_end(struct sfd *d, struct sfd_mark *m);
/* A v5 flow record: tag, then its content, then sfd_el_end. */
size_t sfd_el(struct sfd *d, struct sfd_mark *m, uint32_t tag);
void sfd_el_end(struct sfd *d, size_t at);

/* v5 record contents (write after sfd_el, or raw in v2/v4 samples). */
void sfd_header(struct sfd *d, uint32_t proto, uint32_t frame_len,
		const struct sfd_pkt *p);
void sfd_ipv4(struct sfd *d, uint32_t len, uint32_t proto, const uint8_t src[4],
	      const uint8_t dst[4], uint32_t sport, uint32_t dport, uint32_t flags,
	      uint32_t tos);
void sfd_ipv6(struct sfd *d, uint32_t len, uint32_t proto, const uint8_t src[16],
	      const uint8_t dst[16], uint32_t sport, uint32_t dport, uint32_t flags,
	      uint32_t prio);
void sfd_ethernet(struct sfd *d, uint32_t len, const uint8_t src[6], const uint8_t dst[6],
		  uint32_t type);
void sfd_switch(struct sfd *d, uint32_t in_vlan, uint32_t in_prio, uint32_t out_vlan,
		uint32_t out_prio);
/* alen 0 (unknown), 4 or 16. */
void sfd_address(struct sfd *d, const uint8_t *a, size_t alen);
void sfd_router(struct sfd *d, const uint8_t *nh, size_t alen, uint32_t src_mask,
		uint32_t dst_mask);
/* v4/v5 gateway (v5 with the BGP next hop): one AS_SEQUENCE segment. */
void sfd_gateway(struct sfd *d, const uint8_t *nh, size_t alen, uint32_t as,
		 uint32_t src_as, uint32_t peer_as, const uint32_t *path, uint32_t npath);

/* v5 counters sample with one generic interface counters record. */
void sfd_counters5(struct sfd *d, int expanded, uint32_t ifindex);

/* v2/v4 flow sample: header fields, then packet data, then extended list. */
void sfd_flow24(struct sfd *d, struct sfd_mark *m, uint32_t rate, uint32_t input,
		uint32_t output, uint32_t packet_tag);
void sfd_ext24(struct sfd *d, struct sfd_mark *m);	/* open the extended list */
void sfd_ext24_tag(struct sfd *d, struct sfd_mark *m, uint32_t tag);
void sfd_end24(struct sfd *d, struct sfd_mark *m);
/* v2/v4 counters sample of the given counters version (1..7). */
void sfd_counters24(struct sfd *d, uint32_t version, uint32_t ifindex);

/* Packet headers. */
void sfd_pkt_bytes(struct sfd_pkt *p, const void *b, size_t n);
void sfd_pkt_eth(struct sfd_pkt *p, const uint8_t dst[6], const uint8_t src[6]);
void sfd_pkt_tag(struct sfd_pkt *p, uint16_t tpid, uint16_t tci);
void sfd_pkt_type(struct sfd_pkt *p, uint16_t type);
void sfd_pkt_mpls(struct sfd_pkt *p, uint32_t label, unsigned exp, int bottom, unsigned ttl);
void sfd_pkt_ipv4(struct sfd_pkt *p, const uint8_t src[4], const uint8_t dst[4],
		  uint8_t proto, uint8_t tos, uint16_t frag);
void sfd_pkt_ipv6(struct sfd_pkt *p, const uint8_t src[16], const uint8_t dst[16],
		  uint8_t nh, uint8_t tclass);
/* IPv6 extension header of 8 * (units + 1) bytes (AH: 4 * (units + 2)). */
void sfd_pkt_ext6(struct sfd_pkt *p, uint8_t type, uint8_t nh, uint8_t units);
void sfd_pkt_frag6(struct sfd_pkt *p, uint8_t nh, uint16_t offset);
void sfd_pkt_tcp(struct sfd_pkt *p, uint16_t sport, uint16_t dport, uint8_t flags);
void sfd_pkt_udp(struct sfd_pkt *p, uint16_t sport, uint16_t dport);
void sfd_pkt_icmp(struct sfd_pkt *p, uint8_t type, uint8_t code);

#endif
