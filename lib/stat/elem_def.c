/*
 * elem_def.c - what each element statistic (-s srcip, -s port, ...) counts
 * and how its value prints, in two tables: the names, header texts and
 * values of Debian nfdump 1.7.1 (built with NSEL) and those of upstream
 * nfdump 1.7.8, cli.md §4.2.  The dialect picks the table.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "output/fmtutil.h"
#include "stat/stat_int.h"
#include "util/banned.h"

/* An address as nfdump keys it: v4 in the low word, high word 0. */
static void ip_value(struct elem_value *v, int v6, const struct flow_ip6 *a6, uint32_t a4)
{
	if (v6) {
		v->v0 = a6->hi;
		v->v1 = a6->lo;
	} else {
		v->v0 = 0;
		v->v1 = a4;
	}
}

/*
 * nfdump 1.7.1 reads MPLS labels as two per 64-bit word with masks that,
 * on little-endian hosts, keep bits 4-15 of an odd label and move an even
 * label's bits 4-23 up by 32; the value is used unshifted.
 */
static uint64_t mpls_value(const struct flow_record *r, unsigned i)
{
	uint64_t l = r->mpls.label[i];

	return (i & 1) ? (l << 32) & 0x00fffff000000000ULL : l & 0xfff0;
}

/*
 * nfdump 1.7.1 keys NBAR by its stored extension read as one
 * little-endian word: the id's length byte, then up to seven id bytes.
 */
static uint64_t nbar_value(const struct flow_record *r)
{
	uint64_t v;

	if (!flow_has(r, EX_NBAR))
		return 0;
	v = r->nbar.len & 0xff;
	for (unsigned i = 0; i < 7 && i < r->nbar.len; i++)
		v |= (uint64_t)r->nbar.ptr[i] << (8 * (i + 1));
	return v;
}

/* The application id's first 8 bytes in one word: engine id, then selector. */
static uint64_t nbar_id(const struct flow_record *r)
{
	uint64_t v = 0;

	for (unsigned i = 0; i < 8 && i < r->nbar.len; i++)
		v |= (uint64_t)r->nbar.ptr[i] << (8 * i);
	return v;
}

