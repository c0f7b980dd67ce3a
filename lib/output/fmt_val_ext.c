/*
 * fmt_val_ext.c - value functions of the rarer fmt tokens: interface
 * names, MPLS, MAC, latency, NSEL/NAT events, ACLs, user, NBAR, label,
 * payload, and the 1.7.8 IP info tokens.  The placeholders are what
 * nfdump prints when the record lacks the data (cli.md §3.3).
 */
#include <string.h>

#include "output/fmt_tok.h"
#include "util/banned.h"

/* No interface-name records are kept: nfdump prints nothing then. */
void v_ifname(const struct fmt_out *o, const struct flow_record *r, const struct fmt_tok *t)
{
	(void)o;
	(void)r;
	(void)t;
}

/* "%8u-%1u-%1u": label, exp, end-of-stack. */
static void put_label(const struct fmt_out *o, uint32_t v)
{
	fmt_put_u(o, v >> 4, 8);
	ob_putc(o->ob, '-');
	ob_u64(o->ob, (v & 0xf) >> 1, 1);
	ob_putc(o->ob, '-');
	ob_u64(o->ob, v & 1, 1);
}

void v_mpls(const struct fmt_out *o, const struct flow_record *r, const struct fmt_tok *t)
{
	put_label(o, r->mpls.label[t->arg]);
}

/* Each of the ten labels followed by one space. */
void v_mpls_all(const struct fmt_out *o, const struct flow_record *r, const struct fmt_tok *t)
{
	(void)t;
	for (int i = 0; i < 10; i++) {
		put_label(o, r->mpls.label[i]);
		ob_putc(o->ob, ' ');
	}
}

void v_mac(const struct fmt_out *o, const struct flow_record *r, const struct fmt_tok *t)
{
	const uint64_t m[] = { r->mac.in_src, r->mac.out_dst, r->mac.in_dst, r->mac.out_src };
	char s[18];

	fmt_mac(s, m[t->arg]);
	ob_write(o->ob, s, 17);
}

/* usec as ms "%9.3f". */
void v_latency(const struct fmt_out *o, const struct flow_record *r, const struct fmt_tok *t)
{
	const uint64_t l[] = { r->latency.client_usec, r->latency.server_usec,
			       r->latency.appl_usec };

	ob_msec(o->ob, l[t->arg], o->csv ? 0 : t->width);
}

/*
 * Event time: 1.7.1 keeps one for NSEL and NAT, and NAT's element (later
 * in a record) wins; 1.7.8 takes NSEL's first.
 */
static uint64_t event_msec(const struct fmt_out *o, const struct flow_record *r)
{
	int nat = flow_has(r, EX_NAT_COMMON);

	if (o->dialect == DIALECT_178 && flow_has(r, EX_NSEL_COMMON))
		nat = 0;
	return nat ? r->nat_common.msec_event : r->nsel_common.msec_event;
}

void v_evt_time(const struct fmt_out *o, const struct flow_record *r, const struct fmt_tok *t)
{
	uint64_t ms = event_msec(o, r);

	if (ms == 0 && o->dialect == DIALECT_178) {
		ob_write(o->ob, "0000-00-00 00:00:00.000", 23);
		return;
	}
	ob_puts(o->ob, fmt_localtime(&o->p->tother, (time_t)(ms / 1000)));
	ob_putc(o->ob, '.');
	ob_ms3(o->ob, (unsigned)(ms % 1000));
	(void)t;
}

void v_evt_msec(const struct fmt_out *o, const struct flow_record *r, const struct fmt_tok *t)
{
	fmt_put_u(o, event_msec(o, r), t->width);
}

/*
 * 1.7.1 keeps one event for NSEL and NAT (NAT's wins) and names it "%7s"
 * as a firewall event when an extended event is set, else as a NAT event.
 */
static void event171(const struct fmt_out *o, const struct flow_record *r)
{
	unsigned ev = flow_has(r, EX_NAT_COMMON) ? r->nat_common.event : r->nsel_common.fw_event;
	const char *s = r->nsel_common.fw_xevent ? fmt_fw_event(ev) : fmt_nat_event(ev);

	fmt_pad(o, s, strlen(s), 7, 0);
}

/*
 * 1.7.8: NSEL's event; NAT's (short name) when there is no NSEL event;
 * "<no-evt>" without either; -N the number.
 */
static void event178(const struct fmt_out *o, const struct flow_record *r, unsigned w)
{
	unsigned ev = flow_has(r, EX_NSEL_COMMON) ? r->nsel_common.fw_event : 0;
	const char *s = "<no-evt>";
	char b[24];

	if (ev == 0 && flow_has(r, EX_NAT_COMMON))
		ev = r->nat_common.event;
	if (o->plain) {
		fmt_put_u(o, ev, 0);
		return;
	}
	if (flow_has(r, EX_NSEL_COMMON))
		s = fmt_fw_event178(b, r->nsel_common.fw_event);
	if (flow_has(r, EX_NAT_COMMON) && (!flow_has(r, EX_NSEL_COMMON) || r->nsel_common.fw_event == 0))
		s = fmt_nat_event178(b, r->nat_common.event, 0);
	fmt_pad(o, s, strlen(s), w, 0);
}

