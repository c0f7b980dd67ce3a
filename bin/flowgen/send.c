/*
 * send.c - encode generated flows and send them with sendmmsg in batches,
 * paced to --rate.  Every message names the one target.  At the start
 * the socket is connected once, which looks up the route without sending
 * anything, so an unreachable target fails with one error line; then it
 * is disconnected again.  A connected socket would receive the ICMP
 * port-unreachable of every datagram sent to a closed loopback port
 * (loopback is not rate limited) as ECONNREFUSED on the next send: 20%
 * more system time in benchmarks, which run against a closed port to
 * measure the sender alone (2026-11).
 *
 * Where the kernel offers UDP segmentation offload (UDP_SEGMENT, Linux
 * 4.18+), runs of equal-size datagrams (full v5 datagrams are all 1464
 * bytes) go down as one message the kernel splits; the receiver still
 * gets separate datagrams.  It halves the kernel's per-datagram cost,
 * which was 60% of an unthrottled v5 run (perf, 2026-11).
 */
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/udp.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "flowgen.h"
#include "proto/encode.h"
#include "util/alloc.h"
#include "util/banned.h"

#define MAX_BATCH 64
#define MAX_GSO_BYTES 65000	/* one UDP message: at most 64 KiB */
#define MAX_GSO_SEGS 64

#ifndef UDP_SEGMENT
#define UDP_SEGMENT 103
#endif

static volatile sig_atomic_t stop_flag;

static void on_signal(int sig)
{
	(void)sig;
	stop_flag = 1;
}

static uint64_t mono_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

static uint64_t real_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (uint64_t)ts.tv_sec * 1000ull + (uint64_t)ts.tv_nsec / 1000000;
}

static void sleep_until(uint64_t ns)
{
	struct timespec ts = { (time_t)(ns / 1000000000ull), (long)(ns % 1000000000ull) };

	while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL) == EINTR && !stop_flag)
		;
}

struct sender {
	int fd;
	struct sockaddr_storage addr;	/* the target */
	socklen_t addrlen;
	struct flow_enc *encs;
	unsigned nenc, next_enc;
	struct fg_gen gen;
	struct flow_record rec;		/* the generator's flow */
	const struct flow_record *cur;	/* the flow to send: &rec or o->next's */
	int pending;		/* cur was not sent yet: it did not fit */
	int eof;		/* o->next has no more flows */
	uint64_t unsendable;
	uint64_t proto[FG_NPROTO];	/* flows encoded, by class */
	uint8_t buf[MAX_BATCH][FLOW_ENC_MTU];
	struct iovec iov[MAX_BATCH];	/* one per datagram */
	struct mmsghdr msg[MAX_BATCH];	/* one per datagram, or per GSO run */
	unsigned segs[MAX_BATCH];	/* datagrams in each message */
	union {
		char buf[CMSG_SPACE(sizeof(uint16_t))];
		struct cmsghdr align;
	} ctl[MAX_BATCH];
	int gso;		/* UDP_SEGMENT works on this socket */
};

/* A socket for o's target, checked to reach it; -1 after one error line. */
static int open_socket(const struct fg_opts *o, const struct addrinfo *ai)
{
	const char *prog = o->prog ? o->prog : "flowgen";
	int fd = socket(ai->ai_family, SOCK_DGRAM, 0);

	if (fd < 0) {
		fprintf(stderr, "%s: socket: %s\n", prog, strerror(errno));
		return -1;
	}
	if (o->sndbuf && setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &o->sndbuf, sizeof(o->sndbuf))) {
		fprintf(stderr, "%s: send buffer %d: %s\n", prog, o->sndbuf, strerror(errno));
		close(fd);
		return -1;
	}
	struct sockaddr unspec = { .sa_family = AF_UNSPEC };

	if (connect(fd, ai->ai_addr, ai->ai_addrlen) ||
	    connect(fd, &unspec, sizeof(unspec))) {
		fprintf(stderr, "%s: cannot reach %s port %s: %s\n", prog, o->host, o->port,
			strerror(errno));
		close(fd);
		return -1;
	}
	return fd;
}

