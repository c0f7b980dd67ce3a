/*
 * cmd_alert.c - the Alerts tab's socket commands (reference/nfsen.md
 * §5.3, §6.1): get-alertlist, get-alert, get-alertfilter,
 * @get-alertgraph, add-alert, modify-alert, delete-alert, arm-alert,
 * with nfsend 1.3.11's checks, defaults and reply texts (NfAlert.pm).
 */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>

#include "alert/arrd.h"
#include "alert/plugin.h"
#include "alert/run.h"
#include "profile/chanops.h"
#include "sen.h"
#include "util/alloc.h"

/* The alert named by the request; replies the error and returns NULL. */
static const char *alert_arg(struct comm_out *o, const struct comm_request *req)
{
	const char *name = req_str(req, "alert");

	if (!name) {
		comm_reply_err(o, "Missing alert name");
		return NULL;
	}
	if (!alert_name_ok(name)) {
		comm_reply_err(o, "Illegal characters in alert name '%s'!", name);
		return NULL;
	}
	return name;
}

static int alert_exists(const struct alert_ctx *c, const char *name)
{
	char path[PATH_MAX];
	struct stat st;

	return alert_path(c, name, "alert.dat", path, sizeof(path)) == 0 && stat(path, &st) == 0 &&
	       S_ISREG(st.st_mode);
}

/* The plugins of @plugins that have capability cap. */
static void plugin_lines(struct sen *s, unsigned cap, const char *key, struct comm_out *o)
{
	size_t i;

	for (i = 0; i < s->conf.nplugins; i++)
		if (sen_plugin_caps(s, s->conf.plugins[i].module) & cap)
			comm_reply_array(o, key, s->conf.plugins[i].module);
}

static int plugin_has(struct sen *s, const char *module, unsigned cap)
{
	return (sen_plugin_caps(s, module) & cap) != 0;
}

static void cmd_alertlist(struct comm_session *cs, const struct comm_request *req, void *ctx)
{
	struct sen *s = ctx;
	struct comm_out *o = comm_session_out(cs);
	struct alert_ctx c;
	struct flow_err err = { 0 };
	char **names, line[512], last[64];
	size_t n, i;

	(void)req;
	sen_alert_ctx(s, &c);
	if (alert_list(&c, &names, &n, &err) < 0) {
		comm_reply_err(o, "%s", err.msg);
		return;
	}
	for (i = 0; i < n; i++) {
		struct alert a;
		struct alert_state st;

		if (alert_load(&c, names[i], &a, &st, &err) < 0)
			continue;
		if (st.events[0]) {
			struct tm tm;

			/* Perl's scalar localtime */
			localtime_r(&st.events[0], &tm);
			strftime(last, sizeof(last), "%a %b %e %H:%M:%S %Y", &tm);
		} else {
			snprintf(last, sizeof(last), "never");
		}
		comm_reply_array(o, "alertlist", names[i]);
		snprintf(line, sizeof(line), "%s|%u|%s|%s", names[i], st.trigger_status,
			 st.trigger_info, last);
		comm_reply_array(o, "alertstatus", line);
		alert_free(&a);
	}
	alert_list_free(names, n);
	plugin_lines(s, PLUGIN_ALERT_CONDITION, "alert_condition_plugin", o);
	plugin_lines(s, PLUGIN_ALERT_ACTION, "alert_action_plugin", o);
	comm_reply_status(o, "OK", "Alert Listing");
}

static void time_str(time_t t, const char *none, char *buf, size_t cap)
{
	struct tm tm;

	if (!t) {
		snprintf(buf, cap, "%s", none);
		return;
	}
	localtime_r(&t, &tm);
	strftime(buf, cap, "%F-%R", &tm);
}

static void reply_num(struct comm_out *o, const char *key, long v)
{
	char buf[32];

	snprintf(buf, sizeof(buf), "%ld", v);
	comm_reply_kv(o, key, buf);
}

