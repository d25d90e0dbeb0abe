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
#include <strings.h>
#include <unistd.h>

#include <jansson.h>

#include "builtin.h"
#include "update.h"

#define CATALOGUE_FILE		"rules.json"
#define CATALOGUE_MAX		((size_t)4 << 20)
#define PAIRS_MAX		((size_t)4 << 20)  /* (file, rule) pairs */
#define FILE_ENDPOINTS_MAX	64u	/* endpoints listed per file */
#define ALL_ENDPOINTS_MAX	4096u	/* endpoints kept for --online */
#define ONLINE_MAX		32u	/* endpoints looked at online */
#define PROBLEMS_MAX		5u	/* parse findings per file */
#define BINARY_MIN		64u	/* bytes: smaller files are no binary */
#define HEAD_BYTES		8192u	/* a NUL among these: not text */

struct pair {
	size_t entry;
	size_t rule;
};

struct endpoint {
	char *url;		/* as found; shown only redacted */
	const char *channel;
	const struct upd_rule *rule;	/* NULL: found in a binary */
	const struct assay_entry *entry;
	unsigned long line;
};

struct endpoints {
	struct endpoint *v;
	size_t n, cap, max;
};

/* The state of one file being matched. */
struct file_ctx {
	struct assay_scan *scan;
	const struct assay_entry *entry;
	struct endpoints here;		/* this file's */
	struct endpoints *all;		/* the scan's, for --online */
	unsigned problems;
};

static enum assay_err
endpoints_add(struct endpoints *eps, const char *url, const char *channel,
    const struct upd_rule *rule, const struct assay_entry *entry,
    unsigned long line)
{
	struct endpoint *nv;
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

static void
endpoints_release(struct endpoints *eps)
{
	size_t i;

	for (i = 0; i < eps->n; i++)
		free(eps->v[i].url);
	free(eps->v);
	eps->v = NULL;
	eps->n = eps->cap = 0;
}

/* Adds a string member unless s is NULL; the text made printable. */
static bool
set_text(json_t *o, const char *key, const char *s, size_t n)
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

static bool
set_url(json_t *o, const char *url)
{
	bool http, https;
	char *r;
	bool ok;

	if ((r = upd_url_redact(url)) == NULL)
		return false;
	ok = set_text(o, "url", r, strlen(r)) &&
	    json_object_set_new(o, "url_class", json_string(
	    upd_url_class_name(upd_url_classify(url, &http, &https)))) == 0 &&
	    json_object_set_new(o, "scheme", json_string(http ? "http" :
	    https ? "https" : "other")) == 0;
	free(r);
	return ok;
}

static enum assay_err
report(struct assay_scan *scan, const char *rule,
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
	    !set_text(ev, "file", file, strlen(file)) ||
	    json_object_set_new(ev, "line", json_integer(
	    (json_int_t)h->line)) != 0 ||
	    json_object_set_new(ev, "attack", json_string(r->why)) != 0 ||
	    json_object_set_new(ev, "fix", json_string(r->fix)) != 0 ||
	    json_object_set_new(ev, "absent", json_boolean(h->match ==
	    NULL)) != 0)
		goto out;
	if (h->item != NULL) {
		if (!set_text(ev, "key", h->item->key, h->item->keylen) ||
		    !set_text(ev, "value", h->item->value,
		    h->item->valuelen) ||
		    (h->item->sectionlen > 0 && !set_text(ev, "section",
		    h->item->section, h->item->sectionlen)))
			goto out;
	} else if (!set_text(ev, "match", h->match, h->matchlen))
		goto out;
	if (h->url != NULL && !set_url(ev, h->url))
		goto out;
	e = report(fc->scan, r->report, fc->entry, h->line, ev, msg);
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

	if ((e = endpoints_add(&fc->here, url, r->channel, r, fc->entry,
	    line)) != ASSAY_OK)
		return e;
	return endpoints_add(fc->all, url, r->channel, r, fc->entry, line);
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
	    !set_text(ev, "file", file, strlen(file)) ||
	    json_object_set_new(ev, "line", json_integer(
	    (json_int_t)line)) != 0 ||
	    json_object_set_new(ev, "why", json_string(why)) != 0)
		goto out;
	(void)snprintf(msg, sizeof(msg), "%s configuration could not be read "
	    "as expected at line %lu: %s; the rest was examined", channel,
	    line, why);
	e = report(scan, "update.parse-error", entry, line, ev, msg);
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

