/*
 * statinfo.c - channel counters of a time range (statinfo.h).  Only the
 * file headers are read (nffile_stat), so even a day's range answers
 * well within the frontend's two seconds.
 */
#include <limits.h>
#include <math.h>
#include <rrd.h>
#include <stdio.h>
#include <string.h>

#include "file/nffile.h"
#include "profile/statinfo.h"
#include "select/select.h"

static int slot_path(const char *dir, int layout, time_t t, char *buf, size_t cap,
		     struct flow_err *err)
{
	char sub[64], iso[16];
	struct tm tm;
	int n;

	if (flow_subdir_path(layout, t, sub, sizeof(sub), err) < 0)
		return -1;
	localtime_r(&t, &tm);
	strftime(iso, sizeof(iso), "%Y%m%d%H%M", &tm);
	n = sub[0] ? snprintf(buf, cap, "%s/%s/nfcapd.%s", dir, sub, iso) :
		     snprintf(buf, cap, "%s/nfcapd.%s", dir, iso);
	if (n < 0 || (size_t)n >= cap)
		return flow_errorf(err, FLOW_EINVAL, "path too long");
	return 0;
}

int statinfo_files(const char *chandir, int layout, time_t t0, time_t t1, unsigned cycle,
		   uint64_t v[CHANNEL_RRD_DS], struct flow_err *err)
{
	struct flow_stat sum;
	char path[PATH_MAX];
	unsigned found = 0;
	time_t t;

	memset(v, 0, sizeof(uint64_t) * CHANNEL_RRD_DS);
	if (cycle == 0 || t1 < t0)
		return flow_errorf(err, FLOW_EINVAL, "bad time range");
	flow_stat_init(&sum);
	for (t = t0; t <= t1; t += cycle) {
		struct nffile_info info;
		struct flow_err ferr = { 0 };

		if (slot_path(chandir, layout, t, path, sizeof(path), err) < 0)
			return -1;
		/* nfdump -R skips missing files; -r of one missing file fails */
		if (nffile_stat(path, &info, &ferr) < 0)
			continue;
		flow_stat_merge(&sum, &info.stat);
		found++;
	}
	if (!found)
		return flow_errorf(err, FLOW_ENOENT, "no file for the requested time slot");
	channel_rrd_values(&sum, v);
	return 0;
}

int statinfo_rrd(const char *rrdpath, time_t t0, time_t t1, unsigned cycle,
		 uint64_t v[CHANNEL_RRD_DS], struct flow_err *err)
{
	time_t start = t0 - (time_t)cycle, end = t1 - (time_t)cycle;
	unsigned long step = 0, nds = 0, row, i;
	char **names = NULL;
	rrd_value_t *data = NULL;
	size_t k;

	memset(v, 0, sizeof(uint64_t) * CHANNEL_RRD_DS);
	rrd_clear_error();
	if (rrd_fetch_r(rrdpath, "MAX", &start, &end, &step, &nds, &names, &data) != 0)
		return flow_errorf(err, FLOW_EIO, "%s", rrd_get_error());
	for (row = 0; step && row < (unsigned long)(end - start) / step; row++)
		for (i = 0; i < nds; i++) {
			rrd_value_t x = data[row * nds + i];

			if (isnan(x))
				continue;
			for (k = 0; k < CHANNEL_RRD_DS; k++)
				if (strcmp(names[i], channel_rrd_ds[k]) == 0)
					v[k] += (uint64_t)(x * cycle);
		}
	for (i = 0; i < nds; i++)
		rrd_freemem(names[i]);
	rrd_freemem(names);
	rrd_freemem(data);
	return 0;
}
