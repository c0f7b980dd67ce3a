/*
 * -I: the summed stat records of the input files, from their headers and
 * appendices only (records are not read), ident of the first file.
 */
#include <stdio.h>

#include "dump.h"
#include "file/nffile.h"
#include "util/banned.h"

int dump_mode_info(const struct dump_opts *o, struct flow_selection *sel)
{
	struct flow_stat sum;
	char ident[NFFILE_IDENT_MAX] = "";
	size_t opened = 0;

	flow_stat_init(&sum);
	for (size_t i = 0; i < flow_selection_count(sel); i++) {
		struct nffile_info info;
		struct flow_err err = { 0 };

		if (nffile_stat(flow_selection_path(sel, i), &info, &err) < 0) {
			fprintf(stderr, "%s: %s\n", o->prog, err.msg);
			continue;
		}
		if (opened++ == 0)
			snprintf(ident, sizeof(ident), "%s", info.ident);
		flow_stat_merge(&sum, &info.stat);
	}
	if (opened == 0) {
		fprintf(stderr, "Error open file: No such file or directory\n");
		return EXIT_NO_INPUT;
	}
	if (sum.msec_first == UINT64_MAX)
		sum.msec_first = 0;
	flow_print_stat_info(stdout, ident, &sum);
	return EXIT_OK;
}
