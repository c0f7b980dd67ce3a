/*
 * lexer.c - split a filter expression into tokens (cli.md §2.1).
 *
 * The whole expression is tokenised up front so that the parser can look
 * ahead freely (`src or dst ip` versus `src ip X or ...`).  Tokens point
 * into the expression; nothing is copied.
 */
#include <string.h>

#include "filter/filter_int.h"
#include "util/alloc.h"

static int word_char(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '_' || c == ':' || c == '.' || c == '-';
}

static int push(struct ftoks *t, size_t *cap, const struct ftok *tok)
{
	if (t->n == *cap) {
		size_t ncap = *cap ? *cap * 2 : 16;
		struct ftok *v = flow_realloc(t->v, ncap * sizeof(*v));

		if (!v)
			return -1;
		t->v = v;
		*cap = ncap;
	}
	t->v[t->n++] = *tok;
	return 0;
}

/* One operator or punctuation token at p; returns its length, 0 if none. */
static size_t lex_op(const char *p, struct ftok *tok)
{
	static const struct { const char *s; enum ftok_kind k; enum fcmp c; } ops[] = {
		{ "==", TK_CMP, CMP_EQ }, { ">=", TK_CMP, CMP_GE }, { "<=", TK_CMP, CMP_LE },
		{ "&&", TK_AND, CMP_EQ }, { "||", TK_OR, CMP_EQ }, { "=", TK_CMP, CMP_EQ },
		{ ">", TK_CMP, CMP_GT }, { "<", TK_CMP, CMP_LT }, { "!", TK_NOT, CMP_EQ },
		{ "(", TK_LPAREN, CMP_EQ }, { ")", TK_RPAREN, CMP_EQ }, { "[", TK_LBRACK, CMP_EQ },
		{ "]", TK_RBRACK, CMP_EQ }, { ",", TK_COMMA, CMP_EQ }, { "/", TK_SLASH, CMP_EQ },
		{ "%", TK_PCT, CMP_EQ },
	};

	for (size_t i = 0; i < sizeof(ops) / sizeof(ops[0]); i++) {
		size_t n = strlen(ops[i].s);

		if (strncmp(p, ops[i].s, n) == 0) {
			tok->kind = ops[i].k;
			tok->cmp = ops[i].c;
			return n;
		}
	}
	return 0;
}

int flt_lex(struct ftoks *out, const char *expr, struct flow_err *err)
{
	size_t cap = 0;
	unsigned line = 1;
	const char *bol = expr, *p = expr;
	struct ftok tok;

	out->v = NULL;
	out->n = 0;
	for (;;) {
		while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n' || *p == '#') {
			if (*p == '#')
				while (*p && *p != '\n')
					p++;
			else if (*p++ == '\n') {
				line++;
				bol = p;
			}
		}
		memset(&tok, 0, sizeof(tok));
		tok.line = line;
		tok.col = (unsigned)(p - bol) + 1;
		tok.s = p;
		if (!*p) {
			tok.kind = TK_END;
			if (push(out, &cap, &tok))
				goto nomem;
			return 0;
		}
		if (*p == '"' || *p == '\'') {
			const char *e = strchr(p + 1, *p);

			if (!e) {
				flow_errorf(err, FLOW_EINVAL, "filter line %u col %u: unterminated quote",
					    line, tok.col);
				goto fail;
			}
			tok.kind = TK_WORD;
			tok.quoted = 1;
			tok.s = p + 1;
			tok.len = (size_t)(e - p - 1);
			p = e + 1;
		} else if (word_char((unsigned char)*p)) {
			tok.kind = TK_WORD;
			while (word_char((unsigned char)*p))
				p++;
			tok.len = (size_t)(p - tok.s);
		} else if ((tok.len = lex_op(p, &tok)) > 0) {
			p += tok.len;
		} else {
			flow_errorf(err, FLOW_EINVAL, "filter line %u col %u: syntax error at '%c'",
				    line, tok.col, *p);
			goto fail;
		}
		if (push(out, &cap, &tok))
			goto nomem;
	}
nomem:
	flow_errorf(err, FLOW_ENOMEM, "filter: out of memory");
	flow_free(out->v);
	out->v = NULL;
	return FLOW_ENOMEM;
fail:
	flow_free(out->v);
	out->v = NULL;
	return FLOW_EINVAL;
}
