/*
 * The credentials probe's parts.  credentials.c holds the probe and its
 * rules; each part walks the scan for the files it understands.
 *   accounts.c  shadow, passwd, gshadow; htpasswd, mosquitto, Tomcat ...
 *               (its own files are listed in acct.h)
 *   keys.c      private keys, SSH host keys, PKCS#12 (keyparse.c)
 *   secrets.c   hard-coded passwords and tokens in text and binaries
 *               (textscan.c, tokens.c)
 *   credfile.c  bounded reads and documentation paths, shared by the two
 *   hex.c       lower-case hex for digests in evidence
 */
#ifndef ASSAY_CREDENTIALS_H
#define ASSAY_CREDENTIALS_H

#include "assay/probe.h"

enum assay_err cred_accounts_run(struct assay_scan *scan);
enum assay_err cred_keys_run(struct assay_scan *scan);
enum assay_err cred_secrets_run(struct assay_scan *scan);

/* n bytes at p as lower-case hex into out (2 * n + 1 bytes). */
void cred_hex(const unsigned char *p, size_t n, char *out);

#endif
