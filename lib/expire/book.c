/*
 * The collector's -e step: .nfstat read, updated with the new file,
 * expired by its stored limits and written back, all under one fcntl
 * write lock so a concurrent nfexpire sees either state, never half.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "expire/expire.h"
#include "util/banned.h"

static int read_all(int fd, char *buf, size_t len)
{
	size_t got = 0;

	while (got + 1 < len) {
		ssize_t n = read(fd, buf + got, len - 1 - got);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		got += (size_t)n;
	}
	buf[got] = '\0';
	return (int)got;
}

static int write_back(int fd, const struct nfstat *s, const char *path, struct flow_err *err)
{
	char buf[512];
	int n = nfstat_format(s, buf, sizeof(buf));

	if (n < 0 || ftruncate(fd, 0) < 0 || pwrite(fd, buf, (size_t)n, 0) != n)
		return flow_errorf_errno(err, FLOW_EIO, "%s: write", path);
	return 0;
}

static int update_locked(int fd, const char *dir, const char *file, time_t slot,
			 struct expire_result *res, struct flow_err *err)
{
	char text[4096];
	struct nfstat s;
	struct stat st;
	int n = read_all(fd, text, sizeof(text));

	nfstat_parse(n > 0 ? text : "", &s);
	if (n <= 0 || s.status == NFSTAT_REBUILD) {
		int rc = expire_rescan(dir, &s, err);	/* counts the new file too */

		if (rc < 0)
			return rc;
	} else if (stat(file, &st) == 0) {
		s.size += 512 * (uint64_t)st.st_blocks;
		s.numfiles++;
		if ((uint64_t)slot > s.last)
			s.last = (uint64_t)slot;
	}
	memset(res, 0, sizeof(*res));
	if (s.maxsize || s.lifetime) {	/* nfcapd -e: only with limits set */
		int rc = expire_dir(dir, &s, s.maxsize, s.lifetime, time(NULL), res, err);

		if (rc < 0)
			return rc;
	}
	return write_back(fd, &s, dir, err);
}

int expire_collector_update(const char *dir, const char *file, time_t slot,
			    struct expire_result *res, struct flow_err *err)
{
	char path[PATH_MAX];
	struct flock lk = { .l_type = F_WRLCK, .l_whence = SEEK_SET };

	snprintf(path, sizeof(path), "%s/.nfstat", dir);

	int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);

	if (fd < 0)
		return flow_errorf_errno(err, FLOW_EIO, "%s", path);
	if (fcntl(fd, F_SETLKW, &lk) < 0) {
		close(fd);
		return flow_errorf_errno(err, FLOW_EIO, "%s: lock", path);
	}

	int rc = update_locked(fd, dir, file, slot, res, err);

	close(fd);	/* drops the lock */
	return rc;
}

static int add_locked(int fd, const char *dir, const char *file, time_t slot,
		      struct flow_err *err)
{
	char text[4096];
	struct nfstat s;
	struct stat st;
	int n = read_all(fd, text, sizeof(text));

	if (stat(file, &st) < 0)
		return flow_errorf_errno(err, FLOW_EIO, "%s", file);
	if (n <= 0)
		memset(&s, 0, sizeof(s));
	else
		nfstat_parse(text, &s);
	if (slot > 0 && (uint64_t)slot > s.last) {
		s.size += 512 * (uint64_t)st.st_blocks;
		s.numfiles++;
		s.last = (uint64_t)slot;
	}
	return write_back(fd, &s, dir, err);
}

int expire_nfstat_add(const char *dir, const char *file, time_t slot, struct flow_err *err)
{
	char path[PATH_MAX];
	struct flock lk = { .l_type = F_WRLCK, .l_whence = SEEK_SET };
	int fd, rc;

	snprintf(path, sizeof(path), "%s/.nfstat", dir);
	fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
	if (fd < 0)
		return flow_errorf_errno(err, FLOW_EIO, "%s", path);
	if (fcntl(fd, F_SETLKW, &lk) < 0) {
		close(fd);
		return flow_errorf_errno(err, FLOW_EIO, "%s: lock", path);
	}
	rc = add_locked(fd, dir, file, slot, err);
	close(fd);
	return rc;
}

int expire_load_nfstat(const char *dir, struct nfstat *s, void (*note)(void *ctx, const char *msg),
		       void *ctx, struct flow_err *err)
{
	char path[PATH_MAX], text[4096];
	struct flock lk = { .l_type = F_RDLCK, .l_whence = SEEK_SET };
	int fd, n;

	snprintf(path, sizeof(path), "%s/.nfstat", dir);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		nfstat_parse("", s);
		if (errno == ENOENT)
			return 0;
		return flow_errorf_errno(err, FLOW_EIO, "%s", path);
	}
	if (fcntl(fd, F_SETLKW, &lk) < 0) {
		close(fd);
		return flow_errorf_errno(err, FLOW_EIO, "%s: lock", path);
	}
	n = read_all(fd, text, sizeof(text));
	close(fd);
	nfstat_parse_noted(n > 0 ? text : "", s, note, ctx);
	return 1;
}

int expire_store_nfstat(const char *dir, const struct nfstat *s, struct flow_err *err)
{
	char path[PATH_MAX];
	struct flock lk = { .l_type = F_WRLCK, .l_whence = SEEK_SET };
	int fd, rc;

	snprintf(path, sizeof(path), "%s/.nfstat", dir);
	fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
	if (fd < 0)
		return flow_errorf_errno(err, FLOW_EIO, "%s", path);
	if (fcntl(fd, F_SETLKW, &lk) < 0) {
		close(fd);
		return flow_errorf_errno(err, FLOW_EIO, "%s: lock", path);
	}
	rc = write_back(fd, s, path, err);
	close(fd);
	return rc;
}
