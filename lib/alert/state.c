/*
 * state.c - alert.status, an alert's run state between cycles.
 *
 * nfsen keeps this as a Perl Storable, which C cannot read; sen writes
 * "key=value" lines instead.  A file that is not ours (a Storable left by
 * nfsen) fails to parse and the caller starts the state over, which is
 * what nfsend itself does with a status it cannot read.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "alert/alert.h"
#include "alert/alert_int.h"
#include "util/alloc.h"
#include "util/banned.h"

#define STATE_MAGIC "sen-alert-status=1"
#define STATE_FILE_MAX (64 * 1024)

static const char *const value_name[ALERT_NVALUES] = { "flows", "packets", "bytes" };

void alert_state_init(struct alert_state *st, time_t now, unsigned trigger_status)
{
	memset(st, 0, sizeof(*st));
	st->created = now;
	st->trigger_status = trigger_status;
}

void alert_state_reset(struct alert_state *st)
{
	st->cond_cnt = 0;
	memset(st->avg, 0, sizeof(st->avg));
}

/* "n n n" or "n:n:n" into v[0..max); returns the count or -1. */
static int parse_nums(const char *s, const char *end, uint64_t *v, size_t max)
{
	size_t n = 0;

	while (s < end) {
		uint64_t x = 0;
		const char *d = s;

		while (s < end && *s >= '0' && *s <= '9') {
			if (x > (UINT64_MAX - 9) / 10)
				return -1;
			x = x * 10 + (uint64_t)(*s++ - '0');
		}
		if (s == d || n == max)
			return -1;
		v[n++] = x;
		if (s < end && *s != ' ' && *s != ':')
			return -1;
		if (s < end)
			s++;
	}
	return (int)n;
}

static int one_num(const char *s, const char *end, uint64_t *v)
{
	return parse_nums(s, end, v, 1) == 1 ? 0 : -1;
}

static int state_line(struct alert_state *st, const char *k, size_t klen, const char *v,
		      const char *end)
{
	uint64_t x[ALERT_SLOTS];
	size_t i;
	int n;

#define KEY(name) (klen == sizeof(name) - 1 && memcmp(k, name, klen) == 0)
	if (KEY("trigger_info")) {
		if ((size_t)(end - v) >= sizeof(st->trigger_info))
			return -1;
		memcpy(st->trigger_info, v, (size_t)(end - v));
		st->trigger_info[end - v] = '\0';
		return 0;
	}
	if (KEY("event_condition")) {
		n = parse_nums(v, end, x, ALERT_COND_MAX);
		if (n < 0)
			return -1;
		for (i = 0; i < (size_t)n; i++)
			st->event_cond[i] = x[i] != 0;
		st->nevent_cond = (size_t)n;
		return 0;
	}
	if (KEY("events")) {
		n = parse_nums(v, end, x, ALERT_EVENTS);
		for (i = 0; n >= 0 && i < (size_t)n; i++)
			st->events[i] = (time_t)x[i];
		return n < 0 ? -1 : 0;
	}
	for (i = 0; i < ALERT_NVALUES; i++) {
		char name[32];
		size_t j;

		snprintf(name, sizeof(name), "last_%s", value_name[i]);
		if (klen == strlen(name) && memcmp(k, name, klen) == 0)
			return parse_nums(v, end, st->last[i], ALERT_SLOTS) == ALERT_SLOTS ? 0 : -1;
		snprintf(name, sizeof(name), "avg_%s", value_name[i]);
		if (klen == strlen(name) && memcmp(k, name, klen) == 0) {
			if (parse_nums(v, end, x, 6) != 6)
				return -1;
			for (j = 0; j < 6; j++)
				st->avg[j][i] = x[j];
			return 0;
		}
	}
	if (one_num(v, end, x) < 0)
		return -1;
	if (KEY("created"))
		st->created = (time_t)x[0];
	else if (KEY("updated"))
		st->updated = (time_t)x[0];
	else if (KEY("trigger_status"))
		st->trigger_status = (unsigned)(x[0] & 0xf);
	else if (KEY("final_condition"))
		st->final_condition = x[0] != 0;
	else if (KEY("trigger_blocks"))
		st->trigger_blocks = (long)(x[0] % 1000);
	else if (KEY("cond_cnt"))
		st->cond_cnt = (long)(x[0] % 1000);
	/* other keys: written by a later sen, ignored */
#undef KEY
	return 0;
}

