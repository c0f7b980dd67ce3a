/*
 * eval.c - what nfsend does with an alert each cycle (NfAlert.pm
 * RunPeriodic): keep the history and averages, evaluate the conditions,
 * and run the trigger state machine (consecutive counts, once-only,
 * blocking).  Pure functions of the alert and its state: no files.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "alert/alert.h"
#include "util/banned.h"

/* Averaging windows in slots: 10 min, 30 min, 1 h, 6 h, 12 h, 24 h. */
static const size_t window[6] = { 2, 6, 12, 72, 144, 288 };

void alert_state_push(struct alert_state *st, const uint64_t v[ALERT_NVALUES], time_t t)
{
	size_t i, j, w;

	for (i = 0; i < ALERT_NVALUES; i++) {
		uint64_t *last = st->last[i], sum = 0;

		if (st->updated == 0) {
			/* first value: the history starts flat, so averages mean something */
			for (j = 0; j < ALERT_SLOTS; j++)
				last[j] = v[i];
		} else {
			memmove(last + 1, last, (ALERT_SLOTS - 1) * sizeof(*last));
			last[0] = v[i];
		}
		/*
		 * nfsen's running sum skips slots 72 and 144 for the 12 h and
		 * 24 h averages (an off-by-one); every slot counts here.
		 */
		for (j = 0, w = 0; w < 6; w++) {
			for (; j < window[w]; j++)
				sum += last[j];
			st->avg[w][i] = sum / window[w];
		}
	}
	st->updated = t;
}

void alert_sum_values(const uint64_t v[ALERT_NVALUES], unsigned cycletime, double what[6])
{
	double ct = cycletime ? (double)cycletime : 300.0;

	what[0] = (double)v[ALERT_FLOWS];
	what[1] = (double)v[ALERT_PACKETS];
	what[2] = (double)v[ALERT_BYTES];
	what[3] = what[0] / ct;
	what[4] = what[1] / ct;
	what[5] = 8.0 * what[2] / ct;
}

static int field_num(const char *s, size_t len, uint64_t *out)
{
	uint64_t x = 0;
	size_t i;

	if (len == 0 || len > 15)
		return -1;
	for (i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		x = x * 10 + (uint64_t)(s[i] - '0');
	}
	*out = x;
	return 0;
}

int alert_cond_parse(const char *text, int alert_type, struct alert_cond *c, struct flow_err *err)
{
	/* nfsen's maxima per field; 0 = unchecked (the PHP's option lists) */
	static const uint64_t max_sum[7] = { 1, 5, 2, 6, 0, 0, 5 };
	static const uint64_t max_top[7] = { 1, 5, 1, 0, 12, 0, 4 };
	const uint64_t *max = alert_type == 1 ? max_top : max_sum;
	uint64_t f[7];
	const char *p = text;
	size_t n = 0;

	for (;;) {
		const char *colon = strchr(p, ':');
		size_t len = colon ? (size_t)(colon - p) : strlen(p);

		if (n == 7)
			return flow_errorf(err, FLOW_EINVAL,
					   "Wrong number of attributes for condition '%s'", text);
		if (field_num(p, len, &f[n]) < 0)
			return flow_errorf(err, FLOW_EINVAL,
					   "Attribute %zu value '%.*s' not a number in condition '%s'",
					   n, (int)(len > 20 ? 20 : len), p, text);
		if (max[n] && f[n] > max[n])
			return flow_errorf(err, FLOW_EINVAL,
					   "Attribute %zu value %llu > %llu in condition '%s'", n,
					   (unsigned long long)f[n], (unsigned long long)max[n], text);
		n++;
		if (!colon)
			break;
		p = colon + 1;
	}
	if (n != 7)
		return flow_errorf(err, FLOW_EINVAL, "Wrong number of attributes for condition '%s'",
				   text);
	/* type 1 conditions compare absolute values only (no comp_type) */
	c->op = (int)f[0];
	c->type = (int)f[1];
	c->comp = (int)f[2];
	c->comp_type = alert_type == 1 ? 0 : (int)f[3];
	c->stat_type = (int)f[4];
	c->value = f[5];
	c->scale = (int)f[6];
	return 0;
}

