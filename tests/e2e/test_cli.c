/*
 * End to end: the command line of the real assay binary.  Usage errors and
 * --help, version and probe listings, limits that do not parse, the output
 * directory rules, reproducible bundles, and plug-ins: one that works, one
 * of another ABI, and ones that crash or never end beside the good one.
 */
#include <sys/stat.h>
#include <sys/types.h>

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <CUnit/CUnit.h>
#include <archive.h>
#include <archive_entry.h>
#include <jansson.h>

#include "testutil.h"

#ifndef ASSAY_PLUGIN_DIR
#error "the build defines ASSAY_PLUGIN_DIR"
#endif

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))
#define MAX_ARGS	24

#define EXIT_PASS	0
#define EXIT_FAIL	1
#define EXIT_USAGE	2
#define EXIT_INCOMPLETE	3

/* 1700000000, testutil's default SOURCE_DATE_EPOCH, in the manifest. */
#define EPOCH_TEXT	"2023-11-14T22:13:20Z"

static const char *const bundle_files[] = {
	"manifest.json", "inventory.json", "coverage.json", "findings.json"
};

static bool
streq(const char *a, const char *b)
{
	return a != NULL && b != NULL && strcmp(a, b) == 0;
}

static bool
contains(const char *s, const char *part)
{
	return s != NULL && part != NULL && strstr(s, part) != NULL;
}

static bool
starts_with(const char *s, const char *head)
{
	return s != NULL && strncmp(s, head, strlen(head)) == 0;
}

