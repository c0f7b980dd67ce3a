/*
 * decode.h - turn NetFlow v1/v5/v7/v9, IPFIX and sFlow datagrams into flow
 * records, the way nfcapd/sfcapd 1.7 do.
 *
 * A struct flow_decoder owns all per-exporter state: the exporter table
 * (address + version + source id/observation domain/agent sub-id -> sysid),
 * the templates and options templates of each v9/IPFIX exporter, sampling
 * settings, sequence tracking and the per-exporter counters.  The collector
 * feeds it one datagram at a time and gets records back through a sink:
 *
 *     dec = flow_decoder_new(&cfg, &err);
 *     for each datagram:
 *         flow_decoder_input(dec, &from, fromlen, buf, len, now_ms, &sink, &err);
 *     at file rotation:
 *         flow_decoder_foreach_exporter(dec, fn, ctx);  (info + interval stats)
 *         flow_decoder_reset_interval(dec);
 *     flow_decoder_free(dec);
 *
 * Invariants:
 *  - no global state; one decoder per collector socket/thread.
 *  - a malformed datagram, template or record never crashes and never
 *    emits a partial record: it is counted (struct flow_decoder_counters),
 *    described in err (exporter address, version, offset) and the return
 *    value says whether anything of the datagram was used.
 *  - records handed to sink->flow are complete: exporter_sysid, nfversion,
 *    generic.msec_received and EX_RECV4/EX_RECV6 (the exporter address) are
 *    set as nfcapd sets them.  The record is only valid during the call.
 *  - sink->exporter is called once per new exporter (and again for a
 *    sampler) before the first record that refers to it, so a writer can
 *    put the exporter/sampler record into the file ahead of the flows.
 *  - template memory is bounded per exporter (cfg.max_templates); beyond
 *    it the least recently used template is evicted and counted.
 */
#ifndef FLOW_PROTO_DECODE_H
#define FLOW_PROTO_DECODE_H

#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

#include "record/record.h"
#include "record/stat.h"
#include "util/err.h"

enum flow_decoder_kind {
	FLOW_DEC_NETFLOW,	/* capd: v1, v5, v7, v9, IPFIX by the version field */
	FLOW_DEC_SFLOW,		/* sfcapd: sFlow v2, v4, v5 */
};

struct flow_decoder_config {
	enum flow_decoder_kind kind;
	unsigned max_templates;		/* per exporter; 0 = 1024 */
	unsigned max_exporters;		/* 0 = 65535 */
	/*
	 * nfcapd -s rate, with nfcapd's signs: N > 1 is the default rate of
	 * exporters that announce none, -N overwrites every exporter's rate;
	 * 0 or 1 = use what the exporter announces.
	 */
	int sampling_override;
	int keep_sampling_raw;		/* do not scale counters by the rate */
};

/* What the collector learns about each exporter. */
struct flow_decoder_exporter {
	struct flow_exporter_info info;		/* sysid, version, ip, id */
	/* counters since the last flow_decoder_reset_interval() */
	uint64_t packets, flows;
	uint32_t sequence_failures;
	/* counters since the decoder was created */
	uint64_t total_packets, total_flows, total_sequence_failures;
	uint64_t malformed;			/* datagrams/sets rejected */
	uint64_t templates, templates_evicted;
};

struct flow_decoder_counters {
	uint64_t datagrams, flows;
	uint64_t malformed;		/* datagrams with a bad header/length */
	uint64_t bad_sets;		/* flowsets/templates/records rejected */
	uint64_t no_template;		/* data sets with an unknown template */
	uint64_t unknown_version;
	uint64_t exporters_refused;	/* max_exporters reached */
	uint64_t templates_evicted;
	uint64_t counter_samples;	/* sFlow counter samples: counted, not stored */
};

struct flow_decode_sink {
	void *ctx;
	/* Return < 0 to stop decoding this datagram (the error is passed up). */
	int (*flow)(void *ctx, const struct flow_record *rec);
	/* A new exporter; write its info record (type 7).  May be NULL. */
	int (*exporter)(void *ctx, const struct flow_exporter_info *info);
	/* A new or changed sampler (type 15).  May be NULL. */
	int (*sampler)(void *ctx, const struct flow_sampler *s);
	/*
	 * Any other record nfcapd writes, encoded and ready to append as is
	 * (len bytes, the record's own header first): the NBAR application
	 * (type 12), interface name (13) and VRF name (14) arrays built from
	 * v9/IPFIX option data.  May be NULL.
	 */
	int (*record)(void *ctx, const uint8_t *rec, size_t len);
};

struct flow_decoder;

struct flow_decoder *flow_decoder_new(const struct flow_decoder_config *cfg,
				      struct flow_err *err);
void flow_decoder_free(struct flow_decoder *dec);

/*
 * Decode one datagram from `from`.  Returns the number of flow records
 * emitted (>= 0), or a negative FLOW_E* code when the datagram was
 * rejected as a whole (err says why, naming exporter and offset) or the
 * sink stopped.  Partial success (some sets good, some bad) returns the
 * count and leaves the reason for the bad parts in err with code != 0.
 */
int flow_decoder_input(struct flow_decoder *dec, const struct sockaddr *from,
		       socklen_t fromlen, const uint8_t *buf, size_t len,
		       uint64_t recv_msec, const struct flow_decode_sink *sink,
		       struct flow_err *err);

/* Visit every known exporter (in sysid order).  fn returning < 0 stops. */
int flow_decoder_foreach_exporter(struct flow_decoder *dec,
				  int (*fn)(void *ctx, const struct flow_decoder_exporter *e),
				  void *ctx);

/* Visit every known sampler (so a new file can repeat them). */
int flow_decoder_foreach_sampler(struct flow_decoder *dec,
				 int (*fn)(void *ctx, const struct flow_sampler *s),
				 void *ctx);

/* Zero the per-interval exporter counters (after writing them at rotation). */
void flow_decoder_reset_interval(struct flow_decoder *dec);

const struct flow_decoder_counters *flow_decoder_counters(const struct flow_decoder *dec);

#endif
