/*
 * fmtutil.h - text building blocks shared by every output mode.
 *
 * Internal to lib/output (bin/ never includes it).  Two parts:
 *
 *  - struct obuf: an append-only text buffer in front of a FILE.  A mode
 *    builds a whole record in it and writes it with one fwrite, so the hot
 *    path has no per-record allocation and no per-field stdio call.  When a
 *    record outgrows the buffer (a payload hex dump) the buffer is flushed
 *    and filling continues; text order is always preserved.
 *
 *  - formatters that reproduce nfdump's conventions exactly: number
 *    scaling ("1.5 M"), local time stamps, the tcp flags string, protocol
 *    names, address and mask strings, event names.  Each writes into a
 *    caller buffer or returns a constant string: no static state, so two
 *    printers can run in two threads.
 */
#ifndef FLOW_OUTPUT_FMTUTIL_H
#define FLOW_OUTPUT_FMTUTIL_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "record/record.h"

#define OBUF_SIZE 65536

struct flow_text;

/*
 * Text is formatted at buf: the struct's own array, whose flush writes to
 * fp, or (a memory printer) straight into the free space of mem, whose
 * flush only counts it: the parallel listings' text is then never copied
 * inside the process (an extra memcpy of the output was 9% of -o json).
 * Not to be copied by value: buf may point into it.
 */
struct obuf {
	FILE *fp;
	struct flow_text *mem;	/* non-NULL: the text goes here, not to fp */
	char *buf;
	size_t len, cap;	/* used and usable at buf */
	int wide;		/* raw: values one column wider (1.7.8) */
	char own[OBUF_SIZE];
};