static const char *
jstr(const json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

static bool
exists(const char *path)
{
	struct stat st;

	return lstat(path, &st) == 0;
}

static bool
sanitized(void)
{
#ifdef ASSAY_SANITIZED
	return true;
#else
	return getenv("ASAN_OPTIONS") != NULL;
#endif
}

/*
 * A profile with one control that fails on a harness finding at high or
 * above, so that exit statuses here do not follow the shipped profiles.
 * The built-in probes are off: these tests are about the command line and
 * plug-ins, and some set CPU limits no real probe is meant to meet.
 */
#define PROFILE_FILE	"e2e-high.json"
static const char profile_json[] =
"{\"id\": \"e2e-high\", \"version\": \"1\",\n"
" \"title\": \"End-to-end tests of the command line\",\n"
" \"description\": \"A harness finding at high or above fails.\",\n"
" \"probes\": {\"signing\": {\"enabled\": false},\n"
"   \"update\": {\"enabled\": false},\n"
"   \"credentials\": {\"enabled\": false},\n"
"   \"dependencies\": {\"enabled\": false}},\n"
" \"controls\": [{\"id\": \"e2e:no-high\",\n"
"   \"title\": \"No harness finding at high or above\",\n"
"   \"statement\": \"The harness found nothing at high or above.\",\n"
"   \"rules\": [\"harness.*\"], \"fail_at\": \"high\",\n"
"   \"strength\": \"strong\"}]}\n";

static bool
make_profile(void)
{
	int rc = assay_test_write_file(assay_test_path(PROFILE_FILE),
	    profile_json, sizeof(profile_json) - 1);

	ASSAY_CHECKF(rc == 0, "wrote %s", PROFILE_FILE);
	return rc == 0;
}

/* Runs assay with argv (NULL-terminated); false if it did not run. */
static bool
run(struct assay_test_run_result *r, const char *const *argv)
{
	if (assay_test_assay(r, argv) != 0) {
		ASSAY_CHECKF(0, "could not run %s", ASSAY_BIN);
		return false;
	}
	return true;
}

/* A small tar with text files for the example probe and a binary. */
static bool
make_tar(const char *name, const char *tag)
{
	const struct assay_test_entry entries[] = {
		{ .name = "docs/", .type = AE_IFDIR },
		{ .name = "docs/readme.txt", .data = "hello readme\n" },
		{ .name = "notes.txt", .data = tag },
		{ .name = "tool.bin", .data = "\177ELF....",
		    .size = 8 },
	};
	int rc = assay_test_archive(assay_test_path(name),
	    ARCHIVE_FORMAT_TAR_USTAR, ARCHIVE_FILTER_NONE, entries,
	    NELEM(entries));

	ASSAY_CHECKF(rc == 0, "built %s", name);
	return rc == 0;
}

static bool
make_ws(void)
{
	if (mkdir(assay_test_path("ws"), 0700) == -1 && errno != EEXIST) {
		ASSAY_CHECKF(0, "mkdir ws: %s", strerror(errno));
		return false;
	}
	return true;
}

static bool
ws_empty(void)
{
	static const char *const none[] = { NULL };

	return assay_test_dir_only(assay_test_path("ws"), none);
}

static json_t *
bundle_json(const char *out, const char *file)
{
	char path[PATH_MAX];
	int n;

	n = snprintf(path, sizeof(path), "%s/%s", assay_test_path(out), file);
	if (n < 0 || (size_t)n >= sizeof(path))
		return NULL;
	return assay_test_load_json(path);
}

static bool
bundle_complete(const char *out)
{
	char path[PATH_MAX];
	size_t i;
	int n;

	for (i = 0; i < NELEM(bundle_files); i++) {
		n = snprintf(path, sizeof(path), "%s/%s",
		    assay_test_path(out), bundle_files[i]);
		if (n < 0 || (size_t)n >= sizeof(path) || !exists(path))
			return false;
	}
	return true;
}

/* ---- usage -------------------------------------------------------------- */

struct usage_row {
	const char *argv[8];
	int want;
	const char *out_has;	/* in stdout, when not NULL */
	const char *err_has;	/* in stderr, when not NULL */
};

static void
check_rows(const struct usage_row *rows, size_t n)
{
	struct assay_test_run_result r;
	size_t i;

	for (i = 0; i < n; i++) {
		const char *first = rows[i].argv[0] != NULL ?
		    rows[i].argv[0] : "(none)";

		if (!run(&r, rows[i].argv))
			continue;
		ASSAY_CHECKF(r.status == rows[i].want,
		    "row %zu (%s ...): exit %d, want %d; stderr: %s", i, first,
		    r.status, rows[i].want, r.err);
		ASSAY_CHECKF(rows[i].out_has == NULL ||
		    contains(r.out, rows[i].out_has),
		    "row %zu (%s ...): stdout has \"%s\": %.200s", i, first,
		    rows[i].out_has, r.out);
		ASSAY_CHECKF(rows[i].err_has == NULL ||
		    contains(r.err, rows[i].err_has),
		    "row %zu (%s ...): stderr has \"%s\": %.200s", i, first,
		    rows[i].err_has, r.err);
		assay_test_result_release(&r);
	}
}

static void
test_usage_errors(void)
{
	static const struct usage_row rows[] = {
		{ { NULL }, EXIT_USAGE, NULL, "usage: assay" },
		{ { "frobnicate", NULL }, EXIT_USAGE, NULL, "frobnicate" },
		{ { "scan", NULL }, EXIT_USAGE, NULL, "usage: assay scan" },
		{ { "scan", "--quiet", NULL }, EXIT_USAGE, NULL,
		    "artefact" },
		{ { "scan", "--no-such-option", "t.tar", NULL }, EXIT_USAGE,
		    NULL, "no-such-option" },
		{ { "scan", "--quiet", "--out", "out", "missing.tar", NULL },
		    EXIT_USAGE, NULL, "missing.tar" },
		{ { "scan", "--quiet", "--set", "nodot", "t.tar", NULL },
		    EXIT_USAGE, NULL, "PROBE.KEY=VALUE" },
		{ { "scan", "--quiet", "--set", "nosuch.k=1", "t.tar", NULL },
		    EXIT_USAGE, NULL, "no probe named \"nosuch\"" },
		{ { "scan", "--quiet", "--trust", "missing.pem", "t.tar",
		    NULL }, EXIT_USAGE, NULL, "missing.pem" },
		{ { "probes", "extra", NULL }, EXIT_USAGE, NULL, "extra" },
		{ { "version", "extra", NULL }, EXIT_USAGE, NULL, "extra" },
	};
	static const char *const only_tar[] = { "t.tar", NULL };

	if (!make_tar("t.tar", "tag\n"))
		return;
	check_rows(rows, NELEM(rows));
	/* A usage error writes nothing. */
	ASSAY_CHECKF(assay_test_dir_only(assay_test_dir(), only_tar),
	    "no bundle or anything else after usage errors");
}

static void
test_help(void)
{
	static const struct usage_row rows[] = {
		{ { "scan", "--help", NULL }, EXIT_PASS, "usage: assay scan",
		    NULL },
		{ { "scan", "-h", NULL }, EXIT_PASS, "--max-ratio", NULL },
		{ { "probes", "--help", NULL }, EXIT_PASS,
		    "usage: assay probes", NULL },
		{ { "version", "--help", NULL }, EXIT_PASS,
		    "usage: assay version", NULL },
		{ { "--help", NULL }, EXIT_PASS, "usage: assay COMMAND", NULL },
		{ { "help", NULL }, EXIT_PASS, "exit status", NULL },
	};
	struct assay_test_run_result r;
	size_t i;

	check_rows(rows, NELEM(rows));
	/* Help goes to stdout alone, and starts with the usage line. */
	for (i = 0; i < NELEM(rows); i++) {
		if (!run(&r, rows[i].argv))
			continue;
		ASSAY_CHECKF(starts_with(r.out, "usage: assay") &&
		    r.err[0] == '\0', "%s %s: usage on stdout, stderr empty",
		    rows[i].argv[0], rows[i].argv[1] != NULL ?
		    rows[i].argv[1] : "");
		assay_test_result_release(&r);
	}
}

static void
test_version(void)
{
	static const char *const argv[] = { "version", NULL };
	struct assay_test_run_result r;

	if (!run(&r, argv))
		return;
	ASSAY_CHECKF(r.status == EXIT_PASS, "version: exit %d", r.status);
	ASSAY_CHECKF(starts_with(r.out, "assay "), "names itself: %.100s",
	    r.out);
	ASSAY_CHECKF(contains(r.out, "probe ABI 1."), "names the probe ABI");
	ASSAY_CHECKF(contains(r.out, "\nlibarchive 3."), "a libarchive line");
	ASSAY_CHECKF(contains(r.out, "\nOpenSSL 3."), "an OpenSSL line");
	ASSAY_CHECKF(contains(r.out, archive_version_string()),
	    "the libarchive it runs with: %s", archive_version_string());
	assay_test_result_release(&r);
}

/* A rule of docs/harness-rules.md's table and its default severity. */
struct doc_rule {
	char id[64];
	char severity[16];
};

/*
 * Reads the rules table of docs/harness-rules.md: rows "| `harness.x` |
 * sev | ...", where one row may name two rules ("`a` / `b`").
 */
static size_t
doc_rules(struct doc_rule *out, size_t max)
{
	char *text, *line, *next, *cell, *end, *tick, *close;
	char sev[16];
	size_t n = 0, k;

	text = assay_test_read_file(ASSAY_TEST_SOURCE_DIR
	    "/../docs/harness-rules.md", NULL);
	ASSAY_CHECKF(text != NULL, "read docs/harness-rules.md");
	for (line = text; line != NULL && *line != '\0'; line = next) {
		if ((next = strchr(line, '\n')) != NULL)
			*next++ = '\0';
		if (!starts_with(line, "| `harness."))
			continue;
		/* The second cell is the severity. */
		if ((cell = strchr(line + 1, '|')) == NULL ||
		    (end = strchr(cell + 1, '|')) == NULL)
			continue;
		*cell++ = '\0';
		*end = '\0';
		while (*cell == ' ')
			cell++;
		for (k = 0; k + 1 < sizeof(sev) && cell[k] != '\0' &&
		    cell[k] != ' '; k++)
			sev[k] = cell[k];
		sev[k] = '\0';
		for (tick = strchr(line, '`'); tick != NULL && n < max;
		    tick = strchr(close + 1, '`')) {
			if ((close = strchr(tick + 1, '`')) == NULL ||
			    (size_t)(close - tick) >= sizeof(out[n].id))
				break;
			memcpy(out[n].id, tick + 1, (size_t)(close - tick - 1));
			out[n].id[close - tick - 1] = '\0';
			snprintf(out[n].severity, sizeof(out[n].severity),
			    "%s", sev);
			n++;
		}
	}
	free(text);
	return n;
}

static void
test_probes_json(void)
{
	struct doc_rule rules[64];
	size_t nrules = doc_rules(rules, NELEM(rules));
	static const char *const argv[] = { "probes", "--json",
	    "--probe-path", ASSAY_PLUGIN_DIR "/good", NULL };
	static const char *const text[] = { "probes", NULL };
	struct assay_test_run_result r;
	json_error_t jerr;
	json_t *all = NULL, *p, *harness = NULL, *example = NULL, *rule;
	size_t i, k;
	bool found;

	if (!run(&r, argv))
		return;
	ASSAY_CHECKF(r.status == EXIT_PASS, "probes --json: exit %d: %s",
	    r.status, r.err);
	all = json_loads(r.out, 0, &jerr);
	ASSAY_CHECKF(json_is_array(all), "probes --json parses: %s",
	    jerr.text);
	json_array_foreach(all, i, p) {
		if (streq(jstr(p, "name"), "harness"))
			harness = p;
		if (streq(jstr(p, "name"), "example"))
			example = p;
	}
	ASSAY_CHECKF(harness != NULL, "the harness is listed");
	/* The documented table is the reference, and it is not empty. */
	ASSAY_CHECKF(nrules >= 18 && streq(rules[1].id,
	    "harness.path-traversal") && streq(rules[1].severity, "high"),
	    "docs/harness-rules.md's table read: %zu rules", nrules);
	ASSAY_CHECKF(json_array_size(json_object_get(harness, "rules")) ==
	    nrules, "the harness lists %zu rules, the docs %zu",
	    json_array_size(json_object_get(harness, "rules")), nrules);
	for (i = 0; i < nrules; i++) {
		found = false;
		json_array_foreach(json_object_get(harness, "rules"), k,
		    rule) {
			if (streq(jstr(rule, "id"), rules[i].id))
				found = streq(jstr(rule, "severity"),
				    rules[i].severity) &&
				    jstr(rule, "title") != NULL &&
				    jstr(rule, "title")[0] != '\0';
		}
		ASSAY_CHECKF(found, "%s is listed as %s, with a title",
		    rules[i].id, rules[i].severity);
	}
	ASSAY_CHECKF(example != NULL && contains(jstr(example, "origin"),
	    "example.so") && streq(jstr(json_array_get(json_object_get(
	    example, "rules"), 0), "id"), "example.file-seen"),
	    "the plug-in on --probe-path is listed with its rule");
	json_decref(all);
	assay_test_result_release(&r);

	if (!run(&r, text))
		return;
	ASSAY_CHECKF(r.status == EXIT_PASS && contains(r.out,
	    "harness.path-traversal"), "probes lists the rules as text");
	ASSAY_CHECKF(!contains(r.out, "example.file-seen"),
	    "no plug-in without --probe-path");
	assay_test_result_release(&r);
}

static void
test_bad_limits(void)
{
	static const struct {
		const char *opt, *value;
		int want;
	} rows[] = {
		{ "--max-depth", "65", EXIT_USAGE },
		{ "--max-depth", "deep", EXIT_USAGE },
		{ "--max-ratio", "0", EXIT_USAGE },
		{ "--max-path", "15", EXIT_USAGE },
		{ "--max-path", "65537", EXIT_USAGE },
		{ "--max-total-bytes", "12X", EXIT_USAGE },
		{ "--max-entry-bytes", "-1", EXIT_USAGE },
		{ "--max-entries", "0", EXIT_USAGE },
		{ "--max-entries", "99999999999999999999", EXIT_USAGE },
		{ "--max-time", "soon", EXIT_USAGE },
		{ "--probe-cpu", "0", EXIT_USAGE },
		{ "--probe-time", "0", EXIT_USAGE },
		{ "--probe-memory", "lots", EXIT_USAGE },
		{ "--jobs", "0", EXIT_USAGE },
		{ "--jobs", "65", EXIT_USAGE },
		/* Good values, so the rows above fail for their value. */
		{ "--max-total-bytes", "1G", EXIT_PASS },
		{ "--max-depth", "1", EXIT_PASS },
		/* Depth 0 leaves even the artefact unopened. */
		{ "--max-depth", "0", EXIT_INCOMPLETE },
		{ "--max-time", "10m", EXIT_PASS },
		{ "--probe-cpu", "2s", EXIT_PASS },
		{ "--jobs", "64", EXIT_PASS },
	};
	static const char *const allowed[] = { "t.tar", "ws", "out",
	    PROFILE_FILE, NULL };
	struct assay_test_run_result r;
	size_t i;

	if (!make_tar("t.tar", "tag\n") || !make_ws() || !make_profile())
		return;
	for (i = 0; i < NELEM(rows); i++) {
		const char *argv[] = { "scan", "--quiet", "--profile",
		    PROFILE_FILE, "--workspace", "ws", "--out", "out",
		    rows[i].opt, rows[i].value, "t.tar", NULL };

		if (!run(&r, argv))
			continue;
		ASSAY_CHECKF(r.status == rows[i].want,
		    "%s %s: exit %d, want %d; stderr: %s", rows[i].opt,
		    rows[i].value, r.status, rows[i].want, r.err);
		if (rows[i].want == EXIT_USAGE) {
			ASSAY_CHECKF(contains(r.err, rows[i].value) ||
			    contains(r.err, rows[i].opt),
			    "%s %s: stderr names it: %.200s", rows[i].opt,
			    rows[i].value, r.err);
			ASSAY_CHECKF(!exists(assay_test_path("out")),
			    "%s %s: no bundle", rows[i].opt, rows[i].value);
		} else {
			/* A limit crossed still gives a whole bundle. */
			ASSAY_CHECKF(bundle_complete("out"),
			    "%s %s: a bundle", rows[i].opt, rows[i].value);
		}
		ASSAY_CHECKF(ws_empty(), "%s %s: workspace removed",
		    rows[i].opt, rows[i].value);
		assay_test_result_release(&r);
	}
	ASSAY_CHECKF(assay_test_dir_only(assay_test_dir(), allowed),
	    "nothing else in the test directory");
}

/* ---- bundles ------------------------------------------------------------ */

static bool
files_equal(const char *a, const char *b)
{
	size_t na, nb;
	char *pa = assay_test_read_file(a, &na);
	char *pb = assay_test_read_file(b, &nb);
	bool same = pa != NULL && pb != NULL && na == nb &&
	    memcmp(pa, pb, na) == 0;

	free(pa);
	free(pb);
	return same;
}

/* An artefact with findings, nesting and probe matches to order. */
static bool
make_varied(const char *name)
{
	const struct assay_test_entry inner[] = {
		{ .name = "etc/", .type = AE_IFDIR },
		{ .name = "etc/motd.txt", .data = "welcome\n" },
		{ .name = "bin/su", .mode = 04755, .data = "su\n" },
		{ .name = "dup.txt", .data = "one\n" },
		{ .name = "dup.txt", .data = "two\n" },
		{ .name = "../escape.txt", .data = "out\n" },
		{ .name = "link", .type = AE_IFLNK, .link = "../../.." },
	};
	unsigned char *tgz;
	size_t len;
	int rc = -1;

	tgz = assay_test_archive_mem(ARCHIVE_FORMAT_TAR_PAX_RESTRICTED,
	    ARCHIVE_FILTER_GZIP, inner, NELEM(inner), &len);
	if (tgz != NULL) {
		const struct assay_test_entry outer[] = {
			{ .name = "a.txt", .data = "alpha\n" },
			{ .name = "rootfs.tar.gz", .data = tgz, .size = len },
			{ .name = "z/zeta.txt", .data = "zeta\n" },
			{ .name = "b.txt", .data = "beta\n" },
		};

		rc = assay_test_archive(assay_test_path(name),
		    ARCHIVE_FORMAT_ZIP, ARCHIVE_FILTER_NONE, outer,
		    NELEM(outer));
	}
	free(tgz);
	ASSAY_CHECKF(rc == 0, "built %s", name);
	return rc == 0;
}

static void
test_determinism(void)
{
	static const char *const argv[] = { "scan", "--quiet", "--workspace",
	    "ws", "--out", "out", "--jobs", "2", "--probe-path",
	    ASSAY_PLUGIN_DIR "/good", "fw.zip", NULL };
	static const char *const allowed[] = { "fw.zip", "ws", "out",
	    "first", NULL };
	struct assay_test_run_result r;
	char a[PATH_MAX], b[PATH_MAX];
	struct dirent *de;
	DIR *d;
	json_t *m;
	size_t nfiles = 0;
	int pass;

	if (!make_varied("fw.zip") || !make_ws())
		return;
	for (pass = 0; pass < 2; pass++) {
		if (!run(&r, argv))
			return;
		/* The traversal fails a control of the default profile. */
		ASSAY_CHECKF(r.status == EXIT_FAIL, "pass %d: exit %d: %s",
		    pass, r.status, r.err);
		assay_test_result_release(&r);
		ASSAY_CHECKF(bundle_complete("out"), "pass %d: a bundle",
		    pass);
		if (pass == 0 && rename(assay_test_path("out"),
		    assay_test_path("first")) == -1) {
			ASSAY_CHECKF(0, "rename: %s", strerror(errno));
			return;
		}
	}
	/* Every file of the bundle, not only the four named here. */
	if ((d = opendir(assay_test_path("first"))) == NULL) {
		ASSAY_CHECKF(0, "opendir first: %s", strerror(errno));
		return;
	}
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		nfiles++;
		snprintf(a, sizeof(a), "%s/%s", assay_test_path("first"),
		    de->d_name);
		snprintf(b, sizeof(b), "%s/%s", assay_test_path("out"),
		    de->d_name);
		ASSAY_CHECKF(files_equal(a, b), "%s is byte-identical",
		    de->d_name);
	}
	closedir(d);
	ASSAY_CHECKF(nfiles >= NELEM(bundle_files), "compared %zu files",
	    nfiles);
	if ((d = opendir(assay_test_path("out"))) != NULL) {
		while ((de = readdir(d)) != NULL)
			if (de->d_name[0] != '.')
				nfiles--;
		closedir(d);
	}
	ASSAY_CHECKF(nfiles == 0, "both bundles hold the same files");
	m = bundle_json("out", "manifest.json");
	ASSAY_CHECKF(getenv("SOURCE_DATE_EPOCH") != NULL ||
	    (streq(jstr(m, "started"), EPOCH_TEXT) &&
	    streq(jstr(m, "finished"), EPOCH_TEXT)),
	    "the manifest's times come from SOURCE_DATE_EPOCH");
	json_decref(m);
	ASSAY_CHECKF(ws_empty(), "workspace removed");
	ASSAY_CHECKF(assay_test_dir_only(assay_test_dir(), allowed),
	    "nothing else in the test directory");
}

