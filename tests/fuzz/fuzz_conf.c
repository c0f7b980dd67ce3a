/*
 * Fuzz target for the config readers: nfsen.conf files are edited by
 * hand and carried between versions, so any bytes must read or fail with
 * an error, for the Perl subset and for YAML, and a tree that reads must
 * write out as YAML.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "conf/conf.h"
#include "conf/value.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct conf_value *root;
	struct flow_err err;
	FILE *sink;
	int rc;

	if (size < 1)
		return 0;
	root = conf_hash();
	if (!root)
		return 0;
	/* the first byte picks the reader, so one corpus serves both */
	if (data[0] & 1)
		rc = conf_read_yaml(root, "fuzz.yaml", (const char *)data + 1, size - 1, &err);
	else
		rc = conf_read_perl(root, NULL, "fuzz.conf", (const char *)data + 1, size - 1, &err);
	if (rc == 0) {
		sink = fopen("/dev/null", "w");
		if (sink) {
			(void)conf_write_yaml(root, sink, &err);
			fclose(sink);
		}
	}
	conf_value_free(root);
	return 0;
}
