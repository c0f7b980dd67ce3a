/*
 * listing.h - the text of `nfsen -l PROFILE`, byte for byte as nfsen
 * 1.3.11 prints it (reference/nfsen.md §2.3): tabs, the trailing tab of
 * channel lines, ctime() dates in local time, nfsen's size and expire
 * wording.
 */
#ifndef FLOW_PROFILE_LISTING_H
#define FLOW_PROFILE_LISTING_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "conf/value.h"
#include "profile/profile.h"
#include "util/err.h"

/* What get-channelstat answered for one channel. */
struct listing_chstat {
	const char *err_line;	/* the daemon's "ERR ..." status line, or NULL when it answered */
	uint64_t numfiles, size;
};

/*
 * The listing of p; stats[i] belongs to p->channels[i] (ignored for status
 * "new" and shadow profiles, as nfsen does not ask then).  Returns a
 * malloc'd string in *out.
 */
int profile_listing(const struct profile *p, const struct listing_chstat *stats,
		    char **out, size_t *len, struct flow_err *err);

/*
 * A profile from the data lines of a get-profile reply (name=, group=,
 * ..., _description, _channel=name:sign:colour:order:sourcelist).
 */
int profile_from_reply(struct profile *p, const struct conf_value *data, struct flow_err *err);

/* Pieces, for the socket replies and tests. */
void listing_ctime(time_t t, char *buf, size_t cap);		/* "Wed Feb 11 00:10:55 2015" */
void listing_expire(uint64_t hours, char *buf, size_t cap);	/* "2 days 12 hours" */
void listing_size(uint64_t bytes, char *buf, size_t cap);	/* "150.0 MB" */
const char *listing_type(unsigned type);			/* "continuous / shadow" */

#endif
