/*
 * fmt171.c - the predefined text modes of Debian nfdump 1.7.1 (cli.md
 * §3.2-3.4): line, long, extended and their full-width IPv6 variants
 * line6, long6, extended6.
 *
 *   line     = %ts %td %pr %sap -> %dap %pkt %byt %fl
 *   long     = %ts %td %pr %sap -> %dap %flg %tos %pkt %byt %fl
 *   extended = %ts %td %pr %sap -> %dap %flg %tos %pkt %byt %pps %bps %bpp %fl
 *
 * A layout is a list of columns; the header is built from the same list
 * (column header, then as many spaces as the literal between columns).
 * Footer: the 1.7.1 text footer, as raw.
 */
#include <string.h>

#include "output/output_int.h"
#include "util/banned.h"

/* The hooks output.c puts in its table (declared there too). */
#define FMT171_DECL(name)						\
	void name##_begin(struct flow_printer *p);				\
	void name##_record(struct flow_printer *p, const struct flow_record *r,	\
			   uint64_t seq);
FMT171_DECL(line171)
FMT171_DECL(long171)
FMT171_DECL(extended171)
FMT171_DECL(line6_171)
FMT171_DECL(long6_171)
FMT171_DECL(extended6_171)
void fmt171_end(struct flow_printer *p, const struct flow_summary *s);


enum col {
	C_TS, C_TD, C_PR, C_SAP, C_DAP, C_FLG, C_TOS, C_PKT, C_BYT,
	C_PPS, C_BPS, C_BPP, C_FL, C_END
};

/* 1.7.1 header texts; address columns get 23 more spaces when long. */
static const char *const col_header[] = {
	[C_TS] = "Date first seen        ",
	[C_TD] = "    Duration    ",
	[C_PR] = "Proto",
	[C_SAP] = "     Src IP Addr:Port ",
	[C_DAP] = "     Dst IP Addr:Port ",
	[C_FLG] = "   Flags",
	[C_TOS] = "Tos",
	[C_PKT] = " Packets",
	[C_BYT] = "   Bytes",
	[C_PPS] = "     pps",
	[C_BPS] = "     bps",
	[C_BPP] = "   Bpp",
	[C_FL] = "Flows",
};

static const enum col layout_line[] = {
	C_TS, C_TD, C_PR, C_SAP, C_DAP, C_PKT, C_BYT, C_FL, C_END
};
static const enum col layout_long[] = {
	C_TS, C_TD, C_PR, C_SAP, C_DAP, C_FLG, C_TOS, C_PKT, C_BYT, C_FL, C_END
};
static const enum col layout_extended[] = {
	C_TS, C_TD, C_PR, C_SAP, C_DAP, C_FLG, C_TOS, C_PKT, C_BYT,
	C_PPS, C_BPS, C_BPP, C_FL, C_END
};

/* The literal after a column: " -> " after %sap, else one space. */
static const char *sep_after(enum col c)
{
	return c == C_SAP ? " -> " : " ";
}

static void put_header(struct flow_printer *p, const enum col *cols, int long6)
{
	struct obuf *ob = &p->ob;

	if (p->opts.quiet)
		return;
	for (size_t i = 0; cols[i] != C_END; i++) {
		if (i)
			ob_spaces(ob, (unsigned)strlen(sep_after(cols[i - 1])));
		if (long6 && (cols[i] == C_SAP || cols[i] == C_DAP))
			ob_spaces(ob, 23);
		ob_puts(ob, col_header[cols[i]]);
	}
	ob_putc(ob, '\n');
}

/* "%8s" of format_number(v, FIXED_WIDTH). */
static void put_num8(struct obuf *ob, uint64_t v, int plain)
{
	char s[FMT_NUM_LEN];
	size_t n;

	fmt_number(s, v, plain, 1);
	n = strlen(s);
	if (n < 8)
		ob_spaces(ob, (unsigned)(8 - n));
	ob_write(ob, s, n);
}

