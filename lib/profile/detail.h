/*
 * detail.h - the Details tab graphs nfsend draws on request
 * (@get-detailsgraph, reference/nfsen.md §5.4): one RRD graph of some
 * channels of a profile, for one type (flows, packets, traffic) and one
 * protocol, rendered by librrd straight into memory.
 *
 * The 13 arguments are the frontend's strings, in its order; they are
 * checked here (numbers, known type/proto, existing channels, sane
 * sizes) because they come from the web.  The PNG is malloc'd and owned
 * by the caller.
 */
#ifndef FLOW_PROFILE_DETAIL_H
#define FLOW_PROFILE_DETAIL_H

#include <stddef.h>

#include "profile/store.h"

#define DETAIL_NARGS 13

enum detail_result {
	DETAIL_PNG = 0,		/* *png holds the image */
	DETAIL_EMPTY = 1,	/* no channel selected: nfsend's EmptyGraph.png */
	DETAIL_ERROR = -1,	/* bad arguments or librrd failed: ErrorGraph.png; err says why */
};

enum detail_result detail_graph(const struct pstore *ps, const struct pname *pn,
				const struct profile *p, char *const *args, size_t nargs,
				unsigned char **png, size_t *len, struct flow_err *err);

/*
 * rrd_graph_v(argc, argv) with "-" as the file name (argv[1]), under
 * profile_rrd_lock; the PNG comes back malloc'd in *png.
 */
int profile_rrd_render(int argc, char **argv, unsigned char **png, size_t *len,
		       struct flow_err *err);

/*
 * librrd draws through cairo/pango and keeps per-call state that we do
 * not trust across threads; every rrd_graph caller in sen holds this.
 */
void profile_rrd_lock(void);
void profile_rrd_unlock(void);

#endif
