/*
 * cmd_nfdump.c - run-nfdump, the Details tab's "process" form and the
 * filter syntax check (reference/nfsen.md §5.3; nfsend 1.3.11's
 * Nfcomm.pm RunNfdump and NfProfile.pm CompileFileArg for the checks,
 * the texts and the reply lines).
 *
 * nfsend built one shell command line from the request; we run dump
 * with an argv: the channel directories, the frontend's arguments split
 * on blanks (the single-quoted 'fmt:...' it sends kept as one word) and
 * the filter as one element, so nothing in a request reaches a shell.
 * nfsend's character checks stay, with its texts; characters only a
 * shell made dangerous ($ ` | & and "../") are refused as well.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <time.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sen.h"
#include "util/alloc.h"

#define FILTER_MAX (256 * 1024)
#define ARGS_MAX 16384
#define MAX_ARGV 256

/* A bounded text buffer; full = the text did not fit. */
struct text {
	char *buf;
	size_t len, cap;
	int full;
};

static void text_addf(struct text *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void text_addf(struct text *t, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(t->buf + t->len, t->cap - t->len, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= t->cap - t->len)
		t->full = 1;
	else
		t->len += (size_t)n;
}

/* Perl's /[^\s!-~]/: anything but printable ASCII and white space. */
static int bad_char(const char *s)
{
	for (; *s; s++)
		if (!((*s >= '!' && *s <= '~') || strchr(" \t\n\r\f\v", *s)))
			return 1;
	return 0;
}

/* The filter lines without # comments, joined by "\n"; "any" when none. */
static void join_filter(const struct comm_request *req, struct text *f)
{
	size_t n, i, k = 0;
	char **lines = req_lines(req, "filter", &n);

	if (!lines) {
		text_addf(f, "any");
		return;
	}
	for (i = 0; i < n; i++) {
		const char *l = lines[i], *hash;

		if (l[strspn(l, " \t\r\n\f\v")] == '#')
			continue;
		/* Perl /(.+)#/ is greedy: up to the last '#' after the first char */
		hash = strrchr(l, '#');
		text_addf(f, "%s%.*s", k++ ? "\n" : "",
			  (int)(hash && hash != l ? (size_t)(hash - l) : strlen(l)), l);
	}
	flow_free(lines);
}

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

/* and_filter=<name>: a saved filter AND-ed to the user's (nfsend's texts). */
static int and_filter(struct sen *s, struct comm_out *o, const char *name, struct text *f)
{
	char path[PATH_MAX], *saved, *old;
	size_t n;
	FILE *fp;
	char bad;

	if (!name_ok(name, &bad)) {
		comm_reply_err(o, "Illegal characters in filter name '%s': '%c'!", name, bad);
		return -1;
	}
	snprintf(path, sizeof(path), "%s/%s", s->conf.filterdir, name);
	if (!name[0] || access(path, F_OK) < 0) {
		comm_reply_err(o, "filter '%s' No such filter!", name);
		return -1;
	}
	fp = fopen(path, "r");
	if (!fp) {
		comm_reply_err(o, "filter '%s': %s!", name, strerror(errno));
		return -1;
	}
	saved = flow_malloc(FILTER_MAX);
	old = flow_malloc(f->len + 1);
	if (!saved || !old) {
		flow_free(saved);
		flow_free(old);
		fclose(fp);
		comm_reply_err(o, "out of memory");
		return -1;
	}
	n = fread(saved, 1, FILTER_MAX - 1, fp);
	saved[n] = '\0';
	fclose(fp);
	memcpy(old, f->buf, f->len + 1);
	f->len = 0;
	if (strcmp(old, "any") == 0)
		text_addf(f, "(%s)", saved);
	else
		text_addf(f, " (%s) and (%s)", old, saved);
	flow_free(saved);
	flow_free(old);
	return 0;
}

/* Lines of a channel's filter file, each added to the chain. */
static int add_file_lines(struct text *chain, const char *path)
{
	char line[4096];
	FILE *fp = fopen(path, "r");

	if (!fp)
		return -1;
	while (fgets(line, sizeof(line), fp)) {
		line[strcspn(line, "\n")] = '\0';
		text_addf(chain, "%s\n", line);
	}
	fclose(fp);
	return 0;
}

/*
 * A shadow profile has no files: read live's sources of the channels
 * and apply each channel's own filter (CompileFileArg's shadow branch).
 */
static int shadow_dirs(struct sen *s, struct comm_out *o, const struct pname *pn,
		       const struct profile *p, const char *sel, struct text *dir,
		       struct text *chain)
{
	char buf[4096], *save = NULL, *tok, path[PATH_MAX], leaf[PROFILE_NAME_MAX + 16];
	char srcbuf[4096];
	struct text srcs = { srcbuf, 0, sizeof(srcbuf), 0 };
	int nch = 0;

	srcbuf[0] = '\0';
	snprintf(buf, sizeof(buf), "%s", sel);
	for (tok = strtok_r(buf, ":", &save); tok; tok = strtok_r(NULL, ":", &save)) {
		const struct profile_channel *c = profile_channel_find(p, tok);
		char list[4096], *s2 = NULL, *src;
		int k = 0;

		snprintf(list, sizeof(list), "%s", c->sourcelist ? c->sourcelist : "");
		if (nch++)
			text_addf(chain, "or\n");
		text_addf(chain, "( ident ");
		for (src = strtok_r(list, "|", &s2); src; src = strtok_r(NULL, "|", &s2)) {
			size_t l = strlen(src);
			const char *at = strstr(srcbuf, src);

			text_addf(chain, "%s%s", k++ ? " or ident " : "", src);
			/* the union of sources, first seen first */
			while (at && !((at == srcbuf || at[-1] == ':') && (at[l] == ':' || !at[l])))
				at = strstr(at + 1, src);
			if (!at)
				text_addf(&srcs, "%s%s", srcs.len ? ":" : "", src);
		}
		text_addf(chain, ") and (\n");
		snprintf(leaf, sizeof(leaf), "%s-filter.txt", c->name);
		pstore_path(&s->ps, 0, pn, leaf, path, sizeof(path));
		if (add_file_lines(chain, path) < 0) {
			comm_reply_err(o, "Can't open filter file '%s': %s", path, strerror(errno));
			return -1;
		}
		text_addf(chain, ")\n");
	}
	if (chain->len && chain->buf[chain->len - 1] == '\n')
		chain->buf[--chain->len] = '\0';
	text_addf(dir, "%s/live/%s", s->ps.datadir, srcbuf);
	return 0;
}

/*
 * srcselector + profile + type: the -M directory and, for a shadow
 * profile, the channel filters to AND (CompileFileArg); 0 or replied.
 */
static int file_arg(struct sen *s, struct comm_session *cs, const struct comm_request *req,
		    struct text *dir, struct text *chain, int *real)
{
	struct comm_out *o = comm_session_out(cs);
	const char *sel = req_str(req, "srcselector"), *type = req_str(req, "type");
	char buf[4096], *save = NULL, *tok;
	struct flow_err err = { 0 };
	struct pname pn;
	struct profile p;
	int rc = -1;

	if (request_profile(s, cs, req, &pn, 1) < 0)
		return -1;
	if (pstore_read(&s->ps, &pn, &p, &err) < 0) {
		comm_reply_err(o, "Profile '%s' in group '%s': %s", pn.name, pn.group, err.msg);
		return -1;
	}
	snprintf(buf, sizeof(buf), "%s", sel);
	for (tok = strtok_r(buf, ":", &save); tok; tok = strtok_r(NULL, ":", &save))
		if (!profile_channel_find(&p, tok)) {
			comm_reply_err(o, "Requested channel '%s' does not exists in '%s/%s'", tok,
				       pn.group, pn.name);
			goto out;
		}
	*real = type && strcmp(type, "real") == 0;
	if (!type) {
		comm_reply_err(o, "profile type required");
	} else if (*real) {
		char path[PATH_MAX];

		pstore_path(&s->ps, 1, &pn, sel, path, sizeof(path));
		text_addf(dir, "%s", path);
		rc = 0;
	} else if (strcmp(type, "shadow") == 0) {
		rc = shadow_dirs(s, o, &pn, &p, sel, dir, chain);
	} else {
		comm_reply_err(o, "unknown type %s.", type);
	}
out:
	profile_free(&p);
	return rc;
}

/*
 * Split args on blanks; '...' quotes (the frontend's -o 'fmt:...') are
 * removed and keep their blanks.  Words point into buf.  -1: unbalanced
 * quote or too many words.
 */
static int split_args(char *buf, char **argv, int *argc, int max)
{
	char *r = buf, *w = buf;

	while (*r) {
		int quoted = 0;

		while (*r && strchr(" \t\n\r\f\v", *r))
			r++;
		if (!*r)
			break;
		if (*argc >= max)
			return -1;
		argv[(*argc)++] = w;
		while (*r && (quoted || !strchr(" \t\n\r\f\v", *r))) {
			if (*r == '\'')
				quoted = !quoted, r++;
			else
				*w++ = *r++;
		}
		if (quoted)
			return -1;
		if (*r)
			r++;
		*w++ = '\0';
	}
	return 0;
}

/* The dump binary: next to sen (or its build-tree sibling), else $PREFIX. */
int sen_dump_bin(const struct sen *s, char *buf, size_t cap)
{
	const char *prefix = s->conf.prefix ? s->conf.prefix : "/usr/local/bin";
	char self[PATH_MAX], *slash;
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);

	if (n > 0) {
		self[n] = '\0';
		slash = strrchr(self, '/');
		if (slash) {
			*slash = '\0';
			/* a libtool build runs the binary from .libs */
			slash = strrchr(self, '/');
			if (slash && strcmp(slash, "/.libs") == 0)
				*slash = '\0';
			snprintf(buf, cap, "%s/dump", self);
			if (access(buf, X_OK) == 0)
				return 0;
			snprintf(buf, cap, "%s/../dump/dump", self);
			if (access(buf, X_OK) == 0)
				return 0;
		}
	}
	snprintf(buf, cap, "%s/dump", prefix);
	if (access(buf, X_OK) == 0)
		return 0;
	snprintf(buf, cap, "%s/nfdump", prefix);
	return access(buf, X_OK);
}

