/*
 * Profiles (profile.c), waivers (waivers.c) and verdicts (verdict.c, with
 * the verdict.json writer): the shipped profiles load and match their
 * schema; extends merges and overrides as documented; broken profiles and
 * waiver files are refused with the file, the JSON path and what is wrong;
 * digests are stable; and a table of scenarios gives each control status
 * with its reason.
 */
#include <sys/stat.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <CUnit/CUnit.h>
#include <jansson.h>

#include "findings.h"
#include "harness_rules.h"
#include "inventory.h"
#include "profile.h"
#include "registry.h"
#include "reports.h"
#include "runner.h"
#include "testutil.h"
#include "verdict.h"
#include "waivers.h"

/* 2026-11-29T14:00:00Z */
#define NOW		INT64_C(1795960800)

#define DATADIR		ASSAY_TEST_SOURCE_DIR "/.."
#define PROFILE_SCHEMA	DATADIR "/profiles/schema/profile.schema.json"
#define REPORT_SCHEMAS	DATADIR "/reports/schema"

#define NROWS(a)	(sizeof(a) / sizeof((a)[0]))

static const char *const shipped[] = {
	"ccs-onboarding", "cop", "cyber-essentials", "high-risk",
	"vendor-selfcheck",
};

/* ---- helpers ------------------------------------------------------------ */

/* Writes text to name in the test directory; returns the path (a copy). */
static char *
put(const char *name, const char *text)
{
	char *path = strdup(assay_test_path(name));

	CU_ASSERT_FATAL(path != NULL);
	CU_ASSERT_FATAL(assay_test_write_file(path, text, strlen(text)) == 0);
	return path;
}

static bool
contains(const char *s, const char *part)
{
	return s != NULL && part != NULL && strstr(s, part) != NULL;
}

static const struct assay_control *
control_by_id(const struct assay_profile *p, const char *id)
{
	const struct assay_control *c;
	size_t i;

	for (i = 0; i < assay_profile_control_count(p); i++) {
		c = assay_profile_control(p, i);
		if (strcmp(c->id, id) == 0)
			return c;
	}
	return NULL;
}

static size_t
rule_count(const struct assay_control *c)
{
	size_t n = 0;

	while (c->rules != NULL && c->rules[n] != NULL)
		n++;
	return n;
}

/* A parameter of a probe in the profile, as compact JSON; caller frees. */
static char *
param_text(const struct assay_profile *p, const char *probe, const char *key)
{
	json_t *params = (json_t *)(uintptr_t)assay_profile_params(p);
	json_t *v = json_object_get(json_object_get(params, probe), key);

	return v != NULL ? json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY) :
	    NULL;
}

static bool
have_jsonschema(void)
{
	static const char *const args[] = { "-c", "import jsonschema", NULL };
	static int known = -1;

	if (known == -1)
		known = assay_test_python(args, true) == 0;
	if (!known) {
		printf("\n  notice: python3 with jsonschema is missing "
		    "(Debian: python3-jsonschema); schemas not checked\n");
		/* CI must check them; a laptop may lack the module. */
		ASSAY_CHECKF(getenv("CI") == NULL, "%s",
		    "CI is set but python3-jsonschema is not installed");
	}
	return known;
}

#define SCHEMA_CHECK	ASSAY_TEST_SOURCE_DIR "/schema_check.py"

/* 0 when doc matches schema, 1 when it does not. */
static int
validate(const char *schema, const char *doc, bool expect_bad)
{
	const char *args[] = { SCHEMA_CHECK, schema, doc, NULL };

	return assay_test_python(args, expect_bad);
}

/* ---- the shipped profiles ----------------------------------------------- */

static bool
is_hex64(const char *s)
{
	size_t i;

	for (i = 0; s[i] != '\0'; i++)
		if (!((s[i] >= '0' && s[i] <= '9') ||
		    (s[i] >= 'a' && s[i] <= 'f')))
			return false;
	return i == 64;
}

static bool
harness_rule_known(const char *id)
{
	const struct assay_rule *r;

	for (r = assay_harness_probe.rules; r->id != NULL; r++)
		if (strcmp(r->id, id) == 0)
			return true;
	return false;
}

/* Every rule names one of the probes profiles may know of. */
static bool
rule_known(const char *rule)
{
	static const char *const probes[] = {
		"signing.", "update.", "credentials.", "dependencies.",
	};
	size_t i;

	if (strncmp(rule, "harness.", 8) == 0)
		return harness_rule_known(rule);
	for (i = 0; i < NROWS(probes); i++)
		if (strncmp(rule, probes[i], strlen(probes[i])) == 0)
			return true;
	return false;
}

static void
test_shipped_load(void)
{
	const struct assay_control *c;
	struct assay_profile *p;
	struct assay_error err;
	char want[64];
	const char *origin;
	size_t i, k, r;

	for (i = 0; i < NROWS(shipped); i++) {
		memset(&err, 0, sizeof(err));
		p = NULL;
		ASSAY_CHECKF(assay_profile_load(shipped[i], DATADIR, &p,
		    &err) == ASSAY_OK, "%s: %s", shipped[i], err.msg);
		if (p == NULL)
			continue;
		ASSAY_CHECKF(strcmp(assay_profile_id(p), shipped[i]) == 0,
		    "%s id", shipped[i]);
		ASSAY_CHECKF(assay_profile_version(p)[0] != '\0' &&
		    assay_profile_title(p)[0] != '\0' &&
		    assay_profile_description(p)[0] != '\0', "%s meta",
		    shipped[i]);
		snprintf(want, sizeof(want), "/%s.json", shipped[i]);
		origin = assay_profile_origin(p);
		ASSAY_CHECKF(strlen(origin) > strlen(want) &&
		    strcmp(origin + strlen(origin) - strlen(want), want) == 0,
		    "%s origin %s", shipped[i], origin);
		ASSAY_CHECKF(is_hex64(assay_profile_sha256(p)), "%s sha256",
		    shipped[i]);
		ASSAY_CHECKF(assay_profile_control_count(p) > 0, "%s controls",
		    shipped[i]);
		for (k = 0; k < assay_profile_control_count(p); k++) {
			c = assay_profile_control(p, k);
			ASSAY_CHECKF(c->title != NULL && c->statement != NULL,
			    "%s %s text", shipped[i], c->id);
			/* Manual controls say what to attach; others judge. */
			ASSAY_CHECKF(c->manual ? c->evidence != NULL &&
			    c->strength == ASSAY_STRENGTH_DOCUMENTS :
			    rule_count(c) > 0, "%s %s manual/rules",
			    shipped[i], c->id);
			for (r = 0; r < rule_count(c); r++)
				ASSAY_CHECKF(rule_known(c->rules[r]),
				    "%s %s rule %s", shipped[i], c->id,
				    c->rules[r]);
			if (strcmp(shipped[i], "vendor-selfcheck") == 0)
				ASSAY_CHECKF(c->fix != NULL, "%s %s fix",
				    shipped[i], c->id);
		}
		assay_profile_free(p);
	}
}

static void
test_shipped_cop(void)
{
	static const struct {
		const char *id;
		bool manual;
	} rows[] = {
		{ "cop:1.1", true }, { "cop:1.2", false }, { "cop:1.3", true },
		{ "cop:1.4", false }, { "cop:2.1", true }, { "cop:2.2", true },
		{ "cop:3.1", false }, { "cop:3.2", true }, { "cop:3.3", false },
		{ "cop:3.4", true }, { "cop:3.5", false }, { "cop:4.1", true },
		{ "cop:4.2", true }, { "cop:4.3", true },
	};
	const struct assay_control *c;
	struct assay_profile *p = NULL, *hr = NULL, *ccs = NULL;
	struct assay_error err;
	char *t;
	size_t i;

	memset(&err, 0, sizeof(err));
	CU_ASSERT_FATAL(assay_profile_load("cop", DATADIR, &p, &err) ==
	    ASSAY_OK);
	/* All fourteen principles, in the Code's order. */
	CU_ASSERT_FATAL(assay_profile_control_count(p) == NROWS(rows));
	for (i = 0; i < NROWS(rows); i++) {
		c = assay_profile_control(p, i);
		ASSAY_CHECKF(strcmp(c->id, rows[i].id) == 0, "%zu: %s", i,
		    c->id);
		ASSAY_CHECKF(c->manual == rows[i].manual, "%s manual",
		    rows[i].id);
	}
	c = control_by_id(p, "cop:3.1");
	CU_ASSERT(assay_control_covers(c, "signing.invalid-signature"));
	CU_ASSERT(assay_control_covers(c, "harness.path-traversal"));
	CU_ASSERT(!assay_control_covers(c, "harness.setuid"));
	CU_ASSERT(assay_control_covers(control_by_id(p, "cop:1.4"),
	    "harness.world-writable"));

	/* high-risk: cop, stricter, with its own controls. */
	CU_ASSERT_FATAL(assay_profile_load("high-risk", DATADIR, &hr, &err) ==
	    ASSAY_OK);
	CU_ASSERT(assay_profile_control_count(hr) ==
	    assay_profile_control_count(p) + 4);
	CU_ASSERT(control_by_id(hr, "cop:3.1")->fail_at == ASSAY_SEV_LOW);
	CU_ASSERT(control_by_id(p, "cop:3.1")->fail_at == ASSAY_SEV_MEDIUM);
	/* Untouched controls come from cop as they are. */
	CU_ASSERT_STRING_EQUAL(control_by_id(hr, "cop:4.3")->statement,
	    control_by_id(p, "cop:4.3")->statement);
	CU_ASSERT(control_by_id(hr, "hr:no-default-credentials") != NULL);
	CU_ASSERT(assay_profile_severity(hr, "dependencies.end-of-life",
	    ASSAY_SEV_LOW) == ASSAY_SEV_HIGH);
	CU_ASSERT(assay_profile_severity(p, "dependencies.end-of-life",
	    ASSAY_SEV_LOW) == ASSAY_SEV_LOW);
	t = param_text(hr, "signing", "require_trust_anchor");
	CU_ASSERT(t != NULL && strcmp(t, "true") == 0);
	free(t);
	t = param_text(hr, "dependencies", "max_libyear");
	CU_ASSERT(t != NULL && strcmp(t, "2") == 0);
	free(t);
	t = param_text(p, "dependencies", "max_libyear");
	CU_ASSERT(t != NULL && strcmp(t, "5") == 0);
	free(t);
	CU_ASSERT(strcmp(assay_profile_sha256(p), assay_profile_sha256(hr)) !=
	    0);

	CU_ASSERT_FATAL(assay_profile_load("ccs-onboarding", DATADIR, &ccs,
	    &err) == ASSAY_OK);
	CU_ASSERT(control_by_id(ccs, "cop:2.2") != NULL);
	CU_ASSERT(control_by_id(ccs, "ccs:cyber-essentials-certificate")->
	    manual);
	assay_profile_free(ccs);
	assay_profile_free(hr);
	assay_profile_free(p);
}

