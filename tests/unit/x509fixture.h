/*
 * Fixtures shared by the X.509 signature suites (test_x509cms.c,
 * test_authenticode.c, test_kmodsig.c): keys and certificates made with
 * OpenSSL at fixed dates, a private folder per suite, and running the
 * independent tools (openssl, osslsigncode) that cross-check verdicts.
 * Functions are static inline so each suite takes what it uses.
 */
#ifndef ASSAY_TEST_X509FIXTURE_H
#define ASSAY_TEST_X509FIXTURE_H

#include <sys/wait.h>

#include <fcntl.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <openssl/bn.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>

#include "signing/sigverify.h"
#include "testutil.h"

#define T2019	INT64_C(1546300800)	/* 2019-01-01 */
#define T2020	INT64_C(1577836800)
#define T2020_6	INT64_C(1590969600)	/* 2020-06-01 */
#define T2021	INT64_C(1609459200)
#define T2022	INT64_C(1640995200)
#define T2024	INT64_C(1704067200)
#define T2026_6	INT64_C(1780272000)	/* 2026-06-01: "now" in the tests */
#define T2030	INT64_C(1893456000)
#define T2040	INT64_C(2208988800)

#define FX_NROWS(a)	(sizeof(a) / sizeof((a)[0]))

/* The suite's folder (outlives the per-test ones). */
static char fx_dir[4096];

static inline const char *
fx_path(const char *name)
{
	static char bufs[8][4200];
	static unsigned next;
	char *b = bufs[next++ % 8];

	snprintf(b, sizeof(bufs[0]), "%s/%s", fx_dir, name);
	return b;
}

static inline int
fx_mkdir(const char *tag)
{
	const char *tmp = getenv("TMPDIR");

	snprintf(fx_dir, sizeof(fx_dir), "%s/assay-%s.XXXXXX",
	    tmp != NULL && *tmp != '\0' ? tmp : "/tmp", tag);
	return mkdtemp(fx_dir) != NULL ? 0 : -1;
}

/*
 * Runs argv (no shell) with stdout and stderr appended to the suite's
 * tools.log; its exit status, or -1 when it did not run.
 */
static inline int
fx_run(const char *const *argv)
{
	int status, fd;
	pid_t pid;

	if ((pid = fork()) == -1)
		return -1;
	if (pid == 0) {
		fd = open(fx_path("tools.log"), O_WRONLY | O_CREAT | O_APPEND,
		    0600);
		if (fd != -1) {
			(void)dup2(fd, 1);
			(void)dup2(fd, 2);
		}
		fd = open("/dev/null", O_RDONLY);
		if (fd != -1)
			(void)dup2(fd, 0);
		execvp(argv[0], (char *const *)(uintptr_t)argv);
		_exit(127);
	}
	if (waitpid(pid, &status, 0) == -1 || !WIFEXITED(status))
		return -1;
	return WEXITSTATUS(status);
}

static inline void
fx_rmdir(void)
{
	const char *argv[] = { "rm", "-rf", fx_dir, NULL };

	if (fx_dir[0] != '\0')
		(void)fx_run(argv);
}

static inline EVP_PKEY *
fx_key(bool rsa, unsigned bits)
{
	return rsa ? EVP_PKEY_Q_keygen(NULL, NULL, "RSA", (size_t)bits) :
	    EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-256");
}

static inline int
fx_ext(X509 *x, X509V3_CTX *ctx, int nid, const char *value)
{
	X509_EXTENSION *e = X509V3_EXT_conf_nid(NULL, ctx, nid, value);
	int ok = e != NULL && X509_add_ext(x, e, -1) == 1;

	X509_EXTENSION_free(e);
	return ok ? 0 : -1;
}

struct fx_cert_spec {
	const char *cn;
	EVP_PKEY *key;
	X509 *issuer;		/* NULL: self-signed */
	EVP_PKEY *issuer_key;
	int64_t from, to;
	bool ca;
	const char *eku;	/* extendedKeyUsage value, or NULL */
	const char *md;		/* signature digest; NULL: sha256 */
};

