/*
 * report.html: the bundle as one page a buyer who is not a security
 * specialist can read and print.  The overall result comes first in plain
 * words, then what was examined (profile, tool, artefacts and their
 * digests), each control with its status and the findings behind it, what
 * could not be examined and why, the tester's waivers, and every finding.
 *
 * The page is self-contained: inline CSS, no script, no image, no link
 * leaving it, so it shows the same offline, printed or archived.  Every
 * text that came from an artefact, a probe or a profile is escaped
 * (xmlesc.h); the page is written as it is composed, long lists are cut at
 * a stated number with the total given (the JSON files are complete), and
 * the same scan gives the same bytes.
 *
 * The coverage counts are read from the summary at the end of the bundle's
 * coverage.json, which must be written first: the page then shows exactly
 * what that file says, computed in one place.
 */
#include "reports.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <jansson.h>

#include "xmlesc.h"

#define HTML_FILE		"report.html"
#define COVERAGE_FILE		"coverage.json"

/* Rows shown before a list is cut; the JSON files hold the rest. */
#define HTML_MAX_FINDINGS	1000
#define HTML_MAX_PER_CONTROL	100
#define HTML_MAX_CONTAINERS	1000
#define HTML_MAX_WAIVERS	1000

/* coverage.json's summary is its last member, far less than this. */
#define COVERAGE_TAIL		(64 * 1024)

#define MARKUP			ASSAY_ESC_MARKUP

/* What coverage.json's summary says. */
struct coverage {
	uint64_t entries, examined, not_examined;
	uint64_t by_gap[ASSAY_GAP_NOT_OF_INTEREST + 1];
};

/* The reasons for not examining an entry, worded for the reader. */
static const struct {
	enum assay_gap gap;
	const char *words;
} gap_words[] = {
	{ ASSAY_GAP_REFUSED, "refused as unsafe (recorded and hashed, never "
	    "written out)" },
	{ ASSAY_GAP_LIMIT, "stopped by an unpacking limit" },
	{ ASSAY_GAP_ENCRYPTED, "encrypted" },
	{ ASSAY_GAP_CORRUPT, "inside an archive that broke while it was "
	    "read" },
	{ ASSAY_GAP_UNSUPPORTED, "looks like an archive assay cannot open" },
	{ ASSAY_GAP_PROBE_ERROR, "only probes that failed looked at it" },
	{ ASSAY_GAP_NOT_OF_INTEREST, "no probe looks at this kind of file" },
};
#define NGAPS (sizeof(gap_words) / sizeof(gap_words[0]))

static const char style[] =
    "<style>\n"
    ":root{--pass:#1a7f37;--fail:#c62828;--na:#5f6b76;--manual:#9a6700;"
    "--line:#d0d7de;--soft:#f6f8fa}\n"
    "body{font:15px/1.5 system-ui,-apple-system,\"Segoe UI\",Roboto,"
    "sans-serif;color:#1f2328;max-width:1100px;margin:0 auto;"
    "padding:1.5em}\n"
    "h1{font-size:1.6em;margin:0 0 .4em}"
    "h2{font-size:1.25em;border-bottom:1px solid var(--line);"
    "padding-bottom:.2em;margin-top:2em}"
    "h3{font-size:1.05em;margin:0 0 .4em}\n"
    "table{border-collapse:collapse;width:100%;margin:.5em 0 1em;"
    "font-size:.9em}"
    "th,td{border:1px solid var(--line);padding:.3em .5em;"
    "text-align:left;vertical-align:top}"
    "th{background:var(--soft)}\n"
    "table.kv th{width:12em}"
    "td.num,th.num{text-align:right;white-space:nowrap}\n"
    "code{font:.85em/1.4 ui-monospace,\"SFMono-Regular\",Menlo,Consolas,"
    "monospace;overflow-wrap:anywhere}"
    "code.hash{word-break:break-all;font-size:.75em}\n"
    ".verdict{border:3px solid;border-radius:8px;padding:.8em 1.2em;"
    "margin:1em 0}"
    ".verdict p{margin:.2em 0}"
    ".verdict .word{font-size:1.8em;font-weight:700;letter-spacing:.05em}\n"
    ".r-pass{border-color:var(--pass);background:#e6f4ea}"
    ".r-pass .word{color:var(--pass)}"
    ".r-fail{border-color:var(--fail);background:#fdecea}"
    ".r-fail .word{color:var(--fail)}"
    ".r-none{border-color:var(--na);background:var(--soft)}"
    ".r-none .word{color:var(--na)}\n"
    ".tally{display:flex;flex-wrap:wrap;gap:.6em;padding:0;margin:.6em 0;"
    "list-style:none}"
    ".tally li{border:1px solid var(--line);border-radius:6px;"
    "padding:.3em .8em}"
    ".tally b{font-size:1.3em}\n"
    ".warn{border-left:5px solid var(--manual);background:#fff8e1;"
    "padding:.5em 1em;margin:1em 0}\n"
    ".control{border:1px solid var(--line);border-left:6px solid;"
    "border-radius:6px;padding:.8em 1em;margin:1em 0}"
    ".c-pass{border-left-color:var(--pass)}"
    ".c-fail{border-left-color:var(--fail)}"
    ".c-not-assessed{border-left-color:var(--na)}"
    ".c-manual{border-left-color:var(--manual)}\n"
    ".badge{display:inline-block;min-width:7.5em;text-align:center;"
    "border-radius:4px;padding:0 .5em;color:#fff;font-size:.8em;"
    "font-weight:700;letter-spacing:.04em}"
    ".b-pass{background:var(--pass)}.b-fail{background:var(--fail)}"
    ".b-not-assessed{background:var(--na)}"
    ".b-manual{background:var(--manual)}\n"
    ".sev{font-weight:600}.s-critical,.s-high{color:var(--fail)}"
    ".s-medium{color:var(--manual)}.s-low,.s-info{color:var(--na)}\n"
    ".note{color:var(--na);font-size:.9em}"
    "footer{margin-top:3em;color:var(--na);font-size:.85em}\n"
    "@media print{body{font-size:10pt;max-width:none;padding:0}"
    "h2{break-after:avoid}.control,tr{break-inside:avoid}"
    ".verdict,.badge,.control,th{-webkit-print-color-adjust:exact;"
    "print-color-adjust:exact}a{color:inherit;text-decoration:none}}\n"
    "@page{margin:15mm}\n"
    "</style>\n";

