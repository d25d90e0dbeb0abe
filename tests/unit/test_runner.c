/*
 * The probe runner (runner.c) and the scan API behind it (scan.c).
 *
 * A small inventory is built by hand over a real workspace.  The "scan"
 * suite calls the probe API in this process with a memfd for the records;
 * the "runner" suite runs probes defined here in child processes: good ones,
 * one that crashes, loops, sleeps, fails, hogs memory or breaks the record
 * protocol, and checks that the good ones' findings arrive while each bad
 * one becomes a harness.probe-error finding that says why.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <CUnit/CUnit.h>
#include <jansson.h>

#include "fetch.h"
#include "findings.h"
#include "harness_rules.h"
#include "inventory.h"
#include "registry.h"
#include "runner.h"
#include "scan.h"
#include "scan_limits.h"
#include "testutil.h"
#include "workspace.h"

/* Entries of the fixture, by index. */
enum {
	E_ART,		/* fw.tar, the artefact */
	E_ETC,		/* etc/ */
	E_PASSWD,	/* etc/passwd */
	E_README,	/* readme.txt */
	E_NOTES,	/* docs/notes.txt */
	E_BAK,		/* etc/passwd.bak, a hard link to etc/passwd */
	E_BIG,		/* big.bin, BIG_SIZE bytes */
	E_EVIL,		/* ../evil, refused */
	E_LINK,		/* etc/link, a symlink */
	E_COUNT
};

#define BIG_SIZE	10000
#define ART_BYTES	"ARTEFACT BYTES"
#define PASSWD_BYTES	"root:x:0:0::/root:/bin/sh\n"
#define README_BYTES	"hello\nworld\n"
#define NOTES_BYTES	"notes\n"

static struct {
	struct assay_inventory *inv;
	struct assay_workspace *ws;
	struct assay_fetch_opts fetch;
	struct assay_scan scan;
	struct assay_registry reg;
	struct assay_findings fs;
	struct assay_run_report rep;
	struct assay_limits limits;
	unsigned char bitmap[E_COUNT / 8 + 1];
	int memfd;
} fx;

/* ---- the fixture ------------------------------------------------------- */

static int
write_at(int dirfd, const char *rel, const void *p, size_t n)
{
	ssize_t w;
	int fd;

	fd = openat(dirfd, rel, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd == -1)
		return -1;
	w = write(fd, p, n);
	close(fd);
	return w == (ssize_t)n ? 0 : -1;
}

static struct assay_entry *
add_entry(const char *path, const char *name, unsigned type, unsigned flags,
    const char *rel, uint32_t container, uint32_t parent, uint64_t size)
{
	struct assay_entry *e;

	if ((e = assay_inventory_add(fx.inv)) == NULL)
		return NULL;
	e->path = assay_inventory_strdup(fx.inv, path, strlen(path));
	e->name = assay_inventory_strdup(fx.inv, name, strlen(name));
	e->rel = rel == NULL ? NULL :
	    assay_inventory_strdup(fx.inv, rel, strlen(rel));
	e->type = (uint16_t)type;
	e->flags = flags;
	e->container = container;
	e->parent = parent;
	e->depth = parent == ASSAY_NO_ENTRY ? 0 : 1;
	e->size = size;
	e->mode = 0644;
	return e;
}

static void
fixture_setup(void)
{
	static unsigned char big[BIG_SIZE];
	struct assay_error err;
	struct assay_entry *e = NULL;
	const char *art;
	int cfd = -1;
	bool ok = true;

	assay_test_setup();
	memset(&fx, 0, sizeof(fx));
	fx.memfd = -1;
	memset(big, 'b', sizeof(big));
	art = assay_test_path("fw.tar");
	ok = ok && assay_test_write_file(art, ART_BYTES,
	    strlen(ART_BYTES)) == 0;
	ok = ok && assay_workspace_create(assay_test_dir(), &fx.ws, &err) ==
	    ASSAY_OK;
	ok = ok && (cfd = assay_workspace_mkcontainer(fx.ws, 0)) != -1;
	ok = ok && mkdirat(cfd, "etc", 0700) == 0 &&
	    mkdirat(cfd, "docs", 0700) == 0;
	ok = ok && write_at(cfd, "etc/passwd", PASSWD_BYTES,
	    strlen(PASSWD_BYTES)) == 0;
	ok = ok && write_at(cfd, "readme.txt", README_BYTES,
	    strlen(README_BYTES)) == 0;
	ok = ok && write_at(cfd, "docs/notes.txt", NOTES_BYTES,
	    strlen(NOTES_BYTES)) == 0;
	ok = ok && write_at(cfd, "big.bin", big, sizeof(big)) == 0;
	if (cfd != -1)
		close(cfd);
	ok = ok && (fx.inv = assay_inventory_new()) != NULL;
	ok = ok && (e = add_entry("fw.tar", "fw.tar", ASSAY_ENTRY_FILE,
	    ASSAY_FLAG_ARTEFACT | ASSAY_FLAG_CONTENT | ASSAY_FLAG_CONTAINER,
	    art, ASSAY_NO_ENTRY, ASSAY_NO_ENTRY, strlen(ART_BYTES))) != NULL;
	if (ok)
		e->child = 0;
	ok = ok && add_entry("fw.tar!/etc", "etc", ASSAY_ENTRY_DIR, 0, NULL,
	    0, E_ART, 0) != NULL;
	ok = ok && (e = add_entry("fw.tar!/etc/passwd", "etc/passwd",
	    ASSAY_ENTRY_FILE, ASSAY_FLAG_CONTENT, "etc/passwd", 0, E_ART,
	    strlen(PASSWD_BYTES))) != NULL;
	ok = ok && (e = add_entry("fw.tar!/readme.txt", "readme.txt",
	    ASSAY_ENTRY_FILE, ASSAY_FLAG_CONTENT, "readme.txt", 0, E_ART,
	    strlen(README_BYTES))) != NULL;
	if (ok) {
		e->hashed = true;
		memset(e->sha256, 0x5a, sizeof(e->sha256));
	}
	ok = ok && add_entry("fw.tar!/docs/notes.txt", "docs/notes.txt",
	    ASSAY_ENTRY_FILE, ASSAY_FLAG_CONTENT, "docs/notes.txt", 0, E_ART,
	    strlen(NOTES_BYTES)) != NULL;
	ok = ok && (e = add_entry("fw.tar!/etc/passwd.bak", "etc/passwd.bak",
	    ASSAY_ENTRY_HARDLINK, ASSAY_FLAG_CONTENT, NULL, 0, E_ART,
	    strlen(PASSWD_BYTES))) != NULL;
	if (ok) {
		e->content = E_PASSWD;
		e->link = "etc/passwd";
	}
	ok = ok && add_entry("fw.tar!/big.bin", "big.bin", ASSAY_ENTRY_FILE,
	    ASSAY_FLAG_CONTENT, "big.bin", 0, E_ART, BIG_SIZE) != NULL;
	ok = ok && add_entry("fw.tar!/../evil", "../evil", ASSAY_ENTRY_FILE,
	    ASSAY_FLAG_REFUSED, NULL, 0, E_ART, 4) != NULL;
	ok = ok && (e = add_entry("fw.tar!/etc/link", "etc/link",
	    ASSAY_ENTRY_SYMLINK, 0, NULL, 0, E_ART, 0)) != NULL;
	if (ok)
		e->link = "passwd";
	ok = ok && (fx.memfd = memfd_create("test-records", MFD_CLOEXEC)) !=
	    -1;
	ASSAY_CHECKF(ok, "fixture: %s", strerror(errno));

	assay_fetch_opts_init(&fx.fetch);
	fx.scan.inv = fx.inv;
	fx.scan.ws = fx.ws;
	fx.scan.fetch = &fx.fetch;
	fx.scan.now = 1700000000;
	fx.scan.out_fd = -1;
	assay_limits_init(&fx.limits);
	fx.limits.probe_cpu_seconds = 20;
	fx.limits.probe_wall_seconds = 60;
}

