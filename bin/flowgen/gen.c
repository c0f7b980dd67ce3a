/*
 * gen.c - the flow generator.  Its default mix is the 21 channels of
 * nfsen's zone1 profile (reference/nfsen.md §8); --mix picks uniform or a
 * file's services instead (mix.c).  Flows run between many client and
 * server hosts, with heavy-tailed (Pareto, alpha 1.2) packet counts,
 * per-service packet sizes, TCP flags that match the flow's length, and
 * times that end within the last second so a running collector files
 * them in the current slot.
 */
#include <math.h>
#include <string.h>

#include "flowgen.h"
#include "util/banned.h"

/* icmp, chargen .. bittorrent: every zone1 channel gets traffic. */
static const struct fg_service channels[] = {
	{ 1, 0, 40, 84 },	{ 17, 19, 8, 512 },	{ 6, 21, 15, 300 },
	{ 6, 22, 40, 150 },	{ 6, 23, 8, 80 },	{ 17, 53, 200, 90 },
	{ 6, 80, 250, 900 },	{ 6, 110, 10, 400 },	{ 17, 123, 30, 76 },
	{ 6, 135, 10, 120 },	{ 17, 137, 15, 78 },	{ 17, 161, 20, 100 },
	{ 6, 443, 300, 1000 },	{ 6, 445, 25, 500 },	{ 6, 8080, 30, 800 },
	{ 6, 1433, 10, 400 },	{ 6, 3306, 15, 400 },	{ 6, 3389, 20, 300 },
	{ 17, 5060, 12, 600 },	{ 6, 6681, 10, 1200 },	{ 6, 6682, 20, 1200 },
};
#define NCHANNELS (sizeof(channels) / sizeof(channels[0]))

/* Channel index by a uniform 10-bit draw, built once from the weights. */
static uint8_t pick[1024];

enum { TH_FIN = 0x01, TH_SYN = 0x02, TH_RST = 0x04, TH_PSH = 0x08, TH_ACK = 0x10 };

/* splitmix64: fast, and any seed (0 too) gives a full-period stream */
static uint64_t next64(struct fg_gen *g)
{
	uint64_t z = (g->state += 0x9E3779B97F4A7C15ull);

	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
	return z ^ (z >> 31);
}

void fg_gen_init(struct fg_gen *g, uint64_t seed, unsigned ipv6_pct, const struct fg_mix *mix)
{
	unsigned total = 0, acc = 0, c = 0;

	memset(g, 0, sizeof(*g));
	g->state = seed;
	g->ipv6_pct = ipv6_pct;
	g->mix = mix && mix->kind != FG_MIX_ZONE1 ? mix : NULL;
	/* quantiles of Pareto(xm = 1, alpha = 1.2), capped at 65535 */
	for (unsigned i = 0; i < 4096; i++) {
		double p = pow((i + 0.5) / 4096.0, -1.0 / 1.2);

		g->pkts[i] = p > 65535 ? 65535 : (uint16_t)p;
	}
	for (unsigned i = 0; i < NCHANNELS; i++)
		total += channels[i].weight;
	for (unsigned i = 0; i < 1024; i++) {
		while (c < NCHANNELS - 1 && i * total >= (acc + channels[c].weight) * 1024u)
			acc += channels[c++].weight;
		pick[i] = (uint8_t)c;
	}
}

/*
 * TCP flags by flow length and 3 random bits, as a table: the branches it
 * replaces mispredicted on most flows (half of them have one packet).
 *   1 packet:     a SYN, or (1 in 4) a RST ACK answer
 *   2-3 packets:  SYN ACK and FIN or RST
 *   longer:       complete (SYN ACK PSH FIN), or (1 in 8) still running
 */
static const uint8_t tcp_flags_by[3][8] = {
	{ TH_RST | TH_ACK, TH_SYN, TH_SYN, TH_SYN, TH_RST | TH_ACK, TH_SYN, TH_SYN, TH_SYN },
	{ TH_SYN | TH_ACK | TH_RST, TH_SYN | TH_ACK | TH_FIN, TH_SYN | TH_ACK | TH_RST,
	  TH_SYN | TH_ACK | TH_FIN, TH_SYN | TH_ACK | TH_RST, TH_SYN | TH_ACK | TH_FIN,
	  TH_SYN | TH_ACK | TH_RST, TH_SYN | TH_ACK | TH_FIN },
	{ TH_ACK | TH_PSH, TH_SYN | TH_ACK | TH_PSH | TH_FIN, TH_SYN | TH_ACK | TH_PSH | TH_FIN,
	  TH_SYN | TH_ACK | TH_PSH | TH_FIN, TH_SYN | TH_ACK | TH_PSH | TH_FIN,
	  TH_SYN | TH_ACK | TH_PSH | TH_FIN, TH_SYN | TH_ACK | TH_PSH | TH_FIN,
	  TH_SYN | TH_ACK | TH_PSH | TH_FIN },
};

static uint8_t tcp_flags(uint64_t pkts, uint64_t rnd)
{
	return tcp_flags_by[(pkts > 1) + (pkts > 3)][rnd & 7];
}

