/*
 * par.c - the worker pool of a flow_source (see source_int.h).
 *
 * The ring has nworkers + 1 slots: every worker has a block in hand while
 * the consumer walks one.  A decompressed buffer a slot and a raw one a
 * worker are the only memory the workers cost, whatever the file size:
 * that keeps -s and -A within their memory goal (bench/bench_dump.sh).
 *
 * A consumer that helps (par_params.consumer_helps) works the next block
 * itself whenever the one it wants is not ready, and has slots of its
 * own (PAR_HELP_SLOTS).  With statistics the consumer's tables and the
 * workers' blocks take turns being the slower side; waiting idle on
 * either left a quarter of two cores unused (bench_dump.sh -s).
 */
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "filter/filter.h"
#include "source/source_int.h"
#include "util/alloc.h"
#include "util/banned.h"

/*
 * Slots a helping consumer adds.  While it works a block of its own the
 * workers go on filling slots; with one, they stood idle a fifth of the
 * time of -s srcip (2 cores), with three -s took 9% less time.  Each
 * costs a block buffer and a stage result (about 1.5 MB).
 */
#define PAR_HELP_SLOTS 3

struct par_file {
	struct nffile_info info;
};

struct par_pool {
	pthread_mutex_t mu;
	pthread_cond_t ready_cv, space_cv;
	pthread_t *threads;
	struct par_worker *workers;
	unsigned nthreads;
	struct par_job *ring;
	size_t nslots;
	uint64_t next_seq;	/* the seq the next worker claims */
	uint64_t done_seq;	/* jobs below this were released by the consumer */
	int eof, stop;
	/* the reader: used under mu only */
	char *const *paths;
	size_t npaths, next_path, fidx;
	struct nffile *f;
	struct par_file *files;	/* one per path; written before its EV_FILE */
	struct flow_source_opts opts;
	int (*accept)(void *ctx, const struct flow_record *r);
	void *accept_ctx;
	uint64_t accept_elements;
	const struct flow_filter *filter;	/* what accept applies, for raw plans */
	int raw_stage;		/* the stage takes records accept passes in place */
	const struct flow_source_stage *stage;
	struct par_worker *helper;	/* the consumer's, when it helps */
};

/* The filter planned for the shape a slot of this thread's shape cache holds. */
struct raw_plan {
	uint32_t gen;			/* the shape's (0: none yet) */
	struct flow_filter_raw *rf;	/* NULL: the filter cannot be planned for it */
	struct flow_shape_check check;	/* the records rf is for */
};

/* What a worker owns. */
struct par_worker {
	struct par_pool *p;
	struct flow_record rec;
	struct nfblock raw;		/* read under the lock, then decompressed */
	void *ws;			/* the stage's state */
	int decode_full;		/* the last block passed too many to decode in part */
	int tried_ws;			/* the consumer's: worker_new was called */
	struct raw_plan plans[FLOW_V3_SHAPE_SLOTS];	/* shapes are per thread, so these are */
};

static void worker_release(struct par_worker *w)
{
	nfblock_release(&w->raw);
	for (size_t i = 0; i < FLOW_V3_SHAPE_SLOTS; i++) {
		flow_filter_raw_free(w->plans[i].rf);
		w->plans[i] = (struct raw_plan){ 0 };
	}
}

static void job_msg(struct par_job *j, enum par_event ev, const char *msg)
{
	j->ev = ev;
	snprintf(j->msg, sizeof(j->msg), "%s", msg);
}

/* Open the next path; 0 when none is left, else 1 with the event in j. */
static int open_step(struct par_pool *p, struct par_job *j)
{
	struct flow_err err = { 0 };
	size_t i = p->next_path;

	if (i >= p->npaths)
		return 0;
	p->next_path++;
	j->file = i;
	if (nffile_open(&p->f, p->paths[i], &err) < 0) {
		job_msg(j, EV_FILE_FAILED, err.msg);
		return 1;
	}
	p->files[i].info = *nffile_info(p->f);
	j->ev = EV_FILE;
	p->fidx = i;
	if (p->opts.skip_file && p->opts.skip_file(p->opts.skip_ctx, &p->files[i].info)) {
		j->ev = EV_FILE_SKIPPED;
		nffile_close(p->f);
		p->f = NULL;
	}
	return 1;
}

