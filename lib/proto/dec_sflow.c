/*
 * dec_sflow.c - placeholder until the sFlow decoder lands: every sFlow
 * datagram is refused with a clear message, so sfcapd fails visibly.
 */
#include "proto/dec_int.h"
#include "util/banned.h"

int flow_dec_sflow(struct flow_decoder *dec, const struct sockaddr *from,
		   socklen_t fromlen, const uint8_t *buf, size_t len,
		   uint64_t recv_msec, const struct flow_decode_sink *sink,
		   struct flow_err *err)
{
	(void)buf;
	(void)len;
	(void)recv_msec;
	(void)sink;
	dec->counters.unknown_version++;
	return flow_dec_error(err, FLOW_EUNSUPPORTED, from, fromlen, 0, 0,
			      "sFlow decoder not built in");
}
