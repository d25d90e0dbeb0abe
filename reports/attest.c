/*
 * attestation.dsse.json: the bundle's in-toto Statement v1 with a SLSA
 * verification summary (v1) as its predicate, in a DSSE envelope signed
 * with the lab key; and, when an RFC 3161 authority is named, its token
 * over the signature as attestation.tsr.
 *
 * Invariants: the statement is derived only from the bundle's own files
 * (manifest.json and the digests of every other file) and the verdict, so
 * that assay verify can derive it again and compare; its bytes are
 * Jansson's compact form with sorted keys, so the same scan gives the same
 * payload; only the PAE of those exact bytes is signed.
 *
 * Reproducibility: Ed25519 signatures are deterministic, so with
 * SOURCE_DATE_EPOCH an Ed25519-signed bundle is byte-for-byte the same
 * every run.  ECDSA signatures are randomised, so a P-256-signed bundle
 * differs in its signature (and so in SHA256SUMS) each run while its
 * payload stays the same.  A timestamp token can never be reproduced: it
 * carries the authority's clock, serial number and our random nonce (a
 * nonce has to be unpredictable to show the answer is fresh), so a bundle
 * with attestation.tsr is reproducible up to that file and SHA256SUMS.
 */
#include "attest.h"
#include "reports.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <openssl/bn.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <openssl/ts.h>
#include <openssl/x509.h>

#include "assay/buf.h"
#include "bundlefs.h"
#include "digest.h"
#include "fetch.h"
#include "jsonout.h"
#include "keys.h"

#define VERIFIER_ID		"urn:assay:verifier"
#define PROFILE_URN		"urn:assay:profile:"
#define NO_PROFILE_URN		"urn:assay:no-profile"
#define ANN_WAIVERS		"urn:assay:waivers"
#define ANN_DATA		"urn:assay:data"
#define ANN_AS_OF		"urn:assay:asOf"

#define TSA_QUERY_TYPE		"application/timestamp-query"
#define TSA_NONCE_BYTES		8

/* Room for a percent-encoded name of a 4096-byte path. */
#define URI_MAX			(3 * 4096 + 64)

/* Sets o[k] to v, which it takes; clears *ok when that fails. */
static void
set(json_t *o, const char *k, json_t *v, bool *ok)
{
	if (json_object_set_new(o, k, v) != 0)
		*ok = false;
}

static void
append(json_t *a, json_t *v, bool *ok)
{
	if (json_array_append_new(a, v) != 0)
		*ok = false;
}

/*
 * Percent-encodes every byte but RFC 3986's unreserved characters, so
 * that any file name or profile id becomes a valid URI component.
 */
static json_t *
pct_encode(const char *prefix, const char *s, const char *sep,
    const char *s2)
{
	static const char hex[] = "0123456789ABCDEF";
	struct assay_buf b = ASSAY_BUF_INIT(URI_MAX);
	const char *parts[2] = { s, s2 };
	const unsigned char *p;
	json_t *v = NULL;
	char esc[3];
	size_t i;
	bool ok;

	ok = assay_buf_adds(&b, prefix) == ASSAY_OK;
	for (i = 0; i < 2 && ok; i++) {
		if (parts[i] == NULL)
			continue;
		if (i == 1 && assay_buf_adds(&b, sep) != ASSAY_OK)
			ok = false;
		for (p = (const unsigned char *)parts[i]; *p != '\0' && ok;
		    p++) {
			if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' &&
			    *p <= 'z') || (*p >= '0' && *p <= '9') ||
			    *p == '-' || *p == '.' || *p == '_' || *p == '~') {
				ok = assay_buf_add(&b, p, 1) == ASSAY_OK;
				continue;
			}
			esc[0] = '%';
			esc[1] = hex[*p >> 4];
			esc[2] = hex[*p & 0x0f];
			ok = assay_buf_add(&b, esc, 3) == ASSAY_OK;
		}
	}
	if (ok)
		v = json_stringn(b.data != NULL ? b.data : "", b.len);
	assay_buf_release(&b);
	return v;
}

/* A string member of o that is lower-case hex of n bytes, or NULL. */
static const char *
hex_member(json_t *o, const char *key, size_t n)
{
	const char *s = json_string_value(json_object_get(o, key));
	size_t i;

	if (s == NULL || strlen(s) != 2 * n)
		return NULL;
	for (i = 0; i < 2 * n; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' &&
		    s[i] <= 'f')))
			return NULL;
	return s;
}

