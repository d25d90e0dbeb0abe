/*
 * The one list of built-in probes.  main.c hands it to the registry, the
 * same path a plug-in takes.  Each probe lives in probes/<name>/.
 */
#include <stddef.h>

#include "assay/probe.h"
#include "builtin.h"

const struct assay_probe *const assay_builtin_probes[] = {
	&assay_signing_probe,
	&assay_update_probe,
	&assay_credentials_probe,
	&assay_dependencies_probe,
	NULL
};
