/*
 * X.509 trust anchors and chains, and CMS / PKCS #7 SignedData, detached
 * and attached (sigverify.h, x509int.h).  A verdict answers three
 * questions in this order, so that each status means one thing: does the
 * signature verify over these bytes (SIG_INVALID if not), does the signer
 * chain to an anchor (SIG_UNTRUSTED if not), and are validity time and
 * key usage right at the moment that counts (flags, and not SIG_VALID).
 *
 * The moment that counts is the time of a verified signed timestamp when
 * the signature carries one, else the moment the caller gives (--as-of).
 * A signingTime attribute is reported but never used: the signer alone
 * vouches for it.  Certificate revocation (CRLs, OCSP) is not checked.
 */
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* pem.h first: cms.h declares its PEM functions only when it is known. */
#include <openssl/pem.h>
#include <openssl/asn1.h>
#include <openssl/cms.h>
#include <openssl/err.h>
#include <openssl/objects.h>
#include <openssl/x509v3.h>

#include "x509int.h"

#define PEM_SNIFF_SPAN	1024	/* bytes searched for a CMS PEM header */

/* ---- small shared helpers ---------------------------------------------- */

void
x509_detail_add(struct sig_result *r, const char *fmt, ...)
{
	size_t used = strlen(r->detail);
	va_list ap;

	if (used + 3 >= sizeof(r->detail))
		return;
	if (used > 0) {
		memcpy(r->detail + used, "; ", 3);
		used += 2;
	}
	va_start(ap, fmt);
	vsnprintf(r->detail + used, sizeof(r->detail) - used, fmt, ap);
	va_end(ap);
}