static void put_padded(struct obuf *ob, const char *s, unsigned width, int left)
{
	size_t n = strlen(s);

	if (!left && n < width)
		ob_spaces(ob, (unsigned)(width - n));
	ob_write(ob, s, n);
	if (left && n < width)
		ob_spaces(ob, (unsigned)(width - n));
}

/* Date first seen: local time and ms. */
static void put_ts(struct flow_printer *p, uint64_t msec)
{
	ob_puts(&p->ob, fmt_localtime(&p->tfirst, (time_t)(msec / 1000)));
	ob_putc(&p->ob, '.');
	ob_ms3(&p->ob, (unsigned)(msec % 1000));
}

/* Duration: "    hh:mm:ss.mmm", "%2dd hh:mm:ss.mmm" from one day; -N "%16.3f". */
static void put_duration(struct flow_printer *p, uint64_t ms)
{
	struct obuf *ob = &p->ob;
	uint64_t s = ms / 1000;

	if (p->opts.plain_numbers) {
		ob_msec(ob, ms, 16);
		return;
	}
	if (s >= 86400)
		ob_printf(ob, "%2llud ", (unsigned long long)(s / 86400));
	else
		ob_spaces(ob, 4);
	ob_printf(ob, "%02u:%02u:%02u.", (unsigned)(s % 86400 / 3600),
		  (unsigned)(s % 3600 / 60), (unsigned)(s % 60));
	ob_ms3(ob, (unsigned)(ms % 1000));
}

/* nfdump's CondenseV6: longer than 16 -> first 7 ".." last 7. */
static void condense_v6(char *s)
{
	size_t n = strlen(s);

	if (n <= 16)
		return;
	s[7] = '.';
	s[8] = '.';
	memmove(s + 9, s + n - 7, 8);
}

static void put_addr_port(struct flow_printer *p, const struct flow_record *r,
			  int src, int long6)
{
	const struct ex_generic *g = &r->generic;
	char a[FMT_IP_LEN], port[16];
	char sep;

	if (flow_has(r, EX_IPV6)) {
		fmt_ip6(a, src ? &r->ipv6.src : &r->ipv6.dst);
		if (!long6)
			condense_v6(a);
		sep = '.';
	} else {
		fmt_ip4(a, src ? r->ipv4.src : r->ipv4.dst);
		sep = ':';
	}
	if (src)
		snprintf(port, sizeof(port), "%u", g->src_port);
	else if (g->proto == 1 || g->proto == 58)
		snprintf(port, sizeof(port), "%u.%u", g->dst_port >> 8, g->dst_port & 0xff);
	else
		snprintf(port, sizeof(port), "%u", g->dst_port);
	if (p->opts.tag)
		ob_putc(&p->ob, '\x01');
	put_padded(&p->ob, a, long6 ? 39 : 16, 0);
	ob_putc(&p->ob, sep);
	put_padded(&p->ob, port, 5, 1);
}

static void put_col(struct flow_printer *p, const struct flow_record *r, enum col c,
		    int long6)
{
	const struct ex_generic *g = &r->generic;
	struct obuf *ob = &p->ob;
	int plain = p->opts.plain_numbers;
	uint64_t ms = g->msec_last - g->msec_first;
	char buf[16], pbuf[16];

	switch (c) {
	case C_TS:
		put_ts(p, g->msec_first);
		break;
	case C_TD:
		put_duration(p, ms);
		break;
	case C_PR:
		if (plain)
			snprintf(buf, sizeof(buf), "%u", g->proto);
		else
			snprintf(buf, sizeof(buf), "%s", fmt_proto(pbuf, g->proto));
		put_padded(ob, buf, 5, 1);
		break;
	case C_SAP:
		put_addr_port(p, r, 1, long6);
		break;
	case C_DAP:
		put_addr_port(p, r, 0, long6);
		break;
	case C_FLG:
		/* 1.7.1 shows flags of TCP flows only. */
		fmt_tcp_flags(buf, g->proto == 6 ? g->tcp_flags : 0);
		ob_write(ob, buf, 8);
		break;
	case C_TOS:
		ob_u64(ob, g->src_tos, 3);
		break;
	case C_PKT:
		put_num8(ob, g->in_packets, plain);
		break;
	case C_BYT:
		put_num8(ob, g->in_bytes, plain);
		break;
	/* As 1.7.1: per second in double; 8 * bytes wraps in 64 bits. */
	case C_PPS:
		put_num8(ob, ms ? (uint64_t)((double)g->in_packets / (ms / 1000.0)) : 0, plain);
		break;
	case C_BPS:
		put_num8(ob, ms ? (uint64_t)((double)(g->in_bytes * 8) / (ms / 1000.0)) : 0,
			 plain);
		break;
	case C_BPP:	/* a 32-bit value in 1.7.1 */
		ob_u64(ob, g->in_packets ? (uint32_t)(g->in_bytes / g->in_packets) : 0, 6);
		break;
	case C_FL:
		/* 0 counts as 1, except on the tunnel line (no generic element). */
		ob_u64(ob, r->cnt.flows ? r->cnt.flows : flow_has(r, EX_GENERIC) ? 1 : 0, 5);
		break;
	case C_END:
		break;
	}
}

