/*
 * source_int.h - the block pipeline behind a flow_source with workers
 * (par.c), as the record walk in source.c sees it.
 *
 * Workers take turns at the reader (one at a time, under the pool's
 * lock, so files and blocks are read in order and numbered by seq), then
 * decompress their block and, when the caller gave an accept predicate,
 * decode its flows and mark those it rejects - all without the lock.
 * Everything the reader finds (a file opened, skipped or unreadable, a
 * block, a block that failed) is a job in one ring, taken by the
 * consumer strictly in seq order: so the records, counts and warnings
 * come out exactly as a reader without workers gives them.
 */
#ifndef FLOW_SOURCE_SOURCE_INT_H
#define FLOW_SOURCE_SOURCE_INT_H

#include <stddef.h>
#include <stdint.h>

#include "source/source.h"

enum par_event {
	EV_FILE = 1,		/* file opened: info in par_file_info() */
	EV_FILE_FAILED,		/* msg */
	EV_FILE_SKIPPED,	/* skip_file said so */
	EV_BLOCK,		/* out is the decompressed block */
	EV_BLOCK_FAILED,	/* msg; the rest of the file is unusable */
};

struct par_job {
	uint64_t seq;
	int ready;
	enum par_event ev;
	size_t file;			/* index into the paths */
	struct nfblock blk;
	const struct nfblock *out;	/* &blk */
	uint64_t *reject;		/* bit i: flow record i was rejected */
	size_t reject_words;
	int has_reject;			/* reject is valid for this block */
	void *result;			/* the stage's result, kept across uses */
	int staged;			/* result holds the whole block */
	uint32_t nrec, nrejected;	/* records of a staged block, rejected */
	char msg[768];
};

struct par_pool;

/* Start nworkers threads on paths (borrowed until par_stop). */
struct par_params {
	char *const *paths;
	size_t npaths;
	unsigned nworkers;
	const struct flow_source_opts *opts;
	int (*accept)(void *ctx, const struct flow_record *r);
	void *accept_ctx;
	uint64_t accept_elements;		/* 0 = decode in full for accept */
	const struct flow_filter *accept_filter;	/* NULL = none */
	int accept_only_filter;			/* accept is accept_filter, no more */
	const struct flow_source_stage *stage;	/* NULL = none */
	int consumer_helps;			/* see par.c */
};
int par_start(struct par_pool **out, const struct par_params *pp, struct flow_err *err);
/* The next job in seq order (waits); NULL when there are no more. */
struct par_job *par_next(struct par_pool *p);
/* Hand the job's slot back to the workers. */
void par_release(struct par_pool *p, struct par_job *j);
/* What the header of path i said (valid once its EV_FILE was taken). */
const struct nffile_info *par_file_info(const struct par_pool *p, size_t i);
/* Stop and join the workers; frees everything. */
void par_stop(struct par_pool *p);

static inline int par_rejected(const struct par_job *j, uint32_t i)
{
	return j->has_reject && ((j->reject[i >> 6] >> (i & 63)) & 1);
}

#endif
