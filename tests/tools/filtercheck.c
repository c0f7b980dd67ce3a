/*
 * filtercheck - print the 1-based position of every flow in FILE... that
 * FILTER selects, one a line: the golden comparison in
 * tests/interop/filter.sh diffs this against nfdump 1.7.1's selection.
 * With -l each line also gives how many lines nfdump 1.7.1 prints for
 * the flow in -o csv (2 for a tunnelled flow: it prints the tunnel first),
 * so the script can map csv lines to flows.
 * `ident` sees the ident of the file the flow is read from and `count` the
 * flow's position, as in nfdump 1.7.1.
 * Exit 2 when the filter does not compile (message on stderr).
 */
#include <string.h>
#include <stdio.h>

#include "filter/filter.h"
#include "source/source.h"

int main(int argc, char **argv)
{
	struct flow_filter *f;
	struct flow_source *s;
	struct flow_item it;
	struct flow_err err = { 0 };
	unsigned long pos = 0;
	int lines = argc > 1 && strcmp(argv[1], "-l") == 0;

	argv += lines;
	argc -= lines;
	if (argc < 3) {
		fprintf(stderr, "usage: filtercheck [-l] FILTER FILE...\n");
		return 2;
	}
	if (flow_filter_compile(&f, argv[1], &err)) {
		fprintf(stderr, "%s\n", err.msg);
		return 2;
	}
	if (flow_source_open(&s, (const char *const *)argv + 2, (size_t)argc - 2, NULL, &err)) {
		fprintf(stderr, "%s\n", err.msg);
		flow_filter_free(f);
		return 2;
	}
	while (flow_source_next(s, &it) == 1) {
		const struct nffile_info *info = flow_source_file(s);
		/* as nfdump 1.7.1: the file's ident, the flow's number in read order */
		struct flow_filter_ctx ctx = { info && info->have_ident ? info->ident : NULL, 0 };

		if (it.kind != FLOW_ITEM_FLOW)
			continue;
		ctx.count = ++pos;
		if (flow_filter_match_ctx(f, it.rec, &ctx)) {
			if (lines)
				printf("%lu %d\n", pos, 1 + (flow_has(it.rec, EX_TUN4) ||
							      flow_has(it.rec, EX_TUN6)));
			else
				printf("%lu\n", pos);
		}
	}
	flow_source_close(s);
	flow_filter_free(f);
	return 0;
}
