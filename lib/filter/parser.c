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

enum fdir {
	D_NONE, D_SRC, D_DST, D_EITHER, D_BOTH, D_IN, D_OUT,
	D_IN_SRC, D_IN_DST, D_OUT_SRC, D_OUT_DST,
};

/* How the two sides of a primitive combine. */
enum fsides { S_ONE = 1, S_TWO = 2, S_OR = 3, S_AND = 4 };

struct pstate {
	const struct ftoks *t;
	size_t i;
	struct flow_filter *f;
	struct flow_err *err;
	int depth;
	int rc;
};

static const struct ftok *peek(const struct pstate *ps, size_t k)
{
	size_t i = ps->i + k;

	return &ps->t->v[i < ps->t->n ? i : ps->t->n - 1];
}

static const struct ftok *next(struct pstate *ps)
{
	const struct ftok *t = peek(ps, 0);

	if (t->kind != TK_END)
		ps->i++;
	return t;
}

static int is_kw(const struct ftok *t, const char *kw)
{
	return t->kind == TK_WORD && !t->quoted && strlen(kw) == t->len &&
	       strncasecmp(t->s, kw, t->len) == 0;
}

static long fail(struct pstate *ps, const struct ftok *t, const char *msg)
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

static long nomem(struct pstate *ps)
{
	if (!ps->rc) {
		ps->rc = FLOW_ENOMEM;
		flow_errorf(ps->err, FLOW_ENOMEM, "filter: out of memory");
	}
	return -1;
}

static long add(struct pstate *ps, const struct fnode *n)
{
	long i = flt_node(ps->f, n);

	return i < 0 ? nomem(ps) : i;
}

static long bin(struct pstate *ps, enum fnode_kind k, long a, long b)
{
	if (a < 0 || b < 0)
		return -1;
	return add(ps, &(struct fnode){ .kind = k, .a = (uint32_t)a, .b = (uint32_t)b });
}

static long expect(struct pstate *ps, enum ftok_kind k, const char *what)
{
	if (peek(ps, 0)->kind != k)
		return fail(ps, peek(ps, 0), what);
	next(ps);
	return 0;
}

static long expect_kw(struct pstate *ps, const char *kw)
{
	if (!is_kw(peek(ps, 0), kw))
		return fail(ps, peek(ps, 0), "syntax error");
	next(ps);
	return 0;
}

/* ---- values ---- */

static enum fcmp comp(struct pstate *ps)
{
	static const char *const words[] = { "eq", "gt", "lt", "ge", "le" };
	const struct ftok *t = peek(ps, 0);

	if (t->kind == TK_CMP) {
		next(ps);
		return t->cmp;
	}
	for (int c = 0; c < 5; c++)
		if (is_kw(t, words[c])) {
			next(ps);
			return (enum fcmp)c;
		}
	return CMP_EQ;
}

static int number(struct pstate *ps, uint64_t max, const char *range_msg, uint64_t *v)
{
	const struct ftok *t = peek(ps, 0);

	if (t->kind != TK_WORD || flt_number(t->s, t->len, v)) {
		fail(ps, t, "number expected");
		return -1;
	}
	if (max && *v > max) {
		fail(ps, t, range_msg);
		return -1;
	}
	next(ps);
	return 0;
}

static int push_u64(struct pstate *ps, uint64_t v)
{
	struct flow_filter *f = ps->f;

	if (f->n_u64 == f->cap_u64) {
		size_t ncap = f->cap_u64 ? f->cap_u64 * 2 : 16;
		uint64_t *p = flow_realloc(f->u64, ncap * sizeof(*p));

		if (!p)
			return (int)nomem(ps);
		f->u64 = p;
		f->cap_u64 = ncap;
	}
	f->u64[f->n_u64++] = v;
	return 0;
}

