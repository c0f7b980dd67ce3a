/*
 * fuzz_record - libFuzzer target for the V3 record codec alone.
 *
 * The input is one V3 record (type 11).  If flow_record_decode_v3 accepts
 * it, then:
 *  1. encoding the record gives exactly flow_record_v3_size() bytes, and
 *     decoding those gives the same record (decode, encode, decode agree);
 *  2. encoding that second record gives the same bytes again;
 *  3. decoding the input into a record that still holds a previous record
 *     with every element set gives the same result as decoding it into a
 *     cleared one - the reuse contract of record.h (only what the previous
 *     record set is cleared, and all of it is);
 *  4. statistics read in place (flow_stats_shapes_add) batch the values
 *     and counters decoding the record gives.
 * A violation aborts, which libFuzzer reports with the input.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "record/record.h"
#include "stat/elem_int.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define ENC_MAX 65536

static void fail(const char *what, unsigned id)
{
	fprintf(stderr, "fuzz_record: %s (element %u)\n", what, id);
	abort();
}

/*
 * Compare two records member by member (not by memcmp of the struct, whose
 * padding is not part of the contract).  with_flags: also the two markers
 * of historic layouts; the 1.7.0 EXnatCommon marker does not survive a
 * re-encode because the writer emits the current layout.
 */
static void check_equal(const struct flow_record *a, const struct flow_record *b,
			int with_flags)
{
	if (a->present != b->present)
		fail("present bits differ", 0);
	if (a->engine_type != b->engine_type || a->engine_id != b->engine_id ||
	    a->exporter_sysid != b->exporter_sysid || a->flags != b->flags ||
	    a->nfversion != b->nfversion)
		fail("record header differs", 0);
	if (a->sampler_is_171 != b->sampler_is_171)
		fail("sampler layout marker differs", EX_SAMPLER);
	if (with_flags && a->nat_common_is_170 != b->nat_common_is_170)
		fail("1.7.0 nat common marker differs", EX_NAT_COMMON);
	for (unsigned id = 1; id < EX_MAX; id++) {
		const struct flow_ext_info *info = flow_ext_info(id);

		if (!info)
			continue;
		if (info->size && memcmp((const uint8_t *)a + info->offset,
					 (const uint8_t *)b + info->offset, info->size))
			fail("member differs", id);
		if (info->var_offset >= 0) {
			const struct flow_bytes *va = (const void *)((const uint8_t *)a + info->var_offset);
			const struct flow_bytes *vb = (const void *)((const uint8_t *)b + info->var_offset);

			if (va->len != vb->len || (va->len && memcmp(va->ptr, vb->ptr, va->len)))
				fail("variable-length part differs", id);
		}
	}
}

/* A record with every element present and every byte non-zero. */
static const uint8_t *full_record(size_t *len)
{
	static uint8_t enc[ENC_MAX], var[64];
	static size_t n;

	if (n)
		goto out;

	struct flow_record *r = malloc(sizeof(*r));
	struct flow_err err = { 0 };

	if (!r)
		abort();
	memset(r, 0x5a, sizeof(*r));
	memset(var, 0xa5, sizeof(var));
	r->present = 0;
	r->sampler_is_171 = 0;
	r->nat_common_is_170 = 0;
	for (unsigned id = 1; id < EX_MAX; id++) {
		const struct flow_ext_info *info = flow_ext_info(id);

		if (!info)
			continue;
		r->present |= 1ULL << id;
		if (info->var_offset >= 0)
			*(struct flow_bytes *)((uint8_t *)r + info->var_offset) =
				(struct flow_bytes){ var, sizeof(var) };
	}
	int rc = flow_record_encode_v3(r, enc, sizeof(enc), &err);

	if (rc <= 0)
		fail(err.msg, 0);
	n = (size_t)rc;
	free(r);
out:
	*len = n;
	return enc;
}

