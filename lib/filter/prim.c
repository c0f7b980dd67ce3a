/*
 * prim.c - the primitive table and the value parsers (numbers, protocol
 * names, addresses).  One row per numeric keyword: where its field lives
 * in struct flow_record and how it takes qualifiers.
 */
#include <arpa/inet.h>
#include <stddef.h>
#include <string.h>
#include <strings.h>

#include "filter/filter_int.h"

#define OFF(m) ((uint16_t)offsetof(struct flow_record, m))
#define SZ(m) ((uint8_t)sizeof(((struct flow_record *)0)->m))
#define F2(a, b) OFF(a), OFF(b), SZ(a)
#define F1(a) OFF(a), OFF(a), SZ(a)
#define ALL 0

static const struct fprim prims[] = {
	{ "port", DK_SRCDST, PF_COMP | PF_LIST, F2(generic.src_port, generic.dst_port), 0, ALL, 65535, -1 },
	{ "as", DK_SRCDST, PF_COMP | PF_LIST, F2(as.src_as, as.dst_as), 0, ALL, 0xffffffffu, -1 },
	{ "tos", DK_SRCDST_PS, PF_COMP, F2(generic.src_tos, misc.dst_tos), 0, ALL, 255, -1 },
	{ "packets", DK_INOUT, PF_COMP, F2(generic.in_packets, cnt.out_packets), 0, ALL, 0, -1 },
	{ "bytes", DK_INOUT, PF_COMP, F2(generic.in_bytes, cnt.out_bytes), 0, ALL, 0, -1 },
	{ "if", DK_INOUT_E, 0, F2(misc.input, misc.output), 0, ALL, 0xffffffffu, -1 },
	{ "vlan", DK_SRCDST, 0, F2(vlan.src_vlan, vlan.dst_vlan), 0, ALL, 0xffffffffu, -1 },
	{ "mask", DK_SRCDST, 0, F2(misc.src_mask, misc.dst_mask), 0, ALL, 128, -1 },
	{ "engine-type", DK_NONE, PF_COMP, F1(engine_type), 0, ALL, 255, -1 },
	{ "engine-id", DK_NONE, PF_COMP, F1(engine_id), 0, ALL, 255, -1 },
	{ "sysid", DK_NONE, 0, F1(exporter_sysid), 0, ALL, 65535, -1 },
	{ "nfversion", DK_NONE, PF_COMP, F1(nfversion), 0, ALL, 255, -1 },
	{ "fwdstat", DK_NONE, PF_COMP, F1(generic.fwd_status), 0, ALL, 255, -1 },
	{ "icmp-type", DK_NONE, PF_COMP | PF_ICMP, F1(generic.dst_port), 8, 0xff, 255, -1 },
	{ "icmp-code", DK_NONE, PF_COMP | PF_ICMP, F1(generic.dst_port), 0, 0xff, 255, -1 },
	{ "duration", DK_NONE, PF_COMP, 0, 0, 8, 0, ALL, 0, FF_DURATION },
	{ "pps", DK_NONE, PF_COMP, 0, 0, 8, 0, ALL, 0, FF_PPS },
	{ "bps", DK_NONE, PF_COMP, 0, 0, 8, 0, ALL, 0, FF_BPS },
	{ "bpp", DK_NONE, PF_COMP, 0, 0, 8, 0, ALL, 0, FF_BPP },
	{ "flows", DK_NONE, PF_COMP, 0, 0, 8, 0, ALL, 0, FF_FLOWS },
	{ "count", DK_NONE, PF_COMP, 0, 0, 8, 0, ALL, 0, FF_COUNT },
	{ "cnt", DK_NONE, PF_COMP, 0, 0, 8, 0, ALL, 0, FF_COUNT },
	{ "xport", DK_SRCDST, PF_COMP, F2(nat_xlate_port.src, nat_xlate_port.dst), 0, ALL, 65535, -1 },
	{ "nport", DK_SRCDST, PF_COMP, F2(nat_xlate_port.src, nat_xlate_port.dst), 0, ALL, 65535, -1 },
	{ "ethertype", DK_NONE, PF_COMP, F1(layer2.ether_type), 0, ALL, 65535, -1 },
	/* second words of two-word keywords, looked up after their first */
	{ "client latency", DK_NONE, PF_COMP, F1(latency.client_usec), 0, ALL, 0, -1 },
	{ "server latency", DK_NONE, PF_COMP, F1(latency.server_usec), 0, ALL, 0, -1 },
	{ "app latency", DK_NONE, PF_COMP, F1(latency.appl_usec), 0, ALL, 0, -1 },
	{ "ingress vrf", DK_NONE, PF_COMP, F1(vrf.ingress_vrf), 0, ALL, 0xffffffffu, -1 },
	{ "egress vrf", DK_NONE, PF_COMP, F1(vrf.egress_vrf), 0, ALL, 0xffffffffu, -1 },
	{ "asa event", DK_NONE, PF_COMP, 0, 0, 8, 0, ALL, 255, FF_EVENT },
	{ "nat event", DK_NONE, PF_COMP, 0, 0, 8, 0, ALL, 255, FF_EVENT },
	{ "asa xevent", DK_NONE, PF_COMP, F1(nsel_common.fw_xevent), 0, ALL, 65535, -1 },
	{ "pblock start", DK_NONE, PF_COMP, F1(nat_port_block.start), 0, ALL, 65536, -1 },
	{ "pblock end", DK_NONE, PF_COMP, F1(nat_port_block.end), 0, ALL, 65536, -1 },
	{ "pblock step", DK_NONE, PF_COMP, F1(nat_port_block.step), 0, ALL, 65536, -1 },
	{ "pblock size", DK_NONE, PF_COMP, F1(nat_port_block.size), 0, ALL, 65536, -1 },
	{ "observation domain", DK_NONE, PF_COMP, F1(observation.domain_id), 0, ALL, 0xffffffffu, -1 },
	{ "observation point", DK_NONE, PF_COMP, F1(observation.point_id), 0, ALL, 0, -1 },
	{ "min ttl", DK_NONE, PF_COMP, F1(ipinfo.min_ttl), 0, ALL, 255, -1 },
	{ "max ttl", DK_NONE, PF_COMP, F1(ipinfo.max_ttl), 0, ALL, 255, -1 },
	{ "mpls eos", DK_NONE, PF_COMP, 0, 0, 8, 0, ALL, 0xfffff, FF_MPLS_EOS },
	{ "tun proto", DK_NONE, 0, 0, 0, 8, 0, ALL, 255, FF_TUNPROTO },
};

