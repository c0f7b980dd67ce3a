/*
 * nfsen.c - load sen's configuration with nfsen's defaults and derived
 * values (conf.h), and check %sources as `nfsen start` does.
 *
 * Facts from nfsen 1.3.11 (reference/nfsen.md §1): the presets below are
 * what nfsen sets before it runs nfsen.conf; VARDIR, PIDDIR, FILTERDIR,
 * FORMATDIR, COMMSOCKET, PICDIR and EXTENSIONS are derived afterwards.
 * nfsen leaves BINDIR, CONFDIR, PROFILESTATDIR, PROFILEDATADIR and the
 * plugin directories undefined when the file does not set them; sen
 * derives them from BASEDIR the way the distributed nfsen.conf spells
 * them, because a daemon cannot run without them.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "conf/conf.h"
#include "util/alloc.h"

static const char *const presets[][2] = {
	{ "HTMLDIR", "/var/www/htdocs/nfsen" },
	{ "PREFIX", "/usr/local/bin" },
	{ "USER", "nobody" },
	{ "WWWUSER", "nobody" },	/* = $USER at preset time */
	{ "WWWGROUP", "www" },
	{ "SUBDIRLAYOUT", "0" },
	{ "ZIPcollected", "-z=lz4" },
	{ "ZIPprofiles", "-z=lz4" },
	{ "PROFILERS", "1" },
	{ "DISKLIMIT", "98" },
	{ "low_water", "90" },
	{ "syslog_facility", "local3" },
	{ "CYCLETIME", "300" },
	{ "AllowsSystemCMD", "0" },
	{ "NFPROFILEOPTS", "" },
	{ "NFEXPIREOPTS", "" },
	{ "InterruptExpire", "0" },
	{ "SMTP_SERVER", "" },
	{ "MAIL_BODY", "Alert '@alert@' triggered at timeslot @timeslot@" },
	{ "SIMmode", "0" },
};

/* name <- base + suffix when the file left name unset. */
static const char *const derived[][3] = {
	{ "VARDIR", "BASEDIR", "/var" },
	{ "PIDDIR", "VARDIR", "/run" },
	{ "FILTERDIR", "VARDIR", "/filters" },
	{ "FORMATDIR", "VARDIR", "/fmt" },
	{ "COMMSOCKET", "PIDDIR", "/nfsen.comm" },
	{ "BINDIR", "BASEDIR", "/bin" },
	{ "CONFDIR", "BASEDIR", "/etc" },
	{ "PROFILESTATDIR", "BASEDIR", "/profiles-stat" },
	{ "PROFILEDATADIR", "BASEDIR", "/profiles-data" },
	{ "BACKEND_PLUGINDIR", "BASEDIR", "/plugins" },
	{ "FRONTEND_PLUGINDIR", "HTMLDIR", "/plugins" },
	{ "PICDIR", "BACKEND_PLUGINDIR", "" },
	{ "Refresh", "CYCLETIME", "" },
};

static int read_file(const char *path, char **text, size_t *len, struct flow_err *err)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t n = 0, cap = 0, got;

	if (!f) {
		if (errno == ENOENT)
			return flow_errorf(err, FLOW_ENOENT, "No NFSEN config file found.");
		return flow_errorf_errno(err, FLOW_EIO, "Errors in config file: %s", path);
	}
	do {
		if (cap - n < 4096) {
			char *p = flow_realloc(buf, cap ? cap * 2 : 8192);

			if (!p) {
				flow_free(buf);
				fclose(f);
				return flow_errorf(err, FLOW_ENOMEM, "%s: out of memory", path);
			}
			buf = p;
			cap = cap ? cap * 2 : 8192;
		}
		got = fread(buf + n, 1, cap - n - 1, f);
		n += got;
	} while (got > 0);
	if (ferror(f)) {
		flow_free(buf);
		fclose(f);
		return flow_errorf_errno(err, FLOW_EIO, "Errors in config file: %s", path);
	}
	fclose(f);
	buf[n] = '\0';
	*text = buf;
	*len = n;
	return 0;
}

static int is_yaml(const char *path, const char *text)
{
	size_t n = strlen(path);

	return (n > 5 && strcmp(path + n - 5, ".yaml") == 0) ||
	       (n > 4 && strcmp(path + n - 4, ".yml") == 0) || strncmp(text, "---", 3) == 0;
}

