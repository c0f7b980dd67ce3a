/*
 * json_elem.c - the JSON keys of each element, in element id order, as
 * nfdump 1.7.1 and 1.7.8 name them (cli.md §3.7).  Differences between
 * the two are marked where they happen.
 */
#include <string.h>
#include <time.h>

#include "output/json.h"
#include "util/banned.h"

typedef void json_elem_fn(struct flow_printer *p, struct jw *w, const struct flow_record *r);

static int is171(const struct jw *w)
{
	return w->style == JW_171;
}

/*
 * 1.7.1 keeps each address kind in one 128-bit slot that the v6 element
 * overwrites (see v4_slot in raw171.c): with both elements present its
 * v4 keys show the v6 address's low word.
 */
static uint32_t slot4(const struct jw *w, const struct flow_record *r, enum flow_ext v6,
		      uint32_t v4, const struct flow_ip6 *a6)
{
	return w->style == JW_171 && flow_has(r, v6) ? (uint32_t)a6->lo : v4;
}

/*
 * The value "YYYY-mm-ddTHH:MM:SS.mmm" in local time, written in place:
 * three a record, and through the generic key and string writers they
 * were a fifth of -o json's instructions.  PUT_TIME keeps the key a
 * literal.
 */
static void put_time_value(struct jw *w, struct fmt_tcache *tc, uint64_t ms)
{
	const char *t = fmt_localtime(tc, (time_t)(ms / 1000));
	char s[40];

	if (tc->len != 19) {	/* not "YYYY-mm-dd HH:MM:SS": leave it to snprintf */
		snprintf(s, sizeof(s), "%.10sT%s.%03u", t, t + 11, (unsigned)(ms % 1000));
		jw_str_value(w, s);
		return;
	}
	if (w->cap - w->len < 25) {
		memcpy(s, t, 19);
		s[10] = 'T';
		s[19] = '.';
		s[20] = (char)('0' + ms % 1000 / 100);
		s[21] = (char)('0' + ms % 100 / 10);
		s[22] = (char)('0' + ms % 10);
		jw_strn_value(w, s, 23);
		return;
	}
	char *d = w->buf + w->len;

	d[0] = '"';
	memcpy(d + 1, t, 19);
	d[11] = 'T';
	d[20] = '.';
	d[21] = (char)('0' + ms % 1000 / 100);
	d[22] = (char)('0' + ms % 100 / 10);
	d[23] = (char)('0' + ms % 10);
	d[24] = '"';
	w->len += 25;
}

#define PUT_TIME(w, k, tc, ms) do { JW_KEY(w, k); put_time_value(w, tc, ms); } while (0)

static void j_generic(struct flow_printer *p, struct jw *w, const struct flow_record *r)
{
	const struct ex_generic *g = &r->generic;
	char f[9];

	PUT_TIME(w, "first", &p->tfirst, g->msec_first);
	PUT_TIME(w, "last", &p->tlast, g->msec_last);
	PUT_TIME(w, "received", &p->tother, g->msec_received);
	JW_U(w, "in_packets", g->in_packets);
	JW_U(w, "in_bytes", g->in_bytes);
	JW_U(w, "proto", g->proto);
	if (g->proto == 1 || g->proto == 58) {
		JW_U(w, "icmp_type", g->dst_port >> 8);
		JW_U(w, "icmp_code", g->dst_port & 0xff);
	} else {
		fmt_tcp_flags(f, g->tcp_flags);
		JW_KEY(w, "tcp_flags");
		jw_strn_value(w, f, 8);
		JW_U(w, "src_port", g->src_port);
		JW_U(w, "dst_port", g->dst_port);
		if (!is171(w))
			JW_U(w, "fwd_status", g->fwd_status);
	}
	JW_U(w, "src_tos", g->src_tos);
}

static void j_ipv4(struct flow_printer *p, struct jw *w, const struct flow_record *r)
{
	char s[FMT_IP_LEN];

	(void)p;
	size_t n = fmt_ip4_len(s, slot4(w, r, EX_IPV6, r->ipv4.src, &r->ipv6.src));

	JW_KEY(w, "src4_addr");
	jw_strn_value(w, s, n);
	n = fmt_ip4_len(s, slot4(w, r, EX_IPV6, r->ipv4.dst, &r->ipv6.dst));
	JW_KEY(w, "dst4_addr");
	jw_strn_value(w, s, n);
	if (!is171(w)) {	/* no geo database: empty */
		JW_S(w, "src4_geo", "");
		JW_S(w, "dst4_geo", "");
	}
}

