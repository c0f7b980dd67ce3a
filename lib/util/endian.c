#include <stddef.h>
#include <stdint.h>

#include "util/endian.h"

void flow_swap_layout(void *p, size_t len, const char *layout)
{
	uint8_t *b = p;
	size_t off = 0;

	if (!FLOW_HOST_BIG_ENDIAN)
		return;
	for (; *layout && off < len; layout++) {
		unsigned w = (unsigned)(*layout - '0');

		if (*layout == ' ')
			continue;
		if (off + w > len)
			break;
		for (unsigned i = 0; i < w / 2; i++) {
			uint8_t t = b[off + i];
			b[off + i] = b[off + w - 1 - i];
			b[off + w - 1 - i] = t;
		}
		off += w;
	}
}
