/*
 * Hard-coded secrets: one pass of the text scanner over each regular
 * file's bytes (binaries get the token formats only).  Each hit becomes a
 * finding with its file, line, rule and a masked excerpt; the secret itself
 * never reaches the evidence.  Hits in documentation and test fixtures are
 * reported under their own low rule, naming why.
 */
#include "credentials.h"

#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "credfile.h"
#include "textscan.h"

#define DEFAULT_MAX_LINE	4096u
#define DEFAULT_MAX_HITS	100u

struct secretscan {
	struct assay_scan *scan;
	const struct assay_entry *entry;
	const char *sample;	/* why the file is documentation, or NULL */
	enum assay_err err;
};

static const char *
rule_of(enum cred_hit_kind kind)
{
	switch (kind) {
	case CRED_HIT_ASSIGNMENT:
	case CRED_HIT_URL:
		return "credentials.hardcoded-secret";
	case CRED_HIT_TOKEN:
		return "credentials.service-token";
	case CRED_HIT_JWT:
		return "credentials.jwt";
	case CRED_HIT_CLOUD_PAIR:
		return "credentials.cloud-key-pair";
	case CRED_HIT_CLOUD_ID:
		return "credentials.cloud-key-id";
	}
	return "credentials.hardcoded-secret";
}

/*
 * A masked excerpt: a few leading characters (none for short secrets; a
 * token's leading characters are its public prefix) and the length.
 */
static void
mask(const struct cred_hit *h, char *out, size_t cap)
{
	size_t show, i;
	char head[8];

	if (h->kind == CRED_HIT_ASSIGNMENT || h->kind == CRED_HIT_URL)
		show = h->len >= 16 ? 4 : h->len / 4;
	else
		show = 4;
	if (show > h->len / 2)
		show = h->len / 2;
	for (i = 0; i < show; i++)
		head[i] = (h->secret[i] >= 0x20 && h->secret[i] < 0x7f &&
		    h->secret[i] != '"' && h->secret[i] != '\\') ?
		    (char)h->secret[i] : '?';
	head[show] = '\0';
	(void)snprintf(out, cap, "%s\xe2\x80\xa6 (%zu chars)", head, h->len);
}

static int
report_hit(void *arg, const struct cred_hit *h)
{
	struct secretscan *ss = arg;
	const char *rule = rule_of(h->kind);
	struct assay_finding f;
	char excerpt[64];
	json_t *ev;
	char *text = NULL;

	mask(h, excerpt, sizeof(excerpt));
	if ((ev = json_pack("{s:s, s:s, s:s, s:I}", "format", h->format,
	    "check", h->check, "excerpt", excerpt, "length",
	    (json_int_t)h->len)) == NULL) {
		ss->err = ASSAY_ERR_NOMEM;
		return 1;
	}
	if (h->key[0] != '\0')
		(void)json_object_set_new(ev, h->kind == CRED_HIT_URL ? "user" :
		    "key", json_string(h->key));
	if (ss->sample != NULL) {
		(void)json_object_set_new(ev, "sample_reason",
		    json_string(ss->sample));
		(void)json_object_set_new(ev, "rule_elsewhere",
		    json_string(rule));
		rule = "credentials.secret-in-documentation";
	}
	if ((text = json_dumps(ev, JSON_COMPACT | JSON_SORT_KEYS)) == NULL) {
		json_decref(ev);
		ss->err = ASSAY_ERR_NOMEM;
		return 1;
	}
	json_decref(ev);
	memset(&f, 0, sizeof(f));
	f.rule = rule;
	f.entry = ss->entry;
	f.line = h->line;
	f.evidence = text;
	if (h->kind == CRED_HIT_ASSIGNMENT)
		ss->err = assay_scan_report(ss->scan, &f, "%s has a literal "
		    "value (%s)%s%s", h->key, excerpt,
		    ss->sample != NULL ? " in " : "",
		    ss->sample != NULL ? ss->sample : "");
	else
		ss->err = assay_scan_report(ss->scan, &f, "%s (%s, %s)%s%s",
		    h->format, excerpt, h->check,
		    ss->sample != NULL ? " in " : "",
		    ss->sample != NULL ? ss->sample : "");
	free(text);
	return ss->err != ASSAY_OK;
}

static enum assay_err
report_truncated(struct secretscan *ss, size_t max_bytes)
{
	struct assay_finding f;
	char ev[128];
	int n;

	n = snprintf(ev, sizeof(ev), "{\"max_file_bytes\":%zu,\"size\":%llu}",
	    max_bytes, (unsigned long long)assay_entry_size(ss->entry));
	if (n < 0 || (size_t)n >= sizeof(ev))
		return ASSAY_ERR_INTERNAL;
	memset(&f, 0, sizeof(f));
	f.rule = "credentials.file-too-large";
	f.entry = ss->entry;
	f.evidence = ev;
	return assay_scan_report(ss->scan, &f, "only the first %zu bytes were "
	    "searched for secrets", max_bytes);
}

enum assay_err
cred_secrets_run(struct assay_scan *scan)
{
	struct cred_textscan *ts = NULL;
	struct secretscan ss;
	const struct assay_entry *e;
	unsigned char *data;
	size_t cursor = 0, len, max_bytes, max_line, max_hits;
	enum cred_text_mode mode;
	enum assay_err r;
	bool truncated;

	memset(&ss, 0, sizeof(ss));
	ss.scan = scan;
	if ((r = cred_param_size(scan, "max_file_bytes", CRED_MAX_FILE_BYTES,
	    4096, (size_t)1 << 30, &max_bytes)) != ASSAY_OK ||
	    (r = cred_param_size(scan, "max_line_bytes", DEFAULT_MAX_LINE, 80,
	    1u << 20, &max_line)) != ASSAY_OK ||
	    (r = cred_param_size(scan, "max_findings_per_file",
	    DEFAULT_MAX_HITS, 1, 100000, &max_hits)) != ASSAY_OK ||
	    (r = cred_textscan_new(&ts)) != ASSAY_OK)
		goto out;
	while ((e = cred_next_file(scan, &cursor)) != NULL) {
		r = cred_read(scan, e, max_bytes, &data, &len, &truncated);
		if (r == ASSAY_ERR_NOMEM)
			goto out;
		/* Unreadable: not examined, so coverage shows the gap. */
		if (r != ASSAY_OK)
			continue;
		ss.entry = e;
		ss.sample = cred_sample_path(assay_entry_path(e));
		ss.err = ASSAY_OK;
		mode = cred_text_mode_of(assay_entry_name(e), data, len);
		r = cred_textscan_run(ts, data, len, mode, max_line, max_hits,
		    report_hit, &ss);
		free(data);
		if (r == ASSAY_OK)
			r = ss.err;
		if (r == ASSAY_OK && truncated)
			r = report_truncated(&ss, max_bytes);
		if (r != ASSAY_OK)
			goto out;
	}
	r = ASSAY_OK;
 out:
	cred_textscan_free(ts);
	return r;
}
