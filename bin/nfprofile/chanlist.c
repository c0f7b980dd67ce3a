/*
 * chanlist.c - the channel list on nfprofile's stdin (cli.md §6.2) and
 * the channels' filter files (§6.3 step 1), with 1.7.1's messages.
 */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "filter/filter.h"
#include "nfprofile.h"
#include "util/alloc.h"
#include "util/banned.h"

#define FILTER_MAX (64 * 1024)

static int is_dir(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

static char *own(struct nfp_chanlist *cl, char *p)
{
	if (!p)
		return NULL;
	if (cl->nowned % 64 == 0) {
		char **v = flow_realloc(cl->owned, (cl->nowned + 64) * sizeof(*v));

		if (!v) {
			flow_free(p);
			return NULL;
		}
		cl->owned = v;
	}
	cl->owned[cl->nowned++] = p;
	return p;
}

/* "|a||b|" -> "a|b"; "" or "*" stay as they are (every source). */
static void clean_sources(char *s)
{
	char *w = s;

	for (char *r = s; *r; r++)
		if (*r != '|' || (w > s && w[-1] != '|'))
			*w++ = *r;
	if (w > s && w[-1] == '|')
		w--;
	*w = '\0';
}

static int add(struct nfp_chanlist *cl, char *f[5], unsigned type)
{
	struct profiler_channel *c;

	if (cl->n == cl->cap) {
		size_t cap = cl->cap ? cl->cap * 2 : 16;
		struct profiler_channel *v = flow_realloc(cl->ch, cap * sizeof(*v));

		if (!v)
			return FLOW_ENOMEM;
		cl->ch = v;
		cl->cap = cap;
	}
	c = &cl->ch[cl->n];
	memset(c, 0, sizeof(*c));
	c->group = own(cl, flow_strdup(f[0]));
	c->profile = own(cl, flow_strdup(f[1]));
	c->channel = own(cl, flow_strdup(f[3]));
	c->sourcelist = own(cl, flow_strdup(f[4]));
	c->type = type;
	if (!c->group || !c->profile || !c->channel || !c->sourcelist)
		return FLOW_ENOMEM;
	cl->n++;
	return 0;
}

/* One line; malformed ones and missing directories are logged and skipped. */
static int parse_line(const struct nfp_opts *o, char *line, struct nfp_chanlist *cl)
{
	char *f[5], *p = line, *end, path[PATH_MAX];
	unsigned long type;
	int i;

	nfp_log("Process line '%s'", line);
	for (i = 0; i < 5 && p; i++) {
		f[i] = p;
		p = strchr(p, '#');
		if (p && i < 4)
			*p++ = '\0';
	}
	if (i < 5) {
		nfp_log("Incomplete line - channel skipped.");
		return 0;
	}
	snprintf(path, sizeof(path), "%s/%s/%s", o->datadir, f[0], f[1]);
	if (!is_dir(path)) {
		nfp_log("profile '%s' not found in group %s. Skipped.", f[1], f[0]);
		return 0;
	}
	snprintf(path, sizeof(path), "%s/%s/%s/%s", o->datadir, f[0], f[1], f[3]);
	if (!is_dir(path)) {
		nfp_log("channel '%s' in profile '%s' not found. Skipped.", f[3], f[1]);
		return 0;
	}
	errno = 0;
	type = strtoul(f[2], &end, 10);
	if (errno || end == f[2] || *end) {
		nfp_log("Not a valid number: %s", f[2]);
		return 0;
	}
	clean_sources(f[4]);
	return add(cl, f, (unsigned)type);
}

int nfp_read_list(const struct nfp_opts *o, FILE *in, struct nfp_chanlist *cl)
{
	char line[4096];

	memset(cl, 0, sizeof(*cl));
	while (fgets(line, sizeof(line), in)) {
		size_t len = strcspn(line, "\r\n");
		int rc;

		line[len] = '\0';
		if (len == 0)
			continue;
		rc = parse_line(o, line, cl);
		if (rc < 0)
			return rc;
	}
	return 0;
}

/* The file's text between parentheses, as nfprofile pastes it; NULL when unreadable. */
static char *read_filter(const char *path)
{
	FILE *f = fopen(path, "r");
	char *buf;
	size_t n;

	if (!f)
		return NULL;
	buf = flow_malloc(FILTER_MAX + 3);
	if (!buf) {
		fclose(f);
		return NULL;
	}
	buf[0] = '(';
	n = fread(buf + 1, 1, FILTER_MAX, f);
	fclose(f);
	buf[n + 1] = ')';
	buf[n + 2] = '\0';
	return buf;
}

/*
 * The filter as 1.7.1 shows it: it compiles "(ident s1 or ident s2) and
 * (file)"; here the sources are matched by the profiler, so the ident
 * part exists only in this message.
 */
static void failed_filter(const char *sources, const char *text)
{
	char idents[2048] = "";
	size_t used = 0;
	const char *p = sources;

	while (*sources && strcmp(sources, "*") && *p && used < sizeof(idents) - 64) {
		size_t len = strcspn(p, "|");

		used += (size_t)snprintf(idents + used, sizeof(idents) - used, "%s%sident %.*s",
					 used ? "" : "(", used ? " or " : "", (int)len, p);
		p += len + (p[len] == '|');
	}
	nfp_log_line("*** Failed Filter: %s%s%s", idents, used ? ") and " : "", text);
}

static int load_one(const struct nfp_opts *o, struct profiler_channel *c)
{
	char path[PATH_MAX], *text;
	struct flow_filter *flt = NULL;
	struct flow_err err = { 0 };
	const char *src = *c->sourcelist && strcmp(c->sourcelist, "*") ? c->sourcelist : "(null)";

	nfp_log("Setup channel '%s' in profile '%s' group '%s', channellist '%s'", c->channel,
		c->profile, c->group, src);
	snprintf(path, sizeof(path), "%s/%s/%s/%s-%s", o->statdir, c->group, c->profile,
		 c->channel, o->filtername);
	text = read_filter(path);
	if (!text) {
		nfp_log("Skipping channel %s in profile '%s' group '%s'. No profile filter found.",
			c->channel, c->profile, c->group);
		return -1;
	}
	if (o->syntax_only)
		printf("Check filter for channel %s in profile '%s' in group '%s': ", c->channel,
		       c->profile, c->group);
	if (flow_filter_compile(&flt, text, &err) < 0) {
		printf("\n");	/* 1.7.1 does this with and without -Z */
		nfp_log("*** Compiling filter failed for channel %s in profile '%s' in group '%s'.\n"
			"*** File: %s\n*** Error: %s", c->channel, c->profile, c->group, path,
			err.msg);
		failed_filter(c->sourcelist, text);
		flow_free(text);
		return -1;
	}
	flow_free(text);
	if (o->syntax_only) {
		printf("ok.\n");
		flow_filter_free(flt);
		return -1;	/* checked, not kept: -Z profiles nothing */
	}
	c->filter = flt;
	return 0;
}

void nfp_load_filters(const struct nfp_opts *o, struct nfp_chanlist *cl)
{
	size_t i, kept = 0;

	for (i = 0; i < cl->n; i++)
		if (load_one(o, &cl->ch[i]) == 0)
			cl->ch[kept++] = cl->ch[i];
	cl->n = kept;
	fflush(stdout);
}

void nfp_chanlist_free(struct nfp_chanlist *cl)
{
	for (size_t i = 0; i < cl->n; i++)
		flow_filter_free((struct flow_filter *)cl->ch[i].filter);
	for (size_t i = 0; i < cl->nowned; i++)
		flow_free(cl->owned[i]);
	flow_free(cl->owned);
	flow_free(cl->ch);
}
