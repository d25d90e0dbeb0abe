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
