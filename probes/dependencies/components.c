/*
 * The component list and package URLs.  Every string a component holds is
 * a private copy, valid UTF-8 and non-empty where required, so that the
 * rest of the probe can put it in evidence as it is; every purl is built
 * here, in the canonical form of the package-url specification.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "assay/buf.h"
#include "assay/size.h"
#include "deps.h"
#include "discover.h"

#define PURL_MAX	(64u << 10)	/* bytes of one purl */
#define FIELD_MAX	(16u << 10)	/* bytes of one name, version, ... */

/* True when s[0..n) is well-formed UTF-8 without NUL or controls. */
static int
utf8_ok(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	unsigned char c;
	size_t k, need;
	unsigned long cp;

	while ((c = *p) != '\0') {
		if (c < 0x80) {
			if (c < 0x20 || c == 0x7f)
				return 0;
			p++;
			continue;
		}
		if (c >= 0xc2 && c <= 0xdf) {
			need = 1;
			cp = c & 0x1f;
		} else if (c >= 0xe0 && c <= 0xef) {
			need = 2;
			cp = c & 0x0f;
		} else if (c >= 0xf0 && c <= 0xf4) {
			need = 3;
			cp = c & 0x07;
		} else
			return 0;
		for (k = 1; k <= need; k++) {
			if ((p[k] & 0xc0) != 0x80)
				return 0;
			cp = (cp << 6) | (p[k] & 0x3f);
		}
		/* Overlong forms, surrogates and values past U+10FFFF. */
		if ((need == 2 && cp < 0x800) || (need == 3 && cp < 0x10000) ||
		    (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff)
			return 0;
		p += need + 1;
	}
	return 1;
}

int
dep_text_ok(const char *s)
{
	return s != NULL && *s != '\0' && strlen(s) <= FIELD_MAX && utf8_ok(s);
}

/* Percent-encodes s: only unreserved characters and ':' stay as they are. */
static enum assay_err
encode(struct assay_buf *b, const char *s, size_t n)
{
	static const char hex[] = "0123456789ABCDEF";
	enum assay_err r = ASSAY_OK;
	unsigned char c;
	char esc[3];
	size_t i;

	for (i = 0; i < n && r == ASSAY_OK; i++) {
		c = (unsigned char)s[i];
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || c == '-' || c == '.' ||
		    c == '_' || c == '~' || c == ':') {
			r = assay_buf_add(b, &s[i], 1);
			continue;
		}
		esc[0] = '%';
		esc[1] = hex[c >> 4];
		esc[2] = hex[c & 0xf];
		r = assay_buf_add(b, esc, 3);
	}
	return r;
}

/* The normalisations the purl types ask for. */
static int
type_lowers_name(const char *type)
{
	static const char *const lower[] = { "npm", "pypi", "composer", "deb",
	    "apk", "opkg", "github", "bitbucket", NULL };
	size_t i;

	for (i = 0; lower[i] != NULL; i++)
		if (strcmp(type, lower[i]) == 0)
			return 1;
	return 0;
}

static int
type_lowers_namespace(const char *type)
{
	return type_lowers_name(type) || strcmp(type, "rpm") == 0;
}

static char *
normalise(const char *type, const char *s, int lower)
{
	char *o;
	size_t i;

	if ((o = strdup(s)) == NULL)
		return NULL;
	for (i = 0; o[i] != '\0'; i++) {
		if (lower && o[i] >= 'A' && o[i] <= 'Z')
			o[i] = (char)(o[i] - 'A' + 'a');
		if (strcmp(type, "pypi") == 0 && o[i] == '_')
			o[i] = '-';
	}
	return o;
}

/* Appends the namespace, each '/'-separated segment encoded, and '/'. */
static enum assay_err
add_namespace(struct assay_buf *b, const char *ns)
{
	enum assay_err r = ASSAY_OK;
	const char *seg, *end;
	size_t n;

	for (seg = ns; *seg != '\0' && r == ASSAY_OK; seg = end) {
		while (*seg == '/')
			seg++;
		if ((end = strchr(seg, '/')) == NULL)
			end = seg + strlen(seg);
		if ((n = (size_t)(end - seg)) == 0)
			continue;
		r = encode(b, seg, n);
		if (r == ASSAY_OK)
			r = assay_buf_adds(b, "/");
	}
	return r;
}

/* Appends "?k=v&..." with each value encoded; qualifiers are k=v&k=v. */
static enum assay_err
add_qualifiers(struct assay_buf *b, const char *q)
{
	enum assay_err r = ASSAY_OK;
	const char *pair, *end, *eq;
	int first = 1;

	for (pair = q; *pair != '\0' && r == ASSAY_OK; pair = end) {
		if (*pair == '&')
			pair++;
		if ((end = strchr(pair, '&')) == NULL)
			end = pair + strlen(pair);
		if ((eq = memchr(pair, '=', (size_t)(end - pair))) == NULL ||
		    eq + 1 == end)
			continue;
		r = assay_buf_adds(b, first ? "?" : "&");
		first = 0;
		if (r == ASSAY_OK)
			r = assay_buf_add(b, pair, (size_t)(eq + 1 - pair));
		if (r == ASSAY_OK)
			r = encode(b, eq + 1, (size_t)(end - eq - 1));
	}
	return r;
}

