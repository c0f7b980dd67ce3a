/*
 * cmd_stat.c - the Details tab's numbers: get-statinfo (the 15 counters
 * of one channel over a slot or range) and get-peek (the slot with the
 * most traffic within an hour of the cursor), with nfsend 1.3.11's
 * checks and texts (NfProfile.pm GetStatinfo, SearchPeak).
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "profile/rrd.h"
#include "profile/statinfo.h"
#include "sen.h"
#include "util/alloc.h"

/* nfsend's ValidISO: twelve digits that make a time. */
static time_t iso_time(const char *s)
{
	size_t i;

	if (strlen(s) != 12)
		return -1;
	for (i = 0; i < 12; i++)
		if (s[i] < '0' || s[i] > '9')
			return -1;
	return pstore_parse_iso(s);
}

static void iso_of(time_t t, char *buf, size_t cap)
{
	struct tm tm;

	localtime_r(&t, &tm);
	strftime(buf, cap, "%Y%m%d%H%M", &tm);
}

/* The counters of channel ch of p over t0..t1, files or (shadow) RRD. */
static int channel_counts(struct sen *s, const struct pname *pn, const struct profile *p,
			  const char *ch, time_t t0, time_t t1, uint64_t v[CHANNEL_RRD_DS],
			  struct flow_err *err)
{
	char path[PATH_MAX], leaf[PROFILE_NAME_MAX + 8];

	if (p->type & PROFILE_SHADOW) {
		snprintf(leaf, sizeof(leaf), "%s.rrd", ch);
		if (pstore_path(&s->ps, 0, pn, leaf, path, sizeof(path)) < 0)
			return flow_errorf(err, FLOW_EINVAL, "path too long");
		return statinfo_rrd(path, t0, t1, s->ps.cycletime, v, err);
	}
	if (pstore_path(&s->ps, 1, pn, ch, path, sizeof(path)) < 0)
		return flow_errorf(err, FLOW_EINVAL, "path too long");
	return statinfo_files(path, s->conf.subdirlayout, t0, t1, s->ps.cycletime, v, err);
}

/* The argument checks of get-statinfo, in nfsend's order; 0 or replied. */
static int statinfo_args(struct comm_out *o, const struct comm_request *req, const char **ch,
			 time_t *t0, time_t *t1)
{
	const char *ts = req_str(req, "tstart"), *te = req_str(req, "tend");

	*ch = req_str(req, "channel");
	if (!*ch) {
		comm_reply_err(o, "Missing channel name!");
		return -1;
	}
	if (!ts) {
		comm_reply_err(o, "Missing time slot.");
		return -1;
	}
	if ((*t0 = iso_time(ts)) < 0) {
		comm_reply_err(o, "Unparsable time format '%s'!", ts);
		return -1;
	}
	*t1 = *t0;
	if (te && (*t1 = iso_time(te)) < 0) {
		comm_reply_err(o, "Unparsable time format '%s'!", te);
		return -1;
	}
	return 0;
}

static void cmd_statinfo(struct comm_session *cs, const struct comm_request *req, void *ctx)
{
	struct sen *s = ctx;
	struct comm_out *o = comm_session_out(cs);
	const char *ts = req_str(req, "tstart"), *te = req_str(req, "tend"), *ch;
	struct flow_err err = { 0 };
	uint64_t v[CHANNEL_RRD_DS];
	struct pname pn;
	struct profile p;
	time_t t0, t1;
	char num[32];
	size_t i;

	if (request_profile(s, cs, req, &pn, 1) < 0 || statinfo_args(o, req, &ch, &t0, &t1) < 0)
		return;
	if (pstore_read(&s->ps, &pn, &p, &err) < 0) {
		comm_reply_err(o, "Profile '%s' in group '%s': %s", pn.name, pn.group, err.msg);
		return;
	}
	if (!profile_channel_find(&p, ch))
		comm_reply_err(o, "channel '%s' does not exists.", ch);
	else if (t0 < p.tstart)
		comm_reply_err(o, "'%s' outside profile.", ts);
	else if (t0 > p.tend)
		comm_reply_err(o, "'%s' beyond profile.", ts);
	else if (te && t1 < t0)
		comm_reply_err(o, "'%s' before start time '%s'", te, ts);
	else if (te && t1 > p.tend)
		comm_reply_err(o, "'%s' outside profile", te);
	else if (channel_counts(s, &pn, &p, ch, t0, t1, v, &err) < 0)
		comm_reply_err(o, "%s", err.code == FLOW_ENOENT ?
				   "Failed get stat info for requested time slot" : err.msg);
	else {
		for (i = 0; i < CHANNEL_RRD_DS; i++) {
			snprintf(num, sizeof(num), "%llu", (unsigned long long)v[i]);
			comm_reply_kv(o, channel_rrd_ds[i], num);
		}
		comm_reply_status(o, "OK", "command completed");
	}
	profile_free(&p);
}

/* flows_any -> index 0, packets_TCP -> 6 ...; -1 when unknown. */
static int peek_index(const char *type)
{
	static const char *const t[] = { "flows", "packets", "traffic" };
	static const char *const pr[] = { "any", "TCP", "UDP", "ICMP", "other" };
	const char *us = strchr(type, '_');
	size_t i, j;

	if (!us)
		return -1;
	for (i = 0; i < 3; i++)
		if (strlen(t[i]) == (size_t)(us - type) && strncmp(type, t[i], (size_t)(us - type)) == 0)
			for (j = 0; j < 5; j++)
				if (strcmp(us + 1, pr[j]) == 0)
					return (int)(i * 5 + j);
	return -1;
}

