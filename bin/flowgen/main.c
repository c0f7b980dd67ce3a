/*
 * flowgen - send generated NetFlow v5/v9/IPFIX flows to a collector.
 * This file only parses options; gen.c makes the flows, send.c sends them.
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "flowgen.h"
#include "util/banned.h"

static void usage(FILE *f)
{
	fprintf(f,
		"usage: flowgen -t HOST -p PORT [-v 5|9|10] [-n COUNT] [-d SECONDS]\n"
		"               [--rate FLOWS_PER_SEC] [--seed N] [--exporters N]\n"
		"               [--ipv6 PERCENT] [--no-gso] [-q] [-h]\n"
		"  -t, --target HOST   collector address or name\n"
		"  -p, --port PORT     collector UDP port\n"
		"  -v, --version V     5 (NetFlow v5, default), 9 (NetFlow v9), 10 or ipfix\n"
		"  -n, --count COUNT   flows to send (default: until interrupted)\n"
		"  -d, --duration SEC  stop after SEC seconds\n"
		"      --rate N        send N flows per second (default: as fast as possible)\n"
		"      --seed N        seed of the flow mix (default 1): same seed, same flows\n"
		"      --exporters N   distinct source ids / engine ids (default 1)\n"
		"      --ipv6 PERCENT  share of IPv6 flows, v9 and IPFIX only (default 0)\n"
		"      --no-gso        one datagram per message, no UDP segmentation offload\n"
		"  -q, --quiet         do not print what was sent\n"
		"  -h, --help          this help\n");
}

static int bad(const char *what, const char *arg)
{
	fprintf(stderr, "flowgen: bad %s '%s' (flowgen -h for help)\n", what, arg);
	return -1;
}

/* A decimal number in [min, max]; anything else is an error. */
static int number(const char *what, const char *arg, uint64_t min, uint64_t max, uint64_t *v)
{
	char *end;

	errno = 0;
	if (!arg[0] || arg[0] == '-')
		return bad(what, arg);
	*v = strtoull(arg, &end, 10);
	if (errno || *end || *v < min || *v > max)
		return bad(what, arg);
	return 0;
}

static int version(const char *arg, int *v)
{
	if (!strcmp(arg, "5") || !strcmp(arg, "9") || !strcmp(arg, "10")) {
		*v = atoi(arg);
		return 0;
	}
	if (!strcmp(arg, "ipfix")) {
		*v = 10;
		return 0;
	}
	if (!strcmp(arg, "sflow")) {
		fprintf(stderr, "flowgen: -v sflow is not implemented yet\n");
		return -1;
	}
	return bad("version", arg);
}

enum { OPT_RATE = 256, OPT_SEED, OPT_EXPORTERS, OPT_IPV6, OPT_NO_GSO };

static const struct option longopts[] = {
	{ "target", required_argument, NULL, 't' },
	{ "port", required_argument, NULL, 'p' },
	{ "version", required_argument, NULL, 'v' },
	{ "count", required_argument, NULL, 'n' },
	{ "duration", required_argument, NULL, 'd' },
	{ "quiet", no_argument, NULL, 'q' },
	{ "help", no_argument, NULL, 'h' },
	{ "rate", required_argument, NULL, OPT_RATE },
	{ "seed", required_argument, NULL, OPT_SEED },
	{ "exporters", required_argument, NULL, OPT_EXPORTERS },
	{ "ipv6", required_argument, NULL, OPT_IPV6 },
	{ "no-gso", no_argument, NULL, OPT_NO_GSO },
	{ NULL, 0, NULL, 0 },
};

/* One option; returns 0, 1 for -h, -1 on error (already reported). */
static int option(struct fg_opts *o, int c, const char *arg)
{
	uint64_t v;

	switch (c) {
	case 't': o->host = arg; return 0;
	case 'p': return number("port", arg, 1, 65535, &v) ? -1 : (o->port = arg, 0);
	case 'v': return version(arg, &o->version);
	case 'n': return number("count", arg, 1, UINT64_MAX, &o->count);
	case 'd': return number("duration", arg, 1, 86400 * 366, &o->duration);
	case 'q': o->quiet = 1; return 0;
	case 'h': return 1;
	case OPT_NO_GSO: o->no_gso = 1; return 0;
	case OPT_RATE: return number("rate", arg, 1, 1000000000, &o->rate);
	case OPT_SEED: return number("seed", arg, 0, UINT64_MAX, &o->seed);
	case OPT_EXPORTERS:
		if (number("exporters", arg, 1, 65535, &v))
			return -1;
		o->exporters = (unsigned)v;
		return 0;
	case OPT_IPV6:
		if (number("ipv6 percent", arg, 0, 100, &v))
			return -1;
		o->ipv6_pct = (unsigned)v;
		return 0;
	default:
		fprintf(stderr, "flowgen: bad option (flowgen -h for help)\n");
		return -1;
	}
}

static int parse_args(struct fg_opts *o, int argc, char **argv)
{
	int c, rc;

	*o = (struct fg_opts){ .version = 5, .seed = 1, .exporters = 1 };
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":t:p:v:n:d:qh", longopts, NULL)) != -1) {
		if (c == ':') {
			fprintf(stderr, "flowgen: option needs a value (flowgen -h for help)\n");
			return -1;
		}
		if ((rc = option(o, c, optarg)) != 0)
			return rc;
	}
	if (optind < argc)
		return bad("argument", argv[optind]);
	if (!o->host || !o->port) {
		fprintf(stderr, "flowgen: -t HOST and -p PORT are required (flowgen -h for help)\n");
		return -1;
	}
	if (o->ipv6_pct && o->version == 5) {
		fprintf(stderr, "flowgen: --ipv6 needs -v 9 or -v 10 (v5 carries IPv4 only)\n");
		return -1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	struct fg_opts o;
	struct fg_stats st;
	int rc = parse_args(&o, argc, argv);

	if (rc == 1) {
		usage(stdout);
		return 0;
	}
	if (rc < 0)
		return FG_EXIT_ERR;
	rc = fg_send(&o, &st);
	if (!o.quiet && rc == 0)
		printf("flowgen: sent %" PRIu64 " flows in %" PRIu64 " %s datagrams (%" PRIu64
		       " bytes) to %s port %s in %.3f s (%.0f flows/s)\n",
		       st.flows, st.datagrams, o.version == 5 ? "NetFlow v5" :
		       o.version == 9 ? "NetFlow v9" : "IPFIX", st.bytes, o.host, o.port,
		       st.seconds, st.seconds > 0 ? (double)st.flows / st.seconds : 0.0);
	return rc;
}
