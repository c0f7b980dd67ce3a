/*
 * The writer thread: it owns the open files.  Compression and disk writes
 * happen here, off the receive path, so a slow codec (bz2) or a slow disk
 * costs queue depth, not datagrams.
 */
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "collect/collect_int.h"
#include "util/banned.h"

/*
 * The header's creator field: 1.7.1 writes 0 ("unused"), and our files
 * carry 1.7.1's version word, so 0 keeps them consistent with it.
 */
#define CREATOR_171 0

static void spool_open(struct collector *c, struct csource *s, time_t slot)
{
	const struct collect_config *cfg = c->cfg;
	struct flow_err err = { 0 };
	struct nffile_opts o = {
		.compression = cfg->compression, .level = cfg->level,
		.ident = s->cfg->ident, .creator = CREATOR_171,
	};

	s->wslot = slot;
	if (collect_slot_path(s->cfg->dir, cfg->subdir_layout, slot, cfg->interval,
			      cfg->tz_names, s->target, sizeof(s->target), &s->rel, &err) < 0 ||
	    nffile_create_tmp(&s->w, s->target, s->tmp, &o, &err) < 0) {
		s->w = NULL;
		collect_logf(&cfg->log, COLLECT_ERR, "Ident: %s, %s", s->cfg->ident, err.msg);
	}
}

static void spool_block(struct collector *c, struct csource *s, struct cblock *b)
{
	struct flow_err err = { 0 };

	if (s->w && nfwriter_put_block(s->w, b->data, b->used, b->nrec, &err) < 0) {
		collect_logf(&c->cfg->log, COLLECT_ERR, "Ident: %s, %s", s->cfg->ident, err.msg);
		nffile_abort(s->w);
		s->w = NULL;
	}
	wq_release(&c->q, b);
}

static void log_interval(const struct collect_config *cfg, const struct csource *s,
			 const struct flow_stat *st, uint64_t bad)
{
	collect_logf(&cfg->log, COLLECT_INFO,
		     "Ident: '%s' Flows: %" PRIu64 ", Packets: %" PRIu64 ", Bytes: %" PRIu64
		     ", Sequence Errors: %" PRIu64 ", Bad Packets: %" PRIu64,
		     s->cfg->ident, st->numflows, st->numpackets, st->numbytes,
		     st->sequence_failure, bad);
}

static void spool_close(struct collector *c, struct csource *s, const struct wmsg *m)
{
	const struct collect_config *cfg = c->cfg;
	struct flow_err err = { 0 };
	struct flow_stat st = m->stat;

	/* nfcapd: an idle slot's stat spans the whole slot */
	if (st.numflows == 0) {
		st.msec_first = (uint64_t)s->wslot * 1000;
		st.msec_last = (uint64_t)(s->wslot + (time_t)cfg->interval) * 1000;
	}
	log_interval(cfg, s, &st, m->bad);
	if (!s->w)
		return;
	*nfwriter_stat(s->w) = st;

	int rc = collect_mkdirs(s->target, &err);

	if (rc == 0)
		rc = collect_finish(s->w, s->target, &err);
	else
		nffile_abort(s->w);
	s->w = NULL;
	if (rc < 0) {
		collect_logf(&cfg->log, COLLECT_ERR, "Ident: %s, Can't rename dump file: %s",
			     s->cfg->ident, err.msg);
		return;
	}
	collect_after_file(cfg, s);
}

static void *spool_main(void *arg)
{
	struct collector *c = arg;
	struct wmsg m;

	for (;;) {
		wq_take(&c->q, &m);
		switch (m.kind) {
		case WM_OPEN:
			spool_open(c, m.src, m.slot);
			break;
		case WM_BLOCK:
			spool_block(c, m.src, m.blk);
			break;
		case WM_CLOSE:
			spool_close(c, m.src, &m);
			break;
		case WM_QUIT:
			return NULL;
		}
	}
}

int spool_start(struct collector *c, struct flow_err *err)
{
	sigset_t all, old;

	/* The writer never takes a signal: the receive loop handles them. */
	sigfillset(&all);
	pthread_sigmask(SIG_BLOCK, &all, &old);

	int rc = pthread_create(&c->writer, NULL, spool_main, c);

	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (rc != 0)
		return flow_errorf(err, FLOW_ENOMEM, "cannot start the writer thread");
	return 0;
}

void spool_stop(struct collector *c)
{
	struct wmsg m = { .kind = WM_QUIT };

	wq_put(&c->q, &m);
	pthread_join(c->writer, NULL);
	for (unsigned i = 0; i < c->nsrc; i++)
		if (c->src[i].w) {
			nffile_abort(c->src[i].w);
			c->src[i].w = NULL;
		}
}
