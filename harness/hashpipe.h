/*
 * The hashing and writing thread of the unpacker.  Inflating is the
 * bottleneck of unpacking, so the thread that inflates only copies bytes
 * into a small ring; this thread computes each entry's SHA-256 while the
 * bytes stream past and writes them to the entry's file.  Memory is fixed:
 * the ring, whatever the artefact's size.
 */
#ifndef ASSAY_HASHPIPE_H
#define ASSAY_HASHPIPE_H

#include <stddef.h>

#include "assay/err.h"
#include "inventory.h"

struct assay_hashpipe;

/* Starts the thread.  NULL when out of memory or threads. */
struct assay_hashpipe *assay_hashpipe_new(void);

/*
 * Starts entry e.  fd (owned from here on, closed by the pipe) receives the
 * bytes; -1 only hashes them.  The digest lands in e->sha256 and e->hashed
 * is set once assay_hashpipe_sync() has returned.
 */
void assay_hashpipe_begin(struct assay_hashpipe *hp, struct assay_entry *e,
    int fd);

/* Queues n bytes of the current entry (copied; may wait for room). */
void assay_hashpipe_write(struct assay_hashpipe *hp, const void *p, size_t n);

/* Queues n zero bytes (a hole in a sparse entry). */
void assay_hashpipe_zero(struct assay_hashpipe *hp, size_t n);

/* Ends the current entry. */
void assay_hashpipe_end(struct assay_hashpipe *hp);

/*
 * Waits until everything queued is hashed, written and closed.  Returns 0,
 * or the errno of the first failed write since the last sync with *failedp
 * set to its entry.
 */
int assay_hashpipe_sync(struct assay_hashpipe *hp,
    struct assay_entry **failedp);

/* Syncs, stops the thread and frees the pipe.  NULL-safe. */
void assay_hashpipe_free(struct assay_hashpipe *hp);

#endif
