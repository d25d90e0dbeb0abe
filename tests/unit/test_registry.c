/*
 * The probe registry (registry.c) and plug-in loading (plugin.c): what is
 * refused and why, and that a separately built shared object loads, while
 * one of another ABI major is refused with a message naming both versions.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <CUnit/CUnit.h>

#include "registry.h"
#include "testutil.h"

#ifndef ASSAY_PLUGIN_DIR
#error "the build defines ASSAY_PLUGIN_DIR"
#endif

static enum assay_err
noop_run(struct assay_scan *scan)
{
	(void)scan;
	return ASSAY_OK;
}

static bool
ends_with(const char *s, const char *tail)
{
	size_t n, t;

	if (s == NULL)
		return false;
	n = strlen(s);
	t = strlen(tail);
	return n >= t && strcmp(s + n - t, tail) == 0;
}

static bool
contains(const char *s, const char *part)
{
	return s != NULL && strstr(s, part) != NULL;
}

/* One rule table per row: { id, id2 }, id2 NULL for a single rule. */
struct row {
	const char *name;
	const char *id;
	const char *id2;
	uint32_t abi;
	bool no_rules;
	bool no_run;
	enum assay_err want;
	const char *says;	/* part of the message when refused */
};

static void
test_registry_validation(void)
{
	static const struct row rows[] = {
		{ "ok-1", "ok-1.thing", NULL, ASSAY_PROBE_ABI, false, false,
		    ASSAY_OK, NULL },
		{ "ok", "ok.a.b-c", "ok.d", ASSAY_PROBE_ABI, false, false,
		    ASSAY_OK, NULL },
		{ "minor", "minor.x", NULL, ASSAY_PROBE_ABI + 5, false, false,
		    ASSAY_OK, NULL },
		{ "", "x.y", NULL, ASSAY_PROBE_ABI, false, false,
		    ASSAY_ERR_PLUGIN, "[a-z0-9-]" },
		{ NULL, "x.y", NULL, ASSAY_PROBE_ABI, false, false,
		    ASSAY_ERR_PLUGIN, "[a-z0-9-]" },
		{ "Bad", "Bad.x", NULL, ASSAY_PROBE_ABI, false, false,
		    ASSAY_ERR_PLUGIN, "\"Bad\"" },
		{ "a_b", "a_b.x", NULL, ASSAY_PROBE_ABI, false, false,
		    ASSAY_ERR_PLUGIN, "a_b" },
		{ "a/b", "a/b.x", NULL, ASSAY_PROBE_ABI, false, false,
		    ASSAY_ERR_PLUGIN, "a/b" },
		{ "a b", "a b.x", NULL, ASSAY_PROBE_ABI, false, false,
		    ASSAY_ERR_PLUGIN, "a b" },
		{ "harness", "harness.x", NULL, ASSAY_PROBE_ABI, false, false,
		    ASSAY_ERR_PLUGIN, "reserved" },
		{ "p1", "other.x", NULL, ASSAY_PROBE_ABI, false, false,
		    ASSAY_ERR_PLUGIN, "other.x" },
		{ "p2", "p2", NULL, ASSAY_PROBE_ABI, false, false,
		    ASSAY_ERR_PLUGIN, "\"p2.<what>\"" },
		{ "p3", "p3.", NULL, ASSAY_PROBE_ABI, false, false,
		    ASSAY_ERR_PLUGIN, "p3." },
		{ "p4", "p4x.y", NULL, ASSAY_PROBE_ABI, false, false,
		    ASSAY_ERR_PLUGIN, "p4x.y" },
		{ "p5", "p5.Upper", NULL, ASSAY_PROBE_ABI, false, false,
		    ASSAY_ERR_PLUGIN, "p5.Upper" },
		{ "p6", "p6.x", NULL, ASSAY_PROBE_ABI, true, false,
		    ASSAY_ERR_PLUGIN, "no rule table" },
		{ "p7", "p7.x", NULL, ASSAY_PROBE_ABI, false, true,
		    ASSAY_ERR_PLUGIN, "no run function" },
		{ "p8", "p8.x", NULL, 2u << 16, false, false,
		    ASSAY_ERR_PLUGIN, "probe ABI 2.0, this assay needs 1.x" },
		{ "p9", "p9.x", "p9.x", ASSAY_PROBE_ABI, false, false,
		    ASSAY_ERR_PLUGIN, "declared twice" },
		{ "a123456789b123456789c123456789d123456789e123456789"
		    "f123456789g12345", "x.y", NULL, ASSAY_PROBE_ABI, false,
		    false, ASSAY_ERR_PLUGIN, "[a-z0-9-]" },
	};
	struct assay_registry reg = ASSAY_REGISTRY_INIT;
	struct assay_rule rules[3];
	struct assay_probe p;
	struct assay_error err;
	enum assay_err r;
	size_t i;

	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		memset(rules, 0, sizeof(rules));
		rules[0].id = rows[i].id;
		rules[0].title = "a rule";
		rules[1].id = rows[i].id2;
		rules[1].title = "another rule";
		memset(&p, 0, sizeof(p));
		p.abi = rows[i].abi;
		p.size = sizeof(p);
		p.name = rows[i].name;
		p.version = "1";
		p.summary = "test";
		p.rules = rows[i].no_rules ? NULL : rules;
		p.run = rows[i].no_run ? NULL : noop_run;
		memset(&err, 0, sizeof(err));
		r = assay_registry_add(&reg, &p, "row", NULL, &err);
		ASSAY_CHECKF(r == rows[i].want, "row %zu (%s): got %d %s", i,
		    rows[i].name ? rows[i].name : "NULL", (int)r, err.msg);
		if (rows[i].want == ASSAY_OK) {
			ASSAY_CHECKF(reg.n == 1 &&
			    strcmp(reg.v[0].ops.name, rows[i].name) == 0 &&
			    strcmp(reg.v[0].origin, "row") == 0 &&
			    reg.v[0].data_dir == NULL && reg.v[0].dl == NULL,
			    "row %zu registered", i);
		} else {
			ASSAY_CHECKF(reg.n == 0, "row %zu not registered", i);
			ASSAY_CHECKF(contains(err.msg, rows[i].says),
			    "row %zu: \"%s\" should say \"%s\"", i, err.msg,
			    rows[i].says);
		}
		assay_registry_release(&reg);
	}
}

