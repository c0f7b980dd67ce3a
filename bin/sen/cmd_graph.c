/*
 * cmd_graph.c - the binary commands that answer with an image
 * (reference/nfsen.md §5.1, §5.3): @get-picture (a profile's overview
 * PNG), @get-anypicture (a plugin's picture under $PICDIR) and
 * @get-detailsgraph (drawn on request, profile/detail.h).  The server
 * closes the connection after these; errors are nfsend's text replies,
 * graph failures its EmptyGraph.png/ErrorGraph.png from $HTMLDIR/icons.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <syslog.h>
#include <unistd.h>

#include "profile/detail.h"
#include "sen.h"
#include "util/alloc.h"

/* Copy a regular file to the client; -1 with errno when it cannot be opened. */
static int send_file(struct comm_session *cs, const char *path)
{
	char buf[16384];
	struct stat st;
	ssize_t n;
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);

	if (fd < 0)
		return -1;
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		errno = ENOENT;
		return -1;
	}
	while ((n = read(fd, buf, sizeof(buf))) > 0)
		if (comm_session_write(cs, buf, (size_t)n) < 0)
			break;
	close(fd);
	return 0;
}

/* nfsend sends the icon when it is there and nothing otherwise. */
void sen_send_icon(struct sen *s, struct comm_session *cs, const char *name)
{
	char path[PATH_MAX];

	if (!s->conf.htmldir)
		return;
	if (snprintf(path, sizeof(path), "%s/icons/%s", s->conf.htmldir, name) < (int)sizeof(path))
		send_file(cs, path);
}

/*
 * nfsend opened "<profile dir>/<picture>" as given, so "../" walked out
 * of the tree; overview pictures are plain file names, so we accept only
 * those.
 */
static int plain_name(const char *n)
{
	return n[0] && n[0] != '.' && !strchr(n, '/');
}

static void cmd_picture(struct comm_session *cs, const struct comm_request *req, void *ctx)
{
	struct sen *s = ctx;
	struct comm_out *o = comm_session_out(cs);
	const char *pic = req_str(req, "picture");
	char path[PATH_MAX];
	struct pname pn;

	if (request_profile(s, cs, req, &pn, 1) < 0)
		return;
	if (!pic) {
		comm_reply_err(o, "picture required.");
		return;
	}
	if (!plain_name(pic) || pstore_path(&s->ps, 0, &pn, pic, path, sizeof(path)) < 0) {
		comm_reply_err(o, "Can't open picture file: %s", strerror(ENOENT));
		return;
	}
	if (send_file(cs, path) < 0)
		comm_reply_err(o, "Can't open picture file: %s", strerror(errno));
}

/* Relative, and no ".." component anywhere (nfsend refused any ".."). */
static void cmd_anypicture(struct comm_session *cs, const struct comm_request *req, void *ctx)
{
	struct sen *s = ctx;
	struct comm_out *o = comm_session_out(cs);
	const char *pic = req_str(req, "picture");
	char path[PATH_MAX];
	struct stat st;

	if (!pic) {
		comm_reply_err(o, "picture required.");
		return;
	}
	if (strstr(pic, "..") || pic[0] == '/') {
		comm_reply_err(o, "invalid picture path.");
		return;
	}
	if (!s->conf.picdir ||
	    snprintf(path, sizeof(path), "%s/%s", s->conf.picdir, pic) >= (int)sizeof(path) ||
	    stat(path, &st) < 0 || !S_ISREG(st.st_mode)) {
		comm_reply_err(o, "picture does not exists.");
		return;
	}
	if (send_file(cs, path) < 0)
		comm_reply_err(o, "Can't open picture file: %s", strerror(errno));
}

static void cmd_detailsgraph(struct comm_session *cs, const struct comm_request *req, void *ctx)
{
	struct sen *s = ctx;
	struct flow_err err = { 0 };
	struct pname pn;
	struct profile p;
	unsigned char *png;
	size_t n, len;
	char **args;
	enum detail_result r;

	if (request_profile(s, cs, req, &pn, 1) < 0)
		return;
	args = req_lines(req, "arg", &n);
	if (!args) {
		comm_reply_err(comm_session_out(cs), "details argument list required.");
		return;
	}
	if (pstore_read(&s->ps, &pn, &p, &err) < 0) {
		flow_free(args);
		comm_reply_err(comm_session_out(cs), "Profile '%s' in group '%s': %s", pn.name,
			       pn.group, err.msg);
		return;
	}
	r = detail_graph(&s->ps, &pn, &p, args, n, &png, &len, &err);
	if (r == DETAIL_PNG) {
		comm_session_write(cs, png, len);
		flow_free(png);
	} else if (r == DETAIL_EMPTY) {
		sen_send_icon(s, cs, "EmptyGraph.png");
	} else {
		sen_log(LOG_ERR, "Error generating details graph: %s", err.msg);
		sen_send_icon(s, cs, "ErrorGraph.png");
	}
	profile_free(&p);
	flow_free(args);
}

const struct comm_handler sen_graph_handlers[] = {
	{ "get-picture", cmd_picture },
	{ "get-anypicture", cmd_anypicture },
	{ "get-detailsgraph", cmd_detailsgraph },
};
const size_t sen_graph_nhandlers = sizeof(sen_graph_handlers) / sizeof(sen_graph_handlers[0]);
