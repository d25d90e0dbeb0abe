/*
 * Escaped text output for the bundle's markup and terminal files.  The
 * invariant: whatever bytes an artefact's names hold, what this writes
 * through assay_textout_esc() is well-formed UTF-8 made only of characters
 * XML 1.0 allows, with no markup, no terminal control sequence and no
 * invisible reordering of the text around it.
 */
#include "xmlesc.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bundlefs.h"
#include "path.h"

/* stdio's default buffer is a page; larger writes fewer syscalls. */
#define TEXTOUT_BUFSIZE	(64u * 1024u)

#define REPLACEMENT	"\xef\xbf\xbd"	/* U+FFFD */

struct assay_textout {
	FILE *fp;
	char *name;		/* the file's name, for messages */
	enum assay_err code;	/* the first failure; ASSAY_OK */
	int saved_errno;	/* errno of the first failure */
};

static void
fail(struct assay_textout *w, enum assay_err code)
{
	if (w->code != ASSAY_OK)
		return;
	w->code = code;
	w->saved_errno = errno;
}

static void
put(struct assay_textout *w, const char *p, size_t n)
{
	if (w->code != ASSAY_OK || n == 0)
		return;
	if (fwrite(p, 1, n, w->fp) != n)
		fail(w, ASSAY_ERR_IO);
}

/* C1 controls and noncharacters: parse errors in HTML, odd in XML. */
static bool
is_unwanted(uint32_t c)
{
	if (c >= 0x80 && c <= 0x9f)
		return true;
	if (c >= 0xfdd0 && c <= 0xfdef)
		return true;
	return (c & 0xfffeu) == 0xfffeu;
}

static bool
is_bidi_control(uint32_t c)
{
	return c == 0x061c || c == 0x200e || c == 0x200f ||
	    (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069);
}

/* The replacement for an ASCII byte, or NULL when it stands as it is. */
static const char *
ascii_escape(unsigned char c, unsigned flags)
{
	bool markup = (flags & (ASSAY_ESC_MARKUP | ASSAY_ESC_ATTR)) != 0;
	bool attr = (flags & ASSAY_ESC_ATTR) != 0;
	bool line = (flags & ASSAY_ESC_LINE) != 0;

	switch (c) {
	case '\t':
		return line ? " " : attr ? "&#9;" : NULL;
	case '\n':
		return line ? " " : attr ? "&#10;" : NULL;
	case '\r':
		/* A bare carriage return could overwrite a terminal line. */
		return line ? " " : markup ? "&#13;" : REPLACEMENT;
	case '&':
		return markup ? "&amp;" : NULL;
	case '<':
		return markup ? "&lt;" : NULL;
	case '>':
		return markup ? "&gt;" : NULL;
	case '"':
		return markup ? "&quot;" : NULL;
	case '\'':
		return markup ? "&#39;" : NULL;
	default:
		break;
	}
	if (c < 0x20 || c == 0x7f)
		return REPLACEMENT;
	return NULL;
}

enum assay_err
assay_textout_create(int dirfd, const char *name, struct assay_textout **wp,
    struct assay_error *err)
{
	struct assay_textout *w = NULL;
	enum assay_err r = ASSAY_ERR_INTERNAL;

	*wp = NULL;
	if ((w = calloc(1, sizeof(*w))) == NULL ||
	    (w->name = strdup(name)) == NULL) {
		r = assay_seterr(err, ASSAY_ERR_NOMEM, "out of memory");
		goto out;
	}
	if ((r = assay_bundlefs_fcreate(dirfd, name, TEXTOUT_BUFSIZE, &w->fp, err)) !=
	    ASSAY_OK)
		goto out;
	*wp = w;
	w = NULL;
	r = ASSAY_OK;
 out:
	assay_textout_free(w);
	return r;
}

void
assay_textout_puts(struct assay_textout *w, const char *s)
{
	if (s != NULL)
		put(w, s, strlen(s));
}

void
assay_textout_putn(struct assay_textout *w, const char *s, size_t n)
{
	put(w, s, n);
}

void
assay_textout_printf(struct assay_textout *w, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (w->code != ASSAY_OK)
		return;
	va_start(ap, fmt);
	n = vfprintf(w->fp, fmt, ap);
	va_end(ap);
	if (n < 0)
		fail(w, ASSAY_ERR_IO);
}

void
assay_textout_esc(struct assay_textout *w, unsigned flags, const char *s)
{
	if (s != NULL)
		assay_textout_escn(w, flags, s, strlen(s));
}

void
assay_textout_escn(struct assay_textout *w, unsigned flags, const char *s,
    size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	const char *rep;
	char shown[16];
	size_t i = 0, run = 0, len;
	uint32_t cp;
	int k;

	while (i < n && w->code == ASSAY_OK) {
		if (p[i] < 0x80) {
			if ((rep = ascii_escape(p[i], flags)) == NULL) {
				i++;
				continue;
			}
			put(w, s + run, i - run);
			put(w, rep, strlen(rep));
			run = ++i;
			continue;
		}
		if ((len = assay_utf8_next(s + i, n - i, &cp)) > 0 &&
		    !is_unwanted(cp) && !is_bidi_control(cp)) {
			i += len;
			continue;
		}
		put(w, s + run, i - run);
		if (len == 0) {
			put(w, REPLACEMENT, sizeof(REPLACEMENT) - 1);
			i++;
		} else if (is_bidi_control(cp)) {
			k = snprintf(shown, sizeof(shown), "[U+%04X]",
			    (unsigned)cp);
			if (k < 0 || (size_t)k >= sizeof(shown))
				fail(w, ASSAY_ERR_INTERNAL);
			else
				put(w, shown, (size_t)k);
			i += len;
		} else {
			put(w, REPLACEMENT, sizeof(REPLACEMENT) - 1);
			i += len;
		}
		run = i;
	}
	put(w, s + run, n - run);
}

void
assay_textout_hex(struct assay_textout *w, const unsigned char *p, size_t n)
{
	static const char digits[] = "0123456789abcdef";
	char chunk[128];
	size_t i, k = 0;

	for (i = 0; i < n; i++) {
		chunk[k++] = digits[p[i] >> 4];
		chunk[k++] = digits[p[i] & 0x0f];
		if (k == sizeof(chunk)) {
			put(w, chunk, k);
			k = 0;
		}
	}
	put(w, chunk, k);
}

enum assay_err
assay_textout_status(const struct assay_textout *w)
{
	return w->code;
}

enum assay_err
assay_textout_finish(struct assay_textout *w, struct assay_error *err)
{
	enum assay_err r;
	FILE *fp;

	if (w->code == ASSAY_OK && fflush(w->fp) != 0)
		fail(w, ASSAY_ERR_IO);
	fp = w->fp;
	w->fp = NULL;
	if (fclose(fp) != 0)
		fail(w, ASSAY_ERR_IO);
	r = w->code;
	if (r == ASSAY_ERR_IO)
		(void)assay_seterr(err, r, "cannot write %s: %s", w->name,
		    strerror(w->saved_errno));
	else if (r != ASSAY_OK)
		(void)assay_seterr(err, r, "cannot write %s: %s", w->name,
		    assay_strerror(r));
	assay_textout_free(w);
	return r;
}

void
assay_textout_free(struct assay_textout *w)
{
	if (w == NULL)
		return;
	if (w->fp != NULL)
		fclose(w->fp);
	free(w->name);
	free(w);
}
