/*
 * libFuzzer target for the tester-supplied JSON the harness parses: the
 * profile loader (with "extends" resolved beside the file) and the waiver
 * loader.  The first byte picks which; the rest is the file.  Both must
 * refuse bad input with an error, never crash, leak or hang.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "profile.h"
#include "waivers.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char dir[4096];

static void
remove_scratch(void)
{
	(void)rmdir(dir);
}

/* A private folder for the input file, made once per process. */
static const char *
scratch(void)
{
	const char *base;
	int n;

	if (dir[0] != '\0')
		return dir;
	if ((base = getenv("TMPDIR")) == NULL || *base == '\0')
		base = "/tmp";
	n = snprintf(dir, sizeof(dir), "%s/assay-fuzz-profile.XXXXXX", base);
	if (n < 0 || (size_t)n >= sizeof(dir) || mkdtemp(dir) == NULL)
		abort();
	(void)atexit(remove_scratch);
	return dir;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct assay_profile *p = NULL;
	struct assay_waivers *w = NULL;
	struct assay_error err;
	char path[4200];
	FILE *f;
	int n;

	if (size < 1)
		return 0;
	n = snprintf(path, sizeof(path), "%s/input.json", scratch());
	if (n < 0 || (size_t)n >= sizeof(path) ||
	    (f = fopen(path, "wb")) == NULL)
		abort();
	if (fwrite(data + 1, 1, size - 1, f) != size - 1 || fclose(f) != 0)
		abort();
	if (data[0] & 1) {
		if (assay_waivers_load(path, 1700000000, &w, &err) == ASSAY_OK)
			(void)assay_waivers_match(w, "harness.setuid",
			    "fw.tar!/usr/bin/passwd");
		assay_waivers_free(w);
	} else {
		if (assay_profile_load(path, NULL, &p, &err) == ASSAY_OK)
			free(assay_profile_dump(p));
		assay_profile_free(p);
	}
	(void)unlink(path);
	return 0;
}
