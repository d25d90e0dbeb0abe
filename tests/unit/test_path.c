/* Suite for harness/path.c, harness/namemap.c, harness/sniff.c and parse.c. */
#include <stdint.h>
#include <string.h>

#include "namemap.h"
#include "parse.h"
#include "path.h"
#include "sniff.h"
#include "testutil.h"

static void
test_normalise(void)
{
	static const struct {
		const char *name;
		enum assay_path_verdict want;
		const char *norm;
	} rows[] = {
		{ "etc/passwd", ASSAY_PATH_OK, "etc/passwd" },
		{ "./etc//passwd", ASSAY_PATH_OK, "etc/passwd" },
		{ "etc/./passwd/", ASSAY_PATH_OK, "etc/passwd" },
		{ "../x", ASSAY_PATH_TRAVERSAL, NULL },
		{ "a/../../b", ASSAY_PATH_TRAVERSAL, NULL },
		{ "a/../b", ASSAY_PATH_TRAVERSAL, NULL },
		{ "a/..", ASSAY_PATH_TRAVERSAL, NULL },
		{ "/etc/shadow", ASSAY_PATH_ABSOLUTE, NULL },
		{ "//x", ASSAY_PATH_ABSOLUTE, NULL },
		{ "./", ASSAY_PATH_EMPTY, NULL },
		{ "", ASSAY_PATH_EMPTY, NULL },
		{ "...", ASSAY_PATH_OK, "..." },
		{ "..a/b..", ASSAY_PATH_OK, "..a/b.." },
	};
	char out[64];
	size_t i;

	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		enum assay_path_verdict v = assay_path_normalise(rows[i].name,
		    4096, out, sizeof(out));

		ASSAY_CHECKF(v == rows[i].want, "%s: verdict %d", rows[i].name,
		    (int)v);
		if (rows[i].norm != NULL)
			ASSAY_CHECKF(strcmp(out, rows[i].norm) == 0, "%s -> %s",
			    rows[i].name, out);
	}
	CU_ASSERT(assay_path_normalise("abcdefgh", 4, out, sizeof(out)) ==
	    ASSAY_PATH_TOO_LONG);
	CU_ASSERT(assay_path_normalise("abcdefgh", 100, out, 4) ==
	    ASSAY_PATH_TOO_LONG);
}

static void
test_utf8(void)
{
	static const struct {
		const char *s;
		int valid;
	} rows[] = {
		{ "plain", 1 },
		{ "caf\xc3\xa9", 1 },
		{ "\xe2\x82\xac", 1 },
		{ "\xf0\x9f\x98\x80", 1 },
		{ "\xff\xfe", 0 },
		{ "\xc0\xaf", 0 },		/* overlong '/' */
		{ "\xe0\x80\xaf", 0 },		/* overlong */
		{ "\xed\xa0\x80", 0 },		/* surrogate */
		{ "\xf4\x90\x80\x80", 0 },	/* past U+10FFFF */
		{ "\xe2\x82", 0 },		/* cut short */
	};
	char out[64];
	size_t i, n;

	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++)
		ASSAY_CHECKF(assay_utf8_valid(rows[i].s, strlen(rows[i].s)) ==
		    (rows[i].valid != 0), "row %zu", i);
	n = assay_utf8_sanitise("a\xff" "b", 3, out);
	CU_ASSERT(n == 5);
	CU_ASSERT(strcmp(out, "a\xef\xbf\xbd" "b") == 0);
	CU_ASSERT(assay_utf8_valid(out, n));
}

