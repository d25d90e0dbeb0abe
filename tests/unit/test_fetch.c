/*
 * Tests of the https fetcher (harness/fetch.c) against a local server only.
 *
 * Suite init makes a throw-away CA and a server certificate for 127.0.0.1
 * with the openssl command; each test that needs a server starts
 * "openssl s_server -HTTP" on a free loopback port, serving files of the
 * test directory that each hold a whole HTTP response, so a test can
 * choose the status line and headers.  No test reaches another host.
 */
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "fetch.h"
#include "testutil.h"

/* Seconds to wait for s_server to listen. */
#define SERVER_START_SECONDS	10
#define MAX_BODY		((size_t)1 << 20)

static const char openssl_cnf[] =
    "[req]\n"
    "distinguished_name = dn\n"
    "prompt = no\n"
    "[dn]\n"
    "CN = assay test CA\n"
    "[v3_ca]\n"
    "basicConstraints = critical,CA:TRUE\n"
    "keyUsage = critical,keyCertSign,cRLSign\n"
    "subjectKeyIdentifier = hash\n"
    "[v3_srv]\n"
    "basicConstraints = critical,CA:FALSE\n"
    "keyUsage = critical,digitalSignature\n"
    "extendedKeyUsage = serverAuth\n"
    "subjectAltName = IP:127.0.0.1,DNS:localhost\n"
    "subjectKeyIdentifier = hash\n"
    "authorityKeyIdentifier = keyid\n";

/* Files suite init makes in pki_dir, all removed by suite cleanup. */
static const char *const pki_files[] = {
	"openssl.cnf", "ca.key", "ca.pem", "server.key", "server.csr",
	"server.pem", "openssl.log", NULL
};

static char pki_dir[PATH_MAX];
static char ca_pem[PATH_MAX];
static char server_pem[PATH_MAX];
static char server_key[PATH_MAX];
static pid_t server_pid = -1;
static unsigned server_port;
static int held_fd = -1;	/* a socket a test keeps bound */

static int
pki_path(char *dst, const char *name)
{
	int n;

	n = snprintf(dst, PATH_MAX, "%s/%s", pki_dir, name);
	return n < 0 || n >= PATH_MAX ? -1 : 0;
}

static int
suite_init(void)
{
	static const char *const proxies[] = { "https_proxy", "HTTPS_PROXY",
	    "all_proxy", "ALL_PROXY", NULL };
	char cnf[PATH_MAX], cakey[PATH_MAX], csr[PATH_MAX], log[PATH_MAX];
	const char *tmp;
	size_t i;
	int n;

	/* libcurl honours these; the tests must reach 127.0.0.1 directly. */
	for (i = 0; proxies[i] != NULL; i++)
		(void)unsetenv(proxies[i]);

	tmp = getenv("TMPDIR");
	if (tmp == NULL || tmp[0] == '\0')
		tmp = "/tmp";
	n = snprintf(pki_dir, sizeof(pki_dir), "%s/assay-pki-XXXXXX", tmp);
	if (n < 0 || (size_t)n >= sizeof(pki_dir) || mkdtemp(pki_dir) == NULL) {
		pki_dir[0] = '\0';
		return -1;
	}
	if (pki_path(cnf, "openssl.cnf") == -1 ||
	    pki_path(cakey, "ca.key") == -1 ||
	    pki_path(ca_pem, "ca.pem") == -1 ||
	    pki_path(server_key, "server.key") == -1 ||
	    pki_path(csr, "server.csr") == -1 ||
	    pki_path(server_pem, "server.pem") == -1 ||
	    pki_path(log, "openssl.log") == -1)
		return -1;
	if (assay_test_write_file(cnf, openssl_cnf, sizeof(openssl_cnf) - 1) ==
	    -1)
		return -1;
	{
		const char *const ca[] = { "openssl", "req", "-config", cnf,
		    "-x509", "-newkey", "ec", "-pkeyopt",
		    "ec_paramgen_curve:P-256", "-nodes", "-keyout", cakey,
		    "-out", ca_pem, "-days", "2", "-extensions", "v3_ca",
		    "-subj", "/CN=assay test CA", NULL };
		const char *const req[] = { "openssl", "req", "-config", cnf,
		    "-new", "-newkey", "ec", "-pkeyopt",
		    "ec_paramgen_curve:P-256", "-nodes", "-keyout",
		    server_key, "-out", csr, "-subj", "/CN=localhost", NULL };
		const char *const sign[] = { "openssl", "x509", "-req", "-in",
		    csr, "-CA", ca_pem, "-CAkey", cakey, "-set_serial", "2",
		    "-days", "2", "-extfile", cnf, "-extensions", "v3_srv",
		    "-out", server_pem, NULL };

		if (assay_test_run_tool(ca, pki_dir, log) != 0 ||
		    assay_test_run_tool(req, pki_dir, log) != 0 ||
		    assay_test_run_tool(sign, pki_dir, log) != 0) {
			fprintf(stderr, "openssl could not make the test "
			    "certificates; see %s\n", log);
			return -1;
		}
	}
	return 0;
}

