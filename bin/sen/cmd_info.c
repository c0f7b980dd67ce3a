/*
 * cmd_info.c - the read-only commands every frontend page starts with:
 * get-globals, get-du, get-frontendplugins, and the saved filter and
 * format lists (NfSen.pm / Nfcomm.pm 1.3.11 replies).
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <time.h>

#include "sen.h"

static void cmd_globals(struct comm_session *cs, const struct comm_request *req, void *ctx)
{
	struct sen *s = ctx;
	struct comm_out *o = comm_session_out(cs);
	time_t now = time(NULL);
	struct tm tm;
	char z[16], tz[64];
	long off;

	(void)req;
	localtime_r(&now, &tm);
	strftime(z, sizeof(z), "%z", &tm);
	strftime(tz, sizeof(tz), "%Z", &tm);
	off = (z[0] == '-' ? -1 : 1) * ((z[1] - '0') * 36000L + (z[2] - '0') * 3600L +
					(z[3] - '0') * 600L + (z[4] - '0') * 60L);
	comm_out_printf(o, "_globals=$SUBDIRLAYOUT = \"%d\";\n", s->conf.subdirlayout);
	comm_out_printf(o, "_globals=$FRONTEND_PLUGINDIR = \"%s\";\n",
			s->conf.frontend_plugindir ? s->conf.frontend_plugindir : "");
	/* plot-area offset of rrdtool >= 1.2, which is what librrd draws */
	comm_out_printf(o, "_globals=$RRDoffset = \"67\";\n");
	comm_out_printf(o, "_globals=$CYCLETIME = \"%d\";\n", s->conf.cycletime);
	comm_out_printf(o, "_globals=$Refresh = \"%d\";\n", s->conf.refresh);
	comm_out_printf(o, "_globals=$GMToffset = %ld;\n", off);
	comm_out_printf(o, "_globals=$TZname = \"%s\";\n", tz);
	comm_out_printf(o, "_globals=$AllowsSystemCMD = \"%d\";\n", s->conf.allows_system_cmd);
	comm_out_printf(o, "_globals=$version = \"%s\";\n", SEN_VERSION);
	comm_reply_status(o, "OK", "command completed.");
}

/* nfsend runs df -k; statvfs gives the same figures without a shell. */
static void cmd_du(struct comm_session *cs, const struct comm_request *req, void *ctx)
{
	struct sen *s = ctx;
	struct comm_out *o = comm_session_out(cs);
	const char *dir = s->conf.profiledatadir;
	struct statvfs v;
	unsigned long long total, avail, used;
	unsigned pct;

	(void)req;
	comm_out_printf(o, ".Limit: %d on %s\n", s->conf.disklimit, dir);
	if (s->conf.disklimit <= 0) {
		comm_reply_status(o, "OK", "command completed");
		return;
	}
	if (statvfs(dir, &v) < 0) {
		comm_reply_err(o, "Execute df: %s", strerror(errno));
		return;
	}
	total = (unsigned long long)v.f_blocks * v.f_frsize / 1024;
	avail = (unsigned long long)v.f_bavail * v.f_frsize / 1024;
	used = (unsigned long long)(v.f_blocks - v.f_bfree) * v.f_frsize / 1024;
	/* df rounds the percentage up */
	pct = used + avail ? (unsigned)((used * 100 + used + avail - 1) / (used + avail)) : 0;
	comm_out_printf(o, ".du line: Filesystem     1K-blocks     Used Available Use%% Mounted on\n");
	comm_out_printf(o, ".du line: %-14s %9llu %8llu %9llu %3u%% %s\n", "-", total, used, avail,
			pct, dir);
	if ((int)pct > s->conf.disklimit)
		comm_out_printf(o, ".\nALERT Your PROFILEDATADIR %s is %u%% full!\n", dir, pct);
	else
		comm_reply_status(o, "OK", "command completed");
}

