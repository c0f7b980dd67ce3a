/*
 * V3 record (type 11) decode and encode.  Layout: format.md §3.
 *
 * Decoding is on the hot path of every query: one pass over the element
 * headers, a fixed-size copy per element into its struct member, and a
 * clear of only those members the previous record had set.
 */
#include <string.h>

#include "record/record.h"
#include "record/v3_shape.h"
#include "util/endian.h"

#define FIELD(r, info) ((uint8_t *)(r) + (info)->offset)
#define VARF(r, info) ((struct flow_bytes *)((uint8_t *)(r) + (info)->var_offset))

void flow_record_clear(struct flow_record *r)
{
	memset(r, 0, sizeof(*r));
}

/* Zero the member of one element: constant sizes for the common ones. */
static inline void clear_element(struct flow_record *r, unsigned id)
{
#define ZERO(ID, member) \
	case ID: \
		memset(&r->member, 0, sizeof(r->member)); \
		return;
	switch (id) {
	ZERO(EX_GENERIC, generic)
	ZERO(EX_IPV4, ipv4)
	ZERO(EX_IPV6, ipv6)
	ZERO(EX_MISC, misc)
	ZERO(EX_CNT, cnt)
	ZERO(EX_VLAN, vlan)
	ZERO(EX_AS, as)
	ZERO(EX_IP_NH4, ip_nh4)
	ZERO(EX_BGP_NH4, bgp_nh4)
	ZERO(EX_RECV4, recv4)
	ZERO(EX_RECV6, recv6)
	}
#undef ZERO

	const struct flow_ext_info *info = flow_ext_info(id);

	if (info->size)
		memset(FIELD(r, info), 0, info->size);
	if (info->var_offset >= 0)
		*VARF(r, info) = (struct flow_bytes){ 0 };
}

/* Zero the members of the elements in bits. */
static void clear_elements(struct flow_record *r, uint64_t bits)
{
	while (bits) {
		unsigned id = (unsigned)__builtin_ctzll(bits);

		bits &= bits - 1;
		clear_element(r, id);
	}
}

void flow_record_reset(struct flow_record *r)
{
	clear_elements(r, r->present);
	r->present = 0;
	r->sampler_is_171 = 0;
	r->nat_common_is_170 = 0;
}

/* Elements whose length differs from the table by a known historic variant. */
static int decode_variant(struct flow_record *r, unsigned id,
			  const uint8_t *d, size_t n)
{
	if (id == EX_SAMPLER && n == 12) {
		/* 1.7.1 layout: i32 id, u32 interval, u16 mode, u16 sysid */
		memset(&r->sampler, 0, sizeof(r->sampler));
		r->sampler.v171.id = (int32_t)ld_le32(d);
		r->sampler.v171.interval = ld_le32(d + 4);
		r->sampler.v171.mode = ld_le16(d + 8);
		r->sampler.v171.sysid = ld_le16(d + 10);
		r->sampler_is_171 = 1;
		return 1;
	}
	if (id == EX_NAT_COMMON && n == 24) {
		/* 1.7.0.x: u64 event, u32 egress vrf, u32 ingress vrf, u32 pool, u8 event */
		memset(&r->nat_common, 0, sizeof(r->nat_common));
		r->nat_common.msec_event = ld_le64(d);
		r->vrf.egress_vrf = ld_le32(d + 8);
		r->vrf.ingress_vrf = ld_le32(d + 12);
		r->nat_common.pool_id = ld_le32(d + 16);
		r->nat_common.event = d[20];
		r->nat_common_is_170 = 1;
		if (r->vrf.egress_vrf || r->vrf.ingress_vrf)
			r->present |= 1ULL << EX_VRF;
		return 1;
	}
	return 0;
}

/*
 * Returns 1 when the element was stored, 0 when it was skipped (EXnull,
 * unknown id), or a negative status.
 */
