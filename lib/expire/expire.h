/*
 * expire.h - nfexpire's bookkeeping of a flow directory (cli.md §7): the
 * .nfstat file, the rescan of a directory's flow files, and expiry by
 * size and lifetime with a low watermark.  Used by the collectors' -e
 * after every rotation, and meant for sen's nfexpire.
 *
 * Flow files are regular files named "nfcapd." + 12 or 14 digits, in the
 * directory or in sub directories whose names start with a digit; their
 * time is the stamp in the name (local time), their size 512 x st_blocks.
 * Nothing here prints; .nfstat is locked with fcntl while it is read,
 * changed and written.
 */
#ifndef FLOW_EXPIRE_EXPIRE_H
#define FLOW_EXPIRE_EXPIRE_H

#include <signal.h>
#include <stdint.h>
#include <time.h>

#include "util/err.h"

#define NFSTAT_OK 0
#define NFSTAT_REBUILD 3

struct nfstat {
	uint64_t first, last;	/* UNIX seconds of the oldest and newest slot */
	uint64_t size;		/* bytes */
	uint64_t maxsize;	/* 0 = none */
	uint64_t numfiles;
	uint64_t lifetime;	/* seconds, 0 = none */
	unsigned watermark;	/* percent; 0 is taken as 95 when expiring */
	unsigned status;	/* NFSTAT_OK or NFSTAT_REBUILD */
};

struct expire_result {
	uint64_t files, bytes;
};

/*
 * Parse .nfstat text (key=value lines, in any order; nfexpire's rules for
 * defaults and the sanity check: a missing key gives watermark 95 and
 * status 3).  Returns 0.
 */
int nfstat_parse(const char *text, struct nfstat *s);
/*
 * As nfstat_parse, passing nfexpire's remarks to note (when not NULL):
 * "comment: '<line>'", "Invalid config key: '<key>'", "Invalid config
 * line: '<line>'".
 */
int nfstat_parse_noted(const char *text, struct nfstat *s, void (*note)(void *ctx, const char *msg),
		       void *ctx);
/* The text nfexpire writes, keys in its order. */
int nfstat_format(const struct nfstat *s, char *buf, size_t len);

/* Time of a flow file name "nfcapd.YYYYMMDDhhmm[ss]" (local), or -1. */
time_t expire_file_time(const char *name);

/* Recount first/last/size/numfiles from the files below dir. */
int expire_rescan(const char *dir, struct nfstat *s, struct flow_err *err);

/*
 * Delete the oldest files until size <= watermark% of maxsize and no file
 * is older than now - watermark% of lifetime (nfexpire -e; the check
 * runs only when a limit is exceeded).  Updates s; removes emptied sub
 * directories, never dir itself.
 */
int expire_dir(const char *dir, struct nfstat *s, uint64_t maxsize, uint64_t lifetime,
	       time_t now, struct expire_result *res, struct flow_err *err);

/*
 * The collector's -e step after finishing file (of slot) in dir: lock
 * and read .nfstat (rescan when missing or marked for rebuild, else add
 * the file), expire by the limits stored there, write it back.
 */
int expire_collector_update(const char *dir, const char *file, time_t slot,
			    struct expire_result *res, struct flow_err *err);

/*
 * nfprofile's bookkeeping of a new file (of slot) in dir: no rescan and
 * no expiry, only counting it in when slot is newer than the last one
 * (slot 0, nfprofile without -t, counts nothing).  A missing .nfstat is
 * started as nfprofile 1.7.1 starts it: all 0 (first = 0 makes the next
 * nfexpire rebuild it).
 */
int expire_nfstat_add(const char *dir, const char *file, time_t slot, struct flow_err *err);

/*
 * Read dir/.nfstat under an fcntl read lock into s (nfstat_parse_noted
 * rules, remarks to note).
 * Returns 1 when read, 0 when there is none (s is then the parse of an
 * empty text: status NFSTAT_REBUILD), negative on other errors.
 */
int expire_load_nfstat(const char *dir, struct nfstat *s, void (*note)(void *ctx, const char *msg),
		       void *ctx, struct flow_err *err);

/*
 * nfexpire -T and its signals: once *flag is non-zero, expire_dir and
 * expire_profile delete nothing more and return with the bookkeeping of
 * what is left.  The flag is process-wide (a signal handler sets it);
 * NULL, the default, never stops.
 */
void expire_set_stop(const volatile sig_atomic_t *flag);

/* Write s as dir/.nfstat under an fcntl lock. */
int expire_store_nfstat(const char *dir, const struct nfstat *s, struct flow_err *err);

/*
 * nfexpire -p -e: expire the channel directories of one profile together
 * (oldest file of any channel first) down to watermark% of maxsize bytes
 * and lifetime seconds (0 = no limit; watermark 0 = 100).  total gets the
 * summed size and the oldest/newest slot left; every channel's .nfstat is
 * rewritten.
 */
int expire_profile(const char *const *dirs, size_t n, uint64_t maxsize, uint64_t lifetime,
		   unsigned watermark, time_t now, struct nfstat *total,
		   struct expire_result *res, struct flow_err *err);

#endif
