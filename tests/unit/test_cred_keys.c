/*
 * The key parser (probes/credentials/keyparse.c) on keys made by the real
 * tools: OpenSSL (RSA, EC, Ed25519 as PKCS#1, PKCS#8, SEC1, encrypted
 * PKCS#8 and legacy encrypted PEM, certificates, PKCS#12 with an empty and
 * a real password), ssh-keygen (RSA, Ed25519, ECDSA with and without a
 * passphrase) and puttygen (.ppk v3, plain and encrypted).  Fingerprints
 * are checked against the tools' own: `openssl pkey -pubout` for the SPKI
 * digest, `ssh-keygen -l` and `puttygen -l` for SSH fingerprints.  Broken
 * armour, truncated envelopes and junk give malformed records, never a
 * crash.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <CUnit/CUnit.h>

#include "credentials/keyparse.h"
#include "testutil.h"

#define NROWS(a)	(sizeof(a) / sizeof((a)[0]))
#define MAX_KEYS	16

/* ---- helpers ------------------------------------------------------------ */

#define RUN(...) do {							\
	const char *const argv_[] = { __VA_ARGS__, NULL };		\
	ASSAY_CHECKF(assay_test_tool(argv_, NULL) == 0, "%s %s",	\
	    argv_[0], argv_[1]);					\
} while (0)

struct keys {
	struct cred_key k[MAX_KEYS];
	size_t n;
};

static int
collect(void *arg, const struct cred_key *k)
{
	struct keys *ks = arg;

	if (ks->n < MAX_KEYS)
		ks->k[ks->n++] = *k;
	return 0;
}

/* Parses the file name in the test directory into ks. */
static bool
parse_file(const char *name, bool lines, struct keys *ks)
{
	char *data;
	size_t len;

	memset(ks, 0, sizeof(*ks));
	if ((data = assay_test_read_file(assay_test_path(name), &len)) == NULL) {
		ASSAY_CHECKF(0, "read %s", name);
		return false;
	}
	ASSAY_CHECKF(cred_keys_maybe((unsigned char *)data, len, lines),
	    "%s looks like key material", name);
	(void)cred_keys_parse((unsigned char *)data, len, lines, 64, collect,
	    ks);
	free(data);
	return true;
}

/* The first line of a file in the test directory, trimmed. */
static char *
first_line(const char *name)
{
	char *s = assay_test_read_file(assay_test_path(name), NULL);

	if (s != NULL)
		s[strcspn(s, "\r\n")] = '\0';
	return s;
}

/* hex SHA-256 of the SPKI DER of the key in file, made by openssl. */
static void
openssl_spki(const char *file, bool pub, char out[65])
{
	const char *const argv[] = { "openssl", "pkey", "-pubin", "-in", file,
	    "-outform", "DER", NULL };
	const char *const argv2[] = { "openssl", "pkey", "-in", file,
	    "-pubout", "-outform", "DER", NULL };
	char *der;
	size_t len;

	out[0] = '\0';
	ASSAY_CHECKF(assay_test_tool(pub ? argv : argv2,
	    assay_test_path("spki.der")) == 0, "openssl pkey %s", file);
	if ((der = assay_test_read_file(assay_test_path("spki.der"), &len)) ==
	    NULL)
		return;
	assay_test_sha256_hex(der, len, out);
	free(der);
}

/* The "SHA256:..." token of `tool -l file` (ssh-keygen or puttygen). */
static void
tool_fingerprint(const char *tool, const char *file, char out[64])
{
	const char *const ssh[] = { "ssh-keygen", "-l", "-E", "sha256", "-f",
	    file, NULL };
	const char *const putty[] = { "puttygen", "-l", "-E", "sha256", file,
	    NULL };
	char *line, *fp;

	out[0] = '\0';
	ASSAY_CHECKF(assay_test_tool(strcmp(tool, "puttygen") == 0 ? putty :
	    ssh, assay_test_path("fp.txt")) == 0, "%s -l %s", tool, file);
	if ((line = first_line("fp.txt")) == NULL)
		return;
	if ((fp = strstr(line, "SHA256:")) != NULL) {
		fp[strcspn(fp, " ")] = '\0';
		(void)snprintf(out, 64, "%s", fp);
	}
	free(line);
}

