/*
 * -M: dynamic flow sources, as nfcapd 1.7.1 makes them.  The first
 * datagram of an address no source takes creates <dir>/<ident>, where
 * the ident is the address with '.' and ':' turned into '-'
 * (127.0.0.1 -> 127-0-0-1), and a source with that ident writing there
 * from the running slot on.  Bounded by COLLECT_MAX_SOURCES and
 * dyn_max_sources of the config file.
 */
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "collect/collect_int.h"
#include "util/alloc.h"
#include "util/banned.h"

static int room(struct collector *c)
{
	unsigned max = c->cfg->dyn_max;

	return c->nsrc < COLLECT_MAX_SOURCES && (max == 0 || c->ndyn < max);
}

/* ident and directory of the address; -1 when it has no name */
static int name(struct collector *c, struct dyn_source *d, const struct sockaddr_storage *from)
{
	socklen_t len = from->ss_family == AF_INET6 ? sizeof(struct sockaddr_in6)
						    : sizeof(struct sockaddr_in);
	char host[64];

	if (getnameinfo((const struct sockaddr *)from, len, host, sizeof(host), NULL, 0,
			NI_NUMERICHOST) != 0)
		return -1;
	for (char *p = host; *p; p++)
		if (*p == '.' || *p == ':' || *p == '%')
			*p = '-';
	snprintf(d->ident, sizeof(d->ident), "%s", host);
	int n = snprintf(d->dir, sizeof(d->dir), "%s/%s", c->cfg->dyn_dir, host);

	if (n < 0 || (size_t)n >= sizeof(d->dir))
		return -1;
	memcpy(&d->cfg.addr, from, len);
	d->cfg.addrlen = len;
	d->cfg.ident = d->ident;
	d->cfg.dir = d->dir;
	return 0;
}

/* mkdir, lock, recover, start: the source's files begin in the running slot */
static int start(struct collector *c, struct dyn_source *d, struct flow_err *err)
{
	struct csource *s = &c->src[c->nsrc];
	struct flow_err rerr = { 0 };

	if (mkdir(d->dir, 0755) < 0 && errno != EEXIST)
		return flow_errorf_errno(err, FLOW_EIO, "mkdir %s", d->dir);
	if (collect_lock_dir(d->dir, &d->lockfd, err) < 0)
		return FLOW_EINVAL;
	if (collect_recover(c->cfg, &d->cfg, &rerr) < 0)
		collect_logf(&c->cfg->log, COLLECT_ERR, "%s", rerr.msg);
	if (src_init(s, c, &d->cfg, err) < 0) {
		src_free(s);
		return FLOW_ENOMEM;
	}
	c->nsrc++;
	return src_open(s, c->slot);
}

struct csource *collect_dyn_source(struct collector *c, const struct sockaddr_storage *from)
{
	struct flow_err err = { 0 };
	struct dyn_source *d;

	if (!room(c)) {
		if (!c->dyn_full_logged)
			collect_logf(&c->cfg->log, COLLECT_WARN,
				     "Dynamic flow sources: limit of %u reached, new exporters are ignored",
				     c->ndyn);
		c->dyn_full_logged = 1;
		return NULL;
	}
	d = flow_calloc(1, sizeof(*d));
	if (!d)
		return NULL;
	d->lockfd = -1;
	if (name(c, d, from) < 0) {
		flow_free(d);
		return NULL;
	}
	unsigned before = c->nsrc;

	if (start(c, d, &err) < 0) {
		if (collect_ratelimit(c->ratelimit, (const struct sockaddr *)from, d->cfg.addrlen,
				      time(NULL)))
			collect_logf(&c->cfg->log, COLLECT_ERR, "Dynamic flow source %s: %s",
				     d->ident, err.msg);
		if (c->nsrc == before) {
			if (d->lockfd >= 0)
				close(d->lockfd);
			flow_free(d);
			return NULL;
		}
	}
	c->dyn[c->ndyn++] = d;
	collect_logf(&c->cfg->log, COLLECT_INFO,
		     "Dynamically add source ident: %s in directory: %s/nfcapd.current.%ld",
		     d->ident, d->dir, (long)getpid());
	return &c->src[c->nsrc - 1];
}

void collect_dyn_free(struct collector *c)
{
	for (unsigned i = 0; i < c->ndyn; i++) {
		if (c->dyn[i]->lockfd >= 0)
			close(c->dyn[i]->lockfd);
		flow_free(c->dyn[i]);
	}
	c->ndyn = 0;
}
