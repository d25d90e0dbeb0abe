/*
 * The dependencies probe: every third-party component a release carries,
 * with a package URL, and how old and how far behind each is.
 *
 * Offline by default: ages come from the shipped release-date snapshots and
 * end of life from the shipped table of release cycles.  With --online and
 * a registry address given as a parameter, a component the snapshot lacks
 * is looked up (and cached by the harness).  Unknown is always stated as
 * unknown, never as zero years.
 *
 * Parameters:
 *   max_libyear     years behind before dependencies.outdated (default 2)
 *   registries      {"npm": "https://...", ...} for --online look-ups
 *   snapshot_max_age_days  older snapshots are reported stale (default 180)
 */
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "age.h"
#include "assay/probe.h"
#include "builtin.h"
#include "deps.h"
#include "eol.h"
#include "registry.h"
#include "timeparse.h"

#define DEFAULT_MAX_LIBYEAR	2.0
#define DEFAULT_SNAPSHOT_DAYS	180
#define REGISTRY_ANSWER_MAX	((size_t)64 << 20)

static const struct assay_rule rules[] = {
	{ "dependencies.component", ASSAY_SEV_INFO,
	    "third-party component found" },
	{ "dependencies.outdated", ASSAY_SEV_MEDIUM,
	    "component is more libyears behind its latest release than "
	    "allowed" },
	{ "dependencies.end-of-life", ASSAY_SEV_HIGH,
	    "component's release cycle has reached end of life" },
	{ "dependencies.age-summary", ASSAY_SEV_INFO,
	    "total libyear, oldest component and end-of-life count" },
	{ "dependencies.snapshot-stale", ASSAY_SEV_LOW,
	    "release-date snapshot is older than allowed; ages may read low" },
	{ "dependencies.parse-error", ASSAY_SEV_LOW,
	    "manifest, lock file or SBOM could not be parsed" },
	{ "dependencies.sbom-missing-component", ASSAY_SEV_MEDIUM,
	    "shipped SBOM omits a component assay found" },
	{ NULL, ASSAY_SEV_INFO, NULL }
};

struct judge {
	struct assay_scan *scan;
	int64_t now;
	double max_libyear;
	json_t *registries;		/* ecosystem -> base URL; may be NULL */
	struct dep_snapshots *snap;
	struct dep_eol *eol;
	int64_t oldest_snapshot;	/* 0: none used */
	char oldest_snapshot_eco[32];
};

static void
libyear_text(double years, char buf[32])
{
	snprintf(buf, 32, "%.2f", years);
}

static int
set_new(json_t *o, const char *k, json_t *v)
{
	return v == NULL ? -1 : json_object_set_new(o, k, v);
}

static int
set_time(json_t *o, const char *k, int64_t t)
{
	char buf[21];

	dep_format_time(t, buf);
	return set_new(o, k, json_string(buf));
}

static json_t *
age_object(const struct dep_component *c, const char *why)
{
	json_t *o = json_object(), *behind;
	char ly[32];

	if (o == NULL)
		return NULL;
	if (c->age != DEP_AGE_KNOWN) {
		if (set_new(o, "state", json_string("unknown")) == -1 ||
		    set_new(o, "reason", json_string(why)) == -1)
			goto fail;
		return o;
	}
	libyear_text(c->libyear, ly);
	if ((behind = json_object()) == NULL ||
	    set_new(o, "behind", behind) == -1 ||
	    set_new(behind, "major", json_integer(c->behind_major)) == -1 ||
	    set_new(behind, "minor", json_integer(c->behind_minor)) == -1 ||
	    set_new(behind, "patch", json_integer(c->behind_patch)) == -1 ||
	    set_new(o, "state", json_string("known")) == -1 ||
	    set_time(o, "released", c->released) == -1 ||
	    set_new(o, "latest", json_string(c->latest)) == -1 ||
	    set_time(o, "latest_released", c->latest_released) == -1 ||
	    set_new(o, "libyear", json_string(ly)) == -1 ||
	    set_new(o, "releases_behind",
	    json_integer(c->releases_behind)) == -1)
		goto fail;
	return o;
 fail:
	json_decref(o);
	return NULL;
}

static json_t *
eol_object(const struct dep_component *c)
{
	json_t *o = json_object();

	if (o == NULL)
		return NULL;
	if (set_new(o, "state", json_string(c->eol == 1 ? "end-of-life" :
	    c->eol == 0 ? "supported" : "unknown")) == -1 ||
	    (c->product != NULL &&
	    set_new(o, "product", json_string(c->product)) == -1) ||
	    (c->eol_cycle != NULL &&
	    set_new(o, "cycle", json_string(c->eol_cycle)) == -1) ||
	    (c->eol_date != 0 && set_time(o, "date", c->eol_date) == -1)) {
		json_decref(o);
		return NULL;
	}
	return o;
}

