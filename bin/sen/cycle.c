/*
 * cycle.c - nfsend's periodic cycle for one slot (reference/nfsen.md
 * §4.2): profile the slot's live files into every continuous profile,
 * update live's RRDs from the files' statistics, advance updated/tend.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>

#include "file/codec.h"
#include "profile/graph.h"
#include "profile/profiler.h"
#include "profile/rrd.h"
#include "sen.h"
#include "util/alloc.h"

struct cycle_profile {
	struct pname pn;
	struct profile p;
};

struct cycle {
	struct sen *s;
	struct cycle_profile *prof;
	size_t nprof;
	struct profiler_channel *ch;
	struct flow_filter **filters;
	size_t nch;
};

static void cycle_warn(void *ctx, const char *msg)
{
	(void)ctx;
	sen_log(LOG_WARNING, "%s", msg);
}

/* The channel's filter file, compiled; NULL (logged) when unusable. */
struct flow_filter *sen_load_filter(struct sen *s, const struct pname *pn, const char *ch)
{
	char leaf[PROFILE_NAME_MAX + 16], path[PATH_MAX], *text = NULL;
	struct flow_filter *f = NULL;
	struct flow_err err = { 0 };
	size_t len = 0, got;
	FILE *fp;

	snprintf(leaf, sizeof(leaf), "%s-filter.txt", ch);
	pstore_path(&s->ps, 0, pn, leaf, path, sizeof(path));
	fp = fopen(path, "r");
	if (!fp) {
		sen_log(LOG_ERR, "Skipping channel %s in profile '%s' group '%s'. No profile filter found.",
			ch, pn->name, pn->group);
		return NULL;
	}
	text = flow_malloc(65536);
	if (text) {
		got = fread(text, 1, 65535, fp);
		len = got;
		text[len] = '\0';
		if (flow_filter_compile(&f, text, &err) < 0)
			sen_log(LOG_ERR, "*** Compiling filter failed for channel %s in profile '%s': %s",
				ch, pn->name, err.msg);
	}
	fclose(fp);
	flow_free(text);
	return f;
}

static void cycle_free(struct cycle *c)
{
	size_t i;

	for (i = 0; i < c->nch; i++)
		flow_filter_free(c->filters[i]);
	for (i = 0; i < c->nprof; i++)
		profile_free(&c->prof[i].p);
	flow_free(c->prof);
	flow_free(c->ch);
	flow_free(c->filters);
}

/* Every profile; channels of continuous profiles in status OK go to the profiler. */
static int cycle_collect(struct cycle *c, struct flow_err *err)
{
	char **list;
	size_t n, i, j, total = 0;
	int rc = pstore_list(&c->s->ps, &list, &n, err);

	if (rc < 0)
		return rc;
	c->prof = flow_calloc(n ? n : 1, sizeof(*c->prof));
	for (i = 0; c->prof && i < n; i++) {
		struct cycle_profile *cp = &c->prof[c->nprof];

		if (pstore_decode(list[i], NULL, &cp->pn, err) < 0 ||
		    pstore_read(&c->s->ps, &cp->pn, &cp->p, err) < 0) {
			sen_log(LOG_ERR, "profile '%s': %s", list[i], err->msg);
			continue;
		}
		c->nprof++;
		if ((cp->p.type & 3) == PROFILE_CONTINUOUS && strcmp(cp->p.status, "OK") == 0)
			total += cp->p.nchannels;
	}
	pstore_list_free(list, n);
	c->ch = flow_calloc(total ? total : 1, sizeof(*c->ch));
	c->filters = flow_calloc(total ? total : 1, sizeof(*c->filters));
	if (!c->prof || !c->ch || !c->filters)
		return flow_errorf(err, FLOW_ENOMEM, "cycle: out of memory");
	for (i = 0; i < c->nprof; i++) {
		struct cycle_profile *cp = &c->prof[i];

		if ((cp->p.type & 3) != PROFILE_CONTINUOUS || strcmp(cp->p.status, "OK") != 0)
			continue;
		for (j = 0; j < cp->p.nchannels; j++) {
			struct profiler_channel *pc = &c->ch[c->nch];
			struct flow_filter *f = sen_load_filter(c->s, &cp->pn, cp->p.channels[j].name);

			if (!f)
				continue;
			pc->group = cp->pn.group;
			pc->profile = cp->pn.name;
			pc->channel = cp->p.channels[j].name;
			pc->type = cp->p.type;
			pc->sourcelist = cp->p.channels[j].sourcelist;
			pc->filter = f;
			c->filters[c->nch++] = f;
		}
	}
	return 0;
}