/* The effective scalar: what the file says, else the preset. */
static const char *file_or_preset(const struct sen_conf *c, const struct conf_value *pre,
				  const char *name)
{
	const struct conf_value *v = conf_hash_get(c->file, name);

	if (v)
		return v->type == CONF_SCALAR ? v->str : NULL;
	return conf_hash_str(pre, name);
}

static int eff_set(struct sen_conf *c, const char *name, const char *val)
{
	return conf_hash_set(c->eff, name, conf_scalar(val));
}

/* Compression settings: undef -> "", any number -> "-z=lz4", else verbatim. */
static const char *zip_normalise(const char *v)
{
	char *end;

	if (!v)
		return "";
	if (*v) {
		strtod(v, &end);
		if (*end == '\0')
			return "-z=lz4";
	}
	return v;
}

static int build_effective(struct sen_conf *c, const struct conf_value *pre)
{
	char buf[4096];
	size_t i;
	int rc = 0;

	for (i = 0; i < pre->n && rc == 0; i++)
		rc = eff_set(c, pre->pairs[i].key, file_or_preset(c, pre, pre->pairs[i].key));
	for (i = 0; i < c->file->n && rc == 0; i++)
		if (c->file->pairs[i].val->type == CONF_SCALAR)
			rc = eff_set(c, c->file->pairs[i].key, c->file->pairs[i].val->str);
	for (i = 0; i < sizeof(derived) / sizeof(derived[0]) && rc == 0; i++) {
		const char *base;

		if (conf_hash_str(c->eff, derived[i][0]))
			continue;
		base = conf_hash_str(c->eff, derived[i][1]);
		if (!base)
			continue;
		snprintf(buf, sizeof(buf), "%s%s", base, derived[i][2]);
		rc = eff_set(c, derived[i][0], buf);
	}
	if (rc == 0) {
		const char *ext = conf_hash_str(c->eff, "EXTENSIONS");

		snprintf(buf, sizeof(buf), "-T %s", ext ? ext : "");
		rc = eff_set(c, "EXTENSIONS", ext && *ext ? buf : "");
	}
	if (rc == 0)
		rc = eff_set(c, "ZIPcollected", zip_normalise(conf_hash_str(c->eff, "ZIPcollected")));
	if (rc == 0)
		rc = eff_set(c, "ZIPprofiles", zip_normalise(conf_hash_str(c->eff, "ZIPprofiles")));
	return rc;
}

static const char *eff(const struct sen_conf *c, const char *name)
{
	return conf_hash_str(c->eff, name);
}

static int eff_int(const struct sen_conf *c, const char *name)
{
	const char *s = eff(c, name);

	return s ? atoi(s) : 0;
}

static void fill_scalars(struct sen_conf *c)
{
	c->basedir = eff(c, "BASEDIR");
	c->bindir = eff(c, "BINDIR");
	c->confdir = eff(c, "CONFDIR");
	c->htmldir = eff(c, "HTMLDIR");
	c->vardir = eff(c, "VARDIR");
	c->piddir = eff(c, "PIDDIR");
	c->filterdir = eff(c, "FILTERDIR");
	c->formatdir = eff(c, "FORMATDIR");
	c->commsocket = eff(c, "COMMSOCKET");
	c->profilestatdir = eff(c, "PROFILESTATDIR");
	c->profiledatadir = eff(c, "PROFILEDATADIR");
	c->backend_plugindir = eff(c, "BACKEND_PLUGINDIR");
	c->frontend_plugindir = eff(c, "FRONTEND_PLUGINDIR");
	c->picdir = eff(c, "PICDIR");
	c->prefix = eff(c, "PREFIX");
	c->user = eff(c, "USER");
	c->wwwuser = eff(c, "WWWUSER");
	c->wwwgroup = eff(c, "WWWGROUP");
	c->extensions = eff(c, "EXTENSIONS");
	c->zipcollected = eff(c, "ZIPcollected");
	c->zipprofiles = eff(c, "ZIPprofiles");
	c->syslog_facility = eff(c, "syslog_facility");
	c->nfprofileopts = eff(c, "NFPROFILEOPTS");
	c->nfexpireopts = eff(c, "NFEXPIREOPTS");
	c->mail_from = eff(c, "MAIL_FROM");
	c->smtp_server = eff(c, "SMTP_SERVER");
	c->mail_body = eff(c, "MAIL_BODY");
	c->rcpt_to = eff(c, "RCPT_TO");
	c->bufflen = eff(c, "BUFFLEN") ? atol(eff(c, "BUFFLEN")) : 0;
	c->subdirlayout = eff_int(c, "SUBDIRLAYOUT");
	c->profilers = eff_int(c, "PROFILERS");
	c->disklimit = eff_int(c, "DISKLIMIT");
	c->low_water = eff_int(c, "low_water");
	c->cycletime = eff_int(c, "CYCLETIME");
	c->refresh = eff_int(c, "Refresh");
	c->allows_system_cmd = eff_int(c, "AllowsSystemCMD");
	c->interrupt_expire = eff_int(c, "InterruptExpire");
	c->simmode = eff_int(c, "SIMmode");
}

