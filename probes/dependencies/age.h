/*
 * Release age from the shipped snapshots.  A snapshot is one JSON file per
 * ecosystem, data/releases/<ecosystem>.json:
 *
 *   {"schema": "assay/releases/v1", "ecosystem": "npm",
 *    "generated": "2026-11-01T00:00:00Z",
 *    "packages": {"<key>": {"latest": "4.17.21",
 *                           "versions": {"4.17.20": "2020-08-13T...Z", ...}}}}
 *
 * The key is the name as the registry knows it: "@scope/name" for npm,
 * "group:artifact" for Maven, the module path for Go, the normalised name
 * for PyPI.  Only versions released by the judgement time count, so that an
 * --as-of scan with a newer snapshot says what was true then.
 */
#ifndef ASSAY_DEPS_AGE_H
#define ASSAY_DEPS_AGE_H

#include <jansson.h>

#include "deps.h"

/* Seconds in a libyear: the mean Gregorian year. */
#define DEP_YEAR_SECONDS	31556952.0

struct dep_snapshots;

/* Empty; snapshots are read on first use of each ecosystem. */
struct dep_snapshots *dep_snapshots_new(struct assay_scan *scan);
void dep_snapshots_free(struct dep_snapshots *s);

/* The registry key of a component in its ecosystem's snapshot. */
int dep_registry_key(const struct dep_component *c, char *buf, size_t len);

/*
 * The package object for c (NULL when the snapshot lacks it or the
 * ecosystem has none).  *generatedp gets the snapshot's date.
 */
json_t *dep_snapshot_package(struct dep_snapshots *s,
    const struct dep_component *c, int64_t *generatedp);

/*
 * Fills c's age fields from a package object (as above) at time now:
 * released, latest and its date, libyear, versions behind.  Leaves c
 * DEP_AGE_UNKNOWN when the package lacks c's version or a date.
 */
int dep_age_from_package(struct dep_component *c, json_t *pkg,
    int64_t now);

#endif
