/*
 * gzip decoding for the unpacker, in front of libarchive.  libarchive's own
 * gzip filter does not check the trailer's CRC-32 and length, so a damaged
 * tarball can unpack "cleanly"; zlib's gzip mode checks both, member by
 * member, and a mismatch becomes a corrupt-archive finding.
 */
#ifndef ASSAY_GUNZIP_H
#define ASSAY_GUNZIP_H

#include <stdint.h>

struct archive;
struct assay_gunzip;

/*
 * Opens a (a reader with its formats enabled) over the gzip file at fd,
 * decoded here.  Returns ARCHIVE_OK or libarchive's error; *gp is freed by
 * assay_gunzip_free() after archive_read_free(a).
 */
int assay_gunzip_open(struct archive *a, int fd, struct assay_gunzip **gp);

/*
 * Decodes what is left of the stream once libarchive has stopped (a tar
 * ends before its gzip trailer), so that every member's trailer is checked.
 * Stops after max decoded bytes.  *nonzerop gets how many decoded bytes
 * were not zero padding.  Returns 0, 1 when max was reached, or -1 with the
 * reason in a's error string.
 */
int assay_gunzip_drain(struct archive *a, struct assay_gunzip *g,
    uint64_t max, uint64_t *nonzerop);

/* Bytes after the last gzip member that are not another member. */
uint64_t assay_gunzip_trailing(const struct assay_gunzip *g);

void assay_gunzip_free(struct assay_gunzip *g);

#endif