static int
suite_cleanup(void)
{
	char p[PATH_MAX];
	size_t i;

	if (pki_dir[0] == '\0')
		return 0;
	for (i = 0; pki_files[i] != NULL; i++)
		if (pki_path(p, pki_files[i]) == 0)
			(void)unlink(p);
	(void)rmdir(pki_dir);
	pki_dir[0] = '\0';
	return 0;
}

static void
stop_server(void)
{
	assay_test_stop(server_pid);
	server_pid = -1;
}

/* Starts s_server on the test directory's www/; 0 or -1. */
static int
start_server(void)
{
	struct timespec tick = { 0, 20 * 1000 * 1000 };
	char accept_arg[32], www[PATH_MAX], log[PATH_MAX];
	int fd, i, n;

	if ((fd = assay_test_loopback_socket(&server_port, 0)) == -1)
		return -1;
	/* Freed for s_server; nothing else on the box races for it. */
	close(fd);
	n = snprintf(accept_arg, sizeof(accept_arg), "127.0.0.1:%u",
	    server_port);
	if (n < 0 || (size_t)n >= sizeof(accept_arg))
		return -1;
	if (snprintf(www, sizeof(www), "%s", assay_test_path("www")) < 0 ||
	    snprintf(log, sizeof(log), "%s",
	    assay_test_path("s_server.log")) < 0)
		return -1;
	{
		const char *const argv[] = { "openssl", "s_server", "-HTTP",
		    "-accept", accept_arg, "-cert", server_pem, "-key",
		    server_key, NULL };

		if ((server_pid = assay_test_spawn(argv, www, log)) == -1)
			return -1;
	}
	for (i = 0; i < SERVER_START_SECONDS * 50; i++) {
		if (assay_test_port_accepts(server_port))
			return 0;
		if (waitpid(server_pid, NULL, WNOHANG) == server_pid) {
			server_pid = -1;
			break;
		}
		nanosleep(&tick, NULL);
	}
	fprintf(stderr, "s_server did not start; see %s\n", log);
	stop_server();
	return -1;
}

static void
setup(void)
{
	assay_test_setup();
	ASSAY_CHECKF(mkdir(assay_test_path("www"), 0755) == 0, "mkdir www: %s",
	    strerror(errno));
}

static void
teardown(void)
{
	stop_server();
	if (held_fd != -1) {
		close(held_fd);
		held_fd = -1;
	}
	assay_test_teardown();
}

/* Serves name as exactly the bytes of response. */
static void
serve(const char *name, const char *response)
{
	char rel[256];
	int n;

	n = snprintf(rel, sizeof(rel), "www/%s", name);
	CU_ASSERT_FATAL(n > 0 && (size_t)n < sizeof(rel));
	CU_ASSERT_EQUAL_FATAL(assay_test_write_file(assay_test_path(rel),
	    response, strlen(response)), 0);
}

/* A 200 answer with body, with or without a Content-Length. */
static void
serve_ok(const char *name, const char *body, bool with_length)
{
	char resp[8192];
	int n;

	if (with_length)
		n = snprintf(resp, sizeof(resp), "HTTP/1.1 200 OK\r\n"
		    "Content-Length: %zu\r\nConnection: close\r\n\r\n%s",
		    strlen(body), body);
	else
		n = snprintf(resp, sizeof(resp), "HTTP/1.0 200 OK\r\n"
		    "Content-Type: text/plain\r\n\r\n%s", body);
	CU_ASSERT_FATAL(n > 0 && (size_t)n < sizeof(resp));
	serve(name, resp);
}

