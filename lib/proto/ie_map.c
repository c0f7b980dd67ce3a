/*
 * ie_map.c - which NetFlow v9 / IPFIX elements become which member of
 * struct flow_record: the mappings nfcapd 1.7.1 makes (netflow_v9.c and
 * ipfix.c translation maps), plus the time encodings it ignores (seconds,
 * NTP micro/nanoseconds, v9 ICMP type/code in IPFIX) because storing a
 * flow without times is worse than storing it with them.
 *
 * Only consulted when a template is compiled, so a linear scan is fine.
 */
#include <stddef.h>

#include "proto/tpl_int.h"
#include "util/banned.h"

#define OFF(m) (uint16_t)offsetof(struct flow_record, m)
#define SZ(m) (uint8_t)sizeof(((struct flow_record *)0)->m)
/* a member */
#define F(id, pr, ext, m) { id, pr, ext, OFF(m), SZ(m), ST_NONE, 0 }
/* a member and a stack slot */
#define FS(id, pr, ext, m, st) { id, pr, ext, OFF(m), SZ(m), st, 0 }
/* only a stack slot (ext: the element nfcapd still makes present) */
#define S(id, pr, ext, st) { id, pr, ext, 0, 0, st, 0 }
/* a byte string */
#define B(id, pr, ext, m) { id, pr, ext, OFF(m), 0, ST_NONE, 1 }

