/*
 * The read path: selected files -> records -> -t window / filter ->
 * printer or writer.  Counting for the footer happens here once.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "dump.h"
#include "file/nffile.h"
#include "filter/filter.h"
#include "source/source.h"
#include "util/banned.h"

struct reader {
	const struct dump_opts *o;
	struct flow_printer *printer;
	struct nfwriter *writer;
	struct flow_filter *filter;
	const struct dump_sink *sink;	/* stat.c takes the flows */
	struct flow_summary sum;
	struct flow_err err;
	uint64_t items;			/* records of any kind read */
};

/* -W, or one worker per CPU; 1 reads in this thread alone. */
unsigned dump_workers(const struct dump_opts *o)
{
	long n = o->workers ? o->workers : sysconf(_SC_NPROCESSORS_ONLN);

	return n < 1 ? 1 : n > DUMP_WORKERS_MAX ? DUMP_WORKERS_MAX : (unsigned)n;
}

void dump_warn(void *prog, const char *msg)
{
	fprintf(stderr, "%s: %s\n", (const char *)prog, msg);
}

/*
 * The footer's time window is that of the files' stat records (not of
 * the flows that passed), over the files read, clipped to -t.
 */
static void add_window(struct reader *rd, const struct nffile_info *info)
{
	struct flow_summary *s = &rd->sum;
	const struct flow_timewin *tw = &rd->o->twin;
	uint64_t first = info->stat.msec_first, last = info->stat.msec_last;

	if (last == 0)
		return;
	if (rd->o->have_twin && tw->has_start && first < tw->start_ms)
		first = tw->start_ms;
	if (rd->o->have_twin && tw->has_end && last > tw->end_ms)
		last = tw->end_ms;
	if (!s->window_known || first < s->msec_first)
		s->msec_first = first;
	if (!s->window_known || last > s->msec_last)
		s->msec_last = last;
	s->window_known = 1;
}

static int skip_file(void *ctx, const struct nffile_info *info)
{
	struct reader *rd = ctx;
	const struct dump_opts *o = rd->o;

	if (o->have_twin && info->stat.numflows != 0 &&
	    !flow_timewin_overlaps(&o->twin, info->stat.msec_first, info->stat.msec_last))
		return 1;
	add_window(rd, info);
	return 0;
}

/* Compile the filter once; nfdump prints the error and exits 254. */
static int compile_filter(struct reader *rd)
{
	if (flow_filter_compile(&rd->filter, rd->o->filter, &rd->err) == 0)
		return 0;
	fprintf(stderr, "%s\n", rd->err.msg);
	return EXIT_FILTER;
}

/*
 * -Z: only check the filter (-X: and print its compiled nodes) (nfsen's filter validation and the Details
 * page run it): exit 0 when it compiles, 254 with the message when not;
 * no input needed.
 */
int dump_mode_syntax(const struct dump_opts *o)
{
	struct flow_filter *f = NULL;
	struct flow_err err = { 0 };

	if (flow_filter_compile(&f, o->filter, &err) < 0) {
		fprintf(stderr, "%s\n", err.msg);
		return EXIT_FILTER;
	}
	if (o->filter_dump)
		flow_filter_dump(f, stdout);
	flow_filter_free(f);
	return EXIT_OK;
}

/* The ident of the first readable input file, for the -w output. */
static void first_ident(struct flow_selection *sel, char *buf, size_t len)
{
	struct nffile_info info;

	buf[0] = '\0';
	for (size_t i = 0; i < flow_selection_count(sel); i++) {
		if (nffile_stat(flow_selection_path(sel, i), &info, NULL) == 0) {
			if (info.have_ident)
				snprintf(buf, len, "%s", info.ident);
			return;
		}
	}
}

static int open_output(struct reader *rd, struct flow_selection *sel)
{
	const struct dump_opts *o = rd->o;

	if (rd->sink)
		return 0;

	if (o->wfile) {
		static char ident[NFFILE_IDENT_MAX];
		struct nffile_opts wo = {
			.compression = (unsigned)o->compression, .level = o->level,
		};

		first_ident(sel, ident, sizeof(ident));
		wo.ident = ident[0] ? ident : NULL;
		return nffile_create(&rd->writer, o->wfile, &wo, &rd->err);
	}
	return flow_printer_new(&rd->printer, o->mode, &o->print, &rd->err);
}

/* -w: flows and the records that describe them are copied; exporter
 * stat records are dropped, as nfdump -w does. */
