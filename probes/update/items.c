/*
 * Splits configuration text into (section, key, value, line) items, so that
 * one key matcher serves INI files, deb822 paragraphs, YAML-ish files, JSON
 * and XML property lists.
 *
 * None of these parsers validates its format: each keeps what it can read
 * and remembers the first line that made no sense.  Lines longer than
 * UPD_LINE_MAX are skipped (and remembered), so that no item is unbounded.
 */
#include "updconf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#define ITEMS_MAX	100000u	/* items kept from one file */
#define JSON_DEPTH_MAX	32u	/* nesting followed in JSON */

static void
bad(struct upd_items *it, unsigned long line, const char *why)
{
	if (it->bad_line != 0)
		return;
	it->bad_line = line;
	(void)snprintf(it->bad_why, sizeof(it->bad_why), "%.120s", why);
}

static enum assay_err
add(struct upd_items *it, const struct upd_item *item)
{
	struct upd_item *nv;
	size_t cap;

	if (it->n >= ITEMS_MAX)
		return ASSAY_ERR_LIMIT;
	if (it->n == it->cap) {
		cap = it->cap == 0 ? 32 : it->cap * 2;
		if ((nv = reallocarray(it->v, cap, sizeof(*nv))) == NULL)
			return ASSAY_ERR_NOMEM;
		it->v = nv;
		it->cap = cap;
	}
	it->v[it->n++] = *item;
	return ASSAY_OK;
}

static bool
is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

/* Trims blanks at both ends of [*p, *p + *n). */
static void
trim(const char **p, size_t *n)
{
	while (*n > 0 && is_space(**p)) {
		(*p)++;
		(*n)--;
	}
	while (*n > 0 && is_space((*p)[*n - 1]))
		(*n)--;
}

/*
 * Splits the n bytes at p around sep into a trimmed key and value; with no
 * sep, all of it is the key.
 */
static void
split_pair(struct upd_item *item, const char *p, size_t n, const char *sep)
{
	item->key = p;
	item->keylen = sep != NULL ? (size_t)(sep - p) : n;
	item->value = sep != NULL ? sep + 1 : p + n;
	item->valuelen = sep != NULL ? n - item->keylen - 1 : 0;
	trim(&item->key, &item->keylen);
	trim(&item->value, &item->valuelen);
}

/* Removes one pair of matching quotes around a value. */
static void
unquote(const char **p, size_t *n)
{
	if (*n >= 2 && ((**p == '"' && (*p)[*n - 1] == '"') ||
	    (**p == '\'' && (*p)[*n - 1] == '\''))) {
		(*p)++;
		*n -= 2;
	}
}

/*
 * Calls fn for each line of text with its number, skipping (and noting)
 * lines longer than UPD_LINE_MAX.
 */
static enum assay_err
each_line(const char *text, size_t len, struct upd_items *it,
    enum assay_err (*fn)(struct upd_items *, const char *, size_t,
    unsigned long, void *), void *arg)
{
	const char *p = text, *end = text + len, *nl;
	unsigned long line = 0;
	enum assay_err e;
	size_t n;

	while (p < end) {
		line++;
		nl = memchr(p, '\n', (size_t)(end - p));
		n = nl != NULL ? (size_t)(nl - p) : (size_t)(end - p);
		if (n > UPD_LINE_MAX)
			bad(it, line, "line too long");
		else if ((e = fn(it, p, n, line, arg)) != ASSAY_OK)
			return e;
		if (nl == NULL)
			break;
		p = nl + 1;
	}
	return ASSAY_OK;
}

struct section {
	const char *name;
	size_t len;
	unsigned long no;
	bool blank;		/* deb822: the last line was blank */
	const char *key;	/* INI: the last key, for continuation lines */
	size_t keylen;
};

