/*
 * junit.xml: the verdict as test results for CI servers.  One <testsuite>
 * per profile (its id as the name), one <testcase> per control: a failed
 * control is a <failure> carrying the findings that failed it, a control
 * that could not be assessed or needs documents is <skipped> with why.
 * Without a profile nothing was judged, which is said by one skipped case.
 *
 * The file depends only on the scan: no host name, the timestamp is the
 * scan's start and every text from an artefact is escaped (xmlesc.h), so
 * the XML is well-formed whatever the names hold.
 */
#include "reports.h"

#include <inttypes.h>
#include <string.h>

#include "xmlesc.h"

#define JUNIT_FILE	"junit.xml"

/* Failing findings listed in one <failure>; findings.json has them all. */
#define JUNIT_MAX_LINES	1000

/* The flags for an attribute value kept on one line. */
#define ATTR_LINE	(ASSAY_ESC_ATTR | ASSAY_ESC_LINE)

struct counts {
	size_t tests, failures, skipped;
};

static void
count_controls(const struct assay_scan_summary *s, struct counts *c)
{
	size_t i, n;

	memset(c, 0, sizeof(*c));
	if (s->verdict != NULL) {
		for (i = 0; i < s->verdict->n; i++) {
			if (s->verdict->v[i].control == NULL)
				continue;
			c->tests++;
			if (s->verdict->v[i].status == ASSAY_CONTROL_FAIL)
				c->failures++;
			else if (s->verdict->v[i].status != ASSAY_CONTROL_PASS)
				c->skipped++;
		}
	} else if (s->profile != NULL) {
		n = assay_profile_control_count(s->profile);
		for (i = 0; i < n; i++)
			if (assay_profile_control(s->profile, i) != NULL)
				c->tests++;
		c->skipped = c->tests;
	} else
		c->tests = c->skipped = 1;
}

static const struct assay_finding_rec *
finding_at(const struct assay_scan_summary *s, size_t idx)
{
	if (s->findings == NULL || idx >= s->findings->n)
		return NULL;
	return &s->findings->v[idx];
}

static const char *
finding_path(const struct assay_scan_summary *s,
    const struct assay_finding_rec *f)
{
	const struct assay_entry *e = NULL;

	if (f->entry != ASSAY_NO_ENTRY)
		e = assay_inventory_get(s->inv, f->entry);
	return e != NULL ? e->path : NULL;
}

/* "cop" of "cop:3.1"; the whole id when it has no scheme prefix. */
static void
write_classname(struct assay_textout *w, const char *suite, const char *id)
{
	const char *colon = strchr(id, ':');

	if (colon != NULL && colon != id)
		assay_textout_escn(w, ATTR_LINE, id, (size_t)(colon - id));
	else
		assay_textout_esc(w, ATTR_LINE, suite);
}

static void
write_testcase_open(struct assay_textout *w, const char *suite,
    const struct assay_control *c)
{
	assay_textout_puts(w, "    <testcase classname=\"");
	write_classname(w, suite, c->id);
	assay_textout_puts(w, "\" name=\"");
	assay_textout_esc(w, ATTR_LINE, c->id);
	if (c->title != NULL) {
		assay_textout_puts(w, " ");
		assay_textout_esc(w, ATTR_LINE, c->title);
	}
	assay_textout_puts(w, "\" time=\"0\"");
}

static void
write_skipped(struct assay_textout *w, const char *prefix, const char *why)
{
	assay_textout_puts(w, ">\n      <skipped message=\"");
	assay_textout_esc(w, ATTR_LINE, prefix);
	assay_textout_esc(w, ATTR_LINE, why);
	assay_textout_puts(w, "\"/>\n    </testcase>\n");
}

static void
write_failure_line(struct assay_textout *w, const struct assay_scan_summary *s,
    const struct assay_finding_rec *f)
{
	const char *path = finding_path(s, f);

	assay_textout_esc(w, ASSAY_ESC_MARKUP | ASSAY_ESC_LINE,
	    assay_severity_name(f->severity));
	assay_textout_puts(w, " ");
	assay_textout_esc(w, ASSAY_ESC_MARKUP | ASSAY_ESC_LINE, f->rule);
	assay_textout_puts(w, " ");
	assay_textout_esc(w, ASSAY_ESC_MARKUP | ASSAY_ESC_LINE,
	    path != NULL ? path : "(the scan as a whole)");
	if (f->line > 0)
		assay_textout_printf(w, ":%lu", f->line);
	assay_textout_puts(w, ": ");
	assay_textout_esc(w, ASSAY_ESC_MARKUP | ASSAY_ESC_LINE, f->message);
	assay_textout_puts(w, "\n");
}

static void
write_failure(struct assay_textout *w, const struct assay_scan_summary *s,
    const struct assay_control_result *res)
{
	const struct assay_finding_rec *first = NULL, *f;
	size_t i, shown = 0;

	for (i = 0; i < res->nfailing && first == NULL; i++)
		first = finding_at(s, res->failing[i]);
	assay_textout_puts(w, ">\n      <failure message=\"");
	assay_textout_esc(w, ATTR_LINE, first != NULL ? first->message :
	    "the control failed");
	assay_textout_puts(w, "\" type=\"");
	assay_textout_esc(w, ATTR_LINE, first != NULL ? first->rule :
	    "assay");
	assay_textout_puts(w, "\">");
	for (i = 0; i < res->nfailing && assay_textout_status(w) == ASSAY_OK;
	    i++) {
		if ((f = finding_at(s, res->failing[i])) == NULL)
			continue;
		if (shown == JUNIT_MAX_LINES) {
			assay_textout_printf(w, "... and %zu more; findings.json "
			    "lists them all\n", res->nfailing - i);
			break;
		}
		write_failure_line(w, s, f);
		shown++;
	}
	assay_textout_puts(w, "</failure>\n    </testcase>\n");
}