static const struct assay_rule dup_rules[] = {
	{ "dup.x", ASSAY_SEV_HIGH, "a rule" },
	{ NULL, ASSAY_SEV_INFO, NULL }
};

static const struct assay_probe dup_probe = {
	ASSAY_PROBE_ABI, sizeof(struct assay_probe), "dup", "1", "test",
	dup_rules, noop_run
};

static void
test_registry_duplicates_find_rule(void)
{
	struct assay_registry reg = ASSAY_REGISTRY_INIT;
	const struct assay_probe_slot *s;
	const struct assay_rule *ru;
	struct assay_error err;

	CU_ASSERT_EQUAL(assay_registry_add(&reg, &dup_probe, NULL, "/d", &err),
	    ASSAY_OK);
	CU_ASSERT_EQUAL(assay_registry_add(&reg, &dup_probe, "again", NULL,
	    &err), ASSAY_ERR_PLUGIN);
	ASSAY_CHECKF(contains(err.msg, "already registered"), "%s", err.msg);
	CU_ASSERT_EQUAL(reg.n, 1);

	s = assay_registry_find(&reg, "dup");
	CU_ASSERT_PTR_NOT_NULL_FATAL(s);
	CU_ASSERT_STRING_EQUAL(s->origin, "built-in");
	CU_ASSERT_STRING_EQUAL(s->data_dir, "/d");
	CU_ASSERT_PTR_NULL(assay_registry_find(&reg, "nope"));
	CU_ASSERT_PTR_NULL(assay_registry_find(&reg, NULL));

	ru = assay_registry_rule(&reg, "dup.x");
	CU_ASSERT_PTR_NOT_NULL_FATAL(ru);
	CU_ASSERT_EQUAL(ru->severity, ASSAY_SEV_HIGH);
	CU_ASSERT_PTR_NULL(assay_registry_rule(&reg, "harness.probe-error"));
	CU_ASSERT_PTR_NULL(assay_registry_rule(&reg, "dup.y"));
	assay_registry_release(&reg);
	CU_ASSERT_EQUAL(reg.n, 0);
	CU_ASSERT_PTR_NULL(reg.v);
	/* Released twice, or never used: both harmless. */
	assay_registry_release(&reg);
	assay_registry_release(NULL);
}

