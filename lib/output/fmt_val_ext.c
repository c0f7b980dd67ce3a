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
 * nfdump keeps one event time and one event for NSEL and NAT; NAT's
 * element comes later in a record and wins.
 */
static unsigned event_sel(const struct flow_record *r)
{
	return flow_has(r, EX_NAT_COMMON) ? SEL_NAT_EVT : SEL_NSEL_EVT;
}

void v_evt_time(const struct fmt_out *o, const struct flow_record *r, const struct fmt_tok *t)
{
	struct fmt_tok tt = *t;

	tt.arg = (uint16_t)event_sel(r);
	v_time(o, r, &tt);
}

void v_evt_msec(const struct fmt_out *o, const struct flow_record *r, const struct fmt_tok *t)
{
	uint64_t ms = event_sel(r) == SEL_NAT_EVT ? r->nat_common.msec_event :
		      r->nsel_common.msec_event;

	fmt_put_u(o, ms, t->width);
}

static int has_event(const struct flow_record *r)
{
	return flow_has(r, EX_NSEL_COMMON) || flow_has(r, EX_NAT_COMMON);
}

/*
 * 1.7.1 keeps one event field for NSEL and NAT and names it "%7s" as a
 * firewall event when an extended event is set, else as a NAT event.
 * 1.7.8 prints "<no-evt>" without an event element.
 */
static void put_event(const struct fmt_out *o, const struct flow_record *r, unsigned w)
{
	unsigned ev = flow_has(r, EX_NAT_COMMON) ? r->nat_common.event : r->nsel_common.fw_event;
	const char *s;

	if (o->dialect == DIALECT_178 && !has_event(r))
		s = "<no-evt>";
	else if (o->dialect == DIALECT_178)
		s = flow_has(r, EX_NSEL_COMMON) ? fmt_fw_event(ev) : fmt_nat_event(ev);
	else
		s = r->nsel_common.fw_xevent ? fmt_fw_event(ev) : fmt_nat_event(ev);
	fmt_pad(o, s, strlen(s), w, 0);
}

void v_evt(const struct fmt_out *o, const struct flow_record *r, const struct fmt_tok *t)
{
	put_event(o, r, o->dialect == DIALECT_171 ? 7 : t->width);
}

void v_nat_evt(const struct fmt_out *o, const struct flow_record *r, const struct fmt_tok *t)
{
	(void)t;
	put_event(o, r, 7);
}

void v_xevt(const struct fmt_out *o, const struct flow_record *r, const struct fmt_tok *t)
{
	char b[16];
	const char *s = fmt_fw_xevent(b, r->nsel_common.fw_xevent);

	if (o->dialect == DIALECT_178 && !flow_has(r, EX_NSEL_COMMON))
		s = "<no-evt>";
	fmt_pad(o, s, strlen(s), t->width, 0);
}

/*
 * "0x%-8x 0x%-8x 0x%-8x" of the ids as stored (network order).  1.7.1
 * prints the egress ids as "%10u %10u %10u".
 */
void v_acl(const struct fmt_out *o, const struct flow_record *r, const struct fmt_tok *t)
{
	const uint32_t *s = t->arg ? r->nsel_acl.egress : r->nsel_acl.ingress;
	uint32_t a[3];

	for (int i = 0; i < 3; i++)
		a[i] = __builtin_bswap32(s[i]);
	if (o->csv)
		ob_printf(o->ob, "0x%x 0x%x 0x%x", a[0], a[1], a[2]);
	else if (t->arg && o->dialect == DIALECT_171)
		ob_printf(o->ob, "%10u %10u %10u", a[0], a[1], a[2]);
	else
		ob_printf(o->ob, "0x%-8x 0x%-8x 0x%-8x", a[0], a[1], a[2]);
}

void v_user(const struct fmt_out *o, const struct flow_record *r, const struct fmt_tok *t)
{
	const char *u = r->nsel_user.username;
	size_t n = strnlen(u, sizeof(r->nsel_user.username));

	(void)t;
	if (n == 0)
		ob_puts(o->ob, "<empty>");
	else
		ob_write(o->ob, u, n);
}

/* "%2u..%u": classification engine id, then the selector (network order). */
void v_nbar_id(const struct fmt_out *o, const struct flow_record *r, const struct fmt_tok *t)
{
	const struct flow_bytes *b = &r->nbar;
	uint32_t sel = 0;

	(void)t;
	for (unsigned i = 1; i < b->len && i < 5; i++)
		sel = sel << 8 | b->ptr[i];
	ob_printf(o->ob, "%2u..%u", b->len ? b->ptr[0] : 0, sel);
}

void v_text(const struct fmt_out *o, const struct flow_record *r, const struct fmt_tok *t)
{
	switch (t->arg) {
	case TXT_DOTS:
		ob_write(o->ob, "..", 2);
		break;
	case TXT_NOINFO:
		ob_puts(o->ob, "<no info>");
		break;
	case TXT_JA3:
		if (flow_has(r, EX_IN_PAYLOAD) && r->in_payload.len)
			fmt_pad(o, "ja3 error", 9, o->dialect == DIALECT_171 ? 32 : t->width, 0);
		else
			fmt_pad(o, "", 0, o->dialect == DIALECT_171 ? 32 : t->width, 0);
		break;
	case TXT_SNI:
		fmt_pad(o, "", 0, 6, 0);
		break;
	case TXT_BARE:
		break;
	default:
		fmt_pad(o, "", 0, t->width, 0);
		break;
	}
}

/* "%16s": the label or "<none>". */
void v_label(const struct fmt_out *o, const struct flow_record *r, const struct fmt_tok *t)
{
	if (flow_has(r, EX_LABEL)) {
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
