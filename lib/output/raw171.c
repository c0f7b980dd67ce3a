/*
 * raw171.c - "-o raw" as Debian nfdump 1.7.1 prints it (cli.md §3.8):
 * line helpers, the record header, the address and counter elements.
 * The other elements are in raw171_ext.c.
 *
 * One function per element id in elem171[]; the record is printed by
 * walking its elements in ascending id order, which is the order 1.7.1
 * sorts them into.  Elements 1.7.1 reads but never prints (sampler,
 * inmon, tunnel on its own) have no entry.
 *
 * 1.7.1 first expands a record into one flat "master record" in which
 * some elements share fields; where that shows in the text it is copied
 * here and commented (dst tos, fwd status, v4/v6 overlays, events).
 */
#include <string.h>

#include "output/raw171.h"
#include "util/banned.h"

/* --- line helpers (raw171.h) --- */

void raw_label(struct obuf *ob, const char *label)
{
	size_t n = strlen(label);

	ob_write(ob, "  ", 2);
	ob_write(ob, label, n);
	if (n < 12)
		ob_spaces(ob, (unsigned)(12 - n));
	/* 1.7.8 right-aligns every value one column further. */
	ob_write(ob, " =  ", ob->wide ? 4 : 3);
}

void raw_num(struct obuf *ob, const char *label, uint64_t v, unsigned w)
{
	raw_label(ob, label);
	ob_spaces(ob, RAW171_WIDTH - w);
	ob_u64(ob, v, w);
	ob_putc(ob, '\n');
}

void raw_text(struct obuf *ob, const char *label, const char *s)
{
	size_t n = strlen(s);

	raw_label(ob, label);
	ob_spaces(ob, n < 16 ? (unsigned)(17 - n) : 1);
	ob_write(ob, s, n);
	ob_putc(ob, '\n');
}

static void raw_stamp_text(struct obuf *ob, const char *label, uint64_t msec,
			   const char *date)
{
	raw_label(ob, label);
	ob_spaces(ob, 4);
	ob_u64(ob, msec, 13);
	ob_write(ob, " [", 2);
	ob_puts(ob, date);
	ob_putc(ob, '.');
	ob_ms3(ob, (unsigned)(msec % 1000));
	ob_write(ob, "]\n", 2);
}

void raw_stamp(struct raw_ctx *c, const char *label, uint64_t msec, struct fmt_tcache *tc)
{
	time_t sec = (time_t)(msec / 1000);

	raw_stamp_text(c->ob, label, msec, sec ? fmt_localtime(tc, sec) : "<unknown>");
}

/* "0x1b text": 0x plus two hex digits after 13 spaces. */
static void raw_hex8(struct obuf *ob, const char *label, unsigned v, const char *text)
{
	static const char hex[] = "0123456789abcdef";
	char h[4] = { '0', 'x', hex[v >> 4 & 15], hex[v & 15] };

	raw_label(ob, label);
	ob_spaces(ob, 13);
	ob_write(ob, h, 4);
	ob_putc(ob, ' ');
	ob_puts(ob, text);
	ob_putc(ob, '\n');
}

/* "  6 TCP": a %3u number and its name. */
static void raw_proto(struct obuf *ob, const char *label, uint32_t proto)
{
	char buf[16];

	raw_label(ob, label);
	ob_spaces(ob, 14);
	ob_u64(ob, proto, 3);
	ob_putc(ob, ' ');
	ob_puts(ob, fmt_proto(buf, (uint8_t)proto));
	ob_putc(ob, '\n');
}

/*
 * 1.7.1 keeps each address kind in one 128-bit slot; a v4 element writes
 * the slot's low word, a v6 element the whole slot, in on-disk order.
 * No collector writes both; for a record that has both we assume
 * ascending order (as our writer writes), so the v4 line shows the v6
 * address's low 32 bits.
 */
static uint32_t v4_slot(const struct flow_record *r, enum flow_ext v6, uint32_t v4,
			const struct flow_ip6 *a6)
{
	return flow_has(r, v6) ? (uint32_t)a6->lo : v4;
}

static void raw_ip4(struct obuf *ob, const char *label, uint32_t a)
{
	char s[FMT_IP_LEN];

	fmt_ip4(s, a);
	raw_text(ob, label, s);
}

static void raw_ip6(struct obuf *ob, const char *label, const struct flow_ip6 *a)
{
	char s[FMT_IP_LEN];

	fmt_ip6(s, a);
	raw_text(ob, label, s);
}

/* --- record header --- */

