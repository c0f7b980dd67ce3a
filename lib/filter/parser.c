/*
 * parser.c - recursive-descent parser for the filter grammar (cli.md
 * §2.2): or < and < not, left-associative, building nodes directly into
 * the struct flow_filter being compiled.  Every function returns a node
 * index, or -1 with ps->rc and the error text set.
 */
#include <string.h>
#include <strings.h>

#include "filter/filter_int.h"
#include "util/alloc.h"

#define MAX_DEPTH 200

const struct ftok *ps_peek(const struct pstate *ps, size_t k)
{
	size_t i = ps->i + k;

	return &ps->t->v[i < ps->t->n ? i : ps->t->n - 1];
}

const struct ftok *ps_next(struct pstate *ps)
{
	const struct ftok *t = ps_peek(ps, 0);

	if (t->kind != TK_END)
		ps->i++;
	return t;
}

int ps_is_kw(const struct ftok *t, const char *kw)
{
	return t->kind == TK_WORD && !t->quoted && strlen(kw) == t->len &&
	       strncasecmp(t->s, kw, t->len) == 0;
}

long ps_fail(struct pstate *ps, const struct ftok *t, const char *msg)
{
	if (ps->rc)
		return -1;
	ps->rc = FLOW_EINVAL;
	if (t->kind == TK_END)
		flow_errorf(ps->err, FLOW_EINVAL, "filter line %u col %u: %s at end of filter",
			    t->line, t->col, msg);
	else
		flow_errorf(ps->err, FLOW_EINVAL, "filter line %u col %u: %s at '%.*s'", t->line,
			    t->col, msg, (int)(t->kind == TK_WORD ? t->len : t->len ? t->len : 1),
			    t->s);
	return -1;
}

long ps_nomem(struct pstate *ps)
{
	if (!ps->rc) {
		ps->rc = FLOW_ENOMEM;
		flow_errorf(ps->err, FLOW_ENOMEM, "filter: out of memory");
	}
	return -1;
}

long ps_add(struct pstate *ps, const struct fnode *n)
{
	long i = flt_node(ps->f, n);

	return i < 0 ? ps_nomem(ps) : i;
}

long ps_bin(struct pstate *ps, enum fnode_kind k, long a, long b)
{
	if (a < 0 || b < 0)
		return -1;
	return ps_add(ps, &(struct fnode){ .kind = k, .a = (uint32_t)a, .b = (uint32_t)b });
}

long ps_expect(struct pstate *ps, enum ftok_kind k, const char *what)
{
	if (ps_peek(ps, 0)->kind != k)
		return ps_fail(ps, ps_peek(ps, 0), what);
	ps_next(ps);
	return 0;
}

long ps_expect_kw(struct pstate *ps, const char *kw)
{
	if (!ps_is_kw(ps_peek(ps, 0), kw))
		return ps_fail(ps, ps_peek(ps, 0), "syntax error");
	ps_next(ps);
	return 0;
}

/* ---- values ---- */

enum fcmp ps_comp(struct pstate *ps)
{
	static const char *const words[] = { "eq", "gt", "lt", "ge", "le" };
	const struct ftok *t = ps_peek(ps, 0);

	if (t->kind == TK_CMP) {
		ps_next(ps);
		return t->cmp;
	}
	for (int c = 0; c < 5; c++)
		if (ps_is_kw(t, words[c])) {
			ps_next(ps);
			return (enum fcmp)c;
		}
	return CMP_EQ;
}

int ps_number(struct pstate *ps, uint64_t max, const char *range_msg, uint64_t *v)
{
	const struct ftok *t = ps_peek(ps, 0);

	if (t->kind != TK_WORD || flt_number(t->s, t->len, v)) {
		ps_fail(ps, t, "number expected");
		return -1;
	}
	if (max && *v > max) {
		ps_fail(ps, t, range_msg);
		return -1;
	}
	ps_next(ps);
	return 0;
}

int ps_push_u64(struct pstate *ps, uint64_t v)
{
	struct flow_filter *f = ps->f;

	if (f->n_u64 == f->cap_u64) {
		size_t ncap = f->cap_u64 ? f->cap_u64 * 2 : 16;
		uint64_t *p = flow_realloc(f->u64, ncap * sizeof(*p));

		if (!p)
			return (int)ps_nomem(ps);
		f->u64 = p;
		f->cap_u64 = ncap;
	}
	f->u64[f->n_u64++] = v;
	return 0;
}