void v_evt(const struct fmt_out *o, const struct flow_record *r, const struct fmt_tok *t)
{
	if (o->dialect == DIALECT_171)
		event171(o, r);
	else
		event178(o, r, t->width);
}

void v_nat_evt(const struct fmt_out *o, const struct flow_record *r, const struct fmt_tok *t)
{
	(void)t;
	event171(o, r);
}

void v_xevt(const struct fmt_out *o, const struct flow_record *r, const struct fmt_tok *t)
{
	char b[24];
	const char *s;

	if (o->dialect == DIALECT_171)
		s = fmt_fw_xevent(b, r->nsel_common.fw_xevent);
	else if (flow_has(r, EX_NSEL_COMMON))
		s = fmt_fw_xevent178(b, r->nsel_common.fw_xevent);
	else
		s = "<no-evt>";
	fmt_pad(o, s, strlen(s), t->width, 0);
}

/*
 * "0x%-8x 0x%-8x 0x%-8x" of the ingress ids; the egress ids as
 * "%10u %10u %10u" (both versions).
 */
void v_acl(const struct fmt_out *o, const struct flow_record *r, const struct fmt_tok *t)
{
	const uint32_t *s = t->arg ? r->nsel_acl.egress : r->nsel_acl.ingress;
	uint32_t a[3];

	/* 1.7.1 swaps the stored ids, 1.7.8 prints them as stored */
	for (int i = 0; i < 3; i++)
		a[i] = o->dialect == DIALECT_171 ? __builtin_bswap32(s[i]) : s[i];
	if (o->csv)
		ob_printf(o->ob, "0x%x 0x%x 0x%x", a[0], a[1], a[2]);
	else if (t->arg)	/* sic: egress ids in decimal */
		ob_printf(o->ob, "%10u %10u %10u", a[0], a[1], a[2]);
	else
		ob_printf(o->ob, "0x%-8x 0x%-8x 0x%-8x", a[0], a[1], a[2]);
}

/* 1.7.1: "<empty>" for an empty name; 1.7.8 only without the element. */
void v_user(const struct fmt_out *o, const struct flow_record *r, const struct fmt_tok *t)
{
	const char *u = r->nsel_user.username;
	size_t n = strnlen(u, sizeof(r->nsel_user.username));

	(void)t;
	if (o->dialect == DIALECT_178 ? !flow_has(r, EX_NSEL_USER) : n == 0)
		ob_puts(o->ob, "<empty>");
	else
		ob_write(o->ob, u, n);
}

/*
 * "%2u..%u": classification engine id, then the selector (network
 * order); 1.7.8 prints engine 20 as "20..PEN..selector" and "0..0..0"
 * without the element.
 */
void v_nbar_id(const struct fmt_out *o, const struct flow_record *r, const struct fmt_tok *t)
{
	const struct flow_bytes *b = &r->nbar;
	unsigned from = 1;
	uint32_t sel = 0;

	(void)t;
	if (o->dialect == DIALECT_178 && !flow_has(r, EX_NBAR)) {
		ob_write(o->ob, "0..0..0", 7);
		return;
	}
	if (o->dialect == DIALECT_178 && b->len >= 5 && b->ptr[0] == 20) {
		uint32_t pen = (uint32_t)b->ptr[1] << 24 | (uint32_t)b->ptr[2] << 16 |
			       (uint32_t)b->ptr[3] << 8 | b->ptr[4];

		ob_printf(o->ob, "%2u..%u..", b->ptr[0], pen);
		from = 5;
		for (unsigned i = from; i < b->len; i++)
			sel = sel << 8 | b->ptr[i];
		ob_printf(o->ob, "%u", sel);
		return;
	}
	for (unsigned i = from; i < b->len && (o->dialect == DIALECT_178 || i < 5); i++)
		sel = sel << 8 | b->ptr[i];
	ob_printf(o->ob, "%2u..%u", b->len ? b->ptr[0] : 0, sel);
}

void v_text(const struct fmt_out *o, const struct flow_record *r, const struct fmt_tok *t)
{
	int v171 = o->dialect == DIALECT_171;
	const char *s = "";
	unsigned w = t->width;

	switch (t->arg) {
	case TXT_DOTS: s = ".."; w = 0; break;
	case TXT_NOINFO:
		s = v171 || flow_has(r, EX_NBAR) ? "<no info>" : "<no nbar>";
		w = 0;
		break;
	case TXT_JA3:
		w = v171 ? 32 : t->width;
		if (!v171)
			s = "no ja3";
		else if (flow_has(r, EX_IN_PAYLOAD) && r->in_payload.len)
			s = "ja3 error";
		break;
	case TXT_JA4: s = "no ja4"; break;
	case TXT_SNI: s = v171 ? "" : "0"; w = v171 ? 6 : 4; break;
	case TXT_ZERO: s = "0"; w = 4; break;
	case TXT_BARE: w = 0; break;
	case TXT_LOC: s = v171 ? "" : "<no location info>"; w = 0; break;
	case TXT_UNKNOWN:	/* the Nokia NAT string */
		if (flow_has(r, EX_NOKIA_NAT_STRING)) {
			const struct flow_bytes *b = &r->nokia_nat_string;

			ob_write(o->ob, (const char *)b->ptr,
				 b->len ? strnlen((const char *)b->ptr, b->len) : 0);
			return;
		}
		s = "<unknown>";
		w = 0;
		break;
	default: break;
	}
	fmt_pad(o, s, strlen(s), w, 0);
}

