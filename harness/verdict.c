/*
 * The verdict: each control of the profile judged against the scan's
 * findings, in the profile's order.
 *
 * A control that needs documents is manual.  An unwaived finding at or
 * above the control's fail_at fails it, whatever else happened: that fact
 * stands even if another probe broke.  Otherwise a pass has to be earned:
 * every probe behind the control's rules must have run cleanly and, between
 * them, have examined something; when one is missing, disabled or failed,
 * or none had anything to look at, the control is not assessed and "why"
 * says which and what happened.  Silence from a probe that never ran is not
 * evidence.
 */
#include "verdict.h"

#include <stdlib.h>
#include <string.h>

#include "assay/buf.h"
#include "assay/size.h"

#define PROBE_NAME_MAX	64
#define WHY_MAX		(16u << 10)
#define HARNESS		"harness"

/* What became of one probe behind a control. */
enum probe_state {
	PROBE_EXAMINED = 0,	/* ran cleanly and examined entries */
	PROBE_EMPTY,		/* ran cleanly, examined nothing */
	PROBE_FAILED,		/* ran and failed */
	PROBE_MISSING		/* not installed, disabled, or did not run */
};

struct probe_use {
	char name[PROBE_NAME_MAX + 1];
	enum probe_state state;
	const char *error;	/* PROBE_FAILED: the runner's words */
};

const char *
assay_control_status_name(enum assay_control_status s)
{
	switch (s) {
	case ASSAY_CONTROL_PASS:
		return "pass";
	case ASSAY_CONTROL_FAIL:
		return "fail";
	case ASSAY_CONTROL_NOT_ASSESSED:
		return "not-assessed";
	case ASSAY_CONTROL_MANUAL:
		return "manual";
	}
	return "not-assessed";
}

static const struct assay_probe_outcome *
outcome_of(const struct assay_run_report *run, const char *name)
{
	size_t i;

	if (run == NULL)
		return NULL;
	for (i = 0; i < run->n; i++)
		if (run->outcomes[i].name != NULL &&
		    strcmp(run->outcomes[i].name, name) == 0)
			return &run->outcomes[i];
	return NULL;
}

static enum probe_state
probe_state(const struct assay_profile *p, const struct assay_registry *reg,
    const struct assay_run_report *run, const char *name,
    const char **errorp)
{
	const struct assay_probe_outcome *o;

	*errorp = NULL;
	/* The harness unpacked and listed every artefact: it always ran. */
	if (strcmp(name, HARNESS) == 0)
		return PROBE_EXAMINED;
	if (!assay_profile_probe_enabled(p, name) || reg == NULL ||
	    assay_registry_find(reg, name) == NULL ||
	    (o = outcome_of(run, name)) == NULL)
		return PROBE_MISSING;
	if (!o->ok) {
		*errorp = o->error != NULL ? o->error : "no reason given";
		return PROBE_FAILED;
	}
	return o->examined > 0 ? PROBE_EXAMINED : PROBE_EMPTY;
}

/*
 * The distinct probes behind c's rules (the part of each before its first
 * '.'), in the order the rules name them; at most max.
 */
static size_t
probes_of(const struct assay_control *c, struct probe_use *v, size_t max)
{
	const char *const *r;
	const char *dot;
	size_t n = 0, len, k;

	for (r = c->rules; r != NULL && *r != NULL && n < max; r++) {
		if ((dot = strchr(*r, '.')) == NULL)
			continue;
		len = (size_t)(dot - *r);
		if (len == 0 || len > PROBE_NAME_MAX)
			continue;
		for (k = 0; k < n; k++)
			if (strlen(v[k].name) == len &&
			    memcmp(v[k].name, *r, len) == 0)
				break;
		if (k < n)
			continue;
		memcpy(v[n].name, *r, len);
		v[n].name[len] = '\0';
		n++;
	}
	return n;
}

/* "a", "a and b", "a, b and c" of the probes in state. */
static void
add_names(struct assay_buf *b, const struct probe_use *v, size_t n,
    enum probe_state state, size_t count)
{
	size_t i, seen = 0;

	for (i = 0; i < n; i++) {
		if (v[i].state != state)
			continue;
		if (seen > 0)
			(void)assay_buf_adds(b, seen + 1 == count ? " and " :
			    ", ");
		(void)assay_buf_adds(b, v[i].name);
		seen++;
	}
}

static size_t
count_state(const struct probe_use *v, size_t n, enum probe_state state)
{
	size_t i, k = 0;

	for (i = 0; i < n; i++)
		if (v[i].state == state)
			k++;
	return k;
}

/*
 * Why a control without a failing finding is not assessed; NULL in *whyp
 * when it passes.
 */
