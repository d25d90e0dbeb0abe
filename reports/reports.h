/*
 * The evidence bundle: a directory written under a temporary name beside
 * its destination and renamed into place only when complete, and one writer
 * per file in it.  Every writer produces the same bytes for the same scan
 * (sorted keys, stable order, no workspace paths, times from the summary).
 */
#ifndef ASSAY_REPORTS_H
#define ASSAY_REPORTS_H

#include <stdbool.h>
#include <stdint.h>

#include "error.h"
#include "findings.h"
#include "inventory.h"
#include "scan_limits.h"
#include "registry.h"
#include "runner.h"

/* What the writers need to know about a finished scan.  Nothing is owned. */
struct assay_scan_summary {
	const struct assay_inventory *inv;
	const struct assay_findings *findings;	/* already sorted */
	const struct assay_registry *reg;
	const struct assay_run_report *run;	/* NULL: no probe ran */
	const struct assay_limits *limits;
	int argc;
	char *const *argv;	/* the command line as given */
	int64_t started;	/* Unix seconds; SOURCE_DATE_EPOCH when set */
	int64_t finished;
	bool online;
	bool incomplete;	/* something could not be fully examined */
	const char *tester;	/* NULL when not given */
	const char *lab;
};

struct assay_bundle;

/*
 * Starts a bundle destined for outdir: creates a fresh directory beside it
 * (same parent, so the final rename is atomic); the parent is created if
 * missing.  An existing outdir that is not an assay bundle is refused.
 */
enum assay_err assay_bundle_open(const char *outdir, struct assay_bundle **bp,
    struct assay_error *err);

/* The temporary directory's fd, for the writers. */
int assay_bundle_dirfd(const struct assay_bundle *b);

/*
 * Syncs every file and moves the bundle into place, atomically replacing an
 * earlier bundle at outdir.  Frees b whatever happens.
 */
enum assay_err assay_bundle_commit(struct assay_bundle *b,
    struct assay_error *err);

/* Removes the temporary directory and frees b.  NULL-safe. */
void assay_bundle_abort(struct assay_bundle *b);

/* Each writes one file into dirfd. */
enum assay_err assay_write_manifest(int dirfd,
    const struct assay_scan_summary *s, struct assay_error *err);
enum assay_err assay_write_inventory(int dirfd,
    const struct assay_scan_summary *s, struct assay_error *err);
enum assay_err assay_write_coverage(int dirfd,
    const struct assay_scan_summary *s, struct assay_error *err);
enum assay_err assay_write_findings(int dirfd,
    const struct assay_scan_summary *s, struct assay_error *err);

/* RFC 3339 UTC ("2026-11-29T14:00:00Z") of t into out (21 bytes). */
void assay_format_time(int64_t t, char out[21]);

#endif
