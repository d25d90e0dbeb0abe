/*
 * Shipped TUF metadata (probes/update: cjson.c, tufkeys.c, tufverify.c,
 * tufrepo.c): canonical JSON over a table of tricky values; repositories
 * built here with OpenSSL keys of all three schemes (Ed25519, ECDSA P-256,
 * RSASSA-PSS) that verify, and broken ones that must give the right
 * finding on the right file: a bad signature, a threshold not met, one key
 * counted twice, expiry, versions and hashes that disagree, root rotation
 * that holds and that breaks, and files that do not parse.  Where Debian's
 * python3-securesystemslib is installed, it re-encodes and verifies the
 * same files independently and must agree.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <CUnit/CUnit.h>
#include <jansson.h>
#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>

#include "testutil.h"
#include "update/cjson.h"
#include "update/tufkeys.h"
#include "update/tufrepo.h"
#include "update/tufverify.h"

#define NROWS(a)	(sizeof(a) / sizeof((a)[0]))

/* 2026-11-29T14:00:00Z */
#define NOW		INT64_C(1795960800)
#define FUTURE		"2030-01-01T00:00:00Z"
#define PAST		"2026-01-01T00:00:00Z"

/* ---- keys ---------------------------------------------------------------- */

enum {
	K_ROOT1, K_ROOT2, K_ROOT3,	/* ed25519 */
	K_NEWROOT,			/* ecdsa */
	K_TIMESTAMP,			/* rsa */
	K_SNAPSHOT,			/* ecdsa */
	K_TARGETS,			/* ed25519 */
	K_VENDOR,			/* ed25519, delegated */
	K_ROOT1_AGAIN,			/* K_ROOT1's key under a second id */
	NKEYS
};

struct tkey {
	EVP_PKEY *pkey;
	json_t *obj;			/* the TUF key object */
	char id[65];
};

static struct tkey keys[NKEYS];

static char *
pem_public(EVP_PKEY *k)
{
	BIO *bio = BIO_new(BIO_s_mem());
	char *p = NULL, *s;
	long n;

	if (bio == NULL || PEM_write_bio_PUBKEY(bio, k) != 1 ||
	    (n = BIO_get_mem_data(bio, &p)) <= 0 ||
	    (s = strndup(p, (size_t)n)) == NULL)
		s = NULL;
	BIO_free(bio);
	return s;
}

static json_t *
key_object(EVP_PKEY *k, const char *keytype, const char *scheme)
{
	unsigned char raw[32];
	size_t rawlen = sizeof(raw), i;
	char hex[65], *pem;
	json_t *o;

	if (strcmp(keytype, "ed25519") == 0) {
		if (EVP_PKEY_get_raw_public_key(k, raw, &rawlen) != 1)
			return NULL;
		for (i = 0; i < rawlen; i++)
			snprintf(hex + 2 * i, 3, "%02x", raw[i]);
		return json_pack("{s:s,s:s,s:{s:s}}", "keytype", keytype,
		    "scheme", scheme, "keyval", "public", hex);
	}
	if ((pem = pem_public(k)) == NULL)
		return NULL;
	o = json_pack("{s:s,s:s,s:{s:s}}", "keytype", keytype, "scheme",
	    scheme, "keyval", "public", pem);
	free(pem);
	return o;
}

static bool
key_id(const json_t *obj, char id[65])
{
	struct assay_buf b = ASSAY_BUF_INIT(1 << 20);
	bool ok = cjson_encode(obj, &b, NULL) == ASSAY_OK &&
	    tuf_sha256_hex(b.data, b.len, id);

	assay_buf_release(&b);
	return ok;
}

static int
suite_init(void)
{
	static const struct { const char *alg, *keytype, *scheme; } kinds[] = {
		[K_ROOT1] = { "ED25519", "ed25519", "ed25519" },
		[K_ROOT2] = { "ED25519", "ed25519", "ed25519" },
		[K_ROOT3] = { "ED25519", "ed25519", "ed25519" },
		[K_NEWROOT] = { "EC", "ecdsa", "ecdsa-sha2-nistp256" },
		[K_TIMESTAMP] = { "RSA", "rsa", "rsassa-pss-sha256" },
		[K_SNAPSHOT] = { "EC", "ecdsa", "ecdsa-sha2-nistp256" },
		[K_TARGETS] = { "ED25519", "ed25519", "ed25519" },
		[K_VENDOR] = { "ED25519", "ed25519", "ed25519" },
	};
	size_t i;

	for (i = 0; i < NKEYS; i++) {
		if (i == K_ROOT1_AGAIN) {
			/* An extra member gives the same key another id. */
			keys[i].pkey = keys[K_ROOT1].pkey;
			EVP_PKEY_up_ref(keys[i].pkey);
			keys[i].obj = json_deep_copy(keys[K_ROOT1].obj);
			json_object_set_new(keys[i].obj, "x-comment",
			    json_string("same key"));
		} else {
			if (strcmp(kinds[i].alg, "EC") == 0)
				keys[i].pkey = EVP_PKEY_Q_keygen(NULL, NULL,
				    "EC", "P-256");
			else if (strcmp(kinds[i].alg, "RSA") == 0)
				keys[i].pkey = EVP_PKEY_Q_keygen(NULL, NULL,
				    "RSA", (size_t)2048);
			else
				keys[i].pkey = EVP_PKEY_Q_keygen(NULL, NULL,
				    kinds[i].alg);
			if (keys[i].pkey == NULL)
				return -1;
			keys[i].obj = key_object(keys[i].pkey,
			    kinds[i].keytype, kinds[i].scheme);
		}
		if (keys[i].obj == NULL || !key_id(keys[i].obj, keys[i].id))
			return -1;
	}
	return 0;
}

static int
suite_cleanup(void)
{
	size_t i;

	for (i = 0; i < NKEYS; i++) {
		EVP_PKEY_free(keys[i].pkey);
		json_decref(keys[i].obj);
	}
	return 0;
}

/* ---- signing and building metadata --------------------------------------- */

