/* nfgen_fill.c - one fill function per V3 element id ("all" mix). */
#include <string.h>
#include <sys/socket.h>

#include "nfgen.h"
#include "util/endian.h"
#include "util/banned.h"

/* --- one fill function per element id ("all" mix) --- */

static void fill_generic(struct gen *g, struct flow_record *r)
{
	struct rng *rg = &g->rng;
	struct ex_generic *x = &r->generic;
	static const uint8_t protos[] = { 6, 17, 1, 58, 47, 50, 132, 0, 255 };

	x->msec_first = T0_MSEC + g->index * 10 + rng_below(rg, 300000);
	x->msec_last = x->msec_first + (rng_pct(rg, 20) ? 0 : rng_below(rg, 600000));
	x->msec_received = x->msec_last + rng_below(rg, 60000);
	x->in_packets = rng_val(rg, rng_pct(rg, 90) ? 32 : 64);
	x->in_bytes = rng_val(rg, rng_pct(rg, 90) ? 40 : 64);
	x->proto = rng_pct(rg, 80) ? protos[rng_below(rg, sizeof(protos))]
				    : (uint8_t)rng_next(rg);
	if (x->proto == 1 || x->proto == 58) {
		x->src_port = 0;
		x->dst_port = (uint16_t)(rng_below(rg, 256) << 8 | rng_below(rg, 16));
	} else {
		x->src_port = (uint16_t)rng_val(rg, 16);
		x->dst_port = (uint16_t)rng_val(rg, 16);
	}
	x->tcp_flags = (uint8_t)rng_next(rg);
	x->fwd_status = (uint8_t)rng_next(rg);
	x->src_tos = (uint8_t)rng_next(rg);
}

static void fill_ipv4(struct gen *g, struct flow_record *r)
{
	r->ipv4.src = rnd_ip4(g);
	r->ipv4.dst = rnd_ip4(g);
}

static void fill_ipv6(struct gen *g, struct flow_record *r)
{
	rnd_ip6(g, &r->ipv6.src);
	rnd_ip6(g, &r->ipv6.dst);
}

static void fill_misc(struct gen *g, struct flow_record *r)
{
	struct rng *rg = &g->rng;

	r->misc.input = (uint32_t)rng_val(rg, 32);
	r->misc.output = (uint32_t)rng_val(rg, 32);
	r->misc.src_mask = (uint8_t)rng_below(rg, r->present & (1ULL << EX_IPV6) ? 129 : 33);
	r->misc.dst_mask = (uint8_t)rng_below(rg, r->present & (1ULL << EX_IPV6) ? 129 : 33);
	r->misc.dir = (uint8_t)rng_below(rg, 2);
	r->misc.dst_tos = (uint8_t)rng_next(rg);
	r->misc.biflow_dir = (uint8_t)rng_below(rg, 3);
	r->misc.end_reason = (uint8_t)rng_below(rg, 6);
	/* bytes 14/15 are padding since 1.7.5: written 0 as 1.7.8 does */
}

static void fill_cnt(struct gen *g, struct flow_record *r)
{
	r->cnt.flows = rng_val(&g->rng, 32);
	r->cnt.out_packets = rng_val(&g->rng, 40);
	r->cnt.out_bytes = rng_val(&g->rng, 48);
}

static void fill_vlan(struct gen *g, struct flow_record *r)
{
	r->vlan.src_vlan = (uint32_t)rng_val(&g->rng, 12);
	r->vlan.dst_vlan = (uint32_t)rng_val(&g->rng, 12);
}

static void fill_as(struct gen *g, struct flow_record *r)
{
	r->as.src_as = (uint32_t)rng_val(&g->rng, 32);
	r->as.dst_as = (uint32_t)rng_val(&g->rng, 32);
}

static void fill_bgp_nh4(struct gen *g, struct flow_record *r)
{
	r->bgp_nh4.addr = rnd_ip4(g);
}

static void fill_bgp_nh6(struct gen *g, struct flow_record *r)
{
	rnd_ip6(g, &r->bgp_nh6.addr);
}

static void fill_ip_nh4(struct gen *g, struct flow_record *r)
{
	r->ip_nh4.addr = rnd_ip4(g);
}

static void fill_ip_nh6(struct gen *g, struct flow_record *r)
{
	rnd_ip6(g, &r->ip_nh6.addr);
}

