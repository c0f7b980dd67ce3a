/*
 * match.c - evaluate and print a compiled filter.  Matching reads only
 * the const node array and the record; it allocates nothing.
 */
#include <ctype.h>
#include <stddef.h>
#include <string.h>

#include "filter/filter_int.h"
#include "util/alloc.h"

long flt_node(struct flow_filter *f, const struct fnode *n)
{
	if (f->n == f->cap) {
		size_t ncap = f->cap ? f->cap * 2 : 16;
		struct fnode *v = flow_realloc(f->nodes, ncap * sizeof(*v));

		if (!v)
			return -1;
		f->nodes = v;
		f->cap = ncap;
	}
	f->nodes[f->n] = *n;
	return (long)f->n++;
}

long flt_bin(struct flow_filter *f, enum fnode_kind k, long a, long b)
{
	struct fnode n = { .kind = k, .a = (uint32_t)a, .b = (uint32_t)b };

	if (a < 0 || b < 0)
		return -1;
	return flt_node(f, &n);
}

static struct flow_ip6 address(const struct flow_record *r, enum faddr which)
{
	switch (which) {
	case FA_SRC:
		return flow_has(r, EX_IPV6) ? r->ipv6.src : flt_v4(r->ipv4.src);
	case FA_DST:
		return flow_has(r, EX_IPV6) ? r->ipv6.dst : flt_v4(r->ipv4.dst);
	case FA_NEXTHOP:
		return flow_has(r, EX_IP_NH6) ? r->ip_nh6.addr : flt_v4(r->ip_nh4.addr);
	case FA_BGPNH:
		return flow_has(r, EX_BGP_NH6) ? r->bgp_nh6.addr : flt_v4(r->bgp_nh4.addr);
	case FA_XSRC:
		return flow_has(r, EX_NAT_XLATE6) ? r->nat_xlate6.src : flt_v4(r->nat_xlate4.src);
	case FA_XDST:
		return flow_has(r, EX_NAT_XLATE6) ? r->nat_xlate6.dst : flt_v4(r->nat_xlate4.dst);
	case FA_TUNSRC:
		return flow_has(r, EX_TUN6) ? r->tun6.src : flt_v4(r->tun4.src);
	case FA_TUNDST:
		return flow_has(r, EX_TUN6) ? r->tun6.dst : flt_v4(r->tun4.dst);
	default:
		return flow_has(r, EX_RECV6) ? r->recv6.addr : flt_v4(r->recv4.addr);
	}
}

/*
 * 1.7.1 compares the bottom-of-stack label; without one it compares
 * 0xff000000 >> 4, so `mpls eos > N` is true on a record without labels.
 */
static uint64_t mpls_eos(const struct flow_record *r)
{
	for (int i = 0; i < 10; i++)
		if (r->mpls.label[i] & 1)
			return (r->mpls.label[i] >> 4) & 0xfffff;
	return 0xff00000;
}

static uint64_t func(const struct flow_record *r, enum ffunc fn, const struct flow_filter_ctx *ctx)
{
	switch (fn) {
	case FF_DURATION: case FF_PPS: case FF_BPS: case FF_BPP:
		return flt_func_generic(&r->generic, fn);
	case FF_COUNT: return ctx ? ctx->count : 0;
	/* 1.7.1 expands both elements into one event byte; the later wins */
	case FF_EVENT: return flow_has(r, EX_NAT_COMMON) ? r->nat_common.event :
			      r->nsel_common.fw_event;
	case FF_MPLS_EOS: return mpls_eos(r);
	case FF_TUNPROTO: return flow_has(r, EX_TUN6) ? r->tun6.proto : r->tun4.proto;
	default: return r->cnt.flows ? r->cnt.flows : 1;	/* 1.7.1: 0 or missing = 1 */
	}
}

/* The first n bytes of a NUL-padded field, up to its NUL. */
static size_t cstr_len(const uint8_t *p, size_t n)
{
	const uint8_t *z = p ? memchr(p, 0, n) : NULL;

	return p ? (z ? (size_t)(z - p) : n) : 0;
}

/* strncasecmp(a, b, lim) == 0 for counted strings. */
static int same_caseless(const uint8_t *a, size_t la, const char *b, size_t lb, size_t lim)
{
	for (size_t i = 0; i < lim; i++) {
		int ca = i < la ? a[i] : 0, cb = i < lb ? (unsigned char)b[i] : 0;

		if (tolower(ca) != tolower(cb))
			return 0;
		if (!ca)
			return 1;
	}
	return 1;
}

static int memfind(const uint8_t *h, size_t hl, const char *w, size_t wl)
{
	for (size_t i = 0; wl && h && i + wl <= hl; i++)
		if (memcmp(h + i, w, wl) == 0)
			return 1;
	return 0;
}

