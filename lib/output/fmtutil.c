/*
 * fmtutil.c - see fmtutil.h.  Every string here is a fact about nfdump's
 * output (cli.md §3); the code is ours.
 */
#include <arpa/inet.h>
#include <stdarg.h>
#include <string.h>

#include "output/fmtutil.h"
#include "output/output.h"
#include "util/alloc.h"
#include "util/banned.h"

/* --- the output buffer --- */

void ob_init(struct obuf *ob, FILE *fp)
{
	ob->fp = fp;
	ob->mem = NULL;
	ob->buf = ob->own;
	ob->len = 0;
	ob->cap = sizeof(ob->own);
	ob->wide = 0;
}

/*
 * Point buf at the free space of the memory text, at least a buffer's
 * worth.  Out of memory marks the text failed; what follows is formatted
 * into the own array and dropped.
 */
static void mem_reserve(struct obuf *ob)
{
	struct flow_text *t = ob->mem;

	if (!t->failed && t->cap - t->len < OBUF_SIZE) {
		size_t cap = t->cap ? t->cap : 4 * OBUF_SIZE;
		char *b;

		while (cap - t->len < OBUF_SIZE)
			cap *= 2;
		b = flow_realloc(t->buf, cap);
		if (b) {
			t->buf = b;
			t->cap = cap;
		} else {
			t->failed = 1;
		}
	}
	if (t->failed) {
		ob->buf = ob->own;
		ob->cap = sizeof(ob->own);
	} else {
		ob->buf = t->buf + t->len;
		ob->cap = t->cap - t->len;
	}
	ob->len = 0;
}

void ob_set_mem(struct obuf *ob, struct flow_text *t)
{
	ob->mem = t;
	mem_reserve(ob);
}

void ob_flush(struct obuf *ob)
{
	if (ob->mem) {
		if (!ob->mem->failed)
			ob->mem->len += ob->len;
		mem_reserve(ob);
		return;
	}
	if (ob->len)
		fwrite(ob->buf, 1, ob->len, ob->fp);
	ob->len = 0;
}

void ob_write_split(struct obuf *ob, const char *s, size_t n)
{
	while (n) {
		size_t room = ob->cap - ob->len;
		size_t k = n < room ? n : room;

		memcpy(ob->buf + ob->len, s, k);
		ob->len += k;
		s += k;
		n -= k;
		if (n)
			ob_flush(ob);
	}
}

void ob_printf(struct obuf *ob, const char *fmt, ...)
{
	size_t room = ob->cap - ob->len;
	va_list ap;

	va_start(ap, fmt);
	int n = vsnprintf(ob->buf + ob->len, room, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n < room) {
		ob->len += (size_t)n;
		return;
	}
	/* Did not fit: flush, then format again (directly if still too long). */
	ob_flush(ob);
	va_start(ap, fmt);
	if ((size_t)n < ob->cap)
		ob->len = (size_t)vsnprintf(ob->buf, ob->cap, fmt, ap);
	else if (!ob->mem)
		vfprintf(ob->fp, fmt, ap);
	else	/* longer than a buffer's worth of free space: not printed here */
		ob->mem->failed = 1;
	va_end(ap);
}

void ob_spaces_slow(struct obuf *ob, unsigned n)
{
	while (n) {
		size_t room = ob->cap - ob->len;
		size_t k = n < room ? n : room;

		memset(ob->buf + ob->len, ' ', k);
		ob->len += k;
		n -= (unsigned)k;
		if (n)
			ob_flush(ob);
	}
}

const char fmt_digits2[201] =
	"00010203040506070809101112131415161718192021222324252627282930313233343536373839"
	"40414243444546474849505152535455565758596061626364656667686970717273747576777879"
	"8081828384858687888990919293949596979899";

void ob_u64_slow(struct obuf *ob, uint64_t v, unsigned width)
{
	char tmp[20];
	size_t n = fmt_u64(tmp, v);

	if (width > n)
		ob_spaces(ob, (unsigned)(width - n));
	ob_write(ob, tmp, n);
}

