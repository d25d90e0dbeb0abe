/*
 * End-to-end tests of the update probe's configuration rules and
 * endpoints: the real assay binary scans a root filesystem tar.gz built
 * here, and findings.json must name the channel, file, line, attack and
 * fix.  The --online check runs against "openssl s_server -HTTP" on
 * 127.0.0.1 with a throw-away CA: a valid certificate, an expired one and a
 * certificate for another host name and a redirect to http.  Nothing
 * reaches beyond the loopback interface.
 */
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <archive.h>

#include "testutil.h"

#define SERVER_START_SECONDS	10

static char pki[PATH_MAX];

static const char *
jstr(const json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

static bool
contains(const char *s, const char *part)
{
	return s != NULL && strstr(s, part) != NULL;
}

/* The first finding of rule whose path ends in suffix; NULL when none. */
static json_t *
finding(json_t *findings, const char *rule, const char *suffix)
{
	const char *path;
	json_t *f;
	size_t i, n = strlen(suffix), m;

	json_array_foreach(findings, i, f) {
		path = jstr(json_object_get(f, "location"), "path");
		if (strcmp(jstr(f, "rule"), rule) != 0 || path == NULL)
			continue;
		m = strlen(path);
		if (m >= n && strcmp(path + m - n, suffix) == 0)
			return f;
	}
	return NULL;
}

static long long
line_of(const json_t *f)
{
	return json_integer_value(json_object_get(json_object_get(f,
	    "location"), "line"));
}

static const char *
ev(const json_t *f, const char *key)
{
	return jstr(json_object_get(f, "evidence"), key);
}

static const char openssl_cnf[] =
    "[req]\ndistinguished_name = dn\nprompt = no\n[dn]\nCN = test\n"
    "[v3_ca]\nbasicConstraints = critical,CA:TRUE\n"
    "keyUsage = critical,keyCertSign,cRLSign\n"
    "[v3_srv]\nbasicConstraints = critical,CA:FALSE\n"
    "keyUsage = critical,digitalSignature\nextendedKeyUsage = serverAuth\n"
    "subjectAltName = IP:127.0.0.1,DNS:localhost\n"
    "[v3_other]\nbasicConstraints = critical,CA:FALSE\n"
    "keyUsage = critical,digitalSignature\nextendedKeyUsage = serverAuth\n"
    "subjectAltName = DNS:other.example\n";

static char *
pki_file(const char *name)
{
	static char p[8][PATH_MAX];
	static unsigned k;
	char *s = p[k++ % 8];

	if (snprintf(s, PATH_MAX, "%s/%s", pki, name) >= PATH_MAX)
		s[0] = '\0';
	return s;
}

/*
 * A CA, a server certificate valid for two days, an expired one and one
 * for another host name.
 */
static int
suite_init(void)
{
	static const char *const proxies[] = { "https_proxy", "HTTPS_PROXY",
	    "http_proxy", "HTTP_PROXY", "all_proxy", "ALL_PROXY", NULL };
	const char *tmp = getenv("TMPDIR");
	char *log;
	size_t i;

	for (i = 0; proxies[i] != NULL; i++)
		(void)unsetenv(proxies[i]);
	(void)snprintf(pki, sizeof(pki), "%s/assay-upd-XXXXXX",
	    tmp != NULL && tmp[0] != '\0' ? tmp : "/tmp");
	if (mkdtemp(pki) == NULL)
		return -1;
	if (assay_test_write_file(pki_file("openssl.cnf"), openssl_cnf,
	    sizeof(openssl_cnf) - 1) == -1)
		return -1;
	log = strdup(pki_file("openssl.log"));
	{
		const char *const ca[] = { "openssl", "req", "-config", "openssl.cnf",
		    "-x509", "-newkey", "ec", "-pkeyopt",
		    "ec_paramgen_curve:P-256", "-nodes", "-keyout", "ca.key",
		    "-out", "ca.pem", "-days", "2", "-extensions", "v3_ca",
		    NULL };
		const char *const req[] = { "openssl", "req", "-config", "openssl.cnf",
		    "-new", "-newkey", "ec", "-pkeyopt",
		    "ec_paramgen_curve:P-256", "-nodes", "-keyout", "srv.key",
		    "-out", "srv.csr", NULL };
		const char *const good[] = { "openssl", "x509", "-req", "-in", "srv.csr",
		    "-CA", "ca.pem", "-CAkey", "ca.key", "-set_serial", "2",
		    "-days", "2", "-extfile", "openssl.cnf", "-extensions",
		    "v3_srv", "-out", "good.pem", NULL };
		/* -days -1: notAfter lies before now. */
		const char *const old[] = { "openssl", "x509", "-req", "-in", "srv.csr",
		    "-CA", "ca.pem", "-CAkey", "ca.key", "-set_serial", "3",
		    "-days", "-1", "-extfile", "openssl.cnf", "-extensions",
		    "v3_srv", "-out", "expired.pem", NULL };
		const char *const other[] = { "openssl", "x509", "-req", "-in",
		    "srv.csr", "-CA", "ca.pem", "-CAkey", "ca.key",
		    "-set_serial", "4", "-days", "2", "-extfile",
		    "openssl.cnf", "-extensions", "v3_other", "-out",
		    "other.pem", NULL };

		if (log == NULL || assay_test_run_tool(ca, pki, log) != 0 ||
		    assay_test_run_tool(req, pki, log) != 0 ||
		    assay_test_run_tool(good, pki, log) != 0 ||
		    assay_test_run_tool(old, pki, log) != 0 ||
		    assay_test_run_tool(other, pki, log) != 0) {
			fprintf(stderr, "openssl failed; see %s\n", log);
			free(log);
			return -1;
		}
	}
	free(log);
	return 0;
}

static int
suite_cleanup(void)
{
	static const char *const files[] = { "openssl.cnf", "openssl.log",
	    "ca.key", "ca.pem", "srv.key", "srv.csr", "good.pem",
	    "expired.pem", "other.pem", NULL };
	size_t i;

	for (i = 0; files[i] != NULL; i++)
		(void)unlink(pki_file(files[i]));
	(void)rmdir(pki);
	return 0;
}

/* ---- a root filesystem -------------------------------------------------- */

static const char sources_list[] =
    "# vendor repository\n"
    "deb [trusted=yes] http://apt.example.com/debian stable main\n"
    "deb [signed-by=/usr/share/keyrings/v.gpg] https://apt.example.com/x "
    "stable main\n";
static const char yum_repo[] =
    "[vendor]\nname=Vendor\nbaseurl=https://rpm.example.com/el9/\n"
    "gpgcheck=0\n";
static const char mender_conf[] =
    "{\n  \"ServerURL\": \"https://mender.example.com\",\n"
    "  \"SkipVerify\": true,\n  \"ArtifactVerifyKey\": \n";
static const char cron_job[] =
    "#!/bin/sh\n# nightly update\n"
    "curl -fsSk -o /tmp/fw.bin https://u:secret@updates.example.com/fw.bin\n";
static const unsigned char agent[] =
    "\177ELF\2\1\1\0\0\0\0\0\0\0\0\0\2\0\76\0\1\0\0\0\0\0\0\0\0\0\0\0"
    "\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0"
    "http://updates.example.com/firmware/latest.bin\0"
    "https://www.example.com/help\0"
    "https://ota.example.com/v1/check\0";

static void
test_rootfs(void)
{
	size_t big = ((size_t)3 << 19) + 1;	/* past the 1 MiB read */
	char *zeros = calloc(1, big), *comments = malloc(big);
	const struct assay_test_entry ents[] = {
		{ .name = "etc/apt/sources.list", .data = sources_list },
		{ .name = "usr/sbin/vendor-update", .data = zeros, .size = big,
		    .mode = 0755 },
		{ .name = "etc/yum.repos.d/huge.repo", .data = comments,
		    .size = big },
		{ .name = "etc/yum.repos.d/vendor.repo", .data = yum_repo },
		{ .name = "etc/mender/mender.conf", .data = mender_conf },
		{ .name = "etc/cron.daily/vendor-update", .data = cron_job,
		    .mode = 0755 },
		{ .name = "usr/bin/vendor-agent", .data = agent,
		    .size = sizeof(agent), .mode = 0755 },
	};
	const char *argv[] = { "scan", "--quiet", "--out",
	    assay_test_path("out"), assay_test_path("rootfs.tar.gz"), NULL };
	struct assay_test_run_result res;
	json_t *findings, *f, *eps, *e;
	char *text;
	size_t i;
	bool http_seen = false, https_seen = false;

	CU_ASSERT_FATAL(zeros != NULL && comments != NULL);
	memset(comments, '#', big);
	CU_ASSERT_EQUAL_FATAL(assay_test_archive(
	    assay_test_path("rootfs.tar.gz"), ARCHIVE_FORMAT_TAR_PAX_RESTRICTED,
	    ARCHIVE_FILTER_GZIP, ents, sizeof(ents) / sizeof(ents[0])), 0);
	free(zeros);
	free(comments);
	CU_ASSERT_EQUAL_FATAL(assay_test_assay(&res, argv), 0);
	ASSAY_CHECKF(res.status == 1, "status %d: %s", res.status, res.err);
	assay_test_result_release(&res);
	findings = assay_test_findings(assay_test_path("out"));
	CU_ASSERT_PTR_NOT_NULL_FATAL(findings);

	/* apt: trusted=yes at line 2, with what an attacker could do. */
	f = finding(findings, "update.unauthenticated-channel",
	    "!/etc/apt/sources.list");
	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	CU_ASSERT_EQUAL(line_of(f), 2);
	CU_ASSERT_STRING_EQUAL(jstr(f, "severity"), "high");
	CU_ASSERT_STRING_EQUAL(ev(f, "channel"), "apt");
	CU_ASSERT_STRING_EQUAL(ev(f, "check"), "apt-trusted-option");
	CU_ASSERT(contains(ev(f, "attack"), "network path"));
	CU_ASSERT(contains(ev(f, "fix"), "signed-by"));
	CU_ASSERT(contains(jstr(f, "message"), "sources.list:2"));
	/* Plain http with a signed Release is low; line 3 has signed-by. */
	f = finding(findings, "update.plain-http-signed-repository",
	    "!/etc/apt/sources.list");
	CU_ASSERT(f != NULL && line_of(f) == 2 &&
	    strcmp(jstr(f, "severity"), "low") == 0 &&
	    strcmp(ev(f, "url_class"), "http") == 0);
	CU_ASSERT_EQUAL(assay_test_count_rule(findings,
	    "update.missing-signing-key", NULL), 1);

	/* yum gpgcheck=0 on line 4. */
	f = finding(findings, "update.unauthenticated-channel",
	    "!/etc/yum.repos.d/vendor.repo");
	CU_ASSERT(f != NULL && line_of(f) == 4 &&
	    strcmp(ev(f, "section"), "vendor") == 0 &&
	    strcmp(ev(f, "value"), "0") == 0);

	/* Broken JSON: a parse finding at line 5, and the scan went on. */
	f = finding(findings, "update.parse-error", "!/etc/mender/mender.conf");
	CU_ASSERT(f != NULL && line_of(f) == 5 &&
	    strcmp(ev(f, "channel"), "mender") == 0);

	/* Too large to read: named, not examined; a large program matched
	 * by a script glob is skipped without a word. */
	f = finding(findings, "update.parse-error",
	    "!/etc/yum.repos.d/huge.repo");
	CU_ASSERT(f != NULL && contains(ev(f, "why"), "larger than"));
	CU_ASSERT_PTR_NULL(finding(findings, "update.parse-error",
	    "!/usr/sbin/vendor-update"));

	/* The cron job's curl -k, its password not in the evidence. */
	f = finding(findings, "update.tls-verification-disabled",
	    "!/etc/cron.daily/vendor-update");
	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	CU_ASSERT_EQUAL(line_of(f), 3);
	text = json_dumps(f, 0);
	CU_ASSERT(text != NULL && strstr(text, "secret") == NULL);
	free(text);

	/* Endpoints: per file, classified. */
	f = finding(findings, "update.endpoint", "!/etc/apt/sources.list");
	eps = json_object_get(json_object_get(f, "evidence"), "endpoints");
	CU_ASSERT_EQUAL(json_array_size(eps), 2);
	json_array_foreach(eps, i, e) {
		if (strcmp(jstr(e, "url_class"), "http") == 0)
			http_seen = true;
		if (strcmp(jstr(e, "url_class"), "https") == 0)
			https_seen = true;
	}
	CU_ASSERT(http_seen && https_seen);
	f = finding(findings, "update.endpoint", "!/usr/bin/vendor-agent");
	eps = json_object_get(json_object_get(f, "evidence"), "endpoints");
	/* The help page names no update word: left out. */
	CU_ASSERT_EQUAL(json_array_size(eps), 2);
	f = finding(findings, "update.binary-http-endpoint",
	    "!/usr/bin/vendor-agent");
	CU_ASSERT(f != NULL && json_array_size(json_object_get(
	    json_object_get(f, "evidence"), "urls")) == 1);
	/* Offline: no live checks. */
	CU_ASSERT_EQUAL(assay_test_count_rule(findings,
	    "update.endpoint-check", NULL), 0);
	json_decref(findings);
}

/* ---- the online check -------------------------------------------------- */

static pid_t servers[3] = { -1, -1, -1 };

/* s_server -HTTP with cert on a free port, serving www/; the port or 0. */
static unsigned
start_server(int slot, const char *cert)
{
	struct timespec tick = { 0, 20 * 1000 * 1000 };
	char accept_arg[32], certp[PATH_MAX], keyp[PATH_MAX];
	unsigned port;
	int fd, i;

	if ((fd = assay_test_loopback_socket(&port, 0)) == -1)
		return 0;
	/* Freed for s_server; nothing else on the box races for it. */
	close(fd);
	(void)snprintf(accept_arg, sizeof(accept_arg), "127.0.0.1:%u", port);
	(void)snprintf(certp, sizeof(certp), "%s", pki_file(cert));
	(void)snprintf(keyp, sizeof(keyp), "%s", pki_file("srv.key"));
	{
		const char *const argv[] = { "openssl", "s_server", "-HTTP", "-accept",
		    accept_arg, "-cert", certp, "-key", keyp, NULL };

		servers[slot] = assay_test_spawn(argv,
		    assay_test_path("www"),
		    assay_test_path("s_server.log"));
	}
	for (i = 0; servers[slot] > 0 && i < SERVER_START_SECONDS * 50; i++) {
		if (assay_test_port_accepts(port))
			return port;
		nanosleep(&tick, NULL);
	}
	return 0;
}

static void
stop_servers(void)
{
	int i;

	for (i = 0; i < 3; i++) {
		assay_test_stop(servers[i]);
		servers[i] = -1;
	}
}

static void
serve(const char *name, const char *response)
{
	char rel[64];

	(void)snprintf(rel, sizeof(rel), "www/%s", name);
	CU_ASSERT_EQUAL_FATAL(assay_test_write_file(assay_test_path(rel),
	    response, strlen(response)), 0);
}

/* The endpoint-check or -insecure finding for url; NULL when none. */
static json_t *
about(json_t *findings, const char *rule, const char *url)
{
	json_t *f;
	size_t i;

	json_array_foreach(findings, i, f)
		if (strcmp(jstr(f, "rule"), rule) == 0 &&
		    strcmp(ev(f, "url"), url) == 0)
			return f;
	return NULL;
}

static void
test_online(void)
{
	struct assay_test_run_result res;
	char repo[1024], ok_url[128], old_url[128], redir_url[128];
	char other_url[128];
	char manifest[PATH_MAX];
	json_t *findings, *f, *m, *d;
	unsigned good, expired, wrong;
	size_t i, fetches = 0;

	CU_ASSERT_EQUAL_FATAL(mkdir(assay_test_path("www"), 0755), 0);
	serve("ok", "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n"
	    "Connection: close\r\n\r\nok");
	serve("moved", "HTTP/1.1 302 Found\r\nLocation: "
	    "http://127.0.0.1:9/plain\r\nContent-Length: 0\r\n"
	    "Connection: close\r\n\r\n");
	good = start_server(0, "good.pem");
	expired = start_server(1, "expired.pem");
	wrong = start_server(2, "other.pem");
	CU_ASSERT_FATAL(good != 0 && expired != 0 && wrong != 0);
	(void)snprintf(other_url, sizeof(other_url),
	    "https://127.0.0.1:%u/ok", wrong);
	(void)snprintf(ok_url, sizeof(ok_url), "https://127.0.0.1:%u/ok",
	    good);
	(void)snprintf(redir_url, sizeof(redir_url),
	    "https://127.0.0.1:%u/moved", good);
	(void)snprintf(old_url, sizeof(old_url), "https://127.0.0.1:%u/ok",
	    expired);
	/* The query and the password are never sent. */
	(void)snprintf(repo, sizeof(repo), "[a]\nbaseurl=%s?token=x\n"
	    "gpgcheck=1\n[b]\nbaseurl=https://user:pw@127.0.0.1:%u/ok\n"
	    "gpgcheck=1\n[c]\nmirrorlist=%s\ngpgcheck=1\n[d]\nmetalink=%s\n"
	    "gpgcheck=1\n", ok_url, expired, redir_url, other_url);
	{
		const struct assay_test_entry ents[] = {
			{ .name = "etc/yum.repos.d/online.repo", .data = repo },
		};
		const char *argv[] = { "scan", "--quiet", "--online",
		    "--ca-file", pki_file("ca.pem"), "--cache-dir",
		    assay_test_path("cache"), "--out", assay_test_path("out"),
		    assay_test_path("rootfs.tar.gz"), NULL };

		CU_ASSERT_EQUAL_FATAL(assay_test_archive(
		    assay_test_path("rootfs.tar.gz"),
		    ARCHIVE_FORMAT_TAR_PAX_RESTRICTED, ARCHIVE_FILTER_GZIP,
		    ents, 1), 0);
		CU_ASSERT_EQUAL_FATAL(assay_test_assay(&res, argv), 0);
	}
	stop_servers();
	ASSAY_CHECKF(res.status == 0 || res.status == 1, "status %d: %s",
	    res.status, res.err);
	assay_test_result_release(&res);
	findings = assay_test_findings(assay_test_path("out"));
	CU_ASSERT_PTR_NOT_NULL_FATAL(findings);

	/* Valid: checked, verified, TLS 1.2 or later, no problem. */
	f = about(findings, "update.endpoint-check", ok_url);
	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	CU_ASSERT(json_is_true(json_object_get(json_object_get(f, "evidence"),
	    "cert_verified")));
	CU_ASSERT(contains(ev(f, "tls_version"), "TLSv1."));
	CU_ASSERT_EQUAL(json_integer_value(json_object_get(json_object_get(f,
	    "evidence"), "status")), 200);
	CU_ASSERT_EQUAL(line_of(f), 2);
	CU_ASSERT_PTR_NULL(about(findings, "update.endpoint-insecure",
	    ok_url));
	/* Expired: the certificate fails. */
	f = about(findings, "update.endpoint-insecure", old_url);
	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	CU_ASSERT(contains(ev(f, "error"), "expired"));
	CU_ASSERT_STRING_EQUAL(jstr(f, "severity"), "medium");
	/* A certificate for another name: curl's own host check fails. */
	f = about(findings, "update.endpoint-insecure", other_url);
	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	ASSAY_CHECKF(contains(ev(f, "error"), "host"), "%s", ev(f, "error"));
	CU_ASSERT(json_is_false(json_object_get(json_object_get(f,
	    "evidence"), "cert_verified")));
	/* Redirect to http: reported, not followed. */
	f = about(findings, "update.endpoint-insecure", redir_url);
	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	CU_ASSERT(contains(ev(f, "location"), "http://127.0.0.1:9/plain"));
	CU_ASSERT_EQUAL(json_integer_value(json_object_get(json_object_get(f,
	    "evidence"), "status")), 302);
	json_decref(findings);

	/* Each look is in the manifest, without query or password. */
	(void)snprintf(manifest, sizeof(manifest), "%s/manifest.json",
	    assay_test_path("out"));
	m = assay_test_load_json(manifest);
	CU_ASSERT_PTR_NOT_NULL_FATAL(m);
	json_array_foreach(json_object_get(m, "data"), i, d) {
		if (strcmp(jstr(d, "kind"), "fetch") != 0)
			continue;
		fetches++;
		CU_ASSERT(!contains(jstr(d, "name"), "token") &&
		    !contains(jstr(d, "name"), "pw@"));
	}
	CU_ASSERT_EQUAL(fetches, 4);
	json_decref(m);
}

static void
teardown(void)
{
	stop_servers();
	assay_test_teardown();
}

static CU_TestInfo tests[] = {
	{ "a root filesystem's update configuration", test_rootfs },
	{ "live checks of https endpoints", test_online },
	CU_TEST_INFO_NULL
};

static CU_SuiteInfo suites[] = {
	{ "update", suite_init, suite_cleanup, assay_test_setup, teardown,
	    tests },
	CU_SUITE_INFO_NULL
};

int
main(void)
{
	return assay_test_run(suites);
}