static void cmd_alert(struct comm_session *cs, const struct comm_request *req, void *ctx)
{
	struct sen *s = ctx;
	struct comm_out *o = comm_session_out(cs);
	const char *name = alert_arg(o, req);
	struct alert_ctx c;
	struct alert a;
	struct alert_state st;
	struct flow_err err = { 0 };
	char buf[512];
	size_t i, v, k;

	if (!name)
		return;
	sen_alert_ctx(s, &c);
	if (!alert_exists(&c, name)) {
		comm_reply_err(o, "Alert '%s': alert '%s' does not exists", name, name);
		return;
	}
	if (alert_load(&c, name, &a, &st, &err) < 0) {
		comm_reply_err(o, "Alert '%s': %s", name, err.msg);
		return;
	}
	for (i = 0; i < a.ndescription; i++)
		comm_reply_array(o, "description", a.description[i]);
	comm_reply_kv(o, "name", a.name);
	comm_reply_kv(o, "status", a.status);
	reply_num(o, "version", a.version);
	reply_num(o, "type", a.type);
	reply_num(o, "trigger_type", a.trigger_type);
	reply_num(o, "trigger_number", a.trigger_number);
	reply_num(o, "trigger_blocks", a.trigger_blocks);
	comm_reply_kv(o, "channellist", a.channellist);
	reply_num(o, "action_type", a.action_type);
	comm_reply_kv(o, "action_email", a.action_email);
	comm_reply_kv(o, "action_subject", a.action_subject);
	comm_reply_kv(o, "action_system", a.action_system);
	comm_reply_kv(o, "action_plugin", a.action_plugin);
	for (i = 0; i < a.ncondition; i++)
		comm_reply_array(o, "condition", a.condition[i]);
	reply_num(o, "trigger_status", (long)st.trigger_status);
	comm_reply_kv(o, "trigger_info", st.trigger_info);
	reply_num(o, "final_condition", st.final_condition);
	reply_num(o, "blocked", st.trigger_blocks);
	reply_num(o, "updated", (long)st.updated);
	time_str(st.updated, "Never", buf, sizeof(buf));
	comm_reply_kv(o, "updated_str", buf);
	time_str(st.events[0], "never", buf, sizeof(buf));
	comm_reply_kv(o, "last_trigger", buf);
	for (v = 0; v < ALERT_NVALUES; v++) {
		static const char *const key[ALERT_NVALUES] = { "last_flows", "last_packets",
								"last_bytes" };
		int n = snprintf(buf, sizeof(buf), "%llu", (unsigned long long)st.last[v][0]);

		for (k = 0; k < 6; k++)
			n += snprintf(buf + n, sizeof(buf) - (size_t)n, ":%llu",
				      (unsigned long long)st.avg[k][v]);
		comm_reply_kv(o, key[v], buf);
	}
	if (st.nevent_cond) {
		size_t n = 0;

		for (i = 0; i < st.nevent_cond && n + 3 < sizeof(buf); i++)
			n += (size_t)snprintf(buf + n, sizeof(buf) - n, "%s%d", i ? ":" : "",
					      st.event_cond[i]);
		comm_reply_kv(o, "last_condition", buf);
	}
	alert_free(&a);
	comm_reply_status(o, "OK", "Command completed");
}

static void cmd_alertfilter(struct comm_session *cs, const struct comm_request *req, void *ctx)
{
	struct sen *s = ctx;
	struct comm_out *o = comm_session_out(cs);
	const char *name = alert_arg(o, req);
	struct alert_ctx c;
	char path[PATH_MAX], leaf[ALERT_NAME_MAX + 16], line[COMM_VALUE_MAX + 2];
	FILE *f;

	if (!name)
		return;
	sen_alert_ctx(s, &c);
	snprintf(leaf, sizeof(leaf), "%s-filter.txt", name);
	if (alert_path(&c, name, leaf, path, sizeof(path)) < 0 || !(f = fopen(path, "re"))) {
		comm_reply_err(o, "Alert filter: Missing alert filter file for alert '%s'", name);
		return;
	}
	while (fgets(line, sizeof(line), f)) {
		line[strcspn(line, "\r\n")] = '\0';
		comm_reply_array(o, "alertfilter", line);
	}
	fclose(f);
	comm_reply_status(o, "OK", "Command completed");
}

