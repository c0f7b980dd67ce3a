/*
 * csvfast.c - 1.7.8's "-o csv-fast" (cli.md §3.6): a fixed set of
 * columns with epoch-ms times and the address family, no scaling.
 */
#include "output/output_int.h"
#include "util/banned.h"

static const char header[] =
	"cnt,af,firstSeen,lastSeen,proto,srcAddr,srcPort,dstAddr,dstPort,"
	"srcAS,dstAS,input,output,flags,srcTos,packets,bytes\n";

void csvfast_begin(struct flow_printer *p)
{
	ob_write(&p->ob, header, sizeof(header) - 1);
}

static void col(struct obuf *ob, uint64_t v)
{
	ob_u64(ob, v, 0);
	ob_putc(ob, ',');
}

static void col_addr(struct obuf *ob, const struct flow_record *r, int src)
{
	char s[FMT_IP_LEN];

	if (flow_has(r, EX_IPV6))
		fmt_ip6(s, src ? &r->ipv6.src : &r->ipv6.dst);
	else
		fmt_ip4(s, src ? r->ipv4.src : r->ipv4.dst);
	ob_puts(ob, s);
	ob_putc(ob, ',');
}

void csvfast_record(struct flow_printer *p, const struct flow_record *r, uint64_t seq)
{
	const struct ex_generic *g = &r->generic;
	struct obuf *ob = &p->ob;
	char f[9];

	(void)seq;
	col(ob, p->printed);
	col(ob, flow_has(r, EX_IPV6) ? 10 : 2);
	col(ob, g->msec_first);
	col(ob, g->msec_last);
	col(ob, g->proto);
	col_addr(ob, r, 1);
	col(ob, g->src_port);
	col_addr(ob, r, 0);
	col(ob, g->dst_port);
	col(ob, r->as.src_as);
	col(ob, r->as.dst_as);
	col(ob, r->misc.input);
	col(ob, r->misc.output);
	fmt_tcp_flags(f, g->proto == 6 ? g->tcp_flags : 0);	/* TCP only */
	ob_write(ob, f, 8);
	ob_putc(ob, ',');
	col(ob, g->src_tos);
	col(ob, g->in_packets);
	ob_u64(ob, g->in_bytes, 0);
	ob_putc(ob, '\n');
}
