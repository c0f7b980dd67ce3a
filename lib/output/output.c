/*
 * output.c - the table of -o modes and the printer lifecycle.
 *
 * Adding a mode is adding a row to modes[] (as git's commands[]): no
 * if/else chain anywhere else knows the mode names.
 */
#include <string.h>
#include <time.h>

#include "output/output_int.h"
#include "util/alloc.h"
#include "util/banned.h"

/*
 * Both dialects map to the 1.7.1 text for now: 1.7.8's raw (18 wide, no
 * footer) and csv (token list, no trailer) come with the dump issue, as
 * rows of a second table selected by opts->dialect.
 */
static const struct output_mode modes[] = {
	{ "raw", raw171_begin, raw171_record, raw171_end },
	{ "csv", csv171_begin, csv171_record, csv171_end },
	{ "line", line171_begin, line171_record, fmt171_end },
	{ "long", long171_begin, long171_record, fmt171_end },
	{ "extended", extended171_begin, extended171_record, fmt171_end },
	{ "line6", line6_171_begin, line6_171_record, fmt171_end },
	{ "long6", long6_171_begin, long6_171_record, fmt171_end },
	{ "extended6", extended6_171_begin, extended6_171_record, fmt171_end },
};

/* The mode printed when no -o is given (both dialects, for now). */
#define DEFAULT_MODE "line"

static const struct output_mode *find_mode(const char *name)
{
	for (size_t i = 0; i < sizeof(modes) / sizeof(modes[0]); i++) {
		if (strcmp(modes[i].name, name) == 0)
			return &modes[i];
	}
	return NULL;
}

int flow_printer_new(struct flow_printer **out, const char *mode,
		     const struct flow_print_opts *opts, struct flow_err *err)
{
	const struct output_mode *m;
	struct flow_printer *p;

	*out = NULL;
	if (!opts || !opts->fp)
		return flow_errorf(err, FLOW_EINVAL, "output: no stream to print to");
	if (!mode)
		mode = DEFAULT_MODE;
	m = find_mode(mode);
	if (!m)
		return flow_errorf(err, FLOW_EINVAL, "output: unknown output mode '%s'", mode);
	p = flow_calloc(1, sizeof(*p));
	if (!p)
		return flow_errorf(err, FLOW_ENOMEM, "output: out of memory");
	p->mode = m;
	p->opts = *opts;
	ob_init(&p->ob, opts->fp);
	/* Read TZ once now: localtime_r alone need not notice it. */
	tzset();
	*out = p;
	return FLOW_OK;
}

void flow_printer_begin(struct flow_printer *p)
{
	p->mode->begin(p);
	ob_flush(&p->ob);
}

void flow_printer_record_seq(struct flow_printer *p, const struct flow_record *r,
			     uint64_t seq)
{
	p->printed++;
	p->mode->record(p, r, seq);
	ob_flush(&p->ob);
}

void flow_printer_record(struct flow_printer *p, const struct flow_record *r)
{
	flow_printer_record_seq(p, r, p->printed + 1);
}

void flow_printer_end(struct flow_printer *p, const struct flow_summary *s)
{
	p->mode->end(p, s);
	ob_flush(&p->ob);
}

void flow_printer_free(struct flow_printer *p)
{
	if (!p)
		return;
	ob_flush(&p->ob);
	flow_free(p);
}
