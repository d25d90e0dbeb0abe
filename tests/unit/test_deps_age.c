/*
 * The dependencies probe's judgement of age: version order per ecosystem,
 * dates, libyear and versions behind from a snapshot (checked against a
 * calculation by hand), end-of-life cycles, the registry answer parsers
 * and their URLs (through a fetcher that answers from memory), and the
 * names "db update --from" takes from lock files and SBOMs.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <CUnit/CUnit.h>
#include <jansson.h>

#include "dependencies/age.h"
#include "dependencies/eol.h"
#include "dependencies/names.h"
#include "dependencies/registry.h"
#include "dependencies/timeparse.h"
#include "dependencies/versions.h"
#include "testutil.h"

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

static int64_t
at(const char *when)
{
	int64_t t = -1;

	CU_ASSERT_EQUAL_FATAL(dep_parse_time(when, &t), 0);
	return t;
}

static void
test_version_order(void)
{
	static const struct {
		const char *eco, *older, *newer;
	} rows[] = {
		{ "npm", "1.2.3", "1.2.10" },
		{ "npm", "1.0.0-rc.1", "1.0.0" },
		{ "npm", "1.0.0-alpha", "1.0.0-alpha.1" },
		{ "npm", "1.0.0-alpha.beta", "1.0.0-beta" },
		{ "npm", "1.0.0-beta.2", "1.0.0-beta.11" },
		{ "npm", "1.9.9", "2.0.0-0" },
		{ "cargo", "0.9.99", "0.10.0" },
		{ "golang", "v1.2.3", "v1.10.0" },
		{ "golang", "v0.0.0-20200101000000-abcdef", "v0.1.0" },
		{ "pypi", "1.0a1", "1.0b1" },
		{ "pypi", "1.0rc2", "1.0" },
		{ "pypi", "1.0.dev3", "1.0a1" },
		{ "pypi", "1.0", "1.0.post1" },
		{ "pypi", "1.9", "1!0.1" },
		{ "pypi", "2.28.2", "2.31.0" },
		{ "deb", "1.0~rc1", "1.0" },
		{ "deb", "1.0", "1.0-1" },
		{ "deb", "3.0.11-1~deb12u1", "3.0.11-1~deb12u2" },
		{ "deb", "9:1.0", "10:0.1" },
		{ "deb", "1.2a", "1.2b" },
		{ "deb", "2.36-9+deb12u3", "2.36-9+deb12u10" },
		{ "rpm", "1.0~rc1", "1.0" },
		{ "rpm", "1.0", "1.0^post" },
		{ "rpm", "1.0a", "1.0.1" },
		{ "rpm", "2.el8", "10.el8" },
		{ "maven", "1.0-SNAPSHOT", "1.0" },
		{ "maven", "1.0-alpha-1", "1.0-beta-1" },
		{ "maven", "1.0-rc1", "1.0" },
		{ "maven", "2.9", "2.10" },
	};
	size_t i;

	for (i = 0; i < NELEM(rows); i++) {
		ASSAY_CHECKF(dep_version_cmp(rows[i].eco, rows[i].older,
		    rows[i].newer) < 0, "%s: %s < %s", rows[i].eco,
		    rows[i].older, rows[i].newer);
		ASSAY_CHECKF(dep_version_cmp(rows[i].eco, rows[i].newer,
		    rows[i].older) > 0, "%s: %s > %s", rows[i].eco,
		    rows[i].newer, rows[i].older);
	}
	ASSAY_CHECKF(dep_version_cmp("pypi", "1.0", "1.0.0") == 0,
	    "PEP 440: trailing zeros do not count");
	ASSAY_CHECKF(dep_version_cmp("npm", "1.0.0+build.1", "1.0.0") == 0,
	    "semver: build metadata does not count");
	ASSAY_CHECKF(dep_version_cmp("deb", "1.0", "1.0") == 0 &&
	    dep_version_cmp("deb", "0:1.0", "1.0") == 0, "dpkg: epoch 0");
	ASSAY_CHECKF(dep_version_prerelease("npm", "1.0.0-rc.1") &&
	    !dep_version_prerelease("npm", "1.0.0") &&
	    dep_version_prerelease("pypi", "2.0b3") &&
	    dep_version_prerelease("pypi", "2.0.dev1") &&
	    !dep_version_prerelease("pypi", "2.0.post1") &&
	    dep_version_prerelease("maven", "1.0-SNAPSHOT") &&
	    !dep_version_prerelease("maven", "31.1-jre"),
	    "pre-releases recognised per ecosystem");
}

static void
test_version_hostile(void)
{
	static const char *const junk[] = { "", "-", "~~~", "1..2", "v",
	    "99999999999999999999999999999.1", "1!", "!1", ":", "1:-",
	    "\xff\xfe", "1.0-", "1.0+", "^^^", "1.0.0-.." };
	static const char *const ecos[] = { "npm", "pypi", "deb", "rpm",
	    "maven", "golang" };
	unsigned long t[3];
	size_t i, j, k;

	/* Total and antisymmetric on junk, and never reading out of bounds. */
	for (k = 0; k < NELEM(ecos); k++)
		for (i = 0; i < NELEM(junk); i++) {
			dep_version_triple(ecos[k], junk[i], t);
			for (j = 0; j < NELEM(junk); j++) {
				int a = dep_version_cmp(ecos[k], junk[i],
				    junk[j]);
				int b = dep_version_cmp(ecos[k], junk[j],
				    junk[i]);

				ASSAY_CHECKF((a < 0) == (b > 0) &&
				    (a == 0) == (b == 0), "%s: \"%s\" vs "
				    "\"%s\" antisymmetric", ecos[k], junk[i],
				    junk[j]);
			}
		}
	dep_version_triple("deb", "1:2.36-9", t);
	ASSAY_CHECK(t[0] == 2 && t[1] == 36 && t[2] == 0);
	dep_version_triple("golang", "v1.22.3", t);
	ASSAY_CHECK(t[0] == 1 && t[1] == 22 && t[2] == 3);
}

