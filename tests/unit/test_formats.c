/*
 * The human and CI writers: report.html, summary.md, results.sarif,
 * junit.xml and sbom.cdx.json, from a scan summary built by hand with
 * hostile names (markup, quotes, a terminal escape, a right-to-left
 * override, non-ASCII) and a waived finding, judged three ways: without a
 * profile, by a verdict built by hand, and by a shipped profile through
 * assay_verdict_compute().  SARIF and CycloneDX are validated against the
 * published schemas in tests/schemas, the page and the XML are parsed by
 * Python's standard library, and every file must come out byte-identical
 * when written twice.
 */
#include <sys/stat.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <CUnit/CUnit.h>
#include <jansson.h>

#include "findings.h"
#include "inventory.h"
#include "profile.h"
#include "registry.h"
#include "reports.h"
#include "runner.h"
#include "scan_limits.h"
#include "verdict.h"
#include "waivers.h"
#include "xmlesc.h"
#include "testutil.h"

/* 2026-11-29T14:00:00Z */
#define NOW		INT64_C(1795960800)

#define SCHEMAS		ASSAY_TEST_SOURCE_DIR "/schemas"
#define PROFILES	ASSAY_TEST_SOURCE_DIR "/../profiles"

/* Names no writer may trust. */
#define EVIL_NAME	"<script>alert(\"x\")</script>&'.txt"
#define ODD_NAME	"\xc3\xbcnic\xc3\xb6" "de\x1b[31m\xe2\x80\xaegpj.exe"
#define ODD_SHOWN	"\xc3\xbcnic\xc3\xb6" "de\xef\xbf\xbd[31m[U+202E]gpj.exe"
#define APP_NAME	"app 'v2' & <beta>.zip"
#define EVIL_MESSAGE	"weak hash <b>here</b> & \"there\"\x1b[2J"

enum {
	E_FW, E_SHADOW, E_EVIL, E_ZIP, E_ODD, E_DOTS, E_APP, E_COUNT
};

static const char *const written[] = {
	"coverage.json", "findings.json", "report.html", "summary.md",
	"results.sarif", "junit.xml", "sbom.cdx.json",
};
#define NWRITTEN (sizeof(written) / sizeof(written[0]))

static const struct assay_rule cred_rules[] = {
	{ "credentials.default-password", ASSAY_SEV_CRITICAL,
	  "account accepts a default password" },
	{ "credentials.weak-hash", ASSAY_SEV_HIGH,
	  "password hash uses a weak scheme" },
	{ NULL, ASSAY_SEV_INFO, NULL },
};

static char origin_builtin[] = "built-in";
static char waiver_rule[] = "harness.setuid";
static char waiver_path[] = "**";
static char waiver_reason[] = "the vendor <explains> & 'accepts' it";
static char waiver_author[] = "A. Tester";
static char waiver_expires[] = "2027-01-31";
static char arg_assay[] = "assay";
static char *const argv0[] = { arg_assay, NULL };

struct fixture {
	struct assay_inventory *inv;
	struct assay_findings fs;
	struct assay_probe_slot slots[1];
	struct assay_registry reg;
	struct assay_probe_outcome outcomes[1];
	struct assay_run_report run;
	struct assay_waiver waiver[1];
	struct assay_waivers waivers;
	struct assay_limits limits;
	struct assay_scan_summary s;
};

/* ---- the scan, by hand ------------------------------------------------- */

static void
fake_digest(unsigned char *p, size_t n, unsigned seed)
{
	size_t i;

	for (i = 0; i < n; i++)
		p[i] = (unsigned char)(seed * 37u + i * 11u + 3u);
}

static struct assay_entry *
add_entry(struct assay_inventory *inv, const char *path, const char *name,
    uint32_t parent, uint32_t flags, uint64_t size)
{
	struct assay_entry *e, *p;

	e = assay_inventory_add(inv);
	CU_ASSERT_FATAL(e != NULL);
	e->path = assay_inventory_strdup(inv, path, strlen(path));
	e->name = assay_inventory_strdup(inv, name, strlen(name));
	e->type = ASSAY_ENTRY_FILE;
	e->mode = 0644;
	e->parent = parent;
	e->flags = flags;
	e->size = size;
	e->hashed = true;
	fake_digest(e->sha256, sizeof(e->sha256), e->index);
	if (parent != ASSAY_NO_ENTRY &&
	    (p = assay_inventory_get(inv, parent)) != NULL) {
		e->depth = (uint16_t)(p->depth + 1);
		e->container = p->child;
	}
	return e;
}

static void
add_container(struct assay_inventory *inv, uint32_t entry,
    const char *format, enum assay_container_status status,
    const char *reason)
{
	struct assay_container *c;
	uint32_t idx;

	c = assay_inventory_add_container(inv, &idx);
	CU_ASSERT_FATAL(c != NULL);
	c->entry = entry;
	c->format = format;
	c->filters = "gzip";
	c->status = status;
	c->reason = reason;
	c->entries = 3;
	c->bytes = 12345;
	assay_inventory_get(inv, entry)->child = idx;
}

static void
add_artefact(struct assay_inventory *inv, uint32_t entry, uint64_t size)
{
	struct assay_artefact *a;

	a = assay_inventory_add_artefact(inv);
	CU_ASSERT_FATAL(a != NULL);
	a->entry = entry;
	a->size = size;
	fake_digest(a->sha256, sizeof(a->sha256), 100 + entry);
	fake_digest(a->sha512, sizeof(a->sha512), 200 + entry);
}

static void
build_inventory(struct assay_inventory *inv)
{
	struct assay_entry *e;

	e = add_entry(inv, "fw.tar.gz", "fw.tar.gz", ASSAY_NO_ENTRY,
	    ASSAY_FLAG_ARTEFACT | ASSAY_FLAG_CONTAINER, 4096);
	e->examined = 1;
	add_container(inv, E_FW, "GNU tar format", ASSAY_CONTAINER_COMPLETE,
	    NULL);
	e = add_entry(inv, "fw.tar.gz!/etc/shadow", "etc/shadow", E_FW,
	    ASSAY_FLAG_CONTENT, 120);
	e->examined = 1;
	e = add_entry(inv, "fw.tar.gz!/" EVIL_NAME, EVIL_NAME, E_FW,
	    ASSAY_FLAG_CONTENT | ASSAY_FLAG_SETUID, 10);
	e->mode = 04755;
	e = add_entry(inv, "fw.tar.gz!/nested.zip", "nested.zip", E_FW,
	    ASSAY_FLAG_CONTENT | ASSAY_FLAG_CONTAINER, 800);
	add_container(inv, E_ZIP, "ZIP <2.0> & \"deflate\"",
	    ASSAY_CONTAINER_CORRUPT, "truncated <central> directory");
	e = add_entry(inv, "fw.tar.gz!/nested.zip!/" ODD_NAME, ODD_NAME,
	    E_ZIP, ASSAY_FLAG_TRUNCATED, 5);
	e->gap = ASSAY_GAP_CORRUPT;
	e = add_entry(inv, "fw.tar.gz!/../x:y #1 100%", "../x:y #1 100%", E_FW,
	    ASSAY_FLAG_REFUSED, 7);
	e->gap = ASSAY_GAP_REFUSED;
	e = add_entry(inv, APP_NAME, APP_NAME, ASSAY_NO_ENTRY,
	    ASSAY_FLAG_ARTEFACT, 77);
	CU_ASSERT_FATAL(assay_inventory_count(inv) == E_COUNT);
	add_artefact(inv, E_FW, 4096);
	add_artefact(inv, E_APP, 77);
}

