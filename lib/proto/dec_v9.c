/*
 * dec_v9.c - NetFlow v9 (RFC 3954): a 20-byte header and flowsets of
 * templates (id 0), options templates (id 1) and data (id >= 256).
 *
 * Times in v9 records are sysUptime milliseconds; the exporter's boot time
 * is the header's UNIX seconds minus its sysUptime (nfcapd ignores the
 * sub-second part, and so do we, so the stored times match).  The sequence
 * number counts datagrams (RFC 3954 §5.1).
 */
#include <string.h>

#include "proto/tpl_sets.h"
#include "util/alloc.h"
#include "util/endian.h"
#include "util/banned.h"

#define V9_HEADER 20

struct v9_walk {
	struct tpl_ctx c;
	const struct sockaddr *from;
	socklen_t fromlen;
	struct flow_err *err;
	int records;		/* flows emitted */
	int bad;		/* sets rejected */
};

/* Count a rejected set/template and keep the first reason. */
static void bad(struct v9_walk *w, size_t off, const char *what)
{
	w->bad++;
	w->c.dec->counters.bad_sets++;
	w->c.e->malformed++;
	if (!w->err || w->err->code == 0)
		flow_dec_error(w->err, FLOW_EFORMAT, w->from, w->fromlen, 9, off, "%s", what);
}

static void template_set(struct v9_walk *w, const uint8_t *p, size_t len, size_t off)
{
	struct flow_berd r;

	flow_berd_init(&r, p, len);
	while (flow_berd_left(&r) >= 4) {
		size_t at = off + r.off;
		uint16_t id = 0, count = 0;

		flow_berd_u16(&r, &id);
		flow_berd_u16(&r, &count);
		if ((size_t)count * 4 > flow_berd_left(&r)) {
			bad(w, at, "template field count exceeds its flowset");
			return;
		}
		struct tpl_field *f = tpl_read_fields(&r, count, 0);
		if (!f) {
			bad(w, at, "no memory for a template");
			return;
		}
		if (id < 256 || count == 0) {
			bad(w, at, "template with an id below 256 or no fields");
		} else {
			struct tpl *t = tpl_compile_data(id, f, count, IE_V9, w->err);

			if (!t || tpl_add(&w->c, t, w->err) < 0)
				bad(w, at, "template could not be stored");
		}
		flow_free(f);
	}
}

static void options_set(struct v9_walk *w, const uint8_t *p, size_t len, size_t off)
{
	struct flow_berd r;

	flow_berd_init(&r, p, len);
	while (flow_berd_left(&r) >= 6) {
		size_t at = off + r.off;
		uint16_t id = 0, slen = 0, olen = 0;

		flow_berd_u16(&r, &id);
		flow_berd_u16(&r, &slen);
		flow_berd_u16(&r, &olen);
		if ((slen | olen) & 3 || (size_t)slen + olen > flow_berd_left(&r)) {
			bad(w, at, "options template scope/option length error");
			return;
		}
		unsigned n = (slen + olen) / 4u;
		struct tpl_field *f = tpl_read_fields(&r, n, 0);

		if (!f) {
			bad(w, at, "no memory for an options template");
			return;
		}
		if (id < 256 || n == 0) {
			bad(w, at, "options template with an id below 256 or no fields");
		} else {
			struct tpl *t = tpl_compile_options(id, f, n, slen / 4u, IE_V9, w->err);

			if (!t || tpl_add(&w->c, t, w->err) < 0)
				bad(w, at, "options template could not be stored");
		}
		flow_free(f);
	}
}

static int data_set(struct v9_walk *w, uint16_t id, const uint8_t *p, size_t len, size_t off)
{
	struct flow_err e2 = { 0 };
	int rc = tpl_data_set(&w->c, id, p, len, &w->records, &e2);

	if (rc == FLOW_EIO)
		return flow_errorf(w->err, FLOW_EIO, "%s", e2.msg);
	if (rc < 0)
		bad(w, off, e2.msg);
	return 0;
}

/* Walk the flowsets after the header.  Returns < 0 only when the sink stopped. */
static int walk(struct v9_walk *w, const uint8_t *buf, size_t len)
{
	size_t off = V9_HEADER;

	while (len - off >= 4) {
		uint16_t id = ld_be16(buf + off), slen = ld_be16(buf + off + 2);

		if (slen < 4 || slen > len - off) {
			bad(w, off, slen < 4 ? "flowset length below 4" :
					       "flowset length exceeds the datagram");
			return 0;
		}
		const uint8_t *p = buf + off + 4;
		size_t plen = slen - 4u;

		if (id == 0)
			template_set(w, p, plen, off + 4);
		else if (id == 1)
			options_set(w, p, plen, off + 4);
		else if (id < 256)
			bad(w, off, "reserved flowset id");
		else if (data_set(w, id, p, plen, off) < 0)
			return FLOW_EIO;
		off += slen;
	}
	return 0;
}

int flow_dec_v9(struct flow_decoder *dec, const struct sockaddr *from,
		socklen_t fromlen, const uint8_t *buf, size_t len,
		uint64_t recv_msec, const struct flow_decode_sink *sink,
		struct flow_err *err)
{
	struct v9_walk w = { .from = from, .fromlen = fromlen, .err = err };
	struct flow_decoder_exporter *e;

	if (len < V9_HEADER) {
		dec->counters.malformed++;
		return flow_dec_error(err, FLOW_EFORMAT, from, fromlen, 9, 0,
				      "datagram of %zu bytes is too short for a v9 header", len);
	}
	uint32_t uptime = ld_be32(buf + 4), secs = ld_be32(buf + 8);
	uint32_t seq = ld_be32(buf + 12), source = ld_be32(buf + 16);

	e = flow_dec_exporter(dec, from, fromlen, 9, source, sink, err);
	if (!e)
		return err ? err->code : FLOW_EINVAL;
	if (e->total_packets == 0 && flow_dec_static_sampler(dec, e, sink, err) < 0)
		return err ? err->code : FLOW_EIO;
	e->packets++;
	e->total_packets++;
	flow_dec_sequence(e, seq, seq + 1);
	w.c = (struct tpl_ctx){ .dec = dec, .e = e, .sink = sink, .recv_msec = recv_msec,
				.export_msec = (uint64_t)secs * 1000,
				.boot_msec = (uint64_t)secs * 1000 - uptime, .version = 9 };
	if (walk(&w, buf, len) < 0)
		return err ? err->code : FLOW_EIO;
	return w.records;
}
