/*
 * What the keys and secrets parts share about files: bounded reads that
 * keep the head of a file too large to read whole, size parameters, and
 * which paths are documentation or test fixtures.
 */
#ifndef ASSAY_CRED_CREDFILE_H
#define ASSAY_CRED_CREDFILE_H

#include <stdbool.h>
#include <stddef.h>

#include "assay/probe.h"

/* Default for the max_file_bytes parameter. */
#define CRED_MAX_FILE_BYTES	(64u * 1024u * 1024u)

/*
 * The next regular file after *cursor (which starts at 0) whose bytes are
 * readable and complete, and which is no unpacked archive (its members are
 * entries of their own); NULL at the end.  Unlike assay_scan_next(), it does not
 * count the entry as examined: reading it does, so refused, encrypted and
 * unreadable entries keep their coverage gap.
 */
const struct assay_entry *cred_next_file(struct assay_scan *scan,
    size_t *cursor);

/*
 * Reads at most max bytes of e into a new NUL-terminated buffer the caller
 * frees.  A larger file gives its first max bytes and *truncatedp = true.
 */
enum assay_err cred_read(struct assay_scan *scan, const struct assay_entry *e,
    size_t max, unsigned char **datap, size_t *lenp, bool *truncatedp);

/*
 * The probe parameter key as a byte count in [min, max] (a JSON number or a
 * string with an optional K, M or G suffix), def when unset.
 * ASSAY_ERR_USAGE when it is set and does not parse.
 */
enum assay_err cred_param_size(struct assay_scan *scan, const char *key,
    size_t def, size_t min, size_t max, size_t *out);

/*
 * Why the path (an entry name inside its archive) holds documentation or
 * test fixtures ("documentation folder doc/", "test fixture folder tests/",
 * "Markdown file" ...), or NULL when it does not.  The text is static.
 */
const char *cred_sample_path(const char *name);

#endif