void ob_msec(struct obuf *ob, uint64_t ms, unsigned width)
{
	char tmp[32];
	unsigned n = 0;

	if (ms >= (1ULL << 53)) {
		ob_printf(ob, "%*.3f", (int)width, (double)ms / 1000.0);
		return;
	}
	for (int i = 0; i < 3; i++) {
		tmp[sizeof(tmp) - 1 - n++] = (char)('0' + ms % 10);
		ms /= 10;
	}
	tmp[sizeof(tmp) - 1 - n++] = '.';
	do {
		tmp[sizeof(tmp) - 1 - n++] = (char)('0' + ms % 10);
		ms /= 10;
	} while (ms);
	if (width > n)
		ob_spaces(ob, width - n);
	ob_write(ob, tmp + sizeof(tmp) - n, n);
}

void ob_ms3(struct obuf *ob, unsigned v)
{
	char d[3] = { (char)('0' + v / 100 % 10), (char)('0' + v / 10 % 10), (char)('0' + v % 10) };

	ob_write(ob, d, 3);
}

/* --- numbers and time --- */

size_t fmt_u64(char *s, uint64_t v)
{
	size_t n = fmt_u64_len(v);

	fmt_u64_put(s, v, n);
	return n;
}

/*
 * "%.1f" of d for 0 <= d < 1e6 without printf: round d * 10 to an integer
 * and print it with one decimal.  printf rounds the exact binary value,
 * which d * 10 may not keep near a tie, so those go to snprintf.
 */
static int one_decimal(char *s, double d, int width)
{
	double t = d * 10.0, fl = (double)(uint64_t)t, frac = t - fl;
	uint64_t q;
	char digits[24];
	size_t n, len;

	if (d >= 1e6 || (frac > 0.4999 && frac < 0.5001))
		return -1;
	q = (uint64_t)fl + (frac > 0.5);
	n = fmt_u64(digits, q / 10);
	len = n + 2;
	for (size_t i = len; i < (size_t)width; i++)
		*s++ = ' ';
	memcpy(s, digits, n);
	s[n] = '.';
	s[n + 1] = (char)('0' + q % 10);
	s[n + 2] = '\0';
	return 0;
}

void fmt_number(char s[FMT_NUM_LEN], uint64_t v, int plain, int fixed_width)
{
	static const struct { double div; char unit; } scale[] = {
		{ 1e12, 'T' }, { 1e9, 'G' }, { 1e6, 'M' },
	};
	double f = (double)v;

	if (plain || v < 1000000) {
		size_t n = fmt_u64(s, v), w = !plain && fixed_width ? 4 : 0;

		if (n < w) {
			memmove(s + (w - n), s, n);
			memset(s, ' ', w - n);
			n = w;
		}
		s[n] = '\0';
		return;
	}
	for (size_t i = 0; i < sizeof(scale) / sizeof(scale[0]); i++) {
		if (f >= scale[i].div) {
			double d = f / scale[i].div;

			if (one_decimal(s, d, fixed_width ? 5 : 0) == 0) {
				size_t n = strlen(s);

				s[n] = ' ';
				s[n + 1] = scale[i].unit;
				s[n + 2] = '\0';
			} else {
				snprintf(s, FMT_NUM_LEN, fixed_width ? "%5.1f %c" : "%.1f %c",
					 d, scale[i].unit);
			}
			return;
		}
	}
}

static char *put2(char *p, int v)
{
	p[0] = (char)('0' + v / 10 % 10);
	p[1] = (char)('0' + v % 10);
	return p + 2;
}