static int open_target(struct sender *s, const struct fg_opts *o)
{
	struct addrinfo hints = { .ai_family = o->family, .ai_socktype = SOCK_DGRAM,
				  .ai_flags = AI_NUMERICSERV };
	struct addrinfo *ai;
	int rc = getaddrinfo(o->host, o->port, &hints, &ai);

	if (rc) {
		fprintf(stderr, "%s: cannot resolve %s port %s: %s\n",
			o->prog ? o->prog : "flowgen", o->host, o->port, gai_strerror(rc));
		return -1;
	}
	s->fd = open_socket(o, ai);
	if (s->fd >= 0) {
		memcpy(&s->addr, ai->ai_addr, ai->ai_addrlen);
		s->addrlen = ai->ai_addrlen;
	}
	freeaddrinfo(ai);
	if (s->fd < 0)
		return -1;
	/* probe: a zero segment size keeps segmentation off until a cmsg asks */
	int zero = 0;

	s->gso = !o->no_gso && setsockopt(s->fd, IPPROTO_UDP, UDP_SEGMENT, &zero, sizeof(zero)) == 0;
	return 0;
}

static enum fg_proto proto_class(uint8_t proto)
{
	return proto == 6 ? FG_TCP : proto == 17 ? FG_UDP :
	       proto == 1 || proto == 58 ? FG_ICMP : FG_OTHER;
}

/* Fill one datagram from exporter e with up to max flows; returns its length. */
static size_t build_one(struct sender *s, const struct fg_opts *o, struct flow_enc *e,
			uint8_t *buf, uint64_t max, uint64_t now, uint64_t *nflows)
{
	uint64_t n = 0;

	e->ops->begin(e, buf, FLOW_ENC_MTU, now);
	while (n < max) {
		int rc;

		if (!s->pending) {
			if (!o->next)
				fg_gen_flow(&s->gen, &s->rec, now);
			else if (!o->next(o->next_ctx, &s->cur)) {
				s->eof = 1;
				break;
			}
		}
		s->pending = 1;
		rc = e->ops->add(e, s->cur);
		if (rc > 0)
			break;	/* full: keep rec for the next datagram */
		if (rc < 0) {
			if (!o->next)
				break;	/* generated flows always fit: reported by run() */
			s->unsendable++;	/* replay: e.g. IPv6 for v5 - skip it */
			s->pending = 0;
			continue;
		}
		s->pending = 0;
		s->proto[proto_class(s->cur->generic.proto)]++;
		n++;
	}
	*nflows = n;
	return e->ops->finish(e);
}

/* Attach a UDP_SEGMENT cmsg of size seg to message m. */
static void set_gso(struct sender *s, unsigned m, uint16_t seg)
{
	struct msghdr *h = &s->msg[m].msg_hdr;
	struct cmsghdr *c;

	h->msg_control = s->ctl[m].buf;
	h->msg_controllen = sizeof(s->ctl[m].buf);
	c = CMSG_FIRSTHDR(h);
	c->cmsg_level = IPPROTO_UDP;
	c->cmsg_type = UDP_SEGMENT;
	c->cmsg_len = CMSG_LEN(sizeof(uint16_t));
	memcpy(CMSG_DATA(c), &seg, sizeof(seg));
}

/*
 * Group datagrams 0..n-1 into messages: with GSO a run of datagrams of one
 * size (the last may be shorter) is one message.  Returns the messages.
 */
static unsigned group(struct sender *s, unsigned n)
{
	unsigned m = 0;

	for (unsigned i = 0; i < n; m++) {
		size_t seg = s->iov[i].iov_len, total = seg;
		unsigned j = i + 1;

		while (s->gso && j < n && j - i < MAX_GSO_SEGS && s->iov[j - 1].iov_len == seg &&
		       s->iov[j].iov_len <= seg && total + s->iov[j].iov_len <= MAX_GSO_BYTES)
			total += s->iov[j++].iov_len;
		s->msg[m].msg_hdr = (struct msghdr){ .msg_name = &s->addr,
			.msg_namelen = s->addrlen, .msg_iov = &s->iov[i], .msg_iovlen = j - i };
		s->segs[m] = j - i;
		if (j - i > 1)
			set_gso(s, m, (uint16_t)seg);
		i = j;
	}
	return m;
}

static int send_batch(struct sender *s, unsigned n, struct fg_stats *st)
{
	unsigned done = 0, msgs = group(s, n);

	while (done < msgs) {
		int rc = sendmmsg(s->fd, s->msg + done, msgs - done, 0);

		if (rc < 0) {
			if (errno == EINTR || errno == ENOBUFS || errno == EAGAIN)
				continue;
			fprintf(stderr, "flowgen: send: %s\n", strerror(errno));
			return -1;
		}
		for (int i = 0; i < rc; i++) {
			st->bytes += s->msg[done + i].msg_len;
			st->datagrams += s->segs[done + i];
		}
		done += (unsigned)rc;
	}
	return 0;
}

