/*
 * check_output_crafted.c - crafted records printed by us and by
 * /usr/bin/nfdump (1.7.1) where installed, the 1.7.8-only elements,
 * record numbering and random records.
 */
#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "file/nffile.h"
#include "output/output.h"
#include "record/v1.h"
#include "testutil.h"
#include "util/alloc.h"
#include "output_util.h"

/* nfdump's stdout for "-r path -o mode" plus -q / -N as flags says. */
static char *run_nfdump(const char *path, const char *mode, const char *flags)
{
	char cmd[8192], buf[4096];
	struct capture cap;
	FILE *out = ot_capture_open(&cap);
	FILE *in;
	size_t n;

	snprintf(cmd, sizeof(cmd), "TZ=UTC " NFDUMP " %s%s-r '%s' -o %s 2>/dev/null",
		 strchr(flags, 'q') ? "-q " : "", strchr(flags, 'N') ? "-N " : "", path, mode);
	in = popen(cmd, "r");
	ck_assert_ptr_nonnull(in);
	while ((n = fread(buf, 1, sizeof(buf), in)) > 0)
		fwrite(buf, 1, n, out);
	ck_assert_int_eq(pclose(in), 0);
	return ot_capture_close(&cap);
}

static void check_crafted(const char *mode, const char *flags)
{
	char path[4096];

	if (access(NFDUMP, X_OK) != 0) {
		fprintf(stderr, "skipped: %s not installed, no golden text for crafted records\n", NFDUMP);
		return;
	}
	ot_use_utc();
	snprintf(path, sizeof(path), "%s/crafted.nf", tu_tmpdir("output"));
	ot_write_crafted(path);

	char *want_all = run_nfdump(path, mode, flags), *got_all = ot_print_file(path, mode, flags);
	char *want = ot_drop_sys(want_all), *got = ot_drop_sys(got_all);
	char what[64];

	snprintf(what, sizeof(what), "%s -%s", mode, flags);
	ck_assert_msg(strlen(want) > 1000, "%s: nfdump printed too little:\n%s", what, want_all);
	ot_assert_text_eq(what, want, got);
	free(want_all);
	free(got_all);
	free(want);
	free(got);
}

START_TEST(raw_matches_nfdump_on_every_element)
{
	check_crafted("raw", "");
	check_crafted("raw", "N");
	check_crafted("raw", "q");
}
END_TEST

START_TEST(csv_matches_nfdump_on_every_element)
{
	check_crafted("csv", "");
	check_crafted("csv", "q");
}
END_TEST

/* Ids 38-42: 1.7.8's lines in 1.7.1's columns. */
START_TEST(elements_178_only)
{
	static const uint8_t nat_str[] = "sub-1\0\0\0\0";
	static struct flow_record r;
	struct capture cap;
	struct flow_printer *p = ot_new_printer("raw", ot_capture_open(&cap), "q");
	const char *want =
		"\nFlow Record: \n"
		"  RecordCount  =                 1\n"
		"  Flags        =              0x00 FLOW, Unsampled\n"
		"  Elements     =                 5: 38 39 40 41 42 \n"
		"  size         =                90\n"
		"  engine type  =                 0\n"
		"  engine ID    =                 0\n"
		"  export sysid =                 0\n"
		"  vlanID       =               100\n"
		"  post vlanID  =               300\n"
		"  custID       =               200\n"
		"  post custID  =               400\n"
		"  ingress IfID =                 5\n"
		"  egress IfID  =                 6\n"
		"  ethertype    =            0x86dd\n"
		"  IP version   =                 6\n"
		"  flow ID      =      0xdeadbeef01\n"
		"  inServiceID  =                 1\n"
		"  outServiceID =                 2\n"
		"  nat String   = sub-1             \n"
		"  ip fragment  =              0x60 DF MF\n"
		"  ip minTTL    =                 1\n"
		"  ip minTTL    =               255\n";

	flow_record_clear(&r);
	SET(&r, EX_LAYER2);
	r.layer2 = (struct ex_layer2){ 100, 200, 300, 400, 5, 6, 0, 0x86dd, 6, { 0 } };
	SET(&r, EX_FLOW_ID);
	r.flow_id.flow_id = 0xdeadbeef01ULL;
	SET(&r, EX_NOKIA_NAT);
	r.nokia_nat = (struct ex_nokia_nat){ 1, 2 };
	SET(&r, EX_NOKIA_NAT_STRING);
	r.nokia_nat_string = BYTES(nat_str);
	SET(&r, EX_IPINFO);
	r.ipinfo = (struct ex_ipinfo){ 0, 0x60, 1, 255 };
	flow_printer_record(p, &r);
	flow_printer_free(p);
	char *t = ot_capture_close(&cap);
	ot_assert_text_eq("1.7.8 elements", want, t);
	free(t);
}
END_TEST