/* localtime_r into c->str; returns 1 if the text is "YYYY-mm-dd HH:MM:SS". */
static int convert(struct fmt_tcache *c, time_t sec, long *gmtoff)
{
	struct tm tm;
	int y;
	char *p;

	*gmtoff = 1;
	if (!localtime_r(&sec, &tm)) {
		/* Out of range for struct tm: nothing sensible to print. */
		snprintf(c->str, sizeof(c->str), "<unknown>");
		return 0;
	}
	y = tm.tm_year + 1900;
	if (y < 1000 || y > 9999) {
		strftime(c->str, sizeof(c->str), "%Y-%m-%d %H:%M:%S", &tm);
		return 0;
	}
	/* Same text as strftime("%Y-%m-%d %H:%M:%S"), without the locale work. */
	p = put2(put2(c->str, y / 100), y % 100);
	*p++ = '-';
	p = put2(p, tm.tm_mon + 1);
	*p++ = '-';
	p = put2(p, tm.tm_mday);
	*p++ = ' ';
	p = put2(p, tm.tm_hour);
	*p++ = ':';
	p = put2(p, tm.tm_min);
	*p++ = ':';
	p = put2(p, tm.tm_sec);
	*p = '\0';
	*gmtoff = tm.tm_gmtoff;
	return 1;
}

/*
 * localtime_r is the costliest call in a text line, so the cache keeps
 * the date and hour:minute of the last minutes seen: within a known
 * minute only the seconds change (zone offsets change on minute
 * boundaries unless they have seconds, as old local mean times do, and
 * time_t has no leap seconds).  Flows of one file share few minutes.
 */
const char *fmt_localtime(struct fmt_tcache *c, time_t sec)
{
	time_t minute = sec >= 0 ? sec / 60 : -1;
	unsigned slot = (unsigned)(minute & (FMT_TCACHE_MINUTES - 1));
	long gmtoff;

	if (c->valid && c->sec == sec)
		return c->str;
	if (!c->m_init) {
		for (int i = 0; i < FMT_TCACHE_MINUTES; i++)
			c->m[i].minute = -1;
		c->m_init = 1;
	}
	c->valid = 1;
	c->sec = sec;
	if (minute >= 0 && c->m[slot].minute == minute) {
		memcpy(c->str, c->m[slot].prefix, 17);
		put2(c->str + 17, (int)(sec % 60));
		c->str[19] = '\0';
		c->len = 19;
		return c->str;
	}
	if (convert(c, sec, &gmtoff) && minute >= 0 && gmtoff % 60 == 0) {
		c->m[slot].minute = minute;
		memcpy(c->m[slot].prefix, c->str, 17);
	}
	c->len = strlen(c->str);
	return c->str;
}

/* --- names --- */

/*
 * nfdump's protocol abbreviations for 0..137 (IANA numbers; "IDPR" twice,
 * 99/128/134 as digits, all as nfdump has them).
 */
static const char *const proto_names[138] = {
	"0", "ICMP", "IGMP", "GGP", "IPIP", "ST", "TCP", "CBT", "EGP", "IGP",
	"BBN", "NVPII", "PUP", "ARGUS", "ENCOM", "XNET", "CHAOS", "UDP", "MUX", "DCN",
	"HMP", "PRM", "XNS", "Trnk1", "Trnk2", "Leaf1", "Leaf2", "RDP", "IRTP", "ISO-4",
	"NETBK", "MFESP", "MEINP", "DCCP", "3PC", "IDPR", "XTP", "DDP", "IDPR", "TP++",
	"IL", "IPv6", "SDRP", "Rte6", "Frag6", "IDRP", "RSVP", "GRE", "MHRP", "BNA",
	"ESP", "AH", "INLSP", "SWIPE", "NARP", "MOBIL", "TLSP", "SKIP", "ICMP6", "NOHE6",
	"OPTS6", "HOST", "CFTP", "NET", "SATNT", "KLAN", "RVD", "IPPC", "FS", "SATM",
	"VISA", "IPCV", "CPNX", "CPHB", "WSN", "PVP", "BSATM", "SUNND", "WBMON", "WBEXP",
	"ISOIP", "VMTP", "SVMTP", "VINES", "TTP", "NSIGP", "DGP", "TCF", "EIGRP", "OSPF",
	"S-RPC", "LARP", "MTP", "AX.25", "OS", "MICP", "SCCSP", "ETHIP", "ENCAP", "99",
	"GMTP", "IFMP", "PNNI", "PIM", "ARIS", "SCPS", "QNX", "A/N", "IPcmp", "SNP",
	"CpqPP", "IPXIP", "VRRP", "PGM", "0hop", "L2TP", "DDX", "IATP", "STP", "SRP",
	"UTI", "SMP", "SM", "PTP", "ISIS4", "FIRE", "CRTP", "CRUDP", "128", "IPLT",
	"SPS", "PIPE", "SCTP", "FC", "134", "MHEAD", "UDP-L", "MPLS",
};

