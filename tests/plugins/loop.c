/*
 * A probe that never ends on its own: the CPU-time limit (or the wall-time
 * limit) must stop it and the scan must go on.
 */
#include <stddef.h>

#include "assay/probe.h"

static const struct assay_rule loop_rules[] = {
	{ "loop.never", ASSAY_SEV_INFO, "Never reported" },
	{ NULL, ASSAY_SEV_INFO, NULL }
};

static volatile int forever = 1;

static enum assay_err
loop_run(struct assay_scan *scan)
{
	volatile unsigned long spins = 0;

	(void)scan;
	/* volatile: an endless loop without side effects may be removed. */
	while (forever)
		spins++;
	return ASSAY_OK;
}

const struct assay_probe assay_probe_plugin = {
	.abi = ASSAY_PROBE_ABI,
	.size = sizeof(struct assay_probe),
	.name = "loop",
	.version = "1.0",
	.summary = "Spins until stopped",
	.rules = loop_rules,
	.run = loop_run,
};
