/*
 * Bare signatures made with a public key the tester gave (sigverify.h):
 * RSA PKCS#1 v1.5 and PSS, ECDSA (DER or r||s), Ed25519 (64 bytes).  A bare
 * signature names neither its key nor its digest, so each key among t->raw
 * is tried in turn with SHA-256, SHA-384 and SHA-512.  For RSA one public
 * operation recovers the encoded message, which says whether it is PKCS#1
 * v1.5 (and with which digest) or PSS, so the digest need not be guessed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/objects.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>

#include "sigverify.h"

#define NMDS	3

/* Digests of the signed bytes, each computed once, when first needed. */
struct digests {
	const struct sig_data *d;
	unsigned char v[NMDS][EVP_MAX_MD_SIZE];
	unsigned len[NMDS];
	bool done[NMDS];
	bool failed;
};

static const int md_nids[NMDS] = { NID_sha256, NID_sha384, NID_sha512 };

static const unsigned char *
digest_of(struct digests *ds, int i)
{
	if (!ds->done[i]) {
		if (sig_data_digest(ds->d, EVP_get_digestbynid(md_nids[i]),
		    ds->v[i], &ds->len[i]) == -1) {
			ds->failed = true;
			return NULL;
		}
		ds->done[i] = true;
	}
	return ds->v[i];
}

/* Verifies sig over dgst (made with md) with key, padding for RSA. */
static bool
verify_digest(EVP_PKEY *key, int padding, const EVP_MD *md,
    const unsigned char *sig, size_t siglen, const unsigned char *dgst,
    size_t dlen)
{
	EVP_PKEY_CTX *ctx;
	bool ok = false;

	if ((ctx = EVP_PKEY_CTX_new(key, NULL)) == NULL)
		return false;
	if (EVP_PKEY_verify_init(ctx) != 1 ||
	    EVP_PKEY_CTX_set_signature_md(ctx, md) != 1)
		goto out;
	if (padding != 0) {
		if (EVP_PKEY_CTX_set_rsa_padding(ctx, padding) != 1)
			goto out;
		if (padding == RSA_PKCS1_PSS_PADDING &&
		    EVP_PKEY_CTX_set_rsa_pss_saltlen(ctx,
		    RSA_PSS_SALTLEN_AUTO) != 1)
			goto out;
	}
	ok = EVP_PKEY_verify(ctx, sig, siglen, dgst, dlen) == 1;
 out:
	EVP_PKEY_CTX_free(ctx);
	return ok;
}

/*
 * The RSA public operation without padding: em gets the encoded message
 * (modulus bytes).  False when sig cannot be this key's signature.
 */
static bool
rsa_recover(EVP_PKEY *key, const unsigned char *sig, size_t siglen,
    unsigned char *em, size_t *emlen)
{
	EVP_PKEY_CTX *ctx;
	bool ok = false;

	if ((ctx = EVP_PKEY_CTX_new(key, NULL)) == NULL)
		return false;
	if (EVP_PKEY_verify_recover_init(ctx) == 1 &&
	    EVP_PKEY_CTX_set_rsa_padding(ctx, RSA_NO_PADDING) == 1 &&
	    EVP_PKEY_verify_recover(ctx, em, emlen, sig, siglen) == 1)
		ok = true;
	EVP_PKEY_CTX_free(ctx);
	return ok;
}

/* PKCS#1 v1.5: 00 01 FF..FF 00 DigestInfo.  The digest's NID, or 0. */
static int
pkcs1_digest_nid(const unsigned char *em, size_t emlen)
{
	const unsigned char *p;
	X509_SIG *di;
	const X509_ALGOR *alg;
	const ASN1_OBJECT *obj;
	size_t i;
	int nid = 0;

	if (emlen < 11 || em[0] != 0x00 || em[1] != 0x01)
		return 0;
	for (i = 2; i < emlen && em[i] == 0xff; i++)
		;
	if (i < 10 || i >= emlen || em[i] != 0x00)
		return 0;
	p = em + i + 1;
	if ((di = d2i_X509_SIG(NULL, &p, (long)(emlen - i - 1))) == NULL)
		return 0;
	if (p == em + emlen) {
		X509_SIG_get0(di, &alg, NULL);
		X509_ALGOR_get0(&obj, NULL, NULL, alg);
		nid = OBJ_obj2nid(obj);
	}
	X509_SIG_free(di);
	return nid;
}

