/*
 * flowgen.h - the flow generator's parts: options (main.c), the flow mix
 * (gen.c) and the paced UDP sender (send.c).
 */
#ifndef FLOWGEN_H
#define FLOWGEN_H

#include <stdint.h>

#include "record/record.h"

#define FG_EXIT_ERR 255

struct fg_opts {
	const char *host, *port;
	int version;		/* 5, 9, 10 */
	uint64_t count;		/* flows to send; 0 = until interrupted */
	uint64_t rate;		/* flows per second; 0 = unthrottled */
	uint64_t duration;	/* seconds; 0 = no limit */
	uint64_t seed;
	unsigned exporters;	/* >= 1 */
	unsigned ipv6_pct;	/* 0..100 */
	int quiet;
	int no_gso;		/* never coalesce datagrams (UDP_SEGMENT) */
};

/* The zone1 mix; deterministic for a seed (times follow the clock). */
struct fg_gen {
	uint64_t state;
	unsigned ipv6_pct;
	uint16_t pkts[4096];	/* heavy-tailed packet-count quantiles */
};

void fg_gen_init(struct fg_gen *g, uint64_t seed, unsigned ipv6_pct);
/* Fill r with the next flow, ending within the second before now_msec. */
void fg_gen_flow(struct fg_gen *g, struct flow_record *r, uint64_t now_msec);

struct fg_stats {
	uint64_t datagrams, flows, bytes;
	double seconds;
};

/* Send per o; returns 0, or FG_EXIT_ERR after printing one error line. */
int fg_send(const struct fg_opts *o, struct fg_stats *st);

#endif
