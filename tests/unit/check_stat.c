/*
 * Unit tests for lib/stat: the hash table (growth, widening, meta bytes),
 * element statistics (counting, top N, limits), -A keys with masks, the
 * flow table (aggregation, bidir, order), and out of memory at every
 * allocation (the table must stay freeable and report FLOW_ENOMEM).
 * Batches and statistics read in place: check_stat_batch.c.
 * Output text itself is checked against nfdump 1.7.1 by interop/stat.sh.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "stat/aggr.h"
#include "stat/aggr_int.h"
#include "stat/stat.h"
#include "stat/table.h"
#include "stat_util.h"
#include "testutil.h"
#include "util/alloc.h"


START_TEST(test_table_growth)
{
	struct stat_table t;
	const size_t n = 200000;

	stat_table_init(&t, 5, 0, 0);
	for (size_t round = 0; round < 2; round++) {
		for (size_t i = 0; i < n; i++) {
			uint8_t key[5] = { 0 };
			uint32_t v = (uint32_t)(i * 2654435761u);
			struct stat_cnt d = { .flows = 1, .in_pkts = i, .first = i, .last = i };
			int is_new;
			uint8_t *e;

			memcpy(key, &v, 4);
			e = stat_table_put(&t, key, stat_hash(key, 5), &is_new);
			ck_assert_ptr_nonnull(e);
			ck_assert_int_eq(is_new, round == 0);
			stat_entry_add(&t, e, is_new, &d);
		}
	}
	ck_assert_uint_eq(t.n, n);
	ck_assert_uint_le(t.n * 10, t.nslots * 7);
	for (size_t i = 0; i < n; i += 997) {
		uint8_t key[5] = { 0 };
		uint32_t v = (uint32_t)(i * 2654435761u);
		struct stat_cnt c;
		uint8_t *e;

		memcpy(key, &v, 4);
		e = stat_table_get(&t, key, stat_hash(key, 5));
		ck_assert_ptr_nonnull(e);
		stat_entry_get(&t, e, &c);
		ck_assert_uint_eq(c.flows, 2);
		ck_assert_uint_eq(c.in_pkts, 2 * i);
		ck_assert_uint_eq(c.out_pkts, 0);
	}
	stat_table_release(&t);
}
END_TEST

START_TEST(test_table_widen_keeps_meta_and_extra)
{
	struct stat_table t;
	uint8_t key[13] = { 1, 2, 3 };
	struct stat_cnt d = { .flows = 1, .in_pkts = 5, .out_pkts = 7, .out_bytes = 9 };
	struct stat_cnt c;
	int is_new;
	uint8_t *e;
	uint64_t x = 0x1122334455667788ULL;

	stat_table_init(&t, 13, 3, 1);
	ck_assert_uint_eq(t.cnt_off, 16);	/* meta fits the key's padding */
	e = stat_table_put(&t, key, stat_hash(key, 13), &is_new);
	e[t.meta_off] = 0xab;
	memcpy(e + t.extra_off, &x, 8);
	ck_assert_int_eq(stat_table_widen(&t), 0);
	e = stat_table_put(&t, key, stat_hash(key, 13), &is_new);
	ck_assert_int_eq(is_new, 0);	/* meta bytes do not take part in the key */
	stat_entry_add(&t, e, 0, &d);
	stat_entry_get(&t, e, &c);
	ck_assert_uint_eq(c.out_pkts, 7);
	ck_assert_uint_eq(c.in_pkts, 5);
	ck_assert_uint_eq(e[t.meta_off], 0xab);
	ck_assert_mem_eq(e + t.extra_off, &x, 8);
	stat_table_release(&t);
}
END_TEST

/* Count d into key k of t as the statistics do (admit, put, add); the entry or NULL. */
static uint8_t *count_d(struct stat_table *t, uint32_t k, const struct stat_cnt *d)
{
	uint8_t key[5] = { 0 };

	memcpy(key, &k, 4);
	return stat_table_count(t, key, stat_hash(key, 5), d);
}

