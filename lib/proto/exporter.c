/*
 * exporter.c - the exporter table of a decoder: exporters keyed by
 * (address, protocol version, source id), numbered 1..n in the order
 * they are first seen as nfcapd numbers them, with their samplers.
 *
 * Lookup is on every datagram, so the table is an open-addressing hash
 * of indexes into the sysid-ordered array, with the last hit cached
 * (a collector mostly sees runs of datagrams from one exporter).
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>

#include "proto/dec_int.h"
#include "util/alloc.h"
#include "util/endian.h"
#include "util/banned.h"

struct dec_key {
	uint32_t version, id;
	uint16_t family;
	struct flow_ip6 ip;
};

struct dec_table {
	struct dec_exporter **exp;	/* by sysid - 1 */
	unsigned n, cap;
	uint32_t *slot;			/* hash: index + 1, 0 = empty */
	unsigned nslots;		/* power of two */
	struct dec_exporter *last;	/* last hit */
};

/* The address of a datagram's sender as nfcapd keeps it (no v4-mapped folding). */
static int key_addr(struct dec_key *k, const struct sockaddr *from, socklen_t fromlen)
{
	if (!from)
		return -1;
	if (from->sa_family == AF_INET && fromlen >= (socklen_t)sizeof(struct sockaddr_in)) {
		const struct sockaddr_in *s = (const struct sockaddr_in *)(const void *)from;

		k->family = AF_INET;
		k->ip.hi = 0;
		k->ip.lo = ntohl(s->sin_addr.s_addr);
		return 0;
	}
	if (from->sa_family == AF_INET6 && fromlen >= (socklen_t)sizeof(struct sockaddr_in6)) {
		const struct sockaddr_in6 *s = (const struct sockaddr_in6 *)(const void *)from;

		k->family = AF_INET6;
		k->ip.hi = ld_be64(s->sin6_addr.s6_addr);
		k->ip.lo = ld_be64(s->sin6_addr.s6_addr + 8);
		return 0;
	}
	return -1;
}

static uint32_t key_hash(const struct dec_key *k)
{
	uint64_t h = k->ip.lo * 0x9e3779b97f4a7c15ull;

	h ^= k->ip.hi + 0x632be59bd9b4e019ull + (h << 6) + (h >> 2);
	h ^= ((uint64_t)k->version << 32 | k->id) * 0xff51afd7ed558ccdull;
	h ^= h >> 29;
	return (uint32_t)h;
}

static int key_match(const struct dec_exporter *e, const struct dec_key *k)
{
	const struct flow_exporter_info *i = &e->pub.info;

	return i->version == k->version && i->id == k->id && i->family == k->family &&
	       i->ip.hi == k->ip.hi && i->ip.lo == k->ip.lo;
}

struct dec_table *dec_table_new(void)
{
	return flow_calloc(1, sizeof(struct dec_table));
}

static void exporter_free(struct dec_exporter *e)
{
	if (!e)
		return;
	if (e->proto && e->proto_free)
		e->proto_free(e->proto);
	tpl_store_free(e->tpl);
	flow_free(e->samplers);
	flow_free(e);
}

void dec_table_free(struct dec_table *t)
{
	if (!t)
		return;
	for (unsigned i = 0; i < t->n; i++)
		exporter_free(t->exp[i]);
	flow_free(t->exp);
	flow_free(t->slot);
	flow_free(t);
}

static struct dec_exporter *table_find(struct dec_table *t, const struct dec_key *k)
{
	if (t->last && key_match(t->last, k))
		return t->last;
	if (!t->nslots)
		return NULL;
	for (uint32_t i = key_hash(k) & (t->nslots - 1);; i = (i + 1) & (t->nslots - 1)) {
		uint32_t s = t->slot[i];

		if (!s)
			return NULL;
		if (key_match(t->exp[s - 1], k))
			return t->last = t->exp[s - 1];
	}
}

static void slot_put(uint32_t *slot, unsigned nslots, const struct dec_exporter *e,
		     uint32_t index)
{
	const struct flow_exporter_info *i = &e->pub.info;
	struct dec_key k = { i->version, i->id, i->family, i->ip };
	uint32_t h = key_hash(&k) & (nslots - 1);

	while (slot[h])
		h = (h + 1) & (nslots - 1);
	slot[h] = index + 1;
}

