/*
 * Unit tests for lib/output: the formatters, the raw and csv printers of
 * the 1.7.1 dialect, the footer and -I text.
 *
 * Golden text comes only from Debian nfdump 1.7.1: the files in
 * shared/samples/out/, and, where /usr/bin/nfdump is installed, its output
 * for files we write with records that carry every element
 * (check_output_crafted.c).  Helpers: output_util.c.  The timing
 * ("Sys:") line is the one line that may differ.
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

/* --- formatters, through the public printers --- */

START_TEST(footer_number_scaling)
{
	static const struct { uint64_t bytes, packets; const char *line; } cases[] = {
		{ 999999, 1, "total bytes: 999999, total packets: 1," },
		{ 1000000, 2, "total bytes: 1.0 M, total packets: 2," },
		{ 2500191676ULL, 2000196, "total bytes: 2.5 G, total packets: 2.0 M," },
		{ 1234567890123ULL, 7, "total bytes: 1.2 T, total packets: 7," },
	};

	ot_use_utc();
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		for (int plain = 0; plain < 2; plain++) {
			struct capture cap;
			struct flow_print_opts o = { .fp = ot_capture_open(&cap), .dialect = DIALECT_171,
						     .plain_numbers = plain };
			struct flow_summary s = { .processed = 1, .passed_records = 1 };
			struct flow_printer *p;
			char want[128];

			ck_assert_int_eq(flow_printer_new(&p, "raw", &o, NULL), 0);
			s.passed.numflows = 1;
			s.passed.numbytes = cases[i].bytes;
			s.passed.numpackets = cases[i].packets;
			flow_printer_end(p, &s);
			flow_printer_free(p);
			char *t = ot_capture_close(&cap);
			if (plain)
				snprintf(want, sizeof(want), "total bytes: %llu, total packets: %llu,",
					 (unsigned long long)cases[i].bytes,
					 (unsigned long long)cases[i].packets);
			else
				snprintf(want, sizeof(want), "%s", cases[i].line);
			ck_assert_msg(strstr(t, want), "want '%s' in:\n%s", want, t);
			free(t);
		}
	}
}
END_TEST

/* 1.7.1 truncates: 3200 bits in 3 s is 1066 bps. */
START_TEST(footer_rates_and_window)
{
	struct capture cap;
	struct flow_printer *p;
	struct flow_summary s = {
		.processed = 5, .passed_records = 2, .blocks_skipped = 1, .bytes_read = 524,
		.msec_first = 1699999990500ULL, .msec_last = 1700000000499ULL, .window_known = 1,
		.sys_s = 0.5, .user_s = 0.25, .wall_s = 2.0,
	};
	const char *want =
		"Summary: total flows: 2, total bytes: 400, total packets: 4, avg bps: 1066, avg pps: 1, avg bpp: 100\n"
		"Time window: 2023-11-14 22:13:10 - 2023-11-14 22:13:20\n"
		"Total flows processed: 5, passed: 2, Blocks skipped: 1, Bytes read: 524\n"
		"Sys: 0.5000s User: 0.2500s Wall: 2.0000s flows/second: 2.5 Runtime: 2.0000s\n";

	ot_use_utc();
	p = ot_new_printer("raw", ot_capture_open(&cap), "");
	s.passed.numflows = 2;
	s.passed.numbytes = 400;
	s.passed.numpackets = 4;
	s.passed.msec_first = 1699999991500ULL;
	s.passed.msec_last = 1699999994500ULL;
	flow_printer_end(p, &s);
	flow_printer_free(p);
	char *t = ot_capture_close(&cap);
	ot_assert_text_eq("footer", want, t);
	free(t);

	/* Unknown window, and nothing passed. */
	p = ot_new_printer("raw", ot_capture_open(&cap), "");
	s.passed_records = 0;
	s.window_known = 0;
	memset(&s.passed, 0, sizeof(s.passed));
	flow_printer_end(p, &s);
	flow_printer_free(p);
	t = ot_capture_close(&cap);
	ck_assert_msg(strncmp(t, "No matching flows\nSummary: total flows: 0, total bytes: 0, "
			      "total packets: 0, avg bps: 0, avg pps: 0, avg bpp: 0\n"
			      "Time window: <unknown>\n", 120) == 0, "%s", t);
	free(t);
}
END_TEST

