/*
 * End to end: the signing probe through the real assay binary.  Releases
 * built here as tar and zip archives (unsigned, minisign-signed, signify-
 * signed, tampered, with a minisign-signed SHA256SUMS that has one wrong
 * digest, one missing file and one unlisted file), scanned with --trust,
 * and findings.json checked rule by rule, with the evidence that ties each
 * finding to the signed file and the signature file by their hashes.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <CUnit/CUnit.h>
#include <archive.h>
#include <archive_entry.h>
#include <jansson.h>

#include "testutil.h"

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))
#define MAX_FILES	12

static bool
sh(const char *cmd)
{
	const char *argv[] = { "sh", "-c", cmd, NULL };
	int rc = assay_test_tool(argv, NULL);

	ASSAY_CHECKF(rc == 0, "%s: exit %d", cmd, rc);
	return rc == 0;
}

/* Files of the test directory packed into an archive, names kept. */
static bool
pack(const char *archive, int format, const char *const *names)
{
	struct assay_test_entry e[MAX_FILES];
	char *data[MAX_FILES];
	size_t n = 0, len, i;
	int rc;

	for (; *names != NULL && n < MAX_FILES; names++) {
		data[n] = assay_test_read_file(assay_test_path(*names), &len);
		ASSAY_CHECKF(data[n] != NULL, "read %s", *names);
		if (data[n] == NULL)
			break;
		memset(&e[n], 0, sizeof(e[n]));
		e[n].name = *names;
		e[n].data = data[n];
		e[n].size = len;
		/* An empty file: size 0 would mean strlen. */
		if (len == 0)
			e[n].data = NULL;
		n++;
	}
	rc = assay_test_archive(assay_test_path(archive), format,
	    ARCHIVE_FILTER_NONE, e, n);
	for (i = 0; i < n; i++)
		free(data[i]);
	ASSAY_CHECKF(rc == 0, "built %s", archive);
	return rc == 0;
}

/* Scans with argv's options and artefacts; findings (caller frees). */
static json_t *
scan(const char *out, const char *const *args, int *statusp)
{
	const char *argv[32];
	struct assay_test_run_result r;
	char bundle[4096];
	json_t *f = NULL;
	size_t n = 0;
	int len;

	argv[n++] = "scan";
	argv[n++] = "--quiet";
	argv[n++] = "--out";
	argv[n++] = out;
	for (; *args != NULL && n < NELEM(argv) - 1; args++)
		argv[n++] = *args;
	argv[n] = NULL;
	if (assay_test_assay(&r, argv) != 0) {
		ASSAY_CHECKF(0, "could not run assay");
		return NULL;
	}
	if (statusp != NULL)
		*statusp = r.status;
	ASSAY_CHECKF(r.status == 0 || r.status == 1 || (statusp != NULL &&
	    *statusp == 3), "assay exit %d: %s", r.status, r.err);
	len = snprintf(bundle, sizeof(bundle), "%s", assay_test_path(out));
	if (len > 0 && (size_t)len < sizeof(bundle))
		f = assay_test_findings(bundle);
	assay_test_result_release(&r);
	ASSAY_CHECKF(f != NULL, "findings of %s", out);
	return f;
}

static size_t
count(json_t *f, const char *rule, const char *path)
{
	return f != NULL ? assay_test_count_rule(f, rule, path) : 0;
}

/* The first finding of rule at path; borrowed. */
static json_t *
finding(json_t *f, const char *rule, const char *path)
{
	json_t *x;
	size_t i;
	const char *p;

	json_array_foreach(f, i, x) {
		p = json_string_value(json_object_get(json_object_get(x,
		    "location"), "path"));
		if (strcmp(json_string_value(json_object_get(x, "rule")),
		    rule) == 0 && p != NULL && strcmp(p, path) == 0)
			return x;
	}
	return NULL;
}

static const char *
ev(json_t *x, const char *key)
{
	return json_string_value(json_object_get(json_object_get(x,
	    "evidence"), key));
}

static bool
ev_is(json_t *x, const char *key, const char *want)
{
	const char *v = ev(x, key);

	return v != NULL && strcmp(v, want) == 0;
}

