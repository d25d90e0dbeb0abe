/*
 * assay verify: checks a finished bundle and prints one line per check,
 * "ok   <check>: ..." or "FAIL <check>: ...", naming the file concerned.
 *
 *   SHA256SUMS   lists exactly the bundle's other files, each with its
 *                digest (a flat directory of regular files, nothing else)
 *   signature    the DSSE envelope's signature over the PAE of its payload,
 *                by the --trust key; without --trust only an unsigned
 *                envelope passes, and the line says that it proves nothing
 *                about who wrote the bundle
 *   statement    the signed statement equals the one the bundle's own
 *                files imply (attest.h): subjects = the manifest's
 *                artefacts, policy = its profile, result = verdict.json's,
 *                and every other file's digest as signed
 *   attestation  the manifest's record of how the bundle was signed agrees
 *                with the envelope, the --trust key and attestation.tsr
 *   timestamp    attestation.tsr, when present, is a granted RFC 3161
 *                answer whose imprint is SHA-256 of the signature (of the
 *                PAE when unsigned); the authority's own signature needs
 *                its CA, which verify is not given, and the line says so
 *
 * Invariants: the statement is parsed from the very bytes whose signature
 * was checked; every read is bounded; every byte printed that came from the
 * bundle goes through assay_print_safe().  A bundle that fails a check is
 * not an error: the function returns ASSAY_OK with *okp false.
 */
#include "reports.h"
#include "attest.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>
#include <openssl/asn1.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/ts.h>
#include <openssl/x509.h>

#include "bundlefs.h"
#include "digest.h"
#include "keys.h"

/* verdict.json lists every control and the findings behind it. */
#define VERDICT_MAX	((size_t)256 << 20)

#define DETAIL_MAX	2048

struct verify {
	FILE *out;
	int dirfd;
	bool ok;			/* every check so far held */
	struct assay_bundlefs_list files;
	EVP_PKEY *trust;		/* NULL: no --trust */
	char trust_id[65];
	json_t *manifest;		/* NULL: it did not load */
	unsigned char *payload;		/* the envelope's decoded payload */
	size_t payload_len;
	unsigned char *pae;
	size_t pae_len;
	unsigned char *sig0;		/* the first signature: what is stamped */
	size_t sig0_len;
	size_t nsig;
	char *keyid0;			/* the first signature's keyid hint */
	bool envelope_ok;		/* it parsed and its payload decoded */
	bool signature_ok;		/* one verified with the trusted key */
};

/*
 * One line of the report.  name (may be NULL) and the formatted detail
 * (may be NULL) are printed safely, since either may come from the bundle.
 */