void
x509_time_text(int64_t t, char *buf, size_t len)
{
	struct tm tm;
	time_t tt = (time_t)t;

	if (gmtime_r(&tt, &tm) == NULL ||
	    strftime(buf, len, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
		snprintf(buf, len, "%lld", (long long)t);
}

bool
x509_time_unix(const ASN1_TIME *tm, int64_t *out)
{
	struct tm t;
	time_t v;

	memset(&t, 0, sizeof(t));
	if (tm == NULL || ASN1_TIME_to_tm(tm, &t) != 1)
		return false;
	if ((v = timegm(&t)) == (time_t)-1)
		return false;
	*out = (int64_t)v;
	return true;
}

void
x509_name_line(const X509_NAME *name, char *buf, size_t len)
{
	BIO *b;
	char *p;
	long n;

	buf[0] = '\0';
	if (name == NULL || (b = BIO_new(BIO_s_mem())) == NULL)
		return;
	/* RFC 2253 escapes control and non-ASCII bytes: safe to print. */
	if (X509_NAME_print_ex(b, name, 0, XN_FLAG_RFC2253) >= 0 &&
	    (n = BIO_get_mem_data(b, &p)) > 0)
		snprintf(buf, len, "%.*s", n > INT_MAX ? INT_MAX : (int)n, p);
	BIO_free(b);
}

static void
hex_text(const unsigned char *p, size_t n, char *buf, size_t len)
{
	static const char digits[] = "0123456789abcdef";
	size_t i;

	if (len == 0)
		return;
	for (i = 0; i < n && 2 * i + 2 < len; i++) {
		buf[2 * i] = digits[p[i] >> 4];
		buf[2 * i + 1] = digits[p[i] & 15];
	}
	buf[2 * i] = '\0';
}

/* The first OpenSSL error with a reason, then an empty queue. */
static const char *
ssl_reason(void)
{
	const char *s = NULL;
	unsigned long e;

	while ((e = ERR_get_error()) != 0)
		if (s == NULL)
			s = ERR_reason_error_string(e);
	return s != NULL ? s : "unknown error";
}

void
x509_weak_sigalg(const ASN1_OBJECT *sigalg, struct sig_result *r)
{
	int md = NID_undef, pk = NID_undef;

	if (sigalg == NULL ||
	    OBJ_find_sigid_algs(OBJ_obj2nid(sigalg), &md, &pk) != 1)
		return;
	if (md == NID_md5 || md == NID_sha1 || md == NID_md5_sha1)
		r->flags |= SIG_WEAK_DIGEST;
}

/* ---- trust files ------------------------------------------------------- */

struct trust_load {
	STACK_OF(X509) *certs;
	EVP_PKEY **keys;
	size_t nkeys;
};

static int
load_add_key(struct trust_load *l, EVP_PKEY *k)
{
	EVP_PKEY **nk;

	if ((nk = reallocarray(l->keys, l->nkeys + 1, sizeof(*nk))) == NULL)
		return -1;
	l->keys = nk;
	l->keys[l->nkeys++] = k;
	return 0;
}

static void
load_release(struct trust_load *l)
{
	size_t i;

	sk_X509_pop_free(l->certs, X509_free);
	for (i = 0; i < l->nkeys; i++)
		EVP_PKEY_free(l->keys[i]);
	free(l->keys);
}

/* One PEM block's body: 1 taken, 0 not a kind we take, -1 broken. */
static int
load_pem_block(struct trust_load *l, const char *name,
    const unsigned char *data, long len)
{
	const unsigned char *q = data;
	EVP_PKEY *k;
	X509 *x;

	if (strcmp(name, PEM_STRING_X509) == 0 ||
	    strcmp(name, PEM_STRING_X509_OLD) == 0 ||
	    strcmp(name, PEM_STRING_X509_TRUSTED) == 0) {
		x = strcmp(name, PEM_STRING_X509_TRUSTED) == 0 ?
		    d2i_X509_AUX(NULL, &q, len) : d2i_X509(NULL, &q, len);
		if (x == NULL || q != data + len ||
		    sk_X509_push(l->certs, x) == 0) {
			X509_free(x);
			return -1;
		}
		return 1;
	}
	if (strcmp(name, PEM_STRING_PUBLIC) == 0) {
		if ((k = d2i_PUBKEY(NULL, &q, len)) == NULL ||
		    q != data + len || load_add_key(l, k) == -1) {
			EVP_PKEY_free(k);
			return -1;
		}
		return 1;
	}
	return 0;
}

static enum sig_trust_add
load_pem(struct trust_load *l, const unsigned char *p, size_t n, char *why,
    size_t whylen)
{
	enum sig_trust_add ret = SIG_TRUST_NOT_MINE;
	char *name = NULL, *header = NULL;
	unsigned char *data = NULL;
	unsigned long e;
	BIO *b = NULL;
	int taken = 0, blocks = 0, rc;
	long len;

	if (n > INT_MAX || (b = BIO_new_mem_buf(p, (int)n)) == NULL) {
		snprintf(why, whylen, "PEM file too large");
		return SIG_TRUST_BAD;
	}
	for (;;) {
		ERR_clear_error();
		if (PEM_read_bio(b, &name, &header, &data, &len) != 1) {
			e = ERR_peek_last_error();
			if (ERR_GET_LIB(e) == ERR_LIB_PEM &&
			    ERR_GET_REASON(e) == PEM_R_NO_START_LINE)
				break;
			/* A block we may not own is broken: ours if named. */
			if (memmem(p, n, "CERTIFICATE-----", 16) != NULL ||
			    memmem(p, n, "PUBLIC KEY-----", 15) != NULL) {
				snprintf(why, whylen, "PEM block %d does not "
				    "decode: %s", blocks + 1, ssl_reason());
				ret = SIG_TRUST_BAD;
			}
			goto out;
		}
		blocks++;
		rc = load_pem_block(l, name, data, len);
		if (rc == -1) {
			snprintf(why, whylen, "PEM block %d (%.40s) does not "
			    "parse", blocks, name);
			ret = SIG_TRUST_BAD;
			goto out;
		}
		taken += rc;
		OPENSSL_free(name);
		OPENSSL_free(header);
		OPENSSL_free(data);
		name = header = NULL;
		data = NULL;
	}
	if (taken == 0) {
		snprintf(why, whylen, "no certificate or public key among %d "
		    "PEM blocks", blocks);
		goto out;
	}
	ret = SIG_TRUST_ADDED;
 out:
	ERR_clear_error();
	OPENSSL_free(name);
	OPENSSL_free(header);
	OPENSSL_free(data);
	BIO_free(b);
	return ret;
}

static enum sig_trust_add
load_der(struct trust_load *l, const unsigned char *p, size_t n, char *why,
    size_t whylen)
{
	const unsigned char *q = p;
	EVP_PKEY *k;
	X509 *x;

	if (n < 2 || p[0] != 0x30 || n > LONG_MAX) {
		snprintf(why, whylen, "not PEM and not a DER certificate or "
		    "public key");
		return SIG_TRUST_NOT_MINE;
	}
	if ((x = d2i_X509(NULL, &q, (long)n)) != NULL && q == p + n) {
		if (sk_X509_push(l->certs, x) == 0) {
			X509_free(x);
			snprintf(why, whylen, "out of memory");
			return SIG_TRUST_BAD;
		}
		return SIG_TRUST_ADDED;
	}
	X509_free(x);
	q = p;
	if ((k = d2i_PUBKEY(NULL, &q, (long)n)) != NULL && q == p + n) {
		if (load_add_key(l, k) == -1) {
			EVP_PKEY_free(k);
			snprintf(why, whylen, "out of memory");
			return SIG_TRUST_BAD;
		}
		return SIG_TRUST_ADDED;
	}
	EVP_PKEY_free(k);
	ERR_clear_error();
	snprintf(why, whylen, "DER data is neither a certificate nor a "
	    "SubjectPublicKeyInfo");
	return SIG_TRUST_NOT_MINE;
}

static int
key_fingerprint(EVP_PKEY *k, char *fpr, size_t len)
{
	unsigned char *der = NULL, md[EVP_MAX_MD_SIZE];
	unsigned mdlen = 0;
	int n, rc = -1;

	if ((n = i2d_PUBKEY(k, &der)) <= 0)
		return -1;
	if (EVP_Digest(der, (size_t)n, md, &mdlen, EVP_sha256(), NULL) == 1) {
		hex_text(md, mdlen, fpr, len);
		rc = 0;
	}
	OPENSSL_free(der);
	return rc;
}

/* Moves everything l holds into t; nothing moves unless all can. */
static int
trust_commit(struct sig_trust *t, struct trust_load *l, const char *name)
{
	struct sig_rawkey *raw;
	X509 *x;
	size_t i;

	if (t->store == NULL && sk_X509_num(l->certs) > 0 &&
	    (t->store = X509_STORE_new()) == NULL)
		return -1;
	if (t->certs == NULL && (t->certs = sk_X509_new_null()) == NULL)
		return -1;
	if (l->nkeys > 0) {
		if ((raw = reallocarray(t->raw, t->nraw + l->nkeys,
		    sizeof(*raw))) == NULL)
			return -1;
		t->raw = raw;
		for (i = 0; i < l->nkeys; i++) {
			raw = &t->raw[t->nraw];
			memset(raw, 0, sizeof(*raw));
			if (key_fingerprint(l->keys[i], raw->fpr,
			    sizeof(raw->fpr)) == -1)
				return -1;
			snprintf(raw->name, sizeof(raw->name), "%s", name);
			raw->key = l->keys[i];
			l->keys[i] = NULL;
			t->nraw++;
		}
	}
	while ((x = sk_X509_shift(l->certs)) != NULL) {
		if (X509_STORE_add_cert(t->store, x) != 1 ||
		    sk_X509_push(t->certs, x) == 0) {
			X509_free(x);
			return -1;
		}
	}
	return 0;
}

enum sig_trust_add
x509_trust_add(struct sig_trust *t, const char *name, const unsigned char *p,
    size_t n, char *why, size_t whylen)
{
	struct trust_load l;
	enum sig_trust_add ret;

	memset(&l, 0, sizeof(l));
	if ((l.certs = sk_X509_new_null()) == NULL) {
		snprintf(why, whylen, "out of memory");
		return SIG_TRUST_BAD;
	}
	if (memmem(p, n, "-----BEGIN ", 11) != NULL)
		ret = load_pem(&l, p, n, why, whylen);
	else
		ret = load_der(&l, p, n, why, whylen);
	if (ret == SIG_TRUST_ADDED && trust_commit(t, &l, name) == -1) {
		snprintf(why, whylen, "cannot add the certificates: %s",
		    ssl_reason());
		ret = SIG_TRUST_BAD;
	}
	load_release(&l);
	ERR_clear_error();
	return ret;
}

/* ---- chains ------------------------------------------------------------ */

struct chain_note {
	unsigned flags;
	int err;		/* first error other than time, 0 if none */
	int depth;
	char time_cert[160];	/* the certificate out of its validity */
};

static int
chain_note_cb(int ok, X509_STORE_CTX *ctx)
{
	struct chain_note *note = X509_STORE_CTX_get_app_data(ctx);
	X509 *x = X509_STORE_CTX_get_current_cert(ctx);
	int e = X509_STORE_CTX_get_error(ctx);

	if (ok)
		return 1;
	if (e == X509_V_ERR_CERT_HAS_EXPIRED ||
	    e == X509_V_ERR_CERT_NOT_YET_VALID) {
		note->flags |= e == X509_V_ERR_CERT_HAS_EXPIRED ?
		    SIG_CERT_EXPIRED : SIG_CERT_NOT_YET_VALID;
		if (note->time_cert[0] == '\0' && x != NULL)
			x509_name_line(X509_get_subject_name(x),
			    note->time_cert, sizeof(note->time_cert));
		return 1;
	}
	if (note->err == 0) {
		note->err = e;
		note->depth = X509_STORE_CTX_get_error_depth(ctx);
	}
	return 0;
}

enum sig_status
x509_chain(const struct sig_trust *t, X509 *leaf, STACK_OF(X509) *extra,
    int64_t at, int purpose, unsigned *flags, char *why, size_t whylen)
{
	struct chain_note note;
	X509_STORE_CTX *ctx = NULL;
	X509_VERIFY_PARAM *param;
	enum sig_status st = SIG_UNTRUSTED;
	char when[32];
	int ok;

	memset(&note, 0, sizeof(note));
	if (t->store == NULL) {
		snprintf(why, whylen, "no X.509 trust anchors were given");
		return SIG_UNTRUSTED;
	}
	if ((ctx = X509_STORE_CTX_new()) == NULL ||
	    X509_STORE_CTX_init(ctx, t->store, leaf, extra) != 1) {
		snprintf(why, whylen, "cannot build the chain: %s",
		    ssl_reason());
		goto out;
	}
	param = X509_STORE_CTX_get0_param(ctx);
	/* Every trust certificate is an anchor, CA or not. */
	X509_VERIFY_PARAM_set_flags(param, X509_V_FLAG_PARTIAL_CHAIN);
	X509_VERIFY_PARAM_set_time(param, (time_t)at);
	if (purpose != 0 && X509_STORE_CTX_set_purpose(ctx, purpose) != 1) {
		snprintf(why, whylen, "unknown certificate purpose");
		goto out;
	}
	X509_STORE_CTX_set_app_data(ctx, &note);
	X509_STORE_CTX_set_verify_cb(ctx, chain_note_cb);
	ok = X509_verify_cert(ctx);
	*flags |= note.flags;
	if (ok != 1 || note.err != 0) {
		snprintf(why, whylen, "no chain to a trust anchor: %s (depth "
		    "%d)", X509_verify_cert_error_string(note.err != 0 ?
		    note.err : X509_STORE_CTX_get_error(ctx)), note.depth);
		goto out;
	}
	if (note.flags & (SIG_CERT_EXPIRED | SIG_CERT_NOT_YET_VALID)) {
		x509_time_text(at, when, sizeof(when));
		snprintf(why, whylen, "certificate %s %s at %s", note.time_cert,
		    note.flags & SIG_CERT_EXPIRED ? "had expired" :
		    "was not yet valid", when);
		goto out;
	}
	st = SIG_VALID;
 out:
	X509_STORE_CTX_free(ctx);
	ERR_clear_error();
	return st;
}

void
x509_describe_signer(X509 *leaf, struct sig_result *r)
{
	unsigned char md[EVP_MAX_MD_SIZE];
	const ASN1_INTEGER *serial;
	unsigned mdlen = 0;
	EVP_PKEY *key;
	BIGNUM *bn;
	char *hex;

	x509_name_line(X509_get_subject_name(leaf), r->signer,
	    sizeof(r->signer));
	x509_name_line(X509_get_issuer_name(leaf), r->issuer,
	    sizeof(r->issuer));
	serial = X509_get0_serialNumber(leaf);
	if ((bn = ASN1_INTEGER_to_BN(serial, NULL)) != NULL &&
	    (hex = BN_bn2hex(bn)) != NULL) {
		snprintf(r->key_id, sizeof(r->key_id), "%s", hex);
		for (char *c = r->key_id; *c != '\0'; c++)
			if (*c >= 'A' && *c <= 'F')
				*c = (char)(*c - 'A' + 'a');
		OPENSSL_free(hex);
	}
	BN_free(bn);
	if (X509_digest(leaf, EVP_sha256(), md, &mdlen) == 1)
		hex_text(md, mdlen, r->key_fpr, sizeof(r->key_fpr));
	if ((key = X509_get0_pubkey(leaf)) != NULL)
		sig_describe_key(r, key);
	x509_weak_sigalg(X509_get0_tbs_sigalg(leaf)->algorithm, r);
	ERR_clear_error();
}

/*
 * Code signing: an EKU extension must list codeSigning (or
 * anyExtendedKeyUsage); a certificate with no EKU extension at all is
 * accepted, as RFC 5280 and Windows do (no restriction on its use).  Any
 * signature needs keyUsage, when present, to allow digitalSignature.
 */
static enum sig_status
check_usage(X509 *leaf, bool codesign, struct sig_result *r)
{
	uint32_t ku = X509_get_key_usage(leaf);
	uint32_t xku = X509_get_extended_key_usage(leaf);

	if (ku != UINT32_MAX && (ku & KU_DIGITAL_SIGNATURE) == 0) {
		if (codesign)
			r->flags |= SIG_NO_CODESIGN_USAGE;
		return sig_fail(r, SIG_UNTRUSTED, "signer certificate's key "
		    "usage does not allow digital signatures");
	}
	if (!codesign)
		return SIG_VALID;
	if (xku == UINT32_MAX) {
		x509_detail_add(r, "signer certificate has no extended key "
		    "usage (unrestricted)");
		return SIG_VALID;
	}
	if (xku & XKU_CODE_SIGN)
		return SIG_VALID;
	if (xku & XKU_ANYEKU) {
		x509_detail_add(r, "signer certificate allows any extended key "
		    "usage");
		return SIG_VALID;
	}
	r->flags |= SIG_NO_CODESIGN_USAGE;
	return sig_fail(r, SIG_UNTRUSTED, "signer certificate's extended key "
	    "usage lacks code signing");
}

enum sig_status
x509_check_signer(const struct sig_trust *t, X509 *leaf,
    STACK_OF(X509) *extra, int64_t at, bool codesign, struct sig_result *r)
{
	char why[sizeof(r->reason)];
	X509 *x;
	int i;

	x509_describe_signer(leaf, r);
	/* Weak signatures on the way up count too; the anchor's do not. */
	for (i = 0; i < sk_X509_num(extra); i++) {
		x = sk_X509_value(extra, i);
		if (X509_check_issued(x, x) != X509_V_OK)
			x509_weak_sigalg(X509_get0_tbs_sigalg(x)->algorithm,
			    r);
	}
	if (x509_chain(t, leaf, extra, at, 0, &r->flags, why,
	    sizeof(why)) != SIG_VALID)
		return sig_fail(r, SIG_UNTRUSTED, "%s", why);
	if (check_usage(leaf, codesign, r) != SIG_VALID)
		return r->status;
	r->status = SIG_VALID;
	r->reason[0] = '\0';
	return SIG_VALID;
}

/* ---- CMS --------------------------------------------------------------- */

bool
cms_sniff(const unsigned char *p, size_t n)
{
	const unsigned char *q = p, *oid;
	size_t span = n < PEM_SNIFF_SPAN ? n : PEM_SNIFF_SPAN;
	ASN1_OBJECT *obj = NULL;
	int tag, cls, ret;
	long len, max;
	bool yes = false;

	if (memmem(p, span, "-----BEGIN PKCS7-----", 21) != NULL ||
	    memmem(p, span, "-----BEGIN CMS-----", 19) != NULL)
		return true;
	if (n < 2 || p[0] != 0x30)
		return false;
	/* A ContentInfo: SEQUENCE { OID signedData, ... }. */
	max = n > LONG_MAX ? LONG_MAX : (long)n;
	ret = ASN1_get_object(&q, &len, &tag, &cls, max);
	if ((ret & 0x80) == 0 && tag == V_ASN1_SEQUENCE && (ret & 0x20)) {
		oid = q;
		if (d2i_ASN1_OBJECT(&obj, &oid, max - (long)(q - p)) != NULL)
			yes = OBJ_obj2nid(obj) == NID_pkcs7_signed;
		ASN1_OBJECT_free(obj);
	}
	ERR_clear_error();
	return yes;
}

/* Parses DER or PEM SignedData; NULL (and r failed) when it does not. */
static CMS_ContentInfo *
cms_parse(const unsigned char *sig, size_t siglen, struct sig_result *r)
{
	const unsigned char *q = sig;
	CMS_ContentInfo *cms = NULL;
	BIO *b;

	ERR_clear_error();
	if (siglen > INT_MAX) {
		sig_fail(r, SIG_MALFORMED, "signature of %zu bytes is too "
		    "large", siglen);
		return NULL;
	}
	if (siglen > 0 && sig[0] != 0x30) {
		if ((b = BIO_new_mem_buf(sig, (int)siglen)) != NULL)
			cms = PEM_read_bio_CMS(b, NULL, NULL, NULL);
		BIO_free(b);
	} else {
		cms = d2i_CMS_ContentInfo(NULL, &q, (long)siglen);
		if (cms != NULL && q != sig + siglen)
			x509_detail_add(r, "%zu bytes after the signature "
			    "ignored", siglen - (size_t)(q - sig));
	}
	if (cms == NULL) {
		sig_fail(r, SIG_MALFORMED, "CMS does not parse: %s",
		    ssl_reason());
		return NULL;
	}
	if (OBJ_obj2nid(CMS_get0_type(cms)) != NID_pkcs7_signed) {
		sig_fail(r, SIG_UNSUPPORTED, "CMS content type %s is not "
		    "SignedData", OBJ_nid2sn(OBJ_obj2nid(CMS_get0_type(cms))));
		CMS_ContentInfo_free(cms);
		return NULL;
	}
	return cms;
}

void
cms_describe_sid(CMS_SignerInfo *si, struct sig_result *r)
{
	ASN1_OCTET_STRING *keyid = NULL;
	ASN1_INTEGER *sno = NULL;
	X509_NAME *issuer = NULL;
	BIGNUM *bn;
	char *hex;

	if (CMS_SignerInfo_get0_signer_id(si, &keyid, &issuer, &sno) != 1)
		return;
	if (issuer != NULL)
		x509_name_line(issuer, r->issuer, sizeof(r->issuer));
	if (sno != NULL && (bn = ASN1_INTEGER_to_BN(sno, NULL)) != NULL) {
		if ((hex = BN_bn2hex(bn)) != NULL) {
			snprintf(r->key_id, sizeof(r->key_id), "%s", hex);
			OPENSSL_free(hex);
		}
		BN_free(bn);
	}
	if (keyid != NULL)
		hex_text(ASN1_STRING_get0_data(keyid),
		    (size_t)ASN1_STRING_length(keyid), r->key_id,
		    sizeof(r->key_id));
	ERR_clear_error();
}

static void
signing_time_attr(CMS_SignerInfo *si, struct sig_result *r)
{
	X509_ATTRIBUTE *a;
	ASN1_TYPE *v;
	int64_t when;
	int i;

	if ((i = CMS_signed_get_attr_by_NID(si, NID_pkcs9_signingTime,
	    -1)) < 0 || (a = CMS_signed_get_attr(si, i)) == NULL ||
	    (v = X509_ATTRIBUTE_get0_type(a, 0)) == NULL)
		return;
	if ((v->type == V_ASN1_UTCTIME || v->type == V_ASN1_GENERALIZEDTIME) &&
	    x509_time_unix(v->value.utctime, &when))
		r->signing_time = when;
}

/* Looks for an RFC 3161 token among si's unsigned attributes. */
static bool
cms_timestamp(const struct sig_trust *t, CMS_SignerInfo *si,
    STACK_OF(X509) *certs, struct sig_result *r)
{
	ASN1_OCTET_STRING *sigval = CMS_SignerInfo_get0_signature(si);
	X509_ATTRIBUTE *a;
	ASN1_TYPE *v;
	int i;

	if ((i = CMS_unsigned_get_attr_by_NID(si,
	    NID_id_smime_aa_timeStampToken, -1)) < 0)
		return false;
	if ((a = CMS_unsigned_get_attr(si, i)) == NULL ||
	    (v = X509_ATTRIBUTE_get0_type(a, 0)) == NULL ||
	    v->type != V_ASN1_SEQUENCE || sigval == NULL) {
		x509_detail_add(r, "timestamp attribute is not a token");
		return false;
	}
	return x509_timestamp(t, v->value.sequence->data,
	    (size_t)v->value.sequence->length, true,
	    ASN1_STRING_get0_data(sigval), (size_t)ASN1_STRING_length(sigval),
	    certs, r);
}

bool
cms_verify_parsed(const struct sig_trust *t, CMS_ContentInfo *cms,
    BIO *content, BIO *out, int64_t now, bool codesign,
    struct sig_result *r)
{
	STACK_OF(CMS_SignerInfo) *sis = CMS_get0_SignerInfos(cms);
	STACK_OF(X509) *certs = NULL;
	X509_ALGOR *dig, *sigalg;
	struct sig_result other;
	CMS_SignerInfo *si;
	EVP_PKEY *pk;
	X509 *signer;
	bool verified = false;
	int64_t at;
	int i, n;

	ERR_clear_error();
	if ((n = sk_CMS_SignerInfo_num(sis)) <= 0) {
		sig_fail(r, SIG_MALFORMED, "SignedData has no signer");
		goto out;
	}
	/* Signers' certificates: those carried, else the trust files'. */
	(void)CMS_set1_signers_certs(cms, t->certs, 0);
	ERR_clear_error();
	for (i = 0; i < n; i++) {
		si = sk_CMS_SignerInfo_value(sis, i);
		CMS_SignerInfo_get0_algs(si, &pk, &signer, &dig, &sigalg);
		if (i == 0 && dig != NULL)
			sig_describe_digest(r, OBJ_obj2nid(dig->algorithm));
		else if (dig != NULL && (OBJ_obj2nid(dig->algorithm) ==
		    NID_sha1 || OBJ_obj2nid(dig->algorithm) == NID_md5))
			r->flags |= SIG_WEAK_DIGEST;
		if (sigalg != NULL)
			x509_weak_sigalg(sigalg->algorithm, r);
		if (signer == NULL) {
			cms_describe_sid(si, r);
			sig_fail(r, SIG_UNTRUSTED, "signer %d's certificate "
			    "is neither in the signature nor among the trust "
			    "files; signature not checked", i + 1);
			goto out;
		}
	}
	if (CMS_verify(cms, NULL, NULL, content, out,
	    CMS_NO_SIGNER_CERT_VERIFY | CMS_BINARY) != 1) {
		si = sk_CMS_SignerInfo_value(sis, 0);
		CMS_SignerInfo_get0_algs(si, &pk, &signer, &dig, &sigalg);
		x509_describe_signer(signer, r);
		sig_fail(r, SIG_INVALID, "signature does not verify: %s",
		    ssl_reason());
		goto out;
	}
	verified = true;
	certs = CMS_get1_certs(cms);
	for (i = 0; i < n; i++) {
		si = sk_CMS_SignerInfo_value(sis, i);
		CMS_SignerInfo_get0_algs(si, &pk, &signer, &dig, &sigalg);
		if (i == 0) {
			signing_time_attr(si, r);
			at = cms_timestamp(t, si, certs, r) ?
			    r->signing_time : now;
			(void)x509_check_signer(t, signer, certs, at, codesign,
			    r);
			continue;
		}
		/* Further signers must hold too; the first one is shown. */
		sig_result_init(&other, r->kind);
		signing_time_attr(si, &other);
		at = cms_timestamp(t, si, certs, &other) ?
		    other.signing_time : now;
		r->flags |= other.flags & (SIG_WEAK_DIGEST | SIG_WEAK_KEY);
		if (x509_check_signer(t, signer, certs, at, codesign,
		    &other) != SIG_VALID && r->status == SIG_VALID) {
			r->flags |= other.flags;
			sig_fail(r, other.status, "signer %d: %s", i + 1,
			    other.reason);
		}
	}
	if (n > 1)
		x509_detail_add(r, "%d signers", n);
 out:
	sk_X509_pop_free(certs, X509_free);
	ERR_clear_error();
	return verified;
}

void
cms_verify_detached(const struct sig_trust *t, const struct sig_data *d,
    const unsigned char *sig, size_t siglen, int64_t now, bool codesign,
    struct sig_result *r)
{
	CMS_ContentInfo *cms;
	struct cms_source b;

	if ((cms = cms_parse(sig, siglen, r)) == NULL)
		return;
	if (CMS_is_detached(cms) != 1) {
		sig_fail(r, SIG_UNSUPPORTED, "SignedData carries its content: "
		    "an attached signature, not a detached one");
		goto out;
	}
	if (cms_source_open(&b, d, 0, d->size) == -1) {
		sig_fail(r, SIG_MALFORMED, "cannot read the signed file");
		goto out;
	}
	(void)cms_verify_parsed(t, cms, b.bio, NULL, now, codesign, r);
	if (b.failed)
		sig_fail(r, SIG_MALFORMED, "cannot read the signed file");
	cms_source_close(&b);
 out:
	CMS_ContentInfo_free(cms);
}

void
cms_verify_attached(const struct sig_trust *t, const unsigned char *sig,
    size_t siglen, int64_t now, bool codesign, unsigned char **contentp,
    size_t *contentlenp, struct sig_result *r)
{
	CMS_ContentInfo *cms;
	BIO *out = NULL;
	char *p;
	long n;

	*contentp = NULL;
	*contentlenp = 0;
	if ((cms = cms_parse(sig, siglen, r)) == NULL)
		return;
	if (CMS_is_detached(cms) == 1) {
		sig_fail(r, SIG_MALFORMED, "SignedData is detached: the "
		    "signed content is not in it");
		goto out;
	}
	if ((out = BIO_new(BIO_s_mem())) == NULL) {
		sig_fail(r, SIG_MALFORMED, "out of memory");
		goto out;
	}
	/* The content is only worth having when the signature holds. */
	if (!cms_verify_parsed(t, cms, NULL, out, now, codesign, r))
		goto out;
	n = BIO_get_mem_data(out, &p);
	if (n < 0 || (*contentp = malloc((size_t)n + 1)) == NULL) {
		sig_fail(r, SIG_MALFORMED, "out of memory");
		goto out;
	}
	if (n > 0)
		memcpy(*contentp, p, (size_t)n);
	(*contentp)[n] = '\0';
	*contentlenp = (size_t)n;
 out:
	BIO_free(out);
	CMS_ContentInfo_free(cms);
}
