/*
 * The accounts part of the credentials probe (probes/credentials/acct.h):
 * hashes of every scheme libxcrypt knows, made here with crypt_gensalt_rn()
 * and crypt_rn(), are recognised, priced and cracked from a list; the
 * first match in list order wins whatever thread finds it; budgets hold;
 * hostile cost parameters are refused before anything is computed; passwd,
 * shadow and gshadow lines (locked, empty, junk, enormous) are classified;
 * htpasswd, htdigest, mosquitto and Tomcat credentials made with OpenSSL
 * and openssl-passwd(1) verify; and John the Ripper, given the same list,
 * cracks exactly the accounts assay reports.
 */
#include <sys/stat.h>
#include <sys/wait.h>

#include <crypt.h>
#include <errno.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <CUnit/CUnit.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include "credentials/acct.h"
#include "testutil.h"

#define NROWS(a)	(sizeof(a) / sizeof((a)[0]))

/* ---- helpers ------------------------------------------------------------ */

/* A hash of pw made with libxcrypt for prefix (count 0: its default). */
static char *
make_hash(const char *prefix, unsigned long count, const char *pw)
{
	char salt[CRYPT_GENSALT_OUTPUT_SIZE];
	struct crypt_data *cd;
	char *out = NULL;
	const char *h;

	if ((cd = calloc(1, sizeof(*cd))) == NULL)
		return NULL;
	if (crypt_gensalt_rn(prefix, count, NULL, 0, salt, sizeof(salt)) !=
	    NULL && (h = crypt_rn(pw, salt, cd, sizeof(*cd))) != NULL &&
	    h[0] != '*')
		out = strdup(h);
	free(cd);
	return out;
}

/* make_hash's hash, parsed into h; both must work.  The caller frees it. */
static char *
make_parsed_hash(const char *prefix, unsigned long count, const char *pw,
    struct cred_hash *h)
{
	const char *why;
	char *hash = make_hash(prefix, count, pw);

	CU_ASSERT_FATAL(hash != NULL);
	CU_ASSERT_FATAL(cred_hash_parse_crypt(hash, strlen(hash), h, &why));
	return hash;
}

/* A list built from words (a NULL-terminated array). */
static void
make_list(struct cred_list *l, const char *const *words)
{
	char *bytes;
	size_t n = 0, i, k;

	for (i = 0; words[i] != NULL; i++)
		n += strlen(words[i]) + 1;
	bytes = malloc(n + 1);
	CU_ASSERT_FATAL(bytes != NULL);
	for (i = 0, k = 0; words[i] != NULL; i++) {
		memcpy(bytes + k, words[i], strlen(words[i]));
		k += strlen(words[i]);
		bytes[k++] = '\n';
	}
	bytes[k] = '\0';
	CU_ASSERT_FATAL(cred_list_parse(l, "test-list", bytes, n));
}

static struct cred_budget
budget(void)
{
	struct cred_budget b = { 100000, 60e6, 600e6, 2 };

	return b;
}

/* A random password nobody would guess. */
static void
strong_password(char *out, size_t n)
{
	unsigned char r[24];
	size_t i;

	CU_ASSERT_FATAL(RAND_bytes(r, sizeof(r)) == 1);
	for (i = 0; i + 1 < n && i < sizeof(r); i++)
		out[i] = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"
		    [r[i] % 57];
	out[i] = '\0';
}

/* Runs a shell command line and returns its first line of output. */
static char *
run_line(const char *cmd)
{
	char buf[1024];
	FILE *p;
	char *nl;

	if ((p = popen(cmd, "r")) == NULL)
		return NULL;
	if (fgets(buf, sizeof(buf), p) == NULL) {
		pclose(p);
		return NULL;
	}
	if (pclose(p) != 0)
		return NULL;
	if ((nl = strchr(buf, '\n')) != NULL)
		*nl = '\0';
	return strdup(buf);
}

static char *
b64(const unsigned char *p, size_t n)
{
	char *out = malloc(4 * ((n + 2) / 3) + 1);

	CU_ASSERT_FATAL(out != NULL);
	EVP_EncodeBlock((unsigned char *)out, p, (int)n);
	return out;
}

static void
hexstr(const unsigned char *p, size_t n, char *out)
{
	size_t i;

	for (i = 0; i < n; i++)
		snprintf(out + 2 * i, 3, "%02x", p[i]);
}

/* ---- schemes ------------------------------------------------------------ */

static const struct {
	const char *prefix;
	unsigned long count;
	enum cred_scheme scheme;
	bool weak;
} schemes[] = {
	{ "$y$", 0, CRED_SCHEME_YESCRYPT, false },
	{ "$gy$", 0, CRED_SCHEME_GOST_YESCRYPT, false },
	{ "$7$", 0, CRED_SCHEME_SCRYPT, false },
	{ "$2b$", 5, CRED_SCHEME_BCRYPT, false },
	{ "$2a$", 5, CRED_SCHEME_BCRYPT, false },
	{ "$2y$", 5, CRED_SCHEME_BCRYPT, false },
	{ "$6$", 0, CRED_SCHEME_SHA512CRYPT, false },
	{ "$5$", 0, CRED_SCHEME_SHA256CRYPT, false },
	{ "$sha1$", 0, CRED_SCHEME_SHA1CRYPT, true },
	{ "$md5", 0, CRED_SCHEME_SUNMD5, true },
	{ "$1$", 0, CRED_SCHEME_MD5CRYPT, true },
	{ "_", 0, CRED_SCHEME_BSDICRYPT, true },
	{ "ab", 0, CRED_SCHEME_DESCRYPT, true },
	{ "$3$", 0, CRED_SCHEME_NT, true },
};