/* $ZIPprofiles ("", "-z", "-z=lz4", ...) as a codec, as nfprofile takes it. */
unsigned sen_zip_codec(const char *zip, int *level)
{
	*level = 0;
	if (!zip || !*zip)
		return CODEC_NONE;
	if (strcmp(zip, "-z") == 0)
		return CODEC_LZO;
	if (strcmp(zip, "-y") == 0)
		return CODEC_LZ4;
	if (strcmp(zip, "-j") == 0)
		return CODEC_BZ2;
	if (strncmp(zip, "-z=", 3) == 0) {
		int id;

		if (flow_codec_parse(zip + 3, &id, level, NULL) == 0)
			return (unsigned)id;
	}
	return CODEC_LZ4;
}

/* live's channel RRDs from the stat records of the slot's files. */
static void update_live(struct sen *s, struct cycle_profile *live, time_t t,
			const struct flow_stat *st, const int *found)
{
	struct flow_err err = { 0 };
	uint64_t v[CHANNEL_RRD_DS];
	char leaf[PROFILE_NAME_MAX + 8], path[PATH_MAX];
	size_t i;

	for (i = 0; i < live->p.nchannels; i++) {
		if (!found[i]) {
			sen_log(LOG_ERR, "live channel '%s': no file for slot %lld",
				live->p.channels[i].name, (long long)t);
			continue;
		}
		snprintf(leaf, sizeof(leaf), "%s.rrd", live->p.channels[i].name);
		pstore_path(&s->ps, 0, &live->pn, leaf, path, sizeof(path));
		channel_rrd_values(&st[i], v);
		if (channel_rrd_update(path, t, v, &err) < 0)
			sen_log(LOG_ERR, "RRD: %s", err.msg);
	}
}

/* updated = tend = t for live and the continuous profiles, under their lock. */
static void advance(struct sen *s, struct cycle *c, time_t t)
{
	struct flow_err err = { 0 };
	size_t i;

	for (i = 0; i < c->nprof; i++) {
		struct profile p;
		const struct profile *old = &c->prof[i].p;

		if (old->type != PROFILE_LIVE && ((old->type & 3) != PROFILE_CONTINUOUS ||
						 strcmp(old->status, "OK") != 0))
			continue;
		if (pstore_lock(&s->ps, &c->prof[i].pn, &p, &err) < 0) {
			sen_log(LOG_WARNING, "profile '%s': %s", c->prof[i].pn.name, err.msg);
			continue;
		}
		p.updated = t;
		p.tend = t;
		if (!(p.type & PROFILE_SHADOW) &&
		    pstore_expire(&s->ps, &p, (unsigned)s->conf.low_water, time(NULL), &err) < 0)
			sen_log(LOG_ERR, "expire profile '%s': %s", p.name, err.msg);
		p.locked = 0;
		if (pstore_write(&s->ps, &p, &err) < 0)
			sen_log(LOG_ERR, "profile '%s': %s", p.name, err.msg);
		else if (profile_graphs(&s->ps, &c->prof[i].pn, &p, t,
					graph_schedule(&s->ps, &c->prof[i].pn, t), &err) < 0)
			sen_log(LOG_ERR, "profile '%s': %s", p.name, err.msg);
		profile_free(&p);
	}
}