static const char *flow_type(const struct flow_record *r, char version[8])
{
	version[0] = '\0';
	if (r->flags & V3_FLAG_EVENT)
		return "EVENT";
	if (r->nfversion == 0)
		return "FLOW";		/* records converted from older files */
	snprintf(version, 8, " v%u", r->nfversion & 0x0f);
	if (r->nfversion & 0x80)
		return "SFLOW";
	return r->nfversion & 0x40 ? "PCAP" : "NETFLOW";
}

/*
 * The ids 1.7.1 lists.  For a 1.7.0 EXnatCommon (which carried the VRFs)
 * 1.7.1 inserts EXvrf, even when both VRFs are 0.
 */
static uint64_t listed_elements(const struct flow_record *r)
{
	uint64_t ids = r->present & ((1ULL << EX_MAX) - 1) & ~1ULL;

	if (r->nat_common_is_170)
		ids |= 1ULL << EX_VRF;
	return ids;
}

/* Size 1.7.1 reports: the on-disk size (1.7.0 EXnatCommon is 8 bytes longer). */
static unsigned record_size(const struct flow_record *r)
{
	size_t size = flow_record_v3_size(r);

	if (r->nat_common_is_170)
		size = size + 8 - (flow_has(r, EX_VRF) ? 12 : 0);
	return (unsigned)size;
}

static void raw_elements_line(struct obuf *ob, uint64_t ids)
{
	raw_label(ob, "Elements");
	ob_spaces(ob, 12);
	ob_u64(ob, (uint64_t)__builtin_popcountll(ids), 5);
	ob_write(ob, ": ", 2);
	while (ids) {
		ob_u64(ob, (uint64_t)__builtin_ctzll(ids), 0);
		ob_putc(ob, ' ');
		ids &= ids - 1;
	}
	ob_putc(ob, '\n');
}

/* 1.7.1 keeps the label without its last byte (it puts the NUL there). */
static void raw_label_line(struct obuf *ob, const struct flow_bytes *label)
{
	char s[256];
	size_t n = label->len ? label->len - 1u : 0;

	if (!label->len)
		return;
	if (n >= sizeof(s))
		n = sizeof(s) - 1;
	memcpy(s, label->ptr, n);
	s[n] = '\0';
	raw_text(ob, "Label", s);
}

static void raw_header(struct raw_ctx *c, uint64_t seq)
{
	const struct flow_record *r = c->r;
	struct obuf *ob = c->ob;
	char version[8];
	const char *type = flow_type(r, version);

	ob_puts(ob, "\nFlow Record: \n");
	/* 1.7.1 counts in 32 bits and omits the line for 0. */
	if ((uint32_t)seq)
		raw_num(ob, "RecordCount", (uint32_t)seq, 5);
	if (c->p->opts.dialect == DIALECT_178)
		raw_text(ob, "Ident", c->p->ident ? c->p->ident : "<no ident>");
	raw_label(ob, "Flags");
	ob_printf(ob, "             0x%.2x %s%s%s, %s\n", r->flags, type, version,
		  r->flags & V3_FLAG_ANON ? " Anonymized" : "",
		  r->flags & V3_FLAG_SAMPLED ? "Sampled" : "Unsampled");
	raw_elements_line(ob, listed_elements(r));
	raw_num(ob, "size", record_size(r), 5);
	raw_num(ob, "engine type", r->engine_type, 5);
	raw_num(ob, "engine ID", r->engine_id, 5);
	raw_num(ob, "export sysid", r->exporter_sysid, 5);
	if (flow_has(r, EX_LABEL))
		raw_label_line(ob, &r->label);
}

/* --- flow elements --- */

static void raw_generic(struct raw_ctx *c)
{
	const struct ex_generic *g = &c->r->generic;
	struct obuf *ob = c->ob;
	char flags[9];
	uint8_t tcp = g->proto == 6 ? g->tcp_flags : 0;

	raw_stamp(c, "first", g->msec_first, &c->p->tfirst);
	raw_stamp(c, "last", g->msec_last, &c->p->tlast);
	/* received: 1.7.1 tests the ms value, not the second, for "0". */
	if (g->msec_received)
		raw_stamp_text(ob, "received at", g->msec_received,
			       fmt_localtime(&c->p->tother, (time_t)(g->msec_received / 1000)));
	else
		raw_stamp_text(ob, "received at", 0, "0");
	raw_proto(ob, "proto", g->proto);
	fmt_tcp_flags(flags, tcp);
	raw_hex8(ob, "tcp flags", tcp, flags);
	if (g->proto == 1 || g->proto == 58) {
		raw_label(ob, "ICMP");
		ob_printf(ob, "             %2u.%-2u type.code\n",
			  g->dst_port >> 8, g->dst_port & 0xff);
	} else {
		raw_num(ob, "src port", g->src_port, 5);
		raw_num(ob, "dst port", g->dst_port, 5);
		raw_num(ob, "src tos", g->src_tos, 3);
		if (ob->wide)	/* 1.7.8 moved it here from the misc lines */
			raw_num(ob, "fwd status", g->fwd_status, 3);
	}
	raw_num(ob, "in packets", g->in_packets, 10);
	raw_num(ob, "in bytes", g->in_bytes, 10);
}

