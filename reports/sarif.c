/*
 * results.sarif: the findings as one SARIF 2.1.0 run, for code-scanning
 * dashboards and CI annotations.  The driver lists every rule assay can
 * emit (each registered probe's and the harness's), whether it fired or
 * not; each finding is a result pointing at its nested path.
 *
 * Locations are URI references relative to the uriBaseId ARTEFACTS, the
 * directory the artefacts were given from.  The nested path is kept
 * readable: "!" is a sub-delimiter RFC 3986 allows in a path, so
 * "fw.tar.gz!/etc/shadow" stays as it is; every byte a path may not hold
 * is percent-encoded, ":" always (so that no first segment reads as a
 * scheme), a leading "/" too (so that no path reads as an authority or an
 * absolute path), and "." or ".." segments are written "%2E" so that a
 * consumer's dot-segment removal cannot turn "fw.tar.gz!/../evil" into
 * "evil".
 *
 * Memory is the rule table plus one result at a time.
 */
#include "reports.h"

#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

#include "assay/buf.h"
#include "harness_rules.h"
#include "jsonout.h"

#define SARIF_SCHEMA	"https://docs.oasis-open.org/sarif/sarif/v2.1.0/" \
			"errata01/os/schemas/sarif-schema-2.1.0.json"
#define SARIF_VERSION	"2.1.0"
#define URI_BASE	"ARTEFACTS"
#define FINGERPRINT	"assay/v1"

/* A path is at most a few KiB; its encoding at most three times that. */
#define URI_MAX		(64u * 1024u)

/* One rule of the driver's table, and the probe that declares it. */
struct rule_ref {
	const struct assay_rule *rule;
	const char *probe;
};

struct rule_table {
	struct rule_ref *v;
	size_t n;
};

static int
cmp_rule(const void *a, const void *b)
{
	const struct rule_ref *ra = a, *rb = b;

	return strcmp(ra->rule->id, rb->rule->id);
}

static int
cmp_rule_key(const void *key, const void *elem)
{
	const struct rule_ref *r = elem;

	return strcmp(key, r->rule->id);
}

static size_t
count_rules(const struct assay_probe *p)
{
	const struct assay_rule *r;
	size_t n = 0;

	for (r = p->rules; r != NULL && r->id != NULL; r++)
		n++;
	return n;
}

static void
add_rules(struct rule_table *t, const struct assay_probe *p)
{
	const struct assay_rule *r;

	for (r = p->rules; r != NULL && r->id != NULL; r++) {
		t->v[t->n].rule = r;
		t->v[t->n].probe = p->name;
		t->n++;
	}
}

/*
 * Every rule of the harness and of every registered probe, sorted by id,
 * each id once (the registry keeps ids unique per probe name; a plug-in
 * calling itself "harness" would repeat the harness's).
 */
static enum assay_err
build_rules(const struct assay_registry *reg, struct rule_table *t,
    struct assay_error *err)
{
	size_t i, n, k;

	t->v = NULL;
	t->n = 0;
	n = count_rules(&assay_harness_probe);
	for (i = 0; reg != NULL && i < reg->n; i++)
		n += count_rules(&reg->v[i].ops);
	if (n == 0)
		return ASSAY_OK;
	if ((t->v = calloc(n, sizeof(*t->v))) == NULL)
		return assay_seterr(err, ASSAY_ERR_NOMEM, "out of memory");
	add_rules(t, &assay_harness_probe);
	for (i = 0; reg != NULL && i < reg->n; i++)
		add_rules(t, &reg->v[i].ops);
	qsort(t->v, t->n, sizeof(*t->v), cmp_rule);
	for (i = 1, k = 1; i < t->n; i++)
		if (strcmp(t->v[i].rule->id, t->v[k - 1].rule->id) != 0)
			t->v[k++] = t->v[i];
	t->n = k;
	return ASSAY_OK;
}

/* SARIF's four levels: critical and high fail a build, medium warns. */
static const char *
sarif_level(enum assay_severity sev)
{
	switch (sev) {
	case ASSAY_SEV_CRITICAL:
	case ASSAY_SEV_HIGH:
		return "error";
	case ASSAY_SEV_MEDIUM:
		return "warning";
	case ASSAY_SEV_LOW:
	case ASSAY_SEV_INFO:
		break;
	}
	return "note";
}

/*
 * The CVSS-like score code-scanning services sort by, one per band
 * (critical above 9.0, high 7.0 to 8.9, medium 4.0 to 6.9, low below).
 */