static void
fixture_teardown(void)
{
	assay_run_report_release(&fx.rep);
	assay_findings_release(&fx.fs);
	assay_registry_release(&fx.reg);
	assay_inventory_free(fx.inv);
	assay_workspace_free(fx.ws);
	if (fx.memfd != -1)
		close(fx.memfd);
	assay_test_teardown();
}

/* Reads back the records written to the fixture's memfd, one per line. */
static json_t *
records(void)
{
	json_t *arr = json_array(), *rec;
	char buf[65536], *p, *nl;
	ssize_t n;

	n = pread(fx.memfd, buf, sizeof(buf) - 1, 0);
	if (arr == NULL || n < 0)
		return arr;
	buf[n] = '\0';
	for (p = buf; (nl = strchr(p, '\n')) != NULL; p = nl + 1) {
		rec = json_loadb(p, (size_t)(nl - p), 0, NULL);
		if (rec != NULL)
			json_array_append_new(arr, rec);
	}
	return arr;
}

/* Points the in-process scan at slot 0 of the registry and the memfd. */
static void
scan_as_probe(void)
{
	fx.scan.slot = &fx.reg.v[0];
	fx.scan.probe_bit = 0;
	fx.scan.out_fd = fx.memfd;
	fx.scan.out_bytes = 0;
	memset(fx.bitmap, 0, sizeof(fx.bitmap));
	fx.scan.examined = fx.bitmap;
}

static bool
marked(size_t i)
{
	return (fx.bitmap[i / 8] & (1u << (i % 8))) != 0;
}

/* ---- probes run in process or in children ------------------------------ */

static const struct assay_rule good_rules[] = {
	{ "good.txt-file", ASSAY_SEV_LOW, "A text file" },
	{ "good.summary", ASSAY_SEV_INFO, "What was seen" },
	{ NULL, ASSAY_SEV_INFO, NULL }
};

/* Reports each .txt file with its size, then a summary. */
static enum assay_err
good_run(struct assay_scan *scan)
{
	const struct assay_entry *e;
	struct assay_finding f;
	unsigned char *data;
	size_t cur = 0, len, n = 0;
	char ev[64];
	enum assay_err r;

	while ((e = assay_scan_next(scan, &cur, "**/*.txt",
	    ASSAY_ENTRY_FILE)) != NULL) {
		if ((r = assay_entry_read(scan, e, 4096, &data, &len)) !=
		    ASSAY_OK)
			return r;
		free(data);
		snprintf(ev, sizeof(ev), "{\"size\":%zu}", len);
		f.rule = "good.txt-file";
		f.entry = e;
		f.line = 1;
		f.evidence = ev;
		if ((r = assay_scan_report(scan, &f, "%s has %zu bytes",
		    assay_entry_name(e), len)) != ASSAY_OK)
			return r;
		n++;
	}
	f.rule = "good.summary";
	f.entry = NULL;
	f.line = 0;
	f.evidence = NULL;
	return assay_scan_report(scan, &f, "%zu text files", n);
}

static const struct assay_rule crash_rules[] = {
	{ "crash.before", ASSAY_SEV_MEDIUM, "Reported before the crash" },
	{ NULL, ASSAY_SEV_INFO, NULL }
};

static enum assay_err
crash_run(struct assay_scan *scan)
{
	struct assay_finding f = { "crash.before", NULL, 0, NULL };
	size_t cur = 0;

	(void)assay_scan_next(scan, &cur, "etc/passwd", ASSAY_ENTRY_ANY);
	f.entry = assay_scan_entry(scan, E_PASSWD);
	if (assay_scan_report(scan, &f, "about to crash") != ASSAY_OK)
		return ASSAY_ERR_INTERNAL;
	raise(SIGSEGV);
	return ASSAY_ERR_INTERNAL;
}

static const struct assay_rule err_rules[] = {
	{ "err.never", ASSAY_SEV_INFO, "Never reported" },
	{ NULL, ASSAY_SEV_INFO, NULL }
};

static enum assay_err
err_run(struct assay_scan *scan)
{
	size_t cur = 0;

	(void)assay_scan_next(scan, &cur, "big.bin", ASSAY_ENTRY_FILE);
	return ASSAY_ERR_IO;
}

static const struct assay_rule loop_rules[] = {
	{ "loop.never", ASSAY_SEV_INFO, "Never reported" },
	{ NULL, ASSAY_SEV_INFO, NULL }
};

static volatile int forever = 1;

static enum assay_err
loop_run(struct assay_scan *scan)
{
	volatile unsigned long spins = 0;

	(void)scan;
	while (forever)
		spins++;
	return ASSAY_OK;
}

static const struct assay_rule sleep_rules[] = {
	{ "sleep.never", ASSAY_SEV_INFO, "Never reported" },
	{ NULL, ASSAY_SEV_INFO, NULL }
};

static enum assay_err
sleep_run(struct assay_scan *scan)
{
	struct timespec ts = { 1, 0 };

	(void)scan;
	while (forever)
		nanosleep(&ts, NULL);
	return ASSAY_OK;
}

#ifndef ASSAY_SANITIZED
/* Under the sanitizers there is no address-space limit to stop it. */
static const struct assay_rule hog_rules[] = {
	{ "hog.never", ASSAY_SEV_INFO, "Never reported" },
	{ NULL, ASSAY_SEV_INFO, NULL }
};

struct chunk {
	struct chunk *next;
};

static enum assay_err
hog_run(struct assay_scan *scan)
{
	struct chunk *head = NULL, *c;

	(void)scan;
	while ((c = malloc(16u << 20)) != NULL) {
		memset(c, 0xa5, 16u << 20);
		c->next = head;
		head = c;
	}
	while (head != NULL) {
		c = head->next;
		free(head);
		head = c;
	}
	return ASSAY_ERR_NOMEM;
}
#endif

static const struct assay_rule badrec_rules[] = {
	{ "badrec.x", ASSAY_SEV_HIGH, "A record" },
	{ NULL, ASSAY_SEV_INFO, NULL }
};

