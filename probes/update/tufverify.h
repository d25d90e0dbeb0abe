/*
 * One TUF metadata file: its envelope parsed, the canonical form of its
 * "signed" part, and the signatures of a role counted against a threshold
 * with each key counted once.
 */
#ifndef ASSAY_UPDATE_TUFVERIFY_H
#define ASSAY_UPDATE_TUFVERIFY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "tufkeys.h"

/* Largest metadata file examined, and most signatures one may carry. */
#define TUF_MAX_FILE	((size_t)16 << 20)
#define TUF_MAX_SIGS	1024

struct tuf_meta {
	json_t *doc;		/* the whole file (owned) */
	json_t *signed_part;	/* doc's "signed" (borrowed from doc) */
	char *canon;		/* canonical form of signed_part (owned) */
	size_t canonlen;
	const char *type;	/* "_type" */
	const char *spec_version;
	int64_t version;	/* >= 1 */
	int64_t expires;	/* Unix seconds */
	const char *expires_text;
};

/* What tuf_meta_parse made of a file. */
enum tuf_parse {
	TUF_NOT_METADATA = 0,	/* not TUF at all: ignore it */
	TUF_PARSED,
	TUF_BROKEN		/* looks like TUF metadata but is not valid */
};

/*
 * Parses n bytes.  TUF_PARSED fills m (release with tuf_meta_release);
 * TUF_BROKEN says why in why[whylen] and, for bad JSON, the line in
 * *linep (0 when none); m is empty otherwise.
 */
enum tuf_parse tuf_meta_parse(struct tuf_meta *m, const unsigned char *p,
    size_t n, unsigned long *linep, char *why, size_t whylen);
void tuf_meta_release(struct tuf_meta *m);

/*
 * Parses "YYYY-MM-DDTHH:MM:SSZ" into Unix seconds; false when the text is
 * not in exactly that form or names no real moment.
 */
bool tuf_parse_time(const char *s, int64_t *out);

/* The outcome of counting a role's signatures over one file. */
struct tuf_sigcount {
	int64_t threshold;
	size_t valid;		/* distinct keys whose signature verified */
	json_t *valid_keyids;	/* arrays of strings (owned) */
	json_t *bad_keyids;	/* authorised key, signature does not verify */
	json_t *unusable_keyids; /* authorised, but the key is unknown or
				   cannot be used */
	json_t *repeated_keyids; /* signed again by a key already counted */
	size_t placeholders;	/* empty "sig" strings, not counted */
};

/*
 * Counts m's signatures made by keys that role (an object with "keyids"
 * and "threshold") authorises, looked up in ks.  Returns 0, or -1 with why
 * when role or the signatures are malformed.  Release c either way.
 */
int tuf_sigcount(const struct tuf_meta *m, const struct tuf_keyset *ks,
    const json_t *role, struct tuf_sigcount *c, char *why, size_t whylen);
void tuf_sigcount_release(struct tuf_sigcount *c);

#endif
