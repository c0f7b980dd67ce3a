/*
 * prim_ext.c - the primitives beyond addresses, ports and counters: NSEL
 * (asa ...), NEL (nat ..., pblock ..., xip/nip, xnet, xport/nport), VRF
 * and ACL ids, tunnels, observation ids, strings (ident, flowlabel, asa
 * user, payload content), the record counter, and the two-word 1.7.8
 * spellings (engine type, icmp code, exporter ip, src nat ip ...) that
 * cli.md §2.3 asks us to accept next to the 1.7.1 ones.
 */
#include <string.h>
#include <strings.h>

#include "filter/filter_int.h"
#include "select/select.h"
#include "util/alloc.h"

/* Keep a word for an FN_STR node; returns its offset in f->strs. */
static long push_str(struct pstate *ps, const char *s, size_t len)
{
	struct flow_filter *f = ps->f;
	long at = (long)f->n_strs;

	if (f->n_strs + len > f->cap_strs) {
		size_t ncap = f->cap_strs ? f->cap_strs * 2 : 64;
		char *p;

		while (ncap < f->n_strs + len)
			ncap *= 2;
		p = flow_realloc(f->strs, ncap);
		if (!p)
			return ps_nomem(ps);
		f->strs = p;
		f->cap_strs = ncap;
	}
	memcpy(f->strs + f->n_strs, s, len);
	f->n_strs += len;
	return at;
}

static long str_node(struct pstate *ps, enum fstr which, const struct ftok *w)
{
	long at = push_str(ps, w->s, w->len);

	if (at < 0)
		return -1;
	return ps_add(ps, &(struct fnode){ .kind = FN_STR, .val = which, .a = (uint32_t)at,
					   .b = (uint32_t)w->len });
}

/* nfdump's ScreenIdentString: [A-Za-z0-9_-], 1..255 characters. */
static int ident_ok(const struct ftok *t)
{
	if (t->kind != TK_WORD || t->len == 0 || t->len > 255)
		return 0;
	for (size_t i = 0; i < t->len; i++) {
		char c = t->s[i];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		      c == '_' || c == '-'))
			return 0;
	}
	return 1;
}

static long prim_ident(struct pstate *ps)
{
	const struct ftok *t = ps_peek(ps, 0);

	if (!ident_ok(t))
		return ps_fail(ps, t, "Illegal ident string");
	ps_next(ps);
	ps->f->needs |= FLOW_FILTER_NEEDS_IDENT;
	return str_node(ps, FS_IDENT, t);
}

/* A word argument (flowlabel, asa user, payload content). */
static long prim_word(struct pstate *ps, enum fstr which, size_t max, const char *too_long)
{
	const struct ftok *t = ps_peek(ps, 0);

	if (t->kind != TK_WORD || t->len == 0)
		return ps_fail(ps, t, "syntax error");
	if (t->len > max)
		return ps_fail(ps, t, too_long);
	ps_next(ps);
	return str_node(ps, which, t);
}

static long prim_payload(struct pstate *ps)
{
	const struct ftok *t = ps_next(ps);

	if (ps_is_kw(t, "content"))
		return prim_word(ps, FS_PAYLOAD, 64, "word too long");
	/* a regex engine and a TLS parser for ja3/ja4 are not worth their
	 * weight for pcap-only data: refuse rather than match nothing */
	if (ps_is_kw(t, "regex") || ps_is_kw(t, "ja3") || ps_is_kw(t, "ja4") ||
	    ps_is_kw(t, "dns") || ps_is_kw(t, "ssl") || ps_is_kw(t, "tls"))
		return ps_fail(ps, t, "payload filter not supported");
	return ps_fail(ps, t, "syntax error");
}

/* A row of the table whose key is "FIRST SECOND" (second word read here). */
static long two_words(struct pstate *ps, const struct ftok *kw, const char *second, enum fdir d)
{
	char key[40];
	const struct fprim *p;

	if (ps_expect_kw(ps, second) < 0)
		return -1;
	snprintf(key, sizeof(key), "%.*s %s", (int)kw->len, kw->s, second);
	p = flt_prim_find(key, strlen(key));
	return ps_prim_table(ps, p, d, kw);
}

/* A row of the table under another name ("engine type" = "engine-type"). */
static long alias(struct pstate *ps, const char *name, enum fdir d, const struct ftok *kw)
{
	return ps_prim_table(ps, flt_prim_find(name, strlen(name)), d, kw);
}

