/*
 * Path string helpers for file selection.  sel_clean_path() and
 * sel_dirlevels() reproduce how nfdump normalises and measures -r/-R
 * arguments, because the level counts decide which range form applies.
 */
#include <string.h>

#include "select/select_int.h"
#include "util/alloc.h"
#include "util/banned.h"

/* Remove n characters at p, shifting the rest of the string left. */
static void cut(char *p, size_t n)
{
	memmove(p, p + n, strlen(p + n) + 1);
}

/*
 * nfdump's normalisation, in its order: "//" -> "/", one trailing '/'
 * dropped, "/./" -> "/", one leading "./" dropped.  So "./a//b/./c/"
 * becomes "a/b/c", while "/" becomes "" (nfdump then fails to stat it).
 */
void sel_clean_path(char *p)
{
	char *q;
	size_t len;

	while ((q = strstr(p, "//")) != NULL)
		cut(q, 1);
	len = strlen(p);
	if (len > 0 && p[len - 1] == '/')
		p[len - 1] = '\0';
	while ((q = strstr(p, "/./")) != NULL)
		cut(q, 2);
	if (strncmp(p, "./", 2) == 0)
		cut(p, 2);
}

/* Number of '/' after an optional leading one: "a/b/f" and "/a/b/f" = 2. */
int sel_dirlevels(const char *p)
{
	int n = 0;

	if (p == NULL)
		return 0;
	if (*p == '/')
		p++;
	for (; *p; p++)
		n += *p == '/';
	return n;
}

char *sel_dupn(const char *s, size_t n)
{
	char *d = flow_malloc(n + 1);

	if (d != NULL) {
		memcpy(d, s, n);
		d[n] = '\0';
	}
	return d;
}

static char *join(const char *dir, const char *name, int slash)
{
	size_t dl = strlen(dir), nl = strlen(name);
	char *s = flow_malloc(dl + (size_t)slash + nl + 1);

	if (s == NULL)
		return NULL;
	memcpy(s, dir, dl);
	if (slash)
		s[dl] = '/';
	memcpy(s + dl + (size_t)slash, name, nl + 1);
	return s;
}

/* "dir/name" exactly, as nfdump's snprintf("%s/%s"): "h/" + "x" = "h//x". */
char *sel_join(const char *dir, const char *name)
{
	return join(dir, name, 1);
}

/* As fts builds paths: no second '/' after a dir ending in one ("/" + "x"). */
char *sel_join_fts(const char *dir, const char *name)
{
	size_t dl = strlen(dir);

	return join(dir, name, !(dl > 0 && dir[dl - 1] == '/'));
}

/*
 * The first n '/'-separated components of path ("a/b/c", 2 -> "a/b") in
 * *out, or NULL there when path has fewer: the per-level range bounds.
 */
int sel_prefix(const char *path, int n, char **out)
{
	const char *p = path;

	*out = NULL;
	if (path == NULL || n < 1)
		return 0;
	for (int i = 1; i < n; i++) {
		p = strchr(p, '/');
		if (p == NULL)
			return 0;
		p++;
	}
	p = strchr(p, '/');
	*out = p ? sel_dupn(path, (size_t)(p - path)) : flow_strdup(path);
	return *out ? 0 : FLOW_ENOMEM;
}