/* A string of printable ASCII (and blanks), as nfsen's [\s!-~]+ asks. */
static int printable(const char *v)
{
	if (!*v)
		return 0;
	for (; *v; v++)
		if (!isprint((unsigned char)*v) && !isspace((unsigned char)*v))
			return 0;
	return 1;
}

/* nfsen's ValidEmail. */
static int email_ok(const char *e)
{
	const char *at = strchr(e, '@'), *p, *dot;
	size_t labels = 0;

	if (!at || at == e)
		return 0;
	for (p = e; p < at; p++)
		if (!isalnum((unsigned char)*p) && !strchr("_.-", *p))
			return 0;
	if (strcasecmp(at + 1, "localhost") == 0)
		return 1;
	/* ([a-z0-9_-]+\.)+[a-z]{2,4} */
	for (p = at + 1; (dot = strchr(p, '.')) != NULL; p = dot + 1, labels++) {
		if (dot == p)
			return 0;
		for (; p < dot; p++)
			if (!isalnum((unsigned char)*p) && !strchr("_-", *p))
				return 0;
	}
	if (labels == 0 || strlen(p) < 2 || strlen(p) > 4)
		return 0;
	for (; *p; p++)
		if (!isalpha((unsigned char)*p))
			return 0;
	return 1;
}

static char *trim(char *v)
{
	size_t n;

	while (isspace((unsigned char)*v))
		v++;
	n = strlen(v);
	while (n > 0 && isspace((unsigned char)v[n - 1]))
		v[--n] = '\0';
	return v;
}

/* A single-digit option key: checked against allowed and stored in *out. */
static int digit_opt(struct comm_out *o, const struct comm_request *req, const char *key,
		     const char *allowed, const char *fmt, long *out)
{
	const char *v = req_str(req, key);

	if (!v)
		return 0;
	if (strlen(v) != 1 || !strchr(allowed, v[0])) {
		/* fmt is one of the fixed texts below, with one %s */
		char msg[256];

		snprintf(msg, sizeof(msg), "%s '%s' %s", key[0] == 'a' ? "action_type" : "type", v, fmt);
		comm_reply_err(o, "%s", msg);
		return -1;
	}
	*out = v[0] - '0';
	return 0;
}

/* The scalar options both add-alert and modify-alert check. */
static int check_numbers(struct comm_out *o, const struct comm_request *req, struct alert *a)
{
	const char *status = req_str(req, "status");

	if (digit_opt(o, req, "type", "012", "not a valid alert type", &a->type) < 0)
		return -1;
	if (status) {
		if (strcmp(status, "enabled") != 0 && strcmp(status, "disabled") != 0) {
			comm_reply_err(o, "status '%s' not valid", status);
			return -1;
		}
		alert_set(a, "status", status, NULL);
	}
	if (digit_opt(o, req, "trigger_type", "0123", "not a valid trigger type", &a->trigger_type) < 0 ||
	    digit_opt(o, req, "trigger_number", "123456789", "not a valid trigger number",
		      &a->trigger_number) < 0 ||
	    digit_opt(o, req, "trigger_blocks", "0123456789", "not a valid trigger blocks number",
		      &a->trigger_blocks) < 0 ||
	    digit_opt(o, req, "action_type", "01234567", "not a valid alert action type",
		      &a->action_type) < 0)
		return -1;
	return 0;
}

/* key's value, blanks trimmed, in buf; replies and returns NULL when it is missing. */
static char *required(struct comm_out *o, const struct comm_request *req, const char *key,
		      int action, char *buf, size_t cap)
{
	const char *v = req_str(req, key);

	if (!v) {
		comm_reply_err(o, "%s required for action_type=%d", key, action);
		return NULL;
	}
	snprintf(buf, cap, "%s", v);
	return trim(buf);
}

