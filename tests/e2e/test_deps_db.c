/*
 * End to end: "assay db update" against a loopback HTTPS registry with a
 * test CA (tests/registry_server.py answering from recorded responses):
 * a new snapshot for npm, PyPI, crates, Maven and the Go proxy; names from
 * --package and --from; a package the registry cannot answer keeps its old
 * dates (exit 1); usage errors.  No test reaches beyond loopback.
 */
#include <sys/stat.h>
#include <sys/types.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <CUnit/CUnit.h>
#include <jansson.h>

#include "testutil.h"

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

static pid_t server = -1;
static char base[64];

struct answer {
	const char *path;	/* with the query, as the client asks */
	const char *file;
	const char *body;
};

static const struct answer answers[] = {
	{ "/npm/left-pad", "npm-left-pad.json",
	    "{\"dist-tags\":{\"latest\":\"1.3.0\"},\"time\":{"
	    "\"created\":\"2014-03-14T00:00:00Z\","
	    "\"1.1.3\":\"2016-03-23T00:00:00.000Z\","
	    "\"1.3.0\":\"2018-04-10T00:00:00.000Z\"}}" },
	{ "/npm/@acme%2Fwidget", "npm-widget.json",
	    "{\"dist-tags\":{\"latest\":\"2.0.0\"},\"time\":{"
	    "\"2.0.0\":\"2022-02-02T00:00:00.000Z\"}}" },
	{ "/pypi/pypi/requests/json", "pypi-requests.json",
	    "{\"info\":{\"version\":\"2.31.0\"},\"releases\":{\"2.31.0\":"
	    "[{\"upload_time_iso_8601\":\"2023-05-22T15:12:44Z\"}]}}" },
	{ "/cargo/api/v1/crates/serde", "cargo-serde.json",
	    "{\"crate\":{\"max_stable_version\":\"1.0.190\"},\"versions\":["
	    "{\"num\":\"1.0.190\",\"created_at\":\"2023-10-21T17:23:35Z\"}]}" },
	{ "/maven/solrsearch/select?q=g:%22org.example%22+AND+a:%22lib%22"
	    "&core=gav&rows=200&wt=json", "maven-lib.json",
	    "{\"response\":{\"docs\":[{\"v\":\"1.3\","
	    "\"timestamp\":1700000000000}]}}" },
	{ "/go/example.com/!mod/@v/list", "go-list.txt", "v1.0.0\n" },
	{ "/go/example.com/!mod/@v/v1.0.0.info", "go-info.json",
	    "{\"Version\":\"v1.0.0\",\"Time\":\"2021-01-01T00:00:00Z\"}" },
};

static bool
write_answers(const char *dir)
{
	json_t *routes = json_object(), *r;
	char path[512];
	size_t i;
	bool ok = routes != NULL;

	for (i = 0; ok && i < NELEM(answers); i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, answers[i].file);
		r = json_pack("{s:i, s:s}", "status", 200, "file",
		    answers[i].file);
		ok = r != NULL && json_object_set_new(routes, answers[i].path,
		    r) == 0 && assay_test_write_file(path, answers[i].body,
		    strlen(answers[i].body)) == 0;
	}
	snprintf(path, sizeof(path), "%s/routes.json", dir);
	ok = ok && json_dump_file(routes, path, 0) == 0;
	json_decref(routes);
	return ok;
}

static void
setup(void)
{
	struct timespec tick = { 0, 20 * 1000 * 1000 };
	const char *dir;
	char *port = NULL, path[512];
	int i;

	assay_test_setup();
	dir = assay_test_path("registry");
	ASSAY_CHECK(mkdir(dir, 0700) == 0);
	ASSAY_CHECKF(assay_test_tls_pki(dir) == 0, "made the test PKI");
	ASSAY_CHECK(write_answers(dir));
	{
		const char *const args[] = { ASSAY_TEST_SOURCE_DIR
		    "/registry_server.py", dir, NULL };

		server = assay_test_python_start(args);
	}
	snprintf(path, sizeof(path), "%s/port", dir);
	for (i = 0; i < 500 && port == NULL; i++) {
		port = assay_test_read_file(path, NULL);
		if (port == NULL)
			nanosleep(&tick, NULL);
	}
	ASSAY_CHECKF(port != NULL, "the registry server started");
	snprintf(base, sizeof(base), "https://127.0.0.1:%s",
	    port != NULL ? port : "1");
	free(port);
}

