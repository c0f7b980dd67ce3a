/*
 * alloc.h - the one allocation wrapper of libflow.
 *
 * Every allocation in lib/ goes through these functions so that tests can
 * make the Nth allocation fail (flow_alloc_fail_at) and check that each
 * caller returns FLOW_ENOMEM cleanly and leaks nothing - the torture test
 * curl and SQLite run.  They behave exactly like malloc/calloc/realloc/
 * free/strdup otherwise; a failure returns NULL and never aborts.
 */
#ifndef FLOW_UTIL_ALLOC_H
#define FLOW_UTIL_ALLOC_H

#include <stddef.h>

void *flow_malloc(size_t size);
void *flow_calloc(size_t n, size_t size);
void *flow_realloc(void *p, size_t size);
char *flow_strdup(const char *s);
void flow_free(void *p);

/*
 * Zeroed memory for large tables probed at random (statistics, hash
 * slots): from 2 MB up it is mapped on huge-page boundaries and offered
 * to transparent huge pages, so that a probe costs a cache miss and not
 * also a page walk.  Free it with flow_free_big and the same size.
 */
void *flow_calloc_big(size_t size);
void flow_free_big(void *p, size_t size);

/*
 * A run of address space handed out front to back, for tables that grow
 * by chunks and are probed at random: reserved, not committed (a page
 * counts when first written), offered to transparent huge pages, and
 * never moved, so chunks taken from it keep their addresses.  Where the
 * reservation is refused (strict overcommit, ulimit -v) init fails and
 * the caller uses the heap.
 */
struct flow_region {
	unsigned char *base;
	size_t size, used;
};
int flow_region_init(struct flow_region *r, size_t size);
/* n bytes (zeroed) from the front of what is left; NULL when full. */
void *flow_region_take(struct flow_region *r, size_t n);
int flow_region_owns(const struct flow_region *r, const void *p);
/* Unmap it all; r is empty (and may be initialised again) after. */
void flow_region_release(struct flow_region *r);

/*
 * Test hook: the n-th allocation from now (1 = the next one) fails, and so
 * do all after it when sticky is set; n = 0 disables.  Returns the number
 * of allocations made since the previous call.
 */
long flow_alloc_fail_at(long n, int sticky);

#endif
