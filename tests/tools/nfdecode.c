/*
 * nfdecode - decode datagram files with libflow's decoders and write the
 * result as nfcapd would: an nffile with the exporter info and sampler
 * records ahead of the flows that need them, the flows, the exporter stat
 * record at the end, and the stat appendix.
 *
 *   nfdecode [options] -w OUT FILE...
 *
 * Each FILE is one UDP payload (as in shared/vendor/netflow/), decoded in
 * the order given, all from the same exporter address.
 *
 *   -w OUT      the nffile to write (required)
 *   -a ADDR     exporter address, IPv4 or IPv6 (default 127.0.0.1)
 *   --sflow     decode as sFlow (sfcapd) instead of NetFlow/IPFIX (nfcapd)
 *   -s RATE     nfcapd -s: default sampling rate, negative = overwrite
 *   -t MSEC     receive time stamped on every flow (default: now)
 *   -v          print each datagram's result and error on stderr
 *
 * Exit status 0 when the file was written (datagrams may have been
 * rejected: see -v), 1 on usage or write errors.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>

#include "file/nffile.h"
#include "proto/decode.h"
#include "record/stat.h"
#include "util/endian.h"

struct opts {
	const char *out, *addr;
	int sflow, sampling, verbose;
	uint64_t recv_msec;
	char **files;
	int nfiles;
};

struct ctx {
	struct nfwriter *w;
	struct flow_err err;
	uint32_t seq_failures;
};

static int put_flow(void *c, const struct flow_record *r)
{
	struct ctx *x = c;

	return nfwriter_put_flow(x->w, r, &x->err);
}

static int put_exporter(void *c, const struct flow_exporter_info *e)
{
	struct ctx *x = c;
	uint8_t b[FLOW_EXPORTER_INFO_SIZE];

	flow_exporter_info_encode(e, b);
	return nfwriter_put(x->w, b, sizeof(b), &x->err);
}

static int put_sampler(void *c, const struct flow_sampler *s)
{
	struct ctx *x = c;
	uint8_t b[FLOW_SAMPLER_SIZE];

	flow_sampler_encode(s, b);
	return nfwriter_put(x->w, b, sizeof(b), &x->err);
}

static int put_record(void *c, const uint8_t *rec, size_t len)
{
	struct ctx *x = c;

	return nfwriter_put(x->w, rec, len, &x->err);
}

struct stat_rec {
	uint8_t *buf;
	unsigned n, cap;
	uint32_t failures;
};

/* One entry of the exporter stat record (type 8): sysid, failures, packets, flows. */
static int add_stat(void *c, const struct flow_decoder_exporter *e)
{
	struct stat_rec *s = c;
	uint8_t *p;

	if (s->n == s->cap)
		return -1;
	p = s->buf + 8 + 24 * s->n++;
	st_le32(p, e->info.sysid);
	st_le32(p + 4, e->sequence_failures);
	st_le64(p + 8, e->packets);
	st_le64(p + 16, e->flows);
	s->failures += e->sequence_failures;
	return 0;
}

static int put_exporter_stat(struct ctx *x, struct flow_decoder *dec)
{
	struct stat_rec s = { .cap = 2000 };
	int rc = 0;

	s.buf = calloc(1, 8 + 24 * s.cap);
	if (!s.buf)
		return -1;
	flow_decoder_foreach_exporter(dec, add_stat, &s);
	if (s.n) {
		st_le16(s.buf, REC_EXPORTER_STAT);
		st_le16(s.buf + 2, (uint16_t)(8 + 24 * s.n));
		st_le32(s.buf + 4, s.n);
		rc = nfwriter_put(x->w, s.buf, 8 + 24 * s.n, &x->err);
	}
	nfwriter_stat(x->w)->sequence_failure += s.failures;
	free(s.buf);
	return rc;
}

static int parse_addr(const char *a, struct sockaddr_storage *ss, socklen_t *len)
{
	struct sockaddr_in *s4 = (struct sockaddr_in *)ss;
	struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)ss;

	memset(ss, 0, sizeof(*ss));
	if (inet_pton(AF_INET, a, &s4->sin_addr) == 1) {
		s4->sin_family = AF_INET;
		s4->sin_port = htons(2055);
		*len = sizeof(*s4);
		return 0;
	}
	if (inet_pton(AF_INET6, a, &s6->sin6_addr) == 1) {
		s6->sin6_family = AF_INET6;
		s6->sin6_port = htons(2055);
		*len = sizeof(*s6);
		return 0;
	}
	return -1;
}

