/*
 * End to end: the update probe's TUF and bundle checks through the real
 * assay binary.  A release tarball holds a TUF repository, an SWUpdate
 * .swu (cpio), a Mender artifact (tar) and a RAUC bundle, all made here
 * with OpenSSL; findings.json must name each outcome on the right path.
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

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

#define FUTURE		"2030-01-01T00:00:00Z"
#define PAST		"2023-01-01T00:00:00Z"	/* before SOURCE_DATE_EPOCH */

static EVP_PKEY *tuf_key;	/* ed25519, every TUF role */
static char tuf_keyid[65];
static json_t *tuf_keyobj;
static EVP_PKEY *sign_key;	/* ECDSA P-256: bundles */
static X509 *sign_cert;

/* ---- fixtures ------------------------------------------------------------ */

/*
 * Canonical JSON of v.  Jansson's compact, key-sorted output is exactly
 * TUF's canonical form for what this test signs: ASCII strings without
 * control characters, and integers.
 */
static char *
canonical(const json_t *v)
{
	return json_dumps(v, JSON_COMPACT | JSON_SORT_KEYS);
}

static int
suite_init(void)
{
	unsigned char raw[32];
	size_t rawlen = sizeof(raw);
	X509_NAME *name;
	char *hex, *canon;

	tuf_key = EVP_PKEY_Q_keygen(NULL, NULL, "ED25519");
	sign_key = EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-256");
	if (tuf_key == NULL || sign_key == NULL ||
	    EVP_PKEY_get_raw_public_key(tuf_key, raw, &rawlen) != 1)
		return -1;
	hex = assay_test_hex(raw, rawlen);
	tuf_keyobj = json_pack("{s:s,s:s,s:{s:s}}", "keytype", "ed25519",
	    "scheme", "ed25519", "keyval", "public", hex);
	free(hex);
	canon = canonical(tuf_keyobj);
	assay_test_sha256_hex(canon, strlen(canon), tuf_keyid);
	free(canon);

	if ((sign_cert = X509_new()) == NULL)
		return -1;
	name = X509_get_subject_name(sign_cert);
	ASN1_INTEGER_set(X509_get_serialNumber(sign_cert), 9);
	X509_set_version(sign_cert, 2);
	X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
	    (const unsigned char *)"acme update signing", -1, -1, 0);
	X509_set_issuer_name(sign_cert, name);
	ASN1_TIME_set(X509_getm_notBefore(sign_cert), 1600000000);
	ASN1_TIME_set(X509_getm_notAfter(sign_cert), 2000000000);
	X509_set_pubkey(sign_cert, sign_key);
	return X509_sign(sign_cert, sign_key, EVP_sha256()) > 0 ? 0 : -1;
}

static int
suite_cleanup(void)
{
	EVP_PKEY_free(tuf_key);
	EVP_PKEY_free(sign_key);
	X509_free(sign_cert);
	json_decref(tuf_keyobj);
	return 0;
}

/* The envelope around signed_part (taken), signed by tuf_key. */
static char *
tuf_file(json_t *signed_part, bool tampered)
{
	unsigned char sig[64];
	size_t siglen = sizeof(sig);
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	char *canon = canonical(signed_part), *hex, *text;
	json_t *doc;

	CU_ASSERT_FATAL(ctx != NULL && canon != NULL);
	CU_ASSERT_FATAL(EVP_DigestSignInit(ctx, NULL, NULL, NULL,
	    tuf_key) == 1);
	CU_ASSERT_FATAL(EVP_DigestSign(ctx, sig, &siglen,
	    (unsigned char *)canon, strlen(canon)) == 1);
	if (tampered)
		sig[5] ^= 0x40;
	hex = assay_test_hex(sig, siglen);
	doc = json_pack("{s:[{s:s,s:s}],s:o}", "signatures", "keyid",
	    tuf_keyid, "sig", hex, "signed", signed_part);
	text = json_dumps(doc, JSON_INDENT(1));
	json_decref(doc);
	free(hex);
	free(canon);
	EVP_MD_CTX_free(ctx);
	return text;
}

struct tuf_repo {
	char *root, *timestamp, *snapshot, *targets;
};