static const char *
security_severity(enum assay_severity sev)
{
	switch (sev) {
	case ASSAY_SEV_CRITICAL:
		return "9.5";
	case ASSAY_SEV_HIGH:
		return "8.0";
	case ASSAY_SEV_MEDIUM:
		return "5.5";
	case ASSAY_SEV_LOW:
		return "2.0";
	case ASSAY_SEV_INFO:
		break;
	}
	return "0.0";
}

static bool
uri_keeps(unsigned char c)
{
	if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9'))
		return true;
	/* unreserved, sub-delims, "@" and "/"; ":" is left out on purpose */
	return c != '\0' && strchr("-._~!$&'()*+,;=@/", c) != NULL;
}

/* Whether the segment starting at p is "." or "..". */
static bool
dot_segment(const unsigned char *p)
{
	if (p[0] != '.')
		return false;
	if (p[1] == '\0' || p[1] == '/')
		return true;
	return p[1] == '.' && (p[2] == '\0' || p[2] == '/');
}

/* The path as a relative URI reference (see the top of this file). */
static enum assay_err
uri_reference(const char *path, struct assay_buf *b)
{
	static const char digits[] = "0123456789ABCDEF";
	const unsigned char *p = (const unsigned char *)path;
	enum assay_err r = ASSAY_OK;
	bool dots = dot_segment(p);
	char enc[3];
	size_t i;

	for (i = 0; p[i] != '\0' && r == ASSAY_OK; i++) {
		if (p[i] == '/' && i > 0) {
			r = assay_buf_add(b, "/", 1);
			dots = dot_segment(p + i + 1);
			continue;
		}
		if (uri_keeps(p[i]) && p[i] != '/' && !(p[i] == '.' && dots)) {
			r = assay_buf_add(b, p + i, 1);
			continue;
		}
		enc[0] = '%';
		enc[1] = digits[p[i] >> 4];
		enc[2] = digits[p[i] & 0x0f];
		r = assay_buf_add(b, enc, sizeof(enc));
	}
	return r;
}

/* SHA-256 of rule, path and evidence, NUL-separated: stable across lines. */
static enum assay_err
fingerprint(const struct assay_finding_rec *f, const char *path,
    unsigned char md[32], struct assay_error *err)
{
	enum assay_err r = ASSAY_ERR_CRYPTO;
	const char *evidence = f->evidence != NULL ? f->evidence : "";
	unsigned int mdlen = 0;
	EVP_MD_CTX *ctx;

	if ((ctx = EVP_MD_CTX_new()) == NULL)
		return assay_seterr(err, ASSAY_ERR_NOMEM, "out of memory");
	if (EVP_DigestInit_ex(ctx, EVP_sha256(), NULL) != 1 ||
	    EVP_DigestUpdate(ctx, f->rule, strlen(f->rule) + 1) != 1 ||
	    EVP_DigestUpdate(ctx, path, strlen(path) + 1) != 1 ||
	    EVP_DigestUpdate(ctx, evidence, strlen(evidence)) != 1 ||
	    EVP_DigestFinal_ex(ctx, md, &mdlen) != 1 || mdlen != 32) {
		r = assay_seterr_crypto(err, "cannot hash a SARIF fingerprint");
		goto out;
	}
	r = ASSAY_OK;
 out:
	EVP_MD_CTX_free(ctx);
	return r;
}

static void
write_text(struct assay_jsonout *w, const char *key, const char *text)
{
	assay_jsonout_key(w, key);
	assay_jsonout_begin_object(w);
	assay_jsonout_kstring(w, "text", text);
	assay_jsonout_end_object(w);
}

static void
write_rule(struct assay_jsonout *w, const struct assay_scan_summary *s,
    const struct rule_ref *ref)
{
	const struct assay_rule *rule = ref->rule;
	const struct assay_control *c;
	enum assay_severity sev = rule->severity;
	size_t i, n;

	if (s->profile != NULL)
		sev = assay_profile_severity(s->profile, rule->id, sev);
	assay_jsonout_begin_object(w);
	assay_jsonout_key(w, "defaultConfiguration");
	assay_jsonout_begin_object(w);
	assay_jsonout_kstring(w, "level", sarif_level(sev));
	assay_jsonout_end_object(w);
	assay_jsonout_kstring(w, "id", rule->id);
	assay_jsonout_key(w, "properties");
	assay_jsonout_begin_object(w);
	assay_jsonout_kstring(w, "probe", ref->probe);
	assay_jsonout_kstring(w, "security-severity", security_severity(sev));
	assay_jsonout_kstring(w, "severity", assay_severity_name(sev));
	if (s->profile != NULL) {
		/* The controls that list the rule, in the profile's order. */
		assay_jsonout_key(w, "tags");
		assay_jsonout_begin_array(w);
		n = assay_profile_control_count(s->profile);
		for (i = 0; i < n; i++) {
			c = assay_profile_control(s->profile, i);
			if (c != NULL && assay_control_covers(c, rule->id))
				assay_jsonout_string(w, c->id);
		}
		assay_jsonout_end_array(w);
	}
	assay_jsonout_end_object(w);
	write_text(w, "shortDescription", rule->title != NULL ?
	    rule->title : rule->id);
	assay_jsonout_end_object(w);
}

