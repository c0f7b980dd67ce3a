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
#include "profile/store.h"

#define SEN_VERSION "1.3.11"		/* what nfsen frontends expect from get-globals */

struct sen {
	const char *prog;		/* argv[0] as given, for messages */
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

/* nfsen's socket commands and their output; returns the exit code. */
int sen_cli(struct sen *s, int argc, char **argv);

/* Run the daemon (nfsend): socket server and periodic cycle. */
int sen_daemon(struct sen *s, int foreground);

/* One periodic cycle for the slot starting at t (nfsend's cycle, §4.2). */
int sen_cycle(struct sen *s, time_t t, struct flow_err *err);

/* Create profile live from %sources when the tree has none (install.pl's job). */
int sen_ensure_live(struct sen *s, struct flow_err *err);

/* The handler tables the daemon serves (cmd_profile.c, cmd_info.c). */
extern const struct comm_handler sen_profile_handlers[];
extern const size_t sen_profile_nhandlers;
extern const struct comm_handler sen_info_handlers[];
extern const size_t sen_info_nhandlers;

/* Log a line: syslog when daemonised, stderr in the foreground. */
void sen_log(int prio, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Helpers shared by the handler files. */
const char *req_str(const struct comm_request *req, const char *key);

#endif
