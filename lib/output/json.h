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
	unsigned n;		/* keys written (ndjson separators) */
};

void jw_key(struct jw *w, const char *k);
void jw_u(struct jw *w, const char *k, uint64_t v);
/* A number 1.7.1 prints as a string. */
void jw_uq(struct jw *w, const char *k, uint64_t v);
void jw_s(struct jw *w, const char *k, const char *s);
/* A value already formatted (floats). */
void jw_raw(struct jw *w, const char *k, const char *text);

/* Every key of r, in nfdump's order for the writer's style. */
void json_elements(struct flow_printer *p, struct jw *w, const struct flow_record *r);

/* 1.7.1's closing "label" key. */
void json_label(struct jw *w, const struct flow_record *r);

#endif
