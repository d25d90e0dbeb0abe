/*
 * The private workspace: a mode-0700 directory that holds one numbered
 * subdirectory per unpacked container.  Nothing from an artefact is ever
 * created anywhere else.
 */
#ifndef ASSAY_WORKSPACE_H
#define ASSAY_WORKSPACE_H

#include <stdbool.h>
#include <stdint.h>

#include "error.h"

struct assay_workspace {
	int rootfd;	/* the workspace directory */
	char *path;	/* for messages and --keep-workspace only */
	bool keep;	/* leave it on disk when freed */
};

/*
 * Creates a fresh workspace beneath base (NULL: $TMPDIR or /tmp).  The
 * caller frees *wsp with assay_workspace_free().
 */
enum assay_err assay_workspace_create(const char *base,
    struct assay_workspace **wsp, struct assay_error *err);

/* Creates container i's directory and returns an fd for it, or -1. */
int assay_workspace_mkcontainer(struct assay_workspace *ws, uint32_t i);

/* Opens container i's directory (O_PATH), or -1 with errno. */
int assay_workspace_container(struct assay_workspace *ws, uint32_t i);

/* Closes and, unless keep is set, removes the workspace.  NULL-safe. */
void assay_workspace_free(struct assay_workspace *ws);

#endif