int alert_state_parse(struct alert_state *st, const char *text, size_t len, struct flow_err *err)
{
	const char *p = text, *end = text + len;
	size_t lineno = 0;

	alert_state_init(st, 0, 0);
	if (len < sizeof(STATE_MAGIC) - 1 || memcmp(text, STATE_MAGIC, sizeof(STATE_MAGIC) - 1) != 0)
		return flow_errorf(err, FLOW_EFORMAT, "not a sen alert status file");
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *le = nl ? nl : end, *eq = memchr(p, '=', (size_t)(le - p));

		lineno++;
		if (le > p && (!eq || state_line(st, p, (size_t)(eq - p), eq + 1, le) < 0))
			return flow_errorf(err, FLOW_EFORMAT, "alert status: bad line %zu", lineno);
		p = le + (nl != NULL);
	}
	return 0;
}

static void add_nums(struct text *t, const char *key, const uint64_t *v, size_t n, char sep)
{
	size_t i;

	alert_text_add(t, "%s=", key);
	for (i = 0; i < n; i++)
		alert_text_add(t, "%s%" PRIu64, i ? (sep == ':' ? ":" : " ") : "", v[i]);
	alert_text_add(t, "\n");
}

char *alert_state_format(const struct alert_state *st)
{
	struct text t = { 0 };
	uint64_t v[ALERT_SLOTS];
	size_t i, j;

	alert_text_add(&t, "%s\ncreated=%lld\nupdated=%lld\ntrigger_status=%u\n", STATE_MAGIC,
		       (long long)st->created, (long long)st->updated, st->trigger_status);
	alert_text_add(&t, "trigger_info=%s\nfinal_condition=%d\ntrigger_blocks=%ld\ncond_cnt=%ld\n",
		       st->trigger_info, st->final_condition, st->trigger_blocks, st->cond_cnt);
	for (i = 0; i < ALERT_NVALUES; i++) {
		char key[32];

		for (j = 0; j < 6; j++)
			v[j] = st->avg[j][i];
		snprintf(key, sizeof(key), "avg_%s", value_name[i]);
		add_nums(&t, key, v, 6, ':');
		snprintf(key, sizeof(key), "last_%s", value_name[i]);
		add_nums(&t, key, st->last[i], ALERT_SLOTS, ' ');
	}
	for (i = 0; i < ALERT_EVENTS; i++)
		v[i] = (uint64_t)(st->events[i] > 0 ? st->events[i] : 0);
	add_nums(&t, "events", v, ALERT_EVENTS, ' ');
	if (st->nevent_cond) {
		for (i = 0; i < st->nevent_cond; i++)
			v[i] = (uint64_t)st->event_cond[i];
		add_nums(&t, "event_condition", v, st->nevent_cond, ':');
	}
	return alert_text_done(&t);
}

int alert_state_read(const char *path, struct alert_state *st, struct flow_err *err)
{
	FILE *f = fopen(path, "re");
	char *buf;
	size_t len;
	int rc;

	if (!f)
		return flow_errorf_errno(err, errno == ENOENT ? FLOW_ENOENT : FLOW_EIO,
					 "Can't read alert status '%s'", path);
	buf = flow_malloc(STATE_FILE_MAX + 1);
	if (!buf) {
		fclose(f);
		return flow_errorf(err, FLOW_ENOMEM, "out of memory");
	}
	len = fread(buf, 1, STATE_FILE_MAX + 1, f);
	fclose(f);
	if (len > STATE_FILE_MAX)
		rc = flow_errorf(err, FLOW_EFORMAT, "alert status '%s' too large", path);
	else
		rc = alert_state_parse(st, buf, len, err);
	flow_free(buf);
	return rc;
}

int alert_state_write(const char *path, const struct alert_state *st, struct flow_err *err)
{
	char *text = alert_state_format(st), tmp[4096];
	size_t len;
	FILE *f;
	int ok;

	if (!text)
		return flow_errorf(err, FLOW_ENOMEM, "out of memory");
	if (snprintf(tmp, sizeof(tmp), "%s.tmp.%ld", path, (long)getpid()) >= (int)sizeof(tmp)) {
		flow_free(text);
		return flow_errorf(err, FLOW_EINVAL, "path too long: %s", path);
	}
	len = strlen(text);
	f = fopen(tmp, "we");
	ok = f && fwrite(text, 1, len, f) == len;
	if (f && fclose(f) != 0)
		ok = 0;
	flow_free(text);
	if (!ok || rename(tmp, path) < 0) {
		int e = errno;

		unlink(tmp);
		errno = e;
		return flow_errorf_errno(err, FLOW_EIO, "Error store alert status '%s'", path);
	}
	return 0;
}
