/*
 * dec_ipfix.c - IPFIX (RFC 7011): a 16-byte message header and sets of
 * templates (id 2), options templates (id 3) and data (id >= 256).
 *
 * Differences from v9 handled here: the message length field, enterprise
 * field specifiers, template withdrawal (field count 0; id 2/3 withdraws
 * all templates of the set's kind), scope fields that are information
 * elements, and the sequence number, which counts data records sent
 * before this message (RFC 7011 §3.1), so it can only be checked once
 * data records have been seen.
 */
#include <string.h>

#include "proto/tpl_sets.h"
#include "util/alloc.h"
#include "util/endian.h"
#include "util/banned.h"

#define IPFIX_HEADER 16

struct ipfix_walk {
	struct tpl_ctx c;
	const struct sockaddr *from;
	socklen_t fromlen;
	struct flow_err *err;
	int flows;		/* flows emitted */
	unsigned records;	/* data + option records, for the sequence */
};

static void bad(struct ipfix_walk *w, size_t off, const char *what)
{
	w->c.dec->counters.bad_sets++;
	w->c.e->malformed++;
	if (!w->err || w->err->code == 0)
		flow_dec_error(w->err, FLOW_EFORMAT, w->from, w->fromlen, 10, off, "%s", what);
}

/* A withdrawal: count 0.  The set's own id (2 or 3) means "all of this kind". */
static void withdraw(struct ipfix_walk *w, uint16_t id, uint16_t set_id)
{
	if (id == set_id)
		tpl_withdraw_kind(&w->c, set_id == 2 ? TPL_DATA : TPL_OPTIONS);
	else
		tpl_withdraw(&w->c, id);
}

static void store(struct ipfix_walk *w, struct tpl *t, size_t at)
{
	if (!t || tpl_add(&w->c, t, w->err) < 0)
		bad(w, at, "template could not be stored");
}

/* One template record; returns -1 when the rest of the set cannot be read. */
static int template_record(struct ipfix_walk *w, struct flow_berd *r, uint16_t set_id,
			   size_t off)
{
	size_t at = off + r->off;
	uint16_t id = 0, count = 0, nscope = 0;

	flow_berd_u16(r, &id);
	flow_berd_u16(r, &count);
	if (count == 0) {
		withdraw(w, id, set_id);
		return 0;
	}
	if (set_id == 3 && (flow_berd_u16(r, &nscope) || nscope == 0 || nscope > count)) {
		bad(w, at, "options template without a valid scope field count");
		return -1;
	}
	struct tpl_field *f = tpl_read_fields(r, count, 1);
	if (!f) {
		bad(w, at, r->short_read ? "template fields exceed the set" :
					   "no memory for a template");
		return -1;
	}
	if (id < 256)
		bad(w, at, "template id below 256");
	else if (set_id == 2)
		store(w, tpl_compile_data(id, f, count, IE_IPFIX, w->err), at);
	else
		store(w, tpl_compile_options(id, f, count, nscope, IE_IPFIX, w->err), at);
	flow_free(f);
	return 0;
}

static void template_set(struct ipfix_walk *w, uint16_t set_id, const uint8_t *p, size_t len,
			 size_t off)
{
	struct flow_berd r;

	flow_berd_init(&r, p, len);
	/* fewer than 4 bytes left is padding (RFC 7011 §3.3.1) */
	while (flow_berd_left(&r) >= 4)
		if (template_record(w, &r, set_id, off) < 0)
			return;
}

static int data_set(struct ipfix_walk *w, uint16_t id, const uint8_t *p, size_t len, size_t off)
{
	struct flow_err e2 = { 0 };
	int before = w->flows;
	int rc = tpl_data_set(&w->c, id, p, len, &w->flows, &e2);

	if (rc == FLOW_EIO)
		return flow_errorf(w->err, FLOW_EIO, "%s", e2.msg);
	if (rc < 0) {
		bad(w, off, e2.msg);
		w->records += (unsigned)(w->flows - before);
	} else {
		w->records += (unsigned)rc;
	}
	return 0;
}

static int walk(struct ipfix_walk *w, const uint8_t *buf, size_t len)
{
	size_t off = IPFIX_HEADER;

	while (len - off >= 4) {
		uint16_t id = ld_be16(buf + off), slen = ld_be16(buf + off + 2);

		if (slen < 4 || slen > len - off) {
			bad(w, off, slen < 4 ? "set length below 4" :
					       "set length exceeds the message");
			return 0;
		}
		const uint8_t *p = buf + off + 4;
		size_t plen = slen - 4u;

		if (id == 2 || id == 3)
			template_set(w, id, p, plen, off + 4);
		else if (id < 256)
			bad(w, off, "reserved set id");
		else if (data_set(w, id, p, plen, off) < 0)
			return FLOW_EIO;
		off += slen;
	}
	return 0;
}

/* nfcapd's rule: resync silently until data records were seen, then count gaps. */
static void sequence(struct flow_decoder_exporter *e, uint32_t seq, unsigned records)
{
	struct dec_exporter *x = dec_exp(e);

	if (x->seq_valid && seq != x->seq_next) {
		e->sequence_failures++;
		e->total_sequence_failures++;
	}
	x->seq_next = seq + records;
	if (records)
		x->seq_valid = 1;
}

int flow_dec_ipfix(struct flow_decoder *dec, const struct sockaddr *from,
		   socklen_t fromlen, const uint8_t *buf, size_t len,
		   uint64_t recv_msec, const struct flow_decode_sink *sink,
		   struct flow_err *err)
{
	struct ipfix_walk w = { .from = from, .fromlen = fromlen, .err = err };
	struct flow_decoder_exporter *e;

	if (len < IPFIX_HEADER) {
		dec->counters.malformed++;
		return flow_dec_error(err, FLOW_EFORMAT, from, fromlen, 10, 0,
				      "datagram of %zu bytes is too short for an IPFIX header", len);
	}
	size_t mlen = ld_be16(buf + 2);
	uint32_t export = ld_be32(buf + 4), seq = ld_be32(buf + 8), domain = ld_be32(buf + 12);

	if (mlen < IPFIX_HEADER || mlen > len) {
		dec->counters.malformed++;
		return flow_dec_error(err, FLOW_EFORMAT, from, fromlen, 10, 2,
				      "message length %zu does not fit the datagram of %zu bytes",
				      mlen, len);
	}
	e = flow_dec_exporter(dec, from, fromlen, 10, domain, sink, err);
	if (!e)
		return err ? err->code : FLOW_EINVAL;
	if (e->total_packets == 0 && flow_dec_static_sampler(dec, e, sink, err) < 0)
		return err ? err->code : FLOW_EIO;
	e->packets++;
	e->total_packets++;
	w.c = (struct tpl_ctx){ .dec = dec, .e = e, .sink = sink, .recv_msec = recv_msec,
				.export_msec = (uint64_t)export * 1000, .version = 10 };
	int rc = walk(&w, buf, mlen);

	sequence(e, seq, w.records);
	if (rc < 0)
		return err ? err->code : FLOW_EIO;
	return w.flows;
}
