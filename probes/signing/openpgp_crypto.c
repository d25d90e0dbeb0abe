/*
 * OpenPGP algorithms mapped onto OpenSSL 3: hash ids to digests, public
 * key material to EVP keys, signature material to what EVP_PKEY_verify
 * wants, and the hashing of a signature's trailer.  No primitive is
 * computed here; OpenSSL does all of it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/param_build.h>
#include <openssl/rsa.h>

#include "openpgp.h"

/* Bigger keys only make a hostile keyring slow; nobody signs with them. */
#define RSA_MAX_BITS	16384
#define DSA_MAX_BITS	4096

static const struct {
	int id;
	const char *name;		/* as in a "Hash:" header */
	const EVP_MD *(*md)(void);
} hashes[] = {
	{ 1, "MD5", EVP_md5 },
	{ 2, "SHA1", EVP_sha1 },
	{ 3, "RIPEMD160", EVP_ripemd160 },
	{ 8, "SHA256", EVP_sha256 },
	{ 9, "SHA384", EVP_sha384 },
	{ 10, "SHA512", EVP_sha512 },
	{ 11, "SHA224", EVP_sha224 },
	{ 12, "SHA3-256", EVP_sha3_256 },
	{ 14, "SHA3-512", EVP_sha3_512 },
};

const EVP_MD *
pgp_hash_md(int hashalg)
{
	size_t i;

	for (i = 0; i < sizeof(hashes) / sizeof(hashes[0]); i++)
		if (hashes[i].id == hashalg)
			return hashes[i].md();
	return NULL;
}

int
pgp_hash_by_name(const char *name, size_t len)
{
	size_t i;

	for (i = 0; i < sizeof(hashes) / sizeof(hashes[0]); i++)
		if (strlen(hashes[i].name) == len &&
		    memcmp(hashes[i].name, name, len) == 0)
			return hashes[i].id;
	return 0;
}

const char *
pgp_pk_name(int pkalg)
{
	switch (pkalg) {
	case 1: case 2: case 3:
		return "RSA";
	case 16: case 20:
		return "ElGamal";
	case 17:
		return "DSA";
	case 18:
		return "ECDH";
	case 19:
		return "ECDSA";
	case 22:
		return "EdDSA (legacy)";
	case 25:
		return "X25519";
	case 26:
		return "X448";
	case 27:
		return "Ed25519";
	case 28:
		return "Ed448";
	default:
		return "unknown";
	}
}

/* Builds a key of type from the parameters in bld. */
static EVP_PKEY *
from_params(const char *type, OSSL_PARAM_BLD *bld)
{
	EVP_PKEY_CTX *ctx = NULL;
	EVP_PKEY *pkey = NULL;
	OSSL_PARAM *params = NULL;

	if ((params = OSSL_PARAM_BLD_to_param(bld)) == NULL ||
	    (ctx = EVP_PKEY_CTX_new_from_name(NULL, type, NULL)) == NULL ||
	    EVP_PKEY_fromdata_init(ctx) != 1 ||
	    EVP_PKEY_fromdata(ctx, &pkey, EVP_PKEY_PUBLIC_KEY, params) != 1)
		pkey = NULL;
	OSSL_PARAM_free(params);
	EVP_PKEY_CTX_free(ctx);
	return pkey;
}

/* Pushes an MPI read from *pp as a BIGNUM parameter; 0 or -1. */
static int
push_mpi(OSSL_PARAM_BLD *bld, const char *key, const unsigned char **pp,
    size_t *np, BIGNUM **bns, size_t *nbn, size_t maxbits)
{
	const unsigned char *v;
	size_t vlen;
	BIGNUM *bn;

	if (pgp_mpi(pp, np, &v, &vlen) == -1 || vlen == 0 ||
	    vlen > (maxbits + 7) / 8)
		return -1;
	if ((bn = BN_bin2bn(v, (int)vlen, NULL)) == NULL)
		return -1;
	bns[(*nbn)++] = bn;
	return OSSL_PARAM_BLD_push_BN(bld, key, bn) == 1 ? 0 : -1;
}

