/*
 * Writing layout-2 files as nfdump 1.7.1 does (format.md §1.1, §1.3),
 * atomically: everything goes to a temporary file in the target's
 * directory, which replaces the target only once complete and on disk.
 */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "file/header.h"
#include "file/nffile.h"
#include "util/alloc.h"
#include "util/endian.h"

/* Debian nfdump 1.7.1's version word: files look like its own. */
#define NFDVERSION_171 0x01070100u

struct nfwriter {
	int fd;
	char *path;
	char *tmp;
	struct nffile_opts opts;
	const struct flow_codec *codec;
	struct nffile_info info;
	struct flow_stat stat;
	uint8_t *buf;		/* current block payload */
	size_t used, limit;
	uint32_t nrec;
	uint8_t *cbuf;		/* compressed payload */
	size_t ccap;
	off_t pos;
};

static int write_all(struct nfwriter *w, const void *buf, size_t n, off_t off,
		     struct flow_err *err)
{
	size_t done = 0;

	while (done < n) {
		ssize_t r = pwrite(w->fd, (const uint8_t *)buf + done, n - done, off + (off_t)done);

		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return flow_errorf_errno(err, FLOW_EIO, "%s: write at offset %lld",
						 w->tmp, (long long)(off + (off_t)done));
		done += (size_t)r;
	}
	return 0;
}

/* Compress and write one block of nrec records from payload[0..n). */
static int write_block(struct nfwriter *w, const uint8_t *payload, size_t n,
		       uint32_t nrec, struct flow_err *err)
{
	struct nfblock b = { .num_records = nrec, .type = NFBLOCK_V2, .flags = 0 };
	const uint8_t *out = payload;
	uint8_t h[NFBLOCK_HEADER_SIZE];
	long clen = (long)n;

	if (w->codec->id != CODEC_NONE) {
		size_t need = w->codec->bound(n);

		if (w->ccap < need) {
			uint8_t *p = flow_realloc(w->cbuf, need);

			if (!p)
				return flow_errorf(err, FLOW_ENOMEM, "%s: compression buffer", w->tmp);
			w->cbuf = p;
			w->ccap = need;
		}
		clen = w->codec->compress(payload, n, w->cbuf, w->ccap, w->opts.level, err);
		if (clen < 0)
			return (int)clen;
		out = w->cbuf;
	}
	b.size = (uint32_t)clen;
	nfblock_header_encode(&b, h);

	int rc = write_all(w, h, sizeof(h), w->pos, err);

	if (rc == 0)
		rc = write_all(w, out, (size_t)clen, w->pos + NFBLOCK_HEADER_SIZE, err);
	if (rc < 0)
		return rc;
	w->pos += NFBLOCK_HEADER_SIZE + clen;
	return 0;
}

static int flush(struct nfwriter *w, struct flow_err *err)
{
	if (w->nrec == 0)
		return 0;

	int rc = write_block(w, w->buf, w->used, w->nrec, err);

	if (rc < 0)
		return rc;
	w->info.num_blocks++;
	w->used = 0;
	w->nrec = 0;
	return 0;
}

