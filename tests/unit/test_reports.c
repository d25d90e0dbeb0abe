/*
 * The bundle writers: a scan summary built by hand (inventory, findings,
 * registry, run report) is written into a bundle, and each file is read
 * back with Jansson and checked field by field, for its layout (sorted keys,
 * Jansson's indent), for determinism, against its JSON Schema, and for the
 * bundle directory's atomic replace, refusal and abort.
 */
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <dirent.h>
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
#include "inventory.h"
#include "jsonout.h"
#include "limits.h"
#include "registry.h"
#include "reports.h"
#include "runner.h"
#include "testutil.h"

/* 2026-11-29T14:00:00Z */
#define NOW		INT64_C(1795960800)
#define MTIME		INT64_C(1700000000)

#define SCHEMA_DIR	ASSAY_TEST_SOURCE_DIR "/../reports/schema"

/* The index of each hand-made entry. */
enum {
	E_FW, E_ETC, E_SHADOW, E_SU, E_SU2, E_LNK, E_EVIL, E_ZIP, E_ODD,
	E_APP, E_COUNT
};

/* A name with a control character, a quote, a backslash and a u-umlaut. */
#define ODD_NAME	"a\x01\"b\\\xc3\xbc.txt"

static const char *const bundle_files[] = {
	"coverage.json", "findings.json", "inventory.json", "manifest.json",
};
#define NFILES (sizeof(bundle_files) / sizeof(bundle_files[0]))

static const struct assay_rule alpha_rules[] = {
	{ "alpha.default-password", ASSAY_SEV_CRITICAL, "default password" },
	{ NULL, ASSAY_SEV_INFO, NULL },
};
static const struct assay_rule beta_rules[] = {
	{ "beta.old", ASSAY_SEV_LOW, "old component" },
	{ NULL, ASSAY_SEV_INFO, NULL },
};

static char origin_builtin[] = "built-in";
static char origin_plugin[] = "/opt/assay/probes/beta.so";
static char error_beta[] = "killed by signal 9 (Killed)";
static char kind_data[] = "data";
static char probe_alpha[] = "alpha";
static char data_name[] = "passwords.txt";
static char data_sha[] =
    "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

/* Arrays, not literals: argv is char *const *, and literals are const. */
static char arg_assay[] = "assay";
static char arg_scan[] = "scan";
static char arg_out[] = "--out";
static char arg_bundle[] = "bundle";
static char arg_fw[] = "fw.tar.gz";
static char arg_app[] = "app.zip";
static char *const command[] = {
	arg_assay, arg_scan, arg_out, arg_bundle, arg_fw, arg_app, NULL
};
static char *const argv0[] = { arg_assay, NULL };

struct fixture {
	struct assay_inventory *inv;
	struct assay_findings fs;
	struct assay_probe_slot slots[2];
	struct assay_registry reg;
	struct assay_probe_outcome outcomes[2];
	struct assay_provenance used[1];
	struct assay_run_report run;
	struct assay_limits limits;
	struct assay_scan_summary s;
};

/* Bytes of entry i's made-up digest; each entry's differs. */
static void
fake_digest(unsigned char *p, size_t n, unsigned seed)
{
	size_t i;

	for (i = 0; i < n; i++)
		p[i] = (unsigned char)(seed * 31u + i * 7u);
}

static void
hex_of(const unsigned char *p, size_t n, char *out)
{
	size_t i;

	for (i = 0; i < n; i++)
		snprintf(out + 2 * i, 3, "%02x", p[i]);
	out[2 * n] = '\0';
}

static struct assay_entry *
add_entry(struct assay_inventory *inv, const char *path, const char *name,
    unsigned type, uint32_t mode, uint32_t parent, uint32_t flags)
{
	struct assay_entry *e, *p;

	if ((e = assay_inventory_add(inv)) == NULL)
		return NULL;
	e->path = assay_inventory_strdup(inv, path, strlen(path));
	e->name = assay_inventory_strdup(inv, name, strlen(name));
	e->type = (uint16_t)type;
	e->mode = mode;
	e->parent = parent;
	e->flags = flags;
	e->mtime = MTIME;
	e->uid = 0;
	e->gid = 0;
	if (parent != ASSAY_NO_ENTRY &&
	    (p = assay_inventory_get(inv, parent)) != NULL) {
		e->depth = (uint16_t)(p->depth + 1);
		e->container = p->child;
	}
	return e;
}

static void
hashed(struct assay_entry *e, uint64_t size)
{
	e->hashed = true;
	e->size = size;
	fake_digest(e->sha256, sizeof(e->sha256), e->index);
}

static void
add_container(struct assay_inventory *inv, uint32_t entry,
    const char *format, const char *filters,
    enum assay_container_status status, const char *reason,
    uint64_t entries, uint64_t bytes)
{
	struct assay_container *c;
	uint32_t idx;

	c = assay_inventory_add_container(inv, &idx);
	CU_ASSERT_FATAL(c != NULL);
	c->entry = entry;
	c->format = format;
	c->filters = filters;
	c->status = status;
	c->reason = reason;
	c->entries = entries;
	c->bytes = bytes;
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

	e = add_entry(inv, "fw.tar.gz", "fw.tar.gz", ASSAY_ENTRY_FILE, 0644,
	    ASSAY_NO_ENTRY, ASSAY_FLAG_ARTEFACT | ASSAY_FLAG_CONTENT |
	    ASSAY_FLAG_CONTAINER);
	CU_ASSERT_FATAL(e != NULL);
	hashed(e, 4096);
	e->examined = 1;
	add_container(inv, E_FW, "GNU tar format", "gzip",
	    ASSAY_CONTAINER_COMPLETE, NULL, 8, 5000);

	e = add_entry(inv, "fw.tar.gz!/etc", "etc", ASSAY_ENTRY_DIR, 01777,
	    E_FW, ASSAY_FLAG_WORLD_WRITABLE);
	CU_ASSERT_FATAL(e != NULL);

	e = add_entry(inv, "fw.tar.gz!/etc/shadow", "etc/shadow",
	    ASSAY_ENTRY_FILE, 0640, E_FW, ASSAY_FLAG_CONTENT);
	CU_ASSERT_FATAL(e != NULL);
	hashed(e, 120);
	e->uid = 0;
	e->gid = 42;
	e->examined = 1;

	e = add_entry(inv, "fw.tar.gz!/bin/su", "bin/su", ASSAY_ENTRY_FILE,
	    04755, E_FW, ASSAY_FLAG_CONTENT | ASSAY_FLAG_SETUID);
	CU_ASSERT_FATAL(e != NULL);
	hashed(e, 30000);
	e->examined = 3;	/* beta too, but beta failed */
	e->failed = 2;

	e = add_entry(inv, "fw.tar.gz!/bin/su2", "bin/su2",
	    ASSAY_ENTRY_HARDLINK, 04755, E_FW, ASSAY_FLAG_SETUID);
	CU_ASSERT_FATAL(e != NULL);
	e->link = assay_inventory_strdup(inv, "bin/su", 6);
	e->content = E_SU;
	e->failed = 2;

	e = add_entry(inv, "fw.tar.gz!/lnk", "lnk", ASSAY_ENTRY_SYMLINK, 0777,
	    E_FW, ASSAY_FLAG_LINK_OUTSIDE);
	CU_ASSERT_FATAL(e != NULL);
	e->link = assay_inventory_strdup(inv, "../../etc/passwd", 16);

	e = add_entry(inv, "fw.tar.gz!/../evil", "../evil", ASSAY_ENTRY_FILE,
	    0644, E_FW, ASSAY_FLAG_REFUSED);
	CU_ASSERT_FATAL(e != NULL);
	hashed(e, 5);
	e->gap = ASSAY_GAP_REFUSED;

	e = add_entry(inv, "fw.tar.gz!/nested.zip", "nested.zip",
	    ASSAY_ENTRY_FILE, 0600, E_FW, ASSAY_FLAG_CONTENT |
	    ASSAY_FLAG_CONTAINER);
	CU_ASSERT_FATAL(e != NULL);
	hashed(e, 800);
	add_container(inv, E_ZIP, "ZIP 2.0 (deflation)", "",
	    ASSAY_CONTAINER_CORRUPT, "truncated central directory", 1, 10);

	e = add_entry(inv, "fw.tar.gz!/nested.zip!/" ODD_NAME, ODD_NAME,
	    ASSAY_ENTRY_FILE, 0644, E_ZIP, ASSAY_FLAG_INVALID_UTF8 |
	    ASSAY_FLAG_TRUNCATED);
	CU_ASSERT_FATAL(e != NULL);
	e->raw_name = assay_inventory_strdup(inv, "6101", 4);
	e->gap = ASSAY_GAP_CORRUPT;
	e->mtime = -1;
	e->uid = 1000;
	e->gid = 1000;

	e = add_entry(inv, "app.zip", "app.zip", ASSAY_ENTRY_FILE, 0644,
	    ASSAY_NO_ENTRY, ASSAY_FLAG_ARTEFACT | ASSAY_FLAG_CONTENT);
	CU_ASSERT_FATAL(e != NULL);
	hashed(e, 77);
	e->examined = 2;
	e->failed = 2;

	CU_ASSERT_FATAL(assay_inventory_count(inv) == E_COUNT);
	add_artefact(inv, E_FW, 4096);
	add_artefact(inv, E_APP, 77);
}