static void
test_glob(void)
{
	static const struct {
		const char *glob, *s;
		int match;
	} rows[] = {
		{ "**/etc/shadow", "etc/shadow", 1 },
		{ "**/etc/shadow", "rootfs/etc/shadow", 1 },
		{ "**/etc/shadow", "a/b/c/etc/shadow", 1 },
		{ "**/etc/shadow", "a/xetc/shadow", 0 },
		{ "*.txt", "a.txt", 1 },
		{ "*.txt", "d/a.txt", 0 },
		{ "**/*.txt", "d/e/a.txt", 1 },
		{ "**/*.txt", "a.txt", 1 },
		{ "etc/?asswd", "etc/passwd", 1 },
		{ "etc/?", "etc//", 0 },
		{ "**/x*y", "a/xzz/xqy", 1 },
		{ "**", "anything/at/all", 1 },
		{ "a/**/b", "a/b", 1 },
		{ "a/**/b", "a/x/y/b", 1 },
		{ "a/**/b", "a/x/y/c", 0 },
		{ "fw.tar!/**", "fw.tar!/etc/x", 1 },
		{ "***/x", "a/b/x", 1 },
		{ "***/x", "x", 1 },
		{ "a*", "a/b", 0 },
		{ "", "", 1 },
		{ "", "a", 0 },
		{ "a?c", "abc", 1 },
		{ "*a*a*a*a*a*a*a*a*b", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", 0 },
		{ "**a**a**a**a**a**a**b", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", 0 },
	};
	size_t i;

	char glob[200], name[4097];

	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++)
		ASSAY_CHECKF(assay_glob_match(rows[i].glob, rows[i].s) ==
		    (rows[i].match != 0), "%s ~ %s", rows[i].glob, rows[i].s);
	/* What backtracking matchers take years over (a fuzzer found it). */
	memset(glob, '*', sizeof(glob) - 7);
	memcpy(glob + sizeof(glob) - 7, ".usbn*", 7);
	memset(name, 'a', sizeof(name) - 1);
	name[sizeof(name) - 1] = '\0';
	CU_ASSERT(!assay_glob_match(glob, name));
	name[100] = '.';
	memcpy(name + 101, "usbn", 4);
	CU_ASSERT(assay_glob_match(glob, name));
}

static void
test_link_inside(void)
{
	static const struct {
		const char *rel, *target;
		int inside;
	} rows[] = {
		{ "bin/sh", "busybox", 1 },
		{ "bin/sh", "/bin/busybox", 1 },
		{ "bin/sh", "/../../etc/passwd", 1 },	/* root's ".." is root */
		{ "bin/sh", "../etc/passwd", 1 },
		{ "bin/sh", "../../etc/passwd", 0 },
		{ "link", "..", 0 },
		{ "link", ".", 1 },
		{ "a/b/c", "../../x/../y", 1 },
		{ "a/b/c", "../../../y", 0 },
	};
	size_t i;

	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++)
		ASSAY_CHECKF(assay_link_inside(rows[i].rel, rows[i].target) ==
		    (rows[i].inside != 0), "%s -> %s", rows[i].rel,
		    rows[i].target);
}

static void
test_namemap(void)
{
	struct assay_namemap *m = assay_namemap_new();
	static char names[5000][12];
	size_t i;
	int n;

	CU_ASSERT_PTR_NOT_NULL_FATAL(m);
	for (i = 0; i < 5000; i++) {
		n = snprintf(names[i], sizeof(names[i]), "n%zu", i);
		CU_ASSERT(assay_namemap_put(m, names[i], (size_t)n,
		    (uint32_t)i) == 0);
	}
	for (i = 0; i < 5000; i++)
		ASSAY_CHECKF(assay_namemap_get(m, names[i], strlen(names[i])) ==
		    i, "%s", names[i]);
	CU_ASSERT(assay_namemap_get(m, "missing", 7) == UINT32_MAX);
	/* A prefix is a different name. */
	CU_ASSERT(assay_namemap_get(m, "n12", 2) == UINT32_MAX ||
	    assay_namemap_get(m, "n12", 2) == 1);
	CU_ASSERT(assay_namemap_put(m, names[7], strlen(names[7]), 99) == 0);
	CU_ASSERT(assay_namemap_get(m, names[7], strlen(names[7])) == 99);
	assay_namemap_free(m);
}

