/*
 * bench_file - how close our file read and write paths come to the raw
 * speed of the LZ4 library they are built on.
 *
 *   bench_file [-r runs] [-m max-records] [-t tmpdir] [-x steps] FILE
 *
 * FILE must be LZ4-compressed (nfgen -z lz4 --mix v5).  Every figure is
 * the median of `runs` timings taken in this process on one thread; the
 * steps take turns, so machine noise spreads over all of them:
 *
 *  (a) LZ4_decompress_safe of every raw block payload, already in memory
 *  (b) our read path: flow_source over FILE - pread, decompress, walk and
 *      decode every record into struct flow_record
 *  (b2) the same without flow_source: nffile_read_block,
 *      nfblock_next_record, flow_record_decode_v3
 *  (c) LZ4_compress_default of the decompressed block payloads of the first
 *      blocks (up to max-records records, default 1000000)
 *  (d) our writer: nffile_create(LZ4) + nfwriter_put_flow of those same
 *      records, already decoded, + nffile_finish, into tmpdir
 *
 * Speeds are in MB/s of uncompressed payload (10^6 bytes), so the ratios
 * b/a and d/c say how much of the library's speed our code keeps (goals:
 * >= 0.60 and >= 0.50).  Output is a table; bench_file.sh adds the file
 * size and nfdump comparisons.  -x runs only the listed steps ("b" or
 * "b2", "d"...), for profiling one of them under perf or callgrind.
 */
#include <errno.h>
#include <lz4.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "file/codec.h"
#include "file/nffile.h"
#include "record/record.h"
#include "source/source.h"
#include "util/banned.h"

struct block {
	uint8_t *raw;		/* compressed payload as stored */
	uint32_t raw_size;
	uint8_t *data;		/* decompressed payload (only for the write set) */
	uint32_t size;		/* decompressed size */
	uint32_t num_records;
};

struct bench {
	const char *path;
	const char *tmpdir;
	const char *steps;		/* NULL = all */
	int runs;
	uint64_t max_records;

	struct block *blocks;
	size_t nblocks;
	uint64_t bytes;			/* decompressed payload, all blocks */
	uint64_t records;		/* all records of all blocks */
	uint64_t flows;			/* V3 records among them */

	size_t wblocks;			/* the first wblocks form the write set */
	uint64_t wbytes;
	struct flow_record *recs;	/* decoded V3 records of the write set */
	size_t nrecs;
	uint8_t *scratch;		/* decompression / compression target */
	size_t scratch_cap;
};

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static double median(double *v, int n)
{
	qsort(v, (size_t)n, sizeof(*v), cmp_double);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

static void die(const char *what, const char *msg)
{
	fprintf(stderr, "bench_file: %s: %s\n", what, msg);
	exit(1);
}

static void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (!p)
		die("malloc", strerror(errno));
	return p;
}

/* V3 records in a decompressed block. */
static uint64_t count_flows(const struct bench *b, uint8_t *data, uint32_t size, uint32_t nrec)
{
	struct nfblock blk = { .num_records = nrec, .size = size, .type = NFBLOCK_V2, .data = data };
	struct flow_err err = { 0 };
	struct nfrec_iter it;
	const uint8_t *p;
	unsigned type, rsize;
	uint64_t n = 0;
	int rc;

	nfrec_iter_init(&it, &blk);
	while ((rc = nfblock_next_record(&it, &p, &type, &rsize, &err)) > 0)
		n += type == REC_V3;
	if (rc < 0)
		die(b->path, err.msg);
	return n;
}

