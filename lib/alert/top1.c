/*
 * top1.c - the values type 1 alert conditions compare: for each
 * condition, the top record of one nfdump statistic over the slot's alert
 * flows (what nfsend got from `nfdump -o pipe -q -n 1 -s <stat>/<order>`),
 * computed in-process with lib/stat and read back from its pipe layout.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alert/top1.h"
#include "source/source.h"
#include "stat/stat.h"
#include "util/alloc.h"
#include "util/banned.h"

static const char *const stat_name[13] = {
	"ip", "srcip", "dstip", "port", "srcport", "dstport",
	"as", "srcas", "dstas", "if", "inif", "outif", "proto",
};
static const char *const order_name[6] = { "flows", "packets", "bytes", "pps", "bps", "bpp" };

/* The last six '|' fields of the first line: flows packets bytes pps bps bpp. */
static void parse_pipe(const char *text, double v[6])
{
	const char *end = strchr(text, '\n'), *p;
	size_t k = 0;

	memset(v, 0, 6 * sizeof(*v));
	if (!end)
		end = text + strlen(text);
	for (p = end; p > text && k < 6; p--)
		if (p[-1] == '|') {
			v[5 - k] = strtod(p, NULL);
			k++;
		}
	if (k < 6)
		memset(v, 0, 6 * sizeof(*v));
}

static int top_one(struct flow_stats *st, double v[6], struct flow_err *err)
{
	struct flow_stat sum;
	struct flow_stat_print sp;
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	int rc;

	if (!f)
		return flow_errorf(err, FLOW_ENOMEM, "out of memory");
	memset(&sum, 0, sizeof(sum));
	memset(&sp, 0, sizeof(sp));
	sp.fp = f;
	sp.mode = STAT_OUT_PIPE;
	sp.quiet = 1;
	sp.topn = 1;
	rc = flow_stats_print(st, &sum, &sp, err);
	fclose(f);
	if (rc == 0)
		parse_pipe(buf ? buf : "", v);
	free(buf);
	return rc;
}

int alert_top1(const char *file, const struct alert_cond *conds, size_t n, double (*v)[6],
	       struct flow_err *err)
{
	struct flow_stats **st = flow_calloc(n ? n : 1, sizeof(*st));
	struct flow_source *src = NULL;
	struct flow_source_opts o = { 0 };
	struct flow_item it;
	uint32_t orders;
	size_t i;
	int rc = st ? 0 : flow_errorf(err, FLOW_ENOMEM, "out of memory"), asc;

	for (i = 0; rc == 0 && i < n; i++) {
		char arg[32];

		if (conds[i].stat_type < 0 || conds[i].stat_type > 12 || conds[i].type < 0 ||
		    conds[i].type > 5)
			rc = flow_errorf(err, FLOW_EINVAL, "condition %zu: no such statistic", i);
		else if ((rc = flow_stats_new(&st[i], err)) == 0) {
			snprintf(arg, sizeof(arg), "%s/%s", stat_name[conds[i].stat_type],
				 order_name[conds[i].type]);
			rc = flow_stats_parse(st[i], arg, &orders, &asc, err);
		}
	}
	if (rc == 0)
		rc = flow_source_open(&src, &file, 1, &o, err);
	while (rc == 0 && flow_source_next(src, &it) == 1)
		for (i = 0; rc == 0 && i < n && it.kind == FLOW_ITEM_FLOW; i++)
			rc = flow_stats_add(st[i], it.rec, err);
	if (rc == 0 && flow_source_totals(src)->files_failed)
		rc = flow_errorf(err, FLOW_EIO, "%s: not readable", file);
	for (i = 0; rc == 0 && i < n; i++)
		rc = top_one(st[i], v[i], err);
	if (src)
		flow_source_close(src);
	for (i = 0; st && i < n; i++)
		flow_stats_free(st[i]);
	flow_free(st);
	return rc < 0 ? rc : 0;
}
