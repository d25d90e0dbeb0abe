/*
 * Kernel module signatures (probes/signing/kmodsig.c): a fake .ko signed
 * the way the kernel's sign-file does it (`openssl cms -sign -binary
 * -noattr -nocerts`, detached DER, by issuer and serial or by subject key
 * identifier), followed by struct module_signature and the marker.  Cases:
 * valid, tampered module, wrong certificate, truncated or inconsistent
 * trailers; the CMS alone is cross-checked with `openssl cms -verify`.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <CUnit/CUnit.h>

#include "x509fixture.h"

#define MARKER	"~Module signature appended~\n"

static EVP_PKEY *key, *other_key, *sha1_key;
static X509 *cert, *other, *sha1_cert;

static int
make_cert(X509 **x, EVP_PKEY **k, const char *name, const char *md)
{
	struct fx_cert_spec s = { name, NULL, NULL, NULL, T2020, T2040, false,
	    "codeSigning", md };

	return fx_make_cert(x, k, &s, true, 2048);
}

/* Signs mod.ko as sign-file does and writes the signed module to out. */
static int
sign_module(const char *signer, const char *md, bool keyid, const char *out)
{
	char c[64], k[64];
	const char *argv[24];
	unsigned char *mod = NULL, *sig = NULL, *all = NULL, info[12];
	size_t modlen, siglen;
	int i = 0, rc = -1;

	snprintf(c, sizeof(c), "%s.pem", signer);
	snprintf(k, sizeof(k), "%s.key", signer);
	argv[i++] = "openssl";
	argv[i++] = "cms";
	argv[i++] = "-sign";
	argv[i++] = "-binary";
	argv[i++] = "-noattr";
	argv[i++] = "-nocerts";
	argv[i++] = "-outform";
	argv[i++] = "DER";
	argv[i++] = "-md";
	argv[i++] = md;
	if (keyid)
		argv[i++] = "-keyid";
	argv[i++] = "-in";
	argv[i++] = fx_path("mod.ko");
	argv[i++] = "-signer";
	argv[i++] = fx_path(c);
	argv[i++] = "-inkey";
	argv[i++] = fx_path(k);
	argv[i++] = "-out";
	argv[i++] = fx_path("mod.p7s");
	argv[i] = NULL;
	if (fx_run(argv) != 0 ||
	    (mod = fx_read("mod.ko", &modlen)) == NULL ||
	    (sig = fx_read("mod.p7s", &siglen)) == NULL ||
	    (all = malloc(modlen + siglen + 12 + strlen(MARKER))) == NULL)
		goto out;
	memset(info, 0, sizeof(info));
	info[2] = 2;			/* PKEY_ID_PKCS7 */
	info[8] = (unsigned char)(siglen >> 24);
	info[9] = (unsigned char)(siglen >> 16);
	info[10] = (unsigned char)(siglen >> 8);
	info[11] = (unsigned char)siglen;
	memcpy(all, mod, modlen);
	memcpy(all + modlen, sig, siglen);
	memcpy(all + modlen + siglen, info, 12);
	memcpy(all + modlen + siglen + 12, MARKER, strlen(MARKER));
	rc = fx_write(out, all, modlen + siglen + 12 + strlen(MARKER));
 out:
	free(mod);
	free(sig);
	free(all);
	return rc;
}

static int
suite_init(void)
{
	unsigned char mod[20000];
	size_t i;

	if (fx_mkdir("kmodsig") == -1 ||
	    make_cert(&cert, &key, "signing_key", NULL) == -1 ||
	    make_cert(&other, &other_key, "other", NULL) == -1 ||
	    make_cert(&sha1_cert, &sha1_key, "sha1", "sha1") == -1)
		return -1;
	memset(mod, 0, sizeof(mod));
	memcpy(mod, "\177ELF\2\1\1", 7);
	for (i = 64; i < sizeof(mod); i++)
		mod[i] = (unsigned char)(i ^ (i >> 7));
	if (fx_write("mod.ko", mod, sizeof(mod)) == -1 ||
	    sign_module("signing_key", "sha256", false, "signed.ko") == -1 ||
	    sign_module("signing_key", "sha512", true, "skid.ko") == -1 ||
	    sign_module("sha1", "sha1", false, "sha1.ko") == -1)
		return -1;
	return 0;
}

