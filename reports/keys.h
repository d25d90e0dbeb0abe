/*
 * Lab keys: what kind a key is and its id, and loading a public key to
 * verify with.  Generating a pair and loading the private key are in
 * reports.h (assay_keygen, assay_load_sign_key).  assay signs with two kinds
 * only: Ed25519 (deterministic, so a bundle is byte-for-byte reproducible)
 * and ECDSA over P-256 with SHA-256 (randomised signatures).
 */
#ifndef ASSAY_KEYS_H
#define ASSAY_KEYS_H

#include <openssl/types.h>

#include "error.h"

/* "ed25519", "ecdsa-p256", or NULL for any other kind of key. */
const char *assay_key_type(const EVP_PKEY *k);

/*
 * The key's id: lower-case hex SHA-256 of its public half as DER
 * SubjectPublicKeyInfo, the same for the private key and its .pub file.
 */
enum assay_err assay_key_id(const EVP_PKEY *k, char out[65],
    struct assay_error *err);

/*
 * Loads a PEM public key (SubjectPublicKeyInfo) of a kind assay signs
 * with; the caller frees it.  Errors name the file and say what is wrong:
 * not PEM, a private key given instead, an unsupported kind.
 */
enum assay_err assay_load_public_key(const char *path, EVP_PKEY **keyp,
    struct assay_error *err);

#endif
