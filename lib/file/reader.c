/*
 * Reading nfdump files: header, appendix, data blocks (format.md §1.2).
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "file/header.h"
#include "file/nffile.h"
#include "util/alloc.h"
#include "util/endian.h"

struct nffile {
	int fd;
	char *path;
	struct nffile_info info;
	off_t pos;		/* next block header */
	off_t data_end;		/* incomplete files: stop here */
	uint32_t blocks_read;
	uint64_t bytes_read;
	struct nfblock raw;	/* scratch for compressed payloads */
};

/* pread exactly n bytes; FLOW_EFORMAT with "truncated" on a short read. */
static int read_at(struct nffile *f, void *buf, size_t n, off_t off,
		   const char *what, struct flow_err *err)
{
	size_t done = 0;

	while (done < n) {
		ssize_t r = pread(f->fd, (uint8_t *)buf + done, n - done, off + (off_t)done);

		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return flow_errorf_errno(err, FLOW_EIO, "%s: read %s at offset %lld",
						 f->path, what, (long long)off);
		if (r == 0)
			return flow_errorf(err, FLOW_EFORMAT,
					   "%s: truncated: %s at offset %lld needs %zu bytes, file ends at %lld",
					   f->path, what, (long long)off, n, (long long)f->info.size);
		done += (size_t)r;
	}
	f->bytes_read += n;
	return 0;
}

static int grow(struct nfblock *b, size_t need, struct flow_err *err)
{
	if (b->cap >= need)
		return 0;

	uint8_t *p = flow_realloc(b->data, need);

	if (!p)
		return flow_errorf(err, FLOW_ENOMEM, "block buffer of %zu bytes", need);
	b->data = p;
	b->cap = need;
	return 0;
}

void nfblock_release(struct nfblock *blk)
{
	flow_free(blk->data);
	memset(blk, 0, sizeof(*blk));
}

/* Read and check the block header at pos; the payload is not read. */
static int read_block_header(struct nffile *f, off_t pos, struct nfblock *blk,
			     uint32_t index, struct flow_err *err)
{
	uint8_t h[NFBLOCK_HEADER_SIZE];
	int rc = read_at(f, h, sizeof(h), pos, "block header", err);

	if (rc < 0)
		return rc;
	nfblock_header_decode(blk, h);
	blk->index = index;
	blk->offset = pos;
	if (blk->num_records == 0 || blk->size == 0 || blk->size > NFBLOCK_BUFFSIZE - NFBLOCK_HEADER_SIZE)
		return flow_errorf(err, FLOW_EFORMAT,
				   "%s: block %u at offset %lld: bad header (%u records, %u bytes)",
				   f->path, index, (long long)pos, blk->num_records, blk->size);
	if (blk->type != NFBLOCK_V1 && blk->type != NFBLOCK_V2 && blk->type != NFBLOCK_ARRAY)
		return flow_errorf(err, FLOW_EFORMAT,
				   "%s: block %u at offset %lld: unknown block type %u",
				   f->path, index, (long long)pos, blk->type);
	return 0;
}

static int payload_fits(const struct nffile *f, const struct nfblock *blk)
{
	return (off_t)blk->size <= f->data_end - blk->offset - NFBLOCK_HEADER_SIZE;
}

static int read_payload(struct nffile *f, struct nfblock *blk, struct flow_err *err)
{
	int rc = grow(blk, blk->size, err);

	if (rc < 0)
		return rc;
	return read_at(f, blk->data, blk->size, blk->offset + NFBLOCK_HEADER_SIZE,
		       "block payload", err);
}

/* Read the raw block at pos; checks its shape but not its content. */
static int read_raw_at(struct nffile *f, off_t pos, struct nfblock *blk, uint32_t index,
		       struct flow_err *err)
{
	int rc = read_block_header(f, pos, blk, index, err);

	if (rc < 0)
		return rc;
	if (!payload_fits(f, blk))
		return flow_errorf(err, FLOW_EFORMAT,
				   "%s: truncated: block %u at offset %lld has %u bytes, file ends at %lld",
				   f->path, index, (long long)pos, blk->size, (long long)f->info.size);
	return read_payload(f, blk, err);
}

