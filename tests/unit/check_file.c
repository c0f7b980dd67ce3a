/*
 * Unit tests for lib/file: the container, every codec, atomic writing,
 * and bad input (truncated, foreign-endian, encrypted, unknown codec,
 * writer crashed).
 */
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "file/nffile.h"
#include "testutil.h"
#include "util/alloc.h"

#define S(name) SAMPLES_DIR "/" name

static void write_bytes(const char *path, const void *p, size_t n)
{
	FILE *f = fopen(path, "wb");

	ck_assert_ptr_nonnull(f);
	ck_assert_uint_eq(fwrite(p, 1, n, f), n);
	fclose(f);
}

/* Records of all data blocks; -1 on the first error. */
static long count_records(const char *path, struct flow_err *err)
{
	struct nffile *f;
	struct nfblock blk = { 0 };
	long n = 0;
	int rc = nffile_open(&f, path, err);

	if (rc < 0)
		return rc;
	while ((rc = nffile_read_block(f, &blk, err)) > 0) {
		struct nfrec_iter it;
		const uint8_t *p;
		unsigned t, sz;

		nfrec_iter_init(&it, &blk);
		while ((rc = nfblock_next_record(&it, &p, &t, &sz, err)) > 0)
			n++;
		if (rc < 0)
			break;
	}
	nfblock_release(&blk);
	nffile_close(f);
	return rc < 0 ? rc : n;
}

START_TEST(reads_every_sample)
{
	static const struct { const char *name; unsigned layout, codec; long records;
			      const char *ident; } cases[] = {
		{ S("v2_171_nfcapd_A_none.nf"), 2, CODEC_NONE, 7, "testA" },
		{ S("v2_171_nfdump_A_none.nf"), 2, CODEC_NONE, 6, "testA" },
		{ S("v2_171_nfdump_A_lzo.nf"), 2, CODEC_LZO, 6, "testA" },
		{ S("v2_171_nfdump_A_lz4.nf"), 2, CODEC_LZ4, 6, "testA" },
		{ S("v2_171_nfdump_A_bz2.nf"), 2, CODEC_BZ2, 6, "testA" },
		{ S("ref/v2_178_nfdump_A_zstd.nf"), 2, CODEC_ZSTD, 6, "testA8" },
		{ S("ref/v2_178_nfdump_A_lz4hc9.nf"), 2, CODEC_LZ4, 6, "testA8" },
		{ S("ref/v2_178_nfcapd_A_none.nf"), 2, CODEC_NONE, 7, "testA8" },
		{ S("ref/v1_1625_nfcapd_A_none.nf"), 1, CODEC_NONE, 9, "test16" },
		{ S("ref/v1_1625_nfdump_A_lzo.nf"), 1, CODEC_LZO, 8, "test16" },
		{ S("ref/v1_1625_nfdump_A_lz4.nf"), 1, CODEC_LZ4, 8, "test16" },
		{ S("ref/v1_1625_nfdump_A_bz2.nf"), 1, CODEC_BZ2, 8, "test16" },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct nffile_info info;
		struct flow_err err = { 0 };

		ck_assert_msg(nffile_stat(cases[i].name, &info, &err) == 0, "%s", err.msg);
		ck_assert_uint_eq(info.layout, cases[i].layout);
		ck_assert_uint_eq(info.compression, cases[i].codec);
		ck_assert_str_eq(info.ident, cases[i].ident);
		ck_assert_uint_eq(info.stat.numflows, 5);
		ck_assert_uint_eq(info.stat.numbytes, 22236);
		ck_assert_uint_eq(info.stat.numpackets, 38);
		ck_assert_uint_eq(info.stat.flows_tcp, 2);
		ck_assert_uint_eq(info.stat.bytes_icmp, 336);
		ck_assert_uint_eq(info.stat.msec_first, 1699999990500ULL);
		ck_assert_uint_eq(info.stat.msec_last, 1700000000499ULL);
		ck_assert(!info.incomplete);
		ck_assert_int_eq(count_records(cases[i].name, &err), cases[i].records);
	}
}
END_TEST

