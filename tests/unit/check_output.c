/*
 * Unit tests for lib/output: the formatters, the raw and csv printers of
 * the 1.7.1 dialect, the footer and -I text.
 *
 * Golden text comes only from Debian nfdump 1.7.1: the files in
 * shared/samples/out/, and, where /usr/bin/nfdump is installed, its output
 * for files we write with records that carry every element.  The timing
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

#define S(name) SAMPLES_DIR "/" name
#define NFDUMP "/usr/bin/nfdump"

/* --- helpers --- */

static void use_utc(void)
{
	setenv("TZ", "UTC", 1);
	tzset();
}

/* Text without the lines starting with one of the prefixes (NULL-ended). */
static char *drop_lines(const char *text, const char *const *prefixes)
{
	size_t n = strlen(text);
	char *out = malloc(n + 1), *o = out;
	const char *p = text;

	ck_assert_ptr_nonnull(out);
	while (*p) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) + 1 : strlen(p);
		int keep = 1;

		for (const char *const *q = prefixes; *q; q++)
			keep = keep && strncmp(p, *q, strlen(*q)) != 0;
		if (keep) {
			memcpy(o, p, len);
			o += len;
		}
		p += len;
	}
	*o = '\0';
	return out;
}

/* Without the timing line, the one line nobody can reproduce. */
static char *drop_sys(const char *text)
{
	static const char *const sys[] = { "Sys: ", NULL };

	return drop_lines(text, sys);
}

/* Report the first differing line, then fail. */
static void assert_text_eq(const char *what, const char *want, const char *got)
{
	int line = 1;
	const char *a = want, *b = got;

	if (strcmp(want, got) == 0)
		return;
	while (*a && *a == *b) {
		if (*a == '\n')
			line++;
		a++;
		b++;
	}
	while (a > want && a[-1] != '\n') {
		a--;
		b--;
	}
	ck_abort_msg("%s: line %d differs\nwant: %.120s\ngot:  %.120s", what, line, a, b);
}

struct capture {
	char *text;
	size_t len;
	FILE *fp;
};

static FILE *capture_open(struct capture *c)
{
	c->text = NULL;
	c->fp = open_memstream(&c->text, &c->len);
	ck_assert_ptr_nonnull(c->fp);
	return c->fp;
}

static char *capture_close(struct capture *c)
{
	fclose(c->fp);
	return c->text;
}

/* flags: 'q' quiet (-q), 'N' plain numbers (-N) */
static struct flow_printer *new_printer(const char *mode, FILE *fp, const char *flags)
{
	struct flow_print_opts o = { .fp = fp, .dialect = DIALECT_171,
				     .quiet = strchr(flags, 'q') != NULL,
				     .plain_numbers = strchr(flags, 'N') != NULL };
	struct flow_printer *p;
	struct flow_err err = { 0 };

	ck_assert_msg(flow_printer_new(&p, mode, &o, &err) == 0, "%s", err.msg);
	return p;
}

/*
 * Print every V3 record of a file as nfdump does with no filter: summary
 * from the passed flows, window from the file's stat record, "Bytes read"
 * = the data blocks' payload bytes (what 1.7.1 counts).
 */
