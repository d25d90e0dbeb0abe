/*
 * The scan's findings, from the harness itself and from every probe, kept
 * until the bundle is written and then sorted by path, rule, line and
 * message so that identical inputs give identical files.
 */
#ifndef ASSAY_FINDINGS_H
#define ASSAY_FINDINGS_H

#include <stddef.h>
#include <stdint.h>

#include "assay/probe.h"
#include "inventory.h"

struct assay_finding_rec {
	char *probe;
	char *rule;
	enum assay_severity severity;
	uint32_t entry;		/* ASSAY_NO_ENTRY: about the scan */
	unsigned long line;
	char *message;
	char *evidence;		/* compact JSON object text, or NULL */
	long waiver;		/* index into the scan's waivers; -1: none */
};

struct assay_findings {
	struct assay_finding_rec *v;
	size_t n, cap;
};

#define ASSAY_FINDINGS_INIT { NULL, 0, 0 }

/*
 * Appends a finding; every string is copied.  evidence must be NULL or a
 * JSON object's text (it is re-serialised compactly with sorted keys).
 * ASSAY_ERR_USAGE for evidence that is not a JSON object.
 */
enum assay_err assay_findings_add(struct assay_findings *fs,
    const char *probe, const char *rule, enum assay_severity sev,
    uint32_t entry, unsigned long line, const char *evidence,
    const char *message);

/* The same with a formatted message. */
enum assay_err assay_findings_addf(struct assay_findings *fs,
    const char *probe, const char *rule, enum assay_severity sev,
    uint32_t entry, unsigned long line, const char *evidence,
    const char *fmt, ...) __attribute__((format(printf, 8, 9)));

/* Sorts by entry path, rule, line, message, evidence. */
void assay_findings_sort(struct assay_findings *fs,
    const struct assay_inventory *inv);

void assay_findings_release(struct assay_findings *fs);

/* Parses "critical" ... "info"; -1 when unknown. */
int assay_severity_parse(const char *s);

#endif
