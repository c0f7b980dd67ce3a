/*
 * run.c - nfexpire's modes over one directory or, with -p, over every
 * channel directory of a profile (cli.md §7.1).  The messages and the
 * order in which they appear are 1.7.1's.
 */
#include <dirent.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "nfexpire.h"
#include "util/alloc.h"
#include "util/banned.h"

#define MAX_CHANNELS 1024

static int rescan(const char *dir, struct nfstat *s)
{
	struct flow_err err = { 0 };

	printf("Scanning files in %s .. ", dir);
	fflush(stdout);
	if (expire_rescan(dir, s, &err) < 0) {
		printf("\n");
		fprintf(stderr, "%s\n", err.msg);
		return -1;
	}
	printf("done.\n");
	return 0;
}

/* .nfstat remarks: on stdout, where 1.7.1 prints them */
static void remark(void *ctx, const char *msg)
{
	(void)ctx;
	printf("%s\n", msg);
}

/*
 * .nfstat of dir; 1 when it has to be rebuilt from the files (missing,
 * marked so, or -r), after saying why as 1.7.1 does.
 */
static int check(const char *dir, struct nfstat *s, int force)
{
	struct flow_err err = { 0 };
	int rc = expire_load_nfstat(dir, s, remark, NULL, &err);

	if (rc < 0) {
		fprintf(stderr, "%s\n", err.msg);
		return -1;
	}
	if (rc == 0)
		s->watermark = 0;	/* a new record starts so, as 1.7.1 writes it */
	if (force)
		return 1;	/* -r says nothing about why */
	if (rc == 0)
		printf("Force rebuild to create stat record in %s\n", dir);
	else if (s->status == NFSTAT_REBUILD)
		printf("Force rebuild requested by stat record in %s\n", dir);
	return rc == 0 || s->status == NFSTAT_REBUILD;
}

static int load(const char *dir, struct nfstat *s, int force)
{
	int rc = check(dir, s, force);

	return rc > 0 ? rescan(dir, s) : rc;
}

static int store(const char *dir, const struct nfstat *s)
{
	struct flow_err err = { 0 };

	if (expire_store_nfstat(dir, s, &err) < 0) {
		fprintf(stderr, "%s\n", err.msg);
		return -1;
	}
	return 0;
}

static void show(const struct nfx_opts *o, const struct nfstat *s)
{
	if (o->nfsen)
		nfexpire_print_stat_line(stdout, s);
	else
		nfexpire_print_stat(stdout, s);
}

static void apply_limits(const struct nfx_opts *o, struct nfstat *s)
{
	if (o->given & NFX_GIVEN_SIZE)
		s->maxsize = o->maxsize;
	if (o->given & NFX_GIVEN_LIFE)
		s->lifetime = o->lifetime;
	if (o->given & NFX_GIVEN_WM)
		s->watermark = o->watermark;
}

/*
 * A lifetime that would delete every file is asked about first when a
 * person runs nfexpire (stdin a terminal), with 1.7.1's words, typo
 * included.  1 = go ahead.
 */
static int confirm_all(const struct nfstat *s, time_t now)
{
	time_t limit = now - (time_t)s->lifetime;
	char life[64], before[32], latest[32], answer[32];
	struct tm tm;

	if (!s->lifetime || (time_t)s->last >= limit || !isatty(STDIN_FILENO))
		return 1;
	nfexpire_fmt_time(s->lifetime, life, sizeof(life));
	localtime_r(&limit, &tm);
	strftime(before, sizeof(before), "%Y-%m-%d %H:%M:%S", &tm);
	time_t last = (time_t)s->last;

	localtime_r(&last, &tm);
	strftime(latest, sizeof(latest), "%Y-%m-%d %H:%M:%S", &tm);
	printf("Your max lifetime of %s will expire all file before %s\n", life, before);
	printf("Your latest files are dated %s. This means all files will be deleted!\n", latest);
	printf("Are you sure? yes/[no] ");
	fflush(stdout);
	if (fgets(answer, sizeof(answer), stdin) && strcasecmp(answer, "yes\n") == 0) {
		printf("Ok - you've beeen warned!\n");
		return 1;
	}
	printf("Expire canceled!\n");
	return 0;
}

static int expire_one_dir(const struct nfx_opts *o, struct nfstat *s)
{
	struct expire_result res = { 0 };
	struct flow_err err = { 0 };
	uint64_t first;

	apply_limits(o, s);
	if (!s->watermark)
		s->watermark = 95;
	first = s->first;
	if (!confirm_all(s, time(NULL))) {
		nfexpire_print_expired(stdout, &res, 0);
		return 0;
	}
	if (expire_dir(o->dir, s, s->maxsize, s->lifetime, time(NULL), &res, &err) < 0) {
		fprintf(stderr, "%s\n", err.msg);
		return -1;
	}
	nfexpire_print_expired(stdout, &res, res.files && s->first > first ? s->first - first : 0);
	return 0;
}

