/*
 * cmd_modify.c - modify-profile and modify-channel, with nfsend 1.3.11's
 * checks, texts and order rules (NfProfile.pm ModifyProfile,
 * ModifyProfileChannel).
 */
#include <ctype.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <time.h>

#include "profile/chanops.h"
#include "file/nffile.h"
#include "profile/graph.h"
#include "profile/rrd.h"
#include "select/select.h"
#include "sen.h"
#include "util/alloc.h"

static int all_digits(const char *v)
{
	return *v && strspn(v, "0123456789") == strlen(v);
}

/* profile_type=1..6: history/continuous, shadow bit; returns 1 changed, 0, or -1 replied. */
static int change_type(struct sen *s, struct comm_out *o, struct profile *p, const struct pname *pn,
		       const char *v)
{
	unsigned cur_shadow = (p->type & 4) != 0, new_shadow, new_type;
	struct pname live_name = { "live", "." };
	struct profile live;
	struct flow_err err = { 0 };
	size_t i;

	if (!(strlen(v) == 1 && isdigit((unsigned char)v[0])) || v[0] == '0' || v[0] > '6') {
		comm_reply_err(o, "Illegal profile type '%s'", v);
		return -1;
	}
	new_type = (unsigned)(v[0] - '0') & 3;
	new_shadow = ((unsigned)(v[0] - '0') & 4) != 0;
	comm_out_printf(o, ".current_shadow=%u\n.current_type=%u\n.new_shadow=%u\n.new_type=%u\n",
			cur_shadow, p->type & 3, new_shadow, new_type);
	if (new_type == 0) {
		comm_reply_err(o, "Illegal profile type '%u'", new_type);
		return -1;
	}
	if (pstore_read(&s->ps, &live_name, &live, &err) < 0) {
		comm_reply_err(o, "Profile 'live': %s", err.msg);
		return -1;
	}
	if (cur_shadow == new_shadow) {
		comm_out_printf(o, ".Start/stop sequence only\n");
	} else if (new_shadow) {
		/* a shadow profile keeps no flows: empty every channel directory */
		comm_out_printf(o, ".New type is shadow\n");
		for (i = 0; i < p->nchannels; i++) {
			char dir[PATH_MAX];

			pstore_path(&s->ps, 1, pn, p->channels[i].name, dir, sizeof(dir));
			pstore_empty_dir(dir);
		}
		p->tstart = p->tbegin;
		comm_out_printf(o, ".Set profile first %lld\n", (long long)p->tstart);
		p->size = 0;
		p->expire = 0;
		if (new_type == PROFILE_CONTINUOUS && p->tstart < live.tstart)
			p->tstart = live.tstart;
		if (p->tstart > p->tend)
			p->tstart = p->tend;
	} else {
		comm_out_printf(o, ".New type is real\n");
		if (new_type != PROFILE_CONTINUOUS) {
			profile_free(&live);
			comm_reply_err(o, "Can not convert to history profile - no data available");
			return -1;
		}
		p->tstart = time(NULL) - time(NULL) % s->ps.cycletime;
	}
	profile_free(&live);
	p->type = new_type + (new_shadow ? 4 : 0);
	return 1;
}