static void
test_times(void)
{
	int64_t t;
	char buf[21];

	ASSAY_CHECK(dep_parse_time("2021-02-20", &t) == 0 &&
	    t == 1613779200);
	ASSAY_CHECK(dep_parse_time("2021-02-20T10:00:00Z", &t) == 0 &&
	    t == 1613815200);
	ASSAY_CHECK(dep_parse_time("2021-02-20T10:00:00.123Z", &t) == 0 &&
	    t == 1613815200);
	ASSAY_CHECK(dep_parse_time("2021-02-20T12:00:00+02:00", &t) == 0 &&
	    t == 1613815200);
	ASSAY_CHECK(dep_parse_time("2021-02-30", &t) == -1);
	ASSAY_CHECK(dep_parse_time("2021-02-20T10:00", &t) == -1);
	ASSAY_CHECK(dep_parse_time("2021-02-20junk", &t) == -1);
	ASSAY_CHECK(dep_parse_time(NULL, &t) == -1);
	dep_format_time(1613815200, buf);
	ASSAY_CHECK(strcmp(buf, "2021-02-20T10:00:00Z") == 0);
}

/*
 * A component at 4.17.15 (2019-07-19) whose registry's latest by
 * 2022-01-01 is 4.17.21 (2021-02-20): 582 days, 582 / 365.2425 = 1.5935
 * libyears; two releases (4.17.20, 4.17.21) between, one before it, one
 * pre-release and one after the judgement time that do not count.
 */
static const char snapshot_pkg[] =
    "{\"latest\": \"5.0.0\", \"versions\": {"
    "\"4.17.11\": \"2018-09-12T00:00:00Z\","
    "\"4.17.15\": \"2019-07-19T00:00:00Z\","
    "\"4.17.20\": \"2020-08-13T00:00:00Z\","
    "\"4.17.21\": \"2021-02-20T00:00:00Z\","
    "\"5.0.0-rc.1\": \"2021-06-01T00:00:00Z\","
    "\"5.0.0\": \"2023-01-01T00:00:00Z\"}}";

