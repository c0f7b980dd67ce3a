/*
 * sen.h - the parts of sen: the nfsen-compatible CLI (cli.c), the
 * daemon (daemon.c) and the socket command handlers it serves
 * (cmd_profile.c, cmd_info.c).
 */
#ifndef SEN_H
#define SEN_H

#include <pthread.h>
#include <time.h>

#include "comm/server.h"
#include "conf/conf.h"
#include "filter/filter.h"
#include "profile/profiler.h"
#include "profile/store.h"

#define SEN_VERSION "1.3.11"		/* what nfsen frontends expect from get-globals */

struct sen {
	const char *prog;		/* argv[0] as given, for messages */
	const char *conf_path;		/* -C, absolute: the daemon re-executes itself on reload */
	int foreground;
	struct sen_conf conf;
	struct pstore ps;
	/*
	 * nfsend's semaphore: the periodic cycle and the commands that
	 * remove data (delete channel/profile) exclude each other.
	 */
	pthread_mutex_t cycle;
};

/* Load the configuration and set up the profile store. */
int sen_load(struct sen *s, const char *conf_path, struct flow_err *err);
void sen_unload(struct sen *s);

/* -h text (cli.c); man/sen.1 lists the same options. */
void sen_usage(const char *prog);

/* nfsen's socket commands and their output; returns the exit code. */
int sen_cli(struct sen *s, int argc, char **argv);
/* -S / --shell: a raw session on the socket (shell.c); the exit code. */
int sen_shell(struct sen *s);

/* Run the daemon (nfsend): socket server and periodic cycle. */
int sen_daemon(struct sen *s, int foreground);

/* nfsen's direct commands (rc.c, reconfig.c); each returns the exit code. */
int sen_start(struct sen *s, const char *conf_path);
int sen_stop(struct sen *s);
int sen_status(struct sen *s);
int sen_reload(struct sen *s);
int sen_reconfig(struct sen *s, int assume_yes);
/* Collectors and daemon in the foreground until SIGTERM (systemd, containers). */
int sen_run(struct sen *s);
/* Do %sources and live's channels name the same sources? */
int sen_sources_match(struct sen *s);
/* Remember each source's port (to stop it after it is removed). */
void sen_sources_save(struct sen *s);
void sen_restart_collectors(struct sen *s);
/* Restart collectors that died (called by the daemon every few seconds). */
void sen_watch_collectors(struct sen *s);

/* Seconds spent in a cycle: profiling the flows, and RRDs, graphs, expiry. */
struct sen_cycle_times {
	double profiling, after;
};

/* One periodic cycle for the slot starting at t (nfsend's cycle, §4.2). */
int sen_cycle(struct sen *s, time_t t, struct sen_cycle_times *times, struct flow_err *err);

/*
 * The profiler job for slot t over live's sources into channels ch (the
 * per-source arrays are allocated here; sen_slot_job_free frees them).
 */
int sen_slot_job(struct sen *s, const struct profile *live, struct profiler_channel *ch,
		 size_t nch, time_t t, struct profiler_job *job, struct flow_err *err);
void sen_slot_job_free(struct profiler_job *job);

/* A channel's compiled filter file (NULL, logged, when unusable); cycle.c. */
struct flow_filter *sen_load_filter(struct sen *s, const struct pname *pn, const char *ch);
/* $ZIPprofiles as a codec id and level. */
unsigned sen_zip_codec(const char *zip, int *level);

/*
 * Build profile pn from past live data in the background (history.c):
 * commit-profile of a profile whose tstart is before its tend.  Returns
 * the id to report as pid=, or a negative code.
 */
long sen_history_start(struct sen *s, const struct pname *pn, struct flow_err *err);
/* At daemon start: stale locks and the debris of interrupted builds. */
void sen_startup_cleanup(struct sen *s);

/* Create profile live from %sources when the tree has none (install.pl's job). */
int sen_ensure_live(struct sen *s, struct flow_err *err);

