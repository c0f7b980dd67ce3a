/*
 * Unit tests for lib/filter, second part: the NSEL/NEL, tunnel, string,
 * counter and 1.7.8-spelling primitives of prim_ext.c on a hand-made NSEL
 * record (a match and a miss each, plus the missing-field rule on an
 * empty record), ident and count through flow_filter_match_ctx, where we
 * differ from 1.7.1 on purpose (man/dump.1), and the exact text of syntax
 * errors: line, column and token.
 */
#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "filter/filter.h"
#include "filter_util.h"
#include "testutil.h"

#define BIT(x) (1ULL << (x))

static const char user[] = "alice";
static const char label[] = "WebTraffic";
static const char payload[] = "GET /index.html HTTP/1.1";

/* An ASA/NEL-like IPv4 flow with every NSEL and NAT element filled in. */
static void rec_nsel(struct flow_record *r)
{
	memset(r, 0, sizeof(*r));
	r->present = BIT(EX_GENERIC) | BIT(EX_IPV4) | BIT(EX_NSEL_COMMON) | BIT(EX_NAT_XLATE4) |
		     BIT(EX_NAT_XLATE_PORT) | BIT(EX_NSEL_ACL) | BIT(EX_NSEL_USER) |
		     BIT(EX_NAT_PORT_BLOCK) | BIT(EX_VRF) | BIT(EX_TUN4) | BIT(EX_OBSERVATION) |
		     BIT(EX_AS_ADJ) | BIT(EX_MPLS) | BIT(EX_LABEL) | BIT(EX_IN_PAYLOAD) |
		     BIT(EX_IPINFO) | BIT(EX_LAYER2);
	r->generic.proto = 6;
	r->generic.src_port = 1500;
	r->generic.dst_port = 443;
	r->generic.fwd_status = 1;		/* Forw */
	r->generic.tcp_flags = 0x12;		/* A S */
	r->ipv4.src = 0x0a000001;
	r->ipv4.dst = 0xc6336401;		/* 198.51.100.1 */
	r->nsel_common.fw_event = 3;		/* deny */
	r->nsel_common.fw_xevent = 1001;	/* denied by ingress ACL */
	r->nat_xlate4.src = 0xcb007105;		/* 203.0.113.5 */
	r->nat_xlate4.dst = 0xc6336401;
	r->nat_xlate_port.src = 40000;
	r->nat_xlate_port.dst = 443;
	r->nsel_acl.ingress[0] = htonl(11);
	r->nsel_acl.ingress[1] = htonl(12);
	r->nsel_acl.ingress[2] = htonl(13);
	r->nsel_acl.egress[0] = htonl(21);
	r->nsel_acl.egress[1] = htonl(22);
	r->nsel_acl.egress[2] = htonl(23);
	memcpy(r->nsel_user.username, user, sizeof(user));
	r->nat_port_block.start = 1024;
	r->nat_port_block.end = 2047;
	r->nat_port_block.step = 1;
	r->nat_port_block.size = 1024;
	r->vrf.ingress_vrf = 7;
	r->vrf.egress_vrf = 8;
	r->tun4.src = 0xac100001;		/* 172.16.0.1 */
	r->tun4.dst = 0xac100002;
	r->tun4.proto = 47;
	r->observation.domain_id = 99;
	r->observation.point_id = 5000;
	r->as_adj.prev_as = 64500;
	r->as_adj.next_as = 64501;
	r->mpls.label[0] = 100u << 4;
	r->mpls.label[1] = (200u << 4) | 1u;	/* bottom of stack */
	r->label.ptr = (const uint8_t *)label;
	r->label.len = sizeof(label);
	r->in_payload.ptr = (const uint8_t *)payload;
	r->in_payload.len = sizeof(payload) - 1;
	r->ipinfo.min_ttl = 60;
	r->ipinfo.max_ttl = 64;
	r->layer2.ether_type = 0x0800;
}

struct row {
	const char *expr;
	int nsel, empty;	/* on rec_nsel, on an empty record */
};

