/*
 * fmt.c - compile a fmt string (cli.md §3.2) into a list of tokens and
 * literals, print its header, and print records by walking the list.
 *
 * The predefined formats (line, long, ...) are fmt strings too (§3.4),
 * so every fmt-based mode runs through here; the per-field code is in
 * the token table (fmt_tok.c).  In csv mode (1.7.8 "csv"/"csv:") the
 * literals are dropped and the values joined by ','.
 */
#include <ctype.h>
#include <string.h>

#include "output/fmt.h"
#include "util/alloc.h"
#include "util/banned.h"

struct fmt_item {
	const struct fmt_tok *tok;	/* NULL: a literal */
	const char *lit;
	size_t litlen;
};

struct fmt_prog {
	struct fmt_item *items;
	size_t n, cap;
	char *text;			/* the expanded format; literals point here */
	int csv;
};

/* cli.md §3.4; nsel/nat differ by dialect (1.7.8's "nat" is ours: see dump.1). */
static const struct {
	const char *name, *fmt178, *fmt171;
} predefined[] = {
	{ "line", "%ts %td %pr %sap -> %dap %pkt %byt %fl", NULL },
	{ "gline", "%ts %td %pr %gsap -> %gdap %pkt %byt %fl", NULL },
	{ "long", "%ts %td %pr %sap -> %dap %flg %tos %pkt %byt %fl", NULL },
	{ "glong", "%ts %td %pr %gsap -> %gdap %flg %tos %pkt %byt %fl", NULL },
	{ "extended", "%ts %td %pr %sap -> %dap %flg %tos %pkt %byt %pps %bps %bpp %fl", NULL },
	{ "biline", "%ts %td %pr %sap <-> %dap %opkt %ipkt %obyt %ibyt %fl", NULL },
	{ "bilong", "%ts %td %pr %sap <-> %dap %flg %tos %opkt %ipkt %obyt %ibyt %fl", NULL },
	{ "nsel", "%ts %evt %xevt %pr %sap -> %dap %xsap -> %xdap %ibyt %obyt",
	  "%tevt %evt %xevt %pr %sap -> %dap %xsap -> %xdap %ibyt %obyt" },
	{ "nel", "%ts %evt %pr %sap -> %dap %nsap -> %ndap",
	  "%tevt %nevt %pr %sap -> %dap %nsap -> %ndap" },
	{ "nat", "%ts %evt %pr %sap -> %dap %nsap -> %ndap",
	  "%tevt %nevt %pr %sap -> %dap %nsap -> %ndap" },
};

const char *fmt_predefined(const char *name, size_t len, int dialect)
{
	for (size_t i = 0; i < sizeof(predefined) / sizeof(predefined[0]); i++) {
		if (strlen(predefined[i].name) == len &&
		    strncasecmp(predefined[i].name, name, len) == 0)
			return dialect == DIALECT_171 && predefined[i].fmt171 ?
			       predefined[i].fmt171 : predefined[i].fmt178;
	}
	return NULL;
}

static int add_item(struct fmt_prog *f, const struct fmt_tok *t, const char *lit, size_t n)
{
	if (f->n == f->cap) {
		size_t cap = f->cap ? 2 * f->cap : 32;
		struct fmt_item *it = flow_realloc(f->items, cap * sizeof(*it));

		if (!it)
			return -1;
		f->items = it;
		f->cap = cap;
	}
	f->items[f->n++] = (struct fmt_item){ t, lit, n };
	return 0;
}

/* "%line" inside a format expands to the predefined format, once. */
static char *expand(const char *fmt, int dialect)
{
	size_t cap = strlen(fmt) * 4 + 256, len = 0;
	char *out = flow_malloc(cap);

	if (!out)
		return NULL;
	for (const char *s = fmt; *s; ) {
		size_t w = 0;
		const char *def = NULL;

		if (*s == '%') {
			while (isalnum((unsigned char)s[1 + w]))
				w++;
			def = fmt_predefined(s + 1, w, dialect);
		}
		const char *piece = def ? def : s;
		size_t n = def ? strlen(def) : 1;

		if (len + n + 1 > cap) {
			char *o2 = flow_realloc(out, (cap = 2 * (len + n + 1)));

			if (!o2) {
				flow_free(out);
				return NULL;
			}
			out = o2;
		}
		memcpy(out + len, piece, n);
		len += n;
		s += def ? w + 1 : 1;
	}
	out[len] = '\0';
	return out;
}

static int parse(struct fmt_prog *f, int dialect, struct flow_err *err)
{
	const char *s = f->text;

	while (*s) {
		const char *lit = s;
		size_t n;
		const struct fmt_tok *t;

		while (*s && *s != '%')
			s++;
		if (s > lit && add_item(f, NULL, lit, (size_t)(s - lit)) < 0)
			return flow_errorf(err, FLOW_ENOMEM, "out of memory");
		if (!*s)
			break;
		t = fmt_tok_find(s + 1, &n, dialect);
		/* 1.7.1 lets a digit follow a token ("%mpls10" is %mpls1, "0"). */
		if (!t || (dialect == DIALECT_171 ? isalpha : isalnum)((unsigned char)s[1 + n]))
			return flow_errorf(err, FLOW_EINVAL, "Output format parse error at: %s", s);
		if (f->csv && (t->flags & TOK_NOCSV))
			return flow_errorf(err, FLOW_EINVAL, "Output format parse error at: %s", s);
		if (add_item(f, t, NULL, 0) < 0)
			return flow_errorf(err, FLOW_ENOMEM, "out of memory");
		s += 1 + n;
	}
	return FLOW_OK;
}

