/*
 * Component discovery of the dependencies probe (probes/dependencies/):
 * package URLs, every manifest, lock file and package database parser
 * over fixtures written here, binaries built byte by byte (ELF with
 * .go.buildinfo in both Go formats and with a cargo-auditable .dep-v0
 * section), an rpmdb.sqlite made with the sqlite3 API around a header
 * blob built here, the shipped version-string signatures, SBOMs and the
 * omission check, and parse errors with their line numbers.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <CUnit/CUnit.h>
#include <sqlite3.h>
#include <zlib.h>

#include "dependencies/discover.h"
#include "testutil.h"

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

/* ---- helpers -------------------------------------------------------------- */

struct run {
	struct dep_list l;
	struct dep_parse p;
};

static void
run_init(struct run *r)
{
	memset(r, 0, sizeof(*r));
	r->p.l = &r->l;
	r->p.method = DEP_LOCKFILE;
	r->p.source = "test";
}

static void
run_parser(struct run *r, dep_parser_fn fn, const char *text)
{
	run_init(r);
	CU_ASSERT_EQUAL(fn(text, strlen(text), &r->p), ASSAY_OK);
}

/* Runs fn over text for its parse error only (e->err, e->err_line). */
static void
run_for_error(struct dep_parse *e, dep_parser_fn fn, const char *text)
{
	struct run r;

	run_parser(&r, fn, text);
	*e = r.p;
	e->l = NULL;
	dep_list_release(&r.l);
}

/* The component with this purl, or NULL. */
static const struct dep_component *
find(const struct dep_list *l, const char *purl)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		if (strcmp(l->v[i].purl, purl) == 0)
			return &l->v[i];
	return NULL;
}

/* Every purl of want (NULL-terminated) is there and nothing else. */
static void
expect(const struct dep_list *l, const char *what, const char *const *want)
{
	size_t n = 0, i;

	for (n = 0; want[n] != NULL; n++)
		ASSAY_CHECKF(find(l, want[n]) != NULL, "%s: %s missing", what,
		    want[n]);
	ASSAY_CHECKF(l->n == n, "%s: %zu components, want %zu", what, l->n,
	    n);
	for (i = 0; i < l->n && l->n != n; i++)
		ASSAY_CHECKF(0, "%s: has %s", what, l->v[i].purl);
}

/* ---- purls ---------------------------------------------------------------- */

static void
test_purl(void)
{
	static const struct {
		const char *type, *ns, *name, *version, *q, *want;
	} rows[] = {
		{ "npm", "@angular", "core", "16.2.0", NULL,
		    "pkg:npm/%40angular/core@16.2.0" },
		{ "npm", NULL, "Left-Pad", "1.3.0", NULL,
		    "pkg:npm/left-pad@1.3.0" },
		{ "pypi", NULL, "Django_Rest_Framework", "3.14.0", NULL,
		    "pkg:pypi/django-rest-framework@3.14.0" },
		{ "maven", "org.apache.commons", "commons-lang3", "3.12.0",
		    NULL, "pkg:maven/org.apache.commons/commons-lang3@3.12.0" },
		{ "golang", "github.com/gorilla", "mux", "v1.8.0", NULL,
		    "pkg:golang/github.com/gorilla/mux@v1.8.0" },
		{ "golang", "golang.org/x", "net",
		    "v0.0.0-20210226172049-e18ecbb05110+incompatible", NULL,
		    "pkg:golang/golang.org/x/net@v0.0.0-20210226172049-"
		    "e18ecbb05110%2Bincompatible" },
		{ "deb", "debian", "curl", "7.88.1-10+deb12u5",
		    "arch=amd64&distro=debian-12",
		    "pkg:deb/debian/curl@7.88.1-10%2Bdeb12u5?arch=amd64&"
		    "distro=debian-12" },
		{ "deb", "Debian", "libc6", "1:2.36-9", NULL,
		    "pkg:deb/debian/libc6@1:2.36-9" },
		{ "rpm", "Fedora", "Curl", "7.50.3-1.fc25", "epoch=1",
		    "pkg:rpm/fedora/Curl@7.50.3-1.fc25?epoch=1" },
		{ "composer", "Laravel", "Framework", "v10.0.0", NULL,
		    "pkg:composer/laravel/framework@v10.0.0" },
		{ "NuGet", NULL, "Newtonsoft.Json", "13.0.1", NULL,
		    "pkg:nuget/Newtonsoft.Json@13.0.1" },
		{ "generic", NULL, "a b/c?d#e@f", "1.0 beta", NULL,
		    "pkg:generic/a%20b%2Fc%3Fd%23e%40f@1.0%20beta" },
		{ "generic", NULL, "caf\xc3\xa9", "1", NULL,
		    "pkg:generic/caf%C3%A9@1" },
		{ "generic", "/a//b/", "n", "1", NULL, "pkg:generic/a/b/n@1" },
		{ "gem", NULL, "rails", "7.0.4", "platform=ruby&empty=",
		    "pkg:gem/rails@7.0.4?platform=ruby" },
	};
	static const struct {
		const char *type, *name, *version;
	} bad[] = {
		{ "npm", "", "1" }, { "1npm", "x", "1" }, { "n pm", "x", "1" },
		{ "npm", "bad\xff", "1" }, { "npm", "x", "1\n" },
		{ "npm", "caf\xc3", "1" }, { "npm", "\xc0\xaf", "1" },
	};
	char *got;
	size_t i;

	for (i = 0; i < NELEM(rows); i++) {
		got = dep_purl_build(rows[i].type, rows[i].ns, rows[i].name,
		    rows[i].version, rows[i].q);
		ASSAY_CHECKF(got != NULL && strcmp(got, rows[i].want) == 0,
		    "row %zu: %s, want %s", i, got ? got : "NULL",
		    rows[i].want);
		free(got);
	}
	for (i = 0; i < NELEM(bad); i++) {
		got = dep_purl_build(bad[i].type, NULL, bad[i].name,
		    bad[i].version, NULL);
		ASSAY_CHECKF(got == NULL, "bad row %zu: %s", i, got);
		free(got);
	}
}

