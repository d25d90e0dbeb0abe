/*
 * X.509 trust files and CMS signatures (probes/signing/x509cms.c): a
 * private CA, an intermediate and leaves made at fixed dates (code
 * signing, no code-signing usage, expired, RSA-1024), detached and
 * attached SignedData made by the openssl command, RFC 3161 timestamps
 * made with OpenSSL's TS API and by `openssl ts`, and each verdict
 * cross-checked with `openssl cms -verify` at the same moment.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <CUnit/CUnit.h>
#include <openssl/cms.h>
#include <openssl/ts.h>

#include "x509fixture.h"

static EVP_PKEY *ca_key, *inter_key, *leaf_key, *noeku_key, *old_key,
    *weak_key, *other_key, *tsa_key;
static X509 *ca, *inter, *leaf, *noeku, *old, *weak, *other, *tsa;

static int
make_cert(X509 **x, EVP_PKEY **k, const char *name, bool rsa, unsigned bits,
    X509 *issuer, EVP_PKEY *issuer_key, int64_t from, int64_t to, bool isca,
    const char *eku)
{
	struct fx_cert_spec s = { name, NULL, issuer, issuer_key, from, to,
	    isca, eku, NULL };

	return fx_make_cert(x, k, &s, rsa, bits);
}

/* openssl cms -sign over data.bin with signer name; extra args after. */
static int
cms_sign(const char *name, const char *out, const char *md, bool attach,
    bool pem)
{
	char cert[64], key[64];
	const char *argv[24];
	int i = 0;

	snprintf(cert, sizeof(cert), "%s.pem", name);
	snprintf(key, sizeof(key), "%s.key", name);
	argv[i++] = "openssl";
	argv[i++] = "cms";
	argv[i++] = "-sign";
	argv[i++] = "-binary";
	argv[i++] = "-in";
	argv[i++] = fx_path("data.bin");
	argv[i++] = "-signer";
	argv[i++] = fx_path(cert);
	argv[i++] = "-inkey";
	argv[i++] = fx_path(key);
	argv[i++] = "-certfile";
	argv[i++] = fx_path("inter.pem");
	argv[i++] = "-md";
	argv[i++] = md;
	argv[i++] = "-outform";
	argv[i++] = pem ? "PEM" : "DER";
	if (attach)
		argv[i++] = "-nodetach";
	argv[i++] = "-out";
	argv[i++] = fx_path(out);
	argv[i] = NULL;
	return fx_run(argv);
}

/* Flips one byte of a copy of name at offset from its end. */
static int
tamper(const char *name, const char *out, size_t from_end)
{
	unsigned char *p;
	size_t n;
	int rc;

	if ((p = fx_read(name, &n)) == NULL || n < from_end)
		return free(p), -1;
	p[n - from_end] ^= 0x5a;
	rc = fx_write(out, p, n);
	free(p);
	return rc;
}

/*
 * Adds an RFC 3161 timestamp made at genTime when (by the tsa
 * certificate, with OpenSSL's TS responder) to sig's first signer.
 */
static long ts_when;

static ASN1_INTEGER *
ts_serial(TS_RESP_CTX *ctx, void *data)
{
	ASN1_INTEGER *s = ASN1_INTEGER_new();

	(void)ctx, (void)data;
	if (s != NULL)
		ASN1_INTEGER_set(s, 1);
	return s;
}

static int
ts_time(TS_RESP_CTX *ctx, void *data, long *sec, long *usec)
{
	(void)ctx, (void)data;
	*sec = ts_when;
	*usec = 0;
	return 1;
}