/* ---- OpenSSL PEM -------------------------------------------------------- */

static void
test_openssl_pem(void)
{
	static const struct {
		const char *file, *format, *type;
		unsigned bits;
	} rows[] = {
		{ "rsa8.pem", "pkcs8", "rsa", 2048 },
		{ "rsa1.pem", "pkcs1", "rsa", 2048 },
		{ "ec.pem", "sec1", "ec", 256 },
		{ "ec8.pem", "pkcs8", "ec", 256 },
		{ "ed.pem", "pkcs8", "ed25519", 256 },
	};
	struct keys ks;
	char spki[65];
	size_t i;

	RUN("openssl", "genpkey", "-algorithm", "RSA", "-pkeyopt",
	    "rsa_keygen_bits:2048", "-out", "rsa8.pem");
	RUN("openssl", "rsa", "-in", "rsa8.pem", "-traditional", "-out",
	    "rsa1.pem");
	RUN("openssl", "ecparam", "-name", "prime256v1", "-genkey", "-noout",
	    "-out", "ec.pem");
	RUN("openssl", "pkcs8", "-topk8", "-nocrypt", "-in", "ec.pem", "-out",
	    "ec8.pem");
	RUN("openssl", "genpkey", "-algorithm", "ed25519", "-out", "ed.pem");
	for (i = 0; i < NROWS(rows); i++) {
		if (!parse_file(rows[i].file, false, &ks))
			continue;
		ASSAY_CHECKF(ks.n == 1, "%s: %zu keys", rows[i].file, ks.n);
		if (ks.n != 1)
			continue;
		ASSAY_CHECKF(ks.k[0].role == CRED_KEY_PRIVATE, "%s role",
		    rows[i].file);
		ASSAY_CHECKF(strcmp(ks.k[0].format, rows[i].format) == 0,
		    "%s format %s", rows[i].file, ks.k[0].format);
		ASSAY_CHECKF(strcmp(ks.k[0].type, rows[i].type) == 0,
		    "%s type %s", rows[i].file, ks.k[0].type);
		ASSAY_CHECKF(ks.k[0].bits == rows[i].bits, "%s bits %u",
		    rows[i].file, ks.k[0].bits);
		ASSAY_CHECKF(ks.k[0].line == 1, "%s line", rows[i].file);
		openssl_spki(rows[i].file, false, spki);
		ASSAY_CHECKF(strcmp(ks.k[0].spki_sha256, spki) == 0,
		    "%s: spki %s, openssl %s", rows[i].file,
		    ks.k[0].spki_sha256, spki);
		ASSAY_CHECKF(strncmp(ks.k[0].ssh_sha256, "SHA256:", 7) == 0,
		    "%s has an SSH fingerprint", rows[i].file);
	}
}

static void
test_openssl_encrypted(void)
{
	struct keys ks;

	RUN("openssl", "genpkey", "-algorithm", "EC", "-pkeyopt",
	    "ec_paramgen_curve:P-384", "-out", "ec.pem");
	RUN("openssl", "pkcs8", "-topk8", "-in", "ec.pem", "-passout",
	    "pass:hunter2", "-out", "enc8.pem");
	RUN("openssl", "genpkey", "-algorithm", "RSA", "-pkeyopt",
	    "rsa_keygen_bits:1024", "-out", "r.pem");
	RUN("openssl", "rsa", "-in", "r.pem", "-traditional", "-aes128",
	    "-passout", "pass:hunter2", "-out", "enc1.pem");
	if (parse_file("enc8.pem", false, &ks) && ks.n == 1) {
		CU_ASSERT(ks.k[0].role == CRED_KEY_ENCRYPTED);
		CU_ASSERT_STRING_EQUAL(ks.k[0].format, "pkcs8-encrypted");
		CU_ASSERT_STRING_EQUAL(ks.k[0].cipher, "PBES2");
		CU_ASSERT(!ks.k[0].has_public);
	} else
		CU_FAIL("encrypted PKCS#8 gives one key");
	if (parse_file("enc1.pem", false, &ks) && ks.n == 1) {
		CU_ASSERT(ks.k[0].role == CRED_KEY_ENCRYPTED);
		CU_ASSERT_STRING_EQUAL(ks.k[0].format, "pkcs1");
		CU_ASSERT_STRING_EQUAL(ks.k[0].type, "rsa");
		CU_ASSERT_STRING_EQUAL(ks.k[0].cipher, "AES-128-CBC");
	} else
		CU_FAIL("legacy encrypted PEM gives one key");
}

