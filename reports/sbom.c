/*
 * sbom.cdx.json: a CycloneDX 1.6 bill of materials of the release.  The
 * first artefact is the BOM's subject (metadata.component) with its
 * digests; components lists what the dependencies probe identified inside
 * it, and nothing else: a component no probe evidenced is never made up.
 *
 * The serial number is a name-based (version 5) UUID, so the same scan
 * gives the same BOM and anyone can recompute it from the manifest: SHA-1
 * over the namespace SBOM_NAMESPACE and the text
 *	"sha256:<hex of artefact 1>\n" ... "sha256:<hex of artefact n>\n"
 *	"started:<scan start, RFC 3339>\n"
 * The start time is in it because CycloneDX asks for a new serial number
 * for each BOM generated, and a later scan of the same artefacts is
 * another BOM; with SOURCE_DATE_EPOCH it is as reproducible as the rest.
 */
#include "reports.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include <openssl/evp.h>

#include "digest.h"
#include "jsonout.h"

#define SBOM_SCHEMA	"http://cyclonedx.org/schema/bom-1.6.schema.json"
#define SBOM_FILE	"sbom.cdx.json"

/* uuid5(NAMESPACE_URL, "urn:assay:sbom-serial"): 1f1f7593-42f8-5697-... */
static const unsigned char sbom_namespace[16] = {
	0x1f, 0x1f, 0x75, 0x93, 0x42, 0xf8, 0x56, 0x97,
	0xb4, 0x95, 0x8e, 0xe3, 0x34, 0x5e, 0xb9, 0x00,
};

static enum assay_err
hash_update_hex(EVP_MD_CTX *ctx, const char *label, const unsigned char *p,
    size_t n)
{
	char hex[2 * 64 + 1];

	if (n > 64)
		return ASSAY_ERR_INTERNAL;
	assay_hex(p, n, hex);
	if (EVP_DigestUpdate(ctx, label, strlen(label)) != 1 ||
	    EVP_DigestUpdate(ctx, hex, 2 * n) != 1 ||
	    EVP_DigestUpdate(ctx, "\n", 1) != 1)
		return ASSAY_ERR_CRYPTO;
	return ASSAY_OK;
}

/* "urn:uuid:" and the version 5 UUID described at the top; 46 bytes. */
static enum assay_err
serial_number(const struct assay_scan_summary *s, char out[46],
    struct assay_error *err)
{
	const struct assay_artefact *art;
	unsigned char md[EVP_MAX_MD_SIZE];
	enum assay_err r = ASSAY_ERR_CRYPTO;
	char started[21];
	unsigned int mdlen = 0;
	EVP_MD_CTX *ctx;
	size_t i, n;
	int k;

	assay_format_time(s->started, started);
	if ((ctx = EVP_MD_CTX_new()) == NULL)
		return assay_seterr(err, ASSAY_ERR_NOMEM, "out of memory");
	if (EVP_DigestInit_ex(ctx, EVP_sha1(), NULL) != 1 ||
	    EVP_DigestUpdate(ctx, sbom_namespace,
	    sizeof(sbom_namespace)) != 1)
		goto crypto;
	n = assay_inventory_artefact_count(s->inv);
	for (i = 0; i < n; i++) {
		art = assay_inventory_artefact(s->inv, i);
		if (hash_update_hex(ctx, "sha256:", art->sha256,
		    sizeof(art->sha256)) != ASSAY_OK)
			goto crypto;
	}
	if (EVP_DigestUpdate(ctx, "started:", 8) != 1 ||
	    EVP_DigestUpdate(ctx, started, strlen(started)) != 1 ||
	    EVP_DigestUpdate(ctx, "\n", 1) != 1 ||
	    EVP_DigestFinal_ex(ctx, md, &mdlen) != 1 || mdlen < 16)
		goto crypto;
	md[6] = (unsigned char)((md[6] & 0x0f) | 0x50);	/* version 5 */
	md[8] = (unsigned char)((md[8] & 0x3f) | 0x80);	/* RFC 4122 variant */
	k = snprintf(out, 46, "urn:uuid:%02x%02x%02x%02x-%02x%02x-%02x%02x-"
	    "%02x%02x-%02x%02x%02x%02x%02x%02x", md[0], md[1], md[2], md[3],
	    md[4], md[5], md[6], md[7], md[8], md[9], md[10], md[11], md[12],
	    md[13], md[14], md[15]);
	if (k != 45) {
		r = assay_seterr(err, ASSAY_ERR_INTERNAL,
		    "sbom serial number does not fit");
		goto out;
	}
	r = ASSAY_OK;
	goto out;
 crypto:
	r = assay_seterr_crypto(err, "cannot hash the sbom serial number");
 out:
	EVP_MD_CTX_free(ctx);
	return r;
}