static const struct row rows[] = {
	{ "asa event deny", 1, 0 }, { "asa event 3", 1, 0 }, { "asa event > 2", 1, 0 },
	{ "asa event create", 0, 0 }, { "asa event ignore", 0, 1 },
	{ "asa event denied ingress", 1, 0 }, { "asa event denied egress", 0, 0 },
	{ "asa event denied 1001", 1, 0 }, { "asa xevent 1001", 1, 0 },
	{ "asa xevent < 1000", 0, 1 }, { "asa user alice", 1, 0 }, { "asa user alic", 0, 0 },
	{ "nat event add", 0, 0 }, { "nat event invalid", 0, 1 },
	{ "xip 203.0.113.5", 1, 0 }, { "nip 203.0.113.5", 1, 0 }, { "dst xip 203.0.113.5", 0, 0 },
	{ "src nat ip 203.0.113.5", 1, 0 }, { "nat ip 198.51.100.1", 1, 0 },
	{ "xip in [ 203.0.113.0/24 ]", 1, 0 }, { "dst nip in [ 203.0.113.0/24 ]", 0, 0 },
	{ "xnet 203.0.113.0/24", 1, 0 }, { "src nat net 203.0.0.0/8", 1, 0 },
	{ "dst xnet 203.0.113.0/24", 0, 0 }, { "xip 0.0.0.0", 0, 1 },
	{ "xport 40000", 1, 0 }, { "src xport > 30000", 1, 0 }, { "dst nport 443", 1, 0 },
	{ "nat port 40000", 1, 0 }, { "dst nat port 40000", 0, 0 }, { "xport 0", 0, 1 },
	{ "ingress acl 11", 1, 0 }, { "ingress ace 12", 1, 0 }, { "ingress xace 13", 1, 0 },
	{ "egress acl 21", 1, 0 }, { "egress ace 22", 1, 0 }, { "egress xace > 22", 1, 0 },
	{ "ingress acl 12", 0, 0 }, { "egress acl 0", 0, 1 },
	{ "ingress vrf 7", 1, 0 }, { "egress vrf 8", 1, 0 }, { "ingress vrf > 7", 0, 0 },
	{ "pblock start 1024", 1, 0 }, { "nat pblock end 2047", 1, 0 },
	{ "pblock step 1", 1, 0 }, { "pblock size >= 1024", 1, 0 }, { "pblock start 0", 0, 1 },
	{ "port in pblock", 1, 1 }, { "src port in pblock", 1, 1 },
	{ "dst port in nat pblock", 0, 1 },
	{ "tun proto gre", 1, 0 }, { "tun proto 47", 1, 0 }, { "tun proto 0", 0, 1 },
	{ "tunip 172.16.0.1", 1, 0 }, { "dst tunip 172.16.0.1", 0, 0 },
	{ "src tun ip 172.16.0.1", 1, 0 }, { "tun net 172.16.0.0/16", 1, 0 },
	{ "observation domain id 99", 1, 0 }, { "observation point id > 4999", 1, 0 },
	{ "observation domain id 0", 0, 1 },
	{ "prev as 64500", 1, 0 }, { "next as 64501", 1, 0 }, { "previous as > 64500", 0, 0 },
	{ "next as in [ 1 64501 ]", 1, 0 }, { "prev as 0", 0, 1 },
	{ "mpls eos 200", 1, 0 }, { "mpls eos 100", 0, 0 },
	/* 1.7.1: no bottom-of-stack entry compares as 0xff00000 */
	{ "mpls eos > 1000000", 0, 1 }, { "mpls any 100", 1, 0 },
	{ "fwdstat Forw", 1, 0 }, { "fwdstat forw", 1, 0 }, { "fwdstat Ukwn", 0, 1 },
	{ "flowlabel webtraffic", 1, 0 }, { "flowlabel Web", 0, 0 },
	{ "payload content index", 1, 0 }, { "payload content 'HTTP/1.1'", 1, 0 },
	{ "payload content POST", 0, 0 },
	{ "min ttl 60", 1, 0 }, { "max ttl > 64", 0, 0 }, { "ethertype 0x800", 1, 0 },
	{ "engine type 0", 1, 1 }, { "engine id > 0", 0, 0 },
	{ "icmp type 0", 0, 0 }, { "icmp code 0", 0, 0 },
	{ "exporter ip 0.0.0.0", 1, 1 }, { "exporter id 0", 1, 1 },
	{ "flags =AS", 1, 0 }, { "flags = S", 0, 0 }, { "flags AS", 1, 0 },
	{ "flags E", 0, 0 },
	{ "%lab ( proto tcp )", 1, 0 }, { "(proto tcp) %lab or proto 0", 1, 1 },
	{ "first seen > 2020-01-01", 0, 0 }, { "first seen < 2020-01-01T00:00", 1, 1 },
	{ "last seen <= 2000-01-01T12:00:00", 1, 1 }, { "last seen > 2000-01-01", 0, 0 },
	{ "count 0", 1, 1 }, { "cnt > 0", 0, 0 }, { "ident x", 0, 0 },
};

