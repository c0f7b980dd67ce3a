#include <stdlib.h>
#include <string.h>

#include "util/alloc.h"

/*
 * Only tests set the failure point, before starting work; the counter is
 * atomic because worker threads allocate concurrently.
 */
static long fail_at;
static long count;
static int fail_sticky;

static int should_fail(void)
{
	long n = __atomic_add_fetch(&count, 1, __ATOMIC_RELAXED);

	if (fail_at == 0)
		return 0;
	if (n == fail_at)
		return 1;
	return fail_sticky && n > fail_at;
}

long flow_alloc_fail_at(long n, int sticky)
{
	long made = count;

	fail_at = n;
	fail_sticky = sticky;
	count = 0;
	return made;
}

void *flow_malloc(size_t size)
{
	return should_fail() ? NULL : malloc(size ? size : 1);
}

void *flow_calloc(size_t n, size_t size)
{
	return should_fail() ? NULL : calloc(n ? n : 1, size ? size : 1);
}

void *flow_realloc(void *p, size_t size)
{
	return should_fail() ? NULL : realloc(p, size ? size : 1);
}

char *flow_strdup(const char *s)
{
	size_t n = strlen(s) + 1;
	char *d = flow_malloc(n);

	if (d)
		memcpy(d, s, n);
	return d;
}

void flow_free(void *p)
{
	free(p);
}
