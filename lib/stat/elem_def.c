/*
 * elem_def.c - what each element statistic (-s srcip, -s port, ...) counts
 * and how its value prints: names, header texts and value rules are those
 * of Debian nfdump 1.7.1 (built with NSEL), cli.md §4.2.
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
	case EF_NONE: break;
	default:
		if (f >= EF_MPLS1 && f <= EF_MPLS10) {
			v->v1 = mpls_value(r, (unsigned)(f - EF_MPLS1));
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
	default:
		if (f >= EF_MPLS1 && f <= EF_MPLS10)
			return BIT(EX_MPLS);
		return ~0ULL;	/* the rest: decoded in full */
	}
}

#define E1(n, h, k, f) { n, h, k, 1, { f, EF_NONE } }
#define E2(n, h, k, f, g) { n, h, k, 2, { f, g } }
static const struct elem_def defs[] = {
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

const struct elem_def *elem_def_find(const char *name)
{
	for (size_t i = 0; i < sizeof(defs) / sizeof(defs[0]); i++) {
		if (strcasecmp(defs[i].name, name) == 0)
			return &defs[i];
	}
	return NULL;
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
		       int text, int long_ipv6)
{
	switch (k) {
	case EK_IP:
		ip_string(s, len, v0, v1, text && !long_ipv6);
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
	case EK_GEO:
		break;
	}
	/* 1.7.1's csv knows numbers, addresses, MACs and labels only */
	s[0] = '\0';
}