static void
build_findings(struct assay_findings *fs)
{
	CU_ASSERT_FATAL(assay_findings_add(fs, "alpha",
	    "alpha.default-password", ASSAY_SEV_CRITICAL, E_SHADOW, 1,
	    "{\"user\":\"root\",\"list\":[1,2.5,true,null,"
	    "{\"z\":1,\"a\":\"\\u00e9\"}]}",
	    "account root accepts a default password") == ASSAY_OK);
	CU_ASSERT_FATAL(assay_findings_add(fs, "harness", "harness.setuid",
	    ASSAY_SEV_MEDIUM, E_SU, 0, NULL, "bin/su is setuid root") ==
	    ASSAY_OK);
	CU_ASSERT_FATAL(assay_findings_add(fs, "harness",
	    "harness.corrupt-archive", ASSAY_SEV_HIGH, E_ODD, 0, NULL,
	    "nested.zip broke while it was read") == ASSAY_OK);
	CU_ASSERT_FATAL(assay_findings_add(fs, "harness",
	    "harness.probe-error", ASSAY_SEV_HIGH, ASSAY_NO_ENTRY, 0,
	    "{\"probe\":\"beta\"}", "probe beta was killed") == ASSAY_OK);
}

static void
fixture_init(struct fixture *fx)
{
	struct assay_probe_slot *slot;

	memset(fx, 0, sizeof(*fx));
	fx->inv = assay_inventory_new();
	CU_ASSERT_FATAL(fx->inv != NULL);
	build_inventory(fx->inv);
	build_findings(&fx->fs);

	slot = &fx->slots[0];
	slot->ops.abi = ASSAY_PROBE_ABI;
	slot->ops.size = sizeof(slot->ops);
	slot->ops.name = "alpha";
	slot->ops.version = "1.2.0";
	slot->ops.summary = "finds default passwords";
	slot->ops.rules = alpha_rules;
	slot->origin = origin_builtin;
	slot = &fx->slots[1];
	slot->ops.abi = ASSAY_PROBE_ABI;
	slot->ops.size = sizeof(slot->ops);
	slot->ops.name = "beta";
	slot->ops.version = "0.9";
	slot->ops.summary = "dates components";
	slot->ops.rules = beta_rules;
	slot->origin = origin_plugin;
	fx->reg.v = fx->slots;
	fx->reg.n = 2;

	fx->outcomes[0].name = "alpha";
	fx->outcomes[0].ok = true;
	fx->outcomes[0].findings = 1;
	fx->outcomes[0].examined = 4;
	fx->outcomes[1].name = "beta";
	fx->outcomes[1].ok = false;
	fx->outcomes[1].error = error_beta;
	fx->outcomes[1].examined = 2;
	fx->used[0].kind = kind_data;
	fx->used[0].probe = probe_alpha;
	fx->used[0].name = data_name;
	fx->used[0].sha256 = data_sha;
	fx->used[0].bytes = 1234;
	fx->run.outcomes = fx->outcomes;
	fx->run.n = 2;
	fx->run.used = fx->used;
	fx->run.nused = 1;

	assay_limits_init(&fx->limits);
	fx->s.inv = fx->inv;
	fx->s.findings = &fx->fs;
	fx->s.reg = &fx->reg;
	fx->s.run = &fx->run;
	fx->s.limits = &fx->limits;
	fx->s.argc = 6;
	fx->s.argv = command;
	fx->s.started = NOW;
	fx->s.finished = NOW + 65;
	fx->s.online = false;
	fx->s.incomplete = true;
	fx->s.tester = "T. Ester";
	fx->s.lab = NULL;
	fx->s.as_of = NOW;
}

static void
fixture_release(struct fixture *fx)
{
	assay_findings_release(&fx->fs);
	assay_inventory_free(fx->inv);
}

static enum assay_err
write_all(int dirfd, const struct assay_scan_summary *s,
    struct assay_error *err)
{
	enum assay_err r;

	if ((r = assay_write_manifest(dirfd, s, err)) != ASSAY_OK ||
	    (r = assay_write_inventory(dirfd, s, err)) != ASSAY_OK ||
	    (r = assay_write_coverage(dirfd, s, err)) != ASSAY_OK)
		return r;
	return assay_write_findings(dirfd, s, err);
}

/* Writes a whole bundle at outdir; ASSAY_OK or the failure, reported. */
static enum assay_err
write_bundle(const char *outdir, const struct assay_scan_summary *s)
{
	struct assay_bundle *b = NULL;
	struct assay_error err;
	enum assay_err r;

	memset(&err, 0, sizeof(err));
	if ((r = assay_bundle_open(outdir, &b, &err)) != ASSAY_OK) {
		ASSAY_CHECKF(0, "open %s: %s", outdir, err.msg);
		return r;
	}
	if ((r = write_all(assay_bundle_dirfd(b), s, &err)) != ASSAY_OK) {
		ASSAY_CHECKF(0, "write %s: %s", outdir, err.msg);
		assay_bundle_abort(b);
		return r;
	}
	if ((r = assay_bundle_commit(b, &err)) != ASSAY_OK)
		ASSAY_CHECKF(0, "commit %s: %s", outdir, err.msg);
	return r;
}

static json_t *
load_bundle_file(const char *outdir, const char *name)
{
	char path[PATH_MAX];
	int n;

	n = snprintf(path, sizeof(path), "%s/%s", outdir, name);
	CU_ASSERT_FATAL(n > 0 && (size_t)n < sizeof(path));
	return assay_test_load_json(path);
}

/* Names in dir other than . and .., sorted, joined by spaces. */
static void
list_dir(const char *dir, char *out, size_t outlen)
{
	struct dirent **names = NULL;
	size_t len = 0;
	int n, i, k;

	out[0] = '\0';
	n = scandir(dir, &names, NULL, alphasort);
	for (i = 0; i < n; i++) {
		if (strcmp(names[i]->d_name, ".") != 0 &&
		    strcmp(names[i]->d_name, "..") != 0 && len < outlen) {
			k = snprintf(out + len, outlen - len, "%s%s",
			    len > 0 ? " " : "", names[i]->d_name);
			if (k > 0)
				len += (size_t)k;
		}
		free(names[i]);
	}
	free(names);
}

/* ---- the files' contents ------------------------------------------------ */

static json_t *
entry_at(json_t *inventory, size_t i)
{
	return json_array_get(json_object_get(inventory, "entries"), i);
}

