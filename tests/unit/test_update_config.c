/*
 * Tests of the update probe's configuration rules (probes/update/):
 * the shipped catalogue against its schema and the probe's rule table,
 * every catalogue rule on its own positive and negative example (line
 * numbers included), the same examples through the real binary so that
 * each rule's globs are exercised, the item parsers, message placeholders,
 * URL handling, bad catalogues and the string scan of binaries.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <archive.h>
#include <archive_entry.h>

#include "builtin.h"
#include "testutil.h"
#include "update/updconf.h"

#define DATA_DIR	ASSAY_TEST_SOURCE_DIR "/../probes/update/data"
#define CATALOGUE	DATA_DIR "/rules.json"
#define SCHEMA		DATA_DIR "/rules.schema.json"

static struct upd_catalogue *cat;
static json_t *cat_json;

static int
suite_init(void)
{
	char *text, why[512];
	size_t len;
	json_error_t jerr;

	if ((text = assay_test_read_file(CATALOGUE, &len)) == NULL)
		return -1;
	if (upd_catalogue_parse(text, len, &cat, why, sizeof(why)) !=
	    ASSAY_OK) {
		fprintf(stderr, "catalogue: %s\n", why);
		free(text);
		return -1;
	}
	free(text);
	if ((cat_json = json_load_file(CATALOGUE, 0, &jerr)) == NULL)
		return -1;
	return 0;
}

static int
suite_cleanup(void)
{
	upd_catalogue_free(cat);
	json_decref(cat_json);
	return 0;
}

static const char *
jstr(const json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

/* ---- what a match run saw ----------------------------------------------- */

#define HITS_MAX	64

struct seen {
	struct {
		const struct upd_rule *rule;
		unsigned long line;
		char *msg;
	} hits[HITS_MAX];
	size_t nhits;
	char urls[HITS_MAX][UPD_URL_MAX];
	size_t nurls;
	unsigned long problem_line;
	char problem[160];
	size_t nproblems;
};

static enum assay_err
seen_hit(void *arg, const struct upd_hit *h)
{
	struct seen *s = arg;

	if (s->nhits < HITS_MAX) {
		s->hits[s->nhits].rule = h->rule;
		s->hits[s->nhits].line = h->line;
		s->hits[s->nhits].msg = upd_message(h, "F");
		s->nhits++;
	}
	return ASSAY_OK;
}

static enum assay_err
seen_url(void *arg, const struct upd_rule *r, const char *url,
    unsigned long line)
{
	struct seen *s = arg;

	(void)r;
	(void)line;
	if (s->nurls < HITS_MAX)
		(void)snprintf(s->urls[s->nurls++], UPD_URL_MAX, "%s", url);
	return ASSAY_OK;
}

static enum assay_err
seen_problem(void *arg, const struct upd_rule *r, unsigned long line,
    const char *why)
{
	struct seen *s = arg;

	(void)r;
	if (s->nproblems++ == 0) {
		s->problem_line = line;
		(void)snprintf(s->problem, sizeof(s->problem), "%s", why);
	}
	return ASSAY_OK;
}

static void
seen_release(struct seen *s)
{
	size_t i;

	for (i = 0; i < s->nhits; i++)
		free(s->hits[i].msg);
	memset(s, 0, sizeof(*s));
}

static enum assay_err
run_rule(const struct upd_rule *r, const char *text, struct seen *s)
{
	const struct upd_rule *rules[1] = { r };
	struct upd_sink sink;

	memset(s, 0, sizeof(*s));
	memset(&sink, 0, sizeof(sink));
	sink.arg = s;
	sink.hit = seen_hit;
	sink.url = seen_url;
	sink.problem = seen_problem;
	return upd_match_text(rules, 1, text, strlen(text), &sink);
}

static const struct upd_rule *
rule_by_id(const char *id)
{
	size_t i;

	for (i = 0; i < cat->n; i++)
		if (strcmp(cat->rules[i].id, id) == 0)
			return &cat->rules[i];
	return NULL;
}

/* ---- the catalogue ------------------------------------------------------ */

