/*
 * stat.c - dump's statistics and aggregation modes: -s, -a/-A, -b/-B,
 * -O/-m, -l/-L (cli.md §1.3.3, §4).  The work is in lib/stat; this file
 * applies nfdump 1.7.1's precedence rules, feeds the passed flows in and
 * prints or writes what comes out.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dump.h"
#include "file/nffile.h"
#include "source/source.h"
#include "stat/aggr.h"
#include "stat/stat.h"
#include "util/banned.h"

struct stat_run {
	const struct dump_opts *o;
	struct flow_stats *stats;	/* element statistics, or NULL */
	struct flow_aggr *aggr;		/* flow table, or NULL */
	struct flow_printer *printer;
	const char *mode;
	int flow_stat, aggregate, sort_only, guess;
	uint32_t rec_orders;
	int rec_asc, order, order_asc;
	long topn;
	struct flow_limits limits;
	struct flow_print_opts popts;
	char fmt[640];
};

int dump_stat_option(struct dump_opts *o, int c, const char *arg)
{
	struct dump_stat_opts *s = &o->stat;

	switch (c) {
	case 's':
		if (s->ns == 9) {
			fprintf(stderr, "Too many stat options! Stats are limited to 8 stats per single run!\n");
			return EXIT_USAGE;
		}
		s->s_args[s->ns++] = arg;
		return -1;
	case 'n':
		s->topn = atoi(arg);
		if (s->topn < 0) {
			fprintf(stderr, "TopnN number %ld out of range\n", s->topn);
			return EXIT_USAGE;
		}
		return -1;
	case 'a': s->aggregate = 1; return -1;
	case 'A':
		if (s->aggr_mask) {
			fprintf(stderr, "Multiple aggregation masks not allowed\n");
			return EXIT_USAGE;
		}
		s->aggr_mask = arg;
		return -1;
	case 'B': s->bidir = 2; s->aggregate = 1; return -1;
	case 'b': if (!s->bidir) s->bidir = 1; s->aggregate = 1; return -1;
	case 'm':
		s->order = "tstart";
		fprintf(stderr, "Option -m deprecated. Use '-O tstart' instead\n");
		return -1;
	case 'O': {
		int ord, asc;

		if (flow_aggr_order_parse(arg, &ord, &asc) < 0) {
			fprintf(stderr, "Unknown print order '%s'\n", arg);
			return EXIT_USAGE;
		}
		s->order = arg;
		return -1;
	}
	case 'l': s->pkt_limit = arg; return -1;
	case 'L': s->byte_limit = arg; return -1;
	}
	return EXIT_USAGE;
}

int dump_stat_wanted(const struct dump_opts *o)
{
	const struct dump_stat_opts *s = &o->stat;

	return s->ns || s->aggregate || s->aggr_mask || s->bidir || s->order ||
	       s->pkt_limit || s->byte_limit;
}

/* -l/-L: nfdump refuses them for plain listings and prints what it applies. */
static int set_limits(struct stat_run *st, int any_table)
{
	const struct dump_stat_opts *s = &st->o->stat;
	struct flow_err err = { 0 };

	if (!any_table) {
		fprintf(stderr, "Options -l and -L do not make sense for plain packet dumps.\n"
			"Use -l and -L together with -s -S or -a.\n"
			"Use netflow filter syntax to limit the number of packets and bytes in netflow records.\n");
		return EXIT_NO_INPUT;
	}
	if ((s->pkt_limit && flow_limit_parse(s->pkt_limit, &st->limits.pkt_mode,
					      &st->limits.pkt, &err) < 0) ||
	    (s->byte_limit && flow_limit_parse(s->byte_limit, &st->limits.byte_mode,
					       &st->limits.bytes, &err) < 0)) {
		fprintf(stderr, "%s\n", err.msg);
		return EXIT_NO_INPUT;
	}
	if (st->limits.bytes)
		printf("Byte limit: %c %llu bytes\n", st->limits.byte_mode == LIMIT_LESS ? '<' : '>',
		       (unsigned long long)st->limits.bytes);
	if (st->limits.pkt)
		printf("Packet limit: %c %llu packets\n", st->limits.pkt_mode == LIMIT_LESS ? '<' : '>',
		       (unsigned long long)st->limits.pkt);
	return -1;
}

