/*
 * handoff.h - a bounded stream of byte chunks from one producer thread to
 * one consumer thread (the profiler's reader and its channel writer).
 *
 * The producer reserves space in the current chunk and commits what it
 * wrote; a chunk that fills up goes to the consumer's callback, in order.
 * With threaded = 0 the callback runs in the producer's thread when a
 * chunk is full, so callers have one code path either way.  A fixed ring
 * of chunks bounds the memory: the producer waits when all are pending.
 */
#ifndef FLOW_PROFILE_HANDOFF_H
#define FLOW_PROFILE_HANDOFF_H

#include <stddef.h>
#include <stdint.h>

#include "util/err.h"

struct handoff;

typedef void (*handoff_consume_fn)(void *ctx, const uint8_t *data, size_t n);

/* nchunks >= 2 chunks of chunk_size bytes (8-byte aligned). */
int handoff_new(struct handoff **out, size_t nchunks, size_t chunk_size, int threaded,
		handoff_consume_fn consume, void *ctx, struct flow_err *err);
/*
 * Space for n bytes (n <= chunk_size), 8-byte aligned, in the current
 * chunk; hands the chunk over first when n does not fit.  NULL if n is
 * larger than a chunk.
 */
uint8_t *handoff_reserve(struct handoff *h, size_t n);
/* The n bytes at the last reservation are written. */
void handoff_commit(struct handoff *h, size_t n);
/* Hand over what is left and wait until the consumer has taken it all. */
void handoff_finish(struct handoff *h);
void handoff_free(struct handoff *h);

#endif
