/*
 * alertdat.c - alert.dat, the alert definition, read and written with
 * nfsen 1.3.11's rules (NfAlert.pm ReadAlert/WriteAlert) so either
 * program reads what the other wrote.
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#include "alert/alert.h"
#include "alert/alert_int.h"
#include "util/alloc.h"
#include "util/banned.h"

/* The scalar keys in the order nfsen writes them. */
enum field_kind { F_STR, F_NUM };

static const struct field {
	const char *key;
	enum field_kind kind;
	size_t off;
} fields[] = {
	{ "name", F_STR, offsetof(struct alert, name) },
	{ "status", F_STR, offsetof(struct alert, status) },
	{ "version", F_NUM, offsetof(struct alert, version) },
	{ "type", F_NUM, offsetof(struct alert, type) },
	{ "trigger_type", F_NUM, offsetof(struct alert, trigger_type) },
	{ "trigger_number", F_NUM, offsetof(struct alert, trigger_number) },
	{ "trigger_blocks", F_NUM, offsetof(struct alert, trigger_blocks) },
	{ "channellist", F_STR, offsetof(struct alert, channellist) },
	{ "action_type", F_NUM, offsetof(struct alert, action_type) },
	{ "action_email", F_STR, offsetof(struct alert, action_email) },
	{ "action_subject", F_STR, offsetof(struct alert, action_subject) },
	{ "action_system", F_STR, offsetof(struct alert, action_system) },
	{ "action_plugin", F_STR, offsetof(struct alert, action_plugin) },
};

#define NFIELDS (sizeof(fields) / sizeof(fields[0]))

static char **str_at(struct alert *a, const struct field *f)
{
	return (char **)((char *)a + f->off);
}

static long *num_at(struct alert *a, const struct field *f)
{
	return (long *)((char *)a + f->off);
}

static const struct field *field_find(const char *key, size_t len)
{
	size_t i;

	for (i = 0; i < NFIELDS; i++)
		if (strlen(fields[i].key) == len && memcmp(fields[i].key, key, len) == 0)
			return &fields[i];
	return NULL;
}

static int set_str(char **slot, const char *v, size_t len)
{
	char *s = flow_malloc(len + 1);

	if (!s)
		return FLOW_ENOMEM;
	memcpy(s, v, len);
	s[len] = '\0';
	flow_free(*slot);
	*slot = s;
	return 0;
}

int alert_init(struct alert *a)
{
	memset(a, 0, sizeof(*a));
	/* EmptyAlert: subject 'Alert', everything else empty or zero */
	if (set_str(&a->name, "", 0) || set_str(&a->status, "empty", 5) ||
	    set_str(&a->channellist, "", 0) || set_str(&a->action_email, "", 0) ||
	    set_str(&a->action_subject, "Alert", 5) || set_str(&a->action_system, "", 0) ||
	    set_str(&a->action_plugin, "", 0)) {
		alert_free(a);
		return FLOW_ENOMEM;
	}
	return 0;
}

static void free_lines(char **l, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		flow_free(l[i]);
	flow_free(l);
}

void alert_free(struct alert *a)
{
	size_t i;

	for (i = 0; i < NFIELDS; i++)
		if (fields[i].kind == F_STR)
			flow_free(*str_at(a, &fields[i]));
	free_lines(a->description, a->ndescription);
	free_lines(a->condition, a->ncondition);
	memset(a, 0, sizeof(*a));
}

static int push_line(char ***l, size_t *n, const char *v, size_t len)
{
	char **nl = flow_realloc(*l, (*n + 1) * sizeof(**l));

	if (!nl)
		return FLOW_ENOMEM;
	*l = nl;
	nl[*n] = NULL;
	if (set_str(&nl[*n], v, len) < 0)
		return FLOW_ENOMEM;
	(*n)++;
	return 0;
}

int alert_name_ok(const char *name)
{
	size_t n = strlen(name);

	if (n == 0 || n >= ALERT_NAME_MAX)
		return 0;
	for (; *name; name++)
		if (!isalnum((unsigned char)*name) && !strchr("+_-", *name))
			return 0;
	return 1;
}

/* A number field: nfsen keeps the text; anything but digits reads as 0. */
static long num_value(const char *v, size_t len)
{
	long n = 0;
	size_t i = 0;
	int neg = len > 0 && v[0] == '-';

	for (i = neg; i < len && isdigit((unsigned char)v[i]) && n < 100000000; i++)
		n = n * 10 + (v[i] - '0');
	return neg ? -n : n;
}

static int set_field(struct alert *a, const struct field *f, const char *v, size_t len)
{
	if (f->kind == F_NUM) {
		*num_at(a, f) = num_value(v, len);
		return 0;
	}
	return set_str(str_at(a, f), v, len);
}

static int is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
}

/* One non-blank line of alert.dat. */
static int parse_line(struct alert *a, const char *s, size_t len, size_t lineno,
		      struct flow_err *err)
{
	const char *eq, *kend, *v;
	const struct field *f;
	size_t i = 0;

