/*
 * fmt.h - compiled fmt formats (fmt.c), internal to lib/output.
 *
 * A struct fmt_prog owns its expanded format text; compile once per
 * printer, then fmt_record() per flow writes into the printer's obuf.
 */
#ifndef FLOW_OUTPUT_FMT_H
#define FLOW_OUTPUT_FMT_H

#include "output/fmt_tok.h"

struct fmt_prog;

/* The definition of a predefined format (len chars of name), or NULL. */
const char *fmt_predefined(const char *name, size_t len, int dialect);
/*
 * Compile fmt.  csv: 1.7.8 csv (values joined by ',', composite tokens
 * refused).  FLOW_EINVAL with nfdump's "Output format parse error at: ..."
 * text for an unknown token.
 */
int fmt_compile(struct fmt_prog **out, const char *fmt, int dialect, int csv,
		struct flow_err *err);
void fmt_free(struct fmt_prog *f);
/* Does f print %cnt (a number that depends on the records before)? */
int fmt_counts(const struct fmt_prog *f);
void fmt_out_init(struct fmt_out *o, struct flow_printer *p, const struct fmt_prog *f);
void fmt_header(struct flow_printer *p, const struct fmt_prog *f);
void fmt_record(const struct fmt_out *o, const struct fmt_prog *f, const struct flow_record *r);

#endif