/* A certificate and a public key pair with their private key by SPKI. */
static void
test_certificate_pairs(void)
{
	struct keys key, cert, pub;
	char spki[65];

	RUN("openssl", "genpkey", "-algorithm", "RSA", "-pkeyopt",
	    "rsa_keygen_bits:2048", "-out", "sign.pem");
	RUN("openssl", "req", "-x509", "-key", "sign.pem", "-subj",
	    "/CN=update-signing", "-days", "30", "-out", "sign.crt");
	RUN("openssl", "pkey", "-in", "sign.pem", "-pubout", "-out", "sign.pub");
	if (!parse_file("sign.pem", false, &key) ||
	    !parse_file("sign.crt", false, &cert) ||
	    !parse_file("sign.pub", false, &pub) || key.n != 1 || cert.n != 1 ||
	    pub.n != 1) {
		CU_FAIL("one item in each file");
		return;
	}
	CU_ASSERT(cert.k[0].role == CRED_KEY_PUBLIC);
	CU_ASSERT_STRING_EQUAL(cert.k[0].format, "certificate");
	CU_ASSERT_STRING_EQUAL(cert.k[0].subject, "/CN=update-signing");
	CU_ASSERT_STRING_EQUAL(cert.k[0].spki_sha256, key.k[0].spki_sha256);
	CU_ASSERT_STRING_EQUAL(pub.k[0].spki_sha256, key.k[0].spki_sha256);
	openssl_spki("sign.pub", true, spki);
	CU_ASSERT_STRING_EQUAL(pub.k[0].spki_sha256, spki);
}

/* ---- PKCS#12 ------------------------------------------------------------ */

static void
test_pkcs12(void)
{
	struct keys ks;

	RUN("openssl", "genpkey", "-algorithm", "RSA", "-pkeyopt",
	    "rsa_keygen_bits:2048", "-out", "k.pem");
	RUN("openssl", "req", "-x509", "-key", "k.pem", "-subj", "/CN=p12",
	    "-days", "30", "-out", "k.crt");
	RUN("openssl", "pkcs12", "-export", "-inkey", "k.pem", "-in", "k.crt",
	    "-passout", "pass:", "-out", "empty.p12");
	RUN("openssl", "pkcs12", "-export", "-inkey", "k.pem", "-in", "k.crt",
	    "-passout", "pass:s3cret-pass", "-out", "locked.p12");
	if (parse_file("empty.p12", false, &ks) && ks.n == 2) {
		CU_ASSERT(ks.k[0].role == CRED_KEY_PRIVATE);
		CU_ASSERT_STRING_EQUAL(ks.k[0].format, "pkcs12");
		CU_ASSERT_STRING_EQUAL(ks.k[0].type, "rsa");
		CU_ASSERT(ks.k[1].role == CRED_KEY_PUBLIC);
		CU_ASSERT_STRING_EQUAL(ks.k[0].spki_sha256,
		    ks.k[1].spki_sha256);
	} else
		CU_FAIL("an empty-password PKCS#12 gives its key and cert");
	if (parse_file("locked.p12", false, &ks) && ks.n == 1) {
		CU_ASSERT(ks.k[0].role == CRED_KEY_ENCRYPTED);
		CU_ASSERT_STRING_EQUAL(ks.k[0].format, "pkcs12");
	} else
		CU_FAIL("a password-protected PKCS#12 gives one record");
}

