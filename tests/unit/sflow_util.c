/* sflow_util.c - see sflow_util.h. */
#include <string.h>

#include "sflow_util.h"
#include "testutil.h"

struct flow_decoder *new_dec(void)
{
	struct flow_decoder_config cfg = { .kind = FLOW_DEC_SFLOW };
	struct flow_err err;
	struct flow_decoder *dec = flow_decoder_new(&cfg, &err);

	ck_assert_ptr_nonnull(dec);
	return dec;
}

unsigned case_index(const char *name)
{
	for (unsigned i = 0; i < sfcases_n; i++)
		if (strcmp(sfcases[i].name, name) == 0)
			return i;
	ck_abort_msg("no case %s", name);
	return 0;
}

void build_case(const char *name, struct sfd *d)
{
	unsigned i = case_index(name);

	sfcases[i].build(d, i + 1);
	ck_assert(!d->overflow);
}

int run_case(const char *name, struct du_sink *s, struct flow_err *err,
	     struct flow_decoder **keep)
{
	static struct sfd d;
	struct flow_decoder *dec = new_dec();
	struct sockaddr_in sa;
	int rc;

	build_case(name, &d);
	du_sink_init(s);
	du_addr4(&sa, 0);
	rc = du_feed(dec, &sa, d.b, d.len, s, err);
	if (keep)
		*keep = dec;
	else
		flow_decoder_free(dec);
	return rc;
}
