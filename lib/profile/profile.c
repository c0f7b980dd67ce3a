/*
 * profile.c - profile.dat: parse, format, locked read and write
 * (profile.h).
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "profile/profile.h"
#include "util/alloc.h"

void profile_init(struct profile *p)
{
	memset(p, 0, sizeof(*p));
	strcpy(p->group, ".");
	strcpy(p->status, "new");
	p->version = PROFILE_VERSION;
}

void profile_free(struct profile *p)
{
	size_t i;

	for (i = 0; i < p->ndescription; i++)
		flow_free(p->description[i]);
	flow_free(p->description);
	for (i = 0; i < p->nchannels; i++)
		flow_free(p->channels[i].sourcelist);
	flow_free(p->channels);
	profile_init(p);
}

static int push_description(struct profile *p, const char *s, size_t n)
{
	char **d = flow_realloc(p->description, (p->ndescription + 1) * sizeof(*d));
	char *line;

	if (!d)
		return -1;
	p->description = d;
	line = flow_malloc(n + 1);
	if (!line)
		return -1;
	memcpy(line, s, n);
	line[n] = '\0';
	d[p->ndescription++] = line;
	return 0;
}

static int copy_name(char *dst, size_t cap, const char *v)
{
	if (strlen(v) >= cap)
		return -1;
	strcpy(dst, v);
	return 0;
}

/* name:sign:colour:order:sourcelist */
static int parse_channel(struct profile *p, char *v, const char *path, unsigned line,
			 struct flow_err *err)
{
	char *f[5];
	char *end;
	unsigned long order;
	int i;

	for (i = 0; i < 4; i++) {
		f[i] = v;
		v = strchr(v, ':');
		if (!v)
			return flow_errorf(err, FLOW_EFORMAT, "%s line %u: bad channel line", path, line);
		*v++ = '\0';
	}
	f[4] = v;
	order = strtoul(f[3], &end, 10);
	if (*end || (f[1][0] != '+' && f[1][0] != '-') || f[1][1])
		return flow_errorf(err, FLOW_EFORMAT, "%s line %u: bad channel line", path, line);
	return profile_channel_add(p, f[0], f[1][0], f[2], (unsigned)order, f[4], err);
}

static int parse_num(const char *v, int64_t *out)
{
	char *end;

	errno = 0;
	*out = strtoll(v, &end, 10);
	return errno || end == v || *end ? -1 : 0;
}

/* One `key = value` line. */
static int parse_kv(struct profile *p, const char *key, char *val, const char *path,
		    unsigned line, struct flow_err *err)
{
	static const char *const nums[] = { "tbegin", "tcreate", "tstart", "tend", "updated",
					    "expire", "maxsize", "size", "type", "locked",
					    "version" };
	int64_t n;
	size_t i;

	if (strcmp(key, "name") == 0 || strcmp(key, "group") == 0 || strcmp(key, "status") == 0) {
		char *dst = key[0] == 'n' ? p->name : key[0] == 'g' ? p->group : p->status;
		size_t cap = key[0] == 's' ? sizeof(p->status) : PROFILE_NAME_MAX;

		if (copy_name(dst, cap, val))
			return flow_errorf(err, FLOW_EFORMAT, "%s line %u: %s too long", path, line, key);
		return 0;
	}
	if (strcmp(key, "channel") == 0)
		return parse_channel(p, val, path, line, err);
	if (strcmp(key, "sourcelist") == 0 || strcmp(key, "filter") == 0)
		return 0;	/* pre-1.3 keys nfsen also skips */
	for (i = 0; i < sizeof(nums) / sizeof(nums[0]); i++)
		if (strcmp(key, nums[i]) == 0)
			break;
	if (i == sizeof(nums) / sizeof(nums[0]))
		return flow_errorf(err, FLOW_EFORMAT,
				   "Error reading profile information. Unknown key: '%s'", key);
	if (parse_num(val, &n))
		return flow_errorf(err, FLOW_EFORMAT, "%s line %u: '%s' is not a number for %s",
				   path, line, val, key);
	switch (i) {
	case 0: p->tbegin = n; break;
	case 1: p->tcreate = n; break;
	case 2: p->tstart = n; break;
	case 3: p->tend = n; break;
	case 4: p->updated = n; break;
	case 5: p->expire = (uint64_t)n; break;
	case 6: p->maxsize = (uint64_t)n; break;
	case 7: p->size = (uint64_t)n; break;
	case 8: p->type = (unsigned)n; break;
	case 9: p->locked = n != 0; break;
	default: p->version = (unsigned)n; break;
	}
	return 0;
}

static char *trim(char *s, char *e)
{
	while (s < e && isspace((unsigned char)*s))
		s++;
	while (e > s && isspace((unsigned char)e[-1]))
		e--;
	*e = '\0';
	return s;
}

static int parse_line(struct profile *p, char *s, char *e, const char *path, unsigned line,
		      struct flow_err *err)
{
	char *k = s, *eq;

