#include "file/nffile.h"

int nfblock_record_error(const struct nfrec_iter *it, struct flow_err *err)
{
	const struct nfblock *b = it->blk;
	size_t left = b->size - it->off;

	if (left < 4)
		return flow_errorf(err, FLOW_EFORMAT,
				   "record %u at block offset %zu: %zu bytes left, header needs 4",
				   it->seen + 1, it->off, left);

	const uint8_t *p = b->data + it->off;

	return flow_errorf(err, FLOW_EFORMAT,
			   "record %u (type %u) at block offset %zu: size %u, %zu bytes left",
			   it->seen + 1, ld_le16(p), it->off, ld_le16(p + 2), left);
}
