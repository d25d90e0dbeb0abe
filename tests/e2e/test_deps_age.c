/*
 * The dependencies probe's judgements through the real binary, with the
 * shipped npm snapshot and end-of-life table: libyear and versions behind
 * checked against a calculation by hand, end of life, unknown ages stated
 * as unknown, an SBOM that omits components, one total per package URL
 * however often it is found, and the bundle's CycloneDX SBOM listing every
 * component with the hash of the file it was found in (validated against
 * the CycloneDX 1.6 schema).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <CUnit/CUnit.h>
#include <archive.h>
#include <jansson.h>

#include "testutil.h"

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))
#define SCHEMAS		ASSAY_TEST_SOURCE_DIR "/schemas"

static const char profile_json[] =
"{\"id\": \"e2e-deps-age\", \"version\": \"1\",\n"
" \"title\": \"Dependencies probe only\",\n"
" \"description\": \"Runs the dependencies probe alone.\",\n"
" \"probes\": {\"signing\": {\"enabled\": false},\n"
"   \"update\": {\"enabled\": false},\n"
"   \"credentials\": {\"enabled\": false},\n"
"   \"dependencies\": {\"enabled\": true,\n"
"     \"params\": {\"max_libyear\": 2}}},\n"
" \"controls\": [{\"id\": \"e2e:deps\", \"title\": \"Current\",\n"
"   \"statement\": \"Nothing is end of life or too old.\",\n"
"   \"rules\": [\"dependencies.*\"], \"fail_at\": \"medium\",\n"
"   \"strength\": \"strong\"}]}\n";

/*
 * Judged at 2024-01-01 with the shipped npm snapshot:
 *   lodash 4.17.15 (2019-07-19), latest 4.17.21 (2021-02-20): 582 days,
 *     1.5935 libyears, 6 patches and 3 releases (4.17.19 to .21) behind;
 *   angular 1.7.9 (2019-11-19), latest 1.8.3 (2022-04-07): 870 days,
 *     2.3820 libyears (over max_libyear 2), and AngularJS 1 ended on
 *     2021-12-31;
 *   jquery 3.7.1 is the latest: 0.00;
 *   left-pad is not in the snapshot: unknown;
 *   libssl1.1 1.1.1n from dpkg: OpenSSL 1.1.1 ended on 2023-09-11.
 * Total over distinct packages: 1.5935 + 2.3820 = 3.98.
 */
static const char lock[] =
    "{\"name\":\"web\",\"lockfileVersion\":3,\"packages\":{"
    "\"\":{\"name\":\"web\",\"version\":\"1.0.0\"},"
    "\"node_modules/lodash\":{\"version\":\"4.17.15\"},"
    "\"node_modules/angular\":{\"version\":\"1.7.9\"},"
    "\"node_modules/jquery\":{\"version\":\"3.7.1\"},"
    "\"node_modules/left-pad\":{\"version\":\"1.3.0\"}}}\n";
static const char dpkg_status[] =
    "Package: libssl1.1\nStatus: install ok installed\n"
    "Architecture: amd64\nVersion: 1.1.1n-0+deb11u5\n\n";
static const char os_release[] = "ID=debian\nVERSION_ID=\"11\"\n";
/* The vendor's SBOM lists lodash only. */
static const char sbom[] =
    "{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.5\",\"components\":"
    "[{\"type\":\"library\",\"name\":\"lodash\",\"version\":\"4.17.15\","
    "\"purl\":\"pkg:npm/lodash@4.17.15\"}]}\n";

static json_t *findings;

static bool
streq(const char *a, const char *b)
{
	return a != NULL && b != NULL && strcmp(a, b) == 0;
}

static const char *
sget(const json_t *o, const char *path)
{
	char key[64];
	const char *dot;

	while ((dot = strchr(path, '.')) != NULL) {
		snprintf(key, sizeof(key), "%.*s", (int)(dot - path), path);
		o = json_object_get(o, key);
		path = dot + 1;
	}
	return json_string_value(json_object_get(o, path));
}

/* The finding of rule whose evidence purl (or message) names purl. */
static json_t *
find(const char *rule, const char *purl, const char *path_part)
{
	const char *path;
	json_t *f;
	size_t i;

	json_array_foreach(findings, i, f) {
		path = sget(f, "location.path");
		if (streq(sget(f, "rule"), rule) &&
		    (purl == NULL || streq(sget(f, "evidence.purl"), purl)) &&
		    (path_part == NULL || (path != NULL &&
		    strstr(path, path_part) != NULL)))
			return f;
	}
	return NULL;
}