static void report(struct verify *v, bool ok, const char *check,
    const char *name, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

static void
report(struct verify *v, bool ok, const char *check, const char *name,
    const char *fmt, ...)
{
	char detail[DETAIL_MAX];
	va_list ap;

	if (!ok)
		v->ok = false;
	fprintf(v->out, "%s %s: ", ok ? "ok  " : "FAIL", check);
	if (name != NULL)
		assay_print_safe(v->out, name);
	if (fmt != NULL) {
		va_start(ap, fmt);
		if (vsnprintf(detail, sizeof(detail), fmt, ap) < 0)
			detail[0] = '\0';
		va_end(ap);
		if (name != NULL)
			fputs(": ", v->out);
		assay_print_safe(v->out, detail);
	}
	fputc('\n', v->out);
}

static const struct assay_bundlefs_entry *
find_file(const struct verify *v, const char *name)
{
	size_t lo = 0, hi = v->files.n, mid;
	int c;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if ((c = strcmp(name, v->files.v[mid].name)) == 0)
			return &v->files.v[mid];
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

/* Equal values, or both absent (json_equal() calls two NULLs unequal). */
static bool
same(json_t *a, json_t *b)
{
	return (a == NULL && b == NULL) || json_equal(a, b);
}

/* ---- SHA256SUMS ---------------------------------------------------- */

struct sum {
	const char *name;	/* inside the SHA256SUMS text */
	const char *hex;	/* 64 lower-case hex digits, not terminated */
};

static bool
sum_name_ok(const char *name)
{
	const unsigned char *p;

	if (name[0] == '\0' || strcmp(name, ".") == 0 ||
	    strcmp(name, "..") == 0 || strcmp(name, ASSAY_BUNDLE_SUMS) == 0)
		return false;
	for (p = (const unsigned char *)name; *p != '\0'; p++)
		if (*p < 0x20 || *p == 0x7f || *p == '/' || *p == '\\')
			return false;
	return true;
}

static bool
lower_hex(const char *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!((p[i] >= '0' && p[i] <= '9') ||
		    (p[i] >= 'a' && p[i] <= 'f')))
			return false;
	return true;
}

/*
 * Splits text (NUL-terminated, len bytes) into lines of the form
 * "<64 hex>  <name>\n", in strictly increasing name order; text is cut into
 * strings in place.  A malformed line is reported and skipped.
 */
static struct sum *
parse_sums(struct verify *v, char *text, size_t len, size_t *np)
{
	struct sum *sums = NULL;
	const char *prev = NULL;
	size_t n = 0, line = 0;
	char *p = text, *nl;

	*np = 0;
	/* No more lines than the bundle may have files. */
	if ((sums = calloc(ASSAY_BUNDLEFS_MAX_ENTRIES, sizeof(*sums))) ==
	    NULL)
		return NULL;
	while (p < text + len) {
		line++;
		if ((nl = memchr(p, '\n', (size_t)(text + len - p))) == NULL) {
			report(v, false, ASSAY_BUNDLE_SUMS, NULL, "line %zu is "
			    "not ended by a newline", line);
			break;
		}
		*nl = '\0';
		if ((size_t)(nl - p) < 64 + 2 + 1 || !lower_hex(p, 64) ||
		    p[64] != ' ' || p[65] != ' ' ||
		    strlen(p + 66) != (size_t)(nl - p) - 66 ||
		    !sum_name_ok(p + 66)) {
			report(v, false, ASSAY_BUNDLE_SUMS, NULL, "line %zu is "
			    "not \"<sha256 hex>  <file name>\"", line);
		} else if (prev != NULL && strcmp(prev, p + 66) >= 0) {
			report(v, false, ASSAY_BUNDLE_SUMS, p + 66, "listed "
			    "twice or out of order (line %zu)", line);
		} else if (n == ASSAY_BUNDLEFS_MAX_ENTRIES) {
			report(v, false, ASSAY_BUNDLE_SUMS, NULL, "more than "
			    "%d lines", ASSAY_BUNDLEFS_MAX_ENTRIES);
			break;
		} else {
			sums[n].hex = p;
			sums[n].name = p + 66;
			prev = sums[n].name;
			n++;
		}
		p = nl + 1;
	}
	*np = n;
	return sums;
}

static const struct sum *
find_sum(const struct sum *sums, size_t n, const char *name)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(sums[i].name, name) == 0)
			return &sums[i];
	return NULL;
}

static enum assay_err
check_sums(struct verify *v, struct assay_error *err)
{
	const struct assay_bundlefs_entry *e;
	struct assay_error local;
	unsigned char *text = NULL, md[32];
	struct sum *sums = NULL;
	enum assay_err r;
	char hex[65];
	size_t len = 0, n = 0, i;

	r = assay_bundlefs_read(v->dirfd, ASSAY_BUNDLE_SUMS, ASSAY_SUMS_MAX,
	    &text, &len, &local);
	if (r == ASSAY_ERR_NOMEM) {
		r = assay_seterr(err, r, "out of memory");
		goto out;
	}
	if (r != ASSAY_OK) {
		report(v, false, ASSAY_BUNDLE_SUMS, NULL, "%s", r ==
		    ASSAY_ERR_NOT_FOUND ? "missing, so no file's digest can be "
		    "checked against it" : local.msg);
		r = ASSAY_OK;
		goto out;
	}
	if ((sums = parse_sums(v, (char *)text, len, &n)) == NULL) {
		r = assay_seterr(err, ASSAY_ERR_NOMEM, "out of memory");
		goto out;
	}
	/* Every file but SHA256SUMS itself must be listed ... */
	for (i = 0; i < v->files.n; i++) {
		e = &v->files.v[i];
		if (strcmp(e->name, ASSAY_BUNDLE_SUMS) == 0)
			continue;
		if (find_sum(sums, n, e->name) == NULL)
			report(v, false, ASSAY_BUNDLE_SUMS, e->name, "%s",
			    e->regular ? "in the bundle but not listed" :
			    "not a regular file, and not listed");
	}
	/* ... and every listed file must be there, unchanged. */
	for (i = 0; i < n; i++) {
		if ((e = find_file(v, sums[i].name)) == NULL) {
			report(v, false, ASSAY_BUNDLE_SUMS, sums[i].name,
			    "listed but missing");
			continue;
		}
		if (!e->regular) {
			report(v, false, ASSAY_BUNDLE_SUMS, e->name, "not a "
			    "regular file");
			continue;
		}
		if ((r = assay_bundlefs_sha256(v->dirfd, e->name, md,
		    &local)) != ASSAY_OK) {
			report(v, false, ASSAY_BUNDLE_SUMS, e->name, "%s",
			    local.msg);
			continue;
		}
		assay_hex(md, sizeof(md), hex);
		if (memcmp(hex, sums[i].hex, 64) == 0)
			report(v, true, ASSAY_BUNDLE_SUMS, e->name, NULL);
		else
			report(v, false, ASSAY_BUNDLE_SUMS, e->name, "digest "
			    "differs from SHA256SUMS");
	}
	r = ASSAY_OK;
 out:
	free(sums);
	free(text);
	return r;
}

