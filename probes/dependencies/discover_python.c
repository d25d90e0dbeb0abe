/*
 * Python: installed distributions (*.dist-info/METADATA, *.egg-info/PKG-INFO
 * and the single-file *.egg-info distutils writes; RFC 822 style headers), pinned requirements files
 * (name==version only; ranges say nothing certain) and poetry.lock (the
 * [[package]] tables' name and version, read line by line).
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "discover.h"

/* "Key: value" at the start of line; the value trimmed, or NULL. */
static char *
header_value(const char *line, size_t n, const char *key, struct dep_parse *p)
{
	size_t k = strlen(key);
	char *v;

	if (n <= k || strncasecmp(line, key, k) != 0 || line[k] != ':')
		return NULL;
	if ((v = dep_strndup_trim(line + k + 1, n - k - 1)) == NULL)
		p->nomem = 1;
	return v;
}

enum assay_err
python_metadata_parse(const char *buf, size_t len, struct dep_parse *p)
{
	struct dep_lines it;
	const char *line;
	char *name = NULL, *version = NULL, *v;
	unsigned long name_line = 0;
	size_t n;

	dep_lines_init(&it, buf, len);
	while (dep_lines_next(&it, &line, &n) && n > 0 && !p->nomem) {
		if (dep_line_too_long(p, &it, n))
			goto out;
		if (name == NULL && (v = header_value(line, n, "Name", p)) !=
		    NULL) {
			name = v;
			name_line = it.no;
		} else if (version == NULL &&
		    (v = header_value(line, n, "Version", p)) != NULL)
			version = v;
	}
	if (p->nomem)
		goto out;
	if (name == NULL || version == NULL)
		dep_parse_fail(p, 0, "no Name and Version headers");
	else
		(void)dep_parse_add(p, "pypi", NULL, name, version, name_line);
 out:
	free(name);
	free(version);
	return dep_parse_status(p);
}

static int
name_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.';
}

/* One requirement line: "name[extras] == version ; marker  # comment". */
static void
requirement(struct dep_parse *p, const char *line, size_t n,
    unsigned long no)
{
	const char *s = line, *end, *eq, *q, *r, *close, *vstart;
	char *name = NULL, *version = NULL;
	size_t i;

	/* Comments and hashes do not change what is pinned. */
	for (i = 0; i < n; i++)
		if (line[i] == '#' && (i == 0 || line[i - 1] == ' ' ||
		    line[i - 1] == '\t'))
			break;
	n = i;
	for (i = 0; i < n; i++)
		if (line[i] == ';' || (line[i] == '-' && i + 1 < n &&
		    line[i + 1] == '-' && i > 0 && line[i - 1] == ' '))
			break;
	end = line + i;
	while (s < end && (*s == ' ' || *s == '\t'))
		s++;
	if (s == end || *s == '-')
		return;		/* blank, or an option such as -r or -e */
	if ((eq = memmem(s, (size_t)(end - s), "==", 2)) == NULL)
		return;		/* not pinned */
	vstart = eq + 2;
	if (vstart < end && *vstart == '=')
		vstart++;	/* "===" arbitrary equality pins too */
	for (q = s; q < eq && name_char(*q); q++)
		;
	if (q == s) {
		dep_parse_fail(p, no, "requirement without a name");
		return;
	}
	/* Past the name: extras in brackets, blanks, then "==". */
	r = q;
	if (r < eq && *r == '[') {
		if ((close = memchr(r, ']', (size_t)(eq - r))) == NULL) {
			dep_parse_fail(p, no, "unclosed extras");
			return;
		}
		r = close + 1;
	}
	while (r < eq && (*r == ' ' || *r == '\t'))
		r++;
	if (r != eq)
		return;		/* "==" belongs to a compound specifier */
	name = dep_strndup_trim(s, (size_t)(q - s));
	version = dep_strndup_trim(vstart, (size_t)(end - vstart));
	if (name == NULL || version == NULL) {
		p->nomem = 1;
		goto out;
	}
	if (strchr(version, ',') != NULL || strchr(version, '*') != NULL ||
	    strchr(version, ' ') != NULL)
		goto out;	/* "==1.*" or a compound range: not pinned */
	(void)dep_parse_add(p, "pypi", NULL, name, version, no);
 out:
	free(name);
	free(version);
}

enum assay_err
python_requirements_parse(const char *buf, size_t len, struct dep_parse *p)
{
	struct dep_lines it;
	const char *line;
	size_t n;

	dep_lines_init(&it, buf, len);
	while (dep_lines_next(&it, &line, &n) && !p->nomem) {
		if (dep_line_too_long(p, &it, n))
			break;
		if (memchr(line, '\0', n) != NULL) {
			dep_parse_fail(p, it.no, "NUL byte in a text file");
			break;
		}
		requirement(p, line, n, it.no);
	}
	return dep_parse_status(p);
}

