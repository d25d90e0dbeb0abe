/*
 * findings.json (schema assay/findings/v1): every finding of the scan, in
 * the order the caller sorted them, each tied to the entry it is about by
 * path and SHA-256 so that the claim can be checked against the artefact.
 * A finding a tester waived stays listed, carrying its waiver.
 */
#include "reports.h"

#include <string.h>

#include <jansson.h>

#include "jsonout.h"

#define FINDINGS_SCHEMA	"assay/findings/v1"

/* Severities in the sorted order of their names, as "counts" lists them. */
static const enum assay_severity count_order[] = {
	ASSAY_SEV_CRITICAL,
	ASSAY_SEV_HIGH,
	ASSAY_SEV_INFO,
	ASSAY_SEV_LOW,
	ASSAY_SEV_MEDIUM,
};
#define NSEVERITIES (sizeof(count_order) / sizeof(count_order[0]))

static void
write_location(struct assay_jsonout *w, const struct assay_inventory *inv,
    const struct assay_finding_rec *f)
{
	const struct assay_entry *e = NULL, *a;

	if (f->entry != ASSAY_NO_ENTRY)
		e = assay_inventory_get(inv, f->entry);
	assay_jsonout_key(w, "location");
	assay_jsonout_begin_object(w);
	a = e != NULL ? assay_inventory_artefact_of(inv, e) : NULL;
	assay_jsonout_kstring(w, "artefact", a != NULL ? a->name : NULL);
	if (f->line != 0)
		assay_jsonout_kuint(w, "line", f->line);
	assay_jsonout_kstring(w, "path", e != NULL ? e->path : NULL);
	assay_jsonout_key(w, "sha256");
	if (e != NULL && e->hashed)
		assay_jsonout_hex(w, e->sha256, sizeof(e->sha256));
	else
		assay_jsonout_null(w);
	assay_jsonout_end_object(w);
}

/* The tester's waiver that covers f: it stays listed, marked. */
static void
write_waiver(struct assay_jsonout *w, const struct assay_waivers *ws,
    const struct assay_finding_rec *f)
{
	const struct assay_waiver *wv;

	if (f->waiver < 0 || ws == NULL || (size_t)f->waiver >= ws->n)
		return;
	wv = &ws->v[f->waiver];
	assay_jsonout_key(w, "waiver");
	assay_jsonout_begin_object(w);
	assay_jsonout_kstring(w, "author", wv->author);
	assay_jsonout_kstring(w, "expires", wv->expires);
	assay_jsonout_kstring(w, "reason", wv->reason);
	assay_jsonout_end_object(w);
}

static enum assay_err
write_finding(struct assay_jsonout *w, const struct assay_inventory *inv,
    const struct assay_waivers *ws, const struct assay_finding_rec *f,
    struct assay_error *err)
{
	json_t *evidence = NULL;
	json_error_t jerr;

	if (f->evidence != NULL) {
		evidence = json_loads(f->evidence, 0, &jerr);
		if (evidence == NULL || !json_is_object(evidence)) {
			json_decref(evidence);
			/* assay_findings_add() checked it; this is a bug. */
			return assay_seterr(err, ASSAY_ERR_INTERNAL,
			    "finding %s of probe %s: evidence is not a JSON "
			    "object", f->rule, f->probe);
		}
	}
	assay_jsonout_begin_object(w);
	if (evidence != NULL) {
		assay_jsonout_key(w, "evidence");
		assay_jsonout_json(w, evidence);
	}
	write_location(w, inv, f);
	assay_jsonout_kstring(w, "message", f->message);
	assay_jsonout_kstring(w, "probe", f->probe);
	assay_jsonout_kstring(w, "rule", f->rule);
	assay_jsonout_kstring(w, "severity", assay_severity_name(f->severity));
	write_waiver(w, ws, f);
	assay_jsonout_end_object(w);
	json_decref(evidence);
	return ASSAY_OK;
}

enum assay_err
assay_write_findings(int dirfd, const struct assay_scan_summary *s,
    struct assay_error *err)
{
	static const struct assay_findings none = ASSAY_FINDINGS_INIT;
	const struct assay_findings *fs = s->findings != NULL ?
	    s->findings : &none;
	struct assay_jsonout *w = NULL;
	uint64_t counts[NSEVERITIES];
	enum assay_err r;
	size_t i, k;

	/* Counted by name, so a finding is counted under the name it shows. */
	memset(counts, 0, sizeof(counts));
	for (i = 0; i < fs->n; i++)
		for (k = 0; k < NSEVERITIES; k++)
			if (strcmp(assay_severity_name(fs->v[i].severity),
			    assay_severity_name(count_order[k])) == 0)
				counts[k]++;
	if ((r = assay_jsonout_create(dirfd, "findings.json", &w, err)) !=
	    ASSAY_OK)
		goto out;
	assay_jsonout_begin_object(w);
	assay_jsonout_key(w, "counts");
	assay_jsonout_begin_object(w);
	for (k = 0; k < NSEVERITIES; k++)
		assay_jsonout_kuint(w, assay_severity_name(count_order[k]),
		    counts[k]);
	assay_jsonout_end_object(w);
	assay_jsonout_key(w, "findings");
	assay_jsonout_begin_array(w);
	for (i = 0; i < fs->n && assay_jsonout_status(w) == ASSAY_OK; i++)
		if ((r = write_finding(w, s->inv, s->waivers, &fs->v[i],
		    err)) != ASSAY_OK)
			goto out;
	assay_jsonout_end_array(w);
	assay_jsonout_kstring(w, "schema", FINDINGS_SCHEMA);
	assay_jsonout_end_object(w);
	r = assay_jsonout_finish(w, err);
	w = NULL;
 out:
	assay_jsonout_free(w);
	return r;
}
