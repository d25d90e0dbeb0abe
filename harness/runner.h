/*
 * Runs every registered probe in a child process of its own, up to jobs at
 * a time, with CPU-time, address-space and wall-time limits, and gathers
 * what each reported.  A probe that crashes, is killed or overruns becomes a
 * harness.probe-error finding; the others' findings still arrive.
 */
#ifndef ASSAY_RUNNER_H
#define ASSAY_RUNNER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "findings.h"
#include "scan_limits.h"
#include "registry.h"
#include "scan.h"

struct assay_probe_outcome {
	const char *name;	/* the slot's; not owned */
	bool ok;
	char *error;		/* why not ok: "killed by signal 11 (...)" */
	uint64_t findings;	/* findings it reported */
	uint64_t examined;	/* entries it examined */
	double cpu_seconds;
};

/* Something a probe used whose digest the manifest records. */
struct assay_provenance {
	char *kind;		/* "fetch" or "data" */
	char *probe;
	char *name;		/* URL or data file name */
	char *sha256;		/* hex */
	uint64_t bytes;
	bool cached;		/* fetch answered from the cache */
};

struct assay_run_report {
	struct assay_probe_outcome *outcomes;	/* one per registry slot */
	size_t n;
	struct assay_provenance *used;		/* sorted, no duplicates */
	size_t nused;
};

/*
 * Runs the probes of reg over scan (its shared part filled in) and adds
 * their findings to fs; updates every entry's examined and failed masks.
 * params: a json_t object mapping probe names to their parameter objects,
 * or NULL.  Errors are the harness's own (fork failed, out of memory).
 */
enum assay_err assay_runner_run(const struct assay_registry *reg,
    struct assay_scan *scan, const void *params,
    const struct assay_limits *limits, unsigned jobs,
    struct assay_findings *fs, struct assay_run_report *report,
    struct assay_error *err);

void assay_run_report_release(struct assay_run_report *r);

#endif
