/* The unpacking and probe limits, each configurable on the command line. */
#ifndef ASSAY_SCAN_LIMITS_H
#define ASSAY_SCAN_LIMITS_H

#include <stddef.h>
#include <stdint.h>

struct assay_limits {
	uint64_t total_bytes;	/* all entries' bytes together */
	uint64_t entry_bytes;	/* one entry's bytes */
	uint64_t entries;	/* entries of all artefacts together */
	unsigned depth;		/* archives within archives */
	uint64_t ratio;		/* bytes out per byte of archive */
	uint64_t ratio_after;	/* bytes out of one archive before ratio applies */
	size_t path_bytes;	/* one entry's name */
	uint64_t wall_seconds;	/* unpacking all artefacts; 0: none */
	uint64_t probe_cpu_seconds;
	uint64_t probe_memory;	/* address space, bytes */
	uint64_t probe_wall_seconds;
};

/* Fills in the defaults of DESIGN.md. */
void assay_limits_init(struct assay_limits *l);

#endif