static const struct ie_map map[] = {
	F(1, IE_BOTH, EX_GENERIC, generic.in_bytes),
	F(2, IE_BOTH, EX_GENERIC, generic.in_packets),
	F(3, IE_BOTH, EX_CNT, cnt.flows),
	F(4, IE_BOTH, EX_GENERIC, generic.proto),
	F(5, IE_BOTH, EX_GENERIC, generic.src_tos),
	F(6, IE_BOTH, EX_GENERIC, generic.tcp_flags),
	F(7, IE_BOTH, EX_GENERIC, generic.src_port),
	F(8, IE_BOTH, EX_IPV4, ipv4.src),
	F(9, IE_BOTH, EX_MISC, misc.src_mask),
	F(10, IE_BOTH, EX_MISC, misc.input),
	F(11, IE_V9, EX_GENERIC, generic.dst_port),
	FS(11, IE_IPFIX, EX_GENERIC, generic.dst_port, ST_DSTPORT),
	F(12, IE_BOTH, EX_IPV4, ipv4.dst),
	F(13, IE_BOTH, EX_MISC, misc.dst_mask),
	F(14, IE_BOTH, EX_MISC, misc.output),
	F(15, IE_BOTH, EX_IP_NH4, ip_nh4.addr),
	F(16, IE_BOTH, EX_AS, as.src_as),
	F(17, IE_BOTH, EX_AS, as.dst_as),
	F(18, IE_BOTH, EX_BGP_NH4, bgp_nh4.addr),
	/* sysUptime times: v9 makes EXgenericFlow present with them, IPFIX does not */
	S(21, IE_V9, EX_GENERIC, ST_UP_LAST),
	S(22, IE_V9, EX_GENERIC, ST_UP_FIRST),
	S(21, IE_IPFIX, EX_NULL, ST_UP_LAST),
	S(22, IE_IPFIX, EX_NULL, ST_UP_FIRST),
	F(23, IE_BOTH, EX_CNT, cnt.out_bytes),
	F(24, IE_BOTH, EX_CNT, cnt.out_packets),
	F(27, IE_BOTH, EX_IPV6, ipv6.src),
	F(28, IE_BOTH, EX_IPV6, ipv6.dst),
	F(29, IE_BOTH, EX_MISC, misc.src_mask),
	F(30, IE_BOTH, EX_MISC, misc.dst_mask),
	S(32, IE_V9, EX_GENERIC, ST_ICMP),
	FS(32, IE_IPFIX, EX_GENERIC, generic.dst_port, ST_ICMP),
	S(38, IE_BOTH, EX_NULL, ST_ENGINE_TYPE),
	S(39, IE_BOTH, EX_NULL, ST_ENGINE_ID),
	S(48, IE_BOTH, EX_NULL, ST_SAMPLER),
	F(55, IE_BOTH, EX_MISC, misc.dst_tos),
	F(56, IE_BOTH, EX_MAC, mac.in_src),
	F(57, IE_BOTH, EX_MAC, mac.out_dst),
	F(58, IE_BOTH, EX_VLAN, vlan.src_vlan),
	F(59, IE_BOTH, EX_VLAN, vlan.dst_vlan),
	F(61, IE_BOTH, EX_MISC, misc.dir),
	F(62, IE_BOTH, EX_IP_NH6, ip_nh6.addr),
	F(63, IE_BOTH, EX_BGP_NH6, bgp_nh6.addr),
	F(70, IE_BOTH, EX_MPLS, mpls.label[0]),
	F(71, IE_BOTH, EX_MPLS, mpls.label[1]),
	F(72, IE_BOTH, EX_MPLS, mpls.label[2]),
	F(73, IE_BOTH, EX_MPLS, mpls.label[3]),
	F(74, IE_BOTH, EX_MPLS, mpls.label[4]),
	F(75, IE_BOTH, EX_MPLS, mpls.label[5]),
	F(76, IE_BOTH, EX_MPLS, mpls.label[6]),
	F(77, IE_BOTH, EX_MPLS, mpls.label[7]),
	F(78, IE_BOTH, EX_MPLS, mpls.label[8]),
	F(79, IE_BOTH, EX_MPLS, mpls.label[9]),
	F(80, IE_BOTH, EX_MAC, mac.in_dst),
	F(81, IE_BOTH, EX_MAC, mac.out_src),
	F(85, IE_BOTH, EX_GENERIC, generic.in_bytes),
	F(86, IE_BOTH, EX_GENERIC, generic.in_packets),
	F(89, IE_V9, EX_GENERIC, generic.fwd_status),
	B(95, IE_BOTH, EX_NBAR, nbar),
	F(128, IE_V9, EX_AS_ADJ, as_adj.next_as),
	F(129, IE_V9, EX_AS_ADJ, as_adj.prev_as),
	F(136, IE_IPFIX, EX_MISC, misc.end_reason),
	F(138, IE_IPFIX, EX_OBSERVATION, observation.point_id),
	FS(139, IE_IPFIX, EX_GENERIC, generic.dst_port, ST_ICMP),
	F(148, IE_V9, EX_NSEL_COMMON, nsel_common.conn_id),
	F(149, IE_IPFIX, EX_OBSERVATION, observation.domain_id),
	S(150, IE_BOTH, EX_GENERIC, ST_START_S),
	S(151, IE_BOTH, EX_GENERIC, ST_END_S),
	F(152, IE_BOTH, EX_GENERIC, generic.msec_first),
	F(153, IE_BOTH, EX_GENERIC, generic.msec_last),
	S(154, IE_BOTH, EX_GENERIC, ST_START_US),
	S(155, IE_BOTH, EX_GENERIC, ST_END_US),
	S(156, IE_BOTH, EX_GENERIC, ST_START_NS),
	S(157, IE_BOTH, EX_GENERIC, ST_END_NS),
	S(158, IE_IPFIX, EX_GENERIC, ST_START_DUS),
	S(159, IE_IPFIX, EX_GENERIC, ST_END_DUS),
	S(160, IE_BOTH, EX_NULL, ST_SYSINIT),
	S(161, IE_IPFIX, EX_NULL, ST_DURATION),
	F(171, IE_IPFIX, EX_CNT, cnt.out_bytes),
	F(172, IE_IPFIX, EX_CNT, cnt.out_packets),
	S(176, IE_BOTH, EX_GENERIC, ST_ICMP_TYPE),
	S(177, IE_BOTH, EX_GENERIC, ST_ICMP_CODE),
	S(178, IE_BOTH, EX_GENERIC, ST_ICMP_TYPE),
	S(179, IE_BOTH, EX_GENERIC, ST_ICMP_CODE),
	F(225, IE_BOTH, EX_NAT_XLATE4, nat_xlate4.src),
	F(226, IE_BOTH, EX_NAT_XLATE4, nat_xlate4.dst),
	F(227, IE_BOTH, EX_NAT_XLATE_PORT, nat_xlate_port.src),
	F(228, IE_BOTH, EX_NAT_XLATE_PORT, nat_xlate_port.dst),
	F(230, IE_BOTH, EX_NAT_COMMON, nat_common.event),
	F(231, IE_V9, EX_GENERIC, generic.in_bytes),
	F(232, IE_V9, EX_CNT, cnt.out_bytes),
	F(233, IE_V9, EX_NSEL_COMMON, nsel_common.fw_event),
	F(234, IE_BOTH, EX_VRF, vrf.ingress_vrf),
	F(235, IE_BOTH, EX_VRF, vrf.egress_vrf),
	F(239, IE_IPFIX, EX_MISC, misc.biflow_dir),
	F(243, IE_V9, EX_VLAN, vlan.src_vlan),
	F(254, IE_V9, EX_VLAN, vlan.dst_vlan),
	F(281, IE_V9, EX_NAT_XLATE6, nat_xlate6.src),
	F(282, IE_V9, EX_NAT_XLATE6, nat_xlate6.dst),
	F(283, IE_V9, EX_NAT_COMMON, nat_common.pool_id),
	F(298, IE_V9, EX_GENERIC, generic.in_packets),
	F(299, IE_V9, EX_CNT, cnt.out_packets),
	S(302, IE_BOTH, EX_NULL, ST_SAMPLER),
	S(323, IE_V9, EX_NULL, ST_EVENT_MS),
	FS(323, IE_IPFIX, EX_NAT_COMMON, nat_common.msec_event, ST_EVENT_MS),
	F(361, IE_V9, EX_NAT_PORT_BLOCK, nat_port_block.start),
	F(362, IE_V9, EX_NAT_PORT_BLOCK, nat_port_block.end),
	F(363, IE_V9, EX_NAT_PORT_BLOCK, nat_port_block.step),
	F(364, IE_V9, EX_NAT_PORT_BLOCK, nat_port_block.size),
	/* Cisco ASA NSEL (v9 only) */
	F(33000, IE_V9, EX_NSEL_ACL, nsel_acl.ingress),
	F(33001, IE_V9, EX_NSEL_ACL, nsel_acl.egress),
	F(33002, IE_V9, EX_NSEL_COMMON, nsel_common.fw_xevent),
	F(40000, IE_V9, EX_NSEL_USER, nsel_user.username),
	F(40001, IE_V9, EX_NAT_XLATE4, nat_xlate4.src),
	F(40002, IE_V9, EX_NAT_XLATE4, nat_xlate4.dst),
	F(40003, IE_V9, EX_NAT_XLATE_PORT, nat_xlate_port.src),
	F(40004, IE_V9, EX_NAT_XLATE_PORT, nat_xlate_port.dst),
	F(40005, IE_V9, EX_NSEL_COMMON, nsel_common.fw_event),
	/* nProbe latency (v9 only) */
	S(57554, IE_V9, EX_LATENCY, ST_LAT_CLIENT_S),
	F(57555, IE_V9, EX_LATENCY, latency.client_usec),
	S(57556, IE_V9, EX_LATENCY, ST_LAT_SERVER_S),
	F(57557, IE_V9, EX_LATENCY, latency.server_usec),
	S(57558, IE_V9, EX_LATENCY, ST_LAT_APPL_S),
	F(57559, IE_V9, EX_LATENCY, latency.appl_usec),
};