/* flow_printer_record numbers 1, 2...; a 32-bit zero hides the line. */
START_TEST(record_count)
{
	static struct flow_record r;
	struct capture cap;
	struct flow_printer *p = ot_new_printer("raw", ot_capture_open(&cap), "q");

	flow_record_clear(&r);
	flow_printer_record(p, &r);
	flow_printer_record(p, &r);
	flow_printer_record_seq(p, &r, 1ULL << 32);
	flow_printer_free(p);
	char *t = ot_capture_close(&cap);
	ck_assert_ptr_nonnull(strstr(t, "RecordCount  =                 1\n"));
	ck_assert_ptr_nonnull(strstr(t, "RecordCount  =                 2\n"));
	ck_assert_ptr_null(strstr(t, "RecordCount  =                 3\n"));
	ck_assert_ptr_nonnull(strstr(t, "Record: \n  Flags"));
	free(t);
}
END_TEST

/*
 * Random members, random variable parts and random presence: both modes
 * must print without reading outside what the record points to (run
 * under ASan) and every raw record must start its block.
 */
START_TEST(random_records_print_safely)
{
	static struct flow_record r;
	static uint8_t var[7][300];
	struct flow_bytes *vars[] = { &r.nbar, &r.label, &r.in_payload, &r.out_payload,
				      &r.pf_ifname, &r.nokia_nat_string, &r.inmon_frame };
	uint64_t seed = 42;

	ot_use_utc();
	for (int mode = 0; mode < 2; mode++) {
		struct capture cap;
		struct flow_printer *p = ot_new_printer(mode ? "csv" : "raw", ot_capture_open(&cap), "");
		unsigned records = 0;

		for (int i = 0; i < 500; i++) {
			uint8_t *b = (uint8_t *)&r;

			for (size_t k = 0; k < sizeof(r); k++) {
				seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
				b[k] = (uint8_t)(seed >> 56);
			}
			for (int v = 0; v < 7; v++) {
				for (size_t k = 0; k < sizeof(var[v]); k++)
					var[v][k] = (uint8_t)(k * 31 + (size_t)i);
				*vars[v] = (struct flow_bytes){ var[v], (uint16_t)((seed >> (8 * v)) % 300) };
			}
			if (i % 3 == 0)
				r.generic.src_port = 53;
			flow_printer_record(p, &r);
			records++;
		}
		flow_printer_free(p);
		char *t = ot_capture_close(&cap);
		size_t n = 0;
		for (const char *q = t; (q = strstr(q, "\nFlow Record: \n")); q++)
			n++;
		if (!mode)
			ck_assert_uint_eq(n, records);
		free(t);
	}
}
END_TEST

TCase *ot_crafted_tcase(void)
{
	TCase *tc = tcase_create("crafted");

	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, random_records_print_safely);
	tcase_add_test(tc, raw_matches_nfdump_on_every_element);
	tcase_add_test(tc, csv_matches_nfdump_on_every_element);
	tcase_add_test(tc, elements_178_only);
	tcase_add_test(tc, record_count);
	return tc;
}