/* Hex signature by key k over the canonical form of signed_part. */
static char *
sign_hex(const json_t *signed_part, const EVP_PKEY *cpk)
{
	struct assay_buf canon = ASSAY_BUF_INIT(1 << 24);
	EVP_PKEY *pk = (EVP_PKEY *)(uintptr_t)cpk;
	unsigned char sig[1024];
	size_t siglen = sizeof(sig);
	EVP_PKEY_CTX *pctx = NULL;
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	int id = EVP_PKEY_get_base_id(pk);
	char *hex = NULL;

	if (ctx == NULL || cjson_encode(signed_part, &canon, NULL) != ASSAY_OK)
		goto out;
	if (EVP_DigestSignInit(ctx, &pctx, id == EVP_PKEY_ED25519 ? NULL :
	    EVP_sha256(), NULL, pk) != 1)
		goto out;
	if (id == EVP_PKEY_RSA &&
	    (EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PSS_PADDING) != 1 ||
	    EVP_PKEY_CTX_set_rsa_pss_saltlen(pctx, RSA_PSS_SALTLEN_DIGEST) !=
	    1 || EVP_PKEY_CTX_set_rsa_mgf1_md(pctx, EVP_sha256()) != 1))
		goto out;
	if (EVP_DigestSign(ctx, sig, &siglen,
	    (const unsigned char *)canon.data, canon.len) != 1)
		goto out;
	hex = assay_test_hex(sig, siglen);
 out:
	EVP_MD_CTX_free(ctx);
	assay_buf_release(&canon);
	return hex;
}

/*
 * The envelope around signed_part (taken), signed by the keys listed
 * (ending with -1), written with indentation so that verifying it needs
 * the canonical re-encoding.  Caller frees.
 */
static char *
envelope(json_t *signed_part, const int *signers)
{
	json_t *sigs = json_array(), *doc;
	char *sig, *text;

	for (; *signers >= 0; signers++) {
		sig = sign_hex(signed_part, keys[*signers].pkey);
		CU_ASSERT_FATAL(sig != NULL);
		json_array_append_new(sigs, json_pack("{s:s,s:s}", "keyid",
		    keys[*signers].id, "sig", sig));
		free(sig);
	}
	doc = json_pack("{s:o,s:o}", "signatures", sigs, "signed",
	    signed_part);
	text = json_dumps(doc, JSON_INDENT(2) | JSON_SORT_KEYS);
	json_decref(doc);
	CU_ASSERT_FATAL(text != NULL);
	return text;
}

static json_t *
role_of(const int *ks, int threshold)
{
	json_t *ids = json_array();

	for (; *ks >= 0; ks++)
		json_array_append_new(ids, json_string(keys[*ks].id));
	return json_pack("{s:o,s:i}", "keyids", ids, "threshold", threshold);
}

/* Root: rootkeys (ending -1) with threshold; the other roles fixed. */
static json_t *
root_signed(int version, const char *expires, const int *rootkeys,
    int threshold)
{
	static const int ts[] = { K_TIMESTAMP, -1 }, sn[] = { K_SNAPSHOT, -1 };
	static const int tg[] = { K_TARGETS, -1 };
	json_t *map = json_object();
	const int *k;

	/* Copies: tests change keys in one root without touching others. */
	for (k = rootkeys; *k >= 0; k++)
		json_object_set_new(map, keys[*k].id,
		    json_deep_copy(keys[*k].obj));
	json_object_set_new(map, keys[K_TIMESTAMP].id,
	    json_deep_copy(keys[K_TIMESTAMP].obj));
	json_object_set_new(map, keys[K_SNAPSHOT].id,
	    json_deep_copy(keys[K_SNAPSHOT].obj));
	json_object_set_new(map, keys[K_TARGETS].id,
	    json_deep_copy(keys[K_TARGETS].obj));
	return json_pack("{s:s,s:s,s:i,s:s,s:b,s:o,s:{s:o,s:o,s:o,s:o}}",
	    "_type", "root", "spec_version", "1.0.31", "version", version,
	    "expires", expires, "consistent_snapshot", 0, "keys", map, "roles",
	    "root", role_of(rootkeys, threshold), "timestamp", role_of(ts, 1),
	    "snapshot", role_of(sn, 1), "targets", role_of(tg, 1));
}

static char *
root_file(int version, const int *rootkeys, int threshold,
    const int *signers)
{
	return envelope(root_signed(version, FUTURE, rootkeys, threshold),
	    signers);
}

static char *
targets_file(int version, const char *expires, bool delegate)
{
	static const int tg[] = { K_TARGETS, -1 }, vk[] = { K_VENDOR, -1 };
	char sha[65];
	json_t *s, *role;

	assay_test_sha256_hex("fw\n", 3, sha);
	s = json_pack("{s:s,s:s,s:i,s:s,s:{s:{s:i,s:{s:s}}}}", "_type",
	    "targets", "spec_version", "1.0.31", "version", version,
	    "expires", expires, "targets", "fw.bin", "length", 3, "hashes",
	    "sha256", sha);
	if (delegate) {
		role = role_of(vk, 1);
		json_object_set_new(role, "name", json_string("vendor"));
		json_object_set_new(role, "paths", json_pack("[s]",
		    "vendor/*"));
		json_object_set_new(role, "terminating", json_true());
		json_object_set_new(s, "delegations", json_pack(
		    "{s:{s:O},s:[o]}", "keys", keys[K_VENDOR].id,
		    keys[K_VENDOR].obj, "roles", role));
	}
	return envelope(s, tg);
}

static char *
vendor_file(int version, int signer)
{
	const int who[] = { signer, -1 };

	return envelope(json_pack("{s:s,s:s,s:i,s:s,s:{}}", "_type",
	    "targets", "spec_version", "1.0.31", "version", version,
	    "expires", FUTURE, "targets"), who);
}

static char *
snapshot_file(int version, int targets_version, int vendor_version)
{
	static const int sn[] = { K_SNAPSHOT, -1 };
	json_t *meta = json_pack("{s:{s:i}}", "targets.json", "version",
	    targets_version);

	if (vendor_version > 0)
		json_object_set_new(meta, "vendor.json",
		    json_pack("{s:i}", "version", vendor_version));
	return envelope(json_pack("{s:s,s:s,s:i,s:s,s:o}", "_type",
	    "snapshot", "spec_version", "1.0.31", "version", version,
	    "expires", FUTURE, "meta", meta), sn);
}

/* Lists snapshot_text's length (plus skew) and SHA-256. */
static char *
timestamp_file(int version, int snapshot_version, const char *snapshot_text,
    int skew)
{
	static const int ts[] = { K_TIMESTAMP, -1 };
	char sha[65];

	assay_test_sha256_hex(snapshot_text, strlen(snapshot_text), sha);
	return envelope(json_pack("{s:s,s:s,s:i,s:s,s:{s:{s:i,s:i,s:{s:s}}}}",
	    "_type", "timestamp", "spec_version", "1.0.31", "version",
	    version, "expires", FUTURE, "meta", "snapshot.json", "version",
	    snapshot_version, "length", (int)strlen(snapshot_text) + skew,
	    "hashes", "sha256", sha), ts);
}

