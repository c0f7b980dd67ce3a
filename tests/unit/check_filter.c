/*
 * Unit tests for lib/filter: every primitive on hand-made records (a
 * match and a miss each), precedence, the missing-field rule, every kind
 * of syntax error and allocation failure.  The comparison against the
 * real nfdump 1.7.1 lives in tests/interop/filter.sh.
 */
#include <string.h>

#include "filter/filter.h"
#include "filter_util.h"
#include "testutil.h"
#include "util/alloc.h"

#define BIT(x) (1ULL << (x))

/* A v5/v9-like TCP flow with every element the filter reads filled in. */
static void rec_v4(struct flow_record *r)
{
	memset(r, 0, sizeof(*r));
	r->present = BIT(EX_GENERIC) | BIT(EX_IPV4) | BIT(EX_MISC) | BIT(EX_CNT) | BIT(EX_VLAN) |
		     BIT(EX_AS) | BIT(EX_IP_NH4) | BIT(EX_BGP_NH4) | BIT(EX_RECV4) | BIT(EX_MAC) |
		     BIT(EX_MPLS) | BIT(EX_LATENCY);
	r->engine_type = 1;
	r->engine_id = 7;
	r->exporter_sysid = 2;
	r->nfversion = 5;
	r->generic.msec_first = 1000;
	r->generic.msec_last = 11000;
	r->generic.in_packets = 10;
	r->generic.in_bytes = 1500;
	r->generic.src_port = 51000;
	r->generic.dst_port = 80;
	r->generic.proto = 6;
	r->generic.tcp_flags = 0x1b;	/* A P S F */
	r->generic.src_tos = 40;
	r->generic.fwd_status = 64;
	r->ipv4.src = 0xc0a8010a;	/* 192.168.1.10 */
	r->ipv4.dst = 0x0a000001;	/* 10.0.0.1 */
	r->misc.input = 1;
	r->misc.output = 2;
	r->misc.src_mask = 24;
	r->misc.dst_mask = 8;
	r->misc.dst_tos = 8;
	r->misc.dir = 1;
	r->cnt.flows = 3;
	r->cnt.out_packets = 45;
	r->cnt.out_bytes = 90000;
	r->vlan.src_vlan = 100;
	r->vlan.dst_vlan = 200;
	r->as.src_as = 65001;
	r->as.dst_as = 65002;
	r->ip_nh4.addr = 0xc0a80101;	/* 192.168.1.1 */
	r->bgp_nh4.addr = 0xc0000201;	/* 192.0.2.1 */
	r->recv4.addr = 0x7f000001;
	r->mac.in_src = 0x001122334455ULL;
	r->mac.in_dst = 0x66778899aabbULL;
	r->mac.out_src = 0x0a0b0c0d0e0fULL;
	r->mac.out_dst = 0x102030405060ULL;
	r->mpls.label[0] = (1000u << 4) | (5u << 1);
	r->mpls.label[1] = (2000u << 4) | 1u;
	r->latency.client_usec = 300;
}

/* An ICMPv6 neighbour solicitation: type 135, code 0; nothing else set. */
static void rec_v6(struct flow_record *r)
{
	memset(r, 0, sizeof(*r));
	r->present = BIT(EX_GENERIC) | BIT(EX_IPV6) | BIT(EX_IP_NH6);
	r->generic.proto = 58;
	r->generic.dst_port = 135 * 256 + 0;
	r->generic.in_packets = 1;
	r->generic.in_bytes = 72;
	r->ipv6.src.hi = 0x20010db800010000ULL;	/* 2001:db8:1::10 */
	r->ipv6.src.lo = 0x10;
	r->ipv6.dst.hi = 0x20010db800020000ULL;	/* 2001:db8:2::20 */
	r->ipv6.dst.lo = 0x20;
	r->ip_nh6.addr.hi = 0x20010db800010000ULL;
	r->ip_nh6.addr.lo = 1;
}

static int run(const char *expr, const struct flow_record *r)
{
	struct flow_filter *f;
	struct flow_err err = { 0 };
	int rc = flow_filter_compile(&f, expr, &err);

	ck_assert_msg(rc == 0, "'%s' does not compile: %s", expr, err.msg);
	rc = flow_filter_match(f, r);
	flow_filter_free(f);
	return rc;
}

struct tcase_row {
	const char *expr;
	int v4, v6, empty;	/* expected on rec_v4, rec_v6, an empty record */
};

