/*
 * replay.c - send the flows of capture files (flowgen -r/-R/-M, and the
 * nfreplay compatibility name) through the same encoders and sender as
 * generated flows.  Each flow keeps its own fields and timestamps; the
 * encoders send what their version carries (v5: IPv4 only, 32-bit
 * counters, 16-bit AS and interfaces; IPv6 flows are counted and skipped).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "filter/filter.h"
#include "flowgen.h"
#include "select/select.h"
#include "source/source.h"
#include "util/alloc.h"
#include "util/banned.h"

struct replay {
	const char *prog;
	struct flow_source *src;
	struct flow_filter *filter;
	struct flow_timewin tw;
	int has_tw;
	uint64_t read, selected;
};

static void warn(void *ctx, const char *msg)
{
	const struct replay *rp = ctx;

	fprintf(stderr, "%s: %s\n", rp->prog, msg);
}

/* Skip files whose stat record lies outside the window. */
static int skip_file(void *ctx, const struct nffile_info *info)
{
	const struct replay *rp = ctx;

	if (!rp->has_tw || !info->stat.msec_first)
		return 0;
	return !flow_timewin_overlaps(&rp->tw, info->stat.msec_first, info->stat.msec_last);
}

static int next_flow(void *ctx, const struct flow_record **r)
{
	struct replay *rp = ctx;
	struct flow_item item;

	while (flow_source_next(rp->src, &item)) {
		if (item.kind != FLOW_ITEM_FLOW)
			continue;
		rp->read++;
		if (rp->has_tw && !flow_timewin_match(&rp->tw, item.rec->generic.msec_first,
						       item.rec->generic.msec_last))
			continue;
		if (!flow_filter_match(rp->filter, item.rec))
			continue;
		rp->selected++;
		*r = item.rec;
		return 1;
	}
	return 0;
}

int fg_replay(const struct fg_opts *o, struct fg_stats *st)
{
	struct replay rp = { .prog = o->prog ? o->prog : "flowgen" };
	struct flow_selection *sel = NULL;
	struct flow_source_opts so = { .warn = warn, .warn_ctx = &rp, .skip_file = skip_file,
				       .skip_ctx = &rp };
	struct flow_err err = { 0 };
	struct fg_opts ro = *o;
	const char **paths = NULL;
	size_t n;
	int rc = FG_EXIT_ERR;

	memset(st, 0, sizeof(*st));
	if (o->window) {
		if (flow_timewin_parse(o->window, &rp.tw, &err)) {
			fprintf(stderr, "%s: time window '%s': %s\n", rp.prog, o->window, err.msg);
			return FG_EXIT_ERR;
		}
		rp.has_tw = 1;
	}
	if (flow_filter_compile(&rp.filter, o->filter, &err)) {
		fprintf(stderr, "%s: filter: %s\n", rp.prog, err.msg);
		return FG_EXIT_ERR;
	}
	if (flow_select(&sel, o->rfile, o->range, o->mdirs, &err)) {
		fprintf(stderr, "%s: %s\n", rp.prog, err.msg);
		goto out;
	}
	for (size_t i = 0; i < flow_selection_warning_count(sel); i++)
		fprintf(stderr, "%s: %s\n", rp.prog, flow_selection_warning(sel, i));
	n = flow_selection_count(sel);
	if (!n) {
		fprintf(stderr, "%s: no files to replay\n", rp.prog);
		goto out;
	}
	paths = flow_calloc(n, sizeof(*paths));
	if (!paths) {
		fprintf(stderr, "%s: out of memory\n", rp.prog);
		goto out;
	}
	for (size_t i = 0; i < n; i++)
		paths[i] = flow_selection_path(sel, i);
	if (flow_source_open(&rp.src, paths, n, &so, &err)) {
		fprintf(stderr, "%s: %s\n", rp.prog, err.msg);
		goto out;
	}
	ro.next = next_flow;
	ro.next_ctx = &rp;
	rc = fg_send(&ro, st);
	if (rc == 0 && st->unsendable)
		fprintf(stderr, "%s: skipped %llu flows NetFlow v%d cannot carry (IPv6)\n",
			rp.prog, (unsigned long long)st->unsendable, o->version);
out:
	if (rp.src)
		flow_source_close(rp.src);
	flow_free(paths);
	flow_selection_free(sel);
	flow_filter_free(rp.filter);
	return rc;
}