/* The evidence every finding about c carries; the SBOM is built from it. */
static json_t *
component_evidence(const struct dep_component *c, const char *age_why)
{
	const unsigned char *sha = c->entry != NULL ?
	    assay_entry_sha256(c->entry) : NULL;
	json_t *o = json_object();
	char hex[65];
	size_t i;

	if (o == NULL)
		return NULL;
	if (sha != NULL) {
		for (i = 0; i < 32; i++)
			snprintf(hex + 2 * i, 3, "%02x", sha[i]);
		if (set_new(o, "file_sha256", json_string(hex)) == -1)
			goto fail;
	}
	if (set_new(o, "ecosystem", json_string(c->ecosystem)) == -1 ||
	    (c->namespace_ != NULL &&
	    set_new(o, "namespace", json_string(c->namespace_)) == -1) ||
	    set_new(o, "name", json_string(c->name)) == -1 ||
	    set_new(o, "version", json_string(c->version)) == -1 ||
	    set_new(o, "purl", json_string(c->purl)) == -1 ||
	    set_new(o, "method", json_string(dep_method_name(c->method))) ==
	    -1 || (c->source != NULL &&
	    set_new(o, "source", json_string(c->source)) == -1) ||
	    set_new(o, "age", age_object(c, age_why)) == -1 ||
	    set_new(o, "eol", eol_object(c)) == -1)
		goto fail;
	return o;
 fail:
	json_decref(o);
	return NULL;
}

/* Reports rule about c (NULL: the scan) with evidence ev (consumed). */
static enum assay_err
report(struct assay_scan *scan, const char *rule, const struct dep_component *c,
    json_t *ev, const char *msg)
{
	struct assay_finding f;
	enum assay_err r;
	char *text;

	if (ev == NULL)
		return ASSAY_ERR_NOMEM;
	text = json_dumps(ev, JSON_COMPACT | JSON_SORT_KEYS);
	json_decref(ev);
	if (text == NULL)
		return ASSAY_ERR_NOMEM;
	f.rule = rule;
	f.entry = c != NULL ? c->entry : NULL;
	f.line = c != NULL ? c->line : 0;
	f.evidence = text;
	r = assay_scan_report(scan, &f, "%s", msg);
	free(text);
	return r;
}

/* assay_scan_fetch as the registry clients want it. */
static enum assay_err
scan_fetch(void *ctx, const char *url, size_t max, unsigned char **datap,
    size_t *lenp)
{
	return assay_scan_fetch(ctx, url, max, datap, lenp);
}

/*
 * Ages c from the snapshot, or with --online from the registry; why names
 * the reason when the age stays unknown.
 */
static int
age_component(struct judge *j, struct dep_component *c)
{
	const char **why = &c->age_why;
	json_t *pkg, *fetched = NULL;
	const char *base;
	int64_t generated;
	char key[1024];
	int rc;

	*why = "the snapshot has no release date for this version";
	pkg = dep_snapshot_package(j->snap, c, &generated);
	if (pkg != NULL && generated != 0 && (j->oldest_snapshot == 0 ||
	    generated < j->oldest_snapshot)) {
		j->oldest_snapshot = generated;
		snprintf(j->oldest_snapshot_eco, sizeof(j->oldest_snapshot_eco),
		    "%s", c->ecosystem);
	}
	if (pkg == NULL)
		*why = "the snapshot does not list this package";
	if (pkg != NULL && dep_age_from_package(c, pkg, j->now) == -1)
		return -1;
	if (c->age == DEP_AGE_KNOWN)
		return 0;
	base = json_string_value(json_object_get(j->registries,
	    c->ecosystem));
	if (!assay_scan_online(j->scan) || base == NULL ||
	    dep_registry_key(c, key, sizeof(key)) == -1)
		return 0;
	if (dep_registry_releases(c->ecosystem, base, key, scan_fetch, j->scan,
	    REGISTRY_ANSWER_MAX, &fetched, NULL, 0) != ASSAY_OK) {
		*why = "the registry could not be asked (see manifest fetches)";
		return 0;
	}
	rc = dep_age_from_package(c, fetched, j->now);
	if (rc == 0 && c->age != DEP_AGE_KNOWN)
		*why = "the registry has no release date for this version";
	json_decref(fetched);
	return rc;
}

/*
 * One component may be found twice: in a lock file and in the SBOM that
 * lists it, or in two images.  Totals count each package URL once, and an
 * SBOM's claim is judged only when nothing else found the same package
 * (the finding goes where the component really is).
 */
