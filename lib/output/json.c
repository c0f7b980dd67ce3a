/*
 * json.c - "-o json" (1.7.1 and 1.7.8 shapes) and 1.7.8's "-o ndjson"
 * (cli.md §3.7).  One key writer serves the three shapes; the element
 * walk (json_elem.c) names the keys.
 *
 *   1.7.1 json:  "[\n", records "{\n\t"k" : v,\n...}" joined by ",\n",
 *                "]\n"; with -q no brackets (as 1.7.1).
 *   1.7.8 json:  "[\n", records " {\n  "k" : v,\n... }" joined by ",\n",
 *                "\n]\n", whatever -q says.
 *   ndjson:      one {"k":v,...} per line.
 */
#include <string.h>

#include "output/json.h"
#include "util/banned.h"

/* 1.7.1 quotes some numbers ("ingress_vrf" : "5"); 1.7.8 does not. */
void jw_uq(struct jw *w, const char *k, uint64_t v)
{
	char s[24];

	if (w->style != JW_171) {
		jw_u(w, k, v);
		return;
	}
	snprintf(s, sizeof(s), "%llu", (unsigned long long)v);
	jw_s(w, k, s);
}

void jw_raw(struct jw *w, const char *k, const char *text)
{
	jw_key(w, k);
	jw_write(w, text, strlen(text));
}

/* A record is at most a few KB: room for it in one piece. */
static void make_room(struct obuf *ob)
{
	if (ob->cap - ob->len < 16384)
		ob_flush(ob);
}

void json_begin(struct flow_printer *p)
{
	if (p->opts.dialect == DIALECT_178 || !p->opts.quiet)
		ob_write(&p->ob, "[\n", 2);
}

void json_record(struct flow_printer *p, const struct flow_record *r, uint64_t seq)
{
	struct jw w;
	int first = p->printed == 1;
	enum jw_style style = p->opts.dialect == DIALECT_171 ? JW_171 : JW_178;

	(void)seq;
	make_room(&p->ob);
	if (style == JW_178) {
		ob_write(&p->ob, first ? " {\n" : ",\n {\n", first ? 3 : 5);
	} else {
		if (!first)
			ob_write(&p->ob, ",\n", 2);
		ob_write(&p->ob, "{\n", 2);
	}
	jw_open(&w, &p->ob, style);
	json_elements(p, &w, r);
	if (style == JW_171)
		json_label(&w, r);
	jw_close(&w);
	if (style == JW_171) {
		ob_write(&p->ob, "\n}", 2);
	} else {
		ob_write(&p->ob, "\n }", 3);
	}
}

void json_end(struct flow_printer *p, const struct flow_summary *s)
{
	if (p->opts.dialect == DIALECT_178) {
		summary_no_match(&p->ob, s);
		ob_write(&p->ob, "\n]\n", 3);
		return;
	}
	if (s->passed_records == 0)
		summary_no_match(&p->ob, s);
	if (!p->opts.quiet)
		ob_write(&p->ob, "]\n", 2);
}

void ndjson_record(struct flow_printer *p, const struct flow_record *r, uint64_t seq)
{
	struct jw w;

	(void)seq;
	make_room(&p->ob);
	ob_putc(&p->ob, '{');
	jw_open(&w, &p->ob, JW_ND);
	json_elements(p, &w, r);
	jw_close(&w);
	ob_write(&p->ob, "}\n", 2);
}

void ndjson_end(struct flow_printer *p, const struct flow_summary *s)
{
	summary_no_match(&p->ob, s);
}
