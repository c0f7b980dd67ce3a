/*
 * chanops.c - add and delete channels (chanops.h).
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "filter/filter.h"
#include "profile/chanops.h"
#include "profile/rrd.h"
#include "util/alloc.h"

/* nfsend strips "# ..." from the first '#' on (greedy: the last one). */
static size_t strip_comment(const char *line)
{
	const char *hash = strrchr(line, '#');

	return hash && hash != line ? (size_t)(hash - line) : strlen(line);
}

int chan_check_filter(char *const *lines, size_t n, char **joined, struct flow_err *err)
{
	struct flow_filter *f;
	size_t i, len = 0, k;
	char *s, *p, *start, *end;
	int rc;

	for (i = 0; i < n; i++)
		len += strlen(lines[i]) + 1;
	s = flow_malloc(len + 1);
	if (!s)
		return flow_errorf(err, FLOW_ENOMEM, "out of memory");
	p = s;
	for (i = 0; i < n; i++) {
		const char *l = lines[i];

		for (k = 0; isspace((unsigned char)l[k]); k++)
			;
		if (l[k] == '#')
			continue;
		if (p != s)
			*p++ = '\n';
		k = strip_comment(l);
		memcpy(p, l, k);
		p += k;
	}
	*p = '\0';
	for (p = s; *p; p++) {
		if ((!isprint((unsigned char)*p) && !isspace((unsigned char)*p)) || strchr("'\"`;\\", *p)) {
			rc = flow_errorf(err, FLOW_EINVAL, "Illegal characters in filter: '%c'", *p);
			flow_free(s);
			return rc;
		}
	}
	for (start = s; isspace((unsigned char)*start); start++)
		;
	for (end = start + strlen(start); end > start && isspace((unsigned char)end[-1]); end--)
		;
	if (end == start) {
		flow_free(s);
		return flow_errorf(err, FLOW_EINVAL, "Empty filter");
	}
	rc = flow_filter_compile(&f, s, err);
	if (rc < 0) {
		flow_free(s);
		return rc;
	}
	flow_filter_free(f);
	*joined = s;
	return 0;
}

static int colour_ok(const char *c)
{
	size_t i;

	if (strlen(c) != 7 || c[0] != '#')
		return 0;
	for (i = 1; i < 7; i++)
		if (!isxdigit((unsigned char)c[i]))
			return 0;
	return 1;
}

/* Every name of a |-list (nfsend squeezes and trims the bars) must be a live channel. */
int chan_sourcelist(const char *in, const struct profile *live, char *out, size_t cap,
			    struct flow_err *err)
{
	size_t n = 0;
	const char *s = in;

	while (*s) {
		const char *e = strchr(s, '|');
		size_t len = e ? (size_t)(e - s) : strlen(s);
		char name[PROFILE_NAME_MAX];

		if (len > 0) {
			if (len >= sizeof(name) || n + len + 2 > cap)
				return flow_errorf(err, FLOW_EINVAL, "source list too long");
			memcpy(name, s, len);
			name[len] = '\0';
			if (!profile_channel_find(live, name))
				return flow_errorf(err, FLOW_EINVAL,
						   "source '%s' does not exist in profile live", name);
			if (n)
				out[n++] = '|';
			memcpy(out + n, s, len);
			n += len;
		}
		s += len + (e ? 1 : 0);
	}
	out[n] = '\0';
	return 0;
}

static int all_sources(const struct profile *live, char *out, size_t cap, struct flow_err *err)
{
	size_t i, n = 0;

	out[0] = '\0';
	for (i = 0; i < live->nchannels; i++) {
		size_t len = strlen(live->channels[i].name);

		if (n + len + 2 > cap)
			return flow_errorf(err, FLOW_EINVAL, "source list too long");
		if (n)
			out[n++] = '|';
		memcpy(out + n, live->channels[i].name, len + 1);
		n += len;
	}
	return 0;
}

