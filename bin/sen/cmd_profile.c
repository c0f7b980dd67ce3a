/*
 * cmd_profile.c - the profile commands of the socket: get-profilelist,
 * get-profilegroups, get-profile, get-channelstat, get-channelfilter,
 * add-profile, add-channel, commit-profile, delete-channel,
 * delete-profile.  Replies follow nfsend 1.3.11 (NfProfile.pm).
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "expire/expire.h"
#include "profile/chanops.h"
#include "profile/graph.h"
#include "sen.h"
#include "util/alloc.h"

const char *req_str(const struct comm_request *req, const char *key)
{
	return conf_hash_str(req->args, key);
}

/* The lines of key (scalar or _array) as a malloc'd array of borrowed strings. */
char **req_lines(const struct comm_request *req, const char *key, size_t *n)
{
	const struct conf_value *v = conf_hash_get(req->args, key);
	char **out;
	size_t i;

	*n = 0;
	if (!v)
		return NULL;
	out = flow_calloc(v->type == CONF_ARRAY ? v->n + 1 : 2, sizeof(*out));
	if (!out)
		return NULL;
	if (v->type == CONF_SCALAR) {
		out[0] = v->str;
		*n = 1;
		return out;
	}
	for (i = 0; i < v->n; i++)
		out[i] = v->items[i]->str;
	*n = v->n;
	return out;
}