static const struct tcase_row rows[] = {
	{ "any", 1, 1, 1 },
	{ "not any", 0, 0, 0 },
	{ "", 1, 1, 1 },
	{ "  # only a comment\n", 1, 1, 1 },
	{ "ipv4", 1, 0, 1 }, { "inet", 1, 0, 1 }, { "ipv6", 0, 1, 0 }, { "inet6", 0, 1, 0 },
	{ "proto tcp", 1, 0, 0 }, { "proto TCP", 1, 0, 0 }, { "proto 6", 1, 0, 0 },
	{ "proto 0x06", 1, 0, 0 }, { "proto icmp6", 0, 1, 0 }, { "proto 58", 0, 1, 0 },
	{ "proto udp", 0, 0, 0 }, { "proto 0", 0, 0, 1 }, { "proto gre", 0, 0, 0 },
	{ "ip 192.168.1.10", 1, 0, 0 }, { "host 10.0.0.1", 1, 0, 0 },
	{ "src ip 192.168.1.10", 1, 0, 0 }, { "dst ip 192.168.1.10", 0, 0, 0 },
	{ "src or dst ip 10.0.0.1", 1, 0, 0 }, { "dst or src ip 10.0.0.1", 1, 0, 0 },
	{ "src and dst ip 10.0.0.1", 0, 0, 0 }, { "src and dst ip 0.0.0.0", 0, 0, 1 },
	{ "ip 2001:db8:1::10", 0, 1, 0 }, { "dst ip 2001:db8:2::20", 0, 1, 0 },
	{ "src ip 2001:db8:2::20", 0, 0, 0 }, { "ip 0.0.0.0", 0, 0, 1 }, { "ip ::", 0, 0, 1 },
	{ "ip 'ip'", -1, -1, -1 },
	{ "net 192.168.1.0/24", 1, 0, 0 }, { "src net 192.168.0.0/16", 1, 0, 0 },
	{ "dst net 192.168.0.0/16", 0, 0, 0 }, { "dst net 10.0.0.0 255.0.0.0", 1, 0, 0 },
	{ "net 192.168/16", 1, 0, 0 }, { "net 10.0/16", 1, 0, 0 }, { "net 10.1/16", 0, 0, 0 },
	{ "net 10.0.0.77/8", 1, 0, 0 }, { "net 0.0.0.0/0", 1, 0, 1 },
	{ "net 2001:db8::/32", 0, 1, 0 }, { "src net 2001:db8:1::/48", 0, 1, 0 },
	{ "dst net 2001:db8:1::/48", 0, 0, 0 }, { "net 2001:db8:2::20/128", 0, 1, 0 },
	{ "ip in [ 8.8.8.8 10.0.0.0/24 ]", 1, 0, 0 }, { "src ip in [ 10.0.0.1 ]", 0, 0, 0 },
	{ "dst ip in [ 8.8.8.8, 10.0.0.1, 2001:db8:2::20 ]", 1, 1, 0 },
	{ "ip in [ 2001:db8::/16 ]", 0, 1, 0 },
	{ "port 80", 1, 0, 0 }, { "port 81", 0, 0, 0 }, { "src port 80", 0, 0, 0 },
	{ "dst port 80", 1, 0, 0 }, { "port 0", 0, 1, 1 }, { "dst port > 1024", 0, 1, 0 },
	{ "src port gt 50000", 1, 0, 0 }, { "src port >= 51000", 1, 0, 0 },
	{ "src port > 51000", 0, 0, 0 }, { "dst port < 81", 1, 0, 1 }, { "dst port le 79", 0, 0, 1 },
	{ "dst port eq 80", 1, 0, 0 }, { "dst port == 80", 1, 0, 0 }, { "dst port = 0x50", 1, 0, 0 },
	{ "port in [ 22 25 80 ]", 1, 0, 0 }, { "port in [22,25]", 0, 0, 0 },
	{ "src and dst port < 60000", 1, 1, 1 }, { "src and dst port 80", 0, 0, 0 },
	{ "as 65001", 1, 0, 0 }, { "src as 65002", 0, 0, 0 }, { "dst as 65002", 1, 0, 0 },
	{ "as > 65001", 1, 0, 0 }, { "dst as in [ 15169 65002 ]", 1, 0, 0 }, { "as 0", 0, 1, 1 },
	{ "if 2", 1, 0, 0 }, { "in if 1", 1, 0, 0 }, { "in if 2", 0, 0, 0 }, { "out if 2", 1, 0, 0 },
	{ "if 3", 0, 0, 0 },
	{ "mask 8", 1, 0, 0 }, { "src mask 24", 1, 0, 0 }, { "dst mask 24", 0, 0, 0 },
	{ "vlan 200", 1, 0, 0 }, { "src vlan 100", 1, 0, 0 }, { "dst vlan 100", 0, 0, 0 },
	{ "src vlan 0", 0, 1, 1 },
	{ "mac 00:11:22:33:44:55", 1, 0, 0 }, { "mac 66:77:88:99:AA:BB", 1, 0, 0 },
	{ "in src mac 00:11:22:33:44:55", 1, 0, 0 }, { "in dst mac 00:11:22:33:44:55", 0, 0, 0 },
	{ "out src mac 0a:0b:0c:0d:0e:0f", 1, 0, 0 }, { "out dst mac 10:20:30:40:50:60", 1, 0, 0 },
	{ "src mac 0a:0b:0c:0d:0e:0f", 1, 0, 0 }, { "dst mac 0a:0b:0c:0d:0e:0f", 0, 0, 0 },
	{ "in mac 66:77:88:99:aa:bb", 1, 0, 0 }, { "out mac 66:77:88:99:aa:bb", 0, 0, 0 },
	{ "flags S", 1, 0, 0 }, { "flags SA", 1, 0, 0 }, { "flags AS", 1, 0, 0 },
	{ "flags FSPA", 1, 0, 0 }, { "flags R", 0, 0, 0 }, { "flags X", 0, 0, 0 },
	{ "flags 27", 1, 0, 0 }, { "flags > 26", 1, 0, 0 }, { "flags < 27", 0, 0, 0 },
	{ "not flags A and proto tcp", 0, 0, 0 },
	{ "tos 40", 1, 0, 0 }, { "tos 0x28", 1, 0, 0 }, { "src tos 40", 1, 0, 0 },
	{ "dst tos 8", 1, 0, 0 }, { "dst tos 40", 0, 0, 0 }, { "tos > 0", 1, 0, 0 },
	{ "packets 10", 1, 0, 0 }, { "packets > 10", 0, 0, 0 }, { "in packets >= 10", 1, 0, 0 },
	{ "out packets 45", 1, 0, 0 }, { "out packets 0", 0, 1, 1 },
	{ "bytes 1500", 1, 0, 0 }, { "bytes > 1k", 1, 0, 0 }, { "bytes > 1K", 1, 0, 0 },
	{ "bytes < 1k", 0, 1, 1 }, { "bytes > 1m", 0, 0, 0 }, { "bytes < 1g", 1, 1, 1 },
	{ "bytes < 1t", 1, 1, 1 }, { "out bytes > 0", 1, 0, 0 }, { "in bytes 72", 0, 1, 0 },
	{ "flows 3", 1, 0, 0 }, { "flows 1", 0, 1, 1 }, { "flows > 1", 1, 0, 0 },
	{ "duration 10000", 1, 0, 0 }, { "duration 0", 0, 1, 1 }, { "duration > 5000", 1, 0, 0 },
	{ "pps 1", 1, 0, 0 }, { "pps 0", 0, 1, 1 }, { "bps 1200", 1, 0, 0 },
	{ "bps > 1200", 0, 0, 0 }, { "bpp 150", 1, 0, 0 }, { "bpp 72", 0, 1, 0 }, { "bpp 0", 0, 0, 1 },
	{ "next ip 192.168.1.1", 1, 0, 0 }, { "next ip 2001:db8:1::1", 0, 1, 0 },
	{ "next ip 0.0.0.0", 0, 0, 1 }, { "next ip in [ 192.168.1.0/24 ]", 1, 0, 0 },
	{ "bgpnext ip 192.0.2.1", 1, 0, 0 }, { "bgp next ip 192.0.2.1", 1, 0, 0 },
	{ "bgpnext ip 192.0.2.2", 0, 0, 0 },
	{ "router ip 127.0.0.1", 1, 0, 0 }, { "router ip 0.0.0.0", 0, 1, 1 },
	{ "icmp-type 135", 0, 1, 0 }, { "icmp-code 0", 0, 1, 0 }, { "icmp-type 0", 0, 0, 0 },
	{ "icmp-type > 100", 0, 1, 0 },
	{ "engine-type 1", 1, 0, 0 }, { "engine-id 7", 1, 0, 0 }, { "engine-id > 7", 0, 0, 0 },
	{ "engine-type 0", 0, 1, 1 },
	{ "sysid 2", 1, 0, 0 }, { "exporter sysid 2", 1, 0, 0 }, { "nfversion 5", 1, 0, 0 },
	{ "flowdir egress", 1, 0, 0 }, { "flowdir 0", 0, 1, 1 }, { "dir ingress", 0, 1, 1 },
	{ "fwdstat 64", 1, 0, 0 }, { "fwdstat > 64", 0, 0, 0 },
	{ "client latency 300", 1, 0, 0 }, { "server latency > 0", 0, 0, 0 },
	{ "app latency 0", 1, 1, 1 },
	{ "mpls label1 1000", 1, 0, 0 }, { "mpls label2 2000", 1, 0, 0 },
	{ "mpls label1 2000", 0, 0, 0 }, { "mpls exp1 5", 1, 0, 0 }, { "mpls exp1 0", 0, 1, 1 },
	{ "mpls any 2000", 1, 0, 0 }, { "mpls any 3000", 0, 0, 0 },
	/* logic and precedence: not > and > or, left to right */
	{ "proto tcp and port 80", 1, 0, 0 }, { "proto tcp && port 81", 0, 0, 0 },
	{ "proto udp or port 80", 1, 0, 0 }, { "proto udp || proto 58", 0, 1, 0 },
	{ "! proto tcp", 0, 1, 1 }, { "not not proto tcp", 1, 0, 0 },
	{ "port 80 or port 443 and proto udp", 1, 0, 0 },
	{ "(port 80 or port 443) and proto udp", 0, 0, 0 },
	{ "proto udp and port 443 or port 80", 1, 0, 0 },
	{ "not proto tcp and proto 0", 0, 0, 1 }, { "not (proto tcp or proto 0)", 0, 1, 0 },
	{ "not proto tcp or port 80", 1, 1, 1 },
	{ "((((proto tcp))))", 1, 0, 0 },
	{ "PROTO TCP AND PORT EQ 80", 1, 0, 0 }, { "Src Ip 192.168.1.10", 1, 0, 0 },
	{ "proto tcp # and port 81", 1, 0, 0 },
	{ "proto tcp\nand\n(\n dst port 80 # web\n or dst port 443\n)", 1, 0, 0 },
};

