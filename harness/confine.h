/*
 * Opening paths beneath a directory descriptor without ever leaving it or
 * following a symlink: openat2(RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS) where
 * the kernel has it, otherwise a walk one component at a time with
 * O_NOFOLLOW.  Every path given here is relative and already normalised
 * (no "", "." or ".." components; see assay_path_normalise()).
 */
#ifndef ASSAY_CONFINE_H
#define ASSAY_CONFINE_H

#include <stddef.h>
#include <sys/types.h>

/*
 * Like openat(dirfd, rel, flags, mode), confined beneath dirfd.  Fails with
 * ELOOP when a component is a symlink, EXDEV or ELOOP on any escape.
 * O_NOFOLLOW and O_CLOEXEC are always added.  Returns the fd or -1 (errno).
 */
int assay_open_beneath(int dirfd, const char *rel, int flags, mode_t mode);

/*
 * Creates every missing directory of rel's parent (mode 0700), confined
 * beneath dirfd, and returns an fd for that parent with *basep pointing at
 * rel's last component.  -1 with errno on failure (ENOTDIR when a component
 * exists and is not a directory, ELOOP for a symlink).
 */
int assay_mkparents_beneath(int dirfd, const char *rel, const char **basep);

/* Removes dirfd/name recursively without following symlinks; 0 or -1. */
int assay_rmtree_at(int dirfd, const char *name);

/* Forces the fallback walk (for tests of the path without openat2). */
void assay_confine_force_fallback(int on);

#endif
