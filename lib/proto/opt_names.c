/*
 * opt_names.c - NBAR application names, interface names and VRF names
 * from v9/IPFIX option data, encoded as the array records nfcapd 1.7.1
 * writes (format.md §4.5) so nfdump can print "TenGigE0/1/0/1" next to
 * an interface index and "icmp" next to an NBAR id.
 *
 * As nfcapd: one record per option set, strings get their last byte
 * forced to NUL, and an option record whose strings are not UTF-8 is
 * left out.
 */
#include <string.h>

#include "proto/tpl_int.h"
#include "util/alloc.h"
#include "util/endian.h"
#include "util/banned.h"

#define ARRAY_HEADER 8
#define NBAR_INFO 6

static int utf8_ok(const uint8_t *s, size_t n)
{
	for (size_t i = 0; i < n;) {
		uint8_t c = s[i];
		size_t k = c < 0x80 ? 0 : (c & 0xe0) == 0xc0 ? 1 : (c & 0xf0) == 0xe0 ? 2 :
			   (c & 0xf8) == 0xf0 ? 3 : 4;

		if (k == 4 || (k && c < 0xc2 && k == 1) || n - i <= k)
			return 0;
		for (size_t j = 1; j <= k; j++)
			if ((s[i + j] & 0xc0) != 0x80)
				return 0;
		i += k + 1;
	}
	return 1;
}

static size_t round4(size_t n)
{
	return (n + 3) & ~(size_t)3;
}

struct arr {
	uint8_t *buf;
	size_t len, cap, elem;
	unsigned n;
};

/* Header (type, size, count, element size) and the info block; elements follow. */
static int arr_begin(struct arr *a, unsigned type, size_t info, size_t elem, size_t *nmax)
{
	a->elem = elem;
	a->n = 0;
	if (!elem || ARRAY_HEADER + info + elem > 0xffff)
		return -1;
	/* the record size is a u16: keep what fits (nfcapd overflows it) */
	if (*nmax > (0xffff - ARRAY_HEADER - info) / elem)
		*nmax = (0xffff - ARRAY_HEADER - info) / elem;
	a->cap = ARRAY_HEADER + info + elem * *nmax;
	a->buf = flow_calloc(1, a->cap);
	if (!a->buf)
		return -1;
	st_le16(a->buf, (uint16_t)type);
	st_le16(a->buf + 6, (uint16_t)elem);
	a->len = ARRAY_HEADER + info;
	return 0;
}

static int arr_emit(struct tpl_ctx *c, struct arr *a, struct flow_err *err)
{
	int rc = 0;

	st_le16(a->buf + 2, (uint16_t)a->len);
	st_le16(a->buf + 4, (uint16_t)a->n);
	if (a->n && c->sink && c->sink->record && c->sink->record(c->sink->ctx, a->buf, a->len) < 0)
		rc = flow_errorf(err, FLOW_EIO, "writing a name record failed");
	flow_free(a->buf);
	return rc;
}

/* Copy a string field, NUL in its last byte; 0 when it is not UTF-8. */
static int put_str(uint8_t *d, const uint8_t *rec, const struct opt_field *f)
{
	memcpy(d, rec + f->off, f->len);
	if (!utf8_ok(d, f->len))
		return 0;
	d[f->len - 1] = '\0';
	return 1;
}

static int nbar(struct tpl_ctx *c, const struct tpl_options *o, const uint8_t *p, size_t n,
		struct flow_err *err)
{
	struct arr a;
	size_t data = (size_t)o->nbar_id.len + o->nbar_name.len + o->nbar_desc.len;

	if (arr_begin(&a, REC_NBAR, NBAR_INFO, round4(data), &n))
		return 0;
	st_le16(a.buf + 8, o->nbar_id.len);
	st_le16(a.buf + 10, o->nbar_name.len);
	st_le16(a.buf + 12, o->nbar_desc.len);
	for (size_t i = 0; i < n; i++) {
		const uint8_t *rec = p + i * o->reclen;
		uint8_t *d = a.buf + a.len;

		memcpy(d, rec + o->nbar_id.off, o->nbar_id.len);
		if (!put_str(d + o->nbar_id.len, rec, &o->nbar_name) ||
		    !put_str(d + o->nbar_id.len + o->nbar_name.len, rec, &o->nbar_desc)) {
			memset(d, 0, a.elem);
			continue;
		}
		a.len += a.elem;
		a.n++;
	}
	return arr_emit(c, &a, err);
}

static int names(struct tpl_ctx *c, unsigned type, const struct opt_field *id,
		 const struct opt_field *name, const uint8_t *p, size_t n, size_t reclen,
		 struct flow_err *err)
{
	struct arr a;

	if (arr_begin(&a, type, 4, round4(4 + (size_t)name->len), &n))
		return 0;
	st_le32(a.buf + 8, name->len);
	for (size_t i = 0; i < n; i++) {
		const uint8_t *rec = p + i * reclen;
		uint8_t *d = a.buf + a.len;
		uint32_t v = 0;

		for (unsigned k = 0; k < id->len && k < 4; k++)
			v = v << 8 | rec[id->off + k];
		st_le32(d, v);
		if (!put_str(d + 4, rec, name)) {
			memset(d, 0, a.elem);
			continue;
		}
		a.len += a.elem;
		a.n++;
	}
	return arr_emit(c, &a, err);
}

int opt_names(struct tpl_ctx *c, const struct tpl_options *o, const uint8_t *p, size_t len,
	      struct flow_err *err)
{
	size_t n = o->reclen ? len / o->reclen : 0;
	int rc = 0;

	if (!n || !c->sink || !c->sink->record)
		return 0;
	if (o->nbar_id.len && o->nbar_name.len && o->nbar_desc.len)
		rc = nbar(c, o, p, n, err);
	if (!rc && o->if_index.len && o->if_name.len)
		rc = names(c, REC_IFNAME, &o->if_index, &o->if_name, p, n, o->reclen, err);
	if (!rc && o->vrf_id.len && o->vrf_name.len)
		rc = names(c, REC_VRFNAME, &o->vrf_id, &o->vrf_name, p, n, o->reclen, err);
	return rc;
}
