/*
 * cli.h - the command line of capd and sfcapd: nfcapd/sfcapd 1.7.1's
 * options (cli.md §1.1, §1.2), with what NfSen passes from the 1.6 and
 * 1.7.8 lines accepted too (a bare legacy -w, -T <arg>, -z=codec), the
 * config file of -C / $NFCONF (nfconf.c), and --status-file,
 * --max-templates of our own.
 *
 * collect_cli_parse() fills a struct collect_cli; it never prints: errors
 * come back in err with nfcapd's message and the exit code in the return
 * value.  Strings point into argv or into the struct.
 */
#ifndef FLOW_COLLECT_CLI_H
#define FLOW_COLLECT_CLI_H

#include "collect/collect.h"

#define COLLECT_VERSION "1.7.1"	/* what nfcapd -V says; see collect_cli_parse */

struct collect_cli {
	struct collect_config cfg;
	const char *prog;		/* argv[0] */
	const char *dir;		/* -w / -l */
	const char *conf;		/* -C; NULL: $NFCONF or the default file */
	char dyn_dir[4096];		/* -M, resolved */
	const char *ident;		/* -I */
	const char *pidfile;		/* -P */
	const char *user, *group;	/* -u, -g */
	int daemon;			/* -D */
	int has4, has6;			/* -4, -6 */
	int lockfds[COLLECT_MAX_SOURCES];	/* collect_lock(): held until exit */
	int help, version;		/* -h, -V */
	char warnings[4][160];		/* ignored legacy options, to log */
	unsigned nwarn;
	/* storage for -n sources and resolved directories */
	char dirs[COLLECT_MAX_SOURCES][4096];
	char idents[COLLECT_MAX_SOURCES][128];
	char rep_host[COLLECT_MAX_REPEATERS][256];
	char rep_port[COLLECT_MAX_REPEATERS][16];
};

/*
 * Parse argv for kind (capd: FLOW_DEC_NETFLOW, sfcapd: FLOW_DEC_SFLOW).
 * Returns -1 to go on, or the exit status (0 for -h/-V, 1 for an error
 * with err set; help/version tell what to print).
 */
int collect_cli_parse(struct collect_cli *c, enum flow_decoder_kind kind, int argc,
		      char **argv, struct flow_err *err);

/* Add a flow source as -n ident,IP,flowdir does (0, or 1 with err set). */
int collect_cli_add_source(struct collect_cli *c, const char *ident, const char *ip,
			   const char *dir, struct flow_err *err);

/*
 * Read the config file (-C file, else $NFCONF; -C none: no file) as
 * nfcapd 1.7.1 does: in [section] ("nfcapd" or "sfcapd"),
 * exporter.<ident> = ["ip", "flowdir"] adds a source and
 * dyn_max_sources = n bounds the -M sources; other keys and sections are
 * skipped.  0, or 1 with nfcapd's message in err.
 */
int collect_conf_read(struct collect_cli *c, const char *section, struct flow_err *err);

/* The -h text (with the trailing space after "[options]", as nfcapd). */
int collect_cli_usage(enum flow_decoder_kind kind, const char *prog, char *buf, size_t len);

#endif