/* Read all raw blocks into memory, and decompress + decode the write set. */
static void load(struct bench *b)
{
	struct flow_err err = { 0 };
	struct nffile *f;
	struct nfblock raw = { 0 };
	size_t cap = 0;
	int rc;

	if (nffile_open(&f, b->path, &err) < 0)
		die(b->path, err.msg);
	if (nffile_info(f)->compression != CODEC_LZ4)
		die(b->path, "not an LZ4 file (write it with nfgen -z lz4)");
	while ((rc = nffile_read_raw(f, &raw, &err)) > 0) {
		if (b->nblocks == cap) {
			cap = cap ? 2 * cap : 256;
			b->blocks = realloc(b->blocks, cap * sizeof(*b->blocks));
			if (!b->blocks)
				die("malloc", strerror(errno));
		}
		struct block *bl = &b->blocks[b->nblocks++];

		memset(bl, 0, sizeof(*bl));
		bl->raw = xmalloc(raw.size);
		memcpy(bl->raw, raw.data, raw.size);
		bl->raw_size = raw.size;
		bl->num_records = raw.num_records;
	}
	if (rc < 0)
		die(b->path, err.msg);
	nfblock_release(&raw);
	nffile_close(f);

	b->scratch_cap = NFBLOCK_BUFFSIZE;
	if ((size_t)LZ4_compressBound(NFBLOCK_BUFFSIZE) > b->scratch_cap)
		b->scratch_cap = (size_t)LZ4_compressBound(NFBLOCK_BUFFSIZE);
	b->scratch = xmalloc(b->scratch_cap);

	uint64_t wrec = 0;

	for (size_t i = 0; i < b->nblocks; i++) {
		struct block *bl = &b->blocks[i];
		int n = LZ4_decompress_safe((const char *)bl->raw, (char *)b->scratch,
					    (int)bl->raw_size, NFBLOCK_BUFFSIZE);

		if (n <= 0)
			die(b->path, "LZ4_decompress_safe failed");
		bl->size = (uint32_t)n;
		b->bytes += (uint64_t)n;
		b->flows += count_flows(b, b->scratch, bl->size, bl->num_records);
		b->records += bl->num_records;
		if (wrec + bl->num_records <= b->max_records || i == 0) {
			bl->data = xmalloc((size_t)n);
			memcpy(bl->data, b->scratch, (size_t)n);
			wrec += bl->num_records;
			b->wblocks = i + 1;
			b->wbytes += (uint64_t)n;
		}
	}

	/* Decode the write set once; its var-length parts point into bl->data. */
	b->recs = calloc(wrec ? wrec : 1, sizeof(*b->recs));
	if (!b->recs)
		die("calloc", strerror(errno));
	for (size_t i = 0; i < b->wblocks; i++) {
		struct nfblock blk = {
			.num_records = b->blocks[i].num_records,
			.size = b->blocks[i].size,
			.type = NFBLOCK_V2,
			.data = b->blocks[i].data,
		};
		struct nfrec_iter it;
		const uint8_t *p;
		unsigned type, size;

		nfrec_iter_init(&it, &blk);
		while ((rc = nfblock_next_record(&it, &p, &type, &size, &err)) > 0) {
			if (type != REC_V3)
				continue;
			if (flow_record_decode_v3(&b->recs[b->nrecs], p, size, &err) < 0)
				die(b->path, err.msg);
			b->nrecs++;
		}
		if (rc < 0)
			die(b->path, err.msg);
	}
}

/* (a) */
static double run_lz4_decompress(struct bench *b)
{
	double t = now();
	uint64_t sum = 0;

	for (size_t i = 0; i < b->nblocks; i++) {
		int n = LZ4_decompress_safe((const char *)b->blocks[i].raw, (char *)b->scratch,
					    (int)b->blocks[i].raw_size, NFBLOCK_BUFFSIZE);

		if (n <= 0)
			die(b->path, "LZ4_decompress_safe failed");
		sum += (uint64_t)n;
	}
	t = now() - t;
	if (sum != b->bytes)
		die(b->path, "decompressed size changed between runs");
	return t;
}

static void warn_cb(void *ctx, const char *msg)
{
	(void)ctx;
	die("flow_source", msg);
}