static void
test_libyear_by_hand(void)
{
	struct dep_component c;
	json_t *pkg = json_loads(snapshot_pkg, 0, NULL);
	char name[] = "lodash", version[] = "4.17.15", eco[] = "npm";
	char missing[] = "4.17.16";

	CU_ASSERT_PTR_NOT_NULL_FATAL(pkg);
	memset(&c, 0, sizeof(c));
	c.ecosystem = eco;
	c.name = name;
	c.version = version;
	ASSAY_CHECK(dep_age_from_package(&c, pkg, at("2022-01-01")) == 0);
	ASSAY_CHECKF(c.age == DEP_AGE_KNOWN, "age known");
	ASSAY_CHECKF(c.latest != NULL && strcmp(c.latest, "4.17.21") == 0,
	    "latest by then is 4.17.21: %s", c.latest);
	ASSAY_CHECKF(fabs(c.libyear - 582.0 / 365.2425) < 1e-9,
	    "libyear %.6f, by hand 1.593462", c.libyear);
	ASSAY_CHECKF(c.releases_behind == 2, "two releases behind: %u",
	    c.releases_behind);
	ASSAY_CHECKF(c.behind_major == 0 && c.behind_minor == 0 &&
	    c.behind_patch == 6, "6 patches behind: %u.%u.%u", c.behind_major,
	    c.behind_minor, c.behind_patch);
	free(c.latest);
	c.latest = NULL;

	/* In 2024 the registry's own latest, 5.0.0, was out: a major. */
	memset(&c, 0, sizeof(c));
	c.ecosystem = eco;
	c.name = name;
	c.version = version;
	ASSAY_CHECK(dep_age_from_package(&c, pkg, at("2024-01-01")) == 0);
	ASSAY_CHECKF(c.latest != NULL && strcmp(c.latest, "5.0.0") == 0 &&
	    c.behind_major == 1 && c.releases_behind == 3,
	    "5.0.0 is latest in 2024, one major behind");
	free(c.latest);

	/* A version the snapshot lacks, or not yet out: unknown, not zero. */
	memset(&c, 0, sizeof(c));
	c.ecosystem = eco;
	c.name = name;
	c.version = missing;
	ASSAY_CHECK(dep_age_from_package(&c, pkg, at("2022-01-01")) == 0 &&
	    c.age == DEP_AGE_UNKNOWN && c.latest == NULL);
	memset(&c, 0, sizeof(c));
	c.ecosystem = eco;
	c.name = name;
	c.version = version;
	ASSAY_CHECK(dep_age_from_package(&c, pkg, at("2019-01-01")) == 0 &&
	    c.age == DEP_AGE_UNKNOWN);
	json_decref(pkg);
}

static const char eol_table[] =
    "{\"schema\": \"assay/eol/v1\", \"generated\": \"2026-11-01\","
    " \"products\": {\"openssl\": {\"title\": \"OpenSSL\","
    "  \"match\": [{\"ecosystem\": \"generic\", \"name\": \"openssl\"},"
    "            {\"ecosystem\": \"deb\", \"name\": \"libssl3\"}],"
    "  \"cycles\": [{\"cycle\": \"1.1.1\", \"eol\": \"2023-09-11\"},"
    "             {\"cycle\": \"1.1\", \"eol\": \"2019-09-11\"},"
    "             {\"cycle\": \"3.0\", \"eol\": \"2026-09-07\"},"
    "             {\"cycle\": \"3.5\", \"eol\": false}],"
    "  \"unlisted_before\": \"1.0.2\"}}}";

static void
judge(const struct dep_eol *t, const char *eco, const char *name,
    const char *version, const char *product, int64_t now, int want,
    const char *cycle)
{
	struct dep_component c;

	memset(&c, 0, sizeof(c));
	c.ecosystem = strdup(eco);
	c.name = strdup(name);
	c.version = strdup(version);
	if (product != NULL)
		c.product = strdup(product);
	CU_ASSERT_FATAL(c.ecosystem != NULL && c.name != NULL &&
	    c.version != NULL);
	ASSAY_CHECK(dep_eol_judge(t, &c, now) == 0);
	ASSAY_CHECKF(c.eol == want, "%s %s %s: eol %d, want %d", eco, name,
	    version, c.eol, want);
	ASSAY_CHECKF((cycle == NULL && c.eol_cycle == NULL) ||
	    (cycle != NULL && c.eol_cycle != NULL &&
	    strcmp(cycle, c.eol_cycle) == 0), "%s %s: cycle %s, want %s",
	    name, version, c.eol_cycle != NULL ? c.eol_cycle : "none",
	    cycle != NULL ? cycle : "none");
	free(c.product);
	free(c.eol_cycle);
	free(c.ecosystem);
	free(c.name);
	free(c.version);
}

