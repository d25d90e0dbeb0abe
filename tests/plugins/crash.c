/*
 * A probe that reports one finding and then dies of SIGSEGV: the finding
 * must survive, the scan must go on, and the crash must become a
 * harness.probe-error finding.
 */
#include <signal.h>
#include <stddef.h>

#include "assay/probe.h"

static const struct assay_rule crash_rules[] = {
	{ "crash.before", ASSAY_SEV_LOW, "Reported before the crash" },
	{ NULL, ASSAY_SEV_INFO, NULL }
};

static enum assay_err
crash_run(struct assay_scan *scan)
{
	struct assay_finding f = { "crash.before", NULL, 0, NULL };
	enum assay_err r;

	r = assay_scan_report(scan, &f, "about to crash");
	if (r != ASSAY_OK)
		return r;
	/* raise() rather than a NULL dereference, which a compiler may
	 * remove as undefined behaviour. */
	raise(SIGSEGV);
	return ASSAY_ERR_INTERNAL;
}

const struct assay_probe assay_probe_plugin = {
	.abi = ASSAY_PROBE_ABI,
	.size = sizeof(struct assay_probe),
	.name = "crash",
	.version = "1.0",
	.summary = "Crashes after one finding",
	.rules = crash_rules,
	.run = crash_run,
};
