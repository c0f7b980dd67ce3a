/*
 * sflow_hdr.c - decode the packet header an sFlow agent sampled (the
 * sampled_header element) into the fields a flow record keeps.
 *
 * What is decoded, and how, follows sfcapd 1.7.1 (which follows sflowtool)
 * except where that is wrong; each departure says why:
 *  - every read is bounds-checked against the header length (sfcapd peeks
 *    a few bytes past it in several places);
 *  - ICMP and ICMPv6 type/code go into dst_port as type << 8 | code, the
 *    convention nfcapd and nfdump's icmp-type/icmp-code filters use
 *    (sfcapd stores type in src_port and code in dst_port, so nfdump shows
 *    an echo request as "0.0");
 *  - IPv6 AH length counts 4-byte units (RFC 4302), and a non-first IPv6
 *    fragment has no transport header to read (RFC 8200 §4.5), the same
 *    rule sfcapd already applies to IPv4 fragments.
 */
#include <string.h>

#include "proto/sflow_int.h"
#include "util/endian.h"
#include "util/banned.h"

#define ETH_HDR 14
#define IP4_HDR 20
#define IP6_HDR 40
#define L4_MIN 8		/* sfcapd decodes no transport header shorter */
#define LLC_MAX_LEN 1500	/* type/length <= this is an 802.3 length */

enum { ETH_IP4 = 0x0800, ETH_IP6 = 0x86dd, ETH_MPLS = 0x8847 };

/* The tag protocol ids sfcapd treats as a VLAN tag (802.1Q, 802.1ad, old QinQ). */
static int is_vlan_tpid(uint16_t t)
{
	return t == 0x8100 || t == 0x88a8 || t == 0x9100 || t == 0x9200 || t == 0x9300;
}

static void layer4(struct sflow_sample *s, const uint8_t *p, size_t left)
{
	if (left < L4_MIN)
		return;
	switch (s->proto) {
	case 1:		/* ICMP */
	case 58:	/* ICMPv6 */
		s->sport = 0;
		s->dport = (uint16_t)(p[0] << 8 | p[1]);
		break;
	case 6:
		s->sport = ld_be16(p);
		s->dport = ld_be16(p + 2);
		if (left >= 14)	/* flags byte of the TCP header */
			s->tcp_flags = p[13];
		break;
	case 17:
		s->sport = ld_be16(p);
		s->dport = ld_be16(p + 2);
		break;
	default:
		break;
	}
}

/*
 * IPv4 at h + off.  As sfcapd, the version nibble is not checked here (the
 * Ethernet path checks it before calling; a raw IPv4 header is taken as
 * the agent labels it) and fragments after the first keep ports at 0.
 */
static void ipv4(struct sflow_sample *s, const uint8_t *h, size_t off, size_t len)
{
	const uint8_t *p = h + off;
	size_t left = len - off;
	size_t ihl;

	s->ip_ver = 4;
	if (left < IP4_HDR)
		return;
	memset(s->src, 0, sizeof(s->src));
	memset(s->dst, 0, sizeof(s->dst));
	memcpy(s->src, p + 12, 4);
	memcpy(s->dst, p + 16, 4);
	s->proto = p[9];
	s->tos = p[1];
	s->frag_off = ld_be16(p + 6) & 0x1fff;
	if (s->frag_off)
		return;
	ihl = (size_t)(p[0] & 0x0f) * 4;
	if (left < ihl)
		return;
	layer4(s, p + ihl, left - ihl);
}

/* IPv6 extension headers sfcapd walks over to reach the transport header. */
static int is_ext_header(uint8_t nh)
{
	return nh == 0 || nh == 43 || nh == 44 || nh == 51 || nh == 60;
}

static void ipv6(struct sflow_sample *s, const uint8_t *h, size_t off, size_t len)
{
	const uint8_t *p = h + off;
	size_t left = len - off, pos = IP6_HDR;
	uint8_t nh;

	s->ip_ver = 6;
	if (left < IP6_HDR || (p[0] >> 4) != 6)
		return;
	s->tos = (uint8_t)((p[0] & 0x0f) << 4 | p[1] >> 4);
	memcpy(s->src, p + 8, 16);
	memcpy(s->dst, p + 24, 16);
	nh = p[6];
	while (is_ext_header(nh)) {
		size_t elen;

		if (left - pos < 2)
			return;	/* cut off: no protocol, as sfcapd */
		elen = nh == 51 ? ((size_t)p[pos + 1] + 2) * 4 : ((size_t)p[pos + 1] + 1) * 8;
		if (nh == 44 && left - pos >= 4)
			s->frag_off = ld_be16(p + pos + 2) >> 3;
		nh = p[pos];
		if (elen > left - pos)
			return;
		pos += elen;
	}
	s->proto = nh;
	if (s->frag_off)
		return;
	layer4(s, p + pos, left - pos);
}