static const char *
str_at(json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

/* The array of strings a as "x,y,z". */
static void
join_strings(json_t *a, char *out, size_t outlen)
{
	size_t i, len = 0;
	int k;

	out[0] = '\0';
	for (i = 0; i < json_array_size(a) && len < outlen; i++) {
		k = snprintf(out + len, outlen - len, "%s%s", i > 0 ? "," : "",
		    json_string_value(json_array_get(a, i)));
		if (k > 0)
			len += (size_t)k;
	}
}

static void
test_inventory_contents(void)
{
	static const struct {
		unsigned index;
		const char *mode;
		const char *type;
		const char *flags;
		const char *artefact;
	} rows[] = {
		{ E_FW, "0644", "file", "artefact,content,container",
		    "fw.tar.gz" },
		{ E_ETC, "01777", "directory", "world-writable", "fw.tar.gz" },
		{ E_SHADOW, "0640", "file", "content", "fw.tar.gz" },
		{ E_SU, "04755", "file", "content,setuid", "fw.tar.gz" },
		{ E_SU2, "04755", "hardlink", "setuid", "fw.tar.gz" },
		{ E_LNK, "0777", "symlink", "link-outside", "fw.tar.gz" },
		{ E_EVIL, "0644", "file", "refused", "fw.tar.gz" },
		{ E_ZIP, "0600", "file", "content,container", "fw.tar.gz" },
		{ E_ODD, "0644", "file", "truncated,invalid-utf8",
		    "fw.tar.gz" },
		{ E_APP, "0644", "file", "artefact,content", "app.zip" },
	};
	struct fixture fx;
	json_t *inv, *e, *archive;
	char flags[256], want[65];
	unsigned char digest[32];
	size_t i;

	fixture_init(&fx);
	CU_ASSERT_FATAL(write_bundle(assay_test_path("b"), &fx.s) ==
	    ASSAY_OK);
	inv = load_bundle_file(assay_test_path("b"), "inventory.json");
	CU_ASSERT_FATAL(inv != NULL);
	CU_ASSERT_STRING_EQUAL(str_at(inv, "schema"), "assay/inventory/v1");
	CU_ASSERT(json_array_size(json_object_get(inv, "entries")) ==
	    E_COUNT);
	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		e = entry_at(inv, rows[i].index);
		ASSAY_CHECKF(json_integer_value(json_object_get(e, "index")) ==
		    rows[i].index, "entry %u index", rows[i].index);
		ASSAY_CHECKF(strcmp(str_at(e, "path"),
		    assay_inventory_get(fx.inv, rows[i].index)->path) == 0,
		    "entry %u path", rows[i].index);
		ASSAY_CHECKF(strcmp(str_at(e, "mode"), rows[i].mode) == 0,
		    "entry %u mode %s", rows[i].index, str_at(e, "mode"));
		ASSAY_CHECKF(strcmp(str_at(e, "type"), rows[i].type) == 0,
		    "entry %u type %s", rows[i].index, str_at(e, "type"));
		join_strings(json_object_get(e, "flags"), flags,
		    sizeof(flags));
		ASSAY_CHECKF(strcmp(flags, rows[i].flags) == 0,
		    "entry %u flags %s", rows[i].index, flags);
		ASSAY_CHECKF(strcmp(str_at(e, "artefact"),
		    rows[i].artefact) == 0, "entry %u artefact",
		    rows[i].index);
		ASSAY_CHECKF((json_object_get(e, "archive") != NULL) ==
		    (rows[i].index == E_FW || rows[i].index == E_ZIP),
		    "entry %u archive", rows[i].index);
		ASSAY_CHECKF((json_object_get(e, "content_of") != NULL) ==
		    (rows[i].index == E_SU2), "entry %u content_of",
		    rows[i].index);
		ASSAY_CHECKF((json_object_get(e, "raw_name") != NULL) ==
		    (rows[i].index == E_ODD), "entry %u raw_name",
		    rows[i].index);
		ASSAY_CHECKF((json_object_get(e, "link_target") != NULL) ==
		    (rows[i].index == E_SU2 || rows[i].index == E_LNK),
		    "entry %u link_target", rows[i].index);
	}

	/* Artefacts have no parent; the rest name theirs. */
	CU_ASSERT(json_is_null(json_object_get(entry_at(inv, E_FW),
	    "parent")));
	CU_ASSERT(json_is_null(json_object_get(entry_at(inv, E_APP),
	    "parent")));
	CU_ASSERT(json_integer_value(json_object_get(entry_at(inv, E_ODD),
	    "parent")) == E_ZIP);
	CU_ASSERT(json_integer_value(json_object_get(entry_at(inv, E_ODD),
	    "depth")) == 2);

	/* The name survives its control character, quote and backslash. */
	e = entry_at(inv, E_ODD);
	CU_ASSERT_STRING_EQUAL(str_at(e, "name"), ODD_NAME);
	CU_ASSERT_STRING_EQUAL(str_at(e, "raw_name"), "6101");
	CU_ASSERT(json_integer_value(json_object_get(e, "mtime")) == -1);
	CU_ASSERT(json_integer_value(json_object_get(e, "uid")) == 1000);
	CU_ASSERT(json_is_null(json_object_get(e, "sha256")));

	/* Digests in lower-case hex; none for what had no bytes. */
	fake_digest(digest, sizeof(digest), E_SHADOW);
	hex_of(digest, sizeof(digest), want);
	e = entry_at(inv, E_SHADOW);
	CU_ASSERT_STRING_EQUAL(str_at(e, "sha256"), want);
	CU_ASSERT(json_integer_value(json_object_get(e, "size")) == 120);
	CU_ASSERT(json_integer_value(json_object_get(e, "gid")) == 42);
	CU_ASSERT(json_integer_value(json_object_get(e, "mtime")) == MTIME);
	CU_ASSERT(json_is_null(json_object_get(entry_at(inv, E_LNK),
	    "sha256")));
	CU_ASSERT(json_is_null(json_object_get(entry_at(inv, E_ETC),
	    "sha256")));

	e = entry_at(inv, E_SU2);
	CU_ASSERT(json_integer_value(json_object_get(e, "content_of")) ==
	    E_SU);
	CU_ASSERT_STRING_EQUAL(str_at(e, "link_target"), "bin/su");
	CU_ASSERT_STRING_EQUAL(str_at(entry_at(inv, E_LNK), "link_target"),
	    "../../etc/passwd");

	archive = json_object_get(entry_at(inv, E_FW), "archive");
	CU_ASSERT_STRING_EQUAL(str_at(archive, "format"), "GNU tar format");
	CU_ASSERT_STRING_EQUAL(str_at(archive, "filters"), "gzip");
	CU_ASSERT_STRING_EQUAL(str_at(archive, "status"), "complete");
	CU_ASSERT(json_is_null(json_object_get(archive, "reason")));
	archive = json_object_get(entry_at(inv, E_ZIP), "archive");
	CU_ASSERT_STRING_EQUAL(str_at(archive, "filters"), "");
	CU_ASSERT_STRING_EQUAL(str_at(archive, "status"), "corrupt");
	CU_ASSERT_STRING_EQUAL(str_at(archive, "reason"),
	    "truncated central directory");

	json_decref(inv);
	fixture_release(&fx);
}