static void
test_every_scheme_cracks(void)
{
	static const char *const words[] = { "nope", "letmein", "changeme",
	    "changeme", "other", NULL };
	struct cred_guess_result g;
	struct cred_budget b = budget();
	struct cred_list l;
	struct cred_hash h;
	const char *why;
	char *hash;
	size_t i;

	make_list(&l, words);
	for (i = 0; i < NROWS(schemes); i++) {
		hash = make_hash(schemes[i].prefix, schemes[i].count,
		    "changeme");
		ASSAY_CHECKF(hash != NULL, "%s: libxcrypt made no hash",
		    schemes[i].prefix);
		if (hash == NULL)
			continue;
		ASSAY_CHECKF(cred_hash_parse_crypt(hash, strlen(hash), &h,
		    &why), "%s: %s", hash, why);
		ASSAY_CHECKF(h.scheme == schemes[i].scheme, "%s: scheme %s",
		    hash, cred_scheme_name(h.scheme));
		ASSAY_CHECKF((h.weak != NULL) == schemes[i].weak, "%s weak",
		    hash);
		cred_guess(&h, NULL, &l, &b, &g);
		ASSAY_CHECKF(g.status == CRED_GUESS_MATCH && g.match == 2 &&
		    g.tried == 3 && !g.exhausted,
		    "%s: status %d match %zu tried %zu", hash, g.status,
		    g.match, g.tried);
		free(hash);
	}
	/* $2x$ is bcrypt with a bug that spares ASCII: same hash. */
	hash = make_hash("$2a$", 4, "changeme");
	CU_ASSERT_FATAL(hash != NULL);
	hash[2] = 'x';
	CU_ASSERT(cred_hash_parse_crypt(hash, strlen(hash), &h, &why));
	CU_ASSERT(h.scheme == CRED_SCHEME_BCRYPT_X && h.weak != NULL);
	cred_guess(&h, NULL, &l, &b, &g);
	CU_ASSERT(g.status == CRED_GUESS_MATCH && g.match == 2);
	free(hash);
	cred_list_release(&l);
}

static void
test_strong_password_not_found(void)
{
	static const char *const words[] = { "admin", "password", "root",
	    NULL };
	struct cred_guess_result g;
	struct cred_budget b = budget();
	struct cred_list l;
	struct cred_hash h;
	char pw[25], *hash;

	make_list(&l, words);
	strong_password(pw, sizeof(pw));
	hash = make_parsed_hash("$6$", 0, pw, &h);
	cred_guess(&h, NULL, &l, &b, &g);
	CU_ASSERT(g.status == CRED_GUESS_NONE);
	CU_ASSERT(g.tried == 3 && g.total == 3 && g.exhausted);
	free(hash);
	cred_list_release(&l);
}

/* The reported match is the first in order, over many runs and chunks. */
static void
test_first_match_wins(void)
{
	const char *words[400];
	struct cred_guess_result g;
	struct cred_budget b = budget();
	struct cred_list l;
	struct cred_hash h;
	char *hash;
	size_t i;
	int run;

	for (i = 0; i < 399; i++)
		words[i] = i % 97 == 50 ? "target" : "miss";
	words[399] = NULL;
	make_list(&l, words);
	hash = make_parsed_hash("$1$", 0, "target", &h);
	for (run = 0; run < 8; run++) {
		b = budget();
		b.workers = 4;
		cred_guess(&h, NULL, &l, &b, &g);
		ASSAY_CHECKF(g.status == CRED_GUESS_MATCH && g.match == 50 &&
		    g.tried == 51 && l.v[g.match].line == 51,
		    "run %d: match %zu", run, g.match);
	}
	free(hash);
	cred_list_release(&l);
}

static void
test_budgets(void)
{
	static const char *const words[] = { "a", "b", "c", "secret", NULL };
	struct cred_guess_result g;
	struct cred_budget b;
	struct cred_list l;
	struct cred_hash h;
	char *hash;

	make_list(&l, words);
	hash = make_parsed_hash("$5$", 0, "secret", &h);
	/* max_guesses stops short of the match, and says so. */
	b = budget();
	b.max_guesses = 2;
	cred_guess(&h, NULL, &l, &b, &g);
	CU_ASSERT(g.status == CRED_GUESS_NONE && g.tried == 2 &&
	    !g.exhausted && g.total == 4);
	/* A per-hash budget below one guess: too costly, nothing tried. */
	b = budget();
	b.hash_us = h.cost_us / 2;
	cred_guess(&h, NULL, &l, &b, &g);
	CU_ASSERT(g.status == CRED_GUESS_TOO_COSTLY && g.tried == 0);
	/* The run budget is charged and then runs out. */
	b = budget();
	b.total_us = h.cost_us * 3.5;
	cred_guess(&h, NULL, &l, &b, &g);
	CU_ASSERT(g.status == CRED_GUESS_NONE && g.tried == 3);
	CU_ASSERT(b.total_us < h.cost_us);
	cred_guess(&h, NULL, &l, &b, &g);
	CU_ASSERT(g.status == CRED_GUESS_NONE && g.tried == 0);
	free(hash);
	cred_list_release(&l);
}

