/*
 * Startup in the OpenBSD order (STYLE §2): parse, log to stderr, bind as
 * root, refuse a held pidfile, detach, write the pidfile, drop
 * privileges, then collect.  Exit codes as nfcapd 1.7.1: 0 after a clean
 * shutdown, 1 for bad options or a failed start, 255 for a held pidfile.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <unistd.h>

#include "config.h"
#include "collect/cli.h"
#include "collect/daemon.h"
#include "run.h"
#include "util/banned.h"

static const char *progname(enum flow_decoder_kind kind)
{
	return kind == FLOW_DEC_SFLOW ? "sfcapd" : "nfcapd";
}

static int usage(enum flow_decoder_kind kind, const char *prog, FILE *out)
{
	char buf[4096];

	if (collect_cli_usage(kind, prog, buf, sizeof(buf)) > 0)
		fputs(buf, out);
	return 0;
}

/* Bad options: nfcapd prints the message (getopt already did for '?'), then usage. */
static int parse(struct collect_cli *c, enum flow_decoder_kind kind, int argc, char **argv)
{
	struct flow_err err = { 0 };
	int rc = collect_cli_parse(c, kind, argc, argv, &err);

	if (rc < 0)
		return -1;
	if (rc == 0 && c->help)
		return usage(kind, argv[0], stdout);
	if (rc == 0 && c->version) {
		printf("%s: Version: 1.7.8-net-collector-%s\n", argv[0], PACKAGE_VERSION);
		return 0;
	}
	if (err.msg[0])
		fprintf(stderr, "%s\n", err.msg);
	else
		usage(kind, argv[0], stderr);
	return 1;
}

/* stderr until detached (STYLE: errors before -D reach the caller), then syslog */
static void setup_log(struct collect_cli *c)
{
	c->cfg.log.fn = collect_log_stderr;
	for (unsigned i = 0; i < c->nwarn; i++)
		collect_logf(&c->cfg.log, COLLECT_WARN, "%s", c->warnings[i]);
	for (unsigned i = 0; i < c->cfg.nsrc; i++) {
		const struct collect_source_cfg *s = &c->cfg.src[i];
		char ip[INET6_ADDRSTRLEN] = "any IP";
		const void *a = s->addr.ss_family == AF_INET6
			? (const void *)&((const struct sockaddr_in6 *)&s->addr)->sin6_addr
			: (const void *)&((const struct sockaddr_in *)&s->addr)->sin_addr;

		if (!s->any)
			inet_ntop(s->addr.ss_family, a, ip, sizeof(ip));
		collect_logf(&c->cfg.log, COLLECT_INFO, "Add flow source: ident: %s, IP: %s, flowdir: %s",
			     s->ident, ip, s->dir);
	}
}

/* -D changes to "/": a relative pidfile must name the same file after it. */
static void absolute_pidfile(struct collect_cli *c)
{
	static char path[4200];
	char cwd[4096];

	if (!c->pidfile || c->pidfile[0] == '/' || !getcwd(cwd, sizeof(cwd)))
		return;
	snprintf(path, sizeof(path), "%s/%s", cwd, c->pidfile);
	c->pidfile = path;
}

/* Everything between bind and collecting; returns the exit status or -1. */
static int become_daemon(struct collect_cli *c, enum flow_decoder_kind kind)
{
	struct flow_err err = { 0 };

	absolute_pidfile(c);
	if (c->pidfile && collect_pidfile_check(c->pidfile, &err) < 0) {
		collect_logf(&c->cfg.log, COLLECT_ERR, "%s", err.msg);
		return 255;
	}
	if (collect_lock(&c->cfg, c->lockfds, &err) < 0) {
		collect_logf(&c->cfg.log, COLLECT_ERR, "%s", err.msg);
		return 1;
	}
	if (collect_privileges_check(c->user, c->group, &err) < 0) {
		collect_logf(&c->cfg.log, COLLECT_ERR, "%s", err.msg);
		return 1;
	}
	if (c->daemon && collect_daemonize(&err) < 0) {
		collect_logf(&c->cfg.log, COLLECT_ERR, "%s", err.msg);
		return 1;
	}
	if (c->daemon) {
		openlog(progname(kind), LOG_PID, LOG_DAEMON);
		c->cfg.log.fn = collect_log_syslog;
	}
	if ((c->pidfile && collect_pidfile_write(c->pidfile, &err) < 0) ||
	    collect_drop_privileges(c->user, c->group, &err) < 0) {
		collect_logf(&c->cfg.log, COLLECT_ERR, "%s", err.msg);
		return 1;
	}
	return -1;
}

int capd_main(enum flow_decoder_kind kind, int argc, char **argv)
{
	static struct collect_cli c;	/* large: sources, paths */
	struct collect_net *net = NULL;
	struct flow_err err = { 0 };
	int rc = parse(&c, kind, argc, argv);

	if (rc >= 0)
		return rc;
	setup_log(&c);
	if (collect_net_open(&net, &c.cfg, &err) < 0) {
		collect_logf(&c.cfg.log, COLLECT_ERR, "%s", err.msg);
		return 1;
	}
	collect_logf(&c.cfg.log, COLLECT_INFO, "%s", collect_net_describe(net));
	rc = become_daemon(&c, kind);
	if (rc >= 0) {
		collect_net_close(net);
		return rc;
	}
	collect_logf(&c.cfg.log, COLLECT_INFO, "Startup %s.", progname(kind));
	rc = collect_run(&c.cfg, net, &err) < 0 ? 1 : 0;
	if (rc)
		collect_logf(&c.cfg.log, COLLECT_ERR, "%s", err.msg);
	collect_logf(&c.cfg.log, COLLECT_INFO, "Terminating %s.", progname(kind));
	collect_net_close(net);
	collect_pidfile_remove(c.pidfile);
	return rc;
}