static int usage(void)
{
	fprintf(stderr, "usage: nfdecode [-a ADDR] [--sflow] [-s RATE] [-t MSEC] [-v] "
			"-w OUT FILE...\n");
	return 1;
}

static int parse_opts(struct opts *o, int argc, char **argv)
{
	struct timeval tv;

	gettimeofday(&tv, NULL);
	memset(o, 0, sizeof(*o));
	o->addr = "127.0.0.1";
	o->recv_msec = (uint64_t)tv.tv_sec * 1000 + (uint64_t)tv.tv_usec / 1000;
	int i = 1;
	for (; i < argc && argv[i][0] == '-'; i++) {
		const char *a = argv[i];
		const char *v = i + 1 < argc ? argv[i + 1] : NULL;

		if (!strcmp(a, "--sflow"))
			o->sflow = 1;
		else if (!strcmp(a, "-v"))
			o->verbose = 1;
		else if (v && !strcmp(a, "-w"))
			o->out = argv[++i];
		else if (v && !strcmp(a, "-a"))
			o->addr = argv[++i];
		else if (v && !strcmp(a, "-s"))
			o->sampling = atoi(argv[++i]);
		else if (v && !strcmp(a, "-t"))
			o->recv_msec = strtoull(argv[++i], NULL, 10);
		else
			return -1;
	}
	o->files = argv + i;
	o->nfiles = argc - i;
	return o->out ? 0 : -1;
}

static unsigned char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	unsigned char *b = malloc(65536);
	if (!f || !b) {
		if (f)
			fclose(f);
		free(b);
		return NULL;
	}
	*len = fread(b, 1, 65536, f);
	fclose(f);
	return b;
}

static int decode_files(const struct opts *o, struct flow_decoder *dec, struct ctx *x,
			const struct sockaddr *sa, socklen_t salen)
{
	struct flow_decode_sink sink = { x, put_flow, put_exporter, put_sampler, put_record };

	for (int i = 0; i < o->nfiles; i++) {
		struct flow_err err = { 0 };
		size_t len;
		unsigned char *b = slurp(o->files[i], &len);

		if (!b) {
			fprintf(stderr, "nfdecode: %s: %s\n", o->files[i], strerror(errno));
			return -1;
		}
		int rc = flow_decoder_input(dec, sa, salen, b, len, o->recv_msec, &sink, &err);

		free(b);
		if (o->verbose || rc == FLOW_EIO)
			fprintf(stderr, "nfdecode: %s: %d flows%s%s\n", o->files[i], rc < 0 ? 0 : rc,
				err.code ? ": " : "", err.code ? err.msg : "");
		if (rc == FLOW_EIO)
			return -1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	struct opts o;
	struct sockaddr_storage ss;
	socklen_t salen;
	struct ctx x = { 0 };
	struct nffile_opts fo = { .ident = "none", .creator = 1, .nfdversion = 0x01070100 };

	if (parse_opts(&o, argc, argv) || parse_addr(o.addr, &ss, &salen))
		return usage();
	struct flow_decoder_config cfg = { .kind = o.sflow ? FLOW_DEC_SFLOW : FLOW_DEC_NETFLOW,
					   .sampling_override = o.sampling };
	struct flow_decoder *dec = flow_decoder_new(&cfg, &x.err);

	if (!dec || nffile_create(&x.w, o.out, &fo, &x.err)) {
		fprintf(stderr, "nfdecode: %s\n", x.err.msg);
		flow_decoder_free(dec);
		return 1;
	}
	int rc = 0;

	if (decode_files(&o, dec, &x, (struct sockaddr *)&ss, salen) || put_exporter_stat(&x, dec)) {
		nffile_abort(x.w);	/* nffile_finish frees the writer itself */
		rc = 1;
	} else if (nffile_finish(x.w, &x.err)) {
		rc = 1;
	}
	if (rc)
		fprintf(stderr, "nfdecode: %s\n", x.err.msg);
	flow_decoder_free(dec);
	return rc;
}
