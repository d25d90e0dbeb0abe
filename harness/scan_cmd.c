/*
 * The scan pipeline: workspace, unpacking, probes, findings, bundle.  The
 * bundle is written to a temporary directory and moved into place only when
 * every file is complete; the workspace is removed unless kept.
 */
#include "scan_cmd.h"

#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <openssl/evp.h>
#include <libgen.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "assay/buf.h"
#include "findings.h"
#include "inventory.h"
#include "params.h"
#include "parse.h"
#include "profile.h"
#include "progress.h"
#include "registry.h"
#include "reports.h"
#include "runner.h"
#include "scan.h"
#include "unpack.h"
#include "trust.h"
#include "verdict.h"
#include "waivers.h"
#include "workspace.h"

void
assay_scan_opts_init(struct assay_scan_opts *o)
{
	memset(o, 0, sizeof(*o));
	assay_limits_init(&o->limits);
}

static void
free_lines(char **v, size_t n)
{
	size_t i;

	for (i = 0; v != NULL && i < n; i++)
		free(v[i]);
	free(v);
}

void
assay_scan_outcome_release(struct assay_scan_outcome *res)
{
	free(res->out);
	free(res->workspace);
	free(res->profile);
	free_lines(res->failed_controls, res->nfailed_controls);
	free_lines(res->expired_waivers, res->nexpired_waivers);
	memset(res, 0, sizeof(*res));
}

const char *
assay_data_dir(void)
{
	const char *d = getenv("ASSAY_DATA_DIR");
	struct stat st;

	if (d != NULL && *d != '\0')
		return d;
	if (stat(ASSAY_INSTALL_DATADIR, &st) == 0 && S_ISDIR(st.st_mode))
		return ASSAY_INSTALL_DATADIR;
	return ASSAY_SOURCE_DIR;
}

/* SOURCE_DATE_EPOCH when set (reproducible builds' convention), else now. */
static enum assay_err
scan_time(int64_t *tp, struct assay_error *err)
{
	const char *s = getenv("SOURCE_DATE_EPOCH");
	uint64_t v;

	if (s == NULL || *s == '\0') {
		*tp = (int64_t)time(NULL);
		return ASSAY_OK;
	}
	if (assay_parse_u64(s, 0, INT64_MAX, &v) == -1)
		return assay_seterr(err, ASSAY_ERR_USAGE,
		    "SOURCE_DATE_EPOCH=%s is not a number of seconds", s);
	*tp = (int64_t)v;
	return ASSAY_OK;
}

static char *
default_out(const char *artefact)
{
	struct assay_buf b = ASSAY_BUF_INIT(PATH_MAX);
	const char *base = strrchr(artefact, '/');

	base = base == NULL ? artefact : base + 1;
	if (*base == '\0' || strcmp(base, ".") == 0 || strcmp(base, "..") == 0)
		base = "artefact";
	if (assay_buf_addf(&b, "assay-out/%s", base) != ASSAY_OK) {
		assay_buf_release(&b);
		return NULL;
	}
	return assay_buf_detach(&b, NULL);
}

static enum assay_err
load_probes(const struct assay_scan_opts *o, struct assay_registry *reg,
    struct assay_error *err)
{
	const char *path = o->probe_path;
	enum assay_err r;

	if ((r = assay_registry_add_table(reg, o->builtins, assay_data_dir(),
	    err)) != ASSAY_OK)
		return r;
	if (path == NULL)
		path = getenv("ASSAY_PROBE_PATH");
	if (path != NULL && *path != '\0')
		return assay_registry_load_path(reg, path, err);
	return ASSAY_OK;
}

static unsigned
default_jobs(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	return n < 1 ? 1 : n > 64 ? 64 : (unsigned)n;
}

/* Opens every artefact up front, so that a typo fails before any work. */
static enum assay_err
open_artefacts(const struct assay_scan_opts *o, int *fds, char **origins,
    struct assay_error *err)
{
	struct stat st;
	int i;

