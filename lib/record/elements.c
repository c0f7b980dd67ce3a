/*
 * The element table: for every V3 extension id its name, fixed data length,
 * the member of struct flow_record that holds it, and the widths of its
 * fields (used to byte-swap on big-endian hosts and checked by the unit
 * tests against the member size).
 */
#include <stddef.h>

#include "record/record.h"

#define M(member) offsetof(struct flow_record, member), \
	sizeof(((struct flow_record *)0)->member)
#define V(member) offsetof(struct flow_record, member)
#define FIXED(id, name, len, member, layout) \
	[id] = { name, len, M(member), -1, layout }
#define VARLEN(id, name, len, member, var, layout) \
	[id] = { name, len, M(member), V(var), layout }
#define ONLYVAR(id, name, var) \
	[id] = { name, 0, 0, 0, V(var), "" }

/*
 * Layout strings: one digit per field, its width in bytes; '1'-bytes and
 * fill may be grouped.  "8888822 1111" = five u64, two u16, four u8.
 * Spaces are ignored.
 */
const struct flow_ext_info flow_ext_table[EX_MAX] = {
	FIXED(EX_GENERIC, "EXgenericFlow", 48, generic, "88888 22 1111"),
	FIXED(EX_IPV4, "EXipv4Flow", 8, ipv4, "44"),
	FIXED(EX_IPV6, "EXipv6Flow", 32, ipv6, "8888"),
	FIXED(EX_MISC, "EXflowMisc", 16, misc, "44 11111111"),
	FIXED(EX_CNT, "EXcntFlow", 24, cnt, "888"),
	FIXED(EX_VLAN, "EXvLan", 8, vlan, "44"),
	FIXED(EX_AS, "EXasRouting", 8, as, "44"),
	FIXED(EX_BGP_NH4, "EXbgpNextHopV4", 4, bgp_nh4, "4"),
	FIXED(EX_BGP_NH6, "EXbgpNextHopV6", 16, bgp_nh6, "88"),
	FIXED(EX_IP_NH4, "EXipNextHopV4", 4, ip_nh4, "4"),
	FIXED(EX_IP_NH6, "EXipNextHopV6", 16, ip_nh6, "88"),
	FIXED(EX_RECV4, "EXipReceivedV4", 4, recv4, "4"),
	FIXED(EX_RECV6, "EXipReceivedV6", 16, recv6, "88"),
	FIXED(EX_MPLS, "EXmplsLabel", 40, mpls, "4444444444"),
	FIXED(EX_MAC, "EXmacAddr", 32, mac, "8888"),
	FIXED(EX_AS_ADJ, "EXasAdjacent", 8, as_adj, "44"),
	FIXED(EX_LATENCY, "EXlatency", 24, latency, "888"),
	FIXED(EX_SAMPLER, "EXsamplerInfo", 16, sampler, "8224"),
	FIXED(EX_NSEL_COMMON, "EXnselCommon", 16, nsel_common, "84211"),
	FIXED(EX_NAT_XLATE4, "EXnatXlateIPv4", 8, nat_xlate4, "44"),
	FIXED(EX_NAT_XLATE6, "EXnatXlateIPv6", 32, nat_xlate6, "8888"),
	FIXED(EX_NAT_XLATE_PORT, "EXnatXlatePort", 4, nat_xlate_port, "22"),
	/* ACL ids are stored in network order: never swapped. */
	FIXED(EX_NSEL_ACL, "EXnselAcl", 24, nsel_acl, "111111111111111111111111"),
	FIXED(EX_NSEL_USER, "EXnselUser", 68, nsel_user, ""),
	FIXED(EX_NAT_COMMON, "EXnatCommon", 16, nat_common, "84112"),
	FIXED(EX_NAT_PORT_BLOCK, "EXnatPortBlock", 8, nat_port_block, "2222"),
	ONLYVAR(EX_NBAR, "EXnbarApp", nbar),
	ONLYVAR(EX_LABEL, "EXlabel", label),
	ONLYVAR(EX_IN_PAYLOAD, "EXinPayload", in_payload),
	ONLYVAR(EX_OUT_PAYLOAD, "EXoutPayload", out_payload),
	FIXED(EX_TUN4, "EXtunIPv4", 12, tun4, "444"),
	FIXED(EX_TUN6, "EXtunIPv6", 40, tun6, "888844"),
	FIXED(EX_OBSERVATION, "EXobservation", 16, observation, "844"),
	FIXED(EX_INMON_META, "EXinmonMeta", 4, inmon_meta, "22"),
	ONLYVAR(EX_INMON_FRAME, "EXinmonFrame", inmon_frame),
	FIXED(EX_VRF, "EXvrf", 8, vrf, "44"),
	VARLEN(EX_PFINFO, "EXpfinfo", 20, pfinfo, pf_ifname, "1111 4444"),
	FIXED(EX_LAYER2, "EXlayer2", 32, layer2, "2222 44 8 2 111111"),
	FIXED(EX_FLOW_ID, "EXflowId", 8, flow_id, "8"),
	FIXED(EX_NOKIA_NAT, "EXnokiaNat", 4, nokia_nat, "22"),
	/* string, then 4 zero bytes: the whole tail is the variable part */
	ONLYVAR(EX_NOKIA_NAT_STRING, "EXnokiaNatString", nokia_nat_string),
	FIXED(EX_IPINFO, "EXipInfo", 4, ipinfo, "1111"),
};

_Static_assert(sizeof(struct ex_generic) == 48, "EXgenericFlow layout");
_Static_assert(sizeof(struct ex_misc) == 16, "EXflowMisc layout");
_Static_assert(sizeof(struct ex_sampler) == 16, "EXsamplerInfo layout");
_Static_assert(sizeof(struct ex_nsel_user) == 68, "EXnselUser layout");
_Static_assert(sizeof(struct ex_tun6) == 40, "EXtunIPv6 layout");
_Static_assert(sizeof(struct ex_layer2) == 32, "EXlayer2 layout");
_Static_assert(sizeof(struct ex_pfinfo) == 20, "EXpfinfo layout");
_Static_assert(sizeof(struct ex_observation) == 16, "EXobservation layout");
