/*
 * lexer.c - split a filter expression into tokens (cli.md §2.1).
 *
 * The whole expression is tokenised up front so that the parser can look
 * ahead freely (`src or dst ip` versus `src ip X or ...`).  Tokens point
 * into the expression or into the @include files kept in struct ftoks;
 * nothing is copied.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "filter/filter_int.h"
#include "util/alloc.h"

static int word_char(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '_' || c == ':' || c == '.' || c == '-';
}

static int push(struct ftoks *t, const struct ftok *tok)
{
	if (t->n == t->cap) {
		size_t ncap = t->cap ? t->cap * 2 : 16;
		struct ftok *v = flow_realloc(t->v, ncap * sizeof(*v));

		if (!v)
			return -1;
		t->v = v;
		t->cap = ncap;
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

#define MAX_INCLUDE_DEPTH 10
#define MAX_INCLUDE_SIZE (1 << 20)

static int lex_text(struct ftoks *out, const char *expr, int depth, struct flow_err *err);

/* Read a whole file into a NUL-terminated buffer kept in out->files. */
static int read_include(struct ftoks *out, const char *path, char **text, struct flow_err *err)
{
	FILE *fp = fopen(path, "r");
	char *buf, **files;
	size_t n;

	if (!fp)
		return flow_errorf(err, FLOW_EIO, "Failed to open include file '%s': %s", path,
				   strerror(errno));
	files = flow_realloc(out->files, (out->n_files + 1) * sizeof(*files));
	buf = files ? flow_malloc(MAX_INCLUDE_SIZE + 1) : NULL;
	if (files)
		out->files = files;
	if (!buf) {
		fclose(fp);
		return flow_errorf(err, FLOW_ENOMEM, "filter: out of memory");
	}
	n = fread(buf, 1, MAX_INCLUDE_SIZE + 1, fp);
	fclose(fp);
	out->files[out->n_files++] = buf;
	if (n > MAX_INCLUDE_SIZE)
		return flow_errorf(err, FLOW_EINVAL, "Include file '%s' too large", path);
	buf[n] = '\0';
	*text = buf;
	return 0;
}

/* `@include PATH` at p (the '@'); tokenises the file and returns the end. */
static const char *lex_include(struct ftoks *out, const char *p, unsigned line, int depth,
			       struct flow_err *err, int *rc)
{
	char path[4096], *text = NULL;
	size_t n = 0;

	if (strncmp(p, "@include", 8) != 0) {
		*rc = flow_errorf(err, FLOW_EINVAL, "filter line %u: syntax error at '@'", line);
		return p;
	}
	p += 8;
	while (*p == ' ' || *p == '\t')
		p++;
	while (*p && *p != ' ' && *p != '\t' && *p != '\n' && *p != '\r' && n < sizeof(path) - 1)
		path[n++] = *p++;
	path[n] = '\0';
	if (!n) {
		*rc = flow_errorf(err, FLOW_EINVAL, "filter line %u: include file name expected", line);
		return p;
	}
	if (depth >= MAX_INCLUDE_DEPTH) {
		*rc = flow_errorf(err, FLOW_EINVAL, "Includes nested too deeply");
		return p;
	}
	*rc = read_include(out, path, &text, err);
	if (!*rc)
		*rc = lex_text(out, text, depth + 1, err);
	return p;
}

static int lex_text(struct ftoks *out, const char *expr, int depth, struct flow_err *err)
{
	unsigned line = 1;
	const char *bol = expr, *p = expr;
	struct ftok tok;
	int rc = 0;

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
			if (!depth) {
				out->end_line = line;
				out->end_col = tok.col;
			}
			return 0;
		}
		if (*p == '@') {
			p = lex_include(out, p, line, depth, err, &rc);
			if (rc)
				return rc;
			continue;
		}
		if (*p == '"' || *p == '\'') {
			const char *e = strchr(p + 1, *p);

			if (!e)
				return flow_errorf(err, FLOW_EINVAL,
						   "filter line %u col %u: unterminated quote", line,
						   tok.col);
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
			return flow_errorf(err, FLOW_EINVAL, "filter line %u col %u: syntax error at '%c'",
					   line, tok.col, *p);
		}
		if (push(out, &tok))
			return flow_errorf(err, FLOW_ENOMEM, "filter: out of memory");
	}
}

void flt_toks_free(struct ftoks *t)
{
	for (size_t i = 0; i < t->n_files; i++)
		flow_free(t->files[i]);
	flow_free(t->files);
	flow_free(t->v);
	memset(t, 0, sizeof(*t));
}

int flt_lex(struct ftoks *out, const char *expr, struct flow_err *err)
{
	struct ftok end = { .kind = TK_END, .line = 1, .col = 1, .s = "" };
	int rc;

	memset(out, 0, sizeof(*out));
	rc = lex_text(out, expr, 0, err);
	end.line = out->end_line;
	end.col = out->end_col;
	if (!rc && push(out, &end))
		rc = flow_errorf(err, FLOW_ENOMEM, "filter: out of memory");
	if (rc)
		flt_toks_free(out);
	return rc;
}