/* The router address is the exporter's: 12 or 13 by its family. */
static void fill_recv4(struct gen *g, struct flow_record *r)
{
	r->recv4.addr = (uint32_t)g->cur->ip.lo;
}

static void fill_recv6(struct gen *g, struct flow_record *r)
{
	r->recv6.addr = g->cur->ip;
}

static void fill_mpls(struct gen *g, struct flow_record *r)
{
	unsigned depth = (unsigned)rng_below(&g->rng, 11);

	/* 24-bit stack entries: label << 4 | exp << 1 | bottom-of-stack */
	for (unsigned i = 0; i < depth; i++)
		r->mpls.label[i] = (uint32_t)(rng_val(&g->rng, 20) << 4 |
					      rng_below(&g->rng, 8) << 1 | (i + 1 == depth));
}

static void fill_mac(struct gen *g, struct flow_record *r)
{
	r->mac.in_src = rng_val(&g->rng, 48);
	r->mac.out_dst = rng_val(&g->rng, 48);
	r->mac.in_dst = rng_val(&g->rng, 48);
	r->mac.out_src = rng_val(&g->rng, 48);
}

static void fill_as_adj(struct gen *g, struct flow_record *r)
{
	r->as_adj.next_as = (uint32_t)rng_val(&g->rng, 32);
	r->as_adj.prev_as = (uint32_t)rng_val(&g->rng, 32);
}

static void fill_latency(struct gen *g, struct flow_record *r)
{
	r->latency.client_usec = rng_val(&g->rng, 32);
	r->latency.server_usec = rng_val(&g->rng, 32);
	r->latency.appl_usec = rng_val(&g->rng, 32);
}

/* 1.7.2+ layout, referring to the sampler records written for its sysid. */
static void fill_sampler(struct gen *g, struct flow_record *r)
{
	r->sampler.v178.selector_id = rng_pct(&g->rng, 50) ? (uint64_t)-1 : rng_below(&g->rng, 4);
	r->sampler.v178.sysid = r->exporter_sysid;
}

static void fill_nsel_common(struct gen *g, struct flow_record *r)
{
	r->nsel_common.msec_event = T0_MSEC + rng_below(&g->rng, 3600000);
	r->nsel_common.conn_id = (uint32_t)rng_val(&g->rng, 32);
	r->nsel_common.fw_xevent = (uint16_t)rng_val(&g->rng, 16);
	r->nsel_common.fw_event = (uint8_t)rng_below(&g->rng, 6);
}

static void fill_nat_xlate4(struct gen *g, struct flow_record *r)
{
	r->nat_xlate4.src = rnd_ip4(g);
	r->nat_xlate4.dst = rnd_ip4(g);
}

static void fill_nat_xlate6(struct gen *g, struct flow_record *r)
{
	rnd_ip6(g, &r->nat_xlate6.src);
	rnd_ip6(g, &r->nat_xlate6.dst);
}

static void fill_nat_xlate_port(struct gen *g, struct flow_record *r)
{
	r->nat_xlate_port.src = (uint16_t)rng_val(&g->rng, 16);
	r->nat_xlate_port.dst = (uint16_t)rng_val(&g->rng, 16);
}

static void fill_nsel_acl(struct gen *g, struct flow_record *r)
{
	for (int i = 0; i < 3; i++) {
		r->nsel_acl.ingress[i] = (uint32_t)rng_val(&g->rng, 32);
		r->nsel_acl.egress[i] = (uint32_t)rng_val(&g->rng, 32);
	}
}

static void fill_nsel_user(struct gen *g, struct flow_record *r)
{
	size_t n = rng_below(&g->rng, sizeof(r->nsel_user.username));

	rng_string(&g->rng, r->nsel_user.username, n);
}

static void fill_nat_common(struct gen *g, struct flow_record *r)
{
	r->nat_common.msec_event = T0_MSEC + rng_below(&g->rng, 3600000);
	r->nat_common.pool_id = (uint32_t)rng_val(&g->rng, 32);
	r->nat_common.event = (uint8_t)rng_below(&g->rng, 20);
}

