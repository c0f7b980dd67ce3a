/*
 * dec_v5.c - NetFlow v1, v5 and v7: a fixed header and fixed records.
 *
 * What nfcapd 1.7.1 stores, and so what we store: EXgenericFlow and
 * EXipv4Flow always; EXflowMisc only when an interface is non-zero (the
 * masks are dropped), EXasRouting (v5/v7) when an AS is non-zero,
 * EXipNextHopV4 when the next hop is non-zero, EXipReceived always.
 * v7 records are v5 records plus 4 bytes and are stored as version 5.
 * Times are sysUptime milliseconds turned into UNIX ms with the header's
 * boot time.  A datagram may (as nfcapd reads it) hold several header +
 * records units back to back.
 */
#include <string.h>

#include "proto/dec_int.h"
#include "util/endian.h"
#include "util/banned.h"

#define V1_HEADER 16
#define V1_RECORD 48
#define V1_MAX 24
#define V5_HEADER 24
#define V5_RECORD 48
#define V7_RECORD 52
#define V5_MAX 30	/* nfcapd checks v7 against the v5 limit too */

struct v5_unit {
	unsigned version, count, hlen, rlen;
	uint32_t uptime, seq;
	uint16_t engine_tag, sampling;
	uint64_t boot;		/* UNIX ms of the exporter's boot */
};

static void read_header(struct v5_unit *u, const uint8_t *p)
{
	uint64_t unix_ms;

	u->version = ld_be16(p);
	u->count = ld_be16(p + 2);
	u->uptime = ld_be32(p + 4);
	unix_ms = (uint64_t)ld_be32(p + 8) * 1000 + ld_be32(p + 12) / 1000000;
	/* unsigned wrap as nfcapd computes it: an uptime beyond the clock stays absurd */
	u->boot = unix_ms - u->uptime;
	if (u->version == 1) {
		u->hlen = V1_HEADER;
		u->rlen = V1_RECORD;
		u->seq = 0;
		u->engine_tag = u->sampling = 0;
		return;
	}
	u->hlen = V5_HEADER;
	u->rlen = u->version == 7 ? V7_RECORD : V5_RECORD;
	u->seq = ld_be32(p + 16);
	u->engine_tag = ld_be16(p + 20);
	u->sampling = ld_be16(p + 22);
}

/*
 * First/Last in sysUptime ms to UNIX ms.  First > Last means the uptime
 * counter wrapped during the flow; Last far beyond the header's uptime
 * means it wrapped after the flow ended (v5: only beyond 100 s, for
 * Cisco bug CSCei12353, as nfcapd).
 */
static void set_times(struct flow_record *r, const struct v5_unit *u, uint32_t first,
		      uint32_t last)
{
	uint64_t start = u->boot + first, end = u->boot + last;

	if (first > last)
		start -= 0x100000000ull;
	if (last > u->uptime && (u->version == 1 || last - u->uptime > 100000)) {
		start -= 0x100000000ull;
		end -= 0x100000000ull;
	}
	r->generic.msec_first = start;
	r->generic.msec_last = end;
}

static void fill_record(struct flow_record *r, const struct v5_unit *u, const uint8_t *p)
{
	struct ex_generic *g = &r->generic;
	uint32_t nh = ld_be32(p + 8);
	uint16_t in = ld_be16(p + 12), out = ld_be16(p + 14);

	r->present |= 1ull << EX_GENERIC | 1ull << EX_IPV4;
	r->ipv4.src = ld_be32(p);
	r->ipv4.dst = ld_be32(p + 4);
	g->in_packets = ld_be32(p + 16);
	g->in_bytes = ld_be32(p + 20);
	set_times(r, u, ld_be32(p + 24), ld_be32(p + 28));
	g->src_port = ld_be16(p + 32);
	g->dst_port = ld_be16(p + 34);
	if (u->version == 1) {
		g->proto = p[38];
		g->src_tos = p[39];
		g->tcp_flags = p[40];
	} else {
		uint16_t sas = ld_be16(p + 40), das = ld_be16(p + 42);

		g->tcp_flags = p[37];
		g->proto = p[38];
		g->src_tos = p[39];
		r->engine_type = (uint8_t)(u->engine_tag >> 8);
		r->engine_id = (uint8_t)u->engine_tag;
		if (sas || das) {
			r->present |= 1ull << EX_AS;
			r->as.src_as = sas;
			r->as.dst_as = das;
		}
	}
	if (in || out) {
		r->present |= 1ull << EX_MISC;
		r->misc.input = in;
		r->misc.output = out;
	}
	if (nh) {
		r->present |= 1ull << EX_IP_NH4;
		r->ip_nh4.addr = nh;
	}
	/* Some Cisco IOS put ICMP type/code byte-swapped into the source port. */
	if (g->proto == 1 && g->src_port) {
		g->dst_port = flow_bswap16(g->src_port);
		g->src_port = 0;
	}
}

