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

/* What stat.c needs from the command line; parsed there. */
struct dump_stat_opts {
	const char *s_args[9];		/* -s, in order (nfdump takes 8) */
	int ns;
	long topn;			/* -n; -1 = not given */
	int aggregate;			/* -a */
	const char *aggr_mask;		/* -A */
	int bidir;			/* -b: 1, -B: 2 */
	const char *order;		/* -O (-m: "tstart") */
	const char *pkt_limit, *byte_limit;	/* -l, -L */
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
	int syntax_only;		/* -Z */
	int filter_dump;		/* -X: print the compiled filter too */
	int compression, level, compression_set;
	long limit;			/* -c: stop after this many passed; 0 = all */
	long workers;			/* -W; 0 = one per CPU */
	struct flow_print_opts print;
	struct dump_stat_opts stat;	/* -s -n -a -A -b -B -O -m -l -L (stat.c) */
};

int dump_parse_args(struct dump_opts *o, int argc, char **argv);

/* The modes; each returns the process exit code. */
int dump_mode_verify(const struct dump_opts *o);
int dump_mode_info(const struct dump_opts *o, struct flow_selection *sel);
int dump_mode_read(const struct dump_opts *o, struct flow_selection *sel);
int dump_mode_syntax(const struct dump_opts *o);
/* stat.c: -s, -a/-A/-b/-B, -O; dump_stat_wanted says when it runs. */
int dump_stat_option(struct dump_opts *o, int c, const char *arg);
int dump_stat_wanted(const struct dump_opts *o);
int dump_mode_stat(const struct dump_opts *o, struct flow_selection *sel);

/*
 * The read path with the flows that pass handed to a sink instead of a
 * printer (stat.c); end gets the footer counts and returns the exit code.
 */
struct flow_item;
struct flow_aggr;
/* stat_write.c: -w of the aggregated or sorted table. */
int dump_stat_write(const struct dump_opts *o, struct flow_aggr *a, int order, int asc,
		    int guess);
struct flow_source_stage;
struct dump_sink {
	void *ctx;
	int (*flow)(void *ctx, const struct flow_item *it, struct flow_err *err);
	/*
	 * Optional: a stage the read path's workers run over whole blocks
	 * (0 when there is one, set in *st), and the counting of each result
	 * here; the result starts with struct block_pass.
	 */
	int (*stage)(void *ctx, struct flow_source_stage *st);
	int (*block)(void *ctx, void *result, struct flow_err *err);
	int (*end)(void *ctx, const struct flow_summary *s);
};
int dump_read_into(const struct dump_opts *o, struct flow_selection *sel,
		   const struct dump_sink *sink);

/* What passed in a block the workers did whole: the footer's counts. */
struct block_pass {
	struct flow_stat passed;
	uint64_t npassed;
};

/*
 * print_stage.c: the workers' part of a listing (-W).  Each block they
 * print gives a struct block_text (FLOW_ITEM_BLOCK's result).
 */
struct block_text {
	struct block_pass pass;
	struct flow_text text;
};
void dump_print_stage(struct flow_source_stage *st, const struct dump_opts *o);

/* stat_stage.c: the workers' part of element statistics (-W). */
struct flow_stats;
void dump_stat_stage(struct flow_source_stage *st, struct flow_stats *stats);
int dump_stat_block(struct flow_stats *stats, void *result, struct flow_err *err);

/* Threads to read with (-W), this one included. */
#define DUMP_WORKERS_MAX 64
unsigned dump_workers(const struct dump_opts *o);

/* "prog: message" on stderr. */
void dump_warn(void *prog, const char *msg);

#endif
