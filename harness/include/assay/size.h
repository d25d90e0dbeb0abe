/*
 * Checked size arithmetic.  Each returns false on overflow and then leaves
 * *out alone, so growth reads
 *	if (!assay_size_add(&need, b->len, extra) || need > b->max) ...
 */
#ifndef ASSAY_SIZE_H
#define ASSAY_SIZE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

static inline bool
assay_size_add(size_t *out, size_t a, size_t b)
{
	if (a > SIZE_MAX - b)
		return false;
	*out = a + b;
	return true;
}

static inline bool
assay_size_mul(size_t *out, size_t a, size_t b)
{
	if (a != 0 && b > SIZE_MAX / a)
		return false;
	*out = a * b;
	return true;
}

static inline bool
assay_u64_add(uint64_t *out, uint64_t a, uint64_t b)
{
	if (a > UINT64_MAX - b)
		return false;
	*out = a + b;
	return true;
}

#endif