static void j_ipv6(struct flow_printer *p, struct jw *w, const struct flow_record *r)
{
	char s[FMT_IP_LEN];

	(void)p;
	fmt_ip6(s, &r->ipv6.src);
	JW_S(w, "src6_addr", s);
	fmt_ip6(s, &r->ipv6.dst);
	JW_S(w, "dst6_addr", s);
	if (!is171(w)) {
		JW_S(w, "src6_geo", "");
		JW_S(w, "dst6_geo", "");
	}
}

/*
 * src_net/dst_net as nfdump computes them: both empty unless a mask is
 * set, then each masked with shifts as x86 evaluates nfdump's (IPv6:
 * the upper half shifted by mask - 64, the lower by mask).
 */
static void net_text(char s[FMT_IP_LEN], const struct flow_record *r, int src)
{
	unsigned m = src ? r->misc.src_mask : r->misc.dst_mask;

	if (flow_has(r, EX_IPV6)) {
		struct flow_ip6 a = src ? r->ipv6.src : r->ipv6.dst;

		if (m >= 64) {
			a.hi &= ~0ULL << ((m - 64) & 63);
			a.lo = 0;
		} else {
			a.lo &= ~0ULL << (m & 63);
		}
		fmt_ip6(s, &a);
	} else {
		uint32_t a = src ? r->ipv4.src : r->ipv4.dst;

		fmt_ip4(s, a & (uint32_t)(0xffffffffULL << ((32 - m) & 63)));
	}
}

static void j_misc(struct flow_printer *p, struct jw *w, const struct flow_record *r)
{
	const struct ex_misc *m = &r->misc;
	char sn[FMT_IP_LEN], dn[FMT_IP_LEN];
	size_t sl = 0, dl = 0;

	(void)p;
	if (m->src_mask || m->dst_mask) {
		net_text(sn, r, 1);
		net_text(dn, r, 0);
		sl = strlen(sn);
		dl = strlen(dn);
	}
	JW_U(w, "input_snmp", m->input);
	JW_U(w, "output_snmp", m->output);
	JW_U(w, "src_mask", m->src_mask);
	JW_U(w, "dst_mask", m->dst_mask);
	JW_KEY(w, "src_net");
	jw_strn_value(w, sn, sl);
	JW_KEY(w, "dst_net");
	jw_strn_value(w, dn, dl);
	if (is171(w))
		JW_U(w, "fwd_status", r->generic.fwd_status);
	JW_U(w, "direction", m->dir);
	JW_U(w, "dst_tos", m->dst_tos);
}

static void j_cnt(struct flow_printer *p, struct jw *w, const struct flow_record *r)
{
	(void)p;
	JW_U(w, "out_packets", r->cnt.out_packets);
	JW_U(w, "out_bytes", r->cnt.out_bytes);
	/* 1.7.1 counts 0 as 1 */
	JW_U(w, "aggr_flows", r->cnt.flows || !is171(w) ? r->cnt.flows : 1);
}

static void j_vlan(struct flow_printer *p, struct jw *w, const struct flow_record *r)
{
	(void)p;
	JW_U(w, "src_vlan", r->vlan.src_vlan);
	JW_U(w, "dst_vlan", r->vlan.dst_vlan);
}

static void j_as(struct flow_printer *p, struct jw *w, const struct flow_record *r)
{
	(void)p;
	JW_U(w, "src_as", r->as.src_as);
	JW_U(w, "dst_as", r->as.dst_as);
}

static void put_ip4(struct jw *w, const char *k, uint32_t a)
{
	char s[FMT_IP_LEN];
	size_t n = fmt_ip4_len(s, a);

	jw_key(w, k);
	jw_strn_value(w, s, n);
}

static void put_ip6(struct jw *w, const char *k, const struct flow_ip6 *a)
{
	char s[FMT_IP_LEN];

	fmt_ip6(s, a);
	jw_s(w, k, s);
}

#define J_ADDR4(fn, key, member, v6, m6)						\
	static void fn(struct flow_printer *p, struct jw *w, const struct flow_record *r) \
	{ (void)p; put_ip4(w, key, slot4(w, r, v6, r->member, &r->m6)); }
#define J_ADDR6(fn, key, member)							\
	static void fn(struct flow_printer *p, struct jw *w, const struct flow_record *r) \
	{ (void)p; put_ip6(w, key, &r->member); }