static int check_email(struct sen *s, struct comm_out *o, const struct comm_request *req,
		       struct alert *a)
{
	char buf[COMM_VALUE_MAX + 1], *t, *addr, *comma;

	if (!s->conf.mail_from) {
		comm_reply_err(o, "email 'From' address required in nfsen.conf file");
		return -1;
	}
	if (!(t = required(o, req, "action_email", ALERT_ACT_EMAIL, buf, sizeof(buf))))
		return -1;
	alert_set(a, "action_email", t, NULL);
	for (addr = t; addr; addr = comma ? comma + 1 : NULL) {
		comma = strchr(addr, ',');
		if (comma)
			*comma = '\0';
		/* a trailing comma adds no address (Perl's split) */
		if (!*trim(addr) && !comma)
			break;
		if (!email_ok(trim(addr))) {
			comm_reply_err(o, "action_email '%s' not a valid email address", trim(addr));
			return -1;
		}
	}
	if (!a->action_subject[0])
		alert_set(a, "action_subject", "Alert triggered", NULL);
	return 0;
}

static int check_system(const struct alert_ctx *c, struct comm_out *o,
			const struct comm_request *req, struct alert *a)
{
	char buf[COMM_VALUE_MAX + 1], *t;

	if (!c->allows_system_cmd) {
		comm_reply_err(o, "action_system: Option not enabled.");
		return -1;
	}
	if (!(t = required(o, req, "action_system", ALERT_ACT_SYSTEM, buf, sizeof(buf))))
		return -1;
	if (!printable(t)) {
		comm_reply_err(o, "action_system '%s' empty or contains illegal characters", t);
		return -1;
	}
	/* sen runs it as an argv, so it must name the program itself */
	if (t[0] != '/' || access(t, X_OK) < 0) {
		comm_reply_err(o, "action_system '%s' not an executable file", t);
		return -1;
	}
	alert_set(a, "action_system", t, NULL);
	return 0;
}

static int check_plugin(struct sen *s, struct comm_out *o, const struct comm_request *req,
			struct alert *a)
{
	char buf[COMM_VALUE_MAX + 1], *t;

	if (!(t = required(o, req, "action_plugin", ALERT_ACT_PLUGIN, buf, sizeof(buf))))
		return -1;
	if (!printable(t)) {
		comm_reply_err(o, "action_plugin '%s' empty or contains illegal characters", t);
		return -1;
	}
	if (!plugin_has(s, t, PLUGIN_ALERT_ACTION)) {
		comm_reply_err(o, "action_plugin '%s' is not a plugin or has no alert_action function", t);
		return -1;
	}
	alert_set(a, "action_plugin", t, NULL);
	return 0;
}

/*
 * Actions: e-mail, system command, plugin.  add-alert checks every
 * action of action_type; modify-alert only the values the request sends.
 */
static int check_actions(struct sen *s, const struct alert_ctx *c, struct comm_out *o,
			 const struct comm_request *req, struct alert *a, int adding)
{
	const char *v = req_str(req, "action_subject");
	long t = a->action_type;

	if ((t & ALERT_ACT_EMAIL) && v) {
		if (*v && !printable(v)) {
			comm_reply_err(o, "action_subject '%s' contains illegal characters", v);
			return -1;
		}
		alert_set(a, "action_subject", v, NULL);
	}
	if ((t & ALERT_ACT_EMAIL) && (adding || req_str(req, "action_email")) &&
	    check_email(s, o, req, a) < 0)
		return -1;
	if ((t & ALERT_ACT_SYSTEM) && (adding || req_str(req, "action_system")) &&
	    check_system(c, o, req, a) < 0)
		return -1;
	if ((t & ALERT_ACT_PLUGIN) && (adding || req_str(req, "action_plugin")) &&
	    check_plugin(s, o, req, a) < 0)
		return -1;
	return 0;
}

