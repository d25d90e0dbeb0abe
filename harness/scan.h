/*
 * The scan handle behind the probe API (scan.c implements assay/probe.h).
 * The parent fills in the shared part; the runner fills in the per-probe
 * part in each probe's child process.
 */
#ifndef ASSAY_SCAN_H
#define ASSAY_SCAN_H

#include <stdbool.h>
#include <stdint.h>

#include "fetch.h"
#include "inventory.h"
#include "registry.h"
#include "trust.h"
#include "workspace.h"

/* Upper bounds on what one probe may hand back to the parent. */
#define ASSAY_PROBE_OUTPUT_MAX	(256u << 20)	/* bytes of records */
#define ASSAY_RECORD_MAX	(1u << 20)	/* bytes of one record */

struct assay_scan {
	/* Shared by every probe. */
	struct assay_inventory *inv;
	struct assay_workspace *ws;
	const struct assay_fetch_opts *fetch;
	int64_t now;
	const struct assay_trust_set *trust; /* --trust files; NULL: none */

	/* One probe's, set in its child process. */
	const struct assay_probe_slot *slot;
	unsigned probe_bit;		/* its bit in the coverage masks */
	const void *params;		/* json_t object of its parameters; NULL */
	int out_fd;			/* records for the parent, JSON lines */
	uint64_t out_bytes;		/* written to out_fd so far */
	unsigned char *examined;	/* shared bitmap, one bit per entry */
};

/*
 * Records the parent reads back from a probe's out_fd, one JSON object per
 * line:
 *   {"finding": {"rule", "entry" (index or -1), "line", "message",
 *                "evidence" (object, optional)}}
 *   {"fetch": {"url", "sha256", "bytes", "cached"}}
 *   {"data": {"name", "sha256", "bytes"}}
 * A line cut short by a crash is ignored.
 */

/* Sets entry i's bit in the probe's examined bitmap. */
void assay_scan_mark(struct assay_scan *scan, size_t i);

#endif
