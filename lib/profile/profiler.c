/*
 * profiler.c - one slot of the periodic cycle (profiler.h).
 */
#include <errno.h>
#include <pthread.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "expire/expire.h"
#include "profile/handoff.h"
#include "profile/profiler.h"
#include "profile/rrd.h"
#include "select/select.h"
#include "source/source.h"
#include "util/alloc.h"

struct run {
	struct profiler_job *job;
	void (*warn)(void *ctx, const char *msg);
	void *ctx;
	char iso[16], sub[64];
	struct nfwriter **w;		/* per channel, NULL when not writing */
	char **paths;			/* per source: the slot's file */
};

static void say(struct run *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void say(struct run *r, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;

	if (!r->warn)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	r->warn(r->ctx, msg);
}

static int in_list(const char *list, const char *name)
{
	size_t n = strlen(name);
	const char *p = list;

	if (!*list || strcmp(list, "*") == 0)
		return 1;
	while ((p = strstr(p, name)) != NULL) {
		if ((p == list || p[-1] == '|') && (p[n] == '|' || p[n] == '\0'))
			return 1;
		p += n;
	}
	return 0;
}

static void chan_dir(const struct run *r, const struct profiler_channel *c, char *buf, size_t cap)
{
	if (strcmp(c->group, ".") == 0)
		snprintf(buf, cap, "%s/%s/%s", r->job->datadir, c->profile, c->channel);
	else
		snprintf(buf, cap, "%s/%s/%s/%s", r->job->datadir, c->group, c->profile, c->channel);
}

static int mkdirs(const char *path)
{
	char buf[PATH_MAX], *p;

	snprintf(buf, sizeof(buf), "%s", path);
	for (p = buf + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(buf, 0775) < 0 && errno != EEXIST)
			return -1;
		*p = '/';
	}
	return mkdir(buf, 0775) < 0 && errno != EEXIST ? -1 : 0;
}

/* Open the output of channel i (not for shadow profiles). */
static void open_output(struct run *r, size_t i)
{
	struct profiler_channel *c = &r->job->ch[i];
	struct nffile_opts o = r->job->wopts;
	char dir[PATH_MAX], out[PATH_MAX], tmp[PATH_MAX + 32];
	struct flow_err err = { 0 };
	int alert = (c->type & PROFILER_ALERT) != 0;

	if (c->type & 4)
		return;
	chan_dir(r, c, dir, sizeof(dir));
	/* alert files sit in the channel directory, as nfprofile 1.6 puts them */
	if (snprintf(out, sizeof(out), "%s%s%s/nfcapd.%s", dir, !alert && r->sub[0] ? "/" : "",
		     alert ? "" : r->sub, r->iso) >= (int)sizeof(out) ||
	    snprintf(tmp, sizeof(tmp), "%s/nfprofile.%ld.%zu", dir, (long)getpid(), i) >=
		    (int)sizeof(tmp)) {
		say(r, "channel '%s' of profile '%s': path too long", c->channel, c->profile);
		c->failed = 1;
		return;
	}
	if (!alert && r->sub[0]) {
		char subdir[PATH_MAX];

		if (snprintf(subdir, sizeof(subdir), "%s/%s", dir, r->sub) >= (int)sizeof(subdir) ||
		    mkdirs(subdir) < 0) {
			say(r, "channel '%s' of profile '%s': %s: %s", c->channel, c->profile,
			    subdir, strerror(errno));
			c->failed = 1;
			return;
		}
	}
	o.ident = c->channel;
	o.creator = 6;	/* nfprofile */
	if (nffile_create_tmp(&r->w[i], out, tmp, &o, &err) < 0) {
		say(r, "channel '%s' of profile '%s': %s", c->channel, c->profile, err.msg);
		c->failed = 1;
		r->w[i] = NULL;
	}
}

/* Append one record to channel i's file; runs in the worker's writer. */
static void put(struct run *r, size_t i, const uint8_t *raw, size_t size)
{
	struct profiler_channel *c = &r->job->ch[i];
	struct flow_err err;	/* written only on error: no 516-byte clear per record */

	if (!r->w[i])
		return;
	if (nfwriter_put(r->w[i], raw, size, &err) < 0) {
		say(r, "channel '%s' of profile '%s': %s", c->channel, c->profile, err.msg);
		nffile_abort(r->w[i]);
		r->w[i] = NULL;
		c->failed = 1;
	}
}

static void warn_input(void *ctx, const char *msg)
{
	say(ctx, "%s", msg);
}

/*
 * One worker's share: channels [lo, hi), their filters in one set whose
 * bit k is channel lo + k.  The worker's thread reads, decodes, matches
 * and counts; its writer (a second thread when there are CPUs for it)
 * copies the records into the channel files.  Between them go entries of
 * u32 size, u32 0, words of channel mask, the record padded to 8 bytes.
 */
