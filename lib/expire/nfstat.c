/*
 * The .nfstat text file of a flow directory (cli.md §7.2), as nfexpire
 * 1.7.1 reads and writes it.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "expire/expire.h"
#include "util/banned.h"

/* nfexpire reads non-digit characters as 0: "12x" is 12, "x" is 0. */
static uint64_t num(const char *v)
{
	uint64_t n = 0;

	while (*v == ' ' || *v == '\t')
		v++;
	while (isdigit((unsigned char)*v))
		n = n * 10 + (uint64_t)(*v++ - '0');
	return n;
}

static void set_key(struct nfstat *s, const char *k, size_t klen, const char *v, unsigned *seen)
{
	static const char *const keys[] = { "first", "last", "size", "maxsize", "numfiles",
					    "lifetime", "watermark", "status" };
	uint64_t *fields[] = { &s->first, &s->last, &s->size, &s->maxsize, &s->numfiles,
			       &s->lifetime };

	for (unsigned i = 0; i < 8; i++) {
		if (strlen(keys[i]) != klen || strncmp(keys[i], k, klen) != 0)
			continue;
		*seen |= 1u << i;
		if (i < 6)
			*fields[i] = num(v);
		else if (i == 6)
			s->watermark = (unsigned)num(v);
		else
			s->status = (unsigned)num(v);
		return;
	}
}

int nfstat_parse(const char *text, struct nfstat *s)
{
	unsigned seen = 0;

	memset(s, 0, sizeof(*s));
	for (const char *p = text; *p;) {
		const char *eol = strchr(p, '\n');
		size_t len = eol ? (size_t)(eol - p) : strlen(p);
		const char *eq = memchr(p, '=', len);

		if (*p != '#' && eq) {
			const char *k = p, *ke = eq;

			while (k < ke && isspace((unsigned char)*k))
				k++;
			while (ke > k && isspace((unsigned char)ke[-1]))
				ke--;
			set_key(s, k, (size_t)(ke - k), eq + 1, &seen);
		}
		p += len + (eol != NULL);
	}
	if (!(seen & (1u << 6)))
		s->watermark = 95;
	if (!(seen & (1u << 7)))
		s->status = NFSTAT_REBUILD;
	/* nfexpire's sanity check */
	if (s->first == 0 || s->first > s->last || s->status > 3 || s->watermark > 100)
		s->status = NFSTAT_REBUILD;
	return 0;
}

int nfstat_format(const struct nfstat *s, char *buf, size_t len)
{
	int n = snprintf(buf, len,
			 "first=%llu\nlast=%llu\nsize=%llu\nmaxsize=%llu\nnumfiles=%llu\n"
			 "lifetime=%llu\nwatermark=%u\nstatus=%u\n",
			 (unsigned long long)s->first, (unsigned long long)s->last,
			 (unsigned long long)s->size, (unsigned long long)s->maxsize,
			 (unsigned long long)s->numfiles, (unsigned long long)s->lifetime,
			 s->watermark, s->status);

	return n < 0 || (size_t)n >= len ? -1 : n;
}
