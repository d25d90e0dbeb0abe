/* The defaults of DESIGN.md, in one place. */
#include "scan_limits.h"

void
assay_limits_init(struct assay_limits *l)
{
	l->total_bytes = 16ull << 30;
	l->entry_bytes = 4ull << 30;
	l->entries = 2000000;
	l->depth = 8;
	l->ratio = 1000;
	l->ratio_after = 64ull << 20;
	l->path_bytes = 4096;
	l->wall_seconds = 3600;
	l->probe_cpu_seconds = 300;
	l->probe_memory = 2ull << 30;
	l->probe_wall_seconds = 900;
}