struct worker {
	struct run *r;
	size_t lo, hi;
	struct flow_filter_set *set;
	size_t words;
	uint64_t *takes, *hits;		/* words each */
	struct handoff *out;
	int lost;			/* a record could not be passed on */
	pthread_t tid;
};

#define ENTRY_HEAD 8u
#define CHUNK_SIZE (1u << 20)	/* > ENTRY_HEAD + mask + a 64 KiB record */
#define CHUNKS 4

/* The writer: each entry's record to the channels in its mask. */
static void consume(void *ctx, const uint8_t *d, size_t n)
{
	struct worker *w = ctx;
	size_t off = 0, mbytes = w->words * sizeof(uint64_t);

	while (off + ENTRY_HEAD <= n) {
		uint32_t size;
		const uint8_t *rec;

		memcpy(&size, d + off, sizeof(size));
		rec = d + off + ENTRY_HEAD + mbytes;
		for (size_t j = 0; j < w->words; j++) {
			uint64_t b;

			memcpy(&b, d + off + ENTRY_HEAD + j * sizeof(b), sizeof(b));
			for (; b; b &= b - 1)
				put(w->r, w->lo + j * 64 + (size_t)__builtin_ctzll(b), rec, size);
		}
		off += (ENTRY_HEAD + mbytes + size + 7) & ~(size_t)7;
	}
}

/*
 * Send a record to the channels in m: raw as stored, or (layout 1, raw
 * NULL) rec encoded as V3, which is what nfwriter_put_flow would write.
 */
static void emit(struct worker *w, const uint64_t *m, const uint8_t *raw, size_t size,
		 const struct flow_record *rec)
{
	size_t mbytes = w->words * sizeof(uint64_t);
	uint32_t n32;
	uint8_t *p;

	if (!raw)
		size = flow_record_v3_size(rec);
	p = handoff_reserve(w->out, ENTRY_HEAD + mbytes + size);
	if (!p || (!raw && flow_record_encode_v3(rec, p + ENTRY_HEAD + mbytes, size, NULL) < 0)) {
		w->lost = 1;
		return;
	}
	n32 = (uint32_t)size;
	memcpy(p, &n32, sizeof(n32));
	memset(p + sizeof(n32), 0, ENTRY_HEAD - sizeof(n32));
	memcpy(p + ENTRY_HEAD, m, mbytes);
	if (raw)
		memcpy(p + ENTRY_HEAD + mbytes, raw, size);
	handoff_commit(w->out, ENTRY_HEAD + mbytes + size);
}

/* Count a matched flow in the channels of m. */
static void count(struct worker *w, const uint64_t *m, const struct flow_record *rec)
{
	for (size_t j = 0; j < w->words; j++)
		for (uint64_t b = m[j]; b; b &= b - 1) {
			struct profiler_channel *c =
				&w->r->job->ch[w->lo + j * 64 + (size_t)__builtin_ctzll(b)];

			flow_stat_add(&c->stat, rec);
			c->flows++;
		}
}

/*
 * Stream source s's file through the worker's channels that take it: one
 * decode per record, one filter-set match for all of them.
 */
static void profile_source(struct worker *w, size_t s)
{
	struct run *r = w->r;
	struct profiler_job *job = r->job;
	struct flow_source_opts so = { warn_input, r, NULL, NULL };
	struct flow_source *src;
	struct flow_item it;
	struct flow_err err = { 0 };
	const char *path = r->paths[s];
	size_t i, j;
	uint64_t any = 0;

	memset(w->takes, 0, w->words * sizeof(*w->takes));
	for (i = w->lo; i < w->hi; i++)
		if (in_list(job->ch[i].sourcelist, job->sources[s]))
			w->takes[(i - w->lo) / 64] |= 1ULL << ((i - w->lo) % 64);
	for (j = 0; j < w->words; j++)
		any |= w->takes[j];
	if (!any)
		return;
	if (flow_source_open(&src, &path, 1, &so, &err) < 0) {
		say(r, "%s: %s", path, err.msg);
		return;
	}
	while (flow_source_next(src, &it) > 0) {
		if (it.kind == FLOW_ITEM_EXPORTER_STAT)
			continue;	/* per file; each output gets its own */
		if (it.kind != FLOW_ITEM_FLOW) {
			emit(w, w->takes, it.raw, it.raw_size, NULL);
			continue;
		}
		/* channel filters may name the file's ident, as nfprofile's do */
		const struct nffile_info *fi = flow_source_file(src);
		struct flow_filter_ctx ctx = {
			.ident = fi && fi->have_ident ? fi->ident : NULL,
			.count = flow_source_totals(src)->flows,
		};

		flow_filter_set_match(w->set, it.rec, &ctx, w->hits);
		any = 0;
		for (j = 0; j < w->words; j++)
			any |= w->hits[j] &= w->takes[j];
		if (!any)
			continue;
		count(w, w->hits, it.rec);
		emit(w, w->hits, it.raw, it.raw_size, it.rec);
	}
	flow_source_close(src);
}