static int
add_timestamp(const char *in, const char *out, int64_t when)
{
	unsigned char md[32], *der = NULL, *p = NULL;
	const unsigned char *q;
	CMS_ContentInfo *cms = NULL;
	CMS_SignerInfo *si;
	TS_REQ *req = TS_REQ_new();
	TS_MSG_IMPRINT *imp = TS_MSG_IMPRINT_new();
	X509_ALGOR *alg = X509_ALGOR_new();
	TS_RESP_CTX *ctx = TS_RESP_CTX_new();
	TS_RESP *resp = NULL;
	ASN1_OCTET_STRING *sv;
	ASN1_OBJECT *policy = NULL;
	BIO *rb = NULL;
	size_t n;
	int len, rc = -1;
	unsigned mdlen;

	if ((p = fx_read(in, &n)) == NULL)
		goto out;
	q = p;
	if ((cms = d2i_CMS_ContentInfo(NULL, &q, (long)n)) == NULL)
		goto out;
	si = sk_CMS_SignerInfo_value(CMS_get0_SignerInfos(cms), 0);
	sv = CMS_SignerInfo_get0_signature(si);
	if (EVP_Digest(ASN1_STRING_get0_data(sv),
	    (size_t)ASN1_STRING_length(sv), md, &mdlen, EVP_sha256(),
	    NULL) != 1 ||
	    X509_ALGOR_set0(alg, OBJ_nid2obj(NID_sha256), V_ASN1_NULL,
	    NULL) != 1 ||
	    TS_MSG_IMPRINT_set_algo(imp, alg) != 1 ||
	    TS_MSG_IMPRINT_set_msg(imp, md, (int)mdlen) != 1 ||
	    TS_REQ_set_version(req, 1) != 1 ||
	    TS_REQ_set_msg_imprint(req, imp) != 1 ||
	    TS_REQ_set_cert_req(req, 1) != 1)
		goto out;
	if ((rb = BIO_new(BIO_s_mem())) == NULL ||
	    i2d_TS_REQ_bio(rb, req) != 1)
		goto out;
	ts_when = (long)when;
	if (TS_RESP_CTX_set_signer_cert(ctx, tsa) != 1 ||
	    TS_RESP_CTX_set_signer_key(ctx, tsa_key) != 1 ||
	    (policy = OBJ_txt2obj("1.2.3.4.1", 1)) == NULL ||
	    TS_RESP_CTX_set_def_policy(ctx, policy) != 1 ||
	    TS_RESP_CTX_add_md(ctx, EVP_sha256()) != 1)
		goto out;
	TS_RESP_CTX_set_serial_cb(ctx, ts_serial, NULL);
	TS_RESP_CTX_set_time_cb(ctx, ts_time, NULL);
	if ((resp = TS_RESP_create_response(ctx, rb)) == NULL ||
	    TS_RESP_get_token(resp) == NULL ||
	    (len = i2d_PKCS7(TS_RESP_get_token(resp), &der)) <= 0)
		goto out;
	if (CMS_unsigned_add1_attr_by_NID(si, NID_id_smime_aa_timeStampToken,
	    V_ASN1_SEQUENCE, der, len) != 1)
		goto out;
	OPENSSL_free(der);
	der = NULL;
	if ((len = i2d_CMS_ContentInfo(cms, &der)) <= 0)
		goto out;
	rc = fx_write(out, der, (size_t)len);
 out:
	ASN1_OBJECT_free(policy);
	OPENSSL_free(der);
	BIO_free(rb);
	TS_RESP_free(resp);
	TS_RESP_CTX_free(ctx);
	X509_ALGOR_free(alg);
	TS_MSG_IMPRINT_free(imp);
	TS_REQ_free(req);
	CMS_ContentInfo_free(cms);
	free(p);
	return rc;
}

