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

static json_t *
decode_statement(const char *dir, char **bodyp)
{
	json_t *env, *stmt = NULL;
	const char *payload;
	unsigned char *body = NULL;
	json_error_t jerr;
	size_t len = 0;

	*bodyp = NULL;
	env = assay_test_load_json(path_in(dir, "attestation.dsse.json"));
	CU_ASSERT_FATAL(env != NULL);
	payload = json_string_value(json_object_get(env, "payload"));
	CU_ASSERT_FATAL(payload != NULL);
	CU_ASSERT_FATAL(assay_b64_decode(payload, strlen(payload), &body,
	    &len) == ASSAY_OK);
	stmt = json_loadb((const char *)body, len, 0, &jerr);
	CU_ASSERT_FATAL(stmt != NULL);
	*bodyp = (char *)body;
	json_decref(env);
	return stmt;
}

static void
test_statement_fields(void)
{
	static const char *const files[] = {
		"coverage.json", "findings.json", "inventory.json",
		"manifest.json", "verdict.json",
	};
	json_t *m, *stmt, *env, *subj, *pred, *pol, *arts, *ev, *ann, *sig;
	char *body, *canon, want[PATH_MAX];
	struct fixture fx;
	char keyid[65];
	size_t i;

	fixture_init(&fx);
	fx.s.sign_key = ed_key;
	make_bundle("b", &fx.s);
	m = assay_test_load_json(path_in("b", "manifest.json"));
	env = assay_test_load_json(path_in("b", "attestation.dsse.json"));
	CU_ASSERT_FATAL(m != NULL && env != NULL);
	stmt = decode_statement("b", &body);

	/* The envelope. */
	CU_ASSERT_STRING_EQUAL(json_string_value(json_object_get(env,
	    "payloadType")), "application/vnd.in-toto+json");
	CU_ASSERT_FATAL(json_array_size(json_object_get(env,
	    "signatures")) == 1);
	sig = json_array_get(json_object_get(env, "signatures"), 0);
	CU_ASSERT(assay_key_id(ed_key, keyid, NULL) == ASSAY_OK);
	CU_ASSERT_STRING_EQUAL(json_string_value(json_object_get(sig,
	    "keyid")), keyid);
	CU_ASSERT(json_string_length(json_object_get(sig, "sig")) == 88);

	/* The payload is the statement's compact, sorted form, exactly. */
	canon = json_dumps(stmt, JSON_COMPACT | JSON_SORT_KEYS);
	CU_ASSERT(canon != NULL && strcmp(canon, body) == 0);
	free(canon);

	CU_ASSERT_STRING_EQUAL(json_string_value(json_object_get(stmt,
	    "_type")), "https://in-toto.io/Statement/v1");
	CU_ASSERT_STRING_EQUAL(json_string_value(json_object_get(stmt,
	    "predicateType")), "https://slsa.dev/verification_summary/v1");

	/* Subjects are the manifest's artefacts with both digests. */
	subj = json_object_get(stmt, "subject");
	arts = json_object_get(m, "artefacts");
	CU_ASSERT_FATAL(json_array_size(subj) == 2 &&
	    json_array_size(arts) == 2);
	for (i = 0; i < 2; i++) {
		json_t *s = json_array_get(subj, i), *a = json_array_get(arts,
		    i), *d = json_object_get(s, "digest");

		ASSAY_CHECKF(json_equal(json_object_get(s, "name"),
		    json_object_get(a, "name")) &&
		    json_equal(json_object_get(d, "sha256"),
		    json_object_get(a, "sha256")) &&
		    json_equal(json_object_get(d, "sha512"),
		    json_object_get(a, "sha512")) && json_object_size(d) == 2,
		    "subject %zu", i);
	}

	pred = json_object_get(stmt, "predicate");
	CU_ASSERT_STRING_EQUAL(json_string_value(json_object_get(
	    json_object_get(pred, "verifier"), "id")), "urn:assay:verifier");
	CU_ASSERT(json_equal(json_object_get(json_object_get(json_object_get(
	    pred, "verifier"), "version"), "assay"), json_object_get(
	    json_object_get(m, "tool"), "version")));
	CU_ASSERT_STRING_EQUAL(json_string_value(json_object_get(pred,
	    "timeVerified")), "2026-11-29T14:01:05Z");
	CU_ASSERT_STRING_EQUAL(json_string_value(json_object_get(pred,
	    "resourceUri")), "fw.tar.gz");
	CU_ASSERT(json_is_array(json_object_get(pred, "inputAttestations")) &&
	    json_array_size(json_object_get(pred, "inputAttestations")) == 0);
	CU_ASSERT_STRING_EQUAL(json_string_value(json_object_get(pred,
	    "verificationResult")), "FAILED");
	CU_ASSERT(json_array_size(json_object_get(pred, "verifiedLevels")) ==
	    1);
	CU_ASSERT_STRING_EQUAL(json_string_value(json_array_get(
	    json_object_get(pred, "verifiedLevels"), 0)), "FAILED");

	/* The policy is the profile, by id, version and digest. */
	pol = json_object_get(pred, "policy");
	snprintf(want, sizeof(want), "urn:assay:profile:%s@%s",
	    assay_profile_id(fx.profile), assay_profile_version(fx.profile));
	CU_ASSERT_STRING_EQUAL(json_string_value(json_object_get(pol, "uri")),
	    want);
	CU_ASSERT_STRING_EQUAL(json_string_value(json_object_get(
	    json_object_get(pol, "digest"), "sha256")),
	    assay_profile_sha256(fx.profile));
	CU_ASSERT(json_equal(json_object_get(json_object_get(pol, "digest"),
	    "sha256"), json_object_get(json_object_get(m, "profile"),
	    "sha256")));
	ann = json_object_get(pol, "annotations");
	CU_ASSERT(json_equal(json_object_get(ann, "urn:assay:waivers"),
	    json_object_get(m, "waivers")));
	CU_ASSERT(json_equal(json_object_get(ann, "urn:assay:data"),
	    json_object_get(m, "data")));
	CU_ASSERT_STRING_EQUAL(json_string_value(json_object_get(ann,
	    "urn:assay:asOf")), "2026-11-28T14:00:00Z");

	/* Every file written before it, with its digest. */
	ev = json_object_get(pred, "urn:assay:evidence");
	CU_ASSERT_FATAL(json_array_size(ev) == sizeof(files) /
	    sizeof(files[0]));
	for (i = 0; i < json_array_size(ev); i++) {
		char *text;
		size_t len = 0;
		char hex[65];

		text = assay_test_read_file(path_in("b", files[i]), &len);
		CU_ASSERT_FATAL(text != NULL);
		assay_test_sha256_hex(text, len, hex);
		free(text);
		ASSAY_CHECKF(strcmp(json_string_value(json_object_get(
		    json_array_get(ev, i), "name")), files[i]) == 0 &&
		    strcmp(json_string_value(json_object_get(json_object_get(
		    json_array_get(ev, i), "digest"), "sha256")), hex) == 0,
		    "evidence %s", files[i]);
	}

	/* A second artefact name that needs escaping as a URI. */
	fx.s.sign_key = NULL;
	fx.verdict.result = ASSAY_RESULT_PASSED;
	{
		struct assay_artefact tmp;
		struct assay_artefact *a0, *a1;

		a0 = (struct assay_artefact *)(uintptr_t)
		    assay_inventory_artefact(fx.inv, 0);
		a1 = (struct assay_artefact *)(uintptr_t)
		    assay_inventory_artefact(fx.inv, 1);
		tmp = *a0;
		*a0 = *a1;
		*a1 = tmp;
	}
	make_bundle("u", &fx.s);
	json_decref(stmt);
	free(body);
	stmt = decode_statement("u", &body);
	pred = json_object_get(stmt, "predicate");
	CU_ASSERT_STRING_EQUAL(json_string_value(json_object_get(pred,
	    "resourceUri")), "app%20%281%29.zip");
	CU_ASSERT_STRING_EQUAL(json_string_value(json_object_get(pred,
	    "verificationResult")), "PASSED");
	CU_ASSERT(json_array_size(json_object_get(pred, "verifiedLevels")) ==
	    0);
	json_decref(env);
	env = assay_test_load_json(path_in("u", "attestation.dsse.json"));
	CU_ASSERT(env != NULL && json_array_size(json_object_get(env,
	    "signatures")) == 0);

	json_decref(env);
	json_decref(stmt);
	json_decref(m);
	free(body);
	fixture_release(&fx);
}

