/*
 * perlconf.c - read nfsen.conf, which nfsen runs as Perl, without Perl.
 *
 * Real nfsen.conf files use a small part of Perl: scalar, hash and array
 * assignments, strings in the usual quote forms with ${VAR} interpolation,
 * numbers, nested {} and [] references, comments and a final true value.
 * This reads that subset into a struct conf_value tree whose root hash
 * maps variable names (without sigil) to values.  Anything outside the
 * subset is an error naming the file and line, as Perl's own "syntax
 * error at FILE line N" would, instead of being guessed at.
 *
 * Interpolation sees the variables assigned so far plus the presets the
 * caller passes in, as Perl sees the values nfsen
 * presets before it runs the file.  An unset variable interpolates to ""
 * (Perl without strict); so does an array named in a string, as Perl
 * would replace "a@b.c" with "a.c" (nfsen's comments warn about it).
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conf/conf.h"
#include "conf/value.h"
#include "util/alloc.h"
#include "util/err.h"

struct pl {
	const char *p, *end;
	const char *path;
	unsigned line;
	struct conf_value *root;
	const struct conf_value *defaults;	/* preset values; may be NULL */
	struct flow_err *err;
	int rc;					/* first error, 0 while none */
};

/* A growing string for building scalars. */
struct sbuf {
	char *s;
	size_t len, cap;
	int oom;
};

static void sb_add(struct sbuf *b, const char *s, size_t n)
{
	char *p;
	size_t cap;

	if (b->oom)
		return;
	if (b->len + n + 1 > b->cap) {
		cap = b->cap ? b->cap : 64;
		while (cap < b->len + n + 1)
			cap *= 2;
		p = flow_realloc(b->s, cap);
		if (!p) {
			b->oom = 1;
			return;
		}
		b->s = p;
		b->cap = cap;
	}
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
}

static void sb_addc(struct sbuf *b, char c)
{
	sb_add(b, &c, 1);
}

static int pl_fail(struct pl *pl, const char *what)
{
	char near[24];
	size_t n = 0;

	while (pl->p + n < pl->end && n < sizeof(near) - 1 && pl->p[n] != '\n')
		n++;
	memcpy(near, pl->p, n);
	near[n] = '\0';
	if (pl->rc)
		return pl->rc;
	return pl->rc = flow_errorf(pl->err, FLOW_EFORMAT, "%s line %u: %s near \"%s\"",
			   pl->path, pl->line, what, near);
}

static int pl_oom(struct pl *pl)
{
	if (pl->rc)
		return pl->rc;
	return pl->rc = flow_errorf(pl->err, FLOW_ENOMEM, "%s line %u: out of memory",
			   pl->path, pl->line);
}

/* Skip white space and # comments, counting lines. */
static void pl_skip(struct pl *pl)
{
	while (pl->p < pl->end) {
		if (*pl->p == '\n') {
			pl->line++;
			pl->p++;
		} else if (isspace((unsigned char)*pl->p)) {
			pl->p++;
		} else if (*pl->p == '#') {
			while (pl->p < pl->end && *pl->p != '\n')
				pl->p++;
		} else {
			break;
		}
	}
}

/* Consume token s (after white space) if it is next. */
static int pl_accept(struct pl *pl, const char *s)
{
	size_t n = strlen(s);

	pl_skip(pl);
	if ((size_t)(pl->end - pl->p) >= n && memcmp(pl->p, s, n) == 0) {
		pl->p += n;
		return 1;
	}
	return 0;
}

static int is_word(char c)
{
	return isalnum((unsigned char)c) || c == '_';
}

/* An identifier (Perl allows :: in package names; nfsen.conf does not need it). */
static size_t pl_word(struct pl *pl, char *buf, size_t cap)
{
	size_t n = 0;

	if (pl->p >= pl->end || !(isalpha((unsigned char)*pl->p) || *pl->p == '_'))
		return 0;
	while (pl->p + n < pl->end && is_word(pl->p[n]))
		n++;
	if (n >= cap)
		return 0;
	memcpy(buf, pl->p, n);
	buf[n] = '\0';
	pl->p += n;
	return n;
}

/* A variable as the file sees it: assigned by the file, else preset. */
static const struct conf_value *pl_var(struct pl *pl, const char *name)
{
	const struct conf_value *v = conf_hash_get(pl->root, name);

	return v ? v : conf_hash_get(pl->defaults, name);
}

static const char *pl_lookup(struct pl *pl, const char *name)
{
	const struct conf_value *v = pl_var(pl, name);

	return v && v->type == CONF_SCALAR && v->str ? v->str : "";
}