static enum assay_err
ini_line(struct upd_items *it, const char *p, size_t n, unsigned long line,
    void *arg)
{
	struct section *s = arg;
	struct upd_item item;
	const char *sep, *close;
	bool indented = n > 0 && is_space(*p);

	trim(&p, &n);
	if (n == 0 || *p == '#' || *p == ';')
		return ASSAY_OK;
	/*
	 * An indented line without "=" continues the value above (a yum
	 * baseurl's further mirrors); git's indented keys have an "=".
	 */
	if (indented && memchr(p, '=', n) == NULL && s->key != NULL) {
		memset(&item, 0, sizeof(item));
		item.section = s->name;
		item.sectionlen = s->len;
		item.secno = s->no;
		item.line = line;
		item.key = s->key;
		item.keylen = s->keylen;
		item.value = p;
		item.valuelen = n;
		return add(it, &item);
	}
	if (*p == '[') {
		if ((close = memchr(p, ']', n)) == NULL) {
			bad(it, line, "section header without ]");
			return ASSAY_OK;
		}
		s->name = p + 1;
		s->len = (size_t)(close - p - 1);
		trim(&s->name, &s->len);
		s->no++;
		s->key = NULL;
		return ASSAY_OK;
	}
	memset(&item, 0, sizeof(item));
	item.section = s->name;
	item.sectionlen = s->len;
	item.secno = s->no;
	item.line = line;
	sep = memchr(p, '=', n);
	if (sep == NULL)
		sep = memchr(p, ':', n);
	/* No separator: a bare key (an .npmrc flag, a git boolean). */
	split_pair(&item, p, n, sep);
	unquote(&item.value, &item.valuelen);
	s->key = item.key;
	s->keylen = item.keylen;
	return add(it, &item);
}

static enum assay_err
deb822_line(struct upd_items *it, const char *p, size_t n,
    unsigned long line, void *arg)
{
	struct section *s = arg;
	struct upd_item item;
	const char *colon, *q = p;
	size_t m = n;

	trim(&q, &m);
	if (m == 0) {
		s->blank = true;
		return ASSAY_OK;
	}
	if (*p == '#')
		return ASSAY_OK;
	/* A continuation line belongs to the field above. */
	if (is_space(*p))
		return ASSAY_OK;
	if (s->blank || s->no == 0) {
		s->no++;
		s->blank = false;
	}
	if ((colon = memchr(p, ':', n)) == NULL) {
		bad(it, line, "field without a colon");
		return ASSAY_OK;
	}
	memset(&item, 0, sizeof(item));
	item.section = "";
	item.secno = s->no;
	item.line = line;
	item.key = p;
	item.keylen = (size_t)(colon - p);
	item.value = colon + 1;
	item.valuelen = n - item.keylen - 1;
	trim(&item.key, &item.keylen);
	trim(&item.value, &item.valuelen);
	return add(it, &item);
}

static enum assay_err
yaml_line(struct upd_items *it, const char *p, size_t n, unsigned long line,
    void *arg)
{
	struct upd_item item;
	const char *colon, *hash;
	size_t i;

	(void)arg;
	trim(&p, &n);
	if (n >= 2 && p[0] == '-' && p[1] == ' ') {
		p += 2;
		n -= 2;
		trim(&p, &n);
	}
	if (n == 0 || *p == '#' || (n == 3 && memcmp(p, "---", 3) == 0))
		return ASSAY_OK;
	/* The key ends at the first ": " (or a colon ending the line). */
	colon = NULL;
	for (i = 0; i < n; i++) {
		if (p[i] == ':' && (i + 1 == n || is_space(p[i + 1]))) {
			colon = p + i;
			break;
		}
	}
	if (colon == NULL)
		return ASSAY_OK;
	memset(&item, 0, sizeof(item));
	item.section = "";
	item.line = line;
	split_pair(&item, p, n, colon);
	unquote(&item.key, &item.keylen);
	/* " #" starts a comment unless the value is quoted. */
	if (item.valuelen > 0 && (*item.value == '"' ||
	    *item.value == '\'')) {
		hash = memchr(item.value + 1, *item.value, item.valuelen - 1);
		if (hash != NULL)
			item.valuelen = (size_t)(hash - item.value) + 1;
	} else if (item.valuelen > 0) {
		for (i = 0; i + 1 < item.valuelen; i++) {
			hash = item.value + i;
			if (is_space(hash[0]) && hash[1] == '#') {
				item.valuelen = i;
				break;
			}
		}
		trim(&item.value, &item.valuelen);
	}
	unquote(&item.value, &item.valuelen);
	return add(it, &item);
}

/* ---- JSON -------------------------------------------------------------- */

