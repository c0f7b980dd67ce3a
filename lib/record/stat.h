/*
 * stat.h - the per-file statistics record (format.md §5) and the records
 * that describe exporters and samplers (format.md §4.1-4.4).
 *
 * All structs here are host-order values; the *_decode/_encode functions
 * convert from and to the little-endian bytes in files.
 */
#ifndef FLOW_RECORD_STAT_H
#define FLOW_RECORD_STAT_H

#include <stddef.h>
#include <stdint.h>

#include "record/record.h"
#include "util/err.h"

#define FLOW_STAT_SIZE 144	/* 18 x u64, appendix record 0x8002 payload */
#define FLOW_STAT_V1_SIZE 136	/* layout-1 stat record after the header */

/* Field order is the on-disk order. */
struct flow_stat {
	uint64_t numflows, numbytes, numpackets;
	uint64_t flows_tcp, flows_udp, flows_icmp, flows_other;
	uint64_t bytes_tcp, bytes_udp, bytes_icmp, bytes_other;
	uint64_t packets_tcp, packets_udp, packets_icmp, packets_other;
	uint64_t msec_first, msec_last;
	uint64_t sequence_failure;
};

/* An empty stat record: counters 0, first = max so min() works. */
void flow_stat_init(struct flow_stat *s);

/* Count one flow the way nfdump does (aggregated flows, in+out counters). */
void flow_stat_add(struct flow_stat *s, const struct flow_record *r);
/* The same from the counts: flows, in+out packets and bytes, protocol, times. */
void flow_stat_count(struct flow_stat *s, uint64_t flows, uint64_t packets, uint64_t bytes,
		     uint8_t proto, uint64_t first, uint64_t last);

/* Sum b into a (first = min, last = max). */
void flow_stat_merge(struct flow_stat *a, const struct flow_stat *b);

/* Bytes <-> struct.  decode_v1 reads the 136-byte layout-1 record. */
void flow_stat_decode(struct flow_stat *s, const uint8_t p[FLOW_STAT_SIZE]);
void flow_stat_encode(const struct flow_stat *s, uint8_t p[FLOW_STAT_SIZE]);
void flow_stat_decode_v1(struct flow_stat *s, const uint8_t p[FLOW_STAT_V1_SIZE]);

/* Exporter info record (type 7, 32 bytes). */
#define FLOW_EXPORTER_INFO_SIZE 32
struct flow_exporter_info {
	uint32_t version;	/* 1,5,7,9; 10 IPFIX; 9999 sFlow */
	struct flow_ip6 ip;	/* IPv4: hi = 0, lo = address */
	uint16_t family;	/* AF_INET or AF_INET6 */
	uint16_t sysid;
	uint32_t id;		/* engine tag, source id, observation domain */
};

/*
 * Accepts both IP encodings: the old one (family at offset 24, written by
 * 1.6-1.7.7) and 1.7.8's network-order v4-mapped form (family 0).
 */
int flow_exporter_info_decode(struct flow_exporter_info *e, const uint8_t *p,
			      size_t len, struct flow_err *err);
/* Writes the old encoding, which 1.7.1 and 1.7.8 both read. */
void flow_exporter_info_encode(const struct flow_exporter_info *e,
			       uint8_t p[FLOW_EXPORTER_INFO_SIZE]);

/* Sampler record (type 15, 24 bytes); legacy type 9 decodes into it. */
#define FLOW_SAMPLER_SIZE 24
struct flow_sampler {
	uint16_t sysid;
	uint16_t algorithm;
	int64_t id;		/* -1 generic, -2 default, -3 overwrite */
	uint32_t packet_interval;
	uint32_t space_interval;
};

int flow_sampler_decode(struct flow_sampler *s, const uint8_t *p, size_t len,
			struct flow_err *err);
void flow_sampler_encode(const struct flow_sampler *s, uint8_t p[FLOW_SAMPLER_SIZE]);

/* Exporter stat record (type 8): count entries of {sysid, failures, packets, flows}. */
struct flow_exporter_stat {
	uint32_t sysid;
	uint32_t sequence_failure;
	uint64_t packets;
	uint64_t flows;
};

/* Number of entries in a type-8 record, or negative on a bad size. */
int flow_exporter_stat_count(const uint8_t *p, size_t len, struct flow_err *err);
void flow_exporter_stat_get(struct flow_exporter_stat *s, const uint8_t *p, unsigned i);

#endif
