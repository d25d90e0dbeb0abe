/*
 * Matches the catalogue's file globs against entry names, component by
 * component: "**" stands for any number of components (none included),
 * any other component is an fnmatch(3) pattern for one component.
 *
 * The probe matches every entry against every glob in one pass, so the
 * common case must be cheap: the last component is tried first, on the
 * base name alone, and most entries stop there.  The rest is a set of
 * glob positions advanced one path component at a time, linear in the
 * path whatever the glob.
 */
#include "updconf.h"

#include <fnmatch.h>
#include <string.h>

#define GLOB_PARTS_MAX	32u	/* components of one glob */
#define COMP_MAX	256u	/* bytes of one path component matched */

/* Copies component [p, p + n) NUL-terminated into buf; false if too long. */
static bool
copy_comp(char *buf, const char *p, size_t n)
{
	if (n >= COMP_MAX)
		return false;
	memcpy(buf, p, n);
	buf[n] = '\0';
	return true;
}

static bool
is_globstar(const char *c)
{
	return strcmp(c, "**") == 0;
}

bool
upd_glob_match(const char *glob, const char *path)
{
	char parts[GLOB_PARTS_MAX][COMP_MAX], comp[COMP_MAX];
	bool cur[GLOB_PARTS_MAX + 1], next[GLOB_PARTS_MAX + 1], any;
	const char *p, *s, *base, *last;
	size_t m = 0, i, n;

	/* The base name against the last part: most entries end here. */
	last = strrchr(glob, '/');
	last = last != NULL ? last + 1 : glob;
	base = strrchr(path, '/');
	base = base != NULL ? base + 1 : path;
	if (!is_globstar(last) && fnmatch(last, base, 0) != 0)
		return false;
	for (p = glob; ; p = s + 1) {
		s = strchr(p, '/');
		n = s != NULL ? (size_t)(s - p) : strlen(p);
		if (m == GLOB_PARTS_MAX || !copy_comp(parts[m], p, n))
			return false;
		m++;
		if (s == NULL)
			break;
	}
	memset(cur, 0, sizeof(cur));
	cur[0] = true;
	for (p = path; ; p = s + 1) {
		/* "**" may match no component: reach past it for free. */
		for (i = 0; i < m; i++)
			if (cur[i] && is_globstar(parts[i]))
				cur[i + 1] = true;
		s = strchr(p, '/');
		n = s != NULL ? (size_t)(s - p) : strlen(p);
		if (!copy_comp(comp, p, n))
			return false;
		memset(next, 0, sizeof(next));
		any = false;
		for (i = 0; i < m; i++) {
			if (!cur[i])
				continue;
			if (is_globstar(parts[i]))
				next[i] = any = true;
			else if (fnmatch(parts[i], comp, 0) == 0)
				next[i + 1] = any = true;
		}
		if (!any)
			return false;
		memcpy(cur, next, sizeof(cur));
		if (s == NULL)
			break;
	}
	for (i = 0; i < m; i++)
		if (cur[i] && is_globstar(parts[i]))
			cur[i + 1] = true;
	return cur[m];
}
