/*
 * The dependencies probe through the real binary: a release tar holding
 * malformed lock files, manifests, package databases, an SBOM and a
 * binary's cargo-auditable section beside good ones, and a war with a jar
 * inside whose pom.properties is broken.  Each bad
 * file is one dependencies.parse-error finding naming the nested path and
 * the line; good files give none; the scan completes.
 */
#include <archive.h>
#include <archive_entry.h>
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <CUnit/CUnit.h>
#include <jansson.h>

#include "testutil.h"

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))
#define RULE		"dependencies.parse-error"

static const char profile_json[] =
"{\"id\": \"e2e-deps\", \"version\": \"1\",\n"
" \"title\": \"Dependencies probe only\",\n"
" \"description\": \"Runs the dependencies probe alone.\",\n"
" \"probes\": {\"signing\": {\"enabled\": false},\n"
"   \"update\": {\"enabled\": false},\n"
"   \"credentials\": {\"enabled\": false},\n"
"   \"dependencies\": {\"enabled\": true}},\n"
" \"controls\": [{\"id\": \"e2e:deps\", \"title\": \"Parses\",\n"
"   \"statement\": \"Every manifest parses.\",\n"
"   \"rules\": [\"dependencies.*\"], \"fail_at\": \"high\",\n"
"   \"strength\": \"strong\"}]}\n";

static const char good_lock[] =
    "{\"lockfileVersion\":3,\"packages\":{\"node_modules/a\":"
    "{\"version\":\"1.0.0\"}}}\n";
static const char bad_lock[] =
    "{\n\"lockfileVersion\": 3,\n\"packages\": {,\n}}\n";
static const char bad_poetry[] =
    "[[package]]\nname = \"a\"\nversion = \"1\"\n\n[[package]]\n"
    "name = 'single quoted'\nversion = \"2\"\n";
static const char bad_gem[] =
    "GEM\n  remote: x\n  specs:\n    ok (1.0)\n    broken-spec\n";
static const char bad_dpkg[] =
    "Package: a\nStatus: install ok installed\nVersion: 1\n\n"
    "Package: b\nStatus: install ok installed\nVersion: 2\n"
    "garbage without colon\n";
static const char bad_pom[] = "groupId=g\nartifactId=a\n";

static const char bad_bom[] =
    "{\n  \"bomFormat\": \"CycloneDX\",\n  \"specVersion\": \"1.5\",\n"
    "  \"components\": [ }\n";
static const char good_bom[] =
    "{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.6\","
    "\"components\":[{\"name\":\"a\",\"version\":\"1.0.0\","
    "\"purl\":\"pkg:npm/a@1.0.0\"}]}\n";

static void
put(unsigned char *b, size_t off, uint64_t v, unsigned n)
{
	unsigned i;

	for (i = 0; i < n; i++)
		b[off + i] = (unsigned char)(v >> (8 * i));
}

/*
 * A little-endian ELF64 file (512 bytes) whose .dep-v0 section holds
 * bytes that are not a zlib stream: the binary scan's parse error.
 */
static void
bad_auditable_elf(unsigned char *b)
{
	memset(b, 0, 512);
	memcpy(b, "\177ELF\2\1\1", 7);
	put(b, 0x28, 320, 8);		/* e_shoff */
	put(b, 0x3a, 64, 2);
	put(b, 0x3c, 3, 2);
	put(b, 0x3e, 1, 2);
	memcpy(b + 121, ".shstrtab\0.dep-v0", 17);
	memcpy(b + 256, "not zlib at all", 15);
	put(b, 320 + 64, 1, 4);
	put(b, 320 + 64 + 4, 3, 4);
	put(b, 320 + 64 + 24, 120, 8);
	put(b, 320 + 64 + 32, 19, 8);
	put(b, 320 + 128, 11, 4);
	put(b, 320 + 128 + 4, 1, 4);
	put(b, 320 + 128 + 24, 256, 8);
	put(b, 320 + 128 + 32, 15, 8);
}

/* A finding of RULE at path with the given line (0: any). */
static bool
has_error(json_t *findings, const char *path, long line)
{
	json_t *f, *loc;
	size_t i;

	json_array_foreach(findings, i, f) {
		loc = json_object_get(f, "location");
		if (strcmp(json_string_value(json_object_get(f, "rule")) ?
		    json_string_value(json_object_get(f, "rule")) : "", RULE)
		    != 0 || json_string_value(json_object_get(loc, "path")) ==
		    NULL || strcmp(json_string_value(json_object_get(loc,
		    "path")), path) != 0)
			continue;
		if (line == 0 || json_integer_value(json_object_get(loc,
		    "line")) == line)
			return true;
	}
	return false;
}

