/*
 * nfgen - write a reproducible file of random flow records.
 *
 *   nfgen -n COUNT [-s SEED] [-z SPEC] [-I IDENT] [--compat171] [--ipv6 PCT]
 *         [--density PCT] [--exporters N] [--mix all|v5] [--no-exporter-stat]
 *         [--src-pool N] (v5 mix: sources from N hosts of 10/8, default 4096)
 *         -w FILE
 *
 * The same seed and options give the same records in the same order (only
 * the header's creation time differs between runs).  Records go through
 * the library's writer, so a file is also a test of nffile_create/
 * nfwriter_put_flow.  As in an nfcapd file, exporter info (type 7) and
 * sampler (type 15) records for every exporter sysid come first and an
 * exporter stat record (type 8) last (not with --no-exporter-stat, which
 * makes the file what `nfdump -w` would write for the same records).
 *
 * --mix all (default): each record holds a random subset of every V3
 *   element id 1-42, fixed and variable-length, with random values (zero,
 *   one, all-ones and full-width values are all likely); --density sets
 *   the chance of each optional element (default 25%, 100 = all of them).
 *   For round trips, fuzz seeds and printer tests.
 * --mix v5: what nfcapd stores for NetFlow v5 (format.md §3.6): elements
 *   1, 2, 12 always, 4, 7, 10 when non-zero; ~100-byte records with the
 *   redundancy of real traffic (address pools, close timestamps, common
 *   ports), so compression ratios and speeds are realistic.  IPv4 only
 *   (--ipv6 is ignored).
 * --compat171 restricts "all" to what Debian nfdump 1.7.1 reads and prints
 *   without depending on state it never initialised (see compat_mask()).
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "file/codec.h"
#include "file/nffile.h"
#include "record/record.h"
#include "record/stat.h"
#include "util/endian.h"
#include "nfgen.h"
#include "util/banned.h"

#define BIT(id) (1ULL << (id))
#define ALL_IDS ((BIT(EX_MAX) - 1) & ~BIT(EX_NULL))

/*
 * Element ids Debian nfdump 1.7.1 reads and prints reproducibly (format.md
 * §3.4, §12), found by reading nfgen files with `nfdump -o raw|long|csv|
 * json|...` (no message, no abort; same text when the records of a block
 * are reversed; no valgrind error): 1-37 without 18 (layout changed in
 * 1.7.2), 34 and 35 (Debian's 1.7.1 reports both as "Unknown extension").
 * The generator also never makes what 1.7.1 rejects or prints from
 * leftover state, in any mode:
 *  - more than 38 elements: "Number of elements ... exceeds max", exit 255;
 *  - EXipv4Flow and EXipv6Flow together: the v4 lines print the low words
 *    of the v6 addresses, so the text depends on element order;
 *  - an empty EXlabel or payload ("Invalid ... data length"), an NBAR id
 *    over 15 bytes, a user name without NUL in its 66 bytes.
 */
#define COMPAT171_IDS ((BIT(EX_MAX_171) - 1) & ~BIT(EX_NULL) & ~BIT(EX_SAMPLER) & \
		       ~BIT(EX_INMON_META) & ~BIT(EX_INMON_FRAME))

/* Which elements this record carries (the "all" mix). */
static uint64_t pick_elements(struct gen *g)
{
	uint64_t allowed = g->o->compat171 ? COMPAT171_IDS : ALL_IDS;
	uint64_t set = 0;

	/* Exactly one address element; the router address follows the exporter. */
	set |= rng_pct(&g->rng, g->o->ipv6_pct) ? BIT(EX_IPV6) : BIT(EX_IPV4);
	set |= BIT(EX_GENERIC);
	for (unsigned id = EX_MISC; id < EX_MAX; id++)
		if (id != EX_RECV4 && id != EX_RECV6 && rng_pct(&g->rng, g->o->density))
			set |= BIT(id);
	if (rng_pct(&g->rng, 80))
		set |= g->cur->family == AF_INET6 ? BIT(EX_RECV6) : BIT(EX_RECV4);
	/* A few records with nothing but the header and the addresses. */
	if (rng_pct(&g->rng, 2))
		set &= BIT(EX_IPV4) | BIT(EX_IPV6) | BIT(EX_GENERIC);
	return set & allowed;
}