static const char validate_py[] =
    "import json, sys\n"
    "import jsonschema\n"
    "schema = json.load(open(sys.argv[1]))\n"
    "doc = json.load(open(sys.argv[2]))\n"
    "cls = jsonschema.Draft7Validator\n"
    "cls.check_schema(schema)\n"
    "errors = list(cls(schema).iter_errors(doc))\n"
    "for e in errors[:10]:\n"
    "    print(sys.argv[2], list(e.absolute_path), e.message,\n"
    "          file=sys.stderr)\n"
    "sys.exit(1 if errors else 0)\n";

static void
test_catalogue_schema(void)
{
	static const char *const probe[] = { "-c", "import jsonschema", NULL };
	const char *args[] = { "-c", validate_py, SCHEMA, CATALOGUE, NULL };
	const char *bad_args[] = { "-c", validate_py, SCHEMA, NULL, NULL };
	json_t *bad, *r0;
	char *path;

	if (assay_test_python(probe, true) != 0) {
		printf("\n  notice: python3-jsonschema missing; schema not "
		    "checked\n");
		ASSAY_CHECKF(getenv("CI") == NULL, "%s", "CI without "
		    "python3-jsonschema");
		return;
	}
	ASSAY_CHECKF(assay_test_python(args, false) == 0, "%s",
	    "rules.json does not match rules.schema.json");
	/* The schema has teeth: a rule without examples is refused. */
	bad = json_deep_copy(cat_json);
	r0 = json_array_get(json_object_get(bad, "rules"), 0);
	json_object_del(r0, "examples");
	path = assay_test_path("bad-rules.json");
	CU_ASSERT_EQUAL_FATAL(json_dump_file(bad, path, 0), 0);
	bad_args[3] = path;
	ASSAY_CHECKF(assay_test_python(bad_args, true) == 1, "%s",
	    "schema accepted a rule without examples");
	json_decref(bad);
}

/* Each rule reports a declared id at that id's default severity. */
static void
test_catalogue_reports(void)
{
	const struct assay_rule *ru;
	size_t i;

	CU_ASSERT(cat->n >= 60);
	for (i = 0; i < cat->n; i++) {
		for (ru = assay_update_probe.rules; ru->id != NULL; ru++)
			if (strcmp(ru->id, cat->rules[i].report) == 0)
				break;
		ASSAY_CHECKF(ru->id != NULL, "%s reports undeclared %s",
		    cat->rules[i].id, cat->rules[i].report);
		if (ru->id != NULL)
			ASSAY_CHECKF(ru->severity == cat->rules[i].severity,
			    "%s: severity differs from %s", cat->rules[i].id,
			    ru->id);
	}
	/* The three ids the profiles use are still there. */
	CU_ASSERT_PTR_NOT_NULL(rule_by_id("apt-trusted-option"));
	for (ru = assay_update_probe.rules; ru->id != NULL; ru++)
		ASSAY_CHECKF(ru->title != NULL && ru->title[0] != '\0' &&
		    ru->title[strlen(ru->title) - 1] != '.', "%s", ru->id);
}

/* Every rule fires on its positive example at the right line, not on the
 * negative one. */
static void
test_examples_in_process(void)
{
	const json_t *r, *ex;
	const struct upd_rule *rule;
	struct seen s;
	size_t i, k;
	bool hit;

	json_array_foreach(json_object_get(cat_json, "rules"), i, r) {
		rule = rule_by_id(jstr(r, "id"));
		CU_ASSERT_PTR_NOT_NULL_FATAL(rule);
		ex = json_object_get(json_object_get(r, "examples"), "match");
		CU_ASSERT_EQUAL(run_rule(rule, jstr(ex, "text"), &s), ASSAY_OK);
		hit = false;
		for (k = 0; k < s.nhits; k++)
			if (s.hits[k].line == (unsigned long)json_integer_value(
			    json_object_get(ex, "line")))
				hit = true;
		ASSAY_CHECKF(hit, "%s: no hit at line %lld (%zu hits, first "
		    "at %lu)", rule->id, json_integer_value(json_object_get(ex,
		    "line")), s.nhits, s.nhits > 0 ? s.hits[0].line : 0);
		/* The message has no placeholder left. */
		for (k = 0; k < s.nhits; k++)
			ASSAY_CHECKF(s.hits[k].msg != NULL &&
			    strchr(s.hits[k].msg, '{') == NULL, "%s: %s",
			    rule->id, s.hits[k].msg);
		ASSAY_CHECKF(s.nproblems == 0, "%s: problem %s", rule->id,
		    s.problem);
		seen_release(&s);
		ex = json_object_get(json_object_get(r, "examples"), "clean");
		CU_ASSERT_EQUAL(run_rule(rule, jstr(ex, "text"), &s), ASSAY_OK);
		ASSAY_CHECKF(s.nhits == 0, "%s: clean example hit at line %lu",
		    rule->id, s.nhits > 0 ? s.hits[0].line : 0);
		seen_release(&s);
	}
}

