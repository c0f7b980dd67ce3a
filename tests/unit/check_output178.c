/*
 * The 1.7.8 dialect against nfdump 1.7.8's recorded output.
 *
 * Golden text is copied from shared/reference/cli.md §3 (lines printed by
 * an upstream nfdump 1.7.8 build, TZ=UTC, for the flows of cli.md §2.5:
 * F01 192.168.1.10:51000 -> 10.0.0.1:80 and friends) and compared with
 * the files in shared/samples/out/v2_178_*.txt.  The records here are
 * built to carry exactly the fields those lines show.
 */
#include <stdlib.h>
#include <string.h>

#include "output/output.h"
#include "testutil.h"
#include "output_util.h"

#define IP4(a, b, c, d) ((uint32_t)(a) << 24 | (uint32_t)(b) << 16 | (uint32_t)(c) << 8 | (d))

/* A v5-like flow: generic, ipv4, misc, as, ip next hop, exporter. */
static struct flow_record flow(uint64_t first_ms, uint64_t dur_ms, uint8_t proto,
			       uint32_t sa, uint16_t sp, uint32_t da, uint16_t dp,
			       uint64_t pkts, uint64_t bytes)
{
	struct flow_record r;

	memset(&r, 0, sizeof(r));
	SET(&r, EX_GENERIC);
	SET(&r, EX_IPV4);
	r.generic.msec_first = first_ms;
	r.generic.msec_last = first_ms + dur_ms;
	r.generic.msec_received = first_ms + dur_ms + 50000;
	r.generic.proto = proto;
	r.generic.src_port = sp;
	r.generic.dst_port = dp;
	r.generic.in_packets = pkts;
	r.generic.in_bytes = bytes;
	r.ipv4.src = sa;
	r.ipv4.dst = da;
	r.nfversion = 5;
	return r;
}

/* F01 as cli.md §3.4 shows it: first seen 2026-11-26 17:20:04 UTC. */
static struct flow_record f01(uint64_t first_ms)
{
	struct flow_record r = flow(first_ms, 10000, 6, IP4(192, 168, 1, 10), 51000,
				    IP4(10, 0, 0, 1), 80, 10, 1500);

	r.generic.tcp_flags = 0x1b;
	SET(&r, EX_MISC);
	r.misc.input = 1;
	r.misc.output = 2;
	SET(&r, EX_AS);
	r.as.src_as = 65001;
	r.as.dst_as = 65002;
	return r;
}

/* The elephant flow of cli.md §3.4 "extended": 2.0 M packets in 119 s. */
static struct flow_record elephant(uint64_t first_ms)
{
	struct flow_record r = flow(first_ms, 119000, 6, IP4(172, 16, 5, 5), 443,
				    IP4(10, 0, 0, 2), 33333, 2000000, 2500000000ULL);

	r.generic.tcp_flags = 0x1a;
	r.generic.src_tos = 40;
	return r;
}

/* Header and the records, one printer, mode in the 1.7.8 dialect. */
static char *print178(const char *mode, const char *flags, const struct flow_record *r, size_t n)
{
	struct capture cap;
	struct flow_print_opts o = {
		.fp = ot_capture_open(&cap), .dialect = DIALECT_178,
		.quiet = strchr(flags, 'q') != NULL, .plain_numbers = strchr(flags, 'N') != NULL,
		.tag = strchr(flags, 'T') != NULL, .long_ipv6 = strchr(flags, '6') != NULL,
	};
	struct flow_summary s = { .passed_records = n, .processed = n };
	struct flow_printer *p;
	struct flow_err err = { 0 };

	ck_assert_msg(flow_printer_new(&p, mode, &o, &err) == 0, "%s", err.msg);
	flow_printer_begin(p);
	for (size_t i = 0; i < n; i++)
		flow_printer_record(p, &r[i]);
	flow_printer_end(p, &s);
	flow_printer_free(p);
	return ot_capture_close(&cap);
}