J_ADDR4(j_bgp4, "bgp4_next_hop", bgp_nh4.addr, EX_BGP_NH6, bgp_nh6.addr)
J_ADDR6(j_bgp6, "bgp6_next_hop", bgp_nh6.addr)
J_ADDR4(j_nh4, "ip4_next_hop", ip_nh4.addr, EX_IP_NH6, ip_nh6.addr)
J_ADDR6(j_nh6, "ip6_next_hop", ip_nh6.addr)
J_ADDR4(j_recv4, "ip4_router", recv4.addr, EX_RECV6, recv6.addr)
J_ADDR6(j_recv6, "ip6_router", recv6.addr)

static void j_mpls(struct flow_printer *p, struct jw *w, const struct flow_record *r)
{
	char k[16], v[32];

	(void)p;
	for (int i = 0; i < 10; i++) {
		uint32_t l = r->mpls.label[i];

		snprintf(k, sizeof(k), "mpls_%d", i + 1);
		snprintf(v, sizeof(v), "%u-%u-%u", l >> 4, (l & 0xf) >> 1, l & 1);
		jw_s(w, k, v);
	}
}

static void j_mac(struct flow_printer *p, struct jw *w, const struct flow_record *r)
{
	static const char *const keys[] = { "in_src_mac", "out_dst_mac", "in_dst_mac", "out_src_mac" };
	const uint64_t m[] = { r->mac.in_src, r->mac.out_dst, r->mac.in_dst, r->mac.out_src };
	char s[18];

	(void)p;
	for (int i = 0; i < 4; i++) {
		fmt_mac(s, m[i]);
		jw_s(w, keys[i], s);
	}
}

static void j_as_adj(struct flow_printer *p, struct jw *w, const struct flow_record *r)
{
	(void)p;
	JW_U(w, "next_as", r->as_adj.next_as);
	JW_U(w, "prev_as", r->as_adj.prev_as);
}

static void j_latency(struct flow_printer *p, struct jw *w, const struct flow_record *r)
{
	static const char *const keys[] = { "cli_latency", "srv_latency", "app_latency" };
	const uint64_t l[] = { r->latency.client_usec, r->latency.server_usec, r->latency.appl_usec };
	char s[48];

	(void)p;
	for (int i = 0; i < 3; i++) {
		snprintf(s, sizeof(s), "%f", (double)l[i] / 1000.0);
		jw_raw(w, keys[i], s);
	}
}

static void j_tun4(struct flow_printer *p, struct jw *w, const struct flow_record *r)
{
	(void)p;
	int both = is171(w) && flow_has(r, EX_TUN6);	/* one slot in 1.7.1 */

	jw_u(w, is171(w) ? "tun proto" : "tun_proto", both ? r->tun6.proto : r->tun4.proto);
	put_ip4(w, "src4_tun_ip", slot4(w, r, EX_TUN6, r->tun4.src, &r->tun6.src));
	put_ip4(w, "dst4_tun_ip", slot4(w, r, EX_TUN6, r->tun4.dst, &r->tun6.dst));
}

static void j_tun6(struct flow_printer *p, struct jw *w, const struct flow_record *r)
{
	(void)p;
	jw_u(w, is171(w) ? "tun proto" : "tun_proto", r->tun6.proto);
	put_ip6(w, "src6_tun_ip", &r->tun6.src);
	put_ip6(w, "dst6_tun_ip", &r->tun6.dst);
}

static void j_observation(struct flow_printer *p, struct jw *w, const struct flow_record *r)
{
	(void)p;
	/* sic: 1.7.1's key is misspelt; 1.7.8 prints the point id in 32 bits */
	jw_u(w, is171(w) ? "observationDoaminID" : "observationDomainID", r->observation.domain_id);
	JW_U(w, "observationPointID", is171(w) ? r->observation.point_id :
	     (uint32_t)r->observation.point_id);
}

static void j_vrf(struct flow_printer *p, struct jw *w, const struct flow_record *r)
{
	(void)p;
	jw_uq(w, "ingress_vrf", r->vrf.ingress_vrf);
	jw_uq(w, "egress_vrf", r->vrf.egress_vrf);
}

static void put_event_time(struct jw *w, struct fmt_tcache *tc, uint64_t ms)
{
	char s[48];
	const char *t = fmt_localtime(tc, (time_t)(ms / 1000));

	if (ms / 1000 == 0)
		snprintf(s, sizeof(s), "<unknown>.%llu", (unsigned long long)(ms % 1000));
	else
		snprintf(s, sizeof(s), "%.10sT%s.%llu", t, t + 11, (unsigned long long)(ms % 1000));
	JW_S(w, "t_event", s);
}

