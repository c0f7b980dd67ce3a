/*
 * handoff.c - chunks from one producer to one consumer thread (handoff.h).
 *
 * Chunks tail .. tail + full - 1 (mod n) are pending for the consumer;
 * the producer fills chunk head = tail + full, which is free while full < n.
 */
#include <pthread.h>
#include <string.h>

#include "profile/handoff.h"
#include "util/alloc.h"

struct handoff {
	size_t n, size;
	uint8_t **chunk;
	size_t *used;
	size_t head, tail, full;
	int threaded, done, sync;	/* sync: mutex and conditions initialised */
	handoff_consume_fn consume;
	void *ctx;
	pthread_mutex_t mu;
	pthread_cond_t wake_consumer, wake_producer;
	pthread_t tid;
};

static void *consumer(void *arg)
{
	struct handoff *h = arg;

	pthread_mutex_lock(&h->mu);
	for (;;) {
		size_t i;

		while (!h->full && !h->done)
			pthread_cond_wait(&h->wake_consumer, &h->mu);
		if (!h->full)
			break;
		i = h->tail;
		pthread_mutex_unlock(&h->mu);
		h->consume(h->ctx, h->chunk[i], h->used[i]);
		pthread_mutex_lock(&h->mu);
		h->used[i] = 0;
		h->tail = (h->tail + 1) % h->n;
		h->full--;
		pthread_cond_signal(&h->wake_producer);
	}
	pthread_mutex_unlock(&h->mu);
	return NULL;
}

int handoff_new(struct handoff **out, size_t nchunks, size_t chunk_size, int threaded,
		handoff_consume_fn consume, void *ctx, struct flow_err *err)
{
	struct handoff *h = flow_calloc(1, sizeof(*h));
	size_t i;

	*out = NULL;
	if (!h)
		return flow_errorf(err, FLOW_ENOMEM, "handoff: out of memory");
	h->n = nchunks < 2 ? 2 : nchunks;
	h->size = (chunk_size + 7) & ~(size_t)7;
	h->consume = consume;
	h->ctx = ctx;
	h->chunk = flow_calloc(h->n, sizeof(*h->chunk));
	h->used = flow_calloc(h->n, sizeof(*h->used));
	for (i = 0; h->chunk && h->used && i < h->n; i++)
		if (!(h->chunk[i] = flow_malloc(h->size)))
			break;
	if (!h->chunk || !h->used || i < h->n) {
		handoff_free(h);
		return flow_errorf(err, FLOW_ENOMEM, "handoff: out of memory");
	}
	pthread_mutex_init(&h->mu, NULL);
	pthread_cond_init(&h->wake_consumer, NULL);
	pthread_cond_init(&h->wake_producer, NULL);
	h->sync = 1;
	/* no thread: the producer consumes each chunk itself */
	h->threaded = threaded && pthread_create(&h->tid, NULL, consumer, h) == 0;
	*out = h;
	return 0;
}

/* The current chunk goes to the consumer; wait for a free one. */
static void push(struct handoff *h)
{
	if (!h->threaded) {
		h->consume(h->ctx, h->chunk[h->head], h->used[h->head]);
		h->used[h->head] = 0;
		return;
	}
	pthread_mutex_lock(&h->mu);
	h->full++;
	h->head = (h->head + 1) % h->n;
	pthread_cond_signal(&h->wake_consumer);
	while (h->full == h->n)
		pthread_cond_wait(&h->wake_producer, &h->mu);
	pthread_mutex_unlock(&h->mu);
}

uint8_t *handoff_reserve(struct handoff *h, size_t n)
{
	if (n > h->size)
		return NULL;
	if (h->used[h->head] + n > h->size)
		push(h);
	return h->chunk[h->head] + h->used[h->head];
}

void handoff_commit(struct handoff *h, size_t n)
{
	h->used[h->head] += (n + 7) & ~(size_t)7;
}

void handoff_finish(struct handoff *h)
{
	if (h->used[h->head])
		push(h);
	if (!h->threaded)
		return;
	pthread_mutex_lock(&h->mu);
	h->done = 1;
	pthread_cond_signal(&h->wake_consumer);
	pthread_mutex_unlock(&h->mu);
	pthread_join(h->tid, NULL);
	h->threaded = 0;
}

void handoff_free(struct handoff *h)
{
	if (!h)
		return;
	if (h->threaded)
		handoff_finish(h);
	for (size_t i = 0; h->chunk && i < h->n; i++)
		flow_free(h->chunk[i]);
	if (h->sync) {
		pthread_mutex_destroy(&h->mu);
		pthread_cond_destroy(&h->wake_consumer);
		pthread_cond_destroy(&h->wake_producer);
	}
	flow_free(h->chunk);
	flow_free(h->used);
	flow_free(h);
}
