/*
 * Update bundles (probes/update: bundlecms.c, rauc.c, swupdate.c,
 * mender.c): RAUC bundles built here (bytes as the "squashfs", a CMS from
 * OpenSSL, the size trailer) in the plain and verity layouts; SWUpdate
 * sw-description texts and an .swu cpio; Mender manifests and a .mender
 * tar; and signatures routed to the signing probe's verifiers.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <CUnit/CUnit.h>
#include <archive.h>
#include <archive_entry.h>
#include <jansson.h>
#include <openssl/bio.h>
#include <openssl/cms.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include "testutil.h"
#include "update/bundles.h"

#define NROWS(a)	(sizeof(a) / sizeof((a)[0]))

/* 2023-11-14T22:13:20Z, inside the certificate's validity. */
#define NOW		INT64_C(1700000000)

static EVP_PKEY *key;		/* signs everything */
static X509 *cert;		/* self-signed, for key */
static EVP_PKEY *other_key;

static X509 *
self_signed(EVP_PKEY *k, const char *cn)
{
	X509 *x = X509_new();
	X509_NAME *name;

	if (x == NULL)
		return NULL;
	name = X509_get_subject_name(x);
	ASN1_INTEGER_set(X509_get_serialNumber(x), 7);
	X509_set_version(x, 2);
	X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
	    (const unsigned char *)cn, -1, -1, 0);
	X509_set_issuer_name(x, name);
	ASN1_TIME_set(X509_getm_notBefore(x), 1600000000);
	ASN1_TIME_set(X509_getm_notAfter(x), 2000000000);
	X509_set_pubkey(x, k);
	if (X509_sign(x, k, EVP_sha256()) <= 0) {
		X509_free(x);
		return NULL;
	}
	return x;
}

static int
suite_init(void)
{
	key = EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-256");
	other_key = EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-256");
	if (key == NULL || other_key == NULL)
		return -1;
	cert = self_signed(key, "update signer");
	return cert == NULL ? -1 : 0;
}

static int
suite_cleanup(void)
{
	EVP_PKEY_free(key);
	EVP_PKEY_free(other_key);
	X509_free(cert);
	return 0;
}

/* DER CMS SignedData over n bytes; detached or carrying them. */
static unsigned char *
cms_sign(const void *p, size_t n, bool detached, size_t *lenp)
{
	unsigned int flags = CMS_BINARY | CMS_NOSMIMECAP;
	unsigned char *der = NULL;
	CMS_ContentInfo *cms;
	BIO *in;
	int len;

	*lenp = 0;
	if (detached)
		flags |= CMS_DETACHED;
	if ((in = BIO_new_mem_buf(p, (int)n)) == NULL)
		return NULL;
	if ((cms = CMS_sign(cert, key, NULL, in, flags)) != NULL &&
	    (len = i2d_CMS_ContentInfo(cms, &der)) > 0)
		*lenp = (size_t)len;
	CMS_ContentInfo_free(cms);
	BIO_free(in);
	return der;
}

/* DER ECDSA signature with SHA-256 by k over n bytes. */
static unsigned char *
raw_sign(EVP_PKEY *k, const void *p, size_t n, size_t *lenp)
{
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	unsigned char *sig = malloc(256);

	*lenp = 256;
	if (ctx == NULL || sig == NULL ||
	    EVP_DigestSignInit(ctx, NULL, EVP_sha256(), NULL, k) != 1 ||
	    EVP_DigestSign(ctx, sig, lenp, p, n) != 1) {
		free(sig);
		sig = NULL;
	}
	EVP_MD_CTX_free(ctx);
	return sig;
}

static char *
pem_of(bool certificate, EVP_PKEY *k)
{
	BIO *bio = BIO_new(BIO_s_mem());
	char *p = NULL, *s = NULL;
	long n;

	if (bio != NULL && (certificate ? PEM_write_bio_X509(bio, cert) :
	    PEM_write_bio_PUBKEY(bio, k)) == 1 &&
	    (n = BIO_get_mem_data(bio, &p)) > 0)
		s = strndup(p, (size_t)n);
	BIO_free(bio);
	return s;
}