/* "No matching flows" survives -q; header, trailer and footer do not. */
START_TEST(no_match_and_quiet)
{
	static const struct { const char *mode, *flags, *want; } cases[] = {
		{ "raw", "q", "No matching flows\n" },
		{ "csv", "q", "No matching flows\n" },
		{ "csv", "", "ts,te,td,sa,da,sp,dp,pr,flg,fwd,stos,ipkt,ibyt,opkt,obyt,in,out,sas,das,"
			    "smk,dmk,dtos,dir,nh,nhb,svln,dvln,ismc,odmc,idmc,osmc,mpls1,mpls2,mpls3,"
			    "mpls4,mpls5,mpls6,mpls7,mpls8,mpls9,mpls10,cl,sl,al,ra,eng,exid,tr\n"
			    "No matching flows\nSummary\nflows,bytes,packets,avg_bps,avg_pps,avg_bpp\n"
			    "0,0,0,0,0,0\n" },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct capture cap;
		struct flow_printer *p = ot_new_printer(cases[i].mode, ot_capture_open(&cap), cases[i].flags);
		struct flow_summary s = { .processed = 5 };

		flow_stat_init(&s.passed);
		s.passed.msec_first = 0;
		flow_printer_begin(p);
		flow_printer_end(p, &s);
		flow_printer_free(p);
		char *t = ot_capture_close(&cap);
		ot_assert_text_eq(cases[i].mode, cases[i].want, t);
		free(t);
	}
}
END_TEST

START_TEST(mode_table)
{
	struct flow_print_opts o = { .fp = stdout };
	struct flow_printer *p = (void *)1;
	struct flow_err err = { 0 };

	ck_assert_int_eq(flow_printer_new(&p, "nosuchmode", &o, &err), FLOW_EINVAL);
	ck_assert_ptr_null(p);
	ck_assert_ptr_nonnull(strstr(err.msg, "nosuchmode"));
	/* No mode: "line". */
	ck_assert_int_eq(flow_printer_new(&p, NULL, &o, &err), 0);
	flow_printer_free(p);
	ck_assert_int_eq(flow_printer_new(&p, "extended6", &o, &err), 0);
	flow_printer_free(p);
	flow_alloc_fail_at(1, 0);
	ck_assert_int_eq(flow_printer_new(&p, "csv", &o, &err), FLOW_ENOMEM);
	flow_alloc_fail_at(0, 0);
	ck_assert_int_eq(flow_printer_new(&p, "raw", &o, &err), 0);
	flow_printer_free(p);
	flow_printer_free(NULL);
}
END_TEST

/* --- the sample files against 1.7.1's golden output --- */

static const char *const samples[] = {
	"v2_171_nfcapd_A_none", "v2_171_nfcapd_B_v9_ipv6", "v2_171_nfcapd_L_v9_vlan_mac",
	"v2_171_nfcapd_S_sampled", "v2_171_nfdump_A_none", "v2_171_nfdump_A_lzo",
	"v2_171_nfdump_A_lz4", "v2_171_nfdump_A_bz2",
};

static void check_golden(const char *mode)
{
	ot_use_utc();
	for (size_t i = 0; i < sizeof(samples) / sizeof(samples[0]); i++) {
		char nf[512], golden[512];

		snprintf(nf, sizeof(nf), "%s/%s.nf", SAMPLES_DIR, samples[i]);
		snprintf(golden, sizeof(golden), "%s/out/%s.%s.txt", SAMPLES_DIR, samples[i], mode);
		char *want_all = ot_slurp_text(golden);
		char *got_all = ot_print_file(nf, mode, "");
		char *want = ot_drop_sys(want_all), *got = ot_drop_sys(got_all);

		ot_assert_text_eq(golden, want, got);
		if (strcmp(mode, "raw") == 0)
			ck_assert_ptr_nonnull(strstr(got_all, "\nSys: "));
		free(want_all);
		free(got_all);
		free(want);
		free(got);
	}
}

