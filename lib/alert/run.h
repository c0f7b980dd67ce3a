/*
 * run.h - one cycle of one alert, as nfsend's RunPeriodic does it: read
 * the definition and state, push the slot's totals, evaluate, trigger,
 * run the actions (e-mail, system command, plugin), store the state,
 * update the average RRDs, remove the slot's flow file.
 *
 * Plugins are executables, not Perl modules (sen.conf(5), PLUGINS):
 *   <plugindir>/<plugin> alert_condition <alert> <flowfile> <ISO>
 *       prints a number; non-zero with exit status 0 means true
 *   <plugindir>/<plugin> alert_action <alert> <ISO>
 * Everything is logged through ctx->log (syslog priorities); a failing
 * action never stops the others or the cycle.
 */
#ifndef FLOW_ALERT_RUN_H
#define FLOW_ALERT_RUN_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "alert/alert.h"
#include "util/err.h"

struct alert_ctx {
	const char *statdir, *datadir;	/* $PROFILESTATDIR, $PROFILEDATADIR */
	unsigned cycletime;
	const char *mail_from, *smtp_server, *mail_body;
	int allows_system_cmd;
	const char *plugindir;		/* $BACKEND_PLUGINDIR */
	char *const *env;		/* added to the environment of programs run */
	unsigned timeout;		/* seconds for a plugin or the SMTP server */
	void (*log)(void *log_ctx, int prio, const char *msg);
	void *log_ctx;
};

/* $PROFILESTATDIR/~<name>/<leaf> (leaf NULL: the directory). */
int alert_path(const struct alert_ctx *c, const char *name, const char *leaf, char *buf,
	       size_t cap);
/* $PROFILEDATADIR/~<name>/<name>/nfcapd.<iso>: the slot's alert flows. */
int alert_flow_path(const struct alert_ctx *c, const char *name, const char *iso, char *buf,
		    size_t cap);

/* Names of the alerts: directories ~<name> with an alert.dat (caller frees). */
int alert_list(const struct alert_ctx *c, char ***names, size_t *n, struct flow_err *err);
void alert_list_free(char **names, size_t n);

/*
 * Read alert name's definition and state; a state that cannot be read
 * starts over (logged), as nfsend does.
 */
int alert_load(const struct alert_ctx *c, const char *name, struct alert *a,
	       struct alert_state *st, struct flow_err *err);

/*
 * The cycle of alert name for slot t (iso = its file name stamp).  v: the
 * totals of the alert's flows in the slot (from the profiler), or NULL
 * when there is no flow file (the alert is skipped, as nfsend does).
 */
int alert_cycle(const struct alert_ctx *c, const char *name, time_t t, const char *iso,
		const uint64_t v[ALERT_NVALUES], struct flow_err *err);

/* The alert's mail: headers and $MAIL_BODY with @alert@ and @timeslot@ (caller frees). */
char *alert_mail_text(const struct alert_ctx *c, const struct alert *a, const char *iso,
		      time_t now);

#endif
