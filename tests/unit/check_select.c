/*
 * Unit tests for lib/select: -r/-R/-M selection, -t windows, -S layouts.
 *
 * Every expected list below is what Debian nfdump 1.7.1 read from the
 * same tree (strace of its openat() calls), except where a comment says
 * we differ on purpose (names starting with '.', see select.c).  Tests run
 * with TZ=UTC, each in a fresh directory it chdirs into.
 */
#include <errno.h>
#include <string.h>

#include "select/select.h"
#include "testutil.h"
#include "util/alloc.h"

/* 2023-11-14 22:13:12 UTC, a Tuesday, day 318, %W week 46. */
#define T0 1699999992LL

/* Create path (and its parent directories); a trailing '/' = directory. */
static void mk(const char *path)
{
	char buf[512];

	snprintf(buf, sizeof(buf), "%s", path);
	for (char *p = strchr(buf + 1, '/'); p; p = strchr(p + 1, '/')) {
		*p = '\0';
		mkdir(buf, 0755);
		*p = '/';
	}
	if (buf[strlen(buf) - 1] != '/') {
		FILE *f = fopen(buf, "w");

		ck_assert_msg(f != NULL, "cannot create %s", buf);
		fclose(f);
	}
}

static const char *const tree_t[] = {
	"t/nfcapd.2", "t/nfcapd.1", "t/Zfile", "t/.hidden", "t/foo.stat", "t/.nfstat",
	"t/nfcapd.current.123", "t/x.pcap", "t/my.DS_Store", "t/.nfcapd.202311142210.AbC123",
	"t/sub/nfcapd.3", "t/b/b1", "t/a/a1", "t/a/a2", "t/pcapdir/f1", "t/x.statdir/f2",
	"t/.hdir/h1", "t/emptyd/", NULL
};

/* A -S 2 hierarchy for two sources; src2 lacks 14/23. */
static const char *const tree_h[] = {
	"h/src1/2023/11/14/21/nfcapd.202311142100", "h/src1/2023/11/14/22/nfcapd.202311142200",
	"h/src1/2023/11/14/22/nfcapd.202311142205", "h/src1/2023/11/14/22/zz",
	"h/src1/2023/11/14/23/nfcapd.202311142300", "h/src1/2023/11/15/00/nfcapd.202311150000",
	"h/src1/2023/11/15/01/nfcapd.202311150100", "h/src1/2023/12/01/00/nfcapd.202312010000",
	"h/src1/2023/11/extra",
	"h/src2/2023/11/14/21/nfcapd.202311142100", "h/src2/2023/11/14/22/nfcapd.202311142200",
	"h/src2/2023/11/14/22/nfcapd.202311142205", "h/src2/2023/11/15/00/nfcapd.202311150000",
	"h/src2/2023/11/15/01/nfcapd.202311150100", "h/src2/2023/12/01/00/nfcapd.202312010000",
	NULL
};

static void setup(void)
{
	ck_assert_int_eq(chdir(tu_tmpdir("select")), 0);
	for (int i = 0; tree_t[i]; i++)
		mk(tree_t[i]);
	for (int i = 0; tree_h[i]; i++)
		mk(tree_h[i]);
	ck_assert_int_eq(symlink("nfcapd.1", "t/link1"), 0);
	ck_assert_int_eq(symlink("nonexist", "t/dangling"), 0);
	ck_assert_int_eq(symlink("..", "t/sub/loop"), 0);	/* back to the root */
	ck_assert_int_eq(mkfifo("t/fifo", 0644), 0);
}

static struct flow_selection *sel_ok(const char *r, const char *R, const char *M)
{
	struct flow_selection *s = NULL;
	struct flow_err err = { 0 };
	int rc = flow_select(&s, r, R, M, &err);

	ck_assert_msg(rc == 0, "r=%s R=%s M=%s: %d %s", r, R, M, rc, err.msg);
	return s;
}