static void
test_out_dir(void)
{
	static const char *const keep_argv[] = { "scan", "--quiet",
	    "--profile", PROFILE_FILE, "--workspace", "ws", "--out", "keep",
	    "a.tar", NULL };
	static const char *const a_argv[] = { "scan", "--quiet",
	    "--profile", PROFILE_FILE, "--workspace", "ws", "--out", "out",
	    "a.tar", NULL };
	static const char *const b_argv[] = { "scan", "--quiet",
	    "--profile", PROFILE_FILE, "--workspace", "ws", "--out", "out",
	    "b.tar", NULL };
	static const char *const dot_argv[] = { "scan", "--quiet",
	    "--profile", PROFILE_FILE, "--workspace", "ws", "--out", ".",
	    "a.tar", NULL };
	static const char *const allowed[] = { "a.tar", "b.tar", "ws", "out",
	    "keep/precious.txt", PROFILE_FILE, NULL };
	struct assay_test_run_result r;
	char *precious;
	json_t *m, *inv, *e;
	size_t i;
	bool any_a = false;

	if (!make_tar("a.tar", "artefact a\n") ||
	    !make_tar("b.tar", "artefact b\n") || !make_ws() ||
	    !make_profile())
		return;
	if (mkdir(assay_test_path("keep"), 0755) == -1 ||
	    assay_test_write_file(assay_test_path("keep/precious.txt"),
	    "mine\n", 5) == -1) {
		ASSAY_CHECKF(0, "made keep/precious.txt");
		return;
	}
	/* Not a bundle: refused, untouched. */
	if (run(&r, keep_argv)) {
		ASSAY_CHECKF(r.status == EXIT_USAGE, "--out keep: exit %d",
		    r.status);
		ASSAY_CHECKF(contains(r.err, "keep") &&
		    contains(r.err, "not an assay bundle"),
		    "--out keep: says why: %s", r.err);
		assay_test_result_release(&r);
	}
	precious = assay_test_read_file(assay_test_path("keep/precious.txt"),
	    NULL);
	ASSAY_CHECKF(streq(precious, "mine\n"), "keep/precious.txt kept");
	free(precious);
	ASSAY_CHECKF(!exists(assay_test_path("keep/manifest.json")),
	    "no bundle written into keep");
	if (run(&r, dot_argv)) {
		ASSAY_CHECKF(r.status == EXIT_USAGE, "--out .: exit %d",
		    r.status);
		assay_test_result_release(&r);
	}

	/* An earlier bundle is replaced whole. */
	if (!run(&r, a_argv))
		return;
	ASSAY_CHECKF(r.status == EXIT_PASS, "scan a.tar: exit %d: %s",
	    r.status, r.err);
	assay_test_result_release(&r);
	if (!run(&r, b_argv))
		return;
	ASSAY_CHECKF(r.status == EXIT_PASS, "scan b.tar over it: exit %d: %s",
	    r.status, r.err);
	assay_test_result_release(&r);
	ASSAY_CHECKF(bundle_complete("out"), "the new bundle is complete");
	m = bundle_json("out", "manifest.json");
	ASSAY_CHECKF(streq(jstr(json_array_get(json_object_get(m,
	    "artefacts"), 0), "name"), "b.tar") &&
	    json_array_size(json_object_get(m, "artefacts")) == 1,
	    "the manifest is b.tar's alone");
	json_decref(m);
	inv = bundle_json("out", "inventory.json");
	json_array_foreach(json_object_get(inv, "entries"), i, e) {
		if (starts_with(jstr(e, "path"), "a.tar"))
			any_a = true;
	}
	ASSAY_CHECKF(inv != NULL && !any_a, "nothing of a.tar is left");
	json_decref(inv);
	ASSAY_CHECKF(ws_empty(), "workspace removed");
	/* No temporary or set-aside bundle is left beside it. */
	ASSAY_CHECKF(assay_test_dir_only(assay_test_dir(), allowed),
	    "only the bundle, the artefacts and keep/");
}

