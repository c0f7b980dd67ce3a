/*
 * cli.c - the nfsen command line: its options become one socket request,
 * and the reply is printed the way nfsen 1.3.11 prints it
 * (reference/nfsen.md §2, nfsend-transcripts.md §5).  Errors from the
 * daemon are printed as "ERR ..." with exit status 0, as nfsen does;
 * only a failed connection exits 255.
 */
#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "comm/client.h"
#include "profile/listing.h"
#include "sen.h"
#include "util/alloc.h"

enum cli_cmd {
	CMD_NONE, CMD_LIST, CMD_GROUPS, CMD_PLUGINS, CMD_GET, CMD_ADD, CMD_ADD_CH, CMD_COMMIT,
	CMD_DEL, CMD_DEL_CH, CMD_MOD, CMD_MOD_CH, CMD_REBUILD, CMD_EXPIRE,
};

static const struct {
	const char *socket_cmd, *key;
	unsigned timeout;
} cmds[] = {
	[CMD_LIST] = { "get-profilelist", NULL, 30 },
	[CMD_GROUPS] = { "get-profilegroups", NULL, 30 },
	[CMD_PLUGINS] = { "get-frontendplugins", NULL, 30 },
	[CMD_GET] = { "get-profile", "profile", 30 },
	[CMD_ADD] = { "add-profile", "profile", 30 },
	[CMD_ADD_CH] = { "add-channel", "channel", 30 },
	[CMD_COMMIT] = { "commit-profile", "profile", 30 },
	[CMD_DEL] = { "delete-profile", "profile", 30 },
	[CMD_DEL_CH] = { "delete-channel", "channel", 30 },
	[CMD_MOD] = { "modify-profile", "profile", 30 },
	[CMD_MOD_CH] = { "modify-channel", "channel", 30 },
	[CMD_REBUILD] = { "rebuild-profile", "profile", 300 },
	[CMD_EXPIRE] = { "expire-profile", "profile", 300 },
};

void sen_usage(const char *prog)
{
	printf("usage: %s [-C file] [options] [key=value ...]\n"
	       "-C file\t\t\tconfiguration file (nfsen.conf or sen.yaml)\n"
	       "-h, --help\t\tthis text\n"
	       "-V, --version\t\tprint the version\n"
	       "-A, --get-profilelist\tlist all profiles\n"
	       "--get-profilegroups\tlist profile groups\n"
	       "--get-frontendplugins\tlist frontend plugins\n"
	       "-l, --get-profile P\tshow profile P\n"
	       "-a, --add-profile P\tadd profile P (tstart= tend= expire= maxsize= shadow=1 description=)\n"
	       "--add-channel P/C\tadd channel C (filter= colour= sign= order= sourcelist=)\n"
	       "--commit-profile P\tfinish a new profile\n"
	       "-d, --delete-profile P\tdelete profile P\n"
	       "--delete-channel P/C\tdelete channel C\n"
	       "-m, --modify-profile P\tmodify profile P\n"
	       "--modify-channel P/C\tmodify channel C\n"
	       "-r, --rebuild-profile P\trebuild profile P (all=1: also its RRDs and graphs)\n"
	       "-X, --expire-profile P\texpire profile P now\n"
	       "-S, --shell\t\traw session on the daemon's socket (debugging)\n"
	       "-B tstart\t\tsame as tstart=\n"
	       "-E tend\t\t\tsame as tend=\n"
	       "-e expire\t\tsame as expire=\n"
	       "-s maxsize\t\tsame as maxsize=\n"
	       "-F\t\t\tsame as force=1\n"
	       "-L\t\t\tsame as locked=1\n"
	       "-U\t\t\tsame as locked=0\n"
	       "--load-profile FILE\tcreate a profile with its channels from a YAML file\n"
	       "start|stop|status|reload\tcontrol the collectors and the daemon\n"
	       "reconfig [-y]\t\tapply changed sources to profile live\n"
	       "daemon [-f]\t\trun the daemon (nfsend), -f in the foreground\n"
	       "run\t\t\tcollectors and daemon in the foreground (systemd, containers)\n"
	       "process YYYYMMDDhhmm\trun the periodic cycle for one slot now\n"
	       "config-convert FILE\tprint an nfsen.conf as YAML\n",
	       prog);
}

