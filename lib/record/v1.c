/*
 * v1.c - nfdump 1.6 extension maps (type 2) and common records (type 10),
 * converted to struct flow_record the way nfdump 1.7 converts them
 * (format.md §6.4-6.7).
 *
 * Everything is checked before anything is copied: a map is accepted only
 * when its id list ends inside the record, every id is known and the sizes
 * add up to the map's own extension_size; a record only when its size is
 * exactly the fixed part plus the required and the optional extensions.
 * The walk over the extensions therefore cannot leave the record.
 */
#include <string.h>

#include "record/v1.h"
#include "util/alloc.h"
#include "util/endian.h"
#include "util/banned.h"

#define V1_MAP_HEADER 8		/* type, size, map_id, extension_size */
#define V1_MAP_MIN 12		/* header, terminating 0, alignment (nfdump) */
#define V1_COMMON_SIZE 32
#define V1_MAX_ID 49		/* EX_NEL_RESERVED_1, the last id 1.6 defines */
/*
 * 1.6 defines 49 ids and lists each at most once, so a longer list is
 * hostile; the cap keeps a map at a fixed 68 bytes.
 */
#define V1_MAX_IDS 64
#define V1_PAGE_BITS 8
#define V1_PAGE_SLOTS (1u << V1_PAGE_BITS)
#define V1_PAGES (65536u / V1_PAGE_SLOTS)

/* Common record flags (byte 4); 0x08/0x10/0x20 repeat what the map says. */
enum v1_flags {
	V1_FLAG_IPV6 = 0x01,
	V1_FLAG_PKG64 = 0x02,
	V1_FLAG_BYTES64 = 0x04,
	V1_FLAG_EVENT = 0x40,
	V1_FLAG_SAMPLED = 0x80,
};

/* v1 extension ids with a V3 counterpart (format.md §6.6). */
enum v1_ext {
	V1_IO_SNMP_2 = 4, V1_IO_SNMP_4, V1_AS_2, V1_AS_4, V1_MULTIPLE,
	V1_NEXT_HOP_V4, V1_NEXT_HOP_V6, V1_BGP_NH_V4, V1_BGP_NH_V6, V1_VLAN,
	V1_OUT_PKG_4, V1_OUT_PKG_8, V1_OUT_BYTES_4, V1_OUT_BYTES_8,
	V1_AGGR_FLOWS_4, V1_AGGR_FLOWS_8, V1_MAC_1, V1_MAC_2, V1_MPLS,
	V1_ROUTER_IP_V4, V1_ROUTER_IP_V6, V1_ROUTER_ID, V1_BGPADJ, V1_RECEIVED,
	V1_NSEL_COMMON = 37, V1_NSEL_XLATE_PORTS, V1_NSEL_XLATE_IP_V4,
	V1_NSEL_XLATE_IP_V6, V1_NSEL_ACL, V1_NSEL_USER, V1_NSEL_USER_MAX,
	V1_LATENCY = 45, V1_NEL_COMMON, V1_NEL_GLOBAL_IP_V4, V1_PORT_BLOCK,
};

/*
 * Bytes each optional extension takes in a record; -1 = not accepted.
 * 1-3 (required, never listed) and the reserved ids take 0 bytes and are
 * ignored, as nfdump does.  47 is -1: 1.6's size table says 0 but 1.7's
 * converter skips 8 bytes for it, so no record can satisfy both; 1.6
 * never wrote it.
 */
