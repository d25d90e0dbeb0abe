/*
 * manifest.json (schema assay/manifest/v1): what was examined, by which
 * tool and probes, under which limits and with which data, so that a third
 * party can tell exactly what the bundle's claims rest on.  It is small, so
 * it is built as one Jansson tree and written through the streaming writer
 * for the same layout as the other files.  Nothing in it depends on the
 * machine or the workspace: times come from the summary, and files (the
 * profile, the waivers) are named without their directory.
 */
#include "reports.h"

#include <string.h>
#include <time.h>

#include <jansson.h>

#include "digest.h"
#include "jsonout.h"
#include "keys.h"

#define MANIFEST_SCHEMA	"assay/manifest/v1"

/* The last second RFC 3339's four-digit year can show: 9999-12-31. */
#define TIME_MAX	INT64_C(253402300799)

void
assay_format_time(int64_t t, char out[21])
{
	static const char epoch[] = "1970-01-01T00:00:00Z";
	struct tm tm;
	time_t tt;

	/* A scan cannot predate the epoch; SOURCE_DATE_EPOCH is unsigned. */
	if (t < 0)
		t = 0;
	if (t > TIME_MAX)
		t = TIME_MAX;
	tt = (time_t)t;
	if ((int64_t)tt != t || gmtime_r(&tt, &tm) == NULL ||
	    strftime(out, 21, "%Y-%m-%dT%H:%M:%SZ", &tm) != 20)
		memcpy(out, epoch, sizeof(epoch));
}

/*
 * A string value, or null for NULL.  The writer replaces bytes that are not
 * UTF-8 (a file name on the command line may have any), so Jansson's own
 * check, which would refuse them, is skipped.
 */
static json_t *
jstr(const char *s)
{
	if (s == NULL)
		return json_null();
	return json_stringn_nocheck(s, strlen(s));
}

/* Jansson integers are signed; past INT64_MAX means "unlimited" anyway. */
static json_t *
ju64(uint64_t v)
{
	return json_integer(v > INT64_MAX ? INT64_MAX : (json_int_t)v);
}

static json_t *
jhex(const unsigned char *p, size_t n)
{
	char hex[2 * 64 + 1];

	if (n > 64)
		return NULL;
	assay_hex(p, n, hex);
	return json_stringn(hex, 2 * n);
}

/* Sets o[k] to v, which it takes; clears *ok when that fails. */
static void
set(json_t *o, const char *k, json_t *v, bool *ok)
{
	if (json_object_set_new(o, k, v) != 0)
		*ok = false;
}

static void
append(json_t *a, json_t *v, bool *ok)
{
	if (json_array_append_new(a, v) != 0)
		*ok = false;
}

static json_t *
tool_object(bool *ok)
{
	json_t *o;

	if ((o = json_object()) == NULL) {
		*ok = false;
		return NULL;
	}
	set(o, "name", json_string("assay"), ok);
	set(o, "version", jstr(ASSAY_VERSION), ok);
	set(o, "build", jstr(ASSAY_BUILD_ID), ok);
	return o;
}

static json_t *
command_array(const struct assay_scan_summary *s, bool *ok)
{
	json_t *a;
	int i;

	if ((a = json_array()) == NULL) {
		*ok = false;
		return NULL;
	}
	for (i = 0; i < s->argc && s->argv != NULL && s->argv[i] != NULL; i++)
		append(a, jstr(s->argv[i]), ok);
	return a;
}

static json_t *
artefacts_array(const struct assay_scan_summary *s, bool *ok)
{
	const struct assay_artefact *art;
	const struct assay_entry *e;
	json_t *a, *o;
	size_t i, n;

	if ((a = json_array()) == NULL) {
		*ok = false;
		return NULL;
	}
	n = assay_inventory_artefact_count(s->inv);
	for (i = 0; i < n; i++) {
		art = assay_inventory_artefact(s->inv, i);
		e = assay_inventory_get(s->inv, art->entry);
		if ((o = json_object()) == NULL) {
			*ok = false;
			break;
		}
		set(o, "name", jstr(e != NULL ? e->name : NULL), ok);
		set(o, "size", ju64(art->size), ok);
		set(o, "sha256", jhex(art->sha256, sizeof(art->sha256)), ok);
		set(o, "sha512", jhex(art->sha512, sizeof(art->sha512)), ok);
		append(a, o, ok);
	}
	return a;
}

