/*
 * daemon.c - sen as nfsend: the pid file, the socket server thread and
 * the periodic cycle, started the way nfsen start runs nfsend.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>

#include "profile/rrd.h"
#include "sen.h"
#include "util/alloc.h"

static volatile sig_atomic_t stop_flag, reload_flag;
static int use_syslog;

void sen_log(int prio, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	if (use_syslog) {
		vsyslog(prio, fmt, ap);
	} else {
		vfprintf(stderr, fmt, ap);
		fputc('\n', stderr);
	}
	va_end(ap);
}

static void on_stop(int sig)
{
	if (sig == SIGHUP || sig == SIGUSR1)
		reload_flag = 1;
	stop_flag = 1;
}

/* nfsen reload: start over as a new process image with the same arguments. */
static void reexec(struct sen *s)
{
	char self[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);

	if (n <= 0)
		return;
	self[n] = '\0';
	sen_log(LOG_INFO, "reload: restarting");
	sen_root_for_exec();
	/* a daemon detaches again and gets a new pid, as nfsend does on reload */
	if (s->conf_path)
		execl(self, "nfsend", "-C", s->conf_path, "daemon", s->foreground ? "-f" : (char *)NULL,
		      (char *)NULL);
	else
		execl(self, "nfsend", "daemon", s->foreground ? "-f" : (char *)NULL, (char *)NULL);
	sen_log(LOG_ERR, "reload: %s: %s", self, strerror(errno));
}

static int mkdirs(const char *path, mode_t mode)
{
	char buf[4096], *p;

	snprintf(buf, sizeof(buf), "%s", path);
	for (p = buf + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(buf, mode) == 0)
			(void)chmod(buf, mode);	/* install.pl's 0775, whatever the umask */
		else if (errno != EEXIST)
			return -1;
		*p = '/';
	}
	if (mkdir(buf, mode) == 0)
		(void)chmod(buf, mode);
	else if (errno != EEXIST)
		return -1;
	return 0;
}

int sen_ensure_live(struct sen *s, struct flow_err *err)
{
	struct pname live = { "live", "." };
	struct profile p;
	char path[4096];
	struct stat st;
	time_t now = time(NULL);
	size_t i;
	int rc;

	const char *dirs[] = { s->conf.profilestatdir, s->conf.profiledatadir, s->conf.piddir,
			       s->conf.filterdir, s->conf.formatdir };
	for (i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++)
		if (dirs[i] && mkdirs(dirs[i], 0775) < 0)
			return flow_errorf_errno(err, FLOW_EIO, "Can't create directory '%s'", dirs[i]);
	pstore_path(&s->ps, 0, &live, "profile.dat", path, sizeof(path));
	if (stat(path, &st) == 0)
		return 0;
	/* what nfsen's install.pl sets up: live with one channel per source */
	profile_init(&p);
	strcpy(p.name, "live");
	strcpy(p.status, "OK");
	now -= now % s->ps.cycletime;
	p.tbegin = p.tcreate = p.tstart = p.tend = now;
	p.updated = now - s->ps.cycletime;
	for (i = 0; i < 2; i++) {
		pstore_path(&s->ps, (int)i, &live, NULL, path, sizeof(path));
		if (mkdirs(path, 0775) < 0)
			return flow_errorf_errno(err, FLOW_EIO, "Can't create directory '%s'", path);
	}
	for (i = 0, rc = 0; i < s->conf.nsources && rc == 0; i++) {
		const struct sen_source *src = &s->conf.sources[i];
		char file[512];

		rc = profile_channel_add(&p, src->ident, '+', src->col ? src->col : "#0000ff",
					 (unsigned)i + 1, src->ident, err);
		pstore_path(&s->ps, 1, &live, src->ident, path, sizeof(path));
		if (rc == 0 && mkdirs(path, 0775) < 0)
			rc = flow_errorf_errno(err, FLOW_EIO, "Can't create directory '%s'", path);
		snprintf(file, sizeof(file), "%s.rrd", src->ident);
		pstore_path(&s->ps, 0, &live, file, path, sizeof(path));
		if (rc == 0)
			rc = channel_rrd_create(path, now, 1, err);
	}
	if (rc == 0)
		rc = pstore_write(&s->ps, &p, err);
	profile_free(&p);
	return rc;
}

