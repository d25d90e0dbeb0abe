/*
 * End to end: the credentials probe's accounts part through the real
 * binary, on a root filesystem built here as a tar.gz.  Default passwords
 * in shadow (sha512crypt, yescrypt), passwd (descrypt), gshadow, htpasswd
 * (apr1), mosquitto ($7$) and Tomcat are found; uid 0, empty and malformed
 * entries are reported; locked accounts and a strong password are not;
 * the evidence carries a commitment that a tester holding the list can
 * recompute, no file of the bundle holds any of the passwords, and two
 * runs give the same findings byte for byte.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <archive.h>
#include <jansson.h>
#include <openssl/evp.h>

#include "testutil.h"

#define NROWS(a)	(sizeof(a) / sizeof((a)[0]))

/* Hashes made once with libxcrypt and openssl-passwd(1). */
#define H_ROOT	"$6$Qm3vT8pLx2$D0Lm9bCZOe0DOhYpyo3Gumou0EBgRgMuXnGUP9GFHJnTxM" \
		"VEmzCeNWtE7bZJ0CLlP8Sh2QiVuZdKR6wrsmf1G1"	/* 7ujMko0admin */
#define H_PI	"$y$j9T$9qlpFpN.L9WHmzzaBgKdx/$xZNGYAy4bxJmu094a3T6ujP4InApG" \
		"WpiKV1sBPYYg8/"				/* raspberry */
#define H_LOCK	"!$6$Zr9wK1$n3h3yx36zzDhuCVfAQESSpnKMvORg5ZZLRW//Mz70TwkNrMDYY" \
		"bvw49wrtZqIjUYlLckLSupJ3Ug65dA.nDrF/"		/* xc3511 */
/* A random password that was thrown away. */
#define H_STRONG "$6$Hq2nR7vM$87dlow4BxXgQ1jrYcGCEEs286ObsWgUyez8fK3bGp2Vm.lcv" \
		"uoNQg7lDSPTdksK9E1nc/bmZD1FszXybSmS4T0"
#define H_OLD	".RxKPDkasRq/I"				/* changeit */
#define H_WHEEL	"$1$Wd4e$bQAALBl/YvIQXEj03idZ91"		/* xc3511 */
#define H_APR1	"$apr1$Tg7s$MHLTcf53t2kBrLq0r36N51"		/* xmhdipc */
#define H_MOSQ	"$7$101$MDEyMzQ1Njc4OWFi$w0gB/bf1jKhXXbUkJARZNji67GolhiOa1rLp" \
		"D81LKo8TcGIpm1sbNz5zWanu9ct/oti4PMvO9bFiXJyPE/bXgQ=="	/* vizxv */

static const char *const passwords[] = { "7ujMko0admin", "raspberry",
	"xc3511", "changeit", "xmhdipc", "vizxv", "s3cret" };

static const char shadow[] =
	"root:" H_ROOT ":19000:0:99999:7:::\n"
	"pi:" H_PI ":19000:0:99999:7:::\n"
	"daemon:*:19000:0:99999:7:::\n"
	"locked:" H_LOCK ":19000:0:99999:7:::\n"
	"nobody:!!:19000::::::\n"
	"toor:!:19000::::::\n"
	"strong:" H_STRONG ":19000:0:99999:7:::\n"
	"guest::19000:0:99999:7:::\n"
	"\x7f" "ELF\x01\x02junk\x00\xff:\n";

static const char passwd[] =
	"root:x:0:0:root:/root:/bin/sh\n"
	"pi:x:1000:1000::/home/pi:/bin/sh\n"
	"daemon:x:1:1::/:/usr/sbin/nologin\n"
	"locked:x:1001:1001::/:/bin/sh\n"
	"nobody:x:65534:65534::/:/usr/sbin/nologin\n"
	"toor:x:0:0::/root:/bin/sh\n"
	"strong:x:1002:1002::/:/bin/sh\n"
	"guest:x:1003:1003::/:/bin/sh\n"
	"old:" H_OLD ":1004:1004::/:/bin/sh\n";

static const char gshadow[] =
	"root:*::\n"
	"wheel:" H_WHEEL "::root\n"
	"users:::pi\n";