/*
 * The sampler nfcapd gives a new v5 exporter: -s -N overwrites, else the
 * header's sampling field (top 2 bits algorithm, 14 bits interval), else
 * -s N as default.  Decided once, from the first datagram.
 */
static int v5_sampler(struct flow_decoder *dec, struct flow_decoder_exporter *e,
		      const struct v5_unit *u, const struct flow_decode_sink *sink,
		      struct flow_err *err)
{
	int s = dec->cfg.sampling_override;
	unsigned interval = u->sampling & 0x3fff;

	if (u->version == 1)
		return 0;
	if (s < 0 || (interval == 0 && s > 1))
		return flow_dec_static_sampler(dec, e, sink, err);
	if (interval)
		return flow_dec_sampler(dec, e, FLOW_SAMPLER_GENERIC, u->sampling >> 14,
					interval, sink, err);
	return 0;
}

static int check_unit(struct flow_decoder *dec, const struct v5_unit *u, size_t left,
		      const struct sockaddr *from, socklen_t fromlen, size_t off,
		      struct flow_err *err)
{
	unsigned max = u->version == 1 ? V1_MAX : V5_MAX;

	if (u->count > max) {
		dec->counters.malformed++;
		return flow_dec_error(err, FLOW_EFORMAT, from, fromlen, u->version, off + 2,
				      "record count %u exceeds %u", u->count, max);
	}
	if (left < u->hlen + (size_t)u->count * u->rlen) {
		dec->counters.malformed++;
		return flow_dec_error(err, FLOW_EFORMAT, from, fromlen, u->version, off,
				      "%u records need %zu bytes, %zu left", u->count,
				      u->hlen + (size_t)u->count * u->rlen, left);
	}
	return 0;
}

/* Emit the records of one header unit at buf + off.  Returns records or < 0. */
static int decode_unit(struct flow_decoder *dec, struct flow_decoder_exporter *e,
		       const struct v5_unit *u, const uint8_t *p, uint64_t recv_msec,
		       const struct flow_decode_sink *sink, struct flow_err *err)
{
	const struct flow_sampler *smp = flow_dec_find_sampler(e, 0);
	struct flow_record *r = &dec->rec;

	/*
	 * nfcapd 1.7.1 scales only when spaceInterval > 1, so a rate of 2 is
	 * recorded in the sampler but not applied: an off-by-one we do not copy.
	 */
	if (smp && smp->space_interval == 0)
		smp = NULL;
	if (u->version != 1)
		flow_dec_sequence(e, u->seq, u->seq + u->count);
	for (unsigned i = 0; i < u->count; i++) {
		flow_record_reset(r);
		r->flags = 0;
		r->engine_type = r->engine_id = 0;
		fill_record(r, u, p + u->hlen + (size_t)i * u->rlen);
		flow_dec_stamp(e, r, recv_msec);
		flow_dec_apply_sampling(dec, r, smp);
		int rc = flow_dec_emit(dec, e, r, sink, err);
		if (rc < 0)
			return rc;
	}
	return (int)u->count;
}

int flow_dec_v5(struct flow_decoder *dec, const struct sockaddr *from,
		socklen_t fromlen, const uint8_t *buf, size_t len,
		uint64_t recv_msec, const struct flow_decode_sink *sink,
		struct flow_err *err)
{
	struct flow_decoder_exporter *e;
	struct v5_unit u;
	size_t off = 0;
	int total = 0, rc;
	unsigned version = ld_be16(buf);

	if (len < (version == 1 ? V1_HEADER : V5_HEADER)) {
		dec->counters.malformed++;
		return flow_dec_error(err, FLOW_EFORMAT, from, fromlen, version, 0,
				      "datagram of %zu bytes is too short for a header", len);
	}
	read_header(&u, buf);
	e = flow_dec_exporter(dec, from, fromlen, version, u.engine_tag, sink, err);
	if (!e)
		return err ? err->code : FLOW_EINVAL;
	if (e->total_packets == 0 && (rc = v5_sampler(dec, e, &u, sink, err)) < 0)
		return rc;
	e->packets++;
	e->total_packets++;
	/* Further units must repeat the version; anything else ends the datagram. */
	while (off < len) {
		if (len - off < u.hlen || ld_be16(buf + off) != version) {
			e->malformed++;
			dec->counters.malformed++;
			flow_dec_error(err, FLOW_EFORMAT, from, fromlen, version, off,
				       "%zu trailing bytes are not a v%u header", len - off, version);
			break;
		}
		read_header(&u, buf + off);
		if ((rc = check_unit(dec, &u, len - off, from, fromlen, off, err)) < 0) {
			e->malformed++;
			return total ? total : rc;
		}
		if ((rc = decode_unit(dec, e, &u, buf + off, recv_msec, sink, err)) < 0)
			return rc;
		total += rc;
		off += u.hlen + (size_t)u.count * u.rlen;
	}
	return total;
}