static void
build_findings(struct assay_findings *fs, const struct assay_inventory *inv)
{
	CU_ASSERT_FATAL(assay_findings_add(fs, "credentials",
	    "credentials.default-password", ASSAY_SEV_CRITICAL, E_SHADOW, 1,
	    "{\"user\":\"root\"}", "account root accepts a default password") ==
	    ASSAY_OK);
	CU_ASSERT_FATAL(assay_findings_add(fs, "credentials",
	    "credentials.weak-hash", ASSAY_SEV_HIGH, E_EVIL, 3, NULL,
	    EVIL_MESSAGE) == ASSAY_OK);
	CU_ASSERT_FATAL(assay_findings_add(fs, "harness", "harness.setuid",
	    ASSAY_SEV_INFO, E_EVIL, 0, NULL, "file is setuid root") ==
	    ASSAY_OK);
	CU_ASSERT_FATAL(assay_findings_add(fs, "harness",
	    "harness.corrupt-archive", ASSAY_SEV_MEDIUM, E_ODD, 0, NULL,
	    "nested.zip broke while it was read") == ASSAY_OK);
	CU_ASSERT_FATAL(assay_findings_add(fs, "harness",
	    "harness.path-traversal", ASSAY_SEV_HIGH, E_DOTS, 0, NULL,
	    "entry climbs out with '..'") == ASSAY_OK);
	CU_ASSERT_FATAL(assay_findings_add(fs, "harness",
	    "harness.probe-error", ASSAY_SEV_MEDIUM, ASSAY_NO_ENTRY, 0,
	    "{\"probe\":\"signing\"}", "probe signing was killed") ==
	    ASSAY_OK);
	assay_findings_sort(fs, inv);
}

/* The index of the finding of rule, which the fixture has once. */
static size_t
finding_of(const struct assay_findings *fs, const char *rule)
{
	size_t i;

	for (i = 0; i < fs->n; i++)
		if (strcmp(fs->v[i].rule, rule) == 0)
			return i;
	CU_FAIL_FATAL("no such finding");
	return 0;
}

static void
fixture_init(struct fixture *fx)
{
	struct assay_probe_slot *slot;

	memset(fx, 0, sizeof(*fx));
	fx->inv = assay_inventory_new();
	CU_ASSERT_FATAL(fx->inv != NULL);
	build_inventory(fx->inv);
	build_findings(&fx->fs, fx->inv);
	fx->fs.v[finding_of(&fx->fs, "harness.setuid")].waiver = 0;
	fx->fs.v[finding_of(&fx->fs, "credentials.default-password")].waiver =
	    -1;
	fx->fs.v[finding_of(&fx->fs, "credentials.weak-hash")].waiver = -1;
	fx->fs.v[finding_of(&fx->fs, "harness.corrupt-archive")].waiver = -1;
	fx->fs.v[finding_of(&fx->fs, "harness.path-traversal")].waiver = -1;
	fx->fs.v[finding_of(&fx->fs, "harness.probe-error")].waiver = -1;

	slot = &fx->slots[0];
	slot->ops.abi = ASSAY_PROBE_ABI;
	slot->ops.size = sizeof(slot->ops);
	slot->ops.name = "credentials";
	slot->ops.version = "1.0.0";
	slot->ops.summary = "finds default <and> weak passwords";
	slot->ops.rules = cred_rules;
	slot->origin = origin_builtin;
	fx->reg.v = fx->slots;
	fx->reg.n = 1;
	fx->outcomes[0].name = "credentials";
	fx->outcomes[0].ok = true;
	fx->outcomes[0].findings = 2;
	fx->outcomes[0].examined = 2;
	fx->run.outcomes = fx->outcomes;
	fx->run.n = 1;

	fx->waiver[0].rule = waiver_rule;
	fx->waiver[0].path = waiver_path;
	fx->waiver[0].reason = waiver_reason;
	fx->waiver[0].author = waiver_author;
	fx->waiver[0].expires = waiver_expires;
	fx->waiver[0].expires_at = NOW + 86400;
	fx->waivers.v = fx->waiver;
	fx->waivers.n = 1;
	memset(fx->waivers.sha256, 'a', 64);

	assay_limits_init(&fx->limits);
	fx->s.inv = fx->inv;
	fx->s.findings = &fx->fs;
	fx->s.reg = &fx->reg;
	fx->s.run = &fx->run;
	fx->s.limits = &fx->limits;
	fx->s.argc = 1;
	fx->s.argv = argv0;
	fx->s.started = NOW;
	fx->s.finished = NOW + 65;
	fx->s.incomplete = true;
	fx->s.tester = "T. <Ester>";
	fx->s.waivers = &fx->waivers;
	fx->s.as_of = NOW;
}

static void
fixture_release(struct fixture *fx)
{
	assay_findings_release(&fx->fs);
	assay_inventory_free(fx->inv);
}

/* ---- a verdict built by hand ------------------------------------------- */

static const char *const rules_cred[] = { "credentials.*", NULL };
static const char *const rules_signing[] = { "signing.*", NULL };
static const char *const rules_harness[] = { "harness.*", NULL };

static const struct assay_control hand_controls[] = {
	{ "cop:1.4", "No default <credentials> ship",
	  "The release ships no default or hard-coded credentials.",
	  rules_cred, ASSAY_SEV_HIGH, ASSAY_STRENGTH_STRONG, false, NULL,
	  "Remove default passwords & force a change at first <login>" },
	{ "cop:3.1", "Releases are signed", "Every artefact is signed.",
	  rules_signing, ASSAY_SEV_HIGH, ASSAY_STRENGTH_STRONG, false, NULL,
	  NULL },
	{ "cop:3.3", "The archive is sound", "Nothing unsafe in the archive.",
	  rules_harness, ASSAY_SEV_CRITICAL, ASSAY_STRENGTH_PARTIAL, false,
	  NULL, NULL },
	{ "cop:2.1", "A vulnerability disclosure policy exists",
	  "The vendor publishes how to report vulnerabilities.", NULL,
	  ASSAY_SEV_HIGH, ASSAY_STRENGTH_DOCUMENTS, true,
	  "Attach the <policy> & 'plan'", NULL },
	{ "local-check", "A control without a scheme prefix",
	  "Something local.", NULL, ASSAY_SEV_HIGH, ASSAY_STRENGTH_STRONG,
	  false, NULL, NULL },
};
#define NHAND (sizeof(hand_controls) / sizeof(hand_controls[0]))

