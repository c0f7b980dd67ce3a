/*
 * One collector per flow directory, as nfcapd's bookkeeping enforces it
 * ("Another collector with pid N is already running, and configured for
 * 'dir'").  We keep no shared memory: flock() on the directory itself,
 * which dies with the process, so a crash never leaves a stale lock, and
 * no extra file appears in the directory (nfdump 1.7.1's -R would try to
 * read any file there).  The owner's pid is the one in its
 * nfcapd.current.<pid>.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#include "collect/collect_int.h"
#include "util/banned.h"

/* The live pid of a nfcapd.current.<pid> in dir, or 0. */
static long current_owner(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	long pid = 0;

	if (!d)
		return 0;
	while (pid == 0 && (e = readdir(d)) != NULL) {
		char *end;

		if (strncmp(e->d_name, "nfcapd.current.", 15) != 0)
			continue;
		pid = strtol(e->d_name + 15, &end, 10);
		if (*end != '\0' || pid <= 0 || (kill((pid_t)pid, 0) < 0 && errno != EPERM))
			pid = 0;
	}
	closedir(d);
	return pid;
}

int collect_lock_dir(const char *dir, int *fdp, struct flow_err *err)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	if (fd < 0)
		return flow_errorf_errno(err, FLOW_EIO, "%s", dir);
	if (flock(fd, LOCK_EX | LOCK_NB) < 0) {
		close(fd);
		return flow_errorf(err, FLOW_EINVAL,
				   "Another collector with pid %ld is already running, and configured for '%s'",
				   current_owner(dir), dir);
	}
	*fdp = fd;
	return 0;
}

int collect_lock(const struct collect_config *cfg, int *fds, struct flow_err *err)
{
	for (unsigned i = 0; i < cfg->nsrc; i++) {
		int rc = collect_lock_dir(cfg->src[i].dir, &fds[i], err);

		if (rc < 0) {
			while (i-- > 0)
				close(fds[i]);
			return rc;
		}
	}
	return 0;
}
