/*
 * aggr_key.c - -A field lists (cli.md §4.5) and building compact keys.
 *
 * Tokens, their key order (the table's, not the argument's), the auto
 * fmt tokens and every error text are Debian nfdump 1.7.1's.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "stat/aggr_int.h"
#include "util/banned.h"

enum tok_mask { TM_NONE, TM_V4, TM_V6 };

struct aggr_tok {
	const char *name;
	enum elem_field f;
	uint8_t size;		/* 16: an address */
	enum tok_mask mask;	/* srcip4/N etc. need a prefix length */
	uint8_t netbits;
	const char *fmt;
};

static const struct aggr_tok toks[] = {
	{ "srcip4", EF_SRCIP, 16, TM_V4, 0, "%sa" },
	{ "srcip6", EF_SRCIP, 16, TM_V6, 0, "%sa" },
	{ "srcnet", EF_SRCIP, 16, TM_NONE, 1, "%sn" },
	{ "dstnet", EF_DSTIP, 16, TM_NONE, 2, "%dn" },
	{ "srcip", EF_SRCIP, 16, TM_NONE, 0, "%sa" },
	{ "dstip", EF_DSTIP, 16, TM_NONE, 0, "%da" },
	{ "xsrcip", EF_XSRCIP, 16, TM_NONE, 0, "%xsa" },
	{ "xdstip", EF_XDSTIP, 16, TM_NONE, 0, "%xda" },
	{ "xsrcport", EF_XSRCPORT, 2, TM_NONE, 0, "%xsp" },
	{ "xdstport", EF_XDSTPORT, 2, TM_NONE, 0, "%xdp" },
	{ "dstip4", EF_DSTIP, 16, TM_V4, 0, "%da" },
	{ "dstip6", EF_DSTIP, 16, TM_V6, 0, "%da" },
	{ "next", EF_NHIP, 16, TM_NONE, 0, "%nh" },
	{ "bgpnext", EF_NHBIP, 16, TM_NONE, 0, "%nhb" },
	{ "router", EF_ROUTER, 16, TM_NONE, 0, "%ra" },
	{ "insrcmac", EF_INSRCMAC, 8, TM_NONE, 0, "%ismc" },
	{ "outdstmac", EF_OUTDSTMAC, 8, TM_NONE, 0, "%odmc" },
	{ "indstmac", EF_INDSTMAC, 8, TM_NONE, 0, "%idmc" },
	{ "outsrcmac", EF_OUTSRCMAC, 8, TM_NONE, 0, "%osmc" },
	{ "srcas", EF_SRCAS, 4, TM_NONE, 0, "%sas" },
	{ "dstas", EF_DSTAS, 4, TM_NONE, 0, "%das" },
	{ "nextas", EF_NEXTAS, 4, TM_NONE, 0, "%nas" },
	{ "prevas", EF_PREVAS, 4, TM_NONE, 0, "%pas" },
	{ "inif", EF_INIF, 4, TM_NONE, 0, "%in" },
	{ "outif", EF_OUTIF, 4, TM_NONE, 0, "%out" },
	{ "mpls1", EF_MPLS1, 4, TM_NONE, 0, "%mpls1" },
	{ "mpls2", EF_MPLS1 + 1, 4, TM_NONE, 0, "%mpls2" },
	{ "mpls3", EF_MPLS1 + 2, 4, TM_NONE, 0, "%mpls3" },
	{ "mpls4", EF_MPLS1 + 3, 4, TM_NONE, 0, "%mpls4" },
	{ "mpls5", EF_MPLS1 + 4, 4, TM_NONE, 0, "%mpls5" },
	{ "mpls6", EF_MPLS1 + 5, 4, TM_NONE, 0, "%mpls6" },
	{ "mpls7", EF_MPLS1 + 6, 4, TM_NONE, 0, "%mpls7" },
	{ "mpls8", EF_MPLS1 + 7, 4, TM_NONE, 0, "%mpls8" },
	{ "mpls9", EF_MPLS1 + 8, 4, TM_NONE, 0, "%mpls9" },
	{ "mpls10", EF_MPLS10, 4, TM_NONE, 0, "%mpls10" },
	{ "srcport", EF_SRCPORT, 2, TM_NONE, 0, "%sp" },
	{ "dstport", EF_DSTPORT, 2, TM_NONE, 0, "%dp" },
	{ "srcvlan", EF_SRCVLAN, 2, TM_NONE, 0, "%svln" },
	{ "dstvlan", EF_DSTVLAN, 2, TM_NONE, 0, "%dvln" },
	{ "srcmask", EF_SRCMASK, 1, TM_NONE, 0, "%smk" },
	{ "dstmask", EF_DSTMASK, 1, TM_NONE, 0, "%dmk" },
	{ "proto", EF_PROTO, 1, TM_NONE, 0, "%pr" },
	{ "tos", EF_TOS, 1, TM_NONE, 0, "%tos" },
	{ "srctos", EF_TOS, 1, TM_NONE, 0, "%stos" },
	{ "dsttos", EF_DSTTOS, 1, TM_NONE, 0, "%dtos" },
	{ "odid", EF_ODID, 4, TM_NONE, 0, "%odid" },
	{ "opid", EF_OPID, 8, TM_NONE, 0, "%opid" },
};
#define NTOKS (sizeof(toks) / sizeof(toks[0]))