static const int8_t ext_size[V1_MAX_ID + 1] = {
	[1] = 0, [2] = 0, [3] = 0,
	[V1_IO_SNMP_2] = 4, [V1_IO_SNMP_4] = 8, [V1_AS_2] = 4, [V1_AS_4] = 8,
	[V1_MULTIPLE] = 4, [V1_NEXT_HOP_V4] = 4, [V1_NEXT_HOP_V6] = 16,
	[V1_BGP_NH_V4] = 4, [V1_BGP_NH_V6] = 16, [V1_VLAN] = 4,
	[V1_OUT_PKG_4] = 4, [V1_OUT_PKG_8] = 8, [V1_OUT_BYTES_4] = 4,
	[V1_OUT_BYTES_8] = 8, [V1_AGGR_FLOWS_4] = 4, [V1_AGGR_FLOWS_8] = 8,
	[V1_MAC_1] = 16, [V1_MAC_2] = 16, [V1_MPLS] = 40,
	[V1_ROUTER_IP_V4] = 4, [V1_ROUTER_IP_V6] = 16, [V1_ROUTER_ID] = 4,
	[V1_BGPADJ] = 8, [V1_RECEIVED] = 8,
	/* 28-36 reserved: 0 */
	[V1_NSEL_COMMON] = 20, [V1_NSEL_XLATE_PORTS] = 4,
	[V1_NSEL_XLATE_IP_V4] = 8, [V1_NSEL_XLATE_IP_V6] = 32,
	[V1_NSEL_ACL] = 24, [V1_NSEL_USER] = 24, [V1_NSEL_USER_MAX] = 72,
	/* 44 reserved: 0 */
	[V1_LATENCY] = 24, [V1_NEL_COMMON] = 12, [V1_NEL_GLOBAL_IP_V4] = -1,
	[V1_PORT_BLOCK] = 8,
	/* 49 reserved: 0 */
};

struct v1_map {
	uint8_t used;
	uint8_t count;
	uint16_t ext_size;		/* sum of ext_size[] over ids */
	uint8_t ids[V1_MAX_IDS];
};

/*
 * Map ids are u16.  Slots live in pages of 256 allocated on first use: a
 * normal file with a few maps costs one 17 KiB page, a hostile file that
 * defines every id at most 256 pages (4.4 MiB) - never more.
 */
struct flow_v1_maps {
	struct v1_map *page[V1_PAGES];
};

/* What 1.7 collects over all extensions before deciding on EXcntFlow/EXflowMisc. */
struct v1_conv {
	uint64_t out_packets, out_bytes, flows;
	uint32_t input, output;
	uint8_t biflow_dir, end_reason;	/* from the fixed part, used by ext 8 */
};

int flow_v1_maps_new(struct flow_v1_maps **out, struct flow_err *err)
{
	*out = flow_calloc(1, sizeof(**out));
	if (!*out)
		return flow_errorf(err, FLOW_ENOMEM, "v1 extension maps: out of memory");
	return 0;
}

void flow_v1_maps_free(struct flow_v1_maps *m)
{
	if (!m)
		return;
	for (unsigned i = 0; i < V1_PAGES; i++)
		flow_free(m->page[i]);
	flow_free(m);
}

static const struct v1_map *find_map(const struct flow_v1_maps *m, unsigned id)
{
	const struct v1_map *page = m->page[id >> V1_PAGE_BITS];

	if (!page || !page[id & (V1_PAGE_SLOTS - 1)].used)
		return NULL;
	return &page[id & (V1_PAGE_SLOTS - 1)];
}

/* The id list from offset 8 of a map of size bytes (size checked by caller). */
static int parse_ids(struct v1_map *map, unsigned map_id, const uint8_t *rec,
		     unsigned size, struct flow_err *err)
{
	unsigned sum = 0, n = 0;
	size_t off;

	for (off = V1_MAP_HEADER; off + 2 <= size; off += 2) {
		unsigned id = ld_le16(rec + off);

		if (id == 0)
			break;
		if (id > V1_MAX_ID || ext_size[id] < 0)
			return flow_errorf(err, FLOW_EFORMAT,
					   "v1 extension map %u: unknown extension id %u at record offset %zu",
					   map_id, id, off);
		if (n == V1_MAX_IDS)
			return flow_errorf(err, FLOW_EFORMAT,
					   "v1 extension map %u: more than %d extensions at record offset %zu",
					   map_id, V1_MAX_IDS, off);
		map->ids[n++] = (uint8_t)id;
		sum += (unsigned)ext_size[id];
	}
	if (off + 2 > size)
		return flow_errorf(err, FLOW_EFORMAT,
				   "v1 extension map %u: id list not terminated within %u bytes",
				   map_id, size);
	/* nfdump allows one padding slot after the 0, no more. */
	if (size - off - 2 > 2)
		return flow_errorf(err, FLOW_EFORMAT,
				   "v1 extension map %u: %zu bytes after the terminating 0 at record offset %zu",
				   map_id, size - off - 2, off);
	if (sum != ld_le16(rec + 6))
		return flow_errorf(err, FLOW_EFORMAT,
				   "v1 extension map %u: extensions take %u bytes, map says %u",
				   map_id, sum, ld_le16(rec + 6));
	map->count = (uint8_t)n;
	map->ext_size = (uint16_t)sum;
	map->used = 1;
	return 0;
}

