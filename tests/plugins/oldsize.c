/*
 * A plug-in whose struct claims to end before its run member, as a build
 * against a broken or truncated header would: assay must refuse it rather
 * than read past what the plug-in declared.
 */
#include <stddef.h>

#include "assay/probe.h"

static const struct assay_rule oldsize_rules[] = {
	{ "oldsize.never", ASSAY_SEV_INFO, "Never reported" },
	{ NULL, ASSAY_SEV_INFO, NULL }
};

const struct assay_probe assay_probe_plugin = {
	.abi = ASSAY_PROBE_ABI,
	.size = offsetof(struct assay_probe, run),
	.name = "oldsize",
	.version = "1.0",
	.summary = "Declares a struct too small to hold run",
	.rules = oldsize_rules,
	.run = NULL,
};
