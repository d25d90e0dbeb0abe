/*
 * End to end: hostile and unusual artefacts, each built inside its test (by
 * libarchive's writer or byte by byte), scanned by the real assay binary.
 * Every scan must leave its workspace empty, create nothing in the test
 * directory but the workspace, the bundle and the artefact, write a complete
 * bundle, and exit with the status the rules demand; the findings and the
 * inventory must say what happened to each entry.
 */
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/types.h>

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <malloc.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <CUnit/CUnit.h>
#include <archive.h>
#include <archive_entry.h>
#include <jansson.h>

#include "assay/buf.h"
#include "testutil.h"

#define KIB		((size_t)1 << 10)
#define MIB		((size_t)1 << 20)
#define GIB		((size_t)1 << 30)
#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))
#define MAX_ARGS	48
#define SHA_HEX		65

/* Exit statuses (docs/harness-rules.md). */
#define EXIT_PASS	0
#define EXIT_FAIL	1
#define EXIT_INCOMPLETE	3

/* ---- running a scan ----------------------------------------------------- */

/*
 * The profile every scan here uses: one control that fails on a harness
 * finding at high or above.  It keeps these tests about what the harness
 * finds, whatever the shipped profiles make of it.
 */
#define PROFILE_FILE	"e2e-high.json"
static const char profile_json[] =
"{\n"
"  \"id\": \"e2e-high\",\n"
"  \"version\": \"1\",\n"
"  \"title\": \"End-to-end tests of the harness\",\n"
"  \"description\": \"A harness finding at high or above fails.\",\n"
"  \"controls\": [\n"
"    {\n"
"      \"id\": \"e2e:no-high\",\n"
"      \"title\": \"No harness finding at high or above\",\n"
"      \"statement\": \"The harness found nothing at high or above.\",\n"
"      \"rules\": [\"harness.*\"],\n"
"      \"fail_at\": \"high\",\n"
"      \"strength\": \"strong\",\n"
"      \"fix\": \"Remove what the harness reports.\"\n"
"    }\n"
"  ]\n"
"}\n";

struct scan {
	struct assay_test_run_result r;
	json_t *findings;	/* findings.json's array */
	json_t *entries;	/* inventory.json's array, or NULL */
	json_t *coverage;	/* coverage.json; NULL when not loaded */
	double seconds;		/* wall time of the run */
	long parent_kib;	/* this process's RSS when it started assay */
};

/* Load only findings.json (for bundles too large to parse whole). */
#define SCAN_LIGHT	1u
/* Pass --keep-workspace, so that a test can see what was written. */
#define SCAN_KEEP_WS	2u

static bool
sanitized(void)
{
#ifdef ASSAY_SANITIZED
	return true;
#else
	return getenv("ASAN_OPTIONS") != NULL;
#endif
}

/* Bounds on time and memory stretch under sanitizers. */
static long
scaled(long v)
{
	return sanitized() ? 4 * v : v;
}

static bool
streq(const char *a, const char *b)
{
	return a != NULL && b != NULL && strcmp(a, b) == 0;
}

