/*
 * The update probe: how the product updates itself, and whether an
 * attacker on the network could ride that channel.
 */
#include <stddef.h>

#include "assay/probe.h"
#include "builtin.h"
#include "update.h"

static const struct assay_rule rules[] = {
	/* config.c */
	{ "update.unauthenticated-channel", ASSAY_SEV_HIGH,
	    "updates are installed without verifying a signature" },
	{ "update.insecure-transport", ASSAY_SEV_MEDIUM,
	    "updates are fetched over plain HTTP" },
	{ "update.tls-verification-disabled", ASSAY_SEV_HIGH,
	    "TLS certificate verification is switched off" },
	{ "update.weak-verification", ASSAY_SEV_MEDIUM,
	    "update verification is weakened (weak digests, replay, "
	    "downgrade or partial chains accepted)" },
	{ "update.plain-http-signed-repository", ASSAY_SEV_LOW,
	    "a signed package repository is fetched over plain HTTP" },
	{ "update.unsigned-metadata", ASSAY_SEV_LOW,
	    "repository metadata is not signature-checked" },
	{ "update.missing-signing-key", ASSAY_SEV_INFO,
	    "a repository is not pinned to a signing key of its own" },
	{ "update.endpoint", ASSAY_SEV_INFO,
	    "update endpoints named by a file" },
	{ "update.binary-http-endpoint", ASSAY_SEV_LOW,
	    "a binary holds a plain-HTTP update URL" },
	{ "update.endpoint-check", ASSAY_SEV_INFO,
	    "what a live look at an https update endpoint showed" },
	{ "update.endpoint-insecure", ASSAY_SEV_MEDIUM,
	    "an https update endpoint has an invalid certificate or "
	    "redirects to HTTP" },
	{ "update.parse-error", ASSAY_SEV_LOW,
	    "update configuration could not be read as expected" },
	/* tuf.c */
	{ "update.tuf-parse-error", ASSAY_SEV_MEDIUM,
	    "TUF metadata does not parse or lacks a required field" },
	{ "update.tuf-bad-signature", ASSAY_SEV_HIGH,
	    "a TUF signature by an authorised key does not verify" },
	{ "update.tuf-threshold-not-met", ASSAY_SEV_HIGH,
	    "TUF metadata lacks a threshold of valid signatures from "
	    "distinct keys" },
	{ "update.tuf-expired", ASSAY_SEV_MEDIUM,
	    "TUF metadata has expired at the scan time" },
	{ "update.tuf-version-mismatch", ASSAY_SEV_HIGH,
	    "TUF roles disagree on the version of another role" },
	{ "update.tuf-hash-mismatch", ASSAY_SEV_HIGH,
	    "a TUF length or hash does not match the shipped metadata" },
	{ "update.tuf-rotation-broken", ASSAY_SEV_HIGH,
	    "a TUF root is not vouched for by the root before it" },
	{ "update.tuf-unsupported-key", ASSAY_SEV_LOW,
	    "a TUF key cannot be used to verify signatures" },
	{ "update.tuf-keyid-mismatch", ASSAY_SEV_INFO,
	    "a TUF key id is not the SHA-256 of its key" },
	{ "update.tuf-spec-version", ASSAY_SEV_LOW,
	    "TUF metadata declares a specification version other than 1" },
	{ "update.tuf-weak-roles", ASSAY_SEV_LOW,
	    "a TUF root needs one signature or shares keys with online "
	    "roles" },
	{ "update.tuf-weak-target-hash", ASSAY_SEV_LOW,
	    "a TUF target is hashed only with MD5 or SHA-1" },
	{ "update.tuf-no-root", ASSAY_SEV_LOW,
	    "TUF metadata ships without a root to verify it" },
	{ "update.tuf-valid", ASSAY_SEV_INFO,
	    "TUF metadata verifies from the root down" },
	/* bundles.c */
	{ "update.bundle-unsigned", ASSAY_SEV_HIGH,
	    "an update bundle carries no signature" },
	{ "update.bundle-signature-invalid", ASSAY_SEV_HIGH,
	    "an update bundle's signature does not verify" },
	{ "update.bundle-signature-untrusted", ASSAY_SEV_MEDIUM,
	    "an update bundle's signer is not among the trust anchors given" },
	{ "update.bundle-signature-unverified", ASSAY_SEV_LOW,
	    "an update bundle is signed in a way assay could not verify" },
	{ "update.bundle-hash-mismatch", ASSAY_SEV_HIGH,
	    "an update bundle member differs from the digest its signed part "
	    "lists" },
	{ "update.bundle-image-unhashed", ASSAY_SEV_MEDIUM,
	    "an update bundle lists an image without a digest" },
	{ "update.bundle-malformed", ASSAY_SEV_MEDIUM,
	    "an update bundle's structure does not parse" },
	{ "update.bundle-valid", ASSAY_SEV_INFO,
	    "an update bundle's signature and digests verify" },
	{ NULL, ASSAY_SEV_INFO, NULL }
};

static enum assay_err
update_run(struct assay_scan *scan)
{
	enum assay_err r;

	if ((r = update_config_run(scan)) != ASSAY_OK ||
	    (r = update_tuf_run(scan)) != ASSAY_OK)
		return r;
	return update_bundles_run(scan);
}

const struct assay_probe assay_update_probe = {
	.abi = ASSAY_PROBE_ABI, .size = sizeof(struct assay_probe),
	.name = "update", .version = "1.0",
	.summary = "update channels: package managers, OTA agents, "
	    "self-updaters, TUF metadata and update bundles",
	.rules = rules, .run = update_run,
};
