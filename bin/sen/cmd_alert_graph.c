/*
 * cmd_alert_graph.c - @get-alertgraph: the PNG of an alert's values and
 * averages (lib/alert/agraph.c), or nfsend's fallback icons.
 */
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <syslog.h>

#include "alert/agraph.h"
#include "alert/run.h"
#include "sen.h"
#include "util/alloc.h"

void sen_alert_graph(struct comm_session *cs, const struct comm_request *req, void *ctx)
{
	struct sen *s = ctx;
	struct comm_out *o = comm_session_out(cs);
	const char *name = req_str(req, "alert");
	struct alert_ctx c;
	struct alert a;
	struct alert_state st;
	struct flow_err err = { 0 };
	char dir[PATH_MAX], **args;
	unsigned char *png = NULL;
	size_t n, len = 0;

	if (!name) {
		comm_reply_err(o, "Missing alert name");
		return;
	}
	if (!alert_name_ok(name)) {
		comm_reply_err(o, "Illegal characters in alert name '%s'!", name);
		return;
	}
	sen_alert_ctx(s, &c);
	if (alert_load(&c, name, &a, &st, &err) < 0) {
		comm_reply_err(o, "alert '%s' does not exists", name);
		return;
	}
	alert_free(&a);
	args = req_lines(req, "arg", &n);
	if (!args) {
		comm_reply_err(o, "details argument list required.");
		return;
	}
	alert_path(&c, name, NULL, dir, sizeof(dir));
	if (alert_graph(dir, args, n, st.events, ALERT_EVENTS, &png, &len, &err) == 0) {
		comm_session_write(cs, png, len);
	} else {
		sen_log(LOG_ERR, "Error generating details graph: %s", err.msg);
		sen_send_icon(s, cs, "ErrorGraph.png");
	}
	flow_free(png);
	flow_free(args);
}
