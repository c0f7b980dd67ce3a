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
#define FMT (BOTH | MODE_PURE)

static const struct output_mode modes[] = {
	{ "raw", BOTH, NULL, nothing_begin, raw171_record, raw171_end },
	{ "line", FMT, fmt_mode_init_named, fmt_mode_begin, fmt_mode_record, fmt_mode_end },
	{ "long", FMT, fmt_mode_init_named, fmt_mode_begin, fmt_mode_record, fmt_mode_end },
	{ "extended", FMT, fmt_mode_init_named, fmt_mode_begin, fmt_mode_record, fmt_mode_end },
	{ "biline", FMT, fmt_mode_init_named, fmt_mode_begin, fmt_mode_record, fmt_mode_end },
	{ "bilong", FMT, fmt_mode_init_named, fmt_mode_begin, fmt_mode_record, fmt_mode_end },
	{ "gline", FMT, fmt_mode_init_named, fmt_mode_begin, fmt_mode_record, fmt_mode_end },
	{ "glong", FMT, fmt_mode_init_named, fmt_mode_begin, fmt_mode_record, fmt_mode_end },
	{ "nsel", FMT, fmt_mode_init_named, fmt_mode_begin, fmt_mode_record, fmt_mode_end },
	{ "nel", FMT, fmt_mode_init_named, fmt_mode_begin, fmt_mode_record, fmt_mode_end },
	{ "nat", FMT, fmt_mode_init_named, fmt_mode_begin, fmt_mode_record, fmt_mode_end },
	{ "fmt:", MODE_PREFIX | FMT, fmt_mode_init_user, fmt_mode_begin, fmt_mode_record, fmt_mode_end },
	{ "%", MODE_PREFIX | FMT, fmt_mode_init_user, fmt_mode_begin, fmt_mode_record, fmt_mode_end },
	{ "csv", MODE_171 | MODE_PURE, NULL, csv171_begin, csv171_record, csv171_end },
	{ "csv", MODE_178 | MODE_PURE, fmt_mode_init_csv178, csv178_begin, fmt_mode_record, csv178_end },
	{ "csv:", MODE_PREFIX | MODE_178 | MODE_PURE, fmt_mode_init_csv, csv178_begin, fmt_mode_record, csv178_end },
	{ "csv-fast", BOTH, NULL, csvfast_begin, csvfast_record, csv178_end },
	{ "json", BOTH | MODE_PURE_171, NULL, json_begin, json_record, json_end },
	{ "ndjson", BOTH, NULL, nothing_begin, ndjson_record, ndjson_end },
	{ "pipe", BOTH, NULL, nothing_begin, pipe_record, pipe_end },
	{ "null", BOTH | MODE_PURE, NULL, nothing_begin, null_record, fmt_mode_end },
};

/* The mode printed when no -o is given (cli.md §3.1: line in both). */
#define DEFAULT_MODE "line"