static long event_name(struct pstate *ps, int nat)
{
	static const struct { const char *w; int nat_ok, asa_ok; uint8_t v; } ev[] = {
		{ "ignore", 0, 1, 0 }, { "invalid", 1, 0, 0 }, { "create", 1, 1, 1 },
		{ "add", 1, 0, 1 }, { "term", 0, 1, 2 }, { "delete", 1, 1, 2 },
		{ "deny", 0, 1, 3 }, { "alert", 0, 1, 4 }, { "update", 0, 1, 5 },
	};
	const struct ftok *t = ps_peek(ps, 0);

	for (size_t i = 0; i < sizeof(ev) / sizeof(ev[0]); i++)
		if (ps_is_kw(t, ev[i].w) && (nat ? ev[i].nat_ok : ev[i].asa_ok)) {
			ps_next(ps);
			return ps_add(ps, &(struct fnode){ .kind = FN_FUNC, .a = FF_EVENT,
							   .val = ev[i].v });
		}
	return -2;
}

/* asa event denied ingress|egress|interface|nosyn|N: event 3 and that xevent. */
static long asa_denied(struct pstate *ps)
{
	static const struct { const char *w; uint16_t x; } why[] = {
		{ "ingress", 1001 }, { "egress", 1002 }, { "interface", 1003 }, { "nosyn", 1004 },
	};
	const struct ftok *t = ps_peek(ps, 0);
	uint64_t x = 0;
	size_t i;

	for (i = 0; i < sizeof(why) / sizeof(why[0]) && !ps_is_kw(t, why[i].w); i++)
		;
	if (i < sizeof(why) / sizeof(why[0])) {
		x = why[i].x;
		ps_next(ps);
	} else if (ps_number(ps, 65535, "Invalid xevent ID", &x)) {
		return -1;
	}
	return ps_bin(ps, FN_AND,
		      ps_add(ps, &(struct fnode){ .kind = FN_FUNC, .a = FF_EVENT, .val = 3 }),
		      ps_add(ps, &(struct fnode){ .kind = FN_FIELD, .size = 2, .vmask = UINT64_MAX,
				 .off = offsetof(struct flow_record, nsel_common.fw_xevent), .val = x }));
}

static long prim_asa(struct pstate *ps, const struct ftok *kw)
{
	const struct ftok *t = ps_peek(ps, 0);
	long r;

	if (ps_is_kw(t, "event")) {
		ps_next(ps);
		if (ps_is_kw(ps_peek(ps, 0), "denied")) {
			ps_next(ps);
			return asa_denied(ps);
		}
		if ((r = event_name(ps, 0)) != -2)
			return r;
		return alias(ps, "asa event", D_NONE, kw);
	}
	if (ps_is_kw(t, "xevent"))
		return two_words(ps, kw, "xevent", D_NONE);
	if (ps_is_kw(t, "user")) {
		ps_next(ps);
		return prim_word(ps, FS_USER, 65, "user name too long");
	}
	return ps_fail(ps, t, "syntax error");
}

/* [src|dst] xip|nip ADDR | in [ list ], xnet NET, xport N: 1.7.1 spellings. */
static long xlate_addr(struct pstate *ps, enum fdir d, const struct ftok *at, int is_net)
{
	int s = ps_sides(ps, DK_SRCDST, d, at);

	return s < 0 ? -1 : ps_prim_addr(ps, s, FA_XSRC, FA_XDST, is_net);
}

/* nat event|pblock|ip|net|port ...: the NEL primitives, 1.7.8 spellings included. */
static long prim_nat(struct pstate *ps, const struct ftok *kw, enum fdir d)
{
	const struct ftok *t = ps_peek(ps, 0);
	long r;

	if (ps_is_kw(t, "ip") || ps_is_kw(t, "net")) {
		ps_next(ps);
		return xlate_addr(ps, d, kw, ps_is_kw(t, "net"));
	}
	if (ps_is_kw(t, "port")) {
		ps_next(ps);
		return alias(ps, "xport", d, kw);
	}
	if (d != D_NONE)
		return ps_fail(ps, t, "direction qualifier not allowed here");
	if (ps_is_kw(t, "event")) {
		ps_next(ps);
		if ((r = event_name(ps, 1)) != -2)
			return r;
		return alias(ps, "nat event", D_NONE, kw);
	}
	if (ps_is_kw(t, "pblock"))
		return ps_prim_ext(ps, ps_next(ps), D_NONE);
	return ps_fail(ps, t, "syntax error");
}

static long prim_pblock(struct pstate *ps, const struct ftok *kw)
{
	static const char *const which[] = { "start", "end", "step", "size" };
	const struct ftok *t = ps_peek(ps, 0);

	for (size_t i = 0; i < 4; i++)
		if (ps_is_kw(t, which[i]))
			return two_words(ps, kw, which[i], D_NONE);
	return ps_fail(ps, t, "syntax error");
}

