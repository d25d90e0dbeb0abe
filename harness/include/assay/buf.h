/*
 * A growable byte buffer with a hard cap, for building strings and holding
 * untrusted bytes.
 *
 * Invariants: data is NUL-terminated whenever it is non-NULL; len never
 * exceeds max.  A failed append leaves the buffer as it was.
 */
#ifndef ASSAY_BUF_H
#define ASSAY_BUF_H

#include <stdarg.h>
#include <stddef.h>

#include "assay/err.h"

struct assay_buf {
	char *data;	/* NUL-terminated whenever non-NULL */
	size_t len;	/* bytes in use, not counting the NUL */
	size_t cap;	/* bytes allocated */
	size_t max;	/* len never exceeds this; past it: ASSAY_ERR_LIMIT */
};

#define ASSAY_BUF_INIT(limit) { NULL, 0, 0, (limit) }

/* Appends n bytes.  ASSAY_ERR_LIMIT past max, ASSAY_ERR_NOMEM on failure. */
enum assay_err assay_buf_add(struct assay_buf *b, const void *p, size_t n);

/* Appends a NUL-terminated string. */
enum assay_err assay_buf_adds(struct assay_buf *b, const char *s);

/* Appends formatted text. */
enum assay_err assay_buf_addf(struct assay_buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
enum assay_err assay_buf_vaddf(struct assay_buf *b, const char *fmt,
    va_list ap) __attribute__((format(printf, 2, 0)));

/*
 * Hands the bytes to the caller, who frees them with free(); an empty buffer
 * gives an allocated "".  *lenp (if lenp is not NULL) gets the length.  The
 * buffer is left empty with its max kept.  NULL only if allocation fails.
 */
char *assay_buf_detach(struct assay_buf *b, size_t *lenp);

/* Frees the bytes; the buffer is reusable and keeps its max.  NULL-safe. */
void assay_buf_release(struct assay_buf *b);

#endif