static json_t *
limits_object(const struct assay_limits *l, bool *ok)
{
	json_t *o;

	if ((o = json_object()) == NULL) {
		*ok = false;
		return NULL;
	}
	set(o, "total_bytes", ju64(l->total_bytes), ok);
	set(o, "entry_bytes", ju64(l->entry_bytes), ok);
	set(o, "entries", ju64(l->entries), ok);
	set(o, "depth", ju64(l->depth), ok);
	set(o, "ratio", ju64(l->ratio), ok);
	set(o, "ratio_after", ju64(l->ratio_after), ok);
	set(o, "path_bytes", ju64(l->path_bytes), ok);
	set(o, "wall_seconds", ju64(l->wall_seconds), ok);
	set(o, "probe_cpu_seconds", ju64(l->probe_cpu_seconds), ok);
	set(o, "probe_memory", ju64(l->probe_memory), ok);
	set(o, "probe_wall_seconds", ju64(l->probe_wall_seconds), ok);
	return o;
}

/* A file's name without its directory, which says nothing reproducible. */
static const char *
base_name(const char *path)
{
	const char *slash;

	if (path == NULL)
		return NULL;
	slash = strrchr(path, '/');
	return slash != NULL ? slash + 1 : path;
}

static const char *
origin_name(const struct assay_probe_slot *slot)
{
	if (slot->origin == NULL)
		return "built-in";
	return base_name(slot->origin);
}

static json_t *
probes_array(const struct assay_scan_summary *s, bool *ok)
{
	const struct assay_probe_outcome *out;
	const struct assay_probe_slot *slot;
	json_t *a, *o;
	size_t i;

	if ((a = json_array()) == NULL) {
		*ok = false;
		return NULL;
	}
	for (i = 0; s->reg != NULL && i < s->reg->n; i++) {
		slot = &s->reg->v[i];
		out = s->run != NULL && i < s->run->n ?
		    &s->run->outcomes[i] : NULL;
		if ((o = json_object()) == NULL) {
			*ok = false;
			break;
		}
		set(o, "name", jstr(slot->ops.name), ok);
		set(o, "version", jstr(slot->ops.version), ok);
		set(o, "origin", jstr(origin_name(slot)), ok);
		set(o, "status", json_string(out == NULL ? "not-run" :
		    out->ok ? "ok" : "error"), ok);
		set(o, "error", jstr(out != NULL && !out->ok ? out->error :
		    NULL), ok);
		set(o, "findings", ju64(out != NULL ? out->findings : 0), ok);
		set(o, "entries_examined", ju64(out != NULL ? out->examined :
		    0), ok);
		append(a, o, ok);
	}
	return a;
}

static json_t *
data_array(const struct assay_scan_summary *s, bool *ok)
{
	const struct assay_provenance *p;
	json_t *a, *o;
	size_t i;

	if ((a = json_array()) == NULL) {
		*ok = false;
		return NULL;
	}
	for (i = 0; s->run != NULL && i < s->run->nused; i++) {
		p = &s->run->used[i];
		if ((o = json_object()) == NULL) {
			*ok = false;
			break;
		}
		set(o, "kind", jstr(p->kind), ok);
		set(o, "probe", jstr(p->probe), ok);
		set(o, "name", jstr(p->name), ok);
		set(o, "sha256", jstr(p->sha256), ok);
		set(o, "bytes", ju64(p->bytes), ok);
		set(o, "cached", json_boolean(p->cached), ok);
		append(a, o, ok);
	}
	return a;
}

/* The --trust files the probes were given, by name and digest. */
static json_t *
trust_array(const struct assay_scan_summary *s, bool *ok)
{
	const struct assay_trust_file *f;
	json_t *a, *o;
	size_t i;

	if ((a = json_array()) == NULL) {
		*ok = false;
		return NULL;
	}
	for (i = 0; s->trust != NULL && i < s->trust->n; i++) {
		f = &s->trust->v[i];
		if ((o = json_object()) == NULL) {
			*ok = false;
			break;
		}
		set(o, "name", jstr(f->name), ok);
		set(o, "sha256", jstr(f->sha256), ok);
		set(o, "bytes", ju64(f->len), ok);
		append(a, o, ok);
	}
	return a;
}

/* The profile the verdict was judged by; null in tests without one. */
static json_t *
profile_object(const struct assay_scan_summary *s, bool *ok)
{
	json_t *o;

	if (s->profile == NULL)
		return json_null();
	if ((o = json_object()) == NULL) {
		*ok = false;
		return NULL;
	}
	set(o, "id", jstr(assay_profile_id(s->profile)), ok);
	set(o, "version", jstr(assay_profile_version(s->profile)), ok);
	set(o, "sha256", jstr(assay_profile_sha256(s->profile)), ok);
	set(o, "origin", jstr(base_name(assay_profile_origin(s->profile))),
	    ok);
	return o;
}

