/*
 * raw.c - a filter planned for one record shape and matched on the
 * record where it lies (see flow_filter_raw_new in filter.h).
 *
 * A filtered scan decoded each record into struct flow_record only to
 * test two or three of its fields, and most records fail: the decode
 * cost more than the test.  Within one shape every element sits at the
 * same offset in every record and its bytes are those of its member (a
 * plain copy, v3_shape.c), so each test's member offset becomes a
 * record offset once per shape.  A test of an element the shape lacks
 * reads a cleared member: its result is fixed for the shape, and the
 * steps that lead to it jump past it.
 */
#include <stddef.h>

#include "filter/filter_int.h"
#include "util/alloc.h"
#include "util/banned.h"

struct flow_filter_raw {
	const struct flow_filter *f;	/* its lists (u64, nets) */
	struct fstep *steps;
	int32_t entry;
};

/* Steps whose result the shape fixes: run once, never at match time. */
#define STEP_FIXED_TRUE (-3)
#define STEP_FIXED_FALSE (-4)

/* Record offset of member bytes [off, off + size) of the shape, or -1. */
static long relocate(const struct flow_shape_view *v, unsigned off, unsigned size,
		     int *absent)
{
	int id = flt_element_of(off);
	const struct flow_ext_info *info;

	*absent = 0;
	if (id <= 0)
		return -1;	/* the V3 header or no element: not planned */
	if (!((v->present >> id) & 1)) {
		*absent = 1;	/* the decoded record has it cleared */
		return -1;
	}
	info = flow_ext_info((unsigned)id);
	if (off + size > (unsigned)info->offset + info->data_len)
		return -1;
	return (long)v->data_off[id] + (long)(off - info->offset);
}

/* The elements holding each address, and where in them it is. */
struct addr_at {
	uint8_t id4, id6;
	uint16_t off4, off6;	/* member offsets in struct flow_record */
};

#define AT(a4, a6, m4, m6) { a4, a6, offsetof(struct flow_record, m4), \
			     offsetof(struct flow_record, m6) }
static const struct addr_at addr_at[] = {
	[FA_SRC] = AT(EX_IPV4, EX_IPV6, ipv4.src, ipv6.src),
	[FA_DST] = AT(EX_IPV4, EX_IPV6, ipv4.dst, ipv6.dst),
	[FA_NEXTHOP] = AT(EX_IP_NH4, EX_IP_NH6, ip_nh4.addr, ip_nh6.addr),
	[FA_BGPNH] = AT(EX_BGP_NH4, EX_BGP_NH6, bgp_nh4.addr, bgp_nh6.addr),
	[FA_ROUTER] = AT(EX_RECV4, EX_RECV6, recv4.addr, recv6.addr),
	[FA_XSRC] = AT(EX_NAT_XLATE4, EX_NAT_XLATE6, nat_xlate4.src, nat_xlate6.src),
	[FA_XDST] = AT(EX_NAT_XLATE4, EX_NAT_XLATE6, nat_xlate4.dst, nat_xlate6.dst),
	[FA_TUNSRC] = AT(EX_TUN4, EX_TUN6, tun4.src, tun6.src),
	[FA_TUNDST] = AT(EX_TUN4, EX_TUN6, tun4.dst, tun6.dst),
};
#undef AT

/* A record of the shape with nothing in it, for tests whose result it fixes. */
static const struct flow_record nothing;

static int fixed(const struct flow_filter *f, const struct fnode *n)
{
	struct flow_filter one = *f;
	struct fstep s = { .n = *n, .jt = FSTEP_TRUE, .jf = FSTEP_FALSE };

	one.steps = &s;
	one.nsteps = 1;
	one.entry = 0;
	return flow_filter_match(&one, &nothing) ? STEP_FIXED_TRUE : STEP_FIXED_FALSE;
}

/*
 * An address test: the v6 element when the shape has it (the decoded
 * record reads v6 then), else the v4 one, else the fixed result.
 */
static int plan_addr(const struct flow_filter *f, struct fnode *n, enum faddr which,
		     const struct flow_shape_view *v)
{
	const struct addr_at *at;
	int absent, v6;
	long off;

	if ((unsigned)which >= sizeof(addr_at) / sizeof(addr_at[0]))
		return -1;
	at = &addr_at[which];
	v6 = (v->present >> at->id6) & 1;
	off = v6 ? relocate(v, at->off6, 16, &absent) : relocate(v, at->off4, 4, &absent);
	if (off < 0)
		return absent ? fixed(f, n) : -1;
	if (n->kind == FN_ADDR)
		n->kind = v6 ? FN_ADDR6 : FN_ADDR4;
	else
		n->kind = v6 ? FN_ALIST6 : FN_ALIST4;
	n->off = (uint16_t)off;
	return 0;
}