/* ---- the envelope and its signature -------------------------------- */

static void
check_signature(struct verify *v)
{
	const char *hint = v->keyid0 != NULL ? v->keyid0 : "none";

	if (v->trust == NULL) {
		if (v->nsig == 0)
			report(v, true, "signature", NULL, "none: the bundle is "
			    "unsigned, so its checks show integrity only, not "
			    "who wrote it");
		else
			report(v, false, "signature", NULL, "signed (keyid "
			    "%s) but not checked (no --trust given); pass the "
			    "lab's public key with --trust", hint);
		return;
	}
	if (v->nsig == 0) {
		report(v, false, "signature", NULL, "the envelope is "
		    "unsigned, but --trust was given");
		return;
	}
	if (v->signature_ok)
		report(v, true, "signature", NULL, "verified with the trusted "
		    "%s key %s", assay_key_type(v->trust), v->trust_id);
	else
		report(v, false, "signature", NULL, "does not verify with the "
		    "trusted %s key %s", assay_key_type(v->trust),
		    v->trust_id);
}

static enum assay_err
check_envelope(struct verify *v, struct assay_error *err)
{
	const char *payload, *type, *sig, *keyid;
	struct assay_error local;
	json_t *env = NULL, *sigs, *s;
	enum assay_err r;
	unsigned char *raw = NULL;
	size_t rawlen = 0, i;

	r = assay_bundlefs_json(v->dirfd, ASSAY_BUNDLE_DSSE, ASSAY_DSSE_MAX,
	    &env, &local);
	if (r == ASSAY_ERR_NOMEM) {
		r = assay_seterr(err, r, "out of memory");
		goto out;
	}
	if (r != ASSAY_OK) {
		report(v, false, "signature", NULL, "%s", local.msg);
		r = ASSAY_OK;
		goto out;
	}
	r = ASSAY_OK;
	payload = json_string_value(json_object_get(env, "payload"));
	type = json_string_value(json_object_get(env, "payloadType"));
	sigs = json_object_get(env, "signatures");
	if (payload == NULL || type == NULL || !json_is_array(sigs)) {
		report(v, false, "signature", ASSAY_BUNDLE_DSSE, "not a DSSE "
		    "envelope (payload, payloadType, signatures)");
		goto out;
	}
	/* DSSE: reject a payload type the verifier does not know. */
	if (strcmp(type, ASSAY_DSSE_PAYLOAD_TYPE) != 0) {
		report(v, false, "signature", ASSAY_BUNDLE_DSSE, "payload "
		    "type is not %s", ASSAY_DSSE_PAYLOAD_TYPE);
		goto out;
	}
	if ((r = assay_b64_decode(payload, json_string_length(json_object_get(
	    env, "payload")), &v->payload, &v->payload_len)) != ASSAY_OK) {
		if (r == ASSAY_ERR_NOMEM) {
			r = assay_seterr(err, r, "out of memory");
			goto out;
		}
		report(v, false, "signature", ASSAY_BUNDLE_DSSE, "the "
		    "payload is not base64");
		r = ASSAY_OK;
		goto out;
	}
	if ((r = assay_dsse_pae(type, v->payload, v->payload_len, &v->pae,
	    &v->pae_len, err)) != ASSAY_OK)
		goto out;
	v->nsig = json_array_size(sigs);
	json_array_foreach(sigs, i, s) {
		sig = json_string_value(json_object_get(s, "sig"));
		keyid = json_string_value(json_object_get(s, "keyid"));
		if (sig == NULL || assay_b64_decode(sig, strlen(sig), &raw,
		    &rawlen) != ASSAY_OK) {
			report(v, false, "signature", ASSAY_BUNDLE_DSSE,
			    "signatures[%zu] has no base64 sig", i);
			free(raw);
			raw = NULL;
			continue;
		}
		/* DSSE: one signature by the trusted key is enough. */
		if (v->trust != NULL && !v->signature_ok &&
		    assay_dsse_verify(v->trust, v->pae, v->pae_len, raw,
		    rawlen))
			v->signature_ok = true;
		if (i == 0) {
			v->sig0 = raw;
			v->sig0_len = rawlen;
			raw = NULL;
			if (keyid != NULL && (v->keyid0 = strdup(keyid)) ==
			    NULL) {
				r = assay_seterr(err, ASSAY_ERR_NOMEM,
				    "out of memory");
				goto out;
			}
		}
		free(raw);
		raw = NULL;
	}
	v->envelope_ok = true;
	check_signature(v);
	r = ASSAY_OK;
 out:
	free(raw);
	json_decref(env);
	return r;
}

