/*
 * rc.c - nfsen's direct commands: start, stop, status, reload
 * (reference/nfsen.md §4.3-4.4; texts as nfsen 1.3.11 prints them).
 * Collectors are started with the command line nfsen builds, one per
 * port, and found again through their pid files p<port>.pid.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>

#include "profile/profile.h"
#include "sen.h"
#include "util/alloc.h"

/* The pid in a pid file, 0 when missing or empty, -1 when zero-size. */
static long read_pid(const char *path)
{
	FILE *f = fopen(path, "r");
	struct stat st;
	long pid = 0;

	if (!f)
		return 0;
	if (fstat(fileno(f), &st) == 0 && st.st_size == 0) {
		fclose(f);
		return -1;
	}
	if (fscanf(f, "%ld", &pid) != 1)
		pid = 0;
	fclose(f);
	return pid;
}

static int alive(long pid)
{
	return pid > 0 && (kill((pid_t)pid, 0) == 0 || errno == EPERM);
}

static void pid_path(const struct sen *s, unsigned port, char *buf, size_t cap)
{
	snprintf(buf, cap, "%s/p%u.pid", s->conf.piddir, port);
}

/* Is dir/name (or dir/../name/name, the build tree) executable? */
static int try_bin(const char *dir, const char *name, char *buf, size_t cap)
{
	int n = snprintf(buf, cap, "%s/%s", dir, name);

	if (n > 0 && (size_t)n < cap && access(buf, X_OK) == 0)
		return 0;
	n = snprintf(buf, cap, "%s/../%s/%s", dir, name, name);
	return n > 0 && (size_t)n < cap && access(buf, X_OK) == 0 ? 0 : -1;
}

/* Where the collector for a source type is: next to sen, the build tree, $PREFIX. */
static int collector_bin(const struct sen *s, const char *type, char *buf, size_t cap)
{
	const char *name = strcmp(type, "sflow") == 0 ? "sfcapd" : "capd";
	char self[PATH_MAX], *slash;
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);

	if (strcmp(type, "netflow") && strcmp(type, "sflow"))
		return -1;
	if (n > 0) {
		self[n] = '\0';
		slash = strrchr(self, '/');
		if (slash) {
			*slash = '\0';
			/* a libtool build runs the binary from .libs */
			slash = strrchr(self, '/');
			if (slash && strcmp(slash, "/.libs") == 0)
				*slash = '\0';
			if (try_bin(self, name, buf, cap) == 0)
				return 0;
		}
	}
	if (try_bin(s->conf.prefix, name, buf, cap) == 0)
		return 0;
	return try_bin(s->conf.prefix, strcmp(type, "sflow") == 0 ? "sfcapd" : "nfcapd", buf, cap);
}

/* Distinct ports of %sources, ascending; returns how many. */
static size_t ports_of(const struct sen *s, unsigned *ports)
{
	size_t i, j, n = 0;

	for (i = 0; i < s->conf.nsources; i++) {
		unsigned p = s->conf.sources[i].port;

		for (j = 0; j < n && ports[j] != p; j++)
			;
		if (j == n)
			ports[n++] = p;
	}
	for (i = 1; i < n; i++)
		for (j = i; j > 0 && ports[j - 1] > ports[j]; j--) {
			unsigned t = ports[j];

			ports[j] = ports[j - 1];
			ports[j - 1] = t;
		}
	return n;
}

