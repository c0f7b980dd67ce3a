/*
 * fmt_tok.c - the token table (cli.md §3.3 headers, §3.5.1 csv names).
 * Adding a field to every fmt-based mode is adding a row here.
 */
#include <stddef.h>
#include <string.h>

#include "output/fmt_tok.h"
#include "util/banned.h"

#define F(m) (uint16_t)offsetof(struct flow_record, m), (uint8_t)sizeof(((struct flow_record *)0)->m)
/* A plain unsigned field of the record, right-aligned in w. */
#define U(n, h, h171, c, m, w, fl) { n, h, h171, c, v_uint, F(m), w, fl, 0 }
/* A token with its own value function and selector. */
#define S(n, h, h171, c, fn, sel, w, fl) { n, h, h171, c, fn, sel, 0, w, fl, 0 }

static const struct fmt_tok toks[] = {
	S("nfv", "Ver", NULL, "version", v_nfv, 0, 3, 0),
	S("cnt", "Count", NULL, "count", v_cnt, 0, 5, 0),
	S("idt", "Ident       ", NULL, "Ident", v_ident, 0, 12, TOK_ONLY178),
	S("eng", " engine", NULL, "engine", v_eng, 0, 7, 0),
	U("exp", "Exp ID", NULL, "exporterID", exporter_sysid, 6, 0),
	S("tfs", "Date first seen        ", NULL, "firstSeen", v_time, SEL_FIRST, 23, 0),
	S("ts", "Date first seen        ", NULL, "firstSeen", v_time, SEL_FIRST, 23, 0),
	S("tsr", "First seen raw", "Date first seen (raw)    ", "firstSeen", v_time_raw, SEL_FIRST, 14, 0),
	S("tsg", "First seen GMT         ", NULL, "firstSeen", v_time_gmt, SEL_FIRST, 23, TOK_ONLY178),
	S("te", "Date last seen         ", NULL, "lastSeen", v_time, SEL_LAST, 23, 0),
	S("ter", "Last seen raw ", "Date last seen (raw)     ", "lastSeen", v_time_raw, SEL_LAST, 14, 0),
	S("teg", "Last seen GMT          ", NULL, "lastSeen", v_time_gmt, SEL_LAST, 23, TOK_ONLY178),
	S("tr", "Date flow received     ", NULL, "received", v_time, SEL_RECV, 23, 0),
	S("trr", "Received raw  ", "Date flow received (raw)  ", "received", v_time_raw, SEL_RECV, 14, 0),
	S("trg", "Date flow received GMT ", NULL, "received", v_time_gmt, SEL_RECV, 23, TOK_ONLY178),
	S("td", "Duration        ", "    Duration    ", "duration", v_dur, 0, 16, 0),
	S("tds", "Duration        ", "    Duration    ", "duration", v_dur_s, 0, 16, 0),
	S("pkt", " Packets", NULL, "packets", v_scaled, SEL_IN_PKT, 8, 0),
	S("ipkt", "  In Pkt", NULL, "inPackets", v_scaled, SEL_IN_PKT, 8, 0),
	S("byt", "   Bytes", NULL, "bytes", v_scaled, SEL_IN_BYT, 8, 0),
	S("ibyt", " In Byte", NULL, "inBytes", v_scaled, SEL_IN_BYT, 8, 0),
	U("sp", "Src Pt", NULL, "srcPort", generic.src_port, 6, 0),
	S("dp", "Dst Pt", NULL, "dstPort", v_dp, 0, 6, 0),
	S("it", "ICMP-T", NULL, "icmpTYpe", v_icmp, SEL_TYPE, 6, 0),
	S("ic", "ICMP-C", NULL, "icmpCode", v_icmp, SEL_CODE, 6, 0),
	S("pr", "Proto", NULL, "proto", v_proto, 0, 5, 0),
	S("flg", "   Flags", NULL, "flags", v_flags, 0, 8, 0),
	U("fwd", "Fwd", NULL, "fwdStatus", generic.fwd_status, 3, 0),
	S("tos", " Tos", "Tos", "tos", v_tos, 0, 4, 0),
	U("stos", "STos", NULL, "srcTos", generic.src_tos, 4, 0),
	S("bps", "     bps", NULL, "bps", v_rate, SEL_BPS, 8, 0),
	S("pps", "     pps", NULL, "pps", v_rate, SEL_PPS, 8, 0),
	S("bpp", "   Bpp", NULL, "bpp", v_bpp, 0, 6, 0),
	S("sa", "     Src IP Addr", NULL, "srcAddr", v_addr, SEL_SRC, 16, TOK_ADDR),
	S("da", "     Dst IP Addr", NULL, "dstAddr", v_addr, SEL_DST, 16, TOK_ADDR),
	S("sap", "     Src IP Addr:Port ", NULL, NULL, v_addr_port, SEL_SRC, 16, TOK_ADDR | TOK_NOCSV),
	S("dap", "     Dst IP Addr:Port ", NULL, NULL, v_addr_port, SEL_DST, 16, TOK_ADDR | TOK_NOCSV),
	S("gsap", "     Src IP Addr(..):Port ", NULL, NULL, v_geo_addr_port, SEL_SRC, 16, TOK_ADDR | TOK_NOCSV),
	S("gdap", "     Dst IP Addr(..):Port ", NULL, NULL, v_geo_addr_port, SEL_DST, 16, TOK_ADDR | TOK_NOCSV),
	S("gsa", "     Src IP Addr(..)", NULL, NULL, v_geo_addr, SEL_SRC, 16, TOK_ADDR | TOK_NOCSV),
	S("gda", "     Dst IP Addr(..)", NULL, NULL, v_geo_addr, SEL_DST, 16, TOK_ADDR | TOK_NOCSV),
	U("in", " Input", NULL, "input", misc.input, 6, 0),
	U("out", "Output", NULL, "output", misc.output, 6, 0),
	U("smk", "SMask", NULL, "srcMask", misc.src_mask, 5, 0),
	U("dmk", "DMask", NULL, "dstMask", misc.dst_mask, 5, 0),
	S("dir", "Dir", NULL, "direction", v_dir, 0, 3, 0),
	U("dtos", "DTos", NULL, "dstTos", misc.dst_tos, 4, 0),
	U("bfd", "Bfd", NULL, "biDirection", misc.biflow_dir, 3, 0),
	U("end", "End", NULL, "endReason", misc.end_reason, 3, 0),
	S("sn", "        Src Network", NULL, "srcNet", v_net, SEL_SRC, 16, TOK_ADDR),
	S("dn", "        Dst Network", NULL, "dstNet", v_net, SEL_DST, 16, TOK_ADDR),
	S("inam", " Input interface name", NULL, "inIfName", v_ifname, SEL_IN, 21, 0),
	S("onam", "Output interface name", NULL, "outIfName", v_ifname, SEL_OUT, 21, 0),
	S("opkt", " Out Pkt", NULL, "outPackets", v_scaled, SEL_OUT_PKT, 8, 0),
	S("obyt", "Out Byte", NULL, "outBytes", v_scaled, SEL_OUT_BYT, 8, 0),
	S("fl", "Flows", NULL, "flows", v_flows, 0, 5, 0),
	U("svln", "SVlan", NULL, "srcVlan", vlan.src_vlan, 5, 0),
	U("dvln", "DVlan", NULL, "dstVlan", vlan.dst_vlan, 5, 0),
	U("sas", "Src AS", NULL, "srcAS", as.src_as, 6, 0),
	U("das", "Dst AS", NULL, "dstAS", as.dst_as, 6, 0),
	S("nhb", " BGP next-hop IP", NULL, "bgpNextIP", v_addr, SEL_NHB, 16, TOK_ADDR),
	S("nh", "     Next-hop IP", NULL, "nextIP", v_addr, SEL_NH, 16, TOK_ADDR),
	S("ra", "       Router IP", NULL, "routerIP", v_addr, SEL_RA, 16, TOK_ADDR),
	S("gra", "       Router IP(..)", NULL, NULL, v_geo_addr, SEL_RA, 16, TOK_ADDR | TOK_NOCSV | TOK_ONLY178 | TOK_NOLIST),
	S("mpls1", " MPLS lbl 1 ", NULL, "mplsLabel1", v_mpls, 0, 12, 0),
	S("mpls2", " MPLS lbl 2 ", NULL, "mplsLabel2", v_mpls, 1, 12, 0),
	S("mpls3", " MPLS lbl 3 ", NULL, "mplsLabel3", v_mpls, 2, 12, 0),
	S("mpls4", " MPLS lbl 4 ", NULL, "mplsLabel4", v_mpls, 3, 12, 0),
	S("mpls5", " MPLS lbl 5 ", NULL, "mplsLabel5", v_mpls, 4, 12, 0),
	S("mpls6", " MPLS lbl 6 ", NULL, "mplsLabel6", v_mpls, 5, 12, 0),
	S("mpls7", " MPLS lbl 7 ", NULL, "mplsLabel7", v_mpls, 6, 12, 0),
	S("mpls8", " MPLS lbl 8 ", NULL, "mplsLabel8", v_mpls, 7, 12, 0),
	S("mpls9", " MPLS lbl 9 ", NULL, "mplsLabel9", v_mpls, 8, 12, 0),
	S("mpls10", " MPLS lbl 10", NULL, "mplsLabel10", v_mpls, 9, 12, TOK_ONLY178),
	S("mpls", "                                               MPLS labels 1-10"
	  "                                                                   ", NULL,
	  "mplsLabel1-10", v_mpls_all, 0, 130, 0),
	S("ismc", "  In src MAC Addr", NULL, "inSrcMac", v_mac, 0, 17, 0),
	S("odmc", " Out dst MAC Addr", NULL, "outDstMac", v_mac, 1, 17, 0),
	S("idmc", "  In dst MAC Addr", NULL, "inDstMac", v_mac, 2, 17, 0),
	S("osmc", " Out src MAC Addr", NULL, "outSrcMac", v_mac, 3, 17, 0),
	{ "nas", "Next AS", NULL, "nextAS", v_uint_sp, F(as_adj.next_as), 6, 0, 0 },
	{ "pas", "Prev AS", NULL, "prevAS", v_uint_sp, F(as_adj.prev_as), 6, 0, 0 },
	S("cl", "C Latency", NULL, "clientLatency", v_latency, 0, 9, 0),
	S("sl", "S latency", NULL, "serverLatency", v_latency, 1, 9, 0),
	S("al", "A latency", NULL, "appLatency", v_latency, 2, 9, 0),
	S("tevt", "Event time             ", NULL, "eventTime", v_evt_time, SEL_NSEL_EVT, 23, 0),
	S("msec", "   Event Time", NULL, "eventTime", v_evt_msec, 0, 13, 0),
	S("evt", "   Event", " Event", "event", v_evt, 0, 8, 0),
	S("nevt", " Event", NULL, NULL, v_nat_evt, 0, 6, TOK_ONLY171),
	U("nfc", "   Conn-ID", NULL, "connectionID", nsel_common.conn_id, 10, 0),
	S("xevt", " XEvent", NULL, "xEvent", v_xevt, 0, 7, 0),
	S("xsa", "   X-late Src IP", NULL, "srcXIP", v_addr, SEL_XSRC, 16, 0),
	S("xda", "   X-late Dst IP", NULL, "dstXIP", v_addr, SEL_XDST, 16, 0),
	S("xsap", "   X-Src IP Addr:Port ", NULL, NULL, v_addr_port, SEL_XSRC, 16, TOK_ADDR | TOK_NOCSV),
	S("xdap", "   X-Dst IP Addr:Port ", NULL, NULL, v_addr_port, SEL_XDST, 16, TOK_ADDR | TOK_NOCSV),
	S("nsa", "   X-late Src IP", NULL, "srcXIP", v_addr, SEL_XSRC, 16, 0),
	S("nda", "   X-late Dst IP", NULL, "dstXIP", v_addr, SEL_XDST, 16, 0),
	S("nsap", "   X-Src IP Addr:Port ", NULL, NULL, v_addr_port, SEL_XSRC, 16, TOK_ADDR | TOK_NOCSV),
	S("ndap", "   X-Dst IP Addr:Port ", NULL, NULL, v_addr_port, SEL_XDST, 16, TOK_ADDR | TOK_NOCSV),
	U("xsp", "XsPort", NULL, "srcXPort", nat_xlate_port.src, 6, 0),
	U("xdp", "XdPort", NULL, "dstXPort", nat_xlate_port.dst, 6, 0),
	U("nsp", "XsPort", NULL, "srcXPort", nat_xlate_port.src, 6, 0),
	U("ndp", "XdPort", NULL, "dstXPort", nat_xlate_port.dst, 6, 0),
	S("iacl", "Ingress ACL                     ", NULL, "ingressACL", v_acl, 0, 32, 0),
	S("eacl", "Egress ACL                      ", NULL, "egressACL", v_acl, 1, 32, 0),
	S("uname", "UserName", NULL, "nselUser", v_user, 0, 8, 0),
	U("sgt", "  SGT  ", NULL, NULL, nsel_common.fill, 5, TOK_ONLY171),
	U("pbstart", "Pb-Start", NULL, "pbStart", nat_port_block.start, 7, 0),
	U("pbend", "Pb-End", NULL, "pbEnd", nat_port_block.end, 7, 0),
	U("pbstep", "Pb-Step", NULL, "pbStep", nat_port_block.step, 7, 0),
	U("pbsize", "Pb-Size", NULL, "pbSize", nat_port_block.size, 7, 0),
	S("nbid", "nbar ID", NULL, "nbarID", v_nbar_id, 0, 7, 0),
	S("nbnam", "nbar name", NULL, "nbarName", v_text, TXT_NOINFO, 9, 0),
	S("ipl", "Input Payload", NULL, NULL, v_payload, 0, 0, TOK_NOCSV),
	S("opl", "Output Payload", NULL, NULL, v_payload, 1, 0, TOK_NOCSV),
	{ "odid", "obsDomainID", NULL, "obsDomainID", v_hex, F(observation.domain_id), 9, 0, 0 },
	{ "opid", "  obsPointID", NULL, "obsPointID", v_hex, F(observation.point_id), 10, 0, 0 },
	U("vrf", "  I-VRF-ID", NULL, "ingressVrfID", vrf.ingress_vrf, 10, 0),
	U("ivrf", "  I-VRF-ID", NULL, "ingressVrfID", vrf.ingress_vrf, 10, 0),
	S("ivrfnam", "  I-VRF-Name", NULL, "ingressVrfName", v_text, TXT_BARE, 12, 0),
	U("evrf", "  E-VRF-ID", NULL, "egressVrfID", vrf.egress_vrf, 10, 0),
	S("evrfnam", "  E-VRF-Name", NULL, "egressVrfName", v_text, TXT_BARE, 12, 0),
	S("pfifn", "interface", NULL, "pfInterface", v_pf, 0, 9, TOK_ONLY178),
	S("pfact", "action", NULL, "pfAction", v_pf, 1, 6, TOK_ONLY178),
	S("pfrea", "reason", NULL, "pfReason", v_pf, 2, 6, TOK_ONLY178),
	S("pfdir", "dir", NULL, "pfDirection", v_pf, 3, 3, TOK_ONLY178),
	U("pfrule", "rule", NULL, "pfRule", pfinfo.rulenr, 4, TOK_ONLY178),
	{ "flid", "               flowID", NULL, "flowID", v_flow_id, F(flow_id.flow_id), 13, TOK_ONLY178, 0 },
	U("isid", " inSrvID", NULL, "inSrvID", nokia_nat.in_service_id, 8, TOK_ONLY178),
	U("osid", "outSrvID", NULL, "outSrvID", nokia_nat.out_service_id, 8, TOK_ONLY178),
	S("nats", "nat string", NULL, "natString", v_text, TXT_UNKNOWN, 10, TOK_ONLY178),
	S("ja3", "                                   ja3", "                             ja3",
	  "ja3", v_text, TXT_JA3, 38, 0),
	S("ja4", "                                   ja4", NULL, "ja4", v_text, TXT_JA4, 38, TOK_ONLY178),
	S("sni", "sni name", NULL, "sniName", v_text, TXT_SNI, 8, 0),
	S("tls", "TLS ver", NULL, "tlsVersion", v_text, TXT_ZERO, 7, TOK_ONLY178),
	S("sc", "SC", NULL, "srcGeo", v_text, TXT_DOTS, 2, 0),
	S("dc", "DC", NULL, "dstGeo", v_text, TXT_DOTS, 2, 0),
	S("sloc", "Src IP location info", NULL, "srcLocation", v_text, TXT_LOC, 20, 0),
	S("dloc", "Dst IP location info", "Src IP location info", "dstLocation", v_text, TXT_LOC, 20, 0),
	S("sasn", "Src AS organisation", NULL, "srcOrg", v_text, TXT_BARE, 30, TOK_ONLY178),
	S("dasn", "Dst AS organisation", NULL, "dstOrg", v_text, TXT_BARE, 30, TOK_ONLY178),
	S("stor", "STor", NULL, "srcTor", v_text, 0, 4, TOK_ONLY178),
	S("dtor", "DTor", NULL, "dstTor", v_text, 0, 4, TOK_ONLY178),
	S("lbl", "           label", NULL, "label", v_label, 0, 16, 0),
	S("ttl", "min/maxTTL", NULL, NULL, v_ttl, 0, 10, TOK_ONLY178 | TOK_NOCSV),
	U("minttl", "minTTL", NULL, "minTTL", ipinfo.min_ttl, 6, TOK_ONLY178),
	U("maxttl", "maxTTL", NULL, "maxTTL", ipinfo.max_ttl, 6, TOK_ONLY178),
	S("frag", "Frag", NULL, "Frag", v_frag, 0, 4, TOK_ONLY178),
	S("eth", "EtherType", NULL, "etherType", v_eth, 0, 9, TOK_ONLY178 | TOK_NOLIST),
	S("n", "", NULL, NULL, v_newline, 0, 0, TOK_NOCSV | TOK_NOLIST),
};

