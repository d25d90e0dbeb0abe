/*
 * The evidence bundle: a directory written under a temporary name beside
 * its destination and renamed into place only when complete, and one writer
 * per file in it.  Every writer produces the same bytes for the same scan
 * (sorted keys, stable order, no workspace paths, times from the summary).
 */
#ifndef ASSAY_REPORTS_H
#define ASSAY_REPORTS_H

#include <stdbool.h>
#include <stdint.h>

#include <stdio.h>

#include <openssl/types.h>

#include "error.h"
#include "fetch.h"
#include "findings.h"
#include "inventory.h"
#include "scan_limits.h"
#include "profile.h"
#include "trust.h"
#include "registry.h"
#include "runner.h"
#include "trust.h"
#include "verdict.h"
#include "waivers.h"

/* What the writers need to know about a finished scan.  Nothing is owned. */
struct assay_scan_summary {
	const struct assay_inventory *inv;
	const struct assay_findings *findings;	/* already sorted */
	const struct assay_registry *reg;
	const struct assay_run_report *run;	/* NULL: no probe ran */
	const struct assay_limits *limits;
	int argc;
	char *const *argv;	/* the command line as given */
	int64_t started;	/* Unix seconds; SOURCE_DATE_EPOCH when set */
	int64_t finished;
	bool online;
	bool incomplete;	/* something could not be fully examined */
	const char *tester;	/* NULL when not given */
	const char *lab;
	const struct assay_profile *profile;	/* NULL only in tests */
	const struct assay_verdict *verdict;	/* NULL only in tests */
	const struct assay_waivers *waivers;	/* NULL: none given */
	int64_t as_of;		/* the moment time-dependent judgements used */
	bool as_of_given;	/* --as-of was given */
	EVP_PKEY *sign_key;	/* lab key for the DSSE envelope; NULL: unsigned */
	const char *tsa_url;	/* RFC 3161 authority; NULL: none */
	const struct assay_fetch_opts *fetch;	/* for the TSA request */
	const struct assay_trust_set *trust;	/* --trust files; NULL: none */
};

struct assay_bundle;

/*
 * Starts a bundle destined for outdir: creates a fresh directory beside it
 * (same parent, so the final rename is atomic); the parent is created if
 * missing.  An existing outdir that is not an assay bundle is refused.
 */
enum assay_err assay_bundle_open(const char *outdir, struct assay_bundle **bp,
    struct assay_error *err);

/* The temporary directory's fd, for the writers. */
int assay_bundle_dirfd(const struct assay_bundle *b);

/*
 * Syncs every file and moves the bundle into place, atomically replacing an
 * earlier bundle at outdir.  Frees b whatever happens.
 */
enum assay_err assay_bundle_commit(struct assay_bundle *b,
    struct assay_error *err);

/* Removes the temporary directory and frees b.  NULL-safe. */
void assay_bundle_abort(struct assay_bundle *b);

/* Each writes one file into dirfd. */
enum assay_err assay_write_manifest(int dirfd,
    const struct assay_scan_summary *s, struct assay_error *err);
enum assay_err assay_write_inventory(int dirfd,
    const struct assay_scan_summary *s, struct assay_error *err);
enum assay_err assay_write_coverage(int dirfd,
    const struct assay_scan_summary *s, struct assay_error *err);
enum assay_err assay_write_findings(int dirfd,
    const struct assay_scan_summary *s, struct assay_error *err);

/* verdict.json: per control status, why, the findings behind it. */
enum assay_err assay_write_verdict(int dirfd,
    const struct assay_scan_summary *s, struct assay_error *err);
/* report.html: one self-contained printable page. */
enum assay_err assay_write_html(int dirfd,
    const struct assay_scan_summary *s, struct assay_error *err);
/* summary.md: the verdict in a few lines for terminals and CI logs. */
enum assay_err assay_write_summary_md(int dirfd,
    const struct assay_scan_summary *s, struct assay_error *err);
/* results.sarif: SARIF 2.1.0, one run. */
enum assay_err assay_write_sarif(int dirfd,
    const struct assay_scan_summary *s, struct assay_error *err);
/* junit.xml: a test case per control. */
enum assay_err assay_write_junit(int dirfd,
    const struct assay_scan_summary *s, struct assay_error *err);
/* sbom.cdx.json: CycloneDX 1.6 of the components probes found. */
enum assay_err assay_write_sbom(int dirfd,
    const struct assay_scan_summary *s, struct assay_error *err);
/*
 * attestation.dsse.json: an in-toto Statement v1 with the SLSA verification
 * summary predicate, in a DSSE envelope signed with s->sign_key (unsigned
 * when NULL); with s->tsa_url, an RFC 3161 token over the signature is
 * stored beside it (attestation.tsr).  Reads manifest.json from dirfd.
 */
enum assay_err assay_write_attestation(int dirfd,
    const struct assay_scan_summary *s, struct assay_error *err);
/* SHA256SUMS over every other file of the bundle; written last. */
enum assay_err assay_write_sha256sums(int dirfd, struct assay_error *err);

/*
 * assay verify: checks every SHA256SUMS line, the DSSE signature (against
 * trust, a PEM public key, when given), that the statement matches the
 * manifest, and the timestamp token if present.  Prints one line per check
 * to out; *okp is true only when every check held.
 */
enum assay_err assay_verify_bundle(const char *dir, const char *trust,
    FILE *out, bool *okp, struct assay_error *err);

/*
 * assay diff: findings new, fixed and unchanged between two bundles
 * (matched by rule, path and evidence, not line) and controls whose verdict
 * changed; text or JSON to out.  *changedp tells whether anything differs.
 */
enum assay_err assay_diff_bundles(const char *old_dir, const char *new_dir,
    bool json, FILE *out, bool *changedp, struct assay_error *err);

/*
 * assay keygen: a lab key pair, "ed25519" or "p256", as PEM files
 * <prefix>.key (mode 0600) and <prefix>.pub.
 */
enum assay_err assay_keygen(const char *type, const char *prefix,
    struct assay_error *err);

/* Loads a PEM private key (Ed25519 or ECDSA P-256); caller frees. */
enum assay_err assay_load_sign_key(const char *path, EVP_PKEY **keyp,
    struct assay_error *err);

/* RFC 3339 UTC ("2026-11-29T14:00:00Z") of t into out (21 bytes). */
void assay_format_time(int64_t t, char out[21]);

#endif