static int is_dir(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

void reply_err(struct comm_session *cs, const struct flow_err *err)
{
	comm_reply_err(comm_session_out(cs), "%s", err->msg);
}

/* Decode and verify the request's profile; replies with the error itself. */
int request_profile(struct sen *s, struct comm_session *cs, const struct comm_request *req,
			   struct pname *pn, int must_exist)
{
	struct flow_err err = { 0 };

	if (pstore_decode(req_str(req, "profile"), req_str(req, "profilegroup"), pn, &err) < 0 ||
	    pstore_verify(&s->ps, pn, must_exist, &err) < 0) {
		reply_err(cs, &err);
		return -1;
	}
	return 0;
}

/* get-profilelist and get-profilegroups: one array line per name. */
static void reply_list(struct comm_session *cs, struct sen *s, int groups)
{
	struct comm_out *o = comm_session_out(cs);
	struct flow_err err = { 0 };
	char **list;
	size_t n, i;
	int rc = groups ? pstore_groups(&s->ps, &list, &n, &err) : pstore_list(&s->ps, &list, &n, &err);

	if (rc < 0) {
		reply_err(cs, &err);
		return;
	}
	for (i = 0; i < n; i++)
		comm_reply_array(o, groups ? "profilegroups" : "profiles", list[i]);
	pstore_list_free(list, n);
	comm_reply_status(o, "OK", "Profile Listing");
}

static void cmd_profilelist(struct comm_session *cs, const struct comm_request *req, void *ctx)
{
	(void)req;
	reply_list(cs, ctx, 0);
}

static void cmd_profilegroups(struct comm_session *cs, const struct comm_request *req, void *ctx)
{
	(void)req;
	reply_list(cs, ctx, 1);
}

/* The reply of get-profile: scalars, description, channels, graphs. */
static void profile_reply(struct sen *s, struct comm_out *o, const struct pname *pn,
			  const struct profile *p)
{
	char path[4096];
	struct stat st;
	size_t i, *idx = flow_calloc(p->nchannels ? p->nchannels : 1, sizeof(*idx));

	comm_out_printf(o, "name=%s\ngroup=%s\ntbegin=%" PRId64 "\ntcreate=%" PRId64 "\n",
			p->name, p->group, p->tbegin, p->tcreate);
	comm_out_printf(o, "tstart=%" PRId64 "\ntend=%" PRId64 "\nupdated=%" PRId64 "\n",
			p->tstart, p->tend, p->updated);
	comm_out_printf(o, "expire=%" PRIu64 "\nmaxsize=%" PRIu64 "\nsize=%" PRIu64 "\n",
			p->expire, p->maxsize, p->size);
	comm_out_printf(o, "type=%u\nlocked=%d\nstatus=%s\nversion=%u\n", p->type, p->locked,
			p->status, p->version);
	for (i = 0; i < p->ndescription; i++)
		comm_reply_array(o, "description", p->description[i]);
	if (idx) {
		/* nfsend sorts by "<sign><order>" as a number, descending */
		profile_channel_order(p, idx);
		for (i = p->nchannels; i-- > 0;) {
			const struct profile_channel *c = &p->channels[idx[i]];

			if (c->sign == '-')
				continue;
			comm_out_printf(o, "_channel=%s:%c:%s:%u:%s\n", c->name, c->sign, c->colour,
					c->order, c->sourcelist);
		}
		for (i = 0; i < p->nchannels; i++) {
			const struct profile_channel *c = &p->channels[idx[i]];

			if (c->sign == '-')
				comm_out_printf(o, "_channel=%s:%c:%s:%u:%s\n", c->name, c->sign,
						c->colour, c->order, c->sourcelist);
		}
		flow_free(idx);
	}
	pstore_path(&s->ps, 0, pn, "flows-day.png", path, sizeof(path));
	comm_reply_kv(o, "graphs", stat(path, &st) == 0 ? "ok" : "no");
	comm_reply_status(o, "OK", "Command completed");
}

static void cmd_get_profile(struct comm_session *cs, const struct comm_request *req, void *ctx)
{
	struct sen *s = ctx;
	struct flow_err err = { 0 };
	struct pname pn;
	struct profile p;

	if (request_profile(s, cs, req, &pn, 1) < 0)
		return;
	if (pstore_read(&s->ps, &pn, &p, &err) < 0) {
		comm_reply_err(comm_session_out(cs), "Profile '%s' in group '%s': %s", pn.name,
			       pn.group, err.msg);
		return;
	}
	profile_reply(s, comm_session_out(cs), &pn, &p);
	profile_free(&p);
}

static void cmd_channelstat(struct comm_session *cs, const struct comm_request *req, void *ctx)
{
	static const char *const keys[] = { "first", "last", "size", "maxsize", "numfiles",
					    "lifetime", "watermark", "status" };
	struct sen *s = ctx;
	struct comm_out *o = comm_session_out(cs);
	struct pname pn;
	struct profile p;
	struct nfstat st;
	struct flow_err err = { 0 };
	const char *ch = req_str(req, "channel");
	char path[4096], buf[1024], *text;
	uint64_t v[8];
	size_t i, len;
	FILE *f;

	if (request_profile(s, cs, req, &pn, 1) < 0)
		return;
	if (!ch) {
		comm_reply_err(o, "profile and channel required.");
		return;
	}
	if (pstore_read(&s->ps, &pn, &p, &err) < 0) {
		reply_err(cs, &err);
		return;
	}
	i = (p.type & PROFILE_SHADOW) != 0;
	profile_free(&p);
	if (i) {
		comm_reply_err(o, "Profile is a shadow profile.");
		return;
	}
	snprintf(buf, sizeof(buf), "%s/.nfstat", ch);
	pstore_path(&s->ps, 1, &pn, buf, path, sizeof(path));
	f = fopen(path, "r");
	if (!f) {
		comm_reply_err(o, "Channel info file missing for channel '%s' in '%s%s%s'", ch,
			       strcmp(pn.group, ".") ? pn.group : "", strcmp(pn.group, ".") ? "/" : "",
			       pn.name);
		return;
	}
	len = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[len] = '\0';
	text = buf;
	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		char pat[32];

		snprintf(pat, sizeof(pat), "%s=", keys[i]);
		if (!strstr(text, pat)) {
			comm_reply_err(o, "Error reading channel stat information. Missing key '%s'",
				       keys[i]);
			return;
		}
	}
	nfstat_parse(text, &st);
	v[0] = st.first, v[1] = st.last, v[2] = st.size, v[3] = st.maxsize;
	v[4] = st.numfiles, v[5] = st.lifetime, v[6] = st.watermark, v[7] = st.status;
	for (i = 0; i < 8; i++)
		comm_out_printf(o, "%s=%" PRIu64 "\n", keys[i], v[i]);
	comm_reply_status(o, "OK", "Command completed");
}