/* nfsend.pid: refuse a second daemon, clear a stale file. */
static int pidfile_claim(const char *path, struct flow_err *err)
{
	FILE *f = fopen(path, "r");
	char buf[64];
	int fd, n;
	long pid;

	if (f) {
		pid = fscanf(f, "%ld", &pid) == 1 ? pid : 0;
		fclose(f);
		if (pid > 0 && kill((pid_t)pid, 0) == 0)
			return flow_errorf(err, FLOW_EINVAL, "nfsend[%ld] already running", pid);
		if (pid > 0)
			sen_log(LOG_WARNING, "Unclean shutdown of nfsend[%ld]", pid);
		unlink(path);
	}
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
	if (fd < 0)
		return flow_errorf_errno(err, FLOW_EIO, "Can't create pid file '%s'", path);
	n = snprintf(buf, sizeof(buf), "%ld\n", (long)getpid());
	if (write(fd, buf, (size_t)n) != n) {
		close(fd);
		unlink(path);
		return flow_errorf_errno(err, FLOW_EIO, "Can't write pid file '%s'", path);
	}
	close(fd);
	return 0;
}

struct server_arg {
	struct comm_server *srv;
	int rc;
	struct flow_err err;
};

static void *server_thread(void *arg)
{
	struct server_arg *a = arg;

	a->rc = comm_server_run(a->srv, &stop_flag, &a->err);
	if (a->rc < 0)
		stop_flag = 1;
	return NULL;
}

static struct comm_handler *all_handlers(size_t *n)
{
	struct comm_handler *h;

	const struct {
		const struct comm_handler *h;
		size_t n;
	} tables[] = {
		{ sen_profile_handlers, sen_profile_nhandlers },
		{ sen_info_handlers, sen_info_nhandlers },
		{ sen_modify_handlers, sen_modify_nhandlers },
		{ sen_graph_handlers, sen_graph_nhandlers }, { sen_stat_handlers, sen_stat_nhandlers },
		{ sen_nfdump_handlers, sen_nfdump_nhandlers }, { sen_misc_handlers, sen_misc_nhandlers },
		{ sen_alert_handlers, sen_alert_nhandlers },
	};
	size_t i, at = 0;

	*n = 0;
	for (i = 0; i < sizeof(tables) / sizeof(tables[0]); i++)
		*n += tables[i].n;
	h = flow_calloc(*n, sizeof(*h));
	if (!h)
		return NULL;
	for (i = 0; i < sizeof(tables) / sizeof(tables[0]); i++) {
		memcpy(h + at, tables[i].h, tables[i].n * sizeof(*h));
		at += tables[i].n;
	}
	return h;
}

/* One fork, as nfsend: the parent returns to nfsen start, the child runs on. */
static int detach(void)
{
	pid_t pid = fork();
	int fd;

	if (pid < 0)
		return -1;
	if (pid > 0)
		_exit(0);
	setsid();
	fd = open("/dev/null", O_RDWR);
	if (fd >= 0) {
		dup2(fd, 0);
		dup2(fd, 1);
		dup2(fd, 2);
		if (fd > 2)
			close(fd);
	}
	return chdir("/");
}

/*
 * Every slot from the one after live's last update up to last: nfsend
 * leaves slots missed while it was down as gaps; sen processes them,
 * oldest first, so graphs and profiles have no holes.
 */
static void catch_up(struct sen *s, time_t last)
{
	struct pname live = { "live", "." };
	struct profile p;
	struct flow_err err = { 0 };
	time_t cycle = (time_t)s->ps.cycletime, t;

	if (pstore_read(&s->ps, &live, &p, &err) < 0) {
		sen_log(LOG_ERR, "profile live: %s", err.msg);
		return;
	}
	t = (time_t)p.updated + cycle;
	profile_free(&p);
	if (t < last - 7 * 86400)
		t = last - 7 * 86400;	/* a week at most: older data is left to rebuild */
	for (t -= t % cycle; t <= last && !stop_flag; t += cycle)
		if (sen_cycle(s, t, NULL, &err) < 0)
			sen_log(LOG_ERR, "cycle %lld: %s", (long long)t, err.msg);
}

