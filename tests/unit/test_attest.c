/*
 * Signing and checking bundles: lab keys (generation, modes, refusal to
 * overwrite, loading), the DSSE attestation (checked independently of
 * assay with python3 and the openssl command line), SHA256SUMS (checked
 * with sha256sum -c), assay verify (a round trip, every file tampered in
 * turn, re-summed tampering, a wrong key), assay diff on two hand-made
 * bundles, and an RFC 3161 timestamp from a local authority run with
 * openssl ts behind a small python3 HTTP server on 127.0.0.1.
 *
 * Bundles are written with the real writers from a scan summary built by
 * hand; nothing here touches the network beyond the loopback authority.
 */
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <CUnit/CUnit.h>
#include <jansson.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include "attest.h"
#include "fetch.h"
#include "findings.h"
#include "inventory.h"
#include "keys.h"
#include "profile.h"
#include "reports.h"
#include "scan_limits.h"
#include "testutil.h"
#include "verdict.h"
#include "waivers.h"

/* 2026-11-29T14:00:00Z */
#define NOW		INT64_C(1795960800)
#define DATADIR		ASSAY_TEST_SOURCE_DIR "/.."
#define PROFILE		"vendor-selfcheck"
#define PYTHON		"/usr/bin/python3"

enum { E_FW, E_SHADOW, E_APP, E_COUNT };

static char arg_assay[] = "assay";
static char arg_scan[] = "scan";
static char arg_fw[] = "fw.tar.gz";
static char arg_app[] = "app (1).zip";
static char *const command[] = { arg_assay, arg_scan, arg_fw, arg_app,
	NULL };

static char waiver_origin[] = "/home/tester/waivers/acme.json";
static char data_kind[] = "data";
static char data_probe[] = "alpha";
static char data_name[] = "passwords.txt";
static char data_sha[] =
    "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";

struct fixture {
	struct assay_inventory *inv;
	struct assay_findings fs;
	struct assay_profile *profile;
	struct assay_verdict verdict;
	struct assay_waiver wv[2];
	struct assay_waivers waivers;
	struct assay_provenance used[1];
	struct assay_run_report run;
	struct assay_limits limits;
	struct assay_fetch_opts fetch;
	struct assay_scan_summary s;
};

/* Keys made once for the whole program; the files per test. */
static EVP_PKEY *ed_key, *p256_key;

/* ---- helpers ----------------------------------------------------------- */

/*
 * Runs argv (argv[0] found on PATH) with stdin from /dev/null and its
 * output appended to cmd.log in the test directory.  Returns the exit
 * status, or -1 when it did not run or was killed.
 */
