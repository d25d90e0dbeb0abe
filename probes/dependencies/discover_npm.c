/*
 * npm: package-lock.json and npm-shrinkwrap.json (lockfileVersion 1 to 3)
 * and the package.json of each installed package under node_modules.
 * Workspace folders, links and non-registry versions are first-party or
 * unversioned and are left out.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "discover.h"

/* Splits "@scope/name" into namespace and name; adds the component. */
static void
add_npm(struct dep_parse *p, const char *full, const char *version)
{
	const char *slash;
	char *ns = NULL;

	if (full[0] == '@' && (slash = strchr(full, '/')) != NULL &&
	    slash[1] != '\0') {
		if ((ns = strndup(full, (size_t)(slash - full))) == NULL) {
			p->nomem = 1;
			return;
		}
		(void)dep_parse_add(p, "npm", ns, slash + 1, version, 0);
	} else
		(void)dep_parse_add(p, "npm", NULL, full, version, 0);
	free(ns);
}

/* A v1 version: "1.2.3", "npm:real@1.2.3" (an alias) or a URL (skipped). */
static void
add_v1(struct dep_parse *p, const char *name, const char *version)
{
	const char *at;
	char *real;

	if (strncmp(version, "npm:", 4) == 0) {
		version += 4;
		/* The last '@' after the first character separates them. */
		if ((at = strrchr(version + 1, '@')) == NULL) {
			dep_parse_fail(p, 0, "alias of %.64s without a version",
			    name);
			return;
		}
		if ((real = strndup(version, (size_t)(at - version))) == NULL) {
			p->nomem = 1;
			return;
		}
		add_npm(p, real, at + 1);
		free(real);
		return;
	}
	if (strchr(version, ':') != NULL || strchr(version, '/') != NULL)
		return;		/* git, file or tarball: no registry version */
	add_npm(p, name, version);
}

static void
walk_v1(struct dep_parse *p, json_t *deps, unsigned depth)
{
	const char *name;
	json_t *d, *v;

	if (!json_is_object(deps))
		return;
	if (depth > DEP_NEST_MAX) {
		dep_parse_fail(p, 0, "dependencies nested deeper than %u",
		    DEP_NEST_MAX);
		return;
	}
	json_object_foreach(deps, name, d) {
		if (!json_is_object(d)) {
			dep_parse_fail(p, 0, "dependency %.64s is not an object",
			    name);
			continue;
		}
		v = json_object_get(d, "version");
		if (!json_is_string(v))
			dep_parse_fail(p, 0, "dependency %.64s has no version",
			    name);
		else
			add_v1(p, name, json_string_value(v));
		walk_v1(p, json_object_get(d, "dependencies"), depth + 1);
		if (p->nomem)
			return;
	}
}

/* v2 and v3: "packages" keyed by install path. */
static void
walk_packages(struct dep_parse *p, json_t *pkgs)
{
	const char *path, *nm, *name;
	json_t *d, *v, *n;

	json_object_foreach(pkgs, path, d) {
		if ((nm = strstr(path, "node_modules/")) == NULL)
			continue;	/* the root or a workspace folder */
		while ((name = strstr(nm + 1, "node_modules/")) != NULL)
			nm = name;
		name = nm + strlen("node_modules/");
		if (!json_is_object(d)) {
			dep_parse_fail(p, 0, "package %.64s is not an object",
			    path);
			continue;
		}
		if (json_is_true(json_object_get(d, "link")))
			continue;
		n = json_object_get(d, "name");
		if (json_is_string(n))
			name = json_string_value(n);
		v = json_object_get(d, "version");
		if (!json_is_string(v)) {
			dep_parse_fail(p, 0, "package %.64s has no version",
			    path);
			continue;
		}
		add_npm(p, name, json_string_value(v));
		if (p->nomem)
			return;
	}
}

enum assay_err
npm_lock_parse(const char *buf, size_t len, struct dep_parse *p)
{
	json_error_t jerr;
	json_t *root, *pkgs;

	if ((root = json_loadb(buf, len, JSON_REJECT_DUPLICATES, &jerr)) ==
	    NULL) {
		dep_parse_fail(p, (unsigned long)(jerr.line > 0 ? jerr.line :
		    0), "not JSON: %s", jerr.text);
		return ASSAY_OK;
	}
	if (!json_is_object(root)) {
		dep_parse_fail(p, 1, "not a JSON object");
		goto out;
	}
	pkgs = json_object_get(root, "packages");
	if (json_is_object(pkgs))
		walk_packages(p, pkgs);
	else
		walk_v1(p, json_object_get(root, "dependencies"), 0);
 out:
	json_decref(root);
	return dep_parse_status(p);
}

enum assay_err
npm_package_parse(const char *buf, size_t len, struct dep_parse *p)
{
	json_error_t jerr;
	json_t *root, *n, *v;

	if ((root = json_loadb(buf, len, 0, &jerr)) == NULL) {
		dep_parse_fail(p, (unsigned long)(jerr.line > 0 ? jerr.line :
		    0), "not JSON: %s", jerr.text);
		return ASSAY_OK;
	}
	n = json_object_get(root, "name");
	v = json_object_get(root, "version");
	if (!json_is_string(n) || !json_is_string(v))
		dep_parse_fail(p, 1, "package.json without name and version");
	else
		add_npm(p, json_string_value(n), json_string_value(v));
	json_decref(root);
	return dep_parse_status(p);
}

/*
 * A package's own manifest: node_modules/NAME/package.json or
 * node_modules/@SCOPE/NAME/package.json, not one deeper inside it.
 */
static int
installed_manifest(const struct assay_entry *e, void *arg)
{
	const char *name = assay_entry_name(e), *nm = NULL, *q, *rest;

	(void)arg;
	for (q = name; (q = strstr(q, "node_modules/")) != NULL; q++)
		if (q == name || q[-1] == '/')
			nm = q;
	if (nm == NULL)
		return 0;
	rest = nm + strlen("node_modules/");
	if (*rest == '@' && (rest = strchr(rest, '/')) != NULL)
		rest++;
	if (rest == NULL || (q = strchr(rest, '/')) == NULL)
		return 0;
	return strcmp(q, "/package.json") == 0 && q != rest;
}

enum assay_err
discover_npm(struct assay_scan *scan, struct dep_list *l)
{
	enum assay_err r;

	r = dep_each_file(scan, l, "**/package-lock.json", DEP_JSON_MAX, NULL, NULL,
	    npm_lock_parse, DEP_LOCKFILE, "package-lock.json");
	if (r == ASSAY_OK)
		r = dep_each_file(scan, l, "**/npm-shrinkwrap.json",
		    DEP_JSON_MAX, NULL, NULL, npm_lock_parse, DEP_LOCKFILE,
		    "npm-shrinkwrap.json");
	if (r == ASSAY_OK)
		r = dep_each_file(scan, l, "**/node_modules/**/package.json",
		    1u << 20, installed_manifest, NULL, npm_package_parse,
		    DEP_MANIFEST, "node_modules package.json");
	return r;
}