/* Trust holding the certificate and, when given, a bare public key. */
static void
trust_with(struct sig_trust *t, EVP_PKEY *pub)
{
	char why[256], *pem = pem_of(true, NULL);

	sig_trust_init(t);
	CU_ASSERT_FATAL(pem != NULL);
	(void)sig_trust_add(t, "signer.pem", (unsigned char *)pem,
	    strlen(pem), why, sizeof(why));
	free(pem);
	if (pub != NULL) {
		pem = pem_of(false, pub);
		CU_ASSERT_FATAL(pem != NULL);
		(void)sig_trust_add(t, "key.pem", (unsigned char *)pem,
		    strlen(pem), why, sizeof(why));
		free(pem);
	}
}

/* A RAUC bundle: image, then sig, then sig's size big-endian. */
static unsigned char *
rauc_bundle(const unsigned char *image, size_t ilen, const unsigned char *sig,
    size_t slen, uint64_t trailer, size_t *lenp)
{
	unsigned char *b = malloc(ilen + slen + 8);
	size_t i;

	CU_ASSERT_FATAL(b != NULL);
	memcpy(b, image, ilen);
	memcpy(b + ilen, sig, slen);
	for (i = 0; i < 8; i++)
		b[ilen + slen + i] = (unsigned char)(trailer >> (56 - 8 * i));
	*lenp = ilen + slen + 8;
	return b;
}

static unsigned char image[4096];

static void
make_image(void)
{
	size_t i;

	memcpy(image, "hsqs", 4);
	for (i = 4; i < sizeof(image); i++)
		image[i] = (unsigned char)(i * 31 + 7);
}

/* ---- tests --------------------------------------------------------------- */

static void
test_rauc_plain(void)
{
	struct sig_data d = { -1, 0, NULL }, img;
	struct rauc_layout l;
	struct cms_facts f;
	struct sig_trust t;
	struct sig_result r;
	unsigned char *sig, *b;
	size_t slen, blen;
	char why[160];

	make_image();
	sig = cms_sign(image, sizeof(image), true, &slen);
	CU_ASSERT_FATAL(sig != NULL);
	b = rauc_bundle(image, sizeof(image), sig, slen, slen, &blen);
	d.mem = b;
	d.size = blen;
	CU_ASSERT(rauc_sniff(b, blen));
	CU_ASSERT_FATAL(rauc_layout_get(&d, &l, why, sizeof(why)) == 0);
	CU_ASSERT(l.image_size == sizeof(image));
	CU_ASSERT(l.sig_size == slen);
	CU_ASSERT_FATAL(cms_facts_get(b + l.image_size, (size_t)l.sig_size,
	    &f));
	CU_ASSERT(f.detached);
	CU_ASSERT(f.nsigners == 1);
	CU_ASSERT(f.ncerts == 1);
	CU_ASSERT(strcmp(f.digest, "sha256") == 0);
	cms_facts_release(&f);

	trust_with(&t, NULL);
	img = d;
	img.size = l.image_size;
	sig_result_init(&r, "cms");
	cms_verify_detached(&t, &img, b + l.image_size, (size_t)l.sig_size,
	    NOW, false, &r);
	CU_ASSERT(r.status == SIG_VALID);
	/* One flipped byte of the image breaks it. */
	b[100] ^= 1;
	sig_result_init(&r, "cms");
	cms_verify_detached(&t, &img, b + l.image_size, (size_t)l.sig_size,
	    NOW, false, &r);
	CU_ASSERT(r.status == SIG_INVALID);
	sig_trust_release(&t);
	free(b);
	OPENSSL_free(sig);
}