/* NULL-terminated lists of paths and of warnings, in order. */
static void expect(const char *r, const char *R, const char *M, const char *const *paths,
		   const char *const *warns)
{
	struct flow_selection *s = sel_ok(r, R, M);
	size_t i;

	for (i = 0; paths[i]; i++)
		ck_assert_str_eq(flow_selection_path(s, i) ? flow_selection_path(s, i) : "(end)",
				 paths[i]);
	ck_assert_uint_eq(flow_selection_count(s), i);
	ck_assert_ptr_null(flow_selection_path(s, i));
	for (i = 0; warns && warns[i]; i++)
		ck_assert_str_eq(flow_selection_warning(s, i) ? flow_selection_warning(s, i) : "(end)",
				 warns[i]);
	ck_assert_uint_eq(flow_selection_warning_count(s), i);
	flow_selection_free(s);
}

static void expect_err(const char *r, const char *R, const char *M, int code, const char *msg)
{
	struct flow_selection *s = (struct flow_selection *)&s;
	struct flow_err err = { 0 };

	ck_assert_int_eq(flow_select(&s, r, R, M, &err), code);
	ck_assert_ptr_null(s);
	ck_assert_str_eq(err.msg, msg);
}

#define L(...) ((const char *const[]){ __VA_ARGS__, NULL })
#define NONE ((const char *const[]){ NULL })

/* nfdump 1.7.1 "-R t1": sorted siblings, files and dirs interleaved,
 * links followed, dangling link/FIFO/loop ignored; it also reads
 * t/.hidden and t/.nfcapd.*.AbC123, which the 1.7.8 rule skips. */
static const char *const all_t[] = {
	"t/.hdir/h1", "t/Zfile", "t/a/a1", "t/a/a2", "t/b/b1", "t/link1", "t/nfcapd.1",
	"t/nfcapd.2", "t/pcapdir/f1", "t/sub/nfcapd.3", "t/x.statdir/f2", NULL
};

START_TEST(walk_order_and_skips)
{
	expect(NULL, "t", NULL, all_t, NULL);
	expect(NULL, "./t/", NULL, all_t, NULL);	/* cleaned to "t" */
	expect("t", NULL, NULL, all_t, NULL);	/* -r dir = -R dir */
	expect("t/", NULL, NULL, all_t, NULL);
}
END_TEST

START_TEST(single_file)
{
	expect("./t//nfcapd.1", NULL, NULL, L("t/nfcapd.1"), NULL);
	expect("t/a/./a1", NULL, NULL, L("t/a/a1"), NULL);
	/* no skip rules for -r */
	expect("t/.nfstat", NULL, NULL, L("t/.nfstat"), NULL);
}
END_TEST

START_TEST(flat_ranges)
{
	/* dir/first: that dir only (no "up" dirs in t/a), names >= first */
	expect(NULL, "t/a/a1", NULL, L("t/a/a1", "t/a/a2"), NULL);
	expect(NULL, "t/a/a1:a1", NULL, L("t/a/a1"), NULL);
	expect(NULL, "t/a/a2:a9", NULL, L("t/a/a2"), NULL);
	expect(NULL, "t/a/./a1:./a2", NULL, L("t/a/a1", "t/a/a2"), NULL);
	/* dirs a, b, emptyd, pcapdir, sub are out of [nfcapd.1, nfcapd.2] */
	expect(NULL, "t/nfcapd.1:nfcapd.2", NULL, L("t/nfcapd.1", "t/nfcapd.2"), NULL);
	expect(NULL, "t/a/a2:a1", NULL, NONE,
	       L("WARNING: File 'a2' > 'a1'. Will not match anything!"));
}
END_TEST

/* 1.7.1: "ERROR: fts_level error at flist.c line 701", exit 250 */
START_TEST(subdir_inside_flat_range)
{
	struct flow_selection *s;
	struct flow_err err = { 0 };

	ck_assert_int_eq(flow_select(&s, NULL, "t/nfcapd.1", NULL, &err), FLOW_EINVAL);
	ck_assert_ptr_nonnull(strstr(err.msg, "fts_level error"));
	ck_assert_ptr_nonnull(strstr(err.msg, "'t/pcapdir'"));
}
END_TEST

