/*
 * One line per exporter per minute about bad input: a broken or hostile
 * exporter sending thousands of bad datagrams a second must not flood
 * syslog.  A small direct-mapped table of recent exporters; a collision
 * only means an extra line.
 */
#include <netinet/in.h>
#include <string.h>

#include "collect/collect_int.h"
#include "util/banned.h"

#define RL_SECONDS 60

static size_t addr_bytes(const struct sockaddr *sa, socklen_t len, uint8_t out[16])
{
	memset(out, 0, 16);
	if (sa->sa_family == AF_INET && len >= sizeof(struct sockaddr_in)) {
		memcpy(out, &((const struct sockaddr_in *)sa)->sin_addr, 4);
		return 4;
	}
	if (sa->sa_family == AF_INET6 && len >= sizeof(struct sockaddr_in6)) {
		memcpy(out, &((const struct sockaddr_in6 *)sa)->sin6_addr, 16);
		return 16;
	}
	return 0;
}

int collect_ratelimit(struct rl_slot *table, const struct sockaddr *from, socklen_t fromlen,
		      time_t now)
{
	uint8_t a[16];
	uint32_t h = 2166136261u;

	addr_bytes(from, fromlen, a);
	for (int i = 0; i < 16; i++)
		h = (h ^ a[i]) * 16777619u;

	struct rl_slot *s = &table[h % RL_SLOTS];

	if (memcmp(s->addr, a, 16) == 0 && s->last != 0 && now - s->last < RL_SECONDS)
		return 0;
	memcpy(s->addr, a, 16);
	s->last = now;
	return 1;
}
