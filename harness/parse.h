/* Parsing numbers the tester types: counts, byte sizes and durations. */
#ifndef ASSAY_PARSE_H
#define ASSAY_PARSE_H

#include <stdint.h>

/*
 * Parses a decimal integer in [min, max] (in the style of strtonum()).
 * Returns 0, or -1 for anything else (sign, junk, overflow, out of range).
 */
int assay_parse_u64(const char *s, uint64_t min, uint64_t max, uint64_t *out);

/* A byte count with an optional K, M, G or T suffix (powers of 1024). */
int assay_parse_size(const char *s, uint64_t *out);

/* Seconds with an optional s, m or h suffix. */
int assay_parse_seconds(const char *s, uint64_t *out);

/*
 * A UTC moment: "YYYY-MM-DD" (its first second), "YYYY-MM-DDTHH:MM:SSZ",
 * or "@SECONDS" since the epoch.
 */
int assay_parse_time(const char *s, int64_t *out);

#endif