#define H1 "h/src1/2023/11/"
#define H2 "h/src2/2023/11/"

START_TEST(hierarchy_ranges)
{
	const char *const want[] = { H1 "14/22/nfcapd.202311142205", H1 "14/23/nfcapd.202311142300",
				     H1 "15/00/nfcapd.202311150000", NULL };

	expect(NULL, H1 "14/22/nfcapd.202311142205:2023/11/15/00/nfcapd.202311150000", NULL,
	       want, NULL);
	/* last without sub dirs: guessed (layout 2) */
	expect(NULL, H1 "14/22/nfcapd.202311142205:nfcapd.202311150000", NULL, want, NULL);
	/* last with two levels: root is h/src1/2023/11 */
	expect(NULL, H1 "14/22/nfcapd.202311142205:15/00/nfcapd.202311150000", NULL, want, NULL);
	/* relative first with as many levels as last: root "." */
	ck_assert_int_eq(chdir("h/src1"), 0);
	expect(NULL, "2023/11/14/22/nfcapd.202311142205:2023/11/15/00/nfcapd.202311150000", NULL,
	       L("./2023/11/14/22/nfcapd.202311142205", "./2023/11/14/23/nfcapd.202311142300",
		 "./2023/11/15/00/nfcapd.202311150000"), NULL);
}
END_TEST

START_TEST(hierarchy_edges)
{
	/* no last: the first file's directory only, "zz" included */
	expect(NULL, H1 "14/22/nfcapd.202311142205", NULL,
	       L(H1 "14/22/nfcapd.202311142205", H1 "14/22/zz"), NULL);
	/* every file level is filtered by name: zz > nfcapd.2023... */
	expect(NULL, H1 "14/22/nfcapd.202311142200:2023/12/01/00/nfcapd.202312010000", NULL,
	       L(H1 "14/22/nfcapd.202311142200", H1 "14/22/nfcapd.202311142205",
		 H1 "14/23/nfcapd.202311142300", H1 "15/00/nfcapd.202311150000",
		 H1 "15/01/nfcapd.202311150100", "h/src1/2023/12/01/00/nfcapd.202312010000"), NULL);
	expect(NULL, H1 "15/01/nfcapd.202311150100:2023/11/14/22/nfcapd.202311142205", NULL, NONE,
	       L("WARNING: Entry '2023/11/15' > '2023/11/14'. Will not match anything!",
		 "WARNING: Entry '2023/11/15/01' > '2023/11/14/22'. Will not match anything!",
		 "WARNING: File 'nfcapd.202311150100' > 'nfcapd.202311142205'. Will not match anything!"));
}
END_TEST

START_TEST(multi_single)
{
	/* -r: the -M order is kept; a missing file is a warning */
	expect("nfcapd.202311142300", NULL, "h/src1:src2", L(H1 "14/23/nfcapd.202311142300"),
	       L("stat() error 'h/src2/nfcapd.202311142300': File not found!"));
	expect("nfcapd.202311142205", NULL, "h/src2:src1",
	       L(H2 "14/22/nfcapd.202311142205", H1 "14/22/nfcapd.202311142205"), NULL);
	expect("2023/11/14/22/nfcapd.202311142205", NULL, "h/src1:src2",
	       L(H1 "14/22/nfcapd.202311142205", H2 "14/22/nfcapd.202311142205"), NULL);
	/* the prefix is the first name's directory part, "." if none */
	expect("a", NULL, "t:t", NONE,
	       L("Skip non file entry: './t/a'", "Skip non file entry: './t/a'"));
	/* "%s/%s" joins: an empty name gives "h/", then "h//src1/..." */
	expect("src1/2023/11/extra", NULL, "h/src1:", L("h//src1/2023/11/extra"),
	       L("stat() error 'h/src1/src1/2023/11/extra': File not found!"));
}
END_TEST

