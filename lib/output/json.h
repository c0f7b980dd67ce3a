/*
 * json.h - the JSON key writer shared by json.c (framing) and
 * json_elem.c (keys per element).  Internal to lib/output.
 */
#ifndef FLOW_OUTPUT_JSON_H
#define FLOW_OUTPUT_JSON_H

#include "output/output_int.h"

enum jw_style { JW_171, JW_178, JW_ND };

/*
 * The writer keeps ob's buffer, fill and size in itself while it writes
 * (jw_open .. jw_close): the element walk holds its jw in a local the
 * compiler keeps in registers, where through ob every byte stored made it
 * load ob's fields again (a char store may alias them).  What writes to
 * ob directly in between must jw_sync before and jw_reload after.
 */
struct jw {
	struct obuf *ob;
	char *buf;
	size_t len, cap;
	enum jw_style style;
	unsigned n;		/* keys written in this record (separators) */
};

static inline void jw_reload(struct jw *w)
{
	w->buf = w->ob->buf;
	w->len = w->ob->len;
	w->cap = w->ob->cap;
}

static inline void jw_sync(struct jw *w)
{
	w->ob->len = w->len;
}

static inline void jw_open(struct jw *w, struct obuf *ob, enum jw_style style)
{
	w->ob = ob;
	w->style = style;
	w->n = 0;
	jw_reload(w);
}

#define jw_close jw_sync

/* ob_write, ob_putc and ob_u64 at the writer's cursor. */
static inline __attribute__((always_inline)) void jw_write(struct jw *w, const char *s, size_t n)
{
	if (n <= 16 && w->cap - w->len >= 16) {
		ob_copy_small(w->buf + w->len, s, n);
		w->len += n;
		return;
	}
	if (n <= w->cap - w->len) {
		memcpy(w->buf + w->len, s, n);
		w->len += n;
		return;
	}
	jw_sync(w);
	ob_write_split(w->ob, s, n);
	jw_reload(w);
}

static inline __attribute__((always_inline)) void jw_putc(struct jw *w, char c)
{
	if (w->len == w->cap) {
		jw_sync(w);
		ob_flush(w->ob);
		jw_reload(w);
	}
	w->buf[w->len++] = c;
}

static inline __attribute__((always_inline)) void jw_u64(struct jw *w, uint64_t v)
{
	size_t n = fmt_u64_len(v);

	if (w->cap - w->len >= 32) {
		fmt_u64_put(w->buf + w->len, v, n);
		w->len += n;
		return;
	}
	jw_sync(w);
	ob_u64_slow(w->ob, v, 0);
	jw_reload(w);
}

/*
 * Inline so that strlen of a literal key folds: json prints ~30 keys a
 * record, and these are its hot path.
 */
static inline __attribute__((always_inline)) void jw_key(struct jw *w, const char *k)
{
	size_t n = strlen(k);

	if (w->style == JW_ND) {
		if (w->n++)
			jw_putc(w, ',');
		jw_putc(w, '"');
		jw_write(w, k, n);
		jw_write(w, "\":", 2);
		return;
	}
	if (w->n++)
		jw_write(w, ",\n", 2);
	if (w->style == JW_171)
		jw_write(w, "\t\"", 2);
	else
		jw_write(w, "  \"", 3);
	jw_write(w, k, n);
	jw_write(w, "\" : ", 4);
}

/*
 * A literal key in all three shapes, each one constant-size copy, with
 * the separator after the previous value in front (so a value needs no
 * write of its own after it, and the last one nothing taken back):
 * JW_KEY(w, "proto") writes ',\n\t"proto" : ', ',\n  "proto" : ' or
 * ',"proto":'.  A separator write a value was 12% of -o json's
 * instructions.  A record's first key is always the same one (JW_KEY1,
 * without the separator), so the others need not test for being first.
 */
static inline __attribute__((always_inline)) void jw_lit(struct jw *w, int first,
							 const char *t171, size_t n171,
							 const char *t178, size_t n178,
							 const char *tnd, size_t nnd)
{
	size_t skip = first ? (w->style == JW_ND ? 1 : 2) : 0;

	if (first)
		w->n = 1;
	if (w->style == JW_ND)
		jw_write(w, tnd + skip, nnd - skip);
	else if (w->style == JW_171)
		jw_write(w, t171 + skip, n171 - skip);
	else
		jw_write(w, t178 + skip, n178 - skip);
}

#define JW_LIT3(a, b, c) a, sizeof(a) - 1, b, sizeof(b) - 1, c, sizeof(c) - 1
#define JW_KEYF(w, first, k) \
	jw_lit(w, first, JW_LIT3(",\n\t\"" k "\" : ", ",\n  \"" k "\" : ", ",\"" k "\":"))
#define JW_KEY(w, k) JW_KEYF(w, 0, k)
#define JW_KEY1(w, k) JW_KEYF(w, 1, k)
/* Literal-key versions of jw_u and jw_s; ..1: the record's first key. */
#define JW_U(w, k, v) do { JW_KEY(w, k); jw_u64(w, (v)); } while (0)
#define JW_S(w, k, s) do { JW_KEY(w, k); jw_str_value(w, s); } while (0)
#define JW_U1(w, k, v) do { JW_KEY1(w, k); jw_u64(w, (v)); } while (0)
#define JW_S1(w, k, s) do { JW_KEY1(w, k); jw_str_value(w, s); } while (0)

/* A string value of known length n. */
static inline __attribute__((always_inline)) void jw_strn_value(struct jw *w, const char *s,
								 size_t n)
{
	jw_putc(w, '"');
	jw_write(w, s, n);
	jw_putc(w, '"');
}

/* Inline: a literal's strlen folds. */
static inline __attribute__((always_inline)) void jw_str_value(struct jw *w, const char *s)
{
	jw_putc(w, '"');
	jw_write(w, s, strlen(s));
	jw_putc(w, '"');
}

static inline __attribute__((always_inline)) void jw_u(struct jw *w, const char *k, uint64_t v)
{
	jw_key(w, k);
	jw_u64(w, v);
}

static inline __attribute__((always_inline)) void jw_s(struct jw *w, const char *k, const char *s)
{
	jw_key(w, k);
	jw_putc(w, '"');
	jw_write(w, s, strlen(s));
	jw_putc(w, '"');
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