static void
test_profile_list(void)
{
	struct assay_error err;
	char **ids = NULL;
	size_t n = 0, i;

	memset(&err, 0, sizeof(err));
	CU_ASSERT_FATAL(assay_profile_list(DATADIR, &ids, &n, &err) ==
	    ASSAY_OK);
	CU_ASSERT(n == NROWS(shipped));
	for (i = 0; i < n; i++) {
		if (i < NROWS(shipped))
			ASSAY_CHECKF(strcmp(ids[i], shipped[i]) == 0,
			    "%zu: %s", i, ids[i]);
		free(ids[i]);
	}
	free(ids);

	/* Only <id>.json files; the schema folder and others are not listed. */
	CU_ASSERT_FATAL(mkdir(assay_test_path("profiles"), 0755) == 0);
	CU_ASSERT_FATAL(mkdir(assay_test_path("profiles/schema.json"),
	    0755) == 0);
	free(put("profiles/b.json", "{}"));
	free(put("profiles/a.json", "{}"));
	free(put("profiles/README.md", "x"));
	free(put("profiles/Not An Id.json", "{}"));
	CU_ASSERT_FATAL(assay_profile_list(assay_test_dir(), &ids, &n,
	    &err) == ASSAY_OK);
	CU_ASSERT(n == 2);
	if (n == 2) {
		CU_ASSERT_STRING_EQUAL(ids[0], "a");
		CU_ASSERT_STRING_EQUAL(ids[1], "b");
	}
	for (i = 0; i < n; i++)
		free(ids[i]);
	free(ids);
	CU_ASSERT(assay_profile_list(assay_test_path("none"), &ids, &n,
	    &err) == ASSAY_ERR_PROFILE);
	CU_ASSERT(ids == NULL && n == 0);
}

static void
test_shipped_schema(void)
{
	char path[PATH_MAX];
	size_t i;

	if (!have_jsonschema())
		return;
	for (i = 0; i < NROWS(shipped); i++) {
		snprintf(path, sizeof(path), "%s/profiles/%s.json", DATADIR,
		    shipped[i]);
		ASSAY_CHECKF(validate(PROFILE_SCHEMA, path, false) == 0,
		    "%s does not match the profile schema", path);
	}
}

/* A dumped profile is valid JSON that loads again to the same digest. */
static void
test_dump_reloads(void)
{
	struct assay_profile *p = NULL, *q = NULL;
	struct assay_error err;
	char *text, *path;
	json_t *doc;
	size_t i;

	for (i = 0; i < NROWS(shipped); i++) {
		memset(&err, 0, sizeof(err));
		CU_ASSERT_FATAL(assay_profile_load(shipped[i], DATADIR, &p,
		    &err) == ASSAY_OK);
		text = assay_profile_dump(p);
		CU_ASSERT_FATAL(text != NULL);
		CU_ASSERT(text[0] == '{' && text[strlen(text) - 1] == '}');
		doc = json_loads(text, 0, NULL);
		CU_ASSERT(json_is_object(doc));
		json_decref(doc);
		path = put("dumped.json", text);
		ASSAY_CHECKF(assay_profile_load(path, DATADIR, &q, &err) ==
		    ASSAY_OK, "%s: %s", shipped[i], err.msg);
		if (q != NULL)
			ASSAY_CHECKF(strcmp(assay_profile_sha256(p),
			    assay_profile_sha256(q)) == 0, "%s digest",
			    shipped[i]);
		if (q != NULL && have_jsonschema())
			ASSAY_CHECKF(validate(PROFILE_SCHEMA, path, false) ==
			    0, "dump of %s does not match the schema",
			    shipped[i]);
		assay_profile_free(q);
		q = NULL;
		assay_profile_free(p);
		p = NULL;
		free(path);
		free(text);
	}
}

/* ---- extends ------------------------------------------------------------ */

#define META(id)							\
	"\"id\": \"" id "\", \"version\": \"1.0\", \"title\": \"T " id	\
	"\", \"description\": \"D\""

static const char base_json[] = "{" META("base") ",\n"
    "\"probes\": {\"alpha\": {\"params\": {\"x\": 1, \"y\": \"two\"}},\n"
    "  \"beta\": {\"enabled\": true}},\n"
    "\"severities\": {\"alpha.one\": \"low\", \"alpha.two\": \"high\"},\n"
    "\"controls\": [\n"
    " {\"id\": \"t:1\", \"title\": \"one\", \"statement\": \"S\", "
    "\"rules\": [\"alpha.*\"], \"fail_at\": \"high\", \"strength\": "
    "\"strong\"},\n"
    " {\"id\": \"t:2\", \"title\": \"two\", \"statement\": \"S\", "
    "\"rules\": [\"beta.x\"], \"fail_at\": \"medium\", \"strength\": "
    "\"partial\", \"fix\": \"do it\"}\n"
    "]}\n";

static const char child_json[] = "{" META("child") ", \"extends\": "
    "\"base\",\n"
    "\"probes\": {\"alpha\": {\"params\": {\"y\": 3, \"z\": [1]}},\n"
    "  \"beta\": {\"enabled\": false}, \"gamma\": {}},\n"
    "\"severities\": {\"alpha.two\": \"critical\", \"beta.x\": \"info\"},\n"
    "\"controls\": [\n"
    " {\"id\": \"t:3\", \"title\": \"three\", \"statement\": \"S\", "
    "\"manual\": true, \"strength\": \"documents\", \"evidence\": "
    "\"paper\"},\n"
    " {\"id\": \"t:2\", \"title\": \"two again\", \"statement\": \"S2\", "
    "\"rules\": [\"gamma.*\", \"harness.setuid\"], \"fail_at\": \"low\", "
    "\"strength\": \"strong\"}\n"
    "]}\n";

static const char grandchild_json[] = "{" META("grandchild") ", "
    "\"extends\": \"child\", \"probes\": {\"beta\": {\"enabled\": true}}}\n";

static void
test_extends_merge(void)
{
	const struct assay_control *c;
	struct assay_profile *p = NULL, *g = NULL;
	struct assay_error err;
	char *bp, *cp, *gp, *t, *dump;

	memset(&err, 0, sizeof(err));
	bp = put("base.json", base_json);
	cp = put("child.json", child_json);
	gp = put("grandchild.json", grandchild_json);
	ASSAY_CHECKF(assay_profile_load(cp, NULL, &p, &err) == ASSAY_OK, "%s",
	    err.msg);
	CU_ASSERT_FATAL(p != NULL);
	CU_ASSERT_STRING_EQUAL(assay_profile_id(p), "child");
	CU_ASSERT_STRING_EQUAL(assay_profile_title(p), "T child");
	CU_ASSERT_STRING_EQUAL(assay_profile_origin(p), cp);

	/* t:2 replaced in place, t:3 added after. */
	CU_ASSERT_FATAL(assay_profile_control_count(p) == 3);
	CU_ASSERT_STRING_EQUAL(assay_profile_control(p, 0)->id, "t:1");
	c = assay_profile_control(p, 1);
	CU_ASSERT_STRING_EQUAL(c->id, "t:2");
	CU_ASSERT_STRING_EQUAL(c->title, "two again");
	CU_ASSERT(c->fail_at == ASSAY_SEV_LOW);
	CU_ASSERT(c->strength == ASSAY_STRENGTH_STRONG);
	CU_ASSERT(c->fix == NULL);	/* replaced whole, not merged */
	CU_ASSERT(rule_count(c) == 2);
	CU_ASSERT(assay_control_covers(c, "gamma.anything"));
	CU_ASSERT(!assay_control_covers(c, "beta.x"));
	c = assay_profile_control(p, 2);
	CU_ASSERT_STRING_EQUAL(c->id, "t:3");
	CU_ASSERT(c->manual);
	CU_ASSERT_STRING_EQUAL(c->evidence, "paper");
	CU_ASSERT(rule_count(c) == 0);

	/* Parameters merge key by key; the child's win. */
	t = param_text(p, "alpha", "x");
	CU_ASSERT(t != NULL && strcmp(t, "1") == 0);
	free(t);
	t = param_text(p, "alpha", "y");
	CU_ASSERT(t != NULL && strcmp(t, "3") == 0);
	free(t);
	t = param_text(p, "alpha", "z");
	CU_ASSERT(t != NULL && strcmp(t, "[1]") == 0);
	free(t);
	CU_ASSERT(json_object_size(json_object_get(
	    (json_t *)(uintptr_t)assay_profile_params(p), "gamma")) == 0);
	CU_ASSERT(assay_profile_probe_enabled(p, "alpha"));
	CU_ASSERT(!assay_profile_probe_enabled(p, "beta"));
	CU_ASSERT(assay_profile_probe_enabled(p, "gamma"));
	CU_ASSERT(assay_profile_probe_enabled(p, "never-mentioned"));

	/* Severities merge too. */
	CU_ASSERT(assay_profile_severity(p, "alpha.one", ASSAY_SEV_HIGH) ==
	    ASSAY_SEV_LOW);
	CU_ASSERT(assay_profile_severity(p, "alpha.two", ASSAY_SEV_LOW) ==
	    ASSAY_SEV_CRITICAL);
	CU_ASSERT(assay_profile_severity(p, "beta.x", ASSAY_SEV_HIGH) ==
	    ASSAY_SEV_INFO);
	CU_ASSERT(assay_profile_severity(p, "alpha.three",
	    ASSAY_SEV_MEDIUM) == ASSAY_SEV_MEDIUM);

	/* The resolved document records its parent. */
	dump = assay_profile_dump(p);
	CU_ASSERT(contains(dump, "\"extends\": \"base\""));
	free(dump);

	/* Three levels: the grandchild switches beta back on. */
	ASSAY_CHECKF(assay_profile_load(gp, NULL, &g, &err) == ASSAY_OK, "%s",
	    err.msg);
	CU_ASSERT_FATAL(g != NULL);
	CU_ASSERT(assay_profile_control_count(g) == 3);
	CU_ASSERT(assay_profile_probe_enabled(g, "beta"));
	CU_ASSERT(assay_profile_severity(g, "alpha.two", ASSAY_SEV_LOW) ==
	    ASSAY_SEV_CRITICAL);
	dump = assay_profile_dump(g);
	CU_ASSERT(contains(dump, "\"extends\": \"child\""));
	free(dump);
	assay_profile_free(g);
	assay_profile_free(p);
	free(bp);
	free(cp);
	free(gp);
}

