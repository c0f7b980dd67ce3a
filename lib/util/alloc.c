#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <sys/mman.h>

#include "util/alloc.h"

#define HUGE_PAGE ((size_t)2 << 20)

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

#define BIG_MIN ((size_t)64 << 10)
#define PAGE ((size_t)4096)

static size_t big_round(size_t size)
{
	return (size + HUGE_PAGE - 1) & ~(HUGE_PAGE - 1);
}

/*
 * From 64 KB up the memory is mapped, not taken from the heap: a table
 * that doubles frees its old arrays, and freed heap memory stays in the
 * process (malloc raises its mapping threshold to each freed mapping),
 * which a million-key statistic paid with 2 MB of its RSS goal.
 */
void *flow_calloc_big(size_t size)
{
	size_t len, head;
	uint8_t *m;

	if (size < BIG_MIN)
		return flow_calloc(1, size);
	if (should_fail() || size > SIZE_MAX - 2 * HUGE_PAGE)
		return NULL;
	if (size < HUGE_PAGE) {
		m = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		return m == MAP_FAILED ? NULL : m;
	}
	len = big_round(size);
	/* one huge page more, to cut an aligned run out of it */
	m = mmap(NULL, len + HUGE_PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (m == MAP_FAILED)
		return NULL;
	head = (HUGE_PAGE - (uintptr_t)m % HUGE_PAGE) % HUGE_PAGE;
	if (head)
		munmap(m, head);
	munmap(m + head + len, HUGE_PAGE - head);
#ifdef MADV_HUGEPAGE
	madvise(m + head, len, MADV_HUGEPAGE);	/* advice: failure is harmless */
#endif
	return m + head;
}

void flow_free_big(void *p, size_t size)
{
	if (!p)
		return;
	if (size < BIG_MIN)
		free(p);
	else if (size < HUGE_PAGE)
		munmap(p, (size + PAGE - 1) & ~(PAGE - 1));
	else
		munmap(p, big_round(size));
}

int flow_region_init(struct flow_region *r, size_t size)
{
	size_t len = big_round(size), head;
	uint8_t *m;

	r->base = NULL;
	r->size = r->used = 0;
	if (should_fail() || size == 0 || size > SIZE_MAX / 2)
		return -1;
	m = mmap(NULL, len + HUGE_PAGE, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (m == MAP_FAILED)
		return -1;
	head = (HUGE_PAGE - (uintptr_t)m % HUGE_PAGE) % HUGE_PAGE;
	if (head)
		munmap(m, head);
	munmap(m + head + len, HUGE_PAGE - head);
#ifdef MADV_HUGEPAGE
	madvise(m + head, len, MADV_HUGEPAGE);
#endif
	r->base = m + head;
	r->size = len;
	return 0;
}

void *flow_region_take(struct flow_region *r, size_t n)
{
	void *p;

	n = (n + 63) & ~(size_t)63;	/* pieces start on cache lines */
	if (!r->base || n > r->size - r->used || should_fail())
		return NULL;
	p = r->base + r->used;
	r->used += n;
	return p;
}

int flow_region_owns(const struct flow_region *r, const void *p)
{
	const unsigned char *c = p;

	return r->base && c >= r->base && c < r->base + r->size;
}

void flow_region_release(struct flow_region *r)
{
	if (r->base)
		munmap(r->base, r->size);
	r->base = NULL;
	r->size = r->used = 0;
}
