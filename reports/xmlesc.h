/*
 * The bundle's text outputs (report.html, junit.xml, summary.md): a
 * buffered file written as it goes, and the escaping that makes text from
 * an artefact safe to put into markup or in front of a terminal.
 *
 * Text from an artefact (names, link targets, messages quoting its
 * contents) is never trusted: assay_textout_esc() turns every byte
 * sequence into characters that cannot end an element or attribute, cannot
 * be a control sequence for a terminal, and are allowed in XML 1.0 and in
 * HTML.  The JSON files keep the exact bytes; these outputs show them:
 *
 *   - bytes that are not well-formed UTF-8 become U+FFFD;
 *   - control characters (C0 except tab, newline and carriage return,
 *     DEL, C1) and noncharacters (U+FDD0..U+FDEF, U+xFFFE, U+xFFFF) become
 *     U+FFFD, so that a name's odd character stays visible;
 *   - the bidirectional formatting characters (U+061C, U+200E, U+200F,
 *     U+202A..U+202E, U+2066..U+2069) are shown as "[U+202E]": left in,
 *     they can make "evil<RLO>gpj.exe" read as "evilexe.jpg";
 *   - in markup, & < > " ' become references.
 *
 * Errors are sticky, as with assay_jsonout: the first failure is kept,
 * later calls do nothing, and assay_textout_finish() reports it.
 */
#ifndef ASSAY_XMLESC_H
#define ASSAY_XMLESC_H

#include <stddef.h>

#include "error.h"

/* How assay_textout_esc() treats what it writes; flags may be or-ed. */
enum assay_esc {
	ASSAY_ESC_MARKUP = 1u << 0,	/* element content: & < > " ' and
					   carriage return as references */
	ASSAY_ESC_ATTR = 1u << 1,	/* a quoted attribute value: as MARKUP,
					   and tab and newline as &#9; &#10;
					   so that attribute-value
					   normalisation keeps them */
	ASSAY_ESC_LINE = 1u << 2	/* one line: tab, newline and carriage
					   return become spaces */
};

struct assay_textout;

/*
 * Creates (or truncates) name inside dirfd with mode 0644, never through a
 * symbolic link, and starts a writer on it.  The caller ends it with
 * assay_textout_finish() or assay_textout_free().
 */
enum assay_err assay_textout_create(int dirfd, const char *name,
    struct assay_textout **wp, struct assay_error *err);

/* Trusted text (markup the writer composed), written as it is. */
void assay_textout_puts(struct assay_textout *w, const char *s);
void assay_textout_putn(struct assay_textout *w, const char *s, size_t n);
void assay_textout_printf(struct assay_textout *w, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/*
 * Untrusted text, escaped as flags (enum assay_esc) say; with no flag it is
 * plain text whose controls are replaced.  NULL writes nothing.
 */
void assay_textout_esc(struct assay_textout *w, unsigned flags,
    const char *s);
void assay_textout_escn(struct assay_textout *w, unsigned flags,
    const char *s, size_t n);

/* Lower-case hex of n bytes. */
void assay_textout_hex(struct assay_textout *w, const unsigned char *p,
    size_t n);

/* ASSAY_OK, or the first error so far. */
enum assay_err assay_textout_status(const struct assay_textout *w);

/*
 * Flushes and closes the file and frees w.  Returns the first error of the
 * writer's life, with a message naming the file in err.
 */
enum assay_err assay_textout_finish(struct assay_textout *w,
    struct assay_error *err);

/* Closes the file without checking anything and frees w.  NULL-safe. */
void assay_textout_free(struct assay_textout *w);

#endif
