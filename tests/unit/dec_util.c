/* dec_util.c - see dec_util.h. */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dec_util.h"
#include "testutil.h"

static int keep_flow(void *ctx, const struct flow_record *r)
{
	struct du_sink *s = ctx;

	if (s->stop_after && s->nrecs >= (unsigned)s->stop_after)
		return -1;
	ck_assert_uint_lt(s->nrecs, DU_MAX_RECS);
	s->recs[s->nrecs++] = *r;
	return 0;
}

static int keep_exporter(void *ctx, const struct flow_exporter_info *e)
{
	struct du_sink *s = ctx;

	if (s->nexporters < 64)
		s->exporters[s->nexporters] = *e;
	s->nexporters++;
	return 0;
}

static int keep_sampler(void *ctx, const struct flow_sampler *smp)
{
	struct du_sink *s = ctx;

	if (s->nsamplers < 64)
		s->samplers[s->nsamplers] = *smp;
	s->nsamplers++;
	return 0;
}

void du_sink_init(struct du_sink *s)
{
	memset(s, 0, sizeof(*s));
	s->recs = calloc(DU_MAX_RECS, sizeof(*s->recs));
	ck_assert_ptr_nonnull(s->recs);
	s->sink.ctx = s;
	s->sink.flow = keep_flow;
	s->sink.exporter = keep_exporter;
	s->sink.sampler = keep_sampler;
}

void du_sink_free(struct du_sink *s)
{
	free(s->recs);
	s->recs = NULL;
}

void du_addr4(struct sockaddr_in *sa, uint32_t ip)
{
	memset(sa, 0, sizeof(*sa));
	sa->sin_family = AF_INET;
	sa->sin_port = htons(2055);
	sa->sin_addr.s_addr = htonl(ip ? ip : 0x7f000001);
}

int du_feed(struct flow_decoder *dec, const struct sockaddr_in *sa, const void *buf,
	    size_t len, struct du_sink *s, struct flow_err *err)
{
	return flow_decoder_input(dec, (const struct sockaddr *)sa, sizeof(*sa), buf, len,
				  DU_RECV_MSEC, &s->sink, err);
}

int du_feed_file(struct flow_decoder *dec, const struct sockaddr_in *sa, const char *name,
		 struct du_sink *s, struct flow_err *err)
{
	char path[1024];
	size_t len;

	snprintf(path, sizeof(path), "%s/%s", VENDOR_DIR, name);
	unsigned char *buf = tu_slurp(path, &len);
	int rc = du_feed(dec, sa, buf, len, s, err);

	free(buf);
	return rc;
}

void du_put(struct du_pkt *p, uint64_t v, unsigned bytes)
{
	ck_assert_uint_le(p->len + bytes, sizeof(p->b));
	for (unsigned i = 0; i < bytes; i++)
		p->b[p->len + i] = (uint8_t)(v >> (8 * (bytes - 1 - i)));
	p->len += bytes;
}

void du_v9_begin(struct du_pkt *p, uint32_t uptime, uint32_t secs, uint32_t seq,
		 uint32_t source)
{
	memset(p, 0, sizeof(*p));
	du_put(p, 9, 2);
	du_put(p, 0, 2);
	du_put(p, uptime, 4);
	du_put(p, secs, 4);
	du_put(p, seq, 4);
	du_put(p, source, 4);
}

void du_ipfix_begin(struct du_pkt *p, uint32_t export_secs, uint32_t seq, uint32_t domain)
{
	memset(p, 0, sizeof(*p));
	p->ipfix = 1;
	du_put(p, 10, 2);
	du_put(p, 0, 2);
	du_put(p, export_secs, 4);
	du_put(p, seq, 4);
	du_put(p, domain, 4);
}

void du_set_begin(struct du_pkt *p, uint16_t id)
{
	p->set = p->len;
	du_put(p, id, 2);
	du_put(p, 0, 2);
}

void du_set_end(struct du_pkt *p)
{
	size_t n = p->len - p->set;

	p->b[p->set + 2] = (uint8_t)(n >> 8);
	p->b[p->set + 3] = (uint8_t)n;
}

void du_finish(struct du_pkt *p)
{
	if (p->ipfix) {
		p->b[2] = (uint8_t)(p->len >> 8);
		p->b[3] = (uint8_t)p->len;
	}
}