/* Hex SHA-256 of a file of the test directory. */
static void
file_sha(const char *name, char *out)
{
	size_t n = 0;
	char *p = assay_test_read_file(assay_test_path(name), &n);

	out[0] = '\0';
	if (p != NULL)
		assay_test_sha256_hex(p, n, out);
	free(p);
}

/* Total signing findings. */
static size_t
signing_total(json_t *f)
{
	json_t *x;
	size_t i, n = 0;

	json_array_foreach(f, i, x)
		if (strncmp(json_string_value(json_object_get(x, "rule")),
		    "signing.", 8) == 0)
			n++;
	return n;
}

static bool
minisign_key(const char *name)
{
	char cmd[256];

	snprintf(cmd, sizeof(cmd), "minisign -G -W -p %s.pub -s %s.key",
	    name, name);
	return sh(cmd);
}

/* ---- releases ------------------------------------------------------------ */

static void
test_unsigned(void)
{
	static const char *const files[] = { "fw.bin", "readme.txt", NULL };
	static const char *const args[] = { "rel.tar", NULL };
	json_t *f;
	int status = -1;

	if (!sh("printf 'firmware\\n' > fw.bin; printf 'hi\\n' > readme.txt")
	    || !pack("rel.tar", ARCHIVE_FORMAT_TAR_USTAR, files))
		return;
	if ((f = scan("out", args, &status)) == NULL)
		return;
	/* The archive and the firmware in it; not the text file. */
	CU_ASSERT_EQUAL(count(f, "signing.unsigned-artefact", NULL), 2);
	CU_ASSERT_EQUAL(count(f, "signing.unsigned-artefact",
	    "rel.tar!/fw.bin"), 1);
	CU_ASSERT_EQUAL(count(f, "signing.unsigned-artefact", "rel.tar"), 1);
	CU_ASSERT_EQUAL(signing_total(f), 2);
	/* vendor-selfcheck fails its signing control on a high finding. */
	CU_ASSERT_EQUAL(status, 1);
	json_decref(f);
}

static void
test_minisign_release(void)
{
	static const char *const files[] = { "fw.bin", "fw.bin.minisig",
	    "notes.txt", NULL };
	static const char *const trusted[] = { "--trust", "k.pub", "rel.tar",
	    NULL };
	static const char *const wrong[] = { "--trust", "other.pub",
	    "rel.tar", NULL };
	static const char *const strict[] = { "--set",
	    "signing.require_trust_anchor=true", "rel.tar", NULL };
	char fw_sha[65], sig_sha[65];
	json_t *f, *x;
	int status = -1;

	if (!minisign_key("k") || !minisign_key("other") ||
	    !sh("head -c 300000 /dev/zero | tr '\\0' 'x' > fw.bin; "
	    "printf 'n\\n' > notes.txt; minisign -S -W -s k.key -m fw.bin "
	    "-t 'timestamp:1700000000 file:fw.bin'") ||
	    !pack("rel.tar", ARCHIVE_FORMAT_TAR_USTAR, files))
		return;
	file_sha("fw.bin", fw_sha);
	file_sha("fw.bin.minisig", sig_sha);

	/* With the signer's key: valid, nothing unsigned, exit 0. */
	if ((f = scan("out1", trusted, &status)) == NULL)
		return;
	CU_ASSERT_EQUAL(count(f, "signing.valid-signature",
	    "rel.tar!/fw.bin"), 1);
	CU_ASSERT_EQUAL(signing_total(f), 1);
	CU_ASSERT_EQUAL(status, 0);
	x = finding(f, "signing.valid-signature", "rel.tar!/fw.bin");
	CU_ASSERT_PTR_NOT_NULL_FATAL(x);
	CU_ASSERT(ev_is(x, "kind", "minisign"));
	CU_ASSERT(ev_is(x, "file", "rel.tar!/fw.bin"));
	CU_ASSERT(ev_is(x, "file_sha256", fw_sha));
	CU_ASSERT(ev_is(x, "signature", "rel.tar!/fw.bin.minisig"));
	CU_ASSERT(ev_is(x, "signature_sha256", sig_sha));
	CU_ASSERT(ev_is(x, "key_algorithm", "ed25519"));
	CU_ASSERT(ev_is(x, "digest_algorithm", "blake2b512"));
	CU_ASSERT(ev_is(x, "signing_time", "2023-11-14T22:13:20Z"));
	CU_ASSERT(ev(x, "key_id") != NULL && strlen(ev(x, "key_id")) == 16);
	CU_ASSERT(ev(x, "key_fingerprint") != NULL);
	json_decref(f);

	/* Another key: the signer is not trusted; still signed. */
	if ((f = scan("out2", wrong, NULL)) == NULL)
		return;
	CU_ASSERT_EQUAL(count(f, "signing.untrusted-signer",
	    "rel.tar!/fw.bin"), 1);
	CU_ASSERT_EQUAL(count(f, "signing.unsigned-artefact", NULL), 0);
	CU_ASSERT_EQUAL(count(f, "signing.valid-signature", NULL), 0);
	json_decref(f);

	/* No key, anchors required: untrusted does not count as signed. */
	if ((f = scan("out3", strict, NULL)) == NULL)
		return;
	CU_ASSERT_EQUAL(count(f, "signing.no-trust-anchors", NULL), 1);
	CU_ASSERT_EQUAL(count(f, "signing.untrusted-signer",
	    "rel.tar!/fw.bin"), 1);
	CU_ASSERT_EQUAL(count(f, "signing.unsigned-artefact",
	    "rel.tar!/fw.bin"), 1);
	x = finding(f, "signing.unsigned-artefact", "rel.tar!/fw.bin");
	CU_ASSERT(x != NULL && json_is_true(json_object_get(
	    json_object_get(x, "evidence"), "require_trust_anchor")));
	json_decref(f);
}