static void
test_coverage_contents(void)
{
	static const struct {
		unsigned index;
		const char *examined_by;
		const char *gap;	/* NULL: none */
	} rows[] = {
		{ E_FW, "alpha", NULL },
		{ E_ETC, "", "not-of-interest" },
		{ E_SHADOW, "alpha", NULL },
		{ E_SU, "alpha", NULL },	/* beta's failure voids its bit */
		{ E_SU2, "", "probe-error" },
		{ E_LNK, "", "not-of-interest" },
		{ E_EVIL, "", "refused" },
		{ E_ZIP, "", "not-of-interest" },
		{ E_ODD, "", "corrupt" },
		{ E_APP, "", "probe-error" },
	};
	static const struct {
		const char *reason;
		json_int_t n;
	} reasons[] = {
		{ "refused", 1 }, { "limit", 0 }, { "encrypted", 0 },
		{ "corrupt", 1 }, { "unsupported-format", 0 },
		{ "probe-error", 2 }, { "not-of-interest", 3 },
	};
	struct fixture fx;
	json_t *cov, *e, *summary, *by, *p, *c;
	char names[256];
	const char *gap;
	size_t i;

	fixture_init(&fx);
	CU_ASSERT_FATAL(write_bundle(assay_test_path("b"), &fx.s) ==
	    ASSAY_OK);
	cov = load_bundle_file(assay_test_path("b"), "coverage.json");
	CU_ASSERT_FATAL(cov != NULL);
	CU_ASSERT_STRING_EQUAL(str_at(cov, "schema"), "assay/coverage/v1");
	CU_ASSERT(json_array_size(json_object_get(cov, "entries")) ==
	    E_COUNT);
	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		e = json_array_get(json_object_get(cov, "entries"),
		    rows[i].index);
		ASSAY_CHECKF(json_integer_value(json_object_get(e, "index")) ==
		    rows[i].index, "entry %u index", rows[i].index);
		ASSAY_CHECKF(strcmp(str_at(e, "path"),
		    assay_inventory_get(fx.inv, rows[i].index)->path) == 0,
		    "entry %u path", rows[i].index);
		join_strings(json_object_get(e, "examined_by"), names,
		    sizeof(names));
		ASSAY_CHECKF(strcmp(names, rows[i].examined_by) == 0,
		    "entry %u examined_by %s", rows[i].index, names);
		gap = str_at(e, "gap");
		ASSAY_CHECKF(rows[i].gap == NULL ? gap == NULL :
		    gap != NULL && strcmp(gap, rows[i].gap) == 0,
		    "entry %u gap %s", rows[i].index, gap ? gap : "(none)");
	}

	summary = json_object_get(cov, "summary");
	CU_ASSERT(json_integer_value(json_object_get(summary, "entries")) ==
	    E_COUNT);
	CU_ASSERT(json_integer_value(json_object_get(summary, "examined")) ==
	    3);
	CU_ASSERT(json_integer_value(json_object_get(summary,
	    "not_examined")) == E_COUNT - 3);
	by = json_object_get(summary, "by_reason");
	CU_ASSERT(json_object_size(by) ==
	    sizeof(reasons) / sizeof(reasons[0]));
	for (i = 0; i < sizeof(reasons) / sizeof(reasons[0]); i++)
		ASSAY_CHECKF(json_integer_value(json_object_get(by,
		    reasons[i].reason)) == reasons[i].n, "by_reason %s",
		    reasons[i].reason);

	p = json_object_get(cov, "probes");
	CU_ASSERT_FATAL(json_array_size(p) == 2);
	CU_ASSERT_STRING_EQUAL(str_at(json_array_get(p, 0), "name"), "alpha");
	CU_ASSERT_STRING_EQUAL(str_at(json_array_get(p, 0), "status"), "ok");
	CU_ASSERT(json_integer_value(json_object_get(json_array_get(p, 0),
	    "entries_examined")) == 3);
	CU_ASSERT_STRING_EQUAL(str_at(json_array_get(p, 1), "name"), "beta");
	CU_ASSERT_STRING_EQUAL(str_at(json_array_get(p, 1), "status"),
	    "error");
	CU_ASSERT(json_integer_value(json_object_get(json_array_get(p, 1),
	    "entries_examined")) == 0);

	c = json_object_get(cov, "containers");
	CU_ASSERT_FATAL(json_array_size(c) == 2);
	CU_ASSERT_STRING_EQUAL(str_at(json_array_get(c, 0), "path"),
	    "fw.tar.gz");
	CU_ASSERT_STRING_EQUAL(str_at(json_array_get(c, 0), "status"),
	    "complete");
	CU_ASSERT(json_integer_value(json_object_get(json_array_get(c, 0),
	    "entries")) == 8);
	CU_ASSERT(json_integer_value(json_object_get(json_array_get(c, 0),
	    "bytes")) == 5000);
	CU_ASSERT_STRING_EQUAL(str_at(json_array_get(c, 1), "path"),
	    "fw.tar.gz!/nested.zip");
	CU_ASSERT_STRING_EQUAL(str_at(json_array_get(c, 1), "format"),
	    "ZIP 2.0 (deflation)");
	CU_ASSERT_STRING_EQUAL(str_at(json_array_get(c, 1), "reason"),
	    "truncated central directory");

	json_decref(cov);
	fixture_release(&fx);
}

static void
test_findings_contents(void)
{
	static const struct {
		const char *rule;
		const char *severity;
		const char *path;	/* NULL: about the scan */
		json_int_t line;	/* 0: absent */
		bool evidence;
	} rows[] = {
		{ "alpha.default-password", "critical",
		    "fw.tar.gz!/etc/shadow", 1, true },
		{ "harness.setuid", "medium", "fw.tar.gz!/bin/su", 0, false },
		{ "harness.corrupt-archive", "high",
		    "fw.tar.gz!/nested.zip!/" ODD_NAME, 0, false },
		{ "harness.probe-error", "high", NULL, 0, true },
	};
	struct fixture fx;
	json_t *doc, *arr, *f, *loc, *ev, *counts;
	unsigned char digest[32];
	char want[65];
	size_t i;

	fixture_init(&fx);
	CU_ASSERT_FATAL(write_bundle(assay_test_path("b"), &fx.s) ==
	    ASSAY_OK);
	doc = load_bundle_file(assay_test_path("b"), "findings.json");
	CU_ASSERT_FATAL(doc != NULL);
	CU_ASSERT_STRING_EQUAL(str_at(doc, "schema"), "assay/findings/v1");
	arr = json_object_get(doc, "findings");
	CU_ASSERT_FATAL(json_array_size(arr) ==
	    sizeof(rows) / sizeof(rows[0]));
	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		f = json_array_get(arr, i);
		loc = json_object_get(f, "location");
		ASSAY_CHECKF(strcmp(str_at(f, "rule"), rows[i].rule) == 0,
		    "finding %zu rule %s", i, str_at(f, "rule"));
		ASSAY_CHECKF(strcmp(str_at(f, "severity"),
		    rows[i].severity) == 0, "finding %zu severity", i);
		ASSAY_CHECKF(rows[i].path == NULL ?
		    json_is_null(json_object_get(loc, "path")) &&
		    json_is_null(json_object_get(loc, "sha256")) &&
		    json_is_null(json_object_get(loc, "artefact")) :
		    strcmp(str_at(loc, "path"), rows[i].path) == 0 &&
		    strcmp(str_at(loc, "artefact"), "fw.tar.gz") == 0,
		    "finding %zu location", i);
		ASSAY_CHECKF(rows[i].line == 0 ?
		    json_object_get(loc, "line") == NULL :
		    json_integer_value(json_object_get(loc, "line")) ==
		    rows[i].line, "finding %zu line", i);
		ASSAY_CHECKF((json_object_get(f, "evidence") != NULL) ==
		    rows[i].evidence, "finding %zu evidence", i);
	}

	f = json_array_get(arr, 0);
	CU_ASSERT_STRING_EQUAL(str_at(f, "probe"), "alpha");
	CU_ASSERT_STRING_EQUAL(str_at(f, "message"),
	    "account root accepts a default password");
	fake_digest(digest, sizeof(digest), E_SHADOW);
	hex_of(digest, sizeof(digest), want);
	CU_ASSERT_STRING_EQUAL(str_at(json_object_get(f, "location"),
	    "sha256"), want);
	ev = json_object_get(f, "evidence");
	CU_ASSERT(json_is_object(ev));
	CU_ASSERT_STRING_EQUAL(str_at(ev, "user"), "root");
	CU_ASSERT(json_array_size(json_object_get(ev, "list")) == 5);
	CU_ASSERT(json_real_value(json_array_get(json_object_get(ev, "list"),
	    1)) == 2.5);
	CU_ASSERT_STRING_EQUAL(str_at(json_array_get(json_object_get(ev,
	    "list"), 4), "a"), "\xc3\xa9");
	/* An entry whose bytes were never seen has no digest. */
	CU_ASSERT(json_is_null(json_object_get(json_object_get(
	    json_array_get(arr, 2), "location"), "sha256")));

	counts = json_object_get(doc, "counts");
	CU_ASSERT(json_integer_value(json_object_get(counts, "critical")) ==
	    1);
	CU_ASSERT(json_integer_value(json_object_get(counts, "high")) == 2);
	CU_ASSERT(json_integer_value(json_object_get(counts, "medium")) == 1);
	CU_ASSERT(json_integer_value(json_object_get(counts, "low")) == 0);
	CU_ASSERT(json_integer_value(json_object_get(counts, "info")) == 0);

	json_decref(doc);
	fixture_release(&fx);
}

