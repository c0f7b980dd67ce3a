/* LZO1X-1 raw stream, as nfdump's embedded minilzo writes it (format.md §9). */
#include <lzo/lzo1x.h>
#include <pthread.h>

#include "file/codec.h"
#include "util/alloc.h"

static pthread_once_t lzo_once = PTHREAD_ONCE_INIT;
static int lzo_ok;

static void lzo_setup(void)
{
	lzo_ok = lzo_init() == LZO_E_OK;
}

static size_t lzo_bound(size_t n)
{
	/* worst case documented by LZO for LZO1X */
	return n + n / 16 + 64 + 3;
}

static long lzo_compress(const uint8_t *in, size_t n, uint8_t *out, size_t cap,
			 int level, struct flow_err *err)
{
	(void)level;
	pthread_once(&lzo_once, lzo_setup);
	if (!lzo_ok)
		return flow_errorf(err, FLOW_ECODEC, "LZO library initialisation failed");
	if (cap < lzo_bound(n))
		return flow_errorf(err, FLOW_ECODEC, "LZO output buffer too small");

	void *wrk = flow_malloc(LZO1X_1_MEM_COMPRESS);

	if (!wrk)
		return flow_errorf(err, FLOW_ENOMEM, "LZO work memory");
	lzo_uint out_len = cap;
	int r = lzo1x_1_compress(in, n, out, &out_len, wrk);

	flow_free(wrk);
	if (r != LZO_E_OK)
		return flow_errorf(err, FLOW_ECODEC, "LZO compression failed: %d", r);
	return (long)out_len;
}

static long lzo_decompress(const uint8_t *in, size_t n, uint8_t *out, size_t cap,
			   struct flow_err *err)
{
	pthread_once(&lzo_once, lzo_setup);
	if (!lzo_ok)
		return flow_errorf(err, FLOW_ECODEC, "LZO library initialisation failed");

	lzo_uint out_len = cap;
	int r = lzo1x_decompress_safe(in, n, out, &out_len, NULL);

	if (r != LZO_E_OK)
		return flow_errorf(err, FLOW_ECODEC, "LZO decompression failed: %d", r);
	return (long)out_len;
}

const struct flow_codec flow_codec_lzo = {
	.name = "lzo", .id = CODEC_LZO, .max_level = 0,
	.bound = lzo_bound, .compress = lzo_compress, .decompress = lzo_decompress,
};