/* A parent is found beside the child first, then in the data directory. */
static void
test_extends_lookup(void)
{
	static const char local_cop[] = "{" META("cop") ", \"extends\": "
	    "\"cop\", \"controls\": [{\"id\": \"cop:1.1\", \"title\": "
	    "\"local\", \"statement\": \"S\", \"rules\": [\"harness.setuid\"], "
	    "\"fail_at\": \"info\", \"strength\": \"strong\"}]}";
	static const char mine[] = "{" META("mine") ", \"extends\": "
	    "\"cyber-essentials\", \"controls\": [{\"id\": \"mine:1\", "
	    "\"title\": \"x\", \"statement\": \"S\", \"rules\": "
	    "[\"harness.setgid\"], \"fail_at\": \"low\", \"strength\": "
	    "\"strong\"}]}";
	struct assay_profile *p = NULL;
	struct assay_error err;
	char *path;

	memset(&err, 0, sizeof(err));
	path = put("mine.json", mine);
	ASSAY_CHECKF(assay_profile_load(path, DATADIR, &p, &err) == ASSAY_OK,
	    "%s", err.msg);
	CU_ASSERT_FATAL(p != NULL);
	CU_ASSERT(assay_profile_control_count(p) == 6);
	CU_ASSERT(control_by_id(p, "ce:firewalls") != NULL);
	assay_profile_free(p);
	p = NULL;
	free(path);

	/* A local cop.json that extends the shipped cop does not loop. */
	path = put("cop.json", local_cop);
	ASSAY_CHECKF(assay_profile_load(path, DATADIR, &p, &err) == ASSAY_OK,
	    "%s", err.msg);
	CU_ASSERT_FATAL(p != NULL);
	CU_ASSERT(assay_profile_control_count(p) == 14);
	CU_ASSERT_STRING_EQUAL(control_by_id(p, "cop:1.1")->title, "local");
	CU_ASSERT(!control_by_id(p, "cop:1.1")->manual);
	assay_profile_free(p);
	p = NULL;
	free(path);

	/* Without a data directory there is nothing to extend. */
	path = put("mine.json", mine);
	CU_ASSERT(assay_profile_load(path, NULL, &p, &err) ==
	    ASSAY_ERR_PROFILE);
	ASSAY_CHECKF(contains(err.msg, path) && contains(err.msg,
	    "extends: no profile cyber-essentials beside this file"), "%s",
	    err.msg);
	CU_ASSERT(p == NULL);
	free(path);
}

static void
test_extends_cycle_depth(void)
{
	struct assay_profile *p = NULL;
	struct assay_error err;
	char name[32], text[512];
	char *a, *path;
	int i, n;

	memset(&err, 0, sizeof(err));
	free(put("a.json", "{" META("a") ", \"extends\": \"b\"}"));
	free(put("b.json", "{" META("b") ", \"extends\": \"c\"}"));
	free(put("c.json", "{" META("c") ", \"extends\": \"a\"}"));
	a = strdup(assay_test_path("a.json"));
	CU_ASSERT(assay_profile_load(a, NULL, &p, &err) == ASSAY_ERR_PROFILE);
	ASSAY_CHECKF(contains(err.msg, "c.json: extends: ") &&
	    contains(err.msg, "cycle (a -> b -> c -> a)"), "%s", err.msg);
	CU_ASSERT(p == NULL);
	free(a);

	/* d0 extends d1 ... d8: nine files is one too many. */
	for (i = 0; i <= 8; i++) {
		snprintf(name, sizeof(name), "d%d.json", i);
		if (i < 8)
			n = snprintf(text, sizeof(text), "{\"id\": \"d%d\", "
			    "\"version\": \"1\", \"title\": \"T\", "
			    "\"description\": \"D\", \"extends\": \"d%d\"}",
			    i, i + 1);
		else
			n = snprintf(text, sizeof(text), "{\"id\": \"d8\", "
			    "\"version\": \"1\", \"title\": \"T\", "
			    "\"description\": \"D\", \"controls\": [{\"id\": "
			    "\"d:1\", \"title\": \"T\", \"statement\": \"S\", "
			    "\"rules\": [\"x.y\"], \"fail_at\": \"high\", "
			    "\"strength\": \"strong\"}]}");
		CU_ASSERT_FATAL(n > 0 && (size_t)n < sizeof(text));
		free(put(name, text));
	}
	path = strdup(assay_test_path("d0.json"));
	CU_ASSERT(assay_profile_load(path, NULL, &p, &err) ==
	    ASSAY_ERR_PROFILE);
	ASSAY_CHECKF(contains(err.msg, "d7.json: extends: ") &&
	    contains(err.msg, "more than 8 deep") &&
	    contains(err.msg, "d0 -> d1"), "%s", err.msg);
	free(path);
	/* Eight deep is allowed. */
	path = strdup(assay_test_path("d1.json"));
	ASSAY_CHECKF(assay_profile_load(path, NULL, &p, &err) == ASSAY_OK,
	    "%s", err.msg);
	CU_ASSERT(p != NULL && assay_profile_control_count(p) == 1);
	assay_profile_free(p);
	free(path);
}

/* ---- broken profiles ---------------------------------------------------- */

#define HEAD	"\"id\": \"broken\", \"version\": \"1\", \"title\": \"T\", " \
	"\"description\": \"D\""
#define CTL	"{\"id\": \"x:1\", \"title\": \"T\", \"statement\": \"S\", " \
	"\"rules\": [\"alpha.*\"], \"fail_at\": \"high\", \"strength\": " \
	"\"strong\"}"
#define WITH(ctl) "{" HEAD ", \"controls\": [" CTL ", " ctl "]}"
#define CTL_HEAD "\"id\": \"x:2\", \"title\": \"T\", \"statement\": \"S\""

