#include <string.h>
#include <sys/socket.h>

#include "record/stat.h"
#include "util/endian.h"

void flow_stat_init(struct flow_stat *s)
{
	memset(s, 0, sizeof(*s));
	s->msec_first = UINT64_MAX;
}

void flow_stat_add(struct flow_stat *s, const struct flow_record *r)
{
	flow_stat_count(s, r->cnt.flows ? r->cnt.flows : 1,
			r->generic.in_packets + r->cnt.out_packets,
			r->generic.in_bytes + r->cnt.out_bytes, r->generic.proto,
			r->generic.msec_first, r->generic.msec_last);
}

void flow_stat_count(struct flow_stat *s, uint64_t flows, uint64_t packets, uint64_t bytes,
		     uint8_t proto, uint64_t first, uint64_t last)
{
	s->numflows += flows;
	s->numpackets += packets;
	s->numbytes += bytes;
	switch (proto) {
	case 6:
		s->flows_tcp += flows;
		s->packets_tcp += packets;
		s->bytes_tcp += bytes;
		break;
	case 17:
		s->flows_udp += flows;
		s->packets_udp += packets;
		s->bytes_udp += bytes;
		break;
	case 1:
	case 58:	/* ICMPv6 counts as icmp */
		s->flows_icmp += flows;
		s->packets_icmp += packets;
		s->bytes_icmp += bytes;
		break;
	default:
		s->flows_other += flows;
		s->packets_other += packets;
		s->bytes_other += bytes;
	}
	if (first < s->msec_first)
		s->msec_first = first;
	if (last > s->msec_last)
		s->msec_last = last;
}

void flow_stat_merge(struct flow_stat *a, const struct flow_stat *b)
{
	uint64_t first = a->msec_first < b->msec_first ? a->msec_first : b->msec_first;
	uint64_t last = a->msec_last > b->msec_last ? a->msec_last : b->msec_last;
	uint64_t *pa = &a->numflows;
	const uint64_t *pb = &b->numflows;

	/* The 15 counters are contiguous; first/last/failures are not sums. */
	for (int i = 0; i < 15; i++)
		pa[i] += pb[i];
	a->msec_first = first;
	a->msec_last = last;
	a->sequence_failure += b->sequence_failure;
}

void flow_stat_decode(struct flow_stat *s, const uint8_t p[FLOW_STAT_SIZE])
{
	uint64_t *f = &s->numflows;

	for (int i = 0; i < 18; i++)
		f[i] = ld_le64(p + 8 * i);
}

void flow_stat_encode(const struct flow_stat *s, uint8_t p[FLOW_STAT_SIZE])
{
	const uint64_t *f = &s->numflows;

	for (int i = 0; i < 18; i++)
		st_le64(p + 8 * i, f[i]);
}

void flow_stat_decode_v1(struct flow_stat *s, const uint8_t p[FLOW_STAT_V1_SIZE])
{
	uint64_t *f = &s->numflows;

	for (int i = 0; i < 15; i++)
		f[i] = ld_le64(p + 8 * i);
	s->msec_first = (uint64_t)ld_le32(p + 120) * 1000 + ld_le16(p + 128);
	s->msec_last = (uint64_t)ld_le32(p + 124) * 1000 + ld_le16(p + 130);
	s->sequence_failure = ld_le32(p + 132);
}

int flow_exporter_info_decode(struct flow_exporter_info *e, const uint8_t *p,
			      size_t len, struct flow_err *err)
{
	if (len < FLOW_EXPORTER_INFO_SIZE || ld_le16(p + 2) < FLOW_EXPORTER_INFO_SIZE)
		return flow_errorf(err, FLOW_EFORMAT, "exporter info record of %zu bytes, need 32",
				   len);
	e->version = ld_le32(p + 4);
	e->family = ld_le16(p + 24);
	e->sysid = ld_le16(p + 26);
	e->id = ld_le32(p + 28);
	if (e->family != 0) {
		e->ip.hi = ld_le64(p + 8);
		e->ip.lo = ld_le64(p + 16);
		if (e->family == AF_INET)
			e->ip.lo &= 0xffffffffu;
		return 0;
	}
	/* 1.7.8: 16 bytes network order, IPv4 as ::ffff:a.b.c.d */
	e->ip.hi = ld_be64(p + 8);
	e->ip.lo = ld_be64(p + 16);
	if (e->ip.hi == 0 && (e->ip.lo >> 32) == 0xffff) {
		e->ip.lo &= 0xffffffffu;
		e->family = AF_INET;
	} else {
		e->family = AF_INET6;
	}
	return 0;
}

void flow_exporter_info_encode(const struct flow_exporter_info *e,
			       uint8_t p[FLOW_EXPORTER_INFO_SIZE])
{
	st_le16(p, REC_EXPORTER_INFO);
	st_le16(p + 2, FLOW_EXPORTER_INFO_SIZE);
	st_le32(p + 4, e->version);
	st_le64(p + 8, e->ip.hi);
	st_le64(p + 16, e->ip.lo);
	st_le16(p + 24, e->family);
	st_le16(p + 26, e->sysid);
	st_le32(p + 28, e->id);
}

int flow_sampler_decode(struct flow_sampler *s, const uint8_t *p, size_t len,
			struct flow_err *err)
{
	unsigned type = len >= 4 ? ld_le16(p) : 0;

	if (type == REC_SAMPLER_LEGACY && len >= 16) {
		/* 1.6: i32 id, u32 interval, u16 mode, u16 sysid; 1.7.8 converts so */
		uint32_t interval = ld_le32(p + 8);

		s->id = (int32_t)ld_le32(p + 4);
		s->algorithm = ld_le16(p + 12);
		s->sysid = ld_le16(p + 14);
		s->packet_interval = 1;
		s->space_interval = interval ? interval - 1 : 0;
		return 0;
	}
	if (type != REC_SAMPLER || len < FLOW_SAMPLER_SIZE)
		return flow_errorf(err, FLOW_EFORMAT, "sampler record type %u of %zu bytes",
				   type, len);
	s->sysid = ld_le16(p + 4);
	s->algorithm = ld_le16(p + 6);
	s->id = (int64_t)ld_le64(p + 8);
	s->packet_interval = ld_le32(p + 16);
	s->space_interval = ld_le32(p + 20);
	return 0;
}

void flow_sampler_encode(const struct flow_sampler *s, uint8_t p[FLOW_SAMPLER_SIZE])
{
	st_le16(p, REC_SAMPLER);
	st_le16(p + 2, FLOW_SAMPLER_SIZE);
	st_le16(p + 4, s->sysid);
	st_le16(p + 6, s->algorithm);
	st_le64(p + 8, (uint64_t)s->id);
	st_le32(p + 16, s->packet_interval);
	st_le32(p + 20, s->space_interval);
}

int flow_exporter_stat_count(const uint8_t *p, size_t len, struct flow_err *err)
{
	if (len < 8)
		return flow_errorf(err, FLOW_EFORMAT, "exporter stat record of %zu bytes", len);

	uint32_t n = ld_le32(p + 4);

	if (n == 0 || (size_t)n > (len - 8) / 24)
		return flow_errorf(err, FLOW_EFORMAT,
				   "exporter stat record: %u entries in %zu bytes", n, len);
	return (int)n;
}

void flow_exporter_stat_get(struct flow_exporter_stat *s, const uint8_t *p, unsigned i)
{
	const uint8_t *q = p + 8 + 24 * (size_t)i;

	s->sysid = ld_le32(q);
	s->sequence_failure = ld_le32(q + 4);
	s->packets = ld_le64(q + 8);
	s->flows = ld_le64(q + 16);
}
