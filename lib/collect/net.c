/*
 * The listening socket (-b, -p, -4/-6, -B) and the repeater targets (-R),
 * opened before privileges are dropped.
 */
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/udp.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "collect/collect_int.h"
#include "util/alloc.h"
#include "util/banned.h"

struct collect_net {
	int fd;
	char desc[200];
	int rep[COLLECT_MAX_REPEATERS];
	unsigned nrep;
	struct mmsghdr out[COLLECT_BATCH];
	struct iovec iov[COLLECT_BATCH];
	unsigned nout;
};

/*
 * Grow the buffer, never shrink it (nfcapd keeps a larger default); as
 * root also beyond net.core.rmem_max.
 */
static void set_rcvbuf(int fd, int bytes)
{
	int cur = 0;
	socklen_t len = sizeof(cur);

	if (bytes <= 0 || (getsockopt(fd, SOL_SOCKET, SO_RCVBUF, &cur, &len) == 0 && cur >= bytes))
		return;
	if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &bytes, sizeof(bytes)) < 0)
		setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &bytes, sizeof(bytes));
}

static int bind_one(const struct addrinfo *ai, int rcvbuf)
{
	int fd = socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC | SOCK_NONBLOCK,
			ai->ai_protocol);
	int on = 1;

	if (fd < 0)
		return -1;
	set_rcvbuf(fd, rcvbuf);
	/* the kernel's drop counter arrives with every datagram */
	setsockopt(fd, SOL_SOCKET, SO_RXQ_OVFL, &on, sizeof(on));
	/*
	 * Let the kernel hand over consecutive datagrams of one sender as one
	 * message (split again in loop.c): one socket buffer entry and one
	 * recvmmsg slot for many datagrams.  Kernels without it ignore this.
	 */
	setsockopt(fd, SOL_UDP, UDP_GRO, &on, sizeof(on));
	if (bind(fd, ai->ai_addr, ai->ai_addrlen) < 0) {
		int e = errno;

		close(fd);
		errno = e;
		return -1;
	}
	return fd;
}

/*
 * -J: the socket is bound to the group address (only the group's
 * datagrams arrive) and joins it on the interface the kernel picks.
 */
static int join_group(int fd, const struct addrinfo *ai)
{
	if (ai->ai_family == AF_INET) {
		struct ip_mreq m = { .imr_multiaddr = ((const struct sockaddr_in *)ai->ai_addr)->sin_addr,
				     .imr_interface.s_addr = htonl(INADDR_ANY) };

		return setsockopt(fd, IPPROTO_IP, IP_ADD_MEMBERSHIP, &m, sizeof(m));
	}
	struct ipv6_mreq m6 = { .ipv6mr_multiaddr = ((const struct sockaddr_in6 *)ai->ai_addr)->sin6_addr };

	return setsockopt(fd, IPPROTO_IPV6, IPV6_JOIN_GROUP, &m6, sizeof(m6));
}

static void describe(struct collect_net *n, const struct addrinfo *ai)
{
	char host[64], serv[16];

	if (getnameinfo(ai->ai_addr, ai->ai_addrlen, host, sizeof(host), serv, sizeof(serv),
			NI_NUMERICHOST | NI_NUMERICSERV) != 0)
		snprintf(host, sizeof(host), "?");
	snprintf(n->desc, sizeof(n->desc), "Bound to IPv%d host/IP: %s, Port: %s",
		 ai->ai_family == AF_INET6 ? 6 : 4, host, serv);
}

static int open_listener(struct collect_net *n, const struct collect_config *cfg,
			 struct flow_err *err)
{
	struct addrinfo hints = { .ai_family = cfg->family, .ai_socktype = SOCK_DGRAM,
				  .ai_flags = AI_PASSIVE };
	struct addrinfo *res = NULL;
	const char *host = cfg->mcast_group ? cfg->mcast_group : cfg->bind_host;
	int rc;

	if (cfg->mcast_group)
		hints.ai_family = AF_UNSPEC;	/* the group's own family */
	rc = getaddrinfo(host, cfg->port, &hints, &res);
	if (rc != 0)
		return flow_errorf(err, FLOW_EINVAL, "getaddrinfo() error: %s", gai_strerror(rc));
	n->fd = -1;
	for (struct addrinfo *ai = res; ai && n->fd < 0; ai = ai->ai_next) {
		n->fd = bind_one(ai, cfg->rcvbuf);
		if (n->fd >= 0 && cfg->mcast_group && join_group(n->fd, ai) < 0) {
			rc = flow_errorf_errno(err, FLOW_EIO, "Join multicast group %s failed", host);
			close(n->fd);
			n->fd = -1;
			break;
		}
		if (n->fd >= 0)
			describe(n, ai);
	}
	if (n->fd < 0 && rc == 0)
		rc = flow_errorf_errno(err, FLOW_EIO, "bind to %s port %s failed",
				       host ? host : "*", cfg->port);
	freeaddrinfo(res);
	return rc;
}