int ps_push_net(struct pstate *ps, const struct fnet *n)
{
	struct flow_filter *f = ps->f;

	if (f->n_nets == f->cap_nets) {
		size_t ncap = f->cap_nets ? f->cap_nets * 2 : 16;
		struct fnet *p = flow_realloc(f->nets, ncap * sizeof(*p));

		if (!p)
			return (int)ps_nomem(ps);
		f->nets = p;
		f->cap_nets = ncap;
	}
	f->nets[f->n_nets++] = *n;
	return 0;
}

static void apply_mask(struct fnet *n)
{
	n->addr.hi &= n->mask.hi;
	n->addr.lo &= n->mask.lo;
}

/*
 * An address, optionally "/len" (prefix_ok) or a dotted mask (mask_ok,
 * net only).  Short IPv4 forms need a prefix or mask.
 */
int ps_address(struct pstate *ps, int is_net, int prefix_ok, struct fnet *out)
{
	const struct ftok *t = ps_peek(ps, 0);
	int is_short, v6;

	if (t->kind != TK_WORD) {
		ps_fail(ps, t, "IP address expected");
		return -1;
	}
	/* 1.7.1's scanner reads a dotless `10` as a number: `net 10/8` fails */
	if (!memchr(t->s, '.', t->len) && !memchr(t->s, ':', t->len)) {
		ps_fail(ps, t, "syntax error");
		return -1;
	}
	v6 = flt_addr(t->s, t->len, is_net, &out->addr, &is_short);
	if (v6 == -2) {
		ps_fail(ps, t, "incomplete IP address");
		return -1;
	}
	if (v6 < 0) {
		ps_fail(ps, t, "not an IP address");
		return -1;
	}
	ps_next(ps);
	flt_prefix_mask(v6, v6 ? 128 : 32, &out->mask);
	if (prefix_ok && ps_peek(ps, 0)->kind == TK_SLASH) {
		uint64_t len;

		ps_next(ps);
		if (ps_number(ps, v6 ? 128 : 32, "prefix length out of range", &len))
			return -1;
		flt_prefix_mask(v6, (unsigned)len, &out->mask);
	} else if (is_net && !v6 && ps_peek(ps, 0)->kind == TK_WORD) {
		struct flow_ip6 m;
		int sh;
		const struct ftok *mt = ps_peek(ps, 0);

		if (flt_addr(mt->s, mt->len, 0, &m, &sh) != 0) {
			ps_fail(ps, mt, "netmask or /len expected");
			return -1;
		}
		ps_next(ps);
		out->mask.lo = 0xffffffff00000000ULL | m.lo;
	} else if (is_net) {
		ps_fail(ps, ps_peek(ps, 0), "netmask or /len expected");
		return -1;
	} else if (is_short) {
		ps_fail(ps, t, "incomplete IP address");
		return -1;
	}
	apply_mask(out);
	return 0;
}

/* ---- qualifiers ---- */

static enum fdir ps_dir(struct pstate *ps)
{
	const struct ftok *t = ps_peek(ps, 0);
	int src = ps_is_kw(t, "src"), dst = ps_is_kw(t, "dst");

	if (src || dst) {
		const struct ftok *c = ps_peek(ps, 1), *o = ps_peek(ps, 2);

		ps_next(ps);
		if (ps_is_kw(o, src ? "dst" : "src")) {
			if (ps_is_kw(c, "or") || c->kind == TK_OR) {
				ps->i += 2;
				return D_EITHER;
			}
			if (ps_is_kw(c, "and") || c->kind == TK_AND) {
				ps->i += 2;
				return D_BOTH;
			}
		}
		return src ? D_SRC : D_DST;
	}
	if (ps_is_kw(t, "in") || ps_is_kw(t, "out")) {
		int in = ps_is_kw(t, "in");

		ps_next(ps);
		if (ps_is_kw(ps_peek(ps, 0), "src")) {
			ps_next(ps);
			return in ? D_IN_SRC : D_OUT_SRC;
		}
		if (ps_is_kw(ps_peek(ps, 0), "dst")) {
			ps_next(ps);
			return in ? D_IN_DST : D_OUT_DST;
		}
		return in ? D_IN : D_OUT;
	}
	return D_NONE;
}