static void
test_eol(void)
{
	struct dep_eol *t = dep_eol_parse(eol_table, strlen(eol_table));
	int64_t now = at("2026-11-29");

	CU_ASSERT_PTR_NOT_NULL_FATAL(t);
	judge(t, "generic", "openssl", "1.1.1w", NULL, now, 1, "1.1.1");
	judge(t, "generic", "openssl", "1.1.0l", NULL, now, 1, "1.1");
	judge(t, "deb", "libssl3", "3.0.11-1~deb12u2", NULL, now, 1, "3.0");
	judge(t, "deb", "libssl3", "3.0.11-1~deb12u2", NULL, at("2025-01-01"),
	    0, "3.0");
	judge(t, "generic", "openssl", "3.5.1", NULL, now, 0, "3.5");
	judge(t, "generic", "openssl", "3.01", NULL, now, -1, NULL);
	judge(t, "generic", "openssl", "4.0.0", NULL, now, -1, NULL);
	judge(t, "generic", "openssl", "0.9.8zh", NULL, now, 1, "0.9");
	judge(t, "npm", "left-pad", "1.3.0", NULL, now, -1, NULL);
	judge(t, "generic", "libcrypto", "1.1.1k", "openssl", now, 1,
	    "1.1.1");
	dep_eol_free(t);
	ASSAY_CHECK(dep_eol_parse("{", 1) == NULL);
	ASSAY_CHECK(dep_eol_parse("[]", 2) == NULL);
}

/* Registry answers, keyed by URL, for the fetcher below. */
struct canned {
	const char *url, *body;
	unsigned asked;
};

static struct canned canned[] = {
	{ "https://r.test/npm/@acme%2Fwidget",
	    "{\"name\":\"@acme/widget\",\"dist-tags\":{\"latest\":\"1.1.0\"},"
	    "\"time\":{\"created\":\"2020-01-01T00:00:00Z\",\"modified\":"
	    "\"2021-01-01T00:00:00Z\",\"1.0.0\":\"2020-01-01T00:00:00.000Z\","
	    "\"1.1.0\":\"2020-07-01T00:00:00.000Z\"}}", 0 },
	{ "https://r.test/pypi/pypi/requests/json",
	    "{\"info\":{\"version\":\"2.31.0\"},\"releases\":{"
	    "\"2.28.2\":[{\"upload_time_iso_8601\":\"2023-01-12T16:24:54Z\"}],"
	    "\"2.31.0\":[{\"upload_time\":\"2023-05-22T15:12:44\"}],"
	    "\"2.30.0\":[{\"upload_time_iso_8601\":\"2023-05-03T15:12:44Z\","
	    "\"yanked\":true}],\"0.0.1\":[]}}", 0 },
	{ "https://r.test/cargo/api/v1/crates/serde",
	    "{\"crate\":{\"max_stable_version\":\"1.0.190\"},\"versions\":["
	    "{\"num\":\"1.0.190\",\"created_at\":\"2023-10-21T17:23:35.000+00:00\","
	    "\"yanked\":false},{\"num\":\"1.0.189\",\"created_at\":"
	    "\"2023-09-19T00:00:00+00:00\",\"yanked\":true}]}", 0 },
	{ "https://r.test/maven/solrsearch/select?q=g:%22org.example%22+AND+"
	    "a:%22lib%22&core=gav&rows=200&wt=json",
	    "{\"response\":{\"docs\":[{\"g\":\"org.example\",\"a\":\"lib\","
	    "\"v\":\"1.2\",\"timestamp\":1600000000000},{\"v\":\"1.3\","
	    "\"timestamp\":1700000000000}]}}", 0 },
	{ "https://r.test/go/github.com/!acme/mod/@v/list",
	    "v1.0.0\nv1.1.0\nnot-a-version\n", 0 },
	{ "https://r.test/go/github.com/!acme/mod/@v/v1.0.0.info",
	    "{\"Version\":\"v1.0.0\",\"Time\":\"2021-01-01T00:00:00Z\"}", 0 },
	{ "https://r.test/go/github.com/!acme/mod/@v/v1.1.0.info",
	    "{\"Version\":\"v1.1.0\",\"Time\":\"2022-01-01T00:00:00Z\"}", 0 },
};