/* Flips one hex digit of signature i of text (freed); returns the new text. */
static char *
tamper(char *text, size_t i)
{
	json_t *doc = json_loads(text, 0, NULL), *s;
	char *sig, *out;

	CU_ASSERT_FATAL(doc != NULL);
	s = json_array_get(json_object_get(doc, "signatures"), i);
	sig = strdup(json_string_value(json_object_get(s, "sig")));
	CU_ASSERT_FATAL(sig != NULL && strlen(sig) > 10);
	sig[10] = sig[10] == '0' ? '1' : '0';
	json_object_set_new(s, "sig", json_string(sig));
	out = json_dumps(doc, JSON_INDENT(2));
	free(sig);
	free(text);
	json_decref(doc);
	return out;
}

/* ---- running the checks -------------------------------------------------- */

#define MAX_FILES	8

struct repo {
	struct tuf_file f[MAX_FILES];
	char *text[MAX_FILES];
	size_t n;
};

static void
add(struct repo *r, const char *path, char *text)
{
	CU_ASSERT_FATAL(r->n < MAX_FILES && text != NULL);
	r->text[r->n] = text;
	r->f[r->n].path = path;
	r->f[r->n].data = (const unsigned char *)text;
	r->f[r->n].len = strlen(text);
	r->n++;
}

/* Makes file i hold text (taken), its old text already freed or taken. */
static void
set_text(struct repo *r, size_t i, char *text)
{
	r->text[i] = text;
	r->f[i].data = (const unsigned char *)text;
	r->f[i].len = strlen(text);
}

/* Makes file i hold text (taken) instead of its old text. */
static void
replace(struct repo *r, size_t i, char *text)
{
	free(r->text[i]);
	set_text(r, i, text);
}

static void
repo_free(struct repo *r)
{
	size_t i;

	for (i = 0; i < r->n; i++)
		free(r->text[i]);
	memset(r, 0, sizeof(*r));
}

struct seen {
	json_t *list;			/* [{rule, file, line, evidence}] */
	const struct repo *repo;
};

static void
collect(void *arg, const struct tuf_report *t)
{
	struct seen *s = arg;

	CU_ASSERT(t->file < s->repo->n);
	CU_ASSERT(json_is_object(t->evidence));
	CU_ASSERT(t->message != NULL && t->message[0] != '\0');
	json_array_append_new(s->list, json_pack("{s:s,s:s,s:i,s:O}",
	    "rule", t->rule, "file", s->repo->f[t->file].path, "line",
	    (int)t->line, "evidence", t->evidence));
}

/* Checks r; the findings as a JSON array the caller frees. */
static json_t *
check(const struct repo *r)
{
	struct seen s = { json_array(), r };

	(void)tuf_repo_check(r->f, r->n, NOW, collect, &s);
	return s.list;
}

/* Number of findings of rule (on file, when not NULL). */
static size_t
count(const json_t *list, const char *rule, const char *file)
{
	size_t i, n = 0;
	json_t *o;

	json_array_foreach(list, i, o) {
		if (strcmp(json_string_value(json_object_get(o, "rule")),
		    rule) == 0 && (file == NULL || strcmp(json_string_value(
		    json_object_get(o, "file")), file) == 0))
			n++;
	}
	return n;
}

/* The evidence of the first finding of rule on file. */
static const json_t *
evidence(const json_t *list, const char *rule, const char *file)
{
	size_t i;
	json_t *o;

	json_array_foreach(list, i, o) {
		if (strcmp(json_string_value(json_object_get(o, "rule")),
		    rule) == 0 && strcmp(json_string_value(json_object_get(o,
		    "file")), file) == 0)
			return json_object_get(o, "evidence");
	}
	return NULL;
}

static void
show(const json_t *list)
{
	char *s = json_dumps(list, JSON_COMPACT);

	fprintf(stderr, "findings: %s\n", s != NULL ? s : "?");
	free(s);
}

/*
 * A repository that verifies: root (2 of 3 Ed25519 keys), timestamp
 * (RSA-PSS), snapshot (ECDSA), targets (Ed25519) and a delegated role.
 */
static void
good_repo(struct repo *r)
{
	static const int rk[] = { K_ROOT1, K_ROOT2, K_ROOT3, -1 };
	static const int signers[] = { K_ROOT1, K_ROOT3, -1 };
	char *snap = snapshot_file(1, 1, 1);

	memset(r, 0, sizeof(*r));
	add(r, "repo/root.json", root_file(1, rk, 2, signers));
	add(r, "repo/timestamp.json", timestamp_file(1, 1, snap, 0));
	add(r, "repo/snapshot.json", snap);
	add(r, "repo/targets.json", targets_file(1, FUTURE, true));
	add(r, "repo/vendor.json", vendor_file(1, K_VENDOR));
}

/* ---- tests --------------------------------------------------------------- */

