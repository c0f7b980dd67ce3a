/*
 * encode.h - turn flow records into NetFlow v5, v9, IPFIX and sFlow v5
 * datagrams.
 *
 * One file per protocol version (v5_enc.c, v9_enc.c, ipfix_enc.c,
 * sflow_enc.c) fills one
 * struct flow_encoder; callers pick one with flow_encoder_find() and drive
 * it through a caller-owned struct flow_enc, one per exporter:
 *
 *     enc->ops->begin(enc, buf, cap, now_msec);      start a datagram
 *     while (enc->ops->add(enc, rec) == 0) ...       append records
 *     len = enc->ops->finish(enc);                   patch header, length
 *
 * add() returns 0 when the record was appended, FLOW_ENC_FULL when the
 * datagram has no room left for it (finish, send, begin again and retry)
 * and a negative enum flow_status on error (an IPv6 record for v5).
 *
 * Invariants:
 *  - the encoders write only into the caller's buffer through the
 *    bounds-checked struct flow_bew; they never allocate, print or exit.
 *  - all wire fields are big-endian (RFC 3954 §5, RFC 7011 §3).
 *  - v9 and IPFIX emit their template set at the start of the first
 *    datagram and again every `template_every` datagrams (default 20), so
 *    a collector started late learns them; nfcapd drops data it has no
 *    template for.
 *  - sequence numbers follow each protocol's rule: v5 and IPFIX count
 *    flow records sent before this datagram, v9 counts datagrams, sFlow
 *    numbers datagrams from 1 and each data source's samples from 1.
 *  - sFlow: each record becomes one flow sample of one packet (so a
 *    collector stores one flow per record); see sflow_enc.c.
 */
#ifndef FLOW_PROTO_ENCODE_H
#define FLOW_PROTO_ENCODE_H

#include <stddef.h>
#include <stdint.h>

#include "record/record.h"
#include "util/endian.h"

/* A bounds-checked big-endian writer over a caller buffer. */
struct flow_bew {
	uint8_t *buf;
	size_t cap, len;
	int overflow;		/* set by a write that did not fit; sticky */
};

/*
 * The writers are inline: the v5 encoder makes 20 of them per flow and the
 * calls were a quarter of flowgen's time at 4M flows/s (perf, 2026-11).
 * Each returns 0, or -1 (and sets overflow, writes nothing) if it does
 * not fit; after an overflow every write fails.
 */
static inline void flow_bew_init(struct flow_bew *w, uint8_t *buf, size_t cap)
{
	w->buf = buf;
	w->cap = cap;
	w->len = 0;
	w->overflow = 0;
}

static inline uint8_t *flow_bew_reserve(struct flow_bew *w, size_t n)
{
	uint8_t *p;

	if (w->overflow || w->cap - w->len < n) {
		w->overflow = 1;
		return NULL;
	}
	p = w->buf + w->len;
	w->len += n;
	return p;
}

static inline int flow_bew_u8(struct flow_bew *w, uint8_t v)
{
	uint8_t *p = flow_bew_reserve(w, 1);

	if (!p)
		return -1;
	*p = v;
	return 0;
}

static inline int flow_bew_u16(struct flow_bew *w, uint16_t v)
{
	uint8_t *p = flow_bew_reserve(w, 2);

	if (!p)
		return -1;
	st_be16(p, v);
	return 0;
}

static inline int flow_bew_u32(struct flow_bew *w, uint32_t v)
{
	uint8_t *p = flow_bew_reserve(w, 4);

	if (!p)
		return -1;
	st_be32(p, v);
	return 0;
}

static inline int flow_bew_u64(struct flow_bew *w, uint64_t v)
{
	uint8_t *p = flow_bew_reserve(w, 8);

	if (!p)
		return -1;
	st_be32(p, (uint32_t)(v >> 32));
	st_be32(p + 4, (uint32_t)v);
	return 0;
}

