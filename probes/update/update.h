/*
 * The update probe's parts.  update.c holds the probe and its rules.
 *   config.c    the rules catalogue (data/rules.json) over update
 *               configuration, scripts and units; update endpoints
 *   tuf.c       shipped TUF metadata
 *   bundles.c   RAUC, SWUpdate and Mender update bundles
 */
#ifndef ASSAY_UPDATE_H
#define ASSAY_UPDATE_H

#include "assay/probe.h"

enum assay_err update_config_run(struct assay_scan *scan);
enum assay_err update_tuf_run(struct assay_scan *scan);
enum assay_err update_bundles_run(struct assay_scan *scan);

#endif
