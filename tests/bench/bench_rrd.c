/*
 * bench_rrd - time channel RRD updates: N channel RRDs are created in DIR,
 * then one slot is written to each; prints the update time.
 *
 *   bench_rrd DIR [N]
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "profile/rrd.h"

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	struct flow_err err = { 0 };
	uint64_t v[CHANNEL_RRD_DS] = { 0 };
	time_t t0 = 1795716000;
	char path[4096];
	int n = argc > 2 ? atoi(argv[2]) : 1000, i, k;
	double t;

	if (argc < 2) {
		fprintf(stderr, "usage: bench_rrd DIR [N]\n");
		return 2;
	}
	for (i = 0; i < n; i++) {
		snprintf(path, sizeof(path), "%s/ch%d.rrd", argv[1], i);
		if (channel_rrd_create(path, t0, 1, &err) < 0) {
			fprintf(stderr, "%s\n", err.msg);
			return 1;
		}
	}
	t = now();
	for (i = 0; i < n; i++) {
		for (k = 0; k < CHANNEL_RRD_DS; k++)
			v[k] = (uint64_t)(i * 100 + k);
		snprintf(path, sizeof(path), "%s/ch%d.rrd", argv[1], i);
		if (channel_rrd_update(path, t0, v, &err) < 0) {
			fprintf(stderr, "%s\n", err.msg);
			return 1;
		}
	}
	printf("rrd updates: %d channels in %.3f s\n", n, now() - t);
	return 0;
}
