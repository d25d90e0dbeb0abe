/*
 * Key material in a buffer of hostile bytes: PEM blocks anywhere in it
 * (private keys of every kind, certificates, public keys), OpenSSH private
 * keys (the openssh-key-v1 envelope, parsed here with bounds checks), PuTTY
 * .ppk files, OpenSSH public-key lines, and whole-buffer DER (PKCS#12,
 * private keys, certificates).  Every key with a readable public half is
 * rebuilt as an OpenSSL key so that the same key has the same fingerprints
 * whichever container it came in.
 */
#ifndef ASSAY_CRED_KEYPARSE_H
#define ASSAY_CRED_KEYPARSE_H

#include <stdbool.h>
#include <stddef.h>

/* What a piece of key material is. */
enum cred_key_role {
	CRED_KEY_PRIVATE,	/* a private key, readable as it stands */
	CRED_KEY_ENCRYPTED,	/* a private key under a passphrase */
	CRED_KEY_PUBLIC,	/* a certificate or public key (for pairing) */
	CRED_KEY_MALFORMED	/* armour or magic of a private key, unreadable */
};

struct cred_key {
	enum cred_key_role role;
	const char *format;	/* static: "pkcs1", "pkcs8", "sec1", "openssh",
				   "putty-v3", "pkcs12", "certificate" ... */
	char type[16];		/* "rsa", "ec", "ed25519", "dsa" ...; "" unknown */
	char curve[24];		/* EC group name, else "" */
	char cipher[32];	/* what protects an encrypted key, else "" */
	char subject[160];	/* certificate subject, else "" */
	char reason[96];	/* why a block is malformed, else "" */
	unsigned bits;		/* key size; 0 unknown */
	bool has_public;	/* the fingerprints below are set */
	char spki_sha256[65];	/* hex SHA-256 of the SubjectPublicKeyInfo DER */
	char ssh_sha256[56];	/* "SHA256:" + unpadded base64, as ssh-keygen */
	unsigned long line;	/* 1-based line where it starts; 0 for DER */
};

/*
 * Called for each piece of key material found, in buffer order.  A non-zero
 * return stops the walk.
 */
typedef int (*cred_key_fn)(void *arg, const struct cred_key *k);

/*
 * Walks p[0..n) for key material.  pubkey_lines also reads OpenSSH public
 * key lines ("ssh-ed25519 AAAA... comment"), as in .pub and
 * authorized_keys files.  At most max_items are reported.  Returns the
 * callback's non-zero value, or 0.
 */
int cred_keys_parse(const unsigned char *p, size_t n, bool pubkey_lines,
    size_t max_items, cred_key_fn fn, void *arg);

/*
 * Quick test: may p[0..n) hold key material at all?  False means that
 * cred_keys_parse() would report nothing, so callers can skip it.
 */
bool cred_keys_maybe(const unsigned char *p, size_t n, bool pubkey_lines);

#endif
