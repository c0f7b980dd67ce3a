/*
 * cmd_misc.c - the rest of what the frontend pages and nfsend's own
 * tools send (reference/nfsen.md §5.3, §5.6): saving and deleting
 * filters and output formats (NfSen.pm's texts), cancel-profile, the
 * internal signal/semcheck/run-plugins (the alert commands are in
 * cmd_alert.c).
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "filter/filter.h"
#include "sen.h"
#include "util/alloc.h"

/* nfsen's names: [A-Za-z0-9+_-]; *bad gets the first offending char. */
static int name_ok(const char *n, char *bad)
{
	for (; *n; n++)
		if (!strchr("-+_", *n) && !(*n >= 'A' && *n <= 'Z') && !(*n >= 'a' && *n <= 'z') &&
		    !(*n >= '0' && *n <= '9')) {
			*bad = *n;
			return 0;
		}
	return 1;
}

static int is_file(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* The filter text nfsend checked: comment lines and trailing comments gone. */
static void strip_filter(char **lines, size_t n, char *out, size_t cap)
{
	size_t i, k = 0, len = 0;

	out[0] = '\0';
	for (i = 0; i < n; i++) {
		const char *l = lines[i], *hash = strrchr(l, '#');
		int w;

		if (l[strspn(l, " \t\r\n\f\v")] == '#')
			continue;
		w = snprintf(out + len, cap - len, "%s%.*s", k++ ? "\n" : "",
			     (int)(hash && hash != l ? (size_t)(hash - l) : strlen(l)), l);
		if (w < 0 || (size_t)w >= cap - len)
			break;
		len += (size_t)w;
	}
}

static int filter_verify(struct comm_out *o, char **lines, size_t n)
{
	char *text = flow_malloc(65536);
	struct flow_filter *f = NULL;
	struct flow_err err = { 0 };
	const char *c, *t;
	int rc = 0;

	if (!text) {
		comm_reply_err(o, "out of memory");
		return -1;
	}
	strip_filter(lines, n, text, 65536);
	for (c = text; *c && ((*c >= '!' && *c <= '~') || strchr(" \t\n\r\f\v", *c)) &&
		       !strchr("'\"`;\\", *c); c++)
		;
	for (t = text; *t && strchr(" \t\n\r\f\v", *t); t++)
		;
	/* nfsend printed the number of output lines here; the text itself says more */
	if (*c) {
		comm_reply_err(o, "Filter syntax error: Illegal characters in filter: '%c'", *c);
		rc = -1;
	} else if (!*t) {
		comm_reply_err(o, "Filter syntax error: Empty filter");
		rc = -1;
	} else if (flow_filter_compile(&f, text, &err) < 0) {
		/* nfsend ran nfdump -Z; the compiler dump uses says the same in-process */
		comm_reply_err(o, "Filter syntax error: %s", err.msg);
		rc = -1;
	}
	flow_filter_free(f);
	flow_free(text);
	return rc;
}

static int write_lines(const char *path, char **lines, size_t n, int final_nl)
{
	FILE *f;
	size_t i;
	int rc;

	unlink(path);
	f = fopen(path, "w");
	if (!f)
		return -1;
	for (i = 0; i < n; i++)
		fprintf(f, "%s%s", lines[i], i + 1 < n || final_nl ? "\n" : "");
	rc = ferror(f);
	return fclose(f) || rc ? -1 : 0;
}

static void cmd_add_filter(struct comm_session *cs, const struct comm_request *req, void *ctx)
{
	struct sen *s = ctx;
	struct comm_out *o = comm_session_out(cs);
	const char *name = req_str(req, "filtername");
	char path[PATH_MAX], bad;
	char **lines;
	size_t n;

	if (!name) {
		comm_reply_err(o, "Missing filter name!");
		return;
	}
	if (!name_ok(name, &bad) || !name[0]) {
		comm_reply_err(o, "Illegal characters in filter name '%s': '%c'!", name, bad);
		return;
	}
	snprintf(path, sizeof(path), "%s/%s", s->conf.filterdir, name);
	if (is_file(path) && !req_str(req, "overwrite")) {
		comm_reply_err(o, "filter '%s' already exists!", name);
		return;
	}
	lines = req_lines(req, "filter", &n);
	if (!lines) {
		comm_reply_err(o, "Missing filter!");
		return;
	}
	if (filter_verify(o, lines, n) == 0) {
		/* nfsend wrote the lines as sent, without a final newline */
		if (write_lines(path, lines, n, 0) < 0)
			comm_reply_err(o, "Failed to open filter file '%s': %s!", name,
				       strerror(errno));
		else
			comm_reply_status(o, "OK", "command completed.");
	}
	flow_free(lines);
}

static void cmd_delete_filter(struct comm_session *cs, const struct comm_request *req, void *ctx)
{
	struct sen *s = ctx;
	struct comm_out *o = comm_session_out(cs);
	const char *name = req_str(req, "filtername");
	char path[PATH_MAX], bad;

	if (!name) {
		comm_reply_err(o, "Missing filter name!");
		return;
	}
	if (!name_ok(name, &bad) || !name[0]) {
		comm_reply_err(o, "Illegal characters in filter name '%s': '%c'!", name, bad);
		return;
	}
	snprintf(path, sizeof(path), "%s/%s", s->conf.filterdir, name);
	if (!is_file(path))
		comm_reply_err(o, "No such filter '%s'!", name);
	else if (unlink(path) < 0)
		comm_reply_err(o, "Can not delete filter '%s': %s!", name, strerror(errno));
	else
		comm_reply_status(o, "OK", "command completed.");
}

static void cmd_add_format(struct comm_session *cs, const struct comm_request *req, void *ctx)
{
	struct sen *s = ctx;
	struct comm_out *o = comm_session_out(cs);
	const char *name = req_str(req, "format"), *def = req_str(req, "formatdef"), *c;
	char path[PATH_MAX], bad;

	if (!name) {
		comm_reply_err(o, "Missing format!");
		return;
	}
	if (!name_ok(name, &bad) || !name[0]) {
		comm_reply_err(o, "Illegal characters in format name '%s': '%c'!", name, bad);
		return;
	}
	if (!strcmp(name, "line") || !strcmp(name, "long") || !strcmp(name, "extended")) {
		comm_reply_err(o, "format name '%s' is a predefined format!", name);
		return;
	}
	if (!def) {
		comm_reply_err(o, "Missing format definition!");
		return;
	}
	for (c = def; *c && ((*c >= '!' && *c <= '~') || strchr(" \t\r\f\v", *c)); c++)
		;
	if (*c) {
		comm_reply_err(o, "Illegal characters in format definition '%s'!", def);
		return;
	}
	snprintf(path, sizeof(path), "%s/%s", s->conf.formatdir, name);
	if (is_file(path) && !req_str(req, "overwrite")) {
		comm_reply_err(o, "format '%s' already exists!", name);
		return;
	}
	if (write_lines(path, (char **)&def, 1, 1) < 0)
		comm_reply_err(o, "Failed to open format file '%s': %s!", name, strerror(errno));
	else
		comm_reply_status(o, "OK", "command completed.");
}

static void cmd_delete_format(struct comm_session *cs, const struct comm_request *req, void *ctx)
{
	struct sen *s = ctx;
	struct comm_out *o = comm_session_out(cs);
	const char *name = req_str(req, "format");
	char path[PATH_MAX], bad;

	if (!name) {
		comm_reply_err(o, "Missing format!");
		return;
	}
	if (!name_ok(name, &bad) || !name[0]) {
		comm_reply_err(o, "Illegal characters in format name '%s'!", name);
		return;
	}
	snprintf(path, sizeof(path), "%s/%s", s->conf.formatdir, name);
	if (!is_file(path))
		comm_reply_err(o, "No such format '%s'!", name);
	else if (unlink(path) < 0)
		comm_reply_err(o, "Can not delete format '%s': %s!", name, strerror(errno));
	else
		comm_reply_status(o, "OK", "command completed.");
}

/* A build in progress has .BUILDING; the builder stops when it sees .CANCELED. */
static void cmd_cancel_profile(struct comm_session *cs, const struct comm_request *req, void *ctx)
{
	struct sen *s = ctx;
	struct comm_out *o = comm_session_out(cs);
	char path[PATH_MAX];
	struct pname pn;
	int fd;

	if (request_profile(s, cs, req, &pn, 1) < 0)
		return;
	if (strcmp(pn.name, "live") == 0 && strcmp(pn.group, ".") == 0) {
		comm_reply_err(o, "Don't want to delete profile 'live'!");
		return;
	}
	pstore_path(&s->ps, 0, &pn, ".BUILDING", path, sizeof(path));
	if (!is_file(path)) {
		comm_reply_err(o, "No such build in progress");
		return;
	}
	pstore_path(&s->ps, 0, &pn, ".CANCELED", path, sizeof(path));
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd >= 0)
		close(fd);
	comm_out_printf(o, ".\nOK Building profile '%s' canceled.\n", pn.name);
}