static const struct assay_rule partial_rules[] = {
	{ "partial.x", ASSAY_SEV_HIGH, "A record" },
	{ NULL, ASSAY_SEV_INFO, NULL }
};

static void
write_raw(struct assay_scan *scan, const char *s)
{
	if (write(scan->out_fd, s, strlen(s)) != (ssize_t)strlen(s))
		_exit(90);
}

/* A valid record, then one that breaks the protocol. */
static enum assay_err
badrec_run(struct assay_scan *scan)
{
	write_raw(scan, "{\"finding\":{\"rule\":\"badrec.x\",\"entry\":1,"
	    "\"line\":0,\"message\":\"first\"}}\n");
	write_raw(scan, "{\"bogus\":{}}\n");
	write_raw(scan, "{\"finding\":{\"rule\":\"badrec.x\",\"entry\":1,"
	    "\"line\":0,\"message\":\"after\"}}\n");
	return ASSAY_OK;
}

/* An entry out of range, then a line cut short as by a crash. */
static enum assay_err
partial_run(struct assay_scan *scan)
{
	write_raw(scan, "{\"finding\":{\"rule\":\"partial.x\",\"entry\":999,"
	    "\"line\":3,\"message\":\"far\","
	    "\"evidence\":{\"b\":1,\"a\":2}}}\n");
	write_raw(scan, "{\"finding\":{\"rule\":\"partial.x\",\"en");
	return ASSAY_OK;
}

static const struct assay_rule data_rules[] = {
	{ "data.x", ASSAY_SEV_INFO, "Never reported" },
	{ NULL, ASSAY_SEV_INFO, NULL }
};

/* Reads one data file twice and another once. */
static enum assay_err
data_run(struct assay_scan *scan)
{
	static const char *const names[] = { "words.txt", "sub/more.txt",
	    "words.txt" };
	unsigned char *p;
	enum assay_err r;
	size_t i, len;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if ((r = assay_scan_data_read(scan, names[i], 1024, &p,
		    &len)) != ASSAY_OK)
			return r;
		free(p);
	}
	return ASSAY_OK;
}

static const struct assay_rule param_rules[] = {
	{ "param.value", ASSAY_SEV_INFO, "A parameter" },
	{ NULL, ASSAY_SEV_INFO, NULL }
};

/* Reports its "word" parameter, or "unset". */
static enum assay_err
param_run(struct assay_scan *scan)
{
	struct assay_finding f = { "param.value", NULL, 0, NULL };
	const char *w = assay_scan_param(scan, "word");

	return assay_scan_report(scan, &f, "%s", w != NULL ? w : "unset");
}

#define PROBE(n, rules, fn) \
	{ ASSAY_PROBE_ABI, sizeof(struct assay_probe), n, "1", "test", \
	    rules, fn }

static const struct assay_probe good_probe = PROBE("good", good_rules,
    good_run);
static const struct assay_probe crash_probe = PROBE("crash", crash_rules,
    crash_run);
static const struct assay_probe err_probe = PROBE("err", err_rules, err_run);
static const struct assay_probe loop_probe = PROBE("loop", loop_rules,
    loop_run);
static const struct assay_probe sleep_probe = PROBE("sleep", sleep_rules,
    sleep_run);
#ifndef ASSAY_SANITIZED
static const struct assay_probe hog_probe = PROBE("hog", hog_rules, hog_run);
#endif
static const struct assay_probe badrec_probe = PROBE("badrec", badrec_rules,
    badrec_run);
static const struct assay_probe partial_probe = PROBE("partial", partial_rules,
    partial_run);
static const struct assay_probe data_probe = PROBE("data", data_rules,
    data_run);
static const struct assay_probe param_probe = PROBE("param", param_rules,
    param_run);

/* Registers a NULL-terminated list of probes, data folder dd for all. */
static bool
register_probes(const struct assay_probe *const *list, const char *dd)
{
	struct assay_error err;
	bool ok = true;

	for (; *list != NULL; list++) {
		if (assay_registry_add(&fx.reg, *list, "test", dd, &err) !=
		    ASSAY_OK) {
			ASSAY_CHECKF(0, "register %s: %s", (*list)->name,
			    err.msg);
			ok = false;
		}
	}
	return ok;
}

static size_t
count_rule(const struct assay_findings *fs, const char *rule)
{
	size_t i, n = 0;

	for (i = 0; i < fs->n; i++)
		if (strcmp(fs->v[i].rule, rule) == 0)
			n++;
	return n;
}

static const struct assay_finding_rec *
find_rule(const struct assay_findings *fs, const char *rule, size_t nth)
{
	size_t i;

	for (i = 0; i < fs->n; i++)
		if (strcmp(fs->v[i].rule, rule) == 0 && nth-- == 0)
			return &fs->v[i];
	return NULL;
}

/* The probe-error finding whose evidence names probe. */
static const struct assay_finding_rec *
probe_error_of(const struct assay_findings *fs, const char *probe)
{
	const struct assay_finding_rec *f;
	char want[128];
	size_t i;

	snprintf(want, sizeof(want), "\"probe\":\"%s\"", probe);
	for (i = 0; (f = find_rule(fs, ASSAY_RULE_PROBE_ERROR, i)) != NULL;
	    i++)
		if (f->evidence != NULL && strstr(f->evidence, want) != NULL)
			return f;
	return NULL;
}

static bool
contains(const char *s, const char *part)
{
	return s != NULL && strstr(s, part) != NULL;
}

static enum assay_err
run_probes(unsigned jobs, const void *params)
{
	struct assay_error err;
	enum assay_err r;

	memset(&err, 0, sizeof(err));
	r = assay_runner_run(&fx.reg, &fx.scan, params, &fx.limits, jobs,
	    &fx.fs, &fx.rep, &err);
	ASSAY_CHECKF(r == ASSAY_OK, "runner: %s", err.msg);
	return r;
}

/* ---- the scan API, in process ------------------------------------------ */

