/*
 * sfcapd - the sFlow collector.  The same engine as capd (../capd/run.c,
 * lib/collect) with the sFlow decoder and port 6343.
 */
#include "../capd/run.h"
#include "util/banned.h"

int main(int argc, char **argv)
{
	return capd_main(FLOW_DEC_SFLOW, argc, argv);
}