static void setup_encoders(struct sender *s, const struct fg_opts *o, uint64_t now)
{
	for (unsigned i = 0; i < s->nenc; i++) {
		struct flow_enc *e = &s->encs[i];

		memset(e, 0, sizeof(*e));
		e->ops = flow_encoder_find(o->version);
		e->source_id = i + 1;
		e->engine_type = (uint8_t)(i >> 8);
		e->engine_id = (uint8_t)i;
		/*
		 * Generated flows: exporters "up" for an hour.  Replayed flows
		 * keep their own times, which sysUptime (32-bit ms, v5/v9) can
		 * carry back to 49 days before now: older ones clamp to boot.
		 */
		e->boot_msec = now - (o->next ? 49ull * 86400 * 1000 : 3600 * 1000);
		e->template_every = 20;
		e->sampling_rate = o->sampling;
	}
	for (unsigned i = 0; i < MAX_BATCH; i++)
		s->iov[i].iov_base = s->buf[i];
}

/* Datagrams per batch: about a millisecond of traffic when paced. */
static unsigned batch_size(const struct fg_opts *o)
{
	uint64_t per_ms;

	if (o->delay_us)
		return 1;
	if (!o->rate)
		return MAX_BATCH;
	/* flows per datagram: v5 30, v9/IPFIX about 20, sFlow about 5 */
	per_ms = o->rate / 1000 / (o->version == 5 ? 30 : o->version == FLOW_ENC_SFLOW5 ? 5 : 20);
	return per_ms < 1 ? 1 : per_ms > MAX_BATCH ? MAX_BATCH : (unsigned)per_ms;
}

static int run(struct sender *s, const struct fg_opts *o, struct fg_stats *st)
{
	uint64_t start = mono_ns(), end = o->duration ? start + o->duration * 1000000000ull : 0;
	unsigned batch = batch_size(o);

	while (!stop_flag && (!o->count || st->flows < o->count)) {
		uint64_t now = real_ms();
		unsigned n = 0;

		/*
		 * Replay: a whole-second export time, because the v9 header
		 * carries whole seconds and a collector derives the flow times
		 * from it and sysUptime; a fraction would shift them.
		 */
		if (o->next)
			now -= now % 1000;

		while (n < batch && !s->eof && (!o->count || st->flows < o->count)) {
			uint64_t left = o->count ? o->count - st->flows : UINT64_MAX, got;
			struct flow_enc *e = &s->encs[s->next_enc];
			size_t len = build_one(s, o, e, s->buf[n], left, now, &got);

			s->next_enc = (s->next_enc + 1) % s->nenc;
			if (!len && s->eof)
				break;
			if (!len) {
				fprintf(stderr, "flowgen: cannot encode a flow as %s\n", e->ops->name);
				return -1;
			}
			s->iov[n++].iov_len = len;
			st->flows += got;
		}
		if (n && send_batch(s, n, st))
			return -1;
		if (s->eof)
			break;
		if (o->delay_us)
			sleep_until(mono_ns() + o->delay_us * 1000ull);
		uint64_t t = mono_ns();

		if (end && t >= end)
			break;
		if (o->rate) {
			uint64_t due = start + st->flows * 1000000000ull / o->rate;

			if (due > t)
				sleep_until(end && due > end ? end : due);
		}
	}
	st->seconds = (double)(mono_ns() - start) / 1e9;
	st->unsendable = s->unsendable;
	memcpy(st->proto, s->proto, sizeof(st->proto));
	return 0;
}

int fg_send(const struct fg_opts *o, struct fg_stats *st)
{
	struct sender *s = flow_calloc(1, sizeof(*s));
	struct sigaction sa = { .sa_handler = on_signal };
	int rc = FG_EXIT_ERR;

	memset(st, 0, sizeof(*st));
	if (!s) {
		fprintf(stderr, "flowgen: out of memory\n");
		return FG_EXIT_ERR;
	}
	s->nenc = o->exporters;
	s->encs = flow_calloc(s->nenc, sizeof(*s->encs));
	if (!s->encs) {
		fprintf(stderr, "flowgen: out of memory\n");
		goto out;
	}
	if (open_target(s, o))
		goto out;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	fg_gen_init(&s->gen, o->seed, o->ipv6_pct, &o->mix);
	s->cur = &s->rec;
	setup_encoders(s, o, real_ms());
	if (run(s, o, st) == 0)
		rc = 0;
	close(s->fd);
out:
	flow_free(s->encs);
	flow_free(s);
	return rc;
}
