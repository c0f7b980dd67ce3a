/*
 * Command line of dump: the union of nfdump 1.6, 1.7.1 and 1.7.8 options
 * (cli.md §1.3), parsed with getopt as nfdump does, so that option
 * clusters, attached values and filter words mixed in all behave the same.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "dump.h"
#include "file/codec.h"
#include "util/banned.h"

/* 1.7.8's string plus 1.7.1's -l/-L and 1.6's -K. */
static const char optstring[] =
	"6aA:Bbc:C:D:E:G:s:gH:hn:i:jf:qyz::r:v:w:J:K:M:NImO:P:R:XZt:TVW:x:l:L:o:";

static void usage(const char *prog)
{
	printf("usage %s [options] [\"filter\"]\n"
	       "-h\t\tthis text you see right here\n"
	       "-V\t\tPrint version and exit.\n"
	       "-r <file>\tread input from file (a directory reads all files below it)\n"
	       "-R <expr>\tread input from sequence of files: dir, dir/first, dir/first:last\n"
	       "-M <expr>\tRead input from multiple directories: /base/dir1:dir2:dir3\n"
	       "-w <file>\twrite output to file\n"
	       "-z\t\tLZO compress flows in output file.\n"
	       "-y\t\tLZ4 compress flows in output file.\n"
	       "-j\t\tBZ2 compress flows in output file.\n"
	       "-z=<codec>[:level]\tcompress output with lzo, lz4, bz2 or zstd.\n"
	       "-t <time>\ttime window: yyyy/MM/dd.hh:mm:ss[-yyyy/MM/dd.hh:mm:ss]\n"
	       "-c <n>\t\tLimit number of matching records\n"
	       "-f <file>\tread the filter from file\n"
	       "-I\t\tPrint file statistics (ident and stat record) and exit.\n"
	       "-Z\t\tCheck filter syntax and exit.\n"
	       "-X\t\tDump the compiled filter and exit.\n"
	       "-v <file>\tverify file: print its header, check every block.\n"
	       "-o <mode>\tUse <mode> to print out flows: line (default), long, extended,\n"
	       "\t\tbiline, bilong, gline, glong, nsel, nat, raw, csv, csv-fast, json,\n"
	       "\t\tndjson, pipe, null, 'fmt:<format>' or 'csv:<format>';\n"
	       "\t\ta 6 suffix (line6, long6, ...) prints full IPv6 addresses\n"
	       "-s <stat>[:p][/order]\tGenerate statistics for <stat> any valid record element.\n"
	       "\t\tand ordered by <order>: packets, bytes, flows, bps pps and bpp.\n"
	       "-n <num>\tDefine number of top N for stat or sorted output.\n"
	       "-a\t\tAggregate netflow data.\n"
	       "-A <expr>[/net]\tHow to aggregate: ',' sep list of tags see nfdump(1)\n"
	       "-b\t\tAggregate netflow records as bidirectional flows.\n"
	       "-B\t\tAggregate netflow records as bidirectional flows - Guess direction.\n"
	       "-O <order>\tSort order for aggregated flows - tstart, tend, flows, packets bps pps bbp etc.\n"
	       "-m\t\tPrint netflow data date sorted. Same as -O tstart\n"
	       "-l <expr>\tSet limit on packets for line and packed output format.\n"
	       "-L <expr>\tSet limit on bytes for line and packed output format.\n"
	       "-6\t\tPrint full IPv6 addresses\n"
	       "-T\t\tMark each address with a 0x01 byte (for the nfsen details page)\n"
	       "-q\t\tQuiet: Do not print the header and bottom stat lines.\n"
	       "-N\t\tPrint plain numbers\n"
	       "--dialect=1.7.1\tprint as Debian nfdump 1.7.1 (also NFDUMP_DIALECT=1.7.1);\n"
	       "\t\tthe default is nfdump 1.7.8's text\n"
	       "-W <num>\tRead with <num> worker threads (default: one per CPU).\n"
	       "-C, -G, -D\tAccepted for compatibility; no effect.\n",
	       prog);
}

static int set_compression(struct dump_opts *o, int id, int level)
{
	if (o->compression_set && o->compression != id) {
		fprintf(stderr, "Use one compression only: set -z=lzo, -z=lz4, -z=bz2 or z=zstd "
			"for valid compression formats\n");
		return EXIT_USAGE;
	}
	o->compression = id;
	o->level = level;
	o->compression_set = 1;
	return -1;
}

static int parse_z(struct dump_opts *o, const char *arg)
{
	struct flow_err err = { 0 };
	int id, level;

	if (!arg)	/* bare -z: LZO, as in every version */
		return set_compression(o, CODEC_LZO, 0);
	if (*arg == '=')
		arg++;
	if (flow_codec_parse(arg, &id, &level, &err) < 0) {
		fprintf(stderr, "%s\n", err.msg);
		return EXIT_USAGE;
	}
	return set_compression(o, id, level);
}

/* Join the words after the options into the filter, as nfdump does. */
static int join_filter(struct dump_opts *o, int argc, char **argv)
{
	static char buf[8192];
	size_t used = 0;

	buf[0] = '\0';
	for (int i = optind; i < argc; i++) {
		int n = snprintf(buf + used, sizeof(buf) - used, "%s%s", used ? " " : "", argv[i]);

		if (n < 0 || (size_t)n >= sizeof(buf) - used) {
			fprintf(stderr, "Filter too long\n");
			return EXIT_FILTER;
		}
		used += (size_t)n;
	}
	o->filter = buf;
	return -1;
}