static char why_signing[] = "probe \"signing\" <did not run>";
static char why_manual[] = "needs the vendor's documents";

struct hand_verdict {
	struct assay_control_result v[NHAND];
	size_t fail1[1], bear1[2], bear3[4];
	struct assay_verdict verdict;
};

static void
hand_verdict_init(struct hand_verdict *h, const struct assay_findings *fs)
{
	size_t i;

	memset(h, 0, sizeof(*h));
	for (i = 0; i < NHAND; i++)
		h->v[i].control = &hand_controls[i];
	h->v[0].status = ASSAY_CONTROL_FAIL;
	h->fail1[0] = finding_of(fs, "credentials.default-password");
	h->bear1[0] = h->fail1[0];
	h->bear1[1] = finding_of(fs, "credentials.weak-hash");
	h->v[0].failing = h->fail1;
	h->v[0].nfailing = 1;
	h->v[0].bearing = h->bear1;
	h->v[0].nbearing = 2;
	h->v[1].status = ASSAY_CONTROL_NOT_ASSESSED;
	h->v[1].why = why_signing;
	h->v[2].status = ASSAY_CONTROL_PASS;
	h->bear3[0] = finding_of(fs, "harness.setuid");
	h->bear3[1] = finding_of(fs, "harness.corrupt-archive");
	h->bear3[2] = finding_of(fs, "harness.path-traversal");
	h->bear3[3] = finding_of(fs, "harness.probe-error");
	h->v[2].bearing = h->bear3;
	h->v[2].nbearing = 4;
	h->v[3].status = ASSAY_CONTROL_MANUAL;
	h->v[3].why = why_manual;
	h->v[4].status = ASSAY_CONTROL_PASS;
	h->verdict.v = h->v;
	h->verdict.n = NHAND;
	h->verdict.passed = 2;
	h->verdict.failed = 1;
	h->verdict.not_assessed = 1;
	h->verdict.manual = 1;
	h->verdict.result = ASSAY_RESULT_FAILED;
}

/* ---- writing and reading back ------------------------------------------ */

static int
open_dir(const char *name)
{
	const char *path = assay_test_path(name);
	int fd;

	if (mkdir(path, 0755) == -1 && errno != EEXIST)
		return -1;
	fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	CU_ASSERT_FATAL(fd != -1);
	return fd;
}

/* Writes every file of written[] into the directory name. */
static void
write_outputs(const char *name, const struct assay_scan_summary *s)
{
	struct assay_error err;
	enum assay_err r;
	int fd;

	memset(&err, 0, sizeof(err));
	fd = open_dir(name);
	if ((r = assay_write_coverage(fd, s, &err)) == ASSAY_OK &&
	    (r = assay_write_findings(fd, s, &err)) == ASSAY_OK &&
	    (r = assay_write_html(fd, s, &err)) == ASSAY_OK &&
	    (r = assay_write_summary_md(fd, s, &err)) == ASSAY_OK &&
	    (r = assay_write_sarif(fd, s, &err)) == ASSAY_OK &&
	    (r = assay_write_junit(fd, s, &err)) == ASSAY_OK)
		r = assay_write_sbom(fd, s, &err);
	ASSAY_CHECKF(r == ASSAY_OK, "writing into %s: %s", name, err.msg);
	close(fd);
}

static char *
read_output(const char *dir, const char *file, size_t *lenp)
{
	char path[PATH_MAX];
	char *text;
	int n;

	n = snprintf(path, sizeof(path), "%s/%s", assay_test_path(dir), file);
	CU_ASSERT_FATAL(n > 0 && (size_t)n < sizeof(path));
	text = assay_test_read_file(path, lenp);
	ASSAY_CHECKF(text != NULL, "cannot read %s", path);
	return text;
}

static const char *
output_path(const char *dir, const char *file)
{
	static char path[PATH_MAX];
	int n;

	n = snprintf(path, sizeof(path), "%s/%s", assay_test_path(dir), file);
	CU_ASSERT_FATAL(n > 0 && (size_t)n < sizeof(path));
	return path;
}

static bool
has(const char *text, const char *needle)
{
	return text != NULL && strstr(text, needle) != NULL;
}

/* Writes the outputs twice and compares every file byte for byte. */
static void
check_deterministic(const struct assay_scan_summary *s)
{
	char *a, *b;
	size_t i, la, lb;

	write_outputs("again1", s);
	write_outputs("again2", s);
	for (i = 0; i < NWRITTEN; i++) {
		a = read_output("again1", written[i], &la);
		b = read_output("again2", written[i], &lb);
		ASSAY_CHECKF(a != NULL && b != NULL && la == lb &&
		    memcmp(a, b, la) == 0, "%s differs between two writes",
		    written[i]);
		free(a);
		free(b);
	}
}

/* No byte an artefact's name carried may reach a reader raw. */
static void
check_no_raw_controls(const char *dir)
{
	static const char *const files[] = {
		"report.html", "summary.md", "junit.xml",
	};
	char *text;
	size_t i, k, len;

	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		if ((text = read_output(dir, files[i], &len)) == NULL)
			continue;
		for (k = 0; k < len; k++)
			if ((unsigned char)text[k] < 0x20 && text[k] != '\n' &&
			    text[k] != '\t')
				break;
		ASSAY_CHECKF(k == len, "%s has control byte 0x%02x at %zu",
		    files[i], k < len ? (unsigned char)text[k] : 0, k);
		ASSAY_CHECKF(!has(text, "\xe2\x80\xae"),
		    "%s carries a raw right-to-left override", files[i]);
		ASSAY_CHECKF(!has(text, "<script>") && !has(text, "<b>here"),
		    "%s carries raw markup from a name", files[i]);
		free(text);
	}
}

/* ---- Python, for the schemas and the parsers --------------------------- */

#define SCHEMA_CHECK	ASSAY_TEST_SOURCE_DIR "/schema_check.py"

