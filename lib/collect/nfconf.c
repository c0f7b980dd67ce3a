/*
 * The collector part of nfdump's config file (cli.md §0): a TOML-like
 * text with [sections] and key = value lines.  Only what nfcapd 1.7.1
 * takes from it is used: exporter.<ident> = ["ip", "flowdir"] (a flow
 * source, as -n) and dyn_max_sources (the -M bound).
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "collect/cli.h"
#include "util/banned.h"

#define FAIL(err, ...) (flow_errorf((err), FLOW_EINVAL, __VA_ARGS__), 1)

static char *trim(char *s)
{
	char *e;

	while (isspace((unsigned char)*s))
		s++;
	e = s + strlen(s);
	while (e > s && isspace((unsigned char)e[-1]))
		*--e = '\0';
	return s;
}

/* Cut a # comment that is not inside a quoted string. */
static void strip_comment(char *s)
{
	int quoted = 0;

	for (; *s; s++) {
		if (*s == '"')
			quoted = !quoted;
		else if (*s == '#' && !quoted) {
			*s = '\0';
			return;
		}
	}
}

/* The next "quoted" string of *p into out; 0, or -1 when there is none. */
static int quoted(char **p, char *out, size_t len)
{
	char *a = strchr(*p, '"'), *b = a ? strchr(a + 1, '"') : NULL;

	if (!b || (size_t)(b - a - 1) >= len)
		return -1;
	memcpy(out, a + 1, (size_t)(b - a - 1));
	out[b - a - 1] = '\0';
	*p = b + 1;
	return 0;
}

static int exporter(struct collect_cli *c, const char *ident, char *val, struct flow_err *err)
{
	char ip[256], dir[4096];

	if (quoted(&val, ip, sizeof(ip)) < 0 || quoted(&val, dir, sizeof(dir)) < 0)
		return FAIL(err, "Failed to add exporter from config file: exporter.%s needs [\"ip\", \"flowdir\"]",
			    ident);
	if (collect_cli_add_source(c, ident, ip, dir, err)) {
		char msg[sizeof(err->msg)];

		snprintf(msg, sizeof(msg), "%s", err->msg);
		return FAIL(err, "%s: Failed to add exporter from config file", msg);
	}
	return 0;
}

static int line(struct collect_cli *c, char *s, struct flow_err *err)
{
	char *eq = strchr(s, '='), *key, *val;

	if (!eq)
		return 0;
	*eq = '\0';
	key = trim(s);
	val = trim(eq + 1);
	if (strncmp(key, "exporter.", 9) == 0 && key[9])
		return exporter(c, key + 9, val, err);
	if (strcmp(key, "dyn_max_sources") == 0) {
		char *end;
		long v = strtol(val, &end, 10);

		if (end == val || v < 1)
			return FAIL(err, "Invalid dyn_max_sources: %s", val);
		c->cfg.dyn_max = (unsigned)v;
	}
	return 0;
}

int collect_conf_read(struct collect_cli *c, const char *section, struct flow_err *err)
{
	const char *path = c->conf ? c->conf : getenv("NFCONF");
	char buf[8192];
	int in = 0, rc = 0;
	FILE *f;

	if (!path || !*path || strcmp(path, "none") == 0)
		return 0;
	f = fopen(path, "r");
	if (!f)
		return FAIL(err, "path does not exist: %s", path);
	while (rc == 0 && fgets(buf, sizeof(buf), f)) {
		char *s;

		strip_comment(buf);
		s = trim(buf);
		if (*s == '[') {
			char *e = strchr(s, ']');

			if (e)
				*e = '\0';
			in = strcmp(trim(s + 1), section) == 0;
		} else if (in) {
			rc = line(c, s, err);
		}
	}
	fclose(f);
	return rc;
}
