/*
 * A plug-in built for a future ABI major (2.0): assay must refuse it before
 * touching anything but its first two members, with a message naming both
 * versions.
 */
#include <stddef.h>

#include "assay/probe.h"

static const struct assay_rule wrongabi_rules[] = {
	{ "wrongabi.never", ASSAY_SEV_INFO, "Never reported" },
	{ NULL, ASSAY_SEV_INFO, NULL }
};

static enum assay_err
wrongabi_run(struct assay_scan *scan)
{
	(void)scan;
	return ASSAY_ERR_INTERNAL;
}

const struct assay_probe assay_probe_plugin = {
	.abi = (2u << 16) | 0u,
	.size = sizeof(struct assay_probe),
	.name = "wrongabi",
	.version = "2.0",
	.summary = "Built for ABI 2.0",
	.rules = wrongabi_rules,
	.run = wrongabi_run,
};