/* ---- the statement ------------------------------------------------- */

/* verdict.json's overall result as "PASSED" or "FAILED"; NULL: unknown. */
static const char *
verdict_result(struct verify *v)
{
	struct assay_error local;
	json_t *verdict = NULL;
	const char *s, *res = NULL;

	if (assay_bundlefs_json(v->dirfd, ASSAY_BUNDLE_VERDICT, VERDICT_MAX,
	    &verdict, &local) != ASSAY_OK) {
		report(v, false, "statement", NULL, "cannot compare the "
		    "result: %s", local.msg);
		return NULL;
	}
	/* The verdict must have been judged by the profile on record. */
	if (!same(json_object_get(json_object_get(verdict, "profile"),
	    "sha256"), json_object_get(json_object_get(v->manifest,
	    "profile"), "sha256")))
		report(v, false, "statement", ASSAY_BUNDLE_VERDICT, "judged by "
		    "another profile than the one manifest.json records");
	s = json_string_value(json_object_get(verdict, "result"));
	if (s != NULL && strcasecmp(s, "passed") == 0)
		res = "PASSED";
	else if (s != NULL && strcasecmp(s, "failed") == 0)
		res = "FAILED";
	else
		report(v, false, "statement", ASSAY_BUNDLE_VERDICT, "no "
		    "\"result\" of passed or failed");
	json_decref(verdict);
	return res;
}

/* The element of arr whose "name" equals that of like; NULL if none. */
static json_t *
find_named(json_t *arr, json_t *like)
{
	json_t *e, *name = json_object_get(like, "name");
	size_t i;

	json_array_foreach(arr, i, e)
		if (json_equal(json_object_get(e, "name"), name))
			return e;
	return NULL;
}

/* Compares the evidence lists by name: what changed since signing. */
static void
check_evidence(struct verify *v, json_t *want, json_t *got)
{
	const char *name;
	json_t *w, *g;
	size_t i, bad = 0;

	if (!json_is_array(got)) {
		report(v, false, "statement", NULL, "no %s list of the "
		    "bundle's files", ASSAY_EVIDENCE_KEY);
		return;
	}
	json_array_foreach(want, i, w) {
		name = json_string_value(json_object_get(w, "name"));
		if ((g = find_named(got, w)) == NULL) {
			report(v, false, "statement", name, "not covered by "
			    "the statement");
			bad++;
		} else if (!json_equal(w, g)) {
			report(v, false, "statement", name, "differs from the "
			    "digest in the statement");
			bad++;
		}
	}
	json_array_foreach(got, i, g) {
		if (find_named(want, g) != NULL)
			continue;
		name = json_string_value(json_object_get(g, "name"));
		report(v, false, "statement", name != NULL ? name :
		    "(unnamed)", "in the statement but not in the bundle");
		bad++;
	}
	if (bad == 0)
		report(v, true, "statement", NULL, "every file's digest "
		    "matches the statement (%zu files)", json_array_size(want));
}