static void
test_manifest_contents(void)
{
	static const char *const limit_names[] = {
		"total_bytes", "entry_bytes", "entries", "depth", "ratio",
		"ratio_after", "path_bytes", "wall_seconds",
		"probe_cpu_seconds", "probe_memory", "probe_wall_seconds",
	};
	struct fixture fx;
	json_t *m, *tool, *cmd, *arts, *a, *limits, *probes, *p, *data, *d;
	unsigned char digest[64];
	char want[129];
	size_t i;

	fixture_init(&fx);
	CU_ASSERT_FATAL(write_bundle(assay_test_path("b"), &fx.s) ==
	    ASSAY_OK);
	m = load_bundle_file(assay_test_path("b"), "manifest.json");
	CU_ASSERT_FATAL(m != NULL);
	CU_ASSERT_STRING_EQUAL(str_at(m, "schema"), "assay/manifest/v1");
	tool = json_object_get(m, "tool");
	CU_ASSERT_STRING_EQUAL(str_at(tool, "name"), "assay");
	CU_ASSERT(str_at(tool, "version") != NULL &&
	    str_at(tool, "version")[0] != '\0');
	CU_ASSERT(str_at(tool, "build") != NULL);
	cmd = json_object_get(m, "command");
	CU_ASSERT_FATAL(json_array_size(cmd) == 6);
	for (i = 0; i < 6; i++)
		ASSAY_CHECKF(strcmp(json_string_value(json_array_get(cmd, i)),
		    command[i]) == 0, "command[%zu]", i);
	CU_ASSERT_STRING_EQUAL(str_at(m, "started"), "2026-11-29T14:00:00Z");
	CU_ASSERT_STRING_EQUAL(str_at(m, "finished"), "2026-11-29T14:01:05Z");
	CU_ASSERT_STRING_EQUAL(str_at(m, "tester"), "T. Ester");
	CU_ASSERT(json_is_null(json_object_get(m, "lab")));
	CU_ASSERT(json_is_false(json_object_get(m, "online")));
	CU_ASSERT(json_is_false(json_object_get(m, "complete")));

	arts = json_object_get(m, "artefacts");
	CU_ASSERT_FATAL(json_array_size(arts) == 2);
	a = json_array_get(arts, 0);
	CU_ASSERT_STRING_EQUAL(str_at(a, "name"), "fw.tar.gz");
	CU_ASSERT(json_integer_value(json_object_get(a, "size")) == 4096);
	fake_digest(digest, 32, 100 + E_FW);
	hex_of(digest, 32, want);
	CU_ASSERT_STRING_EQUAL(str_at(a, "sha256"), want);
	fake_digest(digest, 64, 200 + E_FW);
	hex_of(digest, 64, want);
	CU_ASSERT_STRING_EQUAL(str_at(a, "sha512"), want);
	CU_ASSERT_STRING_EQUAL(str_at(json_array_get(arts, 1), "name"),
	    "app.zip");

	limits = json_object_get(m, "limits");
	CU_ASSERT(json_object_size(limits) ==
	    sizeof(limit_names) / sizeof(limit_names[0]));
	for (i = 0; i < sizeof(limit_names) / sizeof(limit_names[0]); i++)
		ASSAY_CHECKF(json_is_integer(json_object_get(limits,
		    limit_names[i])), "limit %s", limit_names[i]);
	CU_ASSERT(json_integer_value(json_object_get(limits, "entries")) ==
	    (json_int_t)fx.limits.entries);
	CU_ASSERT(json_integer_value(json_object_get(limits, "depth")) ==
	    (json_int_t)fx.limits.depth);

	probes = json_object_get(m, "probes");
	CU_ASSERT_FATAL(json_array_size(probes) == 2);
	p = json_array_get(probes, 0);
	CU_ASSERT_STRING_EQUAL(str_at(p, "name"), "alpha");
	CU_ASSERT_STRING_EQUAL(str_at(p, "version"), "1.2.0");
	CU_ASSERT_STRING_EQUAL(str_at(p, "origin"), "built-in");
	CU_ASSERT_STRING_EQUAL(str_at(p, "status"), "ok");
	CU_ASSERT(json_is_null(json_object_get(p, "error")));
	CU_ASSERT(json_integer_value(json_object_get(p, "findings")) == 1);
	CU_ASSERT(json_integer_value(json_object_get(p,
	    "entries_examined")) == 4);
	p = json_array_get(probes, 1);
	CU_ASSERT_STRING_EQUAL(str_at(p, "origin"), "beta.so");
	CU_ASSERT_STRING_EQUAL(str_at(p, "status"), "error");
	CU_ASSERT_STRING_EQUAL(str_at(p, "error"), error_beta);

	data = json_object_get(m, "data");
	CU_ASSERT_FATAL(json_array_size(data) == 1);
	d = json_array_get(data, 0);
	CU_ASSERT_STRING_EQUAL(str_at(d, "kind"), "data");
	CU_ASSERT_STRING_EQUAL(str_at(d, "probe"), "alpha");
	CU_ASSERT_STRING_EQUAL(str_at(d, "name"), "passwords.txt");
	CU_ASSERT_STRING_EQUAL(str_at(d, "sha256"), data_sha);
	CU_ASSERT(json_integer_value(json_object_get(d, "bytes")) == 1234);
	CU_ASSERT(json_is_false(json_object_get(d, "cached")));

	/* No profile, waivers or key in this scan: said so, not left out. */
	CU_ASSERT(json_is_null(json_object_get(m, "profile")));
	CU_ASSERT(json_is_null(json_object_get(m, "waivers")));
	CU_ASSERT_STRING_EQUAL(str_at(m, "as_of"), "2026-11-29T14:00:00Z");
	CU_ASSERT(json_is_false(json_object_get(m, "as_of_given")));
	a = json_object_get(m, "attestation");
	CU_ASSERT_FATAL(json_is_object(a));
	CU_ASSERT(json_object_size(a) == 4);
	CU_ASSERT(json_is_false(json_object_get(a, "signed")));
	CU_ASSERT(json_is_null(json_object_get(a, "key_type")));
	CU_ASSERT(json_is_null(json_object_get(a, "keyid")));
	CU_ASSERT(json_is_false(json_object_get(a, "timestamp")));

	json_decref(m);
	fixture_release(&fx);
}

/*
 * Each file is exactly what Jansson writes for the same value with sorted
 * keys and a two-space indent: so keys are sorted everywhere and the
 * streamed files and the Jansson-built one look alike.
 */
static void
test_layout_matches_jansson(void)
{
	struct fixture fx;
	char path[PATH_MAX], *text, *again;
	json_t *doc;
	size_t i, len;

	fixture_init(&fx);
	CU_ASSERT_FATAL(write_bundle(assay_test_path("b"), &fx.s) ==
	    ASSAY_OK);
	for (i = 0; i < NFILES; i++) {
		snprintf(path, sizeof(path), "%s/%s", assay_test_path("b"),
		    bundle_files[i]);
		text = assay_test_read_file(path, &len);
		doc = assay_test_load_json(path);
		CU_ASSERT_FATAL(text != NULL && doc != NULL);
		again = json_dumps(doc, JSON_INDENT(2) | JSON_SORT_KEYS);
		CU_ASSERT_FATAL(again != NULL);
		ASSAY_CHECKF(len == strlen(again) + 1 && text[len - 1] ==
		    '\n' && memcmp(text, again, len - 1) == 0,
		    "%s differs from Jansson's layout", bundle_files[i]);
		free(again);
		free(text);
		json_decref(doc);
	}
	fixture_release(&fx);
}

static void
test_deterministic(void)
{
	struct fixture fx;
	char a[PATH_MAX], b[PATH_MAX], *ta, *tb;
	size_t i, la, lb;

	fixture_init(&fx);
	CU_ASSERT_FATAL(write_bundle(assay_test_path("one"), &fx.s) ==
	    ASSAY_OK);
	CU_ASSERT_FATAL(write_bundle(assay_test_path("two"), &fx.s) ==
	    ASSAY_OK);
	for (i = 0; i < NFILES; i++) {
		snprintf(a, sizeof(a), "%s/%s", assay_test_path("one"),
		    bundle_files[i]);
		snprintf(b, sizeof(b), "%s/%s", assay_test_path("two"),
		    bundle_files[i]);
		ta = assay_test_read_file(a, &la);
		tb = assay_test_read_file(b, &lb);
		ASSAY_CHECKF(ta != NULL && tb != NULL && la == lb &&
		    memcmp(ta, tb, la) == 0, "%s differs between runs",
		    bundle_files[i]);
		free(ta);
		free(tb);
	}
	fixture_release(&fx);
}

/* ---- the bundle directory ---------------------------------------------- */

static void
test_bundle_layout(void)
{
	struct fixture fx;
	char names[1024];

	fixture_init(&fx);
	/* The parent directories do not exist yet. */
	CU_ASSERT_FATAL(write_bundle(assay_test_path("deep/er/bundle/"),
	    &fx.s) == ASSAY_OK);
	list_dir(assay_test_path("deep/er/bundle"), names, sizeof(names));
	CU_ASSERT_STRING_EQUAL(names, "coverage.json findings.json "
	    "inventory.json manifest.json");
	/* No temporary directory is left beside it. */
	list_dir(assay_test_path("deep/er"), names, sizeof(names));
	CU_ASSERT_STRING_EQUAL(names, "bundle");
	fixture_release(&fx);
}