#define SCHEMA_CHECK	ASSAY_TEST_SOURCE_DIR "/schema_check.py"

/* Checks the JSON file doc against reports/schema/<schema>. */
static void
validate_json(const char *doc, const char *schema)
{
	const char *probe[] = { "-c", "import jsonschema", NULL };
	const char *argv[] = { SCHEMA_CHECK, NULL, NULL, NULL };
	char path[PATH_MAX];

	if (assay_test_python(probe, true) != 0) {
		printf("\n  notice: python3 with jsonschema is missing; "
		    "%s not checked against its schema\n", doc);
		ASSAY_CHECKF(getenv("CI") == NULL, "%s", "CI lacks "
		    "python3-jsonschema");
		return;
	}
	snprintf(path, sizeof(path), "%s/../reports/schema/%s",
	    ASSAY_TEST_SOURCE_DIR, schema);
	argv[1] = path;
	argv[2] = doc;
	ASSAY_CHECKF(assay_test_python(argv, false) == 0, "%s does not match "
	    "%s", doc, schema);
}

/*
 * Checks a bundle's manifest, its DSSE envelope and the statement inside
 * against their schemas.
 */
static void
validate_manifest(const char *dir)
{
	char doc[PATH_MAX], stmt[PATH_MAX];
	unsigned char *body = NULL;
	size_t len = 0;
	json_t *env;

	snprintf(doc, sizeof(doc), "%s", path_in(dir, "manifest.json"));
	validate_json(doc, "manifest.schema.json");
	snprintf(doc, sizeof(doc), "%s", path_in(dir, "attestation.dsse.json"));
	validate_json(doc, "attestation.schema.json");
	env = assay_test_load_json(doc);
	CU_ASSERT_FATAL(env != NULL);
	CU_ASSERT_FATAL(json_string_value(json_object_get(env, "payload")) !=
	    NULL);
	CU_ASSERT_FATAL(assay_b64_decode(json_string_value(json_object_get(env,
	    "payload")), strlen(json_string_value(json_object_get(env,
	    "payload"))), &body, &len) == ASSAY_OK);
	snprintf(stmt, sizeof(stmt), "%s", assay_test_path("statement.json"));
	CU_ASSERT_FATAL(assay_test_write_file(stmt, body, len) == 0);
	validate_json(stmt, "statement.schema.json");
	free(body);
	json_decref(env);
}

static void
test_manifest_records(void)
{
	json_t *m, *o;
	struct fixture fx;
	char keyid[65];

	fixture_init(&fx);
	fx.s.sign_key = p256_key;
	make_bundle("b", &fx.s);
	m = assay_test_load_json(path_in("b", "manifest.json"));
	CU_ASSERT_FATAL(m != NULL);
	o = json_object_get(m, "profile");
	CU_ASSERT_STRING_EQUAL(json_string_value(json_object_get(o, "id")),
	    assay_profile_id(fx.profile));
	CU_ASSERT_STRING_EQUAL(json_string_value(json_object_get(o,
	    "version")), assay_profile_version(fx.profile));
	CU_ASSERT_STRING_EQUAL(json_string_value(json_object_get(o, "sha256")),
	    assay_profile_sha256(fx.profile));
	CU_ASSERT_STRING_EQUAL(json_string_value(json_object_get(o, "origin")),
	    PROFILE ".json");
	o = json_object_get(m, "waivers");
	CU_ASSERT_STRING_EQUAL(json_string_value(json_object_get(o, "file")),
	    "acme.json");
	CU_ASSERT_STRING_EQUAL(json_string_value(json_object_get(o, "sha256")),
	    data_sha);
	CU_ASSERT(json_integer_value(json_object_get(o, "count")) == 2);
	CU_ASSERT(json_integer_value(json_object_get(o, "expired")) == 1);
	CU_ASSERT_STRING_EQUAL(json_string_value(json_object_get(m, "as_of")),
	    "2026-11-28T14:00:00Z");
	CU_ASSERT(json_is_true(json_object_get(m, "as_of_given")));
	o = json_object_get(m, "attestation");
	CU_ASSERT(json_is_true(json_object_get(o, "signed")));
	CU_ASSERT_STRING_EQUAL(json_string_value(json_object_get(o,
	    "key_type")), "ecdsa-p256");
	CU_ASSERT(assay_key_id(p256_key, keyid, NULL) == ASSAY_OK);
	CU_ASSERT_STRING_EQUAL(json_string_value(json_object_get(o, "keyid")),
	    keyid);
	CU_ASSERT(json_is_false(json_object_get(o, "timestamp")));
	json_decref(m);
	validate_manifest("b");
	fx.s.sign_key = ed_key;
	fx.s.waivers = NULL;
	make_bundle("e", &fx.s);
	validate_manifest("e");
	fixture_release(&fx);
}

