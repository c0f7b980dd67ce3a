/*
 * sfcases_int.h - what the case files share: the addresses every case
 * uses (documentation ranges) and the builders of the v2/v4 cases
 * (sfcases_v24.c).
 */
#ifndef TESTS_TOOLS_SFCASES_INT_H
#define TESTS_TOOLS_SFCASES_INT_H

#include <string.h>

#include "sfcases.h"

static const uint8_t AGENT4[4] = { 192, 0, 2, 1 };
static const uint8_t AGENT6[16] = { 0x20, 0x01, 0x0d, 0xb8, [15] = 0x01 };
static const uint8_t MAC_A[6] = { 0x00, 0x11, 0x22, 0x33, 0x44, 0x55 };
static const uint8_t MAC_B[6] = { 0x66, 0x77, 0x88, 0x99, 0xaa, 0xbb };
static const uint8_t SRC4[4] = { 198, 51, 100, 7 };
static const uint8_t DST4[4] = { 203, 0, 113, 9 };
static const uint8_t NH4[4] = { 192, 0, 2, 254 };
static const uint8_t BGP4[4] = { 192, 0, 2, 253 };
static const uint8_t SRC6[16] = { 0x20, 0x01, 0x0d, 0xb8, 0, 1, [15] = 0x07 };
static const uint8_t DST6[16] = { 0x20, 0x01, 0x0d, 0xb8, 0, 2, [14] = 0xbe, 0xef };
static const uint8_t NH6[16] = { 0xfe, 0x80, [15] = 0x01 };
static const uint8_t BGP6[16] = { 0x20, 0x01, 0x0d, 0xb8, 0xff, [15] = 0x02 };

/* Ethernet MACs then the ethertype. */
static inline void eth(struct sfd_pkt *p, uint16_t type)
{
	memset(p, 0, sizeof(*p));
	sfd_pkt_eth(p, MAC_B, MAC_A);
	sfd_pkt_type(p, type);
}

void c_v4_header_ext(struct sfd *d, uint32_t id);
void c_v4_sampled_ipv4(struct sfd *d, uint32_t id);
void c_v4_counters_then_flow(struct sfd *d, uint32_t id);
void c_v4_user_url(struct sfd *d, uint32_t id);
void c_v4_all_counters(struct sfd *d, uint32_t id);
void c_v2_gateway(struct sfd *d, uint32_t id);

#endif
