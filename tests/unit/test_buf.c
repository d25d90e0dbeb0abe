/*
 * Tests of the growable buffer (harness/buf.c): the cap holds, a failed
 * append changes nothing, and detach and release leave a reusable buffer.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "assay/buf.h"
#include "testutil.h"

/* The invariant every operation must keep. */
static void
check_invariant(const struct assay_buf *b, const char *when)
{
	if (b->data == NULL) {
		ASSAY_CHECKF(b->len == 0, "%s: len %zu without data", when,
		    b->len);
		return;
	}
	ASSAY_CHECKF(b->len <= b->max, "%s: len %zu > max %zu", when, b->len,
	    b->max);
	ASSAY_CHECKF(b->len < b->cap, "%s: len %zu, cap %zu", when, b->len,
	    b->cap);
	ASSAY_CHECKF(b->data[b->len] == '\0', "%s: not NUL-terminated", when);
}

static void
test_buf_add_and_grow(void)
{
	struct assay_buf b = ASSAY_BUF_INIT(1 << 20);
	char chunk[1000];
	size_t i;

	memset(chunk, 'x', sizeof(chunk));
	CU_ASSERT_EQUAL(assay_buf_adds(&b, "abc"), ASSAY_OK);
	CU_ASSERT_EQUAL(b.len, 3);
	CU_ASSERT_STRING_EQUAL(b.data, "abc");
	check_invariant(&b, "adds");
	/* Many appends force several doublings; content must survive them. */
	for (i = 0; i < 500; i++) {
		CU_ASSERT_EQUAL_FATAL(assay_buf_add(&b, chunk, sizeof(chunk)),
		    ASSAY_OK);
		check_invariant(&b, "add");
	}
	CU_ASSERT_EQUAL(b.len, 3 + 500 * sizeof(chunk));
	CU_ASSERT_EQUAL(memcmp(b.data, "abcxxx", 6), 0);
	CU_ASSERT_EQUAL(b.data[b.len - 1], 'x');
	/* Embedded NULs are bytes like any other. */
	assay_buf_release(&b);
	CU_ASSERT_EQUAL(assay_buf_add(&b, "a\0b", 3), ASSAY_OK);
	CU_ASSERT_EQUAL(b.len, 3);
	CU_ASSERT_EQUAL(memcmp(b.data, "a\0b", 4), 0);
	/* Zero bytes: nothing to add, and not an error. */
	CU_ASSERT_EQUAL(assay_buf_add(&b, NULL, 0), ASSAY_OK);
	CU_ASSERT_EQUAL(b.len, 3);
	assay_buf_release(&b);
}

static void
test_buf_self_append(void)
{
	struct assay_buf b = ASSAY_BUF_INIT(1 << 16);
	int i;

	CU_ASSERT_EQUAL(assay_buf_adds(&b, "ab"), ASSAY_OK);
	/* Doubling the buffer from itself crosses several reallocations. */
	for (i = 0; i < 10; i++)
		CU_ASSERT_EQUAL_FATAL(assay_buf_add(&b, b.data, b.len),
		    ASSAY_OK);
	CU_ASSERT_EQUAL(b.len, 2u << 10);
	CU_ASSERT_EQUAL(memcmp(b.data, "ababab", 6), 0);
	CU_ASSERT_EQUAL(memcmp(b.data + b.len - 4, "abab", 4), 0);
	check_invariant(&b, "self");
	assay_buf_release(&b);
}

static void
test_buf_limits(void)
{
	static const struct {
		size_t max;
		size_t first;	/* bytes added first */
		size_t second;	/* then these */
		enum assay_err want;
	} rows[] = {
		{ 0, 0, 0, ASSAY_OK },
		{ 0, 0, 1, ASSAY_ERR_LIMIT },
		{ 8, 8, 0, ASSAY_OK },
		{ 8, 8, 1, ASSAY_ERR_LIMIT },
		{ 8, 3, 5, ASSAY_OK },
		{ 8, 3, 6, ASSAY_ERR_LIMIT },
		{ 100, 64, 36, ASSAY_OK },	/* the NUL needs byte 101 */
		{ 100, 64, 37, ASSAY_ERR_LIMIT },
		{ SIZE_MAX, 1, SIZE_MAX, ASSAY_ERR_LIMIT }, /* len + n wraps */
		{ SIZE_MAX, 0, SIZE_MAX, ASSAY_ERR_LIMIT }, /* n + NUL wraps */
	};
	static char bytes[128];
	struct assay_buf b;
	enum assay_err r;
	size_t i;

	memset(bytes, 'y', sizeof(bytes));
	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		b.data = NULL;
		b.len = b.cap = 0;
		b.max = rows[i].max;
		ASSAY_CHECKF(assay_buf_add(&b, bytes, rows[i].first) ==
		    ASSAY_OK, "row %zu: first add", i);
		/* The huge rows must fail before they read a byte. */
		r = assay_buf_add(&b, bytes, rows[i].second);
		ASSAY_CHECKF(r == rows[i].want, "row %zu: got %s", i,
		    assay_strerror(r));
		ASSAY_CHECKF(b.len == (r == ASSAY_OK ? rows[i].first +
		    rows[i].second : rows[i].first), "row %zu: len %zu", i,
		    b.len);
		check_invariant(&b, "limit row");
		assay_buf_release(&b);
	}
}

