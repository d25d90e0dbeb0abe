/*
 * The streaming JSON writer.  It holds one byte of state per open container
 * and nothing per value, which is what keeps the inventory writer's memory
 * flat; everything it emits is valid UTF-8 JSON in Jansson's indented
 * layout.
 */
#include "jsonout.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bundlefs.h"
#include "path.h"

#define LEVEL_OBJECT	0x01u	/* an object, else an array */
#define LEVEL_ITEMS	0x02u	/* something was written in it */

/* stdio's default buffer is a page; larger writes fewer syscalls. */
#define JSONOUT_BUFSIZE	(64u * 1024u)

struct assay_jsonout {
	FILE *fp;
	char *name;		/* the file's name, for messages */
	unsigned char *stack;	/* LEVEL_* bits of each open container */
	size_t depth;		/* containers open */
	size_t cap;		/* bytes allocated for stack */
	bool after_key;		/* a key was written; its value is due */
	bool done;		/* the top-level value is complete */
	enum assay_err code;	/* the first failure; ASSAY_OK */
	int saved_errno;	/* errno of the first failure, for ASSAY_ERR_IO */
	const char *why;	/* static text of another first failure */
};

static void
fail(struct assay_jsonout *w, enum assay_err code, const char *why)
{
	if (w->code != ASSAY_OK)
		return;
	w->code = code;
	w->saved_errno = errno;
	w->why = why;
}

static void
put(struct assay_jsonout *w, const char *p, size_t n)
{
	if (w->code != ASSAY_OK || n == 0)
		return;
	if (fwrite(p, 1, n, w->fp) != n)
		fail(w, ASSAY_ERR_IO, NULL);
}

static void
indent(struct assay_jsonout *w, size_t depth)
{
	static const char spaces[] = "                                ";
	size_t n, chunk;

	/* depth is bounded by ASSAY_JSONOUT_MAX_DEPTH, so this cannot wrap. */
	n = 2 * depth;
	while (n > 0 && w->code == ASSAY_OK) {
		chunk = n < sizeof(spaces) - 1 ? n : sizeof(spaces) - 1;
		put(w, spaces, chunk);
		n -= chunk;
	}
}

/*
 * Writes what must come before a value at the current place and says
 * whether the value may be written.
 */
static bool
value_prefix(struct assay_jsonout *w)
{
	unsigned char *top;

	if (w->code != ASSAY_OK)
		return false;
	if (w->depth == 0) {
		if (w->done) {
			fail(w, ASSAY_ERR_INTERNAL,
			    "a second value after the document");
			return false;
		}
		return true;
	}
	top = &w->stack[w->depth - 1];
	if (*top & LEVEL_OBJECT) {
		if (!w->after_key) {
			fail(w, ASSAY_ERR_INTERNAL,
			    "a value inside an object without a key");
			return false;
		}
		w->after_key = false;
		return true;
	}
	put(w, (*top & LEVEL_ITEMS) ? ",\n" : "\n", (*top & LEVEL_ITEMS) ? 2 : 1);
	*top |= LEVEL_ITEMS;
	indent(w, w->depth);
	return w->code == ASSAY_OK;
}

static void
value_done(struct assay_jsonout *w)
{
	if (w->depth == 0)
		w->done = true;
}

static void
value_raw(struct assay_jsonout *w, const char *text, size_t n)
{
	if (!value_prefix(w))
		return;
	put(w, text, n);
	value_done(w);
}