/* Ed25519 bundles are byte-identical; P-256 ones differ in the signature. */
static void
test_reproducible(void)
{
	static const char *const files[] = {
		"attestation.dsse.json", "SHA256SUMS", "manifest.json",
		"verdict.json",
	};
	json_t *a, *b;
	struct fixture fx;
	size_t i;

	fixture_init(&fx);
	fx.s.sign_key = ed_key;
	make_bundle("one", &fx.s);
	make_bundle("two", &fx.s);
	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++)
		ASSAY_CHECKF(same_file(path_in("one", files[i]), path_in("two",
		    files[i])), "%s differs between two Ed25519 runs",
		    files[i]);
	fx.s.sign_key = p256_key;
	make_bundle("p1", &fx.s);
	make_bundle("p2", &fx.s);
	a = assay_test_load_json(path_in("p1", "attestation.dsse.json"));
	b = assay_test_load_json(path_in("p2", "attestation.dsse.json"));
	CU_ASSERT_FATAL(a != NULL && b != NULL);
	CU_ASSERT(json_equal(json_object_get(a, "payload"), json_object_get(b,
	    "payload")));
	CU_ASSERT(!json_equal(json_object_get(a, "signatures"),
	    json_object_get(b, "signatures")));
	json_decref(a);
	json_decref(b);
	fixture_release(&fx);
}

static void
test_sha256sums(void)
{
	const char *argv[] = { "sh", "-c", NULL, NULL };
	char cmd[2 * PATH_MAX], *text, *line, *nl, prev[256] = "";
	struct dirent **names = NULL;
	struct fixture fx;
	size_t lines = 0, files = 0;
	int n, i;

	fixture_init(&fx);
	fx.s.sign_key = ed_key;
	make_bundle("b", &fx.s);
	text = assay_test_read_file(path_in("b", "SHA256SUMS"), NULL);
	CU_ASSERT_FATAL(text != NULL);
	for (line = text; *line != '\0'; line = nl + 1) {
		nl = strchr(line, '\n');
		CU_ASSERT_FATAL(nl != NULL);
		*nl = '\0';
		ASSAY_CHECKF(strlen(line) > 66 && line[64] == ' ' &&
		    line[65] == ' ' && strcmp(line + 66, "SHA256SUMS") != 0 &&
		    strcmp(prev, line + 66) < 0, "line %s", line);
		snprintf(prev, sizeof(prev), "%s", line + 66);
		lines++;
	}
	free(text);
	n = scandir(assay_test_path("b"), &names, NULL, alphasort);
	for (i = 0; i < n; i++) {
		if (names[i]->d_name[0] != '.' &&
		    strcmp(names[i]->d_name, "SHA256SUMS") != 0)
			files++;
		free(names[i]);
	}
	free(names);
	CU_ASSERT(lines == files && files == 6);
	if (have_program("sha256sum")) {
		snprintf(cmd, sizeof(cmd), "cd '%s' && sha256sum --strict -c "
		    "SHA256SUMS", assay_test_path("b"));
		argv[2] = cmd;
		ASSAY_CHECKF(run(argv) == 0, "sha256sum -c: %s", cmd_log());
		flip_byte("b", "findings.json");
		CU_ASSERT(run(argv) != 0);
	}
	fixture_release(&fx);
}

/* ---- verify ------------------------------------------------------------- */

static void
test_verify_roundtrip(void)
{
	struct fixture fx;
	char *text;

	fixture_init(&fx);
	write_pub(ed_key, "ed.pub");
	write_pub(p256_key, "p.pub");
	fx.s.sign_key = ed_key;
	make_bundle("ed", &fx.s);
	fx.s.sign_key = p256_key;
	make_bundle("p", &fx.s);
	fx.s.sign_key = NULL;
	make_bundle("u", &fx.s);

	CU_ASSERT(verify("ed", "ed.pub", &text));
	ASSAY_CHECKF(!has_line(text, "FAIL ", ""), "%s", text);
	CU_ASSERT(has_line(text, "ok   SHA256SUMS: ", "manifest.json"));
	CU_ASSERT(has_line(text, "ok   signature: ", "ed25519"));
	CU_ASSERT(has_line(text, "ok   statement: ", "subjects match"));
	CU_ASSERT(has_line(text, "ok   statement: ", "result FAILED"));
	free(text);
	CU_ASSERT(verify("p", "p.pub", &text));
	ASSAY_CHECKF(!has_line(text, "FAIL ", ""), "%s", text);
	free(text);

	/* Signed, but no key to check it with: not verified, and says why. */
	CU_ASSERT(!verify("ed", NULL, &text));
	CU_ASSERT(has_line(text, "FAIL signature: ",
	    "not checked (no --trust given)"));
	free(text);
	/* Unsigned and no key: passes, and says it proves integrity only. */
	CU_ASSERT(verify("u", NULL, &text));
	CU_ASSERT(has_line(text, "ok   signature: ", "unsigned"));
	free(text);
	/* Unsigned with a key: the key's signature is missing. */
	CU_ASSERT(!verify("u", "ed.pub", &text));
	CU_ASSERT(has_line(text, "FAIL signature: ", "unsigned"));
	free(text);
	/* The wrong key, of either kind. */
	CU_ASSERT(!verify("ed", "p.pub", &text));
	CU_ASSERT(has_line(text, "FAIL signature: ", "does not verify"));
	free(text);
	{
		EVP_PKEY *other = EVP_PKEY_Q_keygen(NULL, NULL, "ED25519");

		CU_ASSERT_FATAL(other != NULL);
		write_pub(other, "other.pub");
		EVP_PKEY_free(other);
	}
	CU_ASSERT(!verify("ed", "other.pub", &text));
	CU_ASSERT(has_line(text, "FAIL signature: ", "does not verify"));
	free(text);
	fixture_release(&fx);
}

/* Copies every file of bundle from into the new directory to. */
static void
copy_bundle(const char *from, const char *to)
{
	struct dirent **names = NULL;
	char *text;
	size_t len;
	int n, i;

	CU_ASSERT_FATAL(mkdir(assay_test_path(to), 0755) == 0);
	n = scandir(assay_test_path(from), &names, NULL, alphasort);
	CU_ASSERT_FATAL(n > 0);
	for (i = 0; i < n; i++) {
		if (names[i]->d_name[0] != '.') {
			len = 0;
			text = assay_test_read_file(path_in(from,
			    names[i]->d_name), &len);
			CU_ASSERT_FATAL(text != NULL);
			CU_ASSERT_FATAL(assay_test_write_file(path_in(to,
			    names[i]->d_name), text, len) == 0);
			free(text);
		}
		free(names[i]);
	}
	free(names);
}