static void
test_rauc_verity(void)
{
	static const char manifest[] =
	    "[update]\ncompatible=acme-board\nversion=2026.11\n\n"
	    "[bundle]\r\nformat=verity\r\nverity-hash=abcd\r\n"
	    "verity-salt=0011\nverity-size=4096\n\n"
	    "[image.rootfs]\nfilename=rootfs.ext4\nsize=1024\n"
	    "sha256=9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08\n"
	    "[image.appfs]\nfilename = app.img\n[\n]=x\n";
	struct sig_data d = { -1, 0, NULL };
	struct rauc_layout l;
	struct cms_facts f;
	unsigned char *sig, *b;
	size_t slen, blen;
	json_t *facts, *img;
	char why[160];

	make_image();
	sig = cms_sign(manifest, strlen(manifest), false, &slen);
	CU_ASSERT_FATAL(sig != NULL);
	b = rauc_bundle(image, sizeof(image), sig, slen, slen, &blen);
	d.mem = b;
	d.size = blen;
	CU_ASSERT_FATAL(rauc_layout_get(&d, &l, why, sizeof(why)) == 0);
	CU_ASSERT_FATAL(cms_facts_get(b + l.image_size, (size_t)l.sig_size,
	    &f));
	CU_ASSERT(!f.detached);
	CU_ASSERT_FATAL(f.content != NULL);
	CU_ASSERT(f.content_len == strlen(manifest));
	facts = rauc_manifest_facts((const char *)f.content, f.content_len);
	CU_ASSERT_FATAL(facts != NULL);
	CU_ASSERT(strcmp(json_string_value(json_object_get(facts, "format")),
	    "verity") == 0);
	CU_ASSERT(strcmp(json_string_value(json_object_get(facts,
	    "compatible")), "acme-board") == 0);
	CU_ASSERT(strcmp(json_string_value(json_object_get(facts,
	    "verity-size")), "4096") == 0);
	img = json_object_get(json_object_get(facts, "images"), "rootfs");
	CU_ASSERT(strcmp(json_string_value(json_object_get(img,
	    "filename")), "rootfs.ext4") == 0);
	CU_ASSERT(strlen(json_string_value(json_object_get(img, "sha256"))) ==
	    64);
	img = json_object_get(json_object_get(facts, "images"), "appfs");
	CU_ASSERT(strcmp(json_string_value(json_object_get(img,
	    "filename")), "app.img") == 0);
	json_decref(facts);
	cms_facts_release(&f);
	free(b);
	OPENSSL_free(sig);
}

static void
test_rauc_trailers(void)
{
	static const struct { uint64_t trailer; size_t total; bool ok; } rows[] = {
		{ 0, 100, false },
		{ 93, 100, false },		/* past the start */
		{ 92, 100, true },		/* the whole file */
		{ 10, 100, true },
		{ UINT64_MAX, 100, false },
		{ (uint64_t)1 << 40, 100, false },
		{ 1, 7, false },		/* shorter than the trailer */
	};
	unsigned char buf[128];
	struct sig_data d = { -1, 0, buf };
	struct rauc_layout l;
	char why[160];
	size_t i, k;

	for (i = 0; i < NROWS(rows); i++) {
		memset(buf, 0, sizeof(buf));
		for (k = 0; k < 8 && rows[i].total >= 8; k++)
			buf[rows[i].total - 8 + k] = (unsigned char)(
			    rows[i].trailer >> (56 - 8 * k));
		d.size = rows[i].total;
		why[0] = '\0';
		ASSAY_CHECKF((rauc_layout_get(&d, &l, why, sizeof(why)) == 0) ==
		    rows[i].ok, "row %zu", i);
		ASSAY_CHECKF(rows[i].ok || why[0] != '\0', "row %zu", i);
		ASSAY_CHECKF(!rows[i].ok || l.image_size + l.sig_size + 8 ==
		    rows[i].total, "row %zu", i);
	}
	CU_ASSERT(!rauc_sniff((const unsigned char *)"sqsh", 4));
	CU_ASSERT(!cms_facts_get((const unsigned char *)"\x30\x03\x02\x01\x01",
	    5, &(struct cms_facts){ 0 }));
}

