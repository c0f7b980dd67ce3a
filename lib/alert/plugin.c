/*
 * plugin.c - the per-cycle run of backend plugins (plugin.h).
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <syslog.h>
#include <unistd.h>

#include "alert/alert.h"
#include "alert/alert_int.h"
#include "alert/plugin.h"
#include "alert/proc.h"
#include "util/alloc.h"
#include "util/banned.h"

#define BATCH 64	/* programs run at once */

int plugin_wants(const char *list, const char *group, const char *profile)
{
	const char *p = list;
	int root = strcmp(group, ".") == 0;

	while (*p == ' ')
		p++;
	if (strcmp(p, "*") == 0)
		return 1;
	while (*p) {
		size_t n = strcspn(p, ","), gl = strlen(group), pl = strlen(profile);
		const char *e = p + n;

		while (*p == ' ' && p < e)
			p++;
		while (e > p && e[-1] == ' ')
			e--;
		n = (size_t)(e - p);
		/* "profile" (root group), "./profile" or "group/profile" */
		if ((root && n == pl && memcmp(p, profile, pl) == 0) ||
		    (n == gl + 1 + pl && memcmp(p, group, gl) == 0 && p[gl] == '/' &&
		     memcmp(p + gl + 1, profile, pl) == 0))
			return 1;
		p += strcspn(p, ",");
		if (*p == ',')
			p++;
	}
	return 0;
}

static size_t run_batch(const struct alert_ctx *c, const struct plugin_job *jobs, size_t n,
			const char *iso)
{
	struct proc p[BATCH];
	char path[BATCH][4096];
	size_t i, failed = 0, started = 0;
	int ok[BATCH];

	for (i = 0; i < n; i++) {
		char *argv[6];
		struct flow_err err = { 0 };

		ok[i] = 0;
		if (!alert_name_ok(jobs[i].module) ||
		    snprintf(path[i], sizeof(path[i]), "%s/%s", c->plugindir, jobs[i].module) >=
			    (int)sizeof(path[i]) ||
		    access(path[i], X_OK) < 0) {
			alert_say(c, LOG_ERR, "plugin '%s': no executable '%s/%s'", jobs[i].module,
			    c->plugindir, jobs[i].module);
			failed++;
			continue;
		}
		argv[0] = path[i];
		argv[1] = "run";
		argv[2] = (char *)jobs[i].group;
		argv[3] = (char *)jobs[i].profile;
		argv[4] = (char *)iso;
		argv[5] = NULL;
		if (proc_start(&p[started], argv, c->env, 0, &err) < 0) {
			alert_say(c, LOG_ERR, "plugin '%s': %s", jobs[i].module, err.msg);
			failed++;
			continue;
		}
		ok[started++] = (int)i;
	}
	proc_wait(p, started, (c->timeout ? c->timeout : 120) * 1000U);
	for (i = 0; i < started; i++) {
		const struct plugin_job *j = &jobs[ok[i]];

		if (p[i].timed_out) {
			alert_say(c, LOG_ERR, "plugin '%s' for profile '%s/%s': killed after %u s", j->module,
			    j->group, j->profile, c->timeout);
			failed++;
		} else if (!WIFEXITED(p[i].status) || WEXITSTATUS(p[i].status) != 0) {
			alert_say(c, LOG_ERR, "plugin '%s' for profile '%s/%s': exit status %d", j->module,
			    j->group, j->profile,
			    WIFEXITED(p[i].status) ? WEXITSTATUS(p[i].status) : -1);
			failed++;
		} else {
			alert_say(c, LOG_INFO, "plugin '%s' for profile '%s/%s' done", j->module, j->group,
			    j->profile);
		}
		proc_free(&p[i]);
	}
	return failed;
}

size_t plugin_run(const struct alert_ctx *c, const struct plugin_job *jobs, size_t n,
		  const char *iso)
{
	size_t at, failed = 0;

	if (!c->plugindir) {
		if (n)
			alert_say(c, LOG_ERR, "plugins configured, but no $BACKEND_PLUGINDIR");
		return n;
	}
	for (at = 0; at < n; at += BATCH)
		failed += run_batch(c, jobs + at, n - at < BATCH ? n - at : BATCH, iso);
	return failed;
}

unsigned plugin_capabilities(const struct alert_ctx *c, const char *module)
{
	return plugin_describe(c, module, NULL, NULL);
}

static int add_command(char ***cmds, size_t *n, const char *w, size_t len)
{
	char **l = flow_realloc(*cmds, (*n + 1) * sizeof(**cmds));

	if (!l)
		return -1;
	*cmds = l;
	l[*n] = flow_malloc(len + 1);
	if (!l[*n])
		return -1;
	memcpy(l[*n], w, len);
	l[*n][len] = '\0';
	(*n)++;
	return 0;
}

/* "cmd=<name>": a frontend command, name as alert names are spelled */
static void command_word(const char *w, size_t n, char ***cmds, size_t *ncmds)
{
	size_t i;

	if (!cmds || n <= 4 || n > 64 || strncmp(w, "cmd=", 4) != 0)
		return;
	for (i = 4; i < n; i++)
		if (!strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_", w[i]))
			return;
	add_command(cmds, ncmds, w + 4, n - 4);
}

unsigned plugin_describe(const struct alert_ctx *c, const char *module, char ***cmds,
			 size_t *ncmds)
{
	static const struct {
		const char *word;
		unsigned bit;
	} words[] = {
		{ "run", PLUGIN_RUN },
		{ "alert_condition", PLUGIN_ALERT_CONDITION },
		{ "alert_action", PLUGIN_ALERT_ACTION },
	};
	char path[4096], *argv[3], *p;
	struct proc pr;
	unsigned caps = 0;
	size_t i;

	if (cmds) {
		*cmds = NULL;
		*ncmds = 0;
	}
	if (!c->plugindir || !alert_name_ok(module) ||
	    snprintf(path, sizeof(path), "%s/%s", c->plugindir, module) >= (int)sizeof(path) ||
	    access(path, X_OK) < 0)
		return 0;
	argv[0] = path;
	argv[1] = "capabilities";
	argv[2] = NULL;
	if (proc_start(&pr, argv, c->env, 1, NULL) < 0)
		return 0;
	proc_wait(&pr, 1, 1000);
	if (!pr.timed_out && WIFEXITED(pr.status) && WEXITSTATUS(pr.status) == 0)
		for (p = pr.out; p && *p;) {
			size_t n;

			p += strspn(p, " \t\r\n,");
			n = strcspn(p, " \t\r\n,");
			for (i = 0; i < sizeof(words) / sizeof(words[0]); i++)
				if (n == strlen(words[i].word) && strncmp(p, words[i].word, n) == 0)
					caps |= words[i].bit;
			command_word(p, n, cmds, ncmds);
			p += n;
		}
	proc_free(&pr);
	return caps;
}