static void
put_escaped(struct assay_jsonout *w, const char *s, size_t n)
{
	static const char replacement[] = "\xef\xbf\xbd";	/* U+FFFD */
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, run = 0, len;
	char esc[8];
	int k;

	put(w, "\"", 1);
	while (i < n && w->code == ASSAY_OK) {
		if (p[i] >= 0x20 && p[i] < 0x80 && p[i] != '"' &&
		    p[i] != '\\') {
			i++;
			continue;
		}
		/* Well-formed UTF-8 only, as Jansson accepts. */
		if (p[i] >= 0x80 &&
		    (len = assay_utf8_next(s + i, n - i, NULL)) > 0) {
			i += len;
			continue;
		}
		put(w, s + run, i - run);
		switch (p[i]) {
		case '"':
			put(w, "\\\"", 2);
			break;
		case '\\':
			put(w, "\\\\", 2);
			break;
		case '\b':
			put(w, "\\b", 2);
			break;
		case '\f':
			put(w, "\\f", 2);
			break;
		case '\n':
			put(w, "\\n", 2);
			break;
		case '\r':
			put(w, "\\r", 2);
			break;
		case '\t':
			put(w, "\\t", 2);
			break;
		default:
			if (p[i] < 0x20) {
				k = snprintf(esc, sizeof(esc), "\\u%04X",
				    (unsigned)p[i]);
				if (k < 0 || (size_t)k >= sizeof(esc)) {
					fail(w, ASSAY_ERR_INTERNAL,
					    "escape does not fit");
					break;
				}
				put(w, esc, (size_t)k);
			} else
				put(w, replacement, sizeof(replacement) - 1);
			break;
		}
		i++;
		run = i;
	}
	put(w, s + run, n - run);
	put(w, "\"", 1);
}

static void
push(struct assay_jsonout *w, unsigned char kind)
{
	unsigned char *grown;
	size_t cap;

	if (w->depth == ASSAY_JSONOUT_MAX_DEPTH) {
		fail(w, ASSAY_ERR_LIMIT, "containers nested too deeply");
		return;
	}
	if (w->depth == w->cap) {
		cap = w->cap == 0 ? 16 : 2 * w->cap;
		if (cap > ASSAY_JSONOUT_MAX_DEPTH)
			cap = ASSAY_JSONOUT_MAX_DEPTH;
		if ((grown = realloc(w->stack, cap)) == NULL) {
			fail(w, ASSAY_ERR_NOMEM, "out of memory");
			return;
		}
		w->stack = grown;
		w->cap = cap;
	}
	w->stack[w->depth++] = kind;
}

static void
begin(struct assay_jsonout *w, unsigned char kind)
{
	if (!value_prefix(w))
		return;
	push(w, kind);
	put(w, kind & LEVEL_OBJECT ? "{" : "[", 1);
}

static void
end(struct assay_jsonout *w, unsigned char kind)
{
	unsigned char top;

	if (w->code != ASSAY_OK)
		return;
	if (w->depth == 0 || (w->stack[w->depth - 1] & LEVEL_OBJECT) != kind) {
		fail(w, ASSAY_ERR_INTERNAL, "a container ended out of place");
		return;
	}
	if (w->after_key) {
		fail(w, ASSAY_ERR_INTERNAL, "an object ended after a key");
		return;
	}
	top = w->stack[--w->depth];
	if (top & LEVEL_ITEMS) {
		put(w, "\n", 1);
		indent(w, w->depth);
	}
	put(w, kind & LEVEL_OBJECT ? "}" : "]", 1);
	value_done(w);
}

enum assay_err
assay_jsonout_create(int dirfd, const char *name, struct assay_jsonout **wp,
    struct assay_error *err)
{
	struct assay_jsonout *w = NULL;
	enum assay_err r = ASSAY_ERR_INTERNAL;

	*wp = NULL;
	if ((w = calloc(1, sizeof(*w))) == NULL ||
	    (w->name = strdup(name)) == NULL) {
		r = assay_seterr(err, ASSAY_ERR_NOMEM, "out of memory");
		goto out;
	}
	if ((r = assay_bundlefs_fcreate(dirfd, name, JSONOUT_BUFSIZE, &w->fp, err)) !=
	    ASSAY_OK)
		goto out;
	*wp = w;
	w = NULL;
	r = ASSAY_OK;
 out:
	assay_jsonout_free(w);
	return r;
}

void
assay_jsonout_begin_object(struct assay_jsonout *w)
{
	begin(w, LEVEL_OBJECT);
}