static void fill_nat_port_block(struct gen *g, struct flow_record *r)
{
	r->nat_port_block.start = (uint16_t)rng_val(&g->rng, 16);
	r->nat_port_block.end = (uint16_t)rng_val(&g->rng, 16);
	r->nat_port_block.step = (uint16_t)rng_val(&g->rng, 16);
	r->nat_port_block.size = (uint16_t)rng_val(&g->rng, 16);
}

/* NBAR application id: engine id byte + selector, as Cisco sends it. */
static void fill_nbar(struct gen *g, struct flow_record *r)
{
	r->nbar = var_bytes(g, EX_NBAR, 1 + rng_below(&g->rng, 8));
}

static void fill_label(struct gen *g, struct flow_record *r)
{
	r->label = var_string(g, EX_LABEL, 64);
}

static void fill_in_payload(struct gen *g, struct flow_record *r)
{
	r->in_payload = var_bytes(g, EX_IN_PAYLOAD, 1 + rng_below(&g->rng, VAR_MAX));
}

static void fill_out_payload(struct gen *g, struct flow_record *r)
{
	r->out_payload = var_bytes(g, EX_OUT_PAYLOAD, 1 + rng_below(&g->rng, VAR_MAX));
}

static void fill_tun4(struct gen *g, struct flow_record *r)
{
	r->tun4.src = rnd_ip4(g);
	r->tun4.dst = rnd_ip4(g);
	r->tun4.proto = (uint32_t)rng_below(&g->rng, 256);
}

static void fill_tun6(struct gen *g, struct flow_record *r)
{
	rnd_ip6(g, &r->tun6.src);
	rnd_ip6(g, &r->tun6.dst);
	r->tun6.proto = (uint32_t)rng_below(&g->rng, 256);
}

static void fill_observation(struct gen *g, struct flow_record *r)
{
	r->observation.point_id = rng_val(&g->rng, 64);
	r->observation.domain_id = (uint32_t)rng_val(&g->rng, 32);
}

static void fill_inmon_meta(struct gen *g, struct flow_record *r)
{
	r->inmon_meta.frame_size = (uint16_t)rng_val(&g->rng, 16);
	r->inmon_meta.link_type = (uint16_t)rng_below(&g->rng, 3);
}

static void fill_inmon_frame(struct gen *g, struct flow_record *r)
{
	r->inmon_frame = var_bytes(g, EX_INMON_FRAME, 1 + rng_below(&g->rng, 128));
}

static void fill_vrf(struct gen *g, struct flow_record *r)
{
	r->vrf.egress_vrf = (uint32_t)rng_val(&g->rng, 32);
	r->vrf.ingress_vrf = (uint32_t)rng_val(&g->rng, 32);
}

static void fill_pfinfo(struct gen *g, struct flow_record *r)
{
	static const char *const ifs[] = { "em0", "vio0", "pflog0", "lo0", "" };
	const char *name = ifs[rng_below(&g->rng, 5)];
	size_t n = strlen(name) + 1;

	r->pfinfo.action = (uint8_t)rng_below(&g->rng, 10);
	r->pfinfo.reason = (uint8_t)rng_below(&g->rng, 16);
	r->pfinfo.dir = (uint8_t)rng_below(&g->rng, 3);
	r->pfinfo.rewritten = (uint8_t)rng_below(&g->rng, 2);
	r->pfinfo.rulenr = (uint32_t)rng_val(&g->rng, 32);
	r->pfinfo.subrulenr = (uint32_t)rng_val(&g->rng, 32);
	r->pfinfo.uid = (uint32_t)rng_val(&g->rng, 32);
	r->pfinfo.pid = (uint32_t)rng_val(&g->rng, 32);
	memcpy(g->var[EX_PFINFO], name, n);
	r->pf_ifname = (struct flow_bytes){ g->var[EX_PFINFO], (uint16_t)n };
}

static void fill_layer2(struct gen *g, struct flow_record *r)
{
	struct ex_layer2 *x = &r->layer2;

	x->vlan_id = (uint16_t)rng_val(&g->rng, 12);
	x->customer_vlan_id = (uint16_t)rng_val(&g->rng, 12);
	x->post_vlan_id = (uint16_t)rng_val(&g->rng, 12);
	x->post_customer_vlan_id = (uint16_t)rng_val(&g->rng, 12);
	x->phys_ingress = (uint32_t)rng_val(&g->rng, 32);
	x->phys_egress = (uint32_t)rng_val(&g->rng, 32);
	x->vxlan = rng_val(&g->rng, 24);
	x->ether_type = rng_pct(&g->rng, 50) ? 0x0800 : 0x86dd;
	x->ip_version = x->ether_type == 0x0800 ? 4 : 6;
}

