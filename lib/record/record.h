/*
 * record.h - the in-memory flow record and its nfdump V3 encoding.
 *
 * struct flow_record is one flat struct with a member per nfdump 1.7
 * extension element.  Each member's layout is the element's data exactly
 * as nfdump stores it (format.md §3.5), so on a little-endian host an
 * element decodes with one memcpy and the filter and printers read fields
 * at fixed offsets.  Files are written little-endian; a big-endian host
 * swaps through the per-element layout strings in elements.c.
 *
 * Invariants:
 *  - bit n of `present` is set iff element n was in the record; members of
 *    absent elements read as all zero (nfdump 1.7.1: "a missing field
 *    counts as 0").
 *  - variable-length parts (NBAR id, payloads, names) are not copied: the
 *    struct flow_bytes point into the buffer the record was decoded from and
 *    stay valid only as long as that buffer does.
 *  - a record decoded once may be reused for the next decode: the decoder
 *    clears only what the previous record set.
 */
#ifndef FLOW_RECORD_RECORD_H
#define FLOW_RECORD_RECORD_H

#include <stddef.h>
#include <stdint.h>

#include "util/endian.h"
#include "util/err.h"

/* Extension element ids (nfdump 1.7.8 numbering, format.md §3.4). */
enum flow_ext {
	EX_NULL = 0,
	EX_GENERIC = 1,
	EX_IPV4 = 2,
	EX_IPV6 = 3,
	EX_MISC = 4,
	EX_CNT = 5,
	EX_VLAN = 6,
	EX_AS = 7,
	EX_BGP_NH4 = 8,
	EX_BGP_NH6 = 9,
	EX_IP_NH4 = 10,
	EX_IP_NH6 = 11,
	EX_RECV4 = 12,
	EX_RECV6 = 13,
	EX_MPLS = 14,
	EX_MAC = 15,
	EX_AS_ADJ = 16,
	EX_LATENCY = 17,
	EX_SAMPLER = 18,
	EX_NSEL_COMMON = 19,
	EX_NAT_XLATE4 = 20,
	EX_NAT_XLATE6 = 21,
	EX_NAT_XLATE_PORT = 22,
	EX_NSEL_ACL = 23,
	EX_NSEL_USER = 24,
	EX_NAT_COMMON = 25,
	EX_NAT_PORT_BLOCK = 26,
	EX_NBAR = 27,
	EX_LABEL = 28,
	EX_IN_PAYLOAD = 29,
	EX_OUT_PAYLOAD = 30,
	EX_TUN4 = 31,
	EX_TUN6 = 32,
	EX_OBSERVATION = 33,
	EX_INMON_META = 34,
	EX_INMON_FRAME = 35,
	EX_VRF = 36,
	EX_PFINFO = 37,
	EX_LAYER2 = 38,
	EX_FLOW_ID = 39,
	EX_NOKIA_NAT = 40,
	EX_NOKIA_NAT_STRING = 41,
	EX_IPINFO = 42,
	EX_MAX = 43,		/* ids >= this are unknown; skipped by length */
};

/* Highest id Debian nfdump 1.7.1 reads without terminating (format.md §3.4). */
#define EX_MAX_171 38

/* V3 record header flags (format.md §3.1). */
enum flow_v3_flags {
	V3_FLAG_EVENT = 1 << 0,
	V3_FLAG_SAMPLED = 1 << 1,
	V3_FLAG_ANON = 1 << 2,
};

/* Record type ids inside data blocks (format.md §4). */
enum flow_rec_type {
	REC_COMMON_V0 = 1,
	REC_EXT_MAP = 2,
	REC_EXPORTER_INFO = 7,
	REC_EXPORTER_STAT = 8,
	REC_SAMPLER_LEGACY = 9,
	REC_COMMON_V1 = 10,
	REC_V3 = 11,
	REC_NBAR = 12,
	REC_IFNAME = 13,
	REC_VRFNAME = 14,
	REC_SAMPLER = 15,
	REC_IDENT = 0x8001,
	REC_STAT = 0x8002,
};

#define V3_HEADER_SIZE 12
#define V3_ELEMENT_HEADER_SIZE 4