static int
suite_init(void)
{
	unsigned char data[70000];
	X509 *bundle[3];
	size_t i;

	if (fx_mkdir("x509cms") == -1)
		return -1;
	for (i = 0; i < sizeof(data); i++)
		data[i] = (unsigned char)(i * 131 + (i >> 8));
	if (fx_write("data.bin", data, sizeof(data)) == -1)
		return -1;
	data[5000] ^= 1;
	if (fx_write("data2.bin", data, sizeof(data)) == -1)
		return -1;
	if (make_cert(&ca, &ca_key, "ca", false, 0, NULL, NULL, T2020, T2040,
	    true, NULL) == -1 ||
	    make_cert(&inter, &inter_key, "inter", false, 0, ca, ca_key, T2020,
	    T2040, true, NULL) == -1 ||
	    make_cert(&leaf, &leaf_key, "leaf", true, 2048, inter, inter_key,
	    T2024, T2030, false, "codeSigning") == -1 ||
	    make_cert(&noeku, &noeku_key, "noeku", false, 0, inter, inter_key,
	    T2024, T2030, false, "emailProtection") == -1 ||
	    make_cert(&old, &old_key, "old", false, 0, inter, inter_key, T2020,
	    T2021, false, "codeSigning") == -1 ||
	    make_cert(&weak, &weak_key, "weak", true, 1024, inter, inter_key,
	    T2024, T2030, false, "codeSigning") == -1 ||
	    make_cert(&other, &other_key, "other", false, 0, NULL, NULL, T2020,
	    T2040, true, NULL) == -1 ||
	    make_cert(&tsa, &tsa_key, "tsa", false, 0, ca, ca_key, T2019,
	    T2040, false, "critical,timeStamping") == -1)
		return -1;
	bundle[0] = ca;
	bundle[1] = other;
	bundle[2] = NULL;
	if (fx_write_certs(fx_path("bundle.pem"), bundle) == -1)
		return -1;
	if (cms_sign("leaf", "det.p7s", "sha256", false, false) != 0 ||
	    cms_sign("leaf", "det.pem", "sha256", false, true) != 0 ||
	    cms_sign("leaf", "att.p7m", "sha256", true, false) != 0 ||
	    cms_sign("leaf", "sha1.p7s", "sha1", false, false) != 0 ||
	    cms_sign("noeku", "noeku.p7s", "sha256", false, false) != 0 ||
	    cms_sign("old", "old.p7s", "sha256", false, false) != 0 ||
	    cms_sign("weak", "weak.p7s", "sha256", false, false) != 0)
		return -1;
	/* The RSA signature value ends the DER: flip a byte in it. */
	if (tamper("det.p7s", "badsig.p7s", 7) == -1 ||
	    add_timestamp("old.p7s", "old-ts.p7s", T2020_6) == -1 ||
	    add_timestamp("old.p7s", "old-late-ts.p7s", T2022) == -1)
		return -1;
	return 0;
}

static int
suite_cleanup(void)
{
	EVP_PKEY *keys[] = { ca_key, inter_key, leaf_key, noeku_key, old_key,
	    weak_key, other_key, tsa_key };
	X509 *certs[] = { ca, inter, leaf, noeku, old, weak, other, tsa };

	return fx_cleanup(keys, certs, FX_NROWS(keys));
}

/* openssl cms -verify at moment at against anchor; its exit status. */
static int
openssl_verify(const char *sig, const char *data, const char *anchor,
    int64_t at, bool partial)
{
	char when[32];
	const char *argv[24];
	int i = 0;

	snprintf(when, sizeof(when), "%lld", (long long)at);
	argv[i++] = "openssl";
	argv[i++] = "cms";
	argv[i++] = "-verify";
	argv[i++] = "-binary";
	argv[i++] = "-purpose";
	argv[i++] = "any";
	argv[i++] = "-attime";
	argv[i++] = when;
	argv[i++] = "-inform";
	argv[i++] = strstr(sig, ".pem") != NULL ? "PEM" : "DER";
	argv[i++] = "-in";
	argv[i++] = fx_path(sig);
	argv[i++] = "-CAfile";
	argv[i++] = fx_path(anchor);
	if (partial)
		argv[i++] = "-partial_chain";
	if (data != NULL) {
		argv[i++] = "-content";
		argv[i++] = fx_path(data);
	}
	argv[i++] = "-out";
	argv[i++] = "/dev/null";
	argv[i] = NULL;
	return fx_run(argv);
}

struct row {
	const char *what;
	const char *sig;
	const char *data;
	const char *anchor;		/* NULL: no trust at all */
	int64_t now;
	bool codesign;
	enum sig_status want;
	unsigned flags;			/* must be set */
	unsigned noflags;		/* must be clear */
	int xcheck;			/* 1: openssl must accept, 0: refuse,
					   -1: no independent check */
};