static void
test_bundle_replace(void)
{
	struct fixture fx;
	char names[1024], outside[PATH_MAX], link[PATH_MAX];
	json_t *m;

	fixture_init(&fx);
	CU_ASSERT_FATAL(write_bundle(assay_test_path("out"), &fx.s) ==
	    ASSAY_OK);
	/*
	 * Plant a symbolic link in the old bundle: removing the old tree
	 * must remove the link, never what it points to.
	 */
	snprintf(outside, sizeof(outside), "%s", assay_test_path("keep"));
	CU_ASSERT_FATAL(mkdir(outside, 0755) == 0);
	CU_ASSERT_FATAL(assay_test_write_file(assay_test_path("keep/file"),
	    "x", 1) == 0);
	snprintf(link, sizeof(link), "%s", assay_test_path("out/link"));
	CU_ASSERT_FATAL(symlink(outside, link) == 0);
	CU_ASSERT_FATAL(mkdir(assay_test_path("out/sub"), 0755) == 0);
	CU_ASSERT_FATAL(assay_test_write_file(assay_test_path("out/sub/f"),
	    "y", 1) == 0);

	fx.s.tester = "second";
	CU_ASSERT_FATAL(write_bundle(assay_test_path("out"), &fx.s) ==
	    ASSAY_OK);
	m = load_bundle_file(assay_test_path("out"), "manifest.json");
	CU_ASSERT_FATAL(m != NULL);
	CU_ASSERT_STRING_EQUAL(str_at(m, "tester"), "second");
	json_decref(m);
	list_dir(assay_test_path("out"), names, sizeof(names));
	CU_ASSERT_STRING_EQUAL(names, "coverage.json findings.json "
	    "inventory.json manifest.json");
	list_dir(assay_test_dir(), names, sizeof(names));
	CU_ASSERT_STRING_EQUAL(names, "keep out");
	list_dir(outside, names, sizeof(names));
	CU_ASSERT_STRING_EQUAL(names, "file");

	/* An empty directory, made ready by a CI script, is taken too. */
	CU_ASSERT_FATAL(mkdir(assay_test_path("empty"), 0755) == 0);
	CU_ASSERT(write_bundle(assay_test_path("empty"), &fx.s) == ASSAY_OK);
	list_dir(assay_test_path("empty"), names, sizeof(names));
	CU_ASSERT_STRING_EQUAL(names, "coverage.json findings.json "
	    "inventory.json manifest.json");
	fixture_release(&fx);
}

static void
test_bundle_refuse(void)
{
	static const struct {
		const char *name;
		const char *why;
	} rows[] = {
		{ "file", "not a directory" },
		{ "other", "no manifest.json" },
		{ "webapp", "not an assay manifest" },
		{ "badjson", "not an assay manifest" },
		{ "symlink", "not a directory" },
	};
	struct assay_bundle *b;
	struct assay_error err;
	char names[1024];
	enum assay_err r;
	size_t i;

	CU_ASSERT_FATAL(assay_test_write_file(assay_test_path("file"), "x",
	    1) == 0);
	CU_ASSERT_FATAL(mkdir(assay_test_path("other"), 0755) == 0);
	CU_ASSERT_FATAL(assay_test_write_file(assay_test_path("other/a"),
	    "x", 1) == 0);
	CU_ASSERT_FATAL(mkdir(assay_test_path("webapp"), 0755) == 0);
	CU_ASSERT_FATAL(assay_test_write_file(
	    assay_test_path("webapp/manifest.json"),
	    "{\"name\": \"my app\"}", 18) == 0);
	CU_ASSERT_FATAL(mkdir(assay_test_path("badjson"), 0755) == 0);
	CU_ASSERT_FATAL(assay_test_write_file(
	    assay_test_path("badjson/manifest.json"), "{", 1) == 0);
	CU_ASSERT_FATAL(symlink("other", assay_test_path("symlink")) == 0);
	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		memset(&err, 0, sizeof(err));
		b = NULL;
		r = assay_bundle_open(assay_test_path(rows[i].name), &b,
		    &err);
		ASSAY_CHECKF(r == ASSAY_ERR_USAGE && b == NULL, "%s: %d",
		    rows[i].name, (int)r);
		ASSAY_CHECKF(strstr(err.msg, assay_test_path(rows[i].name)) !=
		    NULL && strstr(err.msg, rows[i].why) != NULL &&
		    strstr(err.msg, "--out") != NULL, "%s: %s", rows[i].name,
		    err.msg);
		assay_bundle_abort(b);
	}
	/* Nothing was added or removed. */
	list_dir(assay_test_dir(), names, sizeof(names));
	CU_ASSERT_STRING_EQUAL(names, "badjson file other symlink webapp");
	list_dir(assay_test_path("other"), names, sizeof(names));
	CU_ASSERT_STRING_EQUAL(names, "a");
	CU_ASSERT(assay_bundle_open("", &b, &err) == ASSAY_ERR_USAGE);
	CU_ASSERT(assay_bundle_open("/", &b, &err) == ASSAY_ERR_USAGE);
	CU_ASSERT(assay_bundle_open(assay_test_path(".."), &b, &err) ==
	    ASSAY_ERR_USAGE);
}

static void
test_bundle_abort(void)
{
	struct assay_bundle *b = NULL;
	struct assay_error err;
	struct fixture fx;
	char names[1024];

	fixture_init(&fx);
	memset(&err, 0, sizeof(err));
	CU_ASSERT_FATAL(assay_bundle_open(assay_test_path("out"), &b, &err) ==
	    ASSAY_OK);
	CU_ASSERT_FATAL(write_all(assay_bundle_dirfd(b), &fx.s, &err) ==
	    ASSAY_OK);
	CU_ASSERT_FATAL(mkdirat(assay_bundle_dirfd(b), "sub", 0755) == 0);
	list_dir(assay_test_dir(), names, sizeof(names));
	CU_ASSERT(strncmp(names, ".out.tmp-", 9) == 0);
	assay_bundle_abort(b);
	list_dir(assay_test_dir(), names, sizeof(names));
	CU_ASSERT_STRING_EQUAL(names, "");
	assay_bundle_abort(NULL);
	fixture_release(&fx);
}

/* outdir is judged again at the commit: it may have changed meanwhile. */
static void
test_bundle_commit_rechecks(void)
{
	struct assay_bundle *b = NULL;
	struct assay_error err;
	struct fixture fx;
	char names[1024];

	fixture_init(&fx);
	memset(&err, 0, sizeof(err));
	CU_ASSERT_FATAL(assay_bundle_open(assay_test_path("out"), &b, &err) ==
	    ASSAY_OK);
	CU_ASSERT_FATAL(write_all(assay_bundle_dirfd(b), &fx.s, &err) ==
	    ASSAY_OK);
	CU_ASSERT_FATAL(mkdir(assay_test_path("out"), 0755) == 0);
	CU_ASSERT_FATAL(assay_test_write_file(assay_test_path("out/mine"),
	    "x", 1) == 0);
	CU_ASSERT(assay_bundle_commit(b, &err) == ASSAY_ERR_USAGE);
	CU_ASSERT(strstr(err.msg, "no manifest.json") != NULL);
	list_dir(assay_test_dir(), names, sizeof(names));
	CU_ASSERT_STRING_EQUAL(names, "out");
	list_dir(assay_test_path("out"), names, sizeof(names));
	CU_ASSERT_STRING_EQUAL(names, "mine");
	fixture_release(&fx);
}

