/*
 * The rules the harness itself emits while unpacking and running probes.
 * They are listed by "assay probes" under the pseudo-probe "harness" and
 * documented in docs/harness-rules.md.
 */
#ifndef ASSAY_HARNESS_RULES_H
#define ASSAY_HARNESS_RULES_H

#include "assay/probe.h"

#define ASSAY_RULE_PATH_ABSOLUTE	"harness.path-absolute"
#define ASSAY_RULE_PATH_TRAVERSAL	"harness.path-traversal"
#define ASSAY_RULE_PATH_THROUGH_LINK	"harness.path-through-symlink"
#define ASSAY_RULE_PATH_INVALID		"harness.path-invalid"
#define ASSAY_RULE_HARDLINK_ESCAPE	"harness.hardlink-escape"
#define ASSAY_RULE_SYMLINK_OUTSIDE	"harness.symlink-outside"
#define ASSAY_RULE_SPECIAL_FILE		"harness.special-file"
#define ASSAY_RULE_SETUID		"harness.setuid"
#define ASSAY_RULE_SETGID		"harness.setgid"
#define ASSAY_RULE_WORLD_WRITABLE	"harness.world-writable"
#define ASSAY_RULE_DUPLICATE		"harness.duplicate-entry"
#define ASSAY_RULE_NAME_ENCODING	"harness.name-not-utf8"
#define ASSAY_RULE_LIMIT		"harness.limit-exceeded"
#define ASSAY_RULE_CORRUPT		"harness.corrupt-archive"
#define ASSAY_RULE_ENCRYPTED		"harness.encrypted-entry"
#define ASSAY_RULE_UNSUPPORTED		"harness.unsupported-archive"
#define ASSAY_RULE_TRAILING		"harness.trailing-data"
#define ASSAY_RULE_UNREADABLE		"harness.unreadable-input"
#define ASSAY_RULE_PROBE_ERROR		"harness.probe-error"

/* The pseudo-probe whose rules these are (its run is NULL). */
extern const struct assay_probe assay_harness_probe;

/* The default severity of a harness rule; INFO for an unknown id. */
enum assay_severity assay_harness_severity(const char *rule);

#endif
