/*
 * sampler.c - the samplers of an exporter and how they scale records,
 * as nfcapd 1.7.1 keeps them: a list per exporter, keyed by sampler id,
 * announced (type-15 record) when new or changed.
 */
#include <string.h>

#include "proto/dec_int.h"
#include "util/alloc.h"
#include "util/banned.h"

static struct flow_sampler *find_id(struct dec_exporter *x, int64_t id)
{
	for (unsigned i = 0; i < x->nsamplers; i++)
		if (x->samplers[i].id == id)
			return &x->samplers[i];
	return NULL;
}

static struct flow_sampler *append(struct dec_exporter *x)
{
	if (x->nsamplers == x->cap_samplers) {
		unsigned cap = x->cap_samplers ? x->cap_samplers * 2 : 4;
		struct flow_sampler *a = flow_realloc(x->samplers, cap * sizeof(*a));

		if (!a)
			return NULL;
		x->samplers = a;
		x->cap_samplers = cap;
	}
	return &x->samplers[x->nsamplers++];
}

/* An exporter may announce samplers without end; nfcapd keeps all, we cap. */
#define MAX_SAMPLERS 256

int flow_dec_sampler_set(struct flow_decoder *dec, struct flow_decoder_exporter *e,
			 const struct flow_sampler *s,
			 const struct flow_decode_sink *sink, struct flow_err *err)
{
	struct dec_exporter *x = dec_exp(e);
	struct flow_sampler *have = find_id(x, s->id);

	(void)dec;
	if (have) {
		if (have->algorithm == s->algorithm &&
		    have->packet_interval == s->packet_interval &&
		    have->space_interval == s->space_interval)
			return 0;
	} else {
		if (x->nsamplers >= MAX_SAMPLERS)
			return flow_errorf(err, FLOW_EUNSUPPORTED,
					   "exporter %u: more than %d samplers",
					   e->info.sysid, MAX_SAMPLERS);
		have = append(x);
		if (!have)
			return flow_errorf(err, FLOW_ENOMEM, "no memory for a sampler");
	}
	*have = *s;
	have->sysid = e->info.sysid;
	if (sink && sink->sampler && sink->sampler(sink->ctx, have) < 0)
		return flow_errorf(err, FLOW_EIO, "writing sampler %lld of exporter %u failed",
				   (long long)s->id, e->info.sysid);
	return 0;
}

int flow_dec_sampler(struct flow_decoder *dec, struct flow_decoder_exporter *e,
		     int64_t id, uint16_t algorithm, uint32_t packet_interval,
		     const struct flow_decode_sink *sink, struct flow_err *err)
{
	struct flow_sampler s = {
		.sysid = e->info.sysid,
		.algorithm = algorithm,
		.id = id,
		.packet_interval = 1,
		.space_interval = packet_interval ? packet_interval - 1 : 0,
	};

	return flow_dec_sampler_set(dec, e, &s, sink, err);
}

int flow_dec_static_sampler(struct flow_decoder *dec, struct flow_decoder_exporter *e,
			    const struct flow_decode_sink *sink, struct flow_err *err)
{
	int s = dec->cfg.sampling_override;

	if (s < 0)
		return flow_dec_sampler(dec, e, FLOW_SAMPLER_OVERWRITE, 0,
					(uint32_t)-(int64_t)s, sink, err);
	if (s > 1)
		return flow_dec_sampler(dec, e, FLOW_SAMPLER_DEFAULT, 0, (uint32_t)s, sink, err);
	return 0;
}

const struct flow_sampler *flow_dec_find_sampler(const struct flow_decoder_exporter *e,
						 int64_t id)
{
	const struct dec_exporter *x = (const struct dec_exporter *)e;
	const struct flow_sampler *own = NULL, *generic = NULL, *def = NULL;

	for (unsigned i = 0; i < x->nsamplers; i++) {
		const struct flow_sampler *s = &x->samplers[i];

		if (s->id == FLOW_SAMPLER_OVERWRITE)
			return s;
		if (s->id == id && !own)
			own = s;
		else if (s->id == FLOW_SAMPLER_GENERIC)
			generic = s;
		else if (s->id == FLOW_SAMPLER_DEFAULT)
			def = s;
	}
	return own ? own : generic ? generic : def;
}

static uint64_t scale(uint64_t v, uint64_t total, uint64_t packet)
{
	return v * total / packet;
}

void flow_dec_apply_sampling(const struct flow_decoder *dec, struct flow_record *r,
			     const struct flow_sampler *s)
{
	uint64_t packet, total;

	/* a 1:1 sampler is no sampling: nfcapd flags those inconsistently, we never */
	if (!s || s->space_interval == 0)
		return;
	r->flags |= V3_FLAG_SAMPLED;
	if (dec->cfg.keep_sampling_raw)
		return;
	packet = s->packet_interval ? s->packet_interval : 1;
	total = packet + s->space_interval;
	r->generic.in_packets = scale(r->generic.in_packets, total, packet);
	r->generic.in_bytes = scale(r->generic.in_bytes, total, packet);
	if (flow_has(r, EX_CNT)) {
		r->cnt.out_packets = scale(r->cnt.out_packets, total, packet);
		r->cnt.out_bytes = scale(r->cnt.out_bytes, total, packet);
	}
}
