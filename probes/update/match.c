/*
 * Runs catalogue rules over one file's text.
 *
 * A regex rule runs its pattern over the whole text (multi-line mode), so
 * that a pattern may span lines (a plist key and its value, a shell line
 * continued with a backslash); each match is reported at the line where it
 * starts.  A key rule runs over the items of the file's syntax, parsed once
 * per syntax.  A command rule looks at each shell line (backslash
 * continuations joined) once: the first command word, then the first
 * option after it, two searches that are linear in the line whatever it
 * holds.  PCRE2 match, depth and heap limits bound every match, and a rule
 * reports at most MATCHES_MAX hits in one file.
 */
#include "updconf.h"

#include <stdlib.h>
#include <string.h>

#include "assay/buf.h"

#define MATCHES_MAX	256u		/* hits of one rule in one file */
#define MATCH_LIMIT	2000000u	/* PCRE2 match() calls per match */
#define DEPTH_LIMIT	20000u		/* PCRE2 backtracking depth */
#define HEAP_LIMIT	20000u		/* PCRE2 heap, KiB */

struct state {
	const char *text;
	size_t len;
	const struct upd_sink *sink;
	pcre2_match_context *mctx;
	pcre2_match_data *test_md;	/* for tests that keep no groups */
	struct upd_items items[UPD_SYN_COUNT];
	bool parsed[UPD_SYN_COUNT];
};

/* 1 for a match, 0 for none, -1 when a limit stopped it. */
static int
re_match(struct state *st, const pcre2_code *re, const char *p, size_t n,
    size_t start, pcre2_match_data *md)
{
	int rc;

	rc = pcre2_match(re, (PCRE2_SPTR)p, n, start, 0, md, st->mctx);
	if (rc >= 0)
		return 1;
	return rc == PCRE2_ERROR_NOMATCH ? 0 : -1;
}

/* Matches re against n bytes at p; only whether it matched is kept. */
static int
re_test(struct state *st, const pcre2_code *re, const char *p, size_t n)
{
	return re_match(st, re, p, n, 0, st->test_md);
}

static enum assay_err
problem(struct state *st, const struct upd_rule *r, unsigned long line,
    const char *why)
{
	if (st->sink->problem == NULL)
		return ASSAY_OK;
	return st->sink->problem(st->sink->arg, r, line, why);
}

/*
 * Tells the sink about a URL found in a match and decides whether an
 * http-only rule fires for it.
 */
static enum assay_err
url_seen(struct state *st, const struct upd_rule *r, const char *p, size_t n,
    unsigned long line, char url[UPD_URL_MAX], bool *fires)
{
	enum upd_url_class c;
	bool http = false, https = false;
	enum assay_err e;

	*fires = !r->http_only;
	if (!upd_url_find(p, n, url)) {
		url[0] = '\0';
		return ASSAY_OK;
	}
	if (st->sink->url != NULL &&
	    (e = st->sink->url(st->sink->arg, r, url, line)) != ASSAY_OK)
		return e;
	c = upd_url_classify(url, &http, &https);
	if (r->http_only)
		*fires = http && c != UPD_URL_LOOPBACK;
	return ASSAY_OK;
}

static enum assay_err
fire(struct state *st, struct upd_hit *h)
{
	if (st->sink->hit == NULL)
		return ASSAY_OK;
	return st->sink->hit(st->sink->arg, h);
}

/*
 * Makes h the hit of r on text[s, t), counting the lines up to s from
 * counted (the offset line was counted to) on.
 */
static void
hit_at(const struct state *st, const struct upd_rule *r, size_t s, size_t t,
    size_t *counted, unsigned long *line, struct upd_hit *h)
{
	for (; *counted < s; (*counted)++)
		if (st->text[*counted] == '\n')
			(*line)++;
	memset(h, 0, sizeof(*h));
	h->rule = r;
	h->line = *line;
	h->match = st->text + s;
	h->matchlen = t - s;
}