static void
test_swdescription(void)
{
	static const char text[] =
	    "/* a comment with { braces } and filename = \"no\"; */\n"
	    "software =\n{\n\tversion = \"1.0.1\";\n"
	    "\thardware-compatibility: [ \"1.0\" ];\n"
	    "\t# filename = \"commented.img\";\n"
	    "\tstable : {\n\t\tmain: {\n\t\t\timages: (\n"
	    "\t\t\t\t{\n\t\t\t\t\tfilename = \"rootfs.ext4\";\n"
	    "\t\t\t\t\tdevice = \"/dev/mmcblk0p2\";\n"
	    "\t\t\t\t\tsha256 = \"9F86D081884C7D659A2FEAA0C55AD015A3BF4F1B2B0B822CD15D6C15B0F00A08\";\n"
	    "\t\t\t\t},\n"
	    "\t\t\t\t{ filename = \"u-boot.img\"; // no digest\n"
	    "\t\t\t\t  properties = { x = \"}\"; }; }\n"
	    "\t\t\t);\n"
	    "\t\t\tscripts: ( { filename = \"post.sh\"; type = \"shellscript\";"
	    " sha256 = \"ab\\\"cd\"; } );\n"
	    "\t\t};\n\t};\n}\n";
	struct swu_images imgs;

	CU_ASSERT_FATAL(swu_parse_images(text, strlen(text), &imgs) == 0);
	CU_ASSERT_FATAL(imgs.n == 3);
	CU_ASSERT(strcmp(imgs.v[0].filename, "rootfs.ext4") == 0);
	CU_ASSERT(strcmp(imgs.v[0].sha256, "9f86d081884c7d659a2feaa0c55ad015"
	    "a3bf4f1b2b0b822cd15d6c15b0f00a08") == 0);
	CU_ASSERT(imgs.v[0].line == 11);
	CU_ASSERT(strcmp(imgs.v[1].filename, "u-boot.img") == 0);
	CU_ASSERT(imgs.v[1].sha256[0] == '\0');
	CU_ASSERT(strcmp(imgs.v[2].filename, "post.sh") == 0);
	CU_ASSERT(strcmp(imgs.v[2].sha256, "ab\"cd") == 0);
	swu_images_release(&imgs);
}

static void
test_swdescription_bounds(void)
{
	struct swu_images imgs;
	char *text;
	size_t i, n = 200000, k = 0;
	static const char group[] = "{filename=\"a\";}";

	/* Nesting far past the frame stack: no recursion, nothing lost. */
	text = malloc(2 * n + 64);
	CU_ASSERT_FATAL(text != NULL);
	for (i = 0; i < n; i++)
		text[k++] = '{';
	k += (size_t)snprintf(text + k, 64, "filename=\"deep\";");
	for (i = 0; i < n; i++)
		text[k++] = '}';
	CU_ASSERT_FATAL(swu_parse_images(text, k, &imgs) == 0);
	CU_ASSERT(imgs.n == 0);
	swu_images_release(&imgs);
	free(text);

	/* More images than kept are counted. */
	n = SWU_MAX_IMAGES + 10;
	text = malloc(n * (sizeof(group) - 1) + 1);
	CU_ASSERT_FATAL(text != NULL);
	for (i = 0, k = 0; i < n; i++, k += sizeof(group) - 1)
		memcpy(text + k, group, sizeof(group) - 1);
	CU_ASSERT_FATAL(swu_parse_images(text, k, &imgs) == 0);
	CU_ASSERT(imgs.n == SWU_MAX_IMAGES);
	CU_ASSERT(imgs.skipped == 10);
	swu_images_release(&imgs);
	free(text);

	/* Unterminated strings and comments end the scan cleanly. */
	CU_ASSERT(swu_parse_images("{filename=\"abc", 14, &imgs) == 0);
	CU_ASSERT(imgs.n == 0);
	swu_images_release(&imgs);
	CU_ASSERT(swu_parse_images("{ /* x", 6, &imgs) == 0);
	swu_images_release(&imgs);
}

