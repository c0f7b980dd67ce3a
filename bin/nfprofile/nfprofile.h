/*
 * nfprofile.h - nfdump 1.7.1's nfprofile on top of lib/profile's
 * profiler (cli.md §6): the channel list NfSen writes to its stdin, the
 * filter files, and the messages it logs.
 */
#ifndef NFPROFILE_H
#define NFPROFILE_H

#include <stdio.h>
#include <time.h>

#include "file/nffile.h"
#include "profile/profiler.h"

struct nfp_opts {
	const char *datadir, *statdir;	/* -p, -P (default -p) */
	const char *mdirs, *rfile;	/* -M dir/ch1:ch2, -r nfcapd.<ISO> */
	const char *filtername;		/* -f, default "filter.txt" */
	int subdirlayout;		/* -S */
	long tslot;			/* -t: RRD time, 0 = no RRD update */
	int syntax_only;		/* -Z */
	int use_syslog;			/* -L given */
	struct nffile_opts wopts;	/* -z -y -j */
};

/* One line of the channel list, as profiler_run takes it plus what it owns. */
struct nfp_chanlist {
	struct profiler_channel *ch;
	char **owned;			/* strings and filters to free */
	size_t n, cap, nowned;
};

/* Log one message: to syslog with -L, else to stderr followed by a blank line as 1.7.1 does. */
void nfp_log(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* The same without the blank line (1.7.1's last filter error line). */
void nfp_log_line(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/*
 * Read "group#profile#type#channel#sources" lines from in; lines naming
 * a missing profile or channel directory, or malformed, are logged and
 * skipped.  Returns 0, or negative when out of memory.
 */
int nfp_read_list(const struct nfp_opts *o, FILE *in, struct nfp_chanlist *cl);

/*
 * Compile every channel's filter file; channels without one, or whose
 * filter does not compile, are logged and dropped.  With -Z prints the
 * "Check filter for channel" lines on stdout.
 */
void nfp_load_filters(const struct nfp_opts *o, struct nfp_chanlist *cl);

void nfp_chanlist_free(struct nfp_chanlist *cl);

#define NFP_MAX_SOURCES 256

/* The live channels of -M and their files for the -r slot. */
struct nfp_sources {
	char *names[NFP_MAX_SOURCES], *files[NFP_MAX_SOURCES];
	size_t n;
};

/* From -M "dir/ch1:ch2" (or none: -r is the file) and -r.  Negative on overflow. */
int nfp_sources_setup(struct nfp_sources *s, const char *mdirs, const char *rfile);
void nfp_sources_free(struct nfp_sources *s);

#endif