static int parse_map(struct v1_map *map, unsigned *map_id, const uint8_t *rec,
		     size_t len, struct flow_err *err)
{
	if (len < V1_MAP_HEADER)
		return flow_errorf(err, FLOW_EFORMAT,
				   "v1 extension map: %zu bytes, header needs %d", len, V1_MAP_HEADER);

	unsigned type = ld_le16(rec), size = ld_le16(rec + 2);

	*map_id = ld_le16(rec + 4);
	if (type != REC_EXT_MAP)
		return flow_errorf(err, FLOW_EFORMAT, "record type %u is not an extension map", type);
	if (size > len)
		return flow_errorf(err, FLOW_EFORMAT,
				   "v1 extension map %u: size %u, only %zu bytes", *map_id, size, len);
	if (size < V1_MAP_MIN || size % 4)
		return flow_errorf(err, FLOW_EFORMAT,
				   "v1 extension map %u: size %u is not a multiple of 4 of at least %d",
				   *map_id, size, V1_MAP_MIN);
	return parse_ids(map, *map_id, rec, size, err);
}

int flow_v1_map_add(struct flow_v1_maps *m, const uint8_t *rec, size_t len,
		    struct flow_err *err)
{
	struct v1_map map = { 0 };
	unsigned id = 0;
	int rc = parse_map(&map, &id, rec, len, err);

	if (rc < 0)
		return rc;

	struct v1_map **page = &m->page[id >> V1_PAGE_BITS];

	if (!*page) {
		*page = flow_calloc(V1_PAGE_SLOTS, sizeof(**page));
		if (!*page)
			return flow_errorf(err, FLOW_ENOMEM, "v1 extension map %u: out of memory", id);
	}
	/* A later map with the same id replaces the earlier one. */
	(*page)[id & (V1_PAGE_SLOTS - 1)] = map;
	return 0;
}

static void set(struct flow_record *r, enum flow_ext id)
{
	r->present |= 1ULL << id;
}

static struct flow_ip6 ld_ip6(const uint8_t *p)
{
	return (struct flow_ip6){ .hi = ld_le64(p), .lo = ld_le64(p + 8) };
}

/* Bytes of addresses + in-packets + in-bytes the flags announce. */
static size_t required_size(unsigned flags)
{
	return (flags & V1_FLAG_IPV6 ? 32 : 8) + (flags & V1_FLAG_PKG64 ? 8 : 4) +
	       (flags & V1_FLAG_BYTES64 ? 8 : 4);
}

/* The fixed 32 bytes: header and EXgenericFlow. */
static void decode_common(struct flow_record *r, struct v1_conv *c, const uint8_t *rec)
{
	unsigned flags = rec[4];

	r->engine_type = 0;
	r->engine_id = 0;
	r->exporter_sysid = ld_le16(rec + 28);
	/* Same bit order as V3: 0x40 -> EVENT (1), 0x80 -> SAMPLED (2). */
	r->flags = (uint8_t)(((flags & V1_FLAG_EVENT) ? V3_FLAG_EVENT : 0) |
			     ((flags & V1_FLAG_SAMPLED) ? V3_FLAG_SAMPLED : 0));
	r->nfversion = 0;	/* 1.7 leaves it 0: printed as plain "FLOW" */

	struct ex_generic *g = &r->generic;

	g->msec_first = (uint64_t)ld_le32(rec + 12) * 1000 + ld_le16(rec + 8);
	g->msec_last = (uint64_t)ld_le32(rec + 16) * 1000 + ld_le16(rec + 10);
	g->msec_received = 0;
	g->fwd_status = rec[20];
	g->tcp_flags = rec[21];
	g->proto = rec[22];
	g->src_tos = rec[23];
	g->src_port = ld_le16(rec + 24);
	g->dst_port = ld_le16(rec + 26);
	c->biflow_dir = rec[30];
	c->end_reason = rec[31];
	set(r, EX_GENERIC);
}