/* The conditions of the request, checked for the alert's type; 1 = none sent. */
static int check_conditions(struct sen *s, struct comm_out *o, const struct comm_request *req,
			    struct alert *a)
{
	size_t n, i;
	char **lines = req_lines(req, "condition", &n);
	struct flow_err err = { 0 };

	if (!lines)
		return 1;
	if (a->type == 2) {
		if (n != 1) {
			comm_reply_err(o, "Exactly one plugin required for plugin based condition");
			goto bad;
		}
		if (!plugin_has(s, lines[0], PLUGIN_ALERT_CONDITION)) {
			comm_reply_err(o, "Plugin '%s' does not exists or has no alert condition function",
				       lines[0]);
			goto bad;
		}
	} else {
		if (n > ALERT_COND_MAX) {
			comm_reply_err(o, "At most %d conditions per alert", ALERT_COND_MAX);
			goto bad;
		}
		for (i = 0; i < n; i++) {
			struct alert_cond cond;

			if (alert_cond_parse(lines[i], (int)a->type, &cond, &err) < 0) {
				comm_reply_err(o, "%s", err.msg);
				goto bad;
			}
		}
	}
	if (alert_set_lines(a, 1, lines, n, &err) < 0) {
		comm_reply_err(o, "%s", err.msg);
		goto bad;
	}
	flow_free(lines);
	return 0;
bad:
	flow_free(lines);
	return -1;
}

/* channellist checked against live's channels; default: all of them. */
static int check_channels(struct sen *s, struct comm_out *o, const struct comm_request *req,
			  struct alert *a, int adding)
{
	struct pname live = { "live", "." };
	struct profile p;
	struct flow_err err = { 0 };
	const char *v = req_str(req, "channellist");
	char list[4096];
	size_t i, n = 0;
	int rc = 0;

	if (!v && !adding)
		return 0;
	if (pstore_read(&s->ps, &live, &p, &err) < 0) {
		comm_reply_err(o, "%s", err.msg);
		return -1;
	}
	if (v) {
		rc = chan_sourcelist(v, &p, list, sizeof(list), &err);
		if (rc < 0)
			comm_reply_err(o, "%s", err.msg);
	} else {
		list[0] = '\0';
		for (i = 0; i < p.nchannels; i++)
			n += (size_t)snprintf(list + n, n < sizeof(list) ? sizeof(list) - n : 0, "%s%s",
					      i ? "|" : "", p.channels[i].name);
	}
	if (rc == 0)
		alert_set(a, "channellist", list, NULL);
	profile_free(&p);
	return rc;
}

/* The filter lines of the request, checked; *lines NULL when none sent. */
static int check_filter(struct comm_out *o, const struct comm_request *req, char ***lines,
			size_t *n)
{
	struct flow_err err = { 0 };
	char *joined = NULL;

	*lines = req_lines(req, "filter", n);
	if (!*lines)
		return 0;
	if (chan_check_filter(*lines, *n, &joined, &err) < 0) {
		comm_reply_err(o, "Filter syntax error: %s", err.msg);
		flow_free(*lines);
		*lines = NULL;
		return -1;
	}
	flow_free(joined);
	return 0;
}

static int write_filter(const struct alert_ctx *c, const char *name, char *const *lines, size_t n,
			struct flow_err *err)
{
	char path[PATH_MAX], leaf[ALERT_NAME_MAX + 16];
	FILE *f;
	size_t i;
	int ok;

	snprintf(leaf, sizeof(leaf), "%s-filter.txt", name);
	if (alert_path(c, name, leaf, path, sizeof(path)) < 0 || !(f = fopen(path, "we")))
		return flow_errorf_errno(err, FLOW_EIO, "Can't open filter file '%s'", path);
	for (i = 0; i < n; i++)
		fprintf(f, "%s\n", lines[i]);
	if (n == 0)
		fprintf(f, "not any\n");
	ok = !ferror(f);
	if (fclose(f) != 0 || !ok)
		return flow_errorf_errno(err, FLOW_EIO, "Can't write filter file '%s'", path);
	return 0;
}

