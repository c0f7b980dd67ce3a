/*
 * cmd_alert_cycle.c - alerts and backend plugins in sen's periodic cycle
 * (reference/nfsen.md §4.2 steps 2, 6 and 7): every enabled alert joins
 * the slot's profiler run as a type 8 channel over its channellist with
 * its filter; after profiling each alert is evaluated on the totals of
 * its flows, its flow file removed; then every plugin runs for each
 * profile it is registered for.
 */
#include <dirent.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <unistd.h>

#include "alert/plugin.h"
#include "alert/run.h"
#include "sen.h"
#include "util/alloc.h"

struct sen_alert_cycle {
	struct profiler_channel *ch;	/* the cycle's channels, then one per alert */
	size_t nch, first;		/* alerts are ch[first..nch) */
	char **names;			/* the alerts' names, ch[first + i] <-> names[i] */
	char **profiles;		/* "~<name>" */
	struct flow_filter **filters;
	size_t nalerts;
};

static void log_cb(void *ctx, int prio, const char *msg)
{
	(void)ctx;
	sen_log(prio, "%s", msg);
}

/*
 * The environment plugins and alert commands see (sen.conf(5)); built
 * once, as the configuration stays until the daemon re-executes itself,
 * and under a lock, as socket threads and the cycle ask at once.
 */
static char *const *alert_env(const struct sen *s)
{
	static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
	static char buf[8][PATH_MAX + 32];
	static char *env[9];
	static int built;
	const struct {
		const char *k, *v;
	} vars[] = {
		{ "NFSEN_CONF", s->conf_path ? s->conf_path : s->conf.path },
		{ "NFSEN_PROFILESTATDIR", s->conf.profilestatdir },
		{ "NFSEN_PROFILEDATADIR", s->conf.profiledatadir },
		{ "NFSEN_PREFIX", s->conf.prefix },
		{ "NFSEN_BACKEND_PLUGINDIR", s->conf.backend_plugindir },
		{ "NFSEN_COMMSOCKET", s->conf.commsocket },
	};
	size_t i, n = 0;

	pthread_mutex_lock(&lock);
	if (built) {
		pthread_mutex_unlock(&lock);
		return env;
	}
	for (i = 0; i < sizeof(vars) / sizeof(vars[0]); i++)
		if (vars[i].v) {
			snprintf(buf[n], sizeof(buf[n]), "%s=%s", vars[i].k, vars[i].v);
			env[n] = buf[n];
			n++;
		}
	snprintf(buf[n], sizeof(buf[n]), "NFSEN_SUBDIRLAYOUT=%d", s->conf.subdirlayout);
	env[n] = buf[n];
	env[n + 1] = NULL;
	built = 1;
	pthread_mutex_unlock(&lock);
	return env;
}

void sen_alert_ctx(const struct sen *s, struct alert_ctx *c)
{
	const char *to = conf_hash_str(s->conf.file, "PluginTimeout");
	long t = to ? strtol(to, NULL, 10) : 0;

	memset(c, 0, sizeof(*c));
	c->statdir = s->ps.statdir;
	c->datadir = s->ps.datadir;
	c->cycletime = s->ps.cycletime;
	c->mail_from = s->conf.mail_from;
	c->smtp_server = s->conf.smtp_server;
	c->mail_body = s->conf.mail_body;
	c->allows_system_cmd = s->conf.allows_system_cmd;
	c->plugindir = s->conf.backend_plugindir;
	c->env = alert_env(s);
	c->timeout = t > 0 && t < 3600 ? (unsigned)t : 120;
	c->log = log_cb;
}

void sen_alert_cycle_free(struct sen_alert_cycle *ac)
{
	size_t i;

	if (!ac)
		return;
	for (i = ac->first; i < ac->nch; i++)
		flow_free((void *)ac->ch[i].sourcelist);
	for (i = 0; i < ac->nalerts; i++) {
		flow_filter_free(ac->filters[i]);
		flow_free(ac->profiles[i]);
	}
	alert_list_free(ac->names, ac->nalerts);
	flow_free(ac->profiles);
	flow_free(ac->filters);
	flow_free(ac->ch);
	flow_free(ac);
}

