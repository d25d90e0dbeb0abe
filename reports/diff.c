/*
 * assay diff: what a new release fixed and what it broke, from two
 * bundles' findings.json and verdict.json.
 *
 * A finding is identified by its rule, the path of the entry it is about
 * and its evidence (canonical JSON: compact, sorted keys), never by its line
 * or message: a file that gained a line above a problem has not fixed it
 * and made a new one.  Findings are matched as multisets, so two identical
 * findings in the old bundle and one in the new make one fixed.  Controls
 * are matched by id; one missing from a bundle shows as "absent".
 *
 * The output is deterministic: findings in the order of their findings.json
 * (which is sorted), controls by id; the JSON form has sorted keys.
 */
#include "reports.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "bundlefs.h"

#define FINDINGS_MAX	((size_t)1 << 30)
#define VERDICT_MAX	((size_t)256 << 20)

struct item {
	json_t *f;		/* the finding object, borrowed */
	const char *rule;	/* "" when absent */
	const char *path;	/* NULL: about the scan, not an entry */
	char *evidence;		/* canonical JSON; "null" when absent */
	bool matched;
};

struct side {
	const char *dir;
	json_t *findings;	/* findings.json */
	json_t *verdict;	/* verdict.json */
	struct item *items;	/* in file order */
	struct item **sorted;	/* by key */
	size_t n;
};

struct control {
	const char *id;
	const char *old;	/* status, or "absent" */
	const char *new;
	size_t seq;		/* order collected: old side first */
};

static int
cmp_key(const struct item *a, const struct item *b)
{
	int c;

	if ((c = strcmp(a->rule, b->rule)) != 0)
		return c;
	if (a->path == NULL || b->path == NULL) {
		if (a->path != b->path)
			return a->path == NULL ? -1 : 1;
	} else if ((c = strcmp(a->path, b->path)) != 0)
		return c;
	return strcmp(a->evidence, b->evidence);
}

static int
cmp_item(const void *a, const void *b)
{
	const struct item *const *x = a, *const *y = b;

	return cmp_key(*x, *y);
}

static void
side_release(struct side *s)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		free(s->items[i].evidence);
	free(s->items);
	free(s->sorted);
	json_decref(s->findings);
	json_decref(s->verdict);
}

static enum assay_err
side_load(struct side *s, const char *dir, struct assay_error *err)
{
	struct assay_error local;
	enum assay_err r = ASSAY_ERR_INTERNAL;
	json_t *arr, *f, *loc, *ev;
	struct item *it;
	size_t i;
	int dfd = -1;

	memset(s, 0, sizeof(*s));
	s->dir = dir;
	if ((dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) == -1) {
		r = assay_seterr(err, errno == ENOENT ? ASSAY_ERR_NOT_FOUND :
		    ASSAY_ERR_IO, "cannot open bundle %s: %s", dir,
		    strerror(errno));
		goto out;
	}
	if ((r = assay_bundlefs_json(dfd, ASSAY_BUNDLE_FINDINGS, FINDINGS_MAX,
	    &s->findings, &local)) != ASSAY_OK ||
	    (r = assay_bundlefs_json(dfd, ASSAY_BUNDLE_VERDICT, VERDICT_MAX,
	    &s->verdict, &local)) != ASSAY_OK) {
		r = assay_seterr(err, r, "bundle %s: %s", dir, local.msg);
		goto out;
	}
	arr = json_object_get(s->findings, "findings");
	if (!json_is_array(arr)) {
		r = assay_seterr(err, ASSAY_ERR_INVALID, "bundle %s: %s has no "
		    "findings array", dir, ASSAY_BUNDLE_FINDINGS);
		goto out;
	}
	s->n = json_array_size(arr);
	if ((s->items = calloc(s->n + 1, sizeof(*s->items))) == NULL ||
	    (s->sorted = calloc(s->n + 1, sizeof(*s->sorted))) == NULL) {
		r = assay_seterr(err, ASSAY_ERR_NOMEM, "out of memory");
		goto out;
	}
	json_array_foreach(arr, i, f) {
		it = &s->items[i];
		it->f = f;
		it->rule = json_string_value(json_object_get(f, "rule"));
		loc = json_object_get(f, "location");
		it->path = json_string_value(json_object_get(loc, "path"));
		ev = json_object_get(f, "evidence");
		if (!json_is_object(f) || it->rule == NULL) {
			r = assay_seterr(err, ASSAY_ERR_INVALID, "bundle %s: "
			    "%s: findings[%zu] has no rule", dir,
			    ASSAY_BUNDLE_FINDINGS, i);
			goto out;
		}
		it->evidence = ev != NULL ? json_dumps(ev, JSON_COMPACT |
		    JSON_SORT_KEYS | JSON_ENCODE_ANY) : strdup("null");
		if (it->evidence == NULL) {
			r = assay_seterr(err, ASSAY_ERR_NOMEM, "out of memory");
			goto out;
		}
		s->sorted[i] = it;
	}
	if (s->n > 0)
		qsort(s->sorted, s->n, sizeof(s->sorted[0]), cmp_item);
	r = ASSAY_OK;
 out:
	if (dfd != -1)
		close(dfd);
	return r;
}