static void cmd_modify_profile(struct comm_session *cs, const struct comm_request *req, void *ctx)
{
	struct sen *s = ctx;
	struct comm_out *o = comm_session_out(cs);
	struct flow_err err = { 0 };
	struct pname pn;
	struct profile p;
	const char *v;
	int changed = 0, continuous, rc;
	size_t n, i;
	char **desc;

	if (request_profile(s, cs, req, &pn, 1) < 0)
		return;
	if (pstore_read(&s->ps, &pn, &p, &err) < 0) {
		comm_reply_err(o, "Profile '%s': %s", pn.name, err.msg);
		return;
	}
	continuous = (p.type & 3) == PROFILE_CONTINUOUS || p.type == PROFILE_LIVE;
	desc = req_lines(req, "description", &n);
	if (desc) {
		profile_set_description(&p, desc, n);
		changed = 1;
	}
	flow_free(desc);
	if ((v = req_str(req, "locked")) != NULL) {
		if (strcmp(v, "0") && strcmp(v, "1")) {
			comm_reply_err(o, "Invalid value for option locked: '%s'. Use locked=0 or locked=1", v);
			goto out;
		}
		p.locked = v[0] == '1';
		changed = 1;
	}
	if ((v = req_str(req, "status")) != NULL) {
		if (strcmp(v, "new") && strcmp(v, "OK") && strcmp(v, "FAILED")) {
			comm_reply_err(o, "Invalid value for option status: '%s'. Use 'new', 'OK' or 'FAILED'", v);
			goto out;
		}
		snprintf(p.status, sizeof(p.status), "%s", v);
		changed = 1;
	}
	if (continuous && (v = req_str(req, "expire")) != NULL) {
		int64_t h = pstore_parse_expire(v);

		if (h < 0) {
			comm_reply_err(o, "Unknown expire time '%s'", v);
			goto out;
		}
		p.expire = (uint64_t)h;
		changed = 1;
	}
	if (continuous && (v = req_str(req, "maxsize")) != NULL) {
		int64_t b = pstore_parse_maxsize(v);

		if (b < 0) {
			comm_reply_err(o, "Unknown max size '%s'", v);
			goto out;
		}
		p.maxsize = (uint64_t)b;
		changed = 1;
	}
	if ((v = req_str(req, "newgroup")) != NULL) {
		for (i = 0; v[i] && strcmp(v, "."); i++)
			if (!isalnum((unsigned char)v[i]) && !strchr("-+_", v[i]))
				break;
		if (strcmp(v, ".") && v[i]) {
			comm_reply_err(o, "Illegal characters in group name: '%s'!", v);
			goto out;
		}
		pthread_mutex_lock(&s->cycle);
		rc = pstore_regroup(&s->ps, &p, v, &err);
		pthread_mutex_unlock(&s->cycle);
		if (rc < 0) {
			reply_err(cs, &err);
			goto out;
		}
		snprintf(pn.group, sizeof(pn.group), "%s", p.group);
		changed = 1;
	}
	if ((v = req_str(req, "profile_type")) != NULL) {
		rc = change_type(s, o, &p, &pn, v);
		if (rc < 0)
			goto out;
		changed |= rc;
	}
	if (!changed)
		comm_reply_status(o, "OK", "Nothing modified");
	else if (pstore_write(&s->ps, &p, &err) < 0)
		comm_reply_err(o, "writing profile '%s': %s", pn.name, err.msg);
	else
		comm_reply_status(o, "OK", "profile modified");
out:
	profile_free(&p);
}

/* Move channel c to order k among its sign, shifting the others. */
static void reorder(struct profile *p, struct profile_channel *c, unsigned k)
{
	size_t i;

	for (i = 0; i < p->nchannels; i++) {
		struct profile_channel *o = &p->channels[i];

		if (o == c || o->sign != c->sign)
			continue;
		if (k > c->order && o->order > c->order && o->order <= k)
			o->order--;
		else if (k < c->order && o->order >= k && o->order < c->order)
			o->order++;
	}
	c->order = k;
}

