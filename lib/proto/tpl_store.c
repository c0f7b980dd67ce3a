/*
 * tpl_store.c - the templates of one exporter (one v9 source id or IPFIX
 * observation domain): an open-addressing hash on the template id,
 * bounded to `max` templates.  An exporter announcing more loses its
 * least recently used template (counted by the caller), so a hostile or
 * broken exporter cannot grow memory without bound.
 *
 * Deletion shifts the following cluster back (linear probing without
 * tombstones), so lookups never degrade after template churn.
 */
#include <string.h>

#include "proto/tpl_int.h"
#include "util/alloc.h"
#include "util/banned.h"

struct tpl_store {
	struct tpl **slot;
	unsigned nslots;	/* power of two, > 2 * count */
	unsigned count, max;
	uint64_t tick;
	struct tpl *last;	/* last hit: data sets come in runs */
};

struct tpl_store *tpl_store_new(unsigned max)
{
	struct tpl_store *s = flow_calloc(1, sizeof(*s));

	if (!s)
		return NULL;
	s->max = max ? max : 1024;
	return s;
}

void tpl_store_free(struct tpl_store *s)
{
	if (!s)
		return;
	for (unsigned i = 0; i < s->nslots; i++)
		tpl_free(s->slot[i]);
	flow_free(s->slot);
	flow_free(s);
}

static unsigned home(const struct tpl_store *s, uint16_t id)
{
	return (uint32_t)(id * 40503u) & (s->nslots - 1);
}

static unsigned find_slot(const struct tpl_store *s, uint16_t id)
{
	unsigned i = home(s, id);

	while (s->slot[i] && s->slot[i]->id != id)
		i = (i + 1) & (s->nslots - 1);
	return i;
}

struct tpl *tpl_store_get(struct tpl_store *s, uint16_t id)
{
	struct tpl *t;

	if (s->last && s->last->id == id) {
		t = s->last;
	} else {
		if (!s->count)
			return NULL;
		t = s->slot[find_slot(s, id)];
		if (!t)
			return NULL;
		s->last = t;
	}
	t->last_use = ++s->tick;
	return t;
}

/* Remove the template in slot i and close the gap it leaves. */
static void remove_at(struct tpl_store *s, unsigned i)
{
	unsigned mask = s->nslots - 1;

	if (s->last == s->slot[i])
		s->last = NULL;
	tpl_free(s->slot[i]);
	s->slot[i] = NULL;
	s->count--;
	for (unsigned j = (i + 1) & mask; s->slot[j]; j = (j + 1) & mask) {
		unsigned h = home(s, s->slot[j]->id);
		int stays = i <= j ? (i < h && h <= j) : (i < h || h <= j);

		/* j may fill the hole unless its home lies cyclically in (i, j] */
		if (!stays) {
			s->slot[i] = s->slot[j];
			s->slot[j] = NULL;
			i = j;
		}
	}
}

void tpl_store_remove(struct tpl_store *s, uint16_t id)
{
	if (!s->count)
		return;
	unsigned i = find_slot(s, id);

	if (s->slot[i])
		remove_at(s, i);
}

void tpl_store_remove_kind(struct tpl_store *s, unsigned kind)
{
	/* restart after each removal: the shift may move a later entry back */
	for (unsigned i = 0; i < s->nslots;) {
		if (s->slot[i] && s->slot[i]->kind == kind)
			remove_at(s, i);
		else
			i++;
	}
}

unsigned tpl_store_count(const struct tpl_store *s)
{
	return s->count;
}

static int grow(struct tpl_store *s)
{
	unsigned ns = s->nslots ? s->nslots * 2 : 16;
	struct tpl **old = s->slot;
	unsigned on = s->nslots;

	s->slot = flow_calloc(ns, sizeof(*s->slot));
	if (!s->slot) {
		s->slot = old;
		return -1;
	}
	s->nslots = ns;
	for (unsigned i = 0; i < on; i++)
		if (old[i])
			s->slot[find_slot(s, old[i]->id)] = old[i];
	flow_free(old);
	return 0;
}

static void evict_lru(struct tpl_store *s)
{
	unsigned victim = 0;
	uint64_t oldest = UINT64_MAX;

	for (unsigned i = 0; i < s->nslots; i++)
		if (s->slot[i] && s->slot[i]->last_use < oldest) {
			oldest = s->slot[i]->last_use;
			victim = i;
		}
	remove_at(s, victim);
}

int tpl_store_add(struct tpl_store *s, struct tpl *t, struct flow_err *err)
{
	int evicted = 0;

	tpl_store_remove(s, t->id);
	if (s->count >= s->max) {
		evict_lru(s);
		evicted = 1;
	}
	if ((s->count + 1) * 2 > s->nslots && grow(s)) {
		unsigned id = t->id;

		tpl_free(t);
		return flow_errorf(err, FLOW_ENOMEM, "no memory for template %u", id);
	}
	t->last_use = ++s->tick;
	s->slot[find_slot(s, t->id)] = t;
	s->count++;
	return evicted;
}

struct tpl_store *tpl_store_of(struct flow_decoder *dec, struct flow_decoder_exporter *e)
{
	struct dec_exporter *x = dec_exp(e);

	if (!x->tpl)
		x->tpl = tpl_store_new(dec->cfg.max_templates);
	return x->tpl;
}
