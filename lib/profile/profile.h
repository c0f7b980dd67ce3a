/*
 * profile.h - an nfsen profile: its profile.dat descriptor, its channels,
 * and where its files live.
 *
 * profile.dat is nfsen 1.3's plain-text descriptor (reference/nfsen.md
 * §3.2): `# description` lines, then `key = value` lines in a fixed order,
 * one `channel = name:sign:colour:order:sourcelist` line per channel.
 * sen reads and writes it in place so an nfsen tree keeps working with
 * either program.  Readers take a shared flock, writers an exclusive one,
 * and the file is rewritten in place and truncated, as nfsen does.
 */
#ifndef FLOW_PROFILE_PROFILE_H
#define FLOW_PROFILE_PROFILE_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "util/err.h"

#define PROFILE_VERSION 130
#define PROFILE_NAME_MAX 128
#define PROFILE_COLOUR_LEN 8		/* "#rrggbb" + NUL */

enum profile_type {
	PROFILE_LIVE = 0,
	PROFILE_HISTORY = 1,
	PROFILE_CONTINUOUS = 2,
	PROFILE_SHADOW = 4,		/* flag on history/continuous */
};

struct profile_channel {
	char name[PROFILE_NAME_MAX];
	char sign;			/* '+' or '-' */
	char colour[PROFILE_COLOUR_LEN];
	unsigned order;
	char *sourcelist;		/* "a|b|c" (owned) */
};

struct profile {
	char **description;		/* lines without "# " (owned) */
	size_t ndescription;
	char name[PROFILE_NAME_MAX];
	char group[PROFILE_NAME_MAX];	/* "." for the root group */
	int64_t tbegin, tcreate, tstart, tend, updated;
	uint64_t expire;		/* hours, 0 = none */
	uint64_t maxsize, size;		/* bytes */
	unsigned type;			/* enum profile_type bits */
	int locked;
	char status[64];		/* new, OK, FAILED, stalled, built N%, ... */
	unsigned version;
	struct profile_channel *channels;
	size_t nchannels;
};

/* An empty profile with nfsen's defaults (version 130, status "new"). */
void profile_init(struct profile *p);
void profile_free(struct profile *p);

/*
 * Parse profile.dat text; path names the file in errors.  Unknown keys
 * fail as in nfsen (legacy `sourcelist`/`filter` are skipped); missing
 * keys keep their defaults.
 */
int profile_parse(struct profile *p, const char *path, const char *text, size_t len,
		  struct flow_err *err);

/* Render p as profile.dat text into a malloc'd string (*out, *len). */
int profile_format(const struct profile *p, char **out, size_t *len, struct flow_err *err);

/* Read/write a profile.dat file under flock (shared for read, exclusive for write). */
int profile_read(struct profile *p, const char *path, struct flow_err *err);
int profile_write(const struct profile *p, const char *path, struct flow_err *err);
/* The same on a descriptor the caller has opened and locked. */
int profile_fd_read(struct profile *p, int fd, const char *path, struct flow_err *err);
int profile_fd_write(const struct profile *p, int fd, const char *path, struct flow_err *err);

/* Replace the description lines (copied). */
int profile_set_description(struct profile *p, char *const *lines, size_t n);

/* Channel helpers; the profile owns the channel array. */
struct profile_channel *profile_channel_find(const struct profile *p, const char *name);
int profile_channel_add(struct profile *p, const char *name, char sign, const char *colour,
			unsigned order, const char *sourcelist, struct flow_err *err);
int profile_channel_delete(struct profile *p, const char *name);

/*
 * Channels in listing order: positive signs by ascending order, then
 * negative ones (nfsen -l).  Fills idx with p->nchannels indices.
 */
void profile_channel_order(const struct profile *p, size_t *idx);

/* nfsen's name rules: profiles and groups [A-Za-z0-9+_-]; channels [A-Za-z0-9_-], not leading '.'. */
int profile_name_ok(const char *name);
int profile_channel_name_ok(const char *name);

#endif