/* n for the shape: 0 planned, -1 not plannable, or a STEP_FIXED_ result. */
static int plan_node(const struct flow_filter *f, struct fnode *n,
		     const struct flow_shape_view *v)
{
	int absent, absent2;
	long off, off2;

	switch (n->kind) {
	case FN_TRUE: return STEP_FIXED_TRUE;
	case FN_FALSE: return STEP_FIXED_FALSE;
	case FN_V6: return (v->present >> EX_IPV6) & 1 ? STEP_FIXED_TRUE : STEP_FIXED_FALSE;
	case FN_ADDR: return plan_addr(f, n, (enum faddr)n->a, v);
	case FN_ALIST: return plan_addr(f, n, (enum faddr)n->val, v);
	case FN_FUNC:
		if (n->a != FF_DURATION && n->a != FF_PPS && n->a != FF_BPS && n->a != FF_BPP)
			return -1;
		off = relocate(v, offsetof(struct flow_record, generic),
			       sizeof(struct ex_generic), &absent);
		if (off < 0)
			return absent ? fixed(f, n) : -1;
		n->kind = FN_FUNC_G;
		n->off = (uint16_t)off;
		return 0;
	case FN_FIELD: case FN_FLAGS: case FN_LIST: case FN_FIELD_BE32: case FN_PROTO2:
	case FN_EQ8: case FN_EQ16: case FN_EQ32: case FN_EQ64:
		off = relocate(v, n->off, n->size, &absent);
		if (off < 0)
			return absent ? fixed(f, n) : -1;
		n->off = (uint16_t)off;
		return 0;
	case FN_EQ16_2:
		off = relocate(v, n->off, 2, &absent);
		off2 = relocate(v, (unsigned)n->val2, 2, &absent2);
		if (off < 0 || off2 < 0)
			return -1;	/* both ports live in one element */
		n->off = (uint16_t)off;
		n->val2 = (uint64_t)off2;
		return 0;
	default:
		return -1;	/* strings, port blocks, counts: decode */
	}
}

/* Where a jump to i really goes: past steps the shape fixes. */
static int32_t follow(const struct fstep *s, const int8_t *fix, int32_t i)
{
	while (i >= 0 && fix[i])
		i = fix[i] > 0 ? s[i].jt : s[i].jf;
	return i;
}

struct flow_filter_raw *flow_filter_raw_new(const struct flow_filter *f,
					    const struct flow_shape_view *v)
{
	struct flow_filter_raw *rf;
	int8_t *fix;

	if (!f || !f->steps || !f->nsteps)
		return NULL;
	rf = flow_calloc(1, sizeof(*rf));
	fix = flow_calloc(f->nsteps, 1);
	if (rf)
		rf->steps = flow_calloc(f->nsteps, sizeof(*rf->steps));
	if (!rf || !fix || !rf->steps)
		goto fail;
	rf->f = f;
	for (size_t i = 0; i < f->nsteps; i++) {
		int rc;

		rf->steps[i] = f->steps[i];
		rc = plan_node(f, &rf->steps[i].n, v);
		if (rc == -1)
			goto fail;
		fix[i] = rc == STEP_FIXED_TRUE ? 1 : rc == STEP_FIXED_FALSE ? -1 : 0;
	}
	for (size_t i = 0; i < f->nsteps; i++) {
		rf->steps[i].jt = follow(f->steps, fix, f->steps[i].jt);
		rf->steps[i].jf = follow(f->steps, fix, f->steps[i].jf);
	}
	rf->entry = follow(f->steps, fix, f->entry);
	flow_free(fix);
	return rf;
fail:
	flow_free(fix);
	flow_filter_raw_free(rf);
	return NULL;
}

int flow_filter_raw_possible(const struct flow_filter *f)
{
	/* every element there: what fails then is the filter, not a shape */
	struct flow_shape_view all = { .present = ~0ULL };
	struct flow_filter_raw *rf = flow_filter_raw_new(f, &all);

	flow_filter_raw_free(rf);
	return rf != NULL;
}

static inline struct flow_ip6 ip6_at(const uint8_t *p)
{
	struct flow_ip6 a;

	memcpy(&a, p, sizeof(a));
	return a;
}

static inline __attribute__((always_inline)) int
test_raw(const struct flow_filter *f, const struct fnode *n, const uint8_t *p)
{
	switch (n->kind) {
	case FN_ADDR4: return flt_in_net(flt_v4((uint32_t)flt_field(p, n->off, 4)), &n->net);
	case FN_ADDR6: return flt_in_net(ip6_at(p + n->off), &n->net);
	case FN_ALIST4: case FN_ALIST6: {
		struct flow_ip6 a = n->kind == FN_ALIST6 ? ip6_at(p + n->off) :
				    flt_v4((uint32_t)flt_field(p, n->off, 4));

		for (uint32_t k = 0; k < n->b; k++)
			if (flt_in_net(a, &f->nets[n->a + k]))
				return 1;
		return 0;
	}
	case FN_FUNC_G: {
		struct ex_generic g;

		memcpy(&g, p + n->off, sizeof(g));
		return flt_compare(flt_func_generic(&g, (enum ffunc)n->a), n->cmp, n->val);
	}
	default: return flt_test_at(f, n, p);
	}
}

int flow_filter_raw_match(const struct flow_filter_raw *rf, const uint8_t *rec)
{
	int32_t i = rf->entry;

	while (i >= 0) {
		const struct fstep *s = &rf->steps[i];

		i = test_raw(rf->f, &s->n, rec) ? s->jt : s->jf;
	}
	return i == FSTEP_TRUE;
}

void flow_filter_raw_free(struct flow_filter_raw *rf)
{
	if (!rf)
		return;
	flow_free(rf->steps);
	flow_free(rf);
}
