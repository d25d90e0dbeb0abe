/*
 * "assay db update": refreshes the release-date snapshots (age.h) from the
 * registries' public metadata through the caller's fetcher.  The command
 * line (harness/cli.c) parses options and supplies the fetcher.
 */
#ifndef ASSAY_DEPS_DBUPDATE_H
#define ASSAY_DEPS_DBUPDATE_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "registry.h"

struct deps_db_request {
	const char *const *ecosystems;	/* only these; none: every one with
					   a registry */
	size_t necosystems;
	const char *const *registries;	/* "ECOSYSTEM=https://..." */
	size_t nregistries;
	const char *const *packages;	/* "ECOSYSTEM:KEY" to add */
	size_t npackages;
	const char *const *from;	/* lock files and SBOMs to take names
					   from */
	size_t nfrom;
	const char *dir;		/* holds <ecosystem>.json */
	int64_t now;			/* the snapshot's "generated" */
	dep_fetch_fn fetch;
	void *ctx;
	FILE *log;			/* one line per package; NULL: quiet */
};

/* Exit statuses: 0 all refreshed, 1 some lookups failed, 2 usage, 4 other. */
int deps_db_update(const struct deps_db_request *q, char *err, size_t errlen);

#endif