static void
test_broken_profiles(void)
{
	static const struct {
		const char *text;
		const char *says;	/* part of the message after the file */
		bool schema;		/* the schema rejects it too */
	} rows[] = {
		{ "{", "broken.json:1:", false },
		{ "{\"id\": \"a\", \"id\": \"b\"}", "duplicate object key",
		    false },
		{ "[]", "broken.json: expected a JSON object, got an array",
		    true },
		{ "{" HEAD ", \"contrls\": []}", "broken.json: contrls: "
		    "unknown key (expected one of id, version, title, "
		    "description, extends, probes, severities, controls)",
		    true },
		{ "{\"version\": \"1\", \"title\": \"T\", \"description\": "
		    "\"D\", \"controls\": [" CTL "]}",
		    "broken.json: missing required key \"id\"", true },
		{ "{\"id\": \"Broken\", \"version\": \"1\", \"title\": \"T\", "
		    "\"description\": \"D\", \"controls\": [" CTL "]}",
		    "broken.json: id: a profile id is 1 to 64", true },
		{ "{\"id\": 7, \"version\": \"1\", \"title\": \"T\", "
		    "\"description\": \"D\", \"controls\": [" CTL "]}",
		    "broken.json: id: expected a string, got an integer",
		    true },
		{ "{\"id\": \"b\", \"version\": \"1 0\", \"title\": \"T\", "
		    "\"description\": \"D\", \"controls\": [" CTL "]}",
		    "broken.json: version: a version is", true },
		{ "{\"id\": \"b\", \"version\": \"1\", \"title\": \"  \", "
		    "\"description\": \"D\", \"controls\": [" CTL "]}",
		    "broken.json: title: expected text, got an empty string",
		    true },
		{ "{\"id\": \"b\", \"version\": \"1\", \"title\": \"a\\nb\", "
		    "\"description\": \"D\", \"controls\": [" CTL "]}",
		    "broken.json: title: control character", true },
		{ "{" HEAD "}", "broken.json: missing required key "
		    "\"controls\" (only a profile that extends", true },
		{ "{" HEAD ", \"controls\": {}}", "broken.json: controls: "
		    "expected an array, got an object", true },
		{ "{" HEAD ", \"controls\": []}", "broken.json: controls: the "
		    "profile has no controls", false },
		{ "{" HEAD ", \"controls\": [7]}", "broken.json: controls[0]: "
		    "expected an object, got an integer", true },
		{ WITH("{" CTL_HEAD ", \"rules\": [\"a.b\"], \"fail_at\": "
		    "\"severe\", \"strength\": \"strong\"}"),
		    "broken.json: controls[1].fail_at: expected one of "
		    "critical, high, medium, low, info", true },
		{ WITH("{" CTL_HEAD ", \"rules\": [\"a.b\"], \"fial_at\": "
		    "\"high\", \"strength\": \"strong\"}"),
		    "broken.json: controls[1].fial_at: unknown key (expected "
		    "one of id, title, statement, rules, fail_at, strength, "
		    "manual, evidence, fix)", true },
		{ WITH("{" CTL_HEAD ", \"manual\": \"yes\", \"strength\": "
		    "\"documents\", \"evidence\": \"e\"}"),
		    "broken.json: controls[1].manual: expected a boolean, got "
		    "a string", true },
		{ WITH("{" CTL_HEAD ", \"rules\": [\"a.b\"], \"fail_at\": "
		    "\"low\", \"strength\": \"weak\"}"),
		    "broken.json: controls[1].strength: expected one of "
		    "strong, partial, documents", true },
		{ WITH("{" CTL_HEAD ", \"manual\": true, \"strength\": "
		    "\"strong\", \"evidence\": \"e\"}"),
		    "broken.json: controls[1].strength: a manual control needs "
		    "documents", true },
		{ WITH("{" CTL_HEAD ", \"manual\": true, \"strength\": "
		    "\"documents\"}"),
		    "broken.json: controls[1]: a manual control says which "
		    "evidence to attach", true },
		{ WITH("{" CTL_HEAD ", \"rules\": [], \"fail_at\": \"low\", "
		    "\"strength\": \"strong\"}"),
		    "broken.json: controls[1]: a control that is not manual "
		    "lists the rules", true },
		{ WITH("{" CTL_HEAD ", \"fail_at\": \"low\", \"strength\": "
		    "\"strong\"}"),
		    "broken.json: controls[1]: a control that is not manual "
		    "lists the rules", true },
		{ WITH("{" CTL_HEAD ", \"rules\": [\"a.b\"], \"strength\": "
		    "\"strong\"}"),
		    "broken.json: controls[1]: a control that is not manual "
		    "says when it fails: missing required key \"fail_at\"",
		    true },
		{ WITH("{" CTL_HEAD ", \"rules\": [\"a.b\", \"Signing\"], "
		    "\"fail_at\": \"low\", \"strength\": \"strong\"}"),
		    "broken.json: controls[1].rules[1]: \"Signing\" is not a "
		    "rule id", true },
		{ WITH("{" CTL_HEAD ", \"rules\": [\"signing\"], "
		    "\"fail_at\": \"low\", \"strength\": \"strong\"}"),
		    "broken.json: controls[1].rules[0]: \"signing\" is not a "
		    "rule id", true },
		{ WITH("{" CTL_HEAD ", \"rules\": [\"signing.\"], "
		    "\"fail_at\": \"low\", \"strength\": \"strong\"}"),
		    "controls[1].rules[0]: \"signing.\" is not a rule id",
		    true },
		{ WITH("{" CTL_HEAD ", \"rules\": [\"signing.*\", "
		    "\"signing.*\"], \"fail_at\": \"low\", \"strength\": "
		    "\"strong\"}"),
		    "broken.json: controls[1].rules[1]: \"signing.*\" is "
		    "listed twice", true },
		{ WITH("{" CTL_HEAD ", \"rules\": [7], \"fail_at\": \"low\", "
		    "\"strength\": \"strong\"}"),
		    "controls[1].rules[0]: expected a string, got an integer",
		    true },
		{ WITH("{\"id\": \"3.1\", \"title\": \"T\", \"statement\": "
		    "\"S\", \"rules\": [\"a.b\"], \"fail_at\": \"low\", "
		    "\"strength\": \"strong\"}"),
		    "broken.json: controls[1].id: expected \"<scheme>:<name>\"",
		    true },
		{ WITH("{\"id\": \"x:1\", \"title\": \"T\", \"statement\": "
		    "\"S\", \"rules\": [\"a.b\"], \"fail_at\": \"low\", "
		    "\"strength\": \"strong\"}"),
		    "broken.json: controls[1].id: control \"x:1\" is defined "
		    "twice (first at controls[0])", false },
		{ WITH("{" CTL_HEAD ", \"rules\": [\"a.b\"], \"fail_at\": "
		    "\"low\", \"strength\": \"strong\", \"statement\": \"S\"}"),
		    "duplicate object key", false },
		{ "{" HEAD ", \"probes\": {\"signing\": false}, \"controls\": ["
		    CTL "]}", "broken.json: probes.signing: expected an "
		    "object, got a boolean", true },
		{ "{" HEAD ", \"probes\": {\"signing\": {\"enable\": false}}, "
		    "\"controls\": [" CTL "]}", "broken.json: "
		    "probes.signing.enable: unknown key (expected one of "
		    "enabled, params)", true },
		{ "{" HEAD ", \"probes\": {\"signing\": {\"enabled\": "
		    "\"no\"}}, \"controls\": [" CTL "]}", "broken.json: "
		    "probes.signing.enabled: expected a boolean, got a string",
		    true },
		{ "{" HEAD ", \"probes\": {\"signing\": {\"params\": []}}, "
		    "\"controls\": [" CTL "]}", "broken.json: "
		    "probes.signing.params: expected an object, got an array",
		    true },
		{ "{" HEAD ", \"probes\": {\"harness\": {}}, \"controls\": ["
		    CTL "]}", "broken.json: probes.harness: the harness always "
		    "runs", true },
		{ "{" HEAD ", \"probes\": {\"Bad_Name\": {}}, \"controls\": ["
		    CTL "]}", "broken.json: probes.Bad_Name: a probe name is",
		    true },
		{ "{" HEAD ", \"severities\": {\"signing\": \"high\"}, "
		    "\"controls\": [" CTL "]}", "broken.json: "
		    "severities.signing: not a rule id", true },
		{ "{" HEAD ", \"severities\": {\"signing.*\": \"high\"}, "
		    "\"controls\": [" CTL "]}", "broken.json: "
		    "severities[\"signing.*\"]: not a rule id", true },
		{ "{" HEAD ", \"severities\": {\"signing.weak-algorithm\": "
		    "\"severe\"}, \"controls\": [" CTL "]}", "broken.json: "
		    "severities[\"signing.weak-algorithm\"]: expected one of "
		    "critical, high, medium, low, info", true },
		{ "{" HEAD ", \"severities\": {\"a.b\": 3}, \"controls\": ["
		    CTL "]}", "broken.json: severities[\"a.b\"]: expected a "
		    "string, got an integer", true },
		{ "{" HEAD ", \"extends\": \"No Such\"}", "broken.json: "
		    "extends: expected a profile id", true },
		{ "{" HEAD ", \"extends\": \"nosuch\"}", "broken.json: "
		    "extends: no profile nosuch beside this file or in",
		    false },
	};
	struct assay_profile *p;
	struct assay_error err;
	enum assay_err r;
	char *path;
	bool schema;
	size_t i;

	schema = have_jsonschema();
	for (i = 0; i < NROWS(rows); i++) {
		path = put("broken.json", rows[i].text);
		memset(&err, 0, sizeof(err));
		p = NULL;
		r = assay_profile_load(path, DATADIR, &p, &err);
		ASSAY_CHECKF(r == ASSAY_ERR_PROFILE && p == NULL,
		    "row %zu: %d", i, (int)r);
		/* Every message names the file, then says what is wrong. */
		ASSAY_CHECKF(strncmp(err.msg, path, strlen(path)) == 0 &&
		    contains(err.msg, rows[i].says), "row %zu: %s", i,
		    err.msg);
		if (schema && rows[i].schema)
			ASSAY_CHECKF(validate(PROFILE_SCHEMA, path, true) == 1,
			    "row %zu: the schema accepts it", i);
		assay_profile_free(p);
		free(path);
	}
}

/* Problems of finding the file rather than of its contents. */
static void
test_profile_lookup_errors(void)
{
	struct assay_profile *p = NULL;
	struct assay_error err;
	char *big;
	size_t n = (1u << 20) + 10;

	memset(&err, 0, sizeof(err));
	CU_ASSERT(assay_profile_load("nosuch", DATADIR, &p, &err) ==
	    ASSAY_ERR_PROFILE);
	CU_ASSERT(contains(err.msg, "no profile named nosuch in") &&
	    contains(err.msg, "assay profiles"));
	CU_ASSERT(assay_profile_load("Bad Name", DATADIR, &p, &err) ==
	    ASSAY_ERR_PROFILE);
	CU_ASSERT(contains(err.msg, "neither a profile id"));
	CU_ASSERT(assay_profile_load(assay_test_path("none.json"), DATADIR,
	    &p, &err) == ASSAY_ERR_PROFILE);
	CU_ASSERT(contains(err.msg, "none.json") &&
	    contains(err.msg, strerror(ENOENT)));
	CU_ASSERT(assay_profile_load(assay_test_dir(), DATADIR, &p, &err) ==
	    ASSAY_ERR_PROFILE);
	CU_ASSERT(contains(err.msg, "not a regular file"));
	CU_ASSERT(p == NULL);

	/* Found by id, a file repeats its id. */
	CU_ASSERT_FATAL(mkdir(assay_test_path("profiles"), 0755) == 0);
	free(put("profiles/foo.json", "{\"id\": \"bar\", \"version\": \"1\", "
	    "\"title\": \"T\", \"description\": \"D\", \"controls\": [" CTL
	    "]}"));
	CU_ASSERT(assay_profile_load("foo", assay_test_dir(), &p, &err) ==
	    ASSAY_ERR_PROFILE);
	ASSAY_CHECKF(contains(err.msg, "foo.json: id: \"bar\" does not match "
	    "the file name (foo.json)"), "%s", err.msg);

	/* Bounded: a huge file is refused before it is parsed. */
	big = malloc(n + 1);
	CU_ASSERT_FATAL(big != NULL);
	memset(big, ' ', n);
	big[0] = '{';
	big[n - 1] = '}';
	big[n] = '\0';
	free(put("big.json", big));
	free(big);
	CU_ASSERT(assay_profile_load(assay_test_path("big.json"), DATADIR, &p,
	    &err) == ASSAY_ERR_PROFILE);
	CU_ASSERT(contains(err.msg, "big.json: larger than"));
	CU_ASSERT(assay_profile_load("", DATADIR, &p, &err) ==
	    ASSAY_ERR_PROFILE);
}

