/* One complete bzip2 stream per block, level 9 (format.md §9). */
#include <bzlib.h>
#include <limits.h>

#include "file/codec.h"

static size_t bz2_bound(size_t n)
{
	/* bzip2 manual: 1% larger plus 600 bytes */
	return n + n / 100 + 600;
}

static long bz2_compress(const uint8_t *in, size_t n, uint8_t *out, size_t cap,
			 int level, struct flow_err *err)
{
	unsigned int out_len = cap > UINT_MAX ? UINT_MAX : (unsigned int)cap;
	int bs = level >= 1 && level <= 9 ? level : 9;
	int r = BZ2_bzBuffToBuffCompress((char *)out, &out_len, (char *)in,
					 (unsigned int)n, bs, 0, 0);

	if (r != BZ_OK)
		return flow_errorf(err, FLOW_ECODEC, "BZ2 compression failed: %d", r);
	return (long)out_len;
}

static long bz2_decompress(const uint8_t *in, size_t n, uint8_t *out, size_t cap,
			   struct flow_err *err)
{
	unsigned int out_len = cap > UINT_MAX ? UINT_MAX : (unsigned int)cap;
	int r = BZ2_bzBuffToBuffDecompress((char *)out, &out_len, (char *)in,
					   (unsigned int)n, 0, 0);

	if (r != BZ_OK)
		return flow_errorf(err, FLOW_ECODEC, "BZ2 decompression failed: %d", r);
	return (long)out_len;
}

const struct flow_codec flow_codec_bz2 = {
	.name = "bz2", .id = CODEC_BZ2, .max_level = 9,
	.bound = bz2_bound, .compress = bz2_compress, .decompress = bz2_decompress,
};
