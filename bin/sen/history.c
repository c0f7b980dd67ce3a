/*
 * history.c - building a profile from past live data (nfsen.md §3.8):
 * after commit-profile of a profile whose tstart lies before its tend, a
 * background thread profiles every past slot into its channels, writes
 * its progress as status "built N%", stops early on .CANCELED (the
 * profile then becomes a history profile ending there), and for a
 * continuous profile keeps going until it has caught up with live.
 * nfsend forks a child for this; a thread does the same here and shares
 * the daemon's cycle lock slot by slot.
 */
#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <syslog.h>
#include <unistd.h>

#include "profile/graph.h"
#include "select/select.h"
#include "profile/profiler.h"
#include "sen.h"
#include "util/alloc.h"

struct build {
	struct sen *s;
	struct pname pn;
};

static int flag_file(struct sen *s, const struct pname *pn, const char *name, int create)
{
	char path[PATH_MAX];
	FILE *f;

	pstore_path(&s->ps, 0, pn, name, path, sizeof(path));
	if (!create)
		return access(path, F_OK) == 0;
	f = fopen(path, "w");
	if (!f)
		return -1;
	fprintf(f, "%ld\n", (long)getpid());
	fclose(f);
	return 0;
}

static void unflag(struct sen *s, const struct pname *pn, const char *name)
{
	char path[PATH_MAX];

	pstore_path(&s->ps, 0, pn, name, path, sizeof(path));
	unlink(path);
}

/* Bytes of the slot's channel files (what nfsend adds to size). */
static uint64_t slot_size(struct sen *s, const struct pname *pn, const struct profile *p, time_t t)
{
	char sub[64] = "", dir[PATH_MAX], file[PATH_MAX + 96], iso[16];
	struct flow_err e = { 0 };
	struct stat st;
	struct tm tm;
	uint64_t total = 0;
	size_t i;

	localtime_r(&t, &tm);
	strftime(iso, sizeof(iso), "%Y%m%d%H%M", &tm);
	if (s->conf.subdirlayout)
		flow_subdir_path(s->conf.subdirlayout, t, sub, sizeof(sub), &e);
	for (i = 0; i < p->nchannels; i++) {
		pstore_path(&s->ps, 1, pn, p->channels[i].name, dir, sizeof(dir));
		snprintf(file, sizeof(file), "%s/%s%snfcapd.%s", dir, sub, sub[0] ? "/" : "", iso);
		if (stat(file, &st) == 0)
			total += (uint64_t)st.st_size;
	}
	return total;
}

/* One slot of the profile's channels, under the cycle lock. */
static void build_slot(struct sen *s, const struct profile *live, struct profiler_channel *ch,
		       size_t nch, time_t t)
{
	struct profiler_job job;
	struct flow_err err = { 0 };

	if (sen_slot_job(s, live, ch, nch, t, &job, &err) == 0) {
		pthread_mutex_lock(&s->cycle);
		if (profiler_run(&job, NULL, NULL, &err) < 0)
			sen_log(LOG_ERR, "build slot %lld: %s", (long long)t, err.msg);
		pthread_mutex_unlock(&s->cycle);
	}
	sen_slot_job_free(&job);
}