static json_t *
digest_set(const char *alg, const char *hex, const char *alg2,
    const char *hex2, bool *ok)
{
	json_t *d;

	if ((d = json_object()) == NULL) {
		*ok = false;
		return NULL;
	}
	set(d, alg, json_string(hex), ok);
	if (alg2 != NULL)
		set(d, alg2, json_string(hex2), ok);
	return d;
}

static enum assay_err
subjects(json_t *manifest, json_t **subjp, const char **firstp,
    struct assay_error *err)
{
	const char *sha256, *sha512, *name;
	json_t *arts, *a, *subj, *o;
	bool ok = true;
	size_t i;

	*subjp = NULL;
	*firstp = NULL;
	arts = json_object_get(manifest, "artefacts");
	if (!json_is_array(arts) || json_array_size(arts) == 0)
		return assay_seterr(err, ASSAY_ERR_INVALID, "%s: no "
		    "artefacts to attest", ASSAY_BUNDLE_MANIFEST);
	if ((subj = json_array()) == NULL)
		return assay_seterr(err, ASSAY_ERR_NOMEM, "out of memory");
	json_array_foreach(arts, i, a) {
		sha256 = hex_member(a, "sha256", 32);
		sha512 = hex_member(a, "sha512", 64);
		name = json_string_value(json_object_get(a, "name"));
		if (sha256 == NULL || sha512 == NULL) {
			json_decref(subj);
			return assay_seterr(err, ASSAY_ERR_INVALID, "%s: "
			    "artefacts[%zu] lacks a sha256 or sha512 digest",
			    ASSAY_BUNDLE_MANIFEST, i);
		}
		if (i == 0)
			*firstp = name != NULL ? name : "";
		if ((o = json_object()) == NULL) {
			ok = false;
			break;
		}
		/* The spec allows no name where none is known. */
		if (name != NULL)
			set(o, "name", json_string(name), &ok);
		set(o, "digest", digest_set("sha256", sha256, "sha512", sha512,
		    &ok), &ok);
		append(subj, o, &ok);
	}
	if (!ok) {
		json_decref(subj);
		return assay_seterr(err, ASSAY_ERR_NOMEM, "out of memory");
	}
	*subjp = subj;
	return ASSAY_OK;
}

/* The profile as the policy, with what else shaped the verdict. */
static enum assay_err
policy(json_t *manifest, json_t **policyp, struct assay_error *err)
{
	json_t *prof, *o = NULL, *ann, *v;
	const char *id, *sha;
	bool ok = true;

	*policyp = NULL;
	prof = json_object_get(manifest, "profile");
	if ((o = json_object()) == NULL)
		return assay_seterr(err, ASSAY_ERR_NOMEM, "out of memory");
	if (json_is_object(prof)) {
		id = json_string_value(json_object_get(prof, "id"));
		sha = hex_member(prof, "sha256", 32);
		if (id == NULL || sha == NULL) {
			json_decref(o);
			return assay_seterr(err, ASSAY_ERR_INVALID, "%s: the "
			    "profile record lacks its id or sha256",
			    ASSAY_BUNDLE_MANIFEST);
		}
		set(o, "uri", pct_encode(PROFILE_URN, id, "@",
		    json_string_value(json_object_get(prof, "version"))), &ok);
		set(o, "digest", digest_set("sha256", sha, NULL, NULL, &ok),
		    &ok);
	} else
		set(o, "uri", json_string(NO_PROFILE_URN), &ok);
	if ((ann = json_object()) == NULL) {
		json_decref(o);
		return assay_seterr(err, ASSAY_ERR_NOMEM, "out of memory");
	}
	v = json_object_get(manifest, "waivers");
	set(ann, ANN_WAIVERS, v != NULL ? json_deep_copy(v) : json_null(),
	    &ok);
	v = json_object_get(manifest, "data");
	set(ann, ANN_DATA, json_is_array(v) ? json_deep_copy(v) :
	    json_array(), &ok);
	v = json_object_get(manifest, "as_of");
	set(ann, ANN_AS_OF, json_is_string(v) ? json_deep_copy(v) :
	    json_null(), &ok);
	set(o, "annotations", ann, &ok);
	if (!ok) {
		json_decref(o);
		return assay_seterr(err, ASSAY_ERR_NOMEM, "out of memory");
	}
	*policyp = o;
	return ASSAY_OK;
}

