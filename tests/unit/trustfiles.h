/*
 * Trust from key files of the test directory, for the signing suites that
 * make their keys per test (test_openpgp.c, test_signing_kinds.c).
 */
#ifndef ASSAY_TEST_TRUSTFILES_H
#define ASSAY_TEST_TRUSTFILES_H

#include <stdlib.h>

#include "signing/sigverify.h"
#include "testutil.h"

/* Loads the files (NULL-terminated) into t; each must read and load. */
static inline void
trust_files(struct sig_trust *t, const char *const *names)
{
	unsigned char *p;
	size_t n;
	char why[256];

	sig_trust_init(t);
	for (; *names != NULL; names++) {
		p = (unsigned char *)assay_test_read_file(
		    assay_test_path(*names), &n);
		if (p == NULL) {
			ASSAY_CHECKF(0, "read %s", *names);
			continue;
		}
		ASSAY_CHECKF(sig_trust_add(t, *names, p, n, why,
		    sizeof(why)) == SIG_TRUST_ADDED, "%s: %s", *names, why);
		free(p);
	}
}

#endif
