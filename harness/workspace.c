/*
 * The private workspace.  It is created with mkdtemp (mode 0700) and every
 * container directory is made relative to its descriptor, so no artefact
 * name ever becomes part of a path string the harness builds.
 */
#include "workspace.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "assay/buf.h"
#include "confine.h"

enum assay_err
assay_workspace_create(const char *base, struct assay_workspace **wsp,
    struct assay_error *err)
{
	struct assay_buf tmpl = ASSAY_BUF_INIT(8192);
	struct assay_workspace *ws = NULL;
	enum assay_err r;

	*wsp = NULL;
	if (base == NULL && ((base = getenv("TMPDIR")) == NULL || *base == '\0'))
		base = "/tmp";
	if ((r = assay_buf_addf(&tmpl, "%s/assay-ws-XXXXXX", base)) != ASSAY_OK) {
		r = assay_seterr(err, r, "workspace base %s is too long", base);
		goto out;
	}
	if ((ws = calloc(1, sizeof(*ws))) == NULL) {
		r = assay_seterr(err, ASSAY_ERR_NOMEM, "out of memory");
		goto out;
	}
	ws->rootfd = -1;
	if (mkdtemp(tmpl.data) == NULL) {
		r = assay_seterr(err, ASSAY_ERR_IO,
		    "cannot create a workspace in %s: %s (set --workspace or "
		    "TMPDIR to a writable directory)", base, strerror(errno));
		goto out;
	}
	ws->path = assay_buf_detach(&tmpl, NULL);
	if (ws->path == NULL) {
		r = assay_seterr(err, ASSAY_ERR_NOMEM, "out of memory");
		goto out;
	}
	ws->rootfd = open(ws->path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
	    O_CLOEXEC);
	if (ws->rootfd == -1) {
		r = assay_seterr(err, ASSAY_ERR_IO, "cannot open workspace %s: %s",
		    ws->path, strerror(errno));
		goto out;
	}
	*wsp = ws;
	ws = NULL;
	r = ASSAY_OK;
 out:
	assay_buf_release(&tmpl);
	assay_workspace_free(ws);
	return r;
}

static int
container_name(uint32_t i, char *name, size_t len)
{
	int n = snprintf(name, len, "%" PRIu32, i);

	if (n < 0 || (size_t)n >= len) {
		errno = ENAMETOOLONG;
		return -1;
	}
	return 0;
}

int
assay_workspace_mkcontainer(struct assay_workspace *ws, uint32_t i)
{
	char name[16];

	if (container_name(i, name, sizeof(name)) == -1)
		return -1;
	if (mkdirat(ws->rootfd, name, 0700) == -1)
		return -1;
	return openat(ws->rootfd, name,
	    O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
}

int
assay_workspace_container(struct assay_workspace *ws, uint32_t i)
{
	char name[16];

	if (container_name(i, name, sizeof(name)) == -1)
		return -1;
	return openat(ws->rootfd, name,
	    O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
}

void
assay_workspace_free(struct assay_workspace *ws)
{
	const char *slash;
	int parent;

	if (ws == NULL)
		return;
	if (ws->rootfd != -1)
		close(ws->rootfd);
	if (ws->path != NULL && !ws->keep) {
		/* Remove it relative to its parent so no symlink is followed. */
		slash = strrchr(ws->path, '/');
		if (slash != NULL && slash != ws->path) {
			char *dir = strndup(ws->path, (size_t)(slash - ws->path));

			parent = dir == NULL ? -1 : open(dir,
			    O_RDONLY | O_DIRECTORY | O_CLOEXEC);
			if (parent != -1) {
				(void)assay_rmtree_at(parent, slash + 1);
				close(parent);
			}
			free(dir);
		} else
			(void)assay_rmtree_at(AT_FDCWD, ws->path);
	}
	free(ws->path);
	free(ws);
}