/* Balanced tags, nothing that loads or runs, the expected texts shown. */
static const char html_py[] =
    "import re, sys\n"
    "from html.parser import HTMLParser\n"
    "VOID = {'area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input',\n"
    "        'link', 'meta', 'source', 'track', 'wbr'}\n"
    "BANNED = {'script', 'iframe', 'object', 'embed', 'img', 'link', 'base',\n"
    "          'form', 'frame', 'svg', 'math', 'audio', 'video', 'source'}\n"
    "LOADS = {'src', 'href', 'action', 'srcset', 'background', 'poster',\n"
    "         'data', 'formaction', 'xlink:href'}\n"
    "class Page(HTMLParser):\n"
    "    def __init__(self):\n"
    "        super().__init__(convert_charrefs=True)\n"
    "        self.stack, self.errors, self.text = [], [], []\n"
    "    def tag(self, tag, attrs):\n"
    "        if tag in BANNED:\n"
    "            self.errors.append('<%s> in the page' % tag)\n"
    "        for k, v in attrs:\n"
    "            if k in LOADS and not (v or '').startswith('#'):\n"
    "                self.errors.append('external %s=%r' % (k, v))\n"
    "            if k.startswith('on') or k == 'style':\n"
    "                self.errors.append('attribute %s' % k)\n"
    "    def handle_starttag(self, tag, attrs):\n"
    "        self.tag(tag, attrs)\n"
    "        if tag not in VOID:\n"
    "            self.stack.append(tag)\n"
    "    def handle_startendtag(self, tag, attrs):\n"
    "        self.tag(tag, attrs)\n"
    "    def handle_endtag(self, tag):\n"
    "        if not self.stack or self.stack[-1] != tag:\n"
    "            self.errors.append('</%s> closes %s' % (tag,\n"
    "                               self.stack[-3:]))\n"
    "        else:\n"
    "            self.stack.pop()\n"
    "    def handle_data(self, data):\n"
    "        self.text.append(data)\n"
    "raw = open(sys.argv[1], encoding='utf-8', errors='strict').read()\n"
    "page = Page()\n"
    "page.feed(raw)\n"
    "page.close()\n"
    "errors = page.errors\n"
    "if not raw.startswith('<!DOCTYPE html>'):\n"
    "    errors.append('no doctype')\n"
    "if page.stack:\n"
    "    errors.append('left open: %s' % page.stack)\n"
    "for css in re.findall(r'<style>(.*?)</style>', raw, re.S):\n"
    "    if 'url(' in css or '@import' in css:\n"
    "        errors.append('the style loads something')\n"
    "if re.search(r'<[^>]*(https?:|//)', raw):\n"
    "    errors.append('a tag refers outside the page')\n"
    "text = ''.join(page.text)\n"
    "for want in sys.argv[2:]:\n"
    "    if want not in text:\n"
    "        errors.append('text missing: %r' % want)\n"
    "for e in errors[:10]:\n"
    "    print(sys.argv[1], e, file=sys.stderr)\n"
    "sys.exit(1 if errors else 0)\n";

/* argv: file, tests, failures, skipped, then texts the failures show. */
static const char junit_py[] =
    "import sys\n"
    "import xml.etree.ElementTree as ET\n"
    "root = ET.parse(sys.argv[1]).getroot()\n"
    "want = tuple(int(x) for x in sys.argv[2:5])\n"
    "errors = []\n"
    "suites = root.findall('testsuite')\n"
    "if root.tag != 'testsuites' or len(suites) != 1:\n"
    "    errors.append('not one suite in testsuites')\n"
    "suite = suites[0]\n"
    "cases = suite.findall('testcase')\n"
    "fails = [c for c in cases if c.find('failure') is not None]\n"
    "skips = [c for c in cases if c.find('skipped') is not None]\n"
    "if (len(cases), len(fails), len(skips)) != want:\n"
    "    errors.append('cases %r, want %r' % ((len(cases), len(fails),\n"
    "                  len(skips)), want))\n"
    "for node in (root, suite):\n"
    "    got = tuple(int(node.get(k)) for k in\n"
    "                ('tests', 'failures', 'skipped'))\n"
    "    if got != want or node.get('errors') != '0':\n"
    "        errors.append('<%s> counts %r' % (node.tag, got))\n"
    "if 'hostname' in suite.attrib or 'T' not in suite.get('timestamp'):\n"
    "    errors.append('suite attributes %r' % suite.attrib)\n"
    "shown = []\n"
    "for c in cases:\n"
    "    first = c.get('name').split(' ')[0]\n"
    "    scheme = first.split(':')[0] if ':' in first else suite.get('name')\n"
    "    if c.get('classname') != scheme:\n"
    "        errors.append('classname %r of %r' % (c.get('classname'),\n"
    "                      c.get('name')))\n"
    "for c in fails:\n"
    "    f = c.find('failure')\n"
    "    if not f.get('message') or not f.get('type') or \\\n"
    "            not (f.text or '').strip():\n"
    "        errors.append('bare failure in %r' % c.get('name'))\n"
    "    shown += [f.get('message'), f.get('type'), f.text]\n"
    "for c in skips:\n"
    "    if not c.find('skipped').get('message'):\n"
    "        errors.append('skipped without why in %r' % c.get('name'))\n"
    "    shown.append(c.find('skipped').get('message'))\n"
    "shown = '\\n'.join(shown)\n"
    "for text in sys.argv[5:]:\n"
    "    if text not in shown:\n"
    "        errors.append('failure text missing: %r' % text)\n"
    "for e in errors[:10]:\n"
    "    print(sys.argv[1], e, file=sys.stderr)\n"
    "sys.exit(1 if errors else 0)\n";

/* Results match findings.json, URIs are valid and decode to the path. */
static const char sarif_py[] =
    "import hashlib, json, re, sys\n"
    "from urllib.parse import unquote\n"
    "log = json.load(open(sys.argv[1]))\n"
    "findings = json.load(open(sys.argv[2]))['findings']\n"
    "run = log['runs'][0]\n"
    "errors = []\n"
    "ids = [r['id'] for r in run['tool']['driver']['rules']]\n"
    "if ids != sorted(set(ids)):\n"
    "    errors.append('rules not sorted and unique')\n"
    "ok = re.compile(r\"^(?:[A-Za-z0-9._~!$&'()*+,;=@/-]|%[0-9A-F]{2})*$\")\n"
    "def check_uri(uri, path):\n"
    "    if not ok.match(uri) or uri.startswith('/'):\n"
    "        errors.append('not a relative reference: %r' % uri)\n"
    "    if any(s in ('.', '..') for s in uri.split('/')):\n"
    "        errors.append('dot segment in %r' % uri)\n"
    "    if unquote(uri) != path:\n"
    "        errors.append('%r decodes to %r, not %r' % (uri, unquote(uri),\n"
    "                      path))\n"
    "results = run['results']\n"
    "if len(results) != len(findings):\n"
    "    errors.append('%d results, %d findings' % (len(results),\n"
    "                  len(findings)))\n"
    "for r, f in zip(results, findings):\n"
    "    if r['ruleId'] != f['rule']:\n"
    "        errors.append('result order %r %r' % (r['ruleId'], f['rule']))\n"
    "    if 'ruleIndex' in r and ids[r['ruleIndex']] != r['ruleId']:\n"
    "        errors.append('ruleIndex of %r' % r['ruleId'])\n"
    "    path = f['location']['path']\n"
    "    locs = r.get('locations')\n"
    "    if path is None:\n"
    "        if locs:\n"
    "            errors.append('a location for a scan-wide finding')\n"
    "    else:\n"
    "        phys = locs[0]['physicalLocation']\n"
    "        check_uri(phys['artifactLocation']['uri'], path)\n"
    "        line = f['location'].get('line')\n"
    "        if line and phys['region']['startLine'] != line:\n"
    "            errors.append('line of %r' % path)\n"
    "        if not line and 'region' in phys:\n"
    "            errors.append('a region without a line')\n"
    "    fp = r['partialFingerprints']['assay/v1']\n"
    "    if 'evidence' not in f:\n"
    "        text = f['rule'] + '\\0' + (path or '') + '\\0'\n"
    "        if fp != hashlib.sha256(text.encode()).hexdigest():\n"
    "            errors.append('fingerprint of %r' % f['rule'])\n"
    "    if ('suppressions' in r) != ('waiver' in f):\n"
    "        errors.append('suppression of %r' % f['rule'])\n"
    "for a in run['artifacts']:\n"
    "    if len(a['hashes']['sha-256']) != 64 or \\\n"
    "            len(a['hashes']['sha-512']) != 128:\n"
    "        errors.append('artefact hashes')\n"
    "for e in errors[:10]:\n"
    "    print(sys.argv[1], e, file=sys.stderr)\n"
    "sys.exit(1 if errors else 0)\n";