/* Interpolate one $NAME, ${NAME} or @NAME at pl->p (just past the sigil). */
static int pl_interp_var(struct pl *pl, char sigil, struct sbuf *b)
{
	char name[128];
	const struct conf_value *v;
	size_t i;

	if (pl->p < pl->end && *pl->p == '{') {
		pl->p++;
		if (!pl_word(pl, name, sizeof(name)) || pl->p >= pl->end || *pl->p != '}')
			return pl_fail(pl, "bad ${...} in string");
		pl->p++;
	} else if (!pl_word(pl, name, sizeof(name))) {
		sb_addc(b, sigil);	/* a lone $ or @ stays as it is */
		return 0;
	}
	if (sigil == '$') {
		const char *s = pl_lookup(pl, name);

		sb_add(b, s, strlen(s));
		return 0;
	}
	v = pl_var(pl, name);
	for (i = 0; v && v->type == CONF_ARRAY && i < v->n; i++) {
		const char *s = v->items[i]->str ? v->items[i]->str : "";

		if (i)
			sb_addc(b, ' ');
		sb_add(b, s, strlen(s));
	}
	return 0;
}

static char pl_escape(char c)
{
	switch (c) {
	case 'n': return '\n';
	case 't': return '\t';
	case 'r': return '\r';
	case '0': return '\0';
	case 'a': return '\a';
	case 'e': return 0x1b;
	default: return c;
	}
}

static char pl_closer(char open)
{
	switch (open) {
	case '{': return '}';
	case '(': return ')';
	case '[': return ']';
	case '<': return '>';
	default: return open;
	}
}

/*
 * The body of a quoted string from pl->p (past the opening delimiter) to
 * the matching close; bracket delimiters nest as in Perl.  interp selects
 * "..." / qq semantics, otherwise '...' / q semantics.
 */
static struct conf_value *pl_quoted(struct pl *pl, char open, int interp)
{
	char close = pl_closer(open);
	struct sbuf b = { 0 };
	struct conf_value *v;
	int depth = 0;

	for (;;) {
		char c;

		if (pl->p >= pl->end) {
			pl_fail(pl, "string not terminated");
			flow_free(b.s);
			return NULL;
		}
		c = *pl->p++;
		if (c == '\n')
			pl->line++;
		if (c == '\\' && pl->p < pl->end) {
			char e = *pl->p++;

			if (interp)
				sb_addc(&b, pl_escape(e));
			else if (e == '\\' || e == close || e == open)
				sb_addc(&b, e);
			else {
				sb_addc(&b, '\\');
				sb_addc(&b, e);
			}
			if (e == '\n')
				pl->line++;
			continue;
		}
		if (c == close && depth == 0)
			break;
		if (open != close && c == open)
			depth++;
		else if (open != close && c == close)
			depth--;
		if (interp && (c == '$' || c == '@')) {
			if (pl_interp_var(pl, c, &b) < 0) {
				flow_free(b.s);
				return NULL;
			}
			continue;
		}
		sb_addc(&b, c);
	}
	if (b.oom) {
		flow_free(b.s);
		pl_oom(pl);
		return NULL;
	}
	v = conf_scalar(b.s ? b.s : "");
	flow_free(b.s);
	if (!v)
		pl_oom(pl);
	return v;
}

/* A numeric literal, stored as Perl would print it (0x1f, 0755, 1_000, 1.50). */
static struct conf_value *pl_number(struct pl *pl)
{
	char buf[64], out[64];
	const char *digits;
	size_t n = 0;
	double d;

	if (*pl->p == '-' || *pl->p == '+')
		buf[n++] = *pl->p++;
	while (pl->p < pl->end && n < sizeof(buf) - 1 &&
	       (isalnum((unsigned char)*pl->p) || *pl->p == '.' || *pl->p == '_')) {
		if (*pl->p != '_')
			buf[n++] = *pl->p;
		pl->p++;
	}
	buf[n] = '\0';
	digits = buf + (buf[0] == '-' || buf[0] == '+');
	if (digits[0] == '0' && (digits[1] == 'x' || digits[1] == 'X'))
		d = (double)strtoll(buf, NULL, 16);
	else if (digits[0] == '0' && digits[1] && strspn(digits, "01234567") == strlen(digits))
		d = (double)strtoll(buf, NULL, 8);
	else
		d = strtod(buf, NULL);
	snprintf(out, sizeof(out), "%.15g", d);
	return conf_scalar(out);
}

static struct conf_value *pl_expr(struct pl *pl);
static int pl_list(struct pl *pl, char close, struct conf_value *arr);

