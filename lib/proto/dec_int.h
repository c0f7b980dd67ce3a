/*
 * dec_int.h - what the protocol decoders share inside libflow: the
 * exporter table and the stamping of common fields.  Implemented in
 * exporter.c; the protocol files (dec_v5.c, dec_v9.c, dec_ipfix.c,
 * dec_sflow.c) call it and nothing else of each other.
 */
#ifndef FLOW_PROTO_DEC_INT_H
#define FLOW_PROTO_DEC_INT_H

#include "proto/decode.h"

/*
 * The exporter (from address, protocol version, source id / observation
 * domain / sFlow agent+sub-agent) or a new one with the next sysid; a new
 * exporter is announced through sink->exporter first.  NULL (err set) when
 * the table is full or the sink failed.
 */
struct flow_decoder_exporter *flow_dec_exporter(struct flow_decoder *dec,
						const struct sockaddr *from,
						socklen_t fromlen, uint32_t version,
						uint32_t id,
						const struct flow_decode_sink *sink,
						struct flow_err *err);

/*
 * Record a sampler of exporter e (id, algorithm, packet interval); it is
 * announced through sink->sampler when new or changed.
 */
int flow_dec_sampler(struct flow_decoder *dec, struct flow_decoder_exporter *e,
		     int64_t id, uint16_t algorithm, uint32_t packet_interval,
		     const struct flow_decode_sink *sink, struct flow_err *err);

/* Set what nfcapd sets on every record of exporter e. */
void flow_dec_stamp(const struct flow_decoder_exporter *e, struct flow_record *r,
		    uint64_t recv_msec);

/* The sFlow decoder (dec_sflow.c), called by flow_decoder_input(). */
int flow_dec_sflow(struct flow_decoder *dec, const struct sockaddr *from,
		   socklen_t fromlen, const uint8_t *buf, size_t len,
		   uint64_t recv_msec, const struct flow_decode_sink *sink,
		   struct flow_err *err);

#endif