START_TEST(header_of_171_file)
{
	struct nffile_info info;

	ck_assert_int_eq(nffile_stat(S("v2_171_nfcapd_A_none.nf"), &info, NULL), 0);
	ck_assert_uint_eq(info.nfdversion, 0x01070100);
	ck_assert_int_eq(info.created, 0x6b086a84);
	ck_assert_uint_eq(info.appendix_blocks, 1);
	ck_assert_int_eq(info.off_appendix, 0x240);
	ck_assert_uint_eq(info.num_blocks, 1);
	ck_assert_uint_eq(info.creator, 0);
}
END_TEST

/* Copy the records of a file into a new one with our writer. */
static void copy_file(const char *in, const char *out, unsigned codec, int level,
		      const char *ident)
{
	struct nffile *f;
	struct nfwriter *w;
	struct nfblock blk = { 0 };
	struct flow_err err = { 0 };
	struct nffile_opts o = { .compression = codec, .level = level, .ident = ident };

	ck_assert_int_eq(nffile_open(&f, in, &err), 0);
	ck_assert_msg(nffile_create(&w, out, &o, &err) == 0, "%s", err.msg);
	while (nffile_read_block(f, &blk, &err) > 0) {
		struct nfrec_iter it;
		const uint8_t *p;
		unsigned t, sz;

		nfrec_iter_init(&it, &blk);
		while (nfblock_next_record(&it, &p, &t, &sz, &err) > 0)
			ck_assert_int_eq(nfwriter_put(w, p, sz, &err), 0);
	}
	*nfwriter_stat(w) = nffile_info(f)->stat;
	nfblock_release(&blk);
	nffile_close(f);
	ck_assert_msg(nffile_finish(w, &err) == 0, "%s", err.msg);
}

/*
 * nfdump's LZO, LZ4 and BZ2 files of sample A are reproduced byte for byte,
 * apart from the creation time (format.md §9: the system libraries give
 * the same output as nfdump's embedded ones).
 */
START_TEST(writes_byte_identical_files)
{
	static const struct { const char *ref; unsigned codec; } cases[] = {
		{ S("v2_171_nfdump_A_none.nf"), CODEC_NONE },
		{ S("v2_171_nfdump_A_lzo.nf"), CODEC_LZO },
		{ S("v2_171_nfdump_A_lz4.nf"), CODEC_LZ4 },
		{ S("v2_171_nfdump_A_bz2.nf"), CODEC_BZ2 },
	};
	const char *dir = tu_tmpdir("identical");

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char out[2048];
		size_t n1, n2;

		snprintf(out, sizeof(out), "%s/out%zu.nf", dir, i);
		copy_file(S("v2_171_nfdump_A_none.nf"), out, cases[i].codec, 0, "testA");
		unsigned char *a = tu_slurp(cases[i].ref, &n1);
		unsigned char *b = tu_slurp(out, &n2);

		ck_assert_uint_eq(n1, n2);
		memset(a + 8, 0, 8);	/* created */
		memset(b + 8, 0, 8);
		ck_assert_msg(memcmp(a, b, n1) == 0, "codec %u differs", cases[i].codec);
		free(a);
		free(b);
	}
}
END_TEST

START_TEST(roundtrip_every_codec_and_level)
{
	static const struct { unsigned codec; int level; } cases[] = {
		{ CODEC_NONE, 0 }, { CODEC_LZO, 0 }, { CODEC_BZ2, 0 }, { CODEC_BZ2, 1 },
		{ CODEC_LZ4, 0 }, { CODEC_LZ4, 9 }, { CODEC_LZ4, 12 },
		{ CODEC_ZSTD, 0 }, { CODEC_ZSTD, 1 }, { CODEC_ZSTD, 19 },
	};
	const char *dir = tu_tmpdir("codecs");

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char out[2048];
		struct flow_err err = { 0 };
		struct nffile_info info;

		snprintf(out, sizeof(out), "%s/c%zu.nf", dir, i);
		copy_file(S("v2_171_nfcapd_A_none.nf"), out, cases[i].codec, cases[i].level, "x");
		ck_assert_int_eq(nffile_stat(out, &info, &err), 0);
		ck_assert_uint_eq(info.compression, cases[i].codec);
		ck_assert_str_eq(info.ident, "x");
		ck_assert_uint_eq(info.stat.numflows, 5);
		ck_assert_int_eq(count_records(out, &err), 7);
	}
}
END_TEST

