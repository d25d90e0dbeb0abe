/*
 * The list of findings.  Evidence is re-serialised compactly with sorted
 * keys on the way in, so that the same facts always give the same bytes.
 */
#include "findings.h"

#include <jansson.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "assay/buf.h"
#include "assay/size.h"

#define MESSAGE_MAX (64u << 10)

static const char *const severity_names[] = {
	"info", "low", "medium", "high", "critical"
};

const char *
assay_severity_name(enum assay_severity s)
{
	if ((unsigned)s < sizeof(severity_names) / sizeof(severity_names[0]))
		return severity_names[s];
	return "info";
}

int
assay_severity_parse(const char *s)
{
	size_t i;

	for (i = 0; i < sizeof(severity_names) / sizeof(severity_names[0]); i++)
		if (strcmp(s, severity_names[i]) == 0)
			return (int)i;
	return -1;
}

/* The longest prefix of s, at most max bytes, that ends on a character. */
static size_t
utf8_cut(const char *s, size_t max)
{
	size_t n = strnlen(s, max + 1);

	if (n <= max)
		return n;
	n = max;
	/* Back off continuation bytes (10xxxxxx) to a sequence's start. */
	while (n > 0 && ((unsigned char)s[n] & 0xc0) == 0x80)
		n--;
	return n;
}

static void
rec_release(struct assay_finding_rec *f)
{
	free(f->probe);
	free(f->rule);
	free(f->message);
	free(f->evidence);
}

enum assay_err
assay_findings_add(struct assay_findings *fs, const char *probe,
    const char *rule, enum assay_severity sev, uint32_t entry,
    unsigned long line, const char *evidence, const char *message)
{
	struct assay_finding_rec f, *v;
	json_t *ev = NULL;
	size_t cap, bytes;
	enum assay_err r;

	memset(&f, 0, sizeof(f));
	if (evidence != NULL) {
		ev = json_loads(evidence, JSON_REJECT_DUPLICATES, NULL);
		if (ev == NULL || !json_is_object(ev)) {
			r = ASSAY_ERR_USAGE;
			goto out;
		}
		f.evidence = json_dumps(ev, JSON_COMPACT | JSON_SORT_KEYS |
		    JSON_ENSURE_ASCII);
		if (f.evidence == NULL) {
			r = ASSAY_ERR_NOMEM;
			goto out;
		}
	}
	f.probe = strdup(probe);
	f.rule = strdup(rule);
	f.message = strndup(message, utf8_cut(message, MESSAGE_MAX));
	if (f.probe == NULL || f.rule == NULL || f.message == NULL) {
		r = ASSAY_ERR_NOMEM;
		goto out;
	}
	f.severity = sev;
	f.waiver = -1;
	f.entry = entry;
	f.line = line;
	if (fs->n == fs->cap) {
		cap = fs->cap == 0 ? 64 : fs->cap;
		if (!assay_size_mul(&cap, cap, 2) ||
		    !assay_size_mul(&bytes, cap, sizeof(*v))) {
			r = ASSAY_ERR_NOMEM;
			goto out;
		}
		if ((v = realloc(fs->v, bytes)) == NULL) {
			r = ASSAY_ERR_NOMEM;
			goto out;
		}
		fs->v = v;
		fs->cap = cap;
	}
	fs->v[fs->n++] = f;
	memset(&f, 0, sizeof(f));
	r = ASSAY_OK;
 out:
	rec_release(&f);
	json_decref(ev);
	return r;
}

enum assay_err
assay_findings_addf(struct assay_findings *fs, const char *probe,
    const char *rule, enum assay_severity sev, uint32_t entry,
    unsigned long line, const char *evidence, const char *fmt, ...)
{
	struct assay_buf msg = ASSAY_BUF_INIT(MESSAGE_MAX);
	enum assay_err r;
	va_list ap;

	va_start(ap, fmt);
	r = assay_buf_vaddf(&msg, fmt, ap);
	va_end(ap);
	/* A message cut at the cap is still worth keeping. */
	if (r == ASSAY_OK || r == ASSAY_ERR_LIMIT)
		r = assay_findings_add(fs, probe, rule, sev, entry, line,
		    evidence, msg.data != NULL ? msg.data : "");
	assay_buf_release(&msg);
	return r;
}

static const struct assay_inventory *sort_inv;

static int
strcmp_null(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return (a != NULL) - (b != NULL);
	return strcmp(a, b);
}

static int
finding_cmp(const void *pa, const void *pb)
{
	const struct assay_finding_rec *a = pa, *b = pb;
	const char *patha = "", *pathb = "";
	int c;

	/* Scan-wide findings (no entry) sort first, with an empty path. */
	if (a->entry != ASSAY_NO_ENTRY)
		patha = assay_inventory_get(sort_inv, a->entry)->path;
	if (b->entry != ASSAY_NO_ENTRY)
		pathb = assay_inventory_get(sort_inv, b->entry)->path;
	if ((c = strcmp(patha, pathb)) != 0)
		return c;
	if ((c = strcmp(a->rule, b->rule)) != 0)
		return c;
	if (a->line != b->line)
		return a->line < b->line ? -1 : 1;
	if ((c = strcmp(a->message, b->message)) != 0)
		return c;
	if ((c = strcmp_null(a->evidence, b->evidence)) != 0)
		return c;
	if ((c = strcmp(a->probe, b->probe)) != 0)
		return c;
	/* Same path, different entries (duplicates): archive order. */
	if (a->entry != b->entry)
		return a->entry < b->entry ? -1 : 1;
	return 0;
}

void
assay_findings_sort(struct assay_findings *fs,
    const struct assay_inventory *inv)
{
	if (fs->n < 2)
		return;
	sort_inv = inv;
	qsort(fs->v, fs->n, sizeof(fs->v[0]), finding_cmp);
	sort_inv = NULL;
}

void
assay_findings_release(struct assay_findings *fs)
{
	size_t i;

	for (i = 0; i < fs->n; i++)
		rec_release(&fs->v[i]);
	free(fs->v);
	fs->v = NULL;
	fs->n = fs->cap = 0;
}
