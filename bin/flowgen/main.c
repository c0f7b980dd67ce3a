/*
 * flowgen - send generated NetFlow v5/v9/IPFIX flows to a collector, or
 * replay the flows of capture files (also as the compatibility name
 * nfreplay, with nfreplay's options).  This file only parses options;
 * gen.c makes the flows, replay.c reads them from files, send.c sends them.
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "flowgen.h"
#include "proto/encode.h"
#include "util/alloc.h"
#include "util/banned.h"

static void usage(FILE *f)
{
	fprintf(f,
		"usage: flowgen -t HOST -p PORT [-v 5|9|10|sflow] [-n COUNT] [-d SECONDS]\n"
		"               [--rate FLOWS_PER_SEC] [--seed N] [--exporters N]\n"
		"               [--ipv6 PERCENT] [--mix zone1|uniform|FILE] [--sampling N]\n"
		"               [--no-gso] [-q] [-h]\n"
		"       flowgen -t HOST -p PORT [-v 5|9|10] -r FILE | -R RANGE [-M DIRS]\n"
		"               [-T WINDOW] [-n COUNT] [--rate N] [-q] [filter ...]\n"
		"  -t, --target HOST   collector address or name\n"
		"  -p, --port PORT     collector UDP port\n"
		"  -v, --version V     5 (NetFlow v5, default), 9 (NetFlow v9), 10 or ipfix,\n"
		"                      sflow (sFlow v5)\n"
		"  -n, --count COUNT   flows to send (default: until interrupted)\n"
		"  -d, --duration SEC  stop after SEC seconds\n"
		"      --rate N        send N flows per second (default: as fast as possible)\n"
		"      --seed N        seed of the flow mix (default 1): same seed, same flows\n"
		"      --exporters N   distinct engine/source ids, sFlow sub-agents (default 1)\n"
		"      --ipv6 PERCENT  share of IPv6 flows, not v5 (default 0)\n"
		"      --mix MIX       services of the flows: zone1 (default: nfsen's zone1\n"
		"                      profile channels), uniform (random protocol and port),\n"
		"                      or a file of 'proto port weight [bytes]' lines\n"
		"      --sampling N    sFlow: sample 1 in N packets (default 1000)\n"
		"      --no-gso        one datagram per message, no UDP segmentation offload\n"
		"  -r, --read FILE     replay the flows of capture file FILE\n"
		"  -R, --range RANGE   replay the files of a directory or dir/first[:last]\n"
		"  -M, --multi DIRS    with -r/-R: /base/d1:d2... read the same names in each\n"
		"  -T, --window TIME   replay only flows in yyyy/MM/dd.hh:mm:ss[-...] (as nfdump -t)\n"
		"  filter ...          replay only flows matching this nfdump filter\n"
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
		*v = FLOW_ENC_SFLOW5;
		return 0;
	}
	return bad("version", arg);
}

enum { OPT_RATE = 256, OPT_SEED, OPT_EXPORTERS, OPT_IPV6, OPT_NO_GSO, OPT_SAMPLING, OPT_MIX };

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
	{ "sampling", required_argument, NULL, OPT_SAMPLING },
	{ "mix", required_argument, NULL, OPT_MIX },
	{ "read", required_argument, NULL, 'r' },
	{ "range", required_argument, NULL, 'R' },
	{ "multi", required_argument, NULL, 'M' },
	{ "window", required_argument, NULL, 'T' },
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
	case 'r': o->rfile = arg; return 0;
	case 'R': o->range = arg; return 0;
	case 'M': o->mdirs = arg; return 0;
	case 'T': o->window = arg; return 0;
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
	case OPT_MIX:
		fg_mix_free(&o->mix);	/* the last --mix counts */
		return fg_mix_parse(&o->mix, arg);
	case OPT_SAMPLING:
		if (number("sampling rate", arg, 1, UINT32_MAX, &v))
			return -1;
		o->sampling = (uint32_t)v;
		return 0;
	default:
		fprintf(stderr, "flowgen: bad option (flowgen -h for help)\n");
		return -1;
	}
}

static int replaying(const struct fg_opts *o)
{
	return o->rfile || o->range || o->mdirs;
}

/* The remaining words, joined with single spaces (as nfdump and nfreplay). */
static int join_filter(struct fg_opts *o, int n, char **words)
{
	size_t len = 1, at = 0;

	for (int i = 0; i < n; i++)
		len += strlen(words[i]) + 1;
	o->filter = flow_calloc(1, len);
	if (!o->filter) {
		fprintf(stderr, "%s: out of memory\n", o->prog);
		return -1;
	}
	for (int i = 0; i < n; i++) {
		size_t l = strlen(words[i]);

		if (i)
			o->filter[at++] = ' ';
		memcpy(o->filter + at, words[i], l);
		at += l;
	}
	return 0;
}

