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

enum graph_period {
	GRAPH_DAY = 1, GRAPH_WEEK = 2, GRAPH_MONTH = 4, GRAPH_YEAR = 8, GRAPH_ALL = 15,
};

/* The PNGs of profile p for the periods in mask, ending at end (its tend). */
int profile_graphs(const struct pstore *ps, const struct pname *pn, const struct profile *p,
		   time_t end, unsigned mask, struct flow_err *err);

/*
 * What the cycle for slot end redraws: the day graphs every cycle, the
 * week at :00 and :30, the month every two hours, the year at midnight -
 * the schedule nfsen intends (1.3.11's broken time parsing redraws all
 * twelve every cycle) - and any graph that does not exist yet.
 */
unsigned graph_schedule(const struct pstore *ps, const struct pname *pn, time_t end);

#endif
