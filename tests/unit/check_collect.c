/*
 * Unit tests of lib/collect and lib/expire: slot arithmetic and names,
 * the -x placeholder expansion, the command line, .nfstat text and the
 * expiry of a flow directory.
 */
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <time.h>

#include "collect/cli.h"
#include "collect/collect.h"
#include "collect/collect_int.h"
#include "file/nffile.h"
#include "expire/expire.h"
#include "testutil.h"

/* 2026-11-26 17:23:45 UTC */
#define T0 ((time_t)1795713825)

static void utc(void)
{
	setenv("TZ", "UTC", 1);
	tzset();
}

START_TEST(slot_start_aligned)
{
	ck_assert_int_eq(collect_slot_start(T0, 300), T0 - 225);
	ck_assert_int_eq(collect_slot_start(T0, 2), T0 - 1);
	ck_assert_int_eq(collect_slot_start(T0 - 225, 300), T0 - 225);
	ck_assert_int_eq(collect_slot_start(T0, 60), T0 - 45);
}
END_TEST

START_TEST(slot_names)
{
	char buf[64];

	utc();
	ck_assert_int_eq(collect_slot_name(T0 - 225, 300, 0, buf, sizeof(buf), NULL), 0);
	ck_assert_str_eq(buf, "nfcapd.202611261720");
	ck_assert_int_eq(collect_slot_name(T0 - 15, 30, 0, buf, sizeof(buf), NULL), 0);
	ck_assert_str_eq(buf, "nfcapd.20261126172330");
	ck_assert_int_eq(collect_slot_name(T0 - 225, 300, 1, buf, sizeof(buf), NULL), 0);
	ck_assert_str_eq(buf, "nfcapd.202611261720+0000");
	ck_assert_int_lt(collect_slot_name(T0, 300, 0, buf, 10, NULL), 0);
}
END_TEST

START_TEST(slot_paths)
{
	static const char *want[] = {
		"/d/nfcapd.202611261720", "/d/2026/11/26/nfcapd.202611261720",
		"/d/2026/11/26/17/nfcapd.202611261720", "/d/2026/47/4/nfcapd.202611261720",
		"/d/2026/47/4/17/nfcapd.202611261720", "/d/2026/330/nfcapd.202611261720",
		"/d/2026/330/17/nfcapd.202611261720", "/d/2026-11-26/nfcapd.202611261720",
		"/d/2026-11-26/17/nfcapd.202611261720",
	};
	char buf[256];
	const char *rel;

	utc();
	for (int l = 0; l <= 8; l++) {
		ck_assert_int_eq(collect_slot_path("/d", l, T0 - 225, 300, 0, buf, sizeof(buf), &rel,
						   NULL), 0);
		ck_assert_str_eq(buf, want[l]);
		ck_assert_str_eq(rel, want[l] + 3);
	}
	ck_assert_int_lt(collect_slot_path("/d", 9, T0, 300, 0, buf, sizeof(buf), &rel, NULL), 0);
}
END_TEST

START_TEST(mkdirs_creates_parents)
{
	char path[1200];
	struct stat st;
	const char *dir = tu_tmpdir("mkdirs");

	snprintf(path, sizeof(path), "%s/2026/11/26/nfcapd.202611261720", dir);
	ck_assert_int_eq(collect_mkdirs(path, NULL), 0);
	ck_assert_int_eq(collect_mkdirs(path, NULL), 0);	/* again: fine */
	snprintf(path, sizeof(path), "%s/2026/11/26", dir);
	ck_assert_int_eq(stat(path, &st), 0);
	ck_assert(S_ISDIR(st.st_mode));
}
END_TEST

START_TEST(launch_placeholders)
{
	struct collect_launch_args a = { .rel = "2026/11/26/nfcapd.202611261720", .dir = "/data",
					 .stamp = "202611261720", .ident = "up1",
					 .slot = T0 - 225 };
	char buf[512];
	char *argv[16];
	int n = collect_launch_expand("/bin/run -f %f  -d %d %t %u %i 100%% %q", &a, buf,
				      sizeof(buf), argv, 16, NULL, NULL);

	ck_assert_int_eq(n, 10);
	ck_assert_str_eq(argv[0], "/bin/run");
	ck_assert_str_eq(argv[2], "2026/11/26/nfcapd.202611261720");
	ck_assert_str_eq(argv[4], "/data");
	ck_assert_str_eq(argv[5], "202611261720");
	ck_assert_str_eq(argv[6], "1795713600");
	ck_assert_str_eq(argv[7], "up1");
	ck_assert_str_eq(argv[8], "100%");
	ck_assert_str_eq(argv[9], "%q");	/* unknown: kept, logged */
	ck_assert_ptr_null(argv[10]);
	ck_assert_int_lt(collect_launch_expand("   ", &a, buf, sizeof(buf), argv, 16, NULL, NULL), 0);
	ck_assert_int_lt(collect_launch_expand("%f%f%f", &a, buf, 20, argv, 16, NULL, NULL), 0);
}
END_TEST