/* The counters of key k, which t must have. */
static void counters_at(const struct stat_table *t, uint32_t k, struct stat_cnt *c)
{
	uint8_t key[5] = { 0 };
	const uint8_t *e;

	memcpy(key, &k, 4);
	e = stat_table_get(t, key, stat_hash(key, 5));
	ck_assert_ptr_nonnull(e);
	stat_entry_get(t, e, c);
}

static void count_at(struct stat_table *t, uint32_t k, uint64_t first, uint64_t last)
{
	struct stat_cnt d = { .flows = 1, .in_pkts = 2, .in_bytes = 3, .first = first, .last = last };

	ck_assert_ptr_nonnull(count_d(t, k, &d));
}

static void expect_at(const struct stat_table *t, uint32_t k, uint64_t flows, uint64_t first,
		      uint64_t last)
{
	struct stat_cnt c;

	counters_at(t, k, &c);
	ck_assert_uint_eq(c.flows, flows);
	ck_assert_uint_eq(c.in_bytes, 3 * flows);
	ck_assert_uint_eq(c.first, first);
	ck_assert_uint_eq(c.last, last);
}

/* 32-bit times while they fit, 64-bit ones from the first that does not. */
START_TEST(test_table_times)
{
	const uint64_t t0 = 1700000000000ULL, day = 86400000ULL;
	struct stat_table t;

	stat_table_init(&t, 5, 0, 0);
	for (uint32_t k = 0; k < 50000; k++)
		count_at(&t, k % 20000, t0 + k, t0 + 2 * k);
	ck_assert_int_eq(t.wide_time, 0);
	ck_assert_uint_eq(t.esize, 5 + 24);
	count_at(&t, 7, t0 - 20 * day, t0 + 20 * day);	/* 24 days either side still fit */
	ck_assert_int_eq(t.wide_time, 0);
	expect_at(&t, 7, 4, t0 - 20 * day, t0 + 20 * day);
	count_at(&t, 8, t0 + 30 * day, t0 + 31 * day);	/* does not: every entry widens */
	ck_assert_int_eq(t.wide_time, 1);
	ck_assert_uint_eq(t.esize, 5 + 32);
	expect_at(&t, 8, 4, t0 + 8, t0 + 31 * day);
	expect_at(&t, 19999, 2, t0 + 19999, t0 + 2 * 39999);
	count_at(&t, 19999, 0, 0);			/* and the far past */
	expect_at(&t, 19999, 3, 0, t0 + 2 * 39999);
	stat_table_release(&t);

	/* a zero time first (a record without times), real ones later */
	stat_table_init(&t, 5, 0, 0);
	count_at(&t, 1, 0, 0);
	ck_assert_int_eq(t.wide_time, 0);
	count_at(&t, 1, t0, t0 + 5);
	ck_assert_int_eq(t.wide_time, 1);
	expect_at(&t, 1, 2, 0, t0 + 5);
	stat_table_release(&t);

	/* the first flow alone spans more than the window */
	stat_table_init(&t, 5, 0, 0);
	count_at(&t, 1, t0, t0 + 60 * day);
	ck_assert_int_eq(t.wide_time, 1);
	expect_at(&t, 1, 1, t0, t0 + 60 * day);
	stat_table_release(&t);
}
END_TEST

/* Count flows and packets into key k (bytes: 3 a flow). */
static uint8_t *count_n(struct stat_table *t, uint32_t k, uint64_t flows, uint64_t pkts)
{
	struct stat_cnt d = { .flows = flows, .in_pkts = pkts, .in_bytes = 3 * flows,
			      .first = 1000, .last = 2000 };

	return count_d(t, k, &d);
}

