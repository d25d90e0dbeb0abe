/* Skeleton: discovery (to be written). */
#include "deps.h"

enum assay_err
deps_discover(struct assay_scan *scan, struct dep_list *l)
{
	(void)scan, (void)l;
	return ASSAY_OK;
}

enum assay_err
deps_read_sboms(struct assay_scan *scan, struct dep_sboms *s)
{
	(void)scan;
	s->v = NULL;
	s->n = 0;
	return ASSAY_OK;
}

void
dep_sboms_release(struct dep_sboms *s)
{
	(void)s;
}
