/* LZ4 raw block format, no frame, no size prefix (format.md §9). */
#include <lz4.h>
#include <lz4hc.h>

#include "file/codec.h"

static size_t lz4_bound(size_t n)
{
	return (size_t)LZ4_compressBound((int)n);
}

static long lz4_compress(const uint8_t *in, size_t n, uint8_t *out, size_t cap,
			 int level, struct flow_err *err)
{
	int r;

	/* nfdump 1.7.8: level <= 2 is the fast compressor, 3..12 LZ4-HC. */
	if (level > 2)
		r = LZ4_compress_HC((const char *)in, (char *)out, (int)n, (int)cap, level);
	else
		r = LZ4_compress_default((const char *)in, (char *)out, (int)n, (int)cap);
	if (r <= 0)
		return flow_errorf(err, FLOW_ECODEC, "LZ4 compression of %zu bytes failed", n);
	return r;
}

static long lz4_decompress(const uint8_t *in, size_t n, uint8_t *out, size_t cap,
			   struct flow_err *err)
{
	int r = LZ4_decompress_safe((const char *)in, (char *)out, (int)n, (int)cap);

	if (r < 0)
		return flow_errorf(err, FLOW_ECODEC, "LZ4 decompression failed (corrupt data)");
	return r;
}

const struct flow_codec flow_codec_lz4 = {
	.name = "lz4", .id = CODEC_LZ4, .max_level = LZ4HC_CLEVEL_MAX,
	.bound = lz4_bound, .compress = lz4_compress, .decompress = lz4_decompress,
};
