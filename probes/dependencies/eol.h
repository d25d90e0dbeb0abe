/*
 * End of life from the shipped table of product release cycles,
 * data/eol.json:
 *
 *   {"schema": "assay/eol/v1", "generated": "2026-11-01",
 *    "products": {"openssl": {"title": "OpenSSL",
 *       "match": [{"ecosystem": "generic", "name": "openssl"},
 *                 {"ecosystem": "deb", "name": "libssl3"}, ...],
 *       "cycles": [{"cycle": "3.0", "eol": "2026-09-07"},
 *                  {"cycle": "3.5", "eol": false}, ...]}}}
 *
 * A version belongs to the longest cycle it starts with, followed by a
 * non-digit or its end ("1.1.1w" is in "1.1.1", "3.01" is not in "3.0").
 * "eol": false means no end date has been announced.  A match may name a
 * package by "name_prefix" ("linux-image-") and a "namespace" (Maven's
 * group).  "unlisted_before": a version in no listed cycle but older than
 * this is in a branch that has ended (date unknown).
 */
#ifndef ASSAY_DEPS_EOL_H
#define ASSAY_DEPS_EOL_H

#include <stddef.h>
#include <stdint.h>

#include "deps.h"

struct dep_eol;

/* The table, or NULL when none is shipped or it does not parse. */
struct dep_eol *dep_eol_load(struct assay_scan *scan);
/* The same from the table's text. */
struct dep_eol *dep_eol_parse(const char *text, size_t len);
void dep_eol_free(struct dep_eol *t);

/*
 * Sets c->eol (1 ended by now, 0 supported, -1 unknown), eol_cycle,
 * eol_date and, when the table names the product, c->product.  0 or -1
 * (memory).
 */
int dep_eol_judge(const struct dep_eol *t, struct dep_component *c,
    int64_t now);

#endif
