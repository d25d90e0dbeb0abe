/*
 * Shipped SBOMs: CycloneDX JSON (1.4 to 1.6; components and their nested
 * components) and SPDX JSON 2.x (packages, with a purl from externalRefs
 * when there is one), recognised by content wherever they lie.  Their
 * components join the main list as found "by SBOM", and the omission check
 * compares what assay found itself with what each SBOM lists.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <jansson.h>

#include "discover.h"

#define SBOM_MAX	DEP_JSON_MAX

/* Percent-decodes s[0..n) into a new string; NULL on bad escapes. */
static char *
pct_decode(const char *s, size_t n)
{
	char *o, *w;
	size_t i;
	int hi, lo;

	if ((o = malloc(n + 1)) == NULL)
		return NULL;
	for (i = 0, w = o; i < n; i++) {
		if (s[i] != '%') {
			*w++ = s[i];
			continue;
		}
		if (n - i < 3) {
			free(o);
			return NULL;
		}
		hi = s[i + 1];
		lo = s[i + 2];
		hi = hi >= '0' && hi <= '9' ? hi - '0' : (hi | 0x20) >= 'a' &&
		    (hi | 0x20) <= 'f' ? (hi | 0x20) - 'a' + 10 : -1;
		lo = lo >= '0' && lo <= '9' ? lo - '0' : (lo | 0x20) >= 'a' &&
		    (lo | 0x20) <= 'f' ? (lo | 0x20) - 'a' + 10 : -1;
		if (hi < 0 || lo < 0) {
			free(o);
			return NULL;
		}
		*w++ = (char)(hi << 4 | lo);
		i += 2;
	}
	*w = '\0';
	return o;
}

/*
 * Adds the component a purl names: "pkg:type/ns/name@version?q#sub".
 * Qualifiers and subpath are dropped: matching ignores them.  0, or -1
 * when the purl does not parse.
 */
static int
add_purl(struct dep_parse *p, const char *purl, const char *fallback_version)
{
	const char *s, *end, *at, *slash, *type_end;
	char *type = NULL, *ns = NULL, *name = NULL, *version = NULL;
	int rc = -1;

	if (strncasecmp(purl, "pkg:", 4) != 0)
		return -1;
	s = purl + 4;
	while (*s == '/')
		s++;
	end = s + strcspn(s, "?#");
	if ((type_end = memchr(s, '/', (size_t)(end - s))) == NULL)
		return -1;
	at = NULL;
	for (slash = type_end; slash < end; slash++)
		if (*slash == '@')
			at = slash;
	if ((type = strndup(s, (size_t)(type_end - s))) == NULL)
		goto nomem;
	if (at != NULL) {
		if ((version = pct_decode(at + 1, (size_t)(end - at - 1))) ==
		    NULL)
			goto out;
		end = at;
	}
	for (slash = end; slash > type_end && slash[-1] != '/'; slash--)
		;
	if ((name = pct_decode(slash, (size_t)(end - slash))) == NULL)
		goto out;
	if (slash - 1 > type_end) {
		char *raw = strndup(type_end + 1, (size_t)(slash - 1 -
		    type_end - 1));

		if (raw == NULL)
			goto nomem;
		ns = pct_decode(raw, strlen(raw));
		free(raw);
		if (ns == NULL)
			goto out;
	}
	if (version == NULL && fallback_version != NULL &&
	    (version = strdup(fallback_version)) == NULL)
		goto nomem;
	if (version == NULL || *name == '\0')
		goto out;	/* nothing to match a version against */
	(void)dep_parse_add(p, type, ns, name, version, 0);
	rc = 0;
	goto out;
 nomem:
	p->nomem = 1;
	rc = 0;
 out:
	free(type);
	free(ns);
	free(name);
	free(version);
	return rc;
}

static void
add_listed(struct dep_parse *p, const char *purl, const char *group,
    const char *name, const char *version, const char *what)
{
	if (purl != NULL && add_purl(p, purl, version) == 0)
		return;
	if (purl != NULL)
		dep_parse_fail(p, 0, "%s has a purl that does not parse", what);
	if (name != NULL && version != NULL && *version != '\0')
		(void)dep_parse_add(p, "generic", group, name, version, 0);
}