static void
test_verify_tamper_each(void)
{
	struct dirent **names = NULL;
	char dir[64], *text;
	struct fixture fx;
	int n, i, tried = 0;

	fixture_init(&fx);
	write_pub(ed_key, "ed.pub");
	fx.s.sign_key = ed_key;
	make_bundle("b", &fx.s);
	n = scandir(assay_test_path("b"), &names, NULL, alphasort);
	CU_ASSERT_FATAL(n > 0);
	for (i = 0; i < n; i++) {
		if (names[i]->d_name[0] == '.') {
			free(names[i]);
			continue;
		}
		snprintf(dir, sizeof(dir), "t%d", i);
		copy_bundle("b", dir);
		flip_byte(dir, names[i]->d_name);
		ASSAY_CHECKF(!verify(dir, "ed.pub", &text), "a flipped byte "
		    "in %s went unnoticed", names[i]->d_name);
		ASSAY_CHECKF(has_line(text, "FAIL ", names[i]->d_name),
		    "no FAIL line names %s:\n%s", names[i]->d_name, text);
		/* Without --trust too. */
		free(text);
		CU_ASSERT(!verify(dir, NULL, &text));
		free(text);
		tried++;
		free(names[i]);
	}
	free(names);
	CU_ASSERT(tried == 7);

	/* A file added, a file removed. */
	copy_bundle("b", "added");
	CU_ASSERT_FATAL(assay_test_write_file(path_in("added", "extra.txt"),
	    "x", 1) == 0);
	CU_ASSERT(!verify("added", "ed.pub", &text));
	CU_ASSERT(has_line(text, "FAIL SHA256SUMS: ", "extra.txt: in the "
	    "bundle but not listed"));
	free(text);
	copy_bundle("b", "removed");
	CU_ASSERT_FATAL(unlink(path_in("removed", "verdict.json")) == 0);
	CU_ASSERT(!verify("removed", "ed.pub", &text));
	CU_ASSERT(has_line(text, "FAIL SHA256SUMS: ", "verdict.json: listed "
	    "but missing"));
	free(text);
	/* A symbolic link in place of a file. */
	copy_bundle("b", "linked");
	CU_ASSERT_FATAL(unlink(path_in("linked", "findings.json")) == 0);
	CU_ASSERT_FATAL(symlink(path_in("b", "findings.json"),
	    path_in("linked", "findings.json")) == 0);
	CU_ASSERT(!verify("linked", "ed.pub", &text));
	CU_ASSERT(has_line(text, "FAIL SHA256SUMS: ", "findings.json: not a "
	    "regular file"));
	free(text);
	fixture_release(&fx);
}

/*
 * A forger who edits a file and writes SHA256SUMS again passes the sums,
 * not the signed statement; one who also writes a new unsigned envelope
 * fails the signature and the manifest's record.
 */
static void
test_verify_resummed(void)
{
	struct assay_error err;
	struct fixture fx;
	char *text;
	int dfd;

	fixture_init(&fx);
	write_pub(ed_key, "ed.pub");
	fx.s.sign_key = ed_key;
	make_bundle("b", &fx.s);
	CU_ASSERT_FATAL(assay_test_write_file(path_in("b", "findings.json"),
	    "{}\n", 3) == 0);
	dfd = open_dir("b");
	CU_ASSERT_FATAL(dfd != -1);
	CU_ASSERT(assay_write_sha256sums(dfd, &err) == ASSAY_OK);
	CU_ASSERT(!verify("b", "ed.pub", &text));
	CU_ASSERT(has_line(text, "ok   SHA256SUMS: ", "findings.json"));
	CU_ASSERT(has_line(text, "ok   signature: ", "verified"));
	CU_ASSERT(has_line(text, "FAIL statement: ", "findings.json: differs "
	    "from the digest in the statement"));
	free(text);

	fx.s.sign_key = NULL;
	CU_ASSERT(assay_write_attestation(dfd, &fx.s, &err) == ASSAY_OK);
	CU_ASSERT(assay_write_sha256sums(dfd, &err) == ASSAY_OK);
	close(dfd);
	CU_ASSERT(!verify("b", "ed.pub", &text));
	CU_ASSERT(has_line(text, "FAIL signature: ", "unsigned"));
	CU_ASSERT(has_line(text, "FAIL attestation: ", "says the bundle is "
	    "signed"));
	free(text);
	fixture_release(&fx);
}

static void
test_verify_errors(void)
{
	struct assay_error err;
	char *text = NULL;
	size_t len = 0;
	FILE *out;
	bool ok = true;

	memset(&err, 0, sizeof(err));
	out = open_memstream(&text, &len);
	CU_ASSERT_FATAL(out != NULL);
	CU_ASSERT(assay_verify_bundle(assay_test_path("nothere"), NULL, out,
	    &ok, &err) == ASSAY_ERR_NOT_FOUND && !ok);
	CU_ASSERT(strstr(err.msg, "nothere") != NULL);
	CU_ASSERT(mkdir(assay_test_path("empty"), 0755) == 0);
	CU_ASSERT(assay_verify_bundle(assay_test_path("empty"), NULL, out, &ok,
	    &err) == ASSAY_OK && !ok);
	write_priv(ed_key, "ed.key", NULL);
	CU_ASSERT(assay_verify_bundle(assay_test_path("empty"),
	    assay_test_path("ed.key"), out, &ok, &err) == ASSAY_ERR_USAGE);
	fclose(out);
	CU_ASSERT(text != NULL && strstr(text, "FAIL SHA256SUMS: ") != NULL);
	free(text);
}

static void
test_b64(void)
{
	static const struct {
		const char *in;
		const char *out;	/* NULL: refused */
	} rows[] = {
		{ "", "" }, { "aGk=", "hi" }, { "aGk", "hi" },
		{ "aGVsbG8sIHZlcmlmaWVy", "hello, verifier" },
		{ "-_8", "\xfb\xff" }, { "+/8=", "\xfb\xff" },
		{ "aGk==", NULL }, { "aG=", NULL }, { "a", NULL },
		{ "aG k", NULL }, { "aGk=\n", NULL },
		{ "aG\nk", NULL }, { "a=Gk", NULL },
	};
	unsigned char *out;
	size_t i, len;

	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		out = NULL;
		len = 0;
		if (rows[i].out == NULL)
			ASSAY_CHECKF(assay_b64_decode(rows[i].in,
			    strlen(rows[i].in), &out, &len) == ASSAY_ERR_INVALID,
			    "%s", rows[i].in);
		else
			ASSAY_CHECKF(assay_b64_decode(rows[i].in,
			    strlen(rows[i].in), &out, &len) == ASSAY_OK &&
			    len == strlen(rows[i].out) &&
			    memcmp(out, rows[i].out, len) == 0, "%s",
			    rows[i].in);
		free(out);
	}
}

