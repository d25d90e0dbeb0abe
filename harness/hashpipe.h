/*
 * The hashing and writing thread of the unpacker.  Inflating is the
 * bottleneck of unpacking, so the thread that inflates only copies bytes
 * into a small ring; this thread creates each entry's file, computes its
 * SHA-256 while the bytes stream past and writes them to the file.  Memory is fixed:
 * the ring, whatever the artefact's size.
 */
#ifndef ASSAY_HASHPIPE_H
#define ASSAY_HASHPIPE_H

#include <stdbool.h>
#include <stddef.h>

#include "assay/err.h"
#include "inventory.h"

struct assay_hashpipe;

/* Starts the thread.  NULL when out of memory or threads. */
struct assay_hashpipe *assay_hashpipe_new(void);

/*
 * Starts entry e.  With dirfd -1 the bytes are only hashed.  Otherwise the
 * thread creates name (one component) in the directory dirfd (O_NOFOLLOW,
 * O_EXCL, mode 0600; with replace, an earlier file of that name is
 * unlinked first) and writes the bytes to it, so that file creation, like
 * writing, runs beside the inflating.  dirfd is the pipe's to close; name
 * must stay valid until the next sync.  The digest lands in e->sha256
 * (e->hashed set) and a failure to create or write in e->werr; both are the
 * thread's to write until assay_hashpipe_sync().
 */
void assay_hashpipe_begin(struct assay_hashpipe *hp, struct assay_entry *e,
    int dirfd, const char *name, bool replace);

/* Queues n bytes of the current entry (copied; may wait for room). */
void assay_hashpipe_write(struct assay_hashpipe *hp, const void *p, size_t n);

/* Queues n zero bytes (a hole in a sparse entry). */
void assay_hashpipe_zero(struct assay_hashpipe *hp, size_t n);

/* Ends the current entry. */
void assay_hashpipe_end(struct assay_hashpipe *hp);

/* Waits until everything queued is hashed, written and closed. */
void assay_hashpipe_sync(struct assay_hashpipe *hp);

/* Syncs, stops the thread and frees the pipe.  NULL-safe. */
void assay_hashpipe_free(struct assay_hashpipe *hp);

#endif