	for (i = 0; i < o->nartefacts; i++) {
		fds[i] = open(o->artefacts[i], O_RDONLY | O_CLOEXEC);
		if (fds[i] == -1)
			return assay_seterr(err, ASSAY_ERR_USAGE,
			    "cannot open %s: %s", o->artefacts[i],
			    strerror(errno));
		if (fstat(fds[i], &st) == -1 || S_ISDIR(st.st_mode))
			return assay_seterr(err, ASSAY_ERR_USAGE,
			    "%s is a directory; pack it (tar -cf) or name the "
			    "artefact files in it", o->artefacts[i]);
		if ((origins[i] = realpath(o->artefacts[i], NULL)) == NULL)
			return assay_seterr(err, ASSAY_ERR_IO,
			    "cannot resolve %s: %s", o->artefacts[i],
			    strerror(errno));
	}
	return ASSAY_OK;
}

static const char *
base_name(const char *path)
{
	const char *s = strrchr(path, '/');

	return s == NULL ? path : s + 1;
}

static void
count_findings(const struct assay_findings *fs, struct assay_scan_outcome *res)
{
	size_t i;

	for (i = 0; i < fs->n; i++)
		if ((unsigned)fs->v[i].severity < 5)
			res->by_severity[fs->v[i].severity]++;
}

/* The moment of judgements: --as-of, else the scan's start. */
static enum assay_err
judgement_time(const struct assay_scan_opts *o, int64_t started,
    int64_t *tp, struct assay_error *err)
{
	*tp = started;
	if (o->as_of != NULL && assay_parse_time(o->as_of, tp) == -1)
		return assay_seterr(err, ASSAY_ERR_USAGE, "--as-of %s: expected "
		    "YYYY-MM-DD, YYYY-MM-DDTHH:MM:SSZ or @SECONDS", o->as_of);
	return ASSAY_OK;
}

/* Drops the probes the profile switches off. */
static void
apply_profile_probes(const struct assay_profile *p, struct assay_registry *reg)
{
	size_t i = 0;

	while (i < reg->n) {
		if (!assay_profile_probe_enabled(p, reg->v[i].ops.name))
			(void)assay_registry_remove(reg, reg->v[i].ops.name);
		else
			i++;
	}
}

/* The profile's severities, then the tester's waivers, on every finding. */
static void
judge_findings(const struct assay_profile *p, const struct assay_waivers *w,
    const struct assay_inventory *inv, struct assay_findings *fs)
{
	struct assay_finding_rec *f;
	const char *path;
	size_t i;

	for (i = 0; i < fs->n; i++) {
		f = &fs->v[i];
		f->severity = assay_profile_severity(p, f->rule, f->severity);
		path = f->entry == ASSAY_NO_ENTRY ? "" :
		    assay_inventory_get(inv, f->entry)->path;
		f->waiver = w == NULL ? -1 :
		    assay_waivers_match(w, f->rule, path);
	}
}

static enum assay_err
note_outcome(const struct assay_verdict *v, const struct assay_waivers *w,
    struct assay_scan_outcome *res)
{
	struct assay_buf line = ASSAY_BUF_INIT(8192);
	size_t i;

	for (i = 0; i < v->n; i++) {
		res->controls[v->v[i].status]++;
		if (v->v[i].status != ASSAY_CONTROL_FAIL)
			continue;
		if ((res->failed_controls[res->nfailed_controls] =
		    strdup(v->v[i].control->id)) == NULL)
			return ASSAY_ERR_NOMEM;
		res->nfailed_controls++;
	}
	for (i = 0; w != NULL && i < w->n; i++) {
		if (!w->v[i].expired)
			continue;
		assay_buf_release(&line);
		if (assay_buf_addf(&line, "waiver %zu (%s %s) expired on %s",
		    i, w->v[i].rule, w->v[i].path, w->v[i].expires) != ASSAY_OK ||
		    (res->expired_waivers[res->nexpired_waivers] =
		    assay_buf_detach(&line, NULL)) == NULL) {
			assay_buf_release(&line);
			return ASSAY_ERR_NOMEM;
		}
		res->nexpired_waivers++;
	}
	assay_buf_release(&line);
	return ASSAY_OK;
}