/* (b) */
static double run_source(struct bench *b)
{
	struct flow_source_opts o = { .warn = warn_cb };
	struct flow_source *s;
	struct flow_item item;
	struct flow_err err = { 0 };
	uint64_t flows = 0, sink = 0;
	double t = now();

	if (flow_source_open(&s, &b->path, 1, &o, &err) < 0)
		die(b->path, err.msg);
	while (flow_source_next(s, &item) > 0) {
		if (item.kind != FLOW_ITEM_FLOW)
			continue;
		flows++;
		sink += item.rec->generic.in_bytes;	/* touch the record */
	}
	flow_source_close(s);
	t = now() - t;
	if (flows != b->flows)
		die(b->path, "flow_source returned a different number of flows");
	if (sink == 0 && flows)
		fprintf(stderr, "bench_file: all byte counters are 0?\n");
	return t;
}

/* (b2) */
static double run_blocks(struct bench *b)
{
	struct flow_err err = { 0 };
	struct nffile *f;
	struct nfblock blk = { 0 };
	struct flow_record *r = calloc(1, sizeof(*r));
	uint64_t flows = 0;
	double t = now();
	int rc;

	if (!r)
		die("calloc", strerror(errno));
	if (nffile_open(&f, b->path, &err) < 0)
		die(b->path, err.msg);
	while ((rc = nffile_read_block(f, &blk, &err)) > 0) {
		struct nfrec_iter it;
		const uint8_t *p;
		unsigned type, size;

		nfrec_iter_init(&it, &blk);
		while ((rc = nfblock_next_record(&it, &p, &type, &size, &err)) > 0) {
			if (type != REC_V3)
				continue;
			if (flow_record_decode_v3(r, p, size, &err) < 0)
				die(b->path, err.msg);
			flows++;
		}
		if (rc < 0)
			break;
	}
	if (rc < 0)
		die(b->path, err.msg);
	nfblock_release(&blk);
	nffile_close(f);
	free(r);
	t = now() - t;
	if (flows != b->flows)
		die(b->path, "the block loop found a different number of flows");
	return t;
}

/* (c) */
static double run_lz4_compress(struct bench *b)
{
	double t = now();

	for (size_t i = 0; i < b->wblocks; i++) {
		int n = LZ4_compress_default((const char *)b->blocks[i].data, (char *)b->scratch,
					     (int)b->blocks[i].size, (int)b->scratch_cap);

		if (n <= 0)
			die(b->path, "LZ4_compress_default failed");
	}
	return now() - t;
}

/* (d) */
static double run_writer(struct bench *b)
{
	struct nffile_opts o = { .compression = CODEC_LZ4, .ident = "bench" };
	struct flow_err err = { 0 };
	struct nfwriter *w;
	char path[4096];
	double t;

	snprintf(path, sizeof(path), "%s/bench_file.%d.nf", b->tmpdir, (int)getpid());
	t = now();
	if (nffile_create(&w, path, &o, &err) < 0)
		die(path, err.msg);
	for (size_t i = 0; i < b->nrecs; i++)
		if (nfwriter_put_flow(w, &b->recs[i], &err) < 0)
			die(path, err.msg);
	if (nffile_finish(w, &err) < 0)
		die(path, err.msg);
	t = now() - t;
	unlink(path);
	return t;
}

static int wanted(const struct bench *b, const char *step)
{
	if (!b->steps)
		return 1;
	/* "b" must not match "b2": compare whole comma/space-free tokens */
	for (const char *p = b->steps; (p = strstr(p, step)) != NULL; p++) {
		size_t n = strlen(step);

		if ((p == b->steps || p[-1] == ',') && (p[n] == '\0' || p[n] == ','))
			return 1;
	}
	return 0;
}

struct step {
	const char *name;
	double (*fn)(struct bench *);
	double t[64];
	double median;
};

/*
 * Run the steps round-robin, runs times, after one warm-up round (page
 * cache, allocator, branch predictors): a slow stretch of a shared or
 * virtual machine then hits every step alike instead of one of them.
 */
static void run_steps(struct bench *b, struct step *steps, int n)
{
	for (int round = -1; round < b->runs; round++)
		for (int i = 0; i < n; i++) {
			if (!wanted(b, steps[i].name))
				continue;
			double t = steps[i].fn(b);

			if (round >= 0)
				steps[i].t[round] = t;
		}
	for (int i = 0; i < n; i++)
		steps[i].median = wanted(b, steps[i].name) ? median(steps[i].t, b->runs) : 0;
}

