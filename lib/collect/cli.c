/*
 * Command line of capd and sfcapd (see cli.h).  getopt with GNU
 * permutation, as nfcapd; the option string is 1.7.1's with the 1.7.8
 * and 1.6 options NfSen and scripts pass added.
 */
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <netinet/in.h>

#include "collect/cli.h"
#include "file/codec.h"
#include "select/select.h"
#include "util/banned.h"

static const char optstring[] = "46AB:b:C:d:DeEf:g:hI:i:jJ:l:m:M:n:N:o:p:P:rR:s:S:t:T:u:vVW:w:x:X:Y:yz::Z";

enum { OPT_STATUS = 256, OPT_MAXTPL };
static const struct option longopts[] = {
	{ "status-file", required_argument, NULL, OPT_STATUS },
	{ "max-templates", required_argument, NULL, OPT_MAXTPL },
	{ NULL, 0, NULL, 0 },
};

int collect_cli_usage(enum flow_decoder_kind kind, const char *prog, char *buf, size_t len)
{
	int sf = kind == FLOW_DEC_SFLOW;
	int n = snprintf(buf, len,
		"usage %s [options] \n"
		"-h\t\tthis text you see right here\n"
		"-u userid\tChange user to username\n"
		"-g groupid\tChange group to groupname\n"
		"-t interval\tset the interval to rotate %s files\n"
		"-b host\t\tbind socket to host/IP addr\n"
		"-J mcastgroup\tJoin multicast group <mcastgroup>\n"
		"-p portnum\tlisten on port portnum\n"
		"-w flowdir \tset the output directory to store the flows.\n"
		"-l flowdir \tLegacy alias for -w <dir>.\n"
		"-C <file>\tRead optional config file.\n"
		"-S subdir\tSub directory format. see nfcapd(1) for format\n"
		"-I Ident\tset the ident string for stat file. (default 'none')\n"
		"-n Ident,IP,flowdir\tAdd this flow source - multiple streams\n"
		"-M dir \t\tSet the output directory for dynamic sources.\n"
		"-P pidfile\tset the PID file\n"
		"-R IP[/port]\tRepeat incoming packets to IP address/port. Max 8 repeaters.\n"
		"%s"
		"-x process\tlaunch process after a new file becomes available\n"
		"-z\t\tLZO compress flows in output file.\n"
		"-y\t\tLZ4 compress flows in output file.\n"
		"-j\t\tBZ2 compress flows in output file.\n"
		"-z=codec[:level]\tlzo, bz2, lz4[:level] or zstd[:level] compress flows in output file.\n"
		"-B bufflen\tSet socket buffer to bufflen bytes\n"
		"-e\t\tExpire data at each cycle.\n"
		"-D\t\tFork to background\n"
		"-E\t\tLog every datagram's result. For debugging purpose only.\n"
		"-v\t\tIncrease verbose level.\n"
		"-4\t\tListen on IPv4 (default).\n"
		"-6\t\tListen on IPv6.\n"
		"-V\t\tPrint version and exit.\n"
		"-Z\t\tAdd timezone offset to filename.\n"
		"--status-file file\tWrite the exporter statistics to file on SIGUSR1.\n"
		"--max-templates n\tKeep at most n templates per exporter (default 1024).\n",
		prog, sf ? "sfcapd" : "nfcapd",
		sf ? "" : "-s rate\tset default sampling rate (default 1)\n");

	return n < 0 || (size_t)n >= len ? -1 : n;
}

/* An error: nfcapd's message in err, exit status 1. */
#define FAIL(err, ...) (flow_errorf((err), FLOW_EINVAL, __VA_ARGS__), 1)

/* realpath of a flow directory into out, nfcapd's message when it is not one. */
static int flow_dir(const char *dir, char *out, struct flow_err *err)
{
	char *p = realpath(dir, NULL);
	int ok = p && strlen(p) < 4096;

	if (ok)
		snprintf(out, 4096, "%s", p);
	free(p);
	return ok ? 0 : FAIL(err, "No valid directory: %s", dir);
}

static int set_codec(struct collect_cli *c, int *set, int id, int level, struct flow_err *err)
{
	if (*set && (int)c->cfg.compression != id)
		return FAIL(err, "%s", "Use one compression: -z for LZO, -j for BZ2 or -y for LZ4 compression");
	*set = 1;
	c->cfg.compression = (unsigned)id;
	c->cfg.level = level;
	return 0;
}

static int opt_z(struct collect_cli *c, int *set, const char *arg, struct flow_err *err)
{
	int id, level;

	if (!arg)
		return set_codec(c, set, CODEC_LZO, 0, err);
	if (*arg == '=')
		arg++;
	if (flow_codec_parse(arg, &id, &level, err) < 0)
		return 1;
	return set_codec(c, set, id, level, err);
}

