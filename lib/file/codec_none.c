#include <string.h>

#include "file/codec.h"

static size_t none_bound(size_t n)
{
	return n;
}

static long none_copy(const uint8_t *in, size_t n, uint8_t *out, size_t cap,
		      struct flow_err *err)
{
	if (n > cap)
		return flow_errorf(err, FLOW_ECODEC, "block of %zu bytes exceeds %zu", n, cap);
	memcpy(out, in, n);
	return (long)n;
}

static long none_compress(const uint8_t *in, size_t n, uint8_t *out, size_t cap,
			  int level, struct flow_err *err)
{
	(void)level;
	return none_copy(in, n, out, cap, err);
}

const struct flow_codec flow_codec_none = {
	.name = "not", .id = CODEC_NONE, .max_level = 0,
	.bound = none_bound, .compress = none_compress, .decompress = none_copy,
};
