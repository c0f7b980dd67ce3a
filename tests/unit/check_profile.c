/*
 * check_profile.c - profile.dat and the `nfsen -l` listing (lib/profile).
 * Expected texts are the real nfsen 1.3.11 outputs recorded in
 * reference/nfsend-transcripts.md §5.3 (TZ=UTC there and here).
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "profile/listing.h"
#include "profile/profile.h"
#include "profile/rrd.h"
#include <rrd.h>
#include "testutil.h"
#include "util/alloc.h"

/* nfsen.md §3.2's example: live as the installer writes it. */
static const char live_dat[] =
	"name = live\n"
	"group = .\n"
	"tbegin = 1732640700\n"
	"tcreate = 1732640700\n"
	"tstart = 1732640700\n"
	"tend = 1732640700\n"
	"updated = 1732640400\n"
	"expire = 0\n"
	"maxsize = 0\n"
	"size = 0\n"
	"type = 0\n"
	"locked = 0\n"
	"status = OK\n"
	"version = 130\n"
	"channel = upstream1:+:#0000ff:1:upstream1\n";

static void setup(void)
{
	setenv("TZ", "UTC", 1);
	tzset();
}

START_TEST(parse_format_round_trip)
{
	struct profile p;
	struct flow_err err = { 0 };
	char *text;
	size_t len;

	ck_assert_int_eq(profile_parse(&p, "live/profile.dat", live_dat, strlen(live_dat), &err), 0);
	ck_assert_str_eq(p.name, "live");
	ck_assert_str_eq(p.group, ".");
	ck_assert_int_eq(p.updated, 1732640400);
	ck_assert_str_eq(p.status, "OK");
	ck_assert_uint_eq(p.nchannels, 1);
	ck_assert_str_eq(p.channels[0].sourcelist, "upstream1");
	ck_assert_int_eq(p.channels[0].sign, '+');
	ck_assert_int_eq(profile_format(&p, &text, &len, &err), 0);
	ck_assert_uint_eq(len, strlen(live_dat));
	ck_assert_str_eq(text, live_dat);
	flow_free(text);
	profile_free(&p);
}
END_TEST

START_TEST(parse_details)
{
	static const char dat[] =
		"# # \n  #  second line\n\n"
		"name=zone1\ngroup = grp\nstatus = built 5%\nsourcelist = a\nfilter = any\n"
		"channel = ssh:-:#8536FF:2:a|b\nchannel = icmp:+:#48C6FF:1:\n";
	struct profile p;
	struct flow_err err = { 0 };

	ck_assert_int_eq(profile_parse(&p, "x", dat, strlen(dat), &err), 0);
	ck_assert_uint_eq(p.ndescription, 2);
	ck_assert_str_eq(p.description[0], "# ");
	ck_assert_str_eq(p.description[1], "second line");
	ck_assert_str_eq(p.name, "zone1");
	ck_assert_str_eq(p.status, "built 5%");
	ck_assert_uint_eq(p.version, 130);	/* missing keys keep defaults */
	ck_assert_str_eq(p.channels[0].sourcelist, "a|b");
	ck_assert_str_eq(p.channels[1].sourcelist, "");
	ck_assert_int_eq(profile_channel_delete(&p, "ssh"), 0);
	ck_assert_int_eq(profile_channel_delete(&p, "ssh"), FLOW_ENOENT);
	ck_assert_str_eq(p.channels[0].name, "icmp");
	profile_free(&p);
}
END_TEST

struct bad {
	const char *text, *msg;
};

static const struct bad bad_dat[] = {
	{ "name = x\nbogus = 1\n", "Error reading profile information. Unknown key: 'bogus'" },
	{ "tstart = 12x\n", "p.dat line 1: '12x' is not a number for tstart" },
	{ "name x\n", "p.dat line 1: no '=' in line" },
	{ "channel = a:+:#000000\n", "p.dat line 1: bad channel line" },
	{ "channel = a:*:#000000:1:x\n", "p.dat line 1: bad channel line" },
	{ "channel = a:+:#000000:one:x\n", "p.dat line 1: bad channel line" },
};

