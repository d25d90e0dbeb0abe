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
	/* bundles.c */
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
	.name = "update", .version = "0.1",
	.summary = "update channels: package managers, OTA agents, "
	    "self-updaters, TUF metadata and update bundles",
	.rules = rules, .run = update_run,
};