static void
write_hash(struct assay_jsonout *w, const char *alg, const unsigned char *p,
    size_t n)
{
	assay_jsonout_begin_object(w);
	assay_jsonout_kstring(w, "alg", alg);
	assay_jsonout_key(w, "content");
	assay_jsonout_hex(w, p, n);
	assay_jsonout_end_object(w);
}

/*
 * The components the dependencies probe reported, one per package URL, in
 * the order of their first finding (findings are sorted, so this is
 * stable).  Each finding's evidence carries what the BOM says: name,
 * version, purl, the file it was found in and that file's SHA-256, and the
 * age and end-of-life facts as assay: properties.
 */
#define COMPONENT_RULE	"dependencies.component"

struct found {
	const char *purl;
	size_t finding;		/* index of its first finding */
	json_t *ev;
};

static int
cmp_found(const void *a, const void *b)
{
	const struct found *x = a, *y = b;
	int c = strcmp(x->purl, y->purl);

	if (c != 0)
		return c;
	return x->finding < y->finding ? -1 : x->finding > y->finding;
}

/* A run of v with one purl: v[start .. start + count - 1]. */
struct group {
	size_t start, count;
	size_t first;		/* index of its earliest finding */
};

static int
cmp_first(const void *a, const void *b)
{
	const struct group *x = a, *y = b;

	return x->first < y->first ? -1 : x->first > y->first;
}

static void
property(struct assay_jsonout *w, const char *name, const char *value)
{
	if (value == NULL)
		return;
	assay_jsonout_begin_object(w);
	assay_jsonout_kstring(w, "name", name);
	assay_jsonout_kstring(w, "value", value);
	assay_jsonout_end_object(w);
}

static const char *
evs(const json_t *o, const char *k)
{
	return json_string_value(json_object_get(o, k));
}