static void
test_pae(void)
{
	static const char want[] =
	    "DSSEv1 29 http://example.com/HelloWorld 11 hello world";
	unsigned char *pae = NULL;
	size_t len = 0;

	CU_ASSERT_FATAL(assay_dsse_pae("http://example.com/HelloWorld",
	    (const unsigned char *)"hello world", 11, &pae, &len, NULL) ==
	    ASSAY_OK);
	CU_ASSERT(len == strlen(want) && memcmp(pae, want, len) == 0);
	free(pae);
}

/* ---- diff --------------------------------------------------------------- */

static const char old_findings[] =
    "{\"findings\": ["
    "{\"evidence\": {\"user\": \"root\"}, \"location\": {\"artefact\": "
    "\"fw\", \"line\": 3, \"path\": \"fw!/etc/shadow\", \"sha256\": null},"
    " \"message\": \"root has a default password\", \"probe\": \"c\","
    " \"rule\": \"c.default-password\", \"severity\": \"critical\"},"
    "{\"location\": {\"artefact\": \"fw\", \"path\": \"fw!/etc/opkg.conf\","
    " \"sha256\": null}, \"message\": \"feed over http\", \"probe\": \"u\","
    " \"rule\": \"u.insecure-feed\", \"severity\": \"high\"},"
    "{\"location\": {\"artefact\": \"fw\", \"path\": \"fw!/bin/su\","
    " \"sha256\": null}, \"message\": \"setuid\", \"probe\": \"harness\","
    " \"rule\": \"harness.setuid\", \"severity\": \"medium\"},"
    "{\"location\": {\"artefact\": \"fw\", \"path\": \"fw!/bin/su\","
    " \"sha256\": null}, \"message\": \"setuid\", \"probe\": \"harness\","
    " \"rule\": \"harness.setuid\", \"severity\": \"medium\"},"
    "{\"location\": {\"artefact\": null, \"path\": null, \"sha256\": null},"
    " \"message\": \"probe x failed\", \"probe\": \"harness\","
    " \"rule\": \"harness.probe-error\", \"severity\": \"high\"}"
    "], \"schema\": \"assay/findings/v1\"}";

/*
 * The same default password on another line with another message
 * (unchanged), the feed fixed, one of the two setuid findings gone, a new
 * finding with an escape sequence in its path, and the scan-wide one kept.
 */
static const char new_findings[] =
    "{\"findings\": ["
    "{\"evidence\": {\"user\": \"root\"}, \"location\": {\"artefact\": "
    "\"fw\", \"line\": 9, \"path\": \"fw!/etc/shadow\", \"sha256\": null},"
    " \"message\": \"root still has it\", \"probe\": \"c\","
    " \"rule\": \"c.default-password\", \"severity\": \"critical\"},"
    "{\"evidence\": {\"user\": \"admin\"}, \"location\": {\"artefact\": "
    "\"fw\", \"line\": 2, \"path\": \"fw!/etc/shadow\", \"sha256\": null},"
    " \"message\": \"admin has a default password\", \"probe\": \"c\","
    " \"rule\": \"c.default-password\", \"severity\": \"critical\"},"
    "{\"location\": {\"artefact\": \"fw\", \"path\": \"fw!/bin/su\","
    " \"sha256\": null}, \"message\": \"setuid\", \"probe\": \"harness\","
    " \"rule\": \"harness.setuid\", \"severity\": \"medium\"},"
    "{\"location\": {\"artefact\": \"fw\", \"path\": \"fw!/x\\u001b[2J\","
    " \"sha256\": null}, \"message\": \"odd\", \"probe\": \"harness\","
    " \"rule\": \"harness.odd-name\", \"severity\": \"low\"},"
    "{\"location\": {\"artefact\": null, \"path\": null, \"sha256\": null},"
    " \"message\": \"probe x failed again\", \"probe\": \"harness\","
    " \"rule\": \"harness.probe-error\", \"severity\": \"high\"}"
    "], \"schema\": \"assay/findings/v1\"}";

static const char old_verdict[] =
    "{\"controls\": [{\"id\": \"cop:1.1\", \"status\": \"fail\"},"
    " {\"id\": \"cop:3.1\", \"status\": \"pass\"},"
    " {\"id\": \"cop:2.2\", \"status\": \"pass\"}], \"result\": \"failed\"}";
static const char new_verdict[] =
    "{\"controls\": [{\"id\": \"cop:1.1\", \"status\": \"fail\"},"
    " {\"id\": \"cop:3.1\", \"status\": \"fail\"},"
    " {\"id\": \"cop:5.5\", \"status\": \"manual\"}], \"result\": \"failed\"}";

static void
write_pair(const char *dir, const char *findings, const char *verdict)
{
	CU_ASSERT_FATAL(mkdir(assay_test_path(dir), 0755) == 0);
	CU_ASSERT_FATAL(assay_test_write_file(path_in(dir, "findings.json"),
	    findings, strlen(findings)) == 0);
	CU_ASSERT_FATAL(assay_test_write_file(path_in(dir, "verdict.json"),
	    verdict, strlen(verdict)) == 0);
}

static char *
diff(const char *a, const char *b, bool json, bool *changedp,
    enum assay_err *rp)
{
	struct assay_error err;
	char *text = NULL;
	size_t len = 0;
	FILE *out;

	memset(&err, 0, sizeof(err));
	out = open_memstream(&text, &len);
	CU_ASSERT_FATAL(out != NULL);
	*rp = assay_diff_bundles(assay_test_path(a), assay_test_path(b), json,
	    out, changedp, &err);
	fclose(out);
	if (*rp != ASSAY_OK) {
		free(text);
		return strdup(err.msg);
	}
	return text;
}

static void
test_diff_text(void)
{
	static const char want[] =
	    "new: 2\n"
	    "  critical c.default-password fw!/etc/shadow:2: admin has a "
	    "default password\n"
	    "  low harness.odd-name fw!/x\\x1b[2J: odd\n"
	    "fixed: 2\n"
	    "  high u.insecure-feed fw!/etc/opkg.conf: feed over http\n"
	    "  medium harness.setuid fw!/bin/su: setuid\n"
	    "unchanged: 3\n"
	    "controls changed: 3\n"
	    "  cop:2.2 pass -> absent\n"
	    "  cop:3.1 pass -> fail\n"
	    "  cop:5.5 absent -> manual\n";
	enum assay_err r;
	bool changed = false;
	char *text;

	write_pair("old", old_findings, old_verdict);
	write_pair("new", new_findings, new_verdict);
	text = diff("old", "new", false, &changed, &r);
	CU_ASSERT(r == ASSAY_OK && changed);
	ASSAY_CHECKF(text != NULL && strcmp(text, want) == 0, "got:\n%s",
	    text);
	free(text);

	/* A bundle against itself: nothing new, nothing fixed. */
	text = diff("old", "old", false, &changed, &r);
	CU_ASSERT(r == ASSAY_OK && !changed);
	CU_ASSERT(text != NULL && strcmp(text, "new: 0\nfixed: 0\n"
	    "unchanged: 5\ncontrols changed: 0\n") == 0);
	free(text);

	/* Missing files are errors naming the bundle. */
	CU_ASSERT_FATAL(mkdir(assay_test_path("bare"), 0755) == 0);
	text = diff("old", "bare", false, &changed, &r);
	CU_ASSERT(r == ASSAY_ERR_NOT_FOUND);
	CU_ASSERT(text != NULL && strstr(text, "findings.json") != NULL &&
	    strstr(text, "bare") != NULL);
	free(text);
}