/* argv: sbom, the name text; the serial must be uuid5 of it. */
static const char serial_py[] =
    "import json, sys, uuid\n"
    "bom = json.load(open(sys.argv[1]))\n"
    "ns = uuid.uuid5(uuid.NAMESPACE_URL, 'urn:assay:sbom-serial')\n"
    "want = 'urn:uuid:' + str(uuid.uuid5(ns, sys.argv[2]))\n"
    "if bom['serialNumber'] != want:\n"
    "    print(bom['serialNumber'], '!=', want, file=sys.stderr)\n"
    "    sys.exit(1)\n";

/* Whether python3 (and with schemas, jsonschema) is here; CI must have. */
static bool
have_python(bool schemas)
{
	static const char *const plain[] = { "-c", "pass", NULL };
	static const char *const js[] = { "-c", "import jsonschema", NULL };

	if (assay_test_python(schemas ? js : plain, true) == 0)
		return true;
	printf("\n  notice: %s is missing (Debian: %s); not checked\n",
	    schemas ? "python3-jsonschema" : "python3",
	    schemas ? "python3-jsonschema" : "python3");
	ASSAY_CHECKF(getenv("CI") == NULL, "CI is set but %s is missing",
	    schemas ? "python3-jsonschema" : "python3");
	return false;
}

static void
check_schemas(const char *dir)
{
	const char *args[8];
	char sarif[PATH_MAX], bom[PATH_MAX];

	if (!have_python(true))
		return;
	if (access(SCHEMAS "/sarif-schema-2.1.0.json", R_OK) == -1) {
		printf("\n  notice: %s is missing; schemas not checked\n",
		    SCHEMAS);
		ASSAY_CHECKF(getenv("CI") == NULL, "CI is set but %s is "
		    "missing", SCHEMAS);
		return;
	}
	snprintf(sarif, sizeof(sarif), "%s", output_path(dir,
	    "results.sarif"));
	snprintf(bom, sizeof(bom), "%s", output_path(dir, "sbom.cdx.json"));
	args[0] = SCHEMA_CHECK;
	args[1] = SCHEMAS "/sarif-schema-2.1.0.json";
	args[2] = sarif;
	args[3] = NULL;
	ASSAY_CHECKF(assay_test_python(args, false) == 0,
	    "%s does not match the SARIF 2.1.0 schema", sarif);
	args[1] = SCHEMAS "/bom-1.6.schema.json";
	args[2] = bom;
	args[3] = SCHEMAS "/spdx.schema.json";
	args[4] = SCHEMAS "/jsf-0.82.schema.json";
	args[5] = NULL;
	ASSAY_CHECKF(assay_test_python(args, false) == 0,
	    "%s does not match the CycloneDX 1.6 schema", bom);
}

static void
check_sarif_against_findings(const char *dir)
{
	const char *args[5];
	char sarif[PATH_MAX], findings[PATH_MAX];

	if (!have_python(false))
		return;
	snprintf(sarif, sizeof(sarif), "%s", output_path(dir,
	    "results.sarif"));
	snprintf(findings, sizeof(findings), "%s", output_path(dir,
	    "findings.json"));
	args[0] = "-c";
	args[1] = sarif_py;
	args[2] = sarif;
	args[3] = findings;
	args[4] = NULL;
	ASSAY_CHECKF(assay_test_python(args, false) == 0,
	    "%s disagrees with findings.json", sarif);
}

/* texts: NULL-terminated, what the page must show once decoded. */
static void
check_html(const char *dir, const char *const *texts)
{
	const char *args[12];
	char page[PATH_MAX];
	size_t n = 0;

	if (!have_python(false))
		return;
	snprintf(page, sizeof(page), "%s", output_path(dir, "report.html"));
	args[n++] = "-c";
	args[n++] = html_py;
	args[n++] = page;
	while (*texts != NULL && n < sizeof(args) / sizeof(args[0]) - 1)
		args[n++] = *texts++;
	args[n] = NULL;
	ASSAY_CHECKF(assay_test_python(args, false) == 0, "%s is not a clean, "
	    "self-contained page", page);
}

static void
check_junit(const char *dir, size_t tests, size_t failures, size_t skipped,
    const char *const *texts)
{
	const char *args[14];
	char file[PATH_MAX], nt[24], nf[24], ns[24];
	size_t n = 0;

	if (!have_python(false))
		return;
	snprintf(file, sizeof(file), "%s", output_path(dir, "junit.xml"));
	snprintf(nt, sizeof(nt), "%zu", tests);
	snprintf(nf, sizeof(nf), "%zu", failures);
	snprintf(ns, sizeof(ns), "%zu", skipped);
	args[n++] = "-c";
	args[n++] = junit_py;
	args[n++] = file;
	args[n++] = nt;
	args[n++] = nf;
	args[n++] = ns;
	while (texts != NULL && *texts != NULL &&
	    n < sizeof(args) / sizeof(args[0]) - 1)
		args[n++] = *texts++;
	args[n] = NULL;
	ASSAY_CHECKF(assay_test_python(args, false) == 0, "%s is wrong", file);
}

