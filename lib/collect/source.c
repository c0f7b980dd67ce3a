/*
 * The receive side of one flow source: its decoder, the block being
 * filled and the counters of the current file.  Records go into the block
 * in the order nfcapd writes them: exporter and sampler records before
 * the flows that refer to them, the exporter stat record last.
 */
#include <netdb.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "collect/collect_int.h"
#include "util/alloc.h"
#include "util/endian.h"
#include "util/banned.h"

/* Hand the current block to the writer and take a fresh one. */
static int ship(struct csource *s)
{
	struct wqueue *q = &s->c->q;

	if (s->blk && s->blk->nrec > 0) {
		struct wmsg m = { .kind = WM_BLOCK, .src = s, .blk = s->blk };

		wq_put(q, &m);
		s->blk = NULL;
	}
	if (!s->blk)
		s->blk = wq_block(q);
	return s->blk ? 0 : FLOW_ENOMEM;
}

static int put_record(struct csource *s, const void *rec, size_t size)
{
	if (!s->blk || s->blk->cap - s->blk->used < size) {
		int rc = ship(s);

		if (rc < 0)
			return rc;
	}
	memcpy(s->blk->data + s->blk->used, rec, size);
	s->blk->used += size;
	s->blk->nrec++;
	return 0;
}

static int sink_flow(void *ctx, const struct flow_record *r)
{
	struct csource *s = ctx;

	for (int tries = 0; tries < 2; tries++) {
		if (s->blk) {
			int n = flow_record_encode_v3(r, s->blk->data + s->blk->used,
						      s->blk->cap - s->blk->used, NULL);

			if (n > 0) {
				s->blk->used += (size_t)n;
				s->blk->nrec++;
				flow_stat_add(&s->stat, r);
				return 0;
			}
		}
		if (ship(s) < 0)
			return FLOW_ENOMEM;
	}
	return FLOW_EINVAL;	/* does not fit an empty block */
}

static int sink_exporter(void *ctx, const struct flow_exporter_info *info)
{
	uint8_t rec[FLOW_EXPORTER_INFO_SIZE];

	flow_exporter_info_encode(info, rec);
	return put_record(ctx, rec, sizeof(rec));
}

static int sink_sampler(void *ctx, const struct flow_sampler *smp)
{
	uint8_t rec[FLOW_SAMPLER_SIZE];

	flow_sampler_encode(smp, rec);
	return put_record(ctx, rec, sizeof(rec));
}

/* Interface, NBAR and VRF names from option data: stored as they come. */
static int sink_record(void *ctx, const uint8_t *rec, size_t len)
{
	return put_record(ctx, rec, len);
}

int src_init(struct csource *s, struct collector *c, const struct collect_source_cfg *cfg,
	     struct flow_err *err)
{
	struct flow_decoder_config dc = {
		.kind = c->cfg->kind, .sampling_override = c->cfg->sampling,
		.max_templates = c->cfg->max_templates,
	};

	memset(s, 0, sizeof(*s));
	s->c = c;
	s->cfg = cfg;
	s->sink.ctx = s;
	s->sink.flow = sink_flow;
	s->sink.exporter = sink_exporter;
	s->sink.sampler = sink_sampler;
	s->sink.record = sink_record;
	int n = snprintf(s->tmp, sizeof(s->tmp), "%s/nfcapd.current.%ld", cfg->dir,
			 (long)getpid());

	if (n < 0 || (size_t)n >= sizeof(s->tmp))
		return flow_errorf(err, FLOW_EINVAL, "%s: path too long", cfg->dir);
	s->dec = flow_decoder_new(&dc, err);
	return s->dec ? 0 : FLOW_ENOMEM;
}

void src_free(struct csource *s)
{
	if (s->blk)
		wq_release(&s->c->q, s->blk);
	s->blk = NULL;
	flow_decoder_free(s->dec);
	s->dec = NULL;
}

static int put_exporter_info(void *ctx, const struct flow_decoder_exporter *e)
{
	return sink_exporter(ctx, &e->info);
}