/*
 * nfsend's schedule: at 15 s past each slot boundary, process the slot
 * that just ended (its file was renamed at the boundary).  A cycle that
 * overruns is logged; missed slots are not caught up, as in nfsend.
 */
static void run_cycles(struct sen *s)
{
	time_t cycle = (time_t)s->ps.cycletime;

	while (!stop_flag) {
		time_t now = time(NULL), slot = now - now % cycle, due = slot + 15;

		if (now < due) {
			sleep((unsigned)(due - now > 1 ? 1 : due - now));
			if (now % 5 == 0)
				sen_watch_collectors(s);
			continue;
		}
		catch_up(s, slot - cycle);
		/* sleep to 15 s past the next boundary, waking for signals */
		while (!stop_flag && time(NULL) < slot + cycle + 15) {
			sleep(1);
			if (time(NULL) % 5 == 0)
				sen_watch_collectors(s);
		}
		if (time(NULL) > slot + 2 * cycle)
			sen_log(LOG_WARNING, "Behind schedule");
	}
}

int sen_daemon(struct sen *s, int foreground)
{
	struct comm_server_config cfg;
	struct server_arg sa = { 0 };
	struct flow_err err = { 0 };
	char pidpath[4096];
	pthread_t tid;
	size_t nh;
	struct comm_handler *h;

	if (sen_ensure_live(s, &err) < 0) {
		fprintf(stderr, "%s\n", err.msg);
		return 1;
	}
	snprintf(pidpath, sizeof(pidpath), "%s/nfsend.pid", s->conf.piddir);
	s->foreground = foreground;
	if (!foreground) {
		use_syslog = 1;
		openlog("nfsend", LOG_PID, LOG_DAEMON);
		if (detach() < 0)
			return 1;
	}
	if (pidfile_claim(pidpath, &err) < 0) {
		sen_log(LOG_ERR, "%s", err.msg);
		return 1;
	}
	sen_startup_cleanup(s);
	signal(SIGTERM, on_stop);
	signal(SIGINT, on_stop);
	signal(SIGHUP, on_stop);
	signal(SIGUSR1, on_stop);
	signal(SIGPIPE, SIG_IGN);
	h = sen_plugin_handlers_add(s, all_handlers(&nh), &nh);
	memset(&cfg, 0, sizeof(cfg));
	cfg.path = s->conf.commsocket;
	cfg.uid = s->ps.uid;
	cfg.gid = s->ps.gid;
	cfg.handlers = h;
	cfg.nhandlers = nh;
	cfg.ctx = s;
	if (!h || comm_server_open(&sa.srv, &cfg, &err) < 0) {
		sen_log(LOG_ERR, "%s", h ? err.msg : "out of memory");
		flow_free(h);
		unlink(pidpath);
		return 1;
	}
	/* as nfsend: the tree is $USER:$WWWGROUP's, and so is what we add to it */
	sen_own_tree(s);
	if (sen_drop_priv(s) < 0)
		sen_log(LOG_ERR, "Can't become '%s:%s': %s", s->conf.user, s->conf.wwwgroup, strerror(errno));
	sen_log(LOG_INFO, "nfsend started, socket %s", cfg.path);
	pthread_create(&tid, NULL, server_thread, &sa);
	run_cycles(s);
	pthread_join(tid, NULL);
	comm_server_close(sa.srv);
	flow_free(h);
	sen_plugin_handlers_free();
	sen_root_for_exec();	/* sen run stops its collectors after us */
	unlink(pidpath);
	if (sa.rc < 0)
		sen_log(LOG_ERR, "%s", sa.err.msg);
	if (reload_flag && sa.rc == 0)
		reexec(s);
	sen_log(LOG_INFO, "nfsend stopped");
	return sa.rc < 0;
}