int flow_bew_zero(struct flow_bew *w, size_t n);
/* Overwrite an already written u16/u32 at off (header fix-ups). */
int flow_bew_put16_at(struct flow_bew *w, size_t off, uint16_t v);
int flow_bew_put32_at(struct flow_bew *w, size_t off, uint32_t v);
static inline size_t flow_bew_room(const struct flow_bew *w)
{
	return w->cap - w->len;
}

#define FLOW_ENC_FULL 1

/* Template ids used by v9 and IPFIX. */
enum flow_enc_template {
	FLOW_TPL_IPV4 = 256,
	FLOW_TPL_IPV6 = 257,
};

/* Largest datagram the encoders build by default (fits a 1500-byte MTU). */
#define FLOW_ENC_MTU 1464

/*
 * sFlow v5 shares its version number with NetFlow v5, so its encoder is
 * found by nfdump's record nfversion for sFlow v5 (0x80 | 5), which no
 * NetFlow/IPFIX version number can take.
 */
#define FLOW_ENC_SFLOW5 0x85

/* sFlow: default sampling rate (1 in N packets) and data sources kept. */
#define FLOW_ENC_SFLOW_RATE 1000
#define FLOW_ENC_SFLOW_IFS 16

/*
 * One sFlow data source (an interface by ifIndex): its sample sequence,
 * sample pool and the interface counters its counter samples report, all
 * estimated from the samples sent (each stands for `rate` packets).
 */
struct flow_enc_sflow_if {
	uint32_t ifindex;	/* 0: slot unused */
	uint32_t sample_seq, counter_seq;
	uint32_t pool;		/* packets seen as input (sample_pool) */
	uint64_t in_octets, out_octets;
	uint32_t in_pkts, out_pkts;
};

struct flow_encoder;

/* Per-exporter state; zero it, then set the configuration fields. */
struct flow_enc {
	const struct flow_encoder *ops;
	/* configuration */
	uint32_t source_id;	/* v9 source id / IPFIX observation domain */
	uint8_t engine_type, engine_id;	/* v5 */
	uint64_t boot_msec;	/* exporter boot time, UNIX ms: sysUptime base */
	unsigned template_every;	/* v9/IPFIX: datagrams between templates; 0 = 20 */
				/* sFlow: datagrams between counter samples */
	uint32_t sampling_rate;	/* sFlow: 1 in N packets; 0 = FLOW_ENC_SFLOW_RATE */
	/* state */
	struct flow_bew w;
	uint64_t now_msec;	/* export time of the current datagram */
	uint32_t flow_seq;	/* flows sent before the current datagram */
	uint32_t pkt_seq;	/* datagrams finished */
	unsigned count;		/* records (and templates, v9) in this datagram */
	unsigned flows;		/* flow records in this datagram */
	size_t set_off;		/* open data set header offset, or 0 */
	unsigned set_tpl;	/* template id of the open data set */
	/* sFlow: data sources by ifIndex % FLOW_ENC_SFLOW_IFS, next counter */
	struct flow_enc_sflow_if sf_if[FLOW_ENC_SFLOW_IFS];
	unsigned sf_next_ctr;
	int sf_ctr_due;		/* this datagram ends with a counter sample */
};

struct flow_encoder {
	const char *name;	/* "v5", "v9", "ipfix", "sflow" */
	int version;		/* 5, 9, 10, FLOW_ENC_SFLOW5 */
	/* Start a datagram in buf (cap bytes) stamped with now_msec. */
	int (*begin)(struct flow_enc *e, uint8_t *buf, size_t cap, uint64_t now_msec);
	int (*add)(struct flow_enc *e, const struct flow_record *r);
	/* Close the datagram; returns its length (0 if it holds no flows). */
	size_t (*finish)(struct flow_enc *e);
};

extern const struct flow_encoder flow_enc_v5;
extern const struct flow_encoder flow_enc_v9;
extern const struct flow_encoder flow_enc_ipfix;
extern const struct flow_encoder flow_enc_sflow;

/* The encoder for version 5, 9, 10 or FLOW_ENC_SFLOW5, or NULL. */
const struct flow_encoder *flow_encoder_find(int version);

#endif
