/*
 * dump.h - what the parts of the dump binary share: the parsed command
 * line and the modes it can run.  Everything reusable lives in lib/.
 */
#ifndef DUMP_DUMP_H
#define DUMP_DUMP_H

#include <stddef.h>

#include "output/output.h"
#include "select/select.h"

/* nfdump's exit codes (cli.md §1.3.3). */
enum dump_exit {
	EXIT_OK = 0,
	EXIT_USAGE = 1,
	EXIT_NO_INPUT = 250,
	EXIT_FILTER = 254,
	EXIT_FILTER_FILE = 255,
};

struct dump_opts {
	const char *prog;
	const char *rfile, *Rrange, *Mdirs;
	const char *wfile;
	const char *vfile;
	const char *mode;		/* -o */
	const char *filter;		/* joined non-option words, or -f's text */
	const char *ffile;		/* -f */
	const char *twin_arg;		/* -t */
	struct flow_timewin twin;
	int have_twin;
	int info;			/* -I */
	int compression, level, compression_set;
	long limit;			/* -c: stop after this many passed; 0 = all */
	struct flow_print_opts print;
};

int dump_parse_args(struct dump_opts *o, int argc, char **argv);

/* The modes; each returns the process exit code. */
int dump_mode_verify(const struct dump_opts *o);
int dump_mode_info(const struct dump_opts *o, struct flow_selection *sel);
int dump_mode_read(const struct dump_opts *o, struct flow_selection *sel);

/* "prog: message" on stderr. */
void dump_warn(void *prog, const char *msg);

#endif
