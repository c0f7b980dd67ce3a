/*
 * statinfo.h - the 15 channel counters of a time range, as the Details
 * tab shows them (get-statinfo, get-peek; reference/nfsen.md §5.3).
 *
 * Real profiles: the sums of the stat records of the channel's slot
 * files (what nfsend read with "nfdump -I"), read from the file headers
 * only.  Shadow profiles have no files: the RRD's MAX rows times the
 * cycle time, as nfsend's ReadRRDStatInfo.  Values come in
 * channel_rrd_ds order (flows, flows_tcp, ... traffic_other).
 */
#ifndef FLOW_PROFILE_STATINFO_H
#define FLOW_PROFILE_STATINFO_H

#include <stdint.h>
#include <time.h>

#include "profile/rrd.h"
#include "util/err.h"

/*
 * Slots t0..t1 (step cycle) of the channel directory chandir with
 * SUBDIRLAYOUT layout.  A range with no readable file, or a single slot
 * whose file is missing, fails with FLOW_ENOENT (nfdump's exit 250).
 */
int statinfo_files(const char *chandir, int layout, time_t t0, time_t t1, unsigned cycle,
		   uint64_t v[CHANNEL_RRD_DS], struct flow_err *err);

/* Rows t0-cycle..t1-cycle of the channel RRD, MAX, each times cycle. */
int statinfo_rrd(const char *rrdpath, time_t t0, time_t t1, unsigned cycle,
		 uint64_t v[CHANNEL_RRD_DS], struct flow_err *err);

#endif
