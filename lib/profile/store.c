/*
 * store.c - naming, reading and listing profiles in the nfsen tree
 * (store.h).  The checks and texts are nfsend's (NfProfile.pm 1.3.11).
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "profile/store.h"
#include "util/alloc.h"

static int copy_str(char *dst, size_t cap, const char *s, size_t n)
{
	if (n >= cap)
		return -1;
	memcpy(dst, s, n);
	dst[n] = '\0';
	return 0;
}

int pstore_decode(const char *profile_arg, const char *group_arg, struct pname *pn,
		  struct flow_err *err)
{
	const char *slash;

	if (!profile_arg)
		return flow_errorf(err, FLOW_EINVAL, "Missing profile name");
	if (group_arg) {
		if (strchr(profile_arg, '/'))
			return flow_errorf(err, FLOW_EINVAL, "Ambiguous profile group");
		if (copy_str(pn->name, sizeof(pn->name), profile_arg, strlen(profile_arg)) ||
		    copy_str(pn->group, sizeof(pn->group), group_arg, strlen(group_arg)))
			return flow_errorf(err, FLOW_EINVAL, "Illegal characters in profile name '%s'!\n",
					   profile_arg);
		return 0;
	}
	/* m#^(.+)/([^/]+)$#: the group is everything before the last '/' */
	slash = strrchr(profile_arg, '/');
	if (slash && slash > profile_arg && slash[1]) {
		if (copy_str(pn->group, sizeof(pn->group), profile_arg, (size_t)(slash - profile_arg)) ||
		    copy_str(pn->name, sizeof(pn->name), slash + 1, strlen(slash + 1)))
			return flow_errorf(err, FLOW_EINVAL, "Illegal characters in profile name '%s'!\n",
					   profile_arg);
		return 0;
	}
	strcpy(pn->group, ".");
	if (copy_str(pn->name, sizeof(pn->name), profile_arg, strlen(profile_arg)))
		return flow_errorf(err, FLOW_EINVAL, "Illegal characters in profile name '%s'!\n",
				   profile_arg);
	return 0;
}

int pstore_decode_channel(const char *channel_arg, const char *profile_arg,
			  const char *group_arg, char *channel, size_t cap,
			  struct pname *pn, int *has_profile, struct flow_err *err)
{
	const char *a = channel_arg, *s1, *s2 = NULL;

	*has_profile = 0;
	if (!a)
		return flow_errorf(err, FLOW_EINVAL, "Missing channel name!");
	s1 = strchr(a, '/');
	if (s1)
		s2 = strchr(s1 + 1, '/');
	if (s1 && (strchr(s2 ? s2 + 1 : s1 + 1, '/') || s1 == a || !s1[1] ||
		   (s2 && (s2 == s1 + 1 || !s2[1])))) {
		s1 = NULL;	/* not one of nfsend's forms: the whole is the name */
		s2 = NULL;
	}
	if (!s1)
		return copy_str(channel, cap, a, strlen(a)) ?
			flow_errorf(err, FLOW_EINVAL, "checking channel name: name too long!") : 0;
	if (profile_arg || group_arg)
		return flow_errorf(err, FLOW_EINVAL, "Ambiguous channel definition");
	if (s2) {
		if (copy_str(pn->group, sizeof(pn->group), a, (size_t)(s1 - a)) ||
		    copy_str(pn->name, sizeof(pn->name), s1 + 1, (size_t)(s2 - s1 - 1)) ||
		    copy_str(channel, cap, s2 + 1, strlen(s2 + 1)))
			return flow_errorf(err, FLOW_EINVAL, "Ambiguous channel definition");
	} else {
		strcpy(pn->group, ".");
		if (copy_str(pn->name, sizeof(pn->name), a, (size_t)(s1 - a)) ||
		    copy_str(channel, cap, s1 + 1, strlen(s1 + 1)))
			return flow_errorf(err, FLOW_EINVAL, "Ambiguous channel definition");
	}
	*has_profile = 1;
	return 0;
}

int pstore_path(const struct pstore *ps, int data, const struct pname *pn, const char *file,
		char *buf, size_t cap)
{
	const char *root = data ? ps->datadir : ps->statdir;
	int n;

	if (strcmp(pn->group, ".") == 0)
		n = snprintf(buf, cap, "%s/%s%s%s", root, pn->name, file ? "/" : "", file ? file : "");
	else
		n = snprintf(buf, cap, "%s/%s/%s%s%s", root, pn->group, pn->name, file ? "/" : "",
			     file ? file : "");
	return n < 0 || (size_t)n >= cap ? FLOW_EINVAL : 0;
}

