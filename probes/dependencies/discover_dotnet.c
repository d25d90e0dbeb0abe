/*
 * .NET: the *.deps.json the SDK writes beside every application; its
 * "libraries" object is keyed "Name/Version" and only entries of type
 * "package" came from a feed (the rest are the project and its
 * references).
 */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "discover.h"

enum assay_err
dotnet_deps_parse(const char *buf, size_t len, struct dep_parse *p)
{
	json_error_t jerr;
	json_t *root, *libs, *lib;
	const char *key, *slash;
	char *name;

	if ((root = json_loadb(buf, len, 0, &jerr)) == NULL) {
		dep_parse_fail(p, (unsigned long)(jerr.line > 0 ? jerr.line :
		    0), "not JSON: %s", jerr.text);
		return ASSAY_OK;
	}
	libs = json_object_get(root, "libraries");
	if (!json_is_object(libs)) {
		dep_parse_fail(p, 0, "no \"libraries\" object");
		goto out;
	}
	json_object_foreach(libs, key, lib) {
		if (!json_is_string(json_object_get(lib, "type")) ||
		    strcmp(json_string_value(json_object_get(lib, "type")),
		    "package") != 0)
			continue;
		if ((slash = strrchr(key, '/')) == NULL || slash == key) {
			dep_parse_fail(p, 0, "library %.64s is not Name/Version",
			    key);
			continue;
		}
		if ((name = strndup(key, (size_t)(slash - key))) == NULL) {
			p->nomem = 1;
			break;
		}
		(void)dep_parse_add(p, "nuget", NULL, name, slash + 1, 0);
		free(name);
		if (p->nomem)
			break;
	}
 out:
	json_decref(root);
	return dep_parse_status(p);
}

enum assay_err
discover_dotnet(struct assay_scan *scan, struct dep_list *l)
{
	return dep_each_file(scan, l, "**/*.deps.json", DEP_JSON_MAX, NULL,
	    NULL, dotnet_deps_parse, DEP_LOCKFILE, "deps.json");
}