/* ---- the examples through the real binary ------------------------------- */

/* "rootfs/<kind>-<id>/<file>" in a new string. */
static char *
fixture_name(const char *kind, const char *id, const char *file)
{
	size_t n = strlen(kind) + strlen(id) + strlen(file) + 16;
	char *p = malloc(n);

	if (p != NULL)
		(void)snprintf(p, n, "rootfs/%s-%s/%s", kind, id, file);
	return p;
}

static bool
finding_of(json_t *findings, const char *check, const char *prefix,
    long long line)
{
	const json_t *f, *ev, *loc;
	const char *path;
	size_t i;

	json_array_foreach(findings, i, f) {
		ev = json_object_get(f, "evidence");
		loc = json_object_get(f, "location");
		path = jstr(loc, "path");
		if (jstr(ev, "check") == NULL ||
		    strcmp(jstr(ev, "check"), check) != 0 || path == NULL ||
		    strstr(path, prefix) == NULL)
			continue;
		if (line < 0 || json_integer_value(json_object_get(loc,
		    "line")) == line)
			return true;
	}
	return false;
}

static void
test_examples_scanned(void)
{
	struct assay_test_entry *ents;
	struct assay_test_run_result res;
	const json_t *r, *ex;
	json_t *findings;
	char **names;
	size_t i, n, k = 0;
	const char *id;
	char pos[128], neg[128];

	n = json_array_size(json_object_get(cat_json, "rules"));
	ents = calloc(2 * n, sizeof(*ents));
	names = calloc(2 * n, sizeof(*names));
	CU_ASSERT_FATAL(ents != NULL && names != NULL);
	json_array_foreach(json_object_get(cat_json, "rules"), i, r) {
		id = jstr(r, "id");
		ex = json_object_get(json_object_get(r, "examples"), "match");
		names[k] = fixture_name("p", id, jstr(ex, "file"));
		CU_ASSERT_FATAL(names[k] != NULL);
		ents[k].name = names[k];
		ents[k].data = jstr(ex, "text");
		k++;
		ex = json_object_get(json_object_get(r, "examples"), "clean");
		names[k] = fixture_name("n", id, jstr(ex, "file"));
		CU_ASSERT_FATAL(names[k] != NULL);
		ents[k].name = names[k];
		ents[k].data = jstr(ex, "text");
		k++;
	}
	CU_ASSERT_EQUAL_FATAL(assay_test_archive(assay_test_path("ex.tar"),
	    ARCHIVE_FORMAT_TAR_PAX_RESTRICTED, ARCHIVE_FILTER_NONE, ents, k),
	    0);
	{
		const char *argv[] = { "scan", "--quiet", "--out",
		    assay_test_path("out"), assay_test_path("ex.tar"), NULL };

		CU_ASSERT_EQUAL_FATAL(assay_test_assay(&res, argv), 0);
		ASSAY_CHECKF(res.status == 0 || res.status == 1, "status %d: "
		    "%s", res.status, res.err);
		assay_test_result_release(&res);
	}
	findings = assay_test_findings(assay_test_path("out"));
	CU_ASSERT_PTR_NOT_NULL_FATAL(findings);
	json_array_foreach(json_object_get(cat_json, "rules"), i, r) {
		id = jstr(r, "id");
		ex = json_object_get(json_object_get(r, "examples"), "match");
		(void)snprintf(pos, sizeof(pos), "rootfs/p-%s/", id);
		(void)snprintf(neg, sizeof(neg), "rootfs/n-%s/", id);
		ASSAY_CHECKF(finding_of(findings, id, pos, json_integer_value(
		    json_object_get(ex, "line"))), "%s: no finding in %s", id,
		    pos);
		ASSAY_CHECKF(!finding_of(findings, id, neg, -1),
		    "%s: a finding in %s", id, neg);
	}
	/* No parse trouble on well-formed examples. */
	CU_ASSERT_EQUAL(assay_test_count_rule(findings, "update.parse-error",
	    NULL), 0);
	json_decref(findings);
	for (i = 0; i < k; i++)
		free(names[i]);
	free(names);
	free(ents);
}

