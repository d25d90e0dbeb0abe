/* End of life from the shipped table (eol.h). */
#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "eol.h"
#include "timeparse.h"
#include "versions.h"

#define EOL_TABLE_MAX	((size_t)4 << 20)

struct dep_eol {
	json_t *products;
	json_t *root;
};

struct dep_eol *
dep_eol_load(struct assay_scan *scan)
{
	struct dep_eol *t;
	unsigned char *data = NULL;
	size_t len;

	if (assay_scan_data_read(scan, "eol.json", EOL_TABLE_MAX, &data,
	    &len) != ASSAY_OK)
		return NULL;
	t = dep_eol_parse((const char *)data, len);
	free(data);
	return t;
}

struct dep_eol *
dep_eol_parse(const char *text, size_t len)
{
	struct dep_eol *t;
	json_t *root;

	root = json_loadb(text, len, JSON_REJECT_DUPLICATES, NULL);
	if (root == NULL || !json_is_object(json_object_get(root,
	    "products")) || (t = calloc(1, sizeof(*t))) == NULL) {
		json_decref(root);
		return NULL;
	}
	t->root = root;
	t->products = json_object_get(root, "products");
	return t;
}

void
dep_eol_free(struct dep_eol *t)
{
	if (t == NULL)
		return;
	json_decref(t->root);
	free(t);
}

/* Whether one "match" entry names c: ecosystem, name or prefix, scope. */
static bool
matches(const json_t *m, const struct dep_component *c)
{
	const char *eco = json_string_value(json_object_get(m, "ecosystem"));
	const char *name = json_string_value(json_object_get(m, "name"));
	const char *prefix = json_string_value(json_object_get(m,
	    "name_prefix"));
	const char *ns = json_string_value(json_object_get(m, "namespace"));

	if (eco == NULL || strcmp(eco, c->ecosystem) != 0)
		return false;
	if (ns != NULL && (c->namespace_ == NULL ||
	    strcmp(ns, c->namespace_) != 0))
		return false;
	if (name != NULL)
		return strcmp(name, c->name) == 0;
	return prefix != NULL && prefix[0] != '\0' &&
	    strncmp(prefix, c->name, strlen(prefix)) == 0;
}

/* The product whose match list names c, by id; NULL when none does. */
static const char *
product_of(const struct dep_eol *t, const struct dep_component *c,
    json_t **productp)
{
	const char *id;
	json_t *p, *m;
	size_t i;

	if (c->product != NULL &&
	    (*productp = json_object_get(t->products, c->product)) != NULL)
		return c->product;
	json_object_foreach(t->products, id, p) {
		json_array_foreach(json_object_get(p, "match"), i, m) {
			if (matches(m, c)) {
				*productp = p;
				return id;
			}
		}
	}
	return NULL;
}

/*
 * The upstream version: no epoch, and for distribution packages no
 * revision ("1:3.0.11-1~deb12u2" -> "3.0.11").
 */
static void
upstream_of(const struct dep_component *c, char *buf, size_t len)
{
	const char *v = c->version, *colon = strchr(v, ':');
	char *dash;

	if (colon != NULL)
		v = colon + 1;
	if (*v == 'v' || *v == 'V')
		v++;
	snprintf(buf, len, "%s", v);
	if ((strcmp(c->ecosystem, "deb") == 0 ||
	    strcmp(c->ecosystem, "rpm") == 0 ||
	    strcmp(c->ecosystem, "apk") == 0 ||
	    strcmp(c->ecosystem, "opkg") == 0) &&
	    (dash = strrchr(buf, '-')) != NULL)
		*dash = '\0';
	/* Debian's "+dfsg" and "~rc1" are packaging, not the cycle. */
	buf[strcspn(buf, "+~")] = '\0';
}

static bool
in_cycle(const char *version, const char *cycle)
{
	size_t n = strlen(cycle);

	return n > 0 && strncmp(version, cycle, n) == 0 &&
	    !isdigit((unsigned char)version[n]);
}

/*
 * A version in no listed cycle but older than "unlisted_before" belongs to
 * a branch that has ended (a kernel that was never longterm, an odd
 * Node.js); its cycle is its major.minor and its end date unknown.
 */
static int
unlisted(const json_t *product, struct dep_component *c, const char *version)
{
	const char *before = json_string_value(json_object_get(product,
	    "unlisted_before"));
	size_t n;

	if (before == NULL || !isdigit((unsigned char)version[0]) ||
	    dep_version_cmp("generic", version, before) >= 0)
		return 0;
	/* "5.16.3" -> "5.16": the branch it came from. */
	n = strspn(version, "0123456789");
	if (version[n] == '.')
		n += 1 + strspn(version + n + 1, "0123456789");
	free(c->eol_cycle);
	if ((c->eol_cycle = strndup(version, n)) == NULL)
		return -1;
	c->eol = 1;
	return 0;
}

int
dep_eol_judge(const struct dep_eol *t, struct dep_component *c, int64_t now)
{
	json_t *product = NULL, *cy, *best = NULL, *eol;
	const char *id, *cycle;
	char version[256];
	size_t i, best_len = 0;
	int64_t when;

	c->eol = -1;
	c->eol_date = 0;
	if (t == NULL || (id = product_of(t, c, &product)) == NULL)
		return 0;
	if (c->product == NULL && dep_set_product(c, id) == -1)
		return -1;
	upstream_of(c, version, sizeof(version));
	json_array_foreach(json_object_get(product, "cycles"), i, cy) {
		cycle = json_string_value(json_object_get(cy, "cycle"));
		if (cycle != NULL && in_cycle(version, cycle) &&
		    strlen(cycle) > best_len) {
			best = cy;
			best_len = strlen(cycle);
		}
	}
	if (best == NULL)
		return unlisted(product, c, version);
	free(c->eol_cycle);
	if ((c->eol_cycle = strdup(json_string_value(json_object_get(best,
	    "cycle")))) == NULL)
		return -1;
	eol = json_object_get(best, "eol");
	if (json_is_false(eol)) {
		c->eol = 0;
	} else if (dep_parse_time(json_string_value(eol), &when) == 0) {
		c->eol_date = when;
		c->eol = when <= now ? 1 : 0;
	}
	return 0;
}