static void
test_scan_next_glob(void)
{
	static const struct {
		const char *glob;
		unsigned types;
		const char *want;	/* entry indices as digits */
	} rows[] = {
		{ NULL, ASSAY_ENTRY_ANY, "012345678" },
		{ NULL, 0, "012345678" },
		{ "**/*.txt", ASSAY_ENTRY_FILE, "34" },
		{ "*.txt", ASSAY_ENTRY_ANY, "3" },
		{ "etc/*", ASSAY_ENTRY_ANY, "258" },
		{ "etc/*", ASSAY_ENTRY_SYMLINK, "8" },
		{ "etc/*", ASSAY_ENTRY_FILE | ASSAY_ENTRY_HARDLINK, "25" },
		{ "**/passwd", ASSAY_ENTRY_ANY, "2" },
		{ "etc/passw?", ASSAY_ENTRY_ANY, "2" },
		{ "etc", ASSAY_ENTRY_DIR, "1" },
		{ "etc", ASSAY_ENTRY_FILE, "" },
		{ "fw.tar", ASSAY_ENTRY_ANY, "0" },
		{ "fw.tar!/etc/*", ASSAY_ENTRY_ANY, "258" },
		{ "*!/readme.txt", ASSAY_ENTRY_ANY, "3" },
		{ "**!/*.txt", ASSAY_ENTRY_ANY, "3" },
		{ "fw.tar!/**", ASSAY_ENTRY_FILE, "23467" },
		{ NULL, ASSAY_ENTRY_HARDLINK, "5" },
		{ "nothing", ASSAY_ENTRY_ANY, "" },
	};
	const struct assay_entry *e;
	char got[E_COUNT + 1];
	size_t i, k, cur;

	CU_ASSERT_EQUAL_FATAL(register_probes((const struct assay_probe *[]){
	    &good_probe, NULL }, NULL), true);
	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		scan_as_probe();
		cur = 0;
		k = 0;
		while ((e = assay_scan_next(&fx.scan, &cur, rows[i].glob,
		    rows[i].types)) != NULL && k < E_COUNT)
			got[k++] = (char)('0' + assay_entry_index(e));
		got[k] = '\0';
		ASSAY_CHECKF(strcmp(got, rows[i].want) == 0,
		    "glob %s types %#x: got \"%s\", want \"%s\"",
		    rows[i].glob ? rows[i].glob : "NULL", rows[i].types, got,
		    rows[i].want);
		CU_ASSERT_EQUAL(cur, E_COUNT);
		/* Coverage: exactly the entries handed out. */
		for (k = 0; k < E_COUNT; k++)
			ASSAY_CHECKF(marked(k) == (strchr(rows[i].want,
			    (int)('0' + k)) != NULL), "glob %s entry %zu mark",
			    rows[i].glob ? rows[i].glob : "NULL", k);
	}
	/* A cursor past the end stays there. */
	cur = E_COUNT + 5;
	CU_ASSERT_PTR_NULL(assay_scan_next(&fx.scan, &cur, NULL,
	    ASSAY_ENTRY_ANY));
}

static void
test_scan_accessors(void)
{
	const struct assay_entry *e, *p;
	struct assay_entry stray;

	CU_ASSERT_EQUAL(assay_scan_entry_count(&fx.scan), E_COUNT);
	CU_ASSERT_PTR_NULL(assay_scan_entry(&fx.scan, E_COUNT));
	e = assay_scan_entry(&fx.scan, E_PASSWD);
	CU_ASSERT_PTR_NOT_NULL_FATAL(e);
	CU_ASSERT_STRING_EQUAL(assay_entry_path(e), "fw.tar!/etc/passwd");
	CU_ASSERT_STRING_EQUAL(assay_entry_name(e), "etc/passwd");
	CU_ASSERT_EQUAL(assay_entry_index(e), E_PASSWD);
	CU_ASSERT_EQUAL(assay_entry_type(e), ASSAY_ENTRY_FILE);
	CU_ASSERT_EQUAL(assay_entry_flags(e), ASSAY_FLAG_CONTENT);
	CU_ASSERT_EQUAL(assay_entry_depth(e), 1);
	CU_ASSERT_EQUAL(assay_entry_mode(e), 0644);
	CU_ASSERT_EQUAL(assay_entry_size(e), strlen(PASSWD_BYTES));
	CU_ASSERT_PTR_NULL(assay_entry_sha256(e));
	CU_ASSERT_PTR_NULL(assay_entry_link_target(e));
	p = assay_entry_parent(e);
	CU_ASSERT_PTR_EQUAL(p, assay_scan_entry(&fx.scan, E_ART));
	CU_ASSERT_PTR_NULL(assay_entry_parent(p));
	CU_ASSERT_EQUAL(assay_entry_depth(p), 0);

	e = assay_scan_entry(&fx.scan, E_README);
	CU_ASSERT_PTR_NOT_NULL_FATAL(assay_entry_sha256(e));
	CU_ASSERT_EQUAL(assay_entry_sha256(e)[31], 0x5a);
	e = assay_scan_entry(&fx.scan, E_LINK);
	CU_ASSERT_STRING_EQUAL(assay_entry_link_target(e), "passwd");

	/* A record of no inventory has no parent. */
	memcpy(&stray, assay_scan_entry(&fx.scan, E_PASSWD), sizeof(stray));
	CU_ASSERT_PTR_NULL(assay_entry_parent(&stray));

	CU_ASSERT_EQUAL(assay_scan_time(&fx.scan), 1700000000);
	CU_ASSERT_EQUAL(assay_scan_online(&fx.scan), 0);
}

static void
test_scan_entry_read(void)
{
	static const struct {
		size_t entry;
		size_t max;
		enum assay_err want;
		const char *bytes;	/* NULL: do not compare */
		size_t len;
	} rows[] = {
		{ E_README, 100, ASSAY_OK, README_BYTES, 12 },
		{ E_README, 12, ASSAY_OK, README_BYTES, 12 },
		{ E_README, 11, ASSAY_ERR_LIMIT, NULL, 0 },
		{ E_README, 0, ASSAY_ERR_LIMIT, NULL, 0 },
		{ E_BIG, BIG_SIZE - 1, ASSAY_ERR_LIMIT, NULL, 0 },
		{ E_BIG, BIG_SIZE, ASSAY_OK, NULL, BIG_SIZE },
		{ E_BIG, (size_t)-1, ASSAY_OK, NULL, BIG_SIZE },
		{ E_BAK, 100, ASSAY_OK, PASSWD_BYTES, 26 },
		{ E_ART, 100, ASSAY_OK, ART_BYTES, 14 },
		{ E_EVIL, 100, ASSAY_ERR_NOT_FOUND, NULL, 0 },
		{ E_LINK, 100, ASSAY_ERR_NOT_FOUND, NULL, 0 },
		{ E_ETC, 100, ASSAY_ERR_NOT_FOUND, NULL, 0 },
	};
	const struct assay_entry *e;
	struct assay_entry stray;
	unsigned char *data;
	enum assay_err r;
	size_t i, len;
	int fd;

	CU_ASSERT_EQUAL_FATAL(register_probes((const struct assay_probe *[]){
	    &good_probe, NULL }, NULL), true);
	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		scan_as_probe();
		e = assay_scan_entry(&fx.scan, rows[i].entry);
		len = 77;
		r = assay_entry_read(&fx.scan, e, rows[i].max, &data, &len);
		ASSAY_CHECKF(r == rows[i].want, "row %zu: %d", i, (int)r);
		if (r != ASSAY_OK) {
			ASSAY_CHECKF(data == NULL && len == 0,
			    "row %zu: nothing returned", i);
			continue;
		}
		ASSAY_CHECKF(len == rows[i].len, "row %zu: len %zu", i, len);
		ASSAY_CHECKF(data[len] == '\0', "row %zu: NUL", i);
		if (rows[i].bytes != NULL)
			ASSAY_CHECKF(memcmp(data, rows[i].bytes, len) == 0,
			    "row %zu: bytes", i);
		ASSAY_CHECKF(marked(rows[i].entry), "row %zu: marked", i);
		free(data);
	}

	/* A record copied out of the inventory is not an entry. */
	memcpy(&stray, assay_scan_entry(&fx.scan, E_README), sizeof(stray));
	CU_ASSERT_EQUAL(assay_entry_open(&fx.scan, &stray, &fd),
	    ASSAY_ERR_USAGE);
	CU_ASSERT_EQUAL(fd, -1);
	CU_ASSERT_EQUAL(assay_entry_open(&fx.scan, NULL, &fd), ASSAY_ERR_USAGE);

	/* Each open has an offset of its own. */
	e = assay_scan_entry(&fx.scan, E_README);
	CU_ASSERT_EQUAL_FATAL(assay_entry_open(&fx.scan, e, &fd), ASSAY_OK);
	CU_ASSERT_EQUAL(lseek(fd, 0, SEEK_CUR), 0);
	CU_ASSERT_EQUAL(fcntl(fd, F_GETFL) & O_ACCMODE, O_RDONLY);
	CU_ASSERT(fcntl(fd, F_GETFD) & FD_CLOEXEC);
	close(fd);
}

