/*
 * sfgen - write the sFlow test datagrams (sfcases.c).
 *
 *   sfgen DIR          one file per case: DIR/NNN-name.sflow (NNN = case id)
 *   sfgen -p FILE      all cases in one pcap (Ethernet/IPv4/UDP to port
 *                      6343), for tshark to check they are valid sFlow
 *   sfgen -s PORT      send all cases, in order, to 127.0.0.1:PORT (UDP)
 *   sfgen -l           list "id name flows"
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "sfcases.h"

static int build(unsigned i, struct sfd *d)
{
	sfcases[i].build(d, i + 1);
	if (d->overflow) {
		fprintf(stderr, "sfgen: case %s overflows the buffer\n", sfcases[i].name);
		return -1;
	}
	return 0;
}

static int write_dir(const char *dir)
{
	static struct sfd d;
	char path[4096];

	for (unsigned i = 0; i < sfcases_n; i++) {
		FILE *f;

		if (build(i, &d))
			return 1;
		snprintf(path, sizeof(path), "%s/%03u-%s.sflow", dir, i + 1, sfcases[i].name);
		f = fopen(path, "wb");
		if (!f || fwrite(d.b, 1, d.len, f) != d.len || fclose(f)) {
			perror(path);
			return 1;
		}
	}
	return 0;
}

static void le32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
	p[2] = (uint8_t)(v >> 16);
	p[3] = (uint8_t)(v >> 24);
}

static void be16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

/* One pcap record: Ethernet, IPv4 127.0.0.1 -> 127.0.0.1, UDP 50000 -> 6343. */
static int pcap_packet(FILE *f, const struct sfd *d, unsigned n)
{
	uint8_t rec[16], h[42] = { 0 };
	size_t len = sizeof(h) + d->len;

	le32(rec, 1700000000 + n);
	le32(rec + 4, 0);
	le32(rec + 8, (uint32_t)len);
	le32(rec + 12, (uint32_t)len);
	be16(h + 12, 0x0800);
	h[14] = 0x45;
	be16(h + 16, (uint16_t)(20 + 8 + d->len));
	h[22] = 64;
	h[23] = 17;
	h[26] = 127, h[29] = 1, h[30] = 127, h[33] = 1;
	be16(h + 34, 50000);
	be16(h + 36, 6343);
	be16(h + 38, (uint16_t)(8 + d->len));
	return fwrite(rec, 1, 16, f) == 16 && fwrite(h, 1, sizeof(h), f) == sizeof(h) &&
	       fwrite(d->b, 1, d->len, f) == d->len ? 0 : -1;
}

static int write_pcap(const char *path)
{
	static struct sfd d;
	uint8_t gh[24] = { 0 };
	FILE *f = fopen(path, "wb");

	if (!f) {
		perror(path);
		return 1;
	}
	le32(gh, 0xa1b2c3d4);
	gh[4] = 2, gh[6] = 4;		/* version 2.4 */
	le32(gh + 16, 65535);		/* snaplen */
	le32(gh + 20, 1);		/* Ethernet */
	if (fwrite(gh, 1, sizeof(gh), f) != sizeof(gh))
		goto fail;
	for (unsigned i = 0; i < sfcases_n; i++)
		if (build(i, &d) || pcap_packet(f, &d, i))
			goto fail;
	if (fclose(f) == 0)
		return 0;
	f = NULL;
fail:
	if (f)
		fclose(f);
	perror(path);
	return 1;
}

static int send_all(const char *port)
{
	static struct sfd d;
	struct sockaddr_in sa = { .sin_family = AF_INET };
	int fd = socket(AF_INET, SOCK_DGRAM, 0), rc = 0;

	sa.sin_port = htons((uint16_t)atoi(port));
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (fd < 0) {
		perror("socket");
		return 1;
	}
	for (unsigned i = 0; i < sfcases_n; i++) {
		if (build(i, &d)) {
			rc = 1;
			break;
		}
		if (sendto(fd, d.b, d.len, 0, (const struct sockaddr *)&sa, sizeof(sa)) < 0) {
			perror("sendto");
			rc = 1;
			break;
		}
	}
	close(fd);
	return rc;
}

int main(int argc, char **argv)
{
	if (argc == 2 && strcmp(argv[1], "-l") == 0) {
		for (unsigned i = 0; i < sfcases_n; i++)
			printf("%u %s %u\n", i + 1, sfcases[i].name, sfcases[i].flows);
		return 0;
	}
	if (argc == 3 && strcmp(argv[1], "-p") == 0)
		return write_pcap(argv[2]);
	if (argc == 3 && strcmp(argv[1], "-s") == 0)
		return send_all(argv[2]);
	if (argc == 2 && argv[1][0] != '-')
		return write_dir(argv[1]);
	fprintf(stderr, "usage: sfgen DIR | sfgen -p FILE.pcap | sfgen -s PORT | sfgen -l\n");
	return 2;
}
