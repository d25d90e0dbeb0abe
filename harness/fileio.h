/*
 * Whole-file I/O: reading a file or descriptor to its end under a byte
 * bound, and writing a buffer out in full.
 */
#ifndef ASSAY_FILEIO_H
#define ASSAY_FILEIO_H

#include <stddef.h>

#include "assay/buf.h"
#include "error.h"

/*
 * Appends what is left of fd, up to end of file, to b; b->max bounds it.
 * Sets no message, so each caller words its own: ASSAY_ERR_IO with errno
 * saying why, ASSAY_ERR_LIMIT past b->max, ASSAY_ERR_NOMEM.  On failure b
 * keeps what was read; the caller releases it either way.  fd stays open.
 */
enum assay_err assay_slurp_fd(int fd, struct assay_buf *b);

/*
 * Reads what is left of fd, of at most max bytes, into a new buffer with a
 * NUL after the bytes, which the caller frees; *lenp (if lenp is not NULL)
 * gets the length.  Errors name the file as name: ASSAY_ERR_IO when it
 * cannot be read, ASSAY_ERR_LIMIT past max, ASSAY_ERR_NOMEM.  On failure
 * *datap is NULL.  fd stays open.
 */
enum assay_err assay_slurp_named(int fd, const char *name, size_t max,
    unsigned char **datap, size_t *lenp, struct assay_error *err);

/*
 * Reads the regular file at path (a symbolic link to one is followed), of
 * at most max bytes, into a new buffer with a NUL after the bytes, which
 * the caller frees; *lenp (if lenp is not NULL) gets the length.  Opening
 * never blocks on a FIFO.  Errors name the file: ASSAY_ERR_NOT_FOUND or
 * ASSAY_ERR_IO when it cannot be opened, ASSAY_ERR_INVALID when it is not
 * a regular file, ASSAY_ERR_IO when it cannot be read, ASSAY_ERR_LIMIT past
 * max, ASSAY_ERR_NOMEM.  On failure *datap is NULL.
 */
enum assay_err assay_slurp(const char *path, size_t max,
    unsigned char **datap, size_t *lenp, struct assay_error *err);

/*
 * Writes all n bytes of p to fd, whatever write() manages at a time.
 * Returns 0, or -1 with errno set.  fd stays open.
 */
int assay_write_all(int fd, const void *p, size_t n);

#endif
