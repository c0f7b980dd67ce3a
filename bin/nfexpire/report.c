/*
 * report.c - the statistics nfexpire prints (cli.md §7.1): the block of
 * -l/-r/-u/-e, NfSen's one-line "Stat|" form and the expire summary.
 */
#include <time.h>

#include "nfexpire.h"
#include "util/banned.h"

static void fmt_date(uint64_t t, char *buf, size_t len)
{
	time_t tt = (time_t)t;
	struct tm tm;

	localtime_r(&tt, &tm);
	strftime(buf, len, "%Y-%m-%d %H:%M:%S", &tm);
}

void nfexpire_print_stat(FILE *f, const struct nfstat *s)
{
	char first[32], last[32], life[64], size[64], max[64], maxlife[64];

	fmt_date(s->first, first, sizeof(first));
	fmt_date(s->last, last, sizeof(last));
	nfexpire_fmt_time(s->last > s->first ? s->last - s->first : 0, life, sizeof(life));
	nfexpire_fmt_size(s->size, size, sizeof(size));
	snprintf(max, sizeof(max), "<none>");
	if (s->maxsize)
		nfexpire_fmt_size(s->maxsize, max, sizeof(max));
	snprintf(maxlife, sizeof(maxlife), "<none>");
	if (s->lifetime)
		nfexpire_fmt_time(s->lifetime, maxlife, sizeof(maxlife));
	fprintf(f, "First:     %s\nLast:      %s\nLifetime:  %s\nNumfiles:  %llu\n", first, last,
		life, (unsigned long long)s->numfiles);
	fprintf(f, "Filesize:  %s\nMax Size:  %s\nMax Life:  %s\nWatermark: %u%%\n", size, max,
		maxlife, s->watermark);
	if (s->status == NFSTAT_OK)
		fprintf(f, "Status:    OK\n");
	else if (s->status == NFSTAT_REBUILD)
		fprintf(f, "Status:    Force rebuild\n");
	else
		fprintf(f, "Status:    Unexpected: %u\n", s->status);
}

void nfexpire_print_stat_line(FILE *f, const struct nfstat *s)
{
	fprintf(f, "Stat|%llu|%llu|%llu\n", (unsigned long long)s->size,
		(unsigned long long)s->first, (unsigned long long)s->last);
}

void nfexpire_print_expired(FILE *f, const struct expire_result *r, uint64_t range)
{
	char size[64], t[64];

	nfexpire_fmt_size(r->bytes, size, sizeof(size));
	nfexpire_fmt_time(range, t, sizeof(t));
	fprintf(f, "Expired files:      %llu\nExpired file size:  %s\nExpired time range: %s\n\n",
		(unsigned long long)r->files, size, t);
}