/* ---- parsers, placeholders, URLs ---------------------------------------- */

static void
test_items_lines(void)
{
	static const struct {
		enum upd_syntax syn;
		const char *text;
		const char *key, *value, *section;
		unsigned long line;
	} rows[] = {
		{ UPD_SYN_INI, "; c\n[main]\n\n  gpgcheck = \"0\"\n", "gpgcheck",
		    "0", "main", 4 },
		{ UPD_SYN_INI, "[http \"https://h\"]\n\tsslVerify\n", "sslVerify",
		    "", "http \"https://h\"", 2 },
		{ UPD_SYN_INI, "[r]\nbaseurl=https://a/\n  http://b/\n",
		    "baseurl", "http://b/", "r", 3 },
		{ UPD_SYN_DEB822, "# c\nTypes: deb\n  cont: x\nURIs: http://a\n",
		    "URIs", "http://a", "", 4 },
		{ UPD_SYN_YAML, "---\nfiles:\n  - url: 'x.exe' # c\n", "url",
		    "x.exe", "", 3 },
		{ UPD_SYN_JSON, "{\"A\": {\"B\": [\n {\"C\": true}]},\n \"C\": 1}",
		    "A.B.C", "true", "", 2 },
		{ UPD_SYN_JSON, "{\"A\": {\"B\": [\n {\"C\": true}]},\n \"C\": 1}",
		    "C", "1", "", 3 },
		{ UPD_SYN_PLIST, "<dict>\n<key>K</key>\n\n<string>v</string>\n"
		    "<key>T</key><true/>", "T", "true", "", 5 },
	};
	struct upd_items it;
	size_t i, k;
	bool found;

	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		CU_ASSERT_EQUAL(upd_items_parse(rows[i].syn, rows[i].text,
		    strlen(rows[i].text), &it), ASSAY_OK);
		found = false;
		for (k = 0; k < it.n; k++) {
			if (it.v[k].keylen != strlen(rows[i].key) ||
			    memcmp(it.v[k].key, rows[i].key,
			    it.v[k].keylen) != 0)
				continue;
			found = it.v[k].line == rows[i].line &&
			    it.v[k].valuelen == strlen(rows[i].value) &&
			    memcmp(it.v[k].value, rows[i].value,
			    it.v[k].valuelen) == 0 &&
			    it.v[k].sectionlen == strlen(rows[i].section) &&
			    memcmp(it.v[k].section, rows[i].section,
			    it.v[k].sectionlen) == 0;
			if (found)
				break;
		}
		ASSAY_CHECKF(found, "row %zu: %s", i, rows[i].key);
		ASSAY_CHECKF(it.bad_line == 0, "row %zu: bad line %lu (%s)", i,
		    it.bad_line, it.bad_why);
		upd_items_release(&it);
	}
}

/* Malformed input: a problem naming the line; matching goes on. */
static void
test_items_malformed(void)
{
	static const struct {
		const char *rule;
		const char *text;
		unsigned long line;
		bool still_hits;
	} rows[] = {
		{ "mender-skip-verify", "{\n\"SkipVerify\": true,\n\"X\": }\n",
		    3, false },
		{ "yum-gpgcheck-off", "[main\ngpgcheck=0\n", 1, true },
		{ "apt-sources-trusted", "Types deb\nTrusted: yes\n", 1, true },
		{ "sparkle-http-feed", "<key>SUFeedURL</key><string>http://a"
		    "/x</string>\n<key>broken", 2, true },
		{ "sparkle-http-feed", "bplist00\x01\x02", 1, false },
	};
	struct upd_items it;
	struct seen s;
	size_t i;

	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		CU_ASSERT_EQUAL(run_rule(rule_by_id(rows[i].rule),
		    rows[i].text, &s), ASSAY_OK);
		ASSAY_CHECKF(s.nproblems == 1 &&
		    s.problem_line == rows[i].line, "row %zu: %zu problems, "
		    "line %lu (%s)", i, s.nproblems, s.problem_line,
		    s.problem);
		ASSAY_CHECKF((s.nhits > 0) == rows[i].still_hits, "row %zu: "
		    "%zu hits", i, s.nhits);
		seen_release(&s);
	}
	/* A NUL byte: a binary, not configuration. */
	CU_ASSERT_EQUAL(upd_items_parse(UPD_SYN_INI, "[m]\na=1\n\0b=2", 13,
	    &it), ASSAY_OK);
	CU_ASSERT(it.n == 0 && it.bad_line == 1);
	upd_items_release(&it);
}

