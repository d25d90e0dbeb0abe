/*
 * The probe registry: every probe is checked here before it can run, so the
 * runner and the reports may rely on a valid name, rule ids that carry the
 * probe's name, and at most ASSAY_MAX_PROBES slots (one coverage bit each).
 * Slots never move once added, so a slot pointer stays valid until release.
 */
#include "registry.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* Longest probe name; it appears in paths and rule ids. */
#define NAME_MAX_LEN	64

/* Longest rule id, prefix included. */
#define RULE_MAX_LEN	128

static bool
name_ok(const char *name)
{
	size_t i;

	if (name == NULL || name[0] == '\0')
		return false;
	for (i = 0; name[i] != '\0'; i++) {
		if (i >= NAME_MAX_LEN)
			return false;
		if ((name[i] < 'a' || name[i] > 'z') &&
		    (name[i] < '0' || name[i] > '9') && name[i] != '-')
			return false;
	}
	return true;
}

/* "<name>.<what>" with <what> non-empty and of [a-z0-9.-]. */
static bool
rule_id_ok(const char *name, const char *id)
{
	size_t nl = strlen(name), i;

	if (id == NULL || strncmp(id, name, nl) != 0 || id[nl] != '.' ||
	    id[nl + 1] == '\0')
		return false;
	for (i = nl + 1; id[i] != '\0'; i++) {
		if (i >= RULE_MAX_LEN)
			return false;
		if ((id[i] < 'a' || id[i] > 'z') &&
		    (id[i] < '0' || id[i] > '9') && id[i] != '-' &&
		    id[i] != '.')
			return false;
	}
	return id[i - 1] != '.';
}

static enum assay_err
check_rules(const struct assay_probe *p, struct assay_error *err)
{
	const struct assay_rule *ru, *other;

	for (ru = p->rules; ru->id != NULL; ru++) {
		if (!rule_id_ok(p->name, ru->id))
			return assay_seterr(err, ASSAY_ERR_PLUGIN,
			    "probe %s: rule id \"%s\" is not of the form "
			    "\"%s.<what>\" with [a-z0-9.-]", p->name, ru->id,
			    p->name);
		if (ru->title == NULL)
			return assay_seterr(err, ASSAY_ERR_PLUGIN,
			    "probe %s: rule %s has no title", p->name, ru->id);
		if ((unsigned)ru->severity > (unsigned)ASSAY_SEV_CRITICAL)
			return assay_seterr(err, ASSAY_ERR_PLUGIN,
			    "probe %s: rule %s has an unknown severity %u",
			    p->name, ru->id, (unsigned)ru->severity);
		for (other = p->rules; other != ru; other++)
			if (strcmp(other->id, ru->id) == 0)
				return assay_seterr(err, ASSAY_ERR_PLUGIN,
				    "probe %s: rule %s is declared twice",
				    p->name, ru->id);
	}
	return ASSAY_OK;
}

static enum assay_err
check_probe(const struct assay_registry *reg, const struct assay_probe *p,
    const char *origin, struct assay_error *err)
{
	if (p == NULL)
		return assay_seterr(err, ASSAY_ERR_PLUGIN, "%s: no probe",
		    origin);
	if (p->abi >> 16 != ASSAY_PROBE_ABI_MAJOR)
		return assay_seterr(err, ASSAY_ERR_PLUGIN,
		    "%s: probe ABI %u.%u, this assay needs %u.x", origin,
		    (unsigned)(p->abi >> 16), (unsigned)(p->abi & 0xffff),
		    ASSAY_PROBE_ABI_MAJOR);
	if (!name_ok(p->name))
		return assay_seterr(err, ASSAY_ERR_PLUGIN,
		    "%s: probe name \"%s\" is not 1 to %d of [a-z0-9-]",
		    origin, p->name != NULL ? p->name : "", NAME_MAX_LEN);
	/* The harness's own findings carry this name. */
	if (strcmp(p->name, "harness") == 0)
		return assay_seterr(err, ASSAY_ERR_PLUGIN,
		    "%s: the probe name \"harness\" is reserved", origin);
	if (p->version == NULL || p->summary == NULL)
		return assay_seterr(err, ASSAY_ERR_PLUGIN,
		    "%s: probe %s has no version or summary", origin,
		    p->name);
	if (p->rules == NULL)
		return assay_seterr(err, ASSAY_ERR_PLUGIN,
		    "%s: probe %s has no rule table", origin, p->name);
	if (p->run == NULL)
		return assay_seterr(err, ASSAY_ERR_PLUGIN,
		    "%s: probe %s has no run function", origin, p->name);
	if (assay_registry_find(reg, p->name) != NULL)
		return assay_seterr(err, ASSAY_ERR_PLUGIN,
		    "%s: a probe named %s is already registered", origin,
		    p->name);
	if (reg->n >= ASSAY_MAX_PROBES)
		return assay_seterr(err, ASSAY_ERR_PLUGIN,
		    "%s: cannot add probe %s: at most %d probes", origin,
		    p->name, ASSAY_MAX_PROBES);
	return check_rules(p, err);
}