/* ingress|egress acl|ace|xace comp N; ingress|egress vrf comp N. */
static long prim_acl(struct pstate *ps, const struct ftok *kw)
{
	static const char *const ids[] = { "acl", "ace", "xace" };
	const struct ftok *t = ps_peek(ps, 0);
	int in = ps_is_kw(kw, "ingress");
	struct fnode n = { .kind = FN_FIELD_BE32, .size = 4 };

	if (ps_is_kw(t, "vrf"))
		return two_words(ps, kw, "vrf", D_NONE);
	for (size_t i = 0; i < 3; i++)
		if (ps_is_kw(t, ids[i])) {
			/* 1.7.1 refuses every egress form (a bug in its grammar);
			 * egress ace/xace are the second and third egress ids */
			n.off = (uint16_t)(in ? offsetof(struct flow_record, nsel_acl.ingress[i]) :
					   offsetof(struct flow_record, nsel_acl.egress[i]));
			ps_next(ps);
			n.cmp = ps_comp(ps);
			if (ps_number(ps, 0xffffffffu, "number out of range", &n.val))
				return -1;
			return ps_add(ps, &n);
		}
	return ps_fail(ps, t, "syntax error");
}

static long prim_tun(struct pstate *ps, enum fdir d, const struct ftok *kw)
{
	const struct ftok *t = ps_next(ps);
	uint64_t v;
	int p, s;

	if (ps_is_kw(t, "ip") || ps_is_kw(t, "net")) {
		if ((s = ps_sides(ps, DK_SRCDST, d, kw)) < 0)
			return -1;
		return ps_prim_addr(ps, s, FA_TUNSRC, FA_TUNDST, ps_is_kw(t, "net"));
	}
	if (!ps_is_kw(t, "proto") || d != D_NONE)
		return ps_fail(ps, t, "syntax error");
	t = ps_peek(ps, 0);
	p = t->kind != TK_WORD ? -1 : flt_number(t->s, t->len, &v) == 0 ?
		(v > 255 ? -2 : (int)v) : flt_proto_num(t->s, t->len);
	if (p < 0)
		return ps_fail(ps, t, p == -2 ? "Tunnel protocol number > 255" :
					       "Unknown tunnel protocol");
	ps_next(ps);
	return ps_add(ps, &(struct fnode){ .kind = FN_FUNC, .a = FF_TUNPROTO, .val = (uint64_t)p });
}

/* prev|next as comp N | as in [ ... ]: the BGP adjacent ASes. */
static long prim_adj_as(struct pstate *ps, int next, const struct ftok *kw)
{
	struct fprim p = { "as", DK_NONE, PF_COMP | PF_LIST, 0, 0, 4, 0, 0, 0xffffffffu, -1 };

	p.off1 = p.off2 = (uint16_t)(next ? offsetof(struct flow_record, as_adj.next_as) :
				     offsetof(struct flow_record, as_adj.prev_as));
	if (ps_expect_kw(ps, "as") < 0)
		return -1;
	return ps_prim_table(ps, &p, D_NONE, kw);
}

/* 1.7.8's "engine type N", "icmp code N", "exporter ip A", "exporter id N". */
static long two_word_spelling(struct pstate *ps, const struct ftok *kw, enum fdir d)
{
	const struct ftok *t = ps_peek(ps, 0);

	if (ps_is_kw(kw, "engine") && (ps_is_kw(t, "type") || ps_is_kw(t, "id"))) {
		ps_next(ps);
		return alias(ps, ps_is_kw(t, "type") ? "engine-type" : "engine-id", d, kw);
	}
	if (ps_is_kw(kw, "icmp") && (ps_is_kw(t, "type") || ps_is_kw(t, "code"))) {
		ps_next(ps);
		return alias(ps, ps_is_kw(t, "type") ? "icmp-type" : "icmp-code", d, kw);
	}
	if (ps_is_kw(kw, "exporter") && ps_is_kw(t, "ip")) {
		ps_next(ps);
		return ps_prim_addr(ps, S_ONE, FA_ROUTER, FA_ROUTER, 0);
	}
	if (ps_is_kw(kw, "exporter") && ps_is_kw(t, "id")) {
		ps_next(ps);
		return alias(ps, "sysid", d, kw);
	}
	return -2;
}

/* first|last seen comp TIME (1.7.8): ISO 8601 or nfdump's -t format, local time. */
static long prim_seen(struct pstate *ps, const struct ftok *kw)
{
	struct fnode n = { .kind = FN_FIELD, .size = 8, .vmask = UINT64_MAX };
	struct flow_timewin tw;
	struct flow_err terr = { 0 };
	const struct ftok *t;
	char buf[64];

	ps_next(ps);	/* seen */
	n.cmp = ps_comp(ps);
	t = ps_peek(ps, 0);
	if (t->kind != TK_WORD || t->len >= sizeof(buf))
		return ps_fail(ps, t, "Invalid ISO8601 time string");
	memcpy(buf, t->s, t->len);
	buf[t->len] = '\0';
	if (flow_timewin_parse(buf, &tw, &terr) || tw.has_end)
		return ps_fail(ps, t, "Invalid ISO8601 time string");
	ps_next(ps);
	n.off = (uint16_t)(ps_is_kw(kw, "first") ? offsetof(struct flow_record, generic.msec_first) :
			   offsetof(struct flow_record, generic.msec_last));
	n.val = tw.start_ms;
	return ps_add(ps, &n);
}