static void
test_canonical_json(void)
{
	static const struct { const char *in, *want; } rows[] = {
		{ "{}", "{}" },
		{ "[]", "[]" },
		{ "{\"b\": 1, \"a\": [true, false, null, -7, 0]}",
		    "{\"a\":[true,false,null,-7,0],\"b\":1}" },
		/* Code-point order: upper case, lower case, then non-ASCII. */
		{ "{\"\\u00e9\":1,\"z\":2,\"Z\":3,\"a\":4,\"aa\":5,\"\":6}",
		    "{\"\":6,\"Z\":3,\"a\":4,\"aa\":5,\"z\":2,\"\xc3\xa9\":1}" },
		{ "{\"\\ud83d\\ude00\":1,\"\\uffff\":2}",
		    "{\"\xef\xbf\xbf\":2,\"\xf0\x9f\x98\x80\":1}" },
		/* Only quote and backslash are escaped; the rest is raw. */
		{ "\"a\\\"b\\\\c\"", "\"a\\\"b\\\\c\"" },
		{ "\"\\n\\t\\r\\b\\f\\u0001\\u001f\\/\"",
		    "\"\n\t\r\b\f\x01\x1f/\"" },
		{ "\"\\u00e9\\u2028\\ud83d\\ude00\"",
		    "\"\xc3\xa9\xe2\x80\xa8\xf0\x9f\x98\x80\"" },
		{ "\"\\\"\\\"\\\\\\\\\"", "\"\\\"\\\"\\\\\\\\\"" },
		{ "{\"k\\\"\":\"v\\\\\"}", "{\"k\\\"\":\"v\\\\\"}" },
		{ "9223372036854775807", "9223372036854775807" },
		{ "-9223372036854775808", "-9223372036854775808" },
		{ "-0", "0" },
		{ "{\"a\":{\"c\":[{\"e\":1,\"d\":2}],\"b\":\"\"}}",
		    "{\"a\":{\"b\":\"\",\"c\":[{\"d\":2,\"e\":1}]}}" },
	};
	static const char *const refused[] = {
		"1.5", "{\"a\":1e3}", "[0.0]", "\"a\\u0000b\"",
	};
	struct assay_buf b = ASSAY_BUF_INIT(1 << 20);
	const char *why;
	json_t *v;
	size_t i;
	char deep[2 * (CJSON_MAX_DEPTH + 8) + 1];

	for (i = 0; i < NROWS(rows); i++) {
		v = json_loads(rows[i].in, JSON_DECODE_ANY, NULL);
		ASSAY_CHECKF(v != NULL, "parse %s", rows[i].in);
		if (v == NULL)
			continue;
		assay_buf_release(&b);
		ASSAY_CHECKF(cjson_encode(v, &b, &why) == ASSAY_OK, "%s",
		    rows[i].in);
		ASSAY_CHECKF(b.data != NULL && strcmp(b.data, rows[i].want) ==
		    0, "%s gave %s", rows[i].in, b.data != NULL ? b.data : "");
		json_decref(v);
	}
	for (i = 0; i < NROWS(refused); i++) {
		v = json_loads(refused[i], JSON_DECODE_ANY | JSON_ALLOW_NUL,
		    NULL);
		ASSAY_CHECKF(v != NULL, "parse %s", refused[i]);
		if (v == NULL)
			continue;
		assay_buf_release(&b);
		why = NULL;
		ASSAY_CHECKF(cjson_encode(v, &b, &why) == ASSAY_ERR_INVALID &&
		    why != NULL, "%s was encoded", refused[i]);
		json_decref(v);
	}
	/* Nesting past the bound is refused, not recursed into. */
	memset(deep, '[', CJSON_MAX_DEPTH + 8);
	memset(deep + CJSON_MAX_DEPTH + 8, ']', CJSON_MAX_DEPTH + 8);
	deep[sizeof(deep) - 1] = '\0';
	v = json_loads(deep, 0, NULL);
	CU_ASSERT_FATAL(v != NULL);
	assay_buf_release(&b);
	CU_ASSERT(cjson_encode(v, &b, &why) == ASSAY_ERR_INVALID);
	json_decref(v);
	assay_buf_release(&b);
}

static void
test_parse_time(void)
{
	static const struct { const char *s; bool ok; int64_t t; } rows[] = {
		{ "1970-01-01T00:00:00Z", true, 0 },
		{ "2026-11-29T14:00:00Z", true, NOW },
		{ "2000-02-29T00:00:00Z", true, 951782400 },
		{ "2100-02-29T00:00:00Z", false, 0 },
		{ "2026-13-01T00:00:00Z", false, 0 },
		{ "2026-11-29T24:00:00Z", false, 0 },
		{ "2026-11-29 14:00:00Z", false, 0 },
		{ "2026-11-29T14:00:00+00:00", false, 0 },
		{ "2026-11-29T14:00:00", false, 0 },
		{ "+026-11-29T14:00:00Z", false, 0 },
	};
	int64_t t;
	size_t i;

	for (i = 0; i < NROWS(rows); i++) {
		t = -1;
		ASSAY_CHECKF(tuf_parse_time(rows[i].s, &t) == rows[i].ok &&
		    (!rows[i].ok || t == rows[i].t), "%s", rows[i].s);
	}
}

static void
test_valid(void)
{
	struct repo r;
	json_t *found;
	const json_t *ev, *roles;

	good_repo(&r);
	found = check(&r);
	CU_ASSERT(count(found, "update.tuf-valid", "repo/root.json") == 1);
	if (json_array_size(found) != 1)
		show(found);
	CU_ASSERT(json_array_size(found) == 1);
	ev = evidence(found, "update.tuf-valid", "repo/root.json");
	roles = json_object_get(ev, "roles");
	CU_ASSERT(json_object_size(roles) == 5);
	CU_ASSERT(json_integer_value(json_object_get(json_object_get(roles,
	    "root"), "valid_signatures")) == 2);
	CU_ASSERT(json_integer_value(json_object_get(json_object_get(roles,
	    "root"), "threshold")) == 2);
	CU_ASSERT(json_object_get(roles, "vendor") != NULL);
	CU_ASSERT(json_object_get(roles, "timestamp") != NULL);
	json_decref(found);
	repo_free(&r);
}

static void
test_bad_signature(void)
{
	static const struct { size_t file; const char *path; } rows[] = {
		{ 1, "repo/timestamp.json" },	/* RSA-PSS */
		{ 2, "repo/snapshot.json" },	/* ECDSA */
		{ 3, "repo/targets.json" },	/* Ed25519 */
		{ 4, "repo/vendor.json" },	/* delegated */
	};
	const json_t *ev;
	struct repo r;
	json_t *found;
	size_t i;

	for (i = 0; i < NROWS(rows); i++) {
		good_repo(&r);
		set_text(&r, rows[i].file, tamper(r.text[rows[i].file], 0));
		found = check(&r);
		ASSAY_CHECKF(count(found, "update.tuf-bad-signature",
		    rows[i].path) == 1, "%s", rows[i].path);
		ASSAY_CHECKF(count(found, "update.tuf-threshold-not-met",
		    rows[i].path) == 1, "%s", rows[i].path);
		ASSAY_CHECKF(count(found, "update.tuf-valid", NULL) == 0, "%s",
		    rows[i].path);
		ev = evidence(found, "update.tuf-bad-signature", rows[i].path);
		ASSAY_CHECKF(json_array_size(json_object_get(ev,
		    "bad_keyids")) == 1, "%s", rows[i].path);
		json_decref(found);
		repo_free(&r);
	}
	/* A delegated role signed by a key it was not given. */
	good_repo(&r);
	replace(&r, 4, vendor_file(1, K_TARGETS));
	found = check(&r);
	CU_ASSERT(count(found, "update.tuf-threshold-not-met",
	    "repo/vendor.json") == 1);
	CU_ASSERT(count(found, "update.tuf-bad-signature", NULL) == 0);
	json_decref(found);
	repo_free(&r);
}