static const char htpasswd[] = "admin:" H_APR1 "\n";
static const char mosquitto[] = "sensor:" H_MOSQ "\n";
static const char tomcat[] =
	"<?xml version='1.0' encoding='utf-8'?>\n"
	"<tomcat-users>\n"
	"<!-- <user username=\"admin\" password=\"<must-be-changed>\" "
	"roles=\"manager-gui\"/> -->\n"
	"  <user username=\"tomcat\" password=\"s3cret\" "
	"roles=\"manager-gui\"/>\n"
	"</tomcat-users>\n";

static bool
make_rootfs(const char *name)
{
	struct assay_test_entry ents[] = {
		{ .name = "rootfs/etc/shadow", .data = shadow,
		  .size = sizeof(shadow) - 1, .mode = 0640 },
		{ .name = "rootfs/etc/passwd", .data = passwd },
		{ .name = "rootfs/etc/gshadow", .data = gshadow, .mode = 0640 },
		{ .name = "rootfs/var/www/.htpasswd", .data = htpasswd },
		{ .name = "rootfs/etc/mosquitto/passwd", .data = mosquitto },
		{ .name = "rootfs/opt/tomcat/conf/tomcat-users.xml",
		  .data = tomcat },
		{ .name = "rootfs/usr/share/doc/passwords.txt",
		  .data = "Set a password with passwd(1); never use admin.\n" },
	};

	return assay_test_archive(assay_test_path(name),
	    ARCHIVE_FORMAT_TAR_PAX_RESTRICTED, ARCHIVE_FILTER_GZIP, ents,
	    NROWS(ents)) == 0;
}

static int
scan(const char *out)
{
	const char *argv[] = { "scan", "--quiet", "--out", out,
	    "--set", "credentials.max_guesses_per_hash=400",
	    "--set", "credentials.product_names=[\"acme\"]",
	    "rootfs.tar.gz", NULL };
	struct assay_test_run_result r;
	int st;

	memset(&r, 0, sizeof(r));
	if (assay_test_assay(&r, argv) != 0)
		return -1;
	st = r.status;
	if (st != 1)
		fprintf(stderr, "assay: %s\n", r.err != NULL ? r.err : "");
	assay_test_result_release(&r);
	return st;
}

/* The finding of rule about who (an account or user), or NULL. */
static json_t *
find(json_t *arr, const char *rule, const char *key, const char *who)
{
	json_t *f, *ev;
	size_t i;

	json_array_foreach(arr, i, f) {
		ev = json_object_get(f, "evidence");
		if (strcmp(json_string_value(json_object_get(f, "rule")),
		    rule) == 0 && ev != NULL &&
		    json_is_string(json_object_get(ev, key)) &&
		    strcmp(json_string_value(json_object_get(ev, key)),
		    who) == 0)
			return f;
	}
	return NULL;
}

/* True when any file under dir contains needle. */
static bool
bundle_contains(const char *dir, const char *needle)
{
	char path[4200];
	struct dirent *d;
	size_t len;
	bool hit = false;
	char *bytes;
	DIR *dp;

	if ((dp = opendir(dir)) == NULL)
		return false;
	while (!hit && (d = readdir(dp)) != NULL) {
		if (d->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, d->d_name);
		if ((bytes = assay_test_read_file(path, &len)) == NULL) {
			hit = bundle_contains(path, needle);
			continue;
		}
		hit = memmem(bytes, len, needle, strlen(needle)) != NULL;
		free(bytes);
	}
	closedir(dp);
	return hit;
}