/* ---- plug-ins ----------------------------------------------------------- */

/* Whether coverage.json says probe examined the entry at path. */
static bool
examined_by(const json_t *cov, const char *path, const char *probe)
{
	json_t *e, *p;
	size_t i, k;

	json_array_foreach(json_object_get(cov, "entries"), i, e) {
		if (!streq(jstr(e, "path"), path))
			continue;
		json_array_foreach(json_object_get(e, "examined_by"), k, p) {
			if (streq(json_string_value(p), probe))
				return true;
		}
	}
	return false;
}

static json_t *
finding_of(json_t *findings, const char *rule, const char *probe)
{
	json_t *f;
	size_t i;

	json_array_foreach(findings, i, f) {
		if (streq(jstr(f, "rule"), rule) && (probe == NULL ||
		    streq(jstr(json_object_get(f, "evidence"), "probe"),
		    probe)))
			return f;
	}
	return NULL;
}

/* The good plug-in's findings and coverage, as any scan with it shows. */
static void
check_example(json_t *findings, const json_t *cov, const char *what)
{
	json_t *f;
	size_t i;
	char *size = NULL;

	ASSAY_CHECKF(assay_test_count_rule(findings, "example.file-seen",
	    NULL) == 2, "%s: two example.file-seen findings", what);
	ASSAY_CHECKF(assay_test_count_rule(findings, "example.file-seen",
	    "t.tar!/docs/readme.txt") == 1 &&
	    assay_test_count_rule(findings, "example.file-seen",
	    "t.tar!/notes.txt") == 1, "%s: for readme.txt and notes.txt",
	    what);
	json_array_foreach(findings, i, f) {
		if (streq(jstr(json_object_get(f, "location"), "path"),
		    "t.tar!/docs/readme.txt") && size == NULL)
			size = json_dumps(json_object_get(json_object_get(f,
			    "evidence"), "size"), JSON_ENCODE_ANY);
	}
	ASSAY_CHECKF(streq(size, "13"), "%s: readme.txt's size (13) read "
	    "through the harness: %s", what, size != NULL ? size : "-");
	free(size);
	ASSAY_CHECKF(examined_by(cov, "t.tar!/docs/readme.txt", "example") &&
	    examined_by(cov, "t.tar!/notes.txt", "example"),
	    "%s: coverage says example examined the .txt files", what);
	ASSAY_CHECKF(!examined_by(cov, "t.tar!/tool.bin", "example"),
	    "%s: and not tool.bin", what);
}