static int
run(const char *const *argv)
{
	pid_t pid;
	int status, fd;

	fflush(NULL);
	if ((pid = fork()) == -1)
		return -1;
	if (pid == 0) {
		if ((fd = open(assay_test_path("cmd.log"), O_WRONLY | O_CREAT |
		    O_APPEND, 0644)) != -1) {
			dup2(fd, 1);
			dup2(fd, 2);
		}
		if ((fd = open("/dev/null", O_RDONLY)) != -1)
			dup2(fd, 0);
		/* execvp() takes char *const[], which it does not change. */
		execvp(argv[0], (char *const *)(uintptr_t)argv);
		_exit(127);
	}
	while (waitpid(pid, &status, 0) == -1)
		if (errno != EINTR)
			return -1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/* The last lines of cmd.log, for a failure's note. */
static const char *
cmd_log(void)
{
	static char tail[512];
	char *text;
	size_t len = 0;

	tail[0] = '\0';
	if ((text = assay_test_read_file(assay_test_path("cmd.log"), &len)) ==
	    NULL)
		return tail;
	snprintf(tail, sizeof(tail), "%s", len > sizeof(tail) - 1 ?
	    text + len - (sizeof(tail) - 1) : text);
	free(text);
	return tail;
}

static bool
have_program(const char *name)
{
	const char *argv[] = { "sh", "-c", NULL, NULL };
	char cmd[256];

	snprintf(cmd, sizeof(cmd), "command -v %s", name);
	argv[2] = cmd;
	return run(argv) == 0;
}

static const char *
path_in(const char *dir, const char *name)
{
	char rel[PATH_MAX];

	snprintf(rel, sizeof(rel), "%s/%s", dir, name);
	return assay_test_path(rel);
}

static int
open_dir(const char *name)
{
	return open(assay_test_path(name), O_RDONLY | O_DIRECTORY |
	    O_CLOEXEC);
}

/* Flips the lowest bit of the middle byte of name in dir. */
static void
flip_byte(const char *dir, const char *name)
{
	char *text;
	size_t len = 0;

	text = assay_test_read_file(path_in(dir, name), &len);
	CU_ASSERT_FATAL(text != NULL && len > 0);
	text[len / 2] ^= 0x01;
	CU_ASSERT_FATAL(assay_test_write_file(path_in(dir, name), text, len) ==
	    0);
	free(text);
}

static bool
same_file(const char *a, const char *b)
{
	char *x, *y;
	size_t lx = 0, ly = 0;
	bool same;

	x = assay_test_read_file(a, &lx);
	y = assay_test_read_file(b, &ly);
	same = x != NULL && y != NULL && lx == ly && memcmp(x, y, lx) == 0;
	free(x);
	free(y);
	return same;
}

/* ---- the hand-made scan ------------------------------------------------ */

static void
fake_digest(unsigned char *p, size_t n, unsigned seed)
{
	size_t i;

	for (i = 0; i < n; i++)
		p[i] = (unsigned char)(seed * 29u + i * 11u);
}

static struct assay_entry *
add_entry(struct assay_inventory *inv, const char *path, const char *name,
    uint32_t parent, uint32_t flags)
{
	struct assay_entry *e;

	if ((e = assay_inventory_add(inv)) == NULL)
		return NULL;
	e->path = assay_inventory_strdup(inv, path, strlen(path));
	e->name = assay_inventory_strdup(inv, name, strlen(name));
	e->type = ASSAY_ENTRY_FILE;
	e->mode = 0644;
	e->parent = parent;
	e->flags = flags;
	e->mtime = 1700000000;
	e->hashed = true;
	e->size = 100 + e->index;
	fake_digest(e->sha256, sizeof(e->sha256), e->index);
	if (parent != ASSAY_NO_ENTRY)
		e->depth = 1;
	return e;
}

static void
add_artefact(struct assay_inventory *inv, uint32_t entry)
{
	struct assay_artefact *a;

	a = assay_inventory_add_artefact(inv);
	CU_ASSERT_FATAL(a != NULL);
	a->entry = entry;
	a->size = 100 + entry;
	fake_digest(a->sha256, sizeof(a->sha256), 100 + entry);
	fake_digest(a->sha512, sizeof(a->sha512), 200 + entry);
}

static void
fixture_init(struct fixture *fx)
{
	struct assay_error err;

	memset(fx, 0, sizeof(fx[0]));
	memset(&err, 0, sizeof(err));
	fx->inv = assay_inventory_new();
	CU_ASSERT_FATAL(fx->inv != NULL);
	CU_ASSERT_FATAL(add_entry(fx->inv, "fw.tar.gz", "fw.tar.gz",
	    ASSAY_NO_ENTRY, ASSAY_FLAG_ARTEFACT | ASSAY_FLAG_CONTENT) != NULL);
	CU_ASSERT_FATAL(add_entry(fx->inv, "fw.tar.gz!/etc/shadow",
	    "etc/shadow", E_FW, ASSAY_FLAG_CONTENT) != NULL);
	CU_ASSERT_FATAL(add_entry(fx->inv, "app (1).zip", "app (1).zip",
	    ASSAY_NO_ENTRY, ASSAY_FLAG_ARTEFACT | ASSAY_FLAG_CONTENT) != NULL);
	add_artefact(fx->inv, E_FW);
	add_artefact(fx->inv, E_APP);
	CU_ASSERT_FATAL(assay_findings_add(&fx->fs, "alpha",
	    "alpha.default-password", ASSAY_SEV_CRITICAL, E_SHADOW, 1,
	    "{\"user\":\"root\"}", "account root accepts a default password") ==
	    ASSAY_OK);
	CU_ASSERT_FATAL(assay_findings_add(&fx->fs, "harness",
	    "harness.setuid", ASSAY_SEV_MEDIUM, E_APP, 0, NULL,
	    "a setuid file") == ASSAY_OK);

	if (assay_profile_load(PROFILE, DATADIR, &fx->profile, &err) !=
	    ASSAY_OK)
		ASSAY_CHECKF(0, "profile %s: %s", PROFILE, err.msg);
	CU_ASSERT_FATAL(fx->profile != NULL);
	fx->verdict.result = ASSAY_RESULT_FAILED;
	fx->verdict.failed = 1;

	fx->wv[0].rule = "harness.setuid";
	fx->wv[0].path = "**";
	fx->wv[0].expired = false;
	fx->wv[1].rule = "alpha.default-password";
	fx->wv[1].path = "**";
	fx->wv[1].expired = true;
	fx->waivers.v = fx->wv;
	fx->waivers.n = 2;
	fx->waivers.origin = waiver_origin;
	memcpy(fx->waivers.sha256, data_sha, sizeof(data_sha));

	fx->used[0].kind = data_kind;
	fx->used[0].probe = data_probe;
	fx->used[0].name = data_name;
	fx->used[0].sha256 = data_sha;
	fx->used[0].bytes = 42;
	fx->run.used = fx->used;
	fx->run.nused = 1;

	assay_limits_init(&fx->limits);
	assay_fetch_opts_init(&fx->fetch);
	fx->fetch.timeout_seconds = 20;
	fx->fetch.retries = 0;
	fx->s.inv = fx->inv;
	fx->s.findings = &fx->fs;
	fx->s.run = &fx->run;
	fx->s.limits = &fx->limits;
	fx->s.argc = 4;
	fx->s.argv = command;
	fx->s.started = NOW;
	fx->s.finished = NOW + 65;
	fx->s.tester = "T. Ester";
	fx->s.lab = "Lab 7";
	fx->s.profile = fx->profile;
	fx->s.verdict = &fx->verdict;
	fx->s.waivers = &fx->waivers;
	fx->s.as_of = NOW - 86400;
	fx->s.as_of_given = true;
	fx->s.fetch = &fx->fetch;
}

static void
fixture_release(struct fixture *fx)
{
	assay_findings_release(&fx->fs);
	assay_inventory_free(fx->inv);
	assay_profile_free(fx->profile);
}

/*
 * Writes a bundle into the new directory name (in the test directory)
 * with the real writers, attestation and SHA256SUMS last.  Returns the
 * first failure; err holds its message.
 */
static enum assay_err
try_bundle(const char *name, const struct assay_scan_summary *s,
    struct assay_error *err)
{
	enum assay_err r;
	int dfd;

	memset(err, 0, sizeof(*err));
	if (mkdir(assay_test_path(name), 0755) == -1 && errno != EEXIST)
		return ASSAY_ERR_IO;
	if ((dfd = open_dir(name)) == -1)
		return ASSAY_ERR_IO;
	if ((r = assay_write_manifest(dfd, s, err)) != ASSAY_OK ||
	    (r = assay_write_inventory(dfd, s, err)) != ASSAY_OK ||
	    (r = assay_write_coverage(dfd, s, err)) != ASSAY_OK ||
	    (r = assay_write_findings(dfd, s, err)) != ASSAY_OK ||
	    (r = assay_write_verdict(dfd, s, err)) != ASSAY_OK ||
	    (r = assay_write_attestation(dfd, s, err)) != ASSAY_OK ||
	    (r = assay_write_sha256sums(dfd, err)) != ASSAY_OK) {
		close(dfd);
		return r;
	}
	close(dfd);
	return ASSAY_OK;
}

static void
make_bundle(const char *name, const struct assay_scan_summary *s)
{
	struct assay_error err;
	enum assay_err r;

	r = try_bundle(name, s, &err);
	ASSAY_CHECKF(r == ASSAY_OK, "bundle %s: %s", name, err.msg);
	CU_ASSERT_FATAL(r == ASSAY_OK);
}

/* Writes k's public half as PEM to name in the test directory. */
static void
write_pub(EVP_PKEY *k, const char *name)
{
	FILE *fp;

	fp = fopen(assay_test_path(name), "w");
	CU_ASSERT_FATAL(fp != NULL);
	CU_ASSERT_FATAL(PEM_write_PUBKEY(fp, k) == 1);
	fclose(fp);
}

/* Writes k as PEM PKCS#8 (encrypted with pass when not NULL). */
static void
write_priv(EVP_PKEY *k, const char *name, const char *pass)
{
	FILE *fp;

	fp = fopen(assay_test_path(name), "w");
	CU_ASSERT_FATAL(fp != NULL);
	CU_ASSERT_FATAL(PEM_write_PKCS8PrivateKey(fp, k, pass != NULL ?
	    EVP_aes_256_cbc() : NULL, pass, pass != NULL ? (int)strlen(pass) :
	    0, NULL, NULL) == 1);
	fclose(fp);
}

/*
 * Runs assay verify on the bundle dir (in the test directory), with the
 * public key file trust (in the test directory) or none.  The report is
 * left in *textp for the caller to free.
 */
static bool
verify(const char *dir, const char *trust, char **textp)
{
	struct assay_error err;
	enum assay_err r;
	size_t len = 0;
	FILE *out;
	bool ok = false;

	memset(&err, 0, sizeof(err));
	*textp = NULL;
	out = open_memstream(textp, &len);
	CU_ASSERT_FATAL(out != NULL);
	r = assay_verify_bundle(assay_test_path(dir), trust != NULL ?
	    assay_test_path(trust) : NULL, out, &ok, &err);
	fclose(out);
	ASSAY_CHECKF(r == ASSAY_OK, "verify %s: %s", dir, err.msg);
	return r == ASSAY_OK && ok;
}

/* True when some line of text starts with prefix and contains what. */
static bool
has_line(const char *text, const char *prefix, const char *what)
{
	const char *line = text, *nl;
	size_t n;

	while (line != NULL && *line != '\0') {
		nl = strchr(line, '\n');
		n = nl != NULL ? (size_t)(nl - line) : strlen(line);
		if (strncmp(line, prefix, strlen(prefix)) == 0 &&
		    memmem(line, n, what, strlen(what)) != NULL)
			return true;
		line = nl != NULL ? nl + 1 : NULL;
	}
	return false;
}

/*
 * Independently of assay: decodes the envelope with python3 into the PAE,
 * the payload and the first signature (pae.bin, body.bin, sig.bin in the
 * test directory).
 */
static const char split_py[] =
    "import base64, json, sys\n"
    "env = json.load(open(sys.argv[1]))\n"
    "body = base64.b64decode(env['payload'], validate=True)\n"
    "t = env['payloadType'].encode()\n"
    "pae = b'DSSEv1 %d %s %d %s' % (len(t), t, len(body), body)\n"
    "open(sys.argv[2], 'wb').write(pae)\n"
    "open(sys.argv[3], 'wb').write(body)\n"
    "sigs = env['signatures']\n"
    "if sigs:\n"
    "    open(sys.argv[4], 'wb').write(base64.b64decode(sigs[0]['sig']))\n";

static void
split_envelope(const char *dir)
{
	const char *argv[] = { PYTHON, "-c", split_py, NULL, NULL, NULL, NULL,
		NULL };
	char env[PATH_MAX], pae[PATH_MAX], body[PATH_MAX], sig[PATH_MAX];

	snprintf(env, sizeof(env), "%s", path_in(dir,
	    "attestation.dsse.json"));
	snprintf(pae, sizeof(pae), "%s", assay_test_path("pae.bin"));
	snprintf(body, sizeof(body), "%s", assay_test_path("body.bin"));
	snprintf(sig, sizeof(sig), "%s", assay_test_path("sig.bin"));
	unlink(sig);
	argv[3] = env;
	argv[4] = pae;
	argv[5] = body;
	argv[6] = sig;
	ASSAY_CHECKF(run(argv) == 0, "python3 split: %s", cmd_log());
}

/* ---- keys ---------------------------------------------------------------- */

static int
suite_keys_init(void)
{
	ed_key = EVP_PKEY_Q_keygen(NULL, NULL, "ED25519");
	p256_key = EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-256");
	return ed_key != NULL && p256_key != NULL ? 0 : 1;
}

static int
suite_keys_clean(void)
{
	EVP_PKEY_free(ed_key);
	EVP_PKEY_free(p256_key);
	ed_key = p256_key = NULL;
	return 0;
}

static void
test_keygen(void)
{
	static const struct {
		const char *type;
		const char *prefix;
		const char *kind;
	} rows[] = {
		{ NULL, "dflt", "ed25519" },
		{ "ed25519", "ed", "ed25519" },
		{ "p256", "p", "ecdsa-p256" },
	};
	struct assay_error err;
	EVP_PKEY *k = NULL, *pub = NULL;
	char keyf[PATH_MAX], pubf[PATH_MAX], *text;
	char id1[65], id2[65];
	struct stat st;
	size_t i;

	umask(022);
	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		memset(&err, 0, sizeof(err));
		snprintf(keyf, sizeof(keyf), "%s.key",
		    assay_test_path(rows[i].prefix));
		snprintf(pubf, sizeof(pubf), "%s.pub",
		    assay_test_path(rows[i].prefix));
		ASSAY_CHECKF(assay_keygen(rows[i].type,
		    assay_test_path(rows[i].prefix), &err) == ASSAY_OK,
		    "%s: %s", rows[i].prefix, err.msg);
		ASSAY_CHECKF(stat(keyf, &st) == 0 && S_ISREG(st.st_mode) &&
		    (st.st_mode & 07777) == 0600, "%s mode %o", keyf,
		    (unsigned)st.st_mode);
		ASSAY_CHECKF(stat(pubf, &st) == 0 &&
		    (st.st_mode & 07777) == 0644, "%s mode %o", pubf,
		    (unsigned)st.st_mode);
		text = assay_test_read_file(keyf, NULL);
		ASSAY_CHECKF(text != NULL && strncmp(text,
		    "-----BEGIN PRIVATE KEY-----\n", 28) == 0,
		    "%s is PKCS#8 PEM", keyf);
		free(text);
		text = assay_test_read_file(pubf, NULL);
		ASSAY_CHECKF(text != NULL && strncmp(text,
		    "-----BEGIN PUBLIC KEY-----\n", 27) == 0,
		    "%s is SubjectPublicKeyInfo PEM", pubf);
		free(text);

		/* Both halves load, are of the kind asked, share an id. */
		ASSAY_CHECKF(assay_load_sign_key(keyf, &k, &err) == ASSAY_OK,
		    "%s: %s", keyf, err.msg);
		ASSAY_CHECKF(assay_load_public_key(pubf, &pub, &err) ==
		    ASSAY_OK, "%s: %s", pubf, err.msg);
		CU_ASSERT_FATAL(k != NULL && pub != NULL);
		ASSAY_CHECKF(strcmp(assay_key_type(k), rows[i].kind) == 0 &&
		    strcmp(assay_key_type(pub), rows[i].kind) == 0, "%s kind",
		    rows[i].prefix);
		CU_ASSERT(assay_key_id(k, id1, &err) == ASSAY_OK);
		CU_ASSERT(assay_key_id(pub, id2, &err) == ASSAY_OK);
		CU_ASSERT(strlen(id1) == 64 && strcmp(id1, id2) == 0);
		EVP_PKEY_free(k);
		EVP_PKEY_free(pub);
		k = pub = NULL;
	}
	/* The id is SHA-256 of the DER SubjectPublicKeyInfo, as openssl says. */
	if (have_program("openssl") && have_program("sha256sum")) {
		const char *argv[] = { "sh", "-c", NULL, NULL };
		char cmd[3 * PATH_MAX], want[65];

		snprintf(cmd, sizeof(cmd), "openssl pkey -pubin -in %s "
		    "-outform DER | sha256sum | cut -c1-64 > %s",
		    assay_test_path("ed.pub"), assay_test_path("id.txt"));
		argv[2] = cmd;
		CU_ASSERT(run(argv) == 0);
		text = assay_test_read_file(assay_test_path("id.txt"), NULL);
		CU_ASSERT_FATAL(text != NULL);
		snprintf(want, sizeof(want), "%s", text);
		free(text);
		CU_ASSERT(assay_load_public_key(assay_test_path("ed.pub"), &pub,
		    &err) == ASSAY_OK);
		CU_ASSERT(assay_key_id(pub, id1, &err) == ASSAY_OK);
		ASSAY_CHECKF(strcmp(id1, want) == 0, "keyid %s, openssl %s",
		    id1, want);
		EVP_PKEY_free(pub);
	}
}