/* 1.7.1's NAT event names of the json key "nat_event". */
static const char *nat_event_long(unsigned ev)
{
	static const char *const names[] = {
		"Reserved", "NAT translation create", "NAT translation delete",
		"NAT Addresses exhausted", "NAT44 session create", "NAT44 session delete",
		"NAT64 session create", "NAT64 session delete", "NAT44 BIB create",
		"NAT44 BIB delete", "NAT64 BIB create", "NAT64 BIB delete",
		"NAT ports exhausted", "Quota Exceeded", "Address binding create",
		"Address binding delete", "Port block allocation", "Port block de-allocation",
		"Threshold Reached",
	};
	return ev < sizeof(names) / sizeof(names[0]) ? names[ev] : "";
}

/*
 * 1.7.1 has one event and one event time for NSEL and NAT; a NAT element
 * (later in the record) overwrites them and the name is then a NAT one.
 */
static void j_nsel_common(struct flow_printer *p, struct jw *w, const struct flow_record *r)
{
	const struct ex_nsel_common *n = &r->nsel_common;
	int nat = is171(w) && flow_has(r, EX_NAT_COMMON);
	unsigned ev = nat ? r->nat_common.event : n->fw_event;

	jw_uq(w, "connect_id", n->conn_id);
	jw_uq(w, "event_id", ev);
	{
		char b[24];

		JW_S(w, "event", nat ? fmt_nat_event(ev) :
		     is171(w) ? fmt_fw_event(ev) : fmt_fw_event178(b, ev));
	}
	jw_uq(w, "xevent_id", n->fw_xevent);
	put_event_time(w, &p->tother, nat ? r->nat_common.msec_event : n->msec_event);
}

#define J_PAIR6(fn, k1, k2, m1, m2)							\
	static void fn(struct flow_printer *p, struct jw *w, const struct flow_record *r) \
	{ (void)p; put_ip6(w, k1, &r->m1); put_ip6(w, k2, &r->m2); }
static void j_xlate4(struct flow_printer *p, struct jw *w, const struct flow_record *r)
{
	(void)p;
	put_ip4(w, "src4_xlt_ip", slot4(w, r, EX_NAT_XLATE6, r->nat_xlate4.src, &r->nat_xlate6.src));
	put_ip4(w, "dst4_xlt_ip", slot4(w, r, EX_NAT_XLATE6, r->nat_xlate4.dst, &r->nat_xlate6.dst));
}
J_PAIR6(j_xlate6, "src6_xlt_ip", "dst6_xlt_ip", nat_xlate6.src, nat_xlate6.dst)

static void j_xlate_port(struct flow_printer *p, struct jw *w, const struct flow_record *r)
{
	(void)p;
	jw_uq(w, "src_xlt_port", r->nat_xlate_port.src);
	jw_uq(w, "dst_xlt_port", r->nat_xlate_port.dst);
}

static void j_acl(struct flow_printer *p, struct jw *w, const struct flow_record *r)
{
	const uint32_t *i = r->nsel_acl.ingress, *e = r->nsel_acl.egress;
	char s[64];

	(void)p;
	uint32_t a[6];

	/* 1.7.1 swaps the stored ids, 1.7.8 prints them as stored */
	for (int k = 0; k < 3; k++) {
		a[k] = is171(w) ? __builtin_bswap32(i[k]) : i[k];
		a[3 + k] = is171(w) ? __builtin_bswap32(e[k]) : e[k];
	}
	snprintf(s, sizeof(s), "0x%x/0x%x/0x%x", a[0], a[1], a[2]);
	JW_S(w, "ingress_acl", s);
	snprintf(s, sizeof(s), "0x%x/0x%x/0x%x", a[3], a[4], a[5]);
	JW_S(w, "egress_acl", s);
}

static void j_user(struct flow_printer *p, struct jw *w, const struct flow_record *r)
{
	char s[sizeof(r->nsel_user.username) + 1];

	(void)p;
	memcpy(s, r->nsel_user.username, sizeof(r->nsel_user.username));
	s[sizeof(r->nsel_user.username)] = '\0';
	JW_S(w, "user_name", s[0] ? s : "<empty>");
}