START_TEST(test_rows)
{
	struct flow_record r4, r6, r0;

	rec_v4(&r4);
	rec_v6(&r6);
	memset(&r0, 0, sizeof(r0));
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		const struct tcase_row *t = &rows[i];
		struct flow_filter *f;
		struct flow_err err = { 0 };
		int rc = flow_filter_compile(&f, t->expr, &err);

		if (t->v4 < 0) {
			ck_assert_msg(rc == FLOW_EINVAL, "'%s' compiled", t->expr);
			continue;
		}
		ck_assert_msg(rc == 0, "'%s': %s", t->expr, err.msg);
		ck_assert_msg(flow_filter_match(f, &r4) == t->v4, "'%s' on v4: want %d", t->expr, t->v4);
		ck_assert_msg(flow_filter_match(f, &r6) == t->v6, "'%s' on v6: want %d", t->expr, t->v6);
		ck_assert_msg(flow_filter_match(f, &r0) == t->empty, "'%s' on empty: want %d", t->expr,
			      t->empty);
		/* decoded with only what the filter reads, over another record */
		ck_assert_msg(part_match(f, &r4, &r6) == t->v4, "'%s' on v4 in part", t->expr);
		ck_assert_msg(part_match(f, &r6, &r4) == t->v6, "'%s' on v6 in part", t->expr);
		ck_assert_msg(part_match(f, &r0, &r4) == t->empty, "'%s' on empty in part", t->expr);
		flow_filter_free(f);
	}
	/* most rows read plain members: planned, and checked against decoding */
	ck_assert_uint_ge(raw_planned, 3 * sizeof(rows) / sizeof(rows[0]) * 3 / 4);
}
END_TEST