/* Fold a flat list into a hash: key, value, key, value ... */
static struct conf_value *pl_list_to_hash(struct pl *pl, struct conf_value *arr)
{
	struct conf_value *h = conf_hash();
	size_t i;

	if (!h) {
		pl_oom(pl);
		return NULL;
	}
	if (arr->n % 2) {
		conf_value_free(h);
		pl_fail(pl, "odd number of elements in hash");
		return NULL;
	}
	for (i = 0; i < arr->n; i += 2) {
		const struct conf_value *k = arr->items[i];

		if (k->type != CONF_SCALAR) {
			conf_value_free(h);
			pl_fail(pl, "reference used as a hash key");
			return NULL;
		}
		if (conf_hash_set(h, k->str ? k->str : "", arr->items[i + 1])) {
			arr->items[i + 1] = NULL;
			conf_value_free(h);
			pl_oom(pl);
			return NULL;
		}
		arr->items[i + 1] = NULL;	/* moved into h */
	}
	return h;
}

/* { list } as a hash reference, [ list ] as an array reference. */
static struct conf_value *pl_ref(struct pl *pl, char open)
{
	struct conf_value *arr = conf_array(), *h;

	if (!arr) {
		pl_oom(pl);
		return NULL;
	}
	if (pl_list(pl, open == '{' ? '}' : ']', arr) < 0) {
		conf_value_free(arr);
		return NULL;
	}
	if (open == '[')
		return arr;
	h = pl_list_to_hash(pl, arr);
	conf_value_free(arr);
	return h;
}

static struct conf_value *pl_term1(struct pl *pl)
{
	char name[128];
	const struct conf_value *v;
	const char *save;
	char c;

	pl_skip(pl);
	if (pl->p >= pl->end) {
		pl_fail(pl, "unexpected end of file");
		return NULL;
	}
	c = *pl->p;
	if (c == '"' || c == '\'') {
		pl->p++;
		return pl_quoted(pl, c, c == '"');
	}
	if (c == '{' || c == '[') {
		pl->p++;
		return pl_ref(pl, c);
	}
	if (isdigit((unsigned char)c) || ((c == '-' || c == '+' || c == '.') &&
					  pl->p + 1 < pl->end &&
					  isdigit((unsigned char)pl->p[1])))
		return pl_number(pl);
	if (c == '$') {
		pl->p++;
		if (!pl_word(pl, name, sizeof(name))) {
			pl_fail(pl, "bad variable name");
			return NULL;
		}
		v = pl_var(pl, name);
		return v && v->type == CONF_SCALAR ? conf_value_dup(v) : conf_scalar(NULL);
	}
	save = pl->p;
	if (pl_word(pl, name, sizeof(name))) {
		if ((strcmp(name, "q") == 0 || strcmp(name, "qq") == 0) && pl->p < pl->end &&
		    strchr("{([</|!", *pl->p)) {
			c = *pl->p++;
			return pl_quoted(pl, c, name[1] == 'q');
		}
		if (strcmp(name, "undef") == 0)
			return conf_scalar(NULL);
		pl_skip(pl);
		if (pl->end - pl->p >= 2 && memcmp(pl->p, "=>", 2) == 0)
			return conf_scalar(name);	/* bareword hash key */
		pl->p = save;
	}
	pl_fail(pl, "syntax error");
	return NULL;
}

/* A term; a NULL without a reported error can only be out of memory. */
static struct conf_value *pl_term(struct pl *pl)
{
	struct conf_value *v = pl_term1(pl);

	if (!v && !pl->rc)
		pl_oom(pl);
	return v;
}

/* term { . term }: string concatenation. */
static struct conf_value *pl_expr(struct pl *pl)
{
	struct conf_value *v = pl_term(pl);

	while (v && pl_accept(pl, ".")) {
		struct conf_value *r = pl_term(pl);
		struct sbuf b = { 0 };

		if (!r || v->type != CONF_SCALAR || r->type != CONF_SCALAR) {
			if (r)
				pl_fail(pl, "'.' needs two strings");
			conf_value_free(r);
			conf_value_free(v);
			return NULL;
		}
		sb_add(&b, v->str ? v->str : "", v->str ? strlen(v->str) : 0);
		sb_add(&b, r->str ? r->str : "", r->str ? strlen(r->str) : 0);
		conf_value_free(v);
		conf_value_free(r);
		v = b.oom ? NULL : conf_scalar(b.s ? b.s : "");
		flow_free(b.s);
		if (!v)
			pl_oom(pl);
	}
	return v;
}