/*
 * Flow files of a slot that was never evaluated (a crash, a kill) would
 * stay forever: nfsend removes them at start, sen before each cycle.
 */
static void clean_alert_dir(const struct alert_ctx *c, const char *name)
{
	char dir[PATH_MAX], path[PATH_MAX + 300];
	struct dirent *e;
	DIR *d;

	snprintf(dir, sizeof(dir), "%s/~%s/%s", c->datadir, name, name);
	d = opendir(dir);
	if (!d)
		return;
	while ((e = readdir(d)) != NULL)
		if (strncmp(e->d_name, "nfcapd.", 7) == 0 || strncmp(e->d_name, "nfprofile.", 10) == 0) {
			snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
			unlink(path);
		}
	closedir(d);
}

/* Add enabled alert name as profiler channel ac->ch[ac->nch]. */
static void add_alert(struct sen *s, struct sen_alert_cycle *ac, const struct alert_ctx *c,
		      const char *name)
{
	struct alert a;
	struct alert_state st;
	struct flow_err err = { 0 };
	struct pname pn;
	size_t k = ac->nalerts;

	clean_alert_dir(c, name);
	if (alert_load(c, name, &a, &st, &err) < 0) {
		sen_log(LOG_ERR, "alert '%s': %s", name, err.msg);
		return;
	}
	ac->names[k] = flow_strdup(name);
	ac->profiles[k] = flow_malloc(strlen(name) + 2);
	if (strcmp(a.status, "enabled") == 0 && ac->names[k] && ac->profiles[k]) {
		snprintf(ac->profiles[k], strlen(name) + 2, "~%s", name);
		snprintf(pn.name, sizeof(pn.name), "%s", ac->profiles[k]);
		snprintf(pn.group, sizeof(pn.group), ".");
		ac->filters[k] = sen_load_filter(s, &pn, name);
	}
	if (ac->filters[k]) {
		struct profiler_channel *pc = &ac->ch[ac->nch++];

		memset(pc, 0, sizeof(*pc));
		pc->group = ".";
		pc->profile = ac->profiles[k];
		pc->channel = ac->names[k];
		pc->type = PROFILER_ALERT;
		/* the channellist is kept by the alert: a copy lives in names[] storage */
		pc->sourcelist = flow_strdup(a.channellist);
		pc->filter = ac->filters[k];
		ac->nalerts++;
	} else {
		flow_free(ac->names[k]);
		flow_free(ac->profiles[k]);
		ac->names[k] = ac->profiles[k] = NULL;
	}
	alert_free(&a);
}

int sen_alert_prepare(struct sen *s, const struct profiler_channel *ch, size_t nch,
		      struct sen_alert_cycle **out, struct flow_err *err)
{
	struct sen_alert_cycle *ac = flow_calloc(1, sizeof(*ac));
	struct alert_ctx c;
	char **names = NULL;
	size_t n = 0, i;

	*out = ac;
	if (!ac)
		return flow_errorf(err, FLOW_ENOMEM, "cycle: out of memory");
	sen_alert_ctx(s, &c);
	if (alert_list(&c, &names, &n, err) < 0) {
		sen_log(LOG_ERR, "alerts: %s", err->msg);
		n = 0;
	}
	ac->ch = flow_calloc(nch + n + 1, sizeof(*ac->ch));
	ac->names = flow_calloc(n + 1, sizeof(*ac->names));
	ac->profiles = flow_calloc(n + 1, sizeof(*ac->profiles));
	ac->filters = flow_calloc(n + 1, sizeof(*ac->filters));
	if (!ac->ch || !ac->names || !ac->profiles || !ac->filters) {
		alert_list_free(names, n);
		return flow_errorf(err, FLOW_ENOMEM, "cycle: out of memory");
	}
	memcpy(ac->ch, ch, nch * sizeof(*ch));
	ac->nch = ac->first = nch;
	for (i = 0; i < n; i++)
		add_alert(s, ac, &c, names[i]);
	alert_list_free(names, n);
	return 0;
}