static void make_all(struct gen *g, struct flow_record *r)
{
	uint64_t set = pick_elements(g);

	r->nfversion = (uint8_t)g->cur->version;
	r->engine_type = (uint8_t)(g->cur->id >> 8);
	r->engine_id = (uint8_t)g->cur->id;
	r->flags = (uint8_t)(rng_pct(&g->rng, 10) ? rng_below(&g->rng, 8) : 0);
	/* fill in id order: misc looks at the address family */
	r->present = 0;
	for (unsigned id = 1; id < EX_MAX; id++) {
		if (!(set & BIT(id)))
			continue;
		r->present |= BIT(id);
		nfgen_fill(g, r, id);
	}
}

/*
 * The v5 mix.  Each file covers a 5-minute slot like an nfcapd file; hosts
 * come from small pools, so neighbouring records share most bytes.
 */
static void make_v5(struct gen *g, struct flow_record *r)
{
	struct rng *rg = &g->rng;
	struct ex_generic *x = &r->generic;
	uint64_t slot = g->o->count ? g->index * 300000 / g->o->count : 0;
	unsigned pick = (unsigned)rng_below(rg, 100);

	r->present = BIT(EX_GENERIC) | BIT(EX_IPV4) | BIT(EX_RECV4);
	r->nfversion = 5;
	r->engine_type = (uint8_t)(g->cur->id >> 8);
	r->engine_id = (uint8_t)g->cur->id;
	x->msec_received = T0_MSEC + slot;
	x->msec_last = x->msec_received - rng_below(rg, 2000);
	x->msec_first = x->msec_last - (pick < 30 ? 0 : rng_below(rg, 120000));
	x->proto = pick < 60 ? 6 : pick < 92 ? 17 : pick < 97 ? 1 : 47;
	x->in_packets = 1 + (rng_pct(rg, 70) ? rng_below(rg, 10) : rng_below(rg, 100000));
	x->in_bytes = x->in_packets * (40 + rng_below(rg, 1461));
	if (x->proto == 1) {
		x->dst_port = rng_pct(rg, 70) ? 0x0800 : 0x0300 | (uint16_t)rng_below(rg, 4);
	} else if (x->proto != 47) {
		static const uint16_t svc[] = { 80, 443, 53, 123, 22, 25, 993, 3389, 8080, 5353 };
		uint16_t eph = (uint16_t)(32768 + rng_below(rg, 28232));
		uint16_t port = svc[rng_below(rg, 10)];

		x->src_port = rng_pct(rg, 50) ? eph : port;
		x->dst_port = x->src_port == eph ? port : eph;
		x->tcp_flags = x->proto == 6 ? (uint8_t)(0x10 | rng_below(rg, 0x20)) : 0;
	}
	x->src_tos = rng_pct(rg, 90) ? 0 : (uint8_t)(rng_below(rg, 64) << 2);
	/* 10.0.0.0/20 unless --src-pool (the statistics benchmark wants ~1M) */
	r->ipv4.src = 0x0a000000u | (uint32_t)rng_below(rg, g->o->src_pool);
	r->ipv4.dst = rng_pct(rg, 40) ? 0xc0a80000u | (uint32_t)rng_below(rg, 1024)
				      : (uint32_t)rng_next(rg);
	if (rng_pct(rg, 50)) {
		uint32_t t = r->ipv4.src;	/* the reply direction */

		r->ipv4.src = r->ipv4.dst;
		r->ipv4.dst = t;
	}
	r->recv4.addr = (uint32_t)g->cur->ip.lo;
	if (rng_pct(rg, 90)) {
		r->present |= BIT(EX_MISC);
		r->misc.input = 1 + (uint32_t)rng_below(rg, 8);
		r->misc.output = 1 + (uint32_t)rng_below(rg, 8);
	}
	if (rng_pct(rg, 60)) {
		static const uint32_t asn[] = { 3320, 15169, 13335, 16509, 8075, 32934, 64512 };

		r->present |= BIT(EX_AS);
		r->as.src_as = rng_pct(rg, 50) ? 0 : asn[rng_below(rg, 7)];
		r->as.dst_as = asn[rng_below(rg, 7)];
	}
	if (rng_pct(rg, 80)) {
		r->present |= BIT(EX_IP_NH4);
		r->ip_nh4.addr = 0x0a0000fe | (uint32_t)rng_below(rg, 4) << 8;
	}
}