static void
write_result(struct assay_textout *w, const struct assay_scan_summary *s,
    const char *suite, const struct assay_control_result *res)
{
	const struct assay_control *c = res->control;

	write_testcase_open(w, suite, c);
	switch (res->status) {
	case ASSAY_CONTROL_PASS:
		assay_textout_puts(w, "/>\n");
		break;
	case ASSAY_CONTROL_FAIL:
		write_failure(w, s, res);
		break;
	case ASSAY_CONTROL_NOT_ASSESSED:
		write_skipped(w, "", res->why != NULL ? res->why :
		    "not assessed");
		break;
	case ASSAY_CONTROL_MANUAL:
		write_skipped(w, "manual: ", c->evidence != NULL ?
		    c->evidence : res->why != NULL ? res->why :
		    "evidence from the vendor is needed");
		break;
	}
}

static void
write_properties(struct assay_textout *w, const struct assay_scan_summary *s)
{
	const struct assay_artefact *art;
	const struct assay_entry *e;
	size_t i, n;

	assay_textout_puts(w, "    <properties>\n");
	assay_textout_puts(w, "      <property name=\"assay.version\" "
	    "value=\"" ASSAY_VERSION "\"/>\n");
	if (s->profile != NULL) {
		assay_textout_puts(w, "      <property name=\"profile.version\" "
		    "value=\"");
		assay_textout_esc(w, ATTR_LINE,
		    assay_profile_version(s->profile));
		assay_textout_puts(w, "\"/>\n      <property "
		    "name=\"profile.sha256\" value=\"");
		assay_textout_esc(w, ATTR_LINE,
		    assay_profile_sha256(s->profile));
		assay_textout_puts(w, "\"/>\n");
	}
	n = assay_inventory_artefact_count(s->inv);
	for (i = 0; i < n; i++) {
		art = assay_inventory_artefact(s->inv, i);
		e = assay_inventory_get(s->inv, art->entry);
		assay_textout_puts(w, "      <property name=\"artefact\" "
		    "value=\"");
		assay_textout_esc(w, ATTR_LINE, e != NULL ? e->name : "");
		assay_textout_puts(w, " sha256:");
		assay_textout_hex(w, art->sha256, sizeof(art->sha256));
		assay_textout_puts(w, "\"/>\n");
	}
	assay_textout_puts(w, "    </properties>\n");
}

static void
write_suite(struct assay_textout *w, const struct assay_scan_summary *s,
    const struct counts *c, int64_t seconds)
{
	const char *suite = s->profile != NULL ?
	    assay_profile_id(s->profile) : "no-profile";
	const struct assay_control *ctl;
	char started[21];
	size_t i, n;

	/* JUnit's timestamp is a local date-time without a zone: UTC here. */
	assay_format_time(s->started, started);
	started[19] = '\0';
	assay_textout_puts(w, "  <testsuite name=\"");
	assay_textout_esc(w, ATTR_LINE, suite);
	assay_textout_printf(w, "\" tests=\"%zu\" failures=\"%zu\" "
	    "errors=\"0\" skipped=\"%zu\" time=\"%" PRId64 "\" "
	    "timestamp=\"%s\">\n", c->tests, c->failures, c->skipped, seconds,
	    started);
	write_properties(w, s);
	if (s->verdict != NULL) {
		for (i = 0; i < s->verdict->n; i++)
			if (s->verdict->v[i].control != NULL)
				write_result(w, s, suite, &s->verdict->v[i]);
	} else if (s->profile != NULL) {
		n = assay_profile_control_count(s->profile);
		for (i = 0; i < n; i++) {
			if ((ctl = assay_profile_control(s->profile, i)) ==
			    NULL)
				continue;
			write_testcase_open(w, suite, ctl);
			write_skipped(w, "", "not judged: no verdict was "
			    "computed");
		}
	} else {
		assay_textout_puts(w, "    <testcase classname=\"no-profile\" "
		    "name=\"profile\" time=\"0\">\n      <skipped message=\""
		    "no profile was given, so no control was judged\"/>\n"
		    "    </testcase>\n");
	}
	assay_textout_puts(w, "  </testsuite>\n");
}

enum assay_err
assay_write_junit(int dirfd, const struct assay_scan_summary *s,
    struct assay_error *err)
{
	struct assay_textout *w = NULL;
	struct counts c;
	enum assay_err r;
	int64_t seconds;

	count_controls(s, &c);
	seconds = s->finished > s->started ? s->finished - s->started : 0;
	if ((r = assay_textout_create(dirfd, JUNIT_FILE, &w, err)) !=
	    ASSAY_OK)
		return r;
	assay_textout_puts(w, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
	assay_textout_printf(w, "<testsuites name=\"assay\" tests=\"%zu\" "
	    "failures=\"%zu\" errors=\"0\" skipped=\"%zu\" time=\"%" PRId64
	    "\">\n", c.tests, c.failures, c.skipped, seconds);
	write_suite(w, s, &c, seconds);
	assay_textout_puts(w, "</testsuites>\n");
	return assay_textout_finish(w, err);
}
