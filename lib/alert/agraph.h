/*
 * agraph.h - the Alerts tab's graph (@get-alertgraph).
 */
#ifndef FLOW_ALERT_AGRAPH_H
#define FLOW_ALERT_AGRAPH_H

#include <stddef.h>
#include <time.h>

#include "util/err.h"

/*
 * args: the frontend's "<0 flows|1 packets|2 bytes>", tstart, tend (UNIX
 * times, checked here: they come from the web).  dir is the alert's stat
 * directory; events its trigger times.  *png is malloc'd (caller frees).
 */
int alert_graph(const char *dir, char *const *args, size_t nargs, const time_t *events,
		size_t nevents, unsigned char **png, size_t *len, struct flow_err *err);

#endif