/* Hostile cost parameters are priced, never computed. */
static void
test_hostile_costs(void)
{
	static const char *const words[] = { "x", NULL };
	static const char *const costly[] = {
		"$2b$31$abcdefghijklmnopqrstuuabcdefghijklmnopqrstuvwxyz01234",
		"$6$rounds=999999999$salt$"
		    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
		    "aaaaaaaaaaaaaaaaaaaaaaaaaaa",
		"$7$Z/..../....salt$aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
		"$y$jZT$salt$aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
		"$md5,rounds=4000000000$salt$$aaaaaaaaaaaaaaaaaaaaaa",
	};
	struct cred_guess_result g;
	struct cred_budget b = budget();
	struct cred_list l;
	struct cred_hash h;
	const char *why;
	size_t i;

	make_list(&l, words);
	for (i = 0; i < NROWS(costly); i++) {
		ASSAY_CHECKF(cred_hash_parse_crypt(costly[i], strlen(costly[i]),
		    &h, &why), "%s: %s", costly[i], why);
		cred_guess(&h, NULL, &l, &b, &g);
		ASSAY_CHECKF(g.status == CRED_GUESS_TOO_COSTLY && g.tried == 0,
		    "%s: status %d", costly[i], g.status);
	}
	/* bsdicrypt's largest round count: priced at seconds a guess. */
	CU_ASSERT(cred_hash_parse_crypt("_zzzzsaltaaaaaaaaaaa", 20, &h, &why) &&
	    h.cost_us > 1e6);
	cred_list_release(&l);
}

/* A hash libxcrypt cannot check is a failure, never "no match". */
static void
test_unsupported_is_reported(void)
{
	static const char *const words[] = { "password", NULL };
	static const char *const bad[] = { "$argon2id$v=19$m=65536,t=2,p=1$c2"
	    "FsdA$aGFzaA", "$sm3$abc$def" };
	struct cred_guess_result g;
	struct cred_budget b = budget();
	struct cred_list l;
	struct cred_hash h;
	const char *why;
	size_t i;

	make_list(&l, words);
	/* bigcrypt: libxcrypt reads it as descrypt and returns 13 chars. */
	CU_ASSERT_FATAL(cred_hash_parse_crypt("abJnggxhB/yWIabcdefghijk", 24,
	    &h, &why));
	CU_ASSERT(h.scheme == CRED_SCHEME_BIGCRYPT);
	cred_guess(&h, NULL, &l, &b, &g);
	CU_ASSERT(g.status == CRED_GUESS_FAILED && g.crypt_errno == ENOSYS);
	/* sha512crypt with rounds below libxcrypt's minimum: EINVAL. */
	CU_ASSERT_FATAL(cred_hash_parse_crypt("$6$rounds=999$abc$"
	    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	    "aaaaaaaaaaaaaaaaaaaa", 104, &h, &why));
	cred_guess(&h, NULL, &l, &b, &g);
	CU_ASSERT(g.status == CRED_GUESS_FAILED && g.tried == 0);
	for (i = 0; i < NROWS(bad); i++) {
		CU_ASSERT(!cred_hash_parse_crypt(bad[i], strlen(bad[i]), &h,
		    &why));
		CU_ASSERT(why == cred_why_unknown_scheme);
	}
	cred_list_release(&l);
}

static void
test_malformed_hashes(void)
{
	static const char *const rows[] = {
		"$6$salt$short", "$1$$", "$2b$99$abc", "$y$!!$salt$hash",
		"$3$$nothex", "abc", "_abc", "abJnggxhB/yW!", "$5$rounds=x$s$h",
	};
	struct cred_hash h;
	const char *why;
	size_t i;

	for (i = 0; i < NROWS(rows); i++) {
		ASSAY_CHECKF(!cred_hash_parse_crypt(rows[i], strlen(rows[i]),
		    &h, &why) && why != NULL && why != cred_why_unknown_scheme,
		    "%s", rows[i]);
		CU_ASSERT(h.scheme == CRED_SCHEME_UNKNOWN);
	}
}

/* ---- candidates --------------------------------------------------------- */

static void
test_derived_candidates(void)
{
	static const char *const bases[] = { "root", "Acme" };
	static const char *const want[] = { "root", "Root", "ROOT", "toor",
	    "rootroot", "root123", "Root123", "root!", "root2026",
	    "Root2021", "Acme", "acme", "acme123", "Acme2026" };
	struct cred_derived *d = malloc(sizeof(*d));
	size_t i, k;
	bool found;

	CU_ASSERT_FATAL(d != NULL);
	cred_derive(d, bases, 2, 2026);
	CU_ASSERT(d->n > 20 && d->n <= CRED_DERIVED_MAX);
	for (i = 0; i < NROWS(want); i++) {
		found = false;
		for (k = 0; k < d->n; k++)
			if (strcmp(d->v[k].pw, want[i]) == 0)
				found = true;
		ASSAY_CHECKF(found, "%s not derived", want[i]);
	}
	CU_ASSERT(strcmp(d->v[0].pw, "root") == 0 &&
	    strcmp(d->v[0].derivation, "account name, as is") == 0);
	for (i = 0; i < d->n; i++) {
		CU_ASSERT(d->v[i].line == 0 && d->v[i].len == strlen(d->v[i].pw));
		CU_ASSERT(strstr(d->v[i].pw, "2020") == NULL);
		for (k = i + 1; k < d->n; k++)
			ASSAY_CHECKF(strcmp(d->v[i].pw, d->v[k].pw) != 0,
			    "duplicate %s", d->v[i].pw);
	}
	free(d);
}

