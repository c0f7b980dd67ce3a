/*
 * fmt_val.c - value functions of the fmt tokens: numbers, times, protocol
 * and flags (addresses: fmt_val_addr.c; the rarer elements: fmt_val_ext.c).
 *
 * Text columns are right-aligned at the token's width unless noted; in
 * csv (1.7.8) values are bare.  Where 1.7.1 and 1.7.8 print a value
 * differently the function says so.
 */
#include <string.h>
#include <time.h>

#include "output/fmt_tok.h"
#include "util/conv.h"
#include "util/banned.h"

void fmt_put_u(const struct fmt_out *o, uint64_t v, unsigned w)
{
	ob_u64(o->ob, v, o->csv ? 0 : w);
}

static uint64_t field(const struct flow_record *r, const struct fmt_tok *t)
{
	const char *p = (const char *)r + t->arg;

	switch (t->size) {
	case 1: return *(const uint8_t *)p;
	case 2: return *(const uint16_t *)p;
	case 4: return *(const uint32_t *)p;
	default: return *(const uint64_t *)p;
	}
}

void v_uint(const struct fmt_out *o, const struct flow_record *r, const struct fmt_tok *t)
{
	unsigned w = o->dialect == DIALECT_171 && t->width171 ? t->width171 : t->width;

	fmt_put_u(o, field(r, t), w);
}

/* " %6u": a blank always, then the number (the AS adjacency columns). */
void v_uint_sp(const struct fmt_out *o, const struct flow_record *r, const struct fmt_tok *t)
{
	if (!o->csv)
		ob_putc(o->ob, ' ');
	fmt_put_u(o, field(r, t), t->width);
}

/* "0x%0*x" with width hex digits (observation domain and point). */
void v_hex(const struct fmt_out *o, const struct flow_record *r, const struct fmt_tok *t)
{
	if (o->dialect == DIALECT_178 && !flow_has(r, EX_OBSERVATION)) {
		ob_write(o->ob, "0x00", 4);
		return;
	}
	ob_printf(o->ob, "0x%0*llx", (int)t->width, (unsigned long long)field(r, t));
}

static uint64_t msec_of(const struct flow_record *r, unsigned sel)
{
	switch (sel) {
	case SEL_FIRST: return r->generic.msec_first;
	case SEL_LAST: return r->generic.msec_last;
	case SEL_RECV: return r->generic.msec_received;
	case SEL_NAT_EVT: return r->nat_common.msec_event;
	default: return r->nsel_common.msec_event;
	}
}

static struct fmt_tcache *cache_of(struct flow_printer *p, unsigned sel)
{
	return sel == SEL_FIRST ? &p->tfirst : sel == SEL_LAST ? &p->tlast : &p->tother;
}

/* "YYYY-mm-dd HH:MM:SS.mmm"; 1.7.8 prints a zero time as zeros. */
void v_time(const struct fmt_out *o, const struct flow_record *r, const struct fmt_tok *t)
{
	uint64_t ms = msec_of(r, t->arg);

	if (ms == 0 && o->dialect == DIALECT_178) {
		ob_write(o->ob, "0000-00-00 00:00:00.000", 23);
		return;
	}
	fmt_put_time(o->ob, cache_of(o->p, t->arg), ms);
}

void v_time_gmt(const struct fmt_out *o, const struct flow_record *r, const struct fmt_tok *t)
{
	uint64_t ms = msec_of(r, t->arg);
	time_t sec = (time_t)(ms / 1000);
	struct tm tm;
	char s[64];

	if (ms == 0 || !gmtime_r(&sec, &tm)) {
		ob_write(o->ob, "0000-00-00 00:00:00.000", 23);
		return;
	}
	strftime(s, sizeof(s), "%Y-%m-%d %H:%M:%S", &tm);
	ob_puts(o->ob, s);
	ob_putc(o->ob, '.');
	ob_ms3(o->ob, (unsigned)(ms % 1000));
}

/*
 * UNIX seconds.ms.  1.7.8: "%10llu.%03llu".  1.7.1 prints "%u.%03u" and,
 * for last seen, the ms of (last % 100): kept, as scripts may diff it.
 */
void v_time_raw(const struct fmt_out *o, const struct flow_record *r, const struct fmt_tok *t)
{
	uint64_t ms = msec_of(r, t->arg);
	unsigned frac = (unsigned)(ms % 1000);

	if (o->dialect == DIALECT_171 && t->arg == SEL_LAST)
		frac = (unsigned)(ms % 100);
	fmt_put_u(o, ms / 1000, o->dialect == DIALECT_171 ? 0 : 10);
	ob_putc(o->ob, '.');
	ob_ms3(o->ob, frac);
}