static const char *
jstr(const json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

static bool
file_exists(const char *path)
{
	struct stat st;

	return lstat(path, &st) == 0;
}

static json_t *
load_part(const char *file, const char *key)
{
	char path[PATH_MAX];
	json_t *root, *part;
	int n;

	n = snprintf(path, sizeof(path), "%s/%s", assay_test_path("out"),
	    file);
	if (n < 0 || (size_t)n >= sizeof(path))
		return NULL;
	if ((root = assay_test_load_json(path)) == NULL)
		return NULL;
	if (key == NULL)
		return root;
	part = json_object_get(root, key);
	json_incref(part);
	json_decref(root);
	return part;
}

/* This process's resident set in KiB (0 when unknown). */
static long
self_rss_kib(void)
{
	long pages = 0, rss = 0, page = sysconf(_SC_PAGESIZE);
	FILE *f = fopen("/proc/self/statm", "r");

	if (f == NULL)
		return 0;
	if (fscanf(f, "%ld %ld", &pages, &rss) != 2)
		rss = 0;
	fclose(f);
	return page > 0 ? rss * (page / 1024) : 0;
}

/*
 * Runs "assay scan --quiet --workspace WS --out out OPTS... ARTEFACT" in the
 * test directory and checks what every scan must satisfy.  ws is the
 * workspace base (NULL: "ws" in the test directory, created here).
 */
static bool
scan_run(struct scan *s, const char *artefact, const char *const *opts,
    const char *ws, unsigned how)
{
	static const char *const bundle[] = {
		"manifest.json", "inventory.json", "coverage.json",
		"findings.json", "verdict.json"
	};
	static const char *const none[] = { NULL };
	const char *argv[MAX_ARGS];
	const char *allowed[] = { "ws", "out", PROFILE_FILE, artefact, NULL };
	char path[PATH_MAX];
	struct timespec t0, t1;
	size_t n = 0, i;

	memset(s, 0, sizeof(*s));
	if (ws == NULL) {
		ws = "ws";
		if (mkdir(assay_test_path("ws"), 0700) == -1 &&
		    errno != EEXIST) {
			ASSAY_CHECKF(0, "mkdir ws: %s", strerror(errno));
			return false;
		}
	}
	if (assay_test_write_file(assay_test_path(PROFILE_FILE), profile_json,
	    sizeof(profile_json) - 1) == -1) {
		ASSAY_CHECKF(0, "wrote %s", PROFILE_FILE);
		return false;
	}
	argv[n++] = "scan";
	argv[n++] = "--quiet";
	argv[n++] = "--profile";
	argv[n++] = PROFILE_FILE;
	argv[n++] = "--workspace";
	argv[n++] = ws;
	argv[n++] = "--out";
	argv[n++] = "out";
	if (how & SCAN_KEEP_WS)
		argv[n++] = "--keep-workspace";
	for (i = 0; opts != NULL && opts[i] != NULL && n < MAX_ARGS - 2; i++)
		argv[n++] = opts[i];
	argv[n++] = artefact;
	argv[n] = NULL;

	/*
	 * Linux counts the forking process's resident pages in the child's
	 * peak (exec keeps the old address space's high-water mark), so
	 * this process should be small when it starts assay.
	 */
	(void)malloc_trim(0);
	s->parent_kib = self_rss_kib();
	clock_gettime(CLOCK_MONOTONIC, &t0);
	if (assay_test_assay(&s->r, argv) != 0) {
		ASSAY_CHECKF(0, "%s: could not run assay", artefact);
		return false;
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	s->seconds = (double)(t1.tv_sec - t0.tv_sec) +
	    (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;

	ASSAY_CHECKF(s->r.status >= 0 && s->r.status <= 4,
	    "%s: exit %d is not one of assay's (signal?); stderr: %s",
	    artefact, s->r.status, s->r.err);
	ASSAY_CHECKF((how & SCAN_KEEP_WS) ||
	    assay_test_dir_only(ws[0] == '/' ? ws : assay_test_path(ws), none),
	    "%s: the workspace base %s is empty after the scan", artefact, ws);
	ASSAY_CHECKF(assay_test_dir_only(assay_test_dir(), allowed),
	    "%s: nothing but ws, out and the artefact in the test directory",
	    artefact);
	if (s->r.status < 0 || s->r.status > 4)
		return false;	/* no bundle to read */
	for (i = 0; i < NELEM(bundle); i++) {
		n = (size_t)snprintf(path, sizeof(path), "%s/%s",
		    assay_test_path("out"), bundle[i]);
		ASSAY_CHECKF(n < sizeof(path) && file_exists(path),
		    "%s: bundle has %s (exit %d, stderr: %s)", artefact,
		    bundle[i], s->r.status, s->r.err);
	}
	s->findings = assay_test_findings(assay_test_path("out"));
	if (!(how & SCAN_LIGHT)) {
		s->entries = load_part("inventory.json", "entries");
		s->coverage = load_part("coverage.json", NULL);
		ASSAY_CHECKF(json_is_array(s->entries),
		    "%s: inventory.json has an entries array", artefact);
	}
	return s->findings != NULL && ((how & SCAN_LIGHT) ||
	    json_is_array(s->entries));
}

static void
scan_release(struct scan *s)
{
	assay_test_result_release(&s->r);
	json_decref(s->findings);
	json_decref(s->entries);
	json_decref(s->coverage);
	memset(s, 0, sizeof(*s));
}

static void
check_exit(const struct scan *s, int want, const char *what)
{
	ASSAY_CHECKF(s->r.status == want, "%s: exit %d, want %d; stderr: %s",
	    what, s->r.status, want, s->r.err);
}

static void
check_rss(const struct scan *s, long mib, const char *what)
{
	long bound = scaled(mib) * 1024;

	/* The peak includes ours at the fork: only below the bound does
	 * it say anything about assay. */
	if (s->parent_kib >= bound) {
		fprintf(stderr, "%s: peak RSS not judged: the test itself had "
		    "%ld KiB when it started assay\n", what, s->parent_kib);
		return;
	}
	ASSAY_CHECKF(s->r.maxrss_kib > 0 && s->r.maxrss_kib < bound,
	    "%s: peak RSS %ld KiB, bound %ld KiB", what, s->r.maxrss_kib,
	    bound);
}

static void
check_time(const struct scan *s, long seconds, const char *what)
{
	ASSAY_CHECKF(s->seconds < (double)scaled(seconds),
	    "%s: took %.1f s, bound %ld s", what, s->seconds, scaled(seconds));
}

/* Whether two paths are equal, ignoring one trailing '/' on either. */
static bool
same_path(const char *a, const char *b)
{
	size_t na, nb;

	if (a == NULL || b == NULL)
		return false;
	na = strlen(a);
	nb = strlen(b);
	if (na > 0 && a[na - 1] == '/')
		na--;
	if (nb > 0 && b[nb - 1] == '/')
		nb--;
	return na == nb && memcmp(a, b, na) == 0;
}

/* The nth inventory entry with this path (0: the first). */
static json_t *
entry_nth(const struct scan *s, const char *path, size_t nth)
{
	json_t *e;
	size_t i;

	json_array_foreach(s->entries, i, e) {
		if (same_path(jstr(e, "path"), path) && nth-- == 0)
			return e;
	}
	return NULL;
}

static json_t *
entry(const struct scan *s, const char *path)
{
	return entry_nth(s, path, 0);
}

static bool
has_flag(const json_t *e, const char *flag)
{
	json_t *f;
	size_t i;

	json_array_foreach(json_object_get(e, "flags"), i, f) {
		if (streq(json_string_value(f), flag))
			return true;
	}
	return false;
}

/* The first finding of rule at path (any path when NULL). */
static json_t *
finding(const struct scan *s, const char *rule, const char *path)
{
	json_t *f;
	size_t i;

	json_array_foreach(s->findings, i, f) {
		if (!streq(jstr(f, "rule"), rule))
			continue;
		if (path == NULL ||
		    same_path(jstr(json_object_get(f, "location"), "path"),
		    path))
			return f;
	}
	return NULL;
}

static const char *
evidence_str(const json_t *f, const char *key)
{
	return jstr(json_object_get(f, "evidence"), key);
}

static json_int_t
evidence_int(const json_t *f, const char *key)
{
	json_t *v = json_object_get(json_object_get(f, "evidence"), key);

	return json_is_integer(v) ? json_integer_value(v) : -1;
}

static size_t
count_rule(const struct scan *s, const char *rule)
{
	return assay_test_count_rule(s->findings, rule, NULL);
}

/* Findings of the harness itself (built-in probes may add their own). */
static size_t
harness_findings(const struct scan *s, const char **first)
{
	json_t *f;
	size_t i, n = 0;

	*first = "-";
	json_array_foreach(s->findings, i, f) {
		if (!streq(jstr(f, "probe"), "harness"))
			continue;
		if (n++ == 0 && jstr(f, "message") != NULL)
			*first = jstr(f, "message");
	}
	return n;
}

/* Lists what the inventory holds, to explain a failed look-up. */
static void
dump_paths(const struct scan *s)
{
	json_t *e;
	size_t i;

	json_array_foreach(s->entries, i, e) {
		if (i >= 40)
			break;
		fprintf(stderr, "  inventory: %s\n", jstr(e, "path"));
	}
}

/* The entry at path exists and its SHA-256 is OpenSSL's digest of p. */
static void
check_digest(const struct scan *s, const char *path, const void *p,
    size_t n)
{
	char want[SHA_HEX];
	json_t *e = entry(s, path);

	assay_test_sha256_hex(p, n, want);
	ASSAY_CHECKF(e != NULL, "%s is in the inventory", path);
	if (e == NULL)
		dump_paths(s);
	ASSAY_CHECKF(e == NULL || streq(jstr(e, "sha256"), want),
	    "%s: sha256 %s, want %s", path, e != NULL ? jstr(e, "sha256") :
	    "-", want);
}

/* Why coverage.json says nobody examined the entry at path ("-": none). */
static const char *
gap_of(const struct scan *s, const char *path)
{
	json_t *e;
	size_t i;

	json_array_foreach(json_object_get(s->coverage, "entries"), i, e) {
		if (same_path(jstr(e, "path"), path))
			return jstr(e, "gap") != NULL ? jstr(e, "gap") : "-";
	}
	return "not in coverage.json";
}

/* Nested path "a!/b". */
static const char *
nest(const char *outer, const char *inner)
{
	static char ring[8][PATH_MAX * 2];
	static unsigned next;
	char *p = ring[next++ % NELEM(ring)];
	int n;

	n = snprintf(p, sizeof(ring[0]), "%s!/%s", outer, inner);
	if (n < 0 || (size_t)n >= sizeof(ring[0]))
		p[0] = '\0';
	return p;
}

static bool
make_archive(const char *name, int format, int filter,
    const struct assay_test_entry *e, size_t n)
{
	int rc = assay_test_archive(assay_test_path(name), format, filter, e,
	    n);

	ASSAY_CHECKF(rc == 0, "built %s", name);
	return rc == 0;
}

/*
 * An ar archive (svr4/GNU, as .deb uses, or BSD) of plain files: the
 * generic writer in testutil picks formats by code, which ar lacks.
 */
static bool
make_ar(const char *name, bool bsd, const struct assay_test_entry *e,
    size_t n)
{
	struct archive *a = archive_write_new();
	struct archive_entry *ae = archive_entry_new();
	size_t i, size;
	bool ok = false;

	if (a == NULL || ae == NULL ||
	    (bsd ? archive_write_set_format_ar_bsd(a) :
	    archive_write_set_format_ar_svr4(a)) != ARCHIVE_OK ||
	    archive_write_open_filename(a, assay_test_path(name)) !=
	    ARCHIVE_OK)
		goto out;
	for (i = 0; i < n; i++) {
		size = e[i].size != 0 ? e[i].size : strlen(e[i].data);
		archive_entry_clear(ae);
		archive_entry_set_pathname(ae, e[i].name);
		archive_entry_set_filetype(ae, AE_IFREG);
		archive_entry_set_perm(ae, 0644);
		archive_entry_set_mtime(ae, 1700000000, 0);
		archive_entry_set_size(ae, (la_int64_t)size);
		if (archive_write_header(a, ae) != ARCHIVE_OK ||
		    archive_write_data(a, e[i].data, size) != (la_ssize_t)size)
			goto out;
	}
	ok = archive_write_close(a) == ARCHIVE_OK;
 out:
	ASSAY_CHECKF(ok, "built %s: %s", name, a != NULL &&
	    archive_error_string(a) != NULL ? archive_error_string(a) : "ok");
	archive_entry_free(ae);
	if (a != NULL)
		archive_write_free(a);
	return ok;
}

static bool
write_bytes(const char *name, const void *p, size_t n)
{
	int rc = assay_test_write_file(assay_test_path(name), p, n);

	ASSAY_CHECKF(rc == 0, "wrote %s", name);
	return rc == 0;
}

/* Deterministic bytes that do not compress (xorshift). */
static void
noise(unsigned char *p, size_t n, uint32_t seed)
{
	uint32_t x = seed | 1;
	size_t i;

	for (i = 0; i < n; i++) {
		x ^= x << 13;
		x ^= x >> 17;
		x ^= x << 5;
		p[i] = (unsigned char)(x >> 24);
	}
}

/* nftw callback: removes what it is given (children first). */
static int
remove_one(const char *path, const struct stat *st, int flag,
    struct FTW *ftw)
{
	(void)st;
	(void)ftw;
	if (flag == FTW_DP || flag == FTW_D)
		rmdir(path);
	else
		unlink(path);
	return 0;
}

/* What a kept workspace holds, by kind; nftw() takes no argument. */
static struct census {
	size_t files, dirs, links, special;
	const char *name;	/* a file name to look for */
	size_t found;		/* files of that name */
	unsigned mode;		/* permission bits of the last found */
} census;

static int
census_one(const char *path, const struct stat *st, int flag,
    struct FTW *ftw)
{
	if (ftw->level == 0)
		return 0;
	if (flag == FTW_SL || S_ISLNK(st->st_mode))
		census.links++;
	else if (S_ISDIR(st->st_mode))
		census.dirs++;
	else if (S_ISREG(st->st_mode)) {
		census.files++;
		if (census.name != NULL &&
		    strcmp(path + ftw->base, census.name) == 0) {
			census.found++;
			census.mode = (unsigned)st->st_mode & 07777;
		}
	} else
		census.special++;
	return 0;
}

/* Walks the kept workspace (never following links), counting kinds. */
static void
take_census(const char *name)
{
	memset(&census, 0, sizeof(census));
	census.name = name;
	ASSAY_CHECKF(nftw(assay_test_path("ws"), census_one, 16, FTW_PHYS) ==
	    0, "walked the kept workspace");
}

/* ---- unsafe names ------------------------------------------------------- */

static void
test_path_traversal(void)
{
	static const struct {
		int format;
		const char *artefact;
	} fmts[] = {
		{ ARCHIVE_FORMAT_TAR_USTAR, "trav.tar" },
		{ ARCHIVE_FORMAT_TAR_PAX_RESTRICTED, "trav-pax.tar" },
		{ ARCHIVE_FORMAT_ZIP, "trav.zip" },
	};
	char escape[NAME_MAX], far[PATH_MAX], outside[PATH_MAX];
	const char *base = strrchr(assay_test_dir(), '/');
	struct scan s;
	size_t i, k;
	json_t *e;

	/* Four levels up from a container directory is the test
	 * directory's parent: a name unique to this test run. */
	snprintf(escape, sizeof(escape), "assay-escape-%s",
	    base != NULL ? base + 1 : "x");
	snprintf(far, sizeof(far), "../../../../%s", escape);
	snprintf(outside, sizeof(outside), "%.*s/%s",
	    (int)(base != NULL ? base - assay_test_dir() : 0),
	    assay_test_dir(), escape);
	{
		const struct assay_test_entry entries[] = {
			{ .name = "ok.txt", .data = "harmless\n" },
			{ .name = "../../x", .data = "evil one\n" },
			{ .name = "a/../../x", .data = "evil two\n" },
			{ .name = far, .data = "evil three\n" },
		};

		for (i = 0; i < NELEM(fmts); i++) {
			if (!make_archive(fmts[i].artefact, fmts[i].format,
			    ARCHIVE_FILTER_NONE, entries, NELEM(entries)) ||
			    !scan_run(&s, fmts[i].artefact, NULL, NULL,
			    SCAN_KEEP_WS)) {
				scan_release(&s);
				continue;
			}
			check_exit(&s, EXIT_FAIL, fmts[i].artefact);
			/* Only ok.txt was written, and nothing named x. */
			take_census("x");
			ASSAY_CHECKF(census.files == 1 && census.found == 0 &&
			    census.links == 0, "%s: one file in the workspace,"
			    " got %zu", fmts[i].artefact, census.files);
			nftw(assay_test_path("ws"), remove_one, 16,
			    FTW_DEPTH | FTW_PHYS);
			check_digest(&s, nest(fmts[i].artefact, "ok.txt"),
			    "harmless\n", 9);
			for (k = 1; k < NELEM(entries); k++) {
				const char *p = nest(fmts[i].artefact,
				    entries[k].name);

				ASSAY_CHECKF(assay_test_count_rule(s.findings,
				    "harness.path-traversal", p) == 1,
				    "%s: one path-traversal finding", p);
				e = entry(&s, p);
				ASSAY_CHECKF(e != NULL && has_flag(e,
				    "refused") && !has_flag(e, "content"),
				    "%s: recorded as refused, no content", p);
				check_digest(&s, p, entries[k].data,
				    strlen(entries[k].data));
				ASSAY_CHECKF(streq(gap_of(&s, p), "refused"),
				    "%s: coverage gap refused, got %s", p,
				    gap_of(&s, p));
			}
			ASSAY_CHECKF(count_rule(&s, "harness.path-traversal") ==
			    3, "%s: exactly the three bad names",
			    fmts[i].artefact);
			ASSAY_CHECKF(!file_exists(outside),
			    "%s: nothing written at %s", fmts[i].artefact,
			    outside);
			scan_release(&s);
			unlink(assay_test_path(fmts[i].artefact));
		}
	}
	/* Leave no trace even if assay did write it. */
	unlink(outside);
}

static void
test_path_absolute(void)
{
	const struct assay_test_entry entries[] = {
		{ .name = "/etc/passwd-evil", .data = "root::0:0::/:/bin/sh" },
		{ .name = "fine.txt", .data = "fine\n" },
	};
	const char *p = nest("abs.tar", "/etc/passwd-evil");
	struct scan s;
	json_t *e;

	if (!make_archive("abs.tar", ARCHIVE_FORMAT_TAR_PAX_RESTRICTED,
	    ARCHIVE_FILTER_NONE, entries, NELEM(entries)) ||
	    !scan_run(&s, "abs.tar", NULL, NULL, 0))
		goto out;
	check_exit(&s, EXIT_FAIL, "abs.tar");
	ASSAY_CHECKF(assay_test_count_rule(s.findings, "harness.path-absolute",
	    p) == 1, "%s: path-absolute", p);
	ASSAY_CHECKF(count_rule(&s, "harness.path-absolute") == 1,
	    "only the absolute name is flagged");
	e = entry(&s, p);
	ASSAY_CHECKF(e != NULL && has_flag(e, "refused") &&
	    !has_flag(e, "content"), "%s: refused, no content", p);
	check_digest(&s, p, entries[0].data, strlen(entries[0].data));
	check_digest(&s, nest("abs.tar", "fine.txt"), "fine\n", 5);
 out:
	scan_release(&s);
}

static void
test_path_through_symlink(void)
{
	const struct assay_test_entry entries[] = {
		/* A link to the test directory itself: a write through it
		 * would land beside the artefact. */
		{ .name = "link", .type = AE_IFLNK, .link = assay_test_dir() },
		{ .name = "link/escaped.txt", .data = "through the link\n" },
		{ .name = "up", .type = AE_IFLNK, .link = ".." },
		{ .name = "up/x", .data = "up and out\n" },
		{ .name = "etc", .type = AE_IFLNK, .link = "/etc" },
		{ .name = "etc/motd", .data = "hello\n" },
		{ .name = "plain.txt", .data = "plain\n" },
	};
	static const char *const through[] = {
		"link/escaped.txt", "up/x", "etc/motd"
	};
	struct scan s;
	json_t *e, *f;
	size_t i;

	if (!make_archive("sym.tar", ARCHIVE_FORMAT_TAR_USTAR,
	    ARCHIVE_FILTER_NONE, entries, NELEM(entries)) ||
	    !scan_run(&s, "sym.tar", NULL, NULL, SCAN_KEEP_WS))
		goto out;
	check_exit(&s, EXIT_FAIL, "sym.tar");
	/* No link was created and nothing went through one. */
	take_census("escaped.txt");
	ASSAY_CHECKF(census.links == 0 && census.found == 0 &&
	    census.files == 1, "the workspace holds plain.txt alone: %zu "
	    "files, %zu links", census.files, census.links);
	for (i = 0; i < NELEM(through); i++) {
		const char *p = nest("sym.tar", through[i]);

		f = finding(&s, "harness.path-through-symlink", p);
		ASSAY_CHECKF(f != NULL, "%s: path-through-symlink", p);
		e = entry(&s, p);
		ASSAY_CHECKF(e != NULL && has_flag(e, "refused") &&
		    !has_flag(e, "content"), "%s: refused", p);
	}
	ASSAY_CHECKF(count_rule(&s, "harness.path-through-symlink") == 3,
	    "three writes through links, no more");
	f = finding(&s, "harness.path-through-symlink",
	    nest("sym.tar", "link/escaped.txt"));
	ASSAY_CHECKF(streq(evidence_str(f, "symlink"), nest("sym.tar",
	    "link")), "the evidence names the symlink");
	e = entry(&s, nest("sym.tar", "link"));
	ASSAY_CHECKF(e != NULL && streq(jstr(e, "type"), "symlink") &&
	    streq(jstr(e, "link_target"), assay_test_dir()),
	    "link is recorded as a symlink with its target");
	e = entry(&s, nest("sym.tar", "up"));
	ASSAY_CHECKF(e != NULL && streq(jstr(e, "link_target"), "..") &&
	    has_flag(e, "link-outside"), "up -> .. is flagged link-outside");
	ASSAY_CHECKF(finding(&s, "harness.symlink-outside",
	    nest("sym.tar", "up")) != NULL, "up -> .. is symlink-outside");
	/* An absolute target resolves from the image root: inside. */
	ASSAY_CHECKF(finding(&s, "harness.symlink-outside",
	    nest("sym.tar", "etc")) == NULL, "etc -> /etc stays inside");
	check_digest(&s, nest("sym.tar", "link/escaped.txt"),
	    "through the link\n", 17);
	check_digest(&s, nest("sym.tar", "plain.txt"), "plain\n", 6);
 out:
	scan_release(&s);
}

static void
test_hardlinks(void)
{
	const struct assay_test_entry entries[] = {
		{ .name = "data.txt", .data = "the payload\n" },
		{ .name = "good", .link = "data.txt" },
		{ .name = "h", .link = "../../etc/passwd" },
		{ .name = "fwd", .link = "later.txt" },
		{ .name = "later.txt", .data = "later\n" },
		{ .name = "dir/", .type = AE_IFDIR },
		{ .name = "hdir", .link = "dir" },
	};
	static const char *const escapes[] = { "h", "fwd", "hdir" };
	struct scan s;
	json_t *e, *f;
	size_t i;

	if (!make_archive("hl.tar", ARCHIVE_FORMAT_TAR_USTAR,
	    ARCHIVE_FILTER_NONE, entries, NELEM(entries)) ||
	    !scan_run(&s, "hl.tar", NULL, NULL, 0))
		goto out;
	check_exit(&s, EXIT_FAIL, "hl.tar");
	for (i = 0; i < NELEM(escapes); i++) {
		const char *p = nest("hl.tar", escapes[i]);

		ASSAY_CHECKF(finding(&s, "harness.hardlink-escape", p) != NULL,
		    "%s: hardlink-escape", p);
		e = entry(&s, p);
		ASSAY_CHECKF(e != NULL && has_flag(e, "refused") &&
		    !has_flag(e, "content"), "%s: refused, no content", p);
	}
	ASSAY_CHECKF(count_rule(&s, "harness.hardlink-escape") == 3,
	    "only the three bad hard links");
	f = finding(&s, "harness.hardlink-escape", nest("hl.tar", "h"));
	ASSAY_CHECKF(streq(evidence_str(f, "target"), "../../etc/passwd"),
	    "the evidence names the target");
	e = entry(&s, nest("hl.tar", "h"));
	ASSAY_CHECKF(streq(jstr(e, "link_target"), "../../etc/passwd"),
	    "h keeps its link target");
	/* A good hard link takes its target's digest and readable bytes. */
	e = entry(&s, nest("hl.tar", "good"));
	ASSAY_CHECKF(e != NULL && streq(jstr(e, "type"), "hardlink") &&
	    streq(jstr(e, "link_target"), "data.txt") &&
	    has_flag(e, "content") && !has_flag(e, "refused"),
	    "good is a hard link with content");
	check_digest(&s, nest("hl.tar", "good"), "the payload\n", 12);
	check_digest(&s, nest("hl.tar", "data.txt"), "the payload\n", 12);
 out:
	scan_release(&s);
}

static void
test_special_files(void)
{
	static const struct {
		const char *name;
		unsigned type;
		const char *type_name;
	} rows[] = {
		{ "dev/console", AE_IFCHR, "character-device" },
		{ "dev/sda", AE_IFBLK, "block-device" },
		{ "run/pipe", AE_IFIFO, "fifo" },
	};
	struct assay_test_entry entries[NELEM(rows) + 1];
	struct scan s;
	json_t *e;
	size_t i;

	memset(entries, 0, sizeof(entries));
	for (i = 0; i < NELEM(rows); i++) {
		entries[i].name = rows[i].name;
		entries[i].type = rows[i].type;
	}
	entries[i].name = "readme.txt";
	entries[i].data = "devices\n";
	if (!make_archive("dev.tar", ARCHIVE_FORMAT_TAR_USTAR,
	    ARCHIVE_FILTER_NONE, entries, NELEM(entries)) ||
	    !scan_run(&s, "dev.tar", NULL, NULL, SCAN_KEEP_WS))
		goto out;
	take_census("readme.txt");
	ASSAY_CHECKF(census.special == 0 && census.links == 0 &&
	    census.files == 1 && census.found == 1,
	    "no device node or fifo was created, readme.txt was");
	/* Info findings only: the scan passes. */
	check_exit(&s, EXIT_PASS, "dev.tar");
	for (i = 0; i < NELEM(rows); i++) {
		const char *p = nest("dev.tar", rows[i].name);
		json_t *f = finding(&s, "harness.special-file", p);

		ASSAY_CHECKF(f != NULL && streq(jstr(f, "severity"), "info"),
		    "%s: special-file (info)", p);
		e = entry(&s, p);
		ASSAY_CHECKF(e != NULL && streq(jstr(e, "type"),
		    rows[i].type_name) && !has_flag(e, "content"),
		    "%s: type %s, not created", p, rows[i].type_name);
	}
	ASSAY_CHECKF(count_rule(&s, "harness.special-file") == NELEM(rows),
	    "one special-file finding per device or fifo");
	check_digest(&s, nest("dev.tar", "readme.txt"), "devices\n", 8);
 out:
	scan_release(&s);
}

static void
test_modes(void)
{
	const struct assay_test_entry entries[] = {
		{ .name = "bin/su", .mode = 04755, .data = "setuid\n" },
		{ .name = "bin/wall", .mode = 02755, .data = "setgid\n" },
		{ .name = "tmp/", .type = AE_IFDIR, .mode = 01777 },
		{ .name = "pub/", .type = AE_IFDIR, .mode = 0777 },
		{ .name = "data/ww.txt", .mode = 0666, .data = "anyone\n" },
		{ .name = "ok.txt", .mode = 0644, .data = "ok\n" },
	};
	struct scan s;
	json_t *e, *f;

	if (!make_archive("modes.tar", ARCHIVE_FORMAT_TAR_USTAR,
	    ARCHIVE_FILTER_NONE, entries, NELEM(entries)) ||
	    !scan_run(&s, "modes.tar", NULL, NULL, SCAN_KEEP_WS))
		goto out;
	/* The setuid file is written, but with mode 0600. */
	take_census("su");
	ASSAY_CHECKF(census.found == 1 && census.mode == 0600,
	    "bin/su written with mode 0600, not %04o", census.mode);
	take_census("ww.txt");
	ASSAY_CHECKF(census.found == 1 && (census.mode & 0022) == 0,
	    "data/ww.txt not written world-writable: %04o", census.mode);
	/* setuid/setgid are info, world-writable medium: no failure. */
	check_exit(&s, EXIT_PASS, "modes.tar");

	f = finding(&s, "harness.setuid", nest("modes.tar", "bin/su"));
	e = entry(&s, nest("modes.tar", "bin/su"));
	ASSAY_CHECKF(f != NULL, "bin/su: setuid finding");
	ASSAY_CHECKF(e != NULL && streq(jstr(e, "mode"), "04755") &&
	    has_flag(e, "setuid") && has_flag(e, "content"),
	    "bin/su: mode 04755 recorded, flagged setuid, written");
	check_digest(&s, nest("modes.tar", "bin/su"), "setuid\n", 7);

	f = finding(&s, "harness.setgid", nest("modes.tar", "bin/wall"));
	e = entry(&s, nest("modes.tar", "bin/wall"));
	ASSAY_CHECKF(f != NULL, "bin/wall: setgid finding");
	ASSAY_CHECKF(e != NULL && streq(jstr(e, "mode"), "02755") &&
	    has_flag(e, "setgid") && !has_flag(e, "setuid"),
	    "bin/wall: mode 02755 recorded, flagged setgid only");

	ASSAY_CHECKF(finding(&s, "harness.world-writable",
	    nest("modes.tar", "data/ww.txt")) != NULL,
	    "data/ww.txt: world-writable");
	e = entry(&s, nest("modes.tar", "data/ww.txt"));
	ASSAY_CHECKF(e != NULL && has_flag(e, "world-writable") &&
	    streq(jstr(e, "mode"), "0666"), "data/ww.txt: 0666, flagged");
	ASSAY_CHECKF(finding(&s, "harness.world-writable",
	    nest("modes.tar", "pub/")) != NULL,
	    "pub/ (0777, no sticky bit): world-writable");
	ASSAY_CHECKF(finding(&s, "harness.world-writable",
	    nest("modes.tar", "tmp/")) == NULL,
	    "tmp/ (1777): no finding");
	e = entry(&s, nest("modes.tar", "tmp/"));
	ASSAY_CHECKF(e != NULL && streq(jstr(e, "mode"), "01777") &&
	    !has_flag(e, "world-writable"), "tmp/: mode 01777, not flagged");
	ASSAY_CHECKF(count_rule(&s, "harness.world-writable") == 2,
	    "two world-writable findings");
	ASSAY_CHECKF(count_rule(&s, "harness.setuid") == 1 &&
	    count_rule(&s, "harness.setgid") == 1,
	    "one setuid and one setgid finding");
 out:
	scan_release(&s);
}

static void
test_duplicates(void)
{
	const struct assay_test_entry entries[] = {
		{ .name = "etc/dup.conf", .data = "first copy\n" },
		{ .name = "other.txt", .data = "other\n" },
		{ .name = "etc/dup.conf", .data = "second copy\n" },
	};
	const char *p = nest("dup.tar", "etc/dup.conf");
	char want[SHA_HEX];
	struct scan s;
	json_t *first, *second;

	if (!make_archive("dup.tar", ARCHIVE_FORMAT_TAR_USTAR,
	    ARCHIVE_FILTER_NONE, entries, NELEM(entries)) ||
	    !scan_run(&s, "dup.tar", NULL, NULL, 0))
		goto out;
	check_exit(&s, EXIT_PASS, "dup.tar");
	ASSAY_CHECKF(assay_test_count_rule(s.findings,
	    "harness.duplicate-entry", p) == 1, "%s: one duplicate-entry", p);
	first = entry_nth(&s, p, 0);
	second = entry_nth(&s, p, 1);
	ASSAY_CHECKF(first != NULL && second != NULL &&
	    entry_nth(&s, p, 2) == NULL, "%s: recorded twice", p);
	assay_test_sha256_hex("first copy\n", 11, want);
	ASSAY_CHECKF(first != NULL && has_flag(first, "shadowed") &&
	    !has_flag(first, "content") && streq(jstr(first, "sha256"), want),
	    "the earlier copy is shadowed and keeps its own digest");
	assay_test_sha256_hex("second copy\n", 12, want);
	ASSAY_CHECKF(second != NULL && has_flag(second, "duplicate") &&
	    has_flag(second, "content") && !has_flag(second, "shadowed") &&
	    streq(jstr(second, "sha256"), want),
	    "the last copy is kept, flagged duplicate");
 out:
	scan_release(&s);
}

static void
test_name_not_utf8(void)
{
	const struct assay_test_entry entries[] = {
		{ .name = "bad-\xff\xfe.txt", .data = "odd name\n" },
		{ .name = "caf\xc3\xa9.txt", .data = "fine name\n" },
	};
	struct scan s;
	json_t *e = NULL, *f, *x;
	size_t i;

	if (!make_archive("names.tar", ARCHIVE_FORMAT_TAR_USTAR,
	    ARCHIVE_FILTER_NONE, entries, NELEM(entries)) ||
	    !scan_run(&s, "names.tar", NULL, NULL, 0))
		goto out;
	check_exit(&s, EXIT_PASS, "names.tar");
	f = finding(&s, "harness.name-not-utf8", NULL);
	ASSAY_CHECKF(f != NULL, "name-not-utf8 reported");
	ASSAY_CHECKF(streq(evidence_str(f, "raw_name"),
	    "6261642dfffe2e747874"), "raw_name is the name's bytes in hex: %s",
	    f != NULL ? evidence_str(f, "raw_name") : "-");
	ASSAY_CHECKF(count_rule(&s, "harness.name-not-utf8") == 1,
	    "only the bad name is reported");
	json_array_foreach(s.entries, i, x) {
		if (streq(jstr(x, "raw_name"), "6261642dfffe2e747874"))
			e = x;
	}
	ASSAY_CHECKF(e != NULL && has_flag(e, "invalid-utf8") &&
	    strstr(jstr(e, "path"), "\xef\xbf\xbd") != NULL,
	    "the entry shows U+FFFD and keeps raw_name");
	if (e != NULL)
		check_digest(&s, jstr(e, "path"), "odd name\n", 9);
	check_digest(&s, nest("names.tar", "caf\xc3\xa9.txt"), "fine name\n",
	    10);
 out:
	scan_release(&s);
}

/* A relative name of exactly len bytes, in components of <= 255 bytes. */
static char *
long_name(size_t len, size_t comps)
{
	char *p = malloc(len + 1);
	size_t i, at = 0, each = (len - (comps - 1)) / comps, extra;

	if (p == NULL)
		return NULL;
	extra = len - (comps - 1) - each * comps;
	for (i = 0; i < comps; i++) {
		size_t k = each + (i == comps - 1 ? extra : 0);

		memset(p + at, 'a' + (int)(i % 26), k);
		at += k;
		if (i != comps - 1)
			p[at++] = '/';
	}
	p[at] = '\0';
	return p;
}

static void
test_long_names(void)
{
	char *ok = long_name(4096, 17), *over = long_name(5000, 20);
	struct assay_test_entry entries[2];
	struct scan s;
	json_t *e, *f;

	memset(&s, 0, sizeof(s));
	memset(entries, 0, sizeof(entries));
	if (ok == NULL || over == NULL || strlen(ok) != 4096 ||
	    strlen(over) != 5000) {
		ASSAY_CHECKF(0, "built the long names");
		goto out;
	}
	entries[0].name = ok;
	entries[0].data = "deep\n";
	/* Exactly --max-path (4096) bytes is allowed. */
	if (make_archive("long.tar", ARCHIVE_FORMAT_TAR_PAX_RESTRICTED,
	    ARCHIVE_FILTER_NONE, entries, 1) &&
	    scan_run(&s, "long.tar", NULL, NULL, 0)) {
		check_exit(&s, EXIT_PASS, "long.tar");
		e = entry(&s, nest("long.tar", ok));
		ASSAY_CHECKF(e != NULL && has_flag(e, "content") &&
		    !has_flag(e, "refused"), "a 4096-byte name is written");
		check_digest(&s, nest("long.tar", ok), "deep\n", 5);
		ASSAY_CHECKF(count_rule(&s, "harness.limit-exceeded") == 0,
		    "no limit at exactly 4096 bytes");
	}
	scan_release(&s);
	unlink(assay_test_path("long.tar"));

	entries[0].name = over;
	entries[1].name = "short.txt";
	entries[1].data = "short\n";
	if (!make_archive("over.tar", ARCHIVE_FORMAT_TAR_PAX_RESTRICTED,
	    ARCHIVE_FILTER_NONE, entries, 2) ||
	    !scan_run(&s, "over.tar", NULL, NULL, 0))
		goto out;
	check_exit(&s, EXIT_INCOMPLETE, "over.tar");
	f = finding(&s, "harness.limit-exceeded", NULL);
	ASSAY_CHECKF(f != NULL && streq(evidence_str(f, "limit"),
	    "path_bytes") && evidence_int(f, "value") == 5000 &&
	    evidence_int(f, "max") == 4096,
	    "limit-exceeded: path_bytes 5000 > 4096");
	check_digest(&s, nest("over.tar", "short.txt"), "short\n", 6);
 out:
	scan_release(&s);
	free(ok);
	free(over);
}

/* ---- bombs -------------------------------------------------------------- */

/* n bytes of p compressed as one gzip member (libarchive's writer). */
static unsigned char *
gzip_member(const void *p, size_t n, size_t *lenp)
{
	const struct assay_test_entry e = { .name = "data", .data = p,
	    .size = n };

	return assay_test_archive_mem(ARCHIVE_FORMAT_RAW, ARCHIVE_FILTER_GZIP,
	    &e, 1, lenp);
}

/*
 * A tar.gz holding one 1 GiB file of zeros in about 1 MiB: a ustar header
 * and 64 gzip members of 16 MiB of zeros each, then the end blocks (a gzip
 * stream may be a series of members).
 */
static unsigned char *
gzip_bomb(size_t *lenp)
{
	const struct assay_test_entry hdr = { .name = "zeros.bin",
	    .declared_size = (int64_t)GIB };
	struct assay_buf out = ASSAY_BUF_INIT(64 * MIB);
	unsigned char *zeros = calloc(1, 16 * MIB), *h = NULL, *gh = NULL,
	    *gz = NULL, *ge = NULL, *p = NULL;
	size_t hlen, ghlen, gzlen, gelen, i;

	*lenp = 0;
	if (zeros == NULL)
		goto out;
	/* The header alone: the archive stops where its data would be. */
	h = assay_test_archive_mem(ARCHIVE_FORMAT_TAR_USTAR,
	    ARCHIVE_FILTER_NONE, &hdr, 1, &hlen);
	ASSAY_CHECKF(h != NULL && hlen == 512, "one ustar header: %zu bytes",
	    h != NULL ? hlen : 0);
	if (h == NULL || hlen != 512 ||
	    (gh = gzip_member(h, hlen, &ghlen)) == NULL ||
	    (gz = gzip_member(zeros, 16 * MIB, &gzlen)) == NULL ||
	    (ge = gzip_member(zeros, 1024, &gelen)) == NULL)
		goto out;
	if (assay_buf_add(&out, gh, ghlen) != ASSAY_OK)
		goto out;
	for (i = 0; i < GIB / (16 * MIB); i++)
		if (assay_buf_add(&out, gz, gzlen) != ASSAY_OK)
			goto out;
	if (assay_buf_add(&out, ge, gelen) != ASSAY_OK)
		goto out;
	p = (unsigned char *)assay_buf_detach(&out, lenp);
 out:
	assay_buf_release(&out);
	free(zeros);
	free(h);
	free(gh);
	free(gz);
	free(ge);
	return p;
}

static void
test_gzip_bomb(void)
{
	unsigned char *bomb, *twice = NULL;
	size_t len, len2 = 0;
	struct scan s;
	json_t *f, *e;

	memset(&s, 0, sizeof(s));
	if ((bomb = gzip_bomb(&len)) == NULL) {
		ASSAY_CHECKF(0, "built the gzip bomb");
		return;
	}
	/* Deflate tops out near 1032:1; the default limit is 1000:1. */
	ASSAY_CHECKF(GIB / len > 1000, "the bomb expands %zu:1",
	    GIB / len);
	if (write_bytes("bomb.tar.gz", bomb, len) &&
	    scan_run(&s, "bomb.tar.gz", NULL, NULL, 0)) {
		check_exit(&s, EXIT_INCOMPLETE, "bomb.tar.gz");
		f = finding(&s, "harness.limit-exceeded",
		    nest("bomb.tar.gz", "zeros.bin"));
		ASSAY_CHECKF(f != NULL && streq(evidence_str(f, "limit"),
		    "ratio") && evidence_int(f, "max") == 1000,
		    "limit-exceeded: ratio, max 1000");
		e = entry(&s, nest("bomb.tar.gz", "zeros.bin"));
		ASSAY_CHECKF(e != NULL && has_flag(e, "limit") &&
		    has_flag(e, "truncated") && json_integer_value(
		    json_object_get(e, "size")) < (json_int_t)GIB,
		    "zeros.bin stopped short of 1 GiB, flagged");
		e = entry(&s, "bomb.tar.gz");
		ASSAY_CHECKF(streq(jstr(json_object_get(e, "archive"),
		    "status"), "stopped"), "the archive is marked stopped");
		ASSAY_CHECKF(streq(gap_of(&s, nest("bomb.tar.gz",
		    "zeros.bin")), "limit"), "coverage: zeros.bin gap limit");
		check_rss(&s, 128, "gzip bomb");
		check_time(&s, 60, "gzip bomb");
	}
	scan_release(&s);
	unlink(assay_test_path("bomb.tar.gz"));

	/* Gzip of the gzip bomb: past 64 MiB the ratio is huge at once. */
	if ((twice = gzip_member(bomb, len, &len2)) == NULL) {
		ASSAY_CHECKF(0, "built the double gzip bomb");
		goto out;
	}
	if (!write_bytes("bomb.tar.gz.gz", twice, len2) ||
	    !scan_run(&s, "bomb.tar.gz.gz", NULL, NULL, 0))
		goto out;
	check_exit(&s, EXIT_INCOMPLETE, "bomb.tar.gz.gz");
	f = finding(&s, "harness.limit-exceeded", NULL);
	ASSAY_CHECKF(f != NULL && streq(evidence_str(f, "limit"), "ratio") &&
	    evidence_int(f, "value") >= 1000,
	    "double gzip: ratio limit, value %lld",
	    (long long)evidence_int(f, "value"));
	e = entry(&s, nest("bomb.tar.gz.gz", "zeros.bin"));
	ASSAY_CHECKF(e != NULL && json_integer_value(json_object_get(e,
	    "size")) < (json_int_t)(128 * MIB),
	    "double gzip: stopped soon after 64 MiB");
	check_rss(&s, 128, "double gzip bomb");
	check_time(&s, 30, "double gzip bomb");
 out:
	scan_release(&s);
	free(bomb);
	free(twice);
}

static uint32_t crc_table[256];

static void
crc_init(void)
{
	uint32_t c, n, k;

	for (n = 0; n < 256; n++) {
		c = n;
		for (k = 0; k < 8; k++)
			c = c & 1 ? 0xedb88320u ^ (c >> 1) : c >> 1;
		crc_table[n] = c;
	}
}

/* Continues a CRC-32 (start with 0) over p, or over n zeros when p NULL. */
static uint32_t
crc32_update(uint32_t crc, const unsigned char *p, size_t n)
{
	size_t i;

	crc = ~crc;
	for (i = 0; i < n; i++)
		crc = crc_table[(crc ^ (p != NULL ? p[i] : 0)) & 0xff] ^
		    (crc >> 8);
	return ~crc;
}

static uint16_t
get16(const unsigned char *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

static uint32_t
get32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	    (uint32_t)p[3] << 24;
}

static void
put16(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)v;
	p[1] = (unsigned char)(v >> 8);
}

static void
put32(unsigned char *p, uint32_t v)
{
	put16(p, v);
	put16(p + 2, v >> 16);
}

/* The raw deflate stream of n zeros, cut out of a zip libarchive wrote. */
static unsigned char *
deflate_zeros(size_t n, size_t *lenp)
{
	unsigned char *zeros = calloc(1, n), *zip = NULL, *k = NULL;
	const unsigned char *cd, *lfh;
	size_t len;
	uint32_t off, csize;

	*lenp = 0;
	if (zeros == NULL)
		return NULL;
	{
		const struct assay_test_entry e = { .name = "k",
		    .data = zeros, .size = n };

		zip = assay_test_archive_mem(ARCHIVE_FORMAT_ZIP,
		    ARCHIVE_FILTER_NONE, &e, 1, &len);
	}
	if (zip == NULL || len < 22 || get32(zip + len - 22) != 0x06054b50)
		goto out;
	off = get32(zip + len - 22 + 16);
	if (off + 46u > len || get32(zip + off) != 0x02014b50)
		goto out;
	cd = zip + off;
	csize = get32(cd + 20);
	if (get16(cd + 10) != 8 || get32(cd + 42) != 0)
		goto out;
	lfh = zip;
	off = 30u + get16(lfh + 26) + get16(lfh + 28);
	if (csize == 0xffffffffu || off + (size_t)csize > len)
		goto out;
	if ((k = malloc(csize)) != NULL) {
		memcpy(k, lfh + off, csize);
		*lenp = csize;
	}
 out:
	free(zeros);
	free(zip);
	return k;
}

/*
 * A zip of n files whose data overlap (after Fifield's "better zip bomb"):
 * every file's deflate stream begins with stored blocks that quote the
 * local headers of the files after it, then runs into one shared kernel of
 * zeros.  Each local header is distinct, so the central directory is
 * consistent, yet the kernel is decompressed once per file.
 */
static unsigned char *
overlap_zip(size_t files, size_t zeros, size_t *lenp)
{
	enum { LFH = 30, CDH = 46, EOCD = 22, NAME = 3, QUOTE = 5 };
	unsigned char *kernel = NULL, *out = NULL, *p;
	uint32_t *crc = NULL, *csize = NULL, *usize = NULL, c;
	size_t klen, total, i, j, hdr = LFH + NAME, at;

	*lenp = 0;
	if ((kernel = deflate_zeros(zeros, &klen)) == NULL ||
	    (crc = calloc(files, sizeof(*crc))) == NULL ||
	    (csize = calloc(files, sizeof(*csize))) == NULL ||
	    (usize = calloc(files, sizeof(*usize))) == NULL)
		goto fail;
	total = files * hdr + (files - 1) * QUOTE + klen +
	    files * (CDH + NAME) + EOCD;
	if ((out = calloc(1, total)) == NULL)
		goto fail;
	/* Headers from the last: each file's bytes include the later
	 * headers, so their CRCs come first. */
	for (i = files; i-- > 0;) {
		p = out + i * (hdr + QUOTE);
		put32(p, 0x04034b50);
		put16(p + 4, 20);
		put16(p + 8, 8);
		put16(p + 12, 0x21);	/* 1980-01-01 */
		c = 0;
		for (j = i + 1; j < files; j++)
			c = crc32_update(c, out + j * (hdr + QUOTE), hdr);
		crc[i] = crc32_update(c, NULL, zeros);
		usize[i] = (uint32_t)((files - 1 - i) * hdr + zeros);
		csize[i] = (uint32_t)((files - 1 - i) * (QUOTE + hdr) + klen);
		put32(p + 14, crc[i]);
		put32(p + 18, csize[i]);
		put32(p + 22, usize[i]);
		put16(p + 26, NAME);
		snprintf((char *)p + LFH, NAME + 1, "b%02zu", i);
		if (i + 1 < files) {
			/* A stored block (not final) quoting the next
			 * header. */
			p[hdr] = 0;
			put16(p + hdr + 1, (uint32_t)hdr);
			put16(p + hdr + 3, (uint32_t)hdr ^ 0xffff);
		}
	}
	at = files * hdr + (files - 1) * QUOTE;
	memcpy(out + at, kernel, klen);
	at += klen;
	for (i = 0; i < files; i++) {
		p = out + at;
		put32(p, 0x02014b50);
		put16(p + 4, 20);
		put16(p + 6, 20);
		put16(p + 10, 8);
		put16(p + 14, 0x21);
		put32(p + 16, crc[i]);
		put32(p + 20, csize[i]);
		put32(p + 24, usize[i]);
		put16(p + 28, NAME);
		put32(p + 38, (uint32_t)0100644 << 16);
		put32(p + 42, (uint32_t)(i * (hdr + QUOTE)));
		memcpy(p + CDH, out + i * (hdr + QUOTE) + LFH, NAME);
		at += CDH + NAME;
	}
	p = out + at;
	put32(p, 0x06054b50);
	put16(p + 8, (uint32_t)files);
	put16(p + 10, (uint32_t)files);
	put32(p + 12, (uint32_t)(files * (CDH + NAME)));
	put32(p + 16, (uint32_t)(files * hdr + (files - 1) * QUOTE + klen));
	*lenp = total;
	goto done;
 fail:
	free(out);
	out = NULL;
 done:
	free(kernel);
	free(crc);
	free(csize);
	free(usize);
	return out;
}

static void
test_overlap_zip_bomb(void)
{
	unsigned char *zip;
	size_t len;
	struct scan s;
	json_t *f;
	const char *limit;

	memset(&s, 0, sizeof(s));
	crc_init();
	/* 16 files of 8 MiB each from a few KiB. */
	if ((zip = overlap_zip(16, 8 * MIB, &len)) == NULL) {
		ASSAY_CHECKF(0, "built the overlapping zip");
		return;
	}
	if (!write_bytes("overlap.zip", zip, len) ||
	    !scan_run(&s, "overlap.zip", NULL, NULL, 0))
		goto out;
	check_exit(&s, EXIT_INCOMPLETE, "overlap.zip");
	f = finding(&s, "harness.limit-exceeded", NULL);
	limit = evidence_str(f, "limit");
	ASSAY_CHECKF(streq(limit, "ratio") || streq(limit, "total_bytes"),
	    "overlapping zip: ratio or total_bytes limit, got %s",
	    limit != NULL ? limit : "none");
	/* Files before the limit are intact. */
	ASSAY_CHECKF(entry(&s, nest("overlap.zip", "b00")) != NULL &&
	    has_flag(entry(&s, nest("overlap.zip", "b00")), "content"),
	    "the first file was read");
	ASSAY_CHECKF(entry(&s, nest("overlap.zip", "b15")) == NULL ||
	    !has_flag(entry(&s, nest("overlap.zip", "b15")), "content"),
	    "the last file was not expanded");
	check_rss(&s, 128, "overlapping zip");
	check_time(&s, 30, "overlapping zip");
 out:
	scan_release(&s);
	free(zip);
}

static void
test_nesting_depth(void)
{
	enum { LEVELS = 30 };
	unsigned char *inner = NULL, *outer;
	size_t len = 0, i, maxdepth = 0;
	char name[32], path[LEVELS * 16];
	struct scan s;
	json_t *e, *f;
	int k;

	memset(&s, 0, sizeof(s));
	/* n30.tar.gz holds deepest.txt; n29.tar.gz holds n30.tar.gz ... */
	for (k = LEVELS; k >= 1; k--) {
		struct assay_test_entry ent = { .name = name };

		if (k == LEVELS) {
			ent.name = "deepest.txt";
			ent.data = "the bottom\n";
		} else {
			snprintf(name, sizeof(name), "n%02d.tar.gz", k + 1);
			ent.data = inner;
			ent.size = len;
		}
		outer = assay_test_archive_mem(ARCHIVE_FORMAT_TAR_USTAR,
		    ARCHIVE_FILTER_GZIP, &ent, 1, &len);
		free(inner);
		inner = outer;
		if (inner == NULL) {
			ASSAY_CHECKF(0, "built level %d", k);
			return;
		}
	}
	if (!write_bytes("n01.tar.gz", inner, len) ||
	    !scan_run(&s, "n01.tar.gz", NULL, NULL, 0))
		goto out;
	check_exit(&s, EXIT_INCOMPLETE, "n01.tar.gz");
	/* n01!/n02!/.../n09.tar.gz sits at depth 8; opening it would make
	 * depth 9. */
	snprintf(path, sizeof(path), "n01.tar.gz");
	for (k = 2; k <= 9; k++) {
		size_t n = strlen(path);

		snprintf(path + n, sizeof(path) - n, "!/n%02d.tar.gz", k);
		e = entry(&s, path);
		ASSAY_CHECKF(e != NULL && json_integer_value(json_object_get(e,
		    "depth")) == k - 1, "%s recorded at depth %d", path, k - 1);
	}
	f = finding(&s, "harness.limit-exceeded", path);
	ASSAY_CHECKF(f != NULL && streq(evidence_str(f, "limit"), "depth") &&
	    evidence_int(f, "value") == 9 && evidence_int(f, "max") == 8,
	    "depth limit at %s: 9 > 8", path);
	ASSAY_CHECKF(count_rule(&s, "harness.limit-exceeded") == 1,
	    "one limit finding");
	json_array_foreach(s.entries, i, e) {
		json_int_t d = json_integer_value(json_object_get(e, "depth"));

		if (d > 0 && (size_t)d > maxdepth)
			maxdepth = (size_t)d;
	}
	ASSAY_CHECKF(maxdepth == 8, "deepest entry at depth %zu, want 8",
	    maxdepth);
	ASSAY_CHECKF(json_array_size(s.entries) == 9,
	    "the artefact and eight nested archives: %zu entries",
	    json_array_size(s.entries));
 out:
	scan_release(&s);
	free(inner);
}

/* Occurrences of needle in text (a plain scan: ASan's strstr is O(n) a
 * call, which makes a loop over 100 MiB quadratic). */
static size_t
count_substr(const char *text, size_t len, const char *needle)
{
	size_t n = 0, k = strlen(needle), i;

	for (i = 0; k > 0 && i + k <= len; i++) {
		if (text[i] == needle[0] && memcmp(text + i, needle, k) == 0) {
			n++;
			i += k - 1;
		}
	}
	return n;
}

static void
test_many_entries(void)
{
	enum { ENTRIES = 300000 };
	struct archive *a = NULL;
	struct archive_entry *ae = NULL;
	char name[32], wsbuf[PATH_MAX], marker[96], *inv = NULL;
	const char *first;
	struct rlimit old_nofile;
	size_t invlen = 0, nfind;
	bool nofile_set = false, ran;
	const char *ws = NULL;
	struct stat st;
	struct scan s;
	unsigned i;
	bool built = false;

	memset(&s, 0, sizeof(s));
	/*
	 * Written straight to the file: 300,000 headers are too many to
	 * hold twice in memory.
	 */
	if ((a = archive_write_new()) == NULL ||
	    (ae = archive_entry_new()) == NULL ||
	    archive_write_set_format_ustar(a) != ARCHIVE_OK ||
	    archive_write_add_filter_gzip(a) != ARCHIVE_OK ||
	    archive_write_set_filter_option(a, "gzip", "compression-level",
	    "1") != ARCHIVE_OK ||
	    archive_write_open_filename(a, assay_test_path("many.tar.gz")) !=
	    ARCHIVE_OK)
		goto built;
	for (i = 0; i < ENTRIES; i++) {
		archive_entry_clear(ae);
		snprintf(name, sizeof(name), "d%03u/f%06u", i / 1000, i);
		archive_entry_set_pathname(ae, name);
		archive_entry_set_filetype(ae, AE_IFREG);
		archive_entry_set_perm(ae, 0644);
		archive_entry_set_mtime(ae, 1700000000, 0);
		archive_entry_set_size(ae, 1);
		if (archive_write_header(a, ae) != ARCHIVE_OK ||
		    archive_write_data(a, "x", 1) != 1)
			goto built;
	}
	built = archive_write_close(a) == ARCHIVE_OK;
 built:
	ASSAY_CHECKF(built, "wrote many.tar.gz: %s",
	    a != NULL && archive_error_string(a) != NULL ?
	    archive_error_string(a) : "ok");
	archive_entry_free(ae);
	if (a != NULL)
		archive_write_free(a);
	if (!built)
		return;

	/*
	 * 300,000 files cost minutes on a slow disk and seconds in memory:
	 * the workspace goes to /dev/shm when there is one (it is checked
	 * empty afterwards all the same).
	 */
	if (stat("/dev/shm", &st) == 0 && S_ISDIR(st.st_mode) &&
	    access("/dev/shm", W_OK) == 0) {
		snprintf(wsbuf, sizeof(wsbuf), "/dev/shm/assay-e2e-XXXXXX");
		if (mkdtemp(wsbuf) != NULL)
			ws = wsbuf;
	}
	/*
	 * Within 1024 descriptors, as after "ulimit -n 1024" (assay raises
	 * its soft limit to the hard one, so both are set): a harness that
	 * keeps a descriptor open per small file in flight runs out.  The
	 * hard limit is lowered only where it can be raised back (root).
	 */
	if (getrlimit(RLIMIT_NOFILE, &old_nofile) == 0) {
		struct rlimit lim = old_nofile;

		if (lim.rlim_cur == RLIM_INFINITY || lim.rlim_cur > 1024)
			lim.rlim_cur = 1024;
		if (geteuid() == 0)
			lim.rlim_max = lim.rlim_cur;
		nofile_set = setrlimit(RLIMIT_NOFILE, &lim) == 0;
	}
	ran = scan_run(&s, "many.tar.gz", NULL, ws, SCAN_LIGHT);
	if (nofile_set)
		(void)setrlimit(RLIMIT_NOFILE, &old_nofile);
	if (!ran)
		goto out;
	check_exit(&s, EXIT_PASS, "many.tar.gz");
	nfind = harness_findings(&s, &first);
	ASSAY_CHECKF(nfind == 0, "no harness findings for plain files: %zu "
	    "(first: %s)", nfind, first);
	/* inventory.json is too large to parse whole here: count keys. */
	inv = assay_test_read_file(assay_test_path("out/inventory.json"),
	    &invlen);
	ASSAY_CHECKF(inv != NULL, "read inventory.json");
	if (inv != NULL) {
		size_t got = count_substr(inv, invlen, "\"index\":");

		ASSAY_CHECKF(got == ENTRIES + 1,
		    "every entry recorded: %zu of %d", got, ENTRIES + 1);
		snprintf(marker, sizeof(marker), "\"%s\"",
		    "many.tar.gz!/d299/f299999");
		ASSAY_CHECKF(count_substr(inv, invlen, marker) == 1,
		    "the last entry is there");
	}
	check_rss(&s, 200, "300,000 entries");
	check_time(&s, 240, "300,000 entries");
 out:
	scan_release(&s);
	free(inv);
	if (ws != NULL) {
		nftw(ws, remove_one, 16, FTW_DEPTH | FTW_PHYS);
		rmdir(ws);
	}
}

/* ---- damaged archives --------------------------------------------------- */

/* Cut in half, bytes flipped mid-stream, or a header in the middle hit. */
enum damage { CUT, FLIP, HEADER };

static void
test_damaged(void)
{
	enum { FILES = 24, FILE_BYTES = 8192 };
	static const struct {
		const char *artefact;
		int format, filter;
		enum damage how;
	} rows[] = {
		{ "cut.tar.gz", ARCHIVE_FORMAT_TAR_USTAR, ARCHIVE_FILTER_GZIP,
		    CUT },
		{ "cut.zip", ARCHIVE_FORMAT_ZIP, ARCHIVE_FILTER_NONE, CUT },
		{ "flip.tar.gz", ARCHIVE_FORMAT_TAR_USTAR, ARCHIVE_FILTER_GZIP,
		    FLIP },
		{ "hdr.tar", ARCHIVE_FORMAT_TAR_USTAR, ARCHIVE_FILTER_NONE,
		    HEADER },
	};
	struct assay_test_entry entries[FILES];
	static char names[FILES][16];
	static char data[FILES][FILE_BYTES + 1];
	unsigned char *p;
	size_t i, r, len, at;
	struct scan s;
	json_t *e;

	memset(entries, 0, sizeof(entries));
	for (i = 0; i < FILES; i++) {
		unsigned char rnd[FILE_BYTES / 16];

		/* Text that compresses, but not to nothing. */
		noise(rnd, sizeof(rnd), (uint32_t)i + 7);
		for (at = 0; at + 16 <= FILE_BYTES; at += 16)
			snprintf(data[i] + at, 17, "L%04zu %02zu %06x\n",
			    at / 16, i, (unsigned)(rnd[at / 16] * 4099u));
		data[i][FILE_BYTES] = '\0';
		snprintf(names[i], sizeof(names[i]), "f%02zu.txt", i);
		entries[i].name = names[i];
		entries[i].data = data[i];
		entries[i].size = FILE_BYTES;
	}
	for (r = 0; r < NELEM(rows); r++) {
		const char *art = rows[r].artefact;

		p = assay_test_archive_mem(rows[r].format, rows[r].filter,
		    entries, FILES, &len);
		ASSAY_CHECKF(p != NULL, "built %s", art);
		if (p == NULL)
			continue;
		if (rows[r].how == CUT) {
			len /= 2;
		} else if (rows[r].how == FLIP) {
			for (i = len / 2; i < len / 2 + 16; i++)
				p[i] ^= 0xa5;
		} else {
			/* Unblocked ustar: f12's header is at 12 * (512 +
			 * 8192); hit its mode, uid and gid. */
			at = (FILES / 2) * (512 + FILE_BYTES) + 100;
			for (i = at; i < at + 16 && i < len; i++)
				p[i] ^= 0xa5;
		}
		if (!write_bytes(art, p, len) ||
		    !scan_run(&s, art, NULL, NULL, 0)) {
			free(p);
			scan_release(&s);
			continue;
		}
		free(p);
		check_exit(&s, EXIT_INCOMPLETE, art);
		ASSAY_CHECKF(count_rule(&s, "harness.corrupt-archive") >= 1,
		    "%s: corrupt-archive", art);
		e = entry(&s, art);
		ASSAY_CHECKF(streq(jstr(json_object_get(e, "archive"),
		    "status"), "corrupt"), "%s: the archive is marked corrupt",
		    art);
		/* What came before the damage stays, whole and hashed. */
		e = entry(&s, nest(art, "f00.txt"));
		ASSAY_CHECKF(e != NULL && !has_flag(e, "truncated"),
		    "%s: f00.txt recorded whole", art);
		check_digest(&s, nest(art, "f00.txt"), data[0], FILE_BYTES);
		if (rows[r].how != HEADER) {
			ASSAY_CHECKF(entry(&s, nest(art, "f23.txt")) == NULL ||
			    has_flag(entry(&s, nest(art, "f23.txt")),
			    "truncated"), "%s: the stream stops at the damage",
			    art);
		} else {
			/*
			 * libarchive skips a damaged header and finds the
			 * next one: the entry it described is lost, those
			 * after it are read.
			 */
			ASSAY_CHECKF(entry(&s, nest(art, "f12.txt")) == NULL,
			    "%s: f12.txt, whose header was hit, is skipped",
			    art);
			check_digest(&s, nest(art, "f23.txt"), data[FILES - 1],
			    FILE_BYTES);
		}
		scan_release(&s);
		unlink(assay_test_path(art));
	}
}

/* Writes a ustar header for name with the raw 12-byte size field. */
static void
ustar_header(unsigned char h[512], const char *name, const char size[12])
{
	unsigned sum = 0, i;

	memset(h, 0, 512);
	memcpy(h, name, strlen(name));
	memcpy(h + 100, "0000644", 8);
	memcpy(h + 108, "0000000", 8);
	memcpy(h + 116, "0000000", 8);
	memcpy(h + 124, size, 12);
	memcpy(h + 136, "14524216000", 12);
	h[156] = '0';
	memcpy(h + 257, "ustar", 6);
	memcpy(h + 263, "00", 2);
	memset(h + 148, ' ', 8);
	for (i = 0; i < 512; i++)
		sum += h[i];
	/* Six octal digits, NUL, space. */
	for (i = 0; i < 6; i++)
		h[148 + 5 - i] = (unsigned char)('0' + ((sum >> (3 * i)) & 7));
	h[154] = '\0';
	h[155] = ' ';
}

static void
test_absurd_size(void)
{
	static const struct {
		const char *artefact;
		char size[12];
	} rows[] = {
		/* Base-256: 0x80, then 2^62 big-endian in 11 bytes. */
		{ "b256.tar", { (char)0x80, 0, 0, 0, 0x40, 0, 0, 0, 0, 0, 0,
		    0 } },
		{ "octal.tar", "77777777777" },
	};
	unsigned char buf[512 + 2048];
	struct scan s;
	size_t r;

	for (r = 0; r < NELEM(rows); r++) {
		const char *art = rows[r].artefact;

		ustar_header(buf, "huge.bin", rows[r].size);
		memset(buf + 512, 'A', 2048);
		if (!write_bytes(art, buf, sizeof(buf)) ||
		    !scan_run(&s, art, NULL, NULL, 0)) {
			scan_release(&s);
			continue;
		}
		check_exit(&s, EXIT_INCOMPLETE, art);
		ASSAY_CHECKF(count_rule(&s, "harness.corrupt-archive") +
		    count_rule(&s, "harness.limit-exceeded") >= 1,
		    "%s: corrupt-archive or limit-exceeded", art);
		check_time(&s, 20, art);
		check_rss(&s, 128, art);
		scan_release(&s);
		unlink(assay_test_path(art));
	}
}

/* ---- what assay cannot open -------------------------------------------- */

static void
test_encrypted_zip(void)
{
	struct archive *a = NULL;
	struct archive_entry *ae = NULL;
	static const char secret[] = "the secret recipe\n";
	struct scan s;
	json_t *e;
	bool built = false;

	memset(&s, 0, sizeof(s));
	if ((a = archive_write_new()) == NULL ||
	    (ae = archive_entry_new()) == NULL ||
	    archive_write_set_format_zip(a) != ARCHIVE_OK ||
	    archive_write_set_options(a, "zip:encryption=zipcrypt") !=
	    ARCHIVE_OK ||
	    archive_write_set_passphrase(a, "hunter2") != ARCHIVE_OK ||
	    archive_write_open_filename(a, assay_test_path("enc.zip")) !=
	    ARCHIVE_OK)
		goto built;
	archive_entry_set_pathname(ae, "secret.txt");
	archive_entry_set_filetype(ae, AE_IFREG);
	archive_entry_set_perm(ae, 0644);
	archive_entry_set_size(ae, (la_int64_t)strlen(secret));
	if (archive_write_header(a, ae) != ARCHIVE_OK ||
	    archive_write_data(a, secret, strlen(secret)) !=
	    (la_ssize_t)strlen(secret))
		goto built;
	built = archive_write_close(a) == ARCHIVE_OK;
 built:
	ASSAY_CHECKF(built, "wrote enc.zip: %s", a != NULL &&
	    archive_error_string(a) != NULL ? archive_error_string(a) : "ok");
	archive_entry_free(ae);
	if (a != NULL)
		archive_write_free(a);
	if (!built || !scan_run(&s, "enc.zip", NULL, NULL, 0))
		goto out;
	check_exit(&s, EXIT_INCOMPLETE, "enc.zip");
	ASSAY_CHECKF(finding(&s, "harness.encrypted-entry",
	    nest("enc.zip", "secret.txt")) != NULL,
	    "secret.txt: encrypted-entry");
	e = entry(&s, nest("enc.zip", "secret.txt"));
	ASSAY_CHECKF(e != NULL && has_flag(e, "encrypted") &&
	    !has_flag(e, "content"), "secret.txt: flagged encrypted, unread");
	ASSAY_CHECKF(streq(gap_of(&s, nest("enc.zip", "secret.txt")),
	    "encrypted"), "coverage: secret.txt not examined, encrypted");
 out:
	scan_release(&s);
}

static void
test_not_archives(void)
{
	unsigned char fakezip[64], squash[4096];
	struct assay_test_entry entries[3];
	struct scan s;
	json_t *f, *e;

	memcpy(fakezip, "PK\003\004", 4);
	noise(fakezip + 4, sizeof(fakezip) - 4, 11);
	memcpy(squash, "hsqs", 4);
	noise(squash + 4, sizeof(squash) - 4, 12);
	memset(entries, 0, sizeof(entries));
	entries[0].name = "x.zip";
	entries[0].data = fakezip;
	entries[0].size = sizeof(fakezip);
	entries[1].name = "rootfs.img";
	entries[1].data = squash;
	entries[1].size = sizeof(squash);
	entries[2].name = "readme.txt";
	entries[2].data = "not an archive\n";
	if (!make_archive("odd.tar", ARCHIVE_FORMAT_TAR_USTAR,
	    ARCHIVE_FILTER_NONE, entries, NELEM(entries)) ||
	    !scan_run(&s, "odd.tar", NULL, NULL, 0))
		goto out;
	check_exit(&s, EXIT_INCOMPLETE, "odd.tar");
	f = finding(&s, "harness.unsupported-archive", nest("odd.tar",
	    "x.zip"));
	e = entry(&s, nest("odd.tar", "x.zip"));
	ASSAY_CHECKF(f != NULL, "x.zip: unsupported-archive");
	ASSAY_CHECKF(e != NULL && has_flag(e, "not-archive") &&
	    has_flag(e, "content"), "x.zip: kept as a file, not-archive");
	check_digest(&s, nest("odd.tar", "x.zip"), fakezip, sizeof(fakezip));
	f = finding(&s, "harness.unsupported-archive", nest("odd.tar",
	    "rootfs.img"));
	ASSAY_CHECKF(f != NULL && streq(evidence_str(f, "format"),
	    "squashfs"), "rootfs.img: unsupported-archive naming squashfs");
	e = entry(&s, nest("odd.tar", "rootfs.img"));
	ASSAY_CHECKF(e != NULL && has_flag(e, "not-archive"),
	    "rootfs.img: flagged not-archive");
	ASSAY_CHECKF(count_rule(&s, "harness.unsupported-archive") == 2,
	    "readme.txt is not reported");
	ASSAY_CHECKF(streq(gap_of(&s, nest("odd.tar", "rootfs.img")),
	    "unsupported-format"), "coverage: rootfs.img unsupported, got %s",
	    gap_of(&s, nest("odd.tar", "rootfs.img")));
 out:
	scan_release(&s);
}

/*
 * An empty archive is complete, not corrupt: libarchive finds its format
 * and then its end at once.
 */
static void
test_empty_archives(void)
{
	static const struct {
		const char *artefact;
		int format;
	} rows[] = {
		{ "empty.tar", ARCHIVE_FORMAT_TAR_USTAR },
		{ "empty.zip", ARCHIVE_FORMAT_ZIP },
	};
	const char *first;
	struct scan s;
	json_t *e;
	size_t nfind;
	size_t r;

	for (r = 0; r < NELEM(rows); r++) {
		const char *art = rows[r].artefact;

		if (!make_archive(art, rows[r].format, ARCHIVE_FILTER_NONE,
		    NULL, 0) || !scan_run(&s, art, NULL, NULL, 0)) {
			scan_release(&s);
			continue;
		}
		check_exit(&s, EXIT_PASS, art);
		nfind = harness_findings(&s, &first);
		ASSAY_CHECKF(nfind == 0, "%s: %zu harness findings (first: %s)",
		    art, nfind, first);
		e = entry(&s, art);
		ASSAY_CHECKF(e != NULL && json_array_size(s.entries) == 1,
		    "%s: only the artefact in the inventory", art);
		scan_release(&s);
		unlink(assay_test_path(art));
	}
}

/* ---- formats ------------------------------------------------------------ */

static const char text_a[] = "alpha file\nsecond line\n";
static const unsigned char bin_b[] = { 0x00, 0x01, 0xfe, 0xff, 'B', 0x7f,
	0x80, 0x00, 0x42 };

static void
test_formats(void)
{
	static const struct {
		const char *artefact;
		int format, filter;
		bool flat;	/* ar: plain files, no directories */
	} rows[] = {
		{ "ustar.tar", ARCHIVE_FORMAT_TAR_USTAR, ARCHIVE_FILTER_NONE,
		    false },
		{ "pax.tar", ARCHIVE_FORMAT_TAR_PAX_RESTRICTED,
		    ARCHIVE_FILTER_NONE, false },
		{ "pax-full.tar", ARCHIVE_FORMAT_TAR_PAX_INTERCHANGE,
		    ARCHIVE_FILTER_NONE, false },
		{ "gnu.tar", ARCHIVE_FORMAT_TAR_GNUTAR, ARCHIVE_FILTER_NONE,
		    false },
		{ "a.zip", ARCHIVE_FORMAT_ZIP, ARCHIVE_FILTER_NONE, false },
		{ "a.7z", ARCHIVE_FORMAT_7ZIP, ARCHIVE_FILTER_NONE, false },
		{ "newc.cpio", ARCHIVE_FORMAT_CPIO_SVR4_NOCRC,
		    ARCHIVE_FILTER_NONE, false },
		{ "odc.cpio", ARCHIVE_FORMAT_CPIO_POSIX, ARCHIVE_FILTER_NONE,
		    false },
		{ "gnu.a", ARCHIVE_FORMAT_AR_GNU, ARCHIVE_FILTER_NONE, true },
		{ "bsd.a", ARCHIVE_FORMAT_AR_BSD, ARCHIVE_FILTER_NONE, true },
		{ "a.iso", ARCHIVE_FORMAT_ISO9660, ARCHIVE_FILTER_NONE, false },
		{ "a.xar", ARCHIVE_FORMAT_XAR, ARCHIVE_FILTER_NONE, false },
		{ "a.tar.gz", ARCHIVE_FORMAT_TAR_USTAR, ARCHIVE_FILTER_GZIP,
		    false },
		{ "a.tar.bz2", ARCHIVE_FORMAT_TAR_USTAR, ARCHIVE_FILTER_BZIP2,
		    false },
		{ "a.tar.xz", ARCHIVE_FORMAT_TAR_USTAR, ARCHIVE_FILTER_XZ,
		    false },
		{ "a.tar.lzma", ARCHIVE_FORMAT_TAR_USTAR, ARCHIVE_FILTER_LZMA,
		    false },
		{ "a.tar.zst", ARCHIVE_FORMAT_TAR_USTAR, ARCHIVE_FILTER_ZSTD,
		    false },
		{ "a.tar.lz4", ARCHIVE_FORMAT_TAR_USTAR, ARCHIVE_FILTER_LZ4,
		    false },
		{ "a.tar.lz", ARCHIVE_FORMAT_TAR_USTAR, ARCHIVE_FILTER_LZIP,
		    false },
		{ "a.tar.Z", ARCHIVE_FORMAT_TAR_USTAR, ARCHIVE_FILTER_COMPRESS,
		    false },
		{ "a.cpio.gz", ARCHIVE_FORMAT_CPIO_SVR4_NOCRC,
		    ARCHIVE_FILTER_GZIP, false },
	};
	const struct assay_test_entry tree[] = {
		{ .name = "dir/", .type = AE_IFDIR },
		{ .name = "dir/a.txt", .data = text_a },
		{ .name = "b.bin", .data = bin_b, .size = sizeof(bin_b) },
	};
	const struct assay_test_entry flat[] = {
		{ .name = "a.txt", .data = text_a },
		{ .name = "b.bin", .data = bin_b, .size = sizeof(bin_b) },
	};
	const char *first;
	struct scan s;
	json_t *e;
	size_t r, nfind;

	for (r = 0; r < NELEM(rows); r++) {
		const char *art = rows[r].artefact;
		const char *a = nest(art, rows[r].flat ? "a.txt" : "dir/a.txt");
		const char *b = nest(art, "b.bin");

		if (!(rows[r].flat ? make_ar(art, rows[r].format ==
		    ARCHIVE_FORMAT_AR_BSD, flat, NELEM(flat)) :
		    make_archive(art, rows[r].format, rows[r].filter, tree,
		    NELEM(tree))) || !scan_run(&s, art, NULL, NULL, 0)) {
			scan_release(&s);
			continue;
		}
		check_exit(&s, EXIT_PASS, art);
		nfind = harness_findings(&s, &first);
		ASSAY_CHECKF(nfind == 0, "%s: %zu harness findings (first: %s)",
		    art, nfind, first);
		check_digest(&s, a, text_a, strlen(text_a));
		check_digest(&s, b, bin_b, sizeof(bin_b));
		e = entry(&s, a);
		ASSAY_CHECKF(e != NULL && has_flag(e, "content") &&
		    json_integer_value(json_object_get(e, "depth")) == 1 &&
		    streq(jstr(e, "type"), "file"),
		    "%s: a file at depth 1 with content", a);
		e = entry(&s, art);
		ASSAY_CHECKF(e != NULL && has_flag(e, "container") &&
		    streq(jstr(json_object_get(e, "archive"), "status"),
		    "complete"), "%s: opened as a complete archive", art);
		scan_release(&s);
		unlink(assay_test_path(art));
	}
}

static void
test_bare_compressed(void)
{
	static const struct {
		const char *artefact;
		int filter;
	} rows[] = {
		{ "notes.txt.gz", ARCHIVE_FILTER_GZIP },
		{ "notes.txt.bz2", ARCHIVE_FILTER_BZIP2 },
		{ "notes.txt.xz", ARCHIVE_FILTER_XZ },
		{ "notes.txt.lzma", ARCHIVE_FILTER_LZMA },
		{ "notes.txt.zst", ARCHIVE_FILTER_ZSTD },
		{ "notes.txt.lz4", ARCHIVE_FILTER_LZ4 },
		{ "notes.txt.lz", ARCHIVE_FILTER_LZIP },
		{ "notes.txt.Z", ARCHIVE_FILTER_COMPRESS },
	};
	static const char notes[] = "release notes\nversion 1.2.3\n";
	const struct assay_test_entry e = { .name = "notes.txt",
	    .data = notes };
	struct scan s;
	json_t *x;
	size_t r;

	for (r = 0; r < NELEM(rows); r++) {
		const char *art = rows[r].artefact;
		const char *p = nest(art, "notes.txt");

		if (!make_archive(art, ARCHIVE_FORMAT_RAW, rows[r].filter, &e,
		    1) || !scan_run(&s, art, NULL, NULL, 0)) {
			scan_release(&s);
			continue;
		}
		check_exit(&s, EXIT_PASS, art);
		check_digest(&s, p, notes, strlen(notes));
		x = entry(&s, p);
		ASSAY_CHECKF(x != NULL && has_flag(x, "content") &&
		    json_array_size(s.entries) == 2,
		    "%s: exactly one entry, named without the suffix", art);
		scan_release(&s);
		unlink(assay_test_path(art));
	}
}

static void
test_deb(void)
{
	static const char control[] = "Package: tool\nVersion: 1.0\n";
	static const char tool[] = "#!/bin/sh\necho tool\n";
	const struct assay_test_entry ctl = { .name = "control",
	    .data = control };
	const struct assay_test_entry data[] = {
		{ .name = "usr/", .type = AE_IFDIR },
		{ .name = "usr/bin/", .type = AE_IFDIR },
		{ .name = "usr/bin/tool", .mode = 0755, .data = tool },
	};
	unsigned char *ctl_xz = NULL, *data_zst = NULL;
	size_t ctl_len, data_len;
	struct scan s;

	memset(&s, 0, sizeof(s));
	ctl_xz = assay_test_archive_mem(ARCHIVE_FORMAT_TAR_USTAR,
	    ARCHIVE_FILTER_XZ, &ctl, 1, &ctl_len);
	data_zst = assay_test_archive_mem(ARCHIVE_FORMAT_TAR_USTAR,
	    ARCHIVE_FILTER_ZSTD, data, NELEM(data), &data_len);
	if (ctl_xz == NULL || data_zst == NULL) {
		ASSAY_CHECKF(0, "built control.tar.xz and data.tar.zst");
		goto out;
	}
	{
		const struct assay_test_entry deb[] = {
			{ .name = "debian-binary", .data = "2.0\n" },
			{ .name = "control.tar.xz", .data = ctl_xz,
			    .size = ctl_len },
			{ .name = "data.tar.zst", .data = data_zst,
			    .size = data_len },
		};

		if (!make_ar("tool_1.0_amd64.deb", false, deb, NELEM(deb)))
			goto out;
	}
	if (!scan_run(&s, "tool_1.0_amd64.deb", NULL, NULL, 0))
		goto out;
	check_exit(&s, EXIT_PASS, "tool_1.0_amd64.deb");
	check_digest(&s, "tool_1.0_amd64.deb!/debian-binary", "2.0\n", 4);
	check_digest(&s, "tool_1.0_amd64.deb!/control.tar.xz", ctl_xz,
	    ctl_len);
	check_digest(&s, "tool_1.0_amd64.deb!/control.tar.xz!/control",
	    control, strlen(control));
	check_digest(&s, "tool_1.0_amd64.deb!/data.tar.zst!/usr/bin/tool",
	    tool, strlen(tool));
	ASSAY_CHECKF(streq(jstr(entry(&s,
	    "tool_1.0_amd64.deb!/data.tar.zst!/usr/bin/tool"), "mode"),
	    "0755"), "the tool keeps mode 0755");
 out:
	scan_release(&s);
	free(ctl_xz);
	free(data_zst);
}

static void
test_nested_paths(void)
{
	static const char shadow[] = "root:$6$salt$hash:19000:0:99999:7:::\n";
	const struct assay_test_entry root[] = {
		{ .name = "etc/", .type = AE_IFDIR },
		{ .name = "etc/shadow", .mode = 0600, .data = shadow },
	};
	unsigned char *cpio = NULL;
	size_t cpio_len;
	struct scan s;
	json_t *e, *parent;

	memset(&s, 0, sizeof(s));
	cpio = assay_test_archive_mem(ARCHIVE_FORMAT_CPIO_SVR4_NOCRC,
	    ARCHIVE_FILTER_NONE, root, NELEM(root), &cpio_len);
	if (cpio == NULL) {
		ASSAY_CHECKF(0, "built rootfs.cpio");
		return;
	}
	{
		const struct assay_test_entry fw[] = {
			{ .name = "rootfs.cpio", .data = cpio,
			    .size = cpio_len },
		};

		if (!make_archive("fw.tar.gz", ARCHIVE_FORMAT_TAR_USTAR,
		    ARCHIVE_FILTER_GZIP, fw, NELEM(fw)) ||
		    !scan_run(&s, "fw.tar.gz", NULL, NULL, 0))
			goto out;
	}
	check_exit(&s, EXIT_PASS, "fw.tar.gz");
	check_digest(&s, "fw.tar.gz!/rootfs.cpio!/etc/shadow", shadow,
	    strlen(shadow));
	check_digest(&s, "fw.tar.gz!/rootfs.cpio", cpio, cpio_len);
	e = entry(&s, "fw.tar.gz!/rootfs.cpio!/etc/shadow");
	parent = entry(&s, "fw.tar.gz!/rootfs.cpio");
	ASSAY_CHECKF(e != NULL && parent != NULL &&
	    json_integer_value(json_object_get(e, "depth")) == 2 &&
	    json_equal(json_object_get(e, "parent"),
	    json_object_get(parent, "index")) &&
	    streq(jstr(e, "name"), "etc/shadow") &&
	    streq(jstr(e, "artefact"), "fw.tar.gz"),
	    "etc/shadow: depth 2, parent rootfs.cpio, name and artefact");
	ASSAY_CHECKF(has_flag(parent, "container") &&
	    jstr(json_object_get(parent, "archive"), "format") != NULL &&
	    strstr(jstr(json_object_get(parent, "archive"), "format"),
	    "cpio") != NULL, "rootfs.cpio was unpacked as a cpio archive");
 out:
	scan_release(&s);
	free(cpio);
}

static CU_TestInfo hostile_tests[] = {
	{ "path traversal (tar, pax, zip)", test_path_traversal },
	{ "absolute path", test_path_absolute },
	{ "write through a symlink", test_path_through_symlink },
	{ "hard links", test_hardlinks },
	{ "device nodes and fifos", test_special_files },
	{ "setuid, setgid, world-writable", test_modes },
	{ "duplicate names", test_duplicates },
	{ "names not UTF-8", test_name_not_utf8 },
	{ "long names", test_long_names },
	{ "gzip bomb", test_gzip_bomb },
	{ "overlapping zip bomb", test_overlap_zip_bomb },
	{ "30 levels of nesting", test_nesting_depth },
	{ "300,000 entries", test_many_entries },
	{ "truncated and corrupt", test_damaged },
	{ "absurd tar size", test_absurd_size },
	{ "encrypted zip", test_encrypted_zip },
	{ "not archives", test_not_archives },
	{ "empty archives", test_empty_archives },
	CU_TEST_INFO_NULL
};

static CU_TestInfo format_tests[] = {
	{ "archive formats and filters", test_formats },
	{ "bare compressed files", test_bare_compressed },
	{ ".deb (ar, tar.xz, tar.zst)", test_deb },
	{ "nested paths", test_nested_paths },
	CU_TEST_INFO_NULL
};

static CU_SuiteInfo suites[] = {
	{ "hostile", NULL, NULL, assay_test_setup, assay_test_teardown,
	    hostile_tests },
	{ "formats", NULL, NULL, assay_test_setup, assay_test_teardown,
	    format_tests },
	CU_SUITE_INFO_NULL
};

int
main(void)
{
	return assay_test_run(suites);
}
