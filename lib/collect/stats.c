/*
 * SIGUSR1: the exporter statistics of every flow source, logged (and
 * written to the status file when one is configured), so an operator can
 * see who sends what and what gets lost without stopping the collector.
 */
#include <arpa/inet.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "collect/collect_int.h"
#include "util/banned.h"

struct stats_ctx {
	const struct collect_config *cfg;
	const struct csource *s;
	FILE *out;
};

static void ip_string(const struct flow_exporter_info *i, char *buf, size_t len)
{
	if (i->family == AF_INET6) {
		uint8_t a[16];

		for (int k = 0; k < 8; k++) {
			a[k] = (uint8_t)(i->ip.hi >> (56 - 8 * k));
			a[8 + k] = (uint8_t)(i->ip.lo >> (56 - 8 * k));
		}
		inet_ntop(AF_INET6, a, buf, (socklen_t)len);
	} else {
		uint32_t v = htonl((uint32_t)i->ip.lo);

		inet_ntop(AF_INET, &v, buf, (socklen_t)len);
	}
}

static void emit(struct stats_ctx *x, int prio, const char *line)
{
	collect_logf(&x->cfg->log, prio, "%s", line);
	if (x->out)
		fprintf(x->out, "%s\n", line);
}

static int one_exporter(void *ctx, const struct flow_decoder_exporter *e)
{
	struct stats_ctx *x = ctx;
	char ip[64], line[512];

	ip_string(&e->info, ip, sizeof(ip));
	snprintf(line, sizeof(line),
		 "Ident: %s, exporter: %s, version: %u, id: %u, sysid: %u, datagrams: %" PRIu64
		 ", flows: %" PRIu64 ", sequence failures: %" PRIu64 ", malformed: %" PRIu64
		 ", templates: %" PRIu64 ", templates evicted: %" PRIu64,
		 x->s->cfg->ident, ip, e->info.version, e->info.id, e->info.sysid,
		 e->total_packets, e->total_flows, e->total_sequence_failures, e->malformed,
		 e->templates, e->templates_evicted);
	emit(x, COLLECT_INFO, line);
	return 0;
}

void collect_log_stats(struct collector *c)
{
	struct stats_ctx x = { .cfg = c->cfg };
	char line[512];

	if (c->cfg->status_file)
		x.out = fopen(c->cfg->status_file, "w");
	snprintf(line, sizeof(line),
		 "Total datagrams: %" PRIu64 ", unknown source: %" PRIu64
		 ", kernel drops: %" PRIu64,
		 c->datagrams, c->unknown_source, c->kernel_drops);
	emit(&x, COLLECT_INFO, line);
	for (unsigned i = 0; i < c->nsrc; i++) {
		const struct flow_decoder_counters *k = flow_decoder_counters(c->src[i].dec);

		x.s = &c->src[i];
		snprintf(line, sizeof(line),
			 "Ident: %s, datagrams: %" PRIu64 ", flows: %" PRIu64 ", malformed: %" PRIu64
			 ", bad sets: %" PRIu64 ", no template: %" PRIu64 ", unknown version: %" PRIu64
			 ", templates evicted: %" PRIu64,
			 c->src[i].cfg->ident, k->datagrams, k->flows, k->malformed, k->bad_sets,
			 k->no_template, k->unknown_version, k->templates_evicted);
		emit(&x, COLLECT_INFO, line);
		flow_decoder_foreach_exporter(c->src[i].dec, one_exporter, &x);
	}
	if (x.out)
		fclose(x.out);
}
