/*
 * nfprofile - NfSen's profiler with nfdump 1.7.1's command line
 * (cli.md §6): the channel list on stdin, one slot of the live files of
 * -M/-r split into the channels' files, .nfstat and RRDs by the same
 * profiler_run that sen's cycle uses.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <syslog.h>
#include <unistd.h>

#include "expire/expire.h"
#include "file/codec.h"
#include "nfprofile.h"
#include "util/alloc.h"
#include "util/banned.h"

#define EXIT_ERR 255	/* 1.7.1's status for a bad command line */

static int use_syslog;

static void vlog(const char *end, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));

static void vlog(const char *end, const char *fmt, va_list ap)
{
	if (use_syslog) {
		vsyslog(LOG_INFO, fmt, ap);
	} else {
		vfprintf(stderr, fmt, ap);
		fputs(end, stderr);
	}
}

void nfp_log(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vlog("\n\n", fmt, ap);
	va_end(ap);
}

void nfp_log_line(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vlog("\n", fmt, ap);
	va_end(ap);
}

static void warn(void *ctx, const char *msg)
{
	(void)ctx;
	nfp_log("%s", msg);
}

static void usage(const char *name)
{
	printf("usage %s [options] \n"
	       "-h\t\tthis text you see right here\n"
	       "-V\t\tPrint version and exit.\n"
	       "-D <dns>\tUse nameserver <dns> for host lookup.\n"
	       "-M <expr>\tRead input from multiple directories.\n"
	       "-r\t\tread input from file\n"
	       "-f\t\tfilename with filter syntaxfile\n"
	       "-p\t\tprofile data dir.\n"
	       "-P\t\tprofile stat dir.\n"
	       "-s\t\tprofile subdir.\n"
	       "-Z\t\tCheck filter syntax and exit.\n"
	       "-S subdir\tSub directory format. see nfcapd(1) for format\n"
	       "-z\t\tLZO compress flows in output file.\n"
	       "-y\t\tLZ4 compress flows in output file.\n"
	       "-j\t\tBZ2 compress flows in output file.\n"
	       "-t <time>\ttime for RRD update\n",
	       name);
}

static int facility(const char *name)
{
	static const struct { const char *n; int f; } tab[] = {
		{ "daemon", LOG_DAEMON }, { "user", LOG_USER }, { "local0", LOG_LOCAL0 },
		{ "local1", LOG_LOCAL1 }, { "local2", LOG_LOCAL2 }, { "local3", LOG_LOCAL3 },
		{ "local4", LOG_LOCAL4 }, { "local5", LOG_LOCAL5 }, { "local6", LOG_LOCAL6 },
		{ "local7", LOG_LOCAL7 },
	};

	for (size_t i = 0; i < sizeof(tab) / sizeof(tab[0]); i++)
		if (strcmp(tab[i].n, name) == 0)
			return tab[i].f;
	return LOG_DAEMON;
}

/* -z, -z=codec[:level], -zcodec */
static int compression(struct nfp_opts *o, const char *arg)
{
	struct flow_err err = { 0 };
	int id = CODEC_LZO, level = 0;

	if (arg && flow_codec_parse(*arg == '=' ? arg + 1 : arg, &id, &level, &err) < 0) {
		fprintf(stderr, "%s\n", err.msg);
		return -1;
	}
	o->wopts.compression = (unsigned)id;
	o->wopts.level = level;
	return 0;
}

/* One option; 1 = exit 0 now, -1 = exit EXIT_ERR. */
static int option(struct nfp_opts *o, int c, const char *arg, const char *prog)
{
	switch (c) {
	case 'p': o->datadir = arg; return 0;
	case 'P': o->statdir = arg; return 0;
	case 'M': o->mdirs = arg; return 0;
	case 'r': o->rfile = arg; return 0;
	case 'f': o->filtername = arg; return 0;
	case 'S': o->subdirlayout = atoi(arg); return 0;
	case 't': o->tslot = atol(arg); return 0;
	case 'Z': o->syntax_only = 1; return 0;
	case 'L':
		openlog("nfprofile", LOG_CONS | LOG_PID, facility(arg));
		o->use_syslog = use_syslog = 1;
		return 0;
	case 'z': return compression(o, arg);
	case 'y': return compression(o, "lz4");
	case 'j': return compression(o, "bz2");
	case 'V': printf("%s: Version: net-collector nfprofile (nfdump 1.7.1 compatible)\n", prog); return 1;
	case 'I': case 'D': case 'H': case 'n': case 'J': case 'i':
		return 0;	/* stdin is always read; the rest are 1.7.1 leftovers */
	default:
		/* 1.7.1 prints the usage and exits 0 for -h and unknown options alike */
		usage(prog);
		return 1;
	}
}