static void
test_tampered(void)
{
	static const char *const files[] = { "fw.img", "fw.img.minisig",
	    NULL };
	static const char *const args[] = { "--trust", "k.pub", "rel.zip",
	    NULL };
	static const char *const verify[] = { "minisign", "-V", "-q", "-p",
	    "k.pub", "-m", "fw.img", NULL };
	json_t *f, *x;

	if (!minisign_key("k") ||
	    !sh("printf 'image one\\n' > fw.img; minisign -S -W -s k.key "
	    "-m fw.img; printf 'image two\\n' > fw.img") ||
	    !pack("rel.zip", ARCHIVE_FORMAT_ZIP, files))
		return;
	/* minisign itself refuses it. */
	CU_ASSERT(assay_test_tool(verify, NULL) == 1);
	if ((f = scan("out", args, NULL)) == NULL)
		return;
	CU_ASSERT_EQUAL(count(f, "signing.invalid-signature",
	    "rel.zip!/fw.img"), 1);
	CU_ASSERT_EQUAL(count(f, "signing.unsigned-artefact",
	    "rel.zip!/fw.img"), 1);
	CU_ASSERT_EQUAL(count(f, "signing.valid-signature", NULL), 0);
	x = finding(f, "signing.invalid-signature", "rel.zip!/fw.img");
	CU_ASSERT(x != NULL && ev(x, "reason") != NULL &&
	    strstr(ev(x, "reason"), "does not verify") != NULL);
	json_decref(f);
}

static void
test_signify_artefacts(void)
{
	static const char *const args[] = { "--trust", "s.pub", "fw.swu",
	    "fw.swu.sig", NULL };
	json_t *f;

	if (!sh("signify-openbsd -G -n -p s.pub -s s.sec && "
	    "printf 'update\\n' > fw.swu && "
	    "signify-openbsd -S -s s.sec -m fw.swu -x fw.swu.sig"))
		return;
	/* Two top-level artefacts: the signature beside the update. */
	if ((f = scan("out", args, NULL)) == NULL)
		return;
	CU_ASSERT_EQUAL(count(f, "signing.valid-signature", "fw.swu"), 1);
	CU_ASSERT_EQUAL(count(f, "signing.unsigned-artefact", NULL), 0);
	CU_ASSERT_EQUAL(signing_total(f), 1);
	json_decref(f);
}