/* Ownership as nfsen's (owner.c): $USER:$WWWGROUP, umask 002, when run as root. */
int sen_own(const struct sen *s, const char *path);
void sen_own_tree(const struct sen *s);
int sen_drop_priv(const struct sen *s);
void sen_root_for_exec(void);
void sen_child_drop(void);

/* The handler tables the daemon serves (cmd_profile.c, cmd_info.c). */
extern const struct comm_handler sen_profile_handlers[];
extern const size_t sen_profile_nhandlers;
extern const struct comm_handler sen_info_handlers[];
extern const size_t sen_info_nhandlers;
extern const struct comm_handler sen_modify_handlers[];
extern const size_t sen_modify_nhandlers;
/* The frontend's read side (cmd_graph.c, cmd_stat.c, cmd_nfdump.c, cmd_misc.c). */
extern const struct comm_handler sen_graph_handlers[], sen_stat_handlers[];
extern const struct comm_handler sen_nfdump_handlers[], sen_misc_handlers[];
/* The dump binary run-nfdump and add-filter run (cmd_nfdump.c); 0 when found. */
int sen_dump_bin(const struct sen *s, char *buf, size_t cap);
extern const size_t sen_graph_nhandlers, sen_stat_nhandlers, sen_nfdump_nhandlers,
	sen_misc_nhandlers;

/*
 * Alerts and plugins in the cycle (cmd_alert_cycle.c): prepare adds one
 * profiler channel per enabled alert to a copy of ch; run evaluates the
 * alerts after the profiler and copies ch's results back.
 */
struct sen_alert_cycle;
struct alert_ctx;
void sen_alert_ctx(const struct sen *s, struct alert_ctx *c);
int sen_alert_prepare(struct sen *s, const struct profiler_channel *ch, size_t nch,
		      struct sen_alert_cycle **out, struct flow_err *err);
void sen_alert_run(struct sen *s, struct sen_alert_cycle *ac, struct profiler_channel *ch,
		   time_t t, const char *iso);
void sen_alert_cycle_free(struct sen_alert_cycle *ac);
/* The alert cycle's channels (all of them, for the profiler job). */
struct profiler_channel *sen_alert_channels(struct sen_alert_cycle *ac, size_t *n);
/* Every backend plugin for each profile it is registered for (slot iso). */
void sen_plugins_run(struct sen *s, const char *iso);
/* $HTMLDIR/icons/<name> as a binary reply, if it is there (cmd_graph.c). */
void sen_send_icon(struct sen *s, struct comm_session *cs, const char *name);
/* @get-alertgraph (cmd_alert_graph.c). */
void sen_alert_graph(struct comm_session *cs, const struct comm_request *req, void *ctx);
/*
 * Append the <module>::<command> handlers the plugins offer to the
 * daemon's table h (cmd_alert_plugin.c); their names live until
 * sen_plugin_handlers_free.
 */
struct comm_handler *sen_plugin_handlers_add(struct sen *s, struct comm_handler *h, size_t *n);
void sen_plugin_handlers_free(void);
/* A plugin's capabilities (enum plugin_caps), as it said at daemon start. */
unsigned sen_plugin_caps(struct sen *s, const char *module);
/* The alert commands of the socket (cmd_alert.c). */
extern const struct comm_handler sen_alert_handlers[];
extern const size_t sen_alert_nhandlers;

/* Log a line: syslog when daemonised, stderr in the foreground. */
void sen_log(int prio, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Helpers shared by the handler files (cmd_profile.c). */
const char *req_str(const struct comm_request *req, const char *key);
char **req_lines(const struct comm_request *req, const char *key, size_t *n);
void reply_err(struct comm_session *cs, const struct flow_err *err);
/* Decode and verify the request's profile; on failure the error is replied. */
int request_profile(struct sen *s, struct comm_session *cs, const struct comm_request *req,
		    struct pname *pn, int must_exist);

#endif