struct jwalk {
	struct upd_items *it;
	const char *text;
	size_t len, cursor;	/* where the next key is looked for */
	unsigned long cursor_line;
	bool lost;		/* a key was not found: stop looking, so
				   that escaped keys cannot cost n^2 */
};

static char *
own(struct upd_items *it, char *s)
{
	char **nv;
	size_t cap;

	if (s == NULL)
		return NULL;
	if (it->nown == it->owncap) {
		cap = it->owncap == 0 ? 32 : it->owncap * 2;
		if ((nv = reallocarray(it->own, cap, sizeof(*nv))) == NULL) {
			free(s);
			return NULL;
		}
		it->own = nv;
		it->owncap = cap;
	}
	it->own[it->nown++] = s;
	return s;
}

/*
 * The line of key's next occurrence as a member name ("key" then a colon),
 * searched onwards from the last one found: Jansson keeps members in the
 * order of the text.
 */
static unsigned long
json_key_line(struct jwalk *w, const char *key)
{
	size_t k = strlen(key), i, j;

	if (w->lost)
		return w->cursor_line;
	for (i = w->cursor; i + k + 2 <= w->len; i++) {
		if (w->text[i] != '"' || memcmp(w->text + i + 1, key, k) != 0 ||
		    w->text[i + k + 1] != '"')
			continue;
		for (j = i + k + 2; j < w->len && (is_space(w->text[j]) ||
		    w->text[j] == '\n'); j++)
			continue;
		if (j >= w->len || w->text[j] != ':')
			continue;
		/* Past this name, so that the next search finds the next. */
		for (; w->cursor <= i; w->cursor++)
			if (w->text[w->cursor] == '\n')
				w->cursor_line++;
		return w->cursor_line;
	}
	w->lost = true;
	return w->cursor_line;
}

static enum assay_err
json_walk(struct jwalk *w, json_t *v, const char *path,
    unsigned long line, unsigned depth)
{
	struct upd_item item;
	const char *k;
	char *sub, *val = NULL, num[64];
	json_t *m;
	enum assay_err e = ASSAY_OK;
	size_t i, n;

	if (depth > JSON_DEPTH_MAX)
		return ASSAY_OK;
	if (json_is_object(v)) {
		json_object_foreach(v, k, m) {
			n = strlen(path) + strlen(k) + 2;
			if ((sub = malloc(n)) == NULL)
				return ASSAY_ERR_NOMEM;
			(void)snprintf(sub, n, "%s%s%s", path,
			    path[0] != '\0' ? "." : "", k);
			if (own(w->it, sub) == NULL)
				return ASSAY_ERR_NOMEM;
			e = json_walk(w, m, sub, json_key_line(w, k),
			    depth + 1);
			if (e != ASSAY_OK)
				return e;
		}
		return ASSAY_OK;
	}
	if (json_is_array(v)) {
		json_array_foreach(v, i, m)
			if ((e = json_walk(w, m, path, line, depth + 1)) !=
			    ASSAY_OK)
				return e;
		return ASSAY_OK;
	}
	if (path[0] == '\0')
		return ASSAY_OK;
	if (json_is_string(v))
		val = strdup(json_string_value(v));
	else {
		if (json_is_true(v))
			(void)snprintf(num, sizeof(num), "true");
		else if (json_is_false(v))
			(void)snprintf(num, sizeof(num), "false");
		else if (json_is_integer(v))
			(void)snprintf(num, sizeof(num), "%lld",
			    (long long)json_integer_value(v));
		else if (json_is_real(v))
			(void)snprintf(num, sizeof(num), "%g",
			    json_real_value(v));
		else
			(void)snprintf(num, sizeof(num), "null");
		val = strdup(num);
	}
	if (own(w->it, val) == NULL)
		return ASSAY_ERR_NOMEM;
	memset(&item, 0, sizeof(item));
	item.section = "";
	item.key = path;
	item.keylen = strlen(path);
	item.value = val;
	item.valuelen = strlen(val);
	item.line = line;
	return add(w->it, &item);
}

