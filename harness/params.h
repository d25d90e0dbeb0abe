/*
 * Probe parameters as a scan uses them: the profile's, overlaid with the
 * tester's "--set PROBE.KEY=VALUE" settings (the command line, recorded in
 * the manifest, says which were given).
 */
#ifndef ASSAY_PARAMS_H
#define ASSAY_PARAMS_H

#include <stddef.h>

#include "error.h"
#include "registry.h"

/*
 * Builds *outp (a json_t object, probe name -> params object) from the
 * profile's params and the settings.  A VALUE that parses as JSON is taken
 * as that JSON, anything else as a string.  Errors (ASSAY_ERR_USAGE) name
 * the setting: no '.' or '=', or a probe that is not loaded.
 */
enum assay_err assay_params_overlay(const void *profile_params,
    const char *const *settings, size_t n, const struct assay_registry *reg,
    void **outp, struct assay_error *err);

void assay_params_free(void *params);

#endif