/* ---- OpenSSH ------------------------------------------------------------ */

static void
test_openssh(void)
{
	static const struct {
		const char *type, *bits, *pass, *want_type;
		unsigned want_bits;
	} rows[] = {
		{ "rsa", "2048", "", "rsa", 2048 },
		{ "rsa", "3072", "pass phrase", "rsa", 3072 },
		{ "ed25519", NULL, "", "ed25519", 256 },
		{ "ed25519", NULL, "pass phrase", "ed25519", 256 },
		{ "ecdsa", "256", "", "ec", 256 },
		{ "ecdsa", "384", "pass phrase", "ec", 384 },
		{ "ecdsa", "521", "", "ec", 521 },
	};
	struct keys ks, pub;
	char name[32], pubname[40], fp[64];
	size_t i;

	for (i = 0; i < NROWS(rows); i++) {
		(void)snprintf(name, sizeof(name), "id_%zu", i);
		(void)snprintf(pubname, sizeof(pubname), "id_%zu.pub", i);
		if (rows[i].bits != NULL)
			RUN("ssh-keygen", "-q", "-t", rows[i].type, "-b",
			    rows[i].bits, "-N", rows[i].pass, "-C", "t@test",
			    "-f", name);
		else
			RUN("ssh-keygen", "-q", "-t", rows[i].type, "-N",
			    rows[i].pass, "-C", "t@test", "-f", name);
		if (!parse_file(name, false, &ks) || ks.n != 1) {
			ASSAY_CHECKF(0, "%s: one key", name);
			continue;
		}
		ASSAY_CHECKF(ks.k[0].role == (rows[i].pass[0] != '\0' ?
		    CRED_KEY_ENCRYPTED : CRED_KEY_PRIVATE), "%s role", name);
		ASSAY_CHECKF(strcmp(ks.k[0].format, "openssh") == 0, "%s",
		    name);
		ASSAY_CHECKF(strcmp(ks.k[0].type, rows[i].want_type) == 0,
		    "%s type %s", name, ks.k[0].type);
		ASSAY_CHECKF(ks.k[0].bits == rows[i].want_bits, "%s bits %u",
		    name, ks.k[0].bits);
		if (rows[i].pass[0] != '\0')
			ASSAY_CHECKF(strcmp(ks.k[0].cipher, "aes256-ctr") == 0,
			    "%s cipher %s", name, ks.k[0].cipher);
		tool_fingerprint("ssh-keygen", pubname, fp);
		ASSAY_CHECKF(strcmp(ks.k[0].ssh_sha256, fp) == 0,
		    "%s: %s, ssh-keygen %s", name, ks.k[0].ssh_sha256, fp);
		/* The .pub line pairs with it by SPKI too. */
		if (parse_file(pubname, true, &pub) && pub.n == 1)
			ASSAY_CHECKF(pub.k[0].role == CRED_KEY_PUBLIC &&
			    strcmp(pub.k[0].spki_sha256,
			    ks.k[0].spki_sha256) == 0, "%s pairs", pubname);
		else
			ASSAY_CHECKF(0, "%s: one public key", pubname);
	}
}

/* ---- PuTTY -------------------------------------------------------------- */