/* One update.endpoint finding listing eps (all of one file). */
static enum assay_err
report_endpoints(struct assay_scan *scan, const struct assay_entry *entry,
    const struct endpoints *eps, const char *channel)
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
		    !set_url(o, eps->v[i].url) ||
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
	    !set_text(ev, "file", file, strlen(file)) ||
	    json_object_set(ev, "endpoints", list) != 0)
		goto out;
	(void)snprintf(msg, sizeof(msg), "%s names %zu update endpoint%s "
	    "(%zu over plain http)", channel, eps->n, eps->n == 1 ? "" : "s",
	    http);
	e = report(scan, "update.endpoint", entry, eps->v[0].line, ev, msg);
 out:
	json_decref(list);
	json_decref(ev);
	return e;
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
    const struct upd_rule *const *rules, size_t n, struct endpoints *all)
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
	fc.here.max = FILE_ENDPOINTS_MAX;
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
	e = report_endpoints(scan, entry, &fc.here, fc.here.v != NULL ?
	    fc.here.v[0].channel : rules[0]->channel);
 out:
	endpoints_release(&fc.here);
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

struct bin_ctx {
	struct endpoints here;
	struct endpoints *all;
	const struct assay_entry *entry;
};

static enum assay_err
on_binary_url(void *arg, const char *url)
{
	struct bin_ctx *bc = arg;
	enum assay_err e;

	if ((e = endpoints_add(&bc->here, url, "binary", NULL, bc->entry, 0)) !=
	    ASSAY_OK)
		return e;
	return endpoints_add(bc->all, url, "binary", NULL, bc->entry, 0);
}

/* Plain-http update URLs in one binary: one finding listing them. */
static enum assay_err
report_binary_http(struct assay_scan *scan, const struct bin_ctx *bc)
{
	json_t *ev = NULL, *list = NULL;
	enum assay_err e = ASSAY_ERR_NOMEM;
	const char *file = assay_entry_path(bc->entry);
	char msg[512], *r;
	size_t i, n = 0;
	bool sh, shs;

	if ((ev = json_object()) == NULL || (list = json_array()) == NULL)
		goto out;
	for (i = 0; i < bc->here.n; i++) {
		if (upd_url_classify(bc->here.v[i].url, &sh, &shs) ==
		    UPD_URL_LOOPBACK || !sh)
			continue;
		if ((r = upd_url_redact(bc->here.v[i].url)) == NULL)
			goto out;
		if (json_array_append_new(list, json_string(r)) != 0) {
			free(r);
			goto out;
		}
		free(r);
		n++;
	}
	if (n == 0) {
		e = ASSAY_OK;
		goto out;
	}
	if (json_object_set_new(ev, "channel", json_string("binary")) != 0 ||
	    !set_text(ev, "file", file, strlen(file)) ||
	    json_object_set(ev, "urls", list) != 0 ||
	    json_object_set_new(ev, "attack", json_string("if the program "
	    "fetches updates from these addresses, anyone on the network path "
	    "can read and replace what it downloads")) != 0 ||
	    json_object_set_new(ev, "fix", json_string("use https update "
	    "URLs and verify a signature on every update before installing "
	    "it")) != 0)
		goto out;
	(void)snprintf(msg, sizeof(msg), "a binary holds %zu plain-http "
	    "update URL%s", n, n == 1 ? "" : "s");
	e = report(scan, "update.binary-http-endpoint", bc->entry, 0, ev, msg);
 out:
	json_decref(list);
	json_decref(ev);
	return e;
}

static bool
ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), k = strlen(suffix);

	return n >= k && strcasecmp(s + n - k, suffix) == 0;
}

/*
 * Programs and libraries only: executable, or named like a PE program or
 * a shared object.  Every other file stays unopened, so that this probe
 * does not claim in coverage to have examined what it never meant to.
 */
static bool
program_like(const struct assay_entry *e)
{
	const char *name = assay_entry_name(e);

	return (assay_entry_mode(e) & 0111) != 0 || ends_with(name, ".exe") ||
	    ends_with(name, ".dll") || ends_with(name, ".so") ||
	    strstr(name, ".so.") != NULL;
}

static enum assay_err
scan_binaries(struct assay_scan *scan, struct endpoints *all)
{
	const struct assay_entry *entry;
	struct bin_ctx bc;
	unsigned char head[4];
	enum assay_err e = ASSAY_OK;
	size_t i, n = assay_scan_entry_count(scan);
	int fd;

	for (i = 0; i < n && e == ASSAY_OK; i++) {
		entry = assay_scan_entry(scan, i);
		if (entry == NULL || (assay_entry_type(entry) &
		    (ASSAY_ENTRY_FILE | ASSAY_ENTRY_HARDLINK)) == 0 ||
		    (assay_entry_flags(entry) & ASSAY_FLAG_CONTENT) == 0 ||
		    (assay_entry_flags(entry) & ASSAY_FLAG_CONTAINER) != 0 ||
		    assay_entry_size(entry) < BINARY_MIN || !program_like(entry))
			continue;
		if (assay_entry_open(scan, entry, &fd) != ASSAY_OK)
			continue;
		if (pread(fd, head, sizeof(head), 0) != (ssize_t)sizeof(head) ||
		    !upd_is_binary(head, sizeof(head))) {
			close(fd);
			continue;
		}
		memset(&bc, 0, sizeof(bc));
		bc.here.max = FILE_ENDPOINTS_MAX;
		bc.all = all;
		bc.entry = entry;
		e = upd_binary_urls(fd, FILE_ENDPOINTS_MAX, on_binary_url, &bc);
		close(fd);
		if (e == ASSAY_ERR_IO)
			e = ASSAY_OK;
		if (e == ASSAY_OK)
			e = report_endpoints(scan, entry, &bc.here, "binary");
		if (e == ASSAY_OK)
			e = report_binary_http(scan, &bc);
		endpoints_release(&bc.here);
	}
	return e;
}