/* Keys of a or b (objects) whose values differ, other than skip[]. */
static void
check_fields(struct verify *v, json_t *want, json_t *got, const char *where,
    const char *const *skip, size_t nskip, size_t *badp)
{
	json_t *objs[2] = { want, got };
	const char *key;
	json_t *val;
	size_t i, k;

	for (i = 0; i < 2; i++) {
		json_object_foreach(objs[i], key, val) {
			for (k = 0; k < nskip; k++)
				if (strcmp(key, skip[k]) == 0)
					break;
			if (k < nskip)
				continue;
			/* A key in both is judged once, from want. */
			if (i == 1 && json_object_get(want, key) != NULL)
				continue;
			if (!same(json_object_get(want, key),
			    json_object_get(got, key))) {
				report(v, false, "statement", NULL, "%s%s "
				    "differs from what manifest.json implies",
				    where, key);
				(*badp)++;
			}
		}
	}
}

static enum assay_err
check_statement(struct verify *v, struct assay_error *err)
{
	static const char *const top_skip[] = { "predicate", "subject" };
	static const char *const pred_skip[] = { "policy",
	    "verificationResult", ASSAY_EVIDENCE_KEY };
	json_t *got = NULL, *want = NULL, *gp, *wp, *gpol, *wpol;
	const char *result, *gres;
	struct assay_error local;
	json_error_t jerr;
	enum assay_err r = ASSAY_OK;
	size_t bad = 0;

	if (!v->envelope_ok || v->manifest == NULL) {
		report(v, false, "statement", NULL, "not checked: %s did not "
		    "load", !v->envelope_ok ? ASSAY_BUNDLE_DSSE :
		    ASSAY_BUNDLE_MANIFEST);
		goto out;
	}
	/* The bytes whose signature was checked, never the file again. */
	if ((got = json_loadb((const char *)v->payload, v->payload_len,
	    JSON_REJECT_DUPLICATES, &jerr)) == NULL || !json_is_object(got)) {
		report(v, false, "statement", NULL, "the payload is not a JSON "
		    "object");
		goto out;
	}
	result = verdict_result(v);
	r = assay_attest_statement(v->dirfd, v->manifest, result != NULL ?
	    result : "FAILED", &want, &local);
	if (r == ASSAY_ERR_NOMEM) {
		r = assay_seterr(err, r, "out of memory");
		goto out;
	}
	if (r != ASSAY_OK) {
		report(v, false, "statement", NULL, "%s", local.msg);
		r = ASSAY_OK;
		goto out;
	}
	if (json_equal(json_object_get(want, "subject"),
	    json_object_get(got, "subject")))
		report(v, true, "statement", NULL, "subjects match the "
		    "artefacts of manifest.json (%zu, by name, sha256 and "
		    "sha512)", json_array_size(json_object_get(want,
		    "subject")));
	else
		report(v, false, "statement", NULL, "subjects differ from the "
		    "artefacts of manifest.json");
	check_fields(v, want, got, "", top_skip, 2, &bad);
	wp = json_object_get(want, "predicate");
	gp = json_object_get(got, "predicate");
	if (!json_is_object(gp)) {
		report(v, false, "statement", NULL, "no predicate");
		goto out;
	}
	wpol = json_object_get(wp, "policy");
	gpol = json_object_get(gp, "policy");
	if (!same(json_object_get(wpol, "digest"),
	    json_object_get(gpol, "digest")))
		report(v, false, "statement", NULL, "policy digest differs "
		    "from the profile's sha256 in manifest.json");
	else if (!json_equal(wpol, gpol))
		report(v, false, "statement", NULL, "policy (profile, waivers, "
		    "data) differs from manifest.json");
	else
		report(v, true, "statement", NULL, "policy matches the profile "
		    "in manifest.json (%s)", json_string_value(
		    json_object_get(wpol, "uri")));
	gres = json_string_value(json_object_get(gp, "verificationResult"));
	if (result != NULL) {
		if (gres != NULL && strcmp(gres, result) == 0)
			report(v, true, "statement", NULL, "result %s matches "
			    "verdict.json", result);
		else
			report(v, false, "statement", NULL, "result %s differs "
			    "from verdict.json's %s", gres != NULL ? gres :
			    "(none)", result);
	}
	check_fields(v, wp, gp, "predicate.", pred_skip, 3, &bad);
	if (bad == 0)
		report(v, true, "statement", NULL, "type, verifier, time and "
		    "resource match manifest.json");
	check_evidence(v, json_object_get(wp, ASSAY_EVIDENCE_KEY),
	    json_object_get(gp, ASSAY_EVIDENCE_KEY));
 out:
	json_decref(got);
	json_decref(want);
	return r;
}

