/*
 * help.c - what nfdump 1.7.8 prints on stdout after a bad -o: the list
 * of output modes or of fmt tokens.  1.7.1 prints neither.
 */
#include <string.h>

#include "output/fmt.h"
#include "util/banned.h"

/* The modes in 1.7.8's order; fmt-based ones show their definition. */
static void mode_list(FILE *fp)
{
	static const struct { const char *name, *text; } rows[] = {
		{ "raw", "Raw format - multi line" }, { "line", NULL }, { "gline", NULL },
		{ "long", NULL }, { "glong", NULL }, { "extended", NULL }, { "biline", NULL },
		{ "bilong", NULL }, { "nsel", NULL }, { "nat", NULL },
		{ "json", "json output" }, { "ndjson", "ndjson output formart" },	/* sic */
		{ "csv", "csv -o csv predefined %ts,%td,%pr,%sa,%sp,%da,%dp,%pkt,%byt,%fl" },
		{ "csv-fast", "csv fast predefined" }, { "null", "do not print any output" },
	};

	fputs("Available output formats:\n", fp);
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		const char *def = fmt_predefined(rows[i].name, strlen(rows[i].name), DIALECT_178);

		if (rows[i].text)
			fprintf(fp, "%10s : %s\n", rows[i].name, rows[i].text);
		else
			fprintf(fp, "%10s : fmt -o predefined %s\n", rows[i].name, def);
	}
}

void flow_print_error_help(FILE *fp, const char *msg, enum flow_dialect dialect)
{
	if (dialect != DIALECT_178)
		return;
	if (strncmp(msg, "Unknown output mode", 19) == 0)
		mode_list(fp);
	else if (strncmp(msg, "Output format parse error", 25) == 0)
		fmt_tok_list(fp, DIALECT_178);
}