/* ---- small formatting helpers ------------------------------------------ */

static void
esc(struct assay_textout *w, const char *s)
{
	assay_textout_esc(w, MARKUP, s);
}

/* n with thousands separators: 1,234,567. */
static void
put_count(struct assay_textout *w, uint64_t n)
{
	char digits[24], out[32];
	size_t len, i, k = 0;
	int m;

	m = snprintf(digits, sizeof(digits), "%" PRIu64, n);
	if (m < 0 || (size_t)m >= sizeof(digits))
		return;
	len = (size_t)m;
	for (i = 0; i < len; i++) {
		if (i > 0 && (len - i) % 3 == 0)
			out[k++] = ',';
		out[k++] = digits[i];
	}
	assay_textout_putn(w, out, k);
}

/* "4,096 bytes (4.0 KiB)". */
static void
put_size(struct assay_textout *w, uint64_t n)
{
	static const char *const units[] = { "KiB", "MiB", "GiB", "TiB",
	    "PiB", "EiB" };
	double v = (double)n;
	size_t u = 0;

	put_count(w, n);
	assay_textout_puts(w, n == 1 ? " byte" : " bytes");
	if (n < 1024)
		return;
	v /= 1024.0;
	while (v >= 1024.0 && u + 1 < sizeof(units) / sizeof(units[0])) {
		v /= 1024.0;
		u++;
	}
	assay_textout_printf(w, " (%.1f %s)", v, units[u]);
}

static void
put_time(struct assay_textout *w, int64_t t)
{
	char buf[21];

	assay_format_time(t, buf);
	assay_textout_puts(w, buf);
}

static void
put_hash(struct assay_textout *w, const unsigned char *p, size_t n)
{
	assay_textout_puts(w, "<code class=\"hash\">");
	assay_textout_hex(w, p, n);
	assay_textout_puts(w, "</code>");
}

static void
put_code(struct assay_textout *w, const char *s)
{
	assay_textout_puts(w, "<code>");
	esc(w, s);
	assay_textout_puts(w, "</code>");
}

static const char *
severity_name(enum assay_severity sev)
{
	switch (sev) {
	case ASSAY_SEV_CRITICAL:
	case ASSAY_SEV_HIGH:
	case ASSAY_SEV_MEDIUM:
	case ASSAY_SEV_LOW:
	case ASSAY_SEV_INFO:
		return assay_severity_name(sev);
	}
	return "info";
}

static void
put_severity(struct assay_textout *w, enum assay_severity sev)
{
	const char *name = severity_name(sev);

	assay_textout_printf(w, "<span class=\"sev s-%s\">%s</span>", name,
	    name);
}

/* The CSS suffix and the words of a control status. */
static const char *
status_class(enum assay_control_status st)
{
	switch (st) {
	case ASSAY_CONTROL_PASS:
		return "pass";
	case ASSAY_CONTROL_FAIL:
		return "fail";
	case ASSAY_CONTROL_NOT_ASSESSED:
		break;
	case ASSAY_CONTROL_MANUAL:
		return "manual";
	}
	return "not-assessed";
}

static const char *
status_words(enum assay_control_status st)
{
	switch (st) {
	case ASSAY_CONTROL_PASS:
		return "PASS";
	case ASSAY_CONTROL_FAIL:
		return "FAIL";
	case ASSAY_CONTROL_NOT_ASSESSED:
		break;
	case ASSAY_CONTROL_MANUAL:
		return "MANUAL";
	}
	return "NOT ASSESSED";
}

static const char *
strength_words(enum assay_strength st)
{
	switch (st) {
	case ASSAY_STRENGTH_STRONG:
		return "can be checked from the release itself";
	case ASSAY_STRENGTH_PARTIAL:
		break;
	case ASSAY_STRENGTH_DOCUMENTS:
		return "needs documents from the vendor";
	}
	return "the release gives a partial signal only";
}