static enum assay_err
run_regex(struct state *st, const struct upd_rule *r)
{
	pcre2_match_data *md = NULL;
	PCRE2_SIZE *ov;
	struct upd_hit h;
	enum assay_err e = ASSAY_OK;
	char url[UPD_URL_MAX];
	unsigned long line = 1;
	size_t start = 0, counted = 0, found = 0, s, t;
	int group, rc;
	bool fires;

	if ((md = pcre2_match_data_create_from_pattern(r->pattern, NULL)) ==
	    NULL)
		return ASSAY_ERR_NOMEM;
	group = pcre2_substring_number_from_name(r->pattern,
	    (PCRE2_SPTR)"url");
	while (start <= st->len && found < MATCHES_MAX) {
		rc = re_match(st, r->pattern, st->text, st->len, start, md);
		if (rc == 0)
			break;
		if (rc < 0) {
			e = problem(st, r, line, "a pattern hit its matching "
			    "limit; the rest of the file was not examined");
			goto out;
		}
		ov = pcre2_get_ovector_pointer(md);
		s = ov[0];
		t = ov[1];
		if (s > st->len || t > st->len || t < s)
			break;
		found++;
		hit_at(st, r, s, t, &counted, &line, &h);
		if (group > 0 && ov[2 * group] != PCRE2_UNSET &&
		    ov[2 * group + 1] >= ov[2 * group])
			e = url_seen(st, r, st->text + ov[2 * group],
			    ov[2 * group + 1] - ov[2 * group], line, url,
			    &fires);
		else
			e = url_seen(st, r, h.match, h.matchlen, line, url,
			    &fires);
		if (e != ASSAY_OK)
			goto out;
		h.url = url[0] != '\0' ? url : NULL;
		if (!r->absent && fires && (e = fire(st, &h)) != ASSAY_OK)
			goto out;
		/* An empty match must still move on. */
		start = t > s ? t : t + 1;
	}
	if (r->absent && found == 0) {
		memset(&h, 0, sizeof(h));
		h.rule = r;
		e = fire(st, &h);
	}
 out:
	pcre2_match_data_free(md);
	return e;
}

/* End of the shell line starting at pos: a newline not escaped, or len. */
static size_t
shell_line_end(const char *text, size_t len, size_t pos)
{
	const char *nl;

	while (pos < len &&
	    (nl = memchr(text + pos, '\n', len - pos)) != NULL) {
		pos = (size_t)(nl - text);
		if (pos == 0 || text[pos - 1] != '\\')
			return pos;
		pos++;
	}
	return len;
}

static enum assay_err
run_command(struct state *st, const struct upd_rule *r)
{
	pcre2_match_data *md = NULL;
	PCRE2_SIZE *ov;
	struct upd_hit h;
	enum assay_err e = ASSAY_OK;
	char url[UPD_URL_MAX];
	unsigned long line = 1;
	size_t pos = 0, end, counted = 0, found = 0, cs, ce, os, oe;
	bool fires;
	int rc;

	if ((md = pcre2_match_data_create(2, NULL)) == NULL)
		return ASSAY_ERR_NOMEM;
	for (; pos < st->len && found < MATCHES_MAX; pos = end + 1) {
		end = shell_line_end(st->text, st->len, pos);
		/* The line is the subject, so no match runs past it. */
		rc = re_match(st, r->pattern, st->text, end, pos, md);
		if (rc == 1) {
			ov = pcre2_get_ovector_pointer(md);
			cs = ov[0];
			ce = ov[1];
			rc = re_match(st, r->option, st->text, end, ce, md);
		}
		if (rc < 0) {
			e = problem(st, r, line, "a pattern hit its matching "
			    "limit; the rest of the file was not examined");
			goto out;
		}
		if (rc == 0)
			continue;
		ov = pcre2_get_ovector_pointer(md);
		os = ov[0];
		oe = ov[1];
		hit_at(st, r, cs, oe, &counted, &line, &h);
		/* The endpoint is the first URL between the two, if any. */
		if ((e = url_seen(st, r, st->text + ce, os > ce ? os - ce : 0,
		    line, url, &fires)) != ASSAY_OK)
			goto out;
		if (url[0] == '\0' && (e = url_seen(st, r, st->text + ce,
		    oe - ce, line, url, &fires)) != ASSAY_OK)
			goto out;
		h.url = url[0] != '\0' ? url : NULL;
		found++;
		if (fires && (e = fire(st, &h)) != ASSAY_OK)
			goto out;
	}
 out:
	pcre2_match_data_free(md);
	return e;
}

