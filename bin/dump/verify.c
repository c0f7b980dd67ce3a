/*
 * -v FILE: print the header as nfdump -v does, then decompress every block
 * and walk its records; any problem is reported with block and offset.
 */
#include <stdio.h>
#include <time.h>

#include "dump.h"
#include "file/nffile.h"
#include "util/banned.h"

static void print_header(const char *path, const struct nffile_info *in)
{
	const struct flow_codec *c = flow_codec_get(in->compression);
	char created[32] = "";
	struct tm tm;
	time_t t = (time_t)in->created;

	printf("File       : %s\n", path);
	if (in->layout == 1) {
		printf("Version    : 1 - %s compressed \n", c->name);
		printf("Blocks     : %u\n", in->num_blocks);
		return;
	}
	if (localtime_r(&t, &tm))
		strftime(created, sizeof(created), "%Y-%m-%d %H:%M:%S", &tm);
	printf("Version    : 2 - %s compressed\n", c->name);
	printf("Created    : %s\n", created);
	printf("nfdump     : %x\n", in->nfdversion);
	printf("encryption : %s\n", in->encryption ? "yes" : "no");
	printf("Appdx blks : %u\n", in->appendix_blocks);
	printf("Data blks  : %u\n", in->num_blocks);
}

/* Walk every record of every block; returns blocks seen or negative. */
static long check_blocks(struct nffile *f, uint64_t *records, struct flow_err *err)
{
	struct nfblock blk = { 0 };
	long blocks = 0;
	int rc;

	while ((rc = nffile_read_block(f, &blk, err)) > 0) {
		struct nfrec_iter it;
		const uint8_t *p;
		unsigned type, size;

		blocks++;
		nfrec_iter_init(&it, &blk);
		while ((rc = nfblock_next_record(&it, &p, &type, &size, err)) > 0)
			(*records)++;
		if (rc < 0) {
			flow_errorf(err, rc, "%s: block %u at offset %lld: %s", nffile_path(f),
				    blk.index, (long long)blk.offset, err->msg);
			break;
		}
	}
	nfblock_release(&blk);
	return rc < 0 ? rc : blocks;
}

int dump_mode_verify(const struct dump_opts *o)
{
	struct nffile *f;
	struct flow_err err = { 0 };
	uint64_t records = 0;

	if (nffile_open(&f, o->vfile, &err) < 0) {
		printf("File       : %s\n", o->vfile);
		fprintf(stderr, "%s\n", err.msg);
		return EXIT_USAGE;
	}
	const struct nffile_info info = *nffile_info(f);
	const struct nffile_info *in = &info;

	print_header(o->vfile, in);
	printf("Checking data blocks\n |\r");
	long blocks = check_blocks(f, &records, &err);

	nffile_close(f);
	if (blocks < 0) {
		fprintf(stderr, "%s\n", err.msg);
		return EXIT_USAGE;
	}
	if (in->layout == 2 && in->appendix_blocks) {
		/* the appendix was read and checked by nffile_open */
		printf("Checking appendix blocks\n");
		blocks += in->appendix_blocks;
		records += in->have_ident ? 2 : 1;
	}
	printf("\nTotal\nType %u blocks : %ld\nRecords       : %llu\n",
	       in->layout == 1 ? 2u : 3u, blocks, (unsigned long long)records);
	return EXIT_OK;
}
