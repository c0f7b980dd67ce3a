/*
 * codec.h - block compression codecs of nfdump files (format.md §2.2, §9).
 *
 * Each block payload is compressed independently as one unit.  One file
 * per codec fills a struct flow_codec; the file header byte selects it.
 * The codecs are stateless and thread-safe: workers may decompress blocks
 * of the same file in parallel.
 */
#ifndef FLOW_FILE_CODEC_H
#define FLOW_FILE_CODEC_H

#include <stddef.h>
#include <stdint.h>

#include "util/err.h"

enum flow_codec_id {
	CODEC_NONE = 0,
	CODEC_LZO = 1,
	CODEC_BZ2 = 2,
	CODEC_LZ4 = 3,
	CODEC_ZSTD = 4,
	CODEC_MAX = 5,
};

struct flow_codec {
	const char *name;	/* as nfdump -v prints it: "lz4" */
	enum flow_codec_id id;
	int max_level;		/* 0 = level not adjustable */
	/* Worst-case compressed size of n input bytes. */
	size_t (*bound)(size_t n);
	/*
	 * Compress in[0..n) into out (cap bytes); level 0 = codec default.
	 * Returns compressed length, or negative status with err set.
	 */
	long (*compress)(const uint8_t *in, size_t n, uint8_t *out, size_t cap,
			 int level, struct flow_err *err);
	/* Decompress; returns the decompressed length or negative status. */
	long (*decompress)(const uint8_t *in, size_t n, uint8_t *out, size_t cap,
			   struct flow_err *err);
};

/* NULL for an unknown id. */
const struct flow_codec *flow_codec_get(unsigned id);

/*
 * Parse a compression spec as nfdump 1.7.8 takes it after "-z=":
 * "lzo", "lz4[:level]", "bz2"/"bzip2", "zstd[:level]", or digits 0-4;
 * case-insensitive, level <= 100 (clamped to the codec's maximum).
 */
int flow_codec_parse(const char *spec, int *id, int *level, struct flow_err *err);

extern const struct flow_codec flow_codec_none;
extern const struct flow_codec flow_codec_lzo;
extern const struct flow_codec flow_codec_bz2;
extern const struct flow_codec flow_codec_lz4;
extern const struct flow_codec flow_codec_zstd;

#endif