/* The tester's waiver file, or null when none was given. */
static json_t *
waivers_object(const struct assay_scan_summary *s, bool *ok)
{
	const struct assay_waivers *w = s->waivers;
	uint64_t expired = 0;
	json_t *o;
	size_t i;

	if (w == NULL)
		return json_null();
	if ((o = json_object()) == NULL) {
		*ok = false;
		return NULL;
	}
	for (i = 0; i < w->n; i++)
		if (w->v[i].expired)
			expired++;
	set(o, "file", jstr(base_name(w->origin)), ok);
	set(o, "sha256", jstr(w->sha256), ok);
	set(o, "count", ju64(w->n), ok);
	set(o, "expired", ju64(expired), ok);
	return o;
}

/*
 * How the bundle is signed, known before attestation.dsse.json is written
 * so that the manifest (which the statement covers) records it too.
 */
static enum assay_err
attestation_object(const struct assay_scan_summary *s, json_t **op,
    struct assay_error *err)
{
	const char *type = NULL;
	char keyid[65];
	enum assay_err r;
	bool ok = true;
	json_t *o;

	*op = NULL;
	if (s->sign_key != NULL) {
		if ((type = assay_key_type(s->sign_key)) == NULL)
			return assay_seterr(err, ASSAY_ERR_USAGE, "the signing "
			    "key is neither Ed25519 nor ECDSA P-256; assay "
			    "keygen makes one that is");
		if ((r = assay_key_id(s->sign_key, keyid, err)) != ASSAY_OK)
			return r;
	}
	if ((o = json_object()) == NULL)
		return assay_seterr(err, ASSAY_ERR_NOMEM, "out of memory");
	set(o, "signed", json_boolean(s->sign_key != NULL), &ok);
	set(o, "key_type", jstr(type), &ok);
	set(o, "keyid", s->sign_key != NULL ? json_string(keyid) :
	    json_null(), &ok);
	set(o, "timestamp", json_boolean(s->tsa_url != NULL), &ok);
	if (!ok) {
		json_decref(o);
		return assay_seterr(err, ASSAY_ERR_NOMEM, "out of memory");
	}
	*op = o;
	return ASSAY_OK;
}

enum assay_err
assay_write_manifest(int dirfd, const struct assay_scan_summary *s,
    struct assay_error *err)
{
	struct assay_jsonout *w = NULL;
	enum assay_err r = ASSAY_ERR_INTERNAL;
	char started[21], finished[21], as_of[21];
	struct assay_limits defaults;
	json_t *root = NULL, *att = NULL;
	bool ok = true;

	assay_limits_init(&defaults);
	assay_format_time(s->started, started);
	assay_format_time(s->finished, finished);
	assay_format_time(s->as_of, as_of);
	if ((r = attestation_object(s, &att, err)) != ASSAY_OK)
		goto out;
	if ((root = json_object()) == NULL) {
		r = assay_seterr(err, ASSAY_ERR_NOMEM, "out of memory");
		goto out;
	}
	set(root, "schema", json_string(MANIFEST_SCHEMA), &ok);
	set(root, "tool", tool_object(&ok), &ok);
	set(root, "command", command_array(s, &ok), &ok);
	set(root, "started", json_string(started), &ok);
	set(root, "finished", json_string(finished), &ok);
	set(root, "tester", jstr(s->tester), &ok);
	set(root, "lab", jstr(s->lab), &ok);
	set(root, "online", json_boolean(s->online), &ok);
	set(root, "complete", json_boolean(!s->incomplete), &ok);
	set(root, "artefacts", artefacts_array(s, &ok), &ok);
	set(root, "limits", limits_object(s->limits != NULL ?
	    s->limits : &defaults, &ok), &ok);
	set(root, "probes", probes_array(s, &ok), &ok);
	set(root, "data", data_array(s, &ok), &ok);
	set(root, "trust", trust_array(s, &ok), &ok);
	set(root, "profile", profile_object(s, &ok), &ok);
	set(root, "waivers", waivers_object(s, &ok), &ok);
	set(root, "as_of", json_string(as_of), &ok);
	set(root, "as_of_given", json_boolean(s->as_of_given), &ok);
	set(root, "attestation", att, &ok);
	att = NULL;
	if (!ok) {
		r = assay_seterr(err, ASSAY_ERR_NOMEM,
		    "out of memory building manifest.json");
		goto out;
	}
	if ((r = assay_jsonout_create(dirfd, "manifest.json", &w, err)) !=
	    ASSAY_OK)
		goto out;
	assay_jsonout_json(w, root);
	r = assay_jsonout_finish(w, err);
	w = NULL;
 out:
	assay_jsonout_free(w);
	json_decref(att);
	json_decref(root);
	return r;
}
