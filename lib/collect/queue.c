/*
 * The queue between the receive thread and the writer thread, and the
 * pool of 1 MB blocks they pass.  The pool is bounded (WQ_MAX_BLOCKS):
 * when the disk or the compressor falls behind, the receive thread waits
 * here and the kernel socket buffer absorbs the burst, instead of memory
 * growing without limit.
 */
#include <string.h>

#include "collect/collect_int.h"
#include "util/alloc.h"
#include "util/banned.h"

int wq_init(struct wqueue *q)
{
	memset(q, 0, sizeof(*q));
	if (pthread_mutex_init(&q->mu, NULL) != 0)
		return FLOW_ENOMEM;
	pthread_cond_init(&q->cv_msg, NULL);
	pthread_cond_init(&q->cv_space, NULL);
	pthread_cond_init(&q->cv_free, NULL);
	return 0;
}

void wq_destroy(struct wqueue *q)
{
	while (q->free) {
		struct cblock *b = q->free;

		q->free = b->next;
		flow_free(b->data);
		flow_free(b);
	}
	pthread_cond_destroy(&q->cv_msg);
	pthread_cond_destroy(&q->cv_space);
	pthread_cond_destroy(&q->cv_free);
	pthread_mutex_destroy(&q->mu);
}

static struct cblock *block_new(void)
{
	struct cblock *b = flow_calloc(1, sizeof(*b));

	if (!b)
		return NULL;
	b->cap = NFBLOCK_WRITE_SIZE;
	b->data = flow_malloc(b->cap);
	if (!b->data) {
		flow_free(b);
		return NULL;
	}
	return b;
}

struct cblock *wq_block(struct wqueue *q)
{
	struct cblock *b = NULL;

	pthread_mutex_lock(&q->mu);
	while (!q->free && q->nblocks >= WQ_MAX_BLOCKS)
		pthread_cond_wait(&q->cv_free, &q->mu);
	if (q->free) {
		b = q->free;
		q->free = b->next;
	} else {
		q->nblocks++;
	}
	pthread_mutex_unlock(&q->mu);
	if (!b) {
		b = block_new();
		if (!b) {
			pthread_mutex_lock(&q->mu);
			q->nblocks--;
			pthread_mutex_unlock(&q->mu);
			return NULL;
		}
	}
	b->used = 0;
	b->nrec = 0;
	b->next = NULL;
	return b;
}

void wq_release(struct wqueue *q, struct cblock *b)
{
	if (!b)
		return;
	pthread_mutex_lock(&q->mu);
	b->next = q->free;
	q->free = b;
	pthread_cond_signal(&q->cv_free);
	pthread_mutex_unlock(&q->mu);
}

void wq_put(struct wqueue *q, const struct wmsg *m)
{
	pthread_mutex_lock(&q->mu);
	while (q->count == WQ_LEN)
		pthread_cond_wait(&q->cv_space, &q->mu);
	q->ring[(q->head + q->count) % WQ_LEN] = *m;
	q->count++;
	pthread_cond_signal(&q->cv_msg);
	pthread_mutex_unlock(&q->mu);
}

void wq_take(struct wqueue *q, struct wmsg *m)
{
	pthread_mutex_lock(&q->mu);
	while (q->count == 0)
		pthread_cond_wait(&q->cv_msg, &q->mu);
	*m = q->ring[q->head];
	q->head = (q->head + 1) % WQ_LEN;
	q->count--;
	pthread_cond_signal(&q->cv_space);
	pthread_mutex_unlock(&q->mu);
}
