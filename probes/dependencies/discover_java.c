/*
 * Java: the pom.properties Maven writes into every jar it builds
 * (META-INF/maven/GROUP/ARTIFACT/pom.properties) and, for jars without
 * one, the manifest's Bundle-SymbolicName/Bundle-Version or
 * Implementation-Title/Implementation-Version.  The harness has unpacked
 * jars nested in wars and ears already, so these are ordinary entries.
 */
#include <stdlib.h>
#include <string.h>

#include "discover.h"

/* key=value of a properties line; the value trimmed, or NULL. */
static char *
property(const char *line, size_t n, const char *key, struct dep_parse *p)
{
	size_t k = strlen(key), i;
	char *v;

	if (n <= k || strncmp(line, key, k) != 0)
		return NULL;
	for (i = k; i < n && (line[i] == ' ' || line[i] == '\t'); i++)
		;
	if (i == n || (line[i] != '=' && line[i] != ':'))
		return NULL;
	if ((v = dep_strndup_trim(line + i + 1, n - i - 1)) == NULL)
		p->nomem = 1;
	return v;
}

enum assay_err
maven_pom_properties_parse(const char *buf, size_t len, struct dep_parse *p)
{
	struct dep_lines it;
	const char *line;
	char *group = NULL, *artifact = NULL, *version = NULL, *v;
	size_t n;

	dep_lines_init(&it, buf, len);
	while (dep_lines_next(&it, &line, &n) && !p->nomem) {
		if (dep_line_too_long(p, &it, n))
			goto out;
		if ((v = property(line, n, "groupId", p)) != NULL) {
			free(group);
			group = v;
		} else if ((v = property(line, n, "artifactId", p)) != NULL) {
			free(artifact);
			artifact = v;
		} else if ((v = property(line, n, "version", p)) != NULL) {
			free(version);
			version = v;
		}
	}
	if (p->nomem)
		goto out;
	if (artifact == NULL || version == NULL)
		dep_parse_fail(p, 0, "no artifactId and version");
	else
		(void)dep_parse_add(p, "maven", group, artifact, version, 0);
 out:
	free(group);
	free(artifact);
	free(version);
	return dep_parse_status(p);
}

/*
 * The manifest's main section: "Name: value" headers, continuation lines
 * starting with one space, ending at the first blank line.
 */
enum assay_err
java_manifest_parse(const char *buf, size_t len, struct dep_parse *p)
{
	static const char *const keys[] = { "Bundle-SymbolicName",
	    "Bundle-Version", "Implementation-Title", "Implementation-Version",
	    "Implementation-Vendor-Id" };
	char *val[5] = { NULL, NULL, NULL, NULL, NULL };
	struct dep_lines it;
	const char *line, *name, *version, *group;
	size_t n, k, last = 5, grown;
	char *v;

	dep_lines_init(&it, buf, len);
	while (dep_lines_next(&it, &line, &n) && n > 0 && !p->nomem) {
		if (dep_line_too_long(p, &it, n))
			goto out;
		if (line[0] == ' ') {
			if (last == 5 || strlen(val[last]) + n > DEP_LINE_MAX)
				continue;
			grown = strlen(val[last]) + n;
			if ((v = realloc(val[last], grown)) == NULL) {
				p->nomem = 1;
				break;
			}
			memcpy(v + strlen(v), line + 1, n - 1);
			v[grown - 1] = '\0';
			val[last] = v;
			continue;
		}
		last = 5;
		for (k = 0; k < 5; k++) {
			size_t kl = strlen(keys[k]);

			if (n > kl && strncmp(line, keys[k], kl) == 0 &&
			    line[kl] == ':' && val[k] == NULL) {
				if ((val[k] = dep_strndup_trim(line + kl + 1,
				    n - kl - 1)) == NULL)
					p->nomem = 1;
				last = k;
				break;
			}
		}
	}
	if (p->nomem)
		goto out;
	/* "org.example.lib;singleton:=true": the name before directives. */
	if (val[0] != NULL)
		val[0][strcspn(val[0], ";")] = '\0';
	if (val[0] != NULL && *val[0] != '\0' && val[1] != NULL) {
		name = val[0];
		version = val[1];
	} else {
		name = val[2];
		version = val[3];
	}
	group = val[4];
	if (name != NULL && version != NULL)
		(void)dep_parse_add(p, "maven", group, name, version, 0);
 out:
	for (k = 0; k < 5; k++)
		free(val[k]);
	return dep_parse_status(p);
}

/* The jars (parent entries) that carry a pom.properties. */
struct jar_set {
	const struct assay_entry **v;
	size_t n;
};

/* A jar's own manifest, when the jar has no pom.properties. */
static int
manifest_without_pom(const struct assay_entry *e, void *arg)
{
	const struct jar_set *jars = arg;
	const struct assay_entry *jar = assay_entry_parent(e);
	size_t i;

	if (strcmp(assay_entry_name(e), "META-INF/MANIFEST.MF") != 0)
		return 0;
	for (i = 0; i < jars->n; i++)
		if (jars->v[i] == jar)
			return 0;
	return 1;
}

enum assay_err
discover_java(struct assay_scan *scan, struct dep_list *l)
{
	struct jar_set jars = { NULL, 0 };
	const struct assay_entry *e, **v;
	enum assay_err r;
	size_t cur = 0;

	r = dep_each_file(scan, l, "**/META-INF/maven/**/pom.properties",
	    1u << 20, NULL, NULL, maven_pom_properties_parse, DEP_MANIFEST,
	    "pom.properties");
	while (r == ASSAY_OK && (e = assay_scan_next(scan, &cur,
	    "**/META-INF/maven/**/pom.properties", ASSAY_ENTRY_FILE)) !=
	    NULL) {
		if ((v = reallocarray(jars.v, jars.n + 1, sizeof(*v))) ==
		    NULL) {
			r = ASSAY_ERR_NOMEM;
			break;
		}
		jars.v = v;
		jars.v[jars.n++] = assay_entry_parent(e);
	}
	if (r == ASSAY_OK) {
		r = dep_each_file(scan, l, "**/META-INF/MANIFEST.MF", 1u << 20,
		    manifest_without_pom, &jars, java_manifest_parse,
		    DEP_MANIFEST, "MANIFEST.MF");
	}
	free(jars.v);
	return r;
}