static int fill_sources(struct sen_conf *c, struct flow_err *err)
{
	const struct conf_value *s = conf_hash_get(c->file, "sources");
	size_t i;

	if (!s)
		return 0;
	if (s->type != CONF_HASH)
		return flow_errorf(err, FLOW_EFORMAT, "Errors in config file: %s: %%sources is not a hash", c->path);
	c->sources = flow_calloc(s->n ? s->n : 1, sizeof(*c->sources));
	if (!c->sources)
		return flow_errorf(err, FLOW_ENOMEM, "%s: out of memory", c->path);
	for (i = 0; i < s->n; i++) {
		const struct conf_value *h = s->pairs[i].val;
		struct sen_source *src = &c->sources[i];
		const char *port;

		if (h->type != CONF_HASH)
			return flow_errorf(err, FLOW_EFORMAT,
					   "Errors in config file: %s: source '%s' is not a hash",
					   c->path, s->pairs[i].key);
		src->ident = s->pairs[i].key;
		port = conf_hash_str(h, "port");
		src->port = port ? (unsigned)strtoul(port, NULL, 10) : 0;
		src->col = conf_hash_str(h, "col");
		src->type = conf_hash_str(h, "type");
		if (!src->type)
			src->type = "netflow";
		src->ip = conf_hash_str(h, "IP");
		src->optarg = conf_hash_str(h, "optarg");
	}
	c->nsources = s->n;
	return 0;
}

static int fill_plugins(struct sen_conf *c, struct flow_err *err)
{
	const struct conf_value *p = conf_hash_get(c->file, "plugins");
	size_t i;

	if (!p || p->n == 0)
		return 0;
	if (p->type != CONF_ARRAY)
		return flow_errorf(err, FLOW_EFORMAT, "Errors in config file: %s: @plugins is not a list", c->path);
	c->plugins = flow_calloc(p->n, sizeof(*c->plugins));
	if (!c->plugins)
		return flow_errorf(err, FLOW_ENOMEM, "%s: out of memory", c->path);
	for (i = 0; i < p->n; i++) {
		const struct conf_value *e = p->items[i];

		if (e->type != CONF_ARRAY || e->n != 2 || e->items[0]->type != CONF_SCALAR ||
		    e->items[1]->type != CONF_SCALAR)
			return flow_errorf(err, FLOW_EFORMAT,
					   "Errors in config file: %s: plugin entry %zu is not [ 'profiles', 'module' ]",
					   c->path, i + 1);
		c->plugins[i].profiles = e->items[0]->str ? e->items[0]->str : "";
		c->plugins[i].module = e->items[1]->str ? e->items[1]->str : "";
	}
	c->nplugins = p->n;
	return 0;
}

static struct conf_value *make_presets(void)
{
	struct conf_value *h = conf_hash();
	size_t i;

	for (i = 0; h && i < sizeof(presets) / sizeof(presets[0]); i++)
		if (conf_hash_set(h, presets[i][0], conf_scalar(presets[i][1]))) {
			conf_value_free(h);
			return NULL;
		}
	return h;
}