struct cli {
	enum cli_cmd cmd;
	int ncmds;
	const char *target;
	struct conf_value *args;
};

static int set_cmd(struct cli *c, enum cli_cmd cmd, const char *target)
{
	c->cmd = cmd;
	c->target = target;
	return ++c->ncmds;
}

/* key=value split at the first two '=' fields (nfsen truncates the rest). */
static int add_kv(struct conf_value *args, const char *arg)
{
	const char *eq = strchr(arg, '='), *eq2;
	char key[256], val[4096];
	size_t k, v;

	if (eq) {
		k = (size_t)(eq - arg);
		eq2 = strchr(eq + 1, '=');
		v = eq2 ? (size_t)(eq2 - eq - 1) : strlen(eq + 1);
		if (k == 0 || k >= sizeof(key) || v >= sizeof(val))
			return -1;
		memcpy(key, arg, k);
		key[k] = '\0';
		memcpy(val, eq + 1, v);
		val[v] = '\0';
		return conf_hash_set(args, key, conf_scalar(val)) ? -2 : 0;
	}
	for (k = 0; arg[k]; k++)
		if (!isalnum((unsigned char)arg[k]) && arg[k] != '_')
			return -1;
	return k && conf_hash_set(args, arg, conf_scalar("1")) ? -2 : k ? 0 : -1;
}

static const struct option longopts[] = {
	{ "help", no_argument, NULL, 'H' },
	{ "version", no_argument, NULL, 'V' },
	{ "get-profilelist", no_argument, NULL, 'A' },
	{ "get-profilegroups", no_argument, NULL, 1 },
	{ "get-frontendplugins", no_argument, NULL, 2 },
	{ "get-profile", required_argument, NULL, 'l' },
	{ "add-profile", required_argument, NULL, 'a' },
	{ "add-channel", required_argument, NULL, 3 },
	{ "commit-profile", required_argument, NULL, 4 },
	{ "delete-profile", required_argument, NULL, 'd' },
	{ "delete-channel", required_argument, NULL, 5 },
	{ "modify-profile", required_argument, NULL, 'm' },
	{ "modify-channel", required_argument, NULL, 6 },
	{ "rebuild-profile", required_argument, NULL, 'r' },
	{ "expire-profile", required_argument, NULL, 'X' },
	{ "shell", no_argument, NULL, 'S' },
	{ NULL, 0, NULL, 0 },
};

/* Parse; returns -1 to run the request, else an exit code. */
static int parse(struct sen *s, struct cli *c, int argc, char **argv)
{
	int opt;

	optind = 1;
	while ((opt = getopt_long(argc, argv, "hVAl:a:d:m:r:X:B:E:e:s:FLUS", longopts, NULL)) != -1) {
		switch (opt) {
		case 'h': sen_usage(s->prog); return 0;
		case 'H': sen_usage(s->prog); return 0;
		case 'V': printf("%s: %s nfsen 2022 peter\n", s->prog, SEN_VERSION); return 0;
		case 'A': set_cmd(c, CMD_LIST, NULL); break;
		case 1: set_cmd(c, CMD_GROUPS, NULL); break;
		case 2: set_cmd(c, CMD_PLUGINS, NULL); break;
		case 'l': set_cmd(c, CMD_GET, optarg); break;
		case 'a': set_cmd(c, CMD_ADD, optarg); break;
		case 3: set_cmd(c, CMD_ADD_CH, optarg); break;
		case 4: set_cmd(c, CMD_COMMIT, optarg); break;
		case 'd': set_cmd(c, CMD_DEL, optarg); break;
		case 5: set_cmd(c, CMD_DEL_CH, optarg); break;
		case 'm': set_cmd(c, CMD_MOD, optarg); break;
		case 6: set_cmd(c, CMD_MOD_CH, optarg); break;
		case 'r': set_cmd(c, CMD_REBUILD, optarg); break;
		case 'X': set_cmd(c, CMD_EXPIRE, optarg); break;
		case 'S': return sen_shell(s);
		case 'B': conf_hash_set(c->args, "tstart", conf_scalar(optarg)); break;
		case 'E': conf_hash_set(c->args, "tend", conf_scalar(optarg)); break;
		case 'e': conf_hash_set(c->args, "expire", conf_scalar(optarg)); break;
		case 's': conf_hash_set(c->args, "maxsize", conf_scalar(optarg)); break;
		case 'F': conf_hash_set(c->args, "force", conf_scalar("1")); break;
		case 'L': conf_hash_set(c->args, "locked", conf_scalar("1")); break;
		case 'U': conf_hash_set(c->args, "locked", conf_scalar("0")); break;
		default: sen_usage(s->prog); return 1;
		}
	}
	for (; optind < argc; optind++) {
		int rc = add_kv(c->args, argv[optind]);

		if (rc == -1)
			printf("Unknown option: '%s'\n", argv[optind]);
		else if (rc == -2)
			return 255;
	}
	if (c->ncmds > 1) {
		printf("Multiple commands not accpeted!\n");
		return 0;
	}
	if (c->cmd == CMD_NONE) {
		sen_usage(s->prog);
		return 0;
	}
	return -1;
}