/* Build the worker's filter set and bitmaps. */
static int worker_init(struct worker *w, struct run *r, size_t lo, size_t hi, int threaded,
		       struct flow_err *err)
{
	const struct flow_filter **f = flow_calloc(hi > lo ? hi - lo : 1, sizeof(*f));
	int rc;

	memset(w, 0, sizeof(*w));
	w->r = r;
	w->lo = lo;
	w->hi = hi;
	if (!f)
		return flow_errorf(err, FLOW_ENOMEM, "profiler: out of memory");
	for (size_t i = lo; i < hi; i++)
		f[i - lo] = r->job->ch[i].filter;
	rc = flow_filter_set_build(&w->set, f, hi - lo, err);
	flow_free(f);
	if (rc < 0)
		return rc;
	w->words = flow_filter_set_words(w->set);
	w->takes = flow_calloc(2 * w->words, sizeof(*w->takes));
	if (!w->takes)
		return flow_errorf(err, FLOW_ENOMEM, "profiler: out of memory");
	w->hits = w->takes + w->words;
	return handoff_new(&w->out, CHUNKS, CHUNK_SIZE, threaded, consume, w, err);
}

static void worker_free(struct worker *w)
{
	handoff_free(w->out);
	flow_filter_set_free(w->set);
	flow_free(w->takes);
}

static void *work(void *arg)
{
	struct worker *w = arg;

	for (size_t s = 0; s < w->r->job->nsources; s++)
		if (w->r->job->source_found[s])
			profile_source(w, s);
	handoff_finish(w->out);
	if (w->lost)	/* a file would miss records: fail the channels */
		for (size_t i = w->lo; i < w->hi; i++) {
			say(w->r, "channel '%s' of profile '%s': a record too large to pass on",
			    w->r->job->ch[i].channel, w->r->job->ch[i].profile);
			if (w->r->w[i])
				nffile_abort(w->r->w[i]);
			w->r->w[i] = NULL;
			w->r->job->ch[i].failed = 1;
		}
	return NULL;
}

/*
 * How many workers share the channels.  Each worker reads and decodes
 * every file itself, which pays only when the filters that cannot be
 * table lookups are many: about 100 ns of reading a record against some
 * 5 ns per filter evaluated.  zone1's 21 port/proto channels take one
 * worker (and its writer thread).
 */
static size_t workers_wanted(const struct run *r, struct flow_err *err)
{
	const struct flow_filter **f = flow_calloc(r->job->nch ? r->job->nch : 1, sizeof(*f));
	struct flow_filter_set *set;
	long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
	size_t n, slow;

	if (!f)
		return flow_errorf(err, FLOW_ENOMEM, "profiler: out of memory"), 0;
	for (size_t i = 0; i < r->job->nch; i++)
		f[i] = r->job->ch[i].filter;
	n = flow_filter_set_build(&set, f, r->job->nch, err) < 0 ? 0 : 1;
	flow_free(f);
	if (!n)
		return 0;
	slow = flow_filter_set_slow(set);
	flow_filter_set_free(set);
	n = 1 + slow / 32;
	if (ncpu > 0 && n > (size_t)ncpu)
		n = (size_t)ncpu;
	if (n > 8)
		n = 8;
	if (n > r->job->nch)
		n = r->job->nch ? r->job->nch : 1;
	return n;
}

/* Split the channels over the workers; the calling thread is one of them. */
static int run_workers(struct run *r, struct flow_err *err)
{
	long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
	size_t n = workers_wanted(r, err), i, per;
	struct worker *w;
	int rc = 0;

	if (!n)
		return -1;
	w = flow_calloc(n, sizeof(*w));
	if (!w)
		return flow_errorf(err, FLOW_ENOMEM, "profiler: out of memory");
	per = (r->job->nch + n - 1) / n;
	for (i = 0; i < n && rc == 0; i++)
		rc = worker_init(&w[i], r, i * per < r->job->nch ? i * per : r->job->nch,
				 (i + 1) * per < r->job->nch ? (i + 1) * per : r->job->nch, ncpu > 1,
				 err);
	for (i = 1; i < n && rc == 0; i++)
		if (pthread_create(&w[i].tid, NULL, work, &w[i]) != 0)
			w[i].tid = 0, work(&w[i]);	/* no thread: do it here */
	if (rc == 0)
		work(&w[0]);
	for (i = 0; i < n; i++) {
		if (w[i].tid)
			pthread_join(w[i].tid, NULL);
		worker_free(&w[i]);
	}
	flow_free(w);
	return rc;
}

