/* Skeleton: the component list and package URLs (to be written). */
#include <stdlib.h>

#include "deps.h"

struct dep_component *
dep_list_add(struct dep_list *l, const char *ecosystem, const char *namespace_,
    const char *name, const char *version, enum dep_method method,
    const struct assay_entry *entry, unsigned long line, const char *source)
{
	(void)l, (void)ecosystem, (void)namespace_, (void)name, (void)version;
	(void)method, (void)entry, (void)line, (void)source;
	return NULL;
}

int
dep_set_product(struct dep_component *c, const char *product)
{
	(void)c, (void)product;
	return -1;
}

void
dep_list_release(struct dep_list *l)
{
	free(l->v);
	l->v = NULL;
	l->n = l->cap = 0;
}

const char *
dep_method_name(enum dep_method m)
{
	(void)m;
	return "unknown";
}

enum assay_err
dep_parse_error(struct assay_scan *scan, const struct assay_entry *e,
    unsigned long line, const char *what)
{
	(void)scan, (void)e, (void)line, (void)what;
	return ASSAY_OK;
}