static int make_dirs(const struct sen *s, const struct alert_ctx *c, const char *name,
		     struct flow_err *err)
{
	char dirs[3][PATH_MAX];
	size_t i, n = 3;

	snprintf(dirs[0], sizeof(dirs[0]), "%s/~%s", c->statdir, name);
	snprintf(dirs[1], sizeof(dirs[1]), "%s/~%s", c->datadir, name);
	snprintf(dirs[2], sizeof(dirs[2]), "%s/~%s/%s", c->datadir, name, name);
	if (strcmp(c->statdir, c->datadir) == 0) {
		memmove(dirs[1], dirs[2], sizeof(dirs[1]));
		n = 2;
	}
	for (i = 0; i < n; i++) {
		if (mkdir(dirs[i], 0775) < 0)
			return flow_errorf_errno(err, FLOW_EIO, "Can't create alert directory '%s'", dirs[i]);
		if (s->ps.uid != (uid_t)-1 && chown(dirs[i], s->ps.uid, s->ps.gid) < 0)
			return flow_errorf_errno(err, FLOW_EIO, "Can't chown '%s'", dirs[i]);
	}
	return 0;
}

static void remove_alert_dirs(const struct alert_ctx *c, const char *name)
{
	char dir[PATH_MAX];

	snprintf(dir, sizeof(dir), "%s/~%s", c->statdir, name);
	pstore_remove_tree(dir);
	snprintf(dir, sizeof(dir), "%s/~%s", c->datadir, name);
	pstore_remove_tree(dir);
}

/* live's tend, where the alert RRDs start (nfsen: tend - CYCLETIME). */
static time_t live_tend(struct sen *s)
{
	struct pname live = { "live", "." };
	struct profile p;
	time_t t = time(NULL);

	if (pstore_read(&s->ps, &live, &p, NULL) == 0) {
		t = (time_t)p.tend;
		profile_free(&p);
	}
	return t - t % 300;
}

/* Everything on disk for a checked new alert. */
static int create_alert(struct sen *s, const struct alert_ctx *c, struct alert *a,
			char *const *filter, size_t nfilter, struct flow_err *err)
{
	struct alert_state st;
	char path[PATH_MAX];
	int rc = make_dirs(s, c, a->name, err);

	if (rc == 0)
		rc = write_filter(c, a->name, filter, nfilter, err);
	if (rc == 0) {
		alert_path(c, a->name, "alert.dat", path, sizeof(path));
		rc = alert_write(path, a, err);
	}
	if (rc == 0) {
		alert_state_init(&st, time(NULL), strcmp(a->status, "enabled") == 0 ? ALERT_ARMED : 0);
		alert_path(c, a->name, "alert.status", path, sizeof(path));
		rc = alert_state_write(path, &st, err);
	}
	if (rc == 0) {
		alert_path(c, a->name, NULL, path, sizeof(path));
		rc = alert_rrd_create(path, live_tend(s) - (time_t)c->cycletime, err);
	}
	return rc;
}

