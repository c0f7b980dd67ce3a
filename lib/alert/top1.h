/*
 * top1.h - type 1 alert conditions: the top record of an nfdump
 * statistic per condition.
 */
#ifndef FLOW_ALERT_TOP1_H
#define FLOW_ALERT_TOP1_H

#include <stddef.h>

#include "alert/alert.h"
#include "util/err.h"

/*
 * For condition i, the top record of statistic stat_type ordered by type
 * (flows, packets, bytes, pps, bps, bpp) over file: v[i] = its flows,
 * packets, bytes, pps, bps, bpp (all 0 when the file has no flows).
 */
int alert_top1(const char *file, const struct alert_cond *conds, size_t n, double (*v)[6],
	       struct flow_err *err);

#endif