void elem_field(const struct flow_record *r, enum elem_field f, struct elem_value *v)
{
	v->v0 = 0;
	switch (f) {
	case EF_SRCIP: ip_value(v, flow_has(r, EX_IPV6), &r->ipv6.src, r->ipv4.src); return;
	case EF_DSTIP: ip_value(v, flow_has(r, EX_IPV6), &r->ipv6.dst, r->ipv4.dst); return;
	case EF_NHIP: ip_value(v, flow_has(r, EX_IP_NH6), &r->ip_nh6.addr, r->ip_nh4.addr); return;
	case EF_NHBIP: ip_value(v, flow_has(r, EX_BGP_NH6), &r->bgp_nh6.addr, r->bgp_nh4.addr); return;
	case EF_ROUTER: ip_value(v, flow_has(r, EX_RECV6), &r->recv6.addr, r->recv4.addr); return;
	case EF_XSRCIP:
		ip_value(v, flow_has(r, EX_NAT_XLATE6), &r->nat_xlate6.src, r->nat_xlate4.src);
		return;
	case EF_XDSTIP:
		ip_value(v, flow_has(r, EX_NAT_XLATE6), &r->nat_xlate6.dst, r->nat_xlate4.dst);
		return;
	case EF_SRCPORT: v->v1 = r->generic.src_port; return;
	case EF_DSTPORT: v->v1 = r->generic.dst_port; return;
	case EF_PROTO: v->v1 = r->generic.proto; return;
	case EF_TOS: v->v1 = r->generic.src_tos; return;
	case EF_DSTTOS: v->v1 = r->misc.dst_tos; return;
	case EF_DIR: v->v1 = r->misc.dir; return;
	case EF_SRCAS: v->v1 = r->as.src_as; return;
	case EF_DSTAS: v->v1 = r->as.dst_as; return;
	case EF_PREVAS: v->v1 = r->as_adj.prev_as; return;
	case EF_NEXTAS: v->v1 = r->as_adj.next_as; return;
	case EF_INIF: v->v1 = r->misc.input; return;
	case EF_OUTIF: v->v1 = r->misc.output; return;
	case EF_SRCMASK: v->v1 = r->misc.src_mask; return;
	case EF_DSTMASK: v->v1 = r->misc.dst_mask; return;
	case EF_SRCVLAN: v->v1 = r->vlan.src_vlan; return;
	case EF_DSTVLAN: v->v1 = r->vlan.dst_vlan; return;
	case EF_INSRCMAC: v->v1 = r->mac.in_src; return;
	case EF_OUTDSTMAC: v->v1 = r->mac.out_dst; return;
	case EF_INDSTMAC: v->v1 = r->mac.in_dst; return;
	case EF_OUTSRCMAC: v->v1 = r->mac.out_src; return;
	case EF_CL: v->v1 = r->latency.client_usec; return;
	case EF_SL: v->v1 = r->latency.server_usec; return;
	case EF_AL: v->v1 = r->latency.appl_usec; return;
	case EF_ODID: v->v1 = r->observation.domain_id; return;
	case EF_OPID: v->v1 = r->observation.point_id; return;
	case EF_EVENT: v->v1 = r->nsel_common.fw_event; return;
	case EF_XEVENT: v->v1 = r->nsel_common.fw_xevent; return;
	case EF_XSRCPORT: v->v1 = r->nat_xlate_port.src; return;
	case EF_XDSTPORT: v->v1 = r->nat_xlate_port.dst; return;
	case EF_IACL: case EF_IACE: case EF_IXACE:
		v->v1 = __builtin_bswap32(r->nsel_acl.ingress[f - EF_IACL]);	/* kept in network order */
		return;
	case EF_EACL: case EF_EACE: case EF_EXACE:
		v->v1 = __builtin_bswap32(r->nsel_acl.egress[f - EF_EACL]);
		return;
	case EF_NBAR: v->v1 = nbar_value(r); return;
	case EF_IVRF: v->v1 = r->vrf.ingress_vrf; return;
	case EF_EVRF: v->v1 = r->vrf.egress_vrf; return;
	case EF_NH4: ip_value(v, 0, NULL, r->ip_nh4.addr); return;
	case EF_NH6: ip_value(v, 1, &r->ip_nh6.addr, 0); return;
	case EF_BGPNH4: ip_value(v, 0, NULL, r->bgp_nh4.addr); return;
	case EF_BGPNH6: ip_value(v, 1, &r->bgp_nh6.addr, 0); return;
	case EF_ROUTER4: ip_value(v, 0, NULL, r->recv4.addr); return;
	case EF_ROUTER6: ip_value(v, 1, &r->recv6.addr, 0); return;
	case EF_XSRC4: ip_value(v, 0, NULL, r->nat_xlate4.src); return;
	case EF_XSRC6: ip_value(v, 1, &r->nat_xlate6.src, 0); return;
	case EF_XDST4: ip_value(v, 0, NULL, r->nat_xlate4.dst); return;
	case EF_XDST6: ip_value(v, 1, &r->nat_xlate6.dst, 0); return;
	case EF_FLAGS: v->v1 = r->generic.tcp_flags; return;
	case EF_TUN4PROTO: v->v1 = r->tun4.proto; return;
	case EF_TUN6PROTO: v->v1 = r->tun6.proto; return;
	case EF_ETHERTYPE: v->v1 = r->layer2.ether_type; return;
	case EF_MINTTL: v->v1 = r->ipinfo.min_ttl; return;
	case EF_MAXTTL: v->v1 = r->ipinfo.max_ttl; return;
	case EF_NATEVENT: v->v1 = r->nat_common.event; return;
	case EF_NBARID: v->v1 = nbar_id(r); return;
	case EF_NONE: case EF_PAYLOAD: break;
	default:
		if (f >= EF_MPLS1 && f <= EF_MPLS10) {
			v->v1 = mpls_value(r, (unsigned)(f - EF_MPLS1));
			return;
		}
		if (f >= EF_MPLSRAW1 && f <= EF_MPLSRAW10) {	/* 1.7.8: the stored word */
			v->v1 = r->mpls.label[f - EF_MPLSRAW1];
			return;
		}
		if (f >= EF_ACLRAW1 && f <= EF_ACLRAW6) {	/* as %iacl prints it */
			unsigned i = (unsigned)(f - EF_ACLRAW1);

			v->v1 = i < 3 ? r->nsel_acl.ingress[i] : r->nsel_acl.egress[i - 3];
			return;
		}
		break;
	}
	v->v1 = 0;
}

