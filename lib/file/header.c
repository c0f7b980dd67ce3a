#include <string.h>

#include "file/header.h"
#include "util/endian.h"

int nffile_header_decode(struct nffile_info *info, const uint8_t p[NFFILE_HEADER_SIZE],
			 const char *path, struct flow_err *err)
{
	uint16_t magic = ld_le16(p);
	unsigned layout = ld_le16(p + 2);

	if (magic == flow_bswap16(NFFILE_MAGIC))
		return flow_errorf(err, FLOW_EUNSUPPORTED,
				   "%s: written on a host of the other byte order (magic 0x%04x at offset 0)",
				   path, magic);
	if (magic != NFFILE_MAGIC)
		return flow_errorf(err, FLOW_EFORMAT,
				   "%s: not an nfdump file: bad magic 0x%04x at offset 0", path, magic);
	if (layout == 1)
		return 1;
	if (layout != 2)
		return flow_errorf(err, FLOW_EUNSUPPORTED,
				   "%s: unknown file layout version %u at offset 2", path, layout);

	info->layout = 2;
	info->nfdversion = ld_le32(p + 4);
	info->created = (int64_t)ld_le64(p + 8);
	info->compression = p[16];
	info->encryption = p[17];
	info->appendix_blocks = ld_le16(p + 18);
	info->creator = ld_le32(p + 20);
	info->off_appendix = (int64_t)ld_le64(p + 24);
	info->num_blocks = ld_le32(p + 36);
	return 2;
}

void nffile_header_encode(const struct nffile_info *info, uint8_t p[NFFILE_HEADER_SIZE])
{
	memset(p, 0, NFFILE_HEADER_SIZE);
	st_le16(p, NFFILE_MAGIC);
	st_le16(p + 2, 2);
	st_le32(p + 4, info->nfdversion);
	st_le64(p + 8, (uint64_t)info->created);
	p[16] = (uint8_t)info->compression;
	p[17] = (uint8_t)info->encryption;
	st_le16(p + 18, info->appendix_blocks);
	st_le32(p + 20, info->creator);
	st_le64(p + 24, (uint64_t)info->off_appendix);
	st_le32(p + 32, 0);	/* BlockSize: never set by any nfdump */
	st_le32(p + 36, info->num_blocks);
}

int nffile_header_v1_decode(struct nffile_info *info,
			    const uint8_t p[NFFILE_V1_HEADER_SIZE + FLOW_STAT_V1_SIZE],
			    const char *path, struct flow_err *err)
{
	uint32_t flags = ld_le32(p + 4);
	uint32_t comp = flags & (NFV1_FLAG_LZO | NFV1_FLAG_BZ2 | NFV1_FLAG_LZ4);

	info->layout = 1;
	info->v1_flags = flags;
	info->anonymised = (flags & NFV1_FLAG_ANON) != 0;
	switch (comp) {
	case 0:			info->compression = CODEC_NONE; break;
	case NFV1_FLAG_LZO:	info->compression = CODEC_LZO; break;
	case NFV1_FLAG_BZ2:	info->compression = CODEC_BZ2; break;
	case NFV1_FLAG_LZ4:	info->compression = CODEC_LZ4; break;
	default:
		return flow_errorf(err, FLOW_EFORMAT,
				   "%s: layout-1 header flags 0x%x name more than one compression (offset 4)",
				   path, flags);
	}
	info->num_blocks = ld_le32(p + 8);
	memcpy(info->ident, p + 12, NFFILE_IDENT_MAX - 1);
	info->ident[NFFILE_IDENT_MAX - 1] = '\0';
	info->have_ident = 1;
	flow_stat_decode_v1(&info->stat, p + NFFILE_V1_HEADER_SIZE);
	return 1;
}

void nfblock_header_decode(struct nfblock *b, const uint8_t p[NFBLOCK_HEADER_SIZE])
{
	b->num_records = ld_le32(p);
	b->size = ld_le32(p + 4);
	b->type = ld_le16(p + 8);
	b->flags = ld_le16(p + 10);
}

void nfblock_header_encode(const struct nfblock *b, uint8_t p[NFBLOCK_HEADER_SIZE])
{
	st_le32(p, b->num_records);
	st_le32(p + 4, b->size);
	st_le16(p + 8, b->type);
	st_le16(p + 10, b->flags);
}
