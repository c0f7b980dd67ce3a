/*
 * sflow_rec.c - one finished sFlow flow sample -> one flow record, with
 * the elements sfcapd 1.7.1 writes: generic, IPv4 or IPv6, misc, VLAN,
 * AS, IP and BGP next hop when given, MAC, MPLS when labels were found,
 * and the received-from address.
 *
 * Corrections to sfcapd 1.7.1, each visible in nfdump's output:
 *  - bytes = rate x packet length is computed in 64 bits (sfcapd
 *    multiplies two 32-bit values: 4,000,000 x 1500 stores 1,705,032,704);
 *  - an IPv6 BGP next hop goes into EX_BGP_NH6 (sfcapd writes it as a
 *    second EX_RECV6, so nfdump shows it as the exporter address);
 *  - an IPv6 flow carries only the "sampled" flag (sfcapd also sets bit 0,
 *    its in-memory "IPv6" flag, which in a V3 header means "event", so
 *    nfdump -o raw labels such flows EVENT).
 */
#include <string.h>

#include "proto/sflow_int.h"
#include "util/banned.h"

#define SFLOW_EXPORTER_VERSION 9999	/* exporter info version sfcapd writes */

static uint64_t mac48(const uint8_t m[6])
{
	uint64_t v = 0;

	for (int i = 0; i < 6; i++)
		v = v << 8 | m[i];
	return v;
}

static struct flow_ip6 ip6(const uint8_t a[16])
{
	return (struct flow_ip6){ ld_be64(a), ld_be64(a + 8) };
}

#define SET(r, id) ((r)->present |= 1ull << (id))

/*
 * The exporter of this datagram, made on its first stored sample: the
 * sampler record (id -1, packet interval 1, space interval rate - 1 as
 * sfcapd computes it, wrapping for a rate of 0) follows a new exporter.
 */
static struct flow_decoder_exporter *exporter(struct sflow_ctx *c, uint32_t rate)
{
	struct flow_decoder_exporter *e;

	if (c->exp)
		return c->exp;
	e = flow_dec_exporter(c->dec, c->from, c->fromlen, SFLOW_EXPORTER_VERSION, c->sub_id,
			      c->sink, c->err);
	if (!e)
		return NULL;
	if (e->total_packets == 0) {
		struct flow_sampler smp = {
			.sysid = e->info.sysid, .algorithm = 0, .id = FLOW_SAMPLER_GENERIC,
			.packet_interval = 1, .space_interval = rate - 1,
		};

		if (flow_dec_sampler_set(c->dec, e, &smp, c->sink, c->err) < 0)
			return NULL;
	}
	/* packets: datagrams that carried a stored flow sample */
	e->packets++;
	e->total_packets++;
	return c->exp = e;
}

static void fill_addresses(struct flow_record *r, const struct sflow_sample *s)
{
	if (s->ip_ver == 6) {
		SET(r, EX_IPV6);
		r->ipv6.src = ip6(s->src);
		r->ipv6.dst = ip6(s->dst);
	} else {
		/* no IP found: sfcapd still writes 0.0.0.0 -> 0.0.0.0 */
		SET(r, EX_IPV4);
		r->ipv4.src = ld_be32(s->src);
		r->ipv4.dst = ld_be32(s->dst);
	}
	if (s->nh_ver == 4) {
		SET(r, EX_IP_NH4);
		r->ip_nh4.addr = ld_be32(s->nh);
	} else if (s->nh_ver == 6) {
		SET(r, EX_IP_NH6);
		r->ip_nh6.addr = ip6(s->nh);
	}
	if (s->bgp_nh_ver == 4) {
		SET(r, EX_BGP_NH4);
		r->bgp_nh4.addr = ld_be32(s->bgp_nh);
	} else if (s->bgp_nh_ver == 6) {
		SET(r, EX_BGP_NH6);
		r->bgp_nh6.addr = ip6(s->bgp_nh);
	}
}

static void fill(struct flow_record *r, const struct sflow_sample *s, uint64_t recv_msec)
{
	SET(r, EX_GENERIC);
	r->generic.msec_first = recv_msec;
	r->generic.msec_last = recv_msec;
	r->generic.proto = s->proto;
	r->generic.tcp_flags = s->tcp_flags;
	/* a later fragment's "ports" are payload bytes */
	r->generic.src_port = s->frag_off ? 0 : s->sport;
	r->generic.dst_port = s->frag_off ? 0 : s->dport;
	r->generic.in_packets = s->rate;
	r->generic.in_bytes = (uint64_t)s->rate * s->frame_len;
	r->generic.src_tos = s->tos;
	fill_addresses(r, s);
	SET(r, EX_MISC);
	r->misc.input = s->input;
	r->misc.output = s->output;
	r->misc.src_mask = (uint8_t)s->src_mask;
	r->misc.dst_mask = (uint8_t)s->dst_mask;
	SET(r, EX_VLAN);
	r->vlan.src_vlan = s->in_vlan;
	r->vlan.dst_vlan = s->out_vlan;
	SET(r, EX_AS);
	r->as.src_as = s->src_as;
	r->as.dst_as = s->dst_as;
	SET(r, EX_MAC);
	r->mac.in_src = mac48(s->src_mac);
	r->mac.out_dst = mac48(s->dst_mac);
	if (s->nmpls) {
		SET(r, EX_MPLS);
		memcpy(r->mpls.label, s->mpls, s->nmpls * sizeof(s->mpls[0]));
	}
}

int sflow_store(struct sflow_ctx *c, const struct sflow_sample *s)
{
	struct flow_record *r = &c->dec->rec;
	struct flow_decoder_exporter *e = exporter(c, s->rate);
	int rc;

	if (!e) {
		c->fatal = 1;
		return c->err ? c->err->code : FLOW_EIO;
	}
	flow_record_reset(r);
	fill(r, s, c->recv_msec);
	flow_dec_stamp(e, r, c->recv_msec);
	r->flags = V3_FLAG_SAMPLED;
	r->nfversion = (uint8_t)(0x80 | c->version);
	rc = flow_dec_emit(c->dec, e, r, c->sink, c->err);
	if (rc < 0) {
		c->fatal = 1;
		return rc;
	}
	c->stored++;
	return 0;
}
