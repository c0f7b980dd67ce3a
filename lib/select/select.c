/*
 * flow_select(): the checks between -r, -R and -M, the -M directory list,
 * and -r; -R is range.c, the walk is walk.c.  nfdump 1.7.1 does this in
 * SetupInputFileSequence(), Getsource_dirs() and FileLister_thr() of
 * flist.c; our messages are its messages (checked with Debian 1.7.1).
 *
 * Where we differ from 1.7.1 on purpose:
 *   - walks also skip files whose names begin with '.' (the 1.7.8 rule);
 *   - when the first -M directory is missing, nfdump silently drops -M and
 *     reads the -r/-R path relative to the working directory (observed:
 *     "-M t1/zz:b:a -R ." read ./err.txt); we fail with its message
 *     "Not a directory: '<dir>'" instead;
 *   - "-R /file" and "-R /a/f:b/g" walk from "/" (nfdump's fts root "" or
 *     its miscounted relative paths select nothing or garbage);
 *   - a non-empty sub directory inside a flat name range is an error here,
 *     a mid-listing abort in nfdump (see walk.c);
 *   - no time window check here: callers skip files by their stat record
 *     with flow_timewin_overlaps(), as nfdump does for every file.
 */
#include <errno.h>
#include <string.h>
#include <sys/stat.h>

#include "select/select_int.h"
#include "util/alloc.h"
#include "util/banned.h"

static int nomem(struct flow_err *err)
{
	return flow_errorf(err, FLOW_ENOMEM, "out of memory listing files");
}

/* Option combinations nfdump refuses, in the order it checks them. */
static int check_args(const char *r, const char *R, const char *M, struct flow_err *err)
{
	if (r == NULL && R == NULL && M == NULL)
		return flow_errorf(err, FLOW_EINVAL, "Need an input source -r/-R/-M - <stdin> invalid");
	if (r && R)
		return flow_errorf(err, FLOW_EINVAL,
				   "-r and -R are mutually exclusive. Please specify either -r or -R");
	if (M && r == NULL && R == NULL)
		return flow_errorf(err, FLOW_EINVAL,
				   "-M needs either -r or -R to specify the file or file list. "
				   "Add '-R .' for all files in the directories.");
	return 0;
}

/* Without -M: 1 if -r names a directory (then it is -R), 0 a file. */
static int r_is_dir(const char *r, struct flow_err *err)
{
	struct stat st;

	if (stat(r, &st) != 0)
		return flow_errorf(err, errno == ENOENT ? FLOW_ENOENT : FLOW_EINVAL,
				   "%s is not a file or directory", r);
	if (S_ISDIR(st.st_mode))
		return 1;
	if (S_ISREG(st.st_mode))
		return 0;
	return flow_errorf(err, FLOW_EINVAL, "%s is not a file or directory", r);
}

/* nfdump's CheckPath(S_IFDIR) message, then Getsource_dirs' own: 1 bad. */
static int bad_dir(const char *path, struct flow_selection *s, struct flow_err *err)
{
	struct stat st;
	int found = stat(path, &st) == 0;
	int rc;

	if (found && S_ISDIR(st.st_mode))
		return 0;
	if (found)
		rc = sel_warnf(s, err, "not a directory: %s", path);
	else if (errno == ENOENT)
		rc = sel_warnf(s, err, "path does not exist: %s", path);
	else
		rc = sel_warnf(s, err, "stat(%s) error: %s", path, strerror(errno));
	if (rc == 0)
		rc = sel_warnf(s, err, "Not a directory: '%s'", path);
	return rc < 0 ? rc : 1;
}

/*
 * Add one -M directory.  The first bad one ends the list (nfdump returns
 * from Getsource_dirs there and keeps the ones before it): 1 = stop.
 */
static int add_dir(struct sel_plan *p, const char *prefix, const char *name,
		   struct flow_selection *s, struct flow_err *err)
{
	char *path = prefix ? sel_join(prefix, name) : flow_strdup(name);
	int rc;

	if (path == NULL)
		return nomem(err);
	rc = bad_dir(path, s, err);
	if (rc == 0 && sel_strlist_take(&p->roots, path) < 0)
		return nomem(err);
	if (rc != 0)
		flow_free(path);
	return rc;
}

/*
 * "-M /base/d1:d2:d3" -> /base/d1, /base/d2, /base/d3: every name is
 * joined to the directory part of the first ("." if it has none, so
 * "-M t1:t1" gives ./t1), even a name holding a '/'.  One name alone is
 * taken as it is.
 */
static int source_dirs(const char *M, struct sel_plan *p, struct flow_selection *s,
		       struct flow_err *err)
{
	char *dirs = flow_strdup(M), *names, *prefix = ".", *next, *slash, *colon;
	int rc = 0;