static int str_test(const struct fnode *n, const char *w, const struct flow_record *r,
		    const struct flow_filter_ctx *ctx)
{
	const uint8_t *p;
	size_t len;

	switch ((enum fstr)n->val) {
	case FS_IDENT:
		/* 1.7.1: strncmp against the file's ident; false without one */
		if (!ctx || !ctx->ident)
			return 0;
		return strlen(ctx->ident) == n->b && memcmp(ctx->ident, w, n->b) == 0;
	case FS_LABEL:
		/* 1.7.1: strncasecmp(label, word, 16); false without a label */
		if (!flow_has(r, EX_LABEL) || !r->label.ptr)
			return 0;
		len = cstr_len(r->label.ptr, r->label.len);
		return same_caseless(r->label.ptr, len, w, n->b, 16);
	case FS_USER:
		p = (const uint8_t *)r->nsel_user.username;
		len = cstr_len(p, sizeof(r->nsel_user.username));
		return len == n->b && memcmp(p, w, len) == 0;
	default:
		return memfind(r->in_payload.ptr, r->in_payload.len, w, n->b);
	}
}

static int eval(const struct flow_filter *f, uint32_t i, const struct flow_record *r,
		const struct flow_filter_ctx *ctx);

/* One test (a node that is not and/or/not). */
static inline __attribute__((always_inline)) int
test(const struct flow_filter *f, const struct fnode *n, const struct flow_record *r,
     const struct flow_filter_ctx *ctx)
{
	uint64_t v;

	switch (n->kind) {
	case FN_ADDR:
		return flt_in_net(address(r, (enum faddr)n->a), &n->net);
	case FN_ALIST: {
		struct flow_ip6 a = address(r, (enum faddr)n->val);

		for (uint32_t k = 0; k < n->b; k++)
			if (flt_in_net(a, &f->nets[n->a + k]))
				return 1;
		return 0;
	}
	case FN_V6: return flow_has(r, EX_IPV6);
	case FN_FUNC: return flt_compare(func(r, (enum ffunc)n->a, ctx), n->cmp, n->val);
	case FN_PBLOCK:
		v = flt_field((const uint8_t *)r, n->off, 2);
		return v >= r->nat_port_block.start && v <= r->nat_port_block.end;
	case FN_STR: return str_test(n, f->strs + n->a, r, ctx);
	default: return flt_test_at(f, n, (const uint8_t *)r);
	}
}

static int eval(const struct flow_filter *f, uint32_t i, const struct flow_record *r,
		const struct flow_filter_ctx *ctx)
{
	const struct fnode *n = &f->nodes[i];

	switch (n->kind) {
	case FN_AND: return eval(f, n->a, r, ctx) && eval(f, n->b, r, ctx);
	case FN_OR: return eval(f, n->a, r, ctx) || eval(f, n->b, r, ctx);
	case FN_NOT: return !eval(f, n->a, r, ctx);
	default: return test(f, n, r, ctx);
	}
}

static int run(const struct flow_filter *f, const struct flow_record *r,
	       const struct flow_filter_ctx *ctx)
{
	int32_t i = f->entry;

	while (i >= 0) {
		const struct fstep *s = &f->steps[i];

		i = test(f, &s->n, r, ctx) ? s->jt : s->jf;
	}
	return i == FSTEP_TRUE;
}

/*
 * Node i as steps: its tests, in the tree's order, jumping to t when it
 * is true and to fl when false.  b is laid out before a so that a's
 * jumps can name b's first step.
 */
static int32_t flatten(struct flow_filter *f, uint32_t i, int32_t t, int32_t fl)
{
	const struct fnode *n = &f->nodes[i];

	switch (n->kind) {
	case FN_TRUE: return t;
	case FN_FALSE: return fl;
	case FN_AND: return flatten(f, n->a, flatten(f, n->b, t, fl), fl);
	case FN_OR: return flatten(f, n->a, t, flatten(f, n->b, t, fl));
	case FN_NOT: return flatten(f, n->a, fl, t);
	default:
		f->steps[f->nsteps] = (struct fstep){ .n = *n, .jt = t, .jf = fl };
		return (int32_t)f->nsteps++;
	}
}

static void make_steps(struct flow_filter *f)
{
	/* each node becomes at most one step: the tree is a tree */
	f->steps = flow_calloc(f->n ? f->n : 1, sizeof(*f->steps));
	f->nsteps = 0;
	if (f->steps)
		f->entry = f->n ? flatten(f, f->root, FSTEP_TRUE, FSTEP_FALSE) : FSTEP_TRUE;
}

/*
 * A field compared for equality as a whole is most of what real filters
 * test (ports, protocols, interfaces); those nodes lose their generic
 * switches, and "port N" (src or dst) becomes one node.  Measured on the
 * 21 zone1 channel filters: eval went from 39 % of a profiling pass to
 * well under half of that (bench_sen.sh).
 */
