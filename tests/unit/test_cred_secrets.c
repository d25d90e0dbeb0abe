/*
 * The secret scanner (probes/credentials/textscan.c, tokens.c) and the
 * path classes (credfile.c): token formats with valid and broken
 * checksums (the CRC-32 computed here with zlib, the base62 encoding
 * written here), JWT headers, cloud key pairs, a table of assignments and
 * their placeholders, credentials in URLs, binaries, enormous lines and
 * junk.  Tokens are assembled at run time so that no secret-shaped string
 * sits in the source.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <CUnit/CUnit.h>
#include <openssl/evp.h>
#include <zlib.h>

#include "credentials/credfile.h"
#include "credentials/textscan.h"
#include "credentials/tokens.h"
#include "testutil.h"

#define NROWS(a)	(sizeof(a) / sizeof((a)[0]))
#define MAX_HITS	32

struct hits {
	struct cred_hit h[MAX_HITS];
	char secret[MAX_HITS][512];
	size_t n;
};

static int
collect(void *arg, const struct cred_hit *h)
{
	struct hits *hs = arg;
	size_t n = h->len < 511 ? h->len : 511;

	if (hs->n < MAX_HITS) {
		hs->h[hs->n] = *h;
		memcpy(hs->secret[hs->n], h->secret, n);
		hs->secret[hs->n][n] = '\0';
		hs->n++;
	}
	return 0;
}

static struct cred_textscan *ts;

static int
suite_init(void)
{
	return cred_textscan_new(&ts) == ASSAY_OK ? 0 : 1;
}

static int
suite_clean(void)
{
	cred_textscan_free(ts);
	return 0;
}

static void
scan(const char *text, size_t n, enum cred_text_mode mode, struct hits *hs)
{
	memset(hs, 0, sizeof(*hs));
	CU_ASSERT(cred_textscan_run(ts, (const unsigned char *)text, n, mode,
	    4096, 100, collect, hs) == ASSAY_OK);
}

/* Base62 of v in 6 characters, as GitHub and npm append it. */
static void
base62_6(unsigned long v, char out[7])
{
	static const char digits[] =
	    "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
	int i;

	for (i = 5; i >= 0; i--) {
		out[i] = digits[v % 62];
		v /= 62;
	}
	out[6] = '\0';
}

/* prefix + 30 pseudo-random base62 + checksum (broken when asked). */
static void
make_token(const char *prefix, unsigned seed, bool broken, char *out,
    size_t cap)
{
	static const char al[] =
	    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
	char body[31], sum[7];
	unsigned x = seed;
	unsigned long crc;
	int i;

	for (i = 0; i < 30; i++) {
		x = x * 1103515245u + 12345u;
		body[i] = al[(x >> 16) % 62];
	}
	body[30] = '\0';
	crc = crc32(0L, (const Bytef *)body, 30);
	base62_6(crc, sum);
	if (broken)
		sum[5] = sum[5] == 'a' ? 'b' : 'a';
	(void)snprintf(out, cap, "%s%s%s", prefix, body, sum);
}

static void
b64url(const char *s, char *out, size_t cap)
{
	unsigned char tmp[512];
	int n = EVP_EncodeBlock(tmp, (const unsigned char *)s, (int)strlen(s));
	int i, o = 0;

	for (i = 0; i < n && (size_t)o + 1 < cap; i++) {
		if (tmp[i] == '=')
			break;
		out[o++] = tmp[i] == '+' ? '-' : tmp[i] == '/' ? '_' :
		    (char)tmp[i];
	}
	out[o] = '\0';
}

/* ---- checksums ---------------------------------------------------------- */

static void
test_crc32_base62(void)
{
	char out[7], tok[64], broken[64];

	/* A published vector from an independent implementation's tests. */
	cred_crc32_base62("fIkRGaBu5PeKsznMzXQOg3kETH1Sgx", 30, out);
	CU_ASSERT_STRING_EQUAL(out, "2oIfSC");
	make_token("ghp_", 7, false, tok, sizeof(tok));
	make_token("ghp_", 7, true, broken, sizeof(broken));
	CU_ASSERT(cred_token_checksum_ok(tok, strlen(tok), 4));
	CU_ASSERT(!cred_token_checksum_ok(broken, strlen(broken), 4));
	CU_ASSERT(!cred_token_checksum_ok(tok, strlen(tok) - 1, 4));
	tok[10] = '-';
	CU_ASSERT(!cred_token_checksum_ok(tok, strlen(tok), 4));
}