static void expect_n(const struct stat_table *t, uint32_t k, uint64_t flows, uint64_t pkts)
{
	struct stat_cnt c;

	counters_at(t, k, &c);
	ck_assert_uint_eq(c.flows, flows);
	ck_assert_uint_eq(c.in_pkts, pkts);
	ck_assert_uint_eq(c.in_bytes, 3 * flows);
	ck_assert_uint_eq(c.first, 1000);
	ck_assert_uint_eq(c.last, 2000);
}

/* 32-bit flows and packets until one entry's sum does not fit. */
START_TEST(test_table_counts)
{
	const uint64_t max = UINT32_MAX;
	struct stat_table t;
	uint8_t *e;

	stat_table_init(&t, 5, 1, 1);
	for (uint32_t k = 0; k < 40000; k++)
		ck_assert_ptr_nonnull(count_n(&t, k, 1, 10));
	ck_assert_int_eq(t.wide_cnt, 0);
	ck_assert_uint_eq(t.esize, 5 + 1 + 24 + 8);
	/* up to the last value that fits: still narrow, in both counters */
	ck_assert_ptr_nonnull(count_n(&t, 7, max - 1, 0));
	ck_assert_ptr_nonnull(count_n(&t, 8, 0, max - 10));
	ck_assert_int_eq(t.wide_cnt, 0);
	expect_n(&t, 7, max, 10);
	expect_n(&t, 8, 1, max);
	/* one more packet: every entry widens, the entry moves, nothing is lost */
	stat_table_entry(&t, 39999)[5] = 0x5a;	/* meta survives */
	e = count_n(&t, 8, 0, 1);
	ck_assert_ptr_nonnull(e);
	ck_assert_int_eq(t.wide_cnt, 1);
	ck_assert_uint_eq(t.esize, 5 + 1 + 32 + 8);
	ck_assert_ptr_eq(e, stat_table_get(&t, e, stat_hash(e, 5)));
	expect_n(&t, 8, 1, max + 1);
	expect_n(&t, 7, max, 10);
	expect_n(&t, 39999, 1, 10);
	ck_assert_uint_eq(stat_table_entry(&t, 39999)[5], 0x5a);
	ck_assert_ptr_nonnull(count_n(&t, 7, 5, 0));
	expect_n(&t, 7, max + 5, 10);
	stat_table_release(&t);

	/* a first value too big, and a sum that wraps 32 bits exactly */
	stat_table_init(&t, 5, 0, 0);
	ck_assert_ptr_nonnull(count_n(&t, 1, 1, 1ULL << 40));
	ck_assert_int_eq(t.wide_cnt, 1);
	expect_n(&t, 1, 1, 1ULL << 40);
	stat_table_release(&t);
	stat_table_init(&t, 5, 0, 0);
	ck_assert_ptr_nonnull(count_n(&t, 1, 1ULL << 31, 0));
	ck_assert_ptr_nonnull(count_n(&t, 1, 1ULL << 31, 0));
	expect_n(&t, 1, 1ULL << 32, 0);
	stat_table_release(&t);

	/* widening when memory runs out: NULL, the table as it was */
	stat_table_init(&t, 5, 0, 0);
	ck_assert_ptr_nonnull(count_n(&t, 1, 3, 3));
	flow_alloc_fail_at(1, 1);
	ck_assert_ptr_null(count_n(&t, 1, max, 0));
	flow_alloc_fail_at(0, 0);
	ck_assert_int_eq(t.wide_cnt, 0);
	expect_n(&t, 1, 3, 3);
	stat_table_release(&t);
}
END_TEST