const char *fmt_proto(char s[16], uint8_t proto)
{
	if (proto < sizeof(proto_names) / sizeof(proto_names[0]))
		return proto_names[proto];
	snprintf(s, 16, "%-5u", proto);
	return s;
}

/* The 256 flag strings, built by the preprocessor: one copy per flow. */
#define FLG8(v) { (v) & 0x80 ? 'C' : '.', (v) & 0x40 ? 'E' : '.', (v) & 0x20 ? 'U' : '.', \
		  (v) & 0x10 ? 'A' : '.', (v) & 0x08 ? 'P' : '.', (v) & 0x04 ? 'R' : '.', \
		  (v) & 0x02 ? 'S' : '.', (v) & 0x01 ? 'F' : '.' }
#define FLG2(v) FLG8(v), FLG8((v) + 1)
#define FLG8X(v) FLG2(v), FLG2((v) + 2), FLG2((v) + 4), FLG2((v) + 6)
#define FLG32(v) FLG8X(v), FLG8X((v) + 8), FLG8X((v) + 16), FLG8X((v) + 24)
static const char flag_strings[256][8] = {
	FLG32(0), FLG32(32), FLG32(64), FLG32(96), FLG32(128), FLG32(160), FLG32(192), FLG32(224),
};

void fmt_tcp_flags(char s[9], uint8_t flags)
{
	memcpy(s, flag_strings[flags], 8);
	s[8] = '\0';
}

static const char *pick(const char *const *names, size_t n, unsigned i,
			const char *other)
{
	return i < n ? names[i] : other;
}

#define PICK(names, i, other) pick(names, sizeof(names) / sizeof(names[0]), i, other)

const char *fmt_biflow(uint8_t dir)
{
	static const char *const names[] = {
		"", "initiator", "reverseInitiator", "perimeter",
	};
	return PICK(names, dir, "undef");
}

const char *fmt_end_reason(uint8_t reason)
{
	static const char *const names[] = {
		"", "idle timeout", "active timeout", "end of Flow detected",
		"forced end", "lack of resources",
	};
	return PICK(names, reason, "undef");
}

/* The ASA event names (nfdump built without JUNOS, as Debian's is). */
const char *fmt_fw_event(unsigned event)
{
	static const char *const names[] = {
		"IGNORE", "CREATE", "DELETE", "DENIED", "ALERT", "UPDATE",
	};
	return PICK(names, event, "UNKNOW");
}

const char *fmt_nat_event(unsigned event)
{
	static const char *const names[] = { "INVALID", "ADD", "DELETE" };

	return PICK(names, event, "UNKNOW");
}

const char *fmt_fw_xevent(char s[16], unsigned xevent)
{
	static const char *const names[] = { "I-ACL", "E-ACL", "Adap", "No Syn" };

	if (xevent == 0)
		return "Ignore";
	if (xevent >= 1001 && xevent <= 1004)
		return names[xevent - 1001];
	snprintf(s, 16, "%u", xevent);
	return s;
}

/* 1.7.8's names: unknown firewall events "%u-Unknw", NAT "%u-Unknown". */
const char *fmt_fw_event178(char s[24], unsigned event)
{
	static const char *const names[] = {
		"IGNORE", "CREATE", "DELETE", "DENIED", "ALERT", "UPDATE",
	};

	if (event < sizeof(names) / sizeof(names[0]))
		return names[event];
	snprintf(s, 24, "%u-Unknw", event);
	return s;
}