static void
tuf_repo_make(struct tuf_repo *r, const char *targets_expires,
    bool tamper_targets)
{
	char sha[65];
	json_t *role = json_pack("{s:[s],s:i}", "keyids", tuf_keyid,
	    "threshold", 1);

	r->root = tuf_file(json_pack("{s:s,s:s,s:i,s:s,s:b,s:{s:O},"
	    "s:{s:O,s:O,s:O,s:O}}", "_type", "root", "spec_version", "1.0.31",
	    "version", 1, "expires", FUTURE, "consistent_snapshot", 0, "keys",
	    tuf_keyid, tuf_keyobj, "roles", "root", role, "timestamp", role,
	    "snapshot", role, "targets", role), false);
	json_decref(role);
	r->targets = tuf_file(json_pack("{s:s,s:s,s:i,s:s,s:{}}", "_type",
	    "targets", "spec_version", "1.0.31", "version", 3, "expires",
	    targets_expires, "targets"), tamper_targets);
	r->snapshot = tuf_file(json_pack("{s:s,s:s,s:i,s:s,s:{s:{s:i}}}",
	    "_type", "snapshot", "spec_version", "1.0.31", "version", 2,
	    "expires", FUTURE, "meta", "targets.json", "version", 3), false);
	assay_test_sha256_hex(r->snapshot, strlen(r->snapshot), sha);
	r->timestamp = tuf_file(json_pack("{s:s,s:s,s:i,s:s,s:{s:{s:i,s:i,"
	    "s:{s:s}}}}", "_type", "timestamp", "spec_version", "1.0.31",
	    "version", 5, "expires", FUTURE, "meta", "snapshot.json",
	    "version", 2, "length", (int)strlen(r->snapshot), "hashes",
	    "sha256", sha), false);
}

static void
tuf_repo_free(struct tuf_repo *r)
{
	free(r->root);
	free(r->timestamp);
	free(r->snapshot);
	free(r->targets);
}

static unsigned char *
cms_sign(const void *p, size_t n, bool detached, size_t *lenp)
{
	unsigned int flags = CMS_BINARY | CMS_NOSMIMECAP;
	unsigned char *der = NULL;
	CMS_ContentInfo *cms;
	BIO *in = BIO_new_mem_buf(p, (int)n);
	int len;

	*lenp = 0;
	if (detached)
		flags |= CMS_DETACHED;
	if (in != NULL && (cms = CMS_sign(sign_cert, sign_key, NULL, in,
	    flags)) != NULL) {
		if ((len = i2d_CMS_ContentInfo(cms, &der)) > 0)
			*lenp = (size_t)len;
		CMS_ContentInfo_free(cms);
	}
	BIO_free(in);
	CU_ASSERT_FATAL(der != NULL);
	return der;
}

/* An .swu: sw-description listing rootfs with digest_of, signed or not. */
static unsigned char *
swu_make(const char *rootfs, const char *digest_of, bool signed_,
    size_t *lenp)
{
	char sha[65], desc[512];
	unsigned char *sig = NULL, *swu;
	size_t siglen = 0;

	assay_test_sha256_hex(digest_of, strlen(digest_of), sha);
	snprintf(desc, sizeof(desc), "software = {\n\tversion = \"1.2\";\n"
	    "\timages: (\n\t\t{\n\t\t\tfilename = \"rootfs.ext4\";\n"
	    "\t\t\tsha256 = \"%s\";\n\t\t\tdevice = \"/dev/mmcblk0p2\";\n"
	    "\t\t}\n\t);\n};\n", sha);
	if (signed_)
		sig = cms_sign(desc, strlen(desc), true, &siglen);
	{
		struct assay_test_entry e[] = {
			{ .name = "sw-description", .data = desc },
			{ .name = "sw-description.sig", .data = sig,
			    .size = siglen },
			{ .name = "rootfs.ext4", .data = rootfs },
		};

		swu = assay_test_archive_mem(ARCHIVE_FORMAT_CPIO_SVR4_NOCRC,
		    ARCHIVE_FILTER_NONE, e, signed_ ? 3 : 1, lenp);
		if (!signed_) {
			free(swu);
			e[1] = e[2];
			swu = assay_test_archive_mem(
			    ARCHIVE_FORMAT_CPIO_SVR4_NOCRC,
			    ARCHIVE_FILTER_NONE, e, 2, lenp);
		}
	}
	OPENSSL_free(sig);
	CU_ASSERT_FATAL(swu != NULL);
	return swu;
}

