/* sfcases_v24.c - the sFlow v4 and v2 cases (see sfcases.h). */
#include "sfcases_int.h"


static void hdr24(struct sfd *d, struct sfd_mark *m, uint32_t id, uint32_t rate,
		  const struct sfd_pkt *p, uint32_t frame)
{
	sfd_flow24(d, m, rate, id, 6, 1);
	sfd_header(d, 1, frame, p);
	sfd_ext24(d, m);
}

void c_v4_header_ext(struct sfd *d, uint32_t id)
{
	static const uint32_t path[] = { 65100, 65200 };
	struct sfd_pkt p;
	struct sfd_mark m;

	eth(&p, 0x0800);
	sfd_pkt_ipv4(&p, SRC4, DST4, 6, 0, 0);
	sfd_pkt_tcp(&p, 2000, 3000, 0x02);
	sfd_dgram(d, 4, AGENT4, 4, 0, 9);
	hdr24(d, &m, id, 1024, &p, 800);
	sfd_ext24_tag(d, &m, 1);
	sfd_switch(d, 11, 0, 12, 0);
	sfd_ext24_tag(d, &m, 2);
	sfd_router(d, NH4, 4, 8, 30);
	sfd_ext24_tag(d, &m, 3);
	sfd_gateway(d, NULL, 0, 65000, 65050, 65060, path, 2);
	sfd_end24(d, &m);
	sfd_finish(d);
}

void c_v4_sampled_ipv4(struct sfd *d, uint32_t id)
{
	struct sfd_mark m;

	sfd_dgram(d, 4, AGENT4, 4, 0, 10);
	sfd_flow24(d, &m, 50, id, 6, 2);
	sfd_ipv4(d, 999, 17, SRC4, DST4, 111, 222, 0, 0x10);
	sfd_ext24(d, &m);
	sfd_end24(d, &m);
	sfd_finish(d);
}

void c_v4_counters_then_flow(struct sfd *d, uint32_t id)
{
	struct sfd_pkt p;
	struct sfd_mark m;

	eth(&p, 0x0800);
	sfd_pkt_ipv4(&p, SRC4, DST4, 17, 0, 0);
	sfd_pkt_udp(&p, 161, 162);
	sfd_dgram(d, 4, AGENT4, 4, 0, 11);
	sfd_counters24(d, 2, 1);
	hdr24(d, &m, id, 100, &p, 120);
	sfd_end24(d, &m);
	sfd_finish(d);
}

void c_v4_user_url(struct sfd *d, uint32_t id)
{
	struct sfd_pkt p;
	struct sfd_mark m;

	eth(&p, 0x0800);
	sfd_pkt_ipv4(&p, SRC4, DST4, 6, 0, 0);
	sfd_pkt_tcp(&p, 50505, 80, 0x18);
	sfd_dgram(d, 4, AGENT4, 4, 0, 12);
	hdr24(d, &m, id, 200, &p, 700);
	sfd_ext24_tag(d, &m, 4);
	sfd_u32(d, 4);
	sfd_opaque(d, "carl", 4);
	sfd_u32(d, 0);
	sfd_ext24_tag(d, &m, 5);
	sfd_u32(d, 1);
	sfd_u32(d, 11);
	sfd_opaque(d, "/index.html", 11);
	sfd_end24(d, &m);
	sfd_finish(d);
}

void c_v2_gateway(struct sfd *d, uint32_t id)
{
	static const uint32_t path[] = { 701, 1239, 3356 };
	struct sfd_pkt p;
	struct sfd_mark m;

	eth(&p, 0x0800);
	sfd_pkt_ipv4(&p, SRC4, DST4, 17, 0, 0);
	sfd_pkt_udp(&p, 33434, 33435);
	sfd_dgram(d, 2, AGENT4, 4, 0, 13);
	hdr24(d, &m, id, 400, &p, 60);
	sfd_ext24_tag(d, &m, 3);
	sfd_gateway(d, NULL, 0, 64999, 702, 703, path, 3);
	sfd_end24(d, &m);
	sfd_finish(d);
}

/* Counter samples of every v2/v4 counters version, then a flow sample. */
void c_v4_all_counters(struct sfd *d, uint32_t id)
{
	struct sfd_pkt p;
	struct sfd_mark m;

	eth(&p, 0x0800);
	sfd_pkt_ipv4(&p, SRC4, DST4, 6, 0, 0);
	sfd_pkt_tcp(&p, 3389, 49152, 0x18);
	sfd_dgram(d, 4, AGENT4, 4, 0, 14);
	for (uint32_t v = 1; v <= 7; v++)
		sfd_counters24(d, v, v);
	hdr24(d, &m, id, 300, &p, 1000);
	sfd_end24(d, &m);
	sfd_finish(d);
}
