/*
 * The update probe's configuration part: runs the rules catalogue
 * (data/rules.json) over the files each rule names, reports what fires,
 * lists every update endpoint per file and per binary, and with --online
 * looks at each https endpoint once.
 *
 * Each file is read once (at most UPD_TEXT_MAX bytes) however many rules
 * apply to it; findings come out in inventory order, then catalogue order,
 * so the result does not depend on anything but the input.
 */
#include "updconf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "builtin.h"
#include "update.h"

#define CATALOGUE_FILE		"rules.json"
#define CATALOGUE_MAX		((size_t)4 << 20)
#define PAIRS_MAX		((size_t)4 << 20)  /* (file, rule) pairs */
#define ALL_ENDPOINTS_MAX	4096u	/* endpoints kept for --online */
#define PROBLEMS_MAX		5u	/* parse findings per file */
#define HEAD_BYTES		8192u	/* a NUL among these: not text */

struct pair {
	size_t entry;
	size_t rule;
};

/* The state of one file being matched. */
struct file_ctx {
	struct assay_scan *scan;
	const struct assay_entry *entry;
	struct upd_endpoints here;	/* this file's */
	struct upd_endpoints *all;	/* the scan's, for --online */
	unsigned problems;
};

static enum assay_err
on_hit(void *arg, const struct upd_hit *h)
{
	struct file_ctx *fc = arg;
	const struct upd_rule *r = h->rule;
	const char *file = assay_entry_path(fc->entry);
	json_t *ev = NULL;
	enum assay_err e = ASSAY_ERR_NOMEM;
	char *msg = NULL;

	if ((msg = upd_message(h, file)) == NULL ||
	    (ev = json_object()) == NULL)
		goto out;
	if (json_object_set_new(ev, "check", json_string(r->id)) != 0 ||
	    json_object_set_new(ev, "channel", json_string(r->channel)) != 0 ||
	    !upd_json_text(ev, "file", file, strlen(file)) ||
	    json_object_set_new(ev, "line", json_integer(
	    (json_int_t)h->line)) != 0 ||
	    json_object_set_new(ev, "attack", json_string(r->why)) != 0 ||
	    json_object_set_new(ev, "fix", json_string(r->fix)) != 0 ||
	    json_object_set_new(ev, "absent", json_boolean(h->match ==
	    NULL)) != 0)
		goto out;
	if (h->item != NULL) {
		if (!upd_json_text(ev, "key", h->item->key, h->item->keylen) ||
		    !upd_json_text(ev, "value", h->item->value,
		    h->item->valuelen) ||
		    (h->item->sectionlen > 0 && !upd_json_text(ev, "section",
		    h->item->section, h->item->sectionlen)))
			goto out;
	} else if (!upd_json_text(ev, "match", h->match, h->matchlen))
		goto out;
	if (h->url != NULL && !upd_json_url(ev, h->url))
		goto out;
	e = upd_report(fc->scan, r->report, fc->entry, h->line, ev, msg);
 out:
	json_decref(ev);
	free(msg);
	return e;
}

static enum assay_err
on_url(void *arg, const struct upd_rule *r, const char *url,
    unsigned long line)
{
	struct file_ctx *fc = arg;
	enum assay_err e;

	if ((e = upd_endpoints_add(&fc->here, url, r->channel, r, fc->entry,
	    line)) != ASSAY_OK)
		return e;
	return upd_endpoints_add(fc->all, url, r->channel, r, fc->entry, line);
}

static enum assay_err
parse_problem(struct assay_scan *scan, const struct assay_entry *entry,
    const char *channel, unsigned long line, const char *why)
{
	const char *file = assay_entry_path(entry);
	json_t *ev;
	enum assay_err e = ASSAY_ERR_NOMEM;
	char msg[512];

	if ((ev = json_object()) == NULL)
		return ASSAY_ERR_NOMEM;
	if (json_object_set_new(ev, "channel", json_string(channel)) != 0 ||
	    !upd_json_text(ev, "file", file, strlen(file)) ||
	    json_object_set_new(ev, "line", json_integer(
	    (json_int_t)line)) != 0 ||
	    json_object_set_new(ev, "why", json_string(why)) != 0)
		goto out;
	(void)snprintf(msg, sizeof(msg), "%s configuration could not be read "
	    "as expected at line %lu: %s; the rest was examined", channel,
	    line, why);
	e = upd_report(scan, "update.parse-error", entry, line, ev, msg);
 out:
	json_decref(ev);
	return e;
}

