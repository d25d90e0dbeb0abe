/*
 * Canonical JSON encoder (cjson.h).  Keys are sorted by their UTF-8 bytes,
 * which for valid UTF-8 is code-point order, the order securesystemslib's
 * sorted() gives; Jansson has already refused invalid UTF-8 and NULs in
 * keys, so strcmp() is exact.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cjson.h"

static enum assay_err encode(const json_t *v, struct assay_buf *out,
    unsigned depth, const char **why);

static int
key_cmp(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static enum assay_err
encode_string(const char *s, size_t n, struct assay_buf *out)
{
	enum assay_err r;
	size_t i, run = 0;

	if ((r = assay_buf_add(out, "\"", 1)) != ASSAY_OK)
		return r;
	for (i = 0; i < n; i++) {
		if (s[i] != '"' && s[i] != '\\')
			continue;
		if ((r = assay_buf_add(out, s + run, i - run)) != ASSAY_OK ||
		    (r = assay_buf_add(out, "\\", 1)) != ASSAY_OK)
			return r;
		run = i;
	}
	if ((r = assay_buf_add(out, s + run, n - run)) != ASSAY_OK)
		return r;
	return assay_buf_add(out, "\"", 1);
}

static enum assay_err
encode_object(const json_t *v, struct assay_buf *out, unsigned depth,
    const char **why)
{
	const char **keys = NULL, *key;
	enum assay_err r = ASSAY_OK;
	size_t n = json_object_size(v), i = 0;
	json_t *member;

	if (n > 0 && (keys = calloc(n, sizeof(*keys))) == NULL)
		return ASSAY_ERR_NOMEM;
	/* The cast only serves Jansson's iteration macro; nothing changes. */
	json_object_foreach((json_t *)(uintptr_t)v, key, member) {
		if (i < n)
			keys[i++] = key;
	}
	if (i > 1)
		qsort(keys, i, sizeof(*keys), key_cmp);
	if ((r = assay_buf_add(out, "{", 1)) != ASSAY_OK)
		goto out;
	for (n = i, i = 0; i < n; i++) {
		if ((i > 0 && (r = assay_buf_add(out, ",", 1)) != ASSAY_OK) ||
		    (r = encode_string(keys[i], strlen(keys[i]), out)) !=
		    ASSAY_OK ||
		    (r = assay_buf_add(out, ":", 1)) != ASSAY_OK ||
		    (r = encode(json_object_get(v, keys[i]), out, depth + 1,
		    why)) != ASSAY_OK)
			goto out;
	}
	r = assay_buf_add(out, "}", 1);
 out:
	free(keys);
	return r;
}

static enum assay_err
encode(const json_t *v, struct assay_buf *out, unsigned depth,
    const char **why)
{
	enum assay_err r;
	size_t i;

	if (depth > CJSON_MAX_DEPTH) {
		*why = "nested too deep";
		return ASSAY_ERR_INVALID;
	}
	switch (json_typeof(v)) {
	case JSON_OBJECT:
		return encode_object(v, out, depth, why);
	case JSON_ARRAY:
		if ((r = assay_buf_add(out, "[", 1)) != ASSAY_OK)
			return r;
		for (i = 0; i < json_array_size(v); i++) {
			if ((i > 0 && (r = assay_buf_add(out, ",", 1)) !=
			    ASSAY_OK) ||
			    (r = encode(json_array_get(v, i), out, depth + 1,
			    why)) != ASSAY_OK)
				return r;
		}
		return assay_buf_add(out, "]", 1);
	case JSON_STRING:
		if (memchr(json_string_value(v), '\0',
		    json_string_length(v)) != NULL) {
			*why = "a string holds a NUL character";
			return ASSAY_ERR_INVALID;
		}
		return encode_string(json_string_value(v),
		    json_string_length(v), out);
	case JSON_INTEGER:
		return assay_buf_addf(out, "%" JSON_INTEGER_FORMAT,
		    json_integer_value(v));
	case JSON_REAL:
		*why = "a number is not an integer";
		return ASSAY_ERR_INVALID;
	case JSON_TRUE:
		return assay_buf_add(out, "true", 4);
	case JSON_FALSE:
		return assay_buf_add(out, "false", 5);
	case JSON_NULL:
		return assay_buf_add(out, "null", 4);
	}
	*why = "unknown JSON type";
	return ASSAY_ERR_INVALID;
}

enum assay_err
cjson_encode(const json_t *v, struct assay_buf *out, const char **why)
{
	const char *dummy;

	if (why == NULL)
		why = &dummy;
	*why = NULL;
	return encode(v, out, 0, why);
}