static void
verify_file(const char *sig, const char *data, const char *anchor,
    int64_t now, bool codesign, struct sig_result *r)
{
	const char *names[] = { anchor, NULL };
	struct sig_trust t;
	struct sig_data d = { -1, 0, NULL };
	unsigned char *s, *content;
	size_t slen, clen = 0;

	sig_trust_init(&t);
	if (anchor != NULL)
		CU_ASSERT_FATAL(fx_trust(&t, names) == 0);
	s = fx_read(sig, &slen);
	content = fx_read(data, &clen);
	CU_ASSERT_FATAL(s != NULL && content != NULL);
	d.mem = content;
	d.size = clen;
	sig_result_init(r, "cms");
	cms_verify_detached(&t, &d, s, slen, now, codesign, r);
	free(s);
	free(content);
	sig_trust_release(&t);
}

static void
test_detached_rows(void)
{
	static const struct row rows[] = {
		{ "valid", "det.p7s", "data.bin", "ca.pem", T2026_6, false,
		    SIG_VALID, 0, SIG_WEAK_DIGEST | SIG_WEAK_KEY, 1 },
		{ "valid PEM", "det.pem", "data.bin", "ca.pem", T2026_6, false,
		    SIG_VALID, 0, 0, 1 },
		{ "valid, code signing", "det.p7s", "data.bin", "ca.pem",
		    T2026_6, true, SIG_VALID, 0, SIG_NO_CODESIGN_USAGE, -1 },
		{ "anchor in a bundle", "det.p7s", "data.bin", "bundle.pem",
		    T2026_6, false, SIG_VALID, 0, 0, 1 },
		{ "tampered content", "det.p7s", "data2.bin", "ca.pem",
		    T2026_6, false, SIG_INVALID, 0, 0, 0 },
		{ "tampered signature", "badsig.p7s", "data.bin", "ca.pem",
		    T2026_6, false, SIG_INVALID, 0, 0, 0 },
		{ "wrong anchor", "det.p7s", "data.bin", "other.pem", T2026_6,
		    false, SIG_UNTRUSTED, 0, 0, 0 },
		{ "no anchor", "det.p7s", "data.bin", NULL, T2026_6, false,
		    SIG_UNTRUSTED, 0, 0, -1 },
		{ "expired", "old.p7s", "data.bin", "ca.pem", T2026_6, false,
		    SIG_UNTRUSTED, SIG_CERT_EXPIRED, 0, 0 },
		{ "expired, valid then", "old.p7s", "data.bin", "ca.pem",
		    T2020_6, false, SIG_VALID, 0, SIG_CERT_EXPIRED, 1 },
		{ "not yet valid", "det.p7s", "data.bin", "ca.pem", T2022,
		    false, SIG_UNTRUSTED, SIG_CERT_NOT_YET_VALID, 0, 0 },
		{ "weak key", "weak.p7s", "data.bin", "ca.pem", T2026_6, false,
		    SIG_VALID, SIG_WEAK_KEY, 0, 1 },
		{ "sha1", "sha1.p7s", "data.bin", "ca.pem", T2026_6, false,
		    SIG_VALID, SIG_WEAK_DIGEST, 0, 1 },
		{ "no code-signing usage", "noeku.p7s", "data.bin", "ca.pem",
		    T2026_6, true, SIG_UNTRUSTED, SIG_NO_CODESIGN_USAGE, 0,
		    -1 },
		{ "other usage, not code", "noeku.p7s", "data.bin", "ca.pem",
		    T2026_6, false, SIG_VALID, 0, SIG_NO_CODESIGN_USAGE, 1 },
		{ "timestamp inside validity", "old-ts.p7s", "data.bin",
		    "ca.pem", T2026_6, true, SIG_VALID, SIG_TIMESTAMPED,
		    SIG_CERT_EXPIRED, -1 },
		{ "timestamp after expiry", "old-late-ts.p7s", "data.bin",
		    "ca.pem", T2026_6, true, SIG_UNTRUSTED,
		    SIG_TIMESTAMPED | SIG_CERT_EXPIRED, 0, -1 },
		{ "timestamp, tampered content", "old-ts.p7s", "data2.bin",
		    "ca.pem", T2026_6, true, SIG_INVALID, 0, 0, -1 },
	};
	struct sig_result r;
	size_t i;
	int x;

	for (i = 0; i < FX_NROWS(rows); i++) {
		verify_file(rows[i].sig, rows[i].data, rows[i].anchor,
		    rows[i].now, rows[i].codesign, &r);
		fx_check_verdict(rows[i].what, &r, rows[i].want,
		    rows[i].flags, rows[i].noflags);
		ASSAY_CHECKF(r.status == SIG_VALID || r.reason[0] != '\0',
		    "%s: no reason", rows[i].what);
		if (rows[i].xcheck < 0)
			continue;
		x = openssl_verify(rows[i].sig, rows[i].data, rows[i].anchor,
		    rows[i].now, false);
		ASSAY_CHECKF((x == 0) == (rows[i].xcheck == 1),
		    "%s: openssl cms -verify exit %d", rows[i].what, x);
		ASSAY_CHECKF((x == 0) == (r.status == SIG_VALID),
		    "%s: assay %d disagrees with openssl %d", rows[i].what,
		    r.status, x);
	}
}