START_TEST(test_stats_parse)
{
	struct flow_stats *s;
	struct flow_err err = { 0 };
	uint32_t rec = 0;
	int asc = 0;

	ck_assert_int_eq(flow_stats_new(&s, &err), 0);
	ck_assert_int_eq(flow_stats_parse(s, "srcip/bytes/flows", &rec, &asc, &err), 0);
	ck_assert_int_eq(flow_stats_parse(s, "record/tstart", &rec, &asc, &err), 1);
	ck_assert_uint_ne(rec, 0);
	ck_assert_int_lt(flow_stats_parse(s, "nosuch", &rec, &asc, &err), 0);
	ck_assert_str_eq(err.msg, "Unknown stat: 'nosuch'!");
	ck_assert_int_lt(flow_stats_parse(s, "srcip/tstart", &rec, &asc, &err), 0);
	for (int i = 1; i < FLOW_STATS_MAX; i++)
		ck_assert_int_eq(flow_stats_parse(s, "port", &rec, &asc, &err), 0);
	ck_assert_int_lt(flow_stats_parse(s, "port", &rec, &asc, &err), 0);
	ck_assert_uint_eq(flow_stats_count(s), FLOW_STATS_MAX);
	flow_stats_free(s);
}
END_TEST

/* -s srcip/bytes -n 2 -o csv over three hosts, one of them twice. */
START_TEST(test_stats_topn_csv)
{
	struct flow_stats *s;
	struct flow_err err = { 0 };
	struct flow_record r;
	struct flow_stat sum;
	uint32_t rec = 0;
	int asc = 0;
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);
	struct flow_stat_print o = { .fp = fp, .mode = STAT_OUT_CSV, .topn = 2 };

	setenv("TZ", "UTC", 1);
	flow_stat_init(&sum);
	ck_assert_int_eq(flow_stats_new(&s, &err), 0);
	ck_assert_int_eq(flow_stats_parse(s, "srcip/bytes", &rec, &asc, &err), 0);
	flow(&r, 0x0a000001, 1, 1, 2, 6, 10, 1000, 1000, 3000);
	ck_assert_int_eq(flow_stats_add(s, &r, &err), 0);
	flow_stat_add(&sum, &r);
	flow(&r, 0x0a000002, 1, 1, 2, 6, 1, 500, 2000, 2000);
	ck_assert_int_eq(flow_stats_add(s, &r, &err), 0);
	flow_stat_add(&sum, &r);
	flow(&r, 0x0a000001, 1, 1, 2, 17, 5, 300, 500, 4000);
	ck_assert_int_eq(flow_stats_add(s, &r, &err), 0);
	flow_stat_add(&sum, &r);
	flow(&r, 0x0a000003, 1, 1, 2, 17, 5, 100, 500, 4000);
	ck_assert_int_eq(flow_stats_add(s, &r, &err), 0);
	flow_stat_add(&sum, &r);
	ck_assert_int_eq(flow_stats_print(s, &sum, &o, &err), 0);
	fclose(fp);
	ck_assert_str_eq(buf,
		"ts,te,td,pr,val,fl,flP,pkt,pktP,byt,bytP,pps,bps,bpp\n"
		"1970-01-01 00:00:00,1970-01-01 00:00:04,3.500,any,10.0.0.1,2,50.0,15,71.4,1300,68.4,4,2971,86\n"
		"1970-01-01 00:00:02,1970-01-01 00:00:02,0.000,any,10.0.0.2,1,25.0,1,4.8,500,26.3,0,0,500\n"
		"\n");
	free(buf);
	flow_stats_free(s);
}
END_TEST

/* Bytes of key k in test_stats_topn_split: many ties, the largest few late. */
static uint64_t split_bytes(uint32_t k)
{
	return (uint64_t)k * 7919 % 1000 + (k >= 150000 && k % 5000 == 7 ? k : 0);
}

static int split_cmp(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	uint64_t bx = split_bytes(x), by = split_bytes(y);

	if (bx != by)
		return bx > by ? -1 : 1;
	return x < y ? -1 : x > y;
}

/*
 * A table large enough for the top-N pass in two threads (elem_print.c),
 * with ties: the rows must be those of one pass (by bytes, ties in the
 * order the keys came), whichever half of the table they are in.
 */
