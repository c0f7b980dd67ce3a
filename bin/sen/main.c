/*
 * main.c - sen: nfsen and nfsend in one binary.
 *
 *   sen [-C FILE] <nfsen options>     the nfsen command line (also as "nfsen")
 *   sen [-C FILE] daemon [-f]         the daemon (also as "nfsend")
 *   sen [-C FILE] run                 collectors and daemon in the foreground
 *   sen [-C FILE] process YYYYMMDDhhmm   run one periodic cycle for that slot now
 *   sen config-convert FILE           print an nfsen.conf as sen.yaml
 */
#include <grp.h>
#include <limits.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sen.h"

int sen_load(struct sen *s, const char *conf_path, struct flow_err *err)
{
	const char *path = sen_conf_locate(conf_path, err);
	struct passwd *pw;
	struct group *gr;
	int rc;

	if (!path)
		return FLOW_ENOENT;
	rc = sen_conf_load(&s->conf, path, err);
	if (rc < 0)
		return rc;
	/*
	 * The nfsen frontend parses Debian nfdump 1.7.1's text: the dump runs
	 * for it (run-nfdump, details) speak that dialect unless nfsen.conf's
	 * $NFDUMP_DIALECT says otherwise.  Set here, before any thread.
	 */
	const char *dialect = conf_hash_str(s->conf.file, "NFDUMP_DIALECT");

	setenv("NFDUMP_DIALECT", dialect && *dialect ? dialect : "1.7.1", 1);
	s->ps.statdir = s->conf.profilestatdir;
	s->ps.datadir = s->conf.profiledatadir;
	s->ps.cycletime = s->conf.cycletime > 0 ? (unsigned)s->conf.cycletime : 300;
	s->ps.uid = (uid_t)-1;
	s->ps.gid = (gid_t)-1;
	/* files we create belong to $USER:$WWWGROUP, as nfsen's do */
	pw = s->conf.user ? getpwnam(s->conf.user) : NULL;
	gr = s->conf.wwwgroup ? getgrnam(s->conf.wwwgroup) : NULL;
	if (getuid() == 0 && pw && gr) {
		s->ps.uid = pw->pw_uid;
		s->ps.gid = gr->gr_gid;
	}
	pthread_mutex_init(&s->cycle, NULL);
	return 0;
}

void sen_unload(struct sen *s)
{
	sen_conf_free(&s->conf);
	pthread_mutex_destroy(&s->cycle);
}

static int config_convert(const char *path)
{
	struct sen_conf c;
	struct flow_err err = { 0 };

	if (!path) {
		fprintf(stderr, "usage: sen config-convert nfsen.conf\n");
		return 1;
	}
	if (sen_conf_load(&c, path, &err) < 0) {
		fprintf(stderr, "ERR %s\n", err.msg);
		return 1;
	}
	if (conf_write_yaml(c.file, stdout, &err) < 0) {
		fprintf(stderr, "%s\n", err.msg);
		sen_conf_free(&c);
		return 1;
	}
	sen_conf_free(&c);
	return 0;
}

/* sen process SLOT [-v]: one cycle in the foreground (tests, catching up). */
static int process_slot(struct sen *s, const char *iso, int verbose)
{
	struct flow_err err = { 0 };
	struct sen_cycle_times times = { 0, 0 };
	time_t t = iso ? pstore_parse_iso(iso) : -1;

	if (t < 0) {
		fprintf(stderr, "usage: sen process YYYYMMDDhhmm [-v]\n");
		return 1;
	}
	/* the cycle as the daemon runs it: as $USER:$WWWGROUP */
	if (sen_ensure_live(s, &err) == 0) {
		sen_own_tree(s);
		if (sen_drop_priv(s) < 0)
			fprintf(stderr, "Can't become '%s:%s'\n", s->conf.user, s->conf.wwwgroup);
	}
	if (err.msg[0] || sen_cycle(s, t, &times, &err) < 0) {
		fprintf(stderr, "%s\n", err.msg);
		return 1;
	}
	if (verbose)
		printf("profiling %.3f s, rrd/graphs/expire %.3f s\n", times.profiling, times.after);
	return 0;
}

