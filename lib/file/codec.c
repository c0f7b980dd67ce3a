#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "file/codec.h"

static const struct flow_codec *const codecs[CODEC_MAX] = {
	[CODEC_NONE] = &flow_codec_none,
	[CODEC_LZO] = &flow_codec_lzo,
	[CODEC_BZ2] = &flow_codec_bz2,
	[CODEC_LZ4] = &flow_codec_lz4,
	[CODEC_ZSTD] = &flow_codec_zstd,
};

const struct flow_codec *flow_codec_get(unsigned id)
{
	return id < CODEC_MAX ? codecs[id] : NULL;
}

int flow_codec_parse(const char *spec, int *id, int *level, struct flow_err *err)
{
	static const struct { const char *name; int id; } names[] = {
		{ "none", CODEC_NONE }, { "lzo", CODEC_LZO }, { "bz2", CODEC_BZ2 },
		{ "bzip2", CODEC_BZ2 }, { "lz4", CODEC_LZ4 }, { "zstd", CODEC_ZSTD },
	};
	const char *colon = strchr(spec, ':');
	size_t n = colon ? (size_t)(colon - spec) : strlen(spec);

	*id = -1;
	*level = 0;
	if (n == 1 && spec[0] >= '0' && spec[0] <= '4')
		*id = spec[0] - '0';
	for (size_t i = 0; *id < 0 && i < sizeof(names) / sizeof(names[0]); i++)
		if (strlen(names[i].name) == n && strncasecmp(spec, names[i].name, n) == 0)
			*id = names[i].id;
	if (*id < 0)
		return flow_errorf(err, FLOW_EINVAL, "Unknown compression: %s", spec);
	if (colon) {
		char *end;
		long l = strtol(colon + 1, &end, 10);

		if (!isdigit((unsigned char)colon[1]) || *end || l < 0 || l > 100)
			return flow_errorf(err, FLOW_EINVAL, "Invalid compression level: %s",
					   colon + 1);
		if (l > codecs[*id]->max_level)
			l = codecs[*id]->max_level;
		*level = (int)l;
	}
	return 0;
}