static void
test_list_format(void)
{
	static const char text[] = "# comment\nadmin\r\n\n\\#hash\n\\\\back\n"
	    "x\0y\nlast";
	struct cred_list l;
	char *bytes = malloc(sizeof(text));

	CU_ASSERT_FATAL(bytes != NULL);
	memcpy(bytes, text, sizeof(text));
	CU_ASSERT_FATAL(cred_list_parse(&l, "t", bytes, sizeof(text) - 1));
	CU_ASSERT_FATAL(l.n == 4);
	CU_ASSERT(strcmp(l.v[0].pw, "admin") == 0 && l.v[0].line == 2);
	CU_ASSERT(strcmp(l.v[1].pw, "#hash") == 0 && l.v[1].line == 4);
	CU_ASSERT(strcmp(l.v[2].pw, "\\back") == 0 && l.v[2].line == 5);
	CU_ASSERT(strcmp(l.v[3].pw, "last") == 0 && l.v[3].line == 7);
	cred_list_release(&l);
}

/* The shipped list parses and holds a few thousand distinct entries. */
static void
test_shipped_list(void)
{
	struct cred_list l;
	size_t n, i;
	char *bytes;

	bytes = assay_test_read_file(ASSAY_TEST_SOURCE_DIR
	    "/../probes/credentials/data/default-passwords.txt", &n);
	CU_ASSERT_FATAL(bytes != NULL);
	CU_ASSERT_FATAL(cred_list_parse(&l, "default-passwords.txt", bytes, n));
	CU_ASSERT(l.n >= 3000);
	CU_ASSERT(strcmp(l.v[0].pw, "admin") == 0);
	for (i = 0; i < l.n; i++)
		CU_ASSERT(l.v[i].len > 0 && l.v[i].len <= CRED_PASSWORD_MAX);
	cred_list_release(&l);
}

static void
test_commitment(void)
{
	static const char tag[] = "assay-credentials";
	unsigned char salt[32], c[32];
	char salt_hex[33], commit_hex[65], want_salt[65], want[65];
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();

	CU_ASSERT_FATAL(ctx != NULL);
	/* Independently: SHA-256(tag NUL path NUL account), then the rest. */
	CU_ASSERT_FATAL(EVP_DigestInit_ex(ctx, EVP_sha256(), NULL) == 1 &&
	    EVP_DigestUpdate(ctx, tag, sizeof(tag)) == 1 &&
	    EVP_DigestUpdate(ctx, "fw!/etc/shadow", 15) == 1 &&
	    EVP_DigestUpdate(ctx, "root", 4) == 1 &&
	    EVP_DigestFinal_ex(ctx, salt, NULL) == 1);
	CU_ASSERT_FATAL(EVP_DigestInit_ex(ctx, EVP_sha256(), NULL) == 1 &&
	    EVP_DigestUpdate(ctx, salt, 16) == 1 &&
	    EVP_DigestUpdate(ctx, "admin", 5) == 1 &&
	    EVP_DigestFinal_ex(ctx, c, NULL) == 1);
	EVP_MD_CTX_free(ctx);
	hexstr(salt, 16, want_salt);
	hexstr(c, 32, want);
	CU_ASSERT_FATAL(cred_commitment("fw!/etc/shadow", "root", "admin", 5,
	    salt_hex, commit_hex));
	CU_ASSERT_STRING_EQUAL(salt_hex, want_salt);
	CU_ASSERT_STRING_EQUAL(commit_hex, want);
	CU_ASSERT(strstr(commit_hex, "admin") == NULL);
}

/* ---- account database lines -------------------------------------------- */

