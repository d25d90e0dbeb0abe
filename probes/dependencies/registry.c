/* Registry clients (registry.h). */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "registry.h"
#include "timeparse.h"
#include "versions.h"

#define URL_MAX		4096

static void
say(char *why, size_t whylen, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void
say(char *why, size_t whylen, const char *fmt, ...)
{
	va_list ap;

	if (why == NULL || whylen == 0)
		return;
	va_start(ap, fmt);
	vsnprintf(why, whylen, fmt, ap);
	va_end(ap);
}

bool
dep_registry_supported(const char *eco)
{
	return strcmp(eco, "npm") == 0 || strcmp(eco, "pypi") == 0 ||
	    strcmp(eco, "cargo") == 0 || strcmp(eco, "golang") == 0 ||
	    strcmp(eco, "maven") == 0;
}

/* Appends s percent-encoded; keep lists bytes left as they are. */
static int
append_encoded(char *url, size_t len, const char *s, const char *keep)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t n = strlen(url);
	unsigned char c;

	for (; *s != '\0'; s++) {
		c = (unsigned char)*s;
		if (isalnum(c) || strchr("-._~", c) != NULL ||
		    (keep != NULL && strchr(keep, c) != NULL)) {
			if (n + 1 >= len)
				return -1;
			url[n++] = (char)c;
		} else {
			if (n + 3 >= len)
				return -1;
			url[n++] = '%';
			url[n++] = hex[c >> 4];
			url[n++] = hex[c & 15];
		}
	}
	url[n] = '\0';
	return 0;
}

static int
append(char *url, size_t len, const char *s)
{
	size_t n = strlen(url), m = strlen(s);

	if (n + m >= len)
		return -1;
	memcpy(url + n, s, m + 1);
	return 0;
}

static int
start_url(char *url, size_t len, const char *base)
{
	size_t n = strlen(base);

	while (n > 0 && base[n - 1] == '/')
		n--;
	if (n == 0 || n >= len || strncmp(base, "https://", 8) != 0)
		return -1;
	memcpy(url, base, n);
	url[n] = '\0';
	return 0;
}

static json_t *
new_package(json_t **versionsp)
{
	json_t *pkg = json_object(), *v = json_object();

	if (pkg == NULL || v == NULL || json_object_set_new(pkg, "versions",
	    v) == -1) {
		json_decref(pkg);
		return NULL;
	}
	*versionsp = v;
	return pkg;
}

/* Adds version v released at t (earliest wins: re-uploads do not count). */
static int
add_version(json_t *versions, const char *v, int64_t t)
{
	const char *old = json_string_value(json_object_get(versions, v));
	int64_t was;
	char buf[21];

	if (v[0] == '\0' || strlen(v) > 256)
		return 0;
	if (old != NULL && dep_parse_time(old, &was) == 0 && was <= t)
		return 0;
	dep_format_time(t, buf);
	return json_object_set_new(versions, v, json_string(buf));
}

static json_t *
load(const char *body, size_t len)
{
	return json_loadb(body, len, JSON_REJECT_DUPLICATES, NULL);
}

/* Fills versions from one registry's answer; -1 when it is not that shape. */
typedef int (*fill_fn)(json_t *doc, json_t *versions);

/*
 * Parses an answer into {"versions": {v: time}, "latest": v}; latest is
 * read from doc[latest_in][latest_key] when latest_in is not NULL.
 */
static json_t *
parse_answer(const char *body, size_t len, fill_fn fill,
    const char *latest_in, const char *latest_key)
{
	json_t *doc = load(body, len), *pkg = NULL, *versions;
	const char *latest;

	if (doc == NULL || (pkg = new_package(&versions)) == NULL ||
	    fill(doc, versions) == -1)
		goto fail;
	if (latest_in != NULL) {
		latest = json_string_value(json_object_get(json_object_get(doc,
		    latest_in), latest_key));
		if (latest != NULL && json_object_set_new(pkg, "latest",
		    json_string(latest)) == -1)
			goto fail;
	}
	json_decref(doc);
	return pkg;
 fail:
	json_decref(pkg);
	json_decref(doc);
	return NULL;
}

static int
fill_npm(json_t *doc, json_t *versions)
{
	json_t *t;
	const char *v;
	int64_t when;

	if (!json_is_object(json_object_get(doc, "time")))
		return -1;
	json_object_foreach(json_object_get(doc, "time"), v, t) {
		/* "created" and "modified" are not versions. */
		if (strcmp(v, "created") == 0 || strcmp(v, "modified") == 0 ||
		    dep_parse_time(json_string_value(t), &when) == -1)
			continue;
		if (add_version(versions, v, when) == -1)
			return -1;
	}
	return 0;
}

json_t *
dep_registry_parse_npm(const char *body, size_t len)
{
	return parse_answer(body, len, fill_npm, "dist-tags", "latest");
}