int nfblock_decompress_with(unsigned compression, const char *path,
			    const struct nfblock *raw, struct nfblock *out, struct flow_err *err)
{
	const struct flow_codec *c = flow_codec_get(compression);
	int rc = c ? grow(out, NFBLOCK_BUFFSIZE, err)
		   : flow_errorf(err, FLOW_EUNSUPPORTED, "%s: unknown compression %u",
				 path, compression);

	if (rc < 0)
		return rc;
	struct flow_err cerr = { 0 };
	long n = c->decompress(raw->data, raw->size, out->data, out->cap, &cerr);

	if (n <= 0)
		return flow_errorf(err, n < 0 ? (int)n : FLOW_ECODEC,
				   "%s: block %u at offset %lld: %s",
				   path, raw->index, (long long)raw->offset,
				   n < 0 ? cerr.msg : "decompresses to nothing");
	out->num_records = raw->num_records;
	out->size = (uint32_t)n;
	out->type = raw->type;
	out->flags = raw->flags;
	out->index = raw->index;
	out->offset = raw->offset;
	return 0;
}

int nfblock_decompress(const struct nffile *f, const struct nfblock *raw,
		       struct nfblock *out, struct flow_err *err)
{
	return nfblock_decompress_with(f->info.compression, f->path, raw, out, err);
}

/* Take ident and stat from a decompressed appendix block. */
static int parse_appendix(struct nffile *f, const struct nfblock *b, struct flow_err *err)
{
	size_t off = 0;

	for (uint32_t i = 0; i < b->num_records && b->size - off >= 4; i++) {
		unsigned type = ld_le16(b->data + off);
		unsigned size = ld_le16(b->data + off + 2);

		if (size < 4 || size > b->size - off)
			return flow_errorf(err, FLOW_EFORMAT,
					   "%s: appendix at offset %lld: record %u has size %u",
					   f->path, (long long)f->info.off_appendix, i, size);
		const uint8_t *p = b->data + off + 4;
		size_t n = size - 4u;

		if (type == REC_IDENT && size < NFFILE_IDENT_MAX && memchr(p, 0, n)) {
			memcpy(f->info.ident, p, n);
			f->info.have_ident = 1;
		} else if (type == REC_STAT && n == FLOW_STAT_SIZE) {
			flow_stat_decode(&f->info.stat, p);
		}
		off += size;
	}
	return 0;
}

static int open_v2(struct nffile *f, struct flow_err *err)
{
	struct nffile_info *in = &f->info;

	if (in->encryption)
		return flow_errorf(err, FLOW_EUNSUPPORTED,
				   "%s: encrypted file (encryption %u at offset 17): can not handle encrypted files",
				   f->path, in->encryption);
	if (!flow_codec_get(in->compression))
		return flow_errorf(err, FLOW_EUNSUPPORTED,
				   "%s: unknown compression %u at offset 16", f->path, in->compression);
	f->pos = NFFILE_HEADER_SIZE;
	f->data_end = in->size;
	if (in->num_blocks == 0 && in->appendix_blocks == 0 && in->off_appendix == 0) {
		/* Never closed by its writer: blocks up to EOF are all we have. */
		in->incomplete = in->size > NFFILE_HEADER_SIZE;
		return 0;
	}
	if (in->appendix_blocks == 0 || in->off_appendix < NFFILE_HEADER_SIZE ||
	    in->off_appendix >= in->size)
		return 0;

	struct nfblock raw = { 0 }, blk = { 0 };
	int rc = read_raw_at(f, in->off_appendix, &raw, 0, err);

	if (rc == 0)
		rc = nfblock_decompress(f, &raw, &blk, err);
	if (rc == 0)
		rc = parse_appendix(f, &blk, err);
	if (rc < 0)
		rc = flow_errorf(err, rc, "%s: appendix block at offset %lld unreadable",
				 f->path, (long long)in->off_appendix);
	nfblock_release(&raw);
	nfblock_release(&blk);
	return rc;
}

