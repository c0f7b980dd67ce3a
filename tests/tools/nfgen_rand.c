/* nfgen_rand.c - the seeded random source of nfgen and its value helpers. */
#include <string.h>

#include "nfgen.h"
#include "util/banned.h"

uint64_t rng_next(struct rng *r)
{
	uint64_t z = (r->s += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* Uniform in [0, n); n > 0.  The modulo bias is irrelevant here. */
uint64_t rng_below(struct rng *r, uint64_t n)
{
	return rng_next(r) % n;
}

int rng_pct(struct rng *r, unsigned pct)
{
	return rng_below(r, 100) < pct;
}

/*
 * A value of the given width in bits, biased towards the edges printers
 * and filters get wrong: 0, 1, all ones, small numbers.
 */
uint64_t rng_val(struct rng *r, unsigned bits)
{
	uint64_t mask = bits >= 64 ? UINT64_MAX : (1ULL << bits) - 1;

	switch (rng_below(r, 8)) {
	case 0:
		return 0;
	case 1:
		return 1;
	case 2:
		return mask;
	case 3:
	case 4:
		return rng_below(r, 1000) & mask;
	default:
		return rng_next(r) & mask;
	}
}

void rng_bytes(struct rng *r, uint8_t *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		p[i] = (uint8_t)rng_next(r);
}

/* n printable characters, then NUL (p has room for n + 1). */
void rng_string(struct rng *r, char *p, size_t n)
{
	static const char set[] =
		"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.";

	for (size_t i = 0; i < n; i++)
		p[i] = set[rng_below(r, sizeof(set) - 1)];
	p[n] = '\0';
}

void rnd_ip6(struct gen *g, struct flow_ip6 *a)
{
	a->hi = 0x20010db800000000ULL | rng_val(&g->rng, 32);
	a->lo = rng_val(&g->rng, 64);
}

uint32_t rnd_ip4(struct gen *g)
{
	return (uint32_t)rng_val(&g->rng, 32);
}

/* Point a flow_bytes at n bytes of g->var[id]. */
struct flow_bytes var_bytes(struct gen *g, unsigned id, size_t n)
{
	rng_bytes(&g->rng, g->var[id], n);
	return (struct flow_bytes){ g->var[id], (uint16_t)n };
}

/* A NUL-terminated string of 0..max characters in g->var[id]. */
struct flow_bytes var_string(struct gen *g, unsigned id, size_t max)
{
	size_t n = rng_below(&g->rng, max + 1);

	rng_string(&g->rng, (char *)g->var[id], n);
	return (struct flow_bytes){ g->var[id], (uint16_t)(n + 1) };
}