START_TEST(test_ext_rows)
{
	struct flow_record rn, r0;

	rec_nsel(&rn);
	memset(&r0, 0, sizeof(r0));
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		struct flow_filter *f;
		struct flow_err err = { 0 };
		int rc = flow_filter_compile(&f, rows[i].expr, &err);

		ck_assert_msg(rc == 0, "'%s': %s", rows[i].expr, err.msg);
		ck_assert_msg(flow_filter_match(f, &rn) == rows[i].nsel, "'%s' on nsel: want %d",
			      rows[i].expr, rows[i].nsel);
		ck_assert_msg(flow_filter_match(f, &r0) == rows[i].empty, "'%s' on empty: want %d",
			      rows[i].expr, rows[i].empty);
		ck_assert_msg(part_match(f, &rn, &r0) == rows[i].nsel, "'%s' on nsel in part",
			      rows[i].expr);
		ck_assert_msg(part_match(f, &r0, &rn) == rows[i].empty, "'%s' on empty in part",
			      rows[i].expr);
		flow_filter_free(f);
	}
	/* most rows read plain members: planned, and checked against decoding */
	ck_assert_uint_ge(raw_planned, 2 * sizeof(rows) / sizeof(rows[0]) * 1 / 4);
}
END_TEST

/* ident and count come from the caller, as nfdump's engine has them. */
START_TEST(test_ident_count)
{
	struct flow_filter *f;
	struct flow_record r;
	struct flow_filter_ctx ctx = { "upstream1", 7 };

	memset(&r, 0, sizeof(r));
	ck_assert_int_eq(flow_filter_compile(&f, "( ident upstream1 or ident peer-2 ) and "
					     "count > 5 and count <= 7", NULL), 0);
	ck_assert_uint_eq(flow_filter_needs(f), FLOW_FILTER_NEEDS_IDENT | FLOW_FILTER_NEEDS_COUNT);
	ck_assert_int_eq(flow_filter_match_ctx(f, &r, &ctx), 1);
	ctx.ident = "peer-2";
	ck_assert_int_eq(flow_filter_match_ctx(f, &r, &ctx), 1);
	ctx.ident = "upstream";		/* a prefix is not the ident */
	ck_assert_int_eq(flow_filter_match_ctx(f, &r, &ctx), 0);
	ctx.ident = "upstream12";
	ck_assert_int_eq(flow_filter_match_ctx(f, &r, &ctx), 0);
	ctx.ident = "peer-2";
	ctx.count = 8;
	ck_assert_int_eq(flow_filter_match_ctx(f, &r, &ctx), 0);
	ctx.ident = NULL;		/* no ident: never matches */
	ctx.count = 6;
	ck_assert_int_eq(flow_filter_match_ctx(f, &r, &ctx), 0);
	ck_assert_int_eq(flow_filter_match(f, &r), 0);
	flow_filter_free(f);
	ck_assert_int_eq(flow_filter_compile(&f, "proto tcp", NULL), 0);
	ck_assert_uint_eq(flow_filter_needs(f), 0);
	ck_assert_uint_eq(flow_filter_needs(NULL), 0);
	flow_filter_free(f);
}
END_TEST

