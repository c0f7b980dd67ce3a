/*
 * conf.h - sen's configuration: an nfsen.conf read as it is, or the same
 * keys in YAML.
 *
 * Loading is three steps, as nfsen does it: preset defaults, read the
 * file (Perl subset or YAML) into a tree of what the file says, then fill
 * in derived values (VARDIR from BASEDIR, PIDDIR from VARDIR, ...) and
 * normalise (compression options).  struct sen_conf holds the typed
 * result; `file` keeps the tree exactly as read, which `sen
 * config-convert` prints and plugins look into (%PluginConf).
 */
#ifndef FLOW_CONF_CONF_H
#define FLOW_CONF_CONF_H

#include <stddef.h>
#include <stdio.h>

#include "conf/value.h"
#include "util/err.h"

/* One entry of %sources: a channel of profile live and its collector. */
struct sen_source {
	const char *ident;
	unsigned port;		/* 0: no collector */
	const char *col;	/* "#rrggbb" */
	const char *type;	/* netflow (default), sflow, pcap */
	const char *ip;		/* exporter address on a shared port, or NULL */
	const char *optarg;	/* extra collector arguments, or NULL */
};

struct sen_plugin {
	const char *profiles;	/* "*", "!" or a comma list */
	const char *module;
};

struct sen_conf {
	char *path;			/* the file read */
	struct conf_value *file;	/* what the file says, in its order */
	struct conf_value *eff;		/* effective scalars (owns the strings below) */

	const char *basedir, *bindir, *confdir, *htmldir, *vardir, *piddir;
	const char *filterdir, *formatdir, *commsocket;
	const char *profilestatdir, *profiledatadir;
	const char *backend_plugindir, *frontend_plugindir, *picdir;
	const char *prefix, *user, *wwwuser, *wwwgroup;
	const char *extensions;		/* "" or "-T <value>" */
	const char *zipcollected, *zipprofiles;	/* "" or "-z=..." (normalised) */
	const char *syslog_facility;
	const char *nfprofileopts, *nfexpireopts;
	const char *mail_from, *smtp_server, *mail_body, *rcpt_to;
	long bufflen;			/* 0: not set */
	int subdirlayout, profilers, disklimit, low_water, cycletime, refresh;
	int allows_system_cmd, interrupt_expire, simmode;

	struct sen_source *sources;
	size_t nsources;
	struct sen_plugin *plugins;
	size_t nplugins;
};

/*
 * Which file to read: cli_path (-C), else $SEN_CONFIG, else
 * /etc/net-collector/sen.yaml, else /etc/nfsen/nfsen.conf, the first that
 * exists (cli_path and $SEN_CONFIG are taken even when missing, so the
 * error names them).  Returns a static or environment string; NULL with
 * err = "No NFSEN config file found." when none exists.
 */
const char *sen_conf_locate(const char *cli_path, struct flow_err *err);

/*
 * Read path (YAML when it ends in .yaml/.yml or starts with "---",
 * otherwise the nfsen.conf Perl subset) into c.  Errors carry nfsen's
 * texts ("Errors in config file: ...", "Config seems to be buggy. BASEDIR
 * '...' not found!").  On failure c is left freed.
 */
int sen_conf_load(struct sen_conf *c, const char *path, struct flow_err *err);
void sen_conf_free(struct sen_conf *c);

/*
 * Check %sources the way `nfsen start` does (ident characters and length;
 * sen also allows '-', as nfsen 1.3.8 did), IP for shared ports, one type
 * per port.  Returns 0 or FLOW_EINVAL with the first problem in err.
 */
int sen_conf_check_sources(const struct sen_conf *c, struct flow_err *err);

/* The readers and the writer behind sen_conf_load / config-convert. */
int conf_read_perl(struct conf_value *root, const struct conf_value *defaults,
		   const char *path, const char *text, size_t len, struct flow_err *err);
int conf_read_yaml(struct conf_value *root, const char *path, const char *text,
		   size_t len, struct flow_err *err);
int conf_write_yaml(const struct conf_value *root, FILE *out, struct flow_err *err);

#endif