/* x86 takes shift counts mod 64; nfdump's /N masks rely on it. */
static uint64_t ones_shl(int n)
{
	return ~0ULL << (n & 63);
}

static void layout(struct aggr_key *k)
{
	k->narrow_bytes = k->wide_bytes = 0;
	for (unsigned i = 0; i < k->n; i++) {
		k->narrow_bytes += k->fld[i].is_ip ? 4 : k->fld[i].size;
		k->wide_bytes += k->fld[i].is_ip ? 16 : k->fld[i].size;
	}
}

void aggr_key_5tuple(struct aggr_key *k)
{
	static const enum elem_field f[] = { EF_SRCIP, EF_DSTIP, EF_SRCPORT, EF_DSTPORT, EF_PROTO };
	static const uint8_t sz[] = { 16, 16, 2, 2, 1 };

	memset(k, 0, sizeof(*k));
	for (unsigned i = 0; i < 5; i++) {
		k->fld[i] = (struct aggr_field){ .f = f[i], .size = sz[i], .is_ip = sz[i] == 16,
						 .m0 = ~0ULL, .m1 = ~0ULL };
	}
	k->n = 5;
	layout(k);
}

/* "name/N": the prefix length and the masks it gives. */
static int parse_prefix(char *p, char *slash, uint64_t m[2], struct flow_err *err)
{
	int bits = atoi(slash + 1);
	char last;

	*slash = '\0';
	last = *p ? p[strlen(p) - 1] : '\0';
	if (last == '4') {
		if (bits < 1 || bits > 32)
			return flow_errorf(err, FLOW_EINVAL,
					   "Subnet mask length '%d' out of range for IPv4", bits);
		m[0] = ~0ULL;
		m[1] = ones_shl(32 - bits);
		return 0;
	}
	if (last == '6') {
		if (bits < 1 || bits > 128)	/* sic: 1.7.1 says IPv4 here too */
			return flow_errorf(err, FLOW_EINVAL,
					   "Subnet mask length '%d' out of range for IPv4", bits);
		m[0] = bits > 64 ? ~0ULL : ones_shl(64 - bits);
		m[1] = bits > 64 ? ones_shl(64 - bits) : 0;
		return 0;
	}
	*slash = '/';
	return flow_errorf(err, FLOW_EINVAL, "Need src4/dst4 or src6/dst6 for IPv4 or IPv6 to "
			   "aggregate with explicit netmask: '%s'", p);
}

static int add_token(struct aggr_key *k, char *p, uint8_t used[NTOKS], struct flow_err *err)
{
	char *slash = strchr(p, '/');
	uint64_t m[2] = { ~0ULL, ~0ULL };
	size_t i;

	if (slash && parse_prefix(p, slash, m, err) < 0)
		return -1;
	for (i = 0; i < NTOKS && strcasecmp(p, toks[i].name) != 0; i++)
		;
	if (i == NTOKS)
		return flow_errorf(err, FLOW_EINVAL, "Unknown aggregation field '%s'", p);
	if (used[i])
		return flow_errorf(err, FLOW_EINVAL, "Duplicate aggregation mask: %s", p);
	if (toks[i].mask != TM_NONE && !slash)
		return flow_errorf(err, FLOW_EINVAL, "'%s' needs number of subnet bits to aggregate", p);
	if (toks[i].mask == TM_NONE && slash)
		return flow_errorf(err, FLOW_EINVAL, "'%s' No subnet bits allowed here", p);
	used[i] = 1;
	size_t len = strlen(k->fmt);

	snprintf(k->fmt + len, sizeof(k->fmt) - len, "%s ", toks[i].fmt);
	/* stash the masks by token index until the key is laid out */
	k->fld[i].m0 = m[0];
	k->fld[i].m1 = m[1];
	return 0;
}

