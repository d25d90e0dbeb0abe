/*
 * TUF keys (tufkeys.h).  A key's bytes come from hostile metadata: each is
 * decoded by OpenSSL, and its type must match the scheme it claims, so an
 * RSA key cannot stand in for an ECDSA one.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/bio.h>
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>

#include "cjson.h"
#include "tufkeys.h"

/* A PEM public key larger than this is not one TUF would list. */
#define PEM_MAX		16384

bool
tuf_sha256_hex(const void *p, size_t n, char out[65])
{
	static const char digits[] = "0123456789abcdef";
	unsigned char md[32];
	unsigned mdlen = 0;
	size_t i;

	if (EVP_Digest(p, n, md, &mdlen, EVP_sha256(), NULL) != 1 ||
	    mdlen != sizeof(md))
		return false;
	for (i = 0; i < sizeof(md); i++) {
		out[2 * i] = digits[md[i] >> 4];
		out[2 * i + 1] = digits[md[i] & 15];
	}
	out[64] = '\0';
	return true;
}

static EVP_PKEY *
ed25519_from_hex(const char *hex, char *why, size_t whylen)
{
	unsigned char raw[32];
	size_t len = 0;
	EVP_PKEY *k;

	if (strlen(hex) != 64 ||
	    OPENSSL_hexstr2buf_ex(raw, sizeof(raw), &len, hex, '\0') != 1 ||
	    len != sizeof(raw)) {
		snprintf(why, whylen, "ed25519 public key is not 64 hex digits");
		return NULL;
	}
	if ((k = EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, NULL, raw,
	    sizeof(raw))) == NULL)
		snprintf(why, whylen, "ed25519 public key does not decode");
	return k;
}

static EVP_PKEY *
from_pem(const char *pem, char *why, size_t whylen)
{
	EVP_PKEY *k = NULL;
	size_t n = strlen(pem);
	BIO *bio;

	if (n > PEM_MAX || strstr(pem, "-----BEGIN PUBLIC KEY-----") == NULL) {
		snprintf(why, whylen, "public key is not a PEM "
		    "SubjectPublicKeyInfo");
		return NULL;
	}
	if ((bio = BIO_new_mem_buf(pem, (int)n)) != NULL)
		k = PEM_read_bio_PUBKEY(bio, NULL, NULL, NULL);
	BIO_free(bio);
	if (k == NULL) {
		snprintf(why, whylen, "PEM public key does not decode");
		ERR_clear_error();
	}
	return k;
}

static bool
is_p256(EVP_PKEY *k)
{
	char group[64];
	size_t glen = 0;

	return EVP_PKEY_get_base_id(k) == EVP_PKEY_EC &&
	    EVP_PKEY_get_utf8_string_param(k, OSSL_PKEY_PARAM_GROUP_NAME,
	    group, sizeof(group), &glen) == 1 &&
	    strcmp(group, "prime256v1") == 0;
}

/* Decodes keyval.public according to scheme; NULL with why otherwise. */
static EVP_PKEY *
decode_key(const char *keytype, const char *scheme, const char *pub,
    char *why, size_t whylen)
{
	EVP_PKEY *k;
	int id;

	if (strcmp(scheme, "ed25519") == 0) {
		if (strcmp(keytype, "ed25519") != 0)
			goto mismatch;
		return ed25519_from_hex(pub, why, whylen);
	}
	if (strcmp(scheme, "ecdsa-sha2-nistp256") == 0) {
		/* python-tuf once wrote the scheme as the keytype too. */
		if (strcmp(keytype, "ecdsa") != 0 &&
		    strcmp(keytype, "ecdsa-sha2-nistp256") != 0)
			goto mismatch;
		if ((k = from_pem(pub, why, whylen)) != NULL && !is_p256(k)) {
			snprintf(why, whylen, "key is not on curve P-256");
			EVP_PKEY_free(k);
			k = NULL;
		}
		return k;
	}
	if (strcmp(scheme, "rsassa-pss-sha256") == 0) {
		if (strcmp(keytype, "rsa") != 0)
			goto mismatch;
		if ((k = from_pem(pub, why, whylen)) == NULL)
			return NULL;
		id = EVP_PKEY_get_base_id(k);
		if (id != EVP_PKEY_RSA && id != EVP_PKEY_RSA_PSS) {
			snprintf(why, whylen, "key is not an RSA key");
			EVP_PKEY_free(k);
			k = NULL;
		}
		return k;
	}
	snprintf(why, whylen, "unsupported scheme \"%.40s\"", scheme);
	return NULL;
 mismatch:
	snprintf(why, whylen, "keytype \"%.40s\" does not match scheme "
	    "\"%.40s\"", keytype, scheme);
	return NULL;
}

