/*
 * Deciding from a file's first bytes (and its name) whether it is worth
 * opening as an archive, and naming formats assay knows but cannot open
 * (file-system images libarchive does not read), so that coverage can say
 * so instead of staying silent.
 */
#ifndef ASSAY_SNIFF_H
#define ASSAY_SNIFF_H

#include <stddef.h>

/* Bytes of a file's head that assay_sniff() looks at. */
#define ASSAY_SNIFF_HEAD	2048
/* Offset of the ISO 9660 "CD001" signature, past the head. */
#define ASSAY_SNIFF_ISO_OFFSET	32769

enum assay_sniff {
	ASSAY_SNIFF_NONE = 0,	/* not an archive as far as we can tell */
	ASSAY_SNIFF_ARCHIVE,	/* worth opening */
	ASSAY_SNIFF_UNSUPPORTED	/* a format assay cannot open */
};

/*
 * Judges head[0..n) of a file called name; iso is non-zero when the ISO
 * 9660 signature was seen at its offset.  *what names the format for
 * messages (static; "" when unknown).
 */
enum assay_sniff assay_sniff(const unsigned char *head, size_t n,
    const char *name, int iso, const char **what);

#endif
