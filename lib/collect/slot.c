/*
 * Time slots and the names of finished files (format.md §7.1-7.2):
 * slots are aligned on the UNIX epoch, names and sub directories are the
 * slot start in local time, as nfcapd 1.7.1 writes them.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "collect/collect.h"
#include "select/select.h"
#include "util/banned.h"

time_t collect_slot_start(time_t t, unsigned interval)
{
	if (interval == 0)
		return t;
	return t - t % (time_t)interval;
}

/* A literal format per case, so the compiler checks each one. */
static size_t stamp(const struct tm *tm, unsigned interval, int tz, char *buf, size_t len)
{
	if (interval < 60)
		return tz ? strftime(buf, len, "nfcapd.%Y%m%d%H%M%S%z", tm)
			  : strftime(buf, len, "nfcapd.%Y%m%d%H%M%S", tm);
	return tz ? strftime(buf, len, "nfcapd.%Y%m%d%H%M%z", tm)
		  : strftime(buf, len, "nfcapd.%Y%m%d%H%M", tm);
}

int collect_slot_name(time_t slot, unsigned interval, int tz, char *buf, size_t len,
		      struct flow_err *err)
{
	struct tm tm;

	if (!localtime_r(&slot, &tm))
		return flow_errorf(err, FLOW_EINVAL, "cannot convert time %lld", (long long)slot);
	if (stamp(&tm, interval, tz, buf, len) == 0)
		return flow_errorf(err, FLOW_EINVAL, "file name does not fit in %zu bytes", len);
	return 0;
}

int collect_slot_path(const char *dir, int layout, time_t slot, unsigned interval, int tz,
		      char *buf, size_t len, const char **rel, struct flow_err *err)
{
	char sub[64], name[64];
	size_t dl = strlen(dir);
	int rc = flow_subdir_path(layout, slot, sub, sizeof(sub), err);

	if (rc == 0)
		rc = collect_slot_name(slot, interval, tz, name, sizeof(name), err);
	if (rc < 0)
		return rc;

	int n = snprintf(buf, len, "%s/%s%s%s", dir, sub, sub[0] ? "/" : "", name);

	if (n < 0 || (size_t)n >= len)
		return flow_errorf(err, FLOW_EINVAL, "%s/%s: path too long", dir, name);
	if (rel)
		*rel = buf + dl + 1;
	return 0;
}

int collect_mkdirs(const char *path, struct flow_err *err)
{
	char tmp[4096];
	size_t n = strlen(path);

	if (n >= sizeof(tmp))
		return flow_errorf(err, FLOW_EINVAL, "%s: path too long", path);
	memcpy(tmp, path, n + 1);

	char *end = strrchr(tmp, '/');

	if (!end || end == tmp)
		return 0;
	*end = '\0';
	/* Walk forward: each prefix that is missing is created. */
	for (char *p = tmp + 1; ; p++) {
		if (*p != '/' && *p != '\0')
			continue;
		char c = *p;

		*p = '\0';
		if (mkdir(tmp, 0755) < 0 && errno != EEXIST)
			return flow_errorf_errno(err, FLOW_EIO, "Failed to create sub hier directories: %s",
						 tmp);
		*p = c;
		if (c == '\0')
			break;
	}
	return 0;
}