static void
test_registry_at_most_64(void)
{
	static char names[ASSAY_MAX_PROBES + 1][16];
	static char ids[ASSAY_MAX_PROBES + 1][24];
	static struct assay_rule rules[ASSAY_MAX_PROBES + 1][2];
	static struct assay_probe probes[ASSAY_MAX_PROBES + 1];
	struct assay_registry reg = ASSAY_REGISTRY_INIT;
	const struct assay_probe_slot *first;
	struct assay_error err;
	enum assay_err r;
	size_t i;

	for (i = 0; i <= ASSAY_MAX_PROBES; i++) {
		snprintf(names[i], sizeof(names[i]), "p%zu", i);
		snprintf(ids[i], sizeof(ids[i]), "p%zu.x", i);
		rules[i][0].id = ids[i];
		rules[i][0].title = "a rule";
		probes[i].abi = ASSAY_PROBE_ABI;
		probes[i].size = sizeof(probes[i]);
		probes[i].name = names[i];
		probes[i].version = "1";
		probes[i].summary = "test";
		probes[i].rules = rules[i];
		probes[i].run = noop_run;
	}
	first = NULL;
	for (i = 0; i < ASSAY_MAX_PROBES; i++) {
		r = assay_registry_add(&reg, &probes[i], NULL, NULL, &err);
		ASSAY_CHECKF(r == ASSAY_OK, "probe %zu: %s", i, err.msg);
		if (i == 0)
			first = &reg.v[0];
	}
	/* Slots never move, so pointers handed out stay valid. */
	CU_ASSERT_PTR_EQUAL(first, &reg.v[0]);
	r = assay_registry_add(&reg, &probes[ASSAY_MAX_PROBES], NULL, NULL,
	    &err);
	CU_ASSERT_EQUAL(r, ASSAY_ERR_PLUGIN);
	ASSAY_CHECKF(contains(err.msg, "at most 64"), "%s", err.msg);
	CU_ASSERT_EQUAL(reg.n, ASSAY_MAX_PROBES);
	assay_registry_release(&reg);
}

static const struct assay_rule tbl_a_rules[] = {
	{ "tbl-a.x", ASSAY_SEV_LOW, "a rule" },
	{ NULL, ASSAY_SEV_INFO, NULL }
};
static const struct assay_rule tbl_b_rules[] = {
	{ NULL, ASSAY_SEV_INFO, NULL }
};
static const struct assay_probe tbl_a = {
	ASSAY_PROBE_ABI, sizeof(struct assay_probe), "tbl-a", "1", "test",
	tbl_a_rules, noop_run
};
static const struct assay_probe tbl_b = {
	ASSAY_PROBE_ABI, sizeof(struct assay_probe), "tbl-b", "1", "test",
	tbl_b_rules, noop_run
};
static const struct assay_probe tbl_bad = {
	ASSAY_PROBE_ABI, sizeof(struct assay_probe), "../up", "1", "test",
	tbl_b_rules, noop_run
};

static void
test_registry_table_data_dirs(void)
{
	const struct assay_probe *const table[] = { &tbl_a, &tbl_b, NULL };
	const struct assay_probe *const bad[] = { &tbl_bad, NULL };
	struct assay_registry reg = ASSAY_REGISTRY_INIT;
	struct assay_error err;
	char want[4096];

	CU_ASSERT_EQUAL_FATAL(mkdir(assay_test_path("probes"), 0700), 0);
	CU_ASSERT_EQUAL_FATAL(mkdir(assay_test_path("probes/tbl-a"), 0700), 0);
	CU_ASSERT_EQUAL_FATAL(mkdir(assay_test_path("probes/tbl-a/data"),
	    0700), 0);
	CU_ASSERT_EQUAL_FATAL(assay_registry_add_table(&reg, table,
	    assay_test_dir(), &err), ASSAY_OK);
	CU_ASSERT_EQUAL_FATAL(reg.n, 2);
	snprintf(want, sizeof(want), "%s/probes/tbl-a/data", assay_test_dir());
	CU_ASSERT_STRING_EQUAL(reg.v[0].data_dir, want);
	CU_ASSERT_STRING_EQUAL(reg.v[0].origin, "built-in");
	/* No folder, no data_dir: the probe has no data files. */
	CU_ASSERT_PTR_NULL(reg.v[1].data_dir);
	assay_registry_release(&reg);

	CU_ASSERT_EQUAL(assay_registry_add_table(&reg, table, NULL, &err),
	    ASSAY_OK);
	CU_ASSERT_PTR_NULL(reg.v[0].data_dir);
	assay_registry_release(&reg);

	/* A bad name is refused, never turned into a path. */
	CU_ASSERT_EQUAL(assay_registry_add_table(&reg, bad, assay_test_dir(),
	    &err), ASSAY_ERR_PLUGIN);
	CU_ASSERT_EQUAL(reg.n, 0);
	assay_registry_release(&reg);
}