/* The temporary name: tmp_path when given, else ".<name>.XXXXXX" beside path. */
static int open_tmp(struct nfwriter *w, const char *path, const char *tmp_path,
		    struct flow_err *err)
{
	if (tmp_path) {
		w->tmp = flow_strdup(tmp_path);
		if (!w->tmp)
			return flow_errorf(err, FLOW_ENOMEM, "%s: create", path);
		w->fd = open(w->tmp, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	} else {
		/* ".<name>.XXXXXX": hidden, so directory walks skip it while written */
		size_t n = strlen(path) + 16;
		const char *slash = strrchr(path, '/');
		int dirlen = slash ? (int)(slash - path + 1) : 0;

		w->tmp = flow_malloc(n);
		if (!w->tmp)
			return flow_errorf(err, FLOW_ENOMEM, "%s: create", path);
		snprintf(w->tmp, n, "%.*s.%s.XXXXXX", dirlen, path, slash ? slash + 1 : path);
		w->fd = mkostemp(w->tmp, O_CLOEXEC);
	}
	if (w->fd < 0)
		return flow_errorf_errno(err, FLOW_EIO, "%s: create temporary file", w->tmp);
	fchmod(w->fd, 0644);
	return 0;
}

int nffile_create(struct nfwriter **out, const char *path,
		  const struct nffile_opts *opts, struct flow_err *err)
{
	return nffile_create_tmp(out, path, NULL, opts, err);
}

int nffile_create_tmp(struct nfwriter **out, const char *path, const char *tmp_path,
		      const struct nffile_opts *opts, struct flow_err *err)
{
	struct nfwriter *w = flow_calloc(1, sizeof(*w));
	uint8_t h[NFFILE_HEADER_SIZE];
	int rc;

	*out = NULL;
	if (!w)
		return flow_errorf(err, FLOW_ENOMEM, "%s: create", path);
	w->fd = -1;
	w->opts = *opts;
	w->codec = flow_codec_get(opts->compression);
	if (!w->codec) {
		rc = flow_errorf(err, FLOW_EINVAL, "%s: unknown compression %u", path,
				 opts->compression);
		goto fail;
	}
	w->limit = opts->block_size ? opts->block_size : NFBLOCK_WRITE_SIZE;
	w->path = flow_strdup(path);
	w->buf = flow_malloc(w->limit);
	if (!w->path || !w->buf) {
		rc = flow_errorf(err, FLOW_ENOMEM, "%s: create", path);
		goto fail;
	}
	rc = open_tmp(w, path, tmp_path, err);
	if (rc < 0)
		goto fail;
	w->info.layout = 2;
	w->info.compression = opts->compression;
	w->info.nfdversion = opts->nfdversion ? opts->nfdversion : NFDVERSION_171;
	w->info.creator = opts->creator;
	w->info.created = (int64_t)time(NULL);
	flow_stat_init(&w->stat);
	nffile_header_encode(&w->info, h);
	rc = write_all(w, h, sizeof(h), 0, err);
	if (rc < 0)
		goto fail;
	w->pos = NFFILE_HEADER_SIZE;
	*out = w;
	return 0;
fail:
	nffile_abort(w);
	return rc;
}

int nfwriter_put(struct nfwriter *w, const void *rec, size_t size, struct flow_err *err)
{
	if (size < 4 || size > 0xffff)
		return flow_errorf(err, FLOW_EINVAL, "%s: record of %zu bytes", w->path, size);
	if (w->used + size > w->limit) {
		int rc = flush(w, err);

		if (rc < 0)
			return rc;
	}
	memcpy(w->buf + w->used, rec, size);
	w->used += size;
	w->nrec++;
	return 0;
}

int nfwriter_put_flow(struct nfwriter *w, const struct flow_record *r, struct flow_err *err)
{
	/* Encode straight into the block; only when it does not fit, flush and retry. */
	int n = flow_record_encode_v3(r, w->buf + w->used, w->limit - w->used, NULL);

	if (n < 0) {
		int rc = flush(w, err);

		if (rc < 0)
			return rc;
		n = flow_record_encode_v3(r, w->buf, w->limit, err);
		if (n < 0)
			return n;
	}
	w->used += (size_t)n;
	w->nrec++;
	flow_stat_add(&w->stat, r);
	return 0;
}

int nfwriter_put_block(struct nfwriter *w, const uint8_t *payload, size_t n,
		       uint32_t nrec, struct flow_err *err)
{
	int rc = flush(w, err);	/* keep the record order */

	if (rc < 0 || nrec == 0)
		return rc;
	rc = write_block(w, payload, n, nrec, err);
	if (rc < 0)
		return rc;
	w->info.num_blocks++;
	return 0;
}

struct flow_stat *nfwriter_stat(struct nfwriter *w)
{
	return &w->stat;
}

uint32_t nfwriter_blocks(const struct nfwriter *w)
{
	return w->info.num_blocks + (w->nrec > 0);
}

/* The appendix: ident record (if any) and stat record, one block. */
static int write_appendix(struct nfwriter *w, struct flow_err *err)
{
	uint8_t buf[4 + NFFILE_IDENT_MAX + 4 + FLOW_STAT_SIZE];
	size_t off = 0;
	uint32_t nrec = 0;
	struct flow_stat st = w->stat;

	if (w->opts.ident) {
		size_t len = strnlen(w->opts.ident, NFFILE_IDENT_MAX - 6) + 1;

		st_le16(buf, REC_IDENT);
		st_le16(buf + 2, (uint16_t)(4 + len));	/* 1.7.1: unpadded */
		memcpy(buf + 4, w->opts.ident, len - 1);
		buf[4 + len - 1] = '\0';
		off = 4 + len;
		nrec++;
	}
	if (st.msec_first == UINT64_MAX)	/* nothing counted */
		st.msec_first = 0;
	st_le16(buf + off, REC_STAT);
	st_le16(buf + off + 2, 4 + FLOW_STAT_SIZE);
	flow_stat_encode(&st, buf + off + 4);
	off += 4 + FLOW_STAT_SIZE;
	nrec++;
	w->info.off_appendix = w->pos;
	w->info.appendix_blocks = 1;
	return write_block(w, buf, off, nrec, err);
}

/* fsync the directory holding path, so the rename itself is durable. */
static int sync_dir(const char *path, struct flow_err *err)
{
	char *copy = flow_strdup(path);

	if (!copy)
		return flow_errorf(err, FLOW_ENOMEM, "%s: sync directory", path);

	int fd = open(dirname(copy), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	int rc = 0;

	if (fd < 0 || fsync(fd) < 0)
		rc = flow_errorf_errno(err, FLOW_EIO, "%s: fsync directory", path);
	if (fd >= 0)
		close(fd);
	flow_free(copy);
	return rc;
}

int nffile_finish(struct nfwriter *w, struct flow_err *err)
{
	uint8_t h[NFFILE_HEADER_SIZE];
	int rc = flush(w, err);

	if (rc == 0)
		rc = write_appendix(w, err);
	if (rc == 0) {
		nffile_header_encode(&w->info, h);
		rc = write_all(w, h, sizeof(h), 0, err);
	}
	if (rc == 0 && fsync(w->fd) < 0)
		rc = flow_errorf_errno(err, FLOW_EIO, "%s: fsync", w->tmp);
	if (rc == 0 && close(w->fd) < 0)
		rc = flow_errorf_errno(err, FLOW_EIO, "%s: close", w->tmp);
	w->fd = -1;
	if (rc == 0 && rename(w->tmp, w->path) < 0)
		rc = flow_errorf_errno(err, FLOW_EIO, "%s: rename to %s", w->tmp, w->path);
	if (rc == 0)
		rc = sync_dir(w->path, err);
	if (rc < 0) {
		nffile_abort(w);
		return rc;
	}
	flow_free(w->tmp);
	w->tmp = NULL;
	nffile_abort(w);
	return 0;
}

void nffile_abort(struct nfwriter *w)
{
	if (!w)
		return;
	if (w->fd >= 0)
		close(w->fd);
	if (w->tmp)
		unlink(w->tmp);
	flow_free(w->tmp);
	flow_free(w->path);
	flow_free(w->buf);
	flow_free(w->cbuf);
	flow_free(w);
}