static void
load_key(struct tuf_key *k, const char *keyid, const json_t *obj)
{
	struct assay_buf canon = ASSAY_BUF_INIT(PEM_MAX * 2);
	unsigned char *der = NULL;
	const char *keytype, *pub;
	int derlen;

	memset(k, 0, sizeof(*k));
	k->keyid = keyid;
	k->scheme = json_string_value(json_object_get(obj, "scheme"));
	if (cjson_encode(obj, &canon, NULL) != ASSAY_OK ||
	    !tuf_sha256_hex(canon.data, canon.len, k->computed_id))
		k->computed_id[0] = '\0';
	assay_buf_release(&canon);
	keytype = json_string_value(json_object_get(obj, "keytype"));
	pub = json_string_value(json_object_get(json_object_get(obj,
	    "keyval"), "public"));
	if (keytype == NULL || k->scheme == NULL || pub == NULL) {
		snprintf(k->why, sizeof(k->why), "key lacks keytype, scheme "
		    "or keyval.public");
		return;
	}
	if ((k->pkey = decode_key(keytype, k->scheme, pub, k->why,
	    sizeof(k->why))) == NULL)
		return;
	k->bits = (unsigned)EVP_PKEY_get_bits(k->pkey);
	if ((derlen = i2d_PUBKEY(k->pkey, &der)) <= 0 ||
	    !tuf_sha256_hex(der, (size_t)derlen, k->fpr)) {
		snprintf(k->why, sizeof(k->why), "public key does not encode");
		EVP_PKEY_free(k->pkey);
		k->pkey = NULL;
	}
	OPENSSL_free(der);
}

int
tuf_keyset_load(struct tuf_keyset *ks, const json_t *map, char *why,
    size_t whylen)
{
	const char *keyid;
	json_t *obj;
	size_t n;

	memset(ks, 0, sizeof(*ks));
	if (!json_is_object(map)) {
		snprintf(why, whylen, "keys is not an object");
		return -1;
	}
	if ((n = json_object_size(map)) > TUF_MAX_KEYS) {
		snprintf(why, whylen, "keys lists %zu keys, more than %d", n,
		    TUF_MAX_KEYS);
		return -1;
	}
	json_object_foreach((json_t *)(uintptr_t)map, keyid, obj) {
		if (!json_is_object(obj)) {
			snprintf(why, whylen, "key %.64s is not an object",
			    keyid);
			tuf_keyset_release(ks);
			return -1;
		}
	}
	if (n == 0)
		return 0;
	if ((ks->keys = calloc(n, sizeof(*ks->keys))) == NULL) {
		snprintf(why, whylen, "out of memory");
		return -1;
	}
	json_object_foreach((json_t *)(uintptr_t)map, keyid, obj) {
		if (ks->n < n)
			load_key(&ks->keys[ks->n++], keyid, obj);
	}
	return 0;
}

void
tuf_keyset_release(struct tuf_keyset *ks)
{
	size_t i;

	if (ks == NULL)
		return;
	for (i = 0; i < ks->n; i++)
		EVP_PKEY_free(ks->keys[i].pkey);
	free(ks->keys);
	memset(ks, 0, sizeof(*ks));
}

const struct tuf_key *
tuf_keyset_find(const struct tuf_keyset *ks, const char *keyid)
{
	size_t i;

	for (i = 0; i < ks->n; i++)
		if (strcmp(ks->keys[i].keyid, keyid) == 0)
			return &ks->keys[i];
	return NULL;
}

bool
tuf_key_verify(const struct tuf_key *k, const unsigned char *msg,
    size_t len, const unsigned char *sig, size_t siglen)
{
	EVP_PKEY_CTX *pctx = NULL;
	const EVP_MD *md = NULL;
	EVP_MD_CTX *ctx;
	bool ok = false;
	int id;

	if (k->pkey == NULL || (ctx = EVP_MD_CTX_new()) == NULL)
		return false;
	id = EVP_PKEY_get_base_id(k->pkey);
	if (id != EVP_PKEY_ED25519)
		md = EVP_sha256();
	if (EVP_DigestVerifyInit(ctx, &pctx, md, NULL, k->pkey) != 1)
		goto out;
	/* securesystemslib signs with a 32-byte salt; accept any. */
	if ((id == EVP_PKEY_RSA || id == EVP_PKEY_RSA_PSS) &&
	    (EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PSS_PADDING) != 1 ||
	    EVP_PKEY_CTX_set_rsa_mgf1_md(pctx, EVP_sha256()) != 1 ||
	    EVP_PKEY_CTX_set_rsa_pss_saltlen(pctx, RSA_PSS_SALTLEN_AUTO) != 1))
		goto out;
	ok = EVP_DigestVerify(ctx, sig, siglen, msg, len) == 1;
 out:
	EVP_MD_CTX_free(ctx);
	ERR_clear_error();
	return ok;
}