static enum assay_err
on_problem(void *arg, const struct upd_rule *r, unsigned long line,
    const char *why)
{
	struct file_ctx *fc = arg;

	if (fc->problems >= PROBLEMS_MAX)
		return ASSAY_OK;
	fc->problems++;
	return parse_problem(fc->scan, fc->entry, r->channel, line, why);
}

/*
 * Every (file, rule) pair the rules' globs select, in inventory order, no
 * repeats.  One pass over the inventory, each distinct glob tried once
 * per entry; entries count as examined only when they are read.
 */
static enum assay_err
select_files(struct assay_scan *scan, const struct upd_catalogue *cat,
    struct pair **pairsp, size_t *np)
{
	const struct assay_entry *e;
	const char **globs = NULL;
	size_t **gid = NULL;	/* per rule, per glob: index into globs */
	signed char *hit = NULL;	/* per distinct glob: -1 unknown */
	struct pair *v = NULL, *nv;
	enum assay_err r = ASSAY_ERR_NOMEM;
	size_t n = 0, cap = 0, ng = 0, total = 0, i, k, l, g, count;

	*pairsp = NULL;
	*np = 0;
	for (k = 0; k < cat->n; k++)
		total += cat->rules[k].nfiles;
	if ((globs = calloc(total + 1, sizeof(*globs))) == NULL ||
	    (hit = calloc(total + 1, 1)) == NULL ||
	    (gid = calloc(cat->n + 1, sizeof(*gid))) == NULL)
		goto out;
	for (k = 0; k < cat->n; k++) {
		if ((gid[k] = calloc(cat->rules[k].nfiles + 1,
		    sizeof(**gid))) == NULL)
			goto out;
		for (l = 0; l < cat->rules[k].nfiles; l++) {
			for (g = 0; g < ng; g++)
				if (strcmp(globs[g], cat->rules[k].files[l]) ==
				    0)
					break;
			if (g == ng)
				globs[ng++] = cat->rules[k].files[l];
			gid[k][l] = g;
		}
	}
	count = assay_scan_entry_count(scan);
	for (i = 0; i < count && n < PAIRS_MAX; i++) {
		if ((e = assay_scan_entry(scan, i)) == NULL ||
		    (assay_entry_type(e) & (ASSAY_ENTRY_FILE |
		    ASSAY_ENTRY_HARDLINK)) == 0)
			continue;
		memset(hit, -1, ng);
		for (k = 0; k < cat->n && n < PAIRS_MAX; k++) {
			for (l = 0; l < cat->rules[k].nfiles; l++) {
				g = gid[k][l];
				if (hit[g] < 0)
					hit[g] = upd_glob_match(globs[g],
					    assay_entry_name(e)) ? 1 : 0;
				if (hit[g] == 1)
					break;
			}
			if (l == cat->rules[k].nfiles)
				continue;
			if (n == cap) {
				cap = cap == 0 ? 64 : cap * 2;
				if ((nv = reallocarray(v, cap,
				    sizeof(*nv))) == NULL)
					goto out;
				v = nv;
			}
			v[n].entry = i;
			v[n].rule = k;
			n++;
		}
	}
	*pairsp = v;
	*np = n;
	v = NULL;
	r = ASSAY_OK;
 out:
	for (k = 0; gid != NULL && k < cat->n; k++)
		free(gid[k]);
	free(gid);
	free(hit);
	free(globs);
	free(v);
	return r;
}

/* True when no key rule applies, so binary bytes mean "not a script". */
static bool
all_regex(const struct upd_rule *const *rules, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (rules[i]->kind == UPD_KIND_KEY)
			return false;
	return true;
}

/* True when the entry's first HEAD_BYTES hold a NUL byte. */
static bool
starts_binary(struct assay_scan *scan, const struct assay_entry *entry)
{
	unsigned char head[HEAD_BYTES];
	ssize_t got;
	int fd;

	if (assay_entry_open(scan, entry, &fd) != ASSAY_OK)
		return false;
	got = pread(fd, head, sizeof(head), 0);
	close(fd);
	return got > 0 && memchr(head, '\0', (size_t)got) != NULL;
}