static void
test_plugin_good(void)
{
	static const char *const argv[] = { "scan", "--quiet", "--profile",
	    PROFILE_FILE, "--workspace", "ws", "--out", "out", "--probe-path",
	    ASSAY_PLUGIN_DIR "/good", "t.tar", NULL };
	static const char *const allowed[] = { "t.tar", "ws", "out",
	    PROFILE_FILE, NULL };
	char greeting[65];
	struct assay_test_run_result r;
	json_t *findings = NULL, *cov = NULL, *m = NULL, *p, *d;
	size_t i;
	bool listed = false, data = false;

	if (!make_tar("t.tar", "notes\n") || !make_ws() || !make_profile() ||
	    !run(&r, argv))
		return;
	ASSAY_CHECKF(r.status == EXIT_PASS, "exit %d: %s", r.status, r.err);
	assay_test_result_release(&r);
	findings = assay_test_findings(assay_test_path("out"));
	cov = bundle_json("out", "coverage.json");
	m = bundle_json("out", "manifest.json");
	check_example(findings, cov, "good");
	json_array_foreach(json_object_get(m, "probes"), i, p) {
		if (streq(jstr(p, "name"), "example") &&
		    streq(jstr(p, "status"), "ok") &&
		    streq(jstr(p, "version"), "1.0"))
			listed = true;
	}
	ASSAY_CHECKF(listed, "the manifest lists example 1.0, status ok");
	assay_test_sha256_hex("hello from the example probe's data folder\n",
	    43, greeting);
	json_array_foreach(json_object_get(m, "data"), i, d) {
		if (streq(jstr(d, "name"), "greeting.txt") &&
		    streq(jstr(d, "sha256"), greeting))
			data = true;
	}
	ASSAY_CHECKF(data, "the manifest records the data file's digest");
	ASSAY_CHECKF(ws_empty(), "workspace removed");
	ASSAY_CHECKF(assay_test_dir_only(assay_test_dir(), allowed),
	    "nothing else in the test directory");
	json_decref(findings);
	json_decref(cov);
	json_decref(m);
}

