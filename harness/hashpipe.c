/*
 * A ring of slots between two threads.  The producer serialises operations
 * (begin, data, end) into the slot it owns and publishes it when full or
 * at a sync; the consumer replays them.  Small files share a slot, so a
 * tarball of tiny entries costs one hand-over per slot, not per file.
 */
#include "hashpipe.h"

#include "confine.h"

#include <errno.h>
#include <fcntl.h>
#include <openssl/evp.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define NSLOTS		8
#define SLOT_BYTES	(512u << 10)
/* Descriptors queued with begin ops; tiny files would otherwise pile up. */
#define MAX_QUEUED_FDS	64

enum op_kind { OP_BEGIN = 1, OP_DATA, OP_ZERO, OP_END };

struct op {
	enum op_kind kind;
	size_t len;		/* bytes following (DATA) or zeros (ZERO) */
	struct assay_entry *e;	/* BEGIN */
	int dirfd;		/* BEGIN: directory to create name in; -1 */
	const char *name;	/* BEGIN: one component */
	bool replace;		/* BEGIN: unlink an earlier name first */
};

struct slot {
	size_t used;
	bool full;		/* published, not yet consumed */
	unsigned char buf[SLOT_BYTES];
};

struct assay_hashpipe {
	pthread_t thread;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	struct slot *slots;
	unsigned head;		/* slot the producer fills */
	unsigned tail;		/* slot the consumer reads next */
	unsigned pending;	/* published slots not yet consumed */
	bool busy;		/* the consumer is replaying a slot */
	bool stop;
	unsigned queued_fds;	/* handed over, not yet closed */
	/* Consumer state. */
	EVP_MD_CTX *md;
	const EVP_MD *sha256;
	struct assay_entry *cur;
	int fd;
};

static const unsigned char zeros[64 << 10];

static void
consume_bytes(struct assay_hashpipe *hp, const unsigned char *p, size_t n)
{
	ssize_t w;

	(void)EVP_DigestUpdate(hp->md, p, n);
	while (hp->fd != -1 && n > 0) {
		w = write(hp->fd, p, n);
		if (w == -1 && errno == EINTR)
			continue;
		if (w <= 0) {
			/* The digest goes on; the file is given up. */
			hp->cur->werr = w == -1 ? errno : EIO;
			close(hp->fd);
			hp->fd = -1;
			break;
		}
		p += w;
		n -= (size_t)w;
	}
}

/* Creates op's file, replacing an earlier one of its name if asked. */
static int
create(struct assay_hashpipe *hp, const struct op *op)
{
	int fd;

	if (op->replace)
		(void)unlinkat(op->dirfd, op->name, 0);
	fd = assay_open_beneath(op->dirfd, op->name,
	    O_WRONLY | O_CREAT | O_EXCL, 0600);
	if (fd == -1)
		op->e->werr = errno;
	close(op->dirfd);
	pthread_mutex_lock(&hp->mu);
	hp->queued_fds--;
	pthread_cond_broadcast(&hp->cv);
	pthread_mutex_unlock(&hp->mu);
	return fd;
}

static void
replay(struct assay_hashpipe *hp, struct slot *s)
{
	size_t off = 0, n, k;
	unsigned int mdlen;
	struct op op;

	while (off < s->used) {
		memcpy(&op, s->buf + off, sizeof(op));
		off += sizeof(op);
		switch (op.kind) {
		case OP_BEGIN:
			hp->cur = op.e;
			hp->fd = op.dirfd == -1 ? -1 : create(hp, &op);
			(void)EVP_DigestInit_ex(hp->md, hp->sha256, NULL);
			break;
		case OP_DATA:
			consume_bytes(hp, s->buf + off, op.len);
			off += op.len;
			break;
		case OP_ZERO:
			for (n = op.len; n > 0; n -= k) {
				k = n < sizeof(zeros) ? n : sizeof(zeros);
				consume_bytes(hp, zeros, k);
			}
			break;
		case OP_END:
			mdlen = 0;
			(void)EVP_DigestFinal_ex(hp->md, hp->cur->sha256, &mdlen);
			hp->cur->hashed = mdlen == sizeof(hp->cur->sha256);
			if (hp->fd != -1 && close(hp->fd) == -1 &&
			    hp->cur->werr == 0)
				hp->cur->werr = errno;
			hp->fd = -1;
			hp->cur = NULL;
			break;
		}
	}
}

static void *
consumer(void *arg)
{
	struct assay_hashpipe *hp = arg;
	struct slot *s;

	pthread_mutex_lock(&hp->mu);
	for (;;) {
		while (hp->pending == 0 && !hp->stop)
			pthread_cond_wait(&hp->cv, &hp->mu);
		if (hp->pending == 0 && hp->stop)
			break;
		s = &hp->slots[hp->tail];
		hp->busy = true;
		pthread_mutex_unlock(&hp->mu);
		replay(hp, s);
		pthread_mutex_lock(&hp->mu);
		s->used = 0;
		s->full = false;
		hp->tail = (hp->tail + 1) % NSLOTS;
		hp->pending--;
		hp->busy = false;
		pthread_cond_broadcast(&hp->cv);
	}
	pthread_mutex_unlock(&hp->mu);
	return NULL;
}