static void cmd_modify_channel(struct comm_session *cs, const struct comm_request *req, void *ctx)
{
	struct sen *s = ctx;
	struct comm_out *o = comm_session_out(cs);
	struct flow_err err = { 0 };
	struct pname pn, live_name = { "live", "." };
	struct profile p, live;
	struct profile_channel *c;
	char name[PROFILE_NAME_MAX], *joined = NULL;
	const char *v;
	unsigned npos = 0, nneg = 0, max;
	int named, changed = 0;
	size_t i, n;
	char **filter;

	if (pstore_decode_channel(req_str(req, "channel"), req_str(req, "profile"),
				  req_str(req, "profilegroup"), name, sizeof(name), &pn, &named, &err) < 0 ||
	    (!named && pstore_decode(req_str(req, "profile"), req_str(req, "profilegroup"), &pn, &err) < 0) ||
	    pstore_verify(&s->ps, &pn, 1, &err) < 0) {
		reply_err(cs, &err);
		return;
	}
	if (!profile_channel_name_ok(name)) {
		comm_reply_err(o, "checking channel name: %s!",
			       name[0] == '.' ? "Name must not start with '.'" :
			       "Invalid name: RRD allowed characters: A-Z, a-z, 0-9, -,_ ");
		return;
	}
	if (pstore_read(&s->ps, &pn, &p, &err) < 0) {
		comm_reply_err(o, "Profile '%s': %s", pn.name, err.msg);
		return;
	}
	c = profile_channel_find(&p, name);
	if (!c) {
		comm_reply_err(o, "channel '%s' does not exists.", name);
		goto out;
	}
	if ((v = req_str(req, "colour")) != NULL || (v = req_str(req, "color")) != NULL) {
		if (strlen(v) != 7 || v[0] != '#' || strspn(v + 1, "0123456789abcdefABCDEF") != 6) {
			comm_reply_err(o, "Invalid value for option colour: '%s'. Use colour=#aabbcc", v);
			goto out;
		}
		snprintf(c->colour, sizeof(c->colour), "%s", v);
		changed = 1;
	}
	for (i = 0; i < p.nchannels; i++)
		p.channels[i].sign == '+' ? npos++ : nneg++;
	if ((v = req_str(req, "sign")) != NULL) {
		comm_out_printf(o, ".sign: +:%u, -:%u\n", npos, nneg);
		if (strcmp(v, "+") && strcmp(v, "-")) {
			comm_reply_err(o, "Invalid value for option sign: '%s'. Use sign=+ or sign=-", v);
			goto out;
		}
		if (c->sign != v[0]) {
			comm_out_printf(o, ".Change sign from %c to %c\n", c->sign, v[0]);
			for (i = 0; i < p.nchannels; i++)
				if (p.channels[i].sign == c->sign && p.channels[i].order > c->order)
					p.channels[i].order--;
			c->sign = v[0];
			c->order = v[0] == '+' ? ++npos : ++nneg;
			changed = 1;
		} else {
			comm_out_printf(o, ".Nothing to do\n");
		}
	}
	if ((v = req_str(req, "order")) != NULL) {
		max = c->sign == '+' ? npos : nneg;
		if (!all_digits(v) || strtoul(v, NULL, 10) > max) {
			comm_reply_err(o, "Invalid value for option order: '%s'. Use order=1..%u", v, max);
			goto out;
		}
		if (strtoul(v, NULL, 10) != c->order) {
			reorder(&p, c, strtoul(v, NULL, 10) ? (unsigned)strtoul(v, NULL, 10) : max);
			changed = 1;
		}
	}
	if ((v = req_str(req, "sourcelist")) != NULL) {
		char list[4096];

		if (strcmp(pn.name, "live") == 0) {
			comm_reply_err(o, "Can't modify sourcelist in profile 'live'.");
			goto out;
		}
		if (pstore_read(&s->ps, &live_name, &live, &err) < 0) {
			reply_err(cs, &err);
			goto out;
		}
		n = chan_sourcelist(v, &live, list, sizeof(list), &err) < 0;
		profile_free(&live);
		if (n) {
			reply_err(cs, &err);
			goto out;
		}
		flow_free(c->sourcelist);
		c->sourcelist = flow_strdup(list);
		changed = 1;
	}
	filter = req_lines(req, "filter", &n);
	if (filter) {
		if (strcmp(pn.name, "live") == 0) {
			comm_reply_err(o, "Can't modify filter in profile 'live'.");
		} else if (chan_check_filter(filter, n, &joined, &err) < 0) {
			comm_reply_err(o, "Filter syntax error: %s", err.msg);
		} else if (chan_write_filter(&s->ps, &pn, name, filter, n, &err) < 0) {
			reply_err(cs, &err);
		} else {
			changed = 1;
			flow_free(joined);
			flow_free(filter);
			filter = NULL;
		}
		if (filter) {
			flow_free(joined);
			flow_free(filter);
			goto out;
		}
	}
	if (!changed) {
		comm_reply_status(o, "OK", "Nothing modified");
	} else if (pstore_write(&s->ps, &p, &err) < 0) {
		comm_reply_err(o, "writing profile '%s': %s", pn.name, err.msg);
	} else {
		if (profile_graphs(&s->ps, &pn, &p, (time_t)p.tend, GRAPH_ALL, &err) < 0)
			sen_log(LOG_ERR, "profile '%s': %s", pn.name, err.msg);
		comm_reply_status(o, "OK", "profile modified");
	}
out:
	profile_free(&p);
}