enum assay_err
assay_registry_add(struct assay_registry *reg, const struct assay_probe *p,
    const char *origin, const char *data_dir, struct assay_error *err)
{
	struct assay_probe_slot *s;
	char *o = NULL, *d = NULL;
	enum assay_err r;

	if (origin == NULL)
		origin = "built-in";
	if ((r = check_probe(reg, p, origin, err)) != ASSAY_OK)
		goto out;
	/* Room for every slot at once, so that slots never move. */
	if ((reg->v == NULL &&
	    (reg->v = calloc(ASSAY_MAX_PROBES, sizeof(*reg->v))) == NULL) ||
	    (o = strdup(origin)) == NULL ||
	    (data_dir != NULL && (d = strdup(data_dir)) == NULL)) {
		r = assay_seterr(err, ASSAY_ERR_NOMEM,
		    "cannot add probe %s: out of memory", p->name);
		goto out;
	}
	s = &reg->v[reg->n];
	memset(s, 0, sizeof(*s));
	s->ops = *p;
	s->origin = o;
	s->data_dir = d;
	s->dl = NULL;
	o = d = NULL;
	reg->n++;
	r = ASSAY_OK;
 out:
	free(o);
	free(d);
	return r;
}

static bool
is_dir(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

enum assay_err
assay_registry_add_table(struct assay_registry *reg,
    const struct assay_probe *const *table, const char *datadir,
    struct assay_error *err)
{
	const struct assay_probe *const *pp;
	const char *dd;
	char path[4096];
	enum assay_err r = ASSAY_OK;
	int n;

	for (pp = table; *pp != NULL; pp++) {
		dd = NULL;
		/* Only a checked name may become part of a path. */
		if (datadir != NULL && name_ok((*pp)->name)) {
			n = snprintf(path, sizeof(path), "%s/probes/%s/data",
			    datadir, (*pp)->name);
			if (n < 0 || (size_t)n >= sizeof(path))
				return assay_seterr(err, ASSAY_ERR_LIMIT,
				    "%s: data folder path too long", datadir);
			if (is_dir(path))
				dd = path;
		}
		r = assay_registry_add(reg, *pp, "built-in", dd, err);
		if (r != ASSAY_OK)
			break;
	}
	return r;
}

const struct assay_probe_slot *
assay_registry_find(const struct assay_registry *reg, const char *name)
{
	size_t i;

	if (name == NULL)
		return NULL;
	for (i = 0; i < reg->n; i++)
		if (strcmp(reg->v[i].ops.name, name) == 0)
			return &reg->v[i];
	return NULL;
}

const struct assay_rule *
assay_registry_rule(const struct assay_registry *reg, const char *id)
{
	const struct assay_rule *ru;
	size_t i;

	if (id == NULL)
		return NULL;
	for (i = 0; i < reg->n; i++)
		for (ru = reg->v[i].ops.rules; ru->id != NULL; ru++)
			if (strcmp(ru->id, id) == 0)
				return ru;
	return NULL;
}

static void
slot_release(struct assay_probe_slot *slot)
{
	free(slot->origin);
	free(slot->data_dir);
	/* Last: the slot's strings may point into the object. */
	if (slot->dl != NULL)
		assay_registry_unload(slot->dl);
}

bool
assay_registry_remove(struct assay_registry *reg, const char *name)
{
	size_t i;

	for (i = 0; i < reg->n; i++) {
		if (strcmp(reg->v[i].ops.name, name) != 0)
			continue;
		slot_release(&reg->v[i]);
		memmove(&reg->v[i], &reg->v[i + 1],
		    (reg->n - i - 1) * sizeof(reg->v[0]));
		reg->n--;
		return true;
	}
	return false;
}

void
assay_registry_release(struct assay_registry *reg)
{
	size_t i;

	if (reg == NULL)
		return;
	for (i = 0; i < reg->n; i++)
		slot_release(&reg->v[i]);
	free(reg->v);
	reg->v = NULL;
	reg->n = 0;
}