/*
 * A token from the `openssl ts` command (its own responder code, the ESS
 * signing certificate v2 attribute, the time of day), added to a copy of
 * det.p7s: the timestamp verifies and names the authority.
 */
static void
test_openssl_ts_token(void)
{
	static const char cnf[] = "[ tsa ]\ndefault_tsa = t\n[ t ]\n"
	    "serial = tsaserial\nsigner_digest = sha256\n"
	    "default_policy = 1.2.3.4.1\ndigests = sha256\n"
	    "ess_cert_id_alg = sha256\n";
	unsigned char *p = NULL, *tok = NULL, *der = NULL;
	const unsigned char *q;
	CMS_ContentInfo *cms = NULL;
	ASN1_OCTET_STRING *sv;
	CMS_SignerInfo *si;
	struct sig_result r;
	size_t n, toklen;
	int len;
	char cwd[4096];
	const char *query[] = { "openssl", "ts", "-query", "-data", "sigval",
	    "-sha256", "-cert", "-out", "q.tsq", NULL };
	const char *reply[] = { "openssl", "ts", "-reply", "-config", "ts.cnf",
	    "-queryfile", "q.tsq", "-signer", "tsa.pem", "-inkey", "tsa.key",
	    "-token_out", "-out", "tok.der", NULL };

	p = fx_read("det.p7s", &n);
	CU_ASSERT_FATAL(p != NULL);
	q = p;
	cms = d2i_CMS_ContentInfo(NULL, &q, (long)n);
	CU_ASSERT_FATAL(cms != NULL);
	si = sk_CMS_SignerInfo_value(CMS_get0_SignerInfos(cms), 0);
	sv = CMS_SignerInfo_get0_signature(si);
	CU_ASSERT_FATAL(fx_write("sigval", ASN1_STRING_get0_data(sv),
	    (size_t)ASN1_STRING_length(sv)) == 0 &&
	    fx_write("ts.cnf", cnf, sizeof(cnf) - 1) == 0 &&
	    fx_write("tsaserial", "01\n", 3) == 0);
	/* The tool takes the file names relative to the suite's folder. */
	CU_ASSERT_FATAL(getcwd(cwd, sizeof(cwd)) != NULL &&
	    chdir(fx_dir) == 0);
	CU_ASSERT(fx_run(query) == 0 && fx_run(reply) == 0);
	CU_ASSERT_FATAL(chdir(cwd) == 0);
	tok = fx_read("tok.der", &toklen);
	CU_ASSERT_FATAL(tok != NULL);
	CU_ASSERT_FATAL(CMS_unsigned_add1_attr_by_NID(si,
	    NID_id_smime_aa_timeStampToken, V_ASN1_SEQUENCE, tok,
	    (int)toklen) == 1);
	CU_ASSERT_FATAL((len = i2d_CMS_ContentInfo(cms, &der)) > 0);
	CU_ASSERT_FATAL(fx_write("det-ts.p7s", der, (size_t)len) == 0);

	verify_file("det-ts.p7s", "data.bin", "ca.pem", T2026_6, false, &r);
	ASSAY_CHECKF(r.flags & SIG_TIMESTAMPED, "flags 0x%x: %s", r.flags,
	    r.detail);
	CU_ASSERT(r.signing_time > T2024);
	ASSAY_CHECKF(strcmp(r.timestamp_authority, "CN=tsa,O=assay tests") ==
	    0, "%s", r.timestamp_authority);
	/* Under another anchor the authority is not trusted: no time. */
	verify_file("det-ts.p7s", "data.bin", "other.pem", T2026_6, false,
	    &r);
	CU_ASSERT((r.flags & SIG_TIMESTAMPED) == 0);
	OPENSSL_free(der);
	free(tok);
	CMS_ContentInfo_free(cms);
	free(p);
}