static void
test_db_lines(void)
{
	static const struct {
		enum cred_db db;
		const char *line;
		bool ok;
		enum cred_pwfield kind;
		bool why;	/* malformed (rather than skipped) */
		uint64_t uid;
	} rows[] = {
		{ CRED_DB_PASSWD, "root:x:0:0:root:/root:/bin/sh", true,
		    CRED_PW_SEE_SHADOW, false, 0 },
		{ CRED_DB_PASSWD, "toor:x:00:0::/:/bin/sh", true,
		    CRED_PW_SEE_SHADOW, false, 0 },
		{ CRED_DB_PASSWD, "u::1000:1000::/home/u:/bin/sh", true,
		    CRED_PW_EMPTY, false, 1000 },
		{ CRED_DB_PASSWD, "u:abJnggxhB/yWI:5:5::/:/bin/sh", true,
		    CRED_PW_HASH, false, 5 },
		{ CRED_DB_PASSWD, "u:*:5:5::/:/bin/sh", true, CRED_PW_LOCKED,
		    false, 5 },
		{ CRED_DB_PASSWD, "u:x:abc:5::/:/bin/sh", false, 0, true, 0 },
		{ CRED_DB_PASSWD, "u:x:99999999999:5::/:/bin/sh", false, 0,
		    true, 0 },
		{ CRED_DB_PASSWD, "u:x", false, 0, true, 0 },
		{ CRED_DB_PASSWD, "+::::::", false, 0, false, 0 },
		{ CRED_DB_PASSWD, "# comment", false, 0, false, 0 },
		{ CRED_DB_PASSWD, "", false, 0, false, 0 },
		{ CRED_DB_SHADOW, "root::19000:0:99999:7:::", true,
		    CRED_PW_EMPTY, false, 0 },
		{ CRED_DB_SHADOW, "root:*:19000:0:99999:7:::", true,
		    CRED_PW_LOCKED, false, 0 },
		{ CRED_DB_SHADOW, "root:!:19000::::::", true, CRED_PW_LOCKED,
		    false, 0 },
		{ CRED_DB_SHADOW, "root:!!:19000::::::", true, CRED_PW_LOCKED,
		    false, 0 },
		{ CRED_DB_SHADOW, "root:!$6$abc$def:19000::::::", true,
		    CRED_PW_LOCKED, false, 0 },
		{ CRED_DB_SHADOW, "root:*LK*:::::::", true, CRED_PW_LOCKED,
		    false, 0 },
		{ CRED_DB_SHADOW, "root:x:::::::", true, CRED_PW_LOCKED,
		    false, 0 },
		{ CRED_DB_SHADOW, "root:$6$a$b", true, CRED_PW_HASH, false,
		    0 },
		{ CRED_DB_SHADOW, "root:$1$a$b:1:2:3:4:5:6:7:8:9", false, 0,
		    true, 0 },
		{ CRED_DB_SHADOW, ":$1$a$b:::::::", false, 0, true, 0 },
		{ CRED_DB_SHADOW, "ro\001ot:$1$a$b:::::::", false, 0, true, 0 },
		{ CRED_DB_SHADOW, "ro\xff\xfeot:x:::::::", false, 0, true, 0 },
		{ CRED_DB_GSHADOW, "wheel:$6$a$b::root", true, CRED_PW_HASH,
		    false, 0 },
		{ CRED_DB_GSHADOW, "wheel:!::root", true, CRED_PW_LOCKED,
		    false, 0 },
		{ CRED_DB_GSHADOW, "wheel:::root", true, CRED_PW_EMPTY, false,
		    0 },
	};
	struct cred_account a;
	const char *why;
	bool ok;
	size_t i;

	for (i = 0; i < NROWS(rows); i++) {
		ok = cred_db_parse_line(rows[i].db, rows[i].line,
		    strlen(rows[i].line), &a, &why);
		ASSAY_CHECKF(ok == rows[i].ok, "%s", rows[i].line);
		ASSAY_CHECKF((why != NULL) == rows[i].why, "%s: why %s",
		    rows[i].line, why ? why : "(none)");
		if (ok && rows[i].ok) {
			ASSAY_CHECKF(a.kind == rows[i].kind, "%s: kind %d",
			    rows[i].line, a.kind);
			if (rows[i].db == CRED_DB_PASSWD)
				ASSAY_CHECKF(a.has_uid && a.uid == rows[i].uid,
				    "%s: uid", rows[i].line);
		}
	}
	CU_ASSERT(cred_db_parse_line(CRED_DB_SHADOW, "a:b:1:2:3:4:5:19000:",
	    20, &a, &why) && a.expire_day == 19000);
}

static void
test_enormous_and_binary_lines(void)
{
	struct cred_account a;
	const char *why;
	char *big;
	size_t n = 1 << 20;

	big = malloc(n);
	CU_ASSERT_FATAL(big != NULL);
	memset(big, 'a', n);
	big[4] = ':';
	CU_ASSERT(!cred_db_parse_line(CRED_DB_SHADOW, big, n, &a, &why) ||
	    strlen(a.name) <= CRED_NAME_MAX);
	memset(big, 0, n);
	CU_ASSERT(!cred_db_parse_line(CRED_DB_SHADOW, big, n, &a, &why) &&
	    why != NULL);
	free(big);
}

static void
test_sanitise(void)
{
	char out[16];

	cred_sanitise("r\x01o\xc3\xa9t\xff", 7, out, sizeof(out));
	CU_ASSERT_STRING_EQUAL(out, "r?o\xc3\xa9t?");
	cred_sanitise("abcdefghijklmnopqrstuvwxyz", 26, out, sizeof(out));
	CU_ASSERT(strlen(out) == 15);
}

/* ---- service files ------------------------------------------------------ */

/* Parses line as kind; checks the right and a wrong password. */
static void
check_svc(enum cred_svc kind, const char *line, enum cred_scheme scheme,
    const char *pw)
{
	struct cred_svc_entry e;
	const char *why;
	void *scratch = cred_scratch_new();
	int err;

	CU_ASSERT_FATAL(scratch != NULL);
	ASSAY_CHECKF(cred_svc_parse_line(kind, line, strlen(line), &e, &why),
	    "%s: %s", line, why ? why : "");
	ASSAY_CHECKF(e.hash.scheme == scheme, "%s: scheme %s", line,
	    cred_scheme_name(e.hash.scheme));
	ASSAY_CHECKF(cred_hash_check(&e.hash, pw, strlen(pw), scratch, &err),
	    "%s: %s does not verify (%d)", line, pw, err);
	ASSAY_CHECKF(!cred_hash_check(&e.hash, "wrong", 5, scratch, &err) &&
	    err == 0, "%s: wrong password verifies", line);
	cred_scratch_free(scratch);
}