static void
test_tokens(void)
{
	static const char *const gh[] = { "ghp_", "gho_", "ghu_", "ghs_",
	    "ghr_", "npm_" };
	struct hits hs;
	char tok[64], text[256];
	size_t i;

	for (i = 0; i < NROWS(gh); i++) {
		make_token(gh[i], (unsigned)i + 1, false, tok, sizeof(tok));
		(void)snprintf(text, sizeof(text), "x\nuse %s here\n", tok);
		scan(text, strlen(text), CRED_TEXT_CONFIG, &hs);
		ASSAY_CHECKF(hs.n == 1 && hs.h[0].kind == CRED_HIT_TOKEN &&
		    hs.h[0].line == 2 && strcmp(hs.secret[0], tok) == 0,
		    "%s valid: %zu hits", gh[i], hs.n);
		make_token(gh[i], (unsigned)i + 1, true, tok, sizeof(tok));
		(void)snprintf(text, sizeof(text), "use %s here\n", tok);
		scan(text, strlen(text), CRED_TEXT_CONFIG, &hs);
		ASSAY_CHECKF(hs.n == 0, "%s broken checksum: %zu hits", gh[i],
		    hs.n);
		/* Inside a longer word it is not a token. */
		make_token(gh[i], (unsigned)i + 1, false, tok, sizeof(tok));
		(void)snprintf(text, sizeof(text), "x%sy\n", tok);
		scan(text, strlen(text), CRED_TEXT_CONFIG, &hs);
		ASSAY_CHECKF(hs.n == 0, "%s inside a word", gh[i]);
	}
}

static void
test_structured_tokens(void)
{
	static const struct {
		const char *a, *b;	/* joined: no token in the source */
		const char *format;
	} rows[] = {
		{ "glpat-", "Abcdefghij0123456789", "gitlab-token" },
		{ "xoxb-", "123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx",
		  "slack-token" },
		{ "https://hooks.slack.com/services/", "T0ABCDEFG/B0ABCDEFG/"
		  "abcdefghijABCDEFGHIJ1234", "slack-webhook" },
		{ "sk_live_", "4eC39HqLyjWDarjtT1zdp7dcXYZ", "stripe-live-key" },
		{ "AIza", "SyA-abcdefghijklmnopqrstuvwxyz01234", "google-api-key" },
		{ "github_pat_", "11ABCDEFG0123456789abc_abcdefghijklmnopqrstuvw"
		  "xyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456",
		  "github-fine-grained-token" },
	};
	struct hits hs;
	char text[512];
	size_t i;

	for (i = 0; i < NROWS(rows); i++) {
		(void)snprintf(text, sizeof(text), "k = \"%s%s\"\n", rows[i].a,
		    rows[i].b);
		scan(text, strlen(text), CRED_TEXT_SOURCE, &hs);
		ASSAY_CHECKF(hs.n == 1 && strcmp(hs.h[0].format,
		    rows[i].format) == 0, "%s: %zu hits", rows[i].format, hs.n);
		/* Binaries get the token formats too. */
		text[0] = '\0';
		(void)snprintf(text + 1, sizeof(text) - 1, "%s%s", rows[i].a,
		    rows[i].b);
		scan(text, 1 + strlen(text + 1) + 1, CRED_TEXT_BINARY, &hs);
		ASSAY_CHECKF(hs.n == 1, "%s in a binary", rows[i].format);
	}
}

static void
test_jwt(void)
{
	char h[128], p[128], text[512];
	struct hits hs;

	b64url("{\"alg\":\"HS256\",\"typ\":\"JWT\"}", h, sizeof(h));
	b64url("{\"sub\":\"1234567890\",\"admin\":true}", p, sizeof(p));
	(void)snprintf(text, sizeof(text), "Authorization: Bearer %s.%s.%s\n",
	    h, p, "c2lnbmF0dXJlLWJ5dGVzLWhlcmU");
	scan(text, strlen(text), CRED_TEXT_CONFIG, &hs);
	CU_ASSERT(hs.n == 1 && hs.h[0].kind == CRED_HIT_JWT);
	/* A header without "alg" is no JWT. */
	b64url("{\"typ\":\"JWT\",\"x\":\"yyyyyy\"}", h, sizeof(h));
	(void)snprintf(text, sizeof(text), "t=%s.%s.sig\n", h, p);
	scan(text, strlen(text), CRED_TEXT_CONFIG, &hs);
	CU_ASSERT(hs.n == 0);
	scan("eyJhbGciOiJIUzI1NiJ9.eyJnarbage!!!.x\n", 37, CRED_TEXT_CONFIG,
	    &hs);
	CU_ASSERT(hs.n == 0);
}

