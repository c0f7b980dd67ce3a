/*
 * run.h - what capd and sfcapd share outside lib/: the wiring of options,
 * logging, daemon plumbing and the collector engine.  Built into both
 * binaries; each main.c only names its protocol family.
 */
#ifndef CAPD_RUN_H
#define CAPD_RUN_H

#include "proto/decode.h"

int capd_main(enum flow_decoder_kind kind, int argc, char **argv);

#endif