static enum assay_err
assess(const struct assay_profile *p, const struct assay_control *c,
    const struct assay_registry *reg, const struct assay_run_report *run,
    char **whyp)
{
	struct probe_use use[ASSAY_MAX_PROBES + 1];
	struct assay_buf why = ASSAY_BUF_INIT(WHY_MAX);
	size_t n, i, missing, failed, empty;
	enum assay_err r = ASSAY_OK;

	*whyp = NULL;
	n = probes_of(c, use, sizeof(use) / sizeof(use[0]));
	for (i = 0; i < n; i++)
		use[i].state = probe_state(p, reg, run, use[i].name,
		    &use[i].error);
	missing = count_state(use, n, PROBE_MISSING);
	failed = count_state(use, n, PROBE_FAILED);
	empty = count_state(use, n, PROBE_EMPTY);
	if (n == 0) {
		/* The loader refuses this; say so rather than pass it. */
		r = assay_buf_adds(&why, "no probe bears on this control");
		goto out;
	}
	if (missing > 0) {
		(void)assay_buf_adds(&why, missing == 1 ? "probe " : "probes ");
		add_names(&why, use, n, PROBE_MISSING, missing);
		(void)assay_buf_adds(&why, missing == 1 ?
		    " is not installed or is disabled by the profile" :
		    " are not installed or are disabled by the profile");
	}
	for (i = 0; i < n; i++)
		if (use[i].state == PROBE_FAILED)
			(void)assay_buf_addf(&why, "%sprobe %s failed: %s",
			    why.len > 0 ? "; " : "", use[i].name,
			    use[i].error);
	if (missing == 0 && failed == 0 && empty == n) {
		(void)assay_buf_adds(&why, "nothing in the artefact for ");
		(void)assay_buf_adds(&why, empty == 1 ? "probe " : "probes ");
		add_names(&why, use, n, PROBE_EMPTY, empty);
		(void)assay_buf_adds(&why, " to examine");
	}
 out:
	/* A reason cut at WHY_MAX is still the reason. */
	if (r == ASSAY_OK && why.len > 0 &&
	    (*whyp = assay_buf_detach(&why, NULL)) == NULL)
		r = ASSAY_ERR_NOMEM;
	assay_buf_release(&why);
	return r;
}

static enum assay_err
judge(const struct assay_profile *p, const struct assay_control *c,
    const struct assay_findings *fs, const struct assay_registry *reg,
    const struct assay_run_report *run, struct assay_control_result *res)
{
	const struct assay_finding_rec *f;
	size_t i, nb = 0, nf = 0;

	res->control = c;
	for (i = 0; i < fs->n; i++) {
		f = &fs->v[i];
		if (!assay_control_covers(c, f->rule))
			continue;
		nb++;
		if (!c->manual && f->waiver < 0 && f->severity >= c->fail_at)
			nf++;
	}
	if ((nb > 0 && (res->bearing = calloc(nb,
	    sizeof(*res->bearing))) == NULL) ||
	    (nf > 0 && (res->failing = calloc(nf,
	    sizeof(*res->failing))) == NULL))
		return ASSAY_ERR_NOMEM;
	for (i = 0; i < fs->n; i++) {
		f = &fs->v[i];
		if (!assay_control_covers(c, f->rule))
			continue;
		res->bearing[res->nbearing++] = i;
		if (!c->manual && f->waiver < 0 && f->severity >= c->fail_at)
			res->failing[res->nfailing++] = i;
	}
	if (c->manual) {
		res->status = ASSAY_CONTROL_MANUAL;
		res->why = strdup(c->evidence != NULL ? c->evidence :
		    "needs documents a release artefact cannot provide");
		return res->why != NULL ? ASSAY_OK : ASSAY_ERR_NOMEM;
	}
	if (res->nfailing > 0) {
		res->status = ASSAY_CONTROL_FAIL;
		return ASSAY_OK;
	}
	if (assess(p, c, reg, run, &res->why) != ASSAY_OK)
		return ASSAY_ERR_NOMEM;
	res->status = res->why != NULL ? ASSAY_CONTROL_NOT_ASSESSED :
	    ASSAY_CONTROL_PASS;
	return ASSAY_OK;
}

enum assay_err
assay_verdict_compute(const struct assay_profile *p,
    const struct assay_findings *fs, const struct assay_registry *reg,
    const struct assay_run_report *run, struct assay_verdict *out,
    struct assay_error *err)
{
	static const struct assay_findings none = ASSAY_FINDINGS_INIT;
	struct assay_verdict v;
	enum assay_err r;
	size_t n, i;

	memset(out, 0, sizeof(*out));
	memset(&v, 0, sizeof(v));
	if (fs == NULL)
		fs = &none;
	n = assay_profile_control_count(p);
	if (n > 0 && (v.v = calloc(n, sizeof(*v.v))) == NULL) {
		r = assay_seterr(err, ASSAY_ERR_NOMEM, "out of memory");
		goto out;
	}
	for (i = 0; i < n; i++) {
		v.n++;
		if (judge(p, assay_profile_control(p, i), fs, reg, run,
		    &v.v[i]) != ASSAY_OK) {
			r = assay_seterr(err, ASSAY_ERR_NOMEM,
			    "out of memory");
			goto out;
		}
		switch (v.v[i].status) {
		case ASSAY_CONTROL_PASS:
			v.passed++;
			break;
		case ASSAY_CONTROL_FAIL:
			v.failed++;
			break;
		case ASSAY_CONTROL_NOT_ASSESSED:
			v.not_assessed++;
			break;
		case ASSAY_CONTROL_MANUAL:
			v.manual++;
			break;
		}
	}
	v.result = v.failed > 0 ? ASSAY_RESULT_FAILED : ASSAY_RESULT_PASSED;
	*out = v;
	memset(&v, 0, sizeof(v));
	r = ASSAY_OK;
 out:
	assay_verdict_release(&v);
	return r;
}

void
assay_verdict_release(struct assay_verdict *v)
{
	size_t i;

	if (v == NULL)
		return;
	for (i = 0; i < v->n; i++) {
		free(v->v[i].why);
		free(v->v[i].failing);
		free(v->v[i].bearing);
	}
	free(v->v);
	memset(v, 0, sizeof(*v));
}
