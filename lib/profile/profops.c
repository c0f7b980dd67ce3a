/*
 * profops.c - add-profile and the value parsers it shares with
 * modify-profile (store.h).  Rules and texts: nfsend 1.3.11.
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "expire/expire.h"
#include "profile/store.h"
#include "util/alloc.h"

/* "<n>", "<n>h", "<n> hours", "<n>d", "2 days 3 h": hours, or -1. */
int64_t pstore_parse_expire(const char *s)
{
	int64_t days = -1, hours = -1, v;
	const char *p = s;
	char *end;

	while (isspace((unsigned char)*p))
		p++;
	v = strtoll(p, &end, 10);
	if (end != p && *end == '\0')
		return v;	/* a bare number is hours */
	while (*p) {
		if (!isdigit((unsigned char)*p)) {
			p++;
			continue;
		}
		v = strtoll(p, &end, 10);
		p = end;
		while (isspace((unsigned char)*p))
			p++;
		if ((tolower((unsigned char)*p) == 'd') && days < 0)
			days = v;
		else if ((tolower((unsigned char)*p) == 'h') && hours < 0)
			hours = v;
	}
	if (days < 0 && hours < 0)
		return -1;
	return (days > 0 ? days * 24 : 0) + (hours > 0 ? hours : 0);
}

/* "<n>" (MB, decimals allowed) or "<n> k|kb|m|mb|g|gb|t|tb": bytes, or -1. */
int64_t pstore_parse_maxsize(const char *s)
{
	static const struct {
		const char *unit;
		double mul;
	} units[] = {
		{ "", 1024.0 * 1024 }, { "k", 1024.0 }, { "kb", 1024.0 },
		{ "m", 1024.0 * 1024 }, { "mb", 1024.0 * 1024 },
		{ "g", 1024.0 * 1024 * 1024 }, { "gb", 1024.0 * 1024 * 1024 },
		{ "t", 1024.0 * 1024 * 1024 * 1024 }, { "tb", 1024.0 * 1024 * 1024 * 1024 },
	};
	char unit[4];
	const char *p = s;
	char *end;
	double v;
	size_t i, n = 0;

	while (isspace((unsigned char)*p))
		p++;
	if (!isdigit((unsigned char)*p))
		return -1;
	v = strtod(p, &end);
	p = end;
	while (isspace((unsigned char)*p))
		p++;
	while (*p && !isspace((unsigned char)*p) && n < sizeof(unit) - 1)
		unit[n++] = (char)tolower((unsigned char)*p++);
	unit[n] = '\0';
	while (isspace((unsigned char)*p))
		p++;
	if (*p)
		return -1;
	for (i = 0; i < sizeof(units) / sizeof(units[0]); i++)
		if (strcmp(unit, units[i].unit) == 0)
			return (int64_t)(v * units[i].mul);
	return -1;
}

time_t pstore_parse_iso(const char *s)
{
	char digits[13];
	struct tm tm;
	size_t n = 0;
	int dashed = strchr(s, '-') != NULL;

	/* yyyymmddHHMM or yyyy-mm-dd-HH-MM */
	if (dashed ? strlen(s) != 16 : strlen(s) != 12)
		return -1;
	for (; *s; s++) {
		if (isdigit((unsigned char)*s)) {
			if (n == 12)
				return -1;
			digits[n++] = *s;
		} else if (*s != '-') {
			return -1;
		}
	}
	if (n != 12)
		return -1;
	digits[12] = '\0';
	memset(&tm, 0, sizeof(tm));
	if (sscanf(digits, "%4d%2d%2d%2d%2d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &tm.tm_hour,
		   &tm.tm_min) != 5)
		return -1;
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	tm.tm_min -= tm.tm_min % 5;	/* nfsen rounds down to the slot */
	tm.tm_isdst = -1;
	return mktime(&tm);
}

