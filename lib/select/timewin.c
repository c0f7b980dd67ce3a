/*
 * The -t time window: parsing (cli.md §1.3.2) and the flow and file tests.
 *
 * Facts checked with Debian nfdump 1.7.1 (TZ=UTC, sample A):
 *   "2023/11/14.22:13:12-2023/11/14.22:14" passes the three flows with
 *   first >= 22:13:12.000 and last <= 22:14:00, so both ends are inclusive;
 *   "2023/13" -> "Month out of range: '13'"; "2023/1/14" -> "Time format
 *   error: '1' unexpected."; "2023/11/14x" -> "Time format error at '14x':
 *   unexpected character: 'x'."; "1969" -> "Year out of range: '1969'";
 *   "abc" -> "Time string format error 'abc'".  1.7.1 prints these and
 *   goes on with that bound zero (no filter); like 1.7.8 we fail instead.
 *   1.7.1 rejects ".500" milliseconds and ISO dates, and takes "+N"/"-N"
 *   as relative seconds; we take .mmm and ISO as 1.7.8 does and reject
 *   +N/-N as 1.7.8 does.
 */
#include <string.h>
#include <time.h>

#include "select/select.h"
#include "util/banned.h"

/* One part of yyyy/MM/dd.hh:mm:ss.mmm and the characters that end it. */
struct tfield {
	const char *name;
	int width, min, max;
	const char *ends;
};

/* nfdump's names in its "... out of range" messages. */
static const struct tfield tfields[] = {
	{ "Year", 4, 1970, 2038, "/-" },
	{ "Month", 2, 1, 12, "/-" },
	{ "Day", 2, 1, 31, ".T " },
	{ "Hour", 2, 0, 23, ":" },
	{ "Minute", 2, 0, 59, ":" },
	{ "Seconds", 2, 0, 59, "." },
	{ "Milliseconds", 3, 0, 999, "" },
};

#define NFIELDS (sizeof(tfields) / sizeof(tfields[0]))

/* Check one token (n chars at tok) as nfdump's check_number() does. */
static int parse_field(const struct tfield *f, const char *tok, size_t n, int *val,
		       struct flow_err *err)
{
	int v = 0;

	for (size_t i = 0; i < n; i++) {
		if (tok[i] < '0' || tok[i] > '9')
			return flow_errorf(err, FLOW_EINVAL,
					   "Time format error at '%.*s': unexpected character: '%c'.",
					   (int)n, tok, tok[i]);
		v = v * 10 + (tok[i] - '0');
	}
	if (n != (size_t)f->width)
		return flow_errorf(err, FLOW_EINVAL, "Time format error: '%.*s' unexpected.",
				   (int)n, tok);
	if (v < f->min || v > f->max)
		return flow_errorf(err, FLOW_EINVAL, "%s out of range: '%i'", f->name, v);
	*val = v;
	return 0;
}

/* Split s into its fields; parts left out keep their defaults in v. */
static int parse_fields(const char *s, int v[NFIELDS], struct flow_err *err)
{
	const char *p = s;

	for (size_t i = 0; i < NFIELDS; i++) {
		size_t n = strcspn(p, tfields[i].ends);
		int rc = parse_field(&tfields[i], p, n, &v[i], err);

		if (rc < 0)
			return rc;
		if (p[n] == '\0')
			break;
		p += n + 1;
	}
	return 0;
}

/* One point in time, local time, as ms since the epoch. */
static int parse_time(const char *s, uint64_t *ms, struct flow_err *err)
{
	int v[NFIELDS] = { 0, 1, 1, 0, 0, 0, 0 };
	struct tm tm = { 0 };
	time_t t;
	int rc;

	if (strlen(s) < 4)
		return flow_errorf(err, FLOW_EINVAL, "Not a date/time string: %s", s);
	rc = parse_fields(s, v, err);
	if (rc < 0)
		return rc;
	tm.tm_year = v[0] - 1900;
	tm.tm_mon = v[1] - 1;
	tm.tm_mday = v[2];
	tm.tm_hour = v[3];
	tm.tm_min = v[4];
	tm.tm_sec = v[5];
	tm.tm_isdst = -1;
	t = mktime(&tm);
	if (t == (time_t)-1)
		return flow_errorf(err, FLOW_EINVAL, "Failed to convert string '%s'", s);
	/* 1970-01-01 local time east of UTC is before the epoch */
	*ms = t < 0 ? 0 : (uint64_t)t * 1000 + (uint64_t)v[6];
	return 0;
}

/*
 * The '-' between start and end: nfdump splits at the first '-', which
 * breaks ISO dates; we split at the first '-' followed by four digits (a
 * year), the same place for every legacy range.
 */
static char *range_dash(char *s)
{
	for (char *p = strchr(s, '-'); p; p = strchr(p + 1, '-'))
		if (strspn(p + 1, "0123456789") >= 4)
			return p;
	return NULL;
}

int flow_timewin_parse(const char *arg, struct flow_timewin *tw, struct flow_err *err)
{
	char buf[128];
	char *dash;
	struct flow_timewin w = { 0 };
	int rc;

	memset(tw, 0, sizeof(*tw));
	if (arg == NULL || strlen(arg) < 4)
		return flow_errorf(err, FLOW_EINVAL, "Time string format error '%s'",
				   arg ? arg : "NullString");
	if (strlen(arg) >= sizeof(buf))
		return flow_errorf(err, FLOW_EINVAL, "Time string too long: %s", arg);
	memcpy(buf, arg, strlen(arg) + 1);
	dash = range_dash(buf);
	if (dash)
		*dash++ = '\0';
	rc = parse_time(buf, &w.start_ms, err);
	if (rc == 0 && dash)
		rc = parse_time(dash, &w.end_ms, err);
	if (rc < 0)
		return rc;
	w.has_start = 1;
	w.has_end = dash != NULL;
	*tw = w;
	return 0;
}

int flow_timewin_match(const struct flow_timewin *tw, uint64_t msec_first, uint64_t msec_last)
{
	if (tw == NULL)
		return 1;
	if (tw->has_start && msec_first < tw->start_ms)
		return 0;
	return !(tw->has_end && msec_last > tw->end_ms);
}

/*
 * nfdump compares whole seconds (window end < file first / 1000); in ms
 * the test is finer but only skips files that cannot hold a match.
 */
int flow_timewin_overlaps(const struct flow_timewin *tw, uint64_t first_ms, uint64_t last_ms)
{
	if (tw == NULL)
		return 1;
	if (tw->has_end && tw->end_ms < first_ms)
		return 0;
	return !(tw->has_start && tw->start_ms > last_ms);
}