static void cmd_channelfilter(struct comm_session *cs, const struct comm_request *req, void *ctx)
{
	struct sen *s = ctx;
	struct comm_out *o = comm_session_out(cs);
	struct pname pn;
	const char *ch = req_str(req, "channel");
	char path[4096], file[512], line[4096];
	FILE *f;

	if (request_profile(s, cs, req, &pn, 1) < 0)
		return;
	if (!ch) {
		comm_reply_err(o, "profile and channel required.");
		return;
	}
	pstore_path(&s->ps, 1, &pn, ch, path, sizeof(path));
	if (!is_dir(path)) {
		comm_reply_err(o, "no such channel");
		return;
	}
	if (strcmp(pn.name, "live") == 0) {
		comm_reply_array(o, "filter", "any");
		comm_reply_status(o, "OK", "Command completed");
		return;
	}
	snprintf(file, sizeof(file), "%s-filter.txt", ch);
	pstore_path(&s->ps, 0, &pn, file, path, sizeof(path));
	f = fopen(path, "r");
	if (!f) {
		comm_reply_err(o, "Error reading filter - %s", strerror(errno));
		return;
	}
	while (fgets(line, sizeof(line), f)) {
		line[strcspn(line, "\n")] = '\0';
		comm_reply_array(o, "filter", line);
	}
	fclose(f);
	comm_reply_status(o, "OK", "Command completed");
}

static void cmd_add_profile(struct comm_session *cs, const struct comm_request *req, void *ctx)
{
	struct sen *s = ctx;
	struct pstore_newprofile np;
	struct flow_err err = { 0 };
	size_t n;

	memset(&np, 0, sizeof(np));
	if (request_profile(s, cs, req, &np.pn, 0) < 0)
		return;
	np.tstart = req_str(req, "tstart");
	np.tend = req_str(req, "tend");
	np.expire = req_str(req, "expire");
	np.maxsize = req_str(req, "maxsize");
	np.shadow = req_str(req, "shadow") && atoi(req_str(req, "shadow")) == 1;
	np.description = req_lines(req, "description", &n);
	np.ndescription = n;
	if (pstore_add_profile(&s->ps, &np, time(NULL), &err) < 0)
		reply_err(cs, &err);
	else
		comm_reply_status(comm_session_out(cs), "OK", "profile added");
	flow_free(np.description);
}