static void
test_accounts_findings(void)
{
	static const struct {
		const char *rule;
		size_t count;
	} counts[] = {
		{ "credentials.default-password", 7 },
		{ "credentials.empty-password", 1 },
		{ "credentials.uid0-account", 1 },
		{ "credentials.hash-in-passwd", 1 },
		{ "credentials.group-password", 1 },
		{ "credentials.plaintext-password", 1 },
		{ "credentials.weak-password-hash", 4 },
		{ "credentials.malformed-entry", 1 },
		{ "credentials.unchecked-password-hash", 1 },
		{ "credentials.malformed-password-hash", 0 },
	};
	static const struct {
		const char *key, *who, *scheme;
		long line;
	} defaults[] = {
		{ "account", "root", "sha512crypt", 107 },
		{ "account", "pi", "yescrypt", 36 },
		{ "account", "old", "descrypt", 75 },
		{ "group", "wheel", "md5crypt", 106 },
		{ "user", "admin", "apr1", 110 },
		{ "user", "sensor", "mosquitto-pbkdf2-sha512", 105 },
		{ "user", "tomcat", "plaintext", 77 },
	};
	json_t *arr, *f, *ev, *m, *loc, *sev;
	size_t i;

	CU_ASSERT_FATAL(make_rootfs("rootfs.tar.gz"));
	CU_ASSERT_FATAL(scan("b") == 1);
	arr = assay_test_findings(assay_test_path("b"));
	CU_ASSERT_FATAL(arr != NULL);
	for (i = 0; i < NROWS(counts); i++)
		ASSAY_CHECKF(assay_test_count_rule(arr, counts[i].rule, NULL) ==
		    counts[i].count, "%s: %zu", counts[i].rule,
		    assay_test_count_rule(arr, counts[i].rule, NULL));
	for (i = 0; i < NROWS(defaults); i++) {
		f = find(arr, "credentials.default-password", defaults[i].key,
		    defaults[i].who);
		ASSAY_CHECKF(f != NULL, "no default-password for %s",
		    defaults[i].who);
		if (f == NULL)
			continue;
		ev = json_object_get(f, "evidence");
		m = json_object_get(ev, "match");
		ASSAY_CHECKF(strcmp(json_string_value(json_object_get(ev,
		    "hash_scheme")), defaults[i].scheme) == 0, "%s scheme",
		    defaults[i].who);
		ASSAY_CHECKF(json_integer_value(json_object_get(m,
		    "list_line")) == defaults[i].line, "%s line %lld",
		    defaults[i].who, (long long)json_integer_value(
		    json_object_get(m, "list_line")));
		ASSAY_CHECKF(json_is_string(json_object_get(m, "commitment")) &&
		    strlen(json_string_value(json_object_get(m,
		    "commitment"))) == 64, "%s commitment", defaults[i].who);
	}
	/* Negative controls: nothing about locked accounts or the strong one. */
	CU_ASSERT(find(arr, "credentials.default-password", "account",
	    "locked") == NULL);
	json_array_foreach(arr, i, f) {
		ev = json_object_get(f, "evidence");
		sev = json_object_get(f, "severity");
		if (ev == NULL || !json_is_string(json_object_get(ev,
		    "account")))
			continue;
		m = json_object_get(ev, "account");
		ASSAY_CHECKF(strcmp(json_string_value(m), "locked") != 0 &&
		    strcmp(json_string_value(m), "daemon") != 0 &&
		    strcmp(json_string_value(m), "nobody") != 0,
		    "finding about %s", json_string_value(m));
		if (strcmp(json_string_value(m), "strong") == 0)
			CU_ASSERT(strcmp(json_string_value(sev), "low") == 0);
	}
	/* uid 0 names the account; the empty one is guest in shadow. */
	f = find(arr, "credentials.uid0-account", "account", "toor");
	CU_ASSERT(f != NULL && strcmp(json_string_value(json_object_get(
	    json_object_get(f, "evidence"), "password")), "locked") == 0);
	f = find(arr, "credentials.empty-password", "account", "guest");
	CU_ASSERT_FATAL(f != NULL);
	loc = json_object_get(f, "location");
	CU_ASSERT(strstr(json_string_value(json_object_get(loc, "path")),
	    "rootfs/etc/shadow") != NULL);
	CU_ASSERT(json_integer_value(json_object_get(loc, "line")) == 8);
	json_decref(arr);
	/* No file of the bundle holds a password. */
	for (i = 0; i < NROWS(passwords); i++)
		ASSAY_CHECKF(!bundle_contains(assay_test_path("b"),
		    passwords[i]), "%s is in the bundle", passwords[i]);
}

