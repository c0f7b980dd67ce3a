/*
 * sources.c - the input files of nfprofile's -M dir/ch1:ch2 -r name:
 * dir/<ch>/<name> for every channel, the name's sub directory guessed
 * from its time stamp when the file is not where -r says (NfSen passes a
 * bare name even with a sub directory layout; nfdump guesses the same way).
 */
#include <libgen.h>
#include <limits.h>
#include <string.h>
#include <sys/stat.h>

#include "nfprofile.h"
#include "select/select.h"
#include "util/alloc.h"
#include "util/banned.h"

static int is_file(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

static int add(struct nfp_sources *s, const char *name, const char *path)
{
	if (s->n == NFP_MAX_SOURCES)
		return -1;
	s->names[s->n] = flow_strdup(name);
	s->files[s->n] = flow_strdup(path);
	if (!s->names[s->n] || !s->files[s->n])
		return -1;
	s->n++;
	return 0;
}

/* Source ch of base; 1 when it is no directory, which ends the list. */
static int add_channel(struct nfp_sources *s, const char *base, const char *ch, const char *rfile)
{
	char dir[PATH_MAX], path[PATH_MAX], guess[PATH_MAX];
	struct stat st;

	if (snprintf(dir, sizeof(dir), "%s/%s", base, ch) >= (int)sizeof(dir) ||
	    snprintf(path, sizeof(path), "%s/%s", dir, rfile) >= (int)sizeof(path))
		return -1;
	if (stat(dir, &st) < 0 || !S_ISDIR(st.st_mode)) {
		/* 1.7.1's two lines; it reads none of this and the later sources */
		nfp_log_line("path does not exist: %s", dir);
		nfp_log_line("Not a directory: '%s'", dir);
		return 1;
	}
	if (is_file(path))
		return add(s, ch, path);
	if (!strchr(rfile, '/') && flow_subdir_guess(dir, rfile, guess, sizeof(guess)) == 1)
		return add(s, ch, guess);
	/* 1.7.1's words; the channels still get their (empty) files */
	nfp_log_line("stat() error '%s': File not found!", path);
	return add(s, ch, path);
}

int nfp_sources_setup(struct nfp_sources *s, const char *mdirs, const char *rfile)
{
	char buf[PATH_MAX], *slash, *ch, *save = NULL;

	memset(s, 0, sizeof(*s));
	if (!mdirs) {	/* -r alone: the file, its directory naming the source */
		char d[PATH_MAX];

		snprintf(d, sizeof(d), "%s", rfile);
		return add(s, basename(dirname(d)), rfile);
	}
	if (snprintf(buf, sizeof(buf), "%s", mdirs) >= (int)sizeof(buf))
		return -1;
	slash = strrchr(buf, '/');
	if (!slash)
		return add_channel(s, ".", buf, rfile);
	*slash = '\0';
	for (ch = strtok_r(slash + 1, ":", &save); ch; ch = strtok_r(NULL, ":", &save)) {
		int rc = add_channel(s, *buf ? buf : "/", ch, rfile);

		if (rc != 0)
			return rc < 0 ? -1 : 0;
	}
	return 0;
}

void nfp_sources_free(struct nfp_sources *s)
{
	for (size_t i = 0; i < s->n; i++) {
		flow_free(s->names[i]);
		flow_free(s->files[i]);
	}
}
