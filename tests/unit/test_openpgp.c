/*
 * The OpenPGP verifier (probes/signing/openpgp*.c) against fixtures that
 * gpg makes in a private GNUPGHOME: RSA 2048 and 1024, DSA, Ed25519, NIST
 * P-256/384/521, brainpool P-256, a signing subkey, an expired key, a
 * revoked key; detached binary and armoured, text-mode and cleartext
 * signatures, an InRelease-like file.  Every verdict is cross-checked with gpgv and sqv on the same files:
 * assay says VALID exactly when gpgv reports a good signature, and VALID
 * without a weak flag exactly when sqv (whose policy refuses SHA-1 and RSA
 * 1024) accepts, except where a row names sqv's own policy (it takes DSA,
 * it has no brainpool).  Hostile framing gives MALFORMED with a reason.  v6,
 * which neither gpg 2.2 nor sqv 1.1 makes, is checked with the sample
 * certificate and cleartext message of RFC 9580 appendix A.
 */
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>

#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <CUnit/CUnit.h>

#include "openpgp_rfc9580.h"
#include "signing/sigverify.h"
#include "testutil.h"
#include "trustfiles.h"

#define NROWS(a)	(sizeof(a) / sizeof((a)[0]))
#define ARGS_MAX	40

static char home[4096];
static bool have_fixtures;

/* The suite's own path for name (a copy kept until the suite ends). */
static const char *
fx(const char *name)
{
	return assay_test_path(name);
}

/*
 * Runs argv (NULL-terminated) with GNUPGHOME set, stdout to out (or
 * /dev/null), stdin from in (or /dev/null).  Its exit status, or -1.
 */