static double mbps(uint64_t bytes, double sec)
{
	return sec > 0 ? (double)bytes / sec / 1e6 : 0;
}

static double per_sec(uint64_t n, double sec)
{
	return sec > 0 ? (double)n / sec / 1e6 : 0;
}

static double ratio(double x, double y)
{
	return y > 0 ? x / y : 0;
}

static void report(struct bench *b)
{
	struct step st[] = {
		{ .name = "a", .fn = run_lz4_decompress },
		{ .name = "b", .fn = run_source },
		{ .name = "b2", .fn = run_blocks },
		{ .name = "c", .fn = run_lz4_compress },
		{ .name = "d", .fn = run_writer },
	};

	run_steps(b, st, (int)(sizeof(st) / sizeof(st[0])));

	double ta = st[0].median, tb = st[1].median, tb2 = st[2].median;
	double tc = st[3].median, td = st[4].median;
	double a = mbps(b->bytes, ta), bs = mbps(b->bytes, tb), b2 = mbps(b->bytes, tb2);
	double c = mbps(b->wbytes, tc), d = mbps(b->wbytes, td);

	printf("file %s: %zu blocks, %llu records (%llu flows), %.1f MB uncompressed\n",
	       b->path, b->nblocks, (unsigned long long)b->records,
	       (unsigned long long)b->flows, (double)b->bytes / 1e6);
	printf("write set: first %zu blocks, %zu flows, %.1f MB; medians of %d runs\n\n",
	       b->wblocks, b->nrecs, (double)b->wbytes / 1e6, b->runs);
	printf("%-48s %10s %12s %8s\n", "step", "MB/s", "Mflows/s", "ratio");
	printf("%-48s %10.0f %12.2f %8s\n", "(a) LZ4_decompress_safe, blocks in memory", a,
	       per_sec(b->flows, ta), "");
	printf("%-48s %10.0f %12.2f %8.2f   (b/a, goal >= 0.60)\n",
	       "(b) read+decompress+decode (flow_source)", bs, per_sec(b->flows, tb),
	       ratio(bs, a));
	printf("%-48s %10.0f %12.2f %8.2f   (b2/a)\n",
	       "(b2) same via nffile_read_block loop", b2, per_sec(b->flows, tb2),
	       ratio(b2, a));
	printf("%-48s %10.0f %12.2f %8s\n", "(c) LZ4_compress_default, ~1 MiB chunks", c,
	       per_sec(b->nrecs, tc), "");
	printf("%-48s %10.0f %12.2f %8.2f   (d/c, goal >= 0.50)\n",
	       "(d) writer: nfwriter_put_flow + finish (LZ4)", d, per_sec(b->nrecs, td),
	       ratio(d, c));
}

static void usage(void)
{
	fputs("usage: bench_file [-r runs] [-m max-records] [-t tmpdir] [-x a,b,b2,c,d] file.lz4\n",
	      stderr);
	exit(2);
}

int main(int argc, char **argv)
{
	struct bench b = { .runs = 5, .max_records = 1000000, .tmpdir = "/tmp" };
	int c;

	while ((c = getopt(argc, argv, "r:m:t:x:")) != -1) {
		switch (c) {
		case 'r':
			b.runs = atoi(optarg);
			if (b.runs < 1 || b.runs > 64)
				usage();
			break;
		case 'm':
			b.max_records = strtoull(optarg, NULL, 10);
			break;
		case 't':
			b.tmpdir = optarg;
			break;
		case 'x':
			b.steps = optarg;
			break;
		default:
			usage();
		}
	}
	if (optind + 1 != argc)
		usage();
	b.path = argv[optind];
	load(&b);
	report(&b);
	for (size_t i = 0; i < b.nblocks; i++) {
		free(b.blocks[i].raw);
		free(b.blocks[i].data);
	}
	free(b.blocks);
	free(b.recs);
	free(b.scratch);
	return 0;
}
