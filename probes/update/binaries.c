/*
 * Update URLs in programs and libraries: each ELF or PE file that is
 * executable or named like a program or shared object is searched
 * (endpoints.c does the reading); its endpoints are listed, and its
 * plain-http ones reported as update.binary-http-endpoint.
 */
#include "updconf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <jansson.h>

#define BINARY_MIN	64u	/* bytes: smaller files are no binary */

struct bin_ctx {
	struct upd_endpoints here;
	struct upd_endpoints *all;
	const struct assay_entry *entry;
};

static enum assay_err
on_binary_url(void *arg, const char *url)
{
	struct bin_ctx *bc = arg;
	enum assay_err e;

	if ((e = upd_endpoints_add(&bc->here, url, "binary", NULL, bc->entry,
	    0)) != ASSAY_OK)
		return e;
	return upd_endpoints_add(bc->all, url, "binary", NULL, bc->entry, 0);
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
	    !upd_json_text(ev, "file", file, strlen(file)) ||
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
	e = upd_report(scan, "update.binary-http-endpoint", bc->entry, 0, ev,
	    msg);
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

enum assay_err
upd_scan_binaries(struct assay_scan *scan, struct upd_endpoints *all)
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
		    assay_entry_size(entry) < BINARY_MIN ||
		    !program_like(entry))
			continue;
		if (assay_entry_open(scan, entry, &fd) != ASSAY_OK)
			continue;
		if (pread(fd, head, sizeof(head), 0) != (ssize_t)sizeof(head) ||
		    !upd_is_binary(head, sizeof(head))) {
			close(fd);
			continue;
		}
		memset(&bc, 0, sizeof(bc));
		bc.here.max = UPD_FILE_ENDPOINTS_MAX;
		bc.all = all;
		bc.entry = entry;
		e = upd_binary_urls(fd, UPD_FILE_ENDPOINTS_MAX, on_binary_url,
		    &bc);
		close(fd);
		if (e == ASSAY_ERR_IO)
			e = ASSAY_OK;
		if (e == ASSAY_OK)
			e = upd_report_endpoints(scan, entry, &bc.here,
			    "binary");
		if (e == ASSAY_OK)
			e = report_binary_http(scan, &bc);
		upd_endpoints_release(&bc.here);
	}
	return e;
}
