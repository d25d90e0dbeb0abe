/*
 * SHA256SUMS: one line per file of the bundle, in the GNU coreutils text
 * format ("<64 hex>  <name>\n"), sorted bytewise by name, so that
 * `sha256sum -c SHA256SUMS` checks a bundle without assay.  It is written
 * last and lists every other file; a bundle is flat and holds nothing but
 * regular files, and names that sha256sum would have to escape (newline,
 * backslash) are never written by assay, so either is refused here.
 */
#include "reports.h"

#include <stdlib.h>
#include <string.h>

#include "assay/buf.h"
#include "bundlefs.h"
#include "digest.h"

static bool
plain_name(const char *name)
{
	const unsigned char *p;

	for (p = (const unsigned char *)name; *p != '\0'; p++)
		if (*p < 0x20 || *p == 0x7f || *p == '\\')
			return false;
	return true;
}

enum assay_err
assay_write_sha256sums(int dirfd, struct assay_error *err)
{
	struct assay_bundlefs_list l = { NULL, 0 };
	struct assay_buf out = ASSAY_BUF_INIT(ASSAY_SUMS_MAX);
	enum assay_err r = ASSAY_ERR_INTERNAL;
	unsigned char md[32];
	char hex[65];
	size_t i;

	if ((r = assay_bundlefs_list(dirfd, &l, err)) != ASSAY_OK)
		goto out;
	for (i = 0; i < l.n; i++) {
		if (strcmp(l.v[i].name, ASSAY_BUNDLE_SUMS) == 0)
			continue;
		if (!l.v[i].regular || !plain_name(l.v[i].name)) {
			r = assay_seterr(err, ASSAY_ERR_INTERNAL, "cannot "
			    "write %s: the bundle holds an entry that is not a "
			    "plainly named regular file", ASSAY_BUNDLE_SUMS);
			goto out;
		}
		if ((r = assay_bundlefs_sha256(dirfd, l.v[i].name, md,
		    err)) != ASSAY_OK)
			goto out;
		assay_hex(md, sizeof(md), hex);
		if (assay_buf_addf(&out, "%s  %s\n", hex, l.v[i].name) !=
		    ASSAY_OK) {
			r = assay_seterr(err, ASSAY_ERR_NOMEM, "out of memory "
			    "writing %s", ASSAY_BUNDLE_SUMS);
			goto out;
		}
	}
	r = assay_bundlefs_write(dirfd, ASSAY_BUNDLE_SUMS, out.data != NULL ?
	    out.data : "", out.len, err);
 out:
	assay_buf_release(&out);
	assay_bundlefs_list_release(&l);
	return r;
}
