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
 * Test hook: the n-th allocation from now (1 = the next one) fails, and so
 * do all after it when sticky is set; n = 0 disables.  Returns the number
 * of allocations made since the previous call.
 */
long flow_alloc_fail_at(long n, int sticky);

#endif