/* A signed archive covers what is inside it; an orphan .sig is no file. */
static void
test_signed_archive(void)
{
	static const char *const files[] = { "app.bin", "boot.img", NULL };
	static const char *const args[] = { "--trust", "k.pub", "fw.tar",
	    "fw.tar.minisig", "lost.bin.sig", NULL };
	json_t *f;

	if (!minisign_key("k") ||
	    !sh("printf 'app\\n' > app.bin; printf 'boot\\n' > boot.img; "
	    "printf 'nothing\\n' > lost.bin.sig") ||
	    !pack("fw.tar", ARCHIVE_FORMAT_TAR_USTAR, files) ||
	    !sh("minisign -S -W -s k.key -m fw.tar"))
		return;
	if ((f = scan("out", args, NULL)) == NULL)
		return;
	CU_ASSERT_EQUAL(count(f, "signing.valid-signature", "fw.tar"), 1);
	CU_ASSERT_EQUAL(count(f, "signing.unsigned-artefact", NULL), 0);
	CU_ASSERT_EQUAL(signing_total(f), 1);
	json_decref(f);
}

static void
test_manifest(void)
{
	static const char *const files[] = { "a.bin", "b.bin", "extra.bin",
	    "SHA256SUMS", "SHA256SUMS.minisig", NULL };
	static const char *const args[] = { "--trust", "k.pub", "rel.tar",
	    NULL };
	char b_sha[65];
	json_t *f, *f2, *x;
	char *d1, *d2;

	if (!minisign_key("k") ||
	    !sh("printf 'alpha\\n' > a.bin; printf 'bravo\\n' > b.bin; "
	    "printf 'gone\\n' > gone.bin; "
	    "sha256sum a.bin b.bin gone.bin > SHA256SUMS; "
	    "printf 'BRAVO\\n' > b.bin; printf 'extra\\n' > extra.bin; "
	    "minisign -S -W -s k.key -m SHA256SUMS") ||
	    !pack("rel.tar", ARCHIVE_FORMAT_TAR_PAX_RESTRICTED, files))
		return;
	file_sha("b.bin", b_sha);
	if ((f = scan("out", args, NULL)) == NULL)
		return;
	CU_ASSERT_EQUAL(count(f, "signing.valid-signature",
	    "rel.tar!/SHA256SUMS"), 1);
	CU_ASSERT_EQUAL(count(f, "signing.valid-signature",
	    "rel.tar!/a.bin"), 1);
	CU_ASSERT_EQUAL(count(f, "signing.checksum-mismatch",
	    "rel.tar!/b.bin"), 1);
	CU_ASSERT_EQUAL(count(f, "signing.checksum-missing-file",
	    "rel.tar!/SHA256SUMS"), 1);
	CU_ASSERT_EQUAL(count(f, "signing.checksum-unlisted-file",
	    "rel.tar!/extra.bin"), 1);
	CU_ASSERT_EQUAL(count(f, "signing.checksum-unlisted-file", NULL), 1);
	/* b.bin and extra.bin are .bin files no signature covers. */
	CU_ASSERT_EQUAL(count(f, "signing.unsigned-artefact", NULL), 2);
	CU_ASSERT_EQUAL(count(f, "signing.unsigned-artefact",
	    "rel.tar!/a.bin"), 0);
	CU_ASSERT_EQUAL(count(f, "signing.checksum-unsigned", NULL), 0);
	x = finding(f, "signing.checksum-mismatch", "rel.tar!/b.bin");
	CU_ASSERT_PTR_NOT_NULL_FATAL(x);
	CU_ASSERT(ev_is(x, "actual_digest", b_sha));
	CU_ASSERT(ev_is(x, "file_sha256", b_sha));
	CU_ASSERT(ev_is(x, "manifest", "rel.tar!/SHA256SUMS"));
	CU_ASSERT(ev_is(x, "algorithm", "sha256"));
	CU_ASSERT(ev(x, "listed_digest") != NULL &&
	    strcmp(ev(x, "listed_digest"), b_sha) != 0);
	x = finding(f, "signing.checksum-missing-file", "rel.tar!/SHA256SUMS");
	CU_ASSERT(x != NULL && ev_is(x, "listed_name", "gone.bin"));
	CU_ASSERT(x != NULL && json_integer_value(json_object_get(
	    json_object_get(x, "location"), "line")) == 3);
	x = finding(f, "signing.valid-signature", "rel.tar!/a.bin");
	CU_ASSERT(x != NULL && ev_is(x, "kind", "checksum-manifest") &&
	    ev_is(x, "signature", "rel.tar!/SHA256SUMS") &&
	    ev_is(x, "manifest_signature", "rel.tar!/SHA256SUMS.minisig"));

	/* Same input, same findings, byte for byte. */
	if ((f2 = scan("again", args, NULL)) != NULL) {
		d1 = json_dumps(f, JSON_COMPACT | JSON_SORT_KEYS);
		d2 = json_dumps(f2, JSON_COMPACT | JSON_SORT_KEYS);
		CU_ASSERT(d1 != NULL && d2 != NULL && strcmp(d1, d2) == 0);
		free(d1);
		free(d2);
		json_decref(f2);
	}
	json_decref(f);
}

