/*
 * v1.h - nfdump 1.6 (file layout 1) records: extension maps (type 2) and
 * common records (type 10), converted to struct flow_record the way
 * nfdump 1.7 converts them (format.md §6.4-6.7).
 *
 * A struct flow_v1_maps holds the extension maps seen so far in a file;
 * a later map with the same id replaces the earlier one.  Keep one per
 * input file and pass every type-2 record to flow_v1_map_add() in file
 * order before decoding the type-10 records that follow it.
 */
#ifndef FLOW_RECORD_V1_H
#define FLOW_RECORD_V1_H

#include <stddef.h>
#include <stdint.h>

#include "record/record.h"
#include "util/err.h"

struct flow_v1_maps;

int flow_v1_maps_new(struct flow_v1_maps **out, struct flow_err *err);
void flow_v1_maps_free(struct flow_v1_maps *m);

/* Parse and remember one extension map record (type 2) of len bytes. */
int flow_v1_map_add(struct flow_v1_maps *m, const uint8_t *rec, size_t len,
		    struct flow_err *err);

/*
 * Decode one common record (type 10) of len bytes into r (the same reuse
 * rules as flow_record_decode_v3).  Fails with FLOW_EFORMAT naming the map
 * id when the map is unknown or the sizes do not add up.  Returns the
 * record size.
 */
int flow_record_decode_v1(struct flow_record *r, const struct flow_v1_maps *m,
			  const uint8_t *rec, size_t len, struct flow_err *err);

#endif