static void
test_mender_manifest(void)
{
	char text[1024];
	struct mender_manifest m;
	char a[65], b[65];

	assay_test_sha256_hex("version", 7, a);
	assay_test_sha256_hex("header", 6, b);
	snprintf(text, sizeof(text), "%s  version\n%s  header.tar.gz\n"
	    "%s  data/0000/rootfs.ext4\n\nnot a line\n%.64s x\n", a, b, a, b);
	CU_ASSERT_FATAL(mender_parse_manifest(text, strlen(text), &m) == 0);
	CU_ASSERT_FATAL(m.n == 3);
	CU_ASSERT(strcmp(m.v[0].path, "version") == 0);
	CU_ASSERT(strcmp(m.v[0].sha256, a) == 0);
	CU_ASSERT(strcmp(m.v[2].path, "data/0000/rootfs.ext4") == 0);
	CU_ASSERT(m.v[2].line == 3);
	CU_ASSERT(m.bad_line == 5);
	mender_manifest_release(&m);
	CU_ASSERT(mender_parse_manifest("", 0, &m) == 0 && m.n == 0);
	mender_manifest_release(&m);
}

static void
test_mender_sig(void)
{
	static const struct { const char *in; const char *out; size_t n; }
	    rows[] = {
		{ "aGVsbG8=", "hello", 5 },
		{ "aGVs\nbG8h\n", "hell" "o!", 6 },
		{ "aGk=\r\n", "hi", 2 },
		{ "aA==", "h", 1 },
	};
	static const char *const bad[] = { "", "abc", "a===", "!!!!", "\n" };
	unsigned char *p;
	size_t i, n;

	for (i = 0; i < NROWS(rows); i++) {
		p = mender_decode_sig((const unsigned char *)rows[i].in,
		    strlen(rows[i].in), &n);
		ASSAY_CHECKF(p != NULL && n == rows[i].n &&
		    memcmp(p, rows[i].out, n) == 0, "%s", rows[i].in);
		free(p);
	}
	for (i = 0; i < NROWS(bad); i++) {
		p = mender_decode_sig((const unsigned char *)bad[i],
		    strlen(bad[i]), &n);
		ASSAY_CHECKF(p == NULL, "%s", bad[i]);
		free(p);
	}
}

/* Signatures go to the right verifier; outcomes once the verifiers exist. */
static void
test_routing(void)
{
	static const char desc[] = "software = { version = \"1\"; };\n";
	struct sig_data d = { -1, sizeof(desc) - 1,
	    (const unsigned char *)desc };
	unsigned char *cms, *raw;
	size_t cmslen, rawlen;
	struct sig_trust t;
	struct sig_result r;
	const char *kind = NULL;

	cms = cms_sign(desc, sizeof(desc) - 1, true, &cmslen);
	raw = raw_sign(key, desc, sizeof(desc) - 1, &rawlen);
	CU_ASSERT_FATAL(cms != NULL && raw != NULL);
	trust_with(&t, key);

	bundle_verify_detached(&t, &d, cms, cmslen, NOW, &kind, &r);
	CU_ASSERT(strcmp(kind, "cms") == 0);
	CU_ASSERT(r.status == SIG_VALID);

	bundle_verify_detached(&t, &d, raw, rawlen, NOW, &kind, &r);
	CU_ASSERT(strcmp(kind, "raw") == 0);
	CU_ASSERT(r.status == SIG_VALID);
	/* The same bytes signed by a key nobody trusts. */
	free(raw);
	raw = raw_sign(other_key, desc, sizeof(desc) - 1, &rawlen);
	bundle_verify_detached(&t, &d, raw, rawlen, NOW, &kind, &r);
	CU_ASSERT(r.status != SIG_VALID);
	sig_trust_release(&t);
	OPENSSL_free(cms);
	free(raw);
}

static CU_TestInfo bundle_tests[] = {
	{ "RAUC plain bundle", test_rauc_plain },
	{ "RAUC verity bundle and manifest", test_rauc_verity },
	{ "RAUC trailers", test_rauc_trailers },
	{ "sw-description images", test_swdescription },
	{ "sw-description bounds", test_swdescription_bounds },
	{ "Mender manifest", test_mender_manifest },
	{ "Mender manifest.sig base64", test_mender_sig },
	{ "signature routing", test_routing },
	CU_TEST_INFO_NULL,
};

static CU_SuiteInfo suites[] = {
	{ "update bundles", suite_init, suite_cleanup, assay_test_setup,
	    assay_test_teardown, bundle_tests },
	CU_SUITE_INFO_NULL,
};

int
main(void)
{
	return assay_test_run(suites);
}