static void cmd_add_alert(struct comm_session *cs, const struct comm_request *req, void *ctx)
{
	struct sen *s = ctx;
	struct comm_out *o = comm_session_out(cs);
	const char *name = alert_arg(o, req);
	struct alert_ctx c;
	struct alert a;
	struct flow_err err = { 0 };
	char **filter = NULL, **desc;
	size_t nfilter = 0, ndesc;
	int rc;

	if (!name)
		return;
	sen_alert_ctx(s, &c);
	if (alert_exists(&c, name)) {
		comm_reply_err(o, "alert '%s' already exists", name);
		return;
	}
	if (alert_init(&a) < 0) {
		comm_reply_err(o, "out of memory");
		return;
	}
	/* add-alert's defaults (not EmptyAlert's) */
	alert_set(&a, "name", name, NULL);
	alert_set(&a, "status", "disabled", NULL);
	alert_set(&a, "action_subject", "Alert triggered", NULL);
	a.version = ALERT_VERSION;
	a.trigger_number = 1;
	a.trigger_blocks = 1;
	if (check_numbers(o, req, &a) < 0 || check_actions(s, &c, o, req, &a, 1) < 0)
		goto out;
	rc = check_conditions(s, o, req, &a);
	if (rc < 0)
		goto out;
	if (rc > 0) {
		comm_reply_err(o, "At least one condition needed for alert");
		goto out;
	}
	if (check_channels(s, o, req, &a, 1) < 0 || check_filter(o, req, &filter, &nfilter) < 0)
		goto out;
	desc = req_lines(req, "description", &ndesc);
	if (desc)
		alert_set_lines(&a, 0, desc, ndesc, NULL);
	else
		alert_set_lines(&a, 0, (char *[]){ "# " }, 1, NULL);
	flow_free(desc);
	if (create_alert(s, &c, &a, filter, nfilter, &err) < 0) {
		sen_log(LOG_ERR, "Error writing alert '%s': %s", name, err.msg);
		remove_alert_dirs(&c, name);
		comm_reply_err(o, "writing alert '%s': %s", name, err.msg);
		goto out;
	}
	comm_reply_status(o, "OK", "alert added");
out:
	flow_free(filter);
	alert_free(&a);
}

/*
 * The request's existing alert, read with its state under the cycle lock
 * (so the cycle cannot store the state between our read and write);
 * returns the name with the lock held, or NULL with the error replied.
 */
static const char *lock_alert(struct sen *s, struct comm_out *o, const struct comm_request *req,
			      struct alert_ctx *c, struct alert *a, struct alert_state *st)
{
	const char *name = alert_arg(o, req);
	struct flow_err err = { 0 };

	if (!name)
		return NULL;
	sen_alert_ctx(s, c);
	if (!alert_exists(c, name)) {
		comm_reply_err(o, "alert '%s' does not exists", name);
		return NULL;
	}
	pthread_mutex_lock(&s->cycle);
	if (alert_load(c, name, a, st, &err) < 0) {
		pthread_mutex_unlock(&s->cycle);
		comm_reply_err(o, "Alert '%s': %s", name, err.msg);
		return NULL;
	}
	return name;
}

static void cmd_modify_alert(struct comm_session *cs, const struct comm_request *req, void *ctx)
{
	struct sen *s = ctx;
	struct comm_out *o = comm_session_out(cs);
	struct alert_ctx c;
	struct alert a;
	struct alert_state st;
	struct flow_err err = { 0 };
	const char *name = lock_alert(s, o, req, &c, &a, &st);
	char path[PATH_MAX], **filter = NULL;
	size_t nfilter = 0;
	long old_type;
	int rc;

	if (!name)
		return;
	old_type = a.type;
	if (check_numbers(o, req, &a) < 0)
		goto out;
	if (req_str(req, "type")) {
		if (a.type != old_type)
			alert_state_reset(&st);
		/* a new type makes the old conditions meaningless */
		alert_set_lines(&a, 1, NULL, 0, NULL);
		st.nevent_cond = 0;
	}
	if (check_actions(s, &c, o, req, &a, 0) < 0)
		goto out;
	rc = check_conditions(s, o, req, &a);
	if (rc < 0)
		goto out;
	if (rc == 0)
		st.nevent_cond = 0;
	if (a.type != 2 && a.ncondition == 0) {
		comm_reply_err(o, "At least one condition needed for alert");
		goto out;
	}
	if (check_channels(s, o, req, &a, 0) < 0 || check_filter(o, req, &filter, &nfilter) < 0)
		goto out;
	if (filter && write_filter(&c, name, filter, nfilter, &err) < 0) {
		comm_reply_err(o, "%s", err.msg);
		goto out;
	}
	if (strcmp(a.status, "enabled") == 0) {
		st.trigger_status = ALERT_ARMED;
		st.trigger_blocks = 0;
		st.cond_cnt = 0;
	} else {
		st.trigger_status = 0;
		st.nevent_cond = 0;
	}
	alert_path(&c, name, "alert.status", path, sizeof(path));
	if (alert_state_write(path, &st, &err) < 0)
		sen_log(LOG_ERR, "%s", err.msg);
	alert_path(&c, name, "alert.dat", path, sizeof(path));
	if (alert_write(path, &a, &err) < 0) {
		sen_log(LOG_ERR, "Error writing alert '%s': %s", name, err.msg);
		comm_reply_err(o, "writing alert '%s': %s", name, err.msg);
		goto out;
	}
	comm_reply_status(o, "OK", "alert modified");
out:
	pthread_mutex_unlock(&s->cycle);
	flow_free(filter);
	alert_free(&a);
}