int nffile_open(struct nffile **out, const char *path, struct flow_err *err)
{
	struct nffile *f = flow_calloc(1, sizeof(*f));
	uint8_t h[NFFILE_V1_HEADER_SIZE + FLOW_STAT_V1_SIZE];
	struct stat st;
	int rc;

	*out = NULL;
	if (!f)
		return flow_errorf(err, FLOW_ENOMEM, "%s: open", path);
	f->fd = -1;
	f->path = flow_strdup(path);
	if (!f->path) {
		rc = flow_errorf(err, FLOW_ENOMEM, "%s: open", path);
		goto fail;
	}
	flow_stat_init(&f->info.stat);
	f->info.stat.msec_first = 0;
	f->fd = open(path, O_RDONLY | O_CLOEXEC);
	if (f->fd < 0) {
		rc = flow_errorf_errno(err, errno == ENOENT ? FLOW_ENOENT : FLOW_EIO,
				       "%s: open", path);
		goto fail;
	}
	if (fstat(f->fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		rc = flow_errorf(err, FLOW_EIO, "%s: not a regular file", path);
		goto fail;
	}
	f->info.size = st.st_size;
	rc = read_at(f, h, NFFILE_HEADER_SIZE, 0, "file header", err);
	if (rc < 0)
		goto fail;
	rc = nffile_header_decode(&f->info, h, path, err);
	if (rc == 1) {
		rc = read_at(f, h + NFFILE_HEADER_SIZE, sizeof(h) - NFFILE_HEADER_SIZE,
			     NFFILE_HEADER_SIZE, "layout-1 header", err);
		if (rc == 0)
			rc = nffile_header_v1_decode(&f->info, h, path, err);
		f->info.created = st.st_mtime;	/* as nfdump: layout 1 has no time */
		f->pos = sizeof(h);
		f->data_end = st.st_size;
	} else if (rc == 2) {
		rc = open_v2(f, err);
	}
	if (rc < 0)
		goto fail;
	*out = f;
	return 0;
fail:
	nffile_close(f);
	return rc;
}

const struct nffile_info *nffile_info(const struct nffile *f)
{
	return &f->info;
}

const char *nffile_path(const struct nffile *f)
{
	return f->path;
}

uint64_t nffile_bytes_read(const struct nffile *f)
{
	return f->bytes_read;
}

/* A file whose writer died: its last block may be cut off; stop before it. */
static int read_raw_incomplete(struct nffile *f, struct nfblock *blk, struct flow_err *err)
{
	if (f->data_end - f->pos < NFBLOCK_HEADER_SIZE)
		return 0;

	int rc = read_block_header(f, f->pos, blk, f->blocks_read, err);

	if (rc < 0)
		return rc;
	if (!payload_fits(f, blk))
		return 0;
	rc = read_payload(f, blk, err);
	return rc < 0 ? rc : 1;
}

int nffile_read_raw(struct nffile *f, struct nfblock *blk, struct flow_err *err)
{
	int rc;

	if (f->info.incomplete) {
		rc = read_raw_incomplete(f, blk, err);
		if (rc <= 0)
			return rc;
	} else {
		if (f->blocks_read >= f->info.num_blocks)
			return 0;
		rc = read_raw_at(f, f->pos, blk, f->blocks_read, err);
		if (rc < 0)
			return rc;
	}
	f->pos += NFBLOCK_HEADER_SIZE + blk->size;
	f->blocks_read++;
	return 1;
}

int nffile_read_block(struct nffile *f, struct nfblock *blk, struct flow_err *err)
{
	if (f->info.compression == CODEC_NONE)
		return nffile_read_raw(f, blk, err);

	int rc = nffile_read_raw(f, &f->raw, err);

	if (rc <= 0)
		return rc;
	rc = nfblock_decompress(f, &f->raw, blk, err);
	return rc < 0 ? rc : 1;
}

void nffile_close(struct nffile *f)
{
	if (!f)
		return;
	if (f->fd >= 0)
		close(f->fd);
	nfblock_release(&f->raw);
	flow_free(f->path);
	flow_free(f);
}

int nffile_stat(const char *path, struct nffile_info *info, struct flow_err *err)
{
	struct nffile *f;
	int rc = nffile_open(&f, path, err);

	if (rc < 0)
		return rc;
	*info = f->info;
	nffile_close(f);
	return 0;
}