static enum assay_err
canned_fetch(void *ctx, const char *url, size_t max, unsigned char **datap,
    size_t *lenp)
{
	size_t i;

	(void)ctx;
	for (i = 0; i < NELEM(canned); i++) {
		if (strcmp(canned[i].url, url) != 0)
			continue;
		canned[i].asked++;
		if (strlen(canned[i].body) > max)
			return ASSAY_ERR_LIMIT;
		*datap = (unsigned char *)strdup(canned[i].body);
		*lenp = strlen(canned[i].body);
		return *datap != NULL ? ASSAY_OK : ASSAY_ERR_NOMEM;
	}
	fprintf(stderr, "unexpected URL %s\n", url);
	return ASSAY_ERR_NET;
}

static const char *
version_date(json_t *pkg, const char *v)
{
	return json_string_value(json_object_get(json_object_get(pkg,
	    "versions"), v));
}

static void
test_registries(void)
{
	json_t *pkg = NULL;
	char why[256];

	ASSAY_CHECK(dep_registry_releases("npm", "https://r.test/npm/",
	    "@acme/widget", canned_fetch, NULL, 1 << 20, &pkg, why,
	    sizeof(why)) == ASSAY_OK);
	ASSAY_CHECKF(pkg != NULL && json_object_size(json_object_get(pkg,
	    "versions")) == 2 && strcmp(json_string_value(json_object_get(pkg,
	    "latest")), "1.1.0") == 0 && strcmp(version_date(pkg, "1.0.0"),
	    "2020-01-01T00:00:00Z") == 0, "npm: two versions, latest, dates");
	json_decref(pkg);

	ASSAY_CHECK(dep_registry_releases("pypi", "https://r.test/pypi",
	    "requests", canned_fetch, NULL, 1 << 20, &pkg, why,
	    sizeof(why)) == ASSAY_OK);
	ASSAY_CHECKF(pkg != NULL && version_date(pkg, "2.30.0") == NULL &&
	    version_date(pkg, "0.0.1") == NULL && version_date(pkg,
	    "2.31.0") != NULL && strcmp(version_date(pkg, "2.31.0"),
	    "2023-05-22T15:12:44Z") == 0,
	    "pypi: yanked and fileless releases left out, zone-less time UTC");
	json_decref(pkg);

	ASSAY_CHECK(dep_registry_releases("cargo", "https://r.test/cargo",
	    "serde", canned_fetch, NULL, 1 << 20, &pkg, why,
	    sizeof(why)) == ASSAY_OK);
	ASSAY_CHECKF(pkg != NULL && version_date(pkg, "1.0.189") == NULL &&
	    version_date(pkg, "1.0.190") != NULL,
	    "cargo: a yanked version left out");
	json_decref(pkg);

	ASSAY_CHECK(dep_registry_releases("maven", "https://r.test/maven",
	    "org.example:lib", canned_fetch, NULL, 1 << 20, &pkg, why,
	    sizeof(why)) == ASSAY_OK);
	ASSAY_CHECKF(pkg != NULL && version_date(pkg, "1.3") != NULL &&
	    strcmp(version_date(pkg, "1.3"), "2023-11-14T22:13:20Z") == 0,
	    "maven: millisecond timestamps");
	json_decref(pkg);

	ASSAY_CHECK(dep_registry_releases("golang", "https://r.test/go",
	    "github.com/Acme/mod", canned_fetch, NULL, 1 << 20, &pkg, why,
	    sizeof(why)) == ASSAY_OK);
	ASSAY_CHECKF(pkg != NULL && json_object_size(json_object_get(pkg,
	    "versions")) == 2 && canned[5].asked == 1 && canned[6].asked == 1,
	    "golang: the case-escaped module, one .info per version");
	json_decref(pkg);

	ASSAY_CHECK(dep_registry_releases("npm", "http://r.test", "x",
	    canned_fetch, NULL, 1 << 20, &pkg, why, sizeof(why)) ==
	    ASSAY_ERR_USAGE && pkg == NULL);
	ASSAY_CHECK(dep_registry_releases("nuget", "https://r.test", "x",
	    canned_fetch, NULL, 1 << 20, &pkg, why, sizeof(why)) ==
	    ASSAY_ERR_USAGE);
	ASSAY_CHECK(dep_registry_parse_npm("{\"time\":[]}", 11) == NULL);
	ASSAY_CHECK(dep_registry_parse_pypi("nope", 4) == NULL);
}