/* Every file of the bundle the statement covers, with its digest. */
static enum assay_err
evidence(int dirfd, json_t **evp, struct assay_error *err)
{
	struct assay_bundlefs_list l = { NULL, 0 };
	enum assay_err r = ASSAY_ERR_INTERNAL;
	unsigned char md[32];
	json_t *a = NULL, *o, *name;
	char hex[65];
	bool ok = true;
	size_t i;

	*evp = NULL;
	if ((r = assay_bundlefs_list(dirfd, &l, err)) != ASSAY_OK)
		goto out;
	if ((a = json_array()) == NULL) {
		r = assay_seterr(err, ASSAY_ERR_NOMEM, "out of memory");
		goto out;
	}
	for (i = 0; i < l.n && ok; i++) {
		if (!l.v[i].regular ||
		    strcmp(l.v[i].name, ASSAY_BUNDLE_DSSE) == 0 ||
		    strcmp(l.v[i].name, ASSAY_BUNDLE_TSR) == 0 ||
		    strcmp(l.v[i].name, ASSAY_BUNDLE_SUMS) == 0)
			continue;
		/*
		 * assay writes only ASCII names; a name that is not UTF-8 can
		 * only have been added later, and SHA256SUMS reports it.
		 */
		if ((name = json_string(l.v[i].name)) == NULL)
			continue;
		if ((r = assay_bundlefs_sha256(dirfd, l.v[i].name, md, err)) !=
		    ASSAY_OK) {
			json_decref(name);
			goto out;
		}
		assay_hex(md, sizeof(md), hex);
		if ((o = json_object()) == NULL) {
			json_decref(name);
			ok = false;
			break;
		}
		set(o, "name", name, &ok);
		set(o, "digest", digest_set("sha256", hex, NULL, NULL, &ok),
		    &ok);
		append(a, o, &ok);
	}
	if (!ok) {
		r = assay_seterr(err, ASSAY_ERR_NOMEM, "out of memory");
		goto out;
	}
	*evp = a;
	a = NULL;
	r = ASSAY_OK;
 out:
	json_decref(a);
	assay_bundlefs_list_release(&l);
	return r;
}

enum assay_err
assay_attest_statement(int dirfd, json_t *manifest, const char *result,
    json_t **stmtp, struct assay_error *err)
{
	json_t *stmt = NULL, *pred = NULL, *subj = NULL, *pol = NULL;
	json_t *ev = NULL, *verifier, *version, *levels;
	enum assay_err r = ASSAY_ERR_INTERNAL;
	const char *first, *finished, *tool;
	bool ok = true;

	*stmtp = NULL;
	finished = json_string_value(json_object_get(manifest, "finished"));
	tool = json_string_value(json_object_get(json_object_get(manifest,
	    "tool"), "version"));
	if (finished == NULL || tool == NULL) {
		r = assay_seterr(err, ASSAY_ERR_INVALID, "%s: no %s",
		    ASSAY_BUNDLE_MANIFEST, finished == NULL ? "finished time" :
		    "tool version");
		goto out;
	}
	if ((r = subjects(manifest, &subj, &first, err)) != ASSAY_OK ||
	    (r = policy(manifest, &pol, err)) != ASSAY_OK ||
	    (r = evidence(dirfd, &ev, err)) != ASSAY_OK)
		goto out;
	if ((stmt = json_object()) == NULL || (pred = json_object()) == NULL ||
	    (verifier = json_object()) == NULL) {
		r = assay_seterr(err, ASSAY_ERR_NOMEM, "out of memory");
		goto out;
	}
	set(pred, "verifier", verifier, &ok);
	set(verifier, "id", json_string(VERIFIER_ID), &ok);
	if ((version = json_object()) == NULL)
		ok = false;
	set(verifier, "version", version, &ok);
	set(version, "assay", json_string(tool), &ok);
	set(pred, "timeVerified", json_string(finished), &ok);
	set(pred, "resourceUri", pct_encode("", first, NULL, NULL), &ok);
	set(pred, "policy", pol, &ok);
	pol = NULL;
	set(pred, "inputAttestations", json_array(), &ok);
	set(pred, "verificationResult", json_string(result), &ok);
	if ((levels = json_array()) == NULL)
		ok = false;
	else if (strcmp(result, "PASSED") != 0)
		append(levels, json_string("FAILED"), &ok);
	set(pred, "verifiedLevels", levels, &ok);
	set(pred, ASSAY_EVIDENCE_KEY, ev, &ok);
	ev = NULL;

	set(stmt, "_type", json_string(ASSAY_STATEMENT_TYPE), &ok);
	set(stmt, "subject", subj, &ok);
	subj = NULL;
	set(stmt, "predicateType", json_string(ASSAY_VSA_TYPE), &ok);
	set(stmt, "predicate", pred, &ok);
	pred = NULL;
	if (!ok) {
		r = assay_seterr(err, ASSAY_ERR_NOMEM, "out of memory "
		    "building the statement");
		goto out;
	}
	*stmtp = stmt;
	stmt = NULL;
	r = ASSAY_OK;
 out:
	json_decref(stmt);
	json_decref(pred);
	json_decref(subj);
	json_decref(pol);
	json_decref(ev);
	return r;
}