static void
teardown(void)
{
	assay_test_stop(server);
	server = -1;
	assay_test_teardown();
}

static int
run(struct assay_test_run_result *r, const char *const *argv)
{
	/* libcurl honours proxies; the tests must reach 127.0.0.1 itself. */
	unsetenv("https_proxy");
	unsetenv("HTTPS_PROXY");
	unsetenv("all_proxy");
	unsetenv("ALL_PROXY");
	return assay_test_assay(r, argv);
}

static json_t *
snapshot(const char *eco)
{
	char rel[64];

	snprintf(rel, sizeof(rel), "snap/%s.json", eco);
	return assay_test_load_json(assay_test_path(rel));
}

static const char *
date_of(json_t *snap, const char *pkg, const char *version)
{
	return json_string_value(json_object_get(json_object_get(
	    json_object_get(json_object_get(snap, "packages"), pkg),
	    "versions"), version));
}

static void
test_update_every_registry(void)
{
	char npm[128], pypi[128], cargo[128], maven[128], go[128];
	const char *argv[32];
	struct assay_test_run_result r;
	json_t *s;
	size_t n = 0;
	static const char sbom[] = "{\"bomFormat\":\"CycloneDX\","
	    "\"components\":[{\"purl\":\"pkg:npm/%40acme/widget@2.0.0\"}]}";

	ASSAY_CHECK(mkdir(assay_test_path("snap"), 0700) == 0);
	ASSAY_CHECK(assay_test_write_file(assay_test_path("bom.json"), sbom,
	    strlen(sbom)) == 0);
	snprintf(npm, sizeof(npm), "npm=%s/npm", base);
	snprintf(pypi, sizeof(pypi), "pypi=%s/pypi", base);
	snprintf(cargo, sizeof(cargo), "cargo=%s/cargo", base);
	snprintf(maven, sizeof(maven), "maven=%s/maven", base);
	snprintf(go, sizeof(go), "golang=%s/go", base);
	argv[n++] = "db";
	argv[n++] = "update";
	argv[n++] = "--dir";
	argv[n++] = "snap";
	argv[n++] = "--ca-file";
	argv[n++] = "registry/ca.pem";
	argv[n++] = "--cache-dir";
	argv[n++] = "cache";
	argv[n++] = "--registry"; argv[n++] = npm;
	argv[n++] = "--registry"; argv[n++] = pypi;
	argv[n++] = "--registry"; argv[n++] = cargo;
	argv[n++] = "--registry"; argv[n++] = maven;
	argv[n++] = "--registry"; argv[n++] = go;
	argv[n++] = "--package"; argv[n++] = "npm:left-pad";
	argv[n++] = "--package"; argv[n++] = "pypi:requests";
	argv[n++] = "--package"; argv[n++] = "cargo:serde";
	argv[n++] = "--package"; argv[n++] = "maven:org.example:lib";
	argv[n++] = "--package"; argv[n++] = "golang:example.com/Mod";
	argv[n++] = "--from"; argv[n++] = "bom.json";
	argv[n] = NULL;
	if (run(&r, argv) != 0)
		return;
	ASSAY_CHECKF(r.status == 0, "exit %d: %s", r.status, r.err);
	assay_test_result_release(&r);

	s = snapshot("npm");
	ASSAY_CHECKF(s != NULL && strcmp(json_string_value(json_object_get(s,
	    "schema")), "assay/releases/v1") == 0 &&
	    strcmp(json_string_value(json_object_get(s, "generated")),
	    "2023-11-14T22:13:20Z") == 0, "npm snapshot, dated "
	    "SOURCE_DATE_EPOCH");
	ASSAY_CHECK(date_of(s, "left-pad", "1.3.0") != NULL &&
	    strcmp(date_of(s, "left-pad", "1.3.0"),
	    "2018-04-10T00:00:00Z") == 0);
	ASSAY_CHECKF(date_of(s, "@acme/widget", "2.0.0") != NULL,
	    "the scoped name from the SBOM, asked as @acme%%2Fwidget");
	json_decref(s);
	s = snapshot("pypi");
	ASSAY_CHECK(date_of(s, "requests", "2.31.0") != NULL);
	json_decref(s);
	s = snapshot("cargo");
	ASSAY_CHECK(date_of(s, "serde", "1.0.190") != NULL);
	json_decref(s);
	s = snapshot("maven");
	ASSAY_CHECK(date_of(s, "org.example:lib", "1.3") != NULL);
	json_decref(s);
	s = snapshot("golang");
	ASSAY_CHECKF(date_of(s, "example.com/Mod", "v1.0.0") != NULL,
	    "the Go module, case-escaped on the wire");
	json_decref(s);
}