START_TEST(multi_bad_dirs)
{
	/* the first bad -M directory ends the list, the ones before stay */
	expect(NULL, ".", "t/b:zz:a", L("t/b/b1"),
	       L("path does not exist: t/zz", "Not a directory: 't/zz'"));
	expect("a1", NULL, "t/a:fifo", L("t/a/a1"),
	       L("not a directory: t/fifo", "Not a directory: 't/fifo'"));
	/* nfdump would drop -M and read "." here; we refuse */
	expect_err(NULL, ".", "t/zz:b", FLOW_ENOENT, "Not a directory: 't/zz'");
	expect_err("a1/x", NULL, "t/a:b", FLOW_EIO, "stat() error 't/a/a1/x': Not a directory");
}
END_TEST

START_TEST(multi_ranges)
{
	/* -R with -M walks the directories sorted (fts sorts its roots) */
	expect(NULL, ".", "t/b:a", L("t/a/a1", "t/a/a2", "t/b/b1"), NULL);
	expect(NULL, "./", "t/b:a", L("t/a/a1", "t/a/a2", "t/b/b1"), NULL);
	/* first and last guessed in the first -M dir, the range per dir */
	expect(NULL, "nfcapd.202311142205:nfcapd.202311150000", "h/src2:src1",
	       L(H1 "14/22/nfcapd.202311142205", H1 "14/23/nfcapd.202311142300",
		 H1 "15/00/nfcapd.202311150000", H2 "14/22/nfcapd.202311142205",
		 H2 "15/00/nfcapd.202311150000"), NULL);
	expect(NULL, "2023/11/14/22/nfcapd.202311142205:2023/11/15/00/nfcapd.202311150000",
	       "h/src1:src2",
	       L(H1 "14/22/nfcapd.202311142205", H1 "14/23/nfcapd.202311142300",
		 H1 "15/00/nfcapd.202311150000", H2 "14/22/nfcapd.202311142205",
		 H2 "15/00/nfcapd.202311150000"), NULL);
}
END_TEST

START_TEST(multi_first_only)
{
	const char *const want[] = {
		H1 "14/22/nfcapd.202311142205", H1 "14/22/zz", H1 "14/23/nfcapd.202311142300",
		H1 "15/00/nfcapd.202311150000", H1 "15/01/nfcapd.202311150100",
		"h/src1/2023/12/01/00/nfcapd.202312010000", H2 "14/22/nfcapd.202311142205",
		H2 "15/00/nfcapd.202311150000", H2 "15/01/nfcapd.202311150100",
		"h/src2/2023/12/01/00/nfcapd.202312010000", NULL
	};

	/* a first without last: every level >= the first's, to the end */
	expect(NULL, "2023/11/14/22/nfcapd.202311142205", "h/src1:src2", want, NULL);
	expect(NULL, "nfcapd.202311142205", "h/src1:src2", want, NULL);
}
END_TEST

START_TEST(arg_errors)
{
	expect_err(NULL, NULL, NULL, FLOW_EINVAL, "Need an input source -r/-R/-M - <stdin> invalid");
	expect_err("t/nfcapd.1", "t", NULL, FLOW_EINVAL,
		   "-r and -R are mutually exclusive. Please specify either -r or -R");
	expect_err(NULL, NULL, "h/src1:src2", FLOW_EINVAL,
		   "-M needs either -r or -R to specify the file or file list. "
		   "Add '-R .' for all files in the directories.");
	expect_err("/x/nfcapd.202311142300", NULL, "h/src1:src2", FLOW_EINVAL,
		   "File -r must not start with '/', when combined with a source list -M");
	expect_err(NULL, "/x/nfcapd.202311142300", "h/src1:src2", FLOW_EINVAL,
		   "File list -R must not start with '/' when combined with a source list -M");
	expect_err("nonexist", NULL, NULL, FLOW_ENOENT, "nonexist is not a file or directory");
	expect_err("t/fifo", NULL, NULL, FLOW_EINVAL, "t/fifo is not a file or directory");
}
END_TEST

