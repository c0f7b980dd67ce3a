/*
 * dump - the nfdump query command.  This file only wires the parts:
 * options (options.c), input selection (lib/select), and the mode that
 * runs (verify.c, info.c, read.c).
 */
#include <stdio.h>
#include <stdlib.h>

#include "dump.h"
#include "util/banned.h"

int main(int argc, char **argv)
{
	struct dump_opts o;
	int rc = dump_parse_args(&o, argc, argv);

	if (rc >= 0)
		return rc;
	if (o.vfile)
		return dump_mode_verify(&o);
	if (o.syntax_only)
		return dump_mode_syntax(&o);

	struct flow_selection *sel = NULL;
	struct flow_err err = { 0 };

	if (flow_select(&sel, o.rfile, o.Rrange, o.Mdirs, &err) < 0) {
		fprintf(stderr, "%s\n", err.msg);
		return o.info ? EXIT_NO_INPUT : EXIT_USAGE;
	}
	for (size_t i = 0; i < flow_selection_warning_count(sel); i++)
		fprintf(stderr, "%s\n", flow_selection_warning(sel, i));
	if (o.info)
		rc = dump_mode_info(&o, sel);
	else
		rc = dump_stat_wanted(&o) ? dump_mode_stat(&o, sel) : dump_mode_read(&o, sel);
	flow_selection_free(sel);
	return rc;
}