/* "    hh:mm:ss.mmm", "%2dd hh:mm:ss.mmm" from a day on; -N or csv: seconds. */
void v_dur(const struct fmt_out *o, const struct flow_record *r, const struct fmt_tok *t)
{
	uint64_t ms = r->generic.msec_last - r->generic.msec_first;
	uint64_t s = ms / 1000;
	char b[24];

	if (o->plain || o->csv) {
		ob_msec(o->ob, ms, o->csv ? 0 : t->width);
		return;
	}
	if (s >= 86400)
		ob_printf(o->ob, "%2llud ", (unsigned long long)(s / 86400));
	else
		ob_spaces(o->ob, 4);
	b[0] = (char)('0' + s % 86400 / 3600 / 10);
	b[1] = (char)('0' + s % 86400 / 3600 % 10);
	b[2] = ':';
	b[3] = (char)('0' + s % 3600 / 600);
	b[4] = (char)('0' + s % 600 / 60);
	b[5] = ':';
	b[6] = (char)('0' + s % 60 / 10);
	b[7] = (char)('0' + s % 10);
	b[8] = '.';
	ob_write(o->ob, b, 9);
	ob_ms3(o->ob, (unsigned)(ms % 1000));
}

void v_dur_s(const struct fmt_out *o, const struct flow_record *r, const struct fmt_tok *t)
{
	ob_msec(o->ob, r->generic.msec_last - r->generic.msec_first, o->csv ? 0 : t->width);
}

/* "%8s" of nfdump's scaled number ("2.0 M"); -N and csv: plain. */
static void put_scaled(const struct fmt_out *o, uint64_t v, unsigned w)
{
	char s[FMT_NUM_LEN];

	if (o->csv || o->plain || v < 1000000) {
		fmt_put_u(o, v, w);
		return;
	}
	fmt_number(s, v, 0, 1);
	fmt_pad(o, s, strlen(s), w, 0);
}

void v_scaled(const struct fmt_out *o, const struct flow_record *r, const struct fmt_tok *t)
{
	static const size_t off[] = {
		[SEL_IN_PKT] = offsetof(struct flow_record, generic.in_packets),
		[SEL_IN_BYT] = offsetof(struct flow_record, generic.in_bytes),
		[SEL_OUT_PKT] = offsetof(struct flow_record, cnt.out_packets),
		[SEL_OUT_BYT] = offsetof(struct flow_record, cnt.out_bytes),
	};

	put_scaled(o, *(const uint64_t *)((const char *)r + off[t->arg]), t->width);
}

/*
 * 1.7.1 and 1.7.8's csv: per second in double, truncated; 1.7.8's text
 * columns: 1000 * n / ms in integers.  8 * bytes wraps in 64 bits.
 */
void v_rate(const struct fmt_out *o, const struct flow_record *r, const struct fmt_tok *t)
{
	const struct ex_generic *g = &r->generic;
	uint64_t ms = g->msec_last - g->msec_first, v = 0;

	if (ms && o->dialect == DIALECT_178 && !o->csv)
		v = 1000 * (t->arg == SEL_PPS ? g->in_packets : g->in_bytes << 3) / ms;
	else if (ms && t->arg == SEL_PPS)
		v = conv_u64((double)g->in_packets / ((double)ms / 1000.0));
	else if (ms)
		v = conv_u64((double)(g->in_bytes * 8) / ((double)ms / 1000.0));
	put_scaled(o, v, t->width);
}

/* A 32-bit value in 1.7.1. */
void v_bpp(const struct fmt_out *o, const struct flow_record *r, const struct fmt_tok *t)
{
	const struct ex_generic *g = &r->generic;

	fmt_put_u(o, g->in_packets ? (uint32_t)(g->in_bytes / g->in_packets) : 0, t->width);
}

/*
 * 1.7.1: 0 counts as 1, except on the tunnel line (no generic element);
 * 1.7.8: 1 without a counter element.
 */
void v_flows(const struct fmt_out *o, const struct flow_record *r, const struct fmt_tok *t)
{
	uint64_t n;

	if (o->dialect == DIALECT_178)
		n = flow_has(r, EX_CNT) ? r->cnt.flows : 1;
	else
		n = r->cnt.flows ? r->cnt.flows : flow_has(r, EX_GENERIC) ? 1 : 0;
	fmt_put_u(o, n, t->width);
}

/* Name "%-5s"; -N and csv: the number. */
void v_proto(const struct fmt_out *o, const struct flow_record *r, const struct fmt_tok *t)
{
	char b[16];
	const char *s;

	if (o->csv) {
		fmt_put_u(o, r->generic.proto, 0);
		return;
	}
	if (o->plain) {
		snprintf(b, sizeof(b), "%u", r->generic.proto);
		s = b;
	} else {
		s = fmt_proto(b, r->generic.proto);
	}
	fmt_pad(o, s, strlen(s), t->width, 1);
}

