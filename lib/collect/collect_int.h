/*
 * collect_int.h - the parts of lib/collect that talk to each other: the
 * block queue between the receive thread and the writer thread, the per
 * source state, and the socket layer.
 *
 * Threads: the receive thread (the caller of collect_run) owns every
 * field marked "recv"; the writer thread owns the fields marked "writer";
 * they meet only in struct wqueue, under its mutex.  Messages are handled
 * in queue order, so a file's OPEN, BLOCKs and CLOSE arrive in order.
 */
#ifndef FLOW_COLLECT_INT_H
#define FLOW_COLLECT_INT_H

#include <limits.h>
#include <pthread.h>
#include <signal.h>

#include "collect/collect.h"
#include "file/nffile.h"
#include "record/stat.h"

#define COLLECT_BATCH 64	/* datagrams per recvmmsg */
#define WQ_LEN 256		/* queued messages */
#define WQ_MAX_BLOCKS 24	/* 1 MB blocks in flight: bounds memory */

struct cblock {
	uint8_t *data;
	size_t used, cap;
	uint32_t nrec;
	struct cblock *next;	/* free list */
};

enum wmsg_kind { WM_OPEN, WM_BLOCK, WM_CLOSE, WM_QUIT };

struct csource;

struct wmsg {
	enum wmsg_kind kind;
	struct csource *src;
	struct cblock *blk;	/* WM_BLOCK */
	time_t slot;		/* WM_OPEN, WM_CLOSE */
	struct flow_stat stat;	/* WM_CLOSE: the file's flows */
	uint64_t bad;		/* WM_CLOSE: rejected datagrams of the interval */
};

struct wqueue {
	pthread_mutex_t mu;
	pthread_cond_t cv_msg, cv_space, cv_free;
	struct wmsg ring[WQ_LEN];
	unsigned head, count;
	struct cblock *free;
	unsigned nblocks;
	int failed;		/* allocation failed: stop */
};

int wq_init(struct wqueue *q);
void wq_destroy(struct wqueue *q);
/* A free block, waiting for the writer when all are in flight; NULL: no memory. */
struct cblock *wq_block(struct wqueue *q);
void wq_release(struct wqueue *q, struct cblock *b);
void wq_put(struct wqueue *q, const struct wmsg *m);
void wq_take(struct wqueue *q, struct wmsg *m);

struct collector;

struct csource {
	struct collector *c;
	const struct collect_source_cfg *cfg;
	/* recv */
	struct flow_decoder *dec;
	struct flow_decode_sink sink;
	struct cblock *blk;
	struct flow_stat stat;
	uint64_t bad;
	time_t slot;
	/* writer */
	struct nfwriter *w;
	char tmp[PATH_MAX];
	char target[PATH_MAX];
	const char *rel;
	time_t wslot;
};

#define RL_SLOTS 256
struct rl_slot {
	uint8_t addr[16];
	time_t last;
};

/* A -M source: its config lives here, as the collect_config is const. */
struct dyn_source {
	struct collect_source_cfg cfg;
	char ident[64];
	char dir[PATH_MAX];
	int lockfd;
};

struct collector {
	const struct collect_config *cfg;
	struct collect_net *net;
	struct csource src[COLLECT_MAX_SOURCES];	/* the configured ones, then -M's */
	unsigned nsrc;
	struct dyn_source *dyn[COLLECT_MAX_SOURCES];	/* recv */
	unsigned ndyn;
	int dyn_full_logged;
	time_t slot;			/* recv: the running slot, for a new -M source */
	struct wqueue q;
	pthread_t writer;
	uint64_t datagrams, unknown_source, kernel_drops;
	struct rl_slot ratelimit[RL_SLOTS];	/* recv */
};

/* source.c: the receive side of one flow source */
int src_init(struct csource *s, struct collector *c, const struct collect_source_cfg *cfg,
	     struct flow_err *err);
void src_free(struct csource *s);
int src_open(struct csource *s, time_t slot);
int src_close(struct csource *s);
int src_input(struct csource *s, const struct sockaddr *from, socklen_t fromlen,
	      const uint8_t *buf, size_t len, uint64_t now_ms);
/* Hand the partly filled block to the writer (the 10 s flush). */
int src_flush(struct csource *s);

/*
 * dynamic.c: -M, a flow source for a new exporter address in
 * <dyn_dir>/<address with . and : as ->, opened in the running slot.
 * NULL when -M is not given, the limit is reached or it failed (logged).
 */
struct csource *collect_dyn_source(struct collector *c, const struct sockaddr_storage *from);
void collect_dyn_free(struct collector *c);

/* spool.c: the writer thread */
int spool_start(struct collector *c, struct flow_err *err);
void spool_stop(struct collector *c);

/* recover.c: orphaned nfcapd.current.* files of a crashed collector */
int collect_recover(const struct collect_config *cfg, const struct collect_source_cfg *src,
		    struct flow_err *err);
/* Finish w into its target, merging a file already there (nfcapd 1.7.1 appends). */
int collect_finish(struct nfwriter *w, const char *target, struct flow_err *err);

/* lock.c: one collector per flow directory; the fd holds the lock */
int collect_lock_dir(const char *dir, int *fd, struct flow_err *err);

/* net.c */
int collect_net_fd(const struct collect_net *net);
/*
 * Forward n received messages to every repeater (best effort), a
 * coalesced one (gso[i] != 0) as the datagrams it holds.
 */
void collect_net_repeat(struct collect_net *net, struct mmsghdr *msgs, const unsigned *gso,
			unsigned n);

/* after.c: what follows a finished file (-e, -x) */
void collect_after_file(const struct collect_config *cfg, const struct csource *s);

/* signals.c */
struct collect_signals {
	volatile sig_atomic_t stop, usr1, chld;
};
extern struct collect_signals collect_sig;
int collect_signals_install(sigset_t *waitmask);

/* stats.c: SIGUSR1 */
void collect_log_stats(struct collector *c);

/* ratelimit.c: one bad-input line per exporter per minute; 1 = log it */
int collect_ratelimit(struct rl_slot *table, const struct sockaddr *from, socklen_t fromlen,
		      time_t now);

#endif