static void
test_list(void)
{
	struct dep_list l = DEP_LIST_INIT;
	struct dep_component *c;
	size_t i;

	c = dep_list_add(&l, "deb", "debian", "curl", "7.88.1", DEP_PACKAGE_DB,
	    NULL, 12, "dpkg status");
	CU_ASSERT_PTR_NOT_NULL_FATAL(c);
	CU_ASSERT_EQUAL(dep_add_qualifier(c, "distro", "debian-12"), 0);
	CU_ASSERT_EQUAL(dep_add_qualifier(c, "arch", "amd64"), 0);
	CU_ASSERT_EQUAL(dep_add_qualifier(c, "arch", "arm64"), 0);
	CU_ASSERT_EQUAL(dep_add_qualifier(c, "Bad Key", "x"), 1);
	CU_ASSERT_EQUAL(dep_add_qualifier(c, "arch", "a&b"), 1);
	CU_ASSERT_EQUAL(dep_add_qualifier(c, "arch", "bad\xff"), 1);
	CU_ASSERT_EQUAL(dep_add_qualifier(c, "empty", ""), 0);
	CU_ASSERT_STRING_EQUAL(c->purl,
	    "pkg:deb/debian/curl@7.88.1?arch=arm64&distro=debian-12");
	CU_ASSERT_EQUAL(dep_set_product(c, "curl"), 0);
	CU_ASSERT_STRING_EQUAL(c->product, "curl");
	CU_ASSERT_EQUAL(c->line, 12);
	CU_ASSERT_EQUAL(c->eol, -1);
	CU_ASSERT_EQUAL(c->age, DEP_AGE_UNKNOWN);
	CU_ASSERT_PTR_NULL(dep_list_add(&l, "npm", NULL, "x", "", DEP_MANIFEST,
	    NULL, 0, NULL));
	CU_ASSERT_PTR_NULL(dep_list_add(&l, "npm", NULL, "x\xfe", "1",
	    DEP_MANIFEST, NULL, 0, NULL));
	for (i = 0; i < 100; i++)
		CU_ASSERT_PTR_NOT_NULL(dep_list_add(&l, "npm", NULL, "many",
		    "1.0.0", DEP_LOCKFILE, NULL, 0, NULL));
	CU_ASSERT_EQUAL(l.n, 101);
	dep_dedupe_from(&l, 1);
	CU_ASSERT_EQUAL(l.n, 2);
	CU_ASSERT_STRING_EQUAL(dep_method_name(DEP_SBOM), "sbom");
	CU_ASSERT_STRING_EQUAL(dep_method_name(DEP_PACKAGE_DB), "package-db");
	CU_ASSERT_STRING_EQUAL(dep_method_name(DEP_BINARY), "binary");
	dep_list_release(&l);
	CU_ASSERT_EQUAL(l.n, 0);
}

/* ---- npm ------------------------------------------------------------------ */

static void
test_npm(void)
{
	static const char v1[] =
	    "{\"name\":\"app\",\"lockfileVersion\":1,\"dependencies\":{\n"
	    " \"express\":{\"version\":\"4.18.2\",\"dependencies\":{\n"
	    "   \"debug\":{\"version\":\"2.6.9\"}}},\n"
	    " \"@types/node\":{\"version\":\"20.1.0\",\"dev\":true},\n"
	    " \"lp\":{\"version\":\"npm:left-pad@1.3.0\"},\n"
	    " \"mine\":{\"version\":\"file:../mine\"}}}\n";
	static const char *const want_v1[] = { "pkg:npm/express@4.18.2",
	    "pkg:npm/debug@2.6.9", "pkg:npm/%40types/node@20.1.0",
	    "pkg:npm/left-pad@1.3.0", NULL };
	static const char v3[] =
	    "{\"name\":\"app\",\"lockfileVersion\":3,\"packages\":{\n"
	    " \"\":{\"name\":\"app\",\"version\":\"1.0.0\"},\n"
	    " \"node_modules/express\":{\"version\":\"4.18.2\"},\n"
	    " \"node_modules/express/node_modules/debug\":"
	    "{\"version\":\"2.6.9\"},\n"
	    " \"node_modules/debug\":{\"version\":\"4.3.4\"},\n"
	    " \"node_modules/@scope/pkg\":{\"version\":\"0.1.0\"},\n"
	    " \"node_modules/alias\":{\"name\":\"real\",\"version\":\"2.0.0\"},\n"
	    " \"node_modules/linked\":{\"resolved\":\"pkgs/x\",\"link\":true},\n"
	    " \"pkgs/x\":{\"version\":\"0.0.1\"}}}\n";
	static const char *const want_v3[] = { "pkg:npm/express@4.18.2",
	    "pkg:npm/debug@2.6.9", "pkg:npm/debug@4.3.4",
	    "pkg:npm/%40scope/pkg@0.1.0", "pkg:npm/real@2.0.0", NULL };
	struct dep_parse e;
	struct run r;

	run_parser(&r, npm_lock_parse, v1);
	expect(&r.l, "v1", want_v1);
	CU_ASSERT_STRING_EQUAL(r.p.err, "");
	dep_list_release(&r.l);

	run_parser(&r, npm_lock_parse, v3);
	expect(&r.l, "v3", want_v3);
	CU_ASSERT_STRING_EQUAL(r.p.err, "");
	dep_list_release(&r.l);

	run_parser(&r, npm_lock_parse, "{\n\"lockfileVersion\": 2,\n"
	    "\"packages\": {\n\"node_modules/a\": {\"version\": \"1\"},,\n}}\n");
	CU_ASSERT_EQUAL(r.p.err_line, 4);
	CU_ASSERT(strstr(r.p.err, "not JSON") != NULL);
	dep_list_release(&r.l);

	run_for_error(&e, npm_lock_parse, "{\"packages\":"
	    "{\"node_modules/a\":{\"resolved\":\"x\"}}}");
	CU_ASSERT(strstr(e.err, "no version") != NULL);

	run_parser(&r, npm_package_parse,
	    "{\"name\":\"@babel/core\",\"version\":\"7.22.5\"}");
	CU_ASSERT_PTR_NOT_NULL(find(&r.l, "pkg:npm/%40babel/core@7.22.5"));
	dep_list_release(&r.l);
	run_parser(&r, npm_package_parse, "{\"name\":\"x\"}");
	CU_ASSERT_EQUAL(r.l.n, 0);
	CU_ASSERT(r.p.err[0] != '\0');
	dep_list_release(&r.l);
}

/* ---- Python, Rust, PHP, Ruby, .NET, Java ---------------------------------- */

static void
test_python(void)
{
	static const char req[] =
	    "# pinned\n"
	    "Django==4.2.3\n"
	    "requests[socks] == 2.31.0 ; python_version >= \"3.8\"\n"
	    "urllib3==2.0.4 --hash=sha256:abc\n"
	    "flask>=2.0\n"
	    "numpy==1.*\n"
	    "-r other.txt\n"
	    "-e git+https://example.invalid/x.git#egg=x\n"
	    "six===1.16.0\n"
	    "==1.0\n";
	static const char *const want_req[] = { "pkg:pypi/django@4.2.3",
	    "pkg:pypi/requests@2.31.0", "pkg:pypi/urllib3@2.0.4",
	    "pkg:pypi/six@1.16.0", NULL };
	static const char poetry[] =
	    "[[package]]\n"
	    "name = \"Typing_Extensions\"\n"
	    "version = \"4.7.1\"\n"
	    "description = \"x\"\n"
	    "\n"
	    "[package.dependencies]\n"
	    "foo = \">=1\"\n"
	    "\n"
	    "[[package]]\n"
	    "name = \"attrs\"\n"
	    "version = \"23.1.0\"\n"
	    "\n"
	    "[metadata]\n"
	    "lock-version = \"2.0\"\n";
	static const char *const want_poetry[] = {
	    "pkg:pypi/typing-extensions@4.7.1", "pkg:pypi/attrs@23.1.0", NULL };
	struct dep_parse e;
	struct run r;

	run_parser(&r, python_requirements_parse, req);
	expect(&r.l, "requirements", want_req);
	CU_ASSERT_EQUAL(r.p.err_line, 10);
	CU_ASSERT_EQUAL(find(&r.l, "pkg:pypi/requests@2.31.0")->line, 3);
	dep_list_release(&r.l);

	run_parser(&r, python_metadata_parse, "Metadata-Version: 2.1\n"
	    "Name: PyYAML\nVersion: 6.0.1\nSummary: x\n\nName: body\n");
	CU_ASSERT_PTR_NOT_NULL(find(&r.l, "pkg:pypi/pyyaml@6.0.1"));
	CU_ASSERT_EQUAL(r.l.n, 1);
	dep_list_release(&r.l);
	run_for_error(&e, python_metadata_parse, "Metadata-Version: 2.1\n");
	CU_ASSERT(e.err[0] != '\0');

	run_parser(&r, poetry_lock_parse, poetry);
	expect(&r.l, "poetry", want_poetry);
	dep_list_release(&r.l);
	run_for_error(&e, poetry_lock_parse, "[[package]]\nname = \"a\"\n"
	    "version = 1.0\n");
	CU_ASSERT_EQUAL(e.err_line, 3);
	run_for_error(&e, poetry_lock_parse, "[[package]]\nname = \"a\n");
	CU_ASSERT_EQUAL(e.err_line, 2);
}