static int
suite_cleanup(void)
{
	EVP_PKEY *keys[] = { key, other_key, sha1_key };
	X509 *certs[] = { cert, other, sha1_cert };

	return fx_cleanup(keys, certs, FX_NROWS(keys));
}

static void
verify_bytes(const unsigned char *p, size_t n, const char *anchor,
    struct sig_result *r)
{
	const char *names[] = { anchor, NULL };
	struct sig_data d = { -1, n, p };
	struct sig_trust t;

	sig_trust_init(&t);
	if (anchor != NULL)
		CU_ASSERT_FATAL(fx_trust(&t, names) == 0);
	sig_result_init(r, "kmod");
	kmod_verify(&t, &d, T2026_6, r);
	sig_trust_release(&t);
}

static void
test_rows(void)
{
	static const struct {
		const char *what, *file, *anchor;
		enum sig_status want;
		unsigned flags;
	} rows[] = {
		{ "valid", "signed.ko", "signing_key.pem", SIG_VALID, 0 },
		{ "valid, signer by key id", "skid.ko", "signing_key.pem",
		    SIG_VALID, 0 },
		{ "wrong certificate", "signed.ko", "other.pem", SIG_UNTRUSTED,
		    0 },
		{ "no trust", "signed.ko", NULL, SIG_UNTRUSTED, 0 },
		{ "sha1", "sha1.ko", "sha1.pem", SIG_VALID, SIG_WEAK_DIGEST },
	};
	struct sig_result r;
	unsigned char *p;
	size_t n, i;

	for (i = 0; i < FX_NROWS(rows); i++) {
		p = fx_read(rows[i].file, &n);
		CU_ASSERT_FATAL(p != NULL);
		verify_bytes(p, n, rows[i].anchor, &r);
		ASSAY_CHECKF(r.status == rows[i].want, "%s: status %d (%s)",
		    rows[i].what, r.status, r.reason);
		ASSAY_CHECKF((r.flags & rows[i].flags) == rows[i].flags,
		    "%s: flags 0x%x", rows[i].what, r.flags);
		free(p);
	}
}

static void
test_facts_and_openssl(void)
{
	const char *argv[] = { "openssl", "cms", "-verify", "-binary",
	    "-inform", "DER", "-in", NULL, "-content", NULL, "-certfile",
	    NULL, "-CAfile", NULL, "-purpose", "any", "-attime",
	    "1780272000", "-out", "/dev/null", NULL };
	struct sig_result r;
	unsigned char *p;
	char fpr[65];
	size_t n;

	p = fx_read("signed.ko", &n);
	CU_ASSERT_FATAL(p != NULL);
	verify_bytes(p, n, "signing_key.pem", &r);
	fx_cert_fpr(cert, fpr);
	CU_ASSERT(r.status == SIG_VALID);
	ASSAY_CHECKF(strcmp(r.key_fpr, fpr) == 0, "%s", r.key_fpr);
	ASSAY_CHECKF(strcmp(r.signer, "CN=signing_key,O=assay tests") == 0,
	    "%s", r.signer);
	CU_ASSERT(strcmp(r.digest_alg, "sha256") == 0);
	free(p);

	/* openssl agrees on the detached CMS over the module bytes. */
	CU_ASSERT(sign_module("signing_key", "sha256", false, "x.ko") == 0);
	/* fx_path() rotates buffers: take the paths after signing. */
	argv[7] = fx_path("mod.p7s");
	argv[9] = fx_path("mod.ko");
	argv[11] = fx_path("signing_key.pem");
	argv[13] = fx_path("signing_key.pem");
	CU_ASSERT(fx_run(argv) == 0);
	argv[11] = fx_path("other.pem");
	argv[13] = fx_path("other.pem");
	CU_ASSERT(fx_run(argv) != 0);
}

