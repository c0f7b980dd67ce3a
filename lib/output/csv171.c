/*
 * csv171.c - "-o csv" as nfdump 1.6/1.7.1 prints it: 48 fixed columns
 * (cli.md §3.5.2), then the "Summary" trailer.
 *
 * Absent elements print as zeros ("a missing field counts as 0").  The
 * quirks of 1.7.1 kept here, each commented where it happens: a tunnelled
 * flow is preceded by a line for the tunnel, tcp flags are not masked for
 * non-TCP, and the BGP next hop column of an IPv6 BGP next hop shows the
 * IP next hop slot.
 */
#include <string.h>

#include "output/output_int.h"
#include "util/banned.h"

static const char csv171_header[] =
	"ts,te,td,sa,da,sp,dp,pr,flg,fwd,stos,ipkt,ibyt,opkt,obyt,in,out,sas,das,"
	"smk,dmk,dtos,dir,nh,nhb,svln,dvln,ismc,odmc,idmc,osmc,mpls1,mpls2,mpls3,"
	"mpls4,mpls5,mpls6,mpls7,mpls8,mpls9,mpls10,cl,sl,al,ra,eng,exid,tr\n";

/* ",digits" with one room check: most of the 48 columns are numbers. */
static inline void col_u64(struct obuf *ob, uint64_t v)
{
	size_t n = fmt_u64_len(v);

	if (ob->cap - ob->len < 22) {
		ob_putc(ob, ',');
		ob_u64(ob, v, 0);
		return;
	}
	ob->buf[ob->len] = ',';
	fmt_u64_put(ob->buf + ob->len + 1, v, n);
	ob->len += n + 1;
}

static void col_strn(struct obuf *ob, const char *s, size_t n)
{
	ob_putc(ob, ',');
	ob_write(ob, s, n);
}

static void col_str(struct obuf *ob, const char *s)
{
	col_strn(ob, s, strlen(s));
}

static void col_ip4(struct obuf *ob, uint32_t a)
{
	char s[FMT_IP_LEN];

	col_strn(ob, s, fmt_ip4_len(s, a));
}

static void col_ip6(struct obuf *ob, const struct flow_ip6 *a)
{
	char s[FMT_IP_LEN];

	fmt_ip6(s, a);
	col_str(ob, s);
}

/* An address column of a v4/v6 element pair; v6 wins as in raw171.c. */
static void col_addr(struct obuf *ob, const struct flow_record *r, enum flow_ext v6,
		     const struct flow_ip6 *a6, uint32_t a4)
{
	if (flow_has(r, v6))
		col_ip6(ob, a6);
	else
		col_ip4(ob, a4);
}

/*
 * The BGP next hop column.  For an IPv6 BGP next hop 1.7.1 formats the IP
 * next hop's slot instead; when that slot holds an IPv4 address it has
 * been byte-swapped to network order in place, so it reads as the bytes
 * 0:0:0:0:a.b:c.d:0:0.
 */
static void col_bgp_nh(struct obuf *ob, const struct flow_record *r)
{
	struct flow_ip6 slot = { 0, 0 };
	uint32_t v4 = r->ip_nh4.addr;

	if (!flow_has(r, EX_BGP_NH6)) {
		col_ip4(ob, r->bgp_nh4.addr);
		return;
	}
	if (flow_has(r, EX_IP_NH6)) {
		col_ip6(ob, &r->ip_nh6.addr);
		return;
	}
	/* Bytes 8..15 of the slot: the v4 address, then four zero bytes. */
	slot.lo = (uint64_t)v4 << 32;
	col_ip6(ob, &slot);
}

static void col_time(struct obuf *ob, struct fmt_tcache *tc, uint64_t msec)
{
	ob_puts(ob, fmt_localtime(tc, (time_t)(msec / 1000)));
}

/* ts,te,td,sa,da,sp,dp,pr,flg,fwd,stos,ipkt,ibyt,opkt,obyt */
static void csv_flow_cols(struct flow_printer *p, const struct flow_record *r,
			  int v6, const struct flow_ip6 *src6, const struct flow_ip6 *dst6,
			  uint32_t src4, uint32_t dst4)
{
	const struct ex_generic *g = &r->generic;
	struct obuf *ob = &p->ob;
	char buf[16], flags[9];

	col_time(ob, &p->tfirst, g->msec_first);
	ob_putc(ob, ',');
	col_time(ob, &p->tlast, g->msec_last);
	/* Unsigned difference, as 1.7.1: last < first prints a huge value. */
	ob_putc(ob, ',');
	ob_msec(ob, g->msec_last - g->msec_first, 0);
	if (v6) {
		col_ip6(ob, src6);
		col_ip6(ob, dst6);
	} else {
		col_ip4(ob, src4);
		col_ip4(ob, dst4);
	}
	col_u64(ob, g->src_port);
	col_u64(ob, g->dst_port);		/* ICMP: type * 256 + code */
	col_str(ob, fmt_proto(buf, g->proto));
	fmt_tcp_flags(flags, g->tcp_flags);	/* not masked for non-TCP */
	col_str(ob, flags);
	col_u64(ob, g->fwd_status);
	col_u64(ob, g->src_tos);
	col_u64(ob, g->in_packets);
	col_u64(ob, g->in_bytes);
	col_u64(ob, r->cnt.out_packets);
	col_u64(ob, r->cnt.out_bytes);
}

