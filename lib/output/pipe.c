/*
 * pipe.c - "-o pipe" flow records: '|'-separated numbers in nfdump
 * 1.7.1's 22-field layout (cli.md §3.9), in both dialects (1.7.8 has no
 * pipe; nfsen alerts need it).  Addresses are four 32-bit words, most
 * significant first; IPv4 sits in the last word.  No header, no footer.
 */
#include "output/output_int.h"
#include "util/banned.h"

static void put_u(struct obuf *ob, uint64_t v)
{
	ob_u64(ob, v, 0);
	ob_putc(ob, '|');
}

static void put_addr(struct obuf *ob, const struct flow_record *r, int src)
{
	if (flow_has(r, EX_IPV6)) {
		const struct flow_ip6 *a = src ? &r->ipv6.src : &r->ipv6.dst;

		put_u(ob, a->hi >> 32);
		put_u(ob, a->hi & 0xffffffffu);
		put_u(ob, a->lo >> 32);
		put_u(ob, a->lo & 0xffffffffu);
		return;
	}
	ob_write(ob, "0|0|0|", 6);
	put_u(ob, src ? r->ipv4.src : r->ipv4.dst);
}

static void pipe_line(struct obuf *ob, const struct flow_record *r)
{
	const struct ex_generic *g = &r->generic;

	put_u(ob, flow_has(r, EX_IPV6) ? 10 : 2);
	put_u(ob, g->msec_first);
	put_u(ob, g->msec_last);
	put_u(ob, g->proto);
	put_addr(ob, r, 1);
	put_u(ob, g->src_port);
	put_addr(ob, r, 0);
	put_u(ob, g->dst_port);
	put_u(ob, r->as.src_as);
	put_u(ob, r->as.dst_as);
	put_u(ob, r->misc.input);
	put_u(ob, r->misc.output);
	put_u(ob, g->tcp_flags);
	put_u(ob, g->src_tos);
	put_u(ob, g->in_packets);
	ob_u64(ob, g->in_bytes, 0);
	ob_putc(ob, '\n');
}

/*
 * Before a tunnelled flow 1.7.1 prints a line with the flow's times, the
 * tunnel's protocol and family, and zeros (the tunnel addresses are not
 * in the slots it prints).
 */
static void pipe_tunnel(struct obuf *ob, const struct flow_record *r)
{
	static const struct flow_record zero;
	struct flow_record t = zero;

	t.generic.msec_first = r->generic.msec_first;
	t.generic.msec_last = r->generic.msec_last;
	if (flow_has(r, EX_TUN6)) {
		t.present = 1u << EX_IPV6;
		t.generic.proto = (uint8_t)r->tun6.proto;
	} else {
		t.generic.proto = (uint8_t)r->tun4.proto;
	}
	pipe_line(ob, &t);
}

void pipe_record(struct flow_printer *p, const struct flow_record *r, uint64_t seq)
{
	(void)seq;
	if (flow_has(r, EX_TUN4) || flow_has(r, EX_TUN6))
		pipe_tunnel(&p->ob, r);
	pipe_line(&p->ob, r);
}

void pipe_end(struct flow_printer *p, const struct flow_summary *s)
{
	summary_no_match(&p->ob, s);
}