static void check_first_lines(const char *mode, const char *flags, const struct flow_record *r,
			      size_t n, const char *want)
{
	char *t = print178(mode, flags, r, n);

	/* the 1.7.8 footer follows; compare the lines cli.md shows */
	ck_assert_msg(strncmp(t, want, strlen(want)) == 0, "-o %s: want\n%s\ngot\n%s", mode, want, t);
	free(t);
}

START_TEST(headers_178)
{
	static const struct { const char *mode, *header; } cases[] = {
		{ "line", "Date first seen         Duration         Proto      Src IP Addr:Port          Dst IP Addr:Port   Packets    Bytes Flows\n" },
		{ "long", "Date first seen         Duration         Proto      Src IP Addr:Port          Dst IP Addr:Port     Flags  Tos  Packets    Bytes Flows\n" },
		{ "extended", "Date first seen         Duration         Proto      Src IP Addr:Port          Dst IP Addr:Port     Flags  Tos  Packets    Bytes      pps      bps    Bpp Flows\n" },
		{ "biline", "Date first seen         Duration         Proto      Src IP Addr:Port           Dst IP Addr:Port   Out Pkt   In Pkt Out Byte  In Byte Flows\n" },
		{ "bilong", "Date first seen         Duration         Proto      Src IP Addr:Port           Dst IP Addr:Port     Flags  Tos  Out Pkt   In Pkt Out Byte  In Byte Flows\n" },
		{ "gline", "Date first seen         Duration         Proto      Src IP Addr(..):Port          Dst IP Addr(..):Port   Packets    Bytes Flows\n" },
		{ "nsel", "Date first seen            Event  XEvent Proto      Src IP Addr:Port          Dst IP Addr:Port     X-Src IP Addr:Port        X-Dst IP Addr:Port   In Byte Out Byte\n" },
		{ "line6", "Date first seen         Duration         Proto                             Src IP Addr:Port                                 Dst IP Addr:Port   Packets    Bytes Flows\n" },
	};

	ot_use_utc();
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		check_first_lines(cases[i].mode, "", NULL, 0, cases[i].header);
}
END_TEST

START_TEST(lines_178)
{
	struct flow_record r[3];
	struct flow_record icmp = flow(1795713634000ULL, 3000, 1, IP4(192, 168, 1, 12), 0,
				       IP4(10, 1, 2, 3), 8 << 8, 4, 336);

	ot_use_utc();
	r[0] = f01(1795713604000ULL);
	r[1] = icmp;
	r[2] = elephant(1795713544000ULL);
	check_first_lines("line", "q", r, 3,
		"2026-11-26 17:20:04.000     00:00:10.000 TCP       192.168.1.10:51000 ->         10.0.0.1:80          10     1500     1\n"
		"2026-11-26 17:20:34.000     00:00:03.000 ICMP      192.168.1.12:0     ->         10.1.2.3:8.0          4      336     1\n"
		"2026-11-26 17:19:04.000     00:01:59.000 TCP         172.16.5.5:443   ->         10.0.0.2:33333    2.0 M    2.5 G     1\n");
	check_first_lines("long", "q", r, 1,
		"2026-11-26 17:20:04.000     00:00:10.000 TCP       192.168.1.10:51000 ->         10.0.0.1:80    ...AP.SF    0       10     1500     1\n");
	check_first_lines("extended", "q", r + 2, 1,
		"2026-11-26 17:19:04.000     00:01:59.000 TCP         172.16.5.5:443   ->         10.0.0.2:33333 ...AP.S.   40    2.0 M    2.5 G    16806  168.1 M   1250     1\n");
	/* -T: 0x01 before each address (cli.md §3.2, first seen 17:22:06) */
	r[0] = f01(1795713726000ULL);
	check_first_lines("line", "qT", r, 1,
		"2026-11-26 17:22:06.000     00:00:10.000 TCP   \x01    192.168.1.10:51000 -> \x01        10.0.0.1:80          10     1500     1\n");
}
END_TEST