/* Tunnel lines lead the address lines; the v6 tunnel wins over v4. */
static void raw_tunnel(struct raw_ctx *c)
{
	const struct flow_record *r = c->r;

	if (flow_has(r, EX_TUN6)) {
		raw_proto(c->ob, "tun proto", r->tun6.proto);
		raw_ip6(c->ob, "tun src addr", &r->tun6.src);
		raw_ip6(c->ob, "tun dst addr", &r->tun6.dst);
	} else if (flow_has(r, EX_TUN4)) {
		raw_proto(c->ob, "tun proto", r->tun4.proto);
		raw_ip4(c->ob, "tun src addr", r->tun4.src);
		raw_ip4(c->ob, "tun dst addr", r->tun4.dst);
	}
}

static void raw_ipv4(struct raw_ctx *c)
{
	const struct flow_record *r = c->r;

	raw_tunnel(c);
	raw_ip4(c->ob, "src addr", v4_slot(r, EX_IPV6, r->ipv4.src, &r->ipv6.src));
	raw_ip4(c->ob, "dst addr", v4_slot(r, EX_IPV6, r->ipv4.dst, &r->ipv6.dst));
}

static void raw_ipv6(struct raw_ctx *c)
{
	raw_tunnel(c);
	raw_ip6(c->ob, "src addr", &c->r->ipv6.src);
	raw_ip6(c->ob, "dst addr", &c->r->ipv6.dst);
}

static void raw_mask(struct obuf *ob, const char *label, unsigned mask, const char *net)
{
	raw_label(ob, label);
	ob_spaces(ob, 12);
	ob_u64(ob, mask, 5);
	ob_putc(ob, ' ');
	ob_puts(ob, net);
	ob_putc(ob, '/');
	ob_u64(ob, mask, 0);
	ob_putc(ob, '\n');
}

/*
 * 1.7.1 prints fwd status (from EXgenericFlow) here, and for "dst tos"
 * the *source* tos: the master record's tos field, not dst_tos.
 */
static void raw_misc(struct raw_ctx *c)
{
	const struct flow_record *r = c->r;
	const struct ex_misc *m = &r->misc;
	struct obuf *ob = c->ob;
	char snet[FMT_IP_LEN], dnet[FMT_IP_LEN];

	if (flow_has(r, EX_IPV6)) {
		fmt_ip6_net(snet, &r->ipv6.src, m->src_mask);
		fmt_ip6_net(dnet, &r->ipv6.dst, m->dst_mask);
	} else {
		fmt_ip4_net(snet, r->ipv4.src, m->src_mask);
		fmt_ip4_net(dnet, r->ipv4.dst, m->dst_mask);
	}
	raw_num(ob, "input", m->input, 8);
	raw_num(ob, "output", m->output, 8);
	raw_mask(ob, "src mask", m->src_mask, snet);
	raw_mask(ob, "dst mask", m->dst_mask, dnet);
	if (!ob->wide)
		raw_num(ob, "fwd status", r->generic.fwd_status, 3);
	/* 1.7.1 prints the src tos here; 1.7.8 the dst tos */
	raw_num(ob, "dst tos", ob->wide ? m->dst_tos : r->generic.src_tos, 3);
	raw_num(ob, "direction", m->dir, 3);
	raw_hex8(ob, "biFlow Dir", m->biflow_dir, fmt_biflow(m->biflow_dir));
	raw_hex8(ob, "end reason", m->end_reason, fmt_end_reason(m->end_reason));
}

/* aggr flows: 1.7.1 counts an absent or 0 flow count as 1. */
static void raw_cnt(struct raw_ctx *c)
{
	const struct ex_cnt *n = &c->r->cnt;

	raw_num(c->ob, "out packets", n->out_packets, 10);
	raw_num(c->ob, "out bytes", n->out_bytes, 10);
	raw_num(c->ob, "aggr flows", n->flows ? n->flows : 1, 10);
}

/* 1.7.1 holds VLAN ids in 16 bits. */
static void raw_vlan(struct raw_ctx *c)
{
	raw_num(c->ob, "src vlan", (uint16_t)c->r->vlan.src_vlan, 5);
	raw_num(c->ob, "dst vlan", (uint16_t)c->r->vlan.dst_vlan, 5);
}

