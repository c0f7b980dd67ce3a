/*
 * select_int.h - internals shared by the lib/select/ files; bin/ never
 * includes this.  All strings here are flow_malloc'd and owned by the
 * struct that holds them.
 */
#ifndef FLOW_SELECT_INT_H
#define FLOW_SELECT_INT_H

#include <stddef.h>

#include "select/select.h"

/* A growable list of owned strings. */
struct sel_strlist {
	char **v;
	size_t n, cap;
};

int sel_strlist_push(struct sel_strlist *l, const char *s);	/* copies s */
int sel_strlist_take(struct sel_strlist *l, char *s);		/* owns s, frees it on error */
void sel_strlist_clear(struct sel_strlist *l);

struct flow_selection {
	struct sel_strlist paths;
	struct sel_strlist warnings;
};

/* Append one warning line; 0 or FLOW_ENOMEM. */
int sel_warnf(struct flow_selection *s, struct flow_err *err, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* path.c */
void sel_clean_path(char *p);
int sel_dirlevels(const char *p);
char *sel_join(const char *dir, const char *name);	/* "dir/name"; NULL on ENOMEM */
char *sel_join_fts(const char *dir, const char *name);	/* no "//" after "dir/" */
int sel_prefix(const char *path, int n, char **out);	/* first n components or NULL */
char *sel_dupn(const char *s, size_t n);

/* subdir.c: as flow_subdir_guess, trying layouts from..8 and returning
 * only the layout path in sub (layout 0 gives "").  1 found, 0 not. */
int sel_guess_subdir(const char *dir, const char *name, int from, char *sub, size_t len);

/*
 * What to walk and which entries to keep (nfdump's entry filter).
 * level 0: every file below each root.  level n > 0: files only at depth
 * n; at depth i < n a directory's path relative to the root must lie in
 * [first[i], last[i]] by strcmp (NULL = unbounded); at depth n files are
 * compared by name with first[n]/last[n].
 */
struct sel_plan {
	struct sel_strlist roots;
	int level;
	char **first, **last;		/* level + 1 entries each when level > 0 */
};

int sel_plan_filter(struct sel_plan *p, const char *first_path, const char *last_path,
		    const char *first_file, const char *last_file,
		    struct flow_selection *s, struct flow_err *err);
void sel_plan_clear(struct sel_plan *p);

/* walk.c: walk the plan's roots (sorted by strcmp), appending files. */
int sel_walk(const struct sel_plan *p, struct flow_selection *s, struct flow_err *err);

/* range.c: -R (with the -M directories already in p->roots, if any). */
int sel_range(char *arg, int multi, struct sel_plan *p, struct flow_selection *s,
	      struct flow_err *err);

#endif