/* A line past UPD_LINE_MAX is skipped and named; later lines still count. */
static void
test_long_line(void)
{
	size_t n = UPD_LINE_MAX + 100;
	char *text = malloc(n + 64);
	struct seen s;

	CU_ASSERT_FATAL(text != NULL);
	memcpy(text, "[main]\nname=", 12);
	memset(text + 12, 'x', n);
	(void)snprintf(text + 12 + n, 64, "\ngpgcheck=0\n");
	CU_ASSERT_EQUAL(run_rule(rule_by_id("yum-gpgcheck-off"), text, &s),
	    ASSAY_OK);
	CU_ASSERT_EQUAL(s.nproblems, 1);
	CU_ASSERT_EQUAL(s.problem_line, 2);
	CU_ASSERT(s.nhits == 1 && s.hits[0].line == 3);
	seen_release(&s);
	free(text);
}

static void
test_placeholders(void)
{
	struct upd_rule r;
	struct upd_item item;
	struct upd_hit h;
	char *m;

	memset(&r, 0, sizeof(r));
	memset(&item, 0, sizeof(item));
	memset(&h, 0, sizeof(h));
	r.channel = (char *)(uintptr_t)"yum";
	r.message = (char *)(uintptr_t)"{channel} {file}:{line} [{section}] "
	    "{key}={value} {url} {match}";
	item.section = "main";
	item.sectionlen = 4;
	item.key = "baseurl";
	item.keylen = 7;
	item.value = "http://u:secret@h/x\x01";
	item.valuelen = strlen(item.value);
	h.rule = &r;
	h.item = &item;
	h.line = 7;
	h.match = "baseurl";
	h.matchlen = 7;
	h.url = "http://u:secret@h/x";
	m = upd_message(&h, "etc/yum.repos.d/a.repo");
	CU_ASSERT_PTR_NOT_NULL_FATAL(m);
	CU_ASSERT_STRING_EQUAL(m, "yum etc/yum.repos.d/a.repo:7 [main] "
	    "baseurl=http://********@h/x? http://***@h/x baseurl");
	free(m);
}