/* PyPI's upload_time has no zone; it is UTC. */
static int
pypi_time(const json_t *file, int64_t *t)
{
	const char *iso = json_string_value(json_object_get(file,
	    "upload_time_iso_8601"));
	const char *plain = json_string_value(json_object_get(file,
	    "upload_time"));
	char buf[40];

	if (iso != NULL && dep_parse_time(iso, t) == 0)
		return 0;
	if (plain == NULL || strlen(plain) > 30)
		return -1;
	snprintf(buf, sizeof(buf), "%sZ", plain);
	return dep_parse_time(buf, t);
}

static int
fill_pypi(json_t *doc, json_t *versions)
{
	json_t *files, *f;
	const char *v;
	int64_t when, first;
	size_t i;
	bool live;

	if (!json_is_object(json_object_get(doc, "releases")))
		return -1;
	json_object_foreach(json_object_get(doc, "releases"), v, files) {
		first = -1;
		live = false;
		json_array_foreach(files, i, f) {
			if (pypi_time(f, &when) == -1)
				continue;
			if (!json_is_true(json_object_get(f, "yanked")))
				live = true;
			if (first == -1 || when < first)
				first = when;
		}
		/* A release whose every file was yanked was withdrawn. */
		if (first != -1 && live && add_version(versions, v, first) == -1)
			return -1;
	}
	return 0;
}

json_t *
dep_registry_parse_pypi(const char *body, size_t len)
{
	return parse_answer(body, len, fill_pypi, "info", "version");
}

static int
fill_cargo(json_t *doc, json_t *versions)
{
	json_t *ver;
	const char *v;
	int64_t when;
	size_t i;

	if (!json_is_array(json_object_get(doc, "versions")))
		return -1;
	json_array_foreach(json_object_get(doc, "versions"), i, ver) {
		v = json_string_value(json_object_get(ver, "num"));
		if (v == NULL || json_is_true(json_object_get(ver, "yanked")) ||
		    dep_parse_time(json_string_value(json_object_get(ver,
		    "created_at")), &when) == -1)
			continue;
		if (add_version(versions, v, when) == -1)
			return -1;
	}
	return 0;
}

json_t *
dep_registry_parse_cargo(const char *body, size_t len)
{
	return parse_answer(body, len, fill_cargo, "crate",
	    "max_stable_version");
}

static int
fill_maven(json_t *doc, json_t *versions)
{
	json_t *docs = json_object_get(json_object_get(doc, "response"),
	    "docs"), *d;
	const char *v;
	json_int_t ms;
	size_t i;

	if (!json_is_array(docs))
		return -1;
	json_array_foreach(docs, i, d) {
		v = json_string_value(json_object_get(d, "v"));
		if (v == NULL || !json_is_integer(json_object_get(d,
		    "timestamp")))
			continue;
		ms = json_integer_value(json_object_get(d, "timestamp"));
		if (ms < 0)
			continue;
		if (add_version(versions, v, (int64_t)(ms / 1000)) == -1)
			return -1;
	}
	return 0;
}

json_t *
dep_registry_parse_maven(const char *body, size_t len)
{
	return parse_answer(body, len, fill_maven, NULL, NULL);
}

/* The Go proxy's case encoding: "Azure" is "!azure". */
static int
go_escape(const char *module, char *out, size_t len)
{
	size_t n = 0;

	for (; *module != '\0'; module++) {
		unsigned char c = (unsigned char)*module;

		if (n + 3 >= len)
			return -1;
		if (isupper(c)) {
			out[n++] = '!';
			out[n++] = (char)tolower(c);
		} else if (isalnum(c) || strchr("-._~/", c) != NULL) {
			out[n++] = (char)c;
		} else {
			return -1;
		}
	}
	out[n] = '\0';
	return 0;
}

static int
cmp_go(const void *a, const void *b)
{
	return -dep_version_cmp("golang", *(char *const *)a,
	    *(char *const *)b);
}