static enum assay_err
json_items(const char *text, size_t len, struct upd_items *it)
{
	struct jwalk w;
	json_error_t jerr;
	json_t *root;
	enum assay_err e;

	root = json_loadb(text, len, JSON_REJECT_DUPLICATES, &jerr);
	if (root == NULL) {
		bad(it, jerr.line > 0 ? (unsigned long)jerr.line : 1,
		    jerr.text);
		return ASSAY_OK;
	}
	memset(&w, 0, sizeof(w));
	w.it = it;
	w.text = text;
	w.len = len;
	w.cursor_line = 1;
	e = json_walk(&w, root, "", 1, 0);
	json_decref(root);
	return e;
}

/* ---- XML property lists ------------------------------------------------- */

static const char *
find(const char *p, const char *end, const char *s)
{
	size_t k = strlen(s);

	for (; p + k <= end; p++)
		if (*p == *s && memcmp(p, s, k) == 0)
			return p;
	return NULL;
}

static unsigned long
lines_between(const char *a, const char *b, unsigned long line)
{
	for (; a < b; a++)
		if (*a == '\n')
			line++;
	return line;
}

static enum assay_err
plist_items(const char *text, size_t len, struct upd_items *it)
{
	const char *p = text, *end = text + len, *k, *ke, *v, *ve, *last = text;
	struct upd_item item;
	unsigned long line = 1;
	enum assay_err e;
	bool strings_end = false;	/* no "</string>" lies ahead */

	if (len >= 6 && memcmp(text, "bplist", 6) == 0) {
		bad(it, 1, "binary property list (not examined)");
		return ASSAY_OK;
	}
	while ((k = find(p, end, "<key>")) != NULL) {
		k += 5;
		if ((ke = find(k, end, "</key>")) == NULL) {
			bad(it, lines_between(last, k, line), "<key> not "
			    "closed");
			break;
		}
		line = lines_between(last, k, line);
		last = k;
		memset(&item, 0, sizeof(item));
		item.section = "";
		item.key = k;
		item.keylen = (size_t)(ke - k);
		item.line = line;
		item.value = "";
		v = ke + 6;
		while (v < end && (is_space(*v) || *v == '\n'))
			v++;
		ve = NULL;
		if (!strings_end && (size_t)(end - v) >= 8 &&
		    memcmp(v, "<string>", 8) == 0 &&
		    (ve = find(v + 8, end, "</string>")) == NULL)
			strings_end = true;
		if (ve != NULL) {
			item.value = v + 8;
			item.valuelen = (size_t)(ve - v - 8);
		} else if ((size_t)(end - v) >= 7 &&
		    memcmp(v, "<true/>", 7) == 0) {
			item.value = "true";
			item.valuelen = 4;
		} else if ((size_t)(end - v) >= 8 &&
		    memcmp(v, "<false/>", 8) == 0) {
			item.value = "false";
			item.valuelen = 5;
		}
		trim(&item.key, &item.keylen);
		trim(&item.value, &item.valuelen);
		if (item.keylen > UPD_LINE_MAX || item.valuelen > UPD_LINE_MAX)
			bad(it, line, "key or value too long");
		else if ((e = add(it, &item)) != ASSAY_OK)
			return e;
		p = ke + 6;
	}
	return ASSAY_OK;
}

enum assay_err
upd_items_parse(enum upd_syntax syn, const char *text, size_t len,
    struct upd_items *it)
{
	struct section s;

	memset(it, 0, sizeof(*it));
	memset(&s, 0, sizeof(s));
	s.name = "";
	if (memchr(text, '\0', len) != NULL) {
		bad(it, 1, "binary content (a NUL byte)");
		return ASSAY_OK;
	}
	switch (syn) {
	case UPD_SYN_INI:
		return each_line(text, len, it, ini_line, &s);
	case UPD_SYN_DEB822:
		return each_line(text, len, it, deb822_line, &s);
	case UPD_SYN_YAML:
		return each_line(text, len, it, yaml_line, NULL);
	case UPD_SYN_JSON:
		return json_items(text, len, it);
	case UPD_SYN_PLIST:
		return plist_items(text, len, it);
	case UPD_SYN_NONE:
	case UPD_SYN_COUNT:
		break;
	}
	return ASSAY_OK;
}

void
upd_items_release(struct upd_items *it)
{
	size_t i;

	for (i = 0; i < it->nown; i++)
		free(it->own[i]);
	free(it->own);
	free(it->v);
	memset(it, 0, sizeof(*it));
}