const struct fprim *flt_prim_find(const char *s, size_t len)
{
	for (size_t i = 0; i < sizeof(prims) / sizeof(prims[0]); i++)
		if (strlen(prims[i].kw) == len && strncasecmp(prims[i].kw, s, len) == 0)
			return &prims[i];
	return NULL;
}

/* IANA numbers of the names nfdump's protocol table knows best. */
static const struct { const char *name; int num; } protos[] = {
	{ "icmp", 1 }, { "igmp", 2 }, { "ggp", 3 }, { "ipip", 4 }, { "st", 5 },
	{ "tcp", 6 }, { "cbt", 7 }, { "egp", 8 }, { "igp", 9 }, { "udp", 17 },
	{ "rdp", 27 }, { "ipv6", 41 }, { "rsvp", 46 }, { "gre", 47 }, { "esp", 50 },
	{ "ah", 51 }, { "icmp6", 58 }, { "eigrp", 88 }, { "ospf", 89 }, { "pim", 103 },
	{ "vrrp", 112 }, { "l2tp", 115 }, { "sctp", 132 },
};

int flt_proto_num(const char *s, size_t len)
{
	for (size_t i = 0; i < sizeof(protos) / sizeof(protos[0]); i++)
		if (strlen(protos[i].name) == len && strncasecmp(protos[i].name, s, len) == 0)
			return protos[i].num;
	return -1;
}

/* The forwarding status names of nfdump 1.7.1's filter (RFC 7270 ids). */
static const struct { const char *name; int num; } fwdstats[] = {
	{ "Ukwn", 0 }, { "Forw", 1 }, { "Frag", 2 }, { "Drop", 16 }, { "DaclD", 17 },
	{ "Daclp", 18 }, { "Noroute", 19 }, { "Dadj", 20 }, { "Dfrag", 21 }, { "Dbadh", 22 },
	{ "Dbadtlen", 23 }, { "Dbadhlen", 24 }, { "DbadTTL", 25 }, { "Dpolicy", 26 },
	{ "Dwred", 27 }, { "Drpf", 28 }, { "Dforus", 29 }, { "DbadOf", 30 }, { "Dhw", 31 },
	{ "Term", 128 }, { "Tadj", 129 }, { "TincAdj", 130 }, { "Tforus", 131 },
};

