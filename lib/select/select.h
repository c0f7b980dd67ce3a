/*
 * select.h - which flow files a reader processes, and in what order
 * (nfdump's -r, -R, -M, -t and the -S sub directory layouts).
 *
 * The rules are nfdump 1.7.1's (format.md §7.2 and §8, cli.md §1.3.1-2),
 * checked against Debian's nfdump 1.7.1; the few places where we differ
 * on purpose are listed in select.c.  The one addition is the 1.7.8 rule
 * that directory walks skip every file whose name begins with '.' (hidden
 * directories are still entered, as in 1.7.1 and 1.7.8), because our
 * writer's temporary files are ".<name>.XXXXXX".
 *
 * Ownership: flow_select() returns a selection the caller frees with
 * flow_selection_free(); the strings it hands out stay valid until then.
 * Nothing here prints or exits; time conversions use the local time zone
 * (TZ) as nfdump does.  Functions are re-entrant (no static state).
 */
#ifndef FLOW_SELECT_SELECT_H
#define FLOW_SELECT_SELECT_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "util/err.h"

/*
 * -t time window, in ms since the epoch.  has_start is set by every
 * successful parse; has_end only when a range end was given.
 */
struct flow_timewin {
	uint64_t start_ms, end_ms;
	int has_start, has_end;
};

/*
 * Parse nfdump's -t argument: yyyy/MM/dd.hh:mm:ss[-yyyy/MM/dd.hh:mm:ss]
 * where trailing parts may be left out (yyyy, yyyy/MM, yyyy/MM/dd, .hh,
 * :mm), with an optional .mmm (milliseconds, as 1.7.6+), or ISO 8601
 * yyyy-MM-ddThh:mm:ss[.mmm].  Local time.  A range is split at the first
 * '-' followed by four digits (a year), so ISO dates are unambiguous.
 * Returns 0, or FLOW_EINVAL with nfdump's message ("Month out of range:
 * '13'", "Time format error at '14x': unexpected character: 'x'.", ...).
 */
int flow_timewin_parse(const char *arg, struct flow_timewin *tw, struct flow_err *err);

/*
 * Does a flow pass?  1.7.1 semantics: msec_first >= start and
 * msec_last <= end, both inclusive; no end means open.  tw NULL: 1.
 */
int flow_timewin_match(const struct flow_timewin *tw, uint64_t msec_first, uint64_t msec_last);

/*
 * Can a file whose stat record spans [first_ms, last_ms] hold a matching
 * flow?  0 means the whole file can be skipped (file ends before the
 * window starts, or starts after it ends).  tw NULL: 1.
 */
int flow_timewin_overlaps(const struct flow_timewin *tw, uint64_t first_ms, uint64_t last_ms);

/* Number of -S layouts: 0 (flat) .. FLOW_SUBDIR_MAX. */
#define FLOW_SUBDIR_MAX 8

/*
 * The sub directory of layout 0..8 for time t (local time), e.g. layout 2
 * gives "2023/11/14/22"; layout 0 gives "".  FLOW_EINVAL "No such subdir
 * level N" for another number, or when buf is too small.
 */
int flow_subdir_path(int layout, time_t t, char *buf, size_t len, struct flow_err *err);

/*
 * nfdump's sub directory guessing: for a bare name nfcapd.YYYYMMDDhhmm or
 * nfcapd.YYYYMMDDhhmmss, try dir/<layout path>/name for layouts 1..8 in
 * order and put the first that is a regular file into buf.  Returns 1
 * found, 0 not (also for any other name, or buf too small).
 */
int flow_subdir_guess(const char *dir, const char *name, char *buf, size_t len);

/* An ordered list of file paths, plus the warnings met while listing. */
struct flow_selection;

/*
 * Build the selection for r = the -r argument, R = -R, M = -M (each NULL
 * when not given):
 *   -r file              that file (a directory is taken as -R dir)
 *   -R dir               every file below dir, recursively
 *   -R dir/first         files in dir only, name >= first
 *   -R dir/first:last    ... and name <= last
 *   -R dir/a/b/first:c/d/last   a range across a sub directory hierarchy;
 *                        a bare last has its sub directory guessed
 *   -M /base/d1:d2 with -r name, -R first[:last] or -R .: the same in
 *                        each directory (sub directory guessed if needed)
 * Files are in walk order: siblings sorted by strcmp, depth first.
 * Errors carry nfdump's messages; a file missing from one -M directory is
 * only a warning.  On error *out is NULL.
 */
int flow_select(struct flow_selection **out, const char *r, const char *R, const char *M,
		struct flow_err *err);

size_t flow_selection_count(const struct flow_selection *s);
/* The i-th path, or NULL past the end. */
const char *flow_selection_path(const struct flow_selection *s, size_t i);

/* Warnings, in order, e.g. "stat() error '<path>': File not found!". */
size_t flow_selection_warning_count(const struct flow_selection *s);
const char *flow_selection_warning(const struct flow_selection *s, size_t i);

void flow_selection_free(struct flow_selection *s);

#endif