static const struct assay_entry *
finding_entry(const struct assay_scan_summary *s,
    const struct assay_finding_rec *f)
{
	if (f->entry == ASSAY_NO_ENTRY)
		return NULL;
	return assay_inventory_get(s->inv, f->entry);
}

/* The finding's place: nested path and line, or the scan as a whole. */
static void
put_where(struct assay_textout *w, const struct assay_entry *e,
    unsigned long line)
{
	if (e == NULL) {
		assay_textout_puts(w, "<span class=\"note\">the scan as a "
		    "whole</span>");
		return;
	}
	put_code(w, e->path);
	if (line > 0)
		assay_textout_printf(w, " line %lu", line);
}

static void
put_entry_hash(struct assay_textout *w, const struct assay_entry *e)
{
	if (e != NULL && e->hashed)
		put_hash(w, e->sha256, sizeof(e->sha256));
	else
		assay_textout_puts(w, "<span class=\"note\">none</span>");
}

/* ---- coverage.json's summary ------------------------------------------- */

static bool
get_u64(json_t *o, const char *key, uint64_t *out)
{
	json_t *v = json_object_get(o, key);

	if (!json_is_integer(v) || json_integer_value(v) < 0)
		return false;
	*out = (uint64_t)json_integer_value(v);
	return true;
}

/* Finds "summary", the last top-level member, near the end of the file. */
static enum assay_err
parse_coverage(const char *tail, size_t n, struct coverage *cov,
    struct assay_error *err)
{
	static const char marker[] = "\n  \"summary\": ";
	const char *p = NULL, *q, *end = tail + n;
	json_t *sum = NULL, *reasons;
	enum assay_err r = ASSAY_ERR_INTERNAL;
	json_error_t jerr;
	size_t i, m = sizeof(marker) - 1;

	/* Values are escaped, so the marker can only be the real member. */
	for (q = tail; (q = memchr(q, '\n', (size_t)(end - q))) != NULL;
	    q++)
		if ((size_t)(end - q) >= m && memcmp(q, marker, m) == 0)
			p = q;
	if (p == NULL)
		goto bad;
	p += m;
	sum = json_loadb(p, (size_t)(end - p), JSON_DISABLE_EOF_CHECK,
	    &jerr);
	reasons = json_object_get(sum, "by_reason");
	if (!json_is_object(reasons) ||
	    !get_u64(sum, "entries", &cov->entries) ||
	    !get_u64(sum, "examined", &cov->examined) ||
	    !get_u64(sum, "not_examined", &cov->not_examined))
		goto bad;
	for (i = 0; i < NGAPS; i++)
		if (!get_u64(reasons, assay_gap_name(gap_words[i].gap),
		    &cov->by_gap[gap_words[i].gap]))
			goto bad;
	r = ASSAY_OK;
	goto out;
 bad:
	r = assay_seterr(err, ASSAY_ERR_INTERNAL, "%s: the summary of %s "
	    "cannot be read; write %s before %s", HTML_FILE, COVERAGE_FILE,
	    COVERAGE_FILE, HTML_FILE);
 out:
	json_decref(sum);
	return r;
}

