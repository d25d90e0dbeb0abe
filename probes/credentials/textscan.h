/*
 * One pass of one compiled PCRE2 pattern (JIT) over a file's bytes for
 * every secret pattern at once: known token formats, credentials in URLs
 * and password-like assignments.  Each alternative carries a (*MARK) that
 * names it; what the pattern finds is then checked in C (checksums, JWT
 * headers, placeholders, templating) before it becomes a hit.
 */
#ifndef ASSAY_CRED_TEXTSCAN_H
#define ASSAY_CRED_TEXTSCAN_H

#include <stdbool.h>
#include <stddef.h>

#include "assay/err.h"

enum cred_hit_kind {
	CRED_HIT_ASSIGNMENT,	/* password-like key with a literal value */
	CRED_HIT_URL,		/* user:password@ in a URL */
	CRED_HIT_TOKEN,		/* a service token of a known format */
	CRED_HIT_JWT,		/* a JSON Web Token */
	CRED_HIT_CLOUD_PAIR,	/* cloud access key id with its secret */
	CRED_HIT_CLOUD_ID	/* cloud access key id alone */
};

struct cred_hit {
	enum cred_hit_kind kind;
	const char *format;	/* static: "github-classic", "password" ... */
	const char *check;	/* static: how it was confirmed */
	unsigned long line;	/* 1-based */
	const unsigned char *secret;	/* inside the scanned buffer */
	size_t len;
	char key[65];		/* an assignment's key, printable ASCII */
};

/* Called per hit in buffer order; non-zero stops the scan. */
typedef int (*cred_hit_fn)(void *arg, const struct cred_hit *h);

/* How to read the bytes. */
enum cred_text_mode {
	CRED_TEXT_BINARY,	/* tokens only */
	CRED_TEXT_CONFIG,	/* assignments may have bare values after '=' */
	CRED_TEXT_YAML,		/* bare values after ':' too */
	CRED_TEXT_SOURCE	/* assignments need a quoted literal */
};

struct cred_textscan;

/* Compiles the patterns; the caller frees with cred_textscan_free(). */
enum assay_err cred_textscan_new(struct cred_textscan **tsp);
void cred_textscan_free(struct cred_textscan *ts);

/*
 * Scans p[0..n).  Assignments are looked for only on lines of at most
 * max_line bytes; at most max_hits hits are reported.  Returns
 * ASSAY_ERR_NOMEM or ASSAY_ERR_INTERNAL when PCRE2 fails, else ASSAY_OK.
 */
enum assay_err cred_textscan_run(const struct cred_textscan *ts,
    const unsigned char *p, size_t n, enum cred_text_mode mode,
    size_t max_line, size_t max_hits, cred_hit_fn fn, void *arg);

/* The mode for a file: by content (binary), then by name. */
enum cred_text_mode cred_text_mode_of(const char *name,
    const unsigned char *p, size_t n);

#endif
