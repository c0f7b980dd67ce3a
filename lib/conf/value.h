/*
 * value.h - the configuration tree both config readers produce.
 *
 * nfsen.conf (a Perl file) and sen.yaml hold the same things: scalars,
 * hashes with ordered keys, and arrays.  Both readers build this tree;
 * nfsen.c reads typed settings from it, and the YAML emitter writes it
 * back out, so `sen config-convert` is "read one, emit the other".
 *
 * Invariants:
 *  - scalars are strings (Perl and YAML both stringify on use); an
 *    undefined scalar (Perl undef, YAML ~) has str == NULL.
 *  - hash keys keep their order of definition; a repeated key replaces
 *    the value in place (Perl hash assignment semantics for lists).
 *  - a tree owns all its memory; conf_value_free frees a whole subtree.
 */
#ifndef FLOW_CONF_VALUE_H
#define FLOW_CONF_VALUE_H

#include <stddef.h>

enum conf_type { CONF_SCALAR, CONF_HASH, CONF_ARRAY };

struct conf_value;

struct conf_pair {
	char *key;
	struct conf_value *val;
};

struct conf_value {
	enum conf_type type;
	char *str;			/* CONF_SCALAR; NULL = undef */
	struct conf_pair *pairs;	/* CONF_HASH */
	struct conf_value **items;	/* CONF_ARRAY */
	size_t n, cap;
};

struct conf_value *conf_scalar(const char *s);	/* s may be NULL (undef) */
struct conf_value *conf_scalar_n(const char *s, size_t len);
struct conf_value *conf_hash(void);
struct conf_value *conf_array(void);
void conf_value_free(struct conf_value *v);

/* Deep copy (Perl copies a scalar's value on assignment). */
struct conf_value *conf_value_dup(const struct conf_value *v);

/*
 * Set key in hash h to val, taking ownership of val (freed on failure).
 * Returns 0, or -1 when out of memory.
 */
int conf_hash_set(struct conf_value *h, const char *key, struct conf_value *val);
/* Append val to array a, taking ownership.  0 or -1. */
int conf_array_push(struct conf_value *a, struct conf_value *val);

/* The value of key in hash h, or NULL (also when h is not a hash). */
struct conf_value *conf_hash_get(const struct conf_value *h, const char *key);
/* The string of scalar key in h, or NULL when absent, undef or not a scalar. */
const char *conf_hash_str(const struct conf_value *h, const char *key);

#endif