/* Addresses, in-packets and in-bytes; returns where the map's part starts. */
static const uint8_t *decode_required(struct flow_record *r, unsigned flags,
				      const uint8_t *p)
{
	if (flags & V1_FLAG_IPV6) {
		r->ipv6.src = ld_ip6(p);
		r->ipv6.dst = ld_ip6(p + 16);
		set(r, EX_IPV6);
		p += 32;
	} else {
		r->ipv4.src = ld_le32(p);
		r->ipv4.dst = ld_le32(p + 4);
		set(r, EX_IPV4);
		p += 8;
	}
	r->generic.in_packets = (flags & V1_FLAG_PKG64) ? ld_le64(p) : ld_le32(p);
	p += (flags & V1_FLAG_PKG64) ? 8 : 4;
	r->generic.in_bytes = (flags & V1_FLAG_BYTES64) ? ld_le64(p) : ld_le32(p);
	p += (flags & V1_FLAG_BYTES64) ? 8 : 4;
	return p;
}

/* Copy a user name of at most n bytes, NUL-terminated inside the 66-byte field. */
static void set_user(struct flow_record *r, const uint8_t *d, size_t n)
{
	size_t len = strnlen((const char *)d, n);

	memset(r->nsel_user.username, 0, sizeof(r->nsel_user.username));
	memcpy(r->nsel_user.username, d, len);
	set(r, EX_NSEL_USER);
}

/* The NSEL/NEL extensions 37-48 (1.6 built with NSEL support). */
static void apply_nsel(struct flow_record *r, unsigned id, const uint8_t *d)
{
	switch (id) {
	case V1_NSEL_COMMON:
		r->nsel_common.msec_event = ld_le64(d);
		r->nsel_common.conn_id = ld_le32(d + 8);
		r->generic.dst_port = ld_le16(d + 12);	/* ICMP type/code, as 1.7 */
		r->nsel_common.fw_event = d[14];
		r->nsel_common.fw_xevent = ld_le16(d + 16);
		set(r, EX_NSEL_COMMON);
		break;
	case V1_NSEL_XLATE_PORTS:
		r->nat_xlate_port.src = ld_le16(d);
		r->nat_xlate_port.dst = ld_le16(d + 2);
		set(r, EX_NAT_XLATE_PORT);
		break;
	case V1_NSEL_XLATE_IP_V4:
		r->nat_xlate4.src = ld_le32(d);
		r->nat_xlate4.dst = ld_le32(d + 4);
		set(r, EX_NAT_XLATE4);
		break;
	case V1_NSEL_XLATE_IP_V6:
		r->nat_xlate6.src = ld_ip6(d);
		r->nat_xlate6.dst = ld_ip6(d + 16);
		set(r, EX_NAT_XLATE6);
		break;
	case V1_NSEL_ACL:
		/* ACL ids stay in the wire (network) order they were stored in. */
		memcpy(&r->nsel_acl, d, sizeof(r->nsel_acl));
		set(r, EX_NSEL_ACL);
		break;
	case V1_NSEL_USER:
		set_user(r, d, 24);
		break;
	case V1_NSEL_USER_MAX:
		set_user(r, d, 65);	/* 1.7 truncates the 72-byte name to 65 */
		break;
	case V1_LATENCY:
		r->latency.client_usec = ld_le64(d);
		r->latency.server_usec = ld_le64(d + 8);
		r->latency.appl_usec = ld_le64(d + 16);
		set(r, EX_LATENCY);
		break;
	case V1_NEL_COMMON:
		/* 1.7 splits it: the event into EXnatCommon, the VRFs into EXvrf. */
		r->nat_common.event = d[0];
		r->vrf.egress_vrf = ld_le32(d + 4);
		r->vrf.ingress_vrf = ld_le32(d + 8);
		set(r, EX_NAT_COMMON);
		set(r, EX_VRF);
		break;
	case V1_PORT_BLOCK: {
		struct ex_nat_port_block *b = &r->nat_port_block;

		b->start = ld_le16(d);
		b->end = ld_le16(d + 2);
		b->step = ld_le16(d + 4);
		b->size = ld_le16(d + 6);
		/* 1.7 derives a missing block end from start and size (u16 math). */
		if (b->end == 0 && b->size != 0)
			b->end = (uint16_t)(b->start + b->size - 1);
		set(r, EX_NAT_PORT_BLOCK);
		break;
	}
	}
}

