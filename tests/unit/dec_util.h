/*
 * dec_util.h - helpers for the decoder suites: a sink that keeps copies
 * of every record, exporter and sampler it is handed, and feeding vendor
 * datagram files (VENDOR_DIR) to a decoder from a fixed address.
 */
#ifndef TESTS_UNIT_DEC_UTIL_H
#define TESTS_UNIT_DEC_UTIL_H

#include <netinet/in.h>
#include <stddef.h>
#include <stdint.h>

#include "proto/decode.h"

#define DU_MAX_RECS 4096

struct du_sink {
	struct flow_record *recs;	/* DU_MAX_RECS */
	unsigned nrecs;
	struct flow_exporter_info exporters[64];	/* the first 64 */
	unsigned nexporters;			/* all announced */
	struct flow_sampler samplers[64];
	unsigned nsamplers;
	int stop_after;			/* flow(): fail after this many (0 = never) */
	struct flow_decode_sink sink;
};

void du_sink_init(struct du_sink *s);
void du_sink_free(struct du_sink *s);

/* 127.0.0.1 (or the IPv4 address a.b.c.d as a host-order u32), port 2055. */
void du_addr4(struct sockaddr_in *sa, uint32_t ip);

/* Decode a buffer from sa; returns flow_decoder_input's result. */
int du_feed(struct flow_decoder *dec, const struct sockaddr_in *sa, const void *buf,
	    size_t len, struct du_sink *s, struct flow_err *err);

/* Decode the vendor file `name` (in VENDOR_DIR); fails the test if unreadable. */
int du_feed_file(struct flow_decoder *dec, const struct sockaddr_in *sa, const char *name,
		 struct du_sink *s, struct flow_err *err);

/*
 * A datagram builder for crafted v9/IPFIX input: begin, open a set,
 * append big-endian values, close the set (length patched), finish
 * (IPFIX message length patched).
 */
struct du_pkt {
	uint8_t b[65536];
	size_t len, set;
	int ipfix;
};
void du_v9_begin(struct du_pkt *p, uint32_t uptime, uint32_t secs, uint32_t seq,
		 uint32_t source);
void du_ipfix_begin(struct du_pkt *p, uint32_t export_secs, uint32_t seq, uint32_t domain);
void du_set_begin(struct du_pkt *p, uint16_t id);
void du_set_end(struct du_pkt *p);
void du_put(struct du_pkt *p, uint64_t v, unsigned bytes);
void du_finish(struct du_pkt *p);

/* The receive time every du_feed passes (ms). */
#define DU_RECV_MSEC 1700000000000ull

#endif
