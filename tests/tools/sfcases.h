/*
 * sfcases.h - the sFlow datagrams the tests share: the differential test
 * against sfcapd 1.7.1 (tests/interop/sflow.sh, via sfgen), the unit
 * suite (check_sflow.c) and the fuzz seeds.
 *
 * Case n (1-based) puts n into the input ifIndex of each of its flow
 * samples, so a record can be traced back to its case in any output.
 */
#ifndef TESTS_TOOLS_SFCASES_H
#define TESTS_TOOLS_SFCASES_H

#include "sfdgram.h"

struct sfcase {
	const char *name;
	void (*build)(struct sfd *d, uint32_t id);
	unsigned flows;		/* records a correct decoder stores */
};

extern const struct sfcase sfcases[];
extern const unsigned sfcases_n;

#endif