/*
 * -f FILE: the filter from a file (comments and line breaks allowed); a
 * filter on the command line wins, as in nfdump.
 */
static int read_filter_file(struct dump_opts *o)
{
	static char buf[65536];
	FILE *f = fopen(o->ffile, "r");
	size_t n;

	if (!f && o->print.dialect == DIALECT_171) {
		fprintf(stderr, "Can't stat filter file '%s': %s\n", o->ffile, strerror(errno));
		return EXIT_USAGE;
	}
	if (!f) {	/* 1.7.8's text and code */
		fprintf(stderr, "path does not exist: %s\n", o->ffile);
		return EXIT_FILTER_FILE;
	}
	n = fread(buf, 1, sizeof(buf) - 1, f);
	if (!feof(f)) {
		fclose(f);
		fprintf(stderr, "Filter file too large: %s\n", o->ffile);
		return EXIT_FILTER_FILE;
	}
	fclose(f);
	buf[n] = '\0';
	o->filter = buf;
	return -1;
}

static int set_dialect(struct dump_opts *o, const char *v)
{
	if (v && strcmp(v, "1.7.1") == 0)
		o->print.dialect = DIALECT_171;
	else if (v && strcmp(v, "1.7.8") == 0)
		o->print.dialect = DIALECT_178;
	else if (v && *v) {
		fprintf(stderr, "Unknown dialect '%s': use 1.7.1 or 1.7.8\n", v);
		return EXIT_USAGE;
	}
	return -1;
}

static int parse_number(const char *arg, long *out, const char *msg)
{
	char *end;
	long v = strtol(arg, &end, 10);

	if (*end || v <= 0) {
		fprintf(stderr, "%s\n", msg);
		return EXIT_USAGE;
	}
	*out = v;
	return -1;
}

static int not_yet(const struct dump_opts *o, int c)
{
	fprintf(stderr, "%s: option -%c is not implemented yet\n", o->prog, c);
	return EXIT_USAGE;
}

static int one_option(struct dump_opts *o, int c, const char *arg)
{
	switch (c) {
	case 'r': o->rfile = arg; return -1;
	case 'R': o->Rrange = arg; return -1;
	case 'M': o->Mdirs = arg; return -1;
	case 'w': o->wfile = arg; return -1;
	case 'v': o->vfile = arg; return -1;
	case 'o': o->mode = arg; return -1;
	case 't': o->twin_arg = arg; return -1;
	case 'I': o->info = 1; return -1;
	case 'Z': o->syntax_only = 1; return -1;
	case 'X': o->syntax_only = o->filter_dump = 1; return -1;
	case 'f': o->ffile = arg; return -1;
	case 'q': o->print.quiet = 1; return -1;
	case 'N': o->print.plain_numbers = 1; return -1;
	case '6': o->print.long_ipv6 = 1; return -1;
	case 'T': o->print.tag = 1; return -1;
	case 'y': return set_compression(o, CODEC_LZ4, 0);
	case 'j': return set_compression(o, CODEC_BZ2, 0);
	case 'z': return parse_z(o, arg);
	case 'c': return parse_number(arg, &o->limit, "Option -c needs a number > 0");
	case 's': case 'n': case 'a': case 'A': case 'b': case 'B':
	case 'O': case 'm': case 'l': case 'L':
		return dump_stat_option(o, c, arg);
	case 'W': return parse_number(arg, &o->workers, "Option -W needs a number > 0");
	case 'C': case 'G': case 'D':
		return -1;	/* config, geo db, name server: no effect here */
	case 'V':
		printf("%s: Version: 1.7.8-net-collector-%s\n", o->prog, PACKAGE_VERSION);
		return EXIT_OK;
	case 'h':
		usage(o->prog);
		return EXIT_OK;
	case 'D' + 256:
		return set_dialect(o, arg);
	case '?':
		usage(o->prog);
		return EXIT_OK;	/* sic: nfdump exits 0 after an unknown option */
	}
	return not_yet(o, c);
}

int dump_parse_args(struct dump_opts *o, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "dialect", required_argument, NULL, 'D' + 256 },
		{ NULL, 0, NULL, 0 },
	};
	int c, rc;

	memset(o, 0, sizeof(*o));
	o->prog = argv[0];
	o->print.fp = stdout;
	o->stat.topn = -1;
	rc = set_dialect(o, getenv("NFDUMP_DIALECT"));
	if (rc >= 0)
		return rc;
	while ((c = getopt_long(argc, argv, optstring, longopts, NULL)) != -1) {
		rc = one_option(o, c, optarg);
		if (rc >= 0)
			return rc;
	}
	rc = join_filter(o, argc, argv);
	if (rc < 0 && o->ffile && !o->filter[0])
		rc = read_filter_file(o);
	if (rc >= 0)
		return rc;
	if (o->twin_arg) {
		struct flow_err err = { 0 };

		if (flow_timewin_parse(o->twin_arg, &o->twin, &err) < 0) {
			fprintf(stderr, "%s\n", err.msg);
			return EXIT_USAGE;
		}
		o->have_twin = 1;
	}
	if (!o->vfile && !o->syntax_only && !o->rfile && !o->Rrange && !o->Mdirs) {
		usage(o->prog);	/* nfdump: no input at all prints help, exit 0 */
		return EXIT_OK;
	}
	return -1;
}