static void
test_htpasswd(void)
{
	static const struct {
		const char *cmd;
		enum cred_scheme scheme;
	} tools[] = {
		{ "openssl passwd -apr1 changeit", CRED_SCHEME_APR1 },
		{ "openssl passwd -1 changeit", CRED_SCHEME_MD5CRYPT },
		{ "openssl passwd -5 changeit", CRED_SCHEME_SHA256CRYPT },
		{ "openssl passwd -6 changeit", CRED_SCHEME_SHA512CRYPT },
		{ "openssl passwd -crypt changeit", CRED_SCHEME_DESCRYPT },
	};
	unsigned char d[EVP_MAX_MD_SIZE + 8];
	struct cred_svc_entry e;
	char line[512], *h, *enc;
	const char *why;
	size_t i;

	for (i = 0; i < NROWS(tools); i++) {
		/* openssl 3 may lack -crypt; the others must work. */
		if ((h = run_line(tools[i].cmd)) == NULL) {
			CU_ASSERT(tools[i].scheme == CRED_SCHEME_DESCRYPT);
			continue;
		}
		snprintf(line, sizeof(line), "alice:%s", h);
		check_svc(CRED_SVC_HTPASSWD, line, tools[i].scheme, "changeit");
		free(h);
	}
	h = make_hash("$2y$", 5, "changeit");
	CU_ASSERT_FATAL(h != NULL);
	snprintf(line, sizeof(line), "bob:%s:comment", h);
	check_svc(CRED_SVC_HTPASSWD, line, CRED_SCHEME_BCRYPT, "changeit");
	free(h);
	CU_ASSERT_FATAL(EVP_Digest("changeit", 8, d, NULL, EVP_sha1(), NULL));
	enc = b64(d, 20);
	snprintf(line, sizeof(line), "carol:{SHA}%s", enc);
	check_svc(CRED_SVC_HTPASSWD, line, CRED_SCHEME_SHA1_B64, "changeit");
	free(enc);
	{
		EVP_MD_CTX *ctx = EVP_MD_CTX_new();

		CU_ASSERT_FATAL(ctx != NULL);
		CU_ASSERT_FATAL(EVP_DigestInit_ex(ctx, EVP_sha1(), NULL) &&
		    EVP_DigestUpdate(ctx, "changeit", 8) &&
		    EVP_DigestUpdate(ctx, "SALT", 4) &&
		    EVP_DigestFinal_ex(ctx, d, NULL));
		EVP_MD_CTX_free(ctx);
	}
	memcpy(d + 20, "SALT", 4);
	enc = b64(d, 24);
	snprintf(line, sizeof(line), "dave:{SSHA}%s", enc);
	check_svc(CRED_SVC_HTPASSWD, line, CRED_SCHEME_SSHA_B64, "changeit");
	free(enc);
	check_svc(CRED_SVC_HTPASSWD, "erin:changeit", CRED_SCHEME_PLAINTEXT,
	    "changeit");
	CU_ASSERT(cred_svc_parse_line(CRED_SVC_HTPASSWD, "frank:", 6, &e,
	    &why) && e.empty);
	CU_ASSERT(!cred_svc_parse_line(CRED_SVC_HTPASSWD, "nocolon", 7, &e,
	    &why) && why != NULL);
	CU_ASSERT(!cred_svc_parse_line(CRED_SVC_HTPASSWD, "g:$apr1$toolongsalt$x",
	    21, &e, &why) && why != NULL);
	CU_ASSERT(!cred_svc_parse_line(CRED_SVC_HTPASSWD, "# c", 3, &e, &why) &&
	    why == NULL);
	CU_ASSERT(cred_svc_parse_line(CRED_SVC_HTPASSWD, "h:$argon2id$v=19$x",
	    18, &e, &why) && e.hash.scheme == CRED_SCHEME_UNKNOWN && !e.empty);
	CU_ASSERT(!cred_svc_parse_line(CRED_SVC_HTPASSWD, "i:$2y$10$short",
	    14, &e, &why) && why != NULL);
}

static void
test_htdigest(void)
{
	unsigned char d[16];
	char line[256], hex[33];
	const char *in = "admin:Secure Area:changeit";

	CU_ASSERT_FATAL(EVP_Digest(in, strlen(in), d, NULL, EVP_md5(), NULL));
	hexstr(d, 16, hex);
	snprintf(line, sizeof(line), "admin:Secure Area:%s", hex);
	check_svc(CRED_SVC_HTDIGEST, line, CRED_SCHEME_HTDIGEST, "changeit");
}

/* mosquitto_passwd's two forms, built here with OpenSSL. */
static void
test_mosquitto(void)
{
	unsigned char salt[12], d[64];
	char line[512], *s64, *d64;
	EVP_MD_CTX *ctx;

	CU_ASSERT_FATAL(RAND_bytes(salt, sizeof(salt)) == 1);
	s64 = b64(salt, sizeof(salt));
	CU_ASSERT_FATAL(PKCS5_PBKDF2_HMAC("changeit", 8, salt, sizeof(salt),
	    101, EVP_sha512(), 64, d) == 1);
	d64 = b64(d, 64);
	snprintf(line, sizeof(line), "sensor:$7$101$%s$%s", s64, d64);
	check_svc(CRED_SVC_MOSQUITTO, line, CRED_SCHEME_MOSQ_PBKDF2,
	    "changeit");
	free(d64);
	ctx = EVP_MD_CTX_new();
	CU_ASSERT_FATAL(ctx != NULL);
	CU_ASSERT_FATAL(EVP_DigestInit_ex(ctx, EVP_sha512(), NULL) &&
	    EVP_DigestUpdate(ctx, "changeit", 8) &&
	    EVP_DigestUpdate(ctx, salt, sizeof(salt)) &&
	    EVP_DigestFinal_ex(ctx, d, NULL));
	EVP_MD_CTX_free(ctx);
	d64 = b64(d, 64);
	snprintf(line, sizeof(line), "sensor:$6$%s$%s", s64, d64);
	check_svc(CRED_SVC_MOSQUITTO, line, CRED_SCHEME_MOSQ_SHA512,
	    "changeit");
	free(d64);
	free(s64);
	check_svc(CRED_SVC_MOSQUITTO, "old:changeit", CRED_SCHEME_PLAINTEXT,
	    "changeit");
}