/* ---- digest ------------------------------------------------------------- */

static void
test_digest(void)
{
	static const char one[] = "{" HEAD ", \"controls\": [" CTL "]}";
	/* The same profile: keys reordered, spaces, a default spelt out. */
	static const char same[] = "{\"controls\":[{\"strength\":\"strong\","
	    "\"fail_at\":\"high\",\"rules\":[\"alpha.*\"],\"manual\":false,"
	    "\"statement\":\"S\",\"title\":\"T\",\"id\":\"x:1\"}],"
	    "\"description\":\"D\",\"title\":\"T\",\"version\":\"1\","
	    "\"id\":\"broken\",\"probes\":{},\"severities\":{}}";
	static const char other[] = "{" HEAD ", \"controls\": [{\"id\": "
	    "\"x:1\", \"title\": \"T\", \"statement\": \"S\", \"rules\": "
	    "[\"alpha.*\"], \"fail_at\": \"medium\", \"strength\": "
	    "\"strong\"}]}";
	struct assay_profile *a = NULL, *b = NULL, *c = NULL;
	struct assay_error err;
	char *pa, *pb, *pc, *dump, *canon, hex[65];
	json_t *doc;

	memset(&err, 0, sizeof(err));
	pa = put("one.json", one);
	pb = put("same.json", same);
	pc = put("other.json", other);
	CU_ASSERT_FATAL(assay_profile_load(pa, NULL, &a, &err) == ASSAY_OK);
	CU_ASSERT_FATAL(assay_profile_load(pb, NULL, &b, &err) == ASSAY_OK);
	CU_ASSERT_FATAL(assay_profile_load(pc, NULL, &c, &err) == ASSAY_OK);
	CU_ASSERT_STRING_EQUAL(assay_profile_sha256(a),
	    assay_profile_sha256(b));
	CU_ASSERT(strcmp(assay_profile_sha256(a), assay_profile_sha256(c)) !=
	    0);

	/* It is SHA-256 of the resolved document's canonical JSON. */
	dump = assay_profile_dump(a);
	CU_ASSERT_FATAL(dump != NULL);
	doc = json_loads(dump, 0, NULL);
	CU_ASSERT_FATAL(doc != NULL);
	canon = json_dumps(doc, JSON_COMPACT | JSON_SORT_KEYS |
	    JSON_ENSURE_ASCII);
	CU_ASSERT_FATAL(canon != NULL);
	assay_test_sha256_hex(canon, strlen(canon), hex);
	CU_ASSERT_STRING_EQUAL(hex, assay_profile_sha256(a));

	/* Loading again gives the same digest. */
	assay_profile_free(b);
	b = NULL;
	CU_ASSERT_FATAL(assay_profile_load(pa, NULL, &b, &err) == ASSAY_OK);
	CU_ASSERT_STRING_EQUAL(assay_profile_sha256(a),
	    assay_profile_sha256(b));
	free(canon);
	json_decref(doc);
	free(dump);
	assay_profile_free(a);
	assay_profile_free(b);
	assay_profile_free(c);
	free(pa);
	free(pb);
	free(pc);
}

static void
test_control_covers(void)
{
	static const char *const rules[] = {
		"signing.*", "harness.setuid", "a-b.c.d", NULL
	};
	static const struct {
		const char *rule;
		bool want;
	} rows[] = {
		{ "signing.invalid-signature", true },
		{ "signing.x.y", true },
		{ "signing.", false },
		{ "signing", false },
		{ "signingx.y", false },
		{ "sign.x", false },
		{ "harness.setuid", true },
		{ "harness.setuid2", false },
		{ "harness.setgid", false },
		{ "a-b.c.d", true },
		{ "a-b.c", false },
		{ "", false },
	};
	struct assay_control c;
	size_t i;

	memset(&c, 0, sizeof(c));
	c.rules = rules;
	for (i = 0; i < NROWS(rows); i++)
		ASSAY_CHECKF(assay_control_covers(&c, rows[i].rule) ==
		    rows[i].want, "%s", rows[i].rule);
	CU_ASSERT(!assay_control_covers(&c, NULL));
	CU_ASSERT_STRING_EQUAL(assay_strength_name(ASSAY_STRENGTH_STRONG),
	    "strong");
	CU_ASSERT_STRING_EQUAL(assay_strength_name(ASSAY_STRENGTH_PARTIAL),
	    "partial");
	CU_ASSERT_STRING_EQUAL(assay_strength_name(ASSAY_STRENGTH_DOCUMENTS),
	    "documents");
}

/* ---- waivers ------------------------------------------------------------ */

static const char waivers_json[] = "{\"waivers\": [\n"
    " {\"rule\": \"harness.setuid\", \"path\": \"**/usr/bin/passwd\", "
    "\"reason\": \"needed to change passwords\", \"author\": \"T. Ester\", "
    "\"expires\": \"2099-12-31\"},\n"
    " {\"rule\": \"credentials.default-password\", \"path\": "
    "\"fw.tar.gz!/etc/shadow\", \"reason\": \"old\", \"author\": \"A\", "
    "\"expires\": \"2020-01-01\"},\n"
    " {\"rule\": \"harness.world-writable\", \"reason\": \"tmp dir\", "
    "\"author\": \"B\", \"expires\": \"2030-06-01T12:00:00Z\"},\n"
    " {\"rule\": \"credentials.default-password\", \"path\": "
    "\"*.tar.gz!/etc/shadow\", \"reason\": \"lab image\", \"author\": "
    "\"C\", \"expires\": \"2026-11-29\"},\n"
    " {\"rule\": \"alpha.x\", \"path\": \"a\", \"reason\": \"r\", "
    "\"author\": \"D\", \"expires\": \"2026-11-29T14:00:00Z\"},\n"
    " {\"rule\": \"alpha.x\", \"path\": \"b\", \"reason\": \"r\", "
    "\"author\": \"D\", \"expires\": \"2026-11-29T13:59:59Z\"},\n"
    " {\"rule\": \"alpha.x\", \"path\": \"c\", \"reason\": \"r\", "
    "\"author\": \"D\", \"expires\": \"2026-11-28\"}\n"
    "]}\n";

static void
test_waivers_match(void)
{
	static const struct {
		const char *rule;
		const char *path;
		long want;
	} rows[] = {
		{ "harness.setuid", "fw.tar.gz!/rootfs.cpio!/usr/bin/passwd",
		    0 },
		{ "harness.setuid", "usr/bin/passwd", 0 },
		{ "harness.setuid", "fw.tar.gz!/usr/bin/su", -1 },
		{ "harness.setgid", "fw.tar.gz!/usr/bin/passwd", -1 },
		/* The first matching waiver expired; the next one holds. */
		{ "credentials.default-password", "fw.tar.gz!/etc/shadow", 3 },
		{ "credentials.default-password", "fw.zip!/etc/shadow", -1 },
		{ "credentials.default-password",
		    "fw.tar.gz!/x.tar.gz!/etc/shadow", -1 },
		{ "harness.world-writable", "fw.tar.gz!/tmp", 2 },
		{ "harness.world-writable", NULL, 2 },
		{ "harness.setuid", NULL, -1 },
		{ "alpha.x", "a", 4 },
		{ "alpha.x", "b", -1 },
		{ "alpha.x", "c", -1 },
	};
	static const struct {
		size_t i;
		int64_t at;
		bool expired;
	} expiry[] = {
		{ 0, INT64_C(4102444799), false },	/* 2099-12-31, end */
		{ 1, INT64_C(1577923199), true },
		{ 2, INT64_C(1906545600), false },	/* 2030-06-01 noon */
		{ 3, NOW + 10 * 3600 - 1, false },	/* end of today */
		{ 4, NOW, false },			/* up to and at */
		{ 5, NOW - 1, true },
		{ 6, NOW - 14 * 3600 - 1, true },
	};
	struct assay_waivers *w = NULL;
	struct assay_error err;
	char *path, hex[65];
	size_t i;

	memset(&err, 0, sizeof(err));
	path = put("w.json", waivers_json);
	ASSAY_CHECKF(assay_waivers_load(path, NOW, &w, &err) == ASSAY_OK,
	    "%s", err.msg);
	CU_ASSERT_FATAL(w != NULL);
	CU_ASSERT_FATAL(w->n == NROWS(expiry));
	CU_ASSERT_STRING_EQUAL(w->origin, path);
	assay_test_sha256_hex(waivers_json, strlen(waivers_json), hex);
	CU_ASSERT_STRING_EQUAL(w->sha256, hex);
	for (i = 0; i < NROWS(expiry); i++) {
		ASSAY_CHECKF(w->v[expiry[i].i].expires_at == expiry[i].at,
		    "waiver %zu expires_at %" PRId64, expiry[i].i,
		    w->v[expiry[i].i].expires_at);
		ASSAY_CHECKF(w->v[expiry[i].i].expired == expiry[i].expired,
		    "waiver %zu expired", expiry[i].i);
	}
	CU_ASSERT_STRING_EQUAL(w->v[0].reason, "needed to change passwords");
	CU_ASSERT_STRING_EQUAL(w->v[0].author, "T. Ester");
	CU_ASSERT_STRING_EQUAL(w->v[0].expires, "2099-12-31");
	CU_ASSERT_STRING_EQUAL(w->v[2].path, "**");
	for (i = 0; i < NROWS(rows); i++)
		ASSAY_CHECKF(assay_waivers_match(w, rows[i].rule,
		    rows[i].path) == rows[i].want, "%s %s", rows[i].rule,
		    rows[i].path != NULL ? rows[i].path : "(none)");
	CU_ASSERT(assay_waivers_match(NULL, "a.b", "x") == -1);
	assay_waivers_free(w);
	assay_waivers_free(NULL);
	free(path);

	/* An empty list is fine. */
	path = put("empty.json", "{\"waivers\": []}");
	CU_ASSERT(assay_waivers_load(path, NOW, &w, &err) == ASSAY_OK);
	CU_ASSERT(w != NULL && w->n == 0);
	assay_waivers_free(w);
	free(path);
}