/* A Mender artifact whose manifest lists rootfs as digest_of. */
static unsigned char *
mender_make(const char *rootfs, const char *digest_of, size_t *lenp)
{
	static const char version[] = "{\"format\":\"mender\",\"version\":3}";
	struct assay_test_entry hdr[] = {
		{ .name = "header-info", .data = "{\"payloads\":[]}" },
	};
	struct assay_test_entry payload[] = {
		{ .name = "rootfs.ext4", .data = rootfs },
	};
	unsigned char *header, *data, *art, sig[128];
	size_t hlen, dlen, siglen = sizeof(sig);
	char manifest[512], a[65], b[65], c[65];
	unsigned char b64[256];
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();

	header = assay_test_archive_mem(ARCHIVE_FORMAT_TAR_USTAR,
	    ARCHIVE_FILTER_GZIP, hdr, 1, &hlen);
	data = assay_test_archive_mem(ARCHIVE_FORMAT_TAR_USTAR,
	    ARCHIVE_FILTER_GZIP, payload, 1, &dlen);
	CU_ASSERT_FATAL(header != NULL && data != NULL && ctx != NULL);
	assay_test_sha256_hex(version, strlen(version), a);
	assay_test_sha256_hex(header, hlen, b);
	assay_test_sha256_hex(digest_of, strlen(digest_of), c);
	snprintf(manifest, sizeof(manifest), "%s  version\n%s  header.tar.gz\n"
	    "%s  data/0000/rootfs.ext4\n", a, b, c);
	CU_ASSERT_FATAL(EVP_DigestSignInit(ctx, NULL, EVP_sha256(), NULL,
	    sign_key) == 1);
	CU_ASSERT_FATAL(EVP_DigestSign(ctx, sig, &siglen,
	    (unsigned char *)manifest, strlen(manifest)) == 1);
	EVP_MD_CTX_free(ctx);
	CU_ASSERT_FATAL(EVP_EncodeBlock(b64, sig, (int)siglen) > 0);
	{
		struct assay_test_entry e[] = {
			{ .name = "version", .data = version },
			{ .name = "manifest", .data = manifest },
			{ .name = "manifest.sig", .data = b64 },
			{ .name = "header.tar.gz", .data = header,
			    .size = hlen },
			{ .name = "data/0000.tar.gz", .data = data,
			    .size = dlen },
		};

		art = assay_test_archive_mem(ARCHIVE_FORMAT_TAR_USTAR,
		    ARCHIVE_FILTER_NONE, e, NELEM(e), lenp);
	}
	free(header);
	free(data);
	CU_ASSERT_FATAL(art != NULL);
	return art;
}

static const char rauc_manifest[] =
    "[update]\ncompatible=acme-board\nversion=2026.11\n\n"
    "[bundle]\nformat=verity\nverity-hash=00ff\nverity-salt=11\n"
    "verity-size=4096\n\n[image.rootfs]\nfilename=rootfs.ext4\n";

/*
 * A RAUC bundle: plain (CMS detached over the image) or verity (CMS
 * carrying a manifest); with a bad trailer when broken.
 */
static unsigned char *
rauc_make(bool verity, bool broken, size_t *lenp)
{
	unsigned char image[8192], *sig, *b;
	size_t siglen, i;

	memcpy(image, "hsqs", 4);
	for (i = 4; i < sizeof(image); i++)
		image[i] = (unsigned char)(i * 13);
	if (verity)
		sig = cms_sign(rauc_manifest, strlen(rauc_manifest), false,
		    &siglen);
	else
		sig = cms_sign(image, sizeof(image), true, &siglen);
	b = malloc(sizeof(image) + siglen + 8);
	CU_ASSERT_FATAL(b != NULL);
	memcpy(b, image, sizeof(image));
	memcpy(b + sizeof(image), sig, siglen);
	for (i = 0; i < 8; i++)
		b[sizeof(image) + siglen + i] = (unsigned char)(
		    (uint64_t)(broken ? 1u << 30 : siglen) >> (56 - 8 * i));
	*lenp = sizeof(image) + siglen + 8;
	OPENSSL_free(sig);
	return b;
}

static void
write_pem(const char *name, bool certificate)
{
	BIO *bio = BIO_new(BIO_s_mem());
	char *p = NULL;
	long n;

	CU_ASSERT_FATAL(bio != NULL);
	CU_ASSERT_FATAL((certificate ? PEM_write_bio_X509(bio, sign_cert) :
	    PEM_write_bio_PUBKEY(bio, sign_key)) == 1);
	n = BIO_get_mem_data(bio, &p);
	CU_ASSERT_FATAL(assay_test_write_file(assay_test_path(name), p,
	    (size_t)n) == 0);
	BIO_free(bio);
}

/* ---- checking findings --------------------------------------------------- */

static const json_t *
finding(const json_t *all, const char *rule, const char *path)
{
	const json_t *f;
	size_t i;

	json_array_foreach(all, i, f) {
		if (strcmp(json_string_value(json_object_get(f, "rule")),
		    rule) == 0 && strcmp(json_string_value(json_object_get(
		    json_object_get(f, "location"), "path")), path) == 0)
			return f;
	}
	return NULL;
}