static void
test_cloud_keys(void)
{
	/* The documented AWS examples, split so no scanner sees them whole. */
	char id[32], secret[64], text[512];
	struct hits hs;

	(void)snprintf(id, sizeof(id), "%s%s", "AKIA", "IOSFODNN7EXAMPLE");
	(void)snprintf(secret, sizeof(secret), "%s%s", "wJalrXUtnFEMI/K7MDENG/",
	    "bPxRfiCYEXAMPLEKEY");
	(void)snprintf(text, sizeof(text), "[default]\naws_access_key_id = %s\n"
	    "aws_secret_access_key = %s\n", id, secret);
	scan(text, strlen(text), CRED_TEXT_CONFIG, &hs);
	CU_ASSERT(hs.n == 2);
	CU_ASSERT(hs.n >= 1 && hs.h[0].kind == CRED_HIT_CLOUD_PAIR &&
	    hs.h[0].line == 2);
	/* The secret's own assignment line is reported as well. */
	CU_ASSERT(hs.n == 2 && hs.h[1].kind == CRED_HIT_ASSIGNMENT &&
	    hs.h[1].line == 3);
	(void)snprintf(text, sizeof(text), "key id %s, no secret\n", id);
	scan(text, strlen(text), CRED_TEXT_CONFIG, &hs);
	CU_ASSERT(hs.n == 1 && hs.h[0].kind == CRED_HIT_CLOUD_ID);
	/* A SHA-1 in hex next to it is not a secret key. */
	(void)snprintf(text, sizeof(text), "%s %s\n", id,
	    "da39a3ee5e6b4b0d3255bfef95601890afd80709");
	scan(text, strlen(text), CRED_TEXT_CONFIG, &hs);
	CU_ASSERT(hs.n == 1 && hs.h[0].kind == CRED_HIT_CLOUD_ID);
}

/* ---- assignments -------------------------------------------------------- */