int aggr_key_parse(struct aggr_key *k, const char *arg, struct flow_err *err)
{
	char buf[256], *save = NULL;
	uint8_t used[NTOKS] = { 0 };
	struct aggr_field masks[NTOKS];

	memset(k, 0, sizeof(*k));
	snprintf(buf, sizeof(buf), "%s", arg);
	for (char *p = strtok_r(buf, ",", &save); p; p = strtok_r(NULL, ",", &save)) {
		if (add_token(k, p, used, err) < 0)
			return -1;
	}
	memcpy(masks, k->fld, sizeof(masks));
	for (size_t i = 0; i < NTOKS; i++) {
		if (!used[i])
			continue;
		k->fld[k->n++] = (struct aggr_field){
			.f = toks[i].f, .size = toks[i].size, .is_ip = toks[i].size == 16,
			.netbits = toks[i].netbits, .m0 = masks[i].m0, .m1 = masks[i].m1,
		};
	}
	if (k->n == 0)
		return flow_errorf(err, FLOW_EINVAL, "No aggregation specified!");
	layout(k);
	return 0;
}

/* srcnet/dstnet: the address masked with the record's own mask bits. */
static void netbits(const struct flow_record *r, enum elem_field f, struct elem_value *v)
{
	unsigned bits = f == EF_SRCIP ? r->misc.src_mask : r->misc.dst_mask;

	if (flow_has(r, EX_IPV6)) {
		if (bits > 64) {
			v->v1 &= ones_shl((int)(128 - bits));
		} else {
			v->v0 &= ones_shl((int)(64 - bits));
			v->v1 = 0;
		}
	} else {
		v->v1 &= (uint32_t)(0xffffffffu << ((32 - bits) & 31));
	}
}

static enum elem_field partner(enum elem_field f)
{
	switch (f) {
	case EF_SRCIP: return EF_DSTIP;
	case EF_DSTIP: return EF_SRCIP;
	case EF_SRCPORT: return EF_DSTPORT;
	case EF_DSTPORT: return EF_SRCPORT;
	default: return f;
	}
}

/* The value a field has in the key (MPLS: nfdump's shifted label bits). */
static void field_value(const struct aggr_field *a, const struct flow_record *r, int swap,
			struct elem_value *v)
{
	enum elem_field f = swap ? partner(a->f) : a->f;

	elem_field(r, f, v);
	if (a->netbits)
		netbits(r, f, v);
	if (a->is_ip) {
		v->v0 &= a->m0;
		v->v1 &= a->m1;
	} else if (f >= EF_MPLS1 && f <= EF_MPLS10) {
		v->v1 >>= ((f - EF_MPLS1) & 1) ? 36 : 4;
	}
}

int aggr_key_build(const struct aggr_key *k, const struct flow_record *r, int swap,
		   uint8_t *buf)
{
	struct elem_value v[AGGR_MAX_FIELDS];
	int wide = 0;
	uint8_t *p = buf;

	for (unsigned i = 0; i < k->n; i++) {
		field_value(&k->fld[i], r, swap, &v[i]);
		if (k->fld[i].is_ip && (v[i].v0 || v[i].v1 > UINT32_MAX))
			wide = 1;
	}
	memset(buf, 0, wide ? k->wide_bytes : k->narrow_bytes);
	for (unsigned i = 0; i < k->n; i++) {
		if (k->fld[i].is_ip && wide) {
			memcpy(p, &v[i].v0, 8);
			memcpy(p + 8, &v[i].v1, 8);
			p += 16;
		} else {
			/* little-endian low bytes, as nfdump stores a sized value */
			size_t n = k->fld[i].is_ip ? 4 : k->fld[i].size;
			uint64_t x = v[i].v1;

			for (size_t b = 0; b < n; b++)
				p[b] = (uint8_t)(x >> (8 * b));
			p += n;
		}
	}
	return wide;
}

static void set_ip(int v6, struct flow_ip6 *a6, uint32_t *a4, const struct elem_value *v)
{
	if (v6) {
		a6->hi = v->v0;
		a6->lo = v->v1;
	} else {
		*a4 = (uint32_t)v->v1;
	}
}

