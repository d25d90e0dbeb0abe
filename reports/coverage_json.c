/*
 * coverage.json (schema assay/coverage/v1): which probe examined which
 * entry, and for every entry no probe examined, why not.  A bundle says
 * what it did not look at as plainly as what it found.
 *
 * One pass over the inventory: the entries are streamed, and the per-probe
 * and per-reason counts they add up to are written after them (the sorted
 * keys put "probes" and "summary" last), so memory stays flat.
 *
 * A probe that failed made its work void, so its bit in an entry's examined
 * mask does not count when the same bit is set in the failed mask.
 */
#include "reports.h"

#include <stdlib.h>
#include <string.h>

#include "jsonout.h"

#define COVERAGE_SCHEMA	"assay/coverage/v1"

/* The reasons by_reason counts, every one listed even when zero. */
static const enum assay_gap gap_reasons[] = {
	ASSAY_GAP_REFUSED,
	ASSAY_GAP_LIMIT,
	ASSAY_GAP_ENCRYPTED,
	ASSAY_GAP_CORRUPT,
	ASSAY_GAP_UNSUPPORTED,
	ASSAY_GAP_PROBE_ERROR,
	ASSAY_GAP_NOT_OF_INTEREST,
};
#define NREASONS (sizeof(gap_reasons) / sizeof(gap_reasons[0]))

struct tally {
	uint64_t entries;
	uint64_t examined;
	uint64_t by_gap[NREASONS];
	uint64_t by_probe[ASSAY_MAX_PROBES];
};

struct reason_count {
	const char *name;
	uint64_t n;
};

static int
cmp_reason(const void *a, const void *b)
{
	const struct reason_count *ra = a, *rb = b;

	return strcmp(ra->name, rb->name);
}

/* The bits of the masks that stand for a registered probe. */
static uint64_t
probe_mask(const struct assay_registry *reg)
{
	size_t n = reg != NULL ? reg->n : 0;

	if (n >= 64)
		return UINT64_MAX;
	return (UINT64_C(1) << n) - 1;
}

/* Why nothing examined e: its own reason first, then the probes'. */
static enum assay_gap
entry_gap(const struct assay_entry *e, uint64_t mask)
{
	if (e->gap != ASSAY_GAP_NONE)
		return (enum assay_gap)e->gap;
	if ((e->failed & mask) != 0)
		return ASSAY_GAP_PROBE_ERROR;
	return ASSAY_GAP_NOT_OF_INTEREST;
}

static void
write_containers(struct assay_jsonout *w, const struct assay_inventory *inv)
{
	const struct assay_container *c;
	const struct assay_entry *e;
	size_t i, n;

	assay_jsonout_key(w, "containers");
	assay_jsonout_begin_array(w);
	n = assay_inventory_container_count(inv);
	for (i = 0; i < n && assay_jsonout_status(w) == ASSAY_OK; i++) {
		if ((c = assay_inventory_container(inv, i)) == NULL)
			continue;
		e = assay_inventory_get(inv, c->entry);
		assay_jsonout_begin_object(w);
		assay_jsonout_kuint(w, "bytes", c->bytes);
		assay_jsonout_kuint(w, "entries", c->entries);
		assay_jsonout_kstring(w, "filters", c->filters != NULL ?
		    c->filters : "");
		assay_jsonout_kstring(w, "format", c->format);
		assay_jsonout_kstring(w, "path", e != NULL ? e->path : NULL);
		assay_jsonout_kstring(w, "reason", c->reason);
		assay_jsonout_kstring(w, "status",
		    assay_container_status_name(c->status));
		assay_jsonout_end_object(w);
	}
	assay_jsonout_end_array(w);
}

