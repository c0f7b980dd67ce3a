/*
 * rrdlast - print an RRD's last update as "TIME v1 v2 ...", through
 * librrd, for shell tests (rrdtool lastupdate without the rrdtool package).
 *
 *   rrdlast FILE
 */
#include <rrd.h>
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv)
{
	time_t last;
	unsigned long n, i;
	char **names, **values;

	if (argc != 2) {
		fprintf(stderr, "usage: rrdlast FILE\n");
		return 2;
	}
	if (rrd_lastupdate_r(argv[1], &last, &n, &names, &values) != 0) {
		fprintf(stderr, "%s: %s\n", argv[1], rrd_get_error());
		return 1;
	}
	printf("%lld", (long long)last);
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