/* The name the SBOM serial is derived from, as sbom.c documents it. */
static void
check_serial(const char *dir, const struct assay_inventory *inv,
    int64_t started)
{
	const struct assay_artefact *art;
	char name[1024], hex[65], when[21], bom[PATH_MAX];
	const char *args[5];
	size_t i, len = 0, k;
	int n;

	if (!have_python(false))
		return;
	name[0] = '\0';
	for (i = 0; i < assay_inventory_artefact_count(inv); i++) {
		art = assay_inventory_artefact(inv, i);
		for (k = 0; k < 32; k++)
			snprintf(hex + 2 * k, 3, "%02x", art->sha256[k]);
		n = snprintf(name + len, sizeof(name) - len, "sha256:%s\n",
		    hex);
		CU_ASSERT_FATAL(n > 0 && (size_t)n < sizeof(name) - len);
		len += (size_t)n;
	}
	assay_format_time(started, when);
	n = snprintf(name + len, sizeof(name) - len, "started:%s\n", when);
	CU_ASSERT_FATAL(n > 0 && (size_t)n < sizeof(name) - len);
	snprintf(bom, sizeof(bom), "%s", output_path(dir, "sbom.cdx.json"));
	args[0] = "-c";
	args[1] = serial_py;
	args[2] = bom;
	args[3] = name;
	args[4] = NULL;
	ASSAY_CHECKF(assay_test_python(args, false) == 0, "%s: serial number is not "
	    "the documented UUID", bom);
}

/* ---- the tests --------------------------------------------------------- */

static void
test_escaping(void)
{
	static const struct {
		unsigned flags;
		const char *in;
		const char *want;
	} rows[] = {
		{ ASSAY_ESC_MARKUP, "a<b>&\"c'", "a&lt;b&gt;&amp;&quot;c&#39;" },
		{ ASSAY_ESC_MARKUP, "l1\nl2\tx\ry", "l1\nl2\tx&#13;y" },
		{ ASSAY_ESC_ATTR, "l1\nl2\tx\r\"", "l1&#10;l2&#9;x&#13;&quot;" },
		{ ASSAY_ESC_ATTR | ASSAY_ESC_LINE, "a\nb<", "a b&lt;" },
		{ ASSAY_ESC_LINE, "a\nb\r<c>", "a b <c>" },
		{ 0, "a\rb", "a\xef\xbf\xbd" "b" },
		{ ASSAY_ESC_MARKUP, "\x01\x1b[0m\x7f", "\xef\xbf\xbd\xef\xbf\xbd"
		    "[0m\xef\xbf\xbd" },
		{ ASSAY_ESC_MARKUP, "\xc2\x9b" "31m", "\xef\xbf\xbd" "31m" },
		{ ASSAY_ESC_MARKUP, "\xff\xc3(\xe2\x82", "\xef\xbf\xbd"
		    "\xef\xbf\xbd(\xef\xbf\xbd\xef\xbf\xbd" },
		{ ASSAY_ESC_MARKUP, "\xed\xa0\x80", "\xef\xbf\xbd\xef\xbf\xbd"
		    "\xef\xbf\xbd" },
		{ ASSAY_ESC_MARKUP, "\xc0\xaf", "\xef\xbf\xbd\xef\xbf\xbd" },
		{ ASSAY_ESC_MARKUP, "x\xef\xbf\xbe" "y\xf4\x8f\xbf\xbf",
		    "x\xef\xbf\xbd" "y\xef\xbf\xbd" },
		{ ASSAY_ESC_MARKUP, "\xef\xb7\x90", "\xef\xbf\xbd" },
		{ ASSAY_ESC_LINE, "evil\xe2\x80\xaegpj.exe",
		    "evil[U+202E]gpj.exe" },
		{ ASSAY_ESC_MARKUP, "\xe2\x81\xa6x\xd8\x9c",
		    "[U+2066]x[U+061C]" },
		{ ASSAY_ESC_MARKUP, "\xc3\xbc\xe2\x82\xac\xf0\x9f\x98\x80",
		    "\xc3\xbc\xe2\x82\xac\xf0\x9f\x98\x80" },
		{ ASSAY_ESC_MARKUP, "", "" },
	};
	struct assay_textout *w;
	struct assay_error err;
	char *got;
	size_t i;
	int fd;

	fd = open_dir("esc");
	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		CU_ASSERT_FATAL(assay_textout_create(fd, "out", &w, &err) ==
		    ASSAY_OK);
		assay_textout_esc(w, rows[i].flags, rows[i].in);
		CU_ASSERT_FATAL(assay_textout_finish(w, &err) == ASSAY_OK);
		got = read_output("esc", "out", NULL);
		ASSAY_CHECKF(got != NULL && strcmp(got, rows[i].want) == 0,
		    "row %zu: got \"%s\"", i, got != NULL ? got : "");
		free(got);
	}
	/* A symbolic link in the bundle is never followed. */
	CU_ASSERT_FATAL(symlinkat("/dev/null", fd, "link") == 0);
	ASSAY_CHECKF(assay_textout_create(fd, "link", &w, &err) ==
	    ASSAY_ERR_IO, "%s", "a symlink was followed");
	close(fd);
}

static void
test_no_profile(void)
{
	static const char *const shown[] = {
		"NO VERDICT", "fw.tar.gz!/" EVIL_NAME, ODD_SHOWN, APP_NAME,
		"weak hash <b>here</b> & \"there\"\xef\xbf\xbd[2J",
		"truncated <central> directory", waiver_reason, "T. <Ester>",
		NULL,
	};
	struct fixture fx;
	char *md, *html;

	fixture_init(&fx);
	write_outputs("np", &fx.s);
	check_schemas("np");
	check_sarif_against_findings("np");
	check_html("np", shown);
	check_junit("np", 1, 0, 1, NULL);
	check_serial("np", fx.inv, NOW);
	check_no_raw_controls("np");
	md = read_output("np", "summary.md", NULL);
	ASSAY_CHECKF(has(md, "NO VERDICT") && has(md, "Profile: none"),
	    "%s", "summary.md does not say there was no verdict");
	ASSAY_CHECKF(has(md, "6 (1 critical, 2 high, 2 medium, 1 info), "
	    "1 waived"), "%s", "summary.md findings line");
	ASSAY_CHECKF(has(md, "INCOMPLETE"), "%s", "summary.md coverage");
	ASSAY_CHECKF(has(md, "`app 'v2' & <beta>.zip`"), "%s",
	    "summary.md artefact names");
	html = read_output("np", "report.html", NULL);
	ASSAY_CHECKF(has(html, "&lt;script&gt;alert(&quot;x&quot;)"
	    "&lt;/script&gt;&amp;&#39;.txt"), "%s", "the name is escaped");
	ASSAY_CHECKF(has(html, "2 archives were opened, 1 read completely"),
	    "%s", "archives line");
	ASSAY_CHECKF(has(html, "refused as unsafe") &&
	    has(html, "inside an archive that broke"), "%s",
	    "coverage reasons");
	free(md);
	free(html);
	check_deterministic(&fx.s);
	fixture_release(&fx);
}