int flt_fwdstat_num(const char *s, size_t len)
{
	for (size_t i = 0; i < sizeof(fwdstats) / sizeof(fwdstats[0]); i++)
		if (strlen(fwdstats[i].name) == len && strncasecmp(fwdstats[i].name, s, len) == 0)
			return fwdstats[i].num;
	return -1;
}

int flt_number(const char *s, size_t len, uint64_t *out)
{
	uint64_t v = 0, scale = 1;
	size_t i = 0;

	if (len > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		for (i = 2; i < len; i++) {
			int c = s[i], d;

			if (c >= '0' && c <= '9')
				d = c - '0';
			else if ((c | 0x20) >= 'a' && (c | 0x20) <= 'f')
				d = (c | 0x20) - 'a' + 10;
			else
				return -1;
			if (v >> 60)
				return -1;
			v = v * 16 + (uint64_t)d;
		}
		*out = v;
		return 0;
	}
	for (; i < len && s[i] >= '0' && s[i] <= '9'; i++) {
		uint64_t d = (uint64_t)(s[i] - '0');

		if (v > UINT64_MAX / 10 || (v == UINT64_MAX / 10 && d > UINT64_MAX % 10))
			return -1;
		v = v * 10 + d;
	}
	if (i == 0)
		return -1;
	if (i + 1 == len) {
		switch (s[i] | 0x20) {
		case 'k': scale = 1000ULL; break;
		case 'm': scale = 1000000ULL; break;
		case 'g': scale = 1000000000ULL; break;
		case 't': scale = 1000000000000ULL; break;
		default: return -1;
		}
	} else if (i != len) {
		return -1;
	}
	if (v > UINT64_MAX / scale)
		return -1;
	*out = v * scale;
	return 0;
}

/* 1..4 dotted decimal octets; missing trailing octets are 0. */
static int parse_v4(const char *s, size_t len, uint32_t *out, int *octets)
{
	uint32_t a = 0;
	int n = 0;
	size_t i = 0;

	while (i < len) {
		unsigned v = 0, digits = 0;

		while (i < len && s[i] >= '0' && s[i] <= '9' && digits < 4) {
			v = v * 10 + (unsigned)(s[i++] - '0');
			digits++;
		}
		if (!digits || v > 255 || n == 4)
			return -1;
		a = (a << 8) | v;
		n++;
		if (i < len) {
			if (s[i] != '.' || i + 1 == len)
				return -1;
			i++;
		}
	}
	if (!n)
		return -1;
	*octets = n;
	*out = a << (8 * (4 - n));
	return 0;
}

int flt_addr(const char *s, size_t len, int allow_short, struct flow_ip6 *out, int *is_short)
{
	char buf[64];
	uint8_t b[16];
	uint32_t v4;
	int octets;

	*is_short = 0;
	if (len == 0 || len >= sizeof(buf))
		return -1;
	if (memchr(s, ':', len)) {
		memcpy(buf, s, len);
		buf[len] = '\0';
		if (inet_pton(AF_INET6, buf, b) != 1)
			return -1;
		out->hi = out->lo = 0;
		for (int i = 0; i < 8; i++) {
			out->hi = (out->hi << 8) | b[i];
			out->lo = (out->lo << 8) | b[i + 8];
		}
		return 1;
	}
	if (parse_v4(s, len, &v4, &octets))
		return -1;
	if (octets != 4) {
		if (!allow_short)
			return -2;
		*is_short = octets;
	}
	out->hi = 0;
	out->lo = v4;
	return 0;
}

void flt_prefix_mask(int v6, unsigned len, struct flow_ip6 *m)
{
	if (!v6) {
		/* IPv4 lives in the low 32 bits; the high 96 must be zero. */
		m->hi = UINT64_MAX;
		m->lo = 0xffffffff00000000ULL | (len ? (uint32_t)(0xffffffffu << (32 - len)) : 0);
		return;
	}
	m->hi = len == 0 ? 0 : len >= 64 ? UINT64_MAX : UINT64_MAX << (64 - len);
	m->lo = len <= 64 ? 0 : len >= 128 ? UINT64_MAX : UINT64_MAX << (128 - len);
}