static int check_dirs(struct nfp_opts *o)
{
	struct stat st;

	if (!o->datadir) {
		nfp_log("Profile data directory required!");
		return -1;
	}
	if (!o->statdir)
		o->statdir = o->datadir;
	if (stat(o->datadir, &st) < 0 || !S_ISDIR(st.st_mode)) {
		nfp_log("'%s' not a directory", o->datadir);
		return -1;
	}
	return 0;
}

/* Profile the slot of -r into the channels of cl. */
static int profile(const struct nfp_opts *o, struct nfp_chanlist *cl)
{
	struct nfp_sources src;
	struct profiler_job job;
	struct flow_stat st[NFP_MAX_SOURCES];
	int found[NFP_MAX_SOURCES];
	struct flow_err err = { 0 };
	const char *base = strrchr(o->rfile, '/');
	time_t slot = expire_file_time(base ? base + 1 : o->rfile);

	if (slot == (time_t)-1) {
		nfp_log("Can not get time slot from '%s'", o->rfile);
		return -1;
	}
	if (nfp_sources_setup(&src, o->mdirs, o->rfile) < 0) {
		nfp_log("Too many or too long input directories: %s", o->mdirs);
		nfp_sources_free(&src);
		return -1;
	}
	if (src.n == 0) {
		/* 1.7.1 then looks for -r itself, from /, and says so; the channels get empty files */
		nfp_log_line("stat() '%s': No such file or directory", o->rfile);
		nfp_log("GetNextFile() error in nfprofile.c line 109: No such file or directory");
	}
	memset(&job, 0, sizeof(job));
	job.slot = slot;
	job.datadir = o->datadir;
	job.statdir = o->statdir;
	job.subdirlayout = o->subdirlayout;
	job.wopts = o->wopts;
	job.sources = (const char *const *)src.names;
	job.source_files = (const char *const *)src.files;
	job.nsources = src.n;
	job.rrd_time = o->tslot > 0 ? (time_t)o->tslot : -1;
	job.nfstat_add_only = 1;
	job.ch = cl->ch;
	job.nch = cl->n;
	job.source_stat = st;
	job.source_found = found;
	if (profiler_run(&job, warn, NULL, &err) < 0)
		nfp_log("%s", err.msg);
	nfp_sources_free(&src);
	return 0;
}

int main(int argc, char **argv)
{
	struct nfp_opts o = { .filtername = "filter.txt" };
	struct nfp_chanlist cl;
	int c, rc = 0;

	while ((c = getopt(argc, argv, "D:HIL:p:P:hi:f:Jr:n:M:S:t:Vz::yjZ")) != -1)
		if ((rc = option(&o, c, optarg, argv[0])) != 0)
			return rc < 0 ? EXIT_ERR : 0;
	if (check_dirs(&o) < 0)
		return EXIT_ERR;
	if (nfp_read_list(&o, stdin, &cl) < 0) {
		nfp_log("Out of memory");
		nfp_chanlist_free(&cl);
		return EXIT_ERR;
	}
	if (!o.rfile && !o.syntax_only) {
		nfp_log("-r filename required!");
		nfp_chanlist_free(&cl);
		return EXIT_ERR;
	}
	nfp_load_filters(&o, &cl);
	if (cl.n == 0)
		nfp_log("No channels to process.");
	else
		rc = profile(&o, &cl);
	nfp_chanlist_free(&cl);
	return rc < 0 ? EXIT_ERR : 0;
}
