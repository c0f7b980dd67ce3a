/*
 * Fuzz target for the filter compiler: nfsen hands user-typed filters to
 * dump, so any byte string must compile or fail cleanly, and a compiled
 * filter must evaluate on any record without faults: an empty one and one
 * with every element, the variable-length ones (label, payload) pointing
 * at the input, with and without an ident and a record count.  Host names
 * are refused (no DNS while fuzzing); inputs with @include are skipped,
 * as they would read whatever the input names (/dev/stdin blocks).
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "filter/filter.h"
#include "record/record.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *expr = malloc(size + 1);
	struct flow_filter *f = NULL;
	struct flow_err err;
	struct flow_record r;
	struct flow_filter_opts opts = { 1, NULL, NULL };
	struct flow_filter_ctx ctx = { "ident", size };

	if (!expr)
		return 0;
	memcpy(expr, data, size);
	expr[size] = '\0';
	if (strchr(expr, '@')) {
		free(expr);
		return 0;
	}
	if (flow_filter_compile_opts(&f, expr, &opts, &err) == 0) {
		/* an empty record, then one with every element and the input's bytes */
		flow_record_clear(&r);
		(void)flow_filter_match(f, &r);
		for (unsigned id = 1; id < EX_MAX; id++) {
			const struct flow_ext_info *e = flow_ext_info(id);

			r.present |= 1ULL << id;
			for (unsigned i = 0; i < e->data_len; i++)
				((uint8_t *)&r)[e->offset + i] = size ? data[(id + i) % size] : 0;
		}
		r.label.ptr = data;
		r.label.len = (uint16_t)(size > 100 ? 100 : size);
		r.in_payload = r.label;
		(void)flow_filter_match(f, &r);
		(void)flow_filter_match_ctx(f, &r, &ctx);
		ctx.ident = (const char *)expr;
		(void)flow_filter_match_ctx(f, &r, &ctx);
		(void)flow_filter_needs(f);
		flow_filter_free(f);
	}
	free(expr);
	return 0;
}