/* elem { (,|=>) elem } [,|=>] close -- pushed onto arr in order. */
static int pl_list(struct pl *pl, char close, struct conf_value *arr)
{
	char cl[2] = { close, '\0' };

	for (;;) {
		struct conf_value *v;

		if (pl_accept(pl, cl))
			return 0;
		v = pl_expr(pl);
		if (!v)
			return -1;
		if (conf_array_push(arr, v))
			return pl_oom(pl);
		if (pl_accept(pl, cl))
			return 0;
		if (!pl_accept(pl, ",") && !pl_accept(pl, "=>"))
			return pl_fail(pl, "expected ',' or '=>'");
		while (pl_accept(pl, ","))
			;	/* Perl allows runs of commas */
	}
}

static int pl_set(struct pl *pl, const char *name, struct conf_value *v)
{
	if (!v)
		return pl_oom(pl);
	if (conf_hash_set(pl->root, name, v))
		return pl_oom(pl);
	return 0;
}

/* %NAME = ( list ) or @NAME = ( list ) */
static int pl_aggregate(struct pl *pl, char sigil, const char *name)
{
	struct conf_value *arr, *h;

	if (!pl_accept(pl, "="))
		return pl_fail(pl, "expected '='");
	if (!pl_accept(pl, "("))
		return pl_fail(pl, "expected '('");
	arr = conf_array();
	if (!arr)
		return pl_oom(pl);
	if (pl_list(pl, ')', arr) < 0) {
		conf_value_free(arr);
		return -1;
	}
	if (sigil == '@')
		return pl_set(pl, name, arr);
	h = pl_list_to_hash(pl, arr);
	conf_value_free(arr);
	return h ? pl_set(pl, name, h) : -1;
}

/* $NAME = expr  or  $NAME{key} = expr */
static int pl_scalar_assign(struct pl *pl, const char *name)
{
	struct conf_value *key = NULL, *h, *v;
	int rc;

	if (pl_accept(pl, "{")) {
		char word[128];
		const char *save;

		pl_skip(pl);
		save = pl->p;
		if (pl_word(pl, word, sizeof(word)) && (pl_skip(pl), pl->p < pl->end && *pl->p == '}'))
			key = conf_scalar(word);	/* $h{word}: a bareword key */
		else {
			pl->p = save;
			key = pl_expr(pl);
		}
		if (!key)
			return -1;
		if (key->type != CONF_SCALAR || !pl_accept(pl, "}")) {
			conf_value_free(key);
			return pl_fail(pl, "bad hash element");
		}
	}
	if (!pl_accept(pl, "=") || (pl->p < pl->end && (*pl->p == '=' || *pl->p == '~'))) {
		conf_value_free(key);
		return pl_fail(pl, "expected '='");
	}
	v = pl_expr(pl);
	if (!v || !key) {
		conf_value_free(key);
		return v ? pl_set(pl, name, v) : -1;
	}
	h = conf_hash_get(pl->root, name);
	if (!h || h->type != CONF_HASH) {
		if (pl_set(pl, name, conf_hash()) < 0) {
			conf_value_free(key);
			conf_value_free(v);
			return -1;
		}
		h = conf_hash_get(pl->root, name);
	}
	rc = conf_hash_set(h, key->str ? key->str : "", v);
	conf_value_free(key);
	return rc ? pl_oom(pl) : 0;
}

static int pl_statement(struct pl *pl)
{
	char name[128];
	char sigil;
	struct conf_value *v;

	if (pl_accept(pl, ";"))
		return 0;
	pl_skip(pl);
	sigil = *pl->p;
	if (sigil == '$' || sigil == '%' || sigil == '@') {
		pl->p++;
		if (!pl_word(pl, name, sizeof(name)))
			return pl_fail(pl, "bad variable name");
		if (sigil == '$' ? pl_scalar_assign(pl, name) < 0 :
		    pl_aggregate(pl, sigil, name) < 0)
			return -1;
	} else {
		/* a bare expression, in practice the final "1;" */
		v = pl_expr(pl);
		if (!v)
			return -1;
		conf_value_free(v);
	}
	pl_skip(pl);
	if (pl->p < pl->end && !pl_accept(pl, ";"))
		return pl_fail(pl, "expected ';'");
	return 0;
}

int conf_read_perl(struct conf_value *root, const struct conf_value *defaults,
		   const char *path, const char *text, size_t len, struct flow_err *err)
{
	struct pl pl = { text, text + len, path, 1, root, defaults, err, 0 };

	if (err)
		err->code = 0;
	for (;;) {
		pl_skip(&pl);
		if (pl.p >= pl.end)
			return 0;
		if (pl_statement(&pl) < 0)
			return pl.rc ? pl.rc : pl_oom(&pl);
	}
}