static struct upd_items *
items_of(struct state *st, enum upd_syntax syn, const struct upd_rule *r,
    enum assay_err *e)
{
	struct upd_items *it = &st->items[syn];

	*e = ASSAY_OK;
	if (st->parsed[syn])
		return it;
	st->parsed[syn] = true;
	if ((*e = upd_items_parse(syn, st->text, st->len, it)) != ASSAY_OK)
		return NULL;
	if (it->bad_line != 0)
		*e = problem(st, r, it->bad_line, it->bad_why);
	return *e == ASSAY_OK ? it : NULL;
}

static enum assay_err
run_key(struct state *st, const struct upd_rule *r)
{
	const struct upd_item *item;
	struct upd_items *it;
	struct upd_hit h;
	enum assay_err e;
	char url[UPD_URL_MAX];
	unsigned long group = 0, group_line = 0;
	size_t i, found = 0;
	bool in_group = false, group_hit = false, any_section = false;
	bool fires;
	int rc;

	if ((it = items_of(st, r->syntax, r, &e)) == NULL)
		return e;
	for (i = 0; i <= it->n; i++) {
		item = i < it->n ? &it->v[i] : NULL;
		if (item != NULL && r->section != NULL) {
			rc = re_test(st, r->section, item->section,
			    item->sectionlen);
			if (rc < 0)
				return problem(st, r, item->line, "a pattern "
				    "hit its matching limit");
			if (rc == 0)
				continue;
		}
		/* Absence is judged per section (paragraph). */
		if (r->absent && in_group &&
		    (item == NULL || item->secno != group)) {
			if (!group_hit) {
				memset(&h, 0, sizeof(h));
				h.rule = r;
				/* Outside any section the file is the scope. */
				h.line = group != 0 ? group_line : 0;
				if ((e = fire(st, &h)) != ASSAY_OK)
					return e;
			}
			in_group = false;
		}
		if (item == NULL)
			break;
		any_section = true;
		if (!in_group) {
			in_group = true;
			group = item->secno;
			group_line = item->line;
			group_hit = false;
		}
		rc = re_test(st, r->pattern, item->key, item->keylen);
		if (rc == 1 && r->value != NULL)
			rc = re_test(st, r->value, item->value,
			    item->valuelen);
		if (rc < 0)
			return problem(st, r, item->line, "a pattern hit its "
			    "matching limit");
		if (rc == 0)
			continue;
		group_hit = true;
		if (r->absent || found >= MATCHES_MAX)
			continue;
		memset(&h, 0, sizeof(h));
		h.rule = r;
		h.line = item->line;
		h.item = item;
		h.match = item->key;
		h.matchlen = item->keylen;
		if ((e = url_seen(st, r, item->value, item->valuelen,
		    item->line, url, &fires)) != ASSAY_OK)
			return e;
		h.url = url[0] != '\0' ? url : NULL;
		if (fires) {
			found++;
			if ((e = fire(st, &h)) != ASSAY_OK)
				return e;
		}
	}
	/* Nothing to look in: the key is absent from the whole file. */
	if (r->absent && !any_section) {
		memset(&h, 0, sizeof(h));
		h.rule = r;
		return fire(st, &h);
	}
	return ASSAY_OK;
}