START_TEST(raw_matches_171_samples)
{
	check_golden("raw");
}
END_TEST

START_TEST(csv_matches_171_samples)
{
	check_golden("csv");
}
END_TEST

/*
 * 1.6 files, converted as 1.7.1 converts them.  1.7.1's raw shows
 * artefacts of its in-memory conversion in Flags and size (format.md
 * §6.7) and a reader message; the other lines must match, the v1 masks
 * (24/24, which the 1.7 collector drops) among them.
 */
START_TEST(raw_matches_171_on_v1_file)
{
	static const char *const skip[] = {
		"Sys: ", "  Flags ", "  size ", "Skip unknown record type", NULL,
	};
	char *want_all, *got_all, *want, *got;

	ot_use_utc();
	want_all = ot_slurp_text(S("out/v1_1625_nfcapd_A_none.raw.txt"));
	got_all = ot_print_file(S("ref/v1_1625_nfcapd_A_none.nf"), "raw", "");
	want = ot_drop_lines(want_all, skip);
	got = ot_drop_lines(got_all, skip);
	/* The reader's message is followed by an empty line. */
	ck_assert_int_eq(strncmp(want, "\n\n", 2), 0);
	memmove(want, want + 1, strlen(want));
	ot_assert_text_eq("v1 raw", want, got);
	ck_assert_ptr_nonnull(strstr(got, "  src mask     =                24 10.0.0.0/24\n"));
	free(want_all);
	free(got_all);
	free(want);
	free(got);
}
END_TEST

START_TEST(stat_info_matches_samples)
{
	static const struct { const char *nf, *golden; } cases[] = {
		{ S("v2_171_nfcapd_A_none.nf"), S("out/v2_171_nfcapd_A_none.I.txt") },
		{ S("v2_171_nfcapd_B_v9_ipv6.nf"), S("out/v2_171_nfcapd_B_v9_ipv6.I.txt") },
		{ S("v2_171_nfcapd_L_v9_vlan_mac.nf"), S("out/v2_171_nfcapd_L_v9_vlan_mac.I.txt") },
		{ S("v2_171_nfcapd_S_sampled.nf"), S("out/v2_171_nfcapd_S_sampled.I.txt") },
		{ S("v2_171_nfdump_A_bz2.nf"), S("out/v2_171_nfdump_A_bz2.I.txt") },
		{ S("ref/v1_1625_nfcapd_A_none.nf"), S("out/v1_1625_nfcapd_A_none.I.txt") },
		{ S("ref/v1_1625_nfcapd_B_v9_ipv6.nf"), S("out/v1_1625_nfcapd_B_v9_ipv6.I.txt") },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct nffile_info info;
		struct flow_err err = { 0 };
		struct capture cap;

		ck_assert_msg(nffile_stat(cases[i].nf, &info, &err) == 0, "%s", err.msg);
		flow_print_stat_info(ot_capture_open(&cap), info.ident, &info.stat);
		char *got = ot_capture_close(&cap);
		char *want = ot_slurp_text(cases[i].golden);
		ot_assert_text_eq(cases[i].golden, want, got);
		free(got);
		free(want);
	}
}
END_TEST

int main(void)
{
	Suite *s = suite_create("output");
	TCase *tc = tcase_create("format");

	tcase_add_test(tc, footer_number_scaling);
	tcase_add_test(tc, footer_rates_and_window);
	tcase_add_test(tc, no_match_and_quiet);
	tcase_add_test(tc, mode_table);
	suite_add_tcase(s, tc);
	tc = tcase_create("golden");
	tcase_add_test(tc, raw_matches_171_samples);
	tcase_add_test(tc, csv_matches_171_samples);
	tcase_add_test(tc, raw_matches_171_on_v1_file);
	tcase_add_test(tc, stat_info_matches_samples);
	suite_add_tcase(s, tc);
	suite_add_tcase(s, ot_crafted_tcase());
	suite_add_tcase(s, ot_dialect178_tcase());
	return tu_run(s) ? EXIT_FAILURE : EXIT_SUCCESS;
}