static int parse_args(struct fg_opts *o, int argc, char **argv)
{
	int c, rc;

	*o = (struct fg_opts){ .version = 5, .seed = 1, .exporters = 1, .prog = "flowgen" };
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":t:p:v:n:d:qhr:R:M:T:", longopts, NULL)) != -1) {
		if (c == ':') {
			fprintf(stderr, "flowgen: option needs a value (flowgen -h for help)\n");
			return -1;
		}
		if ((rc = option(o, c, optarg)) != 0)
			return rc;
	}
	if (!replaying(o) && o->window) {
		fprintf(stderr, "flowgen: -T needs -r, -R or -M (flowgen -h for help)\n");
		return -1;
	}
	if (optind < argc) {
		if (!replaying(o))
			return bad("argument", argv[optind]);
		if (join_filter(o, argc - optind, argv + optind))
			return -1;
	}
	if (!o->host || !o->port) {
		fprintf(stderr, "flowgen: -t HOST and -p PORT are required (flowgen -h for help)\n");
		return -1;
	}
	if (o->ipv6_pct && o->version == 5) {
		fprintf(stderr, "flowgen: --ipv6 needs -v 9, 10 or sflow (v5 carries IPv4 only)\n");
		return -1;
	}
	return 0;
}

/* A whole filter file (nfreplay -f) into o->filter. */
static int filter_file(struct fg_opts *o, const char *path)
{
	FILE *f = fopen(path, "r");
	size_t len = 0, cap = 4096;
	char *buf;

	if (!f) {
		fprintf(stderr, "nfreplay: cannot open filter file '%s'\n", path);
		return -1;
	}
	buf = flow_calloc(1, cap);
	while (buf) {
		size_t got = fread(buf + len, 1, cap - len - 1, f);

		len += got;
		if (len < cap - 1)
			break;
		char *nb = flow_calloc(1, cap * 2);

		if (nb)
			memcpy(nb, buf, len);
		flow_free(buf);
		buf = nb;
		cap *= 2;
	}
	fclose(f);
	if (!buf) {
		fprintf(stderr, "nfreplay: out of memory\n");
		return -1;
	}
	buf[len] = '\0';
	flow_free(o->filter);
	o->filter = buf;
	return 0;
}

static void nfreplay_usage(FILE *f, const char *argv0)
{
	fprintf(f,
		"usage %s [options] [\"filter\"]\n"
		"-h\t\tthis text you see right here\n"
		"-V\t\tPrint version and exit.\n"
		"-E\t\tPrint what was sent.\n"
		"-H <Host/ip>\tTarget IP address default: 127.0.0.1 (-i: old name)\n"
		"-4\t\tForce IPv4 protocol.\n"
		"-6\t\tForce IPv6 protocol.\n"
		"-p <port>\tTarget port default 9995\n"
		"-d <usec>\tDelay in usec between packets. default: none\n"
		"-c <cnt>\tSend only the first cnt flows. default send all\n"
		"-b <bsize>\tSend buffer size.\n"
		"-r <input>\tread from file (a directory: as -R)\n"
		"-R <range>\tread from directory or dir/first[:last]\n"
		"-M <dirs>\tread the same files in /base/d1:d2...\n"
		"-f <filter>\tfilter syntaxfile\n"
		"-v <version>\tUse netflow version to send flows: 5, 9 (default) or 10\n"
		"-t <time>\ttime window for sending packets\n"
		"\t\tyyyy/MM/dd.hh:mm:ss[-yyyy/MM/dd.hh:mm:ss]\n"
		"Not supported: -j, -L, -S, -z, -Y, -K.\n", argv0);
}

/*
 * nfreplay's options (cli.md 1.6) mapped onto the replay.  Returns 0,
 * 1 for -h, 2 for -V, -1 on error (one line printed).
 */
