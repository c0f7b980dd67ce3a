/*
 * -R: turn "dir", "dir/first", "dir/first:last" or a hierarchy range
 * "dir/a/b/first:c/d/last" into walk roots and per-level bounds (struct
 * sel_plan), then walk.  The case analysis is nfdump 1.7.1's GetFileList()
 * (flist.c); messages are its messages.  Verified with Debian 1.7.1 on a
 * -S 2 tree h/src1/2023/11/{14,15}/HH/nfcapd.YYYYMMDDhhmm: all three of
 *   -R h/src1/2023/11/14/22/nfcapd.202311142205:2023/11/15/00/nfcapd.202311150000
 *   -R h/src1/2023/11/14/22/nfcapd.202311142205:nfcapd.202311150000 (guessed)
 *   -R h/src1/2023/11/14/22/nfcapd.202311142205:15/00/nfcapd.202311150000
 * read .../14/22/nfcapd.202311142205, .../14/23/..2300, .../15/00/..0000 and
 * not the file "zz" in 14/22 (every file level is name-filtered).
 */
#include <errno.h>
#include <string.h>
#include <sys/stat.h>

#include "select/select_int.h"
#include "util/alloc.h"
#include "util/banned.h"

struct range {
	char *path;			/* first file (or dir), mutable */
	char *last;			/* after ':', or NULL */
	int levels_last;
	char *first_path, *last_path;	/* directory parts below the root */
	char *first_file, *last_file;
	struct sel_strlist tmp;		/* strings made here, freed at the end */
};

/* Keep s until the range is done; NULL (and FLOW_ENOMEM) when s is. */
static char *keep(struct range *r, char *s)
{
	return sel_strlist_take(&r->tmp, s) < 0 ? NULL : s;
}

static int nomem(struct flow_err *err)
{
	return flow_errorf(err, FLOW_ENOMEM, "out of memory listing files");
}

/* Split s at its last '/': *dir = before (NULL if none), *name = after. */
static void split_name(char *s, char **dir, char **name)
{
	char *p = strrchr(s, '/');

	*dir = p ? s : NULL;
	*name = p ? p + 1 : s;
	if (p)
		*p = '\0';
}

static int split_last(struct range *r, struct flow_err *err)
{
	char *c = strchr(r->path, ':');

	if (c == NULL)
		return 0;
	if (strrchr(r->path, ':') != c)
		return flow_errorf(err, FLOW_EINVAL, "Multiple file separators ':' in path not allowed!");
	*c++ = '\0';
	if (*c == '\0')
		return flow_errorf(err, FLOW_EINVAL, "Missing last file option after ':'!");
	sel_clean_path(c);
	if (c[0] == '/')
		return flow_errorf(err, FLOW_EINVAL, "Last file name in -R list must not start with '/'");
	r->last = c;
	r->levels_last = sel_dirlevels(c);
	return 0;
}

/*
 * A last name without sub directories: look for it in a -S layout below
 * each parent of the first path, innermost first (nfdump's
 * VerifyFileRange; it runs before -M is looked at, so with -M the parents
 * are relative to the working directory, as in nfdump).  Found in a
 * layout other than 0 it becomes "<layout path>/last".
 */
static int guess_last(struct range *r, struct flow_err *err)
{
	char sub[64];
	char *dir = keep(r, flow_strdup(r->path));
	char *p;

	if (dir == NULL)
		return nomem(err);
	while ((p = strrchr(dir, '/')) != NULL) {
		*p = '\0';
		if (!sel_guess_subdir(dir, r->last, 0, sub, sizeof(sub)))
			continue;
		if (sub[0] == '\0')
			return 0;
		r->last = keep(r, sel_join(sub, r->last));
		if (r->last == NULL)
			return nomem(err);
		r->levels_last = sel_dirlevels(r->last);
		return 0;
	}
	return 0;
}

static int push_root(struct sel_plan *p, const char *root, struct flow_err *err)
{
	/* "-R /file": nfdump's root would be "", which fts refuses; use "/". */
	if (sel_strlist_push(&p->roots, root[0] ? root : "/") < 0)
		return nomem(err);
	return 0;
}

/* "dir/first[:last]" with a bare last: files of dir only. */
static int local_flat(struct range *r, struct sel_plan *p, struct flow_err *err)
{
	char *dir;

	split_name(r->path, &dir, &r->first_file);
	r->last_file = r->last;
	p->level = 1;
	return push_root(p, dir ? dir : ".", err);
}

/*
 * "root/a/b/first:c/d/last": as many trailing directories of the first
 * path as last has form the hierarchy, the rest is the root.
 */