static void
test_putty(void)
{
	static const struct {
		const char *type, *file;
		bool encrypted;
		const char *want_type;
	} rows[] = {
		{ "rsa", "rsa.ppk", false, "rsa" },
		{ "ed25519", "ed.ppk", false, "ed25519" },
		{ "ecdsa", "ec.ppk", true, "ec" },
		{ "ed25519", "ed-enc.ppk", true, "ed25519" },
	};
	struct keys ks;
	char fp[64];
	size_t i;

	CU_ASSERT_FATAL(assay_test_write_file(assay_test_path("pp"),
	    "pass phrase\n", 12) == 0);
	for (i = 0; i < NROWS(rows); i++) {
		RUN("puttygen", "-q", "-t", rows[i].type, "-o", rows[i].file,
		    "--new-passphrase", rows[i].encrypted ? "pp" : "/dev/null");
		if (!parse_file(rows[i].file, false, &ks) || ks.n != 1) {
			ASSAY_CHECKF(0, "%s: one key", rows[i].file);
			continue;
		}
		ASSAY_CHECKF(ks.k[0].role == (rows[i].encrypted ?
		    CRED_KEY_ENCRYPTED : CRED_KEY_PRIVATE), "%s role",
		    rows[i].file);
		ASSAY_CHECKF(strcmp(ks.k[0].format, "putty-v3") == 0,
		    "%s format %s", rows[i].file, ks.k[0].format);
		ASSAY_CHECKF(strcmp(ks.k[0].type, rows[i].want_type) == 0,
		    "%s type %s", rows[i].file, ks.k[0].type);
		if (rows[i].encrypted)
			ASSAY_CHECKF(strcmp(ks.k[0].cipher, "aes256-cbc") == 0,
			    "%s cipher", rows[i].file);
		tool_fingerprint("puttygen", rows[i].file, fp);
		ASSAY_CHECKF(strcmp(ks.k[0].ssh_sha256, fp) == 0,
		    "%s: %s, puttygen %s", rows[i].file, ks.k[0].ssh_sha256, fp);
	}
}

/* ---- broken input ------------------------------------------------------- */

static void
test_malformed(void)
{
	static const struct {
		const char *text;
		size_t want;		/* records */
		enum cred_key_role role;
	} rows[] = {
		{ "-----BEGIN RSA PRIVATE KEY-----\n!!not base64!!\n"
		  "-----END RSA PRIVATE KEY-----\n", 1, CRED_KEY_MALFORMED },
		{ "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n",
		  1, CRED_KEY_MALFORMED },
		{ "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEA\n"
		  "-----END OPENSSH PRIVATE KEY-----\n", 1, CRED_KEY_MALFORMED },
		{ "-----BEGIN OPENSSH PRIVATE KEY-----\nAAAAAAAA\n"
		  "-----END OPENSSH PRIVATE KEY-----\n", 1, CRED_KEY_MALFORMED },
		{ "text\n-----BEGIN EC PRIVATE KEY-----\nMHcCAQEE\n", 1,
		  CRED_KEY_MALFORMED },
		{ "-----BEGIN X PRIVATE KEY-----\nAAAA\n-----END X PRIVATE KEY"
		  "-----\n", 1, CRED_KEY_MALFORMED },
		{ "PuTTY-User-Key-File-3: ssh-ed25519\nEncryption: none\n"
		  "Public-Lines: 99999999999\n", 1, CRED_KEY_MALFORMED },
		{ "PuTTY-User-Key-File-2: ssh-rsa\nEncryption: none\n"
		  "Public-Lines: 2\nAAAA\n", 1, CRED_KEY_MALFORMED },
		{ "-----BEGIN PGP PRIVATE KEY BLOCK-----\n", 0,
		  CRED_KEY_MALFORMED },
		{ "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n",
		  0, CRED_KEY_MALFORMED },
		{ "-----BEGIN -----", 0, CRED_KEY_MALFORMED },
	};
	struct keys ks;
	size_t i;

	for (i = 0; i < NROWS(rows); i++) {
		memset(&ks, 0, sizeof(ks));
		(void)cred_keys_parse((const unsigned char *)rows[i].text,
		    strlen(rows[i].text), false, 64, collect, &ks);
		ASSAY_CHECKF(ks.n == rows[i].want, "row %zu: %zu records", i,
		    ks.n);
		if (ks.n > 0)
			ASSAY_CHECKF(ks.k[0].role == rows[i].role &&
			    ks.k[0].reason[0] != '\0', "row %zu: role %d", i,
			    (int)ks.k[0].role);
	}
}

