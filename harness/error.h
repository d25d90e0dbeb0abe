/*
 * An error code plus a message, kept by the function that failed and
 * printed only by the command line.
 */
#ifndef ASSAY_ERROR_H
#define ASSAY_ERROR_H

#include "assay/err.h"

struct assay_error {
	enum assay_err code;
	char msg[6144];		/* room for a 4096-byte path and context */
};

/*
 * Records code and a formatted message in e (which may be NULL) and returns
 * code, so that failures read "return assay_seterr(e, ASSAY_ERR_IO, ...)".
 * A message longer than msg is cut.
 */
enum assay_err assay_seterr(struct assay_error *e, enum assay_err code,
    const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* Appends OpenSSL's queued errors to "what" and clears the queue. */
enum assay_err assay_seterr_crypto(struct assay_error *e, const char *what);

#endif
