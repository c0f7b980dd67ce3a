/*
 * tpl_int.h - what the NetFlow v9 and IPFIX decoders share: the element
 * map (ie_map.c), templates compiled into flat copy programs
 * (tpl_compile.c), the per-exporter template store (tpl_store.c), running
 * a program over one data record and finishing the record as nfcapd does
 * (tpl_run.c).
 *
 * A data template is compiled once, when it arrives, into a list of ops:
 * each op consumes one field of the record (fixed length or IPFIX
 * variable length) and either skips it, stores it into a member of
 * struct flow_record (big-endian number to host integer of the member's
 * width, IPv6 address, raw bytes, byte string) or keeps its value in a
 * "stack" slot that the finishing step turns into times, ICMP type/code,
 * sampler selection and the like.  Decoding a record is then one loop
 * over the ops with a single bounds check for fixed-length templates.
 *
 * Ownership: a struct tpl_store belongs to its exporter (dec_exporter.tpl)
 * and owns its templates; a struct tpl returned by tpl_store_get() stays
 * valid until the next add/withdraw on that store.
 */
#ifndef FLOW_PROTO_TPL_INT_H
#define FLOW_PROTO_TPL_INT_H

#include <stddef.h>
#include <stdint.h>

#include "proto/dec_int.h"
#include "util/berd.h"

#define TPL_VARLEN 0xffff	/* IPFIX field length: variable (RFC 7011 §7) */

/* Which protocol an element mapping applies to. */
enum ie_proto {
	IE_V9 = 1,
	IE_IPFIX = 2,
	IE_BOTH = 3,
};

/* Values kept aside during a record for the finishing step. */
enum tpl_stack {
	ST_NONE,
	ST_UP_FIRST, ST_UP_LAST,	/* v9 22/21, IPFIX 22/21: sysUptime ms */
	ST_SYSINIT,			/* 160: exporter boot, UNIX ms */
	ST_START_S, ST_END_S,		/* 150/151: UNIX seconds */
	ST_START_US, ST_END_US,		/* 154/155: NTP timestamps */
	ST_START_NS, ST_END_NS,		/* 156/157: NTP timestamps */
	ST_START_DUS, ST_END_DUS,	/* 158/159: µs before export time */
	ST_DURATION,			/* 161: ms */
	ST_ICMP,			/* 32/139: type * 256 + code */
	ST_ICMP_TYPE, ST_ICMP_CODE,	/* 176..179 */
	ST_DSTPORT,			/* IPFIX 11: #32 may overwrite the member */
	ST_SAMPLER,			/* 48/302: selector id */
	ST_ENGINE_TYPE, ST_ENGINE_ID,	/* 38/39 */
	ST_EVENT_MS,			/* 323: NSEL/NAT event time */
	ST_LAT_CLIENT_S, ST_LAT_SERVER_S, ST_LAT_APPL_S,	/* nProbe seconds */
	ST_MAX
};

/* One element mapping: what a field id becomes. */
struct ie_map {
	uint16_t id;
	uint8_t proto;		/* enum ie_proto */
	uint8_t ext;		/* V3 element made present, or EX_NULL */
	uint16_t off;		/* member offset in struct flow_record, 0 = none */
	uint8_t size;		/* member width: 1, 2, 4, 8, 16, or other = raw bytes */
	uint8_t stack;		/* enum tpl_stack */
	uint8_t bytes;		/* 1: member is a struct flow_bytes */
};

/*
 * The mapping for element id of enterprise `pen` (0 = IANA) in protocol
 * proto, or NULL when the element is not stored.  IPFIX reverse elements
 * (PEN 29305) of counters map to the out counters, as nfcapd does.
 */
const struct ie_map *ie_lookup(uint16_t id, uint32_t pen, enum ie_proto proto);

enum tpl_op_kind {
	OP_SKIP,	/* in_len bytes ignored */
	OP_NUM,		/* big-endian number of in_len (1..8, 16) bytes */
	OP_RAW,		/* bytes copied as they are, min(in, size) */
	OP_BYTES,	/* into a struct flow_bytes (points into the datagram) */
	OP_SUBLIST,	/* IPFIX subTemplateList (size 0) / MultiList (size 1), RFC 6313 */
};

struct tpl_op {
	uint8_t kind;		/* enum tpl_op_kind */
	uint8_t size;		/* member width (0: value only to the stack) */
	uint8_t stack;		/* enum tpl_stack or ST_NONE */
	uint8_t var;		/* 1: IPFIX variable length, in_len unused */
	uint16_t in_len;
	uint16_t off;		/* member offset in struct flow_record */
};

