/*
 * nffile.h - the nfdump capture file container (format.md §1, §2, §6).
 *
 * A file is a header, data blocks of records, and (layout 2) an appendix
 * block with the ident and the stat record.  This module moves blocks:
 * it does not look inside records except to convert layout-1 blocks'
 * header information.  Record decoding is in record/.
 *
 * Reader: nffile_open() reads and checks the header and the appendix
 * (layout 2) or the v1 header and stat record (layout 1).  Then
 * nffile_read_block() returns the data blocks in file order, decompressed.
 * It reads exactly NumBlocks blocks, never trusting EOF, except for a file
 * whose writer never finished (NumBlocks 0, no appendix): then it reads
 * complete blocks until EOF and sets info.incomplete, which nfdump cannot.
 * For parallel readers nffile_read_raw() + nfblock_decompress() split the
 * I/O from the decompression.
 *
 * Writer: nffile_create() writes into a temporary file next to the target
 * ("<path>.tmp-XXXXXX"); nffile_finish() flushes the last block, writes
 * the appendix, rewrites the header, fsyncs the file, renames it into
 * place and fsyncs the directory.  Until then the target is untouched;
 * nffile_abort() removes the temporary.
 *
 * Ownership: a struct nfblock's data buffer belongs to the block and is
 * reused by the next read into that block; free it with nfblock_release().
 */
#ifndef FLOW_FILE_NFFILE_H
#define FLOW_FILE_NFFILE_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "file/codec.h"
#include "record/record.h"
#include "record/stat.h"
#include "util/endian.h"
#include "util/err.h"

#define NFFILE_MAGIC 0xA50C
#define NFFILE_HEADER_SIZE 40		/* layout 2 */
#define NFFILE_V1_HEADER_SIZE 140	/* layout 1, then 136-byte stat */
#define NFBLOCK_HEADER_SIZE 12
#define NFBLOCK_BUFFSIZE (5u * 1048576)	/* reader limit, as nfdump BUFFSIZE */
#define NFBLOCK_WRITE_SIZE 1048576u	/* 1.7.1 WRITE_BUFFSIZE */
#define NFFILE_IDENT_MAX 128

/* Data block types (format.md §2.1). */
enum nfblock_type {
	NFBLOCK_V1 = 2,		/* layout-1 records */
	NFBLOCK_V2 = 3,		/* 1.7 records */
	NFBLOCK_ARRAY = 4,	/* geo/tor databases: skipped */
};

/* What the header and appendix said. */
struct nffile_info {
	unsigned layout;		/* 1 or 2 */
	unsigned compression;		/* enum flow_codec_id */
	unsigned encryption;
	uint32_t nfdversion;		/* writer's version word */
	uint32_t creator;		/* 1.7.2+ program id */
	int64_t created;		/* UNIX seconds */
	uint32_t num_blocks;		/* data blocks */
	uint16_t appendix_blocks;
	int64_t off_appendix;
	uint32_t v1_flags;		/* layout 1 header flags */
	int anonymised;
	int incomplete;			/* writer did not finish: read to EOF */
	int have_ident;
	char ident[NFFILE_IDENT_MAX];	/* "" when none */
	struct flow_stat stat;
	off_t size;			/* file length */
};

struct nfblock {
	uint32_t num_records;
	uint32_t size;			/* payload bytes in data */
	uint16_t type;
	uint16_t flags;
	uint8_t *data;
	size_t cap;
	uint32_t index;			/* 0-based data block number */
	off_t offset;			/* file offset of the block header */
};

struct nffile;

int nffile_open(struct nffile **out, const char *path, struct flow_err *err);
const struct nffile_info *nffile_info(const struct nffile *f);
const char *nffile_path(const struct nffile *f);
/* Bytes read from the file so far (nfdump's "Bytes read"). */
uint64_t nffile_bytes_read(const struct nffile *f);

/* 1 = a block is in blk, 0 = no more blocks, < 0 = error (err names offset). */
int nffile_read_block(struct nffile *f, struct nfblock *blk, struct flow_err *err);
/* As nffile_read_block but leaves the payload compressed. */
int nffile_read_raw(struct nffile *f, struct nfblock *blk, struct flow_err *err);
/* Decompress raw into out (grown as needed) with the file's codec. */
int nfblock_decompress(const struct nffile *f, const struct nfblock *raw,
		       struct nfblock *out, struct flow_err *err);
/*
 * The same without the file: compression is the file's codec id, path
 * names it in errors.  For workers that outlive the reader's handle.
 */
