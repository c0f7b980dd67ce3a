/*
 * dec_sflow.c - sFlow v2, v4 and v5 datagrams into flow records, as
 * sfcapd 1.7.1 stores them.
 *
 * One record per flow sample (compact or expanded), holding what the
 * sample's elements said about the sampled packet; counter samples are
 * counted and skipped.  The exporter is the datagram's sender address and
 * the v5 sub_agent_id (sfcapd ignores the agent address inside the
 * datagram); it is created by the first flow sample, together with a
 * sampler record (id -1, the rate of that first sample), as sfcapd does.
 * Packets are the sampling rate, bytes rate times the original packet
 * length, first = last = receive time.  No sequence numbers are checked:
 * sfcapd counts no sequence failures for sFlow, and as the exporter only
 * comes into being with a flow sample, datagrams that carry only counter
 * samples would look like gaps.  The exporter's packet count is the
 * datagrams that carried a stored sample (sfcapd counts samples there,
 * nfcapd counts export datagrams).
 *
 * Bad input: a datagram whose header cannot be read is rejected as a
 * whole; a sample whose lengths do not add up, or which carries an
 * unknown header protocol or address type, is rejected alone and the
 * next sample decoded (sfcapd drops the rest of the datagram, losing the
 * good samples after it).  v2/v4 samples have no length, so there an
 * unreadable sample ends the datagram.
 */
#include <arpa/inet.h>
#include <string.h>

#include "proto/sflow_int.h"
#include "util/banned.h"

/* v5 sample formats (enterprise 0). */
enum {
	SF5_FLOW = 1,
	SF5_COUNTERS = 2,
	SF5_FLOW_EXPANDED = 3,
	SF5_COUNTERS_EXPANDED = 4,
};

/* v5 flow record formats (enterprise 0) that feed the record. */
enum {
	SF5_EL_HEADER = 1,
	SF5_EL_ETHERNET = 2,
	SF5_EL_IPV4 = 3,
	SF5_EL_IPV6 = 4,
	SF5_EL_SWITCH = 1001,
	SF5_EL_ROUTER = 1002,
	SF5_EL_GATEWAY = 1003,
	SF5_EL_80211_PAYLOAD = 1013,	/* cipher suite + a sampled header */
};

int sflow_bad(struct sflow_ctx *c, size_t off, const char *what)
{
	c->bad++;
	c->dec->counters.bad_sets++;
	if (c->exp)
		c->exp->malformed++;
	/* the agent inside the datagram: a relay may forward many */
	return flow_dec_error(c->err, FLOW_EFORMAT, c->from, c->fromlen, c->version, off,
			      "agent %s sub-agent %u: %s", c->agent, c->sub_id, what);
}

/* One element of a v5 flow sample; r holds exactly its (padded) bytes. */
static int v5_element(struct sflow_ctx *c, uint32_t tag, struct flow_berd *r,
		      struct sflow_sample *s)
{
	switch (tag) {
	case SF5_EL_HEADER:
		return sflow_el_header(c, r, s, 1);
	case SF5_EL_ETHERNET:
		return sflow_el_ethernet(r, s);
	case SF5_EL_IPV4:
		return sflow_el_ipv4(r, s);
	case SF5_EL_IPV6:
		return sflow_el_ipv6(r, s);
	case SF5_EL_SWITCH:
		return sflow_el_switch(r, s);
	case SF5_EL_ROUTER:
		return sflow_el_router(c, r, s);
	case SF5_EL_GATEWAY:
		return sflow_el_gateway(c, r, s);
	case SF5_EL_80211_PAYLOAD:
		return flow_berd_skip(r, 4) ? -1 : sflow_el_header(c, r, s, 1);
	}
	/*
	 * Everything else (user, URL, MPLS, NAT, tunnels, application
	 * records, enterprise formats) is skipped by its length.  sfcapd
	 * 1.7.1 reads some of these only partly and then drops the datagram
	 * on the length mismatch, and reads the tunnel records (1021-1026)
	 * into the sampled packet's own fields: a TCP flow leaving by a GRE
	 * tunnel was stored as GRE with the tunnel's length.
	 */
	r->off = r->len;
	return 0;
}

/*
 * The elements of a v5 flow sample.  Each must be exactly as long as its
 * length says (padded to 4), as sfcapd checks.
 */
static int v5_elements(struct sflow_ctx *c, struct flow_berd *r, struct sflow_sample *s)
{
	uint32_t n, tag, len;
	size_t at = r->off;

	if (flow_berd_u32(r, &n))
		return sflow_bad(c, at, "flow sample cut short");
	for (uint32_t i = 0; i < n; i++) {
		struct flow_berd el;

		at = r->off;
		if (flow_berd_u32(r, &tag) || flow_berd_u32(r, &len) || sflow_sub(r, len, &el))
			return sflow_bad(c, at, "flow record runs past its sample");
		c->why = NULL;
		if (v5_element(c, tag, &el, s) || el.off != el.len)
			return sflow_bad(c, at, c->why ? c->why :
					 "flow record length does not match its content");
	}
	if (r->off != r->len)
		return sflow_bad(c, r->off, "flow sample length does not match its records");
	return 0;
}

