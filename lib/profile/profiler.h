/*
 * profiler.h - one slot of nfsen's periodic cycle: what nfprofile does
 * for every channel of every continuous profile, done in-process.
 *
 * For slot T each live source's file nfcapd.<ISO> is read once; every
 * flow goes to each channel whose source list names that source and whose
 * filter matches it (nfprofile builds "(ident s1 or ...) and (filter)";
 * here the source is known from the file, so no ident test is needed).
 * A channel's flows, with the exporter and sampler records, are written
 * to <datadir>/<group>/<profile>/<channel>/<sub>/nfcapd.<ISO> through a
 * temporary file and a rename; its .nfstat gains the file; its RRD gets
 * the slot's 15 counters at T.  Shadow profiles get the RRD only, alert
 * channels (type 8) the file only, in the channel directory itself.
 */
#ifndef FLOW_PROFILE_PROFILER_H
#define FLOW_PROFILE_PROFILER_H

#include <stdint.h>
#include <time.h>

#include "file/nffile.h"
#include "filter/filter.h"
#include "record/stat.h"
#include "util/err.h"

#define PROFILER_ALERT 8	/* nfprofile's type bit for alert channels */

struct profiler_channel {
	const char *group, *profile, *channel;	/* borrowed */
	unsigned type;				/* profile type; PROFILER_ALERT for alerts */
	const char *sourcelist;			/* "a|b"; "" or "*" = every source */
	const struct flow_filter *filter;	/* compiled by the caller */
	/* results */
	struct flow_stat stat;
	uint64_t flows;				/* written (or matched, for shadow) */
	int failed;				/* output or RRD failed (logged) */
};

struct profiler_job {
	time_t slot;
	const char *datadir, *statdir;		/* $PROFILEDATADIR, $PROFILESTATDIR */
	int subdirlayout;
	struct nffile_opts wopts;		/* codec of the channel files */
	const char *const *sources;		/* live channels, in live's order */
	size_t nsources;
	/*
	 * Optional (nfprofile -M/-r): each source's file for the slot; NULL
	 * means <datadir>/live/<source>/<sub>/nfcapd.<ISO>.
	 */
	const char *const *source_files;
	time_t rrd_time;			/* RRD update time: 0 = slot, -1 = none */
	/*
	 * nfprofile's .nfstat handling (expire_nfstat_add at rrd_time, i.e.
	 * -t: count the file in, alert channels too, no rescan, no expiry)
	 * instead of the collector's.
	 */
	int nfstat_add_only;
	struct profiler_channel *ch;
	size_t nch;
	/* results per source: the file's stat record, for live's RRDs */
	struct flow_stat *source_stat;		/* nsources entries, caller's memory */
	int *source_found;			/* nsources entries */
};

/*
 * Run the slot.  Problems with single files or channels are reported
 * through warn (one line each) and counted in failed; the return value is
 * negative only when nothing could be done (out of memory).
 */
int profiler_run(struct profiler_job *job, void (*warn)(void *ctx, const char *msg), void *ctx,
		 struct flow_err *err);

#endif