static void
test_threshold(void)
{
	static const int rk[] = { K_ROOT1, K_ROOT2, K_ROOT3, -1 };
	static const int one[] = { K_ROOT2, -1 };
	static const int outsider[] = { K_ROOT2, K_TARGETS, -1 };
	const json_t *ev;
	struct repo r;
	json_t *found;

	memset(&r, 0, sizeof(r));
	add(&r, "root.json", root_file(1, rk, 2, one));
	found = check(&r);
	CU_ASSERT(count(found, "update.tuf-threshold-not-met", "root.json") ==
	    1);
	ev = evidence(found, "update.tuf-threshold-not-met", "root.json");
	CU_ASSERT(json_integer_value(json_object_get(ev, "valid")) == 1);
	CU_ASSERT(json_integer_value(json_object_get(ev, "threshold")) == 2);
	CU_ASSERT(count(found, "update.tuf-valid", NULL) == 0);
	json_decref(found);
	repo_free(&r);

	/* A signature by a key the role does not list does not count. */
	add(&r, "root.json", root_file(1, rk, 2, outsider));
	found = check(&r);
	CU_ASSERT(count(found, "update.tuf-threshold-not-met", "root.json") ==
	    1);
	CU_ASSERT(count(found, "update.tuf-bad-signature", NULL) == 0);
	json_decref(found);
	repo_free(&r);
}

static void
test_duplicate_key(void)
{
	static const int rk[] = { K_ROOT1, K_ROOT1_AGAIN, K_ROOT2, -1 };
	static const int same_key[] = { K_ROOT1, K_ROOT1_AGAIN, -1 };
	static const int twice[] = { K_ROOT1, K_ROOT1, -1 };
	static const int distinct[] = { K_ROOT1, K_ROOT2, -1 };
	const json_t *ev;
	struct repo r;
	json_t *found;

	CU_ASSERT(strcmp(keys[K_ROOT1].id, keys[K_ROOT1_AGAIN].id) != 0);
	/* One key listed under two ids signs under both: it counts once. */
	memset(&r, 0, sizeof(r));
	add(&r, "root.json", root_file(1, rk, 2, same_key));
	found = check(&r);
	CU_ASSERT(count(found, "update.tuf-threshold-not-met", "root.json") ==
	    1);
	ev = evidence(found, "update.tuf-threshold-not-met", "root.json");
	CU_ASSERT(json_integer_value(json_object_get(ev, "valid")) == 1);
	CU_ASSERT(json_array_size(json_object_get(ev, "repeated_keyids")) ==
	    1);
	ev = evidence(found, "update.tuf-keyid-mismatch", "root.json");
	CU_ASSERT(json_array_size(json_object_get(ev,
	    "one_key_two_keyids")) == 1);
	json_decref(found);
	repo_free(&r);

	/* The same signature entry twice counts once. */
	add(&r, "root.json", root_file(1, rk, 2, twice));
	found = check(&r);
	CU_ASSERT(count(found, "update.tuf-threshold-not-met", "root.json") ==
	    1);
	json_decref(found);
	repo_free(&r);

	/* Two distinct keys meet it. */
	add(&r, "root.json", root_file(1, rk, 2, distinct));
	found = check(&r);
	CU_ASSERT(count(found, "update.tuf-threshold-not-met", NULL) == 0);
	CU_ASSERT(count(found, "update.tuf-valid", "root.json") == 1);
	json_decref(found);
	repo_free(&r);
}

static void
test_expired(void)
{
	static const int rk[] = { K_ROOT1, -1 };
	const json_t *ev;
	struct repo r;
	json_t *found;

	good_repo(&r);
	replace(&r, 3, targets_file(1, PAST, true));
	found = check(&r);
	CU_ASSERT(count(found, "update.tuf-expired", "repo/targets.json") ==
	    1);
	CU_ASSERT(json_array_size(found) == 1);
	ev = evidence(found, "update.tuf-expired", "repo/targets.json");
	CU_ASSERT(json_integer_value(json_object_get(ev, "days_ago")) == 332);
	CU_ASSERT(strcmp(json_string_value(json_object_get(ev, "role")),
	    "targets") == 0);
	json_decref(found);
	repo_free(&r);

	add(&r, "root.json", envelope(root_signed(1, PAST, rk, 1), rk));
	found = check(&r);
	CU_ASSERT(count(found, "update.tuf-expired", "root.json") == 1);
	json_decref(found);
	repo_free(&r);
}

static void
test_version_mismatch(void)
{
	struct repo r;
	json_t *found;

	/* Snapshot lists targets version 2; version 1 ships. */
	good_repo(&r);
	replace(&r, 2, snapshot_file(1, 2, 1));
	replace(&r, 1, timestamp_file(1, 1, r.text[2], 0));
	found = check(&r);
	CU_ASSERT(count(found, "update.tuf-version-mismatch",
	    "repo/snapshot.json") == 1);
	CU_ASSERT(count(found, "update.tuf-valid", NULL) == 0);
	json_decref(found);
	repo_free(&r);

	/* Timestamp lists snapshot version 5 and a wrong length. */
	good_repo(&r);
	replace(&r, 1, timestamp_file(1, 5, r.text[2], 1));
	found = check(&r);
	CU_ASSERT(count(found, "update.tuf-version-mismatch",
	    "repo/timestamp.json") == 1);
	CU_ASSERT(count(found, "update.tuf-hash-mismatch",
	    "repo/timestamp.json") == 1);
	json_decref(found);
	repo_free(&r);

	/* The snapshot shipped is not the one the timestamp hashed. */
	good_repo(&r);
	replace(&r, 1, timestamp_file(1, 1, "other bytes", 0));
	found = check(&r);
	CU_ASSERT(count(found, "update.tuf-hash-mismatch",
	    "repo/timestamp.json") == 1);
	CU_ASSERT(count(found, "update.tuf-version-mismatch", NULL) == 0);
	json_decref(found);
	repo_free(&r);

	/* A delegated role the snapshot does not list. */
	good_repo(&r);
	replace(&r, 2, snapshot_file(1, 1, 0));
	replace(&r, 1, timestamp_file(1, 1, r.text[2], 0));
	found = check(&r);
	CU_ASSERT(count(found, "update.tuf-version-mismatch",
	    "repo/snapshot.json") == 1);
	json_decref(found);
	repo_free(&r);

	/* Two different targets files both claiming version 1. */
	good_repo(&r);
	add(&r, "repo/1.targets.json", targets_file(1, FUTURE, false));
	found = check(&r);
	CU_ASSERT(count(found, "update.tuf-version-mismatch", NULL) == 1);
	json_decref(found);
	repo_free(&r);
}

