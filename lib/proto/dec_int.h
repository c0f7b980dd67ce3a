/*
 * dec_int.h - what the protocol decoders share inside libflow: the
 * exporter table and the stamping of common fields.  Implemented in
 * exporter.c; the protocol files (dec_v5.c, dec_v9.c, dec_ipfix.c,
 * dec_sflow.c) call it and nothing else of each other (v9 and IPFIX also
 * share the template store, tpl_store.h).
 *
 * Ownership: the decoder owns every struct dec_exporter (freed by
 * flow_decoder_free); a protocol may hang its own state on an exporter
 * (`proto` + `proto_free`), which the decoder frees with the exporter.
 */
#ifndef FLOW_PROTO_DEC_INT_H
#define FLOW_PROTO_DEC_INT_H

#include "proto/decode.h"

struct tpl_store;

/* The decoder's view of one exporter; the public part comes first. */
struct dec_exporter {
	struct flow_decoder_exporter pub;
	uint8_t nfversion;		/* what records of this exporter carry */
	/* sequence tracking: the next sequence number expected */
	int seq_valid;
	uint32_t seq_next;
	/* samplers, in the order they were announced */
	struct flow_sampler *samplers;
	unsigned nsamplers, cap_samplers;
	/* v9/IPFIX templates (tpl_store.c) */
	struct tpl_store *tpl;
	/* v9: UNIX ms of the exporter's boot, from the last header */
	uint64_t boot_msec;
	/* v9/IPFIX: exporter boot time (#160) announced in option data */
	uint64_t sysinit_msec;
	/* protocol-private state (sFlow), freed with the exporter */
	void *proto;
	void (*proto_free)(void *proto);
};

static inline struct dec_exporter *dec_exp(struct flow_decoder_exporter *e)
{
	return (struct dec_exporter *)e;
}

/* The exporter table (exporter.c). */
struct dec_table;
struct dec_table *dec_table_new(void);
void dec_table_free(struct dec_table *t);
unsigned dec_table_count(const struct dec_table *t);
/* The exporter with sysid i + 1, or NULL. */
struct flow_decoder_exporter *dec_table_get(struct dec_table *t, unsigned i);

struct flow_decoder {
	struct flow_decoder_config cfg;
	struct flow_decoder_counters counters;
	struct dec_table *table;	/* exporters, exporter.c */
	struct flow_record rec;		/* scratch record, reset per flow */
};

/*
 * The exporter (from address, protocol version, source id / observation
 * domain / sFlow agent+sub-agent) or a new one with the next sysid; a new
 * exporter is announced through sink->exporter first.  The caller counts
 * the datagram (e->packets, e->total_packets), so total_packets == 0 means
 * new.  NULL (err set) when the table is full or the sink failed.
 */
struct flow_decoder_exporter *flow_dec_exporter(struct flow_decoder *dec,
						const struct sockaddr *from,
						socklen_t fromlen, uint32_t version,
						uint32_t id,
						const struct flow_decode_sink *sink,
						struct flow_err *err);

/*
 * Record a sampler of exporter e: id (or FLOW_SAMPLER_GENERIC...),
 * algorithm, and packet_interval = the sampling rate N (one of N packets).
 * It is stored as nfcapd stores it (packetInterval 1, spaceInterval N - 1)
 * and announced through sink->sampler when new or changed.
 */
int flow_dec_sampler(struct flow_decoder *dec, struct flow_decoder_exporter *e,
		     int64_t id, uint16_t algorithm, uint32_t packet_interval,
		     const struct flow_decode_sink *sink, struct flow_err *err);

/*
 * nfcapd -s for a new exporter: the default (cfg.sampling_override N > 1)
 * or overwrite (-N) sampler.  v9 and IPFIX call it; v5 decides itself.
 */
int flow_dec_static_sampler(struct flow_decoder *dec, struct flow_decoder_exporter *e,
			    const struct flow_decode_sink *sink, struct flow_err *err);