START_TEST(range_errors)
{
	expect_err(NULL, "nonexist", NULL, FLOW_ENOENT,
		   "stat() error 'nonexist': No such file or directory");
	expect_err(NULL, "t/dangling", NULL, FLOW_ENOENT,
		   "stat() error 't/dangling': No such file or directory");
	expect_err(NULL, "t/fifo", NULL, FLOW_EINVAL, "Not a file or directory: 't/fifo'");
	expect_err(NULL, "t/nfcapd.1:a:b", NULL, FLOW_EINVAL,
		   "Multiple file separators ':' in path not allowed!");
	expect_err(NULL, "t/nfcapd.1:", NULL, FLOW_EINVAL, "Missing last file option after ':'!");
	expect_err(NULL, "t/nfcapd.1:/x", NULL, FLOW_EINVAL,
		   "Last file name in -R list must not start with '/'");
	expect_err(NULL, "t/a:a2", NULL, FLOW_EINVAL, "Not a file: 't/a'");
	expect_err(NULL, "t/nfcapd.1:x/y/z", NULL, FLOW_EINVAL,
		   "Number of sub dirs for sub level hierarchy for file list -R do not match");
}
END_TEST

START_TEST(multi_range_errors)
{
	expect_err(NULL, "2023/11/14/22/nfcapd.202311142205:nfcapd.202311150000", "h/src1:src2",
		   FLOW_EINVAL, "Number of sub dirs must agree in "
		   "'2023/11/14/22/nfcapd.202311142205' and 'nfcapd.202311150000'");
	expect_err(NULL, "2023", "h/src1:src2", FLOW_EINVAL, "Not a file : 'h/src1/2023'");
	expect_err(NULL, "nfcapd.202311142205:nfcapd.202311990000", "h/src1:src2", FLOW_ENOENT,
		   "'nfcapd.202311990000': File not found!");
	/* only the first -M directory is looked at for the first file */
	expect_err(NULL, "nfcapd.202311142300", "h/src2:src1", FLOW_ENOENT,
		   "stat() error 'h/src2/nfcapd.202311142300': File not found!");
}
END_TEST

/* Run one selection failing the n-th allocation (sticky) for every n. */
static void torture(const char *r, const char *R, const char *M)
{
	struct flow_selection *s = sel_ok(r, R, M);
	size_t want = flow_selection_count(s);

	flow_selection_free(s);
	for (long n = 1;; n++) {
		struct flow_err err = { 0 };
		int rc;

		flow_alloc_fail_at(n, 1);
		rc = flow_select(&s, r, R, M, &err);
		flow_alloc_fail_at(0, 0);
		if (rc == 0) {
			ck_assert_uint_eq(flow_selection_count(s), want);
			flow_selection_free(s);
			break;
		}
		ck_assert_msg(rc == FLOW_ENOMEM, "n=%ld: %d %s", n, rc, err.msg);
		ck_assert_ptr_null(s);
	}
}

START_TEST(alloc_failures)
{
	torture(NULL, "t", NULL);
	torture("./t/nfcapd.1", NULL, NULL);
	torture(NULL, H1 "14/22/nfcapd.202311142205:nfcapd.202311150000", NULL);
	torture(NULL, H1 "15/01/nfcapd.202311150100:2023/11/14/22/nfcapd.202311142205", NULL);
	torture(NULL, "nfcapd.202311142205:nfcapd.202311150000", "h/src2:src1");
	torture("nfcapd.202311142300", NULL, "h/src1:src2");
	torture(NULL, ".", "t/b:zz:a");
}
END_TEST

/* ---- -S layouts ---- */

static const char *const layout_t0[FLOW_SUBDIR_MAX + 1] = {
	"", "2023/11/14", "2023/11/14/22", "2023/46/2", "2023/46/2/22",
	"2023/318", "2023/318/22", "2023-11-14", "2023-11-14/22",
};

