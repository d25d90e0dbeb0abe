/* Strict number parsing: the whole string or nothing. */
#include "parse.h"

#include <string.h>

static int
parse_scaled(const char *s, const char *units, const uint64_t *scales,
    uint64_t *out)
{
	uint64_t v = 0, scale = 1;
	const char *p = s, *u;

	if (*p < '0' || *p > '9')
		return -1;
	for (; *p >= '0' && *p <= '9'; p++) {
		if (v > (UINT64_MAX - (uint64_t)(*p - '0')) / 10)
			return -1;
		v = v * 10 + (uint64_t)(*p - '0');
	}
	if (*p != '\0') {
		if ((u = strchr(units, *p)) == NULL || p[1] != '\0')
			return -1;
		scale = scales[u - units];
	}
	if (v != 0 && scale > UINT64_MAX / v)
		return -1;
	*out = v * scale;
	return 0;
}

int
assay_parse_u64(const char *s, uint64_t min, uint64_t max, uint64_t *out)
{
	uint64_t v;

	if (parse_scaled(s, "", NULL, &v) == -1 || v < min || v > max)
		return -1;
	*out = v;
	return 0;
}

int
assay_parse_size(const char *s, uint64_t *out)
{
	static const uint64_t scales[] = {
		1ull << 10, 1ull << 20, 1ull << 30, 1ull << 40,
		1ull << 10, 1ull << 20, 1ull << 30, 1ull << 40
	};

	return parse_scaled(s, "KMGTkmgt", scales, out);
}

int
assay_parse_seconds(const char *s, uint64_t *out)
{
	static const uint64_t scales[] = { 1, 60, 3600 };

	return parse_scaled(s, "smh", scales, out);
}
