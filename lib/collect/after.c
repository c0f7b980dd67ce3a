/*
 * What follows a finished file, in the writer thread: the -e expire run
 * on the flow directory and the -x launcher, as nfcapd's launcher child
 * does them after each rotation.
 */
#include <stdio.h>
#include <string.h>

#include "collect/collect_int.h"
#include "expire/expire.h"
#include "util/banned.h"

static void run_expire(const struct collect_config *cfg, const struct csource *s)
{
	struct flow_err err = { 0 };
	struct expire_result res;

	if (expire_collector_update(s->cfg->dir, s->target, s->wslot, &res, &err) < 0) {
		collect_logf(&cfg->log, COLLECT_ERR, "expire %s: %s", s->cfg->dir, err.msg);
		return;
	}
	if (res.files > 0)
		collect_logf(&cfg->log, COLLECT_INFO, "Ident: %s, expired %llu files, %llu bytes",
			     s->cfg->ident, (unsigned long long)res.files,
			     (unsigned long long)res.bytes);
}

static void run_launcher(const struct collect_config *cfg, const struct csource *s)
{
	char buf[8192], stamp[32];
	char *argv[128];
	struct flow_err err = { 0 };
	const char *name = strrchr(s->target, '/');
	struct collect_launch_args a = { .rel = s->rel, .dir = s->cfg->dir,
					 .ident = s->cfg->ident, .slot = s->wslot };

	/* %t: the stamp of the file name, "nfcapd." cut off */
	snprintf(stamp, sizeof(stamp), "%s", name ? name + 1 + strlen("nfcapd.") : "");
	a.stamp = stamp;
	if (collect_launch_expand(cfg->launch, &a, buf, sizeof(buf), argv, 128, &cfg->log,
				  &err) < 0 ||
	    collect_launch_spawn(argv, &err) < 0)
		collect_logf(&cfg->log, COLLECT_ERR, "launcher: %s", err.msg);
}

void collect_after_file(const struct collect_config *cfg, const struct csource *s)
{
	if (cfg->expire)
		run_expire(cfg, s);
	if (cfg->launch)
		run_launcher(cfg, s);
}