/* Extensions 4-13: interfaces, AS, masks, next hops, VLAN. */
static void apply_routing(struct flow_record *r, struct v1_conv *c, unsigned id,
			  const uint8_t *d)
{
	switch (id) {
	case V1_IO_SNMP_2:
		c->input = ld_le16(d);
		c->output = ld_le16(d + 2);
		break;
	case V1_IO_SNMP_4:
		c->input = ld_le32(d);
		c->output = ld_le32(d + 4);
		break;
	case V1_AS_2:
		r->as.src_as = ld_le16(d);
		r->as.dst_as = ld_le16(d + 2);
		set(r, EX_AS);
		break;
	case V1_AS_4:
		r->as.src_as = ld_le32(d);
		r->as.dst_as = ld_le32(d + 4);
		set(r, EX_AS);
		break;
	case V1_MULTIPLE:
		r->misc.dst_tos = d[0];
		r->misc.dir = d[1];
		r->misc.src_mask = d[2];
		r->misc.dst_mask = d[3];
		r->misc.biflow_dir = c->biflow_dir;
		r->misc.end_reason = c->end_reason;
		set(r, EX_MISC);
		break;
	case V1_NEXT_HOP_V4:
		r->ip_nh4.addr = ld_le32(d);
		set(r, EX_IP_NH4);
		break;
	case V1_NEXT_HOP_V6:
		r->ip_nh6.addr = ld_ip6(d);
		set(r, EX_IP_NH6);
		break;
	case V1_BGP_NH_V4:
		r->bgp_nh4.addr = ld_le32(d);
		set(r, EX_BGP_NH4);
		break;
	case V1_BGP_NH_V6:
		r->bgp_nh6.addr = ld_ip6(d);
		set(r, EX_BGP_NH6);
		break;
	case V1_VLAN:
		r->vlan.src_vlan = ld_le16(d);
		r->vlan.dst_vlan = ld_le16(d + 2);
		set(r, EX_VLAN);
		break;
	}
}

/* Extensions 14-27: counters, MAC, MPLS, router, adjacent AS, received. */
static void apply_meta(struct flow_record *r, struct v1_conv *c, unsigned id,
		       const uint8_t *d)
{
	switch (id) {
	case V1_OUT_PKG_4:	c->out_packets = ld_le32(d); break;
	case V1_OUT_PKG_8:	c->out_packets = ld_le64(d); break;
	case V1_OUT_BYTES_4:	c->out_bytes = ld_le32(d); break;
	case V1_OUT_BYTES_8:	c->out_bytes = ld_le64(d); break;
	case V1_AGGR_FLOWS_4:	c->flows = ld_le32(d); break;
	case V1_AGGR_FLOWS_8:	c->flows = ld_le64(d); break;
	case V1_MAC_1:
		/* 20 and 21 fill the two halves of one EXmacAddr. */
		r->mac.in_src = ld_le64(d);
		r->mac.out_dst = ld_le64(d + 8);
		set(r, EX_MAC);
		break;
	case V1_MAC_2:
		r->mac.in_dst = ld_le64(d);
		r->mac.out_src = ld_le64(d + 8);
		set(r, EX_MAC);
		break;
	case V1_MPLS:
		for (unsigned i = 0; i < 10; i++)
			r->mpls.label[i] = ld_le32(d + 4 * i);
		set(r, EX_MPLS);
		break;
	case V1_ROUTER_IP_V4:
		r->recv4.addr = ld_le32(d);
		set(r, EX_RECV4);
		break;
	case V1_ROUTER_IP_V6:
		r->recv6.addr = ld_ip6(d);
		set(r, EX_RECV6);
		break;
	case V1_ROUTER_ID:
		r->engine_type = d[2];
		r->engine_id = d[3];
		break;
	case V1_BGPADJ:
		r->as_adj.next_as = ld_le32(d);
		r->as_adj.prev_as = ld_le32(d + 4);
		set(r, EX_AS_ADJ);
		break;
	case V1_RECEIVED:
		r->generic.msec_received = ld_le64(d);
		break;
	}
}