/* Many records: several blocks, each below the 1 MiB write size. */
START_TEST(large_file_spans_blocks)
{
	const char *dir = tu_tmpdir("large");
	char out[2048];
	struct nfwriter *w;
	struct flow_err err = { 0 };
	struct nffile_opts o = { .compression = CODEC_LZ4 };
	struct flow_record r;
	const long n = 30000;

	snprintf(out, sizeof(out), "%s/large.nf", dir);
	ck_assert_int_eq(nffile_create(&w, out, &o, &err), 0);
	flow_record_clear(&r);
	r.present = (1u << EX_GENERIC) | (1u << EX_IPV6) | (1u << EX_MPLS);
	for (long i = 0; i < n; i++) {
		r.generic.in_packets = (uint64_t)i;
		r.generic.proto = (uint8_t)(i % 3 ? 6 : 17);
		ck_assert_int_eq(nfwriter_put_flow(w, &r, &err), 0);
	}
	ck_assert_uint_ge(nfwriter_blocks(w), 5);
	ck_assert_int_eq(nffile_finish(w, &err), 0);

	struct nffile *f;
	struct nfblock blk = { 0 };
	long seen = 0;

	ck_assert_int_eq(nffile_open(&f, out, &err), 0);
	ck_assert_uint_eq(nffile_info(f)->stat.numflows, (uint64_t)n);
	while (nffile_read_block(f, &blk, &err) > 0) {
		ck_assert_uint_le(blk.size, NFBLOCK_WRITE_SIZE);
		seen += blk.num_records;
	}
	ck_assert_int_eq(seen, n);
	nfblock_release(&blk);
	nffile_close(f);
}
END_TEST

START_TEST(abort_leaves_nothing)
{
	const char *dir = tu_tmpdir("abort");
	char out[2048];
	struct nfwriter *w;
	struct nffile_opts o = { 0 };

	snprintf(out, sizeof(out), "%s/keep.nf", dir);
	write_bytes(out, "old", 3);
	ck_assert_int_eq(nffile_create(&w, out, &o, NULL), 0);
	ck_assert_int_eq(nfwriter_put(w, "\x07\x00\x04\x00", 4, NULL), 0);
	nffile_abort(w);

	size_t n;
	unsigned char *b = tu_slurp(out, &n);

	ck_assert_uint_eq(n, 3);	/* target untouched */
	free(b);
	char cmd[4200];

	snprintf(cmd, sizeof(cmd), "test $(ls -A %s | wc -l) = 1", dir);
	ck_assert_int_eq(system(cmd), 0);	/* no temporary left */
}
END_TEST

static int open_error(const char *path, struct flow_err *err)
{
	struct nffile *f;
	int rc = nffile_open(&f, path, err);

	if (rc == 0)
		nffile_close(f);
	return rc;
}