START_TEST(test_stats_topn_split)
{
	const uint32_t nkeys = 200000;
	struct flow_stats *s;
	struct flow_err err = { 0 };
	struct flow_record r;
	struct flow_stat sum;
	uint32_t rec = 0;
	int asc = 0;
	char *buf = NULL, want[4096], *w = want;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);
	struct flow_stat_print o = { .fp = fp, .mode = STAT_OUT_CSV, .topn = 30, .quiet = 1 };

	setenv("TZ", "UTC", 1);
	flow_stat_init(&sum);
	ck_assert_int_eq(flow_stats_new(&s, &err), 0);
	ck_assert_int_eq(flow_stats_parse(s, "srcip/bytes", &rec, &asc, &err), 0);
	for (uint32_t k = 0; k < nkeys; k++) {
		flow(&r, 0x0a000000 + k, 1, 1, 2, 6, 1, split_bytes(k), 0, 0);
		ck_assert_int_eq(flow_stats_add(s, &r, &err), 0);
		flow_stat_add(&sum, &r);
	}
	ck_assert_int_eq(flow_stats_print(s, &sum, &o, &err), 0);
	fclose(fp);
	uint32_t *keys = malloc(nkeys * sizeof(*keys));

	for (uint32_t k = 0; k < nkeys; k++)
		keys[k] = k;
	qsort(keys, nkeys, sizeof(*keys), split_cmp);
	for (uint32_t i = 0; i < 30; i++) {
		uint32_t a = 0x0a000000 + keys[i];

		w += sprintf(w, ",%u.%u.%u.%u,", a >> 24, (a >> 16) & 0xff, (a >> 8) & 0xff, a & 0xff);
	}
	free(keys);
	/* the value column of each row, in order */
	char got[4096], *g = got;

	for (char *line = strchr(buf, '\n'); line && line[1] && line[1] != '\n'; line = strchr(line + 1, '\n')) {
		const char *f = line + 1;

		for (int c = 0; c < 4; c++)
			f = strchr(f, ',') + 1;
		g += sprintf(g, ",%.*s,", (int)(strchr(f, ',') - f), f);
	}
	ck_assert_str_eq(got, want);
	free(buf);
	flow_stats_free(s);
}
END_TEST

/* out = statistic arg over records rs in dialect v178, -n 0 text, no title. */
static char *stat_text(int v178, const char *arg, struct flow_record *rs, int n)
{
	struct flow_stats *s;
	struct flow_err err = { 0 };
	struct flow_stat sum;
	uint32_t rec = 0;
	int asc = 0;
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);
	struct flow_stat_print o = { .fp = fp, .mode = STAT_OUT_TEXT, .quiet = 1, .plain = 1,
				     .v178 = v178 };

	setenv("TZ", "UTC", 1);
	flow_stat_init(&sum);
	ck_assert_int_eq(flow_stats_new(&s, &err), 0);
	flow_stats_set_v178(s, v178);
	ck_assert_int_eq(flow_stats_parse(s, arg, &rec, &asc, &err), 0);
	for (int i = 0; i < n; i++) {
		ck_assert_int_eq(flow_stats_add(s, &rs[i], &err), 0);
		flow_stat_add(&sum, &rs[i]);
	}
	ck_assert_int_eq(flow_stats_print(s, &sum, &o, &err), 0);
	fclose(fp);
	flow_stats_free(s);
	return buf;
}

/* The value column of a -N text row (after the proto column). */
static void expect_values(int v178, const char *arg, struct flow_record *rs, int n,
			  const char *want)
{
	char *out = stat_text(v178, arg, rs, n), got[256] = "";

	for (char *line = strtok(out, "\n"); line; line = strtok(NULL, "\n")) {
		char val[64];

		if (sscanf(line, "%*s %*s %*s %*s %63s", val) == 1) {
			strcat(got, val);
			strcat(got, " ");
		}
	}
	ck_assert_msg(strcmp(got, want) == 0, "%s (%s): got '%s', want '%s'", arg,
		      v178 ? "1.7.8" : "1.7.1", got, want);
	free(out);
}

