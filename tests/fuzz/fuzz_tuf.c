/*
 * libFuzzer target for shipped TUF metadata: the envelope parser, the
 * canonical JSON encoder and the repository checks (root chain, roles,
 * versions, hashes, delegations) with signatures verified against the
 * keys the input itself lists.  The first byte picks the layout: even, the
 * rest is one file; odd, the rest is split at "\n--\n" into up to eight
 * files named like a repository's (1.root.json, 2.root.json, root.json,
 * timestamp.json, ...), so that cross-file checks run too.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "update/tufrepo.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_FILES	8

static void
count_report(void *arg, const struct tuf_report *r)
{
	size_t *n = arg;

	/* Every report names a rule, a file given and an object. */
	if (r->rule == NULL || r->message == NULL ||
	    !json_is_object(r->evidence))
		abort();
	(*n)++;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const names[MAX_FILES] = {
		"m/1.root.json", "m/2.root.json", "m/root.json",
		"m/timestamp.json", "m/snapshot.json", "m/targets.json",
		"m/role1.json", "m/3.snapshot.json",
	};
	struct tuf_file files[MAX_FILES];
	const uint8_t *p, *end, *sep;
	size_t n = 0, reports = 0;

	if (size < 1)
		return 0;
	p = data + 1;
	end = data + size;
	if ((data[0] & 1) == 0) {
		files[n].path = names[2];
		files[n].data = p;
		files[n].len = (size_t)(end - p);
		n++;
	} else {
		while (n < MAX_FILES && p <= end) {
			sep = NULL;
			for (const uint8_t *q = p; q + 4 <= end; q++)
				if (memcmp(q, "\n--\n", 4) == 0) {
					sep = q;
					break;
				}
			files[n].path = names[n];
			files[n].data = p;
			files[n].len = (size_t)((sep != NULL ? sep : end) - p);
			n++;
			if (sep == NULL)
				break;
			p = sep + 4;
		}
	}
	(void)tuf_repo_check(files, n, 1795960800, count_report, &reports);
	return 0;
}