static void fill_addrs(struct fg_gen *g, struct flow_record *r, uint64_t a, uint64_t b,
		       int reply)
{
	/* clients anywhere in 10/8, servers among 4096 in 172.16/12 */
	uint32_t client = 0x0a000000u | (uint32_t)(a & 0xffffff);
	uint32_t server = 0xac100000u | (uint32_t)((a >> 24) & 0xfff);

	if ((b % 100) < g->ipv6_pct) {
		struct flow_ip6 c6 = { 0x20010db800000000ull | ((a >> 36) & 0xffff), a };
		struct flow_ip6 s6 = { 0x20010db8ffff0000ull, (a >> 24) & 0xfff };

		r->present |= 1ull << EX_IPV6;
		r->ipv6.src = reply ? s6 : c6;
		r->ipv6.dst = reply ? c6 : s6;
		r->misc.src_mask = r->misc.dst_mask = 64;
		return;
	}
	r->present |= (1ull << EX_IPV4) | (1ull << EX_IP_NH4);
	r->ipv4.src = reply ? server : client;
	r->ipv4.dst = reply ? client : server;
	r->ip_nh4.addr = 0xc0a80001u + (uint32_t)((b >> 8) & 7);
	r->misc.src_mask = reply ? 12 : 8;
	r->misc.dst_mask = reply ? 8 : 12;
}

/*
 * The service of the next flow.  zone1 takes it from b's top bits (so its
 * flows stay what they were for a seed); the others draw once more.
 */
static const struct fg_service *service(struct fg_gen *g, uint64_t b, struct fg_service *tmp)
{
	static const uint8_t protos[3] = { 6, 17, 1 };
	uint64_t c;

	if (!g->mix)
		return &channels[pick[b >> 54]];
	c = next64(g);
	if (g->mix->kind == FG_MIX_FILE)
		return fg_mix_pick(g->mix, c);
	/* uniform: TCP, UDP, ICMP; any port 1-65535; 40-1500 bytes a packet */
	tmp->proto = protos[(c & 0xffffffff) % 3];
	tmp->port = (uint16_t)(1 + (c >> 32) % 65535);
	tmp->avg_size = (uint16_t)(40 + (c >> 48) % 1461);
	return tmp;
}

void fg_gen_flow(struct fg_gen *g, struct flow_record *r, uint64_t now_msec)
{
	uint64_t a = next64(g), b = next64(g);
	struct fg_service tmp;
	const struct fg_service *ch = service(g, b, &tmp);
	struct ex_generic *gen = &r->generic;
	uint64_t pkts = g->pkts[(b >> 20) & 4095];
	int reply = (b >> 40) & 1;
	uint16_t eph = (uint16_t)(1024 + ((a >> 48) % 64512));

	r->present = (1ull << EX_GENERIC) | (1ull << EX_MISC) | (1ull << EX_AS);
	fill_addrs(g, r, a, b, reply);
	if (pkts == 65535)	/* the tail beyond the table: one more doubling draw */
		pkts += (b & 0xfffff) * 16;
	gen->in_packets = pkts;
	/* packet sizes vary +-50% around the service's mean, at least 40 */
	gen->in_bytes = pkts * (ch->avg_size / 2 + (b >> 4) % (ch->avg_size + 1u));
	gen->in_bytes = gen->in_bytes < pkts * 40 ? pkts * 40 : gen->in_bytes;
	gen->proto = ch->proto;
	gen->src_tos = (b & 0xf) == 0 ? 0x28 : 0;
	if (ch->proto == 1) {	/* ICMP: dst_port = type * 256 + code */
		static const uint16_t icmp[] = { 0x0800, 0x0000, 0x0303, 0x0b00 };

		gen->src_port = 0;
		gen->dst_port = icmp[b & 3];
		gen->tcp_flags = 0;
	} else if (ch->proto != 6 && ch->proto != 17) {	/* mix files: no ports */
		gen->src_port = gen->dst_port = 0;
		gen->tcp_flags = 0;
	} else {
		gen->src_port = reply ? ch->port : eph;
		gen->dst_port = reply ? eph : ch->port;
		gen->tcp_flags = ch->proto == 6 ? tcp_flags(pkts, a >> 8) : 0;
	}
	/* end in the last second; last 1..50 ms per packet, capped at 2 min */
	uint64_t dur = (pkts - 1) * (1 + (a >> 32) % 50);	/* pkts >= 1 */

	dur = dur > 120000 ? 120000 : dur;
	gen->msec_last = now_msec - (b >> 44) % 1000;
	gen->msec_first = gen->msec_last - dur;
	r->misc.input = 1 + (uint32_t)((a >> 12) & 7);
	r->misc.output = 9 + (uint32_t)((a >> 15) & 7);
	/*
	 * Even input ports are 802.1Q trunks: VLAN 10 * port on both sides.
	 * Only sFlow carries VLANs (its templates leave v9/IPFIX unchanged).
	 */
	uint32_t trunk = (r->misc.input & 1) - 1;	/* all ones when even */

	r->present |= (uint64_t)(trunk & 1) << EX_VLAN;
	r->vlan.src_vlan = 10 * r->misc.input & trunk;
	r->vlan.dst_vlan = 10 * r->misc.output & trunk;
	r->as.src_as = (b & 0x30) ? 64512 + (uint32_t)((a >> 18) & 255) : 0;
	r->as.dst_as = (b & 0x30) ? 65000 + (uint32_t)((a >> 26) & 255) : 0;
}