static void
test_keygen_refuses(void)
{
	struct assay_error err;
	char *before, *after;
	struct stat st;

	memset(&err, 0, sizeof(err));
	CU_ASSERT_FATAL(assay_keygen("ed25519", assay_test_path("lab"), &err) ==
	    ASSAY_OK);
	before = assay_test_read_file(assay_test_path("lab.key"), NULL);
	CU_ASSERT(assay_keygen("ed25519", assay_test_path("lab"), &err) ==
	    ASSAY_ERR_USAGE);
	CU_ASSERT(strstr(err.msg, "refusing to overwrite") != NULL);
	after = assay_test_read_file(assay_test_path("lab.key"), NULL);
	CU_ASSERT(before != NULL && after != NULL && strcmp(before, after) ==
	    0);
	free(before);
	free(after);

	/* Only the .pub in the way: no .key is left behind either. */
	CU_ASSERT_FATAL(assay_test_write_file(assay_test_path("half.pub"),
	    "x", 1) == 0);
	CU_ASSERT(assay_keygen("p256", assay_test_path("half"), &err) ==
	    ASSAY_ERR_USAGE);
	CU_ASSERT(stat(assay_test_path("half.key"), &st) == -1 &&
	    errno == ENOENT);
	/* Nor through a symbolic link planted at the .key name. */
	CU_ASSERT_FATAL(symlink(assay_test_path("victim"),
	    assay_test_path("link.key")) == 0);
	CU_ASSERT(assay_keygen(NULL, assay_test_path("link"), &err) ==
	    ASSAY_ERR_USAGE);
	CU_ASSERT(stat(assay_test_path("victim"), &st) == -1);

	CU_ASSERT(assay_keygen("rsa", assay_test_path("r"), &err) ==
	    ASSAY_ERR_USAGE);
	CU_ASSERT(strstr(err.msg, "unknown key type") != NULL);
	CU_ASSERT(assay_keygen("ed25519", "", &err) == ASSAY_ERR_USAGE);
}