enum assay_err
assay_dsse_pae(const char *type, const unsigned char *body, size_t n,
    unsigned char **paep, size_t *lenp, struct assay_error *err)
{
	struct assay_buf b = ASSAY_BUF_INIT(SIZE_MAX - 1);

	*paep = NULL;
	*lenp = 0;
	if (assay_buf_addf(&b, "DSSEv1 %zu %s %zu ", strlen(type), type, n) !=
	    ASSAY_OK || assay_buf_add(&b, body, n) != ASSAY_OK ||
	    (*paep = (unsigned char *)assay_buf_detach(&b, lenp)) == NULL) {
		assay_buf_release(&b);
		return assay_seterr(err, ASSAY_ERR_NOMEM, "out of memory");
	}
	return ASSAY_OK;
}

/* Pure Ed25519 takes no digest; ECDSA here is always over SHA-256. */
static const EVP_MD *
sign_md(const EVP_PKEY *k)
{
	return strcmp(assay_key_type(k), "ed25519") == 0 ? NULL :
	    EVP_sha256();
}

enum assay_err
assay_dsse_sign(EVP_PKEY *k, const unsigned char *msg, size_t n,
    unsigned char **sigp, size_t *siglenp, struct assay_error *err)
{
	enum assay_err r = ASSAY_ERR_INTERNAL;
	unsigned char *sig = NULL;
	EVP_MD_CTX *ctx = NULL;
	size_t len = 0;

	*sigp = NULL;
	*siglenp = 0;
	if (assay_key_type(k) == NULL) {
		r = assay_seterr(err, ASSAY_ERR_USAGE, "the signing key is "
		    "neither Ed25519 nor ECDSA P-256");
		goto out;
	}
	if ((ctx = EVP_MD_CTX_new()) == NULL ||
	    EVP_DigestSignInit(ctx, NULL, sign_md(k), NULL, k) != 1 ||
	    EVP_DigestSign(ctx, NULL, &len, msg, n) != 1) {
		r = assay_seterr_crypto(err, "cannot sign the attestation");
		goto out;
	}
	if ((sig = malloc(len)) == NULL) {
		r = assay_seterr(err, ASSAY_ERR_NOMEM, "out of memory");
		goto out;
	}
	if (EVP_DigestSign(ctx, sig, &len, msg, n) != 1) {
		r = assay_seterr_crypto(err, "cannot sign the attestation");
		goto out;
	}
	/* A fault while signing must not leave a bad signature behind. */
	if (!assay_dsse_verify(k, msg, n, sig, len)) {
		r = assay_seterr(err, ASSAY_ERR_CRYPTO, "the attestation's "
		    "signature does not verify with the signing key");
		goto out;
	}
	*sigp = sig;
	*siglenp = len;
	sig = NULL;
	r = ASSAY_OK;
 out:
	free(sig);
	EVP_MD_CTX_free(ctx);
	return r;
}

bool
assay_dsse_verify(EVP_PKEY *k, const unsigned char *msg, size_t n,
    const unsigned char *sig, size_t siglen)
{
	EVP_MD_CTX *ctx = NULL;
	bool ok = false;

	if (assay_key_type(k) == NULL)
		return false;
	ok = (ctx = EVP_MD_CTX_new()) != NULL &&
	    EVP_DigestVerifyInit(ctx, NULL, sign_md(k), NULL, k) == 1 &&
	    EVP_DigestVerify(ctx, sig, siglen, msg, n) == 1;
	EVP_MD_CTX_free(ctx);
	ERR_clear_error();
	return ok;
}