/* --trust reaches probes and the manifest; --set overrides a param. */
static void
test_plugin_trust_and_set(void)
{
	static const char anchor[] = "not parsed by the example probe\n";
	static const char *const argv[] = { "scan", "--quiet", "--profile",
	    PROFILE_FILE, "--workspace", "ws", "--out", "out", "--probe-path",
	    ASSAY_PLUGIN_DIR "/good", "--trust", "anchor.pem", "--set",
	    "example.glob=**/notes.txt", "t.tar", NULL };
	char digest[65];
	struct assay_test_run_result r;
	json_t *findings = NULL, *m = NULL, *t, *f;
	size_t i;
	bool recorded = false, reported = false;

	if (!make_tar("t.tar", "notes\n") || !make_ws() || !make_profile())
		return;
	if (assay_test_write_file(assay_test_path("anchor.pem"), anchor,
	    sizeof(anchor) - 1) != 0 || !run(&r, argv)) {
		ASSAY_CHECKF(false, "wrote anchor.pem and ran assay");
		return;
	}
	ASSAY_CHECKF(r.status == EXIT_PASS, "exit %d: %s", r.status, r.err);
	assay_test_result_release(&r);
	findings = assay_test_findings(assay_test_path("out"));
	m = bundle_json("out", "manifest.json");
	ASSAY_CHECKF(assay_test_count_rule(findings, "example.file-seen",
	    NULL) == 1 && assay_test_count_rule(findings, "example.file-seen",
	    "t.tar!/notes.txt") == 1, "--set narrowed the glob to notes.txt");
	json_array_foreach(findings, i, f) {
		if (streq(jstr(f, "rule"), "example.trust-file") &&
		    contains(jstr(f, "message"), "anchor.pem") &&
		    json_integer_value(json_object_get(json_object_get(f,
		    "evidence"), "bytes")) == (json_int_t)(sizeof(anchor) - 1))
			reported = true;
	}
	ASSAY_CHECKF(reported, "the probe saw anchor.pem and its size");
	assay_test_sha256_hex(anchor, sizeof(anchor) - 1, digest);
	json_array_foreach(json_object_get(m, "trust"), i, t) {
		if (streq(jstr(t, "name"), "anchor.pem") &&
		    streq(jstr(t, "sha256"), digest))
			recorded = true;
	}
	ASSAY_CHECKF(recorded, "the manifest records anchor.pem's digest");
	json_decref(findings);
	json_decref(m);
}