static int write_filter_file(const char *path, char *const *lines, size_t n, struct flow_err *err)
{
	FILE *f = fopen(path, "w");
	size_t i;

	if (!f)
		return flow_errorf_errno(err, FLOW_EIO, "Can't open filter file '%s'", path);
	for (i = 0; i < n; i++)
		fprintf(f, "%s\n", lines[i]);
	if (n == 0)
		fputs("not any\n", f);
	if (fclose(f) != 0)
		return flow_errorf_errno(err, FLOW_EIO, "Can't write filter file '%s'", path);
	return 0;
}

/* Make room at order k among channels of sign s; returns the order to use. */
static unsigned place(struct profile *p, char s, int order)
{
	unsigned max = 1;
	size_t i;

	for (i = 0; i < p->nchannels; i++)
		if (p->channels[i].sign == s)
			max++;
	if (order <= 0 || (unsigned)order > max)
		order = (int)max;
	for (i = 0; i < p->nchannels; i++)
		if (p->channels[i].sign == s && p->channels[i].order >= (unsigned)order)
			p->channels[i].order++;
	return (unsigned)order;
}

/* After the checks passed, nfsend reports "Add channel '<c>' failed: <why>". */
static int add_failed(struct flow_err *err, const char *name, int rc)
{
	char msg[sizeof(err->msg)];

	snprintf(msg, sizeof(msg), "%s", err ? err->msg : "");
	return flow_errorf(err, rc, "Add channel '%s' failed: %s", name, msg);
}

int chan_add(const struct pstore *ps, struct profile *p, const struct profile *live,
	     const struct chan_new *c, struct flow_err *err)
{
	const struct profile_channel *lc = profile_channel_find(live, c->name);
	struct pname pn;
	char sources[4096], dir[4096], file[4096], leaf[PROFILE_NAME_MAX + 16], *joined = NULL;
	const char *colour = lc ? lc->colour : "#abcdef";
	char sign = lc ? lc->sign : '+';
	int order = lc ? (int)lc->order : 0, rc;

	if (!profile_channel_name_ok(c->name))
		return flow_errorf(err, FLOW_EINVAL, "checking channel name: %s!",
				   c->name[0] == '.' ? "Name must not start with '.'" :
				   "Invalid name: RRD allowed characters: A-Z, a-z, 0-9, -,_ ");
	if (profile_channel_find(p, c->name))
		return flow_errorf(err, FLOW_EINVAL, "channel '%s' already exists.", c->name);
	if (c->nfilter) {
		rc = chan_check_filter(c->filter, c->nfilter, &joined, err);
		if (rc < 0) {
			char msg[sizeof(err->msg)];

			snprintf(msg, sizeof(msg), "%s", err ? err->msg : "");
			return flow_errorf(err, rc, "Filter syntax error: %s", msg);
		}
		flow_free(joined);
	}
	rc = c->sourcelist ? chan_sourcelist(c->sourcelist, live, sources, sizeof(sources), err) :
			     all_sources(live, sources, sizeof(sources), err);
	if (rc < 0)
		return rc;
	if (c->colour) {
		if (!colour_ok(c->colour))
			return flow_errorf(err, FLOW_EINVAL, "colour format error. Use '#dddddd'");
		colour = c->colour;
	}
	if (c->sign) {
		if (c->sign != '+' && c->sign != '-')
			return flow_errorf(err, FLOW_EINVAL, "sign format error. Use '+' or '-'");
		sign = c->sign;
	}
	if (c->order >= 0)
		order = c->order;
	strcpy(pn.name, p->name);
	strcpy(pn.group, p->group);
	if (pstore_path(ps, 1, &pn, c->name, dir, sizeof(dir)) < 0)
		return flow_errorf(err, FLOW_EINVAL, "channel path too long");
	if (mkdir(dir, 0775) < 0)
		return add_failed(err, c->name,
				  flow_errorf_errno(err, FLOW_EIO, "Can't create channel directory: '%s'", dir));
	(void)chmod(dir, 0775);	/* nfsen's umask 002 for channel dirs, whatever ours */
	if (ps->uid != (uid_t)-1 && chown(dir, ps->uid, ps->gid) < 0) {
		rc = flow_errorf_errno(err, FLOW_EIO, "Can't chown '%s'", dir);
		rmdir(dir);
		return add_failed(err, c->name, rc);
	}
	snprintf(leaf, sizeof(leaf), "%s-filter.txt", c->name);
	if (pstore_path(ps, 0, &pn, leaf, file, sizeof(file)) < 0 ||
	    write_filter_file(file, c->filter, c->nfilter, err) < 0) {
		rmdir(dir);
		return add_failed(err, c->name, FLOW_EIO);
	}
	rc = profile_channel_add(p, c->name, sign, colour, place(p, sign, order), sources, err);
	if (rc == 0) {
		char rrd[4096];

		snprintf(leaf, sizeof(leaf), "%s.rrd", c->name);
		if (pstore_path(ps, 0, &pn, leaf, rrd, sizeof(rrd)) == 0)
			rc = channel_rrd_create(rrd, (time_t)p->tstart, 1, err);
		if (rc == 0 && ps->uid != (uid_t)-1 && chown(rrd, ps->uid, ps->gid) < 0)
			rc = flow_errorf_errno(err, FLOW_EIO, "Can't chown '%s'", rrd);
		if (rc < 0)
			profile_channel_delete(p, c->name);
	}
	if (rc < 0) {
		unlink(file);
		rmdir(dir);
		return add_failed(err, c->name, rc);
	}
	return 0;
}

