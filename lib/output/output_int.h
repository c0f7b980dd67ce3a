/*
 * output_int.h - what the output modes share inside lib/output.
 *
 * A mode is one entry of the table in output.c: a name and three hooks.
 * Hooks write into the printer's obuf; output.c writes the buffer to the
 * FILE after each call, so a mode never touches the FILE itself.
 */
#ifndef FLOW_OUTPUT_OUTPUT_INT_H
#define FLOW_OUTPUT_OUTPUT_INT_H

#include "output/fmtutil.h"
#include "output/output.h"

struct flow_printer;
struct fmt_prog;

enum output_mode_flags {
	MODE_171 = 1 << 0,	/* row serves the 1.7.1 dialect */
	MODE_178 = 1 << 1,	/* row serves the 1.7.8 dialect */
	MODE_PREFIX = 1 << 2,	/* name is a prefix ("fmt:"); the rest is init's arg */
	/*
	 * A record's text depends on the record (and the file's ident) alone,
	 * not on how many came before: workers may print blocks apart
	 * (unless a format has %cnt).  PURE_171: only in the 1.7.1 dialect.
	 */
	MODE_PURE = 1 << 3,
	MODE_PURE_171 = 1 << 4,
};

struct output_mode {
	const char *name;
	unsigned flags;		/* enum output_mode_flags */
	/* Optional: prepare the printer (compile a format); arg may be NULL. */
	int (*init)(struct flow_printer *p, const char *arg, struct flow_err *err);
	void (*begin)(struct flow_printer *p);
	void (*record)(struct flow_printer *p, const struct flow_record *r, uint64_t seq);
	void (*end)(struct flow_printer *p, const struct flow_summary *s);
};

struct flow_printer {
	const struct output_mode *mode;
	struct flow_print_opts opts;
	uint64_t printed;		/* records printed so far */
	uint64_t seq;			/* the caller's number of this record */
	struct fmt_tcache tfirst, tlast, tother;	/* one per time column */
	struct fmt_prog *fmt;		/* fmt-based modes: the compiled format */
	const char *ident;		/* ident of the file being read (1.7.8) */
	struct flow_text mem;		/* flow_printer_new_mem: the text made */
	struct obuf ob;
};

/* The modes (raw171.c, csv171.c, fmt_mode.c, json.c, pipe.c, csvfast.c). */
void raw171_record(struct flow_printer *p, const struct flow_record *r, uint64_t seq);
void raw171_end(struct flow_printer *p, const struct flow_summary *s);
void csv171_begin(struct flow_printer *p);
void csv171_record(struct flow_printer *p, const struct flow_record *r, uint64_t seq);
void csv171_end(struct flow_printer *p, const struct flow_summary *s);
int fmt_mode_init_named(struct flow_printer *p, const char *name, struct flow_err *err);
int fmt_mode_init_user(struct flow_printer *p, const char *fmt, struct flow_err *err);
int fmt_mode_init_csv(struct flow_printer *p, const char *fmt, struct flow_err *err);
int fmt_mode_init_csv178(struct flow_printer *p, const char *name, struct flow_err *err);
void fmt_mode_begin(struct flow_printer *p);
void fmt_mode_record(struct flow_printer *p, const struct flow_record *r, uint64_t seq);
void fmt_mode_end(struct flow_printer *p, const struct flow_summary *s);
void csv178_begin(struct flow_printer *p);
void csv178_end(struct flow_printer *p, const struct flow_summary *s);
void null_record(struct flow_printer *p, const struct flow_record *r, uint64_t seq);
void json_begin(struct flow_printer *p);
void json_record(struct flow_printer *p, const struct flow_record *r, uint64_t seq);
void json_end(struct flow_printer *p, const struct flow_summary *s);
void ndjson_record(struct flow_printer *p, const struct flow_record *r, uint64_t seq);
void ndjson_end(struct flow_printer *p, const struct flow_summary *s);
void pipe_record(struct flow_printer *p, const struct flow_record *r, uint64_t seq);
void pipe_end(struct flow_printer *p, const struct flow_summary *s);
void csvfast_begin(struct flow_printer *p);
void csvfast_record(struct flow_printer *p, const struct flow_record *r, uint64_t seq);
void nothing_begin(struct flow_printer *p);

/* summary.c: the text after the records. */
struct flow_rates {
	uint64_t bps, pps, bpp;
};
/* avg bps/pps/bpp exactly as nfdump 1.7.1 computes them. */
void summary_rates171(const struct flow_stat *st, struct flow_rates *out);
/* "No matching flows" when nothing passed (printed even with -q). */
void summary_no_match(struct obuf *ob, const struct flow_summary *s);
/* The four footer lines of text modes (1.7.1). */
void summary_footer171(struct obuf *ob, const struct flow_summary *s, int plain);
/* The same in the printer's dialect (1.7.8: ms times, "records processed"). */
void summary_footer(struct flow_printer *p, const struct flow_summary *s);
/* 1.7.8's four footer lines (records, ms window with duration). */
void summary_footer178(struct obuf *ob, const struct flow_summary *s, int plain);
/* The "Summary" trailer of 1.7.1 csv. */
void summary_csv171(struct obuf *ob, const struct flow_summary *s);

#endif
