/*
 * v3_shape.c - V3 records decoded by a plan made once per shape.
 *
 * A shape is the record size, the element count and every element
 * header (id and length) at its offset.  A plan exists for shapes whose
 * elements are all fixed ones of exactly their length, or unknown ids
 * (skipped): those decode to plain copies.  Variable parts, the historic
 * variants and anything else stay with the loop in v3.c.
 */
#include <string.h>

#include "record/v3_shape.h"
#include "util/endian.h"

#define SHAPE_ELEMENTS FLOW_V3_SHAPE_ELEMENTS	/* a v5 record has 3 to 6, IPFIX ones up to ~10 */
#define SHAPE_SLOTS FLOW_V3_SHAPE_SLOTS
#define SHAPE_SHORT FLOW_V3_SHAPE_SHORT

struct shape_copy {
	uint16_t src, dst;	/* data offset in the record, member offset */
	uint8_t len, id;
};

struct shape {
	struct flow_shape_check check;	/* size 0: an empty slot */
	uint8_t planned;	/* 0: known, but for the loop */
	uint8_t nall, npart;	/* entries of all[], part[] */
	uint32_t gen;		/* when it was learnt: tells it from its slot's next */
	uint64_t present;
	uint64_t part_want;	/* what part[] was made for (0: not yet) */
	struct shape_copy all[SHAPE_ELEMENTS];	/* every stored element */
	struct shape_copy part[SHAPE_ELEMENTS];	/* those in part_want */
};

/* Per thread: decoders share no state, and workers see different blocks. */
static __thread struct shape shapes[SHAPE_SLOTS] __attribute__((tls_model("initial-exec")));
static __thread uint32_t learnt __attribute__((tls_model("initial-exec")));

/* Sizes are multiples of 4 and shapes of one size differ in count. */
static inline struct shape *slot_of(unsigned size, unsigned count)
{
	return &shapes[flow_record_v3_shape_slot(size, count)];
}

/* memcpy of the common element sizes as constants: a few moves each. */
static inline void copy_el(uint8_t *d, const uint8_t *s, unsigned n)
{
#define C(N) case N: memcpy(d, s, N); return;
	switch (n) {
	C(4) C(8) C(12) C(16) C(24) C(32) C(40) C(48)
	}
#undef C
	memcpy(d, s, n);
}

static void make_part(struct shape *sh, uint64_t want)
{
	sh->npart = 0;
	for (unsigned k = 0; k < sh->nall; k++)
		if ((want >> sh->all[k].id) & 1)
			sh->part[sh->npart++] = sh->all[k];
	sh->part_want = want;
}

/* The known shape p (a V3 record of size bytes) has, or NULL. */
static inline struct shape *known(const uint8_t *p, unsigned size)
{
	struct shape *sh = slot_of(size, ld_le16(p + 4));

	return !FLOW_HOST_BIG_ENDIAN && flow_shape_is(&sh->check, p, size) ? sh : NULL;
}

int v3_shape_copy(struct flow_record *r, const uint8_t *p, unsigned size, uint64_t want,
		  uint64_t *present)
{
	struct shape *sh = known(p, size);

	if (!sh)
		return 0;
	if (!sh->planned)
		return -1;

	const struct shape_copy *cp = sh->all;
	unsigned n = sh->nall;

	if ((sh->present & want) != sh->present) {
		if (sh->part_want != want)
			make_part(sh, want);
		cp = sh->part;
		n = sh->npart;
	}
	for (unsigned k = 0; k < n; k++)
		copy_el((uint8_t *)r + cp[k].dst, p + cp[k].src, cp[k].len);
	*present = sh->present & want;
	return 1;
}

/* Can element id with len data bytes be a plain copy? */
static int plain(unsigned id, unsigned len)
{
	const struct flow_ext_info *info = flow_ext_info(id);

	if (!info)
		return id == EX_NULL || id >= EX_MAX;	/* skipped: fine */
	return info->size && info->var_offset < 0 && len == info->data_len &&
	       len <= 255 && id < 64;
}

void v3_shape_learn(const uint8_t *p, unsigned size)
{
	unsigned count = ld_le16(p + 4);
	struct shape *sh = slot_of(size, count);
	unsigned off = V3_HEADER_SIZE;

	if (FLOW_HOST_BIG_ENDIAN || count > SHAPE_ELEMENTS || size > UINT16_MAX)
		return;
	sh->check.size = 0;
	sh->planned = 1;
	sh->present = 0;
	sh->nall = 0;
	sh->part_want = 0;
	for (unsigned k = 0; k < count; k++) {
		uint32_t hdr = ld_le32(p + off);
		unsigned id = hdr & 0xffff, len = (hdr >> 16) - V3_ELEMENT_HEADER_SIZE;
		const struct flow_ext_info *info = flow_ext_info(id);

		sh->check.at[k] = (uint16_t)off;
		sh->check.hdr[k] = hdr;
		if (!plain(id, len)) {
			sh->planned = 0;
		} else if (info) {
			sh->all[sh->nall++] = (struct shape_copy){
				.src = (uint16_t)(off + V3_ELEMENT_HEADER_SIZE),
				.dst = info->offset, .len = (uint8_t)len, .id = (uint8_t)id,
			};
			sh->present |= 1ULL << id;
		}
		off += len + V3_ELEMENT_HEADER_SIZE;
	}
	for (unsigned k = count; k < SHAPE_ELEMENTS; k++) {
		sh->check.at[k] = 0;	/* type and size: as checked by the caller */
		sh->check.hdr[k] = REC_V3 | (uint32_t)size << 16;
	}
	sh->check.count = (uint16_t)count;
	sh->check.size = (uint16_t)size;
	sh->gen = ++learnt;
}

int flow_record_v3_shape_find(const uint8_t *p, size_t avail, uint32_t *gen)
{
	unsigned size = avail >= V3_HEADER_SIZE ? ld_le16(p + 2) : 0;
	struct shape *sh;

	if (size < V3_HEADER_SIZE || size > avail || ld_le16(p) != REC_V3)
		return -1;
	sh = known(p, size);
	if (!sh || !sh->planned)
		return -1;
	*gen = sh->gen;
	return (int)(sh - shapes);
}

void flow_record_v3_shape_view(unsigned slot, struct flow_shape_view *v)
{
	const struct shape *sh = &shapes[slot % SHAPE_SLOTS];

	v->present = sh->present;
	memset(v->data_off, 0, sizeof(v->data_off));
	for (unsigned k = 0; k < sh->nall; k++)
		v->data_off[sh->all[k].id] = sh->all[k].src;
	v->check = sh->check;
}

void v3_shape_forget(void)
{
	memset(shapes, 0, sizeof(shapes));
}