#define W_OK_ENTRY "{\"rule\": \"a.b\", \"reason\": \"r\", \"author\": " \
	"\"x\", \"expires\": \"2027-01-01\"}"
#define W_ENTRY(expires) "{\"waivers\": [" W_OK_ENTRY ", {\"rule\": " \
	"\"a.b\", \"reason\": \"r\", \"author\": \"x\", \"expires\": \"" \
	expires "\"}]}"

static void
test_waivers_bad(void)
{
	static const struct {
		const char *text;
		const char *says;
	} rows[] = {
		{ W_ENTRY("2027-13-01"), "w.json: waivers[1].expires: "
		    "\"2027-13-01\" is not a date" },
		{ W_ENTRY("2027-02-29"), "waivers[1].expires: \"2027-02-29\"" },
		{ W_ENTRY("2024-02-30"), "waivers[1].expires:" },
		{ W_ENTRY("2027-04-31"), "waivers[1].expires:" },
		{ W_ENTRY("2027-00-10"), "waivers[1].expires:" },
		{ W_ENTRY("27-01-01"), "waivers[1].expires:" },
		{ W_ENTRY("1969-12-31"), "waivers[1].expires:" },
		{ W_ENTRY("2027-1-01"), "waivers[1].expires:" },
		{ W_ENTRY("2027-01-01T24:00:00Z"), "waivers[1].expires:" },
		{ W_ENTRY("2027-01-01T12:60:00Z"), "waivers[1].expires:" },
		{ W_ENTRY("2027-01-01T12:00:00"), "waivers[1].expires:" },
		{ W_ENTRY("2027-01-01T12:00:00+01:00"), "waivers[1].expires:" },
		{ W_ENTRY("2027-01-01 12:00:00Z"), "waivers[1].expires:" },
		{ W_ENTRY("2027-01-01t12:00:00z"), "waivers[1].expires:" },
		{ W_ENTRY("tomorrow"), "waivers[1].expires: \"tomorrow\" is "
		    "not a date (YYYY-MM-DD" },
		{ "{\"waivers\": [{\"rules\": \"a.b\"}]}",
		    "w.json: waivers[0]: unknown key \"rules\"" },
		{ "{\"waivers\": [{\"rule\": \"a.b\", \"author\": \"x\", "
		    "\"expires\": \"2027-01-01\"}]}", "w.json: waivers[0]: "
		    "missing required key \"reason\"" },
		{ "{\"waivers\": [" W_OK_ENTRY ", {\"rule\": \"a.*\", "
		    "\"reason\": \"r\", \"author\": \"x\", \"expires\": "
		    "\"2027-01-01\"}]}", "w.json: waivers[1].rule: \"a.*\" is "
		    "not a rule id" },
		{ "{\"waivers\": [{\"rule\": \"a.b\", \"reason\": \" \", "
		    "\"author\": \"x\", \"expires\": \"2027-01-01\"}]}",
		    "w.json: waivers[0].reason: is empty" },
		{ "{\"waivers\": [{\"rule\": \"a.b\", \"reason\": \"r\", "
		    "\"author\": 5, \"expires\": \"2027-01-01\"}]}",
		    "w.json: waivers[0].author: expected a string, got a "
		    "number" },
		{ "{\"waivers\": [{\"rule\": \"a.b\", \"path\": \"**/a/**/b/**\", "
		    "\"reason\": \"r\", \"author\": \"x\", \"expires\": "
		    "\"2027-01-01\"}]}", "w.json: waivers[0].path: at most 4 "
		    "wildcards, of which 2 \"**\"" },
		{ "{\"waivers\": [{\"rule\": \"a.b\", \"path\": \"*a*b*c*d*\", "
		    "\"reason\": \"r\", \"author\": \"x\", \"expires\": "
		    "\"2027-01-01\"}]}", "w.json: waivers[0].path: at most" },
		{ "{\"waivers\": [" W_OK_ENTRY ", 3]}", "w.json: waivers[1]: "
		    "expected an object" },
		{ "{\"waivers\": {}}", "w.json: waivers: expected an array" },
		{ "{}", "w.json: waivers: expected an array, got nothing" },
		{ "{\"waivers\": [], \"extra\": 1}", "w.json: unknown key "
		    "\"extra\"" },
		{ "[]", "w.json: expected a JSON object" },
		{ "{\"waivers\": [", "w.json:1:" },
	};
	struct assay_waivers *w;
	struct assay_error err;
	enum assay_err r;
	char *path;
	size_t i;

	for (i = 0; i < NROWS(rows); i++) {
		path = put("w.json", rows[i].text);
		memset(&err, 0, sizeof(err));
		w = NULL;
		r = assay_waivers_load(path, NOW, &w, &err);
		ASSAY_CHECKF(r == ASSAY_ERR_USAGE && w == NULL, "row %zu: %d",
		    i, (int)r);
		ASSAY_CHECKF(strncmp(err.msg, path, strlen(path)) == 0 &&
		    contains(err.msg, rows[i].says), "row %zu: %s", i,
		    err.msg);
		free(path);
	}
	/* A leap day is a date. */
	path = put("w.json", W_ENTRY("2028-02-29"));
	CU_ASSERT(assay_waivers_load(path, NOW, &w, &err) == ASSAY_OK);
	assay_waivers_free(w);
	free(path);
	CU_ASSERT(assay_waivers_load(assay_test_path("none.json"), NOW, &w,
	    &err) == ASSAY_ERR_USAGE);
	CU_ASSERT(contains(err.msg, "none.json") &&
	    contains(err.msg, strerror(ENOENT)));
}

/* ---- verdicts ----------------------------------------------------------- */

static const char verdict_profile[] = "{" META("judge") ",\n"
    "\"probes\": {\"delta\": {\"enabled\": false}},\n"
    "\"controls\": [\n"
#define VCTL(id, rules, fail_at)					\
    " {\"id\": \"" id "\", \"title\": \"" id "\", \"statement\": \"S\", " \
    "\"rules\": [" rules "], \"fail_at\": \"" fail_at "\", \"strength\": " \
    "\"strong\"},\n"
    VCTL("t:fail", "\"alpha.*\"", "high")
    VCTL("t:waived", "\"alpha.waived\"", "high")
    VCTL("t:below", "\"alpha.low\"", "medium")
    VCTL("t:pass", "\"alpha.other\"", "info")
    VCTL("t:missing", "\"gamma.*\"", "high")
    VCTL("t:disabled", "\"delta.x\"", "high")
    VCTL("t:failed", "\"beta.other\"", "high")
    VCTL("t:failed-finding", "\"beta.bad\"", "high")
    VCTL("t:empty", "\"epsilon.*\"", "high")
    VCTL("t:harness", "\"harness.setuid\", \"harness.world-writable\"",
        "high")
    VCTL("t:mixed", "\"alpha.low\", \"gamma.x\"", "low")
    VCTL("t:partly", "\"alpha.other\", \"gamma.x\", \"delta.y\"", "low")
    VCTL("t:both", "\"gamma.x\", \"beta.x\"", "low")
    VCTL("t:empty-two", "\"epsilon.x\", \"zeta.y\"", "low")
    VCTL("t:one-empty", "\"epsilon.x\", \"alpha.other\"", "low")
#undef VCTL
    " {\"id\": \"t:manual\", \"title\": \"m\", \"statement\": \"S\", "
    "\"rules\": [\"alpha.*\"], \"manual\": true, \"strength\": "
    "\"documents\", \"evidence\": \"the policy document\"}\n"
    "]}\n";

static const struct assay_rule no_rules[] = {
	{ NULL, ASSAY_SEV_INFO, NULL },
};

struct verdict_fixture {
	struct assay_inventory *inv;
	struct assay_findings fs;
	struct assay_probe_slot slots[5];
	struct assay_registry reg;
	struct assay_probe_outcome outcomes[5];
	struct assay_run_report run;
	struct assay_profile *p;
	struct assay_waivers *w;
};

static char error_beta[] = "killed by signal 9 (Killed)";