static void
test_plugin_refused(void)
{
	static const struct {
		const char *dir;
		const char *says[2];
	} rows[] = {
		{ ASSAY_PLUGIN_DIR "/bad-abi", { "2.0", "1.x" } },
		{ ASSAY_PLUGIN_DIR "/bad-size", { "oldsize.so", "1.x" } },
	};
	static const char *const allowed[] = { "t.tar", "ws", NULL };
	struct assay_test_run_result r;
	size_t i, k;

	if (!make_tar("t.tar", "notes\n") || !make_ws())
		return;
	for (i = 0; i < NELEM(rows); i++) {
		const char *scan[] = { "scan", "--quiet", "--workspace", "ws",
		    "--out", "out", "--probe-path", rows[i].dir, "t.tar",
		    NULL };
		const char *probes[] = { "probes", "--probe-path",
		    rows[i].dir, NULL };
		const char *const *argvs[] = { scan, probes };

		for (k = 0; k < NELEM(argvs); k++) {
			if (!run(&r, argvs[k]))
				continue;
			ASSAY_CHECKF(r.status == EXIT_USAGE,
			    "%s (%s): exit %d", rows[i].dir, argvs[k][0],
			    r.status);
			ASSAY_CHECKF(contains(r.err, rows[i].says[0]) &&
			    contains(r.err, rows[i].says[1]),
			    "%s (%s): stderr names %s and %s: %s",
			    rows[i].dir, argvs[k][0], rows[i].says[0],
			    rows[i].says[1], r.err);
			assay_test_result_release(&r);
		}
	}
	ASSAY_CHECKF(ws_empty(), "workspace removed");
	ASSAY_CHECKF(assay_test_dir_only(assay_test_dir(), allowed),
	    "no bundle when a plug-in is refused");
}

