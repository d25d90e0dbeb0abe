/*
 * PHP: composer.lock, whose "packages" and "packages-dev" arrays name each
 * installed package "vendor/name" with the version resolved.
 */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "discover.h"

static void
add_packages(struct dep_parse *p, json_t *arr)
{
	const char *full, *slash;
	json_t *pk;
	char *vendor;
	size_t i;

	if (arr == NULL || json_is_null(arr))
		return;
	if (!json_is_array(arr)) {
		dep_parse_fail(p, 0, "packages is not an array");
		return;
	}
	json_array_foreach(arr, i, pk) {
		full = json_string_value(json_object_get(pk, "name"));
		if (full == NULL || (slash = strchr(full, '/')) == NULL) {
			dep_parse_fail(p, 0, "package %zu has no vendor/name",
			    i);
			continue;
		}
		if ((vendor = strndup(full, (size_t)(slash - full))) == NULL) {
			p->nomem = 1;
			return;
		}
		(void)dep_parse_add(p, "composer", vendor, slash + 1,
		    json_string_value(json_object_get(pk, "version")), 0);
		free(vendor);
		if (p->nomem)
			return;
	}
}

enum assay_err
composer_lock_parse(const char *buf, size_t len, struct dep_parse *p)
{
	json_error_t jerr;
	json_t *root;

	if ((root = json_loadb(buf, len, 0, &jerr)) == NULL) {
		dep_parse_fail(p, (unsigned long)(jerr.line > 0 ? jerr.line :
		    0), "not JSON: %s", jerr.text);
		return ASSAY_OK;
	}
	if (!json_is_object(root))
		dep_parse_fail(p, 1, "not a JSON object");
	else {
		add_packages(p, json_object_get(root, "packages"));
		add_packages(p, json_object_get(root, "packages-dev"));
	}
	json_decref(root);
	return dep_parse_status(p);
}

enum assay_err
discover_php(struct assay_scan *scan, struct dep_list *l)
{
	return dep_each_file(scan, l, "**/composer.lock", DEP_JSON_MAX, NULL,
	    NULL, composer_lock_parse, DEP_LOCKFILE, "composer.lock");
}