struct assay_hashpipe *
assay_hashpipe_new(void)
{
	struct assay_hashpipe *hp;

	if ((hp = calloc(1, sizeof(*hp))) == NULL)
		return NULL;
	hp->fd = -1;
	hp->slots = calloc(NSLOTS, sizeof(*hp->slots));
	hp->md = EVP_MD_CTX_new();
	hp->sha256 = EVP_sha256();
	if (hp->slots == NULL || hp->md == NULL)
		goto fail;
	if (pthread_mutex_init(&hp->mu, NULL) != 0)
		goto fail;
	if (pthread_cond_init(&hp->cv, NULL) != 0) {
		pthread_mutex_destroy(&hp->mu);
		goto fail;
	}
	if (pthread_create(&hp->thread, NULL, consumer, hp) != 0) {
		pthread_cond_destroy(&hp->cv);
		pthread_mutex_destroy(&hp->mu);
		goto fail;
	}
	return hp;
 fail:
	EVP_MD_CTX_free(hp->md);
	free(hp->slots);
	free(hp);
	return NULL;
}

/* Hands the producer's slot to the consumer and waits for the next one. */
static void
publish(struct assay_hashpipe *hp)
{
	struct slot *s = &hp->slots[hp->head];

	if (s->used == 0)
		return;
	pthread_mutex_lock(&hp->mu);
	s->full = true;
	hp->pending++;
	hp->head = (hp->head + 1) % NSLOTS;
	pthread_cond_broadcast(&hp->cv);
	while (hp->slots[hp->head].full)
		pthread_cond_wait(&hp->cv, &hp->mu);
	pthread_mutex_unlock(&hp->mu);
}

static void
push_op(struct assay_hashpipe *hp, const struct op *op, size_t extra)
{
	struct slot *s = &hp->slots[hp->head];

	if (SLOT_BYTES - s->used < sizeof(*op) + extra) {
		publish(hp);
		s = &hp->slots[hp->head];
	}
	memcpy(s->buf + s->used, op, sizeof(*op));
	s->used += sizeof(*op);
}

void
assay_hashpipe_begin(struct assay_hashpipe *hp, struct assay_entry *e,
    int dirfd, const char *name, bool replace)
{
	struct op op = { OP_BEGIN, 0, e, dirfd, name, replace };

	if (dirfd != -1) {
		pthread_mutex_lock(&hp->mu);
		if (hp->queued_fds >= MAX_QUEUED_FDS) {
			/* Hand over what is queued and wait for closes. */
			pthread_mutex_unlock(&hp->mu);
			publish(hp);
			pthread_mutex_lock(&hp->mu);
			while (hp->queued_fds >= MAX_QUEUED_FDS)
				pthread_cond_wait(&hp->cv, &hp->mu);
		}
		hp->queued_fds++;
		pthread_mutex_unlock(&hp->mu);
	}
	push_op(hp, &op, 0);
}

void
assay_hashpipe_write(struct assay_hashpipe *hp, const void *p, size_t n)
{
	const unsigned char *b = p;
	struct op op = { OP_DATA, 0, NULL, -1, NULL, false };
	struct slot *s;
	size_t room;

	while (n > 0) {
		s = &hp->slots[hp->head];
		/* Fill what is left of this slot rather than waste it. */
		if (SLOT_BYTES - s->used < sizeof(op) + 4096) {
			publish(hp);
			s = &hp->slots[hp->head];
		}
		room = SLOT_BYTES - s->used - sizeof(op);
		op.len = n < room ? n : room;
		push_op(hp, &op, op.len);
		s = &hp->slots[hp->head];
		memcpy(s->buf + s->used, b, op.len);
		s->used += op.len;
		b += op.len;
		n -= op.len;
	}
}

void
assay_hashpipe_zero(struct assay_hashpipe *hp, size_t n)
{
	struct op op = { OP_ZERO, n, NULL, -1, NULL, false };

	if (n > 0)
		push_op(hp, &op, 0);
}

void
assay_hashpipe_end(struct assay_hashpipe *hp)
{
	struct op op = { OP_END, 0, NULL, -1, NULL, false };

	push_op(hp, &op, 0);
}

void
assay_hashpipe_sync(struct assay_hashpipe *hp)
{
	publish(hp);
	pthread_mutex_lock(&hp->mu);
	while (hp->pending > 0 || hp->busy)
		pthread_cond_wait(&hp->cv, &hp->mu);
	pthread_mutex_unlock(&hp->mu);
}

void
assay_hashpipe_free(struct assay_hashpipe *hp)
{
	if (hp == NULL)
		return;
	assay_hashpipe_sync(hp);
	pthread_mutex_lock(&hp->mu);
	hp->stop = true;
	pthread_cond_broadcast(&hp->cv);
	pthread_mutex_unlock(&hp->mu);
	pthread_join(hp->thread, NULL);
	pthread_cond_destroy(&hp->cv);
	pthread_mutex_destroy(&hp->mu);
	EVP_MD_CTX_free(hp->md);
	free(hp->slots);
	free(hp);
}