/* Read live, lock pn, add the channel, write: nfsend's AddProfileChannel. */
static void cmd_add_channel(struct comm_session *cs, const struct comm_request *req, void *ctx)
{
	struct sen *s = ctx;
	struct comm_out *o = comm_session_out(cs);
	struct flow_err err = { 0 };
	struct pname pn, live_name = { "live", "." };
	struct profile p, live;
	struct chan_new c;
	char name[PROFILE_NAME_MAX];
	const char *sign = req_str(req, "sign"), *order = req_str(req, "order");
	int named, rc;
	size_t n;

	if (!req_str(req, "channel")) {
		comm_reply_err(o, "Missing channel name!");
		return;
	}
	rc = pstore_decode_channel(req_str(req, "channel"), req_str(req, "profile"),
				   req_str(req, "profilegroup"), name, sizeof(name), &pn, &named, &err);
	if (rc == 0 && !named)
		rc = pstore_decode(req_str(req, "profile"), req_str(req, "profilegroup"), &pn, &err);
	if (rc == 0)
		rc = pstore_verify(&s->ps, &pn, 1, &err);
	if (rc < 0) {
		reply_err(cs, &err);
		return;
	}
	if (strcmp(pn.name, "live") == 0 && strcmp(pn.group, ".") == 0) {
		comm_reply_err(o, "For profile '%s', add channels in nfsen.conf and run nfsen reconfig !",
			       pn.name);
		return;
	}
	if (order && strspn(order, "0123456789") != strlen(order)) {
		comm_reply_err(o, "option format error: not a number");
		return;
	}
	memset(&c, 0, sizeof(c));
	c.name = name;
	c.sign = sign ? (strlen(sign) == 1 ? sign[0] : '?') : 0;
	c.colour = req_str(req, "colour");
	c.order = order ? atoi(order) : -1;
	c.sourcelist = req_str(req, "sourcelist");
	c.filter = req_lines(req, "filter", &n);
	c.nfilter = n;
	if (pstore_read(&s->ps, &live_name, &live, &err) < 0) {
		reply_err(cs, &err);
		flow_free((void *)c.filter);
		return;
	}
	rc = pstore_lock(&s->ps, &pn, &p, &err);
	if (rc == 0) {
		rc = chan_add(&s->ps, &p, &live, &c, &err);
		p.locked = 0;
		if (pstore_write(&s->ps, &p, rc == 0 ? &err : NULL) < 0 && rc == 0)
			rc = -1;
		profile_free(&p);
	}
	profile_free(&live);
	flow_free((void *)c.filter);
	if (rc < 0)
		reply_err(cs, &err);
	else
		comm_out_printf(o, ".\nOK Channel '%s' added.\n", name);
}

static void cmd_delete_channel(struct comm_session *cs, const struct comm_request *req, void *ctx)
{
	struct sen *s = ctx;
	struct comm_out *o = comm_session_out(cs);
	struct flow_err err = { 0 };
	struct pname pn;
	struct profile p;
	char name[PROFILE_NAME_MAX];
	int named, rc;

	rc = pstore_decode_channel(req_str(req, "channel"), req_str(req, "profile"),
				   req_str(req, "profilegroup"), name, sizeof(name), &pn, &named, &err);
	if (rc == 0 && !named)
		rc = pstore_decode(req_str(req, "profile"), req_str(req, "profilegroup"), &pn, &err);
	if (rc == 0)
		rc = pstore_verify(&s->ps, &pn, 1, &err);
	if (rc < 0) {
		reply_err(cs, &err);
		return;
	}
	if (strcmp(pn.name, "live") == 0 && strcmp(pn.group, ".") == 0) {
		comm_reply_err(o, "Profile '%s'. Delete channels in nfsen.conf and run nfsen reconfig !",
			       pn.name);
		return;
	}
	if (pthread_mutex_trylock(&s->cycle) != 0) {
		comm_reply_err(o, "Can not delete the channel while a periodic update is in progress. Try again later.");
		return;
	}
	rc = pstore_lock(&s->ps, &pn, &p, &err);
	if (rc == 0) {
		rc = chan_delete(&s->ps, &p, name, &err);
		p.locked = 0;
		if (pstore_write(&s->ps, &p, rc == 0 ? &err : NULL) < 0 && rc == 0)
			rc = -1;
		profile_free(&p);
	}
	pthread_mutex_unlock(&s->cycle);
	if (rc < 0)
		reply_err(cs, &err);
	else
		comm_out_printf(o, ".\nOK Channel '%s' deleted.\n", name);
}

