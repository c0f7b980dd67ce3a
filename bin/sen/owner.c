/*
 * owner.c - who owns what sen writes.  nfsen's installer makes the tree
 * $USER:$WWWGROUP with umask 002 and nfsend drops to that user, so every
 * directory, profile.dat, RRD, PNG and flow file is theirs: the collectors
 * (which run as $USER) can write into live/<source>, and nfsen's own tools
 * run as $USER can rewrite profile.dat.  sen does the same, but keeps the
 * real uid root so the daemon can start a dead collector again with -u/-g.
 */
#include "sen.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int as_root(const struct sen *s)
{
	return s->ps.uid != (uid_t)-1 && getuid() == 0;
}

int sen_own(const struct sen *s, const char *path)
{
	if (!as_root(s))
		return 0;
	return lchown(path, s->ps.uid, s->ps.gid);
}

/*
 * A tree made by an older sen that ran as root: hand root-owned directories
 * and the small bookkeeping files over.  Flow files stay as they are (the
 * owner of their directory may delete them), so a large data tree costs one
 * readdir per directory, not a stat per file.
 */
static void own_walk(const struct sen *s, int dfd, const char *name, int depth)
{
	struct stat st;
	struct dirent *e;
	DIR *d;
	int fd;

	if (fstatat(dfd, name, &st, AT_SYMLINK_NOFOLLOW) < 0)
		return;
	if (st.st_uid == 0)
		(void)fchownat(dfd, name, s->ps.uid, s->ps.gid, AT_SYMLINK_NOFOLLOW);
	if (!S_ISDIR(st.st_mode) || depth > 16)
		return;
	fd = openat(dfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0 || !(d = fdopendir(fd))) {
		if (fd >= 0)
			close(fd);
		return;
	}
	while ((e = readdir(d)) != NULL) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		if (e->d_type == DT_REG && !strncmp(e->d_name, "nfcapd.", 7))
			continue;
		own_walk(s, dirfd(d), e->d_name, depth + 1);
	}
	closedir(d);
}

void sen_own_tree(const struct sen *s)
{
	const char *dirs[] = { s->conf.profilestatdir, s->conf.profiledatadir, s->conf.vardir };
	size_t i;

	if (!as_root(s))
		return;
	for (i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++)
		if (dirs[i])
			own_walk(s, AT_FDCWD, dirs[i], 0);
}

/*
 * Become $USER:$WWWGROUP for everything the daemon creates from now on
 * (effective ids only: sen_root_for_exec() takes root back in a child).
 */
int sen_drop_priv(const struct sen *s)
{
	if (!as_root(s))
		return 0;
	if (setegid(s->ps.gid) < 0 || seteuid(s->ps.uid) < 0)
		return -1;
	return 0;
}

/*
 * In a forked child about to exec a tool (dump) for the frontend: become
 * $USER for good, as nfsend's children were; a child with root as its real
 * uid would run in secure-exec mode (no LD_LIBRARY_PATH, for one).
 */
void sen_child_drop(void)
{
	uid_t u = geteuid();
	gid_t g = getegid();

	if (getuid() == 0 && u != 0) {
		(void)seteuid(0);
		if (setgroups(0, NULL) < 0 || setresgid(g, g, g) < 0 || setresuid(u, u, u) < 0)
			_exit(126);
	}
}

/* In a forked child about to exec a collector, or before a reload's exec. */
void sen_root_for_exec(void)
{
	umask(022);	/* what nfsen's collectors get from the root shell */
	if (getuid() == 0 && geteuid() != 0) {
		(void)seteuid(0);
		(void)setegid(0);
	}
}
