/*
 * value.c - the configuration tree (value.h).
 */
#include <string.h>

#include "conf/value.h"
#include "util/alloc.h"

static struct conf_value *conf_new(enum conf_type t)
{
	struct conf_value *v = flow_calloc(1, sizeof(*v));

	if (v)
		v->type = t;
	return v;
}

struct conf_value *conf_scalar_n(const char *s, size_t len)
{
	struct conf_value *v = conf_new(CONF_SCALAR);

	if (!v || !s)
		return v;
	v->str = flow_malloc(len + 1);
	if (!v->str) {
		flow_free(v);
		return NULL;
	}
	memcpy(v->str, s, len);
	v->str[len] = '\0';
	return v;
}

struct conf_value *conf_scalar(const char *s)
{
	return conf_scalar_n(s, s ? strlen(s) : 0);
}

struct conf_value *conf_hash(void)
{
	return conf_new(CONF_HASH);
}

struct conf_value *conf_array(void)
{
	return conf_new(CONF_ARRAY);
}

void conf_value_free(struct conf_value *v)
{
	size_t i;

	if (!v)
		return;
	for (i = 0; i < v->n; i++) {
		if (v->type == CONF_HASH) {
			flow_free(v->pairs[i].key);
			conf_value_free(v->pairs[i].val);
		} else if (v->type == CONF_ARRAY) {
			conf_value_free(v->items[i]);
		}
	}
	flow_free(v->pairs);
	flow_free(v->items);
	flow_free(v->str);
	flow_free(v);
}

struct conf_value *conf_value_dup(const struct conf_value *v)
{
	struct conf_value *d;
	size_t i;
	int rc = 0;

	if (v->type == CONF_SCALAR)
		return conf_scalar(v->str);
	d = conf_new(v->type);
	if (!d)
		return NULL;
	for (i = 0; i < v->n && rc == 0; i++) {
		if (v->type == CONF_HASH)
			rc = conf_hash_set(d, v->pairs[i].key, conf_value_dup(v->pairs[i].val));
		else
			rc = conf_array_push(d, conf_value_dup(v->items[i]));
	}
	if (rc) {
		conf_value_free(d);
		return NULL;
	}
	return d;
}

/* Make room for one more entry; sz is the entry size. */
static int conf_grow(struct conf_value *c, void **arr, size_t sz)
{
	size_t cap;
	void *p;

	if (c->n < c->cap)
		return 0;
	cap = c->cap ? c->cap * 2 : 8;
	p = flow_realloc(*arr, cap * sz);
	if (!p)
		return -1;
	*arr = p;
	c->cap = cap;
	return 0;
}

int conf_hash_set(struct conf_value *h, const char *key, struct conf_value *val)
{
	size_t i;
	char *k;

	if (!val)
		return -1;
	for (i = 0; i < h->n; i++) {
		if (strcmp(h->pairs[i].key, key) == 0) {
			conf_value_free(h->pairs[i].val);
			h->pairs[i].val = val;
			return 0;
		}
	}
	k = flow_strdup(key);
	if (!k || conf_grow(h, (void **)&h->pairs, sizeof(*h->pairs))) {
		flow_free(k);
		conf_value_free(val);
		return -1;
	}
	h->pairs[h->n].key = k;
	h->pairs[h->n].val = val;
	h->n++;
	return 0;
}

int conf_array_push(struct conf_value *a, struct conf_value *val)
{
	if (!val)
		return -1;
	if (conf_grow(a, (void **)&a->items, sizeof(*a->items))) {
		conf_value_free(val);
		return -1;
	}
	a->items[a->n++] = val;
	return 0;
}

struct conf_value *conf_hash_get(const struct conf_value *h, const char *key)
{
	size_t i;

	if (!h || h->type != CONF_HASH)
		return NULL;
	for (i = 0; i < h->n; i++)
		if (strcmp(h->pairs[i].key, key) == 0)
			return h->pairs[i].val;
	return NULL;
}

const char *conf_hash_str(const struct conf_value *h, const char *key)
{
	const struct conf_value *v = conf_hash_get(h, key);

	return v && v->type == CONF_SCALAR ? v->str : NULL;
}