/* An IPv6 address as nfdump keeps it: upper and lower 64 bits, numeric. */
struct flow_ip6 {
	uint64_t hi, lo;
};

/* A variable-length element part; points into the decoded buffer. */
struct flow_bytes {
	const uint8_t *ptr;
	uint16_t len;
};

/* Element data layouts.  Sizes are checked by static asserts in elements.c. */
struct ex_generic {
	uint64_t msec_first, msec_last, msec_received;
	uint64_t in_packets, in_bytes;
	uint16_t src_port, dst_port;	/* ICMP: dst_port = type * 256 + code */
	uint8_t proto, tcp_flags, fwd_status, src_tos;
};
struct ex_ipv4 { uint32_t src, dst; };
struct ex_ipv6 { struct flow_ip6 src, dst; };
struct ex_misc {
	uint32_t input, output;
	uint8_t src_mask, dst_mask, dir, dst_tos, biflow_dir, end_reason;
	uint8_t rev_tcp_flags;	/* 1.7.1 only; padding in 1.7.8 */
	uint8_t frag_flags;	/* 1.7.4 only; padding otherwise */
};
struct ex_cnt { uint64_t flows, out_packets, out_bytes; };
struct ex_vlan { uint32_t src_vlan, dst_vlan; };
struct ex_as { uint32_t src_as, dst_as; };
struct ex_ip4 { uint32_t addr; };
struct ex_ip6 { struct flow_ip6 addr; };
struct ex_mpls { uint32_t label[10]; };
struct ex_mac { uint64_t in_src, out_dst, in_dst, out_src; };
struct ex_as_adj { uint32_t next_as, prev_as; };
struct ex_latency { uint64_t client_usec, server_usec, appl_usec; };
/* 1.7.2+ layout; a 1.7.1 element (12 data bytes) is kept in .v171. */
struct ex_sampler {
	union {
		struct { uint64_t selector_id; uint16_t sysid, align; uint32_t pad; } v178;
		struct { int32_t id; uint32_t interval; uint16_t mode, sysid; } v171;
	};
};
struct ex_nsel_common {
	uint64_t msec_event;
	uint32_t conn_id;
	uint16_t fw_xevent;
	uint8_t fw_event, fill;
};
struct ex_nat_xlate4 { uint32_t src, dst; };
struct ex_nat_xlate6 { struct flow_ip6 src, dst; };
struct ex_nat_xlate_port { uint16_t src, dst; };
struct ex_nsel_acl { uint32_t ingress[3], egress[3]; };	/* network order */
struct ex_nsel_user { char username[66]; uint16_t fill; };
struct ex_nat_common {
	uint64_t msec_event;
	uint32_t pool_id;
	uint8_t event, fill;
	uint16_t fill2;
};
struct ex_nat_port_block { uint16_t start, end, step, size; };
struct ex_tun4 { uint32_t src, dst, proto; };
struct ex_tun6 { struct flow_ip6 src, dst; uint32_t proto, pad; };
struct ex_observation { uint64_t point_id; uint32_t domain_id, pad; };
struct ex_inmon_meta { uint16_t frame_size, link_type; };
struct ex_vrf { uint32_t egress_vrf, ingress_vrf; };
struct ex_pfinfo {
	uint8_t action, reason, dir, rewritten;
	uint32_t rulenr, subrulenr, uid, pid;
};
struct ex_layer2 {
	uint16_t vlan_id, customer_vlan_id, post_vlan_id, post_customer_vlan_id;
	uint32_t phys_ingress, phys_egress;
	uint64_t vxlan;
	uint16_t ether_type;
	uint8_t ip_version, fill[5];
};
struct ex_flow_id { uint64_t flow_id; };
struct ex_nokia_nat { uint16_t in_service_id, out_service_id; };
struct ex_ipinfo { uint8_t fill, frag_flags, min_ttl, max_ttl; };

struct flow_record {
	uint64_t present;		/* bit n: element n was present */
	/* V3 header */
	uint8_t engine_type, engine_id;
	uint16_t exporter_sysid;
	uint8_t flags;			/* enum flow_v3_flags */
	uint8_t nfversion;		/* 5, 9, 10, 0x80|n sFlow, 0 legacy */
	uint8_t sampler_is_171;		/* EX_SAMPLER came in the 1.7.1 layout */
	uint8_t nat_common_is_170;	/* EX_NAT_COMMON came in 1.7.0's 24-byte form */