static void
test_plugin_failures(void)
{
	static const char *const argv[] = { "scan", "--quiet", "--profile",
	    PROFILE_FILE, "--workspace", "ws", "--out", "out", "--probe-cpu",
	    "1", "--probe-time", "5", "--probe-path", ASSAY_PLUGIN_DIR "/good:"
	    ASSAY_PLUGIN_DIR "/crash:" ASSAY_PLUGIN_DIR "/loop", "t.tar", NULL };
	static const char *const allowed[] = { "t.tar", "ws", "out",
	    PROFILE_FILE, NULL };
	struct assay_test_run_result r;
	struct timespec t0, t1;
	json_t *findings = NULL, *cov = NULL, *f;
	const char *why;
	double secs;

	if (!make_tar("t.tar", "notes\n") || !make_ws() || !make_profile())
		return;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	if (!run(&r, argv))
		return;
	clock_gettime(CLOCK_MONOTONIC, &t1);
	secs = (double)(t1.tv_sec - t0.tv_sec) +
	    (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	ASSAY_CHECKF(r.status == EXIT_INCOMPLETE, "exit %d, want 3: %s",
	    r.status, r.err);
	ASSAY_CHECKF(secs < (sanitized() ? 60.0 : 20.0),
	    "the limits stop the bad probes: %.1f s", secs);
	assay_test_result_release(&r);
	ASSAY_CHECKF(bundle_complete("out"), "a complete bundle");
	findings = assay_test_findings(assay_test_path("out"));
	cov = bundle_json("out", "coverage.json");

	f = finding_of(findings, "harness.probe-error", "crash");
	why = jstr(json_object_get(f, "evidence"), "reason");
	/* Under ASan the SEGV handler aborts instead. */
	ASSAY_CHECKF(f != NULL && contains(why, "signal") &&
	    (sanitized() || contains(why, "signal 11")),
	    "crash: probe-error naming the signal: %s",
	    why != NULL ? why : "-");
	ASSAY_CHECKF(contains(jstr(f, "message"), "crash"),
	    "the message names the probe");
	f = finding_of(findings, "harness.probe-error", "loop");
	why = jstr(json_object_get(f, "evidence"), "reason");
	ASSAY_CHECKF(f != NULL && (contains(why, "CPU limit") ||
	    contains(why, "wall-time limit")),
	    "loop: probe-error naming the limit: %s", why != NULL ? why : "-");
	ASSAY_CHECKF(assay_test_count_rule(findings, "harness.probe-error",
	    NULL) == 2, "exactly two probe errors");
	ASSAY_CHECKF(assay_test_count_rule(findings, "crash.before", NULL) ==
	    1, "the crashing probe's finding before the crash is kept");
	check_example(findings, cov, "good beside crash and loop");
	ASSAY_CHECKF(ws_empty(), "workspace removed");
	ASSAY_CHECKF(assay_test_dir_only(assay_test_dir(), allowed),
	    "nothing else in the test directory");
	json_decref(findings);
	json_decref(cov);
}

static CU_TestInfo cli_tests[] = {
	{ "usage errors", test_usage_errors },
	{ "--help", test_help },
	{ "version", test_version },
	{ "probes --json", test_probes_json },
	{ "bad limit values", test_bad_limits },
	{ "reproducible bundles", test_determinism },
	{ "--out rules", test_out_dir },
	CU_TEST_INFO_NULL
};

static CU_TestInfo plugin_tests[] = {
	{ "the example plug-in", test_plugin_good },
	{ "--trust and --set reach a plug-in", test_plugin_trust_and_set },
	{ "wrong ABI and short struct refused", test_plugin_refused },
	{ "crash and loop beside a good probe", test_plugin_failures },
	CU_TEST_INFO_NULL
};

static CU_SuiteInfo suites[] = {
	{ "cli", NULL, NULL, assay_test_setup, assay_test_teardown,
	    cli_tests },
	{ "plugins", NULL, NULL, assay_test_setup, assay_test_teardown,
	    plugin_tests },
	CU_SUITE_INFO_NULL
};

int
main(void)
{
	return assay_test_run(suites);
}