/* nfdump compares names case-insensitively. */
static int name_matches(const struct output_mode *m, const char *name, const char **arg)
{
	size_t n = strlen(m->name);

	*arg = NULL;
	if (m->flags & MODE_PREFIX) {
		if (strncasecmp(name, m->name, n) != 0)
			return 0;
		*arg = m->name[0] == '%' ? name : name + n;
		return 1;
	}
	return strcasecmp(name, m->name) == 0;
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

/*
 * A trailing '6' on a mode name (not on a format) asks for full IPv6 and
 * is dropped before the lookup, as nfdump does: "json6" is json, and the
 * error for "line66" names "line6".
 */
static int set_mode(struct flow_printer *p, const char *mode, struct flow_err *err)
{
	char name[64];
	const char *arg;
	size_t n = strlen(mode);
	const struct output_mode *m;

	if (n >= sizeof(name) || strchr(mode, ':') || mode[0] == '%') {
		m = find_mode(mode, p->opts.dialect, &arg);
		snprintf(name, sizeof(name), "%s", mode);
	} else {
		memcpy(name, mode, n + 1);
		if (n > 1 && name[n - 1] == '6') {
			name[n - 1] = '\0';
			p->opts.long_ipv6 = 1;
		}
		m = find_mode(name, p->opts.dialect, &arg);
	}
	if (!m)
		return flow_errorf(err, FLOW_EINVAL, "Unknown output mode '%s'\n",
				   strlen(mode) < sizeof(name) ? name : mode);
	p->mode = m;
	if (m->init)
		return m->init(p, arg ? arg : name, err);
	return FLOW_OK;
}

static int make_printer(struct flow_printer **out, const char *mode,
			const struct flow_print_opts *opts, int mem, struct flow_err *err)
{
	struct flow_printer *p;
	int rc;

	*out = NULL;
	if (!opts || (!opts->fp && !mem))
		return flow_errorf(err, FLOW_EINVAL, "output: no stream to print to");
	p = flow_calloc(1, sizeof(*p));
	if (!p)
		return flow_errorf(err, FLOW_ENOMEM, "output: out of memory");
	p->opts = *opts;
	ob_init(&p->ob, opts->fp);
	if (mem) {
		ob_set_mem(&p->ob, &p->mem);
		p->printed = 1;	/* json: every record follows another */
	}
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

int flow_printer_new(struct flow_printer **out, const char *mode,
		     const struct flow_print_opts *opts, struct flow_err *err)
{
	return make_printer(out, mode, opts, 0, err);
}

int flow_printer_new_mem(struct flow_printer **out, const char *mode,
			 const struct flow_print_opts *opts, struct flow_err *err)
{
	return make_printer(out, mode, opts, 1, err);
}

int flow_printer_parallel(const struct flow_printer *p)
{
	unsigned f = p->mode->flags;

	if (!(f & MODE_PURE) && !((f & MODE_PURE_171) && p->opts.dialect == DIALECT_171))
		return 0;
	return !fmt_counts(p->fmt);
}

int flow_printer_take(struct flow_printer *p, struct flow_text *t)
{
	struct flow_text mine;
	int failed;

	ob_flush(&p->ob);
	mine = p->mem;
	failed = mine.failed;
	p->mem = *t;
	p->mem.len = 0;
	p->mem.failed = 0;
	*t = mine;
	t->failed = 0;
	ob_set_mem(&p->ob, &p->mem);	/* format into the buffer given back */
	return failed ? -1 : 0;
}

/*
 * json (1.7.1) separates records with ",\n"; a memory printer writes it
 * before every record, so the text of the first records printed here
 * drops it.
 */
void flow_printer_append(struct flow_printer *p, const struct flow_text *t, uint64_t records)
{
	const char *s = t->buf;
	size_t n = t->len;

	if (!records)
		return;
	if (p->printed == 0 && p->mode->record == json_record && n >= 2 && s[0] == ',') {
		s += 2;
		n -= 2;
	}
	p->printed += records;
	if (n < p->ob.cap) {
		ob_write(&p->ob, s, n);
		return;
	}
	ob_flush(&p->ob);	/* a block's text: no copy through the buffer */
	if (p->ob.mem) {
		ob_write_split(&p->ob, s, n);
		ob_flush(&p->ob);
	} else {
		fwrite(s, 1, n, p->ob.fp);
	}
}

void flow_text_release(struct flow_text *t)
{
	flow_free(t->buf);
	memset(t, 0, sizeof(*t));
}

void flow_printer_set_ident(struct flow_printer *p, const char *ident)
{
	p->ident = ident;
}

void flow_printer_begin(struct flow_printer *p)
{
	p->mode->begin(p);
	ob_flush(&p->ob);
}

void flow_printer_flush(struct flow_printer *p)
{
	ob_flush(&p->ob);
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
	flow_text_release(&p->mem);
	flow_free(p);
}