static int name_chars(const char *s)
{
	for (; *s; s++)
		if (!isalnum((unsigned char)*s) && *s != '-' && *s != '+' && *s != '_')
			return 0;
	return 1;
}

int pstore_verify(const struct pstore *ps, const struct pname *pn, int must_exist,
		  struct flow_err *err)
{
	char path[4096];
	struct stat st;

	if (strcmp(pn->group, ".") != 0 && !name_chars(pn->group))
		return flow_errorf(err, FLOW_EINVAL, "Illegal characters in profile group name '%s'!\n",
				   pn->group);
	if (!name_chars(pn->name))
		return flow_errorf(err, FLOW_EINVAL, "Illegal characters in profile name '%s'!\n",
				   pn->name);
	if (!must_exist)
		return 0;
	if (pstore_path(ps, 0, pn, NULL, path, sizeof(path)) || stat(path, &st) || !S_ISDIR(st.st_mode)) {
		if (strcmp(pn->group, ".") == 0)
			return flow_errorf(err, FLOW_ENOENT, "Profile '%s' does not exists\n", pn->name);
		return flow_errorf(err, FLOW_ENOENT, "Profile '%s' does not exists profile group '%s'\n",
				   pn->name, pn->group);
	}
	if (pstore_path(ps, 0, pn, "profile.dat", path, sizeof(path)) || stat(path, &st) ||
	    !S_ISREG(st.st_mode))
		return flow_errorf(err, FLOW_ENOENT, "Missing profile descriptor file of profile '%s'\n",
				   pn->name);
	return 0;
}

int pstore_read(const struct pstore *ps, const struct pname *pn, struct profile *p,
		struct flow_err *err)
{
	char path[4096];
	int rc;

	if (pstore_path(ps, 0, pn, "profile.dat", path, sizeof(path)))
		return flow_errorf(err, FLOW_EINVAL, "profile path too long");
	rc = profile_read(p, path, err);
	if (rc < 0)
		return rc;
	if (strcmp(p->name, pn->name) != 0) {
		profile_free(p);
		return flow_errorf(err, FLOW_EFORMAT, "Corrupt stat file. Needs to be rebuilded");
	}
	return 0;
}

int pstore_write(const struct pstore *ps, const struct profile *p, struct flow_err *err)
{
	struct pname pn;
	char path[4096];

	if (!p->name[0])
		return flow_errorf(err, FLOW_EINVAL,
				   "While writing profile stat file. Corrupt data ref");
	strcpy(pn.name, p->name);
	strcpy(pn.group, p->group);
	if (pstore_path(ps, 0, &pn, "profile.dat", path, sizeof(path)))
		return flow_errorf(err, FLOW_EINVAL, "profile path too long");
	return profile_write(p, path, err);
}

int pstore_lock(const struct pstore *ps, const struct pname *pn, struct profile *p,
		struct flow_err *err)
{
	char path[4096];
	int fd, rc;

