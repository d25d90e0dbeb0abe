/*
 * TUF public keys: a role's keys map ("keys" in root.json or in a
 * delegation) parsed into OpenSSL keys, their ids, and signature checks
 * for the three schemes the specification names.
 */
#ifndef ASSAY_UPDATE_TUFKEYS_H
#define ASSAY_UPDATE_TUFKEYS_H

#include <stdbool.h>
#include <stddef.h>

#include <jansson.h>
#include <openssl/evp.h>

/* Most keys one keys map may hold; a larger map is refused. */
#define TUF_MAX_KEYS	1024

struct tuf_key {
	const char *keyid;	/* as the keys map names it (borrowed) */
	const char *scheme;	/* as written (borrowed); NULL when absent */
	char computed_id[65];	/* hex SHA-256 of the canonical key object */
	char fpr[65];		/* hex SHA-256 of the DER public key: the
				   key's identity whatever its keyid */
	EVP_PKEY *pkey;		/* NULL when the key is not usable */
	char why[160];		/* why pkey is NULL */
	unsigned bits;
};

struct tuf_keyset {
	struct tuf_key *keys;
	size_t n;
};

/*
 * Parses a keys map.  Strings are borrowed from map, which must outlive
 * ks.  A key that cannot be used (unknown scheme, bad encoding) is kept
 * with pkey NULL and its reason.  Returns 0, or -1 with why when map is
 * not an object of objects or is too large; ks is then empty.
 */
int tuf_keyset_load(struct tuf_keyset *ks, const json_t *map, char *why,
    size_t whylen);
void tuf_keyset_release(struct tuf_keyset *ks);

/* The key the map names keyid; NULL when none. */
const struct tuf_key *tuf_keyset_find(const struct tuf_keyset *ks,
    const char *keyid);

/*
 * Checks sig over msg with k's scheme: Ed25519; ECDSA P-256 with SHA-256
 * (DER signature); RSASSA-PSS with SHA-256 and MGF1-SHA-256, any salt
 * length.  True only when it verifies.
 */
bool tuf_key_verify(const struct tuf_key *k, const unsigned char *msg,
    size_t len, const unsigned char *sig, size_t siglen);

/* Hex SHA-256 of n bytes into out[65]; false on an OpenSSL failure. */
bool tuf_sha256_hex(const void *p, size_t n, char out[65]);

#endif