#define BIT(id) (1ULL << (id))

/* What elem_field(r, f, ...) reads of r. */
uint64_t elem_field_elements(enum elem_field f)
{
	switch (f) {
	case EF_SRCIP: case EF_DSTIP: return BIT(EX_IPV4) | BIT(EX_IPV6);
	case EF_NHIP: return BIT(EX_IP_NH4) | BIT(EX_IP_NH6);
	case EF_NHBIP: return BIT(EX_BGP_NH4) | BIT(EX_BGP_NH6);
	case EF_ROUTER: return BIT(EX_RECV4) | BIT(EX_RECV6);
	case EF_SRCPORT: case EF_DSTPORT: case EF_PROTO: case EF_TOS: return BIT(EX_GENERIC);
	case EF_DSTTOS: case EF_DIR: case EF_INIF: case EF_OUTIF: case EF_SRCMASK:
	case EF_DSTMASK: return BIT(EX_MISC);
	case EF_SRCAS: case EF_DSTAS: return BIT(EX_AS);
	case EF_PREVAS: case EF_NEXTAS: return BIT(EX_AS_ADJ);
	case EF_SRCVLAN: case EF_DSTVLAN: return BIT(EX_VLAN);
	case EF_INSRCMAC: case EF_OUTDSTMAC: case EF_INDSTMAC: case EF_OUTSRCMAC: return BIT(EX_MAC);
	case EF_NH4: case EF_NH6: case EF_BGPNH4: case EF_BGPNH6: case EF_ROUTER4: case EF_ROUTER6:
		return elem_field_presence(f);
	case EF_FLAGS: return BIT(EX_GENERIC);
	case EF_TUN4PROTO: return BIT(EX_TUN4);
	case EF_TUN6PROTO: return BIT(EX_TUN6);
	case EF_ETHERTYPE: return BIT(EX_LAYER2);
	case EF_MINTTL: case EF_MAXTTL: return BIT(EX_IPINFO);
	case EF_PAYLOAD: return 0;
	default:
		if ((f >= EF_MPLS1 && f <= EF_MPLS10) || (f >= EF_MPLSRAW1 && f <= EF_MPLSRAW10))
			return BIT(EX_MPLS);
		return ~0ULL;	/* the rest: decoded in full */
	}
}

uint64_t elem_field_presence(enum elem_field f)
{
	switch (f) {
	case EF_SRCIP: case EF_DSTIP: return BIT(EX_IPV4) | BIT(EX_IPV6);
	case EF_NH4: return BIT(EX_IP_NH4);
	case EF_NH6: return BIT(EX_IP_NH6);
	case EF_BGPNH4: return BIT(EX_BGP_NH4);
	case EF_BGPNH6: return BIT(EX_BGP_NH6);
	case EF_ROUTER4: return BIT(EX_RECV4);
	case EF_ROUTER6: return BIT(EX_RECV6);
	case EF_XSRC4: case EF_XDST4: return BIT(EX_NAT_XLATE4);
	case EF_XSRC6: case EF_XDST6: return BIT(EX_NAT_XLATE6);
	case EF_INSRCMAC: case EF_OUTDSTMAC: case EF_INDSTMAC: case EF_OUTSRCMAC: return BIT(EX_MAC);
	case EF_CL: case EF_SL: case EF_AL: return BIT(EX_LATENCY);
	case EF_ODID: case EF_OPID: return BIT(EX_OBSERVATION);
	case EF_EVENT: return BIT(EX_NSEL_COMMON);
	case EF_NATEVENT: return BIT(EX_NAT_COMMON);
	case EF_IACL: case EF_IACE: case EF_IXACE: case EF_EACL: case EF_EACE: case EF_EXACE:
		return BIT(EX_NSEL_ACL);
	case EF_NBAR: case EF_NBARID: return BIT(EX_NBAR);
	case EF_PAYLOAD: return 0;
	default:
		if (f >= EF_MPLSRAW1 && f <= EF_MPLSRAW10)
			return BIT(EX_MPLS);
		if (f >= EF_ACLRAW1 && f <= EF_ACLRAW6)
			return BIT(EX_NSEL_ACL);
		return ~0ULL;	/* always there */
	}
}