	struct ex_generic generic;
	struct ex_ipv4 ipv4;
	struct ex_ipv6 ipv6;
	struct ex_misc misc;
	struct ex_cnt cnt;
	struct ex_vlan vlan;
	struct ex_as as;
	struct ex_ip4 bgp_nh4;
	struct ex_ip6 bgp_nh6;
	struct ex_ip4 ip_nh4;
	struct ex_ip6 ip_nh6;
	struct ex_ip4 recv4;
	struct ex_ip6 recv6;
	struct ex_mpls mpls;
	struct ex_mac mac;
	struct ex_as_adj as_adj;
	struct ex_latency latency;
	struct ex_sampler sampler;
	struct ex_nsel_common nsel_common;
	struct ex_nat_xlate4 nat_xlate4;
	struct ex_nat_xlate6 nat_xlate6;
	struct ex_nat_xlate_port nat_xlate_port;
	struct ex_nsel_acl nsel_acl;
	struct ex_nsel_user nsel_user;
	struct ex_nat_common nat_common;
	struct ex_nat_port_block nat_port_block;
	struct ex_tun4 tun4;
	struct ex_tun6 tun6;
	struct ex_observation observation;
	struct ex_inmon_meta inmon_meta;
	struct ex_vrf vrf;		/* also filled from 1.7.0's EX_NAT_COMMON */
	struct ex_pfinfo pfinfo;
	struct ex_layer2 layer2;
	struct ex_flow_id flow_id;
	struct ex_nokia_nat nokia_nat;
	struct ex_ipinfo ipinfo;

	/* variable-length parts */
	struct flow_bytes nbar;		/* EX_NBAR: application id bytes */
	struct flow_bytes label;	/* EX_LABEL */
	struct flow_bytes in_payload;	/* EX_IN_PAYLOAD */
	struct flow_bytes out_payload;	/* EX_OUT_PAYLOAD */
	struct flow_bytes inmon_frame;	/* EX_INMON_FRAME */
	struct flow_bytes pf_ifname;	/* EX_PFINFO tail */
	struct flow_bytes nokia_nat_string; /* EX_NOKIA_NAT_STRING */
};

static inline int flow_has(const struct flow_record *r, enum flow_ext id)
{
	return (r->present >> id) & 1;
}

/* Element table entry: what one element id is and where it lives. */
struct flow_ext_info {
	const char *name;	/* nfdump 1.7.8 name, e.g. "EXgenericFlow" */
	uint16_t data_len;	/* fixed data bytes after the 4-byte header */
	uint16_t offset;	/* of the member in struct flow_record */
	uint16_t size;		/* of that member */
	int16_t var_offset;	/* struct flow_bytes member, or -1 */
	const char *layout;	/* field widths for byte swapping: "8888822 1111" */
};

/* Indexed by id; entries of unknown ids have a NULL name. */
extern const struct flow_ext_info flow_ext_table[EX_MAX];

/* NULL for unknown or reserved ids.  Inline: it is on every decode. */
static inline const struct flow_ext_info *flow_ext_info(unsigned id)
{
	if (id == EX_NULL || id >= EX_MAX || !flow_ext_table[id].name)
		return NULL;
	return &flow_ext_table[id];
}

/* Set a record to "nothing present". */
void flow_record_clear(struct flow_record *r);

/*
 * Zero only the elements r currently holds and clear `present`: the cheap
 * reset every decoder does before filling r from the next record.
 */
void flow_record_reset(struct flow_record *r);

/*
 * Decode one V3 record (type 11) from p, which holds avail bytes starting
 * at the record header.  Checks the record size against avail, each
 * element length, the element count and that the lengths add up to the
 * record size; unknown ids and EXnull are skipped by length.  Returns the
 * record size consumed, or a negative status with err set (message names
 * the element and its offset inside the record).
 */
int flow_record_decode_v3(struct flow_record *r, const uint8_t *p, size_t avail,
			  struct flow_err *err);

