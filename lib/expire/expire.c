/*
 * Rescan and expire a flow directory (cli.md §7.1), and the collector's
 * -e step.  Files are taken oldest first: sorted by the stamp in their
 * name, which is what nfexpire's name-sorted walk gives for every -S
 * layout.
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "expire/expire.h"
#include "util/alloc.h"
#include "util/banned.h"

struct ffile {
	char *path;
	const char *root;	/* the directory it was listed under (pruning stops there) */
	time_t t;
	uint64_t size;
	size_t order;		/* position in the walk: equal stamps keep it (nfexpire -p) */
	char stamp[16];
};

struct flist {
	struct ffile *v;
	size_t n, cap;
	const char *root;	/* set while walking one directory */
};

/* set by expire_set_stop; a signal handler may raise it at any time */
static const volatile sig_atomic_t *stop_flag;

void expire_set_stop(const volatile sig_atomic_t *flag)
{
	stop_flag = flag;
}

static int stop_requested(void)
{
	return stop_flag && *stop_flag;
}

static int digits(const char *p, int w)
{
	int n = 0;

	while (w-- > 0)
		n = n * 10 + (*p++ - '0');
	return n;
}

time_t expire_file_time(const char *name)
{
	size_t len = strlen(name);
	struct tm tm = { 0 };
	const char *d = name + 7;

	if ((len != 19 && len != 21) || strncmp(name, "nfcapd.", 7) != 0)
		return -1;
	for (const char *p = d; *p; p++)
		if (!isdigit((unsigned char)*p))
			return -1;
	tm.tm_year = digits(d, 4) - 1900;
	tm.tm_mon = digits(d + 4, 2) - 1;
	tm.tm_mday = digits(d + 6, 2);
	tm.tm_hour = digits(d + 8, 2);
	tm.tm_min = digits(d + 10, 2);
	tm.tm_sec = len == 21 ? digits(d + 12, 2) : 0;
	tm.tm_isdst = -1;
	return mktime(&tm);
}

static int flist_add(struct flist *l, const char *path, const char *name, const struct stat *st)
{
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 64;
		struct ffile *v = flow_realloc(l->v, cap * sizeof(*v));

		if (!v)
			return FLOW_ENOMEM;
		l->v = v;
		l->cap = cap;
	}

	struct ffile *f = &l->v[l->n];

	f->path = flow_strdup(path);
	if (!f->path)
		return FLOW_ENOMEM;
	f->root = l->root;
	f->t = expire_file_time(name);
	f->size = 512 * (uint64_t)st->st_blocks;
	snprintf(f->stamp, sizeof(f->stamp), "%s", name + 7);
	f->order = l->n;
	l->n++;
	return 0;
}

static void flist_free(struct flist *l)
{
	for (size_t i = 0; i < l->n; i++)
		flow_free(l->v[i].path);
	flow_free(l->v);
}

/* Flow files in dir and its digit-named sub directories. */
static int walk(const char *dir, int depth, struct flist *l, struct flow_err *err)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int rc = 0;

	if (!d)
		return flow_errorf_errno(err, FLOW_EIO, "%s", dir);
	while (rc == 0 && (e = readdir(d)) != NULL) {
		char path[PATH_MAX];
		struct stat st;

		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		if (stat(path, &st) < 0)
			continue;
		if (S_ISDIR(st.st_mode) && isdigit((unsigned char)e->d_name[0]) && depth < 8)
			rc = walk(path, depth + 1, l, err);
		else if (S_ISREG(st.st_mode) && expire_file_time(e->d_name) != -1)
			rc = flist_add(l, path, e->d_name, &st);
	}
	closedir(d);
	return rc;
}

static int by_stamp(const void *a, const void *b)
{
	const struct ffile *x = a, *y = b;
	int c = strncmp(x->stamp, y->stamp, 12);

	if (!c)
		c = strcmp(x->stamp, y->stamp);
	return c ? c : (x->order > y->order) - (x->order < y->order);
}

static int list_files(const char *dir, struct flist *l, struct flow_err *err)
{
	memset(l, 0, sizeof(*l));
	l->root = dir;

	int rc = walk(dir, 0, l, err);

	if (rc < 0) {
		flist_free(l);
		return rc;
	}
	if (l->n)
		qsort(l->v, l->n, sizeof(l->v[0]), by_stamp);
	return 0;
}

int expire_rescan(const char *dir, struct nfstat *s, struct flow_err *err)
{
	struct flist l;
	int rc = list_files(dir, &l, err);

	if (rc < 0)
		return rc;
	s->size = 0;
	s->numfiles = l.n;
	for (size_t i = 0; i < l.n; i++)
		s->size += l.v[i].size;
	if (l.n == 0) {		/* nfexpire: rebuild again next time */
		s->first = s->last = (uint64_t)time(NULL);
		s->status = NFSTAT_REBUILD;
	} else {
		s->first = (uint64_t)l.v[0].t;
		s->last = (uint64_t)l.v[l.n - 1].t;
		s->status = NFSTAT_OK;
	}
	flist_free(&l);
	return 0;
}

/* Remove the now empty sub directories between path and dir. */
static void prune_dirs(const char *dir, const char *path)
{
	char p[PATH_MAX];
	size_t dl = strlen(dir);

	snprintf(p, sizeof(p), "%s", path);
	for (char *slash = strrchr(p, '/'); slash && (size_t)(slash - p) > dl;
	     slash = strrchr(p, '/')) {
		*slash = '\0';
		if (rmdir(p) < 0)
			break;
	}
}