const char *fmt_fw_xevent178(char s[24], unsigned xevent)
{
	static const char *const names[] = { "I-ACL", "E-ACL", "DENY", "NOSYN" };

	if (xevent == 0)
		return "IGNORE";
	if (xevent >= 1001 && xevent <= 1004)
		return names[xevent - 1001];
	snprintf(s, 24, "%u", xevent);
	return s;
}

const char *fmt_nat_event178(char s[24], unsigned event, int long_name)
{
	static const char *const names[][2] = {
		{ "INVALID", "INVALID" }, { "ADD", "NAT translation create" },
		{ "DELETE", "NAT translation delete" }, { "EXHAUST", "NAT Addresses exhausted" },
		{ "ADD44", "NAT44 session create" }, { "DEL44", "NAT44 session delete" },
		{ "ADD64", "NAT64 session create" }, { "DEL64", "NAT64 session delete" },
		{ "ADD44BIB", "NAT44 BIB create" }, { "DEL44BIB", "NAT44 BIB delete" },
		{ "ADD64BIB", "NAT64 BIB create" }, { "DEL64BIB", "NAT64 BIB delete" },
		{ "PEXHAUST", "NAT ports exhausted" }, { "QUOTAEXH", "Quota Exceeded" },
		{ "ADDADDR", "Address binding create" }, { "DELADDR", "Address binding delete" },
		{ "ADDPBLK", "Port block allocation" }, { "DELPBLK", "Port block de-allocation" },
		{ "THRESHLD", "Threshold Reached" },
	};

	if (event < sizeof(names) / sizeof(names[0]))
		return names[event][long_name ? 1 : 0];
	snprintf(s, 24, "%u-Unknown", event);
	return s;
}

/* --- addresses --- */

/* "0".."255", each padded to 4 bytes so one fixed copy moves it. */
/* "0." .. "255.": an octet and its dot (no NUL), and how long that is. */
static const char octet_dot[256][4] = {
	"0.", "1.", "2.", "3.", "4.", "5.", "6.", "7.", "8.", "9.", "10.", "11.", "12.", "13.",
	"14.", "15.", "16.", "17.", "18.", "19.", "20.", "21.", "22.", "23.", "24.", "25.",
	"26.", "27.", "28.", "29.", "30.", "31.", "32.", "33.", "34.", "35.", "36.", "37.",
	"38.", "39.", "40.", "41.", "42.", "43.", "44.", "45.", "46.", "47.", "48.", "49.",
	"50.", "51.", "52.", "53.", "54.", "55.", "56.", "57.", "58.", "59.", "60.", "61.",
	"62.", "63.", "64.", "65.", "66.", "67.", "68.", "69.", "70.", "71.", "72.", "73.",
	"74.", "75.", "76.", "77.", "78.", "79.", "80.", "81.", "82.", "83.", "84.", "85.",
	"86.", "87.", "88.", "89.", "90.", "91.", "92.", "93.", "94.", "95.", "96.", "97.",
	"98.", "99.", "100.", "101.", "102.", "103.", "104.", "105.", "106.", "107.", "108.",
	"109.", "110.", "111.", "112.", "113.", "114.", "115.", "116.", "117.", "118.", "119.",
	"120.", "121.", "122.", "123.", "124.", "125.", "126.", "127.", "128.", "129.", "130.",
	"131.", "132.", "133.", "134.", "135.", "136.", "137.", "138.", "139.", "140.", "141.",
	"142.", "143.", "144.", "145.", "146.", "147.", "148.", "149.", "150.", "151.", "152.",
	"153.", "154.", "155.", "156.", "157.", "158.", "159.", "160.", "161.", "162.", "163.",
	"164.", "165.", "166.", "167.", "168.", "169.", "170.", "171.", "172.", "173.", "174.",
	"175.", "176.", "177.", "178.", "179.", "180.", "181.", "182.", "183.", "184.", "185.",
	"186.", "187.", "188.", "189.", "190.", "191.", "192.", "193.", "194.", "195.", "196.",
	"197.", "198.", "199.", "200.", "201.", "202.", "203.", "204.", "205.", "206.", "207.",
	"208.", "209.", "210.", "211.", "212.", "213.", "214.", "215.", "216.", "217.", "218.",
	"219.", "220.", "221.", "222.", "223.", "224.", "225.", "226.", "227.", "228.", "229.",
	"230.", "231.", "232.", "233.", "234.", "235.", "236.", "237.", "238.", "239.", "240.",
	"241.", "242.", "243.", "244.", "245.", "246.", "247.", "248.", "249.", "250.", "251.",
	"252.", "253.", "254.", "255."
};
static const uint8_t octet_len[256] = {
	2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3,
	3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3,
	3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3,
	3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4,
	4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4,
	4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4,
	4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4,
	4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4,
	4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4
};