/* Parse a command line given as one string (words split on blanks). */
static int parse(struct collect_cli *c, enum flow_decoder_kind kind, const char *line,
		 struct flow_err *err)
{
	static char copy[1024];
	static char *argv[64];
	int argc = 0;

	snprintf(copy, sizeof(copy), "%s", line);
	for (char *save = NULL, *w = strtok_r(copy, " ", &save); w; w = strtok_r(NULL, " ", &save))
		argv[argc++] = w;
	argv[argc] = NULL;
	return collect_cli_parse(c, kind, argc, argv, err);
}

START_TEST(cli_nfsen_lines)
{
	static struct collect_cli c;
	struct flow_err err = { 0 };

	/* NfSen 1.3.8: bare -w before -D, -l dir, bare -z */
	ck_assert_int_eq(parse(&c, FLOW_DEC_NETFLOW,
			       "nfcapd -w -D -p 2055 -u netflow -g www -B 200000 -S 1 -P /run/p.pid -z "
			       "-I up1 -l /tmp", &err), -1);
	ck_assert_int_eq(c.daemon, 1);
	ck_assert_str_eq(c.cfg.port, "2055");
	ck_assert_str_eq(c.user, "netflow");
	ck_assert_int_eq(c.cfg.rcvbuf, 200000);
	ck_assert_int_eq(c.cfg.subdir_layout, 1);
	ck_assert_uint_eq(c.cfg.compression, 1);
	ck_assert_uint_eq(c.cfg.nsrc, 1);
	ck_assert_str_eq(c.cfg.src[0].ident, "up1");
	ck_assert_str_eq(c.cfg.src[0].dir, "/tmp");
	ck_assert_int_eq(c.cfg.family, AF_INET);
	/* NfSen 1.3.11 with nfdump 1.7: -z=lz4, -t, -w; -T consumes its argument */
	ck_assert_int_eq(parse(&c, FLOW_DEC_SFLOW,
			       "sfcapd -D -p 6343 -P /run/p.pid -z=lz4 -T all -t 60 -I x -w /tmp", &err),
			 -1);
	ck_assert_uint_eq(c.cfg.compression, 3);
	ck_assert_uint_eq(c.cfg.interval, 60);
	ck_assert_str_eq(c.cfg.src[0].ident, "x");
	/* multi source */
	ck_assert_int_eq(parse(&c, FLOW_DEC_NETFLOW,
			       "nfcapd -n a,10.0.0.1,/tmp -n b,2001:db8::1,/ -R 127.0.0.1/9000 -R ::1",
			       &err), -1);
	ck_assert_uint_eq(c.cfg.nsrc, 2);
	ck_assert_int_eq(c.cfg.src[1].addr.ss_family, AF_INET6);
	ck_assert_int_eq(c.cfg.src[0].any, 0);
	ck_assert_uint_eq(c.cfg.nrep, 2);
	ck_assert_str_eq(c.cfg.rep[0].port, "9000");
	ck_assert_str_eq(c.cfg.rep[1].host, "::1");
	ck_assert_str_eq(c.cfg.rep[1].port, "9995");
	ck_assert_str_eq(c.cfg.port, "9995");
}
END_TEST

START_TEST(cli_errors)
{
	static struct collect_cli c;
	static const struct { const char *line, *msg; } bad[] = {
		{ "nfcapd -p 1", "ERROR, No source configurations found" },
		{ "nfcapd -w /tmp -t 1", "time interval <= 2s not allowed" },
		{ "nfcapd -w /tmp -S 9", "No such subdir level 9" },
		{ "nfcapd -w /tmp -s 0", "Invalid sampling rate: 0" },
		{ "nfcapd -w /tmp -e -Z", "ERROR, -Z timezone extension breaks expire -e" },
		{ "nfcapd -w /tmp -j -y", "Use one compression" },
		{ "nfcapd -w /no/such/dir", "No valid directory: /no/such/dir" },
		{ "nfcapd -w /tmp -n a,1.2.3.4,/tmp", "Do not mix -n" },
		{ "nfcapd -n a,nonsense,/tmp", "Invalid IP address: nonsense" },
		{ "nfcapd -w /tmp -B 0", "Argument error for -B" },
	};

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct flow_err err = { 0 };

		ck_assert_int_eq(parse(&c, FLOW_DEC_NETFLOW, bad[i].line, &err), 1);
		ck_assert_msg(strstr(err.msg, bad[i].msg), "%s: got '%s'", bad[i].line, err.msg);
	}
}
END_TEST

