/*
 * testutil.h - shared helpers for the Check unit tests.
 * SAMPLES_DIR (../shared/samples) and TEST_TMPDIR come from tests/Makefile.am.
 */
#ifndef TESTS_UNIT_TESTUTIL_H
#define TESTS_UNIT_TESTUTIL_H

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

/* Read a whole file into a malloc'd buffer; fails the test if it cannot. */
static inline unsigned char *tu_slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	ck_assert_msg(f != NULL, "cannot open %s", path);
	fseek(f, 0, SEEK_END);
	long n = ftell(f);
	fseek(f, 0, SEEK_SET);
	unsigned char *buf = malloc((size_t)n + 1);
	ck_assert(buf != NULL);
	ck_assert_uint_eq(fread(buf, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	*len = (size_t)n;
	return buf;
}

/* A fresh per-test scratch directory under TEST_TMPDIR. */
static inline const char *tu_tmpdir(const char *name)
{
	static char path[1024];
	snprintf(path, sizeof(path), "%s/%s.%d", TEST_TMPDIR, name, (int)getpid());
	mkdir(TEST_TMPDIR, 0755);
	mkdir(path, 0755);
	return path;
}

/* Run a suite in fork mode; returns the number of failures. */
static inline int tu_run(Suite *s)
{
	SRunner *sr = srunner_create(s);
	srunner_set_fork_status(sr, CK_FORK);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed;
}

#endif
