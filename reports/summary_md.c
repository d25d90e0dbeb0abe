/*
 * summary.md: the verdict in a few lines for a terminal or a CI log, in
 * Markdown so that a CI job summary renders it too.  The result first, the
 * profile, the counts, then each failed control on one line with the fix
 * the profile gives, and the files of the bundle.
 *
 * Text from an artefact (paths, messages) can neither drive a terminal nor
 * turn into Markdown: control characters are replaced (xmlesc.h), ids and
 * paths sit in code spans fenced longer than any backtick run they hold,
 * and other text has Markdown's inline punctuation backslash-escaped.
 */
#include "reports.h"

#include <inttypes.h>
#include <string.h>

#include "xmlesc.h"

#define SUMMARY_FILE	"summary.md"

/*
 * Characters that start an inline Markdown construct (GFM included); "!"
 * makes an image only before "[", which is escaped.
 */
#define MD_SPECIAL	"\\`*_[]<>|~&"

/* The files of a bundle, in the order a reader wants them. */
static const char *const bundle_files[] = {
	"report.html", "verdict.json", "findings.json", "coverage.json",
	"inventory.json", "manifest.json", "results.sarif", "junit.xml",
	"sbom.cdx.json", "attestation.dsse.json", "SHA256SUMS",
};

/* Severities from the worst, as the findings line lists them. */
static const enum assay_severity severities[] = {
	ASSAY_SEV_CRITICAL, ASSAY_SEV_HIGH, ASSAY_SEV_MEDIUM, ASSAY_SEV_LOW,
	ASSAY_SEV_INFO,
};
#define NSEVERITIES (sizeof(severities) / sizeof(severities[0]))

/* Text with Markdown's inline punctuation escaped, on one line. */
static void
md_text(struct assay_textout *w, const char *s)
{
	size_t run;

	if (s == NULL)
		return;
	while (*s != '\0') {
		run = strcspn(s, MD_SPECIAL);
		assay_textout_escn(w, ASSAY_ESC_LINE, s, run);
		s += run;
		if (*s == '\0')
			break;
		assay_textout_putn(w, "\\", 1);
		assay_textout_putn(w, s, 1);
		s++;
	}
}

/*
 * A code span: its content is shown as it is, so only a fence longer than
 * the longest backtick run inside, and a space against a backtick or space
 * at either end (which CommonMark strips again), are needed.
 */
static void
md_code(struct assay_textout *w, const char *s)
{
	size_t i, len, run = 0, longest = 0;
	bool pad;

	if (s == NULL)
		s = "";
	len = strlen(s);
	for (i = 0; i < len; i++) {
		run = s[i] == '`' ? run + 1 : 0;
		if (run > longest)
			longest = run;
	}
	pad = len > 0 && (s[0] == '`' || s[0] == ' ' || s[len - 1] == '`' ||
	    s[len - 1] == ' ');
	for (i = 0; i <= longest; i++)
		assay_textout_putn(w, "`", 1);
	if (pad)
		assay_textout_putn(w, " ", 1);
	assay_textout_escn(w, ASSAY_ESC_LINE, s, len);
	if (pad)
		assay_textout_putn(w, " ", 1);
	for (i = 0; i <= longest; i++)
		assay_textout_putn(w, "`", 1);
}

static const char *
result_words(const struct assay_scan_summary *s)
{
	if (s->verdict == NULL)
		return "NO VERDICT (no profile was applied)";
	if (s->verdict->result == ASSAY_RESULT_FAILED)
		return "FAILED";
	return "PASSED";
}

static void
write_profile(struct assay_textout *w, const struct assay_scan_summary *s)
{
	assay_textout_puts(w, "- Profile: ");
	if (s->profile == NULL) {
		assay_textout_puts(w, "none, so no control was judged\n");
		return;
	}
	md_code(w, assay_profile_id(s->profile));
	assay_textout_puts(w, " version ");
	md_text(w, assay_profile_version(s->profile));
	if (assay_profile_title(s->profile) != NULL) {
		assay_textout_puts(w, " (");
		md_text(w, assay_profile_title(s->profile));
		assay_textout_puts(w, ")");
	}
	assay_textout_puts(w, ", sha256 ");
	md_text(w, assay_profile_sha256(s->profile));
	assay_textout_puts(w, "\n");
}

static void
write_artefacts(struct assay_textout *w, const struct assay_scan_summary *s)
{
	const struct assay_artefact *art;
	const struct assay_entry *e;
	size_t i, n;

	n = assay_inventory_artefact_count(s->inv);
	assay_textout_puts(w, n == 1 ? "- Artefact: " : "- Artefacts: ");
	if (n == 0)
		assay_textout_puts(w, "none");
	for (i = 0; i < n; i++) {
		art = assay_inventory_artefact(s->inv, i);
		e = assay_inventory_get(s->inv, art->entry);
		if (i > 0)
			assay_textout_puts(w, ", ");
		md_code(w, e != NULL ? e->name : "?");
		assay_textout_printf(w, " (%" PRIu64 " bytes)", art->size);
	}
	assay_textout_puts(w, "\n");
}

