/*
 * A probe that takes memory until the address-space limit refuses it (then
 * it says so with ASSAY_ERR_NOMEM) or the kernel kills it.  Every page is
 * touched, so the memory is really used.
 */
#include <stdlib.h>
#include <string.h>

#include "assay/probe.h"

#define MEMHOG_CHUNK	(16u << 20)

static const struct assay_rule memhog_rules[] = {
	{ "memhog.never", ASSAY_SEV_INFO, "Never reported" },
	{ NULL, ASSAY_SEV_INFO, NULL }
};

struct chunk {
	struct chunk *next;
};

static enum assay_err
memhog_run(struct assay_scan *scan)
{
	struct chunk *head = NULL, *c;

	(void)scan;
	for (;;) {
		if ((c = malloc(MEMHOG_CHUNK)) == NULL)
			break;
		memset(c, 0xa5, MEMHOG_CHUNK);
		c->next = head;
		head = c;
	}
	while (head != NULL) {
		c = head->next;
		free(head);
		head = c;
	}
	return ASSAY_ERR_NOMEM;
}

const struct assay_probe assay_probe_plugin = {
	.abi = ASSAY_PROBE_ABI,
	.size = sizeof(struct assay_probe),
	.name = "memhog",
	.version = "1.0",
	.summary = "Takes memory until refused",
	.rules = memhog_rules,
	.run = memhog_run,
};