/* Split "a!b!c" into the channels of p; replies and returns -1 on an unknown one. */
static int peek_channels(struct comm_out *o, const struct profile *p, const struct pname *pn,
			 const char *list, const struct profile_channel **ch, size_t cap, size_t *n)
{
	char buf[4096], *save = NULL, *tok;

	*n = 0;
	snprintf(buf, sizeof(buf), "%s", list);
	for (tok = strtok_r(buf, "!", &save); tok; tok = strtok_r(NULL, "!", &save)) {
		const struct profile_channel *c = profile_channel_find(p, tok);

		if (!c || *n == cap) {
			comm_reply_err(o, "channel '%s' does not exists in profile '%s/%s'", tok,
				       pn->group, pn->name);
			return -1;
		}
		ch[(*n)++] = c;
	}
	return 0;
}

/* nfsend's GetPeakValues: slot sums of positive and negative channels. */
static void peek(struct sen *s, struct comm_session *cs, const struct pname *pn,
		 const struct profile *p, const struct profile_channel **ch, size_t nch,
		 int idx, time_t tinit)
{
	struct comm_out *o = comm_session_out(cs);
	struct flow_err err = { 0 };
	time_t tmin = tinit - 3600, tmax, t, tpos = tinit, tneg = tinit, last = time(NULL);
	uint64_t v[CHANNEL_RRD_DS], maxpos = 0, maxneg = 0;
	char iso[16], isoneg[16];
	size_t i;

	if (tmin < p->tstart)
		tmin = p->tstart;
	tmax = tmin + 2 * 3600;
	if (tmax > p->tend)
		tmax = p->tend;
	if (tmin > tinit || tmax < tinit) {
		comm_reply_err(o, "time outside profile time");
		return;
	}
	for (t = tmin; t <= tmax; t += s->ps.cycletime) {
		uint64_t pos = 0, neg = 0;

		for (i = 0; i < nch; i++) {
			if (channel_counts(s, pn, p, ch[i]->name, t, t, v, &err) < 0) {
				comm_reply_err(o, "Failed get stat info for requested time slot");
				return;
			}
			*(ch[i]->sign == '-' ? &neg : &pos) += v[idx];
		}
		iso_of(t, iso, sizeof(iso));
		comm_out_printf(o, ".t= %lld %s, Sum+: %llu, Sum-: %llu\n", (long long)t, iso,
				(unsigned long long)pos, (unsigned long long)neg);
		if (pos > maxpos)
			maxpos = pos, tpos = t;
		if (neg > maxneg)
			maxneg = neg, tneg = t;
		if (time(NULL) != last) {
			last = time(NULL);
			if (comm_session_flush(cs) < 0)
				return;
		}
	}
	iso_of(tpos, iso, sizeof(iso));
	iso_of(tneg, isoneg, sizeof(isoneg));
	comm_out_printf(o, ".Max+: %llu at %s, Max-: %llu at %s\n", (unsigned long long)maxpos,
			iso, (unsigned long long)maxneg, isoneg);
	iso_of(maxpos > maxneg ? tpos : tneg, iso, sizeof(iso));
	comm_reply_kv(o, "tpeek", iso);
	comm_reply_status(o, "OK", "command completed");
}

static void cmd_peek(struct comm_session *cs, const struct comm_request *req, void *ctx)
{
	struct sen *s = ctx;
	struct comm_out *o = comm_session_out(cs);
	const char *list = req_str(req, "channellist"), *ti = req_str(req, "tinit");
	const char *type = req_str(req, "type");
	const struct profile_channel *ch[256];
	struct flow_err err = { 0 };
	struct pname pn;
	struct profile p;
	size_t nch;
	time_t t;
	int idx;

	if (request_profile(s, cs, req, &pn, 1) < 0)
		return;
	if (!list) {
		comm_reply_err(o, "channel list required.");
		return;
	}
	if (pstore_read(&s->ps, &pn, &p, &err) < 0) {
		comm_reply_err(o, "Profile '%s' in group '%s': %s", pn.name, pn.group, err.msg);
		return;
	}
	if (peek_channels(o, &p, &pn, list, ch, sizeof(ch) / sizeof(ch[0]), &nch) < 0)
		;
	else if (!ti)
		comm_reply_err(o, "time slot required.");
	else if ((t = iso_time(ti)) < 0)
		comm_reply_err(o, "Unparsable time format '%s'!", ti);
	else if (!type)
		comm_reply_err(o, "type of graph required.");
	else if ((idx = peek_index(type)) < 0)
		comm_reply_err(o, "type '%s' unknown.", type);
	else
		peek(s, cs, &pn, &p, ch, nch, idx, t);
	profile_free(&p);
}

const struct comm_handler sen_stat_handlers[] = {
	{ "get-statinfo", cmd_statinfo },
	{ "get-peek", cmd_peek },
};
const size_t sen_stat_nhandlers = sizeof(sen_stat_handlers) / sizeof(sen_stat_handlers[0]);