int collect_cli_add_source(struct collect_cli *c, const char *ident, const char *ip,
			   const char *dir, struct flow_err *err)
{
	unsigned i = c->cfg.nsrc;
	struct collect_source_cfg *s = &c->cfg.src[i];

	if (i >= COLLECT_MAX_SOURCES)
		return FAIL(err, "Too many flow sources: %s", ident);
	snprintf(c->idents[i], sizeof(c->idents[i]), "%.127s", ident);
	memset(&s->addr, 0, sizeof(s->addr));
	if (inet_pton(AF_INET, ip, &((struct sockaddr_in *)&s->addr)->sin_addr) == 1) {
		s->addr.ss_family = AF_INET;
		s->addrlen = sizeof(struct sockaddr_in);
	} else if (inet_pton(AF_INET6, ip, &((struct sockaddr_in6 *)&s->addr)->sin6_addr) == 1) {
		s->addr.ss_family = AF_INET6;
		s->addrlen = sizeof(struct sockaddr_in6);
	} else {
		return FAIL(err, "Invalid IP address: %s", ip);
	}
	if (flow_dir(dir, c->dirs[i], err))
		return 1;
	s->ident = c->idents[i];
	s->dir = c->dirs[i];
	c->cfg.nsrc++;
	return 0;
}

/* -n ident,IP,flowdir */
static int opt_n(struct collect_cli *c, const char *arg, struct flow_err *err)
{
	char buf[4400], *ip, *dir;

	snprintf(buf, sizeof(buf), "%s", arg);
	ip = strchr(buf, ',');
	dir = ip ? strchr(ip + 1, ',') : NULL;
	if (!dir)
		return FAIL(err, "Syntax error in -n %s: expected ident,IP,flowdir", arg);
	*ip++ = '\0';
	*dir++ = '\0';
	return collect_cli_add_source(c, buf, ip, dir, err);
}

/* -R host[/port] */
static int opt_R(struct collect_cli *c, const char *arg, struct flow_err *err)
{
	unsigned i = c->cfg.nrep;
	const char *slash = strrchr(arg, '/');

	if (i >= COLLECT_MAX_REPEATERS)
		return FAIL(err, "Too many packet repeaters: %s. Max 8 repeaters.", arg);
	snprintf(c->rep_host[i], sizeof(c->rep_host[i]), "%.*s",
		 slash ? (int)(slash - arg) : (int)strlen(arg), arg);
	snprintf(c->rep_port[i], sizeof(c->rep_port[i]), "%s", slash ? slash + 1 : "9995");
	c->cfg.rep[i].host = c->rep_host[i];
	c->cfg.rep[i].port = c->rep_port[i];
	c->cfg.nrep++;
	return 0;
}

static int number(const char *s, long lo, long hi, long *out)
{
	char *end;
	long v = strtol(s, &end, 10);

	if (*s == '\0' || *end != '\0' || v < lo || v > hi)
		return -1;
	*out = v;
	return 0;
}

static void ignored(struct collect_cli *c, int opt)
{
	if (c->nwarn < 4)
		snprintf(c->warnings[c->nwarn++], sizeof(c->warnings[0]),
			 "Option -%c not supported and ignored", opt);
}

/* The options that take a number. */
static int opt_number(struct collect_cli *c, int ch, const char *arg, struct flow_err *err)
{
	long v;

	switch (ch) {
	case 't':
		if (number(arg, 2, 86400 * 365, &v) < 0)
			return FAIL(err, "time interval <= 2s not allowed");
		c->cfg.interval = (unsigned)v;
		return 0;
	case 'S':
		if (number(arg, 0, FLOW_SUBDIR_MAX, &v) < 0)
			return FAIL(err, "No such subdir level %s", arg);
		c->cfg.subdir_layout = (int)v;
		return 0;
	case 'B':
		if (number(arg, 1, 100L * 1024 * 1024, &v) < 0)
			return FAIL(err, "Argument error for -B");
		c->cfg.rcvbuf = (int)v;
		return 0;
	case 's':
		if (number(arg, -10000000, 10000000, &v) < 0 || v == 0)
			return FAIL(err, "Invalid sampling rate: %s", arg);
		c->cfg.sampling = (int)v;
		return 0;
	case OPT_MAXTPL:
		if (number(arg, 1, 65536, &v) < 0)
			return FAIL(err, "Invalid template limit: %s", arg);
		c->cfg.max_templates = (unsigned)v;
		return 0;
	}
	return 0;
}

