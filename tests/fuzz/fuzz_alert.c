/*
 * Fuzz target for the alert files: alert.dat is written by nfsen or sen
 * but read back from disk, alert.status likewise; any bytes must parse
 * or fail with an error, every condition of a parsed alert must check or
 * fail, and a parsed alert must format and parse again to the same text.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "alert/alert.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void dat(const char *text, size_t len)
{
	struct alert a, b;
	struct alert_cond c;
	char *out, *again;
	size_t i;

	if (alert_init(&a) < 0)
		return;
	if (alert_parse(&a, text, len, NULL) == 0) {
		for (i = 0; i < a.ncondition; i++)
			(void)alert_cond_parse(a.condition[i], (int)(a.type & 1), &c, NULL);
		out = alert_format(&a);
		if (out && alert_init(&b) == 0) {
			/* what we write must read back to the same text */
			if (alert_parse(&b, out, strlen(out), NULL) == 0) {
				again = alert_format(&b);
				if (again && strcmp(out, again) != 0)
					abort();
				free(again);
			}
			alert_free(&b);
		}
		free(out);
	}
	alert_free(&a);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct alert_state st;

	if (size < 1)
		return 0;
	/* the first byte picks the file, so one corpus serves both */
	if (data[0] & 1) {
		if (alert_state_parse(&st, (const char *)data + 1, size - 1, NULL) == 0)
			free(alert_state_format(&st));
	} else {
		dat((const char *)data + 1, size - 1);
	}
	return 0;
}