int nfblock_decompress_with(unsigned compression, const char *path,
			    const struct nfblock *raw, struct nfblock *out, struct flow_err *err);
void nfblock_release(struct nfblock *blk);
void nffile_close(struct nffile *f);

/*
 * Walking the records of a decompressed block.  Each record starts with
 * u16 type, u16 size (size includes those 4 bytes); the next follows
 * exactly size bytes later.  nfblock_next_record() checks that a record
 * fits the block and that the block holds no more than NumRecords; it
 * returns 1 with the record, 0 at the end, or FLOW_EFORMAT (with the
 * record's offset inside the block) when the walk cannot continue.
 */
struct nfrec_iter {
	const struct nfblock *blk;
	size_t off;
	uint32_t seen;
};

static inline void nfrec_iter_init(struct nfrec_iter *it, const struct nfblock *blk)
{
	it->blk = blk;
	it->off = 0;
	it->seen = 0;
}

/* The error path of nfblock_next_record (records.c). */
int nfblock_record_error(const struct nfrec_iter *it, struct flow_err *err);

/* Inline: it runs once per record of every query. */
static inline int nfblock_next_record(struct nfrec_iter *it, const uint8_t **rec,
				      unsigned *type, unsigned *size, struct flow_err *err)
{
	const struct nfblock *b = it->blk;
	size_t left = b->size - it->off;

	*rec = NULL;	/* defined on every path, for the compiler's sake */
	*type = *size = 0;
	if (it->seen >= b->num_records)
		return 0;
	if (left >= 4) {
		const uint8_t *p = b->data + it->off;
		unsigned n = ld_le16(p + 2);

		if (n >= 4 && n <= left) {
			*rec = p;
			*type = ld_le16(p);
			*size = n;
			it->off += n;
			it->seen++;
			return 1;
		}
	}
	/* NumRecords promised more; an empty tail is a writer's rounding. */
	return left == 0 ? 0 : nfblock_record_error(it, err);
}

/* Read just the header/appendix information of a file (for -I, -t). */
int nffile_stat(const char *path, struct nffile_info *info, struct flow_err *err);

/* --- writing --- */

struct nffile_opts {
	unsigned compression;		/* enum flow_codec_id */
	int level;			/* 0 = codec default */
	const char *ident;		/* NULL = no ident record ("none" in nfdump) */
	uint32_t creator;		/* 0 unknown, 1 nfcapd, 4 nfdump ... */
	uint32_t nfdversion;		/* 0 = ours, 0x01070100 like Debian 1.7.1 */
	uint32_t block_size;		/* flush threshold; 0 = NFBLOCK_WRITE_SIZE */
};

struct nfwriter;

int nffile_create(struct nfwriter **out, const char *path,
		  const struct nffile_opts *opts, struct flow_err *err);
/*
 * As nffile_create, but the file is written under tmp_path (created or
 * truncated, e.g. a collector's "nfcapd.current.<pid>") and renamed to
 * path by nffile_finish, which may be in another directory of the same
 * file system; that directory must exist by then.  nffile_abort removes
 * tmp_path.
 */
int nffile_create_tmp(struct nfwriter **out, const char *path, const char *tmp_path,
		      const struct nffile_opts *opts, struct flow_err *err);
/*
 * Append one encoded record (any type) of size bytes.  Starts a new block
 * when the current one would exceed the block size.
 */
int nfwriter_put(struct nfwriter *w, const void *rec, size_t size, struct flow_err *err);
/* Encode r as V3, append it, and count it in the stat record. */
int nfwriter_put_flow(struct nfwriter *w, const struct flow_record *r, struct flow_err *err);
/*
 * Write a block the caller filled with nrec encoded records (n bytes,
 * uncompressed) right away, compressed with the file's codec, after
 * whatever nfwriter_put queued.  For writers that build blocks elsewhere
 * (the collector's receive thread) and for copying blocks.  It does not
 * count flows in the stat record: the caller sets that.
 */
int nfwriter_put_block(struct nfwriter *w, const uint8_t *payload, size_t n,
		       uint32_t nrec, struct flow_err *err);
/* The stat record written at the end; callers may add to it directly. */
struct flow_stat *nfwriter_stat(struct nfwriter *w);
/* Blocks written so far. */
uint32_t nfwriter_blocks(const struct nfwriter *w);
int nffile_finish(struct nfwriter *w, struct flow_err *err);
void nffile_abort(struct nfwriter *w);

#endif
