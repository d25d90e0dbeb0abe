/*
 * End to end: the credentials probe's keys and secrets parts through the
 * real assay binary on a tar.gz built here.  Keys come from openssl and
 * ssh-keygen; tokens are built with their checksums.  The test counts the
 * findings per rule, checks pairing with the shipped certificate, the
 * tester's compromised-key list, documentation paths and the file-size
 * bound, that negative controls (placeholders, templating, encrypted keys,
 * documentation) raise nothing at high, and that no secret appears in
 * clear in any file of the bundle.
 */
#include <sys/stat.h>

#include <archive.h>
#include <dirent.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <CUnit/CUnit.h>
#include <jansson.h>
#include <zlib.h>

#include "testutil.h"

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))
#define MAX_SECRETS	32

#define RUN(...) do {							\
	const char *const argv_[] = { __VA_ARGS__, NULL };		\
	ASSAY_CHECKF(assay_test_tool(argv_, NULL) == 0, "%s %s",	\
	    argv_[0], argv_[1]);					\
} while (0)

/* Contents of a file in the test directory (kept for the test's life). */
static char *
slurp(const char *name)
{
	char *s = assay_test_read_file(assay_test_path(name), NULL);

	ASSAY_CHECKF(s != NULL, "read %s", name);
	return s;
}

/* prefix + 30 base62 + the base62 CRC-32 of the 30 (GitHub, npm). */
static void
make_token(const char *prefix, unsigned seed, char *out, size_t cap)
{
	static const char digits[] =
	    "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
	char body[31], sum[7];
	unsigned long crc;
	unsigned x = seed;
	int i;

	for (i = 0; i < 30; i++) {
		x = x * 1103515245u + 12345u;
		body[i] = digits[(x >> 16) % 62];
	}
	body[30] = '\0';
	crc = crc32(0L, (const Bytef *)body, 30);
	for (i = 5; i >= 0; i--) {
		sum[i] = digits[crc % 62];
		crc /= 62;
	}
	sum[6] = '\0';
	(void)snprintf(out, cap, "%s%s%s", prefix, body, sum);
}

/* Secrets that must never appear in the bundle. */
static char secrets[MAX_SECRETS][128];
static size_t nsecrets;

static void
secret(const char *s, size_t n)
{
	if (nsecrets < MAX_SECRETS && n > 0 && n < sizeof(secrets[0])) {
		memcpy(secrets[nsecrets], s, n);
		secrets[nsecrets][n] = '\0';
		nsecrets++;
	}
}

/* The second line of a PEM file: key material itself. */
static void
secret_pem(const char *pem)
{
	const char *l = strchr(pem, '\n'), *e;

	CU_ASSERT_FATAL(l != NULL && (e = strchr(l + 1, '\n')) != NULL);
	secret(l + 1, (size_t)(e - l - 1));
}

/* Every regular file below dir is free of every secret. */
static void
check_no_secret(const char *dir)
{
	char path[PATH_MAX], *data;
	struct dirent *d;
	struct stat st;
	size_t i, len;
	DIR *dp;

	if ((dp = opendir(dir)) == NULL) {
		ASSAY_CHECKF(0, "open %s", dir);
		return;
	}
	while ((d = readdir(dp)) != NULL) {
		if (strcmp(d->d_name, ".") == 0 || strcmp(d->d_name, "..") == 0)
			continue;
		(void)snprintf(path, sizeof(path), "%s/%s", dir, d->d_name);
		if (lstat(path, &st) != 0)
			continue;
		if (S_ISDIR(st.st_mode)) {
			check_no_secret(path);
			continue;
		}
		if ((data = assay_test_read_file(path, &len)) == NULL)
			continue;
		for (i = 0; i < nsecrets; i++)
			ASSAY_CHECKF(strstr(data, secrets[i]) == NULL,
			    "%s holds secret %zu in clear", path, i);
		free(data);
	}
	closedir(dp);
}

