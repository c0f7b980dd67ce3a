/*
 * sflow_v24.c - the samples of sFlow v2 and v4 datagrams (InMon's
 * sflow_v2v4 layout): flow samples with one packet data structure and a
 * list of tagged extended structures, and counter samples.
 *
 * Nothing here carries a length, so a structure this decoder cannot size
 * (an unknown packet data, extended or counters tag) ends the datagram;
 * the samples before it are kept.  Counter samples are sized by their
 * counters version and skipped: sfcapd 1.7.1 instead skips a "length"
 * that is really the sample's sequence number and stops, losing every
 * flow sample after the first counter sample of a v2/v4 datagram.
 */
#include <string.h>

#include "proto/sflow_int.h"
#include "util/banned.h"

enum { V24_FLOW = 1, V24_COUNTERS = 2 };
enum { V24_PKT_HEADER = 1, V24_PKT_IPV4 = 2, V24_PKT_IPV6 = 3 };
enum { V24_EX_SWITCH = 1, V24_EX_ROUTER = 2, V24_EX_GATEWAY = 3, V24_EX_USER = 4,
       V24_EX_URL = 5 };

/* Counter block sizes by counters version (sflow_v2v4 INMCounters_version). */
#define V24_GENERIC 88		/* if_counters */
static const uint16_t v24_counter_size[] = {
	[1] = V24_GENERIC,		/* generic */
	[2] = V24_GENERIC + 52,		/* ethernet */
	[3] = V24_GENERIC + 72,		/* token ring */
	[4] = V24_GENERIC,		/* FDDI */
	[5] = V24_GENERIC + 80,		/* 100BaseVG */
	[6] = V24_GENERIC,		/* WAN */
	[7] = 28,			/* VLAN */
};

static int packet_data(struct sflow_ctx *c, struct flow_berd *r, struct sflow_sample *s)
{
	uint32_t tag;

	if (flow_berd_u32(r, &tag))
		return -1;
	switch (tag) {
	case V24_PKT_HEADER:
		return sflow_el_header(c, r, s, 0);
	case V24_PKT_IPV4:
		return sflow_el_ipv4(r, s);
	case V24_PKT_IPV6:
		return sflow_el_ipv6(r, s);
	}
	c->why = "unknown packet data type";
	return -1;
}

static int extended(struct sflow_ctx *c, struct flow_berd *r, struct sflow_sample *s)
{
	uint32_t n, tag, dir;

	if (flow_berd_u32(r, &n))
		return -1;
	for (uint32_t i = 0; i < n; i++) {
		int rc;

		if (flow_berd_u32(r, &tag))
			return -1;
		switch (tag) {
		case V24_EX_SWITCH:
			rc = sflow_el_switch(r, s);
			break;
		case V24_EX_ROUTER:
			rc = sflow_el_router(c, r, s);
			break;
		case V24_EX_GATEWAY:
			rc = c->version == 2 ? sflow_el_gateway_v2(r, s) : sflow_el_gateway(c, r, s);
			break;
		case V24_EX_USER:
			rc = sflow_skip_string(r) || sflow_skip_string(r) ? -1 : 0;
			break;
		case V24_EX_URL:
			rc = flow_berd_u32(r, &dir) || sflow_skip_string(r) ? -1 : 0;
			break;
		default:
			c->why = "unknown extended data type";
			return -1;
		}
		if (rc)
			return -1;
	}
	return 0;
}

static int flow_sample(struct sflow_ctx *c, struct flow_berd *r)
{
	struct sflow_sample s;
	uint32_t seq, src, pool, drops;

	memset(&s, 0, sizeof(s));
	/* input/output are kept unmasked: v2/v4 has no format bits */
	if (flow_berd_u32(r, &seq) || flow_berd_u32(r, &src) || flow_berd_u32(r, &s.rate) ||
	    flow_berd_u32(r, &pool) || flow_berd_u32(r, &drops) ||
	    flow_berd_u32(r, &s.input) || flow_berd_u32(r, &s.output) ||
	    packet_data(c, r, &s) || extended(c, r, &s))
		return -1;
	return sflow_store(c, &s) < 0 ? -2 : 0;
}

static int counters_sample(struct sflow_ctx *c, struct flow_berd *r)
{
	uint32_t seq, src, interval, version;

	if (flow_berd_u32(r, &seq) || flow_berd_u32(r, &src) ||
	    flow_berd_u32(r, &interval) || flow_berd_u32(r, &version))
		return -1;
	if (version >= sizeof(v24_counter_size) / sizeof(v24_counter_size[0]) ||
	    !v24_counter_size[version]) {
		c->why = "unknown counters version";
		return -1;
	}
	if (flow_berd_skip(r, v24_counter_size[version]))
		return -1;
	c->dec->counters.counter_samples++;
	return 0;
}

int sflow_v24_samples(struct sflow_ctx *c, struct flow_berd *r, uint32_t nsamples)
{
	for (uint32_t i = 0; i < nsamples; i++) {
		uint32_t tag;
		size_t at = r->off;
		int rc;

		c->why = NULL;
		if (flow_berd_u32(r, &tag))
			return sflow_bad(c, at, "sample runs past the end of the datagram");
		if (tag == V24_FLOW)
			rc = flow_sample(c, r);
		else if (tag == V24_COUNTERS)
			rc = counters_sample(c, r);
		else
			return sflow_bad(c, at, "unknown sample type");
		if (rc == -2)
			return c->err ? c->err->code : FLOW_EIO;
		if (rc)
			return sflow_bad(c, at, c->why ? c->why : "sample runs past the end of the datagram");
	}
	return 0;
}