static void
cdx_components(struct dep_parse *p, json_t *arr, unsigned depth)
{
	json_t *c;
	size_t i;

	if (arr == NULL)
		return;
	if (!json_is_array(arr)) {
		dep_parse_fail(p, 0, "components is not an array");
		return;
	}
	if (depth > DEP_NEST_MAX) {
		dep_parse_fail(p, 0, "components nested deeper than %u",
		    DEP_NEST_MAX);
		return;
	}
	json_array_foreach(arr, i, c) {
		if (!json_is_object(c)) {
			dep_parse_fail(p, 0, "component %zu is not an object",
			    i);
			continue;
		}
		add_listed(p, json_string_value(json_object_get(c, "purl")),
		    json_string_value(json_object_get(c, "group")),
		    json_string_value(json_object_get(c, "name")),
		    json_string_value(json_object_get(c, "version")),
		    "a component");
		if (p->nomem)
			return;
		cdx_components(p, json_object_get(c, "components"), depth + 1);
	}
}

static void
spdx_packages(struct dep_parse *p, json_t *arr)
{
	json_t *pk, *refs, *ref;
	const char *purl, *type;
	size_t i, j;

	if (arr == NULL)
		return;
	if (!json_is_array(arr)) {
		dep_parse_fail(p, 0, "packages is not an array");
		return;
	}
	json_array_foreach(arr, i, pk) {
		purl = NULL;
		refs = json_object_get(pk, "externalRefs");
		json_array_foreach(refs, j, ref) {
			type = json_string_value(json_object_get(ref,
			    "referenceType"));
			if (type != NULL && strcmp(type, "purl") == 0) {
				purl = json_string_value(json_object_get(ref,
				    "referenceLocator"));
				break;
			}
		}
		add_listed(p, purl, NULL,
		    json_string_value(json_object_get(pk, "name")),
		    json_string_value(json_object_get(pk, "versionInfo")),
		    "a package");
		if (p->nomem)
			return;
	}
}

enum assay_err
sbom_parse(const char *buf, size_t len, struct dep_parse *p, char *format,
    size_t formatlen)
{
	json_error_t jerr;
	json_t *root;
	const char *bf, *spec;
	enum assay_err r = ASSAY_OK;

	if (formatlen > 0)
		format[0] = '\0';
	if ((root = json_loadb(buf, len, 0, &jerr)) == NULL) {
		dep_parse_fail(p, (unsigned long)(jerr.line > 0 ? jerr.line :
		    0), "not JSON: %s", jerr.text);
		return ASSAY_OK;
	}
	bf = json_string_value(json_object_get(root, "bomFormat"));
	spec = json_string_value(json_object_get(root, "specVersion"));
	if (bf != NULL && strcmp(bf, "CycloneDX") == 0) {
		if (spec == NULL || strlen(spec) > 8)
			dep_parse_fail(p, 0, "CycloneDX without specVersion");
		(void)snprintf(format, formatlen, "CycloneDX %.8s",
		    spec != NULL ? spec : "?");
		cdx_components(p, json_object_get(root, "components"), 0);
	} else if ((spec = json_string_value(json_object_get(root,
	    "spdxVersion"))) != NULL && strncmp(spec, "SPDX-2.", 7) == 0 &&
	    strlen(spec) <= 9) {
		(void)snprintf(format, formatlen, "SPDX %s", spec + 5);
		spdx_packages(p, json_object_get(root, "packages"));
	} else
		r = ASSAY_ERR_NOT_FOUND;
	json_decref(root);
	if (r == ASSAY_OK)
		r = dep_parse_status(p);
	return r;
}

enum assay_err
sbom_parse_any(const char *buf, size_t len, struct dep_parse *p)
{
	char format[32];
	enum assay_err r;

	r = sbom_parse(buf, len, p, format, sizeof(format));
	return r == ASSAY_ERR_NOT_FOUND ? ASSAY_OK : r;
}