static void
write_driver(struct assay_jsonout *w, const struct assay_scan_summary *s,
    const struct rule_table *t)
{
	size_t i;

	assay_jsonout_key(w, "tool");
	assay_jsonout_begin_object(w);
	assay_jsonout_key(w, "driver");
	assay_jsonout_begin_object(w);
	assay_jsonout_kstring(w, "name", "assay");
	assay_jsonout_key(w, "rules");
	assay_jsonout_begin_array(w);
	for (i = 0; i < t->n; i++)
		write_rule(w, s, &t->v[i]);
	assay_jsonout_end_array(w);
	assay_jsonout_kstring(w, "semanticVersion", ASSAY_VERSION);
	assay_jsonout_kstring(w, "version", ASSAY_VERSION);
	assay_jsonout_end_object(w);
	assay_jsonout_end_object(w);
}

static enum assay_err
write_location(struct assay_jsonout *w, const char *path,
    unsigned long line, struct assay_error *err)
{
	struct assay_buf uri = ASSAY_BUF_INIT(URI_MAX);
	enum assay_err r;

	if ((r = uri_reference(path, &uri)) != ASSAY_OK) {
		r = assay_seterr(err, r, "results.sarif: cannot encode the "
		    "path %s", path);
		goto out;
	}
	assay_jsonout_key(w, "locations");
	assay_jsonout_begin_array(w);
	assay_jsonout_begin_object(w);
	assay_jsonout_key(w, "physicalLocation");
	assay_jsonout_begin_object(w);
	assay_jsonout_key(w, "artifactLocation");
	assay_jsonout_begin_object(w);
	assay_jsonout_key(w, "uri");
	assay_jsonout_stringn(w, uri.data != NULL ? uri.data : "", uri.len);
	assay_jsonout_kstring(w, "uriBaseId", URI_BASE);
	assay_jsonout_end_object(w);
	if (line > 0) {
		assay_jsonout_key(w, "region");
		assay_jsonout_begin_object(w);
		assay_jsonout_kuint(w, "startLine", line);
		assay_jsonout_end_object(w);
	}
	assay_jsonout_end_object(w);
	assay_jsonout_end_object(w);
	assay_jsonout_end_array(w);
 out:
	assay_buf_release(&uri);
	return r;
}

/* A waived finding is a result suppressed outside the code it is about. */
static void
write_suppression(struct assay_jsonout *w, const struct assay_scan_summary *s,
    long waiver)
{
	const struct assay_waiver *wv = NULL;

	if (s->waivers != NULL && waiver >= 0 &&
	    (size_t)waiver < s->waivers->n)
		wv = &s->waivers->v[waiver];
	assay_jsonout_key(w, "suppressions");
	assay_jsonout_begin_array(w);
	assay_jsonout_begin_object(w);
	if (wv != NULL && wv->reason != NULL)
		assay_jsonout_kstring(w, "justification", wv->reason);
	assay_jsonout_kstring(w, "kind", "external");
	if (wv != NULL) {
		assay_jsonout_key(w, "properties");
		assay_jsonout_begin_object(w);
		assay_jsonout_kstring(w, "author", wv->author);
		assay_jsonout_kstring(w, "expires", wv->expires);
		assay_jsonout_kstring(w, "path", wv->path);
		assay_jsonout_kstring(w, "rule", wv->rule);
		assay_jsonout_end_object(w);
	}
	assay_jsonout_kstring(w, "status", "accepted");
	assay_jsonout_end_object(w);
	assay_jsonout_end_array(w);
}

static enum assay_err
write_result(struct assay_jsonout *w, const struct assay_scan_summary *s,
    const struct rule_table *t, const struct assay_finding_rec *f,
    struct assay_error *err)
{
	const struct assay_entry *e = NULL;
	const struct rule_ref *ref;
	unsigned char md[32];
	const char *path;
	enum assay_err r;