static void
test_rust_php_ruby_dotnet(void)
{
	static const char cargo[] =
	    "version = 3\n\n"
	    "[[package]]\nname = \"myapp\"\nversion = \"0.1.0\"\n"
	    "dependencies = [\n \"serde\",\n]\n\n"
	    "[[package]]\nname = \"serde\"\nversion = \"1.0.188\"\n"
	    "source = \"registry+https://example.invalid/index\"\n"
	    "checksum = \"abc\"\n";
	static const char composer[] =
	    "{\"packages\":[{\"name\":\"Monolog/Monolog\",\"version\":"
	    "\"3.4.0\"}],\"packages-dev\":[{\"name\":\"phpunit/phpunit\","
	    "\"version\":\"10.3.1\"}]}";
	static const char gemfile[] =
	    "GIT\n  remote: https://example.invalid/x.git\n  specs:\n"
	    "    fromgit (0.1.0)\n\n"
	    "GEM\n  remote: https://example.invalid/\n  specs:\n"
	    "    actionpack (7.0.4)\n      rack (~> 2.0)\n"
	    "    nokogiri (1.15.3-x86_64-linux)\n"
	    "    rack (2.2.7)\n\n"
	    "PLATFORMS\n  ruby\n\nDEPENDENCIES\n  rails\n";
	static const char *const want_gem[] = { "pkg:gem/actionpack@7.0.4",
	    "pkg:gem/nokogiri@1.15.3-x86_64-linux", "pkg:gem/rack@2.2.7",
	    NULL };
	static const char deps[] =
	    "{\"runtimeTarget\":{\"name\":\"x\"},\"libraries\":{\n"
	    " \"App/1.0.0\":{\"type\":\"project\"},\n"
	    " \"Newtonsoft.Json/13.0.1\":{\"type\":\"package\"},\n"
	    " \"System.Text.Json/7.0.2\":{\"type\":\"package\"}}}";
	struct dep_parse e;
	struct run r;

	run_parser(&r, cargo_lock_parse, cargo);
	CU_ASSERT_EQUAL(r.l.n, 1);
	CU_ASSERT_PTR_NOT_NULL(find(&r.l, "pkg:cargo/serde@1.0.188"));
	CU_ASSERT_EQUAL(find(&r.l, "pkg:cargo/serde@1.0.188")->line, 10);
	dep_list_release(&r.l);

	run_parser(&r, composer_lock_parse, composer);
	CU_ASSERT_PTR_NOT_NULL(find(&r.l,
	    "pkg:composer/monolog/monolog@3.4.0"));
	CU_ASSERT_PTR_NOT_NULL(find(&r.l,
	    "pkg:composer/phpunit/phpunit@10.3.1"));
	CU_ASSERT_EQUAL(r.l.n, 2);
	dep_list_release(&r.l);
	run_for_error(&e, composer_lock_parse,
	    "{\"packages\":[{\"name\":\"x\"}]}");
	CU_ASSERT(e.err[0] != '\0');

	run_parser(&r, gemfile_lock_parse, gemfile);
	expect(&r.l, "gemfile", want_gem);
	dep_list_release(&r.l);
	run_for_error(&e, gemfile_lock_parse, "GEM\n  specs:\n    ok (1.0)\n"
	    "    broken 1.0\n");
	CU_ASSERT_EQUAL(e.err_line, 4);

	run_parser(&r, dotnet_deps_parse, deps);
	CU_ASSERT_PTR_NOT_NULL(find(&r.l, "pkg:nuget/Newtonsoft.Json@13.0.1"));
	CU_ASSERT_PTR_NOT_NULL(find(&r.l, "pkg:nuget/System.Text.Json@7.0.2"));
	CU_ASSERT_EQUAL(r.l.n, 2);
	dep_list_release(&r.l);
}

static void
test_java(void)
{
	struct dep_parse e;
	struct run r;

	run_parser(&r, maven_pom_properties_parse,
	    "#Generated by Maven\n#Tue Jan 01 00:00:00 UTC 2023\n"
	    "version=2.15.2\ngroupId=com.fasterxml.jackson.core\n"
	    "artifactId=jackson-databind\n");
	CU_ASSERT_PTR_NOT_NULL(find(&r.l, "pkg:maven/com.fasterxml.jackson."
	    "core/jackson-databind@2.15.2"));
	dep_list_release(&r.l);
	run_for_error(&e, maven_pom_properties_parse, "groupId=g\n");
	CU_ASSERT(e.err[0] != '\0');

	run_parser(&r, java_manifest_parse, "Manifest-Version: 1.0\r\n"
	    "Bundle-SymbolicName: org.example.very.long.bundle.name.that.wr\r\n"
	    " aps;singleton:=true\r\nBundle-Version: 1.2.3\r\n\r\n"
	    "Name: other\r\nBundle-Version: 9\r\n");
	CU_ASSERT_PTR_NOT_NULL(find(&r.l, "pkg:maven/org.example.very.long."
	    "bundle.name.that.wraps@1.2.3"));
	CU_ASSERT_EQUAL(r.l.n, 1);
	dep_list_release(&r.l);
	run_parser(&r, java_manifest_parse, "Implementation-Title: lib\n"
	    "Implementation-Version: 4.0\nImplementation-Vendor-Id: org.x\n");
	CU_ASSERT_PTR_NOT_NULL(find(&r.l, "pkg:maven/org.x/lib@4.0"));
	dep_list_release(&r.l);
}

/* ---- operating-system databases ------------------------------------------- */

