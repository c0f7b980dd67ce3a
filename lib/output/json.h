/*
 * json.h - the JSON key writer shared by json.c (framing) and
 * json_elem.c (keys per element).  Internal to lib/output.
 */
#ifndef FLOW_OUTPUT_JSON_H
#define FLOW_OUTPUT_JSON_H

#include "output/output_int.h"

enum jw_style { JW_171, JW_178, JW_ND };

struct jw {
	struct obuf *ob;
	enum jw_style style;
	unsigned n;		/* keys written in this record (separators) */
};

/*
 * Inline so that strlen of a literal key folds: json prints ~30 keys a
 * record, and these are its hot path.
 */
static inline __attribute__((always_inline)) void jw_key(struct jw *w, const char *k)
{
	struct obuf *ob = w->ob;
	size_t n = strlen(k);

	if (w->style == JW_ND) {
		if (w->n++)
			ob_putc(ob, ',');
		ob_putc(ob, '"');
		ob_write(ob, k, n);
		ob_write(ob, "\":", 2);
		return;
	}
	if (w->n++)
		ob_write(ob, ",\n", 2);
	if (w->style == JW_171)
		ob_write(ob, "\t\"", 2);
	else
		ob_write(ob, "  \"", 3);
	ob_write(ob, k, n);
	ob_write(ob, "\" : ", 4);
}

/*
 * A literal key in all three shapes, each one constant-size copy, with
 * the separator after the previous value in front (so a value needs no
 * write of its own after it, and the last one nothing taken back):
 * JW_KEY(w, "proto") writes ',\n\t"proto" : ', ',\n  "proto" : ' or
 * ',"proto":', the first key of a record the same without ',\n' / ','.
 * A separator write a value was 12% of -o json's instructions.
 */
static inline __attribute__((always_inline)) void jw_lit(struct jw *w, const char *t171, size_t n171,
							 const char *t178, size_t n178,
							 const char *tnd, size_t nnd)
{
	int first = w->n++ == 0;

	if (w->style == JW_ND) {
		if (first)
			ob_write(w->ob, tnd + 1, nnd - 1);
		else
			ob_write(w->ob, tnd, nnd);
	} else if (w->style == JW_171) {
		if (first)
			ob_write(w->ob, t171 + 2, n171 - 2);
		else
			ob_write(w->ob, t171, n171);
	} else {
		if (first)
			ob_write(w->ob, t178 + 2, n178 - 2);
		else
			ob_write(w->ob, t178, n178);
	}
}

#define JW_LIT3(a, b, c) a, sizeof(a) - 1, b, sizeof(b) - 1, c, sizeof(c) - 1
#define JW_KEY(w, k) jw_lit(w, JW_LIT3(",\n\t\"" k "\" : ", ",\n  \"" k "\" : ", ",\"" k "\":"))
/* Literal-key versions of jw_u and jw_s. */
#define JW_U(w, k, v) do { JW_KEY(w, k); ob_u64((w)->ob, (v), 0); } while (0)
#define JW_S(w, k, s) do { JW_KEY(w, k); jw_str_value(w, s); } while (0)

/* A string value of known length n. */
static inline __attribute__((always_inline)) void jw_strn_value(struct jw *w, const char *s,
								 size_t n)
{
	ob_putc(w->ob, '"');
	ob_write(w->ob, s, n);
	ob_putc(w->ob, '"');
}

/* Inline: a literal's strlen folds. */
static inline __attribute__((always_inline)) void jw_str_value(struct jw *w, const char *s)
{
	ob_putc(w->ob, '"');
	ob_puts(w->ob, s);
	ob_putc(w->ob, '"');
}

static inline __attribute__((always_inline)) void jw_u(struct jw *w, const char *k, uint64_t v)
{
	jw_key(w, k);
	ob_u64(w->ob, v, 0);
}

static inline __attribute__((always_inline)) void jw_s(struct jw *w, const char *k, const char *s)
{
	jw_key(w, k);
	ob_putc(w->ob, '"');
	ob_puts(w->ob, s);
	ob_putc(w->ob, '"');
}

/* A number 1.7.1 prints as a string. */
void jw_uq(struct jw *w, const char *k, uint64_t v);
/* A value already formatted (floats). */
void jw_raw(struct jw *w, const char *k, const char *text);

/* Every key of r, in nfdump's order for the writer's style. */
void json_elements(struct flow_printer *p, struct jw *w, const struct flow_record *r);

/* 1.7.1's closing "label" key. */
void json_label(struct jw *w, const struct flow_record *r);

#endif
