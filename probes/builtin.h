#ifndef ASSAY_PROBES_BUILTIN_H
#define ASSAY_PROBES_BUILTIN_H

#include "assay/probe.h"

/* The built-in probes, NULL-terminated. */
extern const struct assay_probe *const assay_builtin_probes[];

/* Each defined in probes/<name>/<name>.c. */
extern const struct assay_probe assay_signing_probe;
extern const struct assay_probe assay_update_probe;
extern const struct assay_probe assay_credentials_probe;
extern const struct assay_probe assay_dependencies_probe;

#endif
