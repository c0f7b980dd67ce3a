/*
 * rrd.c - channel RRD files through librrd (rrd.h).
 *
 * librrd's *_r entry points keep their error text per thread; every call
 * clears it first and copies it into err on failure, so a daemon that
 * updates RRDs from several threads reports the right message.
 */
#include <errno.h>
#include <inttypes.h>
#include <rrd.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "profile/rrd.h"

const char *const channel_rrd_ds[CHANNEL_RRD_DS] = {
	"flows", "flows_tcp", "flows_udp", "flows_icmp", "flows_other",
	"packets", "packets_tcp", "packets_udp", "packets_icmp", "packets_other",
	"traffic", "traffic_tcp", "traffic_udp", "traffic_icmp", "traffic_other",
};

/* 60 days of 5 min, 60 days of 30 min, 60 days of 2 h, 700 days of 1 day. */
static const char *const channel_rra[] = {
	"RRA:AVERAGE:0.5:1:17280", "RRA:AVERAGE:0.5:6:2880",
	"RRA:AVERAGE:0.5:24:720", "RRA:AVERAGE:0.5:288:700",
	"RRA:MAX:0.5:1:17280", "RRA:MAX:0.5:6:2880",
	"RRA:MAX:0.5:24:720", "RRA:MAX:0.5:288:700",
};

#define NRRA (sizeof(channel_rra) / sizeof(channel_rra[0]))

static int rrd_fail(struct flow_err *err, const char *what, const char *path)
{
	const char *msg = rrd_get_error();

	return flow_errorf(err, FLOW_EIO, "%s %s: %s", what, path,
			   msg && *msg ? msg : "librrd failed");
}

int channel_rrd_create(const char *path, time_t tstart, int force, struct flow_err *err)
{
	char ds[CHANNEL_RRD_DS][48];
	const char *argv[CHANNEL_RRD_DS + NRRA];
	struct stat st;
	size_t i;

	if (stat(path, &st) == 0) {
		if (!force)
			return flow_errorf(err, FLOW_EIO, "create %s: file exists", path);
		if (unlink(path) < 0)
			return flow_errorf_errno(err, FLOW_EIO, "create %s: unlink", path);
	}
	for (i = 0; i < CHANNEL_RRD_DS; i++) {
		snprintf(ds[i], sizeof(ds[i]), "DS:%s:ABSOLUTE:600:U:U", channel_rrd_ds[i]);
		argv[i] = ds[i];
	}
	for (i = 0; i < NRRA; i++)
		argv[CHANNEL_RRD_DS + i] = channel_rra[i];
	rrd_clear_error();
	if (rrd_create_r(path, 300, tstart - 300, (int)(CHANNEL_RRD_DS + NRRA), argv) != 0)
		return rrd_fail(err, "create", path);
	return 0;
}

int channel_rrd_update(const char *path, time_t t, const uint64_t v[CHANNEL_RRD_DS],
		       struct flow_err *err)
{
	char tmpl[CHANNEL_RRD_DS * 16], val[CHANNEL_RRD_DS * 21 + 24];
	const char *argv[1] = { val };
	size_t i, n = 0, m;

	tmpl[0] = '\0';
	for (i = 0; i < CHANNEL_RRD_DS; i++)
		n += (size_t)snprintf(tmpl + n, sizeof(tmpl) - n, "%s%s", i ? ":" : "",
				      channel_rrd_ds[i]);
	m = (size_t)snprintf(val, sizeof(val), "%lld", (long long)t);
	for (i = 0; i < CHANNEL_RRD_DS; i++)
		m += (size_t)snprintf(val + m, sizeof(val) - m, ":%" PRIu64, v[i]);
	rrd_clear_error();
	if (rrd_update_r(path, tmpl, 1, argv) != 0)
		return rrd_fail(err, "update", path);
	return 0;
}

void channel_rrd_values(const struct flow_stat *s, uint64_t v[CHANNEL_RRD_DS])
{
	const uint64_t in[CHANNEL_RRD_DS] = {
		s->numflows, s->flows_tcp, s->flows_udp, s->flows_icmp, s->flows_other,
		s->numpackets, s->packets_tcp, s->packets_udp, s->packets_icmp, s->packets_other,
		s->numbytes, s->bytes_tcp, s->bytes_udp, s->bytes_icmp, s->bytes_other,
	};

	memcpy(v, in, sizeof(in));
}