int ps_sides(struct pstate *ps, enum fdir_kind dk, enum fdir d, const struct ftok *at)
{
	switch (dk) {
	case DK_NONE:
		if (d == D_NONE)
			return S_ONE;
		break;
	case DK_SRCDST:
	case DK_SRCDST_PS:
		if (d == D_NONE)
			return dk == DK_SRCDST ? S_OR : S_ONE;
		if (d == D_SRC)
			return S_ONE;
		if (d == D_DST)
			return S_TWO;
		if (d == D_EITHER)
			return S_OR;
		if (d == D_BOTH)
			return S_AND;
		break;
	case DK_INOUT:
	case DK_INOUT_E:
		if (d == D_NONE)
			return dk == DK_INOUT ? S_ONE : S_OR;
		if (d == D_IN)
			return S_ONE;
		if (d == D_OUT)
			return S_TWO;
		break;
	}
	ps_fail(ps, at, "direction qualifier not allowed here");
	return -1;
}

long ps_combine(struct pstate *ps, int s, const struct fnode *n1, const struct fnode *n2)
{
	if (s == S_ONE)
		return ps_add(ps, n1);
	if (s == S_TWO)
		return ps_add(ps, n2);
	return ps_bin(ps, s == S_AND ? FN_AND : FN_OR, ps_add(ps, n1), ps_add(ps, n2));
}

/* ---- primitives ---- */

long ps_prim_addr(struct pstate *ps, int s, enum faddr a1, enum faddr a2, int is_net)
{
	struct fnode n1 = { .kind = FN_ADDR, .a = a1 }, n2;

	if (!is_net && ps_is_kw(ps_peek(ps, 0), "in")) {
		uint32_t first = (uint32_t)ps->f->n_nets;

		ps_next(ps);
		if (ps_expect(ps, TK_LBRACK, "'[' expected") < 0)
			return -1;
		while (ps_peek(ps, 0)->kind != TK_RBRACK) {
			struct fnet net;

			if (flt_is_hostname(ps_peek(ps, 0))) {
				if (ps_host(ps))
					return -1;
			} else if (ps_address(ps, 0, 1, &net) || ps_push_net(ps, &net)) {
				return -1;
			}
			if (ps_peek(ps, 0)->kind == TK_COMMA)
				ps_next(ps);
		}
		if (ps->f->n_nets == first)
			return ps_fail(ps, ps_peek(ps, 0), "empty list");
		ps_next(ps);
		n1 = (struct fnode){ .kind = FN_ALIST, .a = first,
				     .b = (uint32_t)ps->f->n_nets - first, .val = a1 };
		n2 = n1;
		n2.val = a2;
		return ps_combine(ps, s, &n1, &n2);
	}
	if (!is_net && flt_is_hostname(ps_peek(ps, 0))) {
		uint32_t first = (uint32_t)ps->f->n_nets;

		if (ps_host(ps))
			return -1;
		n1 = (struct fnode){ .kind = FN_ALIST, .a = first,
				     .b = (uint32_t)ps->f->n_nets - first, .val = a1 };
		n2 = n1;
		n2.val = a2;
		return ps_combine(ps, s, &n1, &n2);
	}
	if (is_net && flt_is_hostname(ps_peek(ps, 0)))
		return ps_fail(ps, ps_peek(ps, 0), "host names are not allowed with net");
	if (ps_address(ps, is_net, is_net, &n1.net))
		return -1;
	n2 = n1;
	n2.a = a2;
	return ps_combine(ps, s, &n1, &n2);
}