static const char *
url_on(unsigned port, const char *name)
{
	static char url[256];
	int n;

	n = snprintf(url, sizeof(url), "https://127.0.0.1:%u/%s", port, name);
	CU_ASSERT_FATAL(n > 0 && (size_t)n < sizeof(url));
	return url;
}

static void
base_opts(struct assay_fetch_opts *o)
{
	assay_fetch_opts_init(o);
	o->online = true;
	o->ca_file = ca_pem;
	o->timeout_seconds = 5;
	o->retries = 0;
	o->now = (int64_t)time(NULL);
}

static double
seconds_since(const struct timespec *t0)
{
	struct timespec t1;

	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (double)(t1.tv_sec - t0->tv_sec) +
	    (double)(t1.tv_nsec - t0->tv_nsec) / 1e9;
}

/* Path of the cache file for url under dir (a static buffer). */
static const char *
cache_file(const char *dir, const char *url)
{
	static char p[PATH_MAX];
	char hex[65];
	int n;

	assay_test_sha256_hex(url, strlen(url), hex);
	n = snprintf(p, sizeof(p), "%s/%s", dir, hex);
	CU_ASSERT_FATAL(n > 0 && (size_t)n < sizeof(p));
	return p;
}

/* Sets a file's modification time to when (seconds since the epoch). */
static void
set_mtime(const char *path, int64_t when)
{
	struct timespec ts[2];

	ts[0].tv_sec = (time_t)when;
	ts[0].tv_nsec = 0;
	ts[1] = ts[0];
	ASSAY_CHECKF(utimensat(AT_FDCWD, path, ts, 0) == 0, "utimensat %s: %s",
	    path, strerror(errno));
}

static void
test_fetch_ok(void)
{
	struct assay_fetch_opts o;
	struct assay_error err = { ASSAY_OK, "" };
	unsigned char *data = NULL;
	const char *url;
	size_t len = 0;
	bool cached = true;
	enum assay_err r;

	serve_ok("hello", "hello, assay\n", false);
	serve_ok("sized", "with a length\n", true);
	CU_ASSERT_EQUAL_FATAL(start_server(), 0);
	base_opts(&o);
	url = url_on(server_port, "hello");
	r = assay_fetch(&o, url, MAX_BODY, &data, &len, &cached, &err);
	ASSAY_CHECKF(r == ASSAY_OK, "%s: %s", assay_strerror(r), err.msg);
	CU_ASSERT_PTR_NOT_NULL_FATAL(data);
	CU_ASSERT_EQUAL(len, 13);
	CU_ASSERT_EQUAL(memcmp(data, "hello, assay\n", 13), 0);
	CU_ASSERT_EQUAL(data[len], '\0');
	CU_ASSERT_FALSE(cached);
	free(data);
	data = NULL;
	/* HTTP/1.1 with a Content-Length, and no err to report into. */
	r = assay_fetch(&o, url_on(server_port, "sized"), MAX_BODY, &data,
	    &len, &cached, NULL);
	CU_ASSERT_EQUAL(r, ASSAY_OK);
	CU_ASSERT_EQUAL(len, 14);
	CU_ASSERT(data != NULL && strcmp((char *)data, "with a length\n") == 0);
	free(data);
}

