/* Package names from lock files and SBOMs for "assay db update" (names.h). */
#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "names.h"

#define NAMES_FILE_MAX	((size_t)256 << 20)

void
dep_name_list_release(struct dep_name_list *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
	l->v = NULL;
	l->n = 0;
}

static int
add_name(struct dep_name_list *l, const char *name)
{
	char **nv;
	size_t i;

	for (i = 0; i < l->n; i++)
		if (strcmp(l->v[i], name) == 0)
			return 0;
	if ((nv = realloc(l->v, (l->n + 1) * sizeof(*nv))) == NULL)
		return -1;
	l->v = nv;
	if ((l->v[l->n] = strdup(name)) == NULL)
		return -1;
	l->n++;
	return 0;
}

static int
hexval(int c)
{
	if (isdigit(c))
		return c - '0';
	c = tolower(c);
	return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* Copies [s, e) percent-decoded into out[len]. */
static int
decode(const char *s, const char *e, char *out, size_t len)
{
	size_t n = 0;
	int hi, lo;

	for (; s < e; s++) {
		if (n + 1 >= len)
			return -1;
		if (*s == '%' && e - s >= 3 &&
		    (hi = hexval((unsigned char)s[1])) >= 0 &&
		    (lo = hexval((unsigned char)s[2])) >= 0) {
			out[n++] = (char)(hi << 4 | lo);
			s += 2;
		} else {
			out[n++] = *s;
		}
	}
	out[n] = '\0';
	return memchr(out, '\0', n) == NULL ? 0 : -1;
}

int
dep_purl_split(const char *purl, char *type, size_t tlen, char *ns,
    size_t nslen, char *name, size_t namelen)
{
	const char *p, *end, *slash, *at;
	size_t i;

	if (strncmp(purl, "pkg:", 4) != 0)
		return -1;
	p = purl + 4;
	while (*p == '/')
		p++;
	end = p + strcspn(p, "?#");
	if ((slash = memchr(p, '/', (size_t)(end - p))) == NULL ||
	    decode(p, slash, type, tlen) == -1)
		return -1;
	for (i = 0; type[i] != '\0'; i++)
		type[i] = (char)tolower((unsigned char)type[i]);
	p = slash + 1;
	/* The version follows the last '@' of the name, not a scope's. */
	for (at = end; at > p && at[-1] != '@' && at[-1] != '/'; at--)
		;
	if (at > p && at[-1] == '@')
		end = at - 1;
	for (slash = end; slash > p && slash[-1] != '/'; slash--)
		;
	if (slash > p) {
		if (decode(p, slash - 1, ns, nslen) == -1)
			return -1;
	} else if (nslen > 0) {
		ns[0] = '\0';
	}
	return decode(slash, end, name, namelen) == -1 || name[0] == '\0' ?
	    -1 : 0;
}

/* The snapshot key for a purl of ecosystem eco, as age.c forms it. */
static int
add_purl(struct dep_name_list *l, const char *purl, const char *eco)
{
	char type[32], ns[512], name[512], key[1100];

	if (purl == NULL || dep_purl_split(purl, type, sizeof(type), ns,
	    sizeof(ns), name, sizeof(name)) == -1 || strcmp(type, eco) != 0)
		return 0;
	if (ns[0] == '\0')
		snprintf(key, sizeof(key), "%s", name);
	else if (strcmp(eco, "maven") == 0)
		snprintf(key, sizeof(key), "%s:%s", ns, name);
	else
		snprintf(key, sizeof(key), "%s/%s", ns, name);
	return add_name(l, key);
}

static int
cyclonedx(const json_t *components, const char *eco,
    struct dep_name_list *l, unsigned depth)
{
	json_t *c;
	size_t i;

	if (depth > 32)
		return 0;
	json_array_foreach(components, i, c) {
		if (add_purl(l, json_string_value(json_object_get(c, "purl")),
		    eco) == -1 ||
		    cyclonedx(json_object_get(c, "components"), eco, l,
		    depth + 1) == -1)
			return -1;
	}
	return 0;
}

static int
spdx(const json_t *packages, const char *eco, struct dep_name_list *l)
{
	json_t *p, *ref;
	size_t i, j;

	json_array_foreach(packages, i, p) {
		json_array_foreach(json_object_get(p, "externalRefs"), j, ref) {
			const char *t = json_string_value(json_object_get(ref,
			    "referenceType"));

			if (t != NULL && strcmp(t, "purl") == 0 &&
			    add_purl(l, json_string_value(json_object_get(ref,
			    "referenceLocator")), eco) == -1)
				return -1;
		}
	}
	return 0;
}

/* package-lock.json v2/v3 "packages" keys, or v1 "dependencies". */
static int
npm_lock(const json_t *doc, struct dep_name_list *l, unsigned depth)
{
	const char *key, *nm;
	json_t *v;

	json_object_foreach(json_object_get(doc, "packages"), key, v) {
		nm = strstr(key, "node_modules/");
		while (nm != NULL && strstr(nm + 13, "node_modules/") != NULL)
			nm = strstr(nm + 13, "node_modules/");
		if (nm != NULL && !json_is_true(json_object_get(v, "link")) &&
		    add_name(l, nm + 13) == -1)
			return -1;
	}
	if (depth > 64)
		return 0;
	json_object_foreach(json_object_get(doc, "dependencies"), key, v) {
		if (add_name(l, key) == -1 || npm_lock(v, l, depth + 1) == -1)
			return -1;
	}
	return 0;
}

int
dep_names_from_file(const char *path, const char *eco,
    struct dep_name_list *l, char *err, size_t errlen)
{
	json_error_t je;
	json_t *doc;
	int rc = 0;

	doc = json_load_file(path, JSON_REJECT_DUPLICATES, &je);
	if (doc == NULL) {
		snprintf(err, errlen, "%s: not a JSON lock file or SBOM: %s",
		    path, je.text);
		return 2;
	}
	if (json_is_string(json_object_get(doc, "bomFormat")))
		rc = cyclonedx(json_object_get(doc, "components"), eco, l, 0);
	else if (json_is_string(json_object_get(doc, "spdxVersion")))
		rc = spdx(json_object_get(doc, "packages"), eco, l);
	else if (json_is_integer(json_object_get(doc, "lockfileVersion")))
		rc = strcmp(eco, "npm") == 0 ? npm_lock(doc, l, 0) : 0;
	else {
		snprintf(err, errlen, "%s: neither a CycloneDX or SPDX SBOM "
		    "nor a package-lock.json", path);
		json_decref(doc);
		return 2;
	}
	json_decref(doc);
	if (rc == -1) {
		snprintf(err, errlen, "out of memory");
		return 4;
	}
	return 0;
}
