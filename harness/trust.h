/*
 * Trust material the tester names with --trust: certificates, public keys
 * and keyrings that probes verify signatures against.  The harness reads
 * each file once, before any probe runs, records its digest in the
 * manifest and hands the bytes to every probe; what a file means is the
 * probes' business.
 */
#ifndef ASSAY_TRUST_H
#define ASSAY_TRUST_H

#include <stddef.h>

#include "error.h"

/* Upper bound on one trust file (a large CA bundle is a few hundred KiB). */
#define ASSAY_TRUST_FILE_MAX	(16u << 20)
#define ASSAY_TRUST_FILES_MAX	64u

struct assay_trust_file {
	char *name;			/* base name as given */
	unsigned char *data;		/* NUL-terminated */
	size_t len;
	char sha256[65];
};

struct assay_trust_set {
	struct assay_trust_file *v;
	size_t n;
};

/* Reads each of paths[0..n-1]; errors name the file. */
enum assay_err assay_trust_load(struct assay_trust_set *t,
    const char *const *paths, size_t n, struct assay_error *err);

void assay_trust_release(struct assay_trust_set *t);

#endif
