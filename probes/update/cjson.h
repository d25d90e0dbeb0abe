/*
 * Canonical JSON as TUF signs it (the OLPC dialect securesystemslib
 * implements): no whitespace, object keys sorted by code point, strings
 * with only '\\' and '"' escaped and everything else written as raw UTF-8,
 * integers only.  It is not RFC 8785: a float, or a string holding a NUL,
 * has no canonical form and is refused.
 */
#ifndef ASSAY_UPDATE_CJSON_H
#define ASSAY_UPDATE_CJSON_H

#include <jansson.h>

#include "assay/buf.h"

/* Nesting deeper than this is refused (bounded recursion). */
#define CJSON_MAX_DEPTH	64

/*
 * Appends the canonical form of v to out.  ASSAY_ERR_INVALID (with why,
 * when not NULL, naming the reason) for a value with no canonical form or
 * nested too deep; ASSAY_ERR_LIMIT when out's cap is reached.  On failure
 * out holds a partial encoding the caller discards.
 */
enum assay_err cjson_encode(const json_t *v, struct assay_buf *out,
    const char **why);

#endif
