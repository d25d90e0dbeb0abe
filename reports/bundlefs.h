/*
 * Reading and writing the files of a bundle directory for the commands
 * that work on finished bundles (attestation, SHA256SUMS, verify, diff).
 * A bundle is flat: every file is reached by name relative to the
 * directory's fd, never through a symbolic link, and every read is bounded
 * because a bundle under verification may come from anyone.
 */
#ifndef ASSAY_BUNDLEFS_H
#define ASSAY_BUNDLEFS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include <jansson.h>

#include "error.h"

/* The files the bundle commands treat specially. */
#define ASSAY_BUNDLE_MANIFEST	"manifest.json"
#define ASSAY_BUNDLE_FINDINGS	"findings.json"
#define ASSAY_BUNDLE_VERDICT	"verdict.json"
#define ASSAY_BUNDLE_DSSE	"attestation.dsse.json"
#define ASSAY_BUNDLE_TSR	"attestation.tsr"
#define ASSAY_BUNDLE_SUMS	"SHA256SUMS"

/* More entries than this in a bundle directory is not a bundle. */
#define ASSAY_BUNDLEFS_MAX_ENTRIES	4096

/* SHA256SUMS of a full directory of the longest names. */
#define ASSAY_SUMS_MAX \
	((size_t)ASSAY_BUNDLEFS_MAX_ENTRIES * (64 + 2 + 255 + 1))

/* One directory entry. */
struct assay_bundlefs_entry {
	char *name;
	bool regular;		/* a regular file (not followed if a link) */
};

struct assay_bundlefs_list {
	struct assay_bundlefs_entry *v;	/* sorted by name, bytewise */
	size_t n;
};

/*
 * Lists dirfd's entries other than "." and "..", sorted bytewise.  Release
 * with assay_bundlefs_list_release() whatever the result.
 * ASSAY_ERR_LIMIT past ASSAY_BUNDLEFS_MAX_ENTRIES.
 */
enum assay_err assay_bundlefs_list(int dirfd, struct assay_bundlefs_list *l,
    struct assay_error *err);
void assay_bundlefs_list_release(struct assay_bundlefs_list *l);

/*
 * Reads the regular file name in dirfd, of at most max bytes, into a new
 * buffer with a NUL after the bytes, which the caller frees.
 * ASSAY_ERR_NOT_FOUND when it does not exist, ASSAY_ERR_INVALID when it is
 * not a regular file, ASSAY_ERR_LIMIT past max.
 */
enum assay_err assay_bundlefs_read(int dirfd, const char *name, size_t max,
    unsigned char **datap, size_t *lenp, struct assay_error *err);

/*
 * Parses name in dirfd (at most max bytes) as one JSON value; duplicate
 * keys are refused.  The caller owns *jp.  ASSAY_ERR_INVALID when it is not
 * JSON, else as assay_bundlefs_read().
 */
enum assay_err assay_bundlefs_json(int dirfd, const char *name, size_t max,
    json_t **jp, struct assay_error *err);

/* SHA-256 of the regular file name in dirfd, streamed; errors as read. */
enum assay_err assay_bundlefs_sha256(int dirfd, const char *name,
    unsigned char md[32], struct assay_error *err);

/*
 * Creates or truncates name in dirfd with mode 0644 (never through a
 * symbolic link) and writes n bytes to it.
 */
enum assay_err assay_bundlefs_write(int dirfd, const char *name,
    const void *p, size_t n, struct assay_error *err);

/*
 * Creates or truncates name in dirfd with mode 0644 (never through a
 * symbolic link) as a stream with a bufsize-byte buffer; the caller
 * fcloses *fpp.  On failure *fpp is NULL and nothing is left open.
 */
enum assay_err assay_bundlefs_fcreate(int dirfd, const char *name,
    size_t bufsize, FILE **fpp, struct assay_error *err);

/*
 * Writes s to fp with control characters (C0, DEL, C1), bytes that are not
 * UTF-8 and backslashes shown as \xNN, so that a name from a hostile bundle
 * cannot drive the terminal.
 */
void assay_print_safe(FILE *fp, const char *s);

#endif