START_TEST(subdir_layouts)
{
	char buf[64];
	struct flow_err err = { 0 };

	for (int i = 0; i <= FLOW_SUBDIR_MAX; i++) {
		ck_assert_int_eq(flow_subdir_path(i, (time_t)T0, buf, sizeof(buf), &err), 0);
		ck_assert_str_eq(buf, layout_t0[i]);
	}
	ck_assert_int_eq(flow_subdir_path(9, (time_t)T0, buf, sizeof(buf), &err), FLOW_EINVAL);
	ck_assert_str_eq(err.msg, "No such subdir level 9");
	ck_assert_int_eq(flow_subdir_path(-1, (time_t)T0, buf, sizeof(buf), &err), FLOW_EINVAL);
	ck_assert_str_eq(err.msg, "No such subdir level -1");
	ck_assert_int_eq(flow_subdir_path(2, (time_t)T0, buf, 8, &err), FLOW_EINVAL);
}
END_TEST

/*
 * nfdump 1.7.1 "-M g/l0:l1:...:l8 -r nfcapd.202311142210" finds the file
 * in each layout (it misses one now and then: its lister thread calls
 * localtime() while the main thread does too).
 */
START_TEST(subdir_guessing)
{
	char buf[256], dir[16], want[256], dirs[64] = "g/l0";
	struct flow_selection *s;

	mk("g/l0/nfcapd.202311142210");
	for (int i = 1; i <= FLOW_SUBDIR_MAX; i++) {
		snprintf(buf, sizeof(buf), "g/l%d/%s/nfcapd.202311142210", i, layout_t0[i]);
		mk(buf);
		snprintf(buf, sizeof(buf), "g/l%d/%s/nfcapd.20231114221030", i, layout_t0[i]);
		mk(buf);
		snprintf(dirs + strlen(dirs), sizeof(dirs) - strlen(dirs), ":l%d", i);
	}
	for (int i = 1; i <= FLOW_SUBDIR_MAX; i++) {
		snprintf(dir, sizeof(dir), "g/l%d", i);
		snprintf(want, sizeof(want), "g/l%d/%s/nfcapd.20231114221030", i, layout_t0[i]);
		ck_assert_int_eq(flow_subdir_guess(dir, "nfcapd.20231114221030", buf, sizeof(buf)), 1);
		ck_assert_str_eq(buf, want);
	}
	s = sel_ok("nfcapd.202311142210", NULL, dirs);
	ck_assert_uint_eq(flow_selection_count(s), FLOW_SUBDIR_MAX + 1);
	ck_assert_str_eq(flow_selection_path(s, 0), "g/l0/nfcapd.202311142210");
	ck_assert_str_eq(flow_selection_path(s, 7), "g/l7/2023-11-14/nfcapd.202311142210");
	flow_selection_free(s);
}
END_TEST

START_TEST(subdir_guess_misses)
{
	char buf[256];

	mk("g/l0/nfcapd.202311142210");
	mk("g/d/2023/11/14/nfcapd.202311142210/");
	mk("g/n/2023/11/14/22/nfcapd.2023111422ab");
	/* layout 0 is not a guess; a directory is not a file */
	ck_assert_int_eq(flow_subdir_guess("g/l0", "nfcapd.202311142210", buf, sizeof(buf)), 0);
	ck_assert_int_eq(flow_subdir_guess("g/d", "nfcapd.202311142210", buf, sizeof(buf)), 0);
	/* only nfcapd. + 12 or 14 digits */
	ck_assert_int_eq(flow_subdir_guess("g/n", "nfcapd.2023111422ab", buf, sizeof(buf)), 0);
	ck_assert_int_eq(flow_subdir_guess("g/n", "nfcapd.2023111422", buf, sizeof(buf)), 0);
	ck_assert_int_eq(flow_subdir_guess("g/n", "xfcapd.202311142210", buf, sizeof(buf)), 0);
	mk("g/s/2023/11/14/nfcapd.202311142210");
	ck_assert_int_eq(flow_subdir_guess("g/s", "nfcapd.202311142210", buf, 10), 0);
}
END_TEST

/* ---- -t ---- */