static void
test_bad_catalogues(void)
{
	static const char *const bad[] = {
		"{\"schema\": \"other\", \"rules\": []}",
		"{\"schema\": \"assay/update-rules/v1\", \"rules\": [{}]}",
		"{\"schema\": \"assay/update-rules/v1\", \"x\": 1, \"rules\": []}",
	};
	static const char rule[] =
	    "{\"schema\": \"assay/update-rules/v1\", \"rules\": [{\"id\": \"a\","
	    " \"channel\": \"c\", \"files\": [\"**/x\"], \"report\": "
	    "\"update.endpoint\", \"severity\": \"info\", \"message\": \"%s\","
	    " \"why\": \"w\", \"fix\": \"f\", \"match\": %s}%s]}";
	static const struct {
		const char *message, *match, *more;
		bool ok;
	} rows[] = {
		{ "m {line}", "{\"kind\": \"regex\", \"pattern\": \"x\"}", "",
		    true },
		{ "m {nope}", "{\"kind\": \"regex\", \"pattern\": \"x\"}", "",
		    false },
		{ "m }", "{\"kind\": \"regex\", \"pattern\": \"x\"}", "", false },
		{ "m", "{\"kind\": \"regex\", \"pattern\": \"(x\"}", "", false },
		{ "m", "{\"kind\": \"key\", \"syntax\": \"toml\", \"key\": \"x\"}",
		    "", false },
		{ "m", "{\"kind\": \"key\", \"syntax\": \"ini\"}", "", false },
		{ "m", "{\"kind\": \"regex\", \"pattern\": \"x\", \"absent\": "
		    "true, \"http-only\": true}", "", false },
		{ "m", "{\"kind\": \"regex\", \"pattern\": \"x\", \"y\": 1}", "",
		    false },
		{ "m", "{\"kind\": \"regex\", \"pattern\": \"x\"}",
		    ", {\"id\": \"a\"}", false },
		{ "m", "{\"kind\": \"command\", \"command\": \"curl\", "
		    "\"option\": \"-k\"}", "", true },
		{ "m", "{\"kind\": \"command\", \"command\": \"curl\"}", "",
		    false },
		{ "m", "{\"kind\": \"command\", \"command\": \"curl\", "
		    "\"option\": \"-k\", \"absent\": true}", "", false },
	};
	struct upd_catalogue *c;
	char doc[2048], why[512];
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		ASSAY_CHECKF(upd_catalogue_parse(bad[i], strlen(bad[i]), &c,
		    why, sizeof(why)) == ASSAY_ERR_INVALID && c == NULL &&
		    why[0] != '\0', "bad %zu", i);
	}
	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		(void)snprintf(doc, sizeof(doc), rule, rows[i].message,
		    rows[i].match, rows[i].more);
		ASSAY_CHECKF((upd_catalogue_parse(doc, strlen(doc), &c, why,
		    sizeof(why)) == ASSAY_OK) == rows[i].ok, "row %zu: %s", i,
		    why);
		upd_catalogue_free(c);
	}
}

static void
test_urls(void)
{
	static const struct {
		const char *text, *url, *cls;
	} rows[] = {
		{ "deb http://a.example/x y", "http://a.example/x", "http" },
		{ "url = \"https://a.example:8443/p?q=1\";",
		    "https://a.example:8443/p?q=1", "https" },
		{ "x http://127.0.0.1/u", "http://127.0.0.1/u", "loopback" },
		{ "x https://localhost/u", "https://localhost/u", "loopback" },
		{ "x http://[::1]:80/", "http://[::1]:80/", "loopback" },
		{ "x http://10.0.0.1/fw", "http://10.0.0.1/fw", "ip-literal" },
		{ "x https://[2001:db8::1]/fw", "https://[2001:db8::1]/fw",
		    "ip-literal" },
		{ "x ftp://f.example/a", "ftp://f.example/a", "other" },
		{ "x http://u:p@h.example/a", "http://u:p@h.example/a", "http" },
	};
	char url[UPD_URL_MAX], *s;
	bool http, https;
	size_t i;

	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		CU_ASSERT_FATAL(upd_url_find(rows[i].text, strlen(rows[i].text),
		    url));
		ASSAY_CHECKF(strcmp(url, rows[i].url) == 0, "row %zu: %s", i,
		    url);
		ASSAY_CHECKF(strcmp(upd_url_class_name(upd_url_classify(url,
		    &http, &https)), rows[i].cls) == 0, "row %zu", i);
	}
	CU_ASSERT_FALSE(upd_url_find("no url here: //x", 16, url));
	s = upd_url_redact("https://user:pw@h.example/x");
	CU_ASSERT_STRING_EQUAL(s, "https://***@h.example/x");
	free(s);
	s = upd_url_for_check("https://user:pw@h.example/x?token=1#f");
	CU_ASSERT_STRING_EQUAL(s, "https://h.example/x");
	free(s);
	CU_ASSERT_PTR_NULL(upd_url_for_check("http://h.example/x"));
}