static void
test_fetch_untrusted(void)
{
	struct assay_fetch_opts o;
	struct assay_error err = { ASSAY_OK, "" };
	struct timespec t0;
	unsigned char *data = NULL;
	const char *url;
	size_t len = 0;
	bool cached = false;
	double took;
	enum assay_err r;

	serve_ok("hello", "hello\n", false);
	CU_ASSERT_EQUAL_FATAL(start_server(), 0);
	url = url_on(server_port, "hello");
	/*
	 * The system store does not know our CA: verification must fail,
	 * and at once, since retrying cannot make the server trusted.
	 */
	base_opts(&o);
	o.ca_file = NULL;
	o.retries = 2;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	r = assay_fetch(&o, url, MAX_BODY, &data, &len, &cached, &err);
	took = seconds_since(&t0);
	ASSAY_CHECKF(took < 0.9, "took %.2f s", took);
	CU_ASSERT_EQUAL(r, ASSAY_ERR_NET);
	CU_ASSERT_EQUAL(err.code, ASSAY_ERR_NET);
	CU_ASSERT_PTR_NULL(data);
	CU_ASSERT_EQUAL(len, 0);
	ASSAY_CHECKF(strstr(err.msg, "certificate") != NULL &&
	    strstr(err.msg, "TLS") != NULL, "%s", err.msg);
	ASSAY_CHECKF(strstr(err.msg, url) != NULL, "%s", err.msg);
	/* A CA file that is not there says so. */
	o.ca_file = assay_test_path("no-such-ca.pem");
	r = assay_fetch(&o, url, MAX_BODY, &data, &len, &cached, &err);
	CU_ASSERT_EQUAL(r, ASSAY_ERR_NET);
	ASSAY_CHECKF(strstr(err.msg, "no-such-ca.pem") != NULL, "%s", err.msg);
	CU_ASSERT_PTR_NULL(data);
}

static void
test_fetch_limit(void)
{
	static const struct {
		const char *name;
		size_t max;
		enum assay_err want;
	} rows[] = {
		{ "streamed", 100, ASSAY_ERR_LIMIT },
		{ "streamed", 4095, ASSAY_ERR_LIMIT },
		{ "streamed", 4096, ASSAY_OK },
		{ "sized", 100, ASSAY_ERR_LIMIT },
		{ "sized", 4095, ASSAY_ERR_LIMIT },
		{ "sized", 4096, ASSAY_OK },
	};
	struct assay_fetch_opts o;
	struct assay_error err;
	unsigned char *data;
	char body[4097], want[64];
	size_t len, i;
	bool cached;
	enum assay_err r;

	memset(body, 'b', sizeof(body) - 1);
	body[sizeof(body) - 1] = '\0';
	serve_ok("streamed", body, false);
	serve_ok("sized", body, true);
	CU_ASSERT_EQUAL_FATAL(start_server(), 0);
	base_opts(&o);
	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		data = NULL;
		len = 0;
		memset(&err, 0, sizeof(err));
		r = assay_fetch(&o, url_on(server_port, rows[i].name),
		    rows[i].max, &data, &len, &cached, &err);
		ASSAY_CHECKF(r == rows[i].want, "%s max %zu: %s (%s)",
		    rows[i].name, rows[i].max, assay_strerror(r), err.msg);
		/* CUnit's macros are blocks, hence the braces. */
		if (r == ASSAY_OK) {
			CU_ASSERT_EQUAL(len, 4096);
		} else {
			CU_ASSERT_PTR_NULL(data);
			(void)snprintf(want, sizeof(want), "%zu bytes",
			    rows[i].max);
			ASSAY_CHECKF(strstr(err.msg, want) != NULL, "%s",
			    err.msg);
		}
		free(data);
	}
}

static void
test_fetch_cache_without_server(void)
{
	const char *allowed[2];
	struct assay_fetch_opts o;
	struct assay_error err = { ASSAY_OK, "" };
	unsigned char *data = NULL;
	char cache[PATH_MAX], url[256], hex[65], *stored;
	size_t len = 0;
	bool cached = true;
	enum assay_err r;

	serve_ok("data.json", "{\"v\": 1}\n", false);
	CU_ASSERT_EQUAL_FATAL(start_server(), 0);
	(void)snprintf(url, sizeof(url), "%s", url_on(server_port,
	    "data.json"));
	/* The cache folder does not exist yet: fetch makes it. */
	(void)snprintf(cache, sizeof(cache), "%s",
	    assay_test_path("cache/assay"));
	base_opts(&o);
	o.cache_dir = cache;
	r = assay_fetch(&o, url, MAX_BODY, &data, &len, &cached, &err);
	ASSAY_CHECKF(r == ASSAY_OK, "%s", err.msg);
	CU_ASSERT_FALSE(cached);
	free(data);
	data = NULL;
	/* Stored under the URL's hash, and no temporary file left over. */
	stored = assay_test_read_file(cache_file(cache, url), &len);
	CU_ASSERT(stored != NULL && strcmp(stored, "{\"v\": 1}\n") == 0);
	free(stored);
	assay_test_sha256_hex(url, strlen(url), hex);
	allowed[0] = hex;
	allowed[1] = NULL;
	CU_ASSERT(assay_test_dir_only(cache, allowed));

	stop_server();
	cached = false;
	r = assay_fetch(&o, url, MAX_BODY, &data, &len, &cached, &err);
	ASSAY_CHECKF(r == ASSAY_OK, "%s", err.msg);
	CU_ASSERT_TRUE(cached);
	CU_ASSERT_EQUAL(len, 9);
	CU_ASSERT(data != NULL && strcmp((char *)data, "{\"v\": 1}\n") == 0);
	free(data);
	data = NULL;
	/* An entry bigger than the caller's max is no answer. */
	r = assay_fetch(&o, url, 4, &data, &len, &cached, &err);
	CU_ASSERT_EQUAL(r, ASSAY_ERR_NET);
	CU_ASSERT_PTR_NULL(data);
}