static void
test_rotation(void)
{
	static const int k1[] = { K_ROOT1, K_ROOT2, -1 };
	static const int k2[] = { K_NEWROOT, -1 };
	static const int both[] = { K_ROOT1, K_NEWROOT, -1 };
	static const int old_only[] = { K_ROOT2, -1 };
	const json_t *ev;
	struct repo r;
	json_t *found;
	char *snap;

	/* 1 -> 2 signed by the old and the new root keys: valid. */
	memset(&r, 0, sizeof(r));
	snap = snapshot_file(1, 1, 0);
	add(&r, "meta/root_history/1.root.json", root_file(1, k1, 1, k1));
	add(&r, "meta/root_history/2.root.json", root_file(2, k2, 1, both));
	add(&r, "meta/root.json", root_file(2, k2, 1, both));
	add(&r, "meta/timestamp.json", timestamp_file(1, 1, snap, 0));
	add(&r, "meta/snapshot.json", snap);
	add(&r, "meta/targets.json", targets_file(1, FUTURE, false));
	found = check(&r);
	if (json_array_size(found) != 2)
		show(found);
	/* Root threshold 1 is noted; it does not make the chain invalid. */
	CU_ASSERT(json_array_size(found) == 2);
	CU_ASSERT(count(found, "update.tuf-weak-roles", "meta/root.json") ==
	    1);
	/* The copy a client reads is named, not its history twin. */
	ev = evidence(found, "update.tuf-valid", "meta/root.json");
	CU_ASSERT(json_integer_value(json_object_get(json_object_get(
	    json_object_get(ev, "roles"), "root"), "version")) == 2);
	json_decref(found);
	repo_free(&r);

	/* Version 2 signed only by its own key: the rotation is broken. */
	add(&r, "1.root.json", root_file(1, k1, 1, k1));
	add(&r, "2.root.json", root_file(2, k2, 1, k2));
	found = check(&r);
	CU_ASSERT(count(found, "update.tuf-rotation-broken", "2.root.json") ==
	    1);
	CU_ASSERT(count(found, "update.tuf-valid", NULL) == 0);
	json_decref(found);
	repo_free(&r);

	/* Signed by the old keys but not by its own. */
	add(&r, "1.root.json", root_file(1, k1, 1, k1));
	add(&r, "2.root.json", root_file(2, k2, 1, old_only));
	found = check(&r);
	CU_ASSERT(count(found, "update.tuf-threshold-not-met",
	    "2.root.json") == 1);
	CU_ASSERT(count(found, "update.tuf-rotation-broken", NULL) == 0);
	json_decref(found);
	repo_free(&r);

	/* A version missing from the chain. */
	add(&r, "1.root.json", root_file(1, k1, 1, k1));
	add(&r, "3.root.json", root_file(3, k2, 1, both));
	found = check(&r);
	CU_ASSERT(count(found, "update.tuf-rotation-broken", "3.root.json") ==
	    1);
	json_decref(found);
	repo_free(&r);
}

/* Targets need a length and hashes; SHA-1 alone is noted. */
static void
test_target_entries(void)
{
	static const int tk[] = { K_TARGETS, -1 };
	const json_t *ev;
	struct repo r;
	json_t *found;

	good_repo(&r);
	replace(&r, 3, envelope(json_pack("{s:s,s:s,s:i,s:s,s:{s:{s:i,s:{s:s}},"
	    "s:{s:{s:s}},s:{s:i,s:{s:s,s:s}}}}", "_type", "targets",
	    "spec_version", "1.0.31", "version", 1, "expires", FUTURE,
	    "targets", "old.bin", "length", 3, "hashes", "sha1",
	    "0123456789abcdef0123456789abcdef01234567", "nolength.bin",
	    "hashes", "sha256", "00", "both.bin", "length", 1, "hashes",
	    "md5", "00", "sha512", "00"), tk));
	found = check(&r);
	ev = evidence(found, "update.tuf-weak-target-hash",
	    "repo/targets.json");
	CU_ASSERT(json_integer_value(json_object_get(ev, "count")) == 1);
	CU_ASSERT(strcmp(json_string_value(json_array_get(json_object_get(ev,
	    "targets"), 0)), "old.bin") == 0);
	ev = evidence(found, "update.tuf-parse-error", "repo/targets.json");
	CU_ASSERT(json_integer_value(json_object_get(ev, "count")) == 1);
	CU_ASSERT(strcmp(json_string_value(json_array_get(json_object_get(ev,
	    "targets"), 0)), "nolength.bin") == 0);
	CU_ASSERT(count(found, "update.tuf-valid", NULL) == 0);
	json_decref(found);
	repo_free(&r);
}

/* Delegations that loop back are followed once each, never forever. */
static void
test_delegation_cycle(void)
{
	static const int vk[] = { K_VENDOR, -1 }, tk[] = { K_TARGETS, -1 };
	json_t *s, *back, *self, *found;
	struct repo r;

	back = role_of(tk, 1);
	json_object_set_new(back, "name", json_string("targets"));
	self = role_of(vk, 1);
	json_object_set_new(self, "name", json_string("vendor"));
	s = json_pack("{s:s,s:s,s:i,s:s,s:{},s:{s:{s:O,s:O},s:[o,o]}}",
	    "_type", "targets", "spec_version", "1.0.31", "version", 1,
	    "expires", FUTURE, "targets", "delegations", "keys",
	    keys[K_TARGETS].id, keys[K_TARGETS].obj, keys[K_VENDOR].id,
	    keys[K_VENDOR].obj, "roles", back, self);
	good_repo(&r);
	replace(&r, 4, envelope(s, vk));
	found = check(&r);
	if (json_array_size(found) != 1)
		show(found);
	CU_ASSERT(json_array_size(found) == 1);
	CU_ASSERT(count(found, "update.tuf-valid", "repo/root.json") == 1);
	json_decref(found);
	repo_free(&r);
}