static void fill_flow_id(struct gen *g, struct flow_record *r)
{
	r->flow_id.flow_id = rng_val(&g->rng, 64);
}

static void fill_nokia_nat(struct gen *g, struct flow_record *r)
{
	r->nokia_nat.in_service_id = (uint16_t)rng_val(&g->rng, 16);
	r->nokia_nat.out_service_id = (uint16_t)rng_val(&g->rng, 16);
}

/* format.md §3.5: the string, then 4 zero bytes (element length 8 + n). */
static void fill_nokia_nat_string(struct gen *g, struct flow_record *r)
{
	size_t n = 1 + rng_below(&g->rng, 32);
	uint8_t *p = g->var[EX_NOKIA_NAT_STRING];

	rng_string(&g->rng, (char *)p, n);
	memset(p + n, 0, 4);
	r->nokia_nat_string = (struct flow_bytes){ p, (uint16_t)(n + 4) };
}

static void fill_ipinfo(struct gen *g, struct flow_record *r)
{
	static const uint8_t frag[] = { 0, 0x20, 0x40, 0x60 };

	r->ipinfo.frag_flags = frag[rng_below(&g->rng, 4)];
	r->ipinfo.min_ttl = (uint8_t)rng_next(&g->rng);
	r->ipinfo.max_ttl = (uint8_t)(r->ipinfo.min_ttl +
				      rng_below(&g->rng, 256u - r->ipinfo.min_ttl));
}

typedef void fill_fn(struct gen *, struct flow_record *);

static fill_fn *const fillers[EX_MAX] = {
	[EX_GENERIC] = fill_generic,
	[EX_IPV4] = fill_ipv4,
	[EX_IPV6] = fill_ipv6,
	[EX_MISC] = fill_misc,
	[EX_CNT] = fill_cnt,
	[EX_VLAN] = fill_vlan,
	[EX_AS] = fill_as,
	[EX_BGP_NH4] = fill_bgp_nh4,
	[EX_BGP_NH6] = fill_bgp_nh6,
	[EX_IP_NH4] = fill_ip_nh4,
	[EX_IP_NH6] = fill_ip_nh6,
	[EX_RECV4] = fill_recv4,
	[EX_RECV6] = fill_recv6,
	[EX_MPLS] = fill_mpls,
	[EX_MAC] = fill_mac,
	[EX_AS_ADJ] = fill_as_adj,
	[EX_LATENCY] = fill_latency,
	[EX_SAMPLER] = fill_sampler,
	[EX_NSEL_COMMON] = fill_nsel_common,
	[EX_NAT_XLATE4] = fill_nat_xlate4,
	[EX_NAT_XLATE6] = fill_nat_xlate6,
	[EX_NAT_XLATE_PORT] = fill_nat_xlate_port,
	[EX_NSEL_ACL] = fill_nsel_acl,
	[EX_NSEL_USER] = fill_nsel_user,
	[EX_NAT_COMMON] = fill_nat_common,
	[EX_NAT_PORT_BLOCK] = fill_nat_port_block,
	[EX_NBAR] = fill_nbar,
	[EX_LABEL] = fill_label,
	[EX_IN_PAYLOAD] = fill_in_payload,
	[EX_OUT_PAYLOAD] = fill_out_payload,
	[EX_TUN4] = fill_tun4,
	[EX_TUN6] = fill_tun6,
	[EX_OBSERVATION] = fill_observation,
	[EX_INMON_META] = fill_inmon_meta,
	[EX_INMON_FRAME] = fill_inmon_frame,
	[EX_VRF] = fill_vrf,
	[EX_PFINFO] = fill_pfinfo,
	[EX_LAYER2] = fill_layer2,
	[EX_FLOW_ID] = fill_flow_id,
	[EX_NOKIA_NAT] = fill_nokia_nat,
	[EX_NOKIA_NAT_STRING] = fill_nokia_nat_string,
	[EX_IPINFO] = fill_ipinfo,
};

void nfgen_fill(struct gen *g, struct flow_record *r, unsigned id)
{
	fillers[id](g, r);
}
