/*
 * decoder.c - the public decoder object: creation, the dispatch of a
 * datagram to its protocol by the version field, and what every protocol
 * does to a finished record (stamp, count, hand to the sink).
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "proto/dec_int.h"
#include "util/alloc.h"
#include "util/endian.h"
#include "util/banned.h"

struct flow_decoder *flow_decoder_new(const struct flow_decoder_config *cfg,
				      struct flow_err *err)
{
	struct flow_decoder *dec = flow_calloc(1, sizeof(*dec));

	if (!dec) {
		flow_errorf(err, FLOW_ENOMEM, "no memory for a decoder");
		return NULL;
	}
	if (cfg)
		dec->cfg = *cfg;
	if (!dec->cfg.max_templates)
		dec->cfg.max_templates = 1024;
	if (!dec->cfg.max_exporters || dec->cfg.max_exporters > 65535)
		dec->cfg.max_exporters = 65535;
	dec->table = dec_table_new();
	if (!dec->table) {
		flow_free(dec);
		flow_errorf(err, FLOW_ENOMEM, "no memory for a decoder");
		return NULL;
	}
	flow_record_clear(&dec->rec);
	return dec;
}

void flow_decoder_free(struct flow_decoder *dec)
{
	if (!dec)
		return;
	dec_table_free(dec->table);
	flow_free(dec);
}

int flow_dec_error(struct flow_err *err, int code, const struct sockaddr *from,
		   socklen_t fromlen, unsigned version, size_t off, const char *fmt, ...)
{
	char addr[64], text[400];
	va_list ap;

	if (!err)
		return code;
	flow_dec_addr_str(from, fromlen, addr, sizeof(addr));
	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	return flow_errorf(err, code, "exporter %s v%u: offset %zu: %s", addr, version, off,
			   text);
}

static int netflow_input(struct flow_decoder *dec, const struct sockaddr *from,
			 socklen_t fromlen, const uint8_t *buf, size_t len,
			 uint64_t recv_msec, const struct flow_decode_sink *sink,
			 struct flow_err *err)
{
	unsigned version;

	if (len < 4) {
		dec->counters.malformed++;
		return flow_dec_error(err, FLOW_EFORMAT, from, fromlen, 0, 0,
				      "datagram of %zu bytes is too short for a header", len);
	}
	version = ld_be16(buf);
	switch (version) {
	case 1:
	case 5:
	case 7:
		return flow_dec_v5(dec, from, fromlen, buf, len, recv_msec, sink, err);
	case 9:
		return flow_dec_v9(dec, from, fromlen, buf, len, recv_msec, sink, err);
	case 10:
		return flow_dec_ipfix(dec, from, fromlen, buf, len, recv_msec, sink, err);
	}
	dec->counters.unknown_version++;
	return flow_dec_error(err, FLOW_EUNSUPPORTED, from, fromlen, version, 0,
			      "unknown NetFlow version %u", version);
}

int flow_decoder_input(struct flow_decoder *dec, const struct sockaddr *from,
		       socklen_t fromlen, const uint8_t *buf, size_t len,
		       uint64_t recv_msec, const struct flow_decode_sink *sink,
		       struct flow_err *err)
{
	if (err) {
		err->code = 0;
		err->msg[0] = '\0';
	}
	dec->counters.datagrams++;
	if (dec->cfg.kind == FLOW_DEC_SFLOW)
		return flow_dec_sflow(dec, from, fromlen, buf, len, recv_msec, sink, err);
	return netflow_input(dec, from, fromlen, buf, len, recv_msec, sink, err);
}

void flow_dec_stamp(const struct flow_decoder_exporter *e, struct flow_record *r,
		    uint64_t recv_msec)
{
	const struct dec_exporter *x = (const struct dec_exporter *)e;

	r->exporter_sysid = e->info.sysid;
	r->nfversion = x->nfversion;
	r->generic.msec_received = recv_msec;
	if (e->info.family == AF_INET6) {
		r->recv6.addr = e->info.ip;
		r->present |= 1ull << EX_RECV6;
	} else {
		r->recv4.addr = (uint32_t)e->info.ip.lo;
		r->present |= 1ull << EX_RECV4;
	}
}

int flow_dec_emit(struct flow_decoder *dec, struct flow_decoder_exporter *e,
		  const struct flow_record *r, const struct flow_decode_sink *sink,
		  struct flow_err *err)
{
	e->flows++;
	e->total_flows++;
	dec->counters.flows++;
	if (sink && sink->flow && sink->flow(sink->ctx, r) < 0)
		return flow_errorf(err, FLOW_EIO, "the flow sink stopped (exporter %u)",
				   e->info.sysid);
	return 0;
}

void flow_dec_sequence(struct flow_decoder_exporter *e, uint32_t seq, uint32_t next)
{
	struct dec_exporter *x = dec_exp(e);

	if (x->seq_valid && seq != x->seq_next) {
		e->sequence_failures++;
		e->total_sequence_failures++;
	}
	x->seq_valid = 1;
	x->seq_next = next;
}

int flow_decoder_foreach_exporter(struct flow_decoder *dec,
				  int (*fn)(void *ctx, const struct flow_decoder_exporter *e),
				  void *ctx)
{
	unsigned n = dec_table_count(dec->table);

	for (unsigned i = 0; i < n; i++) {
		int rc = fn(ctx, dec_table_get(dec->table, i));

		if (rc < 0)
			return rc;
	}
	return 0;
}

int flow_decoder_foreach_sampler(struct flow_decoder *dec,
				 int (*fn)(void *ctx, const struct flow_sampler *s),
				 void *ctx)
{
	unsigned n = dec_table_count(dec->table);

	for (unsigned i = 0; i < n; i++) {
		struct dec_exporter *x = dec_exp(dec_table_get(dec->table, i));

		for (unsigned j = 0; j < x->nsamplers; j++) {
			int rc = fn(ctx, &x->samplers[j]);

			if (rc < 0)
				return rc;
		}
	}
	return 0;
}

void flow_decoder_reset_interval(struct flow_decoder *dec)
{
	unsigned n = dec_table_count(dec->table);

	for (unsigned i = 0; i < n; i++) {
		struct flow_decoder_exporter *e = dec_table_get(dec->table, i);

		e->packets = 0;
		e->flows = 0;
		e->sequence_failures = 0;
	}
}

const struct flow_decoder_counters *flow_decoder_counters(const struct flow_decoder *dec)
{
	return &dec->counters;
}