static int parse_stats(struct stat_run *st)
{
	const struct dump_stat_opts *s = &st->o->stat;
	struct flow_err err = { 0 };

	if (flow_stats_new(&st->stats, &err) < 0) {
		fprintf(stderr, "%s\n", err.msg);
		return EXIT_NO_INPUT;
	}
	flow_stats_set_v178(st->stats, st->o->print.dialect == DIALECT_178);
	for (int i = 0; i < s->ns; i++) {
		int rc = flow_stats_parse(st->stats, s->s_args[i], &st->rec_orders, &st->rec_asc, &err);

		if (rc < 0) {
			fprintf(stderr, "%s\n", err.msg);
			return EXIT_USAGE;
		}
		if (rc == 1)
			st->flow_stat = 1;
	}
	return -1;
}

/* nfdump's mode precedence (cli.md §1.3.3). */
static int resolve(struct stat_run *st)
{
	const struct dump_opts *o = st->o;
	const struct dump_stat_opts *s = &o->stat;
	int element = flow_stats_count(st->stats) > 0;
	const char *mask = s->aggr_mask;
	int rc;

	st->topn = s->topn >= 0 ? s->topn : (st->flow_stat || element) ? 10 : 0;
	if (element && !st->flow_stat && mask) {
		fprintf(stderr, "Warning: Aggregation ignored for element statistics\n");
		mask = NULL;
	}
	st->aggregate = s->aggregate || (!st->flow_stat && mask);
	if (s->bidir && mask) {
		fprintf(stderr, "Can not set custom aggregation in bidir mode\n");
		return EXIT_USAGE;
	}
	if (st->aggregate && (st->flow_stat || element)) {
		st->aggregate = 0;
		fprintf(stderr, "Command line switch -s overwrites -a\n");
	}
	if (s->order && st->flow_stat) {
		printf("-s record and -O (-m) are mutually exclusive options\n");
		return EXIT_USAGE;
	}
	if (s->order)
		flow_aggr_order_parse(s->order, &st->order, &st->order_asc);
	st->sort_only = s->order && !st->aggregate && !st->flow_stat && !element;
	st->guess = s->bidir == 2;
	if (s->pkt_limit || s->byte_limit) {
		rc = set_limits(st, element || st->aggregate || st->flow_stat);
		if (rc >= 0)
			return rc;
	}
	if (st->aggregate || st->flow_stat || st->sort_only) {
		struct flow_err err = { 0 };
		enum flow_aggr_kind kind = st->sort_only ? AGGR_LIST
			: s->bidir && st->aggregate ? AGGR_BIDIR : mask ? AGGR_MASK : AGGR_5TUPLE;

		if (flow_aggr_new(&st->aggr, kind, mask, &err) < 0) {
			fprintf(stderr, "%s\n", err.msg);
			return EXIT_USAGE;
		}
		if (o->wfile)
			flow_aggr_keep_records(st->aggr);
		if (!o->mode && kind == AGGR_MASK) {
			snprintf(st->fmt, sizeof(st->fmt), "fmt:%%ts %%td %s%%pkt %%byt %%bps %%bpp %%fl",
				 flow_aggr_fmt(st->aggr));
			st->mode = st->fmt;
		} else if (!o->mode && s->bidir) {
			st->mode = "biline";
		}
	}
	return -1;
}

static int sink_flow(void *ctx, const struct flow_item *it, struct flow_err *err)
{
	struct stat_run *st = ctx;

	if (st->aggr && flow_aggr_add(st->aggr, it->rec, it->raw, it->raw_size, err) < 0)
		return -1;
	if (!st->sort_only && !st->aggregate && flow_stats_count(st->stats) &&
	    flow_stats_add(st->stats, it->rec, err) < 0)
		return -1;
	return 0;
}

/* Element statistics alone can be keyed by the reader's workers. */
static int sink_stage(void *ctx, struct flow_source_stage *stage)
{
	struct stat_run *st = ctx;

	if (st->aggr || st->sort_only || st->aggregate || !flow_stats_count(st->stats))
		return -1;
	dump_stat_stage(stage, st->stats);
	return 0;
}

static int sink_block(void *ctx, void *result, struct flow_err *err)
{
	struct stat_run *st = ctx;

	return dump_stat_block(st->stats, result, err);
}

static enum flow_stat_out stat_out(const char *mode)
{
	if (mode && strcmp(mode, "csv") == 0)
		return STAT_OUT_CSV;
	if (mode && strcmp(mode, "pipe") == 0)
		return STAT_OUT_PIPE;
	if (mode && (strcmp(mode, "json") == 0 || strcmp(mode, "ndjson") == 0))
		return STAT_OUT_JSON;
	return STAT_OUT_TEXT;
}