static int
endpoint_cmp(const void *a, const void *b)
{
	const struct endpoint *x = a, *y = b;

	return strcmp(x->url, y->url);
}

/* Looks at one https endpoint and reports what it showed. */
static enum assay_err
check_endpoint(struct assay_scan *scan, const struct endpoint *ep,
    const char *url)
{
	struct assay_url_check c;
	json_t *ev = NULL;
	enum assay_err e, r = ASSAY_ERR_NOMEM;
	const char *problem = NULL;
	char msg[1536];

	e = assay_scan_check_url(scan, url, &c);
	if (e != ASSAY_OK && e != ASSAY_ERR_NET)
		return e == ASSAY_ERR_NOMEM ? e : ASSAY_OK;
	if ((ev = json_object()) == NULL)
		goto out;
	if (!set_url(ev, url) ||
	    json_object_set_new(ev, "channel", json_string(ep->channel)) != 0 ||
	    json_object_set_new(ev, "status", json_integer(c.status)) != 0 ||
	    json_object_set_new(ev, "cert_verified",
	    json_boolean(c.cert_verified)) != 0 ||
	    !set_text(ev, "tls_version", c.tls_version,
	    strlen(c.tls_version)) ||
	    (c.location[0] != '\0' && !set_text(ev, "location", c.location,
	    strlen(c.location))) ||
	    (c.error[0] != '\0' && !set_text(ev, "error", c.error,
	    strlen(c.error))))
		goto out;
	if (e == ASSAY_ERR_NET)
		(void)snprintf(msg, sizeof(msg), "update endpoint %s could not "
		    "be checked: %.512s", url, c.error);
	else
		(void)snprintf(msg, sizeof(msg), "update endpoint %s answered "
		    "HTTP %ld over %s", url, c.status, c.tls_version[0] !=
		    '\0' ? c.tls_version : "TLS");
	if ((r = report(scan, "update.endpoint-check", ep->entry, ep->line,
	    ev, msg)) != ASSAY_OK)
		goto out;
	if (e == ASSAY_OK && !c.cert_verified)
		problem = "its TLS certificate is not valid for the host";
	else if (e == ASSAY_OK && strncasecmp(c.location, "http://", 7) == 0)
		problem = "it redirects to plain http";
	if (problem == NULL)
		goto out;
	if (json_object_set_new(ev, "attack", json_string("a client that "
	    "follows this endpoint can be served updates by anyone on the "
	    "network path")) != 0 ||
	    json_object_set_new(ev, "fix", json_string("serve updates over "
	    "https with a certificate valid for the host name and no "
	    "redirect to http")) != 0) {
		r = ASSAY_ERR_NOMEM;
		goto out;
	}
	if (c.error[0] != '\0')
		(void)snprintf(msg, sizeof(msg), "update endpoint %s fails a "
		    "live check: %s (%.512s)", url, problem, c.error);
	else
		(void)snprintf(msg, sizeof(msg), "update endpoint %s fails a "
		    "live check: %s", url, problem);
	r = report(scan, "update.endpoint-insecure", ep->entry, ep->line, ev,
	    msg);
 out:
	json_decref(ev);
	return r;
}

static enum assay_err
check_online(struct assay_scan *scan, struct endpoints *all)
{
	enum assay_err e = ASSAY_OK;
	size_t i, done = 0;
	char *url, *last = NULL;

	if (!assay_scan_online(scan) || all->n == 0)
		return ASSAY_OK;
	qsort(all->v, all->n, sizeof(*all->v), endpoint_cmp);
	for (i = 0; i < all->n && done < ONLINE_MAX && e == ASSAY_OK; i++) {
		if ((url = upd_url_for_check(all->v[i].url)) == NULL)
			continue;
		/* Two URLs may differ only in what is never sent. */
		if (last == NULL || strcmp(last, url) != 0) {
			e = check_endpoint(scan, &all->v[i], url);
			done++;
		}
		free(last);
		last = url;
	}
	free(last);
	return e;
}

enum assay_err
update_config_run(struct assay_scan *scan)
{
	struct upd_catalogue *cat = NULL;
	const struct upd_rule **rules = NULL;
	const struct assay_entry *entry;
	struct endpoints all;
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
	if ((e = scan_binaries(scan, &all)) != ASSAY_OK)
		goto out;
	e = check_online(scan, &all);
 out:
	endpoints_release(&all);
	free(rules);
	free(pairs);
	free(json);
	upd_catalogue_free(cat);
	return e;
}