START_TEST(nfstat_text)
{
	struct nfstat s;
	char buf[512];

	nfstat_parse("first=1795713600\nlast=1795713900\nsize=8192\nmaxsize=10737418240\n"
		     "numfiles=2\nlifetime=2592000\nwatermark=90\nstatus=0\n", &s);
	ck_assert_uint_eq(s.first, 1795713600);
	ck_assert_uint_eq(s.maxsize, 10737418240ull);
	ck_assert_uint_eq(s.watermark, 90);
	ck_assert_uint_eq(s.status, NFSTAT_OK);
	ck_assert_int_gt(nfstat_format(&s, buf, sizeof(buf)), 0);
	ck_assert_str_eq(buf, "first=1795713600\nlast=1795713900\nsize=8192\nmaxsize=10737418240\n"
			      "numfiles=2\nlifetime=2592000\nwatermark=90\nstatus=0\n");
	/* missing keys: watermark 95, rebuild; first > last: rebuild */
	nfstat_parse("# comment\nfirst = 5\nlast=9\n", &s);
	ck_assert_uint_eq(s.first, 5);
	ck_assert_uint_eq(s.watermark, 95);
	ck_assert_uint_eq(s.status, NFSTAT_REBUILD);
	nfstat_parse("first=9\nlast=5\nwatermark=95\nstatus=0\n", &s);
	ck_assert_uint_eq(s.status, NFSTAT_REBUILD);
	/* nfexpire 1.7.1: a blank before the key makes it "", non-digits read as 0 */
	nfstat_parse(" first=5\nlast=5x\nsize=7 \n", &s);
	ck_assert_uint_eq(s.first, 0);
	ck_assert_uint_eq(s.last, 50);
	ck_assert_uint_eq(s.size, 70);
}
END_TEST

START_TEST(file_times)
{
	utc();
	ck_assert_int_eq(expire_file_time("nfcapd.202611261720"), 1795713600);
	ck_assert_int_eq(expire_file_time("nfcapd.20261126172330"), 1795713810);
	ck_assert_int_eq(expire_file_time("nfcapd.current.123"), -1);
	ck_assert_int_eq(expire_file_time("nfcapd.2026112617201"), -1);
	ck_assert_int_eq(expire_file_time("nfcapd.20261126172x"), -1);
}
END_TEST

static void touch(const char *dir, const char *rel, size_t size)
{
	char path[1200];
	char buf[4096] = { 1 };

	snprintf(path, sizeof(path), "%s/%s", dir, rel);
	ck_assert_int_eq(collect_mkdirs(path, NULL), 0);

	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);

	ck_assert_int_ge(fd, 0);
	for (size_t i = 0; i < size; i += sizeof(buf))
		ck_assert_int_eq(write(fd, buf, sizeof(buf)), (ssize_t)sizeof(buf));
	close(fd);
}

START_TEST(expire_by_life_and_size)
{
	const char *dir = tu_tmpdir("expire");
	struct nfstat s = { 0 };
	struct expire_result res;
	char path[1200];

	utc();
	touch(dir, "2026/11/25/nfcapd.202611250000", 8192);
	touch(dir, "2026/11/25/nfcapd.202611251200", 8192);
	touch(dir, "2026/11/26/nfcapd.202611261700", 8192);
	touch(dir, "2026/11/26/nfcapd.202611261705", 8192);
	touch(dir, "2026/11/26/notaflow", 8192);
	touch(dir, ".hidden/nfcapd.202611250000", 8192);
	ck_assert_int_eq(expire_rescan(dir, &s, NULL), 0);
	ck_assert_uint_eq(s.numfiles, 4);
	ck_assert_uint_eq(s.first, 1795564800);
	ck_assert_uint_eq(s.last, 1795712700);
	ck_assert_uint_eq(s.status, NFSTAT_OK);
	uint64_t one = s.size / 4;

	/* lifetime 1 day at 17:10: the two files of the 25th go, and their directory */
	s.watermark = 100;
	ck_assert_int_eq(expire_dir(dir, &s, 0, 86400, 1795713000, &res, NULL), 0);
	ck_assert_uint_eq(res.files, 2);
	ck_assert_uint_eq(s.numfiles, 2);
	ck_assert_uint_eq(s.first, 1795712400);
	snprintf(path, sizeof(path), "%s/2026/11/25", dir);
	ck_assert_int_ne(access(path, F_OK), 0);
	/* size: at most one file's worth */
	ck_assert_int_eq(expire_dir(dir, &s, one + 1, 0, 1795713000, &res, NULL), 0);
	ck_assert_uint_eq(res.files, 1);
	ck_assert_uint_eq(s.numfiles, 1);
	ck_assert_uint_eq(s.first, 1795712700);
	/* within limits: nothing happens */
	ck_assert_int_eq(expire_dir(dir, &s, one * 10, 86400, 1795713000, &res, NULL), 0);
	ck_assert_uint_eq(res.files, 0);
}
END_TEST