static int make_dir(const struct pstore *ps, const char *path, struct flow_err *err,
		    const char *what)
{
	if (mkdir(path, 0775) < 0)
		return flow_errorf_errno(err, FLOW_EIO, "Can't create %s '%s'", what, path);
	(void)chmod(path, 0775);	/* nfsen's umask 002 for profile dirs, whatever ours */
	if (ps->uid != (uid_t)-1 && chown(path, ps->uid, ps->gid) < 0)
		return flow_errorf_errno(err, FLOW_EIO, "Can't chown '%s'", path);
	return 0;
}

/* The group directory and its .group tag in one of the two trees. */
static int make_group(const struct pstore *ps, const char *root, const char *group,
		      struct flow_err *err)
{
	char path[4096];
	struct stat st;
	int fd;

	if (strcmp(group, ".") == 0)
		return 0;
	snprintf(path, sizeof(path), "%s/%s", root, group);
	if (stat(path, &st) == 0)
		return 0;
	if (make_dir(ps, path, err, "profile group directory") < 0)
		return FLOW_EIO;
	snprintf(path, sizeof(path), "%s/%s/.group", root, group);
	fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC, 0664);
	if (fd < 0)
		return flow_errorf_errno(err, FLOW_EIO, "Can't create profile group tag file '%s'",
					 path);
	close(fd);
	return 0;
}

static int make_tree(const struct pstore *ps, const struct pname *pn, struct flow_err *err)
{
	char path[4096];
	int same = strcmp(ps->statdir, ps->datadir) == 0;
	int rc = make_group(ps, ps->statdir, pn->group, err);

	if (rc == 0 && !same)
		rc = make_group(ps, ps->datadir, pn->group, err);
	if (rc == 0 && pstore_path(ps, 0, pn, NULL, path, sizeof(path)) == 0)
		rc = make_dir(ps, path, err, "profile directory");
	if (rc == 0 && !same && pstore_path(ps, 1, pn, NULL, path, sizeof(path)) == 0)
		rc = make_dir(ps, path, err, "profile directory");
	return rc;
}

/* Times of the new profile from live's window (AddProfile's rules). */
static int new_window(const struct pstore_newprofile *np, const struct profile *live,
		      time_t now, struct profile *p, int *history, struct flow_err *err)
{
	time_t tstart = (time_t)live->tend, tend = tstart;
	int continuous = 0;

	*history = 0;
	if (np->tstart) {
		tstart = pstore_parse_iso(np->tstart);
		if (tstart < 0)
			return flow_errorf(err, FLOW_EINVAL, "Time format wrong '%s'!", np->tstart);
		if (tstart > now)
			return flow_errorf(err, FLOW_EINVAL, "Profile start time in future: '%lld'!",
					   (long long)tstart);
		*history = 1;
	} else {
		continuous = 1;
	}
	if (np->tend) {
		tend = pstore_parse_iso(np->tend);
		if (tend < 0)
			return flow_errorf(err, FLOW_EINVAL, "Time format wrong '%s'!", np->tend);
		*history = 1;
	} else {
		continuous = 1;
	}
	if (*history && tstart < live->tstart)
		return flow_errorf(err, FLOW_EINVAL, "'%s' not within 'live' profile time window",
				   np->tstart ? np->tstart : "");
	if (*history && tend > live->tend)
		return flow_errorf(err, FLOW_EINVAL, "'%s' not within 'live' profile time window",
				   np->tend ? np->tend : "");
	if (tend > live->tend)
		tend = (time_t)live->tend;
	p->tbegin = p->tstart = tstart;
	p->tend = tend;
	/* continuous wins when only one end was given */
	p->type = continuous ? PROFILE_CONTINUOUS : PROFILE_HISTORY;
	*history = !continuous;
	return 0;
}

static int set_description(struct profile *p, const struct pstore_newprofile *np)
{
	static char *const tag[] = { "# " };
	char *const *lines = np->description ? np->description : tag;
	size_t i, n = np->description ? np->ndescription : 1;

	p->description = flow_calloc(n ? n : 1, sizeof(*p->description));
	if (!p->description)
		return -1;
	for (i = 0; i < n; i++) {
		p->description[i] = flow_strdup(lines[i]);
		if (!p->description[i])
			return -1;
		p->ndescription++;
	}
	return 0;
}

