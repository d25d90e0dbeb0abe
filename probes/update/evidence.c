/*
 * The update probe's findings: evidence members made printable and
 * redacted, one finding reported with its evidence, and the endpoint
 * lists a file or binary contributes (update.endpoint).
 */
#include "updconf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

enum assay_err
upd_endpoints_add(struct upd_endpoints *eps, const char *url,
    const char *channel, const struct upd_rule *rule,
    const struct assay_entry *entry, unsigned long line)
{
	struct upd_endpoint *nv;
	size_t i, cap;

	for (i = 0; i < eps->n; i++)
		if (strcmp(eps->v[i].url, url) == 0)
			return ASSAY_OK;
	if (eps->n >= eps->max)
		return ASSAY_OK;
	if (eps->n == eps->cap) {
		cap = eps->cap == 0 ? 8 : eps->cap * 2;
		if ((nv = reallocarray(eps->v, cap, sizeof(*nv))) == NULL)
			return ASSAY_ERR_NOMEM;
		eps->v = nv;
		eps->cap = cap;
	}
	if ((eps->v[eps->n].url = strdup(url)) == NULL)
		return ASSAY_ERR_NOMEM;
	eps->v[eps->n].channel = channel;
	eps->v[eps->n].rule = rule;
	eps->v[eps->n].entry = entry;
	eps->v[eps->n].line = line;
	eps->n++;
	return ASSAY_OK;
}

void
upd_endpoints_release(struct upd_endpoints *eps)
{
	size_t i;

	for (i = 0; i < eps->n; i++)
		free(eps->v[i].url);
	free(eps->v);
	eps->v = NULL;
	eps->n = eps->cap = 0;
}

/* Adds a string member unless s is NULL; the text made printable. */
bool
upd_json_text(json_t *o, const char *key, const char *s, size_t n)
{
	char *p;
	bool ok;

	if (s == NULL)
		return true;
	if ((p = upd_printable(s, n, UPD_SNIPPET_MAX)) == NULL)
		return false;
	ok = json_object_set_new(o, key, json_string(p)) == 0;
	free(p);
	return ok;
}

bool
upd_json_url(json_t *o, const char *url)
{
	bool http, https;
	char *r;
	bool ok;

	if ((r = upd_url_redact(url)) == NULL)
		return false;
	ok = upd_json_text(o, "url", r, strlen(r)) &&
	    json_object_set_new(o, "url_class", json_string(
	    upd_url_class_name(upd_url_classify(url, &http, &https)))) == 0 &&
	    json_object_set_new(o, "scheme", json_string(http ? "http" :
	    https ? "https" : "other")) == 0;
	free(r);
	return ok;
}

enum assay_err
upd_report(struct assay_scan *scan, const char *rule,
    const struct assay_entry *e, unsigned long line, json_t *ev,
    const char *msg)
{
	struct assay_finding f;
	enum assay_err r;
	char *text;

	if ((text = json_dumps(ev, JSON_COMPACT | JSON_SORT_KEYS)) == NULL)
		return ASSAY_ERR_NOMEM;
	memset(&f, 0, sizeof(f));
	f.rule = rule;
	f.entry = e;
	f.line = line;
	f.evidence = text;
	r = assay_scan_report(scan, &f, "%s", msg);
	free(text);
	return r;
}

/* One update.endpoint finding listing eps (all of one file). */
enum assay_err
upd_report_endpoints(struct assay_scan *scan, const struct assay_entry *entry,
    const struct upd_endpoints *eps, const char *channel)
{
	json_t *ev = NULL, *list = NULL, *o;
	enum assay_err e = ASSAY_ERR_NOMEM;
	const char *file = assay_entry_path(entry);
	char msg[512];
	size_t i, http = 0;
	bool sh, shs;

	if (eps->n == 0)
		return ASSAY_OK;
	if ((ev = json_object()) == NULL || (list = json_array()) == NULL)
		goto out;
	for (i = 0; i < eps->n; i++) {
		if ((o = json_object()) == NULL ||
		    json_array_append_new(list, o) != 0 ||
		    !upd_json_url(o, eps->v[i].url) ||
		    json_object_set_new(o, "channel",
		    json_string(eps->v[i].channel)) != 0 ||
		    json_object_set_new(o, "line",
		    json_integer((json_int_t)eps->v[i].line)) != 0)
			goto out;
		if (upd_url_classify(eps->v[i].url, &sh, &shs) !=
		    UPD_URL_LOOPBACK && sh)
			http++;
	}
	if (json_object_set_new(ev, "channel", json_string(channel)) != 0 ||
	    !upd_json_text(ev, "file", file, strlen(file)) ||
	    json_object_set(ev, "endpoints", list) != 0)
		goto out;
	(void)snprintf(msg, sizeof(msg), "%s names %zu update endpoint%s "
	    "(%zu over plain http)", channel, eps->n, eps->n == 1 ? "" : "s",
	    http);
	e = upd_report(scan, "update.endpoint", entry, eps->v[0].line, ev, msg);
 out:
	json_decref(list);
	json_decref(ev);
	return e;
}
