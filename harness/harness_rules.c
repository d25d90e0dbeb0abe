/*
 * The harness's own rules.  Severities reflect what the fact says about a
 * release: an entry that tries to escape the workspace is a sign of a
 * hostile or broken build; a setuid file is a fact a reviewer wants listed.
 */
#include "harness_rules.h"

#include <string.h>

static const struct assay_rule harness_rules[] = {
	{ ASSAY_RULE_PATH_ABSOLUTE, ASSAY_SEV_HIGH,
	  "archive entry has an absolute path" },
	{ ASSAY_RULE_PATH_TRAVERSAL, ASSAY_SEV_HIGH,
	  "archive entry path climbs out with '..'" },
	{ ASSAY_RULE_PATH_THROUGH_LINK, ASSAY_SEV_HIGH,
	  "archive entry would be written through a symlink" },
	{ ASSAY_RULE_PATH_INVALID, ASSAY_SEV_MEDIUM,
	  "archive entry name is empty, too long or cannot be created" },
	{ ASSAY_RULE_HARDLINK_ESCAPE, ASSAY_SEV_HIGH,
	  "hard link points outside its archive or at nothing" },
	{ ASSAY_RULE_SYMLINK_OUTSIDE, ASSAY_SEV_LOW,
	  "symlink target resolves outside the image root" },
	{ ASSAY_RULE_SPECIAL_FILE, ASSAY_SEV_INFO,
	  "device node, fifo or socket recorded, not created" },
	{ ASSAY_RULE_SETUID, ASSAY_SEV_INFO, "file is setuid" },
	{ ASSAY_RULE_SETGID, ASSAY_SEV_INFO, "file is setgid" },
	{ ASSAY_RULE_WORLD_WRITABLE, ASSAY_SEV_MEDIUM,
	  "file or non-sticky directory is world-writable" },
	{ ASSAY_RULE_DUPLICATE, ASSAY_SEV_MEDIUM,
	  "archive holds the same path more than once" },
	{ ASSAY_RULE_NAME_ENCODING, ASSAY_SEV_LOW,
	  "archive entry name is not valid UTF-8" },
	{ ASSAY_RULE_LIMIT, ASSAY_SEV_MEDIUM,
	  "an unpacking limit stopped part of an artefact" },
	{ ASSAY_RULE_CORRUPT, ASSAY_SEV_MEDIUM,
	  "archive is corrupt or truncated" },
	{ ASSAY_RULE_ENCRYPTED, ASSAY_SEV_MEDIUM,
	  "archive entry is encrypted and was not examined" },
	{ ASSAY_RULE_UNSUPPORTED, ASSAY_SEV_LOW,
	  "file looks like an archive but could not be opened" },
	{ ASSAY_RULE_TRAILING, ASSAY_SEV_LOW,
	  "data after the end of a compressed stream was not unpacked" },
	{ ASSAY_RULE_UNREADABLE, ASSAY_SEV_HIGH,
	  "artefact could not be read" },
	{ ASSAY_RULE_PROBE_ERROR, ASSAY_SEV_MEDIUM,
	  "a probe crashed, overran a limit or failed" },
	{ NULL, ASSAY_SEV_INFO, NULL }
};

const struct assay_probe assay_harness_probe = {
	.abi = ASSAY_PROBE_ABI,
	.size = sizeof(struct assay_probe),
	.name = "harness",
	.version = ASSAY_VERSION,
	.summary = "safe unpacking, inventory, limits and probe isolation",
	.rules = harness_rules,
	.run = NULL,
};

enum assay_severity
assay_harness_severity(const char *rule)
{
	const struct assay_rule *r;

	for (r = harness_rules; r->id != NULL; r++)
		if (strcmp(r->id, rule) == 0)
			return r->severity;
	return ASSAY_SEV_INFO;
}
