/*
 * header.h - encode/decode of the file headers (format.md §1.1, §6.1).
 * Internal to lib/file.
 */
#ifndef FLOW_FILE_HEADER_H
#define FLOW_FILE_HEADER_H

#include <stdint.h>

#include "file/nffile.h"

/* Layout-1 header flags. */
#define NFV1_FLAG_LZO 0x01
#define NFV1_FLAG_ANON 0x02
#define NFV1_FLAG_BZ2 0x08
#define NFV1_FLAG_LZ4 0x10

/*
 * Check the magic and layout of the first 40 bytes and fill the layout-2
 * fields of info.  Returns 1 or 2 (the layout), or a negative status.
 */
int nffile_header_decode(struct nffile_info *info, const uint8_t p[NFFILE_HEADER_SIZE],
			 const char *path, struct flow_err *err);
void nffile_header_encode(const struct nffile_info *info, uint8_t p[NFFILE_HEADER_SIZE]);

/* Layout 1: the 140-byte header and the 136-byte stat record after it. */
int nffile_header_v1_decode(struct nffile_info *info,
			    const uint8_t p[NFFILE_V1_HEADER_SIZE + FLOW_STAT_V1_SIZE],
			    const char *path, struct flow_err *err);

/* Block header. */
void nfblock_header_decode(struct nfblock *b, const uint8_t p[NFBLOCK_HEADER_SIZE]);
void nfblock_header_encode(const struct nfblock *b, uint8_t p[NFBLOCK_HEADER_SIZE]);

#endif