static void
test_scan_data_read(void)
{
	static const struct {
		const char *name;
		size_t max;
		enum assay_err want;
	} rows[] = {
		{ "words.txt", 100, ASSAY_OK },
		{ "./words.txt", 100, ASSAY_OK },
		{ "sub/more.txt", 100, ASSAY_OK },
		{ "words.txt", 3, ASSAY_ERR_LIMIT },
		{ "../x", 100, ASSAY_ERR_USAGE },
		{ "sub/../words.txt", 100, ASSAY_ERR_USAGE },
		{ "/etc/passwd", 100, ASSAY_ERR_USAGE },
		{ "", 100, ASSAY_ERR_USAGE },
		{ "missing.txt", 100, ASSAY_ERR_NOT_FOUND },
		{ "sub", 100, ASSAY_ERR_NOT_FOUND },
		{ "escape", 100, ASSAY_ERR_IO },
	};
	char dd[4096];
	unsigned char *p;
	json_t *recs, *d;
	enum assay_err r;
	size_t i, len;
	bool ok;

	snprintf(dd, sizeof(dd), "%s/data", assay_test_dir());
	ok = mkdir(dd, 0700) == 0 &&
	    mkdir(assay_test_path("data/sub"), 0700) == 0 &&
	    assay_test_write_file(assay_test_path("data/words.txt"),
	    "alpha\nbeta\n", 11) == 0 &&
	    assay_test_write_file(assay_test_path("data/sub/more.txt"),
	    "gamma\n", 6) == 0 &&
	    assay_test_write_file(assay_test_path("outside.txt"), "secret",
	    6) == 0 &&
	    symlink("../outside.txt", assay_test_path("data/escape")) == 0;
	CU_ASSERT_FATAL(ok);
	CU_ASSERT_EQUAL_FATAL(register_probes((const struct assay_probe *[]){
	    &data_probe, NULL }, dd), true);
	scan_as_probe();
	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		r = assay_scan_data_read(&fx.scan, rows[i].name, rows[i].max,
		    &p, &len);
		ASSAY_CHECKF(r == rows[i].want, "%s: %d", rows[i].name,
		    (int)r);
		if (r == ASSAY_OK) {
			ASSAY_CHECKF(p[len] == '\0', "%s: NUL", rows[i].name);
			free(p);
		} else {
			ASSAY_CHECKF(p == NULL, "%s: NULL", rows[i].name);
		}
	}
	/* Each successful read is recorded with the name it resolved to. */
	recs = records();
	CU_ASSERT_EQUAL(json_array_size(recs), 3);
	d = json_object_get(json_array_get(recs, 0), "data");
	CU_ASSERT_STRING_EQUAL(json_string_value(json_object_get(d, "name")),
	    "words.txt");
	CU_ASSERT_EQUAL(json_integer_value(json_object_get(d, "bytes")), 11);
	CU_ASSERT_EQUAL(strlen(json_string_value(json_object_get(d,
	    "sha256"))), 64);
	d = json_object_get(json_array_get(recs, 1), "data");
	CU_ASSERT_STRING_EQUAL(json_string_value(json_object_get(d, "name")),
	    "words.txt");
	json_decref(recs);

	/* A probe without a data folder has no data files. */
	free(fx.reg.v[0].data_dir);
	fx.reg.v[0].data_dir = NULL;
	CU_ASSERT_EQUAL(assay_scan_data_read(&fx.scan, "words.txt", 100, &p,
	    &len), ASSAY_ERR_NOT_FOUND);
}

static void
test_scan_report(void)
{
	static const struct {
		const char *rule;
		size_t entry;		/* E_COUNT: none */
		const char *evidence;
		enum assay_err want;
	} rows[] = {
		{ "good.txt-file", E_README, "{\"size\":12}", ASSAY_OK },
		{ "good.summary", E_COUNT, NULL, ASSAY_OK },
		{ "good.undeclared", E_COUNT, NULL, ASSAY_ERR_USAGE },
		{ "crash.before", E_COUNT, NULL, ASSAY_ERR_USAGE },
		{ NULL, E_COUNT, NULL, ASSAY_ERR_USAGE },
		{ "good.summary", E_COUNT, "[1,2]", ASSAY_ERR_USAGE },
		{ "good.summary", E_COUNT, "\"text\"", ASSAY_ERR_USAGE },
		{ "good.summary", E_COUNT, "{bad", ASSAY_ERR_USAGE },
		{ "good.summary", E_COUNT, "{\"a\":1,\"a\":2}",
		    ASSAY_ERR_USAGE },
		{ "good.summary", E_COUNT, "{} trailing", ASSAY_ERR_USAGE },
	};
	struct assay_finding f;
	struct assay_entry stray;
	json_t *recs, *b;
	enum assay_err r;
	size_t i;

	CU_ASSERT_EQUAL_FATAL(register_probes((const struct assay_probe *[]){
	    &good_probe, NULL }, NULL), true);
	scan_as_probe();
	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		f.rule = rows[i].rule;
		f.entry = rows[i].entry == E_COUNT ? NULL :
		    assay_scan_entry(&fx.scan, rows[i].entry);
		f.line = 7;
		f.evidence = rows[i].evidence;
		r = assay_scan_report(&fx.scan, &f, "row %zu says %s", i,
		    "hi");
		ASSAY_CHECKF(r == rows[i].want, "row %zu: %d", i, (int)r);
	}
	CU_ASSERT_EQUAL(assay_scan_report(&fx.scan, NULL, "x"),
	    ASSAY_ERR_USAGE);
	memcpy(&stray, assay_scan_entry(&fx.scan, E_README), sizeof(stray));
	f.rule = "good.summary";
	f.entry = &stray;
	f.evidence = NULL;
	CU_ASSERT_EQUAL(assay_scan_report(&fx.scan, &f, "x"), ASSAY_ERR_USAGE);

	/* Only the two accepted findings were sent, complete. */
	recs = records();
	CU_ASSERT_EQUAL_FATAL(json_array_size(recs), 2);
	b = json_object_get(json_array_get(recs, 0), "finding");
	CU_ASSERT_STRING_EQUAL(json_string_value(json_object_get(b, "rule")),
	    "good.txt-file");
	CU_ASSERT_EQUAL(json_integer_value(json_object_get(b, "entry")),
	    E_README);
	CU_ASSERT_EQUAL(json_integer_value(json_object_get(b, "line")), 7);
	CU_ASSERT_STRING_EQUAL(json_string_value(json_object_get(b,
	    "message")), "row 0 says hi");
	CU_ASSERT_EQUAL(json_integer_value(json_object_get(json_object_get(b,
	    "evidence"), "size")), 12);
	b = json_object_get(json_array_get(recs, 1), "finding");
	CU_ASSERT_EQUAL(json_integer_value(json_object_get(b, "entry")), -1);
	CU_ASSERT_PTR_NULL(json_object_get(b, "evidence"));
	json_decref(recs);

	/* A message that is not UTF-8 still makes a valid record. */
	CU_ASSERT_EQUAL_FATAL(ftruncate(fx.memfd, 0), 0);
	CU_ASSERT_EQUAL(lseek(fx.memfd, 0, SEEK_SET), 0);
	f.entry = NULL;
	CU_ASSERT_EQUAL(assay_scan_report(&fx.scan, &f, "bad \xff byte"),
	    ASSAY_OK);
	recs = records();
	CU_ASSERT_EQUAL(json_array_size(recs), 1);
	b = json_object_get(json_array_get(recs, 0), "finding");
	CU_ASSERT_STRING_EQUAL(json_string_value(json_object_get(b,
	    "message")), "bad \xef\xbf\xbd byte");
	json_decref(recs);

	/* Past the output limit nothing more is taken. */
	fx.scan.out_bytes = ASSAY_PROBE_OUTPUT_MAX - 10;
	CU_ASSERT_EQUAL(assay_scan_report(&fx.scan, &f, "one too many"),
	    ASSAY_ERR_LIMIT);
	fx.scan.out_bytes = 0;

	/* Without a record channel nothing can be reported. */
	fx.scan.out_fd = -1;
	CU_ASSERT_NOT_EQUAL(assay_scan_report(&fx.scan, &f, "x"), ASSAY_OK);
}

