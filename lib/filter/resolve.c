/*
 * resolve.c - host names in address primitives (`ip NAME`, `host NAME`,
 * `ip in [ NAME ... ]`), resolved once at compile time as nfdump 1.7.1
 * does: every address getaddrinfo returns is OR-ed.  The lines nfdump
 * prints meanwhile go to the caller's note callback, so the library
 * itself prints nothing.
 */
#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "filter/filter_int.h"

/* A word 1.7.1 hands to the resolver: a letter in it, no ':' (IPv6), not a number. */
int flt_is_hostname(const struct ftok *t)
{
	uint64_t v;
	int alpha = 0;

	if (t->kind != TK_WORD || t->quoted || memchr(t->s, ':', t->len) ||
	    !flt_number(t->s, t->len, &v))
		return 0;
	for (size_t i = 0; i < t->len; i++)
		alpha |= (t->s[i] | 0x20) >= 'a' && (t->s[i] | 0x20) <= 'z';
	return alpha;
}

static void note(const struct pstate *ps, const char *line)
{
	if (ps->opts && ps->opts->note)
		ps->opts->note(ps->opts->note_ctx, line);
}

/* One resolved address as a host net; the note line nfdump prints for it. */
static int add_result(struct pstate *ps, const struct addrinfo *ai)
{
	struct fnet net;
	const uint8_t *b;
	char addr[INET6_ADDRSTRLEN], rev[256], line[400];
	int v6 = ai->ai_family == AF_INET6;

	memset(&net, 0, sizeof(net));
	if (v6) {
		b = ((const struct sockaddr_in6 *)(const void *)ai->ai_addr)->sin6_addr.s6_addr;
		for (int i = 0; i < 8; i++) {
			net.addr.hi = (net.addr.hi << 8) | b[i];
			net.addr.lo = (net.addr.lo << 8) | b[i + 8];
		}
	} else {
		b = (const uint8_t *)&((const struct sockaddr_in *)(const void *)ai->ai_addr)->sin_addr;
		net.addr.lo = (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | b[3];
	}
	flt_prefix_mask(v6, v6 ? 128 : 32, &net.mask);
	if (ps->opts && ps->opts->note) {
		inet_ntop(ai->ai_family, b, addr, sizeof(addr));
		if (getnameinfo(ai->ai_addr, ai->ai_addrlen, rev, sizeof(rev), NULL, 0, 0) != 0)
			snprintf(rev, sizeof(rev), "<reverse lookup failed>");
		snprintf(line, sizeof(line), "IPv%d address: %s (%s)", v6 ? 6 : 4, addr, rev);
		note(ps, line);
	}
	return ps_push_net(ps, &net);
}

int ps_host(struct pstate *ps)
{
	const struct ftok *t = ps_peek(ps, 0);
	struct addrinfo hints, *res = NULL, *ai;
	char name[256], line[300];
	int rc = 0;

	if (ps->opts && ps->opts->no_lookup)
		return (int)ps_fail(ps, t, "host names are not allowed here");
	if (t->len >= sizeof(name))
		return (int)ps_fail(ps, t, "Error parsing IP address.");
	memcpy(name, t->s, t->len);
	name[t->len] = '\0';
	snprintf(line, sizeof(line), "Resolving %s ...", name);
	note(ps, line);
	memset(&hints, 0, sizeof(hints));
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	if (getaddrinfo(name, NULL, &hints, &res) != 0 || !res)
		return (int)ps_fail(ps, t, "Error parsing IP address.");
	for (ai = res; ai && !rc; ai = ai->ai_next)
		if (ai->ai_family == AF_INET || ai->ai_family == AF_INET6)
			rc = add_result(ps, ai);
	freeaddrinfo(res);
	if (!rc)
		ps_next(ps);
	return rc;
}
