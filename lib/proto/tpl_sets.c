/*
 * tpl_sets.c - the parts of set handling v9 and IPFIX share: reading a
 * template's field list off the wire, storing a compiled template (with
 * the exporter's counters), and decoding a data set by its template.
 */
#include "proto/tpl_sets.h"
#include "util/alloc.h"
#include "util/banned.h"

struct tpl_field *tpl_read_fields(struct flow_berd *r, unsigned count, int ipfix)
{
	struct tpl_field *f = flow_calloc(count ? count : 1, sizeof(*f));

	if (!f)
		return NULL;
	for (unsigned i = 0; i < count; i++) {
		uint16_t id = 0, len = 0;
		uint32_t pen = 0;

		flow_berd_u16(r, &id);
		flow_berd_u16(r, &len);
		/* IPFIX: the top bit says an enterprise number follows (RFC 7011 §3.2) */
		if (ipfix && (id & 0x8000)) {
			id &= 0x7fff;
			flow_berd_u32(r, &pen);
		}
		f[i].id = id;
		f[i].len = len;
		f[i].pen = pen;
	}
	if (r->short_read) {
		flow_free(f);
		return NULL;
	}
	return f;
}

int tpl_add(struct tpl_ctx *c, struct tpl *t, struct flow_err *err)
{
	struct tpl_store *s = tpl_store_of(c->dec, c->e);
	int rc;

	if (!s) {
		tpl_free(t);
		return flow_errorf(err, FLOW_ENOMEM, "no memory for a template store");
	}
	rc = tpl_store_add(s, t, err);
	if (rc < 0)
		return rc;
	c->e->templates++;
	if (rc > 0) {
		c->e->templates_evicted++;
		c->dec->counters.templates_evicted++;
	}
	return 0;
}

void tpl_withdraw(struct tpl_ctx *c, uint16_t id)
{
	struct tpl_store *s = dec_exp(c->e)->tpl;

	if (s)
		tpl_store_remove(s, id);
}

void tpl_withdraw_kind(struct tpl_ctx *c, unsigned kind)
{
	struct tpl_store *s = dec_exp(c->e)->tpl;

	if (s)
		tpl_store_remove_kind(s, kind);
}

int tpl_data_set(struct tpl_ctx *c, uint16_t id, const uint8_t *p, size_t len,
		 int *flows, struct flow_err *err)
{
	struct tpl_store *s = dec_exp(c->e)->tpl;
	struct tpl *t = s ? tpl_store_get(s, id) : NULL;
	int rc;

	if (!t) {
		/* nfcapd drops these too: the template may come later */
		c->dec->counters.no_template++;
		return 0;
	}
	if (t->kind == TPL_OPTIONS)
		return tpl_run_options(c, t, p, len, err);
	rc = tpl_run_set(c, t, p, len, flows, err);
	return rc;
}