void ob_init(struct obuf *ob, FILE *fp);
/* Write into t's memory from now on (it grows as needed; failed if not). */
void ob_set_mem(struct obuf *ob, struct flow_text *t);
/* Write what is buffered to the FILE; the buffer is empty afterwards. */
void ob_flush(struct obuf *ob);
/* Slow path of ob_write: the text does not fit the buffer's rest. */
void ob_write_split(struct obuf *ob, const char *s, size_t n);
void ob_printf(struct obuf *ob, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void ob_spaces_slow(struct obuf *ob, unsigned n);

/* n blanks; padding is short, so the common case is one fixed copy. */
static inline void ob_spaces(struct obuf *ob, unsigned n)
{
	static const char blanks[16] = "                ";

	if (n <= 16 && ob->cap - ob->len >= 16) {
		memcpy(ob->buf + ob->len, blanks, 16);
		ob->len += n;
		return;
	}
	ob_spaces_slow(ob, n);
}
/* "00".."99": two digits per step when printing numbers. */
extern const char fmt_digits2[201];

/* Number of decimal digits of v. */
static inline size_t fmt_u64_len(uint64_t v)
{
	size_t n = 1;

	while (v >= 10000) {
		v /= 10000;
		n += 4;
	}
	return n + (v >= 10) + (v >= 100) + (v >= 1000);
}

/* The n (= fmt_u64_len(v)) digits of v at s, two at a time from the end. */
static inline void fmt_u64_put(char *s, uint64_t v, size_t n)
{
	char *p = s + n;

	while (v >= 100) {
		unsigned d = (unsigned)(v % 100) * 2;

		v /= 100;
		*--p = fmt_digits2[d + 1];
		*--p = fmt_digits2[d];
	}
	if (v >= 10) {
		*--p = fmt_digits2[v * 2 + 1];
		*--p = fmt_digits2[v * 2];
	} else {
		*--p = (char)('0' + v);
	}
}

void ob_u64_slow(struct obuf *ob, uint64_t v, unsigned width);

/*
 * ms / 1000.0 as "%*.3f" would print it, without the float formatting
 * for the values that are exact in a double (< 2^53); width as "%*.3f".
 */
void ob_msec(struct obuf *ob, uint64_t ms, unsigned width);

/* Three digits, zero-padded ("%03u" of v < 1000): the ms of a time stamp. */
void ob_ms3(struct obuf *ob, unsigned v);

/*
 * n <= 16 bytes from s to d, with 16 bytes of room at d.  Most pieces of
 * text are a few bytes: two overlapping fixed-size copies beat a call to
 * memcpy.
 */
static inline __attribute__((always_inline)) void ob_copy_small(char *d, const char *s, size_t n)
{
	if (n >= 8) {
		memcpy(d, s, 8);
		memcpy(d + n - 8, s + n - 8, 8);
	} else if (n >= 4) {
		memcpy(d, s, 4);
		memcpy(d + n - 4, s + n - 4, 4);
	} else if (n) {
		d[0] = s[0];
		d[n / 2] = s[n / 2];
		d[n - 1] = s[n - 1];
	}
}

static inline __attribute__((always_inline)) void ob_write(struct obuf *ob, const char *s, size_t n)
{
	if (n <= 16 && ob->cap - ob->len >= 16) {
		ob_copy_small(ob->buf + ob->len, s, n);
		ob->len += n;
		return;
	}
	if (n <= ob->cap - ob->len) {
		memcpy(ob->buf + ob->len, s, n);
		ob->len += n;
		return;
	}
	ob_write_split(ob, s, n);
}

static inline void ob_putc(struct obuf *ob, char c)
{
	if (ob->len == ob->cap)
		ob_flush(ob);
	ob->buf[ob->len++] = c;
}

static inline void ob_puts(struct obuf *ob, const char *s)
{
	ob_write(ob, s, strlen(s));
}

/* Decimal, right-aligned in width (as "%*llu"; wider values are not cut). */
static inline __attribute__((always_inline)) void ob_u64(struct obuf *ob, uint64_t v, unsigned width)
{
	size_t n = fmt_u64_len(v);

	if (width <= 32 && ob->cap - ob->len >= 52) {
		char *d = ob->buf + ob->len;

		if (n < width) {
			memset(d, ' ', 32);	/* fixed size: no call */
			d += width - n;
		}
		fmt_u64_put(d, v, n);
		ob->len = (size_t)(d + n - ob->buf);
		return;
	}
	ob_u64_slow(ob, v, width);
}

/* Room for every formatter result below. */
#define FMT_NUM_LEN 32
#define FMT_TIME_LEN 24
#define FMT_IP_LEN 48		/* > INET6_ADDRSTRLEN */

/*
 * nfdump's format_number(): plain decimal with -N; otherwise below 1 M a
 * plain integer ("%.0f"), above it one decimal and " M", " G", " T"
 * (powers of 1000).  fixed_width pads as the statistics tables do.
 */
void fmt_number(char s[FMT_NUM_LEN], uint64_t v, int plain, int fixed_width);
/* Decimal digits of v into s (no NUL); returns their count (<= 20). */
size_t fmt_u64(char *s, uint64_t v);

/*
 * "YYYY-mm-dd HH:MM:SS" in local time.  The cache remembers the last
 * second converted: consecutive flows mostly share it, and localtime_r is
 * the costliest call in a csv line.
 */
#define FMT_TCACHE_MINUTES 16

struct fmt_tcache {
	int valid;
	time_t sec;
	char str[FMT_TIME_LEN];
	size_t len;		/* strlen(str) */
	/* "YYYY-mm-dd HH:MM:" of recent minutes, direct-mapped by minute */
	struct {
		time_t minute;	/* -1: empty */
		char prefix[17];
	} m[FMT_TCACHE_MINUTES];
	int m_init;
};
/* The text, also in c->str with its length in c->len. */
const char *fmt_localtime(struct fmt_tcache *c, time_t sec);

/* "YYYY-mm-dd HH:MM:SS.mmm" of ms in local time, through the cache. */
static inline void fmt_put_time(struct obuf *ob, struct fmt_tcache *c, uint64_t ms)
{
	const char *t = fmt_localtime(c, (time_t)(ms / 1000));

	ob_write(ob, t, c->len);
	ob_putc(ob, '.');
	ob_ms3(ob, (unsigned)(ms % 1000));
}

/* nfdump's ProtoString(): name for 0..137, else the number as "%-5u". */
const char *fmt_proto(char s[16], uint8_t proto);
/* "CEUAPRSF" with '.' for clear bits. */
void fmt_tcp_flags(char s[9], uint8_t flags);
const char *fmt_biflow(uint8_t dir);
const char *fmt_end_reason(uint8_t reason);
/* NSEL firewall event, NAT event, NSEL extended event. */
const char *fmt_fw_event(unsigned event);
const char *fmt_nat_event(unsigned event);
const char *fmt_fw_xevent(char s[16], unsigned xevent);
/* The same as nfdump 1.7.8 names them (NAT: short or long names). */
const char *fmt_fw_event178(char s[24], unsigned event);
const char *fmt_fw_xevent178(char s[24], unsigned xevent);
const char *fmt_nat_event178(char s[24], unsigned event, int long_name);

/* Addresses as inet_ntop prints them; host-order values as in records. */
void fmt_ip4(char s[FMT_IP_LEN], uint32_t addr);
/* The same, returning strlen(s). */
size_t fmt_ip4_len(char s[FMT_IP_LEN], uint32_t addr);
void fmt_ip6(char s[FMT_IP_LEN], const struct flow_ip6 *addr);
/*
 * Network of addr/mask as nfdump 1.7.1 prints it in "src mask": empty for
 * mask 0; masks beyond the address width behave as on the x86 build.
 */
void fmt_ip4_net(char s[FMT_IP_LEN], uint32_t addr, unsigned mask);
void fmt_ip6_net(char s[FMT_IP_LEN], const struct flow_ip6 *addr, unsigned mask);
/* "aa:bb:cc:dd:ee:ff" from the low 48 bits, most significant byte first. */
void fmt_mac(char s[18], uint64_t mac);

#endif