START_TEST(test_null_and_empty)
{
	struct flow_filter *f;
	struct flow_record r;

	rec_v4(&r);
	ck_assert_int_eq(flow_filter_compile(&f, NULL, NULL), 0);
	ck_assert_int_eq(flow_filter_match(f, &r), 1);
	flow_filter_free(f);
	ck_assert_int_eq(flow_filter_match(NULL, &r), 1);
	flow_filter_free(NULL);
	ck_assert_int_eq(run("\t \n", &r), 1);
}
END_TEST

/* ip 0.0.0.0 style reads: an IPv4 value never matches an IPv6 record. */
START_TEST(test_v4_never_matches_v6)
{
	struct flow_record r;

	rec_v6(&r);
	r.ipv4.src = 0x0a000001;	/* stale v4 data must be ignored */
	ck_assert_int_eq(run("src ip 10.0.0.1", &r), 0);
	ck_assert_int_eq(run("net 0.0.0.0/0", &r), 0);
	r.ipv6.src.hi = 0;
	r.ipv6.src.lo = 0x0a000001;	/* ::10.0.0.1 reads as 10.0.0.1 in 1.7.1 */
	ck_assert_int_eq(run("src ip 10.0.0.1", &r), 1);
}
END_TEST

struct bad_row {
	const char *expr;
	const char *want;	/* substring of the message */
};