static void
test_scan_param(void)
{
	const char *a, *b;
	json_t *params;
	unsigned char *p;
	size_t len;

	params = json_pack("{s:s, s:i, s:{s:[i,i]}, s:b, s:n}", "s", "text",
	    "n", 5, "o", "a", 1, 2, "t", 1, "z");
	CU_ASSERT_PTR_NOT_NULL_FATAL(params);
	fx.scan.params = params;
	CU_ASSERT_STRING_EQUAL(assay_scan_param(&fx.scan, "s"), "text");
	CU_ASSERT_STRING_EQUAL(assay_scan_param(&fx.scan, "n"), "5");
	CU_ASSERT_STRING_EQUAL(assay_scan_param(&fx.scan, "t"), "true");
	CU_ASSERT_STRING_EQUAL(assay_scan_param(&fx.scan, "z"), "null");
	a = assay_scan_param(&fx.scan, "o");
	CU_ASSERT_STRING_EQUAL(a, "{\"a\":[1,2]}");
	/* Still valid, and the same text, after more calls. */
	CU_ASSERT_STRING_EQUAL(assay_scan_param(&fx.scan, "n"), "5");
	b = assay_scan_param(&fx.scan, "o");
	CU_ASSERT_PTR_EQUAL(a, b);
	CU_ASSERT_STRING_EQUAL(a, "{\"a\":[1,2]}");
	CU_ASSERT_PTR_NULL(assay_scan_param(&fx.scan, "missing"));
	CU_ASSERT_PTR_NULL(assay_scan_param(&fx.scan, NULL));
	fx.scan.params = NULL;
	CU_ASSERT_PTR_NULL(assay_scan_param(&fx.scan, "s"));
	json_decref(params);

	/* Offline, a fetch is refused before any network is touched. */
	CU_ASSERT_EQUAL(assay_scan_fetch(&fx.scan, "https://example.invalid/",
	    100, &p, &len), ASSAY_ERR_OFFLINE);
	CU_ASSERT_PTR_NULL(p);
}

/* ---- the runner --------------------------------------------------------- */

static void
test_runner_mixed(void)
{
	const struct assay_probe *const list[] = { &good_probe, &crash_probe,
	    &err_probe, NULL };
	const struct assay_finding_rec *f;
	const struct assay_entry *e;
	struct assay_probe_outcome *o;
	char want[256];

	CU_ASSERT_EQUAL_FATAL(register_probes(list, NULL), true);
	CU_ASSERT_EQUAL_FATAL(run_probes(2, NULL), ASSAY_OK);

	/* Outcomes in registry order, whatever finished first. */
	CU_ASSERT_EQUAL_FATAL(fx.rep.n, 3);
	o = fx.rep.outcomes;
	CU_ASSERT_STRING_EQUAL(o[0].name, "good");
	CU_ASSERT_STRING_EQUAL(o[1].name, "crash");
	CU_ASSERT_STRING_EQUAL(o[2].name, "err");
	CU_ASSERT(o[0].ok);
	CU_ASSERT_PTR_NULL(o[0].error);
	CU_ASSERT_EQUAL(o[0].findings, 3);
	CU_ASSERT_EQUAL(o[0].examined, 2);
	CU_ASSERT(!o[1].ok);
	CU_ASSERT_EQUAL(o[1].findings, 1);
#ifdef ASSAY_SANITIZED
	/* AddressSanitizer catches the SIGSEGV and exits, or aborts with
	 * abort_on_error=1. */
	ASSAY_CHECKF(contains(o[1].error, "killed by signal") ||
	    contains(o[1].error, "exited with status"), "%s", o[1].error);
#else
	ASSAY_CHECKF(contains(o[1].error, "killed by signal 11 ("), "%s",
	    o[1].error);
#endif
	CU_ASSERT(!o[2].ok);
	snprintf(want, sizeof(want), "returned an error: %s",
	    assay_strerror(ASSAY_ERR_IO));
	ASSAY_CHECKF(contains(o[2].error, want), "%s", o[2].error);

	/* The good probe's findings, with its rules' severities. */
	CU_ASSERT_EQUAL(count_rule(&fx.fs, "good.txt-file"), 2);
	CU_ASSERT_EQUAL(count_rule(&fx.fs, "good.summary"), 1);
	f = find_rule(&fx.fs, "good.txt-file", 0);
	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	CU_ASSERT_STRING_EQUAL(f->probe, "good");
	CU_ASSERT_EQUAL(f->severity, ASSAY_SEV_LOW);
	CU_ASSERT(f->entry == E_README || f->entry == E_NOTES);
	CU_ASSERT_EQUAL(f->line, 1);
	ASSAY_CHECKF(contains(f->evidence, "\"size\":"), "%s", f->evidence);
	f = find_rule(&fx.fs, "good.summary", 0);
	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	CU_ASSERT_EQUAL(f->entry, ASSAY_NO_ENTRY);
	CU_ASSERT_STRING_EQUAL(f->message, "2 text files");

	/* What the crashing probe said before it died is kept. */
	f = find_rule(&fx.fs, "crash.before", 0);
	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	CU_ASSERT_EQUAL(f->severity, ASSAY_SEV_MEDIUM);
	CU_ASSERT_EQUAL(f->entry, E_PASSWD);

	/* Each failure is a harness finding naming the probe and why. */
	CU_ASSERT_EQUAL(count_rule(&fx.fs, ASSAY_RULE_PROBE_ERROR), 2);
	f = probe_error_of(&fx.fs, "crash");
	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	CU_ASSERT_STRING_EQUAL(f->probe, "harness");
	CU_ASSERT_EQUAL(f->entry, ASSAY_NO_ENTRY);
	CU_ASSERT_EQUAL(f->severity,
	    assay_harness_severity(ASSAY_RULE_PROBE_ERROR));
	ASSAY_CHECKF(strncmp(f->message, "probe crash ", 12) == 0 &&
	    contains(f->message, o[1].error), "%s", f->message);
	ASSAY_CHECKF(contains(f->evidence, "\"reason\":"), "%s", f->evidence);
	f = probe_error_of(&fx.fs, "err");
	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	ASSAY_CHECKF(contains(f->message, "probe err returned an error: "),
	    "%s", f->message);

	/* Coverage: examined for the good probe, failed for the others. */
	e = assay_inventory_get(fx.inv, E_README);
	CU_ASSERT_EQUAL(e->examined, 1u << 0);
	CU_ASSERT_EQUAL(e->failed, 0);
	e = assay_inventory_get(fx.inv, E_PASSWD);
	CU_ASSERT_EQUAL(e->examined, 0);
	CU_ASSERT_EQUAL(e->failed, 1u << 1);
	e = assay_inventory_get(fx.inv, E_BIG);
	CU_ASSERT_EQUAL(e->failed, 1u << 2);
	e = assay_inventory_get(fx.inv, E_LINK);
	CU_ASSERT_EQUAL(e->examined | e->failed, 0);
	CU_ASSERT_EQUAL(fx.rep.nused, 0);
}