START_TEST(parse_errors)
{
	struct profile p;
	struct flow_err err = { 0 };

	ck_assert_int_eq(profile_parse(&p, "p.dat", bad_dat[_i].text, strlen(bad_dat[_i].text), &err),
			 FLOW_EFORMAT);
	ck_assert_str_eq(err.msg, bad_dat[_i].msg);
}
END_TEST

START_TEST(read_write_file)
{
	struct profile p, q;
	struct flow_err err = { 0 };
	char path[1200];

	snprintf(path, sizeof(path), "%s/profile.dat", tu_tmpdir("profile"));
	ck_assert_int_eq(profile_parse(&p, "x", live_dat, strlen(live_dat), &err), 0);
	/* a longer file first, so the rewrite must truncate */
	ck_assert_int_eq(profile_channel_add(&p, "extra", '+', "#123456", 2, "upstream1", &err), 0);
	ck_assert_int_eq(profile_write(&p, path, &err), 0);
	ck_assert_int_eq(profile_channel_delete(&p, "extra"), 0);
	ck_assert_int_eq(profile_write(&p, path, &err), 0);
	ck_assert_int_eq(profile_read(&q, path, &err), 0);
	ck_assert_uint_eq(q.nchannels, 1);
	ck_assert_int_eq(q.tbegin, 1732640700);
	profile_free(&q);
	profile_free(&p);
	ck_assert_int_eq(profile_read(&q, "/nonexistent/profile.dat", &err), FLOW_ENOENT);
}
END_TEST

START_TEST(name_rules)
{
	ck_assert(profile_name_ok("zone1_profile"));
	ck_assert(profile_name_ok("a+b-c"));
	ck_assert(!profile_name_ok("a/b"));
	ck_assert(!profile_name_ok(""));
	ck_assert(!profile_name_ok("a b"));
	ck_assert(profile_channel_name_ok("http-alt"));
	ck_assert(!profile_channel_name_ok(".hidden"));
	ck_assert(!profile_channel_name_ok("a+b"));
	ck_assert(!profile_channel_name_ok("a:b"));
}
END_TEST

START_TEST(pieces)
{
	char b[64];

	listing_expire(0, b, sizeof(b));
	ck_assert_str_eq(b, "0 hours");
	listing_expire(1, b, sizeof(b));
	ck_assert_str_eq(b, "1 hour");
	listing_expire(24, b, sizeof(b));
	ck_assert_str_eq(b, "1 day 0 hours");
	listing_expire(60, b, sizeof(b));
	ck_assert_str_eq(b, "2 days 12 hours");
	listing_expire(25, b, sizeof(b));
	ck_assert_str_eq(b, "1 day 1 hour");
	listing_size(0, b, sizeof(b));
	ck_assert_str_eq(b, "0");
	listing_size(1023, b, sizeof(b));
	ck_assert_str_eq(b, "1023");
	listing_size(327680, b, sizeof(b));
	ck_assert_str_eq(b, "320.0 KB");
	listing_size(157286400, b, sizeof(b));
	ck_assert_str_eq(b, "150.0 MB");
	listing_size(3ULL << 40, b, sizeof(b));
	ck_assert_str_eq(b, "3.0 TB");
	listing_ctime(1423613455, b, sizeof(b));
	ck_assert_str_eq(b, "Wed Feb 11 00:10:55 2015");
	listing_ctime(1795716000, b, sizeof(b));
	ck_assert_str_eq(b, "Thu Nov 26 18:00:00 2026");
	ck_assert_str_eq(listing_type(0), "live");
	ck_assert_str_eq(listing_type(1), "history");
	ck_assert_str_eq(listing_type(2), "continuous");
	ck_assert_str_eq(listing_type(5), "history / shadow");
	ck_assert_str_eq(listing_type(6), "continuous / shadow");
}
END_TEST