/* A v5 flow sample (r holds exactly it). */
static int v5_flow_sample(struct sflow_ctx *c, struct flow_berd *r, int expanded)
{
	struct sflow_sample s;
	uint32_t seq, src, pool, drops, in_fmt, out_fmt;
	size_t at = r->off;

	memset(&s, 0, sizeof(s));
	if (flow_berd_u32(r, &seq) || flow_berd_u32(r, &src) ||
	    (expanded && flow_berd_u32(r, &src)) || flow_berd_u32(r, &s.rate) ||
	    flow_berd_u32(r, &pool) || flow_berd_u32(r, &drops) ||
	    (expanded && flow_berd_u32(r, &in_fmt)) || flow_berd_u32(r, &s.input) ||
	    (expanded && flow_berd_u32(r, &out_fmt)) || flow_berd_u32(r, &s.output))
		return sflow_bad(c, at, "flow sample cut short");
	if (!expanded) {
		/* the top two bits are the format (single, discard, multiple) */
		s.input &= 0x3fffffff;
		s.output &= 0x3fffffff;
	}
	if (v5_elements(c, r, &s))
		return 0;	/* this sample only */
	return sflow_store(c, &s);
}

static int v5_samples(struct sflow_ctx *c, struct flow_berd *r, uint32_t nsamples)
{
	for (uint32_t i = 0; i < nsamples; i++) {
		struct flow_berd smp;
		uint32_t tag, len;
		size_t at = r->off;
		int rc = 0;

		if (flow_berd_u32(r, &tag) || flow_berd_u32(r, &len) || sflow_sub(r, len, &smp))
			return sflow_bad(c, at, "sample runs past the end of the datagram");
		switch (tag) {
		case SF5_FLOW:
		case SF5_FLOW_EXPANDED:
			rc = v5_flow_sample(c, &smp, tag == SF5_FLOW_EXPANDED);
			break;
		case SF5_COUNTERS:
		case SF5_COUNTERS_EXPANDED:
			c->dec->counters.counter_samples++;
			break;
		default:	/* other enterprises/formats: skipped by length */
			break;
		}
		if (rc < 0)
			return rc;	/* the sink or the exporter table failed */
	}
	return 0;
}

/* Datagram header; r is left at the first sample. */
static int header(struct sflow_ctx *c, struct flow_berd *r, uint32_t *nsamples)
{
	uint32_t type, seq, uptime;
	const uint8_t *agent;

	if (flow_berd_u32(r, &c->version))
		goto short_read;
	if (c->version != 2 && c->version != 4 && c->version != 5) {
		c->dec->counters.unknown_version++;
		return flow_dec_error(c->err, FLOW_EUNSUPPORTED, c->from, c->fromlen,
				      c->version, 0, "unknown sFlow version %u", c->version);
	}
	if (flow_berd_u32(r, &type))
		goto short_read;
	if (type != 1 && type != 2) {
		c->dec->counters.malformed++;
		return flow_dec_error(c->err, FLOW_EFORMAT, c->from, c->fromlen, c->version,
				      4, "unknown agent address type %u", type);
	}
	agent = flow_berd_take(r, type == 1 ? 4 : 16);
	if (agent)
		inet_ntop(type == 1 ? AF_INET : AF_INET6, agent, c->agent, sizeof(c->agent));
	if (!agent || (c->version == 5 && flow_berd_u32(r, &c->sub_id)) ||
	    flow_berd_u32(r, &seq) || flow_berd_u32(r, &uptime) || flow_berd_u32(r, nsamples))
		goto short_read;
	return 0;
short_read:
	c->dec->counters.malformed++;
	return flow_dec_error(c->err, FLOW_EFORMAT, c->from, c->fromlen, c->version, r->off,
			      "datagram of %zu bytes is too short for an sFlow header", r->len);
}

int flow_dec_sflow(struct flow_decoder *dec, const struct sockaddr *from,
		   socklen_t fromlen, const uint8_t *buf, size_t len,
		   uint64_t recv_msec, const struct flow_decode_sink *sink,
		   struct flow_err *err)
{
	struct sflow_ctx c = {
		.dec = dec, .from = from, .fromlen = fromlen, .sink = sink, .err = err,
		.recv_msec = recv_msec,
	};
	struct flow_berd r;
	uint32_t nsamples = 0;
	int rc;

	flow_berd_init(&r, buf, len);
	rc = header(&c, &r, &nsamples);
	if (rc < 0)
		return rc;
	if (c.version == 5)
		rc = v5_samples(&c, &r, nsamples);
	else
		rc = sflow_v24_samples(&c, &r, nsamples);
	if (c.fatal || (rc < 0 && c.stored == 0))
		return rc;
	return c.stored;
}