	if (dirs == NULL)
		return nomem(err);
	colon = strchr(dirs, ':');
	if (colon == NULL) {
		rc = add_dir(p, NULL, dirs, s, err);
	} else {
		*colon = '\0';
		slash = strrchr(dirs, '/');
		names = slash ? slash + 1 : dirs;
		if (slash) {
			*slash = '\0';
			prefix = dirs;
		}
		*colon = ':';
		for (; names && rc == 0; names = next) {
			next = strchr(names, ':');
			if (next)
				*next++ = '\0';
			rc = add_dir(p, prefix, names, s, err);
		}
	}
	flow_free(dirs);
	if (rc < 0)
		return rc;
	if (p->roots.n == 0 && s->warnings.n > 0)
		return flow_errorf(err, FLOW_ENOENT, "%s", s->warnings.v[s->warnings.n - 1]);
	return 0;
}

static int push_path(struct flow_selection *s, char *path, struct flow_err *err)
{
	if (sel_strlist_take(&s->paths, path) < 0)
		return nomem(err);
	return 0;
}

/* nfdump builds the guessed path as "%s/%s/%s": dir, layout path, name. */
static int push_guessed(const char *dir, const char *sub, const char *name,
			struct flow_selection *s, struct flow_err *err)
{
	char *tmp = sel_join(dir, sub);
	char *path = tmp ? sel_join(tmp, name) : NULL;

	flow_free(tmp);
	return path ? push_path(s, path, err) : nomem(err);
}

/*
 * "-r name" in one -M directory: there, or in the sub directory guessed
 * from its name; else a warning and on (NfSen relies on both).  Only a
 * stat() failure other than ENOENT stops nfdump (e.g. ENOTDIR for
 * "-M t1/a:b -r a1/x": "stat() error 't1/a/a1/x': Not a directory").
 */
static int single_in(const char *dir, const char *name, struct flow_selection *s,
		     struct flow_err *err)
{
	char sub[64];
	char *full = sel_join(dir, name);
	struct stat st;
	int rc;

	if (full == NULL)
		return nomem(err);
	if (stat(full, &st) == 0) {
		if (S_ISREG(st.st_mode))
			return push_path(s, full, err);
		rc = sel_warnf(s, err, "Skip non file entry: '%s'", full);
	} else if (errno != ENOENT) {
		rc = flow_errorf_errno(err, FLOW_EIO, "stat() error '%s'", full);
	} else if (sel_guess_subdir(dir, name, 1, sub, sizeof(sub))) {
		rc = push_guessed(dir, sub, name, s, err);
	} else {
		rc = sel_warnf(s, err, "stat() error '%s': File not found!", full);
	}
	flow_free(full);
	return rc;
}

/* -r with -M: the name in every directory, in the order given. */
static int single_multi(const char *r, const struct sel_plan *p, struct flow_selection *s,
			struct flow_err *err)
{
	char *name = flow_strdup(r);
	int rc = 0;

	if (name == NULL)
		return nomem(err);
	sel_clean_path(name);
	if (name[0] == '/')
		rc = flow_errorf(err, FLOW_EINVAL,
				 "File -r must not start with '/', when combined with a source list -M");
	for (size_t i = 0; rc == 0 && i < p->roots.n; i++)
		rc = single_in(p->roots.v[i], name, s, err);
	flow_free(name);
	return rc;
}

/* -r file alone: the file, its path cleaned as nfdump does ("./a" -> "a"). */
static int single_local(const char *r, struct flow_selection *s, struct flow_err *err)
{
	char *path = flow_strdup(r);

	if (path == NULL)
		return nomem(err);
	sel_clean_path(path);
	return push_path(s, path, err);
}

static int select_into(struct flow_selection *s, const char *r, const char *R, const char *M,
		       struct flow_err *err)
{
	struct sel_plan plan = { 0 };
	char *arg;
	int rc = 0;

	if (M == NULL && r != NULL) {
		rc = r_is_dir(r, err);
		if (rc < 0)
			return rc;
		if (rc == 1) {
			R = r;
			r = NULL;
		}
	}
	rc = M ? source_dirs(M, &plan, s, err) : 0;
	if (rc == 0 && R) {
		arg = flow_strdup(R);
		rc = arg ? sel_range(arg, M != NULL, &plan, s, err) : nomem(err);
		flow_free(arg);
	} else if (rc == 0) {
		rc = M ? single_multi(r, &plan, s, err) : single_local(r, s, err);
	}
	sel_plan_clear(&plan);
	return rc;
}

int flow_select(struct flow_selection **out, const char *r, const char *R, const char *M,
		struct flow_err *err)
{
	struct flow_selection *s;
	int rc;

	*out = NULL;
	rc = check_args(r, R, M, err);
	if (rc < 0)
		return rc;
	s = flow_calloc(1, sizeof(*s));
	if (s == NULL)
		return nomem(err);
	rc = select_into(s, r, R, M, err);
	if (rc < 0) {
		flow_selection_free(s);
		return rc;
	}
	*out = s;
	return 0;
}