	while (k < e && isspace((unsigned char)*k))
		k++;
	if (k == e)
		return 0;
	if (*k == '#') {
		k++;
		while (k < e && isspace((unsigned char)*k))
			k++;
		return push_description(p, k, (size_t)(e - k)) ?
			flow_errorf(err, FLOW_ENOMEM, "%s: out of memory", path) : 0;
	}
	eq = memchr(k, '=', (size_t)(e - k));
	if (!eq)
		return flow_errorf(err, FLOW_EFORMAT, "%s line %u: no '=' in line", path, line);
	return parse_kv(p, trim(k, eq), trim(eq + 1, e), path, line, err);
}

int profile_parse(struct profile *p, const char *path, const char *text, size_t len,
		  struct flow_err *err)
{
	char *buf = flow_malloc(len + 1), *s, *e, *end;
	unsigned line = 1;
	int rc = 0;

	profile_init(p);
	if (!buf)
		return flow_errorf(err, FLOW_ENOMEM, "%s: out of memory", path);
	memcpy(buf, text, len);
	buf[len] = '\0';
	end = buf + len;
	for (s = buf; s < end && rc == 0; s = e + 1, line++) {
		e = memchr(s, '\n', (size_t)(end - s));
		if (!e)
			e = end;
		rc = parse_line(p, s, e, path, line, err);
	}
	flow_free(buf);
	if (rc < 0)
		profile_free(p);
	return rc;
}

struct out {
	char *s;
	size_t len, cap;
	int oom;
};

static void outf(struct out *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void outf(struct out *o, const char *fmt, ...)
{
	va_list ap;
	int n;

	for (;;) {
		if (o->oom)
			return;
		va_start(ap, fmt);
		n = vsnprintf(o->s ? o->s + o->len : NULL, o->s ? o->cap - o->len : 0, fmt, ap);
		va_end(ap);
		if (n >= 0 && o->s && (size_t)n < o->cap - o->len) {
			o->len += (size_t)n;
			return;
		}
		{
			size_t cap = (o->cap ? o->cap * 2 : 1024) + (size_t)n;
			char *p = flow_realloc(o->s, cap);

			if (!p) {
				o->oom = 1;
				return;
			}
			o->s = p;
			o->cap = cap;
		}
	}
}

int profile_format(const struct profile *p, char **out, size_t *len, struct flow_err *err)
{
	struct out o = { 0 };
	size_t i;

	for (i = 0; i < p->ndescription; i++)
		outf(&o, "# %s\n", p->description[i]);
	outf(&o, "name = %s\ngroup = %s\n", p->name, p->group);
	outf(&o, "tbegin = %" PRId64 "\ntcreate = %" PRId64 "\ntstart = %" PRId64 "\n",
	     p->tbegin, p->tcreate, p->tstart);
	outf(&o, "tend = %" PRId64 "\nupdated = %" PRId64 "\n", p->tend, p->updated);
	outf(&o, "expire = %" PRIu64 "\nmaxsize = %" PRIu64 "\nsize = %" PRIu64 "\n",
	     p->expire, p->maxsize, p->size);
	outf(&o, "type = %u\nlocked = %d\nstatus = %s\nversion = %u\n", p->type, p->locked,
	     p->status, p->version);
	for (i = 0; i < p->nchannels; i++) {
		const struct profile_channel *c = &p->channels[i];

		outf(&o, "channel = %s:%c:%s:%u:%s\n", c->name, c->sign, c->colour, c->order,
		     c->sourcelist ? c->sourcelist : "");
	}
	if (o.oom) {
		flow_free(o.s);
		return flow_errorf(err, FLOW_ENOMEM, "profile '%s': out of memory", p->name);
	}
	*out = o.s;
	*len = o.len;
	return 0;
}

int profile_fd_read(struct profile *p, int fd, const char *path, struct flow_err *err)
{
	struct stat st;
	char *buf;
	ssize_t got;
	int rc;

	if (fstat(fd, &st) < 0)
		return flow_errorf_errno(err, FLOW_EIO, "%s", path);
	buf = flow_malloc((size_t)st.st_size + 1);
	if (!buf)
		return flow_errorf(err, FLOW_ENOMEM, "%s: out of memory", path);
	got = pread(fd, buf, (size_t)st.st_size, 0);
	if (got < 0) {
		flow_free(buf);
		return flow_errorf_errno(err, FLOW_EIO, "%s", path);
	}
	rc = profile_parse(p, path, buf, (size_t)got, err);
	flow_free(buf);
	return rc;
}

int profile_fd_write(const struct profile *p, int fd, const char *path, struct flow_err *err)
{
	char *text;
	size_t len, off = 0;
	int rc = profile_format(p, &text, &len, err);

	if (rc < 0)
		return rc;
	while (off < len && rc == 0) {
		ssize_t n = pwrite(fd, text + off, len - off, (off_t)off);

		if (n < 0 && errno != EINTR)
			rc = flow_errorf_errno(err, FLOW_EIO, "%s", path);
		else if (n > 0)
			off += (size_t)n;
	}
	if (rc == 0 && ftruncate(fd, (off_t)len) < 0)
		rc = flow_errorf_errno(err, FLOW_EIO, "%s", path);
	flow_free(text);
	return rc;
}

int profile_read(struct profile *p, const char *path, struct flow_err *err)
{
	int fd, rc;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return flow_errorf_errno(err, errno == ENOENT ? FLOW_ENOENT : FLOW_EIO, "%s", path);
	if (flock(fd, LOCK_SH) < 0)
		rc = flow_errorf_errno(err, FLOW_EIO, "%s", path);
	else
		rc = profile_fd_read(p, fd, path, err);
	close(fd);	/* drops the lock */
	return rc;
}

int profile_write(const struct profile *p, const char *path, struct flow_err *err)
{
	int fd, rc;

	fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0664);
	if (fd >= 0)
		(void)fchmod(fd, 0664);	/* group-writable whatever the umask, as nfsen's */
	else if (errno == EEXIST)
		fd = open(path, O_RDWR | O_CLOEXEC);
	if (fd < 0)
		return flow_errorf_errno(err, FLOW_EIO, "%s", path);
	if (flock(fd, LOCK_EX) < 0)
		rc = flow_errorf_errno(err, FLOW_EIO, "%s", path);
	else
		rc = profile_fd_write(p, fd, path, err);
	close(fd);
	return rc;
}