/*
 * 1.7.8 leaves out the values of records without the element (1.7.1:
 * counted as 0), keys the ACL id as stored and the NBAR id from its first
 * byte; each version's spellings are accepted in both dialects.
 */
START_TEST(test_stats_dialects)
{
	static const uint8_t app[4] = { 3, 0, 0, 80 };
	struct flow_record rs[2];

	flow(&rs[0], 1, 2, 3, 4, 6, 10, 1000, 1000, 2000);
	flow(&rs[1], 1, 2, 3, 4, 6, 1, 100, 1000, 2000);
	rs[0].present |= 1ULL << EX_NSEL_ACL | 1ULL << EX_NBAR | 1ULL << EX_IP_NH4 |
			 1ULL << EX_NAT_XLATE4;
	rs[0].nsel_acl.ingress[0] = 0x04030201;
	rs[0].nbar.ptr = app;
	rs[0].nbar.len = sizeof(app);
	rs[0].ip_nh4.addr = 0x0a000001;
	rs[0].nat_xlate4.src = 0x0a000002;
	expect_values(1, "nhip", rs, 2, "10.0.0.1 ");
	expect_values(0, "nhip", rs, 2, "10.0.0.1 0.0.0.0 ");
	expect_values(1, "iacl", rs, 2, "0x4030201 ");
	expect_values(0, "iacl", rs, 2, "0x1020304 0x0 ");
	expect_values(1, "nbar", rs, 2, "3..80 ");
	expect_values(1, "xsrcip", rs, 2, "10.0.0.2 ");
	expect_values(0, "natsrcip", rs, 2, "10.0.0.2 0.0.0.0 ");
	expect_values(1, "nevent", rs, 2, "");
	expect_values(0, "mac", rs, 2, "");	/* 1.7.8's statistic: its rules */
	expect_values(1, "ja3", rs, 2, "");
	expect_values(1, "tos", rs, 2, "0 ");
	expect_values(1, "flags", rs, 2, "0x0 ");
}
END_TEST

START_TEST(test_limits)
{
	enum flow_limit_mode m;
	uint64_t v;
	struct flow_err err = { 0 };

	ck_assert_int_eq(flow_limit_parse("-10k", &m, &v, &err), 0);
	ck_assert_int_eq(m, LIMIT_LESS);
	ck_assert_uint_eq(v, 10000);
	ck_assert_int_eq(flow_limit_parse("5M", &m, &v, &err), 0);
	ck_assert_int_eq(m, LIMIT_MORE);
	ck_assert_uint_eq(v, 5000000);
	ck_assert_int_lt(flow_limit_parse("5T", &m, &v, &err), 0);
	ck_assert_str_eq(err.msg, "Can't understand 'T' in '5T'");
	ck_assert_int_lt(flow_limit_parse("x", &m, &v, &err), 0);
}
END_TEST

START_TEST(test_aggr_key_errors)
{
	static const struct { const char *arg, *msg; } bad[] = {
		{ "nosuch", "Unknown aggregation field 'nosuch'" },
		{ "srcip4", "'srcip4' needs number of subnet bits to aggregate" },
		{ "srcip4/33", "Subnet mask length '33' out of range for IPv4" },
		{ "srcip6/0", "Subnet mask length '0' out of range for IPv4" },
		{ "srcip/24", "Need src4/dst4 or src6/dst6 for IPv4 or IPv6 to aggregate with explicit netmask: 'srcip/24'" },
		{ "proto,proto", "Duplicate aggregation mask: proto" },
		{ "mpls4/3", "'mpls4' No subnet bits allowed here" },
		{ "", "No aggregation specified!" },
	};
	struct aggr_key k;
	struct flow_err err = { 0 };

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		ck_assert_int_lt(aggr_key_parse(&k, bad[i].arg, &err), 0);
		ck_assert_str_eq(err.msg, bad[i].msg);
	}
	ck_assert_int_eq(aggr_key_parse(&k, "proto,srcip4/24", &err), 0);
	ck_assert_str_eq(k.fmt, "%pr %sa ");
	ck_assert_uint_eq(k.narrow_bytes, 5);
	ck_assert_uint_eq(k.wide_bytes, 17);
}
END_TEST

