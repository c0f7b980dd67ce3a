/*
 * alert.h - nfsen alerts (reference/nfsen.md §6.1): the alert definition
 * as nfsen stores it, its run state, and the evaluation nfsend does for
 * every alert once per cycle.
 *
 *   $PROFILESTATDIR/~<name>/alert.dat           the definition (this file's
 *                                               text format, nfsen's keys)
 *   $PROFILESTATDIR/~<name>/alert.status        run state (sen's text form;
 *                                               nfsen's was a Perl Storable)
 *   $PROFILESTATDIR/~<name>/<name>-filter.txt   the alert's flow filter
 *   $PROFILESTATDIR/~<name>/avg-{flows,packets,bytes}.rrd
 *   $PROFILEDATADIR/~<name>/<name>/nfcapd.<ISO> the slot's filtered flows
 *
 * Memory: every string of struct alert is owned by it (alert_free); the
 * parser never trusts a length or a number in the text.  Nothing here
 * logs, prints or exits: errors come back in struct flow_err, events of
 * an evaluation through the caller's log callback.
 */
#ifndef FLOW_ALERT_ALERT_H
#define FLOW_ALERT_ALERT_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "util/err.h"

#define ALERT_VERSION 130	/* nfsen 1.3.0's alert.dat version */
#define ALERT_SLOTS 288		/* 24 h of 5 min values kept for the averages */
#define ALERT_EVENTS 10		/* trigger times remembered */
#define ALERT_COND_MAX 32	/* the PHP offers 6; nfsen sets no limit */
#define ALERT_NAME_MAX 128
#define ALERT_FILE_MAX (1 << 20)	/* alert.dat is a few hundred bytes */

/* trigger_status bits (nfsen's AlertRunInfo) */
enum alert_trigger_bits {
	ALERT_ARMED = 1 << 0,
	ALERT_COND_TRUE = 1 << 1,
	ALERT_FIRED = 1 << 2,
	ALERT_BLOCKED = 1 << 3,
};

/* action_type bits */
enum alert_action_bits {
	ALERT_ACT_EMAIL = 1 << 0,
	ALERT_ACT_SYSTEM = 1 << 1,
	ALERT_ACT_PLUGIN = 1 << 2,
};

/* The values an alert watches, in nfsen's index order. */
enum alert_value { ALERT_FLOWS, ALERT_PACKETS, ALERT_BYTES, ALERT_NVALUES };

struct alert {
	char **description;		/* lines without the leading "# " */
	size_t ndescription;
	char *name;
	char *status;			/* "enabled" / "disabled" */
	long version, type, trigger_type, trigger_number, trigger_blocks, action_type;
	char *channellist;		/* "a|b" */
	char *action_email, *action_subject, *action_system, *action_plugin;
	char **condition;		/* "op:type:comp:comp_type:stat_type:value:scale" */
	size_t ncondition;
};

/* nfsen's EmptyAlert defaults. */
int alert_init(struct alert *a);
void alert_free(struct alert *a);

/*
 * Parse alert.dat text (nfsen's ReadAlert rules: "# " lines are the
 * description, "key = value" lines, "condition=" repeated, blank lines
 * skipped, an unknown key or a line without '=' is an error; keys not in
 * the file keep their defaults).  a must be alert_init'ed.
 */
int alert_parse(struct alert *a, const char *text, size_t len, struct flow_err *err);
/* alert.dat's text, as nfsen's WriteAlert writes it (caller frees). */
char *alert_format(const struct alert *a);
/* Read/write path under flock (shared/exclusive), as nfsen does. */
int alert_read(const char *path, struct alert *a, struct flow_err *err);
int alert_write(const char *path, const struct alert *a, struct flow_err *err);

/* Set a string field (copied); key is an alert.dat key. */
int alert_set(struct alert *a, const char *key, const char *value, struct flow_err *err);
/* Replace the conditions / description by copies of n lines. */
int alert_set_lines(struct alert *a, int conditions, char *const *lines, size_t n,
		    struct flow_err *err);

/* nfsen's alert name rule: [A-Za-z0-9+_-], not empty, not too long. */
int alert_name_ok(const char *name);