static void
test_os(void)
{
	static const char dpkg[] =
	    "Package: curl\nStatus: install ok installed\nPriority: optional\n"
	    "Architecture: amd64\nVersion: 7.88.1-10+deb12u5\n"
	    "Description: tool\n multi-line: with colon\n\n"
	    "Package: gone\nStatus: deinstall ok config-files\n"
	    "Version: 1.0\n\n"
	    "Package: half\nStatus: install ok half-installed\nVersion: 2\n\n"
	    "Package: leaving\nStatus: deinstall ok installed\nVersion: 3\n\n"
	    "Package: libc6\nStatus: hold ok installed\nVersion: 2.36-9\n"
	    "Architecture: arm64\n";
	static const char apk[] =
	    "C:Q1abc=\nP:musl\nV:1.2.4-r1\nA:x86_64\nS:1\n\n"
	    "P:busybox\nV:1.36.1-r2\nA:x86_64\n";
	struct run r;
	char *id, *ver;
	const struct dep_component *c;

	{
		static const char osr[] = "NAME=\"Debian GNU/Linux\"\n"
		    "VERSION_ID=\"12\"\nID=debian\n";

		os_release_parse(osr, strlen(osr), &id, &ver);
	}
	CU_ASSERT(id != NULL && strcmp(id, "debian") == 0);
	CU_ASSERT(ver != NULL && strcmp(ver, "12") == 0);
	free(id);
	free(ver);

	run_init(&r);
	r.p.distro_id = "debian";
	r.p.distro = "debian-12";
	CU_ASSERT_EQUAL(dpkg_status_parse(dpkg, strlen(dpkg), &r.p), ASSAY_OK);
	CU_ASSERT_EQUAL(r.l.n, 3);
	CU_ASSERT_PTR_NOT_NULL(find(&r.l, "pkg:deb/debian/leaving@3?"
	    "distro=debian-12"));
	c = find(&r.l, "pkg:deb/debian/curl@7.88.1-10%2Bdeb12u5?arch=amd64&"
	    "distro=debian-12");
	CU_ASSERT(c != NULL && c->line == 1);
	CU_ASSERT_PTR_NOT_NULL(find(&r.l, "pkg:deb/debian/libc6@2.36-9?"
	    "arch=arm64&distro=debian-12"));
	CU_ASSERT_STRING_EQUAL(r.p.err, "");
	dep_list_release(&r.l);

	run_parser(&r, dpkg_status_parse, "Package: x\nStatus: install ok "
	    "installed\nVersion: 1\nArchitecture: a&b=c\n");
	CU_ASSERT_EQUAL(r.p.nomem, 0);
	CU_ASSERT_PTR_NOT_NULL(find(&r.l, "pkg:deb/x@1"));
	dep_list_release(&r.l);
	run_parser(&r, dpkg_status_parse, "Package: a\nStatus: install ok "
	    "installed\nVersion: 1\nthis line is broken\n");
	CU_ASSERT_EQUAL(r.p.err_line, 4);
	CU_ASSERT_PTR_NOT_NULL(find(&r.l, "pkg:deb/a@1"));
	dep_list_release(&r.l);

	run_init(&r);
	r.p.distro_id = "alpine";
	r.p.distro = "alpine-3.18.4";
	CU_ASSERT_EQUAL(apk_installed_parse(apk, strlen(apk), &r.p), ASSAY_OK);
	CU_ASSERT_PTR_NOT_NULL(find(&r.l, "pkg:apk/alpine/musl@1.2.4-r1?"
	    "arch=x86_64&distro=alpine-3.18.4"));
	CU_ASSERT_PTR_NOT_NULL(find(&r.l, "pkg:apk/alpine/busybox@1.36.1-r2?"
	    "arch=x86_64&distro=alpine-3.18.4"));
	CU_ASSERT_EQUAL(r.l.n, 2);
	dep_list_release(&r.l);

	run_parser(&r, opkg_status_parse, "Package: dnsmasq\nVersion: 2.89-4\n"
	    "Status: install user installed\nArchitecture: mips_24kc\n");
	CU_ASSERT_PTR_NOT_NULL(find(&r.l, "pkg:opkg/dnsmasq@2.89-4?"
	    "arch=mips_24kc"));
	dep_list_release(&r.l);
}

/* An RPM header blob: NAME, VERSION, RELEASE, EPOCH, ARCH. */
static unsigned char *
rpm_blob(const char *name, size_t *lenp)
{
	static const struct {
		uint32_t tag, type;
		const char *s;
	} ent[] = {
		{ 1000, 6, NULL }, { 1001, 6, "7.76.1" }, { 1002, 6, "26.el9" },
		{ 1003, 4, NULL }, { 1022, 6, "x86_64" },
	};
	unsigned char data[256], *b;
	size_t dl = 0, i, n, off[5];

	for (i = 0; i < NELEM(ent); i++) {
		if (ent[i].type == 4) {
			dl = (dl + 3) & ~(size_t)3;
			off[i] = dl;
			memcpy(data + dl, "\0\0\0\2", 4);
			dl += 4;
			continue;
		}
		off[i] = dl;
		n = strlen(ent[i].s != NULL ? ent[i].s : name) + 1;
		memcpy(data + dl, ent[i].s != NULL ? ent[i].s : name, n);
		dl += n;
	}
	*lenp = 8 + 16 * NELEM(ent) + dl;
	if ((b = malloc(*lenp)) == NULL)
		return NULL;
	b[0] = b[1] = b[2] = 0;
	b[3] = (unsigned char)NELEM(ent);
	b[4] = b[5] = 0;
	b[6] = (unsigned char)(dl >> 8);
	b[7] = (unsigned char)dl;
	for (i = 0; i < NELEM(ent); i++) {
		unsigned char *e = b + 8 + 16 * i;
		uint32_t v[4] = { ent[i].tag, ent[i].type, (uint32_t)off[i], 1 };
		size_t k;

		for (k = 0; k < 4; k++) {
			e[4 * k] = (unsigned char)(v[k] >> 24);
			e[4 * k + 1] = (unsigned char)(v[k] >> 16);
			e[4 * k + 2] = (unsigned char)(v[k] >> 8);
			e[4 * k + 3] = (unsigned char)v[k];
		}
	}
	memcpy(b + 8 + 16 * NELEM(ent), data, dl);
	return b;
}

