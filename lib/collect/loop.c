/*
 * The receive loop: one ppoll() whose timeout is the next due event
 * (rotation at the slot end, the 10 s flush), recvmmsg() batches handed
 * to the repeaters and to the decoder of the datagram's flow source.
 */
#include <errno.h>
#include <netinet/in.h>
#include <netinet/udp.h>
#include <poll.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>

#include "collect/collect_int.h"
#include "util/alloc.h"
#include "util/banned.h"

#define RX_DGRAM 65536
#define RX_ROUNDS 16	/* batches before the timers are looked at again */

struct rxbuf {
	struct mmsghdr msgs[COLLECT_BATCH];
	struct iovec iov[COLLECT_BATCH];
	struct sockaddr_storage from[COLLECT_BATCH];
	union {	/* SO_RXQ_OVFL and UDP_GRO */
		char buf[2 * CMSG_SPACE(sizeof(uint32_t))];
		struct cmsghdr align;
	} ctl[COLLECT_BATCH];
	unsigned gso[COLLECT_BATCH];	/* segment size of a coalesced message, 0 none */
	uint8_t data[COLLECT_BATCH][RX_DGRAM];
};

static uint64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

static void rx_prepare(struct rxbuf *rx)
{
	for (unsigned i = 0; i < COLLECT_BATCH; i++) {
		struct msghdr *h = &rx->msgs[i].msg_hdr;

		rx->iov[i].iov_base = rx->data[i];
		rx->iov[i].iov_len = RX_DGRAM;
		h->msg_iov = &rx->iov[i];
		h->msg_iovlen = 1;
		h->msg_name = &rx->from[i];
		h->msg_namelen = sizeof(rx->from[i]);
		h->msg_control = rx->ctl[i].buf;
		h->msg_controllen = sizeof(rx->ctl[i].buf);
		h->msg_flags = 0;
	}
}

static int same_addr(const struct collect_source_cfg *s, const struct sockaddr_storage *a)
{
	if (a->ss_family != s->addr.ss_family)
		return 0;
	if (a->ss_family == AF_INET)
		return memcmp(&((const struct sockaddr_in *)a)->sin_addr,
			      &((const struct sockaddr_in *)&s->addr)->sin_addr, 4) == 0;
	if (a->ss_family == AF_INET6)
		return memcmp(&((const struct sockaddr_in6 *)a)->sin6_addr,
			      &((const struct sockaddr_in6 *)&s->addr)->sin6_addr, 16) == 0;
	return 0;
}

/* -n: only the matching source takes the datagram; -w: the one source. */
static struct csource *find_source(struct collector *c, const struct sockaddr_storage *a)
{
	for (unsigned i = 0; i < c->nsrc; i++)
		if (c->src[i].cfg->any || same_addr(c->src[i].cfg, a))
			return &c->src[i];
	return NULL;
}

/* The control messages: the kernel's drop counter and the GRO segment size. */
static unsigned control(struct collector *c, struct msghdr *h)
{
	unsigned gso = 0;

	for (struct cmsghdr *cm = CMSG_FIRSTHDR(h); cm; cm = CMSG_NXTHDR(h, cm)) {
		if (cm->cmsg_level == SOL_SOCKET && cm->cmsg_type == SO_RXQ_OVFL) {
			uint32_t v;

			memcpy(&v, CMSG_DATA(cm), sizeof(v));
			c->kernel_drops = v;	/* the socket's running total */
		} else if (cm->cmsg_level == SOL_UDP && cm->cmsg_type == UDP_GRO) {
			int v;

			memcpy(&v, CMSG_DATA(cm), sizeof(v));
			gso = v > 0 ? (unsigned)v : 0;
		}
	}
	return gso;
}

/*
 * One received message may hold several datagrams of one sender that
 * the kernel coalesced (UDP_GRO): each gso bytes but the last.
 */
static int input_segments(struct csource *s, const struct msghdr *h, const uint8_t *data,
			  size_t len, unsigned gso, uint64_t t)
{
	size_t seg = gso ? gso : len;

	for (size_t off = 0; off < len; off += seg) {
		size_t n = len - off < seg ? len - off : seg;

		if (src_input(s, h->msg_name, h->msg_namelen, data + off, n, t) < 0)
			return FLOW_ENOMEM;
	}
	return 0;
}

static int dispatch(struct collector *c, struct rxbuf *rx, unsigned n)
{
	uint64_t t = now_ms();

	for (unsigned i = 0; i < n; i++) {
		unsigned len = rx->msgs[i].msg_len;

		rx->gso[i] = control(c, &rx->msgs[i].msg_hdr);
		/* datagrams, not messages: a coalesced message holds several */
		c->datagrams += rx->gso[i] && len ? (len + rx->gso[i] - 1) / rx->gso[i] : 1;
	}
	for (unsigned i = 0; i < n; i++) {
		struct msghdr *h = &rx->msgs[i].msg_hdr;
		struct csource *s = find_source(c, &rx->from[i]);

		if (!s && c->cfg->dyn_dir)
			s = collect_dyn_source(c, &rx->from[i]);

		/*
		 * Repeat message by message, between decoding: the datagrams leave
		 * at about the pace they came, not as one burst of a whole batch
		 * that the next collector's socket buffer would have to hold.
		 */
		collect_net_repeat(c->net, &rx->msgs[i], &rx->gso[i], 1);
		if (!s) {
			c->unknown_source++;
			continue;
		}
		if (input_segments(s, h, rx->data[i], rx->msgs[i].msg_len, rx->gso[i], t) < 0)
			return FLOW_ENOMEM;
	}
	return 0;
}

