/*
 * store.h - the nfsen profile tree on disk: where profiles live, how
 * requests name them, listing, and the profile and channel operations of
 * nfsend with nfsen 1.3.11's checks and messages (reference/nfsen.md §3).
 *
 *   $PROFILESTATDIR/<group>/<name>/profile.dat, <channel>.rrd,
 *                                  <channel>-filter.txt
 *   $PROFILEDATADIR/<group>/<name>/<channel>/...nfcapd.YYYYMMDDhhmm
 *
 * The root group "." has no directory of its own: its profiles sit at
 * the top.  Error texts are the ones nfsend puts after "ERR ", so the
 * socket layer just forwards err.msg.
 */
#ifndef FLOW_PROFILE_STORE_H
#define FLOW_PROFILE_STORE_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <time.h>

#include "profile/profile.h"
#include "util/err.h"

struct pstore {
	const char *statdir;		/* $PROFILESTATDIR */
	const char *datadir;		/* $PROFILEDATADIR */
	unsigned cycletime;		/* 300 */
	uid_t uid;			/* owner of what we create; (uid_t)-1 = leave */
	gid_t gid;
};

/* A profile named by a request: name and group ("." for the root). */
struct pname {
	char name[PROFILE_NAME_MAX];
	char group[PROFILE_NAME_MAX];
};

/*
 * nfsend's ProfileDecode: profile "grp/name" | "./name" | "name", or a
 * separate profilegroup (then profile must not contain '/').  NULL
 * profile_arg: "Missing profile name".
 */
int pstore_decode(const char *profile_arg, const char *group_arg, struct pname *pn,
		  struct flow_err *err);

/*
 * nfsend's ChannelDecode: "chan", "profile/chan" or "group/profile/chan".
 * When the channel names its profile, profile_arg/group_arg must be NULL
 * ("Ambiguous channel definition").  Fills channel and, if named, pn
 * (has_profile = 1).
 */
int pstore_decode_channel(const char *channel_arg, const char *profile_arg,
			  const char *group_arg, char *channel, size_t cap,
			  struct pname *pn, int *has_profile, struct flow_err *err);

/* Name rules, then (must_exist) the profile directory and profile.dat. */
int pstore_verify(const struct pstore *ps, const struct pname *pn, int must_exist,
		  struct flow_err *err);

/* "<statdir>/<path>[/<file>]" where path is name or group/name. */
int pstore_path(const struct pstore *ps, int data, const struct pname *pn, const char *file,
		char *buf, size_t cap);

int pstore_read(const struct pstore *ps, const struct pname *pn, struct profile *p,
		struct flow_err *err);
int pstore_write(const struct pstore *ps, const struct profile *p, struct flow_err *err);

/*
 * Read and set locked = 1 under one exclusive lock.  Already locked:
 * FLOW_EINVAL "Profile is locked!".
 */
int pstore_lock(const struct pstore *ps, const struct pname *pn, struct profile *p,
		struct flow_err *err);

/*
 * All profiles as "group/name" (root group "."), groups in sorted order,
 * profiles sorted within each, as nfsend's get-profilelist.  Profiles
 * marked .DELETED are left out; empty groups are removed, as nfsend does.
 * The caller frees with pstore_list_free.
 */
int pstore_list(const struct pstore *ps, char ***out, size_t *n, struct flow_err *err);
/* Groups: "." and every directory with a .group tag, sorted. */
int pstore_groups(const struct pstore *ps, char ***out, size_t *n, struct flow_err *err);
void pstore_list_free(char **list, size_t n);

/* add-profile's settings, from the request. */
struct pstore_newprofile {
	struct pname pn;
	const char *tstart, *tend;	/* ISO or NULL */
	const char *expire, *maxsize;	/* nfsen syntax or NULL */
	int shadow;
	char **description;		/* lines, or NULL for nfsen's "# " tag */
	size_t ndescription;
};

/* The whole add-profile: checks, directories, profile.dat. */
int pstore_add_profile(const struct pstore *ps, const struct pstore_newprofile *np, time_t now,
		       struct flow_err *err);

/*
 * delete-profile: mark it DELETED, move both trees to .<name> at the top
 * (as nfsend does) and remove them.  The caller holds the cycle lock.
 */
int pstore_delete(const struct pstore *ps, const struct pname *pn, struct flow_err *err);

/* Remove path and everything below it. */
void pstore_remove_tree(const char *path);

/* Remove everything below dir, keeping dir (a profile turning shadow). */
void pstore_empty_dir(const char *dir);

/* modify-profile newgroup=: move both trees of p to group (nfsend's ReGroupProfile). */
int pstore_regroup(const struct pstore *ps, struct profile *p, const char *group,
		   struct flow_err *err);

/*
 * Expire profile p's channels together by its expire (hours) and maxsize
 * limits down to low_water percent (nfexpire -p -e -w), then set p's size
 * and tstart from what is left.  The caller holds the profile lock.
 */
int pstore_expire(const struct pstore *ps, struct profile *p, unsigned low_water, time_t now,
		  struct flow_err *err);

/* nfsen's "expire" (hours; d/h units) and "maxsize" (MB; k/m/g/t units). */
int64_t pstore_parse_expire(const char *s);
int64_t pstore_parse_maxsize(const char *s);
/* yyyymmddHHMM or yyyy-mm-dd-HH-MM (local time) -> UNIX, or -1. */
time_t pstore_parse_iso(const char *s);

#endif