static void cmd_commit_profile(struct comm_session *cs, const struct comm_request *req, void *ctx)
{
	struct sen *s = ctx;
	struct comm_out *o = comm_session_out(cs);
	struct flow_err err = { 0 };
	struct pname pn;
	struct profile p;
	time_t now = time(NULL);

	if (request_profile(s, cs, req, &pn, 1) < 0)
		return;
	if (pstore_read(&s->ps, &pn, &p, &err) < 0) {
		reply_err(cs, &err);
		return;
	}
	if (strcmp(p.status, "new") != 0 && strcmp(p.status, "stalled") != 0)
		comm_reply_err(o, "Profile '%s' not a new profile. Nothing to confirm.", pn.name);
	else if (strcmp(p.status, "stalled") == 0 && (p.type & 3) == PROFILE_HISTORY)
		comm_reply_err(o, "Can not commit stalled history profile.");
	else if (p.nchannels == 0)
		comm_reply_err(o, "No channels in profile '%s'. At least one channels must exists.",
			       pn.name);
	else if (p.tstart < p.tend) {
		long pid = sen_history_start(s, &pn, &err);

		if (pid < 0) {
			reply_err(cs, &err);
		} else {
			comm_out_printf(o, "pid=%ld\n", pid);
			comm_reply_status(o, "OK", "Profiling netflow data");
		}
	} else {
		if (strcmp(p.status, "stalled") == 0) {
			now -= now % s->ps.cycletime;
			p.tstart = p.tend = p.updated = now;
		}
		int graphs = profile_graphs(&s->ps, &pn, &p, (time_t)p.tend, GRAPH_ALL, &err);

		strcpy(p.status, graphs < 0 ? "FAILED" : "OK");
		p.locked = 0;
		if (graphs < 0) {
			pstore_write(&s->ps, &p, NULL);
			reply_err(cs, &err);
		} else if (pstore_write(&s->ps, &p, &err) < 0) {
			reply_err(cs, &err);
		} else {
			comm_reply_status(o, "OK", "command completed");
		}
	}
	profile_free(&p);
}

static void cmd_delete_profile(struct comm_session *cs, const struct comm_request *req, void *ctx)
{
	struct sen *s = ctx;
	struct comm_out *o = comm_session_out(cs);
	struct flow_err err = { 0 };
	struct pname pn;
	struct profile p;
	int force = req_str(req, "force") != NULL, rc;

	if (request_profile(s, cs, req, &pn, 1) < 0)
		return;
	if (strcmp(pn.name, "live") == 0 && strcmp(pn.group, ".") == 0) {
		comm_reply_err(o, "Don't want to delete profile 'live'!");
		return;
	}
	if (pstore_read(&s->ps, &pn, &p, &err) < 0) {
		comm_reply_err(o, "Profile '%s': %s", pn.name, err.msg);
		return;
	}
	if (!force && p.locked)
		comm_reply_err(o, "Profile '%s' is locked and can not be deleted now!", pn.name);
	else if (!force && strcmp(p.status, "OK") && strcmp(p.status, "DELETED"))
		comm_reply_err(o, "Profile '%s' is not in status 'OK' and can not be deleted now!",
			       pn.name);
	else {
		pthread_mutex_lock(&s->cycle);
		rc = pstore_delete(&s->ps, &pn, &err);
		pthread_mutex_unlock(&s->cycle);
		if (rc < 0)
			reply_err(cs, &err);
		else
			comm_out_printf(o, ".\nOK Profile '%s' deleted.\n", pn.name);
	}
	profile_free(&p);
}

const struct comm_handler sen_profile_handlers[] = {
	{ "get-profilelist", cmd_profilelist },
	{ "get-profilegroups", cmd_profilegroups },
	{ "get-profile", cmd_get_profile },
	{ "get-channelstat", cmd_channelstat },
	{ "get-channelfilter", cmd_channelfilter },
	{ "add-profile", cmd_add_profile },
	{ "add-channel", cmd_add_channel },
	{ "commit-profile", cmd_commit_profile },
	{ "delete-channel", cmd_delete_channel },
	{ "delete-profile", cmd_delete_profile },
};
const size_t sen_profile_nhandlers = sizeof(sen_profile_handlers) / sizeof(sen_profile_handlers[0]);