static void
test_rpm(void)
{
	const char *path = assay_test_path("rpmdb.sqlite");
	unsigned char *blob, *key;
	sqlite3 *db = NULL;
	sqlite3_stmt *st = NULL;
	struct run r;
	size_t len, klen, i;
	int fd;

	blob = rpm_blob("curl", &len);
	CU_ASSERT_PTR_NOT_NULL_FATAL(blob);
	run_init(&r);
	r.p.distro_id = "rocky";
	r.p.distro = "rocky-9.2";
	CU_ASSERT_EQUAL(rpm_header_parse(blob, len, &r.p), ASSAY_OK);
	CU_ASSERT_PTR_NOT_NULL(find(&r.l, "pkg:rpm/rocky/curl@7.76.1-26.el9?"
	    "arch=x86_64&distro=rocky-9.2&epoch=2"));
	dep_list_release(&r.l);
	/* Every truncation is refused without reading past the end. */
	for (i = 0; i < len; i++) {
		run_init(&r);
		CU_ASSERT_EQUAL(rpm_header_parse(blob, i, &r.p), ASSAY_OK);
		CU_ASSERT_EQUAL(r.l.n, 0);
		dep_list_release(&r.l);
	}
	key = rpm_blob("gpg-pubkey", &klen);
	CU_ASSERT_PTR_NOT_NULL_FATAL(key);

	/* The same header in a database made by sqlite3 itself. */
	CU_ASSERT_FATAL(sqlite3_open(path, &db) == SQLITE_OK);
	CU_ASSERT(sqlite3_exec(db, "CREATE TABLE Packages (hnum INTEGER "
	    "PRIMARY KEY AUTOINCREMENT, blob BLOB NOT NULL)", NULL, NULL,
	    NULL) == SQLITE_OK);
	CU_ASSERT(sqlite3_prepare_v2(db, "INSERT INTO Packages (blob) "
	    "VALUES (?)", -1, &st, NULL) == SQLITE_OK);
	sqlite3_bind_blob(st, 1, blob, (int)len, SQLITE_STATIC);
	CU_ASSERT(sqlite3_step(st) == SQLITE_DONE);
	sqlite3_reset(st);
	sqlite3_bind_blob(st, 1, key, (int)klen, SQLITE_STATIC);
	CU_ASSERT(sqlite3_step(st) == SQLITE_DONE);
	sqlite3_reset(st);
	sqlite3_bind_blob(st, 1, "\0\0", 2, SQLITE_STATIC);
	CU_ASSERT(sqlite3_step(st) == SQLITE_DONE);
	sqlite3_finalize(st);
	sqlite3_close(db);

	fd = open(path, O_RDONLY | O_CLOEXEC);
	CU_ASSERT_FATAL(fd != -1);
	run_init(&r);
	dep_rpmdb_read(fd, &r.p);
	close(fd);
	CU_ASSERT_EQUAL(r.l.n, 1);
	CU_ASSERT_PTR_NOT_NULL(find(&r.l, "pkg:rpm/curl@7.76.1-26.el9?"
	    "arch=x86_64&epoch=2"));
	CU_ASSERT(strstr(r.p.err, "shorter") != NULL);
	dep_list_release(&r.l);

	/* Not a database at all. */
	CU_ASSERT(assay_test_write_file(path, "not sqlite at all, really",
	    25) == 0);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	run_init(&r);
	dep_rpmdb_read(fd, &r.p);
	close(fd);
	CU_ASSERT_EQUAL(r.l.n, 0);
	CU_ASSERT(r.p.err[0] != '\0');
	dep_list_release(&r.l);
	free(blob);
	free(key);
}

/* ---- binaries -------------------------------------------------------------- */

#define ELF_BASE	0x400000u
#define DATA_OFF	256u

static void
put(unsigned char *b, size_t off, uint64_t v, unsigned n)
{
	unsigned i;

	for (i = 0; i < n; i++)
		b[off + i] = (unsigned char)(v >> (8 * i));
}

/*
 * A little-endian ELF64 file with one PT_LOAD segment mapping it all at
 * ELF_BASE and a section called name holding data at DATA_OFF.
 */
static unsigned char *
build_elf(const char *name, const unsigned char *data, size_t n,
    size_t *lenp)
{
	unsigned char *b;
	size_t shoff = (DATA_OFF + n + 15) & ~(size_t)15, len = shoff + 3 * 64;
	size_t nl = strlen(name);

	if ((b = calloc(1, len)) == NULL)
		return NULL;
	memcpy(b, "\177ELF\2\1\1", 7);
	put(b, 16, 2, 2);		/* ET_EXEC */
	put(b, 18, 62, 2);		/* x86-64 */
	put(b, 20, 1, 4);
	put(b, 0x20, 64, 8);		/* e_phoff */
	put(b, 0x28, shoff, 8);
	put(b, 0x34, 64, 2);
	put(b, 0x36, 56, 2);
	put(b, 0x38, 1, 2);
	put(b, 0x3a, 64, 2);
	put(b, 0x3c, 3, 2);
	put(b, 0x3e, 1, 2);		/* .shstrtab is section 1 */
	put(b, 64, 1, 4);		/* PT_LOAD */
	put(b, 64 + 8, 0, 8);
	put(b, 64 + 16, ELF_BASE, 8);
	put(b, 64 + 32, len, 8);
	put(b, 64 + 40, len, 8);
	/* .shstrtab at 120: "\0.shstrtab\0NAME\0" */
	memcpy(b + 121, ".shstrtab", 9);
	memcpy(b + 131, name, nl);
	memcpy(b + DATA_OFF, data, n);
	put(b, shoff + 64, 1, 4);
	put(b, shoff + 64 + 4, 3, 4);	/* SHT_STRTAB */
	put(b, shoff + 64 + 24, 120, 8);
	put(b, shoff + 64 + 32, 11 + nl + 1, 8);
	put(b, shoff + 128, 11, 4);
	put(b, shoff + 128 + 4, 1, 4);	/* SHT_PROGBITS */
	put(b, shoff + 128 + 16, ELF_BASE + DATA_OFF, 8);
	put(b, shoff + 128 + 24, DATA_OFF, 8);
	put(b, shoff + 128 + 32, n, 8);
	*lenp = len;
	return b;
}

static const char modinfo[] =
    "0w\xaf\x0c\x92t\b\x02" "A\xe1\xc1\x07\xe6\xd6\x18\xe6"
    "path\texample.com/app\n"
    "mod\texample.com/app\t(devel)\t\n"
    "dep\tgithub.com/gorilla/mux\tv1.8.0\th1:abc=\n"
    "dep\tgolang.org/x/net\tv0.10.0\th1:def=\n"
    "=>\tgolang.org/x/net\tv0.12.0\th1:ghi=\n"
    "dep\texample.com/local\tv1.0.0\n"
    "=>\t../local\t\t\n"
    "build\tGOOS=linux\n"
    "\xf9\x32\x43\x31\x86\x18\x20\x72\x00\x82\x42\x10\x41\x16\xd8\xf2";

static const char *const want_go[] = { "pkg:golang/stdlib@1.21.3",
    "pkg:golang/github.com/gorilla/mux@v1.8.0",
    "pkg:golang/golang.org/x/net@v0.12.0", NULL };

static void
scan_mem(struct run *r, const unsigned char *b, size_t len,
    const struct dep_sigset *set)
{
	struct dep_blob blob = { -1, b, len };

	run_init(r);
	CU_ASSERT_EQUAL(dep_binary_scan(&blob, set, &r->p), ASSAY_OK);
}