/* The status line as nfsen prints it: its text and one more newline. */
static void print_status(const char *status)
{
	printf("%s\n\n", status);
}

/* -l P: get-profile, then get-channelstat per channel unless new/shadow. */
static int print_listing(struct comm_client *cl, const char *pname, int with_group)
{
	struct conf_value *args = conf_hash();
	struct comm_reply r;
	struct flow_err err = { 0 };
	struct profile p;
	struct listing_chstat *st = NULL;
	char *text = NULL;
	size_t len, i;
	int rc = 0;

	conf_hash_set(args, "profile", conf_scalar(pname));
	if (with_group)
		conf_hash_set(args, "profilegroup", conf_scalar("."));
	if (comm_client_request(cl, "get-profile", args, 30, &r, &err) < 0) {
		conf_value_free(args);
		printf("%s\n", err.msg);
		return 255;
	}
	conf_value_free(args);
	if (strncmp(r.status, "OK", 2) != 0) {
		print_status(r.status);
		comm_reply_free(&r);
		return 0;
	}
	rc = profile_from_reply(&p, r.data, &err);
	comm_reply_free(&r);
	if (rc < 0) {
		printf("ERR %s\n\n", err.msg);
		return 0;
	}
	st = flow_calloc(p.nchannels ? p.nchannels : 1, sizeof(*st));
	for (i = 0; st && i < p.nchannels && strcmp(p.status, "new") && !(p.type & PROFILE_SHADOW);
	     i++) {
		struct comm_reply cr;
		struct conf_value *a = conf_hash();
		const char *v;

		conf_hash_set(a, "profile", conf_scalar(p.name));
		conf_hash_set(a, "channel", conf_scalar(p.channels[i].name));
		conf_hash_set(a, "profilegroup", conf_scalar(p.group));
		if (comm_client_request(cl, "get-channelstat", a, 30, &cr, &err) < 0) {
			conf_value_free(a);
			break;
		}
		conf_value_free(a);
		if (strncmp(cr.status, "OK", 2) != 0) {
			st[i].err_line = cr.status;	/* kept: freed below */
			cr.status = NULL;
		} else {
			v = conf_hash_str(cr.data, "numfiles");
			st[i].numfiles = v ? strtoull(v, NULL, 10) : 0;
			v = conf_hash_str(cr.data, "size");
			st[i].size = v ? strtoull(v, NULL, 10) : 0;
		}
		comm_reply_free(&cr);
	}
	if (st && profile_listing(&p, st, &text, &len, &err) == 0)
		fwrite(text, 1, len, stdout);
	for (i = 0; st && i < p.nchannels; i++)
		flow_free((char *)st[i].err_line);
	flow_free(st);
	flow_free(text);
	profile_free(&p);
	return 0;
}