/* srcip4/24,proto: four flows, three keys; the printed record is the key. */
START_TEST(test_aggr_masks)
{
	struct flow_aggr *a;
	struct flow_err err = { 0 };
	struct flow_record r, out;
	int seen = 0;

	ck_assert_int_eq(flow_aggr_new(&a, AGGR_MASK, "srcip4/24,proto", &err), 0);
	flow(&r, 0xc0a80101, 9, 1000, 80, 6, 1, 100, 5000, 6000);
	ck_assert_int_eq(flow_aggr_add(a, &r, NULL, 0, &err), 0);
	flow(&r, 0xc0a801fe, 8, 1001, 81, 6, 2, 200, 4000, 7000);
	ck_assert_int_eq(flow_aggr_add(a, &r, NULL, 0, &err), 0);
	flow(&r, 0xc0a80201, 8, 1001, 81, 6, 2, 200, 4000, 7000);
	ck_assert_int_eq(flow_aggr_add(a, &r, NULL, 0, &err), 0);
	flow(&r, 0xc0a80101, 8, 1001, 81, 17, 2, 200, 4000, 7000);
	ck_assert_int_eq(flow_aggr_add(a, &r, NULL, 0, &err), 0);
	ck_assert_uint_eq(flow_aggr_count(a), 3);
	ck_assert_int_eq(flow_aggr_sort(a, 0, 0, 0, 0, &err), 0);
	for (size_t i = 0; i < flow_aggr_sorted(a); i++) {
		ck_assert_int_eq(flow_aggr_record(a, i, 0, &out, &err), 0);
		ck_assert_uint_eq(out.generic.dst_port, 0);	/* not in the key */
		ck_assert_uint_eq(out.ipv4.dst, 0);
		if (out.ipv4.src == 0xc0a80100 && out.generic.proto == 6) {
			ck_assert_uint_eq(out.cnt.flows, 2);
			ck_assert_uint_eq(out.generic.in_packets, 3);
			ck_assert_uint_eq(out.generic.msec_first, 4000);
			ck_assert_uint_eq(out.generic.msec_last, 7000);
			seen++;
		}
	}
	ck_assert_int_eq(seen, 1);
	flow_aggr_free(a);
}
END_TEST