static int local_hier(struct range *r, struct sel_plan *p, struct flow_err *err)
{
	int lf = sel_dirlevels(r->path), ll = r->levels_last;
	char *rest = r->path, *q;
	const char *root;

	if (lf < ll)
		return flow_errorf(err, FLOW_EINVAL,
				   "Number of sub dirs for sub level hierarchy for file list -R do not match");
	if (lf == ll) {
		root = rest[0] == '/' ? "/" : ".";
		rest += rest[0] == '/';
	} else {
		q = strrchr(rest, '/');
		for (int i = 0; i < ll; i++)
			do
				q--;
			while (*q != '/');
		*q = '\0';
		root = rest;
		rest = q + 1;
	}
	split_name(rest, &r->first_path, &r->first_file);
	split_name(r->last, &r->last_path, &r->last_file);
	p->level = ll + 1;
	return push_root(p, root, err);
}

static int range_local(struct range *r, struct sel_plan *p, struct flow_err *err)
{
	struct stat st;

	if (stat(r->path, &st) != 0)
		return flow_errorf_errno(err, errno == ENOENT ? FLOW_ENOENT : FLOW_EIO,
					 "stat() error '%s'", r->path);
	if (!S_ISDIR(st.st_mode) && !S_ISREG(st.st_mode))
		return flow_errorf(err, FLOW_EINVAL, "Not a file or directory: '%s'", r->path);
	if (r->last == NULL && S_ISDIR(st.st_mode)) {
		p->level = 0;
		return push_root(p, r->path, err);
	}
	if (S_ISDIR(st.st_mode))
		return flow_errorf(err, FLOW_EINVAL, "Not a file: '%s'", r->path);
	return r->levels_last ? local_hier(r, p, err) : local_flat(r, p, err);
}

/* A guessed "<layout path>/name" for name in dir, or NULL in *out. */
static int guess_in(struct range *r, const char *dir, char *name, char **out)
{
	char sub[64];

	*out = NULL;
	if (!sel_guess_subdir(dir, name, 0, sub, sizeof(sub)))
		return 0;
	*out = sub[0] ? keep(r, sel_join(sub, name)) : name;
	return *out ? 0 : FLOW_ENOMEM;
}

/*
 * With -M the first file must exist in the first directory (as given,
 * not sorted); a bare name missing there gets its sub directory guessed,
 * and then last must be guessed too.
 */
static int multi_first(struct range *r, const char *dir0, struct flow_err *err)
{
	char *full = keep(r, sel_join(dir0, r->path));
	char *found = NULL;
	struct stat st;

	if (full == NULL)
		return nomem(err);
	if (stat(full, &st) == 0)
		return S_ISREG(st.st_mode) ? 0
		       : flow_errorf(err, FLOW_EINVAL, "Not a file : '%s'", full);
	if (errno != ENOENT)
		return flow_errorf_errno(err, FLOW_EIO, "stat() error '%s'", full);
	if (guess_in(r, dir0, r->path, &found) < 0)
		return nomem(err);
	if (found == NULL)
		return flow_errorf(err, FLOW_ENOENT, "stat() error '%s': File not found!", full);
	r->path = found;
	if (r->last == NULL)
		return 0;
	if (guess_in(r, dir0, r->last, &found) < 0)
		return nomem(err);
	if (found == NULL)
		return flow_errorf(err, FLOW_ENOENT, "'%s': File not found!", r->last);
	r->last = found;
	r->levels_last = sel_dirlevels(found);
	return 0;
}

static int range_multi(struct range *r, struct sel_plan *p, struct flow_err *err)
{
	int rc;

	if (r->path[0] == '/')
		return flow_errorf(err, FLOW_EINVAL,
				   "File list -R must not start with '/' when combined with a source list -M");
	if (strcmp(r->path, ".") == 0) {
		p->level = 0;
		return 0;
	}
	rc = multi_first(r, p->roots.v[0], err);
	if (rc < 0)
		return rc;
	if (r->last && sel_dirlevels(r->path) != r->levels_last)
		return flow_errorf(err, FLOW_EINVAL, "Number of sub dirs must agree in '%s' and '%s'",
				   r->path, r->last);
	p->level = sel_dirlevels(r->path) + 1;
	split_name(r->path, &r->first_path, &r->first_file);
	if (r->last)
		split_name(r->last, &r->last_path, &r->last_file);
	return 0;
}

int sel_range(char *arg, int multi, struct sel_plan *p, struct flow_selection *s,
	      struct flow_err *err)
{
	struct range r = { .path = arg };
	int rc;

	sel_clean_path(arg);
	rc = split_last(&r, err);
	if (rc == 0 && r.last && r.levels_last == 0)
		rc = guess_last(&r, err);
	if (rc == 0)
		rc = multi ? range_multi(&r, p, err) : range_local(&r, p, err);
	if (rc == 0)
		rc = sel_plan_filter(p, r.first_path, r.last_path, r.first_file, r.last_file, s, err);
	if (rc == 0)
		rc = sel_walk(p, s, err);
	sel_strlist_clear(&r.tmp);
	return rc;
}
