/*
 * footer.c - the footer alone, for callers that print their own body
 * (the statistic tables of lib/stat): 1.7.1's four text lines, its csv
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
	if (mode && strcmp(mode, "csv") == 0)
		summary_csv171(&ob, s);
	else if (!mode || (strcmp(mode, "pipe") != 0 && strcmp(mode, "json") != 0))
		summary_footer171(&ob, s, opts->plain_numbers);
	ob_flush(&ob);
}