/* nfsend's periodic job told its comm server when a cycle ran; ours shares a process. */
static void cmd_signal(struct comm_session *cs, const struct comm_request *req, void *ctx)
{
	struct comm_out *o = comm_session_out(cs);
	const char *flag = req_str(req, "flag");

	(void)ctx;
	if (!flag)
		comm_reply_err(o, "Missing signal flag");
	else if (strcmp(flag, "start-periodic") && strcmp(flag, "end-periodic"))
		comm_reply_err(o, "Illegal flag '%s'!", flag);
	else
		comm_reply_status(o, "OK", "signal");
}

static void cmd_semcheck(struct comm_session *cs, const struct comm_request *req, void *ctx)
{
	struct sen *s = ctx;
	struct comm_out *o = comm_session_out(cs);

	(void)req;
	comm_out_printf(o, ". Semaphore Nfsync::semlock\n");
	if (pthread_mutex_trylock(&s->cycle) == 0) {
		pthread_mutex_unlock(&s->cycle);
		comm_reply_status(o, "OK", "Semaphore available");
	} else {
		comm_reply_status(o, "ERR", "Semaphore not available");
	}
}

/* sen has no backend plugins: every request is accepted and does nothing. */
static void cmd_run_plugins(struct comm_session *cs, const struct comm_request *req, void *ctx)
{
	struct comm_out *o = comm_session_out(cs);
	const struct conf_value *v = conf_hash_get(req->args, "plugins");

	(void)ctx;
	if (!v)
		comm_out_printf(o, ".nothing to do\n");
	else if (v->type != CONF_ARRAY) {
		comm_reply_err(o, "argument vector array required, not a scalar.");
		return;
	}
	comm_reply_status(o, "OK", "command completed.");
}

const struct comm_handler sen_misc_handlers[] = {
	{ "add-filter", cmd_add_filter },
	{ "delete-filter", cmd_delete_filter },
	{ "add-format", cmd_add_format },
	{ "delete-format", cmd_delete_format },
	{ "cancel-profile", cmd_cancel_profile },
	{ "signal", cmd_signal },
	{ "semcheck", cmd_semcheck },
	{ "run-plugins", cmd_run_plugins },
};
const size_t sen_misc_nhandlers = sizeof(sen_misc_handlers) / sizeof(sen_misc_handlers[0]);
