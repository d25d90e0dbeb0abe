/*
 * The dependencies probe: every third-party component a release carries,
 * with a package URL, and how old and how far behind each is.
 * (Skeleton: age and judgements are to be written.)
 */
#include <stddef.h>

#include "assay/probe.h"
#include "builtin.h"
#include "deps.h"

static const struct assay_rule rules[] = {
	{ "dependencies.component", ASSAY_SEV_INFO,
	    "third-party component found" },
	{ "dependencies.parse-error", ASSAY_SEV_LOW,
	    "manifest, lock file or SBOM could not be parsed" },
	{ "dependencies.sbom-missing-component", ASSAY_SEV_MEDIUM,
	    "shipped SBOM omits a component assay found" },
	{ NULL, ASSAY_SEV_INFO, NULL }
};

static enum assay_err
dependencies_run(struct assay_scan *scan)
{
	struct dep_list l = DEP_LIST_INIT;
	enum assay_err r;

	r = deps_discover(scan, &l);
	dep_list_release(&l);
	return r;
}

const struct assay_probe assay_dependencies_probe = {
	.abi = ASSAY_PROBE_ABI, .size = sizeof(struct assay_probe),
	.name = "dependencies", .version = "0.1",
	.summary = "third-party components: SBOMs, lock files, package "
	    "databases, binary signatures; release age, libyear, end of life",
	.rules = rules, .run = dependencies_run,
};
