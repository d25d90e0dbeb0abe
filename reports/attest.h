/*
 * The bundle's attestation, shared by the writer (attest.c) and assay
 * verify: how the in-toto statement follows from a bundle's files, and the
 * DSSE primitives (PAE, sign, verify, base64).  The writer derives the
 * statement with assay_attest_statement() and signs it; verify derives it
 * again from the bundle it is given and compares it with the signed one,
 * so that there is one definition of what the statement must say.
 *
 * The statement (in-toto Statement v1, SLSA verification summary v1):
 *   subject           every input artefact: name, sha256, sha512
 *   predicate.verifier.id        "urn:assay:verifier", version {"assay"}
 *   predicate.timeVerified       the scan's end (manifest "finished")
 *   predicate.resourceUri        the first artefact's name, %-encoded
 *   predicate.policy             uri "urn:assay:profile:<id>@<version>"
 *                                ("urn:assay:no-profile" without one),
 *                                digest {"sha256": profile digest}, and
 *                                annotations (ResourceDescriptor's own
 *                                extension map) for what else shaped the
 *                                judgement: "urn:assay:waivers" (the
 *                                manifest's waiver record or null),
 *                                "urn:assay:data" (data snapshots and
 *                                fetched documents with their digests),
 *                                "urn:assay:asOf"
 *   predicate.inputAttestations  [] (assay consumes no attestations)
 *   predicate.verificationResult "PASSED" or "FAILED"
 *   predicate.verifiedLevels     [] when passed, ["FAILED"] when failed:
 *                                assay judges a profile, not a SLSA track,
 *                                and the VSA asks for "FAILED" on failure
 *   predicate["urn:assay:evidence"]  every other file of the bundle (all
 *                                but the attestation files and SHA256SUMS)
 *                                as {"name", "digest": {"sha256"}}, so the
 *                                signature covers the whole bundle; the VSA
 *                                allows extension fields named by URIs
 */
#ifndef ASSAY_ATTEST_H
#define ASSAY_ATTEST_H

#include <stdbool.h>
#include <stddef.h>

#include <jansson.h>
#include <openssl/types.h>

#include "error.h"

#define ASSAY_DSSE_PAYLOAD_TYPE	"application/vnd.in-toto+json"
#define ASSAY_STATEMENT_TYPE	"https://in-toto.io/Statement/v1"
#define ASSAY_VSA_TYPE		"https://slsa.dev/verification_summary/v1"
#define ASSAY_EVIDENCE_KEY	"urn:assay:evidence"

/* Bounds on what verify reads of a bundle it is given. */
#define ASSAY_MANIFEST_MAX	((size_t)64 << 20)
#define ASSAY_DSSE_MAX		((size_t)16 << 20)
#define ASSAY_TSR_MAX		((size_t)1 << 20)

/*
 * Builds the statement for the bundle in dirfd from its parsed manifest
 * and the overall result ("PASSED" or "FAILED"), hashing every regular
 * file of the bundle except the attestation files and SHA256SUMS.  The
 * caller owns *stmtp.  ASSAY_ERR_INVALID when the manifest lacks what the
 * statement needs (it names the field).
 */
enum assay_err assay_attest_statement(int dirfd, json_t *manifest,
    const char *result, json_t **stmtp, struct assay_error *err);

/*
 * DSSE's pre-authentication encoding:
 * "DSSEv1" SP len(type) SP type SP len(body) SP body, into a new buffer
 * the caller frees.
 */
enum assay_err assay_dsse_pae(const char *type, const unsigned char *body,
    size_t n, unsigned char **paep, size_t *lenp, struct assay_error *err);

/*
 * Signs msg (the PAE) with an Ed25519 key (pure Ed25519, deterministic) or
 * an ECDSA P-256 key (SHA-256, DER signature, randomised).  The caller frees
 * *sigp.
 */
enum assay_err assay_dsse_sign(EVP_PKEY *k, const unsigned char *msg,
    size_t n, unsigned char **sigp, size_t *siglenp,
    struct assay_error *err);

/* True when sig is k's signature over msg; leaves no OpenSSL errors. */
bool assay_dsse_verify(EVP_PKEY *k, const unsigned char *msg, size_t n,
    const unsigned char *sig, size_t siglen);

/*
 * Decodes base64 in either alphabet (standard or URL-safe, as DSSE
 * verifiers must accept), padding optional; anything else, whitespace
 * included, is ASSAY_ERR_INVALID.  The caller frees *outp.
 */
enum assay_err assay_b64_decode(const char *s, size_t n,
    unsigned char **outp, size_t *lenp);

#endif
