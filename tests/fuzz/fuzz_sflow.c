/*
 * fuzz_sflow - libFuzzer target for the sFlow decoder and its sampled
 * header parser.
 *
 * The input is one datagram.  It is decoded twice by one decoder (the
 * second time the exporter exists) and must:
 *  1. return the number of records it handed to the sink, or a negative
 *     status with no record at all (a sink that never fails cannot stop
 *     a datagram half way);
 *  2. give the same records both times;
 *  3. give only complete records: the elements sfcapd writes (generic,
 *     exactly one of IPv4/IPv6, misc, VLAN, AS, MAC, the received-from
 *     address; next hops and MPLS optional), sampled flag, sFlow version,
 *     and a V3 encoding that decodes back to the same record.
 * The input is also handed to the header parser as a sampled header of
 * each decoded protocol.  A violation aborts, which libFuzzer reports.
 */
#include <arpa/inet.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "proto/decode.h"
#include "proto/sflow_int.h"
#include "record/record.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_RECS 256
#define BIT(id) (1ull << (id))

struct keep {
	struct flow_record recs[MAX_RECS];
	unsigned n;
};

static void fail(const char *what)
{
	fprintf(stderr, "fuzz_sflow: %s\n", what);
	abort();
}

static int keep_flow(void *ctx, const struct flow_record *r)
{
	struct keep *k = ctx;

	if (k->n < MAX_RECS)
		k->recs[k->n] = *r;
	k->n++;
	return 0;
}

static void check_record(const struct flow_record *r)
{
	static const uint64_t must = BIT(EX_GENERIC) | BIT(EX_MISC) | BIT(EX_VLAN) |
				     BIT(EX_AS) | BIT(EX_MAC) | BIT(EX_RECV4);
	static const uint64_t may = BIT(EX_IPV4) | BIT(EX_IPV6) | BIT(EX_IP_NH4) |
				    BIT(EX_IP_NH6) | BIT(EX_BGP_NH4) | BIT(EX_BGP_NH6) |
				    BIT(EX_MPLS);
	static uint8_t enc[65536];
	static struct flow_record back;
	struct flow_err err;
	int n;

	if ((r->present & must) != must || (r->present & ~(must | may)))
		fail("unexpected element set");
	if (!(r->present & BIT(EX_IPV4)) == !(r->present & BIT(EX_IPV6)))
		fail("not exactly one address element");
	if (r->flags != V3_FLAG_SAMPLED || (r->nfversion & 0xf0) != 0x80)
		fail("bad record header");
	n = flow_record_encode_v3(r, enc, sizeof(enc), &err);
	if (n <= 0)
		fail("record does not encode");
	flow_record_clear(&back);
	if (flow_record_decode_v3(&back, enc, (size_t)n, &err) != n ||
	    back.present != r->present || memcmp(&back.generic, &r->generic, sizeof(r->generic)))
		fail("record does not decode back");
}

static int decode(struct flow_decoder *dec, const uint8_t *data, size_t size, struct keep *k)
{
	struct flow_decode_sink sink = { .ctx = k, .flow = keep_flow };
	struct sockaddr_in sa = { .sin_family = AF_INET };
	struct flow_err err;
	int rc;

	sa.sin_addr.s_addr = htonl(0x7f000001);
	k->n = 0;
	rc = flow_decoder_input(dec, (const struct sockaddr *)&sa, sizeof(sa), data, size, 1,
				&sink, &err);
	if (rc >= 0 && (unsigned)rc != k->n)
		fail("result is not the number of records");
	if (rc < 0 && k->n)
		fail("rejected datagram emitted records");
	if (err.code && !strstr(err.msg, "offset"))
		fail("error without an offset");
	return rc;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct keep a, b;
	static const uint32_t protos[] = { 1, 11, 12, 15 };
	struct flow_decoder_config cfg = { .kind = FLOW_DEC_SFLOW };
	struct flow_err err;
	struct flow_decoder *dec = flow_decoder_new(&cfg, &err);
	int rc1, rc2;

	if (!dec)
		fail("no decoder");
	rc1 = decode(dec, data, size, &a);
	rc2 = decode(dec, data, size, &b);
	if (rc1 != rc2 || a.n != b.n)
		fail("second decode differs");
	for (unsigned i = 0; i < a.n && i < MAX_RECS; i++) {
		check_record(&a.recs[i]);
		if (memcmp(&a.recs[i].generic, &b.recs[i].generic, sizeof(a.recs[i].generic)) ||
		    memcmp(&a.recs[i].ipv6, &b.recs[i].ipv6, sizeof(a.recs[i].ipv6)))
			fail("second decode gives other records");
	}
	flow_decoder_free(dec);

	for (unsigned i = 0; i < sizeof(protos) / sizeof(protos[0]); i++) {
		struct sflow_sample s;

		memset(&s, 0, sizeof(s));
		sflow_hdr_decode(&s, protos[i], data, size);
		if (s.nmpls > SFLOW_MAX_MPLS || (s.ip_ver != 0 && s.ip_ver != 4 && s.ip_ver != 6))
			fail("header parser state out of range");
	}
	return 0;
}
