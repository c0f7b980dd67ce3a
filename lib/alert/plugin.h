/*
 * plugin.h - nfsen backend plugins as external programs.
 *
 * nfsen loads Perl modules and calls their run() once per cycle for each
 * profile the plugin is registered for; sen runs the executable
 * $BACKEND_PLUGINDIR/<module> instead:
 *
 *   <module> run <profilegroup> <profile> <ISO>
 *
 * with the environment of struct alert_ctx (NFSEN_* variables, see
 * sen.conf(5)).  All calls of a cycle run in parallel and together get
 * ctx->timeout seconds; what is still running then is killed.  Failures
 * are logged through ctx->log and never fail the cycle.
 */
#ifndef FLOW_ALERT_PLUGIN_H
#define FLOW_ALERT_PLUGIN_H

#include <stddef.h>

#include "alert/run.h"

struct plugin_job {
	const char *module;
	const char *group, *profile;
};

/*
 * Is group/profile in a plugin's profile list ("*": every profile, "!":
 * none, else a comma list of "group/profile" or "profile" in the root)?
 */
int plugin_wants(const char *list, const char *group, const char *profile);

/* What a plugin program can do (`<module> capabilities` prints these words). */
enum plugin_caps {
	PLUGIN_RUN = 1 << 0,
	PLUGIN_ALERT_CONDITION = 1 << 1,
	PLUGIN_ALERT_ACTION = 1 << 2,
};

/*
 * Ask module for its capabilities (one second at most); 0 when the
 * program is missing, fails or prints none.
 */
unsigned plugin_capabilities(const struct alert_ctx *c, const char *module);
/*
 * The same, and the frontend commands it offers ("cmd=<name>" words) as
 * a malloc'd list of malloc'd names in *cmds (may be NULL).
 */
unsigned plugin_describe(const struct alert_ctx *c, const char *module, char ***cmds,
			 size_t *ncmds);

/* Run the jobs for slot iso; returns how many failed (logged). */
size_t plugin_run(const struct alert_ctx *c, const struct plugin_job *jobs, size_t n,
		  const char *iso);

#endif