static void
test_signer_facts(void)
{
	struct sig_result r;
	char fpr[65];

	verify_file("det.p7s", "data.bin", "ca.pem", T2026_6, false, &r);
	CU_ASSERT(r.status == SIG_VALID);
	fx_cert_fpr(leaf, fpr);
	ASSAY_CHECKF(strcmp(r.key_fpr, fpr) == 0, "fpr %s", r.key_fpr);
	ASSAY_CHECKF(strcmp(r.signer, "CN=leaf,O=assay tests") == 0,
	    "signer %s", r.signer);
	ASSAY_CHECKF(strcmp(r.issuer, "CN=inter,O=assay tests") == 0,
	    "issuer %s", r.issuer);
	ASSAY_CHECKF(strcmp(r.key_alg, "rsa") == 0 && r.key_bits == 2048,
	    "key %s %u", r.key_alg, r.key_bits);
	ASSAY_CHECKF(strcmp(r.digest_alg, "sha256") == 0, "digest %s",
	    r.digest_alg);
	CU_ASSERT(r.key_id[0] != '\0');
	/* openssl cms puts a signingTime attribute: reported, not trusted. */
	CU_ASSERT(r.signing_time > 0);
	CU_ASSERT((r.flags & SIG_TIMESTAMPED) == 0);

	verify_file("old-ts.p7s", "data.bin", "ca.pem", T2026_6, true, &r);
	CU_ASSERT(r.signing_time == T2020_6);
	ASSAY_CHECKF(strcmp(r.timestamp_authority, "CN=tsa,O=assay tests") ==
	    0, "tsa %s", r.timestamp_authority);

	/* The intermediate alone is an anchor too (every trust cert is). */
	verify_file("det.p7s", "data.bin", "inter.pem", T2026_6, false, &r);
	CU_ASSERT(r.status == SIG_VALID);
	CU_ASSERT(openssl_verify("det.p7s", "data.bin", "inter.pem", T2026_6,
	    true) == 0);
}

/* A file read through a descriptor streams like one in memory. */
static void
test_detached_fd(void)
{
	const char *names[] = { "ca.pem", NULL };
	struct sig_data d = { -1, 0, NULL };
	struct sig_trust t;
	struct sig_result r;
	unsigned char *s;
	size_t slen;
	FILE *f;

	CU_ASSERT_FATAL(fx_trust(&t, names) == 0);
	s = fx_read("det.p7s", &slen);
	f = fopen(fx_path("data.bin"), "r");
	CU_ASSERT_FATAL(s != NULL && f != NULL);
	d.fd = fileno(f);
	d.size = 70000;
	sig_result_init(&r, "cms");
	cms_verify_detached(&t, &d, s, slen, T2026_6, false, &r);
	CU_ASSERT(r.status == SIG_VALID);
	/* A descriptor shorter than it claims is a read error. */
	d.size = 80000;
	sig_result_init(&r, "cms");
	cms_verify_detached(&t, &d, s, slen, T2026_6, false, &r);
	CU_ASSERT(r.status == SIG_MALFORMED);
	fclose(f);
	free(s);
	sig_trust_release(&t);
}