/* What the documentation tells a tester to compute, done here. */
static void
test_commitment_confirms(void)
{
	static const char tag[] = "assay-credentials";
	unsigned char salt[32], c[32];
	char hex[65], salthex[33];
	json_t *arr, *f, *ev, *m;
	const char *path;
	EVP_MD_CTX *ctx;
	size_t i;

	CU_ASSERT_FATAL(make_rootfs("rootfs.tar.gz"));
	CU_ASSERT_FATAL(scan("b") == 1);
	arr = assay_test_findings(assay_test_path("b"));
	CU_ASSERT_FATAL(arr != NULL);
	f = find(arr, "credentials.default-password", "account", "root");
	CU_ASSERT_FATAL(f != NULL);
	ev = json_object_get(f, "evidence");
	m = json_object_get(ev, "match");
	path = json_string_value(json_object_get(json_object_get(f,
	    "location"), "path"));
	CU_ASSERT_FATAL(path != NULL && (ctx = EVP_MD_CTX_new()) != NULL);
	CU_ASSERT_FATAL(EVP_DigestInit_ex(ctx, EVP_sha256(), NULL) &&
	    EVP_DigestUpdate(ctx, tag, sizeof(tag)) &&
	    EVP_DigestUpdate(ctx, path, strlen(path) + 1) &&
	    EVP_DigestUpdate(ctx, "root", 4) &&
	    EVP_DigestFinal_ex(ctx, salt, NULL));
	CU_ASSERT_FATAL(EVP_DigestInit_ex(ctx, EVP_sha256(), NULL) &&
	    EVP_DigestUpdate(ctx, salt, 16) &&
	    EVP_DigestUpdate(ctx, "7ujMko0admin", 12) &&
	    EVP_DigestFinal_ex(ctx, c, NULL));
	EVP_MD_CTX_free(ctx);
	for (i = 0; i < 32; i++)
		snprintf(hex + 2 * i, 3, "%02x", c[i]);
	for (i = 0; i < 16; i++)
		snprintf(salthex + 2 * i, 3, "%02x", salt[i]);
	CU_ASSERT_STRING_EQUAL(json_string_value(json_object_get(m,
	    "commitment")), hex);
	CU_ASSERT_STRING_EQUAL(json_string_value(json_object_get(m, "salt")),
	    salthex);
	json_decref(arr);
}

static void
test_findings_reproducible(void)
{
	char *a, *b;
	size_t na, nb;

	CU_ASSERT_FATAL(make_rootfs("rootfs.tar.gz"));
	CU_ASSERT_FATAL(scan("b1") == 1);
	CU_ASSERT_FATAL(scan("b2") == 1);
	a = assay_test_read_file(assay_test_path("b1/findings.json"), &na);
	b = assay_test_read_file(assay_test_path("b2/findings.json"), &nb);
	CU_ASSERT_FATAL(a != NULL && b != NULL);
	CU_ASSERT(na == nb && memcmp(a, b, na) == 0);
	free(a);
	free(b);
}

/* A shadow file given on its own is read too, and junk in it is bounded. */
static void
test_bare_shadow_artefact(void)
{
	const char *argv[] = { "scan", "--quiet", "--out", "b", "shadow",
	    NULL };
	struct assay_test_run_result r;
	char *text;
	size_t n = 200000, i;
	json_t *arr;

	text = malloc(n + 64);
	CU_ASSERT_FATAL(text != NULL);
	i = (size_t)snprintf(text, 64, "guest::19000::::::\nroot:*:1::::::\n");
	memset(text + i, 'j', n - i);	/* one enormous line */
	text[n - 1] = '\n';
	CU_ASSERT_FATAL(assay_test_write_file(assay_test_path("shadow"), text,
	    n) == 0);
	free(text);
	memset(&r, 0, sizeof(r));
	CU_ASSERT_FATAL(assay_test_assay(&r, argv) == 0);
	CU_ASSERT(r.status == 1);
	assay_test_result_release(&r);
	arr = assay_test_findings(assay_test_path("b"));
	CU_ASSERT_FATAL(arr != NULL);
	CU_ASSERT(assay_test_count_rule(arr, "credentials.empty-password",
	    NULL) == 1);
	CU_ASSERT(assay_test_count_rule(arr, "credentials.malformed-entry",
	    NULL) == 1);
	CU_ASSERT(assay_test_count_rule(arr, "credentials.default-password",
	    NULL) == 0);
	json_decref(arr);
}

static CU_TestInfo tests[] = {
	{ "findings on a root filesystem", test_accounts_findings },
	{ "the commitment confirms the entry", test_commitment_confirms },
	{ "findings are reproducible", test_findings_reproducible },
	{ "a bare shadow artefact", test_bare_shadow_artefact },
	CU_TEST_INFO_NULL,
};

static CU_SuiteInfo suites[] = {
	{ "credentials accounts", NULL, NULL, assay_test_setup,
	    assay_test_teardown, tests },
	CU_SUITE_INFO_NULL,
};

int
main(void)
{
	return assay_test_run(suites);
}