static int cmp_ident(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* "(a b c)" for the sources on port, idents sorted. */
static void idents_of(const struct sen *s, unsigned port, char *buf, size_t cap,
		      const struct sen_source **srcs, size_t *nsrc)
{
	const char *names[256];
	size_t i, n = 0, len;

	for (i = 0; i < s->conf.nsources && n < 256; i++)
		if (s->conf.sources[i].port == port) {
			srcs[n] = &s->conf.sources[i];
			names[n++] = s->conf.sources[i].ident;
		}
	*nsrc = n;
	qsort(names, n, sizeof(*names), cmp_ident);
	len = (size_t)snprintf(buf, cap, "(");
	for (i = 0; i < n && len < cap; i++)
		len += (size_t)snprintf(buf + len, cap - len, "%s%s", i ? " " : "", names[i]);
	if (len < cap)
		snprintf(buf + len, cap - len, ")");
}

/* argv of the collector for port (nfsen.md §4.3). */
static int collector_argv(const struct sen *s, unsigned port, const struct sen_source **srcs,
			  size_t n, char **argv, size_t cap, char *store, size_t storecap)
{
	size_t a = 0, used = 0, i;
	char bin[PATH_MAX], path[PATH_MAX];

#define ARG(str) do { \
		size_t l_ = strlen(str) + 1; \
		if (a + 1 >= cap || used + l_ > storecap) return -1; \
		memcpy(store + used, (str), l_); argv[a++] = store + used; used += l_; \
	} while (0)
	if (collector_bin(s, srcs[0]->type, bin, sizeof(bin)) < 0)
		return -2;
	ARG(bin);
	ARG("-D");
	ARG("-p");
	snprintf(path, sizeof(path), "%u", port);
	ARG(path);
	if (getuid() == 0 && s->conf.user && s->conf.wwwgroup) {
		ARG("-u");
		ARG(s->conf.user);
		ARG("-g");
		ARG(s->conf.wwwgroup);
	}
	if (s->conf.bufflen > 0) {
		ARG("-B");
		snprintf(path, sizeof(path), "%ld", s->conf.bufflen);
		ARG(path);
	}
	if (s->conf.subdirlayout) {
		ARG("-S");
		snprintf(path, sizeof(path), "%d", s->conf.subdirlayout);
		ARG(path);
	}
	ARG("-P");
	pid_path(s, port, path, sizeof(path));
	ARG(path);
	if (s->conf.zipcollected && *s->conf.zipcollected)
		ARG(s->conf.zipcollected);
	ARG("-t");
	snprintf(path, sizeof(path), "%d", s->conf.cycletime);
	ARG(path);
	for (i = 0; i < n; i++) {
		if (n == 1) {
			ARG("-I");
			ARG(srcs[i]->ident);
			ARG("-w");
			snprintf(path, sizeof(path), "%s/live/%s", s->conf.profiledatadir, srcs[i]->ident);
			ARG(path);
		} else {
			ARG("-n");
			snprintf(path, sizeof(path), "%s,%s,%s/live/%s", srcs[i]->ident,
				 srcs[i]->ip ? srcs[i]->ip : "", s->conf.profiledatadir, srcs[i]->ident);
			ARG(path);
		}
	}
	/* optarg: split on blanks, no shell; nfsen keeps only the last one's */
	for (i = n; i-- > 0;) {
		if (srcs[i]->optarg) {
			char tmp[1024], *tok, *save = NULL;

			snprintf(tmp, sizeof(tmp), "%s", srcs[i]->optarg);
			for (tok = strtok_r(tmp, " \t", &save); tok; tok = strtok_r(NULL, " \t", &save))
				ARG(tok);
			break;
		}
	}
#undef ARG
	argv[a] = NULL;
	return 0;
}

static long start_collector(const struct sen *s, unsigned port)
{
	const struct sen_source *srcs[256];
	char *argv[128], store[16384], ids[2048], pidf[PATH_MAX];
	size_t n, i;
	long pid;
	pid_t child;
	int st, rc;

	idents_of(s, port, ids, sizeof(ids), srcs, &n);
	printf("%s", ids);
	fflush(stdout);
	if (port == 0) {
		printf("[no collector]");
		return 0;
	}
	pid_path(s, port, pidf, sizeof(pidf));
	pid = read_pid(pidf);
	if (alive(pid)) {
		printf("Error( Port: %u ): a collector with pid[%ld] is already running", port, pid);
		return pid;
	}
	unlink(pidf);
	rc = collector_argv(s, port, srcs, n, argv, 128, store, sizeof(store));
	if (rc < 0) {
		printf(": %s", rc == -2 ? "missing collector binary" : "command line too long");
		return -1;
	}
	child = fork();
	if (child == 0) {
		sen_root_for_exec();	/* the daemon's watch runs as $USER */
		execv(argv[0], argv);
		_exit(127);
	}
	/* capd binds before it forks into the background: a taken port fails here */
	if (child < 0 || waitpid(child, &st, 0) < 0 || !WIFEXITED(st) || WEXITSTATUS(st) != 0) {
		printf(": collector did not start - see logfile");
		return -1;
	}
	/* the collector forks (-D) and writes its pid file when ready */
	for (i = 0; i < 50 && !alive(pid = read_pid(pidf)); i++)
		usleep(100000);
	if (!alive(pid)) {
		printf(": collector did not start - see logfile");
		return -1;
	}
	printf("[%ld]", pid);
	return pid;
}

/* Wait up to secs for pid to go, a dot a second; 1 when it went. */
static int wait_gone(long pid, const char *pidfile, int secs)
{
	int i;

	for (i = 0; i < secs * 10; i++) {
		if (!alive(pid) && (!pidfile || access(pidfile, F_OK) != 0))
			return 1;
		if (i % 10 == 0) {
			putchar('.');
			fflush(stdout);
		}
		usleep(100000);
	}
	return 0;
}

