/*
 * fmt_mode.c - the fmt-based -o modes: the predefined text formats, the
 * user "fmt:" format, 1.7.8's "csv"/"csv:" and "null".
 */
#include <string.h>

#include "output/fmt.h"
#include "util/banned.h"

/* 1.7.8 "-o csv" (cli.md §3.5.1). */
static const char csv178_default[] = "%ts,%td,%pr,%sa,%sp,%da,%dp,%pkt,%byt,%fl";

/* name: a predefined format's, its '6' already taken off by output.c. */
int fmt_mode_init_named(struct flow_printer *p, const char *name, struct flow_err *err)
{
	const char *def = fmt_predefined(name, strlen(name), p->opts.dialect);

	if (!def)
		return flow_errorf(err, FLOW_EINVAL, "Unknown output mode '%s'\n", name);
	return fmt_compile(&p->fmt, def, p->opts.dialect, 0, err);
}

int fmt_mode_init_user(struct flow_printer *p, const char *fmt, struct flow_err *err)
{
	if (!fmt || !*fmt)
		return flow_errorf(err, FLOW_EINVAL,
				   "Missing format description for user defined output format!\n");
	return fmt_compile(&p->fmt, fmt, p->opts.dialect, 0, err);
}

/* "-o csv" in the 1.7.8 dialect: name is "csv". */
int fmt_mode_init_csv178(struct flow_printer *p, const char *name, struct flow_err *err)
{
	(void)name;
	return fmt_compile(&p->fmt, csv178_default, DIALECT_178, 1, err);
}

int fmt_mode_init_csv(struct flow_printer *p, const char *fmt, struct flow_err *err)
{
	if (!*fmt)
		return flow_errorf(err, FLOW_EINVAL,
				   "Missing format description for user defined output format!\n");
	return fmt_compile(&p->fmt, fmt, DIALECT_178, 1, err);
}

void fmt_mode_begin(struct flow_printer *p)
{
	if (!p->opts.quiet)
		fmt_header(p, p->fmt);
}

void fmt_mode_record(struct flow_printer *p, const struct flow_record *r, uint64_t seq)
{
	struct fmt_out o;

	(void)seq;
	fmt_out_init(&o, p, p->fmt);
	fmt_record(&o, p->fmt, r);
}

void fmt_mode_end(struct flow_printer *p, const struct flow_summary *s)
{
	summary_no_match(&p->ob, s);
	if (!p->opts.quiet)
		summary_footer(p, s);
}

/* 1.7.8 csv: the header even with -q, no footer. */
void csv178_begin(struct flow_printer *p)
{
	fmt_header(p, p->fmt);
}

void csv178_end(struct flow_printer *p, const struct flow_summary *s)
{
	summary_no_match(&p->ob, s);
}

void null_record(struct flow_printer *p, const struct flow_record *r, uint64_t seq)
{
	(void)p;
	(void)r;
	(void)seq;
}

void nothing_begin(struct flow_printer *p)
{
	(void)p;
}