/* The bundle at path verified. */
static void
check_signed_bundle(const json_t *all, const char *path)
{
	ASSAY_CHECKF(finding(all, "update.bundle-valid", path) != NULL,
	    "%s: update.bundle-valid", path);
}

/* Scans release.tar with both trust files; findings, or NULL. */
static json_t *
scan(const struct assay_test_entry *e, size_t n)
{
	const char *argv[] = { "scan", "--quiet", "--out", "out",
	    "--trust", "signer.pem", "--trust", "key.pem", "release.tar",
	    NULL };
	struct assay_test_run_result r;
	json_t *all;

	write_pem("signer.pem", true);
	write_pem("key.pem", false);
	CU_ASSERT_FATAL(assay_test_archive(assay_test_path("release.tar"),
	    ARCHIVE_FORMAT_TAR_PAX_RESTRICTED, ARCHIVE_FILTER_NONE, e, n) ==
	    0);
	CU_ASSERT_FATAL(assay_test_assay(&r, argv) == 0);
	ASSAY_CHECKF(r.status >= 0 && r.status <= 3, "exit %d: %s", r.status,
	    r.err);
	all = assay_test_findings(assay_test_path("out"));
	assay_test_result_release(&r);
	CU_ASSERT_FATAL(all != NULL);
	return all;
}

/* ---- tests --------------------------------------------------------------- */

static void
test_good_release(void)
{
	struct tuf_repo t;
	unsigned char *swu, *mender, *rauc, *verity;
	size_t swulen, menderlen, rauclen, veritylen;
	const json_t *f, *ev;
	json_t *all;

	tuf_repo_make(&t, FUTURE, false);
	swu = swu_make("rootfs v1\n", "rootfs v1\n", true, &swulen);
	mender = mender_make("rootfs v1\n", "rootfs v1\n", &menderlen);
	rauc = rauc_make(false, false, &rauclen);
	verity = rauc_make(true, false, &veritylen);
	{
		struct assay_test_entry e[] = {
			{ .name = "etc/tuf/root.json", .data = t.root },
			{ .name = "etc/tuf/timestamp.json",
			    .data = t.timestamp },
			{ .name = "etc/tuf/snapshot.json", .data = t.snapshot },
			{ .name = "etc/tuf/targets.json", .data = t.targets },
			/* History in a subdirectory joins the repository. */
			{ .name = "etc/tuf/root_history/1.root.json",
			    .data = t.root },
			{ .name = "etc/tuf/config.json",
			    .data = "{\"url\": \"https://updates.example\"}" },
			{ .name = "fw.swu", .data = swu, .size = swulen },
			{ .name = "fw.mender", .data = mender,
			    .size = menderlen },
			{ .name = "fw.raucb", .data = rauc, .size = rauclen },
			{ .name = "fw-verity.raucb", .data = verity,
			    .size = veritylen },
		};

		all = scan(e, NELEM(e));
	}
	f = finding(all, "update.tuf-valid", "release.tar!/etc/tuf/root.json");
	CU_ASSERT(f != NULL);
	CU_ASSERT(json_object_size(json_object_get(json_object_get(f,
	    "evidence"), "roles")) == 4);
	CU_ASSERT(assay_test_count_rule(all, "update.tuf-valid", NULL) == 1);
	check_signed_bundle(all, "release.tar!/fw.swu");
	check_signed_bundle(all, "release.tar!/fw.mender");
	check_signed_bundle(all, "release.tar!/fw.raucb");
	f = finding(all, "update.bundle-signature-unverified",
	    "release.tar!/fw.raucb");
	if (f == NULL)
		f = finding(all, "update.bundle-valid", "release.tar!/fw.raucb");
	CU_ASSERT(f != NULL && strcmp(json_string_value(json_object_get(
	    json_object_get(f, "evidence"), "format")), "plain") == 0);
	check_signed_bundle(all, "release.tar!/fw-verity.raucb");
	f = finding(all, "update.bundle-signature-unverified",
	    "release.tar!/fw-verity.raucb");
	if (f == NULL)
		f = finding(all, "update.bundle-valid",
		    "release.tar!/fw-verity.raucb");
	ev = json_object_get(f, "evidence");
	CU_ASSERT(f != NULL && strcmp(json_string_value(json_object_get(ev,
	    "format")), "verity") == 0);
	CU_ASSERT(strcmp(json_string_value(json_object_get(json_object_get(ev,
	    "manifest"), "compatible")), "acme-board") == 0);
	CU_ASSERT(json_is_false(json_object_get(ev, "verity_tree_checked")));
	CU_ASSERT(assay_test_count_rule(all, "update.bundle-hash-mismatch",
	    NULL) == 0);
	CU_ASSERT(assay_test_count_rule(all, "update.bundle-unsigned", NULL) ==
	    0);
	CU_ASSERT(assay_test_count_rule(all, "update.tuf-parse-error", NULL) ==
	    0);
	json_decref(all);
	tuf_repo_free(&t);
	free(swu);
	free(mender);
	free(rauc);
	free(verity);
}