/* The slot's alert flow file, wherever the profiler put it; then removed. */
static void remove_flow_file(const struct alert_ctx *c, const char *name, const char *iso)
{
	char path[PATH_MAX];

	if (alert_flow_path(c, name, iso, path, sizeof(path)) == 0)
		unlink(path);
}

void sen_alert_run(struct sen *s, struct sen_alert_cycle *ac, struct profiler_channel *ch,
		   time_t t, const char *iso)
{
	struct alert_ctx c;
	size_t i;

	if (!ac)
		return;
	/* the profile channels' results back to the cycle's own array */
	memcpy(ch, ac->ch, ac->first * sizeof(*ch));
	sen_alert_ctx(s, &c);
	for (i = 0; i < ac->nalerts; i++) {
		const struct profiler_channel *pc = &ac->ch[ac->first + i];
		uint64_t v[ALERT_NVALUES] = { pc->stat.numflows, pc->stat.numpackets,
					      pc->stat.numbytes };
		struct flow_err err = { 0 };

		if (alert_cycle(&c, ac->names[i], t, iso, pc->failed ? NULL : v, &err) < 0)
			sen_log(LOG_ERR, "alert '%s': %s", ac->names[i], err.msg);
		remove_flow_file(&c, ac->names[i], iso);
		flow_free((void *)pc->sourcelist);
	}
	ac->first = ac->nch;	/* sourcelists freed */
}

/* Profiles plugins run for: live and continuous ones in status OK, not shadow. */
static int plugin_profile(struct sen *s, const char *entry, struct pname *pn)
{
	struct profile p;
	struct flow_err err = { 0 };
	int ok;

	if (pstore_decode(entry, NULL, pn, &err) < 0 || pstore_read(&s->ps, pn, &p, &err) < 0)
		return 0;
	ok = strcmp(p.status, "OK") == 0 && !(p.type & PROFILE_SHADOW) &&
	     (p.type == PROFILE_LIVE || (p.type & 3) == PROFILE_CONTINUOUS);
	profile_free(&p);
	return ok;
}

void sen_plugins_run(struct sen *s, const char *iso)
{
	struct plugin_job *jobs = NULL;
	struct pname *pn = NULL;
	struct flow_err err = { 0 };
	struct alert_ctx c;
	char **list = NULL;
	size_t nlist = 0, i, j, n = 0, np = 0;

	if (!s->conf.nplugins)
		return;
	if (pstore_list(&s->ps, &list, &nlist, &err) < 0) {
		sen_log(LOG_ERR, "plugins: %s", err.msg);
		return;
	}
	pn = flow_calloc(nlist + 1, sizeof(*pn));
	jobs = flow_calloc(s->conf.nplugins * (nlist + 1), sizeof(*jobs));
	if (!pn || !jobs) {
		sen_log(LOG_ERR, "plugins: out of memory");
		goto out;
	}
	for (j = 0; j < nlist; j++)
		if (plugin_profile(s, list[j], &pn[np]))
			np++;
	for (i = 0; i < s->conf.nplugins; i++)
		for (j = 0; j < np; j++)
			if (plugin_wants(s->conf.plugins[i].profiles, pn[j].group, pn[j].name)) {
				jobs[n].module = s->conf.plugins[i].module;
				jobs[n].group = pn[j].group;
				jobs[n].profile = pn[j].name;
				n++;
			}
	sen_alert_ctx(s, &c);
	if (n)
		plugin_run(&c, jobs, n, iso);
out:
	pstore_list_free(list, nlist);
	flow_free(pn);
	flow_free(jobs);
}

struct profiler_channel *sen_alert_channels(struct sen_alert_cycle *ac, size_t *n)
{
	*n = ac->nch;
	return ac->ch;
}
