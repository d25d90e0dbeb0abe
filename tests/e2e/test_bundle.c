/*
 * End-to-end suite for what a tester does with a bundle, through the real
 * binary: keygen, a signed scan, verify (and its failure on a changed
 * byte), diff between two releases, waivers, and the profiles command.
 */
#include <archive.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "testutil.h"

static bool
contains(const char *s, const char *part)
{
	return s != NULL && strstr(s, part) != NULL;
}

/* Runs assay; returns its exit status, or -1 when it could not run. */
static int
assay(struct assay_test_run_result *r, const char *const *argv)
{
	memset(r, 0, sizeof(*r));
	if (assay_test_assay(r, argv) != 0)
		return -1;
	return r->status;
}

/*
 * The default profile without the signing probe: these releases carry no
 * signatures (which fails selfcheck:signed-release), and what is tested
 * here is the bundle, diff and waivers.
 */
#define NOSIGN_PROFILE	"nosign.json"
static const char nosign_json[] =
    "{\"id\": \"nosign\", \"version\": \"1\", \"title\": \"t\","
    " \"description\": \"vendor-selfcheck without signing\","
    " \"extends\": \"vendor-selfcheck\","
    " \"probes\": {\"signing\": {\"enabled\": false}}}";

static bool
make_nosign_profile(void)
{
	return assay_test_write_file(assay_test_path(NOSIGN_PROFILE),
	    nosign_json, sizeof(nosign_json) - 1) == 0;
}

/* A release whose one problem is a world-writable file (unless fixed). */
static bool
make_release(const char *name, bool fixed)
{
	struct assay_test_entry ents[] = {
		{ .name = "etc/app.conf", .data = "port=8080\n" },
		{ .name = "bin/app", .data = "binary\n", .mode = 0755 },
		{ .name = "var/spool", .data = "queue\n",
		  .mode = fixed ? 0644 : 0666 },
	};

	return assay_test_archive(assay_test_path(name),
	    ARCHIVE_FORMAT_TAR_PAX_RESTRICTED, ARCHIVE_FILTER_GZIP, ents,
	    sizeof(ents) / sizeof(ents[0])) == 0;
}

static void
test_signed_bundle_verifies(void)
{
	const char *keygen[] = { "keygen", "--out", "lab", NULL };
	const char *scan[] = { "scan", "--quiet", "--profile", NOSIGN_PROFILE,
	    "--sign-key", "lab.key", "--out", "b", "rel.tar.gz", NULL };
	const char *verify[] = { "verify", "--trust", "lab.pub", "b", NULL };
	const char *verify_other[] = { "verify", "--trust", "other.pub", "b",
	    NULL };
	const char *keygen2[] = { "keygen", "--type", "p256", "--out", "other",
	    NULL };
	struct assay_test_run_result r;
	struct stat st;
	char *bytes;
	size_t len;
	json_t *m;

	CU_ASSERT_FATAL(make_release("rel.tar.gz", true));
	CU_ASSERT_FATAL(make_nosign_profile());
	CU_ASSERT(assay(&r, keygen) == 0);
	assay_test_result_release(&r);
	CU_ASSERT(stat(assay_test_path("lab.key"), &st) == 0 &&
	    (st.st_mode & 0777) == 0600);
	/* A key is never overwritten. */
	CU_ASSERT(assay(&r, keygen) == 2);
	assay_test_result_release(&r);

	CU_ASSERT(assay(&r, scan) == 0);
	ASSAY_CHECKF(contains(r.out, "(signed)"), "%s", r.out);
	assay_test_result_release(&r);
	m = assay_test_load_json(assay_test_path("b/manifest.json"));
	CU_ASSERT(m != NULL && json_is_true(json_object_get(json_object_get(
	    m, "attestation"), "signed")));
	json_decref(m);

	CU_ASSERT(assay(&r, verify) == 0);
	ASSAY_CHECKF(contains(r.out, "b: verified"), "%s", r.out);
	assay_test_result_release(&r);

	CU_ASSERT(assay(&r, keygen2) == 0);
	assay_test_result_release(&r);
	CU_ASSERT(assay(&r, verify_other) == 1);
	assay_test_result_release(&r);

	/* One changed byte in one file: verify fails and names it. */
	bytes = assay_test_read_file(assay_test_path("b/findings.json"), &len);
	CU_ASSERT_FATAL(bytes != NULL && len > 10);
	bytes[len / 2] ^= 0x01;
	CU_ASSERT_FATAL(assay_test_write_file(assay_test_path(
	    "b/findings.json"), bytes, len) == 0);
	free(bytes);
	CU_ASSERT(assay(&r, verify) == 1);
	ASSAY_CHECKF(contains(r.out, "FAIL") &&
	    contains(r.out, "findings.json"), "%s", r.out);
	assay_test_result_release(&r);
}