static void
test_bad_release(void)
{
	struct tuf_repo t;
	unsigned char *swu, *unsigned_swu, *mender, *rauc;
	size_t swulen, ulen, menderlen, rauclen;
	const json_t *f;
	json_t *all;

	tuf_repo_make(&t, PAST, true);
	swu = swu_make("rootfs v2 (swapped)\n", "rootfs v1\n", true,
	    &swulen);
	unsigned_swu = swu_make("rootfs v1\n", "rootfs v1\n", false, &ulen);
	mender = mender_make("rootfs evil\n", "rootfs v1\n", &menderlen);
	rauc = rauc_make(false, true, &rauclen);
	{
		struct assay_test_entry e[] = {
			{ .name = "tuf/root.json", .data = t.root },
			{ .name = "tuf/timestamp.json", .data = t.timestamp },
			{ .name = "tuf/snapshot.json", .data = t.snapshot },
			{ .name = "tuf/targets.json", .data = t.targets },
			{ .name = "tuf/broken.json",
			    .data = "{\"signed\": {\"_type\": \"root\"},\n"
			    "\"signatures\": [}" },
			/* A repository of its own, with no root. */
			{ .name = "opt/agent/timestamp.json",
			    .data = t.timestamp },
			{ .name = "fw.swu", .data = swu, .size = swulen },
			{ .name = "plain.swu", .data = unsigned_swu,
			    .size = ulen },
			{ .name = "fw.mender", .data = mender,
			    .size = menderlen },
			{ .name = "fw.raucb", .data = rauc, .size = rauclen },
		};

		all = scan(e, NELEM(e));
	}
	CU_ASSERT(finding(all, "update.tuf-bad-signature",
	    "release.tar!/tuf/targets.json") != NULL);
	CU_ASSERT(finding(all, "update.tuf-threshold-not-met",
	    "release.tar!/tuf/targets.json") != NULL);
	f = finding(all, "update.tuf-expired",
	    "release.tar!/tuf/targets.json");
	CU_ASSERT(f != NULL && strcmp(json_string_value(json_object_get(
	    json_object_get(f, "evidence"), "expires")), PAST) == 0);
	f = finding(all, "update.tuf-parse-error",
	    "release.tar!/tuf/broken.json");
	CU_ASSERT(f != NULL && json_integer_value(json_object_get(
	    json_object_get(f, "location"), "line")) == 2);
	CU_ASSERT(assay_test_count_rule(all, "update.tuf-valid", NULL) == 0);
	CU_ASSERT(finding(all, "update.tuf-no-root",
	    "release.tar!/opt/agent/timestamp.json") != NULL);
	CU_ASSERT(assay_test_count_rule(all, "update.tuf-no-root", NULL) == 1);
	CU_ASSERT(finding(all, "update.bundle-hash-mismatch",
	    "release.tar!/fw.swu") != NULL);
	CU_ASSERT(finding(all, "update.bundle-hash-mismatch",
	    "release.tar!/fw.mender") != NULL);
	CU_ASSERT(finding(all, "update.bundle-unsigned",
	    "release.tar!/plain.swu") != NULL);
	CU_ASSERT(finding(all, "update.bundle-malformed",
	    "release.tar!/fw.raucb") != NULL);
	CU_ASSERT(assay_test_count_rule(all, "update.bundle-valid", NULL) ==
	    0);
	json_decref(all);
	tuf_repo_free(&t);
	free(swu);
	free(unsigned_swu);
	free(mender);
	free(rauc);
}

static CU_TestInfo update_tests[] = {
	{ "a release whose TUF metadata and bundles hold", test_good_release },
	{ "a release with broken metadata and bundles", test_bad_release },
	CU_TEST_INFO_NULL,
};

static CU_SuiteInfo suites[] = {
	{ "update tuf and bundles", suite_init, suite_cleanup,
	    assay_test_setup, assay_test_teardown, update_tests },
	CU_SUITE_INFO_NULL,
};

int
main(void)
{
	return assay_test_run(suites);
}