/* Run state: nfsen's AlertRunInfo. */
struct alert_state {
	time_t created, updated;
	unsigned trigger_status;
	char trigger_info[48];
	int final_condition;
	long trigger_blocks;		/* cycles still blocked */
	long cond_cnt;			/* consecutive true cycles */
	uint64_t last[ALERT_NVALUES][ALERT_SLOTS];	/* [0] = this slot */
	uint64_t avg[6][ALERT_NVALUES];	/* 10m 30m 1h 6h 12h 24h */
	time_t events[ALERT_EVENTS];	/* [0] = latest trigger, 0 = none */
	size_t nevent_cond;		/* 0: no last_condition to report */
	int event_cond[ALERT_COND_MAX];
};

void alert_state_init(struct alert_state *st, time_t now, unsigned trigger_status);
/*
 * alert.status: missing or unreadable text is an error (the caller then
 * starts over with alert_state_init, as nfsend does with a bad Storable).
 */
int alert_state_parse(struct alert_state *st, const char *text, size_t len, struct flow_err *err);
char *alert_state_format(const struct alert_state *st);
int alert_state_read(const char *path, struct alert_state *st, struct flow_err *err);
/* Written to a temporary file and renamed, so a reader never sees half. */
int alert_state_write(const char *path, const struct alert_state *st, struct flow_err *err);
/* nfsend's ResetAlertStatus: condition counter and averages to zero. */
void alert_state_reset(struct alert_state *st);

/* A condition line, split and checked. */
struct alert_cond {
	int op;			/* 0 and, 1 or (ignored on the first) */
	int type;		/* value index: see nfsen.md §6.1 */
	int comp;		/* 0 >, 1 <, 2 outside */
	int comp_type;		/* 0 absolute, 1..6 against avg10m..avg24h */
	int stat_type;		/* type 1 alerts: the top-1 statistic */
	uint64_t value;
	int scale;		/* 0..4 powers of 1000, 5 percent of the average */
};

/*
 * Parse and check one condition for an alert of alert_type 0 or 1 with
 * nfsen's limits; the error text is what add-alert replies.
 */
int alert_cond_parse(const char *text, int alert_type, struct alert_cond *c, struct flow_err *err);
/*
 * One condition: what[] holds the compared values (type 0 alerts: flows,
 * packets, bytes, flows/s, packets/s, bits/s; type 1: the top-1 record's
 * flows, packets, bytes, pps, bps, bpp).
 */
int alert_cond_eval(const struct alert_cond *c, const double what[6],
		    const struct alert_state *st, unsigned cycletime);
/* Combine results: and binds tighter than or; ops[0] is ignored. */
int alert_cond_combine(const int *results, const int *ops, size_t n);
/* The six values a type 0 alert compares, from the slot totals. */
void alert_sum_values(const uint64_t v[ALERT_NVALUES], unsigned cycletime, double what[6]);

/*
 * Push the slot's totals onto the history and recompute the averages
 * (the first update fills the whole history with the first values).
 */
void alert_state_push(struct alert_state *st, const uint64_t v[ALERT_NVALUES], time_t t);

/* What the trigger logic decided for this cycle. */
enum alert_step {
	ALERT_STEP_SKIP_ONCE,		/* fired before, once-only: nothing until armed */
	ALERT_STEP_BLOCKED,		/* in its block period: not evaluated */
	ALERT_STEP_EVALUATE,		/* evaluate the conditions, then alert_trigger */
};

/* Before evaluating (after alert_state_push): once-only and block periods. */
enum alert_step alert_before(const struct alert *a, struct alert_state *st);

enum alert_fire {
	ALERT_FALSE,			/* condition false: counter reset */
	ALERT_SUPPRESSED,		/* true, but fired already while true (trigger_type 2) */
	ALERT_COUNTING,			/* true, fewer than trigger_number times in a row */
	ALERT_FIRE,			/* fire: run the actions */
};

/* Apply the final condition to the trigger state; t = slot start. */
enum alert_fire alert_trigger(const struct alert *a, struct alert_state *st, int condition,
			      time_t t);

#endif