static EVP_PKEY *
rsa_or_dsa(bool rsa, const unsigned char *m, size_t n, char *why,
    size_t whylen)
{
	static const char *const rsa_keys[] = {
		OSSL_PKEY_PARAM_RSA_N, OSSL_PKEY_PARAM_RSA_E,
	};
	static const char *const dsa_keys[] = {
		OSSL_PKEY_PARAM_FFC_P, OSSL_PKEY_PARAM_FFC_Q,
		OSSL_PKEY_PARAM_FFC_G, OSSL_PKEY_PARAM_PUB_KEY,
	};
	const char *const *keys = rsa ? rsa_keys : dsa_keys;
	size_t nkeys = rsa ? 2 : 4, nbn = 0, i;
	size_t maxbits = rsa ? RSA_MAX_BITS : DSA_MAX_BITS;
	OSSL_PARAM_BLD *bld;
	EVP_PKEY *pkey = NULL;
	BIGNUM *bns[4];

	if ((bld = OSSL_PARAM_BLD_new()) == NULL) {
		snprintf(why, whylen, "out of memory");
		return NULL;
	}
	for (i = 0; i < nkeys; i++)
		if (push_mpi(bld, keys[i], &m, &n, bns, &nbn, maxbits) == -1) {
			snprintf(why, whylen, "%s key: bad or oversized "
			    "integer", rsa ? "RSA" : "DSA");
			goto out;
		}
	if ((pkey = from_params(rsa ? "RSA" : "DSA", bld)) == NULL)
		snprintf(why, whylen, "%s key rejected by OpenSSL",
		    rsa ? "RSA" : "DSA");
 out:
	for (i = 0; i < nbn; i++)
		BN_free(bns[i]);
	OSSL_PARAM_BLD_free(bld);
	return pkey;
}

static const struct {
	const char *group;
	unsigned char oid[10];
	size_t oidlen;
} curves[] = {
	{ "prime256v1", { 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07 }, 8 },
	{ "secp384r1", { 0x2b, 0x81, 0x04, 0x00, 0x22 }, 5 },
	{ "secp521r1", { 0x2b, 0x81, 0x04, 0x00, 0x23 }, 5 },
	{ "brainpoolP256r1",
	    { 0x2b, 0x24, 0x03, 0x03, 0x02, 0x08, 0x01, 0x01, 0x07 }, 9 },
	{ "brainpoolP384r1",
	    { 0x2b, 0x24, 0x03, 0x03, 0x02, 0x08, 0x01, 0x01, 0x0b }, 9 },
	{ "brainpoolP512r1",
	    { 0x2b, 0x24, 0x03, 0x03, 0x02, 0x08, 0x01, 0x01, 0x0d }, 9 },
};

/* 1.3.6.1.4.1.11591.15.1, Ed25519 in the legacy EdDSA encoding. */
static const unsigned char ed25519_legacy_oid[] = {
	0x2b, 0x06, 0x01, 0x04, 0x01, 0xda, 0x47, 0x0f, 0x01,
};