static void
vf_init(struct verdict_fixture *fx)
{
	static const char *const names[] = {
		"alpha", "beta", "delta", "epsilon", "zeta"
	};
	static const uint64_t examined[] = { 5, 1, 3, 0, 0 };
	struct assay_entry *e;
	struct assay_error err;
	char *path;
	size_t i;

	memset(fx, 0, sizeof(*fx));
	memset(&err, 0, sizeof(err));
	path = put("judge.json", verdict_profile);
	ASSAY_CHECKF(assay_profile_load(path, NULL, &fx->p, &err) == ASSAY_OK,
	    "%s", err.msg);
	CU_ASSERT_FATAL(fx->p != NULL);
	free(path);
	path = put("w.json", "{\"waivers\": [{\"rule\": \"alpha.waived\", "
	    "\"path\": \"fw.tar!/**\", \"reason\": \"vendor's VEX says not "
	    "reachable\", \"author\": \"T. Ester\", \"expires\": "
	    "\"2027-03-31\"}]}");
	ASSAY_CHECKF(assay_waivers_load(path, NOW, &fx->w, &err) == ASSAY_OK,
	    "%s", err.msg);
	CU_ASSERT_FATAL(fx->w != NULL);
	free(path);

	fx->inv = assay_inventory_new();
	CU_ASSERT_FATAL(fx->inv != NULL);
	e = assay_inventory_add(fx->inv);
	CU_ASSERT_FATAL(e != NULL);
	e->path = assay_inventory_strdup(fx->inv, "fw.tar", 6);
	e->name = e->path;
	e->type = ASSAY_ENTRY_FILE;
	e = assay_inventory_add(fx->inv);
	CU_ASSERT_FATAL(e != NULL);
	e->path = assay_inventory_strdup(fx->inv, "fw.tar!/bin/su", 14);
	e->name = assay_inventory_strdup(fx->inv, "bin/su", 6);
	e->type = ASSAY_ENTRY_FILE;
	e->parent = 0;

	for (i = 0; i < NROWS(names); i++) {
		fx->slots[i].ops.abi = ASSAY_PROBE_ABI;
		fx->slots[i].ops.size = sizeof(fx->slots[i].ops);
		fx->slots[i].ops.name = names[i];
		fx->slots[i].ops.rules = no_rules;
		fx->outcomes[i].name = names[i];
		fx->outcomes[i].ok = true;
		fx->outcomes[i].examined = examined[i];
	}
	fx->outcomes[1].ok = false;
	fx->outcomes[1].error = error_beta;
	fx->reg.v = fx->slots;
	fx->reg.n = NROWS(names);
	fx->run.outcomes = fx->outcomes;
	fx->run.n = NROWS(names);
}

static void
vf_add(struct verdict_fixture *fx, const char *rule,
    enum assay_severity sev, uint32_t entry, const char *message)
{
	char probe[32];
	const char *path;

	snprintf(probe, sizeof(probe), "%.*s", (int)strcspn(rule, "."),
	    rule);
	CU_ASSERT_FATAL(assay_findings_add(&fx->fs, probe, rule, sev, entry,
	    0, NULL, message) == ASSAY_OK);
	path = entry != ASSAY_NO_ENTRY ?
	    assay_inventory_get(fx->inv, entry)->path : NULL;
	fx->fs.v[fx->fs.n - 1].waiver = assay_waivers_match(fx->w, rule,
	    path);
}

static void
vf_release(struct verdict_fixture *fx)
{
	assay_findings_release(&fx->fs);
	assay_inventory_free(fx->inv);
	assay_profile_free(fx->p);
	assay_waivers_free(fx->w);
}

static const struct assay_control_result *
result_of(const struct assay_verdict *v, const char *id)
{
	size_t i;

	for (i = 0; i < v->n; i++)
		if (strcmp(v->v[i].control->id, id) == 0)
			return &v->v[i];
	return NULL;
}

static void
test_verdict_scenarios(void)
{
	static const struct {
		const char *id;
		enum assay_control_status want;
		const char *why;	/* NULL: none; else exactly */
		size_t bearing, failing;
	} rows[] = {
		{ "t:fail", ASSAY_CONTROL_FAIL, NULL, 3, 1 },
		{ "t:waived", ASSAY_CONTROL_PASS, NULL, 1, 0 },
		{ "t:below", ASSAY_CONTROL_PASS, NULL, 1, 0 },
		{ "t:pass", ASSAY_CONTROL_PASS, NULL, 0, 0 },
		{ "t:missing", ASSAY_CONTROL_NOT_ASSESSED, "probe gamma is not "
		    "installed or is disabled by the profile", 0, 0 },
		{ "t:disabled", ASSAY_CONTROL_NOT_ASSESSED, "probe delta is "
		    "not installed or is disabled by the profile", 0, 0 },
		{ "t:failed", ASSAY_CONTROL_NOT_ASSESSED, "probe beta failed: "
		    "killed by signal 9 (Killed)", 0, 0 },
		{ "t:failed-finding", ASSAY_CONTROL_FAIL, NULL, 1, 1 },
		{ "t:empty", ASSAY_CONTROL_NOT_ASSESSED, "nothing in the "
		    "artefact for probe epsilon to examine", 0, 0 },
		{ "t:harness", ASSAY_CONTROL_PASS, NULL, 1, 0 },
		/* A failing finding stands although gamma never ran. */
		{ "t:mixed", ASSAY_CONTROL_FAIL, NULL, 1, 1 },
		{ "t:partly", ASSAY_CONTROL_NOT_ASSESSED, "probes gamma and "
		    "delta are not installed or are disabled by the profile",
		    0, 0 },
		{ "t:both", ASSAY_CONTROL_NOT_ASSESSED, "probe gamma is not "
		    "installed or is disabled by the profile; probe beta "
		    "failed: killed by signal 9 (Killed)", 0, 0 },
		{ "t:empty-two", ASSAY_CONTROL_NOT_ASSESSED, "nothing in the "
		    "artefact for probes epsilon and zeta to examine", 0, 0 },
		{ "t:one-empty", ASSAY_CONTROL_PASS, NULL, 0, 0 },
		{ "t:manual", ASSAY_CONTROL_MANUAL, "the policy document", 3,
		    0 },
	};
	const struct assay_control_result *res;
	struct verdict_fixture fx;
	struct assay_verdict v;
	struct assay_error err;
	size_t i;

	vf_init(&fx);
	vf_add(&fx, "alpha.bad", ASSAY_SEV_HIGH, 1, "bad");
	vf_add(&fx, "alpha.waived", ASSAY_SEV_CRITICAL, 1, "waived");
	vf_add(&fx, "alpha.low", ASSAY_SEV_LOW, 1, "low");
	vf_add(&fx, "beta.bad", ASSAY_SEV_CRITICAL, 1, "before it died");
	vf_add(&fx, "harness.setuid", ASSAY_SEV_INFO, 1, "setuid");
	CU_ASSERT_FATAL(fx.fs.v[1].waiver == 0);
	CU_ASSERT_FATAL(fx.fs.v[0].waiver == -1);

	memset(&err, 0, sizeof(err));
	CU_ASSERT_FATAL(assay_verdict_compute(fx.p, &fx.fs, &fx.reg, &fx.run,
	    &v, &err) == ASSAY_OK);
	CU_ASSERT_FATAL(v.n == NROWS(rows));
	for (i = 0; i < NROWS(rows); i++) {
		res = &v.v[i];
		ASSAY_CHECKF(strcmp(res->control->id, rows[i].id) == 0,
		    "%zu: %s", i, res->control->id);
		ASSAY_CHECKF(res->status == rows[i].want, "%s: %s", rows[i].id,
		    assay_control_status_name(res->status));
		ASSAY_CHECKF(rows[i].why == NULL ? res->why == NULL :
		    res->why != NULL && strcmp(res->why, rows[i].why) == 0,
		    "%s: why %s", rows[i].id, res->why ? res->why : "(none)");
		ASSAY_CHECKF(res->nbearing == rows[i].bearing &&
		    res->nfailing == rows[i].failing, "%s: %zu bearing, %zu "
		    "failing", rows[i].id, res->nbearing, res->nfailing);
	}
	/* t:fail: the high finding fails it; the others only bear on it. */
	res = result_of(&v, "t:fail");
	CU_ASSERT(res->failing[0] == 0);
	CU_ASSERT(res->bearing[0] == 0 && res->bearing[1] == 1 &&
	    res->bearing[2] == 2);
	CU_ASSERT(v.failed == 3 && v.passed == 5 && v.not_assessed == 7 &&
	    v.manual == 1);
	CU_ASSERT(v.result == ASSAY_RESULT_FAILED);
	assay_verdict_release(&v);

	/* No probe ran at all: only the harness's control is assessed. */
	CU_ASSERT_FATAL(assay_verdict_compute(fx.p, NULL, &fx.reg, NULL, &v,
	    &err) == ASSAY_OK);
	CU_ASSERT(result_of(&v, "t:harness")->status == ASSAY_CONTROL_PASS);
	CU_ASSERT(result_of(&v, "t:pass")->status ==
	    ASSAY_CONTROL_NOT_ASSESSED);
	CU_ASSERT_STRING_EQUAL(result_of(&v, "t:pass")->why, "probe alpha is "
	    "not installed or is disabled by the profile");
	CU_ASSERT(v.failed == 0 && v.passed == 1 && v.manual == 1);
	CU_ASSERT(v.result == ASSAY_RESULT_PASSED);
	assay_verdict_release(&v);
	assay_verdict_release(&v);	/* released twice is harmless */
	vf_release(&fx);

	CU_ASSERT_STRING_EQUAL(assay_control_status_name(ASSAY_CONTROL_PASS),
	    "pass");
	CU_ASSERT_STRING_EQUAL(assay_control_status_name(ASSAY_CONTROL_FAIL),
	    "fail");
	CU_ASSERT_STRING_EQUAL(assay_control_status_name(
	    ASSAY_CONTROL_NOT_ASSESSED), "not-assessed");
	CU_ASSERT_STRING_EQUAL(assay_control_status_name(
	    ASSAY_CONTROL_MANUAL), "manual");
}

