/*
 * print_stage.c - listings in pure modes (flow_printer_parallel): the
 * read path's workers print whole blocks into memory and count what
 * passed; read.c writes the blocks' text in file order, so the output is
 * that of printing the records one by one.
 */
#include <stdlib.h>

#include "dump.h"
#include "file/nffile.h"
#include "source/source.h"
#include "util/banned.h"

struct stage_worker {
	struct flow_printer *p;
	struct flow_stat passed;
	uint64_t npassed;
};

static void *stage_new(void *ctx)
{
	const struct dump_opts *o = ctx;
	struct stage_worker *w = calloc(1, sizeof(*w));
	struct flow_err err;

	if (w && flow_printer_new_mem(&w->p, o->mode, &o->print, &err) < 0) {
		free(w);
		return NULL;
	}
	if (w)
		flow_stat_init(&w->passed);
	return w;
}

static void stage_free(void *ws)
{
	struct stage_worker *w = ws;

	flow_printer_free(w->p);
	free(w);
}

static void stage_flow(void *ws, const struct nffile_info *fi, const struct flow_record *r)
{
	struct stage_worker *w = ws;

	w->npassed++;
	flow_stat_add(&w->passed, r);
	flow_printer_set_ident(w->p, fi->have_ident ? fi->ident : NULL);
	flow_printer_record(w->p, r);
}

static void stage_abort(void *ws)
{
	struct stage_worker *w = ws;
	struct flow_text t = { 0 };

	flow_printer_take(w->p, &t);
	flow_text_release(&t);
	flow_stat_init(&w->passed);
	w->npassed = 0;
}

static int stage_done(void *ws, void **result)
{
	struct stage_worker *w = ws;
	struct block_text *b = *result;

	if (!b && !(b = *result = calloc(1, sizeof(*b)))) {
		stage_abort(ws);
		return -1;
	}
	if (flow_printer_take(w->p, &b->text) < 0) {
		stage_abort(ws);
		return -1;
	}
	b->pass.passed = w->passed;
	b->pass.npassed = w->npassed;
	flow_stat_init(&w->passed);
	w->npassed = 0;
	return 0;
}

static void stage_result_free(void *result)
{
	struct block_text *b = result;

	flow_text_release(&b->text);
	free(b);
}

void dump_print_stage(struct flow_source_stage *st, const struct dump_opts *o)
{
	*st = (struct flow_source_stage){
		.ctx = (void *)o, .worker_new = stage_new, .worker_free = stage_free,
		.flow = stage_flow, .block_done = stage_done, .block_abort = stage_abort,
		.result_free = stage_result_free,
	};
}
