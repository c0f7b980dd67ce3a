/*
 * rrdmake - create nfsen channel RRDs (the profiler's own layout,
 * lib/profile/rrd.h) for shell tests that run nfprofile without sen.
 *
 *   rrdmake TSTART FILE...
 */
#include <stdio.h>
#include <stdlib.h>

#include "profile/rrd.h"

int main(int argc, char **argv)
{
	struct flow_err err = { 0 };

	if (argc < 3) {
		fprintf(stderr, "usage: rrdmake TSTART FILE...\n");
		return 2;
	}
	for (int i = 2; i < argc; i++)
		if (channel_rrd_create(argv[i], (time_t)atoll(argv[1]), 1, &err) < 0) {
			fprintf(stderr, "%s\n", err.msg);
			return 1;
		}
	return 0;
}