/* fwdstat NAME; -2 for the numeric forms, which the table handles. */
static long prim_fwdstat(struct pstate *ps)
{
	static const char *const cmps[] = { "eq", "gt", "lt", "ge", "le" };
	const struct ftok *t = ps_peek(ps, 0);
	uint64_t v;
	int id;

	if (t->kind != TK_WORD || flt_number(t->s, t->len, &v) == 0)
		return -2;
	for (size_t i = 0; i < 5; i++)
		if (ps_is_kw(t, cmps[i]))
			return -2;
	ps_next(ps);
	id = flt_fwdstat_num(t->s, t->len);
	if (id < 0)
		return ps_fail(ps, t, "Unknown forwarding status");
	return ps_add(ps, &(struct fnode){ .kind = FN_FIELD, .size = 1, .vmask = UINT64_MAX,
					   .off = offsetof(struct flow_record, generic.fwd_status),
					   .val = (uint64_t)id });
}

static long prim_misc(struct pstate *ps, const struct ftok *kw, enum fdir d)
{
	const struct ftok *t = ps_peek(ps, 0);

	if (ps_is_kw(kw, "fwdstat"))
		return prim_fwdstat(ps);
	if ((ps_is_kw(kw, "first") || ps_is_kw(kw, "last")) && ps_is_kw(t, "seen"))
		return prim_seen(ps, kw);
	if (ps_is_kw(kw, "observation")) {
		if (!ps_is_kw(t, "domain") && !ps_is_kw(t, "point"))
			return ps_fail(ps, t, "syntax error");
		ps_next(ps);
		if (ps_expect_kw(ps, "id") < 0)
			return -1;
		return alias(ps, ps_is_kw(t, "domain") ? "observation domain" :
				 "observation point", d, kw);
	}
	if (ps_is_kw(kw, "min") || ps_is_kw(kw, "max"))
		return two_words(ps, kw, "ttl", d);
	if ((ps_is_kw(kw, "next") || ps_is_kw(kw, "prev") || ps_is_kw(kw, "previous")) &&
	    ps_is_kw(t, "as"))
		return prim_adj_as(ps, ps_is_kw(kw, "next"), kw);
	if (ps_is_kw(kw, "prev") || ps_is_kw(kw, "previous"))
		return ps_fail(ps, t, "syntax error");
	return two_word_spelling(ps, kw, d);
}

long ps_prim_ext(struct pstate *ps, const struct ftok *kw, enum fdir d)
{
	int dir_ok = ps_is_kw(kw, "xip") || ps_is_kw(kw, "nip") || ps_is_kw(kw, "xnet") ||
		     ps_is_kw(kw, "nat") || ps_is_kw(kw, "tun") || ps_is_kw(kw, "tunip");

	if (kw->quoted)
		return -2;
	/* no geo database here: refuse as 1.7.1 does without one (-G) */
	if (ps_is_kw(kw, "geo"))
		return ps_fail(ps, kw, "Can not filter according geo elements without a geo location DB");
	if (dir_ok) {
		if (ps_is_kw(kw, "nat"))
			return prim_nat(ps, kw, d);
		if (ps_is_kw(kw, "tun"))
			return prim_tun(ps, d, kw);
		if (ps_is_kw(kw, "tunip")) {
			int s = ps_sides(ps, DK_SRCDST, d, kw);

			return s < 0 ? -1 : ps_prim_addr(ps, s, FA_TUNSRC, FA_TUNDST, 0);
		}
		return xlate_addr(ps, d, kw, ps_is_kw(kw, "xnet"));
	}
	if (d != D_NONE)
		return -2;
	if (ps_is_kw(kw, "ident"))
		return prim_ident(ps);
	if (ps_is_kw(kw, "count") || ps_is_kw(kw, "cnt"))
		ps->f->needs |= FLOW_FILTER_NEEDS_COUNT;
	if (ps_is_kw(kw, "flowlabel"))
		return prim_word(ps, FS_LABEL, 16, "Size flowlabel of range 1..16");
	if (ps_is_kw(kw, "payload"))
		return prim_payload(ps);
	if (ps_is_kw(kw, "asa"))
		return prim_asa(ps, kw);
	if (ps_is_kw(kw, "pblock"))
		return prim_pblock(ps, kw);
	if (ps_is_kw(kw, "ingress") || ps_is_kw(kw, "egress"))
		return prim_acl(ps, kw);
	return prim_misc(ps, kw, d);
}
