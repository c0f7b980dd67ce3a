/*
 * fuzz_nffile - libFuzzer target for the capture file reader.
 *
 * The input is a whole nfdump file.  It is written to a memfd and opened
 * by path (/proc/self/fd/N), so the reader runs exactly as on a real file:
 * nffile_open, the appendix, every block through the codec of the header,
 * layout-1 conversion, the record walk and the V3/v1 decoders, all via
 * flow_source as dump uses it.  A second pass reads the blocks with
 * nffile_read_raw + nfblock_decompress, the split API parallel readers
 * use.  Each decoded flow is re-encoded, which reads every member.
 *
 * Whatever the input, nothing may crash, leak, trip a sanitizer or hang;
 * bad input must come back as warnings and error codes.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE	/* memfd_create */
#endif
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "file/nffile.h"
#include "record/record.h"
#include "source/source.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int memfd = -1;
static char memfd_path[64];

static int load_input(const uint8_t *data, size_t size)
{
	size_t done = 0;

	if (memfd < 0) {
		memfd = memfd_create("fuzz_nffile", MFD_CLOEXEC);
		if (memfd < 0) {
			perror("memfd_create");
			abort();
		}
		snprintf(memfd_path, sizeof(memfd_path), "/proc/self/fd/%d", memfd);
	}
	if (ftruncate(memfd, 0) < 0)
		abort();
	while (done < size) {
		ssize_t n = pwrite(memfd, data + done, size - done, (off_t)done);

		if (n <= 0)
			abort();
		done += (size_t)n;
	}
	return 0;
}

static void ignore_warning(void *ctx, const char *msg)
{
	size_t *count = ctx;

	/* the message must be a proper string: strlen reads all of it */
	*count += strlen(msg) > 0;
}

/* flow_source: what every reader binary does. */
static void read_source(void)
{
	static uint8_t enc[65536];
	const char *paths[1] = { memfd_path };
	size_t warnings = 0;
	struct flow_source_opts opts = { .warn = ignore_warning, .warn_ctx = &warnings };
	struct flow_source *s;
	struct flow_item item;
	struct flow_err err = { 0 };

	if (flow_source_open(&s, paths, 1, &opts, &err) < 0)
		return;
	while (flow_source_next(s, &item) > 0) {
		if (item.kind == FLOW_ITEM_FLOW)
			(void)flow_record_encode_v3(item.rec, enc, sizeof(enc), &err);
		if (item.raw && item.raw_size)
			(void)item.raw[item.raw_size - 1];
	}
	(void)flow_source_file(s);
	(void)flow_source_totals(s);
	flow_source_close(s);
}

/* The split read API, and the record walk over each block. */
static void read_raw(void)
{
	struct nffile *f;
	struct nfblock raw = { 0 }, blk = { 0 };
	struct flow_err err = { 0 };
	struct flow_record *r = calloc(1, sizeof(*r));

	if (!r)
		abort();
	if (nffile_open(&f, memfd_path, &err) < 0) {
		free(r);
		return;
	}
	while (nffile_read_raw(f, &raw, &err) > 0) {
		struct nfrec_iter it;
		const uint8_t *p;
		unsigned type, size;

		if (nfblock_decompress(f, &raw, &blk, &err) < 0)
			continue;
		if (blk.type != NFBLOCK_V2)
			continue;
		nfrec_iter_init(&it, &blk);
		while (nfblock_next_record(&it, &p, &type, &size, &err) > 0)
			if (type == REC_V3)
				(void)flow_record_decode_v3(r, p, size, &err);
	}
	nfblock_release(&raw);
	nfblock_release(&blk);
	nffile_close(f);
	free(r);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	load_input(data, size);
	read_source();
	read_raw();
	return 0;
}
