/* Dates in registry metadata and the shipped tables (timeparse.h). */
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "timeparse.h"

static int
digits(const char *s, size_t n, int *out)
{
	size_t i;

	*out = 0;
	for (i = 0; i < n; i++) {
		if (!isdigit((unsigned char)s[i]))
			return -1;
		*out = *out * 10 + (s[i] - '0');
	}
	return 0;
}

int
dep_parse_time(const char *s, int64_t *out)
{
	static const int mdays[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31,
	    30, 31 };
	struct tm tm;
	int y, mo, d, h = 0, mi = 0, se = 0, oh = 0, om = 0, sign = 0;
	time_t t;

	if (s == NULL || strlen(s) < 10 || digits(s, 4, &y) == -1 ||
	    s[4] != '-' || digits(s + 5, 2, &mo) == -1 || s[7] != '-' ||
	    digits(s + 8, 2, &d) == -1)
		return -1;
	if (y < 1970 || mo < 1 || mo > 12 || d < 1 || d > mdays[mo - 1])
		return -1;
	s += 10;
	if (*s == 'T' || *s == 't' || *s == ' ') {
		if (strlen(s) < 9 || digits(s + 1, 2, &h) == -1 ||
		    s[3] != ':' || digits(s + 4, 2, &mi) == -1 ||
		    s[6] != ':' || digits(s + 7, 2, &se) == -1 ||
		    h > 23 || mi > 59 || se > 60)
			return -1;
		s += 9;
		if (*s == '.')
			for (s++; isdigit((unsigned char)*s); s++)
				;
		if (*s == 'Z' || *s == 'z') {
			s++;
		} else if (*s == '+' || *s == '-') {
			sign = *s == '-' ? -1 : 1;
			if (strlen(s) < 6 || digits(s + 1, 2, &oh) == -1 ||
			    s[3] != ':' || digits(s + 4, 2, &om) == -1 ||
			    oh > 23 || om > 59)
				return -1;
			s += 6;
		} else {
			return -1;
		}
	}
	if (*s != '\0')
		return -1;
	memset(&tm, 0, sizeof(tm));
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_sec = se;
	if ((t = timegm(&tm)) == (time_t)-1)
		return -1;
	*out = (int64_t)t - (int64_t)sign * (oh * 3600 + om * 60);
	return 0;
}

void
dep_format_time(int64_t t, char buf[21])
{
	struct tm tm;
	time_t tt = (time_t)t;

	if (gmtime_r(&tt, &tm) == NULL ||
	    strftime(buf, 21, "%Y-%m-%dT%H:%M:%SZ", &tm) != 20)
		snprintf(buf, 21, "1970-01-01T00:00:00Z");
}