static const struct bad_row bad[] = {
	{ "proto", "at end of filter" },
	{ "proto foo", "Unknown protocol at 'foo'" },
	{ "proto 256", "Protocol number > 255" },
	{ "port 70000", "Port outside of range 0..65535" },
	{ "tos 300", "TOS must be 0..255" },
	{ "port abc", "number expected at 'abc'" },
	{ "port 1.5k", "number expected" },
	{ "port 99999999999999999999", "number expected" },
	{ "ip 1.2.3", "incomplete IP address at '1.2.3'" },
	{ "ip 1.2.3.256", "not an IP address" },
	{ "net www.example.com/8", "host names are not allowed with net" },
	{ "ip 2001:db8:::1", "not an IP address" },
	{ "net 10.0.0.0", "netmask or /len expected" },
	{ "net 10/8", "syntax error at '10'" },
	{ "net 10.0.0.0/33", "prefix length out of range" },
	{ "net 2001:db8::/129", "prefix length out of range" },
	{ "net 10.0.0.0 foo", "netmask or /len expected at 'foo'" },
	{ "ip in [ ]", "empty list" },
	{ "ip in 10.0.0.1", "'[' expected" },
	{ "port in [ 80", "number expected at end of filter" },
	{ "mac 00:11:22:33:44", "MAC address expected" },
	{ "mac 00:11:22:33:44:55:66", "MAC address expected" },
	{ "mac 00:00:00:00:00:00", "Invalid MAC address format" },
	{ "flags Q", "Unknown flags" },
	{ "flags SSSSSSSS", "Too many flags" },
	{ "flags 300", "Flags must be 0..255" },
	{ "src packets 1", "direction qualifier not allowed here" },
	{ "in port 80", "direction qualifier not allowed here" },
	{ "src proto tcp", "direction qualifier not allowed here" },
	{ "src and dst mac 00:11:22:33:44:55", "direction qualifier not allowed" },
	{ "proto tcp and", "syntax error at end of filter" },
	{ "proto tcp or or proto udp", "at 'or'" },
	{ "(proto tcp", "')' expected at end of filter" },
	{ "proto tcp)", "syntax error at ')'" },
	{ "proto tcp proto udp", "syntax error at 'proto'" },
	{ "proto tcp & port 80", "syntax error at '&'" },
	{ "proto tcp | port 80", "syntax error at '|'" },
	{ "port 80 'unterminated", "unterminated quote" },
	{ "'proto' tcp", "syntax error" },
	{ "bogus 1", "unknown or unsupported primitive at 'bogus'" },
	{ "ident a.b", "Illegal ident string at 'a.b'" },
	{ "count x", "number expected at 'x'" },
	{ "flags =Q", "Unknown flags at 'Q'" },
	{ "flags SS", "Too many flags at 'SS'" },
	{ "next as x", "number expected at 'x'" },
	{ "prev ip 1.2.3.4", "syntax error at 'ip'" },
	{ "@exclude x", "syntax error at '@'" },
	{ "bgp ip 1.2.3.4", "syntax error at 'ip'" },
	{ "router 1.2.3.4", "syntax error at '1.2.3.4'" },
	{ "router ip in [ 1.2.3.4 ]", "IP address expected at 'in'" },
	{ "mpls label11 1", "mpls labelN, expN or any expected" },
	{ "flowdir sideways", "ingress or egress expected" },
	{ "client 300", "syntax error at '300'" },
	{ "port 80 and\nport x", "line 2 col 6" },
};