/* Send complete lines of buf[0..*len) as _nfdump=; keep the rest. */
static void emit_lines(struct comm_out *o, char *buf, size_t *len, int all)
{
	char *start = buf, *nl;

	while ((nl = memchr(start, '\n', *len - (size_t)(start - buf))) != NULL) {
		comm_out_printf(o, "_nfdump=%.*s\n", (int)(nl - start), start);
		start = nl + 1;
	}
	*len -= (size_t)(start - buf);
	memmove(buf, start, *len);
	if (all && *len) {
		comm_out_printf(o, "_nfdump=%.*s\n", (int)*len, buf);
		*len = 0;
	}
}

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

/*
 * fork/exec dump with stdout and stderr on one pipe (nfsend's 2>&1),
 * relay its lines, a .wait line each second it is silent; a client
 * that goes away kills it.  Returns the raw wait status, or -1.
 */
static int run_dump(struct comm_session *cs, char *const *argv)
{
	struct comm_out *o = comm_session_out(cs);
	char buf[8192];
	size_t len = 0;
	int pfd[2], status = 0, fd;
	long long last = now_ms();
	pid_t pid;

	if (pipe2(pfd, O_CLOEXEC) < 0)
		return -1;
	pid = fork();
	if (pid < 0) {
		close(pfd[0]);
		close(pfd[1]);
		return -1;
	}
	if (pid == 0) {
		/* async-signal-safe only: we are a copy of a threaded process */
		fd = open("/dev/null", O_RDONLY);
		if (fd > 0)
			dup2(fd, 0);
		dup2(pfd[1], 1);
		dup2(pfd[1], 2);
		for (fd = 3; fd < 1024; fd++)
			close(fd);
		/* the daemon ignores SIGPIPE; dump should die of it like under nfsend */
		signal(SIGPIPE, SIG_DFL);
		sen_child_drop();
		execv(argv[0], argv);
		_exit(127);
	}
	close(pfd[1]);
	comm_out_printf(o, ".pid: %d\n", (int)pid);
	for (;;) {
		struct pollfd p = { pfd[0], POLLIN, 0 };
		int r = poll(&p, 1, 1000);
		ssize_t n;

		if (r < 0 && errno == EINTR)
			continue;
		/* the PHP gives up after 2 s without a byte: say something each second */
		if (now_ms() - last >= 1000) {
			last = now_ms();
			if ((o->len ? comm_session_flush(cs) : comm_session_keepalive(cs)) < 0)
				break;
		}
		if (r == 0)
			continue;
		n = read(pfd[0], buf + len, sizeof(buf) - len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		len += (size_t)n;
		emit_lines(o, buf, &len, len == sizeof(buf));
		if (o->len > 65536 && comm_session_flush(cs) < 0)
			break;
	}
	emit_lines(o, buf, &len, 1);
	close(pfd[0]);
	if (waitpid(pid, &status, WNOHANG) == 0) {
		/* the client is gone (or dump closed its output early) */
		kill(pid, SIGTERM);
		while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
			;
	}
	return status;
}

/* nfsend's checks, plus what only its shell made dangerous. */
static const char *args_error(const char *args)
{
	if (bad_char(args) || (strpbrk(args, "'\"`;\\") && !strstr(args, "fmt:")))
		return "Illegal characters in argument list";
	if (strpbrk(args, "$`|&") || strstr(args, "../"))
		return "Illegal characters in argument list";
	return NULL;
}

/* The reply lines before the run: .run, _filter= per line, arg=. */
static void echo_command(struct comm_out *o, const char *args, const char *filter)
{
	const char *l = filter, *nl;
	size_t end = strlen(filter);

	/* Perl's split drops trailing empty fields */
	while (end && filter[end - 1] == '\n')
		end--;
	comm_out_printf(o, ".run nfdump %s \n", args);
	while (l < filter + end) {
		nl = memchr(l, '\n', (size_t)(filter + end - l));
		if (!nl)
			nl = filter + end;
		comm_out_printf(o, "_filter=%.*s\n", (int)(nl - l), l);
		l = nl + 1;
	}
	comm_out_printf(o, "arg=%s\n", args);
}

static void run_nfdump(struct sen *s, struct comm_session *cs, const struct comm_request *req,
		       struct text *f, struct text *dir, struct text *chain)
{
	struct comm_out *o = comm_session_out(cs);
	const char *uargs = req_str(req, "args") ? req_str(req, "args") : "";
	const char *sel = req_str(req, "srcselector"), *af = req_str(req, "and_filter"), *e;
	char *argv[MAX_ARGV], bin[PATH_MAX], shown[ARGS_MAX + PATH_MAX], *words;
	int argc = 0, real = 0, status;

	if (sel && file_arg(s, cs, req, dir, chain, &real) < 0)
		return;
	join_filter(req, f);
	if (bad_char(f->buf) || strpbrk(f->buf, "'\"`;\\")) {
		comm_reply_err(o, "Illegal characters in filter");
		return;
	}
	if ((e = args_error(uargs)) != NULL) {
		comm_reply_err(o, "%s", e);
		return;
	}
	if (af && and_filter(s, o, af, f) < 0)
		return;
	if (chain->len) {
		struct text t = { flow_malloc(FILTER_MAX), 0, FILTER_MAX, 0 };

		if (!t.buf) {
			comm_reply_err(o, "out of memory");
			return;
		}
		if (strcmp(f->buf, "any") == 0)
			text_addf(&t, "(%s)", chain->buf);
		else
			text_addf(&t, "(%s) and ( %s )", chain->buf, f->buf);
		f->len = 0;
		text_addf(f, "%s", t.buf);
		f->full |= t.full;
		flow_free(t.buf);
	}
	if (f->full || dir->full || strlen(uargs) >= ARGS_MAX) {
		comm_reply_err(o, "filter or argument list too long");
		return;
	}
	if (sen_dump_bin(s, bin, sizeof(bin)) < 0) {
		comm_reply_err(o, "nfdump run error: %s", strerror(ENOENT));
		return;
	}
	/* nfsend's dirlist ended in a blank for real profiles, then joined with one */
	snprintf(shown, sizeof(shown), "%s%s%s%s", sel ? "-M " : "", sel ? dir->buf : "",
		 sel ? (real ? "  " : " ") : "", uargs);
	words = flow_malloc(strlen(uargs) + 1);
	if (!words) {
		comm_reply_err(o, "out of memory");
		return;
	}
	memcpy(words, uargs, strlen(uargs) + 1);
	argv[argc++] = bin;
	if (sel) {
		argv[argc++] = "-M";
		argv[argc++] = dir->buf;
	}
	if (split_args(words, argv, &argc, MAX_ARGV - 2) < 0) {
		flow_free(words);
		comm_reply_err(o, "Illegal characters in argument list");
		return;
	}
	argv[argc++] = f->buf;
	argv[argc] = NULL;
	echo_command(o, shown, f->buf);
	status = run_dump(cs, argv);
	flow_free(words);
	if (status < 0) {
		comm_reply_err(o, "nfdump run error: %s", strerror(errno));
		return;
	}
	comm_out_printf(o, "exit=%d\n", status);
	comm_reply_status(o, "OK", "command completed.");
}

static void cmd_run_nfdump(struct comm_session *cs, const struct comm_request *req, void *ctx)
{
	struct text f = { flow_malloc(FILTER_MAX), 0, FILTER_MAX, 0 };
	struct text dir = { flow_malloc(PATH_MAX * 4), 0, PATH_MAX * 4, 0 };
	struct text chain = { flow_malloc(FILTER_MAX), 0, FILTER_MAX, 0 };

	if (!f.buf || !dir.buf || !chain.buf)
		comm_reply_err(comm_session_out(cs), "out of memory");
	else {
		f.buf[0] = dir.buf[0] = chain.buf[0] = '\0';
		run_nfdump(ctx, cs, req, &f, &dir, &chain);
	}
	flow_free(f.buf);
	flow_free(dir.buf);
	flow_free(chain.buf);
}

const struct comm_handler sen_nfdump_handlers[] = {
	{ "run-nfdump", cmd_run_nfdump },
};
const size_t sen_nfdump_nhandlers = sizeof(sen_nfdump_handlers) / sizeof(sen_nfdump_handlers[0]);
