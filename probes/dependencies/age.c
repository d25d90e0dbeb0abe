/* Release age from the shipped snapshots (age.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "age.h"
#include "timeparse.h"
#include "versions.h"

/* A snapshot is data, but a big one: npm's may list many packages. */
#define SNAPSHOT_MAX	((size_t)256 << 20)
#define ECOSYSTEMS_MAX	32

struct snapshot {
	char ecosystem[32];
	json_t *root;		/* NULL: none shipped or unreadable */
	int64_t generated;
};

struct dep_snapshots {
	struct assay_scan *scan;
	struct snapshot v[ECOSYSTEMS_MAX];
	size_t n;
};

struct dep_snapshots *
dep_snapshots_new(struct assay_scan *scan)
{
	struct dep_snapshots *s = calloc(1, sizeof(*s));

	if (s != NULL)
		s->scan = scan;
	return s;
}

void
dep_snapshots_free(struct dep_snapshots *s)
{
	size_t i;

	if (s == NULL)
		return;
	for (i = 0; i < s->n; i++)
		json_decref(s->v[i].root);
	free(s);
}

static struct snapshot *
load(struct dep_snapshots *s, const char *eco)
{
	struct snapshot *sn;
	unsigned char *data = NULL;
	char name[64];
	size_t i, len;
	json_t *root;
	int n;

	for (i = 0; i < s->n; i++)
		if (strcmp(s->v[i].ecosystem, eco) == 0)
			return &s->v[i];
	if (s->n == ECOSYSTEMS_MAX || strlen(eco) >= sizeof(sn->ecosystem))
		return NULL;
	sn = &s->v[s->n++];
	snprintf(sn->ecosystem, sizeof(sn->ecosystem), "%s", eco);
	n = snprintf(name, sizeof(name), "releases/%s.json", eco);
	if (n < 0 || (size_t)n >= sizeof(name) ||
	    assay_scan_data_read(s->scan, name, SNAPSHOT_MAX, &data, &len) !=
	    ASSAY_OK)
		return sn;
	root = json_loadb((const char *)data, len, JSON_REJECT_DUPLICATES,
	    NULL);
	free(data);
	if (root == NULL || !json_is_object(json_object_get(root,
	    "packages"))) {
		json_decref(root);
		return sn;
	}
	sn->root = root;
	if (dep_parse_time(json_string_value(json_object_get(root,
	    "generated")), &sn->generated) == -1)
		sn->generated = 0;
	return sn;
}

int
dep_registry_key(const struct dep_component *c, char *buf, size_t len)
{
	const char *ns = c->namespace_;
	int n;

	if (ns == NULL || ns[0] == '\0' || strcmp(c->ecosystem, "deb") == 0 ||
	    strcmp(c->ecosystem, "apk") == 0 || strcmp(c->ecosystem, "rpm") == 0)
		n = snprintf(buf, len, "%s", c->name);
	else if (strcmp(c->ecosystem, "maven") == 0)
		n = snprintf(buf, len, "%s:%s", ns, c->name);
	else
		n = snprintf(buf, len, "%s/%s", ns, c->name);
	return n < 0 || (size_t)n >= len ? -1 : 0;
}

json_t *
dep_snapshot_package(struct dep_snapshots *s, const struct dep_component *c,
    int64_t *generatedp)
{
	struct snapshot *sn;
	char key[1024];

	*generatedp = 0;
	if ((sn = load(s, c->ecosystem)) == NULL || sn->root == NULL ||
	    dep_registry_key(c, key, sizeof(key)) == -1)
		return NULL;
	*generatedp = sn->generated;
	return json_object_get(json_object_get(sn->root, "packages"), key);
}

/* The date of version v in pkg, or -1. */
static int64_t
released_at(const json_t *versions, const char *v)
{
	int64_t t;

	if (dep_parse_time(json_string_value(json_object_get(versions, v)),
	    &t) == -1)
		return -1;
	return t;
}

int
dep_age_from_package(struct dep_component *c, json_t *pkg, int64_t now)
{
	json_t *versions = json_object_get(pkg, "versions"), *d;
	const char *v, *latest = NULL, *tagged;
	unsigned long cur[3], lat[3];
	int64_t t, when;
	unsigned since = 0;

	if (!json_is_object(versions) ||
	    (t = released_at(versions, c->version)) == -1 || t > now)
		return 0;
	/*
	 * The latest stable release at the judgement time: the registry's
	 * own "latest" when it was out by then, else the highest stable
	 * version that was.
	 */
	tagged = json_string_value(json_object_get(pkg, "latest"));
	if (tagged != NULL && (when = released_at(versions, tagged)) != -1 &&
	    when <= now)
		latest = tagged;
	else
		json_object_foreach(versions, v, d) {
			if (dep_parse_time(json_string_value(d), &when) == -1 ||
			    when > now ||
			    dep_version_prerelease(c->ecosystem, v))
				continue;
			if (latest == NULL ||
			    dep_version_cmp(c->ecosystem, v, latest) > 0)
				latest = v;
		}
	if (latest == NULL || dep_version_cmp(c->ecosystem, latest,
	    c->version) < 0)
		latest = c->version;
	json_object_foreach(versions, v, d) {
		if (dep_parse_time(json_string_value(d), &when) == -1 ||
		    when > now || dep_version_prerelease(c->ecosystem, v))
			continue;
		if (dep_version_cmp(c->ecosystem, v, c->version) > 0 &&
		    dep_version_cmp(c->ecosystem, v, latest) <= 0)
			since++;
	}
	free(c->latest);
	if ((c->latest = strdup(latest)) == NULL)
		return -1;
	c->released = t;
	c->latest_released = released_at(versions, latest);
	c->libyear = c->latest_released > t ?
	    (double)(c->latest_released - t) / DEP_YEAR_SECONDS : 0.0;
	c->releases_behind = since;
	dep_version_triple(c->ecosystem, c->version, cur);
	dep_version_triple(c->ecosystem, latest, lat);
	c->behind_major = c->behind_minor = c->behind_patch = 0;
	if (lat[0] > cur[0])
		c->behind_major = (unsigned)(lat[0] - cur[0]);
	else if (lat[0] == cur[0] && lat[1] > cur[1])
		c->behind_minor = (unsigned)(lat[1] - cur[1]);
	else if (lat[0] == cur[0] && lat[1] == cur[1] && lat[2] > cur[2])
		c->behind_patch = (unsigned)(lat[2] - cur[2]);
	c->age = DEP_AGE_KNOWN;
	return 0;
}