static int run_dir(const struct nfx_opts *o)
{
	struct nfstat s;

	if (load(o->dir, &s, o->mode == NFX_RESCAN) < 0)
		return -1;
	if (o->mode == NFX_BOOK)	/* our collectors keep no shared record */
		printf("No collector process running for directory: '%s'\n", o->dir);
	if (o->mode == NFX_UPDATE)
		apply_limits(o, &s);
	if (o->mode == NFX_EXPIRE && expire_one_dir(o, &s) < 0)
		return -1;
	if (store(o->dir, &s) < 0)
		return -1;
	show(o, &s);
	return 0;
}

/* The channel directories of profile dir: sub directories not starting with '.'. */
static size_t channels(const char *dir, char **out, size_t cap)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	size_t n = 0;

	if (!d) {
		perror(dir);
		return 0;
	}
	while (n < cap && (e = readdir(d)) != NULL) {
		char path[PATH_MAX];
		struct stat st;

		if (e->d_name[0] == '.')
			continue;
		if (snprintf(path, sizeof(path), "%s/%s", dir, e->d_name) >= (int)sizeof(path) ||
		    stat(path, &st) < 0 || !S_ISDIR(st.st_mode))
			continue;
		if ((out[n] = flow_strdup(path)) != NULL)
			n++;
	}
	closedir(d);
	return n;
}

/* Channels summed: sizes and counts added, first the oldest, last the newest. */
static void add_channel(struct nfstat *t, const struct nfstat *s, int firstone)
{
	t->size += s->size;
	t->numfiles += s->numfiles;
	if (firstone || s->first < t->first)
		t->first = s->first;
	if (firstone || s->last > t->last)
		t->last = s->last;
}

static int expire_channels(const struct nfx_opts *o, char **dirs, size_t n, struct nfstat *t)
{
	struct expire_result res = { 0 };
	struct flow_err err = { 0 };
	uint64_t first = t->first;

	if (expire_profile((const char *const *)dirs, n, o->maxsize, o->lifetime, t->watermark,
			   time(NULL), t, &res, &err) < 0) {
		fprintf(stderr, "%s\n", err.msg);
		return -1;
	}
	nfexpire_print_expired(stdout, &res, res.files && t->first > first ? t->first - first : 0);
	return 0;
}

/*
 * Every channel's .nfstat, checked first and rebuilt after (1.7.1 says
 * why for all of them before it scans any), and their sum in total.
 */
static int load_channels(const struct nfx_opts *o, char **dirs, size_t n, struct nfstat *total)
{
	struct nfstat *s = flow_calloc(n ? n : 1, sizeof(*s));
	int *redo = flow_calloc(n ? n : 1, sizeof(*redo));
	size_t i;
	int rc = s && redo ? 0 : -1;

	for (i = 0; i < n && rc == 0; i++)
		rc = (redo[i] = check(dirs[i], &s[i], o->mode == NFX_RESCAN)) < 0 ? -1 : 0;
	for (i = 0; i < n && rc == 0; i++) {
		if (redo[i])
			rc = rescan(dirs[i], &s[i]);
		if (rc == 0 && redo[i])
			rc = store(dirs[i], &s[i]);
		add_channel(total, &s[i], i == 0);
	}
	flow_free(s);
	flow_free(redo);
	return rc;
}

static int run_profile(const struct nfx_opts *o)
{
	char *dirs[MAX_CHANNELS];
	size_t n = channels(o->dir, dirs, MAX_CHANNELS), i;
	struct nfstat total = { 0 };
	int rc = load_channels(o, dirs, n, &total);

	/* the profile's limits are the command line's only; 98% is nfexpire's -p default */
	total.maxsize = o->maxsize;
	total.lifetime = o->lifetime;
	total.watermark = o->given & NFX_GIVEN_WM ? o->watermark : 98;
	if (rc == 0 && o->mode == NFX_EXPIRE)
		rc = expire_channels(o, dirs, n, &total);
	total.maxsize = o->maxsize;
	total.lifetime = o->lifetime;
	/* 1.7.1's -p -u only brings the channels' records up to date */
	if (rc == 0 && o->mode != NFX_UPDATE)
		show(o, &total);
	for (i = 0; i < n; i++)
		flow_free(dirs[i]);
	return rc;
}

int nfx_run(const struct nfx_opts *o)
{
	return o->profile ? run_profile(o) : run_dir(o);
}