/* Where a value sits in an option record (offset, length; length 0 = absent). */
struct opt_field {
	uint16_t off, len;
};

/* What an options template tells us (sampling, nfcapd's only use of them). */
struct tpl_options {
	struct opt_field sel_id, algorithm, packet_interval, space_interval;
	struct opt_field sysinit;	/* 160: exporter boot time */
	struct opt_field nbar_id, nbar_name, nbar_desc;	/* 95, 96, 94 */
	struct opt_field if_index, if_name;		/* 10, 83 */
	struct opt_field vrf_id, vrf_name;		/* 234, 236 */
	uint16_t reclen;		/* bytes per option record */
	uint8_t sampler;		/* 0 none, 1 own selector, 2 generic (#34) */
};

enum tpl_kind {
	TPL_DATA = 1,
	TPL_OPTIONS = 2,
};

struct tpl {
	uint16_t id;
	uint8_t kind;		/* enum tpl_kind */
	uint8_t has_var;	/* some field has variable length or a sub-template list */
	uint32_t reclen;	/* fixed record length (minimum if has_var) */
	uint64_t present;	/* V3 elements a record of this template has */
	uint64_t stacks;	/* bit n: stack slot n is filled by some op */
	uint64_t last_use;	/* LRU tick */
	unsigned mapped;	/* fields that map to something; 0: records dropped */
	unsigned nops;
	struct tpl_op *ops;	/* data templates */
	struct tpl_options opt;	/* options templates */
};

/* A template field as read from the wire. */
struct tpl_field {
	uint16_t id, len;
	uint32_t pen;		/* enterprise number, 0 = IANA */
};

/*
 * Compile a data template; NULL (err set) when it cannot be stored:
 * no memory.  A template that maps nothing still compiles (its records
 * are skipped) so that its data sets are recognised.
 */
struct tpl *tpl_compile_data(uint16_t id, const struct tpl_field *f, unsigned n,
			     enum ie_proto proto, struct flow_err *err);
/* Compile an options template (scope fields are the first nscope of f). */
struct tpl *tpl_compile_options(uint16_t id, const struct tpl_field *f, unsigned n,
				unsigned nscope, enum ie_proto proto, struct flow_err *err);
void tpl_free(struct tpl *t);

/* The templates of one exporter, at most max, least recently used evicted. */
struct tpl_store;
struct tpl_store *tpl_store_new(unsigned max);
/* Takes t (freed on failure); replaces a template of the same id.  Returns 1 when one was evicted. */
int tpl_store_add(struct tpl_store *s, struct tpl *t, struct flow_err *err);
struct tpl *tpl_store_get(struct tpl_store *s, uint16_t id);
void tpl_store_remove(struct tpl_store *s, uint16_t id);
/* IPFIX withdraw-all: every template of kind (TPL_DATA or TPL_OPTIONS). */
void tpl_store_remove_kind(struct tpl_store *s, unsigned kind);
unsigned tpl_store_count(const struct tpl_store *s);

/* The exporter's store, created on first use (NULL: no memory). */
struct tpl_store *tpl_store_of(struct flow_decoder *dec, struct flow_decoder_exporter *e);

/* Per-datagram context for finishing records. */
struct tpl_ctx {
	struct flow_decoder *dec;
	struct flow_decoder_exporter *e;
	const struct flow_decode_sink *sink;
	uint64_t recv_msec;
	uint64_t export_msec;	/* header export time, UNIX ms */
	uint64_t boot_msec;	/* v9: export time - sysUptime */
	unsigned version;	/* 9 or 10 */
};

/*
 * Decode the data records of one set (p, len: the set body after its
 * header) with template t and hand them to the sink.  Stops at padding
 * (< 4 bytes, or less than a fixed record).  Returns the number of records
 * (adding the flows emitted to *flows) or < 0 (err set; records before the
 * bad one were emitted) - a bad variable-length field or a stopped sink.
 */
int tpl_run_set(struct tpl_ctx *c, const struct tpl *t, const uint8_t *p, size_t len,
		int *flows, struct flow_err *err);

/*
 * The NBAR/interface/VRF name arrays of one option set, through
 * sink->record (opt_names.c).  Returns 0 or < 0 when the sink failed.
 */
int opt_names(struct tpl_ctx *c, const struct tpl_options *o, const uint8_t *p, size_t len,
	      struct flow_err *err);

/* Apply the option records of one set (samplers, boot time). Returns records. */
int tpl_run_options(struct tpl_ctx *c, const struct tpl *t, const uint8_t *p, size_t len,
		    struct flow_err *err);

#endif
