/* Loading the tester's trust files (trust.h). */
#include <stdlib.h>
#include <string.h>

#include "digest.h"
#include "fileio.h"
#include "trust.h"

static const char *
base_of(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash != NULL && slash[1] != '\0' ? slash + 1 : path;
}

enum assay_err
assay_trust_load(struct assay_trust_set *t, const char *const *paths,
    size_t n, struct assay_error *err)
{
	struct assay_trust_file *f;
	enum assay_err r;
	size_t i;

	memset(t, 0, sizeof(*t));
	if (n == 0)
		return ASSAY_OK;
	if (n > ASSAY_TRUST_FILES_MAX)
		return assay_seterr(err, ASSAY_ERR_USAGE,
		    "--trust given %zu times; at most %u files", n,
		    ASSAY_TRUST_FILES_MAX);
	if ((t->v = calloc(n, sizeof(*t->v))) == NULL)
		return assay_seterr(err, ASSAY_ERR_NOMEM, "out of memory");
	for (i = 0; i < n; i++) {
		f = &t->v[t->n];
		r = assay_slurp(paths[i], ASSAY_TRUST_FILE_MAX, &f->data,
		    &f->len, err);
		if (r != ASSAY_OK) {
			/* A trust file the tester named is never optional. */
			if (r != ASSAY_ERR_NOMEM)
				r = ASSAY_ERR_USAGE;
			goto fail;
		}
		t->n++;
		if ((f->name = strdup(base_of(paths[i]))) == NULL) {
			r = assay_seterr(err, ASSAY_ERR_NOMEM,
			    "out of memory");
			goto fail;
		}
		if (!assay_sha256_hex(f->data, f->len, f->sha256)) {
			r = assay_seterr_crypto(err, "hashing a trust file");
			goto fail;
		}
	}
	return ASSAY_OK;
 fail:
	assay_trust_release(t);
	return r;
}

void
assay_trust_release(struct assay_trust_set *t)
{
	size_t i;

	for (i = 0; i < t->n; i++) {
		free(t->v[i].name);
		free(t->v[i].data);
	}
	free(t->v);
	memset(t, 0, sizeof(*t));
}