static int known(const struct fmt_tok *t, int dialect)
{
	if (dialect == DIALECT_171)
		return !(t->flags & TOK_ONLY178);
	return !(t->flags & TOK_ONLY171);
}

/* Longest match, as nfdump: "%tsr" is %tsr, not %ts followed by "r". */
const struct fmt_tok *fmt_tok_find(const char *s, size_t *len, int dialect)
{
	const struct fmt_tok *best = NULL;
	size_t bestlen = 0;

	for (size_t i = 0; i < sizeof(toks) / sizeof(toks[0]); i++) {
		size_t n = strlen(toks[i].name);

		if (n > bestlen && strncmp(s, toks[i].name, n) == 0 && known(&toks[i], dialect)) {
			best = &toks[i];
			bestlen = n;
		}
	}
	*len = bestlen;
	return best;
}

const char *fmt_tok_header(const struct fmt_tok *t, int dialect)
{
	if (dialect == DIALECT_171 && t->hdr171)
		return t->hdr171;
	return t->hdr;
}

/* 16 a line, "%n" last with its note, as 1.7.8 lists them. */
void fmt_tok_list(FILE *fp, int dialect)
{
	int n = 0;

	fputs("Available fmt format elements:\n", fp);
	for (size_t i = 0; i < sizeof(toks) / sizeof(toks[0]); i++) {
		if (!known(&toks[i], dialect) || (toks[i].flags & TOK_NOLIST))
			continue;
		fprintf(fp, "%%%s ", toks[i].name);
		if (++n % 16 == 0)
			fputc('\n', fp);
	}
	if (n % 16)
		fputc('\n', fp);
	fputs("%n - See also nfdump(1)\n", fp);
}