static int open_repeater(struct collect_net *n, const struct collect_repeater_cfg *r,
			 struct flow_err *err)
{
	struct addrinfo hints = { .ai_family = AF_UNSPEC, .ai_socktype = SOCK_DGRAM };
	struct addrinfo *res = NULL;
	int rc = getaddrinfo(r->host, r->port, &hints, &res);
	int fd = -1;

	if (rc != 0)
		return flow_errorf(err, FLOW_EINVAL, "Repeater %s/%s: %s", r->host, r->port,
				   gai_strerror(rc));
	for (struct addrinfo *ai = res; ai && fd < 0; ai = ai->ai_next) {
		int sndbuf = 4 * 1024 * 1024;	/* a coalesced message is up to 64 KB */

		fd = socket(ai->ai_family, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
		if (fd >= 0)
			setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &sndbuf, sizeof(sndbuf));
		if (fd >= 0 && connect(fd, ai->ai_addr, ai->ai_addrlen) < 0) {
			close(fd);
			fd = -1;
		}
	}
	freeaddrinfo(res);
	if (fd < 0)
		return flow_errorf_errno(err, FLOW_EIO, "Repeater %s/%s", r->host, r->port);
	n->rep[n->nrep++] = fd;
	return 0;
}

int collect_net_open(struct collect_net **out, const struct collect_config *cfg,
		     struct flow_err *err)
{
	struct collect_net *n = flow_calloc(1, sizeof(*n));
	int rc;

	*out = NULL;
	if (!n)
		return flow_errorf(err, FLOW_ENOMEM, "network setup");
	rc = open_listener(n, cfg, err);
	for (unsigned i = 0; rc == 0 && i < cfg->nrep; i++)
		rc = open_repeater(n, &cfg->rep[i], err);
	if (rc < 0) {
		collect_net_close(n);
		return rc;
	}
	*out = n;
	return 0;
}

void collect_net_close(struct collect_net *n)
{
	if (!n)
		return;
	if (n->fd >= 0)
		close(n->fd);
	for (unsigned i = 0; i < n->nrep; i++)
		close(n->rep[i]);
	flow_free(n);
}

const char *collect_net_describe(const struct collect_net *n)
{
	return n->desc;
}

int collect_net_fd(const struct collect_net *n)
{
	return n->fd;
}

/* Send the queued datagrams to every repeater. */
static void repeat_flush(struct collect_net *n)
{
	for (unsigned r = 0; r < n->nrep; r++)
		for (unsigned done = 0; done < n->nout;) {
			int k = sendmmsg(n->rep[r], n->out + done, n->nout - done, 0);

			if (k <= 0)
				break;
			done += (unsigned)k;
		}
	n->nout = 0;
}

static void repeat_one(struct collect_net *n, uint8_t *p, size_t len)
{
	struct mmsghdr *m = &n->out[n->nout];

	n->iov[n->nout].iov_base = p;
	n->iov[n->nout].iov_len = len;
	memset(&m->msg_hdr, 0, sizeof(m->msg_hdr));
	m->msg_hdr.msg_iov = &n->iov[n->nout];
	m->msg_hdr.msg_iovlen = 1;
	if (++n->nout == COLLECT_BATCH)
		repeat_flush(n);
}

/*
 * Best effort, as nfcapd: a repeater that cannot keep up loses datagrams
 * (non-blocking send), the collector never waits for it.
 */
void collect_net_repeat(struct collect_net *n, struct mmsghdr *msgs, const unsigned *gso,
			unsigned cnt)
{
	if (n->nrep == 0)
		return;
	for (unsigned i = 0; i < cnt; i++) {
		uint8_t *p = msgs[i].msg_hdr.msg_iov->iov_base;
		size_t len = msgs[i].msg_len;
		size_t seg = gso[i] ? gso[i] : len;

		for (size_t off = 0; off < len; off += seg)
			repeat_one(n, p + off, len - off < seg ? len - off : seg);
	}
	repeat_flush(n);
}
