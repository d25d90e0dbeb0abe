/*
 * Discovery: every source kind in turn, in a fixed order, and the helpers
 * the per-format parsers share.  Components appear in source order, then
 * inventory order, then the order of the file; a malformed file is one
 * parse-error finding and the scan goes on.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "discover.h"

void
dep_parse_fail(struct dep_parse *p, unsigned long line, const char *fmt, ...)
{
	va_list ap;
	size_t i;
	int n;

	if (p->err[0] != '\0')
		return;
	va_start(ap, fmt);
	n = vsnprintf(p->err, sizeof(p->err), fmt, ap);
	va_end(ap);
	if (n < 0)
		(void)snprintf(p->err, sizeof(p->err), "malformed");
	/* Keep evidence printable ASCII whatever the file held. */
	for (i = 0; p->err[i] != '\0'; i++)
		if ((unsigned char)p->err[i] < 0x20 ||
		    (unsigned char)p->err[i] >= 0x7f)
			p->err[i] = '?';
	p->err_line = line;
}

struct dep_component *
dep_parse_add(struct dep_parse *p, const char *eco, const char *ns,
    const char *name, const char *version, unsigned long line)
{
	struct dep_component *c;

	if (name == NULL || *name == '\0') {
		dep_parse_fail(p, line, "component without a name");
		return NULL;
	}
	if (version == NULL || *version == '\0') {
		dep_parse_fail(p, line, "component without a version");
		return NULL;
	}
	if (!dep_type_ok(eco)) {
		dep_parse_fail(p, line, "package type is not a purl type");
		return NULL;
	}
	if (!dep_text_ok(name) || !dep_text_ok(version) ||
	    (ns != NULL && *ns != '\0' && !dep_text_ok(ns))) {
		dep_parse_fail(p, line, "name or version is not valid text");
		return NULL;
	}
	if ((c = dep_list_add(p->l, eco, ns, name, version, p->method,
	    p->entry, line, p->source)) == NULL)
		p->nomem = 1;
	return c;
}

enum assay_err
dep_parse_status(const struct dep_parse *p)
{
	return p->nomem ? ASSAY_ERR_NOMEM : ASSAY_OK;
}

void
dep_lines_init(struct dep_lines *it, const char *buf, size_t len)
{
	it->p = buf;
	it->end = buf + len;
	it->no = 0;
}

int
dep_lines_next(struct dep_lines *it, const char **linep, size_t *lenp)
{
	const char *nl;
	size_t n;

	if (it->p >= it->end)
		return 0;
	nl = memchr(it->p, '\n', (size_t)(it->end - it->p));
	n = nl == NULL ? (size_t)(it->end - it->p) : (size_t)(nl - it->p);
	*linep = it->p;
	if (n > 0 && it->p[n - 1] == '\r')
		n--;
	*lenp = n;
	it->p = nl == NULL ? it->end : nl + 1;
	it->no++;
	return 1;
}

int
dep_line_too_long(struct dep_parse *p, const struct dep_lines *it, size_t n)
{
	if (n <= DEP_LINE_MAX)
		return 0;
	dep_parse_fail(p, it->no, "line longer than %u bytes", DEP_LINE_MAX);
	return 1;
}

char *
dep_strndup_trim(const char *s, size_t n)
{
	char *o;

	while (n > 0 && (*s == ' ' || *s == '\t'))
		s++, n--;
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' ||
	    s[n - 1] == '\r'))
		n--;
	if ((o = malloc(n + 1)) == NULL)
		return NULL;
	memcpy(o, s, n);
	o[n] = '\0';
	return o;
}

enum assay_err
dep_report_parse(struct assay_scan *scan, const struct dep_parse *p)
{
	if (p->err[0] == '\0')
		return ASSAY_OK;
	return dep_parse_error(scan, p->entry, p->err_line, p->err);
}

struct purl_at {
	const char *purl;
	size_t i;
};

static int
by_purl(const void *a, const void *b)
{
	const struct purl_at *x = a, *y = b;
	int c = strcmp(x->purl, y->purl);

	if (c != 0)
		return c;
	return x->i < y->i ? -1 : x->i > y->i;
}

void
dep_dedupe_from(struct dep_list *l, size_t from)
{
	size_t k = l->n - from, i, w;
	struct purl_at *idx;
	unsigned char *drop;

	if (k < 2)
		return;
	idx = calloc(k, sizeof(*idx));
	drop = calloc(k, 1);
	if (idx == NULL || drop == NULL)
		goto out;	/* duplicates are harmless; keep them */
	for (i = 0; i < k; i++) {
		idx[i].purl = l->v[from + i].purl;
		idx[i].i = from + i;
	}
	qsort(idx, k, sizeof(*idx), by_purl);
	for (i = 1; i < k; i++)
		if (strcmp(idx[i].purl, idx[i - 1].purl) == 0)
			drop[idx[i].i - from] = 1;
	for (i = from, w = from; i < l->n; i++) {
		if (drop[i - from]) {
			dep_component_release(&l->v[i]);
			continue;
		}
		if (w != i)
			l->v[w] = l->v[i];
		w++;
	}
	l->n = w;
 out:
	free(idx);
	free(drop);
}

enum assay_err
dep_parse_file(struct assay_scan *scan, size_t max, dep_parser_fn parser,
    struct dep_parse *p)
{
	unsigned char *buf;
	enum assay_err r;
	size_t len, from;

	r = assay_entry_read(scan, p->entry, max, &buf, &len);
	if (r == ASSAY_ERR_LIMIT) {
		dep_parse_fail(p, 0, "larger than %zu bytes", max);
		return dep_report_parse(scan, p);
	}
	if (r == ASSAY_ERR_NOMEM)
		return r;
	if (r != ASSAY_OK)
		return ASSAY_OK;	/* unreadable: coverage says so */
	from = p->l->n;
	r = parser((const char *)buf, len, p);
	free(buf);
	if (r != ASSAY_OK)
		return r;
	dep_dedupe_from(p->l, from);
	return dep_report_parse(scan, p);
}

enum assay_err
dep_each_file(struct assay_scan *scan, struct dep_list *l, const char *glob,
    size_t max, int (*accept)(const struct assay_entry *, void *), void *arg,
    dep_parser_fn parser, enum dep_method method, const char *source)
{
	const struct assay_entry *e;
	struct dep_parse p;
	enum assay_err r;
	size_t cur = 0;

	while ((e = assay_scan_next(scan, &cur, glob, ASSAY_ENTRY_FILE |
	    ASSAY_ENTRY_HARDLINK)) != NULL) {
		if (!(assay_entry_flags(e) & ASSAY_FLAG_CONTENT) ||
		    (accept != NULL && !accept(e, arg)))
			continue;
		memset(&p, 0, sizeof(p));
		p.l = l;
		p.entry = e;
		p.method = method;
		p.source = source;
		if ((r = dep_parse_file(scan, max, parser, &p)) != ASSAY_OK)
			return r;
	}
	return ASSAY_OK;
}

enum assay_err
deps_discover(struct assay_scan *scan, struct dep_list *l)
{
	static enum assay_err (*const sources[])(struct assay_scan *,
	    struct dep_list *) = {
		discover_sboms, discover_npm, discover_python, discover_rust,
		discover_java, discover_dotnet, discover_php, discover_ruby,
		discover_os, discover_binaries,
	};
	enum assay_err r;
	size_t i;

	for (i = 0; i < sizeof(sources) / sizeof(sources[0]); i++)
		if ((r = sources[i](scan, l)) != ASSAY_OK)
			return r;
	return ASSAY_OK;
}