int chan_delete(const struct pstore *ps, struct profile *p, const char *name,
		struct flow_err *err)
{
	struct profile_channel *c = profile_channel_find(p, name);
	struct pname pn;
	char dir[4096], gone[4096], file[4096], leaf[PROFILE_NAME_MAX + 16];
	char sign;
	unsigned order;
	size_t i;

	if (!c)
		return flow_errorf(err, FLOW_ENOENT, "channel '%s' does not exists.", name);
	sign = c->sign;
	order = c->order;
	strcpy(pn.name, p->name);
	strcpy(pn.group, p->group);
	snprintf(leaf, sizeof(leaf), ".%s", name);
	if (pstore_path(ps, 1, &pn, name, dir, sizeof(dir)) < 0 ||
	    pstore_path(ps, 1, &pn, leaf, gone, sizeof(gone)) < 0)
		return flow_errorf(err, FLOW_EINVAL, "channel path too long");
	/* rename first, so the channel vanishes at once even if removal is slow */
	if (rename(dir, gone) < 0 && errno != ENOENT)
		return flow_errorf_errno(err, FLOW_EIO, "Failed to rename channel '%s' in order to delete",
					 name);
	pstore_remove_tree(gone);
	snprintf(leaf, sizeof(leaf), "%s.rrd", name);
	if (pstore_path(ps, 0, &pn, leaf, file, sizeof(file)) == 0)
		unlink(file);
	snprintf(leaf, sizeof(leaf), "%s-filter.txt", name);
	if (pstore_path(ps, 0, &pn, leaf, file, sizeof(file)) == 0)
		unlink(file);
	profile_channel_delete(p, name);
	for (i = 0; i < p->nchannels; i++)
		if (p->channels[i].sign == sign && p->channels[i].order > order)
			p->channels[i].order--;
	if (p->nchannels == 0) {
		strcpy(p->status, "stalled");
		p->tstart = p->updated;
		p->tend = p->tstart;
	}
	return 0;
}

int chan_write_filter(const struct pstore *ps, const struct pname *pn, const char *channel,
		      char *const *lines, size_t n, struct flow_err *err)
{
	char leaf[PROFILE_NAME_MAX + 16], path[4096];

	snprintf(leaf, sizeof(leaf), "%s-filter.txt", channel);
	if (pstore_path(ps, 0, pn, leaf, path, sizeof(path)) < 0)
		return flow_errorf(err, FLOW_EINVAL, "filter path too long");
	return write_filter_file(path, lines, n, err);
}
