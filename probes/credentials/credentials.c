/*
 * The credentials probe: every way a release lets someone in with a secret
 * its vendor chose.
 */
#include <stddef.h>

#include "assay/probe.h"
#include "builtin.h"
#include "credentials.h"

static const struct assay_rule rules[] = {
	/* accounts.c */
	{ "credentials.default-password", ASSAY_SEV_CRITICAL,
	    "account password is a known vendor default" },
	{ "credentials.empty-password", ASSAY_SEV_CRITICAL,
	    "account can log in with an empty password" },
	{ "credentials.hash-in-passwd", ASSAY_SEV_HIGH,
	    "password hash left in the world-readable passwd file" },
	{ "credentials.uid0-account", ASSAY_SEV_HIGH,
	    "account other than root has uid 0" },
	{ "credentials.group-password", ASSAY_SEV_MEDIUM,
	    "group has a password in gshadow" },
	{ "credentials.plaintext-password", ASSAY_SEV_HIGH,
	    "service password stored in clear" },
	{ "credentials.weak-password-hash", ASSAY_SEV_MEDIUM,
	    "password stored with a weak hash scheme" },
	{ "credentials.unchecked-password-hash", ASSAY_SEV_LOW,
	    "password hash not fully checked against the default list" },
	{ "credentials.malformed-password-hash", ASSAY_SEV_LOW,
	    "password field holds a malformed hash" },
	{ "credentials.malformed-entry", ASSAY_SEV_INFO,
	    "malformed line in an account or password file" },
	/* keys.c */
	{ "credentials.private-key", ASSAY_SEV_HIGH,
	    "private key shipped in the release" },
	{ "credentials.encrypted-private-key", ASSAY_SEV_LOW,
	    "passphrase-protected private key shipped in the release" },
	{ "credentials.ssh-host-key", ASSAY_SEV_HIGH,
	    "ssh host key shipped in the image, shared by every device" },
	{ "credentials.known-compromised-key", ASSAY_SEV_CRITICAL,
	    "private key whose private half is publicly known" },
	{ "credentials.sample-private-key", ASSAY_SEV_LOW,
	    "private key in documentation or test fixtures" },
	{ "credentials.malformed-key", ASSAY_SEV_LOW,
	    "private-key armour or container that does not parse" },
	/* secrets.c */
	{ "credentials.hardcoded-secret", ASSAY_SEV_HIGH,
	    "hard-coded password or token" },
	{ "credentials.service-token", ASSAY_SEV_HIGH,
	    "access token of a known service format" },
	{ "credentials.jwt", ASSAY_SEV_MEDIUM,
	    "json web token embedded in a file" },
	{ "credentials.cloud-key-pair", ASSAY_SEV_CRITICAL,
	    "cloud access key id with its secret key" },
	{ "credentials.cloud-key-id", ASSAY_SEV_MEDIUM,
	    "cloud access key id without its secret nearby" },
	{ "credentials.secret-in-documentation", ASSAY_SEV_LOW,
	    "secret or token in documentation or test fixtures" },
	{ "credentials.file-too-large", ASSAY_SEV_INFO,
	    "file larger than max_file_bytes, only its head searched" },
	{ NULL, ASSAY_SEV_INFO, NULL }
};

static enum assay_err
credentials_run(struct assay_scan *scan)
{
	enum assay_err r;

	if ((r = cred_accounts_run(scan)) != ASSAY_OK ||
	    (r = cred_keys_run(scan)) != ASSAY_OK)
		return r;
	return cred_secrets_run(scan);
}

const struct assay_probe assay_credentials_probe = {
	.abi = ASSAY_PROBE_ABI, .size = sizeof(struct assay_probe),
	.name = "credentials", .version = "1.0",
	.summary = "default and hard-coded credentials: account databases, "
	    "service password files, private keys, secrets and tokens",
	.rules = rules, .run = credentials_run,
};