struct tomcat_seen {
	struct cred_svc_entry v[8];
	size_t n;
};

static void
tomcat_cb(void *arg, const struct cred_svc_entry *e)
{
	struct tomcat_seen *s = arg;

	if (s->n < NROWS(s->v))
		s->v[s->n++] = *e;
}

static void
test_tomcat(void)
{
	unsigned char d[32];
	char xml[2048], hex[65], salted[128];
	struct tomcat_seen *s = calloc(1, sizeof(*s));
	void *scratch = cred_scratch_new();
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	int err;

	CU_ASSERT_FATAL(s != NULL && scratch != NULL && ctx != NULL);
	CU_ASSERT_FATAL(EVP_Digest("s3cret", 6, d, NULL, EVP_sha256(), NULL));
	hexstr(d, 32, hex);
	/* Tomcat's salted form: salt$iterations$H^n(salt || password). */
	CU_ASSERT_FATAL(EVP_DigestInit_ex(ctx, EVP_sha256(), NULL) &&
	    EVP_DigestUpdate(ctx, "\x01\x02", 2) &&
	    EVP_DigestUpdate(ctx, "tomcat", 6) &&
	    EVP_DigestFinal_ex(ctx, d, NULL));
	CU_ASSERT_FATAL(EVP_Digest(d, 32, d, NULL, EVP_sha256(), NULL));
	memcpy(salted, "0102$2$", 7);
	hexstr(d, 32, salted + 7);
	snprintf(xml, sizeof(xml),
	    "<?xml version='1.0'?>\n<tomcat-users>\n"
	    "<!-- <user username=\"admin\" password=\"<must-be-changed>\""
	    " roles=\"manager-gui\"/> -->\n"
	    "  <user username=\"tomcat\" password=\"tomcat\" roles=\"x\"/>\n"
	    "  <user name='both' password='&lt;b&amp;' roles='x'/>\n"
	    "  <user username=\"d\" password=\"%s\"/>\n"
	    "  <user username=\"e\" password=\"%s\"/>\n"
	    "  <user username=\"f\" password=\"\"/>\n"
	    "  <role rolename=\"x\"/>\n</tomcat-users>\n", hex, salted);
	CU_ASSERT_FATAL(cred_tomcat_users(xml, strlen(xml), 100, tomcat_cb,
	    s) == 5);
	CU_ASSERT(strcmp(s->v[0].user, "tomcat") == 0 && s->v[0].line == 4 &&
	    s->v[0].hash.scheme == CRED_SCHEME_PLAINTEXT);
	CU_ASSERT(strcmp(s->v[1].user, "both") == 0 &&
	    cred_hash_check(&s->v[1].hash, "<b&", 3, scratch, &err));
	CU_ASSERT(s->v[2].hash.scheme == CRED_SCHEME_HEX_DIGEST &&
	    cred_hash_check(&s->v[2].hash, "s3cret", 6, scratch, &err) &&
	    !cred_hash_check(&s->v[2].hash, "tomcat", 6, scratch, &err));
	CU_ASSERT(s->v[3].hash.scheme == CRED_SCHEME_HEX_DIGEST &&
	    s->v[3].hash.saltlen == 2 && s->v[3].hash.iterations == 2 &&
	    cred_hash_check(&s->v[3].hash, "tomcat", 6, scratch, &err));
	CU_ASSERT(s->v[4].empty);
	EVP_MD_CTX_free(ctx);
	cred_scratch_free(scratch);
	free(s);
}

/* ---- John the Ripper ---------------------------------------------------- */

/*
 * The same list, the same hashes: john cracks exactly the accounts assay
 * finds.  john runs with a private HOME, session and pot file.
 */
