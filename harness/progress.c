/* The progress line: entries, bytes and rate while unpacking. */
#include "progress.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <unistd.h>

void
assay_progress_init(struct assay_progress *p, bool quiet)
{
	p->enabled = !quiet && isatty(STDERR_FILENO);
	p->shown = false;
	clock_gettime(CLOCK_MONOTONIC, &p->start);
}

void
assay_progress_status(struct assay_progress *p, const char *fmt, ...)
{
	char line[160];
	va_list ap;

	if (!p->enabled)
		return;
	va_start(ap, fmt);
	(void)vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	/* \033[K clears what a longer earlier line left behind. */
	fprintf(stderr, "\r%s\033[K", line);
	fflush(stderr);
	p->shown = true;
}

void
assay_progress_unpack(void *arg, const struct assay_unpack_progress *u)
{
	struct assay_progress *p = arg;
	struct timespec now;
	double secs, mib;

	clock_gettime(CLOCK_MONOTONIC, &now);
	secs = (double)(now.tv_sec - p->start.tv_sec) +
	    (double)(now.tv_nsec - p->start.tv_nsec) / 1e9;
	mib = (double)u->bytes / (1024.0 * 1024.0);
	assay_progress_status(p, "unpacking %.60s: %" PRIu64 " entries, "
	    "%.1f MiB, %.1f MiB/s", u->current != NULL ? u->current : "",
	    u->entries, mib, secs > 0 ? mib / secs : 0.0);
}

void
assay_progress_done(struct assay_progress *p)
{
	if (p->enabled && p->shown) {
		fputs("\r\033[K", stderr);
		fflush(stderr);
		p->shown = false;
	}
}