static void apply_ext(struct flow_record *r, struct v1_conv *c, unsigned id,
		      const uint8_t *d)
{
	if (id >= V1_IO_SNMP_2 && id <= V1_VLAN)
		apply_routing(r, c, id, d);
	else if (id >= V1_OUT_PKG_4 && id <= V1_RECEIVED)
		apply_meta(r, c, id, d);
	else
		apply_nsel(r, id, d);	/* ignores 1-3 and the reserved ids */
}

/* What 1.7 decides only after all extensions are seen. */
static void finish(struct flow_record *r, const struct v1_conv *c)
{
	if (c->out_packets || c->out_bytes || c->flows) {
		r->cnt.flows = c->flows;
		r->cnt.out_packets = c->out_packets;
		r->cnt.out_bytes = c->out_bytes;
		set(r, EX_CNT);
	}
	if (c->input || c->output) {
		r->misc.input = c->input;
		r->misc.output = c->output;
		set(r, EX_MISC);
	}
	/* 1.7.8: an NSEL event without a flow start is dated by the event. */
	if (r->generic.msec_first == 0 && flow_has(r, EX_NSEL_COMMON))
		r->generic.msec_first = r->nsel_common.msec_event;
	/* 1.7.1 marks converted NSEL/NEL records as events. */
	if (flow_has(r, EX_NSEL_COMMON) || flow_has(r, EX_NAT_COMMON))
		r->flags |= V3_FLAG_EVENT;
}

/* Type, size, map and the size the map and flags require. */
static int check_record(const struct flow_v1_maps *m, const uint8_t *rec, size_t len,
			const struct v1_map **map, struct flow_err *err)
{
	if (len < V1_COMMON_SIZE)
		return flow_errorf(err, FLOW_EFORMAT,
				   "v1 common record: %zu bytes, fixed part needs %d",
				   len, V1_COMMON_SIZE);

	unsigned type = ld_le16(rec), size = ld_le16(rec + 2), map_id = ld_le16(rec + 6);

	if (type != REC_COMMON_V1)
		return flow_errorf(err, FLOW_EFORMAT, "record type %u is not a v1 common record", type);
	if (size < V1_COMMON_SIZE || size > len)
		return flow_errorf(err, FLOW_EFORMAT,
				   "v1 common record size %u outside %d..%zu", size, V1_COMMON_SIZE, len);
	*map = m ? find_map(m, map_id) : NULL;
	if (!*map)
		return flow_errorf(err, FLOW_EFORMAT,
				   "v1 common record: extension map %u unknown", map_id);

	size_t need = V1_COMMON_SIZE + required_size(rec[4]) + (*map)->ext_size;

	if (size != need)
		return flow_errorf(err, FLOW_EFORMAT,
				   "v1 common record: size %u, map %u with flags 0x%02x needs %zu",
				   size, map_id, rec[4], need);
	return (int)size;
}

int flow_record_decode_v1(struct flow_record *r, const struct flow_v1_maps *m,
			  const uint8_t *rec, size_t len, struct flow_err *err)
{
	const struct v1_map *map = NULL;
	int size = check_record(m, rec, len, &map, err);

	if (size < 0)
		return size;

	struct v1_conv c = { 0 };

	flow_record_reset(r);
	decode_common(r, &c, rec);

	const uint8_t *p = decode_required(r, rec[4], rec + V1_COMMON_SIZE);

	for (unsigned i = 0; i < map->count; i++) {
		apply_ext(r, &c, map->ids[i], p);
		p += ext_size[map->ids[i]];
	}
	finish(r, &c);
	return size;
}
