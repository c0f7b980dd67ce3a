/*
 * reconfig.c - nfsen reconfig (reference/nfsen.md §4.5): make profile
 * live's channels match %sources - new sources get a channel, a data
 * directory and an RRD; removed ones lose channel, data and RRD - then
 * restart the collectors of the ports involved and reload the daemon.
 *
 * nfsen remembers which port each source had (its Perl "hints") so it can
 * stop the collector of a source that is no longer configured; sen keeps
 * that in $PROFILESTATDIR/sen.sources, one "ident port" per line.
 */
#include <limits.h>
#include <sys/stat.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "profile/chanops.h"
#include "profile/rrd.h"
#include "sen.h"

static int same_sources(const struct sen *s, const struct profile *live)
{
	size_t i;

	if (live->nchannels != s->conf.nsources)
		return 0;
	for (i = 0; i < s->conf.nsources; i++)
		if (!profile_channel_find(live, s->conf.sources[i].ident))
			return 0;
	return 1;
}

int sen_sources_match(struct sen *s)
{
	struct pname live = { "live", "." };
	struct profile p;
	struct flow_err err = { 0 };
	int same;

	if (pstore_read(&s->ps, &live, &p, &err) < 0)
		return 1;	/* no live yet: start creates it */
	same = same_sources(s, &p);
	profile_free(&p);
	return same;
}

void sen_sources_save(struct sen *s)
{
	char path[PATH_MAX];
	FILE *f;
	size_t i;

	snprintf(path, sizeof(path), "%s/sen.sources", s->conf.profilestatdir);
	f = fopen(path, "w");
	if (!f)
		return;
	for (i = 0; i < s->conf.nsources; i++)
		fprintf(f, "%s %u\n", s->conf.sources[i].ident, s->conf.sources[i].port);
	fclose(f);
}

/* The port a source had at the last start/reconfig, or 0. */
static unsigned saved_port(struct sen *s, const char *ident)
{
	char path[PATH_MAX], name[256];
	unsigned port, found = 0;
	FILE *f;

	snprintf(path, sizeof(path), "%s/sen.sources", s->conf.profilestatdir);
	f = fopen(path, "r");
	if (!f)
		return 0;
	while (fscanf(f, "%255s %u", name, &port) == 2)
		if (strcmp(name, ident) == 0)
			found = port;
	fclose(f);
	return found;
}

static int confirm(int assume_yes)
{
	char line[64];

	if (assume_yes)
		return 1;
	for (;;) {
		printf("Continue? [y/n] ");
		fflush(stdout);
		if (!fgets(line, sizeof(line), stdin))
			return 0;
		line[strcspn(line, "\n")] = '\0';
		if (strcmp(line, "y") == 0 || strcmp(line, "yes") == 0)
			return 1;
		if (strcmp(line, "n") == 0 || strcmp(line, "no") == 0)
			return 0;
	}
}

static void list_changes(struct sen *s, const struct profile *live)
{
	size_t i, n = 0;

	for (i = 0; i < s->conf.nsources; i++)
		if (!profile_channel_find(live, s->conf.sources[i].ident))
			printf("%s%s", n++ ? " " : "New sources to configure : ", s->conf.sources[i].ident);
	if (n)
		printf("\n");
	for (i = 0, n = 0; i < live->nchannels; i++) {
		const char *id = live->channels[i].name;
		size_t j;

		for (j = 0; j < s->conf.nsources && strcmp(s->conf.sources[j].ident, id); j++)
			;
		if (j == s->conf.nsources)
			printf("%s%s", n++ ? " " : "Remove configured sources: ", id);
	}
	if (n)
		printf("\n");
}

static int add_source(struct sen *s, struct profile *live, const struct sen_source *src,
		      struct flow_err *err)
{
	struct pname pn = { "live", "." };
	char path[PATH_MAX], leaf[PROFILE_NAME_MAX + 8];
	unsigned order = 1;
	size_t i;

	printf("Add source '%s'\n", src->ident);
	for (i = 0; i < live->nchannels; i++)
		if (live->channels[i].sign == '+' && live->channels[i].order >= order)
			order = live->channels[i].order + 1;
	pstore_path(&s->ps, 1, &pn, src->ident, path, sizeof(path));
	if (mkdir(path, 0775) < 0)
		return flow_errorf_errno(err, FLOW_EIO, "Can't create channel directory '%s'", path);
	(void)chmod(path, 0775);
	snprintf(leaf, sizeof(leaf), "%s.rrd", src->ident);
	pstore_path(&s->ps, 0, &pn, leaf, path, sizeof(path));
	if (channel_rrd_create(path, (time_t)live->tstart, 1, err) < 0)
		return FLOW_EIO;
	return profile_channel_add(live, src->ident, '+', src->col ? src->col : "#0000ff", order,
				   src->ident, err);
}

/* Stop the collector on port (SIGTERM, wait for its pid file to go). */
static void stop_port(struct sen *s, unsigned port)
{
	char pidf[PATH_MAX];
	FILE *f;
	long pid = 0;
	int i;

	snprintf(pidf, sizeof(pidf), "%s/p%u.pid", s->conf.piddir, port);
	f = fopen(pidf, "r");
	if (!f)
		return;
	if (fscanf(f, "%ld", &pid) != 1)
		pid = 0;
	fclose(f);
	if (pid <= 0 || kill((pid_t)pid, SIGTERM) < 0)
		return;
	printf("Stop running collector on port '%u' ", port);
	for (i = 0; i < 100 && access(pidf, F_OK) == 0; i++)
		usleep(100000);
	printf("\n");
}

int sen_reconfig(struct sen *s, int assume_yes)
{
	struct pname pn = { "live", "." };
	struct profile live;
	struct flow_err err = { 0 };
	char pidf[PATH_MAX];
	size_t i;
	int rc = 0, running;

	if (sen_ensure_live(s, &err) < 0 || pstore_lock(&s->ps, &pn, &live, &err) < 0) {
		printf("ERR %s\n", err.msg);
		return 1;
	}
	if (same_sources(s, &live)) {
		printf("Reconfig: No changes found!\n");
		goto unlock;
	}
	list_changes(s, &live);
	if (!confirm(assume_yes)) {
		printf("Faire enough! - Nothing changed!\n");
		goto unlock;
	}
	for (i = 0; rc == 0 && i < s->conf.nsources; i++)
		if (!profile_channel_find(&live, s->conf.sources[i].ident))
			rc = add_source(s, &live, &s->conf.sources[i], &err);
	for (i = 0; rc == 0 && i < live.nchannels;) {
		const char *id = live.channels[i].name;
		size_t j;

		for (j = 0; j < s->conf.nsources && strcmp(s->conf.sources[j].ident, id); j++)
			;
		if (j < s->conf.nsources) {
			i++;
			continue;
		}
		printf("Delete source '%s' ", id);
		stop_port(s, saved_port(s, id));
		rc = chan_delete(&s->ps, &live, id, &err);
		printf("\n");
	}
	if (rc < 0)
		printf("ERR %s\n", err.msg);
unlock:
	live.locked = 0;
	if (pstore_write(&s->ps, &live, &err) < 0)
		printf("ERR %s\n", err.msg);
	profile_free(&live);
	if (rc < 0)
		return 1;
	sen_sources_save(s);
	sen_own_tree(s);	/* new source dirs: the collectors write there as $USER */
	snprintf(pidf, sizeof(pidf), "%s/nfsend.pid", s->conf.piddir);
	running = access(pidf, F_OK) == 0;
	if (!running) {
		printf("Reconfig done!\n");
		return 0;
	}
	sen_restart_collectors(s);
	return sen_reload(s);
}
