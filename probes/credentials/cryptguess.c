/*
 * Trying candidates against one hash on every core.  Candidates are
 * numbered derived first, then the list; workers take chunks of that
 * sequence in order from a shared cursor and stop early only past the best
 * match so far.  Every candidate before the reported match has been tried,
 * so the match is the first in order, whichever thread finds it, and the
 * counts stated are the same on every run.
 */
#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <string.h>

#include "acct.h"

#define WORKERS_MAX	16
#define CHUNK_US	20000.0	/* work a worker takes at a time */
#define CHUNK_MAX	256
#define MEM_MAX		((uint64_t)256 << 20)	/* bytes for one guess */
#define MEM_ALL		((uint64_t)512 << 20)	/* bytes for all workers */

struct job {
	const struct cred_hash *h;
	const struct cred_derived *derived;
	const struct cred_list *list;
	size_t n;		/* candidates to try */
	size_t chunk;
	pthread_mutex_t lock;
	size_t next;		/* first candidate not yet handed out */
	size_t best;		/* lowest match; SIZE_MAX while none */
	size_t fail_at;		/* lowest failure; SIZE_MAX while none */
	int fail_errno;
};

const struct cred_candidate *
cred_guess_candidate(const struct cred_derived *derived,
    const struct cred_list *list, size_t i)
{
	size_t nd = derived != NULL ? derived->n : 0;

	if (i < nd)
		return &derived->v[i];
	i -= nd;
	if (list != NULL && i < list->n)
		return &list->v[i];
	return NULL;
}

static void *
worker(void *arg)
{
	struct job *j = arg;
	const struct cred_candidate *c;
	size_t start, end, i;
	void *scratch;
	int err;

	if ((scratch = cred_scratch_new()) == NULL) {
		pthread_mutex_lock(&j->lock);
		if (j->next < j->fail_at) {
			j->fail_at = j->next;
			j->fail_errno = ENOMEM;
		}
		pthread_mutex_unlock(&j->lock);
		return NULL;
	}
	for (;;) {
		pthread_mutex_lock(&j->lock);
		start = j->next;
		if (start >= j->n || start > j->best || start > j->fail_at) {
			pthread_mutex_unlock(&j->lock);
			break;
		}
		end = j->n - start < j->chunk ? j->n : start + j->chunk;
		j->next = end;
		pthread_mutex_unlock(&j->lock);
		for (i = start; i < end; i++) {
			c = cred_guess_candidate(j->derived, j->list, i);
			if (cred_hash_check(j->h, c->pw, c->len, scratch,
			    &err)) {
				pthread_mutex_lock(&j->lock);
				if (i < j->best)
					j->best = i;
				pthread_mutex_unlock(&j->lock);
				break;
			}
			if (err != 0) {
				pthread_mutex_lock(&j->lock);
				if (i < j->fail_at) {
					j->fail_at = i;
					j->fail_errno = err;
				}
				pthread_mutex_unlock(&j->lock);
				break;
			}
		}
	}
	cred_scratch_free(scratch);
	return NULL;
}

/* Runs j on up to workers threads, the calling one among them. */
static void
run_job(struct job *j, unsigned workers)
{
	pthread_t t[WORKERS_MAX];
	size_t chunks = (j->n + j->chunk - 1) / j->chunk;
	unsigned i, started = 0;

	if (workers > WORKERS_MAX)
		workers = WORKERS_MAX;
	/* Memory-hard guesses side by side must fit the probe's memory. */
	if (j->h->mem > 0 && (uint64_t)workers * j->h->mem > MEM_ALL)
		workers = (unsigned)(MEM_ALL / j->h->mem > 0 ?
		    MEM_ALL / j->h->mem : 1);
	if ((size_t)workers > chunks)
		workers = (unsigned)chunks;
	/* A thread that cannot start leaves its share to the others. */
	for (i = 1; i < workers; i++)
		if (pthread_create(&t[started], NULL, worker, j) == 0)
			started++;
	(void)worker(j);
	for (i = 0; i < started; i++)
		pthread_join(t[i], NULL);
}

void
cred_guess(const struct cred_hash *h, const struct cred_derived *derived,
    const struct cred_list *list, struct cred_budget *b,
    struct cred_guess_result *res)
{
	struct job j;
	double cost = h->cost_us > 0.01 ? h->cost_us : 0.01, allowed;
	size_t total;

	memset(res, 0, sizeof(*res));
	total = (derived != NULL ? derived->n : 0) + (list != NULL ? list->n : 0);
	res->total = total;
	res->status = CRED_GUESS_NONE;
	if (cost > b->hash_us || h->mem > MEM_MAX) {
		res->status = CRED_GUESS_TOO_COSTLY;
		return;
	}
	allowed = b->hash_us / cost;
	if (b->total_us / cost < allowed)
		allowed = b->total_us / cost;
	if ((double)b->max_guesses < allowed)
		allowed = (double)b->max_guesses;
	memset(&j, 0, sizeof(j));
	j.h = h;
	j.derived = derived;
	j.list = list;
	j.n = allowed < (double)total ? (size_t)allowed : total;
	j.chunk = CHUNK_US / cost < 1 ? 1 : CHUNK_US / cost > CHUNK_MAX ?
	    CHUNK_MAX : (size_t)(CHUNK_US / cost);
	j.best = SIZE_MAX;
	j.fail_at = SIZE_MAX;
	if (j.n > 0) {
		if (pthread_mutex_init(&j.lock, NULL) != 0) {
			res->status = CRED_GUESS_FAILED;
			res->crypt_errno = ENOMEM;
			return;
		}
		run_job(&j, b->workers > 0 ? b->workers : 1);
		pthread_mutex_destroy(&j.lock);
	}
	if (j.best != SIZE_MAX && j.best < j.fail_at) {
		res->status = CRED_GUESS_MATCH;
		res->match = j.best;
		res->tried = j.best + 1;
	} else if (j.fail_at != SIZE_MAX) {
		res->status = CRED_GUESS_FAILED;
		res->crypt_errno = j.fail_errno;
		res->tried = j.fail_at;
	} else {
		res->tried = j.n;
	}
	res->exhausted = res->status == CRED_GUESS_NONE && j.n == total;
	b->total_us -= (double)res->tried * cost;
	if (b->total_us < 0)
		b->total_us = 0;
}