static void
test_parse_errors(void)
{
	struct assay_test_entry jar_entries[] = {
		{ .name = "META-INF/MANIFEST.MF", .data =
		    "Manifest-Version: 1.0\n" },
		{ .name = "META-INF/maven/g/a/pom.properties",
		    .data = bad_pom },
	};
	struct assay_test_entry war_entries[] = {
		{ .name = "WEB-INF/web.xml", .data = "<web-app/>\n" },
		{ .name = "WEB-INF/lib/x.jar" },
	};
	struct assay_test_entry tar_entries[] = {
		{ .name = "app/package-lock.json", .data = good_lock },
		{ .name = "web/package-lock.json", .data = bad_lock },
		{ .name = "py/poetry.lock", .data = bad_poetry },
		{ .name = "rb/Gemfile.lock", .data = bad_gem },
		{ .name = "rootfs/var/lib/dpkg/status", .data = bad_dpkg },
		{ .name = "rootfs/var/lib/rpm/rpmdb.sqlite",
		    .data = "SQLite format 3\0 and then nothing useful",
		    .size = 40 },
		{ .name = "app.war" },
		{ .name = "sbom/bom.json", .data = bad_bom },
		{ .name = "sbom/ok.cdx.json", .data = good_bom },
		{ .name = "bin/tool" },
	};
	unsigned char elf[512];
	const char *argv[] = { "scan", "--quiet", "--profile", "deps.json",
	    "--workspace", "ws", "--out", "out", "rel.tar", NULL };
	struct assay_test_run_result r;
	unsigned char *jar = NULL, *war = NULL;
	size_t jarlen = 0, warlen = 0;
	json_t *findings = NULL;

	CU_ASSERT_FATAL(assay_test_write_file(assay_test_path("deps.json"),
	    profile_json, sizeof(profile_json) - 1) == 0);
	CU_ASSERT_FATAL(mkdir(assay_test_path("ws"), 0700) == 0 ||
	    errno == EEXIST);
	jar = assay_test_archive_mem(ARCHIVE_FORMAT_ZIP, ARCHIVE_FILTER_NONE,
	    jar_entries, NELEM(jar_entries), &jarlen);
	CU_ASSERT_PTR_NOT_NULL_FATAL(jar);
	war_entries[1].data = jar;
	war_entries[1].size = jarlen;
	war = assay_test_archive_mem(ARCHIVE_FORMAT_ZIP, ARCHIVE_FILTER_NONE,
	    war_entries, NELEM(war_entries), &warlen);
	CU_ASSERT_PTR_NOT_NULL_FATAL(war);
	tar_entries[6].data = war;
	tar_entries[6].size = warlen;
	bad_auditable_elf(elf);
	tar_entries[9].data = elf;
	tar_entries[9].size = sizeof(elf);
	CU_ASSERT_FATAL(assay_test_archive(assay_test_path("rel.tar"),
	    ARCHIVE_FORMAT_TAR_PAX_RESTRICTED, ARCHIVE_FILTER_GZIP,
	    tar_entries, NELEM(tar_entries)) == 0);

	CU_ASSERT_FATAL(assay_test_assay(&r, argv) == 0);
	ASSAY_CHECKF(r.status == 0 || r.status == 1, "exit %d: %s", r.status,
	    r.err);
	findings = assay_test_findings(assay_test_path("out"));
	CU_ASSERT_PTR_NOT_NULL_FATAL(findings);
	ASSAY_CHECKF(has_error(findings, "rel.tar!/web/package-lock.json", 3),
	    "package-lock.json error at line 3");
	ASSAY_CHECKF(has_error(findings, "rel.tar!/py/poetry.lock", 6),
	    "poetry.lock error at line 6");
	ASSAY_CHECKF(has_error(findings, "rel.tar!/rb/Gemfile.lock", 5),
	    "Gemfile.lock error at line 5");
	ASSAY_CHECKF(has_error(findings, "rel.tar!/rootfs/var/lib/dpkg/status",
	    8), "dpkg status error at line 8");
	ASSAY_CHECKF(has_error(findings,
	    "rel.tar!/rootfs/var/lib/rpm/rpmdb.sqlite", 0), "rpmdb error");
	ASSAY_CHECKF(has_error(findings, "rel.tar!/app.war!/WEB-INF/lib/x.jar!/"
	    "META-INF/maven/g/a/pom.properties", 0),
	    "pom.properties inside the jar inside the war");
	ASSAY_CHECKF(has_error(findings, "rel.tar!/sbom/bom.json", 4),
	    "SBOM error at line 4");
	ASSAY_CHECKF(has_error(findings, "rel.tar!/bin/tool", 0),
	    "cargo-auditable section that does not inflate");
	ASSAY_CHECKF(assay_test_count_rule(findings, RULE,
	    "rel.tar!/app/package-lock.json") == 0 &&
	    assay_test_count_rule(findings, RULE, "rel.tar!/sbom/ok.cdx.json")
	    == 0, "good files are quiet");
	ASSAY_CHECKF(assay_test_count_rule(findings, RULE, NULL) == 8,
	    "eight parse errors, got %zu",
	    assay_test_count_rule(findings, RULE, NULL));
	json_decref(findings);
	assay_test_result_release(&r);
	free(jar);
	free(war);
}

static CU_TestInfo tests[] = {
	{ "parse errors name file and line", test_parse_errors },
	CU_TEST_INFO_NULL
};

static CU_SuiteInfo suites[] = {
	{ "deps", NULL, NULL, assay_test_setup, assay_test_teardown, tests },
	CU_SUITE_INFO_NULL
};

int
main(void)
{
	return assay_test_run(suites);
}
