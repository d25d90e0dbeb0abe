/*
 * Version order per ecosystem: what "newer" means differs between npm's
 * semantic versions, Python's PEP 440, Debian's dpkg rules and RPM's.
 * Every function takes untrusted text and is total: any two strings
 * compare, deterministically, without allocation.
 */
#ifndef ASSAY_DEPS_VERSIONS_H
#define ASSAY_DEPS_VERSIONS_H

#include <stdbool.h>

/* <0, 0, >0 as a is older than, the same as, or newer than b. */
int dep_version_cmp(const char *ecosystem, const char *a, const char *b);

/* A pre-release (alpha, beta, rc, dev, snapshot, "1.0.0-x" in semver). */
bool dep_version_prerelease(const char *ecosystem, const char *v);

/*
 * The first three numeric release components (major, minor, patch), 0 when
 * absent; an epoch and a leading "v" are skipped.
 */
void dep_version_triple(const char *ecosystem, const char *v,
    unsigned long out[3]);

#endif
