/* Magic numbers of archive, compression and file-system image formats. */
#include "sniff.h"

#include <string.h>

struct magic {
	size_t off;
	const char *bytes;
	size_t len;
	enum assay_sniff kind;
	const char *what;
};

#define M(off, s, kind, what) { off, s, sizeof(s) - 1, kind, what }

static const struct magic magics[] = {
	M(0, "\x1f\x8b", ASSAY_SNIFF_ARCHIVE, "gzip"),
	M(0, "BZh", ASSAY_SNIFF_ARCHIVE, "bzip2"),
	M(0, "\xfd" "7zXZ\x00", ASSAY_SNIFF_ARCHIVE, "xz"),
	M(0, "\x28\xb5\x2f\xfd", ASSAY_SNIFF_ARCHIVE, "zstd"),
	M(0, "\x04\x22\x4d\x18", ASSAY_SNIFF_ARCHIVE, "lz4"),
	M(0, "LZIP", ASSAY_SNIFF_ARCHIVE, "lzip"),
	M(0, "\x1f\x9d", ASSAY_SNIFF_ARCHIVE, "compress"),
	M(0, "PK\x03\x04", ASSAY_SNIFF_ARCHIVE, "zip"),
	M(0, "PK\x05\x06", ASSAY_SNIFF_ARCHIVE, "zip"),
	M(0, "PK\x07\x08", ASSAY_SNIFF_ARCHIVE, "zip"),
	M(0, "7z\xbc\xaf\x27\x1c", ASSAY_SNIFF_ARCHIVE, "7-zip"),
	M(0, "!<arch>\n", ASSAY_SNIFF_ARCHIVE, "ar"),
	M(0, "070701", ASSAY_SNIFF_ARCHIVE, "cpio"),
	M(0, "070702", ASSAY_SNIFF_ARCHIVE, "cpio"),
	M(0, "070707", ASSAY_SNIFF_ARCHIVE, "cpio"),
	M(257, "ustar", ASSAY_SNIFF_ARCHIVE, "tar"),
	M(0, "\xed\xab\xee\xdb", ASSAY_SNIFF_ARCHIVE, "rpm"),
	M(0, "MSCF", ASSAY_SNIFF_ARCHIVE, "cab"),
	M(0, "xar!", ASSAY_SNIFF_ARCHIVE, "xar"),
	M(0, "Rar!\x1a\x07", ASSAY_SNIFF_ARCHIVE, "rar"),
	M(0, "hsqs", ASSAY_SNIFF_UNSUPPORTED, "squashfs"),
	M(0, "sqsh", ASSAY_SNIFF_UNSUPPORTED, "squashfs"),
	M(0, "\x45\x3d\xcd\x28", ASSAY_SNIFF_UNSUPPORTED, "cramfs"),
	M(0, "\x28\xcd\x3d\x45", ASSAY_SNIFF_UNSUPPORTED, "cramfs"),
	M(0, "UBI#", ASSAY_SNIFF_UNSUPPORTED, "UBI image"),
	M(1080, "\x53\xef", ASSAY_SNIFF_UNSUPPORTED, "ext2/3/4 image"),
	M(0, "\x27\x05\x19\x56", ASSAY_SNIFF_UNSUPPORTED, "U-Boot legacy image"),
	M(0, "\xd0\x0d\xfe\xed", ASSAY_SNIFF_UNSUPPORTED, "FIT/device tree"),
};

/*
 * Names that are archives even when their head says nothing (old tar,
 * lzma, whose magic is too weak to trust on its own).
 */
static const char *const suffixes[] = {
	".tar", ".tgz", ".tbz", ".tbz2", ".txz", ".tzst", ".deb", ".udeb",
	".ipk", ".apk", ".jar", ".war", ".ear", ".whl", ".zip", ".nupkg",
	".vsix", ".crx", ".xpi", ".aar", ".cpio", ".rpm", ".7z", ".cab",
	".xar", ".pkg", ".iso", ".rar", ".gem", ".lzma",
};

static int
has_suffix(const char *name, const char *suffix)
{
	size_t n = strlen(name), k = strlen(suffix);

	return n > k && strcmp(name + n - k, suffix) == 0;
}

enum assay_sniff
assay_sniff(const unsigned char *head, size_t n, const char *name, int iso,
    const char **what)
{
	size_t i;

	*what = "";
	if (iso) {
		*what = "iso9660";
		return ASSAY_SNIFF_ARCHIVE;
	}
	for (i = 0; i < sizeof(magics) / sizeof(magics[0]); i++) {
		const struct magic *m = &magics[i];

		if (m->off + m->len <= n &&
		    memcmp(head + m->off, m->bytes, m->len) == 0) {
			*what = m->what;
			return m->kind;
		}
	}
	for (i = 0; i < sizeof(suffixes) / sizeof(suffixes[0]); i++) {
		if (has_suffix(name, suffixes[i])) {
			*what = suffixes[i] + 1;
			return ASSAY_SNIFF_ARCHIVE;
		}
	}
	return ASSAY_SNIFF_NONE;
}