/* The whole message: position (line, column) and the offending token. */
static const struct { const char *expr, *msg; } errors[] = {
	{ "proto foo", "filter line 1 col 7: Unknown protocol at 'foo'" },
	{ "port 70000", "filter line 1 col 6: Port outside of range 0..65535 at '70000'" },
	{ "proto tcp and\n  port x", "filter line 2 col 8: number expected at 'x'" },
	{ "proto tcp &", "filter line 1 col 11: syntax error at '&'" },
	{ "ip 1.2.3", "filter line 1 col 4: incomplete IP address at '1.2.3'" },
	{ "tos 300", "filter line 1 col 5: TOS must be 0..255 at '300'" },
	{ "flags ZZ", "filter line 1 col 7: Unknown flags at 'ZZ'" },
	{ "(proto tcp", "filter line 1 col 11: ')' expected at end of filter" },
	{ "ident 'a b'", "filter line 1 col 7: Illegal ident string at 'a b'" },
	{ "asa event bogus", "filter line 1 col 11: number expected at 'bogus'" },
	{ "nat event 300", "filter line 1 col 11: number out of range at '300'" },
	{ "asa xevent 70000", "filter line 1 col 12: number out of range at '70000'" },
	{ "pblock middle 1", "filter line 1 col 8: syntax error at 'middle'" },
	{ "ingress foo 1", "filter line 1 col 9: syntax error at 'foo'" },
	{ "tun proto bogus", "filter line 1 col 11: Unknown tunnel protocol at 'bogus'" },
	{ "tun proto 300", "filter line 1 col 11: Tunnel protocol number > 255 at '300'" },
	{ "fwdstat Bogus", "filter line 1 col 9: Unknown forwarding status at 'Bogus'" },
	{ "flowlabel abcdefghijklmnopq", "filter line 1 col 11: Size flowlabel of range 1..16 at "
				      "'abcdefghijklmnopq'" },
	{ "%abcdefghijklmnopq ( any )", "filter line 1 col 2: Error: Maximum 16 chars allowed "
				       "for flowlabel at 'abcdefghijklmnopq'" },
	{ "( any ) % ", "filter line 1 col 11: syntax error at end of filter" },
	{ "geo DE", "filter line 1 col 1: Can not filter according geo elements without a geo "
		    "location DB at 'geo'" },
	{ "src geo DE", "filter line 1 col 5: Can not filter according geo elements" },
	{ "payload regex 'a.*'", "filter line 1 col 9: payload filter not supported at 'regex'" },
	{ "payload ja3 defined", "filter line 1 col 9: payload filter not supported at 'ja3'" },
	{ "src count 1", "filter line 1 col 5: direction qualifier not allowed here at 'count'" },
	{ "src nat event add", "filter line 1 col 9: direction qualifier not allowed here at 'event'" },
	{ "src tun proto 6", "filter line 1 col 9: syntax error at 'proto'" },
	{ "xnet 10.0.0.0/40", "filter line 1 col 15: prefix length out of range at '40'" },
	{ "mpls eos 2000000", "filter line 1 col 10: number out of range at '2000000'" },
	{ "observation id 1", "filter line 1 col 13: syntax error at 'id'" },
	{ "exporter foo 1", "filter line 1 col 10: syntax error at 'foo'" },
	{ "first seen > 2020-13-01", "filter line 1 col 14: Invalid ISO8601 time string at '2020-13-01'" },
	{ "asa event denied sideways", "filter line 1 col 18: number expected at 'sideways'" },
};

START_TEST(test_error_text)
{
	for (size_t i = 0; i < sizeof(errors) / sizeof(errors[0]); i++) {
		struct flow_filter *f;
		struct flow_err err = { 0 };
		int rc = flow_filter_compile(&f, errors[i].expr, &err);

		ck_assert_msg(rc == FLOW_EINVAL, "'%s' gave %d", errors[i].expr, rc);
		ck_assert_ptr_null(f);
		ck_assert_msg(strncmp(err.msg, errors[i].msg, strlen(errors[i].msg)) == 0,
			      "'%s': got \"%s\", want \"%s\"", errors[i].expr, err.msg, errors[i].msg);
	}
}
END_TEST

/* @include FILE reads a filter file in place, as 1.7.1's scanner does. */
START_TEST(test_include)
{
	char dir[] = "/tmp/check_filter_XXXXXX", a[256], b[256], loop[256], expr[600];
	struct flow_filter *f;
	struct flow_err err = { 0 };
	struct flow_record r;
	FILE *fp;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(a, sizeof(a), "%s/a", dir);
	snprintf(b, sizeof(b), "%s/b", dir);
	snprintf(loop, sizeof(loop), "%s/loop", dir);
	fp = fopen(b, "w");
	fprintf(fp, "# web\nport 443\n");
	fclose(fp);
	fp = fopen(a, "w");
	fprintf(fp, "proto tcp and (\n  @include %s\n  or port 80)\n", b);
	fclose(fp);
	fp = fopen(loop, "w");
	fprintf(fp, "@include %s\n", loop);
	fclose(fp);

	memset(&r, 0, sizeof(r));
	r.generic.proto = 6;
	r.generic.dst_port = 443;
	snprintf(expr, sizeof(expr), "@include %s\nand not port 22", a);
	ck_assert_int_eq(flow_filter_compile(&f, expr, &err), 0);
	ck_assert_int_eq(flow_filter_match(f, &r), 1);
	r.generic.dst_port = 444;
	ck_assert_int_eq(flow_filter_match(f, &r), 0);
	flow_filter_free(f);

	snprintf(expr, sizeof(expr), "@include %s/missing", dir);
	ck_assert_int_eq(flow_filter_compile(&f, expr, &err), FLOW_EIO);
	ck_assert_ptr_null(f);
	ck_assert_ptr_nonnull(strstr(err.msg, "Failed to open include file '"));
	ck_assert_ptr_nonnull(strstr(err.msg, "missing': No such file or directory"));

	snprintf(expr, sizeof(expr), "@include %s", loop);
	ck_assert_int_eq(flow_filter_compile(&f, expr, &err), FLOW_EINVAL);
	ck_assert_str_eq(err.msg, "Includes nested too deeply");

	/* an error inside an included file names its line there */
	fp = fopen(b, "w");
	fprintf(fp, "\n\nport x\n");
	fclose(fp);
	snprintf(expr, sizeof(expr), "any and @include %s", b);
	ck_assert_int_eq(flow_filter_compile(&f, expr, &err), FLOW_EINVAL);
	ck_assert_str_eq(err.msg, "filter line 3 col 6: number expected at 'x'");
	ck_assert_int_eq(flow_filter_compile(&f, "@include", &err), FLOW_EINVAL);
	ck_assert_ptr_nonnull(strstr(err.msg, "include file name expected"));

	unlink(a);
	unlink(b);
	unlink(loop);
	rmdir(dir);
}
END_TEST

