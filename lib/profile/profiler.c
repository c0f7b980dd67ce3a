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

static void put(struct run *r, size_t i, const struct flow_item *it)
{
	struct profiler_channel *c = &r->job->ch[i];
	struct flow_err err = { 0 };
	int rc;

	if (!r->w[i])
		return;
	if (it->kind == FLOW_ITEM_FLOW && !it->raw)
		rc = nfwriter_put_flow(r->w[i], it->rec, &err);	/* layout 1: re-encode */
	else
		rc = nfwriter_put(r->w[i], it->raw, it->raw_size, &err);
	if (rc < 0) {
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

/* Stream source s's file through channels [lo, hi) that take it. */
static void profile_source(struct run *r, size_t s, const char *path, size_t lo, size_t hi)
{
	struct profiler_job *job = r->job;
	struct flow_source_opts so = { warn_input, r, NULL, NULL };
	struct flow_source *src;
	struct flow_item it;
	struct flow_err err = { 0 };
	const char *name = job->sources[s];
	char *takes = flow_calloc(job->nch ? job->nch : 1, 1);
	size_t i;
	int any = 0;

	if (!takes)
		return;
	for (i = lo; i < hi; i++)
		any |= takes[i] = (char)in_list(job->ch[i].sourcelist, name);
	if (!any || flow_source_open(&src, &path, 1, &so, &err) < 0) {
		if (any)
			say(r, "%s: %s", path, err.msg);
		flow_free(takes);
		return;
	}
	while (flow_source_next(src, &it) > 0) {
		if (it.kind == FLOW_ITEM_EXPORTER_STAT)
			continue;	/* per file; each output gets its own */
		for (i = lo; i < hi; i++) {
			if (!takes[i])
				continue;
			if (it.kind != FLOW_ITEM_FLOW) {
				put(r, i, &it);
				continue;
			}
			if (!flow_filter_match(job->ch[i].filter, it.rec))
				continue;
			flow_stat_add(&job->ch[i].stat, it.rec);
			job->ch[i].flows++;
			put(r, i, &it);
		}
	}
	flow_source_close(src);
	flow_free(takes);
}

/*
 * One worker: every source file through its share of the channels.  Each
 * worker reads the files itself - decompressing twice costs less than
 * handing records between threads - and owns its channels' writers and
 * counters, so nothing is shared but the read-only job.
 */
struct worker {
	struct run *r;
	size_t lo, hi;
	pthread_t tid;
};

static void *work(void *arg)
{
	struct worker *w = arg;
	size_t s;

	for (s = 0; s < w->r->job->nsources; s++)
		if (w->r->job->source_found[s])
			profile_source(w->r, s, w->r->paths[s], w->lo, w->hi);
	return NULL;
}

/* Split the channels over up to ncpu workers; the calling thread is one of them. */
static void run_workers(struct run *r)
{
	long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
	size_t n = ncpu > 1 ? (size_t)ncpu : 1, i, per;
	struct worker *w;

	if (n > 8)
		n = 8;
	if (n > r->job->nch)
		n = r->job->nch ? r->job->nch : 1;
	w = flow_calloc(n, sizeof(*w));
	if (!w)
		n = 1;
	per = (r->job->nch + n - 1) / n;
	for (i = 0; w && i < n; i++) {
		w[i].r = r;
		w[i].lo = i * per < r->job->nch ? i * per : r->job->nch;
		w[i].hi = (i + 1) * per < r->job->nch ? (i + 1) * per : r->job->nch;
		if (i > 0 && pthread_create(&w[i].tid, NULL, work, &w[i]) != 0)
			w[i].tid = 0, work(&w[i]);	/* no thread: do it here */
	}
	if (!w) {
		struct worker one = { r, 0, r->job->nch, 0 };

		work(&one);
		return;
	}
	work(&w[0]);
	for (i = 1; i < n; i++)
		if (w[i].tid)
			pthread_join(w[i].tid, NULL);
	flow_free(w);
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
	run_workers(&r);
	for (i = 0; i < job->nch; i++)
		finish_channel(&r, i);
	for (s = 0; s < job->nsources; s++)
		flow_free(r.paths[s]);
	flow_free(r.paths);
	flow_free(r.w);
	return 0;
}
