/*
 * Judging a scan's findings against a profile: per control pass, fail,
 * not-assessed (with why) or manual, and the overall result.
 */
#ifndef ASSAY_VERDICT_H
#define ASSAY_VERDICT_H

#include <stdbool.h>
#include <stddef.h>

#include "findings.h"
#include "profile.h"
#include "registry.h"
#include "runner.h"

enum assay_control_status {
	ASSAY_CONTROL_PASS = 0,
	ASSAY_CONTROL_FAIL,
	ASSAY_CONTROL_NOT_ASSESSED,
	ASSAY_CONTROL_MANUAL
};

struct assay_control_result {
	const struct assay_control *control;	/* borrowed from the profile */
	enum assay_control_status status;
	char *why;		/* not-assessed and manual: why; else NULL */
	size_t *failing;	/* indices into findings that fail it */
	size_t nfailing;
	size_t *bearing;	/* indices of every finding it lists */
	size_t nbearing;
};

enum assay_result {
	ASSAY_RESULT_PASSED = 0,	/* every assessed control passed */
	ASSAY_RESULT_FAILED		/* at least one failed */
};

struct assay_verdict {
	struct assay_control_result *v;	/* in profile order */
	size_t n;
	size_t passed, failed, not_assessed, manual;
	enum assay_result result;
};

/*
 * Judges fs (sorted, severities already set by the profile, waivers
 * marked) against the profile's controls.  A control is not assessed when
 * none of the probes behind its rules ran (disabled or not installed), when
 * one of them failed, or when they examined nothing in the artefact.  run
 * may be NULL (no probe ran).
 */
enum assay_err assay_verdict_compute(const struct assay_profile *p,
    const struct assay_findings *fs, const struct assay_registry *reg,
    const struct assay_run_report *run, struct assay_verdict *out,
    struct assay_error *err);

void assay_verdict_release(struct assay_verdict *v);

const char *assay_control_status_name(enum assay_control_status s);

#endif
