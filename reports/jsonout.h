/*
 * A streaming JSON writer for the bundle's large files: values go straight
 * to a buffered file as they are given, so writing an inventory of millions
 * of entries takes the same memory as writing ten.
 *
 * The output has the layout of Jansson's JSON_INDENT(2): two-space indent,
 * "key": value, empty containers as {} and [], non-ASCII kept as UTF-8 and
 * only quotes, backslashes and control characters escaped.  Keys appear in
 * the order the caller gives them; the writers give them sorted, so that a
 * file re-serialised by Jansson with JSON_SORT_KEYS is byte-identical.
 * Bytes that are not valid UTF-8 are written as U+FFFD, so the output is
 * valid JSON whatever the input.
 *
 * Errors are sticky: the first failure (a write error, a call out of
 * place, memory) is kept, every later call does nothing, and
 * assay_jsonout_finish() reports it naming the file.
 */
#ifndef ASSAY_JSONOUT_H
#define ASSAY_JSONOUT_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "error.h"

/* How deep containers may nest; deeper is ASSAY_ERR_LIMIT. */
#define ASSAY_JSONOUT_MAX_DEPTH 4096

struct assay_jsonout;

/*
 * Creates (or truncates) name inside dirfd with mode 0644, never through a
 * symbolic link, and starts a writer on it.  The caller ends the writer
 * with assay_jsonout_finish() or assay_jsonout_free().
 */
enum assay_err assay_jsonout_create(int dirfd, const char *name,
    struct assay_jsonout **wp, struct assay_error *err);

/* Containers.  Each begin needs the matching end. */
void assay_jsonout_begin_object(struct assay_jsonout *w);
void assay_jsonout_end_object(struct assay_jsonout *w);
void assay_jsonout_begin_array(struct assay_jsonout *w);
void assay_jsonout_end_array(struct assay_jsonout *w);

/* The next member's name; only directly inside an object. */
void assay_jsonout_key(struct assay_jsonout *w, const char *key);

/*
 * Values: an array element, the value after a key, or the document.  A NULL
 * string is written as null.
 */
void assay_jsonout_string(struct assay_jsonout *w, const char *s);
void assay_jsonout_stringn(struct assay_jsonout *w, const char *s, size_t n);
void assay_jsonout_hex(struct assay_jsonout *w, const unsigned char *p,
    size_t n);			/* lower-case hex string of n bytes */
void assay_jsonout_int(struct assay_jsonout *w, int64_t v);
void assay_jsonout_uint(struct assay_jsonout *w, uint64_t v);
void assay_jsonout_bool(struct assay_jsonout *w, bool v);
void assay_jsonout_null(struct assay_jsonout *w);

/*
 * A Jansson value, objects with their keys sorted.  v is only read; it is
 * not const because Jansson's iterators take a mutable pointer.
 */
void assay_jsonout_json(struct assay_jsonout *w, json_t *v);

/* A key and its value in one call. */
void assay_jsonout_kstring(struct assay_jsonout *w, const char *key,
    const char *s);
void assay_jsonout_kint(struct assay_jsonout *w, const char *key, int64_t v);
void assay_jsonout_kuint(struct assay_jsonout *w, const char *key,
    uint64_t v);
void assay_jsonout_kbool(struct assay_jsonout *w, const char *key, bool v);
void assay_jsonout_knull(struct assay_jsonout *w, const char *key);

/* ASSAY_OK, or the first error so far. */
enum assay_err assay_jsonout_status(const struct assay_jsonout *w);

/*
 * Ends the document with a newline, flushes and closes the file, and frees
 * w.  Returns the first error of the writer's life, with a message naming
 * the file in err; an incomplete document is ASSAY_ERR_INTERNAL.
 */
enum assay_err assay_jsonout_finish(struct assay_jsonout *w,
    struct assay_error *err);

/* Closes the file without checking anything and frees w.  NULL-safe. */
void assay_jsonout_free(struct assay_jsonout *w);

#endif