/* transcripts §5.3, `nfsen -l zone1_profile` right after --commit-profile */
static const char zone1_listing[] =
	"# # \n"
	"name\tzone1_profile\n"
	"group\t(nogroup)\n"
	"tcreate\tThu Nov 26 18:03:18 2026\n"
	"tstart\tThu Nov 26 18:02:40 2026\n"
	"tend\tThu Nov 26 18:02:40 2026\n"
	"updated\tThu Nov 26 17:57:40 2026\n"
	"expire\t0 hours\n"
	"size\t0\n"
	"maxsize\t0\n"
	"type\tcontinuous\n"
	"locked\t0\n"
	"status\tOK\n"
	"version\t130\n"
	"channel icmp\tsign: +\tcolour: #48C6FF\torder: 1\tsourcelist: upstream1\tERR Channel info file missing for channel 'icmp' in 'zone1_profile'\n"
	"\tFiles: 0\tSize: 0\t\n"
	"channel ssh\tsign: +\tcolour: #8536FF\torder: 2\tsourcelist: upstream1\tERR Channel info file missing for channel 'ssh' in 'zone1_profile'\n"
	"\tFiles: 0\tSize: 0\t\n"
	"\n";

START_TEST(listing_zone1)
{
	struct profile p;
	struct flow_err err = { 0 };
	struct listing_chstat st[2] = {
		{ "ERR Channel info file missing for channel 'ssh' in 'zone1_profile'", 0, 0 },
		{ "ERR Channel info file missing for channel 'icmp' in 'zone1_profile'", 0, 0 },
	};
	char *text;
	size_t len;
	static const char dat[] =
		"# # \nname = zone1_profile\ngroup = .\ntbegin = 1795716000\ntcreate = 1795716198\n"
		"tstart = 1795716160\ntend = 1795716160\nupdated = 1795715860\nexpire = 0\n"
		"maxsize = 0\nsize = 0\ntype = 2\nlocked = 0\nstatus = OK\nversion = 130\n"
		"channel = ssh:+:#8536FF:2:upstream1\nchannel = icmp:+:#48C6FF:1:upstream1\n";

	ck_assert_int_eq(profile_parse(&p, "x", dat, strlen(dat), &err), 0);
	ck_assert_int_eq(profile_listing(&p, st, &text, &len, &err), 0);
	ck_assert_str_eq(text, zone1_listing);
	flow_free(text);
	/* a channel that answered, a new profile, a shadow profile */
	st[0].err_line = NULL;
	st[0].numfiles = 310;
	st[0].size = 18243584;
	ck_assert_int_eq(profile_listing(&p, st, &text, &len, &err), 0);
	ck_assert_ptr_nonnull(strstr(text, "sourcelist: upstream1\tFiles: 310\tSize: 18243584\t\n"));
	flow_free(text);
	strcpy(p.status, "new");
	ck_assert_int_eq(profile_listing(&p, st, &text, &len, &err), 0);
	ck_assert_ptr_null(strstr(text, "ERR"));
	ck_assert_ptr_nonnull(strstr(text, "order: 2\tsourcelist: upstream1\tFiles: 0\tSize: 0\t\n"));
	flow_free(text);
	p.type = 6;
	ck_assert_int_eq(profile_listing(&p, st, &text, &len, &err), 0);
	ck_assert_ptr_nonnull(strstr(text, "type\tcontinuous / shadow\n"));
	ck_assert_ptr_nonnull(strstr(text, "order: 2\tsourcelist: upstream1\t\n"));
	flow_free(text);
	profile_free(&p);
}
END_TEST

START_TEST(listing_order_negative_last)
{
	struct profile p;
	struct flow_err err = { 0 };
	char *text, *a, *b, *c;
	size_t len;

	profile_init(&p);
	strcpy(p.name, "x");
	ck_assert_int_eq(profile_channel_add(&p, "neg1", '-', "#000000", 1, "s", &err), 0);
	ck_assert_int_eq(profile_channel_add(&p, "pos2", '+', "#000000", 2, "s", &err), 0);
	ck_assert_int_eq(profile_channel_add(&p, "pos1", '+', "#000000", 1, "s", &err), 0);
	ck_assert_int_eq(profile_listing(&p, NULL, &text, &len, &err), 0);
	a = strstr(text, "channel pos1");
	b = strstr(text, "channel pos2");
	c = strstr(text, "channel neg1");
	ck_assert(a && b && c && a < b && b < c);
	flow_free(text);
	profile_free(&p);
}
END_TEST