void flt_optimize(struct flow_filter *f)
{
	static const enum fnode_kind eq[9] = { [1] = FN_EQ8, [2] = FN_EQ16, [4] = FN_EQ32,
					       [8] = FN_EQ64 };
	size_t i;

	for (i = 0; i < f->n; i++) {
		struct fnode *n = &f->nodes[i];
		uint64_t whole = n->size >= 8 ? ~0ULL : (1ULL << (8 * n->size)) - 1;

		if (n->kind == FN_FIELD && n->cmp == CMP_EQ && n->shift == 0 &&
		    (n->vmask & whole) == whole && n->size <= 8 && eq[n->size] && n->val <= whole)
			n->kind = eq[n->size];
	}
	for (i = 0; i < f->n; i++) {
		struct fnode *n = &f->nodes[i];
		const struct fnode *a, *b;

		if (n->kind != FN_OR)
			continue;
		a = &f->nodes[n->a];
		b = &f->nodes[n->b];
		if (a->kind == FN_EQ16 && b->kind == FN_EQ16 && a->val == b->val) {
			uint16_t off = a->off, off2 = b->off;
			uint64_t val = a->val;

			n->kind = FN_EQ16_2;
			n->off = off;
			n->val = val;
			n->val2 = off2;
		}
	}
	make_steps(f);
}

int flt_element_of(unsigned off)
{
	if (off < offsetof(struct flow_record, generic))
		return 0;
	for (unsigned id = 1; id < EX_MAX; id++) {
		const struct flow_ext_info *info = flow_ext_info(id);

		if (info && info->size && off >= info->offset && off < info->offset + info->size)
			return (int)id;
	}
	return -1;
}

/* The element whose member holds byte off (the V3 header: none, always decoded). */
static uint64_t element_at(unsigned off)
{
	int id = flt_element_of(off);

	return id > 0 ? 1ULL << id : id == 0 ? 0 : ~0ULL;
}

#define BIT(id) (1ULL << (id))

static uint64_t address_elements(enum faddr a)
{
	static const uint64_t of[] = {
		[FA_SRC] = BIT(EX_IPV4) | BIT(EX_IPV6),
		[FA_DST] = BIT(EX_IPV4) | BIT(EX_IPV6),
		[FA_NEXTHOP] = BIT(EX_IP_NH4) | BIT(EX_IP_NH6),
		[FA_BGPNH] = BIT(EX_BGP_NH4) | BIT(EX_BGP_NH6),
		[FA_ROUTER] = BIT(EX_RECV4) | BIT(EX_RECV6),
		[FA_XSRC] = BIT(EX_NAT_XLATE4) | BIT(EX_NAT_XLATE6),
		[FA_XDST] = BIT(EX_NAT_XLATE4) | BIT(EX_NAT_XLATE6),
		[FA_TUNSRC] = BIT(EX_TUN4) | BIT(EX_TUN6),
		[FA_TUNDST] = BIT(EX_TUN4) | BIT(EX_TUN6),
	};

	return (unsigned)a < sizeof(of) / sizeof(of[0]) ? of[a] : ~0ULL;
}

static uint64_t func_elements(enum ffunc fn)
{
	switch (fn) {
	case FF_COUNT: return 0;
	case FF_EVENT: return BIT(EX_NAT_COMMON) | BIT(EX_NSEL_COMMON);
	case FF_MPLS_EOS: return BIT(EX_MPLS);
	case FF_TUNPROTO: return BIT(EX_TUN4) | BIT(EX_TUN6);
	case FF_FLOWS: return BIT(EX_CNT);
	default: return BIT(EX_GENERIC);
	}
}

static uint64_t node_elements(const struct fnode *n)
{
	static const uint64_t str_of[] = {
		[FS_IDENT] = 0, [FS_LABEL] = BIT(EX_LABEL), [FS_USER] = BIT(EX_NSEL_USER),
		[FS_PAYLOAD] = BIT(EX_IN_PAYLOAD),
	};

	switch (n->kind) {
	case FN_TRUE: case FN_FALSE: case FN_AND: case FN_OR: case FN_NOT:
		return 0;
	case FN_ADDR: return address_elements((enum faddr)n->a);
	case FN_ALIST: return address_elements((enum faddr)n->val);
	case FN_V6: return BIT(EX_IPV6);
	case FN_FUNC: return func_elements((enum ffunc)n->a);
	case FN_STR: return n->val < 4 ? str_of[n->val] : ~0ULL;
	case FN_PBLOCK: return element_at(n->off) | BIT(EX_NAT_PORT_BLOCK);
	case FN_EQ16_2: return element_at(n->off) | element_at((unsigned)n->val2);
	default: return element_at(n->off);
	}
}