static enum assay_err
write_bundle(struct assay_bundle *b, const struct assay_scan_summary *sum,
    struct assay_error *err)
{
	int dfd = assay_bundle_dirfd(b);
	enum assay_err r;

	/* The attestation reads the manifest; the sums cover everything. */
	if ((r = assay_write_manifest(dfd, sum, err)) != ASSAY_OK ||
	    (r = assay_write_inventory(dfd, sum, err)) != ASSAY_OK ||
	    (r = assay_write_coverage(dfd, sum, err)) != ASSAY_OK ||
	    (r = assay_write_findings(dfd, sum, err)) != ASSAY_OK ||
	    (r = assay_write_verdict(dfd, sum, err)) != ASSAY_OK ||
	    (r = assay_write_html(dfd, sum, err)) != ASSAY_OK ||
	    (r = assay_write_summary_md(dfd, sum, err)) != ASSAY_OK ||
	    (r = assay_write_sarif(dfd, sum, err)) != ASSAY_OK ||
	    (r = assay_write_junit(dfd, sum, err)) != ASSAY_OK ||
	    (r = assay_write_sbom(dfd, sum, err)) != ASSAY_OK ||
	    (r = assay_write_attestation(dfd, sum, err)) != ASSAY_OK ||
	    (r = assay_write_sha256sums(dfd, err)) != ASSAY_OK)
		return r;
	return ASSAY_OK;
}

enum assay_err
assay_scan_run(const struct assay_scan_opts *o, struct assay_scan_outcome *res,
    struct assay_error *err)
{
	struct assay_registry reg = ASSAY_REGISTRY_INIT;
	struct assay_findings fs = ASSAY_FINDINGS_INIT;
	struct assay_verdict verdict;
	struct assay_run_report report;
	struct assay_scan_summary sum;
	struct assay_fetch_opts fetch;
	struct assay_progress progress;
	struct assay_inventory *inv = NULL;
	struct assay_workspace *ws = NULL;
	struct assay_unpacker *u = NULL;
	struct assay_profile *profile = NULL;
	struct assay_waivers *waivers = NULL;
	struct assay_bundle *bundle = NULL;
	struct assay_buf label = ASSAY_BUF_INIT(1024);
	EVP_PKEY *key = NULL;
	struct assay_trust_set trust = { NULL, 0 };
	void *params = NULL;
	struct assay_scan scan;
	char **origins = NULL, *cache = NULL;
	int *fds = NULL, i;
	int64_t started = 0, finished = 0, as_of = 0;
	enum assay_err r;
	size_t k;