/*
 * An MPLS label stack at h + *off: keep up to SFLOW_MAX_MPLS entries
 * (shifted right by 8, label/exp/bottom as nfdump stores them) and return
 * the ethertype of what the IP version nibble after the bottom says, or 0.
 */
static uint16_t mpls(struct sflow_sample *s, const uint8_t *h, size_t *off, size_t len)
{
	size_t pos = *off;
	unsigned n = 0;

	for (;;) {
		uint32_t entry;

		if (len - pos < 4)
			return 0;
		entry = ld_be32(h + pos);
		pos += 4;
		if (n < SFLOW_MAX_MPLS)
			s->mpls[n++] = entry >> 8;
		s->nmpls = n;
		if (entry & 0x100)
			break;	/* bottom of stack */
	}
	*off = pos;
	if (pos >= len)
		return 0;
	if (h[pos] >> 4 == 4)
		return ETH_IP4;
	if (h[pos] >> 4 == 6)
		return ETH_IP6;
	return 0;
}

/*
 * 802.3 length field: only LLC with SNAP OUI 0 (RFC 1042, ethertype
 * follows) or IP over 802.2 (SAP 0x06) can carry IP.  Returns the
 * ethertype and moves *off, or 0.
 */
static uint16_t llc(const uint8_t *h, size_t *off, size_t len)
{
	const uint8_t *p = h + *off;
	size_t left = len - *off;

	if (left < 3)
		return 0;
	if (p[0] == 0xaa && p[1] == 0xaa && p[2] == 0x03) {
		if (left < 8 || p[3] || p[4] || p[5])
			return 0;	/* vendor OUI: not decoded */
		*off += 8;
		return ld_be16(p + 6);
	}
	if (p[0] == 0x06 && p[1] == 0x06 && (p[2] & 0x01)) {
		*off += 3;
		return ETH_IP4;
	}
	return 0;
}

static void ethernet(struct sflow_sample *s, const uint8_t *h, size_t len)
{
	size_t off = ETH_HDR;
	uint16_t type;

	s->nmpls = 0;
	if (len < ETH_HDR)
		return;
	memcpy(s->dst_mac, h, 6);
	memcpy(s->src_mac, h + 6, 6);
	type = ld_be16(h + 12);
	while (is_vlan_tpid(type)) {
		if (len - off < 4)
			return;
		/* QinQ: the last (innermost, customer) tag wins, as in sfcapd */
		s->in_vlan = ld_be16(h + off) & 0x0fff;
		type = ld_be16(h + off + 2);
		off += 4;
	}
	if (len < IP4_HDR)
		return;	/* sfcapd's minimum for any further decode */
	if (type <= LLC_MAX_LEN)
		type = llc(h, &off, len);
	if (type == ETH_MPLS)
		type = mpls(s, h, &off, len);
	if (type == ETH_IP4) {
		if (len - off < IP4_HDR || h[off] >> 4 != 4 || (h[off] & 0x0f) < 5)
			return;
		ipv4(s, h, off, len);
	} else if (type == ETH_IP6) {
		if (off >= len || h[off] >> 4 != 6)
			return;
		ipv6(s, h, off, len);
	}
}

/* 802.11 data frames: source and destination MAC by the DS bits. */
static void wifi(struct sflow_sample *s, const uint8_t *h, size_t len)
{
	unsigned fc, to_ds, from_ds;
	const uint8_t *src, *dst;

	if (len < 24)
		return;
	fc = (unsigned)h[1] << 8 | h[0];	/* little-endian on the air */
	if (((fc >> 2) & 3) != 2)
		return;	/* management, control: no addresses kept */
	to_ds = (fc >> 8) & 1;
	from_ds = (fc >> 9) & 1;
	if (to_ds) {
		dst = h + 16;
		src = from_ds ? (len >= 30 ? h + 24 : NULL) : h + 10;
	} else {
		dst = h + 4;
		src = from_ds ? h + 16 : h + 10;
	}
	if (src)
		memcpy(s->src_mac, src, 6);
	memcpy(s->dst_mac, dst, 6);
}

void sflow_hdr_decode(struct sflow_sample *s, uint32_t header_protocol,
		      const uint8_t *h, size_t len)
{
	switch (header_protocol) {
	case SFLOW_HDR_ETHERNET:
		ethernet(s, h, len);
		break;
	case SFLOW_HDR_IPV4:
		ipv4(s, h, 0, len);
		break;
	case SFLOW_HDR_IPV6:
		ipv6(s, h, 0, len);
		break;
	case SFLOW_HDR_80211:
		wifi(s, h, len);
		break;
	default:	/* token ring, FDDI, PPP, ...: counted, not decoded */
		break;
	}
}
