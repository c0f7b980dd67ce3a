/*
 * dns171.c - the DNS lines nfdump 1.7.1 prints before a payload of a flow
 * with port 53 (its raw "content decoder").
 *
 * Names go through the C library's dn_expand, as in nfdump, so escapes
 * and compression pointers come out the same.  1.7.1 walks the message
 * with a raw pointer: it may read past the payload (a TCP message starts
 * 2 bytes in, but the end is not moved; fixed-size fields of truncated
 * records), where it sees heap garbage.  Here every read is bounded and
 * bytes past the payload read as 0, so well-formed messages, and the
 * truncated ones that stop inside the payload, print identically.
 */
#include <arpa/inet.h>
#include <resolv.h>

#include "output/raw171.h"
#include "util/banned.h"

#define DNS_HEADER 12
#define DNS_NAME_MAX 256

struct dnsmsg {
	const uint8_t *msg;	/* DNS header */
	long have;		/* bytes really there from msg */
	long end;		/* where 1.7.1 thinks the message ends */
};

static unsigned byte_at(const struct dnsmsg *m, long off)
{
	return off >= 0 && off < m->have ? m->msg[off] : 0;
}

static unsigned get16(const struct dnsmsg *m, long off)
{
	return byte_at(m, off) << 8 | byte_at(m, off + 1);
}

static uint32_t get32(const struct dnsmsg *m, long off)
{
	return (uint32_t)get16(m, off) << 16 | get16(m, off + 2);
}

/* Compressed length of the name at off, or -1; dn keeps its text on failure. */
static long expand(const struct dnsmsg *m, long off, char dn[DNS_NAME_MAX])
{
	if (off < 0 || off >= m->have)
		return -1;
	return dn_expand(m->msg, m->msg + m->have, m->msg + off, dn, DNS_NAME_MAX);
}

static const char *type_name(char s[16], unsigned type)
{
	switch (type) {
	case 1: return "A";
	case 2: return "NS";
	case 5: return "CNAME";
	case 6: return "SOA";
	case 15: return "MX";
	case 16: return "TXT";
	case 28: return "AAAA";
	case 29: return "LOC";
	}
	snprintf(s, 16, "%u", type);
	return s;
}

/*
 * The data of one answer; returns where 1.7.1 continues.  It skips rdlen
 * only for unknown types and TXT; A/AAAA skip their address size, names
 * their compressed length (-1 when that failed), RRSIG nothing.
 */
static long answer_data(struct obuf *ob, const struct dnsmsg *m, long off,
			unsigned type, unsigned rdlen, char dn[DNS_NAME_MAX])
{
	static const char *const name_types[7] = { [2] = "NS", [5] = "CNAME", [6] = "SOA" };
	uint8_t a6[16];
	char s[FMT_IP_LEN];
	long n;

	switch (type) {
	case 1:
		fmt_ip4(s, get32(m, off));
		ob_printf(ob, "A: %s", s);
		return off + 4;
	case 28:
	case 38:	/* A6 is printed as AAAA */
		for (int i = 0; i < 16; i++)
			a6[i] = (uint8_t)byte_at(m, off + i);
		inet_ntop(AF_INET6, a6, s, sizeof(s));
		ob_printf(ob, "AAAA: %s", s);
		return off + 16;
	case 2:
	case 5:
	case 6:
		n = expand(m, off, dn);
		ob_printf(ob, "%s: %s", name_types[type], dn);
		return off + n;
	case 16:
		if (rdlen < 256 && off + (long)rdlen < m->end) {
			char txt[256];
			size_t k = 0;

			while (k < 255 && byte_at(m, off + 1 + (long)k))
				k++;
			for (size_t i = 0; i < k; i++)
				txt[i] = (char)byte_at(m, off + 1 + (long)i);
			ob_printf(ob, "TXT: %.*s", (int)k, txt);
		}
		return off + rdlen;
	case 46:
		ob_puts(ob, "RRSIG: <Signature for a DNSSEC-secured record>");
		return off;
	}
	ob_printf(ob, "<unkn> %u", type);
	return off + rdlen;
}

void dns171_print(struct obuf *ob, uint8_t proto, const uint8_t *payload, size_t len)
{
	struct dnsmsg m;
	char dn[DNS_NAME_MAX] = "", tn[16];
	long off = DNS_HEADER;
	unsigned qd, an;
	long skip = proto == 6 ? 2 : 0;	/* TCP: 2-byte length first */

	if (len < DNS_HEADER) {
		ob_puts(ob, "DNS: <Short packet>\n");
		return;
	}
	m.msg = payload + skip;
	m.have = (long)len - skip;
	m.end = (long)len;
	qd = get16(&m, 4);
	an = get16(&m, 6);
	for (unsigned i = 0; i < qd && off < m.end; i++) {
		long n = expand(&m, off, dn);

		if (n < 0) {
			ob_puts(ob, "DNS query: decoding failed!\n");
			return;
		}
		off += n;
		ob_printf(ob, "DNS Query %u: %s type: %s, class: %u\n", i, dn,
			  type_name(tn, get16(&m, off)), get16(&m, off + 2));
		off += 4;
	}
	for (unsigned i = 0; i < an && off < m.end; i++) {
		long n = expand(&m, off, dn);

		if (n < 0) {
			ob_puts(ob, "DNS answer: decoding failed!\n");
			return;
		}
		off += n;
		unsigned type = get16(&m, off), class = get16(&m, off + 2);
		uint32_t ttl = get32(&m, off + 4);
		unsigned rdlen = get16(&m, off + 8);

		off += 10;
		ob_printf(ob, "DNS Answer %u: %s  Type: %s, class: %u, ttl: %u, len: %u ",
			  i, dn, type_name(tn, type), class, ttl, rdlen);
		off = answer_data(ob, &m, off, type, rdlen, dn);
		ob_putc(ob, '\n');
	}
}