START_TEST(bad_headers)
{
	const char *dir = tu_tmpdir("bad");
	char p[2048];
	size_t n;
	unsigned char *a = tu_slurp(S("v2_171_nfcapd_A_none.nf"), &n);
	struct flow_err err = { 0 };

	snprintf(p, sizeof(p), "%s/swapped.nf", dir);
	a[0] = 0xa5; a[1] = 0x0c;
	write_bytes(p, a, n);
	ck_assert_int_eq(open_error(p, &err), FLOW_EUNSUPPORTED);
	ck_assert_ptr_nonnull(strstr(err.msg, "byte order"));
	ck_assert_ptr_nonnull(strstr(err.msg, "swapped.nf"));

	a[0] = 0x0c; a[1] = 0xa5; a[17] = 1;
	snprintf(p, sizeof(p), "%s/enc.nf", dir);
	write_bytes(p, a, n);
	ck_assert_int_eq(open_error(p, &err), FLOW_EUNSUPPORTED);
	ck_assert_ptr_nonnull(strstr(err.msg, "encrypted"));

	a[17] = 0; a[16] = 9;
	snprintf(p, sizeof(p), "%s/codec.nf", dir);
	write_bytes(p, a, n);
	ck_assert_int_eq(open_error(p, &err), FLOW_EUNSUPPORTED);
	ck_assert_ptr_nonnull(strstr(err.msg, "compression 9"));

	a[16] = 0; a[2] = 3;
	snprintf(p, sizeof(p), "%s/layout.nf", dir);
	write_bytes(p, a, n);
	ck_assert_int_eq(open_error(p, &err), FLOW_EUNSUPPORTED);

	snprintf(p, sizeof(p), "%s/junk.nf", dir);
	write_bytes(p, "hello world, not a capture file at all.....", 44);
	ck_assert_int_eq(open_error(p, &err), FLOW_EFORMAT);
	ck_assert_ptr_nonnull(strstr(err.msg, "bad magic"));
	ck_assert_int_eq(open_error(SAMPLES_DIR "/nonexistent.nf", &err), FLOW_ENOENT);
	free(a);
}
END_TEST

/* Every prefix of every sample fails cleanly or reads fewer records. */
START_TEST(every_truncation_is_clean)
{
	static const char *files[] = {
		S("v2_171_nfcapd_A_none.nf"), S("v2_171_nfdump_A_lz4.nf"),
		S("v2_171_nfdump_A_bz2.nf"), S("ref/v2_178_nfdump_A_zstd.nf"),
		S("ref/v1_1625_nfdump_A_lzo.nf"),
	};
	const char *dir = tu_tmpdir("trunc");
	char p[2048];

	snprintf(p, sizeof(p), "%s/t.nf", dir);
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		size_t n;
		unsigned char *a = tu_slurp(files[i], &n);

		for (size_t cut = 0; cut < n; cut++) {
			struct flow_err err = { 0 };

			write_bytes(p, a, cut);
			long r = count_records(p, &err);

			/* cut exactly before the appendix: all data is there */
			if (r >= 0 && cut == (size_t)(a[24] | a[25] << 8) && a[2] == 2)
				continue;
			ck_assert_msg(r < 0 && strstr(err.msg, "t.nf"),
				      "%s cut at %zu: %ld records, '%s'", files[i], cut, r, err.msg);
		}
		free(a);
	}
}
END_TEST

START_TEST(corrupt_block_names_offset)
{
	const char *dir = tu_tmpdir("corrupt");
	char p[2048];
	size_t n;
	unsigned char *a = tu_slurp(S("v2_171_nfdump_A_lz4.nf"), &n);
	struct flow_err err = { 0 };

	memset(a + 60, 0xff, 4);
	snprintf(p, sizeof(p), "%s/c.nf", dir);
	write_bytes(p, a, n);
	ck_assert_int_lt(count_records(p, &err), 0);
	ck_assert_ptr_nonnull(strstr(err.msg, "block 0 at offset 40"));
	free(a);
}
END_TEST

/* Header never rewritten (writer died): complete blocks still read. */
START_TEST(reads_file_of_crashed_writer)
{
	const char *dir = tu_tmpdir("crash");
	char p[2048];
	size_t n;
	unsigned char *a = tu_slurp(S("v2_171_nfcapd_A_none.nf"), &n);
	struct flow_err err = { 0 };
	struct nffile_info info;

	memset(a + 18, 0, 2);	/* appendixBlocks */
	memset(a + 24, 0, 8);	/* offAppendix */
	memset(a + 36, 0, 4);	/* NumBlocks */
	snprintf(p, sizeof(p), "%s/crashed.nf", dir);
	write_bytes(p, a, 0x240 + 100);	/* data block + part of what followed */
	ck_assert_int_eq(nffile_stat(p, &info, &err), 0);
	ck_assert(info.incomplete);
	ck_assert_int_eq(count_records(p, &err), 7);
	free(a);
}
END_TEST

