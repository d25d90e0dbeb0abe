/*
 * The example external probe: reports every regular file whose name matches
 * the "glob" parameter (by default any ".txt" file at any depth), with its
 * size and the length of its first line, read through the harness.  Built
 * as a separate shared object that links nothing, it proves the plug-in ABI
 * works end to end: the struct, the exported symbol, and SDK calls resolved
 * from assay.  It also names each --trust file the tester gave, with its
 * size, to show that trust material reaches probes.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "assay/probe.h"

/* Files larger than this are reported without their first line. */
#define EXAMPLE_READ_MAX	(1u << 20)

static const struct assay_rule example_rules[] = {
	{ "example.file-seen", ASSAY_SEV_INFO, "A file matching the glob" },
	{ "example.trust-file", ASSAY_SEV_INFO, "A trust file the tester gave" },
	{ NULL, ASSAY_SEV_INFO, NULL }
};

/* One finding per --trust file, naming it and its size. */
static enum assay_err
report_trust(struct assay_scan *scan)
{
	struct assay_finding f = { "example.trust-file", NULL, 0, NULL };
	const unsigned char *data;
	const char *name;
	char ev[64];
	size_t i, len;
	enum assay_err r;
	int n;

	for (i = 0; i < assay_scan_trust_count(scan); i++) {
		if ((r = assay_scan_trust_file(scan, i, &name, &data, &len)) !=
		    ASSAY_OK)
			return r;
		n = snprintf(ev, sizeof(ev), "{\"bytes\":%zu}", len);
		if (n < 0 || (size_t)n >= sizeof(ev))
			return ASSAY_ERR_INTERNAL;
		f.evidence = ev;
		if ((r = assay_scan_report(scan, &f, "trust file %s", name)) !=
		    ASSAY_OK)
			return r;
	}
	return ASSAY_OK;
}

static enum assay_err
example_run(struct assay_scan *scan)
{
	const struct assay_entry *e;
	struct assay_finding f;
	unsigned char *data = NULL, *greeting = NULL;
	const unsigned char *nl;
	const char *glob;
	char ev[128];
	size_t cursor = 0, len, first;
	enum assay_err r;
	int n;

	if ((glob = assay_scan_param(scan, "glob")) == NULL)
		glob = "**/*.txt";
	if ((r = report_trust(scan)) != ASSAY_OK)
		goto out;
	/* Its data folder is optional; reading it records its digest. */
	r = assay_scan_data_read(scan, "greeting.txt", 4096, &greeting, &len);
	if (r != ASSAY_OK && r != ASSAY_ERR_NOT_FOUND)
		goto out;
	while ((e = assay_scan_next(scan, &cursor, glob,
	    ASSAY_ENTRY_FILE)) != NULL) {
		if ((assay_entry_flags(e) & ASSAY_FLAG_CONTENT) == 0)
			continue;
		r = assay_entry_read(scan, e, EXAMPLE_READ_MAX, &data, &len);
		if (r == ASSAY_ERR_LIMIT) {
			n = snprintf(ev, sizeof(ev), "{\"size\":%llu}",
			    (unsigned long long)assay_entry_size(e));
		} else if (r == ASSAY_OK) {
			nl = memchr(data, '\n', len);
			first = nl != NULL ? (size_t)(nl - data) : len;
			n = snprintf(ev, sizeof(ev),
			    "{\"size\":%zu,\"first_line\":%zu}", len, first);
		} else {
			goto out;
		}
		free(data);
		data = NULL;
		if (n < 0 || (size_t)n >= sizeof(ev)) {
			r = ASSAY_ERR_INTERNAL;
			goto out;
		}
		f.rule = "example.file-seen";
		f.entry = e;
		f.line = 0;
		f.evidence = ev;
		r = assay_scan_report(scan, &f, "%s matches %s",
		    assay_entry_name(e), glob);
		if (r != ASSAY_OK)
			goto out;
	}
	r = ASSAY_OK;
 out:
	free(data);
	free(greeting);
	return r;
}

const struct assay_probe assay_probe_plugin = {
	.abi = ASSAY_PROBE_ABI,
	.size = sizeof(struct assay_probe),
	.name = "example",
	.version = "1.0",
	.summary = "Lists the files matching a glob (plug-in ABI example)",
	.rules = example_rules,
	.run = example_run,
};
