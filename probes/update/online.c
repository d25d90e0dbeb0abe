/*
 * With --online, one look at each distinct https update endpoint through
 * assay_scan_check_url(): only scheme, host, port and path are sent, at
 * most ONLINE_MAX endpoints in URL order, so the result does not depend on
 * the order they were found in.
 */
#include "updconf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <jansson.h>

#define ONLINE_MAX	32u	/* endpoints looked at */

static int
endpoint_cmp(const void *a, const void *b)
{
	const struct upd_endpoint *x = a, *y = b;

	return strcmp(x->url, y->url);
}

/* Looks at one https endpoint and reports what it showed. */
static enum assay_err
check_endpoint(struct assay_scan *scan, const struct upd_endpoint *ep,
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
	if (!upd_json_url(ev, url) ||
	    json_object_set_new(ev, "channel", json_string(ep->channel)) != 0 ||
	    json_object_set_new(ev, "status", json_integer(c.status)) != 0 ||
	    json_object_set_new(ev, "cert_verified",
	    json_boolean(c.cert_verified)) != 0 ||
	    !upd_json_text(ev, "tls_version", c.tls_version,
	    strlen(c.tls_version)) ||
	    (c.location[0] != '\0' && !upd_json_text(ev, "location", c.location,
	    strlen(c.location))) ||
	    (c.error[0] != '\0' && !upd_json_text(ev, "error", c.error,
	    strlen(c.error))))
		goto out;
	if (e == ASSAY_ERR_NET)
		(void)snprintf(msg, sizeof(msg), "update endpoint %s could not "
		    "be checked: %.512s", url, c.error);
	else
		(void)snprintf(msg, sizeof(msg), "update endpoint %s answered "
		    "HTTP %ld over %s", url, c.status, c.tls_version[0] !=
		    '\0' ? c.tls_version : "TLS");
	if ((r = upd_report(scan, "update.endpoint-check", ep->entry, ep->line,
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
	r = upd_report(scan, "update.endpoint-insecure", ep->entry, ep->line, ev,
	    msg);
 out:
	json_decref(ev);
	return r;
}

enum assay_err
upd_check_online(struct assay_scan *scan, struct upd_endpoints *all)
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