static void
test_go(void)
{
	unsigned char sect[1024], *elf;
	size_t n = 0, len, ml = sizeof(modinfo) - 1;
	struct run r;

	/* Go 1.18+: inline varint-length strings after the header. */
	memcpy(sect, "\xff Go buildinf:", 14);
	sect[14] = 8;
	sect[15] = 2;
	memset(sect + 16, 0, 16);
	n = 32;
	sect[n++] = 8;
	memcpy(sect + n, "go1.21.3", 8);
	n += 8;
	sect[n++] = (unsigned char)(0x80 | (ml & 0x7f));
	sect[n++] = (unsigned char)(ml >> 7);
	memcpy(sect + n, modinfo, ml);
	n += ml;
	elf = build_elf(".go.buildinfo", sect, n, &len);
	CU_ASSERT_PTR_NOT_NULL_FATAL(elf);
	scan_mem(&r, elf, len, NULL);
	expect(&r.l, "go inline", want_go);
	CU_ASSERT(find(&r.l, "pkg:golang/stdlib@1.21.3") != NULL &&
	    strcmp(find(&r.l, "pkg:golang/stdlib@1.21.3")->product, "go") == 0);
	dep_list_release(&r.l);
	free(elf);

	/* Older linkers: two pointers to Go string headers. */
	memset(sect, 0, sizeof(sect));
	memcpy(sect, "\xff Go buildinf:", 14);
	sect[14] = 8;
	sect[15] = 0;
	put(sect, 16, ELF_BASE + DATA_OFF + 32, 8);
	put(sect, 24, ELF_BASE + DATA_OFF + 48, 8);
	put(sect, 32, ELF_BASE + DATA_OFF + 64, 8);
	put(sect, 40, 8, 8);
	put(sect, 48, ELF_BASE + DATA_OFF + 72, 8);
	put(sect, 56, ml, 8);
	memcpy(sect + 64, "go1.21.3", 8);
	memcpy(sect + 72, modinfo, ml);
	elf = build_elf(".go.buildinfo", sect, 72 + ml, &len);
	CU_ASSERT_PTR_NOT_NULL_FATAL(elf);
	scan_mem(&r, elf, len, NULL);
	expect(&r.l, "go pointers", want_go);
	dep_list_release(&r.l);
	/* A pointer out of the file is a parse error, not a crash. */
	put(elf, DATA_OFF + 56, 1u << 30, 8);
	scan_mem(&r, elf, len, NULL);
	CU_ASSERT(strstr(r.p.err, "Go build info") != NULL);
	dep_list_release(&r.l);
	free(elf);
}

/*
 * A PE32+ file whose .data section holds old-format Go build info: the
 * header is found by content and its pointers map through the sections.
 */
static void
test_go_pe(void)
{
	const uint64_t base = 0x140000000ull, rva = 0x1000, raw = 0x200;
	size_t ml = sizeof(modinfo) - 1, len = 0x200 + 0x400;
	unsigned char *pe = calloc(1, len), *d;
	struct run r;

	CU_ASSERT_PTR_NOT_NULL_FATAL(pe);
	pe[0] = 'M';
	pe[1] = 'Z';
	put(pe, 0x3c, 0x80, 4);
	memcpy(pe + 0x80, "PE\0\0", 4);
	put(pe, 0x84, 0x8664, 2);
	put(pe, 0x86, 2, 2);		/* two sections */
	put(pe, 0x94, 240, 2);		/* optional header size */
	put(pe, 0x98, 0x20b, 2);	/* PE32+ */
	put(pe, 0x98 + 24, base, 8);
	/* .rdata first, with a look-alike magic that must be ignored. */
	memcpy(pe + 0x188, ".rdata", 6);
	put(pe, 0x188 + 8, 0x10, 4);
	put(pe, 0x188 + 12, 0x800, 4);
	put(pe, 0x188 + 16, 0x10, 4);
	put(pe, 0x188 + 20, 0x1f0, 4);
	memcpy(pe + 0x1f0, "\xff Go buildinf:", 14);
	memcpy(pe + 0x1b0, ".data", 5);
	put(pe, 0x1b0 + 8, 0x400, 4);
	put(pe, 0x1b0 + 12, rva, 4);
	put(pe, 0x1b0 + 16, 0x400, 4);
	put(pe, 0x1b0 + 20, raw, 4);
	d = pe + raw;
	memcpy(d, "\xff Go buildinf:", 14);
	d[14] = 8;
	put(d, 16, base + rva + 32, 8);
	put(d, 24, base + rva + 48, 8);
	put(d, 32, base + rva + 64, 8);
	put(d, 40, 8, 8);
	put(d, 48, base + rva + 72, 8);
	put(d, 56, ml, 8);
	memcpy(d + 64, "go1.21.3", 8);
	memcpy(d + 72, modinfo, ml);
	scan_mem(&r, pe, len, NULL);
	expect(&r.l, "go pe", want_go);
	CU_ASSERT_STRING_EQUAL(r.p.err, "");
	dep_list_release(&r.l);
	free(pe);
}

static void
test_auditable(void)
{
	static const char json[] =
	    "{\"packages\":[{\"name\":\"myapp\",\"version\":\"0.1.0\","
	    "\"source\":\"local\",\"root\":true},{\"name\":\"serde\","
	    "\"version\":\"1.0.188\",\"source\":\"registry\"},{\"name\":"
	    "\"libc\",\"version\":\"0.2.147\",\"source\":\"registry\","
	    "\"kind\":\"build\"}]}";
	unsigned char z[1024], *elf;
	uLongf zl = sizeof(z);
	size_t len;
	struct run r;

	CU_ASSERT_FATAL(compress(z, &zl, (const Bytef *)json,
	    sizeof(json) - 1) == Z_OK);
	elf = build_elf(".dep-v0", z, zl, &len);
	CU_ASSERT_PTR_NOT_NULL_FATAL(elf);
	scan_mem(&r, elf, len, NULL);
	CU_ASSERT_EQUAL(r.l.n, 2);
	CU_ASSERT_PTR_NOT_NULL(find(&r.l, "pkg:cargo/serde@1.0.188"));
	CU_ASSERT_PTR_NOT_NULL(find(&r.l, "pkg:cargo/libc@0.2.147"));
	dep_list_release(&r.l);
	/* A broken stream: one parse error. */
	elf[DATA_OFF + 5] ^= 0xff;
	elf[DATA_OFF + 6] ^= 0xff;
	scan_mem(&r, elf, len, NULL);
	CU_ASSERT(r.p.err[0] != '\0');
	dep_list_release(&r.l);
	free(elf);
}

/* The shipped signature files, read from the source tree. */
static struct dep_sigset *
shipped(void)
{
	static const char *const files[] = { "openssl.json", "libressl.json",
	    "zlib.json", "busybox.json", "dropbear.json", "openssh.json",
	    "curl.json", "lighttpd.json", "nginx.json", "dnsmasq.json",
	    "sqlite.json", "u-boot.json", "linux.json", "glibc.json",
	    "uclibc.json", "musl.json" };
	struct dep_sigset *set = NULL;
	char path[1024], err[256], *text;
	size_t i, len;

	for (i = 0; i < NELEM(files); i++) {
		(void)snprintf(path, sizeof(path), "%s/../probes/dependencies/"
		    "data/signatures/%s", ASSAY_TEST_SOURCE_DIR, files[i]);
		text = assay_test_read_file(path, &len);
		ASSAY_CHECKF(text != NULL, "read %s", path);
		if (text == NULL)
			continue;
		ASSAY_CHECKF(dep_sigset_load(&set, text, len, files[i], err,
		    sizeof(err)) == ASSAY_OK, "%s: %s", files[i], err);
		free(text);
	}
	return set;
}