static long prim_mac(struct pstate *ps, enum fdir d)
{
	static const uint16_t off[4] = {
		offsetof(struct flow_record, mac.in_src), offsetof(struct flow_record, mac.in_dst),
		offsetof(struct flow_record, mac.out_src), offsetof(struct flow_record, mac.out_dst),
	};
	/* which of in_src, in_dst, out_src, out_dst each qualifier selects */
	static const unsigned sel[] = {
		[D_NONE] = 15, [D_SRC] = 5, [D_DST] = 10, [D_EITHER] = 15, [D_IN] = 3,
		[D_OUT] = 12, [D_IN_SRC] = 1, [D_IN_DST] = 2, [D_OUT_SRC] = 4, [D_OUT_DST] = 8,
	};
	const struct ftok *t = ps_peek(ps, 0);
	uint64_t mac = 0;
	size_t i = 0;
	long r = -1;

	if (d == D_BOTH)
		return ps_fail(ps, t, "direction qualifier not allowed here");
	for (int g = 0; g < 6; g++) {
		unsigned v = 0, digits = 0;

		while (t->kind == TK_WORD && i < t->len && digits < 2) {
			int c = t->s[i] | 0x20;

			if (c >= '0' && c <= '9')
				v = v * 16 + (unsigned)(c - '0');
			else if (c >= 'a' && c <= 'f')
				v = v * 16 + (unsigned)(c - 'a' + 10);
			else
				break;
			i++;
			digits++;
		}
		if (!digits || (g < 5 && (i >= t->len || t->s[i++] != ':')))
			return ps_fail(ps, t, "MAC address expected");
		mac = (mac << 8) | v;
	}
	if (i != t->len)
		return ps_fail(ps, t, "MAC address expected");
	if (!mac)	/* 1.7.1 rejects the all-zero MAC as invalid */
		return ps_fail(ps, t, "Invalid MAC address format");
	ps_next(ps);
	for (int k = 0; k < 4; k++) {
		struct fnode n = { .kind = FN_FIELD, .off = off[k], .size = 8,
				   .vmask = UINT64_MAX, .val = mac };

		if (!(sel[d] & (1u << k)))
			continue;
		r = r < 0 ? ps_add(ps, &n) : ps_bin(ps, FN_OR, r, ps_add(ps, &n));
		if (r < 0)
			return -1;
	}
	return r;
}

/*
 * flags LETTERS: all given flags set (1.7.1); E and C are 1.7.8's ECE and
 * CWR.  flags = LETTERS: exactly those flags (1.7.8's `flags =S`).
 */
static long prim_flags(struct pstate *ps)
{
	static const char letters[] = "FSRPAUEC";
	const struct ftok *t = ps_peek(ps, 0), *w = ps_peek(ps, 1);
	struct fnode n = { .kind = FN_FLAGS, .off = offsetof(struct flow_record, generic.tcp_flags),
			   .size = 1 };
	uint64_t num;
	int exact = t->kind == TK_CMP && t->cmp == CMP_EQ && w->kind == TK_WORD &&
		    flt_number(w->s, w->len, &num) != 0;

	if (!exact && (t->kind == TK_CMP || (t->kind == TK_WORD && flt_number(t->s, t->len, &num) == 0) ||
	    ps_is_kw(t, "eq") || ps_is_kw(t, "gt") || ps_is_kw(t, "lt") || ps_is_kw(t, "ge") || ps_is_kw(t, "le"))) {
		n.kind = FN_FIELD;
		n.vmask = UINT64_MAX;
		n.cmp = ps_comp(ps);
		if (ps_number(ps, 255, "Flags must be 0..255", &n.val))
			return -1;
		return ps_add(ps, &n);
	}
	if (exact) {
		ps_next(ps);
		t = w;
		n.kind = FN_FIELD;
		n.vmask = UINT64_MAX;
	}
	if (t->kind != TK_WORD || t->len > 7)
		return ps_fail(ps, t, "Too many flags");
	for (size_t i = 0; i < t->len; i++) {
		const char *p = t->s[i] ? strchr(letters, t->s[i]) : NULL;
		uint64_t bit = t->s[i] == 'X' ? 63 : p ? 1u << (p - letters) : 0;

		if (!bit)
			return ps_fail(ps, t, "Unknown flags");
		/* 1.7.1 counts distinct letters: a repeated one is an error */
		if (memchr(t->s, t->s[i], i))
			return ps_fail(ps, t, "Too many flags");
		n.val |= bit;
	}
	ps_next(ps);
	return ps_add(ps, &n);
}

/* port in pblock, port in nat pblock: the port lies in the NAT port block. */
static long port_in_pblock(struct pstate *ps, int s, const struct fprim *p)
{
	struct fnode n1 = { .kind = FN_PBLOCK, .off = p->off1 }, n2 = n1;

	ps_next(ps);	/* in */
	if (ps_is_kw(ps_peek(ps, 0), "nat"))
		ps_next(ps);
	if (ps_expect_kw(ps, "pblock") < 0)
		return -1;
	n2.off = p->off2;
	return ps_combine(ps, s, &n1, &n2);
}