uint64_t flow_filter_elements(const struct flow_filter *f)
{
	uint64_t m = 0;

	if (!f)
		return 0;
	for (size_t i = 0; i < f->n; i++)
		m |= node_elements(&f->nodes[i]);
	return m;
}

int flow_filter_match_ctx(const struct flow_filter *f, const struct flow_record *r,
			  const struct flow_filter_ctx *ctx)
{
	if (!f || !f->n)
		return 1;
	if (f->steps)
		return run(f, r, ctx);
	return eval(f, f->root, r, ctx);
}

int flow_filter_match(const struct flow_filter *f, const struct flow_record *r)
{
	return flow_filter_match_ctx(f, r, NULL);
}

unsigned flow_filter_needs(const struct flow_filter *f)
{
	return f ? f->needs : 0;
}

static const char *const kind_names[] = {
	"true", "false", "and", "or", "not", "field", "flags", "list",
	"addr", "addrlist", "ipv6", "func", "proto2", "eq8", "eq16", "eq32", "eq64", "eq16x2",
	"field-be32", "in-pblock", "string",
};
static const char *const cmp_names[] = { "==", ">", "<", ">=", "<=" };
static const char *const addr_names[] = { "src", "dst", "nexthop", "bgpnexthop", "router",
					  "xlate-src", "xlate-dst", "tun-src", "tun-dst" };
static const char *const func_names[] = { "duration", "pps", "bps", "bpp", "flows", "count",
					  "event", "mpls-eos", "tun-proto" };
static const char *const str_names[] = { "ident", "flowlabel", "asa-user", "payload" };

void flow_filter_dump(const struct flow_filter *f, FILE *fp)
{
	if (!f || !f->n) {
		fprintf(fp, "0: true (empty filter)\n");
		return;
	}
	fprintf(fp, "root %u\n", f->root);
	for (size_t i = 0; i < f->n; i++) {
		const struct fnode *n = &f->nodes[i];

		fprintf(fp, "%zu: %s", i, kind_names[n->kind]);
		switch (n->kind) {
		case FN_AND: case FN_OR: fprintf(fp, " %u %u", n->a, n->b); break;
		case FN_NOT: fprintf(fp, " %u", n->a); break;
		case FN_FIELD_BE32:
			fprintf(fp, " off %u network-order %s %llu", n->off, cmp_names[n->cmp],
				(unsigned long long)n->val);
			break;
		case FN_PBLOCK:
			fprintf(fp, " off %u", n->off);
			break;
		case FN_STR:
			fprintf(fp, " %s '%.*s'", str_names[n->val], (int)n->b, f->strs + n->a);
			break;
		case FN_FIELD:
			fprintf(fp, " off %u size %u >>%u &0x%llx %s %llu", n->off, n->size, n->shift,
				(unsigned long long)n->vmask, cmp_names[n->cmp], (unsigned long long)n->val);
			break;
		case FN_FLAGS:
			fprintf(fp, " off %u all of 0x%llx", n->off, (unsigned long long)n->val);
			break;
		case FN_LIST:
			fprintf(fp, " off %u size %u in", n->off, n->size);
			for (uint32_t k = 0; k < n->b; k++)
				fprintf(fp, " %llu", (unsigned long long)f->u64[n->a + k]);
			break;
		case FN_ADDR:
			fprintf(fp, " %s & %016llx%016llx == %016llx%016llx", addr_names[n->a],
				(unsigned long long)n->net.mask.hi, (unsigned long long)n->net.mask.lo,
				(unsigned long long)n->net.addr.hi, (unsigned long long)n->net.addr.lo);
			break;
		case FN_ALIST:
			fprintf(fp, " %s in %u nets", addr_names[n->val], n->b);
			break;
		case FN_FUNC:
			fprintf(fp, " %s %s %llu", func_names[n->a], cmp_names[n->cmp],
				(unsigned long long)n->val);
			break;
		case FN_PROTO2:
			fprintf(fp, " proto %llu or %llu", (unsigned long long)n->val,
				(unsigned long long)n->val2);
			break;
		case FN_EQ8: case FN_EQ16: case FN_EQ32: case FN_EQ64:
			fprintf(fp, " off %u == %llu", n->off, (unsigned long long)n->val);
			break;
		case FN_EQ16_2:
			fprintf(fp, " off %u or %llu == %llu", n->off, (unsigned long long)n->val2,
				(unsigned long long)n->val);
			break;
		default: break;
		}
		fputc('\n', fp);
	}
}

void flow_filter_free(struct flow_filter *f)
{
	if (!f)
		return;
	flow_free(f->steps);
	flow_free(f->nodes);
	flow_free(f->u64);
	flow_free(f->nets);
	flow_free(f->strs);
	flow_free(f);
}
