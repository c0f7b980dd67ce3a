/*
 * nfexpire.h - the parts of nfexpire (cli.md §7) that are not option
 * handling: the -s/-t argument syntax and the text it prints.
 */
#ifndef NFEXPIRE_H
#define NFEXPIRE_H

#include <stdint.h>
#include <stdio.h>

#include "expire/expire.h"

/*
 * -s: "<n>[.<frac>][bkmgt][B]" in binary units.  Returns 0, or -1 after
 * writing nfexpire 1.7.1's message (quirks included) to msg.
 */
int nfexpire_parse_size(const char *s, uint64_t *out, char *msg, size_t len);
/* -t: groups "<n>w", "<n>d", "<n>H", "<n>M", a bare <n> meaning hours. */
int nfexpire_parse_time(const char *s, uint64_t *out, char *msg, size_t len);

/* "<n> B" or "<n> = <x.1f> KB|MB|GB|TB" */
void nfexpire_fmt_size(uint64_t n, char *buf, size_t len);
/* "<n> sec" or "<n> = <x.1f> min|hours|days|weeks" */
void nfexpire_fmt_time(uint64_t n, char *buf, size_t len);

/* The statistics block of -l/-r/-u and after -e. */
void nfexpire_print_stat(FILE *f, const struct nfstat *s);
/* -Y: "Stat|size|first|last" */
void nfexpire_print_stat_line(FILE *f, const struct nfstat *s);
/* The "Expired files:" block and its blank line. */
void nfexpire_print_expired(FILE *f, const struct expire_result *r, uint64_t range);

enum nfx_mode { NFX_NONE, NFX_LIST, NFX_BOOK, NFX_RESCAN, NFX_EXPIRE, NFX_UPDATE };

enum nfx_given { NFX_GIVEN_SIZE = 1 << 0, NFX_GIVEN_LIFE = 1 << 1, NFX_GIVEN_WM = 1 << 2 };

struct nfx_opts {
	enum nfx_mode mode;
	const char *dir;		/* realpath of the -l/-L/-e/-r/-u directory */
	int profile, nfsen;		/* -p, -Y */
	uint64_t maxsize, lifetime;	/* -s, -t */
	unsigned watermark;		/* -w, 0 already taken as 100 */
	unsigned given;			/* enum nfx_given: which of -s -t -w were given */
	int runtime;			/* -T seconds, 0 = no limit */
};

/* Do what o asks, printing as nfexpire does.  Negative on error. */
int nfx_run(const struct nfx_opts *o);

#endif