int alert_cond_eval(const struct alert_cond *c, const double what[6],
		    const struct alert_state *st, unsigned cycletime)
{
	static const double factor[5] = { 1, 1e3, 1e6, 1e9, 1e12 };
	double ct = cycletime ? (double)cycletime : 300.0;
	double a = what[c->type < 0 || c->type > 5 ? 0 : c->type], b = 0, value;
	int base = c->type > 2 ? c->type - 3 : c->type;

	/* b: the average compared against (0 for an absolute condition) */
	if (c->comp_type >= 1 && c->comp_type <= 6 && base >= 0 && base < ALERT_NVALUES)
		b = (double)st->avg[c->comp_type - 1][base];
	if (c->type > 2)
		b = (c->type == 5 ? 8.0 : 1.0) * b / ct;
	if (c->scale == 5)
		value = floor((double)c->value * b / 100.0);
	else
		value = (double)c->value * factor[c->scale >= 0 && c->scale < 5 ? c->scale : 0];
	switch (c->comp) {
	case 0:
		return a > b + value;
	case 1:
		/* below an absolute value, or below the average minus value (not under 0) */
		return a < (c->comp_type == 0 ? value : (b > value ? b - value : 0));
	case 2:
		return a > b + value || a < (b > value ? b - value : 0);
	default:
		return 0;
	}
}

int alert_cond_combine(const int *results, const int *ops, size_t n)
{
	size_t i;
	int any = 0, group = 1;

	/* or of and-groups: each "or" (op 1) starts a new group */
	for (i = 0; i < n; i++) {
		if (i > 0 && ops[i] == 1) {
			any |= group;
			group = 1;
		}
		group &= results[i] != 0;
	}
	return n > 0 && (any | group);
}

enum alert_step alert_before(const struct alert *a, struct alert_state *st)
{
	if ((st->trigger_status & ALERT_FIRED) && a->trigger_type == 1) {
		snprintf(st->trigger_info, sizeof(st->trigger_info), "--");
		st->trigger_blocks = 0;
		return ALERT_STEP_SKIP_ONCE;
	}
	if (st->trigger_blocks > 0) {
		st->trigger_blocks--;
		snprintf(st->trigger_info, sizeof(st->trigger_info), "%ld/%ld",
			 a->trigger_blocks - st->trigger_blocks, a->trigger_blocks);
		st->trigger_status |= ALERT_ARMED | ALERT_BLOCKED;
		return ALERT_STEP_BLOCKED;
	}
	return ALERT_STEP_EVALUATE;
}

enum alert_fire alert_trigger(const struct alert *a, struct alert_state *st, int condition,
			      time_t t)
{
	st->final_condition = condition != 0;
	if (!condition) {
		st->cond_cnt = 0;
		st->trigger_status = ALERT_ARMED;
		return ALERT_FALSE;
	}
	if ((st->trigger_status & ALERT_FIRED) && a->trigger_type == 2) {
		snprintf(st->trigger_info, sizeof(st->trigger_info), "--");
		st->trigger_status |= ALERT_ARMED | ALERT_BLOCKED;
		return ALERT_SUPPRESSED;
	}
	st->trigger_status &= ALERT_ARMED | ALERT_COND_TRUE;
	st->cond_cnt++;
	st->trigger_status |= ALERT_COND_TRUE;
	if (st->cond_cnt < a->trigger_number) {
		snprintf(st->trigger_info, sizeof(st->trigger_info), "%ld/%ld", st->cond_cnt,
			 a->trigger_number);
		return ALERT_COUNTING;
	}
	st->cond_cnt = 0;
	st->trigger_status = (st->trigger_status | ALERT_FIRED) & ~(unsigned)ALERT_COND_TRUE;
	st->trigger_info[0] = '\0';
	st->trigger_blocks = a->trigger_blocks;
	memmove(st->events + 1, st->events, (ALERT_EVENTS - 1) * sizeof(st->events[0]));
	st->events[0] = t;
	return ALERT_FIRE;
}