static char *print_file(const char *path, const char *mode, const char *flags)
{
	struct capture cap;
	struct flow_printer *p = new_printer(mode, capture_open(&cap), flags);
	struct flow_summary s = { 0 };
	struct flow_err err = { 0 };
	struct nfblock blk = { 0 };
	struct flow_v1_maps *maps;
	struct nffile *f;
	static struct flow_record r;
	int rc;

	ck_assert_msg(nffile_open(&f, path, &err) == 0, "%s", err.msg);
	ck_assert_int_eq(flow_v1_maps_new(&maps, &err), 0);
	flow_stat_init(&s.passed);
	s.msec_first = nffile_info(f)->stat.msec_first;
	s.msec_last = nffile_info(f)->stat.msec_last;
	s.window_known = 1;
	flow_printer_begin(p);
	while ((rc = nffile_read_block(f, &blk, &err)) > 0) {
		struct nfrec_iter it;
		const uint8_t *rec;
		unsigned type, size;

		s.bytes_read += blk.size;
		nfrec_iter_init(&it, &blk);
		while ((rc = nfblock_next_record(&it, &rec, &type, &size, &err)) > 0) {
			if (type == REC_EXT_MAP)
				ck_assert_msg(flow_v1_map_add(maps, rec, size, &err) == 0, "%s", err.msg);
			if (type == REC_COMMON_V1)
				rc = flow_record_decode_v1(&r, maps, rec, size, &err);
			else if (type == REC_V3)
				rc = flow_record_decode_v3(&r, rec, size, &err);
			else
				continue;
			ck_assert_msg(rc > 0, "%s", err.msg);
			s.processed++;
			s.passed_records++;
			flow_stat_add(&s.passed, &r);
			flow_printer_record_seq(p, &r, s.processed);
		}
		ck_assert_msg(rc == 0, "%s", err.msg);
	}
	ck_assert_msg(rc == 0, "%s", err.msg);
	flow_printer_end(p, &s);
	flow_printer_free(p);
	nfblock_release(&blk);
	flow_v1_maps_free(maps);
	nffile_close(f);
	return capture_close(&cap);
}

static char *slurp_text(const char *path)
{
	size_t n;
	char *t = (char *)tu_slurp(path, &n);

	t[n] = '\0';
	return t;
}

/* --- formatters, through the public printers --- */