static bool
same_findings(const struct assay_findings *a, const struct assay_findings *b)
{
	size_t i;

	if (a->n != b->n)
		return false;
	for (i = 0; i < a->n; i++) {
		if (strcmp(a->v[i].probe, b->v[i].probe) != 0 ||
		    strcmp(a->v[i].rule, b->v[i].rule) != 0 ||
		    a->v[i].severity != b->v[i].severity ||
		    a->v[i].entry != b->v[i].entry ||
		    a->v[i].line != b->v[i].line ||
		    strcmp(a->v[i].message, b->v[i].message) != 0 ||
		    (a->v[i].evidence == NULL) != (b->v[i].evidence == NULL) ||
		    (a->v[i].evidence != NULL &&
		    strcmp(a->v[i].evidence, b->v[i].evidence) != 0))
			return false;
	}
	return true;
}

static void
test_runner_jobs_same(void)
{
	const struct assay_probe *const list[] = { &good_probe, &crash_probe,
	    &err_probe, &partial_probe, &param_probe, NULL };
	struct assay_findings first = ASSAY_FINDINGS_INIT;
	uint64_t examined[E_COUNT], failed[E_COUNT];
	struct assay_entry *e;
	unsigned jobs;
	size_t i;

	CU_ASSERT_EQUAL_FATAL(register_probes(list, NULL), true);
	for (jobs = 1; jobs <= 3; jobs++) {
		for (i = 0; i < E_COUNT; i++) {
			e = assay_inventory_get(fx.inv, i);
			e->examined = e->failed = 0;
		}
		assay_findings_release(&fx.fs);
		assay_run_report_release(&fx.rep);
		CU_ASSERT_EQUAL_FATAL(run_probes(jobs, NULL), ASSAY_OK);
		CU_ASSERT_EQUAL(fx.rep.n, 5);
		/* Unsorted: gathered in registry order either way. */
		if (jobs == 1) {
			first = fx.fs;
			memset(&fx.fs, 0, sizeof(fx.fs));
			for (i = 0; i < E_COUNT; i++) {
				e = assay_inventory_get(fx.inv, i);
				examined[i] = e->examined;
				failed[i] = e->failed;
			}
			continue;
		}
		ASSAY_CHECKF(same_findings(&first, &fx.fs),
		    "jobs=%u gives other findings (%zu vs %zu)", jobs,
		    first.n, fx.fs.n);
		for (i = 0; i < E_COUNT; i++) {
			e = assay_inventory_get(fx.inv, i);
			ASSAY_CHECKF(e->examined == examined[i] &&
			    e->failed == failed[i], "jobs=%u entry %zu", jobs,
			    i);
		}
	}
	assay_findings_release(&first);
}

static void
test_runner_cpu_limit(void)
{
	const struct assay_probe *const list[] = { &loop_probe, &good_probe,
	    NULL };
	const struct assay_finding_rec *f;

	fx.limits.probe_cpu_seconds = 1;
	CU_ASSERT_EQUAL_FATAL(register_probes(list, NULL), true);
	CU_ASSERT_EQUAL_FATAL(run_probes(2, NULL), ASSAY_OK);
	CU_ASSERT(!fx.rep.outcomes[0].ok);
	ASSAY_CHECKF(contains(fx.rep.outcomes[0].error,
	    "exceeded the CPU limit of 1 s"), "%s", fx.rep.outcomes[0].error);
	/* The kernel's CPU accounting is coarse: only say some was spent. */
	ASSAY_CHECKF(fx.rep.outcomes[0].cpu_seconds > 0.0, "cpu %.2f",
	    fx.rep.outcomes[0].cpu_seconds);
	/* The scan went on. */
	CU_ASSERT(fx.rep.outcomes[1].ok);
	CU_ASSERT_EQUAL(count_rule(&fx.fs, "good.txt-file"), 2);
	f = probe_error_of(&fx.fs, "loop");
	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	ASSAY_CHECKF(contains(f->message, "probe loop exceeded the CPU limit"),
	    "%s", f->message);
}