/* in,out,sas,das,smk,dmk,dtos,dir,nh,nhb,svln,dvln */
static void csv_route_cols(struct obuf *ob, const struct flow_record *r)
{
	const struct ex_misc *m = &r->misc;

	col_u64(ob, m->input);
	col_u64(ob, m->output);
	col_u64(ob, r->as.src_as);
	col_u64(ob, r->as.dst_as);
	col_u64(ob, m->src_mask);
	col_u64(ob, m->dst_mask);
	col_u64(ob, m->dst_tos);
	col_u64(ob, m->dir);
	col_addr(ob, r, EX_IP_NH6, &r->ip_nh6.addr, r->ip_nh4.addr);
	col_bgp_nh(ob, r);
	col_u64(ob, (uint16_t)r->vlan.src_vlan);	/* 16 bits in 1.7.1 */
	col_u64(ob, (uint16_t)r->vlan.dst_vlan);
}

/* ismc,odmc,idmc,osmc,mpls1..10,cl,sl,al,ra,eng,exid,tr */
static void csv_tail_cols(struct flow_printer *p, const struct flow_record *r)
{
	const uint64_t macs[] = { r->mac.in_src, r->mac.out_dst, r->mac.in_dst, r->mac.out_src };
	const struct ex_latency *l = &r->latency;
	struct obuf *ob = &p->ob;
	char s[18];

	static const char zero_macs[] = ",00:00:00:00:00:00,00:00:00:00:00:00"
		",00:00:00:00:00:00,00:00:00:00:00:00";
	static const char zero_labels[] = ",0-0-0,0-0-0,0-0-0,0-0-0,0-0-0,0-0-0,0-0-0,0-0-0,0-0-0,0-0-0";

	/* Most flows have neither: one copy each then. */
	if (!flow_has(r, EX_MAC)) {
		ob_write(ob, zero_macs, sizeof(zero_macs) - 1);
	} else {
		for (int i = 0; i < 4; i++) {
			fmt_mac(s, macs[i]);
			col_strn(ob, s, 17);
		}
	}
	if (!flow_has(r, EX_MPLS))
		ob_write(ob, zero_labels, sizeof(zero_labels) - 1);
	for (int i = 0; i < 10 && flow_has(r, EX_MPLS); i++) {
		uint32_t v = r->mpls.label[i];

		col_u64(ob, v >> 4);
		ob_putc(ob, '-');
		ob_u64(ob, (v & 0xf) >> 1, 1);
		ob_putc(ob, '-');
		ob_u64(ob, v & 1, 1);
	}
	/* cl,sl,al: ms as "%9.3f" */
	if (!flow_has(r, EX_LATENCY)) {
		ob_write(ob, ",    0.000,    0.000,    0.000", 30);
	} else {
		ob_putc(ob, ',');
		ob_msec(ob, l->client_usec, 9);
		ob_putc(ob, ',');
		ob_msec(ob, l->server_usec, 9);
		ob_putc(ob, ',');
		ob_msec(ob, l->appl_usec, 9);
	}
	col_addr(ob, r, EX_RECV6, &r->recv6.addr, r->recv4.addr);
	col_u64(ob, r->engine_type);
	ob_putc(ob, '/');
	ob_u64(ob, r->engine_id, 0);
	col_u64(ob, r->exporter_sysid);
	ob_putc(ob, ',');
	col_time(ob, &p->tother, r->generic.msec_received);
	ob_putc(ob, '.');
	ob_ms3(ob, (unsigned)(r->generic.msec_received % 1000));
	ob_putc(ob, '\n');
}

/*
 * The extra line 1.7.1 prints before a tunnelled flow: protocol and times
 * of the flow, every other column zero.  The tunnel addresses are not in
 * the address slots it prints, so they show as 0.0.0.0 or ::.
 */
static void csv_tunnel_line(struct flow_printer *p, const struct flow_record *r)
{
	struct flow_record t;

	memset(&t, 0, sizeof(t));
	t.generic.msec_first = r->generic.msec_first;
	t.generic.msec_last = r->generic.msec_last;
	t.generic.proto = (uint8_t)(flow_has(r, EX_TUN6) ? r->tun6.proto : r->tun4.proto);
	csv_flow_cols(p, &t, flow_has(r, EX_TUN6), &t.ipv6.src, &t.ipv6.dst, 0, 0);
	csv_route_cols(&p->ob, &t);
	csv_tail_cols(p, &t);
}

void csv171_begin(struct flow_printer *p)
{
	if (!p->opts.quiet)
		ob_write(&p->ob, csv171_header, sizeof(csv171_header) - 1);
}

void csv171_record(struct flow_printer *p, const struct flow_record *r, uint64_t seq)
{
	(void)seq;
	if (flow_has(r, EX_TUN4) || flow_has(r, EX_TUN6))
		csv_tunnel_line(p, r);
	csv_flow_cols(p, r, flow_has(r, EX_IPV6), &r->ipv6.src, &r->ipv6.dst,
		      r->ipv4.src, r->ipv4.dst);
	csv_route_cols(&p->ob, r);
	csv_tail_cols(p, r);
}

void csv171_end(struct flow_printer *p, const struct flow_summary *s)
{
	summary_no_match(&p->ob, s);
	if (!p->opts.quiet)
		summary_csv171(&p->ob, s);
}