/* expire-profile (nfsen -X): expire now by the profile's own limits. */
static void cmd_expire_profile(struct comm_session *cs, const struct comm_request *req, void *ctx)
{
	struct sen *s = ctx;
	struct comm_out *o = comm_session_out(cs);
	struct flow_err err = { 0 };
	struct pname pn;
	struct profile p;

	if (request_profile(s, cs, req, &pn, 1) < 0)
		return;
	if (pstore_lock(&s->ps, &pn, &p, &err) < 0) {
		reply_err(cs, &err);
		return;
	}
	if ((p.type & 3) == PROFILE_HISTORY || (p.type & PROFILE_SHADOW)) {
		comm_reply_err(o, "Can't expire history profile");
	} else {
		pthread_mutex_lock(&s->cycle);
		if (pstore_expire(&s->ps, &p, (unsigned)s->conf.low_water, time(NULL), &err) < 0)
			sen_log(LOG_ERR, "expire profile '%s': %s", p.name, err.msg);
		pthread_mutex_unlock(&s->cycle);
		comm_reply_status(o, "OK", "profile expired");
	}
	p.locked = 0;
	if (pstore_write(&s->ps, &p, &err) < 0)
		sen_log(LOG_ERR, "profile '%s': %s", p.name, err.msg);
	profile_free(&p);
}

/* Channel c's RRD again from its files' stat records, slot by slot. */
static int rebuild_rrd(struct sen *s, const struct pname *pn, const struct profile *p,
		       const char *ch, struct flow_err *err)
{
	char leaf[PROFILE_NAME_MAX + 8], rrd[PATH_MAX], dir[PATH_MAX], sub[64], file[PATH_MAX + 96];
	uint64_t v[CHANNEL_RRD_DS];
	struct nffile_info info;
	struct flow_err e = { 0 };
	time_t t;

	snprintf(leaf, sizeof(leaf), "%s.rrd", ch);
	pstore_path(&s->ps, 0, pn, leaf, rrd, sizeof(rrd));
	if (channel_rrd_create(rrd, (time_t)p->tstart, 1, err) < 0)
		return FLOW_EIO;
	pstore_path(&s->ps, 1, pn, ch, dir, sizeof(dir));
	for (t = (time_t)p->tstart; t <= (time_t)p->tend; t += s->ps.cycletime) {
		struct tm tm;
		char iso[16];

		localtime_r(&t, &tm);
		strftime(iso, sizeof(iso), "%Y%m%d%H%M", &tm);
		sub[0] = '\0';
		if (s->conf.subdirlayout)
			flow_subdir_path(s->conf.subdirlayout, t, sub, sizeof(sub), &e);
		snprintf(file, sizeof(file), "%s/%s%snfcapd.%s", dir, sub, sub[0] ? "/" : "", iso);
		if (nffile_stat(file, &info, &e) < 0)
			continue;	/* a gap: nothing to write for this slot */
		channel_rrd_values(&info.stat, v);
		if (channel_rrd_update(rrd, t, v, err) < 0)
			return FLOW_EIO;
	}
	return 0;
}