/* One component from the findings v[0..n-1] about the same purl. */
static void
write_component(struct assay_jsonout *w, const struct assay_scan_summary *s,
    const struct found *v, size_t n)
{
	const json_t *ev = v[0].ev, *age = json_object_get(ev, "age");
	const json_t *eol = json_object_get(ev, "eol");
	const struct assay_finding_rec *f;
	const struct assay_entry *e;
	size_t i;

	assay_jsonout_begin_object(w);
	assay_jsonout_kstring(w, "bom-ref", v[0].purl);
	assay_jsonout_key(w, "evidence");
	assay_jsonout_begin_object(w);
	assay_jsonout_key(w, "occurrences");
	assay_jsonout_begin_array(w);
	for (i = 0; i < n; i++) {
		f = &s->findings->v[v[i].finding];
		e = f->entry != ASSAY_NO_ENTRY ?
		    assay_inventory_get(s->inv, f->entry) : NULL;
		assay_jsonout_begin_object(w);
		if (f->line > 0)
			assay_jsonout_kuint(w, "line", f->line);
		assay_jsonout_kstring(w, "location", e != NULL ? e->path :
		    "(scan)");
		assay_jsonout_end_object(w);
	}
	assay_jsonout_end_array(w);
	assay_jsonout_end_object(w);
	if (evs(ev, "namespace") != NULL &&
	    strcmp(evs(ev, "ecosystem") != NULL ? evs(ev, "ecosystem") : "",
	    "maven") == 0)
		assay_jsonout_kstring(w, "group", evs(ev, "namespace"));
	assay_jsonout_key(w, "hashes");
	assay_jsonout_begin_array(w);
	for (i = 0; i < n; i++) {
		const char *hex = evs(v[i].ev, "file_sha256");

		if (hex == NULL || strlen(hex) != 64)
			continue;
		assay_jsonout_begin_object(w);
		assay_jsonout_kstring(w, "alg", "SHA-256");
		assay_jsonout_kstring(w, "content", hex);
		assay_jsonout_end_object(w);
	}
	assay_jsonout_end_array(w);
	assay_jsonout_kstring(w, "name", evs(ev, "name") != NULL ?
	    evs(ev, "name") : v[0].purl);
	assay_jsonout_key(w, "properties");
	assay_jsonout_begin_array(w);
	property(w, "assay:age", evs(age, "state"));
	property(w, "assay:eol", evs(eol, "state"));
	property(w, "assay:eol-cycle", evs(eol, "cycle"));
	property(w, "assay:eol-date", evs(eol, "date"));
	property(w, "assay:eol-product", evs(eol, "product"));
	property(w, "assay:found-by", evs(ev, "method"));
	property(w, "assay:latest", evs(age, "latest"));
	property(w, "assay:latest-released", evs(age, "latest_released"));
	property(w, "assay:libyear", evs(age, "libyear"));
	property(w, "assay:released", evs(age, "released"));
	property(w, "assay:source", evs(ev, "source"));
	assay_jsonout_end_array(w);
	assay_jsonout_kstring(w, "purl", v[0].purl);
	assay_jsonout_kstring(w, "type", "library");
	if (evs(ev, "version") != NULL)
		assay_jsonout_kstring(w, "version", evs(ev, "version"));
	assay_jsonout_end_object(w);
}

static enum assay_err
write_found_components(struct assay_jsonout *w,
    const struct assay_scan_summary *s, struct assay_error *err)
{
	const struct assay_finding_rec *f;
	struct found *v = NULL;
	struct group *groups = NULL;
	size_t i, j, n = 0, ng = 0, cap;
	enum assay_err r = ASSAY_OK;
	json_t *ev;

	cap = s->findings != NULL ? s->findings->n : 0;
	if (cap > 0 && ((v = calloc(cap, sizeof(*v))) == NULL ||
	    (groups = calloc(cap, sizeof(*groups))) == NULL)) {
		r = assay_seterr(err, ASSAY_ERR_NOMEM, "out of memory");
		goto out;
	}
	for (i = 0; i < cap; i++) {
		f = &s->findings->v[i];
		if (strcmp(f->rule, COMPONENT_RULE) != 0 || f->evidence == NULL)
			continue;
		ev = json_loads(f->evidence, 0, NULL);
		if (ev == NULL || evs(ev, "purl") == NULL) {
			json_decref(ev);
			continue;
		}
		v[n].purl = evs(ev, "purl");
		v[n].finding = i;
		v[n++].ev = ev;
	}
	/* Group by purl (each run in finding order), then order the groups. */
	if (n > 0)
		qsort(v, n, sizeof(*v), cmp_found);
	for (i = 0; i < n; i = j) {
		for (j = i + 1; j < n && strcmp(v[j].purl, v[i].purl) == 0; j++)
			;
		groups[ng].start = i;
		groups[ng].count = j - i;
		groups[ng++].first = v[i].finding;
	}
	if (ng > 0)
		qsort(groups, ng, sizeof(*groups), cmp_first);
	assay_jsonout_key(w, "components");
	assay_jsonout_begin_array(w);
	for (i = 0; i < ng; i++)
		write_component(w, s, v + groups[i].start, groups[i].count);
	assay_jsonout_end_array(w);
 out:
	for (i = 0; i < n; i++)
		json_decref(v[i].ev);
	free(v);
	free(groups);
	return r;
}