static void
test_names(void)
{
	static const char sbom[] =
	    "{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.6\",\"components\":"
	    "[{\"purl\":\"pkg:npm/%40acme/widget@1.0.0\",\"components\":"
	    "[{\"purl\":\"pkg:npm/left-pad@1.3.0\"}]},"
	    "{\"purl\":\"pkg:maven/org.example/lib@1.2?type=jar\"},"
	    "{\"purl\":\"pkg:npm/left-pad@1.3.0\"}]}";
	static const char lock[] =
	    "{\"lockfileVersion\":3,\"packages\":{\"\":{},"
	    "\"node_modules/a\":{},\"node_modules/a/node_modules/@s/b\":{},"
	    "\"node_modules/linked\":{\"link\":true}}}";
	struct dep_name_list l = { NULL, 0 };
	char type[32], ns[64], name[64], err[256];

	ASSAY_CHECK(dep_purl_split("pkg:npm/%40acme/widget@1.0.0", type,
	    sizeof(type), ns, sizeof(ns), name, sizeof(name)) == 0 &&
	    strcmp(type, "npm") == 0 && strcmp(ns, "@acme") == 0 &&
	    strcmp(name, "widget") == 0);
	ASSAY_CHECK(dep_purl_split("pkg:golang/github.com/x/y@v1.0.0#sub",
	    type, sizeof(type), ns, sizeof(ns), name, sizeof(name)) == 0 &&
	    strcmp(ns, "github.com/x") == 0 && strcmp(name, "y") == 0);
	ASSAY_CHECK(dep_purl_split("pkg:npm/x%00y@1", type, sizeof(type), ns,
	    sizeof(ns), name, sizeof(name)) == -1);
	ASSAY_CHECK(dep_purl_split("npm/x@1", type, sizeof(type), ns,
	    sizeof(ns), name, sizeof(name)) == -1);

	ASSAY_CHECK(assay_test_write_file(assay_test_path("bom.json"), sbom,
	    strlen(sbom)) == 0);
	ASSAY_CHECK(dep_names_from_file(assay_test_path("bom.json"), "npm",
	    &l, err, sizeof(err)) == 0);
	ASSAY_CHECKF(l.n == 2 && strcmp(l.v[0], "@acme/widget") == 0 &&
	    strcmp(l.v[1], "left-pad") == 0, "npm names from the SBOM, "
	    "nested, once each: %zu", l.n);
	ASSAY_CHECK(dep_names_from_file(assay_test_path("bom.json"), "maven",
	    &l, err, sizeof(err)) == 0 && l.n == 3 &&
	    strcmp(l.v[2], "org.example:lib") == 0);
	dep_name_list_release(&l);
	ASSAY_CHECK(assay_test_write_file(assay_test_path("lock.json"), lock,
	    strlen(lock)) == 0);
	ASSAY_CHECK(dep_names_from_file(assay_test_path("lock.json"), "npm",
	    &l, err, sizeof(err)) == 0);
	ASSAY_CHECKF(l.n == 2 && strcmp(l.v[0], "a") == 0 &&
	    strcmp(l.v[1], "@s/b") == 0, "lock file names, link skipped");
	dep_name_list_release(&l);
	ASSAY_CHECK(assay_test_write_file(assay_test_path("x.json"), "{}", 2) ==
	    0);
	ASSAY_CHECK(dep_names_from_file(assay_test_path("x.json"), "npm", &l,
	    err, sizeof(err)) == 2 && strstr(err, "x.json") != NULL);
}

static CU_TestInfo age_tests[] = {
	{ "version order per ecosystem", test_version_order },
	{ "versions that are junk", test_version_hostile },
	{ "dates", test_times },
	{ "libyear against a hand calculation", test_libyear_by_hand },
	{ "end-of-life cycles", test_eol },
	{ "registry clients", test_registries },
	{ "names for db update --from", test_names },
	CU_TEST_INFO_NULL
};

static CU_SuiteInfo suites[] = {
	{ "deps_age", NULL, NULL, assay_test_setup, assay_test_teardown,
	    age_tests },
	CU_SUITE_INFO_NULL
};

int
main(void)
{
	return assay_test_run(suites);
}