/* Waiving the only failing finding turns the result to passed. */
static void
test_verdict_waived_passes(void)
{
	struct verdict_fixture fx;
	struct assay_verdict v;
	struct assay_error err;

	vf_init(&fx);
	vf_add(&fx, "alpha.waived", ASSAY_SEV_CRITICAL, 1, "waived");
	vf_add(&fx, "alpha.waived", ASSAY_SEV_CRITICAL, 0, "waived too");
	/* A finding about the scan as a whole has no path to match. */
	vf_add(&fx, "alpha.waived", ASSAY_SEV_LOW, ASSAY_NO_ENTRY, "scan");
	CU_ASSERT(fx.fs.v[0].waiver == 0 && fx.fs.v[1].waiver == -1 &&
	    fx.fs.v[2].waiver == -1);
	memset(&err, 0, sizeof(err));
	CU_ASSERT_FATAL(assay_verdict_compute(fx.p, &fx.fs, &fx.reg, &fx.run,
	    &v, &err) == ASSAY_OK);
	/* "fw.tar" itself is not inside fw.tar: that one still fails. */
	CU_ASSERT(result_of(&v, "t:waived")->status == ASSAY_CONTROL_FAIL);
	CU_ASSERT(result_of(&v, "t:waived")->nfailing == 1);
	assay_verdict_release(&v);
	fx.fs.v[1].waiver = 0;
	CU_ASSERT_FATAL(assay_verdict_compute(fx.p, &fx.fs, &fx.reg, &fx.run,
	    &v, &err) == ASSAY_OK);
	CU_ASSERT(result_of(&v, "t:waived")->status == ASSAY_CONTROL_PASS);
	CU_ASSERT(result_of(&v, "t:waived")->nbearing == 3);
	CU_ASSERT(result_of(&v, "t:fail")->status == ASSAY_CONTROL_PASS);
	CU_ASSERT(v.failed == 0 && v.result == ASSAY_RESULT_PASSED);
	assay_verdict_release(&v);
	vf_release(&fx);
}

/* verdict.json and findings.json with waivers, against their schemas. */
static void
test_verdict_json(void)
{
	struct verdict_fixture fx;
	struct assay_scan_summary s;
	struct assay_verdict v;
	struct assay_error err;
	json_t *doc, *controls, *c, *f, *fs, *wv;
	char *text, *again;
	size_t len, i;
	int dirfd;

	vf_init(&fx);
	vf_add(&fx, "alpha.bad", ASSAY_SEV_HIGH, 1, "bad");
	vf_add(&fx, "alpha.waived", ASSAY_SEV_CRITICAL, 1, "waived");
	vf_add(&fx, "harness.setuid", ASSAY_SEV_INFO, ASSAY_NO_ENTRY, "scan");
	memset(&err, 0, sizeof(err));
	CU_ASSERT_FATAL(assay_verdict_compute(fx.p, &fx.fs, &fx.reg, &fx.run,
	    &v, &err) == ASSAY_OK);
	memset(&s, 0, sizeof(s));
	s.inv = fx.inv;
	s.findings = &fx.fs;
	s.reg = &fx.reg;
	s.run = &fx.run;
	s.profile = fx.p;
	s.verdict = &v;
	s.waivers = fx.w;
	dirfd = open(assay_test_dir(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	CU_ASSERT_FATAL(dirfd != -1);
	ASSAY_CHECKF(assay_write_verdict(dirfd, &s, &err) == ASSAY_OK, "%s",
	    err.msg);
	ASSAY_CHECKF(assay_write_findings(dirfd, &s, &err) == ASSAY_OK, "%s",
	    err.msg);

	doc = assay_test_load_json(assay_test_path("verdict.json"));
	CU_ASSERT_FATAL(doc != NULL);
	CU_ASSERT_STRING_EQUAL(json_string_value(json_object_get(doc,
	    "schema")), "assay/verdict/v1");
	CU_ASSERT_STRING_EQUAL(json_string_value(json_object_get(doc,
	    "result")), "failed");
	CU_ASSERT_STRING_EQUAL(json_string_value(json_object_get(
	    json_object_get(doc, "profile"), "sha256")),
	    assay_profile_sha256(fx.p));
	CU_ASSERT_STRING_EQUAL(json_string_value(json_object_get(
	    json_object_get(doc, "profile"), "id")), "judge");
	CU_ASSERT(json_integer_value(json_object_get(json_object_get(doc,
	    "counts"), "manual")) == 1);
	CU_ASSERT(json_integer_value(json_object_get(json_object_get(doc,
	    "counts"), "fail")) == (json_int_t)v.failed);
	controls = json_object_get(doc, "controls");
	CU_ASSERT_FATAL(json_array_size(controls) == v.n);
	for (i = 0; i < v.n; i++) {
		c = json_array_get(controls, i);
		ASSAY_CHECKF(strcmp(json_string_value(json_object_get(c,
		    "status")), assay_control_status_name(v.v[i].status)) ==
		    0, "control %zu status", i);
		ASSAY_CHECKF((json_object_get(c, "why") != NULL) ==
		    (v.v[i].why != NULL), "control %zu why", i);
	}
	c = json_array_get(controls, 0);	/* t:fail */
	CU_ASSERT_STRING_EQUAL(json_string_value(json_object_get(c, "id")),
	    "t:fail");
	CU_ASSERT_STRING_EQUAL(json_string_value(json_object_get(c,
	    "fail_at")), "high");
	CU_ASSERT_STRING_EQUAL(json_string_value(json_object_get(c,
	    "strength")), "strong");
	fs = json_object_get(c, "findings");
	CU_ASSERT_FATAL(json_array_size(fs) == 2);
	f = json_array_get(fs, 0);
	CU_ASSERT(json_is_true(json_object_get(f, "fails")));
	CU_ASSERT(json_is_false(json_object_get(f, "waived")));
	CU_ASSERT_STRING_EQUAL(json_string_value(json_object_get(f, "path")),
	    "fw.tar!/bin/su");
	CU_ASSERT_STRING_EQUAL(json_string_value(json_object_get(f,
	    "severity")), "high");
	f = json_array_get(fs, 1);
	CU_ASSERT(json_is_false(json_object_get(f, "fails")));
	CU_ASSERT(json_is_true(json_object_get(f, "waived")));
	c = json_array_get(controls, v.n - 1);	/* t:manual */
	CU_ASSERT(json_is_null(json_object_get(c, "fail_at")));
	CU_ASSERT_STRING_EQUAL(json_string_value(json_object_get(c, "why")),
	    "the policy document");
	/* A finding about the scan has a null path. */
	c = json_array_get(controls, 9);	/* t:harness */
	CU_ASSERT(json_is_null(json_object_get(json_array_get(
	    json_object_get(c, "findings"), 0), "path")));
	json_decref(doc);

	/* Laid out as Jansson would write it, keys sorted. */
	text = assay_test_read_file(assay_test_path("verdict.json"), &len);
	doc = json_loads(text != NULL ? text : "", 0, NULL);
	CU_ASSERT_FATAL(doc != NULL);
	again = json_dumps(doc, JSON_INDENT(2) | JSON_SORT_KEYS);
	CU_ASSERT(again != NULL && len == strlen(again) + 1 &&
	    memcmp(text, again, len - 1) == 0);
	free(again);
	free(text);
	json_decref(doc);

	/* The waived finding stays in findings.json, carrying its waiver. */
	doc = assay_test_load_json(assay_test_path("findings.json"));
	CU_ASSERT_FATAL(doc != NULL);
	fs = json_object_get(doc, "findings");
	CU_ASSERT_FATAL(json_array_size(fs) == 3);
	CU_ASSERT(json_object_get(json_array_get(fs, 0), "waiver") == NULL);
	wv = json_object_get(json_array_get(fs, 1), "waiver");
	CU_ASSERT_FATAL(json_is_object(wv));
	CU_ASSERT_STRING_EQUAL(json_string_value(json_object_get(wv,
	    "author")), "T. Ester");
	CU_ASSERT_STRING_EQUAL(json_string_value(json_object_get(wv,
	    "expires")), "2027-03-31");
	CU_ASSERT_STRING_EQUAL(json_string_value(json_object_get(wv,
	    "reason")), "vendor's VEX says not reachable");
	json_decref(doc);

	if (have_jsonschema()) {
		CU_ASSERT(validate(REPORT_SCHEMAS "/verdict.schema.json",
		    assay_test_path("verdict.json"), false) == 0);
		CU_ASSERT(validate(REPORT_SCHEMAS "/findings.schema.json",
		    assay_test_path("findings.json"), false) == 0);
	}

	/* Without a profile or verdict there is nothing to write. */
	s.verdict = NULL;
	CU_ASSERT(assay_write_verdict(dirfd, &s, &err) == ASSAY_ERR_INTERNAL);
	close(dirfd);
	assay_verdict_release(&v);
	vf_release(&fx);
}

static CU_TestInfo profile_tests[] = {
	{ "shipped profiles load", test_shipped_load },
	{ "cop, high-risk and ccs-onboarding", test_shipped_cop },
	{ "profiles are listed", test_profile_list },
	{ "shipped profiles match the schema", test_shipped_schema },
	{ "a dump reloads to the same digest", test_dump_reloads },
	{ "extends merges and overrides", test_extends_merge },
	{ "extends finds parents", test_extends_lookup },
	{ "extends cycles and depth", test_extends_cycle_depth },
	{ "broken profiles name file and path", test_broken_profiles },
	{ "lookup errors", test_profile_lookup_errors },
	{ "canonical digest", test_digest },
	{ "rule selectors", test_control_covers },
	CU_TEST_INFO_NULL,
};

static CU_TestInfo waiver_tests[] = {
	{ "match by rule and glob, expiry", test_waivers_match },
	{ "bad waiver files name file and index", test_waivers_bad },
	CU_TEST_INFO_NULL,
};

static CU_TestInfo verdict_tests[] = {
	{ "control scenarios", test_verdict_scenarios },
	{ "a waiver makes a control pass", test_verdict_waived_passes },
	{ "verdict.json and waived findings", test_verdict_json },
	CU_TEST_INFO_NULL,
};

static CU_SuiteInfo suites[] = {
	{ "profiles", NULL, NULL, assay_test_setup, assay_test_teardown,
	    profile_tests },
	{ "waivers", NULL, NULL, assay_test_setup, assay_test_teardown,
	    waiver_tests },
	{ "verdicts", NULL, NULL, assay_test_setup, assay_test_teardown,
	    verdict_tests },
	CU_SUITE_INFO_NULL,
};

int
main(void)
{
	return assay_test_run(suites);
}