void
assay_jsonout_end_object(struct assay_jsonout *w)
{
	end(w, LEVEL_OBJECT);
}

void
assay_jsonout_begin_array(struct assay_jsonout *w)
{
	begin(w, 0);
}

void
assay_jsonout_end_array(struct assay_jsonout *w)
{
	end(w, 0);
}

void
assay_jsonout_key(struct assay_jsonout *w, const char *key)
{
	unsigned char *top;

	if (w->code != ASSAY_OK)
		return;
	if (w->depth == 0 || !(w->stack[w->depth - 1] & LEVEL_OBJECT) ||
	    w->after_key) {
		fail(w, ASSAY_ERR_INTERNAL, "a key out of place");
		return;
	}
	top = &w->stack[w->depth - 1];
	put(w, (*top & LEVEL_ITEMS) ? ",\n" : "\n", (*top & LEVEL_ITEMS) ? 2 : 1);
	*top |= LEVEL_ITEMS;
	indent(w, w->depth);
	put_escaped(w, key, strlen(key));
	put(w, ": ", 2);
	w->after_key = true;
}

void
assay_jsonout_string(struct assay_jsonout *w, const char *s)
{
	if (s == NULL)
		assay_jsonout_null(w);
	else
		assay_jsonout_stringn(w, s, strlen(s));
}

void
assay_jsonout_stringn(struct assay_jsonout *w, const char *s, size_t n)
{
	if (!value_prefix(w))
		return;
	put_escaped(w, s, n);
	value_done(w);
}

void
assay_jsonout_hex(struct assay_jsonout *w, const unsigned char *p, size_t n)
{
	static const char digits[] = "0123456789abcdef";
	char chunk[128];
	size_t i, k = 0;

	if (!value_prefix(w))
		return;
	put(w, "\"", 1);
	for (i = 0; i < n; i++) {
		chunk[k++] = digits[p[i] >> 4];
		chunk[k++] = digits[p[i] & 0x0f];
		if (k == sizeof(chunk)) {
			put(w, chunk, k);
			k = 0;
		}
	}
	put(w, chunk, k);
	put(w, "\"", 1);
	value_done(w);
}

void
assay_jsonout_int(struct assay_jsonout *w, int64_t v)
{
	char num[24];
	int n;

	n = snprintf(num, sizeof(num), "%" PRId64, v);
	if (n < 0 || (size_t)n >= sizeof(num)) {
		fail(w, ASSAY_ERR_INTERNAL, "number does not fit");
		return;
	}
	value_raw(w, num, (size_t)n);
}

void
assay_jsonout_uint(struct assay_jsonout *w, uint64_t v)
{
	char num[24];
	int n;

	n = snprintf(num, sizeof(num), "%" PRIu64, v);
	if (n < 0 || (size_t)n >= sizeof(num)) {
		fail(w, ASSAY_ERR_INTERNAL, "number does not fit");
		return;
	}
	value_raw(w, num, (size_t)n);
}

void
assay_jsonout_bool(struct assay_jsonout *w, bool v)
{
	if (v)
		value_raw(w, "true", 4);
	else
		value_raw(w, "false", 5);
}

void
assay_jsonout_null(struct assay_jsonout *w)
{
	value_raw(w, "null", 4);
}

static int
cmp_keys(const void *a, const void *b)
{
	const char *const *ka = a;
	const char *const *kb = b;

	return strcmp(*ka, *kb);
}

static void
json_object_sorted(struct assay_jsonout *w, json_t *v)
{
	const char **keys = NULL;
	const char *key;
	json_t *member;
	size_t n, i, count = 0;

	n = json_object_size(v);
	if (n > 0 && (keys = calloc(n, sizeof(*keys))) == NULL) {
		fail(w, ASSAY_ERR_NOMEM, "out of memory");
		return;
	}
	json_object_foreach(v, key, member) {
		if (count < n)
			keys[count++] = key;
	}
	if (count > 1)
		qsort(keys, count, sizeof(*keys), cmp_keys);
	assay_jsonout_begin_object(w);
	for (i = 0; i < count && w->code == ASSAY_OK; i++) {
		assay_jsonout_key(w, keys[i]);
		assay_jsonout_json(w, json_object_get(v, keys[i]));
	}
	assay_jsonout_end_object(w);
	free(keys);
}