static void
test_unanswered_keeps_old(void)
{
	static const char old[] = "{\"schema\":\"assay/releases/v1\","
	    "\"ecosystem\":\"npm\",\"generated\":\"2020-01-01T00:00:00Z\","
	    "\"packages\":{\"gone\":{\"latest\":\"1.0.0\",\"versions\":"
	    "{\"1.0.0\":\"2019-01-01T00:00:00Z\"}},\"left-pad\":{}}}";
	char npm[128];
	const char *argv[] = { "db", "update", "-q", "--dir", "snap",
	    "--ca-file", "registry/ca.pem", "--cache-dir", "cache",
	    "--registry", npm, NULL };
	struct assay_test_run_result r;
	json_t *s;

	ASSAY_CHECK(mkdir(assay_test_path("snap"), 0700) == 0);
	ASSAY_CHECK(assay_test_write_file(assay_test_path("snap/npm.json"),
	    old, strlen(old)) == 0);
	snprintf(npm, sizeof(npm), "npm=%s/npm", base);
	if (run(&r, argv) != 0)
		return;
	ASSAY_CHECKF(r.status == 1 && strstr(r.err, "1 package") != NULL,
	    "exit %d (want 1): %s", r.status, r.err);
	assay_test_result_release(&r);
	s = snapshot("npm");
	ASSAY_CHECKF(date_of(s, "gone", "1.0.0") != NULL &&
	    date_of(s, "left-pad", "1.3.0") != NULL,
	    "the unanswered package kept its dates, the other refreshed");
	json_decref(s);
}

static void
test_usage(void)
{
	static const struct {
		const char *argv[8];
		const char *err;
	} rows[] = {
		{ { "db", NULL }, "subcommand" },
		{ { "db", "update", NULL }, "ships no registry address" },
		{ { "db", "update", "--registry", "npm=http://x", NULL },
		    "https" },
		{ { "db", "update", "--ecosystem", "nuget", "--registry",
		    "npm=https://x", NULL }, "nuget" },
		{ { "db", "frobnicate", NULL }, "frobnicate" },
	};
	struct assay_test_run_result r;
	size_t i;

	for (i = 0; i < NELEM(rows); i++) {
		if (run(&r, rows[i].argv) != 0)
			continue;
		ASSAY_CHECKF(r.status == 2 && strstr(r.err, rows[i].err) !=
		    NULL, "row %zu: exit %d, stderr %s", i, r.status, r.err);
		assay_test_result_release(&r);
	}
}

static CU_TestInfo db_tests[] = {
	{ "update from every registry", test_update_every_registry },
	{ "an unanswered package keeps its dates", test_unanswered_keeps_old },
	{ "usage errors", test_usage },
	CU_TEST_INFO_NULL
};

static CU_SuiteInfo suites[] = {
	{ "db update", NULL, NULL, setup, teardown, db_tests },
	CU_SUITE_INFO_NULL
};

int
main(void)
{
	return assay_test_run(suites);
}