#define E1(n, h, k, f) { n, h, k, 0, 1, { f } }
#define E2(n, h, k, f, g) { n, h, k, 0, 2, { f, g } }
static const struct elem_def defs171[] = {
	E1("srcip", "Src IP Addr", EK_IP, EF_SRCIP),
	E1("dstip", "Dst IP Addr", EK_IP, EF_DSTIP),
	E2("ip", "IP Addr", EK_IP, EF_SRCIP, EF_DSTIP),
	E1("nhip", "Nexthop IP", EK_IP, EF_NHIP),
	E1("nhbip", "Nexthop BGP IP", EK_IP, EF_NHBIP),
	E1("router", "Router IP", EK_IP, EF_ROUTER),
	E1("srcport", "Src Port", EK_NUMBER, EF_SRCPORT),
	E1("dstport", "Dst Port", EK_NUMBER, EF_DSTPORT),
	E2("port", "Port", EK_NUMBER, EF_SRCPORT, EF_DSTPORT),
	E1("proto", "Protocol", EK_NUMBER, EF_PROTO),
	E1("tos", "Tos", EK_NUMBER, EF_TOS),
	E1("srctos", "Tos", EK_NUMBER, EF_TOS),
	E1("dsttos", "Dst Tos", EK_NUMBER, EF_DSTTOS),
	E1("dir", "Dir", EK_NUMBER, EF_DIR),
	E1("srcas", "Src AS", EK_NUMBER, EF_SRCAS),
	E1("dstas", "Dst AS", EK_NUMBER, EF_DSTAS),
	E1("prevas", "Prev AS", EK_NUMBER, EF_PREVAS),
	E1("nextas", "Next AS", EK_NUMBER, EF_NEXTAS),
	E2("as", "AS", EK_NUMBER, EF_SRCAS, EF_DSTAS),
	E1("inif", "Input If", EK_NUMBER, EF_INIF),
	E1("outif", "Output If", EK_NUMBER, EF_OUTIF),
	E2("if", "In/Out If", EK_NUMBER, EF_INIF, EF_OUTIF),
	E1("srcmask", "Src Mask", EK_NUMBER, EF_SRCMASK),
	E1("dstmask", "Dst Mask", EK_NUMBER, EF_DSTMASK),
	E2("mask", "Mask", EK_NUMBER, EF_SRCMASK, EF_DSTMASK),
	E1("srcvlan", "Src Vlan", EK_NUMBER, EF_SRCVLAN),
	E1("dstvlan", "Dst Vlan", EK_NUMBER, EF_DSTVLAN),
	E2("vlan", "Vlan", EK_NUMBER, EF_SRCVLAN, EF_DSTVLAN),
	E1("insrcmac", "In Src Mac", EK_MAC, EF_INSRCMAC),
	E1("outdstmac", "Out Dst Mac", EK_MAC, EF_OUTDSTMAC),
	E1("indstmac", "In Dst Mac", EK_MAC, EF_INDSTMAC),
	E1("outsrcmac", "Out Src Mac", EK_MAC, EF_OUTSRCMAC),
	E2("srcmac", "Src Mac", EK_MAC, EF_INSRCMAC, EF_OUTSRCMAC),
	E2("dstmac", "Dst Mac", EK_MAC, EF_OUTDSTMAC, EF_INDSTMAC),
	/* sic: 1.7.1 counts only the first element of inmac */
	E1("inmac", "In Src Mac", EK_MAC, EF_INSRCMAC),
	E2("outmac", "Out Src Mac", EK_MAC, EF_OUTSRCMAC, EF_OUTDSTMAC),
	E1("mpls1", " MPLS lab 1", EK_MPLS, EF_MPLS1),
	E1("mpls2", " MPLS lab 2", EK_MPLS, EF_MPLS1 + 1),
	E1("mpls3", " MPLS lab 3", EK_MPLS, EF_MPLS1 + 2),
	E1("mpls4", " MPLS lab 4", EK_MPLS, EF_MPLS1 + 3),
	E1("mpls5", " MPLS lab 5", EK_MPLS, EF_MPLS1 + 4),
	E1("mpls6", " MPLS lab 6", EK_MPLS, EF_MPLS1 + 5),
	E1("mpls7", " MPLS lab 7", EK_MPLS, EF_MPLS1 + 6),
	E1("mpls8", " MPLS lab 8", EK_MPLS, EF_MPLS1 + 7),
	E1("mpls9", " MPLS lab 9", EK_MPLS, EF_MPLS1 + 8),
	E1("mpls10", "MPLS lab 10", EK_MPLS, EF_MPLS10),
	E1("cl", "Client Latency", EK_LATENCY, EF_CL),
	E1("sl", "Server Latency", EK_LATENCY, EF_SL),
	E1("al", "  Appl Latency", EK_LATENCY, EF_AL),
	E1("odid", "obs domainID", EK_HEXNUMBER, EF_ODID),
	E1("opid", " obs PointID", EK_HEXNUMBER, EF_OPID),
	E1("event", " Event", EK_EVENT, EF_EVENT),
	E1("nevent", " Event", EK_EVENT, EF_EVENT),
	E1("xevent", "X-Event", EK_NUMBER, EF_XEVENT),
	E1("xsrcip", "X-Src IP Addr", EK_IP, EF_XSRCIP),
	E1("xdstip", "X-Dst IP Addr", EK_IP, EF_XDSTIP),
	E1("xsrcport", " X-Src Port", EK_NUMBER, EF_XSRCPORT),
	E1("xdstport", " X-Dst Port", EK_NUMBER, EF_XDSTPORT),
	E1("iacl", "Ingress ACL", EK_HEX, EF_IACL),
	E1("iace", "Ingress ACE", EK_HEX, EF_IACE),
	E1("ixace", "Ingress xACE", EK_HEX, EF_IXACE),
	E1("eacl", "Egress ACL", EK_HEX, EF_EACL),
	E1("eace", "Egress ACE", EK_HEX, EF_EACE),
	E1("exace", "Egress xACE", EK_HEX, EF_EXACE),
	E1("ivrf", " I-vrf-ID", EK_NUMBER, EF_IVRF),
	E1("evrf", " E-vrf-ID", EK_NUMBER, EF_EVRF),
	/*
	 * Without a geo database (Debian's build has none) every flow has
	 * the empty country; nfdump computes JA3 from TLS payloads, which
	 * exporters do not send: all flows fall under the zero hash.
	 */
	E1("srcgeo", "Src Geo", EK_GEO, EF_NONE),
	E1("dstgeo", "Dst Geo", EK_GEO, EF_NONE),
	E2("geo", "Geo", EK_GEO, EF_NONE, EF_NONE),
	E1("ja3", "                             ja3", EK_JA3, EF_NONE),
	E1("nbar", "nbar", EK_NBAR, EF_NBAR),
	/* the 1.6 NSEL spellings */
	E1("nsrcip", "X-Src IP Addr", EK_IP, EF_XSRCIP),
	E1("ndstip", "X-Dst IP Addr", EK_IP, EF_XDSTIP),
	E1("nsrcport", " X-Src Port", EK_NUMBER, EF_XSRCPORT),
	E1("ndstport", " X-Dst Port", EK_NUMBER, EF_XDSTPORT),
};
#undef E1
#undef E2