static int expire_one(const char *dir, struct nfstat *s, const struct ffile *f,
		      struct expire_result *res)
{
	if (unlink(f->path) < 0)
		return -1;
	s->size = s->size > f->size ? s->size - f->size : 0;
	if (s->numfiles)
		s->numfiles--;
	res->files++;
	res->bytes += f->size;
	prune_dirs(f->root ? f->root : dir, f->path);
	return 0;
}

int expire_dir(const char *dir, struct nfstat *s, uint64_t maxsize, uint64_t lifetime,
	       time_t now, struct expire_result *res, struct flow_err *err)
{
	unsigned wm = s->watermark ? s->watermark : 95;
	int size_done = maxsize == 0 || s->size < maxsize;
	int life_done = lifetime == 0 || now - (time_t)s->first < (time_t)lifetime;
	uint64_t sizelimit = wm * maxsize / 100;
	time_t tlimit = now - (time_t)(lifetime * wm / 100);
	struct flist l;
	size_t i;
	int rc;

	memset(res, 0, sizeof(*res));
	s->watermark = wm;	/* nfexpire stores the 95 it used for an unset one */
	if (size_done && life_done)
		return 0;
	rc = list_files(dir, &l, err);
	if (rc < 0)
		return rc;
	for (i = 0; i < l.n && !(size_done && life_done); i++) {
		const struct ffile *f = &l.v[i];

		if (stop_requested()) {	/* the files left start at f */
			size_done = life_done = 1;
			s->first = (uint64_t)f->t;
			break;
		}
		if (!size_done && s->size > sizelimit) {
			expire_one(dir, s, f, res);
			continue;
		}
		size_done = 1;
		if (!life_done && f->t < tlimit) {
			expire_one(dir, s, f, res);
			continue;
		}
		life_done = 1;
		s->first = (uint64_t)f->t;
	}
	if (!(size_done && life_done))	/* everything went: nothing older remains */
		s->first = s->last;
	if (s->numfiles == 0) {
		s->first = s->last = (uint64_t)now;
		s->status = NFSTAT_REBUILD;
	}
	flist_free(&l);
	return 0;
}

/* Newest slot of the channel f was found in. */
static void channel_last(const char *const *dirs, size_t n, const struct ffile *f, uint64_t *last)
{
	for (size_t i = 0; i < n; i++)
		if (f->root == dirs[i] && (uint64_t)f->t > last[i])
			last[i] = (uint64_t)f->t;
}

/*
 * A channel's .nfstat after a profile expire: recounted, its limits kept;
 * an emptied channel keeps its newest slot as first and last and is
 * marked for rebuild, as nfexpire 1.7.1 leaves it.
 */
static void restat_channel(const char *dir, uint64_t last, struct flow_err *err)
{
	struct nfstat s;

	if (expire_load_nfstat(dir, &s, NULL, NULL, err) < 0 || expire_rescan(dir, &s, err) < 0)
		return;
	if (s.numfiles == 0 && last)
		s.first = s.last = last;
	expire_store_nfstat(dir, &s, err);
}

/*
 * nfexpire -p: the channels of a profile expire as one: the oldest file of
 * any channel goes first, against the summed size.  Each channel's
 * .nfstat is rewritten from what is left.
 */
int expire_profile(const char *const *dirs, size_t n, uint64_t maxsize, uint64_t lifetime,
		   unsigned watermark, time_t now, struct nfstat *total,
		   struct expire_result *res, struct flow_err *err)
{
	unsigned wm = watermark ? (watermark > 100 ? 100 : watermark) : 100;
	uint64_t *last;
	struct flist l;
	size_t i;
	int rc = 0, size_done, life_done;

	memset(&l, 0, sizeof(l));
	memset(res, 0, sizeof(*res));
	memset(total, 0, sizeof(*total));
	for (i = 0; i < n && rc == 0; i++) {
		l.root = dirs[i];
		rc = walk(dirs[i], 0, &l, err);
	}
	if (rc < 0) {
		flist_free(&l);
		return rc;
	}
	if (l.n)
		qsort(l.v, l.n, sizeof(l.v[0]), by_stamp);
	last = flow_calloc(n ? n : 1, sizeof(*last));
	if (!last) {
		flist_free(&l);
		return flow_errorf(err, FLOW_ENOMEM, "expire: out of memory");
	}
	for (i = 0; i < l.n; i++) {
		total->size += l.v[i].size;
		channel_last(dirs, n, &l.v[i], last);
	}
	total->numfiles = l.n;
	total->first = l.n ? (uint64_t)l.v[0].t : (uint64_t)now;
	total->last = l.n ? (uint64_t)l.v[l.n - 1].t : (uint64_t)now;
	total->watermark = wm;
	size_done = maxsize == 0 || total->size < maxsize;
	life_done = lifetime == 0 || now - (time_t)total->first < (time_t)lifetime;
	for (i = 0; i < l.n && !(size_done && life_done); i++) {
		const struct ffile *f = &l.v[i];

		if (stop_requested()) {
			size_done = life_done = 1;
			total->first = (uint64_t)f->t;
			break;
		}
		if (!size_done && total->size > wm * maxsize / 100) {
			expire_one(f->root, total, f, res);
			continue;
		}
		size_done = 1;
		if (!life_done && f->t < now - (time_t)(lifetime * wm / 100)) {
			expire_one(f->root, total, f, res);
			continue;
		}
		life_done = 1;
		total->first = (uint64_t)f->t;
	}
	if (!(size_done && life_done))	/* all went: nfexpire keeps the newest slot */
		total->first = total->last;
	flist_free(&l);
	for (i = 0; i < n; i++)
		restat_channel(dirs[i], last[i], err);
	flow_free(last);
	return 0;
}
