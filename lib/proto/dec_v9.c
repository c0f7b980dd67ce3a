/*
 * dec_v9.c - NetFlow v9 (RFC 3954).  Placeholder: refused until the
 * template decoder lands.
 */
#include "proto/dec_int.h"
#include "util/banned.h"

int flow_dec_v9(struct flow_decoder *dec, const struct sockaddr *from,
		socklen_t fromlen, const uint8_t *buf, size_t len,
		uint64_t recv_msec, const struct flow_decode_sink *sink,
		struct flow_err *err)
{
	(void)buf;
	(void)len;
	(void)recv_msec;
	(void)sink;
	dec->counters.unknown_version++;
	return flow_dec_error(err, FLOW_EUNSUPPORTED, from, fromlen, 9, 0,
			      "NetFlow v9 decoder not built in yet");
}

int flow_dec_ipfix(struct flow_decoder *dec, const struct sockaddr *from,
		   socklen_t fromlen, const uint8_t *buf, size_t len,
		   uint64_t recv_msec, const struct flow_decode_sink *sink,
		   struct flow_err *err)
{
	(void)buf;
	(void)len;
	(void)recv_msec;
	(void)sink;
	dec->counters.unknown_version++;
	return flow_dec_error(err, FLOW_EUNSUPPORTED, from, fromlen, 10, 0,
			      "IPFIX decoder not built in yet");
}

void tpl_store_free(struct tpl_store *s)
{
	(void)s;
}
