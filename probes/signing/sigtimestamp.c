/*
 * Signed timestamps over a signature value (x509int.h): RFC 3161 tokens
 * (CMS id-aa-timeStampToken, Authenticode 1.3.6.1.4.1.311.3.3.1) and the
 * older PKCS #9 counterSignature Authenticode uses.  A timestamp counts
 * only when its signature verifies, it covers exactly this signature
 * value, and its signer chains to the trust anchors with timeStamping
 * usage at the time it states; otherwise it is ignored (and noted).
 */
#include <limits.h>
#include <string.h>

#include <openssl/cms.h>
#include <openssl/err.h>
#include <openssl/pkcs7.h>
#include <openssl/ts.h>
#include <openssl/x509v3.h>

#include "x509int.h"

/* Certificates to search for the authority: the signature's, the trust's. */
static STACK_OF(X509) *
cert_pool(STACK_OF(X509) *a, STACK_OF(X509) *b, STACK_OF(X509) *c)
{
	STACK_OF(X509) *pool, *parts[3] = { a, b, c };
	int i, j;

	if ((pool = sk_X509_new_null()) == NULL)
		return NULL;
	for (i = 0; i < 3; i++)
		for (j = 0; j < sk_X509_num(parts[i]); j++)
			if (sk_X509_push(pool, sk_X509_value(parts[i], j)) ==
			    0) {
				sk_X509_free(pool);
				return NULL;
			}
	return pool;
}

/* Digest of sigval with the algorithm alg names equals want. */
static bool
digest_matches(const ASN1_OBJECT *alg, const unsigned char *sigval,
    size_t sigvallen, const ASN1_OCTET_STRING *want)
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned mdlen = 0;
	const EVP_MD *evp;

	if (want == NULL || (evp = EVP_get_digestbyobj(alg)) == NULL ||
	    EVP_Digest(sigval, sigvallen, md, &mdlen, evp, NULL) != 1)
		return false;
	return (int)mdlen == ASN1_STRING_length(want) &&
	    memcmp(md, ASN1_STRING_get0_data(want), mdlen) == 0;
}

/*
 * The authority's chain at the time it states, and timeStamping in its
 * extended key usage.  RFC 3161 wants that usage critical and alone, as
 * OpenSSL's timestamp purpose checks; older Authenticode authorities
 * list it among others, so presence is what is asked here.
 */
static bool
authority_trusted(const struct sig_trust *t, X509 *tsa, STACK_OF(X509) *pool,
    int64_t when, struct sig_result *r)
{
	uint32_t xku = X509_get_extended_key_usage(tsa);
	char why[200];
	unsigned flags = 0;

	if (xku == UINT32_MAX || (xku & XKU_TIMESTAMP) == 0) {
		x509_detail_add(r, "timestamp ignored: authority certificate "
		    "lacks timeStamping usage");
		return false;
	}
	if (x509_chain(t, tsa, pool, when, 0, &flags, why, sizeof(why)) !=
	    SIG_VALID) {
		x509_detail_add(r, "timestamp ignored: authority %s", why);
		return false;
	}
	return true;
}

static void
accept_timestamp(X509 *tsa, int64_t when, struct sig_result *r)
{
	r->signing_time = when;
	r->flags |= SIG_TIMESTAMPED;
	x509_name_line(X509_get_subject_name(tsa), r->timestamp_authority,
	    sizeof(r->timestamp_authority));
}

static bool
rfc3161(const struct sig_trust *t, const unsigned char *der, size_t len,
    const unsigned char *sigval, size_t sigvallen, STACK_OF(X509) *certs,
    struct sig_result *r)
{
	const unsigned char *q = der;
	CMS_ContentInfo *tok = NULL;
	STACK_OF(X509) *own = NULL, *pool = NULL, *signers = NULL;
	TS_TST_INFO *tst = NULL;
	TS_MSG_IMPRINT *imp;
	BIO *out = NULL;
	unsigned char *p;
	int64_t when;
	bool ok = false;
	long n;

