/*
 * The must_sign globs (sigverify.h), matched here rather than through
 * assay_scan_next(), which would count every entry matched as examined:
 * coverage must show what this probe read, not what it named.  Same
 * language as the harness: '*' within a path component, '**' across, '?'
 * one character, and "**\/" also matching nothing.  The name is run through
 * the glob as a set of glob positions, so time is linear in each length
 * whatever the stars.
 */
#include <stdlib.h>
#include <string.h>

#include "sigverify.h"

enum tok { LIT, ONE, STAR, DSTAR, DSTAR_SLASH };

/* Adds position i and what it reaches without reading a character. */
static void
reach(const enum tok *t, size_t n, bool *on, size_t i)
{
	while (i <= n && !on[i]) {
		on[i] = true;
		if (i == n || t[i] == LIT || t[i] == ONE)
			break;
		i++;
	}
}

bool
sig_glob_match(const char *glob, const char *name)
{
	enum tok t[SIG_GLOB_MAX];
	char lit[SIG_GLOB_MAX];
	bool cur[SIG_GLOB_MAX + 1], next[SIG_GLOB_MAX + 1];
	size_t n = 0, i;
	const char *g, *s;
	char ch;

	for (g = glob; *g != '\0'; g++) {
		if (n == SIG_GLOB_MAX)
			return false;
		lit[n] = *g;
		if (g[0] == '*' && g[1] == '*' && g[2] == '/') {
			t[n++] = DSTAR_SLASH;
			g += 2;
		} else if (g[0] == '*' && g[1] == '*') {
			t[n++] = DSTAR;
			g++;
		} else {
			t[n++] = *g == '*' ? STAR : *g == '?' ? ONE : LIT;
		}
	}
	memset(cur, 0, sizeof(cur));
	reach(t, n, cur, 0);
	for (s = name; *s != '\0'; s++) {
		ch = *s;
		memset(next, 0, sizeof(next));
		for (i = 0; i < n; i++) {
			if (!cur[i])
				continue;
			switch (t[i]) {
			case LIT:
				if (ch == lit[i])
					reach(t, n, next, i + 1);
				break;
			case ONE:
				if (ch != '/')
					reach(t, n, next, i + 1);
				break;
			case STAR:
				if (ch != '/')
					reach(t, n, next, i);
				break;
			case DSTAR:
				reach(t, n, next, i);
				break;
			case DSTAR_SLASH:
				reach(t, n, next, i);
				if (ch == '/')
					reach(t, n, next, i + 1);
				break;
			}
		}
		memcpy(cur, next, sizeof(cur));
	}
	return cur[n];
}