static int put_sampler(void *ctx, const struct flow_sampler *smp)
{
	return sink_sampler(ctx, smp);
}

int src_open(struct csource *s, time_t slot)
{
	struct wmsg m = { .kind = WM_OPEN, .src = s, .slot = slot };

	s->slot = slot;
	flow_stat_init(&s->stat);
	s->bad = 0;
	wq_put(&s->c->q, &m);
	/* nfcapd repeats what it knows about its exporters in every file */
	if (flow_decoder_foreach_exporter(s->dec, put_exporter_info, s) < 0 ||
	    flow_decoder_foreach_sampler(s->dec, put_sampler, s) < 0)
		return FLOW_ENOMEM;
	return 0;
}

/* The exporter stat record (type 8), format.md §4.2. */
struct estat_buf {
	uint8_t rec[8 + 24 * 2048];
	unsigned n;
	uint64_t seq_failures;
};

static int add_estat(void *ctx, const struct flow_decoder_exporter *e)
{
	struct estat_buf *b = ctx;
	uint8_t *p = b->rec + 8 + 24 * b->n;

	if (b->n >= 2048)
		return 0;
	st_le32(p, e->info.sysid);
	st_le32(p + 4, e->sequence_failures);
	st_le64(p + 8, e->packets);
	st_le64(p + 16, e->flows);
	b->seq_failures += e->sequence_failures;
	b->n++;
	return 0;
}

int src_close(struct csource *s)
{
	static __thread struct estat_buf b;
	int rc = 0;

	b.n = 0;
	b.seq_failures = 0;
	flow_decoder_foreach_exporter(s->dec, add_estat, &b);
	if (b.n > 0) {	/* an idle source writes none, as nfcapd */
		st_le16(b.rec, REC_EXPORTER_STAT);
		st_le16(b.rec + 2, (uint16_t)(8 + 24 * b.n));
		st_le32(b.rec + 4, b.n);
		rc = put_record(s, b.rec, 8 + 24 * b.n);
	}
	s->stat.sequence_failure += b.seq_failures;
	flow_decoder_reset_interval(s->dec);
	if (rc == 0)
		rc = ship(s);

	struct wmsg m = { .kind = WM_CLOSE, .src = s, .slot = s->slot, .stat = s->stat,
			  .bad = s->bad };

	wq_put(&s->c->q, &m);
	return rc;
}

int src_flush(struct csource *s)
{
	return s->blk && s->blk->nrec > 0 ? ship(s) : 0;
}

/* -v/-E: one line per datagram, for debugging an exporter */
static void log_datagram(const struct csource *s, const struct sockaddr *from, socklen_t fromlen,
			 size_t len, int rc)
{
	char host[64] = "?";

	getnameinfo(from, fromlen, host, sizeof(host), NULL, 0, NI_NUMERICHOST);
	if (rc >= 0)
		collect_logf(&s->c->cfg->log, COLLECT_DEBUG, "Ident: %s, %zu bytes from %s: %d flows",
			     s->cfg->ident, len, host, rc);
	else
		collect_logf(&s->c->cfg->log, COLLECT_DEBUG, "Ident: %s, %zu bytes from %s: rejected",
			     s->cfg->ident, len, host);
}

int src_input(struct csource *s, const struct sockaddr *from, socklen_t fromlen,
	      const uint8_t *buf, size_t len, uint64_t now_ms)
{
	struct flow_err err = { 0 };
	int rc = flow_decoder_input(s->dec, from, fromlen, buf, len, now_ms, &s->sink, &err);

	if (rc == FLOW_ENOMEM)
		return rc;
	if (rc < 0)
		s->bad++;
	if (err.code != 0 && collect_ratelimit(s->c->ratelimit, from, fromlen, (time_t)(now_ms / 1000)))
		collect_logf(&s->c->cfg->log, COLLECT_WARN, "Ident: %s, %s", s->cfg->ident,
			     err.msg);
	if (s->c->cfg->log.verbose > 0)
		log_datagram(s, from, fromlen, len, rc);
	return 0;
}