START_TEST(bi_nsel_line6_178)
{
	struct flow_record bi = flow(1795713727000ULL, 59000, 6, IP4(10, 10, 1, 5), 40001,
				     IP4(10, 20, 2, 6), 3306, 50, 40000);
	struct flow_record dns = flow(1795713746000ULL, 0, 17, IP4(192, 168, 1, 11), 53000,
				      IP4(8, 8, 8, 8), 53, 1, 76);

	ot_use_utc();
	SET(&bi, EX_CNT);
	bi.cnt.out_packets = 45;
	bi.cnt.out_bytes = 90000;
	bi.cnt.flows = 1;	/* 1.7.8 prints the element's count */
	check_first_lines("biline", "q", &bi, 1,
		"2026-11-26 17:22:07.000     00:00:59.000 TCP          10.10.1.5:40001 <->        10.20.2.6:3306        45       50    90000    40000     1\n");
	check_first_lines("nsel", "q", &dns, 1,
		"2026-11-26 17:22:26.000 <no-evt> <no-evt> UDP       192.168.1.11:53000 ->          8.8.8.8:53             0.0.0.0:0     ->          0.0.0.0:0           76        0\n");
	check_first_lines("line", "q6", &dns, 1,
		"2026-11-26 17:22:26.000     00:00:00.000 UDP                              192.168.1.11:53000 ->                                 8.8.8.8:53           1       76     1\n");
}
END_TEST

START_TEST(csv_178)
{
	struct flow_record r[3];
	char *t;

	ot_use_utc();
	r[0] = f01(1795713641000ULL);
	r[1] = flow(1795713671000ULL, 3000, 1, IP4(192, 168, 1, 12), 0, IP4(10, 1, 2, 3),
		    8 << 8, 4, 336);
	r[2] = elephant(1795713581000ULL);
	/* cli.md §3.5.1: the header even with -q, no trailer */
	t = print178("csv", "q", r, 3);
	ot_assert_text_eq("csv",
		"firstSeen,duration,proto,srcAddr,srcPort,dstAddr,dstPort,packets,bytes,flows\n"
		"2026-11-26 17:20:41.000,10.000,6,192.168.1.10,51000,10.0.0.1,80,10,1500,1\n"
		"2026-11-26 17:21:11.000,3.000,1,192.168.1.12,0,10.1.2.3,8.0,4,336,1\n"
		"2026-11-26 17:19:41.000,119.000,6,172.16.5.5,443,10.0.0.2,33333,2000000,2500000000,1\n", t);
	free(t);
	r[0] = f01(1795713726000ULL);
	t = print178("csv:%ts,%te,%sa,%da,%pr,%flg,%ipkt,%obyt,%smk", "", r, 1);
	ot_assert_text_eq("csv:",
		"firstSeen,lastSeen,srcAddr,dstAddr,proto,flags,inPackets,outBytes,srcMask\n"
		"2026-11-26 17:22:06.000,2026-11-26 17:22:16.000,192.168.1.10,10.0.0.1,6,...AP.SF,10,0,0\n", t);
	free(t);
	/* cli.md §3.6 */
	r[0] = f01(1795713641000ULL);
	t = print178("csv-fast", "", r, 1);
	ot_assert_text_eq("csv-fast",
		"cnt,af,firstSeen,lastSeen,proto,srcAddr,srcPort,dstAddr,dstPort,srcAS,dstAS,input,output,flags,srcTos,packets,bytes\n"
		"1,2,1795713641000,1795713651000,6,192.168.1.10,51000,10.0.0.1,80,65001,65002,1,2,...AP.SF,0,10,1500\n", t);
	free(t);
	/* composite tokens are refused in csv (cli.md §3.3) */
	{
		struct flow_print_opts o = { .fp = stdout, .dialect = DIALECT_178 };
		struct flow_printer *p = NULL;
		struct flow_err err = { 0 };

		ck_assert_int_eq(flow_printer_new(&p, "csv:%ts,%sap", &o, &err), FLOW_EINVAL);
		ck_assert_ptr_nonnull(strstr(err.msg, "Output format parse error at: %sap"));
	}
}
END_TEST