static void
test_signatures(void)
{
	static const struct {
		const char *text, *purl, *product;
	} rows[] = {
		{ "OpenSSL 3.0.11 19 Sep 2023", "pkg:generic/openssl@3.0.11",
		    "openssl" },
		{ "OpenSSL 1.1.1w  11 Sep 2023", "pkg:generic/openssl@1.1.1w",
		    "openssl" },
		{ "LibreSSL 3.8.2", "pkg:generic/libressl@3.8.2", "libressl" },
		{ " inflate 1.2.13 Copyright 1995-2022 Mark Adler ",
		    "pkg:generic/zlib@1.2.13", "zlib" },
		{ "BusyBox v1.36.1 (2023-06-10 10:00:00 UTC)",
		    "pkg:generic/busybox@1.36.1", "busybox" },
		{ "SSH-2.0-dropbear_2022.83", "pkg:generic/dropbear@2022.83",
		    "dropbear" },
		{ "OpenSSH_9.2p1 Debian-2", "pkg:generic/openssh@9.2p1",
		    "openssh" },
		{ "libcurl/7.88.1 OpenSSL", "pkg:generic/libcurl@7.88.1",
		    "curl" },
		{ "lighttpd/1.4.69", "pkg:generic/lighttpd@1.4.69", "lighttpd" },
		{ "Server: nginx/1.24.0\r\n", "pkg:generic/nginx@1.24.0",
		    "nginx" },
		{ "dnsmasq-2.89", "pkg:generic/dnsmasq@2.89", "dnsmasq" },
		{ "2022-12-28 14:03:47 df5c253c0b3dd24916e4ec7cf77d3db5294cc9fd",
		    "pkg:generic/sqlite@3.40.1", "sqlite" },
		{ "U-Boot 2023.01 (Jan 10 2023 - 12:00:00 +0000)",
		    "pkg:generic/u-boot@2023.01", "u-boot" },
		{ "U-Boot 2023.01+dfsg-2+deb12u3 (Jun 22 2026 - 08:38:07)",
		    "pkg:generic/u-boot@2023.01", "u-boot" },
		{ "U-Boot SPL 2024.04-rc2-00012-gabc (Mar 1 2024)",
		    "pkg:generic/u-boot@2024.04-rc2", "u-boot" },
		{ "Linux version 5.10.110 (builder@host) (gcc 12)",
		    "pkg:generic/linux@5.10.110", "linux" },
		{ "vermagic=5.15.0 SMP preempt mod_unload aarch64",
		    "pkg:generic/linux@5.15.0", "linux" },
		{ "GNU C Library (Debian GLIBC 2.36-9) stable release version "
		    "2.36.", "pkg:generic/glibc@2.36", "glibc" },
		{ "uClibc-ng 1.0.44", "pkg:generic/uclibc@1.0.44", "uclibc" },
		{ "musl libc (x86_64)\nVersion %s\n", NULL, NULL },
		{ "/proc/self/fd/ then 1.2.4", NULL, NULL },
	};
	/* musl's version follows "/proc/self/fd/", both NUL-terminated. */
	static const char musl[] = "\177ELF\0\0\0\0/proc/self/fd/\0" "1.2.4\0"
	    "Unsupported request %d\0";
	struct dep_sigset *set = shipped();
	unsigned char *big;
	size_t i, n, at;
	struct run r;

	CU_ASSERT_PTR_NOT_NULL_FATAL(set);
	for (i = 0; i < NELEM(rows); i++) {
		char buf[512];

		/* Strings sit between NULs, as in .rodata. */
		memset(buf, 0, sizeof(buf));
		memcpy(buf, "\177ELF", 4);
		memcpy(buf + 8, rows[i].text, strlen(rows[i].text));
		n = 8 + strlen(rows[i].text) + 4;
		scan_mem(&r, (unsigned char *)buf, n, set);
		if (rows[i].purl == NULL) {
			ASSAY_CHECKF(r.l.n == 0, "row %zu: %zu found", i,
			    r.l.n);
		} else {
			ASSAY_CHECKF(r.l.n == 1 && strcmp(r.l.v[0].purl,
			    rows[i].purl) == 0 && strcmp(r.l.v[0].product,
			    rows[i].product) == 0, "row %zu: %s", i,
			    r.l.n ? r.l.v[0].purl : "nothing");
		}
		dep_list_release(&r.l);
	}
	scan_mem(&r, (const unsigned char *)musl, sizeof(musl) - 1, set);
	ASSAY_CHECKF(r.l.n == 1 && strcmp(r.l.v[0].purl,
	    "pkg:generic/musl@1.2.4") == 0, "musl: %s",
	    r.l.n ? r.l.v[0].purl : "nothing");
	dep_list_release(&r.l);
	/*
	 * 3 MiB with the same string straddling each chunk boundary and
	 * repeated: one component, found across the overlap.
	 */
	n = 3u << 20;
	big = calloc(1, n);
	CU_ASSERT_PTR_NOT_NULL_FATAL(big);
	memcpy(big, "\177ELF", 4);
	for (at = (1u << 20) - 10; at + 40 < n; at += 1u << 20)
		memcpy(big + at, "nginx/1.25.3 ", 13);
	memcpy(big + 100, "nginx/1.25.3 ", 13);
	memcpy(big + 200, "nginx/1.20.0 ", 13);
	scan_mem(&r, big, n, set);
	CU_ASSERT_EQUAL(r.l.n, 2);
	CU_ASSERT_PTR_NOT_NULL(find(&r.l, "pkg:generic/nginx@1.25.3"));
	CU_ASSERT_PTR_NOT_NULL(find(&r.l, "pkg:generic/nginx@1.20.0"));
	dep_list_release(&r.l);
	/* Only at a boundary. */
	memset(big + 100, 0, 200);
	memset(big + (2u << 20) - 10, 0, 13);
	memset(big + (3u << 20) - 10 - (1u << 20) + (1u << 20), 0, 0);
	scan_mem(&r, big, n, set);
	CU_ASSERT_EQUAL(r.l.n, 1);
	dep_list_release(&r.l);
	free(big);

	/* Bad signature files are refused with a reason. */
	{
		struct dep_sigset *bad = NULL;
		char err[256];

		CU_ASSERT_EQUAL(dep_sigset_load(&bad, "{\"product\":\"x\","
		    "\"signatures\":[{\"literal\":\"a\",\"regex\":\"(\"}]}",
		    52, "x.json", err, sizeof(err)), ASSAY_ERR_INVALID);
		CU_ASSERT(strstr(err, "x.json") != NULL);
		CU_ASSERT_EQUAL(dep_sigset_load(&bad, "[]", 2, "y.json", err,
		    sizeof(err)), ASSAY_ERR_INVALID);
		dep_sigset_free(bad);
	}
	dep_sigset_free(set);
}

/* ---- SBOMs ---------------------------------------------------------------- */

