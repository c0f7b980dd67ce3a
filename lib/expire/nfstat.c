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

/*
 * A value as nfexpire 1.7.1 reads it: blanks after '=' are skipped, then
 * every character up to the end of the line is a digit, a non-digit
 * counting as 0 ("5x" and "5 " are 50).
 */
static uint64_t num(const char *v, const char *end)
{
	uint64_t n = 0;

	while (v < end && (*v == ' ' || *v == '\t'))
		v++;
	for (; v < end; v++)
		n = n * 10 + (uint64_t)(isdigit((unsigned char)*v) ? *v - '0' : 0);
	return n;
}

/* 0 when k is one of the eight keys, -1 otherwise. */
static int set_key(struct nfstat *s, const char *k, size_t klen, const char *v, const char *end,
		   unsigned *seen)
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
			*fields[i] = num(v, end);
		else if (i == 6)
			s->watermark = (unsigned)num(v, end);
		else
			s->status = (unsigned)num(v, end);
		return 0;
	}
	return -1;
}

/* "<what>'<len bytes of arg>'" to note */
static void notef(void (*note)(void *, const char *), void *ctx, const char *what, size_t len,
		  const char *arg)
{
	char msg[600];

	if (!note)
		return;
	snprintf(msg, sizeof(msg), "%s'%.*s'", what, (int)(len > 512 ? 512 : len), arg);
	note(ctx, msg);
}

int nfstat_parse(const char *text, struct nfstat *s)
{
	return nfstat_parse_noted(text, s, NULL, NULL);
}

int nfstat_parse_noted(const char *text, struct nfstat *s, void (*note)(void *ctx, const char *msg),
		       void *ctx)
{
	unsigned seen = 0;

	memset(s, 0, sizeof(*s));
	for (const char *p = text; *p;) {
		const char *eol = strchr(p, '\n');
		size_t len = eol ? (size_t)(eol - p) : strlen(p);
		const char *eq = memchr(p, '=', len);

		if (*p == '#') {
			notef(note, ctx, "comment: ", len, p);
		} else if (eq) {
			/* the key ends at the first blank: " first=5" has the key "" */
			const char *k = p, *ke = p;

			while (ke < eq && *ke != ' ' && *ke != '\t')
				ke++;
			if (set_key(s, k, (size_t)(ke - k), eq + 1, p + len, &seen) < 0)
				notef(note, ctx, "Invalid config key: ", (size_t)(ke - k), k);
		} else {
			notef(note, ctx, "Invalid config line: ", len, p);
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