/* Under mu: fill j with what comes next in the input; 0 at the end. */
static int reader_step(struct par_pool *p, struct par_job *j, struct nfblock *raw)
{
	struct flow_err err = { 0 };

	for (;;) {
		if (!p->f)
			return open_step(p, j);

		int rc = nffile_read_raw(p->f, raw, &err);

		j->file = p->fidx;
		if (rc > 0) {
			j->ev = EV_BLOCK;
			return 1;
		}
		nffile_close(p->f);
		p->f = NULL;
		if (rc < 0) {
			job_msg(j, EV_BLOCK_FAILED, err.msg);
			return 1;
		}
	}
}

static int want_bits(struct par_job *j, size_t n)
{
	size_t words = (n + 63) / 64;

	if (words > j->reject_words) {
		uint64_t *r = flow_realloc(j->reject, words * sizeof(*r));

		if (!r)
			return -1;
		j->reject = r;
		j->reject_words = words;
	}
	memset(j->reject, 0, words * sizeof(*j->reject));
	return 0;
}

/* Bit i of the reject map: flow record i was rejected. */
static void reject(struct par_job *j, uint32_t i)
{
	j->reject[i >> 6] |= 1ULL << (i & 63);
}

/*
 * The plan for the shape of V3 record r (size bytes), made again when its
 * slot learnt another shape; NULL when this thread has not learnt r's
 * shape (decoding r teaches it).
 */
static struct raw_plan *plan_of(struct par_pool *p, struct par_worker *w, const uint8_t *r,
				unsigned size)
{
	uint32_t gen;
	int slot = flow_record_v3_shape_find(r, size, &gen);
	struct raw_plan *pl;

	if (slot < 0)
		return NULL;
	pl = &w->plans[slot];
	if (pl->gen != gen) {
		struct flow_shape_view v;

		flow_filter_raw_free(pl->rf);
		flow_record_v3_shape_view((unsigned)slot, &v);
		pl->rf = flow_filter_raw_new(p->filter, &v);
		pl->check = v.check;
		pl->gen = gen;
	}
	return pl;
}

/*
 * What the filter planned for the shape of V3 record r (size bytes) says:
 * 1 rejected, 0 passed, -1 no plan (decode r).  Most records of a
 * filtered scan end here, none of them decoded.  A plan stays right for
 * the records its check passes, whatever the thread's shape slots learn
 * since: a record finds its plan in the slot its shape would have,
 * inline, and only a miss asks the shape table (a call that had cost as
 * much as the filter).
 */
static int raw_verdict(struct par_pool *p, struct par_worker *w, const uint8_t *r, unsigned size)
{
	struct raw_plan *pl = &w->plans[flow_record_v3_shape_slot(size, ld_le16(r + 4))];

	if (!flow_shape_is(&pl->check, r, size)) {
		pl = plan_of(p, w, r, size);
		if (!pl)
			return -1;
	}
	if (!pl->rf)
		return -1;
	return !flow_filter_raw_match(pl->rf, r);
}

/*
 * Mark the V3 flows accept() rejects and hand the others to the stage.
 * Anything odd (a record of another type for the stage, one that does
 * not parse) ends the marking: the consumer meets the rest unmarked and
 * reports it exactly as without workers; the stage's block is dropped.
 */