static void
test_bad_input(void)
{
	static const struct { const char *text, *rule; unsigned long line; }
	    rows[] = {
		{ "{\"signed\": {\"_type\": \"root\",\n \"version\": },\n"
		    "\"signatures\": []}", "update.tuf-parse-error", 2 },
		{ "{\"signed\": {\"_type\": \"root\", \"version\": 1.5, "
		    "\"spec_version\": \"1.0\", \"expires\": \"" FUTURE "\"}, "
		    "\"signatures\": []}", "update.tuf-parse-error", 0 },
		{ "{\"signed\": {\"_type\": \"root\", \"version\": 1, "
		    "\"spec_version\": \"1.0\", \"expires\": \"" FUTURE "\", "
		    "\"x\": 0.5}, \"signatures\": []}",
		    "update.tuf-parse-error", 0 },
		{ "{\"signed\": {\"_type\": \"root\", \"version\": 1, "
		    "\"spec_version\": \"1.0\", \"expires\": \"tomorrow\"}, "
		    "\"signatures\": []}", "update.tuf-parse-error", 0 },
		{ "{\"signed\": {\"_type\": \"root\", \"version\": 1, "
		    "\"version\": 2}, \"signatures\": []}",
		    "update.tuf-parse-error", 0 },
		{ "{\"signed\": {\"_type\": \"root\", \"version\": 1, "
		    "\"spec_version\": \"1.0\", \"expires\": \"" FUTURE "\"}, "
		    "\"signatures\": []}", "update.tuf-parse-error", 0 },
		{ "{\"signed\": {\"_type\": \"timestamp\", \"version\": 1, "
		    "\"spec_version\": \"1.0\", \"expires\": \"" FUTURE "\", "
		    "\"meta\": {}}, \"signatures\": []}",
		    "update.tuf-no-root", 0 },
		{ "{\"signed\": {\"_type\": \"weird\", \"version\": 1, "
		    "\"spec_version\": \"1.0\", \"expires\": \"" FUTURE "\"}, "
		    "\"signatures\": []}", "update.tuf-parse-error", 0 },
		{ "{\"signed\": [], \"signatures\": {}}",
		    "update.tuf-parse-error", 0 },
		{ "{\"a\": 1}", NULL, 0 },
		{ "not json and no marks", NULL, 0 },
	};
	struct repo r;
	json_t *found;
	size_t i;

	for (i = 0; i < NROWS(rows); i++) {
		memset(&r, 0, sizeof(r));
		add(&r, "x.json", strdup(rows[i].text));
		found = check(&r);
		if (rows[i].rule == NULL)
			ASSAY_CHECKF(json_array_size(found) == 0, "row %zu",
			    i);
		else
			ASSAY_CHECKF(count(found, rows[i].rule, "x.json") == 1,
			    "row %zu", i);
		if (rows[i].line > 0)
			ASSAY_CHECKF(json_integer_value(json_object_get(
			    json_array_get(found, 0), "line")) ==
			    (json_int_t)rows[i].line, "row %zu", i);
		json_decref(found);
		repo_free(&r);
	}
}

static void
test_keys(void)
{
	static const int rk[] = { K_ROOT1, -1 };
	json_t *s, *k, *found;
	struct repo r;
	const json_t *ev;

	/* spec_version 2 is flagged; the rest still verifies. */
	s = root_signed(1, FUTURE, rk, 1);
	json_object_set_new(s, "spec_version", json_string("2.0.0"));
	memset(&r, 0, sizeof(r));
	add(&r, "root.json", envelope(s, rk));
	found = check(&r);
	CU_ASSERT(count(found, "update.tuf-spec-version", "root.json") == 1);
	json_decref(found);
	repo_free(&r);

	/* A root key that also signs timestamps lives online. */
	{
		static const int shared[] = { K_ROOT1, K_TIMESTAMP, -1 };

		add(&r, "root.json", envelope(root_signed(1, FUTURE, shared,
		    2), shared));
		found = check(&r);
		ev = evidence(found, "update.tuf-weak-roles", "root.json");
		CU_ASSERT(json_integer_value(json_object_get(ev,
		    "root_threshold")) == 2);
		CU_ASSERT(json_array_size(json_object_get(ev,
		    "root_keys_online")) == 1);
		CU_ASSERT(count(found, "update.tuf-valid", "root.json") == 1);
		json_decref(found);
		repo_free(&r);
	}

	/* An unknown scheme: the key cannot count, so the root fails. */
	s = root_signed(1, FUTURE, rk, 1);
	k = json_object_get(json_object_get(s, "keys"), keys[K_ROOT1].id);
	json_object_set_new(k, "scheme", json_string("rsa-pkcs1v15-sha1"));
	add(&r, "root.json", envelope(s, rk));
	found = check(&r);
	CU_ASSERT(count(found, "update.tuf-unsupported-key", "root.json") ==
	    1);
	CU_ASSERT(count(found, "update.tuf-threshold-not-met", "root.json") ==
	    1);
	json_decref(found);
	repo_free(&r);

	/* A keyid that is not the key's SHA-256 is noted, and still works. */
	s = root_signed(1, FUTURE, rk, 1);
	k = json_incref(json_object_get(json_object_get(s, "keys"),
	    keys[K_ROOT1].id));
	json_object_del(json_object_get(s, "keys"), keys[K_ROOT1].id);
	json_object_set_new(json_object_get(s, "keys"), "my-root-key", k);
	json_object_set_new(json_object_get(json_object_get(s, "roles"),
	    "root"), "keyids", json_pack("[s]", "my-root-key"));
	{
		char *sig = sign_hex(s, keys[K_ROOT1].pkey);
		json_t *doc = json_pack("{s:[{s:s,s:s}],s:o}", "signatures",
		    "keyid", "my-root-key", "sig", sig, "signed", s);

		add(&r, "root.json", json_dumps(doc, 0));
		free(sig);
		json_decref(doc);
	}
	found = check(&r);
	CU_ASSERT(count(found, "update.tuf-keyid-mismatch", "root.json") ==
	    1);
	CU_ASSERT(count(found, "update.tuf-valid", "root.json") == 1);
	ev = evidence(found, "update.tuf-keyid-mismatch", "root.json");
	CU_ASSERT(strcmp(json_string_value(json_object_get(json_array_get(
	    json_object_get(ev, "not_sha256_of_key"), 0), "computed")),
	    keys[K_ROOT1].id) == 0);
	json_decref(found);
	repo_free(&r);
}

/*
 * securesystemslib re-encodes "signed" and verifies every signature whose
 * key it is given; its canonical bytes must hash as ours do and its
 * verdicts must match.  Its Ed25519 path is its own pure-Python code when
 * PyNaCl is absent; ECDSA and RSA-PSS go through python3-cryptography.
 */