static int receive(struct collector *c, struct rxbuf *rx)
{
	int fd = collect_net_fd(c->net);

	for (int round = 0; round < RX_ROUNDS; round++) {
		rx_prepare(rx);

		int n = recvmmsg(fd, rx->msgs, COLLECT_BATCH, MSG_DONTWAIT, NULL);

		if (n < 0)
			return errno == EAGAIN || errno == EINTR ? 0 : FLOW_EIO;
		if (n == 0 || dispatch(c, rx, (unsigned)n) < 0)
			return n == 0 ? 0 : FLOW_ENOMEM;
		if (n < COLLECT_BATCH)
			break;
	}
	return 0;
}

/* Close every source's file of the ending slot; open the next unless done. */
static int rotate(struct collector *c, time_t next, int done)
{
	int rc = 0;

	for (unsigned i = 0; i < c->nsrc; i++) {
		if (src_close(&c->src[i]) < 0)
			rc = FLOW_ENOMEM;
		if (!done && src_open(&c->src[i], next) < 0)
			rc = FLOW_ENOMEM;
	}
	return rc;
}

static void reap_children(const struct collect_config *cfg)
{
	int status;
	pid_t pid;

	while ((pid = waitpid(-1, &status, WNOHANG)) > 0)
		if (WIFEXITED(status) && WEXITSTATUS(status) != 0)
			collect_logf(&cfg->log, COLLECT_WARN, "launcher[%d] exit status: %d",
				     (int)pid, WEXITSTATUS(status));
}

static int wait_input(struct collector *c, uint64_t due_ms, const sigset_t *mask)
{
	uint64_t t = now_ms();
	uint64_t wait = due_ms > t ? due_ms - t : 0;
	struct timespec ts = { .tv_sec = (time_t)(wait / 1000),
			       .tv_nsec = (long)(wait % 1000) * 1000000 };
	struct pollfd pfd = { .fd = collect_net_fd(c->net), .events = POLLIN };
	int n = ppoll(&pfd, 1, &ts, mask);

	return n > 0 && (pfd.revents & POLLIN);
}

static int run_loop(struct collector *c, struct rxbuf *rx, const sigset_t *mask)
{
	const struct collect_config *cfg = c->cfg;
	time_t slot = collect_slot_start((time_t)(now_ms() / 1000), cfg->interval);
	uint64_t flushed = now_ms();
	int rc = 0;

	c->slot = slot;
	for (unsigned i = 0; i < c->nsrc && rc == 0; i++)
		rc = src_open(&c->src[i], slot);
	while (rc == 0 && !collect_sig.stop) {
		uint64_t t = now_ms();
		uint64_t end = ((uint64_t)slot + cfg->interval) * 1000;

		if (collect_sig.usr1) {	/* statistics, and .current brought up to date */
			collect_sig.usr1 = 0;
			for (unsigned i = 0; i < c->nsrc && rc == 0; i++)
				rc = src_flush(&c->src[i]);
			collect_log_stats(c);
		}
		if (collect_sig.chld) {
			collect_sig.chld = 0;
			reap_children(cfg);
		}
		if (t >= end) {
			time_t next = collect_slot_start((time_t)(t / 1000), cfg->interval);

			rc = rotate(c, next, 0);
			slot = next;
			c->slot = slot;
			flushed = t;
			continue;
		}
		if (t - flushed >= COLLECT_FLUSH_SECONDS * 1000) {
			for (unsigned i = 0; i < c->nsrc && rc == 0; i++)
				rc = src_flush(&c->src[i]);
			flushed = t;
		}
		uint64_t due = flushed + COLLECT_FLUSH_SECONDS * 1000;

		if (wait_input(c, due < end ? due : end, mask))
			rc = receive(c, rx);
	}
	int rc2 = rotate(c, slot, 1);

	return rc < 0 ? rc : rc2;
}

static void teardown(struct collector *c, int started)
{
	if (started)
		spool_stop(c);
	for (unsigned i = 0; i < c->nsrc; i++)
		src_free(&c->src[i]);
	collect_dyn_free(c);
	wq_destroy(&c->q);
	flow_free(c);
}

int collect_run(const struct collect_config *cfg, struct collect_net *net,
		struct flow_err *err)
{
	struct collector *c = flow_calloc(1, sizeof(*c));
	struct rxbuf *rx = flow_malloc(sizeof(*rx));
	sigset_t mask;
	int rc = 0, started = 0;

	if (!c || !rx || wq_init(&c->q) < 0) {
		flow_free(c);
		flow_free(rx);
		return flow_errorf(err, FLOW_ENOMEM, "collector setup");
	}
	c->cfg = cfg;
	c->net = net;
	collect_signals_install(&mask);
	for (unsigned i = 0; i < cfg->nsrc && rc == 0; i++) {
		struct flow_err rerr = { 0 };

		c->nsrc = i + 1;
		if (collect_recover(cfg, &cfg->src[i], &rerr) < 0)
			collect_logf(&cfg->log, COLLECT_ERR, "%s", rerr.msg);
		rc = src_init(&c->src[i], c, &cfg->src[i], err);
	}
	if (rc == 0)
		rc = spool_start(c, err);
	started = rc == 0;
	if (rc == 0) {
		rc = run_loop(c, rx, &mask);
		if (rc < 0)
			flow_errorf(err, rc, "collector stopped: %s", flow_status_name(rc));
	}
	teardown(c, started);
	flow_free(rx);
	return rc;
}