/*
 * The same checks, but only the elements in want (bit n = id n) are
 * stored; `present` says which.  For a test that reads a few elements of
 * many records (a filter): skipping the others halves the decode.  What
 * is kept must be decoded again in full before anything else reads it.
 */
int flow_record_decode_v3_part(struct flow_record *r, const uint8_t *p, size_t avail,
			       uint64_t want, struct flow_err *err);

/* How many shapes a thread keeps (flow_record_v3_shape_find's slots). */
#define FLOW_V3_SHAPE_SLOTS 32

/* The slot a shape of size bytes and count elements has. */
static inline unsigned flow_record_v3_shape_slot(unsigned size, unsigned count)
{
	return ((size >> 2) ^ (count << 3)) % FLOW_V3_SHAPE_SLOTS;
}

/* The most elements a shape has (flow_record_v3_shape_find's limit). */
#define FLOW_V3_SHAPE_ELEMENTS 12
#define FLOW_V3_SHAPE_SHORT 8	/* shapes of up to this many: one fixed compare */

/*
 * A shape's element headers, as a loop over many records keeps them to
 * test each record inline (flow_shape_is): the compares of
 * flow_record_v3_shape_find without its call and slot lookup.
 */
struct flow_shape_check {
	uint16_t size, count;		/* size 0: matches no record */
	uint16_t at[FLOW_V3_SHAPE_ELEMENTS];	/* where each element header is ... */
	uint32_t hdr[FLOW_V3_SHAPE_ELEMENTS];	/* ... and what it holds: id | length << 16 */
};

/*
 * Where a V3 record keeps its elements, for code that reads records in
 * place (a filter planned per shape, lib/filter).  Valid for the records
 * flow_record_v3_shape_find says have this shape, in this thread, and
 * for those `check` passes, in any thread.
 */
struct flow_shape_view {
	uint64_t present;		/* the elements: plain copies of their members */
	uint16_t data_off[64];		/* where element id's data starts in the record */
	struct flow_shape_check check;
};

/*
 * Has the V3 record p (size bytes, type checked by the caller) the shape
 * c was taken from?  Every header c reads lies inside a record of its
 * size, so equal sizes make the reads safe.
 */
static inline int flow_shape_is(const struct flow_shape_check *c, const uint8_t *p,
				unsigned size)
{
	uint32_t diff = 0;

	if (size != c->size || ld_le16(p + 4) != c->count)
		return 0;
	/*
	 * Shapes interleave, and a loop ending at the element count would
	 * mispredict its end at each change: up to FLOW_V3_SHAPE_SHORT
	 * elements, that many compares, the unused ones of the record
	 * header (type and size, known equal).
	 */
	if (c->count <= FLOW_V3_SHAPE_SHORT) {
		for (unsigned k = 0; k < FLOW_V3_SHAPE_SHORT; k++)
			diff |= ld_le32(p + c->at[k]) ^ c->hdr[k];
	} else {
		for (unsigned k = 0; k < c->count; k++)
			diff |= ld_le32(p + c->at[k]) ^ c->hdr[k];
	}
	return diff == 0;
}

/*
 * The shape of p (avail bytes) when this thread has decoded one like it
 * before and its elements are plain copies of their members: its slot
 * (0-31), with *gen telling this shape from a later one in the same
 * slot; -1 otherwise (decode the record instead).  Cheap: a few compares.
 */
int flow_record_v3_shape_find(const uint8_t *p, size_t avail, uint32_t *gen);

/* The layout of the shape in slot (as flow_record_v3_shape_find gave it). */
void flow_record_v3_shape_view(unsigned slot, struct flow_shape_view *v);

/* Encoded V3 size of r (elements in `present`, ascending id order). */
size_t flow_record_v3_size(const struct flow_record *r);

/*
 * Encode r as a V3 record into out (cap bytes).  Elements are written in
 * ascending id order with exact lengths and no EXnull, which is what
 * nfdump 1.7.1 needs to read them.  Returns the size written or a negative
 * status (FLOW_EINVAL when it does not fit or exceeds 65535 bytes).
 */
int flow_record_encode_v3(const struct flow_record *r, uint8_t *out, size_t cap,
			  struct flow_err *err);

#endif