/* cli.md §3.7: key order of a v4 flow, framing, and "No matching flows". */
START_TEST(json_178)
{
	struct flow_record r = f01(1795713641000ULL);
	char *t;

	ot_use_utc();
	SET(&r, EX_IP_NH4);
	r.ip_nh4.addr = IP4(192, 168, 1, 1);
	SET(&r, EX_RECV4);
	r.recv4.addr = IP4(127, 0, 0, 1);
	r.exporter_sysid = 1;
	t = print178("json", "", &r, 1);
	ot_assert_text_eq("json",
		"[\n {\n"
		"  \"cnt\" : 1,\n  \"type\" : \"FLOW\",\n  \"export_sysid\" : 1,\n"
		"  \"first\" : \"2026-11-26T17:20:41.000\",\n  \"last\" : \"2026-11-26T17:20:51.000\",\n"
		"  \"received\" : \"2026-11-26T17:21:41.000\",\n"
		"  \"in_packets\" : 10,\n  \"in_bytes\" : 1500,\n  \"proto\" : 6,\n"
		"  \"tcp_flags\" : \"...AP.SF\",\n  \"src_port\" : 51000,\n  \"dst_port\" : 80,\n"
		"  \"fwd_status\" : 0,\n  \"src_tos\" : 0,\n"
		"  \"src4_addr\" : \"192.168.1.10\",\n  \"dst4_addr\" : \"10.0.0.1\",\n"
		"  \"src4_geo\" : \"\",\n  \"dst4_geo\" : \"\",\n"
		"  \"input_snmp\" : 1,\n  \"output_snmp\" : 2,\n  \"src_mask\" : 0,\n  \"dst_mask\" : 0,\n"
		"  \"src_net\" : \"\",\n  \"dst_net\" : \"\",\n  \"direction\" : 0,\n  \"dst_tos\" : 0,\n"
		"  \"src_as\" : 65001,\n  \"dst_as\" : 65002,\n"
		"  \"ip4_next_hop\" : \"192.168.1.1\",\n  \"ip4_router\" : \"127.0.0.1\",\n"
		"  \"sampled\" : 0\n }\n]\n", t);
	free(t);
	t = print178("ndjson", "", &r, 1);
	ck_assert_msg(strncmp(t, "{\"cnt\":1,\"type\":\"FLOW\",\"export_sysid\":1,\"first\":", 48) == 0, "%s", t);
	ck_assert_msg(strstr(t, ",\"sampled\":0}\n") != NULL, "%s", t);
	free(t);
	t = print178("json", "q", NULL, 0);
	ot_assert_text_eq("json, nothing passed", "[\nNo matching flows\n\n]\n", t);
	free(t);
}
END_TEST

/* samples/out/v2_178_*.{long,raw}.txt: records and the 1.7.8 footer. */
START_TEST(samples_178)
{
	static const char *const names[] = {
		"v2_178_nfcapd_A_none", "v2_178_nfdump_A_lz4hc9", "v2_178_nfdump_A_zstd",
	};

	ot_use_utc();
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		char in[512], out[512];

		snprintf(in, sizeof(in), "%s/ref/%s.nf", SAMPLES_DIR, names[i]);
		snprintf(out, sizeof(out), "%s/out/%s.long.txt", SAMPLES_DIR, names[i]);
		char *got = ot_print_file(in, "long", "8");
		char *want = ot_slurp_text(out);
		char *g = ot_drop_sys(got), *w = ot_drop_sys(want);

		ot_assert_text_eq(names[i], w, g);
		free(got);
		free(want);
		free(g);
		free(w);
	}
}
END_TEST

TCase *ot_dialect178_tcase(void)
{
	TCase *tc = tcase_create("dialect178");

	tcase_add_test(tc, headers_178);
	tcase_add_test(tc, lines_178);
	tcase_add_test(tc, bi_nsel_line6_178);
	tcase_add_test(tc, csv_178);
	tcase_add_test(tc, json_178);
	tcase_add_test(tc, samples_178);
	return tc;
}
