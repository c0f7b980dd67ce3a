/*
 * sflow_util.h - what the sFlow suites share: a decoder, the shared
 * datagram cases (tests/tools/sfcases.c) by name, decoding one case.
 */
#ifndef TESTS_UNIT_SFLOW_UTIL_H
#define TESTS_UNIT_SFLOW_UTIL_H

#include "dec_util.h"
#include "sfcases.h"

#define BIT(id) (1ull << (id))
/* What every sFlow record of an IPv4 sender holds, besides the address element. */
#define BASE (BIT(EX_GENERIC) | BIT(EX_MISC) | BIT(EX_VLAN) | BIT(EX_AS) | \
	      BIT(EX_RECV4) | BIT(EX_MAC))

struct flow_decoder *new_dec(void);
/* Index of the case called name; fails the test if there is none. */
unsigned case_index(const char *name);
/* Build case name (id = its index + 1) into d. */
void build_case(const char *name, struct sfd *d);
/*
 * Decode case name with a fresh decoder into s (initialised here; free
 * it with du_sink_free).  The decoder is kept in *keep when given, else
 * freed.  Returns the decoder's result.
 */
int run_case(const char *name, struct du_sink *s, struct flow_err *err,
	     struct flow_decoder **keep);

#endif