int sen_conf_load(struct sen_conf *c, const char *path, struct flow_err *err)
{
	struct conf_value *pre = NULL;
	char *text = NULL;
	size_t len = 0;
	int rc;

	memset(c, 0, sizeof(*c));
	rc = read_file(path, &text, &len, err);
	if (rc < 0)
		return rc;
	c->path = flow_strdup(path);
	c->file = conf_hash();
	c->eff = conf_hash();
	pre = make_presets();
	if (!c->path || !c->file || !c->eff || !pre) {
		rc = flow_errorf(err, FLOW_ENOMEM, "%s: out of memory", path);
		goto out;
	}
	rc = is_yaml(path, text) ? conf_read_yaml(c->file, path, text, len, err) :
				   conf_read_perl(c->file, pre, path, text, len, err);
	if (rc < 0) {
		if (rc == FLOW_EFORMAT && err) {
			char msg[sizeof(err->msg)];

			snprintf(msg, sizeof(msg), "%s", err->msg);
			flow_errorf(err, rc, "Errors in config file: %s", msg);
		}
		goto out;
	}
	if (build_effective(c, pre)) {
		rc = flow_errorf(err, FLOW_ENOMEM, "%s: out of memory", path);
		goto out;
	}
	fill_scalars(c);
	rc = fill_sources(c, err);
	if (rc == 0)
		rc = fill_plugins(c, err);
out:
	conf_value_free(pre);
	flow_free(text);
	if (rc < 0)
		sen_conf_free(c);
	return rc;
}

void sen_conf_free(struct sen_conf *c)
{
	flow_free(c->sources);
	flow_free(c->plugins);
	conf_value_free(c->file);
	conf_value_free(c->eff);
	flow_free(c->path);
	memset(c, 0, sizeof(*c));
}

const char *sen_conf_locate(const char *cli_path, struct flow_err *err)
{
	static const char *const fallbacks[] = {
		"/etc/net-collector/sen.yaml",
		"/etc/nfsen/nfsen.conf",
	};
	const char *env = getenv("SEN_CONFIG");
	struct stat st;
	size_t i;

	if (cli_path && *cli_path)
		return cli_path;
	if (env && *env)
		return env;
	for (i = 0; i < sizeof(fallbacks) / sizeof(fallbacks[0]); i++)
		if (stat(fallbacks[i], &st) == 0)
			return fallbacks[i];
	flow_errorf(err, FLOW_ENOENT, "No NFSEN config file found.");
	return NULL;
}

static int ident_ok(const char *id)
{
	for (; *id; id++)
		if (!isalnum((unsigned char)*id) && *id != '_' && *id != '-')
			return 0;
	return 1;
}

/* Sources sharing s's port: each needs an IP, and all one type. */
static int check_shared_port(const struct sen_conf *c, size_t i, struct flow_err *err)
{
	const struct sen_source *s = &c->sources[i];
	size_t j, users = 0;

	for (j = 0; j < c->nsources; j++) {
		const struct sen_source *o = &c->sources[j];

		if (o->port != s->port)
			continue;
		users++;
		if (strcmp(o->type, s->type) != 0)
			return flow_errorf(err, FLOW_EINVAL,
					   "Can not start different type '%s' and '%s' on same port!",
					   s->type, o->type);
	}
	if (users > 1 && !s->ip)
		return flow_errorf(err, FLOW_EINVAL,
				   "Error: %s missing parameter 'IP' for multiple sources collector.",
				   s->ident);
	return 0;
}

int sen_conf_check_sources(const struct sen_conf *c, struct flow_err *err)
{
	size_t i, len;
	int rc;

	for (i = 0; i < c->nsources; i++) {
		const struct sen_source *s = &c->sources[i];

		len = strlen(s->ident);
		if (len < 1 || len > 19)
			return flow_errorf(err, FLOW_EINVAL,
					   "Error Ident: '%s': Source identifiers must be between 1 and 19 chars long!",
					   s->ident);
		if (!ident_ok(s->ident))
			return flow_errorf(err, FLOW_EINVAL,
					   "Error Ident: '%s': Source identifiers must contain only characters [a-zA-Z0-9_-] !",
					   s->ident);
		if (strcmp(s->type, "netflow") && strcmp(s->type, "sflow") && strcmp(s->type, "pcap"))
			return flow_errorf(err, FLOW_EINVAL,
					   "Source '%s': unknown collector for type '%s'",
					   s->ident, s->type);
		if (s->port == 0)
			continue;
		rc = check_shared_port(c, i, err);
		if (rc < 0)
			return rc;
	}
	return 0;
}