int pstore_add_profile(const struct pstore *ps, const struct pstore_newprofile *np, time_t now,
		       struct flow_err *err)
{
	struct pname live_name = { "live", "." };
	struct profile live, p;
	int64_t expire = 0, maxsize = 0;
	int history, rc;
	char path[4096];
	struct stat st;

	rc = pstore_verify(ps, &np->pn, 0, err);
	if (rc < 0)
		return rc;
	if (pstore_path(ps, 0, &np->pn, "profile.dat", path, sizeof(path)) == 0 &&
	    stat(path, &st) == 0)
		return flow_errorf(err, FLOW_EINVAL, "profile '%s' in group '%s' already exists",
				   np->pn.name, np->pn.group);
	rc = pstore_read(ps, &live_name, &live, err);
	if (rc < 0) {
		char msg[sizeof(err->msg)];

		snprintf(msg, sizeof(msg), "%s", err ? err->msg : "");
		return flow_errorf(err, rc, "profile 'live': %s", msg);
	}
	profile_init(&p);
	rc = new_window(np, &live, now, &p, &history, err);
	profile_free(&live);
	if (rc < 0)
		return rc;
	if (!np->shadow && np->expire && (expire = pstore_parse_expire(np->expire)) < 0)
		return flow_errorf(err, FLOW_EINVAL, "Unknown expire time '%s'", np->expire);
	if (!np->shadow && np->maxsize && (maxsize = pstore_parse_maxsize(np->maxsize)) < 0)
		return flow_errorf(err, FLOW_EINVAL, "Unknown max size '%s'", np->maxsize);
	rc = make_tree(ps, &np->pn, err);
	if (rc < 0)
		return rc;
	strcpy(p.name, np->pn.name);
	strcpy(p.group, np->pn.group);
	p.tcreate = now;
	p.updated = p.tstart - (int64_t)ps->cycletime;
	p.expire = history ? 0 : (uint64_t)expire;
	p.maxsize = history ? 0 : (uint64_t)maxsize;
	if (np->shadow)
		p.type |= PROFILE_SHADOW;
	if (set_description(&p, np) < 0) {
		profile_free(&p);
		return flow_errorf(err, FLOW_ENOMEM, "out of memory");
	}
	rc = pstore_write(ps, &p, err);
	profile_free(&p);
	if (rc < 0) {
		char msg[sizeof(err->msg)];

		snprintf(msg, sizeof(msg), "%s", err ? err->msg : "");
		return flow_errorf(err, rc, "writing profile '%s': %s", np->pn.name, msg);
	}
	return 0;
}

static int rm_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