static void
test_tampered_and_truncated(void)
{
	struct sig_data d = { -1, 0, NULL };
	struct sig_result r;
	unsigned char *p;
	size_t n, siglen;

	p = fx_read("signed.ko", &n);
	CU_ASSERT_FATAL(p != NULL && n > 100);
	siglen = (size_t)p[n - 28 - 4] << 24 | (size_t)p[n - 28 - 3] << 16 |
	    (size_t)p[n - 28 - 2] << 8 | p[n - 28 - 1];

	/* A module byte. */
	p[1000] ^= 1;
	verify_bytes(p, n, "signing_key.pem", &r);
	ASSAY_CHECKF(r.status == SIG_INVALID, "module: %d %s", r.status,
	    r.reason);
	p[1000] ^= 1;
	/* A signature byte (the RSA value ends the CMS). */
	p[n - 28 - 12 - 5] ^= 1;
	verify_bytes(p, n, "signing_key.pem", &r);
	ASSAY_CHECKF(r.status == SIG_INVALID, "signature: %d %s", r.status,
	    r.reason);
	p[n - 28 - 12 - 5] ^= 1;

	/* sig_len larger than the file, and zero. */
	p[n - 28 - 4] = 0x7f;
	verify_bytes(p, n, "signing_key.pem", &r);
	CU_ASSERT(r.status == SIG_MALFORMED && strstr(r.reason, "sig_len"));
	p[n - 28 - 4] = 0;
	p[n - 28 - 1] = 0;
	p[n - 28 - 2] = 0;
	verify_bytes(p, n, "signing_key.pem", &r);
	CU_ASSERT(r.status == SIG_MALFORMED);
	p[n - 28 - 1] = (unsigned char)siglen;
	p[n - 28 - 2] = (unsigned char)(siglen >> 8);
	/* Old id_type, then a non-zero field the kernel refuses. */
	p[n - 28 - 10] = 1;
	verify_bytes(p, n, "signing_key.pem", &r);
	CU_ASSERT(r.status == SIG_UNSUPPORTED);
	p[n - 28 - 10] = 2;
	p[n - 28 - 12] = 1;
	verify_bytes(p, n, "signing_key.pem", &r);
	CU_ASSERT(r.status == SIG_MALFORMED);
	p[n - 28 - 12] = 0;
	verify_bytes(p, n, "signing_key.pem", &r);
	CU_ASSERT(r.status == SIG_VALID);

	/* Truncated trailer: only the marker, or part of the struct. */
	d.mem = p + n - 28 - 5;
	d.size = 28 + 5;
	CU_ASSERT(kmod_sig_present(&d));
	verify_bytes(p + n - 28 - 5, 28 + 5, "signing_key.pem", &r);
	CU_ASSERT(r.status == SIG_MALFORMED && strstr(r.reason, "truncated"));
	/* The signature cut short: sig_len still claims it all. */
	verify_bytes(p + n - 28 - 12 - siglen / 2, 28 + 12 + siglen / 2,
	    "signing_key.pem", &r);
	CU_ASSERT(r.status == SIG_MALFORMED);
	/* No marker at all. */
	d.mem = p;
	d.size = n - 1;
	CU_ASSERT(!kmod_sig_present(&d));
	verify_bytes(p, n - 1, "signing_key.pem", &r);
	CU_ASSERT(r.status == SIG_MALFORMED);
	d.size = 20000;
	CU_ASSERT(!kmod_sig_present(&d));
	free(p);
}

static CU_TestInfo tests[] = {
	{ "verdicts", test_rows },
	{ "signer facts; openssl agrees", test_facts_and_openssl },
	{ "tampered and truncated", test_tampered_and_truncated },
	CU_TEST_INFO_NULL,
};

static CU_SuiteInfo suites[] = {
	{ "kmodsig", suite_init, suite_cleanup, assay_test_setup,
	    assay_test_teardown, tests },
	CU_SUITE_INFO_NULL,
};

int
main(void)
{
	return assay_test_run(suites);
}
