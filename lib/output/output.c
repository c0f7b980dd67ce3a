/*
 * output.c - the table of -o modes and the printer lifecycle.
 *
 * Adding a mode is adding a row to modes[] (as git's commands[]): no
 * if/else chain anywhere else knows the mode names.  A name may have a
 * row per dialect; the first row serving the printer's dialect wins.
 */
#include <string.h>
#include <strings.h>
#include <time.h>

#include "output/fmt.h"
#include "util/alloc.h"
#include "util/banned.h"

#define BOTH (MODE_171 | MODE_178)

static const struct output_mode modes[] = {
	{ "raw", MODE_SIX | BOTH, NULL, nothing_begin, raw171_record, raw171_end },
	{ "line", MODE_SIX | BOTH, fmt_mode_init_named, fmt_mode_begin, fmt_mode_record, fmt_mode_end },
	{ "long", MODE_SIX | BOTH, fmt_mode_init_named, fmt_mode_begin, fmt_mode_record, fmt_mode_end },
	{ "extended", MODE_SIX | BOTH, fmt_mode_init_named, fmt_mode_begin, fmt_mode_record, fmt_mode_end },
	{ "biline", MODE_SIX | BOTH, fmt_mode_init_named, fmt_mode_begin, fmt_mode_record, fmt_mode_end },
	{ "bilong", MODE_SIX | BOTH, fmt_mode_init_named, fmt_mode_begin, fmt_mode_record, fmt_mode_end },
	{ "gline", MODE_SIX | BOTH, fmt_mode_init_named, fmt_mode_begin, fmt_mode_record, fmt_mode_end },
	{ "glong", MODE_SIX | BOTH, fmt_mode_init_named, fmt_mode_begin, fmt_mode_record, fmt_mode_end },
	{ "nsel", MODE_SIX | BOTH, fmt_mode_init_named, fmt_mode_begin, fmt_mode_record, fmt_mode_end },
	{ "nel", MODE_SIX | BOTH, fmt_mode_init_named, fmt_mode_begin, fmt_mode_record, fmt_mode_end },
	{ "nat", MODE_SIX | BOTH, fmt_mode_init_named, fmt_mode_begin, fmt_mode_record, fmt_mode_end },
	{ "fmt:", MODE_PREFIX | BOTH, fmt_mode_init_user, fmt_mode_begin, fmt_mode_record, fmt_mode_end },
	{ "%", MODE_PREFIX | BOTH, fmt_mode_init_user, fmt_mode_begin, fmt_mode_record, fmt_mode_end },
	{ "csv", MODE_SIX | MODE_171, NULL, csv171_begin, csv171_record, csv171_end },
	{ "csv", MODE_178, fmt_mode_init_csv178, csv178_begin, fmt_mode_record, csv178_end },
	{ "csv:", MODE_PREFIX | BOTH, fmt_mode_init_csv, csv178_begin, fmt_mode_record, csv178_end },
	{ "csv-fast", BOTH, NULL, csvfast_begin, csvfast_record, csv178_end },
	{ "json", MODE_SIX | BOTH, NULL, json_begin, json_record, json_end },
	{ "ndjson", BOTH, NULL, nothing_begin, ndjson_record, ndjson_end },
	{ "pipe", MODE_SIX | BOTH, NULL, nothing_begin, pipe_record, pipe_end },
	{ "null", BOTH, NULL, nothing_begin, null_record, fmt_mode_end },
};

/* The mode printed when no -o is given (cli.md §3.1: line in both). */
#define DEFAULT_MODE "line"

/* nfdump compares names case-insensitively; a '6' may follow some. */
static int name_matches(const struct output_mode *m, const char *name, const char **arg)
{
	size_t n = strlen(m->name), len = strlen(name);

	*arg = NULL;
	if (m->flags & MODE_PREFIX) {
		if (strncasecmp(name, m->name, n) != 0)
			return 0;
		*arg = m->name[0] == '%' ? name : name + n;
		return 1;
	}
	if (len == n + 1 && (m->flags & MODE_SIX) && name[n] == '6')
		len = n;
	return len == n && strncasecmp(name, m->name, n) == 0;
}

static const struct output_mode *find_mode(const char *name, int dialect, const char **arg)
{
	unsigned want = dialect == DIALECT_171 ? MODE_171 : MODE_178;

	for (size_t i = 0; i < sizeof(modes) / sizeof(modes[0]); i++) {
		if ((modes[i].flags & want) && name_matches(&modes[i], name, arg))
			return &modes[i];
	}
	return NULL;
}

static int set_mode(struct flow_printer *p, const char *mode, struct flow_err *err)
{
	const char *arg;
	const struct output_mode *m = find_mode(mode, p->opts.dialect, &arg);

	if (!m)
		return flow_errorf(err, FLOW_EINVAL, "Unknown output mode '%s'\n", mode);
	p->mode = m;
	if (m->init)
		return m->init(p, arg ? arg : mode, err);
	if (!(m->flags & MODE_PREFIX) && strlen(mode) == strlen(m->name) + 1)
		p->opts.long_ipv6 = 1;	/* "line6" and friends */
	return FLOW_OK;
}

int flow_printer_new(struct flow_printer **out, const char *mode,
		     const struct flow_print_opts *opts, struct flow_err *err)
{
	struct flow_printer *p;
	int rc;

	*out = NULL;
	if (!opts || !opts->fp)
		return flow_errorf(err, FLOW_EINVAL, "output: no stream to print to");
	p = flow_calloc(1, sizeof(*p));
	if (!p)
		return flow_errorf(err, FLOW_ENOMEM, "output: out of memory");
	p->opts = *opts;
	ob_init(&p->ob, opts->fp);
	p->ob.wide = opts->dialect == DIALECT_178;
	rc = set_mode(p, mode ? mode : DEFAULT_MODE, err);
	if (rc < 0) {
		flow_printer_free(p);
		return rc;
	}
	/* Read TZ once now: localtime_r alone need not notice it. */
	tzset();
	*out = p;
	return FLOW_OK;
}

void flow_printer_set_ident(struct flow_printer *p, const char *ident)
{
	p->ident = ident;
}

void flow_printer_begin(struct flow_printer *p)
{
	p->mode->begin(p);
}

/* No flush per record: the obuf writes when full, and at the end. */
void flow_printer_record_seq(struct flow_printer *p, const struct flow_record *r,
			     uint64_t seq)
{
	p->printed++;
	p->seq = seq;
	p->mode->record(p, r, seq);
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
	fmt_free(p->fmt);
	flow_free(p);
}
