/*
 * rrdlast - an RRD as shell tests need it, through librrd (no rrdtool
 * package needed).
 *
 *   rrdlast FILE         the last update: "TIME v1 v2 ..." as stored
 *   rrdlast FILE -f T    what rrdtool fetch AVERAGE shows for the 300 s
 *                        step ending at T+300: "v1 v2 ..." per second
 */
#include <rrd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int last(const char *file)
{
	time_t t;
	unsigned long n, i;
	char **names, **values;

	if (rrd_lastupdate_r(file, &t, &n, &names, &values) != 0) {
		fprintf(stderr, "%s: %s\n", file, rrd_get_error());
		return 1;
	}
	printf("%lld", (long long)t);
	for (i = 0; i < n; i++) {
		printf(" %s", values[i]);
		rrd_freemem(names[i]);
		rrd_freemem(values[i]);
	}
	printf("\n");
	rrd_freemem(names);
	rrd_freemem(values);
	return 0;
}

static int fetch(const char *file, time_t t)
{
	time_t start = t, end = t + 300;
	unsigned long step = 300, n, i;
	char **names;
	rrd_value_t *data;

	if (rrd_fetch_r(file, "AVERAGE", &start, &end, &step, &n, &names, &data) != 0) {
		fprintf(stderr, "%s: %s\n", file, rrd_get_error());
		return 1;
	}
	for (i = 0; i < n; i++) {
		printf("%s%.6f", i ? " " : "", data[i]);
		rrd_freemem(names[i]);
	}
	printf("\n");
	rrd_freemem(names);
	rrd_freemem(data);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc == 2)
		return last(argv[1]);
	if (argc == 4 && strcmp(argv[2], "-f") == 0)
		return fetch(argv[1], (time_t)strtoll(argv[3], NULL, 10));
	fprintf(stderr, "usage: rrdlast FILE [-f TIME]\n");
	return 2;
}