static void
test_diff_json(void)
{
	json_t *doc, *a, *c;
	enum assay_err r;
	json_error_t jerr;
	bool changed = false;
	char *text, *again;

	write_pair("old", old_findings, old_verdict);
	write_pair("new", new_findings, new_verdict);
	text = diff("old", "new", true, &changed, &r);
	CU_ASSERT_FATAL(r == ASSAY_OK && text != NULL);
	again = diff("old", "new", true, &changed, &r);
	CU_ASSERT(again != NULL && strcmp(text, again) == 0);
	free(again);
	doc = json_loads(text, 0, &jerr);
	CU_ASSERT_FATAL(doc != NULL);
	CU_ASSERT(json_object_size(doc) == 4);
	CU_ASSERT(json_integer_value(json_object_get(doc, "unchanged")) == 3);
	a = json_object_get(doc, "new");
	CU_ASSERT_FATAL(json_array_size(a) == 2);
	CU_ASSERT_STRING_EQUAL(json_string_value(json_object_get(
	    json_object_get(json_array_get(a, 0), "evidence"), "user")),
	    "admin");
	CU_ASSERT_STRING_EQUAL(json_string_value(json_object_get(
	    json_object_get(json_array_get(a, 1), "location"), "path")),
	    "fw!/x\x1b[2J");
	a = json_object_get(doc, "fixed");
	CU_ASSERT_FATAL(json_array_size(a) == 2);
	CU_ASSERT_STRING_EQUAL(json_string_value(json_object_get(
	    json_array_get(a, 0), "rule")), "u.insecure-feed");
	c = json_object_get(doc, "controls");
	CU_ASSERT_FATAL(json_array_size(c) == 3);
	CU_ASSERT_STRING_EQUAL(json_string_value(json_object_get(
	    json_array_get(c, 1), "id")), "cop:3.1");
	CU_ASSERT_STRING_EQUAL(json_string_value(json_object_get(
	    json_array_get(c, 1), "old")), "pass");
	CU_ASSERT_STRING_EQUAL(json_string_value(json_object_get(
	    json_array_get(c, 1), "new")), "fail");
	json_decref(doc);
	free(text);
}

/* Bundles written by the real writers compare too. */
static void
test_diff_real(void)
{
	struct fixture fx;
	enum assay_err r;
	bool changed = true;
	char *text;

	fixture_init(&fx);
	make_bundle("a", &fx.s);
	fx.fs.v[0].line = 40;
	make_bundle("b", &fx.s);
	text = diff("a", "b", false, &changed, &r);
	CU_ASSERT(r == ASSAY_OK && !changed);
	ASSAY_CHECKF(text != NULL && strstr(text, "unchanged: 2\n") != NULL,
	    "%s", text);
	free(text);
	fixture_release(&fx);
}

/* ---- RFC 3161 ------------------------------------------------------------- */

static pid_t tsa_pid = -1;

/*
 * A timestamp authority for tests: answers each POST by running
 * `openssl ts -reply` on the body; /junk answers with bytes that are not a
 * response.  Binds 127.0.0.1 only and prints its port.
 */
static const char tsa_py[] =
    "import http.server, os, subprocess, sys\n"
    "cnf, work = sys.argv[1], sys.argv[2]\n"
    "class H(http.server.BaseHTTPRequestHandler):\n"
    "    def do_POST(self):\n"
    "        body = self.rfile.read(int(self.headers['Content-Length']))\n"
    "        ok = self.headers['Content-Type'] == "
    "'application/timestamp-query'\n"
    "        if self.path == '/junk':\n"
    "            out = b'not a timestamp response'\n"
    "        else:\n"
    "            q = os.path.join(work, 'q.tsq')\n"
    "            r = os.path.join(work, 'r.tsr')\n"
    "            open(q, 'wb').write(body)\n"
    "            p = subprocess.run(['openssl', 'ts', '-reply', '-config',"
    " cnf, '-queryfile', q, '-out', r], capture_output=True)\n"
    "            if p.returncode != 0 or not ok:\n"
    "                sys.stderr.write(p.stderr.decode())\n"
    "                self.send_response(400)\n"
    "                self.end_headers()\n"
    "                return\n"
    "            out = open(r, 'rb').read()\n"
    "        self.send_response(200)\n"
    "        self.send_header('Content-Type', "
    "'application/timestamp-reply')\n"
    "        self.send_header('Content-Length', str(len(out)))\n"
    "        self.end_headers()\n"
    "        self.wfile.write(out)\n"
    "    def log_message(self, *args):\n"
    "        pass\n"
    "s = http.server.HTTPServer(('127.0.0.1', 0), H)\n"
    "print(s.server_address[1], flush=True)\n"
    "s.serve_forever()\n";

static const char tsa_cnf[] =
    "[ tsa ]\n"
    "default_tsa = tsa_config1\n"
    "[ tsa_config1 ]\n"
    "dir = %s\n"
    "serial = $dir/tsaserial\n"
    "crypto_device = builtin\n"
    "signer_cert = $dir/tsa.pem\n"
    "certs = $dir/tsa.pem\n"
    "signer_key = $dir/tsa.key\n"
    "signer_digest = sha256\n"
    "default_policy = 1.3.6.1.4.1.99999.1\n"
    "digests = sha256, sha384, sha512\n"
    "accuracy = secs:1\n"
    "ordering = yes\n"
    "tsa_name = yes\n"
    "ess_cert_id_chain = no\n";

static const char tsa_ext[] =
    "basicConstraints = critical, CA:FALSE\n"
    "keyUsage = critical, digitalSignature\n"
    "extendedKeyUsage = critical, timeStamping\n";

static void
tsa_teardown(void)
{
	if (tsa_pid > 0) {
		kill(tsa_pid, SIGTERM);
		while (waitpid(tsa_pid, NULL, 0) == -1 && errno == EINTR)
			;
		tsa_pid = -1;
	}
	assay_test_teardown();
}