static const char cross_check_py[] =
"import hashlib, json, sys\n"
"try:\n"
"    from securesystemslib import formats, keys\n"
"except ImportError:\n"
"    sys.exit(77)\n"
"keymap = json.load(open(sys.argv[1], encoding='utf-8'))\n"
"out = {}\n"
"for path in sys.argv[3:]:\n"
"    doc = json.load(open(path, encoding='utf-8'))\n"
"    canon = formats.encode_canonical(doc['signed']).encode('utf-8')\n"
"    res = {'canon_sha256': hashlib.sha256(canon).hexdigest(),\n"
"           'verified': [], 'failed': []}\n"
"    for s in doc['signatures']:\n"
"        key = keymap.get(s['keyid'])\n"
"        if key is None:\n"
"            continue\n"
"        key = dict(key, keyid=s['keyid'])\n"
"        try:\n"
"            ok = keys.verify_signature(key, s, canon)\n"
"        except Exception:\n"
"            ok = False\n"
"        res['verified' if ok else 'failed'].append(s['keyid'])\n"
"    out[path] = res\n"
"json.dump(out, open(sys.argv[2], 'w'))\n";

static void
test_securesystemslib(void)
{
	const char *argv[MAX_FILES + 5];
	char canon_sha[65], *path, *script, *keyfile, *outfile;
	struct tuf_meta m;
	unsigned long line;
	char why[128], *text;
	json_t *keymap, *out, *res, *custom, *s;
	struct repo r;
	size_t i, n = 0;
	int rc;

	good_repo(&r);
	/* Tricky strings and keys in a signed custom field. */
	{
		static const int tg[] = { K_TARGETS, -1 };

		text = targets_file(1, FUTURE, true);
		s = json_loads(text, 0, NULL);
		free(text);
		CU_ASSERT_FATAL(s != NULL);
		custom = json_pack("{s:s,s:s,s:s,s:{s:i,s:i,s:i,s:i}}",
		    "q", "a\"b\\c/d", "ctl", "\n\t\x01\x1f\x7f",
		    "uni", "\xc3\xa9\xe2\x80\xa8\xf0\x9f\x98\x80",
		    "k", "\xc3\xa9", 1, "Z", 2, "a", 3, "\xef\xbf\xbf", 4);
		json_object_set_new(json_object_get(json_object_get(
		    json_object_get(s, "signed"), "targets"), "fw.bin"),
		    "custom", custom);
		replace(&r, 3, envelope(json_incref(json_object_get(s,
		    "signed")), tg));
		json_decref(s);
	}
	replace(&r, 2, snapshot_file(1, 1, 1));
	replace(&r, 1, timestamp_file(1, 1, r.text[2], 0));
	/* The delegated file carries a broken signature. */
	set_text(&r, 4, tamper(r.text[4], 0));

	keymap = json_object();
	for (i = 0; i < NKEYS; i++)
		json_object_set(keymap, keys[i].id, keys[i].obj);
	keyfile = strdup(assay_test_path("keys.json"));
	outfile = strdup(assay_test_path("out.json"));
	script = strdup(assay_test_path("cross.py"));
	CU_ASSERT_FATAL(keyfile != NULL && outfile != NULL && script != NULL);
	CU_ASSERT_FATAL(json_dump_file(keymap, keyfile, 0) == 0);
	CU_ASSERT_FATAL(assay_test_write_file(script, cross_check_py,
	    strlen(cross_check_py)) == 0);
	argv[n++] = script;
	argv[n++] = keyfile;
	argv[n++] = outfile;
	for (i = 0; i < r.n; i++) {
		path = strdup(assay_test_path(strrchr(r.f[i].path, '/') + 1));
		CU_ASSERT_FATAL(path != NULL);
		CU_ASSERT_FATAL(assay_test_write_file(path, r.text[i],
		    strlen(r.text[i])) == 0);
		argv[n++] = path;
	}
	argv[n] = NULL;
	rc = assay_test_python(argv, false);
	if (rc == 77 || rc == -1) {
		fprintf(stderr, "python3-securesystemslib absent: cross-check "
		    "skipped\n");
		goto out;
	}
	CU_ASSERT_FATAL(rc == 0);
	out = json_load_file(outfile, 0, NULL);
	CU_ASSERT_FATAL(out != NULL);
	for (i = 0; i < r.n; i++) {
		res = json_object_get(out, argv[3 + i]);
		CU_ASSERT_FATAL(res != NULL);
		CU_ASSERT_FATAL(tuf_meta_parse(&m, r.f[i].data, r.f[i].len,
		    &line, why, sizeof(why)) == TUF_PARSED);
		CU_ASSERT(tuf_sha256_hex(m.canon, m.canonlen, canon_sha));
		ASSAY_CHECKF(strcmp(canon_sha, json_string_value(
		    json_object_get(res, "canon_sha256"))) == 0, "%s",
		    r.f[i].path);
		tuf_meta_release(&m);
		if (i == 4)
			ASSAY_CHECKF(json_array_size(json_object_get(res,
			    "failed")) == 1, "%s", r.f[i].path);
		else
			ASSAY_CHECKF(json_array_size(json_object_get(res,
			    "failed")) == 0 && json_array_size(
			    json_object_get(res, "verified")) >= 1, "%s",
			    r.f[i].path);
	}
	json_decref(out);
	/* And assay agrees: only the delegated signature is bad. */
	out = check(&r);
	CU_ASSERT(count(out, "update.tuf-bad-signature", "repo/vendor.json") ==
	    1);
	CU_ASSERT(count(out, "update.tuf-bad-signature", NULL) == 1);
	json_decref(out);
 out:
	for (i = 3; i < n; i++)
		free((char *)(uintptr_t)argv[i]);
	free(keyfile);
	free(outfile);
	free(script);
	json_decref(keymap);
	repo_free(&r);
}

static CU_TestInfo tuf_tests[] = {
	{ "canonical JSON", test_canonical_json },
	{ "expiry times", test_parse_time },
	{ "a repository that verifies", test_valid },
	{ "bad signatures per scheme", test_bad_signature },
	{ "threshold not met", test_threshold },
	{ "one key counted once", test_duplicate_key },
	{ "expired roles", test_expired },
	{ "versions and hashes disagree", test_version_mismatch },
	{ "root rotation", test_rotation },
	{ "target entries", test_target_entries },
	{ "delegation cycle", test_delegation_cycle },
	{ "bad input", test_bad_input },
	{ "keys, key ids and spec versions", test_keys },
	{ "agrees with securesystemslib", test_securesystemslib },
	CU_TEST_INFO_NULL,
};

static CU_SuiteInfo suites[] = {
	{ "tuf", suite_init, suite_cleanup, assay_test_setup,
	    assay_test_teardown, tuf_tests },
	CU_SUITE_INFO_NULL,
};

int
main(void)
{
	return assay_test_run(suites);
}