static void
test_fetch_stale_cache(void)
{
	struct assay_fetch_opts o;
	struct assay_error err = { ASSAY_OK, "" };
	unsigned char *data = NULL;
	char cache[PATH_MAX], url[256], gone[256], path[PATH_MAX];
	char *stored;
	struct stat st;
	size_t len = 0;
	bool cached = false;
	enum assay_err r;

	serve_ok("list", "fresh\n", false);
	serve("gone", "HTTP/1.0 404 Not Found\r\n\r\nno\n");
	CU_ASSERT_EQUAL_FATAL(start_server(), 0);
	(void)snprintf(url, sizeof(url), "%s", url_on(server_port, "list"));
	(void)snprintf(gone, sizeof(gone), "%s", url_on(server_port, "gone"));
	(void)snprintf(cache, sizeof(cache), "%s", assay_test_path("cache"));
	CU_ASSERT_EQUAL_FATAL(mkdir(cache, 0700), 0);
	base_opts(&o);
	o.cache_dir = cache;
	o.cache_ttl_seconds = 60;

	/* A young entry answers without asking: the server has other news. */
	(void)snprintf(path, sizeof(path), "%s", cache_file(cache, url));
	CU_ASSERT_EQUAL_FATAL(assay_test_write_file(path, "cached\n", 7), 0);
	set_mtime(path, o.now - 30);
	r = assay_fetch(&o, url, MAX_BODY, &data, &len, &cached, &err);
	ASSAY_CHECKF(r == ASSAY_OK, "%s", err.msg);
	CU_ASSERT_TRUE(cached);
	CU_ASSERT(data != NULL && strcmp((char *)data, "cached\n") == 0);
	free(data);
	data = NULL;

	/* An old one is not used while the server answers, and is renewed. */
	set_mtime(path, o.now - 3600);
	r = assay_fetch(&o, url, MAX_BODY, &data, &len, &cached, &err);
	ASSAY_CHECKF(r == ASSAY_OK, "%s", err.msg);
	CU_ASSERT_FALSE(cached);
	CU_ASSERT(data != NULL && strcmp((char *)data, "fresh\n") == 0);
	free(data);
	data = NULL;
	stored = assay_test_read_file(path, NULL);
	CU_ASSERT(stored != NULL && strcmp(stored, "fresh\n") == 0);
	free(stored);
	CU_ASSERT(stat(path, &st) == 0 && (int64_t)st.st_mtime == o.now);

	/* A refusal by the server is an answer: no stale copy stands in. */
	CU_ASSERT_EQUAL(assay_test_write_file(cache_file(cache, gone),
	    "old\n", 4), 0);
	set_mtime(cache_file(cache, gone), o.now - 3600);
	r = assay_fetch(&o, gone, MAX_BODY, &data, &len, &cached, &err);
	CU_ASSERT_EQUAL(r, ASSAY_ERR_NET);
	ASSAY_CHECKF(strstr(err.msg, "404") != NULL, "%s", err.msg);
	CU_ASSERT_PTR_NULL(data);

	/* With the server gone, the old entry is better than nothing. */
	set_mtime(path, o.now - 3600);
	stop_server();
	r = assay_fetch(&o, url, MAX_BODY, &data, &len, &cached, &err);
	ASSAY_CHECKF(r == ASSAY_OK, "%s", err.msg);
	CU_ASSERT_TRUE(cached);
	CU_ASSERT(data != NULL && strcmp((char *)data, "fresh\n") == 0);
	free(data);
	data = NULL;

	/* A TTL of zero makes every entry old. */
	o.cache_ttl_seconds = 0;
	set_mtime(path, o.now);
	r = assay_fetch(&o, url, MAX_BODY, &data, &len, &cached, &err);
	ASSAY_CHECKF(r == ASSAY_OK, "%s", err.msg);
	CU_ASSERT_TRUE(cached);
	free(data);
}

