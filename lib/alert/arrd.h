/*
 * arrd.h - an alert's average RRDs (avg-<flows|packets|bytes>.rrd in its
 * stat directory): DS last, avg10m ... avg24h, step 300.
 */
#ifndef FLOW_ALERT_ARRD_H
#define FLOW_ALERT_ARRD_H

#include <time.h>

#include "alert/alert.h"
#include "util/err.h"

int alert_rrd_create(const char *dir, time_t start, struct flow_err *err);
/* The slot's value and averages at t. */
int alert_rrd_update(const char *dir, time_t t, const struct alert_state *st,
		     struct flow_err *err);

#endif