/* Standard base64 with padding, no line breaks; the caller frees it. */
static char *
b64_encode(const unsigned char *p, size_t n)
{
	size_t outlen;
	char *out;

	if (n > (size_t)INT_MAX / 4 * 3 - 3)
		return NULL;
	outlen = 4 * ((n + 2) / 3) + 1;
	if ((out = malloc(outlen)) == NULL)
		return NULL;
	if (EVP_EncodeBlock((unsigned char *)out, p, (int)n) < 0) {
		free(out);
		return NULL;
	}
	return out;
}

enum assay_err
assay_b64_decode(const char *s, size_t n, unsigned char **outp,
    size_t *lenp)
{
	unsigned char *norm = NULL, *out = NULL;
	enum assay_err r = ASSAY_ERR_INVALID;
	size_t i, len, pad, padded;
	int got;
	char c;

	*outp = NULL;
	*lenp = 0;
	/* Padding is optional: drop it, then put back exactly what fits. */
	len = n;
	for (pad = 0; pad < 2 && len > 0 && s[len - 1] == '='; pad++)
		len--;
	/* Padding, when given, must make whole quanta. */
	if (len % 4 == 1 || (pad > 0 && n % 4 != 0) ||
	    len > (size_t)INT_MAX - 4)
		goto out;
	padded = (len + 3) / 4 * 4;
	if ((norm = malloc(padded + 1)) == NULL ||
	    (out = malloc(padded / 4 * 3 + 1)) == NULL) {
		r = ASSAY_ERR_NOMEM;
		goto out;
	}
	for (i = 0; i < len; i++) {
		c = s[i];
		if (c == '-')
			c = '+';
		else if (c == '_')
			c = '/';
		else if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
		    (c >= '0' && c <= '9') || c == '+' || c == '/'))
			goto out;
		norm[i] = (unsigned char)c;
	}
	for (; i < padded; i++)
		norm[i] = '=';
	norm[padded] = '\0';
	if (padded == 0) {
		*outp = out;
		out = NULL;
		r = ASSAY_OK;
		goto out;
	}
	/* EVP_DecodeBlock counts the padding's zero bytes too. */
	if ((got = EVP_DecodeBlock(out, norm, (int)padded)) < 0 ||
	    (size_t)got != padded / 4 * 3)
		goto out;
	*lenp = (size_t)got - (padded - len);
	*outp = out;
	out = NULL;
	r = ASSAY_OK;
 out:
	free(norm);
	free(out);
	ERR_clear_error();
	return r;
}

/* Writes the DSSE envelope; sig NULL: unsigned ("signatures": []). */
static enum assay_err
write_envelope(int dirfd, const char *payload, const char *keyid,
    const char *sig, struct assay_error *err)
{
	struct assay_jsonout *w = NULL;
	enum assay_err r;

	if ((r = assay_jsonout_create(dirfd, ASSAY_BUNDLE_DSSE, &w, err)) !=
	    ASSAY_OK)
		return r;
	assay_jsonout_begin_object(w);
	assay_jsonout_kstring(w, "payload", payload);
	assay_jsonout_kstring(w, "payloadType", ASSAY_DSSE_PAYLOAD_TYPE);
	assay_jsonout_key(w, "signatures");
	assay_jsonout_begin_array(w);
	if (sig != NULL) {
		assay_jsonout_begin_object(w);
		assay_jsonout_kstring(w, "keyid", keyid);
		assay_jsonout_kstring(w, "sig", sig);
		assay_jsonout_end_object(w);
	}
	assay_jsonout_end_array(w);
	assay_jsonout_end_object(w);
	return assay_jsonout_finish(w, err);
}

/* A bad answer from the authority: OpenSSL's reasons, as a network fault. */
static enum assay_err
tsa_fail(struct assay_error *err, const char *url, const char *why)
{
	char what[512];

	(void)snprintf(what, sizeof(what), "timestamp authority %s %s", url,
	    why);
	(void)assay_seterr_crypto(err, what);
	if (err != NULL)
		err->code = ASSAY_ERR_NET;
	return ASSAY_ERR_NET;
}