/* Junk, truncations of a real key at every length, and a item cap. */
static void
test_junk_and_truncation(void)
{
	unsigned char junk[65536];
	struct keys ks;
	char *key;
	size_t len, cut, i;
	unsigned x = 12345;

	for (i = 0; i < sizeof(junk); i++) {
		x = x * 1103515245u + 12345u;
		junk[i] = (unsigned char)(x >> 16);
	}
	memset(&ks, 0, sizeof(ks));
	(void)cred_keys_parse(junk, sizeof(junk), true, 64, collect, &ks);
	CU_ASSERT(ks.n == 0);
	RUN("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", "cut");
	if ((key = assay_test_read_file(assay_test_path("cut"), &len)) == NULL) {
		CU_FAIL("read the key");
		return;
	}
	for (cut = 0; cut < len; cut++) {
		memset(&ks, 0, sizeof(ks));
		(void)cred_keys_parse((unsigned char *)key, cut, false, 64,
		    collect, &ks);
		CU_ASSERT(ks.n <= 1);
	}
	free(key);
	/* Many blocks: the cap holds. */
	{
		static const char blk[] = "-----BEGIN PRIVATE KEY-----\nAAAA\n"
		    "-----END PRIVATE KEY-----\n";
		size_t n = 500 * (sizeof(blk) - 1);
		char *many = malloc(n);

		CU_ASSERT_FATAL(many != NULL);
		for (i = 0; i < 500; i++)
			memcpy(many + i * (sizeof(blk) - 1), blk, sizeof(blk) - 1);
		memset(&ks, 0, sizeof(ks));
		(void)cred_keys_parse((unsigned char *)many, n, false, 10,
		    collect, &ks);
		CU_ASSERT(ks.n == 10);
		CU_ASSERT(ks.k[9].line == 28);
		free(many);
	}
}

/* A key pasted into C source, with quotes and \n escapes. */
static void
test_key_in_source(void)
{
	struct keys ks;
	char *pem, *src;
	size_t len, i, o = 0;

	RUN("openssl", "genpkey", "-algorithm", "ed25519", "-out", "e.pem");
	if ((pem = assay_test_read_file(assay_test_path("e.pem"), &len)) ==
	    NULL || (src = malloc(len * 3 + 64)) == NULL) {
		CU_FAIL("read the key");
		free(pem);
		return;
	}
	o += (size_t)snprintf(src, 64, "static const char k[] =\n");
	src[o++] = '"';
	for (i = 0; i < len; i++) {
		if (pem[i] == '\n') {
			memcpy(src + o, "\\n\"\n\"", 5);
			o += 5;
		} else
			src[o++] = pem[i];
	}
	src[o++] = '"';
	memset(&ks, 0, sizeof(ks));
	(void)cred_keys_parse((unsigned char *)src, o, false, 64, collect, &ks);
	CU_ASSERT(ks.n == 1 && ks.k[0].role == CRED_KEY_PRIVATE &&
	    ks.k[0].line == 2 && strcmp(ks.k[0].type, "ed25519") == 0);
	free(pem);
	free(src);
}

static CU_TestInfo key_tests[] = {
	{ "OpenSSL PEM keys and their SPKI digests", test_openssl_pem },
	{ "encrypted PKCS#8 and legacy PEM", test_openssl_encrypted },
	{ "certificates and public keys pair by SPKI", test_certificate_pairs },
	{ "PKCS#12 with an empty and a real password", test_pkcs12 },
	{ "OpenSSH keys agree with ssh-keygen -l", test_openssh },
	{ "PuTTY keys agree with puttygen -l", test_putty },
	{ "malformed armour and envelopes", test_malformed },
	{ "junk, truncations and the item cap", test_junk_and_truncation },
	{ "a key pasted into source code", test_key_in_source },
	CU_TEST_INFO_NULL,
};

static CU_SuiteInfo suites[] = {
	{ "credential keys", NULL, NULL, assay_test_setup, assay_test_teardown,
	    key_tests },
	CU_SUITE_INFO_NULL,
};

int
main(void)
{
	return assay_test_run(suites);
}
