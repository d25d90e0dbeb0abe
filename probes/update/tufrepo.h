/*
 * A TUF repository as shipped: the metadata files found together, checked
 * as a client would check them offline.  Root versions form a rotation
 * chain; the newest root then vouches for timestamp, snapshot and targets,
 * whose versions, lengths and hashes must agree, and targets vouches for
 * its delegations.  Results go to a callback, so the checks run without a
 * scan (unit tests, fuzzing).
 */
#ifndef ASSAY_UPDATE_TUFREPO_H
#define ASSAY_UPDATE_TUFREPO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

/* One candidate file; files that are not TUF metadata are skipped. */
struct tuf_file {
	const char *path;		/* shown in evidence */
	const unsigned char *data;
	size_t len;
};

/* One finding; everything is borrowed for the duration of the call. */
struct tuf_report {
	const char *rule;		/* "update.tuf-..." */
	size_t file;			/* index into the files given */
	unsigned long line;		/* 1-based; 0 when none */
	const json_t *evidence;		/* an object */
	const char *message;
};

typedef void (*tuf_report_fn)(void *arg, const struct tuf_report *r);

/* Cheap test: could these bytes be TUF metadata at all? */
bool tuf_sniff(const unsigned char *p, size_t n);

/*
 * Checks files[0..n) as one repository at moment now (Unix seconds) and
 * reports through fn.  Returns how many files were TUF metadata.
 */
size_t tuf_repo_check(const struct tuf_file *files, size_t n, int64_t now,
    tuf_report_fn fn, void *arg);

#endif