/* An RFC 3161 request for SHA-256 of data, with a random nonce. */
static enum assay_err
ts_request(const unsigned char *data, size_t n, TS_REQ **reqp,
    struct assay_error *err)
{
	unsigned char md[32], nonce_bytes[TSA_NONCE_BYTES];
	enum assay_err r = ASSAY_ERR_INTERNAL;
	TS_MSG_IMPRINT *mi = NULL;
	ASN1_INTEGER *nonce = NULL;
	X509_ALGOR *alg = NULL;
	unsigned int mdlen = 0;
	TS_REQ *req = NULL;
	BIGNUM *bn = NULL;

	*reqp = NULL;
	if (EVP_Digest(data, n, md, &mdlen, EVP_sha256(), NULL) != 1 ||
	    mdlen != sizeof(md) ||
	    RAND_bytes(nonce_bytes, sizeof(nonce_bytes)) != 1 ||
	    (bn = BN_bin2bn(nonce_bytes, sizeof(nonce_bytes), NULL)) == NULL ||
	    (nonce = BN_to_ASN1_INTEGER(bn, NULL)) == NULL ||
	    (alg = X509_ALGOR_new()) == NULL ||
	    X509_ALGOR_set0(alg, OBJ_nid2obj(NID_sha256), V_ASN1_NULL,
	    NULL) != 1 ||
	    (mi = TS_MSG_IMPRINT_new()) == NULL ||
	    TS_MSG_IMPRINT_set_algo(mi, alg) != 1 ||
	    TS_MSG_IMPRINT_set_msg(mi, md, (int)sizeof(md)) != 1 ||
	    (req = TS_REQ_new()) == NULL ||
	    TS_REQ_set_version(req, 1) != 1 ||
	    TS_REQ_set_msg_imprint(req, mi) != 1 ||
	    TS_REQ_set_nonce(req, nonce) != 1 ||
	    TS_REQ_set_cert_req(req, 1) != 1) {
		r = assay_seterr_crypto(err, "cannot build the timestamp "
		    "request");
		goto out;
	}
	*reqp = req;
	req = NULL;
	r = ASSAY_OK;
 out:
	TS_REQ_free(req);
	TS_MSG_IMPRINT_free(mi);
	X509_ALGOR_free(alg);
	ASN1_INTEGER_free(nonce);
	BN_free(bn);
	return r;
}

/*
 * Asks the authority at s->tsa_url to stamp data (the signature, or the
 * PAE of an unsigned envelope), checks that the answer grants a token for
 * exactly that imprint and our nonce, and stores the answer as it came.
 * The token's own signature is not checked here: that needs the
 * authority's CA, which verification is given, not the scan.
 */
static enum assay_err
timestamp(int dirfd, const struct assay_scan_summary *s,
    const unsigned char *data, size_t n, struct assay_error *err)
{
	enum assay_err r = ASSAY_ERR_INTERNAL;
	unsigned char *der = NULL, *resp = NULL;
	const unsigned char *p;
	TS_VERIFY_CTX *vctx = NULL;
	TS_RESP *tsr = NULL;
	TS_REQ *req = NULL;
	size_t resplen = 0;
	int derlen;

	if ((r = ts_request(data, n, &req, err)) != ASSAY_OK)
		goto out;
	if ((derlen = i2d_TS_REQ(req, &der)) <= 0) {
		r = assay_seterr_crypto(err, "cannot encode the timestamp "
		    "request");
		goto out;
	}
	if ((r = assay_fetch_post(s->fetch, s->tsa_url, TSA_QUERY_TYPE, der,
	    (size_t)derlen, ASSAY_TSR_MAX, &resp, &resplen, err)) !=
	    ASSAY_OK) {
		r = assay_seterr(err, r, "cannot get a timestamp: %s",
		    err != NULL ? err->msg : "the request failed");
		goto out;
	}
	p = resp;
	if ((tsr = d2i_TS_RESP(NULL, &p, (long)resplen)) == NULL ||
	    p != resp + resplen) {
		r = tsa_fail(err, s->tsa_url, "answered with something that "
		    "is not a DER TimeStampResp");
		goto out;
	}
	/*
	 * Status granted, version 1, our imprint and our nonce.  Not the
	 * signature or the TSA name: those need a trusted CA.
	 */
	if ((vctx = TS_REQ_to_TS_VERIFY_CTX(req, NULL)) == NULL) {
		r = assay_seterr_crypto(err, "cannot check the timestamp");
		goto out;
	}
	TS_VERIFY_CTX_set_flags(vctx, TS_VFY_VERSION | TS_VFY_IMPRINT |
	    TS_VFY_NONCE);
	if (TS_RESP_get_token(tsr) == NULL ||
	    TS_RESP_verify_response(vctx, tsr) != 1) {
		r = tsa_fail(err, s->tsa_url, "refused, or answered another "
		    "request");
		goto out;
	}
	r = assay_bundlefs_write(dirfd, ASSAY_BUNDLE_TSR, resp, resplen, err);
 out:
	TS_VERIFY_CTX_free(vctx);
	TS_RESP_free(tsr);
	TS_REQ_free(req);
	OPENSSL_free(der);
	free(resp);
	return r;
}