/*
 * Upstream nfdump 1.7.8's statistics (nfstat.c), element by element;
 * dump adds 1.7.1's iace/ixace/eace/exace.  Where 1.7.8 counts nonsense
 * the value it means is counted instead (dump.1): iacl/eacl key on the
 * whole 12-byte triple and print 0x0, nbar copies 65535 bytes; here the
 * ACL id prints as %iacl, the NBAR id as engine..selector.
 */
#define F1(n, h, k, f) { n, h, k, ED_178, 1, { f } }
#define F2(n, h, k, f, g) { n, h, k, ED_178, 2, { f, g } }
#define F4(n, h, k, f, g, i, j) { n, h, k, ED_178, 4, { f, g, i, j } }
#define ASORG_HEADER "                                 Organisation (AS num)"
static const struct elem_def defs178[] = {
	F1("srcip", "Src IP Addr", EK_IP, EF_SRCIP),
	F1("dstip", "Dst IP Addr", EK_IP, EF_DSTIP),
	F2("ip", "    IP Addr", EK_IP, EF_SRCIP, EF_DSTIP),
	F1("srcgeo", "Src Geo", EK_GEO, EF_NONE),
	F1("dstgeo", "Dst Geo", EK_GEO, EF_NONE),
	F2("geo", " Geo", EK_GEO, EF_NONE, EF_NONE),
	F2("nhip", "Nexthop IP", EK_IP, EF_NH4, EF_NH6),
	F2("nhbip", "Nexthop BGP IP", EK_IP, EF_BGPNH4, EF_BGPNH6),
	F2("router", "Router IP", EK_IP, EF_ROUTER4, EF_ROUTER6),
	F1("srcport", "Src Port", EK_NUMBER, EF_SRCPORT),
	F1("dstport", "Dst Port", EK_NUMBER, EF_DSTPORT),
	F2("port", "Port", EK_NUMBER, EF_SRCPORT, EF_DSTPORT),
	F1("proto", "Protocol", EK_NUMBER, EF_PROTO),
	F1("flags", "TCPflags", EK_FLAGS, EF_FLAGS),
	F1("srctos", "Src Tos", EK_NUMBER, EF_TOS),
	F1("dsttos", "Dst Tos", EK_NUMBER, EF_DSTTOS),
	F2("tos", "Tos", EK_NUMBER, EF_TOS, EF_DSTTOS),
	F1("dir", "Dir", EK_NUMBER, EF_DIR),
	F1("srcas", "Src AS", EK_NUMBER, EF_SRCAS),
	F1("srcasn", ASORG_HEADER, EK_ASORG, EF_SRCAS),
	F1("dstas", "Dst AS", EK_NUMBER, EF_DSTAS),
	F1("dstasn", ASORG_HEADER, EK_ASORG, EF_DSTAS),
	F2("as", "AS", EK_NUMBER, EF_SRCAS, EF_DSTAS),
	F2("asn", ASORG_HEADER, EK_ASORG, EF_SRCAS, EF_DSTAS),
	F1("prevas", "Prev AS", EK_NUMBER, EF_PREVAS),
	F1("nextas", "Next AS", EK_NUMBER, EF_NEXTAS),
	F1("inif", "Input If", EK_NUMBER, EF_INIF),
	F1("outif", "Output If", EK_NUMBER, EF_OUTIF),
	F2("if", "Interface", EK_NUMBER, EF_INIF, EF_OUTIF),
	F1("srcmask", "Src Mask", EK_NUMBER, EF_SRCMASK),
	F1("dstmask", "Dst Mask", EK_NUMBER, EF_DSTMASK),
	F2("mask", "Mask", EK_NUMBER, EF_SRCMASK, EF_DSTMASK),
	/* a record counts under 0 for each tunnel element it lacks, as in 1.7.8 */
	{ "tunproto", "Tun proto", EK_NUMBER, ED_178 | ED_PROTO_VALUE, 2,
	  { EF_TUN4PROTO, EF_TUN6PROTO } },
	F1("srcvlan", "Src Vlan", EK_NUMBER, EF_SRCVLAN),
	F1("dstvlan", "Dst Vlan", EK_NUMBER, EF_DSTVLAN),
	F2("vlan", "Vlan", EK_NUMBER, EF_SRCVLAN, EF_DSTVLAN),
	F1("insrcmac", "In Src Mac", EK_MAC, EF_INSRCMAC),
	F1("outdstmac", "Out Dst Mac", EK_MAC, EF_OUTDSTMAC),
	F1("indstmac", "In Dst Mac", EK_MAC, EF_INDSTMAC),
	F1("outsrcmac", "Out Src Mac", EK_MAC, EF_OUTSRCMAC),
	F1("ethertype", "Ethertype", EK_NUMBER, EF_ETHERTYPE),
	F2("srcmac", "Src Mac", EK_MAC, EF_INSRCMAC, EF_OUTSRCMAC),
	F2("dstmac", "Dst Mac", EK_MAC, EF_INDSTMAC, EF_OUTDSTMAC),
	F2("inmac", "In Mac", EK_MAC, EF_INSRCMAC, EF_INDSTMAC),
	F2("outmac", "Out Mac", EK_MAC, EF_OUTDSTMAC, EF_OUTSRCMAC),
	F4("mac", "Mac Addr", EK_MAC, EF_INSRCMAC, EF_OUTDSTMAC, EF_INDSTMAC, EF_OUTSRCMAC),
	F1("mpls1", "MPLS label 1", EK_MPLS, EF_MPLSRAW1),
	F1("mpls2", "MPLS label 2", EK_MPLS, EF_MPLSRAW1 + 1),
	F1("mpls3", "MPLS label 3", EK_MPLS, EF_MPLSRAW1 + 2),
	F1("mpls4", "MPLS label 4", EK_MPLS, EF_MPLSRAW1 + 3),
	F1("mpls5", "MPLS label 5", EK_MPLS, EF_MPLSRAW1 + 4),
	F1("mpls6", "MPLS label 6", EK_MPLS, EF_MPLSRAW1 + 5),
	F1("mpls7", "MPLS label 7", EK_MPLS, EF_MPLSRAW1 + 6),
	F1("mpls8", "MPLS label 8", EK_MPLS, EF_MPLSRAW1 + 7),
	F1("mpls9", "MPLS label 9", EK_MPLS, EF_MPLSRAW1 + 8),
	F1("mpls10", "MPLS label 10", EK_MPLS, EF_MPLSRAW10),
	F1("cl", "Client Latency", EK_LATENCY, EF_CL),
	F1("sl", "Server Latency", EK_LATENCY, EF_SL),
	F1("al", "Application Latency", EK_LATENCY, EF_AL),
	F1("nbar", "Nbar", EK_NBAR, EF_NBARID),
	F1("ja3", "ja3                             ", EK_JA3, EF_PAYLOAD),
	F1("ja4", "ja4                                ", EK_JA3, EF_PAYLOAD),
	F1("odid", "Obs DomainID", EK_HEXNUMBER, EF_ODID),
	F1("opid", "Obs PointID", EK_HEXNUMBER, EF_OPID),
	F1("event", " Event", EK_EVENT, EF_EVENT),
	F1("xevent", " Event", EK_NUMBER, EF_XEVENT),
	F1("nat", "NAT Event", EK_EVENT, EF_NATEVENT),
	F2("natsrcip", "X-Src IP Addr", EK_IP, EF_XSRC4, EF_XSRC6),
	F2("natdstip", "X-Dst IP Addr", EK_IP, EF_XDST4, EF_XDST6),
	F4("natip", "X-IP Addr", EK_IP, EF_XSRC4, EF_XSRC6, EF_XDST4, EF_XDST6),
	F1("natsrcport", "X-Src Port", EK_NUMBER, EF_XSRCPORT),
	F1("natdstport", "X-Dst Port", EK_NUMBER, EF_XDSTPORT),
	F2("natport", "X-Port", EK_NUMBER, EF_XSRCPORT, EF_XDSTPORT),
	F1("iacl", "Ingress ACL", EK_HEX, EF_ACLRAW1),
	F1("eacl", "Egress ACL", EK_HEX, EF_ACLRAW1 + 3),
	F1("iace", "Ingress ACE", EK_HEX, EF_ACLRAW1 + 1),
	F1("ixace", "Ingress xACE", EK_HEX, EF_ACLRAW1 + 2),
	F1("eace", "Egress ACE", EK_HEX, EF_ACLRAW1 + 4),
	F1("exace", "Egress xACE", EK_HEX, EF_ACLRAW6),
	F1("ivrf", "I-vrf ID", EK_NUMBER, EF_IVRF),
	F1("evrf", "E-vrf ID", EK_NUMBER, EF_EVRF),
	F1("minttl", "minTTL", EK_NUMBER, EF_MINTTL),
	F1("maxttl", "maxTTL", EK_NUMBER, EF_MAXTTL),
};
#undef F1
#undef F2
#undef F4