/* OpenBSD's way: SHA256.sig is signify -e over a BSD-layout list. */
static void
test_signify_embedded_manifest(void)
{
	static const char *const files[] = { "install.img", "bsd.rd",
	    "SHA256.sig", NULL };
	static const char *const args[] = { "--trust", "s.pub", "rel.tar",
	    NULL };
	static const char *const check[] = { "signify-openbsd", "-C", "-q",
	    "-p", "s.pub", "-x", "SHA256.sig", NULL };
	json_t *f;

	if (!sh("signify-openbsd -G -n -p s.pub -s s.sec && "
	    "printf 'base\\n' > install.img && printf 'rd\\n' > bsd.rd && "
	    "sha256sum --tag install.img bsd.rd > SHA256 && "
	    "printf 'RD\\n' > bsd.rd && "
	    "signify-openbsd -S -e -s s.sec -m SHA256 -x SHA256.sig") ||
	    !pack("rel.tar", ARCHIVE_FORMAT_TAR_USTAR, files))
		return;
	/* signify -C finds the same changed file. */
	CU_ASSERT(assay_test_tool(check, NULL) != 0);
	if ((f = scan("out", args, NULL)) == NULL)
		return;
	CU_ASSERT_EQUAL(count(f, "signing.valid-signature",
	    "rel.tar!/SHA256.sig"), 1);
	CU_ASSERT_EQUAL(count(f, "signing.valid-signature",
	    "rel.tar!/install.img"), 1);
	CU_ASSERT_EQUAL(count(f, "signing.checksum-mismatch",
	    "rel.tar!/bsd.rd"), 1);
	CU_ASSERT_EQUAL(count(f, "signing.checksum-unsigned", NULL), 0);
	CU_ASSERT_EQUAL(count(f, "signing.checksum-unlisted-file", NULL), 0);
	json_decref(f);
}

/* A .sig that is no known format, with no bare key: named, not verified. */
static void
test_unsupported(void)
{
	static const char *const args[] = { "fw.bin", "fw.bin.sig", NULL };
	json_t *f, *x;

	if (!sh("printf 'fw\\n' > fw.bin; head -c 256 /dev/zero > fw.bin.sig"))
		return;
	if ((f = scan("out", args, NULL)) == NULL)
		return;
	CU_ASSERT_EQUAL(count(f, "signing.unsupported-format", "fw.bin"), 1);
	CU_ASSERT_EQUAL(count(f, "signing.unsigned-artefact", "fw.bin"), 1);
	CU_ASSERT_EQUAL(count(f, "signing.unsigned-artefact", NULL), 1);
	x = finding(f, "signing.unsupported-format", "fw.bin");
	CU_ASSERT(x != NULL && ev_is(x, "kind", "raw") &&
	    ev_is(x, "signature", "fw.bin.sig"));
	x = finding(f, "signing.unsigned-artefact", "fw.bin");
	CU_ASSERT(x != NULL && strstr(ev(x, "reason"), "not verified") !=
	    NULL);
	json_decref(f);
}