/* OpenBSD pflog names, as nfdump 1.7.8 lists them ("memory)" sic). */
static const char *pf_name(unsigned what, unsigned v)
{
	static const char *const actions[] = {
		"pass", "block", "scrub", "noscrub", "nat", "nonat", "binat", "nobinat",
		"rdr", "nordr", "synblock", "defer", "match", "divert", "rt", "afrt",
	};
	static const char *const reasons[] = {
		"match", "bad-offset", "fragment", "short", "normalize", "memory)",
		"bad-timestamp", "congestion", "ip-option", "proto-cksum", "state-mismatch",
		"state-insert", "state-limit", "src-limit", "synproxy", "translate", "no-route",
	};

	if (what == 1)
		return v < sizeof(actions) / sizeof(actions[0]) ? actions[v] : "<undef>";
	return v < sizeof(reasons) / sizeof(reasons[0]) ? reasons[v] : "<undef>";
}

/* %pfifn %pfact %pfrea %pfdir (1.7.8): arg 0..3; placeholders without pflog. */
void v_pf(const struct fmt_out *o, const struct flow_record *r, const struct fmt_tok *t)
{
	const struct ex_pfinfo *pf = &r->pfinfo;
	char ifname[24];
	const char *s;
	unsigned w = t->width;

	if (!flow_has(r, EX_PFINFO)) {
		s = t->arg == 3 ? "<no pfinfo>" : "<no-pf>";
		fmt_pad(o, s, strlen(s), t->arg == 0 ? w : 0, 0);
		return;
	}
	switch (t->arg) {
	case 0: {
		size_t n = r->pf_ifname.len < sizeof(ifname) - 1 ? r->pf_ifname.len : sizeof(ifname) - 1;

		memcpy(ifname, r->pf_ifname.ptr ? (const char *)r->pf_ifname.ptr : "", n);
		ifname[n] = '\0';
		s = ifname;
		break;
	}
	case 1: s = pf_name(1, pf->action); break;
	case 2: s = pf_name(2, pf->reason); break;
	default: s = pf->dir ? "in" : "out"; break;
	}
	fmt_pad(o, s, strlen(s), w, 0);
}

/* 1.7.8 prints no label. */
static int label_shown(const struct fmt_out *o, const struct flow_record *r)
{
	return o->dialect == DIALECT_171 && flow_has(r, EX_LABEL);
}

/* "0x%13llu" (sic: decimal after "0x"). */
void v_flow_id(const struct fmt_out *o, const struct flow_record *r, const struct fmt_tok *t)
{
	ob_write(o->ob, "0x", 2);
	fmt_put_u(o, r->flow_id.flow_id, t->width);
}

/* "%16s": the label or "<none>". */
void v_label(const struct fmt_out *o, const struct flow_record *r, const struct fmt_tok *t)
{
	if (label_shown(o, r)) {
		size_t n = r->label.len ? strnlen((const char *)r->label.ptr, r->label.len) : 0;

		fmt_pad(o, (const char *)r->label.ptr, n, t->width, 0);
		return;
	}
	fmt_pad(o, "<none>", 6, t->width, 0);
}

/* The payload tokens print nothing in a line. */
void v_payload(const struct fmt_out *o, const struct flow_record *r, const struct fmt_tok *t)
{
	(void)o;
	(void)r;
	(void)t;
}

void v_ttl(const struct fmt_out *o, const struct flow_record *r, const struct fmt_tok *t)
{
	(void)t;
	fmt_put_u(o, r->ipinfo.min_ttl, 5);
	ob_putc(o->ob, ' ');
	fmt_put_u(o, r->ipinfo.max_ttl, 5);
}

/* "DF"/"MF", "--" each when clear. */
void v_frag(const struct fmt_out *o, const struct flow_record *r, const struct fmt_tok *t)
{
	uint8_t f = r->ipinfo.frag_flags;
	char s[4] = { '-', '-', '-', '-' };

	(void)t;
	if (f & 0x40) {
		s[0] = 'D';
		s[1] = 'F';
	}
	if (f & 0x20) {
		s[2] = 'M';
		s[3] = 'F';
	}
	ob_write(o->ob, s, 4);
}

void v_eth(const struct fmt_out *o, const struct flow_record *r, const struct fmt_tok *t)
{
	char s[16];

	snprintf(s, sizeof(s), "0x%04x", r->layer2.ether_type);
	fmt_pad(o, s, strlen(s), t->width, 0);
}