static void raw_as(struct raw_ctx *c)
{
	raw_num(c->ob, "src as", c->r->as.src_as, 5);
	raw_num(c->ob, "dst as", c->r->as.dst_as, 5);
}

static void raw_bgp_nh4(struct raw_ctx *c)
{
	const struct flow_record *r = c->r;

	raw_ip4(c->ob, "bgp next hop", v4_slot(r, EX_BGP_NH6, r->bgp_nh4.addr, &r->bgp_nh6.addr));
}

static void raw_bgp_nh6(struct raw_ctx *c)
{
	raw_ip6(c->ob, "bgp next hop", &c->r->bgp_nh6.addr);
}

static void raw_ip_nh4(struct raw_ctx *c)
{
	const struct flow_record *r = c->r;

	raw_ip4(c->ob, "ip next hop", v4_slot(r, EX_IP_NH6, r->ip_nh4.addr, &r->ip_nh6.addr));
}

static void raw_ip_nh6(struct raw_ctx *c)
{
	raw_ip6(c->ob, "ip next hop", &c->r->ip_nh6.addr);
}

static void raw_recv4(struct raw_ctx *c)
{
	const struct flow_record *r = c->r;

	raw_ip4(c->ob, "ip exporter", v4_slot(r, EX_RECV6, r->recv4.addr, &r->recv6.addr));
}

static void raw_recv6(struct raw_ctx *c)
{
	raw_ip6(c->ob, "ip exporter", &c->r->recv6.addr);
}

static raw_elem_fn *const elem171[EX_MAX] = {
	[EX_GENERIC] = raw_generic,
	[EX_IPV4] = raw_ipv4,
	[EX_IPV6] = raw_ipv6,
	[EX_MISC] = raw_misc,
	[EX_CNT] = raw_cnt,
	[EX_VLAN] = raw_vlan,
	[EX_AS] = raw_as,
	[EX_BGP_NH4] = raw_bgp_nh4,
	[EX_BGP_NH6] = raw_bgp_nh6,
	[EX_IP_NH4] = raw_ip_nh4,
	[EX_IP_NH6] = raw_ip_nh6,
	[EX_RECV4] = raw_recv4,
	[EX_RECV6] = raw_recv6,
	[EX_MPLS] = raw_mpls,
	[EX_MAC] = raw_mac,
	[EX_AS_ADJ] = raw_as_adj,
	[EX_LATENCY] = raw_latency,
	[EX_NSEL_COMMON] = raw_nsel_common,
	[EX_NAT_XLATE4] = raw_nat_xlate4,
	[EX_NAT_XLATE6] = raw_nat_xlate6,
	[EX_NAT_XLATE_PORT] = raw_nat_xlate_port,
	[EX_NSEL_ACL] = raw_nsel_acl,
	[EX_NSEL_USER] = raw_nsel_user,
	[EX_NAT_COMMON] = raw_nat_common,
	[EX_NAT_PORT_BLOCK] = raw_nat_port_block,
	[EX_NBAR] = raw_nbar,
	[EX_IN_PAYLOAD] = raw_in_payload,
	[EX_OUT_PAYLOAD] = raw_out_payload,
	[EX_OBSERVATION] = raw_observation,
	[EX_VRF] = raw_vrf,
	[EX_PFINFO] = raw_pfinfo,
	/* 1.7.1 cannot know these; printed as 1.7.8 does, 17 wide. */
	[EX_LAYER2] = raw_layer2,
	[EX_FLOW_ID] = raw_flow_id,
	[EX_NOKIA_NAT] = raw_nokia_nat,
	[EX_NOKIA_NAT_STRING] = raw_nokia_nat_string,
	[EX_IPINFO] = raw_ipinfo,
};

void raw171_record(struct flow_printer *p, const struct flow_record *r, uint64_t seq)
{
	struct raw_ctx c = { .ob = &p->ob, .r = r, .p = p };
	uint64_t ids = listed_elements(r);

	raw_header(&c, seq);
	while (ids) {
		unsigned id = (unsigned)__builtin_ctzll(ids);

		ids &= ids - 1;
		if (elem171[id])
			elem171[id](&c);
	}
}

/* 1.7.8 prints no footer after raw records. */
void raw171_end(struct flow_printer *p, const struct flow_summary *s)
{
	summary_no_match(&p->ob, s);
	if (!p->opts.quiet && p->opts.dialect == DIALECT_171)
		summary_footer171(&p->ob, s, p->opts.plain_numbers);
}