static void
test_load_key_errors(void)
{
	static const struct {
		const char *file;
		const char *want;	/* in the message */
	} rows[] = {
		{ "ed.pub", "is a public key" },
		{ "rsa.key", "Ed25519 or ECDSA P-256" },
		{ "p384.key", "Ed25519 or ECDSA P-256" },
		{ "enc.key", "passphrase" },
		{ "junk.key", "does not hold a PEM private key" },
		{ "big.key", "larger than" },
		{ "missing.key", "cannot open key" },
	};
	struct assay_error err;
	EVP_PKEY *k = NULL, *rsa, *p384;
	char *big;
	size_t i;

	rsa = EVP_PKEY_Q_keygen(NULL, NULL, "RSA", (size_t)2048);
	p384 = EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-384");
	CU_ASSERT_FATAL(rsa != NULL && p384 != NULL);
	write_pub(ed_key, "ed.pub");
	write_priv(rsa, "rsa.key", NULL);
	write_priv(p384, "p384.key", NULL);
	write_priv(ed_key, "enc.key", "secret");
	CU_ASSERT_FATAL(assay_test_write_file(assay_test_path("junk.key"),
	    "hello\n", 6) == 0);
	big = calloc(1, 100000);
	CU_ASSERT_FATAL(big != NULL);
	memset(big, 'A', 99999);
	CU_ASSERT_FATAL(assay_test_write_file(assay_test_path("big.key"), big,
	    99999) == 0);
	free(big);
	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		memset(&err, 0, sizeof(err));
		ASSAY_CHECKF(assay_load_sign_key(assay_test_path(rows[i].file),
		    &k, &err) != ASSAY_OK && k == NULL &&
		    strstr(err.msg, rows[i].want) != NULL, "%s: %s",
		    rows[i].file, err.msg);
		EVP_PKEY_free(k);
		k = NULL;
	}
	/* A public key file that holds a private key is refused too. */
	write_priv(ed_key, "ed.key", NULL);
	CU_ASSERT(assay_load_public_key(assay_test_path("ed.key"), &k, &err) ==
	    ASSAY_ERR_USAGE && k == NULL);
	CU_ASSERT(strstr(err.msg, "is a private key") != NULL);
	write_pub(rsa, "rsa.pub");
	CU_ASSERT(assay_load_public_key(assay_test_path("rsa.pub"), &k, &err) ==
	    ASSAY_ERR_USAGE && k == NULL);
	EVP_PKEY_free(rsa);
	EVP_PKEY_free(p384);
}

