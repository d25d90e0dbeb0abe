/* Probe parameters: the profile's overlaid with --set (params.h). */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "params.h"

static enum assay_err
apply_one(json_t *all, const char *setting, const struct assay_registry *reg,
    struct assay_error *err)
{
	const char *dot, *eq;
	json_t *probe, *value;
	char *name = NULL, *key = NULL;
	enum assay_err r = ASSAY_ERR_NOMEM;

	dot = strchr(setting, '.');
	eq = strchr(setting, '=');
	if (dot == NULL || eq == NULL || dot > eq || dot == setting ||
	    eq == dot + 1)
		return assay_seterr(err, ASSAY_ERR_USAGE,
		    "--set wants PROBE.KEY=VALUE, not \"%s\"", setting);
	if ((name = strndup(setting, (size_t)(dot - setting))) == NULL ||
	    (key = strndup(dot + 1, (size_t)(eq - dot - 1))) == NULL)
		goto out;
	if (assay_registry_find(reg, name) == NULL) {
		r = assay_seterr(err, ASSAY_ERR_USAGE,
		    "--set %s: no probe named \"%s\" is loaded", setting, name);
		goto out;
	}
	value = json_loads(eq + 1, JSON_DECODE_ANY | JSON_REJECT_DUPLICATES,
	    NULL);
	if (value == NULL && (value = json_string(eq + 1)) == NULL) {
		r = assay_seterr(err, ASSAY_ERR_USAGE,
		    "--set %s: the value is not UTF-8", setting);
		goto out;
	}
	if ((probe = json_object_get(all, name)) == NULL) {
		if (json_object_set_new(all, name, json_object()) == -1 ||
		    (probe = json_object_get(all, name)) == NULL) {
			json_decref(value);
			goto out;
		}
	}
	if (json_object_set_new(probe, key, value) == -1)
		goto out;
	r = ASSAY_OK;
 out:
	if (r == ASSAY_ERR_NOMEM)
		assay_seterr(err, r, "out of memory");
	free(name);
	free(key);
	return r;
}

enum assay_err
assay_params_overlay(const void *profile_params, const char *const *settings,
    size_t n, const struct assay_registry *reg, void **outp,
    struct assay_error *err)
{
	json_t *all;
	enum assay_err r;
	size_t i;

	*outp = NULL;
	/* A deep copy, so that a setting never edits the profile. */
	all = profile_params != NULL ? json_deep_copy(profile_params) :
	    json_object();
	if (all == NULL)
		return assay_seterr(err, ASSAY_ERR_NOMEM, "out of memory");
	for (i = 0; i < n; i++)
		if ((r = apply_one(all, settings[i], reg, err)) != ASSAY_OK) {
			json_decref(all);
			return r;
		}
	*outp = all;
	return ASSAY_OK;
}

void
assay_params_free(void *params)
{
	json_decref(params);
}