/* One option; -1 when it was not a known one. */
static int option(struct collect_cli *c, int ch, const char *arg, int *zset, struct flow_err *err)
{
	switch (ch) {
	case 'h': c->help = 1; return 0;
	case 'V': c->version = 1; return 0;
	case '4': c->has4 = 1; return 0;
	case '6': c->has6 = 1; return 0;
	case 'b': c->cfg.bind_host = arg; return 0;
	case 'p': c->cfg.port = arg; return 0;
	case 'w': case 'l': c->dir = arg; return 0;
	case 'I': c->ident = arg; return 0;
	case 'n': return opt_n(c, arg, err);
	case 'R': return opt_R(c, arg, err);
	case 'P': c->pidfile = arg; return 0;
	case 'u': c->user = arg; return 0;
	case 'g': c->group = arg; return 0;
	case 'D': c->daemon = 1; return 0;
	case 'e': c->cfg.expire = 1; return 0;
	case 'Z': c->cfg.tz_names = 1; return 0;
	case 'x': c->cfg.launch = arg; return 0;
	case 'v': case 'E': c->cfg.log.verbose++; return 0;
	case 'z': return opt_z(c, zset, arg, err);
	case 'y': return set_codec(c, zset, CODEC_LZ4, 0, err);
	case 'j': return set_codec(c, zset, CODEC_BZ2, 0, err);
	case 't': case 'S': case 'B': case 's': case OPT_MAXTPL:
		return opt_number(c, ch, arg, err);
	case OPT_STATUS: c->cfg.status_file = arg; return 0;
	case 'J': c->cfg.mcast_group = arg; return 0;
	case 'M': return flow_dir(arg, c->dyn_dir, err);
	case 'C': c->conf = arg; return 0;
	case 'f': case 'd': return FAIL(err, "Reading data from pcap file/device not compiled in!");
	case 'Y': return FAIL(err, "Reading yaf files (-Y) is not supported");
	/* 1.7.8 and 1.6 options that change nothing here */
	case 'T': case 'i': case 'm': case 'W': case 'X': case 'A': case 'r':
	case 'N': case 'o':
		ignored(c, ch);
		return 0;
	}
	return -1;
}

/*
 * NfSen 1.3.8 passes 1.6's bare "-w" (sync to interval, now always on)
 * before "-D"; 1.7's getopt would take "-D" as the directory.  Drop a -w
 * that is last or followed by another option.
 */
static int drop_bare_w(int argc, char **argv)
{
	int out = 1;

	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "-w") == 0 && (i + 1 == argc || argv[i + 1][0] == '-'))
			continue;
		argv[out++] = argv[i];
	}
	argv[out] = NULL;
	return out;
}

static int finish(struct collect_cli *c, enum flow_decoder_kind kind, struct flow_err *err)
{
	if (collect_conf_read(c, kind == FLOW_DEC_SFLOW ? "sfcapd" : "nfcapd", err))
		return 1;
	if (c->cfg.nsrc > 0 && c->dir)
		return FAIL(err, "Do not mix -n with -w/-l: give every source with -n");
	if (c->dyn_dir[0] && (c->dir || c->cfg.nsrc > 0))
		return FAIL(err, "Can not mix IP specific and any IP sources");
	if (c->dyn_dir[0])
		c->cfg.dyn_dir = c->dyn_dir;
	if (c->cfg.mcast_group && c->cfg.bind_host)
		return FAIL(err, "ERROR, -b and -j are mutually exclusive!!");
	if (c->cfg.nsrc == 0 && !c->dyn_dir[0]) {
		if (!c->dir)
			return FAIL(err, "ERROR, No source configurations found");
		if (flow_dir(c->dir, c->dirs[0], err))
			return 1;
		c->cfg.src[0] = (struct collect_source_cfg){ .ident = c->ident ? c->ident : "none",
							     .dir = c->dirs[0], .any = 1 };
		c->cfg.nsrc = 1;
	}
	if (c->cfg.expire && c->cfg.tz_names)
		return FAIL(err, "ERROR, -Z timezone extension breaks expire -e");
	/* both -4 and -6: either; an IPv6 -b address needs an IPv6 socket */
	c->cfg.family = c->has4 && c->has6 ? AF_UNSPEC : c->has6 ? AF_INET6 : AF_INET;
	if (!c->has4 && !c->has6 && c->cfg.bind_host && strchr(c->cfg.bind_host, ':'))
		c->cfg.family = AF_UNSPEC;
	return -1;
}

int collect_cli_parse(struct collect_cli *c, enum flow_decoder_kind kind, int argc,
		      char **argv, struct flow_err *err)
{
	int ch, zset = 0;

	memset(c, 0, sizeof(*c));
	c->prog = argv[0];
	c->cfg.kind = kind;
	c->cfg.port = kind == FLOW_DEC_SFLOW ? "6343" : "9995";
	c->cfg.interval = 300;
	argc = drop_bare_w(argc, argv);
	optind = 0;	/* 0: glibc also forgets a half-parsed cluster of an earlier call */
	while ((ch = getopt_long(argc, argv, optstring, longopts, NULL)) != -1) {
		if (ch == '?')
			return FAIL(err, "%s", "");	/* getopt said it; usage follows */
		if (ch == 's' && kind == FLOW_DEC_SFLOW)
			return FAIL(err, "%s", "");
		int rc = option(c, ch, optarg, &zset, err);

		if (rc > 0)
			return rc;
	}
	if (c->help || c->version)
		return 0;
	return finish(c, kind, err);
}
