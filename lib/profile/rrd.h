/*
 * rrd.h - the channel RRD files nfsen keeps per profile channel
 * (reference/nfsen.md §3.5), through librrd.
 *
 * Every channel RRD has the same 15 data sources (flows, packets and
 * traffic, each total/tcp/udp/icmp/other), ABSOLUTE with heartbeat 600,
 * step 300, and the same eight RRAs; the value of slot [T, T+300) is
 * written at time T, as nfsen and nfprofile do, so existing graphs and
 * frontends read our files unchanged.
 */
#ifndef FLOW_PROFILE_RRD_H
#define FLOW_PROFILE_RRD_H

#include <stdint.h>
#include <time.h>

#include "record/stat.h"
#include "util/err.h"

#define CHANNEL_RRD_DS 15

/* The data source names in their fixed order (flows, flows_tcp, ... traffic_other). */
extern const char *const channel_rrd_ds[CHANNEL_RRD_DS];

/*
 * Create path with --start tstart-300 (replacing an existing file when
 * force is set, failing with FLOW_EIO "exists" otherwise).
 */
int channel_rrd_create(const char *path, time_t tstart, int force, struct flow_err *err);

/* Write the slot starting at t: the 15 counters in channel_rrd_ds order. */
int channel_rrd_update(const char *path, time_t t, const uint64_t v[CHANNEL_RRD_DS],
		       struct flow_err *err);

/* The 15 counters of a stat record, in channel_rrd_ds order (bytes -> traffic). */
void channel_rrd_values(const struct flow_stat *s, uint64_t v[CHANNEL_RRD_DS]);

#endif