static double mono(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int sen_slot_job(struct sen *s, const struct profile *live, struct profiler_channel *ch,
		 size_t nch, time_t t, struct profiler_job *job, struct flow_err *err)
{
	size_t i, n = live->nchannels ? live->nchannels : 1;
	const char **sources = flow_calloc(n, sizeof(*sources));

	memset(job, 0, sizeof(*job));
	job->source_stat = flow_calloc(n, sizeof(*job->source_stat));
	job->source_found = flow_calloc(n, sizeof(*job->source_found));
	job->sources = sources;
	if (!sources || !job->source_stat || !job->source_found) {
		sen_slot_job_free(job);
		return flow_errorf(err, FLOW_ENOMEM, "cycle: out of memory");
	}
	for (i = 0; i < live->nchannels; i++)
		sources[i] = live->channels[i].name;
	job->nsources = live->nchannels;
	job->slot = t;
	job->datadir = s->ps.datadir;
	job->statdir = s->ps.statdir;
	job->subdirlayout = s->conf.subdirlayout;
	job->wopts.compression = sen_zip_codec(s->conf.zipprofiles, &job->wopts.level);
	job->ch = ch;
	job->nch = nch;
	return 0;
}

void sen_slot_job_free(struct profiler_job *job)
{
	flow_free((void *)job->sources);
	flow_free(job->source_stat);
	flow_free(job->source_found);
	job->sources = NULL;
	job->source_stat = NULL;
	job->source_found = NULL;
}

int sen_cycle(struct sen *s, time_t t, struct sen_cycle_times *times, struct flow_err *err)
{
	double t0 = mono(), t1 = t0, t2 = t0;
	struct cycle c = { s, NULL, 0, NULL, NULL, 0 };
	struct cycle_profile *live = NULL;
	struct profiler_job job = { 0 };
	struct sen_alert_cycle *alerts = NULL;
	struct profiler_channel *all;
	char iso[16] = "";
	struct tm tm;
	size_t i, nall;
	int rc;

	pthread_mutex_lock(&s->cycle);
	rc = cycle_collect(&c, err);
	for (i = 0; rc == 0 && i < c.nprof; i++)
		if (strcmp(c.prof[i].pn.name, "live") == 0 && strcmp(c.prof[i].pn.group, ".") == 0)
			live = &c.prof[i];
	if (rc == 0 && !live)
		rc = flow_errorf(err, FLOW_ENOENT, "profile 'live' missing");
	if (rc == 0 && live->p.updated >= t) {
		sen_log(LOG_INFO, "No update required for slot %lld", (long long)t);
		goto out;
	}
	/* alerts are profiled with the channels (type 8) and evaluated after */
	if (rc == 0)
		rc = sen_alert_prepare(s, c.ch, c.nch, &alerts, err);
	all = rc == 0 ? sen_alert_channels(alerts, &nall) : NULL;
	if (rc == 0)
		rc = sen_slot_job(s, &live->p, all, nall, t, &job, err);
	if (rc == 0) {
		rc = profiler_run(&job, cycle_warn, NULL, err);
		t1 = mono();
	}
	if (rc == 0) {
		update_live(s, live, t, job.source_stat, job.source_found);
		advance(s, &c, t);
		localtime_r(&t, &tm);
		strftime(iso, sizeof(iso), "%Y%m%d%H%M", &tm);
		sen_alert_run(s, alerts, c.ch, t, iso);
		t2 = mono();
		sen_log(LOG_INFO, "cycle %lld: profiling %.3f s, rrd/graphs/expire %.3f s",
			(long long)t, t1 - t0, t2 - t1);
	}
	if (times) {
		times->profiling = t1 - t0;
		times->after = t2 - t1;
	}
out:
	pthread_mutex_unlock(&s->cycle);
	/* plugins may take long: the socket's destructive commands need not wait */
	if (rc == 0 && iso[0])
		sen_plugins_run(s, iso);
	sen_slot_job_free(&job);
	sen_alert_cycle_free(alerts);
	cycle_free(&c);
	return rc;
}