	if (f->entry != ASSAY_NO_ENTRY)
		e = assay_inventory_get(s->inv, f->entry);
	path = e != NULL ? e->path : "";
	if ((r = fingerprint(f, path, md, err)) != ASSAY_OK)
		return r;
	ref = t->n > 0 ? bsearch(f->rule, t->v, t->n, sizeof(*t->v),
	    cmp_rule_key) : NULL;
	assay_jsonout_begin_object(w);
	assay_jsonout_kstring(w, "level", sarif_level(f->severity));
	/* A finding about the scan as a whole has no location. */
	if (e != NULL && (r = write_location(w, e->path, f->line, err)) !=
	    ASSAY_OK)
		return r;
	write_text(w, "message", f->message != NULL ? f->message : f->rule);
	assay_jsonout_key(w, "partialFingerprints");
	assay_jsonout_begin_object(w);
	assay_jsonout_key(w, FINGERPRINT);
	assay_jsonout_hex(w, md, sizeof(md));
	assay_jsonout_end_object(w);
	assay_jsonout_key(w, "properties");
	assay_jsonout_begin_object(w);
	assay_jsonout_kstring(w, "probe", f->probe);
	if (e != NULL && e->hashed) {
		assay_jsonout_key(w, "sha256");
		assay_jsonout_hex(w, e->sha256, sizeof(e->sha256));
	}
	assay_jsonout_kstring(w, "severity", assay_severity_name(f->severity));
	assay_jsonout_end_object(w);
	assay_jsonout_kstring(w, "ruleId", f->rule);
	if (ref != NULL)
		assay_jsonout_kuint(w, "ruleIndex", (uint64_t)(ref - t->v));
	if (f->waiver >= 0)
		write_suppression(w, s, f->waiver);
	assay_jsonout_end_object(w);
	return ASSAY_OK;
}

static enum assay_err
write_artifacts(struct assay_jsonout *w, const struct assay_scan_summary *s,
    struct assay_error *err)
{
	struct assay_buf uri = ASSAY_BUF_INIT(URI_MAX);
	const struct assay_artefact *art;
	const struct assay_entry *e;
	enum assay_err r = ASSAY_OK;
	size_t i, n;

	assay_jsonout_key(w, "artifacts");
	assay_jsonout_begin_array(w);
	n = assay_inventory_artefact_count(s->inv);
	for (i = 0; i < n; i++) {
		art = assay_inventory_artefact(s->inv, i);
		e = assay_inventory_get(s->inv, art->entry);
		assay_buf_release(&uri);
		if ((r = uri_reference(e != NULL ? e->path : "", &uri)) !=
		    ASSAY_OK) {
			r = assay_seterr(err, r, "results.sarif: cannot "
			    "encode the name of artefact %zu", i);
			goto out;
		}
		assay_jsonout_begin_object(w);
		assay_jsonout_key(w, "hashes");
		assay_jsonout_begin_object(w);
		assay_jsonout_key(w, "sha-256");
		assay_jsonout_hex(w, art->sha256, sizeof(art->sha256));
		assay_jsonout_key(w, "sha-512");
		assay_jsonout_hex(w, art->sha512, sizeof(art->sha512));
		assay_jsonout_end_object(w);
		assay_jsonout_kuint(w, "length", art->size);
		assay_jsonout_key(w, "location");
		assay_jsonout_begin_object(w);
		assay_jsonout_key(w, "uri");
		assay_jsonout_stringn(w, uri.data != NULL ? uri.data : "",
		    uri.len);
		assay_jsonout_kstring(w, "uriBaseId", URI_BASE);
		assay_jsonout_end_object(w);
		assay_jsonout_key(w, "roles");
		assay_jsonout_begin_array(w);
		assay_jsonout_string(w, "analysisTarget");
		assay_jsonout_end_array(w);
		assay_jsonout_end_object(w);
	}
	assay_jsonout_end_array(w);
 out:
	assay_buf_release(&uri);
	return r;
}

static void
write_notification(struct assay_jsonout *w, const char *level,
    const char *what, const char *detail)
{
	struct assay_buf text = ASSAY_BUF_INIT(16384);

	if (assay_buf_addf(&text, "%s%s%s", what, detail != NULL ? ": " : "",
	    detail != NULL ? detail : "") != ASSAY_OK)
		assay_buf_release(&text);
	assay_jsonout_begin_object(w);
	assay_jsonout_kstring(w, "level", level);
	write_text(w, "message", text.data != NULL ? text.data : what);
	assay_jsonout_end_object(w);
	assay_buf_release(&text);
}

/*
 * The run is successful when every probe did its job; a probe that failed
 * and an input that could not be fully read are told as notifications.
 */
