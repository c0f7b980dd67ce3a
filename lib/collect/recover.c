/*
 * Finishing a file into its slot name, and recovering the files a
 * crashed collector left behind.
 *
 * nfcapd 1.7.1 appends to a slot file that already exists (a restart
 * within the same slot, format.md §7.1) instead of replacing it; we keep
 * that, but build the merged file aside and rename it into place, so a
 * crash in between never loses the older data.
 *
 * An orphan "nfcapd.current.<pid>" whose process is gone holds complete
 * blocks up to the last flush (the reader stops at the last complete
 * one).  It is rewritten into the slot of its creation time with a stat
 * record counted from its flows, then removed.
 */
#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "collect/collect_int.h"
#include "util/banned.h"

/* Copy every data block of path into w; add its stat (or count its flows). */
static int copy_blocks(struct nfwriter *w, const char *path, int count_flows,
		       struct flow_err *err)
{
	struct nffile *f = NULL;
	struct nfblock b = { 0 };
	int rc = nffile_open(&f, path, err);

	if (rc < 0)
		return rc;
	while ((rc = nffile_read_block(f, &b, err)) == 1) {
		if (b.type != NFBLOCK_V2)
			continue;
		rc = nfwriter_put_block(w, b.data, b.size, b.num_records, err);
		if (rc < 0)
			break;
		if (!count_flows)
			continue;

		struct nfrec_iter it;
		const uint8_t *rec;
		unsigned type, size;
		struct flow_record r;

		nfrec_iter_init(&it, &b);
		while (nfblock_next_record(&it, &rec, &type, &size, NULL) == 1)
			if (type == REC_V3 && flow_record_decode_v3(&r, rec, size, NULL) > 0)
				flow_stat_add(nfwriter_stat(w), &r);
	}
	if (rc == 0 && !count_flows)
		flow_stat_merge(nfwriter_stat(w), &nffile_info(f)->stat);
	nfblock_release(&b);
	nffile_close(f);
	return rc;
}

int collect_finish(struct nfwriter *w, const char *target, struct flow_err *err)
{
	struct stat st;

	if (stat(target, &st) == 0 && S_ISREG(st.st_mode)) {
		int rc = copy_blocks(w, target, 0, err);

		if (rc < 0) {
			nffile_abort(w);
			return rc;
		}
	}
	(void)target;
	return nffile_finish(w, err);
}

/* Is the pid in "nfcapd.current.<pid>" a live process other than us? */
static int owner_alive(const char *name)
{
	char *end;
	long pid = strtol(name + strlen("nfcapd.current."), &end, 10);

	if (*end != '\0' || pid <= 0)
		return 0;	/* 1.7.8's random suffix: no owner to ask */
	if (pid == (long)getpid())
		return 0;
	return kill((pid_t)pid, 0) == 0 || errno == EPERM;
}

static int recover_one(const struct collect_config *cfg, const struct collect_source_cfg *src,
		       const char *orphan, struct flow_err *err)
{
	struct nffile_info info;
	struct nfwriter *w = NULL;
	char target[PATH_MAX];
	struct nffile_opts o = { .compression = cfg->compression, .level = cfg->level,
				 .ident = src->ident, .creator = 0 };
	int rc = nffile_stat(orphan, &info, err);

	if (rc < 0)
		return rc;

	time_t slot = collect_slot_start((time_t)info.created, cfg->interval);

	rc = collect_slot_path(src->dir, cfg->subdir_layout, slot, cfg->interval, cfg->tz_names,
			       target, sizeof(target), NULL, err);
	if (rc == 0)
		rc = collect_mkdirs(target, err);
	if (rc == 0)
		rc = nffile_create(&w, target, &o, err);
	if (rc < 0)
		return rc;
	flow_stat_init(nfwriter_stat(w));
	rc = copy_blocks(w, orphan, 1, err);
	if (rc < 0) {
		nffile_abort(w);
		return rc;
	}
	if (nfwriter_stat(w)->numflows == 0) {
		nfwriter_stat(w)->msec_first = (uint64_t)slot * 1000;
		nfwriter_stat(w)->msec_last = (uint64_t)(slot + (time_t)cfg->interval) * 1000;
	}
	rc = collect_finish(w, target, err);
	if (rc == 0)
		unlink(orphan);
	collect_logf(&cfg->log, COLLECT_INFO, "Ident: %s, recovered %s into %s", src->ident,
		     orphan, rc == 0 ? target : "nothing");
	return rc;
}

int collect_recover(const struct collect_config *cfg, const struct collect_source_cfg *src,
		    struct flow_err *err)
{
	DIR *d = opendir(src->dir);
	struct dirent *e;
	int rc = 0;

	if (!d)
		return flow_errorf_errno(err, FLOW_EIO, "%s", src->dir);
	while ((e = readdir(d)) != NULL) {
		char path[PATH_MAX];

		if (strncmp(e->d_name, "nfcapd.current.", 15) != 0 || owner_alive(e->d_name))
			continue;
		snprintf(path, sizeof(path), "%s/%s", src->dir, e->d_name);
		if (recover_one(cfg, src, path, err) < 0)
			rc = FLOW_EIO;
	}
	closedir(d);
	return rc;
}