static void put_line(struct flow_printer *p, const struct flow_record *r,
		     const enum col *cols, int long6)
{
	for (size_t i = 0; cols[i] != C_END; i++) {
		if (i)
			ob_puts(&p->ob, sep_after(cols[i - 1]));
		put_col(p, r, cols[i], long6);
	}
	ob_putc(&p->ob, '\n');
}

/*
 * 1.7.1 prints a tunnelled flow after a line for the tunnel: the flow's
 * times, the tunnel's protocol and addresses, everything else zero
 * (flows too).
 */
static void put_tunnel(struct flow_printer *p, const struct flow_record *r,
		       const enum col *cols, int long6)
{
	struct flow_record t;

	memset(&t, 0, sizeof(t));
	t.present = 0;
	t.generic.msec_first = r->generic.msec_first;
	t.generic.msec_last = r->generic.msec_last;
	if (flow_has(r, EX_TUN6)) {
		t.present |= 1u << EX_IPV6;
		t.ipv6.src = r->tun6.src;
		t.ipv6.dst = r->tun6.dst;
		t.generic.proto = (uint8_t)r->tun6.proto;
	} else {
		t.ipv4.src = r->tun4.src;
		t.ipv4.dst = r->tun4.dst;
		t.generic.proto = (uint8_t)r->tun4.proto;
	}
	put_line(p, &t, cols, long6);
}

static void put_record(struct flow_printer *p, const struct flow_record *r,
		       const enum col *cols, int long6)
{
	long6 |= p->opts.long_ipv6;
	if (flow_has(r, EX_TUN4) || flow_has(r, EX_TUN6))
		put_tunnel(p, r, cols, long6);
	for (size_t i = 0; cols[i] != C_END; i++) {
		if (i)
			ob_puts(&p->ob, sep_after(cols[i - 1]));
		put_col(p, r, cols[i], long6);
	}
	ob_putc(&p->ob, '\n');
}

void fmt171_end(struct flow_printer *p, const struct flow_summary *s)
{
	summary_no_match(&p->ob, s);
	if (!p->opts.quiet)
		summary_footer171(&p->ob, s, p->opts.plain_numbers);
}

#define FMT171_MODE(name, layout, l6)						\
	void name##_begin(struct flow_printer *p)				\
	{									\
		put_header(p, layout, (l6) || p->opts.long_ipv6);		\
	}									\
	void name##_record(struct flow_printer *p, const struct flow_record *r,	\
			   uint64_t seq)					\
	{									\
		(void)seq;							\
		put_record(p, r, layout, l6);					\
	}

FMT171_MODE(line171, layout_line, 0)
FMT171_MODE(long171, layout_long, 0)
FMT171_MODE(extended171, layout_extended, 0)
FMT171_MODE(line6_171, layout_line, 1)
FMT171_MODE(long6_171, layout_long, 1)
FMT171_MODE(extended6_171, layout_extended, 1)