static void
test_assignments(void)
{
	static const struct {
		const char *text;
		enum cred_text_mode mode;
		const char *want;	/* the value found, or NULL */
	} rows[] = {
		{ "db_password = S3cr3tP4ss!", CRED_TEXT_CONFIG, "S3cr3tP4ss!" },
		{ "export DB_PASSWORD=Tr0ub4dor", CRED_TEXT_CONFIG, "Tr0ub4dor" },
		{ "\"password\": \"hunter2!x\",", CRED_TEXT_CONFIG, "hunter2!x" },
		{ "  password: 'yaml-val'", CRED_TEXT_CONFIG, "yaml-val" },
		{ "<password>s3cr3tvalue</password>", CRED_TEXT_CONFIG,
		  "s3cr3tvalue" },
		{ "<user name=\"a\" password=\"t0mcat!\"/>", CRED_TEXT_CONFIG,
		  "t0mcat!" },
		{ "api_key = 'abcd1234efgh'", CRED_TEXT_SOURCE, "abcd1234efgh" },
		{ "$config['db_pass' . 'word'] = 'x';", CRED_TEXT_SOURCE, NULL },
		{ "'password' => 'Adm1nPass',", CRED_TEXT_SOURCE, "Adm1nPass" },
		{ "const clientSecret = \"q8Zr4PvN\";", CRED_TEXT_SOURCE,
		  "q8Zr4PvN" },
		{ "password := \"g0lang-pw\"", CRED_TEXT_SOURCE, "g0lang-pw" },
		{ "password = changeme", CRED_TEXT_CONFIG, "changeme" },
		/* placeholders, templating, lookups and prose */
		{ "password: \"${DB_PASS}\"", CRED_TEXT_CONFIG, NULL },
		{ "password = {{ vault_pw }}", CRED_TEXT_CONFIG, NULL },
		{ "password=<password>", CRED_TEXT_CONFIG, NULL },
		{ "password = %(pw)s", CRED_TEXT_CONFIG, NULL },
		{ "password = $PASSWORD", CRED_TEXT_CONFIG, NULL },
		{ "password = ", CRED_TEXT_CONFIG, NULL },
		{ "password = \"\"", CRED_TEXT_CONFIG, NULL },
		{ "password = xxxxxxxx", CRED_TEXT_CONFIG, NULL },
		{ "password = ********", CRED_TEXT_CONFIG, NULL },
		{ "password = your_password_here", CRED_TEXT_CONFIG, NULL },
		{ "password = os.environ['X']", CRED_TEXT_SOURCE, NULL },
		{ "password = getenv(\"X\")", CRED_TEXT_SOURCE, NULL },
		{ "password = get_password()", CRED_TEXT_SOURCE, NULL },
		{ "token: process.env.TOKEN", CRED_TEXT_SOURCE, NULL },
		{ "The password: please choose a strong one", CRED_TEXT_CONFIG,
		  NULL },
		{ "password_file = /etc/app/secret", CRED_TEXT_CONFIG, NULL },
		{ "password_min_length = 12", CRED_TEXT_CONFIG, NULL },
		{ "tokenizer = 'abcdxyz1'", CRED_TEXT_SOURCE, NULL },
		{ "if (password == \"abcdef\")", CRED_TEXT_SOURCE, NULL },
		{ "PasswordAuthentication yes", CRED_TEXT_CONFIG, NULL },
		{ "PWD=$(pwd)", CRED_TEXT_CONFIG, NULL },
		{ "my $password = shift;", CRED_TEXT_CONFIG, NULL },
		{ "password: null", CRED_TEXT_CONFIG, NULL },
		{ "secret: true", CRED_TEXT_CONFIG, NULL },
		{ "password = ENC(abcdefgh)", CRED_TEXT_CONFIG, NULL },
		{ "password = hunter22x", CRED_TEXT_BINARY, NULL },
		/* after ':' a bare value counts only in YAML */
		{ "password: hunter22x", CRED_TEXT_YAML, "hunter22x" },
		{ "Password: hunter22x", CRED_TEXT_CONFIG, NULL },
		{ "passwd:         files", CRED_TEXT_YAML, NULL },
		{ "\t* src/chpasswd.c: Fix the salt", CRED_TEXT_CONFIG, NULL },
		{ "d_pwpasswd='define'", CRED_TEXT_CONFIG, NULL },
		{ "# password = hunter22x", CRED_TEXT_CONFIG, NULL },
		{ "my $pwd = `cmd /c cd`;", CRED_TEXT_SOURCE, NULL },
	};
	struct hits hs;
	size_t i;

	for (i = 0; i < NROWS(rows); i++) {
		scan(rows[i].text, strlen(rows[i].text), rows[i].mode, &hs);
		if (rows[i].want == NULL)
			ASSAY_CHECKF(hs.n == 0, "%s: %zu hits (%s)", rows[i].text,
			    hs.n, hs.n > 0 ? hs.secret[0] : "");
		else
			ASSAY_CHECKF(hs.n == 1 &&
			    hs.h[0].kind == CRED_HIT_ASSIGNMENT &&
			    strcmp(hs.secret[0], rows[i].want) == 0 &&
			    hs.h[0].key[0] != '\0', "%s: %zu hits (%s)",
			    rows[i].text, hs.n, hs.n > 0 ? hs.secret[0] : "");
	}
}

static void
test_urls(void)
{
	static const struct {
		const char *text, *want;
	} rows[] = {
		{ "url=postgres://app:Hunter22x@db/x", "Hunter22x" },
		{ "amqp://guest:guestpass1@localhost:5672/", "guestpass1" },
		{ "https://user:${PASS}@host/", NULL },
		{ "http://user:password@example.com", NULL },
		{ "see http://host:8080/path@x", NULL },
	};
	struct hits hs;
	size_t i;

	for (i = 0; i < NROWS(rows); i++) {
		scan(rows[i].text, strlen(rows[i].text), CRED_TEXT_CONFIG, &hs);
		if (rows[i].want == NULL)
			ASSAY_CHECKF(hs.n == 0, "%s: %zu hits", rows[i].text,
			    hs.n);
		else
			ASSAY_CHECKF(hs.n == 1 && hs.h[0].kind == CRED_HIT_URL &&
			    strcmp(hs.secret[0], rows[i].want) == 0,
			    "%s: %zu hits", rows[i].text, hs.n);
	}
}

/* ---- bounds ------------------------------------------------------------- */

