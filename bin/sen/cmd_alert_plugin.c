/*
 * cmd_alert_plugin.c - frontend plugin commands `<module>::<command>`
 * (reference/nfsen.md §6.2, §6.4): nfsend handed them to the Perl
 * module's cmd_lookup table; sen runs the plugin program as
 *
 *   <module> cmd <command>
 *
 * with the request's arguments on standard input ("key=value" and
 * "_key=value" lines, as the frontend sent them).  Its standard output
 * lines with a '=' are the reply's data lines; exit status 0 answers
 * "OK command completed.", otherwise the last "ERR ..." line it printed
 * (or a generic error).  The commands a plugin offers are the "cmd=<name>"
 * words of its `capabilities` answer, asked once when the daemon starts.
 */
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <syslog.h>

#include "alert/plugin.h"
#include "alert/proc.h"
#include "alert/run.h"
#include "sen.h"
#include "util/alloc.h"

/* The request's arguments, one line each, as the frontend sent them. */
static char *request_text(const struct comm_request *req, size_t *len)
{
	struct comm_out o = { 0 };
	size_t i, j;

	for (i = 0; req->args && i < req->args->n; i++) {
		const struct conf_pair *pr = &req->args->pairs[i];

		if (pr->val->type == CONF_SCALAR)
			comm_out_printf(&o, "%s=%s\n", pr->key, pr->val->str ? pr->val->str : "");
		else if (pr->val->type == CONF_ARRAY)
			for (j = 0; j < pr->val->n; j++)
				comm_out_printf(&o, "_%s=%s\n", pr->key,
						pr->val->items[j]->str ? pr->val->items[j]->str : "");
	}
	comm_out_add(&o, "", 1);
	if (o.oom) {
		comm_out_free(&o);
		return NULL;
	}
	*len = o.len - 1;
	return o.buf;
}

/* The program's output: data lines passed on, the last ERR line kept. */
static void relay(struct comm_out *o, const char *out, char *errline, size_t cap)
{
	const char *p = out;

	while (p && *p) {
		size_t n = strcspn(p, "\n");

		if (n > 4 && strncmp(p, "ERR ", 4) == 0)
			snprintf(errline, cap, "%.*s", (int)(n - 4), p + 4);
		else if (memchr(p, '=', n) && p[0] != '.')
			comm_out_printf(o, "%.*s\n", (int)n, p);
		p += n + (p[n] == '\n');
	}
}

static void cmd_plugin(struct comm_session *cs, const struct comm_request *req, void *ctx)
{
	struct sen *s = ctx;
	struct comm_out *o = comm_session_out(cs);
	const char *sep = strstr(req->command, "::");
	char module[PATH_MAX], path[PATH_MAX + 8], errline[512] = "", *input, *argv[4];
	struct alert_ctx c;
	struct proc p;
	struct flow_err err = { 0 };
	size_t len = 0;
	unsigned waited = 0;

	snprintf(module, sizeof(module), "%.*s", (int)(sep - req->command), req->command);
	sen_alert_ctx(s, &c);
	snprintf(path, sizeof(path), "%s/%s", c.plugindir ? c.plugindir : "", module);
	argv[0] = path;
	argv[1] = "cmd";
	argv[2] = (char *)sep + 2;
	argv[3] = NULL;
	input = request_text(req, &len);
	if (!input || proc_start_input(&p, argv, c.env, 1, input, len, &err) < 0) {
		flow_free(input);
		comm_reply_err(o, "Plugin '%s': %s", module, input ? err.msg : "out of memory");
		return;
	}
	flow_free(input);
	/* the frontend gives up after 2 s of silence: a keep-alive each second */
	while (!proc_poll(&p, 1000) && ++waited < c.timeout)
		comm_session_keepalive(cs);
	proc_wait(&p, 1, 0);
	relay(o, p.out, errline, sizeof(errline));
	if (p.timed_out)
		comm_reply_err(o, "Plugin '%s' command '%s' killed after %u s", module, sep + 2,
			       c.timeout);
	else if (WIFEXITED(p.status) && WEXITSTATUS(p.status) == 0)
		comm_reply_status(o, "OK", "command completed.");
	else
		comm_reply_err(o, "%s", errline[0] ? errline : "Plugin command failed");
	proc_free(&p);
}

static char **names;
static size_t nnames;
/*
 * Each @plugins entry's capabilities, asked once at daemon start: the
 * Alerts page must answer within the frontend's 2 s, whatever a plugin
 * program does when asked again.
 */
static unsigned *caps;
static size_t ncaps;

unsigned sen_plugin_caps(struct sen *s, const char *module)
{
	struct alert_ctx c;
	size_t i;

	for (i = 0; i < s->conf.nplugins; i++)
		if (strcmp(s->conf.plugins[i].module, module) == 0) {
			if (caps && i < ncaps)
				return caps[i];
			sen_alert_ctx(s, &c);
			return plugin_capabilities(&c, module);
		}
	return 0;
}

struct comm_handler *sen_plugin_handlers_add(struct sen *s, struct comm_handler *h, size_t *n)
{
	struct alert_ctx c;
	size_t i, j;

	if (!h)
		return NULL;
	sen_alert_ctx(s, &c);
	caps = flow_calloc(s->conf.nplugins + 1, sizeof(*caps));
	ncaps = caps ? s->conf.nplugins : 0;
	for (i = 0; i < s->conf.nplugins; i++) {
		const char *m = s->conf.plugins[i].module;
		char **cmds;
		size_t ncmds;
		unsigned got = plugin_describe(&c, m, &cmds, &ncmds);

		if (caps)
			caps[i] = got;
		for (j = 0; j < ncmds; j++) {
			size_t len = strlen(m) + strlen(cmds[j]) + 3;
			char *name = flow_malloc(len), **nl = flow_realloc(names, (nnames + 1) * sizeof(*nl));
			struct comm_handler *nh = flow_realloc(h, (*n + 1) * sizeof(*nh));

			if (nl)
				names = nl;
			if (nh)
				h = nh;
			if (!name || !nl || !nh) {
				flow_free(name);
				sen_log(LOG_ERR, "plugin '%s': out of memory for its commands", m);
				break;
			}
			snprintf(name, len, "%s::%s", m, cmds[j]);
			names[nnames++] = name;
			h[*n].name = name;
			h[*n].fn = cmd_plugin;
			(*n)++;
			sen_log(LOG_INFO, "plugin '%s': command '%s'", m, cmds[j]);
		}
		for (j = 0; j < ncmds; j++)
			flow_free(cmds[j]);
		flow_free(cmds);
	}
	return h;
}

void sen_plugin_handlers_free(void)
{
	size_t i;

	for (i = 0; i < nnames; i++)
		flow_free(names[i]);
	flow_free(names);
	names = NULL;
	nnames = 0;
	flow_free(caps);
	caps = NULL;
	ncaps = 0;
}