static int write_item(struct reader *rd, const struct flow_item *it)
{
	if (it->kind == FLOW_ITEM_EXPORTER_STAT)
		return 0;
	if (it->kind == FLOW_ITEM_FLOW && !it->raw)
		return nfwriter_put_flow(rd->writer, it->rec, &rd->err);
	if (it->kind == FLOW_ITEM_FLOW)
		flow_stat_add(nfwriter_stat(rd->writer), it->rec);
	return nfwriter_put(rd->writer, it->raw, it->raw_size, &rd->err);
}

/* -t and the filter; pure, so the reader's workers run it too. */
static int accept_flow(void *ctx, const struct flow_record *r)
{
	const struct reader *rd = ctx;
	const struct dump_opts *o = rd->o;

	if (o->have_twin &&
	    !flow_timewin_match(&o->twin, r->generic.msec_first, r->generic.msec_last))
		return 0;
	return flow_filter_match(rd->filter, r);
}

/*
 * The consumer's check, in read order.  `ident` matches the ident of the
 * file the flow comes from (nfsen's source lists); `count` sees the
 * record number: flows for 1.7.1, every record for 1.7.8.  Filters that
 * use either are read without workers (set_workers), so these are exact.
 */
static int pass_flow(struct reader *rd, struct flow_source *src, const struct flow_record *r)
{
	const struct dump_opts *o = rd->o;
	const struct nffile_info *fi = flow_source_file(src);
	struct flow_filter_ctx ctx = {
		.ident = fi && fi->have_ident ? fi->ident : NULL,
		.count = o->print.dialect == DIALECT_178 ? rd->items
							 : flow_source_totals(src)->flows,
	};

	if (o->have_twin &&
	    !flow_timewin_match(&o->twin, r->generic.msec_first, r->generic.msec_last))
		return 0;
	if (!flow_filter_match_ctx(rd->filter, r, &ctx))
		return 0;
	flow_stat_add(&rd->sum.passed, r);
	rd->sum.passed_records++;
	return 1;
}

/*
 * raw's RecordCount: 1.7.1 numbers the flows read, 1.7.8 every record
 * read (exporter records too).  1.7.8 also names the file's ident.
 */
static void print_flow(struct reader *rd, struct flow_source *src,
		       const struct flow_record *r)
{
	const struct nffile_info *fi = flow_source_file(src);
	uint64_t seq = flow_source_totals(src)->flows;

	if (rd->o->print.dialect == DIALECT_178)	/* flows the workers dropped were read */
		seq = rd->items + flow_source_totals(src)->flows_rejected;
	flow_printer_set_ident(rd->printer, fi && fi->have_ident ? fi->ident : NULL);
	flow_printer_record_seq(rd->printer, r, seq);
}

/* A block the workers did whole: its counts, then its text or the sink's part. */
static int take_block(struct reader *rd, const struct flow_item *it)
{
	const struct block_pass *b = it->result;

	rd->items += b->npassed;
	rd->sum.passed_records += b->npassed;
	flow_stat_merge(&rd->sum.passed, &b->passed);
	if (rd->sink)
		return rd->sink->block(rd->sink->ctx, it->result, &rd->err);
	flow_printer_append(rd->printer, &((const struct block_text *)it->result)->text,
			    b->npassed);
	return 0;
}

/* Workers, and what they may do besides reading (-W). */
static void set_workers(struct reader *rd, struct flow_source *src)
{
	const struct dump_opts *o = rd->o;
	const struct flow_filter *filter = o->filter && o->filter[0] ? rd->filter : NULL;
	int filtering = o->have_twin || filter;
	int print = rd->printer && !rd->sink && !rd->writer && !o->limit &&
		    flow_printer_parallel(rd->printer);
	unsigned n = dump_workers(o);

	/*
	 * -W counts threads.  Statistics keep this one busy with their
	 * tables, so it is one of them; a listing here only writes text.
	 */
	if (n == 1 || flow_filter_needs(rd->filter))
		n = 0;	/* ident and count need the file and the read order */
	else if (rd->sink)
		n--;
	struct flow_source_stage st;
	int staged = print || (n && rd->sink && rd->sink->stage &&
				rd->sink->stage(rd->sink->ctx, &st) == 0);

	/* a stage runs where accept runs: give it one even without a filter */
	flow_source_set_workers(src, n, filtering || staged ? accept_flow : NULL, rd);
	/* the tables' thread reads blocks too when the workers fall behind */
	if (n && rd->sink)
		flow_source_set_consumer_helps(src, 1);
	/* what accept_flow reads: nothing but the filter's and the window's */
	flow_source_set_accept_elements(src, flow_filter_elements(filter) | (1ULL << EX_GENERIC));
	flow_source_set_accept_filter(src, filter, !o->have_twin);
	if (print)
		dump_print_stage(&st, o);
	if (staged)
		flow_source_set_stage(src, &st);
}