/* The names SBOMs usually go by: a parse failure there is worth saying. */
static int
sbom_name(const char *name)
{
	const char *base = strrchr(name, '/');
	size_t n;

	base = base == NULL ? name : base + 1;
	n = strlen(base);
	return strcmp(base, "bom.json") == 0 || strcmp(base, "sbom.json") == 0
	    || (n > 9 && strcmp(base + n - 9, ".cdx.json") == 0) ||
	    (n > 10 && strcmp(base + n - 10, ".spdx.json") == 0);
}

/*
 * Calls fn for each SBOM file: any *.json that names an SBOM format.
 * report says whether parse errors become findings.
 */
static enum assay_err
each_sbom(struct assay_scan *scan, int report,
    enum assay_err (*fn)(void *, const struct assay_entry *,
    struct dep_parse *, const char *), void *arg)
{
	const struct assay_entry *e;
	struct dep_list l = DEP_LIST_INIT;
	struct dep_parse p;
	unsigned char *buf;
	enum assay_err r = ASSAY_OK;
	char format[32];
	size_t cur = 0, len;

	while (r == ASSAY_OK && (e = assay_scan_next(scan, &cur, "**/*.json",
	    ASSAY_ENTRY_FILE)) != NULL) {
		if (!(assay_entry_flags(e) & ASSAY_FLAG_CONTENT))
			continue;
		memset(&p, 0, sizeof(p));
		p.l = &l;
		p.entry = e;
		p.method = DEP_SBOM;
		p.source = "sbom";
		r = assay_entry_read(scan, e, SBOM_MAX, &buf, &len);
		if (r == ASSAY_ERR_NOMEM)
			break;
		if (r != ASSAY_OK) {
			if (r == ASSAY_ERR_LIMIT && sbom_name(
			    assay_entry_name(e)) && report) {
				dep_parse_fail(&p, 0, "larger than %u bytes",
				    SBOM_MAX);
				r = dep_report_parse(scan, &p);
			} else
				r = ASSAY_OK;
			continue;
		}
		if (!sbom_name(assay_entry_name(e)) &&
		    memmem(buf, len, "\"bomFormat\"", 11) == NULL &&
		    memmem(buf, len, "\"spdxVersion\"", 13) == NULL) {
			free(buf);
			continue;
		}
		r = sbom_parse((char *)buf, len, &p, format, sizeof(format));
		free(buf);
		if (r == ASSAY_ERR_NOT_FOUND) {
			r = ASSAY_OK;
			dep_list_release(&l);
			continue;
		}
		if (r == ASSAY_OK && format[0] == '\0' && p.err[0] != '\0') {
			/* Not JSON: a parse error only for SBOM names. */
			if (report)
				r = dep_report_parse(scan, &p);
			dep_list_release(&l);
			continue;
		}
		if (r == ASSAY_OK)
			r = fn(arg, e, &p, format);
		if (r == ASSAY_OK && report)
			r = dep_report_parse(scan, &p);
		dep_list_release(&l);
	}
	dep_list_release(&l);
	return r;
}

/* Moves an SBOM's components onto the main list. */
static enum assay_err
join_main(void *arg, const struct assay_entry *e, struct dep_parse *p,
    const char *format)
{
	struct dep_list *main_list = arg;
	struct dep_component *c, *v;
	size_t i, from = main_list->n;

	(void)e, (void)format;
	for (i = 0; i < p->l->n; i++) {
		if (main_list->n == main_list->cap) {
			size_t cap = main_list->cap == 0 ? 16 :
			    main_list->cap * 2;

			if ((v = reallocarray(main_list->v, cap,
			    sizeof(*v))) == NULL)
				return ASSAY_ERR_NOMEM;
			main_list->v = v;
			main_list->cap = cap;
		}
		c = &p->l->v[i];
		main_list->v[main_list->n++] = *c;
		memset(c, 0, sizeof(*c));
	}
	p->l->n = 0;
	dep_dedupe_from(main_list, from);
	return ASSAY_OK;
}

enum assay_err
discover_sboms(struct assay_scan *scan, struct dep_list *l)
{
	return each_sbom(scan, 1, join_main, l);
}