/* -b: the reverse TCP flow joins the first one, its counters as out. */
START_TEST(test_aggr_bidir_and_order)
{
	struct flow_aggr *a;
	struct flow_err err = { 0 };
	struct flow_record r, out;
	int order, asc;

	ck_assert_int_eq(flow_aggr_new(&a, AGGR_BIDIR, NULL, &err), 0);
	flow(&r, 2, 1, 80, 40000, 6, 10, 1000, 100, 200);
	ck_assert_int_eq(flow_aggr_add(a, &r, NULL, 0, &err), 0);
	flow(&r, 1, 2, 40000, 80, 6, 20, 9000, 50, 300);
	ck_assert_int_eq(flow_aggr_add(a, &r, NULL, 0, &err), 0);
	flow(&r, 3, 4, 5, 6, 17, 1, 10, 10, 10);
	ck_assert_int_eq(flow_aggr_add(a, &r, NULL, 0, &err), 0);
	ck_assert_uint_eq(flow_aggr_count(a), 2);
	ck_assert_int_eq(flow_aggr_order_parse("bytes", &order, &asc), 0);
	ck_assert_int_eq(asc, 0);
	ck_assert_int_eq(flow_aggr_order_parse("tstart", &order, &asc), 0);
	ck_assert_int_eq(asc, 1);
	ck_assert_int_lt(flow_aggr_order_parse("nosuch", &order, &asc), 0);
	ck_assert_int_eq(flow_aggr_order_parse("packets", &order, &asc), 0);
	ck_assert_int_eq(flow_aggr_sort(a, order, asc, 0, 1, &err), 0);
	ck_assert_uint_eq(flow_aggr_sorted(a), 1);
	ck_assert_int_eq(flow_aggr_record(a, 0, 0, &out, &err), 0);
	ck_assert_uint_eq(out.ipv4.src, 2);
	ck_assert_uint_eq(out.generic.in_packets, 10);
	ck_assert_uint_eq(out.cnt.out_packets, 20);
	ck_assert_uint_eq(out.cnt.out_bytes, 9000);
	ck_assert_uint_eq(out.cnt.flows, 2);
	ck_assert_uint_eq(out.generic.msec_first, 50);
	/* -B: the first flow went from the server port 80: swapped */
	ck_assert_int_eq(flow_aggr_record(a, 0, 1, &out, &err), 0);
	ck_assert_uint_eq(out.ipv4.src, 1);
	ck_assert_uint_eq(out.generic.in_packets, 20);
	flow_aggr_free(a);
}
END_TEST

/* Every allocation made to fail in turn: an error, never a crash or leak. */
START_TEST(test_alloc_failure)
{
	for (long n = 1; n < 200; n++) {
		struct flow_aggr *a = NULL;
		struct flow_stats *s = NULL;
		struct flow_err err = { 0 };
		struct flow_record r;
		uint32_t rec = 0;
		int asc = 0, failed = 0;

		flow_alloc_fail_at(n, 1);
		if (flow_aggr_new(&a, AGGR_5TUPLE, NULL, &err) < 0 ||
		    flow_stats_new(&s, &err) < 0) {
			failed = 1;
		} else {
			flow_stats_parse(s, "srcip", &rec, &asc, &err);
			for (uint32_t i = 0; i < 20000 && !failed; i++) {
				flow(&r, i, i, 1, 2, 6, 1, 1, 1, 2);
				if (flow_aggr_add(a, &r, NULL, 0, &err) < 0 ||
				    flow_stats_add(s, &r, &err) < 0)
					failed = 1;
			}
			if (!failed && flow_aggr_sort(a, 5, 0, 0, 0, &err) < 0)
				failed = 1;
		}
		long made = flow_alloc_fail_at(0, 0);

		if (failed)
			ck_assert_int_eq(err.code, FLOW_ENOMEM);
		flow_aggr_free(a);
		flow_stats_free(s);
		if (!failed && made < n)
			break;	/* every allocation has been made to fail once */
	}
}
END_TEST


/* A record with the values the batch test varies: v4 or v6, out counters. */
int main(void)
{
	Suite *s = suite_create("stat");
	TCase *tc = tcase_create("core");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_table_growth);
	tcase_add_test(tc, test_table_widen_keeps_meta_and_extra);
	tcase_add_test(tc, test_table_times);
	tcase_add_test(tc, test_table_counts);
	tcase_add_test(tc, test_stats_parse);
	tcase_add_test(tc, test_stats_topn_csv);
	tcase_add_test(tc, test_stats_topn_split);
	tcase_add_test(tc, test_stats_dialects);
	tcase_add_test(tc, test_limits);
	tcase_add_test(tc, test_aggr_key_errors);
	tcase_add_test(tc, test_aggr_masks);
	tcase_add_test(tc, test_aggr_bidir_and_order);
	tcase_add_test(tc, test_alloc_failure);
	suite_add_tcase(s, tc);
	return tu_run(s) ? EXIT_FAILURE : EXIT_SUCCESS;
}