struct tally {
	const struct dep_component *c;
	size_t index;
};

static int
cmp_tally(const void *a, const void *b)
{
	const struct tally *x = a, *y = b;
	int c = strcmp(x->c->purl, y->c->purl);

	if (c != 0)
		return c;
	/* What assay found itself before what an SBOM says. */
	if ((x->c->method == DEP_SBOM) != (y->c->method == DEP_SBOM))
		return x->c->method == DEP_SBOM ? 1 : -1;
	return x->index < y->index ? -1 : x->index > y->index;
}

/* counted[i]: first of its purl; judged[i]: outdated/eol findings due. */
static int
mark_duplicates(const struct dep_list *l, bool *counted, bool *judged)
{
	struct tally *t;
	size_t i, j;

	if (l->n == 0)
		return 0;
	if ((t = calloc(l->n, sizeof(*t))) == NULL)
		return -1;
	for (i = 0; i < l->n; i++) {
		t[i].c = &l->v[i];
		t[i].index = i;
	}
	qsort(t, l->n, sizeof(*t), cmp_tally);
	for (i = 0; i < l->n; i = j) {
		counted[t[i].index] = true;
		for (j = i; j < l->n && strcmp(t[j].c->purl, t[i].c->purl) == 0;
		    j++)
			judged[t[j].index] = t[j].c->method != DEP_SBOM ||
			    t[i].c->method == DEP_SBOM;
	}
	free(t);
	return 0;
}

static enum assay_err
judge_component(struct judge *j, struct dep_component *c, bool judged)
{
	char ly[32], max[32], msg[1024];
	enum assay_err r;
	json_t *ev;

	r = report(j->scan, "dependencies.component", c,
	    component_evidence(c, c->age_why), c->purl);
	if (r != ASSAY_OK || !judged)
		return r;
	if (c->age == DEP_AGE_KNOWN && c->libyear > j->max_libyear) {
		libyear_text(c->libyear, ly);
		libyear_text(j->max_libyear, max);
		ev = component_evidence(c, c->age_why);
		if (ev != NULL && set_new(ev, "max_libyear",
		    json_string(max)) == -1) {
			json_decref(ev);
			ev = NULL;
		}
		snprintf(msg, sizeof(msg), "%s is %s libyears behind its "
		    "latest release (%s)", c->purl, ly, c->latest);
		if ((r = report(j->scan, "dependencies.outdated", c, ev,
		    msg)) != ASSAY_OK)
			return r;
	}
	if (c->eol == 1) {
		snprintf(msg, sizeof(msg), "%s: %s %s reached end of life",
		    c->purl, c->product, c->eol_cycle);
		r = report(j->scan, "dependencies.end-of-life", c,
		    component_evidence(c, c->age_why), msg);
	}
	return r;
}

static enum assay_err
summarise(struct judge *j, const struct dep_list *l, const bool *counted)
{
	const struct dep_component *oldest = NULL, *c;
	json_t *ev = json_object(), *o;
	size_t i, n = 0, known = 0, eols = 0;
	double total = 0;
	char ly[32], msg[160];

	for (i = 0; i < l->n; i++) {
		if (!counted[i])
			continue;
		c = &l->v[i];
		n++;
		if (c->eol == 1)
			eols++;
		if (c->age != DEP_AGE_KNOWN)
			continue;
		known++;
		total += c->libyear;
		if (oldest == NULL || c->libyear > oldest->libyear)
			oldest = c;
	}
	libyear_text(total, ly);
	if (ev == NULL || set_new(ev, "components", json_integer(
	    (json_int_t)n)) == -1 ||
	    set_new(ev, "age_known", json_integer((json_int_t)known)) == -1 ||
	    set_new(ev, "age_unknown",
	    json_integer((json_int_t)(n - known))) == -1 ||
	    set_new(ev, "total_libyear", json_string(ly)) == -1 ||
	    set_new(ev, "end_of_life", json_integer((json_int_t)eols)) == -1 ||
	    set_time(ev, "as_of", j->now) == -1) {
		json_decref(ev);
		return ASSAY_ERR_NOMEM;
	}
	if (oldest != NULL) {
		libyear_text(oldest->libyear, ly);
		if ((o = json_object()) == NULL ||
		    set_new(ev, "oldest", o) == -1 ||
		    set_new(o, "purl", json_string(oldest->purl)) == -1 ||
		    (oldest->entry != NULL && set_new(o, "path",
		    json_string(assay_entry_path(oldest->entry))) == -1) ||
		    set_new(o, "libyear", json_string(ly)) == -1) {
			json_decref(ev);
			return ASSAY_ERR_NOMEM;
		}
	}
	libyear_text(total, ly);
	snprintf(msg, sizeof(msg), "%zu components, %zu of known age, total "
	    "libyear %s, %zu end of life", n, known, ly, eols);
	return report(j->scan, "dependencies.age-summary", NULL, ev, msg);
}