static void collect(void *ctx, const char *line)
{
	char *buf = ctx;

	strncat(buf, line, 500 - strlen(buf) - 2);
	strcat(buf, "\n");
}

/* Host names: resolved at compile time (localhost from /etc/hosts only, no
 * DNS traffic), the lines nfdump prints handed to the caller. */
START_TEST(test_hostname)
{
	char notes[512] = "";
	struct flow_filter_opts opts = { 0, collect, notes };
	struct flow_filter_opts quiet = { 1, NULL, NULL };
	struct flow_filter *f;
	struct flow_err err = { 0 };
	struct flow_record r;

	memset(&r, 0, sizeof(r));
	r.present = BIT(EX_IPV4);
	r.ipv4.dst = 0x7f000001;
	ck_assert_int_eq(flow_filter_compile_opts(&f, "dst host localhost", &opts, &err), 0);
	ck_assert_ptr_nonnull(strstr(notes, "Resolving localhost ...\nIPv4 address: 127.0.0.1 ("));
	ck_assert_int_eq(flow_filter_match(f, &r), 1);
	r.ipv4.dst = 0x7f000002;
	ck_assert_int_eq(flow_filter_match(f, &r), 0);
	flow_filter_free(f);
	ck_assert_int_eq(flow_filter_compile(&f, "ip in [ 10.0.0.0/8 localhost ]", &err), 0);
	r.ipv4.src = 0x7f000001;
	ck_assert_int_eq(flow_filter_match(f, &r), 1);
	flow_filter_free(f);
	ck_assert_int_eq(flow_filter_compile_opts(&f, "ip localhost", &quiet, &err), FLOW_EINVAL);
	ck_assert_str_eq(err.msg, "filter line 1 col 4: host names are not allowed here at 'localhost'");
	ck_assert_int_eq(flow_filter_compile(&f, "net localhost/8", &err), FLOW_EINVAL);
	ck_assert_ptr_nonnull(strstr(err.msg, "host names are not allowed with net"));
}
END_TEST

START_TEST(test_dump_ext)
{
	struct flow_filter *f;
	char *text = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&text, &len);

	ck_assert_int_eq(flow_filter_compile(&f, "ident abc and ingress acl 5 and port in pblock "
					     "and xip 1.2.3.4 and count 3", NULL), 0);
	flow_filter_dump(f, fp);
	fclose(fp);
	ck_assert_ptr_nonnull(strstr(text, "string ident 'abc'"));
	ck_assert_ptr_nonnull(strstr(text, "network-order == 5"));
	ck_assert_ptr_nonnull(strstr(text, "in-pblock"));
	ck_assert_ptr_nonnull(strstr(text, "addr xlate-src"));
	ck_assert_ptr_nonnull(strstr(text, "count == 3"));
	free(text);
	flow_filter_free(f);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("filter_ext");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_ext_rows);
	tcase_add_test(tc, test_ident_count);
	tcase_add_test(tc, test_error_text);
	tcase_add_test(tc, test_include);
	tcase_add_test(tc, test_hostname);
	tcase_add_test(tc, test_dump_ext);
	suite_add_tcase(s, tc);
	return tu_run(s) ? EXIT_FAILURE : EXIT_SUCCESS;
}
