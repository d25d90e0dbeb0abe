/*
 * Shipped TUF metadata: finds it by content among the release's JSON
 * files, groups the files of one repository and has tufrepo.c check each
 * group.  A repository is the files under one directory of one archive,
 * subdirectories included (Sigstore keeps root history in root_history/
 * beside the current metadata), so files are grouped under the highest
 * directory of their archive that holds metadata.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "tufrepo.h"
#include "tufverify.h"
#include "update.h"

/* Candidates kept at most; more are not examined (bounded memory). */
#define MAX_CANDIDATES	4096

struct candidate {
	const struct assay_entry *e;
	const struct assay_entry *parent;
	char *dir;			/* its directory inside its archive */
	size_t group;			/* index of the group's first member */
};

struct reporter {
	struct assay_scan *scan;
	const struct assay_entry **entries;	/* by file index */
	enum assay_err err;
};

static char *
dir_of(const char *name)
{
	const char *slash = strrchr(name, '/');
	size_t n = slash != NULL ? (size_t)(slash - name) : 0;
	char *d;

	if ((d = malloc(n + 1)) == NULL)
		return NULL;
	memcpy(d, name, n);
	d[n] = '\0';
	return d;
}

/* a is b or a directory above it. */
static bool
dir_covers(const char *a, const char *b)
{
	size_t n = strlen(a);

	return n == 0 || (strncmp(a, b, n) == 0 &&
	    (b[n] == '\0' || b[n] == '/'));
}

static void
report(void *arg, const struct tuf_report *t)
{
	struct reporter *rep = arg;
	struct assay_finding f;
	enum assay_err r;
	char *ev;

	ev = json_dumps(t->evidence, JSON_COMPACT | JSON_SORT_KEYS);
	f.rule = t->rule;
	f.entry = rep->entries[t->file];
	f.line = t->line;
	f.evidence = ev;
	r = assay_scan_report(rep->scan, &f, "%s", t->message);
	free(ev);
	/* Past the harness's cap more findings add nothing. */
	if (r != ASSAY_OK && r != ASSAY_ERR_LIMIT && rep->err == ASSAY_OK)
		rep->err = r;
}

/* Reads e when it may be TUF metadata; NULL otherwise. */
static unsigned char *
read_candidate(struct assay_scan *scan, const struct assay_entry *e,
    size_t *lenp)
{
	unsigned char *data = NULL;

	*lenp = 0;
	if (!(assay_entry_flags(e) & ASSAY_FLAG_CONTENT) ||
	    assay_entry_size(e) > TUF_MAX_FILE ||
	    assay_entry_read(scan, e, TUF_MAX_FILE, &data, lenp) != ASSAY_OK)
		return NULL;
	if (!tuf_sniff(data, *lenp)) {
		free(data);
		return NULL;
	}
	return data;
}

static enum assay_err
check_group(struct assay_scan *scan, struct candidate *c, size_t n,
    size_t group)
{
	struct reporter rep = { scan, NULL, ASSAY_OK };
	struct tuf_file *files = NULL;
	size_t i, k = 0;

	if ((files = calloc(n, sizeof(*files))) == NULL ||
	    (rep.entries = calloc(n, sizeof(*rep.entries))) == NULL) {
		rep.err = ASSAY_ERR_NOMEM;
		goto out;
	}
	for (i = 0; i < n; i++) {
		if (c[i].group != group)
			continue;
		files[k].path = assay_entry_path(c[i].e);
		files[k].data = read_candidate(scan, c[i].e, &files[k].len);
		if (files[k].data == NULL)
			continue;
		rep.entries[k++] = c[i].e;
	}
	(void)tuf_repo_check(files, k, assay_scan_time(scan), report, &rep);
 out:
	for (i = 0; files != NULL && i < k; i++)
		free((void *)(uintptr_t)files[i].data);
	free(files);
	free(rep.entries);
	return rep.err;
}

enum assay_err
update_tuf_run(struct assay_scan *scan)
{
	struct candidate *c = NULL;
	const struct assay_entry *e;
	enum assay_err r = ASSAY_OK;
	size_t cursor = 0, n = 0, i, j, len;
	unsigned char *data;

	if ((c = calloc(MAX_CANDIDATES, sizeof(*c))) == NULL)
		return ASSAY_ERR_NOMEM;
	while (n < MAX_CANDIDATES && (e = assay_scan_next(scan, &cursor,
	    "**/*.json", ASSAY_ENTRY_FILE)) != NULL) {
		if ((data = read_candidate(scan, e, &len)) == NULL)
			continue;
		free(data);
		c[n].e = e;
		c[n].parent = assay_entry_parent(e);
		if ((c[n].dir = dir_of(assay_entry_name(e))) == NULL) {
			r = ASSAY_ERR_NOMEM;
			goto out;
		}
		n++;
	}
	/* Each file joins the group of the highest directory covering it. */
	for (i = 0; i < n; i++) {
		c[i].group = i;
		for (j = 0; j < n; j++)
			if (c[j].parent == c[i].parent &&
			    dir_covers(c[j].dir, c[i].dir) &&
			    (strlen(c[j].dir) < strlen(c[c[i].group].dir) ||
			    (strcmp(c[j].dir, c[c[i].group].dir) == 0 &&
			    j < c[i].group)))
				c[i].group = j;
	}
	for (i = 0; i < n && r == ASSAY_OK; i++)
		if (c[i].group == i)
			r = check_group(scan, c, n, i);
 out:
	for (i = 0; i < n; i++)
		free(c[i].dir);
	free(c);
	return r;
}
