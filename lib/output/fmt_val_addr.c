/*
 * fmt_val_addr.c - address tokens: %sa %da %sap %dap %nh %nhb %ra, the
 * NSEL/NAT translated ones, %sn %dn and the geo variants (cli.md §3.2):
 * right-aligned in 16 columns, IPv6 condensed to 7..7 characters; 39
 * columns and full IPv6 with -6; ':' before the port of IPv4, '.' of
 * IPv6; the port left-aligned in 5; with -T a 0x01 byte first.
 */
#include <string.h>

#include "output/fmt_tok.h"
#include "util/banned.h"

/*
 * Which of a v4/v6 element pair to print: 1.7.1 keeps one slot that the
 * v6 element (later in the record) overwrites; 1.7.8 looks at v4 first.
 * Each v4 element id is its v6 twin's minus one (record.h).
 */
static int use_v6(const struct fmt_out *o, const struct flow_record *r, enum flow_ext v6)
{
	return flow_has(r, v6) && (o->dialect == DIALECT_171 || !flow_has(r, v6 - 1));
}

/* The address a selector names, as text (length in *len); returns 1 for IPv6. */
static int addr_text(const struct fmt_out *o, const struct flow_record *r, unsigned sel,
		     char s[FMT_IP_LEN], size_t *len)
{
	const struct flow_ip6 *a6 = NULL;
	uint32_t a4 = 0;

	switch (sel) {
	case SEL_SRC:
	case SEL_DST:
		if (use_v6(o, r, EX_IPV6))
			a6 = sel == SEL_SRC ? &r->ipv6.src : &r->ipv6.dst;
		else
			a4 = sel == SEL_SRC ? r->ipv4.src : r->ipv4.dst;
		break;
	case SEL_NH:
		if (use_v6(o, r, EX_IP_NH6))
			a6 = &r->ip_nh6.addr;
		else
			a4 = r->ip_nh4.addr;
		break;
	case SEL_NHB:
		if (use_v6(o, r, EX_BGP_NH6))
			a6 = &r->bgp_nh6.addr;
		else
			a4 = r->bgp_nh4.addr;
		break;
	case SEL_RA:
		if (use_v6(o, r, EX_RECV6))
			a6 = &r->recv6.addr;
		else
			a4 = r->recv4.addr;
		break;
	default:
		if (use_v6(o, r, EX_NAT_XLATE6))
			a6 = sel == SEL_XSRC ? &r->nat_xlate6.src : &r->nat_xlate6.dst;
		else
			a4 = sel == SEL_XSRC ? r->nat_xlate4.src : r->nat_xlate4.dst;
		break;
	}
	if (a6) {
		fmt_ip6(s, a6);
		*len = strlen(s);
	} else {
		*len = fmt_ip4_len(s, a4);
	}
	return a6 != NULL;
}

/* nfdump's CondenseV6: longer than 16 -> first 7 ".." last 7. */
static size_t condense_v6_n(char *s, size_t n)
{
	if (n <= 16)
		return n;
	s[7] = '.';
	s[8] = '.';
	memmove(s + 9, s + n - 7, 8);
	return 16;
}

static size_t condense_v6(char *s)
{
	return condense_v6_n(s, strlen(s));
}

/* The padded address column; returns 1 for IPv6. */
static int put_addr(const struct fmt_out *o, const struct flow_record *r,
		    const struct fmt_tok *t)
{
	char s[FMT_IP_LEN];
	size_t n;
	int v6 = addr_text(o, r, t->arg, s, &n);
	int wide = o->long6 && (t->flags & TOK_ADDR);

	if (v6 && !wide && !o->csv)
		n = condense_v6_n(s, n);

	if (o->tag && !o->csv && (t->flags & TOK_ADDR))
		ob_putc(o->ob, '\x01');
	fmt_pad(o, s, n, wide ? 39 : t->width, 0);
	return v6;
}

void v_addr(const struct fmt_out *o, const struct flow_record *r, const struct fmt_tok *t)
{
	put_addr(o, r, t);
}

static void put_port(const struct fmt_out *o, const struct flow_record *r, unsigned sel)
{
	const struct ex_generic *g = &r->generic;
	char s[16];
	unsigned v;

	if (sel == SEL_DST && (g->proto == 1 || g->proto == 58)) {
		snprintf(s, sizeof(s), "%u.%u", g->dst_port >> 8, g->dst_port & 0xff);
		fmt_pad(o, s, strlen(s), 5, 1);
		return;
	}
	v = sel == SEL_SRC ? g->src_port : sel == SEL_DST ? g->dst_port :
	    sel == SEL_XSRC ? r->nat_xlate_port.src : r->nat_xlate_port.dst;
	fmt_pad(o, s, fmt_u64(s, v), 5, 1);
}

void v_addr_port(const struct fmt_out *o, const struct flow_record *r, const struct fmt_tok *t)
{
	ob_putc(o->ob, put_addr(o, r, t) ? '.' : ':');
	put_port(o, r, t->arg);
}

/* Without a geo database the country is "..". */
void v_geo_addr(const struct fmt_out *o, const struct flow_record *r, const struct fmt_tok *t)
{
	put_addr(o, r, t);
	ob_write(o->ob, "(..)", 4);
}

void v_geo_addr_port(const struct fmt_out *o, const struct flow_record *r,
		     const struct fmt_tok *t)
{
	int v6 = put_addr(o, r, t);

	ob_write(o->ob, "(..)", 4);
	ob_putc(o->ob, v6 ? '.' : ':');
	put_port(o, r, t->arg);
}

/*
 * addr & mask, then "/%-2u".  nfdump shifts all-ones by (width - mask) in
 * 32 bits for IPv4 and 64 for IPv6, and x86 takes the count modulo the
 * width: an IPv4 mask 0 keeps the address, an IPv6 mask 0 keeps the upper
 * half and clears the lower.
 */
static void net_text(const struct flow_record *r, int v6, int src, unsigned mask,
		     char s[FMT_IP_LEN])
{
	if (v6) {
		struct flow_ip6 a = src ? r->ipv6.src : r->ipv6.dst;

		if (mask <= 64) {
			a.hi &= ~0ULL << ((64 - mask) & 63);
			a.lo = 0;
		} else {
			a.lo &= ~0ULL << ((128 - mask) & 63);
		}
		fmt_ip6(s, &a);
		return;
	}
	fmt_ip4(s, (src ? r->ipv4.src : r->ipv4.dst) & (0xffffffffu << ((32 - mask) & 31)));
}

void v_net(const struct fmt_out *o, const struct flow_record *r, const struct fmt_tok *t)
{
	unsigned mask = t->arg == SEL_SRC ? r->misc.src_mask : r->misc.dst_mask;
	int wide = o->long6 && !o->csv;
	char s[FMT_IP_LEN];
	size_t n;

	int v6 = use_v6(o, r, EX_IPV6);

	net_text(r, v6, t->arg == SEL_SRC, mask, s);
	n = v6 && !wide && !o->csv ? condense_v6(s) : strlen(s);
	if (o->tag && !o->csv)
		ob_putc(o->ob, '\x01');
	fmt_pad(o, s, n, wide ? 39 : t->width, 0);
	ob_putc(o->ob, '/');
	fmt_put_u(o, mask, 0);
	if (!o->csv && mask < 10)
		ob_putc(o->ob, ' ');
}