static void
test_globs(void)
{
	static const struct {
		const char *glob, *path;
		bool want;
	} rows[] = {
		{ "**/etc/apt/sources.list", "etc/apt/sources.list", true },
		{ "**/etc/apt/sources.list", "rootfs/etc/apt/sources.list",
		    true },
		{ "**/etc/apt/sources.list", "xetc/apt/sources.list", false },
		{ "**/etc/apt/sources.list.d/*.list",
		    "a/etc/apt/sources.list.d/v.list", true },
		{ "**/etc/apt/sources.list.d/*.list",
		    "etc/apt/sources.list.d/sub/v.list", false },
		{ "**/usr/libexec/**/*update*", "usr/libexec/a/b/do-update",
		    true },
		{ "**/usr/libexec/**/*update*", "usr/libexec/do-update", true },
		{ "**/usr/libexec/**/*update*", "usr/lib/a/do-update", false },
		{ "**/.npmrc", "home/u/.npmrc", true },
		{ "**/*.sh", "a.sh", true },
		{ "**/*.sh", "a.sh/b", false },
	};
	char deep[4096];
	size_t i;

	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++)
		ASSAY_CHECKF(upd_glob_match(rows[i].glob, rows[i].path) ==
		    rows[i].want, "%s %s", rows[i].glob, rows[i].path);
	/* Deep paths cost one step per component. */
	for (i = 0; i + 2 < sizeof(deep); i += 2)
		memcpy(deep + i, "a/", 2);
	memcpy(deep + i - 2, "x", 2);
	CU_ASSERT_FALSE(upd_glob_match("**/a/**/a/**/b/**/x.sh", deep));
}

struct urls {
	char v[8][UPD_URL_MAX];
	size_t n;
};

static enum assay_err
add_url(void *arg, const char *url)
{
	struct urls *u = arg;

	if (u->n < 8)
		(void)snprintf(u->v[u->n++], UPD_URL_MAX, "%s", url);
	return ASSAY_OK;
}

static void
test_binary_urls(void)
{
	static const unsigned char blob[] =
	    "\177ELF\2\1\1\0\0\0\0\0\0\0\0\0"
	    "https://updates.example.com/fw/latest.json\0"
	    "\1\2http://www.w3.org/2000/svg\0"	/* no update word */
	    "see http://ota.example.net/check?id=%s\0\3";
	struct urls u;
	int fd;

	memset(&u, 0, sizeof(u));
	CU_ASSERT_EQUAL_FATAL(assay_test_write_file(assay_test_path("b"), blob,
	    sizeof(blob)), 0);
	fd = open(assay_test_path("b"), O_RDONLY);
	CU_ASSERT_FATAL(fd != -1);
	CU_ASSERT_EQUAL(upd_binary_urls(fd, 8, add_url, &u), ASSAY_OK);
	close(fd);
	CU_ASSERT_EQUAL_FATAL(u.n, 2);
	CU_ASSERT_STRING_EQUAL(u.v[0], "https://updates.example.com/fw/"
	    "latest.json");
	CU_ASSERT_STRING_EQUAL(u.v[1], "http://ota.example.net/check?id=%s");
	/* Not a binary: nothing. */
	memset(&u, 0, sizeof(u));
	CU_ASSERT_EQUAL_FATAL(assay_test_write_file(assay_test_path("t"),
	    "https://updates.example.com/x\n", 30), 0);
	fd = open(assay_test_path("t"), O_RDONLY);
	CU_ASSERT_FATAL(fd != -1);
	CU_ASSERT_EQUAL(upd_binary_urls(fd, 8, add_url, &u), ASSAY_OK);
	close(fd);
	CU_ASSERT_EQUAL(u.n, 0);
}

static CU_TestInfo tests[] = {
	{ "catalogue matches its schema", test_catalogue_schema },
	{ "catalogue reports declared rules", test_catalogue_reports },
	{ "every rule on its examples", test_examples_in_process },
	{ "every rule on its examples, scanned", test_examples_scanned },
	{ "items and their lines", test_items_lines },
	{ "malformed configuration", test_items_malformed },
	{ "over-long lines", test_long_line },
	{ "message placeholders", test_placeholders },
	{ "bad catalogues refused", test_bad_catalogues },
	{ "URLs found and classified", test_urls },
	{ "file globs", test_globs },
	{ "update URLs in binaries", test_binary_urls },
	CU_TEST_INFO_NULL
};

static CU_SuiteInfo suites[] = {
	{ "update config", suite_init, suite_cleanup, assay_test_setup,
	    assay_test_teardown, tests },
	CU_SUITE_INFO_NULL
};

int
main(void)
{
	return assay_test_run(suites);
}
