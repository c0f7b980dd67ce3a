/*
 * collect.h - the collector daemon's engine, shared by capd (NetFlow v1/
 * v5/v7/v9, IPFIX) and sfcapd (sFlow): one UDP socket, a receive loop that
 * feeds datagrams to the decoders of lib/proto, and the capture cycle of
 * nfcapd 1.7.1 (cli.md §1.1.1, format.md §7):
 *
 *   - each flow source (-w/-l with -I, each -n ident,IP,dir or config
 *     file exporter, each exporter address under -M dir) writes
 *     <dir>/nfcapd.current.<pid>; every -t seconds, aligned to the UNIX
 *     epoch, the file is finished and renamed to <dir>/<-S subdir>/
 *     nfcapd.<slot start, local time>, also when no flow arrived;
 *   - every file starts with the exporter (type 7) and sampler (type 15)
 *     records of all known exporters and ends with the exporter stat
 *     record (type 8), the ident and the stat appendix;
 *   - the receive thread reads datagrams in recvmmsg batches (the kernel
 *     may coalesce one sender's datagrams, UDP GRO; they are split again),
 *     repeats them (-R), decodes them and fills 1 MB blocks; one writer
 *     thread compresses and writes them, finishes files, runs -x and -e;
 *   - the socket is bound to -b, or to the multicast group of -J, which
 *     it joins;
 *   - one collector per flow directory (a lock on the directory), and an
 *     nfcapd.current.* left by a killed collector is recovered at start;
 *   - a partly filled block is handed over at least every 10 s, so the
 *     .current file of a running interval reads with `dump -r`;
 *   - SIGTERM/SIGINT/SIGHUP finish the current file and return; SIGUSR1
 *     logs the exporter statistics (nfcapd 1.7.1 would die of it).
 *
 * Nothing here prints on its own: every message goes through the log
 * callback of struct collect_config (collect_log_* give the usual ones).
 * Ownership: the strings in a config belong to the caller and must stay
 * valid during collect_run().
 */
#ifndef FLOW_COLLECT_COLLECT_H
#define FLOW_COLLECT_COLLECT_H

#include <stdarg.h>
#include <stdint.h>
#include <sys/socket.h>
#include <time.h>

#include "proto/decode.h"
#include "util/err.h"

#define COLLECT_MAX_SOURCES 64
#define COLLECT_MAX_REPEATERS 8	/* nfcapd: "Max 8 repeaters" */
#define COLLECT_FLUSH_SECONDS 10	/* .current holds data at most this old */

/* syslog priorities, so callers need not include syslog.h */
enum collect_prio { COLLECT_ERR = 3, COLLECT_WARN = 4, COLLECT_INFO = 6, COLLECT_DEBUG = 7 };

struct collect_log {
	void (*fn)(void *ctx, int prio, const char *msg);
	void *ctx;
	int verbose;		/* -v count: DEBUG lines only when > 0 */
};