static void
test_hand_verdict(void)
{
	static const char *const shown[] = {
		"FAILED", "No default <credentials> ship",
		"Remove default passwords & force a change at first <login>",
		"Attach the <policy> & 'plan'", why_signing,
		"account root accepts a default password", NULL,
	};
	static const char *const failure_texts[] = {
		"account root accepts a default password",
		"credentials.default-password",
		"critical credentials.default-password fw.tar.gz!/etc/shadow:1",
		"manual: Attach the <policy> & 'plan'", why_signing, NULL,
	};
	struct hand_verdict h;
	struct fixture fx;
	char *md, *html;

	fixture_init(&fx);
	hand_verdict_init(&h, &fx.fs);
	fx.s.verdict = &h.verdict;
	write_outputs("hv", &fx.s);
	check_schemas("hv");
	check_sarif_against_findings("hv");
	check_html("hv", shown);
	check_junit("hv", NHAND, 1, 2, failure_texts);
	check_no_raw_controls("hv");
	md = read_output("hv", "summary.md", NULL);
	ASSAY_CHECKF(has(md, ": FAILED\n"), "%s", "summary.md result");
	ASSAY_CHECKF(has(md, "2 passed, 1 failed, 1 not assessed, 1 need "
	    "documents"), "%s", "summary.md counts");
	ASSAY_CHECKF(has(md, "- `cop:1.4` No default \\<credentials\\> ship: "
	    "1 failing finding, first `credentials.default-password` in "
	    "`fw.tar.gz!/etc/shadow`\n"), "%s", "summary.md failed control");
	ASSAY_CHECKF(has(md, "  Fix: Remove default passwords \\& force a "
	    "change at first \\<login\\>\n"), "%s", "summary.md fix");
	ASSAY_CHECKF(!has(md, "cop:3.1") && !has(md, "cop:2.1"), "%s",
	    "summary.md lists a control that did not fail");
	ASSAY_CHECKF(has(md, "report.html") && has(md, "SHA256SUMS"), "%s",
	    "summary.md bundle files");
	html = read_output("hv", "report.html", NULL);
	ASSAY_CHECKF(has(html, "b-fail\">FAIL<") &&
	    has(html, "b-pass\">PASS<") &&
	    has(html, "b-not-assessed\">NOT ASSESSED<") &&
	    has(html, "b-manual\">MANUAL<"), "%s", "status badges");
	ASSAY_CHECKF(has(html, "<strong>fails it</strong>") &&
	    has(html, "below the failing severity") && has(html, ">waived<"),
	    "%s", "effects of findings on controls");
	free(md);
	free(html);
	check_deterministic(&fx.s);
	fixture_release(&fx);
}

static const char *
shipped_profile(char *path, size_t len)
{
	static const char *const names[] = { "vendor-selfcheck", "cop" };
	size_t i;
	int n;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		n = snprintf(path, len, "%s/%s.json", PROFILES, names[i]);
		if (n > 0 && (size_t)n < len && access(path, R_OK) == 0)
			return path;
	}
	return NULL;
}

/* The tags of rule in the SARIF log, as "a,b". */
static void
sarif_tags(json_t *log, const char *rule, char *out, size_t len)
{
	json_t *rules, *r, *tags;
	size_t i, k, used = 0;
	int n;

	out[0] = '\0';
	rules = json_object_get(json_object_get(json_object_get(
	    json_array_get(json_object_get(log, "runs"), 0), "tool"),
	    "driver"), "rules");
	json_array_foreach(rules, i, r) {
		if (strcmp(json_string_value(json_object_get(r, "id")),
		    rule) != 0)
			continue;
		tags = json_object_get(json_object_get(r, "properties"),
		    "tags");
		for (k = 0; k < json_array_size(tags); k++) {
			n = snprintf(out + used, len - used, "%s%s",
			    k > 0 ? "," : "",
			    json_string_value(json_array_get(tags, k)));
			if (n > 0 && (size_t)n < len - used)
				used += (size_t)n;
		}
	}
}

static void
test_shipped_profile(void)
{
	struct assay_profile *p = NULL;
	struct assay_verdict v;
	struct assay_error err;
	struct fixture fx;
	const struct assay_control *c;
	char path[PATH_MAX], want[1024], got[1024], *md;
	json_t *log;
	size_t i, used = 0, skipped;
	int n;

	if (shipped_profile(path, sizeof(path)) == NULL) {
		printf("\n  notice: no shipped profile under %s yet\n",
		    PROFILES);
		return;
	}
	memset(&v, 0, sizeof(v));
	ASSAY_CHECKF(assay_profile_load(path, NULL, &p, &err) == ASSAY_OK,
	    "%s: %s", path, err.msg);
	if (p == NULL)
		return;
	fixture_init(&fx);
	ASSAY_CHECKF(assay_verdict_compute(p, &fx.fs, &fx.reg, &fx.run, &v,
	    &err) == ASSAY_OK, "verdict: %s", err.msg);
	fx.s.profile = p;
	fx.s.verdict = &v;
	write_outputs("sp", &fx.s);
	check_schemas("sp");
	check_sarif_against_findings("sp");
	skipped = v.not_assessed + v.manual;
	check_junit("sp", v.n, v.failed, skipped, NULL);
	check_no_raw_controls("sp");

	/* Each rule's tags are the controls that list it, in order. */
	want[0] = '\0';
	for (i = 0; i < assay_profile_control_count(p); i++) {
		c = assay_profile_control(p, i);
		if (!assay_control_covers(c, "credentials.default-password"))
			continue;
		n = snprintf(want + used, sizeof(want) - used, "%s%s",
		    used > 0 ? "," : "", c->id);
		if (n > 0 && (size_t)n < sizeof(want) - used)
			used += (size_t)n;
	}
	log = assay_test_load_json(output_path("sp", "results.sarif"));
	sarif_tags(log, "credentials.default-password", got, sizeof(got));
	ASSAY_CHECKF(strcmp(got, want) == 0, "tags \"%s\", want \"%s\"", got,
	    want);
	json_decref(log);

	md = read_output("sp", "summary.md", NULL);
	ASSAY_CHECKF(has(md, assay_profile_id(p)), "%s",
	    "summary.md names the profile");
	ASSAY_CHECKF(has(md, v.result == ASSAY_RESULT_FAILED ? ": FAILED" :
	    ": PASSED"), "%s", "summary.md result");
	for (i = 0; i < v.n; i++) {
		if (v.v[i].status != ASSAY_CONTROL_FAIL)
			continue;
		n = snprintf(want, sizeof(want), "- `%s` ",
		    v.v[i].control->id);
		CU_ASSERT_FATAL(n > 0 && (size_t)n < sizeof(want));
		ASSAY_CHECKF(has(md, want), "summary.md lacks %s",
		    v.v[i].control->id);
	}
	free(md);
	check_deterministic(&fx.s);
	assay_verdict_release(&v);
	assay_profile_free(p);
	fixture_release(&fx);
}