static void j_nat_common(struct flow_printer *p, struct jw *w, const struct flow_record *r)
{
	const struct ex_nat_common *n = &r->nat_common;

	jw_uq(w, "nat_event_id", n->event);
	{
		char b[24];

		JW_S(w, "nat_event", is171(w) ? nat_event_long(n->event) :
		     fmt_nat_event178(b, n->event, 1));
	}
	if (is171(w)) {
		jw_uq(w, "ingress_vrf", r->vrf.ingress_vrf);
		jw_uq(w, "egress_vrf", r->vrf.egress_vrf);
	} else {
		JW_U(w, "nat_pool_id", n->pool_id);
	}
	put_event_time(w, &p->tother, n->msec_event);
}

static void j_port_block(struct flow_printer *p, struct jw *w, const struct flow_record *r)
{
	const struct ex_nat_port_block *b = &r->nat_port_block;

	(void)p;
	jw_uq(w, "pblock_start", b->start);
	jw_uq(w, "pblock_end", b->end);
	jw_uq(w, "pblock_step", b->step);
	jw_uq(w, "pblock_size", b->size);
}

static void j_flow_id(struct flow_printer *p, struct jw *w, const struct flow_record *r)
{
	(void)p;
	JW_U(w, "flowID", r->flow_id.flow_id);
}

static void j_nokia(struct flow_printer *p, struct jw *w, const struct flow_record *r)
{
	(void)p;
	JW_U(w, "inServiceID", r->nokia_nat.in_service_id);
	/* sic: 1.7.8's ndjson names the second key inServiceID too */
	jw_u(w, w->style == JW_ND ? "inServiceID" : "outServiceID", r->nokia_nat.out_service_id);
}

static void j_nat_string(struct flow_printer *p, struct jw *w, const struct flow_record *r)
{
	char s[256];
	size_t n = r->nokia_nat_string.len ?
		   strnlen((const char *)r->nokia_nat_string.ptr, r->nokia_nat_string.len) : 0;

	(void)p;
	if (n >= sizeof(s))
		n = sizeof(s) - 1;
	memcpy(s, n ? (const char *)r->nokia_nat_string.ptr : "", n);
	s[n] = '\0';
	JW_S(w, "natString", s);
}

static void j_layer2(struct flow_printer *p, struct jw *w, const struct flow_record *r)
{
	const struct ex_layer2 *l = &r->layer2;

	(void)p;
	JW_U(w, "vlanID", l->vlan_id);
	JW_U(w, "post_vlanID", l->post_vlan_id);
	JW_U(w, "cust_vlanID", l->customer_vlan_id);
	JW_U(w, "post_cust_vlanID", l->post_customer_vlan_id);
	JW_U(w, "phys_ingress", l->phys_ingress);
	JW_U(w, "phys_egress", l->phys_egress);
	JW_U(w, "ethertype", l->ether_type);
	JW_U(w, "ip_version", l->ip_version);
}

static void j_ipinfo(struct flow_printer *p, struct jw *w, const struct flow_record *r)
{
	const struct ex_ipinfo *i = &r->ipinfo;

	(void)p;
	if (i->frag_flags) {
		char f[5] = "----";

		if (i->frag_flags & 0x40)
			memcpy(f, "DF", 2);
		if (i->frag_flags & 0x20)
			memcpy(f + 2, "MF", 2);
		JW_S(w, "ip_fragment", f);
	}
	if (i->min_ttl || i->max_ttl) {
		JW_U(w, "ip_minttl", i->min_ttl);
		JW_U(w, "ip_maxttl", i->max_ttl);
	}
}

/* The record's label (NUL-terminated within its bytes); "<none>" without one. */
void json_label(struct jw *w, const struct flow_record *r)
{
	char s[256];
	size_t n = 0;

	if (!flow_has(r, EX_LABEL)) {
		JW_S(w, "label", "<none>");
		return;
	}
	if (r->label.len)
		n = strnlen((const char *)r->label.ptr, r->label.len);
	if (n >= sizeof(s))
		n = sizeof(s) - 1;
	memcpy(s, n ? (const char *)r->label.ptr : "", n);
	s[n] = '\0';
	JW_S(w, "label", s);
}