static void cmd_delete_alert(struct comm_session *cs, const struct comm_request *req, void *ctx)
{
	struct sen *s = ctx;
	struct comm_out *o = comm_session_out(cs);
	const char *name = alert_arg(o, req);
	struct alert_ctx c;
	char from[PATH_MAX], to[PATH_MAX];
	const char *dirs[2];
	size_t i;

	if (!name)
		return;
	sen_alert_ctx(s, &c);
	if (!alert_exists(&c, name)) {
		comm_reply_err(o, "alert '%s' does not exists", name);
		return;
	}
	if (pthread_mutex_trylock(&s->cycle) != 0) {
		comm_reply_err(o, "Can not delete the alert while a periodic update is in progress. Try again later.");
		return;
	}
	dirs[0] = c.statdir;
	dirs[1] = strcmp(c.statdir, c.datadir) ? c.datadir : NULL;
	for (i = 0; i < 2 && dirs[i]; i++) {
		/* renamed first, so nothing sees a half-deleted alert */
		snprintf(from, sizeof(from), "%s/~%s", dirs[i], name);
		snprintf(to, sizeof(to), "%s/.~%s", dirs[i], name);
		if (rename(from, to) < 0 && errno != ENOENT) {
			pthread_mutex_unlock(&s->cycle);
			comm_reply_err(o, "Failed to rename alert '%s' in order to delete: %s", name,
				       strerror(errno));
			return;
		}
		pstore_remove_tree(to);
	}
	pthread_mutex_unlock(&s->cycle);
	comm_out_printf(o, ".\nOK Alert '%s' deleted.\n", name);
}

static void cmd_arm_alert(struct comm_session *cs, const struct comm_request *req, void *ctx)
{
	struct sen *s = ctx;
	struct comm_out *o = comm_session_out(cs);
	struct alert_ctx c;
	struct alert a;
	struct alert_state st;
	struct flow_err err = { 0 };
	const char *name = lock_alert(s, o, req, &c, &a, &st);
	char path[PATH_MAX];

	if (!name)
		return;
	if (a.trigger_type != 1) {
		comm_reply_err(o, "Alert '%s' trigger type %ld can not be armed manually", name,
			       a.trigger_type);
	} else {
		st.trigger_status &= ALERT_ARMED;
		st.trigger_blocks = 0;
		snprintf(st.trigger_info, sizeof(st.trigger_info), "0");
		alert_path(&c, name, "alert.status", path, sizeof(path));
		if (alert_state_write(path, &st, &err) < 0)
			comm_reply_err(o, "%s", err.msg);
		else
			comm_out_printf(o, ".\nOK Alert '%s' armed.\n", name);
	}
	pthread_mutex_unlock(&s->cycle);
	alert_free(&a);
}

const struct comm_handler sen_alert_handlers[] = {
	{ "get-alertlist", cmd_alertlist },
	{ "get-alert", cmd_alert },
	{ "get-alertfilter", cmd_alertfilter },
	{ "add-alert", cmd_add_alert },
	{ "modify-alert", cmd_modify_alert },
	{ "delete-alert", cmd_delete_alert },
	{ "arm-alert", cmd_arm_alert },
	{ "get-alertgraph", sen_alert_graph },
};
const size_t sen_alert_nhandlers = sizeof(sen_alert_handlers) / sizeof(sen_alert_handlers[0]);