static inline int decode_element(struct flow_record *r, unsigned id,
				 const uint8_t *d, size_t n, struct flow_err *err,
				 size_t at)
{
	const struct flow_ext_info *info;

	/*
	 * Fixed elements of the exact size get a constant-size copy, which the
	 * compiler turns into a few moves; this switch is the whole cost of
	 * decoding on a little-endian host.
	 */
#define COPY(ID, member, len) \
	case ID: \
		if (n != (len)) \
			break; \
		memcpy(&r->member, d, (len)); \
		if (!FLOW_HOST_BIG_ENDIAN) \
			return 1; \
		info = flow_ext_info(id); \
		goto swap;
	switch (id) {
	COPY(EX_GENERIC, generic, 48)
	COPY(EX_IPV4, ipv4, 8)
	COPY(EX_IPV6, ipv6, 32)
	COPY(EX_MISC, misc, 16)
	COPY(EX_CNT, cnt, 24)
	COPY(EX_VLAN, vlan, 8)
	COPY(EX_AS, as, 8)
	COPY(EX_BGP_NH4, bgp_nh4, 4)
	COPY(EX_BGP_NH6, bgp_nh6, 16)
	COPY(EX_IP_NH4, ip_nh4, 4)
	COPY(EX_IP_NH6, ip_nh6, 16)
	COPY(EX_RECV4, recv4, 4)
	COPY(EX_RECV6, recv6, 16)
	COPY(EX_MPLS, mpls, 40)
	COPY(EX_MAC, mac, 32)
	COPY(EX_AS_ADJ, as_adj, 8)
	COPY(EX_LATENCY, latency, 24)
	}
#undef COPY

	info = flow_ext_info(id);
	if (!info)
		return 0;
	if (decode_variant(r, id, d, n))
		return 1;
	/* a later standard element of the same id replaces a variant one */
	if (id == EX_SAMPLER)
		r->sampler_is_171 = 0;
	else if (id == EX_NAT_COMMON)
		r->nat_common_is_170 = 0;
	if (n < info->data_len)
		return flow_errorf(err, FLOW_EFORMAT,
				   "element %s (%u) at record offset %zu: length %zu, expected %u",
				   info->name, id, at, n + 4, info->data_len + 4u);
	if (info->size)
		memcpy(FIELD(r, info), d, info->data_len);
	if (info->var_offset >= 0) {
		struct flow_bytes *v = VARF(r, info);

		v->ptr = d + info->data_len;
		v->len = (uint16_t)(n - info->data_len);
	}
swap:
	if (FLOW_HOST_BIG_ENDIAN && info->size)
		flow_swap_layout(FIELD(r, info), info->data_len, info->layout);
	return 1;
}

/* The V3 header's fields, and the elements present (so far). */
static inline void decode_header(struct flow_record *r, const uint8_t *p, uint64_t present)
{
	r->present = present;
	r->sampler_is_171 = 0;
	r->nat_common_is_170 = 0;
	r->engine_type = p[6];
	r->engine_id = p[7];
	r->exporter_sysid = ld_le16(p + 8);
	r->flags = p[10];
	r->nfversion = p[11];
}

/* A record that failed half way is left empty, not half old, half new. */
static int fail(struct flow_record *r, uint64_t before, int rc)
{
	clear_elements(r, before | r->present);
	r->present = 0;
	return rc;
}

/*
 * want: the element ids to store (bit n = id n; ids >= 64 are never
 * stored).  Inlined into its two callers, so the full decode pays
 * nothing for the test.
 */
static inline __attribute__((always_inline)) int
decode_v3(struct flow_record *r, const uint8_t *p, size_t avail, uint64_t want,
	  struct flow_err *err)
{
	if (avail < V3_HEADER_SIZE)
		return flow_errorf(err, FLOW_EFORMAT, "V3 record: %zu bytes left, header needs 12",
				   avail);

	unsigned size = ld_le16(p + 2);
	unsigned count = ld_le16(p + 4);

	if (ld_le16(p) != REC_V3)
		return flow_errorf(err, FLOW_EFORMAT, "record type %u is not V3", ld_le16(p));
	if (size < V3_HEADER_SIZE || size > avail)
		return flow_errorf(err, FLOW_EFORMAT,
				   "V3 record size %u outside 12..%zu", size, avail);

