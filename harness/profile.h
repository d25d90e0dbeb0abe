/*
 * Certification profiles: JSON documents (profiles/<id>.json, schema in
 * profiles/schema/profile.schema.json) that select and parameterise probes,
 * change rule severities and map rule ids to the controls of a scheme.
 * Probes know nothing of schemes; profiles know nothing of file formats.
 *
 * A profile may extend another: settings merge (the child wins), controls
 * add or, with the same id, replace.  Loading is strict: an unknown key is
 * an error, so that a typo cannot switch a check off.
 */
#ifndef ASSAY_PROFILE_H
#define ASSAY_PROFILE_H

#include <stdbool.h>
#include <stddef.h>

#include "assay/probe.h"
#include "error.h"

enum assay_strength {
	ASSAY_STRENGTH_STRONG = 0,	/* machine-verifiable from the release */
	ASSAY_STRENGTH_PARTIAL,		/* a signal only */
	ASSAY_STRENGTH_DOCUMENTS	/* needs the vendor's documents */
};

struct assay_control {
	const char *id;		/* "cop:3.1" */
	const char *title;
	const char *statement;	/* one paragraph: what the control asks */
	const char *const *rules; /* rule ids, or "<probe>.*"; NULL-terminated */
	enum assay_severity fail_at; /* an unwaived finding at or above fails */
	enum assay_strength strength;
	bool manual;		/* an artefact cannot evidence it */
	const char *evidence;	/* manual: what the tester should attach */
	const char *fix;	/* how a vendor makes it pass; NULL */
};

struct assay_profile;

/*
 * Loads a profile by id (profiles/<id>.json under datadir) or by file path
 * (anything with a '/' or ending ".json"), resolving "extends".  Errors name
 * the file, the JSON path ("controls[3].fail_at") and what is wrong.
 */
enum assay_err assay_profile_load(const char *name, const char *datadir,
    struct assay_profile **pp, struct assay_error *err);

void assay_profile_free(struct assay_profile *p);

const char *assay_profile_id(const struct assay_profile *p);
const char *assay_profile_version(const struct assay_profile *p);
const char *assay_profile_title(const struct assay_profile *p);
const char *assay_profile_description(const struct assay_profile *p);
/* The file it was loaded from (the most derived one). */
const char *assay_profile_origin(const struct assay_profile *p);
/* Hex SHA-256 of the resolved profile's canonical JSON (sorted, compact). */
const char *assay_profile_sha256(const struct assay_profile *p);

size_t assay_profile_control_count(const struct assay_profile *p);
const struct assay_control *assay_profile_control(
    const struct assay_profile *p, size_t i);

/* True when the control lists rule (exactly or by "<probe>.*"). */
bool assay_control_covers(const struct assay_control *c, const char *rule);

/* False when the profile switches the probe off. */
bool assay_profile_probe_enabled(const struct assay_profile *p,
    const char *probe);

/* A json_t object mapping probe names to parameter objects (borrowed). */
const void *assay_profile_params(const struct assay_profile *p);

/* The severity the profile gives rule (dflt when it says nothing). */
enum assay_severity assay_profile_severity(const struct assay_profile *p,
    const char *rule, enum assay_severity dflt);

/* The resolved profile as indented JSON; the caller frees it. */
char *assay_profile_dump(const struct assay_profile *p);

/*
 * The ids of the profiles shipped under datadir, sorted; the caller frees
 * each and the array.
 */
enum assay_err assay_profile_list(const char *datadir, char ***idsp,
    size_t *np, struct assay_error *err);

const char *assay_strength_name(enum assay_strength s);

#endif