void
assay_jsonout_json(struct assay_jsonout *w, json_t *v)
{
	size_t i;
	char *text;

	if (w->code != ASSAY_OK)
		return;
	if (v == NULL) {
		fail(w, ASSAY_ERR_INTERNAL, "a missing JSON value");
		return;
	}
	switch (json_typeof(v)) {
	case JSON_OBJECT:
		json_object_sorted(w, v);
		break;
	case JSON_ARRAY:
		assay_jsonout_begin_array(w);
		for (i = 0; i < json_array_size(v) && w->code == ASSAY_OK; i++)
			assay_jsonout_json(w, json_array_get(v, i));
		assay_jsonout_end_array(w);
		break;
	case JSON_STRING:
		assay_jsonout_stringn(w, json_string_value(v),
		    json_string_length(v));
		break;
	case JSON_INTEGER:
		assay_jsonout_int(w, json_integer_value(v));
		break;
	case JSON_REAL:
		/* Jansson's own text, so a re-serialised file is identical. */
		if ((text = json_dumps(v, JSON_ENCODE_ANY)) == NULL) {
			fail(w, ASSAY_ERR_NOMEM, "out of memory");
			break;
		}
		value_raw(w, text, strlen(text));
		free(text);
		break;
	case JSON_TRUE:
		assay_jsonout_bool(w, true);
		break;
	case JSON_FALSE:
		assay_jsonout_bool(w, false);
		break;
	case JSON_NULL:
		assay_jsonout_null(w);
		break;
	}
}

void
assay_jsonout_kstring(struct assay_jsonout *w, const char *key, const char *s)
{
	assay_jsonout_key(w, key);
	assay_jsonout_string(w, s);
}

void
assay_jsonout_kint(struct assay_jsonout *w, const char *key, int64_t v)
{
	assay_jsonout_key(w, key);
	assay_jsonout_int(w, v);
}

void
assay_jsonout_kuint(struct assay_jsonout *w, const char *key, uint64_t v)
{
	assay_jsonout_key(w, key);
	assay_jsonout_uint(w, v);
}

void
assay_jsonout_kbool(struct assay_jsonout *w, const char *key, bool v)
{
	assay_jsonout_key(w, key);
	assay_jsonout_bool(w, v);
}

void
assay_jsonout_knull(struct assay_jsonout *w, const char *key)
{
	assay_jsonout_key(w, key);
	assay_jsonout_null(w);
}

enum assay_err
assay_jsonout_status(const struct assay_jsonout *w)
{
	return w->code;
}

enum assay_err
assay_jsonout_finish(struct assay_jsonout *w, struct assay_error *err)
{
	enum assay_err r;

	if (w->code == ASSAY_OK && !w->done)
		fail(w, ASSAY_ERR_INTERNAL, "the document is incomplete");
	put(w, "\n", 1);
	if (w->code == ASSAY_OK && fflush(w->fp) != 0)
		fail(w, ASSAY_ERR_IO, NULL);
	/* A full disk may show only now, when the last buffer goes out. */
	if (fclose(w->fp) != 0)
		fail(w, ASSAY_ERR_IO, NULL);
	w->fp = NULL;
	r = w->code;
	if (r == ASSAY_ERR_IO)
		assay_seterr(err, r, "cannot write %s: %s", w->name,
		    strerror(w->saved_errno));
	else if (r != ASSAY_OK)
		assay_seterr(err, r, "cannot write %s: %s", w->name, w->why);
	assay_jsonout_free(w);
	return r;
}

void
assay_jsonout_free(struct assay_jsonout *w)
{
	if (w == NULL)
		return;
	if (w->fp != NULL)
		fclose(w->fp);
	free(w->stack);
	free(w->name);
	free(w);
}