static void
write_invocation(struct assay_jsonout *w, const struct assay_scan_summary *s)
{
	const struct assay_probe_outcome *o;
	char started[21], finished[21], what[256];
	bool ok = true, any = false;
	size_t i;
	int k;

	assay_format_time(s->started, started);
	assay_format_time(s->finished, finished);
	for (i = 0; s->run != NULL && i < s->run->n; i++)
		if (!s->run->outcomes[i].ok)
			ok = false;
	assay_jsonout_key(w, "invocations");
	assay_jsonout_begin_array(w);
	assay_jsonout_begin_object(w);
	assay_jsonout_kstring(w, "endTimeUtc", finished);
	assay_jsonout_kbool(w, "executionSuccessful", ok);
	assay_jsonout_kstring(w, "startTimeUtc", started);
	if (!ok || s->incomplete) {
		assay_jsonout_key(w, "toolExecutionNotifications");
		assay_jsonout_begin_array(w);
		any = true;
	}
	for (i = 0; s->run != NULL && i < s->run->n; i++) {
		o = &s->run->outcomes[i];
		if (o->ok)
			continue;
		k = snprintf(what, sizeof(what), "probe %s failed",
		    o->name != NULL ? o->name : "?");
		if (k < 0 || (size_t)k >= sizeof(what))
			what[0] = '\0';
		write_notification(w, "error", what[0] != '\0' ? what :
		    "a probe failed", o->error);
	}
	if (s->incomplete)
		write_notification(w, "warning", "an input could not be fully "
		    "examined; coverage.json tells what was not", NULL);
	if (any)
		assay_jsonout_end_array(w);
	assay_jsonout_end_object(w);
	assay_jsonout_end_array(w);
}

static void
write_run_properties(struct assay_jsonout *w,
    const struct assay_scan_summary *s)
{
	const char *result = "no-profile";

	if (s->profile != NULL && s->verdict != NULL)
		result = s->verdict->result == ASSAY_RESULT_FAILED ?
		    "failed" : "passed";
	assay_jsonout_key(w, "originalUriBaseIds");
	assay_jsonout_begin_object(w);
	assay_jsonout_key(w, URI_BASE);
	assay_jsonout_begin_object(w);
	write_text(w, "description", "the directory the artefacts were "
	    "given from; a path after \"!/\" is inside the archive before it");
	assay_jsonout_end_object(w);
	assay_jsonout_end_object(w);
	assay_jsonout_key(w, "properties");
	assay_jsonout_begin_object(w);
	assay_jsonout_key(w, "profile");
	if (s->profile == NULL)
		assay_jsonout_null(w);
	else {
		assay_jsonout_begin_object(w);
		assay_jsonout_kstring(w, "id", assay_profile_id(s->profile));
		assay_jsonout_kstring(w, "sha256",
		    assay_profile_sha256(s->profile));
		assay_jsonout_kstring(w, "version",
		    assay_profile_version(s->profile));
		assay_jsonout_end_object(w);
	}
	assay_jsonout_kstring(w, "result", result);
	assay_jsonout_end_object(w);
}

enum assay_err
assay_write_sarif(int dirfd, const struct assay_scan_summary *s,
    struct assay_error *err)
{
	static const struct assay_findings none = ASSAY_FINDINGS_INIT;
	const struct assay_findings *fs = s->findings != NULL ?
	    s->findings : &none;
	struct assay_jsonout *w = NULL;
	struct rule_table t = { NULL, 0 };
	enum assay_err r;
	size_t i;

	if ((r = build_rules(s->reg, &t, err)) != ASSAY_OK)
		goto out;
	if ((r = assay_jsonout_create(dirfd, "results.sarif", &w, err)) !=
	    ASSAY_OK)
		goto out;
	assay_jsonout_begin_object(w);
	assay_jsonout_kstring(w, "$schema", SARIF_SCHEMA);
	assay_jsonout_key(w, "runs");
	assay_jsonout_begin_array(w);
	assay_jsonout_begin_object(w);
	if ((r = write_artifacts(w, s, err)) != ASSAY_OK)
		goto out;
	write_invocation(w, s);
	write_run_properties(w, s);
	assay_jsonout_key(w, "results");
	assay_jsonout_begin_array(w);
	for (i = 0; i < fs->n && assay_jsonout_status(w) == ASSAY_OK; i++)
		if ((r = write_result(w, s, &t, &fs->v[i], err)) != ASSAY_OK)
			goto out;
	assay_jsonout_end_array(w);
	write_driver(w, s, &t);
	assay_jsonout_end_object(w);
	assay_jsonout_end_array(w);
	assay_jsonout_kstring(w, "version", SARIF_VERSION);
	assay_jsonout_end_object(w);
	r = assay_jsonout_finish(w, err);
	w = NULL;
 out:
	assay_jsonout_free(w);
	free(t.v);
	return r;
}