static void
setup(void)
{
	const struct assay_test_entry entries[] = {
		{ .name = "web/package-lock.json", .data = lock },
		{ .name = "web/bom.json", .data = sbom },
		{ .name = "rootfs/var/lib/dpkg/status", .data = dpkg_status },
		{ .name = "rootfs/etc/os-release", .data = os_release },
	};
	const char *argv[] = { "scan", "--quiet", "--profile", "p.json",
	    "--as-of", "2024-01-01", "--out", "out", "release.tar.gz", NULL };
	struct assay_test_run_result r;

	assay_test_setup();
	findings = NULL;
	CU_ASSERT_FATAL(assay_test_write_file(assay_test_path("p.json"),
	    profile_json, sizeof(profile_json) - 1) == 0);
	CU_ASSERT_FATAL(assay_test_archive(assay_test_path("release.tar.gz"),
	    ARCHIVE_FORMAT_TAR_PAX_RESTRICTED, ARCHIVE_FILTER_GZIP, entries,
	    NELEM(entries)) == 0);
	CU_ASSERT_FATAL(assay_test_assay(&r, argv) == 0);
	ASSAY_CHECKF(r.status == 1, "a control fails: exit %d: %s", r.status,
	    r.err);
	assay_test_result_release(&r);
	findings = assay_test_findings(assay_test_path("out"));
	CU_ASSERT_FATAL(findings != NULL);
}

static void
teardown(void)
{
	json_decref(findings);
	findings = NULL;
	assay_test_teardown();
}

static void
test_libyear_by_hand(void)
{
	json_t *f = find("dependencies.component", "pkg:npm/lodash@4.17.15",
	    "package-lock.json");

	CU_ASSERT_FATAL(f != NULL);
	ASSAY_CHECKF(streq(sget(f, "evidence.age.libyear"), "1.59") &&
	    streq(sget(f, "evidence.age.latest"), "4.17.21") &&
	    streq(sget(f, "evidence.age.released"), "2019-07-19T00:00:00Z") &&
	    json_integer_value(json_object_get(json_object_get(
	    json_object_get(json_object_get(f, "evidence"), "age"), "behind"),
	    "patch")) == 6 &&
	    json_integer_value(json_object_get(json_object_get(
	    json_object_get(f, "evidence"), "age"), "releases_behind")) == 3,
	    "lodash: 582 days = 1.59 libyears, 6 patches, 3 releases behind");
	ASSAY_CHECKF(find("dependencies.outdated", "pkg:npm/lodash@4.17.15",
	    NULL) == NULL, "lodash is within max_libyear 2");
	f = find("dependencies.component", "pkg:npm/jquery@3.7.1", NULL);
	ASSAY_CHECKF(f != NULL && streq(sget(f, "evidence.age.libyear"),
	    "0.00"), "jquery is on its latest release");
	f = find("dependencies.outdated", "pkg:npm/angular@1.7.9", NULL);
	ASSAY_CHECKF(f != NULL && streq(sget(f, "evidence.age.libyear"),
	    "2.38") && streq(sget(f, "evidence.max_libyear"), "2.00"),
	    "angular: 870 days = 2.38 libyears, over 2");
}

static void
test_unknown_and_eol(void)
{
	json_t *f;

	f = find("dependencies.component", "pkg:npm/left-pad@1.3.0", NULL);
	ASSAY_CHECKF(f != NULL && streq(sget(f, "evidence.age.state"),
	    "unknown") && sget(f, "evidence.age.libyear") == NULL &&
	    sget(f, "evidence.age.reason") != NULL,
	    "left-pad: unknown age, with the reason, never zero");
	f = find("dependencies.end-of-life", "pkg:npm/angular@1.7.9", NULL);
	ASSAY_CHECKF(f != NULL && streq(sget(f, "evidence.eol.product"),
	    "angularjs") && streq(sget(f, "evidence.eol.date"),
	    "2021-12-31T00:00:00Z"), "AngularJS 1 ended on 2021-12-31");
	f = find("dependencies.end-of-life", NULL, "dpkg/status");
	ASSAY_CHECKF(f != NULL && streq(sget(f, "evidence.name"),
	    "libssl1.1") && streq(sget(f, "evidence.eol.cycle"), "1.1.1"),
	    "libssl1.1 1.1.1n: OpenSSL 1.1.1 has ended");
}