static void
test_john_agrees(void)
{
	static const struct {
		const char *user, *prefix, *pw;
		unsigned long count;
	} rows[] = {
		{ "a512", "$6$", "admin", 0 },
		{ "b256", "$5$", "letmein", 0 },
		{ "cmd5", "$1$", "password", 0 },
		{ "ddes", "ab", "123456", 0 },
		{ "ebf", "$2b$", "changeme", 5 },
		{ "fyes", "$y$", "raspberry", 0 },
		{ "gstrong", "$6$", NULL, 0 },
		{ "hnotinlist", "$1$", "zebra-quartz-93", 0 },
	};
	static const char *const words[] = { "root", "admin", "toor",
	    "password", "123456", "changeme", "letmein", "raspberry", "1234",
	    NULL };
	char path[4200], cmd[20000], script[8192], line[512], pw[25], *hash;
	struct passwd *pwd;
	char *shadow, *list, *home;
	struct cred_guess_result g;
	struct cred_budget b = budget();
	bool assay_hit[NROWS(rows)], john_hit[NROWS(rows)];
	struct cred_list l;
	struct cred_hash h;
	const char *why;
	FILE *f;
	size_t i, k;

	if (access("/usr/sbin/john", X_OK) != 0) {
		CU_FAIL("john (Debian package john) is not installed");
		return;
	}
	make_list(&l, words);
	shadow = strdup(assay_test_path("shadow"));
	list = strdup(assay_test_path("words.txt"));
	home = strdup(assay_test_path("home"));
	CU_ASSERT_FATAL(shadow && list && home && mkdir(home, 0700) == 0);
	f = fopen(list, "w");
	CU_ASSERT_FATAL(f != NULL);
	for (i = 0; words[i] != NULL; i++)
		fprintf(f, "%s\n", words[i]);
	fclose(f);
	f = fopen(shadow, "w");
	CU_ASSERT_FATAL(f != NULL);
	for (i = 0; i < NROWS(rows); i++) {
		if (rows[i].pw == NULL)
			strong_password(pw, sizeof(pw));
		hash = make_hash(rows[i].prefix, rows[i].count,
		    rows[i].pw != NULL ? rows[i].pw : pw);
		CU_ASSERT_FATAL(hash != NULL);
		fprintf(f, "%s:%s:19000:0:99999:7:::\n", rows[i].user, hash);
		CU_ASSERT_FATAL(cred_hash_parse_crypt(hash, strlen(hash), &h,
		    &why));
		cred_guess(&h, NULL, &l, &b, &g);
		assay_hit[i] = g.status == CRED_GUESS_MATCH;
		john_hit[i] = false;
		free(hash);
	}
	fclose(f);
	/*
	 * john 1.9.0 keeps its pot in the passwd entry's home, whatever HOME
	 * says: give it a private one in a mount namespace of its own.
	 */
	pwd = getpwuid(getuid());
	CU_ASSERT_FATAL(pwd != NULL && pwd->pw_dir != NULL);
	snprintf(script, sizeof(script), "mount --bind '%s' '%s' && "
	    "cd '%s' && /usr/sbin/john --format=crypt --wordlist='%s' "
	    "--session='%s/s' '%s' >/dev/null 2>&1; /usr/sbin/john --show "
	    "--format=crypt '%s' 2>/dev/null", home, pwd->pw_dir, home, list,
	    home, shadow, shadow);
	snprintf(cmd, sizeof(cmd), "unshare -m sh -c \"%s\" 2>/dev/null || "
	    "unshare -rm sh -c \"%s\"", script, script);
	f = popen(cmd, "r");
	CU_ASSERT_FATAL(f != NULL);
	while (fgets(line, sizeof(line), f) != NULL) {
		for (i = 0; i < NROWS(rows); i++) {
			k = strlen(rows[i].user);
			if (strncmp(line, rows[i].user, k) == 0 &&
			    line[k] == ':')
				john_hit[i] = true;
		}
	}
	CU_ASSERT(pclose(f) == 0);
	for (i = 0; i < NROWS(rows); i++) {
		ASSAY_CHECKF(assay_hit[i] == john_hit[i],
		    "%s: assay %d, john %d", rows[i].user, assay_hit[i],
		    john_hit[i]);
		ASSAY_CHECKF(assay_hit[i] == (i < 6), "%s: assay %d",
		    rows[i].user, assay_hit[i]);
	}
	snprintf(path, sizeof(path), "%s/.john/john.pot", home);
	CU_ASSERT(access(path, F_OK) == 0);
	free(shadow);
	free(list);
	free(home);
	cred_list_release(&l);
}

static CU_TestInfo scheme_tests[] = {
	{ "every libxcrypt scheme cracks", test_every_scheme_cracks },
	{ "a strong password is not found", test_strong_password_not_found },
	{ "the first match in order wins", test_first_match_wins },
	{ "budgets", test_budgets },
	{ "hostile costs are refused", test_hostile_costs },
	{ "unsupported schemes are reported", test_unsupported_is_reported },
	{ "malformed hashes", test_malformed_hashes },
	CU_TEST_INFO_NULL,
};

static CU_TestInfo candidate_tests[] = {
	{ "derived candidates", test_derived_candidates },
	{ "list format", test_list_format },
	{ "the shipped list", test_shipped_list },
	{ "commitment", test_commitment },
	CU_TEST_INFO_NULL,
};

static CU_TestInfo db_tests[] = {
	{ "passwd, shadow, gshadow lines", test_db_lines },
	{ "enormous and binary lines", test_enormous_and_binary_lines },
	{ "sanitised names", test_sanitise },
	CU_TEST_INFO_NULL,
};

static CU_TestInfo svc_tests[] = {
	{ "htpasswd", test_htpasswd },
	{ "htdigest", test_htdigest },
	{ "mosquitto", test_mosquitto },
	{ "tomcat-users.xml", test_tomcat },
	CU_TEST_INFO_NULL,
};

static CU_TestInfo john_tests[] = {
	{ "john cracks what assay finds", test_john_agrees },
	CU_TEST_INFO_NULL,
};

static CU_SuiteInfo suites[] = {
	{ "schemes", NULL, NULL, assay_test_setup, assay_test_teardown,
	    scheme_tests },
	{ "candidates", NULL, NULL, assay_test_setup, assay_test_teardown,
	    candidate_tests },
	{ "account databases", NULL, NULL, assay_test_setup,
	    assay_test_teardown, db_tests },
	{ "service files", NULL, NULL, assay_test_setup, assay_test_teardown,
	    svc_tests },
	{ "john", NULL, NULL, assay_test_setup, assay_test_teardown,
	    john_tests },
	CU_SUITE_INFO_NULL,
};

int
main(void)
{
	return assay_test_run(suites);
}