static int print_records(struct stat_run *st, int order, int asc, int guess)
{
	struct flow_err err = { 0 };
	struct flow_record rec;

	if (flow_aggr_sort(st->aggr, order, asc, guess, (size_t)st->topn, &err) < 0)
		goto fail;
	for (size_t i = 0; i < flow_aggr_sorted(st->aggr); i++) {
		if (flow_aggr_record(st->aggr, i, guess, &rec, &err) < 0)
			goto fail;
		flow_printer_record(st->printer, &rec);
	}
	return 0;
fail:
	fprintf(stderr, "%s: %s\n", st->o->prog, err.msg);
	return -1;
}

/* -s record: one table per order, each with the mode's header. */
static int print_flow_stat(struct stat_run *st)
{
	for (int ord = 1; ord < 20; ord++) {
		if (!(st->rec_orders & (1u << ord)))
			continue;
		flow_printer_flush(st->printer);	/* the last table before the next header */
		if (stat_out(st->mode) == STAT_OUT_TEXT && !st->popts.quiet) {
			const char *name = flow_aggr_order_name(ord);

			if (st->topn)
				printf("Top %ld flows ordered by %s:\n", st->topn, name);
			else
				printf("Top flows ordered by %s:\n", name);
		}
		fflush(stdout);
		flow_printer_begin(st->printer);
		if (print_records(st, ord, st->rec_asc, 0) < 0)
			return -1;
	}
	return 0;
}

static int print_tables(struct stat_run *st, const struct flow_summary *s)
{
	struct flow_stat_print sp = {
		.fp = stdout, .mode = stat_out(st->mode), .quiet = st->popts.quiet,
		.plain = st->popts.plain_numbers, .tag = st->popts.tag, .topn = st->topn,
		.long_ipv6 = st->popts.long_ipv6 || (st->mode && st->mode[0] &&
						     st->mode[strlen(st->mode) - 1] == '6'),
		.limits = &st->limits, .v178 = st->popts.dialect == DIALECT_178,
	};
	struct flow_err err = { 0 };

	if (s->passed_records == 0)
		printf("No matching flows\n");
	if (st->flow_stat && print_flow_stat(st) < 0)
		return EXIT_NO_INPUT;
	/* the printer buffers; what follows goes to stdout directly */
	if (st->printer)
		flow_printer_flush(st->printer);
	fflush(stdout);
	if (flow_stats_count(st->stats) && flow_stats_print(st->stats, &s->passed, &sp, &err) < 0) {
		fprintf(stderr, "%s: %s\n", st->o->prog, err.msg);
		return EXIT_NO_INPUT;
	}
	flow_print_footer(stdout, st->mode, s, &st->popts);
	return EXIT_OK;
}

static int sink_end(void *ctx, const struct flow_summary *s)
{
	struct stat_run *st = ctx;

	if (st->o->wfile)
		return dump_stat_write(st->o, st->aggr, st->order, st->order_asc, st->guess);
	if (st->aggregate || st->sort_only) {
		if (print_records(st, st->order, st->order_asc, st->guess) < 0)
			return EXIT_NO_INPUT;
		flow_printer_end(st->printer, s);
		return EXIT_OK;
	}
	return print_tables(st, s);
}

static int open_printer(struct stat_run *st)
{
	struct flow_err err = { 0 };

	if (st->o->wfile || (!st->aggregate && !st->flow_stat && !st->sort_only))
		return -1;
	if (flow_printer_new(&st->printer, st->mode, &st->popts, &err) < 0) {
		fprintf(stderr, "Unknown output mode '%s'\n", st->mode ? st->mode : "");
		return EXIT_USAGE;
	}
	if (!st->flow_stat && flow_stats_count(st->stats) == 0)
		flow_printer_begin(st->printer);
	return -1;
}

int dump_mode_stat(const struct dump_opts *o, struct flow_selection *sel)
{
	struct stat_run st = { .o = o, .mode = o->mode, .popts = o->print };
	struct dump_sink sink = { .ctx = &st, .flow = sink_flow, .stage = sink_stage,
				  .block = sink_block, .end = sink_end };
	int rc = parse_stats(&st);

	if (o->wfile)
		st.popts.quiet = 1;
	if (rc < 0)
		rc = resolve(&st);
	if (rc < 0)
		rc = open_printer(&st);
	if (rc < 0)
		rc = dump_read_into(o, sel, &sink);
	flow_printer_free(st.printer);
	flow_aggr_free(st.aggr);
	flow_stats_free(st.stats);
	return rc;
}