static EVP_PKEY *
ec_key(int pkalg, const unsigned char *m, size_t n, char *why, size_t whylen)
{
	const unsigned char *oid, *pt;
	size_t oidlen, ptlen, i;
	OSSL_PARAM_BLD *bld = NULL;
	EVP_PKEY *pkey = NULL;

	if (n < 1 || m[0] == 0 || m[0] == 0xff || m[0] > n - 1) {
		snprintf(why, whylen, "curve OID is malformed");
		return NULL;
	}
	oidlen = m[0];
	oid = m + 1;
	m += 1 + oidlen;
	n -= 1 + oidlen;
	if (pgp_mpi(&m, &n, &pt, &ptlen) == -1 || n != 0) {
		snprintf(why, whylen, "curve point is malformed");
		return NULL;
	}
	if (pkalg == PGP_PK_EDDSA_LEGACY) {
		if (oidlen != sizeof(ed25519_legacy_oid) ||
		    memcmp(oid, ed25519_legacy_oid, oidlen) != 0) {
			snprintf(why, whylen, "EdDSA on a curve other than "
			    "Ed25519");
			return NULL;
		}
		/* A 0x40 prefix, then the native 32-octet key. */
		if (ptlen != 33 || pt[0] != 0x40) {
			snprintf(why, whylen, "Ed25519 point is malformed");
			return NULL;
		}
		if ((pkey = EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, NULL,
		    pt + 1, 32)) == NULL)
			snprintf(why, whylen, "Ed25519 key rejected by OpenSSL");
		return pkey;
	}
	for (i = 0; i < sizeof(curves) / sizeof(curves[0]); i++)
		if (curves[i].oidlen == oidlen &&
		    memcmp(curves[i].oid, oid, oidlen) == 0)
			break;
	if (i == sizeof(curves) / sizeof(curves[0])) {
		snprintf(why, whylen, "ECDSA on a curve not verified here");
		return NULL;
	}
	if ((bld = OSSL_PARAM_BLD_new()) == NULL ||
	    OSSL_PARAM_BLD_push_utf8_string(bld, OSSL_PKEY_PARAM_GROUP_NAME,
	    curves[i].group, 0) != 1 ||
	    OSSL_PARAM_BLD_push_octet_string(bld, OSSL_PKEY_PARAM_PUB_KEY,
	    pt, ptlen) != 1 ||
	    (pkey = from_params("EC", bld)) == NULL)
		snprintf(why, whylen, "ECDSA point rejected by OpenSSL");
	OSSL_PARAM_BLD_free(bld);
	return pkey;
}

EVP_PKEY *
pgp_pkey_new(int pkalg, const unsigned char *m, size_t n, char *why,
    size_t whylen)
{
	EVP_PKEY *pkey = NULL;

	switch (pkalg) {
	case PGP_PK_RSA:
	case PGP_PK_RSA_SIGN:
		return rsa_or_dsa(true, m, n, why, whylen);
	case PGP_PK_DSA:
		return rsa_or_dsa(false, m, n, why, whylen);
	case PGP_PK_ECDSA:
	case PGP_PK_EDDSA_LEGACY:
		return ec_key(pkalg, m, n, why, whylen);
	case PGP_PK_ED25519:
		if (n != 32 || (pkey = EVP_PKEY_new_raw_public_key(
		    EVP_PKEY_ED25519, NULL, m, n)) == NULL)
			snprintf(why, whylen, "Ed25519 key is malformed");
		return pkey;
	case 2: case 16: case 18: case 20: case 25: case 26:
		snprintf(why, whylen, "%s is for encryption only",
		    pgp_pk_name(pkalg));
		return NULL;
	default:
		snprintf(why, whylen, "public-key algorithm %d is not "
		    "verified here", pkalg);
		return NULL;
	}
}

/* Copies an MPI into out[0, width), left-padded with zeros.  0 or -1. */
static int
mpi_fixed(const unsigned char **pp, size_t *np, unsigned char *out,
    size_t width)
{
	const unsigned char *v;
	size_t vlen;

	if (pgp_mpi(pp, np, &v, &vlen) == -1 || vlen > width)
		return -1;
	memset(out, 0, width - vlen);
	memcpy(out + width - vlen, v, vlen);
	return 0;
}

