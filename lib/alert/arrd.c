/*
 * arrd.c - an alert's three average RRDs, avg-flows.rrd, avg-packets.rrd
 * and avg-bytes.rrd, with nfsen's data sources (the slot's value and the
 * six averages) and archives (NfSenRRD.pm SetupAlertRRD).
 */
#include <inttypes.h>
#include <rrd.h>
#include <stdio.h>
#include <string.h>

#include "alert/alert.h"
#include "alert/arrd.h"
#include "util/banned.h"

static const char *const ds_name[7] = { "last", "avg10m", "avg30m", "avg1h",
					"avg6h", "avg12h", "avg24h" };
static const char *const value_name[ALERT_NVALUES] = { "flows", "packets", "bytes" };
/* 30 days of 5 min and of 30 min values, average and maximum */
static const char *const rra[] = {
	"RRA:AVERAGE:0.5:1:8640", "RRA:AVERAGE:0.5:6:1440",
	"RRA:MAX:0.5:1:8640", "RRA:MAX:0.5:6:1440",
};

static void rrd_path(const char *dir, int v, char *buf, size_t cap)
{
	snprintf(buf, cap, "%s/avg-%s.rrd", dir, value_name[v]);
}

static int fail(struct flow_err *err, const char *what, const char *path)
{
	const char *msg = rrd_get_error();

	return flow_errorf(err, FLOW_EIO, "%s %s: %s", what, path, msg && *msg ? msg : "librrd failed");
}

int alert_rrd_create(const char *dir, time_t start, struct flow_err *err)
{
	char ds[7][40], path[4096];
	const char *argv[11];
	int v, i;

	for (i = 0; i < 7; i++) {
		snprintf(ds[i], sizeof(ds[i]), "DS:%s:ABSOLUTE:600:U:U", ds_name[i]);
		argv[i] = ds[i];
	}
	for (i = 0; i < 4; i++)
		argv[7 + i] = rra[i];
	for (v = 0; v < ALERT_NVALUES; v++) {
		rrd_path(dir, v, path, sizeof(path));
		rrd_clear_error();
		if (rrd_create_r(path, 300, start, 11, argv) != 0)
			return fail(err, "create", path);
	}
	return 0;
}

int alert_rrd_update(const char *dir, time_t t, const struct alert_state *st,
		     struct flow_err *err)
{
	char path[4096], tmpl[96], val[8 * 24 + 24];
	const char *argv[1] = { val };
	int v, i, n;

	snprintf(tmpl, sizeof(tmpl), "last:avg10m:avg30m:avg1h:avg6h:avg12h:avg24h");
	for (v = 0; v < ALERT_NVALUES; v++) {
		n = snprintf(val, sizeof(val), "%lld:%" PRIu64, (long long)t, st->last[v][0]);
		for (i = 0; i < 6; i++)
			n += snprintf(val + n, sizeof(val) - (size_t)n, ":%" PRIu64, st->avg[i][v]);
		rrd_path(dir, v, path, sizeof(path));
		rrd_clear_error();
		if (rrd_update_r(path, tmpl, 1, argv) != 0)
			return fail(err, "update", path);
	}
	return 0;
}