/* Elements 1.7.1 prints; the 1.7.8-only ones follow in elems178. */
static json_elem_fn *const elems[EX_MAX] = {
	[EX_GENERIC] = j_generic, [EX_IPV4] = j_ipv4, [EX_IPV6] = j_ipv6,
	[EX_MISC] = j_misc, [EX_CNT] = j_cnt, [EX_VLAN] = j_vlan, [EX_AS] = j_as,
	[EX_BGP_NH4] = j_bgp4, [EX_BGP_NH6] = j_bgp6, [EX_IP_NH4] = j_nh4,
	[EX_IP_NH6] = j_nh6, [EX_RECV4] = j_recv4, [EX_RECV6] = j_recv6,
	[EX_MPLS] = j_mpls, [EX_MAC] = j_mac, [EX_AS_ADJ] = j_as_adj,
	[EX_LATENCY] = j_latency, [EX_TUN4] = j_tun4, [EX_TUN6] = j_tun6,
	[EX_OBSERVATION] = j_observation, [EX_VRF] = j_vrf,
	[EX_NSEL_COMMON] = j_nsel_common, [EX_NAT_XLATE4] = j_xlate4,
	[EX_NAT_XLATE6] = j_xlate6, [EX_NAT_XLATE_PORT] = j_xlate_port,
	[EX_NSEL_ACL] = j_acl, [EX_NSEL_USER] = j_user, [EX_NAT_COMMON] = j_nat_common,
	[EX_NAT_PORT_BLOCK] = j_port_block,
};

static json_elem_fn *const elems178[EX_MAX] = {
	[EX_LAYER2] = j_layer2, [EX_FLOW_ID] = j_flow_id, [EX_NOKIA_NAT] = j_nokia,
	[EX_NOKIA_NAT_STRING] = j_nat_string, [EX_IPINFO] = j_ipinfo,
};

/* One element's keys: a switch, so that the writers below can inline it. */
static inline __attribute__((always_inline)) void element(struct flow_printer *p, struct jw *w,
							  const struct flow_record *r, unsigned id)
{
#define J(ID, fn) \
	case ID: \
		fn(p, w, r); \
		return;
	switch (id) {
	J(EX_GENERIC, j_generic) J(EX_IPV4, j_ipv4) J(EX_MISC, j_misc) J(EX_AS, j_as)
	J(EX_IP_NH4, j_nh4) J(EX_RECV4, j_recv4) J(EX_CNT, j_cnt)
	}
#undef J
	/* a copy for the calls: the walk's own writer must not escape (see struct jw) */
	struct jw t = *w;

	if (elems[id])
		elems[id](p, &t, r);
	else if (!is171(w) && elems178[id])
		elems178[id](p, &t, r);
	*w = t;
}

static inline __attribute__((always_inline)) void elements(struct flow_printer *p, struct jw *w,
							   const struct flow_record *r)
{
	uint64_t ids = r->present & ((1ULL << EX_MAX) - 1);

	if (is171(w)) {
		if (r->flags & V3_FLAG_EVENT)
			JW_S1(w, "type", "EVENT");
		else
			JW_S1(w, "type", "FLOW");
		JW_U(w, "sampled", r->flags & V3_FLAG_SAMPLED ? 1 : 0);
	} else {
		JW_U1(w, "cnt", p->printed);
		JW_S(w, "type", r->flags & V3_FLAG_EVENT ? "EVENT" : "FLOW");
		if (p->ident)
			JW_S(w, "ident", p->ident);
	}
	JW_U(w, "export_sysid", r->exporter_sysid);
	while (ids) {
		unsigned id = (unsigned)__builtin_ctzll(ids);

		ids &= ids - 1;
		element(p, w, r, id);
	}
	if (!is171(w))
		JW_U(w, "sampled", r->flags & V3_FLAG_SAMPLED ? 1 : 0);
}

/*
 * One copy of the walk per style, everything it calls inlined into it
 * (flatten) with a writer whose style is a constant: the style tests of
 * every key fold away.  The common elements are inlined (element's
 * switch); the rest go through the tables.
 */
#define ELEMENTS_AS(name, st) \
	static __attribute__((flatten)) void name(struct flow_printer *p, struct jw *w, \
						  const struct flow_record *r) \
	{ \
		struct jw lw = *w; \
		lw.style = st; \
		elements(p, &lw, r); \
		*w = lw; \
	}
ELEMENTS_AS(elements171, JW_171)
ELEMENTS_AS(elements178, JW_178)
ELEMENTS_AS(elements_nd, JW_ND)

void json_elements(struct flow_printer *p, struct jw *w, const struct flow_record *r)
{
	switch (w->style) {
	case JW_171: elements171(p, w, r); return;
	case JW_178: elements178(p, w, r); return;
	default: elements_nd(p, w, r); return;
	}
}