void pstore_remove_tree(const char *path)
{
	nftw(path, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
}

int pstore_delete(const struct pstore *ps, const struct pname *pn, struct flow_err *err)
{
	const char *roots[2] = { ps->statdir, ps->datadir };
	struct profile p;
	char from[4096], to[4096];
	int i, rc;

	/* mark it first: a crash half way leaves a profile nobody lists */
	rc = pstore_lock(ps, pn, &p, err);
	if (rc == 0) {
		strcpy(p.status, "DELETED");
		rc = pstore_write(ps, &p, err);
		profile_free(&p);
	} else if (err && strcmp(err->msg, "Profile is locked!") == 0) {
		rc = 0;		/* force deletes a locked profile too */
	}
	if (rc < 0)
		return rc;
	for (i = 0; i < 2; i++) {
		if (i == 1 && strcmp(ps->statdir, ps->datadir) == 0)
			break;
		snprintf(to, sizeof(to), "%s/.%s", roots[i], pn->name);
		if (pstore_path(ps, i, pn, NULL, from, sizeof(from)) < 0)
			return flow_errorf(err, FLOW_EINVAL, "profile path too long");
		if (rename(from, to) < 0)
			return flow_errorf_errno(err, FLOW_EIO,
						 "Failed to rename profile '%s' in group '%s' in order to delete",
						 pn->name, pn->group);
		pstore_remove_tree(to);
	}
	return 0;
}

static int rm_below(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	return ftw->level > 0 ? remove(path) : 0;
}

void pstore_empty_dir(const char *dir)
{
	nftw(dir, rm_below, 16, FTW_DEPTH | FTW_PHYS);
}

int pstore_regroup(const struct pstore *ps, struct profile *p, const char *group,
		   struct flow_err *err)
{
	struct pname from, to;
	char a[4096], b[4096];
	struct stat st;
	int same = strcmp(ps->statdir, ps->datadir) == 0, rc;

	if (strcmp(p->name, "live") == 0 && strcmp(p->group, ".") == 0)
		return flow_errorf(err, FLOW_EINVAL, "Don't want to move profile 'live'!\n");
	if (strcmp(p->status, "OK") != 0)
		return flow_errorf(err, FLOW_EINVAL,
				   "Profile '%s' is not in status 'OK' and can not be moved now!\n", p->name);
	snprintf(from.name, sizeof(from.name), "%s", p->name);
	snprintf(from.group, sizeof(from.group), "%s", p->group);
	to = from;
	snprintf(to.group, sizeof(to.group), "%s", group);
	if (strcmp(from.group, to.group) == 0)
		return 0;
	pstore_path(ps, 0, &to, NULL, b, sizeof(b));
	if (stat(b, &st) == 0)
		return flow_errorf(err, FLOW_EINVAL,
				   "An other profile with name '%s' already exists in new group\n", p->name);
	rc = make_group(ps, ps->statdir, group, err);
	if (rc == 0 && !same)
		rc = make_group(ps, ps->datadir, group, err);
	if (rc < 0)
		return rc;
	pstore_path(ps, 0, &from, NULL, a, sizeof(a));
	if (rename(a, b) < 0)
		return flow_errorf_errno(err, FLOW_EIO, "Failed to rename profile '%s'", p->name);
	if (!same) {
		pstore_path(ps, 1, &from, NULL, a, sizeof(a));
		pstore_path(ps, 1, &to, NULL, b, sizeof(b));
		if (rename(a, b) < 0) {
			rc = flow_errorf_errno(err, FLOW_EIO, "Failed to rename profile '%s'", p->name);
			pstore_path(ps, 0, &to, NULL, a, sizeof(a));
			pstore_path(ps, 0, &from, NULL, b, sizeof(b));
			rename(a, b);	/* put the stat side back */
			return rc;
		}
	}
	snprintf(p->group, sizeof(p->group), "%s", group);
	return 0;
}

int pstore_expire(const struct pstore *ps, struct profile *p, unsigned low_water, time_t now,
		  struct flow_err *err)
{
	struct pname pn;
	struct nfstat total;
	struct expire_result res;
	char **dirs;
	size_t i;
	int rc;

	snprintf(pn.name, sizeof(pn.name), "%s", p->name);
	snprintf(pn.group, sizeof(pn.group), "%s", p->group);
	dirs = flow_calloc(p->nchannels ? p->nchannels : 1, sizeof(*dirs));
	if (!dirs)
		return flow_errorf(err, FLOW_ENOMEM, "out of memory");
	for (i = 0, rc = 0; i < p->nchannels && rc == 0; i++) {
		dirs[i] = flow_malloc(4096);
		if (!dirs[i])
			rc = flow_errorf(err, FLOW_ENOMEM, "out of memory");
		else
			pstore_path(ps, 1, &pn, p->channels[i].name, dirs[i], 4096);
	}
	if (rc == 0)
		rc = expire_profile((const char *const *)dirs, p->nchannels, p->maxsize,
				    p->expire * 3600, low_water, now, &total, &res, err);
	if (rc == 0) {
		p->size = total.size;
		/* an empty profile keeps its start: nfsend rejects a 0 first */
		if (total.numfiles)
			p->tstart = (int64_t)total.first;
	}
	for (i = 0; i < p->nchannels; i++)
		flow_free(dirs[i]);
	flow_free(dirs);
	return rc;
}