enum assay_err
upd_match_text(const struct upd_rule *const *rules, size_t n,
    const char *text, size_t len, const struct upd_sink *sink)
{
	struct state st;
	enum assay_err e = ASSAY_OK;
	size_t i;

	memset(&st, 0, sizeof(st));
	st.text = text;
	st.len = len;
	st.sink = sink;
	if ((st.mctx = pcre2_match_context_create(NULL)) == NULL ||
	    (st.test_md = pcre2_match_data_create(1, NULL)) == NULL) {
		pcre2_match_context_free(st.mctx);
		return ASSAY_ERR_NOMEM;
	}
	(void)pcre2_set_match_limit(st.mctx, MATCH_LIMIT);
	(void)pcre2_set_depth_limit(st.mctx, DEPTH_LIMIT);
	(void)pcre2_set_heap_limit(st.mctx, HEAP_LIMIT);
	for (i = 0; i < n && e == ASSAY_OK; i++) {
		if (rules[i]->requires != NULL) {
			/* A limit hit counts as no match: the rule stays off. */
			if (re_test(&st, rules[i]->requires, text, len) != 1)
				continue;
		}
		switch (rules[i]->kind) {
		case UPD_KIND_REGEX:
			e = run_regex(&st, rules[i]);
			break;
		case UPD_KIND_KEY:
			e = run_key(&st, rules[i]);
			break;
		case UPD_KIND_COMMAND:
			e = run_command(&st, rules[i]);
			break;
		}
	}
	for (i = 0; i < UPD_SYN_COUNT; i++)
		upd_items_release(&st.items[i]);
	pcre2_match_data_free(st.test_md);
	pcre2_match_context_free(st.mctx);
	return e;
}

/* Masks every user:password@ of a URL in s with stars, in place. */
static void
mask_userinfo(char *s)
{
	char *p = s, *a, *end, *at;

	while ((p = strstr(p, "://")) != NULL) {
		a = p + 3;
		end = a + strcspn(a, "/ \t\"'?#");
		for (at = end; at > a && at[-1] != '@'; at--)
			continue;
		if (at > a)
			memset(a, '*', (size_t)(at - 1 - a));
		p = end;
	}
}

char *
upd_printable(const char *p, size_t n, size_t max)
{
	char *s;
	size_t i;

	if (n > max)
		n = max;
	if ((s = malloc(n + 1)) == NULL)
		return NULL;
	for (i = 0; i < n; i++)
		s[i] = p[i] >= 0x20 && p[i] < 0x7f ? p[i] : '?';
	s[n] = '\0';
	mask_userinfo(s);
	return s;
}

static enum assay_err
add_printable(struct assay_buf *b, const char *p, size_t n)
{
	char *s;
	enum assay_err e;

	if (p == NULL)
		return ASSAY_OK;
	if ((s = upd_printable(p, n, UPD_SNIPPET_MAX)) == NULL)
		return ASSAY_ERR_NOMEM;
	e = assay_buf_add(b, s, strlen(s));
	free(s);
	return e;
}

char *
upd_message(const struct upd_hit *h, const char *file)
{
	struct assay_buf b = ASSAY_BUF_INIT(4096);
	const char *t = h->rule->message, *end;
	const struct upd_item *it = h->item;
	enum assay_err e = ASSAY_OK;
	char *redacted = NULL;
	size_t n;

	while (*t != '\0' && e == ASSAY_OK) {
		if (*t != '{' || (end = strchr(t, '}')) == NULL) {
			e = assay_buf_add(&b, t, 1);
			t++;
			continue;
		}
		n = (size_t)(end - t - 1);
#define IS(name) (n == sizeof(name) - 1 && memcmp(t + 1, name, n) == 0)
		if (IS("channel"))
			e = add_printable(&b, h->rule->channel,
			    strlen(h->rule->channel));
		else if (IS("file"))
			e = add_printable(&b, file, strlen(file));
		else if (IS("line"))
			e = assay_buf_addf(&b, "%lu", h->line);
		else if (IS("key") && it != NULL)
			e = add_printable(&b, it->key, it->keylen);
		else if (IS("value") && it != NULL)
			e = add_printable(&b, it->value, it->valuelen);
		else if (IS("section") && it != NULL)
			e = add_printable(&b, it->section, it->sectionlen);
		else if (IS("url") && h->url != NULL) {
			if ((redacted = upd_url_redact(h->url)) == NULL)
				e = ASSAY_ERR_NOMEM;
			else
				e = add_printable(&b, redacted,
				    strlen(redacted));
			free(redacted);
			redacted = NULL;
		} else if (IS("match") && h->match != NULL)
			e = add_printable(&b, h->match, h->matchlen);
#undef IS
		t = end + 1;
	}
	if (e != ASSAY_OK && e != ASSAY_ERR_LIMIT) {
		assay_buf_release(&b);
		return NULL;
	}
	return assay_buf_detach(&b, NULL);
}