static void
test_sbom(void)
{
	static const char cdx[] =
	    "{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.5\","
	    "\"components\":[{\"type\":\"library\",\"name\":\"express\","
	    "\"version\":\"4.18.2\",\"purl\":\"pkg:npm/express@4.18.2\","
	    "\"bom-ref\":\"a\",\"components\":[{\"name\":\"core\",\"version\":"
	    "\"16.2.0\",\"purl\":\"pkg:npm/%40angular/core@16.2.0?x=y\"}]},"
	    "{\"name\":\"zlib\",\"version\":\"1.2.13\",\"group\":\"madler\"},"
	    "{\"name\":\"openssl\",\"purl\":\"pkg:deb/debian/openssl@"
	    "3.0.11-1~deb12u2\"}]}";
	static const char spdx[] =
	    "{\"spdxVersion\":\"SPDX-2.3\",\"packages\":[{\"name\":\"curl\","
	    "\"versionInfo\":\"7.88.1-10\",\"externalRefs\":[{"
	    "\"referenceCategory\":\"PACKAGE-MANAGER\",\"referenceType\":"
	    "\"purl\",\"referenceLocator\":\"pkg:deb/debian/curl@7.88.1-10?"
	    "arch=amd64\"}]},{\"name\":\"Django\",\"versionInfo\":\"4.2.3\"}]}";
	struct dep_list found = DEP_LIST_INIT;
	struct dep_component *c;
	struct dep_sbom sb;
	char format[32];
	size_t *idx = NULL, n;
	struct run r;

	run_init(&r);
	CU_ASSERT_EQUAL(sbom_parse(cdx, strlen(cdx), &r.p, format,
	    sizeof(format)), ASSAY_OK);
	CU_ASSERT_STRING_EQUAL(format, "CycloneDX 1.5");
	CU_ASSERT_PTR_NOT_NULL(find(&r.l, "pkg:npm/express@4.18.2"));
	CU_ASSERT_PTR_NOT_NULL(find(&r.l, "pkg:npm/%40angular/core@16.2.0"));
	CU_ASSERT_PTR_NOT_NULL(find(&r.l, "pkg:generic/madler/zlib@1.2.13"));
	CU_ASSERT_PTR_NOT_NULL(find(&r.l,
	    "pkg:deb/debian/openssl@3.0.11-1~deb12u2"));
	CU_ASSERT_EQUAL(r.l.n, 4);

	/* The omission check against what was found. */
	memset(&sb, 0, sizeof(sb));
	sb.listed = r.l;
	sb.format = format;
	CU_ASSERT_PTR_NOT_NULL(dep_list_add(&found, "npm", NULL, "express",
	    "4.18.2", DEP_LOCKFILE, NULL, 0, NULL));
	CU_ASSERT_PTR_NOT_NULL(dep_list_add(&found, "npm", NULL, "debug",
	    "2.6.9", DEP_LOCKFILE, NULL, 0, NULL));
	CU_ASSERT_PTR_NOT_NULL(dep_list_add(&found, "npm", NULL, "debug",
	    "2.6.9", DEP_MANIFEST, NULL, 0, NULL));
	CU_ASSERT_PTR_NOT_NULL(dep_list_add(&found, "generic", "madler",
	    "ZLIB", "1.2.13", DEP_BINARY, NULL, 0, NULL));
	CU_ASSERT_PTR_NOT_NULL(dep_list_add(&found, "npm", NULL, "left-pad",
	    "1.3.0", DEP_SBOM, NULL, 0, NULL));
	/* A binary's openssl 3.0.11 is the SBOM's Debian openssl 3.0.11-1. */
	c = dep_list_add(&found, "generic", NULL, "openssl", "3.0.11",
	    DEP_BINARY, NULL, 0, NULL);
	CU_ASSERT(c != NULL && dep_set_product(c, "openssl") == 0);
	c = dep_list_add(&found, "generic", NULL, "openssl", "3.0.1",
	    DEP_BINARY, NULL, 0, NULL);
	CU_ASSERT(c != NULL && dep_set_product(c, "openssl") == 0);
	n = dep_sbom_omitted(&found, &sb, &idx);
	CU_ASSERT_EQUAL(n, 2);
	CU_ASSERT(n == 2 && idx[0] == 1 && idx[1] == 6);
	free(idx);
	dep_list_release(&found);
	dep_list_release(&r.l);

	run_init(&r);
	CU_ASSERT_EQUAL(sbom_parse(spdx, strlen(spdx), &r.p, format,
	    sizeof(format)), ASSAY_OK);
	CU_ASSERT_STRING_EQUAL(format, "SPDX 2.3");
	CU_ASSERT_PTR_NOT_NULL(find(&r.l, "pkg:deb/debian/curl@7.88.1-10"));
	CU_ASSERT_PTR_NOT_NULL(find(&r.l, "pkg:generic/Django@4.2.3"));
	dep_list_release(&r.l);

	/* A hostile purl type is a parse error, not a failure. */
	{
		static const char odd[] = "{\"bomFormat\":\"CycloneDX\","
		    "\"specVersion\":\"1.4\",\"components\":[{\"purl\":"
		    "\"pkg:1bad/x@1\"},{\"purl\":\"pkg:a b/x@1\"},{\"purl\":"
		    "\"pkg:npm/ok@1\"}]}";

		run_init(&r);
		CU_ASSERT_EQUAL(sbom_parse(odd, strlen(odd), &r.p, format,
		    sizeof(format)), ASSAY_OK);
		CU_ASSERT_EQUAL(r.p.nomem, 0);
		CU_ASSERT(r.p.err[0] != '\0');
		CU_ASSERT_PTR_NOT_NULL(find(&r.l, "pkg:npm/ok@1"));
		dep_list_release(&r.l);
	}
	run_init(&r);
	CU_ASSERT_EQUAL(sbom_parse("{\"name\":\"x\"}", 12, &r.p, format,
	    sizeof(format)), ASSAY_ERR_NOT_FOUND);
	dep_list_release(&r.l);
	run_init(&r);
	{
		static const char bad[] = "{\"bomFormat\":\"CycloneDX\",\n"
		    "\"components\": [\n{\"purl\": \"pkg:npm/x@1\"}\n,]}";

		CU_ASSERT_EQUAL(sbom_parse(bad, strlen(bad), &r.p, format,
		    sizeof(format)), ASSAY_OK);
	}
	CU_ASSERT_EQUAL(r.p.err_line, 4);
	dep_list_release(&r.l);
}

static CU_TestInfo tests[] = {
	{ "purl", test_purl },
	{ "component list", test_list },
	{ "npm", test_npm },
	{ "python", test_python },
	{ "rust php ruby dotnet", test_rust_php_ruby_dotnet },
	{ "java", test_java },
	{ "os databases", test_os },
	{ "rpm", test_rpm },
	{ "go build info", test_go },
	{ "go build info in PE", test_go_pe },
	{ "cargo-auditable", test_auditable },
	{ "signatures", test_signatures },
	{ "sbom", test_sbom },
	CU_TEST_INFO_NULL
};

static CU_SuiteInfo suites[] = {
	{ "deps_discover", NULL, NULL, assay_test_setup, assay_test_teardown,
	    tests },
	CU_SUITE_INFO_NULL
};

int
main(void)
{
	return assay_test_run(suites);
}
