/*
 * Certification profiles: loading a profile and the chain of profiles it
 * extends, checking each file strictly (an unknown key, a wrong type or a
 * value outside its enumeration is an error naming the file and the JSON
 * path), merging them into one resolved document and digesting it.
 *
 * Invariant: every string a control points at belongs to the resolved
 * document the profile owns, and that document is never changed after the
 * controls are built, so the pointers stay valid until assay_profile_free().
 */
#include "profile.h"

#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "assay/buf.h"
#include "assay/size.h"
#include "digest.h"
#include "fileio.h"
#include "findings.h"
#include "jsontype.h"

#define PROFILE_MAX_BYTES	(1u << 20)	/* one profile file */
#define PROFILE_MAX_DEPTH	8	/* profiles in one extends chain */
#define PROFILE_MAX_CONTROLS	4096
#define ID_MAX			64	/* bytes of a profile or probe id */
#define CONTROL_ID_MAX		64
#define RULE_MAX		128	/* as the registry allows */
#define TEXT_MAX		4096	/* characters of a text field */
#define JPATH_MAX		256	/* bytes of a JSON path in a message */

struct assay_profile {
	json_t *doc;		/* the resolved profile; never changed */
	json_t *params;		/* probe name -> its params object */
	char *origin;		/* the most derived file */
	char sha256[65];
	struct assay_control *controls;
	size_t ncontrols;
	const char **rulev;	/* every control's NULL-terminated rules */
};

/* ---- JSON paths and messages -------------------------------------------- */

/* "controls[3].fail_at", built as the checker walks down. */
struct jpath {
	char s[JPATH_MAX];
	size_t len;
};

/* What the checker of one file needs. */
struct ctx {
	const char *file;
	struct jpath path;
	struct assay_error *err;
};

