/*
 * footer.c - the footer alone, for callers that print their own body
 * (the statistic tables of lib/stat) in the dialect asked for: the four
 * text lines of 1.7.1 or 1.7.8, 1.7.1's csv
 * "Summary" trailer, nothing for pipe and json.
 */
#include <string.h>

#include "output/output_int.h"
#include "util/banned.h"

void flow_print_footer(FILE *fp, const char *mode, const struct flow_summary *s,
		       const struct flow_print_opts *opts)
{
	struct obuf ob;

	if (opts->quiet)
		return;
	ob_init(&ob, fp);
	if (opts->dialect == DIALECT_178) {
		/* 1.7.8: csv and json have no footer (pipe is 1.7.1's) */
		if (!mode || (strcmp(mode, "csv") != 0 && strcmp(mode, "pipe") != 0 &&
			      strcmp(mode, "json") != 0 && strcmp(mode, "ndjson") != 0))
			summary_footer178(&ob, s, opts->plain_numbers);
	} else if (mode && strcmp(mode, "csv") == 0) {
		summary_csv171(&ob, s);
	} else if (!mode || (strcmp(mode, "pipe") != 0 && strcmp(mode, "json") != 0)) {
		summary_footer171(&ob, s, opts->plain_numbers);
	}
	ob_flush(&ob);
}