int
dep_type_ok(const char *type)
{
	size_t i;

	/* ASCII letters, digits, '.', '+', '-'; a letter first. */
	for (i = 0; type[i] != '\0' && i <= 64; i++)
		if (!((type[i] >= 'a' && type[i] <= 'z') ||
		    (type[i] >= 'A' && type[i] <= 'Z') ||
		    (i > 0 && type[i] >= '0' && type[i] <= '9') ||
		    (i > 0 && (type[i] == '.' || type[i] == '+' ||
		    type[i] == '-'))))
			return 0;
	return i > 0 && i <= 64;
}

char *
dep_purl_build(const char *type, const char *namespace_, const char *name,
    const char *version, const char *qualifiers)
{
	struct assay_buf b = ASSAY_BUF_INIT(PURL_MAX);
	char *ltype = NULL, *ns = NULL, *nm = NULL, *out = NULL;
	enum assay_err r;

	if (!dep_text_ok(type) || !dep_text_ok(name) ||
	    (namespace_ != NULL && *namespace_ != '\0' &&
	    !dep_text_ok(namespace_)) ||
	    (version != NULL && *version != '\0' && !dep_text_ok(version)) ||
	    (qualifiers != NULL && !utf8_ok(qualifiers)))
		return NULL;
	if (!dep_type_ok(type) || (ltype = normalise("", type, 1)) == NULL)
		goto out;
	if (namespace_ != NULL && (ns = normalise(ltype, namespace_,
	    type_lowers_namespace(ltype))) == NULL)
		goto out;
	if ((nm = normalise(ltype, name, type_lowers_name(ltype))) == NULL)
		goto out;
	r = assay_buf_addf(&b, "pkg:%s/", ltype);
	if (r == ASSAY_OK && ns != NULL)
		r = add_namespace(&b, ns);
	if (r == ASSAY_OK)
		r = encode(&b, nm, strlen(nm));
	if (r == ASSAY_OK && version != NULL && *version != '\0') {
		r = assay_buf_adds(&b, "@");
		if (r == ASSAY_OK)
			r = encode(&b, version, strlen(version));
	}
	if (r == ASSAY_OK && qualifiers != NULL)
		r = add_qualifiers(&b, qualifiers);
	if (r == ASSAY_OK)
		out = assay_buf_detach(&b, NULL);
 out:
	assay_buf_release(&b);
	free(ltype);
	free(ns);
	free(nm);
	return out;
}

static char *
dup_or_null(const char *s)
{
	return s == NULL ? NULL : strdup(s);
}

void
dep_component_release(struct dep_component *c)
{
	free(c->ecosystem);
	free(c->namespace_);
	free(c->name);
	free(c->version);
	free(c->purl);
	free(c->product);
	free(c->source);
	free(c->latest);
	free(c->eol_cycle);
	free(c->qualifiers);
	memset(c, 0, sizeof(*c));
}

struct dep_component *
dep_list_add(struct dep_list *l, const char *ecosystem, const char *namespace_,
    const char *name, const char *version, enum dep_method method,
    const struct assay_entry *entry, unsigned long line, const char *source)
{
	struct dep_component *c, *v;
	size_t cap;

	if (!dep_text_ok(ecosystem) || !dep_text_ok(name) || !dep_text_ok(version) ||
	    (namespace_ != NULL && *namespace_ != '\0' &&
	    !dep_text_ok(namespace_)) || (source != NULL && !utf8_ok(source)))
		return NULL;
	if (namespace_ != NULL && *namespace_ == '\0')
		namespace_ = NULL;
	if (l->n == l->cap) {
		cap = l->cap == 0 ? 16 : l->cap;
		if (!assay_size_mul(&cap, cap, 2) ||
		    (v = reallocarray(l->v, cap, sizeof(*v))) == NULL)
			return NULL;
		l->v = v;
		l->cap = cap;
	}
	c = &l->v[l->n];
	memset(c, 0, sizeof(*c));
	c->ecosystem = normalise("", ecosystem, 1);
	c->namespace_ = dup_or_null(namespace_);
	c->name = strdup(name);
	c->version = strdup(version);
	c->source = dup_or_null(source);
	c->purl = dep_purl_build(ecosystem, namespace_, name, version, NULL);
	if (c->ecosystem == NULL || (namespace_ != NULL &&
	    c->namespace_ == NULL) || c->name == NULL || c->version == NULL ||
	    (source != NULL && c->source == NULL) || c->purl == NULL) {
		dep_component_release(c);
		return NULL;
	}
	c->method = method;
	c->entry = entry;
	c->line = line;
	c->age = DEP_AGE_UNKNOWN;
	c->eol = -1;
	l->n++;
	return c;
}