static void
test_runner_wall_limit(void)
{
	const struct assay_probe *const list[] = { &sleep_probe, &good_probe,
	    NULL };
	struct timespec t0, t1;
	double took;

	fx.limits.probe_wall_seconds = 1;
	CU_ASSERT_EQUAL_FATAL(register_probes(list, NULL), true);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	CU_ASSERT_EQUAL_FATAL(run_probes(1, NULL), ASSAY_OK);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	took = (double)(t1.tv_sec - t0.tv_sec) +
	    (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	ASSAY_CHECKF(took >= 0.9 && took < 10, "took %.2f s", took);
	CU_ASSERT(!fx.rep.outcomes[0].ok);
	ASSAY_CHECKF(contains(fx.rep.outcomes[0].error,
	    "exceeded the wall-time limit of 1 s"), "%s",
	    fx.rep.outcomes[0].error);
	CU_ASSERT(fx.rep.outcomes[1].ok);
	CU_ASSERT_PTR_NOT_NULL(probe_error_of(&fx.fs, "sleep"));
}

static void
test_runner_memory_limit(void)
{
#ifdef ASSAY_SANITIZED
	/* No address-space limit under the sanitizers: nothing to test. */
	CU_PASS("not under sanitizers");
#else
	const struct assay_probe *const list[] = { &hog_probe, NULL };

	fx.limits.probe_memory = 256u << 20;
	CU_ASSERT_EQUAL_FATAL(register_probes(list, NULL), true);
	CU_ASSERT_EQUAL_FATAL(run_probes(1, NULL), ASSAY_OK);
	CU_ASSERT(!fx.rep.outcomes[0].ok);
	ASSAY_CHECKF(contains(fx.rep.outcomes[0].error, "out of memory") ||
	    contains(fx.rep.outcomes[0].error, "killed by signal"), "%s",
	    fx.rep.outcomes[0].error);
	CU_ASSERT_PTR_NOT_NULL(probe_error_of(&fx.fs, "hog"));
#endif
}

static void
test_runner_records(void)
{
	const struct assay_probe *const list[] = { &badrec_probe,
	    &partial_probe, NULL };
	const struct assay_finding_rec *f;

	CU_ASSERT_EQUAL_FATAL(register_probes(list, NULL), true);
	CU_ASSERT_EQUAL_FATAL(run_probes(2, NULL), ASSAY_OK);

	/* A malformed line fails the probe; what came before it stays. */
	CU_ASSERT(!fx.rep.outcomes[0].ok);
	ASSAY_CHECKF(contains(fx.rep.outcomes[0].error,
	    "sent a malformed record"), "%s", fx.rep.outcomes[0].error);
	CU_ASSERT_EQUAL(count_rule(&fx.fs, "badrec.x"), 1);
	f = find_rule(&fx.fs, "badrec.x", 0);
	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	CU_ASSERT_STRING_EQUAL(f->message, "first");
	CU_ASSERT_EQUAL(f->severity, ASSAY_SEV_HIGH);
	CU_ASSERT_PTR_NOT_NULL(probe_error_of(&fx.fs, "badrec"));

	/* A cut final line is ignored; an entry out of range is none. */
	CU_ASSERT(fx.rep.outcomes[1].ok);
	CU_ASSERT_EQUAL(fx.rep.outcomes[1].findings, 1);
	CU_ASSERT_EQUAL(count_rule(&fx.fs, "partial.x"), 1);
	f = find_rule(&fx.fs, "partial.x", 0);
	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	CU_ASSERT_EQUAL(f->entry, ASSAY_NO_ENTRY);
	CU_ASSERT_EQUAL(f->line, 3);
	CU_ASSERT_STRING_EQUAL(f->evidence, "{\"a\":2,\"b\":1}");
	CU_ASSERT_PTR_NULL(probe_error_of(&fx.fs, "partial"));
}

static void
test_runner_provenance_params(void)
{
	const struct assay_probe *const list[] = { &data_probe, &param_probe,
	    NULL };
	const struct assay_finding_rec *f;
	struct assay_provenance *u;
	char dd[4096], hex[65];
	json_t *params;

	snprintf(dd, sizeof(dd), "%s/data", assay_test_dir());
	CU_ASSERT_FATAL(mkdir(dd, 0700) == 0 &&
	    mkdir(assay_test_path("data/sub"), 0700) == 0 &&
	    assay_test_write_file(assay_test_path("data/words.txt"),
	    "alpha\nbeta\n", 11) == 0 &&
	    assay_test_write_file(assay_test_path("data/sub/more.txt"),
	    "gamma\n", 6) == 0);
	CU_ASSERT_EQUAL_FATAL(register_probes(list, dd), true);
	params = json_pack("{s:{s:s}, s:{s:s}}", "param", "word", "hello",
	    "other", "word", "not mine");
	CU_ASSERT_PTR_NOT_NULL_FATAL(params);
	CU_ASSERT_EQUAL_FATAL(run_probes(2, params), ASSAY_OK);
	json_decref(params);

	CU_ASSERT(fx.rep.outcomes[0].ok);
	CU_ASSERT(fx.rep.outcomes[1].ok);
	/* Sorted by name; the repeated read of words.txt counted once. */
	CU_ASSERT_EQUAL_FATAL(fx.rep.nused, 2);
	u = fx.rep.used;
	CU_ASSERT_STRING_EQUAL(u[0].kind, "data");
	CU_ASSERT_STRING_EQUAL(u[0].probe, "data");
	CU_ASSERT_STRING_EQUAL(u[0].name, "sub/more.txt");
	CU_ASSERT_EQUAL(u[0].bytes, 6);
	CU_ASSERT_STRING_EQUAL(u[1].name, "words.txt");
	CU_ASSERT_EQUAL(u[1].bytes, 11);
	assay_test_sha256_hex("alpha\nbeta\n", 11, hex);
	CU_ASSERT_STRING_EQUAL(u[1].sha256, hex);
	CU_ASSERT(!u[1].cached);

	/* Each probe sees its own parameters only. */
	f = find_rule(&fx.fs, "param.value", 0);
	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	CU_ASSERT_STRING_EQUAL(f->message, "hello");
}

static void
test_runner_empty(void)
{
	CU_ASSERT_EQUAL(run_probes(1, NULL), ASSAY_OK);
	CU_ASSERT_EQUAL(fx.rep.n, 0);
	CU_ASSERT_EQUAL(fx.fs.n, 0);
}

static CU_TestInfo scan_tests[] = {
	{ "scan_next glob and type semantics", test_scan_next_glob },
	{ "entry accessors", test_scan_accessors },
	{ "entry_open and entry_read limits", test_scan_entry_read },
	{ "data_read confinement", test_scan_data_read },
	{ "report validation and records", test_scan_report },
	{ "parameters and offline fetch", test_scan_param },
	CU_TEST_INFO_NULL
};

static CU_TestInfo runner_tests[] = {
	{ "good, crashing and failing probes", test_runner_mixed },
	{ "jobs=1, 2 and 3 agree", test_runner_jobs_same },
	{ "CPU limit", test_runner_cpu_limit },
	{ "wall-time limit", test_runner_wall_limit },
	{ "memory limit", test_runner_memory_limit },
	{ "malformed and cut records", test_runner_records },
	{ "data provenance and parameters", test_runner_provenance_params },
	{ "no probes", test_runner_empty },
	CU_TEST_INFO_NULL
};

static CU_SuiteInfo suites[] = {
	{ "scan", NULL, NULL, fixture_setup, fixture_teardown, scan_tests },
	{ "runner", NULL, NULL, fixture_setup, fixture_teardown,
	    runner_tests },
	CU_SUITE_INFO_NULL
};

int
main(void)
{
	return assay_test_run(suites);
}