static int
run(const char *in, const char *out, const char *const *argv)
{
	char *const *av;
	pid_t pid;
	int st, fd;

	memcpy(&av, &argv, sizeof(av));
	if ((pid = fork()) == -1)
		return -1;
	if (pid == 0) {
		if ((fd = open(in != NULL ? in : "/dev/null", O_RDONLY)) == -1 ||
		    dup2(fd, 0) == -1)
			_exit(126);
		if ((fd = open(out != NULL ? out : "/dev/null",
		    O_WRONLY | O_CREAT | O_TRUNC, 0600)) == -1 ||
		    dup2(fd, 1) == -1)
			_exit(126);
		if ((fd = open("/dev/null", O_WRONLY)) == -1 ||
		    dup2(fd, 2) == -1)
			_exit(126);
		if (setenv("GNUPGHOME", home, 1) == -1 ||
		    setenv("TZ", "UTC", 1) == -1)
			_exit(126);
		execvp(av[0], av);
		_exit(127);
	}
	while (waitpid(pid, &st, 0) == -1)
		continue;
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

/* Puts gpg and its batch options at the start of argv; how many. */
static size_t
gpg_batch(const char **argv)
{
	static const char *const batch[] = { "gpg", "--batch", "--yes",
	    "--quiet", "--pinentry-mode", "loopback", "--passphrase", "" };
	size_t n;

	for (n = 0; n < NROWS(batch); n++)
		argv[n] = batch[n];
	return n;
}

/* gpg with the batch options, then the arguments (NULL-terminated). */
static int
gpg(const char *out, ...)
{
	const char *argv[ARGS_MAX];
	size_t n;
	va_list ap;

	n = gpg_batch(argv);
	va_start(ap, out);
	while (n < ARGS_MAX - 1 && (argv[n] = va_arg(ap, const char *)) != NULL)
		n++;
	va_end(ap);
	argv[n] = NULL;
	return run(NULL, out, argv);
}

/* The primary fingerprint of the key with user id uid; NULL. */
static char *
fpr_of(const char *uid)
{
	char *text, *p, *out = NULL;
	const char *lst = fx("list.txt");

	if (gpg(lst, "--with-colons", "--list-keys", uid, (char *)NULL) != 0 ||
	    (text = assay_test_read_file(lst, NULL)) == NULL)
		return NULL;
	if ((p = strstr(text, "\nfpr:::::::::")) != NULL) {
		p += strlen("\nfpr:::::::::");
		out = strndup(p, 40);
	}
	free(text);
	return out;
}

static int
put(const char *name, const char *text)
{
	return assay_test_write_file(fx(name), text, strlen(text));
}

static const char data_text[] =
    "hello world\n"
    "a line with trailing blanks  \t\n"
    "-- a line that starts with dashes\n"
    "From the start\n";

static const char release_text[] =
    "Origin: Example\n"
    "Label: Example\n"
    "Suite: stable\n"
    "Codename: example\n"
    "Date: Sun, 29 Nov 2026 12:00:00 UTC\n"
    "Architectures: amd64 arm64\n"
    "Components: main\n"
    "SHA256:\n"
    " 6d7c4b1a2f0e9d8c7b6a5f4e3d2c1b0a9f8e7d6c5b4a39281706f5e4d3c2b1a0"
    "      1234 main/binary-amd64/Packages\n"
    " 0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0"
    "       567 main/binary-arm64/Packages\n";

/* Signs data.txt as uid with extra options into out. */
static int
sign(const char *uid, const char *out, const char *o1, const char *o2,
    const char *o3)
{
	const char *opt[3] = { o1, o2, o3 };
	const char *argv[ARGS_MAX];
	size_t n, i;

	n = gpg_batch(argv);
	for (i = 0; i < 3; i++)
		if (opt[i] != NULL)
			argv[n++] = opt[i];
	argv[n++] = "-u";
	argv[n++] = uid;
	argv[n++] = "-o";
	argv[n++] = out;
	argv[n++] = "--detach-sign";
	argv[n++] = fx("data.txt");
	argv[n] = NULL;
	return run(NULL, NULL, argv);
}

static int
make_keys(void)
{
	static const struct {
		const char *uid, *algo, *usage, *faked;
	} keys[] = {
		{ "RSA Test <rsa@example.org>", "rsa2048", "sign,cert", NULL },
		{ "Weak Test <weak@example.org>", "rsa1024", "sign,cert", NULL },
		{ "Ed Test <ed@example.org>", "ed25519", "sign,cert", NULL },
		{ "P256 Test <p256@example.org>", "nistp256", "sign,cert",
		    NULL },
		{ "P384 Test <p384@example.org>", "nistp384", "sign,cert",
		    NULL },
		{ "P521 Test <p521@example.org>", "nistp521", "sign,cert",
		    NULL },
		{ "BP Test <bp@example.org>", "brainpoolP256r1", "sign,cert",
		    NULL },
		{ "DSA Test <dsa@example.org>", "dsa2048", "sign,cert", NULL },
		{ "Rev Test <rev@example.org>", "ed25519", "sign,cert", NULL },
		{ "Sub Test <sub@example.org>", "ed25519", "cert", NULL },
		{ "Exp Test <exp@example.org>", "ed25519", "sign,cert",
		    "20200101T000000" },
		{ "Old Test <old@example.org>", "ed25519", "sign,cert",
		    "20200101T000000" },
		{ "NoSign Test <nosign@example.org>", "ed25519", "sign,cert",
		    "20200101T000000" },
	};
	size_t i;
	int rc;

	for (i = 0; i < NROWS(keys); i++) {
		if (keys[i].faked != NULL)
			rc = gpg(NULL, "--faked-system-time", keys[i].faked,
			    "--quick-gen-key", keys[i].uid, keys[i].algo,
			    keys[i].usage, "never", (char *)NULL);
		else
			rc = gpg(NULL, "--quick-gen-key", keys[i].uid,
			    keys[i].algo, keys[i].usage, "never", (char *)NULL);
		if (rc != 0)
			return -1;
	}
	return 0;
}

/* Makes every key, signature and keyring the tests use. */
static int
make_fixtures(void)
{
	char *sub = NULL, *exp = NULL, *rev = NULL, *nosign = NULL;
	char *text = NULL, *p;
	char revpath[4600];
	int rc = -1;

	if (put("data.txt", data_text) != 0 ||
	    put("release.txt", release_text) != 0 || make_keys() != 0)
		goto out;
	if ((sub = fpr_of("sub@example.org")) == NULL ||
	    (exp = fpr_of("exp@example.org")) == NULL ||
	    (rev = fpr_of("rev@example.org")) == NULL)
		goto out;
	if (gpg(NULL, "--quick-add-key", sub, "ed25519", "sign", "never",
	    (char *)NULL) != 0)
		goto out;
	if (sign("rsa@example.org", fx("rsa.sig"), NULL, NULL, NULL) ||
	    sign("ed@example.org", fx("ed.asc"), "--armor", NULL, NULL) ||
	    sign("p256@example.org", fx("p256.sig"), NULL, NULL, NULL) ||
	    sign("p384@example.org", fx("p384.sig"), NULL, NULL, NULL) ||
	    sign("p521@example.org", fx("p521.sig"), NULL, NULL, NULL) ||
	    sign("bp@example.org", fx("bp.sig"), NULL, NULL, NULL) ||
	    sign("dsa@example.org", fx("dsa.sig"), NULL, NULL, NULL) ||
	    sign("ed@example.org", fx("edtext.asc"), "--textmode", "--armor",
	    NULL) ||
	    sign("rsa@example.org", fx("text.sig"), "--textmode", NULL,
	    NULL) ||
	    sign("rsa@example.org", fx("sha1.sig"), "--digest-algo", "SHA1",
	    NULL) ||
	    sign("weak@example.org", fx("weak.sig"), NULL, NULL, NULL) ||
	    sign("rev@example.org", fx("rev.sig"), NULL, NULL, NULL) ||
	    sign("sub@example.org", fx("sub.sig"), NULL, NULL, NULL) ||
	    sign("ed@example.org", fx("multi.sig"), "-u", "rsa@example.org",
	    NULL) ||
	    sign("ed@example.org", fx("crit.sig"), "--sig-notation",
	    "!must@example.org=understand", NULL) ||
	    sign("old@example.org", fx("old.sig"), "--faked-system-time",
	    "20200201T000000", NULL) ||
	    sign("old@example.org", fx("sigexp.sig"), "--faked-system-time",
	    "20200201T000000", "--default-sig-expire=1d"))
		goto out;
	/*
	 * Exp: signed on the 11th, while the key had no expiry; then a
	 * self-signature dated the 6th makes it expire on the 7th.  Made
	 * while the key had no expiry, expnow.sig predates every binding
	 * that remains.
	 */
	if (sign("exp@example.org", fx("expnow.sig"), "--faked-system-time",
	    "20200101T010000", NULL) ||
	    sign("exp@example.org", fx("exp.sig"), "--faked-system-time",
	    "20200111T000000", NULL) ||
	    gpg(NULL, "--faked-system-time", "20200106T000000",
	    "--quick-set-expire", exp, "20200107T000000", (char *)NULL))
		goto out;
	/* NoSign: signed, then its usage changed to certification only. */
	if ((nosign = fpr_of("nosign@example.org")) == NULL ||
	    sign("nosign@example.org", fx("nosign.sig"), "--faked-system-time",
	    "20200201T000000", NULL) ||
	    put("usage.cmd", "change-usage\nS\nQ\nsave\n") != 0)
		goto out;
	{
		const char *const argv[] = {
			"gpg", "--batch", "--yes", "--pinentry-mode", "loopback",
			"--passphrase", "", "--expert", "--faked-system-time",
			"20200301T000000", "--command-fd", "0", "--edit-key",
			nosign, NULL,
		};

		if (run(fx("usage.cmd"), NULL, argv) != 0)
			goto out;
	}
	/* Revoke with the certificate gpg stored, minus its guard colon. */
	snprintf(revpath, sizeof(revpath), "%s/openpgp-revocs.d/%s.rev", home,
	    rev);
	if ((text = assay_test_read_file(revpath, NULL)) == NULL ||
	    (p = strstr(text, ":-----BEGIN")) == NULL)
		goto out;
	memmove(p, p + 1, strlen(p + 1) + 1);
	if (put("rev.asc", text) != 0 ||
	    gpg(NULL, "--import", fx("rev.asc"), (char *)NULL) != 0)
		goto out;
	/* Cleartext signatures. */
	if (gpg(NULL, "-u", "ed@example.org", "-o", fx("clear.asc"),
	    "--clearsign", fx("data.txt"), (char *)NULL) != 0 ||
	    gpg(NULL, "-u", "rsa@example.org", "--digest-algo", "SHA512", "-o",
	    fx("InRelease"), "--clearsign", fx("release.txt"),
	    (char *)NULL) != 0)
		goto out;
	/* Keyrings: all keys; armoured; one key only. */
	if (gpg(fx("ring.gpg"), "--export", (char *)NULL) != 0 ||
	    gpg(fx("ring.asc"), "--armor", "--export", (char *)NULL) != 0 ||
	    gpg(fx("ed.gpg"), "--export", "ed@example.org", (char *)NULL) ||
	    gpg(fx("rsa.asc"), "--armor", "--export", "rsa@example.org",
	    (char *)NULL) != 0 ||
	    gpg(fx("p256.asc"), "--armor", "--export", "p256@example.org",
	    (char *)NULL) != 0 ||
	    gpg(fx("secret.asc"), "--armor", "--export-secret-keys",
	    "ed@example.org", (char *)NULL) != 0)
		goto out;
	rc = 0;
 out:
	free(sub);
	free(exp);
	free(rev);
	free(nosign);
	free(text);
	return rc;
}

static int
suite_init(void)
{
	int n;

	assay_test_setup();
	n = snprintf(home, sizeof(home), "%s/gnupg", assay_test_dir());
	if (n < 0 || (size_t)n >= sizeof(home) || mkdir(home, 0700) == -1)
		return 0;
	have_fixtures = make_fixtures() == 0;
	return 0;
}

static int
suite_cleanup(void)
{
	const char *const kill_agent[] = {
		"gpgconf", "--kill", "gpg-agent", NULL,
	};

	(void)run(NULL, NULL, kill_agent);
	assay_test_teardown();
	return 0;
}

/* ---- running assay, gpgv and sqv --------------------------------------- */

static unsigned char *
slurp(const char *name, size_t *n)
{
	unsigned char *p = (unsigned char *)assay_test_read_file(fx(name), n);

	ASSAY_CHECKF(p != NULL, "cannot read %s", name);
	return p;
}

/* Verifies sig over data into r; whether pgp_sniff() knew sig. */
static bool
assay_detached(const struct sig_trust *t, const char *sig, const char *data,
    struct sig_result *r)
{
	bool sniffed = false;
	unsigned char *s, *d;
	size_t sn = 0, dn = 0;
	struct sig_data sd;

	s = slurp(sig, &sn);
	d = slurp(data, &dn);
	sd.fd = -1;
	sd.size = dn;
	sd.mem = d;
	sig_result_init(r, "openpgp");
	if (s != NULL && d != NULL) {
		sniffed = pgp_sniff(s, sn);
		pgp_verify_detached(t, &sd, s, sn, (int64_t)time(NULL), r);
	}
	free(s);
	free(d);
	return sniffed;
}

static void
assay_cleartext(const struct sig_trust *t, const char *file,
    struct sig_result *r, char **textp)
{
	unsigned char *p, *text = NULL;
	size_t n = 0, len = 0;

	*textp = NULL;
	sig_result_init(r, "openpgp");
	if ((p = slurp(file, &n)) == NULL)
		return;
	ASSAY_CHECKF(pgp_sniff_cleartext(p, n), "%s not recognised", file);
	pgp_verify_cleartext(t, p, n, (int64_t)time(NULL), &text, &len, r);
	if (text != NULL) {
		*textp = strndup((char *)text, len);
		free(text);
	}
	free(p);
}

/*
 * gpgv: a good signature (not an expired or revoked key's).  Its status
 * line, not its exit status, which is 2 when any one of several
 * signatures lacks its key even though another is good.
 */
static bool
gpgv_good(const char *keyring, const char *sig, const char *data)
{
	const char *argv[10];
	char *status;
	bool good;
	size_t n = 0;
	int rc;

	argv[n++] = "gpgv";
	argv[n++] = "--status-fd";
	argv[n++] = "1";
	argv[n++] = "--keyring";
	argv[n++] = keyring;
	argv[n++] = sig;
	if (data != NULL)
		argv[n++] = data;
	argv[n] = NULL;
	rc = run(NULL, fx("gpgv.out"), argv);
	status = assay_test_read_file(fx("gpgv.out"), NULL);
	good = rc >= 0 && status != NULL &&
	    strstr(status, "[GNUPG:] GOODSIG ") != NULL;
	free(status);
	return good;
}

static bool
sqv_good(const char *keyring, const char *sig, const char *data)
{
	const char *const argv[] = {
		"sqv", "--keyring", keyring, sig, data, NULL,
	};

	return run(NULL, NULL, argv) == 0;
}

static void
check_agreement(const char *name, const struct sig_result *r, bool gv,
    bool sq)
{
	bool valid = r->status == SIG_VALID;
	bool strict = valid && (r->flags & (SIG_WEAK_DIGEST | SIG_WEAK_KEY)) == 0;

	ASSAY_CHECKF(valid == gv, "%s: assay %s (%s) but gpgv %s", name,
	    valid ? "valid" : "not valid", r->reason, gv ? "good" : "bad");
	ASSAY_CHECKF(strict == sq, "%s: assay %s (%s) but sqv %s", name,
	    strict ? "acceptable" : "not acceptable", r->reason,
	    sq ? "good" : "bad");
}

/* ---- detached signatures ------------------------------------------------ */

static void
test_detached_table(void)
{
	static const struct {
		const char *sig, *data, *ring;
		enum sig_status want;
		unsigned flags;			/* must all be set */
		const char *alg, *signer, *reason;
		int sqv;			/* -1: agrees; else sqv's
						   verdict where its policy
						   differs */
	} rows[] = {
		{ "rsa.sig", "data.txt", "ring.gpg", SIG_VALID, 0, "rsa",
		    "RSA Test <rsa@example.org>", NULL, -1 },
		{ "ed.asc", "data.txt", "ring.gpg", SIG_VALID, 0, "ed25519",
		    "Ed Test <ed@example.org>", NULL, -1 },
		{ "p256.sig", "data.txt", "ring.gpg", SIG_VALID, 0,
		    "ecdsa-p256", "P256 Test <p256@example.org>", NULL, -1 },
		{ "p384.sig", "data.txt", "ring.gpg", SIG_VALID, 0,
		    "ecdsa-p384", NULL, NULL, -1 },
		{ "p521.sig", "data.txt", "ring.gpg", SIG_VALID, 0,
		    "ecdsa-p521", NULL, NULL, -1 },
		/* sqv has no brainpool curves. */
		{ "bp.sig", "data.txt", "ring.gpg", SIG_VALID, 0,
		    "ecdsa-brainpoolP256r1", NULL, NULL, 0 },
		/* DSA is flagged weak here; sqv's policy still takes it. */
		{ "dsa.sig", "data.txt", "ring.gpg", SIG_VALID, SIG_WEAK_KEY,
		    "dsa", "DSA Test <dsa@example.org>", NULL, 1 },
		{ "edtext.asc", "data-crlf.txt", "ring.gpg", SIG_VALID, 0,
		    "ed25519", NULL, NULL, -1 },
		{ "text.sig", "data.txt", "ring.gpg", SIG_VALID, 0, "rsa",
		    NULL, NULL, -1 },
		{ "text.sig", "data-crlf.txt", "ring.gpg", SIG_VALID, 0,
		    "rsa", NULL, NULL, -1 },
		{ "sub.sig", "data.txt", "ring.gpg", SIG_VALID, 0, "ed25519",
		    "Sub Test <sub@example.org>", NULL, -1 },
		{ "old.sig", "data.txt", "ring.gpg", SIG_VALID, 0, "ed25519",
		    "Old Test <old@example.org>", NULL, -1 },
		{ "sha1.sig", "data.txt", "ring.gpg", SIG_VALID,
		    SIG_WEAK_DIGEST, "rsa", NULL, NULL, -1 },
		{ "weak.sig", "data.txt", "ring.gpg", SIG_VALID, SIG_WEAK_KEY,
		    "rsa", NULL, NULL, -1 },
		{ "rsa.sig", "tampered.txt", "ring.gpg", SIG_INVALID, 0, "rsa",
		    NULL, "quick check", -1 },
		{ "ed.asc", "tampered.txt", "ring.gpg", SIG_INVALID, 0,
		    "ed25519", NULL, "quick check", -1 },
		{ "rsa-bad.sig", "data.txt", "ring.gpg", SIG_INVALID, 0,
		    "rsa", NULL, "does not verify", -1 },
		{ "p256-bad.sig", "data.txt", "ring.gpg", SIG_INVALID, 0,
		    "ecdsa-p256", NULL, "does not verify", -1 },
		{ "rsa.sig", "data.txt", "ed.gpg", SIG_UNTRUSTED, 0, "", NULL,
		    "no key", -1 },
		/* Two signatures, one by a key not given: the other counts. */
		{ "multi.sig", "data.txt", "ed.gpg", SIG_VALID, 0, "ed25519",
		    "Ed Test <ed@example.org>", NULL, -1 },
		{ "multi.sig", "data.txt", "ring.gpg", SIG_VALID, 0, "", NULL,
		    NULL, -1 },
		{ "exp.sig", "data.txt", "ring.gpg", SIG_INVALID,
		    SIG_KEY_EXPIRED, "ed25519", NULL, "before the signature", -1 },
		{ "expnow.sig", "data.txt", "ring.gpg", SIG_INVALID,
		    SIG_KEY_EXPIRED, "ed25519", NULL, "not a trusted", -1 },
		{ "rev.sig", "data.txt", "ring.gpg", SIG_INVALID,
		    SIG_KEY_REVOKED, "ed25519", NULL, "revoked", -1 },
		{ "sigexp.sig", "data.txt", "ring.gpg", SIG_INVALID, 0,
		    "ed25519", NULL, "signature expired", -1 },
		{ "nosign.sig", "data.txt", "ring.gpg", SIG_INVALID, 0,
		    "ed25519", NULL, "not marked for signing", -1 },
		{ "crit.sig", "data.txt", "ring.gpg", SIG_INVALID, 0, "", NULL,
		    "critical", -1 },
		{ "data.txt", "data.txt", "ring.gpg", SIG_MALFORMED, 0, "",
		    NULL, "", -1 },
	};
	struct sig_trust t;
	struct sig_result r;
	const char *only[2] = { NULL, NULL };
	unsigned char *p;
	size_t i, n;
	char *crlf;
	bool gv, sq;

	CU_ASSERT_FATAL(have_fixtures);
	/* The same text with CRLF line ends, and a changed copy. */
	CU_ASSERT_FATAL((crlf = malloc(2 * sizeof(data_text))) != NULL);
	for (i = n = 0; data_text[i] != '\0'; i++) {
		if (data_text[i] == '\n')
			crlf[n++] = '\r';
		crlf[n++] = data_text[i];
	}
	CU_ASSERT(assay_test_write_file(fx("data-crlf.txt"), crlf, n) == 0);
	free(crlf);
	CU_ASSERT(put("tampered.txt", "hello world!\n") == 0);
	/* Signatures with a flipped bit in their last MPI octet. */
	CU_ASSERT_FATAL((p = slurp("rsa.sig", &n)) != NULL);
	p[n - 1] ^= 0x01;
	CU_ASSERT(assay_test_write_file(fx("rsa-bad.sig"), p, n) == 0);
	free(p);
	CU_ASSERT_FATAL((p = slurp("p256.sig", &n)) != NULL);
	p[n - 1] ^= 0x01;
	CU_ASSERT(assay_test_write_file(fx("p256-bad.sig"), p, n) == 0);
	free(p);

	for (i = 0; i < NROWS(rows); i++) {
		only[0] = rows[i].ring;
		trust_files(&t, only);
		ASSAY_CHECKF(assay_detached(&t, rows[i].sig, rows[i].data,
		    &r) == (rows[i].want != SIG_MALFORMED), "%s: sniff",
		    rows[i].sig);
		ASSAY_CHECKF(r.status == rows[i].want, "%s over %s: status %d, "
		    "want %d (%s)", rows[i].sig, rows[i].data, r.status,
		    rows[i].want, r.reason);
		ASSAY_CHECKF((r.flags & rows[i].flags) == rows[i].flags,
		    "%s: flags %#x", rows[i].sig, r.flags);
		ASSAY_CHECKF(strcmp(r.kind, "openpgp") == 0, "%s", r.kind);
		if (rows[i].alg[0] != '\0')
			ASSAY_CHECKF(strcmp(r.key_alg, rows[i].alg) == 0,
			    "%s: key_alg %s", rows[i].sig, r.key_alg);
		if (rows[i].signer != NULL)
			ASSAY_CHECKF(strcmp(r.signer, rows[i].signer) == 0,
			    "%s: signer %s", rows[i].sig, r.signer);
		if (rows[i].reason != NULL)
			ASSAY_CHECKF(strstr(r.reason, rows[i].reason) != NULL &&
			    r.reason[0] != '\0', "%s: reason \"%s\"",
			    rows[i].sig, r.reason);
		if (r.status == SIG_VALID) {
			ASSAY_CHECKF(strlen(r.key_fpr) == 40 &&
			    strlen(r.key_id) == 16 && r.signing_time > 0 &&
			    r.digest_alg[0] != '\0', "%s: facts missing",
			    rows[i].sig);
		}
		gv = gpgv_good(fx(rows[i].ring), fx(rows[i].sig),
		    fx(rows[i].data));
		sq = sqv_good(fx(rows[i].ring), fx(rows[i].sig),
		    fx(rows[i].data));
		if (rows[i].sqv == -1) {
			check_agreement(rows[i].sig, &r, gv, sq);
		} else {
			ASSAY_CHECKF((r.status == SIG_VALID) == gv,
			    "%s: gpgv disagrees", rows[i].sig);
			ASSAY_CHECKF(sq == (rows[i].sqv == 1), "%s: sqv now "
			    "says %d", rows[i].sig, sq);
		}
		sig_trust_release(&t);
	}
}

/* The fingerprint and digest reported are the ones gpg used. */
static void
test_detached_facts(void)
{
	const char *const rings[] = { "rsa.asc", "p256.asc", NULL };
	struct sig_trust t;
	struct sig_result r;
	size_t n, m;
	char *fpr;

	CU_ASSERT_FATAL(have_fixtures);
	trust_files(&t, rings);
	assay_detached(&t, "rsa.sig", "data.txt", &r);
	CU_ASSERT(r.status == SIG_VALID);
	CU_ASSERT(r.key_bits == 2048);
	fpr = fpr_of("rsa@example.org");
	ASSAY_CHECKF(fpr != NULL && strcmp(fpr, r.key_fpr) == 0, "%s vs %s",
	    fpr != NULL ? fpr : "?", r.key_fpr);
	CU_ASSERT(strcmp(r.key_id, r.key_fpr + 24) == 0);
	free(fpr);
	/* Judged before it was made, the signature is not valid. */
	{
		unsigned char *sg = slurp("rsa.sig", &n), *d = slurp("data.txt",
		    &m);
		struct sig_data sd = { -1, m, d };
		int64_t made = r.signing_time;

		CU_ASSERT_FATAL(sg != NULL && d != NULL);
		pgp_verify_detached(&t, &sd, sg, n, made - 1, &r);
		ASSAY_CHECKF(r.status == SIG_INVALID &&
		    strstr(r.reason, "after the moment") != NULL, "%s",
		    r.reason);
		pgp_verify_detached(&t, &sd, sg, n, made, &r);
		CU_ASSERT(r.status == SIG_VALID);
		free(sg);
		free(d);
	}
	assay_detached(&t, "sha1.sig", "data.txt", &r);
	CU_ASSERT(strcmp(r.digest_alg, "sha1") == 0);
	assay_detached(&t, "p256.sig", "data.txt", &r);
	CU_ASSERT(r.status == SIG_VALID);
	/* Ed25519's key is not in these two files. */
	assay_detached(&t, "ed.asc", "data.txt", &r);
	CU_ASSERT(r.status == SIG_UNTRUSTED);
	CU_ASSERT(strlen(r.key_id) == 16 && strstr(r.reason, r.key_id) != NULL);
	sig_trust_release(&t);
}

/* ---- cleartext ---------------------------------------------------------- */

/* The text as signed: trailing blanks gone, no final newline. */
static void
signed_text(const char *text, const char *name)
{
	char *out = malloc(strlen(text) + 1);
	size_t i, n = 0, keep;

	CU_ASSERT_FATAL(out != NULL);
	for (i = 0; text[i] != '\0'; i++) {
		out[n++] = text[i];
		if (text[i] == '\n') {
			keep = n - 1;
			while (keep > 0 && (out[keep - 1] == ' ' ||
			    out[keep - 1] == '\t'))
				keep--;
			out[keep] = '\n';
			n = keep + 1;
		}
	}
	while (n > 0 && out[n - 1] == '\n')
		n--;
	CU_ASSERT(assay_test_write_file(fx(name), out, n) == 0);
	free(out);
}

/* The armoured signature after a cleartext, as a file of its own. */
static void
split_signature(const char *file, const char *name)
{
	char *p = assay_test_read_file(fx(file), NULL), *s;

	CU_ASSERT_FATAL(p != NULL);
	s = strstr(p, "-----BEGIN PGP SIGNATURE-----");
	CU_ASSERT_FATAL(s != NULL);
	CU_ASSERT(put(name, s) == 0);
	free(p);
}

/* Copies file into name with the first from replaced by to. */
static void
edit(const char *file, const char *name, const char *from, const char *to)
{
	char *p = assay_test_read_file(fx(file), NULL), *at, *out;
	size_t n;

	CU_ASSERT_FATAL(p != NULL);
	at = strstr(p, from);
	CU_ASSERT_FATAL(at != NULL);
	n = strlen(p) - strlen(from) + strlen(to);
	CU_ASSERT_FATAL((out = malloc(n + 1)) != NULL);
	memcpy(out, p, (size_t)(at - p));
	memcpy(out + (at - p), to, strlen(to));
	memcpy(out + (at - p) + strlen(to), at + strlen(from),
	    strlen(at + strlen(from)) + 1);
	CU_ASSERT(put(name, out) == 0);
	free(out);
	free(p);
}

static void
test_cleartext_table(void)
{
	static const struct {
		const char *file;
		const char *source;		/* text gpg signed, or NULL */
		enum sig_status want;
		const char *reason;
	} rows[] = {
		{ "clear.asc", data_text, SIG_VALID, NULL },
		{ "InRelease", release_text, SIG_VALID, NULL },
		{ "clear-blanks.asc", data_text, SIG_VALID, NULL },
		{ "clear-crlf.asc", data_text, SIG_VALID, NULL },
		{ "clear-tampered.asc", NULL, SIG_INVALID, "quick check" },
		{ "InRelease-tampered", NULL, SIG_INVALID, "quick check" },
		{ "clear-hash.asc", NULL, SIG_INVALID, "Hash" },
	};
	const char *const ring[] = { "ring.gpg", NULL };
	struct sig_trust t;
	struct sig_result r;
	char *text, *p;
	size_t i;

	CU_ASSERT_FATAL(have_fixtures);
	/* Blanks added at a line's end are not signed; content is. */
	edit("clear.asc", "clear-blanks.asc", "hello world\n",
	    "hello world   \n");
	edit("clear.asc", "clear-tampered.asc", "hello world\n",
	    "hello world!\n");
	edit("InRelease", "InRelease-tampered", "      1234 main",
	    "      1235 main");
	edit("clear.asc", "clear-hash.asc", "Hash: SHA256", "Hash: SHA512");
	p = assay_test_read_file(fx("clear.asc"), NULL);
	CU_ASSERT_FATAL(p != NULL);
	{
		size_t n = strlen(p), j, o = 0;
		char *c = malloc(2 * n + 1);

		CU_ASSERT_FATAL(c != NULL);
		for (j = 0; j < n; j++) {
			if (p[j] == '\n')
				c[o++] = '\r';
			c[o++] = p[j];
		}
		CU_ASSERT(assay_test_write_file(fx("clear-crlf.asc"), c,
		    o) == 0);
		free(c);
	}
	free(p);

	trust_files(&t, ring);
	for (i = 0; i < NROWS(rows); i++) {
		assay_cleartext(&t, rows[i].file, &r, &text);
		ASSAY_CHECKF(r.status == rows[i].want, "%s: status %d, want "
		    "%d (%s)", rows[i].file, r.status, rows[i].want,
		    r.reason);
		if (rows[i].reason != NULL)
			ASSAY_CHECKF(strstr(r.reason, rows[i].reason) != NULL,
			    "%s: reason \"%s\"", rows[i].file, r.reason);
		/* The text handed back is the signed text, unescaped. */
		if (rows[i].source != NULL && rows[i].want == SIG_VALID &&
		    strcmp(rows[i].file, "clear-blanks.asc") != 0)
			ASSAY_CHECKF(text != NULL &&
			    strcmp(text, rows[i].source) == 0,
			    "%s: text differs", rows[i].file);
		ASSAY_CHECKF((r.status == SIG_VALID) ==
		    gpgv_good(fx("ring.gpg"), fx(rows[i].file), NULL),
		    "%s: gpgv disagrees (assay: %s)", rows[i].file, r.reason);
		/* sqv reads detached signatures only: split it off. */
		if (rows[i].source != NULL) {
			signed_text(rows[i].source, "signed.txt");
			split_signature(rows[i].file, "split.asc");
			check_agreement(rows[i].file, &r,
			    gpgv_good(fx("ring.gpg"), fx("split.asc"),
			    fx("signed.txt")),
			    sqv_good(fx("ring.gpg"), fx("split.asc"),
			    fx("signed.txt")));
		}
		free(text);
	}
	sig_trust_release(&t);
}

/* ---- keyrings ----------------------------------------------------------- */

static void
test_keyrings(void)
{
	struct sig_trust t;
	struct sig_result r;
	unsigned char *p, *q;
	size_t n, m;
	char why[256];

	CU_ASSERT_FATAL(have_fixtures);
	/* Two armoured blocks in one file, and a second file. */
	p = slurp("rsa.asc", &n);
	q = slurp("p256.asc", &m);
	CU_ASSERT_FATAL(p != NULL && q != NULL);
	CU_ASSERT_FATAL((p = realloc(p, n + m + 40)) != NULL);
	memmove(p + 13, p, n);
	memcpy(p, "Release key:\n", 13);
	memcpy(p + 13 + n, "\nsome text between\n", 19);
	memcpy(p + 13 + n + 19, q, m);
	sig_trust_init(&t);
	CU_ASSERT(pgp_trust_add(&t, "two.asc", p, 13 + n + 19 + m, why,
	    sizeof(why)) == SIG_TRUST_ADDED);
	free(p);
	free(q);
	p = slurp("ed.gpg", &n);
	CU_ASSERT(pgp_trust_add(&t, "ed.gpg", p, n, why, sizeof(why)) ==
	    SIG_TRUST_ADDED);
	assay_detached(&t, "rsa.sig", "data.txt", &r);
	CU_ASSERT(r.status == SIG_VALID);
	assay_detached(&t, "p256.sig", "data.txt", &r);
	CU_ASSERT(r.status == SIG_VALID);
	assay_detached(&t, "ed.asc", "data.txt", &r);
	CU_ASSERT(r.status == SIG_VALID);
	CU_ASSERT(strstr(r.detail, "ed.gpg") != NULL);

	/* A truncated keyring is refused and leaves the rest intact. */
	CU_ASSERT(pgp_trust_add(&t, "cut.gpg", p, n / 2, why, sizeof(why)) ==
	    SIG_TRUST_BAD);
	CU_ASSERT(why[0] != '\0');
	free(p);
	assay_detached(&t, "ed.asc", "data.txt", &r);
	CU_ASSERT(r.status == SIG_VALID);

	/* Secret keys are refused; other formats are not ours. */
	p = slurp("secret.asc", &n);
	CU_ASSERT(pgp_trust_add(&t, "secret.asc", p, n, why, sizeof(why)) ==
	    SIG_TRUST_BAD);
	CU_ASSERT(strstr(why, "secret") != NULL);
	free(p);
	CU_ASSERT(pgp_trust_add(&t, "x.pem", (const unsigned char *)
	    "-----BEGIN PUBLIC KEY-----\n", 27, why, sizeof(why)) ==
	    SIG_TRUST_NOT_MINE);
	CU_ASSERT(pgp_trust_add(&t, "empty", (const unsigned char *)"", 0,
	    why, sizeof(why)) == SIG_TRUST_NOT_MINE);
	sig_trust_release(&t);
}

/* ---- hostile input ------------------------------------------------------ */

static void
test_hostile(void)
{
	static const struct {
		const char *name;
		const unsigned char *p;
		size_t n;
		enum sig_status want;
	} rows[] = {
		/* New format, 4-octet length of 4 GiB - 1. */
		{ "absurd length", (const unsigned char *)
		    "\xc2\xff\xff\xff\xff\xff\x04\x00", 8, SIG_MALFORMED },
		/* Old format, 2-octet length past the end. */
		{ "old length", (const unsigned char *)"\x89\x10\x00\x04", 4,
		    SIG_MALFORMED },
		/* Partial body length on a signature packet. */
		{ "partial", (const unsigned char *)"\xc2\xe1\x04\x00", 4,
		    SIG_MALFORMED },
		{ "truncated header", (const unsigned char *)"\xc2\xff\x00", 3,
		    SIG_MALFORMED },
		{ "v3", (const unsigned char *)"\x88\x03\x03\x05\x00", 5,
		    SIG_UNSUPPORTED },
		{ "subpacket overrun", (const unsigned char *)
		    "\xc2\x0a\x04\x00\x01\x08\x00\x05\x09\x02\x00\x00", 12,
		    SIG_MALFORMED },
		{ "literal data", (const unsigned char *)"\xcb\x02\x62\x00", 4,
		    SIG_UNSUPPORTED },
		{ "not a packet", (const unsigned char *)"hello", 5,
		    SIG_MALFORMED },
		{ "armour bad crc", (const unsigned char *)
		    "-----BEGIN PGP SIGNATURE-----\n\nwgA=\n=AAAA\n"
		    "-----END PGP SIGNATURE-----\n", 0, SIG_MALFORMED },
		{ "armour bad base64", (const unsigned char *)
		    "-----BEGIN PGP SIGNATURE-----\n\nw*gA\n"
		    "-----END PGP SIGNATURE-----\n", 0, SIG_MALFORMED },
		{ "armour no end", (const unsigned char *)
		    "-----BEGIN PGP SIGNATURE-----\n\nwgA=\n", 0,
		    SIG_MALFORMED },
	};
	struct sig_trust t;
	struct sig_result r;
	struct sig_data d = { -1, 4, (const unsigned char *)"data" };
	size_t i, n;

	sig_trust_init(&t);
	for (i = 0; i < NROWS(rows); i++) {
		n = rows[i].n != 0 ? rows[i].n : strlen((const char *)rows[i].p);
		pgp_verify_detached(&t, &d, rows[i].p, n, 0, &r);
		ASSAY_CHECKF(r.status == rows[i].want && r.reason[0] != '\0',
		    "%s: status %d (%s)", rows[i].name, r.status, r.reason);
	}
	sig_trust_release(&t);
}

static void
test_cleartext_hostile(void)
{
	static const struct {
		const char *name, *text, *reason;
	} rows[] = {
		{ "text before", "Unsigned: yes\n-----BEGIN PGP SIGNED "
		    "MESSAGE-----\nHash: SHA256\n\nx\n", "before" },
		{ "other header", "-----BEGIN PGP SIGNED MESSAGE-----\n"
		    "Hash: SHA256\nComment: hi\n\nx\n", "only \"Hash\"" },
		{ "unknown hash", "-----BEGIN PGP SIGNED MESSAGE-----\n"
		    "Hash: FOO\n\nx\n", "unknown hash" },
		{ "unescaped dash", "-----BEGIN PGP SIGNED MESSAGE-----\n"
		    "Hash: SHA256\n\n-x\n-----BEGIN PGP SIGNATURE-----\n",
		    "not escaped" },
		{ "no signature", "-----BEGIN PGP SIGNED MESSAGE-----\n"
		    "Hash: SHA256\n\nx\n", "no signature" },
	};
	struct sig_trust t;
	struct sig_result r;
	unsigned char *text;
	size_t i, len;
	char *p, *s;

	sig_trust_init(&t);
	for (i = 0; i < NROWS(rows); i++) {
		pgp_verify_cleartext(&t, (const unsigned char *)rows[i].text,
		    strlen(rows[i].text), 0, &text, &len, &r);
		ASSAY_CHECKF(r.status == SIG_MALFORMED && text == NULL &&
		    strstr(r.reason, rows[i].reason) != NULL,
		    "%s: status %d (%s)", rows[i].name, r.status, r.reason);
	}
	/* Text after the signature is refused too. */
	if (have_fixtures) {
		p = assay_test_read_file(fx("clear.asc"), NULL);
		CU_ASSERT_FATAL(p != NULL);
		CU_ASSERT_FATAL((s = malloc(strlen(p) + 32)) != NULL);
		snprintf(s, strlen(p) + 32, "%sUnsigned: yes\n", p);
		pgp_verify_cleartext(&t, (unsigned char *)s, strlen(s), 0,
		    &text, &len, &r);
		CU_ASSERT(r.status == SIG_MALFORMED &&
		    strstr(r.reason, "after") != NULL);
		free(text);
		free(s);
		free(p);
	}
	sig_trust_release(&t);
}

/* ---- RFC 9580 appendix A: a v6 certificate and cleartext message -------- */

static const char rfc9580_cleartext[] =
    "-----BEGIN PGP SIGNED MESSAGE-----\n"
    "\n"
    "What we need from the grocery store:\n"
    "\n"
    "- - tofu\n"
    "- - vegetables\n"
    "- - noodles\n"
    "\n"
    "-----BEGIN PGP SIGNATURE-----\n"
    "\n"
    "wpgGARsKAAAAKQWCY5ijYyIhBssYbE8GCaaX5NUt+mxyKwwfHifBilZwj2Ul7Ce6\n"
    "2azJAAAAAGk2IHZJX1AhiJD39eLuPBgiUU9wUA9VHYblySHkBONKU/usJ9BvuAqo\n"
    "/FvLFuGWMbKAdA+epq7V4HOtAPlBWmU8QOd6aud+aSunHQaaEJ+iTFjP2OMW0KBr\n"
    "NK2ay45cX1IVAQ==\n"
    "-----END PGP SIGNATURE-----\n";

static void
test_rfc9580_v6(void)
{
	struct sig_trust t;
	struct sig_result r;
	unsigned char *text = NULL;
	size_t len = 0;
	char why[256], *bad, *at;

	sig_trust_init(&t);
	CU_ASSERT_FATAL(pgp_trust_add(&t, "rfc9580.asc",
	    (const unsigned char *)rfc9580_cert, strlen(rfc9580_cert), why,
	    sizeof(why)) == SIG_TRUST_ADDED);
	pgp_verify_cleartext(&t, (const unsigned char *)rfc9580_cleartext,
	    strlen(rfc9580_cleartext), 1700000000, &text, &len, &r);
	ASSAY_CHECKF(r.status == SIG_VALID, "v6: %s", r.reason);
	/* The fingerprint the RFC states for this certificate. */
	CU_ASSERT_STRING_EQUAL(r.key_fpr, "CB186C4F0609A697E4D52DFA6C722B0C"
	    "1F1E27C18A56708F6525EC27BAD9ACC9");
	CU_ASSERT_STRING_EQUAL(r.key_id, "CB186C4F0609A697");
	CU_ASSERT_STRING_EQUAL(r.key_alg, "ed25519");
	CU_ASSERT_STRING_EQUAL(r.digest_alg, "sha512");
	CU_ASSERT(r.signing_time == 1670947683);
	CU_ASSERT(text != NULL && len == 69 && memcmp(text, "What we need "
	    "from the grocery store:\n\n- tofu\n", 42) == 0);
	free(text);

	CU_ASSERT_FATAL((bad = strdup(rfc9580_cleartext)) != NULL);
	at = strstr(bad, "tofu");
	CU_ASSERT_FATAL(at != NULL);
	at[0] = 'T';
	pgp_verify_cleartext(&t, (const unsigned char *)bad, strlen(bad),
	    1700000000, &text, &len, &r);
	CU_ASSERT(r.status == SIG_INVALID);
	free(text);
	free(bad);
	sig_trust_release(&t);
}

static CU_TestInfo tests[] = {
	{ "detached signatures, with gpgv and sqv", test_detached_table },
	{ "facts reported", test_detached_facts },
	{ "cleartext and InRelease, with gpgv and sqv", test_cleartext_table },
	{ "keyrings", test_keyrings },
	{ "hostile packets and armour", test_hostile },
	{ "hostile cleartext", test_cleartext_hostile },
	{ "RFC 9580 v6 sample", test_rfc9580_v6 },
	CU_TEST_INFO_NULL,
};

static CU_SuiteInfo suites[] = {
	{ "openpgp", suite_init, suite_cleanup, NULL, NULL, tests },
	CU_SUITE_INFO_NULL,
};

int
main(void)
{
	return assay_test_run(suites);
}