/* A scan where no probe ran and nothing was found still gives valid files. */
static void
test_minimal_scan(void)
{
	struct assay_scan_summary s;
	struct assay_inventory *inv;
	struct assay_entry *e;
	json_t *m, *cov, *f;

	inv = assay_inventory_new();
	CU_ASSERT_FATAL(inv != NULL);
	e = add_entry(inv, "x.bin", "x.bin", ASSAY_ENTRY_FILE, 0644,
	    ASSAY_NO_ENTRY, ASSAY_FLAG_ARTEFACT | ASSAY_FLAG_NOT_ARCHIVE);
	CU_ASSERT_FATAL(e != NULL);
	hashed(e, 3);
	add_artefact(inv, 0, 3);
	memset(&s, 0, sizeof(s));
	s.inv = inv;
	s.argc = 1;
	s.argv = argv0;
	s.started = s.finished = 0;
	s.online = true;
	s.lab = "Lab 7";
	/* The manifest records a timestamp request; it makes none itself. */
	s.tsa_url = "https://tsa.invalid/";
	CU_ASSERT_FATAL(write_bundle(assay_test_path("min"), &s) == ASSAY_OK);

	m = load_bundle_file(assay_test_path("min"), "manifest.json");
	CU_ASSERT_FATAL(m != NULL);
	CU_ASSERT_STRING_EQUAL(str_at(m, "started"), "1970-01-01T00:00:00Z");
	CU_ASSERT(json_is_null(json_object_get(m, "tester")));
	CU_ASSERT_STRING_EQUAL(str_at(m, "lab"), "Lab 7");
	CU_ASSERT(json_is_true(json_object_get(m, "online")));
	CU_ASSERT(json_is_true(json_object_get(m, "complete")));
	CU_ASSERT(json_array_size(json_object_get(m, "probes")) == 0);
	CU_ASSERT(json_array_size(json_object_get(m, "data")) == 0);
	CU_ASSERT(json_object_size(json_object_get(m, "limits")) == 11);
	CU_ASSERT_STRING_EQUAL(str_at(m, "as_of"), "1970-01-01T00:00:00Z");
	CU_ASSERT(json_is_true(json_object_get(json_object_get(m,
	    "attestation"), "timestamp")));
	cov = load_bundle_file(assay_test_path("min"), "coverage.json");
	CU_ASSERT_FATAL(cov != NULL);
	CU_ASSERT_STRING_EQUAL(str_at(json_array_get(json_object_get(cov,
	    "entries"), 0), "gap"), "not-of-interest");
	f = load_bundle_file(assay_test_path("min"), "findings.json");
	CU_ASSERT_FATAL(f != NULL);
	CU_ASSERT(json_array_size(json_object_get(f, "findings")) == 0);
	CU_ASSERT(json_integer_value(json_object_get(json_object_get(f,
	    "counts"), "critical")) == 0);
	json_decref(m);
	json_decref(cov);
	json_decref(f);
	assay_inventory_free(inv);
}

/* ---- the streaming writer ----------------------------------------------- */

static char *
write_doc(void (*fill)(struct assay_jsonout *), enum assay_err *rp,
    struct assay_error *err)
{
	struct assay_jsonout *w = NULL;
	int dirfd;
	char *text = NULL;

