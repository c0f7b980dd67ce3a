/*
 * The -S sub directory layouts (format.md §7.2) and nfdump's guessing of
 * a file's sub directory from the time stamp in its name.
 */
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "select/select_int.h"
#include "util/banned.h"

/*
 * strftime of layout 1..8 (same table in nfdump 1.6.25, 1.7.1, 1.7.8;
 * index = -S value).  A switch of literal formats, so that the compiler
 * checks each one (-Wformat-nonliteral).
 */
static size_t layout_time(int layout, const struct tm *tm, char *buf, size_t len)
{
	switch (layout) {
	case 1: return strftime(buf, len, "%Y/%m/%d", tm);
	case 2: return strftime(buf, len, "%Y/%m/%d/%H", tm);
	case 3: return strftime(buf, len, "%Y/%W/%u", tm);
	case 4: return strftime(buf, len, "%Y/%W/%u/%H", tm);
	case 5: return strftime(buf, len, "%Y/%j", tm);
	case 6: return strftime(buf, len, "%Y/%j/%H", tm);
	case 7: return strftime(buf, len, "%F", tm);
	case 8: return strftime(buf, len, "%F/%H", tm);
	}
	return 0;
}

/* Layout 0..8 into buf; 0, or -1 when it does not fit. */
static int format_layout(int layout, const struct tm *tm, char *buf, size_t len)
{
	if (len == 0)
		return -1;
	buf[0] = '\0';
	if (layout == 0)
		return 0;
	return layout_time(layout, tm, buf, len) == 0 ? -1 : 0;
}

int flow_subdir_path(int layout, time_t t, char *buf, size_t len, struct flow_err *err)
{
	struct tm tm;

	if (layout < 0 || layout > FLOW_SUBDIR_MAX)
		return flow_errorf(err, FLOW_EINVAL, "No such subdir level %d", layout);
	if (localtime_r(&t, &tm) == NULL)
		return flow_errorf(err, FLOW_EINVAL, "cannot convert time %lld", (long long)t);
	if (format_layout(layout, &tm, buf, len) < 0)
		return flow_errorf(err, FLOW_EINVAL, "sub directory of level %d does not fit in %zu bytes",
				   layout, len);
	return 0;
}

/* Two digits at s as a number. */
static int num2(const char *s)
{
	return (s[0] - '0') * 10 + (s[1] - '0');
}

/*
 * The local time named by nfcapd.YYYYMMDDhhmm[ss].  nfdump checks only
 * the length (19 or 21) and the prefix; we also require the digits
 * (cli.md §0), as atoi() of anything else is meaningless.
 */
static int name_time(const char *name, struct tm *tm)
{
	size_t len = strlen(name);
	time_t t;

	if ((len != 19 && len != 21) || strncmp(name, "nfcapd.", 7) != 0)
		return -1;
	if (strspn(name + 7, "0123456789") != len - 7)
		return -1;
	memset(tm, 0, sizeof(*tm));
	tm->tm_year = num2(name + 7) * 100 + num2(name + 9) - 1900;
	tm->tm_mon = num2(name + 11) - 1;
	tm->tm_mday = num2(name + 13);
	tm->tm_hour = num2(name + 15);
	tm->tm_min = num2(name + 17);
	tm->tm_sec = len == 21 ? num2(name + 19) : 0;
	tm->tm_isdst = -1;
	t = mktime(tm);
	if (t == (time_t)-1 || localtime_r(&t, tm) == NULL)
		return -1;
	return 0;
}

/* Is dir/sub/name a regular file?  Built as nfdump does: "%s/%s/%s". */
static int is_file_in(const char *dir, const char *sub, const char *name)
{
	char path[4096];
	struct stat st;
	int n = snprintf(path, sizeof(path), "%s/%s/%s", dir, sub, name);

	if (n < 0 || (size_t)n >= sizeof(path))
		return 0;
	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/*
 * nfdump's GuessSubDir() tries layout 0 too ("dir//name"); where it is
 * called after a failed stat of dir/name that cannot hit, but in the -R
 * range code it can, and then means "no sub directory".
 */
int sel_guess_subdir(const char *dir, const char *name, int from, char *sub, size_t len)
{
	struct tm tm;

	if (name_time(name, &tm) < 0)
		return 0;
	for (int i = from; i <= FLOW_SUBDIR_MAX; i++) {
		if (format_layout(i, &tm, sub, len) < 0)
			continue;
		if (is_file_in(dir, sub, name))
			return 1;
	}
	return 0;
}

int flow_subdir_guess(const char *dir, const char *name, char *buf, size_t len)
{
	char sub[64];
	int n;

	if (!sel_guess_subdir(dir, name, 1, sub, sizeof(sub)))
		return 0;
	n = snprintf(buf, len, "%s/%s/%s", dir, sub, name);
	return n >= 0 && (size_t)n < len;
}
