/*
 * Loads the rules catalogue (data/rules.json) into struct upd_catalogue.
 *
 * The catalogue ships with assay, but it is data that a lab may edit, so it
 * is checked as strictly as a profile: an unknown member, a pattern that
 * does not compile or a template with an unknown placeholder is an error
 * naming the rule, never a rule that silently matches nothing.
 */
#include "updconf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#define CATALOGUE_SCHEMA	"assay/update-rules/v1"
#define CATALOGUE_RULES_MAX	1024u
#define CATALOGUE_GLOBS_MAX	64u

static const char *const syntax_names[UPD_SYN_COUNT] = {
	"none", "ini", "deb822", "yaml", "json", "plist"
};

static const char *const placeholders[] = {
	"channel", "file", "line", "key", "value", "section", "url", "match",
	NULL
};

static enum assay_err
fail(char *why, size_t whylen, const char *rule, const char *what)
{
	(void)snprintf(why, whylen, "rule %s: %s", rule != NULL ? rule : "?",
	    what);
	return ASSAY_ERR_INVALID;
}

/* True when every member of o is one of names (NULL-terminated). */
static bool
only_members(json_t *o, const char *const *names, const char **bad)
{
	const char *k;
	json_t *v;
	size_t i;

	json_object_foreach(o, k, v) {
		(void)v;
		for (i = 0; names[i] != NULL; i++)
			if (strcmp(names[i], k) == 0)
				break;
		if (names[i] == NULL) {
			*bad = k;
			return false;
		}
	}
	return true;
}

static char *
dup_string(const json_t *o, const char *key, bool required, bool *ok)
{
	const json_t *v = json_object_get(o, key);
	char *s;

	if (v == NULL) {
		if (required)
			*ok = false;
		return NULL;
	}
	if (!json_is_string(v) || json_string_length(v) == 0 ||
	    strlen(json_string_value(v)) != json_string_length(v)) {
		*ok = false;
		return NULL;
	}
	if ((s = strdup(json_string_value(v))) == NULL)
		*ok = false;
	return s;
}

/* Compiles an optional pattern member; *ok false (and why) on error. */
static pcre2_code *
compile(const json_t *o, const char *key, uint32_t opts, const char *rule,
    bool *ok, char *why, size_t whylen)
{
	const json_t *v = json_object_get(o, key);
	PCRE2_UCHAR msg[160];
	PCRE2_SIZE off;
	pcre2_code *re;
	char what[320];
	int code;

	if (v == NULL)
		return NULL;
	if (!json_is_string(v) || json_string_length(v) == 0) {
		(void)snprintf(what, sizeof(what), "%s is not a pattern", key);
		fail(why, whylen, rule, what);
		*ok = false;
		return NULL;
	}
	re = pcre2_compile((PCRE2_SPTR)json_string_value(v),
	    json_string_length(v), opts | PCRE2_NEVER_BACKSLASH_C, &code, &off,
	    NULL);
	if (re == NULL) {
		(void)pcre2_get_error_message(code, msg, sizeof(msg));
		(void)snprintf(what, sizeof(what), "%s does not compile at "
		    "offset %zu: %s", key, (size_t)off, (const char *)msg);
		fail(why, whylen, rule, what);
		*ok = false;
	}
	return re;
}

static bool
severity_parse(const char *s, enum assay_severity *out)
{
	enum assay_severity v;

	for (v = ASSAY_SEV_INFO; v <= ASSAY_SEV_CRITICAL; v++) {
		if (strcmp(assay_severity_name(v), s) == 0) {
			*out = v;
			return true;
		}
	}
	return false;
}

/* Every {name} in t is a known placeholder and braces pair up. */
static bool
template_ok(const char *t)
{
	const char *p, *end;
	size_t i, n;

	for (p = t; *p != '\0'; p++) {
		if (*p == '}')
			return false;
		if (*p != '{')
			continue;
		if ((end = strchr(p, '}')) == NULL)
			return false;
		n = (size_t)(end - p - 1);
		for (i = 0; placeholders[i] != NULL; i++)
			if (strlen(placeholders[i]) == n &&
			    memcmp(placeholders[i], p + 1, n) == 0)
				break;
		if (placeholders[i] == NULL)
			return false;
		p = end;
	}
	return true;
}

static enum assay_err
add_glob(struct upd_rule *r, const char *g)
{
	char **nv;

	if (r->nfiles >= CATALOGUE_GLOBS_MAX)
		return ASSAY_ERR_LIMIT;
	if ((nv = reallocarray(r->files, r->nfiles + 1, sizeof(*nv))) == NULL)
		return ASSAY_ERR_NOMEM;
	r->files = nv;
	if ((r->files[r->nfiles] = strdup(g)) == NULL)
		return ASSAY_ERR_NOMEM;
	r->nfiles++;
	return ASSAY_OK;
}

