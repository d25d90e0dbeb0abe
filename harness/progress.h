/*
 * Progress on stderr while a scan runs, only when stderr is a terminal and
 * the tester did not ask for --quiet: one line, rewritten in place.
 */
#ifndef ASSAY_PROGRESS_H
#define ASSAY_PROGRESS_H

#include <stdbool.h>
#include <time.h>

#include "unpack.h"

struct assay_progress {
	bool enabled;
	bool shown;		/* a line is on screen */
	struct timespec start;
};

void assay_progress_init(struct assay_progress *p, bool quiet);

/* An assay_progress_fn for the unpacker; arg is the struct assay_progress. */
void assay_progress_unpack(void *arg, const struct assay_unpack_progress *u);

/* Shows a one-line status. */
void assay_progress_status(struct assay_progress *p, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Clears the line, if one is shown. */
void assay_progress_done(struct assay_progress *p);

#endif