static void
test_sarif_uris(void)
{
	static const struct {
		unsigned entry;
		const char *uri;
	} rows[] = {
		{ E_SHADOW, "fw.tar.gz!/etc/shadow" },
		{ E_EVIL, "fw.tar.gz!/%3Cscript%3Ealert(%22x%22)%3C/script%3E&'"
		    ".txt" },
		{ E_ODD, "fw.tar.gz!/nested.zip!/%C3%BCnic%C3%B6de%1B%5B31m"
		    "%E2%80%AEgpj.exe" },
		{ E_DOTS, "fw.tar.gz!/%2E%2E/x%3Ay%20%231%20100%25" },
	};
	struct fixture fx;
	json_t *log, *results, *r, *uri;
	const char *path, *got;
	size_t i, k;

	fixture_init(&fx);
	write_outputs("su", &fx.s);
	log = assay_test_load_json(output_path("su", "results.sarif"));
	CU_ASSERT_FATAL(log != NULL);
	results = json_object_get(json_array_get(json_object_get(log, "runs"),
	    0), "results");
	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		path = assay_inventory_get(fx.inv, rows[i].entry)->path;
		got = NULL;
		for (k = 0; k < fx.fs.n; k++) {
			if (fx.fs.v[k].entry != rows[i].entry)
				continue;
			r = json_array_get(results, k);
			uri = json_object_get(json_object_get(json_object_get(
			    json_array_get(json_object_get(r, "locations"), 0),
			    "physicalLocation"), "artifactLocation"), "uri");
			got = json_string_value(uri);
			break;
		}
		ASSAY_CHECKF(got != NULL && strcmp(got, rows[i].uri) == 0,
		    "%s: uri %s", path, got != NULL ? got : "(none)");
	}
	/* The waived finding is suppressed with the tester's reason. */
	for (k = 0; k < fx.fs.n; k++) {
		r = json_array_get(results, k);
		ASSAY_CHECKF((json_object_get(r, "suppressions") != NULL) ==
		    (fx.fs.v[k].waiver >= 0), "suppression of %s",
		    fx.fs.v[k].rule);
		if (fx.fs.v[k].waiver >= 0)
			ASSAY_CHECKF(strcmp(json_string_value(json_object_get(
			    json_array_get(json_object_get(r, "suppressions"),
			    0), "justification")), waiver_reason) == 0, "%s",
			    "justification");
	}
	json_decref(log);
	fixture_release(&fx);
}

/* Long lists are cut on the page and in the failure, never in the JSON. */
static void
test_long_lists(void)
{
	static const char *const shown[] = {
		"Showing the first 1000 of 1506 findings", NULL,
	};
	struct hand_verdict h;
	struct fixture fx;
	size_t *failing, i, rows = 0, lines = 0;
	char *html, *xml, *p;
	json_t *log;

	fixture_init(&fx);
	for (i = 0; i < 1500; i++)
		CU_ASSERT_FATAL(assay_findings_addf(&fx.fs, "credentials",
		    "credentials.weak-hash", ASSAY_SEV_HIGH, E_SHADOW,
		    (unsigned long)i + 2, NULL, "weak hash %zu", i) ==
		    ASSAY_OK);
	for (i = 0; i < fx.fs.n; i++)
		fx.fs.v[i].waiver = -1;
	hand_verdict_init(&h, &fx.fs);
	failing = calloc(1500, sizeof(*failing));
	CU_ASSERT_FATAL(failing != NULL);
	for (i = 0; i < 1500; i++)
		failing[i] = 6 + i;
	h.v[0].failing = failing;
	h.v[0].nfailing = 1500;
	h.v[0].bearing = failing;
	h.v[0].nbearing = 1500;
	fx.s.verdict = &h.verdict;
	write_outputs("ll", &fx.s);
	check_html("ll", shown);
	html = read_output("ll", "report.html", NULL);
	for (p = html; p != NULL && (p = strstr(p, "<tr><td class=\"num\">"))
	    != NULL; p++)
		rows++;
	ASSAY_CHECKF(rows == 1000, "findings table has %zu rows", rows);
	ASSAY_CHECKF(has(html, "Showing 100 of the 1500 findings of this "
	    "control"), "%s", "per-control cut");
	xml = read_output("ll", "junit.xml", NULL);
	for (p = xml; p != NULL && (p = strstr(p, "high credentials.weak-hash "))
	    != NULL; p++)
		lines++;
	ASSAY_CHECKF(lines == 1000, "failure lists %zu lines", lines);
	ASSAY_CHECKF(has(xml, "... and 500 more; findings.json lists them "
	    "all"), "%s", "failure cut note");
	log = assay_test_load_json(output_path("ll", "results.sarif"));
	ASSAY_CHECKF(json_array_size(json_object_get(json_array_get(
	    json_object_get(log, "runs"), 0), "results")) == 1506, "%s",
	    "SARIF keeps every finding");
	json_decref(log);
	free(html);
	free(xml);
	free(failing);
	fixture_release(&fx);
}

/* No artefact, no probe, no finding: still valid files. */
static void
test_empty_scan(void)
{
	struct assay_scan_summary s;
	struct assay_inventory *inv;

	inv = assay_inventory_new();
	CU_ASSERT_FATAL(inv != NULL);
	memset(&s, 0, sizeof(s));
	s.inv = inv;
	s.argc = 1;
	s.argv = argv0;
	s.started = NOW;
	s.finished = NOW;
	write_outputs("es", &s);
	check_schemas("es");
	check_junit("es", 1, 0, 1, NULL);
	check_html("es", (const char *const[]){ "NO VERDICT",
	    "Nothing was found.", NULL });
	assay_inventory_free(inv);
}

static void
test_html_needs_coverage(void)
{
	struct assay_error err;
	struct fixture fx;
	int fd;

	fixture_init(&fx);
	fd = open_dir("nc");
	memset(&err, 0, sizeof(err));
	ASSAY_CHECKF(assay_write_html(fd, &fx.s, &err) == ASSAY_ERR_INTERNAL,
	    "%s", "report.html written without coverage.json");
	ASSAY_CHECKF(has(err.msg, "coverage.json"), "message: %s", err.msg);
	ASSAY_CHECKF(faccessat(fd, "report.html", F_OK, 0) == -1, "%s",
	    "a page was left behind");
	close(fd);
	fixture_release(&fx);
}

static CU_TestInfo tests[] = {
	{ "escaping for markup and terminals", test_escaping },
	{ "no profile: no verdict, valid files", test_no_profile },
	{ "a verdict: pass, fail, not assessed, manual", test_hand_verdict },
	{ "a shipped profile through the verdict", test_shipped_profile },
	{ "SARIF locations are URI references", test_sarif_uris },
	{ "long lists are cut where people read", test_long_lists },
	{ "an empty scan", test_empty_scan },
	{ "report.html reads coverage.json", test_html_needs_coverage },
	CU_TEST_INFO_NULL,
};

static CU_SuiteInfo suites[] = {
	{ "human and CI formats", NULL, NULL, assay_test_setup,
	    assay_test_teardown, tests },
	CU_SUITE_INFO_NULL,
};

int
main(void)
{
	return assay_test_run(suites);
}