static void prefilter(struct par_pool *p, struct par_job *j, struct par_worker *w)
{
	const struct nfblock *b = j->out;
	const struct nffile_info *fi = &p->files[j->file].info;
	const struct flow_source_stage *st = w->ws ? p->stage : NULL;
	struct nfrec_iter it;
	struct flow_err err;
	const uint8_t *r;
	unsigned type, size;
	int rc, odd = 0;

	if (!p->accept || b->type != NFBLOCK_V2 || fi->layout != 2 ||
	    want_bits(j, b->num_records) < 0)
		return;
	nfrec_iter_init(&it, b);
	j->nrejected = 0;
	/*
	 * In part: only what accept reads, and what the stage reads for a
	 * flow it passes.  That saves when it passes few (a filtered scan:
	 * about half of the decoding) and costs a second pass over each one
	 * passed: a block that passed more than a quarter has the next one
	 * decoded for both at once.
	 */
	uint64_t full = !st ? 0 : st->elements && p->accept_elements ?
			st->elements | p->accept_elements : ~0ULL;
	uint64_t part = !p->accept_elements ? ~0ULL : st && w->decode_full ? full :
			p->accept_elements;
	size_t seen = 0;

	while ((rc = nfblock_next_record(&it, &r, &type, &size, &err)) == 1) {
		if (type != REC_V3) {
			odd = 1;
			continue;
		}
		seen++;
		/* 0 also without a filter: accept is then known to pass r */
		int verdict = p->filter ? raw_verdict(p, w, r, size) : 0;

		if (verdict > 0) {
			reject(j, it.seen - 1);
			j->nrejected++;
			continue;
		}
		if (verdict == 0 && p->raw_stage && st && !odd &&
		    st->flow_raw(w->ws, fi, r, size) > 0)
			continue;
		if (flow_record_decode_v3_part(&w->rec, r, size, part, &err) < 0)
			break;
		if (!p->accept(p->accept_ctx, &w->rec)) {
			reject(j, it.seen - 1);
			j->nrejected++;
			continue;
		}
		if (!st || odd)
			continue;
		if ((full & part) != full &&
		    flow_record_decode_v3_part(&w->rec, r, size, full, &err) < 0)
			break;
		st->flow(w->ws, fi, &w->rec);
	}
	w->decode_full = (seen - j->nrejected) * 4 > seen;
	j->has_reject = 1;
	if (!st)
		return;
	if (rc != 0 || odd) {
		st->block_abort(w->ws);
		return;
	}
	if (st->block_done(w->ws, &j->result) < 0)
		return;
	j->staged = 1;
	j->nrec = it.seen;
}

/* Outside mu: decompress and prefilter one block (raw: the worker's). */
static void work(struct par_pool *p, struct par_job *j, struct par_worker *w)
{
	const struct nffile_info *in = &p->files[j->file].info;
	struct flow_err err = { 0 };

	j->has_reject = 0;
	j->staged = 0;
	j->out = &j->blk;
	if (in->compression == CODEC_NONE) {
		struct nfblock t = j->blk;	/* the raw block is the block */

		j->blk = w->raw;
		w->raw = t;
	} else if (nfblock_decompress_with(in->compression, p->paths[j->file], &w->raw,
					   &j->blk, &err) < 0) {
		job_msg(j, EV_BLOCK_FAILED, err.msg);
		return;
	}
	prefilter(p, j, w);
}

/* Under mu, with a free slot: claim the next job and work it (mu released
 * meanwhile).  0 at the end of the input. */
static int step(struct par_pool *p, struct par_worker *w)
{
	struct par_job *j = &p->ring[p->next_seq % p->nslots];

	if (!reader_step(p, j, &w->raw)) {
		p->eof = 1;
		pthread_cond_broadcast(&p->ready_cv);
		return 0;
	}
	j->seq = p->next_seq++;
	j->ready = 0;
	if (j->ev == EV_BLOCK) {
		pthread_mutex_unlock(&p->mu);
		work(p, j, w);
		pthread_mutex_lock(&p->mu);
	}
	j->ready = 1;
	pthread_cond_broadcast(&p->ready_cv);
	return 1;
}

static void *worker(void *arg)
{
	struct par_worker *w = arg;
	struct par_pool *p = w->p;

	if (p->stage)
		w->ws = p->stage->worker_new(p->stage->ctx);
	pthread_mutex_lock(&p->mu);
	while (!p->stop && !p->eof) {
		if (p->next_seq >= p->done_seq + p->nslots) {
			pthread_cond_wait(&p->space_cv, &p->mu);
			continue;
		}
		if (!step(p, w))
			break;
	}
	pthread_cond_broadcast(&p->ready_cv);
	pthread_mutex_unlock(&p->mu);
	if (w->ws)
		p->stage->worker_free(w->ws);
	return NULL;
}

static void pool_free(struct par_pool *p)
{
	if (p->f)
		nffile_close(p->f);
	for (size_t i = 0; p->ring && i < p->nslots; i++) {
		nfblock_release(&p->ring[i].blk);
		flow_free(p->ring[i].reject);
		if (p->ring[i].result)
			p->stage->result_free(p->ring[i].result);
	}
	flow_free(p->ring);
	flow_free(p->files);
	flow_free(p->threads);
	for (unsigned i = 0; p->workers && i < p->nthreads; i++)
		worker_release(&p->workers[i]);
	flow_free(p->workers);
	if (p->helper) {
		worker_release(p->helper);
		if (p->helper->ws)
			p->stage->worker_free(p->helper->ws);
		flow_free(p->helper);
	}
	pthread_mutex_destroy(&p->mu);
	pthread_cond_destroy(&p->ready_cv);
	pthread_cond_destroy(&p->space_cv);
	flow_free(p);
}

