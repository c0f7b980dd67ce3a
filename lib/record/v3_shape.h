/*
 * v3_shape.h - decoding V3 records by their shape (internal to lib/record).
 *
 * The records of one exporter all have the same shape: the same size and
 * element headers at the same offsets.  Checking a record's headers
 * against a shape seen before proves it valid exactly as the element by
 * element checks of v3.c would (they read nothing else), and a plan made
 * once per shape copies its elements without them.
 *
 * The shapes are kept per thread, a few at a time: records of several
 * exporters interleave in a block, and a miss only costs the loop.
 */
#ifndef FLOW_RECORD_V3_SHAPE_H
#define FLOW_RECORD_V3_SHAPE_H

#include <stdint.h>

#include "record/record.h"

/*
 * p is a V3 record of size bytes (type and size checked by the caller).
 * When its shape is known, copy the elements of it that are in want into
 * r's members and return 1 with *present set to their bits; else return
 * 0 without touching r.  -1: the shape is known not to have a plan (the
 * caller decodes it by the loop, and need not teach it again).
 */
int v3_shape_copy(struct flow_record *r, const uint8_t *p, unsigned size, uint64_t want,
		  uint64_t *present);

/* Remember the shape of p, a V3 record of size bytes that decoded cleanly. */
void v3_shape_learn(const uint8_t *p, unsigned size);

/* Forget this thread's shapes (tests: the next decode runs the loop). */
void v3_shape_forget(void);

#endif