START_TEST(test_syntax_errors)
{
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct flow_filter *f = (struct flow_filter *)&f;
		struct flow_err err = { 0 };
		int rc = flow_filter_compile(&f, bad[i].expr, &err);

		ck_assert_msg(rc == FLOW_EINVAL, "'%s' gave %d", bad[i].expr, rc);
		ck_assert_msg(f == NULL, "'%s' left a filter", bad[i].expr);
		ck_assert_msg(strstr(err.msg, bad[i].want) != NULL, "'%s': got \"%s\", want \"%s\"",
			      bad[i].expr, err.msg, bad[i].want);
		ck_assert_msg(strstr(err.msg, "line ") != NULL, "'%s': no position", bad[i].expr);
	}
}
END_TEST

START_TEST(test_deep_nesting)
{
	char buf[2048];
	size_t n = 0;
	struct flow_filter *f;

	for (int i = 0; i < 500; i++)
		buf[n++] = '(';
	memcpy(buf + n, "any", 4);
	ck_assert_int_eq(flow_filter_compile(&f, buf, NULL), FLOW_EINVAL);
	ck_assert_ptr_null(f);
}
END_TEST

START_TEST(test_long_chain)
{
	static char buf[64 * 1024];
	size_t n = 0;
	struct flow_record r;

	rec_v4(&r);
	for (int i = 0; i < 2000; i++)
		n += (size_t)snprintf(buf + n, sizeof(buf) - n, "port %d or ", 1000 + i);
	snprintf(buf + n, sizeof(buf) - n, "port 80");
	ck_assert_int_eq(run(buf, &r), 1);
}
END_TEST

START_TEST(test_dump)
{
	struct flow_filter *f;
	char *text = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&text, &len);

	ck_assert_int_eq(flow_filter_compile(&f, "src ip 10.0.0.1 and not port in [ 1 2 ] or "
					     "pps > 3 or flags S or ip in [ ::1 ] or icmp-type 8", NULL), 0);
	flow_filter_dump(f, fp);
	flow_filter_dump(NULL, fp);
	fclose(fp);
	ck_assert_ptr_nonnull(strstr(text, "root "));
	ck_assert_ptr_nonnull(strstr(text, "addr src"));
	ck_assert_ptr_nonnull(strstr(text, "list"));
	ck_assert_ptr_nonnull(strstr(text, "pps > 3"));
	ck_assert_ptr_nonnull(strstr(text, "empty filter"));
	free(text);
	flow_filter_free(f);
}
END_TEST

/* Fail each allocation in turn: always FLOW_ENOMEM, never a leak (ASan). */
START_TEST(test_alloc_failure)
{
	const char *expr = "src ip in [ 10.0.0.0/8 2001:db8::/32 1.2.3.4 5.6.7.8 9.9.9.9 "
			   "10.1.1.1 10.2.2.2 10.3.3.3 10.4.4.4 10.5.5.5 10.6.6.6 10.7.7.7 "
			   "10.8.8.8 10.9.9.9 11.1.1.1 11.2.2.2 11.3.3.3 ] and port in [ 1 2 3 4 "
			   "5 6 7 8 9 10 11 12 13 14 15 16 17 ] and (proto tcp or proto udp or "
			   "flags S or mac 00:11:22:33:44:55 or ip 1.2.3.4 or ip 1.2.3.5 or "
			   "port 1 or port 2 or port 3 or port 4 or port 5)";
	int done = 0;

	for (long n = 1; !done && n < 1000; n++) {
		struct flow_filter *f;
		struct flow_err err = { 0 };
		int rc;

		flow_alloc_fail_at(n, 1);
		rc = flow_filter_compile(&f, expr, &err);
		flow_alloc_fail_at(0, 0);
		if (rc == 0) {
			flow_filter_free(f);
			done = 1;
		} else {
			ck_assert_int_eq(rc, FLOW_ENOMEM);
			ck_assert_ptr_null(f);
		}
	}
	ck_assert(done);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("filter");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_rows);
	tcase_add_test(tc, test_null_and_empty);
	tcase_add_test(tc, test_v4_never_matches_v6);
	tcase_add_test(tc, test_syntax_errors);
	tcase_add_test(tc, test_deep_nesting);
	tcase_add_test(tc, test_long_chain);
	tcase_add_test(tc, test_dump);
	tcase_add_test(tc, test_alloc_failure);
	suite_add_tcase(s, tc);
	return tu_run(s) ? EXIT_FAILURE : EXIT_SUCCESS;
}
