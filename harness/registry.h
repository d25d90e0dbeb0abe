/*
 * The probes a scan can run: the built-in table handed over by main.c and
 * plug-ins loaded from shared objects (plugin.c).  Probe i of the registry
 * is bit i of every entry's coverage mask, so there are at most
 * ASSAY_MAX_PROBES.
 */
#ifndef ASSAY_REGISTRY_H
#define ASSAY_REGISTRY_H

#include <stdbool.h>
#include <stddef.h>

#include "assay/probe.h"
#include "error.h"

#define ASSAY_MAX_PROBES 64

struct assay_probe_slot {
	struct assay_probe ops;	/* copied; members newer than a plug-in NULL */
	char *origin;		/* "built-in" or the shared object's path */
	char *data_dir;		/* the probe's data folder; NULL when none */
	void *dl;		/* dlopen handle; NULL for built-ins */
};

struct assay_registry {
	struct assay_probe_slot *v;
	size_t n;
};

#define ASSAY_REGISTRY_INIT { NULL, 0 }

/*
 * Adds a probe after checking it: ABI major, a name of [a-z0-9-], every rule
 * id of the form "<name>.<what>", no name already registered, room left.
 * origin and data_dir are copied (data_dir may be NULL).
 */
enum assay_err assay_registry_add(struct assay_registry *reg,
    const struct assay_probe *p, const char *origin, const char *data_dir,
    struct assay_error *err);

/* Adds each probe of a NULL-terminated table, with data under datadir. */
enum assay_err assay_registry_add_table(struct assay_registry *reg,
    const struct assay_probe *const *table, const char *datadir,
    struct assay_error *err);

/*
 * Loads every "*.so" in each directory of a colon-separated list, in name
 * order.  A plug-in of another ABI major is refused with a message naming
 * both versions.
 */
enum assay_err assay_registry_load_path(struct assay_registry *reg,
    const char *pathlist, struct assay_error *err);

/* Loads one shared object. */
enum assay_err assay_registry_load_plugin(struct assay_registry *reg,
    const char *sopath, struct assay_error *err);

/* The slot of the probe named name, or NULL. */
const struct assay_probe_slot *assay_registry_find(
    const struct assay_registry *reg, const char *name);

/* The rule with this id among the probes' (not the harness's), or NULL. */
const struct assay_rule *assay_registry_rule(const struct assay_registry *reg,
    const char *id);

/*
 * Removes the probe named name (a profile switched it off), unloading it;
 * later slots move down.  False when there is no such probe.
 */
bool assay_registry_remove(struct assay_registry *reg, const char *name);

/* Frees every slot, unloading plug-ins.  NULL-safe for an empty registry. */
void assay_registry_release(struct assay_registry *reg);

/* dlcloses a plug-in's handle (plugin.c holds the only dlfcn.h use). */
void assay_registry_unload(void *dl);

#endif