static void
write_counts(struct assay_textout *w, const struct assay_scan_summary *s)
{
	const struct assay_findings *fs = s->findings;
	size_t bysev[NSEVERITIES], waived = 0, i, k, total;
	bool first = true;

	if (s->verdict != NULL)
		assay_textout_printf(w, "- Controls: %zu passed, %zu failed, "
		    "%zu not assessed, %zu need documents (manual)\n",
		    s->verdict->passed, s->verdict->failed,
		    s->verdict->not_assessed, s->verdict->manual);
	memset(bysev, 0, sizeof(bysev));
	total = fs != NULL ? fs->n : 0;
	for (i = 0; i < total; i++) {
		if (fs->v[i].waiver >= 0)
			waived++;
		for (k = 0; k < NSEVERITIES; k++)
			if (fs->v[i].severity == severities[k])
				bysev[k]++;
	}
	assay_textout_printf(w, "- Findings: %zu", total);
	for (k = 0; k < NSEVERITIES; k++) {
		if (bysev[k] == 0)
			continue;
		assay_textout_printf(w, "%s%zu %s", first ? " (" : ", ",
		    bysev[k], assay_severity_name(severities[k]));
		first = false;
	}
	if (!first)
		assay_textout_puts(w, ")");
	if (waived > 0)
		assay_textout_printf(w, ", %zu waived", waived);
	assay_textout_puts(w, "\n");
	if (s->incomplete)
		assay_textout_puts(w, "- Coverage: INCOMPLETE, an input could "
		    "not be fully examined; coverage.json tells what was not\n");
	else
		assay_textout_puts(w, "- Coverage: every input was read to "
		    "the end\n");
}

static const struct assay_finding_rec *
first_failing(const struct assay_scan_summary *s,
    const struct assay_control_result *res)
{
	size_t i;

	for (i = 0; i < res->nfailing; i++)
		if (s->findings != NULL && res->failing[i] < s->findings->n)
			return &s->findings->v[res->failing[i]];
	return NULL;
}

static void
write_failed(struct assay_textout *w, const struct assay_scan_summary *s)
{
	const struct assay_control_result *res;
	const struct assay_finding_rec *f;
	const struct assay_entry *e;
	size_t i;

	if (s->verdict == NULL || s->verdict->failed == 0)
		return;
	assay_textout_puts(w, "\n## Failed controls\n\n");
	for (i = 0; i < s->verdict->n; i++) {
		res = &s->verdict->v[i];
		if (res->status != ASSAY_CONTROL_FAIL || res->control == NULL)
			continue;
		assay_textout_puts(w, "- ");
		md_code(w, res->control->id);
		assay_textout_puts(w, " ");
		md_text(w, res->control->title);
		assay_textout_printf(w, ": %zu failing finding%s", res->nfailing,
		    res->nfailing == 1 ? "" : "s");
		if ((f = first_failing(s, res)) != NULL) {
			assay_textout_puts(w, ", first ");
			md_code(w, f->rule);
			e = f->entry != ASSAY_NO_ENTRY ?
			    assay_inventory_get(s->inv, f->entry) : NULL;
			if (e != NULL) {
				assay_textout_puts(w, " in ");
				md_code(w, e->path);
			}
		}
		assay_textout_puts(w, "\n");
		if (res->control->fix != NULL) {
			assay_textout_puts(w, "  Fix: ");
			md_text(w, res->control->fix);
			assay_textout_puts(w, "\n");
		}
	}
}

static void
write_files(struct assay_textout *w, const struct assay_scan_summary *s)
{
	size_t i;

	assay_textout_puts(w, "\n## Bundle\n\n");
	for (i = 0; i < sizeof(bundle_files) / sizeof(bundle_files[0]); i++)
		assay_textout_printf(w, "%s%s", i > 0 ? ", " : "",
		    bundle_files[i]);
	if (s->tsa_url != NULL)
		assay_textout_puts(w, ", attestation.tsr");
	assay_textout_puts(w, "\n");
}

enum assay_err
assay_write_summary_md(int dirfd, const struct assay_scan_summary *s,
    struct assay_error *err)
{
	struct assay_textout *w = NULL;
	enum assay_err r;

	if ((r = assay_textout_create(dirfd, SUMMARY_FILE, &w, err)) !=
	    ASSAY_OK)
		return r;
	assay_textout_printf(w, "# assay %s: %s\n\n", ASSAY_VERSION,
	    result_words(s));
	write_profile(w, s);
	write_artefacts(w, s);
	write_counts(w, s);
	write_failed(w, s);
	write_files(w, s);
	return assay_textout_finish(w, err);
}
