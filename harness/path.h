/*
 * Archive entry names: normalising them and judging whether they are safe
 * to write beneath a container directory, and UTF-8 checks for reporting.
 */
#ifndef ASSAY_PATH_H
#define ASSAY_PATH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum assay_path_verdict {
	ASSAY_PATH_OK = 0,
	ASSAY_PATH_EMPTY,	/* nothing left after normalising ("./") */
	ASSAY_PATH_ABSOLUTE,	/* starts with '/' */
	ASSAY_PATH_TRAVERSAL,	/* a ".." component */
	ASSAY_PATH_TOO_LONG	/* longer than the limit */
};

/*
 * Normalises name (drops "." and empty components and a trailing '/') into
 * out (size outlen) and judges it.  A name with a ".." component is
 * TRAVERSAL even when it would stay inside ("a/../b"): archives have no
 * reason to say that, and tools disagree on what it means.
 */
enum assay_path_verdict assay_path_normalise(const char *name, size_t max,
    char *out, size_t outlen);

/*
 * Decodes the UTF-8 character at s (n bytes there) into *cp (when cp is not
 * NULL) and returns its length, 1 to 4; 0 when it is not well formed (an
 * overlong form, a surrogate, past U+10FFFF, cut short) or is a NUL.
 */
size_t assay_utf8_next(const char *s, size_t n, uint32_t *cp);

/* True when s[0..n) is valid UTF-8 (no overlongs, surrogates or NULs). */
bool assay_utf8_valid(const char *s, size_t n);

/*
 * Copies s[0..n) to out as valid UTF-8, each invalid byte replaced by
 * U+FFFD; out needs 3 * n + 1 bytes.  Returns the length written.
 */
size_t assay_utf8_sanitise(const char *s, size_t n, char *out);

/*
 * Matches a glob ('*' within a component, '**' across components, '?' one
 * character; "**\/" also matches nothing) against s.
 */
bool assay_glob_match(const char *glob, const char *s);

/*
 * Judges a symlink whose entry is at rel (normalised) with target: true
 * when the target, resolved lexically, stays inside the image root.  An
 * absolute target is taken from the image root, as the device would.
 */
bool assay_link_inside(const char *rel, const char *target);

#endif
