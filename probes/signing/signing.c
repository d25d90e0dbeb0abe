/*
 * The signing probe: is each release artefact signed, by whom, does the
 * signature verify over exactly these bytes, and is the cryptography
 * acceptable?  (Skeleton: the pairing and the findings are to be written.)
 */
#include <stddef.h>

#include "assay/probe.h"
#include "builtin.h"
#include "sigverify.h"

static const struct assay_rule rules[] = {
	{ "signing.unsigned-artefact", ASSAY_SEV_HIGH,
	    "release artefact carries no signature" },
	{ "signing.invalid-signature", ASSAY_SEV_HIGH,
	    "signature does not verify over the signed bytes" },
	{ NULL, ASSAY_SEV_INFO, NULL }
};

static enum assay_err
signing_run(struct assay_scan *scan)
{
	(void)scan;
	return ASSAY_OK;
}

const struct assay_probe assay_signing_probe = {
	.abi = ASSAY_PROBE_ABI, .size = sizeof(struct assay_probe),
	.name = "signing", .version = "0.1",
	.summary = "release signatures: CMS, OpenPGP, minisign, signify, "
	    "checksum manifests, Authenticode, kernel modules",
	.rules = rules, .run = signing_run,
};