	while (i < len && is_blank(s[i]))
		i++;
	if (s[i] == '#') {
		/* nfsen: /^\s*#\s*(.*)$/ */
		for (i++; i < len && is_blank(s[i]); i++)
			;
		return push_line(&a->description, &a->ndescription, s + i, len - i);
	}
	eq = memchr(s, '=', len);
	if (!eq)
		return flow_errorf(err, FLOW_EFORMAT,
				   "Error reading alert information. Unparsable line: '%.*s'",
				   (int)(len > 200 ? 200 : len), s);
	for (kend = eq; kend > s + i && is_blank(kend[-1]); kend--)
		;
	for (v = eq + 1; v < s + len && is_blank(*v); v++)
		;
	/* a value keeps everything after the first '=' (nfsen cut it at a second '=') */
	len = (size_t)(s + len - v);
	while (len > 0 && (v[len - 1] == '\r' || v[len - 1] == '\n'))
		len--;
	if ((size_t)(kend - (s + i)) == 9 && memcmp(s + i, "condition", 9) == 0)
		return push_line(&a->condition, &a->ncondition, v, len);
	f = field_find(s + i, (size_t)(kend - (s + i)));
	if (!f)
		return flow_errorf(err, FLOW_EFORMAT,
				   "Error reading alert information. Unknown key: '%.*s' (line %zu)",
				   (int)((kend - (s + i)) > 64 ? 64 : kend - (s + i)), s + i, lineno);
	return set_field(a, f, v, len);
}

int alert_parse(struct alert *a, const char *text, size_t len, struct flow_err *err)
{
	const char *p = text, *end = text + len;
	size_t lineno = 0;
	int rc;

	if (len > ALERT_FILE_MAX)
		return flow_errorf(err, FLOW_EFORMAT, "alert.dat larger than %d bytes", ALERT_FILE_MAX);
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p), i;

		lineno++;
		for (i = 0; i < n && (is_blank(p[i]) || p[i] == '\0'); i++)
			;
		if (i < n) {
			if (memchr(p, '\0', n))
				return flow_errorf(err, FLOW_EFORMAT,
						   "Error reading alert information. NUL byte in line %zu",
						   lineno);
			rc = parse_line(a, p, n, lineno, err);
			if (rc < 0)
				return rc == FLOW_ENOMEM ? flow_errorf(err, rc, "out of memory") : rc;
		}
		p += n + (nl != NULL);
	}
	if (a->ncondition > ALERT_COND_MAX)
		return flow_errorf(err, FLOW_EFORMAT, "alert has %zu conditions, at most %d",
				   a->ncondition, ALERT_COND_MAX);
	return 0;
}

char *alert_format(const struct alert *a)
{
	struct text t = { 0 };
	size_t i;

	for (i = 0; i < a->ndescription; i++)
		alert_text_add(&t, "# %s\n", a->description[i]);
	for (i = 0; i < NFIELDS; i++) {
		const struct field *f = &fields[i];

		if (f->kind == F_NUM)
			alert_text_add(&t, "%s = %ld\n", f->key, *num_at((struct alert *)a, f));
		else
			alert_text_add(&t, "%s = %s\n", f->key, *str_at((struct alert *)a, f));
	}
	for (i = 0; i < a->ncondition; i++)
		alert_text_add(&t, "condition=%s\n", a->condition[i]);
	return alert_text_done(&t);
}

int alert_read(const char *path, struct alert *a, struct flow_err *err)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC), rc;
	char *buf;
	ssize_t n;
	size_t len = 0;

	if (fd < 0)
		return flow_errorf_errno(err, errno == ENOENT ? FLOW_ENOENT : FLOW_EIO,
					 "Can't open alert data file '%s'", path);
	buf = flow_malloc(ALERT_FILE_MAX + 1);
	if (!buf) {
		close(fd);
		return flow_errorf(err, FLOW_ENOMEM, "out of memory");
	}
	flock(fd, LOCK_SH);
	while (len <= ALERT_FILE_MAX &&
	       (n = read(fd, buf + len, ALERT_FILE_MAX + 1 - len)) > 0)
		len += (size_t)n;
	flock(fd, LOCK_UN);
	close(fd);
	rc = alert_parse(a, buf, len, err);
	flow_free(buf);
	return rc;
}

int alert_write(const char *path, const struct alert *a, struct flow_err *err)
{
	char *text = alert_format(a);
	size_t len, off = 0;
	ssize_t n;
	int fd, rc = 0;

	if (!text)
		return flow_errorf(err, FLOW_ENOMEM, "out of memory");
	len = strlen(text);
	fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0664);
	if (fd < 0) {
		flow_free(text);
		return flow_errorf_errno(err, FLOW_EIO, "Can't open alert data file '%s'", path);
	}
	flock(fd, LOCK_EX);
	while (off < len && (n = pwrite(fd, text + off, len - off, (off_t)off)) > 0)
		off += (size_t)n;
	if (off < len || ftruncate(fd, (off_t)len) < 0)
		rc = flow_errorf_errno(err, FLOW_EIO, "Can't write alert data file '%s'", path);
	flock(fd, LOCK_UN);
	if (close(fd) < 0 && rc == 0)
		rc = flow_errorf_errno(err, FLOW_EIO, "Failed to close file '%s'", path);
	flow_free(text);
	return rc;
}

int alert_set(struct alert *a, const char *key, const char *value, struct flow_err *err)
{
	const struct field *f = field_find(key, strlen(key));

	if (!f)
		return flow_errorf(err, FLOW_EINVAL, "unknown alert key '%s'", key);
	if (set_field(a, f, value, strlen(value)) < 0)
		return flow_errorf(err, FLOW_ENOMEM, "out of memory");
	return 0;
}

int alert_set_lines(struct alert *a, int conditions, char *const *lines, size_t n,
		    struct flow_err *err)
{
	char **l = NULL;
	size_t i, got = 0;

	for (i = 0; i < n; i++)
		if (push_line(&l, &got, lines[i], strlen(lines[i])) < 0) {
			free_lines(l, got);
			return flow_errorf(err, FLOW_ENOMEM, "out of memory");
		}
	if (conditions) {
		free_lines(a->condition, a->ncondition);
		a->condition = l;
		a->ncondition = got;
	} else {
		free_lines(a->description, a->ndescription);
		a->description = l;
		a->ndescription = got;
	}
	return 0;
}
