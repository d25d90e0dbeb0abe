/* Strict number parsing: the whole string or nothing. */
#include "parse.h"

#include <string.h>
#include <time.h>

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

/* Reads exactly n decimal digits. */
static int
digits(const char **p, int n, int *out)
{
	int v = 0;

	while (n-- > 0) {
		if (**p < '0' || **p > '9')
			return -1;
		v = v * 10 + (*(*p)++ - '0');
	}
	*out = v;
	return 0;
}

static int
expect(const char **p, char c)
{
	if (**p != c)
		return -1;
	(*p)++;
	return 0;
}

int
assay_parse_time(const char *s, int64_t *out)
{
	static const int mdays[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31,
	    30, 31 };
	const char *p = s;
	struct tm tm;
	uint64_t secs;
	int y, mo, d, h = 0, mi = 0, sec = 0;
	time_t t;

	if (*p == '@') {
		if (assay_parse_u64(p + 1, 0, INT64_MAX, &secs) == -1)
			return -1;
		*out = (int64_t)secs;
		return 0;
	}
	if (digits(&p, 4, &y) || expect(&p, '-') || digits(&p, 2, &mo) ||
	    expect(&p, '-') || digits(&p, 2, &d))
		return -1;
	if (*p == 'T') {
		p++;
		if (digits(&p, 2, &h) || expect(&p, ':') || digits(&p, 2, &mi) ||
		    expect(&p, ':') || digits(&p, 2, &sec) || expect(&p, 'Z'))
			return -1;
	}
	if (*p != '\0' || y < 1970 || mo < 1 || mo > 12 || d < 1 ||
	    d > mdays[mo - 1] || h > 23 || mi > 59 || sec > 60)
		return -1;
	memset(&tm, 0, sizeof(tm));
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_sec = sec;
	if ((t = timegm(&tm)) == (time_t)-1)
		return -1;
	/* timegm() normalises 2023-02-29 to March 1st: refuse that. */
	if (tm.tm_mday != d)
		return -1;
	*out = (int64_t)t;
	return 0;
}
