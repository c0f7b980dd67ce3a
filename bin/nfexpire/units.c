/*
 * units.c - nfexpire's -s and -t syntax and its size and time formats,
 * as Debian nfexpire 1.7.1 prints them (messages checked against it by
 * tests/e2e/nfexpire_cli.sh).
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "nfexpire.h"
#include "util/banned.h"

static const char *number(const char *p, double *v)
{
	double scale = 0.1;

	*v = 0;
	while (isdigit((unsigned char)*p))
		*v = *v * 10 + (*p++ - '0');
	if (*p != '.')
		return p;
	for (p++; isdigit((unsigned char)*p); p++, scale /= 10)
		*v += (*p - '0') * scale;
	return p;
}

int nfexpire_parse_size(const char *s, uint64_t *out, char *msg, size_t len)
{
	static const char units[] = "bkmgt";
	const char *p, *u;
	double v, scale = 1;

	if (!isdigit((unsigned char)*s) && *s != '.') {
		snprintf(msg, len, "Missing number in '%s'", s);
		return -1;
	}
	p = number(s, &v);
	if (*p) {
		u = strchr(units, tolower((unsigned char)*p));
		if (!u) {
			snprintf(msg, len, "Garbage character(s) '%s' in '%s'", p, s);
			return -1;
		}
		for (long i = u - units; i > 0; i--)
			scale *= 1024;
		p++;
		if (*p == 'b' || *p == 'B')
			p++;
		if (*p) {	/* 1.7.1 really prints this one without the blank */
			snprintf(msg, len, "Garbage character(s) '%s''in '%s'", p, s);
			return -1;
		}
	}
	*out = (uint64_t)(v * scale);
	return 0;
}

/* Unit letters of -t, their seconds and how 1.7.1 names a repeated one. */
static const struct tunit {
	char c;
	unsigned secs;
	const char *name, *shown;
} tunits[] = {
	{ 'w', 7 * 86400, "weeks", "w" },
	{ 'd', 86400, "days", "D" },
	{ 'H', 3600, "hours", "H" },
	{ 'M', 60, "minutes", "M" },
};

int nfexpire_parse_time(const char *s, uint64_t *out, char *msg, size_t len)
{
	unsigned seen = 0;
	const char *p = s;

	*out = 0;
	while (*p) {
		const char *start = p;
		uint64_t n = 0;
		size_t i;

		if (!isdigit((unsigned char)*p)) {
			snprintf(msg, len, "Missing number before '%s'", p);
			return -1;
		}
		while (isdigit((unsigned char)*p))
			n = n * 10 + (uint64_t)(*p++ - '0');
		for (i = 0; i < 4 && tunits[i].c != (*p ? *p : 'H'); i++)
			;
		if (i == 4) {
			snprintf(msg, len, "Unknown time unit '%s'", start);
			return -1;
		}
		if (seen & (1u << i)) {
			snprintf(msg, len, "Ambiguous %s %.*s%s", tunits[i].name, (int)(p - start),
				 start, tunits[i].shown);
			return -1;
		}
		seen |= 1u << i;
		*out += n * tunits[i].secs;
		if (*p)
			p++;
	}
	return 0;
}

void nfexpire_fmt_size(uint64_t n, char *buf, size_t len)
{
	static const char *const u[] = { "KB", "MB", "GB", "TB" };
	double v = (double)n;
	int i = -1;

	if (n < 1024) {
		snprintf(buf, len, "%llu B", (unsigned long long)n);
		return;
	}
	while (v >= 1024 && i < 3) {
		v /= 1024;
		i++;
	}
	snprintf(buf, len, "%llu = %.1f %s", (unsigned long long)n, v, u[i]);
}

void nfexpire_fmt_time(uint64_t n, char *buf, size_t len)
{
	static const struct {
		uint64_t below, secs;
		const char *name;
	} t[] = { { 3600, 60, "min" }, { 86400, 3600, "hours" }, { 604800, 86400, "days" },
		  { UINT64_MAX, 604800, "weeks" } };
	size_t i = 0;

	if (n < 60) {
		snprintf(buf, len, "%llu sec", (unsigned long long)n);
		return;
	}
	while (n >= t[i].below)
		i++;
	snprintf(buf, len, "%llu = %.1f %s", (unsigned long long)n, (double)n / (double)t[i].secs,
		 t[i].name);
}