/* Marks the findings present in both, as multisets; returns how many. */
static size_t
match(struct side *a, struct side *b)
{
	size_t i = 0, k = 0, same = 0;
	int c;

	while (i < a->n && k < b->n) {
		if ((c = cmp_key(a->sorted[i], b->sorted[k])) == 0) {
			a->sorted[i++]->matched = true;
			b->sorted[k++]->matched = true;
			same++;
		} else if (c < 0)
			i++;
		else
			k++;
	}
	return same;
}

/* A control's status from an array entry or an id-keyed member. */
static const char *
status_of(json_t *c)
{
	if (json_is_string(c))
		return json_string_value(c);
	return json_string_value(json_object_get(c, "status"));
}

static int
cmp_control(const void *a, const void *b)
{
	const struct control *x = a, *y = b;
	int c;

	if ((c = strcmp(x->id, y->id)) != 0)
		return c;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static enum assay_err
add_control(struct side *s, bool is_new, const char *id, json_t *c,
    struct control **vp, size_t *np, size_t *capp, struct assay_error *err)
{
	struct control *v;
	const char *status;

	if (id == NULL || (status = status_of(c)) == NULL)
		return assay_seterr(err, ASSAY_ERR_INVALID, "bundle %s: %s: a "
		    "control has no id or status", s->dir,
		    ASSAY_BUNDLE_VERDICT);
	if (*np == *capp) {
		*capp = *capp == 0 ? 64 : 2 * *capp;
		if ((v = reallocarray(*vp, *capp, sizeof(*v))) == NULL)
			return assay_seterr(err, ASSAY_ERR_NOMEM,
			    "out of memory");
		*vp = v;
	}
	(*vp)[*np].id = id;
	(*vp)[*np].old = is_new ? NULL : status;
	(*vp)[*np].new = is_new ? status : NULL;
	(*vp)[*np].seq = *np;
	(*np)++;
	return ASSAY_OK;
}

/*
 * Appends verdict.json's controls, given as an array of {"id", "status",
 * ...} or as an object keyed by id, to *vp.
 */
static enum assay_err
collect_controls(struct side *s, bool is_new, struct control **vp,
    size_t *np, size_t *capp, struct assay_error *err)
{
	json_t *controls, *c;
	enum assay_err r;
	const char *id;
	size_t i;

	controls = json_object_get(s->verdict, "controls");
	if (json_is_array(controls)) {
		json_array_foreach(controls, i, c)
			if ((r = add_control(s, is_new, json_string_value(
			    json_object_get(c, "id")), c, vp, np, capp,
			    err)) != ASSAY_OK)
				return r;
		return ASSAY_OK;
	}
	if (json_is_object(controls)) {
		json_object_foreach(controls, id, c)
			if ((r = add_control(s, is_new, id, c, vp, np, capp,
			    err)) != ASSAY_OK)
				return r;
		return ASSAY_OK;
	}
	return assay_seterr(err, ASSAY_ERR_INVALID, "bundle %s: %s has no "
	    "controls", s->dir, ASSAY_BUNDLE_VERDICT);
}

/*
 * The controls whose status differs between the bundles, sorted by id,
 * with "absent" for one a bundle does not list.
 */
static enum assay_err
changed_controls(struct side *o, struct side *n, struct control **outp,
    size_t *noutp, struct assay_error *err)
{
	struct control *v = NULL, *out;
	enum assay_err r;
	size_t nv = 0, cap = 0, i, k = 0;

	*outp = NULL;
	*noutp = 0;
	if ((r = collect_controls(o, false, &v, &nv, &cap, err)) != ASSAY_OK ||
	    (r = collect_controls(n, true, &v, &nv, &cap, err)) != ASSAY_OK) {
		free(v);
		return r;
	}
	if (nv == 0)
		return ASSAY_OK;
	/* Equal ids sort in the order collected, the old side's first. */
	qsort(v, nv, sizeof(v[0]), cmp_control);
	out = v;
	for (i = 0; i < nv; i++) {
		/* Duplicate ids on one side: the first one counts. */
		if (k > 0 && strcmp(out[k - 1].id, v[i].id) == 0) {
			if (out[k - 1].old == NULL)
				out[k - 1].old = v[i].old;
			if (out[k - 1].new == NULL)
				out[k - 1].new = v[i].new;
			continue;
		}
		out[k++] = v[i];
	}
	nv = k;
	k = 0;
	for (i = 0; i < nv; i++) {
		if (out[i].old == NULL)
			out[i].old = "absent";
		if (out[i].new == NULL)
			out[i].new = "absent";
		if (strcmp(out[i].old, out[i].new) != 0)
			out[k++] = out[i];
	}
	*outp = out;
	*noutp = k;
	return ASSAY_OK;
}

/* "  high rule path:line: message" for the text form. */
static void
print_finding(FILE *out, json_t *f)
{
	json_t *loc = json_object_get(f, "location");
	json_int_t line = json_integer_value(json_object_get(loc, "line"));
	const char *path = json_string_value(json_object_get(loc, "path"));

	fputs("  ", out);
	assay_print_safe(out, json_string_value(json_object_get(f,
	    "severity")));
	fputc(' ', out);
	assay_print_safe(out, json_string_value(json_object_get(f, "rule")));
	fputc(' ', out);
	assay_print_safe(out, path != NULL ? path : "(the scan)");
	if (line > 0)
		fprintf(out, ":%lld", (long long)line);
	fputs(": ", out);
	assay_print_safe(out, json_string_value(json_object_get(f,
	    "message")));
	fputc('\n', out);
}

/* The findings of s that the other side lacks, in file order. */
static size_t
count_unmatched(const struct side *s)
{
	size_t i, n = 0;

	for (i = 0; i < s->n; i++)
		if (!s->items[i].matched)
			n++;
	return n;
}

static void
write_text(FILE *out, const struct side *o, const struct side *n,
    size_t unchanged, const struct control *c, size_t nc)
{
	size_t i;

	fprintf(out, "new: %zu\n", count_unmatched(n));
	for (i = 0; i < n->n; i++)
		if (!n->items[i].matched)
			print_finding(out, n->items[i].f);
	fprintf(out, "fixed: %zu\n", count_unmatched(o));
	for (i = 0; i < o->n; i++)
		if (!o->items[i].matched)
			print_finding(out, o->items[i].f);
	fprintf(out, "unchanged: %zu\n", unchanged);
	fprintf(out, "controls changed: %zu\n", nc);
	for (i = 0; i < nc; i++) {
		fputs("  ", out);
		assay_print_safe(out, c[i].id);
		fputc(' ', out);
		assay_print_safe(out, c[i].old);
		fputs(" -> ", out);
		assay_print_safe(out, c[i].new);
		fputc('\n', out);
	}
}

static json_t *
unmatched_array(const struct side *s, bool *ok)
{
	json_t *a;
	size_t i;

	if ((a = json_array()) == NULL) {
		*ok = false;
		return NULL;
	}
	for (i = 0; i < s->n; i++)
		if (!s->items[i].matched &&
		    json_array_append(a, s->items[i].f) != 0)
			*ok = false;
	return a;
}

static enum assay_err
write_json(FILE *out, const struct side *o, const struct side *n,
    size_t unchanged, const struct control *c, size_t nc,
    struct assay_error *err)
{
	json_t *root = NULL, *controls, *e;
	enum assay_err r = ASSAY_ERR_INTERNAL;
	bool ok = true;
	size_t i;

	if ((root = json_object()) == NULL ||
	    (controls = json_array()) == NULL) {
		r = assay_seterr(err, ASSAY_ERR_NOMEM, "out of memory");
		goto out;
	}
	if (json_object_set_new(root, "controls", controls) != 0)
		ok = false;
	for (i = 0; i < nc && ok; i++) {
		if ((e = json_object()) == NULL ||
		    json_array_append_new(controls, e) != 0 ||
		    json_object_set_new(e, "id", json_string(c[i].id)) != 0 ||
		    json_object_set_new(e, "old", json_string(c[i].old)) != 0 ||
		    json_object_set_new(e, "new", json_string(c[i].new)) != 0)
			ok = false;
	}
	if (json_object_set_new(root, "new", unmatched_array(n, &ok)) != 0 ||
	    json_object_set_new(root, "fixed", unmatched_array(o, &ok)) != 0 ||
	    json_object_set_new(root, "unchanged", json_integer(
	    (json_int_t)unchanged)) != 0)
		ok = false;
	if (!ok) {
		r = assay_seterr(err, ASSAY_ERR_NOMEM, "out of memory");
		goto out;
	}
	if (json_dumpf(root, out, JSON_INDENT(2) | JSON_SORT_KEYS) != 0 ||
	    fputc('\n', out) == EOF) {
		r = assay_seterr(err, ASSAY_ERR_IO, "cannot write the "
		    "comparison: %s", strerror(errno));
		goto out;
	}
	r = ASSAY_OK;
 out:
	json_decref(root);
	return r;
}

enum assay_err
assay_diff_bundles(const char *old_dir, const char *new_dir, bool json,
    FILE *out, bool *changedp, struct assay_error *err)
{
	struct side o, n;
	struct control *c = NULL;
	enum assay_err r = ASSAY_ERR_INTERNAL;
	size_t unchanged, nc = 0;

	*changedp = false;
	memset(&o, 0, sizeof(o));
	memset(&n, 0, sizeof(n));
	if ((r = side_load(&o, old_dir, err)) != ASSAY_OK ||
	    (r = side_load(&n, new_dir, err)) != ASSAY_OK)
		goto out;
	unchanged = match(&o, &n);
	if ((r = changed_controls(&o, &n, &c, &nc, err)) != ASSAY_OK)
		goto out;
	if (json)
		r = write_json(out, &o, &n, unchanged, c, nc, err);
	else {
		write_text(out, &o, &n, unchanged, c, nc);
		r = ASSAY_OK;
	}
	if (r == ASSAY_OK && (fflush(out) == EOF || ferror(out)))
		r = assay_seterr(err, ASSAY_ERR_IO, "cannot write the "
		    "comparison: %s", strerror(errno));
	if (r != ASSAY_OK)
		goto out;
	*changedp = unchanged != o.n || unchanged != n.n || nc > 0;
 out:
	free(c);
	side_release(&o);
	side_release(&n);
	return r;
}