static int process(struct reader *rd, struct flow_source *src)
{
	struct flow_item it;

	while (flow_source_next(src, &it)) {
		if (it.kind == FLOW_ITEM_BLOCK) {
			if (take_block(rd, &it) < 0)
				return -1;
			continue;
		}
		rd->items++;
		if (it.kind == FLOW_ITEM_FLOW && !pass_flow(rd, src, it.rec))
			continue;
		if (rd->sink && it.kind == FLOW_ITEM_FLOW &&
		    rd->sink->flow(rd->sink->ctx, &it, &rd->err) < 0)
			return -1;
		if (rd->writer && write_item(rd, &it) < 0)
			return -1;
		if (rd->printer && it.kind == FLOW_ITEM_FLOW)
			print_flow(rd, src, it.rec);
		if (rd->o->limit && (long)rd->sum.passed_records >= rd->o->limit)
			break;
	}
	return 0;
}

static double tv_s(struct timeval tv)
{
	return (double)tv.tv_sec + (double)tv.tv_usec / 1e6;
}

static void finish_summary(struct reader *rd, const struct flow_source_totals *t,
			   const struct timespec *start)
{
	struct flow_summary *s = &rd->sum;
	struct rusage ru;
	struct timespec now;

	s->processed = t->flows;
	s->bytes_read = t->bytes_read;
	s->blocks_skipped = t->blocks_skipped;
	getrusage(RUSAGE_SELF, &ru);
	clock_gettime(CLOCK_MONOTONIC, &now);
	s->sys_s = tv_s(ru.ru_stime);
	s->user_s = tv_s(ru.ru_utime);
	s->wall_s = (double)(now.tv_sec - start->tv_sec) +
		    (double)(now.tv_nsec - start->tv_nsec) / 1e9;
}

static int run(struct reader *rd, struct flow_source *src)
{
	struct timespec start;

	clock_gettime(CLOCK_MONOTONIC, &start);
	if (rd->printer)
		flow_printer_begin(rd->printer);
	if (process(rd, src) < 0) {
		fprintf(stderr, "%s: %s\n", rd->o->prog, rd->err.msg);
		return EXIT_NO_INPUT;
	}
	finish_summary(rd, flow_source_totals(src), &start);
	if (rd->sink)
		return rd->sink->end(rd->sink->ctx, &rd->sum);
	if (rd->printer)
		flow_printer_end(rd->printer, &rd->sum);
	if (rd->writer) {
		int rc = nffile_finish(rd->writer, &rd->err);

		rd->writer = NULL;
		if (rc < 0) {
			fprintf(stderr, "%s: %s\n", rd->o->prog, rd->err.msg);
			return EXIT_NO_INPUT;
		}
	}
	return EXIT_OK;
}

int dump_mode_read(const struct dump_opts *o, struct flow_selection *sel)
{
	return dump_read_into(o, sel, NULL);
}

int dump_read_into(const struct dump_opts *o, struct flow_selection *sel,
		   const struct dump_sink *sink)
{
	struct reader rd = { .o = o, .sink = sink };
	struct flow_source *src = NULL;
	struct flow_source_opts so = {
		.warn = dump_warn, .warn_ctx = (void *)o->prog,
		.skip_file = skip_file, .skip_ctx = &rd,
	};
	size_t n = flow_selection_count(sel);
	const char **paths = calloc(n ? n : 1, sizeof(*paths));
	int rc = compile_filter(&rd);

	if (rc || !paths) {
		flow_filter_free(rd.filter);
		free(paths);
		return rc ? rc : EXIT_NO_INPUT;
	}
	for (size_t i = 0; i < n; i++)
		paths[i] = flow_selection_path(sel, i);
	flow_stat_init(&rd.sum.passed);
	if (open_output(&rd, sel) < 0) {
		/* an unknown -o or bad format is a usage error (nfdump's text
		 * alone); a -w file we cannot create, 250 */
		if (o->wfile) {
			fprintf(stderr, "%s: %s\n", o->prog, rd.err.msg);
		} else {
			fprintf(stderr, "%s\n", rd.err.msg);
			flow_print_error_help(stdout, rd.err.msg, o->print.dialect);
		}
		rc = o->wfile ? EXIT_NO_INPUT : EXIT_USAGE;
	} else if (flow_source_open(&src, paths, n, &so, &rd.err) < 0) {
		fprintf(stderr, "%s: %s\n", o->prog, rd.err.msg);
		rc = EXIT_NO_INPUT;
	} else {
		set_workers(&rd, src);
		rc = run(&rd, src);
	}
	flow_source_close(src);
	nffile_abort(rd.writer);
	flow_printer_free(rd.printer);
	flow_filter_free(rd.filter);
	free(paths);
	return rc;
}