static void
test_fetch_schemes(void)
{
	static const char *const urls[] = {
		"http://127.0.0.1:1/x",
		"file:///etc/passwd",
		"ftp://127.0.0.1/x",
		"gopher://127.0.0.1/x",
		"127.0.0.1/x",
		"",
		"https://",
		"https://:443/no-host",
		"data:text/plain,hello",
	};
	struct assay_fetch_opts o;
	struct assay_error err;
	unsigned char *data;
	size_t i, len;
	bool cached;
	enum assay_err r;

	base_opts(&o);
	for (i = 0; i < sizeof(urls) / sizeof(urls[0]); i++) {
		data = NULL;
		memset(&err, 0, sizeof(err));
		r = assay_fetch(&o, urls[i], MAX_BODY, &data, &len, &cached,
		    &err);
		ASSAY_CHECKF(r == ASSAY_ERR_USAGE, "\"%s\": %s", urls[i],
		    assay_strerror(r));
		ASSAY_CHECKF(strstr(err.msg, "https") != NULL, "\"%s\": %s",
		    urls[i], err.msg);
		CU_ASSERT_PTR_NULL(data);
		free(data);
	}
	/* Refused before the offline test, and without an err too. */
	o.online = false;
	CU_ASSERT_EQUAL(assay_fetch(&o, "http://127.0.0.1/", MAX_BODY, &data,
	    &len, &cached, NULL), ASSAY_ERR_USAGE);
	CU_ASSERT_EQUAL(assay_fetch(&o, NULL, MAX_BODY, &data, &len, &cached,
	    NULL), ASSAY_ERR_USAGE);
}

static void
test_fetch_offline(void)
{
	struct assay_fetch_opts o;
	struct assay_error err = { ASSAY_OK, "" };
	unsigned char *data = NULL;
	char cache[PATH_MAX];
	const char *url = "https://127.0.0.1:1/feed.json";
	size_t len = 5;
	bool cached = true;
	enum assay_err r;

	/* Even a fresh cache entry does not answer: offline means none. */
	(void)snprintf(cache, sizeof(cache), "%s", assay_test_path("cache"));
	CU_ASSERT_EQUAL_FATAL(mkdir(cache, 0700), 0);
	CU_ASSERT_EQUAL(assay_test_write_file(cache_file(cache, url), "x", 1),
	    0);
	assay_fetch_opts_init(&o);
	o.cache_dir = cache;
	r = assay_fetch(&o, url, MAX_BODY, &data, &len, &cached, &err);
	CU_ASSERT_EQUAL(r, ASSAY_ERR_OFFLINE);
	CU_ASSERT_EQUAL(err.code, ASSAY_ERR_OFFLINE);
	ASSAY_CHECKF(strstr(err.msg, "--online") != NULL &&
	    strstr(err.msg, url) != NULL, "%s", err.msg);
	CU_ASSERT_PTR_NULL(data);
	CU_ASSERT_EQUAL(len, 0);
	CU_ASSERT_FALSE(cached);
}

static void
test_fetch_closed_port(void)
{
	struct assay_fetch_opts o;
	struct assay_error err = { ASSAY_OK, "" };
	struct timespec t0;
	unsigned char *data = NULL;
	unsigned port;
	size_t len;
	bool cached;
	double took;
	enum assay_err r;

	/* Bound but not listening: connections are refused at once. */
	CU_ASSERT_FATAL((held_fd = assay_test_loopback_socket(&port, 0)) !=
	    -1);
	base_opts(&o);
	o.timeout_seconds = 2;
	o.retries = 1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	r = assay_fetch(&o, url_on(port, "x"), MAX_BODY, &data, &len, &cached,
	    &err);
	took = seconds_since(&t0);
	CU_ASSERT_EQUAL(r, ASSAY_ERR_NET);
	CU_ASSERT_PTR_NULL(data);
	ASSAY_CHECKF(strstr(err.msg, "2 attempts") != NULL, "%s", err.msg);
	/* One pause of a second between the two attempts, and no more. */
	ASSAY_CHECKF(took >= 0.9 && took < 10, "took %.2f s", took);
}