/* ---- the manifest's record, and the timestamp ---------------------- */

static void
check_record(struct verify *v)
{
	json_t *att;
	const char *keyid;
	bool is_signed, stamped, bad = false;

	if (v->manifest == NULL || !v->envelope_ok)
		return;
	att = json_object_get(v->manifest, "attestation");
	if (!json_is_object(att) ||
	    !json_is_boolean(json_object_get(att, "signed")) ||
	    !json_is_boolean(json_object_get(att, "timestamp"))) {
		report(v, false, "attestation", ASSAY_BUNDLE_MANIFEST, "no "
		    "record of how the bundle was signed");
		return;
	}
	is_signed = json_is_true(json_object_get(att, "signed"));
	stamped = json_is_true(json_object_get(att, "timestamp"));
	keyid = json_string_value(json_object_get(att, "keyid"));
	if (is_signed != (v->nsig > 0)) {
		report(v, false, "attestation", NULL, "manifest.json says the "
		    "bundle is %s, but the envelope is %s", is_signed ?
		    "signed" : "unsigned", v->nsig > 0 ? "signed" :
		    "unsigned");
		bad = true;
	}
	if (is_signed && (keyid == NULL || v->keyid0 == NULL ||
	    strcmp(keyid, v->keyid0) != 0)) {
		report(v, false, "attestation", NULL, "manifest.json names a "
		    "different signing key than the envelope");
		bad = true;
	}
	if (is_signed && v->trust != NULL && keyid != NULL &&
	    strcmp(keyid, v->trust_id) != 0) {
		report(v, false, "attestation", NULL, "manifest.json names "
		    "signing key %s, not the trusted key", keyid);
		bad = true;
	}
	if (stamped != (find_file(v, ASSAY_BUNDLE_TSR) != NULL)) {
		report(v, false, "attestation", NULL, "manifest.json says %s, "
		    "but %s", stamped ? "a timestamp was requested" : "no "
		    "timestamp was requested", stamped ? ASSAY_BUNDLE_TSR
		    " is missing" : ASSAY_BUNDLE_TSR " is present");
		bad = true;
	}
	if (!bad)
		report(v, true, "attestation", NULL, "manifest.json records "
		    "the envelope as %s%s", is_signed ? "signed" : "unsigned",
		    stamped ? ", with a timestamp" : "");
}