static int parse_nfreplay(struct fg_opts *o, int argc, char **argv)
{
	uint64_t v;
	int c;

	*o = (struct fg_opts){ .version = 9, .seed = 1, .exporters = 1, .prog = "nfreplay",
			       .host = "127.0.0.1", .port = "9995", .quiet = 1 };
	opterr = 0;
	while ((c = getopt(argc, argv, ":46EhH:i:K:L:p:S:d:c:b:j:r:R:M:f:t:v:z:VY")) != -1) {
		const char *arg = optarg;

		switch (c) {
		case '4': o->family = AF_INET; break;
		case '6': o->family = AF_INET6; break;
		case 'E': o->quiet = 0; break;
		case 'h': return 1;
		case 'V': return 2;
		case 'H': case 'i': o->host = arg; break;
		case 'p':
			if (number("port", arg, 1, 65535, &v))
				return -1;
			o->port = arg;
			break;
		case 'd':
			if (number("delay", arg, 0, 10000000, &o->delay_us))
				return -1;
			break;
		case 'c':
			if (number("count", arg, 1, UINT64_MAX, &o->count))
				return -1;
			break;
		case 'b':
			if (number("send buffer size", arg, 1, 1u << 30, &v))
				return -1;
			o->sndbuf = (int)v;
			break;
		case 'r': o->rfile = arg; break;
		case 'R': o->range = arg; break;
		case 'M': o->mdirs = arg; break;
		case 't': o->window = arg; break;
		case 'f':
			if (filter_file(o, arg))
				return -1;
			break;
		case 'v':
			if (strcmp(arg, "5") && strcmp(arg, "9") && strcmp(arg, "10")) {
				fprintf(stderr, "nfreplay: Invalid netflow version: %s. "
					"Accept only 5, 9 or 10!\n", arg);
				return -1;
			}
			o->version = atoi(arg);
			break;
		case 'K':
			fprintf(stderr, "nfreplay: *** Anonymization moved! "
				"Use nfanon to anonymize flows first!\n");
			return -1;
		case 'j': case 'L': case 'S': case 'z': case 'Y':
			fprintf(stderr, "nfreplay: option -%c is not supported\n", c);
			return -1;
		case ':':
			fprintf(stderr, "nfreplay: option -%c needs a value (nfreplay -h for help)\n",
				optopt);
			return -1;
		default:
			fprintf(stderr, "nfreplay: invalid option -- '%c' (nfreplay -h for help)\n",
				optopt);
			return -1;
		}
	}
	if (optind < argc) {
		if (o->filter) {
			fprintf(stderr, "nfreplay: give a filter either with -f or as words\n");
			return -1;
		}
		if (join_filter(o, argc - optind, argv + optind))
			return -1;
	}
	if (!replaying(o)) {
		fprintf(stderr, "nfreplay: -r, -R or -M is required (nfreplay -h for help)\n");
		return -1;
	}
	return 0;
}

/* What was sent, on stdout: two lines, totals and flows by IP protocol. */
static void report(const struct fg_opts *o, const struct fg_stats *st)
{
	const char *what = o->version == 5 ? "NetFlow v5" : o->version == 9 ? "NetFlow v9" :
			   o->version == 10 ? "IPFIX" : "sFlow v5";

	printf("%s: sent %" PRIu64 " flows in %" PRIu64 " %s datagrams (%" PRIu64
	       " bytes) to %s port %s in %.3f s (%.0f flows/s)\n",
	       o->prog, st->flows, st->datagrams, what, st->bytes, o->host, o->port,
	       st->seconds, st->seconds > 0 ? (double)st->flows / st->seconds : 0.0);
	printf("%s: flows by protocol: tcp %" PRIu64 ", udp %" PRIu64 ", icmp %" PRIu64
	       ", other %" PRIu64 "\n", o->prog, st->proto[FG_TCP], st->proto[FG_UDP],
	       st->proto[FG_ICMP], st->proto[FG_OTHER]);
}

static const char *basename_of(const char *path)
{
	const char *s = strrchr(path, '/');

	return s ? s + 1 : path;
}

static void opts_free(struct fg_opts *o)
{
	flow_free(o->filter);
	fg_mix_free(&o->mix);
}

int main(int argc, char **argv)
{
	struct fg_opts o;
	struct fg_stats st;
	int nfreplay = argc > 0 && !strcmp(basename_of(argv[0]), "nfreplay");
	int rc = nfreplay ? parse_nfreplay(&o, argc, argv) : parse_args(&o, argc, argv);

	if (rc == 1) {
		if (nfreplay)
			nfreplay_usage(stdout, argv[0]);
		else
			usage(stdout);
		opts_free(&o);
		return 0;
	}
	if (rc == 2) {
		printf("%s: Version: 1.7.1 (net-collector flowgen)\n", argv[0]);
		opts_free(&o);
		return 0;
	}
	if (rc < 0) {
		opts_free(&o);
		return FG_EXIT_ERR;
	}
	rc = replaying(&o) ? fg_replay(&o, &st) : fg_send(&o, &st);
	if (!o.quiet && rc == 0)
		report(&o, &st);
	opts_free(&o);
	return rc;
}