static enum assay_err
keep_sbom(void *arg, const struct assay_entry *e, struct dep_parse *p,
    const char *format)
{
	struct dep_sboms *s = arg;
	struct dep_sbom *v;

	if ((v = reallocarray(s->v, s->n + 1, sizeof(*v))) == NULL)
		return ASSAY_ERR_NOMEM;
	s->v = v;
	memset(&s->v[s->n], 0, sizeof(s->v[s->n]));
	if ((s->v[s->n].format = strdup(format)) == NULL)
		return ASSAY_ERR_NOMEM;
	s->v[s->n].entry = e;
	s->v[s->n].listed = *p->l;
	memset(p->l, 0, sizeof(*p->l));
	s->n++;
	return ASSAY_OK;
}

enum assay_err
deps_read_sboms(struct assay_scan *scan, struct dep_sboms *s)
{
	s->v = NULL;
	s->n = 0;
	return each_sbom(scan, 0, keep_sbom, s);
}

void
dep_sboms_release(struct dep_sboms *s)
{
	size_t i;

	for (i = 0; i < s->n; i++) {
		free(s->v[i].format);
		dep_list_release(&s->v[i].listed);
	}
	free(s->v);
	s->v = NULL;
	s->n = 0;
}

/* ---- the omission check --------------------------------------------------- */

/* The purl without qualifiers and subpath, in a new string. */
static char *
base_purl(const char *purl)
{
	return strndup(purl, strcspn(purl, "?#"));
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* "ecosystem\x1fname\x1fversion", the name lower-cased. */
static char *
loose_key(const struct dep_component *c)
{
	size_t n = strlen(c->ecosystem) + strlen(c->name) +
	    strlen(c->version) + 3, i;
	char *k;

	if ((k = malloc(n)) == NULL)
		return NULL;
	(void)snprintf(k, n, "%s\x1f%s\x1f%s", c->ecosystem, c->name,
	    c->version);
	for (i = 0; k[i] != '\0'; i++)
		if (k[i] >= 'A' && k[i] <= 'Z')
			k[i] = (char)(k[i] - 'A' + 'a');
	return k;
}

/* True when e lies inside the SBOM's own container (or it is top-level). */
static int
in_scope(const struct assay_entry *e, const struct assay_entry *sbom)
{
	const struct assay_entry *top, *a;

	if (sbom == NULL || e == NULL ||
	    (top = assay_entry_parent(sbom)) == NULL)
		return 1;	/* an SBOM given beside the release */
	for (a = assay_entry_parent(e); a != NULL; a = assay_entry_parent(a))
		if (a == top)
			return 1;
	return 0;
}

static void
free_strs(char **v, size_t n)
{
	size_t i;

	for (i = 0; v != NULL && i < n; i++)
		free(v[i]);
	free(v);
}

static enum assay_err
report_missing(struct assay_scan *scan, const struct dep_sbom *sb,
    const struct dep_component *c, const char *base)
{
	struct assay_finding f = { "dependencies.sbom-missing-component",
	    sb->entry, 0, NULL };
	enum assay_err r = ASSAY_ERR_NOMEM;
	json_t *o;
	char *ev = NULL;

	if ((o = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s}",
	    "sbom", assay_entry_path(sb->entry), "sbom_format", sb->format,
	    "purl", base, "ecosystem", c->ecosystem, "name", c->name,
	    "version", c->version, "found_in", c->entry != NULL ?
	    assay_entry_path(c->entry) : "", "method",
	    dep_method_name(c->method))) == NULL)
		return ASSAY_ERR_NOMEM;
	if ((ev = json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS)) != NULL) {
		f.evidence = ev;
		r = assay_scan_report(scan, &f, "%s does not list %s (found "
		    "in %s)", assay_entry_path(sb->entry), base,
		    c->entry != NULL ? assay_entry_path(c->entry) : "?");
	}
	free(ev);
	json_decref(o);
	return r;
}

/*
 * A version-string find ("generic", from a binary) is listed when the SBOM
 * has a package of that name or product whose version starts with it
 * ("openssl" 3.0.11 as Debian's openssl 3.0.11-1~deb12u2).
 */