/* key = "value" on one line; the value without quotes, or NULL. */
static char *
toml_string(const char *line, size_t n, const char *key, struct dep_parse *p,
    unsigned long no)
{
	size_t k = strlen(key), i;
	const char *v, *close;
	char *o;

	if (n <= k || strncmp(line, key, k) != 0)
		return NULL;
	for (i = k; i < n && (line[i] == ' ' || line[i] == '\t'); i++)
		;
	if (i == n || line[i] != '=')
		return NULL;
	for (i++; i < n && (line[i] == ' ' || line[i] == '\t'); i++)
		;
	if (i == n || line[i] != '"') {
		dep_parse_fail(p, no, "%s is not a basic string", key);
		return NULL;
	}
	v = line + i + 1;
	if ((close = memchr(v, '"', n - i - 1)) == NULL) {
		dep_parse_fail(p, no, "unterminated string");
		return NULL;
	}
	if (memchr(v, '\\', (size_t)(close - v)) != NULL) {
		dep_parse_fail(p, no, "escapes in %s are not supported", key);
		return NULL;
	}
	if ((o = strndup(v, (size_t)(close - v))) == NULL)
		p->nomem = 1;
	return o;
}

/*
 * The [[package]] tables of a TOML lock file (poetry.lock, Cargo.lock):
 * name and version; with want_source only tables with a source line.
 */
enum assay_err
dep_toml_packages(const char *buf, size_t len, struct dep_parse *p,
    const char *eco, int want_source)
{
	struct dep_lines it;
	const char *line;
	char *name = NULL, *version = NULL, *v;
	unsigned long at = 0;
	int in_pkg = 0, has_source = 0;
	size_t n;

	dep_lines_init(&it, buf, len);
	for (;;) {
		int more = dep_lines_next(&it, &line, &n);

		if (more && dep_line_too_long(p, &it, n))
			break;
		if (more && n > 0 && memchr(line, '\0', n) != NULL) {
			dep_parse_fail(p, it.no, "NUL byte in a text file");
			break;
		}
		if (!more || (n > 0 && line[0] == '[')) {
			if (in_pkg) {
				if (name == NULL || version == NULL)
					dep_parse_fail(p, at, "[[package]] "
					    "without name and version");
				else if (!want_source || has_source)
					(void)dep_parse_add(p, eco, NULL, name,
					    version, at);
			}
			free(name);
			free(version);
			name = version = NULL;
			has_source = 0;
			if (!more || p->nomem)
				break;
			in_pkg = n >= 11 && strncmp(line, "[[package]]", 11)
			    == 0;
			at = it.no;
			continue;
		}
		if (!in_pkg)
			continue;
		if ((v = toml_string(line, n, "name", p, it.no)) != NULL) {
			free(name);
			name = v;
		} else if ((v = toml_string(line, n, "version", p, it.no)) !=
		    NULL) {
			free(version);
			version = v;
		} else if (n > 6 && strncmp(line, "source", 6) == 0 &&
		    (line[6] == ' ' || line[6] == '='))
			has_source = 1;
		if (p->nomem)
			break;
	}
	free(name);
	free(version);
	return dep_parse_status(p);
}

enum assay_err
poetry_lock_parse(const char *buf, size_t len, struct dep_parse *p)
{
	return dep_toml_packages(buf, len, p, "pypi", 0);
}

static int
requirements_name(const struct assay_entry *e, void *arg)
{
	const char *name = assay_entry_name(e), *base = strrchr(name, '/');

	(void)arg;
	base = base == NULL ? name : base + 1;
	return strncmp(base, "requirements", 12) == 0;
}

enum assay_err
discover_python(struct assay_scan *scan, struct dep_list *l)
{
	enum assay_err r;

	r = dep_each_file(scan, l, "**/*.dist-info/METADATA", 4u << 20, NULL, NULL,
	    python_metadata_parse, DEP_MANIFEST, "dist-info METADATA");
	if (r == ASSAY_OK)
		r = dep_each_file(scan, l, "**/*.egg-info/PKG-INFO", 4u << 20,
		    NULL, NULL, python_metadata_parse, DEP_MANIFEST,
		    "egg-info PKG-INFO");
	/* distutils writes the egg-info as one file, not a folder. */
	if (r == ASSAY_OK)
		r = dep_each_file(scan, l, "**/*.egg-info", 4u << 20, NULL,
		    NULL, python_metadata_parse, DEP_MANIFEST, "egg-info");
	if (r == ASSAY_OK)
		r = dep_each_file(scan, l, "**/requirements*.txt",
		    DEP_TEXT_MAX, requirements_name, NULL,
		    python_requirements_parse,
		    DEP_MANIFEST, "requirements.txt");
	if (r == ASSAY_OK)
		r = dep_each_file(scan, l, "**/poetry.lock", DEP_TEXT_MAX,
		    NULL, NULL, poetry_lock_parse, DEP_LOCKFILE, "poetry.lock");
	return r;
}