static void
test_fetch_timeout(void)
{
	struct assay_fetch_opts o;
	struct assay_error err = { ASSAY_OK, "" };
	struct timespec t0;
	unsigned char *data = NULL;
	unsigned port;
	size_t len;
	bool cached;
	double took;
	enum assay_err r;

	/* Listening but never accepting: the TLS handshake never ends. */
	CU_ASSERT_FATAL((held_fd = assay_test_loopback_socket(&port, 4)) !=
	    -1);
	base_opts(&o);
	o.timeout_seconds = 1;
	o.retries = 1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	r = assay_fetch(&o, url_on(port, "x"), MAX_BODY, &data, &len, &cached,
	    &err);
	took = seconds_since(&t0);
	CU_ASSERT_EQUAL(r, ASSAY_ERR_NET);
	CU_ASSERT_PTR_NULL(data);
	ASSAY_CHECKF(strstr(err.msg, "2 attempts") != NULL, "%s", err.msg);
	/* Two timeouts of a second and a pause between them. */
	ASSAY_CHECKF(took >= 2.5 && took < 10, "took %.2f s", took);
}

static void
test_fetch_retry_status(void)
{
	static const struct {
		const char *name;
		const char *response;
		unsigned retries;
		const char *code;
		double least, most;	/* seconds the retries take */
	} rows[] = {
		/* Retry-After beats the first pause of one second. */
		{ "busy", "HTTP/1.0 503 Service Unavailable\r\n"
		    "Retry-After: 2\r\n\r\nbusy\n", 1, "503", 1.9, 8 },
		{ "slow", "HTTP/1.0 429 Too Many Requests\r\n\r\n", 1, "429",
		    0.9, 8 },
		{ "broken", "HTTP/1.0 500 Internal Server Error\r\n\r\n", 2,
		    "500", 2.9, 10 },
		/* A client error is final: no retry, no pause. */
		{ "missing", "HTTP/1.0 404 Not Found\r\n\r\n", 3, "404", 0,
		    0.9 },
		{ "denied", "HTTP/1.0 403 Forbidden\r\n\r\n", 3, "403", 0,
		    0.9 },
	};
	struct assay_fetch_opts o;
	struct assay_error err;
	struct timespec t0;
	unsigned char *data;
	size_t len, i;
	bool cached;
	double took;
	enum assay_err r;

	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++)
		serve(rows[i].name, rows[i].response);
	CU_ASSERT_EQUAL_FATAL(start_server(), 0);
	base_opts(&o);
	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		data = NULL;
		memset(&err, 0, sizeof(err));
		o.retries = rows[i].retries;
		clock_gettime(CLOCK_MONOTONIC, &t0);
		r = assay_fetch(&o, url_on(server_port, rows[i].name),
		    MAX_BODY, &data, &len, &cached, &err);
		took = seconds_since(&t0);
		ASSAY_CHECKF(r == ASSAY_ERR_NET, "%s: %s", rows[i].name,
		    assay_strerror(r));
		ASSAY_CHECKF(strstr(err.msg, rows[i].code) != NULL, "%s: %s",
		    rows[i].name, err.msg);
		ASSAY_CHECKF(took >= rows[i].least && took < rows[i].most,
		    "%s: took %.2f s", rows[i].name, took);
		CU_ASSERT_PTR_NULL(data);
		free(data);
	}
}