static void
test_sbom_and_totals(void)
{
	json_t *f;
	size_t i, outdated = 0;

	ASSAY_CHECKF(find("dependencies.sbom-missing-component",
	    NULL, "bom.json") != NULL, "the SBOM omits what the lock lists");
	ASSAY_CHECKF(assay_test_count_rule(findings,
	    "dependencies.sbom-missing-component", NULL) >= 4,
	    "angular, jquery, left-pad and libssl1.1 are missing from it");
	json_array_foreach(findings, i, f)
		if (streq(sget(f, "rule"), "dependencies.outdated") ||
		    streq(sget(f, "rule"), "dependencies.end-of-life"))
			ASSAY_CHECKF(strstr(sget(f, "location.path"),
			    "bom.json") == NULL, "no judgement at the SBOM's "
			    "claim when the lock file has it: %s",
			    sget(f, "location.path"));
	f = find("dependencies.age-summary", NULL, NULL);
	CU_ASSERT_FATAL(f != NULL);
	ASSAY_CHECKF(streq(sget(f, "evidence.total_libyear"), "3.98") &&
	    json_integer_value(json_object_get(json_object_get(f, "evidence"),
	    "end_of_life")) == 2 && json_integer_value(json_object_get(
	    json_object_get(f, "evidence"), "age_known")) == 3 &&
	    streq(sget(f, "evidence.oldest.purl"), "pkg:npm/angular@1.7.9"),
	    "summary: 3.98 libyears over distinct packages, 2 end of life, "
	    "angular oldest: %s", sget(f, "evidence.total_libyear"));
	json_array_foreach(findings, i, f)
		if (streq(sget(f, "rule"), "dependencies.outdated"))
			outdated++;
	ASSAY_CHECK(outdated == 1);
}

static void
test_cyclonedx(void)
{
	const char *args[] = { ASSAY_TEST_SOURCE_DIR "/schema_check.py",
	    SCHEMAS "/bom-1.6.schema.json", NULL, SCHEMAS "/spdx.schema.json",
	    SCHEMAS "/jsf-0.82.schema.json", NULL };
	json_t *bom, *c, *lodash = NULL, *p;
	char path[1024];
	size_t i, occurrences = 0;
	bool libyear = false;

	snprintf(path, sizeof(path), "%s", assay_test_path("out/sbom.cdx.json"));
	args[2] = path;
	ASSAY_CHECKF(assay_test_python(args, false) == 0,
	    "sbom.cdx.json matches the CycloneDX 1.6 schema");
	bom = assay_test_load_json(path);
	CU_ASSERT_FATAL(bom != NULL);
	ASSAY_CHECKF(json_array_size(json_object_get(bom, "components")) >= 5,
	    "every component is listed");
	json_array_foreach(json_object_get(bom, "components"), i, c)
		if (streq(sget(c, "purl"), "pkg:npm/lodash@4.17.15"))
			lodash = c;
	CU_ASSERT_FATAL(lodash != NULL);
	occurrences = json_array_size(json_object_get(json_object_get(lodash,
	    "evidence"), "occurrences"));
	json_array_foreach(json_object_get(lodash, "properties"), i, p)
		if (streq(sget(p, "name"), "assay:libyear") &&
		    streq(sget(p, "value"), "1.59"))
			libyear = true;
	ASSAY_CHECKF(occurrences == 2 && json_array_size(json_object_get(
	    lodash, "hashes")) == 2 && libyear, "lodash once, found in the "
	    "lock file and the SBOM, with both files' hashes and its libyear");
	json_decref(bom);
}

static CU_TestInfo age_tests[] = {
	{ "libyear against a hand calculation", test_libyear_by_hand },
	{ "unknown ages and end of life", test_unknown_and_eol },
	{ "SBOM omissions and totals", test_sbom_and_totals },
	{ "the bundle's CycloneDX SBOM", test_cyclonedx },
	CU_TEST_INFO_NULL
};

static CU_SuiteInfo suites[] = {
	{ "dependencies age", NULL, NULL, setup, teardown, age_tests },
	CU_SUITE_INFO_NULL
};

int
main(void)
{
	return assay_test_run(suites);
}