static enum assay_err
check_snapshot_age(struct judge *j)
{
	const char *p = assay_scan_param(j->scan, "snapshot_max_age_days");
	long days = p != NULL ? strtol(p, NULL, 10) : DEFAULT_SNAPSHOT_DAYS;
	char gen[21], msg[256];
	json_t *ev;

	if (j->oldest_snapshot == 0 || days <= 0 ||
	    j->now - j->oldest_snapshot <= (int64_t)days * 86400)
		return ASSAY_OK;
	dep_format_time(j->oldest_snapshot, gen);
	if ((ev = json_object()) == NULL ||
	    set_new(ev, "ecosystem", json_string(j->oldest_snapshot_eco)) ==
	    -1 || set_new(ev, "generated", json_string(gen)) == -1 ||
	    set_new(ev, "max_age_days", json_integer(days)) == -1) {
		json_decref(ev);
		return ASSAY_ERR_NOMEM;
	}
	snprintf(msg, sizeof(msg), "the %s release-date snapshot dates from "
	    "%s; refresh it with 'assay db update'", j->oldest_snapshot_eco,
	    gen);
	return report(j->scan, "dependencies.snapshot-stale", NULL, ev, msg);
}

/* A parameter that is a JSON number (or numeric text); fallback else. */
static double
number_param(struct assay_scan *scan, const char *key, double fallback)
{
	const char *p = assay_scan_param(scan, key);
	char *end;
	double v;

	if (p == NULL)
		return fallback;
	v = strtod(p, &end);
	return end != p && *end == '\0' && isfinite(v) && v >= 0 ? v :
	    fallback;
}

static enum assay_err
dependencies_run(struct assay_scan *scan)
{
	struct dep_list l = DEP_LIST_INIT;
	struct dep_sboms sboms = { NULL, 0 };
	bool *counted = NULL, *judged = NULL;
	struct judge j;
	const char *reg;
	size_t i;
	enum assay_err r;

	memset(&j, 0, sizeof(j));
	j.scan = scan;
	j.now = assay_scan_time(scan);
	j.max_libyear = number_param(scan, "max_libyear", DEFAULT_MAX_LIBYEAR);
	if ((reg = assay_scan_param(scan, "registries")) != NULL)
		j.registries = json_loads(reg, 0, NULL);
	if ((j.snap = dep_snapshots_new(scan)) == NULL) {
		r = ASSAY_ERR_NOMEM;
		goto out;
	}
	j.eol = dep_eol_load(scan);
	if ((r = deps_discover(scan, &l)) != ASSAY_OK ||
	    (r = deps_read_sboms(scan, &sboms)) != ASSAY_OK)
		goto out;
	for (i = 0; i < l.n; i++)
		if (age_component(&j, &l.v[i]) == -1 ||
		    dep_eol_judge(j.eol, &l.v[i], j.now) == -1) {
			r = ASSAY_ERR_NOMEM;
			goto out;
		}
	counted = calloc(l.n + 1, sizeof(*counted));
	judged = calloc(l.n + 1, sizeof(*judged));
	if (counted == NULL || judged == NULL ||
	    mark_duplicates(&l, counted, judged) == -1) {
		r = ASSAY_ERR_NOMEM;
		goto out;
	}
	for (i = 0; i < l.n; i++)
		if ((r = judge_component(&j, &l.v[i], judged[i])) != ASSAY_OK)
			goto out;
	if ((r = deps_check_sbom_omissions(scan, &l, &sboms)) != ASSAY_OK ||
	    (r = summarise(&j, &l, counted)) != ASSAY_OK)
		goto out;
	r = check_snapshot_age(&j);
 out:
	free(counted);
	free(judged);
	dep_sboms_release(&sboms);
	dep_list_release(&l);
	dep_snapshots_free(j.snap);
	dep_eol_free(j.eol);
	json_decref(j.registries);
	return r;
}

const struct assay_probe assay_dependencies_probe = {
	.abi = ASSAY_PROBE_ABI, .size = sizeof(struct assay_probe),
	.name = "dependencies", .version = "1.0",
	.summary = "third-party components: SBOMs, lock files, package "
	    "databases, binary signatures; release age, libyear, end of life",
	.rules = rules, .run = dependencies_run,
};
