/*
 * Helpers shared by the CUnit suites: a fresh temporary directory per test,
 * archives built in memory with libarchive's writer, reading files and JSON,
 * and running the real assay binary with its exit status and peak memory.
 */
#ifndef ASSAY_TESTUTIL_H
#define ASSAY_TESTUTIL_H

#include <CUnit/CUnit.h>
#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/* CU_ASSERT with a formatted note naming the failing row. */
#define ASSAY_CHECKF(cond, ...)						\
	assay_test_check((cond), __LINE__, __FILE__, #cond, __VA_ARGS__)
void assay_test_check(int ok, int line, const char *file, const char *expr,
    const char *fmt, ...) __attribute__((format(printf, 5, 6)));
/* The same when the expression says it all. */
#define ASSAY_CHECK(cond)	ASSAY_CHECKF((cond), "%s", #cond)

/*
 * Runs the suites (CUnit 2.1-3 CU_SuiteInfo array) with the basic runner
 * and returns main's exit status: 0 only if every test passed.
 */
int assay_test_run(CU_SuiteInfo *suites);

/*
 * A fresh directory per test: assay_test_setup() is a CU_SetUpFunc that
 * creates it, assay_test_teardown() removes it.  assay_test_dir() is its
 * path.
 */
void assay_test_setup(void);
void assay_test_teardown(void);
const char *assay_test_dir(void);

/* Path of name inside the test directory (one of 16 rotating buffers). */
char *assay_test_path(const char *name);

/* Writes n bytes to path (creating or truncating it); 0 or -1. */
int assay_test_write_file(const char *path, const void *p, size_t n);

/* Reads a whole file into a new NUL-terminated buffer; NULL on failure. */
char *assay_test_read_file(const char *path, size_t *lenp);

/* Loads a JSON file; NULL (and a CUnit failure) when it does not parse. */
json_t *assay_test_load_json(const char *path);

/* One entry of an archive built in memory. */
struct assay_test_entry {
	const char *name;
	unsigned type;		/* AE_IFREG (default when 0), AE_IFDIR, ... */
	unsigned mode;		/* permission bits; 0644 (dirs 0755) when 0 */
	const void *data;	/* file contents; NULL: empty */
	size_t size;		/* bytes of data; strlen(data) when 0 */
	const char *link;	/* symlink target; on a regular entry, the
				   earlier entry it is a hard link to */
	int64_t declared_size;	/* header size when non-zero (bombs); a
				   size past the data ends the archive */
};

/*
 * Builds an archive of format (ARCHIVE_FORMAT_*) and filter
 * (ARCHIVE_FILTER_*) from n entries and writes it to path.  0 or -1.
 */
int assay_test_archive(const char *path, int format, int filter,
    const struct assay_test_entry *entries, size_t n);

/* Same, into a new buffer the caller frees. */
unsigned char *assay_test_archive_mem(int format, int filter,
    const struct assay_test_entry *entries, size_t n, size_t *lenp);

/* Result of running the assay binary. */
struct assay_test_run_result {
	int status;		/* exit code, or 128 + signal */
	long maxrss_kib;	/* peak resident set of the child */
	char *out;		/* captured stdout (NUL-terminated) */
	char *err;		/* captured stderr */
};

/*
 * Runs ASSAY_BIN with argv (NULL-terminated, without argv[0]) in the test
 * directory with SOURCE_DATE_EPOCH set, stdin from /dev/null.  Returns 0
 * if it ran.  Free the result with assay_test_result_release().
 */
int assay_test_assay(struct assay_test_run_result *r, const char *const *argv);
void assay_test_result_release(struct assay_test_run_result *r);

/* The findings array of a bundle's findings.json; NULL on failure. */
json_t *assay_test_findings(const char *bundle);

/* Number of findings in arr whose rule is rule (and path, when not NULL). */
size_t assay_test_count_rule(json_t *findings, const char *rule,
    const char *path);

/*
 * True when nothing under dir other than the paths listed (NULL-terminated),
 * what lies below them and the folders leading to them exists (or dir does
 * not exist); used to prove nothing was written outside the workspace.
 */
bool assay_test_dir_only(const char *dir, const char *const *allowed);

/*
 * Runs python3 (Debian's /usr/bin/python3, where python3-jsonschema
 * installs, when present) with args (NULL-terminated, at most 14); with
 * quiet, its output goes to /dev/null.  Its exit status, or -1 when it did
 * not run.
 */
int assay_test_python(const char *const *args, bool quiet);

/*
 * Runs argv (argv[0] found on PATH, no shell) in the test directory with
 * stdout to out (NULL: /dev/null), stdin and stderr on /dev/null.  Its exit
 * status, or -1 when it did not run or did not exit.
 */
int assay_test_tool(const char *const *argv, const char *out);

/* The same in the background, quiet; its pid or -1.  Stop it with: */
pid_t assay_test_python_start(const char *const *args);
void assay_test_stop(pid_t pid);

/*
 * Starts argv[0] from PATH in cwd, stdin from /dev/null, output appended to
 * log, killed when the test dies; its pid or -1.  Stop it with
 * assay_test_stop.
 */
pid_t assay_test_spawn(const char *const *argv, const char *cwd,
    const char *log);

/* The same, run to its end; its exit status, or -1. */
int assay_test_run_tool(const char *const *argv, const char *cwd,
    const char *log);

/*
 * A close-on-exec TCP socket bound to a free port on 127.0.0.1, listening
 * when backlog is above 0, its port in *port; the socket or -1.
 */
int assay_test_loopback_socket(unsigned *port, int backlog);

/* True when something accepts connections on 127.0.0.1:port. */
bool assay_test_port_accepts(unsigned port);

/*
 * Makes a throw-away TLS PKI in dir with the openssl command: ca.key,
 * ca.pem, and server.key, server.pem for 127.0.0.1 and localhost,
 * valid two days.  0 or -1.
 */
int assay_test_tls_pki(const char *dir);

/* Hex SHA-256 of n bytes (out: 65 bytes) computed with OpenSSL. */
void assay_test_sha256_hex(const void *p, size_t n, char *out);

/* Lower-case hex of n bytes, malloc'd; NULL when out of memory. */
char *assay_test_hex(const void *p, size_t n);

#endif
