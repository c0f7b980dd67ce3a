/*
 * Unit tests for lib/filter/filterset.c: a filter set must select exactly
 * what flow_filter_match selects with each filter on its own, for table
 * filters (port, proto, lists, ORs of them), filters it evaluates one by
 * one, everything-filters, and more than 64 filters; and the zone1
 * profile's filters must all be table lookups (the point of the set).
 */
#include <string.h>

#include "filter/filter.h"
#include "testutil.h"
#include "util/alloc.h"

#define BIT(x) (1ULL << (x))

static const char *const exprs[] = {
	"proto icmp", "port 19", "port 80", "port 443", "port 0", "port 65535",
	"src port 53", "dst port 53", "port 53 or port 123", "proto udp or port 80",
	"port in [ 22 80 8080 ]", "src port in [ 1 2 3 443 ]", "proto 58", "proto tcp",
	"icmp-type 8", "icmp-code 0", "port 80 and proto tcp", "not port 80",
	"ip 10.0.0.1", "port > 1024", "tos 5", "dst tos 8", "any", "", "# only a comment",
	"port 80 or any", "ipv6", "ipv4 and port 53", "proto icmp or proto icmp6",
	"port 80 or ip 10.0.0.1", "(port 21 or port 22) or (proto 47 or port 3389)",
	"src port 80 or dst port 443", "engine-type 1", "sysid 2", "if 3", "flags S",
	"net 10.0.0.0/8 or port 6681", "port 6682", "dst port in [ 53 ]", NULL,
};
#define NEXPR (sizeof(exprs) / sizeof(exprs[0]))

static const uint16_t ports[] = { 0, 1, 2, 19, 21, 22, 53, 80, 123, 443, 1025, 2048, 3389,
				  6681, 6682, 8080, 65535 };
static const uint8_t protos[] = { 1, 6, 17, 47, 58 };

static uint32_t rnd(uint32_t *s)
{
	*s = *s * 1103515245u + 12345u;
	return *s >> 8;
}

static void random_record(struct flow_record *r, uint32_t *seed)
{
	memset(r, 0, sizeof(*r));
	r->present = BIT(EX_GENERIC) | BIT(EX_MISC);
	if (rnd(seed) % 4 == 0) {
		r->present |= BIT(EX_IPV6);
		r->ipv6.dst.lo = rnd(seed) % 3;
	} else {
		r->present |= BIT(EX_IPV4);
		r->ipv4.dst = rnd(seed) % 2 ? 0x0a000001 : 0xc0a80001;
		r->ipv4.src = rnd(seed) % 2 ? 0x0a000001 : 0xc0a80001;
	}
	r->generic.src_port = ports[rnd(seed) % (sizeof(ports) / sizeof(ports[0]))];
	r->generic.dst_port = rnd(seed) % 8 ? ports[rnd(seed) % (sizeof(ports) / sizeof(ports[0]))]
					    : (uint16_t)(8 * 256);
	r->generic.proto = protos[rnd(seed) % sizeof(protos)];
	r->generic.src_tos = (uint8_t)(rnd(seed) % 8);
	r->generic.tcp_flags = (uint8_t)(rnd(seed) % 64);
	r->misc.dst_tos = (uint8_t)(rnd(seed) % 10);
	r->misc.input = rnd(seed) % 5;
	r->engine_type = (uint8_t)(rnd(seed) % 3);
	r->exporter_sysid = (uint16_t)(rnd(seed) % 3);
}