static enum assay_err
read_coverage(int dirfd, struct coverage *cov, struct assay_error *err)
{
	enum assay_err r = ASSAY_ERR_INTERNAL;
	char *tail = NULL;
	struct stat st;
	size_t want, got = 0;
	ssize_t k;
	off_t off;
	int fd;

	memset(cov, 0, sizeof(*cov));
	fd = openat(dirfd, COVERAGE_FILE, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (fd == -1) {
		r = assay_seterr(err, ASSAY_ERR_INTERNAL, "%s: cannot open "
		    "%s (%s); write it before %s", HTML_FILE, COVERAGE_FILE,
		    strerror(errno), HTML_FILE);
		goto out;
	}
	if (fstat(fd, &st) == -1 || !S_ISREG(st.st_mode)) {
		r = assay_seterr(err, ASSAY_ERR_IO, "%s: cannot examine %s",
		    HTML_FILE, COVERAGE_FILE);
		goto out;
	}
	want = st.st_size > COVERAGE_TAIL ? COVERAGE_TAIL : (size_t)st.st_size;
	off = st.st_size - (off_t)want;
	if ((tail = malloc(want + 1)) == NULL) {
		r = assay_seterr(err, ASSAY_ERR_NOMEM, "out of memory");
		goto out;
	}
	while (got < want) {
		k = pread(fd, tail + got, want - got, off + (off_t)got);
		if (k == -1 && errno == EINTR)
			continue;
		if (k <= 0) {
			r = assay_seterr(err, ASSAY_ERR_IO, "%s: cannot read "
			    "%s: %s", HTML_FILE, COVERAGE_FILE, k == 0 ?
			    "file shrank" : strerror(errno));
			goto out;
		}
		got += (size_t)k;
	}
	tail[got] = '\0';
	r = parse_coverage(tail, got, cov, err);
 out:
	if (fd != -1)
		close(fd);
	free(tail);
	return r;
}

/* ---- the page's parts -------------------------------------------------- */

static void
write_head(struct assay_textout *w, const struct assay_scan_summary *s,
    const char *word)
{
	assay_textout_puts(w, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n"
	    "<meta charset=\"utf-8\">\n"
	    "<meta name=\"viewport\" content=\"width=device-width, "
	    "initial-scale=1\">\n<title>");
	assay_textout_puts(w, word);
	if (s->profile != NULL) {
		assay_textout_puts(w, ": ");
		esc(w, assay_profile_id(s->profile));
	}
	assay_textout_puts(w, " \xe2\x80\x93 assay release verification "
	    "report</title>\n");
	assay_textout_puts(w, style);
	assay_textout_puts(w, "</head>\n<body>\n");
}

static const char *
result_word(const struct assay_scan_summary *s)
{
	if (s->verdict == NULL)
		return "NO VERDICT";
	return s->verdict->result == ASSAY_RESULT_FAILED ? "FAILED" :
	    "PASSED";
}

static void
write_verdict(struct assay_textout *w, const struct assay_scan_summary *s)
{
	const struct assay_verdict *v = s->verdict;
	size_t assessed;

	assay_textout_puts(w, "<header>\n<h1>Release verification "
	    "report</h1>\n");
	if (v == NULL) {
		assay_textout_puts(w, "<div class=\"verdict r-none\">"
		    "<p class=\"word\">NO VERDICT</p><p>No certification "
		    "profile was applied, so no control was judged. The "
		    "findings below are facts about the release, without a "
		    "pass or a fail.</p></div>\n");
	} else if (v->result == ASSAY_RESULT_FAILED) {
		assay_textout_printf(w, "<div class=\"verdict r-fail\">"
		    "<p class=\"word\">FAILED</p><p>%zu of the %zu controls "
		    "failed: the release does not meet the profile", v->failed,
		    v->n);
		if (s->profile != NULL) {
			assay_textout_puts(w, " ");
			put_code(w, assay_profile_id(s->profile));
		}
		assay_textout_puts(w, " as it stands. Each failed control "
		    "below says what was found and how to fix it.</p></div>\n");
	} else {
		assessed = v->passed + v->failed;
		assay_textout_printf(w, "<div class=\"verdict r-pass\">"
		    "<p class=\"word\">PASSED</p><p>Every control that could "
		    "be checked from the release passed (%zu of %zu).",
		    v->passed, assessed);
		if (v->not_assessed + v->manual > 0)
			assay_textout_printf(w, " %zu could not be assessed "
			    "from the artefacts and %zu need documents from "
			    "the vendor: a pass here says nothing about those.",
			    v->not_assessed, v->manual);
		assay_textout_puts(w, "</p></div>\n");
	}
	if (v != NULL)
		assay_textout_printf(w, "<ul class=\"tally\">"
		    "<li><b>%zu</b> passed</li><li><b>%zu</b> failed</li>"
		    "<li><b>%zu</b> not assessed</li>"
		    "<li><b>%zu</b> need documents (manual)</li></ul>\n",
		    v->passed, v->failed, v->not_assessed, v->manual);
	if (s->incomplete)
		assay_textout_puts(w, "<p class=\"warn\"><strong>Part of the "
		    "release could not be examined.</strong> The result covers "
		    "only what was examined; the <a href=\"#coverage\">coverage"
		    "</a> section says what was not and why.</p>\n");
	assay_textout_puts(w, "</header>\n");
}

static void
kv_open(struct assay_textout *w, const char *key)
{
	assay_textout_printf(w, "<tr><th>%s</th><td>", key);
}

static void
kv_close(struct assay_textout *w)
{
	assay_textout_puts(w, "</td></tr>\n");
}

static void
write_about(struct assay_textout *w, const struct assay_scan_summary *s)
{
	const struct assay_profile *p = s->profile;

	assay_textout_puts(w, "<section id=\"about\">\n<h2>What was "
	    "examined, and how</h2>\n<table class=\"kv\">\n");
	kv_open(w, "Profile");
	if (p == NULL)
		assay_textout_puts(w, "none: no control was judged");
	else {
		put_code(w, assay_profile_id(p));
		assay_textout_puts(w, " version ");
		esc(w, assay_profile_version(p));
		if (assay_profile_title(p) != NULL) {
			assay_textout_puts(w, ": ");
			esc(w, assay_profile_title(p));
		}
	}
	kv_close(w);
	if (p != NULL) {
		kv_open(w, "Profile SHA-256");
		assay_textout_puts(w, "<code class=\"hash\">");
		esc(w, assay_profile_sha256(p));
		assay_textout_puts(w, "</code>");
		kv_close(w);
	}
	kv_open(w, "Tool");
	assay_textout_puts(w, "assay " ASSAY_VERSION " (build ");
	esc(w, ASSAY_BUILD_ID);
	assay_textout_puts(w, ")");
	kv_close(w);
	kv_open(w, "Scan");
	put_time(w, s->started);
	assay_textout_puts(w, " to ");
	put_time(w, s->finished);
	assay_textout_puts(w, " (UTC)");
	kv_close(w);
	if (s->as_of_given) {
		kv_open(w, "Judged as of");
		put_time(w, s->as_of);
		kv_close(w);
	}
	if (s->tester != NULL) {
		kv_open(w, "Tester");
		esc(w, s->tester);
		kv_close(w);
	}
	if (s->lab != NULL) {
		kv_open(w, "Laboratory");
		esc(w, s->lab);
		kv_close(w);
	}
	kv_open(w, "Network");
	assay_textout_puts(w, s->online ? "online: probes could consult "
	    "registries, so a later scan may differ" : "offline: only data "
	    "shipped with assay was used, so the scan can be repeated");
	kv_close(w);
	if (s->waivers != NULL) {
		kv_open(w, "Waivers file SHA-256");
		assay_textout_puts(w, "<code class=\"hash\">");
		esc(w, s->waivers->sha256);
		assay_textout_puts(w, "</code>");
		kv_close(w);
	}
	assay_textout_puts(w, "</table>\n");
}

static void
write_artefacts(struct assay_textout *w, const struct assay_scan_summary *s)
{
	const struct assay_artefact *art;
	const struct assay_entry *e;
	size_t i, n;

	n = assay_inventory_artefact_count(s->inv);
	assay_textout_puts(w, "<h3>Artefacts</h3>\n");
	if (n == 0) {
		assay_textout_puts(w, "<p>No artefact was given.</p>\n"
		    "</section>\n");
		return;
	}
	assay_textout_puts(w, "<p class=\"note\">Anyone holding a copy can "
	    "check it is the one examined by comparing these digests.</p>\n"
	    "<table>\n<tr><th>Name</th><th>Size</th><th>SHA-256</th>"
	    "<th>SHA-512</th></tr>\n");
	for (i = 0; i < n && assay_textout_status(w) == ASSAY_OK; i++) {
		art = assay_inventory_artefact(s->inv, i);
		e = assay_inventory_get(s->inv, art->entry);
		assay_textout_puts(w, "<tr><td>");
		put_code(w, e != NULL ? e->name : "");
		assay_textout_puts(w, "</td><td class=\"num\">");
		put_size(w, art->size);
		assay_textout_puts(w, "</td><td>");
		put_hash(w, art->sha256, sizeof(art->sha256));
		assay_textout_puts(w, "</td><td>");
		put_hash(w, art->sha512, sizeof(art->sha512));
		assay_textout_puts(w, "</td></tr>\n");
	}
	assay_textout_puts(w, "</table>\n</section>\n");
}

static bool
sorted_indices(const size_t *v, size_t n)
{
	size_t i;

	for (i = 1; i < n; i++)
		if (v[i - 1] >= v[i])
			return false;
	return true;
}

static int
cmp_index(const void *a, const void *b)
{
	const size_t *x = a, *y = b;

	return *x < *y ? -1 : *x > *y;
}

static bool
contains(const size_t *v, size_t n, bool sorted, size_t x)
{
	size_t i;

	if (sorted)
		return n > 0 && bsearch(&x, v, n, sizeof(*v), cmp_index) !=
		    NULL;
	for (i = 0; i < n; i++)
		if (v[i] == x)
			return true;
	return false;
}

/* The findings a control lists, saying what each does to it. */
static void
write_control_findings(struct assay_textout *w,
    const struct assay_scan_summary *s,
    const struct assay_control_result *res)
{
	const struct assay_finding_rec *f;
	bool sorted = sorted_indices(res->failing, res->nfailing);
	size_t i, shown = 0;

	if (res->nbearing == 0) {
		if (res->status != ASSAY_CONTROL_MANUAL)
			assay_textout_puts(w, "<p class=\"note\">No finding "
			    "bears on this control.</p>\n");
		return;
	}
	assay_textout_puts(w, "<table>\n<tr><th>Effect</th><th>Severity</th>"
	    "<th>Rule</th><th>Message</th><th>Where</th><th>SHA-256 of the "
	    "file</th></tr>\n");
	for (i = 0; i < res->nbearing && shown < HTML_MAX_PER_CONTROL &&
	    assay_textout_status(w) == ASSAY_OK; i++) {
		if (s->findings == NULL || res->bearing[i] >= s->findings->n)
			continue;
		f = &s->findings->v[res->bearing[i]];
		assay_textout_puts(w, "<tr><td>");
		if (contains(res->failing, res->nfailing, sorted,
		    res->bearing[i]))
			assay_textout_puts(w, "<strong>fails it</strong>");
		else if (f->waiver >= 0)
			assay_textout_puts(w, "waived");
		else
			assay_textout_puts(w, "below the failing severity");
		assay_textout_puts(w, "</td><td>");
		put_severity(w, f->severity);
		assay_textout_puts(w, "</td><td>");
		put_code(w, f->rule);
		assay_textout_puts(w, "</td><td>");
		esc(w, f->message);
		assay_textout_puts(w, "</td><td>");
		put_where(w, finding_entry(s, f), f->line);
		assay_textout_puts(w, "</td><td>");
		put_entry_hash(w, finding_entry(s, f));
		assay_textout_puts(w, "</td></tr>\n");
		shown++;
	}
	assay_textout_puts(w, "</table>\n");
	if (shown < res->nbearing)
		assay_textout_printf(w, "<p class=\"note\">Showing %zu of the "
		    "%zu findings of this control; verdict.json and "
		    "findings.json list them all.</p>\n", shown, res->nbearing);
}

static void
write_control(struct assay_textout *w, const struct assay_scan_summary *s,
    const struct assay_control_result *res, size_t i)
{
	const struct assay_control *c = res->control;
	const char *cls = status_class(res->status);

	assay_textout_printf(w, "<section class=\"control c-%s\" "
	    "id=\"control-%zu\">\n<h3><span class=\"badge b-%s\">%s</span> ",
	    cls, i + 1, cls, status_words(res->status));
	put_code(w, c->id);
	assay_textout_puts(w, " ");
	esc(w, c->title);
	assay_textout_puts(w, "</h3>\n");
	if (c->statement != NULL) {
		assay_textout_puts(w, "<p>");
		esc(w, c->statement);
		assay_textout_puts(w, "</p>\n");
	}
	assay_textout_printf(w, "<p class=\"note\">This control %s.",
	    strength_words(c->strength));
	if (c->rules != NULL && c->rules[0] != NULL)
		assay_textout_printf(w, " An unwaived finding of severity %s "
		    "or above fails it.", severity_name(c->fail_at));
	assay_textout_puts(w, "</p>\n");
	/* A manual control's why is often its evidence: say it once. */
	if ((res->status == ASSAY_CONTROL_NOT_ASSESSED ||
	    res->status == ASSAY_CONTROL_MANUAL) && res->why != NULL &&
	    (res->status != ASSAY_CONTROL_MANUAL || c->evidence == NULL ||
	    strcmp(res->why, c->evidence) != 0)) {
		assay_textout_puts(w, res->status == ASSAY_CONTROL_MANUAL ?
		    "<p><strong>Why it needs documents:</strong> " :
		    "<p><strong>Why it was not assessed:</strong> ");
		esc(w, res->why);
		assay_textout_puts(w, "</p>\n");
	}
	if (res->status == ASSAY_CONTROL_MANUAL && c->evidence != NULL) {
		assay_textout_puts(w, "<p><strong>Evidence to attach:"
		    "</strong> ");
		esc(w, c->evidence);
		assay_textout_puts(w, "</p>\n");
	}
	if (res->status == ASSAY_CONTROL_FAIL && c->fix != NULL) {
		assay_textout_puts(w, "<p><strong>How to fix it:</strong> ");
		esc(w, c->fix);
		assay_textout_puts(w, "</p>\n");
	}
	write_control_findings(w, s, res);
	assay_textout_puts(w, "</section>\n");
}

static void
write_controls(struct assay_textout *w, const struct assay_scan_summary *s)
{
	size_t i;

	assay_textout_puts(w, "<section id=\"controls\">\n<h2>Controls</h2>\n");
	if (s->verdict == NULL) {
		assay_textout_puts(w, "<p>No profile was applied, so there are "
		    "no controls to report on.</p>\n</section>\n");
		return;
	}
	assay_textout_puts(w, "<p class=\"note\">PASS: nothing found fails "
	    "it. FAIL: a finding fails it. NOT ASSESSED: the artefacts could "
	    "not show it either way. MANUAL: it needs documents from the "
	    "vendor, which a release cannot contain.</p>\n");
	for (i = 0; i < s->verdict->n && assay_textout_status(w) == ASSAY_OK;
	    i++)
		if (s->verdict->v[i].control != NULL)
			write_control(w, s, &s->verdict->v[i], i);
	assay_textout_puts(w, "</section>\n");
}

static const char *
container_words(enum assay_container_status st)
{
	switch (st) {
	case ASSAY_CONTAINER_COMPLETE:
		return "read completely";
	case ASSAY_CONTAINER_STOPPED:
		return "stopped by a limit";
	case ASSAY_CONTAINER_CORRUPT:
		return "broke part-way";
	case ASSAY_CONTAINER_UNSUPPORTED:
		break;
	}
	return "could not be opened";
}

static void
write_containers(struct assay_textout *w, const struct assay_scan_summary *s)
{
	const struct assay_container *c;
	const struct assay_entry *e;
	size_t i, n, shown = 0, complete = 0;

	n = assay_inventory_container_count(s->inv);
	for (i = 0; i < n; i++)
		if ((c = assay_inventory_container(s->inv, i)) != NULL &&
		    c->status == ASSAY_CONTAINER_COMPLETE)
			complete++;
	assay_textout_printf(w, "<h3>Archives</h3>\n<p>%zu archive%s opened, "
	    "%zu read completely.</p>\n", n, n == 1 ? " was" : "s were",
	    complete);
	if (n == 0)
		return;
	assay_textout_puts(w, "<table>\n<tr><th>Archive</th><th>Format</th>"
	    "<th>Status</th><th>Why</th><th class=\"num\">Entries</th>"
	    "<th class=\"num\">Bytes</th></tr>\n");
	for (i = 0; i < n && shown < HTML_MAX_CONTAINERS &&
	    assay_textout_status(w) == ASSAY_OK; i++) {
		if ((c = assay_inventory_container(s->inv, i)) == NULL)
			continue;
		e = assay_inventory_get(s->inv, c->entry);
		assay_textout_puts(w, "<tr><td>");
		put_code(w, e != NULL ? e->path : "");
		assay_textout_puts(w, "</td><td>");
		esc(w, c->format);
		if (c->filters != NULL && c->filters[0] != '\0') {
			assay_textout_puts(w, ", ");
			esc(w, c->filters);
		}
		assay_textout_printf(w, "</td><td>%s</td><td>",
		    container_words(c->status));
		esc(w, c->reason);
		assay_textout_puts(w, "</td><td class=\"num\">");
		put_count(w, c->entries);
		assay_textout_puts(w, "</td><td class=\"num\">");
		put_count(w, c->bytes);
		assay_textout_puts(w, "</td></tr>\n");
		shown++;
	}
	assay_textout_puts(w, "</table>\n");
	if (shown < n)
		assay_textout_printf(w, "<p class=\"note\">Showing %zu of %zu "
		    "archives; coverage.json lists them all.</p>\n", shown, n);
}

static void
write_probes(struct assay_textout *w, const struct assay_scan_summary *s)
{
	const struct assay_probe_outcome *o;
	const struct assay_probe_slot *slot;
	size_t i;

	if (s->reg == NULL || s->reg->n == 0) {
		assay_textout_puts(w, "<h3>Probes</h3>\n<p>No probe ran.</p>\n");
		return;
	}
	assay_textout_puts(w, "<h3>Probes</h3>\n<table>\n<tr><th>Probe</th>"
	    "<th>Version</th><th>Status</th><th class=\"num\">Entries "
	    "examined</th><th class=\"num\">Findings</th></tr>\n");
	for (i = 0; i < s->reg->n; i++) {
		slot = &s->reg->v[i];
		o = s->run != NULL && i < s->run->n ? &s->run->outcomes[i] :
		    NULL;
		assay_textout_puts(w, "<tr><td>");
		put_code(w, slot->ops.name);
		assay_textout_puts(w, " ");
		esc(w, slot->ops.summary);
		assay_textout_puts(w, "</td><td>");
		esc(w, slot->ops.version);
		assay_textout_puts(w, "</td><td>");
		if (o == NULL)
			assay_textout_puts(w, "did not run");
		else if (o->ok)
			assay_textout_puts(w, "ran");
		else {
			assay_textout_puts(w, "<strong>failed</strong>: ");
			esc(w, o->error);
		}
		assay_textout_puts(w, "</td><td class=\"num\">");
		put_count(w, o != NULL ? o->examined : 0);
		assay_textout_puts(w, "</td><td class=\"num\">");
		put_count(w, o != NULL ? o->findings : 0);
		assay_textout_puts(w, "</td></tr>\n");
	}
	assay_textout_puts(w, "</table>\n");
}

static void
write_coverage(struct assay_textout *w, const struct assay_scan_summary *s,
    const struct coverage *cov)
{
	size_t i;

	assay_textout_puts(w, "<section id=\"coverage\">\n<h2>What was and "
	    "was not examined</h2>\n");
	if (s->incomplete)
		assay_textout_puts(w, "<p class=\"warn\"><strong>Incomplete."
		    "</strong> At least one input could not be read to the end "
		    "(unsafe beyond limits, corrupt, encrypted or unreadable). "
		    "What was seen before it stopped is in the bundle.</p>\n");
	else
		assay_textout_puts(w, "<p>Complete: every input was read to "
		    "the end.</p>\n");
	assay_textout_puts(w, "<table class=\"kv\">\n<tr><th>Entries "
	    "recorded</th><td class=\"num\">");
	put_count(w, cov->entries);
	assay_textout_puts(w, "</td></tr>\n<tr><th>Examined by a probe</th>"
	    "<td class=\"num\">");
	put_count(w, cov->examined);
	assay_textout_puts(w, "</td></tr>\n<tr><th>Not examined</th>"
	    "<td class=\"num\">");
	put_count(w, cov->not_examined);
	assay_textout_puts(w, "</td></tr>\n</table>\n");
	if (cov->not_examined > 0) {
		assay_textout_puts(w, "<table>\n<tr><th>Why entries were not "
		    "examined</th><th class=\"num\">Entries</th></tr>\n");
		for (i = 0; i < NGAPS; i++) {
			if (cov->by_gap[gap_words[i].gap] == 0)
				continue;
			assay_textout_printf(w, "<tr><td>%s</td>"
			    "<td class=\"num\">", gap_words[i].words);
			put_count(w, cov->by_gap[gap_words[i].gap]);
			assay_textout_puts(w, "</td></tr>\n");
		}
		assay_textout_puts(w, "</table>\n<p class=\"note\">"
		    "coverage.json names every entry and why.</p>\n");
	}
	write_containers(w, s);
	write_probes(w, s);
	assay_textout_puts(w, "</section>\n");
}

static enum assay_err
write_waivers(struct assay_textout *w, const struct assay_scan_summary *s,
    struct assay_error *err)
{
	const struct assay_waivers *wv = s->waivers;
	const struct assay_waiver *x;
	size_t *uses = NULL, i;
	long k;

	assay_textout_puts(w, "<section id=\"waivers\">\n<h2>Waivers</h2>\n");
	if (wv == NULL || wv->n == 0) {
		assay_textout_puts(w, "<p>No finding was waived: no waiver "
		    "was given.</p>\n</section>\n");
		return ASSAY_OK;
	}
	if ((uses = calloc(wv->n, sizeof(*uses))) == NULL)
		return assay_seterr(err, ASSAY_ERR_NOMEM, "out of memory");
	for (i = 0; s->findings != NULL && i < s->findings->n; i++) {
		k = s->findings->v[i].waiver;
		if (k >= 0 && (size_t)k < wv->n)
			uses[k]++;
	}
	assay_textout_puts(w, "<p class=\"note\">The tester accepted these "
	    "findings; a waived finding is still listed but fails no "
	    "control.</p>\n<table>\n<tr><th>Rule</th><th>Path</th>"
	    "<th>Reason</th><th>Author</th><th>Expires</th>"
	    "<th class=\"num\">Findings waived</th></tr>\n");
	for (i = 0; i < wv->n && i < HTML_MAX_WAIVERS &&
	    assay_textout_status(w) == ASSAY_OK; i++) {
		x = &wv->v[i];
		assay_textout_puts(w, "<tr><td>");
		put_code(w, x->rule);
		assay_textout_puts(w, "</td><td>");
		put_code(w, x->path);
		assay_textout_puts(w, "</td><td>");
		esc(w, x->reason);
		assay_textout_puts(w, "</td><td>");
		esc(w, x->author);
		assay_textout_puts(w, "</td><td>");
		esc(w, x->expires);
		if (x->expired)
			assay_textout_puts(w, " <strong>(expired, not "
			    "applied)</strong>");
		assay_textout_puts(w, "</td><td class=\"num\">");
		put_count(w, uses[i]);
		assay_textout_puts(w, "</td></tr>\n");
	}
	assay_textout_puts(w, "</table>\n");
	if (wv->n > HTML_MAX_WAIVERS)
		assay_textout_printf(w, "<p class=\"note\">Showing %d of %zu "
		    "waivers; the waiver file has them all.</p>\n",
		    HTML_MAX_WAIVERS, wv->n);
	assay_textout_puts(w, "</section>\n");
	free(uses);
	return ASSAY_OK;
}

static void
write_findings(struct assay_textout *w, const struct assay_scan_summary *s)
{
	const struct assay_finding_rec *f;
	const struct assay_entry *e;
	size_t i, n = s->findings != NULL ? s->findings->n : 0;

	assay_textout_puts(w, "<section id=\"findings\">\n<h2>Every "
	    "finding</h2>\n");
	if (n == 0) {
		assay_textout_puts(w, "<p>Nothing was found.</p>\n"
		    "</section>\n");
		return;
	}
	if (n > HTML_MAX_FINDINGS)
		assay_textout_printf(w, "<p class=\"note\">Showing the first %d "
		    "of %zu findings; findings.json lists them all.</p>\n",
		    HTML_MAX_FINDINGS, n);
	assay_textout_puts(w, "<table>\n<tr><th class=\"num\">#</th>"
	    "<th>Severity</th><th>Rule</th><th>Message</th><th>Where</th>"
	    "<th>SHA-256 of the file</th><th>Waived</th></tr>\n");
	for (i = 0; i < n && i < HTML_MAX_FINDINGS &&
	    assay_textout_status(w) == ASSAY_OK; i++) {
		f = &s->findings->v[i];
		e = finding_entry(s, f);
		assay_textout_printf(w, "<tr><td class=\"num\">%zu</td><td>",
		    i + 1);
		put_severity(w, f->severity);
		assay_textout_puts(w, "</td><td>");
		put_code(w, f->rule);
		assay_textout_puts(w, "</td><td>");
		esc(w, f->message);
		assay_textout_puts(w, "</td><td>");
		put_where(w, e, f->line);
		assay_textout_puts(w, "</td><td>");
		put_entry_hash(w, e);
		assay_textout_puts(w, f->waiver >= 0 ? "</td><td>yes</td>"
		    "</tr>\n" : "</td><td>no</td></tr>\n");
	}
	assay_textout_puts(w, "</table>\n</section>\n");
}

static void
write_footer(struct assay_textout *w)
{
	assay_textout_puts(w, "<footer>\n<p>Written by assay " ASSAY_VERSION
	    ". This page summarises the evidence bundle it came with; the JSON "
	    "files beside it (verdict.json, findings.json, coverage.json, "
	    "inventory.json, manifest.json) are complete, and SHA256SUMS and "
	    "the signed attestation let anyone check that none of them "
	    "changed.</p>\n</footer>\n</body>\n</html>\n");
}

enum assay_err
assay_write_html(int dirfd, const struct assay_scan_summary *s,
    struct assay_error *err)
{
	struct assay_textout *w = NULL;
	struct coverage cov;
	enum assay_err r;

	if ((r = read_coverage(dirfd, &cov, err)) != ASSAY_OK)
		goto out;
	if ((r = assay_textout_create(dirfd, HTML_FILE, &w, err)) != ASSAY_OK)
		goto out;
	write_head(w, s, result_word(s));
	write_verdict(w, s);
	write_about(w, s);
	write_artefacts(w, s);
	write_controls(w, s);
	write_coverage(w, s, &cov);
	if ((r = write_waivers(w, s, err)) != ASSAY_OK)
		goto out;
	write_findings(w, s);
	write_footer(w);
	r = assay_textout_finish(w, err);
	w = NULL;
 out:
	assay_textout_free(w);
	return r;
}
