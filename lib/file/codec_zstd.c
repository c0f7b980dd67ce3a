/* One complete zstd frame per block, content size in the frame (format.md §9). */
#include <zstd.h>

#include "file/codec.h"

static size_t zstd_bound(size_t n)
{
	return ZSTD_compressBound(n);
}

static long zstd_compress(const uint8_t *in, size_t n, uint8_t *out, size_t cap,
			  int level, struct flow_err *err)
{
	size_t r = ZSTD_compress(out, cap, in, n, level ? level : ZSTD_CLEVEL_DEFAULT);

	if (ZSTD_isError(r))
		return flow_errorf(err, FLOW_ECODEC, "ZSTD compression failed: %s",
				   ZSTD_getErrorName(r));
	return (long)r;
}

static long zstd_decompress(const uint8_t *in, size_t n, uint8_t *out, size_t cap,
			    struct flow_err *err)
{
	size_t r = ZSTD_decompress(out, cap, in, n);

	if (ZSTD_isError(r))
		return flow_errorf(err, FLOW_ECODEC, "ZSTD decompression failed: %s",
				   ZSTD_getErrorName(r));
	return (long)r;
}

const struct flow_codec flow_codec_zstd = {
	.name = "zstd", .id = CODEC_ZSTD, .max_level = 22,
	.bound = zstd_bound, .compress = zstd_compress, .decompress = zstd_decompress,
};