/* r and s as the DER SEQUENCE OpenSSL verifies (DSA and ECDSA alike). */
static unsigned char *
der_rs(const unsigned char *m, size_t n, size_t *derlen)
{
	const unsigned char *r, *s;
	size_t rlen, slen;
	BIGNUM *br = NULL, *bs = NULL;
	ECDSA_SIG *sig = NULL;
	unsigned char *der = NULL;
	int len;

	if (pgp_mpi(&m, &n, &r, &rlen) == -1 ||
	    pgp_mpi(&m, &n, &s, &slen) == -1 || n != 0 ||
	    rlen > 132 || slen > 132)
		return NULL;
	if ((br = BN_bin2bn(r, (int)rlen, NULL)) == NULL ||
	    (bs = BN_bin2bn(s, (int)slen, NULL)) == NULL ||
	    (sig = ECDSA_SIG_new()) == NULL)
		goto out;
	if (ECDSA_SIG_set0(sig, br, bs) != 1)
		goto out;
	br = bs = NULL;
	if ((len = i2d_ECDSA_SIG(sig, &der)) <= 0) {
		der = NULL;
		goto out;
	}
	*derlen = (size_t)len;
 out:
	BN_free(br);
	BN_free(bs);
	ECDSA_SIG_free(sig);
	return der;
}

static bool
same_family(int keyalg, int sigalg)
{
	bool krsa = keyalg == PGP_PK_RSA || keyalg == PGP_PK_RSA_SIGN;
	bool srsa = sigalg == PGP_PK_RSA || sigalg == PGP_PK_RSA_SIGN;

	return krsa ? srsa : keyalg == sigalg;
}

int
pgp_verify_digest(const struct pgp_key *key, const struct pgp_sig *s,
    const unsigned char *digest, size_t dlen, char *why, size_t whylen)
{
	const unsigned char *m = s->material;
	size_t n = s->materiallen, size, derlen = 0;
	unsigned char *buf = NULL, ed[64];
	EVP_PKEY_CTX *pctx = NULL;
	EVP_MD_CTX *mctx = NULL;
	int rc = -1;

	if (key->pkey == NULL) {
		snprintf(why, whylen, "key cannot verify: %s", key->unusable);
		return 0;
	}
	if (!same_family(key->pkalg, s->pkalg)) {
		snprintf(why, whylen, "signature algorithm %s does not match "
		    "the key's %s", pgp_pk_name(s->pkalg),
		    pgp_pk_name(key->pkalg));
		return 0;
	}
	switch (s->pkalg) {
	case PGP_PK_RSA:
	case PGP_PK_RSA_SIGN:
		size = (size_t)EVP_PKEY_get_size(key->pkey);
		if (size == 0 || size > RSA_MAX_BITS / 8 ||
		    (buf = malloc(size)) == NULL ||
		    mpi_fixed(&m, &n, buf, size) == -1 || n != 0) {
			snprintf(why, whylen, "RSA signature integer is "
			    "malformed");
			goto out;
		}
		if ((pctx = EVP_PKEY_CTX_new_from_pkey(NULL, key->pkey,
		    NULL)) == NULL || EVP_PKEY_verify_init(pctx) != 1 ||
		    EVP_PKEY_CTX_set_rsa_padding(pctx,
		    RSA_PKCS1_PADDING) != 1 ||
		    EVP_PKEY_CTX_set_signature_md(pctx,
		    pgp_hash_md(s->hashalg)) != 1) {
			snprintf(why, whylen, "OpenSSL cannot verify RSA with "
			    "hash %d", s->hashalg);
			goto out;
		}
		rc = EVP_PKEY_verify(pctx, buf, size, digest, dlen) == 1;
		break;
	case PGP_PK_DSA:
	case PGP_PK_ECDSA:
		if ((buf = der_rs(m, n, &derlen)) == NULL) {
			snprintf(why, whylen, "%s signature integers are "
			    "malformed", pgp_pk_name(s->pkalg));
			goto out;
		}
		if ((pctx = EVP_PKEY_CTX_new_from_pkey(NULL, key->pkey,
		    NULL)) == NULL || EVP_PKEY_verify_init(pctx) != 1) {
			snprintf(why, whylen, "OpenSSL cannot verify %s",
			    pgp_pk_name(s->pkalg));
			goto out;
		}
		rc = EVP_PKEY_verify(pctx, buf, derlen, digest, dlen) == 1;
		break;
	case PGP_PK_EDDSA_LEGACY:
	case PGP_PK_ED25519:
		if (s->pkalg == PGP_PK_ED25519) {
			if (n != 64)
				goto bad_ed;
			memcpy(ed, m, 64);
		} else if (mpi_fixed(&m, &n, ed, 32) == -1 ||
		    mpi_fixed(&m, &n, ed + 32, 32) == -1 || n != 0) {
			goto bad_ed;
		}
		/* EdDSA in OpenPGP signs the digest, not the data. */
		if ((mctx = EVP_MD_CTX_new()) == NULL ||
		    EVP_DigestVerifyInit(mctx, NULL, NULL, NULL,
		    key->pkey) != 1) {
			snprintf(why, whylen, "OpenSSL cannot verify Ed25519");
			goto out;
		}
		rc = EVP_DigestVerify(mctx, ed, 64, digest, dlen) == 1;
		break;
	default:
		snprintf(why, whylen, "public-key algorithm %d is not "
		    "verified here", s->pkalg);
		rc = 0;
		break;
	}
	if (rc == 0 && why[0] == '\0')
		snprintf(why, whylen, "%s signature does not verify",
		    pgp_pk_name(s->pkalg));
	goto out;
 bad_ed:
	snprintf(why, whylen, "Ed25519 signature is malformed");
 out:
	free(buf);
	EVP_PKEY_CTX_free(pctx);
	EVP_MD_CTX_free(mctx);
	return rc;
}