/* As flow_dec_sampler with packet and space interval given (v9/IPFIX options). */
int flow_dec_sampler_set(struct flow_decoder *dec, struct flow_decoder_exporter *e,
			 const struct flow_sampler *s,
			 const struct flow_decode_sink *sink, struct flow_err *err);

/* Sampler ids nfcapd uses for samplers that are not the exporter's own. */
#define FLOW_SAMPLER_GENERIC (-1)	/* v5 header, v9 #34/#35 */
#define FLOW_SAMPLER_DEFAULT (-2)	/* nfcapd -s N */
#define FLOW_SAMPLER_OVERWRITE (-3)	/* nfcapd -s -N */

/*
 * The sampler that applies to a record carrying selector id `id` (0: none
 * announced), in nfcapd's order: overwrite, the record's own, generic,
 * default.  NULL = unsampled.
 */
const struct flow_sampler *flow_dec_find_sampler(const struct flow_decoder_exporter *e,
						 int64_t id);

/*
 * Flag r sampled and scale its counters by sampler s (unless
 * cfg.keep_sampling_raw); nothing for NULL or a 1:1 sampler.
 */
void flow_dec_apply_sampling(const struct flow_decoder *dec, struct flow_record *r,
			     const struct flow_sampler *s);

/*
 * Sequence check: seq is the datagram's sequence number, next the number
 * the following datagram must carry.  Counts a failure on the exporter
 * when seq is not the one expected (wrapping at 2^32).
 */
void flow_dec_sequence(struct flow_decoder_exporter *e, uint32_t seq, uint32_t next);

/* Set what nfcapd sets on every record of exporter e. */
void flow_dec_stamp(const struct flow_decoder_exporter *e, struct flow_record *r,
		    uint64_t recv_msec);

/*
 * Hand a finished record to the sink and count it.  Returns the sink's
 * status (< 0 stops the datagram).
 */
int flow_dec_emit(struct flow_decoder *dec, struct flow_decoder_exporter *e,
		  const struct flow_record *r, const struct flow_decode_sink *sink,
		  struct flow_err *err);

/*
 * Describe an error in err as "<addr> v<version>: offset <off>: <text>"
 * and return code.  Used for every rejection so the log names the
 * exporter and the byte.
 */
int flow_dec_error(struct flow_err *err, int code, const struct sockaddr *from,
		   socklen_t fromlen, unsigned version, size_t off, const char *fmt, ...)
	__attribute__((format(printf, 7, 8)));

/* The text form of an exporter address, for messages ("?" if unknown). */
void flow_dec_addr_str(const struct sockaddr *from, socklen_t fromlen, char *buf,
		       size_t len);

/* The protocol decoders, called by flow_decoder_input(). */
int flow_dec_v5(struct flow_decoder *dec, const struct sockaddr *from,
		socklen_t fromlen, const uint8_t *buf, size_t len,
		uint64_t recv_msec, const struct flow_decode_sink *sink,
		struct flow_err *err);
int flow_dec_v9(struct flow_decoder *dec, const struct sockaddr *from,
		socklen_t fromlen, const uint8_t *buf, size_t len,
		uint64_t recv_msec, const struct flow_decode_sink *sink,
		struct flow_err *err);
int flow_dec_ipfix(struct flow_decoder *dec, const struct sockaddr *from,
		   socklen_t fromlen, const uint8_t *buf, size_t len,
		   uint64_t recv_msec, const struct flow_decode_sink *sink,
		   struct flow_err *err);

/* The sFlow decoder (dec_sflow.c), called by flow_decoder_input(). */
int flow_dec_sflow(struct flow_decoder *dec, const struct sockaddr *from,
		   socklen_t fromlen, const uint8_t *buf, size_t len,
		   uint64_t recv_msec, const struct flow_decode_sink *sink,
		   struct flow_err *err);

/* Frees a template store (tpl_store.c); the exporter table calls it. */
void tpl_store_free(struct tpl_store *s);

#endif