/* Makes a CA and a TSA certificate with the openssl command line. */
static bool
make_tsa_pki(void)
{
	char cnf[8192], ca_key[PATH_MAX], ca_pem[PATH_MAX], tsa_key[PATH_MAX];
	char tsa_csr[PATH_MAX], tsa_pem[PATH_MAX], ext[PATH_MAX];
	const char *ca[] = { "openssl", "req", "-x509", "-newkey", "ec",
		"-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout",
		ca_key, "-out", ca_pem, "-subj", "/CN=assay test TSA CA",
		"-days", "2", "-addext", "basicConstraints=critical,CA:TRUE",
		"-addext", "keyUsage=critical,keyCertSign,cRLSign", NULL };
	const char *csr[] = { "openssl", "req", "-new", "-newkey", "ec",
		"-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout",
		tsa_key, "-out", tsa_csr, "-subj", "/CN=assay test TSA", NULL };
	const char *sign[] = { "openssl", "x509", "-req", "-in", tsa_csr,
		"-CA", ca_pem, "-CAkey", ca_key, "-set_serial", "2", "-days",
		"2", "-extfile", ext, "-out", tsa_pem, NULL };
	int n;

	snprintf(ca_key, sizeof(ca_key), "%s", assay_test_path("ca.key"));
	snprintf(ca_pem, sizeof(ca_pem), "%s", assay_test_path("ca.pem"));
	snprintf(tsa_key, sizeof(tsa_key), "%s", assay_test_path("tsa.key"));
	snprintf(tsa_csr, sizeof(tsa_csr), "%s", assay_test_path("tsa.csr"));
	snprintf(tsa_pem, sizeof(tsa_pem), "%s", assay_test_path("tsa.pem"));
	snprintf(ext, sizeof(ext), "%s", assay_test_path("tsa.ext"));
	n = snprintf(cnf, sizeof(cnf), tsa_cnf, assay_test_dir());
	if (n < 0 || (size_t)n >= sizeof(cnf) ||
	    assay_test_write_file(assay_test_path("tsa.cnf"), cnf,
	    (size_t)n) != 0 ||
	    assay_test_write_file(ext, tsa_ext, strlen(tsa_ext)) != 0 ||
	    assay_test_write_file(assay_test_path("tsaserial"), "01\n", 3) !=
	    0)
		return false;
	return run(ca) == 0 && run(csr) == 0 && run(sign) == 0;
}

/* Starts the authority; its port, or 0. */
static unsigned
start_tsa(void)
{
	char cnf[PATH_MAX], line[32];
	struct pollfd pfd;
	size_t got = 0;
	ssize_t k;
	int fds[2], fd;
	unsigned long port;
	char *end;

	snprintf(cnf, sizeof(cnf), "%s", assay_test_path("tsa.cnf"));
	if (pipe(fds) == -1)
		return 0;
	fflush(NULL);
	if ((tsa_pid = fork()) == -1) {
		close(fds[0]);
		close(fds[1]);
		return 0;
	}
	if (tsa_pid == 0) {
		dup2(fds[1], 1);
		if ((fd = open(assay_test_path("tsa.log"), O_WRONLY | O_CREAT |
		    O_APPEND, 0644)) != -1)
			dup2(fd, 2);
		close(fds[0]);
		execl(PYTHON, PYTHON, "-c", tsa_py, cnf, assay_test_dir(),
		    (char *)NULL);
		_exit(127);
	}
	close(fds[1]);
	memset(line, 0, sizeof(line));
	while (got < sizeof(line) - 1 && memchr(line, '\n', got) == NULL) {
		pfd.fd = fds[0];
		pfd.events = POLLIN;
		if (poll(&pfd, 1, 15000) != 1)
			break;
		if ((k = read(fds[0], line + got, sizeof(line) - 1 - got)) <= 0)
			break;
		got += (size_t)k;
	}
	close(fds[0]);
	errno = 0;
	port = strtoul(line, &end, 10);
	if (errno != 0 || end == line || *end != '\n' || port == 0 ||
	    port > 65535)
		return 0;
	return (unsigned)port;
}

/* openssl ts -verify of attestation.tsr in dir over data (a file). */
static int
ts_verify(const char *dir, const char *datafile)
{
	char in[PATH_MAX], data[PATH_MAX], ca[PATH_MAX], tsa[PATH_MAX];
	const char *argv[] = { "openssl", "ts", "-verify", "-data", data,
		"-in", in, "-CAfile", ca, "-untrusted", tsa, NULL };

	snprintf(in, sizeof(in), "%s", path_in(dir, "attestation.tsr"));
	snprintf(data, sizeof(data), "%s", assay_test_path(datafile));
	snprintf(ca, sizeof(ca), "%s", assay_test_path("ca.pem"));
	snprintf(tsa, sizeof(tsa), "%s", assay_test_path("tsa.pem"));
	return run(argv);
}