int
pgp_hash_start(EVP_MD_CTX *ctx, const struct pgp_sig *s)
{
	const EVP_MD *md = pgp_hash_md(s->hashalg);

	if (md == NULL || EVP_DigestInit_ex(ctx, md, NULL) != 1)
		return -1;
	if (s->version == 6 &&
	    EVP_DigestUpdate(ctx, s->salt, s->saltlen) != 1)
		return -1;
	return 0;
}

int
pgp_hash_key(EVP_MD_CTX *ctx, const struct pgp_key *k)
{
	unsigned char hdr[5];
	size_t n = k->bodylen;

	if (k->version == 4) {
		hdr[0] = 0x99;
		hdr[1] = (unsigned char)(n >> 8);
		hdr[2] = (unsigned char)n;
		return EVP_DigestUpdate(ctx, hdr, 3) == 1 &&
		    EVP_DigestUpdate(ctx, k->body, n) == 1 ? 0 : -1;
	}
	hdr[0] = 0x9b;
	hdr[1] = (unsigned char)(n >> 24);
	hdr[2] = (unsigned char)(n >> 16);
	hdr[3] = (unsigned char)(n >> 8);
	hdr[4] = (unsigned char)n;
	return EVP_DigestUpdate(ctx, hdr, 5) == 1 &&
	    EVP_DigestUpdate(ctx, k->body, n) == 1 ? 0 : -1;
}

int
pgp_hash_finish(EVP_MD_CTX *ctx, const struct pgp_sig *s, unsigned char *out,
    unsigned *outlen)
{
	unsigned char trailer[6];
	size_t n = s->hashed_part_len;

	trailer[0] = (unsigned char)s->version;
	trailer[1] = 0xff;
	trailer[2] = (unsigned char)(n >> 24);
	trailer[3] = (unsigned char)(n >> 16);
	trailer[4] = (unsigned char)(n >> 8);
	trailer[5] = (unsigned char)n;
	if (EVP_DigestUpdate(ctx, s->hashed_part, n) != 1 ||
	    EVP_DigestUpdate(ctx, trailer, sizeof(trailer)) != 1 ||
	    EVP_DigestFinal_ex(ctx, out, outlen) != 1)
		return -1;
	return 0;
}
