/*
 * Tester waivers (--waivers FILE): a JSON document whose entries select
 * findings by rule id and path glob, with a reason, an author and an
 * expiry.  A waived finding stays in findings.json, marked with its waiver,
 * and no longer fails its control.  An expired waiver is ignored (and the
 * caller warns).
 *
 * {"waivers": [{"rule": "harness.setuid", "path": "**\/usr/bin/passwd",
 *   "reason": "...", "author": "...", "expires": "2027-01-31"}]}
 */
#ifndef ASSAY_WAIVERS_H
#define ASSAY_WAIVERS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "error.h"

struct assay_waiver {
	const char *rule;	/* exact rule id */
	const char *path;	/* glob over the full nested path; "**" all */
	const char *reason;
	const char *author;
	const char *expires;	/* as written (RFC 3339 date or time) */
	int64_t expires_at;	/* Unix seconds */
	bool expired;		/* at the scan's moment */
};

struct assay_waivers {
	struct assay_waiver *v;
	size_t n;
	char *origin;		/* the file */
	char sha256[65];	/* hex digest of the file's bytes */
};

/* Loads and checks a waiver file; expiry is judged at now. */
enum assay_err assay_waivers_load(const char *path, int64_t now,
    struct assay_waivers **wp, struct assay_error *err);

/* The first live waiver matching rule and path, or -1. */
long assay_waivers_match(const struct assay_waivers *w, const char *rule,
    const char *path);

void assay_waivers_free(struct assay_waivers *w);

#endif