long ps_prim_table(struct pstate *ps, const struct fprim *p, enum fdir d, const struct ftok *kw)
{
	struct fnode n1 = { .kind = FN_FIELD, .off = p->off1, .size = p->size, .shift = p->shift,
			    .vmask = p->vmask ? p->vmask : UINT64_MAX }, n2;
	int s = ps_sides(ps, p->dk, d, kw);

	if (s < 0)
		return -1;
	if (!strcmp(p->kw, "port") && ps_is_kw(ps_peek(ps, 0), "in") &&
	    (ps_is_kw(ps_peek(ps, 1), "pblock") || ps_is_kw(ps_peek(ps, 1), "nat")))
		return port_in_pblock(ps, s, p);
	if ((p->flags & PF_LIST) && ps_is_kw(ps_peek(ps, 0), "in")) {
		uint32_t first = (uint32_t)ps->f->n_u64;
		uint64_t v;

		ps_next(ps);
		if (ps_expect(ps, TK_LBRACK, "'[' expected") < 0)
			return -1;
		while (ps_peek(ps, 0)->kind != TK_RBRACK) {
			if (ps_number(ps, p->max, "number out of range", &v) || ps_push_u64(ps, v))
				return -1;
			if (ps_peek(ps, 0)->kind == TK_COMMA)
				ps_next(ps);
		}
		if (ps->f->n_u64 == first)
			return ps_fail(ps, ps_peek(ps, 0), "empty list");
		ps_next(ps);
		n1.kind = FN_LIST;
		n1.a = first;
		n1.b = (uint32_t)ps->f->n_u64 - first;
	} else {
		if (p->flags & PF_COMP)
			n1.cmp = ps_comp(ps);
		if (ps_number(ps, p->max, !strcmp(p->kw, "port") ? "Port outside of range 0..65535" :
				       !strcmp(p->kw, "tos") ? "TOS must be 0..255" :
				       "number out of range", &n1.val))
			return -1;
		if (p->func >= 0) {
			n1.kind = FN_FUNC;
			n1.a = (uint32_t)p->func;
		}
	}
	n2 = n1;
	n2.off = p->off2;
	long r = ps_combine(ps, s, &n1, &n2);

	if (p->flags & PF_ICMP) {
		struct fnode icmp = { .kind = FN_PROTO2, .size = 1, .val = 1, .val2 = 58,
				      .off = offsetof(struct flow_record, generic.proto) };

		r = ps_bin(ps, FN_AND, ps_add(ps, &icmp), r);
	}
	return r;
}

static long prim_mpls(struct pstate *ps)
{
	const struct ftok *t = ps_peek(ps, 0);
	struct fnode n = { .kind = FN_FIELD, .size = 4 };
	uint64_t k;
	int any = ps_is_kw(t, "any");

	if (ps_is_kw(t, "eos")) {
		ps_next(ps);
		return ps_prim_table(ps, flt_prim_find("mpls eos", 8), D_NONE, t);
	}
	if (!any && t->kind == TK_WORD && t->len > 5 && !t->quoted &&
	    strncasecmp(t->s, "label", 5) == 0 && !flt_number(t->s + 5, t->len - 5, &k) && k >= 1 &&
	    k <= 10) {
		n.shift = 4;
		n.vmask = 0xfffff;
	} else if (!any && t->kind == TK_WORD && t->len > 3 && !t->quoted &&
		   strncasecmp(t->s, "exp", 3) == 0 && !flt_number(t->s + 3, t->len - 3, &k) &&
		   k >= 1 && k <= 10) {
		n.shift = 1;
		n.vmask = 7;
	} else if (!any) {
		return ps_fail(ps, t, "mpls labelN, expN or any expected");
	} else {
		k = 1;
		n.shift = 4;
		n.vmask = 0xfffff;
	}
	ps_next(ps);
	n.cmp = ps_comp(ps);
	if (ps_number(ps, 0xfffff, "MPLS value out of range", &n.val))
		return -1;
	n.off = (uint16_t)(offsetof(struct flow_record, mpls.label) + 4 * (k - 1));
	if (!any)
		return ps_add(ps, &n);
	long r = ps_add(ps, &n);

	for (int i = 1; i < 10 && r >= 0; i++) {
		n.off = (uint16_t)(offsetof(struct flow_record, mpls.label) + 4 * i);
		r = ps_bin(ps, FN_OR, r, ps_add(ps, &n));
	}
	return r;
}

