/*
 * nfgen.h - what the parts of the nfgen test tool share: options, the
 * seeded random source, and the generator state a record is made from.
 * nfgen.c writes files, nfgen_rand.c is the random source, nfgen_fill.c
 * fills one V3 element with random values.
 */
#ifndef TESTS_TOOLS_NFGEN_H
#define TESTS_TOOLS_NFGEN_H

#include <stddef.h>
#include <stdint.h>

#include "record/record.h"
#include "record/stat.h"

#define MAX_EXPORTERS 255
#define VAR_MAX 256		/* longest variable-length part generated */
#define T0_MSEC 1700000000000ULL	/* 2023-11-14 22:13:20 UTC */

enum gen_mix { MIX_ALL, MIX_V5 };

struct gen_opts {
	uint64_t count, seed;
	int codec, level;
	int compat171;
	int exporter_stat;	/* append a type-8 record (as nfcapd) */
	unsigned ipv6_pct;
	unsigned density;	/* % chance of each optional element */
	unsigned exporters;
	unsigned src_pool;	/* v5 mix: source hosts in 10.0.0.0/8 */
	enum gen_mix mix;
	const char *path;
	const char *ident;
};

/* splitmix64: tiny, fast, good enough, and the same on every platform. */
struct rng {
	uint64_t s;
};

struct gen {
	struct rng rng;
	const struct gen_opts *o;
	struct flow_exporter_info exp[MAX_EXPORTERS];
	const struct flow_exporter_info *cur;	/* exporter of this record */
	uint64_t exp_flows[MAX_EXPORTERS];	/* records per exporter */
	uint64_t index;				/* record number */
	/* backing store of the variable-length parts of one record */
	uint8_t var[EX_MAX][VAR_MAX + 8];
};

uint64_t rng_next(struct rng *r);
uint64_t rng_below(struct rng *r, uint64_t n);
int rng_pct(struct rng *r, unsigned pct);
uint64_t rng_val(struct rng *r, unsigned bits);
void rng_bytes(struct rng *r, uint8_t *p, size_t n);
void rng_string(struct rng *r, char *p, size_t n);
void rnd_ip6(struct gen *g, struct flow_ip6 *a);
uint32_t rnd_ip4(struct gen *g);
struct flow_bytes var_bytes(struct gen *g, unsigned id, size_t n);
struct flow_bytes var_string(struct gen *g, unsigned id, size_t max);

/* Fill element id of r with random values (ids 1..EX_MAX-1). */
void nfgen_fill(struct gen *g, struct flow_record *r, unsigned id);

#endif