	if ((tok = d2i_CMS_ContentInfo(NULL, &q, (long)len)) == NULL ||
	    OBJ_obj2nid(CMS_get0_type(tok)) != NID_pkcs7_signed ||
	    OBJ_obj2nid(CMS_get0_eContentType(tok)) !=
	    NID_id_smime_ct_TSTInfo) {
		x509_detail_add(r, "timestamp ignored: token does not parse");
		goto out;
	}
	own = CMS_get1_certs(tok);
	if ((pool = cert_pool(own, certs, t->certs)) == NULL ||
	    (out = BIO_new(BIO_s_mem())) == NULL)
		goto out;
	if (CMS_verify(tok, pool, NULL, NULL, out,
	    CMS_NO_SIGNER_CERT_VERIFY | CMS_BINARY) != 1) {
		x509_detail_add(r, "timestamp ignored: its signature does not "
		    "verify");
		goto out;
	}
	n = BIO_get_mem_data(out, &p);
	q = p;
	if (n <= 0 || (tst = d2i_TS_TST_INFO(NULL, &q, n)) == NULL ||
	    (imp = TS_TST_INFO_get_msg_imprint(tst)) == NULL) {
		x509_detail_add(r, "timestamp ignored: TSTInfo does not parse");
		goto out;
	}
	if (!digest_matches(TS_MSG_IMPRINT_get_algo(imp)->algorithm, sigval,
	    sigvallen, TS_MSG_IMPRINT_get_msg(imp))) {
		x509_detail_add(r, "timestamp ignored: it covers another "
		    "signature");
		goto out;
	}
	if (!x509_time_unix(TS_TST_INFO_get_time(tst), &when)) {
		x509_detail_add(r, "timestamp ignored: bad genTime");
		goto out;
	}
	if ((signers = CMS_get0_signers(tok)) == NULL ||
	    sk_X509_num(signers) != 1)
		goto out;
	if (!authority_trusted(t, sk_X509_value(signers, 0), pool, when, r))
		goto out;
	accept_timestamp(sk_X509_value(signers, 0), when, r);
	ok = true;
 out:
	sk_X509_free(signers);
	TS_TST_INFO_free(tst);
	BIO_free(out);
	sk_X509_free(pool);
	sk_X509_pop_free(own, X509_free);
	CMS_ContentInfo_free(tok);
	ERR_clear_error();
	return ok;
}

/* PKCS #9 counterSignature: a SignerInfo over the outer signature value. */
static bool
countersignature(const struct sig_trust *t, const unsigned char *der,
    size_t len, const unsigned char *sigval, size_t sigvallen,
    STACK_OF(X509) *certs, struct sig_result *r)
{
	const unsigned char *q = der;
	PKCS7_SIGNER_INFO *si = NULL;
	STACK_OF(X509) *pool = NULL;
	unsigned char *attrs = NULL;
	EVP_MD_CTX *ctx = NULL;
	const EVP_MD *md;
	ASN1_TYPE *st;
	X509 *tsa;
	int64_t when;
	bool ok = false;
	int alen;

	if ((si = d2i_PKCS7_SIGNER_INFO(NULL, &q, (long)len)) == NULL ||
	    si->issuer_and_serial == NULL || si->auth_attr == NULL ||
	    si->enc_digest == NULL) {
		x509_detail_add(r, "countersignature ignored: does not parse");
		goto out;
	}
	if ((pool = cert_pool(certs, t->certs, NULL)) == NULL)
		goto out;
	if ((tsa = X509_find_by_issuer_and_serial(pool,
	    si->issuer_and_serial->issuer,
	    si->issuer_and_serial->serial)) == NULL) {
		x509_detail_add(r, "countersignature ignored: its signer's "
		    "certificate is missing");
		goto out;
	}
	if ((md = EVP_get_digestbyobj(si->digest_alg->algorithm)) == NULL ||
	    (alen = ASN1_item_i2d((ASN1_VALUE *)si->auth_attr, &attrs,
	    ASN1_ITEM_rptr(PKCS7_ATTR_VERIFY))) <= 0 ||
	    (ctx = EVP_MD_CTX_new()) == NULL ||
	    EVP_DigestVerifyInit(ctx, NULL, md, NULL,
	    X509_get0_pubkey(tsa)) != 1 ||
	    EVP_DigestVerify(ctx, ASN1_STRING_get0_data(si->enc_digest),
	    (size_t)ASN1_STRING_length(si->enc_digest), attrs,
	    (size_t)alen) != 1) {
		x509_detail_add(r, "countersignature ignored: its signature "
		    "does not verify");
		goto out;
	}
	if (!digest_matches(si->digest_alg->algorithm, sigval, sigvallen,
	    PKCS7_digest_from_attributes(si->auth_attr))) {
		x509_detail_add(r, "countersignature ignored: it covers "
		    "another signature");
		goto out;
	}
	st = PKCS7_get_signed_attribute(si, NID_pkcs9_signingTime);
	if (st == NULL || (st->type != V_ASN1_UTCTIME &&
	    st->type != V_ASN1_GENERALIZEDTIME) ||
	    !x509_time_unix(st->value.utctime, &when)) {
		x509_detail_add(r, "countersignature ignored: no signing time");
		goto out;
	}
	if (!authority_trusted(t, tsa, pool, when, r))
		goto out;
	accept_timestamp(tsa, when, r);
	ok = true;
 out:
	EVP_MD_CTX_free(ctx);
	OPENSSL_free(attrs);
	sk_X509_free(pool);
	PKCS7_SIGNER_INFO_free(si);
	ERR_clear_error();
	return ok;
}

bool
x509_timestamp(const struct sig_trust *t, const unsigned char *der,
    size_t len, bool is_rfc3161, const unsigned char *sigval,
    size_t sigvallen, STACK_OF(X509) *certs, struct sig_result *r)
{
	if (len > INT_MAX)
		return false;
	return is_rfc3161 ?
	    rfc3161(t, der, len, sigval, sigvallen, certs, r) :
	    countersignature(t, der, len, sigval, sigvallen, certs, r);
}