static void
jp_append(struct jpath *p, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
jp_append(struct jpath *p, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(p->s + p->len, sizeof(p->s) - p->len, fmt, ap);
	va_end(ap);
	/* A path cut short still locates the problem well enough. */
	if (n < 0)
		p->s[p->len] = '\0';
	else if ((size_t)n >= sizeof(p->s) - p->len)
		p->len = sizeof(p->s) - 1;
	else
		p->len += (size_t)n;
}

static bool
simple_key(const char *k)
{
	size_t i;

	if (k[0] == '\0')
		return false;
	for (i = 0; k[i] != '\0'; i++)
		if (!((k[i] >= 'a' && k[i] <= 'z') ||
		    (k[i] >= 'A' && k[i] <= 'Z') ||
		    (k[i] >= '0' && k[i] <= '9') || k[i] == '_' ||
		    k[i] == '-' || k[i] == '$'))
			return false;
	return true;
}

/* Descends into key; returns what jp_pop() needs to come back. */
static size_t
jp_key(struct jpath *p, const char *key)
{
	size_t old = p->len;
	char shown[72];
	size_t i, n = 0;

	if (simple_key(key)) {
		jp_append(p, "%s%.64s", p->len > 0 ? "." : "", key);
		return old;
	}
	/* Quoted, with anything unprintable or quoting shown as '?'. */
	for (i = 0; key[i] != '\0' && n < 64; i++)
		shown[n++] = (unsigned char)key[i] < 0x20 || key[i] == '"' ||
		    key[i] == '\\' || key[i] == 0x7f ? '?' : key[i];
	shown[n] = '\0';
	jp_append(p, "[\"%s%s\"]", shown, key[i] != '\0' ? "..." : "");
	return old;
}

static size_t
jp_index(struct jpath *p, size_t i)
{
	size_t old = p->len;

	jp_append(p, "[%zu]", i);
	return old;
}

static void
jp_pop(struct jpath *p, size_t old)
{
	p->len = old;
	p->s[old] = '\0';
}

/* "file: path: what" (ASSAY_ERR_PROFILE). */
static enum assay_err
perr(struct ctx *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static enum assay_err
perr(struct ctx *c, const char *fmt, ...)
{
	struct assay_buf what = ASSAY_BUF_INIT(2048);
	enum assay_err r;
	va_list ap;

	va_start(ap, fmt);
	r = assay_buf_vaddf(&what, fmt, ap);
	va_end(ap);
	if (r != ASSAY_OK && r != ASSAY_ERR_LIMIT)
		r = assay_seterr(c->err, ASSAY_ERR_NOMEM, "out of memory");
	else if (c->path.len > 0)
		r = assay_seterr(c->err, ASSAY_ERR_PROFILE, "%s: %s: %s",
		    c->file, c->path.s, what.data != NULL ? what.data : "");
	else
		r = assay_seterr(c->err, ASSAY_ERR_PROFILE, "%s: %s", c->file,
		    what.data != NULL ? what.data : "");
	assay_buf_release(&what);
	return r;
}

/* ---- what the values look like ------------------------------------------ */

/* [a-z0-9-]{1,max}, optionally starting with a lower-case letter. */
static bool
name_ok(const char *s, size_t max)
{
	size_t i;

	for (i = 0; s[i] != '\0'; i++) {
		if (i >= max)
			return false;
		if ((s[i] < 'a' || s[i] > 'z') && (s[i] < '0' || s[i] > '9') &&
		    s[i] != '-')
			return false;
	}
	return i > 0;
}

static bool
profile_id_ok(const char *s)
{
	return name_ok(s, ID_MAX) && s[0] != '-';
}

/*
 * "<probe>.<what>" as the registry accepts rule ids ([a-z0-9.-], not ending
 * with '.'), or, when star, also "<probe>.*".
 */
static bool
rule_ok(const char *s, bool star)
{
	const char *dot = strchr(s, '.');
	size_t i, n;

	if (dot == NULL || dot == s || (size_t)(dot - s) > ID_MAX)
		return false;
	for (i = 0; s + i < dot; i++)
		if ((s[i] < 'a' || s[i] > 'z') && (s[i] < '0' || s[i] > '9') &&
		    s[i] != '-')
			return false;
	if (star && strcmp(dot, ".*") == 0)
		return true;
	n = strlen(s);
	if (n > RULE_MAX || dot[1] == '\0' || s[n - 1] == '.')
		return false;
	for (i = (size_t)(dot - s) + 1; i < n; i++)
		if ((s[i] < 'a' || s[i] > 'z') && (s[i] < '0' || s[i] > '9') &&
		    s[i] != '-' && s[i] != '.')
			return false;
	return true;
}

/* "<scheme>:<name>": "cop:3.1", "ce:firewalls". */
static bool
control_id_ok(const char *s)
{
	const char *colon = strchr(s, ':');
	size_t i;

	if (colon == NULL || colon == s || strlen(s) > CONTROL_ID_MAX ||
	    s[0] < 'a' || s[0] > 'z')
		return false;
	for (i = 0; s + i < colon; i++)
		if ((s[i] < 'a' || s[i] > 'z') && (s[i] < '0' || s[i] > '9') &&
		    s[i] != '-')
			return false;
	if (colon[1] == '\0' || colon[1] == '.' || colon[1] == '_' ||
	    colon[1] == '-')
		return false;
	for (i = 1; colon[i] != '\0'; i++)
		if ((colon[i] < 'a' || colon[i] > 'z') &&
		    (colon[i] < 'A' || colon[i] > 'Z') &&
		    (colon[i] < '0' || colon[i] > '9') && colon[i] != '.' &&
		    colon[i] != '_' && colon[i] != '-')
			return false;
	return true;
}

/* A version: 1 to 64 of [0-9A-Za-z.+-]. */
static bool
version_ok(const char *s)
{
	size_t i;

	for (i = 0; s[i] != '\0'; i++) {
		if (i >= ID_MAX)
			return false;
		if ((s[i] < 'a' || s[i] > 'z') && (s[i] < 'A' || s[i] > 'Z') &&
		    (s[i] < '0' || s[i] > '9') && s[i] != '.' && s[i] != '+' &&
		    s[i] != '-')
			return false;
	}
	return i > 0;
}

/* ---- checking one file -------------------------------------------------- */

/* JSON_TRUE stands for either boolean. */
struct keyspec {
	const char *name;
	json_type type;
	bool required;
};

static bool
type_matches(const json_t *v, json_type want)
{
	if (want == JSON_TRUE)
		return json_is_boolean(v);
	return json_typeof(v) == want;
}

static const char *
want_name(json_type t)
{
	switch (t) {
	case JSON_OBJECT:
		return "an object";
	case JSON_ARRAY:
		return "an array";
	case JSON_STRING:
		return "a string";
	case JSON_TRUE:
	case JSON_FALSE:
		return "a boolean";
	case JSON_INTEGER:
	case JSON_REAL:
	case JSON_NULL:
		break;
	}
	return "a value";
}

/*
 * Every key of obj must be in ks with the type it says; every required one
 * must be there.  Keys are judged in the file's order, so the first problem
 * in the file is the one reported.
 */
static enum assay_err
check_keys(struct ctx *c, json_t *obj, const struct keyspec *ks, size_t n)
{
	struct assay_buf names = ASSAY_BUF_INIT(1024);
	const char *key;
	json_t *v;
	size_t i, old;
	enum assay_err r = ASSAY_OK;

	json_object_foreach(obj, key, v) {
		for (i = 0; i < n && strcmp(ks[i].name, key) != 0; i++)
			continue;
		old = jp_key(&c->path, key);
		if (i == n) {
			for (i = 0; i < n; i++)
				(void)assay_buf_addf(&names, "%s%s",
				    i > 0 ? ", " : "", ks[i].name);
			r = perr(c, "unknown key (expected one of %s)",
			    names.data != NULL ? names.data : "");
			goto out;
		}
		if (!type_matches(v, ks[i].type)) {
			r = perr(c, "expected %s, got %s",
			    want_name(ks[i].type), assay_json_type_name(v));
			goto out;
		}
		jp_pop(&c->path, old);
	}
	for (i = 0; i < n; i++)
		if (ks[i].required &&
		    json_object_get(obj, ks[i].name) == NULL) {
			r = perr(c, "missing required key \"%s\"", ks[i].name);
			goto out;
		}
 out:
	assay_buf_release(&names);
	return r;
}

/*
 * Human text: one paragraph of 1 to TEXT_MAX characters, no control
 * characters, not only spaces.
 */
static enum assay_err
check_text(struct ctx *c, json_t *obj, const char *key)
{
	const char *s;
	size_t i, chars = 0, old;
	bool visible = false;
	enum assay_err r = ASSAY_OK;

	if ((s = json_string_value(json_object_get(obj, key))) == NULL)
		return ASSAY_OK;
	old = jp_key(&c->path, key);
	for (i = 0; s[i] != '\0'; i++) {
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f) {
			r = perr(c, "control character (such as a line break) "
			    "at byte %zu; write one paragraph", i);
			goto out;
		}
		if (s[i] != ' ')
			visible = true;
		/* Count characters, not bytes: skip UTF-8 continuations. */
		if (((unsigned char)s[i] & 0xc0) != 0x80)
			chars++;
	}
	if (!visible)
		r = perr(c, "expected text, got an empty string");
	else if (chars > TEXT_MAX)
		r = perr(c, "longer than %d characters", TEXT_MAX);
 out:
	jp_pop(&c->path, old);
	return r;
}

static enum assay_err
check_severity(struct ctx *c, json_t *v)
{
	if (assay_severity_parse(json_string_value(v)) < 0)
		return perr(c, "expected one of critical, high, medium, low, "
		    "info");
	return ASSAY_OK;
}

static enum assay_err
check_probes(struct ctx *c, json_t *probes)
{
	static const struct keyspec ks[] = {
		{ "enabled", JSON_TRUE, false },
		{ "params", JSON_OBJECT, false },
	};
	const char *name, *pk;
	json_t *v, *pv;
	size_t old, old2;
	enum assay_err r;

	json_object_foreach(probes, name, v) {
		old = jp_key(&c->path, name);
		if (!name_ok(name, ID_MAX))
			return perr(c, "a probe name is 1 to %d of [a-z0-9-]",
			    ID_MAX);
		if (strcmp(name, "harness") == 0)
			return perr(c, "the harness always runs and takes no "
			    "parameters");
		if (!json_is_object(v))
			return perr(c, "expected an object, got %s",
			    assay_json_type_name(v));
		if ((r = check_keys(c, v, ks, sizeof(ks) / sizeof(ks[0]))) !=
		    ASSAY_OK)
			return r;
		json_object_foreach(json_object_get(v, "params"), pk, pv) {
			old2 = jp_key(&c->path, "params");
			(void)jp_key(&c->path, pk);
			if (pk[0] == '\0' || strlen(pk) > ID_MAX)
				return perr(c, "a parameter name is 1 to %d "
				    "bytes", ID_MAX);
			jp_pop(&c->path, old2);
		}
		jp_pop(&c->path, old);
	}
	return ASSAY_OK;
}

static enum assay_err
check_severities(struct ctx *c, json_t *sev)
{
	const char *rule;
	json_t *v;
	size_t old;
	enum assay_err r;

	json_object_foreach(sev, rule, v) {
		old = jp_key(&c->path, rule);
		if (!rule_ok(rule, false))
			return perr(c, "not a rule id (\"<probe>.<what>\")");
		if (!json_is_string(v))
			return perr(c, "expected a string, got %s",
			    assay_json_type_name(v));
		if ((r = check_severity(c, v)) != ASSAY_OK)
			return r;
		jp_pop(&c->path, old);
	}
	return ASSAY_OK;
}

static enum assay_err
check_rules(struct ctx *c, json_t *rules)
{
	json_t *v;
	size_t i, k, old;

	json_array_foreach(rules, i, v) {
		old = jp_index(&c->path, i);
		if (!json_is_string(v))
			return perr(c, "expected a string, got %s",
			    assay_json_type_name(v));
		if (!rule_ok(json_string_value(v), true))
			return perr(c, "\"%.128s\" is not a rule id "
			    "(\"<probe>.<what>\" or \"<probe>.*\")",
			    json_string_value(v));
		for (k = 0; k < i; k++)
			if (json_equal(v, json_array_get(rules, k)))
				return perr(c, "\"%s\" is listed twice",
				    json_string_value(v));
		jp_pop(&c->path, old);
	}
	return ASSAY_OK;
}

static enum assay_err
check_control(struct ctx *c, json_t *ctl)
{
	static const struct keyspec ks[] = {
		{ "id", JSON_STRING, true },
		{ "title", JSON_STRING, true },
		{ "statement", JSON_STRING, true },
		{ "rules", JSON_ARRAY, false },
		{ "fail_at", JSON_STRING, false },
		{ "strength", JSON_STRING, true },
		{ "manual", JSON_TRUE, false },
		{ "evidence", JSON_STRING, false },
		{ "fix", JSON_STRING, false },
	};
	static const char *const texts[] = {
		"title", "statement", "evidence", "fix"
	};
	const char *s;
	json_t *rules;
	bool manual;
	size_t i, old;
	enum assay_err r;

	if ((r = check_keys(c, ctl, ks, sizeof(ks) / sizeof(ks[0]))) !=
	    ASSAY_OK)
		return r;
	old = jp_key(&c->path, "id");
	if (!control_id_ok(json_string_value(json_object_get(ctl, "id"))))
		return perr(c, "expected \"<scheme>:<name>\" such as "
		    "\"cop:3.1\" (at most %d bytes)", CONTROL_ID_MAX);
	jp_pop(&c->path, old);
	for (i = 0; i < sizeof(texts) / sizeof(texts[0]); i++)
		if ((r = check_text(c, ctl, texts[i])) != ASSAY_OK)
			return r;
	manual = json_is_true(json_object_get(ctl, "manual"));
	s = json_string_value(json_object_get(ctl, "strength"));
	old = jp_key(&c->path, "strength");
	if (strcmp(s, "strong") != 0 && strcmp(s, "partial") != 0 &&
	    strcmp(s, "documents") != 0)
		return perr(c, "expected one of strong, partial, documents");
	if (manual && strcmp(s, "documents") != 0)
		return perr(c, "a manual control needs documents: its "
		    "strength is \"documents\"");
	jp_pop(&c->path, old);
	if (json_object_get(ctl, "fail_at") != NULL) {
		old = jp_key(&c->path, "fail_at");
		if ((r = check_severity(c, json_object_get(ctl, "fail_at"))) !=
		    ASSAY_OK)
			return r;
		jp_pop(&c->path, old);
	}
	rules = json_object_get(ctl, "rules");
	if (rules != NULL) {
		old = jp_key(&c->path, "rules");
		if ((r = check_rules(c, rules)) != ASSAY_OK)
			return r;
		jp_pop(&c->path, old);
	}
	if (manual) {
		if (json_object_get(ctl, "evidence") == NULL)
			return perr(c, "a manual control says which evidence "
			    "to attach: missing required key \"evidence\"");
		return ASSAY_OK;
	}
	if (rules == NULL || json_array_size(rules) == 0)
		return perr(c, "a control that is not manual lists the rules "
		    "that bear on it: \"rules\" is missing or empty");
	if (json_object_get(ctl, "fail_at") == NULL)
		return perr(c, "a control that is not manual says when it "
		    "fails: missing required key \"fail_at\"");
	return ASSAY_OK;
}

static enum assay_err
check_controls(struct ctx *c, json_t *controls)
{
	json_t *v, *id;
	size_t i, k, old;
	enum assay_err r;

	if (json_array_size(controls) > PROFILE_MAX_CONTROLS)
		return perr(c, "more than %d controls", PROFILE_MAX_CONTROLS);
	json_array_foreach(controls, i, v) {
		old = jp_index(&c->path, i);
		if (!json_is_object(v))
			return perr(c, "expected an object, got %s",
			    assay_json_type_name(v));
		if ((r = check_control(c, v)) != ASSAY_OK)
			return r;
		id = json_object_get(v, "id");
		for (k = 0; k < i; k++)
			if (json_equal(id, json_object_get(
			    json_array_get(controls, k), "id"))) {
				(void)jp_key(&c->path, "id");
				return perr(c, "control \"%s\" is defined "
				    "twice (first at controls[%zu])",
				    json_string_value(id), k);
			}
		jp_pop(&c->path, old);
	}
	return ASSAY_OK;
}

/*
 * Checks one profile file.  want_id, when not NULL, is the id the file was
 * looked up by, which its "id" must repeat.
 */
static enum assay_err
check_profile(struct ctx *c, json_t *doc, const char *want_id)
{
	static const struct keyspec ks[] = {
		{ "id", JSON_STRING, true },
		{ "version", JSON_STRING, true },
		{ "title", JSON_STRING, true },
		{ "description", JSON_STRING, true },
		{ "extends", JSON_STRING, false },
		{ "probes", JSON_OBJECT, false },
		{ "severities", JSON_OBJECT, false },
		{ "controls", JSON_ARRAY, false },
	};
	const char *id;
	json_t *v;
	size_t old;
	enum assay_err r;

	if (!json_is_object(doc))
		return perr(c, "expected a JSON object, got %s",
		    assay_json_type_name(doc));
	if ((r = check_keys(c, doc, ks, sizeof(ks) / sizeof(ks[0]))) !=
	    ASSAY_OK)
		return r;
	id = json_string_value(json_object_get(doc, "id"));
	old = jp_key(&c->path, "id");
	if (!profile_id_ok(id))
		return perr(c, "a profile id is 1 to %d of [a-z0-9-], not "
		    "starting with '-'", ID_MAX);
	if (want_id != NULL && strcmp(id, want_id) != 0)
		return perr(c, "\"%s\" does not match the file name (%s.json)",
		    id, want_id);
	jp_pop(&c->path, old);
	old = jp_key(&c->path, "version");
	if (!version_ok(json_string_value(json_object_get(doc, "version"))))
		return perr(c, "a version is 1 to %d of [0-9A-Za-z.+-]",
		    ID_MAX);
	jp_pop(&c->path, old);
	if ((r = check_text(c, doc, "title")) != ASSAY_OK ||
	    (r = check_text(c, doc, "description")) != ASSAY_OK)
		return r;
	if ((v = json_object_get(doc, "extends")) != NULL) {
		old = jp_key(&c->path, "extends");
		if (!profile_id_ok(json_string_value(v)))
			return perr(c, "expected a profile id (1 to %d of "
			    "[a-z0-9-])", ID_MAX);
		jp_pop(&c->path, old);
	} else if (json_object_get(doc, "controls") == NULL)
		return perr(c, "missing required key \"controls\" (only a "
		    "profile that extends another may leave it out)");
	if ((v = json_object_get(doc, "probes")) != NULL) {
		old = jp_key(&c->path, "probes");
		if ((r = check_probes(c, v)) != ASSAY_OK)
			return r;
		jp_pop(&c->path, old);
	}
	if ((v = json_object_get(doc, "severities")) != NULL) {
		old = jp_key(&c->path, "severities");
		if ((r = check_severities(c, v)) != ASSAY_OK)
			return r;
		jp_pop(&c->path, old);
	}
	if ((v = json_object_get(doc, "controls")) != NULL) {
		old = jp_key(&c->path, "controls");
		if ((r = check_controls(c, v)) != ASSAY_OK)
			return r;
		jp_pop(&c->path, old);
	}
	return ASSAY_OK;
}

/* ---- files -------------------------------------------------------------- */

static bool
is_file(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* Reads and parses one profile file (at most PROFILE_MAX_BYTES). */
static enum assay_err
read_json(const char *path, json_t **docp, struct assay_error *err)
{
	unsigned char *data = NULL;
	json_error_t jerr;
	enum assay_err r;
	size_t len = 0;

	*docp = NULL;
	if ((r = assay_slurp(path, PROFILE_MAX_BYTES, &data, &len, err)) !=
	    ASSAY_OK) {
		/* A profile that cannot be read is a profile error. */
		if (r == ASSAY_ERR_LIMIT)
			r = assay_seterr(err, ASSAY_ERR_PROFILE, "%s: larger "
			    "than %u bytes; not a profile", path,
			    PROFILE_MAX_BYTES);
		else if (r != ASSAY_ERR_NOMEM)
			r = assay_seterr(err, ASSAY_ERR_PROFILE, "%s",
			    err != NULL ? err->msg : "");
		goto out;
	}
	*docp = json_loadb((const char *)data, len, JSON_REJECT_DUPLICATES,
	    &jerr);
	if (*docp == NULL) {
		r = assay_seterr(err, ASSAY_ERR_PROFILE, "%s:%d:%d: %s", path,
		    jerr.line, jerr.column, jerr.text);
		goto out;
	}
	r = ASSAY_OK;
 out:
	free(data);
	return r;
}

/* A path built from fmt; NULL when out of memory or longer than PATH_MAX. */
static char *
pathf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static char *
pathf(const char *fmt, ...)
{
	struct assay_buf p = ASSAY_BUF_INIT(PATH_MAX);
	enum assay_err r;
	va_list ap;

	va_start(ap, fmt);
	r = assay_buf_vaddf(&p, fmt, ap);
	va_end(ap);
	if (r != ASSAY_OK) {
		assay_buf_release(&p);
		return NULL;
	}
	return assay_buf_detach(&p, NULL);
}

/* "dir/" of path ("./" when it has none). */
static char *
dir_of(const char *path)
{
	const char *slash = strrchr(path, '/');

	if (slash == NULL)
		return strdup("./");
	return strndup(path, (size_t)(slash - path) + 1);
}

/* A name that is a file path rather than an id. */
static bool
is_path(const char *name)
{
	size_t n = strlen(name);

	return strchr(name, '/') != NULL ||
	    (n >= 5 && strcmp(name + n - 5, ".json") == 0);
}

/* One file of the chain, most derived first. */
struct layer {
	char *file;		/* as opened, for messages */
	char *real;		/* realpath, for cycles */
	json_t *doc;
};

/*
 * Finds the file of the profile "id" that child (a file path) extends: beside
 * the child, else under datadir/profiles.  The child itself is passed over,
 * so that a local "cop.json" may extend the shipped one.
 */
static char *
find_parent(const char *child, const char *child_real, const char *id,
    const char *datadir)
{
	char *dir, *cand, real[PATH_MAX];

	if ((dir = dir_of(child)) == NULL)
		return NULL;
	cand = pathf("%s%s.json", dir, id);
	free(dir);
	if (cand != NULL && is_file(cand) && realpath(cand, real) != NULL &&
	    strcmp(real, child_real) != 0)
		return cand;
	free(cand);
	if (datadir == NULL)
		return NULL;
	cand = pathf("%s/profiles/%s.json", datadir, id);
	if (cand != NULL && is_file(cand))
		return cand;
	free(cand);
	return NULL;
}

/* "a -> b -> c" of the chain so far, then next. */
static void
chain_text(const struct layer *v, size_t n, const char *next, char *out,
    size_t outlen)
{
	size_t i, len = 0;
	int k;

	out[0] = '\0';
	for (i = 0; i < n && len < outlen; i++) {
		k = snprintf(out + len, outlen - len, "%s -> ",
		    json_string_value(json_object_get(v[i].doc, "id")));
		if (k < 0)
			return;
		len += (size_t)k;
	}
	if (len < outlen)
		(void)snprintf(out + len, outlen - len, "%s", next);
}

static void
layers_free(struct layer *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(v[i].file);
		free(v[i].real);
		json_decref(v[i].doc);
	}
}

/* Reads, checks and chains the files; *np of them in v, most derived first. */
static enum assay_err
load_layers(const char *name, const char *datadir,
    struct layer v[PROFILE_MAX_DEPTH], size_t *np, struct assay_error *err)
{
	struct ctx c;
	const char *want_id = NULL, *parent;
	char real[PATH_MAX], chain[512], *file = NULL;
	enum assay_err r;
	size_t n = 0, i;

	*np = 0;
	if (is_path(name)) {
		if ((file = strdup(name)) == NULL)
			return assay_seterr(err, ASSAY_ERR_NOMEM,
			    "out of memory");
	} else {
		if (!profile_id_ok(name))
			return assay_seterr(err, ASSAY_ERR_PROFILE,
			    "\"%s\" is neither a profile id ([a-z0-9-]) nor "
			    "a file (a path with '/' or ending .json)", name);
		if (datadir == NULL)
			return assay_seterr(err, ASSAY_ERR_PROFILE,
			    "no data directory to find profile %s in", name);
		if ((file = pathf("%s/profiles/%s.json", datadir, name)) ==
		    NULL)
			return assay_seterr(err, ASSAY_ERR_NOMEM,
			    "out of memory");
		if (!is_file(file)) {
			r = assay_seterr(err, ASSAY_ERR_PROFILE, "no profile "
			    "named %s in %s/profiles (\"assay profiles\" "
			    "lists them)", name, datadir);
			free(file);
			return r;
		}
		want_id = name;
	}
	for (;;) {
		memset(&v[n], 0, sizeof(v[n]));
		v[n].file = file;
		file = NULL;
		if (realpath(v[n].file, real) == NULL) {
			r = assay_seterr(err, ASSAY_ERR_PROFILE,
			    "cannot open %s: %s", v[n].file, strerror(errno));
			n++;
			goto out;
		}
		if ((v[n].real = strdup(real)) == NULL) {
			r = assay_seterr(err, ASSAY_ERR_NOMEM, "out of memory");
			n++;
			goto out;
		}
		n++;
		if ((r = read_json(v[n - 1].file, &v[n - 1].doc, err)) !=
		    ASSAY_OK)
			goto out;
		memset(&c, 0, sizeof(c));
		c.file = v[n - 1].file;
		c.err = err;
		if ((r = check_profile(&c, v[n - 1].doc, want_id)) != ASSAY_OK)
			goto out;
		parent = json_string_value(json_object_get(v[n - 1].doc,
		    "extends"));
		if (parent == NULL)
			break;
		(void)jp_key(&c.path, "extends");
		if (n == PROFILE_MAX_DEPTH) {
			chain_text(v, n, parent, chain, sizeof(chain));
			r = perr(&c, "profiles extend one another more than "
			    "%d deep (%s)", PROFILE_MAX_DEPTH, chain);
			goto out;
		}
		file = find_parent(v[n - 1].file, v[n - 1].real, parent,
		    datadir);
		if (file == NULL) {
			r = perr(&c, "no profile %s beside this file%s%s%s",
			    parent, datadir != NULL ? " or in " : "",
			    datadir != NULL ? datadir : "",
			    datadir != NULL ? "/profiles" : "");
			goto out;
		}
		if (realpath(file, real) == NULL) {
			r = perr(&c, "cannot open %s: %s", file,
			    strerror(errno));
			goto out;
		}
		for (i = 0; i < n; i++)
			if (strcmp(v[i].real, real) == 0) {
				chain_text(v, n, parent, chain, sizeof(chain));
				r = perr(&c, "profiles extend one another in a "
				    "cycle (%s)", chain);
				goto out;
			}
		want_id = parent;
	}
	r = ASSAY_OK;
 out:
	free(file);
	*np = n;
	return r;
}

/* ---- merging ------------------------------------------------------------ */

/* A control as the resolved profile holds it: every default spelt out. */
static json_t *
normal_control(json_t *ctl)
{
	static const char *const order[] = {
		"id", "title", "statement", "strength", "fail_at", "rules",
		"evidence", "fix"
	};
	json_t *o, *v;
	size_t i;

	if ((o = json_object()) == NULL)
		return NULL;
	for (i = 0; i < sizeof(order) / sizeof(order[0]); i++) {
		if ((v = json_object_get(ctl, order[i])) != NULL) {
			if (json_object_set_new(o, order[i],
			    json_deep_copy(v)) != 0)
				goto fail;
		} else if (strcmp(order[i], "rules") == 0) {
			if (json_object_set_new(o, "rules", json_array()) != 0)
				goto fail;
		}
		if (strcmp(order[i], "strength") == 0 &&
		    json_object_set_new(o, "manual", json_boolean(json_is_true(
		    json_object_get(ctl, "manual")))) != 0)
			goto fail;
	}
	return o;
 fail:
	json_decref(o);
	return NULL;
}

/* Applies one file (checked) over the resolved document so far. */
static int
apply_layer(json_t *base, json_t *doc)
{
	static const char *const meta[] = {
		"id", "version", "title", "description"
	};
	json_t *probes, *bp, *v, *p, *ctl, *controls, *nc;
	const char *name;
	size_t i, k;

	for (i = 0; i < sizeof(meta) / sizeof(meta[0]); i++)
		if (json_object_set(base, meta[i], json_object_get(doc,
		    meta[i])) != 0)
			return -1;
	if ((v = json_object_get(doc, "extends")) != NULL) {
		if (json_object_set(base, "extends", v) != 0)
			return -1;
	} else
		(void)json_object_del(base, "extends");

	probes = json_object_get(base, "probes");
	json_object_foreach(json_object_get(doc, "probes"), name, v) {
		if ((bp = json_object_get(probes, name)) == NULL) {
			if ((bp = json_object()) == NULL ||
			    json_object_set_new(probes, name, bp) != 0 ||
			    json_object_set_new(bp, "enabled",
			    json_true()) != 0 ||
			    json_object_set_new(bp, "params",
			    json_object()) != 0)
				return -1;
		}
		if ((p = json_object_get(v, "enabled")) != NULL &&
		    json_object_set(bp, "enabled", p) != 0)
			return -1;
		/* Parameters merge key by key; the child's win. */
		if ((p = json_object_get(v, "params")) != NULL &&
		    json_object_update(json_object_get(bp, "params"),
		    p) != 0)
			return -1;
	}
	if ((v = json_object_get(doc, "severities")) != NULL &&
	    json_object_update(json_object_get(base, "severities"), v) != 0)
		return -1;

	/* A control with a known id replaces it in place; others add. */
	controls = json_object_get(base, "controls");
	json_array_foreach(json_object_get(doc, "controls"), i, ctl) {
		if ((nc = normal_control(ctl)) == NULL)
			return -1;
		for (k = 0; k < json_array_size(controls); k++)
			if (json_equal(json_object_get(json_array_get(controls,
			    k), "id"), json_object_get(nc, "id")))
				break;
		if ((k < json_array_size(controls) ?
		    json_array_set_new(controls, k, nc) :
		    json_array_append_new(controls, nc)) != 0)
			return -1;
	}
	return 0;
}

/* The resolved document, its keys in reading order. */
static json_t *
resolve(struct layer *v, size_t n)
{
	static const char *const order[] = {
		"id", "version", "title", "description", "extends", "probes",
		"severities", "controls"
	};
	json_t *base, *out = NULL, *x;
	size_t i;

	if ((base = json_object()) == NULL ||
	    json_object_set_new(base, "probes", json_object()) != 0 ||
	    json_object_set_new(base, "severities", json_object()) != 0 ||
	    json_object_set_new(base, "controls", json_array()) != 0)
		goto out;
	for (i = n; i > 0; i--)
		if (apply_layer(base, v[i - 1].doc) != 0)
			goto out;
	if ((out = json_object()) == NULL)
		goto out;
	for (i = 0; i < sizeof(order) / sizeof(order[0]); i++)
		if ((x = json_object_get(base, order[i])) != NULL &&
		    json_object_set(out, order[i], x) != 0) {
			json_decref(out);
			out = NULL;
			goto out;
		}
 out:
	json_decref(base);
	return out;
}

/* ---- the profile -------------------------------------------------------- */

static enum assay_strength
strength_parse(const char *s)
{
	if (strcmp(s, "partial") == 0)
		return ASSAY_STRENGTH_PARTIAL;
	if (strcmp(s, "documents") == 0)
		return ASSAY_STRENGTH_DOCUMENTS;
	return ASSAY_STRENGTH_STRONG;
}

/* Points the controls into p->doc and gathers the probes' parameters. */
static enum assay_err
build(struct assay_profile *p, struct assay_error *err)
{
	json_t *controls, *ctl, *rules, *v;
	struct assay_control *c;
	const char *name;
	size_t i, k, nrules = 0, total, bytes, at = 0;
	int sev;

	controls = json_object_get(p->doc, "controls");
	json_array_foreach(controls, i, ctl)
		if (!assay_size_add(&nrules, nrules,
		    json_array_size(json_object_get(ctl, "rules")) + 1))
			return assay_seterr(err, ASSAY_ERR_NOMEM,
			    "out of memory");
	p->ncontrols = json_array_size(controls);
	if (!assay_size_mul(&bytes, nrules, sizeof(*p->rulev)) ||
	    (p->rulev = malloc(bytes > 0 ? bytes : 1)) == NULL ||
	    (p->controls = calloc(p->ncontrols > 0 ? p->ncontrols : 1,
	    sizeof(*p->controls))) == NULL)
		return assay_seterr(err, ASSAY_ERR_NOMEM, "out of memory");
	total = nrules;
	json_array_foreach(controls, i, ctl) {
		c = &p->controls[i];
		c->id = json_string_value(json_object_get(ctl, "id"));
		c->title = json_string_value(json_object_get(ctl, "title"));
		c->statement = json_string_value(json_object_get(ctl,
		    "statement"));
		c->strength = strength_parse(json_string_value(
		    json_object_get(ctl, "strength")));
		c->manual = json_is_true(json_object_get(ctl, "manual"));
		c->evidence = json_string_value(json_object_get(ctl,
		    "evidence"));
		c->fix = json_string_value(json_object_get(ctl, "fix"));
		/* A manual control never fails; the value is not used. */
		sev = assay_severity_parse(json_string_value(
		    json_object_get(ctl, "fail_at")) != NULL ?
		    json_string_value(json_object_get(ctl, "fail_at")) :
		    "critical");
		c->fail_at = sev < 0 ? ASSAY_SEV_CRITICAL :
		    (enum assay_severity)sev;
		rules = json_object_get(ctl, "rules");
		c->rules = p->rulev + at;
		json_array_foreach(rules, k, v)
			if (at < total)
				p->rulev[at++] = json_string_value(v);
		if (at < total)
			p->rulev[at++] = NULL;
	}
	if ((p->params = json_object()) == NULL)
		return assay_seterr(err, ASSAY_ERR_NOMEM, "out of memory");
	json_object_foreach(json_object_get(p->doc, "probes"), name, v)
		if (json_object_set(p->params, name,
		    json_object_get(v, "params")) != 0)
			return assay_seterr(err, ASSAY_ERR_NOMEM,
			    "out of memory");
	return ASSAY_OK;
}

static enum assay_err
digest(struct assay_profile *p, struct assay_error *err)
{
	char *text;
	bool ok;

	text = json_dumps(p->doc, JSON_COMPACT | JSON_SORT_KEYS |
	    JSON_ENSURE_ASCII);
	if (text == NULL)
		return assay_seterr(err, ASSAY_ERR_NOMEM, "out of memory");
	ok = assay_sha256_hex(text, strlen(text), p->sha256);
	free(text);
	if (!ok)
		return assay_seterr_crypto(err, "cannot digest the profile");
	return ASSAY_OK;
}

enum assay_err
assay_profile_load(const char *name, const char *datadir,
    struct assay_profile **pp, struct assay_error *err)
{
	struct layer v[PROFILE_MAX_DEPTH];
	struct assay_profile *p = NULL;
	enum assay_err r;
	size_t n = 0;

	*pp = NULL;
	if (name == NULL || name[0] == '\0')
		return assay_seterr(err, ASSAY_ERR_PROFILE,
		    "no profile named");
	if ((r = load_layers(name, datadir, v, &n, err)) != ASSAY_OK)
		goto out;
	if ((p = calloc(1, sizeof(*p))) == NULL ||
	    (p->origin = strdup(v[0].file)) == NULL) {
		r = assay_seterr(err, ASSAY_ERR_NOMEM, "out of memory");
		goto out;
	}
	if ((p->doc = resolve(v, n)) == NULL) {
		r = assay_seterr(err, ASSAY_ERR_NOMEM, "out of memory");
		goto out;
	}
	if (json_array_size(json_object_get(p->doc, "controls")) == 0) {
		r = assay_seterr(err, ASSAY_ERR_PROFILE, "%s: controls: the "
		    "profile has no controls to judge", v[0].file);
		goto out;
	}
	if ((r = build(p, err)) != ASSAY_OK || (r = digest(p, err)) !=
	    ASSAY_OK)
		goto out;
	*pp = p;
	p = NULL;
	r = ASSAY_OK;
 out:
	layers_free(v, n);
	assay_profile_free(p);
	return r;
}

void
assay_profile_free(struct assay_profile *p)
{
	if (p == NULL)
		return;
	json_decref(p->params);
	json_decref(p->doc);
	free(p->origin);
	free(p->controls);
	free(p->rulev);
	free(p);
}

const char *
assay_profile_id(const struct assay_profile *p)
{
	return json_string_value(json_object_get(p->doc, "id"));
}

const char *
assay_profile_version(const struct assay_profile *p)
{
	return json_string_value(json_object_get(p->doc, "version"));
}

const char *
assay_profile_title(const struct assay_profile *p)
{
	return json_string_value(json_object_get(p->doc, "title"));
}

const char *
assay_profile_description(const struct assay_profile *p)
{
	return json_string_value(json_object_get(p->doc, "description"));
}

const char *
assay_profile_origin(const struct assay_profile *p)
{
	return p->origin;
}

const char *
assay_profile_sha256(const struct assay_profile *p)
{
	return p->sha256;
}

size_t
assay_profile_control_count(const struct assay_profile *p)
{
	return p->ncontrols;
}

const struct assay_control *
assay_profile_control(const struct assay_profile *p, size_t i)
{
	return i < p->ncontrols ? &p->controls[i] : NULL;
}

bool
assay_control_covers(const struct assay_control *c, const char *rule)
{
	const char *const *r;
	size_t n;

	if (rule == NULL || c->rules == NULL)
		return false;
	for (r = c->rules; *r != NULL; r++) {
		n = strlen(*r);
		/* "<probe>.*" takes every rule of the probe: "<probe>.". */
		if (n >= 2 && (*r)[n - 1] == '*' && (*r)[n - 2] == '.') {
			if (strncmp(*r, rule, n - 1) == 0 &&
			    rule[n - 1] != '\0')
				return true;
		} else if (strcmp(*r, rule) == 0)
			return true;
	}
	return false;
}

bool
assay_profile_probe_enabled(const struct assay_profile *p, const char *probe)
{
	json_t *v;

	v = json_object_get(json_object_get(p->doc, "probes"), probe);
	return v == NULL || !json_is_false(json_object_get(v, "enabled"));
}

const void *
assay_profile_params(const struct assay_profile *p)
{
	return p->params;
}

enum assay_severity
assay_profile_severity(const struct assay_profile *p, const char *rule,
    enum assay_severity dflt)
{
	const char *s;
	int sev;

	s = json_string_value(json_object_get(json_object_get(p->doc,
	    "severities"), rule));
	if (s == NULL || (sev = assay_severity_parse(s)) < 0)
		return dflt;
	return (enum assay_severity)sev;
}

char *
assay_profile_dump(const struct assay_profile *p)
{
	/* Reading order, not sorted: the digest sorts; people read this. */
	return json_dumps(p->doc, JSON_INDENT(2));
}

static int
cmp_ids(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

enum assay_err
assay_profile_list(const char *datadir, char ***idsp, size_t *np,
    struct assay_error *err)
{
	char **ids = NULL, **grown, *dir = NULL, *file = NULL;
	size_t n = 0, cap = 0, len, i;
	struct dirent *de;
	enum assay_err r;
	DIR *d = NULL;

	*idsp = NULL;
	*np = 0;
	if (datadir == NULL)
		return assay_seterr(err, ASSAY_ERR_PROFILE,
		    "no data directory to list profiles in");
	if ((dir = pathf("%s/profiles", datadir)) == NULL) {
		r = assay_seterr(err, ASSAY_ERR_NOMEM, "out of memory");
		goto out;
	}
	if ((d = opendir(dir)) == NULL) {
		r = assay_seterr(err, ASSAY_ERR_PROFILE, "cannot list %s: %s",
		    dir, strerror(errno));
		goto out;
	}
	while ((de = readdir(d)) != NULL) {
		len = strlen(de->d_name);
		/* Only "<id>.json" files; the schema folder is not one. */
		if (len <= 5 || strcmp(de->d_name + len - 5, ".json") != 0)
			continue;
		free(file);
		if ((file = pathf("%s/%s", dir, de->d_name)) == NULL) {
			r = assay_seterr(err, ASSAY_ERR_NOMEM, "out of memory");
			goto out;
		}
		if (!is_file(file))
			continue;
		if (n == cap) {
			cap = cap == 0 ? 16 : cap;
			if (!assay_size_mul(&cap, cap, 2) || (grown =
			    reallocarray(ids, cap, sizeof(*ids))) == NULL) {
				r = assay_seterr(err, ASSAY_ERR_NOMEM,
				    "out of memory");
				goto out;
			}
			ids = grown;
		}
		if ((ids[n] = strndup(de->d_name, len - 5)) == NULL) {
			r = assay_seterr(err, ASSAY_ERR_NOMEM, "out of memory");
			goto out;
		}
		if (!profile_id_ok(ids[n])) {
			free(ids[n]);
			continue;
		}
		n++;
	}
	if (n > 0)
		qsort(ids, n, sizeof(*ids), cmp_ids);
	*idsp = ids;
	*np = n;
	ids = NULL;
	n = 0;
	r = ASSAY_OK;
 out:
	for (i = 0; i < n; i++)
		free(ids[i]);
	free(ids);
	free(file);
	free(dir);
	if (d != NULL)
		closedir(d);
	return r;
}

const char *
assay_strength_name(enum assay_strength s)
{
	switch (s) {
	case ASSAY_STRENGTH_STRONG:
		return "strong";
	case ASSAY_STRENGTH_PARTIAL:
		return "partial";
	case ASSAY_STRENGTH_DOCUMENTS:
		return "documents";
	}
	return "strong";
}