/* "files": globs, or "@name" for a fileset of the catalogue. */
static enum assay_err
load_files(struct upd_rule *r, const json_t *files, const json_t *sets,
    char *why, size_t whylen)
{
	const json_t *g, *set, *m;
	size_t i, j;

	if (!json_is_array(files) || json_array_size(files) == 0)
		return fail(why, whylen, r->id, "files is not a list of globs");
	json_array_foreach(files, i, g) {
		if (!json_is_string(g) || json_string_length(g) == 0)
			return fail(why, whylen, r->id, "a glob is not text");
		if (json_string_value(g)[0] != '@') {
			if (add_glob(r, json_string_value(g)) != ASSAY_OK)
				return fail(why, whylen, r->id,
				    "too many globs");
			continue;
		}
		set = json_object_get(sets, json_string_value(g) + 1);
		if (!json_is_array(set))
			return fail(why, whylen, r->id, "unknown fileset");
		json_array_foreach(set, j, m) {
			if (!json_is_string(m) || json_string_length(m) == 0 ||
			    add_glob(r, json_string_value(m)) != ASSAY_OK)
				return fail(why, whylen, r->id,
				    "bad fileset member");
		}
	}
	return ASSAY_OK;
}

static enum assay_err
load_match(struct upd_rule *r, json_t *m, char *why, size_t whylen)
{
	static const char *const regex_members[] = { "kind", "pattern",
	    "requires", "absent", "http-only", NULL };
	static const char *const key_members[] = { "kind", "syntax", "key",
	    "section", "value", "requires", "absent", "http-only", NULL };
	static const char *const command_members[] = { "kind", "command",
	    "option", "requires", "http-only", NULL };
	const char *kind, *bad = NULL, *syn;
	const json_t *v;
	char what[160];
	bool ok = true;
	size_t i;

	if (!json_is_object(m) ||
	    !json_is_string(v = json_object_get(m, "kind")))
		return fail(why, whylen, r->id, "match has no kind");
	kind = json_string_value(v);
	if (strcmp(kind, "regex") == 0) {
		r->kind = UPD_KIND_REGEX;
		r->syntax = UPD_SYN_NONE;
		if (!only_members(m, regex_members, &bad))
			goto unknown;
		if (json_object_get(m, "pattern") == NULL)
			return fail(why, whylen, r->id, "regex has no pattern");
		r->pattern = compile(m, "pattern", PCRE2_MULTILINE, r->id, &ok,
		    why, whylen);
	} else if (strcmp(kind, "key") == 0) {
		r->kind = UPD_KIND_KEY;
		if (!only_members(m, key_members, &bad))
			goto unknown;
		if (!json_is_string(v = json_object_get(m, "syntax")))
			return fail(why, whylen, r->id, "key has no syntax");
		syn = json_string_value(v);
		for (i = 1; i < UPD_SYN_COUNT; i++)
			if (strcmp(syntax_names[i], syn) == 0)
				break;
		if (i == UPD_SYN_COUNT)
			return fail(why, whylen, r->id, "unknown syntax");
		r->syntax = (enum upd_syntax)i;
		if (json_object_get(m, "key") == NULL)
			return fail(why, whylen, r->id, "key rule has no key");
		r->pattern = compile(m, "key", 0, r->id, &ok, why, whylen);
		if (ok)
			r->section = compile(m, "section", 0, r->id, &ok, why,
			    whylen);
		if (ok)
			r->value = compile(m, "value", 0, r->id, &ok, why,
			    whylen);
	} else if (strcmp(kind, "command") == 0) {
		r->kind = UPD_KIND_COMMAND;
		r->syntax = UPD_SYN_NONE;
		if (!only_members(m, command_members, &bad))
			goto unknown;
		if (json_object_get(m, "command") == NULL ||
		    json_object_get(m, "option") == NULL)
			return fail(why, whylen, r->id,
			    "command needs command and option");
		r->pattern = compile(m, "command", 0, r->id, &ok, why,
		    whylen);
		if (ok)
			r->option = compile(m, "option", PCRE2_MULTILINE, r->id,
			    &ok, why, whylen);
	} else
		return fail(why, whylen, r->id, "unknown match kind");
	if (ok)
		r->requires = compile(m, "requires", PCRE2_MULTILINE, r->id,
		    &ok, why, whylen);
	if (!ok)
		return ASSAY_ERR_INVALID;
	v = json_object_get(m, "absent");
	if (v != NULL && !json_is_boolean(v))
		return fail(why, whylen, r->id, "absent is not true or false");
	r->absent = json_is_true(v);
	v = json_object_get(m, "http-only");
	if (v != NULL && !json_is_boolean(v))
		return fail(why, whylen, r->id,
		    "http-only is not true or false");
	r->http_only = json_is_true(v);
	if (r->absent && (r->http_only || r->value != NULL))
		return fail(why, whylen, r->id,
		    "absent takes no value or http-only");
	return ASSAY_OK;
 unknown:
	(void)snprintf(what, sizeof(what), "unknown match member %.64s", bad);
	return fail(why, whylen, r->id, what);
}