/*
 * Dotted quad as inet_ntop prints it: per byte one 4-byte copy and one
 * table length (the digit-count compares cost more than the copy, and
 * two addresses or more go into every json and csv line).
 */
size_t fmt_ip4_len(char s[FMT_IP_LEN], uint32_t addr)
{
	char *p = s;

	memcpy(p, octet_dot[addr >> 24], 4);
	p += octet_len[addr >> 24];
	memcpy(p, octet_dot[(addr >> 16) & 0xff], 4);
	p += octet_len[(addr >> 16) & 0xff];
	memcpy(p, octet_dot[(addr >> 8) & 0xff], 4);
	p += octet_len[(addr >> 8) & 0xff];
	memcpy(p, octet_dot[addr & 0xff], 4);
	p += octet_len[addr & 0xff];
	p[-1] = '\0';
	return (size_t)(p - 1 - s);
}

void fmt_ip4(char s[FMT_IP_LEN], uint32_t addr)
{
	fmt_ip4_len(s, addr);
}

static void ip6_bytes(uint8_t b[16], uint64_t hi, uint64_t lo)
{
	for (int i = 0; i < 8; i++) {
		b[i] = (uint8_t)(hi >> (56 - 8 * i));
		b[8 + i] = (uint8_t)(lo >> (56 - 8 * i));
	}
}

void fmt_ip6(char s[FMT_IP_LEN], const struct flow_ip6 *addr)
{
	uint8_t b[16];

	ip6_bytes(b, addr->hi, addr->lo);
	inet_ntop(AF_INET6, b, s, FMT_IP_LEN);
}

/*
 * nfdump shifts an all-ones 64-bit value by (width - mask); x86 takes the
 * shift count mod 64, which is what a mask beyond the width produces.
 */
static uint64_t ones_shl(int count)
{
	return ~0ULL << (count & 63);
}

void fmt_ip4_net(char s[FMT_IP_LEN], uint32_t addr, unsigned mask)
{
	if (mask == 0) {
		s[0] = '\0';
		return;
	}
	fmt_ip4(s, addr & (uint32_t)ones_shl(32 - (int)mask));
}

void fmt_ip6_net(char s[FMT_IP_LEN], const struct flow_ip6 *addr, unsigned mask)
{
	struct flow_ip6 net = *addr;

	if (mask == 0) {
		s[0] = '\0';
		return;
	}
	if (mask <= 64) {
		net.hi &= ones_shl(64 - (int)mask);
		net.lo = 0;
	} else {
		net.lo &= ones_shl(128 - (int)mask);
	}
	fmt_ip6(s, &net);
}

void fmt_mac(char s[18], uint64_t mac)
{
	static const char hex[] = "0123456789abcdef";

	for (int i = 0; i < 6; i++) {
		unsigned b = (unsigned)(mac >> (40 - 8 * i)) & 0xff;

		s[3 * i] = hex[b >> 4];
		s[3 * i + 1] = hex[b & 15];
		s[3 * i + 2] = i < 5 ? ':' : '\0';
	}
}