static void print_array(const struct comm_reply *r, const char *key, int strip_dot,
			const char *none)
{
	const struct conf_value *v = conf_hash_get(r->data, key);
	size_t i;

	if (!v || v->type != CONF_ARRAY || v->n == 0) {
		if (none)
			printf("%s\n", none);
		return;
	}
	for (i = 0; i < v->n; i++) {
		const char *s = v->items[i]->str;

		if (strip_dot && strncmp(s, "./", 2) == 0)
			s += 2;
		printf("%s\n", s);
	}
}

static int run(struct sen *s, struct cli *c)
{
	struct comm_client cl;
	struct comm_reply r;
	struct flow_err err = { 0 };
	unsigned timeout = cmds[c->cmd].timeout;
	int rc = 0;

	if (comm_client_connect(&cl, s->conf.commsocket, timeout > 30 ? timeout : 0, &err) < 0) {
		printf("%s\n", err.msg);
		return 255;
	}
	if (cmds[c->cmd].key && c->target)
		conf_hash_set(c->args, cmds[c->cmd].key, conf_scalar(c->target));
	if (c->cmd == CMD_GET) {
		rc = print_listing(&cl, c->target, 0);
		comm_client_close(&cl);
		return rc;
	}
	if (comm_client_request(&cl, cmds[c->cmd].socket_cmd, c->args, timeout, &r, &err) < 0) {
		printf("%s\n", err.msg);
		comm_client_close(&cl);
		return 255;
	}
	for (size_t i = 0; i < r.ninfo; i++)
		printf("Info: %s\n", r.info[i]);
	if (strncmp(r.status, "OK", 2) != 0) {
		print_status(r.status);
	} else if (c->cmd == CMD_LIST) {
		print_array(&r, "profiles", 1, "No profiles found.");
	} else if (c->cmd == CMD_GROUPS) {
		const struct conf_value *v = conf_hash_get(r.data, "profilegroups");
		size_t i, shown = 0;

		for (i = 0; v && v->type == CONF_ARRAY && i < v->n; i++)
			if (strcmp(v->items[i]->str, ".") != 0 && ++shown)
				printf("%s\n", v->items[i]->str);
		if (!v || v->n == 0)
			printf("No profile groups found.\n");
	} else if (c->cmd == CMD_PLUGINS) {
		print_array(&r, "frontendplugins", 0, "No plugins found.");
	} else if (c->cmd == CMD_DEL) {
		printf("Profile deleted\n");
	} else {
		/* add/commit/modify print the profile afterwards */
		const char *pn = conf_hash_str(c->args, "profile");
		char name[PROFILE_NAME_MAX * 2];

		if (!pn && c->target) {
			const char *slash = strrchr(c->target, '/');

			snprintf(name, sizeof(name), "%.*s", slash ? (int)(slash - c->target) :
				 (int)strlen(c->target), c->target);
			pn = name;
		}
		if (pn)
			rc = print_listing(&cl, pn, strchr(pn, '/') == NULL);
	}
	comm_reply_free(&r);
	comm_client_close(&cl);
	return rc;
}

/* One socket request; prints "ERR ..." itself and returns -1 when it fails. */
static int request(struct comm_client *cl, const char *cmd, struct conf_value *args)
{
	struct comm_reply r;
	struct flow_err err = { 0 };
	int ok;

	if (comm_client_request(cl, cmd, args, 30, &r, &err) < 0) {
		printf("%s\n", err.msg);
		return -1;
	}
	ok = strncmp(r.status, "OK", 2) == 0;
	if (!ok)
		print_status(r.status);
	comm_reply_free(&r);
	return ok ? 0 : -1;
}

/* A scalar of map m as a string, or NULL. */
static const char *yget(const struct conf_value *m, const char *key)
{
	return conf_hash_str(m, key);
}