static int
key_ok(const char *k)
{
	size_t i;

	if (!((k[0] >= 'a' && k[0] <= 'z') || k[0] == '.' || k[0] == '-' ||
	    k[0] == '_'))
		return 0;
	for (i = 0; k[i] != '\0'; i++)
		if (!((k[i] >= 'a' && k[i] <= 'z') ||
		    (k[i] >= '0' && k[i] <= '9') || k[i] == '.' ||
		    k[i] == '-' || k[i] == '_'))
			return 0;
	return i > 0 && i <= 64;
}

int
dep_add_qualifier(struct dep_component *c, const char *key, const char *value)
{
	struct assay_buf b = ASSAY_BUF_INIT(PURL_MAX);
	const char *pair, *end;
	size_t klen = strlen(key);
	char *q = NULL, *purl;
	int placed = 0, rc = -1;

	if (value == NULL || *value == '\0')
		return 0;
	if (!key_ok(key) || !dep_text_ok(value) || strchr(value, '&') != NULL)
		return 1;
	/* Merge into the sorted list, replacing an earlier value of key. */
	for (pair = c->qualifiers == NULL ? "" : c->qualifiers;
	    *pair != '\0'; pair = *end == '&' ? end + 1 : end) {
		if ((end = strchr(pair, '&')) == NULL)
			end = pair + strlen(pair);
		if (strncmp(pair, key, klen) == 0 && pair[klen] == '=')
			continue;
		if (!placed && strncmp(pair, key, klen) > 0) {
			if (assay_buf_addf(&b, "%s%s=%s", b.len ? "&" : "",
			    key, value) != ASSAY_OK)
				goto out;
			placed = 1;
		}
		if ((b.len && assay_buf_adds(&b, "&") != ASSAY_OK) ||
		    assay_buf_add(&b, pair, (size_t)(end - pair)) != ASSAY_OK)
			goto out;
	}
	if (!placed && assay_buf_addf(&b, "%s%s=%s", b.len ? "&" : "", key,
	    value) != ASSAY_OK)
		goto out;
	if ((q = assay_buf_detach(&b, NULL)) == NULL)
		goto out;
	if ((purl = dep_purl_build(c->ecosystem, c->namespace_, c->name,
	    c->version, q)) == NULL)
		goto out;
	free(c->purl);
	c->purl = purl;
	free(c->qualifiers);
	c->qualifiers = q;
	q = NULL;
	rc = 0;
 out:
	free(q);
	assay_buf_release(&b);
	return rc;
}

int
dep_set_product(struct dep_component *c, const char *product)
{
	char *p;

	if (!dep_text_ok(product) || (p = strdup(product)) == NULL)
		return -1;
	free(c->product);
	c->product = p;
	return 0;
}

void
dep_list_release(struct dep_list *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		dep_component_release(&l->v[i]);
	free(l->v);
	l->v = NULL;
	l->n = l->cap = 0;
}

const char *
dep_method_name(enum dep_method m)
{
	switch (m) {
	case DEP_SBOM:
		return "sbom";
	case DEP_LOCKFILE:
		return "lockfile";
	case DEP_MANIFEST:
		return "manifest";
	case DEP_PACKAGE_DB:
		return "package-db";
	case DEP_BINARY:
		return "binary";
	}
	return "unknown";
}

enum assay_err
dep_parse_error(struct assay_scan *scan, const struct assay_entry *e,
    unsigned long line, const char *what)
{
	const unsigned char *sha = assay_entry_sha256(e);
	struct assay_finding f = { "dependencies.parse-error", e, line, NULL };
	char hex[65], *ev = NULL;
	json_t *o;
	enum assay_err r = ASSAY_ERR_NOMEM;
	size_t i;

	if ((o = json_object()) == NULL)
		return ASSAY_ERR_NOMEM;
	if (sha != NULL) {
		for (i = 0; i < 32; i++)
			(void)snprintf(&hex[2 * i], 3, "%02x", sha[i]);
		if (json_object_set_new(o, "sha256", json_string(hex)) != 0)
			goto out;
	}
	if (json_object_set_new(o, "file", json_string(assay_entry_path(e)))
	    != 0 || json_object_set_new(o, "what", json_string(what)) != 0 ||
	    json_object_set_new(o, "line", json_integer((json_int_t)line)) != 0)
		goto out;
	if ((ev = json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS)) == NULL)
		goto out;
	f.evidence = ev;
	if (line > 0)
		r = assay_scan_report(scan, &f, "%s: line %lu: %s",
		    assay_entry_path(e), line, what);
	else
		r = assay_scan_report(scan, &f, "%s: %s", assay_entry_path(e),
		    what);
 out:
	free(ev);
	json_decref(o);
	return r;
}