/* The statistics the two versions spell differently: 1.7.1's, 1.7.8's. */
static const char *const spellings[][2] = {
	{ "nevent", "event" },
	{ "xsrcip", "natsrcip" }, { "xdstip", "natdstip" },
	{ "xsrcport", "natsrcport" }, { "xdstport", "natdstport" },
	{ "nsrcip", "natsrcip" }, { "ndstip", "natdstip" },
	{ "nsrcport", "natsrcport" }, { "ndstport", "natdstport" },
};

static const struct elem_def *find_in(const struct elem_def *d, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++) {
		if (strcasecmp(d[i].name, name) == 0)
			return &d[i];
	}
	return NULL;
}

#define FIND(tab, name) find_in(tab, sizeof(tab) / sizeof(tab[0]), name)

/*
 * The other version's spelling means this version's statistic, so the
 * dialect decides how it counts; a statistic only one version has
 * counts as there.
 */
const struct elem_def *elem_def_find(const char *name, int v178)
{
	const struct elem_def *d = v178 ? FIND(defs178, name) : FIND(defs171, name);

	for (size_t i = 0; !d && i < sizeof(spellings) / sizeof(spellings[0]); i++) {
		if (strcasecmp(spellings[i][!v178], name) == 0)
			d = v178 ? FIND(defs178, spellings[i][1]) : FIND(defs171, spellings[i][0]);
	}
	if (!d)
		d = v178 ? FIND(defs171, name) : FIND(defs178, name);
	return d;
}