static const struct tw_case {
	const char *arg;
	long long start_ms, end_ms;	/* end -1: open */
} tw_ok[] = {
	{ "2023", 1672531200000LL, -1 },
	{ "2023/11", 1698796800000LL, -1 },
	{ "2023/11/14", 1699920000000LL, -1 },
	{ "2023/11/14.22", 1699999200000LL, -1 },
	{ "2023/11/14.22:13", 1699999980000LL, -1 },
	{ "2023/11/14.22:13:12", T0 * 1000, -1 },
	{ "2023/11/14.22:13:12.500", T0 * 1000 + 500, -1 },
	{ "2023/11/14.22:13:12-2023/11/14.22:14", T0 * 1000, 1700000040000LL },
	{ "2023-2024", 1672531200000LL, 1704067200000LL },
	{ "2023-11", 1698796800000LL, -1 },
	{ "2023-11-14", 1699920000000LL, -1 },
	{ "2023-11-14T22:13:12", T0 * 1000, -1 },
	{ "2023-11-14T22:13:12.250-2023-11-14T22:14:00", T0 * 1000 + 250, 1700000040000LL },
	{ "2023/11/14 22:13", 1699999980000LL, -1 },
	{ "2023/02/31", 1677801600000LL, -1 },	/* mktime: March 3 */
};

START_TEST(timewin_forms)
{
	const struct tw_case *c = &tw_ok[_i];
	struct flow_timewin tw;
	struct flow_err err = { 0 };

	ck_assert_msg(flow_timewin_parse(c->arg, &tw, &err) == 0, "%s: %s", c->arg, err.msg);
	ck_assert_int_eq(tw.has_start, 1);
	ck_assert_uint_eq(tw.start_ms, (uint64_t)c->start_ms);
	ck_assert_int_eq(tw.has_end, c->end_ms >= 0);
	if (c->end_ms >= 0)
		ck_assert_uint_eq(tw.end_ms, (uint64_t)c->end_ms);
}
END_TEST

static const char *const tw_bad[][2] = {
	{ "2023/13", "Month out of range: '13'" },
	{ "2023/00", "Month out of range: '0'" },
	{ "2023/1/14", "Time format error: '1' unexpected." },
	{ "2023/11/14x", "Time format error at '14x': unexpected character: 'x'." },
	{ "1969", "Year out of range: '1969'" },
	{ "2039/01", "Year out of range: '2039'" },
	{ "abc", "Time string format error 'abc'" },
	{ "2023/11/32", "Day out of range: '32'" },
	{ "2023/11/00", "Day out of range: '0'" },
	{ "2023/11/14.24", "Hour out of range: '24'" },
	{ "2023/11/14.22:60", "Minute out of range: '60'" },
	{ "2023/11/14.22:13:60", "Seconds out of range: '60'" },
	{ "2023/11/14.22:13:12.5", "Time format error: '5' unexpected." },
	{ "2023/11/", "Time format error: '' unexpected." },
	{ "+3600", "Time format error at '+3600': unexpected character: '+'." },
	{ "-3600", "Not a date/time string: " },
	{ "2023/11/14-11", "Time format error at '14-11': unexpected character: '-'." },
	{ "2023/11/14-2023/13", "Month out of range: '13'" },
	{ "2023/11/14-202", "Time format error at '14-202': unexpected character: '-'." },
};

START_TEST(timewin_errors)
{
	struct flow_timewin tw = { 1, 2, 1, 1 };
	struct flow_err err = { 0 };

	ck_assert_int_eq(flow_timewin_parse(tw_bad[_i][0], &tw, &err), FLOW_EINVAL);
	ck_assert_str_eq(err.msg, tw_bad[_i][1]);
	ck_assert_int_eq(tw.has_start, 0);
	ck_assert_int_eq(tw.has_end, 0);
}
END_TEST

