/*
 * verdict.json (schema assay/verdict/v1): the profile the scan was judged
 * by, the overall result and, per control in the profile's order, its
 * status, why it was not assessed (or what a manual control needs), and the
 * findings that bear on it, those that fail it flagged.
 */
#include "reports.h"

#include <string.h>

#include "jsonout.h"

#define VERDICT_SCHEMA	"assay/verdict/v1"

static void
write_finding(struct assay_jsonout *w, const struct assay_scan_summary *s,
    const struct assay_finding_rec *f, bool fails)
{
	const struct assay_entry *e = NULL;

	if (f->entry != ASSAY_NO_ENTRY && s->inv != NULL)
		e = assay_inventory_get(s->inv, f->entry);
	assay_jsonout_begin_object(w);
	assay_jsonout_kbool(w, "fails", fails);
	assay_jsonout_kstring(w, "message", f->message);
	assay_jsonout_kstring(w, "path", e != NULL ? e->path : NULL);
	assay_jsonout_kstring(w, "rule", f->rule);
	assay_jsonout_kstring(w, "severity", assay_severity_name(f->severity));
	assay_jsonout_kbool(w, "waived", f->waiver >= 0);
	assay_jsonout_end_object(w);
}

static void
write_control(struct assay_jsonout *w, const struct assay_scan_summary *s,
    const struct assay_control_result *res)
{
	const struct assay_control *c = res->control;
	size_t i, k = 0, idx;
	bool fails;

	assay_jsonout_begin_object(w);
	if (c->manual)
		assay_jsonout_knull(w, "fail_at");
	else
		assay_jsonout_kstring(w, "fail_at",
		    assay_severity_name(c->fail_at));
	assay_jsonout_key(w, "findings");
	assay_jsonout_begin_array(w);
	for (i = 0; i < res->nbearing; i++) {
		idx = res->bearing[i];
		/* Both lists ascend through the findings: walk together. */
		while (k < res->nfailing && res->failing[k] < idx)
			k++;
		fails = k < res->nfailing && res->failing[k] == idx;
		if (idx < s->findings->n)
			write_finding(w, s, &s->findings->v[idx], fails);
	}
	assay_jsonout_end_array(w);
	if (c->fix != NULL)
		assay_jsonout_kstring(w, "fix", c->fix);
	assay_jsonout_kstring(w, "id", c->id);
	assay_jsonout_kstring(w, "status",
	    assay_control_status_name(res->status));
	assay_jsonout_kstring(w, "strength", assay_strength_name(c->strength));
	assay_jsonout_kstring(w, "title", c->title);
	if (res->why != NULL)
		assay_jsonout_kstring(w, "why", res->why);
	assay_jsonout_end_object(w);
}

enum assay_err
assay_write_verdict(int dirfd, const struct assay_scan_summary *s,
    struct assay_error *err)
{
	static const struct assay_findings none = ASSAY_FINDINGS_INIT;
	const struct assay_verdict *v = s->verdict;
	struct assay_scan_summary sum;
	struct assay_jsonout *w = NULL;
	enum assay_err r;
	size_t i;

	if (s->profile == NULL || v == NULL)
		return assay_seterr(err, ASSAY_ERR_INTERNAL,
		    "verdict.json needs a profile and a verdict");
	sum = *s;
	if (sum.findings == NULL)
		sum.findings = &none;
	if ((r = assay_jsonout_create(dirfd, "verdict.json", &w, err)) !=
	    ASSAY_OK)
		goto out;
	assay_jsonout_begin_object(w);
	assay_jsonout_key(w, "controls");
	assay_jsonout_begin_array(w);
	for (i = 0; i < v->n && assay_jsonout_status(w) == ASSAY_OK; i++)
		write_control(w, &sum, &v->v[i]);
	assay_jsonout_end_array(w);
	assay_jsonout_key(w, "counts");
	assay_jsonout_begin_object(w);
	assay_jsonout_kuint(w, "fail", v->failed);
	assay_jsonout_kuint(w, "manual", v->manual);
	assay_jsonout_kuint(w, "not_assessed", v->not_assessed);
	assay_jsonout_kuint(w, "pass", v->passed);
	assay_jsonout_end_object(w);
	assay_jsonout_key(w, "profile");
	assay_jsonout_begin_object(w);
	assay_jsonout_kstring(w, "id", assay_profile_id(s->profile));
	assay_jsonout_kstring(w, "sha256", assay_profile_sha256(s->profile));
	assay_jsonout_kstring(w, "version", assay_profile_version(s->profile));
	assay_jsonout_end_object(w);
	assay_jsonout_kstring(w, "result", v->result == ASSAY_RESULT_FAILED ?
	    "failed" : "passed");
	assay_jsonout_kstring(w, "schema", VERDICT_SCHEMA);
	assay_jsonout_end_object(w);
	r = assay_jsonout_finish(w, err);
	w = NULL;
 out:
	assay_jsonout_free(w);
	return r;
}