static enum assay_err
load_rule(struct upd_rule *r, json_t *o, const json_t *sets,
    char *why, size_t whylen)
{
	static const char *const members[] = { "id", "channel", "files",
	    "match", "report", "severity", "message", "why", "fix",
	    "examples", NULL };
	const char *bad = NULL, *sev;
	enum assay_err e;
	char what[160];
	bool ok = true;

	if (!json_is_object(o))
		return fail(why, whylen, NULL, "a rule is not an object");
	r->id = dup_string(o, "id", true, &ok);
	if (!ok)
		return fail(why, whylen, NULL, "a rule has no id");
	if (!only_members(o, members, &bad)) {
		(void)snprintf(what, sizeof(what), "unknown member %.64s", bad);
		return fail(why, whylen, r->id, what);
	}
	r->channel = dup_string(o, "channel", true, &ok);
	r->report = dup_string(o, "report", true, &ok);
	r->message = dup_string(o, "message", true, &ok);
	r->why = dup_string(o, "why", true, &ok);
	r->fix = dup_string(o, "fix", true, &ok);
	if (!ok)
		return fail(why, whylen, r->id, "channel, report, message, "
		    "why or fix missing");
	if (strncmp(r->report, "update.", 7) != 0)
		return fail(why, whylen, r->id, "report is not an update.* id");
	if (!template_ok(r->message))
		return fail(why, whylen, r->id,
		    "message has an unknown placeholder");
	if (!json_is_string(json_object_get(o, "severity")) ||
	    !severity_parse(sev = json_string_value(json_object_get(o,
	    "severity")), &r->severity))
		return fail(why, whylen, r->id, "unknown severity");
	if ((e = load_files(r, json_object_get(o, "files"), sets, why,
	    whylen)) != ASSAY_OK)
		return e;
	return load_match(r, json_object_get(o, "match"), why, whylen);
}

enum assay_err
upd_catalogue_parse(const char *json, size_t len, struct upd_catalogue **catp,
    char *why, size_t whylen)
{
	static const char *const members[] = { "schema", "filesets", "rules",
	    NULL };
	struct upd_catalogue *cat = NULL;
	json_t *rules, *o;
	const json_t *sets, *s;
	enum assay_err e = ASSAY_ERR_INVALID;
	const char *bad = NULL;
	json_error_t jerr;
	json_t *root = NULL;
	size_t i, j;

	*catp = NULL;
	why[0] = '\0';
	if ((root = json_loadb(json, len, JSON_REJECT_DUPLICATES, &jerr)) ==
	    NULL) {
		(void)snprintf(why, whylen, "line %d: %s", jerr.line,
		    jerr.text);
		goto out;
	}
	if (!json_is_object(root) || !only_members(root, members, &bad) ||
	    !json_is_string(s = json_object_get(root, "schema")) ||
	    strcmp(json_string_value(s), CATALOGUE_SCHEMA) != 0) {
		(void)snprintf(why, whylen, "not an %s document",
		    CATALOGUE_SCHEMA);
		goto out;
	}
	sets = json_object_get(root, "filesets");
	rules = json_object_get(root, "rules");
	if ((sets != NULL && !json_is_object(sets)) || !json_is_array(rules) ||
	    json_array_size(rules) > CATALOGUE_RULES_MAX) {
		(void)snprintf(why, whylen, "filesets or rules malformed");
		goto out;
	}
	if ((cat = calloc(1, sizeof(*cat))) == NULL ||
	    (json_array_size(rules) > 0 && (cat->rules = calloc(
	    json_array_size(rules), sizeof(*cat->rules))) == NULL)) {
		e = ASSAY_ERR_NOMEM;
		goto out;
	}
	json_array_foreach(rules, i, o) {
		cat->n = i + 1;
		if ((e = load_rule(&cat->rules[i], o, sets, why, whylen)) !=
		    ASSAY_OK)
			goto out;
		for (j = 0; j < i; j++) {
			if (strcmp(cat->rules[j].id, cat->rules[i].id) == 0) {
				e = fail(why, whylen, cat->rules[i].id,
				    "duplicate id");
				goto out;
			}
		}
	}
	*catp = cat;
	cat = NULL;
	e = ASSAY_OK;
 out:
	upd_catalogue_free(cat);
	json_decref(root);
	return e;
}

void
upd_catalogue_free(struct upd_catalogue *cat)
{
	struct upd_rule *r;
	size_t i, j;

	if (cat == NULL)
		return;
	for (i = 0; i < cat->n; i++) {
		r = &cat->rules[i];
		free(r->id);
		free(r->channel);
		for (j = 0; j < r->nfiles; j++)
			free(r->files[j]);
		free(r->files);
		pcre2_code_free(r->pattern);
		pcre2_code_free(r->option);
		pcre2_code_free(r->section);
		pcre2_code_free(r->value);
		pcre2_code_free(r->requires);
		free(r->report);
		free(r->message);
		free(r->why);
		free(r->fix);
	}
	free(cat->rules);
	free(cat);
}