static void
test_diff_and_waivers(void)
{
	const char *old_scan[] = { "scan", "--quiet", "--profile",
	    NOSIGN_PROFILE, "--out", "old",
	    "old.tar.gz", NULL };
	const char *new_scan[] = { "scan", "--quiet", "--profile",
	    NOSIGN_PROFILE, "--out", "new",
	    "new.tar.gz", NULL };
	const char *diff[] = { "diff", "old", "new", NULL };
	const char *diff_json[] = { "diff", "--json", "old", "new", NULL };
	const char *same[] = { "diff", "new", "new", NULL };
	const char *waived[] = { "scan", "--quiet", "--profile",
	    NOSIGN_PROFILE, "--waivers", "w.json",
	    "--out", "w", "old.tar.gz", NULL };
	static const char waivers[] =
	    "{\"waivers\": ["
	    "{\"rule\": \"harness.world-writable\", \"path\": \"**/var/spool\","
	    " \"reason\": \"spool is shared by design\", \"author\": \"lab\","
	    " \"expires\": \"2099-01-01\"},"
	    "{\"rule\": \"harness.setuid\", \"path\": \"**\","
	    " \"reason\": \"old\", \"author\": \"lab\","
	    " \"expires\": \"2001-01-01\"}]}";
	struct assay_test_run_result r;
	json_t *j, *f = NULL;
	size_t i;

	CU_ASSERT_FATAL(make_release("old.tar.gz", false));
	CU_ASSERT_FATAL(make_nosign_profile());
	CU_ASSERT_FATAL(make_release("new.tar.gz", true));
	/* The default profile fails a world-writable file. */
	CU_ASSERT(assay(&r, old_scan) == 1);
	ASSAY_CHECKF(contains(r.out, "failed: selfcheck:file-permissions"),
	    "%s", r.out);
	assay_test_result_release(&r);
	CU_ASSERT(assay(&r, new_scan) == 0);
	assay_test_result_release(&r);

	CU_ASSERT(assay(&r, diff) == 1);
	ASSAY_CHECKF(contains(r.out, "harness.world-writable") &&
	    contains(r.out, "selfcheck:file-permissions"), "%s", r.out);
	assay_test_result_release(&r);
	CU_ASSERT(assay(&r, diff_json) == 1);
	j = json_loads(r.out != NULL ? r.out : "", 0, NULL);
	CU_ASSERT(j != NULL && json_array_size(json_object_get(j, "fixed")) ==
	    1 && json_array_size(json_object_get(j, "new")) == 0);
	json_decref(j);
	assay_test_result_release(&r);
	CU_ASSERT(assay(&r, same) == 0);
	assay_test_result_release(&r);

	/* A live waiver lets the control pass; the expired one is named. */
	CU_ASSERT_FATAL(assay_test_write_file(assay_test_path("w.json"),
	    waivers, sizeof(waivers) - 1) == 0);
	CU_ASSERT(assay(&r, waived) == 0);
	ASSAY_CHECKF(contains(r.err, "expired"), "%s", r.err);
	assay_test_result_release(&r);
	j = assay_test_findings(assay_test_path("w"));
	CU_ASSERT_FATAL(j != NULL);
	json_array_foreach(j, i, f)
		if (contains(json_string_value(json_object_get(f, "rule")),
		    "harness.world-writable"))
			break;
	ASSAY_CHECKF(i < json_array_size(j) &&
	    contains(json_string_value(json_object_get(json_object_get(f,
	    "waiver"), "author")), "lab"),
	    "the world-writable finding carries the lab's waiver");
	json_decref(j);
	j = assay_test_load_json(assay_test_path("w/manifest.json"));
	CU_ASSERT(j != NULL && json_string_value(json_object_get(
	    json_object_get(j, "waivers"), "sha256")) != NULL);
	json_decref(j);
}

static void
test_profiles_command(void)
{
	static const char *const ids[] = { "ccs-onboarding", "cop",
	    "cyber-essentials", "high-risk", "vendor-selfcheck" };
	const char *list[] = { "profiles", NULL };
	const char *show[] = { "profiles", "high-risk", NULL };
	const char *missing[] = { "profiles", "no-such-profile", NULL };
	const char *bad[] = { "scan", "--profile", "broken.json", "x", NULL };
	static const char broken[] =
	    "{\"id\": \"broken\", \"version\": \"1\", \"title\": \"t\","
	    " \"description\": \"d\", \"controls\": [{\"id\": \"x:1\","
	    " \"title\": \"t\", \"statement\": \"s\", \"rules\": [\"a.b\"],"
	    " \"fail_at\": \"severe\", \"strength\": \"strong\"}]}";
	struct assay_test_run_result r;
	json_t *p;
	size_t i;

	CU_ASSERT(assay(&r, list) == 0);
	for (i = 0; i < sizeof(ids) / sizeof(ids[0]); i++)
		ASSAY_CHECKF(contains(r.out, ids[i]), "%s listed", ids[i]);
	assay_test_result_release(&r);

	/* high-risk extends cop: resolved, it holds every principle. */
	CU_ASSERT(assay(&r, show) == 0);
	p = json_loads(r.out != NULL ? r.out : "", 0, NULL);
	CU_ASSERT(p != NULL && json_array_size(json_object_get(p,
	    "controls")) >= 14);
	json_decref(p);
	assay_test_result_release(&r);

	CU_ASSERT(assay(&r, missing) == 2);
	assay_test_result_release(&r);

	CU_ASSERT_FATAL(assay_test_write_file(assay_test_path("broken.json"),
	    broken, sizeof(broken) - 1) == 0);
	CU_ASSERT_FATAL(assay_test_write_file(assay_test_path("x"), "x", 1) ==
	    0);
	CU_ASSERT(assay(&r, bad) == 2);
	ASSAY_CHECKF(contains(r.err, "broken.json") &&
	    contains(r.err, "fail_at"), "%s", r.err);
	assay_test_result_release(&r);
}

static CU_TestInfo tests[] = {
	{ "signed bundle verifies, a changed byte does not",
	  test_signed_bundle_verifies },
	{ "diff between releases, waivers", test_diff_and_waivers },
	{ "profiles command and broken profiles", test_profiles_command },
	CU_TEST_INFO_NULL
};

static CU_SuiteInfo suites[] = {
	{ "bundle", NULL, NULL, assay_test_setup, assay_test_teardown, tests },
	CU_SUITE_INFO_NULL
};

int
main(void)
{
	return assay_test_run(suites);
}
