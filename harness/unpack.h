/*
 * Recursive, confined unpacking of artefacts into the workspace, recording
 * every entry in the inventory and every refusal, limit and breakage as a
 * harness finding.  The only file that uses libarchive.
 */
#ifndef ASSAY_UNPACK_H
#define ASSAY_UNPACK_H

#include <stdbool.h>
#include <stdint.h>

#include "error.h"
#include "findings.h"
#include "inventory.h"
#include "scan_limits.h"
#include "workspace.h"

struct assay_unpacker;

struct assay_unpack_progress {
	uint64_t entries;	/* entries recorded so far */
	uint64_t bytes;		/* content bytes read so far */
	const char *current;	/* path of the artefact being unpacked */
};

typedef void assay_progress_fn(void *arg,
    const struct assay_unpack_progress *p);

/*
 * Creates an unpacker that records into inv and fs and writes beneath ws.
 * None of them is owned; all must outlive the unpacker.
 */
enum assay_err assay_unpacker_new(struct assay_inventory *inv,
    struct assay_findings *fs, struct assay_workspace *ws,
    const struct assay_limits *limits, struct assay_unpacker **up,
    struct assay_error *err);

/* Calls fn at most a few times a second while unpacking.  fn may be NULL. */
void assay_unpacker_progress(struct assay_unpacker *u, assay_progress_fn *fn,
    void *arg);

/*
 * Unpacks one artefact read from fd (kept open and owned by the caller),
 * named name in every path, recursively.  origin is the path the tester
 * gave, kept (absolute) so that probes can reopen the artefact itself.  Records the artefact's size,
 * SHA-256 and SHA-512.  Corrupt, encrypted or oversized content is not an
 * error: it becomes findings and coverage gaps and sets incomplete.  Errors
 * are the harness's own (workspace unwritable, out of memory).
 */
enum assay_err assay_unpack_artefact(struct assay_unpacker *u,
    const char *name, const char *origin, int fd, struct assay_error *err);

/* True once anything could not be fully examined. */
bool assay_unpacker_incomplete(const struct assay_unpacker *u);

void assay_unpacker_free(struct assay_unpacker *u);

#endif