static enum assay_err
scan_file(struct assay_scan *scan, const struct assay_entry *entry,
    const struct upd_rule *const *rules, size_t n, struct upd_endpoints *all)
{
	struct file_ctx fc;
	struct upd_sink sink;
	unsigned char *data = NULL;
	enum assay_err e;
	size_t len = 0;
	char why[96];

	memset(&fc, 0, sizeof(fc));
	fc.scan = scan;
	fc.entry = entry;
	fc.all = all;
	fc.here.max = UPD_FILE_ENDPOINTS_MAX;
	e = assay_entry_read(scan, entry, UPD_TEXT_MAX, &data, &len);
	/* A large program matched by a script glob is no script. */
	if (e == ASSAY_ERR_LIMIT && all_regex(rules, n) &&
	    starts_binary(scan, entry)) {
		e = ASSAY_OK;
		goto out;
	}
	if (e == ASSAY_ERR_LIMIT) {
		(void)snprintf(why, sizeof(why), "larger than %zu bytes, not "
		    "examined", UPD_TEXT_MAX);
		e = parse_problem(scan, entry, rules[0]->channel, 0, why);
		goto out;
	}
	if (e != ASSAY_OK) {
		/* No content (refused, a device): nothing to judge. */
		e = e == ASSAY_ERR_NOMEM ? e : ASSAY_OK;
		goto out;
	}
	if (all_regex(rules, n) &&
	    memchr(data, '\0', len < HEAD_BYTES ? len : HEAD_BYTES) != NULL)
		goto out;
	memset(&sink, 0, sizeof(sink));
	sink.arg = &fc;
	sink.hit = on_hit;
	sink.url = on_url;
	sink.problem = on_problem;
	if ((e = upd_match_text(rules, n, (const char *)data, len, &sink)) !=
	    ASSAY_OK)
		goto out;
	e = upd_report_endpoints(scan, entry, &fc.here, fc.here.v != NULL ?
	    fc.here.v[0].channel : rules[0]->channel);
 out:
	upd_endpoints_release(&fc.here);
	free(data);
	return e;
}

/* The catalogue reports only declared rules, at their default severity. */
static enum assay_err
check_reports(const struct upd_catalogue *cat, char *why, size_t whylen)
{
	const struct assay_rule *ru;
	size_t i;

	for (i = 0; i < cat->n; i++) {
		for (ru = assay_update_probe.rules; ru->id != NULL; ru++)
			if (strcmp(ru->id, cat->rules[i].report) == 0)
				break;
		if (ru->id == NULL) {
			(void)snprintf(why, whylen, "rule %s reports %s, which "
			    "the probe does not declare", cat->rules[i].id,
			    cat->rules[i].report);
			return ASSAY_ERR_INVALID;
		}
		if (ru->severity != cat->rules[i].severity) {
			(void)snprintf(why, whylen, "rule %s says %s but %s is "
			    "%s", cat->rules[i].id, assay_severity_name(
			    cat->rules[i].severity), ru->id,
			    assay_severity_name(ru->severity));
			return ASSAY_ERR_INVALID;
		}
	}
	return ASSAY_OK;
}

enum assay_err
update_config_run(struct assay_scan *scan)
{
	struct upd_catalogue *cat = NULL;
	const struct upd_rule **rules = NULL;
	const struct assay_entry *entry;
	struct upd_endpoints all;
	struct pair *pairs = NULL;
	unsigned char *json = NULL;
	enum assay_err e;
	size_t len = 0, npairs = 0, i, j, n;
	char why[512];

	memset(&all, 0, sizeof(all));
	all.max = ALL_ENDPOINTS_MAX;
	if ((e = assay_scan_data_read(scan, CATALOGUE_FILE, CATALOGUE_MAX,
	    &json, &len)) != ASSAY_OK)
		goto out;
	if ((e = upd_catalogue_parse((const char *)json, len, &cat, why,
	    sizeof(why))) != ASSAY_OK ||
	    (e = check_reports(cat, why, sizeof(why))) != ASSAY_OK)
		goto out;
	if ((e = select_files(scan, cat, &pairs, &npairs)) != ASSAY_OK)
		goto out;
	if (cat->n > 0 && (rules = calloc(cat->n, sizeof(*rules))) == NULL) {
		e = ASSAY_ERR_NOMEM;
		goto out;
	}
	for (i = 0; i < npairs; i = j) {
		for (j = i, n = 0; j < npairs && pairs[j].entry ==
		    pairs[i].entry; j++)
			rules[n++] = &cat->rules[pairs[j].rule];
		if ((entry = assay_scan_entry(scan, pairs[i].entry)) == NULL)
			continue;
		if ((e = scan_file(scan, entry, rules, n, &all)) != ASSAY_OK)
			goto out;
	}
	if ((e = upd_scan_binaries(scan, &all)) != ASSAY_OK)
		goto out;
	e = upd_check_online(scan, &all);
 out:
	upd_endpoints_release(&all);
	free(rules);
	free(pairs);
	free(json);
	upd_catalogue_free(cat);
	return e;
}