static void
test_sniff(void)
{
	static const struct {
		const char *head;
		size_t len;
		const char *name;
		enum assay_sniff want;
		const char *what;
	} rows[] = {
		{ "\x1f\x8b\x08", 3, "x", ASSAY_SNIFF_ARCHIVE, "gzip" },
		{ "PK\x03\x04", 4, "x", ASSAY_SNIFF_ARCHIVE, "zip" },
		{ "!<arch>\n", 8, "x", ASSAY_SNIFF_ARCHIVE, "ar" },
		{ "hsqs", 4, "x", ASSAY_SNIFF_UNSUPPORTED, "squashfs" },
		{ "hello", 5, "notes.txt", ASSAY_SNIFF_NONE, "" },
		{ "hello", 5, "old.tar", ASSAY_SNIFF_ARCHIVE, "tar" },
		{ "hello", 5, "pkg.deb", ASSAY_SNIFF_ARCHIVE, "deb" },
	};
	unsigned char head[ASSAY_SNIFF_HEAD];
	const char *what;
	size_t i;

	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		enum assay_sniff got;

		memcpy(head, rows[i].head, rows[i].len);
		got = assay_sniff(head, rows[i].len, rows[i].name, 0, &what);
		ASSAY_CHECKF(got == rows[i].want &&
		    strcmp(what, rows[i].what) == 0, "row %zu: %s", i, what);
	}
	memset(head, 0, sizeof(head));
	memcpy(head + 257, "ustar", 5);
	CU_ASSERT(assay_sniff(head, sizeof(head), "x", 0, &what) ==
	    ASSAY_SNIFF_ARCHIVE);
	CU_ASSERT(assay_sniff(head, 10, "x", 1, &what) == ASSAY_SNIFF_ARCHIVE);
	CU_ASSERT_STRING_EQUAL(what, "iso9660");
}

static void
test_parse(void)
{
	uint64_t v = 7;

	CU_ASSERT(assay_parse_u64("42", 0, 100, &v) == 0 && v == 42);
	CU_ASSERT(assay_parse_u64("101", 0, 100, &v) == -1);
	CU_ASSERT(assay_parse_u64("-1", 0, 100, &v) == -1);
	CU_ASSERT(assay_parse_u64("4x", 0, 100, &v) == -1);
	CU_ASSERT(assay_parse_u64("", 0, 100, &v) == -1);
	CU_ASSERT(assay_parse_u64("99999999999999999999999", 0, UINT64_MAX,
	    &v) == -1);
	CU_ASSERT(assay_parse_size("16G", &v) == 0 && v == 16ull << 30);
	CU_ASSERT(assay_parse_size("64m", &v) == 0 && v == 64ull << 20);
	CU_ASSERT(assay_parse_size("1024", &v) == 0 && v == 1024);
	CU_ASSERT(assay_parse_size("1GB", &v) == -1);
	CU_ASSERT(assay_parse_size("99999999999T", &v) == -1);
	CU_ASSERT(assay_parse_seconds("5m", &v) == 0 && v == 300);
	CU_ASSERT(assay_parse_seconds("1h", &v) == 0 && v == 3600);
	CU_ASSERT(assay_parse_seconds("10", &v) == 0 && v == 10);
	CU_ASSERT(assay_parse_seconds("m", &v) == -1);
}

static void
test_parse_time(void)
{
	static const struct {
		const char *s;
		int ok;
		int64_t t;
	} rows[] = {
		{ "2026-11-29", 1, 1795910400 },
		{ "2026-11-29T14:00:00Z", 1, 1795960800 },
		{ "@1700000000", 1, 1700000000 },
		{ "1970-01-01", 1, 0 },
		{ "2024-02-29", 1, 1709164800 },
		{ "2023-02-29", 0, 0 },
		{ "2026-13-01", 0, 0 },
		{ "2026-11-29T14:00:00", 0, 0 },
		{ "2026-11-29T14:00:00+01:00", 0, 0 },
		{ "26-11-29", 0, 0 },
		{ "@-5", 0, 0 },
		{ "", 0, 0 },
	};
	int64_t t;
	size_t i;

	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		t = -1;
		ASSAY_CHECKF((assay_parse_time(rows[i].s, &t) == 0) ==
		    (rows[i].ok != 0) && (!rows[i].ok || t == rows[i].t),
		    "%s -> %lld", rows[i].s, (long long)t);
	}
}

static CU_TestInfo tests[] = {
	{ "normalise", test_normalise },
	{ "utf8", test_utf8 },
	{ "glob", test_glob },
	{ "link inside", test_link_inside },
	{ "namemap", test_namemap },
	{ "sniff", test_sniff },
	{ "parse", test_parse },
	{ "parse time", test_parse_time },
	CU_TEST_INFO_NULL
};

static CU_SuiteInfo suites[] = {
	{ "path", NULL, NULL, NULL, NULL, tests },
	CU_SUITE_INFO_NULL
};

int
main(void)
{
	return assay_test_run(suites);
}
