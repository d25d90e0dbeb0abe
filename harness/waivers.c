/*
 * Tester waivers: a JSON file, checked strictly like a profile (an unknown
 * key is an error naming the file and the entry), whose entries select
 * findings by exact rule id and a glob over the finding's full nested path.
 *
 * An expiry is "YYYY-MM-DD" (the waiver holds to the end of that day, UTC)
 * or "YYYY-MM-DDTHH:MM:SSZ" (it holds up to and including that second); a
 * waiver is expired once the scan's moment is past expires_at.  Every string
 * a waiver points at belongs to the parsed document kept beside the public
 * struct, so nothing is copied.
 */
#include "waivers.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "digest.h"
#include "fileio.h"
#include "jsontype.h"
#include "path.h"

#define WAIVERS_MAX_BYTES	(4u << 20)
#define WAIVERS_MAX		100000
#define RULE_MAX		128
#define TEXT_MAX		4096	/* characters of a reason or glob */
/*
 * Wildcards in one path glob.  Matching backtracks, so each "**" multiplies
 * the work by the length of a path the artefact chose; two keep it bounded.
 */
#define GLOB_MAX_STARS		4
#define GLOB_MAX_DOUBLE		2

/* The public part first, so a pointer to it is a pointer to the whole. */
struct waivers_doc {
	struct assay_waivers pub;
	json_t *doc;		/* owns every string pub.v points at */
};

/* "<probe>.<what>" as the registry accepts rule ids. */
static bool
rule_ok(const char *s)
{
	const char *dot = strchr(s, '.');
	size_t i, n = strlen(s);

	if (dot == NULL || dot == s || dot[1] == '\0' || n > RULE_MAX ||
	    s[n - 1] == '.')
		return false;
	for (i = 0; i < n; i++)
		if ((s[i] < 'a' || s[i] > 'z') && (s[i] < '0' || s[i] > '9') &&
		    s[i] != '-' && s[i] != '.')
			return false;
	return true;
}

/* One line of text: no control characters, not only spaces, bounded. */
static const char *
text_problem(const char *s)
{
	size_t i, chars = 0;
	bool visible = false;

	for (i = 0; s[i] != '\0'; i++) {
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
			return "contains a control character";
		if (s[i] != ' ')
			visible = true;
		if (((unsigned char)s[i] & 0xc0) != 0x80)
			chars++;
	}
	if (!visible)
		return "is empty";
	if (chars > TEXT_MAX)
		return "is too long";
	return NULL;
}

/* Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant). */
static int64_t
days_from_civil(int64_t y, unsigned m, unsigned d)
{
	int64_t era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

/* n digits at s as a number; -1 when any is not a digit. */
static int
digits(const char *s, size_t n)
{
	int v = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

/*
 * Parses an expiry into the last second the waiver holds; -1 when s is
 * neither "YYYY-MM-DD" nor "YYYY-MM-DDTHH:MM:SSZ" with valid fields.
 */
static int
parse_expiry(const char *s, int64_t *out)
{
	static const unsigned mdays[] = {
		31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31
	};
	size_t n = strlen(s);
	int y, mo, d, h = 23, mi = 59, se = 59;
	unsigned last;

	if (n != 10 && n != 20)
		return -1;
	if ((y = digits(s, 4)) < 1970 || s[4] != '-' ||
	    (mo = digits(s + 5, 2)) < 1 || mo > 12 || s[7] != '-' ||
	    (d = digits(s + 8, 2)) < 1)
		return -1;
	last = mdays[mo - 1];
	if (mo == 2 && (y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)))
		last = 29;
	if ((unsigned)d > last)
		return -1;
	if (n == 20) {
		if (s[10] != 'T' || (h = digits(s + 11, 2)) < 0 || h > 23 ||
		    s[13] != ':' || (mi = digits(s + 14, 2)) < 0 || mi > 59 ||
		    s[16] != ':' || (se = digits(s + 17, 2)) < 0 || se > 59 ||
		    s[19] != 'Z')
			return -1;
	}
	*out = days_from_civil(y, (unsigned)mo, (unsigned)d) * 86400 +
	    h * 3600 + mi * 60 + se;
	return 0;
}

/* Counts the wildcard runs of a glob: "*" and "**" each count once. */
static bool
glob_ok(const char *g)
{
	size_t stars = 0, doubles = 0;

	while (*g != '\0') {
		if (*g != '*') {
			g++;
			continue;
		}
		stars++;
		if (g[1] == '*')
			doubles++;
		while (*g == '*')
			g++;
	}
	return stars <= GLOB_MAX_STARS && doubles <= GLOB_MAX_DOUBLE;
}

/* Waivers say "a number" for any JSON number, which tests rely on. */
static const char *
type_name(const json_t *v)
{
	return json_is_number(v) ? "a number" : assay_json_type_name(v);
}

/* Checks entry i and fills w from it. */
static enum assay_err
check_entry(const char *file, size_t i, json_t *e, int64_t now,
    struct assay_waiver *w, struct assay_error *err)
{
	static const char *const keys[] = {
		"rule", "path", "reason", "author", "expires"
	};
	const char *key, *s, *why;
	json_t *v;
	size_t k;

	if (!json_is_object(e))
		return assay_seterr(err, ASSAY_ERR_USAGE, "%s: waivers[%zu]: "
		    "expected an object, got %s", file, i, type_name(e));
	json_object_foreach(e, key, v) {
		for (k = 0; k < sizeof(keys) / sizeof(keys[0]); k++)
			if (strcmp(key, keys[k]) == 0)
				break;
		if (k == sizeof(keys) / sizeof(keys[0]))
			return assay_seterr(err, ASSAY_ERR_USAGE,
			    "%s: waivers[%zu]: unknown key \"%.64s\" (expected "
			    "one of rule, path, reason, author, expires)",
			    file, i, key);
		if (!json_is_string(v))
			return assay_seterr(err, ASSAY_ERR_USAGE,
			    "%s: waivers[%zu].%s: expected a string, got %s",
			    file, i, key, type_name(v));
		s = json_string_value(v);
		if ((why = text_problem(s)) != NULL)
			return assay_seterr(err, ASSAY_ERR_USAGE,
			    "%s: waivers[%zu].%s: %s", file, i, key, why);
	}
	for (k = 0; k < sizeof(keys) / sizeof(keys[0]); k++)
		if (strcmp(keys[k], "path") != 0 &&
		    json_object_get(e, keys[k]) == NULL)
			return assay_seterr(err, ASSAY_ERR_USAGE,
			    "%s: waivers[%zu]: missing required key \"%s\"",
			    file, i, keys[k]);
	w->rule = json_string_value(json_object_get(e, "rule"));
	if (!rule_ok(w->rule))
		return assay_seterr(err, ASSAY_ERR_USAGE, "%s: waivers[%zu]."
		    "rule: \"%.128s\" is not a rule id (\"<probe>.<what>\"; a "
		    "waiver names one rule exactly)", file, i, w->rule);
	w->path = json_string_value(json_object_get(e, "path"));
	if (w->path == NULL)
		w->path = "**";
	if (!glob_ok(w->path))
		return assay_seterr(err, ASSAY_ERR_USAGE, "%s: waivers[%zu]."
		    "path: at most %d wildcards, of which %d \"**\", in one "
		    "glob", file, i, GLOB_MAX_STARS, GLOB_MAX_DOUBLE);
	w->reason = json_string_value(json_object_get(e, "reason"));
	w->author = json_string_value(json_object_get(e, "author"));
	w->expires = json_string_value(json_object_get(e, "expires"));
	if (parse_expiry(w->expires, &w->expires_at) == -1)
		return assay_seterr(err, ASSAY_ERR_USAGE, "%s: waivers[%zu]."
		    "expires: \"%.64s\" is not a date (YYYY-MM-DD, to the end "
		    "of that day UTC) or a UTC time (YYYY-MM-DDTHH:MM:SSZ)",
		    file, i, w->expires);
	w->expired = now > w->expires_at;
	return ASSAY_OK;
}

enum assay_err
assay_waivers_load(const char *path, int64_t now, struct assay_waivers **wp,
    struct assay_error *err)
{
	struct waivers_doc *wd = NULL;
	unsigned char *bytes = NULL;
	json_error_t jerr;
	json_t *arr, *e;
	const char *key;
	enum assay_err r;
	size_t i, n, len = 0;

	*wp = NULL;
	if ((r = assay_slurp(path, WAIVERS_MAX_BYTES, &bytes, &len, err)) !=
	    ASSAY_OK) {
		/* A waivers file that cannot be read is a usage error. */
		if (r != ASSAY_ERR_NOMEM)
			r = assay_seterr(err, ASSAY_ERR_USAGE, "waivers: %s",
			    err != NULL ? err->msg : "");
		goto out;
	}
	if ((wd = calloc(1, sizeof(*wd))) == NULL ||
	    (wd->pub.origin = strdup(path)) == NULL) {
		r = assay_seterr(err, ASSAY_ERR_NOMEM, "out of memory");
		goto out;
	}
	if (!assay_sha256_hex(bytes, len, wd->pub.sha256)) {
		r = assay_seterr_crypto(err, "cannot digest the waivers");
		goto out;
	}
	wd->doc = json_loadb((const char *)bytes, len, JSON_REJECT_DUPLICATES,
	    &jerr);
	if (wd->doc == NULL) {
		r = assay_seterr(err, ASSAY_ERR_USAGE, "%s:%d:%d: %s", path,
		    jerr.line, jerr.column, jerr.text);
		goto out;
	}
	if (!json_is_object(wd->doc)) {
		r = assay_seterr(err, ASSAY_ERR_USAGE, "%s: expected a JSON "
		    "object {\"waivers\": [...]}, got %s", path,
		    type_name(wd->doc));
		goto out;
	}
	json_object_foreach(wd->doc, key, e)
		if (strcmp(key, "waivers") != 0) {
			r = assay_seterr(err, ASSAY_ERR_USAGE, "%s: unknown "
			    "key \"%.64s\" (expected waivers)", path, key);
			goto out;
		}
	arr = json_object_get(wd->doc, "waivers");
	if (!json_is_array(arr)) {
		r = assay_seterr(err, ASSAY_ERR_USAGE, "%s: waivers: expected "
		    "an array, got %s", path, arr != NULL ? type_name(arr) :
		    "nothing");
		goto out;
	}
	n = json_array_size(arr);
	if (n > WAIVERS_MAX) {
		r = assay_seterr(err, ASSAY_ERR_USAGE, "%s: more than %d "
		    "waivers", path, WAIVERS_MAX);
		goto out;
	}
	if (n > 0 && (wd->pub.v = calloc(n, sizeof(*wd->pub.v))) == NULL) {
		r = assay_seterr(err, ASSAY_ERR_NOMEM, "out of memory");
		goto out;
	}
	json_array_foreach(arr, i, e) {
		if ((r = check_entry(path, i, e, now, &wd->pub.v[i], err)) !=
		    ASSAY_OK)
			goto out;
		wd->pub.n++;
	}
	*wp = &wd->pub;
	wd = NULL;
	r = ASSAY_OK;
 out:
	assay_waivers_free(wd != NULL ? &wd->pub : NULL);
	free(bytes);
	return r;
}

long
assay_waivers_match(const struct assay_waivers *w, const char *rule,
    const char *path)
{
	size_t i;

	if (w == NULL || rule == NULL)
		return -1;
	for (i = 0; i < w->n && i < (size_t)LONG_MAX; i++) {
		if (w->v[i].expired || strcmp(w->v[i].rule, rule) != 0)
			continue;
		/* A finding about the whole scan has no path: "**" only. */
		if (path == NULL ? strcmp(w->v[i].path, "**") == 0 :
		    assay_glob_match(w->v[i].path, path))
			return (long)i;
	}
	return -1;
}

void
assay_waivers_free(struct assay_waivers *w)
{
	struct waivers_doc *wd = (struct waivers_doc *)w;

	if (wd == NULL)
		return;
	free(wd->pub.v);
	free(wd->pub.origin);
	json_decref(wd->doc);
	free(wd);
}
