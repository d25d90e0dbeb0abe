/*
 * Registry clients: a package's release dates from a registry's public
 * metadata, in the snapshot's package form (age.h):
 *   {"latest": "<version>", "versions": {"<version>": "<RFC 3339>", ...}}
 *
 *   npm     GET <base>/<name>                 packument: "time", "dist-tags"
 *   pypi    GET <base>/pypi/<name>/json       "releases" upload times, "info"
 *   cargo   GET <base>/api/v1/crates/<name>   "versions": num, created_at
 *   golang  GET <base>/<module>/@v/list, then <base>/<module>/@v/<v>.info
 *   maven   GET <base>/solrsearch/select?q=g:"G"+AND+a:"A"&core=gav&...
 *
 * assay ships no registry address: the tester names each (a mirror will
 * do).  Names come from artefacts, so every one is percent-encoded.
 */
#ifndef ASSAY_DEPS_REGISTRY_H
#define ASSAY_DEPS_REGISTRY_H

#include <stdbool.h>
#include <stddef.h>

#include <jansson.h>

#include "assay/err.h"

/* The way bytes are fetched: the scan's or the command line's. */
typedef enum assay_err (*dep_fetch_fn)(void *ctx, const char *url,
    size_t max, unsigned char **datap, size_t *lenp);

/* Whether there is a client for the ecosystem. */
bool dep_registry_supported(const char *ecosystem);

/* Most versions asked about one by one (the Go proxy has no bulk answer). */
#define DEP_REGISTRY_GO_VERSIONS_MAX	64

/*
 * Asks the registry at base (https, no trailing slash needed) about key
 * (the snapshot key: "@scope/name", "group:artifact", module path, name).
 * *pkgp gets a new package object.  Errors: ASSAY_ERR_USAGE (no client),
 * ASSAY_ERR_INVALID (an answer that does not parse), the fetcher's own;
 * why (may be NULL) says what.
 */
enum assay_err dep_registry_releases(const char *ecosystem, const char *base,
    const char *key, dep_fetch_fn fetch, void *ctx, size_t max,
    json_t **pkgp, char *why, size_t whylen);

/* The parsers alone, over one answer (for tests and fuzzing). */
json_t *dep_registry_parse_npm(const char *body, size_t len);
json_t *dep_registry_parse_pypi(const char *body, size_t len);
json_t *dep_registry_parse_cargo(const char *body, size_t len);
json_t *dep_registry_parse_maven(const char *body, size_t len);

#endif