/* "CEUAPRSF" of TCP flows only (others: 0); 1.7.8 -N a number. */
void v_flags(const struct fmt_out *o, const struct flow_record *r, const struct fmt_tok *t)
{
	uint8_t f = r->generic.tcp_flags;
	char s[9];

	if (r->generic.proto != 6)
		f = 0;
	if (o->plain && o->dialect == DIALECT_178 && !o->csv) {
		fmt_put_u(o, f, t->width);
		return;
	}
	fmt_tcp_flags(s, f);
	ob_write(o->ob, s, 8);
}

/* 4 wide in 1.7.8, 3 in 1.7.1. */
void v_tos(const struct fmt_out *o, const struct flow_record *r, const struct fmt_tok *t)
{
	fmt_put_u(o, r->generic.src_tos, o->dialect == DIALECT_171 ? 3 : t->width);
}

static int is_icmp(const struct flow_record *r)
{
	return r->generic.proto == 1 || r->generic.proto == 58;
}

/* ICMP: "type.code"; else the port. */
void v_dp(const struct fmt_out *o, const struct flow_record *r, const struct fmt_tok *t)
{
	uint16_t dp = r->generic.dst_port;
	char s[16];

	if (!is_icmp(r)) {
		fmt_put_u(o, dp, t->width);
		return;
	}
	snprintf(s, sizeof(s), "%u.%u", dp >> 8, dp & 0xff);
	fmt_pad(o, s, strlen(s), t->width, 0);
}

/* 1.7.1: 0 unless ICMP; 1.7.8: the dst port's high/low byte always. */
void v_icmp(const struct fmt_out *o, const struct flow_record *r, const struct fmt_tok *t)
{
	uint16_t dp = r->generic.dst_port;
	unsigned v = t->arg == SEL_TYPE ? dp >> 8 : dp & 0xff;

	if (o->dialect == DIALECT_171 && !is_icmp(r))
		v = 0;
	fmt_put_u(o, v, t->width);
}

void v_dir(const struct fmt_out *o, const struct flow_record *r, const struct fmt_tok *t)
{
	char c = r->misc.dir ? 'E' : 'I';

	fmt_pad(o, &c, 1, t->width, 0);
}

/* Nv5, Nv9, Nv10, Sv.., Pv.., EVT.., FLO. */
void v_nfv(const struct fmt_out *o, const struct flow_record *r, const struct fmt_tok *t)
{
	char s[16];
	unsigned v = r->nfversion;

	(void)t;
	if (r->flags & V3_FLAG_EVENT)
		snprintf(s, sizeof(s), "EVT%u", v);
	else if (v == 0)
		snprintf(s, sizeof(s), "FLO");
	else
		snprintf(s, sizeof(s), "%s%u", v & 0x80 ? "Sv" : v & 0x40 ? "Pv" : "Nv", v & 0x0f);
	ob_puts(o->ob, s);
}

/*
 * 1.7.1: the records printed (the tunnel line, no generic element, 0);
 * 1.7.8: the records read, exporter records too.
 */
void v_cnt(const struct fmt_out *o, const struct flow_record *r, const struct fmt_tok *t)
{
	uint64_t n = o->dialect == DIALECT_171 ? o->p->printed : o->p->seq;

	fmt_put_u(o, flow_has(r, EX_GENERIC) ? n : 0, t->width);
}

void v_ident(const struct fmt_out *o, const struct flow_record *r, const struct fmt_tok *t)
{
	const char *s = o->p->ident ? o->p->ident : "<no ident>";

	(void)r;
	fmt_pad(o, s, strlen(s), t->width, 1);
}

/* "%3u/%-3u" type/id. */
void v_eng(const struct fmt_out *o, const struct flow_record *r, const struct fmt_tok *t)
{
	(void)t;
	fmt_put_u(o, r->engine_type, 3);
	ob_putc(o->ob, '/');
	if (o->csv) {
		fmt_put_u(o, r->engine_id, 0);
		return;
	}
	ob_u64(o->ob, r->engine_id, 0);
	ob_spaces(o->ob, r->engine_id >= 100 ? 0 : r->engine_id >= 10 ? 1 : 2);
}

void v_newline(const struct fmt_out *o, const struct flow_record *r, const struct fmt_tok *t)
{
	(void)r;
	(void)t;
	ob_putc(o->ob, '\n');
}

void v_none(const struct fmt_out *o, const struct flow_record *r, const struct fmt_tok *t)
{
	(void)r;
	fmt_pad(o, "", 0, t->width, 0);
}
