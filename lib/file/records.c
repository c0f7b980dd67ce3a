#include "file/nffile.h"
#include "util/endian.h"

int nfblock_next_record(struct nfrec_iter *it, const uint8_t **rec, unsigned *type,
			unsigned *size, struct flow_err *err)
{
	const struct nfblock *b = it->blk;
	size_t left = b->size - it->off;

	if (it->seen >= b->num_records)
		return 0;
	if (left < 4)
		/* NumRecords promised more; a short tail is a writer bug, not data. */
		return left == 0 ? 0 : flow_errorf(err, FLOW_EFORMAT,
			"record %u at block offset %zu: %zu bytes left, header needs 4",
			it->seen + 1, it->off, left);

	const uint8_t *p = b->data + it->off;
	unsigned t = ld_le16(p), n = ld_le16(p + 2);

	if (n < 4 || n > left)
		return flow_errorf(err, FLOW_EFORMAT,
				   "record %u (type %u) at block offset %zu: size %u, %zu bytes left",
				   it->seen + 1, t, it->off, n, left);
	*rec = p;
	*type = t;
	*size = n;
	it->off += n;
	it->seen++;
	return 1;
}