	dirfd = open(assay_test_dir(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	CU_ASSERT_FATAL(dirfd != -1);
	*rp = assay_jsonout_create(dirfd, "doc.json", &w, err);
	if (*rp == ASSAY_OK) {
		fill(w);
		*rp = assay_jsonout_finish(w, err);
		text = assay_test_read_file(assay_test_path("doc.json"), NULL);
	}
	close(dirfd);
	return text;
}

static void
fill_strings(struct assay_jsonout *w)
{
	static const char nul[] = "a\0b";

	assay_jsonout_begin_array(w);
	assay_jsonout_string(w, "\"\\/\b\f\n\r\t\x01\x1f\x7f");
	assay_jsonout_string(w, "\xc3\xa9\xe2\x82\xac\xf0\x9f\x94\x92");
	assay_jsonout_string(w, "bad:\xff|\xc0\xaf|\xed\xa0\x80|\xe2\x82|"
	    "\xf4\x90\x80\x80");
	assay_jsonout_stringn(w, nul, 3);
	assay_jsonout_string(w, NULL);
	assay_jsonout_int(w, INT64_MIN);
	assay_jsonout_uint(w, UINT64_MAX);
	assay_jsonout_bool(w, true);
	assay_jsonout_bool(w, false);
	assay_jsonout_hex(w, (const unsigned char *)"\x00\xab\xff", 3);
	assay_jsonout_begin_object(w);
	assay_jsonout_end_object(w);
	assay_jsonout_begin_array(w);
	assay_jsonout_end_array(w);
	assay_jsonout_begin_object(w);
	assay_jsonout_key(w, "k\n");
	assay_jsonout_begin_array(w);
	assay_jsonout_null(w);
	assay_jsonout_end_array(w);
	assay_jsonout_end_object(w);
	assay_jsonout_end_array(w);
}

static void
test_writer_output(void)
{
	static const char want[] =
	    "[\n"
	    "  \"\\\"\\\\/\\b\\f\\n\\r\\t\\u0001\\u001F\x7f\",\n"
	    "  \"\xc3\xa9\xe2\x82\xac\xf0\x9f\x94\x92\",\n"
	    "  \"bad:\xef\xbf\xbd|\xef\xbf\xbd\xef\xbf\xbd|"
	    "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd|\xef\xbf\xbd\xef\xbf\xbd|"
	    "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\",\n"
	    "  \"a\\u0000b\",\n"
	    "  null,\n"
	    "  -9223372036854775808,\n"
	    "  18446744073709551615,\n"
	    "  true,\n"
	    "  false,\n"
	    "  \"00abff\",\n"
	    "  {},\n"
	    "  [],\n"
	    "  {\n"
	    "    \"k\\n\": [\n"
	    "      null\n"
	    "    ]\n"
	    "  }\n"
	    "]\n";
	struct assay_error err;
	enum assay_err r;
	char *text;

	memset(&err, 0, sizeof(err));
	text = write_doc(fill_strings, &r, &err);
	CU_ASSERT(r == ASSAY_OK);
	CU_ASSERT_FATAL(text != NULL);
	ASSAY_CHECKF(strcmp(text, want) == 0, "got:\n%s", text);
	free(text);
}

static void
fill_value_without_key(struct assay_jsonout *w)
{
	assay_jsonout_begin_object(w);
	assay_jsonout_int(w, 1);
	assay_jsonout_end_object(w);
}

static void
fill_unclosed(struct assay_jsonout *w)
{
	assay_jsonout_begin_array(w);
}

static void
fill_two_documents(struct assay_jsonout *w)
{
	assay_jsonout_null(w);
	assay_jsonout_null(w);
}

static void
fill_key_in_array(struct assay_jsonout *w)
{
	assay_jsonout_begin_array(w);
	assay_jsonout_key(w, "k");
	assay_jsonout_end_array(w);
}

static void
fill_mismatched(struct assay_jsonout *w)
{
	assay_jsonout_begin_array(w);
	assay_jsonout_end_object(w);
}

static void
fill_too_deep(struct assay_jsonout *w)
{
	size_t i;

	for (i = 0; i <= ASSAY_JSONOUT_MAX_DEPTH; i++)
		assay_jsonout_begin_array(w);
}

static void
test_writer_errors(void)
{
	static const struct {
		const char *name;
		void (*fill)(struct assay_jsonout *);
		enum assay_err want;
	} rows[] = {
		{ "value without key", fill_value_without_key,
		    ASSAY_ERR_INTERNAL },
		{ "unclosed", fill_unclosed, ASSAY_ERR_INTERNAL },
		{ "two documents", fill_two_documents, ASSAY_ERR_INTERNAL },
		{ "key in array", fill_key_in_array, ASSAY_ERR_INTERNAL },
		{ "mismatched end", fill_mismatched, ASSAY_ERR_INTERNAL },
		{ "too deep", fill_too_deep, ASSAY_ERR_LIMIT },
	};
	struct assay_jsonout *w = NULL;
	struct assay_error err;
	enum assay_err r;
	size_t i;
	int dirfd;

	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		memset(&err, 0, sizeof(err));
		free(write_doc(rows[i].fill, &r, &err));
		ASSAY_CHECKF(r == rows[i].want, "%s: %d", rows[i].name,
		    (int)r);
		ASSAY_CHECKF(strstr(err.msg, "doc.json") != NULL, "%s: %s",
		    rows[i].name, err.msg);
	}

	/* A full disk is reported with the file's name. */
	if (access("/dev/full", W_OK) == 0) {
		dirfd = open(assay_test_dir(), O_RDONLY | O_DIRECTORY);
		CU_ASSERT_FATAL(dirfd != -1);
		CU_ASSERT_FATAL(assay_jsonout_create(dirfd, "/dev/full", &w,
		    &err) == ASSAY_OK);
		assay_jsonout_begin_array(w);
		for (i = 0; i < 100000; i++)
			assay_jsonout_string(w, "filler filler filler");
		assay_jsonout_end_array(w);
		memset(&err, 0, sizeof(err));
		CU_ASSERT(assay_jsonout_finish(w, &err) == ASSAY_ERR_IO);
		ASSAY_CHECKF(strstr(err.msg, "/dev/full") != NULL &&
		    strstr(err.msg, strerror(ENOSPC)) != NULL, "%s", err.msg);
		close(dirfd);
	}

	/* A writer into a directory that is not there. */
	memset(&err, 0, sizeof(err));
	dirfd = open(assay_test_dir(), O_RDONLY | O_DIRECTORY);
	CU_ASSERT_FATAL(dirfd != -1);
	CU_ASSERT(assay_jsonout_create(dirfd, "no/such/x.json", &w, &err) ==
	    ASSAY_ERR_IO);
	CU_ASSERT(w == NULL);
	CU_ASSERT(strstr(err.msg, "no/such/x.json") != NULL);
	close(dirfd);
	assay_jsonout_free(NULL);
}

/*
 * The inventory is streamed: writing 100,000 entries must not grow the
 * process by anything like a tree of them (hundreds of MiB).
 */
static void
test_inventory_memory_flat(void)
{
	enum { N = 100000 };
	static const char tail[] =
	    "  ],\n  \"schema\": \"assay/inventory/v1\"\n}\n";
	struct assay_scan_summary s;
	struct assay_inventory *inv;
	struct assay_entry *e;
	struct assay_error err;
	struct rusage before, after;
	char path[64], *text, *p;
	size_t i, count, len;
	long grown;
	int dirfd;

	inv = assay_inventory_new();
	CU_ASSERT_FATAL(inv != NULL);
	e = add_entry(inv, "big.tar", "big.tar", ASSAY_ENTRY_FILE, 0644,
	    ASSAY_NO_ENTRY, ASSAY_FLAG_ARTEFACT | ASSAY_FLAG_CONTAINER);
	CU_ASSERT_FATAL(e != NULL);
	add_container(inv, 0, "tar", "", ASSAY_CONTAINER_COMPLETE, NULL,
	    N - 1, 0);
	for (i = 1; i < N; i++) {
		snprintf(path, sizeof(path), "big.tar!/d/%zu", i);
		e = add_entry(inv, path, path + 9, ASSAY_ENTRY_FILE, 0644, 0,
		    ASSAY_FLAG_CONTENT);
		if (e == NULL)
			break;
		hashed(e, i);
	}
	CU_ASSERT_FATAL(assay_inventory_count(inv) == N);
	memset(&s, 0, sizeof(s));
	s.inv = inv;
	memset(&err, 0, sizeof(err));
	dirfd = open(assay_test_dir(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	CU_ASSERT_FATAL(dirfd != -1);
	getrusage(RUSAGE_SELF, &before);
	CU_ASSERT(assay_write_inventory(dirfd, &s, &err) == ASSAY_OK);
	CU_ASSERT(assay_write_coverage(dirfd, &s, &err) == ASSAY_OK);
	getrusage(RUSAGE_SELF, &after);
	close(dirfd);
	grown = after.ru_maxrss - before.ru_maxrss;	/* KiB */
	ASSAY_CHECKF(grown < 16 * 1024, "writing grew the process by %ld KiB",
	    grown);

	text = assay_test_read_file(assay_test_path("inventory.json"), &len);
	CU_ASSERT_FATAL(text != NULL);
	/* memchr, not strstr: ASan's strstr measures the whole text each time. */
	count = 0;
	for (p = text; (p = memchr(p, '"', len - (size_t)(p - text))) != NULL;
	    p++)
		if (strncmp(p, "\"index\": ", 9) == 0)
			count++;
	CU_ASSERT(count == N);
	CU_ASSERT(len > strlen(tail) &&
	    strcmp(text + len - strlen(tail), tail) == 0);
	free(text);
	assay_inventory_free(inv);
}

/* ---- JSON Schema ------------------------------------------------------- */

#define SCHEMA_CHECK	ASSAY_TEST_SOURCE_DIR "/schema_check.py"

static bool
have_jsonschema(void)
{
	static const char *const args[] = { "-c", "import jsonschema", NULL };

	return assay_test_python(args, true) == 0;
}

static void
validate_bundle(const char *dir)
{
	static const char *const schemas[NFILES] = {
		"coverage.schema.json", "findings.schema.json",
		"inventory.schema.json", "manifest.schema.json",
	};
	char schema[PATH_MAX], doc[PATH_MAX];
	const char *args[5];
	size_t i;

	for (i = 0; i < NFILES; i++) {
		snprintf(schema, sizeof(schema), "%s/%s", SCHEMA_DIR,
		    schemas[i]);
		snprintf(doc, sizeof(doc), "%s/%s", dir, bundle_files[i]);
		args[0] = SCHEMA_CHECK;
		args[1] = schema;
		args[2] = doc;
		args[3] = NULL;
		ASSAY_CHECKF(assay_test_python(args, false) == 0,
		    "%s does not match %s", doc, schemas[i]);
	}
}

static void
test_schemas(void)
{
	struct assay_scan_summary s;
	struct fixture fx;

	if (!have_jsonschema()) {
		printf("\n  notice: python3 with jsonschema is missing "
		    "(Debian: python3-jsonschema); schemas not checked\n");
		/* CI must check them; a laptop may lack the module. */
		ASSAY_CHECKF(getenv("CI") == NULL, "%s",
		    "CI is set but python3-jsonschema is not installed");
		return;
	}
	fixture_init(&fx);
	CU_ASSERT_FATAL(write_bundle(assay_test_path("full"), &fx.s) ==
	    ASSAY_OK);
	validate_bundle(assay_test_path("full"));

	/* The nulls and empty arrays of a scan without probes. */
	memset(&s, 0, sizeof(s));
	s.inv = fx.inv;
	s.argc = 1;
	s.argv = argv0;
	CU_ASSERT_FATAL(write_bundle(assay_test_path("bare"), &s) ==
	    ASSAY_OK);
	validate_bundle(assay_test_path("bare"));
	fixture_release(&fx);
}

static void
test_format_time(void)
{
	static const struct {
		int64_t t;
		const char *want;
	} rows[] = {
		{ 0, "1970-01-01T00:00:00Z" },
		{ NOW, "2026-11-29T14:00:00Z" },
		{ INT64_C(951782400), "2000-02-29T00:00:00Z" },
		{ -1, "1970-01-01T00:00:00Z" },
		{ INT64_C(253402300799), "9999-12-31T23:59:59Z" },
		{ INT64_MAX, "9999-12-31T23:59:59Z" },
	};
	char out[21];
	size_t i;

	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		memset(out, 'x', sizeof(out));
		assay_format_time(rows[i].t, out);
		ASSAY_CHECKF(memchr(out, '\0', sizeof(out)) != NULL &&
		    strcmp(out, rows[i].want) == 0, "%" PRId64 ": %.21s",
		    rows[i].t, out);
	}
}

static CU_TestInfo file_tests[] = {
	{ "inventory.json contents", test_inventory_contents },
	{ "coverage.json contents and gaps", test_coverage_contents },
	{ "findings.json contents", test_findings_contents },
	{ "manifest.json contents", test_manifest_contents },
	{ "layout equals Jansson's sorted indent", test_layout_matches_jansson },
	{ "same scan gives same bytes", test_deterministic },
	{ "scan without probes", test_minimal_scan },
	{ "files match their JSON Schemas", test_schemas },
	{ "inventory memory stays flat", test_inventory_memory_flat },
	{ "RFC 3339 times", test_format_time },
	CU_TEST_INFO_NULL,
};

static CU_TestInfo bundle_tests[] = {
	{ "files land in place, parents made", test_bundle_layout },
	{ "an earlier bundle is replaced", test_bundle_replace },
	{ "what is not a bundle is refused", test_bundle_refuse },
	{ "abort leaves nothing", test_bundle_abort },
	{ "commit judges outdir again", test_bundle_commit_rechecks },
	CU_TEST_INFO_NULL,
};

static CU_TestInfo writer_tests[] = {
	{ "escaping, numbers, layout", test_writer_output },
	{ "misuse and write errors", test_writer_errors },
	CU_TEST_INFO_NULL,
};

static CU_SuiteInfo suites[] = {
	{ "report files", NULL, NULL, assay_test_setup, assay_test_teardown,
	    file_tests },
	{ "bundle directory", NULL, NULL, assay_test_setup,
	    assay_test_teardown, bundle_tests },
	{ "json writer", NULL, NULL, assay_test_setup, assay_test_teardown,
	    writer_tests },
	CU_SUITE_INFO_NULL,
};

int
main(void)
{
	return assay_test_run(suites);
}