static int
listed_as_package(const struct dep_component *c, const struct dep_list *l)
{
	const struct dep_component *x;
	size_t i, vl = strlen(c->version);
	char next;

	if (strcmp(c->ecosystem, "generic") != 0)
		return 0;
	for (i = 0; i < l->n; i++) {
		x = &l->v[i];
		if (strcasecmp(x->name, c->name) != 0 && (c->product == NULL ||
		    strcasecmp(x->name, c->product) != 0))
			continue;
		if (strncmp(x->version, c->version, vl) != 0)
			continue;
		next = x->version[vl];
		if (!((next >= '0' && next <= '9') || (next >= 'a' &&
		    next <= 'z') || (next >= 'A' && next <= 'Z')))
			return 1;
	}
	return 0;
}

size_t
dep_sbom_omitted(const struct dep_list *found, const struct dep_sbom *sb,
    size_t **idxp)
{
	char **purls = NULL, **loose = NULL, **said = NULL, *b = NULL, *k = NULL;
	size_t n = sb->listed.n, i, j, nsaid = 0, *idx = NULL, rc = (size_t)-1;

	*idxp = NULL;
	if ((purls = calloc(n + 1, sizeof(*purls))) == NULL ||
	    (loose = calloc(n + 1, sizeof(*loose))) == NULL ||
	    (said = calloc(found->n + 1, sizeof(*said))) == NULL ||
	    (idx = calloc(found->n + 1, sizeof(*idx))) == NULL)
		goto out;
	for (i = 0; i < n; i++)
		if ((purls[i] = base_purl(sb->listed.v[i].purl)) == NULL ||
		    (loose[i] = loose_key(&sb->listed.v[i])) == NULL)
			goto out;
	qsort(purls, n, sizeof(*purls), cmp_str);
	qsort(loose, n, sizeof(*loose), cmp_str);
	for (i = 0; i < found->n; i++) {
		const struct dep_component *c = &found->v[i];

		if (c->method == DEP_SBOM || !in_scope(c->entry, sb->entry))
			continue;
		if ((b = base_purl(c->purl)) == NULL ||
		    (k = loose_key(c)) == NULL)
			goto out;
		if (bsearch(&b, purls, n, sizeof(*purls), cmp_str) == NULL &&
		    bsearch(&k, loose, n, sizeof(*loose), cmp_str) == NULL &&
		    !listed_as_package(c, &sb->listed)) {
			for (j = 0; j < nsaid; j++)
				if (strcmp(said[j], b) == 0)
					break;
			if (j == nsaid) {
				idx[nsaid] = i;
				said[nsaid++] = b;
				b = NULL;
			}
		}
		free(b);
		free(k);
		b = k = NULL;
	}
	*idxp = idx;
	idx = NULL;
	rc = nsaid;
 out:
	free(b);
	free(k);
	free(idx);
	free_strs(purls, n);
	free_strs(loose, n);
	free_strs(said, nsaid);
	return rc;
}

static enum assay_err
check_one(struct assay_scan *scan, const struct dep_list *found,
    const struct dep_sbom *sb)
{
	enum assay_err r = ASSAY_OK;
	size_t n, i, *idx;
	char *b;

	if ((n = dep_sbom_omitted(found, sb, &idx)) == (size_t)-1)
		return ASSAY_ERR_NOMEM;
	for (i = 0; i < n && r == ASSAY_OK; i++) {
		if ((b = base_purl(found->v[idx[i]].purl)) == NULL) {
			r = ASSAY_ERR_NOMEM;
			break;
		}
		r = report_missing(scan, sb, &found->v[idx[i]], b);
		free(b);
	}
	free(idx);
	return r;
}

enum assay_err
deps_check_sbom_omissions(struct assay_scan *scan,
    const struct dep_list *found, const struct dep_sboms *s)
{
	enum assay_err r = ASSAY_OK;
	size_t i;

	for (i = 0; i < s->n && r == ASSAY_OK; i++)
		r = check_one(scan, found, &s->v[i]);
	return r;
}