	/*
	 * One exclusive flock held across read-check-write, so two requests
	 * cannot both see "unlocked"; profile_write's own flock on a second
	 * descriptor of the same file would deadlock, so write through fd.
	 */
	if (pstore_path(ps, 0, pn, "profile.dat", path, sizeof(path)))
		return flow_errorf(err, FLOW_EINVAL, "profile path too long");
	fd = open(path, O_RDWR | O_CLOEXEC);
	if (fd < 0)
		return flow_errorf_errno(err, FLOW_EIO,
					 "Can't open profile data file for profile: '%s' in group '%s'",
					 pn->name, pn->group);
	if (flock(fd, LOCK_EX) < 0) {
		rc = flow_errorf_errno(err, FLOW_EIO, "%s", path);
		close(fd);
		return rc;
	}
	rc = profile_fd_read(p, fd, path, err);
	if (rc == 0 && strcmp(p->name, pn->name) != 0) {
		profile_free(p);
		rc = flow_errorf(err, FLOW_EFORMAT, "Corrupt stat file. Needs to be rebuilded");
	} else if (rc == 0 && p->locked) {
		profile_free(p);
		rc = flow_errorf(err, FLOW_EINVAL, "Profile is locked!");
	} else if (rc == 0) {
		p->locked = 1;
		rc = profile_fd_write(p, fd, path, err);
		if (rc < 0)
			profile_free(p);
	}
	close(fd);
	return rc;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int list_push(char ***list, size_t *n, size_t *cap, const char *a, const char *b)
{
	char *s;

	if (*n == *cap) {
		size_t c = *cap ? *cap * 2 : 16;
		char **p = flow_realloc(*list, c * sizeof(*p));

		if (!p)
			return -1;
		*list = p;
		*cap = c;
	}
	s = flow_malloc(strlen(a) + (b ? strlen(b) + 1 : 0) + 1);
	if (!s)
		return -1;
	strcpy(s, a);
	if (b) {
		strcat(s, "/");
		strcat(s, b);
	}
	(*list)[(*n)++] = s;
	return 0;
}

void pstore_list_free(char **list, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		flow_free(list[i]);
	flow_free(list);
}

static int is_file(const char *dir, const char *a, const char *b, const char *c)
{
	char path[4096];
	struct stat st;

	if (snprintf(path, sizeof(path), "%s/%s/%s%s%s", dir, a, b, c ? "/" : "", c ? c : "") >=
	    (int)sizeof(path))
		return 0;
	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

int pstore_groups(const struct pstore *ps, char ***out, size_t *n, struct flow_err *err)
{
	size_t cap = 0;
	DIR *d = opendir(ps->statdir);
	struct dirent *e;

	*out = NULL;
	*n = 0;
	if (!d)
		return flow_errorf_errno(err, FLOW_EIO, "Can't open profiles directory");
	if (list_push(out, n, &cap, ".", NULL))
		goto oom;
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.' || !is_file(ps->statdir, e->d_name, ".group", NULL))
			continue;
		if (list_push(out, n, &cap, e->d_name, NULL))
			goto oom;
	}
	closedir(d);
	qsort(*out, *n, sizeof(**out), cmp_str);
	return 0;
oom:
	closedir(d);
	pstore_list_free(*out, *n);
	*out = NULL;
	*n = 0;
	return flow_errorf(err, FLOW_ENOMEM, "out of memory");
}

/* Profiles of one group, sorted (nfsend sorts live in with the rest). */
static int group_profiles(const struct pstore *ps, const char *group, char ***out, size_t *n,
			  size_t *cap)
{
	char dir[4096];
	DIR *d;
	struct dirent *e;
	size_t first = *n;

	snprintf(dir, sizeof(dir), "%s%s%s", ps->statdir, strcmp(group, ".") ? "/" : "",
		 strcmp(group, ".") ? group : "");
	d = opendir(dir);
	if (!d)
		return 0;
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.' || !is_file(dir, e->d_name, "profile.dat", NULL) ||
		    is_file(dir, e->d_name, ".DELETED", NULL))
			continue;
		if (list_push(out, n, cap, group, e->d_name)) {
			closedir(d);
			return -1;
		}
	}
	closedir(d);
	qsort(*out + first, *n - first, sizeof(**out), cmp_str);
	return 0;
}

int pstore_list(const struct pstore *ps, char ***out, size_t *n, struct flow_err *err)
{
	char **groups;
	size_t ngroups, i, cap = 0, before;
	int rc = pstore_groups(ps, &groups, &ngroups, err);

	*out = NULL;
	*n = 0;
	if (rc < 0)
		return rc;
	for (i = 0; i < ngroups && rc == 0; i++) {
		before = *n;
		if (group_profiles(ps, groups[i], out, n, &cap)) {
			rc = flow_errorf(err, FLOW_ENOMEM, "out of memory");
		} else if (*n == before && strcmp(groups[i], ".") != 0) {
			/* an empty group goes away, as nfsend's listing does it */
			char path[4096];

			snprintf(path, sizeof(path), "%s/%s/.group", ps->statdir, groups[i]);
			unlink(path);
			snprintf(path, sizeof(path), "%s/%s/.group", ps->datadir, groups[i]);
			unlink(path);
			snprintf(path, sizeof(path), "%s/%s", ps->statdir, groups[i]);
			rmdir(path);
			snprintf(path, sizeof(path), "%s/%s", ps->datadir, groups[i]);
			rmdir(path);
		}
	}
	pstore_list_free(groups, ngroups);
	if (rc < 0) {
		pstore_list_free(*out, *n);
		*out = NULL;
		*n = 0;
	}
	return rc;
}