struct profile_channel *profile_channel_find(const struct profile *p, const char *name)
{
	size_t i;

	for (i = 0; i < p->nchannels; i++)
		if (strcmp(p->channels[i].name, name) == 0)
			return &p->channels[i];
	return NULL;
}

int profile_channel_add(struct profile *p, const char *name, char sign, const char *colour,
			unsigned order, const char *sourcelist, struct flow_err *err)
{
	struct profile_channel *c, *arr;

	if (strlen(name) >= PROFILE_NAME_MAX || strlen(colour) >= PROFILE_COLOUR_LEN)
		return flow_errorf(err, FLOW_EFORMAT, "channel '%s': name or colour too long", name);
	arr = flow_realloc(p->channels, (p->nchannels + 1) * sizeof(*arr));
	if (!arr)
		return flow_errorf(err, FLOW_ENOMEM, "channel '%s': out of memory", name);
	p->channels = arr;
	c = &arr[p->nchannels];
	memset(c, 0, sizeof(*c));
	c->sourcelist = flow_strdup(sourcelist ? sourcelist : "");
	if (!c->sourcelist)
		return flow_errorf(err, FLOW_ENOMEM, "channel '%s': out of memory", name);
	strcpy(c->name, name);
	strcpy(c->colour, colour);
	c->sign = sign;
	c->order = order;
	p->nchannels++;
	return 0;
}

int profile_channel_delete(struct profile *p, const char *name)
{
	struct profile_channel *c = profile_channel_find(p, name);
	size_t i;

	if (!c)
		return FLOW_ENOENT;
	i = (size_t)(c - p->channels);
	flow_free(c->sourcelist);
	memmove(c, c + 1, (p->nchannels - i - 1) * sizeof(*c));
	p->nchannels--;
	return 0;
}

/* Does channel x list before y?  Signs first (+ before -), then order. */
static int lists_before(const struct profile_channel *x, const struct profile_channel *y)
{
	if (x->sign != y->sign)
		return x->sign == '+';
	return x->order < y->order;
}

void profile_channel_order(const struct profile *p, size_t *idx)
{
	size_t i, j;

	/* insertion sort: stable, and a profile has tens of channels at most */
	for (i = 0; i < p->nchannels; i++) {
		size_t v = i;

		for (j = i; j > 0 && lists_before(&p->channels[v], &p->channels[idx[j - 1]]); j--)
			idx[j] = idx[j - 1];
		idx[j] = v;
	}
}

static int name_chars_ok(const char *s, const char *extra)
{
	if (!*s)
		return 0;
	for (; *s; s++)
		if (!isalnum((unsigned char)*s) && !strchr(extra, *s))
			return 0;
	return 1;
}

int profile_name_ok(const char *name)
{
	return strlen(name) < PROFILE_NAME_MAX && name_chars_ok(name, "+_-");
}

int profile_channel_name_ok(const char *name)
{
	return strlen(name) < PROFILE_NAME_MAX && name[0] != '.' && name_chars_ok(name, "_-");
}

int profile_set_description(struct profile *p, char *const *lines, size_t n)
{
	size_t i;

	for (i = 0; i < p->ndescription; i++)
		flow_free(p->description[i]);
	flow_free(p->description);
	p->description = NULL;
	p->ndescription = 0;
	for (i = 0; i < n; i++)
		if (push_description(p, lines[i], strlen(lines[i])) < 0)
			return FLOW_ENOMEM;
	return 0;
}