/* Room for one more exporter: the array and a hash at most half full. */
static int table_grow(struct dec_table *t)
{
	if (t->n == t->cap) {
		unsigned cap = t->cap ? t->cap * 2 : 16;
		struct dec_exporter **a = flow_realloc(t->exp, cap * sizeof(*a));

		if (!a)
			return -1;
		t->exp = a;
		t->cap = cap;
	}
	if ((t->n + 1) * 2 > t->nslots) {
		unsigned ns = t->nslots ? t->nslots * 2 : 32;
		uint32_t *s = flow_calloc(ns, sizeof(*s));

		if (!s)
			return -1;
		for (unsigned i = 0; i < t->n; i++)
			slot_put(s, ns, t->exp[i], i);
		flow_free(t->slot);
		t->slot = s;
		t->nslots = ns;
	}
	return 0;
}

/* nfversion of a record: v7 is stored as 5 (nfcapd treats v7 as v5), sFlow as 0x85. */
static uint8_t record_version(uint32_t version)
{
	if (version == 7)
		return 5;
	if (version == 9999)
		return 0x80 | 5;
	return (uint8_t)version;
}


static struct dec_exporter *table_add(struct flow_decoder *dec, const struct dec_key *k,
				      struct flow_err *err)
{
	struct dec_table *t = dec->table;
	unsigned max = dec->cfg.max_exporters ? dec->cfg.max_exporters : 65535;
	struct dec_exporter *e;

	if (t->n >= max || t->n >= 65535) {
		dec->counters.exporters_refused++;
		flow_errorf(err, FLOW_EUNSUPPORTED, "exporter table full (%u exporters)", t->n);
		return NULL;
	}
	if (table_grow(t) || !(e = flow_calloc(1, sizeof(*e)))) {
		flow_errorf(err, FLOW_ENOMEM, "no memory for a new exporter");
		return NULL;
	}
	e->pub.info.version = k->version;
	e->pub.info.id = k->id;
	e->pub.info.family = k->family;
	e->pub.info.ip = k->ip;
	e->pub.info.sysid = (uint16_t)(t->n + 1);
	e->nfversion = record_version(k->version);
	t->exp[t->n] = e;
	slot_put(t->slot, t->nslots, e, t->n);
	t->n++;
	return t->last = e;
}

struct flow_decoder_exporter *flow_dec_exporter(struct flow_decoder *dec,
						const struct sockaddr *from,
						socklen_t fromlen, uint32_t version,
						uint32_t id,
						const struct flow_decode_sink *sink,
						struct flow_err *err)
{
	struct dec_key k = { .version = version, .id = id };
	struct dec_exporter *e;

	if (key_addr(&k, from, fromlen)) {
		flow_errorf(err, FLOW_EINVAL, "exporter address of unknown family");
		return NULL;
	}
	e = table_find(dec->table, &k);
	if (!e)
		e = table_add(dec, &k, err);
	if (!e)
		return NULL;
	/* until the sink took the info, every datagram tries again: no orphan records */
	if (!e->announced) {
		if (sink && sink->exporter && sink->exporter(sink->ctx, &e->pub.info) < 0) {
			flow_errorf(err, FLOW_EIO, "writing the info of exporter %u failed",
				    e->pub.info.sysid);
			return NULL;
		}
		e->announced = 1;
	}
	return &e->pub;
}

unsigned dec_table_count(const struct dec_table *t)
{
	return t->n;
}

struct flow_decoder_exporter *dec_table_get(struct dec_table *t, unsigned i)
{
	return i < t->n ? &t->exp[i]->pub : NULL;
}

void flow_dec_addr_str(const struct sockaddr *from, socklen_t fromlen, char *buf,
		       size_t len)
{
	struct dec_key k;
	char a[INET6_ADDRSTRLEN];

	if (key_addr(&k, from, fromlen)) {
		snprintf(buf, len, "?");
		return;
	}
	if (k.family == AF_INET) {
		uint32_t v = htonl((uint32_t)k.ip.lo);

		inet_ntop(AF_INET, &v, a, sizeof(a));
	} else {
		inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)(const void *)from)->sin6_addr,
			  a, sizeof(a));
	}
	snprintf(buf, len, "%s", a);
}