static long prim_keyword(struct pstate *ps, const struct ftok *kw, enum fdir d)
{
	struct fnode n = { .kind = FN_FIELD, .vmask = UINT64_MAX };
	uint64_t v;
	int s;

	if (ps_is_kw(kw, "ip") || ps_is_kw(kw, "host") || ps_is_kw(kw, "net")) {
		if ((s = ps_sides(ps, DK_SRCDST, d, kw)) < 0)
			return -1;
		return ps_prim_addr(ps, s, FA_SRC, FA_DST, ps_is_kw(kw, "net"));
	}
	if (ps_is_kw(kw, "mac"))
		return prim_mac(ps, d);
	if ((s = (int)ps_prim_ext(ps, kw, d)) != -2)
		return s;
	if (d != D_NONE && !flt_prim_find(kw->s, kw->len))
		return ps_fail(ps, kw, "direction qualifier not allowed here");
	if (ps_is_kw(kw, "any"))
		return ps_add(ps, &(struct fnode){ .kind = FN_TRUE });
	if (ps_is_kw(kw, "ipv6") || ps_is_kw(kw, "inet6"))
		return ps_add(ps, &(struct fnode){ .kind = FN_V6 });
	if (ps_is_kw(kw, "ipv4") || ps_is_kw(kw, "inet"))
		return ps_bin(ps, FN_NOT, ps_add(ps, &(struct fnode){ .kind = FN_V6 }), 0);
	if (ps_is_kw(kw, "proto")) {
		const struct ftok *t = ps_peek(ps, 0);
		int p = t->kind != TK_WORD ? -1 : flt_number(t->s, t->len, &v) == 0 ?
			(v > 255 ? -2 : (int)v) : flt_proto_num(t->s, t->len);

		if (p < 0)
			return ps_fail(ps, t, p == -2 ? "Protocol number > 255" : "Unknown protocol");
		ps_next(ps);
		n.off = offsetof(struct flow_record, generic.proto);
		n.size = 1;
		n.val = (uint64_t)p;
		return ps_add(ps, &n);
	}
	if (ps_is_kw(kw, "next") || ps_is_kw(kw, "bgpnext") || ps_is_kw(kw, "router") ||
	    ps_is_kw(kw, "bgp")) {
		enum faddr a = ps_is_kw(kw, "next") ? FA_NEXTHOP : ps_is_kw(kw, "router") ? FA_ROUTER : FA_BGPNH;

		if (ps_is_kw(kw, "bgp") && ps_expect_kw(ps, "next") < 0)
			return -1;
		if (ps_expect_kw(ps, "ip") < 0)
			return -1;
		if (a != FA_NEXTHOP && ps_is_kw(ps_peek(ps, 0), "in"))
			return ps_fail(ps, ps_peek(ps, 0), "IP address expected");
		return ps_prim_addr(ps, S_ONE, a, a, 0);
	}
	if (ps_is_kw(kw, "flags")) {
		/* 1.7.1 ANDs every flags test with proto tcp */
		n.off = offsetof(struct flow_record, generic.proto);
		n.size = 1;
		n.val = 6;
		return ps_bin(ps, FN_AND, ps_add(ps, &n), prim_flags(ps));
	}
	if (ps_is_kw(kw, "mpls"))
		return prim_mpls(ps);
	if (ps_is_kw(kw, "flowdir") || ps_is_kw(kw, "dir")) {
		const struct ftok *t = ps_next(ps);

		n.off = offsetof(struct flow_record, misc.dir);
		n.size = 1;
		if (ps_is_kw(t, "ingress") || ps_is_kw(t, "0"))
			n.val = 0;
		else if (ps_is_kw(t, "egress") || ps_is_kw(t, "1"))
			n.val = 1;
		else
			return ps_fail(ps, t, "ingress or egress expected");
		return ps_add(ps, &n);
	}
	if (ps_is_kw(kw, "exporter")) {
		if (ps_expect_kw(ps, "sysid") < 0)
			return -1;
		kw = &ps->t->v[ps->i - 1];
	}
	if (ps_is_kw(kw, "client") || ps_is_kw(kw, "server") || ps_is_kw(kw, "app")) {
		char two[32];

		if (ps_expect_kw(ps, "latency") < 0)
			return -1;
		snprintf(two, sizeof(two), "%.*s latency", (int)kw->len, kw->s);
		return ps_prim_table(ps, flt_prim_find(two, strlen(two)), d, kw);
	}
	const struct fprim *p = kw->quoted ? NULL : flt_prim_find(kw->s, kw->len);

	if (!p || strchr(p->kw, ' '))
		return ps_fail(ps, kw, "syntax error: unknown or unsupported primitive");
	return ps_prim_table(ps, p, d, kw);
}

