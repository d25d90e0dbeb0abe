/*
 * Package names for "assay db update --from FILE": the snapshot keys
 * (age.h) of the components a lock file or SBOM lists, in one ecosystem.
 */
#ifndef ASSAY_DEPS_NAMES_H
#define ASSAY_DEPS_NAMES_H

#include <stddef.h>

struct dep_name_list {
	char **v;
	size_t n;
};

/*
 * Appends to l the keys of eco's packages that path lists (duplicates
 * skipped).  0, or 2 (the file cannot be read or is of no known kind) or 4
 * (memory) with err set.
 */
int dep_names_from_file(const char *path, const char *eco,
    struct dep_name_list *l, char *err, size_t errlen);

void dep_name_list_release(struct dep_name_list *l);

/*
 * Splits a package URL into its type, namespace (may be empty) and name,
 * percent-decoded, into the caller's buffers.  0 or -1.
 */
int dep_purl_split(const char *purl, char *type, size_t tlen, char *ns,
    size_t nslen, char *name, size_t namelen);

#endif
