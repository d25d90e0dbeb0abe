/*
 * A map from an entry's normalised name to its inventory index, one per
 * container while it is unpacked: it finds duplicates, hard-link targets
 * and symlinks that a later name would pass through.  The hash is keyed
 * with a per-process random seed so that hostile names cannot be chosen
 * to collide.
 */
#ifndef ASSAY_NAMEMAP_H
#define ASSAY_NAMEMAP_H

#include <stddef.h>
#include <stdint.h>

struct assay_namemap;

struct assay_namemap *assay_namemap_new(void);
void assay_namemap_free(struct assay_namemap *m);

/*
 * Maps name (n bytes; the bytes are kept by reference and must outlive the
 * map) to value, replacing an earlier value.  0, or -1 when out of memory.
 */
int assay_namemap_put(struct assay_namemap *m, const char *name, size_t n,
    uint32_t value);

/* The value for name[0..n), or UINT32_MAX. */
uint32_t assay_namemap_get(const struct assay_namemap *m, const char *name,
    size_t n);

#endif