static int push_net(struct pstate *ps, const struct fnet *n)
{
	struct flow_filter *f = ps->f;

	if (f->n_nets == f->cap_nets) {
		size_t ncap = f->cap_nets ? f->cap_nets * 2 : 16;
		struct fnet *p = flow_realloc(f->nets, ncap * sizeof(*p));

		if (!p)
			return (int)nomem(ps);
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
static int address(struct pstate *ps, int is_net, int prefix_ok, struct fnet *out)
{
	const struct ftok *t = peek(ps, 0);
	int is_short, v6;

	if (t->kind != TK_WORD) {
		fail(ps, t, "IP address expected");
		return -1;
	}
	/* 1.7.1's scanner reads a dotless `10` as a number: `net 10/8` fails */
	if (!memchr(t->s, '.', t->len) && !memchr(t->s, ':', t->len)) {
		fail(ps, t, "syntax error");
		return -1;
	}
	v6 = flt_addr(t->s, t->len, is_net, &out->addr, &is_short);
	if (v6 == -2) {
		fail(ps, t, "incomplete IP address");
		return -1;
	}
	if (v6 < 0) {
		fail(ps, t, "not an IP address (host names are not supported)");
		return -1;
	}
	next(ps);
	flt_prefix_mask(v6, v6 ? 128 : 32, &out->mask);
	if (prefix_ok && peek(ps, 0)->kind == TK_SLASH) {
		uint64_t len;

		next(ps);
		if (number(ps, v6 ? 128 : 32, "prefix length out of range", &len))
			return -1;
		flt_prefix_mask(v6, (unsigned)len, &out->mask);
	} else if (is_net && !v6 && peek(ps, 0)->kind == TK_WORD) {
		struct flow_ip6 m;
		int sh;
		const struct ftok *mt = peek(ps, 0);

		if (flt_addr(mt->s, mt->len, 0, &m, &sh) != 0) {
			fail(ps, mt, "netmask or /len expected");
			return -1;
		}
		next(ps);
		out->mask.lo = 0xffffffff00000000ULL | m.lo;
	} else if (is_net) {
		fail(ps, peek(ps, 0), "netmask or /len expected");
		return -1;
	} else if (is_short) {
		fail(ps, t, "incomplete IP address");
		return -1;
	}
	apply_mask(out);
	return 0;
}

/* ---- qualifiers ---- */

static enum fdir dir(struct pstate *ps)
{
	const struct ftok *t = peek(ps, 0);
	int src = is_kw(t, "src"), dst = is_kw(t, "dst");

	if (src || dst) {
		const struct ftok *c = peek(ps, 1), *o = peek(ps, 2);

		next(ps);
		if (is_kw(o, src ? "dst" : "src")) {
			if (is_kw(c, "or") || c->kind == TK_OR) {
				ps->i += 2;
				return D_EITHER;
			}
			if (is_kw(c, "and") || c->kind == TK_AND) {
				ps->i += 2;
				return D_BOTH;
			}
		}
		return src ? D_SRC : D_DST;
	}
	if (is_kw(t, "in") || is_kw(t, "out")) {
		int in = is_kw(t, "in");

		next(ps);
		if (is_kw(peek(ps, 0), "src")) {
			next(ps);
			return in ? D_IN_SRC : D_OUT_SRC;
		}
		if (is_kw(peek(ps, 0), "dst")) {
			next(ps);
			return in ? D_IN_DST : D_OUT_DST;
		}
		return in ? D_IN : D_OUT;
	}
	return D_NONE;
}

static int sides(struct pstate *ps, enum fdir_kind dk, enum fdir d, const struct ftok *at)
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
	fail(ps, at, "direction qualifier not allowed here");
	return -1;
}

static long combine(struct pstate *ps, int s, const struct fnode *n1, const struct fnode *n2)
{
	if (s == S_ONE)
		return add(ps, n1);
	if (s == S_TWO)
		return add(ps, n2);
	return bin(ps, s == S_AND ? FN_AND : FN_OR, add(ps, n1), add(ps, n2));
}

/* ---- primitives ---- */

static long prim_addr(struct pstate *ps, int s, enum faddr a1, enum faddr a2, int is_net)
{
	struct fnode n1 = { .kind = FN_ADDR, .a = a1 }, n2;

	if (!is_net && is_kw(peek(ps, 0), "in")) {
		uint32_t first = (uint32_t)ps->f->n_nets;

		next(ps);
		if (expect(ps, TK_LBRACK, "'[' expected") < 0)
			return -1;
		while (peek(ps, 0)->kind != TK_RBRACK) {
			struct fnet net;

			if (address(ps, 0, 1, &net) || push_net(ps, &net))
				return -1;
			if (peek(ps, 0)->kind == TK_COMMA)
				next(ps);
		}
		if (ps->f->n_nets == first)
			return fail(ps, peek(ps, 0), "empty list");
		next(ps);
		n1 = (struct fnode){ .kind = FN_ALIST, .a = first,
				     .b = (uint32_t)ps->f->n_nets - first, .val = a1 };
		n2 = n1;
		n2.val = a2;
		return combine(ps, s, &n1, &n2);
	}
	if (address(ps, is_net, is_net, &n1.net))
		return -1;
	n2 = n1;
	n2.a = a2;
	return combine(ps, s, &n1, &n2);
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
	const struct ftok *t = peek(ps, 0);
	uint64_t mac = 0;
	size_t i = 0;
	long r = -1;

	if (d == D_BOTH)
		return fail(ps, t, "direction qualifier not allowed here");
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
			return fail(ps, t, "MAC address expected");
		mac = (mac << 8) | v;
	}
	if (i != t->len)
		return fail(ps, t, "MAC address expected");
	if (!mac)	/* 1.7.1 rejects the all-zero MAC as invalid */
		return fail(ps, t, "Invalid MAC address format");
	next(ps);
	for (int k = 0; k < 4; k++) {
		struct fnode n = { .kind = FN_FIELD, .off = off[k], .size = 8,
				   .vmask = UINT64_MAX, .val = mac };

		if (!(sel[d] & (1u << k)))
			continue;
		r = r < 0 ? add(ps, &n) : bin(ps, FN_OR, r, add(ps, &n));
		if (r < 0)
			return -1;
	}
	return r;
}