static long primitive(struct pstate *ps)
{
	enum fdir d = ps_dir(ps);
	const struct ftok *kw = ps_next(ps);

	if (kw->kind != TK_WORD || kw->quoted)
		return ps_fail(ps, kw, "syntax error");
	return prim_keyword(ps, kw, d);
}

/* ---- expressions ---- */

static long expr_or(struct pstate *ps);

/*
 * 1.7.1's flow labels, `%name ( expr )` and `( expr ) %name`: the name
 * (1..16 characters) only tags records for its output, so it is checked
 * and otherwise ignored; the selection is that of expr.
 */
static int label_name(struct pstate *ps)
{
	const struct ftok *t = ps_peek(ps, 0);

	if (t->kind != TK_WORD)
		return (int)ps_fail(ps, t, "syntax error");
	if (t->len > 16)
		return (int)ps_fail(ps, t, "Error: Maximum 16 chars allowed for flowlabel");
	ps_next(ps);
	return 0;
}

static long paren(struct pstate *ps)
{
	long r;

	if (ps_expect(ps, TK_LPAREN, "syntax error") < 0)
		return -1;
	r = expr_or(ps);
	if (r >= 0 && ps_expect(ps, TK_RPAREN, "')' expected") < 0)
		return -1;
	return r;
}

static long expr_not(struct pstate *ps)
{
	const struct ftok *t = ps_peek(ps, 0);
	long r;

	if (++ps->depth > MAX_DEPTH)
		return ps_fail(ps, t, "filter nested too deeply");
	if (t->kind == TK_NOT || ps_is_kw(t, "not")) {
		ps_next(ps);
		r = ps_bin(ps, FN_NOT, expr_not(ps), 0);
	} else if (t->kind == TK_PCT) {
		ps_next(ps);
		r = label_name(ps) < 0 ? -1 : paren(ps);
	} else if (t->kind == TK_LPAREN) {
		r = paren(ps);
		if (r >= 0 && ps_peek(ps, 0)->kind == TK_PCT) {
			ps_next(ps);
			if (label_name(ps) < 0)
				r = -1;
		}
	} else {
		r = primitive(ps);
	}
	ps->depth--;
	return r;
}

static long expr_and(struct pstate *ps)
{
	long r = expr_not(ps);

	while (r >= 0 && (ps_peek(ps, 0)->kind == TK_AND || ps_is_kw(ps_peek(ps, 0), "and"))) {
		ps_next(ps);
		r = ps_bin(ps, FN_AND, r, expr_not(ps));
	}
	return r;
}

static long expr_or(struct pstate *ps)
{
	long r = expr_and(ps);

	while (r >= 0 && (ps_peek(ps, 0)->kind == TK_OR || ps_is_kw(ps_peek(ps, 0), "or"))) {
		ps_next(ps);
		r = ps_bin(ps, FN_OR, r, expr_and(ps));
	}
	return r;
}

int flow_filter_compile(struct flow_filter **out, const char *expr, struct flow_err *err)
{
	return flow_filter_compile_opts(out, expr, NULL, err);
}

int flow_filter_compile_opts(struct flow_filter **out, const char *expr,
			     const struct flow_filter_opts *opts, struct flow_err *err)
{
	struct ftoks toks;
	struct pstate ps = { .err = err, .opts = opts };
	struct flow_filter *f;
	long root = 0;
	int rc;

	*out = NULL;
	f = flow_calloc(1, sizeof(*f));
	if (!f)
		return flow_errorf(err, FLOW_ENOMEM, "filter: out of memory");
	rc = flt_lex(&toks, expr ? expr : "", err);
	if (rc) {
		flow_free(f);
		return rc;
	}
	ps.t = &toks;
	ps.f = f;
	if (toks.v[0].kind != TK_END) {
		root = expr_or(&ps);
		if (root >= 0 && ps_peek(&ps, 0)->kind != TK_END)
			root = ps_fail(&ps, ps_peek(&ps, 0), "syntax error");
	}
	flt_toks_free(&toks);
	if (root < 0) {
		flow_filter_free(f);
		return ps.rc ? ps.rc : FLOW_EINVAL;
	}
	f->root = (uint32_t)root;
	flt_optimize(f);
	*out = f;
	return 0;
}
