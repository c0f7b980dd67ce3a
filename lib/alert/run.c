/*
 * run.c - one alert's cycle (run.h).
 */
#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <syslog.h>
#include <unistd.h>

#include "alert/alert_int.h"
#include "alert/arrd.h"
#include "alert/proc.h"
#include "alert/run.h"
#include "alert/smtp.h"
#include "alert/top1.h"
#include "util/alloc.h"
#include "util/banned.h"

int alert_path(const struct alert_ctx *c, const char *name, const char *leaf, char *buf,
	       size_t cap)
{
	int n = leaf ? snprintf(buf, cap, "%s/~%s/%s", c->statdir, name, leaf)
		     : snprintf(buf, cap, "%s/~%s", c->statdir, name);

	return n < 0 || (size_t)n >= cap ? -1 : 0;
}

int alert_flow_path(const struct alert_ctx *c, const char *name, const char *iso, char *buf,
		    size_t cap)
{
	int n = snprintf(buf, cap, "%s/~%s/%s/nfcapd.%s", c->datadir, name, name, iso);

	return n < 0 || (size_t)n >= cap ? -1 : 0;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int alert_list(const struct alert_ctx *c, char ***names, size_t *n, struct flow_err *err)
{
	DIR *d = opendir(c->statdir);
	struct dirent *e;
	char **l = NULL, path[4096];
	size_t cap = 0;

	*names = NULL;
	*n = 0;
	if (!d)
		return flow_errorf_errno(err, FLOW_EIO, "Can't open profile stat directory '%s'",
					 c->statdir);
	while ((e = readdir(d)) != NULL) {
		struct stat st;

		if (e->d_name[0] != '~' || !alert_name_ok(e->d_name + 1) ||
		    alert_path(c, e->d_name + 1, "alert.dat", path, sizeof(path)) < 0 ||
		    stat(path, &st) < 0 || !S_ISREG(st.st_mode))
			continue;
		if (*n == cap) {
			char **nl = flow_realloc(l, (cap = cap ? cap * 2 : 8) * sizeof(*l));

			if (!nl)
				break;
			l = nl;
		}
		if (!(l[*n] = flow_strdup(e->d_name + 1)))
			break;
		(*n)++;
	}
	closedir(d);
	if (e) {
		alert_list_free(l, *n);
		*n = 0;
		return flow_errorf(err, FLOW_ENOMEM, "out of memory");
	}
	if (*n)
		qsort(l, *n, sizeof(*l), by_name);
	*names = l;
	return 0;
}

void alert_list_free(char **names, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		flow_free(names[i]);
	flow_free(names);
}

int alert_load(const struct alert_ctx *c, const char *name, struct alert *a,
	       struct alert_state *st, struct flow_err *err)
{
	char path[4096];
	struct flow_err e2 = { 0 };
	int rc;

	if (alert_init(a) < 0)
		return flow_errorf(err, FLOW_ENOMEM, "out of memory");
	if (alert_path(c, name, "alert.dat", path, sizeof(path)) < 0) {
		alert_free(a);
		return flow_errorf(err, FLOW_EINVAL, "alert '%s': path too long", name);
	}
	rc = alert_read(path, a, err);
	if (rc == 0 && strcmp(a->name, name) != 0)
		rc = flow_errorf(err, FLOW_EFORMAT, "Corrupt dat file.");
	if (rc < 0) {
		alert_free(a);
		return rc;
	}
	alert_path(c, name, "alert.status", path, sizeof(path));
	if (alert_state_read(path, st, &e2) < 0) {
		if (e2.code != FLOW_ENOENT)
			alert_say(c, LOG_ERR, "Error reading alert status of '%s': %s", name, e2.msg);
		alert_say(c, LOG_ERR, "Initialize alert status of '%s' to defaults.", name);
		alert_state_init(st, time(NULL), 0);
	}
	return 0;
}

char *alert_mail_text(const struct alert_ctx *c, const struct alert *a, const char *iso,
		      time_t now)
{
	struct text t = { 0 };
	const char *b = c->mail_body ? c->mail_body : "";
	char date[64];
	struct tm tm;

	localtime_r(&now, &tm);
	strftime(date, sizeof(date), "%a, %d %b %Y %H:%M:%S %z", &tm);
	alert_text_add(&t, "From: %s\nTo: %s\nDate: %s\nSubject: %s\n\n", c->mail_from,
		       a->action_email, date, a->action_subject);
	/* $MAIL_BODY with every @alert@ and @timeslot@ replaced */
	while (*b) {
		if (strncmp(b, "@alert@", 7) == 0) {
			alert_text_add(&t, "%s", a->name);
			b += 7;
		} else if (strncmp(b, "@timeslot@", 10) == 0) {
			alert_text_add(&t, "%s", iso);
			b += 10;
		} else {
			size_t n = strcspn(b + 1, "@") + 1;

			alert_text_add(&t, "%.*s", (int)n, b);
			b += n;
		}
	}
	alert_text_add(&t, "\n");
	return alert_text_done(&t);
}

/* action_email split at commas, blanks around each address dropped. */
static size_t split_rcpt(char *list, const char **rcpt, size_t max)
{
	size_t n = 0;
	char *p = list;

	while (*p && n < max) {
		char *end = p + strcspn(p, ","), *q = end;
		int last = *end == '\0';

		while (p < q && (*p == ' ' || *p == '\t'))
			p++;
		while (q > p && (q[-1] == ' ' || q[-1] == '\t'))
			q--;
		*q = '\0';
		if (*p)
			rcpt[n++] = p;
		if (last)
			break;
		p = end + 1;
	}
	return n;
}

static void send_mail(const struct alert_ctx *c, const struct alert *a, const char *iso)
{
	const char *rcpt[64];
	int ok[64];
	struct flow_err err = { 0 };
	char *list = flow_strdup(a->action_email), *text = alert_mail_text(c, a, iso, time(NULL));
	struct smtp_mail m;
	size_t n, i;

	if (!list || !text) {
		alert_say(c, LOG_ERR, "alert '%s' : out of memory for the e-mail", a->name);
		goto out;
	}
	n = split_rcpt(list, rcpt, 64);
	if (!c->mail_from || !*c->mail_from || !n) {
		alert_say(c, LOG_ERR, "alert '%s' : no $MAIL_FROM or no recipient: e-mail not sent", a->name);
		goto out;
	}
	alert_say(c, LOG_DEBUG, "alert '%s' Send email to: %s", a->name, a->action_email);
	memset(&m, 0, sizeof(m));
	m.server = c->smtp_server && *c->smtp_server ? c->smtp_server : "localhost";
	m.helo = m.server;
	m.from = c->mail_from;
	m.rcpt = rcpt;
	m.nrcpt = n;
	m.message = text;
	/* a mail server gets 30 s per reply at most, whatever plugins may take */
	m.timeout = c->timeout && c->timeout < 30 ? c->timeout : 30;
	if (smtp_send(&m, ok, &err) < 0)
		alert_say(c, LOG_ERR, "alert '%s' : Failed to send alert email: %s", a->name, err.msg);
	for (i = 0; i < n; i++)
		if (ok[i])
			alert_say(c, LOG_INFO, "alert '%s' : Successful sent mail to: '%s'", a->name, rcpt[i]);
		else
			alert_say(c, LOG_ERR, "alert '%s' : Failed to send alert email to: %s", a->name, rcpt[i]);
out:
	flow_free(list);
	flow_free(text);
}

static void run_system(const struct alert_ctx *c, const struct alert *a, const char *iso)
{
	char *argv[4] = { a->action_system, a->name, (char *)iso, NULL };
	struct flow_err err = { 0 };

	if (!c->allows_system_cmd) {
		alert_say(c, LOG_WARNING, "alert '%s' : system command not run: $AllowsSystemCMD is off",
		    a->name);
		return;
	}
	if (!a->action_system[0] || a->action_system[0] != '/' || access(a->action_system, X_OK) < 0) {
		alert_say(c, LOG_ERR, "alert '%s' : Failed to execute system command: '%s' not an executable file",
		    a->name, a->action_system);
		return;
	}
	if (proc_detach(argv, c->env, &err) < 0)
		alert_say(c, LOG_ERR, "alert '%s' : Failed to execute system command: %s", a->name, err.msg);
	else
		alert_say(c, LOG_INFO, "alert '%s' : Execute system command: %s", a->name, a->action_system);
}

/* <plugindir>/<plugin> <args...>; returns exit status or -1, stdout in out. */
static int run_plugin(const struct alert_ctx *c, const char *plugin, char *const *args,
		      size_t nargs, char *out, size_t cap)
{
	char path[4096], *argv[8];
	struct proc p;
	struct flow_err err = { 0 };
	size_t i;
	int rc = -1;

	if (!c->plugindir || !alert_name_ok(plugin) ||
	    snprintf(path, sizeof(path), "%s/%s", c->plugindir, plugin) >= (int)sizeof(path) ||
	    access(path, X_OK) < 0) {
		alert_say(c, LOG_ERR, "plugin '%s': no executable in '%s'", plugin,
		    c->plugindir ? c->plugindir : "(BACKEND_PLUGINDIR unset)");
		return -1;
	}
	argv[0] = path;
	for (i = 0; i < nargs && i < 6; i++)
		argv[i + 1] = args[i];
	argv[i + 1] = NULL;
	if (proc_start(&p, argv, c->env, out != NULL, &err) < 0) {
		alert_say(c, LOG_ERR, "plugin '%s': %s", plugin, err.msg);
		return -1;
	}
	proc_wait(&p, 1, (c->timeout ? c->timeout : 30) * 1000U);
	if (p.timed_out)
		alert_say(c, LOG_ERR, "plugin '%s' %s: killed after %u s", plugin, args[0], c->timeout);
	else if (WIFEXITED(p.status))
		rc = WEXITSTATUS(p.status);
	if (out)
		snprintf(out, cap, "%s", p.out ? p.out : "");
	proc_free(&p);
	return rc;
}

static int plugin_condition(const struct alert_ctx *c, const struct alert *a, const char *iso)
{
	char file[4096], out[64], *args[4];
	int rc;

	if (a->ncondition != 1)
		return 0;
	alert_flow_path(c, a->name, iso, file, sizeof(file));
	args[0] = "alert_condition";
	args[1] = a->name;
	args[2] = file;
	args[3] = (char *)iso;
	rc = run_plugin(c, a->condition[0], args, 4, out, sizeof(out));
	if (rc != 0) {
		alert_say(c, LOG_ERR, "Failed to get alert condition from plugin '%s'", a->condition[0]);
		return 0;
	}
	return strtol(out, NULL, 10) != 0;
}

static void execute(const struct alert_ctx *c, const struct alert *a, const char *iso)
{
	if (a->action_type & ALERT_ACT_EMAIL)
		send_mail(c, a, iso);
	if (a->action_type & ALERT_ACT_SYSTEM)
		run_system(c, a, iso);
	if (a->action_type & ALERT_ACT_PLUGIN) {
		char *args[3] = { "alert_action", a->name, (char *)iso };

		alert_say(c, LOG_INFO, "alert '%s' : Run action plugin %s", a->name, a->action_plugin);
		if (run_plugin(c, a->action_plugin, args, 3, NULL, 0) != 0)
			alert_say(c, LOG_ERR, "Failed to run alert action plugin '%s'", a->action_plugin);
		else
			alert_say(c, LOG_INFO, "alert '%s' : Run action plugin completed", a->name);
	}
}

/*
 * The conditions of a type 0 (slot totals) or type 1 (top 1 statistics)
 * alert, each logged, combined with and/or.
 */
static int conditions(const struct alert_ctx *c, const struct alert *a, struct alert_state *st,
		      const char *iso)
{
	int res[ALERT_COND_MAX] = { 0 }, ops[ALERT_COND_MAX] = { 0 }, ok[ALERT_COND_MAX] = { 0 };
	struct alert_cond cond[ALERT_COND_MAX];
	double top[ALERT_COND_MAX][6], what[6];
	uint64_t v[ALERT_NVALUES];
	size_t i, n = a->ncondition < ALERT_COND_MAX ? a->ncondition : ALERT_COND_MAX;
	char file[4096];
	struct flow_err err = { 0 };

	for (i = 0; i < ALERT_NVALUES; i++)
		v[i] = st->last[i][0];
	alert_sum_values(v, c->cycletime, what);
	for (i = 0; i < n; i++) {
		ok[i] = alert_cond_parse(a->condition[i], (int)a->type, &cond[i], &err) == 0;
		if (!ok[i]) {
			alert_say(c, LOG_ERR, "alert '%s': %s", a->name, err.msg);
			memset(&cond[i], 0, sizeof(cond[i]));
		}
		ops[i] = cond[i].op;
	}
	memset(top, 0, sizeof(top));
	if (a->type == 1 && (alert_flow_path(c, a->name, iso, file, sizeof(file)) < 0 ||
			     alert_top1(file, cond, n, top, &err) < 0)) {
		alert_say(c, LOG_ERR, "Alert Top 1 calculation failed: %s", err.msg);
		memset(ok, 0, sizeof(ok));
	}
	for (i = 0; i < n; i++) {
		if (ok[i])
			res[i] = alert_cond_eval(&cond[i], a->type == 1 ? top[i] : what, st,
						 c->cycletime);
		alert_say(c, LOG_INFO, "condition %zu: evaluated to %s", i, res[i] ? "True" : "False");
		st->event_cond[i] = res[i];
	}
	st->nevent_cond = n;
	return alert_cond_combine(res, ops, n);
}

static void evaluate(const struct alert_ctx *c, const struct alert *a, struct alert_state *st,
		     time_t t, const char *iso)
{
	int cond;

	if (a->type == 2) {
		cond = plugin_condition(c, a, iso);
		st->nevent_cond = 1;
		st->event_cond[0] = cond;
	} else {
		cond = conditions(c, a, st, iso);
	}
	switch (alert_trigger(a, st, cond, t)) {
	case ALERT_FALSE:
		alert_say(c, LOG_DEBUG, "Alert '%s' condition == false", a->name);
		break;
	case ALERT_SUPPRESSED:
		alert_say(c, LOG_INFO, "Alert '%s'  trigger suppressed while condition still true", a->name);
		break;
	case ALERT_COUNTING:
		alert_say(c, LOG_INFO, "Alert '%s' Condition count=%ld. required=%ld condition count not reached.",
		    a->name, st->cond_cnt, a->trigger_number);
		break;
	case ALERT_FIRE:
		alert_say(c, LOG_WARNING, "Alert '%s' triggered at timeslot %s", a->name, iso);
		if (a->action_type)
			execute(c, a, iso);
		else
			alert_say(c, LOG_INFO, "Alert '%s' no action defined", a->name);
		break;
	}
}

int alert_cycle(const struct alert_ctx *c, const char *name, time_t t, const char *iso,
		const uint64_t v[ALERT_NVALUES], struct flow_err *err)
{
	struct alert a;
	struct alert_state st;
	char path[4096], dir[4096];
	struct flow_err e2 = { 0 };
	int rc = alert_load(c, name, &a, &st, err);

	if (rc < 0)
		return rc;
	if (strcmp(a.status, "enabled") != 0) {
		alert_say(c, LOG_INFO, "alert '%s' skip: status: disabled", name);
		alert_free(&a);
		return 0;
	}
	alert_say(c, LOG_INFO, "Process alert '%s'", name);
	if (!v) {
		alert_say(c, LOG_ERR, "Error reading statinfo of '%s': No flow file for requested time slot",
		    name);
		alert_free(&a);
		return 0;
	}
	alert_state_push(&st, v, t);
	alert_path(c, name, NULL, dir, sizeof(dir));
	if (alert_rrd_update(dir, t, &st, &e2) < 0)
		alert_say(c, LOG_ERR, "ERROR Update alert RRD time: %s", e2.msg);
	if (a.type < 0 || a.type > 2)
		alert_say(c, LOG_ERR, "alert '%s' skip: Unknown type of alert: %ld", name, a.type);
	else
		switch (alert_before(&a, &st)) {
		case ALERT_STEP_SKIP_ONCE:
			alert_say(c, LOG_INFO, "alert '%s' skip: trigger already fired and once only permitted.",
			    name);
			break;
		case ALERT_STEP_BLOCKED:
			alert_say(c, LOG_INFO, "alert '%s' skip: trigger still blocked for %ld cycles", name,
			    st.trigger_blocks + 1);
			break;
		case ALERT_STEP_EVALUATE:
			evaluate(c, &a, &st, t, iso);
			break;
		}
	alert_path(c, name, "alert.status", path, sizeof(path));
	rc = alert_state_write(path, &st, err);
	alert_free(&a);
	return rc;
}