static void
write_entry(struct assay_jsonout *w, const struct assay_registry *reg,
    const struct assay_entry *e, struct tally *t)
{
	uint64_t mask = probe_mask(reg), examined;
	enum assay_gap gap;
	size_t i;

	examined = e->examined & ~e->failed & mask;
	t->entries++;
	assay_jsonout_begin_object(w);
	assay_jsonout_key(w, "examined_by");
	assay_jsonout_begin_array(w);
	for (i = 0; examined != 0 && i < reg->n && i < ASSAY_MAX_PROBES; i++) {
		if ((examined & (UINT64_C(1) << i)) == 0)
			continue;
		t->by_probe[i]++;
		assay_jsonout_string(w, reg->v[i].ops.name);
	}
	assay_jsonout_end_array(w);
	if (examined != 0)
		t->examined++;
	else {
		gap = entry_gap(e, mask);
		for (i = 0; i < NREASONS; i++)
			if (gap_reasons[i] == gap)
				t->by_gap[i]++;
		assay_jsonout_kstring(w, "gap", assay_gap_name(gap));
	}
	assay_jsonout_kuint(w, "index", e->index);
	assay_jsonout_kstring(w, "path", e->path);
	assay_jsonout_end_object(w);
}

static void
write_probes(struct assay_jsonout *w, const struct assay_scan_summary *s,
    const struct tally *t)
{
	const struct assay_probe_outcome *out;
	size_t i;

	assay_jsonout_key(w, "probes");
	assay_jsonout_begin_array(w);
	for (i = 0; s->reg != NULL && i < s->reg->n &&
	    i < ASSAY_MAX_PROBES; i++) {
		out = s->run != NULL && i < s->run->n ?
		    &s->run->outcomes[i] : NULL;
		assay_jsonout_begin_object(w);
		assay_jsonout_kuint(w, "entries_examined", t->by_probe[i]);
		assay_jsonout_kstring(w, "name", s->reg->v[i].ops.name);
		assay_jsonout_kstring(w, "status", out == NULL ? "not-run" :
		    out->ok ? "ok" : "error");
		assay_jsonout_end_object(w);
	}
	assay_jsonout_end_array(w);
}

static void
write_summary(struct assay_jsonout *w, const struct tally *t)
{
	struct reason_count reasons[NREASONS];
	size_t i;

	for (i = 0; i < NREASONS; i++) {
		reasons[i].name = assay_gap_name(gap_reasons[i]);
		reasons[i].n = t->by_gap[i];
	}
	qsort(reasons, NREASONS, sizeof(reasons[0]), cmp_reason);
	assay_jsonout_key(w, "summary");
	assay_jsonout_begin_object(w);
	assay_jsonout_key(w, "by_reason");
	assay_jsonout_begin_object(w);
	for (i = 0; i < NREASONS; i++)
		assay_jsonout_kuint(w, reasons[i].name, reasons[i].n);
	assay_jsonout_end_object(w);
	assay_jsonout_kuint(w, "entries", t->entries);
	assay_jsonout_kuint(w, "examined", t->examined);
	assay_jsonout_kuint(w, "not_examined", t->entries - t->examined);
	assay_jsonout_end_object(w);
}

enum assay_err
assay_write_coverage(int dirfd, const struct assay_scan_summary *s,
    struct assay_error *err)
{
	static const struct assay_registry none = ASSAY_REGISTRY_INIT;
	const struct assay_registry *reg = s->reg != NULL ? s->reg : &none;
	const struct assay_entry *e;
	struct assay_jsonout *w = NULL;
	struct tally t;
	enum assay_err r;
	size_t i, n;

	memset(&t, 0, sizeof(t));
	if ((r = assay_jsonout_create(dirfd, "coverage.json", &w, err)) !=
	    ASSAY_OK)
		return r;
	assay_jsonout_begin_object(w);
	write_containers(w, s->inv);
	assay_jsonout_key(w, "entries");
	assay_jsonout_begin_array(w);
	n = assay_inventory_count(s->inv);
	for (i = 0; i < n && assay_jsonout_status(w) == ASSAY_OK; i++)
		if ((e = assay_inventory_get(s->inv, i)) != NULL)
			write_entry(w, reg, e, &t);
	assay_jsonout_end_array(w);
	write_probes(w, s, &t);
	assay_jsonout_kstring(w, "schema", COVERAGE_SCHEMA);
	write_summary(w, &t);
	assay_jsonout_end_object(w);
	return assay_jsonout_finish(w, err);
}