/* The BOM's subject: the first artefact, as the release under test. */
static void
write_subject(struct assay_jsonout *w, const struct assay_scan_summary *s)
{
	const struct assay_artefact *art;
	const struct assay_entry *e;
	char ref[7 + 2 * 32 + 1];

	if (assay_inventory_artefact_count(s->inv) == 0)
		return;
	art = assay_inventory_artefact(s->inv, 0);
	e = assay_inventory_get(s->inv, art->entry);
	memcpy(ref, "sha256:", 7);
	assay_hex(art->sha256, sizeof(art->sha256), ref + 7);
	assay_jsonout_key(w, "component");
	assay_jsonout_begin_object(w);
	assay_jsonout_kstring(w, "bom-ref", ref);
	assay_jsonout_key(w, "hashes");
	assay_jsonout_begin_array(w);
	write_hash(w, "SHA-256", art->sha256, sizeof(art->sha256));
	write_hash(w, "SHA-512", art->sha512, sizeof(art->sha512));
	assay_jsonout_end_array(w);
	assay_jsonout_kstring(w, "name", e != NULL && e->name != NULL ?
	    e->name : ref);
	assay_jsonout_kstring(w, "type", "application");
	assay_jsonout_end_object(w);
}

static void
write_metadata(struct assay_jsonout *w, const struct assay_scan_summary *s)
{
	char started[21];

	assay_format_time(s->started, started);
	assay_jsonout_key(w, "metadata");
	assay_jsonout_begin_object(w);
	write_subject(w, s);
	assay_jsonout_key(w, "lifecycles");
	assay_jsonout_begin_array(w);
	assay_jsonout_begin_object(w);
	assay_jsonout_kstring(w, "phase", "post-build");
	assay_jsonout_end_object(w);
	assay_jsonout_end_array(w);
	assay_jsonout_kstring(w, "timestamp", started);
	assay_jsonout_key(w, "tools");
	assay_jsonout_begin_object(w);
	assay_jsonout_key(w, "components");
	assay_jsonout_begin_array(w);
	assay_jsonout_begin_object(w);
	assay_jsonout_kstring(w, "name", "assay");
	assay_jsonout_kstring(w, "type", "application");
	assay_jsonout_kstring(w, "version", ASSAY_VERSION);
	assay_jsonout_end_object(w);
	assay_jsonout_end_array(w);
	assay_jsonout_end_object(w);
	assay_jsonout_end_object(w);
}

enum assay_err
assay_write_sbom(int dirfd, const struct assay_scan_summary *s,
    struct assay_error *err)
{
	struct assay_jsonout *w = NULL;
	enum assay_err r;
	char serial[46];

	if ((r = serial_number(s, serial, err)) != ASSAY_OK)
		return r;
	if ((r = assay_jsonout_create(dirfd, SBOM_FILE, &w, err)) != ASSAY_OK)
		return r;
	assay_jsonout_begin_object(w);
	assay_jsonout_kstring(w, "$schema", SBOM_SCHEMA);
	assay_jsonout_kstring(w, "bomFormat", "CycloneDX");
	if ((r = write_found_components(w, s, err)) != ASSAY_OK) {
		assay_jsonout_free(w);
		return r;
	}
	write_metadata(w, s);
	assay_jsonout_kstring(w, "serialNumber", serial);
	assay_jsonout_kstring(w, "specVersion", "1.6");
	assay_jsonout_kint(w, "version", 1);
	assay_jsonout_end_object(w);
	return assay_jsonout_finish(w, err);
}