static void
test_enormous_line(void)
{
	size_t n = 4u << 20, i;
	char *text = malloc(n + 1), tok[64];
	struct hits hs;

	CU_ASSERT_FATAL(text != NULL);
	memset(text, 'a', n);
	/* An assignment at the end of a 4 MiB line is not looked at ... */
	memcpy(text + n - 20, " password=abc12345", 18);
	make_token("ghp_", 99, false, tok, sizeof(tok));
	/* ... but a token in its middle is found. */
	text[n / 2 - 1] = ' ';
	memcpy(text + n / 2, tok, strlen(tok));
	text[n / 2 + strlen(tok)] = ' ';
	text[n] = '\0';
	scan(text, n, CRED_TEXT_CONFIG, &hs);
	CU_ASSERT(hs.n == 1 && hs.h[0].kind == CRED_HIT_TOKEN &&
	    hs.h[0].line == 1);
	/* A file of nothing but keywords stays bounded and finds nothing. */
	for (i = 0; i + 6 <= n; i += 6)
		memcpy(text + i, "token ", 6);
	scan(text, n, CRED_TEXT_CONFIG, &hs);
	CU_ASSERT(hs.n == 0);
	free(text);
}

static void
test_junk(void)
{
	size_t n = 1u << 20, i;
	unsigned char *junk = malloc(n);
	unsigned x = 42;
	struct hits hs;

	CU_ASSERT_FATAL(junk != NULL);
	for (i = 0; i < n; i++) {
		x = x * 1103515245u + 12345u;
		junk[i] = (unsigned char)(x >> 16);
	}
	CU_ASSERT(cred_text_mode_of("bin/x", junk, n) == CRED_TEXT_BINARY);
	scan((const char *)junk, n, CRED_TEXT_BINARY, &hs);
	CU_ASSERT(hs.n == 0);
	scan((const char *)junk, n, CRED_TEXT_CONFIG, &hs);
	for (i = 0; i < hs.n; i++)
		CU_ASSERT(hs.h[i].kind != CRED_HIT_ASSIGNMENT);
	free(junk);
}

static void
test_modes_and_paths(void)
{
	static const struct {
		const char *name, *text;
		enum cred_text_mode want;
	} modes[] = {
		{ "etc/app.conf", "a=b\n", CRED_TEXT_CONFIG },
		{ "srv/app.py", "a=b\n", CRED_TEXT_SOURCE },
		{ "web/x.ts", "a=b\n", CRED_TEXT_SOURCE },
		{ "usr/bin/tool", "\177ELF\002\001", CRED_TEXT_BINARY },
		{ "usr/bin/run", "#!/bin/sh\nX=1\n", CRED_TEXT_CONFIG },
		{ "usr/bin/run", "#!/usr/bin/perl\n", CRED_TEXT_SOURCE },
		{ "etc/app/config.yaml", "a: b\n", CRED_TEXT_YAML },
	};
	static const struct {
		const char *path;
		bool sample;
	} paths[] = {
		{ "usr/share/doc/app/README", true },
		{ "opt/app/docs/setup.txt", true },
		{ "usr/lib/python3/dist-packages/x/tests/keys.pem", true },
		{ "usr/share/man/man5/app.conf.5", true },
		{ "opt/app/examples/app.ini", true },
		{ "CHANGES.md", true },
		{ "README", true },
		{ "etc/app/app.conf", false },
		{ "opt/latest/app.conf", false },
		{ "opt/doctor/x", false },
		{ "fw.tar!/usr/share/doc/login/changelog.gz!/changelog", true },
	};
	size_t i;

	for (i = 0; i < NROWS(modes); i++)
		ASSAY_CHECKF(cred_text_mode_of(modes[i].name,
		    (const unsigned char *)modes[i].text, strlen(modes[i].text))
		    == modes[i].want, "%s", modes[i].name);
	for (i = 0; i < NROWS(paths); i++)
		ASSAY_CHECKF((cred_sample_path(paths[i].path) != NULL) ==
		    paths[i].sample, "%s", paths[i].path);
}

static CU_TestInfo secret_tests[] = {
	{ "CRC-32 in base62", test_crc32_base62 },
	{ "GitHub and npm tokens with their checksums", test_tokens },
	{ "structured tokens in text and binaries", test_structured_tokens },
	{ "JSON Web Tokens", test_jwt },
	{ "cloud access keys and their secrets", test_cloud_keys },
	{ "assignments, placeholders and templating", test_assignments },
	{ "credentials in URLs", test_urls },
	{ "an enormous line", test_enormous_line },
	{ "binary junk", test_junk },
	{ "text modes and documentation paths", test_modes_and_paths },
	CU_TEST_INFO_NULL,
};

static CU_SuiteInfo suites[] = {
	{ "credential secrets", suite_init, suite_clean, NULL, NULL,
	    secret_tests },
	CU_SUITE_INFO_NULL,
};

int
main(void)
{
	return assay_test_run(suites);
}