/*
 * rebuild-profile: recount size and first slot from the files, close gaps
 * in the channel order; with all=1 also rebuild every channel RRD from
 * the stored files and redraw the graphs (progress as .info lines).
 */
static void cmd_rebuild_profile(struct comm_session *cs, const struct comm_request *req, void *ctx)
{
	struct sen *s = ctx;
	struct comm_out *o = comm_session_out(cs);
	struct flow_err err = { 0 };
	struct pname pn;
	struct profile p;
	size_t i, *idx;
	unsigned npos = 0, nneg = 0;
	int rc = 0;

	if (request_profile(s, cs, req, &pn, 1) < 0)
		return;
	if (pstore_read(&s->ps, &pn, &p, &err) < 0) {
		comm_reply_err(o, "Profile '%s': %s", pn.name, err.msg);
		return;
	}
	if (strcmp(p.status, "new") == 0 || (p.type & PROFILE_SHADOW)) {
		comm_reply_err(o, strcmp(p.status, "new") == 0 ? "Profile '%s' is a new profile." :
			       "Profile '%s' is a shadow profile.", pn.name);
		profile_free(&p);
		return;
	}
	profile_free(&p);
	if (pstore_lock(&s->ps, &pn, &p, &err) < 0) {
		comm_reply_err(o, "Profile '%s' is already locked. Can't rebuild now", pn.name);
		return;
	}
	pthread_mutex_lock(&s->cycle);
	/* maxsize 0, expire 0: only the recount */
	{
		uint64_t ms = p.maxsize, ex = p.expire;

		p.maxsize = p.expire = 0;
		rc = pstore_expire(&s->ps, &p, 100, time(NULL), &err);
		p.maxsize = ms;
		p.expire = ex;
	}
	idx = flow_calloc(p.nchannels ? p.nchannels : 1, sizeof(*idx));
	if (idx) {
		profile_channel_order(&p, idx);
		for (i = 0; i < p.nchannels; i++) {
			struct profile_channel *c = &p.channels[idx[i]];

			c->order = c->sign == '+' ? ++npos : ++nneg;
		}
		flow_free(idx);
	}
	for (i = 0; rc == 0 && req_str(req, "all") && i < p.nchannels; i++) {
		comm_out_printf(o, ".info Rebuilding Profile '%s': Completed: %zu%%\n", pn.name,
				i * 100 / p.nchannels);
		comm_session_flush(cs);
		rc = rebuild_rrd(s, &pn, &p, p.channels[i].name, &err);
	}
	pthread_mutex_unlock(&s->cycle);
	if (rc == 0 && req_str(req, "all") && profile_graphs(&s->ps, &pn, &p, (time_t)p.tend, GRAPH_ALL, &err) < 0)
		rc = -1;
	p.locked = 0;
	if (rc == 0)
		strcpy(p.status, "OK");
	if (pstore_write(&s->ps, &p, rc == 0 ? &err : NULL) < 0 && rc == 0)
		rc = -1;
	if (rc < 0)
		reply_err(cs, &err);
	else
		comm_reply_status(o, "OK", "profile rebuilded");
	profile_free(&p);
}

const struct comm_handler sen_modify_handlers[] = {
	{ "rebuild-profile", cmd_rebuild_profile },
	{ "modify-profile", cmd_modify_profile },
	{ "modify-channel", cmd_modify_channel },
	{ "expire-profile", cmd_expire_profile },
};
const size_t sen_modify_nhandlers = sizeof(sen_modify_handlers) / sizeof(sen_modify_handlers[0]);
