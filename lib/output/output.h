/*
 * output.h - printing flow records as text, the way nfdump does.
 *
 * Every -o mode is one entry in a table (name -> begin/record/end), as
 * git's commands[]: dump looks a mode up by name and drives it.  Modes
 * print in one of two dialects: nfdump 1.7.8's text (the default) or
 * Debian nfdump 1.7.1's (NFDUMP_DIALECT=1.7.1), which nfsen 1.3 parses.
 *
 * A printer writes only to its FILE; it never exits.  Records passed in
 * are only read during the call.
 */
#ifndef FLOW_OUTPUT_OUTPUT_H
#define FLOW_OUTPUT_OUTPUT_H

#include <stdint.h>
#include <stdio.h>

#include "record/record.h"
#include "record/stat.h"
#include "util/err.h"

enum flow_dialect {
	DIALECT_178 = 0,	/* nfdump 1.7.8: default */
	DIALECT_171 = 1,	/* Debian nfdump 1.7.1 */
};

struct flow_print_opts {
	FILE *fp;
	enum flow_dialect dialect;
	int quiet;		/* -q: no header, no footer */
	int plain_numbers;	/* -N */
	int long_ipv6;		/* -6 */
	int tag;		/* -T: 0x01 before each address (nfsen details page) */
};

/*
 * What the footer reports; filled by the caller while reading.  As nfdump
 * 1.7.1 counts: passed = flow_stat_add() of each passed flow (from
 * flow_stat_init()); bytes_read = the decompressed payload bytes of the
 * data blocks read (not the file size); msec_first/last = min/max of the
 * input files' stat records, clipped to -t; "<unknown>" when !window_known
 * or msec_last is 0.
 */
struct flow_summary {
	struct flow_stat passed;	/* stat of the flows that passed */
	uint64_t processed;		/* records read */
	uint64_t passed_records;
	uint64_t blocks_skipped;
	uint64_t bytes_read;
	uint64_t msec_first, msec_last;	/* time window of the data read */
	int window_known;
	double sys_s, user_s, wall_s;	/* for the (unparsed) timing line */
	double runtime_s;		/* "Runtime:"; 0 = same as wall_s */
};

struct flow_printer;

/*
 * NULL name = the default mode ("line").  Names as nfdump matches them
 * (case-insensitive, "fmt:..", "csv:..", a bare "%.." format, a '6'
 * suffix for full IPv6).  Unknown name or bad format: FLOW_EINVAL with
 * nfdump's message text in err (the caller prints it and exits 1); out
 * of memory: FLOW_ENOMEM.  Text is buffered: it reaches opts->fp when
 * the buffer fills and at flow_printer_end/free; times are local (TZ is
 * read when the printer is made).
 */
int flow_printer_new(struct flow_printer **out, const char *mode,
		     const struct flow_print_opts *opts, struct flow_err *err);
/*
 * Printing in worker threads.  A memory printer (flow_printer_new_mem)
 * makes the same text as flow_printer_new's for the records given, but
 * keeps it; flow_printer_take swaps it with t (t's old text is dropped,
 * its buffer reused), -1 when memory ran out while making it (the text
 * is then incomplete).  flow_printer_append puts such text of records
 * records into the printer's output as if they had been printed there.
 * Only where flow_printer_parallel says so is the result the same.
 */
struct flow_text {
	char *buf;
	size_t len, cap;
	int failed;
};
int flow_printer_new_mem(struct flow_printer **out, const char *mode,
			 const struct flow_print_opts *opts, struct flow_err *err);
int flow_printer_parallel(const struct flow_printer *p);
int flow_printer_take(struct flow_printer *p, struct flow_text *t);
void flow_printer_append(struct flow_printer *p, const struct flow_text *t, uint64_t records);
void flow_text_release(struct flow_text *t);

/*
 * The ident of the file being read, for 1.7.8's %idt, raw "Ident" and
 * json "ident"; the string must stay valid while records are printed.
 */
void flow_printer_set_ident(struct flow_printer *p, const char *ident);
void flow_printer_begin(struct flow_printer *p);
/*
 * Write out what is buffered.  Records are buffered (the buffer goes to
 * the FILE when full and at flow_printer_end): a caller that writes to
 * the same FILE itself flushes first.
 */
void flow_printer_flush(struct flow_printer *p);
void flow_printer_record(struct flow_printer *p, const struct flow_record *r);
/*
 * As flow_printer_record, numbering the record seq.  nfdump 1.7.1's raw
 * "RecordCount" is the number of records *read* so far (filtered ones
 * included), so a filtering caller passes its read count here;
 * flow_printer_record numbers the printed records 1, 2, 3...
 */
void flow_printer_record_seq(struct flow_printer *p, const struct flow_record *r,
			     uint64_t seq);
/* Footer (unless quiet), "No matching flows" when nothing passed. */
void flow_printer_end(struct flow_printer *p, const struct flow_summary *s);
void flow_printer_free(struct flow_printer *p);

/*
 * The footer of mode (NULL = default) alone, unless opts->quiet: for
 * callers that print their own body, as the statistics do (footer.c).
 */
void flow_print_footer(FILE *fp, const char *mode, const struct flow_summary *s,
		       const struct flow_print_opts *opts);

/*
 * After flow_printer_new failed with message msg: what nfdump 1.7.8
 * prints on stdout (the mode or token list); nothing in 1.7.1.
 */
void flow_print_error_help(FILE *fp, const char *msg, enum flow_dialect dialect);

/* nfdump -I: ident and the summed stat record, byte-identical to nfdump. */
void flow_print_stat_info(FILE *fp, const char *ident, const struct flow_stat *s);

#endif