/* Filter i of the set is exprs[i % NEXPR]; n of them. */
static void check_set(size_t n, int records)
{
	struct flow_filter *f[NEXPR];
	const struct flow_filter **v = calloc(n + 1, sizeof(*v));
	struct flow_filter_set *set;
	struct flow_err err = { 0 };
	struct flow_record r;
	uint64_t hits[8];
	uint32_t seed = 7;
	size_t i, hit_total = 0;

	ck_assert(v != NULL);
	for (i = 0; i < NEXPR; i++)
		if (!exprs[i])
			f[i] = NULL;
		else
			ck_assert_msg(flow_filter_compile(&f[i], exprs[i], &err) == 0, "%s: %s",
				      exprs[i], err.msg);
	for (i = 0; i < n; i++)
		v[i] = f[i % NEXPR];
	ck_assert_int_eq(flow_filter_set_build(&set, v, n, &err), 0);
	ck_assert_uint_eq(flow_filter_set_words(set), n ? (n + 63) / 64 : 1);
	for (int k = 0; k < records; k++) {
		random_record(&r, &seed);
		memset(hits, 0xa5, sizeof(hits));
		flow_filter_set_match(set, &r, NULL, hits);
		for (i = 0; i < n; i++) {
			int want = flow_filter_match(v[i], &r);
			int got = (hits[i / 64] >> (i % 64)) & 1;

			/* no ck_assert per pair: each one is a message to the parent */
			if (want != got)
				ck_abort_msg("filter %zu '%s', record %d (sp %u dp %u proto %u): "
					     "set %d, alone %d", i, exprs[i % NEXPR] ? exprs[i % NEXPR] : "NULL",
					     k, r.generic.src_port, r.generic.dst_port, r.generic.proto, got, want);
			hit_total += (size_t)want;
		}
		/* bits past n stay clear */
		if (n % 64 && hits[n / 64] >> (n % 64))
			ck_abort_msg("bits past filter %zu set", n);
	}
	ck_assert(n == 0 || hit_total > 0);
	flow_filter_set_free(set);
	for (i = 0; i < NEXPR; i++)
		flow_filter_free(f[i]);
	free(v);
}

START_TEST(test_same_as_alone)
{
	check_set(NEXPR, 20000);
}
END_TEST

START_TEST(test_many_words)
{
	check_set(3 * NEXPR + 5, 20000);	/* > 64: three words */
}
END_TEST

START_TEST(test_empty_set)
{
	check_set(0, 100);
}
END_TEST

/* zone1_profile's channel filters need no per-filter evaluation. */
START_TEST(test_zone1_all_tables)
{
	static const char *const z[] = { "proto icmp", "port 19", "port 21", "port 22", "port 23",
					 "port 53", "port 80", "port 110", "port 123", "port 135",
					 "port 137", "port 161", "port 443", "port 445", "port 8080",
					 "port 1433", "port 3306", "port 3389", "port 5060",
					 "port 6681", "port 6682" };
	struct flow_filter *f[21], *slow;
	const struct flow_filter *v[22];
	struct flow_filter_set *set;
	struct flow_err err = { 0 };

	for (size_t i = 0; i < 21; i++) {
		ck_assert_int_eq(flow_filter_compile(&f[i], z[i], &err), 0);
		v[i] = f[i];
	}
	ck_assert_int_eq(flow_filter_compile(&slow, "port > 1024", &err), 0);
	v[21] = slow;
	ck_assert_int_eq(flow_filter_set_build(&set, v, 21, &err), 0);
	ck_assert_uint_eq(flow_filter_set_slow(set), 0);
	flow_filter_set_free(set);
	ck_assert_int_eq(flow_filter_set_build(&set, v, 22, &err), 0);
	ck_assert_uint_eq(flow_filter_set_slow(set), 1);
	flow_filter_set_free(set);
	for (size_t i = 0; i < 21; i++)
		flow_filter_free(f[i]);
	flow_filter_free(slow);
}
END_TEST

START_TEST(test_alloc_failure)
{
	struct flow_filter *f[3];
	const struct flow_filter *v[3];
	struct flow_filter_set *set;
	struct flow_err err = { 0 };
	int done = 0;

	ck_assert_int_eq(flow_filter_compile(&f[0], "port 80", &err), 0);
	ck_assert_int_eq(flow_filter_compile(&f[1], "proto icmp or src port 53", &err), 0);
	ck_assert_int_eq(flow_filter_compile(&f[2], "ip 10.0.0.1", &err), 0);
	for (int i = 0; i < 3; i++)
		v[i] = f[i];
	for (unsigned k = 1; !done && k < 100; k++) {
		int rc;

		flow_alloc_fail_at(k, 0);
		rc = flow_filter_set_build(&set, v, 3, &err);
		flow_alloc_fail_at(0, 0);
		if (rc == 0) {
			flow_filter_set_free(set);
			done = 1;
		} else {
			ck_assert_int_eq(rc, FLOW_ENOMEM);
			ck_assert_ptr_null(set);
		}
	}
	ck_assert(done);
	for (int i = 0; i < 3; i++)
		flow_filter_free(f[i]);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("filterset");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_same_as_alone);
	tcase_add_test(tc, test_many_words);
	tcase_add_test(tc, test_empty_set);
	tcase_add_test(tc, test_zone1_all_tables);
	tcase_add_test(tc, test_alloc_failure);
	suite_add_tcase(s, tc);
	return tu_run(s) ? EXIT_FAILURE : EXIT_SUCCESS;
}