/* Exporters 1..n: versions, addresses and engine tags from the seed. */
static void make_exporters(struct gen *g)
{
	static const uint32_t versions[] = { 5, 9, 10 };

	for (unsigned i = 0; i < g->o->exporters; i++) {
		struct flow_exporter_info *e = &g->exp[i];

		e->sysid = (uint16_t)(i + 1);
		e->version = g->o->mix == MIX_V5 ? 5 : versions[rng_below(&g->rng, 3)];
		e->id = (uint32_t)rng_below(&g->rng, 65536);
		if (g->o->mix != MIX_V5 && rng_pct(&g->rng, g->o->ipv6_pct)) {
			e->family = AF_INET6;
			e->ip.hi = 0x20010db8ffff0000ULL;
			e->ip.lo = i + 1;
		} else {
			e->family = AF_INET;
			e->ip.hi = 0;
			e->ip.lo = 0xac100001u + i;	/* 172.16.0.1 + i */
		}
	}
}

/* Exporter info and sampler records, before any flow that refers to them. */
static int put_exporters(struct gen *g, struct nfwriter *w, struct flow_err *err)
{
	for (unsigned i = 0; i < g->o->exporters; i++) {
		uint8_t rec[FLOW_EXPORTER_INFO_SIZE];
		uint8_t srec[FLOW_SAMPLER_SIZE];
		struct flow_sampler s = { .sysid = g->exp[i].sysid };
		int rc;

		flow_exporter_info_encode(&g->exp[i], rec);
		rc = nfwriter_put(w, rec, sizeof(rec), err);
		if (rc < 0)
			return rc;
		if (g->o->mix == MIX_V5 && !rng_pct(&g->rng, 20))
			continue;
		/* a generic sampler (-1), sometimes also numbered ones */
		s.algorithm = (uint16_t)rng_below(&g->rng, 3);
		s.packet_interval = 1;
		for (int64_t id = -1; id < 4; id++) {
			s.id = id;
			s.space_interval = (uint32_t)rng_below(&g->rng, 1000);
			flow_sampler_encode(&s, srec);
			rc = nfwriter_put(w, srec, sizeof(srec), err);
			if (rc < 0)
				return rc;
			if (g->o->mix == MIX_V5 || rng_pct(&g->rng, 50))
				break;
		}
	}
	return 0;
}

/* The exporter stat record (type 8) nfcapd appends before closing a file. */
static int put_exporter_stat(struct gen *g, struct nfwriter *w, struct flow_err *err)
{
	uint8_t rec[8 + 24 * MAX_EXPORTERS];
	size_t n = 8 + 24 * (size_t)g->o->exporters;

	st_le16(rec, REC_EXPORTER_STAT);
	st_le16(rec + 2, (uint16_t)n);
	st_le32(rec + 4, g->o->exporters);
	for (unsigned i = 0; i < g->o->exporters; i++) {
		uint8_t *q = rec + 8 + 24 * i;
		uint64_t flows = g->exp_flows[i];

		st_le32(q, g->exp[i].sysid);
		st_le32(q + 4, rng_pct(&g->rng, 80) ? 0 : (uint32_t)rng_below(&g->rng, 100));
		st_le64(q + 8, flows / 30 + (flows > 0));	/* ~30 flows per packet */
		st_le64(q + 16, flows);
	}
	return nfwriter_put(w, rec, n, err);
}

static int generate(const struct gen_opts *o, struct flow_err *err)
{
	struct gen *g = calloc(1, sizeof(*g));
	struct flow_record *r = calloc(1, sizeof(*r));
	struct nffile_opts fo = {
		.compression = (unsigned)o->codec,
		.level = o->level,
		.ident = o->ident,
	};
	struct nfwriter *w = NULL;
	int rc = FLOW_ENOMEM;

	if (!g || !r)
		goto out;
	g->o = o;
	g->rng.s = o->seed;
	make_exporters(g);
	rc = nffile_create(&w, o->path, &fo, err);
	if (rc < 0)
		goto out;
	rc = put_exporters(g, w, err);
	for (uint64_t i = 0; rc == 0 && i < o->count; i++) {
		g->index = i;
		size_t e = (size_t)rng_below(&g->rng, o->exporters);

		g->cur = &g->exp[e];
		g->exp_flows[e]++;
		flow_record_clear(r);
		r->exporter_sysid = g->cur->sysid;
		if (o->mix == MIX_V5)
			make_v5(g, r);
		else
			make_all(g, r);
		rc = nfwriter_put_flow(w, r, err);
	}
	if (rc == 0 && o->exporter_stat)
		rc = put_exporter_stat(g, w, err);
	if (rc == 0) {
		rc = nffile_finish(w, err);
		w = NULL;
	}
out:
	nffile_abort(w);
	free(g);
	free(r);
	return rc;
}

