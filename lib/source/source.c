#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "record/v1.h"
#include "source/source_int.h"
#include "util/alloc.h"

struct flow_source {
	char **paths;
	size_t npaths, next;
	struct flow_source_opts opts;
	struct nffile *file;
	struct flow_v1_maps *maps;
	struct nfblock blk;
	struct nfrec_iter it;
	int in_block;
	struct flow_source_totals totals;
	struct flow_record rec;
	/* with workers (par.c): the pool, the block job being walked */
	unsigned workers;
	int (*accept)(void *ctx, const struct flow_record *r);
	void *accept_ctx;
	uint64_t accept_elements;
	const struct flow_filter *accept_filter;
	int accept_only_filter;
	int consumer_helps;
	struct flow_source_stage stage;
	int have_stage;
	struct par_pool *pool;
	struct par_job *job;
	const struct nffile_info *pinfo;	/* file of the blocks now taken */
	size_t pfile;
	int pdead;				/* its blocks are skipped */
	int started;
};

static void warnf(struct flow_source *s, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void warnf(struct flow_source *s, const char *fmt, ...)
{
	char line[768];
	va_list ap;

	if (!s->opts.warn)
		return;
	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	s->opts.warn(s->opts.warn_ctx, line);
}

int flow_source_open(struct flow_source **out, const char *const *paths, size_t n,
		     const struct flow_source_opts *opts, struct flow_err *err)
{
	struct flow_source *s = flow_calloc(1, sizeof(*s));

	*out = NULL;
	if (!s || !(s->paths = flow_calloc(n ? n : 1, sizeof(char *)))) {
		flow_free(s);
		return flow_errorf(err, FLOW_ENOMEM, "flow source of %zu files", n);
	}
	for (size_t i = 0; i < n; i++) {
		s->paths[i] = flow_strdup(paths[i]);
		s->npaths++;
		if (!s->paths[i]) {
			flow_source_close(s);
			return flow_errorf(err, FLOW_ENOMEM, "flow source of %zu files", n);
		}
	}
	if (opts)
		s->opts = *opts;
	*out = s;
	return 0;
}

static void close_file(struct flow_source *s)
{
	if (!s->file)
		return;
	nffile_close(s->file);
	flow_v1_maps_free(s->maps);
	s->file = NULL;
	s->maps = NULL;
	s->in_block = 0;
}

/* Open the next usable file; 0 when there is none left. */
static int open_next_file(struct flow_source *s)
{
	struct flow_err err = { 0 };

	while (s->next < s->npaths) {
		const char *path = s->paths[s->next++];

		if (nffile_open(&s->file, path, &err) < 0) {
			warnf(s, "%s", err.msg);
			s->totals.files_failed++;
			continue;
		}
		const struct nffile_info *info = nffile_info(s->file);

		if (s->opts.skip_file && s->opts.skip_file(s->opts.skip_ctx, info)) {
			s->totals.files_skipped++;
			s->totals.blocks_skipped += info->num_blocks;
			close_file(s);
			continue;
		}
		if (info->incomplete)
			warnf(s, "%s: not closed by its writer: reading the complete blocks up to end of file",
			      path);
		if (info->layout == 1 && flow_v1_maps_new(&s->maps, &err) < 0) {
			warnf(s, "%s: %s", path, err.msg);
			s->totals.files_failed++;
			close_file(s);
			continue;
		}
		s->totals.files_read++;
		return 1;
	}
	return 0;
}

/* Load the next block of the current file that holds records. */
static int next_block(struct flow_source *s)
{
	struct flow_err err = { 0 };

	for (;;) {
		int rc = nffile_read_block(s->file, &s->blk, &err);

		if (rc == 0)
			return 0;
		if (rc < 0) {
			/* A block we cannot frame ends the file: later offsets are unknown. */
			warnf(s, "%s", err.msg);
			s->totals.blocks_failed++;
			return 0;
		}
		s->totals.blocks_read++;
		/* nfdump's "Bytes read": decompressed payload of data blocks */
		s->totals.bytes_read += s->blk.size;
		if (s->blk.type == NFBLOCK_ARRAY) {
			s->totals.blocks_skipped++;
			continue;
		}
		nfrec_iter_init(&s->it, &s->blk);
		return 1;
	}
}

/* Without workers: the next block of this or a later file; 0 at the end. */
static int seq_block(struct flow_source *s)
{
	for (;;) {
		if (!s->file && !open_next_file(s))
			return 0;
		if (next_block(s))
			return 1;
		close_file(s);
	}
}

/* A file the workers opened: as open_next_file does after nffile_open. */
static void par_file(struct flow_source *s, size_t i)
{
	struct flow_err err = { 0 };
	const struct nffile_info *info = par_file_info(s->pool, i);

	flow_v1_maps_free(s->maps);
	s->maps = NULL;
	s->pfile = i;
	s->pinfo = info;
	s->pdead = 1;
	if (info->incomplete)
		warnf(s, "%s: not closed by its writer: reading the complete blocks up to end of file",
		      s->paths[i]);
	if (info->layout == 1 && flow_v1_maps_new(&s->maps, &err) < 0) {
		warnf(s, "%s: %s", s->paths[i], err.msg);
		s->totals.files_failed++;
		return;
	}
	s->totals.files_read++;
	s->pdead = 0;
}

/* One job taken in order; 1 when it is a block of records to walk. */
static int par_event(struct flow_source *s, struct par_job *j)
{
	switch (j->ev) {
	case EV_FILE:
		par_file(s, j->file);
		return 0;
	case EV_FILE_FAILED:
		warnf(s, "%s", j->msg);
		s->totals.files_failed++;
		return 0;
	case EV_FILE_SKIPPED:
		s->totals.files_skipped++;
		s->totals.blocks_skipped += par_file_info(s->pool, j->file)->num_blocks;
		return 0;
	case EV_BLOCK_FAILED:
		if (j->file != s->pfile || s->pdead)
			return 0;
		warnf(s, "%s", j->msg);
		s->totals.blocks_failed++;
		s->pdead = 1;	/* as next_block: the file ends here */
		return 0;
	case EV_BLOCK:
		if (j->file != s->pfile || s->pdead)
			return 0;
		s->totals.blocks_read++;
		s->totals.bytes_read += j->out->size;
		if (j->out->type == NFBLOCK_ARRAY) {
			s->totals.blocks_skipped++;
			return 0;
		}
		nfrec_iter_init(&s->it, j->out);
		return 1;
	}
	return 0;
}

/* With workers: the next block in file order; 0 at the end. */
static int par_block(struct flow_source *s)
{
	for (;;) {
		if (s->job)
			par_release(s->pool, s->job);
		s->job = par_next(s->pool);
		if (!s->job)
			return 0;
		if (par_event(s, s->job))
			return 1;
	}
}

static void start_workers(struct flow_source *s)
{
	struct flow_err err = { 0 };
	struct par_params pp = {
		.paths = s->paths, .npaths = s->npaths, .nworkers = s->workers,
		.opts = &s->opts, .accept = s->accept, .accept_ctx = s->accept_ctx,
		.accept_elements = s->accept_elements,
		.accept_filter = s->accept_filter,
		.accept_only_filter = s->accept_only_filter,
		.consumer_helps = s->consumer_helps,
		.stage = s->have_stage && s->accept ? &s->stage : NULL,
	};

	s->started = 1;
	if (s->workers > 0 && par_start(&s->pool, &pp, &err) < 0)
		warnf(s, "%s: reading without them", err.msg);
}

/* The block being walked, for messages. */
static const struct nfblock *cur_block(const struct flow_source *s)
{
	return s->job ? s->job->out : &s->blk;
}

static const char *cur_path(const struct flow_source *s)
{
	return s->pool ? s->paths[s->pfile] : nffile_path(s->file);
}

static void record_failed(struct flow_source *s, const struct flow_err *err)
{
	const struct nfblock *b = cur_block(s);

	warnf(s, "%s: block %u at offset %lld, record at block offset %zu: %s",
	      cur_path(s), b->index, (long long)b->offset, s->it.off, err->msg);
	s->totals.records_failed++;
	s->in_block = 0;	/* cannot resync inside a block */
}

/* Turn one record into an item; 1 = item, 0 = consumed silently, <0 = bad. */
static int make_item(struct flow_source *s, const uint8_t *p, unsigned type,
		     unsigned size, struct flow_item *item, struct flow_err *err)
{
	int rc = 0;

	/* No memset: consumers read only the members of the item's kind. */
	item->rec = NULL;
	item->raw = p;
	item->raw_type = type;
	item->raw_size = size;
	switch (type) {
	case REC_V3:
		rc = flow_record_decode_v3(&s->rec, p, size, err);
		item->kind = FLOW_ITEM_FLOW;
		item->rec = &s->rec;
		break;
	case REC_COMMON_V1:
		rc = s->maps ? flow_record_decode_v1(&s->rec, s->maps, p, size, err)
			     : flow_errorf(err, FLOW_EFORMAT, "layout-1 record in a layout-2 file");
		item->kind = FLOW_ITEM_FLOW;
		item->rec = &s->rec;
		item->raw = NULL;
		break;
	case REC_EXT_MAP:
		rc = s->maps ? flow_v1_map_add(s->maps, p, size, err)
			     : flow_errorf(err, FLOW_EFORMAT, "extension map in a layout-2 file");
		return rc < 0 ? rc : 0;
	case REC_EXPORTER_INFO:
		rc = flow_exporter_info_decode(&item->exporter, p, size, err);
		item->kind = FLOW_ITEM_EXPORTER;
		break;
	case REC_SAMPLER:
	case REC_SAMPLER_LEGACY:
		rc = flow_sampler_decode(&item->sampler, p, size, err);
		item->kind = FLOW_ITEM_SAMPLER;
		break;
	case REC_EXPORTER_STAT:
		rc = flow_exporter_stat_count(p, size, err);
		item->kind = FLOW_ITEM_EXPORTER_STAT;
		break;
	case REC_NBAR:
	case REC_IFNAME:
	case REC_VRFNAME:
		item->kind = FLOW_ITEM_OTHER;
		break;
	default:
		return 0;	/* unknown types are skipped by size, as nfdump does */
	}
	return rc < 0 ? rc : 1;
}

/* A block the workers' stage did whole: one item, its records counted. */
static int staged_item(struct flow_source *s, struct flow_item *item)
{
	const struct par_job *j = s->job;

	s->totals.records += j->nrec;
	s->totals.flows += j->nrec;
	s->totals.flows_rejected += j->nrejected;
	s->in_block = 0;
	item->kind = FLOW_ITEM_BLOCK;
	item->rec = NULL;
	item->raw = NULL;
	item->result = j->result;
	item->flows = j->nrec;
	return 1;
}

int flow_source_next(struct flow_source *s, struct flow_item *item)
{
	struct flow_err err;	/* written only on error: no 512-byte clear per record */

	if (!s->started)
		start_workers(s);
	for (;;) {
		if (!s->in_block) {
			s->in_block = s->pool ? par_block(s) : seq_block(s);
			if (!s->in_block)
				return 0;
			if (s->job && s->job->staged)
				return staged_item(s, item);
		}

		const uint8_t *p = NULL;
		unsigned type = 0, size = 0;
		int rc = nfblock_next_record(&s->it, &p, &type, &size, &err);

		if (rc == 0) {
			s->in_block = 0;
			continue;
		}
		if (rc < 0) {
			record_failed(s, &err);
			continue;
		}
		s->totals.records++;
		if (s->job && par_rejected(s->job, s->it.seen - 1)) {
			s->totals.flows++;
			s->totals.flows_rejected++;
			continue;
		}
		rc = make_item(s, p, type, size, item, &err);
		if (rc < 0) {
			s->it.off -= size;	/* report the record's own offset */
			record_failed(s, &err);
			continue;
		}
		if (rc == 0)
			continue;
		if (item->kind == FLOW_ITEM_FLOW)
			s->totals.flows++;
		return 1;
	}
}

void flow_source_set_workers(struct flow_source *s, unsigned workers,
			     int (*accept)(void *ctx, const struct flow_record *r),
			     void *accept_ctx)
{
	s->workers = workers;
	s->accept = accept;
	s->accept_ctx = accept_ctx;
}

void flow_source_set_consumer_helps(struct flow_source *s, int on)
{
	s->consumer_helps = on;
}

void flow_source_set_accept_elements(struct flow_source *s, uint64_t elements)
{
	s->accept_elements = elements;
}

void flow_source_set_accept_filter(struct flow_source *s, const struct flow_filter *f,
				   int only)
{
	s->accept_filter = f;
	s->accept_only_filter = only;
}

void flow_source_set_stage(struct flow_source *s, const struct flow_source_stage *stage)
{
	s->have_stage = stage != NULL;
	if (stage)
		s->stage = *stage;
}

const struct nffile_info *flow_source_file(const struct flow_source *s)
{
	if (s->pool)
		return s->pinfo;
	return s->file ? nffile_info(s->file) : NULL;
}

const char *flow_source_file_path(const struct flow_source *s)
{
	if (s->pool)
		return s->pinfo ? s->paths[s->pfile] : NULL;
	return s->file ? nffile_path(s->file) : NULL;
}

const struct flow_source_totals *flow_source_totals(const struct flow_source *s)
{
	return &s->totals;
}

void flow_source_close(struct flow_source *s)
{
	if (!s)
		return;
	par_stop(s->pool);	/* the workers first: they read the paths */
	close_file(s);
	flow_v1_maps_free(s->maps);
	nfblock_release(&s->blk);
	for (size_t i = 0; i < s->npaths; i++)
		flow_free(s->paths[i]);
	flow_free(s->paths);
	flow_free(s);
}