static void
test_attached(void)
{
	const char *names[] = { "ca.pem", NULL };
	struct sig_data d = { -1, 0, NULL };
	unsigned char *s, *data, *content = NULL, *hit;
	struct sig_trust t;
	struct sig_result r;
	size_t slen, dlen, clen = 0;

	CU_ASSERT_FATAL(fx_trust(&t, names) == 0);
	s = fx_read("att.p7m", &slen);
	data = fx_read("data.bin", &dlen);
	CU_ASSERT_FATAL(s != NULL && data != NULL);
	sig_result_init(&r, "cms");
	cms_verify_attached(&t, s, slen, T2026_6, false, &content, &clen, &r);
	CU_ASSERT(r.status == SIG_VALID);
	CU_ASSERT(clen == dlen && content != NULL &&
	    memcmp(content, data, dlen) == 0);
	free(content);
	CU_ASSERT(openssl_verify("att.p7m", NULL, "ca.pem", T2026_6,
	    false) == 0);

	/* Tampered content inside the signature: no content comes back. */
	hit = memmem(s, slen, data + 3000, 64);
	CU_ASSERT_FATAL(hit != NULL);
	hit[10] ^= 1;
	CU_ASSERT_FATAL(fx_write("att-bad.p7m", s, slen) == 0);
	sig_result_init(&r, "cms");
	cms_verify_attached(&t, s, slen, T2026_6, false, &content, &clen, &r);
	CU_ASSERT(r.status == SIG_INVALID);
	CU_ASSERT(content == NULL && clen == 0);
	CU_ASSERT(openssl_verify("att-bad.p7m", NULL, "ca.pem", T2026_6,
	    false) != 0);
	free(s);

	/* Attached given as detached and the other way round. */
	d.mem = data;
	d.size = dlen;
	s = fx_read("att.p7m", &slen);
	sig_result_init(&r, "cms");
	cms_verify_detached(&t, &d, s, slen, T2026_6, false, &r);
	CU_ASSERT(r.status == SIG_UNSUPPORTED);
	free(s);
	s = fx_read("det.p7s", &slen);
	sig_result_init(&r, "cms");
	cms_verify_attached(&t, s, slen, T2026_6, false, &content, &clen, &r);
	CU_ASSERT(r.status == SIG_MALFORMED && content == NULL);
	free(s);
	free(data);
	sig_trust_release(&t);
}

static void
test_malformed(void)
{
	static const unsigned char junk[] = { 0x30, 0x82, 0xff, 0xff, 0x06,
	    0x09, 0x2a, 0x86 };
	struct sig_data d = { -1, 4, (const unsigned char *)"data" };
	struct sig_trust t;
	struct sig_result r;
	unsigned char *s;
	size_t slen;

	sig_trust_init(&t);
	sig_result_init(&r, "cms");
	cms_verify_detached(&t, &d, junk, sizeof(junk), T2026_6, false, &r);
	CU_ASSERT(r.status == SIG_MALFORMED);
	s = fx_read("det.p7s", &slen);
	CU_ASSERT_FATAL(s != NULL);
	sig_result_init(&r, "cms");
	cms_verify_detached(&t, &d, s, slen / 2, T2026_6, false, &r);
	CU_ASSERT(r.status == SIG_MALFORMED);
	free(s);
	sig_trust_release(&t);
}

static void
test_sniff(void)
{
	unsigned char *p;
	size_t n;

	p = fx_read("det.p7s", &n);
	CU_ASSERT(p != NULL && cms_sniff(p, n));
	free(p);
	p = fx_read("det.pem", &n);
	CU_ASSERT(p != NULL && cms_sniff(p, n));
	free(p);
	p = fx_read("leaf.pem", &n);
	CU_ASSERT(p != NULL && !cms_sniff(p, n));
	free(p);
	CU_ASSERT(!cms_sniff((const unsigned char *)"\x30\x03\x02\x01\x01",
	    5));
	CU_ASSERT(!cms_sniff((const unsigned char *)"", 0));
}

static enum sig_trust_add
add_bytes(struct sig_trust *t, const void *p, size_t n)
{
	char why[256];

	return x509_trust_add(t, "test", p, n, why, sizeof(why));
}

