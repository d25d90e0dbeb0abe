/* Dates in registry metadata and the shipped tables. */
#ifndef ASSAY_DEPS_TIMEPARSE_H
#define ASSAY_DEPS_TIMEPARSE_H

#include <stdint.h>

/*
 * Parses "YYYY-MM-DD" or RFC 3339 "YYYY-MM-DDTHH:MM:SS[.frac](Z|±HH:MM)"
 * into Unix seconds (UTC).  0, or -1 for NULL or anything else.
 */
int dep_parse_time(const char *s, int64_t *out);

/* Formats t as "YYYY-MM-DDTHH:MM:SSZ" into buf[21]. */
void dep_format_time(int64_t t, char buf[21]);

#endif