START_TEST(timewin_limits)
{
	struct flow_timewin tw;
	struct flow_err err = { 0 };
	char longer[200];

	ck_assert_int_eq(flow_timewin_parse(NULL, &tw, &err), FLOW_EINVAL);
	ck_assert_str_eq(err.msg, "Time string format error 'NullString'");
	memset(longer, '1', sizeof(longer) - 1);
	longer[sizeof(longer) - 1] = '\0';
	ck_assert_int_eq(flow_timewin_parse(longer, &tw, &err), FLOW_EINVAL);
	/* local time: the same string is an hour earlier in UTC+1 */
	setenv("TZ", "CET", 1);
	tzset();
	ck_assert_int_eq(flow_timewin_parse("2023/11/14.22:13:12", &tw, &err), 0);
	ck_assert_uint_eq(tw.start_ms, (T0 - 3600) * 1000);
}
END_TEST

START_TEST(timewin_match_edges)
{
	struct flow_timewin tw = { 1000, 2000, 1, 1 };
	struct flow_timewin open = { 1000, 0, 1, 0 };

	/* 1.7.1: first >= start && last <= end, both inclusive */
	ck_assert_int_eq(flow_timewin_match(&tw, 1000, 2000), 1);
	ck_assert_int_eq(flow_timewin_match(&tw, 999, 1500), 0);
	ck_assert_int_eq(flow_timewin_match(&tw, 1500, 2001), 0);
	ck_assert_int_eq(flow_timewin_match(&open, 1000, UINT64_MAX), 1);
	ck_assert_int_eq(flow_timewin_match(&open, 999, 1000), 0);
	ck_assert_int_eq(flow_timewin_match(NULL, 0, 0), 1);
	/* files: skipped only when entirely before or after the window */
	ck_assert_int_eq(flow_timewin_overlaps(&tw, 0, 999), 0);
	ck_assert_int_eq(flow_timewin_overlaps(&tw, 0, 1000), 1);
	ck_assert_int_eq(flow_timewin_overlaps(&tw, 2000, 3000), 1);
	ck_assert_int_eq(flow_timewin_overlaps(&tw, 2001, 3000), 0);
	ck_assert_int_eq(flow_timewin_overlaps(&tw, 0, 5000), 1);
	ck_assert_int_eq(flow_timewin_overlaps(&open, 5000, 6000), 1);
	ck_assert_int_eq(flow_timewin_overlaps(NULL, 5000, 6000), 1);
}
END_TEST

#define NCASES(a) ((int)(sizeof(a) / sizeof((a)[0])))

int main(void)
{
	Suite *s = suite_create("select");
	TCase *sel = tcase_create("selection");
	TCase *tw = tcase_create("timewin");

	setenv("TZ", "UTC", 1);
	tzset();
	tcase_add_checked_fixture(sel, setup, NULL);
	tcase_add_test(sel, walk_order_and_skips);
	tcase_add_test(sel, single_file);
	tcase_add_test(sel, flat_ranges);
	tcase_add_test(sel, subdir_inside_flat_range);
	tcase_add_test(sel, hierarchy_ranges);
	tcase_add_test(sel, hierarchy_edges);
	tcase_add_test(sel, multi_single);
	tcase_add_test(sel, multi_bad_dirs);
	tcase_add_test(sel, multi_ranges);
	tcase_add_test(sel, multi_first_only);
	tcase_add_test(sel, arg_errors);
	tcase_add_test(sel, range_errors);
	tcase_add_test(sel, multi_range_errors);
	tcase_add_test(sel, alloc_failures);
	tcase_add_test(sel, subdir_layouts);
	tcase_add_test(sel, subdir_guessing);
	tcase_add_test(sel, subdir_guess_misses);
	tcase_add_loop_test(tw, timewin_forms, 0, NCASES(tw_ok));
	tcase_add_loop_test(tw, timewin_errors, 0, NCASES(tw_bad));
	tcase_add_test(tw, timewin_limits);
	tcase_add_test(tw, timewin_match_edges);
	suite_add_tcase(s, sel);
	suite_add_tcase(s, tw);
	return tu_run(s) ? 1 : 0;
}
