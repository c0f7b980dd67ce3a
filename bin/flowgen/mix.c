/*
 * mix.c - what --mix names: the zone1 profile (gen.c's table), uniformly
 * random services, or a mix file of weighted services:
 *
 *     # proto  port  weight  [bytes per packet]
 *     tcp      443   300     1000
 *     udp      53    200
 *     icmp     0     40
 *
 * One service per line; '#' starts a comment.  proto is tcp, udp, icmp or
 * a number 0-255; port 0-65535 (ignored for ICMP, whose flows mix echo,
 * echo reply, unreachable and time exceeded, and for protocols without
 * ports); weight 1-1000000, a relative share of the flows; bytes per
 * packet 28-9000, default 500.  Errors name FILE:LINE.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "flowgen.h"
#include "util/alloc.h"
#include "util/banned.h"

#define MIX_MAX 4096		/* services in a file */
#define MIX_WORDS 4
#define MIX_DEFAULT_SIZE 500

/* Split line into at most max whitespace-separated words; returns the count, max + 1 if more. */
static int words(char *line, char **w, int max)
{
	int n = 0;

	for (char *p = line;;) {
		while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')
			*p++ = '\0';
		if (!*p)
			return n;
		if (n == max)
			return max + 1;
		w[n++] = p;
		while (*p && *p != ' ' && *p != '\t' && *p != '\r' && *p != '\n')
			p++;
	}
}

static int uint_word(const char *s, unsigned long min, unsigned long max, unsigned long *v)
{
	char *end;

	errno = 0;
	if (*s < '0' || *s > '9')
		return -1;
	*v = strtoul(s, &end, 10);
	return errno || *end || *v < min || *v > max ? -1 : 0;
}

static int proto_word(const char *s, unsigned long *v)
{
	if (!strcmp(s, "tcp"))
		*v = 6;
	else if (!strcmp(s, "udp"))
		*v = 17;
	else if (!strcmp(s, "icmp"))
		*v = 1;
	else
		return uint_word(s, 0, 255, v);
	return 0;
}

/* One line's service into *svc; 0, 1 for a blank line, or -1 with why set. */
static int parse_line(char *line, struct fg_service *svc, const char **why)
{
	char *w[MIX_WORDS], *hash = strchr(line, '#');
	unsigned long proto, port, weight, size = MIX_DEFAULT_SIZE;
	int n;

	if (hash)
		*hash = '\0';
	n = words(line, w, MIX_WORDS);
	if (n == 0)
		return 1;
	if (n < 3 || n > MIX_WORDS)
		return *why = "want: proto port weight [bytes per packet]", -1;
	if (proto_word(w[0], &proto))
		return *why = "bad protocol (tcp, udp, icmp or 0-255)", -1;
	if (uint_word(w[1], 0, 65535, &port))
		return *why = "bad port (0-65535)", -1;
	if (uint_word(w[2], 1, 1000000, &weight))
		return *why = "bad weight (1-1000000)", -1;
	if (n == 4 && uint_word(w[3], 28, 9000, &size))
		return *why = "bad bytes per packet (28-9000)", -1;
	*svc = (struct fg_service){ .proto = (uint8_t)proto, .port = (uint16_t)port,
				    .weight = (uint32_t)weight, .avg_size = (uint16_t)size };
	return 0;
}

/* Append svc to m (arrays grow by doubling). */
static int mix_add(struct fg_mix *m, const struct fg_service *svc, unsigned *cap)
{
	if (m->n == *cap) {
		unsigned ncap = *cap ? *cap * 2 : 32;
		struct fg_service *s = flow_calloc(ncap, sizeof(*s));
		uint64_t *c = flow_calloc(ncap, sizeof(*c));

		if (!s || !c) {
			flow_free(s);
			flow_free(c);
			return -1;
		}
		if (m->n) {
			memcpy(s, m->svc, m->n * sizeof(*s));
			memcpy(c, m->cum, m->n * sizeof(*c));
		}
		flow_free(m->svc);
		flow_free(m->cum);
		m->svc = s;
		m->cum = c;
		*cap = ncap;
	}
	m->total += svc->weight;
	m->svc[m->n] = *svc;
	m->cum[m->n++] = m->total;
	return 0;
}

static int load_file(struct fg_mix *m, const char *path, FILE *f)
{
	char line[512];
	unsigned lineno = 0, cap = 0;

	while (fgets(line, sizeof(line), f)) {
		struct fg_service svc;
		const char *why = NULL;
		int rc;

		lineno++;
		if (!strchr(line, '\n') && !feof(f))
			why = "line too long";
		else if ((rc = parse_line(line, &svc, &why)) > 0)
			continue;
		else if (rc == 0 && m->n == MIX_MAX)
			why = "too many services (at most 4096)";
		else if (rc == 0 && mix_add(m, &svc, &cap))
			why = "out of memory";
		if (why) {
			fprintf(stderr, "flowgen: %s:%u: %s\n", path, lineno, why);
			return -1;
		}
	}
	if (ferror(f)) {
		fprintf(stderr, "flowgen: %s: %s\n", path, strerror(errno));
		return -1;
	}
	if (!m->n) {
		fprintf(stderr, "flowgen: %s: no services in the mix file\n", path);
		return -1;
	}
	return 0;
}

int fg_mix_parse(struct fg_mix *m, const char *arg)
{
	FILE *f;
	int rc;

	memset(m, 0, sizeof(*m));
	if (!strcmp(arg, "zone1"))
		return 0;
	if (!strcmp(arg, "uniform")) {
		m->kind = FG_MIX_UNIFORM;
		return 0;
	}
	m->kind = FG_MIX_FILE;
	f = fopen(arg, "r");
	if (!f) {
		fprintf(stderr, "flowgen: mix '%s': not zone1 or uniform, and cannot open: %s\n",
			arg, strerror(errno));
		return -1;
	}
	rc = load_file(m, arg, f);
	fclose(f);
	if (rc)
		fg_mix_free(m);
	return rc;
}

void fg_mix_free(struct fg_mix *m)
{
	flow_free(m->svc);
	flow_free(m->cum);
	memset(m, 0, sizeof(*m));
}

const struct fg_service *fg_mix_pick(const struct fg_mix *m, uint64_t rnd)
{
	uint64_t x = (rnd >> 11) % m->total;	/* 53 bits: bias below 2^-30 */
	unsigned lo = 0, hi = m->n - 1;

	while (lo < hi) {	/* the first service whose cumulative weight exceeds x */
		unsigned mid = lo + (hi - lo) / 2;

		if (m->cum[mid] > x)
			hi = mid;
		else
			lo = mid + 1;
	}
	return &m->svc[lo];
}