/* YAF (PEN 6871) payload elements, IPFIX only. */
static const struct ie_map yaf_payload[] = {
	B(18, IE_IPFIX, EX_IN_PAYLOAD, in_payload),
	B(16402, IE_IPFIX, EX_OUT_PAYLOAD, out_payload),
};

#define PEN_REVERSE 29305	/* RFC 5103 reverse information elements */
#define PEN_YAF 6871

/* A reverse counter is the out counter of the same flow (RFC 5103 §6.1). */
static uint16_t reverse_id(uint16_t id)
{
	switch (id) {
	case 1: return 23;
	case 2: return 24;
	case 85: return 171;
	case 86: return 172;
	}
	return 0;
}

const struct ie_map *ie_lookup(uint16_t id, uint32_t pen, enum ie_proto proto)
{
	if (pen == PEN_YAF && proto == IE_IPFIX) {
		for (size_t i = 0; i < sizeof(yaf_payload) / sizeof(yaf_payload[0]); i++)
			if (yaf_payload[i].id == id)
				return &yaf_payload[i];
		return NULL;
	}
	if (pen == PEN_REVERSE) {
		id = reverse_id(id);
		if (!id)
			return NULL;
		/* v9 knows no post total counts: map them as nfcapd's v9 table does */
		if (proto == IE_V9 && id > 24)
			return NULL;
	} else if (pen) {
		return NULL;
	}
	for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (map[i].id == id && (map[i].proto & proto))
			return &map[i];
	return NULL;
}