	/*
	 * Decode over the previous record and clear afterwards only what it had
	 * and this one lacks: in a stream of like records that is nothing.
	 * Members are rewritten in full by their element, except the variants,
	 * which reset their own flags below.
	 */
	uint64_t before = r->present;

	decode_header(r, p, 0);

	size_t off = V3_HEADER_SIZE;

	for (unsigned i = 0; i < count; i++) {
		if (size - off < V3_ELEMENT_HEADER_SIZE)
			return fail(r, before, flow_errorf(err, FLOW_EFORMAT,
					   "V3 record: element %u of %u starts at offset %zu, past size %u",
					   i + 1, count, off, size));

		unsigned id = ld_le16(p + off);
		unsigned len = ld_le16(p + off + 2);

		if (len < V3_ELEMENT_HEADER_SIZE || len > size - off)
			return fail(r, before, flow_errorf(err, FLOW_EFORMAT,
					   "V3 record: element id %u at offset %zu has length %u, %zu bytes left",
					   id, off, len, size - off));

		if (id < 64 && !((want >> id) & 1)) {
			const struct flow_ext_info *info = flow_ext_info(id);

			/* a short one goes on, to fail (or be a variant) as in full */
			if (!info || len - 4u >= info->data_len) {
				off += len;
				continue;
			}
		}

		int rc = decode_element(r, id, p + off + 4, len - 4u, err, off);

		if (rc < 0)
			return fail(r, before, rc);
		if (rc > 0)	/* skipped ids may be >= 64: no shift for them */
			r->present |= 1ULL << id;
		off += len;
	}
	if (off != size)
		return fail(r, before, flow_errorf(err, FLOW_EFORMAT,
				   "V3 record: %u elements cover %zu of %u bytes", count, off, size));
	if (before & ~r->present)
		clear_elements(r, before & ~r->present);
	return (int)size;
}

/*
 * A record of a shape seen before is checked and copied by its plan
 * (v3_shape.c); the loop decodes the others, and teaches their shape.
 */
static inline __attribute__((always_inline)) int
decode_shaped(struct flow_record *r, const uint8_t *p, size_t avail, uint64_t want,
	      struct flow_err *err)
{
	unsigned size = avail >= V3_HEADER_SIZE ? ld_le16(p + 2) : 0;
	uint64_t present, before = r->present;
	int known = 0;

	if (size >= V3_HEADER_SIZE && size <= avail && ld_le16(p) == REC_V3) {
		known = v3_shape_copy(r, p, size, want, &present);
		if (known > 0) {
			decode_header(r, p, present);
			if (before & ~present)
				clear_elements(r, before & ~present);
			return (int)size;
		}
	}

	int rc = decode_v3(r, p, avail, want, err);

	if (rc > 0 && known == 0)
		v3_shape_learn(p, (unsigned)rc);
	return rc;
}

int flow_record_decode_v3(struct flow_record *r, const uint8_t *p, size_t avail,
			  struct flow_err *err)
{
	return decode_shaped(r, p, avail, ~0ULL, err);
}

int flow_record_decode_v3_part(struct flow_record *r, const uint8_t *p, size_t avail,
			       uint64_t want, struct flow_err *err)
{
	/* 1.7.0's EXnatCommon carries the VRF ids: whoever wants one wants both */
	if (want & (1ULL << EX_VRF))
		want |= 1ULL << EX_NAT_COMMON;
	return decode_shaped(r, p, avail, want, err);
}

/* Data bytes element id takes when encoded from r. */
static size_t element_data_len(const struct flow_record *r, unsigned id,
			       const struct flow_ext_info *info)
{
	if (id == EX_SAMPLER && r->sampler_is_171)
		return 12;
	size_t n = info->data_len;

	if (info->var_offset >= 0)
		n += ((const struct flow_bytes *)((const uint8_t *)r + info->var_offset))->len;
	return n;
}

