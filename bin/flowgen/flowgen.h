/*
 * flowgen.h - the flow generator's parts: options (main.c), the flow mix
 * (gen.c) and the paced UDP sender (send.c).
 */
#ifndef FLOWGEN_H
#define FLOWGEN_H

#include <stdint.h>

#include "record/record.h"

#define FG_EXIT_ERR 255

/* A service of a flow mix: its flows' protocol, server port, share, size. */
struct fg_service {
	uint8_t proto;
	uint16_t port;
	uint32_t weight;	/* relative share of flows */
	uint16_t avg_size;	/* mean bytes per packet */
};

/* --mix (mix.c): zone1 (gen.c's table), uniform, or the services of a file. */
struct fg_mix {
	enum { FG_MIX_ZONE1, FG_MIX_UNIFORM, FG_MIX_FILE } kind;
	unsigned n;			/* FILE: services */
	struct fg_service *svc;		/* FILE: owned */
	uint64_t *cum;			/* FILE: cumulative weights, owned */
	uint64_t total;			/* FILE: sum of the weights */
};

/* Parse --mix's argument (zone1 if never called); -1 after one error line. */
int fg_mix_parse(struct fg_mix *m, const char *arg);
void fg_mix_free(struct fg_mix *m);
/* FILE: the service a uniform 64-bit draw picks, by weight. */
const struct fg_service *fg_mix_pick(const struct fg_mix *m, uint64_t rnd);

struct fg_opts {
	const char *host, *port;
	int version;		/* 5, 9, 10 or FLOW_ENC_SFLOW5 */
	uint64_t count;		/* flows to send; 0 = until interrupted */
	uint64_t rate;		/* flows per second; 0 = unthrottled */
	uint64_t duration;	/* seconds; 0 = no limit */
	uint64_t seed;
	unsigned exporters;	/* >= 1 */
	unsigned ipv6_pct;	/* 0..100 */
	struct fg_mix mix;	/* --mix; owned */
	uint32_t sampling;	/* sFlow: 1 in N packets; 0 = encoder default */
	int quiet;
	int no_gso;		/* never coalesce datagrams (UDP_SEGMENT) */
	/* transport extras (nfreplay's -4/-6, -b, -d) */
	int family;		/* AF_UNSPEC, AF_INET or AF_INET6 */
	int sndbuf;		/* socket send buffer; 0 = system default */
	uint64_t delay_us;	/* pause after each datagram; 0 = none */
	/* replay (replay.c): set when any of r/R/M is */
	const char *rfile, *range, *mdirs;	/* -r, -R, -M */
	const char *window;	/* -T (nfreplay -t) */
	char *filter;		/* filter words joined, or NULL (owned) */
	const char *prog;	/* "flowgen" or "nfreplay", for messages */
	/*
	 * Where flows come from: NULL = the generator (gen.c); else called
	 * for each flow, returns 1 with *r pointing to it (valid until the
	 * next call: the sender may add it again to the next datagram) or 0
	 * at the end.  A pointer, because copying the large record was a
	 * tenth of a replay's time (perf, 2026-11).
	 */
	int (*next)(void *ctx, const struct flow_record **r);
	void *next_ctx;
};

/* The generator; deterministic for a seed and mix (times follow the clock). */
struct fg_gen {
	uint64_t state;
	unsigned ipv6_pct;
	const struct fg_mix *mix;	/* NULL: zone1 */
	uint16_t pkts[4096];	/* heavy-tailed packet-count quantiles */
};

void fg_gen_init(struct fg_gen *g, uint64_t seed, unsigned ipv6_pct, const struct fg_mix *mix);
/* Fill r with the next flow, ending within the second before now_msec. */
void fg_gen_flow(struct fg_gen *g, struct flow_record *r, uint64_t now_msec);

/* Flows sent by IP protocol, as the report at exit lists them. */
enum fg_proto { FG_TCP, FG_UDP, FG_ICMP, FG_OTHER, FG_NPROTO };

struct fg_stats {
	uint64_t datagrams, flows, bytes;
	uint64_t proto[FG_NPROTO];	/* flows by enum fg_proto */
	uint64_t unsendable;	/* replay: flows the version cannot carry (IPv6 as v5) */
	double seconds;
};

/* Send per o; returns 0, or FG_EXIT_ERR after printing one error line. */
int fg_send(const struct fg_opts *o, struct fg_stats *st);

/* Replay the files o->rfile/range/mdirs through fg_send; same returns. */
int fg_replay(const struct fg_opts *o, struct fg_stats *st);

#endif
