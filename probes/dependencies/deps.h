/*
 * The dependencies probe's shared model: the components a release carries.
 *
 * Discovery (discover_*.c, one file per source kind) fills a dep_list from
 * SBOMs, lock files, manifests, package databases and binary signatures.
 * Age (age.c, versions.c, eol.c) annotates each component from the shipped
 * release-date snapshots and end-of-life table.  dependencies.c runs both
 * and reports: one dependencies.component finding per component (its
 * evidence is what the bundle's SBOM is built from) and the judgements.
 */
#ifndef ASSAY_DEPS_H
#define ASSAY_DEPS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "assay/probe.h"

/* How a component was found. */
enum dep_method {
	DEP_SBOM = 0,		/* listed in a shipped SBOM */
	DEP_LOCKFILE,		/* package-lock.json, Cargo.lock, ... */
	DEP_MANIFEST,		/* package.json, METADATA, pom.properties */
	DEP_PACKAGE_DB,		/* dpkg status, apk installed, opkg, rpm */
	DEP_BINARY		/* embedded build info or version signature */
};

/* Where age comes from: unknown is a stated value, never zero. */
enum dep_age_state {
	DEP_AGE_UNKNOWN = 0,	/* no snapshot entry for this version */
	DEP_AGE_KNOWN
};

struct dep_component {
	char *ecosystem;	/* purl type: npm, pypi, cargo, golang, maven,
				   nuget, composer, gem, deb, apk, opkg, rpm,
				   generic (binary signatures) */
	char *namespace_;	/* purl namespace (npm scope, maven group,
				   deb/apk distro), or NULL */
	char *name;
	char *version;
	char *purl;		/* built by dep_list_add */
	char *product;		/* end-of-life product id ("openssl"), or NULL */
	enum dep_method method;
	const struct assay_entry *entry;	/* the file it was found in */
	unsigned long line;	/* 1-based line in it, 0 when none */
	char *source;		/* what exactly: "package-lock.json v3",
				   "dpkg status", "signature openssl.json" */

	/* Filled in by age.c. */
	enum dep_age_state age;
	int64_t released;	/* this version's release date (Unix s), 0 */
	char *latest;		/* latest version known, or NULL */
	int64_t latest_released;
	double libyear;		/* years between the two; valid when KNOWN */
	unsigned behind_major, behind_minor, behind_patch;
	unsigned releases_behind;	/* versions published since this one */
	int eol;		/* 1 end of life, 0 supported, -1 unknown */
	const char *age_why;	/* why the age is unknown (static text) */
	char *eol_cycle;	/* the release cycle matched, or NULL */
	int64_t eol_date;	/* 0 when none or unknown */

	/* Added by discovery after the fields above. */
	char *qualifiers;	/* canonical purl qualifiers ("arch=amd64&
				   distro=debian-12"), or NULL */
};

struct dep_list {
	struct dep_component *v;
	size_t n, cap;
};

#define DEP_LIST_INIT { NULL, 0, 0 }

/*
 * Appends a component (strings are copied; namespace_, product and source
 * may be NULL) and builds its purl.  Returns the new component or NULL when
 * out of memory or when name/version are empty or not UTF-8.
 */
struct dep_component *dep_list_add(struct dep_list *l, const char *ecosystem,
    const char *namespace_, const char *name, const char *version,
    enum dep_method method, const struct assay_entry *entry,
    unsigned long line, const char *source);

/*
 * Adds the purl qualifier key=value (key lower-case ASCII; an empty value
 * is no qualifier), keeps them sorted and rebuilds c->purl.  0; 1 when the
 * key or value is refused (not UTF-8 text, or a value with '&'), and c is
 * left as it was; -1 when out of memory.
 */
int dep_add_qualifier(struct dep_component *c, const char *key,
    const char *value);

/*
 * Builds a canonical purl into a new string the caller frees (NULL when
 * out of memory or a part is not UTF-8): type-specific normalisation, each
 * namespace segment, name, version and qualifier value percent-encoded.
 */
char *dep_purl_build(const char *type, const char *namespace_,
    const char *name, const char *version, const char *qualifiers);

/* Sets c->product (copied).  0 or -1 (memory). */
int dep_set_product(struct dep_component *c, const char *product);

void dep_list_release(struct dep_list *l);

/* Name of a method for evidence ("sbom", "lockfile", ...). */
const char *dep_method_name(enum dep_method m);

/*
 * A parse error in a manifest or lock file: reports
 * dependencies.parse-error naming the file and line; the scan goes on.
 */
enum assay_err dep_parse_error(struct assay_scan *scan,
    const struct assay_entry *e, unsigned long line, const char *what);

/* ---- discovery --------------------------------------------------------- */

/*
 * Every source kind in turn, in a fixed order (SBOMs, npm, Python, Rust,
 * Java, .NET, PHP, Ruby, package databases, binaries); within a source,
 * inventory order, then file order; duplicates within one file dropped.
 * Reports dependencies.parse-error for each malformed file and goes on.
 * Components are appended to l, which the caller releases.
 */
enum assay_err deps_discover(struct assay_scan *scan, struct dep_list *l);

/* SBOMs found in the artefact, for the omission check. */
struct dep_sbom {
	const struct assay_entry *entry;
	char *format;		/* "CycloneDX 1.5", "SPDX 2.3" */
	struct dep_list listed;	/* what it lists */
};

struct dep_sboms {
	struct dep_sbom *v;
	size_t n;
};

/*
 * Reads every shipped SBOM (discover_sbom.c): CycloneDX JSON and SPDX 2.x
 * JSON, recognised by content.  A malformed one is left out; its parse
 * error is reported by deps_discover(), not here, so that it is reported
 * once.  Release s with dep_sboms_release() even on failure.
 */
enum assay_err deps_read_sboms(struct assay_scan *scan, struct dep_sboms *s);
void dep_sboms_release(struct dep_sboms *s);

/*
 * Reports dependencies.sbom-missing-component for each component of found
 * (other than those found only in SBOMs) that an SBOM of s omits: matched
 * by purl without qualifiers, then by ecosystem, name and version.  One
 * finding per SBOM and omitted purl.
 */
enum assay_err deps_check_sbom_omissions(struct assay_scan *scan,
    const struct dep_list *found, const struct dep_sboms *s);

#endif