/* Property 4 for a record decoded as r (rec, size bytes, its shape learnt). */
static void check_in_place(const struct flow_record *r, const uint8_t *rec, unsigned size)
{
	static const char *const args[] = { "ip:p", "srcas", "inif/packets", "dstport" };
	static struct flow_stats *s;
	static struct flow_stats_shapes *sh;
	static struct flow_stats_batch *b, *c;
	struct flow_stat pb, pc;
	struct flow_err err = { 0 };
	uint32_t orders = 0;
	int asc = 0;

	if (!s) {
		if (flow_stats_new(&s, &err) < 0)
			fail(err.msg, 0);
		for (size_t i = 0; i < sizeof(args) / sizeof(args[0]); i++)
			if (flow_stats_parse(s, args[i], &orders, &asc, &err) < 0)
				fail(err.msg, 0);
		sh = flow_stats_shapes_new(s);
		b = flow_stats_batch_new();
		c = flow_stats_batch_new();
		if (!sh || !b || !c)
			fail("out of memory", 0);
	}
	flow_stats_batch_clear(b);
	flow_stats_batch_clear(c);
	flow_stat_init(&pb);
	flow_stat_init(&pc);
	int rc = flow_stats_shapes_add(sh, s, c, rec, size, &pc, &err);

	if (rc < 0)
		fail(err.msg, 0);
	if (rc == 0)
		return;		/* no plan for the shape, or out counters: decoded */
	if (flow_stats_batch_add(s, b, r, &err) < 0)
		fail("read in place, but its decoded values are refused", 0);
	flow_stat_add(&pb, r);
	if (memcmp(&pb, &pc, sizeof(pb)) != 0 || b->n != c->n)
		fail("read in place: other counters or number of values", 0);
	for (size_t k = 0; k < b->n; k++) {
		const struct batch_value *x = &b->v[k], *y = &c->v[k];

		if (x->hash_hi != y->hash_hi || x->req != y->req || x->wide != y->wide ||
		    memcmp(x->key, y->key, x->wide ? ELEM_WIDE_KEY : ELEM_NARROW_KEY) ||
		    x->flows != y->flows || x->in_pkts != y->in_pkts ||
		    x->in_bytes != y->in_bytes || x->first != y->first || x->last != y->last)
			fail("read in place: another value", (unsigned)k);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static uint8_t enc1[ENC_MAX], enc2[ENC_MAX];
	static struct flow_record r1, r2, r3;
	struct flow_err err = { 0 };
	size_t full_len;
	const uint8_t *full = full_record(&full_len);

	flow_record_clear(&r1);
	int len = flow_record_decode_v3(&r1, data, size, &err);

	if (len < 0)
		return 0;
	/* 4: the first decode taught the shape; a second finds it planned */
	if (flow_record_decode_v3(&r2, data, size, &err) != len)
		fail("decodes once, not twice", 0);
	check_in_place(&r1, data, (unsigned)len);

	/* 3: reuse after a record that set everything */
	flow_record_clear(&r3);
	if (flow_record_decode_v3(&r3, full, full_len, &err) < 0)
		fail(err.msg, 0);
	if (flow_record_decode_v3(&r3, data, size, &err) < 0)
		fail("decodes fresh but not into a used record", 0);
	check_equal(&r1, &r3, 1);

	/* 1: decode, encode, decode */
	size_t want = flow_record_v3_size(&r1);
	int n1 = flow_record_encode_v3(&r1, enc1, sizeof(enc1), &err);

	if (want > 0xffff) {
		/* only possible when skipped input elements were smaller: must refuse */
		if (n1 >= 0)
			fail("encoded a record over 65535 bytes", 0);
		return 0;
	}
	if (n1 < 0 || (size_t)n1 != want)
		fail("encoded size is not flow_record_v3_size()", 0);
	flow_record_clear(&r2);
	if (flow_record_decode_v3(&r2, enc1, (size_t)n1, &err) != n1)
		fail(err.msg, 0);
	check_equal(&r1, &r2, 0);

	/* 2: the encoding is a fixed point */
	int n2 = flow_record_encode_v3(&r2, enc2, sizeof(enc2), &err);

	if (n2 != n1 || memcmp(enc1, enc2, (size_t)n1))
		fail("second encoding differs from the first", 0);
	return 0;
}
