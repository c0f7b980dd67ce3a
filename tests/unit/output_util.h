/*
 * output_util.h - helpers shared by the check_output*.c files: printing
 * into memory, comparing text, printing a whole file as nfdump does, and
 * the crafted records that carry every element.
 */
#ifndef TESTS_UNIT_OUTPUT_UTIL_H
#define TESTS_UNIT_OUTPUT_UTIL_H

#include <check.h>
#include <stdio.h>

#include "output/output.h"

#define S(name) SAMPLES_DIR "/" name
#define NFDUMP "/usr/bin/nfdump"

#define SET(r, id) ((r)->present |= 1ULL << (id))
#define BYTES(arr) ((struct flow_bytes){ (arr), (uint16_t)sizeof(arr) })

struct capture {
	char *text;
	size_t len;
	FILE *fp;
};

/* output_util.c */
void ot_use_utc(void);
char *ot_drop_lines(const char *text, const char *const *prefixes);
char *ot_drop_sys(const char *text);
void ot_assert_text_eq(const char *what, const char *want, const char *got);
FILE *ot_capture_open(struct capture *c);
char *ot_capture_close(struct capture *c);
struct flow_printer *ot_new_printer(const char *mode, FILE *fp, const char *flags);
char *ot_print_file(const char *path, const char *mode, const char *flags);
char *ot_slurp_text(const char *path);

/* output_crafted.c: write the crafted records to a new file */
void ot_write_crafted(const char *path);

/* check_output_crafted.c: the "crafted" TCase */
TCase *ot_crafted_tcase(void);
/* check_output178.c: the 1.7.8 dialect against its recorded output */
TCase *ot_dialect178_tcase(void);

#endif