static void
test_trust_files(void)
{
	unsigned char *der = NULL, *p, md[32];
	struct sig_trust t;
	char fpr[65];
	size_t n, i;
	int len;

	sig_trust_init(&t);
	p = fx_read("bundle.pem", &n);
	CU_ASSERT_FATAL(p != NULL);
	CU_ASSERT(add_bytes(&t, p, n) == SIG_TRUST_ADDED);
	CU_ASSERT(sk_X509_num(t.certs) == 2 && t.store != NULL);
	/* A broken base64 line makes the file BAD, and adds nothing. */
	p[40] = '*';
	CU_ASSERT(add_bytes(&t, p, n) == SIG_TRUST_BAD);
	CU_ASSERT(sk_X509_num(t.certs) == 2);
	free(p);

	len = i2d_X509(leaf, &der);
	CU_ASSERT_FATAL(len > 0);
	CU_ASSERT(add_bytes(&t, der, (size_t)len) == SIG_TRUST_ADDED);
	CU_ASSERT(sk_X509_num(t.certs) == 3);
	CU_ASSERT(add_bytes(&t, der, (size_t)len - 1) == SIG_TRUST_NOT_MINE);
	OPENSSL_free(der);
	der = NULL;

	/* Bare public keys, PEM and DER, with their SPKI fingerprint. */
	len = i2d_PUBKEY(leaf_key, &der);
	CU_ASSERT_FATAL(len > 0);
	CU_ASSERT(add_bytes(&t, der, (size_t)len) == SIG_TRUST_ADDED);
	CU_ASSERT_FATAL(t.nraw == 1);
	EVP_Digest(der, (size_t)len, md, NULL, EVP_sha256(), NULL);
	for (i = 0; i < 32; i++)
		snprintf(fpr + 2 * i, 3, "%02x", md[i]);
	ASSAY_CHECKF(strcmp(t.raw[0].fpr, fpr) == 0, "%s", t.raw[0].fpr);
	CU_ASSERT(strcmp(t.raw[0].name, "test") == 0);
	CU_ASSERT(EVP_PKEY_eq(t.raw[0].key, leaf_key) == 1);
	OPENSSL_free(der);
	{
		BIO *b = BIO_new(BIO_s_mem());
		char *pem;
		long plen;

		CU_ASSERT_FATAL(b != NULL && PEM_write_bio_PUBKEY(b,
		    other_key) == 1);
		plen = BIO_get_mem_data(b, &pem);
		CU_ASSERT(add_bytes(&t, pem, (size_t)plen) ==
		    SIG_TRUST_ADDED);
		CU_ASSERT(t.nraw == 2);
		pem[40] = '!';
		CU_ASSERT(add_bytes(&t, pem, (size_t)plen) == SIG_TRUST_BAD);
		BIO_free(b);
	}

	/* Not ours: text, private keys alone. */
	CU_ASSERT(add_bytes(&t, "hello\n", 6) == SIG_TRUST_NOT_MINE);
	p = fx_read("leaf.key", &n);
	CU_ASSERT(p != NULL && add_bytes(&t, p, n) == SIG_TRUST_NOT_MINE);
	free(p);
	CU_ASSERT(sk_X509_num(t.certs) == 3 && t.nraw == 2);
	sig_trust_release(&t);
}

static CU_TestInfo tests[] = {
	{ "detached: verdicts agree with openssl cms", test_detached_rows },
	{ "signer facts and timestamp authority", test_signer_facts },
	{ "a token from openssl ts", test_openssl_ts_token },
	{ "detached over a descriptor", test_detached_fd },
	{ "attached", test_attached },
	{ "malformed signatures", test_malformed },
	{ "sniffing", test_sniff },
	{ "trust files", test_trust_files },
	CU_TEST_INFO_NULL,
};

static CU_SuiteInfo suites[] = {
	{ "x509cms", suite_init, suite_cleanup, assay_test_setup,
	    assay_test_teardown, tests },
	CU_SUITE_INFO_NULL,
};

int
main(void)
{
	return assay_test_run(suites);
}