int fmt_compile(struct fmt_prog **out, const char *fmt, int dialect, int csv,
		struct flow_err *err)
{
	struct fmt_prog *f = flow_calloc(1, sizeof(*f));
	int rc;

	*out = NULL;
	if (!f)
		return flow_errorf(err, FLOW_ENOMEM, "out of memory");
	f->csv = csv;
	f->text = expand(fmt, dialect);
	if (!f->text) {
		flow_free(f);
		return flow_errorf(err, FLOW_ENOMEM, "out of memory");
	}
	rc = parse(f, dialect, err);
	if (rc < 0) {
		fmt_free(f);
		return rc;
	}
	*out = f;
	return FLOW_OK;
}

void fmt_free(struct fmt_prog *f)
{
	if (!f)
		return;
	flow_free(f->items);
	flow_free(f->text);
	flow_free(f);
}

void fmt_out_init(struct fmt_out *o, struct flow_printer *p, const struct fmt_prog *f)
{
	o->p = p;
	o->ob = &p->ob;
	o->csv = f->csv;
	o->dialect = p->opts.dialect;
	o->plain = p->opts.plain_numbers;
	o->long6 = p->opts.long_ipv6;
	o->tag = p->opts.tag;
}

/* Token headers; a literal adds its length in blanks; -6 widens addresses. */
void fmt_header(struct flow_printer *p, const struct fmt_prog *f)
{
	struct obuf *ob = &p->ob;
	int first = 1;

	for (size_t i = 0; i < f->n; i++) {
		const struct fmt_item *it = &f->items[i];

		if (f->csv && !it->tok)
			continue;
		if (f->csv) {
			if (!first)
				ob_putc(ob, ',');
			ob_puts(ob, it->tok->csv);
			first = 0;
		} else if (!it->tok) {
			ob_spaces(ob, (unsigned)it->litlen);
		} else {
			if (p->opts.long_ipv6 && (it->tok->flags & TOK_ADDR))
				ob_spaces(ob, 23);
			ob_puts(ob, fmt_tok_header(it->tok, p->opts.dialect));
		}
	}
	ob_putc(ob, '\n');
}

static void put_line(const struct fmt_out *o, const struct fmt_prog *f,
		     const struct flow_record *r)
{
	int first = 1;

	for (size_t i = 0; i < f->n; i++) {
		const struct fmt_item *it = &f->items[i];

		if (it->tok) {
			if (f->csv && !first)
				ob_putc(o->ob, ',');
			it->tok->fn(o, r, it->tok);
			first = 0;
		} else if (!f->csv) {
			ob_write(o->ob, it->lit, it->litlen);
		}
	}
	ob_putc(o->ob, '\n');
}

/*
 * nfdump 1.7.1 prints a tunnelled flow after a line for the tunnel: the
 * flow's times, the tunnel's protocol and addresses, everything else zero.
 */
static void put_tunnel(const struct fmt_out *o, const struct fmt_prog *f,
		       const struct flow_record *r)
{
	static const struct flow_record zero;
	struct flow_record t = zero;

	t.generic.msec_first = r->generic.msec_first;
	t.generic.msec_last = r->generic.msec_last;
	if (flow_has(r, EX_TUN6)) {
		t.present |= 1u << EX_IPV6;
		t.ipv6.src = r->tun6.src;
		t.ipv6.dst = r->tun6.dst;
		t.generic.proto = (uint8_t)r->tun6.proto;
	} else {
		t.ipv4.src = r->tun4.src;
		t.ipv4.dst = r->tun4.dst;
		t.generic.proto = (uint8_t)r->tun4.proto;
	}
	put_line(o, f, &t);
}

/*
 * 1.7.8's tunnel line is a record of its own: the flow's generic element
 * with the tunnel's protocol and ports 0 (csv keeps the ports), the
 * tunnel addresses (v4 ones first), nothing else.
 */
static void put_tunnel178(const struct fmt_out *o, const struct fmt_prog *f,
			  const struct flow_record *r)
{
	static const struct flow_record zero;
	struct flow_record t = zero;

	t.present = 1u << EX_GENERIC;
	t.generic = r->generic;
	if (!f->csv)
		t.generic.src_port = t.generic.dst_port = 0;
	if (flow_has(r, EX_TUN4)) {
		t.present |= 1u << EX_IPV4;
		t.ipv4.src = r->tun4.src;
		t.ipv4.dst = r->tun4.dst;
		t.generic.proto = (uint8_t)r->tun4.proto;
	} else {
		t.present |= 1u << EX_IPV6;
		t.ipv6.src = r->tun6.src;
		t.ipv6.dst = r->tun6.dst;
		t.generic.proto = (uint8_t)r->tun6.proto;
	}
	put_line(o, f, &t);
}

int fmt_counts(const struct fmt_prog *f)
{
	for (size_t i = 0; f && i < f->n; i++) {
		if (f->items[i].tok && f->items[i].tok->fn == v_cnt)
			return 1;
	}
	return 0;
}

void fmt_record(const struct fmt_out *o, const struct fmt_prog *f, const struct flow_record *r)
{
	if (flow_has(r, EX_TUN4) || flow_has(r, EX_TUN6)) {
		if (o->dialect == DIALECT_171)
			put_tunnel(o, f, r);
		else if (flow_has(r, EX_GENERIC))
			put_tunnel178(o, f, r);
	}
	put_line(o, f, r);
}