/*
 * sen --load-profile FILE.yaml: add-profile, one add-channel per channel,
 * commit-profile, then the listing.  Keys: name, group, description,
 * tstart, tend, expire, maxsize, shadow; channels: name, filter (a string
 * or a list of lines), colour, sign, order, sourcelist.
 */
static int load_profile(struct sen *s, const char *path)
{
	static const char *const pkeys[] = { "description", "tstart", "tend", "expire", "maxsize",
					     "shadow" };
	static const char *const ckeys[] = { "colour", "sign", "order", "sourcelist" };
	struct conf_value *root = conf_hash(), *args = NULL;
	const struct conf_value *chans;
	struct comm_client cl;
	struct flow_err err = { 0 };
	char *text = NULL, pname[PROFILE_NAME_MAX * 2 + 2];
	size_t len = 0, i, k;
	const char *name, *group;
	FILE *f = fopen(path, "r");
	int rc = 1;

	if (!f) {
		printf("ERR %s: %s\n", path, strerror(errno));
		conf_value_free(root);
		return 1;
	}
	text = flow_malloc(1 << 20);
	if (text)
		len = fread(text, 1, (1 << 20) - 1, f);
	fclose(f);
	if (!text || !root || conf_read_yaml(root, path, text, len, &err) < 0) {
		printf("ERR %s\n", err.msg[0] ? err.msg : "out of memory");
		goto out;
	}
	name = yget(root, "name");
	group = yget(root, "group");
	chans = conf_hash_get(root, "channels");
	if (!name || (chans && chans->type != CONF_ARRAY)) {
		printf("ERR %s: needs 'name' and a list of 'channels'\n", path);
		goto out;
	}
	snprintf(pname, sizeof(pname), "%s%s%s", group && strcmp(group, ".") ? group : "",
		 group && strcmp(group, ".") ? "/" : "", name);
	if (comm_client_connect(&cl, s->conf.commsocket, 0, &err) < 0) {
		printf("%s\n", err.msg);
		rc = 255;
		goto out;
	}
	args = conf_hash();
	conf_hash_set(args, "profile", conf_scalar(pname));
	for (k = 0; k < sizeof(pkeys) / sizeof(pkeys[0]); k++)
		if (yget(root, pkeys[k]))
			conf_hash_set(args, pkeys[k], conf_scalar(yget(root, pkeys[k])));
	if (request(&cl, "add-profile", args) < 0)
		goto close;
	for (i = 0; chans && i < chans->n; i++) {
		const struct conf_value *c = chans->items[i], *fl = conf_hash_get(c, "filter");
		char chname[PROFILE_NAME_MAX * 3 + 3];

		conf_value_free(args);
		args = conf_hash();
		snprintf(chname, sizeof(chname), "%s/%s", pname, yget(c, "name") ? yget(c, "name") : "");
		conf_hash_set(args, "channel", conf_scalar(chname));
		if (fl)
			conf_hash_set(args, "filter", conf_value_dup(fl));
		for (k = 0; k < sizeof(ckeys) / sizeof(ckeys[0]); k++)
			if (yget(c, ckeys[k]))
				conf_hash_set(args, ckeys[k], conf_scalar(yget(c, ckeys[k])));
		if (request(&cl, "add-channel", args) < 0)
			goto close;
	}
	conf_value_free(args);
	args = conf_hash();
	conf_hash_set(args, "profile", conf_scalar(pname));
	if (request(&cl, "commit-profile", args) < 0)
		goto close;
	rc = print_listing(&cl, pname, 0);
close:
	comm_client_close(&cl);
out:
	conf_value_free(args);
	conf_value_free(root);
	flow_free(text);
	return rc;
}

int sen_cli(struct sen *s, int argc, char **argv)
{
	struct cli c;
	int rc;

	if (argc == 3 && strcmp(argv[1], "--load-profile") == 0)
		return load_profile(s, argv[2]);
	memset(&c, 0, sizeof(c));
	c.args = conf_hash();
	if (!c.args)
		return 255;
	rc = parse(s, &c, argc, argv);
	if (rc < 0)
		rc = run(s, &c);
	conf_value_free(c.args);
	return rc;
}