/* nfdump's fw event names. */
static const char *event_name(uint64_t e)
{
	static const char *const names[] = { "ignore", "CREATE", "DELETE", "DENIED" };

	return e < 4 ? names[e] : "UNKNOWN";
}

static void ip_string(char *s, size_t len, uint64_t v0, uint64_t v1, int condense)
{
	char a[FMT_IP_LEN];

	if (v0) {
		struct flow_ip6 ip = { v0, v1 };

		fmt_ip6(a, &ip);
		if (condense && strlen(a) > 16) {	/* nfdump's CondenseV6 */
			memmove(a + 9, a + strlen(a) - 7, 8);
			a[7] = a[8] = '.';
		}
	} else {
		fmt_ip4(a, (uint32_t)v1);
	}
	snprintf(s, len, "%s", a);
}

void elem_value_string(char *s, size_t len, enum elem_kind k, uint64_t v0, uint64_t v1,
		       unsigned style)
{
	int text = style & ES_TEXT;

	switch (k) {
	case EK_IP:
		ip_string(s, len, v0, v1, text && !(style & ES_LONG_IPV6));
		return;
	case EK_HEXNUMBER:
	case EK_HEX:
		if (text) {
			snprintf(s, len, "0x%" PRIx64, v1);
			return;
		}
		break;
	case EK_MAC:
		snprintf(s, len, "%02x:%02x:%02x:%02x:%02x:%02x", (unsigned)(v1 >> 40) & 0xff,
			 (unsigned)(v1 >> 32) & 0xff, (unsigned)(v1 >> 24) & 0xff,
			 (unsigned)(v1 >> 16) & 0xff, (unsigned)(v1 >> 8) & 0xff,
			 (unsigned)v1 & 0xff);
		return;
	case EK_MPLS:
		snprintf(s, len, "%8" PRIu64 "-%1" PRIu64 "-%1" PRIu64, v1 >> 4, (v1 & 0xf) >> 1, v1 & 1);
		return;
	case EK_LATENCY:
		if (text) {
			snprintf(s, len, "      %9.3f", (double)v1 / 1000.0);
			return;
		}
		break;
	case EK_EVENT:
		if (text) {
			snprintf(s, len, "      %6s", event_name(v1));
			return;
		}
		break;
	case EK_NUMBER:
		snprintf(s, len, "%" PRIu64, v1);
		return;
	case EK_NBAR:	/* as 1.7.1: the key's first byte, then its next three */
		if (text) {
			snprintf(s, len, "%2u..%u", (unsigned)(v1 & 0xff),
				 (unsigned)(((v1 >> 8) & 0xff) << 16 | ((v1 >> 16) & 0xff) << 8 |
					    ((v1 >> 24) & 0xff)));
			return;
		}
		break;
	case EK_JA3:
		if (text) {
			snprintf(s, len, "%032u", 0u);
			return;
		}
		break;
	case EK_FLAGS:
		if (text && (style & ES_PLAIN)) {
			snprintf(s, len, "0x%" PRIx64, v1);
			return;
		}
		if (text) {
			char f[9];

			fmt_tcp_flags(f, (uint8_t)v1);
			snprintf(s, len, "%8s", f);
			return;
		}
		break;
	case EK_ASORG:	/* without a geo database every organisation is unknown */
		if (text) {
			snprintf(s, len, "%45s (%6" PRIu64 ")", "unknown", v1);
			return;
		}
		break;
	case EK_GEO:
		break;
	}
	/* csv knows numbers, addresses, MACs and labels only (1.7.8 prints garbage) */
	s[0] = '\0';
}