static size_t
count_at_least_high(json_t *findings, const char *path_part)
{
	const char *sev, *path;
	size_t i, n = 0;
	json_t *f;

	json_array_foreach(findings, i, f) {
		sev = json_string_value(json_object_get(f, "severity"));
		path = json_string_value(json_object_get(json_object_get(f,
		    "location"), "path"));
		if (sev != NULL && path != NULL &&
		    strstr(path, path_part) != NULL &&
		    (strcmp(sev, "high") == 0 || strcmp(sev, "critical") == 0))
			n++;
	}
	return n;
}

/* The evidence of the first finding of rule at path. */
static json_t *
evidence_of(json_t *findings, const char *rule, const char *path)
{
	json_t *f;
	size_t i;

	json_array_foreach(findings, i, f) {
		const char *r = json_string_value(json_object_get(f, "rule"));
		const char *p = json_string_value(json_object_get(
		    json_object_get(f, "location"), "path"));

		if (r != NULL && p != NULL && strcmp(r, rule) == 0 &&
		    strcmp(p, path) == 0)
			return json_object_get(f, "evidence");
	}
	return NULL;
}

static void
test_release(void)
{
	char ghp[64], npm[64], ghp_bad[64], conf[512], js[256], aws[256];
	char bin[128], doc[128], fp_set[160], *fp, *hostkey, *signkey;
	char *signcert, *enckey, *pkcs8enc, *leaked, *sample, *big;
	struct assay_test_run_result res;
	json_t *findings, *ev, *pairs;
	size_t binlen;

	nsecrets = 0;
	RUN("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", "hostkey");
	RUN("openssl", "genpkey", "-algorithm", "RSA", "-pkeyopt",
	    "rsa_keygen_bits:2048", "-out", "sign.pem");
	RUN("openssl", "req", "-x509", "-key", "sign.pem", "-subj",
	    "/CN=update-signing", "-days", "30", "-out", "sign.crt");
	RUN("ssh-keygen", "-q", "-t", "ed25519", "-N", "pass phrase", "-f",
	    "userkey");
	RUN("openssl", "genpkey", "-algorithm", "EC", "-pkeyopt",
	    "ec_paramgen_curve:P-256", "-out", "ec.pem");
	RUN("openssl", "pkcs8", "-topk8", "-in", "ec.pem", "-passout",
	    "pass:hunter2", "-out", "ec-enc.pem");
	RUN("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", "leaked");
	{
		const char *const argv[] = { "ssh-keygen", "-l", "-E", "sha256",
		    "-f", "leaked.pub", NULL };

		CU_ASSERT(assay_test_tool(argv, assay_test_path("fp.txt")) ==
		    0);
	}
	RUN("openssl", "genpkey", "-algorithm", "ed25519", "-out", "sample.pem");
	hostkey = slurp("hostkey");
	signkey = slurp("sign.pem");
	signcert = slurp("sign.crt");
	enckey = slurp("userkey");
	pkcs8enc = slurp("ec-enc.pem");
	leaked = slurp("leaked");
	sample = slurp("sample.pem");
	fp = slurp("fp.txt");
	CU_ASSERT_FATAL(hostkey && signkey && signcert && enckey && pkcs8enc &&
	    leaked && sample && fp && strstr(fp, "SHA256:") != NULL);
	*strchr(strstr(fp, "SHA256:"), ' ') = '\0';
	(void)snprintf(fp_set, sizeof(fp_set),
	    "credentials.compromised_fingerprints=[\"%s\"]",
	    strstr(fp, "SHA256:"));
	secret_pem(hostkey);
	secret_pem(signkey);
	secret_pem(leaked);
	secret_pem(sample);

	make_token("ghp_", 11, ghp, sizeof(ghp));
	make_token("npm_", 12, npm, sizeof(npm));
	make_token("ghp_", 13, ghp_bad, sizeof(ghp_bad));
	ghp_bad[strlen(ghp_bad) - 1] ^= 1;
	secret(ghp, strlen(ghp));
	secret(npm, strlen(npm));
	secret("S3cr3tP4ss!x", strlen("S3cr3tP4ss!x"));
	secret("Hunter22xyz", strlen("Hunter22xyz"));
	secret("wJalrXUtnFEMI/K7MDENG", strlen("wJalrXUtnFEMI/K7MDENG"));
	secret("Sup3rS3cretDoc", strlen("Sup3rS3cretDoc"));
	(void)snprintf(conf, sizeof(conf),
	    "[db]\ndb_password = S3cr3tP4ss!x\n"
	    "url = postgres://app:Hunter22xyz@db/app\n"
	    "admin_password = ${ADMIN_PASSWORD}\n");
	(void)snprintf(js, sizeof(js),
	    "const token = \"%s\";\nconst other = \"%s\";\n", ghp, ghp_bad);
	(void)snprintf(aws, sizeof(aws), "[default]\naws_access_key_id = %s%s\n"
	    "aws_secret_access_key = %s%s\n", "AKIA", "IOSFODNN7EXAMPLE",
	    "wJalrXUtnFEMI/K7MDENG/", "bPxRfiCYEXAMPLEKEY");
	memcpy(bin, "\177ELF\002\001\001\0\0\0\0\0", 12);
	binlen = 12 + (size_t)snprintf(bin + 12, sizeof(bin) - 12, "%s", npm) + 1;
	(void)snprintf(doc, sizeof(doc), "Set it like this:\n\n"
	    "    password = Sup3rS3cretDoc\n");
	CU_ASSERT_FATAL((big = malloc(8192)) != NULL);
	memset(big, 'z', 8192);

	{
		const struct assay_test_entry entries[] = {
			{ .name = "etc/ssh/ssh_host_ed25519_key", .data = hostkey },
			{ .name = "opt/app/keys/update-signing.pem",
			  .data = signkey },
			{ .name = "opt/app/certs/update-signing.crt",
			  .data = signcert },
			{ .name = "home/u/.ssh/id_ed25519", .data = enckey },
			{ .name = "opt/app/ec-enc.pem", .data = pkcs8enc },
			{ .name = "opt/app/leaked_key", .data = leaked },
			{ .name = "usr/share/doc/app/example.pem", .data = sample },
			{ .name = "opt/app/app.conf", .data = conf },
			{ .name = "opt/app/web/config.js", .data = js },
			{ .name = "root/.aws/credentials", .data = aws },
			{ .name = "usr/bin/tool", .data = bin, .size = binlen },
			{ .name = "usr/share/doc/app/README.md", .data = doc },
			{ .name = "opt/app/template.yaml", .data =
			  "db:\n  password: \"{{ db_password }}\"\n"
			  "  token: <token>\n  secret: \"\"\n"
			  "  api_key: ${API_KEY}\n" },
			{ .name = "opt/app/big.dat", .data = big, .size = 8192 },
		};

		CU_ASSERT_FATAL(assay_test_archive(assay_test_path("fw.tar.gz"),
		    ARCHIVE_FORMAT_TAR_PAX_RESTRICTED, ARCHIVE_FILTER_GZIP,
		    entries, NELEM(entries)) == 0);
	}
	{
		const char *const argv[] = { "scan", "-q", "--out", "bundle",
		    "--set", fp_set, "--set",
		    "credentials.max_file_bytes=4096", "fw.tar.gz", NULL };

		CU_ASSERT_FATAL(assay_test_assay(&res, argv) == 0);
	}
	ASSAY_CHECKF(res.status == 1, "exit %d: %s", res.status, res.err);
	assay_test_result_release(&res);
	findings = assay_test_findings(assay_test_path("bundle"));
	CU_ASSERT_FATAL(findings != NULL);

	CU_ASSERT(assay_test_count_rule(findings, "credentials.ssh-host-key",
	    "fw.tar.gz!/etc/ssh/ssh_host_ed25519_key") == 1);
	CU_ASSERT(assay_test_count_rule(findings, "credentials.private-key",
	    NULL) == 1);
	CU_ASSERT(assay_test_count_rule(findings,
	    "credentials.encrypted-private-key", NULL) == 2);
	CU_ASSERT(assay_test_count_rule(findings,
	    "credentials.known-compromised-key",
	    "fw.tar.gz!/opt/app/leaked_key") == 1);
	CU_ASSERT(assay_test_count_rule(findings,
	    "credentials.sample-private-key",
	    "fw.tar.gz!/usr/share/doc/app/example.pem") == 1);
	CU_ASSERT(assay_test_count_rule(findings, "credentials.malformed-key",
	    NULL) == 0);
	CU_ASSERT(assay_test_count_rule(findings,
	    "credentials.hardcoded-secret", NULL) == 3);
	CU_ASSERT(assay_test_count_rule(findings,
	    "credentials.hardcoded-secret",
	    "fw.tar.gz!/opt/app/app.conf") == 2);
	CU_ASSERT(assay_test_count_rule(findings, "credentials.service-token",
	    "fw.tar.gz!/opt/app/web/config.js") == 1);
	CU_ASSERT(assay_test_count_rule(findings, "credentials.service-token",
	    "fw.tar.gz!/usr/bin/tool") == 1);
	CU_ASSERT(assay_test_count_rule(findings, "credentials.cloud-key-pair",
	    "fw.tar.gz!/root/.aws/credentials") == 1);
	CU_ASSERT(assay_test_count_rule(findings,
	    "credentials.secret-in-documentation",
	    "fw.tar.gz!/usr/share/doc/app/README.md") == 1);
	CU_ASSERT(assay_test_count_rule(findings, "credentials.file-too-large",
	    "fw.tar.gz!/opt/app/big.dat") == 1);

	/* The signing key pairs with its certificate elsewhere. */
	ev = evidence_of(findings, "credentials.private-key",
	    "fw.tar.gz!/opt/app/keys/update-signing.pem");
	pairs = json_object_get(ev, "pairs_with");
	CU_ASSERT(json_array_size(pairs) == 1);
	CU_ASSERT(json_is_string(json_object_get(json_array_get(pairs, 0),
	    "path")) && strcmp(json_string_value(json_object_get(
	    json_array_get(pairs, 0), "path")),
	    "fw.tar.gz!/opt/app/certs/update-signing.crt") == 0);
	CU_ASSERT(json_integer_value(json_object_get(ev, "bits")) == 2048);
	CU_ASSERT(json_string_length(json_object_get(ev, "spki_sha256")) == 64);
	/* The masked excerpt gives a hint and the length, never the value. */
	ev = evidence_of(findings, "credentials.hardcoded-secret",
	    "fw.tar.gz!/opt/app/app.conf");
	CU_ASSERT(json_integer_value(json_object_get(ev, "length")) == 12);
	CU_ASSERT(json_is_string(json_object_get(ev, "excerpt")));

	/* Negative controls: nothing at high or above. */
	CU_ASSERT(count_at_least_high(findings, "template.yaml") == 0);
	CU_ASSERT(count_at_least_high(findings, "usr/share/doc") == 0);
	CU_ASSERT(count_at_least_high(findings, "id_ed25519") == 0);
	CU_ASSERT(count_at_least_high(findings, "ec-enc.pem") == 0);
	json_decref(findings);

	check_no_secret(assay_test_path("bundle"));

	free(hostkey);
	free(signkey);
	free(signcert);
	free(enckey);
	free(pkcs8enc);
	free(leaked);
	free(sample);
	free(fp);
	free(big);
}

static CU_TestInfo tests[] = {
	{ "keys and secrets in a release", test_release },
	CU_TEST_INFO_NULL,
};

static CU_SuiteInfo suites[] = {
	{ "credentials: keys and secrets", NULL, NULL, assay_test_setup,
	    assay_test_teardown, tests },
	CU_SUITE_INFO_NULL,
};

int
main(void)
{
	return assay_test_run(suites);
}