/* ---- the attestation ----------------------------------------------------- */

/* Verifies sig.bin over pae.bin with the openssl command line. */
static void
openssl_verifies(const char *kind, const char *pubfile)
{
	char pub[PATH_MAX], pae[PATH_MAX], sig[PATH_MAX];
	const char *ed[] = { "openssl", "pkeyutl", "-verify", "-pubin",
		"-inkey", pub, "-rawin", "-in", pae, "-sigfile", sig, NULL };
	const char *ec[] = { "openssl", "dgst", "-sha256", "-verify", pub,
		"-signature", sig, pae, NULL };

	snprintf(pub, sizeof(pub), "%s", assay_test_path(pubfile));
	snprintf(pae, sizeof(pae), "%s", assay_test_path("pae.bin"));
	snprintf(sig, sizeof(sig), "%s", assay_test_path("sig.bin"));
	ASSAY_CHECKF(run(strcmp(kind, "ed25519") == 0 ? ed : ec) == 0,
	    "openssl does not verify the %s signature: %s", kind, cmd_log());
}

static void
test_signature_independent(void)
{
	struct fixture fx;

	if (!have_program("openssl")) {
		ASSAY_CHECKF(getenv("CI") == NULL, "%s", "CI lacks openssl");
		return;
	}
	fixture_init(&fx);
	write_pub(ed_key, "ed.pub");
	write_pub(p256_key, "p.pub");
	fx.s.sign_key = ed_key;
	make_bundle("ed", &fx.s);
	split_envelope("ed");
	openssl_verifies("ed25519", "ed.pub");
	/* The other key's verification must fail: the check is real. */
	{
		const char *argv[] = { "openssl", "pkeyutl", "-verify",
			"-pubin", "-inkey", NULL, "-rawin", "-in", NULL,
			"-sigfile", NULL, NULL };
		char pub[PATH_MAX], pae[PATH_MAX], sig[PATH_MAX];

		write_pub(EVP_PKEY_Q_keygen(NULL, NULL, "ED25519") != NULL ?
		    ed_key : ed_key, "same.pub");
		flip_byte(".", "pae.bin");
		snprintf(pub, sizeof(pub), "%s", assay_test_path("ed.pub"));
		snprintf(pae, sizeof(pae), "%s", assay_test_path("pae.bin"));
		snprintf(sig, sizeof(sig), "%s", assay_test_path("sig.bin"));
		argv[5] = pub;
		argv[8] = pae;
		argv[10] = sig;
		CU_ASSERT(run(argv) != 0);
	}
	fx.s.sign_key = p256_key;
	make_bundle("p", &fx.s);
	split_envelope("p");
	openssl_verifies("ecdsa-p256", "p.pub");
	fixture_release(&fx);
}
