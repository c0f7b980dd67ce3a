/*
 * Pidfile, detaching and privilege drop (see daemon.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <pwd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "collect/daemon.h"
#include "util/banned.h"

static long pidfile_pid(const char *path)
{
	char buf[32];
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return 0;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return 0;
	buf[n] = '\0';
	return strtol(buf, NULL, 10);
}

int collect_pidfile_check(const char *path, struct flow_err *err)
{
	long pid = pidfile_pid(path);

	if (pid > 0 && pid != (long)getpid() && (kill((pid_t)pid, 0) == 0 || errno == EPERM))
		return flow_errorf(err, FLOW_EINVAL,
				   "Another process with pid %ld is holding the pidfile: %s", pid, path);
	return 0;
}

int collect_pidfile_write(const char *path, struct flow_err *err)
{
	char tmp[4200], buf[32];
	int n = snprintf(buf, sizeof(buf), "%ld\n", (long)getpid());
	int fd;

	snprintf(tmp, sizeof(tmp), "%s.XXXXXX", path);
	fd = mkostemp(tmp, O_CLOEXEC);
	if (fd < 0)
		return flow_errorf_errno(err, FLOW_EIO, "Can't open pid file: %s", path);
	fchmod(fd, 0644);
	if (write(fd, buf, (size_t)n) != n || close(fd) < 0 || rename(tmp, path) < 0) {
		unlink(tmp);
		return flow_errorf_errno(err, FLOW_EIO, "Can't write pid file: %s", path);
	}
	return 0;
}

void collect_pidfile_remove(const char *path)
{
	if (path && pidfile_pid(path) == (long)getpid())
		unlink(path);
}

int collect_daemonize(struct flow_err *err)
{
	pid_t pid = fork();
	int fd;

	if (pid < 0)
		return flow_errorf_errno(err, FLOW_EIO, "fork()");
	if (pid > 0)
		_exit(0);
	if (setsid() < 0)
		return flow_errorf_errno(err, FLOW_EIO, "setsid()");
	if (chdir("/") < 0)
		return flow_errorf_errno(err, FLOW_EIO, "chdir(/)");
	fd = open("/dev/null", O_RDWR);
	if (fd < 0)
		return flow_errorf_errno(err, FLOW_EIO, "/dev/null");
	dup2(fd, STDIN_FILENO);
	dup2(fd, STDOUT_FILENO);
	dup2(fd, STDERR_FILENO);
	if (fd > STDERR_FILENO)
		close(fd);
	return 0;
}

int collect_privileges_check(const char *user, const char *group, struct flow_err *err)
{
	if (user && !getpwnam(user))
		return flow_errorf(err, FLOW_EINVAL, "Invalid user '%s'", user);
	if (group && !getgrnam(group))
		return flow_errorf(err, FLOW_EINVAL, "Invalid group '%s'", group);
	return 0;
}

int collect_drop_privileges(const char *user, const char *group, struct flow_err *err)
{
	struct passwd *pw = NULL;
	struct group *gr = NULL;

	if (user && !(pw = getpwnam(user)))
		return flow_errorf(err, FLOW_EINVAL, "Invalid user '%s'", user);
	if (group && !(gr = getgrnam(group)))
		return flow_errorf(err, FLOW_EINVAL, "Invalid group '%s'", group);
	if (!gr && pw && getgid() == 0)	/* the user's own group, not root's */
		gr = getgrgid(pw->pw_gid);
	if (gr) {
		gid_t g = gr->gr_gid;

		if (setgroups(1, &g) < 0 && errno != EPERM)
			return flow_errorf_errno(err, FLOW_EIO, "setgroups(%s)", gr->gr_name);
		if (setgid(g) < 0)
			return flow_errorf_errno(err, FLOW_EIO, "Can't set group id %u for group '%s'",
						 (unsigned)g, gr->gr_name);
	}
	if (pw && setuid(pw->pw_uid) < 0)
		return flow_errorf_errno(err, FLOW_EIO, "Can't set user id %u for user '%s'",
					 (unsigned)pw->pw_uid, user);
	return 0;
}