static void
test_buf_failed_append_keeps_state(void)
{
	struct assay_buf b = ASSAY_BUF_INIT(10);
	char *data;
	size_t len, cap;

	CU_ASSERT_EQUAL(assay_buf_adds(&b, "hello"), ASSAY_OK);
	data = b.data;
	len = b.len;
	cap = b.cap;
	CU_ASSERT_EQUAL(assay_buf_adds(&b, "world!"), ASSAY_ERR_LIMIT);
	CU_ASSERT_EQUAL(assay_buf_addf(&b, "%s-%d", "abc", 12345),
	    ASSAY_ERR_LIMIT);
	CU_ASSERT_PTR_EQUAL(b.data, data);
	CU_ASSERT_EQUAL(b.len, len);
	CU_ASSERT_EQUAL(b.cap, cap);
	CU_ASSERT_STRING_EQUAL(b.data, "hello");
	/* What still fits is taken. */
	CU_ASSERT_EQUAL(assay_buf_addf(&b, "%05d", 42), ASSAY_OK);
	CU_ASSERT_STRING_EQUAL(b.data, "hello00042");
	CU_ASSERT_EQUAL(b.len, 10);
	check_invariant(&b, "full");
	assay_buf_release(&b);
}

static void
test_buf_addf(void)
{
	struct assay_buf b = ASSAY_BUF_INIT(1 << 20);
	char big[3000];

	memset(big, 'z', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	CU_ASSERT_EQUAL(assay_buf_addf(&b, "%s=%u;", "n", 7u), ASSAY_OK);
	CU_ASSERT_EQUAL(assay_buf_addf(&b, "%s", ""), ASSAY_OK);
	CU_ASSERT_EQUAL(assay_buf_addf(&b, "[%s]", big), ASSAY_OK);
	CU_ASSERT_EQUAL(b.len, 4 + 2 + sizeof(big) - 1);
	CU_ASSERT_EQUAL(strncmp(b.data, "n=7;[zzz", 8), 0);
	CU_ASSERT_EQUAL(b.data[b.len - 1], ']');
	check_invariant(&b, "addf");
	assay_buf_release(&b);
}

static void
test_buf_detach(void)
{
	struct assay_buf b = ASSAY_BUF_INIT(64);
	size_t len = 99;
	char *p;

	/* An empty buffer hands over an allocated "". */
	p = assay_buf_detach(&b, &len);
	CU_ASSERT_PTR_NOT_NULL_FATAL(p);
	CU_ASSERT_STRING_EQUAL(p, "");
	CU_ASSERT_EQUAL(len, 0);
	free(p);
	CU_ASSERT_EQUAL(assay_buf_adds(&b, "kept"), ASSAY_OK);
	p = assay_buf_detach(&b, &len);
	CU_ASSERT_PTR_NOT_NULL_FATAL(p);
	CU_ASSERT_STRING_EQUAL(p, "kept");
	CU_ASSERT_EQUAL(len, 4);
	free(p);
	/* Left empty, max kept, and usable again. */
	CU_ASSERT_PTR_NULL(b.data);
	CU_ASSERT_EQUAL(b.len, 0);
	CU_ASSERT_EQUAL(b.cap, 0);
	CU_ASSERT_EQUAL(b.max, 64);
	CU_ASSERT_EQUAL(assay_buf_adds(&b, "again"), ASSAY_OK);
	p = assay_buf_detach(&b, NULL);
	CU_ASSERT_STRING_EQUAL(p, "again");
	free(p);
}

static void
test_buf_release(void)
{
	struct assay_buf b = ASSAY_BUF_INIT(5);

	assay_buf_release(NULL);
	assay_buf_release(&b);
	CU_ASSERT_EQUAL(assay_buf_adds(&b, "12345"), ASSAY_OK);
	assay_buf_release(&b);
	CU_ASSERT_PTR_NULL(b.data);
	CU_ASSERT_EQUAL(b.len, 0);
	CU_ASSERT_EQUAL(b.cap, 0);
	CU_ASSERT_EQUAL(b.max, 5);
	/* The cap survives a release. */
	CU_ASSERT_EQUAL(assay_buf_adds(&b, "123456"), ASSAY_ERR_LIMIT);
	CU_ASSERT_EQUAL(assay_buf_adds(&b, "12345"), ASSAY_OK);
	assay_buf_release(&b);
	assay_buf_release(&b);
}

static CU_TestInfo tests[] = {
	{ "add and grow", test_buf_add_and_grow },
	{ "append from itself", test_buf_self_append },
	{ "limits", test_buf_limits },
	{ "failed append keeps state", test_buf_failed_append_keeps_state },
	{ "addf", test_buf_addf },
	{ "detach", test_buf_detach },
	{ "release", test_buf_release },
	CU_TEST_INFO_NULL
};

static CU_SuiteInfo suites[] = {
	{ "buf", NULL, NULL, NULL, NULL, tests },
	CU_SUITE_INFO_NULL
};

int
main(void)
{
	return assay_test_run(suites);
}