static long prim_flags(struct pstate *ps)
{
	static const char letters[] = "FSRPAU";
	const struct ftok *t = peek(ps, 0);
	struct fnode n = { .kind = FN_FLAGS, .off = offsetof(struct flow_record, generic.tcp_flags),
			   .size = 1 };

	if (t->kind == TK_CMP || (t->kind == TK_WORD && flt_number(t->s, t->len, &n.val) == 0) ||
	    is_kw(t, "eq") || is_kw(t, "gt") || is_kw(t, "lt") || is_kw(t, "ge") || is_kw(t, "le")) {
		n.kind = FN_FIELD;
		n.vmask = UINT64_MAX;
		n.cmp = comp(ps);
		if (number(ps, 255, "Flags must be 0..255", &n.val))
			return -1;
		return add(ps, &n);
	}
	if (t->kind != TK_WORD || t->len > 7)
		return fail(ps, t, "Too many flags");
	for (size_t i = 0; i < t->len; i++) {
		const char *p = t->s[i] ? strchr(letters, t->s[i]) : NULL;

		if (t->s[i] == 'X')
			n.val = 63;
		else if (p)
			n.val |= 1u << (p - letters);
		else
			return fail(ps, t, "Unknown flags");
	}
	next(ps);
	return add(ps, &n);
}

