/*
 * Unit tests for lib/profile/handoff.c: every byte the producer commits
 * reaches the consumer once, in order, with a consumer thread and
 * without; a slow consumer makes the producer wait (the ring stays
 * bounded); reservations are aligned and larger-than-chunk ones refused.
 */
#include <string.h>
#include <time.h>

#include "profile/handoff.h"
#include "testutil.h"

struct sink {
	uint32_t next;		/* the value the next entry must carry */
	size_t chunks, bytes;
	int slow;
};

/* Entries are u32 value, u32 length, then length bytes of (value & 0xff). */
static void take(void *ctx, const uint8_t *d, size_t n)
{
	struct sink *k = ctx;
	size_t off = 0;

	k->chunks++;
	k->bytes += n;
	while (off < n) {
		uint32_t v, len;

		memcpy(&v, d + off, 4);
		memcpy(&len, d + off + 4, 4);
		if (v != k->next)
			ck_abort_msg("entry %u where %u was due", v, k->next);
		for (uint32_t i = 0; i < len; i++)
			if (d[off + 8 + i] != (v & 0xff))
				ck_abort_msg("entry %u: byte %u is %u", v, i, d[off + 8 + i]);
		k->next++;
		off += (8 + len + 7) & ~(size_t)7;
	}
	if (k->slow) {
		struct timespec ts = { 0, 200000 };

		nanosleep(&ts, NULL);
	}
}

static void stream(int threaded, int slow)
{
	struct handoff *h;
	struct flow_err err = { 0 };
	struct sink k = { 0, 0, 0, slow };
	const uint32_t n = 20000;

	ck_assert_int_eq(handoff_new(&h, 3, 4096, threaded, take, &k, &err), 0);
	ck_assert_ptr_null(handoff_reserve(h, 4097));
	for (uint32_t v = 0; v < n; v++) {
		uint32_t len = (v * 37) % 300;
		uint8_t *p = handoff_reserve(h, 8 + len);

		if (!p || (uintptr_t)p % 8)
			ck_abort_msg("reservation %u: %p", v, (void *)p);
		memcpy(p, &v, 4);
		memcpy(p + 4, &len, 4);
		memset(p + 8, (int)(v & 0xff), len);
		handoff_commit(h, 8 + len);
	}
	handoff_finish(h);
	ck_assert_uint_eq(k.next, n);
	ck_assert_uint_gt(k.chunks, 100);
	handoff_free(h);
}

START_TEST(test_threaded)
{
	stream(1, 0);
}
END_TEST

START_TEST(test_threaded_slow_consumer)
{
	stream(1, 1);
}
END_TEST

START_TEST(test_inline)
{
	stream(0, 0);
}
END_TEST

START_TEST(test_empty)
{
	struct handoff *h;
	struct flow_err err = { 0 };
	struct sink k = { 0, 0, 0, 0 };

	ck_assert_int_eq(handoff_new(&h, 2, 1024, 1, take, &k, &err), 0);
	handoff_finish(h);
	handoff_free(h);
	ck_assert_uint_eq(k.chunks, 0);
	/* freed without finish: the thread is still stopped and joined */
	ck_assert_int_eq(handoff_new(&h, 2, 1024, 1, take, &k, &err), 0);
	handoff_free(h);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("handoff");
	TCase *tc = tcase_create("core");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_threaded);
	tcase_add_test(tc, test_threaded_slow_consumer);
	tcase_add_test(tc, test_inline);
	tcase_add_test(tc, test_empty);
	suite_add_tcase(s, tc);
	return tu_run(s) ? EXIT_FAILURE : EXIT_SUCCESS;
}