	memset(res, 0, sizeof(*res));
	memset(&report, 0, sizeof(report));
	memset(&verdict, 0, sizeof(verdict));
	res->status = ASSAY_EXIT_INTERNAL;
	assay_progress_init(&progress, o->quiet);
	if (o->nartefacts < 1) {
		r = assay_seterr(err, ASSAY_ERR_USAGE, "no artefact given");
		goto out;
	}
	/* Everything the tester named is checked before any work. */
	if ((r = scan_time(&started, err)) != ASSAY_OK ||
	    (r = judgement_time(o, started, &as_of, err)) != ASSAY_OK ||
	    (r = assay_profile_load(o->profile != NULL ? o->profile :
	    ASSAY_DEFAULT_PROFILE, assay_data_dir(), &profile, err)) !=
	    ASSAY_OK ||
	    (o->waivers != NULL && (r = assay_waivers_load(o->waivers, as_of,
	    &waivers, err)) != ASSAY_OK) ||
	    (o->sign_key != NULL && (r = assay_load_sign_key(o->sign_key, &key,
	    err)) != ASSAY_OK) ||
	    (r = load_probes(o, &reg, err)) != ASSAY_OK)
		goto out;
	apply_profile_probes(profile, &reg);
	if ((r = assay_params_overlay(assay_profile_params(profile),
	    o->settings, o->nsettings, &reg, &params, err)) != ASSAY_OK ||
	    (r = assay_trust_load(&trust, o->trust, o->ntrust, err)) !=
	    ASSAY_OK)
		goto out;
	fds = malloc((size_t)o->nartefacts * sizeof(*fds));
	origins = calloc((size_t)o->nartefacts, sizeof(*origins));
	if (fds == NULL || origins == NULL) {
		r = assay_seterr(err, ASSAY_ERR_NOMEM, "out of memory");
		goto out;
	}
	for (i = 0; i < o->nartefacts; i++)
		fds[i] = -1;
	if ((r = open_artefacts(o, fds, origins, err)) != ASSAY_OK)
		goto out;
	res->out = o->out != NULL ? strdup(o->out) :
	    default_out(o->artefacts[0]);
	if (res->out == NULL) {
		r = assay_seterr(err, ASSAY_ERR_NOMEM, "out of memory");
		goto out;
	}
	if ((r = assay_bundle_open(res->out, &bundle, err)) != ASSAY_OK) {
		/* An unusable --out is the tester's to fix. */
		if (r == ASSAY_ERR_IO)
			r = ASSAY_ERR_USAGE;
		goto out;
	}

	if ((inv = assay_inventory_new()) == NULL) {
		r = assay_seterr(err, ASSAY_ERR_NOMEM, "out of memory");
		goto out;
	}
	if ((r = assay_workspace_create(o->workspace, &ws, err)) != ASSAY_OK)
		goto out;
	ws->keep = o->keep_workspace;
	if ((r = assay_unpacker_new(inv, &fs, ws, &o->limits, &u, err)) !=
	    ASSAY_OK)
		goto out;
	assay_unpacker_progress(u, assay_progress_unpack, &progress);
	for (i = 0; i < o->nartefacts; i++) {
		if ((r = assay_unpack_artefact(u, base_name(o->artefacts[i]),
		    origins[i], fds[i], err)) != ASSAY_OK)
			goto out;
	}
	res->incomplete = assay_unpacker_incomplete(u);
	/* Its hashing thread must be gone before probes are forked. */
	assay_unpacker_free(u);
	u = NULL;

	/* Probes. */
	assay_fetch_opts_init(&fetch);
	fetch.online = o->online;
	fetch.ca_file = o->ca_file;
	fetch.now = started;
	if (o->cache_dir != NULL)
		fetch.cache_dir = o->cache_dir;
	else if ((cache = assay_fetch_default_cache_dir()) != NULL)
		fetch.cache_dir = cache;
	memset(&scan, 0, sizeof(scan));
	scan.inv = inv;
	scan.ws = ws;
	scan.fetch = &fetch;
	scan.now = as_of;
	scan.trust = &trust;
	scan.out_fd = -1;
	if (reg.n > 0) {
		assay_progress_status(&progress, "running %zu probe%s", reg.n,
		    reg.n == 1 ? "" : "s");
		if ((r = assay_runner_run(&reg, &scan, params, &o->limits,
		    o->jobs != 0 ? o->jobs : default_jobs(), &fs, &report,
		    err)) != ASSAY_OK)
			goto out;
		for (k = 0; k < report.n; k++)
			if (!report.outcomes[k].ok) {
				res->probes_failed++;
				res->incomplete = true;
			}
	}
	assay_progress_done(&progress);
	res->probes = (unsigned)reg.n;
	/*
	 * Nothing reads the workspace from here on.  Removing it before the
	 * bundle is synced means its dirty pages are dropped, not written to
	 * disk by the journal commit that the bundle's fsync forces.
	 */
	if (o->keep_workspace && ws->path != NULL &&
	    (res->workspace = strdup(ws->path)) == NULL) {
		r = assay_seterr(err, ASSAY_ERR_NOMEM, "out of memory");
		goto out;
	}
	assay_workspace_free(ws);
	ws = NULL;