static long prim_table(struct pstate *ps, const struct fprim *p, enum fdir d, const struct ftok *kw)
{
	struct fnode n1 = { .kind = FN_FIELD, .off = p->off1, .size = p->size, .shift = p->shift,
			    .vmask = p->vmask ? p->vmask : UINT64_MAX }, n2;
	int s = sides(ps, p->dk, d, kw);

	if (s < 0)
		return -1;
	if ((p->flags & PF_LIST) && is_kw(peek(ps, 0), "in")) {
		uint32_t first = (uint32_t)ps->f->n_u64;
		uint64_t v;

		next(ps);
		if (expect(ps, TK_LBRACK, "'[' expected") < 0)
			return -1;
		while (peek(ps, 0)->kind != TK_RBRACK) {
			if (number(ps, p->max, "number out of range", &v) || push_u64(ps, v))
				return -1;
			if (peek(ps, 0)->kind == TK_COMMA)
				next(ps);
		}
		if (ps->f->n_u64 == first)
			return fail(ps, peek(ps, 0), "empty list");
		next(ps);
		n1.kind = FN_LIST;
		n1.a = first;
		n1.b = (uint32_t)ps->f->n_u64 - first;
	} else {
		if (p->flags & PF_COMP)
			n1.cmp = comp(ps);
		if (number(ps, p->max, !strcmp(p->kw, "port") ? "Port outside of range 0..65535" :
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
	long r = combine(ps, s, &n1, &n2);

	if (p->flags & PF_ICMP)
		r = bin(ps, FN_AND, add(ps, &(struct fnode){ .kind = FN_PROTO2, .val = 1, .val2 = 58 }), r);
	return r;
}

static long prim_mpls(struct pstate *ps)
{
	const struct ftok *t = peek(ps, 0);
	struct fnode n = { .kind = FN_FIELD, .size = 4 };
	uint64_t k;
	int any = is_kw(t, "any");

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
		return fail(ps, t, "mpls labelN, expN or any expected");
	} else {
		k = 1;
		n.shift = 4;
		n.vmask = 0xfffff;
	}
	next(ps);
	n.cmp = comp(ps);
	if (number(ps, 0xfffff, "MPLS value out of range", &n.val))
		return -1;
	n.off = (uint16_t)(offsetof(struct flow_record, mpls.label) + 4 * (k - 1));
	if (!any)
		return add(ps, &n);
	long r = add(ps, &n);

	for (int i = 1; i < 10 && r >= 0; i++) {
		n.off = (uint16_t)(offsetof(struct flow_record, mpls.label) + 4 * i);
		r = bin(ps, FN_OR, r, add(ps, &n));
	}
	return r;
}

static long prim_keyword(struct pstate *ps, const struct ftok *kw, enum fdir d)
{
	struct fnode n = { .kind = FN_FIELD, .vmask = UINT64_MAX };
	uint64_t v;
	int s;

	if (is_kw(kw, "ip") || is_kw(kw, "host") || is_kw(kw, "net")) {
		if ((s = sides(ps, DK_SRCDST, d, kw)) < 0)
			return -1;
		return prim_addr(ps, s, FA_SRC, FA_DST, is_kw(kw, "net"));
	}
	if (is_kw(kw, "mac"))
		return prim_mac(ps, d);
	if (d != D_NONE && !flt_prim_find(kw->s, kw->len))
		return fail(ps, kw, "direction qualifier not allowed here");
	if (is_kw(kw, "any"))
		return add(ps, &(struct fnode){ .kind = FN_TRUE });
	if (is_kw(kw, "ipv6") || is_kw(kw, "inet6"))
		return add(ps, &(struct fnode){ .kind = FN_V6 });
	if (is_kw(kw, "ipv4") || is_kw(kw, "inet"))
		return bin(ps, FN_NOT, add(ps, &(struct fnode){ .kind = FN_V6 }), 0);
	if (is_kw(kw, "proto")) {
		const struct ftok *t = peek(ps, 0);
		int p = t->kind != TK_WORD ? -1 : flt_number(t->s, t->len, &v) == 0 ?
			(v > 255 ? -2 : (int)v) : flt_proto_num(t->s, t->len);

		if (p < 0)
			return fail(ps, t, p == -2 ? "Protocol number > 255" : "Unknown protocol");
		next(ps);
		n.off = offsetof(struct flow_record, generic.proto);
		n.size = 1;
		n.val = (uint64_t)p;
		return add(ps, &n);
	}
	if (is_kw(kw, "next") || is_kw(kw, "bgpnext") || is_kw(kw, "router") ||
	    is_kw(kw, "bgp")) {
		enum faddr a = is_kw(kw, "next") ? FA_NEXTHOP : is_kw(kw, "router") ? FA_ROUTER : FA_BGPNH;

		if (is_kw(kw, "bgp") && expect_kw(ps, "next") < 0)
			return -1;
		if (expect_kw(ps, "ip") < 0)
			return -1;
		if (a != FA_NEXTHOP && is_kw(peek(ps, 0), "in"))
			return fail(ps, peek(ps, 0), "IP address expected");
		return prim_addr(ps, S_ONE, a, a, 0);
	}
	if (is_kw(kw, "flags")) {
		/* 1.7.1 ANDs every flags test with proto tcp */
		n.off = offsetof(struct flow_record, generic.proto);
		n.size = 1;
		n.val = 6;
		return bin(ps, FN_AND, add(ps, &n), prim_flags(ps));
	}
	if (is_kw(kw, "mpls"))
		return prim_mpls(ps);
	if (is_kw(kw, "flowdir") || is_kw(kw, "dir")) {
		const struct ftok *t = next(ps);

		n.off = offsetof(struct flow_record, misc.dir);
		n.size = 1;
		if (is_kw(t, "ingress") || is_kw(t, "0"))
			n.val = 0;
		else if (is_kw(t, "egress") || is_kw(t, "1"))
			n.val = 1;
		else
			return fail(ps, t, "ingress or egress expected");
		return add(ps, &n);
	}
	if (is_kw(kw, "exporter")) {
		if (expect_kw(ps, "sysid") < 0)
			return -1;
		kw = &ps->t->v[ps->i - 1];
	}
	if (is_kw(kw, "client") || is_kw(kw, "server") || is_kw(kw, "app")) {
		char two[32];

		if (expect_kw(ps, "latency") < 0)
			return -1;
		snprintf(two, sizeof(two), "%.*s latency", (int)kw->len, kw->s);
		return prim_table(ps, flt_prim_find(two, strlen(two)), d, kw);
	}
	const struct fprim *p = kw->quoted ? NULL : flt_prim_find(kw->s, kw->len);

	if (!p || strchr(p->kw, ' '))
		return fail(ps, kw, "syntax error: unknown or unsupported primitive");
	return prim_table(ps, p, d, kw);
}

static long primitive(struct pstate *ps)
{
	enum fdir d = dir(ps);
	const struct ftok *kw = next(ps);

	if (kw->kind != TK_WORD || kw->quoted)
		return fail(ps, kw, "syntax error");
	return prim_keyword(ps, kw, d);
}

/* ---- expressions ---- */

static long expr_or(struct pstate *ps);

static long expr_not(struct pstate *ps)
{
	const struct ftok *t = peek(ps, 0);
	long r;

	if (++ps->depth > MAX_DEPTH)
		return fail(ps, t, "filter nested too deeply");
	if (t->kind == TK_NOT || is_kw(t, "not")) {
		next(ps);
		r = bin(ps, FN_NOT, expr_not(ps), 0);
	} else if (t->kind == TK_LPAREN) {
		next(ps);
		r = expr_or(ps);
		if (r >= 0 && expect(ps, TK_RPAREN, "')' expected") < 0)
			r = -1;
	} else {
		r = primitive(ps);
	}
	ps->depth--;
	return r;
}

static long expr_and(struct pstate *ps)
{
	long r = expr_not(ps);

	while (r >= 0 && (peek(ps, 0)->kind == TK_AND || is_kw(peek(ps, 0), "and"))) {
		next(ps);
		r = bin(ps, FN_AND, r, expr_not(ps));
	}
	return r;
}

static long expr_or(struct pstate *ps)
{
	long r = expr_and(ps);

	while (r >= 0 && (peek(ps, 0)->kind == TK_OR || is_kw(peek(ps, 0), "or"))) {
		next(ps);
		r = bin(ps, FN_OR, r, expr_and(ps));
	}
	return r;
}

int flow_filter_compile(struct flow_filter **out, const char *expr, struct flow_err *err)
{
	struct ftoks toks;
	struct pstate ps = { .err = err };
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
		if (root >= 0 && peek(&ps, 0)->kind != TK_END)
			root = fail(&ps, peek(&ps, 0), "syntax error");
	}
	flow_free(toks.v);
	if (root < 0) {
		flow_filter_free(f);
		return ps.rc ? ps.rc : FLOW_EINVAL;
	}
	f->root = (uint32_t)root;
	flt_optimize(f);
	*out = f;
	return 0;
}