static void
test_manifest_unsigned_weak(void)
{
	static const char *const files[] = { "a.img", "MD5SUMS", NULL };
	static const char *const args[] = { "rel.tar", NULL };
	json_t *f;

	if (!sh("printf 'alpha\\n' > a.img; md5sum a.img > MD5SUMS") ||
	    !pack("rel.tar", ARCHIVE_FORMAT_TAR_USTAR, files))
		return;
	if ((f = scan("out", args, NULL)) == NULL)
		return;
	CU_ASSERT_EQUAL(count(f, "signing.checksum-unsigned",
	    "rel.tar!/MD5SUMS"), 1);
	CU_ASSERT_EQUAL(count(f, "signing.checksum-weak",
	    "rel.tar!/MD5SUMS"), 1);
	CU_ASSERT_EQUAL(count(f, "signing.checksum-mismatch", NULL), 0);
	CU_ASSERT_EQUAL(count(f, "signing.unsigned-artefact",
	    "rel.tar!/a.img"), 1);
	json_decref(f);
}

static void
test_trust_files(void)
{
	static const char *const args[] = { "--trust", "junk.txt", "--trust",
	    "broken.pub", "fw.bin", NULL };
	json_t *f, *x;
	size_t i;

	if (!sh("printf 'not a key\\n' > junk.txt; printf 'untrusted "
	    "comment: minisign public key 1\\nRWQ!!!!\\n' > broken.pub; "
	    "printf 'x' > fw.bin"))
		return;
	if ((f = scan("out", args, NULL)) == NULL)
		return;
	CU_ASSERT_EQUAL(count(f, "signing.trust-file-unusable", NULL), 2);
	CU_ASSERT_EQUAL(count(f, "signing.unsigned-artefact", "fw.bin"), 1);
	json_array_foreach(f, i, x)
		if (strcmp(json_string_value(json_object_get(x, "rule")),
		    "signing.trust-file-unusable") == 0)
			CU_ASSERT(ev(x, "trust_file") != NULL &&
			    ev(x, "trust_file_sha256") != NULL &&
			    ev(x, "reason") != NULL);
	json_decref(f);
}

/* The profile's parameters decide what must be signed, and how strictly. */
static void
test_params(void)
{
	static const char *const files[] = { "fw.bin", "notes.txt",
	    "SHA256SUMS", "SHA256SUMS.minisig", NULL };
	static const char *const txt[] = { "--set",
	    "signing.must_sign=[\"**/*.txt\"]", "--trust", "k.pub",
	    "rel.tar", NULL };
	static const char *const strict[] = { "--set",
	    "signing.require_trust_anchor=true", "--trust", "other.pub",
	    "rel.tar", NULL };
	static const char *const bad[] = { "--set",
	    "signing.must_sign_formats=[\"pe\",\"macho\"]", "rel.tar",
	    NULL };
	json_t *f;
	int status = -1;

	if (!minisign_key("k") || !minisign_key("other") ||
	    !sh("printf 'fw\\n' > fw.bin; printf 'n\\n' > notes.txt; "
	    "sha256sum fw.bin > SHA256SUMS; "
	    "minisign -S -W -s k.key -m SHA256SUMS") ||
	    !pack("rel.tar", ARCHIVE_FORMAT_TAR_USTAR, files))
		return;
	/* Only text files must be signed; fw.bin is covered anyway. */
	if ((f = scan("out1", txt, NULL)) == NULL)
		return;
	CU_ASSERT_EQUAL(count(f, "signing.unsigned-artefact", NULL), 1);
	CU_ASSERT_EQUAL(count(f, "signing.unsigned-artefact",
	    "rel.tar!/notes.txt"), 1);
	CU_ASSERT_EQUAL(count(f, "signing.checksum-unlisted-file",
	    "rel.tar!/notes.txt"), 1);
	json_decref(f);

	/* An untrusted manifest signature covers nothing when anchors are
	 * required. */
	if ((f = scan("out2", strict, NULL)) == NULL)
		return;
	CU_ASSERT_EQUAL(count(f, "signing.untrusted-signer",
	    "rel.tar!/SHA256SUMS"), 1);
	CU_ASSERT_EQUAL(count(f, "signing.checksum-unsigned",
	    "rel.tar!/SHA256SUMS"), 1);
	CU_ASSERT_EQUAL(count(f, "signing.unsigned-artefact",
	    "rel.tar!/fw.bin"), 1);
	CU_ASSERT_EQUAL(count(f, "signing.no-trust-anchors", NULL), 0);
	json_decref(f);

	/* A parameter the probe does not understand stops it, loudly. */
	if ((f = scan("out3", bad, &status)) == NULL)
		return;
	CU_ASSERT_EQUAL(status, 3);
	CU_ASSERT_EQUAL(count(f, "harness.probe-error", NULL), 1);
	CU_ASSERT_EQUAL(signing_total(f), 0);
	json_decref(f);
}