size_t flow_record_v3_size(const struct flow_record *r)
{
	size_t size = V3_HEADER_SIZE;
	uint64_t bits = r->present;

	while (bits) {
		unsigned id = (unsigned)__builtin_ctzll(bits);
		const struct flow_ext_info *info = flow_ext_info(id);

		bits &= bits - 1;
		if (info)
			size += V3_ELEMENT_HEADER_SIZE + element_data_len(r, id, info);
	}
	return size;
}

/*
 * memcpy of an element's data: the common lengths as constants, so the
 * compiler inlines the copy (a libc call per element showed in profiles).
 */
static inline void copy_data(uint8_t *d, const uint8_t *s, size_t n)
{
#define COPY(N) \
	case N: \
		memcpy(d, s, N); \
		return;
	switch (n) {
	COPY(4) COPY(8) COPY(12) COPY(16) COPY(20) COPY(24) COPY(28) COPY(32)
	COPY(36) COPY(40) COPY(44) COPY(48) COPY(52) COPY(56)
	}
#undef COPY
	memcpy(d, s, n);
}

static void encode_element(const struct flow_record *r, unsigned id,
			   const struct flow_ext_info *info, uint8_t *d)
{
	if (id == EX_SAMPLER && r->sampler_is_171) {
		st_le32(d, (uint32_t)r->sampler.v171.id);
		st_le32(d + 4, r->sampler.v171.interval);
		st_le16(d + 8, r->sampler.v171.mode);
		st_le16(d + 10, r->sampler.v171.sysid);
		return;
	}
	if (info->size) {
		copy_data(d, (const uint8_t *)r + info->offset, info->data_len);
		if (FLOW_HOST_BIG_ENDIAN)
			flow_swap_layout(d, info->data_len, info->layout);
	}
	if (info->var_offset >= 0) {
		const struct flow_bytes *v = (const struct flow_bytes *)
			((const uint8_t *)r + info->var_offset);

		if (v->len)
			memcpy(d + info->data_len, v->ptr, v->len);
	}
}

/*
 * One pass: each element is written as its size becomes known (the
 * collector encodes every flow it receives; a separate sizing pass cost
 * as much as a third of the encoding).
 */
int flow_record_encode_v3(const struct flow_record *r, uint8_t *out, size_t cap,
			  struct flow_err *err)
{
	uint64_t bits = r->present;
	unsigned count = 0;
	size_t off = V3_HEADER_SIZE;

	while (bits) {
		unsigned id = (unsigned)__builtin_ctzll(bits);
		const struct flow_ext_info *info = flow_ext_info(id);

		bits &= bits - 1;
		if (!info)
			continue;
		size_t n = element_data_len(r, id, info);

		if (off + V3_ELEMENT_HEADER_SIZE + n > cap || off + V3_ELEMENT_HEADER_SIZE + n > 0xffff) {
			size_t size = flow_record_v3_size(r);

			if (size > 0xffff)
				return flow_errorf(err, FLOW_EINVAL, "V3 record of %zu bytes exceeds 65535",
						   size);
			return flow_errorf(err, FLOW_EINVAL, "V3 record of %zu bytes, %zu bytes of room",
					   size, cap);
		}
		st_le16(out + off, (uint16_t)id);
		st_le16(out + off + 2, (uint16_t)(n + V3_ELEMENT_HEADER_SIZE));
		encode_element(r, id, info, out + off + V3_ELEMENT_HEADER_SIZE);
		off += V3_ELEMENT_HEADER_SIZE + n;
		count++;
	}
	if (off > cap)	/* a record of the header alone */
		return flow_errorf(err, FLOW_EINVAL, "V3 record of %zu bytes, %zu bytes of room",
				   off, cap);
	st_le16(out, REC_V3);
	st_le16(out + 2, (uint16_t)off);
	st_le16(out + 4, (uint16_t)count);
	out[6] = r->engine_type;
	out[7] = r->engine_id;
	st_le16(out + 8, r->exporter_sysid);
	out[10] = r->flags;
	out[11] = r->nfversion;
	return (int)off;
}
