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

struct output_mode {
	const char *name;
	void (*begin)(struct flow_printer *p);
	void (*record)(struct flow_printer *p, const struct flow_record *r, uint64_t seq);
	void (*end)(struct flow_printer *p, const struct flow_summary *s);
};

struct flow_printer {
	const struct output_mode *mode;
	struct flow_print_opts opts;
	uint64_t printed;		/* records printed so far */
	struct fmt_tcache tfirst, tlast, tother;	/* one per time column */
	struct obuf ob;
};

/* The modes (raw171.c, csv171.c). */
void raw171_begin(struct flow_printer *p);
void raw171_record(struct flow_printer *p, const struct flow_record *r, uint64_t seq);
void raw171_end(struct flow_printer *p, const struct flow_summary *s);
void csv171_begin(struct flow_printer *p);
void csv171_record(struct flow_printer *p, const struct flow_record *r, uint64_t seq);
void csv171_end(struct flow_printer *p, const struct flow_summary *s);
/* fmt171.c: the predefined text modes of 1.7.1. */
#define FMT171_HOOKS(name)							\
	void name##_begin(struct flow_printer *p);				\
	void name##_record(struct flow_printer *p, const struct flow_record *r,	\
			   uint64_t seq);
FMT171_HOOKS(line171)
FMT171_HOOKS(long171)
FMT171_HOOKS(extended171)
FMT171_HOOKS(line6_171)
FMT171_HOOKS(long6_171)
FMT171_HOOKS(extended6_171)
void fmt171_end(struct flow_printer *p, const struct flow_summary *s);

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
/* The "Summary" trailer of 1.7.1 csv. */
void summary_csv171(struct obuf *ob, const struct flow_summary *s);

#endif
