/*
 * stat_stage.c - element statistics (-s without -a/-A/record) with
 * reader workers (-W): the workers key and hash each block's values
 * (flow_stats_batch_add), and stat.c's thread only counts them into the
 * tables, in file order, so the tables come out as without workers.
 */
#include <stdlib.h>

#include "dump.h"
#include "source/source.h"
#include "stat/stat.h"
#include "util/banned.h"

struct stat_block {
	struct block_pass pass;		/* first: read.c counts it */
	struct flow_stats_batch *batch;
};

struct stat_worker {
	struct flow_stats *stats;
	struct flow_stats_batch *batch;
	struct flow_stats_shapes *shapes;	/* NULL: every record decoded */
	struct block_pass pass;
	int failed;
};

static void *worker_new(void *ctx)
{
	struct stat_worker *w = calloc(1, sizeof(*w));

	if (!w)
		return NULL;
	w->stats = ctx;
	w->batch = flow_stats_batch_new();
	if (!w->batch) {
		free(w);
		return NULL;
	}
	flow_stat_init(&w->pass.passed);
	w->shapes = flow_stats_shapes_new(w->stats);
	return w;
}

static void worker_free(void *ws)
{
	struct stat_worker *w = ws;

	flow_stats_batch_free(w->batch);
	flow_stats_shapes_free(w->shapes);
	free(w);
}

static void worker_flow(void *ws, const struct nffile_info *fi, const struct flow_record *r)
{
	struct stat_worker *w = ws;
	struct flow_err err;

	(void)fi;
	if (w->failed)
		return;
	if (flow_stats_batch_add(w->stats, w->batch, r, &err) < 0) {
		w->failed = 1;	/* the block is read again record by record */
		return;
	}
	w->pass.npassed++;
	flow_stat_add(&w->pass.passed, r);
}

/* The same for a record read in place (elem_raw.c), where its shape allows. */
static int worker_flow_raw(void *ws, const struct nffile_info *fi, const uint8_t *r,
			   unsigned size)
{
	struct stat_worker *w = ws;
	struct flow_err err;
	int rc;

	(void)fi;
	if (w->failed || !w->shapes)
		return w->failed;	/* failed: the block is read again anyway */
	rc = flow_stats_shapes_add(w->shapes, w->stats, w->batch, r, size, &w->pass.passed, &err);
	if (rc < 0) {
		w->failed = 1;
		return 1;
	}
	w->pass.npassed += (uint64_t)rc;
	return rc;
}

static void worker_abort(void *ws)
{
	struct stat_worker *w = ws;

	flow_stats_batch_clear(w->batch);
	flow_stat_init(&w->pass.passed);
	w->pass.npassed = 0;
	w->failed = 0;
}

/* Hand the batch over and keep the block's old one (or a new one) for the next. */
static int block_done(void *ws, void **result)
{
	struct stat_worker *w = ws;
	struct stat_block *b = *result;
	struct flow_stats_batch *spare;

	if (w->failed)
		goto fail;
	if (!b && !(b = *result = calloc(1, sizeof(*b))))
		goto fail;
	spare = b->batch ? b->batch : flow_stats_batch_new();
	if (!spare)
		goto fail;
	b->batch = w->batch;
	b->pass = w->pass;
	w->batch = spare;
	worker_abort(w);
	return 0;
fail:
	worker_abort(w);
	return -1;
}

static void result_free(void *result)
{
	struct stat_block *b = result;

	flow_stats_batch_free(b->batch);
	free(b);
}

void dump_stat_stage(struct flow_source_stage *st, struct flow_stats *stats)
{
	*st = (struct flow_source_stage){
		.ctx = stats, .worker_new = worker_new, .worker_free = worker_free,
		.flow = worker_flow, .flow_raw = worker_flow_raw,
		.block_done = block_done, .block_abort = worker_abort,
		.result_free = result_free,
		/* with generic and cnt: also what the pass counters read (flow_stat_add) */
		.elements = flow_stats_elements(stats),
	};
}

int dump_stat_block(struct flow_stats *stats, void *result, struct flow_err *err)
{
	struct stat_block *b = result;
	int rc = flow_stats_add_batch(stats, b->batch, err);

	flow_stats_batch_clear(b->batch);
	return rc;
}
