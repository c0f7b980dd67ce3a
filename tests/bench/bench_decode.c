/*
 * bench_decode - decoder throughput: flows per second for NetFlow v5, v9
 * and IPFIX datagrams decoded by one flow_decoder on one core, with a
 * sink that only counts (so the figure is the decoder's alone).
 *
 *   bench_decode [FLOWS] [RUNS]      (default 3000000 flows, 5 runs)
 *
 * The datagrams come from our encoders (lib/proto/v5_enc.c, v9_enc.c,
 * ipfix_enc.c): 1464-byte datagrams of the IPv4/IPv6 mix below, templates
 * every 20 datagrams.
 * Prints one line per protocol with the median rate of RUNS runs.
 * Goal (issue #4): v9 and IPFIX >= 3M flows/s per core.
 */
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "proto/decode.h"
#include "proto/encode.h"

struct dgram {
	uint16_t len;
	uint8_t b[FLOW_ENC_MTU];
};

static void make_record(struct flow_record *r, unsigned i)
{
	int v6 = i % 8 == 7;

	flow_record_clear(r);
	r->present = 1ull << EX_GENERIC | 1ull << EX_MISC | 1ull << EX_AS |
		     (v6 ? 1ull << EX_IPV6 : 1ull << EX_IPV4 | 1ull << EX_IP_NH4);
	r->generic.msec_first = 1700000000000ull + i % 60000;
	r->generic.msec_last = r->generic.msec_first + i % 5000;
	r->generic.in_packets = 1 + i % 100;
	r->generic.in_bytes = 64 + i % 1400 * r->generic.in_packets;
	r->generic.src_port = (uint16_t)(1024 + i);
	r->generic.dst_port = i % 3 ? 443 : 53;
	r->generic.proto = i % 3 ? 6 : 17;
	r->generic.tcp_flags = 0x1b;
	if (v6) {
		r->ipv6.src = (struct flow_ip6){ 0x20010db800000000ull, i };
		r->ipv6.dst = (struct flow_ip6){ 0x20010db800000001ull, i * 7u };
	} else {
		r->ipv4.src = 0x0a000000 + i;
		r->ipv4.dst = 0xac100000 + i * 13u;
		r->ip_nh4.addr = 0xc0a80001;
	}
	r->misc.input = 1 + i % 16;
	r->misc.output = 2 + i % 16;
	r->as.src_as = 64512 + i % 100;
	r->as.dst_as = 65001;
}

/* All flows encoded into datagrams of one protocol; returns how many. */
static size_t encode_all(int version, unsigned flows, struct dgram **out)
{
	struct flow_enc e;
	struct flow_record r;
	size_t n = 0, cap = flows / 10 + 16;
	struct dgram *d = malloc(cap * sizeof(*d));
	unsigned i = 0;

	memset(&e, 0, sizeof(e));
	e.ops = flow_encoder_find(version);
	e.boot_msec = 1699990000000ull;
	e.source_id = 1;
	while (d && i < flows) {
		if (n == cap) {
			cap *= 2;
			struct dgram *nd = realloc(d, cap * sizeof(*d));
			if (!nd)
				break;
			d = nd;
		}
		e.ops->begin(&e, d[n].b, sizeof(d[n].b), 1700000100000ull);
		for (;;) {
			if (i >= flows)
				break;
			make_record(&r, i);
			/* v5 carries no IPv6: skip those flows there */
			if (version == 5 && flow_has(&r, EX_IPV6)) {
				i++;
				continue;
			}
			if (e.ops->add(&e, &r) != 0)
				break;
			i++;
		}
		d[n].len = (uint16_t)e.ops->finish(&e);
		if (d[n].len)
			n++;
	}
	*out = d;
	return n;
}

static int count_flow(void *ctx, const struct flow_record *r)
{
	(void)r;
	(*(uint64_t *)ctx)++;
	return 0;
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static double run_once(const struct dgram *d, size_t n, uint64_t *flows)
{
	struct flow_decoder_config cfg = { .kind = FLOW_DEC_NETFLOW };
	struct flow_decoder *dec = flow_decoder_new(&cfg, NULL);
	struct flow_decode_sink sink = { flows, count_flow, NULL, NULL, NULL };
	struct sockaddr_in sa;
	double t0;

	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_addr.s_addr = htonl(0x7f000001);
	*flows = 0;
	t0 = now();
	for (size_t i = 0; i < n; i++)
		flow_decoder_input(dec, (struct sockaddr *)&sa, sizeof(sa), d[i].b, d[i].len,
				   1700000100123ull, &sink, NULL);
	t0 = now() - t0;
	flow_decoder_free(dec);
	return t0;
}

int main(int argc, char **argv)
{
	unsigned flows = argc > 1 ? (unsigned)strtoul(argv[1], NULL, 10) : 3000000;
	int runs = argc > 2 ? atoi(argv[2]) : 5;
	static const int versions[] = { 5, 9, 10 };
	static const char *names[] = { "v5", "v9", "ipfix" };

	if (runs < 1 || runs > 99)
		runs = 5;
	for (int v = 0; v < 3; v++) {
		struct dgram *d;
		size_t n = encode_all(versions[v], flows, &d);
		double rate[99];
		uint64_t got = 0;

		if (!d || !n) {
			fprintf(stderr, "bench_decode: encoding failed\n");
			return 1;
		}
		for (int r = 0; r < runs; r++)
			rate[r] = run_once(d, n, &got);
		qsort(rate, (size_t)runs, sizeof(rate[0]), cmp_double);
		printf("decode %-5s %9llu flows in %7zu datagrams: %6.2f M flows/s (median of %d)\n",
		       names[v], (unsigned long long)got, n, (double)got / rate[runs / 2] / 1e6, runs);
		free(d);
	}
	return 0;
}
