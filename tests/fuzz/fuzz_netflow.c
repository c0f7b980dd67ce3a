/*
 * fuzz_netflow - libFuzzer target for the NetFlow v1/v5/v7/v9 and IPFIX
 * decoders.
 *
 * The input is one datagram, or - when it starts with "NFDG" - a series
 * of datagrams, each a big-endian u16 length and that many bytes, fed in
 * order to one decoder from one exporter (so templates reach the data
 * that needs them; the seed corpus holds every vendor set that way).
 * Each input is decoded twice: with the default template limit and with
 * room for only two templates (eviction on every set).  Checked:
 *  - the return value is the number of records the sink got, or < 0 with
 *    an error code and message;
 *  - every record names an announced exporter, carries its address and
 *    encodes as a valid V3 record that decodes back to the same size.
 * A violation aborts, which libFuzzer reports with the input.
 */
#include <netinet/in.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "proto/decode.h"
#include "record/record.h"
#include "util/endian.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void fail(const char *what)
{
	fprintf(stderr, "fuzz_netflow: %s\n", what);
	abort();
}

struct ctx {
	unsigned flows, exporters;
	uint8_t enc[65536];
	struct flow_record back;
};

static int on_flow(void *c, const struct flow_record *r)
{
	struct ctx *x = c;
	struct flow_err err;
	int n;

	x->flows++;
	if (r->exporter_sysid == 0 || r->exporter_sysid > x->exporters)
		fail("record of an exporter never announced");
	if (!flow_has(r, EX_RECV4) && !flow_has(r, EX_RECV6))
		fail("record without the exporter address");
	n = flow_record_encode_v3(r, x->enc, sizeof(x->enc), &err);
	if (n <= 0)
		fail("record does not encode");
	flow_record_clear(&x->back);
	if (flow_record_decode_v3(&x->back, x->enc, (size_t)n, &err) != n)
		fail("encoded record does not decode");
	if (x->back.present != r->present)
		fail("elements lost in a V3 round trip");
	return 0;
}

static int on_exporter(void *c, const struct flow_exporter_info *e)
{
	struct ctx *x = c;

	if (e->sysid != x->exporters + 1)
		fail("exporter sysids not 1..n in order");
	x->exporters++;
	return 0;
}

static int on_sampler(void *c, const struct flow_sampler *s)
{
	struct ctx *x = c;

	if (s->sysid == 0 || s->sysid > x->exporters)
		fail("sampler of an exporter never announced");
	return 0;
}

static int on_record(void *c, const uint8_t *rec, size_t len)
{
	(void)c;
	if (len < 8 || ld_le16(rec + 2) != len)
		fail("array record with a wrong size");
	return 0;
}

static void feed(struct flow_decoder *dec, struct ctx *x, const uint8_t *p, size_t n)
{
	struct flow_decode_sink sink = { x, on_flow, on_exporter, on_sampler, on_record };
	struct sockaddr_in sa;
	struct flow_err err = { 0 };
	unsigned before = x->flows;
	int rc;

	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_addr.s_addr = htonl(0x7f000001);
	rc = flow_decoder_input(dec, (struct sockaddr *)&sa, sizeof(sa), p, n, 1700000000000ull,
				&sink, &err);
	if (rc >= 0 && (unsigned)rc != x->flows - before)
		fail("return value is not the number of records");
	if (rc < 0 && (err.code == 0 || err.msg[0] == '\0'))
		fail("error without a code and message");
}

static void run(const uint8_t *data, size_t size, unsigned max_templates)
{
	struct flow_decoder_config cfg = { .kind = FLOW_DEC_NETFLOW,
					   .max_templates = max_templates };
	struct flow_decoder *dec = flow_decoder_new(&cfg, NULL);
	static struct ctx x;

	if (!dec)
		fail("no decoder");
	x.flows = x.exporters = 0;
	if (size >= 4 && memcmp(data, "NFDG", 4) == 0) {
		size_t off = 4;

		while (size - off >= 2) {
			size_t n = ld_be16(data + off);

			off += 2;
			if (n > size - off)
				n = size - off;
			feed(dec, &x, data + off, n);
			off += n;
		}
	} else {
		feed(dec, &x, data, size);
	}
	flow_decoder_free(dec);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	run(data, size, 0);
	run(data, size, 2);
	return 0;
}