static void
test_fetch_redirects(void)
{
	struct assay_fetch_opts o;
	struct assay_error err = { ASSAY_OK, "" };
	unsigned char *data = NULL;
	char resp[512];
	size_t len = 0;
	bool cached;
	enum assay_err r;

	serve_ok("target", "arrived\n", false);
	serve("moved", "HTTP/1.0 302 Found\r\nLocation: /target\r\n"
	    "Content-Length: 0\r\n\r\n");
	serve("loop", "HTTP/1.0 302 Found\r\nLocation: /loop\r\n"
	    "Content-Length: 0\r\n\r\n");
	CU_ASSERT_EQUAL_FATAL(start_server(), 0);
	(void)snprintf(resp, sizeof(resp), "HTTP/1.0 301 Moved\r\n"
	    "Location: http://127.0.0.1:%u/target\r\nContent-Length: 0\r\n\r\n",
	    server_port);
	serve("downgrade", resp);
	base_opts(&o);

	r = assay_fetch(&o, url_on(server_port, "moved"), MAX_BODY, &data,
	    &len, &cached, &err);
	ASSAY_CHECKF(r == ASSAY_OK, "%s", err.msg);
	CU_ASSERT(data != NULL && strcmp((char *)data, "arrived\n") == 0);
	free(data);
	data = NULL;

	r = assay_fetch(&o, url_on(server_port, "downgrade"), MAX_BODY, &data,
	    &len, &cached, &err);
	CU_ASSERT_EQUAL(r, ASSAY_ERR_NET);
	ASSAY_CHECKF(strstr(err.msg, "not https") != NULL, "%s", err.msg);
	CU_ASSERT_PTR_NULL(data);

	r = assay_fetch(&o, url_on(server_port, "loop"), MAX_BODY, &data,
	    &len, &cached, &err);
	CU_ASSERT_EQUAL(r, ASSAY_ERR_NET);
	ASSAY_CHECKF(strstr(err.msg, "redirects") != NULL, "%s", err.msg);
	CU_ASSERT_PTR_NULL(data);
}

static void
test_fetch_defaults(void)
{
	static const char *const names[] = { "XDG_CACHE_HOME", "HOME" };
	char *saved[2] = { NULL, NULL };
	struct assay_fetch_opts o;
	const char *v;
	char *dir;
	size_t i;

	assay_fetch_opts_init(&o);
	CU_ASSERT_FALSE(o.online);
	CU_ASSERT_PTR_NULL(o.cache_dir);
	CU_ASSERT_PTR_NULL(o.ca_file);
	CU_ASSERT_EQUAL(o.timeout_seconds, 30);
	CU_ASSERT_EQUAL(o.retries, 2);
	CU_ASSERT_EQUAL(o.cache_ttl_seconds, 24 * 60 * 60);
	CU_ASSERT(o.now > 1700000000);

	for (i = 0; i < 2; i++)
		if ((v = getenv(names[i])) != NULL)
			saved[i] = strdup(v);
	setenv("XDG_CACHE_HOME", "/x/cache", 1);
	setenv("HOME", "/home/tester", 1);
	dir = assay_fetch_default_cache_dir();
	CU_ASSERT(dir != NULL && strcmp(dir, "/x/cache/assay") == 0);
	free(dir);
	/* A relative XDG_CACHE_HOME is ignored, as the spec says. */
	setenv("XDG_CACHE_HOME", "relative", 1);
	dir = assay_fetch_default_cache_dir();
	CU_ASSERT(dir != NULL && strcmp(dir, "/home/tester/.cache/assay") ==
	    0);
	free(dir);
	unsetenv("XDG_CACHE_HOME");
	unsetenv("HOME");
	CU_ASSERT_PTR_NULL(assay_fetch_default_cache_dir());
	for (i = 0; i < 2; i++) {
		if (saved[i] != NULL)
			setenv(names[i], saved[i], 1);
		free(saved[i]);
	}
}

static CU_TestInfo tests[] = {
	{ "fetch with a CA file", test_fetch_ok },
	{ "untrusted certificate", test_fetch_untrusted },
	{ "answer larger than max", test_fetch_limit },
	{ "cache answers without server", test_fetch_cache_without_server },
	{ "stale cache only when network fails", test_fetch_stale_cache },
	{ "only https", test_fetch_schemes },
	{ "offline", test_fetch_offline },
	{ "closed port gives up", test_fetch_closed_port },
	{ "timeout gives up", test_fetch_timeout },
	{ "retries on 5xx and 429 only", test_fetch_retry_status },
	{ "redirects", test_fetch_redirects },
	{ "defaults", test_fetch_defaults },
	CU_TEST_INFO_NULL
};

static CU_SuiteInfo suites[] = {
	{ "fetch", suite_init, suite_cleanup, setup, teardown, tests },
	CU_SUITE_INFO_NULL
};

int
main(void)
{
	return assay_test_run(suites);
}