static void build(struct sen *s, const struct pname *pn)
{
	struct pname live_name = { "live", "." };
	struct profile p, live;
	struct flow_err err = { 0 };
	struct profiler_channel *ch;
	time_t t, tend, cycle = (time_t)s->ps.cycletime;
	uint64_t size = 0, n, done = 0;
	size_t i, nch = 0;
	int canceled = 0;

	if (pstore_read(&s->ps, pn, &p, &err) < 0 || pstore_read(&s->ps, &live_name, &live, &err) < 0) {
		sen_log(LOG_ERR, "build profile '%s': %s", pn->name, err.msg);
		return;
	}
	ch = flow_calloc(p.nchannels ? p.nchannels : 1, sizeof(*ch));
	for (i = 0; ch && i < p.nchannels; i++) {
		struct flow_filter *f = sen_load_filter(s, pn, p.channels[i].name);

		if (!f)
			continue;
		ch[nch].group = pn->group;
		ch[nch].profile = pn->name;
		ch[nch].channel = p.channels[i].name;
		ch[nch].type = p.type;
		ch[nch].sourcelist = p.channels[i].sourcelist;
		ch[nch].filter = f;
		nch++;
	}
	t = (time_t)(p.tstart < live.tstart ? live.tstart : p.tstart);
	tend = (time_t)p.tend;
	n = tend >= t ? (uint64_t)((tend - t) / cycle) + 1 : 0;
	for (; ch && t <= tend && !canceled; t += cycle) {
		canceled = flag_file(s, pn, ".CANCELED", 0);
		if (canceled)
			break;
		build_slot(s, &live, ch, nch, t);
		if (!(p.type & PROFILE_SHADOW))
			size += slot_size(s, pn, &p, t);
		done++;
		if (done % 10 == 0 || t + cycle > tend) {
			snprintf(p.status, sizeof(p.status), "built %.1f%%",
				 n ? (double)done * 100.0 / (double)n : 100.0);
			p.updated = t;
			p.size = size;
			pstore_write(&s->ps, &p, NULL);
		}
		if ((p.type & 3) == PROFILE_CONTINUOUS && t + cycle > tend) {
			/* live went on meanwhile: follow it */
			profile_free(&live);
			if (pstore_read(&s->ps, &live_name, &live, &err) == 0 && live.tend > tend)
				p.tend = tend = (time_t)live.tend;
		}
		if ((p.maxsize && size > p.maxsize) ||
		    (p.expire && (uint64_t)(t - (time_t)p.tstart) > p.expire * 3600))
			flag_file(s, pn, ".CANCELED", 1);
	}
	if (canceled) {
		/* a canceled build leaves a history profile that ends where it stopped */
		p.tend = t;
		p.type = PROFILE_HISTORY | (p.type & PROFILE_SHADOW);
		unflag(s, pn, ".CANCELED");
	}
	p.size = size;
	p.updated = p.tend;
	unflag(s, pn, ".BUILDING");
	strcpy(p.status, profile_graphs(&s->ps, pn, &p, (time_t)p.tend, GRAPH_ALL, &err) < 0 ?
	       "FAILED" : "OK");
	p.locked = 0;
	if (pstore_write(&s->ps, &p, &err) < 0)
		sen_log(LOG_ERR, "build profile '%s': %s", pn->name, err.msg);
	sen_log(LOG_INFO, "build of profile '%s' %s", pn->name, canceled ? "canceled" : "done");
	for (i = 0; i < nch; i++)
		flow_filter_free((struct flow_filter *)ch[i].filter);
	flow_free(ch);
	profile_free(&p);
	profile_free(&live);
}

static void *build_thread(void *arg)
{
	struct build *b = arg;

	build(b->s, &b->pn);
	flow_free(b);
	return NULL;
}

long sen_history_start(struct sen *s, const struct pname *pn, struct flow_err *err)
{
	struct build *b = flow_calloc(1, sizeof(*b));
	struct profile p;
	pthread_attr_t attr;
	pthread_t tid;
	int rc;

	if (!b)
		return flow_errorf(err, FLOW_ENOMEM, "out of memory");
	rc = pstore_lock(&s->ps, pn, &p, err);
	if (rc < 0) {
		flow_free(b);
		return rc;
	}
	strcpy(p.status, "built 0");
	rc = pstore_write(&s->ps, &p, err);
	profile_free(&p);
	if (rc < 0 || flag_file(s, pn, ".BUILDING", 1) < 0) {
		flow_free(b);
		return rc < 0 ? rc : flow_errorf_errno(err, FLOW_EIO, "Can't open pid file");
	}
	b->s = s;
	b->pn = *pn;
	pthread_attr_init(&attr);
	pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
	rc = pthread_create(&tid, &attr, build_thread, b);
	pthread_attr_destroy(&attr);
	if (rc != 0) {
		flow_free(b);
		unflag(s, pn, ".BUILDING");
		return flow_errorf(err, FLOW_EIO, "Can't fork: %s", strerror(rc));
	}
	return (long)getpid();
}

/*
 * nfsend's start-up clean-up: locks no one holds any more are cleared, and
 * a build the last daemon did not finish (.BUILDING left) turns the
 * profile into a history profile ending at its last processed slot.
 */
void sen_startup_cleanup(struct sen *s)
{
	struct flow_err err = { 0 };
	char **list;
	size_t n, i;

	if (pstore_list(&s->ps, &list, &n, &err) < 0)
		return;
	for (i = 0; i < n; i++) {
		struct pname pn;
		struct profile p;
		int building;

		if (pstore_decode(list[i], NULL, &pn, &err) < 0 || pstore_read(&s->ps, &pn, &p, &err) < 0)
			continue;
		building = flag_file(s, &pn, ".BUILDING", 0) || flag_file(s, &pn, ".CANCELED", 0);
		if (p.locked || building) {
			if (building) {
				sen_log(LOG_WARNING, "profile '%s': build interrupted; now a history profile",
					pn.name);
				p.type = PROFILE_HISTORY | (p.type & PROFILE_SHADOW);
				p.tend = p.updated;
				strcpy(p.status, "OK");
				unflag(s, &pn, ".BUILDING");
				unflag(s, &pn, ".CANCELED");
			}
			p.locked = 0;
			pstore_write(&s->ps, &p, NULL);
		}
		profile_free(&p);
	}
	pstore_list_free(list, n);
}