static void usage(FILE *f)
{
	fputs("usage: nfgen -n count [-s seed] [-z none|lzo|bz2|lz4[:lvl]|zstd[:lvl]] [-I ident]\n"
	      "             [--compat171] [--ipv6 pct] [--density pct] [--exporters n] [--src-pool n]\n"
	      "             [--mix all|v5] [--no-exporter-stat] -w file\n",
	      f);
}

static int parse_u64(const char *s, uint64_t max, uint64_t *out)
{
	char *end;

	errno = 0;
	unsigned long long v = strtoull(s, &end, 0);

	if (errno || end == s || *end || *s == '-' || v > max)
		return -1;
	*out = v;
	return 0;
}

enum { OPT_COMPAT = 256, OPT_IPV6, OPT_EXPORTERS, OPT_MIX, OPT_DENSITY, OPT_NO_XSTAT, OPT_SRC_POOL };

static int parse_args(int argc, char **argv, struct gen_opts *o)
{
	static const struct option longopts[] = {
		{ "compat171", no_argument, NULL, OPT_COMPAT },
		{ "ipv6", required_argument, NULL, OPT_IPV6 },
		{ "exporters", required_argument, NULL, OPT_EXPORTERS },
		{ "mix", required_argument, NULL, OPT_MIX },
		{ "density", required_argument, NULL, OPT_DENSITY },
		{ "src-pool", required_argument, NULL, OPT_SRC_POOL },
		{ "no-exporter-stat", no_argument, NULL, OPT_NO_XSTAT },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct flow_err err = { 0 };
	uint64_t v;
	int c, have_count = 0;

	while ((c = getopt_long(argc, argv, "n:s:z:I:w:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'n':
			if (parse_u64(optarg, UINT64_MAX, &o->count) < 0)
				goto bad;
			have_count = 1;
			break;
		case 's':
			if (parse_u64(optarg, UINT64_MAX, &o->seed) < 0)
				goto bad;
			break;
		case 'z':
			/* accept nfdump 1.7.8's "-z=lz4" spelling as well as "-z lz4" */
			if (flow_codec_parse(optarg + (*optarg == '='), &o->codec, &o->level,
					     &err) < 0) {
				fprintf(stderr, "nfgen: %s\n", err.msg);
				return -1;
			}
			break;
		case 'I':
			o->ident = optarg;
			break;
		case 'w':
			o->path = optarg;
			break;
		case OPT_COMPAT:
			o->compat171 = 1;
			break;
		case OPT_IPV6:
			if (parse_u64(optarg, 100, &v) < 0)
				goto bad;
			o->ipv6_pct = (unsigned)v;
			break;
		case OPT_NO_XSTAT:
			o->exporter_stat = 0;
			break;
		case OPT_SRC_POOL:
			if (parse_u64(optarg, 1u << 24, &v) < 0 || v == 0)
				goto bad;
			o->src_pool = (unsigned)v;
			break;
		case OPT_DENSITY:
			if (parse_u64(optarg, 100, &v) < 0)
				goto bad;
			o->density = (unsigned)v;
			break;
		case OPT_EXPORTERS:
			if (parse_u64(optarg, MAX_EXPORTERS, &v) < 0 || v == 0)
				goto bad;
			o->exporters = (unsigned)v;
			break;
		case OPT_MIX:
			if (strcmp(optarg, "all") == 0)
				o->mix = MIX_ALL;
			else if (strcmp(optarg, "v5") == 0)
				o->mix = MIX_V5;
			else
				goto bad;
			break;
		case 'h':
			usage(stdout);
			exit(0);
		default:
			usage(stderr);
			return -1;
		}
	}
	if (!have_count || !o->path || optind != argc) {
		usage(stderr);
		return -1;
	}
	if (o->compat171 && o->codec == CODEC_ZSTD) {
		fprintf(stderr, "nfgen: --compat171: nfdump 1.7.1 cannot read zstd\n");
		return -1;
	}
	return 0;
bad:
	fprintf(stderr, "nfgen: bad value '%s'\n", optarg);
	usage(stderr);
	return -1;
}

int main(int argc, char **argv)
{
	struct gen_opts o = {
		.seed = 1,
		.codec = CODEC_NONE,
		.ipv6_pct = 25,
		.density = 25,
		.src_pool = 4096,
		.exporter_stat = 1,
		.exporters = 1,
		.mix = MIX_ALL,
		.ident = "nfgen",
	};
	struct flow_err err = { 0 };

	if (parse_args(argc, argv, &o) < 0)
		return 2;
	if (generate(&o, &err) < 0) {
		fprintf(stderr, "nfgen: %s\n", err.msg);
		return 1;
	}
	return 0;
}