/* Log through l (NULL: dropped).  Messages are one line, no newline. */
void collect_logf(const struct collect_log *l, int prio, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* The usual sinks: stderr (foreground) or syslog (daemon, ident = prog). */
void collect_log_stderr(void *ctx, int prio, const char *msg);
void collect_log_syslog(void *ctx, int prio, const char *msg);

/* One flow source: an ident, its directory and (-n) its exporter address. */
struct collect_source_cfg {
	const char *ident;		/* stored in each file; "none" by default */
	const char *dir;		/* absolute flow directory */
	int any;			/* take every exporter (-w/-l) */
	struct sockaddr_storage addr;	/* -n: only datagrams from this address */
	socklen_t addrlen;
};

struct collect_repeater_cfg {
	const char *host;
	const char *port;		/* "9995" by default */
};

struct collect_config {
	enum flow_decoder_kind kind;
	const char *bind_host;		/* -b; NULL = any address */
	const char *port;		/* -p */
	int family;			/* AF_INET (-4, nfcapd 1.7.1's default), AF_INET6, AF_UNSPEC */
	int rcvbuf;			/* -B bytes; 0 = system default */
	unsigned interval;		/* -t seconds */
	int subdir_layout;		/* -S 0..8 */
	int tz_names;			/* -Z: ±hhmm appended to names */
	unsigned compression;		/* enum flow_codec_id */
	int level;
	struct collect_source_cfg src[COLLECT_MAX_SOURCES];
	unsigned nsrc;
	struct collect_repeater_cfg rep[COLLECT_MAX_REPEATERS];
	unsigned nrep;
	const char *launch;		/* -x command with %f %d %t %u %i */
	int expire;			/* -e */
	int sampling;			/* -s; 0 = not given */
	const char *status_file;	/* exporter statistics on SIGUSR1; NULL none */
	const char *mcast_group;	/* -J: join this group, bind to it */
	const char *dyn_dir;		/* -M: a source per new exporter under it */
	unsigned dyn_max;		/* most -M sources; 0 = as many as fit */
	unsigned max_templates;		/* per exporter; 0 = the decoder's 1024 */
	struct collect_log log;
};

/* Sockets bound before privileges are dropped. */
struct collect_net;

/* Bind the listening socket and resolve the repeaters (as root). */
int collect_net_open(struct collect_net **out, const struct collect_config *cfg,
		     struct flow_err *err);
void collect_net_close(struct collect_net *net);
/* "Bound to IPv4 host/IP: 127.0.0.1, Port: 9995" as nfcapd logs it. */
const char *collect_net_describe(const struct collect_net *net);

/*
 * Take every source directory's lock (one collector per directory, with
 * nfcapd's message naming the other one).  Before -D, so the caller sees
 * a refusal; the locks live until the process ends (fds[i] open).
 */
int collect_lock(const struct collect_config *cfg, int *fds, struct flow_err *err);

/*
 * Run until SIGTERM/SIGINT/SIGHUP: recover orphaned nfcapd.current.*
 * files, collect, rotate, and finish the current files.  Blocks those
 * signals (the loop receives them in ppoll) and installs their handlers.
 * Returns 0 after a clean shutdown, negative on a fatal error.
 */
int collect_run(const struct collect_config *cfg, struct collect_net *net,
		struct flow_err *err);

/* --- the capture cycle, exposed for tests and for sen --- */

/* Start of the slot holding t: t - t % interval. */
time_t collect_slot_start(time_t t, unsigned interval);

/*
 * "nfcapd.YYYYMMDDhhmm" for the slot (local time); with seconds when the
 * interval is under 60 s, and "+hhmm" appended when tz is set.
 */
int collect_slot_name(time_t slot, unsigned interval, int tz, char *buf, size_t len,
		      struct flow_err *err);

/*
 * dir/<layout subdir>/name into buf, and the path relative to dir (what
 * -x's %f is) at rel (points into buf).
 */
int collect_slot_path(const char *dir, int layout, time_t slot, unsigned interval, int tz,
		      char *buf, size_t len, const char **rel, struct flow_err *err);

/* mkdir -p of the directory part of path, mode 0755. */
int collect_mkdirs(const char *path, struct flow_err *err);

/*
 * Expand the -x command for one finished file: %f path relative to dir,
 * %d dir, %t slot stamp, %u slot UNIX seconds, %i ident, %% a percent
 * sign.  Splits on blanks into argv (no shell).  An unknown %x is kept
 * as is and reported through log.  Returns argc, or negative.
 */
struct collect_launch_args {
	const char *rel, *dir, *stamp, *ident;
	time_t slot;
};
int collect_launch_expand(const char *cmd, const struct collect_launch_args *a,
			  char *buf, size_t len, char **argv, int maxargs,
			  const struct collect_log *log, struct flow_err *err);

/* Fork and exec argv (no shell, no wait: SIGCHLD reaps).  Returns the pid. */
int collect_launch_spawn(char **argv, struct flow_err *err);

#endif