static void
test_timestamp(void)
{
	struct assay_error err;
	struct fixture fx;
	json_t *m;
	char url[64], *text;
	unsigned port;
	struct stat st;

	if (!have_program("openssl") || access(PYTHON, X_OK) != 0) {
		ASSAY_CHECKF(getenv("CI") == NULL, "%s", "CI lacks openssl or "
		    PYTHON);
		return;
	}
	CU_ASSERT_FATAL(make_tsa_pki());
	port = start_tsa();
	ASSAY_CHECKF(port != 0, "the test TSA did not start: %s", cmd_log());
	CU_ASSERT_FATAL(port != 0);
	snprintf(url, sizeof(url), "http://127.0.0.1:%u/", port);
	fixture_init(&fx);
	write_pub(ed_key, "ed.pub");
	fx.fetch.online = true;
	fx.s.tsa_url = url;

	/* Signed: the token stamps the signature bytes. */
	fx.s.sign_key = ed_key;
	make_bundle("s", &fx.s);
	CU_ASSERT(stat(path_in("s", "attestation.tsr"), &st) == 0 &&
	    S_ISREG(st.st_mode) && st.st_size > 0);
	split_envelope("s");
	ASSAY_CHECKF(ts_verify("s", "sig.bin") == 0, "openssl ts -verify: %s",
	    cmd_log());
	CU_ASSERT(ts_verify("s", "pae.bin") != 0);
	m = assay_test_load_json(path_in("s", "manifest.json"));
	CU_ASSERT(m != NULL && json_is_true(json_object_get(json_object_get(m,
	    "attestation"), "timestamp")));
	json_decref(m);
	CU_ASSERT(verify("s", "ed.pub", &text));
	CU_ASSERT(has_line(text, "ok   timestamp: ", "imprint matches the "
	    "signature"));
	CU_ASSERT(has_line(text, "ok   timestamp: ", "not checked (no TSA CA "
	    "given)"));
	CU_ASSERT(has_line(text, "ok   SHA256SUMS: ", "attestation.tsr"));
	free(text);

	/* A token taken from another bundle does not fit this one. */
	fx.s.finished++;
	make_bundle("s2", &fx.s);
	copy_bundle("s2", "mixed");
	{
		char *tsr;
		size_t len = 0;
		int dfd;

		tsr = assay_test_read_file(path_in("s", "attestation.tsr"),
		    &len);
		CU_ASSERT_FATAL(tsr != NULL);
		CU_ASSERT_FATAL(assay_test_write_file(path_in("mixed",
		    "attestation.tsr"), tsr, len) == 0);
		free(tsr);
		dfd = open_dir("mixed");
		CU_ASSERT(assay_write_sha256sums(dfd, &err) == ASSAY_OK);
		close(dfd);
	}
	CU_ASSERT(!verify("mixed", "ed.pub", &text));
	CU_ASSERT(has_line(text, "FAIL timestamp: ", "stamps other data"));
	free(text);

	/* Unsigned: the token stamps the PAE. */
	fx.s.sign_key = NULL;
	make_bundle("u", &fx.s);
	split_envelope("u");
	ASSAY_CHECKF(ts_verify("u", "pae.bin") == 0, "openssl ts -verify: %s",
	    cmd_log());
	CU_ASSERT(verify("u", NULL, &text));
	CU_ASSERT(has_line(text, "ok   timestamp: ", "envelope's PAE"));
	free(text);

	/* A bundle without its token, though the manifest promised one. */
	copy_bundle("u", "lost");
	CU_ASSERT_FATAL(unlink(path_in("lost", "attestation.tsr")) == 0);
	CU_ASSERT(!verify("lost", NULL, &text));
	CU_ASSERT(has_line(text, "FAIL attestation: ", "attestation.tsr is "
	    "missing"));
	free(text);

	/* An authority that answers nonsense fails the bundle. */
	snprintf(url, sizeof(url), "http://127.0.0.1:%u/junk", port);
	CU_ASSERT(try_bundle("junk", &fx.s, &err) == ASSAY_ERR_NET);
	ASSAY_CHECKF(strstr(err.msg, "not a DER TimeStampResp") != NULL, "%s",
	    err.msg);
	/* Offline, the authority is not asked. */
	fx.fetch.online = false;
	snprintf(url, sizeof(url), "http://127.0.0.1:%u/", port);
	CU_ASSERT(try_bundle("off", &fx.s, &err) == ASSAY_ERR_OFFLINE);
	fixture_release(&fx);
}

/* http:// is allowed for a timestamp query only. */
static void
test_post_schemes(void)
{
	struct assay_fetch_opts o;
	struct assay_error err;
	unsigned char *data = NULL;

	assay_fetch_opts_init(&o);
	o.online = true;
	o.retries = 0;
	o.timeout_seconds = 2;
	CU_ASSERT(assay_fetch_post(&o, "http://127.0.0.1:9/x",
	    "application/json", "{}", 2, 100, &data, NULL, &err) ==
	    ASSAY_ERR_USAGE && data == NULL);
	CU_ASSERT(strstr(err.msg, "only https") != NULL);
	CU_ASSERT(assay_fetch_post(&o, "ftp://127.0.0.1/x",
	    "application/timestamp-query", "x", 1, 100, &data, NULL, &err) ==
	    ASSAY_ERR_USAGE);
	CU_ASSERT(assay_fetch_post(&o, "http://127.0.0.1:9/x",
	    "application/timestamp-query\r\nX-Evil: 1", "x", 1, 100, &data,
	    NULL, &err) == ASSAY_ERR_USAGE);
	o.online = false;
	CU_ASSERT(assay_fetch_post(&o, "https://127.0.0.1:9/x",
	    "application/timestamp-query", "x", 1, 100, &data, NULL, &err) ==
	    ASSAY_ERR_OFFLINE);
	/* Nothing listens on the discard port: a network error, no data. */
	o.online = true;
	CU_ASSERT(assay_fetch_post(&o, "http://127.0.0.1:9/x",
	    "application/timestamp-query", "x", 1, 100, &data, NULL, &err) ==
	    ASSAY_ERR_NET && data == NULL);
}

static CU_TestInfo key_tests[] = {
	{ "keygen: both kinds, modes, ids", test_keygen },
	{ "keygen refuses to overwrite", test_keygen_refuses },
	{ "loading refuses the wrong keys", test_load_key_errors },
	CU_TEST_INFO_NULL,
};

static CU_TestInfo attest_tests[] = {
	{ "DSSE PAE test vector", test_pae },
	{ "base64 in both alphabets", test_b64 },
	{ "signatures verify with openssl", test_signature_independent },
	{ "statement fields", test_statement_fields },
	{ "manifest records profile, waivers, key", test_manifest_records },
	{ "Ed25519 bundles are reproducible", test_reproducible },
	{ "SHA256SUMS works with sha256sum -c", test_sha256sums },
	CU_TEST_INFO_NULL,
};

static CU_TestInfo verify_tests[] = {
	{ "round trip, keys and no keys", test_verify_roundtrip },
	{ "every file tampered in turn", test_verify_tamper_each },
	{ "re-summed tampering", test_verify_resummed },
	{ "errors", test_verify_errors },
	CU_TEST_INFO_NULL,
};

static CU_TestInfo diff_tests[] = {
	{ "text", test_diff_text },
	{ "json", test_diff_json },
	{ "written bundles, lines moved", test_diff_real },
	CU_TEST_INFO_NULL,
};

static CU_TestInfo tsa_tests[] = {
	{ "RFC 3161 token from a local authority", test_timestamp },
	{ "POST schemes", test_post_schemes },
	CU_TEST_INFO_NULL,
};

static CU_SuiteInfo suites[] = {
	{ "keys", suite_keys_init, suite_keys_clean, assay_test_setup,
	    assay_test_teardown, key_tests },
	{ "attestation", suite_keys_init, suite_keys_clean, assay_test_setup,
	    assay_test_teardown, attest_tests },
	{ "verify", suite_keys_init, suite_keys_clean, assay_test_setup,
	    assay_test_teardown, verify_tests },
	{ "diff", NULL, NULL, assay_test_setup, assay_test_teardown,
	    diff_tests },
	{ "timestamp", suite_keys_init, suite_keys_clean, assay_test_setup,
	    tsa_teardown, tsa_tests },
	CU_SUITE_INFO_NULL,
};

int
main(void)
{
	return assay_test_run(suites);
}