static int is_direct(const char *w)
{
	return !strcmp(w, "start") || !strcmp(w, "stop") || !strcmp(w, "status") ||
	       !strcmp(w, "reload") || !strcmp(w, "reconfig");
}

/*
 * start, stop, status, reload, reconfig.  nfsen wants root for them
 * because it changes to $USER; sen needs root only when $USER is not the
 * user running it, and allows $USER root (containers) with a warning.
 */
static int direct(struct sen *s, const char *conf_path, int argc, char **argv)
{
	const char *w = argv[1];
	struct passwd *pw = s->conf.user ? getpwnam(s->conf.user) : NULL;

	if (getuid() != 0 && (!pw || pw->pw_uid != getuid())) {
		printf("%s wants to run this command as root\n", s->prog);
		return 1;
	}
	if (pw && pw->pw_uid == 0 && strcmp(w, "start") == 0)
		fprintf(stderr, "%s: warning: USER is root; nfsen would refuse to run as root\n",
			s->prog);
	if (strcmp(w, "reconfig") == 0)
		return sen_reconfig(s, argc > 2 && strcmp(argv[2], "-y") == 0);
	if (!sen_sources_match(s)) {
		printf("Configured sources do not match existing sources. Run 'nfsen reconfig' first!\n");
		return 0;
	}
	if (strcmp(w, "start") == 0)
		return sen_start(s, conf_path);
	if (strcmp(w, "stop") == 0)
		return sen_stop(s);
	if (strcmp(w, "status") == 0)
		return sen_status(s);
	return sen_reload(s);
}

/* Take -C FILE / --config=FILE out of argv (nfsen has no -C). */
static const char *take_config(int *argc, char **argv)
{
	const char *path = NULL;
	int i, j;

	for (i = 1, j = 1; i < *argc; i++) {
		if (strcmp(argv[i], "-C") == 0 && i + 1 < *argc)
			path = argv[++i];
		else if (strncmp(argv[i], "--config=", 9) == 0)
			path = argv[i] + 9;
		else
			argv[j++] = argv[i];
	}
	*argc = j;
	argv[j] = NULL;
	return path;
}

int main(int argc, char **argv)
{
	struct sen s;
	struct flow_err err = { 0 };
	const char *base = strrchr(argv[0], '/') ? strrchr(argv[0], '/') + 1 : argv[0];
	char abs[PATH_MAX];
	const char *conf_path = take_config(&argc, argv);
	int daemon = strcmp(base, "nfsend") == 0, foreground = 0, rc;

	/* the daemon changes to / and may re-execute itself: keep the path usable */
	if (conf_path && realpath(conf_path, abs))
		conf_path = abs;
	/* help and version need no configuration */
	if (argc == 2 && (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help"))) {
		sen_usage(argv[0]);
		return 0;
	}
	if (argc == 2 && (!strcmp(argv[1], "-V") || !strcmp(argv[1], "--version"))) {
		printf("%s: %s nfsen 2022 peter\n", argv[0], SEN_VERSION);
		return 0;
	}
	if (argc > 1 && strcmp(argv[1], "config-convert") == 0)
		return config_convert(argc > 2 ? argv[2] : NULL);
	if (argc > 1 && strcmp(argv[1], "daemon") == 0) {
		daemon = 1;
		foreground = argc > 2 && strcmp(argv[2], "-f") == 0;
	}
	memset(&s, 0, sizeof(s));
	s.prog = argv[0];
	s.conf_path = conf_path;
	if (sen_load(&s, conf_path, &err) < 0) {
		printf("ERR %s\n", err.msg);
		return 255;
	}
	if (argc > 1 && strcmp(argv[1], "run") == 0)
		rc = sen_run(&s);
	else if (argc > 1 && strcmp(argv[1], "process") == 0)
		rc = process_slot(&s, argc > 2 ? argv[2] : NULL, argc > 3 && !strcmp(argv[3], "-v"));
	else if (argc > 1 && is_direct(argv[1]))
		rc = direct(&s, conf_path, argc, argv);
	else
		rc = daemon ? sen_daemon(&s, foreground) : sen_cli(&s, argc, argv);
	sen_unload(&s);
	return rc;
}