/* 1: verified, 0: not by this key, -1: this key's, over other bytes. */
static int
try_rsa(EVP_PKEY *key, struct digests *ds, const unsigned char *sig,
    size_t siglen, struct sig_result *r)
{
	unsigned char em[2048], dgst[EVP_MAX_MD_SIZE];
	size_t emlen = sizeof(em);
	unsigned dlen;
	const EVP_MD *md;
	int nid, i;

	if ((size_t)EVP_PKEY_get_size(key) != siglen || siglen > sizeof(em) ||
	    !rsa_recover(key, sig, siglen, em, &emlen))
		return 0;
	if ((nid = pkcs1_digest_nid(em, emlen)) != 0) {
		if ((md = EVP_get_digestbynid(nid)) == NULL)
			return 0;
		sig_describe_digest(r, nid);
		snprintf(r->detail, sizeof(r->detail), "RSA PKCS#1 v1.5");
		if (sig_data_digest(ds->d, md, dgst, &dlen) == -1) {
			ds->failed = true;
			return -1;
		}
		return verify_digest(key, RSA_PKCS1_PADDING, md, sig, siglen,
		    dgst, dlen) ? 1 : -1;
	}
	if (emlen == 0 || em[emlen - 1] != 0xbc)
		return 0;
	snprintf(r->detail, sizeof(r->detail), "RSA-PSS, MGF1 with the "
	    "message digest, salt length recovered");
	for (i = 0; i < NMDS; i++) {
		const unsigned char *v = digest_of(ds, i);

		if (v == NULL)
			return -1;
		if (verify_digest(key, RSA_PKCS1_PSS_PADDING,
		    EVP_get_digestbynid(md_nids[i]), sig, siglen, v,
		    ds->len[i])) {
			sig_describe_digest(r, md_nids[i]);
			return 1;
		}
	}
	return -1;
}

/* ECDSA takes DER; a fixed-size r||s of the curve's width is converted. */
static unsigned char *
ecdsa_der(EVP_PKEY *key, const unsigned char *sig, size_t siglen,
    size_t *derlen)
{
	const unsigned char *p = sig;
	ECDSA_SIG *es;
	BIGNUM *br, *bs;
	unsigned char *der = NULL;
	size_t width = (size_t)(EVP_PKEY_get_bits(key) + 7) / 8;
	int n;

	if ((es = d2i_ECDSA_SIG(NULL, &p, (long)siglen)) != NULL &&
	    p == sig + siglen) {
		n = i2d_ECDSA_SIG(es, &der);
		ECDSA_SIG_free(es);
		/* Only the canonical encoding is accepted. */
		if (n <= 0 || (size_t)n != siglen ||
		    memcmp(der, sig, siglen) != 0) {
			OPENSSL_free(der);
			return NULL;
		}
		*derlen = (size_t)n;
		return der;
	}
	ECDSA_SIG_free(es);
	if (width == 0 || siglen != 2 * width)
		return NULL;
	br = BN_bin2bn(sig, (int)width, NULL);
	bs = BN_bin2bn(sig + width, (int)width, NULL);
	if (br == NULL || bs == NULL || (es = ECDSA_SIG_new()) == NULL) {
		BN_free(br);
		BN_free(bs);
		return NULL;
	}
	(void)ECDSA_SIG_set0(es, br, bs);
	n = i2d_ECDSA_SIG(es, &der);
	ECDSA_SIG_free(es);
	if (n <= 0)
		return NULL;
	*derlen = (size_t)n;
	return der;
}