/* A block of n exporter info records (type 7), as the receive thread builds one. */
static size_t info_block(uint8_t *buf, unsigned n)
{
	for (unsigned i = 0; i < n; i++) {
		struct flow_exporter_info e = { .version = 5, .family = AF_INET,
						.sysid = (uint16_t)(i + 1) };

		e.ip.lo = 0x7f000001;
		flow_exporter_info_encode(&e, buf + i * FLOW_EXPORTER_INFO_SIZE);
	}
	return n * FLOW_EXPORTER_INFO_SIZE;
}

static unsigned count_records(const char *path, struct flow_stat *st)
{
	struct nffile *f = NULL;
	struct nfblock b = { 0 };
	unsigned n = 0;

	ck_assert_int_eq(nffile_open(&f, path, NULL), 0);
	while (nffile_read_block(f, &b, NULL) == 1)
		n += b.num_records;
	*st = nffile_info(f)->stat;
	nfblock_release(&b);
	nffile_close(f);
	return n;
}

/* A finished slot file exists already: the new data is added to it. */
START_TEST(finish_appends_to_existing)
{
	const char *dir = tu_tmpdir("finish");
	char target[1200], tmp[1200];
	uint8_t buf[1024];
	struct nfwriter *w;
	struct nffile_opts o = { .compression = CODEC_LZ4, .ident = "x" };
	struct flow_stat st;

	snprintf(target, sizeof(target), "%s/nfcapd.202611261720", dir);
	snprintf(tmp, sizeof(tmp), "%s/nfcapd.current.1", dir);
	for (int round = 0; round < 2; round++) {
		ck_assert_int_eq(nffile_create_tmp(&w, target, tmp, &o, NULL), 0);
		ck_assert_int_eq(access(tmp, F_OK), 0);
		ck_assert_int_eq(nfwriter_put_block(w, buf, info_block(buf, 3 - round), 3 - round,
						    NULL), 0);
		flow_stat_init(nfwriter_stat(w));
		nfwriter_stat(w)->numflows = 10 + round;
		nfwriter_stat(w)->msec_first = 1000 - round;
		nfwriter_stat(w)->msec_last = 2000 + round;
		ck_assert_int_eq(collect_finish(w, target, NULL), 0);
		ck_assert_int_ne(access(tmp, F_OK), 0);
		o.compression = CODEC_NONE;	/* the second run: another codec */
	}
	ck_assert_uint_eq(count_records(target, &st), 5);
	ck_assert_uint_eq(st.numflows, 21);
	ck_assert_uint_eq(st.msec_first, 999);
	ck_assert_uint_eq(st.msec_last, 2001);
}
END_TEST

/* nfexpire -T: a raised stop flag ends the expire before the next deletion */
START_TEST(expire_stops_when_asked)
{
	const char *dir = tu_tmpdir("expire_stop");
	static volatile sig_atomic_t stop;
	struct nfstat s = { 0 };
	struct expire_result res;

	utc();
	touch(dir, "2026/11/25/nfcapd.202611250000", 8192);
	touch(dir, "2026/11/26/nfcapd.202611261700", 8192);
	ck_assert_int_eq(expire_rescan(dir, &s, NULL), 0);
	s.watermark = 100;
	stop = 1;
	expire_set_stop(&stop);
	ck_assert_int_eq(expire_dir(dir, &s, 1, 0, 1795713000, &res, NULL), 0);
	ck_assert_uint_eq(res.files, 0);
	ck_assert_uint_eq(s.numfiles, 2);
	ck_assert_uint_eq(s.first, 1795564800);
	stop = 0;
	ck_assert_int_eq(expire_dir(dir, &s, 1, 0, 1795713000, &res, NULL), 0);
	ck_assert_uint_eq(res.files, 2);
	expire_set_stop(NULL);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("collect");
	TCase *slot = tcase_create("slot");
	TCase *cli = tcase_create("cli");
	TCase *exp = tcase_create("expire");

	tcase_add_test(slot, slot_start_aligned);
	tcase_add_test(slot, slot_names);
	tcase_add_test(slot, slot_paths);
	tcase_add_test(slot, mkdirs_creates_parents);
	tcase_add_test(slot, launch_placeholders);
	tcase_add_test(slot, finish_appends_to_existing);
	tcase_add_test(cli, cli_nfsen_lines);
	tcase_add_test(cli, cli_errors);
	tcase_add_test(exp, nfstat_text);
	tcase_add_test(exp, file_times);
	tcase_add_test(exp, expire_by_life_and_size);
	tcase_add_test(exp, expire_stops_when_asked);
	suite_add_tcase(s, slot);
	suite_add_tcase(s, cli);
	suite_add_tcase(s, exp);
	return tu_run(s) ? 1 : 0;
}
