/*
 * graph.h - the overview PNGs nfsen keeps per profile (reference/nfsen.md
 * §3.7): flows, packets and traffic for the last day, week, month and
 * year, channels stacked by sign and order, drawn by librrd into
 * $PROFILESTATDIR/<profile>/<type>-<period>.png.
 */
#ifndef FLOW_PROFILE_GRAPH_H
#define FLOW_PROFILE_GRAPH_H

#include <time.h>

#include "profile/store.h"

/* All 12 PNGs of profile p, ending at end (the profile's tend). */
int profile_graphs(const struct pstore *ps, const struct pname *pn, const struct profile *p,
		   time_t end, struct flow_err *err);

#endif
