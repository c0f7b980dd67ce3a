/*
 * capd - the NetFlow v1/v5/v7/v9 and IPFIX collector, installed as
 * nfcapd too.  Everything is in run.c and lib/collect.
 */
#include "run.h"
#include "util/banned.h"

int main(int argc, char **argv)
{
	return capd_main(FLOW_DEC_NETFLOW, argc, argv);
}
