/*
 * order.c - print orders and top-N selection.
 *
 * The values are computed as nfdump 1.7.1 computes them, overflow
 * included (u64 products wrap), so the same rows come out on top.
 */
#include <stdlib.h>
#include <strings.h>

#include "stat/stat_int.h"
#include "util/banned.h"

const struct stat_order stat_orders[ORDER_MAX] = {
	{ "-", IO_IN, OV_FLOWS, 0 },
	{ "flows", IO_IN, OV_FLOWS, 0 },
	{ "packets", IO_INOUT, OV_PACKETS, 0 },
	{ "ipkg", IO_IN, OV_PACKETS, 0 },
	{ "opkg", IO_OUT, OV_PACKETS, 0 },
	{ "bytes", IO_INOUT, OV_BYTES, 0 },
	{ "ibyte", IO_IN, OV_BYTES, 0 },
	{ "obyte", IO_OUT, OV_BYTES, 0 },
	{ "pps", IO_INOUT, OV_PPS, 0 },
	{ "ipps", IO_IN, OV_PPS, 0 },
	{ "opps", IO_OUT, OV_PPS, 0 },
	{ "bps", IO_INOUT, OV_BPS, 0 },
	{ "ibps", IO_IN, OV_BPS, 0 },
	{ "obps", IO_OUT, OV_BPS, 0 },
	{ "bpp", IO_INOUT, OV_BPP, 0 },
	{ "ibpp", IO_IN, OV_BPP, 0 },
	{ "obpp", IO_OUT, OV_BPP, 0 },
	{ "tstart", IO_IN, OV_TSTART, 1 },
	{ "tend", IO_IN, OV_TEND, 1 },
	{ "duration", IO_IN, OV_DURATION, 0 },
};

int stat_order_find(const char *name, int limit)
{
	for (int i = 1; i < limit; i++) {
		if (strcasecmp(stat_orders[i].name, name) == 0)
			return i;
	}
	return -1;
}

uint64_t stat_cnt_packets(const struct stat_cnt *c, enum stat_inout io)
{
	if (io == IO_IN)
		return c->in_pkts;
	if (io == IO_OUT)
		return c->out_pkts;
	return c->in_pkts + c->out_pkts;
}

uint64_t stat_cnt_bytes(const struct stat_cnt *c, enum stat_inout io)
{
	if (io == IO_IN)
		return c->in_bytes;
	if (io == IO_OUT)
		return c->out_bytes;
	return c->in_bytes + c->out_bytes;
}

uint64_t stat_order_value(const struct stat_cnt *c, int o, int record, int swap)
{
	enum stat_inout io = stat_orders[o].inout;
	uint64_t dur = c->last - c->first;

	/* -B: a swapped flow's in and out trade places */
	if (swap && io != IO_INOUT)
		io = io == IO_IN ? IO_OUT : IO_IN;
	switch (stat_orders[o].val) {
	case OV_FLOWS: return c->flows;
	case OV_PACKETS: return stat_cnt_packets(c, io);
	case OV_BYTES: return stat_cnt_bytes(c, io);
	case OV_PPS: return dur ? 1000 * stat_cnt_packets(c, io) / dur : 0;
	/* 1.7.1's flow table takes last - last as the duration: always 0 */
	case OV_BPS: return dur && !record ? 8000 * stat_cnt_bytes(c, io) / dur : 0;
	case OV_BPP: {
		uint64_t p = stat_cnt_packets(c, io);

		return p ? stat_cnt_bytes(c, io) / p : 0;
	}
	case OV_TSTART: return c->first;
	case OV_TEND: return c->last;
	case OV_DURATION: return dur;
	}
	return 0;
}

static int before(const struct stat_sortel *a, const struct stat_sortel *b, int asc)
{
	if (a->value != b->value)
		return asc ? a->value < b->value : a->value > b->value;
	return a->seq < b->seq;
}

static int cmp_desc(const void *x, const void *y)
{
	const struct stat_sortel *a = x, *b = y;

	if (a->value != b->value)
		return a->value > b->value ? -1 : 1;
	return a->seq < b->seq ? -1 : a->seq > b->seq;
}

static int cmp_asc(const void *x, const void *y)
{
	const struct stat_sortel *a = x, *b = y;

	if (a->value != b->value)
		return a->value < b->value ? -1 : 1;
	return a->seq < b->seq ? -1 : a->seq > b->seq;
}

/* Sift down in a heap whose root is the worst of the kept rows. */
static void sift(struct stat_sortel *h, size_t n, size_t i, int asc)
{
	for (;;) {
		size_t l = 2 * i + 1, w = i;

		if (l < n && before(&h[w], &h[l], asc))
			w = l;
		if (l + 1 < n && before(&h[w], &h[l + 1], asc))
			w = l + 1;
		if (w == i)
			return;
		struct stat_sortel t = h[i];

		h[i] = h[w];
		h[w] = t;
		i = w;
	}
}

/*
 * Top N of a million rows: keep the best N in a heap (one pass, N log N
 * memory traffic) instead of sorting everything.
 */
void stat_sort(struct stat_sortel *v, size_t n, size_t topn, int asc)
{
	if (topn && topn < n) {
		for (size_t i = topn / 2; i-- > 0;)
			sift(v, topn, i, asc);
		for (size_t i = topn; i < n; i++) {
			if (before(&v[i], &v[0], asc)) {
				struct stat_sortel t = v[0];

				v[0] = v[i];
				v[i] = t;
				sift(v, topn, 0, asc);
			}
		}
		n = topn;
	}
	qsort(v, n, sizeof(*v), asc ? cmp_asc : cmp_desc);
}

/* Restore the heap upwards from i (the worst kept row at the root). */
static void sift_up(struct stat_sortel *h, size_t i, int asc)
{
	while (i > 0) {
		size_t p = (i - 1) / 2;

		if (!before(&h[p], &h[i], asc))
			return;
		struct stat_sortel t = h[p];

		h[p] = h[i];
		h[i] = t;
		i = p;
	}
}

void stat_topn_offer(struct stat_sortel *h, size_t *n, size_t topn,
		     const struct stat_sortel *el, int asc)
{
	if (*n < topn) {
		h[*n] = *el;
		sift_up(h, (*n)++, asc);
	} else if (before(el, &h[0], asc)) {
		h[0] = *el;
		sift(h, topn, 0, asc);
	}
}