	/* Judgement. */
	judge_findings(profile, waivers, inv, &fs);
	assay_findings_sort(&fs, inv);
	if ((r = assay_verdict_compute(profile, &fs, &reg,
	    reg.n > 0 ? &report : NULL, &verdict, err)) != ASSAY_OK)
		goto out;

	if ((r = scan_time(&finished, err)) != ASSAY_OK)
		goto out;
	/* Under SOURCE_DATE_EPOCH both ends are that moment. */
	if (getenv("SOURCE_DATE_EPOCH") != NULL)
		finished = started;
	memset(&sum, 0, sizeof(sum));
	sum.inv = inv;
	sum.findings = &fs;
	sum.reg = &reg;
	sum.run = reg.n > 0 ? &report : NULL;
	sum.limits = &o->limits;
	sum.argc = o->argc;
	sum.argv = o->argv;
	sum.started = started;
	sum.finished = finished;
	sum.online = o->online;
	sum.incomplete = res->incomplete;
	sum.tester = o->tester;
	sum.lab = o->lab;
	sum.profile = profile;
	sum.verdict = &verdict;
	sum.waivers = waivers;
	sum.as_of = as_of;
	sum.as_of_given = o->as_of != NULL;
	sum.sign_key = key;
	sum.tsa_url = o->tsa_url;
	sum.fetch = &fetch;
	sum.trust = &trust;
	if ((r = write_bundle(bundle, &sum, err)) != ASSAY_OK)
		goto out;
	r = assay_bundle_commit(bundle, err);
	bundle = NULL;
	if (r != ASSAY_OK)
		goto out;

	res->entries = assay_inventory_count(inv);
	res->containers = assay_inventory_container_count(inv);
	res->signed_bundle = key != NULL;
	count_findings(&fs, res);
	res->failed_controls = calloc(verdict.n + 1, sizeof(char *));
	res->expired_waivers = calloc(waivers != NULL ? waivers->n + 1 : 1,
	    sizeof(char *));
	if (res->failed_controls == NULL || res->expired_waivers == NULL ||
	    note_outcome(&verdict, waivers, res) != ASSAY_OK ||
	    assay_buf_addf(&label, "%s %s", assay_profile_id(profile),
	    assay_profile_version(profile)) != ASSAY_OK ||
	    (res->profile = assay_buf_detach(&label, NULL)) == NULL) {
		r = assay_seterr(err, ASSAY_ERR_NOMEM, "out of memory");
		goto out;
	}
	/* Incomplete wins: a pass or fail over a partial view is not one. */
	if (res->incomplete)
		res->status = ASSAY_EXIT_INCOMPLETE;
	else if (verdict.result == ASSAY_RESULT_FAILED)
		res->status = ASSAY_EXIT_FAIL;
	else
		res->status = ASSAY_EXIT_PASS;
	r = ASSAY_OK;
 out:
	assay_progress_done(&progress);
	assay_bundle_abort(bundle);
	assay_unpacker_free(u);
	assay_workspace_free(ws);
	assay_verdict_release(&verdict);
	assay_run_report_release(&report);
	assay_findings_release(&fs);
	assay_inventory_free(inv);
	assay_registry_release(&reg);
	assay_waivers_free(waivers);
	assay_profile_free(profile);
	assay_params_free(params);
	assay_trust_release(&trust);
	EVP_PKEY_free(key);
	assay_buf_release(&label);
	for (i = 0; fds != NULL && i < o->nartefacts; i++)
		if (fds[i] != -1)
			close(fds[i]);
	for (i = 0; origins != NULL && i < o->nartefacts; i++)
		free(origins[i]);
	free(fds);
	free(origins);
	free(cache);
	return r;
}
