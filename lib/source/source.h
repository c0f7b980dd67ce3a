/*
 * source.h - a stream of records from a list of capture files.
 *
 * This is what every reader binary runs on (dump, the profiler, replay):
 * it opens the files in the given order, walks their blocks and records,
 * decodes flows (layout-2 V3 records and layout-1 records alike) into one
 * reused struct flow_record, and hands out exporter, sampler and other
 * records so that a writer can copy them.
 *
 * Bad input never stops the stream: a file that cannot be opened, a block
 * that cannot be read or decompressed, or a record that does not parse is
 * reported through opts.warn with the file, block and offset, counted in
 * the totals, and reading goes on with the next block or file - as nfdump
 * does, but with a message that says where.
 *
 * Lifetime: an item's pointers (record, raw bytes, file name) are valid
 * until the next flow_source_next() call.
 */
#ifndef FLOW_SOURCE_SOURCE_H
#define FLOW_SOURCE_SOURCE_H

#include <stddef.h>
#include <stdint.h>

#include "file/nffile.h"
#include "record/record.h"
#include "record/stat.h"
#include "util/err.h"

struct flow_filter;

enum flow_item_kind {
	FLOW_ITEM_FLOW = 1,		/* rec is set; raw is the V3 record or NULL (layout 1) */
	FLOW_ITEM_EXPORTER,		/* exporter info (type 7) */
	FLOW_ITEM_SAMPLER,		/* sampler (type 15, or legacy 9 converted) */
	FLOW_ITEM_EXPORTER_STAT,	/* type 8 */
	FLOW_ITEM_OTHER,		/* NBAR, interface/VRF names: raw only */
	FLOW_ITEM_BLOCK,		/* a whole block done by the stage: result, flows */
};

/* Only the members named for the item's kind are set. */
struct flow_item {
	enum flow_item_kind kind;
	const uint8_t *raw;		/* the record as stored, when reusable */
	unsigned raw_type, raw_size;
	struct flow_record *rec;
	struct flow_exporter_info exporter;
	struct flow_sampler sampler;
	void *result;			/* FLOW_ITEM_BLOCK: the stage's block result */
	uint64_t flows;			/* FLOW_ITEM_BLOCK: flows in it (accepted or not) */
};

/*
 * Work the workers may do on whole blocks (flow_source_set_stage): each
 * worker makes its state with worker_new; flow() gets each flow of a
 * block that accept() passed, in order; block_done() then moves what
 * the block gave into *result (a slot's result, NULL the first time;
 * the stage owns it, result_free frees it at the end; < 0 when it
 * cannot, which drops the block's work as block_abort does).  A block the
 * stage completed comes out as one FLOW_ITEM_BLOCK item instead of its
 * flows; a block it could not (a record of another type, one that does
 * not parse, a layout-1 file) comes out record by record as usual, after
 * block_abort() dropped what flow() collected.
 */
struct flow_source_stage {
	void *ctx;
	void *(*worker_new)(void *ctx);
	void (*worker_free)(void *ws);
	void (*flow)(void *ws, const struct nffile_info *file, const struct flow_record *r);
	/*
	 * Optional: take V3 record r (size bytes) as flow() would take it
	 * decoded, reading it in place: 1 if it did, 0 to have it decoded for
	 * flow().  Called only where accept is known to pass r (see
	 * flow_source_set_accept_filter).
	 */
	int (*flow_raw)(void *ws, const struct nffile_info *file, const uint8_t *r,
			unsigned size);
	int (*block_done)(void *ws, void **result);	/* < 0: as block_abort */
	void (*block_abort)(void *ws);
	void (*result_free)(void *result);
	uint64_t elements;	/* what flow() reads (bit n = element id n); 0: all */
};

struct flow_source_opts {
	/* Called with one line (no newline) per problem found in the input. */
	void (*warn)(void *ctx, const char *msg);
	void *warn_ctx;
	/* Return nonzero to skip a whole file (e.g. outside the -t window). */
	int (*skip_file)(void *ctx, const struct nffile_info *info);
	void *skip_ctx;
};

struct flow_source_totals {
	uint64_t files_read, files_failed, files_skipped;
	uint64_t blocks_read, blocks_skipped, blocks_failed;
	uint64_t records, flows, records_failed;
	uint64_t flows_rejected;	/* by opts.accept: flows not handed out */
	uint64_t bytes_read;		/* decompressed data block payload */
};

struct flow_source;

/* paths are copied. */
int flow_source_open(struct flow_source **out, const char *const *paths, size_t n,
		     const struct flow_source_opts *opts, struct flow_err *err);
/*
 * Before the first flow_source_next: worker threads that read and
 * decompress blocks ahead of the consumer, in parallel also within one
 * file, besides the caller's; 0 = none (all in the caller's thread).  Items, totals and
 * warnings come out the same, in the same order, whatever the number;
 * skip_file is then called from a worker (one call at a time, in file
 * order).  accept (may be NULL) is a pure, thread-safe predicate the
 * workers run on each flow of a layout-2 file: flows it rejects are
 * counted (totals.flows, flows_rejected) but not handed out, so the
 * caller must still apply the same test itself to the flows it gets.
 */
void flow_source_set_workers(struct flow_source *s, unsigned workers,
			     int (*accept)(void *ctx, const struct flow_record *r),
			     void *accept_ctx);
/*
 * With workers: while the next block is not ready, the caller's thread
 * works one itself (read, decompress, accept, stage) inside
 * flow_source_next, instead of waiting.  For a caller that counts itself
 * as one of the threads because it has work of its own (statistics).
 */
void flow_source_set_consumer_helps(struct flow_source *s, int on);
/*
 * The elements accept() reads (bit n = element id n, as
 * flow_filter_elements): workers then decode only those to test a flow,
 * and the rest only for the flows it passes.  0 (the default): accept
 * gets every flow decoded in full.
 */
void flow_source_set_accept_elements(struct flow_source *s, uint64_t elements);
/*
 * A filter accept() applies (accept rejects every flow f rejects; NULL =
 * none; f must outlive the source): workers then test the records they
 * can in place (flow_filter_raw_new), and decode only those it passes.
 * only: accept() is f and nothing else (NULL: accept passes every flow),
 * so a record f passes in place goes to the stage's flow_raw undecoded.
 */
void flow_source_set_accept_filter(struct flow_source *s, const struct flow_filter *f,
				   int only);
/* With workers and accept: have them do stage's work (copied; NULL = none). */
void flow_source_set_stage(struct flow_source *s, const struct flow_source_stage *stage);
/* 1 = *item filled, 0 = end of all files.  Never fails: see above. */
int flow_source_next(struct flow_source *s, struct flow_item *item);
/* The file being read (NULL before the first / after the last). */
const struct nffile_info *flow_source_file(const struct flow_source *s);
const char *flow_source_file_path(const struct flow_source *s);
const struct flow_source_totals *flow_source_totals(const struct flow_source *s);
void flow_source_close(struct flow_source *s);

#endif