static void
test_plugin_good(void)
{
	struct assay_registry reg = ASSAY_REGISTRY_INIT;
	const char *so = ASSAY_PLUGIN_DIR "/good/example.so";
	struct assay_error err;
	enum assay_err r;

	r = assay_registry_load_plugin(&reg, so, &err);
	ASSAY_CHECKF(r == ASSAY_OK, "%s", err.msg);
	CU_ASSERT_EQUAL_FATAL(reg.n, 1);
	CU_ASSERT_STRING_EQUAL(reg.v[0].ops.name, "example");
	CU_ASSERT_STRING_EQUAL(reg.v[0].origin, so);
	CU_ASSERT_PTR_NOT_NULL(reg.v[0].dl);
	CU_ASSERT_PTR_NOT_NULL(reg.v[0].ops.run);
	CU_ASSERT_EQUAL(reg.v[0].ops.abi >> 16, ASSAY_PROBE_ABI_MAJOR);
	CU_ASSERT_STRING_EQUAL(reg.v[0].ops.rules[0].id, "example.file-seen");
	ASSAY_CHECKF(ends_with(reg.v[0].data_dir, "/good/example-data"),
	    "data_dir %s", reg.v[0].data_dir ? reg.v[0].data_dir : "NULL");

	/* Loading it again is a duplicate; the second copy is let go. */
	r = assay_registry_load_plugin(&reg, so, &err);
	CU_ASSERT_EQUAL(r, ASSAY_ERR_PLUGIN);
	ASSAY_CHECKF(contains(err.msg, "already registered"), "%s", err.msg);
	CU_ASSERT_EQUAL(reg.n, 1);
	assay_registry_release(&reg);
}

static void
test_plugin_refused(void)
{
	static const struct {
		const char *path;
		const char *says[3];
	} rows[] = {
		{ ASSAY_PLUGIN_DIR "/bad-abi/wrongabi.so",
		    { "wrongabi.so", "probe ABI 2.0",
		    "this assay needs 1.x" } },
		{ ASSAY_PLUGIN_DIR "/bad-size/oldsize.so",
		    { "oldsize.so", "bytes", NULL } },
		{ ASSAY_PLUGIN_DIR "/good/no-such.so",
		    { "cannot load", "no-such.so", NULL } },
	};
	struct assay_registry reg = ASSAY_REGISTRY_INIT;
	struct assay_error err;
	enum assay_err r;
	size_t i, k;

	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		memset(&err, 0, sizeof(err));
		r = assay_registry_load_plugin(&reg, rows[i].path, &err);
		ASSAY_CHECKF(r == ASSAY_ERR_PLUGIN, "%s: %d", rows[i].path,
		    (int)r);
		CU_ASSERT_EQUAL(reg.n, 0);
		for (k = 0; k < 3 && rows[i].says[k] != NULL; k++)
			ASSAY_CHECKF(contains(err.msg, rows[i].says[k]),
			    "\"%s\" should say \"%s\"", err.msg,
			    rows[i].says[k]);
	}

	/* Not a shared object at all. */
	CU_ASSERT_EQUAL_FATAL(assay_test_write_file(assay_test_path("junk.so"),
	    "not ELF", 7), 0);
	r = assay_registry_load_plugin(&reg, assay_test_path("junk.so"), &err);
	CU_ASSERT_EQUAL(r, ASSAY_ERR_PLUGIN);
	ASSAY_CHECKF(contains(err.msg, "junk.so"), "%s", err.msg);
	CU_ASSERT_EQUAL(reg.n, 0);
	assay_registry_release(&reg);
}

