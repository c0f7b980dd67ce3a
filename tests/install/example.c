/*
 * A program built only against the installed libflow (headers and
 * libflow.pc): proof that the public API reads a capture file.
 */
#include <stdio.h>

#include <file/nffile.h>
#include <source/source.h>

int main(int argc, char **argv)
{
	struct flow_source *src;
	struct flow_err err = { 0 };
	struct flow_item it;
	unsigned long long bytes = 0, flows = 0;

	if (argc != 2 || flow_source_open(&src, (const char *const *)&argv[1], 1, NULL, &err) < 0) {
		fprintf(stderr, "usage: example FILE %s\n", err.msg);
		return 1;
	}
	while (flow_source_next(src, &it))
		if (it.kind == FLOW_ITEM_FLOW) {
			flows++;
			bytes += it.rec->generic.in_bytes;
		}
	flow_source_close(src);
	printf("%llu flows, %llu bytes\n", flows, bytes);
	return 0;
}