/* v6: bit n set = the first record's address of kind n was IPv6. */
static void set_field(struct flow_record *o, enum elem_field f, const struct elem_value *v,
		      int v6)
{
	switch (f) {
	case EF_SRCIP: set_ip(v6 & 1, &o->ipv6.src, &o->ipv4.src, v); return;
	case EF_DSTIP: set_ip(v6 & 1, &o->ipv6.dst, &o->ipv4.dst, v); return;
	case EF_NHIP: set_ip(v6 & 2, &o->ip_nh6.addr, &o->ip_nh4.addr, v); return;
	case EF_NHBIP: set_ip(v6 & 4, &o->bgp_nh6.addr, &o->bgp_nh4.addr, v); return;
	case EF_ROUTER: set_ip(v6 & 8, &o->recv6.addr, &o->recv4.addr, v); return;
	case EF_XSRCIP: set_ip(v6 & 16, &o->nat_xlate6.src, &o->nat_xlate4.src, v); return;
	case EF_XDSTIP: set_ip(v6 & 16, &o->nat_xlate6.dst, &o->nat_xlate4.dst, v); return;
	case EF_SRCPORT: o->generic.src_port = (uint16_t)v->v1; return;
	case EF_DSTPORT: o->generic.dst_port = (uint16_t)v->v1; return;
	case EF_PROTO: o->generic.proto = (uint8_t)v->v1; return;
	case EF_TOS: o->generic.src_tos = (uint8_t)v->v1; return;
	case EF_DSTTOS: o->misc.dst_tos = (uint8_t)v->v1; return;
	case EF_SRCAS: o->as.src_as = (uint32_t)v->v1; return;
	case EF_DSTAS: o->as.dst_as = (uint32_t)v->v1; return;
	case EF_PREVAS: o->as_adj.prev_as = (uint32_t)v->v1; return;
	case EF_NEXTAS: o->as_adj.next_as = (uint32_t)v->v1; return;
	case EF_INIF: o->misc.input = (uint32_t)v->v1; return;
	case EF_OUTIF: o->misc.output = (uint32_t)v->v1; return;
	case EF_SRCMASK: o->misc.src_mask = (uint8_t)v->v1; return;
	case EF_DSTMASK: o->misc.dst_mask = (uint8_t)v->v1; return;
	case EF_SRCVLAN: o->vlan.src_vlan = (uint32_t)v->v1; return;
	case EF_DSTVLAN: o->vlan.dst_vlan = (uint32_t)v->v1; return;
	/* the printers show MACs only of records that carry the element */
	case EF_INSRCMAC: o->mac.in_src = v->v1; o->present |= 1ULL << EX_MAC; return;
	case EF_OUTDSTMAC: o->mac.out_dst = v->v1; o->present |= 1ULL << EX_MAC; return;
	case EF_INDSTMAC: o->mac.in_dst = v->v1; o->present |= 1ULL << EX_MAC; return;
	case EF_OUTSRCMAC: o->mac.out_src = v->v1; o->present |= 1ULL << EX_MAC; return;
	case EF_XSRCPORT: o->nat_xlate_port.src = (uint16_t)v->v1; return;
	case EF_XDSTPORT: o->nat_xlate_port.dst = (uint16_t)v->v1; return;
	case EF_ODID: o->observation.domain_id = (uint32_t)v->v1; return;
	case EF_OPID: o->observation.point_id = v->v1; return;
	default:
		if (f >= EF_MPLS1 && f <= EF_MPLS10)
			o->mpls.label[f - EF_MPLS1] = (uint32_t)(v->v1 << 4);
		return;
	}
}

void aggr_key_apply(const struct aggr_key *k, const uint8_t *key, int wide, int v6,
		    struct flow_record *out)
{
	const uint8_t *p = key;

	for (unsigned i = 0; i < k->n; i++) {
		struct elem_value v = { 0, 0 };

		if (k->fld[i].is_ip && wide) {
			memcpy(&v.v0, p, 8);
			memcpy(&v.v1, p + 8, 8);
			p += 16;
		} else {
			size_t n = k->fld[i].is_ip ? 4 : k->fld[i].size;

			for (size_t b = 0; b < n; b++)
				v.v1 |= (uint64_t)p[b] << (8 * b);
			p += n;
		}
		set_field(out, k->fld[i].f, &v, v6);
	}
}

void aggr_key_mask_addrs(const struct aggr_key *k, struct flow_record *r)
{
	for (unsigned i = 0; i < k->n; i++) {
		const struct aggr_field *a = &k->fld[i];
		struct elem_value v;

		if (a->f != EF_SRCIP && a->f != EF_DSTIP)
			continue;
		field_value(a, r, 0, &v);
		set_field(r, a->f, &v, flow_has(r, EX_IPV6));
	}
}