int par_start(struct par_pool **out, const struct par_params *pp, struct flow_err *err)
{
	struct par_pool *p = flow_calloc(1, sizeof(*p));
	unsigned nworkers = pp->nworkers;
	size_t npaths = pp->npaths;

	*out = NULL;
	if (!p)
		return flow_errorf(err, FLOW_ENOMEM, "reader threads: out of memory");
	pthread_mutex_init(&p->mu, NULL);
	pthread_cond_init(&p->ready_cv, NULL);
	pthread_cond_init(&p->space_cv, NULL);
	p->paths = pp->paths;
	p->npaths = npaths;
	p->opts = *pp->opts;
	p->accept = pp->accept;
	p->accept_ctx = pp->accept_ctx;
	p->accept_elements = pp->accept_elements;
	/* a filter no shape can have a plan for would cost a shape test a record */
	p->filter = pp->accept && flow_filter_raw_possible(pp->accept_filter) ?
		    pp->accept_filter : NULL;
	/* with a filter, records it passes in place; without, every record */
	p->raw_stage = pp->stage && pp->stage->flow_raw && pp->accept_only_filter &&
		       (p->filter || !pp->accept_filter);
	p->nslots = (size_t)nworkers + 1 + (pp->consumer_helps ? PAR_HELP_SLOTS : 0);
	if (pp->consumer_helps) {
		p->helper = flow_calloc(1, sizeof(*p->helper));
		if (!p->helper) {
			pool_free(p);
			return flow_errorf(err, FLOW_ENOMEM, "reader threads: out of memory");
		}
		p->helper->p = p;
	}
	p->ring = flow_calloc(p->nslots, sizeof(*p->ring));
	p->files = flow_calloc(npaths ? npaths : 1, sizeof(*p->files));
	p->stage = pp->stage;
	p->threads = flow_calloc(nworkers, sizeof(*p->threads));
	p->workers = flow_calloc(nworkers, sizeof(*p->workers));
	if (!p->ring || !p->files || !p->threads || !p->workers) {
		pool_free(p);
		return flow_errorf(err, FLOW_ENOMEM, "reader threads: out of memory");
	}
	for (size_t i = 0; i < p->nslots; i++)
		p->ring[i].seq = UINT64_MAX;
	for (; p->nthreads < nworkers; p->nthreads++) {
		p->workers[p->nthreads].p = p;
		if (pthread_create(&p->threads[p->nthreads], NULL, worker,
				   &p->workers[p->nthreads]) != 0)
			break;
	}
	if (p->nthreads == 0) {
		pool_free(p);
		return flow_errorf(err, FLOW_EIO, "reader threads: cannot start a thread");
	}
	*out = p;
	return 0;
}

struct par_job *par_next(struct par_pool *p)
{
	struct par_job *j = &p->ring[p->done_seq % p->nslots];

	pthread_mutex_lock(&p->mu);
	while (!(j->ready && j->seq == p->done_seq)) {
		if (p->eof && p->next_seq == p->done_seq) {
			j = NULL;
			break;
		}
		if (p->helper && !p->eof && p->next_seq < p->done_seq + p->nslots) {
			if (p->stage && !p->helper->ws && !p->helper->tried_ws) {
				p->helper->tried_ws = 1;
				p->helper->ws = p->stage->worker_new(p->stage->ctx);
			}
			step(p, p->helper);
			continue;
		}
		pthread_cond_wait(&p->ready_cv, &p->mu);
	}
	pthread_mutex_unlock(&p->mu);
	return j;
}

void par_release(struct par_pool *p, struct par_job *j)
{
	pthread_mutex_lock(&p->mu);
	j->ready = 0;
	p->done_seq++;
	pthread_cond_broadcast(&p->space_cv);
	pthread_mutex_unlock(&p->mu);
}

const struct nffile_info *par_file_info(const struct par_pool *p, size_t i)
{
	return &p->files[i].info;
}

void par_stop(struct par_pool *p)
{
	if (!p)
		return;
	pthread_mutex_lock(&p->mu);
	p->stop = 1;
	pthread_cond_broadcast(&p->space_cv);
	pthread_mutex_unlock(&p->mu);
	for (unsigned i = 0; i < p->nthreads; i++)
		pthread_join(p->threads[i], NULL);
	pool_free(p);
}