static void finish_channel(struct run *r, size_t i)
{
	struct profiler_channel *c = &r->job->ch[i];
	struct flow_err err = { 0 };
	char dir[PATH_MAX], file[PATH_MAX], rrd[PATH_MAX];
	uint64_t v[CHANNEL_RRD_DS];
	struct expire_result res;

	chan_dir(r, c, dir, sizeof(dir));
	if (r->w[i]) {
		if (c->flows)
			*nfwriter_stat(r->w[i]) = c->stat;
		if (nffile_finish(r->w[i], &err) < 0) {
			say(r, "channel '%s' of profile '%s': %s", c->channel, c->profile, err.msg);
			c->failed = 1;
		} else if (r->job->nfstat_add_only || !(c->type & PROFILER_ALERT)) {
			int flat = (c->type & PROFILER_ALERT) || !r->sub[0];

			if (snprintf(file, sizeof(file), "%s%s%s/nfcapd.%s", dir, flat ? "" : "/",
				     flat ? "" : r->sub, r->iso) >= (int)sizeof(file))
				say(r, "%s: path too long", dir);
			else if (r->job->nfstat_add_only
					 ? expire_nfstat_add(dir, file, r->job->rrd_time > 0 ?
							 r->job->rrd_time : 0, &err) < 0
					 : expire_collector_update(dir, file, r->job->slot, &res, &err) < 0)
				say(r, "%s: %s", dir, err.msg);
		}
		r->w[i] = NULL;
	}
	if ((c->type & PROFILER_ALERT) || r->job->rrd_time < 0)
		return;
	if (strcmp(c->group, ".") == 0)
		snprintf(rrd, sizeof(rrd), "%s/%s/%s.rrd", r->job->statdir, c->profile, c->channel);
	else
		snprintf(rrd, sizeof(rrd), "%s/%s/%s/%s.rrd", r->job->statdir, c->group, c->profile,
			 c->channel);
	channel_rrd_values(&c->stat, v);
	if (channel_rrd_update(rrd, r->job->rrd_time ? r->job->rrd_time : r->job->slot, v,
			       &err) < 0) {
		say(r, "RRD: %s", err.msg);
		c->failed = 1;
	}
}

int profiler_run(struct profiler_job *job, void (*warn)(void *ctx, const char *msg), void *ctx,
		 struct flow_err *err)
{
	struct run r = { job, warn, ctx, "", "", NULL, NULL };
	struct tm tm;
	char path[PATH_MAX];
	size_t s, i;
	struct flow_err e = { 0 };
	int rc;

	r.w = flow_calloc(job->nch ? job->nch : 1, sizeof(*r.w));
	r.paths = flow_calloc(job->nsources ? job->nsources : 1, sizeof(*r.paths));
	if (!r.w || !r.paths) {
		flow_free(r.w);
		flow_free(r.paths);
		return flow_errorf(err, FLOW_ENOMEM, "profiler: out of memory");
	}
	localtime_r(&job->slot, &tm);
	strftime(r.iso, sizeof(r.iso), "%Y%m%d%H%M", &tm);
	if (job->subdirlayout && flow_subdir_path(job->subdirlayout, job->slot, r.sub,
						  sizeof(r.sub), &e) < 0) {
		flow_free(r.w);
		flow_free(r.paths);
		return flow_errorf(err, FLOW_EINVAL, "%s", e.msg);
	}
	for (i = 0; i < job->nch; i++) {
		flow_stat_init(&job->ch[i].stat);
		job->ch[i].flows = 0;
		job->ch[i].failed = 0;
		open_output(&r, i);
	}
	for (s = 0; s < job->nsources; s++) {
		struct nffile_info info;

		if (job->source_files)
			snprintf(path, sizeof(path), "%s", job->source_files[s]);
		else
			snprintf(path, sizeof(path), "%s/live/%s%s%s/nfcapd.%s", job->datadir,
				 job->sources[s], r.sub[0] ? "/" : "", r.sub, r.iso);
		job->source_found[s] = nffile_stat(path, &info, &e) == 0;
		flow_stat_init(&job->source_stat[s]);
		r.paths[s] = flow_strdup(path);
		if (!r.paths[s])
			job->source_found[s] = 0;
		if (job->source_found[s])
			job->source_stat[s] = info.stat;
	}
	rc = run_workers(&r, err);
	for (i = 0; i < job->nch; i++) {
		if (rc == 0)
			finish_channel(&r, i);
		else if (r.w[i])
			nffile_abort(r.w[i]);	/* no half-profiled files */
	}
	for (s = 0; s < job->nsources; s++)
		flow_free(r.paths[s]);
	flow_free(r.paths);
	flow_free(r.w);
	return rc;
}
