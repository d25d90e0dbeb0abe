/*
 * Ruby: Gemfile.lock.  In each GEM section, the specs are the lines
 * indented by exactly four spaces, "name (version)" with an optional
 * platform after the version; six spaces are their own dependencies.
 * GIT and PATH sections are sources outside the registry and are left out.
 */
#include <stdlib.h>
#include <string.h>

#include "discover.h"

static void
spec_line(struct dep_parse *p, const char *line, size_t n, unsigned long no)
{
	const char *open, *close;
	char *name = NULL, *version = NULL;

	open = memchr(line, '(', n);
	close = open == NULL ? NULL : memchr(open, ')', n -
	    (size_t)(open - line));
	if (open == NULL || close == NULL || open == line) {
		dep_parse_fail(p, no, "spec is not \"name (version)\"");
		return;
	}
	name = dep_strndup_trim(line, (size_t)(open - line));
	version = dep_strndup_trim(open + 1, (size_t)(close - open - 1));
	if (name == NULL || version == NULL)
		p->nomem = 1;
	else
		(void)dep_parse_add(p, "gem", NULL, name, version, no);
	free(name);
	free(version);
}

enum assay_err
gemfile_lock_parse(const char *buf, size_t len, struct dep_parse *p)
{
	struct dep_lines it;
	const char *line;
	int in_gem = 0, in_specs = 0;
	size_t n;

	dep_lines_init(&it, buf, len);
	while (dep_lines_next(&it, &line, &n) && !p->nomem) {
		if (dep_line_too_long(p, &it, n))
			break;
		if (n == 0)
			continue;
		if (line[0] != ' ') {
			in_gem = n == 3 && memcmp(line, "GEM", 3) == 0;
			in_specs = 0;
			continue;
		}
		if (!in_gem)
			continue;
		if (n >= 8 && memcmp(line, "  specs:", 8) == 0) {
			in_specs = 1;
			continue;
		}
		if (n > 2 && line[2] != ' ') {
			in_specs = 0;	/* "  remote:" and the like */
			continue;
		}
		if (in_specs && n > 4 && memcmp(line, "    ", 4) == 0 &&
		    line[4] != ' ')
			spec_line(p, line + 4, n - 4, it.no);
	}
	return dep_parse_status(p);
}

enum assay_err
discover_ruby(struct assay_scan *scan, struct dep_list *l)
{
	return dep_each_file(scan, l, "**/Gemfile.lock", DEP_TEXT_MAX, NULL,
	    NULL, gemfile_lock_parse, DEP_LOCKFILE, "Gemfile.lock");
}