static void
test_plugin_path(void)
{
	struct assay_registry reg = ASSAY_REGISTRY_INIT;
	struct assay_error err;
	char list[8192];
	enum assay_err r;

	/* Folders in list order, empty components skipped. */
	snprintf(list, sizeof(list), "%s/crash::%s/good:", ASSAY_PLUGIN_DIR,
	    ASSAY_PLUGIN_DIR);
	r = assay_registry_load_path(&reg, list, &err);
	ASSAY_CHECKF(r == ASSAY_OK, "%s", err.msg);
	CU_ASSERT_EQUAL_FATAL(reg.n, 2);
	CU_ASSERT_STRING_EQUAL(reg.v[0].ops.name, "crash");
	CU_ASSERT_STRING_EQUAL(reg.v[1].ops.name, "example");
	assay_registry_release(&reg);

	/* Within a folder, name order; only *.so, no hidden files. */
	CU_ASSERT_EQUAL_FATAL(symlink(ASSAY_PLUGIN_DIR "/crash/crash.so",
	    assay_test_path("b.so")), 0);
	CU_ASSERT_EQUAL_FATAL(symlink(ASSAY_PLUGIN_DIR "/loop/loop.so",
	    assay_test_path("a.so")), 0);
	CU_ASSERT_EQUAL_FATAL(symlink(ASSAY_PLUGIN_DIR "/bad-abi/wrongabi.so",
	    assay_test_path(".hidden.so")), 0);
	CU_ASSERT_EQUAL_FATAL(assay_test_write_file(assay_test_path("c.txt"),
	    "x", 1), 0);
	CU_ASSERT_EQUAL_FATAL(mkdir(assay_test_path("d.so"), 0700), 0);
	r = assay_registry_load_path(&reg, assay_test_dir(), &err);
	ASSAY_CHECKF(r == ASSAY_OK, "%s", err.msg);
	CU_ASSERT_EQUAL_FATAL(reg.n, 2);
	CU_ASSERT_STRING_EQUAL(reg.v[0].ops.name, "loop");
	CU_ASSERT_STRING_EQUAL(reg.v[1].ops.name, "crash");
	assay_registry_release(&reg);

	/* A missing folder is an error that names it. */
	r = assay_registry_load_path(&reg, "/nonexistent/assay-probes", &err);
	CU_ASSERT_EQUAL(r, ASSAY_ERR_PLUGIN);
	ASSAY_CHECKF(contains(err.msg, "/nonexistent/assay-probes"), "%s",
	    err.msg);
	CU_ASSERT_EQUAL(reg.n, 0);
	assay_registry_release(&reg);

	/* One refused plug-in fails the whole path, naming it. */
	snprintf(list, sizeof(list), "%s/good:%s/bad-abi", ASSAY_PLUGIN_DIR,
	    ASSAY_PLUGIN_DIR);
	r = assay_registry_load_path(&reg, list, &err);
	CU_ASSERT_EQUAL(r, ASSAY_ERR_PLUGIN);
	ASSAY_CHECKF(contains(err.msg, "wrongabi.so") &&
	    contains(err.msg, "2.0") && contains(err.msg, "1.x"), "%s",
	    err.msg);
	assay_registry_release(&reg);

	/* Nothing to load is not an error. */
	CU_ASSERT_EQUAL(assay_registry_load_path(&reg, "", &err), ASSAY_OK);
	CU_ASSERT_EQUAL(assay_registry_load_path(&reg, NULL, &err), ASSAY_OK);
	CU_ASSERT_EQUAL(reg.n, 0);
	assay_registry_release(&reg);
}

static CU_TestInfo registry_tests[] = {
	{ "validation table", test_registry_validation },
	{ "duplicates, find and rule", test_registry_duplicates_find_rule },
	{ "at most 64 probes", test_registry_at_most_64 },
	{ "built-in table and data folders", test_registry_table_data_dirs },
	CU_TEST_INFO_NULL
};

static CU_TestInfo plugin_tests[] = {
	{ "good plug-in loads", test_plugin_good },
	{ "wrong ABI, bad size and junk refused", test_plugin_refused },
	{ "probe path order and errors", test_plugin_path },
	CU_TEST_INFO_NULL
};

static CU_SuiteInfo suites[] = {
	{ "registry", NULL, NULL, assay_test_setup, assay_test_teardown,
	    registry_tests },
	{ "plugin", NULL, NULL, assay_test_setup, assay_test_teardown,
	    plugin_tests },
	CU_SUITE_INFO_NULL
};

int
main(void)
{
	return assay_test_run(suites);
}
