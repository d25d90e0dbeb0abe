/*
 * Archive entry names: normalising and judging them before anything is
 * written, UTF-8 checks for reporting, globbing for probes, and the lexical
 * test of whether a symlink stays inside its image.
 */
#include "path.h"

#include <string.h>

enum assay_path_verdict
assay_path_normalise(const char *name, size_t max, char *out, size_t outlen)
{
	const char *p = name, *seg;
	size_t n = 0, seglen;
	bool traversal = false;

	if (outlen == 0)
		return ASSAY_PATH_TOO_LONG;
	out[0] = '\0';
	if (strlen(name) > max)
		return ASSAY_PATH_TOO_LONG;
	if (name[0] == '/')
		return ASSAY_PATH_ABSOLUTE;
	while (*p != '\0') {
		seg = p;
		while (*p != '\0' && *p != '/')
			p++;
		seglen = (size_t)(p - seg);
		if (*p == '/')
			p++;
		if (seglen == 0 || (seglen == 1 && seg[0] == '.'))
			continue;
		if (seglen == 2 && seg[0] == '.' && seg[1] == '.') {
			traversal = true;
			continue;
		}
		/* n + separator + segment + NUL must fit. */
		if (n + (n > 0) + seglen + 1 > outlen)
			return ASSAY_PATH_TOO_LONG;
		if (n > 0)
			out[n++] = '/';
		memcpy(out + n, seg, seglen);
		n += seglen;
		out[n] = '\0';
	}
	if (traversal)
		return ASSAY_PATH_TRAVERSAL;
	if (n == 0)
		return ASSAY_PATH_EMPTY;
	return ASSAY_PATH_OK;
}

size_t
assay_utf8_next(const char *s, size_t n, uint32_t *cp)
{
	const unsigned char *p = (const unsigned char *)s;
	unsigned char lo = 0x80, hi = 0xbf;
	uint32_t c;
	size_t len, i;

	/* The bounds on the second byte are Unicode's table 3-7. */
	if (n == 0 || p[0] == 0)
		return 0;
	if (p[0] < 0x80) {
		len = 1;
		c = p[0];
	} else if (p[0] >= 0xc2 && p[0] <= 0xdf) {
		len = 2;
		c = p[0] & 0x1fu;
	} else if (p[0] >= 0xe0 && p[0] <= 0xef) {
		len = 3;
		c = p[0] & 0x0fu;
		if (p[0] == 0xe0)
			lo = 0xa0;
		else if (p[0] == 0xed)
			hi = 0x9f;
	} else if (p[0] >= 0xf0 && p[0] <= 0xf4) {
		len = 4;
		c = p[0] & 0x07u;
		if (p[0] == 0xf0)
			lo = 0x90;
		else if (p[0] == 0xf4)
			hi = 0x8f;
	} else
		return 0;
	if (len > 1 && (n < len || p[1] < lo || p[1] > hi))
		return 0;
	for (i = 1; i < len; i++) {
		if (p[i] < 0x80 || p[i] > 0xbf)
			return 0;
		c = (c << 6) | (p[i] & 0x3fu);
	}
	if (cp != NULL)
		*cp = c;
	return len;
}

bool
assay_utf8_valid(const char *s, size_t n)
{
	size_t i = 0, k;

	while (i < n) {
		if ((k = assay_utf8_next(s + i, n - i, NULL)) == 0)
			return false;
		i += k;
	}
	return true;
}

size_t
assay_utf8_sanitise(const char *s, size_t n, char *out)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, o = 0, k;

	while (i < n) {
		if ((k = assay_utf8_next(s + i, n - i, NULL)) == 0) {
			/* U+FFFD REPLACEMENT CHARACTER */
			out[o++] = (char)0xef;
			out[o++] = (char)0xbf;
			out[o++] = (char)0xbd;
			i++;
			continue;
		}
		memcpy(out + o, p + i, k);
		o += k;
		i += k;
	}
	out[o] = '\0';
	return o;
}

/* Longest glob matched; globs come from probes, profiles and waivers. */
#define GLOB_MAX 1024

/* Stars starting at g[i]; two or more make one '**'. */
static size_t
star_run(const char *g, size_t i)
{
	size_t k = 0;

	while (g[i + k] == '*')
		k++;
	return k;
}

/* A glob position's state: reached this step, or only kept by a star. */
#define AT_FRESH	2u
#define AT_KEPT		1u

/*
 * Follows the moves that read nothing: a star may match no character, and
 * a "**\/" just reached may match no component at all (but not once it has
 * eaten characters, or "**\/x" would match "ax").  Every such move goes
 * forwards, so one pass in order reaches them all.
 */
static void
glob_closure(const char *g, size_t m, unsigned char *set)
{
	size_t i, k;

	for (i = 0; i < m; i++) {
		if (set[i] == 0 || g[i] != '*')
			continue;
		k = star_run(g, i);
		set[i + k] |= AT_FRESH;
		if (k >= 2 && g[i + k] == '/' && (set[i] & AT_FRESH))
			set[i + k + 1] |= AT_FRESH;
	}
}

/*
 * Glob matching as a set of positions in the glob, advanced one character
 * of s at a time: time is the product of the two lengths whatever the
 * glob, so a run of stars cannot make it exponential.
 */
bool
assay_glob_match(const char *g, const char *s)
{
	unsigned char a[GLOB_MAX + 2], b[GLOB_MAX + 2], *cur = a, *next = b, *t;
	size_t m = strlen(g), i, k;
	bool any;

	if (m > GLOB_MAX)
		return false;
	memset(cur, 0, m + 2);
	cur[0] = AT_FRESH;
	glob_closure(g, m, cur);
	for (; *s != '\0'; s++) {
		memset(next, 0, m + 2);
		any = false;
		for (i = 0; i < m; i++) {
			if (cur[i] == 0)
				continue;
			if (g[i] == '*') {
				/* A star stays put while it eats characters. */
				k = star_run(g, i);
				if (k >= 2 || *s != '/') {
					next[i] |= AT_KEPT;
					any = true;
				}
			} else if (g[i] == '?' ? *s != '/' : g[i] == *s) {
				next[i + 1] |= AT_FRESH;
				any = true;
			}
		}
		if (!any)
			return false;
		glob_closure(g, m, next);
		t = cur;
		cur = next;
		next = t;
	}
	return cur[m] != 0;
}

bool
assay_link_inside(const char *rel, const char *target)
{
	const char *p, *seg;
	size_t seglen;
	long depth = 0;

	/* From the image root ".." stays at the root, as in a chroot. */
	if (target[0] == '/')
		return true;
	/* Start from the directory holding the link. */
	for (p = rel; *p != '\0'; p++)
		if (*p == '/')
			depth++;
	p = target;
	while (*p != '\0') {
		seg = p;
		while (*p != '\0' && *p != '/')
			p++;
		seglen = (size_t)(p - seg);
		if (*p == '/')
			p++;
		if (seglen == 0 || (seglen == 1 && seg[0] == '.'))
			continue;
		if (seglen == 2 && seg[0] == '.' && seg[1] == '.') {
			if (--depth < 0)
				return false;
		} else
			depth++;
	}
	return true;
}