/* genTime as RFC 3339, or "an unreadable time". */
static void
token_time(TS_TST_INFO *tst, char out[32])
{
	const ASN1_GENERALIZEDTIME *t = TS_TST_INFO_get_time(tst);
	struct tm tm;

	memset(&tm, 0, sizeof(tm));
	if (t == NULL || ASN1_TIME_to_tm(t, &tm) != 1 ||
	    strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
		snprintf(out, 32, "an unreadable time");
}

static void
check_timestamp(struct verify *v)
{
	unsigned char *data = NULL, md[32];
	const unsigned char *p;
	struct assay_error local;
	const ASN1_OCTET_STRING *msg;
	const ASN1_OBJECT *oid = NULL;
	TS_MSG_IMPRINT *mi;
	TS_TST_INFO *tst;
	X509_ALGOR *alg;
	TS_RESP *tsr = NULL;
	unsigned int mdlen = 0;
	size_t len = 0;
	long status;
	char when[32];

	if (find_file(v, ASSAY_BUNDLE_TSR) == NULL)
		return;
	if (!v->envelope_ok) {
		report(v, false, "timestamp", ASSAY_BUNDLE_TSR, "not checked: "
		    "the envelope did not load");
		return;
	}
	if (assay_bundlefs_read(v->dirfd, ASSAY_BUNDLE_TSR, ASSAY_TSR_MAX,
	    &data, &len, &local) != ASSAY_OK) {
		report(v, false, "timestamp", NULL, "%s", local.msg);
		goto out;
	}
	p = data;
	if ((tsr = d2i_TS_RESP(NULL, &p, (long)len)) == NULL ||
	    p != data + len) {
		report(v, false, "timestamp", ASSAY_BUNDLE_TSR, "not a DER "
		    "RFC 3161 TimeStampResp");
		goto out;
	}
	status = ASN1_INTEGER_get(TS_STATUS_INFO_get0_status(
	    TS_RESP_get_status_info(tsr)));
	if ((status != 0 && status != 1) ||
	    (tst = TS_RESP_get_tst_info(tsr)) == NULL) {
		report(v, false, "timestamp", ASSAY_BUNDLE_TSR, "the authority "
		    "did not grant a token");
		goto out;
	}
	mi = TS_TST_INFO_get_msg_imprint(tst);
	alg = TS_MSG_IMPRINT_get_algo(mi);
	msg = TS_MSG_IMPRINT_get_msg(mi);
	if (alg != NULL)
		X509_ALGOR_get0(&oid, NULL, NULL, alg);
	if (oid == NULL || OBJ_obj2nid(oid) != NID_sha256 || msg == NULL ||
	    ASN1_STRING_length(msg) != 32) {
		report(v, false, "timestamp", ASSAY_BUNDLE_TSR, "the imprint "
		    "is not a SHA-256 digest");
		goto out;
	}
	if (EVP_Digest(v->sig0 != NULL ? v->sig0 : v->pae, v->sig0 != NULL ?
	    v->sig0_len : v->pae_len, md, &mdlen, EVP_sha256(), NULL) != 1) {
		report(v, false, "timestamp", NULL, "cannot compute SHA-256");
		goto out;
	}
	token_time(tst, when);
	if (memcmp(ASN1_STRING_get0_data(msg), md, sizeof(md)) != 0)
		report(v, false, "timestamp", ASSAY_BUNDLE_TSR, "the token "
		    "stamps other data than this bundle's %s",
		    v->sig0 != NULL ? "signature" : "envelope");
	else
		report(v, true, "timestamp", ASSAY_BUNDLE_TSR, "imprint "
		    "matches the %s, stamped at %s; the authority's signature "
		    "is not checked (no TSA CA given)", v->sig0 != NULL ?
		    "signature" : "envelope's PAE", when);
 out:
	ERR_clear_error();
	TS_RESP_free(tsr);
	free(data);
}

/* ---- the command --------------------------------------------------- */

enum assay_err
assay_verify_bundle(const char *dir, const char *trust, FILE *out,
    bool *okp, struct assay_error *err)
{
	struct assay_error local;
	struct verify v;
	enum assay_err r = ASSAY_ERR_INTERNAL;

	*okp = false;
	memset(&v, 0, sizeof(v));
	v.out = out;
	v.ok = true;
	v.dirfd = -1;
	if (trust != NULL) {
		if ((r = assay_load_public_key(trust, &v.trust, err)) !=
		    ASSAY_OK ||
		    (r = assay_key_id(v.trust, v.trust_id, err)) != ASSAY_OK)
			goto out;
	}
	if ((v.dirfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) == -1) {
		r = assay_seterr(err, errno == ENOENT ? ASSAY_ERR_NOT_FOUND :
		    ASSAY_ERR_IO, "cannot open bundle %s: %s", dir,
		    strerror(errno));
		goto out;
	}
	if ((r = assay_bundlefs_list(v.dirfd, &v.files, err)) != ASSAY_OK)
		goto out;
	if ((r = check_sums(&v, err)) != ASSAY_OK)
		goto out;
	r = assay_bundlefs_json(v.dirfd, ASSAY_BUNDLE_MANIFEST,
	    ASSAY_MANIFEST_MAX, &v.manifest, &local);
	if (r == ASSAY_ERR_NOMEM) {
		r = assay_seterr(err, r, "out of memory");
		goto out;
	}
	if (r != ASSAY_OK)
		report(&v, false, "manifest", NULL, "%s", local.msg);
	else if (!json_is_object(v.manifest)) {
		report(&v, false, "manifest", ASSAY_BUNDLE_MANIFEST, "not a "
		    "JSON object");
		json_decref(v.manifest);
		v.manifest = NULL;
	}
	if ((r = check_envelope(&v, err)) != ASSAY_OK ||
	    (r = check_statement(&v, err)) != ASSAY_OK)
		goto out;
	check_record(&v);
	check_timestamp(&v);
	if (fflush(out) == EOF || ferror(out)) {
		r = assay_seterr(err, ASSAY_ERR_IO, "cannot write the "
		    "verification report: %s", strerror(errno));
		goto out;
	}
	*okp = v.ok;
	r = ASSAY_OK;
 out:
	if (v.dirfd != -1)
		close(v.dirfd);
	assay_bundlefs_list_release(&v.files);
	EVP_PKEY_free(v.trust);
	json_decref(v.manifest);
	free(v.payload);
	free(v.pae);
	free(v.sig0);
	free(v.keyid0);
	return r;
}