/* A manifest beside many files it does not list names 100, counts the rest. */
static void
test_unlisted_cap(void)
{
	static const char *const args[] = { "rel.tar", NULL };
	struct assay_test_entry e[106];
	char names[105][16];
	json_t *f, *x;
	size_t i;

	memset(e, 0, sizeof(e));
	for (i = 0; i < 105; i++) {
		snprintf(names[i], sizeof(names[i]), "f%03zu.txt", i);
		e[i].name = names[i];
		e[i].data = "x\n";
	}
	e[105].name = "SHA256SUMS";
	e[105].data = "# nothing listed\n";
	CU_ASSERT_FATAL(assay_test_archive(assay_test_path("rel.tar"),
	    ARCHIVE_FORMAT_TAR_USTAR, ARCHIVE_FILTER_NONE, e, NELEM(e)) == 0);
	if ((f = scan("out", args, NULL)) == NULL)
		return;
	CU_ASSERT_EQUAL(count(f, "signing.checksum-unlisted-file", NULL), 101);
	x = finding(f, "signing.checksum-unlisted-file", "rel.tar!/SHA256SUMS");
	CU_ASSERT(x != NULL && json_integer_value(json_object_get(
	    json_object_get(x, "evidence"), "unlisted_not_named")) == 5);
	json_decref(f);
}

/*
 * A Debian package's control archive holds md5sums, dpkg's list of the
 * package's own files: not a release manifest, so no checksum finding.
 */
static void
test_deb_md5sums(void)
{
	static const char *const args[] = { "pkg.deb", NULL };
	json_t *f, *x;
	size_t i;

	if (!sh("mkdir -p pkg/DEBIAN pkg/usr/bin && "
	    "printf 'Package: p\\nVersion: 1\\nArchitecture: all\\n"
	    "Maintainer: m <m@example.org>\\nDescription: d\\n' "
	    "> pkg/DEBIAN/control && printf 'tool\\n' > pkg/usr/bin/tool && "
	    "(cd pkg && md5sum usr/bin/tool > DEBIAN/md5sums) && "
	    "dpkg-deb --root-owner-group -Zgzip -b pkg pkg.deb >/dev/null"))
		return;
	if ((f = scan("out", args, NULL)) == NULL)
		return;
	json_array_foreach(f, i, x)
		ASSAY_CHECKF(strncmp(json_string_value(json_object_get(x,
		    "rule")), "signing.checksum-", 17) != 0,
		    "no checksum finding for dpkg's md5sums: %s",
		    json_string_value(json_object_get(x, "rule")));
	CU_ASSERT_EQUAL(count(f, "signing.unsigned-artefact", "pkg.deb"), 1);
	json_decref(f);
}

static CU_TestInfo tests[] = {
	{ "unsigned release", test_unsigned },
	{ "minisign-signed release", test_minisign_release },
	{ "tampered release", test_tampered },
	{ "signify-signed artefacts", test_signify_artefacts },
	{ "signed archive", test_signed_archive },
	{ "signed SHA256SUMS", test_manifest },
	{ "signify -e SHA256.sig", test_signify_embedded_manifest },
	{ "unsupported signature", test_unsupported },
	{ "unsigned MD5SUMS", test_manifest_unsigned_weak },
	{ "unusable trust files", test_trust_files },
	{ "parameters", test_params },
	{ "unlisted files, capped", test_unlisted_cap },
	{ "a .deb's md5sums is not a manifest", test_deb_md5sums },
	CU_TEST_INFO_NULL
};

static CU_SuiteInfo suites[] = {
	{ "signing end to end", NULL, NULL, assay_test_setup,
	    assay_test_teardown, tests },
	CU_SUITE_INFO_NULL
};

int
main(void)
{
	return assay_test_run(suites);
}