enum assay_err
assay_write_attestation(int dirfd, const struct assay_scan_summary *s,
    struct assay_error *err)
{
	enum assay_err r = ASSAY_ERR_INTERNAL;
	unsigned char *pae = NULL, *sig = NULL;
	char *body = NULL, *payload = NULL, *sig64 = NULL;
	json_t *manifest = NULL, *stmt = NULL;
	size_t bodylen, paelen = 0, siglen = 0;
	const char *result;
	char keyid[65] = "";

	if (s->sign_key != NULL && assay_key_type(s->sign_key) == NULL) {
		r = assay_seterr(err, ASSAY_ERR_USAGE, "the signing key is "
		    "neither Ed25519 nor ECDSA P-256; assay keygen makes one "
		    "that is");
		goto out;
	}
	if (s->tsa_url != NULL && s->fetch == NULL) {
		r = assay_seterr(err, ASSAY_ERR_USAGE, "a timestamp authority "
		    "was named but no network options were given");
		goto out;
	}
	if ((r = assay_bundlefs_json(dirfd, ASSAY_BUNDLE_MANIFEST,
	    ASSAY_MANIFEST_MAX, &manifest, err)) != ASSAY_OK)
		goto out;
	/* Without a verdict nothing was judged, so nothing passed. */
	result = s->verdict != NULL &&
	    s->verdict->result == ASSAY_RESULT_PASSED ? "PASSED" : "FAILED";
	if ((r = assay_attest_statement(dirfd, manifest, result, &stmt,
	    err)) != ASSAY_OK)
		goto out;
	if ((body = json_dumps(stmt, JSON_COMPACT | JSON_SORT_KEYS)) == NULL) {
		r = assay_seterr(err, ASSAY_ERR_NOMEM, "out of memory "
		    "serialising the statement");
		goto out;
	}
	bodylen = strlen(body);
	/* Base64 grows it by a third; verify reads at most ASSAY_DSSE_MAX. */
	if (bodylen > ASSAY_DSSE_MAX / 2) {
		r = assay_seterr(err, ASSAY_ERR_LIMIT, "the statement is "
		    "larger than %zu bytes", ASSAY_DSSE_MAX / 2);
		goto out;
	}
	if ((r = assay_dsse_pae(ASSAY_DSSE_PAYLOAD_TYPE,
	    (const unsigned char *)body, bodylen, &pae, &paelen, err)) !=
	    ASSAY_OK)
		goto out;
	if (s->sign_key != NULL) {
		if ((r = assay_dsse_sign(s->sign_key, pae, paelen, &sig,
		    &siglen, err)) != ASSAY_OK ||
		    (r = assay_key_id(s->sign_key, keyid, err)) != ASSAY_OK)
			goto out;
		if ((sig64 = b64_encode(sig, siglen)) == NULL) {
			r = assay_seterr(err, ASSAY_ERR_NOMEM, "out of memory");
			goto out;
		}
	}
	if ((payload = b64_encode((const unsigned char *)body, bodylen)) ==
	    NULL) {
		r = assay_seterr(err, ASSAY_ERR_NOMEM, "out of memory");
		goto out;
	}
	if ((r = write_envelope(dirfd, payload, keyid, sig64, err)) !=
	    ASSAY_OK)
		goto out;
	if (s->tsa_url != NULL)
		r = timestamp(dirfd, s, sig != NULL ? sig : pae,
		    sig != NULL ? siglen : paelen, err);
 out:
	free(sig64);
	free(payload);
	free(sig);
	free(pae);
	free(body);
	json_decref(stmt);
	json_decref(manifest);
	return r;
}