static int start_daemon(struct sen *s, const char *conf_path)
{
	char self[PATH_MAX], pidf[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	pid_t child;
	int st, i;

	printf("Starting nfsend");
	fflush(stdout);
	if (n <= 0)
		return 1;
	self[n] = '\0';
	child = fork();
	if (child == 0) {
		if (conf_path)
			execl(self, "nfsend", "-C", conf_path, "daemon", (char *)NULL);
		else
			execl(self, "nfsend", "daemon", (char *)NULL);
		_exit(127);
	}
	if (child < 0 || waitpid(child, &st, 0) < 0 || !WIFEXITED(st) || WEXITSTATUS(st)) {
		printf(": exec error: exit: %d, signal: %d, coredump: %d\n",
		       child > 0 && WIFEXITED(st) ? WEXITSTATUS(st) : -1,
		       child > 0 && WIFSIGNALED(st) ? WTERMSIG(st) : 0, 0);
		return 1;
	}
	snprintf(pidf, sizeof(pidf), "%s/nfsend.pid", s->conf.piddir);
	for (i = 0; i < 50 && !alive(read_pid(pidf)); i++)
		usleep(100000);
	printf(".\n");
	return 0;
}

/* SIGTERM the collector of port and wait (up to 10 s) until it is gone. */
static void stop_port_quietly(struct sen *s, unsigned port)
{
	char pidf[PATH_MAX];
	long pid;

	pid_path(s, port, pidf, sizeof(pidf));
	pid = read_pid(pidf);
	if (!alive(pid))
		return;
	kill((pid_t)pid, SIGTERM);
	for (int k = 0; k < 100 && alive(pid); k++)
		usleep(100000);
}

/* Stop every collector of %sources by its pid file (no output). */
static void stop_collectors(struct sen *s)
{
	unsigned ports[1024];
	size_t n = ports_of(s, ports), i;

	for (i = 0; i < n; i++)
		if (ports[i] != 0)
			stop_port_quietly(s, ports[i]);
}

/*
 * sen run: collectors and daemon in the foreground, for systemd and
 * containers.  A collector that does not come up (its port taken) makes
 * it stop what it started and exit 1; on SIGTERM the daemon returns and
 * the collectors are stopped.
 */
int sen_run(struct sen *s)
{
	unsigned ports[1024];
	char stopping[PATH_MAX];
	struct flow_err err = { 0 };
	size_t n, i;
	int rc;

	if (sen_conf_check_sources(&s->conf, &err) < 0 || sen_ensure_live(s, &err) < 0) {
		fprintf(stderr, "%s\n", err.msg);
		return 1;
	}
	snprintf(stopping, sizeof(stopping), "%s/sen.stopping", s->conf.piddir);
	unlink(stopping);
	sen_sources_save(s);
	n = ports_of(s, ports);
	for (i = 0; i < n; i++) {
		if (ports[i] == 0)
			continue;
		if (start_collector(s, ports[i]) <= 0) {
			printf("\n");
			fprintf(stderr, "%s: collector for port %u did not start\n", s->prog, ports[i]);
			stop_collectors(s);
			return 1;
		}
		printf("\n");
	}
	fflush(stdout);
	rc = sen_daemon(s, 1);
	/* keep the daemon's watch from restarting what we stop now */
	close(open(stopping, O_WRONLY | O_CREAT | O_CLOEXEC, 0644));
	stop_collectors(s);
	unlink(stopping);
	return rc;
}

int sen_start(struct sen *s, const char *conf_path)
{
	unsigned ports[1024];
	char pidf[PATH_MAX];
	struct flow_err err = { 0 };
	size_t n, i;
	long pid;

	snprintf(pidf, sizeof(pidf), "%s/sen.stopping", s->conf.piddir);
	unlink(pidf);
	snprintf(pidf, sizeof(pidf), "%s/nfsend.pid", s->conf.piddir);
	pid = read_pid(pidf);
	if (pid < 0) {
		printf("Unclean shutdown - zero size pid file\n");
		unlink(pidf);
	} else if (alive(pid)) {
		printf("NfSen is already running!\n");
		return 0;
	}
	if (sen_conf_check_sources(&s->conf, &err) < 0) {
		printf("%s\nFix errors for %%source in your config file and retry!\n", err.msg);
		return 1;
	}
	if (sen_ensure_live(s, &err) < 0) {
		printf("%s\n", err.msg);
		return 1;
	}
	sen_sources_save(s);
	printf("Starting nfcapd:");
	n = ports_of(s, ports);
	for (i = 0; i < n; i++) {
		start_collector(s, ports[i]);
		printf(" ");
	}
	printf("\n");
	return start_daemon(s, conf_path);
}

int sen_stop(struct sen *s)
{
	unsigned ports[1024];
	char pidf[PATH_MAX], ids[2048], stopping[PATH_MAX];
	int fd;
	const struct sen_source *srcs[256];
	size_t n, i, ns;
	long pid;

	/* tell the daemon's watch not to bring back what we stop */
	snprintf(stopping, sizeof(stopping), "%s/sen.stopping", s->conf.piddir);
	fd = open(stopping, O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
	if (fd >= 0)
		close(fd);
	printf("Shutdown nfcapd: ");
	n = ports_of(s, ports);
	for (i = 0; i < n; i++) {
		idents_of(s, ports[i], ids, sizeof(ids), srcs, &ns);
		printf("%s", ids);
		if (ports[i] == 0) {
			printf("[no collector]");
			continue;
		}
		pid_path(s, ports[i], pidf, sizeof(pidf));
		pid = read_pid(pidf);
		if (!alive(pid)) {
			printf("[collector died unexpectedly]");
			unlink(pidf);
			continue;
		}
		printf("[%ld]", pid);
		kill((pid_t)pid, SIGTERM);
		if (!wait_gone(pid, pidf, 10))
			printf(" Process [%ld] does not want to terminate!", pid);
	}
	printf(" .\n");
	snprintf(pidf, sizeof(pidf), "%s/nfsend.pid", s->conf.piddir);
	pid = read_pid(pidf);
	if (pid == 0) {
		printf("Shutdown nfsend:[no pid file found!]\n");
		unlink(stopping);
		return 0;
	}
	printf("Shutdown nfsend:[%ld]", pid);
	if (!alive(pid)) {
		printf("[No such process]\n");
		unlink(pidf);
		unlink(stopping);
		return 0;
	}
	kill((pid_t)pid, SIGTERM);
	wait_gone(pid, pidf, s->conf.cycletime > 0 ? s->conf.cycletime : 300);
	printf(".\n");
	unlink(stopping);
	return 0;
}

int sen_status(struct sen *s)
{
	unsigned ports[1024];
	char pidf[PATH_MAX], ids[2048];
	const struct sen_source *srcs[256];
	size_t n, i, ns;
	long pid;

	printf("Version nfSen: %s, nfdump: 7\nNfSen status:\n", SEN_VERSION);
	n = ports_of(s, ports);
	for (i = 0; i < n; i++) {
		if (ports[i] == 0)
			continue;
		idents_of(s, ports[i], ids, sizeof(ids), srcs, &ns);
		pid_path(s, ports[i], pidf, sizeof(pidf));
		pid = read_pid(pidf);
		if (alive(pid))
			printf("Collector for %s port %u is running [%ld].\n", ids, ports[i], pid);
		else if (pid > 0)
			printf("Collector for %s port %u died for unknown reason.\n", ids, ports[i]);
		else
			printf("Collector for %s port %u is not running.\n", ids, ports[i]);
	}
	snprintf(pidf, sizeof(pidf), "%s/nfsend.pid", s->conf.piddir);
	pid = read_pid(pidf);
	if (alive(pid))
		printf("nfsen daemon:  pid: [%ld] is running.\n", pid);
	else
		printf("nfsen daemon: is not running.\n");
	return 0;
}

int sen_reload(struct sen *s)
{
	char pidf[PATH_MAX];
	long pid;

	snprintf(pidf, sizeof(pidf), "%s/nfsend.pid", s->conf.piddir);
	pid = read_pid(pidf);
	if (pid <= 0) {
		fprintf(stderr, "No pid file found for nfsend - please restart manually\n");
		return 0;
	}
	printf("Restart nfsend:[%ld]\n", pid);
	kill((pid_t)pid, SIGUSR1);
	return 0;
}

void sen_restart_collectors(struct sen *s)
{
	unsigned ports[1024];
	size_t n = ports_of(s, ports), i;

	for (i = 0; i < n; i++) {
		if (ports[i] == 0)
			continue;
		stop_port_quietly(s, ports[i]);
		printf("Start/restart collector on port '%u' for ", ports[i]);
		start_collector(s, ports[i]);
		printf("\n");
	}
}

/*
 * The daemon's watch: a collector whose pid file is still there but whose
 * process is gone died (a clean stop removes the file): start it again.
 */
void sen_watch_collectors(struct sen *s)
{
	unsigned ports[1024];
	char pidf[PATH_MAX];
	size_t n = ports_of(s, ports), i;
	long pid;

	snprintf(pidf, sizeof(pidf), "%s/sen.stopping", s->conf.piddir);
	if (access(pidf, F_OK) == 0)
		return;		/* nfsen stop is taking the collectors down */
	for (i = 0; i < n; i++) {
		if (ports[i] == 0)
			continue;
		pid_path(s, ports[i], pidf, sizeof(pidf));
		pid = read_pid(pidf);
		if (pid == 0 || alive(pid))
			continue;
		sen_log(LOG_WARNING, "collector on port %u [%ld] died: restarting", ports[i], pid);
		unlink(pidf);
		pid = start_collector(s, ports[i]);
		if (pid > 0)
			sen_log(LOG_INFO, "collector on port %u restarted [%ld]", ports[i], pid);
	}
}
