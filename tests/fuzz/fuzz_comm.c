/*
 * Fuzz target for the nfsend protocol framing: every local user in the
 * web server's group can write to the socket, so any byte stream must
 * frame, decode or be refused without faults or unbounded memory.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "comm/proto.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int known(const char *name, void *ctx)
{
	(void)ctx;
	return strcmp(name, "get-profile") == 0 || strcmp(name, "x::") == 0 ||
	       strcmp(name, "x::y") == 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct comm_conn c;
	struct comm_request req;
	const uint8_t *s = data, *end = data + size, *nl;

	comm_conn_init(&c);
	while (s < end) {
		enum comm_line_result r;

		nl = memchr(s, '\n', (size_t)(end - s));
		if (!nl)
			nl = end;
		r = comm_conn_line(&c, (const char *)s, (size_t)(nl - s));
		if (r == COMM_ERROR)
			break;
		if (r == COMM_REQUEST && comm_conn_decode(&c, &req, known, NULL) == COMM_DISPATCH) {
			comm_reply_kv(&c.out, req.command, "x");
			comm_request_free(&req);
		}
		s = nl + 1;
	}
	comm_conn_free(&c);
	return 0;
}