/* Each failed allocation is reported, never a crash or a leak (ASan). */
START_TEST(allocation_failures)
{
	const char *dir = tu_tmpdir("oom");
	char out[2048];
	int ok = 0;

	snprintf(out, sizeof(out), "%s/o.nf", dir);
	for (long i = 1; i < 100 && !ok; i++) {
		struct flow_err err = { 0 };
		struct nffile *f = NULL;
		struct nfwriter *w = NULL;
		struct nfblock blk = { 0 };
		struct nffile_opts o = { .compression = CODEC_LZO, .ident = "x" };
		int rc;

		flow_alloc_fail_at(i, 1);
		rc = nffile_open(&f, S("v2_171_nfdump_A_lz4.nf"), &err);
		if (rc == 0)
			rc = nffile_create(&w, out, &o, &err);
		while (rc == 0 && (rc = nffile_read_block(f, &blk, &err)) > 0)
			rc = nfwriter_put(w, blk.data, 4 + 0 * blk.size, &err);
		if (rc == 0 && w) {
			rc = nffile_finish(w, &err);
			w = NULL;
		}
		flow_alloc_fail_at(0, 0);
		ck_assert(rc == 0 || rc == FLOW_ENOMEM || err.code == FLOW_ENOMEM);
		ok = rc == 0;
		nffile_abort(w);
		nfblock_release(&blk);
		nffile_close(f);
	}
	ck_assert(ok);
}
END_TEST

START_TEST(codec_spec_parsing)
{
	int id, level;

	ck_assert_int_eq(flow_codec_parse("lz4:9", &id, &level, NULL), 0);
	ck_assert_int_eq(id, CODEC_LZ4);
	ck_assert_int_eq(level, 9);
	ck_assert_int_eq(flow_codec_parse("ZSTD", &id, &level, NULL), 0);
	ck_assert_int_eq(id, CODEC_ZSTD);
	ck_assert_int_eq(flow_codec_parse("bzip2", &id, &level, NULL), 0);
	ck_assert_int_eq(id, CODEC_BZ2);
	ck_assert_int_eq(flow_codec_parse("3", &id, &level, NULL), 0);
	ck_assert_int_eq(id, CODEC_LZ4);
	ck_assert_int_eq(flow_codec_parse("zstd:99", &id, &level, NULL), 0);
	ck_assert_int_eq(level, 22);
	ck_assert_int_lt(flow_codec_parse("gzip", &id, &level, NULL), 0);
	ck_assert_int_lt(flow_codec_parse("lz4:x", &id, &level, NULL), 0);
	ck_assert_int_lt(flow_codec_parse("lz4:101", &id, &level, NULL), 0);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("file");
	TCase *tc = tcase_create("read");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, reads_every_sample);
	tcase_add_test(tc, header_of_171_file);
	tcase_add_test(tc, bad_headers);
	tcase_add_test(tc, every_truncation_is_clean);
	tcase_add_test(tc, corrupt_block_names_offset);
	tcase_add_test(tc, reads_file_of_crashed_writer);
	suite_add_tcase(s, tc);
	tc = tcase_create("write");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, writes_byte_identical_files);
	tcase_add_test(tc, roundtrip_every_codec_and_level);
	tcase_add_test(tc, large_file_spans_blocks);
	tcase_add_test(tc, abort_leaves_nothing);
	tcase_add_test(tc, allocation_failures);
	tcase_add_test(tc, codec_spec_parsing);
	suite_add_tcase(s, tc);
	return tu_run(s) ? 1 : 0;
}