static int
try_ecdsa(EVP_PKEY *key, struct digests *ds, const unsigned char *sig,
    size_t siglen, struct sig_result *r)
{
	unsigned char *der;
	size_t derlen = 0;
	int i, rc = -1;

	if ((der = ecdsa_der(key, sig, siglen, &derlen)) == NULL)
		return 0;
	snprintf(r->detail, sizeof(r->detail), "ECDSA, %s signature",
	    derlen == siglen && sig[0] == 0x30 ? "DER" : "r||s");
	for (i = 0; i < NMDS; i++) {
		const unsigned char *v = digest_of(ds, i);

		if (v == NULL)
			break;
		if (verify_digest(key, 0, EVP_get_digestbynid(md_nids[i]),
		    der, derlen, v, ds->len[i])) {
			sig_describe_digest(r, md_nids[i]);
			rc = 1;
			break;
		}
	}
	OPENSSL_free(der);
	return rc;
}

static int
try_ed25519(EVP_PKEY *key, const struct sig_data *d, const unsigned char *sig,
    size_t siglen, struct sig_result *r)
{
	EVP_MD_CTX *ctx;
	unsigned char *all;
	int rc = -1;

	if (siglen != 64)
		return 0;
	snprintf(r->detail, sizeof(r->detail), "pure Ed25519");
	snprintf(r->digest_alg, sizeof(r->digest_alg), "pure");
	if ((all = sig_data_load(d, SIG_LOAD_MAX)) == NULL)
		return -1;
	if ((ctx = EVP_MD_CTX_new()) != NULL &&
	    EVP_DigestVerifyInit(ctx, NULL, NULL, NULL, key) == 1 &&
	    EVP_DigestVerify(ctx, sig, siglen, all, (size_t)d->size) == 1)
		rc = 1;
	EVP_MD_CTX_free(ctx);
	free(all);
	return rc;
}

void
raw_verify(const struct sig_trust *t, const struct sig_data *d,
    const unsigned char *sig, size_t siglen, struct sig_result *r)
{
	struct digests ds;
	size_t i, fitting = 0;
	int rc;

	memset(&ds, 0, sizeof(ds));
	ds.d = d;
	if (t->nraw == 0) {
		sig_fail(r, SIG_UNSUPPORTED, "not a recognised signature "
		    "format, and no bare public key was given to try it as "
		    "a raw signature");
		return;
	}
	for (i = 0; i < t->nraw; i++) {
		EVP_PKEY *key = t->raw[i].key;

		r->detail[0] = '\0';
		r->digest_alg[0] = '\0';
		r->flags = 0;
		switch (EVP_PKEY_get_base_id(key)) {
		case EVP_PKEY_RSA:
		case EVP_PKEY_RSA_PSS:
			rc = try_rsa(key, &ds, sig, siglen, r);
			break;
		case EVP_PKEY_EC:
			rc = try_ecdsa(key, &ds, sig, siglen, r);
			break;
		case EVP_PKEY_ED25519:
			rc = try_ed25519(key, d, sig, siglen, r);
			break;
		default:
			rc = 0;
			break;
		}
		if (ds.failed) {
			sig_fail(r, SIG_MALFORMED, "cannot read the signed "
			    "file");
			return;
		}
		if (rc == 1) {
			sig_describe_key(r, key);
			snprintf(r->key_fpr, sizeof(r->key_fpr), "%s",
			    t->raw[i].fpr);
			snprintf(r->signer, sizeof(r->signer),
			    "bare public key %s", t->raw[i].name);
			r->status = SIG_VALID;
			r->reason[0] = '\0';
			return;
		}
		if (rc == -1)
			fitting++;
	}
	r->detail[0] = '\0';
	r->digest_alg[0] = '\0';
	r->flags = 0;
	if (fitting == 0)
		sig_fail(r, SIG_UNSUPPORTED, "not a recognised signature "
		    "format, and none of the %zu bare public keys given fits "
		    "a %zu-byte raw signature", t->nraw, siglen);
	else
		sig_fail(r, SIG_INVALID, "raw signature does not verify with "
		    "any of the %zu bare public keys it fits (of %zu given)",
		    fitting, t->nraw);
}