START_TEST(footer_number_scaling)
{
	static const struct { uint64_t bytes, packets; const char *line; } cases[] = {
		{ 999999, 1, "total bytes: 999999, total packets: 1," },
		{ 1000000, 2, "total bytes: 1.0 M, total packets: 2," },
		{ 2500191676ULL, 2000196, "total bytes: 2.5 G, total packets: 2.0 M," },
		{ 1234567890123ULL, 7, "total bytes: 1.2 T, total packets: 7," },
	};

	use_utc();
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		for (int plain = 0; plain < 2; plain++) {
			struct capture cap;
			struct flow_print_opts o = { .fp = capture_open(&cap), .plain_numbers = plain };
			struct flow_summary s = { .processed = 1, .passed_records = 1 };
			struct flow_printer *p;
			char want[128];

			ck_assert_int_eq(flow_printer_new(&p, "raw", &o, NULL), 0);
			s.passed.numflows = 1;
			s.passed.numbytes = cases[i].bytes;
			s.passed.numpackets = cases[i].packets;
			flow_printer_end(p, &s);
			flow_printer_free(p);
			char *t = capture_close(&cap);
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

	use_utc();
	p = new_printer("raw", capture_open(&cap), "");
	s.passed.numflows = 2;
	s.passed.numbytes = 400;
	s.passed.numpackets = 4;
	s.passed.msec_first = 1699999991500ULL;
	s.passed.msec_last = 1699999994500ULL;
	flow_printer_end(p, &s);
	flow_printer_free(p);
	char *t = capture_close(&cap);
	assert_text_eq("footer", want, t);
	free(t);

	/* Unknown window, and nothing passed. */
	p = new_printer("raw", capture_open(&cap), "");
	s.passed_records = 0;
	s.window_known = 0;
	memset(&s.passed, 0, sizeof(s.passed));
	flow_printer_end(p, &s);
	flow_printer_free(p);
	t = capture_close(&cap);
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
		struct flow_printer *p = new_printer(cases[i].mode, capture_open(&cap), cases[i].flags);
		struct flow_summary s = { .processed = 5 };

		flow_stat_init(&s.passed);
		s.passed.msec_first = 0;
		flow_printer_begin(p);
		flow_printer_end(p, &s);
		flow_printer_free(p);
		char *t = capture_close(&cap);
		assert_text_eq(cases[i].mode, cases[i].want, t);
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
	ck_assert_int_lt(flow_printer_new(&p, NULL, &o, &err), 0);
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
	use_utc();
	for (size_t i = 0; i < sizeof(samples) / sizeof(samples[0]); i++) {
		char nf[512], golden[512];

		snprintf(nf, sizeof(nf), "%s/%s.nf", SAMPLES_DIR, samples[i]);
		snprintf(golden, sizeof(golden), "%s/out/%s.%s.txt", SAMPLES_DIR, samples[i], mode);
		char *want_all = slurp_text(golden);
		char *got_all = print_file(nf, mode, "");
		char *want = drop_sys(want_all), *got = drop_sys(got_all);

		assert_text_eq(golden, want, got);
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

	use_utc();
	want_all = slurp_text(S("out/v1_1625_nfcapd_A_none.raw.txt"));
	got_all = print_file(S("ref/v1_1625_nfcapd_A_none.nf"), "raw", "");
	want = drop_lines(want_all, skip);
	got = drop_lines(got_all, skip);
	/* The reader's message is followed by an empty line. */
	ck_assert_int_eq(strncmp(want, "\n\n", 2), 0);
	memmove(want, want + 1, strlen(want));
	assert_text_eq("v1 raw", want, got);
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
		flow_print_stat_info(capture_open(&cap), info.ident, &info.stat);
		char *got = capture_close(&cap);
		char *want = slurp_text(cases[i].golden);
		assert_text_eq(cases[i].golden, want, got);
		free(got);
		free(want);
	}
}
END_TEST

/* --- crafted records: every element, compared with nfdump 1.7.1 --- */

static const uint8_t text_payload[] = "GET /index.html HTTP/1.1\r\nHost: example.org\r\n\r\n";
static const uint8_t bin16[16] = { 0x16, 0x03, 0x01, 0x00, 0xa5, 0x01, 0x00, 0x00,
				   0xa1, 0x03, 0x03, 0x7e, 0x41, 0x20, 0x7f, 0x80 };
static const uint8_t nbar_pen[] = { 20, 0x00, 0x00, 0x0d, 0x9a, 0x00, 0x01, 0x02 };
static const uint8_t nbar_plain[] = { 13, 0x00, 0x50 };
static const uint8_t nbar_long[20] = { 3, 1, 2, 3 };
static const uint8_t pf_em0[] = "em0\0\0\0\0";
static const uint8_t pf_long[] = "averyveryverylongifname";
static const uint8_t label_txt[] = "mylabel!";
static uint8_t bin37[37];

#define SET(r, id) ((r)->present |= 1ULL << (id))
#define BYTES(arr) ((struct flow_bytes){ (arr), (uint16_t)sizeof(arr) })

static struct flow_ip6 ip6(uint64_t hi, uint64_t lo)
{
	return (struct flow_ip6){ hi, lo };
}

static void base(struct flow_record *r, uint8_t proto, uint8_t nfversion)
{
	flow_record_clear(r);
	SET(r, EX_GENERIC);
	r->nfversion = nfversion;
	r->engine_type = 3;
	r->engine_id = 4;
	r->exporter_sysid = 7;
	r->generic.msec_first = 1700000000123ULL;
	r->generic.msec_last = 1700000005456ULL;
	r->generic.msec_received = 1795713670766ULL;
	r->generic.in_packets = 42;
	r->generic.in_bytes = 4242;
	r->generic.proto = proto;
}

/* IPv4 TCP with every element that goes with it. */
static void rec_ipv4_all(struct flow_record *r)
{
	base(r, 6, 10);
	r->generic.in_packets = 12345678901ULL;
	r->generic.in_bytes = 9876543210ULL;
	r->generic.src_port = 443;
	r->generic.dst_port = 51000;
	r->generic.tcp_flags = 0x3f;
	r->generic.fwd_status = 64;
	r->generic.src_tos = 0x20;
	SET(r, EX_IPV4);
	r->ipv4 = (struct ex_ipv4){ 0xc0a8010a, 0x0a000001 };
	SET(r, EX_MISC);
	r->misc = (struct ex_misc){ .input = 70000, .output = 3, .src_mask = 24, .dst_mask = 16,
				    .dir = 1, .dst_tos = 8, .biflow_dir = 2, .end_reason = 3 };
	SET(r, EX_CNT);
	r->cnt = (struct ex_cnt){ 0, 5, 700 };
	SET(r, EX_VLAN);
	r->vlan = (struct ex_vlan){ 100, 70000 };
	SET(r, EX_AS);
	r->as = (struct ex_as){ 65001, 4200000000U };
	SET(r, EX_BGP_NH4);
	r->bgp_nh4.addr = 0x0a0000fe;
	SET(r, EX_IP_NH4);
	r->ip_nh4.addr = 0x0a0000fd;
	SET(r, EX_RECV4);
	r->recv4.addr = 0x7f000001;
	SET(r, EX_MPLS);
	r->mpls.label[0] = 1000 << 4 | 3 << 1;
	r->mpls.label[2] = 20 << 4 | 1;
	SET(r, EX_MAC);
	r->mac = (struct ex_mac){ 0x001122334455ULL, 0x0affeeddccbbULL, 0x020000000001ULL, 0 };
	SET(r, EX_AS_ADJ);
	r->as_adj = (struct ex_as_adj){ 1, 123456 };
	SET(r, EX_LATENCY);
	r->latency = (struct ex_latency){ 1500, 250000, 3 };
	SET(r, EX_SAMPLER);
	r->sampler.v178.selector_id = 9;
	SET(r, EX_NSEL_COMMON);
	r->nsel_common = (struct ex_nsel_common){ 1700000000999ULL, 12345, 1002, 3, 0 };
	SET(r, EX_NAT_XLATE4);
	r->nat_xlate4 = (struct ex_nat_xlate4){ 0x01020304, 0x05060708 };
	SET(r, EX_NAT_XLATE_PORT);
	r->nat_xlate_port = (struct ex_nat_xlate_port){ 1024, 2048 };
	SET(r, EX_NSEL_ACL);
	r->nsel_acl = (struct ex_nsel_acl){ { htonl(0x11223344), htonl(1), htonl(2) },
					    { htonl(0xdead), 0, htonl(0xffffffff) } };
	SET(r, EX_NSEL_USER);
	snprintf(r->nsel_user.username, sizeof(r->nsel_user.username), "alice");
	SET(r, EX_NAT_PORT_BLOCK);
	r->nat_port_block = (struct ex_nat_port_block){ 1000, 2000, 1, 1000 };
	SET(r, EX_NBAR);
	r->nbar = BYTES(nbar_pen);
	SET(r, EX_LABEL);
	r->label = BYTES(label_txt);
	SET(r, EX_IN_PAYLOAD);
	r->in_payload = (struct flow_bytes){ text_payload, (uint16_t)(sizeof(text_payload) - 1) };
	SET(r, EX_OUT_PAYLOAD);
	for (size_t i = 0; i < sizeof(bin37); i++)
		bin37[i] = (uint8_t)(i * 7 + 30);
	r->out_payload = BYTES(bin37);
	SET(r, EX_TUN4);
	r->tun4 = (struct ex_tun4){ 0x0a0a0a01, 0x0a0a0a02, 47 };
	SET(r, EX_OBSERVATION);
	r->observation = (struct ex_observation){ 0x123456789aULL, 0x42, 0 };
	SET(r, EX_VRF);
	r->vrf = (struct ex_vrf){ 5, 6 };
	SET(r, EX_PFINFO);
	r->pfinfo = (struct ex_pfinfo){ 1, 5, 1, 0, 42, 0, 0, 0 };
	r->pf_ifname = BYTES(pf_em0);
}

/* IPv6 UDP: the v6 elements, a NAT event on its own, a v6 tunnel. */
static void rec_ipv6_all(struct flow_record *r)
{
	base(r, 17, 9);
	r->generic.src_port = 5000;
	r->generic.dst_port = 5353;
	r->generic.src_tos = 7;
	SET(r, EX_IPV6);
	r->ipv6.src = ip6(0x20010db800010000ULL, 0x10);
	r->ipv6.dst = ip6(0x20010db800020000ULL, 0x0000000100000020ULL);
	SET(r, EX_MISC);
	r->misc = (struct ex_misc){ .input = 1, .output = 2, .src_mask = 48, .dst_mask = 100,
				    .biflow_dir = 9, .end_reason = 77 };
	SET(r, EX_CNT);
	r->cnt = (struct ex_cnt){ 3, 1, 99 };
	SET(r, EX_BGP_NH6);
	r->bgp_nh6.addr = ip6(0xfe80000000000000ULL, 1);
	SET(r, EX_IP_NH6);
	r->ip_nh6.addr = ip6(0xfe80000000000000ULL, 2);
	SET(r, EX_RECV6);
	r->recv6.addr = ip6(0, 1);
	SET(r, EX_NAT_XLATE6);
	r->nat_xlate6 = (struct ex_nat_xlate6){ ip6(0x2001000000000000ULL, 5), ip6(0, 0) };
	SET(r, EX_NAT_COMMON);
	r->nat_common = (struct ex_nat_common){ 1700000001000ULL, 17, 1, 0, 0 };
	SET(r, EX_TUN6);
	r->tun6 = (struct ex_tun6){ ip6(0x20010db8ULL << 32, 1), ip6(0x20010db8ULL << 32, 2), 41, 0 };
	SET(r, EX_INMON_META);
	r->inmon_meta = (struct ex_inmon_meta){ 1500, 1 };
}

/* ICMP type 3 code 3, and NSEL plus NAT events sharing one slot. */
static void rec_icmp_events(struct flow_record *r)
{
	base(r, 1, 5);
	r->generic.dst_port = 3 << 8 | 3;
	r->generic.tcp_flags = 0x12;
	SET(r, EX_IPV4);
	r->ipv4 = (struct ex_ipv4){ 0x0a000003, 0x08080808 };
	SET(r, EX_RECV4);
	r->recv4.addr = 0x7f000001;
	SET(r, EX_NSEL_COMMON);
	r->nsel_common = (struct ex_nsel_common){ 1700000000999ULL, 1, 77, 9, 0 };
	SET(r, EX_NAT_COMMON);
	r->nat_common = (struct ex_nat_common){ 400, 1, 2, 0, 0 };
}

/* ICMPv6 with both v4 and v6 of every address kind (shared slots). */
static void rec_overlays(struct flow_record *r)
{
	base(r, 58, 10);
	r->generic.dst_port = 128 << 8;
	SET(r, EX_IPV4);
	r->ipv4 = (struct ex_ipv4){ 0x01010101, 0x02020202 };
	SET(r, EX_IPV6);
	r->ipv6.src = ip6(0x20010db800000000ULL, 0xc0a80001);
	r->ipv6.dst = ip6(0, 0);
	SET(r, EX_MISC);
	r->misc.src_mask = 65;
	r->misc.dst_mask = 128;
	SET(r, EX_BGP_NH4);
	r->bgp_nh4.addr = 0x0b0b0b0b;
	SET(r, EX_BGP_NH6);
	r->bgp_nh6.addr = ip6(0x20010db8ULL << 32, 0xa0b0c0d);
	SET(r, EX_IP_NH4);
	r->ip_nh4.addr = 0x0c0c0c0c;
	SET(r, EX_IP_NH6);
	r->ip_nh6.addr = ip6(0x20010db8ULL << 32, 0xffff0a0b0c0dULL);
	SET(r, EX_RECV4);
	r->recv4.addr = 0x0d0d0d0d;
	SET(r, EX_RECV6);
	r->recv6.addr = ip6(0, 0xffff7f000001ULL);
	SET(r, EX_NAT_XLATE4);
	r->nat_xlate4 = (struct ex_nat_xlate4){ 0x0e0e0e0e, 0x0f0f0f0f };
	SET(r, EX_NAT_XLATE6);
	r->nat_xlate6 = (struct ex_nat_xlate6){ ip6(1, 2), ip6(3, 4) };
	SET(r, EX_TUN4);
	r->tun4 = (struct ex_tun4){ 1, 2, 4 };
	SET(r, EX_TUN6);
	r->tun6 = (struct ex_tun6){ ip6(0, 5), ip6(0, 6), 300, 0 };
}

/* Odd values: all flags, sFlow, unknown protocol, masks past 32, times 0. */
static void rec_odd(struct flow_record *r)
{
	base(r, 200, 0x85);
	r->flags = V3_FLAG_EVENT | V3_FLAG_SAMPLED | V3_FLAG_ANON;
	r->generic.msec_first = 500;
	r->generic.msec_last = 0;
	r->generic.msec_received = 999;
	r->generic.tcp_flags = 0xff;
	r->generic.src_port = 65535;
	SET(r, EX_IPV4);
	r->ipv4 = (struct ex_ipv4){ 0xffffffff, 0x80808080 };
	SET(r, EX_MISC);
	r->misc.src_mask = 65;
	r->misc.dst_mask = 33;
	SET(r, EX_NBAR);
	r->nbar = BYTES(nbar_long);
	SET(r, EX_IN_PAYLOAD);
	r->in_payload = (struct flow_bytes){ NULL, 0 };
}

/* No generic element; legacy version 0; anonymised; a plain NBAR id. */
static void rec_no_generic(struct flow_record *r)
{
	flow_record_clear(r);
	r->flags = V3_FLAG_ANON;
	SET(r, EX_IPV4);
	r->ipv4 = (struct ex_ipv4){ 0x0a000001, 0x0a000002 };
	SET(r, EX_AS);
	r->as = (struct ex_as){ 1, 2 };
	SET(r, EX_NBAR);
	r->nbar = BYTES(nbar_plain);
}

/* nfpcapd: payloads of 16 and 8 bytes, every MPLS label, long names. */
static void rec_pcap(struct flow_record *r)
{
	base(r, 6, 0x41);
	r->generic.tcp_flags = 0x02;
	SET(r, EX_IPV4);
	SET(r, EX_MPLS);
	for (int i = 0; i < 10; i++)
		r->mpls.label[i] = (uint32_t)(i * 100000 + i) << 4 | (uint32_t)i;
	SET(r, EX_IN_PAYLOAD);
	r->in_payload = BYTES(bin16);
	SET(r, EX_OUT_PAYLOAD);
	r->out_payload = (struct flow_bytes){ bin16, 8 };
	SET(r, EX_NSEL_USER);
	memset(r->nsel_user.username, 'u', sizeof(r->nsel_user.username));
	SET(r, EX_PFINFO);
	r->pfinfo = (struct ex_pfinfo){ 0, 20, 0, 0, 70000, 0, 0, 0 };
	r->pf_ifname = BYTES(pf_long);
	SET(r, EX_CNT);
	r->cnt.flows = 7;
}

/* csv's BGP next hop column: v6 BGP next hop with v4, none, v6 IP next hop. */
static void rec_bgp6(struct flow_record *r, int ip_nh)
{
	base(r, 6, 9);
	SET(r, EX_IPV4);
	r->ipv4 = (struct ex_ipv4){ 0x0a000001, 0x0a000002 };
	SET(r, EX_BGP_NH6);
	r->bgp_nh6.addr = ip6(0x20010db8ULL << 32, 9);
	if (ip_nh == 4) {
		SET(r, EX_IP_NH4);
		r->ip_nh4.addr = 0x0a0000fe;
	} else if (ip_nh == 6) {
		SET(r, EX_IP_NH6);
		r->ip_nh6.addr = ip6(0x20010db8ULL << 32, 0xfe);
	}
}

/*
 * DNS payloads (port 53): a UDP response with one answer of each kind
 * 1.7.1 names (SOA last: 1.7.1 does not skip its rdata); a TCP one with
 * the length prefix, A6 and RRSIG; a short one; undecodable names.
 */
static const uint8_t dns_udp[] = {
	0x12, 0x34, 0x81, 0x80, 0, 1, 0, 7, 0, 0, 0, 0,
	3, 'w', 'w', 'w', 7, 'e', 'x', 'a', 'm', 'p', 'l', 'e', 3, 'o', 'r', 'g', 0, 0, 1, 0, 1,
	0xc0, 0x0c, 0, 1, 0, 1, 0, 0, 1, 44, 0, 4, 93, 184, 216, 34,
	0xc0, 0x0c, 0, 28, 0, 1, 0, 0, 1, 44, 0, 16,
	0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1,
	0xc0, 0x0c, 0, 5, 0, 1, 0, 0, 0, 60, 0, 6, 3, 'c', 'd', 'n', 0xc0, 0x10,
	0xc0, 0x10, 0, 2, 0, 1, 0, 0, 14, 16, 0, 6, 3, 'n', 's', '1', 0xc0, 0x10,
	0xc0, 0x0c, 0, 16, 0, 1, 0, 0, 0, 1, 0, 6, 5, 'h', 'e', 'l', 'l', 'o',
	0xc0, 0x0c, 0, 15, 0, 1, 0, 0, 0, 1, 0, 4, 0, 10, 0xc0, 0x10,
	0xc0, 0x10, 0, 6, 0, 1, 0, 0, 0, 1, 0, 35, 0xc0, 0x10,
	10, 'h', 'o', 's', 't', 'm', 'a', 's', 't', 'e', 'r', 0xc0, 0x10,
	0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0, 3, 0, 0, 0, 4, 0, 0, 0, 5,
};
static const uint8_t dns_tcp[] = {
	0, 53, 0xab, 0xcd, 0x81, 0x80, 0, 1, 0, 2, 0, 0, 0, 0,
	1, 'a', 1, 'b', 0, 0, 28, 0, 1,
	0xc0, 0x0c, 0, 38, 0, 1, 0, 0, 0, 9, 0, 16,
	0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 9,
	0xc0, 0x0c, 0, 46, 0, 1, 0, 0, 0, 9, 0, 4, 1, 2, 3, 4,
};
static const uint8_t dns_short[] = { 1, 2, 3, 4, 5, 6, 7, 8 };
static const uint8_t dns_bad_query[] = { 0, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0x3f, 'A' };
static const uint8_t dns_bad_answer[] = { 0, 1, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0xc0, 0xff };

static void rec_dns(struct flow_record *r, uint8_t proto, const uint8_t *p, size_t n)
{
	base(r, proto, 9);
	r->generic.src_port = 53;
	r->generic.dst_port = 40000;
	SET(r, EX_IPV4);
	SET(r, EX_IN_PAYLOAD);
	r->in_payload = (struct flow_bytes){ p, (uint16_t)n };
}

#define NCRAFTED 15

static void crafted(struct flow_record r[NCRAFTED])
{
	rec_ipv4_all(&r[0]);
	rec_ipv6_all(&r[1]);
	rec_icmp_events(&r[2]);
	rec_overlays(&r[3]);
	rec_odd(&r[4]);
	rec_no_generic(&r[5]);
	rec_pcap(&r[6]);
	rec_bgp6(&r[7], 4);
	rec_bgp6(&r[8], 0);
	rec_bgp6(&r[9], 6);
	rec_dns(&r[10], 17, dns_udp, sizeof(dns_udp));
	rec_dns(&r[11], 6, dns_tcp, sizeof(dns_tcp));
	rec_dns(&r[12], 17, dns_short, sizeof(dns_short));
	rec_dns(&r[13], 17, dns_bad_query, sizeof(dns_bad_query));
	rec_dns(&r[14], 17, dns_bad_answer, sizeof(dns_bad_answer));
}

static void write_crafted(const char *path)
{
	static struct flow_record recs[NCRAFTED];
	struct nffile_opts o = { .compression = CODEC_NONE, .ident = "crafted" };
	struct flow_err err = { 0 };
	struct nfwriter *w;

	crafted(recs);
	ck_assert_msg(nffile_create(&w, path, &o, &err) == 0, "%s", err.msg);
	for (int i = 0; i < NCRAFTED; i++)
		ck_assert_msg(nfwriter_put_flow(w, &recs[i], &err) == 0, "%s", err.msg);
	ck_assert_msg(nffile_finish(w, &err) == 0, "%s", err.msg);
}

/* nfdump's stdout for "-r path -o mode" plus -q / -N as flags says. */
static char *run_nfdump(const char *path, const char *mode, const char *flags)
{
	char cmd[8192], buf[4096];
	struct capture cap;
	FILE *out = capture_open(&cap);
	FILE *in;
	size_t n;

	snprintf(cmd, sizeof(cmd), "TZ=UTC " NFDUMP " %s%s-r '%s' -o %s 2>/dev/null",
		 strchr(flags, 'q') ? "-q " : "", strchr(flags, 'N') ? "-N " : "", path, mode);
	in = popen(cmd, "r");
	ck_assert_ptr_nonnull(in);
	while ((n = fread(buf, 1, sizeof(buf), in)) > 0)
		fwrite(buf, 1, n, out);
	ck_assert_int_eq(pclose(in), 0);
	return capture_close(&cap);
}

static void check_crafted(const char *mode, const char *flags)
{
	char path[4096];

	if (access(NFDUMP, X_OK) != 0) {
		fprintf(stderr, "skipped: %s not installed, no golden text for crafted records\n", NFDUMP);
		return;
	}
	use_utc();
	snprintf(path, sizeof(path), "%s/crafted.nf", tu_tmpdir("output"));
	write_crafted(path);

	char *want_all = run_nfdump(path, mode, flags), *got_all = print_file(path, mode, flags);
	char *want = drop_sys(want_all), *got = drop_sys(got_all);
	char what[64];

	snprintf(what, sizeof(what), "%s -%s", mode, flags);
	ck_assert_msg(strlen(want) > 1000, "%s: nfdump printed too little:\n%s", what, want_all);
	assert_text_eq(what, want, got);
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
	struct flow_printer *p = new_printer("raw", capture_open(&cap), "q");
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
	char *t = capture_close(&cap);
	assert_text_eq("1.7.8 elements", want, t);
	free(t);
}
END_TEST

/* flow_printer_record numbers 1, 2...; a 32-bit zero hides the line. */
START_TEST(record_count)
{
	static struct flow_record r;
	struct capture cap;
	struct flow_printer *p = new_printer("raw", capture_open(&cap), "q");

	flow_record_clear(&r);
	flow_printer_record(p, &r);
	flow_printer_record(p, &r);
	flow_printer_record_seq(p, &r, 1ULL << 32);
	flow_printer_free(p);
	char *t = capture_close(&cap);
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

	use_utc();
	for (int mode = 0; mode < 2; mode++) {
		struct capture cap;
		struct flow_printer *p = new_printer(mode ? "csv" : "raw", capture_open(&cap), "");
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
		char *t = capture_close(&cap);
		size_t n = 0;
		for (const char *q = t; (q = strstr(q, "\nFlow Record: \n")); q++)
			n++;
		if (!mode)
			ck_assert_uint_eq(n, records);
		free(t);
	}
}
END_TEST

static void add_crafted_tests(TCase *tc)
{
	tcase_add_test(tc, random_records_print_safely);
	tcase_add_test(tc, raw_matches_nfdump_on_every_element);
	tcase_add_test(tc, csv_matches_nfdump_on_every_element);
	tcase_add_test(tc, elements_178_only);
	tcase_add_test(tc, record_count);
}

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
	tc = tcase_create("crafted");
	tcase_set_timeout(tc, 30);
	add_crafted_tests(tc);
	suite_add_tcase(s, tc);
	return tu_run(s) ? EXIT_FAILURE : EXIT_SUCCESS;
}
