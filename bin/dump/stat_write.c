/*
 * stat_write.c - -w with -a/-A/-b/-B/-O: the table written as records
 * (cli.md §4.9), each with its summed counters and flow count, in print
 * order, so that nfdump 1.7.1 reads it back with the same output.
 */
#include <stdio.h>

#include "dump.h"
#include "file/nffile.h"
#include "stat/aggr.h"
#include "util/banned.h"

int dump_stat_write(const struct dump_opts *o, struct flow_aggr *a, int order, int asc,
		    int guess)
{
	struct nffile_opts wo = { .compression = (unsigned)o->compression, .level = o->level };
	struct nfwriter *w = NULL;
	struct flow_err err = { 0 };
	struct flow_record rec;

	if (nffile_create(&w, o->wfile, &wo, &err) < 0)
		goto fail;
	if (flow_aggr_sort(a, order, asc, guess, 0, &err) < 0)
		goto fail;
	for (size_t i = 0; i < flow_aggr_sorted(a); i++) {
		if (flow_aggr_record(a, i, guess, &rec, &err) < 0)
			goto fail;
		/* a count nfdump keeps in EXcntFlow needs the element */
		if (rec.cnt.flows != 1 || rec.cnt.out_packets || rec.cnt.out_bytes)
			rec.present |= 1ULL << EX_CNT;
		if (nfwriter_put_flow(w, &rec, &err) < 0)
			goto fail;
	}
	if (nffile_finish(w, &err) < 0) {
		w = NULL;
		goto fail;
	}
	return EXIT_OK;
fail:
	nffile_abort(w);
	fprintf(stderr, "%s: %s\n", o->prog, err.msg);
	return EXIT_NO_INPUT;
}