static enum assay_err
golang(const char *base, const char *module, dep_fetch_fn fetch, void *ctx,
    size_t max, json_t **pkgp, char *why, size_t whylen)
{
	char url[URL_MAX], esc[URL_MAX / 2], *list_text = NULL, *line, *save;
	char *vv[DEP_REGISTRY_GO_VERSIONS_MAX * 4];
	unsigned char *body = NULL;
	json_t *pkg = NULL, *versions, *info = NULL;
	size_t len, n = 0, i;
	int64_t when;
	enum assay_err r;

	if (go_escape(module, esc, sizeof(esc)) == -1 ||
	    start_url(url, sizeof(url), base) == -1 ||
	    append(url, sizeof(url), "/") == -1 ||
	    append(url, sizeof(url), esc) == -1 ||
	    append(url, sizeof(url), "/@v/list") == -1) {
		say(why, whylen, "module path or registry address unusable");
		return ASSAY_ERR_USAGE;
	}
	if ((r = fetch(ctx, url, max, &body, &len)) != ASSAY_OK) {
		say(why, whylen, "%s: no answer", url);
		return r;
	}
	list_text = (char *)body;
	for (line = strtok_r(list_text, "\n", &save); line != NULL &&
	    n < sizeof(vv) / sizeof(vv[0]); line = strtok_r(NULL, "\n", &save))
		if (line[0] == 'v' && strlen(line) < 200)
			vv[n++] = line;
	/* The newest first: those are the ones age is measured against. */
	qsort(vv, n, sizeof(vv[0]), cmp_go);
	if (n > DEP_REGISTRY_GO_VERSIONS_MAX)
		n = DEP_REGISTRY_GO_VERSIONS_MAX;
	if ((pkg = new_package(&versions)) == NULL) {
		r = ASSAY_ERR_NOMEM;
		goto out;
	}
	for (i = 0; i < n; i++) {
		unsigned char *ib = NULL;
		size_t ilen;

		if (start_url(url, sizeof(url), base) == -1 ||
		    append(url, sizeof(url), "/") == -1 ||
		    append(url, sizeof(url), esc) == -1 ||
		    append(url, sizeof(url), "/@v/") == -1 ||
		    append_encoded(url, sizeof(url), vv[i], "+") == -1 ||
		    append(url, sizeof(url), ".info") == -1)
			continue;
		if (fetch(ctx, url, max, &ib, &ilen) != ASSAY_OK)
			continue;
		info = load((const char *)ib, ilen);
		free(ib);
		if (info != NULL && dep_parse_time(json_string_value(
		    json_object_get(info, "Time")), &when) == 0 &&
		    add_version(versions, vv[i], when) == -1) {
			r = ASSAY_ERR_NOMEM;
			goto out;
		}
		json_decref(info);
		info = NULL;
	}
	*pkgp = pkg;
	pkg = NULL;
	r = ASSAY_OK;
 out:
	json_decref(info);
	json_decref(pkg);
	free(body);
	return r;
}

enum assay_err
dep_registry_releases(const char *eco, const char *base, const char *key,
    dep_fetch_fn fetch, void *ctx, size_t max, json_t **pkgp, char *why,
    size_t whylen)
{
	json_t *(*parse)(const char *, size_t) = NULL;
	char url[URL_MAX];
	const char *colon;
	unsigned char *body = NULL;
	size_t len;
	enum assay_err r;
	int bad = 0;

	*pkgp = NULL;
	if (strcmp(eco, "golang") == 0)
		return golang(base, key, fetch, ctx, max, pkgp, why, whylen);
	bad = start_url(url, sizeof(url), base);
	if (strcmp(eco, "npm") == 0) {
		/* A scope's slash is part of the name: "@s%2Fname". */
		bad = bad || append(url, sizeof(url), "/") == -1 ||
		    append_encoded(url, sizeof(url), key, "@") == -1;
		parse = dep_registry_parse_npm;
	} else if (strcmp(eco, "pypi") == 0) {
		bad = bad || append(url, sizeof(url), "/pypi/") == -1 ||
		    append_encoded(url, sizeof(url), key, NULL) == -1 ||
		    append(url, sizeof(url), "/json") == -1;
		parse = dep_registry_parse_pypi;
	} else if (strcmp(eco, "cargo") == 0) {
		bad = bad || append(url, sizeof(url), "/api/v1/crates/") == -1 ||
		    append_encoded(url, sizeof(url), key, NULL) == -1;
		parse = dep_registry_parse_cargo;
	} else if (strcmp(eco, "maven") == 0) {
		char group[1024];

		colon = strchr(key, ':');
		if (colon == NULL || (size_t)(colon - key) >= sizeof(group)) {
			bad = 1;
		} else {
			memcpy(group, key, (size_t)(colon - key));
			group[colon - key] = '\0';
			bad = bad || append(url, sizeof(url),
			    "/solrsearch/select?q=g:%22") == -1 ||
			    append_encoded(url, sizeof(url), group, NULL) ==
			    -1 || append(url, sizeof(url), "%22+AND+a:%22") ==
			    -1 || append_encoded(url, sizeof(url), colon + 1,
			    NULL) == -1 || append(url, sizeof(url),
			    "%22&core=gav&rows=200&wt=json") == -1;
		}
		parse = dep_registry_parse_maven;
	} else {
		say(why, whylen, "no registry client for %s", eco);
		return ASSAY_ERR_USAGE;
	}
	if (bad) {
		say(why, whylen, "registry address or name unusable");
		return ASSAY_ERR_USAGE;
	}
	if ((r = fetch(ctx, url, max, &body, &len)) != ASSAY_OK) {
		say(why, whylen, "%s: no answer", url);
		return r;
	}
	*pkgp = parse((const char *)body, len);
	free(body);
	if (*pkgp == NULL) {
		say(why, whylen, "%s: the answer does not parse", url);
		return ASSAY_ERR_INVALID;
	}
	return ASSAY_OK;
}