static inline X509 *
fx_cert(const struct fx_cert_spec *s)
{
	X509 *x = X509_new();
	X509_NAME *n = X509_NAME_new();
	BIGNUM *bn = BN_new();
	X509V3_CTX ctx;
	int ok;

	ok = x != NULL && n != NULL && bn != NULL &&
	    X509_set_version(x, 2) == 1 &&
	    BN_rand(bn, 63, BN_RAND_TOP_ONE, BN_RAND_BOTTOM_ANY) == 1 &&
	    BN_to_ASN1_INTEGER(bn, X509_get_serialNumber(x)) != NULL &&
	    ASN1_TIME_set(X509_getm_notBefore(x), (time_t)s->from) != NULL &&
	    ASN1_TIME_set(X509_getm_notAfter(x), (time_t)s->to) != NULL &&
	    X509_NAME_add_entry_by_txt(n, "O", MBSTRING_ASC,
	    (const unsigned char *)"assay tests", -1, -1, 0) == 1 &&
	    X509_NAME_add_entry_by_txt(n, "CN", MBSTRING_ASC,
	    (const unsigned char *)s->cn, -1, -1, 0) == 1 &&
	    X509_set_subject_name(x, n) == 1 &&
	    X509_set_issuer_name(x, s->issuer != NULL ?
	    X509_get_subject_name(s->issuer) : n) == 1 &&
	    X509_set_pubkey(x, s->key) == 1;
	if (ok) {
		X509V3_set_ctx_nodb(&ctx);
		X509V3_set_ctx(&ctx, s->issuer != NULL ? s->issuer : x, x,
		    NULL, NULL, 0);
		ok = fx_ext(x, &ctx, NID_basic_constraints, s->ca ?
		    "critical,CA:TRUE" : "critical,CA:FALSE") == 0 &&
		    fx_ext(x, &ctx, NID_key_usage, s->ca ?
		    "critical,keyCertSign,cRLSign" :
		    "critical,digitalSignature") == 0 &&
		    fx_ext(x, &ctx, NID_subject_key_identifier, "hash") == 0 &&
		    (s->issuer == NULL || fx_ext(x, &ctx,
		    NID_authority_key_identifier, "keyid:always") == 0) &&
		    (s->eku == NULL ||
		    fx_ext(x, &ctx, NID_ext_key_usage, s->eku) == 0) &&
		    X509_sign(x, s->issuer_key != NULL ? s->issuer_key : s->key,
		    EVP_get_digestbyname(s->md != NULL ? s->md : "sha256")) > 0;
	}
	BN_free(bn);
	X509_NAME_free(n);
	if (!ok) {
		X509_free(x);
		return NULL;
	}
	return x;
}

/* Writes the certificates (NULL-terminated) as one PEM file. */
static inline int
fx_write_certs(const char *path, X509 *const *xs)
{
	FILE *f = fopen(path, "w");
	int ok = f != NULL;

	for (; ok && *xs != NULL; xs++)
		ok = PEM_write_X509(f, *xs) == 1;
	if (f != NULL && fclose(f) != 0)
		ok = 0;
	return ok ? 0 : -1;
}

static inline int
fx_write_cert(const char *path, X509 *x)
{
	X509 *xs[] = { x, NULL };

	return fx_write_certs(path, xs);
}

static inline int
fx_write_key(const char *path, EVP_PKEY *k)
{
	FILE *f = fopen(path, "w");
	int ok = f != NULL &&
	    PEM_write_PrivateKey(f, k, NULL, NULL, 0, NULL, NULL) == 1;

	if (f != NULL && fclose(f) != 0)
		ok = 0;
	return ok ? 0 : -1;
}

/*
 * A new key (RSA of bits, or P-256 when !rsa) and a certificate for it
 * made per s (its key set here), written as <cn>.pem and <cn>.key in the
 * suite's folder.  0 or -1.
 */
static inline int
fx_make_cert(X509 **x, EVP_PKEY **k, struct fx_cert_spec *s, bool rsa,
    unsigned bits)
{
	char file[64];

	if ((*k = fx_key(rsa, bits)) == NULL)
		return -1;
	s->key = *k;
	if ((*x = fx_cert(s)) == NULL)
		return -1;
	snprintf(file, sizeof(file), "%s.pem", s->cn);
	if (fx_write_cert(fx_path(file), *x) == -1)
		return -1;
	snprintf(file, sizeof(file), "%s.key", s->cn);
	return fx_write_key(fx_path(file), *k);
}

/* Frees the suite's n keys and certificates and removes its folder. */
static inline int
fx_cleanup(EVP_PKEY *const *keys, X509 *const *certs, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		EVP_PKEY_free(keys[i]);
		X509_free(certs[i]);
	}
	fx_rmdir();
	return 0;
}

/* Checks a verdict row: the status, the flags it must and must not have. */
static inline void
fx_check_verdict(const char *what, const struct sig_result *r,
    enum sig_status want, unsigned flags, unsigned noflags)
{
	ASSAY_CHECKF(r->status == want, "%s: status %d, want %d (%s)", what,
	    r->status, want, r->reason);
	ASSAY_CHECKF((r->flags & flags) == flags, "%s: flags 0x%x lack 0x%x",
	    what, r->flags, flags);
	ASSAY_CHECKF((r->flags & noflags) == 0, "%s: flags 0x%x have 0x%x",
	    what, r->flags, noflags);
}

/* Adds the files in the suite folder (NULL-terminated) to t. */
static inline int
fx_trust(struct sig_trust *t, const char *const *names)
{
	char why[256];
	char *p;
	size_t n;
	int rc = 0;

	sig_trust_init(t);
	for (; *names != NULL; names++) {
		if ((p = assay_test_read_file(fx_path(*names), &n)) == NULL)
			return -1;
		if (sig_trust_add(t, *names, (unsigned char *)p, n, why,
		    sizeof(why)) != SIG_TRUST_ADDED)
			rc = -1;
		free(p);
	}
	return rc;
}

static inline unsigned char *
fx_read(const char *name, size_t *lenp)
{
	return (unsigned char *)assay_test_read_file(fx_path(name), lenp);
}

static inline int
fx_write(const char *name, const void *p, size_t n)
{
	return assay_test_write_file(fx_path(name), p, n);
}

/* Hex SHA-256 of a certificate's DER, as the verifiers report it. */
static inline void
fx_cert_fpr(X509 *x, char out[65])
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned len = 0, i;

	out[0] = '\0';
	if (X509_digest(x, EVP_sha256(), md, &len) != 1)
		return;
	for (i = 0; i < len && i < 32; i++)
		snprintf(out + 2 * i, 3, "%02x", md[i]);
}

#endif