static void cmd_frontendplugins(struct comm_session *cs, const struct comm_request *req, void *ctx)
{
	struct sen *s = ctx;
	struct comm_out *o = comm_session_out(cs);
	char path[4096];
	struct stat st;
	size_t i;

	(void)req;
	for (i = 0; i < s->conf.nplugins; i++) {
		snprintf(path, sizeof(path), "%s/%s.php", s->conf.frontend_plugindir,
			 s->conf.plugins[i].module);
		if (stat(path, &st) == 0 && S_ISREG(st.st_mode))
			comm_reply_array(o, "frontendplugins", s->conf.plugins[i].module);
	}
	comm_reply_status(o, "OK", "Listing complete");
}

static int name_ok(const char *n)
{
	for (; *n; n++)
		if (!isalnum((unsigned char)*n) && !strchr("-+_", *n))
			return 0;
	return 1;
}

/* Regular files of dir not starting with '.', in directory order as nfsend lists them. */
static int list_dir(struct comm_out *o, const char *dir, const char *key, int with_def)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char path[4096], line[4096];

	if (!d)
		return -1;
	while ((e = readdir(d)) != NULL) {
		struct stat st;
		FILE *f;

		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		if (stat(path, &st) < 0 || !S_ISREG(st.st_mode))
			continue;
		if (!with_def) {
			comm_reply_array(o, key, e->d_name);
			continue;
		}
		f = fopen(path, "r");
		if (!f)
			continue;
		if (fgets(line, sizeof(line), f)) {
			line[strcspn(line, "\n")] = '\0';
			comm_reply_kv(o, e->d_name, line);
		}
		fclose(f);
	}
	closedir(d);
	return 0;
}

static void cmd_filterlist(struct comm_session *cs, const struct comm_request *req, void *ctx)
{
	struct sen *s = ctx;
	struct comm_out *o = comm_session_out(cs);

	(void)req;
	if (list_dir(o, s->conf.filterdir, "list", 0) < 0)
		comm_reply_err(o, "Can't open filter directory '%s': %s", s->conf.filterdir,
			       strerror(errno));
	else
		comm_reply_status(o, "OK", "command completed.");
}

static void cmd_formatlist(struct comm_session *cs, const struct comm_request *req, void *ctx)
{
	struct sen *s = ctx;
	struct comm_out *o = comm_session_out(cs);

	(void)req;
	if (list_dir(o, s->conf.formatdir, NULL, 1) < 0)
		comm_reply_err(o, "Can't open format directory '%s' : %s", s->conf.formatdir,
			       strerror(errno));
	else
		comm_reply_status(o, "OK", "command completed.");
}

static void cmd_get_filter(struct comm_session *cs, const struct comm_request *req, void *ctx)
{
	struct sen *s = ctx;
	struct comm_out *o = comm_session_out(cs);
	const char *name = req_str(req, "filter");
	char path[4096], line[4096];
	FILE *f;

	if (!name) {
		comm_reply_err(o, "Missing filter name!");
		return;
	}
	if (!name_ok(name)) {
		comm_reply_err(o, "Illegal characters in filter name '%s'!", name);
		return;
	}
	snprintf(path, sizeof(path), "%s/%s", s->conf.filterdir, name);
	f = fopen(path, "r");
	if (!f) {
		comm_reply_err(o, "filter '%s' No such filter!", name);
		return;
	}
	while (fgets(line, sizeof(line), f)) {
		line[strcspn(line, "\n")] = '\0';
		comm_reply_array(o, "filter", line);
	}
	fclose(f);
	comm_reply_status(o, "OK", "command completed.");
}

const struct comm_handler sen_info_handlers[] = {
	{ "get-globals", cmd_globals },
	{ "get-du", cmd_du },
	{ "get-frontendplugins", cmd_frontendplugins },
	{ "get-filterlist", cmd_filterlist },
	{ "get-formatlist", cmd_formatlist },
	{ "get-filter", cmd_get_filter },
};
const size_t sen_info_nhandlers = sizeof(sen_info_handlers) / sizeof(sen_info_handlers[0]);