/* Create, update two slots, read back through librrd. */
START_TEST(rrd_create_update_fetch)
{
	struct flow_err err = { 0 };
	struct flow_stat st;
	char path[1200];
	uint64_t v[CHANNEL_RRD_DS];
	time_t t0 = 1795716000, start, end;
	unsigned long step, nds, i;
	char **names;
	rrd_value_t *data;

	snprintf(path, sizeof(path), "%s/icmp.rrd", tu_tmpdir("rrd"));
	unlink(path);
	ck_assert_int_eq(channel_rrd_create(path, t0, 0, &err), 0);
	ck_assert_int_eq(channel_rrd_create(path, t0, 0, &err), FLOW_EIO);
	ck_assert_ptr_nonnull(strstr(err.msg, "file exists"));
	ck_assert_int_eq(channel_rrd_create(path, t0, 1, &err), 0);

	memset(&st, 0, sizeof(st));
	st.numflows = 600;
	st.flows_tcp = 300;
	st.numbytes = 3000000;
	st.bytes_udp = 30000;
	channel_rrd_values(&st, v);
	ck_assert_uint_eq(v[0], 600);
	ck_assert_uint_eq(v[10], 3000000);
	ck_assert_uint_eq(v[12], 30000);
	ck_assert_int_eq(channel_rrd_update(path, t0, v, &err), 0);
	ck_assert_int_eq(channel_rrd_update(path, t0 + 300, v, &err), 0);
	/* the same time twice is refused by librrd, with its message */
	ck_assert_int_eq(channel_rrd_update(path, t0 + 300, v, &err), FLOW_EIO);
	ck_assert_ptr_nonnull(strstr(err.msg, "update "));

	start = t0;
	end = t0 + 300;
	step = 300;
	ck_assert_int_eq(rrd_fetch_r(path, "AVERAGE", &start, &end, &step, &nds, &names, &data), 0);
	ck_assert_uint_eq(nds, CHANNEL_RRD_DS);
	ck_assert_uint_eq(step, 300);
	for (i = 0; i < nds; i++)
		ck_assert_str_eq(names[i], channel_rrd_ds[i]);
	/* ABSOLUTE: 600 flows in a 300 s slot read back as 2 per second */
	ck_assert_msg(data[0] > 1.99 && data[0] < 2.01, "flows/s %f", data[0]);
	ck_assert_msg(data[1] > 0.99 && data[1] < 1.01, "tcp flows/s %f", data[1]);
	ck_assert_msg(data[10] > 9999 && data[10] < 10001, "bytes/s %f", data[10]);
	for (i = 0; i < nds; i++)
		rrd_freemem(names[i]);
	rrd_freemem(names);
	rrd_freemem(data);
	ck_assert_int_eq(channel_rrd_update("/nonexistent/x.rrd", t0, v, &err), FLOW_EIO);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("profile");
	TCase *t = tcase_create("profile");

	tcase_add_checked_fixture(t, setup, NULL);
	tcase_add_test(t, parse_format_round_trip);
	tcase_add_test(t, parse_details);
	tcase_add_loop_test(t, parse_errors, 0, sizeof(bad_dat) / sizeof(bad_dat[0]));
	tcase_add_test(t, read_write_file);
	tcase_add_test(t, name_rules);
	tcase_add_test(t, pieces);
	tcase_add_test(t, listing_zone1);
	tcase_add_test(t, listing_order_negative_last);
	tcase_add_test(t, rrd_create_update_fetch);
	suite_add_tcase(s, t);
	return tu_run(s) ? EXIT_FAILURE : EXIT_SUCCESS;
}
